// Package tidy writes simulation output as tidy rows,
//
//	scenario,date,variable,region,value
//
// one value per row, in CSV or JSON, and collects rows in memory for
// comparisons and reports.
package tidy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/cartelsim/cartelsim/calendar"
)

// Header is the CSV header.
const Header = "scenario,date,variable,region,value"

// Formats are the supported output formats.
var Formats = []string{"csv", "json"}

// Writer writes rows in one format; it implements sim.Recorder.
type Writer struct {
	w        *bufio.Writer
	format   string
	scenario string
	rows     int
	err      error
}

// NewWriter starts output in format ("csv" or "json") on w.
func NewWriter(w io.Writer, format string) (*Writer, error) {
	if format != "csv" && format != "json" {
		return nil, fmt.Errorf("tidy: unknown format %q (want csv or json)", format)
	}
	t := &Writer{w: bufio.NewWriterSize(w, 1<<16), format: format}
	if format == "csv" {
		t.w.WriteString(Header + "\n")
	} else {
		t.w.WriteString("[")
	}
	return t, nil
}

// SetScenario names the scenario of the rows that follow.
func (t *Writer) SetScenario(name string) { t.scenario = name }

// Record writes one row.
func (t *Writer) Record(m calendar.Month, variable, region string, value float64) error {
	if t.err != nil {
		return t.err
	}
	v := FormatValue(value)
	if t.format == "csv" {
		// Names are ours (lower-case identifiers and codes), so none needs
		// CSV quoting; scenario names are validated the same way.
		_, t.err = fmt.Fprintf(t.w, "%s,%s,%s,%s,%s\n", t.scenario, m, variable, region, v)
	} else {
		sep := ","
		if t.rows == 0 {
			sep = ""
		}
		sc, _ := json.Marshal(t.scenario)
		if v == "NaN" {
			v = "null"
		}
		_, t.err = fmt.Fprintf(t.w, "%s\n{\"scenario\":%s,\"date\":\"%s\",\"variable\":%q,\"region\":%q,\"value\":%s}", sep, sc, m, variable, region, v)
	}
	t.rows++
	return t.err
}

// Close finishes the document and flushes it.
func (t *Writer) Close() error {
	if t.err != nil {
		return t.err
	}
	if t.format == "json" {
		t.w.WriteString("\n]\n")
	}
	return t.w.Flush()
}

// Rows is the number of rows written.
func (t *Writer) Rows() int { return t.rows }

// FormatValue writes x rounded to 4 decimals, without trailing zeros, so
// that output is short, exact to the model's precision and identical across
// platforms.
func FormatValue(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "NaN"
	}
	r := math.Round(x*1e4) / 1e4
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
