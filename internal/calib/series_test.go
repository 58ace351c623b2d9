package calib

import (
	"context"
	"flag"
	"fmt"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/model/market"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

var series = flag.Bool("series", false, "print the baseline's fentanyl path year by year (with -set overrides)")

// TestSeries prints what the joint fit trades off, year by year: Mexican
// production, arrivals at the border, seizures, deliveries, the direct
// imports' pure kilograms, fentanyl's share, purity and synthetic-opioid
// deaths, and the field-office shares of FY2023-FY2024 (run with -series).
func TestSeries(t *testing.T) {
	if !*series {
		t.Skip("pass -series")
	}
	w, err := sim.LoadWorld()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := sim.Registry()
	if err != nil {
		t.Fatal(err)
	}
	base, err := scenario.Builtin("baseline")
	if err != nil {
		t.Fatal(err)
	}
	v, err := withSet(reg.Defaults(), *set)
	if err != nil {
		t.Fatal(err)
	}
	c := tidy.NewCollector(base.From)
	if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: base, Values: v}, c); err != nil {
		t.Fatal(err)
	}
	f0, _ := c.At(sim.VarShare, "all", sim.Origin)
	fmt.Printf("fentanyl share %v: market %.4f, health.fentanyl_share_2015 %.4f\n", sim.Origin, f0, v.Get("health.fentanyl_share_2015"))
	for fy := 2023; fy <= 2024; fy++ {
		a, b := calendar.FiscalYear(fy)
		all := c.Sum(sim.VarSeizedLbs, "all", a, b)
		fmt.Printf("FY%d: San Diego %.2f%%, Tucson %.2f%% of southwest seizures, %.1f%% at ports\n", fy,
			100*c.Sum(sim.VarSeizedLbs, "san_diego_fo", a, b)/all, 100*c.Sum(sim.VarSeizedLbs, "tucson_fo", a, b)/all,
			100*c.Sum(sim.VarSeizedLbs, "ports", a, b)/all)
	}
	mk := market.FromValues(v)
	fmt.Println("year  produced  arrived  seized  delivered  direct(pure, June)  share  purity  synthetic deaths")
	for y := 2015; y <= 2026; y++ {
		a, b := calendar.Years(y)
		sum := func(name string) float64 { return c.Sum(name, "all", a, b) }
		fmt.Printf("%d  %8.0f  %7.0f  %6.0f  %9.0f  %18.1f  %5.3f  %6.1f  %16.0f\n", y,
			sum(sim.VarProduction), sum(sim.VarFlow), sum(sim.VarSeizedKg), sum(sim.VarDelivered),
			mk.DirectPure(calendar.Of(y, 6)), sum(sim.VarShare)/12, sum(sim.VarPurity)/12, sum(sim.VarSynthetic))
	}
}
