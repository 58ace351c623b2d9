package data

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// generatedTables lists the tables written by data/internal/build, with the
// columns that together identify a row.
var generatedTables = map[string][]string{
	"cdc_overdose_12m":                {"month"},
	"nchs_overdose_annual":            {"year"},
	"us_population":                   {"year"},
	"cbp_fentanyl_monthly":            {"month", "component", "region", "aor"},
	"mx_homicides_inegi_state_month":  {"state", "month"},
	"mx_homicides_sesnsp_state_month": {"state", "month"},
	"dea_fentanyl_purity":             {"month"},
	"mx_state_population":             {"state", "year"},
}

// seriesTableKeys gives the key columns of every table the accessors in series.go
// read: the generatedTables ones and the hand-curated national INEGI table.
// Tables other packages add to tables/ are checked by their own tests.
func seriesTableKeys() map[string][]string {
	out := map[string][]string{"mx_homicides_national_inegi": {"year"}}
	for n, k := range generatedTables {
		out[n] = k
	}
	return out
}

func seriesLoad(t *testing.T, name string) *Table {
	t.Helper()
	tab, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// seriesNear fails unless got is within tol of want.
func seriesNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.3f, want %.3f ± %g", what, got, want, tol)
	}
}

func TestGeneratedTablesHaveProvenanceAndRecipe(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, n := range Names() {
		names[n] = true
	}
	for name := range generatedTables {
		if !names[name] {
			t.Errorf("table %s is not embedded", name)
			continue
		}
		tab := seriesLoad(t, name)
		if tab.Title == "" || tab.Source == "" || tab.Licence == "" || tab.Unit == "" {
			t.Errorf("%s: incomplete provenance %+v", name, tab.Meta)
		}
		// SOURCES.md pins every intermediate file to a commit; the
		// table must carry it so the figures can be traced.
		if !strings.Contains(tab.Source, "commit ") {
			t.Errorf("%s: source names no commit: %s", name, tab.Source)
		}
		recipe := false
		for _, n := range tab.Notes {
			if strings.HasPrefix(n, "recipe: ") && len(n) > len("recipe: ")+20 {
				recipe = true
			}
		}
		if !recipe {
			t.Errorf("%s: no recipe line", name)
		}
	}
}

func TestTablesKeysAreWellFormedAndUnique(t *testing.T) {
	t.Parallel()
	for name, keys := range seriesTableKeys() {
		tab := seriesLoad(t, name)
		idx, err := tab.colIndices(keys...)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(tab.Rows) == 0 {
			t.Errorf("%s: no rows", name)
		}
		seen := map[string]int{}
		for r, row := range tab.Rows {
			parts := make([]string, len(idx))
			for j, c := range idx {
				v := row[c]
				parts[j] = v
				switch keys[j] {
				case "state":
					// 00 is the national row, present only in the
					// population table.
					if v == "00" && name == "mx_state_population" {
						break
					}
					if _, err := geo.StateIndex(v); err != nil {
						t.Errorf("%s row %d: %v", name, r+1, err)
					}
				case "month":
					if _, err := calendar.Parse(v); err != nil {
						t.Errorf("%s row %d: %v", name, r+1, err)
					}
				case "year":
					if y, err := strconv.Atoi(v); err != nil || y < 1900 || y > 2100 {
						t.Errorf("%s row %d: bad year %q", name, r+1, v)
					}
				}
			}
			k := strings.Join(parts, "|")
			if prev, dup := seen[k]; dup {
				t.Errorf("%s: key %s in rows %d and %d", name, k, prev, r+1)
			}
			seen[k] = r + 1
		}
	}
}

