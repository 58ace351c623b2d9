package cluster

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/scenario"
)

// testModel is the baseline cut to its first year, so that tests of the
// transport run hundreds of runs in seconds.
func testModel(tb testing.TB) *ensemble.Model {
	tb.Helper()
	var scs []*scenario.Scenario
	for _, text := range []string{
		"name: short\nstart: 2015-01\nend: 2015-12\nseed: 1\n",
		"name: short-intel\nstart: 2015-01\nend: 2015-12\nseed: 1\nlevers:\n  - kind: intel_sharing\n    start: 2015-06\n    end: 2015-12\n    intensity: 0.5\n",
	} {
		s, err := scenario.Parse("test", []byte(text))
		if err != nil {
			tb.Fatal(err)
		}
		scs = append(scs, s)
	}
	m, err := ensemble.NewModel(context.Background(), simtest.World(tb), simtest.Registry(tb), scs, ensemble.Prior{}, 11)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

type nopSink struct{}

func (nopSink) Commit(*ensemble.State, []ensemble.RunRecord) error { return nil }

func encode(tb testing.TB, st *ensemble.State) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, h := range st.Hists {
		b, err := h.MarshalBinary()
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// server starts an embedded NATS server on a free loopback port.
func natsServer(tb testing.TB) *Server {
	tb.Helper()
	s, err := StartServer("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

func connect(tb testing.TB, url string) jetstream.JetStream {
	tb.Helper()
	nc, js, err := Connect(url, tb.Name(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(nc.Close)
	return js
}

// sameModel is a Builder for workers in the test process: it hands out m
// when the job is m's.
func sameModel(m *ensemble.Model, id string) Builder {
	return func(_ context.Context, got string, job Job) (*ensemble.Model, error) {
		if got != id || job.Spec == "" {
			return nil, errors.New("not the test's ensemble")
		}
		return m, nil
	}
}

// startWorker runs a worker on its own connection until the test ends.
func startWorker(tb testing.TB, url string, w *Worker) {
	tb.Helper()
	w.JS = connect(tb, url)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = w.Serve(ctx) })
	tb.Cleanup(func() { cancel(); wg.Wait() })
}

func coordinator(tb testing.TB, url string, m *ensemble.Model, runs uint64) *Coordinator {
	tb.Helper()
	spec, err := ensemble.NewSpec("test", m, runs, "prior")
	if err != nil {
		tb.Fatal(err)
	}
	return &Coordinator{JS: connect(tb, url), ID: spec.ID(), Job: Job{Spec: spec.JSON()}, Storage: MemoryStorage, Chunk: 3}
}

func runWith(tb testing.TB, m *ensemble.Model, ex ensemble.Executor, n uint64) *ensemble.State {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st := ensemble.NewState(m, n)
	if err := ensemble.Run(ctx, m, ex, st, n, ensemble.Options{}, nopSink{}); err != nil {
		tb.Fatal(err)
	}
	if got := st.Done.Count(); got != n {
		tb.Fatalf("%d runs done, want %d", got, n)
	}
	return st
}

// TestClusterMatchesLocal: an ensemble run by two workers over a real NATS
// server gives byte-identical summaries to one run on local goroutines
// (issue 6, item 7; DESIGN §5 "identical whatever the number of workers or
// machines").
func TestClusterMatchesLocal(t *testing.T) {
	t.Parallel()
	m := testModel(t)
	const n = 40
	want := encode(t, runWith(t, m, ensemble.Local{Workers: 2}, n))
	srv := natsServer(t)
	c := coordinator(t, srv.URL(), m, n)
	for range 2 {
		startWorker(t, srv.URL(), &Worker{Build: sameModel(m, c.ID), Concurrency: 1})
	}
	got := encode(t, runWith(t, m, c, n))
	if !slices.EqualFunc(got, want, bytes.Equal) {
		t.Error("summaries over NATS differ from local ones")
	}
}

// TestLostWorkerTaskIsRedelivered: a worker that takes a task and dies
// without acknowledging it loses nothing: after the ack wait another
// worker runs the task, and no run is counted twice.
func TestLostWorkerTaskIsRedelivered(t *testing.T) {
	t.Parallel()
	m := testModel(t)
	const n = 12
	want := encode(t, runWith(t, m, ensemble.Local{Workers: 1}, n))
	srv := natsServer(t)
	c := coordinator(t, srv.URL(), m, n)
	const ackWait = 500 * time.Millisecond

	// The dying worker: it joins the consumer, takes the first task and
	// never answers, as a killed process would.
	js := connect(t, srv.URL())
	took := make(chan []byte, 1)
	go func() {
		ctx := context.Background()
		for {
			cons, err := js.CreateOrUpdateConsumer(ctx, tasksStream, consumerConfig(ackWait))
			if err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			batch, err := cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
			if err != nil {
				continue
			}
			for msg := range batch.Messages() {
				took <- msg.Data()
				return
			}
		}
	}()
	var good Worker
	good.Build, good.Concurrency, good.AckWait = sameModel(m, c.ID), 1, ackWait
	go func() {
		// The good worker starts once the dying one holds a task.
		<-took
		startWorker(t, srv.URL(), &good)
	}()
	got := encode(t, runWith(t, m, c, n))
	if !slices.EqualFunc(got, want, bytes.Equal) {
		t.Error("summaries after a lost task differ from local ones")
	}
	// At least once: on a loaded machine a slow run can outlast its lease
	// and be delivered again, which the coordinator drops (the summaries
	// above are the proof); what matters is that no run was left undone.
	if good.Runs() < n {
		t.Errorf("the surviving worker ran %d runs, want all %d", good.Runs(), n)
	}
}

// TestWorkerOfAnotherModel: a worker whose model differs from the
// ensemble's refuses it and says so to the coordinator; the ensemble
// completes once a matching worker joins.
func TestWorkerOfAnotherModel(t *testing.T) {
	t.Parallel()
	m := testModel(t)
	const n = 6
	srv := natsServer(t)
	c := coordinator(t, srv.URL(), m, n)
	var log syncBuffer
	c.Log = &log
	startWorker(t, srv.URL(), &Worker{Concurrency: 1, Retry: 50 * time.Millisecond, Build: func(context.Context, string, Job) (*ensemble.Model, error) {
		return nil, errors.New("this worker's model is version other, the ensemble's test")
	}})
	go func() {
		for !strings.Contains(log.String(), "cannot run ensemble") {
			time.Sleep(20 * time.Millisecond)
		}
		startWorker(t, srv.URL(), &Worker{Build: sameModel(m, c.ID), Concurrency: 1})
	}()
	runWith(t, m, c, n)
	if !strings.Contains(log.String(), "version other") {
		t.Errorf("the coordinator did not report the mismatched worker: %q", log.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestStartServerBusyPort: a port in use is an error that names it.
func TestStartServerBusyPort(t *testing.T) {
	srv := natsServer(t)
	addr := strings.TrimPrefix(srv.URL(), "nats://")
	if _, err := StartServer(addr); err == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("second server on %s: %v, want an error naming the address", addr, err)
	}
	for _, bad := range []string{"4222", "host:port", "127.0.0.1:70000"} {
		if _, err := StartServer(bad); err == nil {
			t.Errorf("StartServer(%q) did not fail", bad)
		}
	}
}

// TestCoordinatorResumesAfterInterruption: an ensemble over NATS stopped
// half-way (Ctrl-C, a crash) and continued by a new coordinator session
// from the saved state counts every run once: the first session's leftover
// tasks and results are purged or ignored, and the summaries equal a local
// run's.
func TestCoordinatorResumesAfterInterruption(t *testing.T) {
	t.Parallel()
	m := testModel(t)
	// Progress comes after each batch of 64 folded runs: stop after the
	// first, well before the end.
	const n = 320
	want := encode(t, runWith(t, m, ensemble.Local{Workers: 2}, n))
	srv := natsServer(t)
	c := coordinator(t, srv.URL(), m, n)
	startWorker(t, srv.URL(), &Worker{Build: sameModel(m, c.ID), Concurrency: 2})

	st := ensemble.NewState(m, n)
	ctx, cancel := context.WithCancel(context.Background())
	stop := &stopAfter{n: 1, cancel: cancel}
	err := ensemble.Run(ctx, m, c, st, n, ensemble.Options{Progress: stop.progress}, nopSink{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v, want context.Canceled", err)
	}
	done := st.Done.Count()
	if done == 0 || done >= n {
		t.Fatalf("%d runs done before the interruption, want some but not all", done)
	}
	t.Logf("interrupted after %d of %d runs", done, n)
	// A new session (another Execute) continues from the state.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel2()
	if err := ensemble.Run(ctx2, m, c, st, n, ensemble.Options{}, nopSink{}); err != nil {
		t.Fatal(err)
	}
	if got := st.Done.Count(); got != n {
		t.Fatalf("%d runs after resuming, want %d", got, n)
	}
	if !slices.EqualFunc(encode(t, st), want, bytes.Equal) {
		t.Errorf("summaries after an interruption at %d runs differ from a local run", done)
	}
}

// stopAfter cancels once n runs are folded.
type stopAfter struct {
	n      uint64
	cancel context.CancelFunc
}

func (s *stopAfter) progress(done, _ uint64) {
	if done >= s.n {
		s.cancel()
	}
}
