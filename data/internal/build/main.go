// Command build regenerates the data package's curated tables from the raw
// files in the shared data directory, so that every embedded table's
// "# recipe:" line is backed by code that can be rerun and diffed.
//
// Run it from the module root:
//
//	go run ./data/internal/build            # reads ../shared/data, writes data/tables
//	go run ./data/internal/build -in DIR -out DIR
//
// The raw files and their provenance are described in ../shared/data/SOURCES.md;
// the table header blocks below repeat the parts of it a reader of the table
// needs. The program checks the raw files against the figures SOURCES.md
// quotes and fails rather than write a table that disagrees, so a changed
// input cannot slip through silently.
//
// It does not touch tables it does not write (e.g. the hand-curated
// mx_homicides_national_inegi.csv, which comes from INEGI press releases).
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
)

// Licence lines shared by several tables.
const (
	licenceUS = "Public domain: work of the US federal government (17 USC 105)"
	rerun     = " Regenerate with `go run ./data/internal/build` from the module root."
)

func main() {
	in := flag.String("in", "../shared/data", "directory holding the raw files described in SOURCES.md")
	out := flag.String("out", "data/tables", "directory to write the curated tables to")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("build: ")

	builders := []struct {
		name  string
		build func(dir string) (*data.Table, error)
	}{
		{"cdc_overdose_12m", buildOverdose12m},
		{"nchs_overdose_annual", buildNCHSAnnual},
		{"us_population", buildUSPopulation},
		{"cbp_fentanyl_monthly", buildCBPFentanyl},
		{"mx_homicides_inegi_state_month", buildINEGIStateMonth},
		{"mx_homicides_sesnsp_state_month", buildSESNSPStateMonth},
		{"mx_homicides_inegi_state_month_2000_2014", buildINEGIStateMonthPre2015},
		{"dea_fentanyl_purity", buildDEAPurity},
		{"mx_state_population", buildMexicoPopulation},
	}
	for _, b := range builders {
		t, err := b.build(*in)
		if err != nil {
			log.Fatalf("%s: %v", b.name, err)
		}
		t.Name = b.name
		if err := write(filepath.Join(*out, b.name+".csv"), t); err != nil {
			log.Fatalf("%s: %v", b.name, err)
		}
	}
}

// write writes t through data.Table.WriteCSV, so the file is in exactly the
// format the package parses, and reparses it as a guard.
func write(file string, t *data.Table) error {
	var buf bytes.Buffer
	if err := t.WriteCSV(&buf); err != nil {
		return err
	}
	if _, err := data.Parse(bytes.NewReader(buf.Bytes())); err != nil {
		return fmt.Errorf("written table does not reparse: %w", err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s: %d rows, %d bytes", file, len(t.Rows), buf.Len())
	return nil
}

// raw is a raw CSV file with its header indexed by column name.
type raw struct {
	name string
	col  map[string]int
	rows [][]string
}

// readRaw reads a delimited file, dropping a UTF-8 byte-order mark (the NCHS
// file has one) so the first column name matches.
func readRaw(file string, comma rune, header bool) (*raw, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = comma
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	r := &raw{name: filepath.Base(file), col: map[string]int{}}
	if header {
		if len(rows) == 0 {
			return nil, fmt.Errorf("%s: empty", file)
		}
		for i, h := range rows[0] {
			r.col[strings.TrimSpace(h)] = i
		}
		rows = rows[1:]
	}
	r.rows = rows
	return r, nil
}

// get returns the named cell of row i, failing loudly on a renamed column
// rather than reading the wrong one.
func (r *raw) get(row []string, name string) string {
	c, ok := r.col[name]
	if !ok {
		log.Fatalf("%s: no column %q", r.name, name)
	}
	return strings.TrimSpace(row[c])
}

// num parses a number written with any digit grouping: the NCHS file was
// re-saved with Indian grouping ("2,23,94,023"), so grouping commas carry no
// meaning and are dropped.
func num(s string) (float64, error) {
	return strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), 64)
}

// integer parses a count, tolerating a ".0" suffix (national_trend.csv
// writes counts as floats) but not a real fraction.
func integer(s string) (int64, error) {
	x, err := num(s)
	if err != nil {
		return 0, err
	}
	if x != math.Trunc(x) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int64(x), nil
}

func itoa(x int64) string { return strconv.FormatInt(x, 10) }

// fmtFloat writes x rounded to 3 decimals with no trailing zeros.
func fmtFloat(x float64) string {
	return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
}

// ymonth builds a Month from year and month strings, as the raw files write
// them ("2015", "1" or "01").
func ymonth(y, m string) (calendar.Month, error) {
	yi, err := strconv.Atoi(y)
	if err != nil {
		return 0, fmt.Errorf("year %q: %w", y, err)
	}
	mi, err := strconv.Atoi(m)
	if err != nil || mi < 1 || mi > 12 {
		return 0, fmt.Errorf("month %q is not 1-12", m)
	}
	return calendar.Of(yi, mi), nil
}

