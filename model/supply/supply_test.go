package supply

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/internal/paramtest"
)

// defaults returns the module's parameters at the registry defaults.
func defaults(tb testing.TB) Params {
	tb.Helper()
	return paramtest.Defaults(tb, Parameters(), FromValues)
}

// start is the model's origin, January 2015 (sim.Origin).
var start = calendar.Of(2015, 1)

// sinaloa is Sinaloa's geo index (INEGI code 25); it is producing[0].
const sinaloa = 24

func mustInit(tb testing.TB, p Params) *State {
	tb.Helper()
	s, err := Init(p)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestCapacityLogistic: without strikes, controls or the 2023-24 shock,
// Step follows the discrete logistic recurrence
//
//	L_{n+1} = L_n + g·L_n·(1 − L_n/K)
//
// exactly, and the continuous logistic
//
//	L(t) = K / (1 + (K/L₀ − 1)·e^{−g·t})
//
// loosely. The monthly Euler step lags the continuous path in the
// exponential phase ((1+g)^n against e^{gn}, a gap growing like n·g²/2)
// until saturation closes it, so the loose tolerance grows with g.
func TestCapacityLogistic(t *testing.T) {
	t.Parallel()
	// Exact: the test performs the same floating-point operations per state.
	const tol = 1e-12
	for _, tt := range []struct {
		name string
		set  func(*Params)
		// loose bounds the relative gap to the continuous logistic over
		// 2015–2035: measured 6.9% at the default g = 0.050/month and
		// 23.9% at g = 0.2/month.
		loose float64
	}{
		{"defaults", func(*Params) {}, 0.08},
		{"fast growth", func(p *Params) { p.Growth = 0.2 }, 0.26},
		{"unnormalised shares", func(p *Params) { p.Shares = [5]float64{4, 2.5, 1.2, 0.8, 1.5} }, 0.08},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			p.ShockBlock, p.Shock2020 = 0, 0
			tt.set(&p)
			s := mustInit(t, p)
			sum := p.Shares[0] + p.Shares[1] + p.Shares[2] + p.Shares[3] + p.Shares[4]
			var L, K [5]float64
			for i := range L {
				L[i] = p.Capacity0 * p.Shares[i] / sum
				K[i] = p.CapacityMax * p.Shares[i] / sum
			}
			worst := 0.0
			for n := 1; n <= 252; n++ { // 2015-01..2035-12
				Step(start+calendar.Month(n-1), p, Inputs{}, s)
				want := 0.0
				for i := range L {
					L[i] += p.Growth * L[i] * (1 - L[i]/K[i])
					want += L[i]
					if !(math.Abs(s.Trend[i]-L[i]) <= tol*L[i]) {
						t.Fatalf("month %d state %d: L = %.15g, recurrence %.15g", n, i, s.Trend[i], L[i])
					}
				}
				if !(math.Abs(s.Production-want) <= tol*want) {
					t.Fatalf("month %d: production %.15g, recurrence %.15g", n, s.Production, want)
				}
				cont := p.CapacityMax / (1 + (p.CapacityMax/p.Capacity0-1)*math.Exp(-p.Growth*float64(n)))
				worst = max(worst, math.Abs(s.Production-cont)/cont)
			}
			if !(worst <= tt.loose) {
				t.Errorf("discrete path departs from the continuous logistic by %.1f%%, tolerance %.0f%%", 100*worst, 100*tt.loose)
			}
			// Saturation: within 1% of K by 2035 (measured 0.35% at the defaults).
			if math.Abs(s.Production-p.CapacityMax) > 1e-2*p.CapacityMax {
				t.Errorf("capacity in 2035 %g, want about K = %g", s.Production, p.CapacityMax)
			}
			if s.Available != 1 || s.Adapt != 0 {
				t.Errorf("Available %g, Adapt %g without controls", s.Available, s.Adapt)
			}
		})
	}
}

