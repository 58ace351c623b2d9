package sim_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// bitsRecorder keeps every recorded value's bits, with its month.
type bitsRecorder struct{ vals []uint64 }

func (r *bitsRecorder) Record(t calendar.Month, _, _ string, x float64) error {
	r.vals = append(r.vals, uint64(t), math.Float64bits(x))
	return nil
}

// TestRunAllAsRun: running every built-in scenario together, from one
// shared past copied at the first month a lever acts, records
// bit for bit what running each alone records, for three runs (streams)
// and parameter values of the registry and others, and for a set whose
// parameters differ (so nothing is shared). A state that a copy shares
// with the engine it was copied from, instead of owning, makes the
// scenarios run after the first diverge from their lone runs.
func TestRunAllAsRun(t *testing.T) {
	t.Parallel()
	w := loadWorld(t)
	reg := registry(t)
	scs := scenario.Builtins()
	values := func(scale float64) params.Values {
		v := reg.Defaults()
		if scale != 1 {
			// Stronger removals and congestion move the organisations and
			// routes that the copies must carry.
			for _, name := range []string{"violence.removal_success", "routes.congestion"} {
				if err := v.Set(name, v.Get(name)*scale); err != nil {
					t.Fatal(err)
				}
			}
		}
		return v
	}
	cases := []struct {
		name   string
		run    uint64
		scale  float64
		differ bool // the last scenario's parameters differ
	}{{"defaults, run 0", 0, 1, false}, {"defaults, run 7", 7, 1, false}, {"other values, run 3", 3, 1.2, false}, {"parameters differ", 2, 1, true}}
	for _, c := range cases {
		cfgs := make([]sim.Config, len(scs))
		recs := make([]sim.Recorder, len(scs))
		for i, s := range scs {
			v := values(c.scale)
			if c.differ && i == len(scs)-1 {
				v = values(1.1)
			}
			s := *s
			s.Seed = 1
			cfgs[i] = sim.Config{Scenario: &s, Values: v, Run: c.run}
			recs[i] = &bitsRecorder{}
		}
		res, err := sim.RunAll(context.Background(), w, cfgs, recs)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i, cfg := range cfgs {
			alone := &bitsRecorder{}
			r, err := sim.Run(context.Background(), w, cfg, alone)
			if err != nil {
				t.Fatalf("%s, %s alone: %v", c.name, cfg.Scenario.Name, err)
			}
			if got := recs[i].(*bitsRecorder).vals; !slices.Equal(got, alone.vals) {
				t.Errorf("%s: %s run with the others records %d values that differ from its lone run's %d", c.name, cfg.Scenario.Name, len(got), len(alone.vals))
			}
			if res[i].Ledger != r.Ledger || res[i].Stats.Rows != r.Stats.Rows || res[i].Stats.Months != r.Stats.Months {
				t.Errorf("%s: %s's ledger or counts differ from its lone run's", c.name, cfg.Scenario.Name)
			}
		}
	}
}

// TestRunAllNamesTheScenario: an error in one scenario's run says which.
func TestRunAllNamesTheScenario(t *testing.T) {
	t.Parallel()
	w := loadWorld(t)
	base, v := simtest.Baseline(t)
	bad := *base
	bad.Name, bad.From, bad.To = "bad", calendar.Of(2020, 1), calendar.Of(2019, 1)
	_, err := sim.RunAll(context.Background(), w, []sim.Config{{Scenario: base, Values: v}, {Scenario: &bad, Values: v}}, make([]sim.Recorder, 2))
	var se *sim.ScenarioError
	if !errors.As(err, &se) || se.Index != 1 {
		t.Fatalf("error %v, want a ScenarioError for scenario 1", err)
	}
}

// TestDatesInTheRegistry: the dates of historical windows the modules
// use are registry entries (unit YYYYMM) with their sources, fixed (a
// scenario cannot move them: they are facts, or assumptions stated with
// the fit that rests on them), and each reads as a month.
func TestDatesInTheRegistry(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	v := reg.Defaults()
	dates := 0
	for _, p := range reg.All() {
		if p.Unit != "YYYYMM" {
			continue
		}
		dates++
		if _, err := calendar.FromYYYYMM(p.Default); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if p.Prior.Dist != params.Fixed || p.Source == "" {
			t.Errorf("%s: prior %v, source %q; want fixed, with a source", p.Name, p.Prior, p.Source)
		}
		if err := v.Set(p.Name, p.Default+1); err == nil || !strings.Contains(err.Error(), p.Name) {
			t.Errorf("%s moved by a scenario: error %v", p.Name, err)
		}
	}
	if dates != 17 {
		t.Errorf("%d dates in the registry, want the 17 of border, supply, health, market and violence", dates)
	}
}

// rowRecorder keeps every recorded row, as Record receives it.
type rowRecorder struct{ rows []string }

func (r *rowRecorder) Record(t calendar.Month, v, region string, x float64) error {
	r.rows = append(r.rows, fmt.Sprintf("%v %s %s %x", t, v, region, math.Float64bits(x)))
	return nil
}

// monthRecorder keeps every row as RecordMonth receives it, and whether
// the names were the same slice every month.
type monthRecorder struct {
	rowRecorder
	first   *sim.Output
	renamed bool
}

func (r *monthRecorder) RecordMonth(t calendar.Month, names []sim.Output, vals []float64) error {
	if r.first == nil {
		r.first = &names[0]
	}
	r.renamed = r.renamed || &names[0] != r.first || len(names) != len(vals)
	for i, x := range vals {
		if err := r.rowRecorder.Record(t, names[i].Variable, names[i].Region, x); err != nil {
			return err
		}
	}
	return nil
}

// TestMonthRecorderAsRecorder: a MonthRecorder receives the rows a
// Recorder does, in the same order, from one names slice all run long,
// both in a run of its own and in scenarios that branch from a shared past
// (whose engines are copies).
func TestMonthRecorderAsRecorder(t *testing.T) {
	t.Parallel()
	w := loadWorld(t)
	base, v := simtest.Baseline(t)
	intel, err := scenario.Builtin("intel-sharing")
	if err != nil {
		t.Fatal(err)
	}
	intel.Seed = base.Seed
	cfgs := []sim.Config{{Scenario: base, Values: v}, {Scenario: intel, Values: v}}
	byRow := []sim.Recorder{&rowRecorder{}, &rowRecorder{}}
	byMonth := []sim.Recorder{&monthRecorder{}, &monthRecorder{}}
	for _, recs := range [][]sim.Recorder{byRow, byMonth} {
		if _, err := sim.RunAll(context.Background(), w, cfgs, recs); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cfgs {
		want, got := byRow[i].(*rowRecorder).rows, byMonth[i].(*monthRecorder)
		if len(want) == 0 || !slices.Equal(got.rows, want) {
			t.Errorf("%s: RecordMonth received %d rows that differ from the %d of Record", c.Scenario.Name, len(got.rows), len(want))
		}
		if got.renamed {
			t.Errorf("%s: RecordMonth's names changed during the run", c.Scenario.Name)
		}
	}
}