func TestOverdoseDeaths12m(t *testing.T) {
	t.Parallel()
	all, syn, err := OverdoseDeaths12m()
	if err != nil {
		t.Fatal(err)
	}
	// 12 months ending December, all drugs, reported: SOURCES.md
	// "Key values", from the VSRR file with data through 2025-04.
	for y, want := range map[int]float64{2015: 52623, 2016: 63938, 2021: 107573, 2023: 106881, 2024: 80856} {
		got, ok := all.At(calendar.Of(y, 12))
		if !ok || got != want {
			t.Errorf("all drugs, 12 months ending Dec %d = %v (%v), want %v", y, got, ok, want)
		}
	}
	// The all-drug rows start at 2015-10 and end at 2025-04 (73,690,
	// SOURCES.md); the T40.4 reported series runs 2015-01..2026-04
	// (national_trend.csv).
	if all.Start != calendar.Of(2015, 10) || all.End() != calendar.Of(2025, 4) {
		t.Errorf("all drugs span %s..%s, want 2015-10..2025-04", all.Start, all.End())
	}
	if v, _ := all.At(calendar.Of(2025, 4)); v != 73690 {
		t.Errorf("all drugs, 12 months ending Apr 2025 = %v, want 73690", v)
	}
	if syn.Start != calendar.Of(2015, 1) || syn.End() != calendar.Of(2026, 4) {
		t.Errorf("synthetic span %s..%s, want 2015-01..2026-04", syn.Start, syn.End())
	}
	// First and last rows of national_trend.csv.
	if v, _ := syn.At(calendar.Of(2015, 1)); v != 5766 {
		t.Errorf("synthetic 2015-01 = %v, want 5766", v)
	}
	if v, _ := syn.At(calendar.Of(2026, 4)); v != 34523 {
		t.Errorf("synthetic 2026-04 = %v, want 34523", v)
	}
	if _, ok := all.At(calendar.Of(2015, 9)); ok {
		t.Error("all drugs has a value before its first VSRR row")
	}
	// Synthetic opioids are a part of all drugs wherever both exist.
	for m := all.Start; m <= all.End(); m++ {
		a, ok1 := all.At(m)
		s, ok2 := syn.At(m)
		if ok1 && ok2 && s >= a {
			t.Errorf("%s: synthetic %v >= all drugs %v", m, s, a)
		}
	}

	pall, psyn, err := OverdoseDeaths12mPredicted()
	if err != nil {
		t.Fatal(err)
	}
	// Predicted, 12 months ending Dec 2023 and Apr 2025: SOURCES.md.
	if v, _ := pall.At(calendar.Of(2023, 12)); v != 108550 {
		t.Errorf("predicted Dec 2023 = %v, want 108550", v)
	}
	if v, _ := pall.At(calendar.Of(2025, 4)); v != 76516 {
		t.Errorf("predicted Apr 2025 = %v, want 76516", v)
	}
	// T40.4 predicted was transcribed for 2015-01..2020-04 only.
	if psyn.Start != calendar.Of(2015, 1) || psyn.End() != calendar.Of(2020, 4) {
		t.Errorf("synthetic predicted span %s..%s, want 2015-01..2020-04", psyn.Start, psyn.End())
	}
}

func TestNCHSAnnualDeaths(t *testing.T) {
	t.Parallel()
	d, err := NCHSAnnualDeaths()
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != 17 {
		t.Errorf("%d years, want 1999-2015", len(d))
	}
	// Final NCHS counts quoted in SOURCES.md.
	for y, want := range map[int]float64{1999: 16849, 2000: 17415, 2010: 38329, 2014: 47055, 2015: 52404} {
		if d[y] != want {
			t.Errorf("NCHS %d = %v, want %v", y, d[y], want)
		}
	}
	pop, err := USPopulation()
	if err != nil {
		t.Fatal(err)
	}
	// NCHS file, 2004 US row: "29,28,05,298" in Indian grouping; the
	// crude rate it gives, 16.3 per 100k in 2015, checks the pair.
	if pop[2004] != 292805298 {
		t.Errorf("US population 2004 = %v, want 292805298", pop[2004])
	}
	seriesNear(t, "US crude rate 2015 per 100k", d[2015]/pop[2015]*1e5, 16.3, 0.05)
}

