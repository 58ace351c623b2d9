package policy

import (
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/scenario"
)

var (
	benchOnce  sync.Once
	benchPlans map[string]*Plan
	benchErr   error
)

// benchPlan resolves a built-in scenario once.
func benchPlan(tb testing.TB, name string) (*Plan, *scenario.Scenario) {
	tb.Helper()
	benchOnce.Do(func() {
		benchPlans = map[string]*Plan{}
		for _, n := range scenario.BuiltinNames() {
			var s *scenario.Scenario
			if s, benchErr = scenario.Builtin(n); benchErr != nil {
				return
			}
			if benchPlans[n], benchErr = NewPlan(s); benchErr != nil {
				return
			}
		}
	})
	if benchErr != nil {
		tb.Fatal(benchErr)
	}
	s, err := scenario.Builtin(name)
	if err != nil {
		tb.Fatal(err)
	}
	return benchPlans[name], s
}

// BenchmarkStep times resolving a month's levels for the baseline (no
// levers) and the combined package (seven levers, two of them regional).
func BenchmarkStep(b *testing.B) {
	for _, name := range []string{"baseline", "combined"} {
		b.Run(name, func(b *testing.B) {
			p, s := benchPlan(b, name)
			t := mid
			var lv Levels
			b.ReportAllocs()
			for b.Loop() {
				p.Step(t, &lv)
			}
			if active := lv != (Levels{}); active != (len(s.Levers) > 0) {
				b.Fatalf("%s: levels %+v with %d levers", name, lv, len(s.Levers))
			}
		})
	}
}
