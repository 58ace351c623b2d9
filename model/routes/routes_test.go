package routes

import (
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

var (
	fixOnce sync.Once
	fixNet  *Network
	fixPar  Params
	fixErr  error
)

// fixture returns the corridor network of data/tables/corridors.csv and
// the registry defaults, built once.
func fixture(tb testing.TB) (*Network, Params) {
	tb.Helper()
	fixOnce.Do(func() {
		var cs []data.Corridor
		if cs, fixErr = data.Corridors(); fixErr != nil {
			return
		}
		if fixNet, fixErr = NewNetwork(cs); fixErr != nil {
			return
		}
		var reg *params.Registry
		if reg, fixErr = params.New(Parameters()); fixErr == nil {
			fixPar = FromValues(reg.Defaults())
		}
	})
	if fixErr != nil {
		tb.Fatal(fixErr)
	}
	return fixNet, fixPar
}

// Geo indices used below (INEGI code − 1).
const (
	bajaCalifornia = 1  // 02
	sinaloa        = 24 // 25
	jalisco        = 13 // 14
	michoacan      = 15 // 16
	durango        = 9  // 10
	sonora         = 25 // 26
)

// production puts kg in each producing state.
func production(kg float64) *[geo.NumStates]float64 {
	var p [geo.NumStates]float64
	for _, s := range []int{sinaloa, jalisco, michoacan, durango, sonora} {
		p[s] = kg
	}
	return &p
}

func TestHaversine(t *testing.T) {
	t.Parallel()
	const tol = 1e-9 // km
	const r = 6371.0 // km, the mean Earth radius the package uses
	for _, tt := range []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		// A 1-degree meridian arc is 2πr/360 = 111.19492664 km.
		{"1 degree of meridian", 0, 0, 1, 0, 2 * math.Pi * r / 360},
		{"1 degree of meridian at 30N", 30, -110, 31, -110, 2 * math.Pi * r / 360},
		{"1 degree of equator", 0, 0, 0, 1, 2 * math.Pi * r / 360},
		{"quarter of the equator", 0, 0, 0, 90, math.Pi * r / 2},
		{"equator to pole", 0, -100, 90, 0, math.Pi * r / 2},
		{"antipodes", 0, 0, 0, 180, math.Pi * r},
		{"same point", 25.7, -100.3, 25.7, -100.3, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := haversine(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > tol {
				t.Errorf("haversine = %.9f km, want %.9f", got, tt.want)
			}
			if got := haversine(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(got-tt.want) > tol {
				t.Errorf("reversed: haversine = %.9f km, want %.9f", got, tt.want)
			}
		})
	}
	// 111.19 km per degree, the figure the brief quotes.
	if got := haversine(0, 0, 1, 0); math.Abs(got-111.19) > 0.005 {
		t.Errorf("1-degree meridian arc %.4f km, want about 111.19", got)
	}
}

func TestNewNetwork(t *testing.T) {
	t.Parallel()
	const tol = 1e-9
	n, _ := fixture(t)
	if len(n.Km) != len(n.Corridors) || len(n.Corridors) == 0 {
		t.Fatalf("%d lengths for %d corridors", len(n.Km), len(n.Corridors))
	}
	for i, c := range n.Corridors {
		want := 0.0
		for j := 1; j < len(c.Waypoints); j++ {
			a, b := c.Waypoints[j-1], c.Waypoints[j]
			want += haversine(a.Lat, a.Lon, b.Lat, b.Lon)
		}
		if math.Abs(n.Km[i]-want) > tol {
			t.Errorf("%s: %g km, want %g", c.ID, n.Km[i], want)
		}
		// Straight line from origin to border is a lower bound; the
		// producing states lie 300-2,000 km from the border.
		first, last := c.Waypoints[0], c.Waypoints[len(c.Waypoints)-1]
		if d := haversine(first.Lat, first.Lon, last.Lat, last.Lon); n.Km[i] < d-tol || n.Km[i] < 200 || n.Km[i] > 2500 {
			t.Errorf("%s: %g km against a straight line of %g", c.ID, n.Km[i], d)
		}
	}
	if _, err := NewNetwork(nil); err == nil {
		t.Error("NewNetwork(nil) succeeded")
	}
}

// cost is the corridor cost of the package equation
//
//	c_k = ℓ_k·f + Σ_{s∈k} β·T_s/10⁴ + α_o(k)
func cost(p Params, c data.Corridor, km float64, troops *[geo.NumStates]float64, effort float64) float64 {
	tr := 0.0
	for _, s := range c.States {
		tr += troops[s]
	}
	return km*p.Detour + p.TroopCost*tr*effort/1e4 + p.Attract[c.Office]
}

// TestLogitShares: each origin ships all its production, split over its
// corridors by share_k ∝ exp(−c_k/μ).
func TestLogitShares(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	n, p := fixture(t)
	var troops [geo.NumStates]float64
	troops[bajaCalifornia] = 15000
	troops[sinaloa] = 5000
	for _, tt := range []struct {
		name   string
		troops *[geo.NumStates]float64
		effort float64
	}{
		{"no troops", &[geo.NumStates]float64{}, 1},
		{"troops", &troops, 1},
		{"troops, effort 1.5", &troops, 1.5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			prod := production(100)
			prod[sonora] = 37 // an uneven split of production
			s := Init(n)
			Step(p, n, Inputs{Production: prod, Troops: tt.troops, Effort: tt.effort}, s)
			byOrigin := map[int]float64{}
			for i, c := range n.Corridors {
				byOrigin[c.Origin] += s.Shipped[i]
			}
			total := 0.0
			for o, kg := range byOrigin {
				// Shares sum to one per origin.
				if math.Abs(kg-prod[o]) > tol*prod[o] {
					t.Errorf("origin %d ships %.15g kg, produced %g", o, kg, prod[o])
				}
				total += kg
			}
			if math.Abs(s.InTransit-total) > tol*total {
				t.Errorf("InTransit %g, shipped %g", s.InTransit, total)
			}
			for i, ci := range n.Corridors {
				for j, cj := range n.Corridors {
					if ci.Origin != cj.Origin || i == j {
						continue
					}
					want := math.Exp(-(cost(p, ci, n.Km[i], tt.troops, tt.effort) - cost(p, cj, n.Km[j], tt.troops, tt.effort)) / p.Scale)
					if got := s.Shipped[i] / s.Shipped[j]; math.Abs(got-want) > 1e-9*want {
						t.Errorf("%s/%s = %.12g, want exp(−Δc/μ) = %.12g", ci.ID, cj.ID, got, want)
					}
				}
			}
		})
	}
}

