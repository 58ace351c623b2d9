package calib

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

var (
	refit = flag.Bool("refit", false, "run the least-squares fit and print the fitted values")
	names = flag.String("names", "", "comma-separated parameters to fit (required: health and violence have their own refits in fit/)")
	iters = flag.Int("iters", 400, "function evaluations")
)

func TestRefit(t *testing.T) {
	if !*refit {
		t.Skip("pass -refit to run the fit")
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
	if *names == "" {
		t.Fatal("pass -names a.b,c.d: the parameters to refit (each module's fitted parameters are listed by 'cartelsim params')")
	}
	ns := strings.Split(*names, ",")
	v := reg.Defaults()
	l0, _, err := Loss(w, base, v)
	if err != nil {
		t.Fatal(err)
	}
	fv, l1, err := Fit(w, base, v, ns, *iters)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("loss %.4f -> %.4f\n", l0, l1)
	for _, n := range ns {
		fmt.Printf("%-40s %12.6g -> %12.6g\n", n, v.Get(n), fv.Get(n))
		fmt.Printf("APPLY %s=%.4g\n", n, fv.Get(n))
	}
	_, pts, _ := Loss(w, base, fv)
	for _, p := range pts {
		fmt.Printf("%-70s %-7s %10.0f %10.0f %+6.1f%% %v\n", p.Series, p.Period, p.Observed, p.Simulated, 100*p.RelErr(), p.OK())
	}
}
