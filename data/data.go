// Package data holds the observed series cartelsim is fitted to and checked
// against, as small curated CSV tables embedded in the binary.
//
// Each table is a file tables/NAME.csv that starts with a block of comment
// lines, "# key: value", naming at least its title, source and licence,
// followed by an ordinary CSV header and rows. The tables are written by the
// project from the agencies' published figures; no third party's file is
// shipped wholesale.
package data

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed tables/*.csv
var tables embed.FS

// Meta describes a table.
type Meta struct {
	// Name is the file name without .csv, e.g. "cdc_overdose_12m".
	Name string
	// Title says what the table holds, in a line.
	Title string
	// Source cites where the figures come from.
	Source string
	// Licence is the licence of the figures.
	Licence string
	// Unit is the unit of the value column(s).
	Unit string
	// Notes holds any other "# key: value" lines, in file order.
	Notes []string
}

// Table is a parsed table.
type Table struct {
	Meta
	// Header names the columns.
	Header []string
	// Rows holds the records, every one as long as Header.
	Rows [][]string
}

// ErrUnknownTable is returned for a table name that is not embedded.
var ErrUnknownTable = errors.New("data: unknown table")

// Names lists the embedded tables, sorted.
func Names() []string {
	ents, err := fs.ReadDir(tables, "tables")
	if err != nil {
		panic("data: embedded tables missing: " + err.Error())
	}
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".csv"))
	}
	sort.Strings(out)
	return out
}

// Catalog returns the metadata of every embedded table.
func Catalog() ([]Meta, error) {
	var out []Meta
	for _, n := range Names() {
		t, err := Load(n)
		if err != nil {
			return nil, err
		}
		out = append(out, t.Meta)
	}
	return out, nil
}

// Load parses the embedded table called name.
func Load(name string) (*Table, error) {
	b, err := tables.ReadFile(path.Join("tables", name+".csv"))
	if err != nil {
		return nil, fmt.Errorf("%w %q (see `cartelsim data list`)", ErrUnknownTable, name)
	}
	t, err := Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("data: table %s: %w", name, err)
	}
	t.Name = name
	return t, nil
}

// Parse reads a table in the project's format from r. It is exported so
// that a user's own table can be checked with the same rules.
func Parse(r io.Reader) (*Table, error) {
	br := bufio.NewReader(r)
	t := &Table{}
	line := 0
	for {
		b, err := br.Peek(1)
		if err != nil || b[0] != '#' {
			break
		}
		s, err := br.ReadString('\n')
		line++
		if err != nil && err != io.EOF {
			return nil, err
		}
		s = strings.TrimSpace(strings.TrimPrefix(s, "#"))
		k, v, ok := strings.Cut(s, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: comment %q is not `# key: value`", line, s)
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "title":
			t.Title = v
		case "source":
			t.Source = join(t.Source, v)
		case "licence", "license":
			t.Licence = v
		case "unit":
			t.Unit = v
		default:
			t.Notes = append(t.Notes, k+": "+v)
		}
	}
	if t.Title == "" || t.Source == "" || t.Licence == "" {
		return nil, fmt.Errorf("header block must name title, source and licence")
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = false
	rows, err := cr.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("line %d: %w", pe.Line+line, pe.Err)
		}
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no CSV header after the comment block")
	}
	t.Header, t.Rows = rows[0], rows[1:]
	return t, nil
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// Col returns the index of the named column.
func (t *Table) Col(name string) (int, error) {
	for i, h := range t.Header {
		if h == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("data: table %s has no column %q", t.Name, name)
}

// Floats returns the named column parsed as numbers; an empty cell is an
// error naming the row.
func (t *Table) Floats(name string) ([]float64, error) {
	c, err := t.Col(name)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		x, err := strconv.ParseFloat(strings.TrimSpace(r[c]), 64)
		if err != nil {
			return nil, fmt.Errorf("data: table %s row %d column %s: %w", t.Name, i+1, name, err)
		}
		out[i] = x
	}
	return out, nil
}

// Strings returns the named column.
func (t *Table) Strings(name string) ([]string, error) {
	c, err := t.Col(name)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = r[c]
	}
	return out, nil
}

// WriteCSV writes the table back in its own format, header block first.
func (t *Table) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# title: %s\n# source: %s\n# licence: %s\n", t.Title, t.Source, t.Licence)
	if t.Unit != "" {
		fmt.Fprintf(bw, "# unit: %s\n", t.Unit)
	}
	for _, n := range t.Notes {
		fmt.Fprintf(bw, "# %s\n", n)
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return bw.Flush()
}