// TestMassConserved: what is shipped in a month arrives or is lost the
// next month, whatever the troops do in between.
func TestMassConserved(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	n, p := fixture(t)
	s := Init(n)
	var troops [geo.NumStates]float64
	prev := 0.0
	for k := range 36 {
		// Production and troops change every month.
		prod := production(50 + 10*float64(k%7))
		troops[bajaCalifornia] = float64(k%5) * 10000
		troops[durango] = float64(k%3) * 20000
		Step(p, n, Inputs{Production: prod, Troops: &troops, Effort: 1 + 0.1*float64(k%4)}, s)
		arr := s.Arrivals[0] + s.Arrivals[1] + s.Arrivals[2] + s.Arrivals[3]
		if math.Abs(arr+s.Lost-prev) > tol*max(prev, 1) {
			t.Fatalf("month %d: arrivals %g + lost %g = %g, shipped last month %g", k, arr, s.Lost, arr+s.Lost, prev)
		}
		flow := 0.0
		for _, f := range s.Flow {
			flow += f
		}
		if math.Abs(flow-arr) > tol*max(arr, 1) {
			t.Fatalf("month %d: corridor flows %g, office arrivals %g", k, flow, arr)
		}
		if troops == ([geo.NumStates]float64{}) && math.Abs(s.Lost-p.BaseLoss*prev) > tol*max(prev, 1) {
			t.Fatalf("month %d: lost %g without troops, want base loss %g", k, s.Lost, p.BaseLoss*prev)
		}
		prev = s.InTransit
	}
}

// throughState is the share of shipments on corridors crossing state st.
func throughState(n *Network, s *State, st int) float64 {
	in, tot := 0.0, 0.0
	for i, c := range n.Corridors {
		if slices.Contains(c.States, st) {
			in += s.Shipped[i]
		}
		tot += s.Shipped[i]
	}
	return in / tot
}

