package diplomacy_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/model/diplomacy"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep runs a year of unilateral US strikes (one a month) and then
// two years of intelligence sharing, printing cooperation every six months.
func ExampleStep() {
	reg, err := params.New(diplomacy.Parameters())
	if err != nil {
		panic(err)
	}
	p := diplomacy.FromValues(reg.Defaults())
	s, err := diplomacy.Init(p)
	if err != nil {
		panic(err)
	}
	fmt.Printf("month  0: C = %.3f\n", s.C)
	for n := 1; n <= 36; n++ {
		in := diplomacy.Inputs{Intel: 1}
		if n <= 12 {
			in = diplomacy.Inputs{Unilateral: 12, Strikes: 12}
		}
		diplomacy.Step(p, in, s)
		if n%6 == 0 {
			fmt.Printf("month %2d: C = %.3f, effort %.2f, cooperative levers at %.0f%%\n", n, s.C, s.Effort, 100*p.Scale(s.C))
		}
	}
	// Output:
	// month  0: C = 0.500
	// month  6: C = 0.284, effort 1.10, cooperative levers at 57%
	// month 12: C = 0.116, effort 1.10, cooperative levers at 23%
	// month 18: C = 0.248, effort 1.00, cooperative levers at 50%
	// month 24: C = 0.350, effort 1.00, cooperative levers at 70%
	// month 30: C = 0.429, effort 1.00, cooperative levers at 86%
	// month 36: C = 0.490, effort 1.00, cooperative levers at 98%
}
