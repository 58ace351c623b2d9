package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/cartelsim/cartelsim/ensemble"
)

// Builder rebuilds an ensemble's model from its job. It must fail when the
// model it builds is not the one the spec describes (another version of
// cartelsim, another registry): runs of a different model would mix into
// the summaries unnoticed.
type Builder func(ctx context.Context, id string, job Job) (*ensemble.Model, error)

// Worker pulls tasks and runs them. Its zero values are documented on
// each field.
type Worker struct {
	JS    jetstream.JetStream
	Build Builder
	// Concurrency is the number of runs at a time (0: one per CPU).
	Concurrency int
	// AckWait is how long a task may go without news from its worker
	// before another worker gets it (0: 30 s).
	AckWait time.Duration
	// Log, if set, gets a line per ensemble joined and per failure.
	Log io.Writer
	// MaxPayload bounds a result message (0: the connection's limit).
	MaxPayload int
	// Retry is how long a task this worker cannot run (its model differs
	// from the ensemble's) waits before any worker gets it again (0: 10 s).
	Retry time.Duration

	mu     sync.Mutex
	models map[string]*built
	// runs counts the runs done, for the final line.
	runs uint64
}

// built is a model being built or ready, shared by the worker's loops.
type built struct {
	ready chan struct{}
	m     *ensemble.Model
	err   error
}

const defaultAckWait = 30 * time.Second

// consumerConfig is the one durable consumer all workers share; creating
// it again with the same settings is harmless.
func consumerConfig(ackWait time.Duration) jetstream.ConsumerConfig {
	if ackWait <= 0 {
		ackWait = defaultAckWait
	}
	return jetstream.ConsumerConfig{
		Durable:       workersName,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		FilterSubject: taskSubject("*"),
		MaxAckPending: 4096,
	}
}

// Serve runs tasks until ctx ends; it returns nil then. Until a
// coordinator has created the streams it waits, saying so once.
func (w *Worker) Serve(ctx context.Context) error {
	n := w.Concurrency
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { w.loop(ctx) })
	}
	wg.Wait()
	return nil
}

// Runs is the number of runs the worker has simulated.
func (w *Worker) Runs() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.runs
}

// attach finds the tasks stream and the jobs bucket a coordinator made and
// joins the workers' consumer.
func (w *Worker) attach(ctx context.Context) (jetstream.Consumer, jetstream.KeyValue, error) {
	if _, err := w.JS.Stream(ctx, tasksStream); err != nil {
		return nil, nil, wrapJS("finding the tasks stream (no ensemble started yet?)", err)
	}
	kv, err := w.JS.KeyValue(ctx, jobsBucket)
	if err != nil {
		return nil, nil, wrapJS("opening the jobs bucket", err)
	}
	cons, err := w.JS.CreateOrUpdateConsumer(ctx, tasksStream, consumerConfig(w.AckWait))
	if err != nil {
		return nil, nil, wrapJS("joining the workers' consumer", err)
	}
	return cons, kv, nil
}

func (w *Worker) loop(ctx context.Context) {
	var (
		cons    jetstream.Consumer
		kv      jetstream.KeyValue
		waiting string
	)
	for ctx.Err() == nil {
		if cons == nil {
			var err error
			if cons, kv, err = w.attach(ctx); err != nil {
				if ctx.Err() == nil && err.Error() != waiting {
					waiting = err.Error()
					w.logf("worker: waiting: %v", err)
				}
				sleep(ctx, 500*time.Millisecond)
				continue
			}
			waiting = ""
		}
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			// The stream or the consumer may have gone with its server:
			// attach again.
			cons = nil
			continue
		}
		for msg := range batch.Messages() {
			w.handle(ctx, kv, msg)
		}
		if err := batch.Error(); err != nil && ctx.Err() == nil {
			cons = nil
		}
	}
}

