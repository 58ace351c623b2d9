package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// The built front end (see js/build.sh). It is committed, so building the
// Go binary needs no Node; a missing file fails the build, not a report.
var (
	//go:embed assets/report.js
	assetJS string
	//go:embed assets/report.css
	assetCSS string
	// Leaflet and the map code, inlined only into pages with maps.
	//go:embed assets/map.js
	assetMapJS string
	//go:embed assets/map.css
	assetMapCSS string
	//go:embed page.css
	pageCSS string
	//go:embed page.html.tmpl
	pageTmpl string
)

// page is parsed once; html/template is safe for concurrent Execute, and
// nothing changes it afterwards.
var page = template.Must(template.New("page").Parse(pageTmpl))

// view is what the template sees: the Document with text split into
// paragraphs, IDs settled and table cells classified.
type view struct {
	Title, Subtitle, Generated string
	Sections                   []sectionView
	Footer                     []string
	Data                       pageData
	LibCSS, PageCSS            template.CSS
	JS                         template.JS
	// MapCSS and MapJS are empty unless the page has a map.
	MapCSS template.CSS
	MapJS  template.JS
}

type sectionView struct {
	ID, Heading string
	Paras       []string
	Charts      []Chart
	Bars        []BarChart
	Maps        []mapView
	Tables      []tableView
}

type mapView struct {
	ID, Title, Unit, Note string
	Label                 string // the map's accessible description
}

type tableView struct {
	Caption string
	Header  []cell
	Rows    [][]cell
	Notes   []string
}

type cell struct {
	Text string
	Num  bool // right-aligned with tabular figures
}

// WriteHTML writes d as a self-contained HTML page to w. It checks d first
// and reports every problem it finds (see Validate); nothing is written
// then. The page is rendered in memory and written in one call, so a
// template failure leaves w untouched too.
func WriteHTML(w io.Writer, d Document) error {
	b, err := render(d)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	if err != nil {
		return fmt.Errorf("report: write: %w", err)
	}
	return nil
}

func render(d Document) ([]byte, error) {
	if err := Validate(d); err != nil {
		return nil, err
	}
	v := view{
		Title:     d.Title,
		Subtitle:  d.Subtitle,
		Generated: d.Generated,
		Footer:    paragraphs(d.Footer),
		Data:      pageData{Charts: []chartData{}, Bars: []barsData{}, Maps: []mapData{}},
		LibCSS:    template.CSS(assetCSS),
		PageCSS:   template.CSS(pageCSS),
		JS:        template.JS(assetJS),
	}
	ids := chartIDs(d)
	k, nMaps, nBars := 0, 0, 0
	for i, s := range d.Sections {
		sv := sectionView{
			ID:      "sec-" + strconv.Itoa(i+1),
			Heading: s.Heading,
			Paras:   paragraphs(s.Text),
		}
		for _, c := range s.Charts {
			c.ID = ids[k]
			k++
			sv.Charts = append(sv.Charts, c)
			v.Data.Charts = append(v.Data.Charts, chartJSON(c))
		}
		for _, b := range s.Bars {
			nBars++
			if b.ID == "" {
				b.ID = "bars-" + strconv.Itoa(nBars)
			}
			sv.Bars = append(sv.Bars, b)
			v.Data.Bars = append(v.Data.Bars, barsJSON(b))
		}
		for _, m := range s.Maps {
			nMaps++
			id := m.ID
			if id == "" {
				id = "map-" + strconv.Itoa(nMaps)
			}
			m.ID = id
			sv.Maps = append(sv.Maps, mapView{ID: id, Title: m.Title, Unit: m.Unit, Note: m.Note, Label: m.describe()})
			v.Data.Maps = append(v.Data.Maps, mapJSON(m))
		}
		for _, t := range s.Tables {
			sv.Tables = append(sv.Tables, tableOf(t))
		}
		v.Sections = append(v.Sections, sv)
	}
	if len(v.Data.Maps) > 0 {
		v.MapCSS, v.MapJS = template.CSS(assetMapCSS), template.JS(assetMapJS)
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		return nil, fmt.Errorf("report: render: %w", err)
	}
	return buf.Bytes(), nil
}

