package calib

import (
	"flag"
	"fmt"
	"testing"

	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

var show = flag.Bool("show", false, "print the baseline's fit at the registry defaults")

func TestShow(t *testing.T) {
	if !*show {
		t.Skip("pass -show")
	}
	w, _ := sim.LoadWorld()
	reg, _ := sim.Registry()
	base, _ := scenario.Builtin("baseline")
	loss := Loss
	if *joint {
		loss = JointLoss
	}
	v, err := withSet(reg.Defaults(), *set)
	if err != nil {
		t.Fatal(err)
	}
	l, pts, err := loss(w, base, v)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("loss %.4f\n", l)
	for _, p := range pts {
		if p.Tolerance == 0 {
			continue
		}
		fmt.Printf("%-62.62s %-7s %10.0f %10.0f %+6.1f%% %v\n", p.Series, p.Period, p.Observed, p.Simulated, 100*p.RelErr(), p.OK())
	}
}
