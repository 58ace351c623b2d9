package fit

import (
	"fmt"
	"slices"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// Names of the violence target series of issue 4.
const (
	SeriesHomicidesSESNSP = "Mexico homicides, national (SESNSP victims)"
	SeriesHomicidesState  = "Mexico homicides by state (INEGI)"
)

// Tolerances of issue 4's violence targets: national homicides within 10%
// each year, each of the ten highest states within 25% each year.
const (
	NationalTolerance = 0.10
	StateTolerance    = 0.25
)

// TopStates returns the geo indices of the n states with the most INEGI
// homicides over 2015–2022, most first.
func TopStates(n int) ([]int, error) {
	in, err := data.HomicidesINEGI()
	if err != nil {
		return nil, err
	}
	tot := make([]float64, geo.NumStates)
	for y := 2015; y <= 2022; y++ {
		per, _, ok := in.Annual(y)
		if !ok {
			return nil, fmt.Errorf("fit: INEGI homicides by state lack %d", y)
		}
		for i, x := range per {
			tot[i] += x
		}
	}
	idx := make([]int, geo.NumStates)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case tot[a] > tot[b]:
			return -1
		case tot[a] < tot[b]:
			return 1
		}
		return 0
	})
	return idx[:n], nil
}

// ViolenceTargets returns issue 4's homicide targets against the baseline
// in c: national homicides each year 2015–2022 against INEGI and
// 2015–2023 against SESNSP, within NationalTolerance, and each of the ten
// states with the most homicides over 2015–2022 each year against INEGI's
// state-month tabulation, within StateTolerance. The national ones are
// met; most state-years are not (`cartelsim validate` lists them with the
// ones missed, and docs/violence.md discusses why).
func ViolenceTargets(c *tidy.Collector) ([]Point, error) {
	var out []Point
	nat, err := data.INEGINationalAnnual()
	if err != nil {
		return nil, err
	}
	for y := 2015; y <= 2022; y++ {
		a, b := calendar.Years(y)
		out = append(out, Point{SeriesHomicides, fmt.Sprint(y), nat[y], c.Sum(sim.VarHomicides, "all", a, b), NationalTolerance, "mx_homicides_national_inegi"})
	}
	ses, err := data.HomicidesSESNSP()
	if err != nil {
		return nil, err
	}
	for y := 2015; y <= 2023; y++ {
		_, n, ok := ses.Annual(y)
		if !ok {
			continue
		}
		a, b := calendar.Years(y)
		out = append(out, Point{SeriesHomicidesSESNSP, fmt.Sprint(y), n, c.Sum(sim.VarHomicides, "all", a, b), NationalTolerance, "mx_homicides_sesnsp_state_month"})
	}
	in, err := data.HomicidesINEGI()
	if err != nil {
		return nil, err
	}
	top, err := TopStates(10)
	if err != nil {
		return nil, err
	}
	states := geo.States()
	for _, i := range top {
		for y := 2015; y <= 2022; y++ {
			per, _, _ := in.Annual(y)
			a, b := calendar.Years(y)
			out = append(out, Point{SeriesHomicidesState, fmt.Sprintf("%d %s %s", y, states[i].Code, states[i].Name), per[i],
				c.Sum(sim.VarHomicides, states[i].Code, a, b), StateTolerance, "mx_homicides_inegi_state_month"})
		}
	}
	return out, nil
}

// holdoutViolence appends the held-out homicide points after 2024:
// SESNSP's national count for 2024 and for the months of 2025 it covers,
// and each state's count over those 2025 months.
func holdoutViolence(c *tidy.Collector) ([]Point, error) {
	ses, err := data.HomicidesSESNSP()
	if err != nil {
		return nil, err
	}
	var out []Point
	if _, n, ok := ses.Annual(2024); ok {
		a, b := calendar.Years(2024)
		out = append(out, Point{Series: SeriesHomicidesSESNSP, Period: "2024", Observed: n,
			Simulated: c.Sum(sim.VarHomicides, "all", a, b), Source: "mx_homicides_sesnsp_state_month"})
	}
	first, _ := calendar.Years(2025)
	last := ses.Start + calendar.Month(len(ses.Values[0])) - 1
	if last < first {
		return out, nil
	}
	period := fmt.Sprintf("2025-01 to %v", last)
	obs := func(s int) float64 {
		t := 0.0
		for m := first; m <= last; m++ {
			t += ses.Values[s][m-ses.Start]
		}
		return t
	}
	nat := 0.0
	for s := range geo.NumStates {
		nat += obs(s)
	}
	out = append(out, Point{Series: SeriesHomicidesSESNSP, Period: period, Observed: nat,
		Simulated: c.Sum(sim.VarHomicides, "all", first, last), Source: "mx_homicides_sesnsp_state_month"})
	for i, st := range geo.States() {
		out = append(out, Point{Series: "Mexico homicides by state (SESNSP victims)", Period: period + " " + st.Code + " " + st.Name,
			Observed: obs(i), Simulated: c.Sum(sim.VarHomicides, st.Code, first, last), Source: "mx_homicides_sesnsp_state_month"})
	}
	return out, nil
}
