package cli

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/compare"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/sim"
)

// homicideSection maps intentional homicides by state, per 100,000
// inhabitants a year: observed (INEGI death certificates and SESNSP
// victims, each full year they cover), the baseline in every full year
// simulated, and each scenario's mean over the comparison window [from,
// to]. Subtracting an observed year from the baseline's shows the model's
// error by state; 2024 onward is held out of the fit.
func homicideSection(res *compare.Result, from, to int) (report.Section, error) {
	outlines, attr, err := network.StateOutlines()
	if err != nil {
		return report.Section{}, err
	}
	inegi, err := data.HomicidesINEGI()
	if err != nil {
		return report.Section{}, err
	}
	sesnsp, err := data.HomicidesSESNSP()
	if err != nil {
		return report.Section{}, err
	}
	base := res.Baseline
	first, last := fullYears(base)
	if first > last {
		return report.Section{}, fmt.Errorf("report homicide map: the baseline covers no full year")
	}
	states := geo.States()
	m := report.Map{ID: "homicide-map", Title: "Intentional homicides by state", Unit: "per 100,000 a year",
		Note: "Homicides per 100,000 inhabitants (CONAPO mid-year population) in the year or window shown: observed by INEGI (death certificates, place of occurrence) and SESNSP (victims of homicidio doloso and feminicidio, investigations opened), and simulated (mx_homicides by state). " +
			"States: " + attr}
	// values[state][view]
	values := make([][]float64, len(states))
	add := func(label, group string, rate func(st int) (float64, error)) error {
		m.Views = append(m.Views, report.MapView{Label: label, Group: group})
		for st := range states {
			r, err := rate(st)
			if err != nil {
				return err
			}
			values[st] = append(values[st], max(0, r))
		}
		return nil
	}
	perCapita := func(year int, perState []float64) func(int) (float64, error) {
		return func(st int) (float64, error) {
			pop, err := data.MexicoStatePopulation(year)
			if err != nil {
				return 0, err
			}
			return perState[st] / pop[st] * 1e5, nil
		}
	}
	for _, obs := range []struct {
		group  string
		series data.StateMonth
	}{{"Observed, INEGI death certificates", inegi}, {"Observed, SESNSP victims", sesnsp}} {
		end := obs.series.Start + calendar.Month(len(obs.series.Values[0])) - 1
		for y := obs.series.Start.Year(); y <= end.Year(); y++ {
			perState, _, ok := obs.series.Annual(y)
			if !ok || y < first {
				continue
			}
			if err := add(fmt.Sprint(y), obs.group, perCapita(y, perState)); err != nil {
				return report.Section{}, err
			}
		}
	}
	simulated := func(r *compare.Run, y int) []float64 {
		a, b := calendar.Years(y)
		out := make([]float64, len(states))
		for st, s := range states {
			out[st] = r.Paths.Sum(sim.VarHomicides, s.Code, a, b)
		}
		return out
	}
	for y := first; y <= last; y++ {
		if err := add(fmt.Sprint(y), "Baseline, by year", perCapita(y, simulated(base, y))); err != nil {
			return report.Section{}, err
		}
		if y == mapYear {
			m.Default = len(m.Views) - 1
		}
	}
	if from >= first && to <= last && len(res.Runs) > 1 {
		for _, r := range res.Runs {
			mean := func(st int) (float64, error) {
				sum := 0.0
				for y := from; y <= to; y++ {
					x, err := perCapita(y, simulated(r, y))(st)
					if err != nil {
						return 0, err
					}
					sum += x
				}
				return sum / float64(to-from+1), nil
			}
			if err := add(r.Scenario.Name, fmt.Sprintf("Scenarios, mean of %d-%d", from, to), mean); err != nil {
				return report.Section{}, err
			}
		}
	}
	for _, o := range outlines {
		st, err := geo.StateIndex(o.Code)
		if err != nil {
			return report.Section{}, fmt.Errorf("report homicide map: %w", err)
		}
		m.Areas = append(m.Areas, report.MapArea{Name: o.Name, Rings: o.Rings, Values: values[st]})
	}
	return report.Section{
		Heading: "Homicides by state",
		Text: "Homicides by state are the sum of three parts (docs/violence.md): a baseline from each state's rate before the drug war, the killings of the conflicts between criminal groups where the groups are present, and confrontations with the state. " +
			"The model is fitted to the national totals and to the ten states with the most homicides, 2015-2022; 2024 onward is held out.\n\n" +
			fmt.Sprintf("The map opens on the baseline in %s. Subtract an observed year from the same simulated year to see the model's error by state (red: the model has more), or one scenario's window from another's to see where a policy moves violence. Hover a state for its values.", m.Views[m.Default].Label),
		Maps: []report.Map{m},
	}, nil
}
