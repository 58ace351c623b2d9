package violence

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
)

// HistoryTable is the data table of homicides before the fit window that
// the module starts from.
const HistoryTable = "mx_homicides_inegi_state_month_2000_2014"

// Periods of the history, both before the 2015–2022 fit window: the years
// before the drug war's escalation, whose homicide rates are each state's
// baseline, and the years of the 2008–2014 wars, whose homicides above
// that baseline start each state's territorial consolidation.
var (
	baseFirst, baseLast = calendar.Of(2000, 1), calendar.Of(2007, 12)
	warFirst, warLast   = calendar.Of(2008, 1), calendar.Of(2014, 12)
)

// History is what the module takes from the homicides of 2000–2014.
type History struct {
	// Weight is each state's homicide rate in 2000–2007 relative to the
	// national rate then (by geo index): the state's baseline is
	// Weight·b. Homicides before the drug war's escalation were not driven
	// by the cartel conflicts the module models, and their geography
	// (high in Guerrero, Estado de México, Chihuahua, low in Guanajuato,
	// Yucatán) persists.
	Weight [geo.NumStates]float64
	// Excess is each state's homicides above its 2000–2007 rate, month by
	// month over 2008–2014, per 100,000 persons a year (0 when below):
	// the conflict homicides of the 2008–2014 wars.
	Excess [][geo.NumStates]float64
}

var loadHistory = sync.OnceValues(func() (*History, error) {
	t, err := data.Load(HistoryTable)
	if err != nil {
		return nil, err
	}
	return historyFrom(t)
})

// LoadHistory returns the history read from the embedded table (read once).
func LoadHistory() (*History, error) { return loadHistory() }

// historyFrom computes the history from the table's rows.
func historyFrom(t *data.Table) (*History, error) {
	if len(t.Header) != 4 || t.Header[0] != "state" || t.Header[1] != "month" || t.Header[2] != "homicides" || t.Header[3] != "population" {
		return nil, fmt.Errorf("violence: %s: columns %v, want state, month, homicides, population", HistoryTable, t.Header)
	}
	n := int(warLast-baseFirst) + 1
	hom := make([][geo.NumStates]float64, n)
	pop := make([][geo.NumStates]float64, n)
	seen := make([][geo.NumStates]bool, n)
	for i, r := range t.Rows {
		st, err := strconv.Atoi(r[0])
		if err != nil || st < 1 || st > geo.NumStates {
			return nil, fmt.Errorf("violence: %s row %d: state %q", HistoryTable, i+1, r[0])
		}
		m, err := calendar.Parse(r[1])
		if err != nil || m < baseFirst || m > warLast {
			return nil, fmt.Errorf("violence: %s row %d: month %q outside %v..%v", HistoryTable, i+1, r[1], baseFirst, warLast)
		}
		h, err1 := strconv.ParseFloat(r[2], 64)
		p, err2 := strconv.ParseFloat(r[3], 64)
		if err1 != nil || err2 != nil || h < 0 || !(p > 0) {
			return nil, fmt.Errorf("violence: %s row %d: homicides %q, population %q", HistoryTable, i+1, r[2], r[3])
		}
		k := int(m - baseFirst)
		hom[k][st-1], pop[k][st-1], seen[k][st-1] = h, p, true
	}
	for k := range seen {
		for s, ok := range seen[k] {
			if !ok {
				return nil, fmt.Errorf("violence: %s: state %02d month %v missing", HistoryTable, s+1, baseFirst+calendar.Month(k))
			}
		}
	}
	h := &History{}
	// Rates of 2000–2007, homicides per person-month.
	var rate, personMonths [geo.NumStates]float64
	natH, natP := 0.0, 0.0
	for k := 0; k <= int(baseLast-baseFirst); k++ {
		for s := range geo.NumStates {
			rate[s] += hom[k][s]
			personMonths[s] += pop[k][s]
			natH += hom[k][s]
			natP += pop[k][s]
		}
	}
	nat := natH / natP
	for s := range geo.NumStates {
		rate[s] /= personMonths[s]
		h.Weight[s] = rate[s] / nat
	}
	for k := int(warFirst - baseFirst); k <= int(warLast-baseFirst); k++ {
		var e [geo.NumStates]float64
		for s := range geo.NumStates {
			e[s] = max(0, hom[k][s]-rate[s]*pop[k][s]) / pop[k][s] * 12e5
		}
		h.Excess = append(h.Excess, e)
	}
	return h, nil
}
