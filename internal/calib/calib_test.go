package calib

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/params"
)

var (
	refit = flag.Bool("refit", false, "run the least-squares fit and print the fitted values")
	names = flag.String("names", "", "comma-separated parameters to fit (required: health and violence have their own refits in fit/)")
	iters = flag.Int("iters", 400, "function evaluations")
	set   = flag.String("set", "", "comma-separated name=value overrides of the registry defaults to start from")
	joint = flag.Bool("joint", false, "fit to JointLoss (health backcast and CBP seizures FY2019-FY2024) instead of Loss")
)

func TestRefit(t *testing.T) {
	if !*refit {
		t.Skip("pass -refit to run the fit")
	}
	w, reg := simtest.World(t), simtest.Registry(t)
	base := simtest.Builtin(t, "baseline")
	if *names == "" {
		t.Fatal("pass -names a.b,c.d: the parameters to refit (each module's fitted parameters are listed by 'cartelsim params')")
	}
	ns := strings.Split(*names, ",")
	v, err := withSet(reg.Defaults(), *set)
	if err != nil {
		t.Fatal(err)
	}
	loss := Loss
	if *joint {
		loss = JointLoss
	}
	l0, _, err := loss(w, base, v)
	if err != nil {
		t.Fatal(err)
	}
	fv, l1, err := FitLoss(loss, w, base, v, ns, *iters)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("loss %.4f -> %.4f\n", l0, l1)
	for _, n := range ns {
		fmt.Printf("%-40s %12.6g -> %12.6g\n", n, v.Get(n), fv.Get(n))
		fmt.Printf("APPLY %s=%.4g\n", n, fv.Get(n))
	}
	_, pts, _ := loss(w, base, fv)
	for _, p := range pts {
		fmt.Printf("%-70s %-7s %10.0f %10.0f %+6.1f%% %v\n", p.Series, p.Period, p.Observed, p.Simulated, 100*p.RelErr(), p.OK())
	}
}

// withSet applies -set's name=value overrides to v.
func withSet(v params.Values, set string) (params.Values, error) {
	if set == "" {
		return v, nil
	}
	v = v.Clone()
	for _, kv := range strings.Split(set, ",") {
		name, val, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(val, 64)
		if !ok || err != nil {
			return v, fmt.Errorf("calib: -set %q: want name=number", kv)
		}
		if err := v.Set(name, x); err != nil {
			return v, err
		}
	}
	return v, nil
}
