package cli

import (
	"fmt"
	"github.com/spf13/cobra"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/report"
)

// rankOutput orders the parameters of one output by total Sobol' index,
// or by Morris mu* when Sobol' was not run, largest first; NaN last.
func rankOutput(o SensitivityOutput, k int) []int {
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) float64 {
		if o.Sobol != nil {
			return o.Sobol[i].ST
		}
		return o.Morris[i].MuStar
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmpDesc(key(a), key(b)) })
	return idx
}

// constantOutput reports an output no parameter moves (a lever that does
// not act on it, such as naloxone on homicides): ranking its zeros would
// read as a ranking.
func constantOutput(o SensitivityOutput) bool {
	if o.Sobol != nil && o.Variance != 0 {
		return false
	}
	for _, e := range o.Morris {
		if e.MuStar != 0 {
			return false
		}
	}
	return true
}

// constantNote says so in the text and on the page.
const constantNote = "The same at every point of the design: no parameter moves this output, so there is nothing to rank."

// cmpDesc orders larger first and NaN last.
func cmpDesc(a, b float64) int {
	switch {
	case a > b || (!math.IsNaN(a) && math.IsNaN(b)):
		return -1
	case a < b || (math.IsNaN(a) && !math.IsNaN(b)):
		return 1
	}
	return 0
}

// htmlBeside is where the HTML page goes when --html is not given: beside
// the results file, with its extension (out/sensitivity.json →
// out/sensitivity.html).
func htmlBeside(results string) string {
	if results == "" {
		return ""
	}
	return strings.TrimSuffix(results, filepath.Ext(results)) + ".html"
}

// PageOption is the --html flag of the commands that write a page beside
// their results file (sensitivity, calibrate, ensemble, merge).
type PageOption struct {
	HTML    string
	HTMLSet bool // --html was given, possibly as '' (no page)
}

func (p *PageOption) register(cmd *cobra.Command, what string) {
	cmd.Flags().StringVar(&p.HTML, "html", "", "write "+what+" as a self-contained HTML page to `FILE` (default: beside --out, .html; '' for none)")
}

// noteFlag records whether --html was given; RunE calls it.
func (p *PageOption) noteFlag(cmd *cobra.Command) { p.HTMLSet = cmd.Flags().Changed("html") }

// page is where the page for results file out goes, or "" for none.
func (p PageOption) page(out string) string {
	if p.HTMLSet {
		return p.HTML
	}
	return htmlBeside(out)
}

// flagAssumption is the legend of a bar chart's marked rows.
const flagAssumption = "assumption: no study anchors this parameter (its source in 'cartelsim params' says \"assumption: …\")"

