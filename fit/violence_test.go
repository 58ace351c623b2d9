package fit_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/violence"
)

// TestViolenceTargets: issue 4's homicide targets are built from the data
// tables (8 INEGI and 9 SESNSP national years, ten states × 8 years) with
// the tolerances, and the top states are those with the most
// homicides. The national targets are met and must stay met (every year
// within 10% of INEGI and of SESNSP); the state-years are not all met
// (docs/violence.md, Calibration), so their count is held at its floor.
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
		if p.Series != fit.SeriesHomicidesState {
			// The national table of docs/violence.md (Calibration).
			t.Logf("%s %s: simulated %.0f, observed %.0f (%+.1f%%)", p.Series, p.Period, p.Simulated, p.Observed, 100*(p.Simulated/p.Observed-1))
		}
		if p.OK() {
			met[p.Series]++
		} else if p.Series != fit.SeriesHomicidesState {
			t.Errorf("%s %s: simulated %.0f, observed %.0f (%+.1f%%, tolerance %.0f%%)", p.Series, p.Period,
				p.Simulated, p.Observed, 100*(p.Simulated/p.Observed-1), 100*p.Tolerance)
		}
	}
	// 74 of the 80 state-years are met at the fit of docs/violence.md (70
	// to 77 over seeds 0-12, go test ./fit -run TestViolenceSeedScan
	// -violenceseedscan 13 -v); the floor is the lowest of those seeds,
	// leaving room for seeds and small moves of other modules' fits.
	const stateFloor = 70
	if n := met[fit.SeriesHomicidesState]; n < stateFloor {
		t.Errorf("%d state-years within 25%%, want at least %d (docs/violence.md, Calibration)", n, stateFloor)
	}
	checkViolenceTargets(t, pts, count, met)
	logStateErrors(t, pts)
}

// logStateErrors logs each top state's errors 2015 … 2022 and the years
// within tolerance, the table of docs/violence.md (Calibration).
func logStateErrors(t *testing.T, pts []fit.Point) {
	t.Helper()
	var order []string
	rows := map[string][]string{}
	n := map[string]int{}
	var sumLog float64
	for _, p := range pts {
		if p.Series != fit.SeriesHomicidesState {
			continue
		}
		sumLog += math.Abs(math.Log(p.Simulated / p.Observed))
		_, state, _ := strings.Cut(p.Period, " ")
		if _, ok := rows[state]; !ok {
			order = append(order, state)
		}
		rows[state] = append(rows[state], fmt.Sprintf("%+.0f", 100*(p.Simulated/p.Observed-1)))
		if p.OK() {
			n[state]++
		}
	}
	for _, st := range order {
		t.Logf("%-24s %d  %s%%", st, n[st], strings.Join(rows[st], " "))
	}
	t.Logf("mean absolute log error of the state-years: %.3f", sumLog/float64(len(order)*8))
}

// heldOutStates summarises the held-out homicides of 2024 by state
// (fit.Holdout, SESNSP) over the ten target states: how many are within
// the state tolerance, the mean absolute log error, and each state's
// error, the numbers of docs/violence.md (Held out).
func heldOutStates(tb testing.TB, pts []fit.Point) (met int, male float64, errs []string) {
	tb.Helper()
	top, err := fit.TopStates(10)
	if err != nil {
		tb.Fatal(err)
	}
	target := map[string]bool{}
	for _, i := range top {
		target[geo.States()[i].Code] = true
	}
	n := 0
	for _, p := range pts {
		rest, ok := strings.CutPrefix(p.Period, "2024 ")
		if !ok || !target[rest[:2]] {
			continue
		}
		n++
		male += math.Abs(math.Log(p.Simulated / p.Observed))
		if math.Abs(p.RelErr()) <= fit.StateTolerance {
			met++
		}
		errs = append(errs, fmt.Sprintf("%s %+.0f%%", rest, 100*p.RelErr()))
	}
	if n != len(top) {
		tb.Fatalf("%d target states held out in 2024, want %d", n, len(top))
	}
	return met, male / float64(n), errs
}

// checkViolenceTargets checks the targets' construction and logs the
// counts.
func checkViolenceTargets(t *testing.T, pts []fit.Point, count, met map[string]int) {
	t.Helper()
	for _, p := range pts {
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

// TestConflictWeightsOnTargetStates: the states with a fitted conflict
// weight (violence.WeightedStates) are the ten states of the state
// targets, those with the most INEGI homicides over 2015-2022.
func TestConflictWeightsOnTargetStates(t *testing.T) {
	t.Parallel()
	top, err := fit.TopStates(10)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, i := range top {
		want[geo.States()[i].Code] = true
	}
	got := violence.WeightedStates()
	if len(got) != len(want) {
		t.Fatalf("%d weighted states %v, want the %d target states", len(got), got, len(want))
	}
	for _, code := range got {
		if !want[code] {
			t.Errorf("state %s has a conflict weight but is not among the target states", code)
		}
	}
}
