package fit_test

import (
	"context"
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// TestHealthBackcast holds the health backcast to issue 5's tolerances:
// total deaths within 10% of NCHS/CDC each year 2010–2023, synthetic-opioid
// deaths within 15% each year 2015–2023.
func TestHealthBackcast(t *testing.T) {
	w := simtest.World(t)
	s, v := simtest.Baseline(t)
	c := tidy.NewCollector(s.From)
	if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v}, c); err != nil {
		t.Fatal(err)
	}
	pts, err := fit.HealthBackcast(v, c)
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, p := range pts {
		if p.Tolerance == 0 {
			continue
		}
		held++
		if !p.OK() {
			t.Errorf("%s %s: simulated %.0f, observed %.0f (%+.1f%%, tolerance %.0f%%)", p.Series, p.Period, p.Simulated, p.Observed, 100*p.RelErr(), 100*p.Tolerance)
		}
	}
	// 2010-2014 from the spin-up, 2015-2023 twice (total and synthetic).
	if want := 5 + 2*9; held != want {
		t.Errorf("%d points held to a tolerance, want %d", held, want)
	}
	// The spin-up's fentanyl share trend (health.fentanyl_share_2015) joins
	// the market's share at the origin without a jump: within a point
	// (assumption: a jump that small moves January 2015's deaths by under
	// 1%, with fentanyl's hazard about 2.5 times heroin's).
	f0, ok := c.At(sim.VarShare, "all", sim.Origin)
	if want := v.Get("health.fentanyl_share_2015"); !ok || math.Abs(f0-want) > 0.01 {
		t.Errorf("market fentanyl share in %v: %.4f, spin-up ends at health.fentanyl_share_2015 = %.4f", sim.Origin, f0, want)
	}
}

// TestNaloxoneScenarioRao2021: the built-in naloxone scenario (+30%
// coverage, 2026-2030) run through the whole engine averts on the order of
// the 25% of opioid deaths over five years that Rao, Humphreys & Brandeau
// (2021, Lancet Reg Health Am 3:100031) find; held to 15-35%.
func TestNaloxoneScenarioRao2021(t *testing.T) {
	w, reg := simtest.World(t), simtest.Registry(t)
	opioid := func(name string) float64 {
		s, err := scenario.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		v, err := sim.Apply(reg, s)
		if err != nil {
			t.Fatal(err)
		}
		c := tidy.NewCollector(s.From)
		if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v}, c); err != nil {
			t.Fatal(err)
		}
		a, _ := calendar.Years(2026)
		_, b := calendar.Years(2030)
		return c.Sum(sim.VarOpioid, "all", a, b)
	}
	base, nal := opioid("baseline"), opioid("naloxone")
	averted := 1 - nal/base
	if averted < 0.15 || averted > 0.35 {
		t.Errorf("naloxone +30%% averts %.1f%% of opioid deaths 2026-2030, want about 25%% (15-35%%)", 100*averted)
	}
	t.Logf("naloxone +30%%: %.0f of %.0f opioid deaths averted 2026-2030 (%.1f%%)", base-nal, base, 100*averted)
}
