package cli

import (
	"fmt"
	"math"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/report"
)

func newCmdReproducePrietoCuriel(f *Factory) *cobra.Command {
	var out string
	var noReport bool
	cmd := &cobra.Command{
		Use:   "prieto-curiel",
		Short: "Prieto-Curiel, Campedelli & Hope (Science 2023): cartel recruitment and violence",
		Long: `Run the recruitment model of Prieto-Curiel, Campedelli & Hope (2023) with the
paper's parameters: 115,000 members in 2012 over the 150 groups of the 2020
network, 520 weeks to 2022, then five years from the 2022 state under the
status quo, with incapacitation doubled and with recruitment halved.

Prints the weekly run against an independent R deSolve solution of the same
equations (embedded, written by bench/orgs/prieto.R), the paper's headline
results against the model's, and writes DIR/prieto-curiel.html with charts.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return reproducePrieto(f, out, noReport)
		},
	}
	cmd.Flags().StringVar(&out, "out", "out", "write prieto-curiel.html into `DIR`")
	cmd.Flags().BoolVar(&noReport, "no-report", false, "print the tables only")
	return cmd
}

// prietoRun is one of the paper's runs: 520 weeks, then 260 under a policy.
type prietoRun struct {
	label string
	in    orgs.Inputs
	ref   string // deSolve phase
	weeks []orgs.Week
}

func reproducePrieto(f *Factory, out string, noReport bool) error {
	d, err := data.Cartels()
	if err != nil {
		return err
	}
	net, err := orgs.NewNetwork(d)
	if err != nil {
		return err
	}
	ref, err := orgs.DeSolveReference()
	if err != nil {
		return err
	}
	p := orgs.Defaults()
	runs := []*prietoRun{
		{label: "status quo", in: orgs.StatusQuo()},
		{label: "incapacitation ×2", in: orgs.Inputs{Recruitment: 1, Incapacitation: 2, Lethality: 1}, ref: orgs.RefIncap2},
		{label: "recruitment ×0.5", in: orgs.Inputs{Recruitment: 0.5, Incapacitation: 1, Lethality: 1}, ref: orgs.RefRecruit05},
	}
	for _, r := range runs {
		r.weeks, err = orgs.PaperRun(p, net, 1,
			orgs.Phase{In: orgs.StatusQuo(), Weeks: orgs.PaperWeeks}, orgs.Phase{In: r.in, Weeks: 260})
		if err != nil {
			return err
		}
	}
	agree := prietoAgreement(runs, ref)
	heads := prietoHeadlines(runs)
	if err := report.FormatText(f.IO.Out, agree); err != nil {
		return err
	}
	fmt.Fprintln(f.IO.Out)
	if err := report.FormatText(f.IO.Out, heads); err != nil {
		return err
	}
	if noReport {
		return nil
	}
	doc := report.Document{
		Title:     "Reproduction: Prieto-Curiel, Campedelli & Hope (Science 2023)",
		Subtitle:  "Reducing cartel recruitment is the only way to lower violence in Mexico",
		Generated: "cartelsim reproduce prieto-curiel (deterministic; the paper's parameters)",
		Sections: []report.Section{
			{Heading: "The model against R deSolve",
				Text: "The paper's equations, 150 groups of the 2020 network, 115,000 members in 2012 spread as rank^-1, " +
					"solved week by week by cartelsim (classic RK4, sparse conflict sum) and independently in R with " +
					"deSolve (lsoda, dense conflict matrix; bench/orgs/prieto.R). The lines coincide: the largest " +
					"relative difference is in the table.\n\nCharts sample the weekly runs at the start of each month; " +
					"from 2022 each line is one of the paper's policies.",
				Charts: prietoCharts(runs, ref), Tables: []report.Table{agree}},
			{Heading: "The paper's headline results", Tables: []report.Table{heads}},
		},
		Footer: "Prieto-Curiel, R., Campedelli, G. M. & Hope, A. (2023). Reducing cartel recruitment is the only way " +
			"to lower violence in Mexico. Science 381(6664): 1312-1316. Network data BACRIM2020 " +
			"(github rafaelprietocuriel/Recruitment), compiled by CentroGeo/GeoInt/DataLab from open sources.",
	}
	path := filepath.Join(out, "prieto-curiel.html")
	if err := report.WriteFile(path, doc); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "wrote %s\n", path)
	return nil
}

// prietoAgreement compares each run with its deSolve reference.
func prietoAgreement(runs []*prietoRun, ref map[string][]orgs.Week) report.Table {
	t := report.Table{
		Caption: "Go model against R deSolve, weekly: largest relative difference (bar: 1%)",
		Header:  []string{"run", "weeks", "members", "weekly casualties", "weekly recruits", "within 1%"},
	}
	for _, r := range runs {
		want := append([]orgs.Week(nil), ref[orgs.RefPaper]...)
		weeks := "0-520"
		if r.ref != "" {
			want = append(want, ref[r.ref]...)
			weeks = "0-780"
		}
		var worst [3]float64
		for i := 1; i < len(want) && i < len(r.weeks); i++ {
			g, w := r.weeks[i], want[i]
			worst[0] = max(worst[0], relDiff(g.Members, w.Members))
			worst[1] = max(worst[1], relDiff(g.Casualties, w.Casualties))
			worst[2] = max(worst[2], relDiff(g.Recruits, w.Recruits))
		}
		ok := "yes"
		if max(worst[0], worst[1], worst[2]) > 0.01 {
			ok = "NO"
		}
		t.Rows = append(t.Rows, []string{r.label, weeks, fmt.Sprintf("%.1e", worst[0]),
			fmt.Sprintf("%.1e", worst[1]), fmt.Sprintf("%.1e", worst[2]), ok})
	}
	t.Notes = []string{"deSolve reference: model/orgs/testdata/prieto_desolve.csv, written by `Rscript bench/orgs/prieto.R data/tables <file>`."}
	return t
}

// prietoHeadlines states each of the paper's results next to the model's.
func prietoHeadlines(runs []*prietoRun) report.Table {
	t := report.Table{
		Caption: "The paper's results against this run",
		Header:  []string{"result", "paper", "model", "holds"},
	}
	sq := runs[0].weeks
	m22 := sq[orgs.PaperWeeks].Members
	k22 := sq[orgs.PaperWeeks].Casualties
	rec := 0.0
	for _, w := range sq[1 : orgs.PaperWeeks+1] {
		rec += w.Recruits
	}
	rec /= orgs.PaperWeeks
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "NO"
	}
	t.Rows = append(t.Rows,
		[]string{"members in 2022", "160,000-185,000", fmt.Sprintf("%.0f", m22), yes(m22 >= 160000 && m22 <= 185000)},
		[]string{"recruits a week, 2012-2022 average", "350-370", fmt.Sprintf("%.0f", rec), yes(rec >= 350 && rec <= 370)})
	change := make([][2]float64, len(runs))
	for i, r := range runs {
		end := r.weeks[len(r.weeks)-1]
		change[i] = [2]float64{100 * (end.Members/m22 - 1), 100 * (end.Casualties/k22 - 1)}
	}
	t.Rows = append(t.Rows,
		[]string{"status quo, 2022-2027: members and weekly killings", "rise", fmt.Sprintf("%+.0f%%, %+.0f%%", change[0][0], change[0][1]),
			yes(change[0][0] > 0 && change[0][1] > 0)},
		[]string{"incapacitation x2: both still rise, by less than the status quo", "rise, less",
			fmt.Sprintf("%+.0f%%, %+.0f%%", change[1][0], change[1][1]),
			yes(change[1][0] > 0 && change[1][1] > 0 && change[1][0] < change[0][0] && change[1][1] < change[0][1])},
		[]string{"recruitment x0.5: both fall", "fall", fmt.Sprintf("%+.0f%%, %+.0f%%", change[2][0], change[2][1]),
			yes(change[2][0] < 0 && change[2][1] < 0)})
	t.Notes = []string{"Changes compare week 780 with week 520 (five years of 52 weeks from the 2022 state), as the paper does."}
	return t
}

// prietoCharts samples the weekly runs at each month's start.
func prietoCharts(runs []*prietoRun, ref map[string][]orgs.Week) []report.Chart {
	// weekAt[m] is the week nearest the start of month PaperStart+m.
	var weekAt []int
	days := 0
	for m := orgs.PaperStart; ; m++ {
		k := int(math.Round(float64(days) / 7))
		if k > orgs.PaperWeeks+260 {
			break
		}
		weekAt = append(weekAt, k)
		days += calendar.Month(m).Days()
	}
	sample := func(ws []orgs.Week, v func(orgs.Week) float64, from, to int) []float64 {
		out := make([]float64, len(weekAt))
		for i, k := range weekAt {
			out[i] = math.NaN()
			if k >= from && k <= to && k < len(ws) && k > 0 {
				out[i] = v(ws[k])
			}
		}
		return out
	}
	deSolve := func(r *prietoRun) []orgs.Week {
		w := append([]orgs.Week(nil), ref[orgs.RefPaper]...)
		if r.ref != "" {
			w = append(w, ref[r.ref]...)
		}
		return w
	}
	var charts []report.Chart
	for _, c := range []struct {
		id, title, unit string
		v               func(orgs.Week) float64
	}{
		{"prieto-members", "Members of all groups", "persons", func(w orgs.Week) float64 { return w.Members }},
		{"prieto-casualties", "Members killed in conflict between groups", "persons per week", func(w orgs.Week) float64 { return w.Casualties }},
		{"prieto-recruits", "Recruits", "persons per week", func(w orgs.Week) float64 { return w.Recruits }},
	} {
		ch := report.Chart{ID: c.id, Title: c.title, Unit: c.unit,
			Note: "cartelsim (Go) and R deSolve, the paper's parameters; from 2022 the paper's three policies."}
		for i, r := range runs {
			from := orgs.PaperWeeks
			if i == 0 {
				from = 1
			}
			ch.Lines = append(ch.Lines,
				report.Line{Label: "cartelsim: " + r.label, Start: orgs.PaperStart, Values: sample(r.weeks, c.v, from, orgs.PaperWeeks+260)})
			if r.ref != "" || i == 0 {
				to := orgs.PaperWeeks + 260
				if r.ref == "" {
					to = orgs.PaperWeeks
				}
				ch.Lines = append(ch.Lines, report.Line{Label: "R deSolve: " + r.label, Start: orgs.PaperStart,
					Values: sample(deSolve(r), c.v, from, to)})
			}
		}
		charts = append(charts, ch)
	}
	return charts
}

// relDiff is |a−b|/max(|a|,|b|), 0 when both are 0.
func relDiff(a, b float64) float64 {
	m := max(a, b, -a, -b)
	if m == 0 {
		return 0
	}
	return math.Abs(a-b) / m
}
