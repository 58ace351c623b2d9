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
	add := func(label, group string, rates []float64) {
		m.Views = append(m.Views, report.MapView{Label: label, Group: group})
		for st, r := range rates {
			values[st] = append(values[st], max(0, r))
		}
	}
	pops := map[int][]float64{}
	perCapita := func(year int, perState []float64) ([]float64, error) {
		pop, ok := pops[year]
		if !ok {
			var err error
			if pop, err = data.MexicoStatePopulation(year); err != nil {
				return nil, err
			}
			pops[year] = pop
		}
		out := make([]float64, len(perState))
		for st, x := range perState {
			out[st] = x / pop[st] * 1e5
		}
		return out, nil
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
			rates, err := perCapita(y, perState)
			if err != nil {
				return report.Section{}, err
			}
			add(fmt.Sprint(y), obs.group, rates)
		}
	}
	simulated := func(r *compare.Run, y int) ([]float64, error) {
		a, b := calendar.Years(y)
		out := make([]float64, len(states))
		for st, s := range states {
			out[st] = r.Paths.Sum(sim.VarHomicides, s.Code, a, b)
		}
		return perCapita(y, out)
	}
	for y := first; y <= last; y++ {
		rates, err := simulated(base, y)
		if err != nil {
			return report.Section{}, err
		}
		add(fmt.Sprint(y), "Baseline, by year", rates)
		if y == mapYear {
			m.Default = len(m.Views) - 1
		}
	}
	if from >= first && to <= last && len(res.Runs) > 1 {
		for _, r := range res.Runs {
			mean := make([]float64, len(states))
			for y := from; y <= to; y++ {
				rates, err := simulated(r, y)
				if err != nil {
					return report.Section{}, err
				}
				for st, x := range rates {
					mean[st] += x
				}
			}
			for st := range mean {
				mean[st] /= float64(to - from + 1)
			}
			add(r.Scenario.Name, fmt.Sprintf("Scenarios, mean of %d-%d", from, to), mean)
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
