// Package report writes cartelsim's results as a single self-contained HTML
// file, report.html, that any browser can open from disk with no network.
//
// A report is a Document of Sections, each with paragraphs of text, Charts
// of monthly (or annual) series and Tables. `cartelsim compare` fills one
// with the fit of the baseline to the observed series 2015–2025, each policy
// scenario's projection to 2035 and a table of differences from the
// baseline; this package only lays it out.
//
// Everything the page needs is inside the file: the chart, bar chart and map
// data as JSON in a <script type="application/json"> element, and the
// drawing code (uPlot for charts and bars, Leaflet for maps, over no tile
// layer) and its CSS (built from report/js by report/js/build.sh into
// report/assets, which is committed and embedded here). A
// Content-Security-Policy meta tag forbids every network fetch, so a page
// that works once works offline.
//
// The output depends only on the Document: no clock, map order or
// randomness reaches it, so the same Document gives the same bytes.
package report

import "github.com/cartelsim/cartelsim/calendar"

// Line is one series on a chart.
type Line struct {
	// Label names the series in the legend.
	Label string
	// Start is the month of Values[0]. In an annual chart only its year
	// counts: Values[i] is the total of year Start.Year()+i.
	Start calendar.Month
	// Values holds one value per month (per year in an annual chart).
	// NaN, and ±Inf, are gaps: nothing is drawn there.
	Values []float64
	// Observed marks measured data, drawn as points in a neutral grey so
	// that it is never mistaken for model output.
	Observed bool
	// Band is an optional uncertainty band around the line, drawn as a
	// shaded area in the line's colour. It may be nil.
	Band *Band
}

// Band is an uncertainty band: Lo[i] and Hi[i] bound Values[i] of its Line,
// so both are as long as Values. NaN is a gap, as in Values.
type Band struct{ Lo, Hi []float64 }

// Chart is one time-series panel.
type Chart struct {
	// ID is the chart's HTML id, unique in the Document, without white
	// space and not "sec-…", "toc-heading" or "report-data", which the
	// page uses itself; an empty ID is given one ("chart-N").
	ID string
	// Title heads the chart's caption.
	Title string
	// Unit labels the y axis, e.g. "deaths per 12 months".
	Unit string
	// Note is a sentence under the title: source, definition, caveat.
	Note string
	// Lines are the series, drawn in order; simulated lines take colours
	// from a palette safe for colour-blind readers.
	Lines []Line
	// Annual says the values are annual totals placed at January of each
	// year (drawn as steps and points) rather than monthly values.
	Annual bool
}

// Table is a table of text cells. The first cell of each row is taken as
// the row's heading (<th scope="row">).
type Table struct {
	// Caption says what the table shows.
	Caption string
	// Header names the columns. It may be empty; when it is not, every
	// row must be as long.
	Header []string
	// Rows holds the cells, already formatted.
	Rows [][]string
	// Notes are footnotes printed under the table.
	Notes []string
}

// Section is a headed part of the report.
type Section struct {
	// Heading is the section's title, listed in the table of contents.
	Heading string
	// Text is plain text (it is escaped) whose paragraphs are separated
	// by blank lines.
	Text string
	// Charts are drawn after the text.
	Charts []Chart
	// Bars, bar charts of ranked rows, follow the charts.
	Bars []BarChart
	// Maps follow the bar charts.
	Maps []Map
	// Tables follow the charts.
	Tables []Table
}

// Document is a whole report.
type Document struct {
	// Title is the page's <title> and top heading.
	Title string
	// Subtitle is a line under the title; it may be empty.
	Subtitle string
	// Generated says what produced the report, e.g. version and seed.
	// The caller supplies it: the package reads no clock, so that the
	// output is deterministic.
	Generated string
	// Sections are the report's parts, in order.
	Sections []Section
	// Footer is the sources and licences text, plain text with
	// paragraphs separated by blank lines.
	Footer string
}
