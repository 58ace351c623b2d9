package tidy

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

func TestFormatValue(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{1, "1"},
		{-1, "-1"},
		{2.5, "2.5"},
		{1.23456, "1.2346"}, // rounded to 4 decimals
		{1.23454, "1.2345"}, // rounded down
		{0.1 + 0.2, "0.3"},  // 0.30000000000000004 is noise below 1e-4
		{-0.00004, "0"},     // rounds to −0, written without the sign
		{math.Copysign(0, -1), "0"},
		{-0.00006, "-0.0001"}, // a true negative keeps its sign
		{1e6, "1000000"},      // never exponent notation
		{123456789.12345678, "123456789.1235"},
		{1e-5, "0"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "NaN"},
		{math.Inf(-1), "NaN"},
	} {
		if got := FormatValue(tt.x); got != tt.want {
			t.Errorf("FormatValue(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

// TestFormatValueRoundTrip: the written value parses back to within half
// a unit of the fourth decimal, and never as "-0".
func TestFormatValueRoundTrip(t *testing.T) {
	t.Parallel()
	const tol = 0.5e-4
	for _, x := range []float64{3.14159265, -2.71828, 12345.678901, 1.0 / 3, -1e-7, 987654.32109} {
		s := FormatValue(x)
		if strings.HasPrefix(s, "-0") && strings.Trim(s, "-0.") == "" {
			t.Errorf("FormatValue(%g) = %q", x, s)
		}
		y, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("FormatValue(%g) = %q: %v", x, s, err)
		}
		if math.Abs(x-y) > tol*(1+1e-9) {
			t.Errorf("FormatValue(%g) = %q, off by %g", x, s, math.Abs(x-y))
		}
	}
}

// rows is a fixture of values with awkward cases: −0, NaN, a long
// fraction.
var rows = []struct {
	m         calendar.Month
	v, region string
	x         float64
}{
	{calendar.Of(2024, 1), "us_overdose_deaths", "all", 6543.21987},
	{calendar.Of(2024, 1), "mx_homicides", "25", 123},
	{calendar.Of(2024, 2), "fentanyl_share", "all", math.Copysign(0, -1)},
	{calendar.Of(2024, 2), "fentanyl_price_index", "all", math.NaN()},
}

func write(t *testing.T, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, format)
	if err != nil {
		t.Fatal(err)
	}
	w.SetScenario("naloxone")
	for _, r := range rows {
		if err := w.Record(r.m, r.v, r.region, r.x); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Rows() != len(rows) {
		t.Errorf("Rows() = %d, want %d", w.Rows(), len(rows))
	}
	return buf.Bytes()
}

func TestWriterCSV(t *testing.T) {
	t.Parallel()
	recs, err := csv.NewReader(bytes.NewReader(write(t, "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "scenario,date,variable,region,value" {
		t.Errorf("header %q", got)
	}
	want := [][]string{
		{"naloxone", "2024-01", "us_overdose_deaths", "all", "6543.2199"},
		{"naloxone", "2024-01", "mx_homicides", "25", "123"},
		{"naloxone", "2024-02", "fentanyl_share", "all", "0"},
		{"naloxone", "2024-02", "fentanyl_price_index", "all", "NaN"},
	}
	if len(recs)-1 != len(want) {
		t.Fatalf("%d data rows, want %d", len(recs)-1, len(want))
	}
	for i, w := range want {
		if strings.Join(recs[i+1], ",") != strings.Join(w, ",") {
			t.Errorf("row %d = %q, want %q", i+1, recs[i+1], w)
		}
	}
}

func TestWriterJSON(t *testing.T) {
	t.Parallel()
	var got []struct {
		Scenario string   `json:"scenario"`
		Date     string   `json:"date"`
		Variable string   `json:"variable"`
		Region   string   `json:"region"`
		Value    *float64 `json:"value"`
	}
	b := write(t, "json")
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, b)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d objects, want %d", len(got), len(rows))
	}
	for i, r := range rows {
		g := got[i]
		if g.Scenario != "naloxone" || g.Date != r.m.String() || g.Variable != r.v || g.Region != r.region {
			t.Errorf("object %d = %+v", i, g)
		}
		switch {
		case math.IsNaN(r.x):
			if g.Value != nil {
				t.Errorf("object %d: NaN written as %g, want null", i, *g.Value)
			}
		case g.Value == nil:
			t.Errorf("object %d: value null, want %g", i, r.x)
		case math.Abs(*g.Value-r.x) > 0.5e-4:
			t.Errorf("object %d: value %g, want %g", i, *g.Value, r.x)
		}
	}
	// Every object carries exactly the header's fields.
	var raw []map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for i, o := range raw {
		for _, k := range strings.Split(Header, ",") {
			if _, ok := o[k]; !ok {
				t.Errorf("object %d lacks %q", i, k)
			}
		}
		if len(o) != 5 {
			t.Errorf("object %d has %d fields", i, len(o))
		}
	}
}

// TestWriterEmpty: a run that records nothing still writes a valid
// document.
func TestWriterEmpty(t *testing.T) {
	t.Parallel()
	for _, f := range Formats {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		switch f {
		case "csv":
			if buf.String() != Header+"\n" {
				t.Errorf("empty CSV = %q", buf.String())
			}
		case "json":
			var v []any
			if err := json.Unmarshal(buf.Bytes(), &v); err != nil || len(v) != 0 {
				t.Errorf("empty JSON %q: %v", buf.String(), err)
			}
		}
	}
}

func TestNewWriterRejectsFormat(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"", "xml", "CSV", "parquet"} {
		if _, err := NewWriter(&bytes.Buffer{}, f); err == nil || !strings.HasPrefix(err.Error(), "tidy: ") {
			t.Errorf("NewWriter(%q): err = %v", f, err)
		}
	}
}

// failWriter fails every write.
type failWriter struct{}

var errDisk = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }

