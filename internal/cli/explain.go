package cli

import (
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/model/policy"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// NewCmdExplain builds `cartelsim explain FROM TO`.
func NewCmdExplain(f *Factory) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "explain <from-year> <to-year>",
		Short: "Decompose the change in overdose deaths between two years into its drivers",
		Long: `Run the baseline (or --scenario) and split the change in US overdose deaths from one
calendar year to another into drivers: fentanyl's share of the supply,
potency (purity), naloxone, treatment, depletion of the population at risk,
prescription opioids, other drugs and the rest (COVID-19, integration).
Months are paired (January with January); the illicit deaths are split by
the logarithmic mean Divisia index, so the drivers add up to the change.`,
		Example: "  $ cartelsim explain 2023 2024\n  $ cartelsim explain 2025 2027 --scenario naloxone",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var years [2]int
			for i, a := range args {
				y, err := strconv.Atoi(a)
				if err != nil || y < sim.Origin.Year() || y > 2035 {
					return flagErrorf("explain: year %q: want a year from %d to 2035", a, sim.Origin.Year())
				}
				years[i] = y
			}
			s, err := loadScenario(name, 0, false, nil)
			if err != nil {
				return err
			}
			reg, err := f.Registry()
			if err != nil {
				return err
			}
			w, err := f.World()
			if err != nil {
				return err
			}
			v, err := sim.Apply(reg, s)
			if err != nil {
				return err
			}
			c := tidy.NewCollector(s.From)
			if _, err := sim.Run(cmd.Context(), w, sim.Config{Scenario: s, Values: v}, c); err != nil {
				return err
			}
			contrib, deaths, err := explainYears(s, v, c, years[0], years[1])
			if err != nil {
				return err
			}
			return report.FormatText(f.IO.Out, explainTable(s.Name, contrib, deaths, years))
		},
	}
	cmd.Flags().StringVar(&name, "scenario", "baseline", "built-in scenario `NAME` or YAML file to explain")
	return cmd
}

// replayHealth reruns the health module on the market path a run recorded
// in c, from sim.Origin to last, and returns each month's parts and total
// deaths. Health feeds nothing back into the other modules, so the replay
// reproduces the run's deaths; the scenario's demand-side levers come from
// its policy plan, as in the run.
func replayHealth(sc *scenario.Scenario, v params.Values, c *tidy.Collector, last calendar.Month) ([]health.Parts, []float64, error) {
	p := health.FromValues(v)
	st, err := health.Init(p, sim.Origin)
	if err != nil {
		return nil, nil, err
	}
	plan, err := policy.NewPlan(sc)
	if err != nil {
		return nil, nil, err
	}
	var lv policy.Levels
	var parts []health.Parts
	var deaths []float64
	for m := sim.Origin; m <= last; m++ {
		share, ok1 := c.At(sim.VarShare, "all", m)
		purity, ok2 := c.At(sim.VarPurity, "all", m)
		if !ok1 || !ok2 {
			return nil, nil, fmt.Errorf("explain: the run has no market values for %v", m)
		}
		plan.Step(m, &lv)
		health.Step(m, p, health.Inputs{Share: share, Purity: purity, Naloxone: lv.Naloxone, MOUD: lv.MOUD, Retention: lv.Retention}, st)
		parts = append(parts, st.Parts)
		deaths = append(deaths, st.Deaths)
	}
	return parts, deaths, nil
}

// explainYears decomposes the change in deaths from year y0 to year y1 of
// the run of sc in c.
func explainYears(sc *scenario.Scenario, v params.Values, c *tidy.Collector, y0, y1 int) ([]float64, [2]float64, error) {
	var deaths [2]float64
	_, last := calendar.Years(max(y0, y1))
	parts, d, err := replayHealth(sc, v, c, last)
	if err != nil {
		return nil, deaths, err
	}
	var pp [2][]health.Parts
	for i, y := range []int{y0, y1} {
		a, _ := calendar.Years(y)
		k := int(a - sim.Origin)
		pp[i] = parts[k : k+12]
		for _, x := range d[k : k+12] {
			deaths[i] += x
		}
	}
	return health.Decompose(pp[0], pp[1]), deaths, nil
}

