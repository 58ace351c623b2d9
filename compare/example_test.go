package compare_test

import (
	"context"
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/compare"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// ExampleScenarios compares naloxone and a unilateral strike campaign
// with the baseline over 2026-2030, on common random numbers, and prints
// the direction of each difference: naloxone acts downstream of the supply
// side, so homicides are exactly the baseline's.
func ExampleScenarios() {
	w, err := sim.LoadWorld()
	if err != nil {
		panic(err)
	}
	reg, err := sim.Registry()
	if err != nil {
		panic(err)
	}
	var scs []*scenario.Scenario
	for _, name := range []string{"baseline", "naloxone", "unilateral-campaign"} {
		s, err := scenario.Builtin(name)
		if err != nil {
			panic(err)
		}
		scs = append(scs, s)
	}
	res, err := compare.Scenarios(context.Background(), w, reg, scs,
		compare.Options{From: calendar.Of(2026, 1), To: calendar.Of(2030, 12)})
	if err != nil {
		panic(err)
	}
	sign := func(x float64) string {
		switch {
		case x > 0:
			return "+"
		case x < 0:
			return "-"
		}
		return "0"
	}
	for _, d := range res.Diffs {
		homicides := "unchanged"
		if d.Homicides != 0 {
			homicides = "changed"
		}
		fmt.Printf("%-20s deaths averted %s, homicides %s, cooperation %s\n",
			d.Name, sign(d.DeathsAverted), homicides, sign(d.CooperationDelta))
	}
	// Output:
	// naloxone             deaths averted +, homicides unchanged, cooperation 0
	// unilateral-campaign  deaths averted +, homicides changed, cooperation -
}
