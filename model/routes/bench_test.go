package routes

import (
	"testing"

	"github.com/cartelsim/cartelsim/geo"
)

// BenchmarkStep times one monthly Step over the corridor network of
// data/tables/corridors.csv (16 corridors, five origins), without troops
// and with troops in every state.
func BenchmarkStep(b *testing.B) {
	n, p := fixture(b)
	prod := production(100)
	var none, all [geo.NumStates]float64
	for i := range all {
		all[i] = 5000
	}
	for _, bm := range []struct {
		name   string
		troops *[geo.NumStates]float64
	}{{"no troops", &none}, {"troops everywhere", &all}} {
		b.Run(bm.name, func(b *testing.B) {
			s := Init(n)
			in := Inputs{Production: prod, Troops: bm.troops, Effort: 1}
			b.ReportAllocs()
			for b.Loop() {
				Step(p, n, in, s)
			}
			arr := s.Arrivals[0] + s.Arrivals[1] + s.Arrivals[2] + s.Arrivals[3]
			if !(arr > 0) || !(s.InTransit > 0) {
				b.Fatalf("degenerate state: arrivals %g, in transit %g", arr, s.InTransit)
			}
		})
	}
}
