package cli

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/compare"
	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// CompareOptions are the options of `cartelsim compare`.
type CompareOptions struct {
	IO        IOStreams
	Factory   *Factory
	Out       string
	From, To  int
	Scenarios []string
	Seed      uint64
	SeedSet   bool
	NoReport  bool
	// Runs > 0 compares over an ensemble of runs instead of one run.
	Runs      uint64
	Draw      string
	Posterior string
	Workers   int
}

// NewCmdCompare builds `cartelsim compare`.
func NewCmdCompare(f *Factory, runF func(*CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "compare [scenario...]",
		Short: "Run the baseline and every built-in scenario; print differences and write report.html",
		Long: `Run the baseline and each policy scenario (all built-ins unless scenarios
are named: built-in names or YAML files) on the same seed, print a table of
each scenario's difference from the baseline over the comparison window
(default 2026-2030), and write a self-contained report.html into --out:
the baseline against the observed series 2015-2025, every scenario to 2035,
maps of the routes and of homicides by state, and the comparison table. The
report opens offline in any browser.

Deaths averted are baseline minus scenario; homicides and seizures are
scenario minus baseline.

With --runs N, each difference is computed run by run over N runs whose
parameters are drawn from their priors (or --posterior), run i of every
scenario sharing its draw and random streams, and reported as the median
and 90% interval of the N differences; report.html then draws, for each
headline measure, every scenario's median with its interval. Levers whose effects no study measures (US strikes,
FTO sanctions, intelligence sharing, cooperation) rest on parameters
labelled "assumption" in 'cartelsim params'.`,
		Example: `  $ cartelsim compare
  $ cartelsim compare --from 2026 --to 2035 --out results/
  $ cartelsim compare naloxone us-strikes-leadership my-policy.yaml
  $ cartelsim compare naloxone us-strikes-leadership --runs 500`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scenarios = args
			opts.SeedSet = cmd.Flags().Changed("seed")
			if opts.From < 2015 || opts.To < opts.From || opts.To > 2100 {
				return flagErrorf("invalid window --from %d --to %d: want 2015 <= from <= to", opts.From, opts.To)
			}
			if opts.Posterior != "" {
				opts.Draw = "posterior"
			}
			if opts.Draw != "prior" && opts.Draw != "defaults" && opts.Draw != "posterior" {
				return flagErrorf("invalid --draw %q: want prior or defaults (or --posterior FILE)", opts.Draw)
			}
			if runF != nil {
				return runF(opts)
			}
			return compareRun(cmd, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "out", "write report.html into `DIR`")
	cmd.Flags().IntVar(&opts.From, "from", 2026, "first `YEAR` of the comparison window")
	cmd.Flags().IntVar(&opts.To, "to", 2030, "last `YEAR` of the comparison window")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 0, "override every scenario's random seed")
	cmd.Flags().BoolVar(&opts.NoReport, "no-report", false, "print the table only")
	cmd.Flags().Uint64Var(&opts.Runs, "runs", 0, "compare over `N` runs with drawn parameters: median and 90% interval (0: one run)")
	cmd.Flags().StringVar(&opts.Draw, "draw", "prior", "with --runs: parameters from their priors, or defaults (streams only)")
	cmd.Flags().StringVar(&opts.Posterior, "posterior", "", "with --runs: draw parameters from a posterior `FILE` ('cartelsim calibrate')")
	cmd.Flags().IntVarP(&opts.Workers, "workers", "j", 0, "with --runs: concurrent runs (0: one per CPU)")
	return cmd
}