// TestZeroShareStaysFinite: Validate accepts a producing state with share
// 0, so Step must not turn it into NaN.
func TestZeroShareStaysFinite(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	p.Shares = [5]float64{1, 0, 0, 0, 0}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate rejects a zero share (%v); then this test is moot", err)
	}
	s := mustInit(t, p)
	for m := start; m < start+12; m++ {
		Step(m, p, Inputs{}, s)
		if math.IsNaN(s.Production) || s.Production <= 0 {
			t.Fatalf("%v: production %g", m, s.Production)
		}
	}
}

// TestStrikesAndRebuild: strikes in Sinaloa cut Sinaloa's production only;
// after they stop the damage stock decays as D_{n+1} = D_n·(1 − 1/τ_r)
// exactly, a discrete time constant −1/ln(1 − 1/τ_r) in (τ_r − 1, τ_r).
func TestStrikesAndRebuild(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	for _, tt := range []struct {
		name    string
		rebuild float64 // τ_r, months
		share   float64 // share of capacity struck per year
	}{
		{"defaults", 4, 0.3},
		{"slow rebuild", 18, 0.3},
		{"heavy strikes", 4, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			p.ShockBlock, p.Shock2020 = 0, 0
			p.Rebuild = tt.rebuild
			struck, free := mustInit(t, p), mustInit(t, p)
			var strikes [geo.NumStates]float64
			strikes[sinaloa] = tt.share
			m := start
			// 24 months of strikes.
			for range 24 {
				Step(m, p, Inputs{StrikeShare: &strikes}, struck)
				Step(m, p, Inputs{}, free)
				m++
				if struck.ProductionByState[sinaloa] >= free.ProductionByState[sinaloa] {
					t.Fatalf("%v: Sinaloa produces %g under strikes, %g without", m, struck.ProductionByState[sinaloa], free.ProductionByState[sinaloa])
				}
				for st := range geo.NumStates {
					if st != sinaloa && struck.ProductionByState[st] != free.ProductionByState[st] {
						t.Fatalf("%v: strikes in Sinaloa moved state %d's production", m, st)
					}
				}
				// Steady state of the damage: D* = h·L/(h + 1/τ_r) is never exceeded.
				h := tt.share / 12 * p.StrikeSuccess
				if d := struck.Damage[0]; d < 0 || d > h*struck.Trend[0]/(h+1/p.Rebuild)*(1+tol) {
					t.Fatalf("%v: damage %g outside [0, D*]", m, d)
				}
			}
			d0 := struck.Damage[0]
			if d0 <= 0 {
				t.Fatal("no damage after two years of strikes")
			}
			// Strikes stop: damage is rebuilt geometrically.
			for n := 1; n <= 36; n++ {
				Step(m, p, Inputs{}, struck)
				m++
				want := d0 * math.Pow(1-1/p.Rebuild, float64(n))
				if math.Abs(struck.Damage[0]-want) > tol*d0 {
					t.Fatalf("%d months after: damage %.12g, want %.12g", n, struck.Damage[0], want)
				}
			}
			// The e-folding time lies between τ_r − 1 and τ_r (continuous τ_r).
			if tau := -1 / math.Log(1-1/p.Rebuild); tau <= p.Rebuild-1 || tau >= p.Rebuild {
				t.Errorf("discrete rebuild time %g outside (%g, %g)", tau, p.Rebuild-1, p.Rebuild)
			}
			// Trend capacity is untouched by strikes.
			Step(m, p, Inputs{}, free)
			for range 35 {
				m++
				Step(m, p, Inputs{}, free)
			}
			if struck.Trend != free.Trend {
				t.Errorf("strikes changed the undisturbed capacity: %v against %v", struck.Trend, free.Trend)
			}
		})
	}
}

