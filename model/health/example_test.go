package health_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep runs 2015 with the registry defaults, once on a heroin
// supply and once on a fentanyl supply at DEA's reference purity, and
// prints the year's overdose deaths: fentanyl raises deaths, not users.
func ExampleStep() {
	reg, err := params.New(health.Parameters())
	if err != nil {
		panic(err)
	}
	p := health.FromValues(reg.Defaults())
	start := calendar.Of(2015, 1)
	for _, share := range []float64{0, 0.5} {
		s, err := health.Init(p, start)
		if err != nil {
			panic(err)
		}
		deaths, synthetic := 0.0, 0.0
		for m := start; m < start+12; m++ {
			health.Step(m, p, health.Inputs{Share: share, Purity: 8}, s)
			deaths += s.Deaths
			synthetic += s.SyntheticDeaths
		}
		fmt.Printf("fentanyl share %.1f: %.0fk deaths, %.0fk synthetic, %.2fM illicit users at year end\n",
			share, deaths/1000, synthetic/1000, s.Y[2]/1e6)
	}
	// Output:
	// fentanyl share 0.0: 49k deaths, 0k synthetic, 0.77M illicit users at year end
	// fentanyl share 0.5: 65k deaths, 30k synthetic, 0.76M illicit users at year end
}
