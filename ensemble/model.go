package ensemble

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// Series is one recorded (variable, region) pair.
type Series = sim.Output

// Layout is the fixed order in which a scenario's run records its values:
// every month, the same Series in the same order. Cell m*len(Series)+j is
// series j in month From+m.
//
// After the monthly cells come annual totals: for every national ("all")
// flow variable (a per-month unit), its sum over each calendar year the
// scenario covers whole, so that annual figures carry their own quantiles
// (quantiles of monthly values do not add up).
//
// A layout of some variables only (Model.Keep) keeps a subset of what runs
// record.
type Layout struct {
	From, To calendar.Month
	Series   []Series
	Annual   []Annual
	// index[j] is the position of Series[j] among the series a run
	// records a month, and recorded their number; a nil index keeps every
	// series in the order recorded.
	index    []int
	recorded int
}

// Annual is an annual-total cell: Series[Series] summed over Year.
type Annual struct{ Series, Year int }

func (l *Layout) monthly() int { return len(l.Series) * (int(l.To-l.From) + 1) }

// Cells is the number of values one run records.
func (l *Layout) Cells() int { return l.monthly() + len(l.Annual) }

// Cell returns the series and period ("2026-03", or "2026" for an annual
// total) of cell i.
func (l *Layout) Cell(i int) (Series, string) {
	if m := l.monthly(); i >= m {
		a := l.Annual[i-m]
		return l.Series[a.Series], fmt.Sprint(a.Year)
	}
	return l.Series[i%len(l.Series)], (l.From + calendar.Month(i/len(l.Series))).String()
}

// addAnnual lays out the annual cells.
func (l *Layout) addAnnual() {
	flow := map[string]bool{}
	for _, v := range sim.Variables() {
		flow[v.Name] = strings.HasSuffix(v.Unit, "/month") || strings.Contains(v.Unit, "/month ")
	}
	for j, s := range l.Series {
		if s.Region != "all" || !flow[s.Variable] {
			continue
		}
		for y := l.From.Year(); y <= l.To.Year(); y++ {
			a, b := calendar.Years(y)
			if a >= l.From && b <= l.To {
				l.Annual = append(l.Annual, Annual{Series: j, Year: y})
			}
		}
	}
}

// fillAnnual computes the annual cells of vals from its monthly ones.
func (l *Layout) fillAnnual(vals []float64) {
	m, n := l.monthly(), len(l.Series)
	for k, a := range l.Annual {
		jan, _ := calendar.Years(a.Year)
		first := int(jan-l.From)*n + a.Series
		sum := 0.0
		for i := range 12 {
			sum += vals[first+i*n]
		}
		vals[m+k] = sum
	}
}

// probe learns a layout from one run: the names of its first month.
type probe struct{ l *Layout }

func (p *probe) Record(calendar.Month, string, string, float64) error {
	return errors.New("ensemble: the layout probe records by month")
}

func (p *probe) RecordMonth(_ calendar.Month, names []sim.Output, _ []float64) error {
	if p.l.Series == nil {
		p.l.Series = slices.Clone(names)
	}
	return nil
}

// flat records a run into a flat slice in layout order. The names are
// checked against the layout on the run's first month only: sim hands out
// the same names every month of a run (sim.MonthRecorder), so after that a
// month is copied by index, its length checked.
type flat struct {
	l    *Layout
	vals []float64
	pos  int
}

func (f *flat) Record(calendar.Month, string, string, float64) error {
	return errors.New("ensemble: a run records by month")
}

func (f *flat) RecordMonth(t calendar.Month, names []sim.Output, vals []float64) error {
	l := f.l
	want := len(l.Series)
	if l.index != nil {
		want = l.recorded
	}
	if len(vals) != want {
		return fmt.Errorf("ensemble: run recorded %d values in %v where its layout has %d", len(vals), t, want)
	}
	if f.pos+len(l.Series) > l.monthly() {
		return fmt.Errorf("ensemble: run recorded more than the %d values of its layout", l.monthly())
	}
	if f.pos == 0 {
		for j, s := range l.Series {
			k := j
			if l.index != nil {
				k = l.index[j]
			}
			if names[k] != s {
				return fmt.Errorf("ensemble: run recorded %s/%s where its layout has %s/%s", names[k].Variable, names[k].Region, s.Variable, s.Region)
			}
		}
	}
	if l.index == nil {
		f.pos += copy(f.vals[f.pos:], vals)
		return nil
	}
	dst := f.vals[f.pos : f.pos+len(l.index)]
	for j, k := range l.index {
		dst[j] = vals[k]
	}
	f.pos += len(dst)
	return nil
}

