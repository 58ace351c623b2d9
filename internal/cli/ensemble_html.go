package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/store"
)

// ensembleDoc draws an ensemble's national summaries: for each headline
// variable, every scenario's median over the runs with its 90% band (5% to
// 95%), by year for flows (deaths, homicides, seizures) and by month for
// stocks (members, cooperation). names gives the scenarios' order.
func ensembleDoc(st *store.Store, id string, spec ensemble.Spec) (report.Document, error) {
	names, runs, source := spec.Names, spec.Runs, spec.Source
	// by[variable][scenario][period]
	by := map[string]map[string]map[string][5]float64{}
	err := st.Summaries(id, func(r store.Summary) error {
		if r.Region != "all" {
			return nil
		}
		if by[r.Variable] == nil {
			by[r.Variable] = map[string]map[string][5]float64{}
		}
		if by[r.Variable][r.Scenario] == nil {
			by[r.Variable][r.Scenario] = map[string][5]float64{}
		}
		by[r.Variable][r.Scenario][r.Month] = r.Q
		return nil
	})
	if err != nil {
		return report.Document{}, err
	}
	obs, err := observedLines()
	if err != nil {
		return report.Document{}, err
	}
	// Observed points where the data are calendar years, as the charts
	// are (CBP's seizures are fiscal years, so that chart has none).
	charts := []struct {
		v, title, unit string
		annual         bool
		obs            *report.Line
		note           string
	}{
		{sim.VarDeaths, "US overdose deaths, all drugs", "deaths per year", true, calendarYears(obs.deaths),
			"Points: CDC VSRR provisional counts, 12 months ending December."},
		{sim.VarSynthetic, "US overdose deaths involving synthetic opioids (mostly fentanyl)", "deaths per year", true, calendarYears(obs.synthetic),
			"Points: CDC VSRR, T40.4, 12 months ending December."},
		{sim.VarHomicides, "Intentional homicides in Mexico", "homicides per year", true, &obs.homicides,
			"Points: INEGI death certificates, national annual totals (2024 preliminary)."},
		{sim.VarSeizedLbs, "CBP fentanyl seizures, southwest border", "lbs per calendar year", true, nil, ""},
		{sim.VarDelivered, "Fentanyl crossing the border undetected", "kg per year (bulk)", true, nil, ""},
		{sim.VarMembers, "Members of criminal groups in Mexico", "persons, month end", false, nil, ""},
		{sim.VarCooperation, "US-Mexico cooperation", "index 0-1, month end", false, nil, ""},
	}
	sec := report.Section{
		Heading: "Medians and 90% bands over the runs",
		Text: fmt.Sprintf("Each of %d runs draws one parameter vector (%s) and uses it, with the same random streams, in every scenario. "+
			"Lines are the median over the runs, shaded bands the 5%% to 95%% points, per year for flows and per month for stocks. "+
			"A band is the spread of one scenario's outcomes, not of its difference from another: for that, run 'cartelsim compare --runs'. "+
			"Points are the observed series, where the data are by calendar year.", runs, source),
	}
	var missing []string
	for _, c := range charts {
		scen := by[c.v]
		if scen == nil {
			missing = append(missing, c.title)
			continue
		}
		ch := report.Chart{ID: "ens-" + c.v, Title: c.title, Unit: c.unit, Annual: c.annual, Note: c.note}
		for _, name := range names {
			line, ok := bandLine(name, scen[name], c.annual)
			if ok {
				ch.Lines = append(ch.Lines, line)
			}
		}
		if len(ch.Lines) > 0 {
			if c.obs != nil {
				ch.Lines = append(ch.Lines, *c.obs)
			}
			sec.Charts = append(sec.Charts, ch)
		}
	}
	if len(spec.Vars) > 0 {
		sec.Text += fmt.Sprintf(" This ensemble kept only the variables %s (--vars).", strings.Join(spec.Vars, ", "))
		if len(missing) > 0 {
			sec.Text += fmt.Sprintf(" Not drawn, because it did not keep them: %s.", strings.Join(missing, "; "))
		}
		if len(sec.Charts) == 0 {
			sec.Text += " None of the variables it kept is drawn here: 'cartelsim export' writes their quantiles."
		}
	}
	return report.Document{
		Title:     "cartelsim ensemble",
		Subtitle:  fmt.Sprintf("%d scenario(s), %d runs", len(names), runs),
		Generated: fmt.Sprintf("cartelsim %s, ensemble %s, parameters: %s", Version(), id, source),
		Sections:  []report.Section{sec},
		Footer:    "Quantiles are read from fixed-bin histograms, within 0.4% of the exact sample quantiles (docs/uncertainty.md). Parameters and their sources: 'cartelsim params'.",
	}, nil
}

// calendarYears turns a monthly series of 12-month-ending counts into
// calendar-year totals (the Decembers), one value a year from January of
// the first year, as annual charts draw them.
func calendarYears(l report.Line) *report.Line {
	out := &report.Line{Label: l.Label, Observed: l.Observed}
	for i, x := range l.Values {
		m := l.Start + calendar.Month(i)
		if m.Num() != 12 {
			continue
		}
		if out.Values == nil {
			out.Start = calendar.Of(m.Year(), 1)
		}
		out.Values = append(out.Values, x)
	}
	return out
}

// bandLine is one scenario's median line with its 5-95% band, from its
// summary cells keyed by period: years ("2026") when annual, else months
// ("2026-03"). Periods are contiguous; a missing one is a gap.
func bandLine(name string, cells map[string][5]float64, annual bool) (report.Line, bool) {
	var first, last calendar.Month
	seen := false
	for p := range cells {
		var m calendar.Month
		if annual {
			if len(p) != 4 {
				continue
			}
			y, err := strconv.Atoi(p)
			if err != nil {
				continue
			}
			m = calendar.Of(y, 1)
		} else {
			var err error
			if m, err = calendar.Parse(p); err != nil {
				continue
			}
		}
		if !seen || m < first {
			first = m
		}
		if !seen || m > last {
			last = m
		}
		seen = true
	}
	if !seen {
		return report.Line{}, false
	}
	step := calendar.Month(1)
	if annual {
		step = 12
	}
	l := report.Line{Label: name, Start: first, Band: &report.Band{}}
	for m := first; m <= last; m += step {
		key := m.String()
		if annual {
			key = strconv.Itoa(m.Year())
		}
		q, ok := cells[key]
		if !ok {
			q = [5]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
		}
		l.Values = append(l.Values, q[2])
		l.Band.Lo = append(l.Band.Lo, q[0])
		l.Band.Hi = append(l.Band.Hi, q[4])
	}
	return l, true
}
