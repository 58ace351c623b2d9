package violence

import (
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// weighted is a state whose share of the conflict casualties carries a
// fitted weight and drift: the ten states with the most INEGI homicides
// over 2015–2022 (fit.TopStates(10), the state targets; a test in
// fit checks it), by INEGI code, with the name of their registry entries
// and their fitted weight and drift (docs/violence.md, Calibration).
type weighted struct {
	code, name string
	fitted     float64 // a_s
	drift      float64 // g_s, per year
}

var weightedStates = []weighted{
	{"11", "guanajuato", 4.34664, 0.333485}, {"15", "estado_de_mexico", 0.2019, -0.135748}, {"08", "chihuahua", 8.29381, -0.0684458},
	{"02", "baja_california", 1.81638, 0.354912}, {"16", "michoacan", 0.289295, 0.284638}, {"12", "guerrero", 2.92348, -0.360666},
	{"14", "jalisco", 0.466124, 0.042706}, {"30", "veracruz", 1.82541, -0.350384}, {"09", "mexico_city", 0.0153837, -0.250883},
	{"26", "sonora", 0.0930644, 0.304335},
}

// index is w's geo index; the codes above are valid, so a failure is a
// programming error.
func (w weighted) index() int {
	i, err := geo.StateIndex(w.code)
	if err != nil {
		panic("violence: weighted state " + w.code + ": " + err.Error())
	}
	return i
}

// WeightedStates returns the INEGI codes of the states whose conflict
// weight (violence.conflict_weight_*) is a parameter; the others have 1.
func WeightedStates() []string {
	out := make([]string, len(weightedStates))
	for i, w := range weightedStates {
		out[i] = w.code
	}
	return out
}

// weightName is the registry name of the conflict weight of w.
func weightName(w weighted) string { return "violence.conflict_weight_" + w.name }

// ConflictWeightNames returns the registry names of the state conflict
// weights, in the order of WeightedStates.
func ConflictWeightNames() []string { return names(weightName) }

// names returns name of each weighted state, in the order of
// WeightedStates.
func names(name func(weighted) string) []string {
	out := make([]string, len(weightedStates))
	for i, w := range weightedStates {
		out[i] = name(w)
	}
	return out
}

// weightParams lists the registry entries of the state conflict weights.
func weightParams(fit string) []params.Param {
	states := geo.States()
	var out []params.Param
	for _, w := range weightedStates {
		out = append(out, params.Param{Name: weightName(w), Module: "violence", Unit: "1", Default: w.fitted,
			Prior: params.Prior{Dist: params.LogUniform, Lo: 0.01, Hi: 10},
			Source: "fitted to INEGI state-month homicides 2015-2022 (the ten states with the most homicides; 2023 on held out): the network (BACRIM2020) " +
				"codes each group to one state from media reports, which over-places groups in Mexico City (47 of 150), and the DEA's " +
				"presence maps list an organisation's states without ranking them, so that where member casualties turn into " +
				"homicides is not settled by the data; the weight moves member casualties between the states, " +
				"not their national total; the states' territorial consolidation damps its effect (roughly logarithmic) (docs/violence.md, Geography and Calibration)",
			Fit:         fit,
			Description: "relative weight of " + states[w.index()].Name + " in the allocation of member conflict casualties over the states (1 elsewhere)"})
	}
	return out
}

// driftName is the registry name of the conflict weight's drift of w.
func driftName(w weighted) string { return "violence.conflict_drift_" + w.name }

// ConflictDriftNames returns the registry names of the state conflict
// weights' drifts, in the order of WeightedStates.
func ConflictDriftNames() []string { return names(driftName) }

// driftParams lists the registry entries of the drifts of the state
// conflict weights and of the window they are fitted over.
func driftParams(fit string) []params.Param {
	const m = "violence"
	window := "the window of the state homicide targets (the ten states with the most homicides), INEGI state-month homicides 2015-2022 (2023 on held out); " +
		"the drift of the state conflict weights acts inside it and holds its end value after it"
	out := []params.Param{
		{Name: m + ".drift_from", Module: m, Unit: "YYYYMM", Default: 201501, Prior: params.Prior{Dist: params.Fixed, Lo: 201501, Hi: 201501},
			Source: window, Description: "first month of the state drift's window (the state targets' first month)"},
		{Name: m + ".drift_to", Module: m, Unit: "YYYYMM", Default: 202212, Prior: params.Prior{Dist: params.Fixed, Lo: 202212, Hi: 202212},
			Source: window, Description: "last month of the state drift's window (the state targets' last month)"},
	}
	states := geo.States()
	for _, w := range weightedStates {
		out = append(out, params.Param{Name: driftName(w), Module: m, Unit: "1 per year (log scale)", Default: w.drift,
			Prior: params.Prior{Dist: params.Uniform, Lo: -0.4, Hi: 0.4},
			Source: "fitted to INEGI state-month homicides 2015-2022 (the ten states with the most homicides; 2023 on held out): a calibrated stand-in for the " +
				"missing time series of group presence, not a mechanism: the network (BACRIM2020, data/tables/cartel_groups.csv) is a 2020 snapshot " +
				"with no time series of presence (the caveat of its entry in the shared data's SOURCES.md) and the DEA's presence maps are of 2025 " +
				"and undated (cartel_state_presence), so how a state's share of the fighting moved over " +
				"2015-2022 is not in the data; the state's weight grows by this much a year (log scale) inside the fit window and holds its " +
				"2022 value after it, so projections and the held-out years never extrapolate it (docs/violence.md, Geography and Calibration)",
			Fit:         fit,
			Description: "yearly drift (log scale) of the conflict weight of " + states[w.index()].Name + " over the fit window 2015-2022 (0 elsewhere)"})
	}
	return out
}

// conflictWeights reads the weights from v, 1 for the states not listed.
func conflictWeights(v params.Values) [geo.NumStates]float64 {
	var a [geo.NumStates]float64
	for i := range a {
		a[i] = 1
	}
	for _, w := range weightedStates {
		a[w.index()] = v.Get(weightName(w))
	}
	return a
}

// conflictDrifts reads the drifts from v, 0 for the states not listed.
func conflictDrifts(v params.Values) [geo.NumStates]float64 {
	var g [geo.NumStates]float64
	for _, w := range weightedStates {
		g[w.index()] = v.Get(driftName(w))
	}
	return g
}

// driftYears is y(t) − y_mid, the years from the middle of the drift's
// window to month t, t clamped to the window: outside it the drift holds
// the value of the window's nearest end. With no window (a Params not read
// from the registry) it is 0.
func (p Params) driftYears(t calendar.Month) float64 {
	t = min(max(t, p.DriftFrom), p.DriftTo)
	return (float64(t-p.DriftFrom) - float64(p.DriftTo-p.DriftFrom)/2) / 12
}

// Weights returns each state's conflict weight at month t:
// a_s·exp(g_s·(y(t) − y_mid)), y(t) clamped to the drift's window.
func (p Params) Weights(t calendar.Month) [geo.NumStates]float64 {
	a := p.ConflictWeight
	x := p.driftYears(t)
	for i, g := range p.ConflictDrift {
		if g != 0 {
			a[i] *= math.Exp(g * x)
		}
	}
	return a
}

// Allocate multiplies the month's member casualties by state (32
// entries; contested ones counted c times) by each state's conflict weight
// at month t, a_s(t), over their mean ā weighted by the casualties, so
// that the weights move casualties between states without changing their
// national total. Zero weights everywhere (a Params not read from the
// registry) leave them as they are.
func (p Params) Allocate(t calendar.Month, conflict []float64) {
	w := p.Weights(t)
	var num, den float64
	for i, c := range conflict {
		num += c * w[i]
		den += c
	}
	if !(num > 0) {
		return
	}
	mean := num / den
	for i := range conflict {
		conflict[i] *= w[i] / mean
	}
}
