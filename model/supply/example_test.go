package supply_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/supply"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep grows lab capacity from 2015 with the registry defaults and
// compares a year of strikes on a third of Sinaloa's labs with no strikes.
func ExampleStep() {
	reg, err := params.New(supply.Parameters())
	if err != nil {
		panic(err)
	}
	p := supply.FromValues(reg.Defaults())
	var strikes [geo.NumStates]float64
	strikes[24] = 1.0 / 3 // Sinaloa (INEGI 25); a third of capacity a year
	start := calendar.Of(2020, 1)
	for _, in := range []supply.Inputs{{}, {StrikeShare: &strikes}} {
		s, err := supply.Init(p)
		if err != nil {
			panic(err)
		}
		for m := calendar.Of(2015, 1); m < start+12; m++ {
			if m < start {
				supply.Step(m, p, supply.Inputs{}, s)
			} else {
				supply.Step(m, p, in, s)
			}
		}
		fmt.Printf("strikes %v: %.0f kg/month in 2020-12, Sinaloa %.0f\n", in.StrikeShare != nil, s.Production, s.ProductionByState[24])
	}
	// Output:
	// strikes false: 2806 kg/month in 2020-12, Sinaloa 1122
	// strikes true: 2754 kg/month in 2020-12, Sinaloa 1070
}
