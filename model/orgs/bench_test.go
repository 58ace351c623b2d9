package orgs

import (
	"math/rand/v2"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

// BenchmarkStep times one monthly Step on the 2020 network (150 groups),
// and on the network after 16 splits (182 groups, 32 of them retired, with
// the splinters' added rivalries). Removals run every month; splits are
// off so that the state stays the same size while it is timed.
func BenchmarkStep(b *testing.B) {
	net := testNetwork(b)
	start := calendar.Of(2015, 1)
	for _, bm := range []struct {
		name   string
		splits int
	}{{"groups=150", 0}, {"groups=182", 16}} {
		b.Run(bm.name, func(b *testing.B) {
			p := Defaults()
			s, err := Init(p, net, start)
			if err != nil {
				b.Fatal(err)
			}
			for k := range bm.splits {
				s.split(p, net.Rank()[k%8])
			}
			p.SplitProbability = 0
			in := StatusQuo()
			in.Removals = []Removal{
				{State: jalisco, Kind: Capture, Count: 0.5},
				{State: durango, Kind: Killing, Count: 0.5},
				{State: cdmx, Kind: MidLevelArrest, Count: 2},
			}
			rng := rand.New(rand.NewPCG(1, 1))
			b.ReportAllocs()
			t := s.Month
			for b.Loop() {
				if err := Step(t, p, in, s, rng); err != nil {
					b.Fatal(err)
				}
				t++
			}
			if s.Total() <= 0 || s.Casualties <= 0 {
				b.Fatalf("degenerate state: members %g, casualties %g", s.Total(), s.Casualties)
			}
		})
	}
}
