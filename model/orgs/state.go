package orgs

import (
	"errors"
	"fmt"
	"github.com/cartelsim/cartelsim/internal/clone"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// PaperStart is the month the paper's model starts from: 2012-01, with
// Params.InitialMembers members (week 0 of its 520-week run).
const PaperStart calendar.Month = 2012 * 12

// Flows are the member flows of all groups over a period, in persons. They
// satisfy, to rounding,
//
//	ΣC(end) = ΣC(start) + Recruits − Incapacitated − Casualties − Saturation
type Flows struct {
	// Recruits is Σ_i ρ·r·C_i integrated over the period.
	Recruits float64
	// Incapacitated is η·h integrated over the period (arrests and deaths
	// outside inter-group conflict); less near collapse, where the
	// per-member rate reaches Params.MaxIncapacitation.
	Incapacitated float64
	// Casualties are members killed in inter-group conflict,
	// Σ_i θ·l·λ_i·C_i·Σ_j Conf_ij·λ_j·C_j integrated over the period: the
	// paper's weekly "killings".
	Casualties float64
	// Saturation is Σ_i ω·C_i² integrated over the period: members lost to
	// the paper's size-capping term.
	Saturation float64
}

// State is the orgs module's state: one entry per group in every per-group
// slice. Groups 0 … Network.Len()−1 are the network's, in table order;
// splinters are appended after them. A split retires the split group
// (Active false, Members 0) and appends its two splinters.
type State struct {
	// Month is the next month Step will simulate; the state holds the
	// groups at the start of Month.
	Month calendar.Month

	// Members per group, persons.
	Members []float64
	// Integrity is each group's leadership integrity, in [0,1]; 1 is an
	// intact leadership.
	Integrity []float64
	// Active is false for a group retired by a split.
	Active []bool
	// Parent is −1 for a network group, or the group a splinter came from.
	Parent []int
	// Home is each group's main state (geo index 0–31); a splinter
	// inherits its parent's.
	Home []int

	// Flows of the last Step (the last spin-up month after Init), persons
	// per month, national.
	Flows
	// CasualtiesByState holds Casualties by state, each group's spread
	// over the states by its presence, persons per month, indexed by geo
	// state index.
	CasualtiesByState []float64
	// ContestByState is the part of CasualtiesByState in local succession
	// contests: each group's casualties in a state weighted by its local
	// contest there (0–1), persons per month. Violence turns it into the
	// extra homicides around a removal.
	ContestByState []float64
	// Splits is the number of splits in the last Step; SplitsSkipped the
	// splits not made because the splinter slots were full.
	Splits, SplitsSkipped int
	// RemovalEvents is the number of leadership removals drawn in the last
	// Step; RemovalsUnmatched those in a state that is no active group's
	// home, which hit nothing.
	RemovalEvents, RemovalsUnmatched int

	net *Network
	// strength is A_i per group; inv is 1/(A_i+1). Splinters inherit them.
	strength, inv []float64
	// lam is λ_i, each group's lethality multiplier for the month.
	lam []float64
	// presence[i*32+s] is group i's share in state s (rows sum to 1);
	// contest[i*32+s] its local succession contest there, in [0,1]; dip[i]
	// its disarray after mid-level arrests, in [0,1).
	// spill[i*32+s] is the contest that spills over to the group's other
	// states after a removal, in [0,1], fading faster.
	presence, contest, spill, dip []float64
	// where[i] lists the states where group i is present (presence > 0),
	// so that allocating by presence visits a handful of states, not 32.
	where [][]int8
	// hot lists the groups whose contest or spill rows may be non-zero, so
	// that the monthly decay visits only them (a few dozen of 214 rows).
	hot []int
	// extraRiv holds the rivalries added by splits, each stored once
	// (a ≠ b); the network's own stay in its CSR arrays.
	extraRiv []tie
	// Work space of the integrator, one entry per group slot; cas1 holds
	// the casualty rates of the first RK4 stage of a month.
	y, riv, tmp, dc, acc, casAcc, cas1 []float64
}

// tie is an undirected tie added by a split.
type tie struct {
	a, b int
	w    float64
}

// Init returns the state at the start of month start: the paper's 2012-01
// state (Params.InitialMembers spread over the groups as rank^−β), run
// forward month by month with status-quo inputs and no leadership events.
// start must not be before PaperStart.
func Init(p Params, net *Network, start calendar.Month) (*State, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("orgs: init: %w", err)
	}
	if net == nil {
		return nil, errors.New("orgs: init: nil network")
	}
	if start < PaperStart {
		return nil, fmt.Errorf("orgs: init: start %v is before the paper's initial state %v", start, PaperStart)
	}
	n := net.Len()
	capacity := n + SplinterCapacity
	f := func() []float64 { return make([]float64, n, capacity) }
	s := &State{
		Month:             PaperStart,
		Members:           f(),
		Integrity:         f(),
		Active:            make([]bool, n, capacity),
		Parent:            make([]int, n, capacity),
		Home:              make([]int, n, capacity),
		CasualtiesByState: make([]float64, geo.NumStates),
		net:               net,
		strength:          f(),
		inv:               f(),
		lam:               f(),
		dip:               f(),
		presence:          make([]float64, n*geo.NumStates, capacity*geo.NumStates),
		contest:           make([]float64, n*geo.NumStates, capacity*geo.NumStates),
		spill:             make([]float64, n*geo.NumStates, capacity*geo.NumStates),
		ContestByState:    make([]float64, geo.NumStates),
		extraRiv:          make([]tie, 0, 4*len(net.rivCol)),
	}
	for _, w := range []*[]float64{&s.y, &s.riv, &s.tmp, &s.dc, &s.acc, &s.casAcc, &s.cas1} {
		*w = make([]float64, capacity)
	}
	net.initialSizes(s.Members, p.InitialMembers, p.SizeExponent)
	s.where = make([][]int8, 0, capacity)
	var states []int8 // one backing array for the groups' where lists (grown as needed)
	for i := range n {
		s.Integrity[i] = 1
		s.Active[i] = true
		s.Parent[i] = -1
		s.Home[i] = net.groups[i].State
		s.strength[i] = net.strength[i]
		s.inv[i] = 1 / (net.strength[i] + 1)
		net.presence(i, p.PresenceHome, s.Presence(i))
		lo := len(states)
		states = nonZero(states, s.Presence(i))
		s.where = append(s.where, states[lo:len(states):len(states)])
	}
	k := coefficients(p, StatusQuo())
	for s.Month < start {
		s.setLethality(p)
		s.month(k)
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("orgs: init: %w", err)
		}
		s.Month++
	}
	return s, nil
}