// check fails when got differs from a figure quoted in SOURCES.md by more
// than tol.
func check(what string, got, want, tol float64) error {
	if math.Abs(got-want) > tol {
		return fmt.Errorf("check failed: %s = %.3f, SOURCES.md says %.3f", what, got, want)
	}
	return nil
}

// ---------------------------------------------------------------------------
// US overdose deaths

func buildOverdose12m(dir string) (*data.Table, error) {
	const (
		vsrrFile  = "overdose/vsrr_us_national_12mo_ending_transcribed.csv"
		trendFile = "overdose/national_trend.csv"
		allInd    = "Number of Drug Overdose Deaths"
		synInd    = "Synthetic opioids, excl. methadone (T40.4)"
	)
	v, err := readRaw(filepath.Join(dir, vsrrFile), ',', true)
	if err != nil {
		return nil, err
	}
	type cells struct{ allRep, allPred, synRep, synPred string }
	byMonth := map[calendar.Month]*cells{}
	at := func(m calendar.Month) *cells {
		if byMonth[m] == nil {
			byMonth[m] = &cells{}
		}
		return byMonth[m]
	}
	// set refuses a second value for a cell, which would mean two rows
	// for the same month and indicator in the input.
	set := func(dst *string, val string, m calendar.Month, what string) error {
		if *dst != "" {
			return fmt.Errorf("%s: %s given twice", m, what)
		}
		*dst = val
		return nil
	}
	synVSRR := map[calendar.Month]string{}
	for _, row := range v.rows {
		if v.get(row, "jurisdiction") != "US" || v.get(row, "period") != "12 month-ending" {
			return nil, fmt.Errorf("%s: unexpected row %v", vsrrFile, row)
		}
		m, err := ymonth(v.get(row, "year"), v.get(row, "month"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", vsrrFile, err)
		}
		rep, err := integer(v.get(row, "reported_value"))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", vsrrFile, m, err)
		}
		pred, err := integer(v.get(row, "predicted_value"))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", vsrrFile, m, err)
		}
		c := at(m)
		switch v.get(row, "indicator") {
		case allInd:
			if err := set(&c.allRep, itoa(rep), m, "all-drug reported"); err != nil {
				return nil, err
			}
			c.allPred = itoa(pred)
		case synInd:
			// The reported T40.4 value is taken from national_trend.csv
			// below, which runs longer; here it is kept only to check the
			// two releases agree where they overlap.
			synVSRR[m] = itoa(rep)
			if err := set(&c.synPred, itoa(pred), m, "T40.4 predicted"); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s: unknown indicator %q", vsrrFile, v.get(row, "indicator"))
		}
	}

	tr, err := readRaw(filepath.Join(dir, trendFile), ',', true)
	if err != nil {
		return nil, err
	}
	for _, row := range tr.rows {
		d := tr.get(row, "month_date") // YYYY-MM-01
		if len(d) < 7 {
			return nil, fmt.Errorf("%s: bad month_date %q", trendFile, d)
		}
		m, err := calendar.Parse(d[:7])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", trendFile, err)
		}
		n, err := integer(tr.get(row, "total_deaths"))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", trendFile, m, err)
		}
		if err := set(&at(m).synRep, itoa(n), m, "T40.4 reported"); err != nil {
			return nil, err
		}
	}
	// SOURCES.md: the two files agree exactly on 2015-01..2020-04.
	for m, s := range synVSRR {
		if byMonth[m].synRep != s {
			return nil, fmt.Errorf("T40.4 reported %s: %s says %s, %s says %s", m, vsrrFile, s, trendFile, byMonth[m].synRep)
		}
	}

	months := make([]calendar.Month, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	sort.Slice(months, func(i, j int) bool { return months[i] < months[j] })
	first, last := calendar.Of(2015, 1), months[len(months)-1]
	if months[0] != first {
		return nil, fmt.Errorf("first month %s, want %s", months[0], first)
	}
	t := &data.Table{
		Meta: data.Meta{
			Title: "US drug overdose deaths, national, provisional 12-month-ending counts: all drugs and synthetic opioids other than methadone (ICD-10 T40.4)",
			Source: "CDC National Center for Health Statistics, Vital Statistics Rapid Release (VSRR) Provisional Drug Overdose Death Counts (data.cdc.gov dataset xkb8-kh2a). " +
				"All drugs, reported and predicted, 2015-10..2025-04, and T40.4 predicted 2015-01..2020-04: the VSRR file with data through 2025-04, US rows transcribed from ellaprince90/overdose-data-us VSRR_Provisional_Drug_Overdose_Death_Counts.csv at commit 0e93ff04170dd3dc98819457ea37e61d5c1344d9. " +
				"T40.4 reported 2015-01..2026-04: a 2026 VSRR release, read from mitchellyorkey/fentanyl-odd-dashboard data/processed/national_trend.csv at commit 2c9c49ba87d7610fb91c0918558456e449fdd395.",
			Licence: licenceUS + " (CDC data; the intermediate repositories only redistribute it)",
			Unit:    "deaths in the 12 months ending with the month shown",
			Notes: []string{
				"recipe: from vsrr_us_national_12mo_ending_transcribed.csv take reported_value and predicted_value of the US 12 month-ending rows, indicator 'Number of Drug Overdose Deaths' -> all_drugs_*, 'Synthetic opioids, excl. methadone (T40.4)' -> synthetic_predicted; from national_trend.csv take total_deaths (T40.4 reported, despite its name) -> synthetic_reported, after checking it equals the VSRR reported T40.4 value in every month both give; month = the month the 12-month period ends; empty cell where no source gives a value." + rerun,
				"caveat: provisional; each monthly release revises the figures and the last 6-12 months are under-reported (use the predicted columns there). synthetic_reported after 2020-04 comes from a later release than the other columns, so all-drug and T40.4 figures for the same month can be of different vintages. Final NCHS annual totals differ slightly (final 2022 = 107,941).",
			},
		},
		Header: []string{"month", "all_drugs_reported", "all_drugs_predicted", "synthetic_reported", "synthetic_predicted"},
	}
	for m := first; m <= last; m++ {
		c := byMonth[m]
		if c == nil {
			c = &cells{}
		}
		t.Rows = append(t.Rows, []string{m.String(), c.allRep, c.allPred, c.synRep, c.synPred})
	}
	// Key values quoted in SOURCES.md (reported, 12 months ending December).
	for y, want := range map[int]string{2015: "52623", 2016: "63938", 2023: "106881", 2024: "80856"} {
		if got := byMonth[calendar.Of(y, 12)].allRep; got != want {
			return nil, fmt.Errorf("check failed: all-drug reported Dec %d = %s, SOURCES.md says %s", y, got, want)
		}
	}
	return t, nil
}

