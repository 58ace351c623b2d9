package ensemble_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
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

// TestLayoutChecked: a run records by index into the layout its model
// learned, and fails, naming the mismatch, when its outputs are not that
// layout: other names in the same number, or another number.
func TestLayoutChecked(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		change func(l *ensemble.Layout)
		want   string
	}{
		{"renamed", func(l *ensemble.Layout) { l.Series[0], l.Series[1] = l.Series[1], l.Series[0] }, "where its layout has"},
		{"one series less", func(l *ensemble.Layout) { l.Series = l.Series[1:] }, "values in 2015-01 where its layout has"},
	} {
		m := model(t, ensemble.Defaults{}, "short")
		mb := &ensemble.Member{Values: [][]float64{make([]float64, m.Layouts[0].Cells())}}
		if err := m.Simulate(context.Background(), 0, mb); err != nil {
			t.Fatal(err)
		}
		m.Layouts[0].Series = slices.Clone(m.Layouts[0].Series)
		c.change(m.Layouts[0])
		err := m.Simulate(context.Background(), 0, mb)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one with %q", c.name, err, c.want)
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

// TestAddBatchCountsAsAdd: folding runs a batch at a time counts exactly
// what adding them one by one counts, whatever the batch size, for a
// number of cells that is not a multiple of the fold's chunk and values
// that span zero, signs, tiny magnitudes and NaN, added to
// histograms that already hold other runs (so cells grow both ways).
func TestAddBatchCountsAsAdd(t *testing.T) {
	t.Parallel()
	const cells = 1000
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, math.Copysign(0, -1), 1e-12, -1e-12, ensemble.Tiny, -ensemble.Tiny, math.NaN(), 1e9}
	draw := func(scale float64) []float64 {
		v := make([]float64, cells)
		for j := range v {
			switch r := rng.IntN(20); {
			case r == 0:
				v[j] = special[rng.IntN(len(special))]
			case r < 4:
				v[j] = -scale * math.Exp(rng.NormFloat64())
			default:
				v[j] = scale * float64(j+1) * math.Exp(rng.NormFloat64())
			}
		}
		return v
	}
	for _, size := range []int{1, 7, 64, 300} {
		one, batch := ensemble.NewHist(cells), ensemble.NewHist(cells)
		first := draw(1)
		one.Add(first)
		batch.Add(first)
		var runs [][]float64
		for range size {
			runs = append(runs, draw(float64(1+rng.IntN(1000))))
		}
		for _, v := range runs {
			one.Add(v)
		}
		batch.AddBatch(runs)
		a, _ := one.MarshalBinary()
		b, _ := batch.MarshalBinary()
		if !slices.Equal(a, b) {
			t.Errorf("batch of %d: AddBatch's histograms differ from Add's", size)
		}
	}
}

