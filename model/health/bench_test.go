package health

import (
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

// BenchmarkStep times one monthly RK4 step with the registry defaults, on
// a heroin supply and on the 2023 fentanyl supply with the demand levers
// on (the module's size does not vary: six compartments).
func BenchmarkStep(b *testing.B) {
	p := defaults(b)
	for _, bm := range []struct {
		name string
		in   Inputs
	}{
		{"heroin", Inputs{}},
		{"fentanyl+levers", Inputs{Share: 0.9, Purity: 20, Naloxone: 0.3, MOUD: 0.5}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			s, err := Init(p, start)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			t := start
			for b.Loop() {
				Step(t, p, bm.in, s)
				// Stay in 2015–2034 so the run never leaves the calibrated span.
				if t++; t > calendar.Of(2034, 12) {
					t = start
				}
			}
			if !(s.Deaths > 0) || !(s.Y[2] > 0) {
				b.Fatalf("degenerate state: deaths %g, illicit users %g", s.Deaths, s.Y[2])
			}
		})
	}
}
