package report

import (
	"math"
	"strconv"

	"github.com/cartelsim/cartelsim/calendar"
)

// pageData is the JSON document that report/js/src/main.js reads from the
// page's <script id="report-data"> element. Change the two together.
type pageData struct {
	Charts []chartData `json:"charts"`
	Bars   []barsData  `json:"bars"`
	Maps   []mapData   `json:"maps"`
}

// chartData is one chart with all its series on a shared x grid, so that
// uPlot, which wants one x array per chart, can draw lines that start and
// end in different months.
type chartData struct {
	ID     string       `json:"id"`
	Title  string       `json:"title"`
	Unit   string       `json:"unit"`
	Annual bool         `json:"annual"`
	Start  string       `json:"start"` // YYYY-MM of point 0
	Step   int          `json:"step"`  // months between points: 1, or 12 when annual
	N      int          `json:"n"`     // points on the grid
	Series []seriesData `json:"series"`
}

type seriesData struct {
	Label    string `json:"label"`
	Observed bool   `json:"observed"`
	Values   nums   `json:"values"`
	Lo       nums   `json:"lo,omitempty"`
	Hi       nums   `json:"hi,omitempty"`
}

// nums is a series for JSON, which has no NaN: gaps become null.
type nums []float64

// sigDigits bounds the precision written for each value. Seven significant
// digits is far finer than a chart or its legend can show, and it keeps a
// report of a dozen scenarios to a few hundred kilobytes.
const sigDigits = 7

// MarshalJSON writes v as a JSON array with null for NaN and ±Inf.
func (v nums) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(v)*8)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b = append(b, "null"...)
			continue
		}
		b = strconv.AppendFloat(b, x, 'g', sigDigits, 64)
	}
	return append(b, ']'), nil
}

// grid is the x axis shared by a chart's lines: n points from start, step
// months apart.
type grid struct {
	start calendar.Month
	step  int
	n     int
}

// index is where month m (or, in an annual chart, the year of m) falls
// on the grid.
func (g grid) index(m calendar.Month) int {
	if g.step == 12 {
		return m.Year() - g.start.Year()
	}
	return int(m - g.start)
}

// gridOf spans every value of every line of c. A chart with no values
// gets an empty grid.
func gridOf(c Chart) grid {
	g := grid{step: 1}
	if c.Annual {
		g.step = 12
	}
	first, last, found := 0, 0, false
	for _, l := range c.Lines {
		if len(l.Values) == 0 {
			continue
		}
		// In months for a monthly chart, in years for an annual one.
		lo, hi := int(l.Start), int(l.Start)+len(l.Values)-1
		if c.Annual {
			lo, hi = l.Start.Year(), l.Start.Year()+len(l.Values)-1
		}
		if !found || lo < first {
			first = lo
		}
		if !found || hi > last {
			last = hi
		}
		found = true
	}
	if !found {
		g.start = calendar.Of(2000, 1) // arbitrary: nothing is drawn
		return g
	}
	if c.Annual {
		g.start = calendar.Of(first, 1)
	} else {
		g.start = calendar.Month(first)
	}
	g.n = last - first + 1
	return g
}

// place returns vals laid on g, starting at month start, with NaN
// wherever vals has no value.
func place(g grid, start calendar.Month, vals []float64) nums {
	out := make(nums, g.n)
	for i := range out {
		out[i] = math.NaN()
	}
	if len(vals) > 0 {
		copy(out[g.index(start):], vals)
	}
	return out
}

// chartJSON turns c, whose ID is already final, into its JSON form.
func chartJSON(c Chart) chartData {
	g := gridOf(c)
	cd := chartData{
		ID:     c.ID,
		Title:  c.Title,
		Unit:   c.Unit,
		Annual: c.Annual,
		Start:  g.start.String(),
		Step:   g.step,
		N:      g.n,
		Series: make([]seriesData, 0, len(c.Lines)),
	}
	for _, l := range c.Lines {
		sd := seriesData{
			Label:    l.Label,
			Observed: l.Observed,
			Values:   place(g, l.Start, l.Values),
		}
		if l.Band != nil {
			sd.Lo = place(g, l.Start, l.Band.Lo)
			sd.Hi = place(g, l.Start, l.Band.Hi)
		}
		cd.Series = append(cd.Series, sd)
	}
	return cd
}