// Validate reports every problem in d that would make a wrong or broken
// page, each with its place ("section 2 chart 1 line 3: ..."), joined with
// errors.Join. It returns nil for a good Document.
func Validate(d Document) error {
	var errs []error
	seen := map[string]string{}
	for i, s := range d.Sections {
		for j, c := range s.Charts {
			at := fmt.Sprintf("section %d chart %d", i+1, j+1)
			if c.ID != "" {
				if prev, ok := seen[c.ID]; ok {
					errs = append(errs, fmt.Errorf("report: %s: id %q already used by %s", at, c.ID, prev))
				} else {
					seen[c.ID] = at
				}
				if c.ID == "report-data" || c.ID == "toc-heading" || strings.HasPrefix(c.ID, "sec-") {
					errs = append(errs, fmt.Errorf("report: %s: id %q is reserved for the page's own elements", at, c.ID))
				}
				if strings.ContainsFunc(c.ID, unicode.IsSpace) {
					errs = append(errs, fmt.Errorf("report: %s: id %q contains white space, which HTML ids may not", at, c.ID))
				}
			}
			for k, l := range c.Lines {
				if l.Band == nil {
					continue
				}
				if len(l.Band.Lo) != len(l.Values) || len(l.Band.Hi) != len(l.Values) {
					errs = append(errs, fmt.Errorf("report: %s line %d (%q): band has %d lo and %d hi values for %d values",
						at, k+1, l.Label, len(l.Band.Lo), len(l.Band.Hi), len(l.Values)))
				}
			}
		}
		for j, b := range s.Bars {
			for _, e := range b.validate() {
				errs = append(errs, fmt.Errorf("report: section %d bar chart %d: %s", i+1, j+1, e))
			}
		}
		for j, m := range s.Maps {
			for _, e := range m.validate() {
				errs = append(errs, fmt.Errorf("report: section %d map %d: %s", i+1, j+1, e))
			}
		}
		for j, t := range s.Tables {
			if len(t.Header) == 0 {
				continue
			}
			for r, row := range t.Rows {
				if len(row) != len(t.Header) {
					errs = append(errs, fmt.Errorf("report: section %d table %d row %d: %d cells for %d columns",
						i+1, j+1, r+1, len(row), len(t.Header)))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// chartIDs returns the ID of every chart in document order, giving each
// chart without one the first free "chart-N", so that the same Document
// always gets the same IDs.
func chartIDs(d Document) []string {
	used := map[string]bool{}
	for _, s := range d.Sections {
		for _, c := range s.Charts {
			used[c.ID] = true
		}
	}
	var ids []string
	n := 0
	for _, s := range d.Sections {
		for _, c := range s.Charts {
			id := c.ID
			for id == "" {
				n++
				if cand := "chart-" + strconv.Itoa(n); !used[cand] {
					id = cand
					used[cand] = true
				}
			}
			ids = append(ids, id)
		}
	}
	return ids
}

// paragraphs splits plain text at blank lines. Single line breaks inside a
// paragraph are kept as spaces, as in Markdown.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func tableOf(t Table) tableView {
	numCol := numericColumns(t)
	tv := tableView{Caption: t.Caption, Notes: t.Notes}
	for j, h := range t.Header {
		tv.Header = append(tv.Header, cell{Text: h, Num: numCol[j]})
	}
	for _, row := range t.Rows {
		cells := make([]cell, len(row))
		for j, s := range row {
			cells[j] = cell{Text: s, Num: j > 0 && isNumeric(s)}
		}
		tv.Rows = append(tv.Rows, cells)
	}
	return tv
}

// numericColumns marks the columns after the first whose every non-empty
// cell is a number; their headers are right-aligned over the figures.
func numericColumns(t Table) []bool {
	width := len(t.Header)
	for _, r := range t.Rows {
		width = max(width, len(r))
	}
	num := make([]bool, width)
	for j := 1; j < width; j++ {
		seen := false
		num[j] = true
		for _, r := range t.Rows {
			if j >= len(r) || strings.TrimSpace(r[j]) == "" {
				continue
			}
			seen = true
			if !isNumeric(r[j]) {
				num[j] = false
				break
			}
		}
		num[j] = num[j] && seen
	}
	return num
}

// isNumeric says whether s reads as a formatted number such as "108,234",
// "-12.5%", "+3.1k", "−0.4" or "1.2e6", i.e. a cell to right-align.
func isNumeric(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "+-−±~≈")
	s = strings.TrimRight(s, "%‰kMBT×x")
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == '\u202f' || r == ' ':
		case (r == 'e' || r == 'E') && i > 0:
		default:
			return false
		}
	}
	return digits > 0
}