// Len is the number of groups, retired ones included.
func (s *State) Len() int { return len(s.Members) }

// Root returns the network group that group i descends from through
// splits: i itself for a network group.
func (s *State) Root(i int) int {
	for s.Parent[i] >= 0 {
		i = s.Parent[i]
	}
	return i
}

// Total is the members of all groups, persons.
func (s *State) Total() float64 {
	t := 0.0
	for _, c := range s.Members {
		t += c
	}
	return t
}

// Rates returns the flows per week at the current state under in's
// multipliers: Recruits ρ·r·ΣC, Incapacitated η·h, Casualties and
// Saturation at this instant. Removals in in are ignored. It uses the
// state's work space, so it must not run concurrently with Step.
func (s *State) Rates(p Params, in Inputs) Flows {
	s.setLethality(p)
	var f Flows
	s.deriv(s.Members, s.dc, coefficients(p, in), 1, &f, nil)
	return f
}

// Presence returns group i's share in each state (32 entries by geo
// index, summing to 1). The slice aliases the state: do not modify it.
func (s *State) Presence(i int) []float64 {
	return s.presence[i*geo.NumStates : (i+1)*geo.NumStates]
}

// Contest returns group i's local succession contest in each state, in
// [0,1]. The slice aliases the state: do not modify it.
func (s *State) Contest(i int) []float64 {
	return s.contest[i*geo.NumStates : (i+1)*geo.NumStates]
}