const nchsFile = "overdose/NCHS_-_Drug_Poisoning_Mortality_by_State__United_States.csv"

// nchsUS returns the NCHS file's United States, both sexes, all ages, all
// races rows by year.
func nchsUS(dir string) (*raw, map[int][]string, error) {
	r, err := readRaw(filepath.Join(dir, nchsFile), ',', true)
	if err != nil {
		return nil, nil, err
	}
	out := map[int][]string{}
	for _, row := range r.rows {
		if r.get(row, "State") != "United States" || r.get(row, "Sex") != "Both Sexes" ||
			r.get(row, "Age") != "All Ages" || r.get(row, "Race and Hispanic Origin") != "All Races-All Origins" {
			continue
		}
		y, err := strconv.Atoi(r.get(row, "Year"))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", nchsFile, err)
		}
		if out[y] != nil {
			return nil, nil, fmt.Errorf("%s: two US all-ages rows for %d", nchsFile, y)
		}
		out[y] = row
	}
	if len(out) != 2015-1999+1 {
		return nil, nil, fmt.Errorf("%s: %d US rows, want 1999-2015", nchsFile, len(out))
	}
	return r, out, nil
}

const nchsSource = "CDC National Center for Health Statistics, Drug Poisoning Mortality by State: United States (data.cdc.gov; final NCHS mortality data), read from atharvarode/Drug-Poisoning-Data-Visualization NCHS_-_Drug_Poisoning_Mortality_by_State__United_States.csv at commit 96339b7a46be5f18c83efc57b190e947158a7ea3."

func buildNCHSAnnual(dir string) (*data.Table, error) {
	r, rows, err := nchsUS(dir)
	if err != nil {
		return nil, err
	}
	t := &data.Table{
		Meta: data.Meta{
			Title:   "US drug poisoning (overdose) deaths, final annual counts, 1999-2015",
			Source:  nchsSource,
			Licence: licenceUS,
			Unit:    "deaths per calendar year",
			Notes: []string{
				"recipe: rows with State = United States, Sex = Both Sexes, Age = All Ages, Race and Hispanic Origin = All Races-All Origins; Deaths with the file's (Indian-style) grouping commas removed; the file's UTF-8 byte-order mark ignored." + rerun,
				"caveat: all drugs only, no T40.4 split; final data, unlike the provisional VSRR series in cdc_overdose_12m.",
			},
		},
		Header: []string{"year", "deaths"},
	}
	for y := 1999; y <= 2015; y++ {
		d, err := integer(r.get(rows[y], "Deaths"))
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", nchsFile, y, err)
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(y), itoa(d)})
	}
	// SOURCES.md quotes 2015 = 52,404.
	if got := t.Rows[len(t.Rows)-1][1]; got != "52404" {
		return nil, fmt.Errorf("check failed: NCHS 2015 = %s, SOURCES.md says 52404", got)
	}
	return t, nil
}

