package compare

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// Interval is a median and a 90% interval (5% and 95% points) over runs,
// read from fixed-bin histograms: each is within 0.4% (relative) of the
// exact sample quantile.
type Interval struct{ Median, Lo, Hi float64 }

// DiffInterval is one scenario's difference from the baseline, computed run
// by run (run i of both shares its parameters and random streams) and
// summarised over the runs.
type DiffInterval struct {
	Name                                        string
	DeathsAverted, SyntheticAverted, Homicides  Interval
	SeizedLbs, DeliveredPct, Members, CoopDelta Interval
	Cooperation                                 Interval
	Runs                                        uint64
}

// EnsembleResult holds the differences of every scenario.
type EnsembleResult struct {
	Runs  uint64
	Diffs []DiffInterval
}

const metrics = 8

// Ensemble runs the scenarios (the first must be the baseline) runs times,
// drawing run i's parameters from smp, and summarises each scenario's
// difference from the baseline run by run. The result does not depend on
// the number of workers.
func Ensemble(ctx context.Context, w *sim.World, reg *params.Registry, scs []*scenario.Scenario, opt Options, runs uint64, smp ensemble.Sampler, seed uint64) (*EnsembleResult, error) {
	if len(scs) < 2 {
		return nil, fmt.Errorf("compare: need the baseline and at least one scenario")
	}
	for _, s := range scs {
		if s.From > opt.From || s.To < opt.To {
			return nil, fmt.Errorf("compare: scenario %s (%v..%v) does not cover the window %v..%v", s.Name, s.From, s.To, opt.From, opt.To)
		}
	}
	// Nothing past the window is compared: stop the runs there.
	cut := make([]*scenario.Scenario, len(scs))
	for i, s := range scs {
		c := *s
		c.To = opt.To
		cut[i] = &c
	}
	m, err := ensemble.NewModel(ctx, w, reg, cut, smp, seed)
	if err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := len(scs) - 1
	hist := ensemble.NewHist(n * metrics)
	out := make(chan []float64, 2*workers)
	next := make(chan uint64)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(next)
		for i := range runs {
			select {
			case next <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			for run := range next {
				cols := make([]*tidy.Collector, len(cut))
				recs := make([]sim.Recorder, len(cut))
				reset := func() {
					for i, s := range cut {
						cols[i] = tidy.NewCollector(s.From)
						recs[i] = cols[i]
					}
				}
				reset()
				if err := m.RunEach(gctx, run, recs, reset); err != nil {
					return err
				}
				b := &Run{Scenario: cut[0], Paths: cols[0]}
				vals := make([]float64, 0, n*metrics)
				for i := 1; i < len(cut); i++ {
					d := Difference(b, &Run{Scenario: cut[i], Paths: cols[i]}, opt.From, opt.To)
					vals = append(vals, d.DeathsAverted, d.SyntheticAverted, d.Homicides, d.SeizedLbs,
						d.DeliveredPct, d.Members, d.CooperationDelta, d.Cooperation)
				}
				select {
				case out <- vals:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	go func() { wg.Wait(); close(out) }()
	var done uint64
	for vals := range out {
		hist.Add(vals)
		done++
		if opt.Progress != nil {
			opt.Progress(int(done), int(runs), "")
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	res := &EnsembleResult{Runs: runs}
	q := make([]float64, 3)
	iv := func(cell int) Interval {
		hist.Quantiles(cell, []float64{0.5, 0.05, 0.95}, q)
		return Interval{q[0], q[1], q[2]}
	}
	for i := range n {
		c := i * metrics
		res.Diffs = append(res.Diffs, DiffInterval{
			Name: scs[i+1].Name, Runs: runs,
			DeathsAverted: iv(c), SyntheticAverted: iv(c + 1), Homicides: iv(c + 2), SeizedLbs: iv(c + 3),
			DeliveredPct: iv(c + 4), Members: iv(c + 5), CoopDelta: iv(c + 6), Cooperation: iv(c + 7),
		})
	}
	return res, nil
}
