package fit_test

import (
	"context"
	"fmt"

	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// ExampleTargets runs the baseline and lists the calibration targets it is
// held to: how many points each series has and the tolerance.
func ExampleTargets() {
	w, err := sim.LoadWorld()
	if err != nil {
		panic(err)
	}
	reg, err := sim.Registry()
	if err != nil {
		panic(err)
	}
	s, err := scenario.Builtin("baseline")
	if err != nil {
		panic(err)
	}
	v, err := sim.Apply(reg, s)
	if err != nil {
		panic(err)
	}
	c := tidy.NewCollector(s.From)
	if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v}, c); err != nil {
		panic(err)
	}
	pts, err := fit.Targets(c)
	if err != nil {
		panic(err)
	}
	var order []string
	n := map[string]int{}
	first, last, tol := map[string]string{}, map[string]string{}, map[string]float64{}
	for _, p := range pts {
		if n[p.Series] == 0 {
			order = append(order, p.Series)
			first[p.Series] = p.Period
		}
		n[p.Series]++
		last[p.Series], tol[p.Series] = p.Period, p.Tolerance
	}
	for _, s := range order {
		fmt.Printf("%s: %d points %s-%s, within %.0f%%\n", s, n[s], first[s], last[s], 100*tol[s])
	}
	// Output:
	// US overdose deaths, 12 months to December (CDC VSRR): 8 points 2016-2023, within 15%
	// US synthetic-opioid deaths, 12 months to December (CDC VSRR): 8 points 2016-2023, within 25%
	// Mexico homicides, national (INEGI): 7 points 2016-2022, within 20%
	// CBP fentanyl seizures, southwest border, lbs per fiscal year: 4 points FY2021-FY2024, within 35%
}
