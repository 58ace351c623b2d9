package health

import "math"

// Drivers of a change in overdose deaths, in the order Decompose reports
// them.
var Drivers = []string{
	"fentanyl share", "potency", "naloxone", "treatment",
	"population at risk (depletion)", "prescription opioids", "other drugs", "other (COVID-19, integration)",
}

// Decompose splits the change in total overdose deaths from the months a
// to the months b (same length, paired month by month, e.g. January 2023
// with January 2024) into Drivers, in deaths. The illicit deaths of a month
// are the product AtRisk·Treated·Mix·Potency·Covid·Naloxone/12, so their
// change is split exactly by the logarithmic mean Divisia index (LMDI-I,
// Ang 2004, Energy Policy 32:1131): each factor gets L(D₁, D₀)·ln(x₁/x₀).
// Prescription-type deaths, deaths from other drugs and the RK4 residual
// are their own terms; the contributions sum to the change exactly.
func Decompose(a, b []Parts) []float64 {
	out := make([]float64, len(Drivers))
	for k := range min(len(a), len(b)) {
		x, y := a[k], b[k]
		d0, d1 := x.Illicit, y.Illicit
		if d0 > 0 && d1 > 0 {
			l := d1 - d0
			if r := math.Log(d1 / d0); r != 0 {
				l /= r
			} else {
				l = d0
			}
			term := func(x0, x1 float64) float64 { return l * math.Log(x1/x0) }
			out[0] += term(x.Mix, y.Mix)
			out[1] += term(x.Potency, y.Potency)
			out[2] += term(x.Naloxone, y.Naloxone)
			out[3] += term(x.Treated, y.Treated)
			out[4] += term(x.AtRisk, y.AtRisk)
			out[7] += term(x.Covid, y.Covid)
		} else {
			out[7] += d1 - d0
		}
		out[5] += y.Rx - x.Rx
		out[6] += y.NonOpioid - x.NonOpioid
		out[7] += y.Residual - x.Residual
	}
	return out
}
