package calibrate

import (
	"context"
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// Observation is one observed figure the fit compares a run with.
type Observation struct {
	// Group is the series family; each family weighs the same in the
	// distance, however many points it has.
	Group, Series, Period string
	Value                 float64
	// Share compares the figure as a share of its group's total in the
	// same period (shapes across states) rather than as a level.
	Share bool
	// Floor is added to both sides of the log ratio, so that a region
	// holding a sliver of the total (a sector with a few pounds) counts by
	// its absolute miss, not by a ratio that a single seizure can make
	// tenfold.
	Floor float64
	sim   func(c *tidy.Collector) float64
}

// seizureFloor is the Floor of a CBP seizure figure as a share of its
// fiscal year's southwest-border total. An assumption of the distance, not
// of the model: 1% is about the smallest field office's share (El Paso,
// Laredo: 0.5–2% in FY2021–FY2024).
const seizureFloor = 0.01

// LogError is the log ratio of sim to the observed value, floored as the
// observation says and capped at ±5 (a region the run leaves empty).
func (o Observation) LogError(sim float64) float64 {
	e := math.Log((sim + o.Floor) / (o.Value + o.Floor))
	if math.IsNaN(e) || math.Abs(e) > 5 {
		return 5
	}
	return e
}

// Groups of observations.
const (
	GroupDeaths    = "CDC overdose deaths"
	GroupSynthetic = "CDC synthetic-opioid deaths"
	GroupSeizures  = "CBP fentanyl seizures by field office and sector"
	GroupINEGI     = "INEGI homicides, national"
	GroupSESNSP    = "SESNSP homicides, shares by state"
)

// Observations returns every observed figure of years first..last: CDC
// deaths and synthetic-opioid deaths (12 months to December), CBP
// southwest-border seizures by field office and Border Patrol sector
// (fiscal years), INEGI national homicides and SESNSP homicides by state
// (as shares of the national count, since SESNSP's police files run some
// 10% below INEGI's death certificates).
func Observations(first, last int) ([]Observation, error) {
	var out []Observation
	all, syn, err := data.OverdoseDeaths12m()
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	for y := first; y <= last; y++ {
		jan, dec := calendar.Years(y)
		if x, ok := all.At(dec); ok && !math.IsNaN(x) {
			out = append(out, Observation{Group: GroupDeaths, Series: sim.VarDeaths, Period: fmt.Sprint(y), Value: x,
				sim: func(c *tidy.Collector) float64 { return c.Sum(sim.VarDeaths, "all", jan, dec) }})
		}
		if x, ok := syn.At(dec); ok && !math.IsNaN(x) {
			out = append(out, Observation{Group: GroupSynthetic, Series: sim.VarSynthetic, Period: fmt.Sprint(y), Value: x,
				sim: func(c *tidy.Collector) float64 { return c.Sum(sim.VarSynthetic, "all", jan, dec) }})
		}
	}
	regions := map[string]string{}
	for _, o := range geo.FieldOffices() {
		regions[o.Name] = o.Short
	}
	for _, s := range geo.Sectors() {
		regions[s.Name] = s.Short
	}
	for fy := first; fy <= last; fy++ {
		by, err := data.SouthwestFentanylByAOR(fy)
		if err != nil {
			continue // CBP's series starts in FY2019 or so
		}
		a, b := calendar.FiscalYear(fy)
		if a < sim.Origin {
			continue
		}
		total := 0.0
		for _, lbs := range by {
			total += lbs
		}
		for name, lbs := range by {
			r, ok := regions[name]
			if !ok || !(lbs > 0) {
				continue
			}
			out = append(out, Observation{Group: GroupSeizures, Series: sim.VarSeizedLbs + " " + r, Period: fmt.Sprintf("FY%d", fy), Value: lbs, Floor: seizureFloor * total,
				sim: func(c *tidy.Collector) float64 { return c.Sum(sim.VarSeizedLbs, r, a, b) }})
		}
	}
	hom, err := data.INEGINationalAnnual()
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	for y := first; y <= last; y++ {
		if x, ok := hom[y]; ok {
			a, b := calendar.Years(y)
			out = append(out, Observation{Group: GroupINEGI, Series: sim.VarHomicides, Period: fmt.Sprint(y), Value: x,
				sim: func(c *tidy.Collector) float64 { return c.Sum(sim.VarHomicides, "all", a, b) }})
		}
	}
	ses, err := data.HomicidesSESNSP()
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	for y := first; y <= last; y++ {
		per, nat, ok := ses.Annual(y)
		if !ok || !(nat > 0) {
			continue
		}
		a, b := calendar.Years(y)
		for i, st := range geo.States() {
			if !(per[i] > 0) {
				continue
			}
			out = append(out, Observation{Group: GroupSESNSP, Series: sim.VarHomicides + " " + st.Code, Period: fmt.Sprint(y), Value: per[i] / nat, Share: true,
				sim: func(c *tidy.Collector) float64 {
					return c.Sum(sim.VarHomicides, st.Code, a, b) / c.Sum(sim.VarHomicides, "all", a, b)
				}})
		}
	}
	return out, nil
}

// Simulate returns obs's simulated counterpart in c.
func (o Observation) Simulate(c *tidy.Collector) float64 { return o.sim(c) }

// Model is the calibration problem on the real model: the baseline from
// 2015 through the last observed year, the named parameters on the unit
// cube of their priors, every other parameter at its default.
type Model struct {
	World    *sim.World
	Registry *params.Registry
	Base     *scenario.Scenario
	Params   []params.Param
	Obs      []Observation
	groups   map[string]int
}

// NewModel prepares the fit of names (all fitted parameters when empty)
// against obs.
func NewModel(w *sim.World, reg *params.Registry, base *scenario.Scenario, names []string, obs []Observation, last int) (*Model, error) {
	m := &Model{World: w, Registry: reg, Obs: obs, groups: map[string]int{}}
	c := *base
	_, c.To = calendar.Years(last)
	if c.To > base.To {
		c.To = base.To
	}
	m.Base = &c
	if len(names) == 0 {
		for _, p := range reg.All() {
			if p.Fit != "" && p.Prior.Dist != params.Fixed {
				m.Params = append(m.Params, p)
			}
		}
	}
	for _, n := range names {
		p, ok := reg.Lookup(n)
		if !ok {
			return nil, fmt.Errorf("calibrate: unknown parameter %q", n)
		}
		if p.Prior.Dist == params.Fixed {
			return nil, fmt.Errorf("calibrate: %s is fixed", n)
		}
		m.Params = append(m.Params, p)
	}
	if len(m.Params) == 0 {
		return nil, fmt.Errorf("calibrate: no parameters to fit")
	}
	for _, o := range obs {
		m.groups[o.Group]++
	}
	return m, nil
}

// Values maps unit point u to a parameter vector.
func (m *Model) Values(u []float64) (params.Values, error) {
	v := m.Registry.Defaults()
	for j, p := range m.Params {
		if err := v.Set(p.Name, ensemble.FromUnit(p, u[j])); err != nil {
			return v, fmt.Errorf("calibrate: %w", err)
		}
	}
	return v, nil
}

// Run simulates the baseline at v (run index 0).
func (m *Model) Run(ctx context.Context, v params.Values, to calendar.Month) (*tidy.Collector, error) {
	s := *m.Base
	if to != 0 {
		s.To = to
	}
	cfg := sim.Config{Scenario: &s, Values: v}
	c := tidy.NewCollector(s.From)
	if _, err := sim.Run(ctx, m.World, cfg, c); err != nil {
		if sim.Check(m.World, cfg) != nil {
			return nil, nil // the model refuses these parameters
		}
		return nil, err
	}
	return c, nil
}

// Distance is the root of the mean, over observation groups, of each
// group's mean squared log error; log errors are capped at 5.
func (m *Model) Distance(ctx context.Context, u []float64) (float64, error) {
	v, err := m.Values(u)
	if err != nil {
		return 0, err
	}
	c, err := m.Run(ctx, v, 0)
	if err != nil || c == nil {
		return math.Inf(1), err
	}
	return m.distance(c), nil
}

func (m *Model) distance(c *tidy.Collector) float64 {
	sum := map[string]float64{}
	for _, o := range m.Obs {
		e := o.LogError(o.sim(c))
		sum[o.Group] += e * e / float64(m.groups[o.Group])
	}
	d := 0.0
	for _, s := range sum {
		d += s
	}
	return math.Sqrt(d / float64(len(sum)))
}

// Errors returns, per observation, the simulated value in c.
func (m *Model) Errors(c *tidy.Collector) []float64 {
	out := make([]float64, len(m.Obs))
	for i, o := range m.Obs {
		out[i] = o.sim(c)
	}
	return out
}

// Problem is m as an ABC problem.
func (m *Model) Problem() Problem {
	return Problem{Dim: len(m.Params), Distance: m.Distance}
}

// Synthetic replaces every observation by its value in a run at u: data
// with a known answer, for the simulation-based check.
func (m *Model) Synthetic(ctx context.Context, u []float64) error {
	v, err := m.Values(u)
	if err != nil {
		return err
	}
	c, err := m.Run(ctx, v, 0)
	if err != nil {
		return err
	}
	if c == nil {
		return fmt.Errorf("calibrate: the model refuses the synthetic truth")
	}
	// Points the truth leaves at zero (a sector with no seizures) carry no
	// log error and are dropped.
	kept := m.Obs[:0]
	for _, o := range m.Obs {
		o.Value = o.sim(c)
		if o.Value > 0 && !math.IsInf(o.Value, 0) {
			kept = append(kept, o)
		}
	}
	m.Obs = kept
	m.groups = map[string]int{}
	for _, o := range m.Obs {
		m.groups[o.Group]++
	}
	return nil
}