// Model is what an ensemble runs: scenarios on one world, with parameters
// drawn per run. Run i of every scenario shares its parameter draw and its
// random streams (common random numbers).
type Model struct {
	World     *sim.World
	Registry  *params.Registry
	Scenarios []*scenario.Scenario
	Sampler   Sampler
	// Seed is the master seed of every scenario and of the parameter draws.
	Seed    uint64
	Layouts []*Layout
	// Vars are the variables the layouts keep (Keep); nil keeps all.
	Vars    []string
	members sync.Pool
}

// NewModel checks the scenarios and learns each one's output layout from
// a run at the defaults. Every scenario's seed is set to seed.
func NewModel(ctx context.Context, w *sim.World, reg *params.Registry, scs []*scenario.Scenario, smp Sampler, seed uint64) (*Model, error) {
	if len(scs) == 0 {
		return nil, fmt.Errorf("ensemble: no scenarios")
	}
	m := &Model{World: w, Registry: reg, Sampler: smp, Seed: seed}
	seen := map[string]bool{}
	for _, s := range scs {
		if seen[s.Name] {
			return nil, fmt.Errorf("ensemble: scenario %s named twice", s.Name)
		}
		seen[s.Name] = true
		c := *s
		c.Seed = seed
		m.Scenarios = append(m.Scenarios, &c)
		v, err := sim.Apply(reg, &c)
		if err != nil {
			return nil, fmt.Errorf("ensemble: %w", err)
		}
		l := &Layout{From: c.From, To: c.To}
		if _, err := sim.Run(ctx, w, sim.Config{Scenario: &c, Values: v}, &probe{l: l}); err != nil {
			return nil, fmt.Errorf("ensemble: probing %s: %w", c.Name, err)
		}
		if len(l.Series) == 0 {
			return nil, fmt.Errorf("ensemble: scenario %s records nothing", c.Name)
		}
		l.addAnnual()
		m.Layouts = append(m.Layouts, l)
	}
	return m, nil
}

// Member is one run's output: its parameters and, per scenario, its values
// in layout order.
type Member struct {
	Run    uint64
	Params []float64
	Values [][]float64
	// Ledger imbalance per scenario, a check on the run.
	Err error
}

func (m *Model) newMember() *Member {
	mb := &Member{Values: make([][]float64, len(m.Scenarios))}
	for i, l := range m.Layouts {
		mb.Values[i] = make([]float64, l.Cells())
	}
	return mb
}

// MaxRedraws bounds how often a run redraws parameters the model refuses.
const MaxRedraws = 1000

// errRefused marks a parameter vector that breaks a module's constraint.
var errRefused = errors.New("ensemble: the model refuses these parameters")

// Simulate fills mb with run's output. The run's parameters are the
// sampler's first draw from the run's parameter stream that the model
// accepts in every scenario (sim.Check): draws follow the prior truncated
// to the model's valid region.
func (m *Model) Simulate(ctx context.Context, run uint64, mb *Member) error {
	mb.Run = run
	rng := sim.NewRand(m.Seed, run, sim.StreamParams)
	var last error
	for range MaxRedraws {
		v, err := m.Sampler.Draw(m.Registry, rng)
		if err != nil {
			return err
		}
		err = m.simulate(ctx, run, v, mb)
		if !errors.Is(err, errRefused) {
			return err
		}
		last = err
	}
	return fmt.Errorf("ensemble: run %d: %d parameter draws in a row break the model's constraints; the last: %w", run, MaxRedraws, last)
}

