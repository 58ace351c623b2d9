package policy_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/policy"
	"github.com/cartelsim/cartelsim/scenario"
)

// ExamplePlan_Step resolves the built-in unilateral-campaign scenario and
// reads its levers before and during the campaign.
func ExamplePlan_Step() {
	s, err := scenario.Builtin("unilateral-campaign")
	if err != nil {
		panic(err)
	}
	p, err := policy.NewPlan(s)
	if err != nil {
		panic(err)
	}
	var lv policy.Levels
	for _, m := range []calendar.Month{calendar.Of(2025, 12), calendar.Of(2026, 1)} {
		p.Step(m, &lv)
		fmt.Printf("%v: unilateral %.0f ops/yr and %.1f of labs/yr;", m, lv.Unilateral, lv.UnilateralLabs)
		for i, st := range geo.States() {
			if lv.StrikesLeadership[i] > 0 {
				fmt.Printf(" %s %.1f", st.Name, lv.StrikesLeadership[i])
			}
		}
		fmt.Println()
	}
	// Output:
	// 2025-12: unilateral 0 ops/yr and 0.0 of labs/yr;
	// 2026-01: unilateral 12 ops/yr and 0.3 of labs/yr; Durango 2.4 Jalisco 2.4 Michoacán 2.4 Sinaloa 2.4 Sonora 2.4
}