func buildUSPopulation(dir string) (*data.Table, error) {
	r, rows, err := nchsUS(dir)
	if err != nil {
		return nil, err
	}
	t := &data.Table{
		Meta: data.Meta{
			Title:   "US resident population, 1999-2015, as used by NCHS as the denominator of drug-poisoning death rates",
			Source:  nchsSource,
			Licence: licenceUS,
			Unit:    "persons",
			Notes: []string{
				"recipe: the Population column of the same United States / Both Sexes / All Ages / All Races-All Origins rows as nchs_overdose_annual, grouping commas removed." + rerun,
				"caveat: NCHS rates use US Census Bureau (bridged-race) population estimates; the exact vintage is not stated in the file.",
			},
		},
		Header: []string{"year", "population"},
	}
	for y := 1999; y <= 2015; y++ {
		p, err := integer(r.get(rows[y], "Population"))
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", nchsFile, y, err)
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(y), itoa(p)})
	}
	return t, nil
}

// ---------------------------------------------------------------------------
// CBP seizures

var (
	cbpComponent = map[string]string{
		"Office of Field Operations": "OFO",
		"U.S. Border Patrol":         "USBP",
	}
	cbpRegion = map[string]string{
		"Southwest Border": "southwest",
		"Northern Border":  "northern",
		"Coastal/Interior": "coastal_interior",
	}
)

