package market

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/internal/paramtest"
)

// defaults returns the module's parameters at the registry defaults.
func defaults(tb testing.TB) Params {
	tb.Helper()
	return paramtest.Defaults(tb, Parameters(), FromValues)
}

// start is the model's origin, January 2015 (sim.Origin).
var start = calendar.Of(2015, 1)

// none is an observed series with no observations.
func none(calendar.Month) (float64, bool) { return 0, false }

// catch0 is the status-quo average probability that a load arriving at the
// border is seized, from the border module's defaults: ports
// (1 − b₀)·p_port₀ + between ports b₀·p_bp with b₀ = 0.05752,
// p_port₀ = 1 − (1 − 0.09761)(1 − 0.6·0.05), p_bp = 0.2013.
var catch0 = (1-0.05752)*(1-(1-0.09761)*(1-0.6*0.05)) + 0.05752*0.2013

// TestPurityFollowsObserved: purity is DEA's observation where there is
// one; before the series it is PurityBefore scaled by precursor access;
// after it, it relaxes towards PurityLong·a^γ with time constant
// PurityRelax, i.e. the gap shrinks by (1 − 1/τ) a month.
func TestPurityFollowsObserved(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	first, last := calendar.Of(2019, 1), calendar.Of(2024, 12)
	// Observed: 8% to 2021, 25% mid-2023, 11% late 2024 (DEA NDTA 2025),
	// here as a ramp that ends at 11%, with a gap in 2022-02.
	obs := func(m calendar.Month) (float64, bool) {
		if m < first || m > last || m == calendar.Of(2022, 2) {
			return 0, false
		}
		return 8 + 3*float64(m-first)/float64(last-first), true
	}
	const avail = 0.8 // precursor availability
	s := Init(p, 100)
	gap := 0.0
	for m := start; m <= calendar.Of(2030, 12); m++ {
		before := s.Purity
		Step(m, p, obs, Inputs{Delivered: 100, Available: avail, Catch: catch0, Catch0: catch0}, s)
		target := p.PurityLong * math.Pow(avail, p.PurityAvail)
		switch x, ok := obs(m); {
		case ok:
			if s.Purity != x {
				t.Fatalf("%v: purity %g, observed %g", m, s.Purity, x)
			}
		case m < first:
			if want := p.PurityBefore * math.Pow(avail, p.PurityAvail); math.Abs(s.Purity-want) > tol {
				t.Fatalf("%v: purity before the series %g, want %g", m, s.Purity, want)
			}
		case m == last+1:
			gap = before - target
			fallthrough
		default:
			// After the first observation, a missing month relaxes too.
			want := before + (target-before)/p.PurityRelax
			if math.Abs(s.Purity-want) > tol {
				t.Fatalf("%v: purity %.15g, want %.15g", m, s.Purity, want)
			}
		}
		if m > last {
			n := float64(m - last)
			if want := target + gap*math.Pow(1-1/p.PurityRelax, n); math.Abs(s.Purity-want) > tol {
				t.Fatalf("%v: purity %.15g, want geometric approach %.15g", m, s.Purity, want)
			}
		}
	}
}

// TestRetailLag: retail supply approaches deliveries with the
// distribution lag, R_{n+1} = R_n + (D − R_n)/max(1, lag).
func TestRetailLag(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	for _, lag := range []float64{0.5, 1, 2, 6} {
		p := defaults(t)
		p.Lag = lag
		s := Init(p, 50)
		r := 50.0
		for m := start; m < start+24; m++ {
			Step(m, p, none, Inputs{Delivered: 200, Available: 1, Catch: catch0, Catch0: catch0}, s)
			r += (200 - r) / max(1, lag)
			if math.Abs(s.Retail-r) > tol*r {
				t.Fatalf("lag %g, %v: retail %g, want %g", lag, m, s.Retail, r)
			}
		}
	}
}

