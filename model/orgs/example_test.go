package orgs_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/model/orgs"
)

// Example runs the paper's policy comparison: from 2022-01, five years
// under the status quo and with recruitment halved.
func Example() {
	d, err := data.Cartels()
	if err != nil {
		panic(err)
	}
	net, err := orgs.NewNetwork(d)
	if err != nil {
		panic(err)
	}
	p := orgs.Defaults()
	start := calendar.Of(2022, 1)
	for _, r := range []float64{1, 0.5} {
		s, err := orgs.Init(p, net, start)
		if err != nil {
			panic(err)
		}
		in := orgs.StatusQuo()
		in.Recruitment = r
		m0 := s.Total()
		rng := rand.New(rand.NewPCG(1, 1))
		for t := start; t < start+60; t++ {
			if err := orgs.Step(t, p, in, s, rng); err != nil {
				panic(err)
			}
		}
		fmt.Printf("recruitment x%.1f: members %.0fk in %v, %.0fk in %v\n", r, m0/1000, start, s.Total()/1000, s.Month)
	}
	// Output:
	// recruitment x1.0: members 174k in 2022-01, 214k in 2027-01
	// recruitment x0.5: members 174k in 2022-01, 157k in 2027-01
}

// ExampleStep applies a leadership capture in Jalisco and reads the month's
// flows.
func ExampleStep() {
	d, err := data.Cartels()
	if err != nil {
		panic(err)
	}
	net, err := orgs.NewNetwork(d)
	if err != nil {
		panic(err)
	}
	p := orgs.Defaults()
	start := calendar.Of(2015, 1)
	s, err := orgs.Init(p, net, start)
	if err != nil {
		panic(err)
	}
	in := orgs.StatusQuo()
	in.Removals = []orgs.Removal{{State: 13, Kind: orgs.Capture, Count: 1}} // Jalisco, geo index 13
	rng := rand.New(rand.NewPCG(3, 0))
	if err := orgs.Step(start, p, in, s, rng); err != nil {
		panic(err)
	}
	cjng := indexOf(net, "cjng") // the largest group whose home is Jalisco
	fmt.Printf("removals %d, CJNG integrity %.2f\n", s.RemovalEvents, s.Integrity[cjng])
	fmt.Printf("%v: recruits %.0f, incapacitated %.0f, killed %.0f\n", start, s.Recruits, s.Incapacitated, s.Casualties)
	// Output:
	// removals 1, CJNG integrity 0.67
	// 2015-01: recruits 1454, incapacitated 487, killed 395
}

// indexOf returns the index of the network group with the given id.
func indexOf(net *orgs.Network, id string) int {
	for i := range net.Len() {
		if net.Group(i).ID == id {
			return i
		}
	}
	return -1
}
