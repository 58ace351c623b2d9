package sim_test

import (
	"bytes"
	"context"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

func loadWorld(tb testing.TB) *sim.World { return simtest.World(tb) }

func registry(tb testing.TB) *params.Registry { return simtest.Registry(tb) }

func builtin(tb testing.TB, name string) *scenario.Scenario { return simtest.Builtin(tb, name) }

// collect runs s with its parameters on the shared world and returns
// every recorded value.
func collect(tb testing.TB, s *scenario.Scenario) *tidy.Collector {
	tb.Helper()
	v, err := sim.Apply(registry(tb), s)
	if err != nil {
		tb.Fatal(err)
	}
	c := tidy.NewCollector(s.From)
	if _, err := sim.Run(context.Background(), loadWorld(tb), sim.Config{Scenario: s, Values: v}, c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// runCSV runs a scenario and returns its CSV output.
func runCSV(tb testing.TB, s *scenario.Scenario) []byte {
	tb.Helper()
	reg := registry(tb)
	v, err := sim.Apply(reg, s)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	w, _ := tidy.NewWriter(&buf, "csv")
	w.SetScenario(s.Name)
	if _, err := sim.Run(context.Background(), loadWorld(tb), sim.Config{Scenario: s, Values: v}, w); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestRegistryComplete fails when any parameter lacks a unit, a prior or a
// source, or has a default outside its prior (issue 2, item 2).
func TestRegistryComplete(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	if reg.Len() < 50 {
		t.Errorf("registry has %d parameters; every module should declare its own", reg.Len())
	}
	seen := map[string]bool{}
	for _, p := range reg.All() {
		if err := p.Check(); err != nil {
			t.Error(err)
		}
		seen[p.Module] = true
	}
	for _, m := range []string{"diplomacy", "supply", "routes", "border", "market", "health", "orgs", "violence"} {
		if !seen[m] {
			t.Errorf("module %s declares no parameters", m)
		}
	}
}

// TestDeterministic: the same seed gives byte-identical output; another
// seed gives different stochastic paths.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	s := builtin(t, "combined")
	a, b := runCSV(t, s), runCSV(t, s)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	s2 := builtin(t, "combined")
	s2.Seed = s.Seed + 1
	if bytes.Equal(a, runCSV(t, s2)) {
		t.Error("a different seed gave identical output: the streams are not seeded")
	}
}

// TestConcurrentRunsIndependent: runs on many goroutines sharing one World
// give the same output as a run alone.
func TestConcurrentRunsIndependent(t *testing.T) {
	t.Parallel()
	s := builtin(t, "unilateral-campaign")
	want := runCSV(t, s)
	var wg sync.WaitGroup
	outs := make([][]byte, 4)
	for i := range outs {
		wg.Go(func() { outs[i] = runCSV(t, s) })
	}
	wg.Wait()
	for i, o := range outs {
		if !bytes.Equal(o, want) {
			t.Errorf("concurrent run %d differs", i)
		}
	}
}

// ledgerRecorder checks the fentanyl mass balance every month:
// produced = seized + delivered + lost + in transit, cumulatively.
type ledgerRecorder struct {
	t                                            *testing.T
	produced, seized, delivered, lost, inTransit float64
	months                                       int
}

func (l *ledgerRecorder) Record(m calendar.Month, v, region string, x float64) error {
	if region != "all" {
		return nil
	}
	switch v {
	case sim.VarProduction:
		l.produced += x
	case sim.VarSeizedKg:
		l.seized += x
	case sim.VarDelivered:
		l.delivered += x
	case sim.VarLostMexico:
		l.lost += x
	case sim.VarInTransit:
		l.inTransit = x
	case sim.VarPrecursorAccess: // the last variable of a month
		l.months++
		bal := l.seized + l.delivered + l.lost + l.inTransit
		if d := math.Abs(l.produced - bal); d > 1e-6*math.Max(1, l.produced) {
			l.t.Fatalf("%v: produced %.6f kg but seized+delivered+lost+in transit = %.6f", m, l.produced, bal)
		}
	}
	return nil
}

func TestConservationOfMass(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"baseline", "border-inspection", "mexico-troops", "us-strikes-labs", "combined"} {
		s := builtin(t, name)
		reg := registry(t)
		v, _ := sim.Apply(reg, s)
		rec := &ledgerRecorder{t: t}
		res, err := sim.Run(context.Background(), loadWorld(t), sim.Config{Scenario: s, Values: v}, rec)
		if err != nil {
			t.Fatal(err)
		}
		if rec.months != calendar.Between(s.From, s.To) {
			t.Errorf("%s: checked %d months, want %d", name, rec.months, calendar.Between(s.From, s.To))
		}
		if res.Ledger.Imbalance() > 1e-6*res.Ledger.Produced || res.Ledger.Produced <= 0 {
			t.Errorf("%s: final ledger %+v", name, res.Ledger)
		}
	}
}

// TestBaselineFit holds the baseline backcast to the tolerances of issue 2:
// CDC deaths within 15% (2016-2023), INEGI homicides within 20%
// (2016-2022), CBP southwest-border seizures within 35% (FY2021-FY2024).
func TestBaselineFit(t *testing.T) {
	t.Parallel()
	c := collect(t, builtin(t, "baseline"))
	pts, err := fit.Targets(c)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, p := range pts {
		counts[p.Series]++
		if !p.OK() {
			t.Errorf("%s %s: simulated %.0f vs observed %.0f (%+.1f%%, tolerance ±%.0f%%)",
				p.Series, p.Period, p.Simulated, p.Observed, 100*p.RelErr(), 100*p.Tolerance)
		}
	}
	// 8 years of deaths, 7 of homicides, 4 fiscal years of seizures.
	if counts[fit.SeriesDeaths] != 8 || counts[fit.SeriesHomicides] != 7 || counts[fit.SeriesSeizures] != 4 {
		t.Errorf("targets per series: %v", counts)
	}
}

func TestRunRejectsBadHorizon(t *testing.T) {
	t.Parallel()
	s := builtin(t, "baseline")
	s.From = calendar.Of(2013, 1)
	_, err := sim.Run(context.Background(), loadWorld(t), sim.Config{Scenario: s, Values: registry(t).Defaults()}, nil)
	if err == nil || !strings.Contains(err.Error(), "before the model's initial state") {
		t.Errorf("err = %v", err)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := builtin(t, "baseline")
	if _, err := sim.Run(ctx, loadWorld(t), sim.Config{Scenario: s, Values: registry(t).Defaults()}, nil); err == nil {
		t.Error("a cancelled run succeeded")
	}
}

func BenchmarkRunBaseline(b *testing.B) {
	w := loadWorld(b)
	s := builtin(b, "baseline")
	v := registry(b).Defaults()
	b.ReportAllocs()
	var res *sim.Result
	for b.Loop() {
		var err error
		if res, err = sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v}, discard{}); err != nil {
			b.Fatal(err)
		}
	}
	if res.Stats.Months != calendar.Between(s.From, s.To) {
		b.Fatalf("ran %d months", res.Stats.Months)
	}
}

type discard struct{}

func (discard) Record(calendar.Month, string, string, float64) error { return nil }
