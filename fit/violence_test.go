package fit_test

import (
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/fit"
)

// TestViolenceTargets: issue 4's homicide targets are built from the data
// tables (8 INEGI and 9 SESNSP national years, ten states × 8 years) with
// the tolerances, and the top states are those with the most
// homicides. How many are met is logged, not asserted: the model does not
// meet them all (docs/violence.md, Calibration); TestBaselineFit in sim
// holds the national fit to issue 2's 20%.
func TestViolenceTargets(t *testing.T) {
	t.Parallel()
	pts, err := fit.ViolenceTargets(baseline(t))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	met := map[string]int{}
	for _, p := range pts {
		count[p.Series]++
		if p.OK() {
			met[p.Series]++
		}
		want := fit.NationalTolerance
		if p.Series == fit.SeriesHomicidesState {
			want = fit.StateTolerance
		}
		if p.Tolerance != want || !(p.Observed > 0) {
			t.Errorf("%s %s: tolerance %g, observed %g", p.Series, p.Period, p.Tolerance, p.Observed)
		}
	}
	for s, n := range map[string]int{fit.SeriesHomicides: 8, fit.SeriesHomicidesSESNSP: 9, fit.SeriesHomicidesState: 80} {
		if count[s] != n {
			t.Errorf("%s: %d points, want %d", s, count[s], n)
		}
		t.Logf("%s: %d of %d within tolerance", s, met[s], count[s])
	}
	top, err := fit.TopStates(10)
	if err != nil {
		t.Fatal(err)
	}
	in, err := data.HomicidesINEGI()
	if err != nil {
		t.Fatal(err)
	}
	per, _, _ := in.Annual(2020)
	// Guanajuato (INEGI 11, geo index 10) led Mexico's homicides from
	// 2018 (INEGI); it must be among the ten.
	found := false
	for _, i := range top {
		found = found || i == 10
	}
	if !found || per[top[0]] < per[top[9]] {
		t.Errorf("top states %v do not lead with Guanajuato", top)
	}
	for _, p := range pts {
		if p.Series == fit.SeriesHomicidesState && !strings.HasPrefix(p.Period, "20") {
			t.Errorf("state point period %q", p.Period)
		}
	}
}
