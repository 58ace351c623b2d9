package fit

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// Names of the health backcast's series.
const (
	SeriesDeathsFinal = "US overdose deaths, calendar year (NCHS final; health spin-up)"
)

// HealthBackcast returns the health module's backcast targets (issue 5):
// total overdose deaths within 10% of CDC/NCHS each year 2010–2023 and
// synthetic-opioid deaths within 15% each year 2015–2023. Years before
// 2015 come from the module's own spin-up (health.Init with the values v),
// years from 2015 from the baseline run in c. 1999–2009 are reported with
// no tolerance: the spin-up starts from Chen's populations, not fitted to
// them.
func HealthBackcast(v params.Values, c *tidy.Collector) ([]Point, error) {
	nchs, err := data.NCHSAnnualDeaths()
	if err != nil {
		return nil, err
	}
	s, err := health.Init(health.FromValues(v), sim.Origin)
	if err != nil {
		return nil, fmt.Errorf("fit: health spin-up: %w", err)
	}
	var out []Point
	for _, b := range s.Backcast {
		obs, ok := nchs[b.Year]
		if !ok {
			continue
		}
		tol := 0.10
		if b.Year < 2010 {
			tol = 0
		}
		out = append(out, Point{SeriesDeathsFinal, fmt.Sprint(b.Year), obs, b.Deaths, tol, "nchs_overdose_annual"})
	}
	all, syn, err := data.OverdoseDeaths12m()
	if err != nil {
		return nil, err
	}
	for y := 2015; y <= 2023; y++ {
		dec := calendar.Of(y, 12)
		a, okA := all.At(dec)
		sy, okS := syn.At(dec)
		if !okA || !okS {
			return nil, fmt.Errorf("fit: no CDC 12-month deaths for %v", dec)
		}
		jan, _ := calendar.Years(y)
		out = append(out,
			Point{SeriesDeaths, fmt.Sprint(y), a, c.Sum(sim.VarDeaths, "all", jan, dec), 0.10, "cdc_overdose_12m"},
			Point{SeriesSynthetic, fmt.Sprint(y), sy, c.Sum(sim.VarSynthetic, "all", jan, dec), 0.15, "cdc_overdose_12m"})
	}
	return out, nil
}