func TestINEGINationalAnnual(t *testing.T) {
	t.Parallel()
	h, err := INEGINationalAnnual()
	if err != nil {
		t.Fatal(err)
	}
	// SOURCES.md (Trends2012_2021): INEGI 2019 = 36,662.
	if h[2019] != 36662 {
		t.Errorf("INEGI 2019 = %v, want 36662", h[2019])
	}
}

func TestCBPFentanyl(t *testing.T) {
	t.Parallel()
	rows, err := CBPFentanyl()
	if err != nil {
		t.Fatal(err)
	}
	// Every southwest AOR must be one geo knows, or the model would drop
	// its seizures.
	known := map[string]bool{}
	for _, o := range geo.FieldOffices() {
		known[o.Name] = true
	}
	for _, s := range geo.Sectors() {
		known[s.Name] = true
	}
	for _, s := range rows {
		if s.Region == RegionSouthwest && !known[s.AOR] {
			t.Errorf("southwest AOR %q not in geo", s.AOR)
		}
		if s.Events <= 0 || s.Lbs < 0 {
			t.Errorf("%+v: non-positive events or negative weight", s)
		}
		if s.FiscalYear < 2019 || s.FiscalYear > 2026 {
			t.Errorf("%+v: fiscal year outside FY2019-FY2026", s)
		}
	}
	// The first row is FY2019 OCT, which is calendar October 2018.
	if rows[0].Month != calendar.Of(2018, 10) || rows[0].FiscalYear != 2019 {
		t.Errorf("first row %+v, want 2018-10 in FY2019", rows[0])
	}

	total, ports, between, err := SouthwestFentanylByFY()
	if err != nil {
		t.Fatal(err)
	}
	// Southwest-border fentanyl pounds by FY (total / OFO / USBP),
	// SOURCES.md, rounded to the pound there.
	for fy, want := range map[int][3]float64{
		2019: {2633, 2408, 225},
		2021: {10586, 9584, 1002},
		2022: {14104, 11904, 2200},
		2023: {26718, 23927, 2791},
		2024: {21148, 18213, 2935},
		2025: {11488, 9911, 1578},
	} {
		seriesNear(t, "SW total FY"+strconv.Itoa(fy), total[fy], want[0], 1)
		seriesNear(t, "SW ports FY"+strconv.Itoa(fy), ports[fy], want[1], 1)
		seriesNear(t, "SW between FY"+strconv.Itoa(fy), between[fy], want[2], 1)
	}

	aor, err := SouthwestFentanylByAOR(2024)
	if err != nil {
		t.Fatal(err)
	}
	// SOURCES.md: SW share by AOR in FY24, Tucson FO 57%, San Diego FO
	// 27%, Tucson Sector 5%, San Diego Sector 4% (whole percents).
	for name, want := range map[string]float64{
		"TUCSON FIELD OFFICE":    0.57,
		"SAN DIEGO FIELD OFFICE": 0.27,
		"TUCSON SECTOR":          0.05,
		"SAN DIEGO SECTOR":       0.04,
	} {
		seriesNear(t, "FY24 share "+name, aor[name]/total[2024], want, 0.005)
	}
	if _, err := SouthwestFentanylByAOR(2010); err == nil {
		t.Error("FY2010 gave seizures; the data start in FY2019")
	}
}

func TestHomicidesINEGI(t *testing.T) {
	t.Parallel()
	h, err := HomicidesINEGI()
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Values) != geo.NumStates || h.Start != calendar.Of(2015, 1) || h.National().End() != calendar.Of(2022, 12) {
		t.Fatalf("shape %d states from %s to %s, want 32 from 2015-01 to 2022-12", len(h.Values), h.Start, h.National().End())
	}
	published, err := INEGINationalAnnual()
	if err != nil {
		t.Fatal(err)
	}
	// National totals of the Gargiulo et al. tabulation, SOURCES.md.
	for y, want := range map[int]float64{2015: 20263, 2018: 34426, 2019: 35274, 2020: 35787, 2021: 34346, 2022: 31048} {
		_, nat, ok := h.Annual(y)
		if !ok || nat != want {
			t.Errorf("INEGI state-month national %d = %v (%v), want %v", y, nat, ok, want)
		}
		// The tabulation drops deaths of unknown place or cause, so
		// it sits below INEGI's published total: 2.4% (2015) to 6.7%
		// (2022) below in this data.
		if r := nat / published[y]; r < 0.92 || r >= 1 {
			t.Errorf("%d: tabulation / published = %.3f, want 0.92-1", y, r)
		}
	}
	// mexico-state-month-homicide-rates-2000-2022.csv, Chihuahua (08)
	// 2019-01.
	if v := h.Values[7][calendar.Of(2019, 1)-h.Start]; v != 140 {
		t.Errorf("Chihuahua 2019-01 = %v, want 140", v)
	}
	if _, _, ok := h.Annual(2023); ok {
		t.Error("Annual(2023) ok, but the table ends in 2022")
	}
}

