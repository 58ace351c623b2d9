package data

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// Series is a monthly series starting at Start; NaN marks a missing month.
type Series struct {
	// Start is the month of Values[0].
	Start calendar.Month
	// Values holds one value per month from Start on.
	Values []float64
}

// At returns the value for month m; it reports false outside the series or
// where the month is missing, so callers need not test for NaN themselves.
func (s Series) At(m calendar.Month) (float64, bool) {
	i := int(m - s.Start)
	if i < 0 || i >= len(s.Values) || math.IsNaN(s.Values[i]) {
		return 0, false
	}
	return s.Values[i], true
}

// End is the last month of the series (Start−1 for an empty series).
func (s Series) End() calendar.Month {
	return s.Start + calendar.Month(len(s.Values)) - 1
}

// StateMonth is a monthly series per Mexican state (index = geo state index 0..31).
type StateMonth struct {
	// Start is the month of offset 0.
	Start calendar.Month
	// Values[state][month offset]; every state has the same length, and
	// NaN marks a missing month.
	Values [][]float64
}

// months is the length of the series, taken from the first state since all
// states share it.
func (s StateMonth) months() int {
	if len(s.Values) == 0 {
		return 0
	}
	return len(s.Values[0])
}

// National sums the states month by month. A month missing in any state is
// missing nationally, since a partial sum would look like a fall in violence.
func (s StateMonth) National() Series {
	out := Series{Start: s.Start, Values: make([]float64, s.months())}
	for _, st := range s.Values {
		for i, v := range st {
			out.Values[i] += v // NaN propagates
		}
	}
	return out
}

// Annual returns each state's total for calendar year and the national
// total. ok is true only when all 12 months of the year are present for
// every state, so a part-year total is never mistaken for a full one.
func (s StateMonth) Annual(year int) (perState []float64, national float64, ok bool) {
	first, last := calendar.Years(year)
	i0, i1 := int(first-s.Start), int(last-s.Start)
	if len(s.Values) == 0 || i0 < 0 || i1 >= s.months() {
		return nil, 0, false
	}
	perState = make([]float64, len(s.Values))
	for st, vals := range s.Values {
		for _, v := range vals[i0 : i1+1] {
			if math.IsNaN(v) {
				return nil, 0, false
			}
			perState[st] += v
		}
		national += perState[st]
	}
	return perState, national, true
}

// ---------------------------------------------------------------------------
// Helpers shared by the accessors.

// cellError names the table, row and column of a bad cell. Rows are counted
// from 1 after the header, as in Table.Floats.
func cellError(t *Table, row int, col string, err error) error {
	return fmt.Errorf("data: table %s row %d column %s: %w", t.Name, row+1, col, err)
}