func buildCBPFentanyl(dir string) (*data.Table, error) {
	files := []string{"seizures/nationwide-drugs-fy19-fy22.csv", "seizures/nationwide-drugs-fy23-fy26-dec.csv"}
	type key struct {
		m                      calendar.Month
		component, region, aor string
	}
	type agg struct {
		events int64
		lbs    float64
	}
	sums := map[key]*agg{}
	months := monthAbbrevs()
	for _, f := range files {
		r, err := readRaw(filepath.Join(dir, f), ',', true)
		if err != nil {
			return nil, err
		}
		for _, row := range r.rows {
			if r.get(row, "Drug Type") != "Fentanyl" {
				continue
			}
			fyText := r.get(row, "FY") // "2026 (FYTD)" for a partial year
			if len(fyText) < 4 {
				return nil, fmt.Errorf("%s: bad FY %q", f, fyText)
			}
			fy, err := strconv.Atoi(fyText[:4])
			if err != nil {
				return nil, fmt.Errorf("%s: bad FY %q", f, fyText)
			}
			mn, ok := months[r.get(row, "Month (abbv)")]
			if !ok {
				return nil, fmt.Errorf("%s: bad month %q", f, r.get(row, "Month (abbv)"))
			}
			y := fy
			if mn >= 10 { // the fiscal year starts in October of the year before
				y--
			}
			comp, ok := cbpComponent[r.get(row, "Component")]
			if !ok {
				return nil, fmt.Errorf("%s: unknown component %q", f, r.get(row, "Component"))
			}
			reg, ok := cbpRegion[r.get(row, "Region")]
			if !ok {
				return nil, fmt.Errorf("%s: unknown region %q", f, r.get(row, "Region"))
			}
			ev, err := integer(r.get(row, "Count of Event"))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			lbs, err := num(r.get(row, "Sum Qty (lbs)"))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			k := key{calendar.Of(y, mn), comp, reg, r.get(row, "Area of Responsibility")}
			if sums[k] == nil {
				sums[k] = &agg{}
			}
			// Land Only and Other rows of the same AOR and month are
			// disjoint parts of its seizures, so they add.
			sums[k].events += ev
			sums[k].lbs += lbs
		}
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.m != b.m {
			return a.m < b.m
		}
		if a.component != b.component {
			return a.component < b.component
		}
		if a.region != b.region {
			return a.region < b.region
		}
		return a.aor < b.aor
	})
	t := &data.Table{
		Meta: data.Meta{
			Title: "CBP fentanyl seizures by month, component, region and Area of Responsibility, FY2019 to FY2026 (Oct-Dec 2025)",
			Source: "US Customs and Border Protection, Nationwide Drug Seizures downloads (cbp.gov/newsroom/stats/drug-seizure-statistics), files nationwide-drugs-fy19-fy22.csv and nationwide-drugs-fy23-fy26-dec.csv, " +
				"unmodified copies read from ntimbs/CNX_Mapping_Project 'Drug Border Seizures/' at commit e5fb4d6533dde9c203ae4bc92dc1d47c0dd5ecbf.",
			Licence: licenceUS,
			Unit:    "events: count of seizure events; lbs: pounds of fentanyl seized",
			Notes: []string{
				"recipe: rows with Drug Type = Fentanyl from both files; month = calendar month from FY and Month (abbv) (FY N runs Oct N-1 to Sep N, so FY2024 OCT = 2023-10); fiscal_year = first 4 characters of FY; component OFO = Office of Field Operations (at ports of entry), USBP = U.S. Border Patrol (between ports); region southwest / northern / coastal_interior = Southwest Border / Northern Border / Coastal/Interior; aor = Area of Responsibility as CBP writes it; rows sharing month, component, region and aor (the Land Only and Other land filters) summed; lbs rounded to 3 decimals after summing." + rerun,
				"caveat: seizures measure enforcement output, not flow; CBP revises recent months; FY2026 is partial (Oct-Dec 2025). A month with no row had no recorded fentanyl seizure in that AOR.",
			},
		},
		Header: []string{"month", "fiscal_year", "component", "region", "aor", "events", "lbs"},
	}
	swFY := map[int]float64{}
	for _, k := range keys {
		a := sums[k]
		t.Rows = append(t.Rows, []string{k.m.String(), strconv.Itoa(k.m.FiscalYear()), k.component, k.region, k.aor, itoa(a.events), fmtFloat(a.lbs)})
		if k.region == "southwest" {
			swFY[k.m.FiscalYear()] += a.lbs
		}
	}
	// SW border fentanyl pounds by FY quoted in SOURCES.md.
	for fy, want := range map[int]float64{2021: 10586, 2022: 14104, 2023: 26718, 2024: 21148} {
		if err := check(fmt.Sprintf("SW fentanyl lbs FY%d", fy), swFY[fy], want, 1); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// monthAbbrevs maps CBP's month abbreviations (JAN..DEC) to 1-12, using the
// time package's month names rather than a hand-written list.
func monthAbbrevs() map[string]int {
	out := map[string]int{}
	for m := time.January; m <= time.December; m++ {
		out[strings.ToUpper(m.String()[:3])] = int(m)
	}
	return out
}

// ---------------------------------------------------------------------------
// Mexico homicides

// inegiCell is one state-month of the INEGI tabulation.
type inegiCell struct {
	n   int64
	pop float64
}

// inegiFile is the INEGI state-month tabulation both homicide tables come
// from.
const inegiFile = "homicides/mexico-state-month-homicide-rates-2000-2022.csv"

// readINEGIStateMonth reads the tabulation's months first..last: cells[s][i]
// is state s+1 in month first+i, each present exactly once, and national
// the homicides by year.
func readINEGIStateMonth(dir string, first, last calendar.Month) (cells [][]inegiCell, national map[int]int64, err error) {
	const f = inegiFile
	r, err := readRaw(filepath.Join(dir, f), '|', true)
	if err != nil {
		return nil, nil, err
	}
	type key struct {
		state string
		m     calendar.Month
	}
	got := map[key]inegiCell{}
	national = map[int]int64{}
	for _, row := range r.rows {
		m, err := ymonth(r.get(row, "year"), r.get(row, "month"))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
		if m < first || m > last {
			continue
		}
		st := r.get(row, "cve_ent")
		if err := stateCode(st); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
		n, err := integer(r.get(row, "homicides"))
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s %s: %w", f, st, m, err)
		}
		pop, err := num(r.get(row, "pop_est"))
		if err != nil || !(pop > 0) {
			return nil, nil, fmt.Errorf("%s %s %s: population %q", f, st, m, r.get(row, "pop_est"))
		}
		k := key{st, m}
		if _, dup := got[k]; dup {
			return nil, nil, fmt.Errorf("%s: state %s month %s twice", f, st, m)
		}
		got[k] = inegiCell{n, pop}
		national[m.Year()] += n
	}
	for s := 1; s <= 32; s++ {
		st := fmt.Sprintf("%02d", s)
		var row []inegiCell
		for m := first; m <= last; m++ {
			c, ok := got[key{st, m}]
			if !ok {
				return nil, nil, fmt.Errorf("%s: state %s month %s missing", f, st, m)
			}
			row = append(row, c)
		}
		cells = append(cells, row)
	}
	return cells, national, nil
}

