// Command runcpu times single baseline runs by the process CPU clock, which
// a shared machine disturbs less than the wall clock that go test -bench
// reports: it runs batches of runs on one goroutine and prints the best
// batch's CPU and wall milliseconds per run. bench/ensemble/speed.sh runs
// it against an earlier revision, alternately. With -spread it times every
// run of one batch on its own and prints how the cost spreads over the
// parameter draws (mean, median, 90th percentile, slowest draws).
//
//	go run ./bench/ensemble/runcpu -batches 6 -runs 30 -draw prior
//	go run ./bench/ensemble/runcpu -spread -runs 200 -draw prior
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"syscall"
	"time"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

type discard struct{}

func (discard) Record(calendar.Month, string, string, float64) error { return nil }

// cpu is the process's user and system time.
func cpu() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("runcpu: getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

func main() {
	batches := flag.Int("batches", 6, "number of batches; the best is reported")
	runs := flag.Int("runs", 30, "runs per batch")
	draw := flag.String("draw", "defaults", "parameters: defaults, or prior (run i draws as ensemble run i with seed 1)")
	name := flag.String("scenario", "baseline", "built-in scenario")
	spread := flag.Bool("spread", false, "time each run of one batch and print the spread over draws")
	flag.Parse()
	if err := run(*batches, *runs, *draw, *name, *spread); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func run(batches, runs int, draw, name string, spread bool) error {
	if batches < 1 || runs < 1 {
		return fmt.Errorf("runcpu: -batches and -runs must be at least 1")
	}
	if draw != "defaults" && draw != "prior" {
		return fmt.Errorf("runcpu: -draw %q: want defaults or prior", draw)
	}
	w, err := sim.LoadWorld()
	if err != nil {
		return err
	}
	reg, err := sim.Registry()
	if err != nil {
		return err
	}
	s, err := scenario.Builtin(name)
	if err != nil {
		return err
	}
	// The parameter vectors are drawn before timing, as the ensemble
	// draws them (seed 1, the first draw the model accepts).
	m, err := ensemble.NewModel(context.Background(), w, reg, []*scenario.Scenario{s}, ensemble.Prior{}, 1)
	if err != nil {
		return err
	}
	vs := make([]params.Values, runs)
	for i := range vs {
		vs[i] = reg.Defaults()
		if draw == "prior" {
			if vs[i], err = m.Params(context.Background(), uint64(i)); err != nil {
				return err
			}
		}
		if err := s.CheckParams(vs[i].Set); err != nil {
			return err
		}
	}
	if spread {
		return spreadOf(w, s, vs, draw)
	}
	bestCPU, bestWall := time.Duration(1<<62), time.Duration(1<<62)
	for b := range batches {
		c0, err := cpu()
		if err != nil {
			return err
		}
		t0 := time.Now()
		for i, v := range vs {
			if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v, Run: uint64(b*runs + i)}, discard{}); err != nil {
				return err
			}
		}
		wall := time.Since(t0)
		c1, err := cpu()
		if err != nil {
			return err
		}
		bestCPU = min(bestCPU, (c1-c0)/time.Duration(runs))
		bestWall = min(bestWall, wall/time.Duration(runs))
	}
	fmt.Printf("%s, %s: cpu %.3f ms/run, wall %.3f ms/run (best of %d batches of %d runs)\n",
		name, draw, bestCPU.Seconds()*1e3, bestWall.Seconds()*1e3, batches, runs)
	return nil
}

// spreadOf times each run on its own, by the CPU clock, and prints the
// spread.
func spreadOf(w *sim.World, s *scenario.Scenario, vs []params.Values, draw string) error {
	type one struct {
		run int
		ms  float64
	}
	// One untimed run first: the first run pays for page faults and cold
	// caches.
	if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: vs[0]}, discard{}); err != nil {
		return err
	}
	all := make([]one, len(vs))
	total := 0.0
	for i, v := range vs {
		c0, err := cpu()
		if err != nil {
			return err
		}
		if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v, Run: uint64(i)}, discard{}); err != nil {
			return err
		}
		c1, err := cpu()
		if err != nil {
			return err
		}
		all[i] = one{i, (c1 - c0).Seconds() * 1e3}
		total += all[i].ms
	}
	slices.SortFunc(all, func(a, b one) int {
		switch {
		case a.ms > b.ms:
			return -1
		case a.ms < b.ms:
			return 1
		}
		return a.run - b.run
	})
	n := len(all)
	fmt.Printf("%s, %s, %d runs: cpu ms/run mean %.2f, median %.2f, 90th percentile %.2f, slowest %.2f\n",
		s.Name, draw, n, total/float64(n), all[n/2].ms, all[n/10].ms, all[0].ms)
	fmt.Printf("slowest draws:")
	for _, o := range all[:min(5, n)] {
		fmt.Printf(" run %d %.1f ms;", o.run, o.ms)
	}
	fmt.Println()
	return nil
}
