package supply

import (
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// BenchmarkStep times one monthly Step of the five producing states, with
// no levers and with strikes in every producing state plus precursor
// controls (the module's size does not vary).
func BenchmarkStep(b *testing.B) {
	p := defaults(b)
	var strikes [geo.NumStates]float64
	for _, st := range ProducingStates() {
		strikes[st] = 0.3
	}
	for _, bm := range []struct {
		name string
		in   Inputs
	}{
		{"no levers", Inputs{}},
		{"strikes+controls", Inputs{StrikeShare: &strikes, Precursor: 0.5}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			s := mustInit(b, p)
			b.ReportAllocs()
			t := start
			for b.Loop() {
				Step(t, p, bm.in, s)
				if t++; t > calendar.Of(2035, 12) {
					t = start
				}
			}
			if !(s.Production > 0) {
				b.Fatalf("degenerate state: production %g", s.Production)
			}
		})
	}
}
