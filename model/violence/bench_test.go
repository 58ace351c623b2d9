package violence

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkStep times one monthly Step over the 32 states: the expected
// counts and a Poisson draw per state, at low means (small states, no
// conflict) and at the means of a violent year.
func BenchmarkStep(b *testing.B) {
	p := defaults(b)
	for _, bm := range []struct {
		name       string
		pop, cases float64
	}{
		{"low means", 2e4, 0},
		{"high means", 4e6, 100},
	} {
		b.Run(bm.name, func(b *testing.B) {
			in := inputs()
			for i := range in.Population {
				in.Population[i], in.Casualties[i], in.Troops[i] = bm.pop, bm.cases, 0
			}
			s := &State{}
			rng := rand.New(rand.NewPCG(1, 1))
			b.ReportAllocs()
			total := 0.0
			for b.Loop() {
				Step(testMonth, p, in, s, rng)
				total += s.Total
			}
			if !(total > 0) {
				b.Fatalf("no homicides drawn (expected %g in state 0)", s.Expected[0])
			}
		})
	}
}