// TestHistSpan: a cell keeps at most SpanBins bins a sign however widely
// its values spread (zeros apart), quantiles among the folded magnitudes
// are off by less than 2^-16 of the largest, the others keep RelAccuracy,
// and the counts do not depend on the order of the runs or on how they
// are split and merged.
func TestHistSpan(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	var xs []float64
	for range 4000 {
		var x float64
		switch r := rng.IntN(10); {
		case r == 0:
			x = 0
		case r == 1:
			x = -math.Exp(rng.Float64() * 20) // −1 to −5e8
		default:
			x = math.Exp(-14 + 28*rng.Float64()) // 8e-7 to 1.2e6: 40 binary orders
		}
		xs = append(xs, x)
	}
	encode := func(order []float64, parts int) []byte {
		hs := make([]*ensemble.Hist, parts)
		for i := range hs {
			hs[i] = ensemble.NewHist(1)
		}
		for i, x := range order {
			hs[i%parts].Add([]float64{x})
		}
		for _, o := range hs[1:] {
			if err := hs[0].Merge(o); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := hs[0].MarshalBinary()
		return b
	}
	want := encode(xs, 1)
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	rev := slices.Clone(sorted)
	slices.Reverse(rev)
	for _, c := range []struct {
		name  string
		order []float64
		parts int
	}{{"ascending", sorted, 1}, {"descending", rev, 1}, {"random, 3 merged parts", xs, 3}, {"ascending, 7 merged parts", sorted, 7}} {
		if !slices.Equal(encode(c.order, c.parts), want) {
			t.Errorf("%s: histogram differs from the one of the runs in their first order", c.name)
		}
	}

	h := ensemble.NewHist(1)
	for _, x := range xs {
		h.Add([]float64{x})
	}
	if b := h.Bins(); b > 2*ensemble.SpanBins+ensemble.SpanBins/2 {
		t.Errorf("%d bins held; want about 2 × %d at most", b, ensemble.SpanBins)
	}
	largest := slices.Max(xs)
	floorGap := largest * math.Exp2(-16) * (1 + 1.0/128) // the folded bin's midpoint
	qs := []float64{0.02, 0.05, 0.1, 0.15, 0.25, 0.5, 0.75, 0.95, 0.99}
	out := make([]float64, len(qs))
	if n := h.Quantiles(0, qs, out); n != uint64(len(xs)) {
		t.Fatalf("count %d, want %d", n, len(xs))
	}
	for k, q := range qs {
		exact := sorted[int(math.Ceil(q*float64(len(sorted))))-1]
		d := math.Abs(out[k] - exact)
		if d > ensemble.RelAccuracy*math.Abs(exact)+1e-12 && !(exact > 0 && d < floorGap) {
			t.Errorf("q%.2f: %g, exact %g", q, out[k], exact)
		}
	}
}

// TestHistFormat: histograms saved by the first format (before zeros and
// signs were kept apart) are refused by name, not misread.
func TestHistFormat(t *testing.T) {
	var h ensemble.Hist
	for _, old := range [][]byte{
		{1, 5, 2, 1, 1},             // first format: one cell, bins from key −3, counts 1, 1
		{0, 2, 1, 0, 1, 2, 1, 1, 0}, // second: one cell, no zeros, bins 1-2 positive, no negatives
	} {
		if err := h.UnmarshalBinary(old); err == nil || !strings.Contains(err.Error(), "earlier cartelsim") {
			t.Errorf("format %d encoding: error %v, want one naming the earlier format", old[1], err)
		}
	}
}

// value is the midpoint of the bin that holds x.
func value(x float64) float64 {
	h := ensemble.NewHist(1)
	h.Add([]float64{x})
	out := []float64{0}
	h.Quantiles(0, []float64{0.5}, out)
	return out[0]
}

// TestHistCarry: a bin that passes 65,535 runs (16-bit counts) carries
// on: Add, AddBatch and Merge count it exactly, its quantiles and count
// hold, and its encoding round-trips.
func TestHistCarry(t *testing.T) {
	t.Parallel()
	const n = 140_000 // two carries
	one, batch, a, b := ensemble.NewHist(2), ensemble.NewHist(2), ensemble.NewHist(2), ensemble.NewHist(2)
	var runs [][]float64
	for i := range n {
		v := []float64{5, float64(i%3) - 1} // a shared value; −1, 0, 1
		if i%1000 == 0 {
			v[0] = 7
		}
		one.Add(v)
		if i < n/3 {
			a.Add(v)
		} else {
			b.Add(v)
		}
		if runs = append(runs, v); len(runs) == 64 {
			batch.AddBatch(runs)
			runs = nil
		}
	}
	batch.AddBatch(runs)
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	want, _ := one.MarshalBinary()
	for name, h := range map[string]*ensemble.Hist{"AddBatch": batch, "Merge": a} {
		if got, _ := h.MarshalBinary(); !slices.Equal(got, want) {
			t.Errorf("%s counts differ from Add's", name)
		}
	}
	var dec ensemble.Hist
	if err := dec.UnmarshalBinary(want); err != nil {
		t.Fatal(err)
	}
	if again, _ := dec.MarshalBinary(); !slices.Equal(again, want) {
		t.Error("encoding with carries does not round-trip")
	}
	qs := []float64{0.5, 0.9995} // 7 is 0.1% of the runs
	out := make([]float64, 3)
	for _, h := range []*ensemble.Hist{one, &dec} {
		if c := h.Quantiles(0, qs, out); c != n || math.Abs(out[0]-5) > 5*ensemble.RelAccuracy || math.Abs(out[1]-7) > 7*ensemble.RelAccuracy {
			t.Errorf("cell 0: count %d, quantiles %v; want %d, [5 7]", c, out[:2], n)
		}
		if c := h.Quantiles(1, []float64{0.3, 0.5, 0.9}, out); c != n || out[0] != value(-1) || out[1] != 0 || out[2] != value(1) {
			t.Errorf("cell 1: count %d, quantiles %v; want %d, [−1 0 1]", c, out, n)
		}
	}
}

// TestHistEncodingCompact: empty bins between a cell's values cost a few
// bytes, not one each (a results file of a few hundred runs held mostly
// empty bins).
func TestHistEncodingCompact(t *testing.T) {
	t.Parallel()
	h := ensemble.NewHist(1)
	h.Add([]float64{0.01})
	h.Add([]float64{500}) // about 2,000 bins above
	b, _ := h.MarshalBinary()
	if len(b) > 20 {
		t.Errorf("two values 15 octaves apart encode to %d bytes, want a handful", len(b))
	}
	var g ensemble.Hist
	if err := g.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	out := []float64{0, 0}
	g.Quantiles(0, []float64{0.5, 1}, out)
	if math.Abs(out[0]/0.01-1) > ensemble.RelAccuracy || math.Abs(out[1]/500-1) > ensemble.RelAccuracy {
		t.Errorf("decoded quantiles %v, want 0.01 and 500", out)
	}
}
