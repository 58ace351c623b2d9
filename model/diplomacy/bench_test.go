package diplomacy

import "testing"

// BenchmarkStep times one monthly Step (the module is a single state), in
// the status quo and during a unilateral campaign with sanctions.
func BenchmarkStep(b *testing.B) {
	p := defaults(b)
	for _, bm := range []struct {
		name string
		in   Inputs
	}{
		{"status quo", Inputs{}},
		{"campaign", Inputs{Unilateral: 12, UnilateralLabs: 0.3, Strikes: 12, StrikeLabs: 0.3, Sanctions: 1, Intel: 0.5}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			s := mustInit(b, p)
			b.ReportAllocs()
			for b.Loop() {
				Step(p, bm.in, s)
			}
			if s.C < 0 || s.C > 1 || s.Effort < 1 {
				b.Fatalf("state out of range: %+v", *s)
			}
		})
	}
}