// TestShare: f = Q^h/(Q^h + Q_h^h) lies in [0, 1), is one half at
// Q = Q_h, and rises with supply (here without direct imports, which
// TestDirectImports checks).
func TestShare(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	p.Direct = 0
	prev := -1.0
	for _, d := range []float64{0, 1, 10, 100, 1000, 1e4, 1e5, 1e7} {
		s := Init(p, d)
		for m := start; m < start+36; m++ {
			Step(m, p, none, Inputs{Delivered: d, Available: 1, Catch: catch0, Catch0: catch0}, s)
		}
		q := s.Retail * s.Purity / 100
		qh := math.Pow(q, p.ShareHill)
		if want := qh / (qh + math.Pow(p.HeroinEquiv, p.ShareHill)); math.Abs(s.Share-want) > tol {
			t.Errorf("delivered %g: share %g, want %g", d, s.Share, want)
		}
		if s.Share < 0 || s.Share >= 1 {
			t.Errorf("delivered %g: share %g outside [0, 1)", d, s.Share)
		}
		if s.Share <= prev && d > 0 {
			t.Errorf("delivered %g: share %g not above %g", d, s.Share, prev)
		}
		if d == 0 && s.Share != 0 {
			t.Errorf("no fentanyl, share %g", s.Share)
		}
		prev = s.Share
	}
	// Half the supply is fentanyl when its pure kilograms match heroin's,
	// whatever h; with h = 1 the share is proportional, Q/(Q + Q_h).
	for _, h := range []float64{0.7, 1, 1.5} {
		p := p
		p.ShareHill = h
		for _, q := range []float64{p.HeroinEquiv, p.HeroinEquiv / 4} {
			s := Init(p, q*100/p.PurityBefore) // retail kg whose pure content is q
			Step(start, p, none, Inputs{Delivered: s.Retail, Available: 1, Catch: catch0, Catch0: catch0}, s)
			want := 0.5
			if q != p.HeroinEquiv {
				want = math.Pow(0.25, h) / (1 + math.Pow(0.25, h))
			}
			if math.Abs(s.Share-want) > tol {
				t.Errorf("h %g, Q = %g: share %.15g, want %.15g", h, q, s.Share, want)
			}
		}
	}
}

// TestDirectImports: fentanyl that reaches US markets directly (mail and
// express from China) adds its pure kilograms to the border's: a share of
// its peak in January 2015, the peak from January 2017 to January 2018,
// fading after (e-fold by DirectFade months), so by 2024 the share is the
// border's own.
func TestDirectImports(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	p.Direct, p.DirectStart, p.DirectFade = 20, 0.25, 12
	for _, c := range []struct {
		m    calendar.Month
		want float64
	}{
		{calendar.Of(2015, 1), 5}, {calendar.Of(2016, 1), 12.5}, {calendar.Of(2017, 6), 20}, {calendar.Of(2018, 1), 20},
		{calendar.Of(2019, 1), 20 * math.Exp(-1)},
	} {
		if got := p.DirectPure(c.m); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%v: direct %g pure kg, want %g", c.m, got, c.want)
		}
	}
	run := func(p Params, from calendar.Month, n int) *State {
		s := Init(p, 100)
		for m := from; m < from+calendar.Month(n); m++ {
			Step(m, p, none, Inputs{Delivered: 100, Available: 1, Catch: catch0, Catch0: catch0}, s)
		}
		return s
	}
	none0 := p
	none0.Direct = 0
	with, without := run(p, calendar.Of(2016, 1), 12), run(none0, calendar.Of(2016, 1), 12)
	if want := without.Pure + p.DirectPure(calendar.Of(2016, 12)); math.Abs(with.Pure-want) > 1e-9 {
		t.Errorf("2016: pure %g kg with direct imports, want %g", with.Pure, want)
	}
	if with.Share <= without.Share {
		t.Errorf("2016: share %g with direct imports, not above %g", with.Share, without.Share)
	}
	late, late0 := run(p, calendar.Of(2024, 1), 12), run(none0, calendar.Of(2024, 1), 12)
	if d := late.Share - late0.Share; d > 1e-3 {
		t.Errorf("2024: direct imports still add %g to the share", d)
	}
}

