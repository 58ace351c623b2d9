package violence_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/violence"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep draws a month of homicides in a Mexico of 32 equal states
// (4 million people each), with and without conflict among the groups,
// at $10M a month of fentanyl revenue. The zero State has the national
// baseline rate everywhere and no consolidation yet (NewState starts from
// the history of 2000–2014 instead).
func ExampleStep() {
	reg, err := params.New(violence.Parameters())
	if err != nil {
		panic(err)
	}
	p := violence.FromValues(reg.Defaults())
	pop := make([]float64, geo.NumStates)
	for i := range pop {
		pop[i] = 4e6
	}
	var troops [geo.NumStates]float64
	fmt.Printf("lethality multiplier at $10M/month: %.2f\n", p.Lethality(1e7))
	for _, killed := range []float64{0, 50} {
		cas := make([]float64, geo.NumStates)
		for i := range cas {
			cas[i] = killed
		}
		s := &violence.State{}
		violence.Step(calendar.Of(2019, 1), p, violence.Inputs{Casualties: cas, Revenue: 1e7, Population: pop, Troops: &troops}, s, rand.New(rand.NewPCG(1, 2)))
		exp := 0.0
		for _, e := range s.Expected {
			exp += e
		}
		fmt.Printf("%2.0f member casualties per state: %.0f homicides expected, %.0f drawn\n", killed, exp, s.Total)
	}
	// Output:
	// lethality multiplier at $10M/month: 8.87
	//  0 member casualties per state: 1421 homicides expected, 1488 drawn
	// 50 member casualties per state: 27582 homicides expected, 27931 drawn
}
