package orgs

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// paperWeeks is the length of the paper's run: 520 weekly steps, 2012–2022
// (ReclutamientoC.R, "the system is considered for 520 steps (10 years)").
const paperWeeks = 520

// weeklyRun integrates the paper's equations from its 2012 state for
// weeks weeks in steps RK4 steps, status quo, no leadership events.
func weeklyRun(tb testing.TB, p Params, in Inputs, weeks float64, steps int) *State {
	tb.Helper()
	s := mustInit(tb, p, PaperStart)
	s.setLethality(p)
	s.integrate(weeks, steps, coefficients(p, in))
	return s
}

// TestOrgsMonthlyRK4MatchesFine compares the monthly integration used by
// Init and Step (one RK4 step a month at these rates) with RK4 at a step
// of 0.01 week over the same 120 months, 2012-01 to 2022-01 (521.9 weeks,
// covering the paper's 520).
func TestOrgsMonthlyRK4MatchesFine(t *testing.T) {
	t.Parallel()
	const tol = 1e-6 // the accuracy asked of the monthly step (issue brief); measured ≈4e-11
	p := Defaults()
	end := calendar.Of(2022, 1)
	monthly := mustInit(t, p, end)
	weeks := 0.0
	for m := PaperStart; m < end; m++ {
		weeks += float64(m.Days()) / 7
	}
	if weeks < paperWeeks {
		t.Fatalf("120 months = %g weeks, want ≥ %d", weeks, paperWeeks)
	}
	fine := weeklyRun(t, p, StatusQuo(), weeks, int(math.Round(weeks/0.01)))
	for i := range monthly.Members {
		if d := relDiff(monthly.Members[i], fine.Members[i]); d > tol {
			t.Errorf("group %d: monthly %g, fine %g (rel %g)", i, monthly.Members[i], fine.Members[i], d)
		}
	}
}

// TestOrgsPaperTrajectory runs the paper's 520 weeks from 115,000 members
// in 2012.
func TestOrgsPaperTrajectory(t *testing.T) {
	t.Parallel()
	p := Defaults()
	s := weeklyRun(t, p, StatusQuo(), paperWeeks, paperWeeks)
	r := s.Rates(p, StatusQuo())
	for _, tt := range []struct {
		name        string
		got, lo, hi float64
	}{
		// ANCHORS T9: 160,000–185,000 members in 2022 (Prieto-Curiel et al. 2023).
		{"members 2022", s.Total(), 160000, 185000},
		// ANCHORS T9: 350–370 recruits a week needed; the paper's figure
		// matches the 2012–2022 average (s.Recruits holds the whole run).
		{"mean recruits/week 2012-2022", s.Recruits / paperWeeks, 350, 370},
		// Weekly conflict killings in 2022. The code's comment says θ gives
		// "200 kills per week"; its fit targets 0.1 × (homicides + missing)
		// /52, ≈112 a week in 2021 (Trends2012_2021.csv); the equations give
		// ≈124. Checked for magnitude only.
		{"casualties/week 2022", r.Casualties, 100, 200},
		// η: 110 incapacitated a week, exactly (paper's code).
		{"incapacitated/week", r.Incapacitated, 110 - 1e-9, 110 + 1e-9},
	} {
		if tt.got < tt.lo || tt.got > tt.hi {
			t.Errorf("%s = %g, want [%g, %g]", tt.name, tt.got, tt.lo, tt.hi)
		} else {
			t.Logf("%s = %.1f", tt.name, tt.got)
		}
	}
	// Killings plus incapacitations ≈ 200 a week (ANCHORS T9, secondary
	// source [S]): loose band.
	if lost := r.Casualties + r.Incapacitated; lost < 150 || lost > 300 {
		t.Errorf("killed + incapacitated = %g a week, want ≈200", lost)
	}
	// Sinaloa + CJNG ≈ 46,600 in the paper vs a DEA figure of 44,800
	// (ANCHORS §1.3, secondary source [S]); 5% band.
	net := testNetwork(t)
	if both := s.Members[groupIndex(t, net, "cjng")] + s.Members[groupIndex(t, net, "sinaloa")]; math.Abs(both/46600-1) > 0.05 {
		t.Errorf("CJNG + Sinaloa = %g, want ≈46,600", both)
	} else {
		t.Logf("CJNG + Sinaloa 2022 = %.0f", both)
	}
}

