package orgs

import (
	"errors"
	"fmt"
)

// PaperWeeks is the length of the paper's run: 520 weekly steps, 2012–2022
// (ReclutamientoC.R: "the system is considered for 520 steps (10 years)").
const PaperWeeks = 520

// Week is one row of a weekly run: the members at the end of week Week and
// the flows over that week (week k runs from t = k−1 to t = k weeks).
// Row 0 holds the initial members and zero flows.
type Week struct {
	Week    int
	Members float64
	Flows
}

// Phase is a stretch of a weekly run under fixed inputs.
type Phase struct {
	// In holds the multipliers; its Removals are ignored (a weekly run has
	// no leadership events).
	In Inputs
	// Weeks is the phase's length, ≥ 1.
	Weeks int
}

// PaperRun integrates the paper's equations from its 2012 state
// (Params.InitialMembers spread as rank^−β) through the phases in order,
// every leadership integrity at 1, and returns one row per week, row 0 the
// initial state. This is the paper's run week by week (one phase of
// PaperWeeks weeks at StatusQuo), with its policy runs as a second phase
// from the 2022 state.
//
// The dynamics are slow (members change by about 0.3% a week), so the
// integration takes classic RK4 steps of stepWeeks weeks, ≥ 1, and fills
// the weeks inside a step by cubic Hermite interpolation of the total
// members and of the cumulative flows, from their values and rates at the
// step's ends (the rates at the end are the next step's first stage, so
// the interpolation costs no extra evaluation). With one step a week there
// is nothing to interpolate. At the paper's rates, r ≈ 3·10⁻³ a week, a
// step of h weeks has local error near (r·h)⁵/120 and the interpolation
// error near (r·h)⁴/384: both below 10⁻⁸ for h = 8. The conflict sum costs
// O(n + ties) per evaluation, against O(n²) for a dense product.
func PaperRun(p Params, net *Network, stepWeeks int, phases ...Phase) ([]Week, error) {
	if stepWeeks < 1 {
		return nil, fmt.Errorf("orgs: paper run: step of %d weeks, want ≥ 1", stepWeeks)
	}
	if len(phases) == 0 {
		return nil, errors.New("orgs: paper run: no phases")
	}
	total := 0
	for i, ph := range phases {
		if ph.Weeks < 1 {
			return nil, fmt.Errorf("orgs: paper run: phase %d: %d weeks, want ≥ 1", i, ph.Weeks)
		}
		in := ph.In
		in.Removals = nil
		if err := in.Validate(); err != nil {
			return nil, fmt.Errorf("orgs: paper run: phase %d: %w", i, err)
		}
		total += ph.Weeks
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("orgs: paper run: %w", err)
	}
	if net == nil {
		return nil, errors.New("orgs: paper run: nil network")
	}
	s := paperState(p, net)
	m := s.Len()
	out := make([]Week, 1, total+1)
	out[0] = Week{Week: 0, Members: s.Total()}
	// rates evaluates the first RK4 stage at the current members: s.dc,
	// s.cas1 and the returned flow rates.
	rates := func(k coeffs) Flows {
		var f Flows
		clear(s.cas1[:m])
		s.deriv(s.Members, s.dc[:m], k, 1, &f, s.cas1[:m])
		return f
	}
	week := 0
	for _, ph := range phases {
		k := coefficients(p, ph.In)
		r0 := rates(k)
		for done := 0; done < ph.Weeks; {
			h := min(stepWeeks, ph.Weeks-done)
			m0 := s.Total()
			s.Flows = Flows{}
			clear(s.casAcc[:m])
			s.rk4(float64(h), k, &r0)
			if err := s.check(); err != nil {
				return nil, fmt.Errorf("orgs: paper run: week %d: %w", week+h, err)
			}
			step := s.Flows
			r1 := rates(k)
			m1 := s.Total()
			var prev Flows
			for j := 1; j <= h; j++ {
				x := float64(j) / float64(h)
				hf := float64(h)
				cum := Flows{
					Recruits:      hermite(x, hf, 0, step.Recruits, r0.Recruits, r1.Recruits),
					Incapacitated: hermite(x, hf, 0, step.Incapacitated, r0.Incapacitated, r1.Incapacitated),
					Casualties:    hermite(x, hf, 0, step.Casualties, r0.Casualties, r1.Casualties),
					Saturation:    hermite(x, hf, 0, step.Saturation, r0.Saturation, r1.Saturation),
				}
				mem := hermite(x, hf, m0, m1, net0(r0), net0(r1))
				if j == h {
					cum, mem = step, m1 // exact at the step's end
				}
				out = append(out, Week{Week: week + j, Members: mem, Flows: Flows{
					Recruits:      cum.Recruits - prev.Recruits,
					Incapacitated: cum.Incapacitated - prev.Incapacitated,
					Casualties:    cum.Casualties - prev.Casualties,
					Saturation:    cum.Saturation - prev.Saturation,
				}})
				prev = cum
			}
			week += h
			done += h
			r0 = r1
		}
	}
	return out, nil
}

// paperState is the paper's 2012 state with only what the integrator
// reads: no leadership, presence or splinter slots, so that a run
// allocates little (Init's state is for Step).
func paperState(p Params, net *Network) *State {
	n := net.Len()
	f := func() []float64 { return make([]float64, n) }
	s := &State{Members: f(), Integrity: f(), net: net, inv: f(), lam: f(),
		y: f(), riv: f(), tmp: f(), dc: f(), acc: f(), casAcc: f(), cas1: f()}
	net.initialSizes(s.Members, p.InitialMembers, p.SizeExponent)
	for i := range n {
		s.Integrity[i] = 1
		s.lam[i] = 1
		s.inv[i] = 1 / (net.strength[i] + 1)
	}
	return s
}

// net0 is the rate of change of total members given the flow rates.
func net0(f Flows) float64 {
	return f.Recruits - f.Incapacitated - f.Casualties - f.Saturation
}

// hermite is the cubic Hermite interpolant at fraction x of a step of
// length h with end values y0, y1 and end slopes d0, d1 (per unit time).
func hermite(x, h, y0, y1, d0, d1 float64) float64 {
	x2, x3 := x*x, x*x*x
	return (2*x3-3*x2+1)*y0 + (x3-2*x2+x)*h*d0 + (-2*x3+3*x2)*y1 + (x3-x2)*h*d1
}
