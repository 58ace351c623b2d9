package report

import (
	"fmt"
	"math"
)

// BarChart is a horizontal bar chart of named rows, one bar per series in
// each row, with an optional interval on each bar: for example parameters
// ranked by their Sobol' indices with bootstrap intervals. Rows are drawn
// top to bottom in the order given. uPlot draws it (js/src/bars.js).
type BarChart struct {
	// ID is the chart's HTML id, unique in the Document; an empty ID is
	// given one ("bars-N").
	ID    string
	Title string
	// Unit labels the value axis.
	Unit string
	// Note is a sentence under the title.
	Note string
	// Series names the bars of each row, e.g. "total ST", "first-order S".
	Series []string
	// FlagLabel says what a flagged row is, e.g. "assumption rather than a
	// study"; flagged rows' labels are drawn with a marker in a colour of
	// their own and the legend explains it.
	FlagLabel string
	Rows      []BarRow
}

// BarRow is one row: a label and one value per series.
type BarRow struct {
	Label string
	Flag  bool
	// Values holds one value per series; NaN draws no bar.
	Values []float64
	// Lo and Hi, if not nil, bound each value (NaN: no interval).
	Lo, Hi []float64
}

func (c BarChart) validate() []string {
	var errs []string
	if len(c.Series) == 0 {
		errs = append(errs, "bar chart has no series")
	}
	if len(c.Rows) == 0 {
		errs = append(errs, "bar chart has no rows")
	}
	for i, r := range c.Rows {
		if len(r.Values) != len(c.Series) {
			errs = append(errs, fmt.Sprintf("row %d (%s): %d values for %d series", i+1, r.Label, len(r.Values), len(c.Series)))
		}
		if (r.Lo == nil) != (r.Hi == nil) || (r.Lo != nil && (len(r.Lo) != len(c.Series) || len(r.Hi) != len(c.Series))) {
			errs = append(errs, fmt.Sprintf("row %d (%s): %d lo and %d hi bounds for %d series", i+1, r.Label, len(r.Lo), len(r.Hi), len(c.Series)))
		}
		for _, x := range r.Values {
			if math.IsInf(x, 0) {
				errs = append(errs, fmt.Sprintf("row %d (%s): infinite value", i+1, r.Label))
				break
			}
		}
		if r.Flag && c.FlagLabel == "" {
			errs = append(errs, fmt.Sprintf("row %d (%s): flagged but the chart has no FlagLabel", i+1, r.Label))
		}
	}
	return errs
}

// barsData is a bar chart as report/js/src/bars.js reads it. Values are
// column-wise, one array per series, as uPlot wants them.
type barsData struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Unit      string   `json:"unit"`
	FlagLabel string   `json:"flagLabel,omitempty"`
	Labels    []string `json:"labels"`
	Flags     []bool   `json:"flags"`
	Series    []barSer `json:"series"`
}

type barSer struct {
	Label  string `json:"label"`
	Values nums   `json:"values"`
	Lo     nums   `json:"lo,omitempty"`
	Hi     nums   `json:"hi,omitempty"`
}

func barsJSON(c BarChart) barsData {
	bd := barsData{ID: c.ID, Title: c.Title, Unit: c.Unit, FlagLabel: c.FlagLabel, Labels: []string{}, Flags: []bool{}}
	withIntervals := make([]bool, len(c.Series))
	for _, r := range c.Rows {
		bd.Labels = append(bd.Labels, r.Label)
		bd.Flags = append(bd.Flags, r.Flag)
		for s := range c.Series {
			withIntervals[s] = withIntervals[s] || r.Lo != nil
		}
	}
	for s, name := range c.Series {
		ser := barSer{Label: name, Values: make(nums, len(c.Rows))}
		if withIntervals[s] {
			ser.Lo, ser.Hi = make(nums, len(c.Rows)), make(nums, len(c.Rows))
		}
		for i, r := range c.Rows {
			ser.Values[i] = r.Values[s]
			if withIntervals[s] {
				ser.Lo[i], ser.Hi[i] = math.NaN(), math.NaN()
				if r.Lo != nil {
					ser.Lo[i], ser.Hi[i] = r.Lo[s], r.Hi[s]
				}
			}
		}
		bd.Series = append(bd.Series, ser)
	}
	return bd
}
