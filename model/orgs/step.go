package orgs

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// Inputs are what other modules and the policy levers set for one month.
// The zero value has every multiplier at 0 (no recruitment, no
// incapacitation, no conflict deaths); start from StatusQuo.
type Inputs struct {
	// Recruitment, Incapacitation and Lethality are the multipliers r, h
	// and l of ρ, η and θ; 1 is the status quo. Each ≥ 0.
	Recruitment, Incapacitation, Lethality float64
	// Removals are the leadership removals expected this month.
	Removals []Removal
	// Splits names groups (network ids) that split this month whatever
	// their integrity: events that happened (the history table). Each
	// splits the largest active group descended from it.
	Splits []string
}

// StatusQuo returns inputs with every multiplier 1 and no removals.
func StatusQuo() Inputs {
	return Inputs{Recruitment: 1, Incapacitation: 1, Lethality: 1}
}

// RemovalKind is how a leader is removed. The integrity it costs a group
// is ordered Killing > Capture ≥ Extradition > MidLevelArrest (Dickenson
// 2014; Phillips 2015); see Params.
type RemovalKind int

// The removal kinds. The zero value is Capture.
const (
	// Capture of a group's leader.
	Capture RemovalKind = iota
	// Extradition of a group's leader.
	Extradition
	// Killing of a group's leader.
	Killing
	// MidLevelArrest of a lieutenant or plaza boss.
	MidLevelArrest
	// Transfer to the US of a leader held in Mexican custody since an
	// earlier capture (the 2025 mass transfers).
	Transfer
	numRemovalKinds
)

// String names the kind, e.g. "mid-level arrest".
func (k RemovalKind) String() string {
	switch k {
	case Capture:
		return "capture"
	case Extradition:
		return "extradition"
	case Killing:
		return "killing"
	case MidLevelArrest:
		return "mid-level arrest"
	case Transfer:
		return "transfer"
	}
	return fmt.Sprintf("RemovalKind(%d)", int(k))
}

// Removal is a leadership-removal effort in one state for one month.
type Removal struct {
	// State is the geo index (0–31) of the state where the removals
	// happen. Without Group each hits the largest active group whose home
	// state it is; in a state that is no active group's home it hits
	// nothing.
	State int
	// Group, when not empty, is the network id of the targeted group
	// (cartel_groups' id, e.g. "cjng"): each removal hits the largest
	// active group descended from it (itself, or its splinters), wherever
	// its home, and the local contest starts in State.
	Group string
	// Kind of removal.
	Kind RemovalKind
	// Count is the expected number of removals this month, ≥ 0; the
	// number that happens is drawn from a Poisson law with this mean.
	Count float64
	// Exact applies Count, rounded, with no draw: for events that
	// happened (the history table), not expected ones.
	Exact bool
}

// maxRemovalCount bounds Removal.Count: more than this many leadership
// removals in one state and month is an input error, not a policy.
const maxRemovalCount = 1e4

// Validate returns every invalid field of in.
func (in Inputs) Validate() error {
	return in.validate(nil)
}

// validate is Validate, also checking group ids against net when not nil.
func (in Inputs) validate(net *Network) error {
	var errs []error
	for _, m := range []struct {
		name string
		x    float64
	}{{"recruitment", in.Recruitment}, {"incapacitation", in.Incapacitation}, {"lethality", in.Lethality}} {
		if !(m.x >= 0) || math.IsInf(m.x, 1) {
			errs = append(errs, fmt.Errorf("orgs: inputs: %s multiplier %g, want ≥ 0 and finite", m.name, m.x))
		}
	}
	for i, r := range in.Removals {
		if r.State < 0 || r.State >= geo.NumStates {
			errs = append(errs, fmt.Errorf("orgs: inputs: removal %d: state index %d out of range", i, r.State))
		}
		if r.Kind < 0 || r.Kind >= numRemovalKinds {
			errs = append(errs, fmt.Errorf("orgs: inputs: removal %d: unknown kind %d", i, int(r.Kind)))
		}
		if r.Group != "" && net != nil {
			if _, ok := net.index[r.Group]; !ok {
				errs = append(errs, fmt.Errorf("orgs: inputs: removal %d: unknown group %q", i, r.Group))
			}
		}
		if !(r.Count >= 0) || r.Count > maxRemovalCount {
			errs = append(errs, fmt.Errorf("orgs: inputs: removal %d: count %g, want [0, %g]", i, r.Count, float64(maxRemovalCount)))
		}
	}
	if net != nil {
		for i, g := range in.Splits {
			if _, ok := net.index[g]; !ok {
				errs = append(errs, fmt.Errorf("orgs: inputs: split %d: unknown group %q", i, g))
			}
		}
	}
	return errors.Join(errs...)
}

// Step simulates month t, which must be s.Month, and leaves s at the start
// of month t+1. In order:
//
//  1. the removals are drawn (Poisson) and each lowers its target group's
//     integrity, starts a local contest where it happens and, for a
//     mid-level arrest, a short disarray;
//  2. each group's lethality multiplier is set from its integrity and
//     disarray, λ_i = (1 + κ·(1 − I_i))·(1 − a_i);
//  3. the equations are integrated over the month (classic RK4 in equal
//     steps, one at the paper's rates, more when the dynamics are
//     faster), with the flows integrated alongside;
//  4. each group below the split threshold splits with probability
//     Params.SplitProbability;
//  5. integrity recovers: 1 − I falls by the factor exp(−Params.Recovery);
//     local contests and disarray fade likewise at their own rates.
//
// rng is used only for removal counts and splits; it must not be nil.
// Invalid arguments return an error and leave s as it was; a
// *NumericError from the integration leaves s part-way through the month,
// not to be stepped again.
func Step(t calendar.Month, p Params, in Inputs, s *State, rng *rand.Rand) error {
	switch {
	case s == nil:
		return fmt.Errorf("orgs: step %v: nil state", t)
	case rng == nil:
		return fmt.Errorf("orgs: step %v: nil rng", t)
	case t != s.Month:
		return fmt.Errorf("orgs: step %v: state is at %v", t, s.Month)
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("orgs: step %v: %w", t, err)
	}
	if err := in.validate(s.net); err != nil {
		return fmt.Errorf("orgs: step %v: %w", t, err)
	}
	s.Splits, s.SplitsSkipped, s.RemovalEvents, s.RemovalsUnmatched = 0, 0, 0, 0
	for _, r := range in.Removals {
		s.remove(p, r, rng)
	}
	for _, g := range in.Splits {
		s.forceSplit(p, s.net.index[g])
	}
	s.setLethality(p)
	s.month(coefficients(p, in))
	if err := s.check(); err != nil {
		return err
	}
	s.splits(p, rng)
	keep := math.Exp(-p.Recovery)
	for i, x := range s.Integrity {
		s.Integrity[i] = 1 - (1-x)*keep
	}
	s.decay(p)
	s.Month++
	return nil
}