// TestPrecursorSubstitution: a constant block P is got round over time,
// the adapted part following A_n = s·P·(1 − (1 − 1/τ_s)^n), so the
// effective block P − A_n shrinks towards (1 − s)·P.
func TestPrecursorSubstitution(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	for _, tt := range []struct {
		name        string
		block, subs float64
		months      float64
	}{
		{"defaults", 0.5, 0.6, 12},
		{"full block, slow", 0.95, 0.6, 36},
		{"no substitution", 0.5, 0, 12},
		{"complete substitution", 0.5, 1, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			p.ShockBlock, p.Shock2020 = 0, 0
			p.Substitution, p.SubstitutionMonths = tt.subs, tt.months
			s, free := mustInit(t, p), mustInit(t, p)
			prev := -1.0
			for n := 1; n <= 1000; n++ {
				m := start + calendar.Month(n-1)
				Step(m, p, Inputs{Precursor: tt.block}, s)
				Step(m, p, Inputs{}, free)
				adapt := tt.subs * tt.block * (1 - math.Pow(1-1/tt.months, float64(n)))
				wantAvail := 1 - (tt.block - adapt)
				if math.Abs(s.Available-wantAvail) > tol {
					t.Fatalf("month %d: available %.15g, want %.15g", n, s.Available, wantAvail)
				}
				if s.Available < prev {
					t.Fatalf("month %d: availability fell from %g to %g under a constant block", n, prev, s.Available)
				}
				prev = s.Available
				if want := free.Production * s.Available; math.Abs(s.Production-want) > tol*want {
					t.Fatalf("month %d: production %g, want %g", n, s.Production, want)
				}
			}
			if lim := 1 - (1-tt.subs)*tt.block; math.Abs(s.Available-lim) > 1e-6 {
				t.Errorf("long-run availability %.9g, want 1 − (1−s)·P = %.9g", s.Available, lim)
			}
		})
	}
}

// TestShock: the precursor shocks are Shock2020 in February-May 2020 (the
// Wuhan lockdown) and otherwise zero before 2023-07; the 2023-24 shock
// rises linearly to its peak in 2024-06, holds through 2025-06, then fades
// with time constant ShockDecay.
func TestShock(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	peak := p.ShockBlock
	for _, tt := range []struct {
		m    calendar.Month
		want float64
	}{
		{calendar.Of(2015, 1), 0},
		{calendar.Of(2020, 1), 0},
		{calendar.Of(2020, 2), p.Shock2020},
		{calendar.Of(2020, 5), p.Shock2020},
		{calendar.Of(2020, 6), 0},
		{calendar.Of(2023, 6), 0},
		{calendar.Of(2023, 7), peak / 12}, // first of 12 ramp months
		{calendar.Of(2023, 12), peak * 6 / 12},
		{calendar.Of(2024, 6), peak},
		{calendar.Of(2024, 12), peak},
		{calendar.Of(2025, 6), peak},
		{calendar.Of(2025, 7), peak * math.Exp(-1/p.ShockDecay)},
		{calendar.Of(2035, 6), peak * math.Exp(-120/p.ShockDecay)},
	} {
		if got := p.Shock(tt.m); math.Abs(got-tt.want) > tol {
			t.Errorf("Shock(%v) = %.15g, want %.15g", tt.m, got, tt.want)
		}
	}
	// The shock reaches availability in Step.
	s := mustInit(t, p)
	Step(calendar.Of(2024, 6), p, Inputs{}, s)
	if want := 1 - peak; math.Abs(s.Available-want) > tol {
		t.Errorf("availability at the peak %g, want %g", s.Available, want)
	}
}

func TestProductionByState(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	s := mustInit(t, p)
	var strikes [geo.NumStates]float64
	for _, st := range ProducingStates() {
		strikes[st] = 0.5
	}
	isProducing := map[int]bool{}
	for _, st := range ProducingStates() {
		isProducing[st] = true
	}
	for m := start; m < start+120; m++ {
		Step(m, p, Inputs{StrikeShare: &strikes, Precursor: 0.3}, s)
		tot := 0.0
		for st, x := range s.ProductionByState {
			if !isProducing[st] && x != 0 {
				t.Fatalf("%v: state %d produces %g", m, st, x)
			}
			if x < 0 {
				t.Fatalf("%v: state %d produces %g", m, st, x)
			}
			tot += x
		}
		if math.Abs(tot-s.Production) > tol*s.Production {
			t.Fatalf("%v: states sum to %g, national %g", m, tot, s.Production)
		}
	}
	// INEGI codes of Sinaloa, Jalisco, Michoacán, Durango, Sonora.
	codes := []string{"25", "14", "16", "10", "26"}
	for i, st := range ProducingStates() {
		if got := geo.States()[st].Code; got != codes[i] {
			t.Errorf("producing state %d is %s, want %s", i, got, codes[i])
		}
	}
}