// explainTable lays out a decomposition.
func explainTable(name string, contrib []float64, deaths [2]float64, years [2]int) report.Table {
	t := report.Table{
		Caption: fmt.Sprintf("Change in US overdose deaths, %d to %d (%s): %.0f to %.0f, %+.0f", years[0], years[1], name, deaths[0], deaths[1], deaths[1]-deaths[0]),
		Header:  []string{"driver", "deaths", "share of change"},
	}
	change := deaths[1] - deaths[0]
	for i, d := range health.Drivers {
		share := "-"
		if math.Abs(change) >= 1 {
			share = fmt.Sprintf("%+.0f%%", 100*contrib[i]/change)
		}
		t.Rows = append(t.Rows, []string{d, fmt.Sprintf("%+.0f", contrib[i]), share})
	}
	t.Notes = append(t.Notes, "LMDI-I decomposition (Ang 2004) of illicit-use deaths, month by month; naloxone includes OTC sales from September 2023 (health.naloxone_otc, an assumption)")
	return t
}

// explainSection is the report's section on what drove the baseline's
// overdose deaths year on year: one annual line per driver (its
// contribution to the change from the year before) and the table of the
// latest fall, 2023 to 2024.
func explainSection(base *scenario.Scenario, reg *params.Registry, c *tidy.Collector) (report.Section, error) {
	sec := report.Section{
		Heading: "Why overdose deaths changed (baseline)",
		Text: "The change in US overdose deaths from each year to the next, split into its drivers (cartelsim explain): " +
			"fentanyl's share of the illicit supply and its potency (DEA purity, observed 2019-2024), naloxone (including over-the-counter sales from September 2023), " +
			"treatment, depletion of the population at risk, prescription opioids and other drugs. " +
			"The illicit deaths are split by the logarithmic mean Divisia index, so the drivers add up to each year's change.",
	}
	v, err := sim.Apply(reg, base)
	if err != nil {
		return sec, err
	}
	const first, last = 2016, 2030
	_, end := calendar.Years(last)
	parts, _, err := replayHealth(base, v, c, end)
	if err != nil {
		return sec, err
	}
	ch := report.Chart{ID: "explain-drivers", Title: "Drivers of the year-on-year change in overdose deaths",
		Unit: "deaths, change from the year before", Annual: true,
		Note: "Each point is a driver's contribution to the change in deaths from the previous calendar year; the sum over drivers is the change."}
	// Six lines, as many as the palette has colours: the first five
	// drivers and the rest (prescription opioids, other drugs, COVID-19,
	// integration) together; the table below keeps them apart.
	const shown = 5
	lines := make([]report.Line, shown+1)
	a, _ := calendar.Years(first)
	for i := range lines {
		lines[i] = report.Line{Label: "other (prescription opioids, other drugs, COVID-19)", Start: a}
		if i < shown {
			lines[i].Label = health.Drivers[i]
		}
	}
	for y := first; y <= last; y++ {
		a0, _ := calendar.Years(y - 1)
		a1, _ := calendar.Years(y)
		k0, k1 := int(a0-sim.Origin), int(a1-sim.Origin)
		rest := 0.0
		for i, x := range health.Decompose(parts[k0:k0+12], parts[k1:k1+12]) {
			if i < shown {
				lines[i].Values = append(lines[i].Values, x)
			} else {
				rest += x
			}
		}
		lines[shown].Values = append(lines[shown].Values, rest)
	}
	ch.Lines = lines
	sec.Charts = append(sec.Charts, ch)
	contrib, deaths, err := explainYears(base, v, c, 2023, 2024)
	if err != nil {
		return sec, err
	}
	sec.Tables = append(sec.Tables, explainTable(base.Name, contrib, deaths, [2]int{2023, 2024}))
	return sec, nil
}
