package fit_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

var (
	healthRefit = flag.Bool("healthrefit", false, "fit the health and market parameters to the backcast and print APPLY lines")
	healthNames = flag.String("healthnames", strings.Join(healthFitted, ","), "comma-separated parameters to fit")
	healthIters = flag.Int("healthiters", 300, "Nelder-Mead iterations per restart (three restarts)")
)

// healthFitted are the parameters issue 5's backcast fit set.
var healthFitted = []string{
	"health.n_1999", "health.o_1999", "health.i_1999", "health.mu_n", "health.mu_o", "health.mu_heroin",
	"health.mu_fentanyl", "health.illicit_incidence", "health.covid_excess", "health.fentanyl_share_growth",
	"health.nonopioid_growth", "health.potency_elasticity", "health.treat_entry", "health.fentanyl_in_rx_deaths",
	"market.heroin_equivalent_kg", "market.share_hill",
}

// healthLoss is the backcast's squared log errors (errors beyond 85% of
// their tolerance cost 30 times as much), plus the spin-up's distance from
// NSDUH 2015 (12.5 million misused prescription pain relievers less 2.0
// million with a use disorder; 0.93 million illicit users per Chen et al.
// 2019) and from about 0.8 million on medication for OUD (registry
// health.t_1999 source: N-SSATS and IQVIA 2015).
func healthLoss(w *sim.World, s *scenario.Scenario, v params.Values) float64 {
	c := tidy.NewCollector(s.From)
	if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v}, c); err != nil {
		return math.Inf(1)
	}
	pts, err := fit.HealthBackcast(v, c)
	if err != nil {
		return math.Inf(1)
	}
	l := 0.0
	for _, p := range pts {
		if p.Tolerance == 0 {
			continue
		}
		e := math.Log(p.Simulated / p.Observed)
		if math.Abs(e) > 0.85*p.Tolerance {
			e *= math.Sqrt(30)
		}
		l += e * e
	}
	st, err := health.Init(health.FromValues(v), sim.Origin)
	if err != nil {
		return math.Inf(1)
	}
	for _, c := range []struct{ got, want, w float64 }{
		{st.Y[health.N], 10.3e6, 10}, {st.Y[health.I], 0.93e6, 10}, {st.Y[health.T] + st.Y[health.TO], 0.8e6, 10},
	} {
		e := math.Log(c.got / c.want)
		l += c.w * e * e
	}
	if math.IsNaN(l) {
		return math.Inf(1)
	}
	return l
}

// TestHealthRefit refits the backcast (run with -healthrefit; slow: about
// 7 minutes at the default -healthiters 300 on the 2-core machine):
// Nelder–Mead on the logarithms of the parameters, kept inside their
// priors by a penalty, three restarts from the registry defaults. It sees
// deaths only: the hazards that carry fentanyl's share into deaths were
// last set by the joint fit with supply and CBP seizures FY2019-FY2024
// (go test ./internal/calib -run TestRefit -refit -joint), which should be
// rerun after this one.
func TestHealthRefit(t *testing.T) {
	if !*healthRefit {
		t.Skip("run with -healthrefit")
	}
	w, reg := simtest.World(t), simtest.Registry(t)
	s, v0 := simtest.Baseline(t)
	names := strings.Split(*healthNames, ",")
	var lo, hi, x0 []float64
	for _, n := range names {
		p, ok := reg.Lookup(n)
		if !ok {
			t.Fatalf("unknown parameter %q", n)
		}
		lo, hi = append(lo, p.Prior.Lo), append(hi, p.Prior.Hi)
		x0 = append(x0, math.Log(v0.Get(n)))
	}
	at := func(x []float64) (params.Values, float64) {
		v := v0.Clone()
		pen := 0.0
		for i, n := range names {
			y := math.Exp(x[i])
			if y < lo[i] {
				pen += 100 * math.Log(lo[i]/y)
			} else if y > hi[i] {
				pen += 100 * math.Log(y/hi[i])
			}
			y = min(max(y, lo[i]), hi[i])
			if err := v.Set(n, y); err != nil {
				t.Fatal(err)
			}
		}
		return v, pen
	}
	loss := func(x []float64) float64 {
		v, pen := at(x)
		return healthLoss(w, s, v) + pen
	}
	x := x0
	for range 3 {
		x = nelderMead(loss, x, *healthIters)
	}
	t.Logf("loss %.4f -> %.4f", loss(x0), loss(x))
	v, _ := at(x)
	for _, n := range names {
		fmt.Printf("APPLY %s=%.4g\n", n, v.Get(n))
	}
}

// nelderMead minimises f from x0 (initial simplex steps of 0.1).
func nelderMead(f func([]float64) float64, x0 []float64, iters int) []float64 {
	n := len(x0)
	pts := make([][]float64, n+1)
	fs := make([]float64, n+1)
	for i := range pts {
		pts[i] = append([]float64(nil), x0...)
		if i > 0 {
			pts[i][i-1] += 0.1
		}
		fs[i] = f(pts[i])
	}
	for range iters {
		for i := 1; i <= n; i++ {
			for j := i; j > 0 && fs[j] < fs[j-1]; j-- {
				fs[j], fs[j-1] = fs[j-1], fs[j]
				pts[j], pts[j-1] = pts[j-1], pts[j]
			}
		}
		c := make([]float64, n)
		for i := range n {
			for j := range c {
				c[j] += pts[i][j] / float64(n)
			}
		}
		along := func(a float64) []float64 {
			x := make([]float64, n)
			for j := range x {
				x[j] = c[j] + a*(pts[n][j]-c[j])
			}
			return x
		}
		xr := along(-1)
		fr := f(xr)
		switch {
		case fr < fs[0]:
			if xe := along(-2); f(xe) < fr {
				pts[n], fs[n] = xe, f(xe)
			} else {
				pts[n], fs[n] = xr, fr
			}
		case fr < fs[n-1]:
			pts[n], fs[n] = xr, fr
		default:
			if xc := along(0.5); f(xc) < fs[n] {
				pts[n], fs[n] = xc, f(xc)
			} else {
				for i := 1; i <= n; i++ {
					for j := range pts[i] {
						pts[i][j] = pts[0][j] + 0.5*(pts[i][j]-pts[0][j])
					}
					fs[i] = f(pts[i])
				}
			}
		}
	}
	best := 0
	for i := range fs {
		if fs[i] < fs[best] {
			best = i
		}
	}
	return pts[best]
}
