package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"golang.org/x/sync/errgroup"

	"github.com/cartelsim/cartelsim/ensemble"
)

// Coordinator is an ensemble.Executor that hands runs to workers over
// NATS and passes their members on to ensemble.Run, which folds and
// commits them as it does for local runs.
type Coordinator struct {
	JS jetstream.JetStream
	// ID is the ensemble's Spec.ID and Job what workers rebuild it from.
	ID  string
	Job Job
	// Storage of the streams (the zero value is file storage).
	Storage Storage
	// Chunk is the number of runs per task (0: 8).
	Chunk int
	// InFlight bounds the runs handed out and not yet back (0: 2048), so
	// that memory does not grow with the number of runs.
	InFlight int
	// Log, if set, gets a line when the ensemble stalls (no worker) and
	// when a worker cannot run the ensemble.
	Log io.Writer
	// StallAfter is how long without results before saying so (0: 30 s).
	StallAfter time.Duration
}

// Execute implements ensemble.Executor.
func (c *Coordinator) Execute(ctx context.Context, m *ensemble.Model, runs <-chan uint64, out chan<- *ensemble.Member) error {
	feed := func(ctx context.Context, emit func(uint64, []float64) error) error {
		for {
			select {
			case run, ok := <-runs:
				if !ok {
					return nil
				}
				if err := emit(run, nil); err != nil {
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	take := func(ctx context.Context, run uint64, data []byte) error {
		mb := m.Member()
		if err := decodeMember(data, mb); err != nil {
			m.Recycle(mb)
			return fmt.Errorf("cluster: result of run %d: %w", run, err)
		}
		mb.Run = run
		select {
		case out <- mb:
			return nil
		case <-ctx.Done():
			m.Recycle(mb)
			return ctx.Err()
		}
	}
	return c.dispatch(ctx, feed, take)
}

// dispatch runs one coordinator session: it stores the job, hands out the
// indices feed emits (with their points, for a points job) in tasks of
// Chunk, and gives take each index's result the first time it comes back,
// until every index handed out has come back.
func (c *Coordinator) dispatch(ctx context.Context, feed func(context.Context, func(uint64, []float64) error) error, take func(context.Context, uint64, []byte) error) error {
	chunk := c.Chunk
	if chunk <= 0 {
		chunk = 8
	}
	inFlight := c.InFlight
	if inFlight <= 0 {
		inFlight = 2048
	}
	inFlight = max(inFlight, chunk)
	stall := c.StallAfter
	if stall <= 0 {
		stall = 30 * time.Second
	}
	tasks, results, kv, err := ensure(ctx, c.JS, c.Storage)
	if err != nil {
		return err
	}
	job, err := json.Marshal(c.Job)
	if err != nil {
		return fmt.Errorf("cluster: encoding the job: %w", err)
	}
	if _, err := kv.Put(ctx, c.ID, job); err != nil {
		return fmt.Errorf("cluster: storing job %s: %w", c.ID, err)
	}
	// Tasks and results of an earlier session of this job (one
	// interrupted, say) are stale: the caller says what is left to run.
	if err := c.purge(ctx, tasks, results); err != nil {
		return err
	}
	coordName := "cartelsim-coordinator-" + c.ID
	cons, err := c.JS.CreateOrUpdateConsumer(ctx, resultsStream, jetstream.ConsumerConfig{
		Durable:       coordName,
		AckPolicy:     jetstream.AckExplicitPolicy,
		FilterSubject: resultSubject(c.ID),
		MaxAckPending: 4096,
	})
	if err != nil {
		return wrapJS("creating the coordinator's consumer", err)
	}
	defer func() {
		// Leave nothing for workers to pick up after this session,
		// whether it finished, failed or was interrupted.
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.purge(cctx, tasks, results)
		_ = c.JS.DeleteConsumer(cctx, resultsStream, coordName)
	}()

	session := nuid.Next()
	var (
		mu        sync.Mutex
		pending   = map[uint64]bool{}
		published uint64
		received  uint64
		pubDone   bool
	)
	slots := make(chan struct{}, inFlight)
	g, gctx := errgroup.WithContext(ctx)

	g.Go(func() error {
		t := task{Session: session}
		flush := func() error {
			if len(t.Runs) == 0 {
				return nil
			}
			b, _ := json.Marshal(t)
			if _, err := c.JS.Publish(gctx, taskSubject(c.ID), b); err != nil {
				return fmt.Errorf("cluster: publishing a task: %w", err)
			}
			t.Runs, t.Points = t.Runs[:0], nil
			return nil
		}
		emit := func(run uint64, pt []float64) error {
			select {
			case slots <- struct{}{}:
			case <-gctx.Done():
				return gctx.Err()
			}
			mu.Lock()
			pending[run] = true
			published++
			mu.Unlock()
			t.Runs = append(t.Runs, run)
			if pt != nil {
				t.Points = append(t.Points, pt)
			}
			if len(t.Runs) == chunk {
				return flush()
			}
			return nil
		}
		if err := feed(gctx, emit); err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		mu.Lock()
		pubDone = true
		mu.Unlock()
		return nil
	})

	g.Go(func() error {
		it, err := cons.Messages(jetstream.PullMaxMessages(64))
		if err != nil {
			return fmt.Errorf("cluster: reading results: %w", err)
		}
		defer it.Stop()
		last := time.Now()
		warned := map[string]bool{}
		for {
			mu.Lock()
			done := pubDone && received == published
			waiting := published - received
			mu.Unlock()
			if done {
				return nil
			}
			msg, err := it.Next(jetstream.NextMaxWait(250 * time.Millisecond))
			switch {
			case gctx.Err() != nil:
				return gctx.Err()
			case errors.Is(err, nats.ErrTimeout):
				if waiting > 0 && time.Since(last) > stall {
					c.logf("cluster: no result for %s with %d runs handed out; are workers running ('cartelsim worker --nats URL')?", stall, waiting)
					last = time.Now()
				}
				continue
			case err != nil:
				return fmt.Errorf("cluster: reading results: %w", err)
			}
			h := msg.Headers()
			run, perr := strconv.ParseUint(h.Get(hdrRun), 10, 64)
			if perr != nil || h.Get(hdrSession) != session {
				_ = msg.Ack()
				continue
			}
			if e := h.Get(hdrError); e != "" {
				_ = msg.Ack()
				if h.Get(hdrWorker) == "" {
					return fmt.Errorf("cluster: %s", e)
				}
				if !warned[e] {
					warned[e] = true
					c.logf("cluster: %s", e)
				}
				continue
			}
			mu.Lock()
			fresh := pending[run]
			delete(pending, run)
			if fresh {
				received++
			}
			mu.Unlock()
			if !fresh {
				// A redelivered task's run that already came back.
				_ = msg.Ack()
				continue
			}
			if err := take(gctx, run, msg.Data()); err != nil {
				return err
			}
			_ = msg.Ack()
			<-slots
			last = time.Now()
		}
	})
	return g.Wait()
}

func (c *Coordinator) purge(ctx context.Context, tasks, results jetstream.Stream) error {
	if err := tasks.Purge(ctx, jetstream.WithPurgeSubject(taskSubject(c.ID))); err != nil {
		return fmt.Errorf("cluster: clearing old tasks of %s: %w", c.ID, err)
	}
	if err := results.Purge(ctx, jetstream.WithPurgeSubject(resultSubject(c.ID))); err != nil {
		return fmt.Errorf("cluster: clearing old results of %s: %w", c.ID, err)
	}
	return nil
}

func (c *Coordinator) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}
