package compare_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/compare"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

func loadWorld(tb testing.TB) *sim.World { return simtest.World(tb) }

func registry(tb testing.TB) *params.Registry { return simtest.Registry(tb) }

func builtins(tb testing.TB, names ...string) []*scenario.Scenario {
	tb.Helper()
	out := make([]*scenario.Scenario, len(names))
	for i, n := range names {
		s, err := scenario.Builtin(n)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = s
	}
	return out
}

// window is 2026-2030, the span of the built-in scenarios' levers.
var window = compare.Options{From: calendar.Of(2026, 1), To: calendar.Of(2030, 12)}

func run(tb testing.TB, scs []*scenario.Scenario, opt compare.Options) *compare.Result {
	tb.Helper()
	res, err := compare.Scenarios(context.Background(), loadWorld(tb), registry(tb), scs, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// TestSelfComparison: the baseline compared with itself (same seed, so
// the same random numbers) differs in nothing.
func TestSelfComparison(t *testing.T) {
	t.Parallel()
	scs := builtins(t, "baseline", "baseline")
	scs[1].Name = "baseline-again"
	res := run(t, scs, window)
	if len(res.Diffs) != 1 {
		t.Fatalf("%d diffs, want 1", len(res.Diffs))
	}
	d := res.Diffs[0]
	if d.Name != "baseline-again" {
		t.Errorf("diff name %q", d.Name)
	}
	zero := compare.Diff{Name: d.Name, Cooperation: d.Cooperation}
	if d != zero {
		t.Errorf("self comparison differs: %+v", d)
	}
	// Cooperation is the mean over the window; with no lever it stays at
	// the status quo C₀ = 0.5 (diplomacy.base).
	if math.Abs(d.Cooperation-0.5) > 1e-12 {
		t.Errorf("mean cooperation %g, want C₀ = 0.5", d.Cooperation)
	}
	if got := compare.Difference(res.Baseline, res.Baseline, window.From, window.To); got != (compare.Diff{Name: "baseline", Cooperation: d.Cooperation}) {
		t.Errorf("Difference(b, b) = %+v", got)
	}
}

// TestNaloxone: naloxone acts only on US overdose deaths, downstream of
// everything else, so on common random numbers it averts deaths and
// leaves homicides, seizures, deliveries, members and cooperation exactly
// as in the baseline.
func TestNaloxone(t *testing.T) {
	t.Parallel()
	res := run(t, builtins(t, "baseline", "naloxone"), window)
	d := res.Diffs[0]
	if d.DeathsAverted <= 0 || d.SyntheticAverted <= 0 {
		t.Errorf("naloxone averts %g deaths, %g synthetic-opioid deaths", d.DeathsAverted, d.SyntheticAverted)
	}
	if d.SyntheticAverted > d.DeathsAverted {
		t.Errorf("synthetic deaths averted %g exceed all deaths averted %g", d.SyntheticAverted, d.DeathsAverted)
	}
	if d.Homicides != 0 || d.SeizedLbs != 0 || d.DeliveredPct != 0 || d.Members != 0 || d.CooperationDelta != 0 {
		t.Errorf("naloxone moved the supply side: %+v", d)
	}
	// Averted deaths match the runs' own paths.
	b, r := res.Runs[0].Paths, res.Runs[1].Paths
	want := 0.0
	for m := window.From; m <= window.To; m++ {
		x, _ := b.At(sim.VarDeaths, "all", m)
		y, _ := r.At(sim.VarDeaths, "all", m)
		want += x - y
	}
	if math.Abs(d.DeathsAverted-want) > 1e-9*want {
		t.Errorf("DeathsAverted %g, paths give %g", d.DeathsAverted, want)
	}
	// Before the lever starts (2026-01) the runs are identical.
	pre := compare.Difference(res.Baseline, res.Runs[1], calendar.Of(2020, 1), calendar.Of(2025, 12))
	if pre.DeathsAverted != 0 {
		t.Errorf("naloxone averted %g deaths before it started", pre.DeathsAverted)
	}
}

// TestUnilateralCampaign lowers cooperation below the baseline's.
func TestUnilateralCampaign(t *testing.T) {
	t.Parallel()
	res := run(t, builtins(t, "baseline", "unilateral-campaign", "us-strikes-leadership"), window)
	uni, consented := res.Diffs[0], res.Diffs[1]
	if uni.CooperationDelta >= 0 {
		t.Errorf("unilateral campaign: cooperation delta %g, want < 0", uni.CooperationDelta)
	}
	if uni.Cooperation < 0 || uni.Cooperation > 1 {
		t.Errorf("mean cooperation %g outside [0, 1]", uni.Cooperation)
	}
	// Consented strikes cost no cooperation.
	if consented.CooperationDelta != 0 {
		t.Errorf("consented strikes: cooperation delta %g, want 0", consented.CooperationDelta)
	}
}

func TestWindowValidation(t *testing.T) {
	t.Parallel()
	short := builtins(t, "baseline")[0]
	short.To = calendar.Of(2028, 12)
	for _, tt := range []struct {
		name string
		scs  []*scenario.Scenario
		opt  compare.Options
		want string
	}{
		{"no scenarios", nil, window, "no scenarios"},
		{"window reversed", builtins(t, "baseline"), compare.Options{From: calendar.Of(2030, 1), To: calendar.Of(2026, 1)}, "before it starts"},
		{"window beyond the horizon", builtins(t, "baseline"), compare.Options{From: calendar.Of(2030, 1), To: calendar.Of(2040, 12)}, "does not cover"},
		{"window before the horizon", builtins(t, "baseline"), compare.Options{From: calendar.Of(2010, 1), To: calendar.Of(2016, 12)}, "does not cover"},
		{"a scenario ends early", []*scenario.Scenario{builtins(t, "baseline")[0], short}, window, "does not cover"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := compare.Scenarios(context.Background(), loadWorld(t), registry(t), tt.scs, tt.opt)
			if err == nil || !strings.HasPrefix(err.Error(), "compare: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestWorkersAndProgress: one worker gives the same result as many, and
// Progress is told of every scenario once, counting up to the total.
func TestWorkersAndProgress(t *testing.T) {
	t.Parallel()
	names := []string{"baseline", "naloxone", "unilateral-campaign"}
	var mu sync.Mutex
	var dones []int
	seen := map[string]int{}
	opt := window
	opt.Workers = 3
	opt.Progress = func(done, total int, name string) {
		mu.Lock()
		defer mu.Unlock()
		if total != len(names) {
			t.Errorf("progress total %d, want %d", total, len(names))
		}
		dones = append(dones, done)
		seen[name]++
	}
	par := run(t, builtins(t, names...), opt)
	serial := run(t, builtins(t, names...), compare.Options{From: window.From, To: window.To, Workers: 1})
	if !reflect.DeepEqual(par.Diffs, serial.Diffs) {
		t.Errorf("3 workers and 1 differ:\n%+v\n%+v", par.Diffs, serial.Diffs)
	}
	for i, r := range par.Runs {
		if r.Scenario.Name != names[i] {
			t.Errorf("run %d is %s, want %s", i, r.Scenario.Name, names[i])
		}
	}
	for i, d := range par.Diffs {
		if d.Name != names[i+1] {
			t.Errorf("diff %d is %s, want %s", i, d.Name, names[i+1])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for i, d := range dones {
		if d != i+1 {
			t.Errorf("progress counts %v, want 1..%d", dones, len(names))
			break
		}
	}
	for _, n := range names {
		if seen[n] != 1 {
			t.Errorf("progress saw %s %d times", n, seen[n])
		}
	}
}

func TestCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := compare.Scenarios(ctx, loadWorld(t), registry(t), builtins(t, "baseline", "naloxone"), window)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
