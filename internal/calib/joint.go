package calib

import (
	"context"
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// JointLoss is the objective that fits the pre-2021 fentanyl path to both
// records that see it (issue 3): the health backcast (fit.HealthBackcast:
// NCHS and CDC deaths 2010-2023, synthetic-opioid deaths 2015-2023) and
// CBP's southwest-border fentanyl seizures FY2019-FY2024, with the
// field-office shares of FY2023-FY2024, the baseline's other targets
// (Loss, less the homicides), the spin-up's populations (as the health
// refit holds them), the reproduction of Chen et al. (2019) and the
// spin-up's fentanyl share joining the market's. Errors beyond 80% of
// their tolerance cost 30 times as much, so the fit buys margin on every
// held point before it lowers the average error.
func JointLoss(w *sim.World, base *scenario.Scenario, v params.Values) (float64, []fit.Point, error) {
	l, pts, err := jointLoss(w, base, v)
	if err != nil {
		return 0, nil, fmt.Errorf("calib: joint loss: %w", err)
	}
	return l, pts, nil
}

func jointLoss(w *sim.World, base *scenario.Scenario, v params.Values) (float64, []fit.Point, error) {
	c := tidy.NewCollector(base.From)
	if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: base, Values: v}, c); err != nil {
		return 0, nil, err
	}
	pts, err := fit.HealthBackcast(v, c)
	if err != nil {
		return 0, nil, err
	}
	sw, _, _, err := data.SouthwestFentanylByFY()
	if err != nil {
		return 0, nil, err
	}
	for fy := 2019; fy <= 2024; fy++ {
		a, b := calendar.FiscalYear(fy)
		pts = append(pts, fit.Point{Series: fit.SeriesSeizures, Period: fmt.Sprintf("FY%d", fy), Observed: sw[fy],
			Simulated: c.Sum(sim.VarSeizedLbs, "all", a, b), Tolerance: 0.20, Source: "cbp_fentanyl_monthly"})
	}
	loss := 0.0
	for _, p := range pts {
		if p.Tolerance == 0 {
			continue
		}
		e := math.Log(p.Simulated / p.Observed)
		if math.IsNaN(e) || math.IsInf(e, 0) {
			e = 10
		}
		if math.Abs(e) > 0.8*p.Tolerance {
			e *= math.Sqrt(30)
		}
		loss += e * e
	}
	// The baseline's other targets (the deaths guard, FY2025-FY2026
	// seizures and office shares) as Loss weighs them. Homicides are left
	// to the violence refit (fit/violence.go): they see this path only
	// through cartel revenue, and their own parameters absorb it.
	l0, _, err := lossOf(c, fit.SeriesHomicides)
	if err != nil {
		return 0, nil, err
	}
	loss += l0
	st, err := health.Init(health.FromValues(v), sim.Origin)
	if err != nil {
		return 0, nil, err
	}
	for _, q := range []struct{ got, want, w float64 }{
		{st.Y[health.N], 10.3e6, 10}, {st.Y[health.I], 0.93e6, 10}, {st.Y[health.T] + st.Y[health.TO], 0.8e6, 10},
	} {
		e := math.Log(q.got / q.want)
		loss += q.w * e * e
	}
	// The health module's reproduction of Chen et al. (2019) must stay as
	// health.TestChen2019 holds it: 2015 within 5% of 33,100 opioid
	// deaths, 2025 inside their 95% interval (with a 5% margin here).
	ys, err := health.Chen2019(health.FromValues(v))
	if err != nil {
		return 0, nil, err
	}
	if e := math.Log(ys[0].Opioid / health.Chen2015); math.Abs(e) > 0.04 {
		loss += 30 * e * e
	}
	if x := ys[len(ys)-1].Opioid; x > 0.95*health.Chen2025Hi {
		e := math.Log(x / (0.95 * health.Chen2025Hi))
		loss += 30 * e * e
	} else if x < 1.05*health.Chen2025Lo {
		e := math.Log(x / (1.05 * health.Chen2025Lo))
		loss += 30 * e * e
	}
	// The spin-up's fentanyl share trend must join the market's share at
	// the origin without a jump (registry health.fentanyl_share_2015).
	if f0, ok := c.At(sim.VarShare, "all", sim.Origin); ok {
		d := f0 - v.Get("health.fentanyl_share_2015")
		loss += 1000 * d * d
	}
	// Field-office shares: keep each within 8 points with margin.
	for fy := 2023; fy <= 2024; fy++ {
		by, err := data.SouthwestFentanylByAOR(fy)
		if err != nil {
			return 0, nil, err
		}
		a, b := calendar.FiscalYear(fy)
		all := c.Sum(sim.VarSeizedLbs, "all", a, b)
		for _, o := range geo.FieldOffices() {
			d := c.Sum(sim.VarSeizedLbs, o.Short, a, b)/all - by[o.Name]/sw[fy]
			if math.Abs(d) > 0.06 {
				loss += 30 * d * d
			}
		}
	}
	if math.IsNaN(loss) {
		return math.Inf(1), pts, nil
	}
	return loss, pts, nil
}