// TestTroopsDivert: troops in a state raise the cost of the corridors that
// cross it, so traffic moves to corridors avoiding it (Dell 2015). Only
// what still crosses the state is exposed to the troops' seizures, so the
// total reaching the border falls by exactly
//
//	Σ_{k∋s} shipped_k·(loss_k − loss₀) / (Σ_k shipped_k·(1 − loss₀))
//
// and, where the exposed origins have corridors avoiding the state (Baja
// California: Tijuana traffic can cross at Nogales or San Luis), by less
// than the share diverted. Sonora and Durango are crossed by most routes
// of their own origins, so there the fall may exceed the diversion.
func TestTroopsDivert(t *testing.T) {
	t.Parallel()
	n, p := fixture(t)
	for _, tt := range []struct {
		name   string
		state  int
		troops float64
		// alternatives: the exposed traffic can avoid the state.
		alternatives bool
	}{
		{"Baja California 10k", bajaCalifornia, 10000, true},
		{"Baja California 40k", bajaCalifornia, 40000, true},
		{"Sonora 20k", sonora, 20000, false},
		{"Durango 20k", durango, 20000, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var none, some [geo.NumStates]float64
			some[tt.state] = tt.troops
			prod := production(100)
			a, b := Init(n), Init(n)
			// Month 1 ships, month 2 delivers.
			for range 2 {
				Step(p, n, Inputs{Production: prod, Troops: &none, Effort: 1}, a)
				Step(p, n, Inputs{Production: prod, Troops: &some, Effort: 1}, b)
			}
			diverted := throughState(n, a, tt.state) - throughState(n, b, tt.state)
			if diverted <= 0 {
				t.Fatalf("no diversion: %.4f of flow crosses the state without troops, %.4f with", throughState(n, a, tt.state), throughState(n, b, tt.state))
			}
			for i, c := range n.Corridors {
				avoids := !slices.Contains(c.States, tt.state)
				originExposed := false
				for _, d := range n.Corridors {
					if d.Origin == c.Origin && slices.Contains(d.States, tt.state) {
						originExposed = true
					}
				}
				switch {
				case avoids && originExposed && b.Shipped[i] <= a.Shipped[i]:
					t.Errorf("%s avoids the state but did not gain flow: %g → %g", c.ID, a.Shipped[i], b.Shipped[i])
				case !avoids && b.Shipped[i] >= a.Shipped[i] && !allCross(n, c.Origin, tt.state):
					t.Errorf("%s crosses the state but did not lose flow: %g → %g", c.ID, a.Shipped[i], b.Shipped[i])
				case !originExposed && b.Shipped[i] != a.Shipped[i]:
					t.Errorf("%s: origin has no corridor through the state, yet flow moved %g → %g", c.ID, a.Shipped[i], b.Shipped[i])
				}
			}
			arrA := a.Arrivals[0] + a.Arrivals[1] + a.Arrivals[2] + a.Arrivals[3]
			arrB := b.Arrivals[0] + b.Arrivals[1] + b.Arrivals[2] + b.Arrivals[3]
			fall := (arrA - arrB) / arrA
			loss := 1 - (1-p.BaseLoss)*math.Exp(-p.TroopSeizure*tt.troops/1e4)
			want, tot := 0.0, 0.0
			for i, c := range n.Corridors {
				if slices.Contains(c.States, tt.state) {
					want += b.Shipped[i] * (loss - p.BaseLoss)
				}
				tot += b.Shipped[i]
			}
			want /= tot * (1 - p.BaseLoss)
			if math.Abs(fall-want) > 1e-9 {
				t.Errorf("arrivals fell by %.12f, want %.12f", fall, want)
			}
			if fall <= 0 {
				t.Errorf("arrivals did not fall (%.4f)", fall)
			}
			if tt.alternatives && fall >= diverted {
				t.Errorf("arrivals fell by %.4f with %.4f of flow diverted; want fall < diverted", fall, diverted)
			}
		})
	}
}

// allCross reports whether every corridor of origin o crosses state st
// (then there is nowhere to divert to).
func allCross(n *Network, o, st int) bool {
	for _, c := range n.Corridors {
		if c.Origin == o && !slices.Contains(c.States, st) {
			return false
		}
	}
	return true
}

// TestEffortScalesTroops: troops act through Effort; zero effort is no
// troops, and effort 2 is twice the troops.
func TestEffortScalesTroops(t *testing.T) {
	t.Parallel()
	n, p := fixture(t)
	prod := production(100)
	var none, t10, t20 [geo.NumStates]float64
	t10[bajaCalifornia], t20[bajaCalifornia] = 10000, 20000
	run := func(tr *[geo.NumStates]float64, effort float64) *State {
		s := Init(n)
		for range 2 {
			Step(p, n, Inputs{Production: prod, Troops: tr, Effort: effort}, s)
		}
		return s
	}
	if a, b := run(&none, 1), run(&t10, 0); !slices.Equal(a.Shipped, b.Shipped) || a.Arrivals != b.Arrivals {
		t.Error("troops at zero effort changed the flows")
	}
	a, b := run(&t20, 1), run(&t10, 2)
	for i := range a.Shipped {
		if math.Abs(a.Shipped[i]-b.Shipped[i]) > 1e-12*a.Shipped[i] {
			t.Errorf("corridor %d: 20k troops ship %g, 10k troops at effort 2 ship %g", i, a.Shipped[i], b.Shipped[i])
		}
	}
}
