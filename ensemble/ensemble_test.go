package ensemble_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

var (
	worldOnce sync.Once
	world     *sim.World
	worldErr  error
)

func model(tb testing.TB, smp ensemble.Sampler, names ...string) *ensemble.Model {
	tb.Helper()
	worldOnce.Do(func() { world, worldErr = sim.LoadWorld() })
	if worldErr != nil {
		tb.Fatal(worldErr)
	}
	reg, err := sim.Registry()
	if err != nil {
		tb.Fatal(err)
	}
	var scs []*scenario.Scenario
	for _, n := range names {
		var s *scenario.Scenario
		var err error
		switch n {
		case "short", "short-intel":
			// The model's first year keeps the tests fast.
			text := "name: " + n + "\nstart: 2015-01\nend: 2015-12\nseed: 1\n"
			if n == "short-intel" {
				text += "levers:\n  - kind: intel_sharing\n    start: 2015-06\n    end: 2015-12\n    intensity: 0.5\n"
			}
			s, err = scenario.Parse(n, []byte(text))
		default:
			s, err = scenario.Builtin(n)
		}
		if err != nil {
			tb.Fatal(err)
		}
		scs = append(scs, s)
	}
	m, err := ensemble.NewModel(context.Background(), world, reg, scs, smp, 7)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// memSink keeps the encoded state of every commit.
type memSink struct {
	commits int
	runs    []uint64
}

func (s *memSink) Commit(_ *ensemble.State, recs []ensemble.RunRecord) error {
	s.commits++
	for _, r := range recs {
		s.runs = append(s.runs, r.Run)
	}
	return nil
}

func encode(tb testing.TB, st *ensemble.State) [][]byte {
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

func run(tb testing.TB, m *ensemble.Model, n uint64, workers int, shard, shards uint64) (*ensemble.State, *memSink) {
	tb.Helper()
	st := ensemble.NewState(m, n)
	sk := &memSink{}
	if err := ensemble.Run(context.Background(), m, ensemble.Local{Workers: workers}, st, n, ensemble.Options{Shard: shard, Shards: shards}, sk); err != nil {
		tb.Fatal(err)
	}
	return st, sk
}

// TestIdenticalAcrossWorkersAndShards: the summaries do not depend on the
// number of workers or on sharding (issue 6, items 6 and 7).
func TestIdenticalAcrossWorkersAndShards(t *testing.T) {
	t.Parallel()
	m := model(t, ensemble.Defaults{}, "short", "short-intel")
	const n = 24
	one, sk := run(t, m, n, 1, 0, 1)
	if got := one.Done.Count(); got != n {
		t.Fatalf("%d runs done, want %d", got, n)
	}
	slices.Sort(sk.runs)
	if len(slices.Compact(sk.runs)) != n {
		t.Fatalf("the sink saw %d distinct runs, want %d", len(sk.runs), n)
	}
	want := encode(t, one)
	four, _ := run(t, m, n, 4, 0, 1)
	if !slices.EqualFunc(encode(t, four), want, slices.Equal) {
		t.Error("4 workers give other summaries than 1")
	}
	merged := ensemble.NewState(m, n)
	for s := range uint64(3) {
		part, _ := run(t, m, n, 2, s, 3)
		if err := merged.Merge(part); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.EqualFunc(encode(t, merged), want, slices.Equal) {
		t.Error("3 merged shards give other summaries than one run")
	}
	if err := merged.Merge(four); err == nil {
		t.Error("merging overlapping runs did not fail")
	}
}

// TestCommonRandomNumbers: run i of two scenarios uses the same parameter
// draw, and scenarios differ only after their levers start.
func TestCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	m := model(t, ensemble.Prior{}, "short", "short-intel")
	a, b := &ensemble.Member{Values: make([][]float64, 2)}, &ensemble.Member{Values: make([][]float64, 2)}
	for i, l := range m.Layouts {
		a.Values[i] = make([]float64, l.Cells())
		b.Values[i] = make([]float64, l.Cells())
	}
	if err := m.Simulate(context.Background(), 3, a); err != nil {
		t.Fatal(err)
	}
	if err := m.Simulate(context.Background(), 4, b); err != nil {
		t.Fatal(err)
	}
	if slices.Equal(a.Params, b.Params) {
		t.Fatal("runs 3 and 4 drew the same parameters")
	}
	// Before June 2015 no lever acts: the two scenarios' first five months
	// of run 3 must agree exactly.
	l := m.Layouts[0]
	for i := range l.Cells() {
		_, period := l.Cell(i)
		if period >= "2015-06" || len(period) == 4 {
			break
		}
		if a.Values[0][i] != a.Values[1][i] {
			s, _ := l.Cell(i)
			t.Fatalf("%s %s %s: baseline %g, strikes %g before any lever", s.Variable, s.Region, period, a.Values[0][i], a.Values[1][i])
		}
	}
}

// TestQuantileAccuracy: histogram quantiles are within RelAccuracy of the
// exact type-1 sample quantile.
func TestQuantileAccuracy(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	h := ensemble.NewHist(3)
	var xs [3][]float64
	for range 5000 {
		v := []float64{math.Exp(rng.NormFloat64() * 2), rng.NormFloat64() * 1e4, float64(rng.IntN(3))}
		h.Add(v)
		for j := range v {
			xs[j] = append(xs[j], v[j])
		}
	}
	out := make([]float64, len(ensemble.Quantiles))
	for j := range xs {
		slices.Sort(xs[j])
		n := h.Quantiles(j, ensemble.Quantiles, out)
		if n != 5000 {
			t.Fatalf("cell %d counts %d", j, n)
		}
		for k, q := range ensemble.Quantiles {
			r := int(math.Ceil(q*float64(len(xs[j])))) - 1
			exact := xs[j][r]
			if d := math.Abs(out[k] - exact); d > ensemble.RelAccuracy*math.Abs(exact)+1e-12 {
				t.Errorf("cell %d q%.2f: %g, exact %g (relative error %.4f)", j, q, out[k], exact, d/math.Abs(exact))
			}
		}
	}
	// Encoding round-trips.
	b, _ := h.MarshalBinary()
	var g ensemble.Hist
	if err := g.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	b2, _ := g.MarshalBinary()
	if !slices.Equal(b, b2) {
		t.Error("histogram encoding does not round-trip")
	}
	if err := g.UnmarshalBinary(b[:len(b)-1]); err == nil {
		t.Error("a truncated encoding decoded without error")
	}
}

// BenchmarkEnsemble measures runs per second of the full model with prior
// draws, summaries included: b.N runs of the baseline.
func BenchmarkEnsemble(b *testing.B) {
	m := model(b, ensemble.Prior{}, "baseline")
	st := ensemble.NewState(m, uint64(b.N))
	b.ResetTimer()
	if err := ensemble.Run(context.Background(), m, ensemble.Local{}, st, uint64(b.N), ensemble.Options{}, &memSink{}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}

// BenchmarkSimulate is one member (draw, check, run, record) on one core.
func BenchmarkSimulate(b *testing.B) {
	for _, smp := range []ensemble.Sampler{ensemble.Defaults{}, ensemble.Prior{}} {
		b.Run(smp.Name(), func(b *testing.B) {
			m := model(b, smp, "baseline")
			mb := &ensemble.Member{Values: [][]float64{make([]float64, m.Layouts[0].Cells())}}
			for i := 0; b.Loop(); i++ {
				if err := m.Simulate(context.Background(), uint64(i), mb); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHistAdd is the engine's own cost per run: folding one member of
// the baseline's size (about 55,000 values) into the histograms.
func BenchmarkHistAdd(b *testing.B) {
	const cells = 55000
	rng := rand.New(rand.NewPCG(1, 1))
	members := make([][]float64, 64)
	for i := range members {
		members[i] = make([]float64, cells)
		for j := range members[i] {
			members[i][j] = float64(j+1) * math.Exp(0.3*rng.NormFloat64())
		}
	}
	b.Run("one-by-one", func(b *testing.B) {
		h := ensemble.NewHist(cells)
		for i := 0; b.Loop(); i++ {
			h.Add(members[i%len(members)])
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/cells, "ns/value")
	})
	// Run folds batches of 64 members cell by cell.
	b.Run("batch-64", func(b *testing.B) {
		h := ensemble.NewHist(cells)
		for b.Loop() {
			h.AddBatch(members)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/cells/64, "ns/value")
	})
}