// handle runs one task. A failed run is reported to the coordinator and
// the task terminated: runs are deterministic, so another worker would
// fail the same way. A job the worker cannot build is left for other
// workers (a different version, say) after a pause.
func (w *Worker) handle(ctx context.Context, kv jetstream.KeyValue, msg jetstream.Msg) {
	id := strings.TrimPrefix(msg.Subject(), taskSubject(""))
	t, err := decodeTask(msg.Data())
	if err != nil {
		w.logf("worker: %v", err)
		_ = msg.Term()
		return
	}
	m, err := w.model(ctx, kv, id)
	if err != nil {
		w.logf("worker: ensemble %s: %v", id, err)
		em := errorMsg(id, t.Session, t.Runs[0], fmt.Errorf("a worker cannot run ensemble %s: %w", id, err))
		em.Header.Set(hdrWorker, "1")
		w.publish(ctx, em, "")
		retry := w.Retry
		if retry <= 0 {
			retry = 10 * time.Second
		}
		_ = msg.NakWithDelay(retry)
		return
	}
	for _, run := range t.Runs {
		mb := m.Member()
		err := m.Simulate(ctx, run, mb)
		if ctx.Err() != nil {
			// Stopping: leave the task to be redelivered.
			return
		}
		var out *nats.Msg
		if err != nil {
			out = errorMsg(id, t.Session, run, err)
		} else {
			out = resultMsg(id, t.Session, mb)
			if max := w.maxPayload(); max > 0 && len(out.Data)+512 > max {
				out = errorMsg(id, t.Session, run, fmt.Errorf("a run's result is %d bytes, over the NATS server's max_payload of %d; raise max_payload in the server's configuration", len(out.Data), max))
				err = errors.New("too large")
			}
		}
		m.Recycle(mb)
		if !w.publish(ctx, out, fmt.Sprintf("%s.%s.%d", id, t.Session, run)) {
			return
		}
		if err != nil {
			_ = msg.Term()
			return
		}
		w.mu.Lock()
		w.runs++
		w.mu.Unlock()
		_ = msg.InProgress()
	}
	if err := msg.Ack(); err != nil {
		w.logf("worker: acknowledging a task of %s: %v", id, err)
	}
}

func (w *Worker) maxPayload() int {
	if w.MaxPayload > 0 {
		return w.MaxPayload
	}
	return int(w.JS.Conn().MaxPayload())
}

// publish sends a result, waiting while the results stream is full. The
// message id makes a republished result (after a redelivery) a no-op.
func (w *Worker) publish(ctx context.Context, msg *nats.Msg, msgID string) bool {
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	for ctx.Err() == nil {
		if _, err := w.JS.PublishMsg(ctx, msg, opts...); err == nil {
			return true
		} else if ctx.Err() == nil {
			w.logf("worker: publishing a result (will retry): %v", err)
		}
		sleep(ctx, 500*time.Millisecond)
	}
	return false
}

// model returns the ensemble's model, building it once per worker.
func (w *Worker) model(ctx context.Context, kv jetstream.KeyValue, id string) (*ensemble.Model, error) {
	w.mu.Lock()
	if w.models == nil {
		w.models = map[string]*built{}
	}
	b, ok := w.models[id]
	if !ok {
		b = &built{ready: make(chan struct{})}
		w.models[id] = b
	}
	w.mu.Unlock()
	if ok {
		select {
		case <-b.ready:
			return b.m, b.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	b.m, b.err = w.build(ctx, kv, id)
	close(b.ready)
	if b.err != nil {
		// Let a later task try again (the job may not be stored yet).
		w.mu.Lock()
		delete(w.models, id)
		w.mu.Unlock()
	} else {
		w.logf("worker: joined ensemble %s (%d scenario(s))", id, len(b.m.Scenarios))
	}
	return b.m, b.err
}

func (w *Worker) build(ctx context.Context, kv jetstream.KeyValue, id string) (*ensemble.Model, error) {
	e, err := kv.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("reading its job: %w", err)
	}
	var job Job
	if err := json.Unmarshal(e.Value(), &job); err != nil {
		return nil, fmt.Errorf("malformed job: %w", err)
	}
	return w.Build(ctx, id, job)
}

func (w *Worker) logf(format string, args ...any) {
	if w.Log != nil {
		fmt.Fprintf(w.Log, format+"\n", args...)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
