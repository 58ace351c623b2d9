package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

// series makes a smooth made-up monthly series: a logistic rise from lo to
// hi centred on month mid, with a small seasonal wiggle. The shapes only
// look like the report's real series; the numbers are not data.
func series(n int, lo, hi float64, mid int, wiggle float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		x := float64(i-mid) / 14
		out[i] = lo + (hi-lo)/(1+math.Exp(-x)) + wiggle*math.Sin(float64(i)*2*math.Pi/12)
	}
	return out
}

// band is ±frac around v, widening with i, like a projection's band.
func band(v []float64, frac float64) *Band {
	b := &Band{Lo: make([]float64, len(v)), Hi: make([]float64, len(v))}
	for i, x := range v {
		w := x * frac * (1 + float64(i)/float64(len(v)))
		b.Lo[i], b.Hi[i] = x-w, x+w
	}
	return b
}

// sampleDoc is a small report with the three kinds of panel that
// `cartelsim compare` writes: a monthly fit panel, an annual fit panel and
// a scenario panel with bands, plus a table.
func sampleDoc() Document {
	obs := series(126, 8000, 76000, 70, 1500) // 2015-01 .. 2025-06
	obs[40], obs[41] = math.NaN(), math.NaN() // a gap, as in a late release
	sim := series(132, 9000, 74000, 68, 0)    // 2015-01 .. 2025-12
	homObs := []float64{20762, 24559, 32079, 36685, 36661, 36773, 35700, 33287, 31062, 30057}
	homSim := []float64{21500, 25000, 30500, 35000, 36200, 36000, 35100, 33800, 31900, 30500, 29800}
	base := series(132, 60000, 52000, 40, 0) // 2025-01 .. 2035-12
	pol := series(132, 60000, 38000, 50, 0)
	return Document{
		Title:     "cartelsim compare",
		Subtitle:  "Baseline and policy scenarios, 2015–2035",
		Generated: "cartelsim test build, seed 42",
		Sections: []Section{
			{
				Heading: "Fit to observed data, 2015–2025",
				Text:    "The baseline run against the observed series.\n\nPoints are observed; lines are simulated.",
				Charts: []Chart{
					{
						ID:    "fit-overdose",
						Title: "US overdose deaths involving synthetic opioids",
						Unit:  "deaths per 12 months",
						Note:  "Observed: made-up test series shaped like CDC VSRR provisional counts.",
						Lines: []Line{
							{Label: "Observed", Start: calendar.Of(2015, 1), Values: obs, Observed: true},
							{Label: "Simulated (baseline)", Start: calendar.Of(2015, 1), Values: sim, Band: band(sim, 0.06)},
						},
					},
					{
						ID:     "fit-homicides",
						Title:  "Intentional homicides in Mexico",
						Unit:   "homicides per year",
						Annual: true,
						Lines: []Line{
							{Label: "Observed (INEGI)", Start: calendar.Of(2015, 1), Values: homObs, Observed: true},
							{Label: "Simulated (baseline)", Start: calendar.Of(2015, 1), Values: homSim},
						},
					},
				},
			},
			{
				Heading: "Scenarios to 2035",
				Charts: []Chart{
					{
						ID:    "scn-interdiction",
						Title: "Border interdiction +50%",
						Unit:  "deaths per 12 months",
						Note:  "Shaded: 90% band over the ensemble.",
						Lines: []Line{
							{Label: "Baseline", Start: calendar.Of(2025, 1), Values: base, Band: band(base, 0.05)},
							{Label: "Border interdiction +50%", Start: calendar.Of(2025, 1), Values: pol, Band: band(pol, 0.05)},
						},
					},
				},
				Tables: []Table{{
					Caption: "Difference from baseline, 2035",
					Header:  []string{"Scenario", "Overdose deaths", "Change", "Homicides"},
					Rows: [][]string{
						{"Baseline", "52,000", "0%", "29,800"},
						{"Border interdiction +50%", "38,000", "-26.9%", "31,200"},
					},
					Notes: []string{"Medians over 200 ensemble members."},
				}},
			},
		},
		Footer: "Sources: CDC NCHS VSRR; INEGI.\n\nLicences: public domain; INEGI libre uso.",
	}
}

