package violence

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/internal/paramtest"
)

// testMonth is the month the mechanism tests step: inside the drift's
// window (2015-2022), the target states' weights drifted to it.
var testMonth = calendar.Of(2019, 1)

// defaults returns the module's parameters at the registry defaults.
func defaults(tb testing.TB) Params {
	tb.Helper()
	return paramtest.Defaults(tb, Parameters(), FromValues)
}

// unweighted returns the defaults with equal conflict weights in every
// state, for the tests of a mechanism within one state (the weights move
// casualties between states; TestAllocate and TestExpected test them).
func unweighted(tb testing.TB) Params {
	tb.Helper()
	p := defaults(tb)
	p.ConflictWeight = [geo.NumStates]float64{}
	p.ConflictDrift = [geo.NumStates]float64{}
	return p
}

// inputs is a month with 4 million people, 20 member casualties, 5,000
// troops and $10M of revenue in every state (round numbers of the order
// of a large Mexican state).
func inputs() Inputs {
	pop, cas := make([]float64, geo.NumStates), make([]float64, geo.NumStates)
	var troops [geo.NumStates]float64
	for i := range pop {
		pop[i], cas[i], troops[i] = 4e6, 20, 5000
	}
	return Inputs{Casualties: cas, Revenue: 1e7, Population: pop, Troops: &troops}
}

