package cli

import (
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/report"
)

type observed struct {
	deaths, synthetic, homicides, seizures report.Line
}

// observedLines loads the observed series the report draws as points.
func observedLines() (observed, error) {
	var o observed
	all, syn, err := data.OverdoseDeaths12m()
	if err != nil {
		return o, err
	}
	o.deaths = report.Line{Label: "observed (CDC)", Start: all.Start, Values: all.Values, Observed: true}
	o.synthetic = report.Line{Label: "observed (CDC)", Start: syn.Start, Values: syn.Values, Observed: true}
	hom, err := data.INEGINationalAnnual()
	if err != nil {
		return o, err
	}
	var hv []float64
	for y := 2015; y <= 2025; y++ {
		if x, ok := hom[y]; ok {
			hv = append(hv, x)
		} else {
			hv = append(hv, math.NaN())
		}
	}
	o.homicides = report.Line{Label: "observed (INEGI)", Start: calendar.Of(2015, 1), Values: hv, Observed: true}
	sw, _, _, err := data.SouthwestFentanylByFY()
	if err != nil {
		return o, err
	}
	var sv []float64
	for fy := 2019; fy <= 2025; fy++ {
		if x, ok := sw[fy]; ok {
			sv = append(sv, x)
		} else {
			sv = append(sv, math.NaN())
		}
	}
	o.seizures = report.Line{Label: "observed (CBP)", Start: calendar.Of(2019, 1), Values: sv, Observed: true}
	return o, nil
}