func buildINEGIStateMonth(dir string) (*data.Table, error) {
	first, last := calendar.Of(2015, 1), calendar.Of(2022, 12)
	cells, national, err := readINEGIStateMonth(dir, first, last)
	if err != nil {
		return nil, err
	}
	t := &data.Table{
		Meta: data.Meta{
			Title: "Homicides in Mexico by state and month of occurrence, 2015-2022 (INEGI death certificates)",
			Source: "INEGI, Estadísticas de defunciones registradas (vital statistics, deaths by homicide), by place and month of occurrence, as tabulated by Gargiulo, Aburto & Floridi (2023), OSF doi:10.17605/OSF.IO/U8DC3; " +
				"read from thegargiulian/mexico-homicide-rates mexico-state-month-homicide-rates-2000-2022.csv at commit 6869d42f7e4e0d7ad790bc46bd3b4704ce8b31dc.",
			Licence: "CC BY 4.0 (cite Gargiulo, M., Aburto, J. M. & Floridi, G. (2023), OSF, doi:10.17605/OSF.IO/U8DC3); underlying INEGI data under INEGI's Términos de libre uso de la información (attribution required)",
			Unit:    "homicides per month",
			Notes: []string{
				"recipe: from the pipe-separated file keep cve_ent, year, month, homicides for 2015-01..2022-12; state = cve_ent (2-digit INEGI code); month = YYYY-MM; the file's pop_est and homicide_rate columns are dropped." + rerun,
				"caveat: deaths with missing municipality, country or cause, or that occurred abroad, are excluded by the tabulation, so national totals run about 2-7% below INEGI's published annual figures (e.g. 2015 20,263 vs 20,763; 2022 31,048 vs 33,287).",
			},
		},
		Header: []string{"state", "month", "homicides"},
	}
	for s, row := range cells {
		for i, c := range row {
			t.Rows = append(t.Rows, []string{fmt.Sprintf("%02d", s+1), (first + calendar.Month(i)).String(), itoa(c.n)})
		}
	}
	// National totals quoted in SOURCES.md.
	for y, want := range map[int]int64{2015: 20263, 2018: 34426, 2019: 35274, 2020: 35787, 2021: 34346, 2022: 31048} {
		if national[y] != want {
			return nil, fmt.Errorf("check failed: INEGI national %d = %d, SOURCES.md says %d", y, national[y], want)
		}
	}
	return t, nil
}

func buildSESNSPStateMonth(dir string) (*data.Table, error) {
	const f = "homicides/derived_sesnsp_victims_homicidio_doloso_feminicidio_state_month.csv"
	r, err := readRaw(filepath.Join(dir, f), ',', true)
	if err != nil {
		return nil, err
	}
	first, last := calendar.Of(2015, 1), calendar.Of(2025, 6)
	type key struct {
		state string
		m     calendar.Month
	}
	type pair struct {
		doloso, femi    int64
		hasDol, hasFemi bool
	}
	got := map[key]*pair{}
	dolosoYear := map[int]int64{}
	for _, row := range r.rows {
		m, err := ymonth(r.get(row, "year"), r.get(row, "month"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if m < first || m > last {
			return nil, fmt.Errorf("%s: month %s outside %s..%s", f, m, first, last)
		}
		st := r.get(row, "cve_ent")
		if err := stateCode(st); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		n, err := integer(r.get(row, "victims"))
		if err != nil {
			return nil, fmt.Errorf("%s %s %s: %w", f, st, m, err)
		}
		k := key{st, m}
		if got[k] == nil {
			got[k] = &pair{}
		}
		p := got[k]
		switch sub := r.get(row, "subtipo_de_delito"); sub {
		case "Homicidio doloso":
			if p.hasDol {
				return nil, fmt.Errorf("%s: %s %s homicidio doloso twice", f, st, m)
			}
			p.doloso, p.hasDol = n, true
			dolosoYear[m.Year()] += n
		case "Feminicidio":
			if p.hasFemi {
				return nil, fmt.Errorf("%s: %s %s feminicidio twice", f, st, m)
			}
			p.femi, p.hasFemi = n, true
		default:
			return nil, fmt.Errorf("%s: unexpected subtipo %q", f, sub)
		}
	}
	t := &data.Table{
		Meta: data.Meta{
			Title: "Victims of homicidio doloso and feminicidio in Mexico by state and month, 2015-01 to 2025-06 (SESNSP, crimes reported to prosecutors)",
			Source: "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP), Víctimas de delitos del fuero común (carpetas de investigación), " +
				"as tidied in isaacarroyov/datos_facil_acceso GobiernoMexicano/sesnsp/db_victimas_delitos_ent_long.csv.bz2 at commit 804bd4016fa2a8dd4f12eb5562981903bba865ba, " +
				"then summed by the cartelsim project into ../shared/data/homicides/derived_sesnsp_victims_homicidio_doloso_feminicidio_state_month.csv (n_victimas summed over modalidad, genero and rango_de_edad for subtipo_de_delito Homicidio doloso and Feminicidio).",
			Licence: "Mexican government open data, free use with attribution (Términos de Libre Uso MX, datos.gob.mx); attribute SESNSP",
			Unit:    "victims per month",
			Notes: []string{
				"recipe: from the derived file take year, month, cve_ent, subtipo_de_delito, victims; one row per state and month with the Homicidio doloso victims in homicidio_doloso and the Feminicidio victims in feminicidio; state = cve_ent (2-digit INEGI code)." + rerun,
				"caveat: police/prosecutor records, not death certificates, so they differ from INEGI; feminicidio is a separate crime from homicidio doloso, so total intentional-homicide victims are the sum of the two columns. 2025 covers January-June only.",
			},
		},
		Header: []string{"state", "month", "homicidio_doloso", "feminicidio"},
	}
	for s := 1; s <= 32; s++ {
		st := fmt.Sprintf("%02d", s)
		for m := first; m <= last; m++ {
			p := got[key{st, m}]
			if p == nil || !p.hasDol || !p.hasFemi {
				return nil, fmt.Errorf("%s: state %s month %s incomplete", f, st, m)
			}
			t.Rows = append(t.Rows, []string{st, m.String(), itoa(p.doloso), itoa(p.femi)})
		}
	}
	// Homicidio doloso national totals quoted in SOURCES.md.
	for y, want := range map[int]int64{2015: 17884, 2019: 34723, 2024: 30046, 2025: 12752} {
		if dolosoYear[y] != want {
			return nil, fmt.Errorf("check failed: SESNSP doloso %d = %d, SOURCES.md says %d", y, dolosoYear[y], want)
		}
	}
	return t, nil
}

// stateCode accepts a 2-digit INEGI state code 01-32.
func stateCode(s string) error {
	n, err := strconv.Atoi(s)
	if len(s) != 2 || err != nil || n < 1 || n > 32 {
		return fmt.Errorf("%q is not an INEGI state code 01-32", s)
	}
	return nil
}

// ---------------------------------------------------------------------------
// DEA purity

// readDigitised reads a headerless "YYYY/M,value" file and averages months
// that appear more than once (the pill file has three such pairs, probably
// points put in the wrong month when digitising).
func readDigitised(file string) (map[calendar.Month]float64, []calendar.Month, error) {
	r, err := readRaw(file, ',', false)
	if err != nil {
		return nil, nil, err
	}
	sum := map[calendar.Month]float64{}
	cnt := map[calendar.Month]int{}
	var dups []calendar.Month
	for _, row := range r.rows {
		if len(row) != 2 {
			return nil, nil, fmt.Errorf("%s: row %v is not date,value", r.name, row)
		}
		y, mo, ok := strings.Cut(strings.TrimSpace(row[0]), "/")
		if !ok {
			return nil, nil, fmt.Errorf("%s: date %q is not YYYY/M", r.name, row[0])
		}
		m, err := ymonth(y, mo)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", r.name, err)
		}
		v, err := num(row[1])
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s: %w", r.name, m, err)
		}
		if cnt[m] == 1 {
			dups = append(dups, m)
		}
		sum[m] += v
		cnt[m]++
	}
	for m := range sum {
		sum[m] /= float64(cnt[m])
	}
	sort.Slice(dups, func(i, j int) bool { return dups[i] < dups[j] })
	return sum, dups, nil
}