// TestWriterReportsErrors: a failing destination surfaces as an error,
// at the latest on Close (the writer buffers 64 KiB).
func TestWriterReportsErrors(t *testing.T) {
	t.Parallel()
	for _, f := range Formats {
		w, err := NewWriter(failWriter{}, f)
		if err != nil {
			t.Fatal(err)
		}
		var recErr error
		// 100,000 rows overflow the buffer.
		for i := 0; i < 100000 && recErr == nil; i++ {
			recErr = w.Record(calendar.Of(2024, 1), "us_overdose_deaths", "all", float64(i))
		}
		closeErr := w.Close()
		if !errors.Is(recErr, errDisk) && !errors.Is(closeErr, errDisk) {
			t.Errorf("%s: Record error %v, Close error %v; want %v", f, recErr, closeErr, errDisk)
		}
		if recErr != nil {
			if err := w.Record(calendar.Of(2024, 2), "x", "all", 1); !errors.Is(err, errDisk) {
				t.Errorf("%s: Record after a failure = %v, want the first error", f, err)
			}
		}
	}
}

func TestCollector(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	start := calendar.Of(2024, 1)
	c := NewCollector(start)
	// Recorded out of order, with a gap in 2024-03 and a value overwritten.
	for _, r := range []struct {
		m calendar.Month
		x float64
	}{
		{start + 3, 40}, {start, 10}, {start + 1, 20}, {start + 1, 21}, {start + 5, 60},
	} {
		if err := c.Record(r.m, "deaths", "all", r.x); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Record(start, "deaths", "25", 99); err != nil {
		t.Fatal(err)
	}
	if got, want := c.Get("deaths", "all"), []float64{10, 21, 0, 40, 0, 60}; !equal(got, want) {
		t.Errorf("Get = %v, want %v", got, want)
	}
	if c.Get("deaths", "nowhere") != nil || c.Get("births", "all") != nil {
		t.Error("Get of an unrecorded series is not nil")
	}
	for _, tt := range []struct {
		name     string
		from, to calendar.Month
		want     float64
	}{
		{"all months", start, start + 5, 131},
		{"one month", start + 1, start + 1, 21},
		{"window starting before the series", start - 12, start + 1, 31},
		{"window ending after the series", start + 3, start + 24, 100},
		{"window outside the series", start + 10, start + 20, 0},
		{"reversed window", start + 5, start, 0},
	} {
		if got := c.Sum("deaths", "all", tt.from, tt.to); math.Abs(got-tt.want) > tol {
			t.Errorf("Sum %s = %g, want %g", tt.name, got, tt.want)
		}
	}
	if got := c.Sum("deaths", "25", start, start+5); got != 99 {
		t.Errorf("Sum of region 25 = %g, want 99 (regions kept apart)", got)
	}
	for _, tt := range []struct {
		m    calendar.Month
		want float64
		ok   bool
	}{
		{start, 10, true},
		{start + 2, 0, true}, // a gap inside the series reads as 0
		{start + 5, 60, true},
		{start + 6, 0, false},
		{start - 1, 0, false},
	} {
		if got, ok := c.At("deaths", "all", tt.m); got != tt.want || ok != tt.ok {
			t.Errorf("At(%v) = %g, %v; want %g, %v", tt.m, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := c.At("births", "all", start); ok {
		t.Error("At of an unrecorded series reports ok")
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCollectorRecordBeforeStart: Record returns an error, so a month
// before the collector's start should come back as one rather than a
// runtime panic.
func TestCollectorRecordBeforeStart(t *testing.T) {
	t.Parallel()
	c := NewCollector(calendar.Of(2024, 1))
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("Record before Start panicked: %v", r)
		}
	}()
	if err := c.Record(calendar.Of(2023, 12), "deaths", "all", 1); err == nil {
		t.Error("Record before Start succeeded")
	}
}
