package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// FormatText writes t as an aligned plain-text table for a terminal: the
// caption, the header underlined with dashes, the rows, then the notes.
// Columns whose cells are all numbers are right-aligned, as in the HTML.
func FormatText(w io.Writer, t Table) error {
	ew := &errWriter{w: w}
	if t.Caption != "" {
		fmt.Fprintln(ew, clean(t.Caption))
	}
	num := numericColumns(t)
	width := make([]int, len(num))
	measure := func(row []string) {
		for j, s := range row {
			width[j] = max(width[j], utf8.RuneCountInString(clean(s)))
		}
	}
	measure(t.Header)
	for _, r := range t.Rows {
		measure(r)
	}
	// tabwriter aligns every column the same way, so numeric cells are
	// padded on the left to their column's width beforehand.
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	line := func(row []string) {
		for j, s := range row {
			s = clean(s)
			if num[j] {
				s = strings.Repeat(" ", width[j]-utf8.RuneCountInString(s)) + s
			}
			if j > 0 {
				io.WriteString(tw, "\t")
			}
			io.WriteString(tw, s)
		}
		io.WriteString(tw, "\n")
	}
	if len(t.Header) > 0 {
		line(t.Header)
		rule := make([]string, len(t.Header))
		for j := range rule {
			rule[j] = strings.Repeat("-", max(width[j], 1))
		}
		line(rule)
	}
	for _, r := range t.Rows {
		line(r)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, n := range t.Notes {
		fmt.Fprintln(ew, "Note: "+clean(n))
	}
	if ew.err != nil {
		return fmt.Errorf("report: %w", ew.err)
	}
	return nil
}

// clean puts a cell on one line: a tab or newline inside it would break
// the columns.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// errWriter keeps the first write error so that FormatText can write
// freely and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
