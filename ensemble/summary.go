package ensemble

// Quantiles are the probabilities every summary reports: the 5%, 25%,
// median, 75% and 95% points.
var Quantiles = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// Row is one summary cell: a scenario's variable in a region and month
// over the ensemble's runs.
type Row struct {
	Scenario, Variable, Region string
	// Period is a month, "2026-03", or a year, "2026", for annual totals.
	Period string
	N      uint64
	// Q holds the values at Quantiles.
	Q [5]float64
}

// Rows calls fn with every summary row of st, scenario by scenario in
// layout order.
func Rows(m *Model, st *State, fn func(Row) error) error {
	for s, l := range m.Layouts {
		h := st.Hists[s]
		var q [5]float64
		for i := range h.Len() {
			n := h.Quantiles(i, Quantiles, q[:])
			se, t := l.Cell(i)
			if err := fn(Row{Scenario: m.Scenarios[s].Name, Variable: se.Variable, Region: se.Region, Period: t, N: n, Q: q}); err != nil {
				return err
			}
		}
	}
	return nil
}