func compareRun(cmd *cobra.Command, opts *CompareOptions) error {
	var scs []*scenario.Scenario
	names := opts.Scenarios
	if len(names) == 0 {
		for _, s := range scenario.Builtins() {
			names = append(names, s.Name)
		}
	}
	if names[0] != "baseline" {
		names = append([]string{"baseline"}, slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == "baseline" })...)
	}
	seen := map[string]bool{}
	for _, n := range names {
		s, err := loadScenario(n, opts.Seed, opts.SeedSet, nil)
		if err != nil {
			return err
		}
		if seen[s.Name] {
			return flagErrorf("scenario %s named twice", s.Name)
		}
		seen[s.Name] = true
		scs = append(scs, s)
	}
	reg, err := opts.Factory.Registry()
	if err != nil {
		return err
	}
	w, err := opts.Factory.World()
	if err != nil {
		return err
	}
	from, _ := calendar.Years(opts.From)
	_, to := calendar.Years(opts.To)
	if opts.Runs > 0 {
		return compareEnsemble(cmd, opts, scs, from, to)
	}
	res, err := compare.Scenarios(cmd.Context(), w, reg, scs, compare.Options{
		From: from, To: to,
		Progress: func(done, total int, name string) {
			fmt.Fprintf(opts.IO.ErrOut, "[%d/%d] %s\n", done, total, name)
		},
	})
	if err != nil {
		return err
	}
	tab := diffTable(res, opts.From, opts.To)
	if err := report.FormatText(opts.IO.Out, tab); err != nil {
		return err
	}
	if opts.NoReport {
		return nil
	}
	doc, err := buildReport(res, tab, opts)
	if err != nil {
		return err
	}
	path := filepath.Join(opts.Out, "report.html")
	if err := report.WriteFile(path, doc); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", path)
	return nil
}

// diffTable lays out the differences from the baseline.
func diffTable(res *compare.Result, from, to int) report.Table {
	t := report.Table{
		Caption: fmt.Sprintf("Difference from the baseline, %d-%d (one run, seed %d)", from, to, res.Baseline.Scenario.Seed),
		Header: []string{"scenario", "overdose deaths averted", "synthetic-opioid deaths averted",
			"homicides in Mexico", "CBP seizures (lbs)", "fentanyl delivered", "cooperation (mean)"},
		Notes: []string{
			"Deaths averted: baseline minus scenario, US, summed over the window. Homicides and seizures: scenario minus baseline.",
			"Fentanyl delivered: change in what crosses the border undetected. Cooperation: US-Mexico index 0-1, change from the baseline's mean in brackets.",
			"One run per scenario on common random numbers (the same seed for every scenario); the differences carry no uncertainty interval.",
		},
	}
	for _, d := range res.Diffs {
		t.Rows = append(t.Rows, []string{
			d.Name, signed(d.DeathsAverted), signed(d.SyntheticAverted), signed(d.Homicides),
			signed(d.SeizedLbs), fmt.Sprintf("%+.1f%%", d.DeliveredPct),
			fmt.Sprintf("%.2f (%+.2f)", d.Cooperation, d.CooperationDelta),
		})
	}
	return t
}

