package routes

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/geo"
)

// TestStepCachesAreExact: Step keeps last month's arc costs and survival
// factors when troops, effort and port risks are unchanged, and reuses a
// cost and derivative inside the search when an arc's flow is bit for bit
// the same. A state stepped with every cache dropped before each month must
// give bit-identical flows, months where the inputs stay put and months
// where troops or port risks move.
func TestStepCachesAreExact(t *testing.T) {
	p, n := setupDefaults(t)
	// A non-integer exponent takes costDer's exp/log branch.
	p.Power = 2.5
	var prod, troops [geo.NumStates]float64
	// Sinaloa, Jalisco, Michoacán, Durango, Sonora (supply.Shares defaults).
	for i, s := range []int{24, 13, 15, 9, 25} {
		prod[s] = 1000 * []float64{0.45, 0.25, 0.1, 0.1, 0.1}[i]
	}
	catch := make([]float64, len(n.Net.Ports))
	cached, fresh := Init(n), Init(n)
	for month := range 36 {
		// Production drifts every month; troops arrive in Sonora in month
		// 10 and grow in month 20; port risks change in month 15.
		prod[24] *= 1.004
		prod[13] *= 0.997
		switch month {
		case 10:
			troops[25] = 3000
		case 20:
			troops[25] = 6000
		case 15:
			for i := range catch {
				catch[i] = 0.02 * float64(i%5)
			}
		}
		in := Inputs{Production: &prod, Troops: &troops, Effort: 1, PortCatch: catch}
		fresh.costSet, fresh.ws.survOK = false, false
		if fresh.ws.xAt != nil {
			for a := range fresh.ws.xAt {
				fresh.ws.xAt[a] = math.NaN() // never equal: recompute every arc
			}
		}
		for _, s := range []*State{cached, fresh} {
			if err := Step(p, n, in, s); err != nil {
				t.Fatal(err)
			}
		}
		same := func(name string, a, b []float64) {
			for i := range a {
				if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
					t.Fatalf("month %d: %s[%d] = %v with caches, %v without", month, name, i, a[i], b[i])
				}
			}
		}
		same("EdgeFlow", cached.EdgeFlow, fresh.EdgeFlow)
		same("PortArrivals", cached.PortArrivals, fresh.PortArrivals)
		same("next", cached.next, fresh.next)
		same("Lost", []float64{cached.Lost, cached.Gap}, []float64{fresh.Lost, fresh.Gap})
		if cached.Iters != fresh.Iters {
			t.Fatalf("month %d: %d iterations with caches, %d without", month, cached.Iters, fresh.Iters)
		}
	}
	if cached.costTroops[25] != 6000 {
		t.Errorf("cost inputs not refreshed: troops in Sonora %g", cached.costTroops[25])
	}
}