func buildDEAPurity(dir string) (*data.Table, error) {
	powder, pd, err := readDigitised(filepath.Join(dir, "other/USA_fentanyl_powder_average_purity_time_series.csv"))
	if err != nil {
		return nil, err
	}
	pill, pilld, err := readDigitised(filepath.Join(dir, "other/USA_fentanyl_pills_average_purity_time_series.csv"))
	if err != nil {
		return nil, err
	}
	first, last := calendar.Of(2019, 1), calendar.Of(2024, 10)
	var missing []string
	t := &data.Table{
		Header: []string{"month", "powder_purity_pct", "pill_mg"},
	}
	for m := first; m <= last; m++ {
		row := []string{m.String(), "", ""}
		if v, ok := powder[m]; ok {
			row[1] = fmtFloat(v)
		} else {
			missing = append(missing, "powder "+m.String())
		}
		if v, ok := pill[m]; ok {
			row[2] = fmtFloat(v)
		} else {
			missing = append(missing, "pill "+m.String())
		}
		t.Rows = append(t.Rows, row)
	}
	for _, mm := range []map[calendar.Month]float64{powder, pill} {
		for m := range mm {
			if m < first || m > last {
				return nil, fmt.Errorf("month %s outside %s..%s", m, first, last)
			}
		}
	}
	dupText := func(ms []calendar.Month) string {
		if len(ms) == 0 {
			return "none"
		}
		s := make([]string, len(ms))
		for i, m := range ms {
			s[i] = m.String()
		}
		return strings.Join(s, ", ")
	}
	missText := "none"
	if len(missing) > 0 {
		missText = strings.Join(missing, ", ")
	}
	t.Meta = data.Meta{
		Title: "Average purity of fentanyl powder and fentanyl content of fentanyl pills seized in the US, by month, 2019-01 to 2024-10 (DEA, digitised from charts)",
		Source: "US Drug Enforcement Administration, National Drug Threat Assessment 2025, charts of average fentanyl powder purity and fentanyl pill content (DEA laboratory analyses); " +
			"values digitised from those charts with WebPlotDigitizer by Vangelov et al. (Science 2026, 'Did the illicit fentanyl trade experience a supply shock?'), " +
			"read from kvangelo/Supply-Shock-Paper DEApurity/USA_fentanyl_powder_average_purity_time_series.csv and DEApurity/USA_fentanyl_pills_average_purity_time_series.csv at commit f7a55a8080434d0643f8f5c5827fc0361f82542f.",
		Licence: licenceUS + " for the DEA figures; the digitising repository ships no LICENSE file, and only the numbers read off DEA's public charts are used here",
		Unit:    "powder_purity_pct: percent fentanyl by weight; pill_mg: probably milligrams of fentanyl per pill (SOURCES.md: values about 1.5-2.2, check the NDTA chart's axis; the unit is not confirmed)",
		Notes: []string{
			"recipe: read both headerless 'YYYY/M,value' files, sort by month (the pill file is unsorted), average the values of a month that appears twice, round to 3 decimals, and lay them out on 2019-01..2024-10 with an empty cell where a series has no point." + rerun,
			"caveat: points were placed by hand on a chart image, so values are approximate (read error of a few tenths of a percentage point or mg). Months given twice and averaged: powder " + dupText(pd) + "; pill " + dupText(pilld) + " (in each case the following month is absent, so one point was probably digitised into the wrong month). Months with no point: " + missText + ".",
		},
	}
	// SOURCES.md: powder purity about 8% in 2019-21, about 25% mid-2023,
	// about 11% late 2024.
	if err := check("powder purity 2023-06", powder[calendar.Of(2023, 6)], 25, 2); err != nil {
		return nil, err
	}
	if err := check("powder purity 2024-10", powder[calendar.Of(2024, 10)], 11, 1); err != nil {
		return nil, err
	}
	return t, nil
}

