// Package compare runs a baseline and a set of policy scenarios on the same
// seed and measures each scenario's difference from the baseline over a
// window of years: overdose deaths averted, homicides, seizures, fentanyl
// delivered and cooperation.
//
// Scenarios run concurrently, each on its own random streams derived from
// (seed, run, module), so the result does not depend on scheduling.
package compare

import (
	"context"
	"fmt"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// Options of a comparison.
type Options struct {
	// From and To bound the window differences are summed over.
	From, To calendar.Month
	// Workers caps concurrent runs; 0 means the number of CPUs.
	Workers int
	// Progress, if set, is called after each scenario finishes.
	Progress func(done, total int, name string)
}

// Run is one scenario's output.
type Run struct {
	Scenario *scenario.Scenario
	Paths    *tidy.Collector
}

// Diff is one scenario's difference from the baseline over the window.
type Diff struct {
	Name string
	// DeathsAverted is baseline minus scenario US overdose deaths, summed.
	DeathsAverted float64
	// SyntheticAverted is the same for synthetic-opioid deaths.
	SyntheticAverted float64
	// Homicides is scenario minus baseline homicides in Mexico, summed.
	Homicides float64
	// SeizedLbs is scenario minus baseline CBP seizures, summed, lbs.
	SeizedLbs float64
	// DeliveredPct is the relative change of fentanyl delivered to the US.
	DeliveredPct float64
	// Members is scenario minus baseline cartel members at the window's end.
	Members float64
	// Cooperation is the scenario's mean cooperation over the window, and
	// CooperationDelta its difference from the baseline's.
	Cooperation, CooperationDelta float64
}

// Result holds every run and the differences.
type Result struct {
	Baseline *Run
	Runs     []*Run // every scenario in the order given, baseline first
	Diffs    []Diff // one per non-baseline scenario
}

// Scenarios runs the scenarios (the first must be the baseline) and
// compares the rest with it.
func Scenarios(ctx context.Context, w *sim.World, reg *params.Registry, scs []*scenario.Scenario, opt Options) (*Result, error) {
	if len(scs) == 0 {
		return nil, fmt.Errorf("compare: no scenarios")
	}
	if opt.To < opt.From {
		return nil, fmt.Errorf("compare: window ends %v before it starts %v", opt.To, opt.From)
	}
	for _, s := range scs {
		if s.From > opt.From || s.To < opt.To {
			return nil, fmt.Errorf("compare: scenario %s (%v..%v) does not cover the window %v..%v", s.Name, s.From, s.To, opt.From, opt.To)
		}
	}
	runs := make([]*Run, len(scs))
	g, ctx := errgroup.WithContext(ctx)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g.SetLimit(workers)
	done := make(chan string, len(scs))
	for i, s := range scs {
		g.Go(func() error {
			vals, err := sim.Apply(reg, s)
			if err != nil {
				return err
			}
			c := tidy.NewCollector(s.From)
			if _, err := sim.Run(ctx, w, sim.Config{Scenario: s, Values: vals}, c); err != nil {
				return err
			}
			runs[i] = &Run{Scenario: s, Paths: c}
			done <- s.Name
			return nil
		})
	}
	progressDone := make(chan struct{})
	go func() {
		defer close(progressDone)
		for n := 1; n <= len(scs); n++ {
			name, ok := <-done
			if !ok {
				return
			}
			if opt.Progress != nil {
				opt.Progress(n, len(scs), name)
			}
		}
	}()
	err := g.Wait()
	close(done)
	<-progressDone
	if err != nil {
		return nil, err
	}
	res := &Result{Baseline: runs[0], Runs: runs}
	for _, r := range runs[1:] {
		res.Diffs = append(res.Diffs, Difference(res.Baseline, r, opt.From, opt.To))
	}
	return res, nil
}

// Difference measures run r against the baseline b over [from, to].
func Difference(b, r *Run, from, to calendar.Month) Diff {
	sum := func(run *Run, v string) float64 { return run.Paths.Sum(v, "all", from, to) }
	mean := func(run *Run, v string) float64 { return sum(run, v) / float64(calendar.Between(from, to)) }
	end := func(run *Run, v string) float64 { x, _ := run.Paths.At(v, "all", to); return x }
	d := Diff{
		Name:             r.Scenario.Name,
		DeathsAverted:    sum(b, sim.VarDeaths) - sum(r, sim.VarDeaths),
		SyntheticAverted: sum(b, sim.VarSynthetic) - sum(r, sim.VarSynthetic),
		Homicides:        sum(r, sim.VarHomicides) - sum(b, sim.VarHomicides),
		SeizedLbs:        sum(r, sim.VarSeizedLbs) - sum(b, sim.VarSeizedLbs),
		Members:          end(r, sim.VarMembers) - end(b, sim.VarMembers),
		Cooperation:      mean(r, sim.VarCooperation),
		CooperationDelta: mean(r, sim.VarCooperation) - mean(b, sim.VarCooperation),
	}
	if bd := sum(b, sim.VarDelivered); bd > 0 {
		d.DeliveredPct = 100 * (sum(r, sim.VarDelivered) - bd) / bd
	}
	return d
}
