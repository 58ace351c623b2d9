package violence

import (
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// weighted is a state whose share of the conflict casualties carries a
// fitted weight: the ten states with the most INEGI homicides over
// 2015–2022 (fit.TopStates(10), the state targets; a test in fit
// checks it), by INEGI code, with the name of their registry entry and
// their fitted weight (docs/violence.md, Calibration).
type weighted struct {
	code, name string
	fitted     float64
}

var weightedStates = []weighted{
	{"11", "guanajuato", 2.11911}, {"15", "estado_de_mexico", 0.787962}, {"08", "chihuahua", 2.53532},
	{"02", "baja_california", 1.09042}, {"16", "michoacan", 0.793654}, {"12", "guerrero", 1.47825},
	{"14", "jalisco", 0.57311}, {"30", "veracruz", 2.21852}, {"09", "mexico_city", 0.0307776},
	{"26", "sonora", 0.345935},
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
func ConflictWeightNames() []string {
	out := make([]string, len(weightedStates))
	for i, w := range weightedStates {
		out[i] = weightName(w)
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
			Source: "fitted to INEGI state-month homicides 2015-2022 (the issue's state targets; 2023 on held out): the network (BACRIM2020) " +
				"codes each group to one state from media reports, which over-places groups in Mexico City (47 of 150), and the DEA's " +
				"presence maps list an organisation's states without ranking them, so that where member casualties turn into " +
				"homicides is not settled by the data; the weight moves member casualties between the states, " +
				"not their national total; the states' territorial consolidation damps its effect (roughly logarithmic) (docs/violence.md, Geography and Calibration)",
			Fit:         fit,
			Description: "relative weight of " + states[w.index()].Name + " in the allocation of member conflict casualties over the states (1 elsewhere)"})
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

// Allocate multiplies the month's member casualties by state (32
// entries; contested ones counted c times) by each state's conflict weight
// a_s over their mean ā weighted by the casualties, a_s/ā, so that the
// weights move casualties between states without changing their national
// total. Zero weights everywhere (a Params not read from the registry)
// leave them as they are.
func (p Params) Allocate(conflict []float64) {
	var num, den float64
	for i, c := range conflict {
		num += c * p.ConflictWeight[i]
		den += c
	}
	if !(num > 0) {
		return
	}
	mean := num / den
	for i := range conflict {
		conflict[i] *= p.ConflictWeight[i] / mean
	}
}