// signed formats a count with a sign and thousands separators.
func signed(x float64) string {
	r := math.Round(x)
	if r == 0 {
		return "0"
	}
	s := strconv.FormatFloat(math.Abs(r), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if r < 0 {
		return "−" + b.String()
	}
	return "+" + b.String()
}

// buildReport assembles report.html.
func buildReport(res *compare.Result, tab report.Table, opts *CompareOptions) (report.Document, error) {
	base := res.Baseline
	fitSec, err := fitSection(base)
	if err != nil {
		return report.Document{}, err
	}
	reg, err := opts.Factory.Registry()
	if err != nil {
		return report.Document{}, err
	}
	whySec, err := explainSection(base.Scenario, reg, base.Paths)
	if err != nil {
		return report.Document{}, err
	}
	scen := report.Section{
		Heading: "Scenarios to 2035",
		Text: "Each policy scenario against the baseline, month by month. Counterfactual levers start in 2026 unless the scenario says otherwise.\n\n" +
			"Where no study measures a lever's effect (US strikes, FTO sanctions, intelligence sharing, diplomatic cooperation) the parameters are labelled assumptions in the parameter registry; read these paths as what follows from those assumptions, not as forecasts.",
		Tables: []report.Table{tab},
	}
	for _, v := range []struct{ id, variable, title, unit string }{
		{"sc-deaths", sim.VarDeaths, "US overdose deaths, 12-month rolling sum", "deaths per 12 months"},
		{"sc-homicides", sim.VarHomicides, "Homicides in Mexico, 12-month rolling sum", "homicides per 12 months"},
		{"sc-delivered", sim.VarDelivered, "Fentanyl crossing the border undetected", "kg per month (bulk)"},
		{"sc-seized", sim.VarSeizedLbs, "CBP fentanyl seizures, southwest border", "lbs per month"},
		{"sc-members", sim.VarMembers, "Members of criminal groups in Mexico", "persons"},
		{"sc-coop", sim.VarCooperation, "US-Mexico cooperation", "index 0-1"},
	} {
		ch := report.Chart{ID: v.id, Title: v.title, Unit: v.unit}
		for _, r := range res.Runs {
			vals := r.Paths.Get(v.variable, "all")
			if v.variable == sim.VarDeaths || v.variable == sim.VarHomicides {
				vals = rolling12(vals)
			}
			ch.Lines = append(ch.Lines, report.Line{Label: r.Scenario.Name, Start: r.Paths.Start, Values: vals})
		}
		scen.Charts = append(scen.Charts, ch)
	}
	routesSec, err := routesSection(res, opts.From, opts.To)
	if err != nil {
		return report.Document{}, err
	}
	homicideSec, err := homicideSection(res, opts.From, opts.To)
	if err != nil {
		return report.Document{}, err
	}
	return report.Document{
		Title:    "cartelsim compare",
		Subtitle: fmt.Sprintf("Baseline and %d policy scenarios; differences over %d-%d", len(res.Diffs), opts.From, opts.To),
		Generated: fmt.Sprintf("cartelsim %s, seed %d, %d scenarios; parameters: cartelsim params",
			Version(), base.Scenario.Seed, len(res.Runs)),
		Sections: []report.Section{fitSec, whySec, routesSec, homicideSec, scen},
		Footer: "Observed data: CDC NCHS VSRR provisional drug overdose death counts (public domain); CBP Nationwide Drug Seizures (public domain); " +
			"INEGI homicide statistics (INEGI free-use terms); DEA National Drug Threat Assessment 2025 purity, digitised by Vangelov et al. 2026. " +
			"Model sources: see 'cartelsim params' and 'cartelsim data list'.",
	}, nil
}

// rolling12 returns the trailing 12-month sums of x, NaN for the first 11
// months, which is how CDC reports overdose deaths.
func rolling12(x []float64) []float64 {
	out := make([]float64, len(x))
	sum := 0.0
	for i, v := range x {
		sum += v
		if i >= 12 {
			sum -= x[i-12]
		}
		if i < 11 {
			out[i] = math.NaN()
		} else {
			out[i] = sum
		}
	}
	return out
}

// fitSection shows the baseline against the observed series.
func fitSection(base *compare.Run) (report.Section, error) {
	pts, err := fit.Targets(base.Paths)
	if err != nil {
		return report.Section{}, err
	}
	sec := report.Section{
		Heading: "Fit to observed data, 2015-2025",
		Text: "The baseline (status quo) run against the observed series it is calibrated to. Points are observed; lines are simulated. " +
			"2024 onward is held out of the fit for deaths and homicides.",
	}
	obs, err := observedLines()
	if err != nil {
		return sec, err
	}
	// The fit panels stop at 2025: later years belong to the scenarios.
	_, end := calendar.Years(2025)
	n := int(end-base.Paths.Start) + 1
	sim12 := func(v string) report.Line {
		vals := rolling12(base.Paths.Get(v, "all"))
		return report.Line{Label: "simulated (baseline)", Start: base.Paths.Start, Values: vals[:min(n, len(vals))]}
	}
	sec.Charts = append(sec.Charts,
		report.Chart{ID: "fit-deaths", Title: "US overdose deaths, all drugs", Unit: "deaths per 12 months",
			Note: "Observed: CDC VSRR provisional 12-month-ending counts, reported values.", Lines: []report.Line{obs.deaths, sim12(sim.VarDeaths)}},
		report.Chart{ID: "fit-synthetic", Title: "US overdose deaths involving synthetic opioids (mostly fentanyl)", Unit: "deaths per 12 months",
			Note: "Observed: CDC VSRR, T40.4 (synthetic opioids other than methadone).", Lines: []report.Line{obs.synthetic, sim12(sim.VarSynthetic)}},
		report.Chart{ID: "fit-homicides", Title: "Intentional homicides in Mexico", Unit: "homicides per year", Annual: true,
			Note:  "Observed: INEGI death certificates, national annual totals (2024 preliminary).",
			Lines: []report.Line{obs.homicides, annual(base, sim.VarHomicides, 2015, 2025, false)}},
		report.Chart{ID: "fit-seizures", Title: "CBP fentanyl seizures, southwest border", Unit: "lbs per fiscal year", Annual: true,
			Note:  "Observed: CBP Nationwide Drug Seizures, Office of Field Operations and Border Patrol. Fiscal years (October-September) drawn at January of their ending year.",
			Lines: []report.Line{obs.seizures, annual(base, sim.VarSeizedLbs, 2019, 2025, true)}},
	)
	t := report.Table{
		Caption: "Calibration targets: observed against simulated",
		Header:  []string{"series", "period", "observed", "simulated", "error", "tolerance", "within"},
	}
	for _, p := range pts {
		ok := "yes"
		if !p.OK() {
			ok = "NO"
		}
		t.Rows = append(t.Rows, []string{p.Series, p.Period, strconv.FormatFloat(math.Round(p.Observed), 'f', 0, 64),
			strconv.FormatFloat(math.Round(p.Simulated), 'f', 0, 64), fmt.Sprintf("%+.1f%%", 100*p.RelErr()),
			fmt.Sprintf("±%.0f%%", 100*p.Tolerance), ok})
	}
	sec.Tables = append(sec.Tables, t)
	return sec, nil
}

// annual sums a variable by calendar year, or by US fiscal year when fiscal
// is set, for years first..last.
func annual(r *compare.Run, v string, first, last int, fiscal bool) report.Line {
	vals := make([]float64, 0, last-first+1)
	for y := first; y <= last; y++ {
		a, b := calendar.Years(y)
		if fiscal {
			a, b = calendar.FiscalYear(y)
		}
		if a < r.Paths.Start {
			vals = append(vals, math.NaN())
			continue
		}
		vals = append(vals, r.Paths.Sum(v, "all", a, b))
	}
	return report.Line{Label: "simulated (baseline)", Start: calendar.Of(first, 1), Values: vals}
}

// compareEnsemble reports each scenario's difference from the baseline as
// a median and 90% interval over opts.Runs runs.
func compareEnsemble(cmd *cobra.Command, opts *CompareOptions, scs []*scenario.Scenario, from, to calendar.Month) error {
	if len(scs) < 2 {
		return flagErrorf("compare --runs: name at least one scenario besides the baseline")
	}
	reg, err := opts.Factory.Registry()
	if err != nil {
		return err
	}
	w, err := opts.Factory.World()
	if err != nil {
		return err
	}
	smp, source, err := sampler(opts.Draw, opts.Posterior)
	if err != nil {
		return err
	}
	seed := scs[0].Seed
	if opts.SeedSet {
		seed = opts.Seed
	}
	prog := newProgress(opts.IO.ErrOut, "auto", fmt.Sprintf("%d scenarios", len(scs)))
	res, err := compare.Ensemble(cmd.Context(), w, reg, scs, compare.Options{
		From: from, To: to, Workers: opts.Workers,
		Progress: func(done, total int, _ string) { prog.update(uint64(done), uint64(total)) },
	}, opts.Runs, smp, seed)
	prog.close()
	if err != nil {
		return err
	}
	iv := func(x compare.Interval) string {
		return fmt.Sprintf("%s [%s, %s]", signed(x.Median), signed(x.Lo), signed(x.Hi))
	}
	pct := func(x compare.Interval) string {
		return fmt.Sprintf("%+.1f%% [%+.1f, %+.1f]", x.Median, x.Lo, x.Hi)
	}
	t := report.Table{
		Caption: fmt.Sprintf("Difference from the baseline, %d-%d: median [90%% interval] over %d runs (parameters: %s, seed %d)",
			opts.From, opts.To, res.Runs, source, seed),
		Header: []string{"scenario", "overdose deaths averted", "synthetic-opioid deaths averted",
			"homicides in Mexico", "CBP seizures (lbs)", "fentanyl delivered", "cooperation (change)"},
		Notes: []string{
			"Each run draws one parameter vector and uses it, with the same random streams, in the baseline and every scenario; the difference is taken run by run, then summarised.",
			"Deaths averted: baseline minus scenario, US, summed over the window. Homicides and seizures: scenario minus baseline.",
			"Quantiles are read from fixed-bin histograms, within 0.4% of the exact sample quantiles.",
		},
	}
	for _, d := range res.Diffs {
		t.Rows = append(t.Rows, []string{d.Name, iv(d.DeathsAverted), iv(d.SyntheticAverted), iv(d.Homicides),
			iv(d.SeizedLbs), pct(d.DeliveredPct), fmt.Sprintf("%+.2f [%+.2f, %+.2f]", d.CoopDelta.Median, d.CoopDelta.Lo, d.CoopDelta.Hi)})
	}
	if err := report.FormatText(opts.IO.Out, t); err != nil {
		return err
	}
	if opts.NoReport {
		return nil
	}
	path := filepath.Join(opts.Out, "report.html")
	if err := report.WriteFile(path, ensembleCompareDoc(res, t, opts, source, seed)); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", path)
	return nil
}

// ensembleCompareDoc draws compare --runs: for each headline measure, every
// scenario's difference from the baseline as its median over the runs with
// the 90% interval, then the table.
func ensembleCompareDoc(res *compare.EnsembleResult, t report.Table, opts *CompareOptions, source string, seed uint64) report.Document {
	window := fmt.Sprintf("%d-%d", opts.From, opts.To)
	measure := []struct {
		id, title, unit string
		get             func(compare.DiffInterval) compare.Interval
	}{
		{"averted", "US overdose deaths averted, " + window, "deaths (baseline minus scenario)", func(d compare.DiffInterval) compare.Interval { return d.DeathsAverted }},
		{"homicides", "Change in homicides in Mexico, " + window, "homicides (scenario minus baseline)", func(d compare.DiffInterval) compare.Interval { return d.Homicides }},
		{"delivered", "Change in fentanyl crossing undetected, " + window, "% of the baseline's", func(d compare.DiffInterval) compare.Interval { return d.DeliveredPct }},
		{"cooperation", "Change in US-Mexico cooperation, mean over " + window, "index points (0-1 scale)", func(d compare.DiffInterval) compare.Interval { return d.CoopDelta }},
	}
	sec := report.Section{
		Heading: "Differences from the baseline, with their uncertainty",
		Text: fmt.Sprintf("Each of %d runs draws one parameter vector (%s) and uses it, with the same random streams, in the baseline and in every scenario; a scenario's difference from the baseline is taken run by run, and each bar is the median of those differences with its 90%% interval (5%% to 95%%). "+
			"An interval that crosses zero means the model, given what is known about its parameters, cannot tell whether the policy helps or hurts on that measure. Seed %d.", res.Runs, source, seed),
		Tables: []report.Table{t},
	}
	for _, m := range measure {
		b := report.BarChart{ID: "diff-" + m.id, Title: m.title, Unit: m.unit, Series: []string{"median (90% interval)"}}
		for _, d := range res.Diffs {
			x := m.get(d)
			b.Rows = append(b.Rows, report.BarRow{Label: d.Name, Values: []float64{x.Median}, Lo: []float64{x.Lo}, Hi: []float64{x.Hi}})
		}
		sec.Bars = append(sec.Bars, b)
	}
	return report.Document{
		Title:     "cartelsim compare",
		Subtitle:  fmt.Sprintf("%d policy scenarios against the baseline over %d runs; differences over %s", len(res.Diffs), res.Runs, window),
		Generated: fmt.Sprintf("cartelsim %s, seed %d, %d runs, parameters: %s", Version(), seed, res.Runs, source),
		Sections:  []report.Section{sec},
		Footer:    "Parameters and their sources: 'cartelsim params'. How the runs are drawn and summarised: docs/uncertainty.md.",
	}
}
