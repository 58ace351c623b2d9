package violence

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
)

// Geo indices (INEGI code − 1) of states the tests name.
const (
	chihuahua  = 7
	guanajuato = 10
	guerrero   = 11
	yucatan    = 30
)

// TestHistoryWeights: the 2000–2007 baselines have the geography INEGI's
// rates show (Gargiulo, Aburto & Floridi 2023 tabulation): Guerrero about
// twice the national rate (25 against about 10 per 100,000), Guanajuato
// and Yucatán about half (5 and 2-3), and the population-weighted mean is
// the national rate.
func TestHistoryWeights(t *testing.T) {
	t.Parallel()
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	if w := h.Weight[guerrero]; w < 1.6 || w > 3 {
		t.Errorf("Guerrero weight %.2f, want about 2", w)
	}
	for _, s := range []int{guanajuato, yucatan} {
		if w := h.Weight[s]; w > 0.7 {
			t.Errorf("state %d weight %.2f, want about half the national rate or less", s, w)
		}
	}
	pop, err := data.MexicoStatePopulation(2015)
	if err != nil {
		t.Fatal(err)
	}
	sw, sp := 0.0, 0.0
	for s, p := range pop {
		sw += h.Weight[s] * p
		sp += p
	}
	// Within 10%: the weights are of 2000–2007, the populations of 2015.
	if m := sw / sp; math.Abs(m-1) > 0.1 {
		t.Errorf("population-weighted mean weight %.3f, want about 1", m)
	}
	if len(h.Excess) != 7*12 {
		t.Errorf("%d months of 2008–2014 excess, want 84", len(h.Excess))
	}
	// Chihuahua's war peaked in 2010 at about 190 homicides per 100,000
	// against about 20 before (INEGI).
	if e := h.Excess[2*12+6][chihuahua]; e < 100 {
		t.Errorf("Chihuahua 2010-07 excess %.0f per 100,000 a year, want the war's 100+", e)
	}
}

// TestNewStateConsolidation: the wars of 2008–2014 leave Chihuahua more
// consolidated in 2015 than Guanajuato, where there was no war then.
func TestNewStateConsolidation(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewState(p, h)
	if err != nil {
		t.Fatal(err)
	}
	if !(s.Settled[chihuahua] > 2*s.Settled[guanajuato]) {
		t.Errorf("consolidation in 2015: Chihuahua %.3f, Guanajuato %.3f; want Chihuahua's far higher", s.Settled[chihuahua], s.Settled[guanajuato])
	}
	if _, err := NewState(p, nil); err == nil {
		t.Error("NewState without history: no error")
	}
	bad := p
	bad.SettleMemory = 0
	if _, err := NewState(bad, h); err == nil {
		t.Error("NewState with a zero memory: no error")
	}
}

// TestConsolidationSettlesConflict: under sustained conflict the homicides
// per member casualty fall month by month, towards the fixed point where
// S = h/h*, and the consolidation fades once the conflict stops and the
// territory reopens.
func TestConsolidationSettlesConflict(t *testing.T) {
	t.Parallel()
	p := unweighted(t)
	in := inputs()
	s := &State{}
	rng := rand.New(rand.NewPCG(2, 2))
	prev := math.Inf(1)
	const st = 0
	// Five memories: S relaxes towards the fixed point at least as fast as
	// e^(−t/τ) (its own homicides fall as it rises, which speeds it), so
	// less than e⁻⁵ of the gap is left.
	months := int(5 * p.SettleMemory)
	for m := range months {
		Step(testMonth, p, in, s, rng)
		if m > 0 && !(s.Conflict[st] < prev) {
			t.Fatalf("month %d: conflict homicides %g, not below %g", m, s.Conflict[st], prev)
		}
		prev = s.Conflict[st]
	}
	// Fixed point: c = c0·e^(−S), S = rate(c)/h*.
	c0 := p.PerCasualty * p.Lethality(in.Revenue) * in.Casualties[st]
	rate := s.Conflict[st] / in.Population[st] * 12e5
	if got := c0 * math.Exp(-rate/p.SettleRate); math.Abs(got-s.Conflict[st]) > 0.05*got {
		t.Errorf("after %d months conflict homicides %g, fixed point %g", months, s.Conflict[st], got)
	}
	settled := s.Settled[st]
	in.Casualties = make([]float64, geo.NumStates)
	// Two memories on, (1 − 1/τ)^(2τ) < e⁻² of it is left.
	for range int(2 * p.SettleMemory) {
		Step(testMonth, p, in, s, rng)
	}
	if !(s.Settled[st] < settled*math.Exp(-2)) {
		t.Errorf("consolidation %g two memories (%.0f months each) after the conflict stopped, from %g: want it mostly gone", s.Settled[st], p.SettleMemory, settled)
	}
}

// TestRouteFactor: the route factor moves conflict homicides towards the
// states the shipments cross, r_s = 1 − φ + φ·Q_s/Q̄, without changing
// their national total; with no shipments it does nothing.
func TestRouteFactor(t *testing.T) {
	t.Parallel()
	p := unweighted(t)
	if p.RouteShare <= 0 {
		t.Skip("no route factor at the defaults")
	}
	run := func(q []float64) State {
		s := &State{}
		in := inputs()
		in.Throughput = q
		Step(testMonth, p, in, s, rand.New(rand.NewPCG(4, 4)))
		return *s
	}
	flat := run(nil)
	q := make([]float64, geo.NumStates)
	q[25], q[24] = 3000, 1000 // Sonora, Sinaloa
	routed := run(q)
	sum := func(s State) float64 {
		t := 0.0
		for _, c := range s.Conflict {
			t += c
		}
		return t
	}
	if a, b := sum(flat), sum(routed); math.Abs(a-b) > 1e-9*a {
		t.Errorf("national conflict homicides %g with routes, %g without", b, a)
	}
	// Equal conflict in every state: Q̄ is the plain mean, 125 kg.
	for i, want := range map[int]float64{25: 1 - p.RouteShare + p.RouteShare*24, 24: 1 - p.RouteShare + p.RouteShare*8, 0: 1 - p.RouteShare} {
		if got := routed.Conflict[i] / flat.Conflict[i]; math.Abs(got-want) > 1e-9 {
			t.Errorf("state %d: route factor %g, want %g", i, got, want)
		}
	}
	if none := run(make([]float64, geo.NumStates)); none.Conflict != flat.Conflict {
		t.Error("no shipments anywhere moved the conflict homicides")
	}
}

// TestStateThroughput: each road's flow is split between the states of
// its ends; a road to a US port counts half, in its Mexican state.
func TestStateThroughput(t *testing.T) {
	t.Parallel()
	net := &network.Network{
		Nodes: []network.Node{{State: 24}, {State: 25}, {State: -1}},
		Edges: []network.Edge{{From: 0, To: 1}, {From: 1, To: 2}},
	}
	out := make([]float64, geo.NumStates)
	out[3] = 9 // cleared
	StateThroughput(net, []float64{10, 4}, out)
	want := make([]float64, geo.NumStates)
	want[24], want[25] = 5, 5+2
	for i := range out {
		if out[i] != want[i] {
			t.Errorf("state %d: %g kg, want %g", i, out[i], want[i])
		}
	}
}
