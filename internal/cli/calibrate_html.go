package cli

import (
	"fmt"
	"math"
	"strings"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/calibrate"
	"github.com/cartelsim/cartelsim/compare"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/tidy"
)

// calibrateDoc lays a calibration out as a page: the fit's design and
// tolerance schedule, each fitted parameter's posterior against its prior
// (and against the registry default, the least-squares fit the tests hold,
// or the true value in a synthetic check), and the baseline at the best
// particle against the observed series, held-out years included.
func calibrateDoc(m *calibrate.Model, post *calibrate.Posterior, truth []float64, best *tidy.Collector, opts *CalibrateOptions) (report.Document, error) {
	last := post.Generations[len(post.Generations)-1]
	var sched []string
	for _, g := range post.Generations {
		tol := fmt.Sprintf("tolerance %.3g", g.Epsilon)
		if math.IsInf(g.Epsilon, 1) {
			tol = "the prior"
		}
		sched = append(sched, fmt.Sprintf("generation %d (%s): %d of %d runs accepted, %.0f effective particles",
			g.Index, tol, g.Accepted, g.Sims, g.EffectiveParticle))
	}
	text := fmt.Sprintf("Approximate Bayesian computation by sequential Monte Carlo fitted %d parameters to %d observations of %d-%d "+
		"(CDC deaths, CBP seizures by field office and sector, INEGI and SESNSP homicides): %d particles, %d generations, %d simulations, final tolerance %.3g "+
		"(the distance is the root mean over the series families of each family's mean squared log error). The other parameters stay at their registry defaults.",
		len(m.Params), len(m.Obs), opts.First, opts.Last, len(post.U), len(post.Generations)-1, post.Sims, last.Epsilon)
	if post.Stopped != "" {
		text += " Stopped early: " + post.Stopped + "."
	}
	if truth != nil {
		text += " Synthetic check: the data were replaced by a run at parameters drawn from the prior (the true values below), so the page shows whether the fit recovers them."
	}
	intro := report.Section{Heading: "The fit", Text: text + "\n\n" + strings.Join(sched, "; ") + "."}

	series := []string{"posterior median (90% interval)", "registry default"}
	if truth != nil {
		series[1] = "true value"
	}
	bars := report.BarChart{ID: "posterior", Title: "Posterior against prior", Series: series, FlagLabel: flagAssumption,
		Unit: "prior quantile (0: the prior's low end, 0.5 its median, 1 its high end)",
		Note: "Each fitted parameter on its prior's probability scale: a posterior interval much narrower than 0-1 means the data inform the parameter; one that spans most of it means they do not."}
	for j, p := range m.Params {
		ref := p.Prior.CDF(p.Default, p.Default)
		if truth != nil {
			ref = truth[j]
		}
		bars.Rows = append(bars.Rows, report.BarRow{Label: p.Name, Flag: p.IsAssumption(),
			Values: []float64{post.Quantile(j, 0.5), ref},
			Lo:     []float64{post.Quantile(j, 0.05), math.NaN()},
			Hi:     []float64{post.Quantile(j, 0.95), math.NaN()}})
	}
	postSec := report.Section{Heading: "Posterior against prior", Bars: []report.BarChart{bars}}

	s := *m.Base
	s.To = calendar.Of(2025, 12)
	fitSec, err := fitSection(&compare.Run{Scenario: &s, Paths: best})
	if err != nil {
		return report.Document{}, err
	}
	fitSec.Heading = "The baseline at the best particle"
	fitSec.Text = fmt.Sprintf("The baseline run with the particle closest to the data (the others at their defaults) against the observed series. Points are observed; lines are simulated. "+
		"The fit used %d-%d; later years are held out.", opts.First, opts.Last)
	return report.Document{
		Title:     "cartelsim calibrate",
		Subtitle:  fmt.Sprintf("%d parameters fitted to %d-%d by ABC-SMC", len(m.Params), opts.First, opts.Last),
		Generated: fmt.Sprintf("cartelsim %s, seed %d; posterior: %s", Version(), opts.Seed, opts.Out),
		Sections:  []report.Section{intro, postSec, fitSec},
		Footer:    "Observed data: CDC NCHS VSRR provisional drug overdose death counts; CBP Nationwide Drug Seizures; INEGI and SESNSP homicide statistics. Parameters and their sources: 'cartelsim params'.",
	}, nil
}