func mustHTML(t *testing.T, d Document) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// reportData extracts and decodes the embedded chart JSON.
func reportData(t *testing.T, html string) map[string]any {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no report-data script element")
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
		t.Fatalf("report-data is not JSON: %v\n%s", err, m[1])
	}
	return v
}

func TestAssetsBuilt(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]string{"assets/report.js": assetJS, "assets/report.css": assetCSS, "assets/map.js": assetMapJS, "assets/map.css": assetMapCSS} {
		if len(strings.TrimSpace(s)) == 0 {
			t.Errorf("%s is empty: run report/js/build.sh", name)
		}
	}
	// Both are inlined raw into <script>/<style>; these sequences would
	// end the element early.
	if strings.Contains(strings.ToLower(assetJS+assetMapJS), "</script") {
		t.Error("assets/report.js or map.js contains </script")
	}
	if strings.Contains(strings.ToLower(assetCSS+assetMapCSS+pageCSS), "</style") {
		t.Error("CSS contains </style")
	}
	if !strings.Contains(assetJS, "uplot") {
		t.Error("assets/report.js does not look like the uPlot bundle")
	}
	if !strings.Contains(assetMapJS, "Leaflet 1.9.4") || !strings.Contains(assetMapCSS, ".leaflet-pane") {
		t.Error("assets/map.js or map.css does not look like the Leaflet bundle")
	}
}

func TestOffline(t *testing.T) {
	t.Parallel()
	withMap := sampleDoc()
	withMap.Sections[1].Maps = []Map{mexicoMap(t)}
	for _, c := range []struct {
		name string
		doc  Document
	}{{"charts", sampleDoc()}, {"charts and map", withMap}} {
		page := mustHTML(t, c.doc)
		html := page
		// Two URLs in the bundled Leaflet are names, not addresses the
		// page loads: the SVG namespace, which createElementNS needs, and
		// the link of Leaflet's default attribution, which the report
		// replaces (TestBrowserMap checks that no request leaves the page).
		for _, ok := range []string{`"http://www.w3.org/2000/svg"`, `<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">`} {
			if !strings.Contains(assetMapJS, ok) {
				t.Errorf("assets/map.js no longer contains %s: update this test", ok)
			}
			html = strings.ReplaceAll(html, ok, "")
		}
		for _, re := range []*regexp.Regexp{
			regexp.MustCompile(`(?i)<script[^>]*\ssrc\s*=`),
			regexp.MustCompile(`(?i)<link\b`),
			regexp.MustCompile(`(?i)@import`),
			regexp.MustCompile(`(?i)url\(\s*['"]?\s*(https?:)?//`),
			regexp.MustCompile(`(?i)url\(\s*['"]?\s*images/`),
			regexp.MustCompile(`(?i)(src|href)\s*=\s*['"]?\s*(https?:)?//`),
			// No other URL at all is expected: the assets contain none,
			// and the sample Document names none.
			regexp.MustCompile(`(?i)https?://`),
		} {
			if loc := re.FindStringIndex(html); loc != nil {
				t.Errorf("%s: offline page matches %v: %q", c.name, re, html[max(0, loc[0]-40):min(len(html), loc[1]+40)])
			}
		}
		if !strings.Contains(html, "<noscript>") {
			t.Errorf("%s: no <noscript> fallback", c.name)
		}
		if !strings.Contains(html, "Content-Security-Policy") {
			t.Errorf("%s: no Content-Security-Policy", c.name)
		}
		if !strings.Contains(page, assetJS) || !strings.Contains(page, assetCSS) {
			t.Errorf("%s: assets are not inlined verbatim", c.name)
		}
		// Leaflet goes only into pages with a map.
		if got, want := strings.Contains(page, assetMapJS) && strings.Contains(page, assetMapCSS), len(c.doc.Sections[1].Maps) > 0; got != want {
			t.Errorf("%s: map bundle inlined %v, want %v", c.name, got, want)
		}
	}
}

