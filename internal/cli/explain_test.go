package cli

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// TestExplainReplayMatchesRun: the health replay behind explain gives the
// run's deaths month by month, for the baseline and for a scenario with a
// demand-side lever, so the decomposition explains the run itself; and the
// drivers add up to the change.
func TestExplainReplayMatchesRun(t *testing.T) {
	t.Parallel()
	w, err := sim.LoadWorld()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := sim.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"baseline", "naloxone"} {
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
		_, deaths, err := replayHealth(s, v, c, calendar.Of(2030, 12))
		if err != nil {
			t.Fatal(err)
		}
		// The replay reads the recorded share and purity back, which the
		// recorder may round; allow 1e-3.
		for k, d := range deaths {
			got, _ := c.At(sim.VarDeaths, "all", sim.Origin+calendar.Month(k))
			if math.Abs(got-d) > 1e-3*got {
				t.Fatalf("%s, month %d: replay %.3f deaths, run %.3f", name, k, d, got)
			}
		}
		contrib, dd, err := explainYears(s, v, c, 2025, 2027)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, x := range contrib {
			sum += x
		}
		if math.Abs(sum-(dd[1]-dd[0])) > 1e-6*math.Abs(dd[1]-dd[0]) {
			t.Errorf("%s: drivers sum to %.3f, change %.3f", name, sum, dd[1]-dd[0])
		}
	}
}

func TestExplainCommand(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "explain", "2023", "2024")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"potency", "naloxone", "treatment", "population at risk (depletion)", "2023 to 2024"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := run(t, "explain", "2023", "soon"); code != 2 || !strings.Contains(errOut, `year "soon"`) {
		t.Errorf("bad year: exit %d, %q; want 2 naming the year", code, errOut)
	}
}
