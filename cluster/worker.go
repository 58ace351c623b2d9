package cluster

import (
	"context"
	"encoding/json"
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

// PointFunc evaluates one point of a points job.
type PointFunc func(ctx context.Context, u []float64) ([]float64, error)

// PointBuilder turns a points job into its function; like a Builder it
// must fail for a job it would not evaluate as the coordinator does.
type PointBuilder func(ctx context.Context, id string, job Job) (PointFunc, error)

// Worker pulls tasks and runs them. Its zero values are documented on
// each field.
type Worker struct {
	JS    jetstream.JetStream
	Build Builder
	// BuildPoints, if set, lets the worker take points jobs.
	BuildPoints PointBuilder
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

// built is a job's model or point function, being built or ready, shared
// by the worker's loops.
type built struct {
	ready chan struct{}
	m     *ensemble.Model
	f     PointFunc
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
	b, err := w.job(ctx, kv, id)
	if err != nil {
		w.logf("worker: job %s: %v", id, err)
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
	if b.f != nil {
		w.points(ctx, id, t, b.f, msg)
		return
	}
	m := b.m
	w.serveTask(ctx, id, t, msg, func(i int) (*nats.Msg, bool) {
		run := t.Runs[i]
		mb := m.Member()
		defer m.Recycle(mb)
		if err := m.Simulate(ctx, run, mb); err != nil {
			return errorMsg(id, t.Session, run, err), true
		}
		out := resultMsg(id, t.Session, mb)
		if max := w.maxPayload(); max > 0 && len(out.Data)+512 > max {
			return errorMsg(id, t.Session, run, fmt.Errorf("a run's result is %d bytes, over the NATS server's max_payload of %d; raise max_payload in the server's configuration", len(out.Data), max)), true
		}
		return out, false
	})
}

// serveTask publishes result(i) for the i-th index of t, extending the
// task's lease after each, and acknowledges the task at the end. A failed
// result terminates the task: runs are deterministic, so another worker
// would fail the same way. On cancellation it stops without either, and
// the task is redelivered.
func (w *Worker) serveTask(ctx context.Context, id string, t task, msg jetstream.Msg, result func(i int) (*nats.Msg, bool)) {
	for i, idx := range t.Runs {
		out, failed := result(i)
		if ctx.Err() != nil {
			return
		}
		if !w.publish(ctx, out, fmt.Sprintf("%s.%s.%d", id, t.Session, idx)) {
			return
		}
		if failed {
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

// points evaluates a points task, one result message per point.
func (w *Worker) points(ctx context.Context, id string, t task, f PointFunc, msg jetstream.Msg) {
	if t.Points == nil {
		w.logf("worker: a task of points job %s carries no points", id)
		_ = msg.Term()
		return
	}
	w.serveTask(ctx, id, t, msg, func(i int) (*nats.Msg, bool) {
		y, err := f(ctx, t.Points[i])
		if err != nil {
			return errorMsg(id, t.Session, t.Runs[i], err), true
		}
		return pointMsg(id, t.Session, t.Runs[i], y), false
	})
}

// job returns the job's model or point function, building it once per
// worker.
func (w *Worker) job(ctx context.Context, kv jetstream.KeyValue, id string) (*built, error) {
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
			return b, b.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	b.m, b.f, b.err = w.build(ctx, kv, id)
	close(b.ready)
	if b.err != nil {
		// Let a later task try again (the job may not be stored yet).
		w.mu.Lock()
		delete(w.models, id)
		w.mu.Unlock()
	} else if b.m != nil {
		w.logf("worker: joined ensemble %s (%d scenario(s))", id, len(b.m.Scenarios))
	} else {
		w.logf("worker: joined points job %s", id)
	}
	return b, b.err
}

func (w *Worker) build(ctx context.Context, kv jetstream.KeyValue, id string) (*ensemble.Model, PointFunc, error) {
	e, err := kv.Get(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("reading its job: %w", err)
	}
	var job Job
	if err := json.Unmarshal(e.Value(), &job); err != nil {
		return nil, nil, fmt.Errorf("malformed job: %w", err)
	}
	switch job.Kind {
	case "":
		if w.Build == nil {
			return nil, nil, fmt.Errorf("this worker runs no ensembles")
		}
		m, err := w.Build(ctx, id, job)
		return m, nil, err
	case PointsKind:
		if w.BuildPoints == nil {
			return nil, nil, fmt.Errorf("this worker evaluates no points jobs")
		}
		f, err := w.BuildPoints(ctx, id, job)
		return nil, f, err
	}
	return nil, nil, fmt.Errorf("unknown job kind %q", job.Kind)
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