// TestPriceReplacementCost: with supply on its trend, price moves only by
// the replacement cost of seized loads, P/P₀ = 1 + ρ·((1 − p₀)/(1 − p) − 1),
// so raising the catch probability by 20% (relative) moves the price by
// well under 5% (Pardo & Reuter 2020; ANCHORS §4).
func TestPriceReplacementCost(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	for _, tt := range []struct {
		name  string
		catch float64
		bound float64 // largest accepted |P/P₀ − 1|
	}{
		{"status quo", catch0, 0},
		{"catch +20%", 1.2 * catch0, 0.05},
		{"catch doubled", 2 * catch0, 0.05},
		{"catch −20%", 0.8 * catch0, 0.05},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Init(p, 100)
			Step(start, p, none, Inputs{Delivered: 100, Available: 1, Catch: tt.catch, Catch0: catch0}, s)
			want := 1 + p.Replacement*((1-catch0)/(1-tt.catch)-1)
			if math.Abs(s.PriceIndex-want) > tol {
				t.Errorf("price index %.15g, want %.15g", s.PriceIndex, want)
			}
			if d := math.Abs(s.PriceIndex - 1); d > tt.bound {
				t.Errorf("price index moved by %.2f%%, bound %.0f%%", 100*d, 100*tt.bound)
			}
			if (tt.catch > catch0) != (s.PriceIndex > 1) && tt.catch != catch0 {
				t.Errorf("catch %g gave price index %g", tt.catch, s.PriceIndex)
			}
		})
	}
}

// TestPriceSeizureShock follows the whole market after the catch rises by
// 20% (relative): fewer kilograms get through, so besides the replacement
// cost the price index also rises while retail supply is below its
// trend, by at most (D₁/D₀)^(1/ε), and settles within 5% once the trend
// has caught up. With the defaults (ε = −0.5) the short-run peak is about
// 5.1% (measured; the bound is 6.3%); the long-run move is the
// replacement cost alone, about 0.1%.
func TestPriceSeizureShock(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	const arrivals = 1000.0 // kg a month
	c1 := 1.2 * catch0
	d0, d1 := arrivals*(1-catch0), arrivals*(1-c1)
	s := Init(p, d0)
	m := start
	for ; m < start+120; m++ {
		Step(m, p, none, Inputs{Delivered: d0, Available: 1, Catch: catch0, Catch0: catch0}, s)
	}
	if math.Abs(s.PriceIndex-1) > tol {
		t.Fatalf("steady state price index %g, want 1", s.PriceIndex)
	}
	cost := 1 + p.Replacement*((1-catch0)/(1-c1)-1)
	bound := cost * math.Pow(d1/d0, 1/p.Elasticity)
	peak := 0.0
	for ; m < start+360; m++ {
		Step(m, p, none, Inputs{Delivered: d1, Available: 1, Catch: c1, Catch0: catch0}, s)
		if s.PriceIndex > bound*(1+tol) || s.PriceIndex < cost*(1-tol) {
			t.Fatalf("%v: price index %.6f outside [%.6f, %.6f]", m, s.PriceIndex, cost, bound)
		}
		peak = max(peak, s.PriceIndex)
	}
	if peak <= cost {
		t.Errorf("peak price index %g: a fall in supply did not raise the price", peak)
	}
	if d := math.Abs(s.PriceIndex - 1); d > 0.05 {
		t.Errorf("long-run price index moved by %.2f%%, want under 5%%", 100*d)
	}
	// The trend closes the gap by (1 − 1/PriceTrend) a month; at the
	// default 24 months, 3.7e-5 of the 5% peak is left after 240 months.
	if math.Abs(s.PriceIndex-cost) > 1e-5 {
		t.Errorf("long-run price index %.9f, want the replacement cost alone %.9f", s.PriceIndex, cost)
	}
}

func TestInit(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	s := Init(p, 123)
	if s.Retail != 123 || s.Trend != 123 || s.PriceIndex != 1 || s.Purity != p.PurityBefore {
		t.Errorf("Init = %+v", *s)
	}
}