func TestEscaping(t *testing.T) {
	t.Parallel()
	const evil = "</script><b>"
	d := sampleDoc()
	d.Title = evil
	d.Sections[0].Heading = evil
	d.Sections[0].Text = evil
	d.Sections[0].Charts[0].Title = evil
	d.Sections[0].Charts[0].Unit = evil
	d.Sections[0].Charts[0].Lines[0].Label = evil
	d.Sections[1].Tables[0].Rows[0][0] = evil
	d.Footer = evil
	html := mustHTML(t, d)
	if strings.Contains(html, evil) {
		t.Errorf("raw %q in output", evil)
	}
	if strings.Contains(html, "<b>") {
		t.Error("unescaped <b> in output")
	}
	// Exactly the two script elements the template writes are closed.
	if n := strings.Count(strings.ToLower(html), "</script"); n != 2 {
		t.Errorf("%d </script, want 2", n)
	}
	if !strings.Contains(html, "&lt;/script&gt;&lt;b&gt;") {
		t.Error("text not HTML-escaped")
	}
	v := reportData(t, html)
	c := v["charts"].([]any)[0].(map[string]any)
	if c["title"] != evil || c["unit"] != evil {
		t.Errorf("JSON title/unit = %q/%q, want %q", c["title"], c["unit"], evil)
	}
	if got := c["series"].([]any)[0].(map[string]any)["label"]; got != evil {
		t.Errorf("JSON label = %q, want %q", got, evil)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := mustHTML(t, sampleDoc()), mustHTML(t, sampleDoc())
	if a != b {
		t.Fatal("same Document gave different output")
	}
}

func TestData(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	d := Document{Title: "t", Sections: []Section{{Heading: "s", Charts: []Chart{
		{Title: "monthly", Lines: []Line{
			{Label: "a", Start: calendar.Of(2020, 3), Values: []float64{1, nan, 3}},
			{Label: "b", Start: calendar.Of(2020, 1), Values: []float64{0.5, math.Inf(1)},
				Band: &Band{Lo: []float64{0.25, nan}, Hi: []float64{1, 2}}},
			{Label: "empty"},
		}},
		{Title: "annual", Annual: true, Lines: []Line{
			{Label: "a", Start: calendar.Of(2016, 1), Values: []float64{10, 20}},
			{Label: "b", Start: calendar.Of(2015, 7), Values: []float64{5}, Observed: true},
		}},
		{Title: "no lines"},
	}}}}
	v := reportData(t, mustHTML(t, d))
	got, err := json.Marshal(v["charts"])
	if err != nil {
		t.Fatal(err)
	}
	// Line a starts two months after b; NaN and Inf become null; the
	// annual chart is one point per year from the earliest line's year;
	// auto IDs are chart-1.. in document order.
	want := `[` +
		`{"annual":false,"id":"chart-1","n":5,"series":[` +
		`{"label":"a","observed":false,"values":[null,null,1,null,3]},` +
		`{"hi":[1,2,null,null,null],"label":"b","lo":[0.25,null,null,null,null],"observed":false,"values":[0.5,null,null,null,null]},` +
		`{"label":"empty","observed":false,"values":[null,null,null,null,null]}],` +
		`"start":"2020-01","step":1,"title":"monthly","unit":""},` +
		`{"annual":true,"id":"chart-2","n":3,"series":[` +
		`{"label":"a","observed":false,"values":[null,10,20]},` +
		`{"label":"b","observed":true,"values":[5,null,null]}],` +
		`"start":"2015-01","step":12,"title":"annual","unit":""},` +
		`{"annual":false,"id":"chart-3","n":0,"series":[],"start":"2000-01","step":1,"title":"no lines","unit":""}]`
	if string(got) != want {
		t.Errorf("chart data\n got %s\nwant %s", got, want)
	}
}

func TestNumsPrecision(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(nums{108234.56789, 1e-5, -0.5, 123456789, math.NaN()})
	if err != nil {
		t.Fatal(err)
	}
	// sigDigits = 7 significant digits.
	if want := `[108234.6,1e-05,-0.5,1.234568e+08,null]`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestChartIDs(t *testing.T) {
	t.Parallel()
	d := Document{Sections: []Section{{Charts: []Chart{{}, {ID: "chart-1"}, {}}}}}
	got := strings.Join(chartIDs(d), ",")
	if want := "chart-2,chart-1,chart-3"; got != want {
		t.Errorf("ids %s, want %s", got, want)
	}
	html := mustHTML(t, d)
	for _, id := range []string{"chart-1", "chart-2", "chart-3"} {
		if !strings.Contains(html, `<figure class="chart" id="`+id+`">`) {
			t.Errorf("no figure %s", id)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		edit func(*Document)
		want []string // substrings of the error; none means valid
	}{
		{"sample", func(*Document) {}, nil},
		{"band length", func(d *Document) {
			d.Sections[0].Charts[0].Lines[1].Band.Lo = []float64{1}
		}, []string{"section 1 chart 1 line 2", "band has 1 lo"}},
		{"duplicate id", func(d *Document) {
			d.Sections[1].Charts[0].ID = "fit-overdose"
		}, []string{`section 2 chart 1: id "fit-overdose" already used by section 1 chart 1`}},
		{"reserved id", func(d *Document) {
			d.Sections[0].Charts[1].ID = "sec-2"
		}, []string{`id "sec-2" is reserved`}},
		{"space in id", func(d *Document) {
			d.Sections[0].Charts[1].ID = "a b"
		}, []string{"white space"}},
		{"short row and several problems", func(d *Document) {
			d.Sections[1].Tables[0].Rows[1] = []string{"x"}
			d.Sections[0].Charts[0].Lines[1].Band.Hi = nil
		}, []string{"table 1 row 2: 1 cells for 4 columns", "band has"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := sampleDoc()
			tt.edit(&d)
			err := Validate(d)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			var b bytes.Buffer
			if WriteHTML(&b, d) == nil || b.Len() != 0 {
				t.Error("WriteHTML wrote an invalid Document")
			}
		})
	}
}

func TestHTMLStructure(t *testing.T) {
	t.Parallel()
	html := mustHTML(t, sampleDoc())
	for _, want := range []string{
		`<!DOCTYPE html>`,
		`<html lang="en">`,
		`<title>cartelsim compare</title>`,
		`<h1>cartelsim compare</h1>`,
		`<nav class="toc"`,
		`<a href="#sec-2">Scenarios to 2035</a>`,
		`<section id="sec-1" aria-labelledby="sec-1-h">`,
		`<p>The baseline run against the observed series.</p>`,
		`<p>Points are observed; lines are simulated.</p>`,
		`<figure class="chart" id="fit-overdose">`,
		`<figcaption><span class="chart-title">Intentional homicides in Mexico</span> <span class="chart-unit">(homicides per year)</span></figcaption>`,
		`<span class="chart-note">Shaded: 90% band over the ensemble.</span>`,
		`<caption>Difference from baseline, 2035</caption>`,
		`<th scope="col">Scenario</th><th scope="col" class="num">Overdose deaths</th>`,
		`<th scope="row">Border interdiction &#43;50%</th><td class="num">38,000</td><td class="num">-26.9%</td>`,
		`<li>Medians over 200 ensemble members.</li>`,
		`<footer class="doc-footer">`,
		`<p>Licences: public domain; INEGI libre uso.</p>`,
		`@media print`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestIsNumeric(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"108,234": true, "-12.5%": true, "+3.1k": true, "−0.4": true, "1.2e6": true, "0": true,
		"": false, "n/a": false, "—": false, "Baseline": false, "Max": false, "2035-01": false, "e5": false,
	} {
		if got := isNumeric(s); got != want {
			t.Errorf("isNumeric(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "out", "nested", "report.html")
	if err := WriteFile(path, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := mustHTML(t, sampleDoc()); string(got) != want {
		t.Error("file differs from WriteHTML output")
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode().Perm(), err)
	}

	// A bad Document leaves the old report as it was and no temp file.
	bad := sampleDoc()
	bad.Sections[0].Charts[0].Lines[1].Band.Lo = nil
	if err := WriteFile(path, bad); err == nil {
		t.Fatal("WriteFile accepted a bad Document")
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, got) {
		t.Error("failed WriteFile changed the existing report")
	}
	ents, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only report.html", names)
	}

	// A path whose directory cannot be made fails with an error.
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(blocker, "report.html"), sampleDoc()); err == nil {
		t.Error("WriteFile under a regular file succeeded")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteHTMLWriteError(t *testing.T) {
	t.Parallel()
	if err := WriteHTML(failWriter{}, sampleDoc()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the writer's error", err)
	}
}