// TestPoissonMoments: over n draws, the sample mean and variance of
// poisson(λ) are both λ within five standard errors: sd(mean) = √(λ/n)
// and sd(s²) ≈ √((λ + 2λ²)/n) (the fourth central moment of a Poisson is
// λ + 3λ²). Seeded, so the outcome is fixed; a five-sigma band would fail
// by chance about once in 1.7 million.
func TestPoissonMoments(t *testing.T) {
	t.Parallel()
	const n = 20000
	const z = 5 // standard errors allowed
	for _, lambda := range []float64{0.3, 4, 40, 700, 20000} {
		rng := rand.New(rand.NewPCG(7, uint64(lambda*10)))
		var sum, sum2 float64
		for range n {
			x := poisson(rng, lambda)
			if x < 0 || x != math.Trunc(x) {
				t.Fatalf("λ %g: draw %g is not a count", lambda, x)
			}
			sum += x
			sum2 += x * x
		}
		mean := sum / n
		variance := (sum2 - n*mean*mean) / (n - 1)
		if tol := z * math.Sqrt(lambda/n); math.Abs(mean-lambda) > tol {
			t.Errorf("λ %g: mean %g, want λ ± %g", lambda, mean, tol)
		}
		if tol := z * math.Sqrt((lambda+2*lambda*lambda)/n); math.Abs(variance-lambda) > tol {
			t.Errorf("λ %g: variance %g, want λ ± %g", lambda, variance, tol)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, m := range []float64{0, -3} {
		if x := poisson(rng, m); x != 0 {
			t.Errorf("poisson(%g) = %g, want 0", m, x)
		}
	}
}

// TestExpected checks the package equation
//
//	H_s = b·w_s·pop_s/12 + κ·l(R)·(K_s + c·X_s)·e^(−S_s) + ε·T_s/10⁴/12
//
// and the consolidation's update S_s ← S_s + (h_s/h* − S_s)/τ, from the
// state of 2015-01.
func TestExpected(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	in := inputs()
	in.Casualties[13] = 100 // Jalisco
	in.Troops[1] = 40000    // Baja California
	in.Contest = make([]float64, geo.NumStates)
	in.Contest[24] = 7 // a succession contest in Sinaloa
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewState(p, h)
	if err != nil {
		t.Fatal(err)
	}
	before := s.Settled
	Step(testMonth, p, in, s, rand.New(rand.NewPCG(1, 2)))
	// The states' conflict weights move casualties between states:
	// a_s(t)/ā, ā their mean weighted by the casualties, a_s(t) =
	// a_s·exp(g_s·(y(t) − y_mid)) with y_mid the middle of 2015-2022.
	var a [geo.NumStates]float64
	for i := range a {
		a[i] = p.ConflictWeight[i] * math.Exp(p.ConflictDrift[i]*(float64(testMonth-calendar.Of(2015, 1))-47.5)/12)
	}
	var num, den float64
	for i, c := range in.Casualties {
		c += p.LocalContest * in.Contest[i]
		num += a[i] * c
		den += c
	}
	total := 0.0
	for i := range s.Expected {
		alloc := a[i] * den / num
		conflict := p.PerCasualty * p.Lethality(in.Revenue) * (in.Casualties[i] + p.LocalContest*in.Contest[i]) * alloc * math.Exp(-before[i])
		want := p.BaseRate*h.Weight[i]*in.Population[i]/12 + conflict + p.Confrontation*in.Troops[i]/1e4/12
		if math.Abs(s.Expected[i]-want) > tol*want {
			t.Errorf("state %d: expected %.12g, want %.12g", i, s.Expected[i], want)
		}
		rate := conflict / in.Population[i] * 12e5
		if got, want := s.Settled[i], before[i]+(rate/p.SettleRate-before[i])/p.SettleMemory; math.Abs(got-want) > tol*max(1, want) {
			t.Errorf("state %d: consolidation %.12g, want %.12g", i, got, want)
		}
		if s.Drawn[i] < 0 || s.Drawn[i] != math.Trunc(s.Drawn[i]) {
			t.Errorf("state %d: drawn %g is not a count", i, s.Drawn[i])
		}
		total += s.Drawn[i]
	}
	if total != s.Total {
		t.Errorf("Total %g, states sum to %g", s.Total, total)
	}
	// The base rate is per 100,000 in the registry and per person here.
	reg := Parameters()[0]
	if reg.Name != "violence.base_rate" || math.Abs(p.BaseRate-reg.Default/1e5) > tol {
		t.Errorf("base rate %g per person, want %s = %g per 100,000", p.BaseRate, reg.Name, reg.Default)
	}
}

// TestHomicidesRise: expected homicides rise with member casualties, with
// troops and with revenue (through lethality), and only in the state
// where casualties or troops rise.
func TestHomicidesRise(t *testing.T) {
	t.Parallel()
	p := unweighted(t)
	const st = 24 // Sinaloa
	for _, tt := range []struct {
		name   string
		levels []float64
		set    func(*Inputs, float64)
		local  bool // only state st moves
	}{
		{"casualties", []float64{0, 10, 100, 1000}, func(in *Inputs, x float64) { in.Casualties[st] = x }, true},
		{"troops", []float64{0, 5000, 20000, 100000}, func(in *Inputs, x float64) { in.Troops[st] = x }, true},
		{"revenue", []float64{0, 1e5, 1e7, 1e9}, func(in *Inputs, x float64) { in.Revenue = x }, false},
		{"succession contest", []float64{0, 1, 10, 50}, func(in *Inputs, x float64) {
			in.Contest = make([]float64, geo.NumStates)
			in.Contest[st] = x
		}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var prev *State
			for _, x := range tt.levels {
				in := inputs()
				tt.set(&in, x)
				s := &State{}
				Step(testMonth, p, in, s, rand.New(rand.NewPCG(3, 3)))
				if prev != nil {
					if s.Expected[st] <= prev.Expected[st] {
						t.Errorf("level %g: expected %g, not above %g", x, s.Expected[st], prev.Expected[st])
					}
					for i := range s.Expected {
						if tt.local && i != st && s.Expected[i] != prev.Expected[i] {
							t.Errorf("level %g moved state %d", x, i)
						}
					}
				}
				prev = s
			}
		})
	}
}

// TestLethality: l(R) = 1 + L·Rⁿ/(Rⁿ + R½ⁿ) is 1 without revenue, 1 + L/2
// at R½, increasing and below 1 + L.
func TestLethality(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	if got := p.Lethality(0); got != 1 {
		t.Errorf("Lethality(0) = %g, want 1", got)
	}
	if got, want := p.Lethality(p.RevenueHalf), 1+p.LethalityMax/2; math.Abs(got-want) > tol {
		t.Errorf("Lethality(R½) = %g, want %g", got, want)
	}
	prev := 0.0
	// From $10,000 a month: below it the rise is under float64's
	// resolution at the default n.
	// Up to $40 billion a month: far beyond, 1 + L is reached to float64's
	// resolution.
	for r := 1e4; r < 1e11; r *= 3 {
		l := p.Lethality(r)
		if l <= prev || l >= 1+p.LethalityMax {
			t.Fatalf("Lethality(%g) = %.15g after %.15g; bound %g", r, l, prev, 1+p.LethalityMax)
		}
		prev = l
	}
	if math.Abs(prev-(1+p.LethalityMax)) > 1e-6 {
		t.Errorf("Lethality at $40 billion = %g, want about 1 + L = %g", prev, 1+p.LethalityMax)
	}
}

// TestStepStatistics: over many months, drawn homicides average the
// expected count, within five standard errors of a Poisson total.
func TestStepStatistics(t *testing.T) {
	t.Parallel()
	const months = 2000
	const z = 5
	p := defaults(t)
	in := inputs()
	s := &State{}
	rng := rand.New(rand.NewPCG(11, 0))
	sum, expected := 0.0, 0.0
	for range months {
		Step(testMonth, p, in, s, rng)
		sum += s.Total
		for _, e := range s.Expected {
			expected += e
		}
	}
	// The consolidation moves the expected count month by month.
	mean, expected := sum/months, expected/months
	if tol := z * math.Sqrt(expected/months); math.Abs(mean-expected) > tol {
		t.Errorf("mean national homicides %g, expected %g ± %g", mean, expected, tol)
	}
}

// TestDeterministic: the same seed gives the same draws; another seed
// different ones.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	draw := func(seed uint64) [geo.NumStates]float64 {
		s := &State{}
		Step(testMonth, p, inputs(), s, rand.New(rand.NewPCG(seed, 0)))
		return s.Drawn
	}
	if draw(5) != draw(5) {
		t.Error("same seed, different draws")
	}
	if draw(5) == draw(6) {
		t.Error("different seeds, same draws in all 32 states")
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
		{"zero half-saturation", func(p *Params) { p.RevenueHalf = 0 }, false},
		{"negative base rate", func(p *Params) { p.BaseRate = -1e-5 }, false},
		{"negative homicides per casualty", func(p *Params) { p.PerCasualty = -0.1 }, false},
		{"zero base rate is allowed", func(p *Params) { p.BaseRate = 0 }, true},
		{"negative contest multiplier", func(p *Params) { p.LocalContest = -1 }, false},
		{"negative conflict weight", func(p *Params) { p.ConflictWeight[3] = -1 }, false},
		{"infinite conflict drift", func(p *Params) { p.ConflictDrift[3] = math.Inf(1) }, false},
		{"drift window reversed", func(p *Params) { p.DriftFrom, p.DriftTo = p.DriftTo, p.DriftFrom }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			tt.set(&p)
			if err := p.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

// TestAllocate: the states' conflict weights move casualties between
// states in proportion to a_s and keep their national total; with no
// weights (a zero Params) they leave them as they are.
func TestAllocate(t *testing.T) {
	t.Parallel()
	var p Params
	c := make([]float64, geo.NumStates)
	for i := range c {
		c[i] = float64(i + 1)
	}
	want := append([]float64(nil), c...)
	p.Allocate(testMonth, c)
	for i := range c {
		if c[i] != want[i] {
			t.Fatalf("zero weights moved state %d: %g, want %g", i, c[i], want[i])
		}
	}
	p = defaults(t)
	sum := 0.0
	for i := range c {
		sum += c[i]
	}
	p.Allocate(testMonth, c)
	got := 0.0
	for i := range c {
		got += c[i]
	}
	if math.Abs(got-sum) > 1e-9*sum {
		t.Errorf("national casualties %g after allocation, want %g", got, sum)
	}
	for i := range c {
		for j := range c {
			r := c[i] / want[i] / (c[j] / want[j])
			a := p.Weights(testMonth)
			if w := a[i] / a[j]; math.Abs(r-w) > 1e-9*w {
				t.Fatalf("states %d and %d scaled %g apart, want their weights' ratio %g", i, j, r, w)
			}
		}
	}
}

// TestDriftHeldOutsideWindow: the conflict weights drift by g_s a year
// from the middle of the window 2015-01 … 2022-12 (the registry's
// violence.drift_from and drift_to) and hold the end values outside it, so
// that projections (to 2035) and the held-out years use the 2022 weights
// and never an extrapolated exponential; a Params not read from the
// registry has no drift.
func TestDriftHeldOutsideWindow(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	// 96 months: the ends are 47.5 months from the middle.
	const half = 47.5 / 12
	for _, tt := range []struct {
		m    calendar.Month
		want float64
	}{
		{calendar.Of(2008, 6), -half}, {calendar.Of(2015, 1), -half}, {calendar.Of(2019, 1), 0.5 / 12},
		{calendar.Of(2022, 12), half}, {calendar.Of(2024, 6), half}, {calendar.Of(2035, 12), half},
	} {
		if got := p.driftYears(tt.m); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("driftYears(%v) = %g, want %g", tt.m, got, tt.want)
		}
	}
	drifting := 0
	end, later := p.Weights(calendar.Of(2022, 12)), p.Weights(calendar.Of(2035, 1))
	first := p.Weights(calendar.Of(2015, 1))
	for i, g := range p.ConflictDrift {
		if end[i] != later[i] {
			t.Errorf("state %d: weight %g in 2035, want its 2022-12 value %g", i, later[i], end[i])
		}
		if want := first[i] * math.Exp(2*g*half); math.Abs(end[i]-want) > 1e-12*want {
			t.Errorf("state %d: weight %g in 2022-12 and %g in 2015-01, want a ratio exp(%g·%g)", i, end[i], first[i], g, 2*half)
		}
		if g != 0 {
			drifting++
		}
	}
	if drifting == 0 {
		t.Error("no state drifts at the defaults")
	}
	var zero Params
	if x := zero.driftYears(calendar.Of(2019, 1)); x != 0 {
		t.Errorf("zero Params: driftYears %g, want 0", x)
	}
}
