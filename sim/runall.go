package sim

import (
	"context"
	"fmt"
	"time"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/model/policy"
)

// A ScenarioError is RunAll's error in the run of cfgs[Index].
type ScenarioError struct {
	Index int
	Err   error
}

func (e *ScenarioError) Error() string { return e.Err.Error() }
func (e *ScenarioError) Unwrap() error { return e.Err }

// RunAll runs every configuration, recording cfgs[i] into recs[i] (nil
// records nothing), with the results Run would give each. Scenarios of one
// ensemble run share a seed, a run index and usually their parameter values,
// and differ only from the month their levers do: when all of that holds,
// the months before the first in which any scenario's lever is in force
// are simulated once, and each scenario goes on from a copy of that state.
// In a comparison of scenarios whose levers start in 2026 that is more than
// half of every run.
func RunAll(ctx context.Context, w *World, cfgs []Config, recs []Recorder) ([]*Result, error) {
	if len(recs) != len(cfgs) {
		return nil, fmt.Errorf("sim: %d configurations and %d recorders", len(cfgs), len(recs))
	}
	res := make([]*Result, len(cfgs))
	plans := make([]*policy.Plan, len(cfgs))
	for i, c := range cfgs {
		if err := checkSpan(c.Scenario); err != nil {
			return nil, &ScenarioError{i, err}
		}
		p, err := policy.NewPlan(c.Scenario)
		if err != nil {
			return nil, &ScenarioError{i, err}
		}
		plans[i] = p
		res[i] = &Result{}
	}
	if len(cfgs) == 0 {
		return res, nil
	}
	start := time.Now()
	branch := branchMonth(cfgs, plans)
	shared, err := newEngine(w, cfgs[0])
	if err != nil {
		return nil, &ScenarioError{0, err}
	}
	for t := Origin; t < branch; t++ {
		if err := shared.advance(ctx, cfgs[0], t); err != nil {
			return nil, &ScenarioError{0, err}
		}
		for i, c := range cfgs {
			if err := shared.output(c, t, recs[i], res[i]); err != nil {
				return nil, &ScenarioError{i, err}
			}
		}
	}
	engines := make([]*engine, len(cfgs))
	for i := range cfgs {
		switch {
		case branch == Origin:
			if i > 0 {
				if engines[i], err = newEngine(w, cfgs[i]); err != nil {
					return nil, &ScenarioError{i, err}
				}
			} else {
				engines[i] = shared
			}
		case i == len(cfgs)-1:
			shared.plan = plans[i]
			engines[i] = shared
		default:
			engines[i] = shared.clone(plans[i])
		}
	}
	for i, c := range cfgs {
		e := engines[i]
		for t := branch; t <= c.Scenario.To; t++ {
			if err := e.advance(ctx, c, t); err != nil {
				return nil, &ScenarioError{i, err}
			}
			if err := e.output(c, t, recs[i], res[i]); err != nil {
				return nil, &ScenarioError{i, err}
			}
		}
		engines[i] = nil
		res[i].Ledger = e.ledger
		res[i].Stats.Elapsed = time.Since(start)
	}
	return res, nil
}

// branchMonth is the first month the runs of cfgs may differ in: Origin
// unless they share seed, run and parameter values, else the first month
// any scenario's levers are in force (before it every plan gives the zero
// Levels), or the month after the last one every scenario simulates.
func branchMonth(cfgs []Config, plans []*policy.Plan) calendar.Month {
	c0 := cfgs[0]
	end := c0.Scenario.To
	for _, c := range cfgs[1:] {
		if c.Run != c0.Run || c.Scenario.Seed != c0.Scenario.Seed || !c.Values.Equal(c0.Values) {
			return Origin
		}
		end = min(end, c.Scenario.To)
	}
	branch := end + 1
	for _, p := range plans {
		if start, ok := p.Start(); ok {
			branch = min(branch, max(start, Origin))
		}
	}
	return branch
}

// advance simulates month t of cfg's scenario.
func (e *engine) advance(ctx context.Context, cfg Config, t calendar.Month) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sim: %s at %v: %w", cfg.Scenario.Name, t, err)
	}
	if err := e.step(t); err != nil {
		return fmt.Errorf("sim: %s at %v: %w", cfg.Scenario.Name, t, err)
	}
	return nil
}

// output records month t into rec if cfg's scenario reports it.
func (e *engine) output(cfg Config, t calendar.Month, rec Recorder, res *Result) error {
	if t < cfg.Scenario.From || t > cfg.Scenario.To || rec == nil {
		return nil
	}
	n, err := e.record(t, rec)
	if err != nil {
		return fmt.Errorf("sim: record %v: %w", t, err)
	}
	res.Stats.Rows += n
	res.Stats.Months++
	return nil
}
