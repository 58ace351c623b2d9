package cluster

import (
	"context"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/scenario"
)

// BenchmarkExecutors compares the cost of a baseline run (2015–2035, all
// modules, parameters at their defaults) on local goroutines and through
// the NATS path: an embedded server, two in-process workers over TCP
// loopback, every member encoded, stored in JetStream and decoded. The
// difference is the transport's overhead per run.
//
//	go test ./cluster -run '^$' -bench Executors -benchtime 400x
func BenchmarkExecutors(b *testing.B) {
	s := simtest.Builtin(b, "baseline")
	m, err := ensemble.NewModel(context.Background(), simtest.World(b), simtest.Registry(b), []*scenario.Scenario{s}, ensemble.Defaults{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	// One ensemble of b.N runs per measurement: the executors hand out
	// runs in a stream, so the runs are the unit, not the ensemble.
	b.Run("local-2", func(b *testing.B) {
		ex := ensemble.Local{Workers: 2}
		b.ResetTimer()
		runWith(b, m, ex, uint64(b.N))
	})
	b.Run("nats-2", func(b *testing.B) {
		srv := natsServer(b)
		c := coordinator(b, srv.URL(), m, uint64(b.N))
		startWorker(b, srv.URL(), &Worker{Build: sameModel(m, c.ID), Concurrency: 2})
		b.ResetTimer()
		runWith(b, m, c, uint64(b.N))
	})
}
