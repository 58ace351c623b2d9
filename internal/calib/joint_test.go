package calib

import (
	"testing"

	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/internal/simtest"
)

// TestJointLoss: at the registry defaults (the joint fit's optimum) every
// point JointLoss holds is within its tolerance, the loss is finite, and
// moving the pre-2021 path off it costs more: the old supply start
// (capacity 228 kg/month in January 2015, growth 0.04/month) seizes far
// more than CBP in FY2019, and no direct imports from China leave
// 2016-2017 deaths short.
func TestJointLoss(t *testing.T) {
	t.Parallel()
	w, reg := simtest.World(t), simtest.Registry(t)
	base := simtest.Builtin(t, "baseline")
	v := reg.Defaults()
	l0, pts, err := JointLoss(w, base, v)
	if err != nil {
		t.Fatal(err)
	}
	seizures := 0
	for _, p := range pts {
		if p.Tolerance > 0 && !p.OK() {
			t.Errorf("%s %s: %+.1f%%, tolerance %.0f%%", p.Series, p.Period, 100*p.RelErr(), 100*p.Tolerance)
		}
		if p.Series == fit.SeriesSeizures {
			seizures++
		}
	}
	if seizures != 6 {
		t.Errorf("%d seizure points, want FY2019-FY2024", seizures)
	}
	for _, c := range []struct {
		name string
		set  string
	}{
		{"old supply start", "supply.capacity_2015=227.9,supply.growth=0.03996"},
		{"no direct imports", "market.direct_pure_kg=1"},
	} {
		u, err := withSet(v, c.set)
		if err != nil {
			t.Fatal(err)
		}
		l, _, err := JointLoss(w, base, u)
		if err != nil {
			t.Fatal(err)
		}
		if !(l > l0+0.5) {
			t.Errorf("%s: loss %.3f, not clearly above the fit's %.3f", c.name, l, l0)
		}
		t.Logf("%s: loss %.3f against %.3f", c.name, l, l0)
	}
}