// policyCases are the paper's scenarios from the 2022 state over five
// years; want* are ANCHORS T10, our re-run of the public equations,
// rounded to whole percent.
var policyCases = []struct {
	name                    string
	in                      Inputs
	wantMembers, wantKilled float64 // percent change 2022→2027
	membersUp, killedUp     bool
}{
	{"status quo", StatusQuo(), 23, 36, true, true},
	{"incapacitation x2", Inputs{Recruitment: 1, Incapacitation: 2, Lethality: 1}, 6, 2, true, true},
	{"recruitment x0.5", Inputs{Recruitment: 0.5, Incapacitation: 1, Lethality: 1}, -10, -26, false, false},
}

// TestOrgsPolicyResult checks the paper's policy result (ANCHORS T10):
// doubling incapacitation still lets members and killings rise, by less
// than the status quo; halving recruitment makes both fall.
func TestOrgsPolicyResult(t *testing.T) {
	t.Parallel()
	p := Defaults()
	// ANCHORS gives whole percents (±0.5) and the paper's main run draws
	// 2012 sizes from a Poisson law where we use its mean: allow 1 point.
	const tolPoints = 1.0
	from := weeklyRun(t, p, StatusQuo(), paperWeeks, paperWeeks)
	m0, k0 := from.Total(), from.Rates(p, StatusQuo()).Casualties
	got := map[string][2]float64{}
	for _, tt := range policyCases {
		t.Run(tt.name, func(t *testing.T) {
			s := weeklyRun(t, p, StatusQuo(), paperWeeks, paperWeeks)
			s.integrate(260, 260, coefficients(p, tt.in)) // five years of 52 weeks
			dm := 100 * (s.Total()/m0 - 1)
			dk := 100 * (s.Rates(p, tt.in).Casualties/k0 - 1)
			got[tt.name] = [2]float64{dm, dk}
			t.Logf("members %+.2f%%, killings/week %+.2f%%", dm, dk)
			if (dm > 0) != tt.membersUp || (dk > 0) != tt.killedUp {
				t.Errorf("signs: members %+.1f%%, killings %+.1f%%; want up=%v, %v", dm, dk, tt.membersUp, tt.killedUp)
			}
			if math.Abs(dm-tt.wantMembers) > tolPoints || math.Abs(dk-tt.wantKilled) > tolPoints {
				t.Errorf("members %+.2f%%, killings %+.2f%%; want %+g%%, %+g%% ± %g", dm, dk, tt.wantMembers, tt.wantKilled, tolPoints)
			}
		})
	}
	if sq, h2 := got["status quo"], got["incapacitation x2"]; h2[0] >= sq[0] || h2[1] >= sq[1] {
		t.Errorf("doubled incapacitation %v does not rise less than the status quo %v", h2, sq)
	}
}

// TestOrgsPolicyResultMonthly repeats the policy result through the public
// API: Init to 2022-01, then 60 monthly Steps. Calendar months make five
// years 260.9 weeks, not 260, and start 521.9 weeks after 2012-01; that
// moves the percentages by under 0.2 points, inside the same band.
func TestOrgsPolicyResultMonthly(t *testing.T) {
	t.Parallel()
	const tolPoints = 1.0 // as in TestOrgsPolicyResult
	p := Defaults()
	start := calendar.Of(2022, 1)
	for _, tt := range policyCases {
		t.Run(tt.name, func(t *testing.T) {
			s := mustInit(t, p, start)
			m0, k0 := s.Total(), s.Rates(p, StatusQuo()).Casualties
			rng := rand.New(rand.NewPCG(1, 2))
			for m := start; m < start+60; m++ {
				if err := Step(m, p, tt.in, s, rng); err != nil {
					t.Fatal(err)
				}
			}
			dm := 100 * (s.Total()/m0 - 1)
			dk := 100 * (s.Rates(p, tt.in).Casualties/k0 - 1)
			t.Logf("members %+.2f%%, killings/week %+.2f%%", dm, dk)
			if math.Abs(dm-tt.wantMembers) > tolPoints || math.Abs(dk-tt.wantKilled) > tolPoints {
				t.Errorf("members %+.2f%%, killings %+.2f%%; want %+g%%, %+g%% ± %g", dm, dk, tt.wantMembers, tt.wantKilled, tolPoints)
			}
		})
	}
}

