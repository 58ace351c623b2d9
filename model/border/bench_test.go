package border

import (
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/geo"
)

var (
	benchNetOnce sync.Once
	benchNet     *Network
	benchNetErr  error
)

// benchNetwork is a network with uneven sector weights, built once.
func benchNetwork(tb testing.TB) *Network {
	tb.Helper()
	benchNetOnce.Do(func() {
		w := make([]float64, len(geo.Sectors()))
		for i := range w {
			w[i] = float64(i + 1)
		}
		benchNet, benchNetErr = NewNetwork(w)
	})
	if benchNetErr != nil {
		tb.Fatal(benchNetErr)
	}
	return benchNet
}

// BenchmarkStep times one monthly Step over the four field offices and
// nine sectors, at the status quo and with scanning raised everywhere
// (the displacement power then runs through math.Pow unless κ = 1).
func BenchmarkStep(b *testing.B) {
	net := benchNetwork(b)
	for _, bm := range []struct {
		name     string
		displace float64
		scan     [4]float64
	}{
		{"status quo", 1, [4]float64{}},
		{"scan 50%, kappa 1.5", 1.5, [4]float64{0.5, 0.5, 0.5, 0.5}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			p := defaults(b)
			p.Displace = bm.displace
			s := Init(net)
			in := Inputs{Arrivals: arrivals, Scan: bm.scan}
			b.ReportAllocs()
			for b.Loop() {
				Step(p, net, in, s)
			}
			if !(s.Seized > 0) || !(s.Delivered > 0) {
				b.Fatalf("degenerate state: seized %g, delivered %g", s.Seized, s.Delivered)
			}
		})
	}
}
