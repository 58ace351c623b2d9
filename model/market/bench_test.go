package market

import (
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

// BenchmarkStep times one monthly Step, with and without an observed
// purity for the month (the module's size does not vary).
func BenchmarkStep(b *testing.B) {
	p := defaults(b)
	seen := func(calendar.Month) (float64, bool) { return 12, true }
	for _, bm := range []struct {
		name string
		obs  Observed
	}{{"observed purity", seen}, {"modelled purity", none}} {
		b.Run(bm.name, func(b *testing.B) {
			s := Init(p, 100)
			in := Inputs{Delivered: 120, Available: 0.9, Catch: 1.2 * catch0, Catch0: catch0}
			b.ReportAllocs()
			t := start
			for b.Loop() {
				Step(t, p, bm.obs, in, s)
				t++
			}
			if !(s.Share > 0 && s.Share < 1) || !(s.PriceIndex > 0) {
				b.Fatalf("degenerate state: share %g, price index %g", s.Share, s.PriceIndex)
			}
		})
	}
}