// TestOrgsConservation checks every month that
//
//	ΣC(t+1) = ΣC(t) + recruits − incapacitated − casualties − saturation
//
// and that the by-state flows add up, in a run with removals and splits.
func TestOrgsConservation(t *testing.T) {
	t.Parallel()
	const tol = 1e-6 // relative, per month (module contract)
	p := Defaults()
	p.SplitProbability = 0.5
	start := calendar.Of(2015, 1)
	s := mustInit(t, p, start)
	in := StatusQuo()
	in.Removals = []Removal{
		{State: 13, Kind: Killing, Count: 0.3},     // Jalisco
		{State: 9, Kind: Capture, Count: 0.3},      // Durango
		{State: 8, Kind: MidLevelArrest, Count: 2}, // Ciudad de México
		{State: 15, Kind: Extradition, Count: 0.2}, // Michoacán
	}
	in.Incapacitation = 1.5
	rng := rand.New(rand.NewPCG(7, 7))
	splits := 0
	for m := start; m < start+120; m++ {
		before := s.Total()
		if err := Step(m, p, in, s, rng); err != nil {
			t.Fatal(err)
		}
		splits += s.Splits
		want := before + s.Recruits - s.Incapacitated - s.Casualties - s.Saturation
		if d := relDiff(s.Total(), want); d > tol {
			t.Errorf("%v: members %g, flows give %g (rel %g)", m, s.Total(), want, d)
		}
		byState, members := 0.0, 0.0
		mbs := s.MembersByState()
		for st := range geo.NumStates {
			byState += s.CasualtiesByState[st]
			members += mbs[st]
		}
		if relDiff(byState, s.Casualties) > tol || relDiff(members, s.Total()) > tol {
			t.Errorf("%v: by-state casualties %g vs %g, members %g vs %g", m, byState, s.Casualties, members, s.Total())
		}
	}
	if splits == 0 {
		t.Error("no split happened; the test does not cover splits")
	}
}

// TestOrgsExtremeInputs drives the groups towards collapse (no
// recruitment, ten times the incapacitation, five times the lethality,
// contested leaderships) for 20 years. Members must stay positive, balance
// with the flows, and follow a fine-step solution: the month's step count
// adapts to the faster rates, and the incapacitation cap removes the
// paper's finite-time collapse.
func TestOrgsExtremeInputs(t *testing.T) {
	t.Parallel()
	// Near collapse the cap's kink lowers RK4's order; 1e-4 of the total
	// is the accuracy the adaptive month keeps there (1e-9 at the paper's
	// rates, TestOrgsMonthlyRK4MatchesFine).
	const tol = 1e-4
	p := Defaults()
	p.Recovery, p.SplitProbability = 0, 0 // hold the contested leaderships
	in := Inputs{Recruitment: 0, Incapacitation: 10, Lethality: 5}
	start := calendar.Of(2022, 1)
	s := mustInit(t, p, start)
	for i := range s.Integrity {
		s.Integrity[i] = float64(i%3) / 3
	}
	fine := mustInit(t, p, start)
	copy(fine.Integrity, s.Integrity)
	rng := rand.New(rand.NewPCG(1, 1))
	weeks := 0.0
	for m := start; m < start+240; m++ {
		before := s.Total()
		if err := Step(m, p, in, s, rng); err != nil {
			t.Fatal(err)
		}
		weeks += float64(m.Days()) / 7
		for i, c := range s.Members {
			if !(c >= 0) {
				t.Fatalf("%v: group %d members %g", m, i, c)
			}
		}
		// Absolute balance against the starting size, since the total
		// itself falls towards zero.
		want := before + s.Recruits - s.Incapacitated - s.Casualties - s.Saturation
		if math.Abs(s.Total()-want) > 1e-9*174000 {
			t.Errorf("%v: members %g, flows give %g", m, s.Total(), want)
		}
	}
	fine.setLethality(p)
	fine.integrate(weeks, int(math.Round(weeks/0.05)), coefficients(p, in))
	total := fine.Total()
	for i := range s.Members {
		if d := math.Abs(s.Members[i] - fine.Members[i]); d > tol*total {
			t.Errorf("group %d: monthly %g, fine %g", i, s.Members[i], fine.Members[i])
		}
	}
	if total > 100 {
		t.Errorf("total %g after 20 years without recruitment: no collapse", total)
	}
}
