package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// sobolBars is a bar chart like the one `cartelsim sensitivity` draws:
// three parameters by total and first-order index, with intervals; the
// second rests on an assumption, the third has a first-order estimate
// below zero (noise) and no interval for it.
func sobolBars() BarChart {
	return BarChart{ID: "sobol-1", Title: "Sobol' indices", Unit: "share of variance",
		Series: []string{"total ST", "first-order S"}, FlagLabel: "assumption",
		Rows: []BarRow{
			{Label: "health.naloxone_effect", Values: []float64{0.62, 0.48}, Lo: []float64{0.5, 0.3}, Hi: []float64{0.75, 0.6}},
			{Label: "policy.strike_effect", Flag: true, Values: []float64{0.3, 0.21}, Lo: []float64{0.2, 0.1}, Hi: []float64{0.41, 0.33}},
			{Label: "orgs.recruitment", Values: []float64{0.05, -0.02}, Lo: []float64{0.01, math.NaN()}, Hi: []float64{0.09, math.NaN()}},
		}}
}

func morrisBars() BarChart {
	return BarChart{Title: "Morris", Unit: "deaths", Series: []string{"mu*", "sigma"},
		Rows: []BarRow{{Label: "a", Values: []float64{1200, 300}}, {Label: "b", Values: []float64{800, 900}}}}
}

func barsDoc(b ...BarChart) Document {
	return Document{Title: "sensitivity", Sections: []Section{{Heading: "deaths averted", Bars: b,
		Tables: []Table{{Header: []string{"rank", "parameter"}, Rows: [][]string{{"1", "health.naloxone_effect"}}}}}}}
}

func TestBarsData(t *testing.T) {
	t.Parallel()
	page := mustHTML(t, barsDoc(sobolBars(), morrisBars()))
	for _, want := range []string{`<figure class="chart bars" id="sobol-1">`, `<figure class="chart bars" id="bars-2">`, `aria-label="Bar chart: Sobol&#39; indices, share of variance"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// A page without maps carries no Leaflet.
	if strings.Contains(page, "Leaflet 1.9.4") {
		t.Error("a page without maps contains Leaflet")
	}
	bars := reportData(t, page)["bars"].([]any)
	if len(bars) != 2 {
		t.Fatalf("%d bar charts in the data, want 2", len(bars))
	}
	b := bars[0].(map[string]any)
	if got := b["labels"].([]any); len(got) != 3 || got[1] != "policy.strike_effect" {
		t.Errorf("labels %v", got)
	}
	if got := b["flags"].([]any); got[0] != false || got[1] != true {
		t.Errorf("flags %v", got)
	}
	s := b["series"].([]any)[1].(map[string]any)
	if s["label"] != "first-order S" || s["values"].([]any)[2] != -0.02 || s["lo"].([]any)[2] != nil || s["hi"].([]any)[0] != 0.6 {
		t.Errorf("series %v", s)
	}
	m := bars[1].(map[string]any)["series"].([]any)[0].(map[string]any)
	if _, ok := m["lo"]; ok {
		t.Errorf("a series without intervals has lo: %v", m)
	}
}

func TestBarsRejectsBadCharts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		b    BarChart
		want string
	}{
		{"no series", BarChart{Rows: []BarRow{{Label: "a"}}}, "no series"},
		{"no rows", BarChart{Series: []string{"s"}}, "no rows"},
		{"values", BarChart{Series: []string{"s", "t"}, Rows: []BarRow{{Label: "a", Values: []float64{1}}}}, "row 1 (a): 1 values for 2 series"},
		{"bounds", BarChart{Series: []string{"s"}, Rows: []BarRow{{Label: "a", Values: []float64{1}, Lo: []float64{0}}}}, "1 lo and 0 hi bounds"},
		{"inf", BarChart{Series: []string{"s"}, Rows: []BarRow{{Label: "a", Values: []float64{math.Inf(1)}}}}, "infinite"},
		{"flag", BarChart{Series: []string{"s"}, Rows: []BarRow{{Label: "a", Flag: true, Values: []float64{1}}}}, "no FlagLabel"},
	} {
		err := WriteHTML(&bytes.Buffer{}, barsDoc(c.b))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
