package health

import "testing"

// BenchmarkIntegrate times ten years (120 monthly RK4 steps) of the ODE
// with the rates held constant: the integration alone, as
// bench/health/run.sh compares it with scipy and deSolve.
func BenchmarkIntegrate(b *testing.B) {
	p := defaults(b)
	s, err := Init(p, start)
	if err != nil {
		b.Fatal(err)
	}
	r := p.RatesAt(start+120, Inputs{Share: 0.9, Purity: 12})
	var deaths float64
	b.ReportAllocs()
	for b.Loop() {
		y := s.Y
		deaths = r.Integrate(&y, 120)
	}
	if !(deaths > 0) {
		b.Fatalf("deaths %g", deaths)
	}
}