func TestHomicidesSESNSP(t *testing.T) {
	t.Parallel()
	h, err := HomicidesSESNSP()
	if err != nil {
		t.Fatal(err)
	}
	if h.Start != calendar.Of(2015, 1) || h.National().End() != calendar.Of(2025, 6) {
		t.Errorf("span %s..%s, want 2015-01..2025-06", h.Start, h.National().End())
	}
	// The accessor sums the two crimes; check the homicidio doloso part
	// alone against SOURCES.md's national figures.
	tab := seriesLoad(t, "mx_homicides_sesnsp_state_month")
	months, _ := tab.Strings("month")
	dol, err := tab.Floats("homicidio_doloso")
	if err != nil {
		t.Fatal(err)
	}
	fem, err := tab.Floats("feminicidio")
	if err != nil {
		t.Fatal(err)
	}
	dolYear, femYear := map[int]float64{}, map[int]float64{}
	for i, m := range months {
		y, _ := strconv.Atoi(m[:4])
		dolYear[y] += dol[i]
		femYear[y] += fem[i]
	}
	// Homicidio doloso victims, national, SOURCES.md.
	for y, want := range map[int]float64{2015: 17884, 2016: 22541, 2017: 28868, 2018: 33742, 2019: 34723, 2020: 34569, 2021: 33359, 2022: 30979, 2023: 29721, 2024: 30046, 2025: 12752} {
		if dolYear[y] != want {
			t.Errorf("SESNSP doloso %d = %v, want %v", y, dolYear[y], want)
		}
	}
	// Feminicidio 2019 = 970: our sum of the derived file (SOURCES.md
	// quotes no feminicidio totals).
	if femYear[2019] != 970 {
		t.Errorf("SESNSP feminicidio 2019 = %v, want 970", femYear[2019])
	}
	for y := 2015; y <= 2024; y++ {
		_, nat, ok := h.Annual(y)
		if !ok || nat != dolYear[y]+femYear[y] {
			t.Errorf("Annual(%d) = %v (%v), want doloso+feminicidio %v", y, nat, ok, dolYear[y]+femYear[y])
		}
	}
	// 2025 runs January-June only.
	if _, _, ok := h.Annual(2025); ok {
		t.Error("Annual(2025) ok, but 2025 has only six months")
	}
}

func TestDEAPurity(t *testing.T) {
	t.Parallel()
	p, err := DEAPowderPurity()
	if err != nil {
		t.Fatal(err)
	}
	if p.Start != calendar.Of(2019, 1) || p.End() != calendar.Of(2024, 10) {
		t.Errorf("powder span %s..%s, want 2019-01..2024-10", p.Start, p.End())
	}
	// First and last points of the digitised powder file.
	if v, _ := p.At(calendar.Of(2019, 1)); v != 7.984 {
		t.Errorf("powder 2019-01 = %v, want 7.984", v)
	}
	if v, _ := p.At(calendar.Of(2024, 10)); v != 11.048 {
		t.Errorf("powder 2024-10 = %v, want 11.048", v)
	}
	// SOURCES.md: about 8% in 2019-21, about 25% mid-2023.
	var mean float64
	for m := calendar.Of(2019, 1); m <= calendar.Of(2021, 12); m++ {
		v, _ := p.At(m)
		mean += v / 36
	}
	seriesNear(t, "powder mean 2019-21", mean, 8.5, 1)
	v, _ := p.At(calendar.Of(2023, 6))
	seriesNear(t, "powder 2023-06", v, 25, 1.5)

	pill, err := DEAPillFentanyl()
	if err != nil {
		t.Fatal(err)
	}
	// The pill file gives 2020/09 twice (2.00 and 2.18): averaged.
	if v, _ := pill.At(calendar.Of(2020, 9)); math.Abs(v-2.09) > 1e-9 {
		t.Errorf("pill 2020-09 = %v, want 2.09", v)
	}
	// ... and 2020/10 not at all.
	if _, ok := pill.At(calendar.Of(2020, 10)); ok {
		t.Error("pill 2020-10 present; the digitised file has no such point")
	}
}