// Params returns the parameter vector run i uses: the first accepted draw.
func (m *Model) Params(ctx context.Context, run uint64) (params.Values, error) {
	rng := sim.NewRand(m.Seed, run, sim.StreamParams)
	for range MaxRedraws {
		v, err := m.Sampler.Draw(m.Registry, rng)
		if err != nil {
			return v, err
		}
		if m.accepts(v) {
			return v, nil
		}
	}
	return params.Values{}, fmt.Errorf("ensemble: run %d: %d parameter draws in a row break the model's constraints", run, MaxRedraws)
}

// accepts reports whether every scenario's model accepts base.
func (m *Model) accepts(base params.Values) bool {
	for _, s := range m.Scenarios {
		v, err := m.apply(s, base)
		if err != nil || sim.Check(m.World, sim.Config{Scenario: s, Values: v}) != nil {
			return false
		}
	}
	return true
}

// apply sets s's parameter overrides on a copy of base.
func (m *Model) apply(s *scenario.Scenario, base params.Values) (params.Values, error) {
	if len(s.Params) == 0 {
		return base, nil
	}
	v := base.Clone()
	if err := s.CheckParams(v.Set); err != nil {
		return v, fmt.Errorf("ensemble: %w", err)
	}
	return v, nil
}

func (m *Model) simulate(ctx context.Context, run uint64, base params.Values, mb *Member) error {
	mb.Params = base.Vector()
	recs := make([]sim.Recorder, len(m.Scenarios))
	flats := make([]*flat, len(m.Scenarios))
	for i := range m.Scenarios {
		flats[i] = &flat{l: m.Layouts[i], vals: mb.Values[i]}
		recs[i] = flats[i]
	}
	res, err := m.runAll(ctx, run, base, recs)
	if err != nil {
		return err
	}
	for i, s := range m.Scenarios {
		f := flats[i]
		m.Layouts[i].fillAnnual(f.vals)
		if f.pos != m.Layouts[i].monthly() {
			return fmt.Errorf("ensemble: run %d of %s recorded %d values, its layout %d", run, s.Name, f.pos, len(f.vals))
		}
		if l := res[i].Ledger; l.Imbalance() > 1e-6*math.Max(1, l.Produced) {
			return fmt.Errorf("ensemble: run %d of %s breaks the fentanyl mass balance by %g kg", run, s.Name, l.Imbalance())
		}
	}
	return nil
}

// runAll runs every scenario with the parameter draw base, sharing their
// common past (sim.RunAll). An error of a run the model refuses to make
// (sim.Check: a draw that breaks its constraints) wraps errRefused.
func (m *Model) runAll(ctx context.Context, run uint64, base params.Values, recs []sim.Recorder) ([]*sim.Result, error) {
	cfgs := make([]sim.Config, len(m.Scenarios))
	for i, s := range m.Scenarios {
		v, err := m.apply(s, base)
		if err != nil {
			return nil, err
		}
		cfgs[i] = sim.Config{Scenario: s, Values: v, Run: run}
	}
	res, err := sim.RunAll(ctx, m.World, cfgs, recs)
	if err != nil {
		i := 0
		if se := (*sim.ScenarioError)(nil); errors.As(err, &se) {
			i = se.Index
		}
		if ctx.Err() == nil && sim.Check(m.World, cfgs[i]) != nil {
			return nil, fmt.Errorf("%w: %w", errRefused, err)
		}
		return nil, fmt.Errorf("ensemble: run %d of %s: %w", run, cfgs[i].Scenario.Name, err)
	}
	return res, nil
}

// RunEach simulates run's scenarios into recs[i], one recorder per
// scenario, with the same parameter draw (redrawn like Simulate when the
// model refuses it). reset is called before a redraw, so that recorders
// can discard a refused attempt.
func (m *Model) RunEach(ctx context.Context, run uint64, recs []sim.Recorder, reset func()) error {
	rng := sim.NewRand(m.Seed, run, sim.StreamParams)
	for range MaxRedraws {
		base, err := m.Sampler.Draw(m.Registry, rng)
		if err != nil {
			return err
		}
		if _, err := m.runAll(ctx, run, base, recs); !errors.Is(err, errRefused) {
			return err
		}
		reset()
	}
	return fmt.Errorf("ensemble: run %d: %d parameter draws in a row break the model's constraints", run, MaxRedraws)
}
