package sensitivity

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// Evaluator turns a point of the unit cube into the model's headline
// comparisons: every non-fixed parameter is set through its prior's
// inverse CDF, the baseline and each policy scenario run on the same seed
// and run index (so only parameters vary), and the outputs are summed over
// the window [From, To].
type Evaluator struct {
	World     *sim.World
	Registry  *params.Registry
	Scenarios []*scenario.Scenario // baseline first
	From, To  calendar.Month
	Seed      uint64
	// Factors are the parameters varied: every one whose prior is not fixed.
	Factors []params.Param
}

// NewEvaluator prepares the scenarios: they are cut at the window's end,
// which the outputs do not look past. only, if not empty, restricts the
// factors to the parameters named or to modules given as "module." (the
// rest stay at their defaults).
func NewEvaluator(w *sim.World, reg *params.Registry, scs []*scenario.Scenario, from, to calendar.Month, seed uint64, only ...string) (*Evaluator, error) {
	if len(scs) < 2 {
		return nil, fmt.Errorf("sensitivity: need the baseline and at least one policy scenario")
	}
	e := &Evaluator{World: w, Registry: reg, From: from, To: to, Seed: seed}
	for _, s := range scs {
		if s.From > from || s.To < to {
			return nil, fmt.Errorf("sensitivity: scenario %s (%v..%v) does not cover the window %v..%v", s.Name, s.From, s.To, from, to)
		}
		c := *s
		c.To, c.Seed = to, seed
		e.Scenarios = append(e.Scenarios, &c)
	}
	matched := map[string]bool{}
	for _, p := range reg.All() {
		if p.Prior.Dist == params.Fixed {
			continue
		}
		keep := len(only) == 0
		for _, o := range only {
			if o == p.Name || (strings.HasSuffix(o, ".") && strings.HasPrefix(p.Name, o)) {
				keep, matched[o] = true, true
			}
		}
		if keep {
			e.Factors = append(e.Factors, p)
		}
	}
	for _, o := range only {
		if !matched[o] {
			return nil, fmt.Errorf("sensitivity: %q names no parameter with a prior to vary (a name such as health.mu_fentanyl, or a module such as health.)", o)
		}
	}
	return e, nil
}

// Outputs names the evaluator's outputs, in order: baseline deaths and
// homicides over the window; per policy scenario the deaths averted
// (baseline minus scenario) and the change in homicides (scenario minus
// baseline); and, with two or more policy scenarios, the difference of the
// first two's deaths averted.
func (e *Evaluator) Outputs() []string {
	out := []string{"baseline: US overdose deaths", "baseline: homicides in Mexico"}
	for _, s := range e.Scenarios[1:] {
		out = append(out, "deaths averted by "+s.Name, "homicide change by "+s.Name)
	}
	if len(e.Scenarios) > 2 {
		out = append(out, fmt.Sprintf("deaths averted: %s minus %s", e.Scenarios[1].Name, e.Scenarios[2].Name))
	}
	return out
}

// sums records the window totals a run's outputs need.
type sums struct {
	from, to          calendar.Month
	deaths, homicides float64
}

func (s *sums) Record(t calendar.Month, v, r string, x float64) error {
	if r != "all" || t < s.from || t > s.to {
		return nil
	}
	switch v {
	case sim.VarDeaths:
		s.deaths += x
	case sim.VarHomicides:
		s.homicides += x
	}
	return nil
}

// Eval returns the outputs at unit point u (one coordinate per factor), or
// NaNs when the model refuses the parameters.
func (e *Evaluator) Eval(ctx context.Context, u []float64) ([]float64, error) {
	out := make([]float64, len(e.Outputs()))
	v := e.Registry.Defaults()
	for j, p := range e.Factors {
		if err := v.Set(p.Name, ensemble.FromUnit(p, u[j])); err != nil {
			return nil, fmt.Errorf("sensitivity: %w", err)
		}
	}
	res := make([]sums, len(e.Scenarios))
	cfgs := make([]sim.Config, len(e.Scenarios))
	recs := make([]sim.Recorder, len(e.Scenarios))
	for i, s := range e.Scenarios {
		w := v
		if len(s.Params) > 0 {
			w = v.Clone()
			if err := s.CheckParams(w.Set); err != nil {
				return nil, fmt.Errorf("sensitivity: %w", err)
			}
		}
		cfgs[i] = sim.Config{Scenario: s, Values: w}
		if sim.Check(e.World, cfgs[i]) != nil {
			for k := range out {
				out[k] = math.NaN()
			}
			return out, nil
		}
		res[i] = sums{from: e.From, to: e.To}
		recs[i] = &res[i]
	}
	// The scenarios' common past is simulated once (sim.RunAll).
	if _, err := sim.RunAll(ctx, e.World, cfgs, recs); err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	out[0], out[1] = res[0].deaths, res[0].homicides
	k := 2
	for i := range e.Scenarios[1:] {
		out[k] = res[0].deaths - res[i+1].deaths
		out[k+1] = res[i+1].homicides - res[0].homicides
		k += 2
	}
	if len(e.Scenarios) > 2 {
		out[k] = out[2] - out[4]
	}
	return out, nil
}

// EvalAll evaluates every point on workers goroutines (0: one per CPU) and
// returns y[output][point]. progress, if set, is called as points finish.
func (e *Evaluator) EvalAll(ctx context.Context, points [][]float64, workers int, progress func(done, total int)) ([][]float64, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	y := make([][]float64, len(e.Outputs()))
	for i := range y {
		y[i] = make([]float64, len(points))
	}
	var next, done atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range workers {
		g.Go(func() error {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(points) {
					return nil
				}
				out, err := e.Eval(ctx, points[i])
				if err != nil {
					return err
				}
				for k, x := range out {
					y[k][i] = x
				}
				if d := int(done.Add(1)); progress != nil {
					progress(d, len(points))
				}
			}
		})
	}
	return y, g.Wait()
}