func TestMexicoStatePopulation(t *testing.T) {
	t.Parallel()
	pop, err := MexicoStatePopulation(2020)
	if err != nil {
		t.Fatal(err)
	}
	if len(pop) != geo.NumStates {
		t.Fatalf("%d states", len(pop))
	}
	// CONAPO file, 2020 mid-year, genero Total: Aguascalientes
	// 1,456,050; national 128,209,170.
	if pop[0] != 1456050 {
		t.Errorf("Aguascalientes 2020 = %v, want 1456050", pop[0])
	}
	nat, err := MexicoNationalPopulation(2020)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, p := range pop {
		sum += p
	}
	if nat != 128209170 || sum != nat {
		t.Errorf("national 2020 = %v, states sum %v, want 128209170 for both", nat, sum)
	}
	for _, y := range []int{2011, 2036} {
		if _, err := MexicoStatePopulation(y); err == nil || !strings.HasPrefix(err.Error(), "data: ") {
			t.Errorf("year %d: err = %v, want a data: error", y, err)
		}
	}
}

func TestSeriesAndStateMonthMethods(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	s := Series{Start: calendar.Of(2020, 1), Values: []float64{1, nan, 3}}
	if s.End() != calendar.Of(2020, 3) {
		t.Errorf("End = %s", s.End())
	}
	for _, tt := range []struct {
		m    calendar.Month
		want float64
		ok   bool
	}{
		{calendar.Of(2019, 12), 0, false},
		{calendar.Of(2020, 1), 1, true},
		{calendar.Of(2020, 2), 0, false},
		{calendar.Of(2020, 3), 3, true},
		{calendar.Of(2020, 4), 0, false},
	} {
		if v, ok := s.At(tt.m); v != tt.want || ok != tt.ok {
			t.Errorf("At(%s) = %v, %v; want %v, %v", tt.m, v, ok, tt.want, tt.ok)
		}
	}
	if (Series{Start: 5}).End() != 4 {
		t.Error("empty series should end before it starts")
	}

	// Two states over 2020-01..2021-12 (24 months): one month of state 1
	// in 2021 is missing.
	sm := StateMonth{Start: calendar.Of(2020, 1), Values: [][]float64{make([]float64, 24), make([]float64, 24)}}
	for i := 0; i < 24; i++ {
		sm.Values[0][i], sm.Values[1][i] = 1, 2
	}
	sm.Values[1][15] = nan
	per, nat, ok := sm.Annual(2020)
	if !ok || nat != 36 || per[0] != 12 || per[1] != 24 {
		t.Errorf("Annual(2020) = %v, %v, %v", per, nat, ok)
	}
	if _, _, ok := sm.Annual(2021); ok {
		t.Error("Annual(2021) ok despite a missing month")
	}
	if _, _, ok := sm.Annual(2019); ok {
		t.Error("Annual(2019) ok outside the series")
	}
	n := sm.National()
	if v, ok := n.At(calendar.Of(2020, 5)); !ok || v != 3 {
		t.Errorf("National 2020-05 = %v, %v; want 3", v, ok)
	}
	if _, ok := n.At(calendar.Of(2021, 4)); ok {
		t.Error("National present in a month one state lacks")
	}
}