// TestLeadershipDisruption: production in a state is scaled by
// 1 − d·(1 − I_s), with I_s the leadership integrity of its groups; nil
// integrity means intact.
func TestLeadershipDisruption(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	integrity := make([]float64, geo.NumStates)
	for i := range integrity {
		integrity[i] = 1
	}
	intact := append([]float64(nil), integrity...)
	integrity[sinaloa] = 0.5
	free, full, hit := mustInit(t, p), mustInit(t, p), mustInit(t, p)
	for m := start; m < start+24; m++ {
		Step(m, p, Inputs{}, free)
		Step(m, p, Inputs{Integrity: intact}, full)
		Step(m, p, Inputs{Integrity: integrity}, hit)
		if full.Production != free.Production {
			t.Fatalf("%v: intact leadership changed production %g → %g", m, free.Production, full.Production)
		}
		for _, st := range ProducingStates() {
			want := free.ProductionByState[st]
			if st == sinaloa {
				want *= 1 - p.Disruption*0.5
			}
			if math.Abs(hit.ProductionByState[st]-want) > tol*want {
				t.Fatalf("%v state %d: production %g, want %g", m, st, hit.ProductionByState[st], want)
			}
		}
	}
	// Disruption is not destruction: capacity itself is untouched.
	if hit.Trend != free.Trend || hit.Damage != free.Damage {
		t.Error("leadership disruption changed capacity or damage")
	}
}

func TestRevenueAndRecruitment(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	if got, want := p.Revenue(10, 0), 10*p.Wholesale; math.Abs(got-want) > tol*want {
		t.Errorf("Revenue(10 kg) = %g, want %g", got, want)
	}
	if got, want := p.Revenue(10, 1), 10*p.Wholesale*(1-p.SanctionsCut); math.Abs(got-want) > tol*want {
		t.Errorf("Revenue with full sanctions = %g, want %g", got, want)
	}
	s := mustInit(t, p)
	Step(start, p, Inputs{}, s)
	if got := p.Recruitment(s, 0); math.Abs(got-1) > tol {
		t.Errorf("undisturbed recruitment = %g, want 1", got)
	}
	if got, want := p.Recruitment(s, 1), 1-p.SanctionsCut; math.Abs(got-want) > tol {
		t.Errorf("recruitment under full sanctions = %g, want %g", got, want)
	}
	// A 50% precursor block halves production in its first month less
	// what substitution already got round: ratio = 1 − (P − s·P/τ_s).
	c := mustInit(t, p)
	Step(start, p, Inputs{Precursor: 0.5}, c)
	ratio := 1 - (0.5 - p.Substitution*0.5/p.SubstitutionMonths)
	if got, want := p.Recruitment(c, 0), math.Pow(ratio, p.RecruitElasticity); math.Abs(got-want) > tol {
		t.Errorf("recruitment under controls = %.15g, want %.15g", got, want)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		set  func(*Params)
		ok   bool
	}{
		{"defaults", func(*Params) {}, true},
		{"negative share", func(p *Params) { p.Shares[2] = -0.1 }, false},
		{"zero shares", func(p *Params) { p.Shares = [5]float64{} }, false},
		{"zero capacity", func(p *Params) { p.Capacity0 = 0 }, false},
		{"max below start", func(p *Params) { p.CapacityMax = p.Capacity0 / 2 }, false},
		{"max equals start", func(p *Params) { p.CapacityMax = p.Capacity0 }, false},
		{"zero rebuild", func(p *Params) { p.Rebuild = 0 }, false},
		{"zero substitution time", func(p *Params) { p.SubstitutionMonths = 0 }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			tt.set(&p)
			if err := p.Validate(); (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if _, err := Init(p); (err == nil) != tt.ok {
				t.Errorf("Init error %v, want ok %v", err, tt.ok)
			}
		})
	}
}
