// Command memflat measures the ensemble engine's memory against the number
// of runs: it drives ensemble.Run and the SQLite store with a synthetic
// executor whose members have the layout of the real baseline but values
// drawn from lognormal noise, so that a million runs take minutes instead
// of the model's hours. It prints the peak Go heap and the process's peak
// resident memory.
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"syscall"
	"time"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/store"
)

// synthetic fills members with noise around the layout's default run.
type synthetic struct{ base [][]float64 }

func (s synthetic) Execute(ctx context.Context, m *ensemble.Model, runs <-chan uint64, out chan<- *ensemble.Member) error {
	// A ring of members larger than what the engine holds at once (its
	// channel and one batch, 64 each), as the local executor's pool would.
	ring := make([]*ensemble.Member, 256)
	for i := range ring {
		ring[i] = &ensemble.Member{Params: make([]float64, m.Registry.Len()), Values: make([][]float64, len(s.base))}
		for k, b := range s.base {
			ring[i].Values[k] = make([]float64, len(b))
		}
	}
	for run := range runs {
		rng := sim.NewRand(1, run, sim.StreamParams)
		mb := ring[run%uint64(len(ring))]
		mb.Run = run
		for i, b := range s.base {
			for j, x := range b {
				mb.Values[i][j] = x * math.Exp(0.2*rng.NormFloat64())
			}
		}
		select {
		case out <- mb:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func main() {
	n := flag.Uint64("runs", 10000, "runs")
	dir := flag.String("dir", os.TempDir(), "folder for the results file")
	flag.Parse()
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "memflat:", err)
		os.Exit(1)
	}
}

func run(n uint64, dir string) error {
	ctx := context.Background()
	w, err := sim.LoadWorld()
	if err != nil {
		return err
	}
	reg, err := sim.Registry()
	if err != nil {
		return err
	}
	base, err := scenario.Builtin("baseline")
	if err != nil {
		return err
	}
	m, err := ensemble.NewModel(ctx, w, reg, []*scenario.Scenario{base}, ensemble.Defaults{}, 1)
	if err != nil {
		return err
	}
	mb := &ensemble.Member{Values: [][]float64{make([]float64, m.Layouts[0].Cells())}}
	if err := m.Simulate(ctx, 0, mb); err != nil {
		return err
	}
	path := filepath.Join(dir, fmt.Sprintf("memflat-%d.db", n))
	os.Remove(path)
	os.Remove(path + "-wal")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	sp, _ := ensemble.NewSpec("memflat", m, n, "synthetic")
	if err := st.Begin(store.Ensemble{ID: sp.ID(), Spec: sp.JSON(), Runs: n, Shards: 1}, false); err != nil {
		return err
	}
	state := ensemble.NewState(m, n)
	// The live heap after a collection at every checkpoint: what the
	// engine holds, without the garbage a collector may leave for later.
	var peakLive uint64
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	sink := sinkFunc(func(s *ensemble.State, recs []ensemble.RunRecord) error {
		err := st.Checkpoint(sp.ID(), 1, s, recs, "")
		runtime.GC()
		metrics.Read(sample)
		peakLive = max(peakLive, sample[0].Value.Uint64())
		return err
	})
	start := time.Now()
	err = ensemble.Run(ctx, m, synthetic{base: mb.Values}, state, n, ensemble.Options{Every: 10 * time.Second}, sink)
	if err != nil {
		return err
	}
	if err := st.Finish(sp.ID(), m, state); err != nil {
		return err
	}
	el := time.Since(start)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fi, _ := os.Stat(path)
	fmt.Printf("runs=%d cells=%d elapsed=%s peak_live_heap_MiB=%.1f max_rss_MiB=%.1f bins=%d db_MiB=%.1f gomaxprocs=%d\n",
		n, m.Layouts[0].Cells(), el.Round(time.Millisecond), float64(peakLive)/(1<<20), float64(ru.Maxrss)/1024,
		state.Hists[0].Bins(), float64(fi.Size())/(1<<20), runtime.GOMAXPROCS(0))
	return nil
}

type sinkFunc func(*ensemble.State, []ensemble.RunRecord) error

func (f sinkFunc) Commit(s *ensemble.State, r []ensemble.RunRecord) error { return f(s, r) }
