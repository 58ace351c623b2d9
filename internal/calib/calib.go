// Package calib fits the baseline's fitted parameters to the observed
// series by least squares on log errors (Nelder–Mead). It is how the
// registry defaults marked "fitted" were set: `go test ./internal/calib
// -run TestRefit -refit` prints a fresh fit to Loss, and with -joint to
// JointLoss, which fits the fentanyl path before 2021 to the health
// backcast and CBP's southwest-border seizures FY2019-FY2024 together
// (issue 3; docs/routes.md). Bayesian calibration of the whole registry is
// the calibrate package's job.
package calib

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// Loss runs the baseline with v and returns the sum of squared log errors
// over the fit targets, weighting each series equally, plus the points.
func Loss(w *sim.World, base *scenario.Scenario, v params.Values) (float64, []fit.Point, error) {
	c := tidy.NewCollector(base.From)
	if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: base, Values: v}, c); err != nil {
		return 0, nil, err
	}
	return lossOf(c, "")
}

// lossOf is Loss on a finished baseline run, leaving out the target
// series named skip.
func lossOf(c *tidy.Collector, skip string) (float64, []fit.Point, error) {
	pts, err := fit.Targets(c)
	if err != nil {
		return 0, nil, err
	}
	count := map[string]int{}
	for _, p := range pts {
		count[p.Series]++
	}
	loss := 0.0
	for _, p := range pts {
		if p.Series == skip {
			continue
		}
		e := math.Log(p.Simulated / p.Observed)
		if math.IsNaN(e) || math.IsInf(e, 0) {
			e = 10
		}
		// Beyond tolerance, errors cost ten times as much.
		if !p.OK() {
			e *= 3
		}
		loss += e * e / float64(count[p.Series])
	}
	// Seizures after the supply shock's peak inform how fast it wears off:
	// FY2025 and the first quarter of FY2026, at annual rates.
	sw, _, _, err := data.SouthwestFentanylByFY()
	if err != nil {
		return 0, nil, err
	}
	{
		a, b := calendar.FiscalYear(2025)
		e := math.Log(c.Sum(sim.VarSeizedLbs, "all", a, b) / sw[2025])
		loss += e * e / 2
		q := calendar.Of(2025, 12)
		if obs := sw[2026]; obs > 0 {
			e := math.Log(c.Sum(sim.VarSeizedLbs, "all", b+1, q) / obs)
			loss += e * e / 2
		}
	}
	// Field-office shares of port seizures (issue 3 fits them properly):
	// squared error in share points, FY2023 and FY2024.
	for fy := 2023; fy <= 2024; fy++ {
		by, err := data.SouthwestFentanylByAOR(fy)
		if err != nil {
			return 0, nil, err
		}
		a, b := calendar.FiscalYear(fy)
		obsTot, simTot := 0.0, 0.0
		obs := make([]float64, 4)
		sims := make([]float64, 4)
		for i, o := range geo.FieldOffices() {
			obs[i] = by[o.Name]
			sims[i] = c.Sum(sim.VarSeizedLbs, o.Short, a, b)
			obsTot += obs[i]
			simTot += sims[i]
		}
		for i := range obs {
			d := sims[i]/simTot - obs[i]/obsTot
			loss += 2 * d * d
		}
	}
	return loss, pts, nil
}

// Fit minimises Loss over the named parameters, within their priors, from
// their current values in v. It returns the fitted values.
func Fit(w *sim.World, base *scenario.Scenario, v params.Values, names []string, iters int) (params.Values, float64, error) {
	return FitLoss(Loss, w, base, v, names, iters)
}

// FitLoss is Fit with another objective, such as JointLoss.
func FitLoss(loss func(*sim.World, *scenario.Scenario, params.Values) (float64, []fit.Point, error), w *sim.World, base *scenario.Scenario, v params.Values, names []string, iters int) (params.Values, float64, error) {
	reg := v.Registry()
	var ps []params.Param
	for _, n := range names {
		p, ok := reg.Lookup(n)
		if !ok {
			return v, 0, fmt.Errorf("calib: unknown parameter %s", n)
		}
		ps = append(ps, p)
	}
	// Optimise in a unit cube mapped through a logistic, so the priors'
	// bounds are never left.
	toX := func(p params.Param, val float64) float64 {
		u := (val - p.Prior.Lo) / (p.Prior.Hi - p.Prior.Lo)
		u = min(max(u, 1e-4), 1-1e-4)
		return math.Log(u / (1 - u))
	}
	fromX := func(p params.Param, x float64) float64 {
		return p.Prior.Lo + (p.Prior.Hi-p.Prior.Lo)/(1+math.Exp(-x))
	}
	x0 := make([]float64, len(ps))
	for i, p := range ps {
		x0[i] = toX(p, v.Get(p.Name))
	}
	cur := v.Clone()
	f := func(x []float64) float64 {
		for i, p := range ps {
			if err := cur.Set(p.Name, fromX(p, x[i])); err != nil {
				return math.Inf(1)
			}
		}
		l, _, err := loss(w, base, cur)
		if err != nil {
			return math.Inf(1)
		}
		return l
	}
	res, err := optimize.Minimize(optimize.Problem{Func: f}, x0, &optimize.Settings{FuncEvaluations: iters}, &optimize.NelderMead{SimplexSize: 0.7})
	if err != nil && res == nil {
		return v, 0, err
	}
	out := v.Clone()
	for i, p := range ps {
		if err := out.Set(p.Name, fromX(p, res.X[i])); err != nil {
			return v, 0, err
		}
	}
	return out, res.F, nil
}