// colIndices returns the indices of the named columns.
func (t *Table) colIndices(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		c, err := t.Col(n)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// parseOptFloat parses a cell that may be empty; empty is NaN.
func parseOptFloat(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// monthlyColumns reads a table with one row per month, months consecutive
// and ascending, and returns the named columns as Series with empty cells
// as NaN. Each Series is trimmed to its first and last present month, so
// that End tells how far that column's data runs.
func monthlyColumns(name string, cols ...string) ([]Series, error) {
	t, err := Load(name)
	if err != nil {
		return nil, err
	}
	idx, err := t.colIndices(append([]string{"month"}, cols...)...)
	if err != nil {
		return nil, err
	}
	out := make([]Series, len(cols))
	var start calendar.Month
	for r, row := range t.Rows {
		m, err := calendar.Parse(row[idx[0]])
		if err != nil {
			return nil, cellError(t, r, "month", err)
		}
		if r == 0 {
			start = m
		} else if m != start+calendar.Month(r) {
			return nil, cellError(t, r, "month", fmt.Errorf("%s does not follow %s", m, start+calendar.Month(r-1)))
		}
		for j, c := range idx[1:] {
			v, err := parseOptFloat(row[c])
			if err != nil {
				return nil, cellError(t, r, cols[j], err)
			}
			out[j].Values = append(out[j].Values, v)
		}
	}
	for j := range out {
		out[j].Start = start
		out[j] = trimMissing(out[j])
	}
	return out, nil
}

// trimMissing drops leading and trailing missing months.
func trimMissing(s Series) Series {
	lo, hi := 0, len(s.Values)
	for lo < hi && math.IsNaN(s.Values[lo]) {
		lo++
	}
	for hi > lo && math.IsNaN(s.Values[hi-1]) {
		hi--
	}
	return Series{Start: s.Start + calendar.Month(lo), Values: s.Values[lo:hi]}
}

// annualTable reads a year,value table into a map.
func annualTable(name, col string) (map[int]float64, error) {
	t, err := Load(name)
	if err != nil {
		return nil, err
	}
	idx, err := t.colIndices("year", col)
	if err != nil {
		return nil, err
	}
	out := make(map[int]float64, len(t.Rows))
	for r, row := range t.Rows {
		y, err := strconv.Atoi(row[idx[0]])
		if err != nil {
			return nil, cellError(t, r, "year", err)
		}
		v, err := strconv.ParseFloat(row[idx[1]], 64)
		if err != nil {
			return nil, cellError(t, r, col, err)
		}
		if _, dup := out[y]; dup {
			return nil, cellError(t, r, "year", fmt.Errorf("year %d given twice", y))
		}
		out[y] = v
	}
	return out, nil
}

// stateMonthTable reads a state,month table and returns a StateMonth spanning
// every month any row gives, whose value is the sum of the named columns.
// A state-month with no row, or an empty cell, is NaN.
func stateMonthTable(name string, cols ...string) (StateMonth, error) {
	t, err := Load(name)
	if err != nil {
		return StateMonth{}, err
	}
	idx, err := t.colIndices(append([]string{"state", "month"}, cols...)...)
	if err != nil {
		return StateMonth{}, err
	}
	type cell struct {
		st int
		m  calendar.Month
		v  float64
	}
	cells := make([]cell, len(t.Rows))
	var lo, hi calendar.Month
	for r, row := range t.Rows {
		st, err := geo.StateIndex(row[idx[0]])
		if err != nil {
			return StateMonth{}, cellError(t, r, "state", err)
		}
		m, err := calendar.Parse(row[idx[1]])
		if err != nil {
			return StateMonth{}, cellError(t, r, "month", err)
		}
		var sum float64
		for j, c := range idx[2:] {
			v, err := parseOptFloat(row[c])
			if err != nil {
				return StateMonth{}, cellError(t, r, cols[j], err)
			}
			sum += v
		}
		cells[r] = cell{st, m, sum}
		if r == 0 || m < lo {
			lo = m
		}
		if r == 0 || m > hi {
			hi = m
		}
	}
	if len(cells) == 0 {
		return StateMonth{}, fmt.Errorf("data: table %s has no rows", name)
	}
	n := calendar.Between(lo, hi)
	out := StateMonth{Start: lo, Values: make([][]float64, geo.NumStates)}
	for i := range out.Values {
		out.Values[i] = make([]float64, n)
		for k := range out.Values[i] {
			out.Values[i][k] = math.NaN()
		}
	}
	// seen catches a repeated key even when its value is NaN.
	seen := make([]bool, geo.NumStates*n)
	for r, c := range cells {
		k := c.st*n + int(c.m-lo)
		if seen[k] {
			return StateMonth{}, cellError(t, r, "month", fmt.Errorf("state %s month %s given twice", t.Rows[r][idx[0]], c.m))
		}
		seen[k] = true
		out.Values[c.st][c.m-lo] = c.v
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// US overdose deaths

// OverdoseDeaths12m returns CDC VSRR's reported national 12-month-ending
// overdose deaths, all drugs and synthetic opioids other than methadone
// (T40.4), indexed by the month the 12 months end. Each series runs from
// its first to its last reported month; the two end at different months
// because they come from different VSRR releases (see the table's notes).
func OverdoseDeaths12m() (all, synthetic Series, err error) {
	s, err := monthlyColumns("cdc_overdose_12m", "all_drugs_reported", "synthetic_reported")
	if err != nil {
		return Series{}, Series{}, err
	}
	return s[0], s[1], nil
}

// OverdoseDeaths12mPredicted returns CDC VSRR's predicted 12-month-ending
// deaths, which adjust the reported counts for reporting delay and so are
// the better figure for the latest months. The T40.4 predicted series ends
// in 2020-04 (no later predicted T40.4 values were transcribed).
func OverdoseDeaths12mPredicted() (all, synthetic Series, err error) {
	s, err := monthlyColumns("cdc_overdose_12m", "all_drugs_predicted", "synthetic_predicted")
	if err != nil {
		return Series{}, Series{}, err
	}
	return s[0], s[1], nil
}

// NCHSAnnualDeaths returns final NCHS US drug-poisoning deaths by year,
// 1999–2015: the pre-VSRR history of the overdose epidemic.
func NCHSAnnualDeaths() (map[int]float64, error) {
	return annualTable("nchs_overdose_annual", "deaths")
}

// USPopulation returns the US resident population by year, 1999–2015, as
// NCHS used it for drug-poisoning death rates.
func USPopulation() (map[int]float64, error) {
	return annualTable("us_population", "population")
}

// ---------------------------------------------------------------------------
// CBP seizures

// Seizure is one row of CBP fentanyl seizures: one Area of Responsibility
// in one month.
type Seizure struct {
	// Month is the calendar month of the seizures.
	Month calendar.Month
	// FiscalYear is the US federal fiscal year CBP files the month under.
	FiscalYear int
	// Component is "OFO" (Office of Field Operations, at ports of entry)
	// or "USBP" (Border Patrol, between ports).
	Component string
	// Region is "southwest", "northern" or "coastal_interior".
	Region string
	// AOR is CBP's name of the Area of Responsibility, e.g. "TUCSON FIELD OFFICE".
	AOR string
	// Events is the number of seizure events.
	Events int
	// Lbs is the weight of fentanyl seized, in pounds.
	Lbs float64
}

// Region and component labels used in the cbp_fentanyl_monthly table.
const (
	RegionSouthwest = "southwest"
	ComponentOFO    = "OFO"
	ComponentUSBP   = "USBP"
)

// CBPFentanyl returns CBP's monthly fentanyl seizures by AOR, in table order
// (month, component, region, AOR).
func CBPFentanyl() ([]Seizure, error) {
	const name = "cbp_fentanyl_monthly"
	t, err := Load(name)
	if err != nil {
		return nil, err
	}
	idx, err := t.colIndices("month", "fiscal_year", "component", "region", "aor", "events", "lbs")
	if err != nil {
		return nil, err
	}
	out := make([]Seizure, len(t.Rows))
	for r, row := range t.Rows {
		s := &out[r]
		if s.Month, err = calendar.Parse(row[idx[0]]); err != nil {
			return nil, cellError(t, r, "month", err)
		}
		if s.FiscalYear, err = strconv.Atoi(row[idx[1]]); err != nil {
			return nil, cellError(t, r, "fiscal_year", err)
		}
		if s.FiscalYear != s.Month.FiscalYear() {
			return nil, cellError(t, r, "fiscal_year", fmt.Errorf("%d, but %s is in FY%d", s.FiscalYear, s.Month, s.Month.FiscalYear()))
		}
		s.Component, s.Region, s.AOR = row[idx[2]], row[idx[3]], row[idx[4]]
		if s.Events, err = strconv.Atoi(row[idx[5]]); err != nil {
			return nil, cellError(t, r, "events", err)
		}
		if s.Lbs, err = strconv.ParseFloat(row[idx[6]], 64); err != nil {
			return nil, cellError(t, r, "lbs", err)
		}
	}
	return out, nil
}

// SouthwestFentanylByFY returns pounds of fentanyl seized on the southwest
// border by fiscal year: in total, at ports (OFO) and between ports (USBP).
// The latest fiscal year may be partial (see the table's notes).
func SouthwestFentanylByFY() (total, ports, between map[int]float64, err error) {
	all, err := CBPFentanyl()
	if err != nil {
		return nil, nil, nil, err
	}
	total, ports, between = map[int]float64{}, map[int]float64{}, map[int]float64{}
	for _, s := range all {
		if s.Region != RegionSouthwest {
			continue
		}
		total[s.FiscalYear] += s.Lbs
		switch s.Component {
		case ComponentOFO:
			ports[s.FiscalYear] += s.Lbs
		case ComponentUSBP:
			between[s.FiscalYear] += s.Lbs
		default:
			return nil, nil, nil, fmt.Errorf("data: cbp_fentanyl_monthly: unknown component %q", s.Component)
		}
	}
	return total, ports, between, nil
}

// SouthwestFentanylByAOR returns pounds of fentanyl seized on the southwest
// border in fiscal year fy, by AOR name (field offices and sectors).
func SouthwestFentanylByAOR(fy int) (map[string]float64, error) {
	all, err := CBPFentanyl()
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, s := range all {
		if s.Region == RegionSouthwest && s.FiscalYear == fy {
			out[s.AOR] += s.Lbs
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("data: no southwest-border fentanyl seizures in FY%d", fy)
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// Mexico

// INEGINationalAnnual returns INEGI's published national homicide totals by
// year of occurrence (the hand-curated mx_homicides_national_inegi table).
func INEGINationalAnnual() (map[int]float64, error) {
	return annualTable("mx_homicides_national_inegi", "homicides")
}

// HomicidesINEGI returns homicides by state and month of occurrence from
// INEGI death certificates, 2015–2022. The tabulation drops deaths with
// unknown place or cause, so its national totals run a few percent below
// INEGINationalAnnual.
func HomicidesINEGI() (StateMonth, error) {
	return stateMonthTable("mx_homicides_inegi_state_month", "homicides")
}

// HomicidesSESNSP returns SESNSP victims of intentional homicide by state
// and month, homicidio doloso plus feminicidio, since SESNSP files the
// killing of a woman for gender reasons only under the latter.
func HomicidesSESNSP() (StateMonth, error) {
	return stateMonthTable("mx_homicides_sesnsp_state_month", "homicidio_doloso", "feminicidio")
}

// MexicoStatePopulation returns CONAPO's mid-year population of the 32
// states in year (2012–2035), in INEGI order.
func MexicoStatePopulation(year int) ([]float64, error) {
	pop, err := mexicoPopulation(year)
	if err != nil {
		return nil, err
	}
	return pop[1:], nil
}

// MexicoNationalPopulation returns CONAPO's mid-year population of Mexico in
// year (2012–2035).
func MexicoNationalPopulation(year int) (float64, error) {
	pop, err := mexicoPopulation(year)
	if err != nil {
		return 0, err
	}
	return pop[0], nil
}

// mexicoPopulation returns year's population with index 0 national and
// index i state code i.
func mexicoPopulation(year int) ([]float64, error) {
	const name = "mx_state_population"
	t, err := Load(name)
	if err != nil {
		return nil, err
	}
	idx, err := t.colIndices("state", "year", "population")
	if err != nil {
		return nil, err
	}
	out := make([]float64, geo.NumStates+1)
	seen := make([]bool, geo.NumStates+1)
	want := strconv.Itoa(year)
	for r, row := range t.Rows {
		if row[idx[1]] != want {
			continue
		}
		i := 0 // "00" is national
		if code := row[idx[0]]; code != "00" {
			st, err := geo.StateIndex(code)
			if err != nil {
				return nil, cellError(t, r, "state", err)
			}
			i = st + 1
		}
		if seen[i] {
			return nil, cellError(t, r, "state", fmt.Errorf("state %s year %d given twice", row[idx[0]], year))
		}
		v, err := strconv.ParseFloat(row[idx[2]], 64)
		if err != nil {
			return nil, cellError(t, r, "population", err)
		}
		out[i], seen[i] = v, true
	}
	for i, ok := range seen {
		if !ok {
			return nil, fmt.Errorf("data: %s: no population for state %02d in %d (table covers 2012-2035)", name, i, year)
		}
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// DEA purity

// DEAPowderPurity returns the average purity (percent) of fentanyl powder
// analysed by DEA, 2019-01..2024-10, digitised from NDTA 2025 charts and so
// approximate.
func DEAPowderPurity() (Series, error) {
	s, err := monthlyColumns("dea_fentanyl_purity", "powder_purity_pct")
	if err != nil {
		return Series{}, err
	}
	return s[0], nil
}

// DEAPillFentanyl returns the average fentanyl content of fentanyl pills
// analysed by DEA, 2019-01..2024-10, probably in mg per pill (the unit is
// unconfirmed; see the table's unit line). Three months are missing.
func DEAPillFentanyl() (Series, error) {
	s, err := monthlyColumns("dea_fentanyl_purity", "pill_mg")
	if err != nil {
		return Series{}, err
	}
	return s[0], nil
}
