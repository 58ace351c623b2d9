// Package simtest gives tests outside the engine what they need to run it:
// the shared World (loaded once per test binary: it only reads embedded
// tables, and runs never write to it), the registry and built-in scenarios.
package simtest

import (
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

var (
	worldOnce sync.Once
	world     *sim.World
	worldErr  error
)

// World returns the engine's World, loading it on first use.
func World(tb testing.TB) *sim.World {
	tb.Helper()
	worldOnce.Do(func() { world, worldErr = sim.LoadWorld() })
	if worldErr != nil {
		tb.Fatal(worldErr)
	}
	return world
}

// Registry returns the full parameter registry.
func Registry(tb testing.TB) *params.Registry {
	tb.Helper()
	reg, err := sim.Registry()
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// Builtin returns a fresh copy of the built-in scenario called name.
func Builtin(tb testing.TB, name string) *scenario.Scenario {
	tb.Helper()
	s, err := scenario.Builtin(name)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Baseline returns the built-in baseline and the parameter values it runs
// with (the registry's defaults and the scenario's overrides).
func Baseline(tb testing.TB) (*scenario.Scenario, params.Values) {
	tb.Helper()
	s := Builtin(tb, "baseline")
	v, err := sim.Apply(Registry(tb), s)
	if err != nil {
		tb.Fatal(err)
	}
	return s, v
}