// Spill returns the contest that spilled over to group i's other states
// after a removal, in [0,1]. The slice aliases the state.
func (s *State) Spill(i int) []float64 {
	return s.spill[i*geo.NumStates : (i+1)*geo.NumStates]
}

// MembersByState returns the members at the end of the last Step (the
// last spin-up month after Init) spread over the states by each group's
// presence, persons, indexed by geo state index: a new slice, computed
// when asked, since nothing in a run reads it every month.
func (s *State) MembersByState() []float64 {
	out := make([]float64, geo.NumStates)
	for i, c := range s.Members {
		if c == 0 {
			continue
		}
		pres := s.Presence(i)
		for _, st := range s.where[i] {
			out[st] += c * pres[st]
		}
	}
	return out
}

// nonZero appends to out the states where a presence row is positive.
func nonZero(out []int8, pres []float64) []int8 {
	for st, w := range pres {
		if w > 0 {
			out = append(out, int8(st))
		}
	}
	return out
}

// NumericError reports a group whose members became negative or not
// finite, which means the inputs drove the equations outside their range.
type NumericError struct {
	// Group is the index of the group, Month the month being simulated.
	Group int
	Month calendar.Month
	// Value is the group's members after the month.
	Value float64
}

// Error describes the failure.
func (e *NumericError) Error() string {
	return fmt.Sprintf("orgs: month %v: group %d members = %g (negative or not finite)", e.Month, e.Group, e.Value)
}

// check returns a *NumericError for the first group whose members are
// negative or not finite.
func (s *State) check() error {
	for i, c := range s.Members {
		if !(c >= 0) || math.IsInf(c, 1) {
			return &NumericError{Group: i, Month: s.Month, Value: c}
		}
	}
	return nil
}

// IntegrityByState writes into out (32 entries, by geo state index) the
// member-weighted leadership integrity of the active groups based in each
// state; a state with no members gets 1.
func (s *State) IntegrityByState(out []float64) {
	var w [32]float64
	for i := range out {
		out[i] = 0
	}
	for i, m := range s.Members {
		if !s.Active[i] || m <= 0 {
			continue
		}
		out[s.Home[i]] += m * s.Integrity[i]
		w[s.Home[i]] += m
	}
	for i := range out {
		if w[i] > 0 {
			out[i] /= w[i]
		} else {
			out[i] = 1
		}
	}
}

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past). The network is shared; it is
// never written.
func (s *State) Clone() *State {
	c := *s
	c.Members, c.Integrity, c.Active = clone.Slice(s.Members), clone.Slice(s.Integrity), clone.Slice(s.Active)
	c.Parent, c.Home = clone.Slice(s.Parent), clone.Slice(s.Home)
	c.CasualtiesByState, c.ContestByState = clone.Slice(s.CasualtiesByState), clone.Slice(s.ContestByState)
	c.strength, c.inv, c.lam = clone.Slice(s.strength), clone.Slice(s.inv), clone.Slice(s.lam)
	c.presence, c.contest, c.spill, c.dip = clone.Slice(s.presence), clone.Slice(s.contest), clone.Slice(s.spill), clone.Slice(s.dip)
	c.where, c.hot, c.extraRiv = clone.Nested(s.where), clone.Slice(s.hot), clone.Slice(s.extraRiv)
	for _, w := range []*[]float64{&c.y, &c.riv, &c.tmp, &c.dc, &c.acc, &c.casAcc, &c.cas1} {
		*w = clone.Slice(*w)
	}
	return &c
}