// sensitivityDoc lays the ranking out as a report: per output, bar charts
// of the Sobol' indices (total and first-order, with bootstrap 95%
// intervals) and of the Morris statistics (mu* and sigma) for the top
// parameters, and a table of the same ranking with each parameter's basis.
func sensitivityDoc(factors []params.Param, rep *SensitivityReport, opts *SensitivityOptions) report.Document {
	top := max(1, opts.Top)
	var sobol, morris bool
	for _, o := range rep.Outputs {
		sobol = sobol || o.Sobol != nil
		morris = morris || o.Morris != nil
	}
	var design []string
	if sobol {
		design = append(design, fmt.Sprintf("Sobol' N = %d (%d model points per scenario), %d bootstrap resamples", opts.N, opts.N*(len(factors)+2), opts.Boot))
	}
	if morris {
		design = append(design, fmt.Sprintf("Morris R = %d trajectories (%d points)", opts.R, opts.R*(len(factors)+1)))
	}
	nAssume := 0
	for _, p := range factors {
		if p.IsAssumption() {
			nAssume++
		}
	}
	intro := report.Section{
		Heading: "How to read this page",
		Text: fmt.Sprintf("Every parameter varied (%d, of which %d rest on an assumption rather than a study) is drawn over its prior; each point runs the baseline and %s on the same seed, so only the parameters vary. "+
			"The outputs are the headline comparisons over %s: baseline deaths and homicides, each scenario's deaths averted and change in homicides, and the difference between the first two scenarios' deaths averted.\n\n",
			len(factors), nAssume, strings.Join(rep.Scenarios[1:], " and "), rep.Window) +
			"Sobol' total index ST: the share of the output's variance a parameter takes part in, interactions included; first-order S: the share it explains alone. " +
			"Bars show the estimates and whiskers their bootstrap 95% intervals; with a small design the intervals are wide and S can fall below zero, which means zero within noise. " +
			"Morris mu*: the mean absolute change of the output when the parameter moves across its prior range (the output's units); sigma: how much that change varies with the other parameters (nonlinearity or interactions).\n\n" +
			"Parameters marked \u25B2 rest on an assumption rather than a study: where they lead a ranking, the answer follows from that assumption, and better evidence on it would change the answer most.",
	}
	doc := report.Document{
		Title:    "cartelsim sensitivity",
		Subtitle: fmt.Sprintf("Which parameters decide each headline comparison, %s: %s", rep.Window, strings.Join(rep.Scenarios, ", ")),
		Generated: fmt.Sprintf("cartelsim %s, seed %d; %s; parameters: cartelsim params; every index: %s",
			Version(), opts.Seed, strings.Join(design, "; "), opts.Out),
		Sections: []report.Section{intro},
		Footer:   "Methods: Saltelli et al. (2010), Comput. Phys. Commun. 181, 259-270 (design, Jansen estimators); Sobol' sequence with Joe and Kuo (2008) direction numbers; Morris (1991), Technometrics 33, 161-174, with mu* after Campolongo, Cariboni and Saltelli (2007). See docs/uncertainty.md.",
	}
	for oi, o := range rep.Outputs {
		ranked := rankOutput(o, len(factors))[:min(top, len(factors))]
		sec := report.Section{Heading: fmt.Sprintf("%s, %s", o.Name, rep.Window)}
		if constantOutput(o) {
			sec.Text = constantNote
			doc.Sections = append(doc.Sections, sec)
			continue
		}
		var text []string
		if o.Sobol != nil {
			text = append(text, fmt.Sprintf("Sobol' indices on %d of %d base rows (the rest refused by the model); output variance %s.", o.Used, o.Rows, fmtSig(o.Variance)))
			b := report.BarChart{ID: fmt.Sprintf("sobol-%d", oi+1), Title: fmt.Sprintf("Sobol' indices: top %d parameters by total index", len(ranked)),
				Unit: "share of variance", Series: []string{"total ST", "first-order S"}, FlagLabel: flagAssumption,
				Note: "Whiskers: bootstrap 95% intervals."}
			for _, i := range ranked {
				s := o.Sobol[i]
				b.Rows = append(b.Rows, report.BarRow{Label: factors[i].Name, Flag: factors[i].IsAssumption(),
					Values: []float64{s.ST, s.S}, Lo: []float64{s.STLo, s.SLo}, Hi: []float64{s.STHi, s.SHi}})
			}
			sec.Bars = append(sec.Bars, b)
		}
		if o.Morris != nil {
			mr := rankOutput(SensitivityOutput{Morris: o.Morris}, len(factors))[:min(top, len(factors))]
			b := report.BarChart{ID: fmt.Sprintf("morris-%d", oi+1), Title: fmt.Sprintf("Morris screening: top %d parameters by mu*", len(mr)),
				Unit: outputUnit(o.Name) + " over the window, per move across a prior range", Series: []string{"mu*", "sigma"}, FlagLabel: flagAssumption}
			for _, i := range mr {
				e := o.Morris[i]
				b.Rows = append(b.Rows, report.BarRow{Label: factors[i].Name, Flag: factors[i].IsAssumption(), Values: []float64{e.MuStar, e.Sigma}})
			}
			sec.Bars = append(sec.Bars, b)
		}
		sec.Text = strings.Join(text, " ")
		sec.Tables = []report.Table{rankingTable(factors, o, ranked)}
		doc.Sections = append(doc.Sections, sec)
	}
	return doc
}

// rankingTable lists the ranked parameters with their indices and basis.
func rankingTable(factors []params.Param, o SensitivityOutput, ranked []int) report.Table {
	t := report.Table{Caption: fmt.Sprintf("Ranking of %s", o.Name)}
	t.Header = []string{"rank", "parameter", "basis"}
	if o.Sobol != nil {
		t.Header = append(t.Header, "total ST", "ST 95%", "first S", "S 95%")
	}
	if o.Morris != nil {
		t.Header = append(t.Header, "Morris mu*", "sigma")
	}
	t.Header = append(t.Header, "source")
	for r, i := range ranked {
		p := factors[i]
		basis := "study"
		if p.IsAssumption() {
			basis = "\u25B2 assumption"
		}
		row := []string{fmt.Sprint(r + 1), p.Name, basis}
		if o.Sobol != nil {
			s := o.Sobol[i]
			row = append(row, fmt.Sprintf("%.3f", s.ST), fmt.Sprintf("%.3f to %.3f", s.STLo, s.STHi), fmt.Sprintf("%.3f", s.S), fmt.Sprintf("%.3f to %.3f", s.SLo, s.SHi))
		}
		if o.Morris != nil {
			row = append(row, fmtSig(o.Morris[i].MuStar), fmtSig(o.Morris[i].Sigma))
		}
		row = append(row, shorten(p.Source, 140))
		t.Rows = append(t.Rows, row)
	}
	if o.Sobol != nil {
		t.Notes = append(t.Notes, "Ranked by total Sobol' index; intervals are bootstrap 95% intervals over the base rows.")
	} else {
		t.Notes = append(t.Notes, "Ranked by Morris mu*.")
	}
	return t
}

// outputUnit is the unit of an output of sensitivity.Evaluator.Outputs:
// homicides for the homicide outputs, deaths for the others.
func outputUnit(name string) string {
	if strings.Contains(name, "homicide") {
		return "homicides"
	}
	return "deaths"
}

func fmtSig(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.4g", x)
}

// shorten cuts s to at most n runes at a word boundary, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
