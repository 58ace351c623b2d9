package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
)

// TestCompareMap reads the map data out of the report `compare` writes and
// checks its views and elements against the network: one line per
// corridor, one circle per port with the part seized, a view per baseline
// year and per scenario, opening on the baseline in mapYear.
func TestCompareMap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if code, _, stderr := run(t, "compare", "--out", dir, "naloxone"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no report-data")
	}
	var page struct {
		Maps []struct {
			ID    string `json:"id"`
			Views []struct {
				Label string `json:"label"`
				Group string `json:"group"`
			} `json:"views"`
			Default   int    `json:"default"`
			PartLabel string `json:"partLabel"`
			Areas     []struct {
				Name   string    `json:"name"`
				Values []float64 `json:"values"`
			} `json:"areas"`
			Lines []struct {
				Label  string    `json:"label"`
				Values []float64 `json:"values"`
			} `json:"lines"`
			Points []struct {
				Label  string    `json:"label"`
				Info   string    `json:"info"`
				Values []float64 `json:"values"`
				Parts  []float64 `json:"parts"`
			} `json:"points"`
		} `json:"maps"`
	}
	if err := json.Unmarshal(m[1], &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Maps) != 2 || page.Maps[0].ID != "routes-map" || page.Maps[1].ID != "homicide-map" {
		t.Fatalf("%d maps, want the routes map and the homicide map", len(page.Maps))
	}
	mp := page.Maps[0]
	mx, err := network.Mexico()
	if err != nil {
		t.Fatal(err)
	}
	corridors := map[string]bool{}
	for _, e := range mx.Edges {
		corridors[e.Corridor] = true
	}
	// Baseline years 2015-2035 (the built-in scenarios' span), then
	// baseline and naloxone over the comparison window.
	if n := len(mp.Views); n != 21+2 {
		t.Errorf("%d views, want 21 years and 2 scenarios", n)
	}
	if v := mp.Views[mp.Default]; v.Label != "2024" {
		t.Errorf("map opens on %q, want 2024", v.Label)
	}
	if last := mp.Views[len(mp.Views)-1]; last.Label != "naloxone" || last.Group != "Scenarios, mean of 2026-2030" {
		t.Errorf("last view %+v", last)
	}
	if len(mp.Areas) != 32 || len(mp.Lines) != len(corridors) || len(mp.Points) != len(mx.Ports) || mp.PartLabel != "seized" {
		t.Errorf("%d areas, %d lines (corridors %d), %d points (ports %d), part %q", len(mp.Areas), len(mp.Lines), len(corridors), len(mp.Points), len(mx.Ports), mp.PartLabel)
	}
	// Something flows in 2024, and no port seizes more than tries to
	// cross there (values are rounded to four digits).
	flow, crossings := 0.0, 0.0
	for _, l := range mp.Lines {
		if !corridors[l.Label] {
			t.Errorf("line %q is not a corridor of the network", l.Label)
		}
		flow += l.Values[mp.Default]
	}
	for _, p := range mp.Points {
		crossings += p.Values[mp.Default]
		for v := range p.Values {
			if p.Parts[v] > p.Values[v]*1.001 {
				t.Errorf("%s view %d: seized %g of %g crossing", p.Label, v, p.Parts[v], p.Values[v])
			}
		}
		if p.Info == "" {
			t.Errorf("%s: no field office", p.Label)
		}
	}
	if flow <= 0 || crossings <= 0 {
		t.Errorf("2024: corridor flow %g, crossings %g; want both positive", flow, crossings)
	}

	// The homicide map: observed INEGI years 2015-2022 and SESNSP years,
	// then the baseline's years and the scenarios; every state has a rate
	// per view, and the observed rates are the data's.
	hm := page.Maps[1]
	groups := map[string]int{}
	for _, v := range hm.Views {
		groups[v.Group]++
	}
	sesnsp, err := data.HomicidesSESNSP()
	if err != nil {
		t.Fatal(err)
	}
	sesnspYears := 0
	for y := 2015; y <= 2030; y++ {
		if _, _, ok := sesnsp.Annual(y); ok {
			sesnspYears++
		}
	}
	if groups["Observed, INEGI death certificates"] != 8 || groups["Observed, SESNSP victims"] != sesnspYears ||
		groups["Baseline, by year"] != 21 || groups["Scenarios, mean of 2026-2030"] != 2 || len(hm.Views) != 8+sesnspYears+21+2 {
		t.Errorf("homicide map views by group %v, want 8 INEGI years, %d SESNSP years, 21 baseline years, 2 scenarios", groups, sesnspYears)
	}
	if v := hm.Views[hm.Default]; v.Label != "2024" || v.Group != "Baseline, by year" {
		t.Errorf("homicide map opens on %+v, want the baseline in 2024", v)
	}
	inegi, err := data.HomicidesINEGI()
	if err != nil {
		t.Fatal(err)
	}
	perState, _, _ := inegi.Annual(2020)
	pop, err := data.MexicoStatePopulation(2020)
	if err != nil {
		t.Fatal(err)
	}
	if len(hm.Areas) != 32 {
		t.Fatalf("homicide map: %d states, want 32", len(hm.Areas))
	}
	for _, a := range hm.Areas {
		if len(a.Values) != len(hm.Views) {
			t.Fatalf("%s: %d values for %d views", a.Name, len(a.Values), len(hm.Views))
		}
	}
	// Views are INEGI 2015..2022 first: 2020 is view 5.
	outlines, _, err := network.StateOutlines()
	if err != nil {
		t.Fatal(err)
	}
	code := map[string]string{}
	for _, o := range outlines {
		code[o.Name] = o.Code
	}
	for _, a := range hm.Areas {
		st, err := geo.StateIndex(code[a.Name])
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		want := perState[st] / pop[st] * 1e5
		if got := a.Values[5]; math.Abs(got-want) > 1e-3*want {
			t.Errorf("%s: INEGI 2020 rate %g, want %g per 100,000", a.Name, got, want)
		}
	}
}