// ---------------------------------------------------------------------------
// Mexican population

func buildMexicoPopulation(dir string) (*data.Table, error) {
	const f = "other/conapo_pob_ent_gender_1950_2070.csv"
	r, err := readRaw(filepath.Join(dir, f), ',', true)
	if err != nil {
		return nil, err
	}
	type key struct {
		state, genero string
		year          int
	}
	pop := map[key]int64{}
	for _, row := range r.rows {
		y, err := strconv.Atoi(r.get(row, "n_year"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if y < 2012 || y > 2035 {
			continue
		}
		n, err := integer(r.get(row, "pob_mid_year"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		k := key{r.get(row, "cve_ent"), r.get(row, "genero"), y}
		if _, dup := pop[k]; dup {
			return nil, fmt.Errorf("%s: %v twice", f, k)
		}
		pop[k] = n
	}
	t := &data.Table{
		Meta: data.Meta{
			Title: "Mid-year population of Mexico and its states, 2012-2035 (CONAPO 2023 estimates and projections)",
			Source: "Consejo Nacional de Población (CONAPO), Conciliación Demográfica de México 1950-2019 y Proyecciones de la población de México y de las entidades federativas 2020-2070 (2023), " +
				"as tidied in isaacarroyov/datos_facil_acceso GobiernoMexicano/conapo_proyecciones/conapo_pob_ent_gender_1950_2070.csv at commit 0f8cda8297dcf5e27347da0a4d425661292752a3.",
			Licence: "Mexican government open data, free use with attribution (Términos de Libre Uso MX, datos.gob.mx); attribute CONAPO",
			Unit:    "persons at mid-year (1 July)",
			Notes: []string{
				"recipe: rows with n_year 2012-2035 and genero = Total (the file carries a Total row, so nothing is summed here; the build checks Total = Hombres + Mujeres for every state and year, and that the 32 states add up to the national row); state = cve_ent, 00 = national; population = pob_mid_year." + rerun,
				"caveat: 2020 onward are projections made in 2023; the years before are CONAPO's reconciled estimates.",
			},
		},
		Header: []string{"state", "year", "population"},
	}
	for s := 0; s <= 32; s++ {
		st := fmt.Sprintf("%02d", s)
		for y := 2012; y <= 2035; y++ {
			tot, ok := pop[key{st, "Total", y}]
			h, okh := pop[key{st, "Hombres", y}]
			m, okm := pop[key{st, "Mujeres", y}]
			if !ok || !okh || !okm {
				return nil, fmt.Errorf("%s: state %s year %d incomplete", f, st, y)
			}
			if h+m != tot {
				return nil, fmt.Errorf("%s: state %s year %d: Hombres + Mujeres = %d, Total = %d", f, st, y, h+m, tot)
			}
			t.Rows = append(t.Rows, []string{st, strconv.Itoa(y), itoa(tot)})
		}
	}
	for y := 2012; y <= 2035; y++ {
		var sum int64
		for s := 1; s <= 32; s++ {
			sum += pop[key{fmt.Sprintf("%02d", s), "Total", y}]
		}
		if nat := pop[key{"00", "Total", y}]; sum != nat {
			return nil, fmt.Errorf("%s: %d: states sum to %d, national row says %d", f, y, sum, nat)
		}
	}
	return t, nil
}
