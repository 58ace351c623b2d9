package ensemble

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Executor runs ensemble members. Local runs them on goroutines; a
// distributed backend (a NATS work queue, say) would implement the same
// interface, since a member is a pure function of (model, run index).
type Executor interface {
	// Execute simulates every run index received from runs and sends each
	// member to out. It returns when runs is closed and every member is
	// sent, or on the first error.
	Execute(ctx context.Context, m *Model, runs <-chan uint64, out chan<- *Member) error
}

// Local runs members on Workers goroutines (0: one per CPU).
type Local struct{ Workers int }

// Execute implements Executor.
func (l Local) Execute(ctx context.Context, m *Model, runs <-chan uint64, out chan<- *Member) error {
	n := l.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	g, ctx := errgroup.WithContext(ctx)
	for range n {
		g.Go(func() error {
			for run := range runs {
				mb := m.get()
				if err := m.Simulate(ctx, run, mb); err != nil {
					return err
				}
				select {
				case out <- mb:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// get and put recycle members: a member's buffers are the largest
// allocation of a run.
func (m *Model) get() *Member {
	if mb, ok := m.members.Get().(*Member); ok {
		return mb
	}
	return m.newMember()
}

func (m *Model) put(mb *Member) { m.members.Put(mb) }

// Member returns a member sized for m's layouts, for an Executor to fill;
// Run recycles the members it receives.
func (m *Model) Member() *Member { return m.get() }

// Recycle returns a member that an Executor filled but will not send.
func (m *Model) Recycle(mb *Member) { m.put(mb) }

// State is an ensemble's progress: the histograms of every scenario and the
// runs folded into them.
type State struct {
	Hists []*Hist
	Done  *Bitset
}

// NewState returns an empty state for m and n runs.
func NewState(m *Model, n uint64) *State {
	st := &State{Done: NewBitset(n)}
	for _, l := range m.Layouts {
		st.Hists = append(st.Hists, NewHist(l.Cells()))
	}
	return st
}

// Merge adds o, a state of the same model over other runs, to st. It fails
// if a run is in both.
func (st *State) Merge(o *State) error {
	if len(o.Hists) != len(st.Hists) || o.Done.Len() != st.Done.Len() {
		return fmt.Errorf("ensemble: merging states of different ensembles")
	}
	if n := st.Done.Overlap(o.Done); n > 0 {
		return fmt.Errorf("ensemble: %d runs are in both parts (run %d first)", n, st.Done.FirstOverlap(o.Done))
	}
	for i := range st.Hists {
		if err := st.Hists[i].Merge(o.Hists[i]); err != nil {
			return err
		}
	}
	st.Done.Or(o.Done)
	return nil
}

// RunRecord is a finished run, as the store catalogues it.
type RunRecord struct {
	Run    uint64
	Params []float64
}

// Sink saves progress. Commit must save st and recs atomically: after a
// crash, the saved histograms hold exactly the saved runs.
type Sink interface {
	Commit(st *State, recs []RunRecord) error
}

// Options of Run.
type Options struct {
	// Shard and Shards select run indices i with i % Shards == Shard.
	Shard, Shards uint64
	// Every is how often progress is committed (default 5 s).
	Every time.Duration
	// Progress, if set, is called after each batch with the runs done in
	// this slice and its total.
	Progress func(done, total uint64)
	// Paths, if set, is called with every member before it is folded in,
	// from one goroutine.
	Paths func(*Member) error
}

const batchSize = 64

// Run simulates every run of the shard not yet in st.Done, folds each into
// st and commits to sink every opt.Every and at the end. On cancellation it
// commits what is folded and returns the context's error.
func Run(ctx context.Context, m *Model, ex Executor, st *State, n uint64, opt Options, sink Sink) error {
	if opt.Shards == 0 {
		opt.Shards = 1
	}
	if opt.Shard >= opt.Shards {
		return fmt.Errorf("ensemble: shard %d of %d", opt.Shard, opt.Shards)
	}
	if opt.Every <= 0 {
		opt.Every = 5 * time.Second
	}
	var total, done uint64
	for i := opt.Shard; i < n; i += opt.Shards {
		total++
		if st.Done.Has(i) {
			done++
		}
	}
	runs := make(chan uint64, 256)
	// Members are large (every value of every scenario): keep few in flight.
	out := make(chan *Member, batchSize)
	ectx, cancel := context.WithCancel(ctx)
	defer cancel()
	var execErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(out)
		execErr = ex.Execute(ectx, m, runs, out)
	})
	wg.Go(func() {
		defer close(runs)
		for i := opt.Shard; i < n; i += opt.Shards {
			if st.Done.Has(i) {
				continue
			}
			select {
			case runs <- i:
			case <-ectx.Done():
				return
			}
		}
	})

	var (
		batch   []*Member
		recs    []RunRecord
		last    = time.Now()
		foldErr error
		vals    = make([][]float64, 0, batchSize)
	)
	fold := func() {
		if len(batch) == 0 {
			return
		}
		for s, h := range st.Hists {
			vals = vals[:0]
			for _, mb := range batch {
				vals = append(vals, mb.Values[s])
			}
			h.AddBatch(vals)
		}
		for _, mb := range batch {
			st.Done.Set(mb.Run)
			recs = append(recs, RunRecord{Run: mb.Run, Params: mb.Params})
			m.put(mb)
		}
		done += uint64(len(batch))
		batch = batch[:0]
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	commit := func() error {
		fold()
		if err := sink.Commit(st, recs); err != nil {
			return err
		}
		recs = nil
		last = time.Now()
		return nil
	}
	for mb := range out {
		if foldErr != nil {
			m.put(mb)
			continue
		}
		if st.Done.Has(mb.Run) {
			foldErr = fmt.Errorf("ensemble: run %d delivered twice", mb.Run)
			cancel()
			continue
		}
		if opt.Paths != nil {
			if err := opt.Paths(mb); err != nil {
				foldErr = err
				cancel()
				continue
			}
		}
		batch = append(batch, mb)
		if len(batch) == batchSize {
			fold()
		}
		if time.Since(last) >= opt.Every {
			if err := commit(); err != nil {
				foldErr = err
				cancel()
			}
		}
	}
	wg.Wait()
	if foldErr != nil {
		return foldErr
	}
	// Commit what was folded even when interrupted, so that --resume
	// starts from here.
	if err := commit(); err != nil {
		return err
	}
	if execErr != nil && !(errors.Is(execErr, context.Canceled) && ctx.Err() == nil) {
		return execErr
	}
	return ctx.Err()
}
