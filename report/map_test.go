package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/data/network"
)

func mapDoc(m Map) Document {
	return Document{Title: "t", Sections: []Section{{Heading: "Routes", Maps: []Map{m}}}}
}

// sampleMap is a small map with two views and a part on its point.
func sampleMap() Map {
	return Map{Title: "Routes <&>", Unit: "kg per month", PartLabel: "seized", Default: 1,
		Views:  []MapView{{Label: "2023", Group: "Baseline"}, {Label: "2024", Group: "Baseline"}},
		Areas:  []MapArea{{Name: "Sonora", Rings: [][][2]float64{{{-115, 32}, {-108, 32}, {-108, 26}, {-115, 26}, {-115, 32}}}}},
		Lines:  []MapLine{{Label: "mex-15:a-b", Info: "MEX-15", Parts: [][][2]float64{{{-110, 27}, {-111, 31}}, {{-111, 31}, {-111.123456, 31.5}}}, Values: []float64{100, 123.456789}}},
		Points: []MapPoint{{Label: "Nogales", Info: "Tucson field office", Lon: -110.9, Lat: 31.3, Values: []float64{80, 90}, Parts: []float64{8, 9}}},
	}
}

func TestMapData(t *testing.T) {
	t.Parallel()
	page := mustHTML(t, mapDoc(sampleMap()))
	for _, want := range []string{`<figure class="map" id="map-1">`, `class="leaflet-host"`, `aria-label="Map: Routes &lt;&amp;&gt;. 1 areas, 1 lines, 1 points; hover`, "This map needs JavaScript."} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	maps := reportData(t, page)["maps"].([]any)
	if len(maps) != 1 {
		t.Fatalf("%d maps in the data, want 1", len(maps))
	}
	m := maps[0].(map[string]any)
	if m["id"] != "map-1" || m["default"] != 1.0 || m["partLabel"] != "seized" || len(m["views"].([]any)) != 2 {
		t.Errorf("map header: %v", m)
	}
	line := m["lines"].([]any)[0].(map[string]any)
	parts := line["parts"].([]any)
	// Leaflet's [lat, lon] order, rounded to 1e-4 degree.
	if got := parts[1].([]any)[1].([]any); got[0] != 31.5 || got[1] != -111.1235 {
		t.Errorf("second part's end %v, want [31.5 -111.1235]", got)
	}
	// Four significant digits.
	if got := line["values"].([]any)[1]; got != 123.5 {
		t.Errorf("line value %v, want 123.5", got)
	}
	pt := m["points"].([]any)[0].(map[string]any)
	if ll := pt["latlng"].([]any); ll[0] != 31.3 || ll[1] != -110.9 {
		t.Errorf("point latlng %v", ll)
	}
	if pt["parts"].([]any)[1] != 9.0 || pt["info"] != "Tucson field office" {
		t.Errorf("point %v", pt)
	}
}

// TestMapOneView: a map without Views gets one view named by its title.
func TestMapOneView(t *testing.T) {
	t.Parallel()
	m := Map{Title: "One", Lines: []MapLine{{Label: "l", Parts: [][][2]float64{{{0, 0}, {1, 1}}}, Values: []float64{3}}}}
	d := reportData(t, mustHTML(t, mapDoc(m)))["maps"].([]any)[0].(map[string]any)
	if v := d["views"].([]any); len(v) != 1 || v[0].(map[string]any)["label"] != "One" {
		t.Errorf("views %v", v)
	}
}

func TestMapRejectsBadValues(t *testing.T) {
	t.Parallel()
	line := func(vals ...float64) MapLine {
		return MapLine{Label: "l", Parts: [][][2]float64{{{0, 0}, {1, 1}}}, Values: vals}
	}
	twoViews := []MapView{{Label: "a"}, {Label: "b"}}
	for _, c := range []struct {
		name string
		m    Map
		want string
	}{
		{"empty", Map{}, "nothing to draw"},
		{"nan", Map{Points: []MapPoint{{Label: "p", Values: []float64{math.NaN()}}}}, "point 1 (p)"},
		{"negative", Map{Lines: []MapLine{line(-1)}}, "line 1 (l)"},
		{"short part", Map{Lines: []MapLine{{Label: "l", Parts: [][][2]float64{{{0, 0}}}, Values: []float64{1}}}}, "part of 1 points"},
		{"no parts", Map{Lines: []MapLine{{Label: "l", Values: []float64{1}}}}, "no parts"},
		{"values per view", Map{Views: twoViews, Lines: []MapLine{line(1)}}, "1 values [1] for 2 views"},
		{"default", Map{Views: twoViews, Default: 2, Lines: []MapLine{line(1, 2)}}, "default view 2 of 2"},
		{"latitude", Map{Points: []MapPoint{{Label: "p", Lat: 91, Values: []float64{1}}}}, "point 1 (p)"},
		{"parts without label", Map{Points: []MapPoint{{Label: "p", Values: []float64{1}, Parts: []float64{1}}}}, "no PartLabel"},
		{"missing parts", Map{PartLabel: "seized", Points: []MapPoint{{Label: "p", Values: []float64{1}}}}, "0 parts for 1 views"},
		{"ring", Map{Areas: []MapArea{{Name: "s", Rings: [][][2]float64{{{0, 0}, {1, 1}}}}}}, "ring of 2 points"},
	} {
		err := WriteHTML(&bytes.Buffer{}, mapDoc(c.m))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// mexicoMap is the map `cartelsim compare` draws, on the real states and
// network, with made-up values: corridor i carries 10·i kg in view 0 and
// twice that in view 1; port j sees 50·(j+1) kg, a tenth of it seized.
func mexicoMap(t testing.TB) Map {
	t.Helper()
	mx, err := network.Mexico()
	if err != nil {
		t.Fatal(err)
	}
	states, _, err := network.StateOutlines()
	if err != nil {
		t.Fatal(err)
	}
	m := Map{ID: "routes-map", Title: "Routes", Unit: "kg per month", PartLabel: "seized",
		Views: []MapView{{Label: "2024", Group: "Baseline, by year"}, {Label: "policy", Group: "Scenarios"}}}
	for _, s := range states {
		m.Areas = append(m.Areas, MapArea{Name: s.Name, Rings: s.Rings})
	}
	at := map[string]int{}
	for _, e := range mx.Edges {
		i, ok := at[e.Corridor]
		if !ok {
			i = len(m.Lines)
			at[e.Corridor] = i
			m.Lines = append(m.Lines, MapLine{Label: e.Corridor, Info: e.Road, Values: []float64{10 * float64(i), 20 * float64(i)}})
		}
		a, b := mx.Nodes[e.From], mx.Nodes[e.To]
		m.Lines[i].Parts = append(m.Lines[i].Parts, [][2]float64{{a.Lon, a.Lat}, {b.Lon, b.Lat}})
	}
	for j, p := range mx.Ports {
		nd := mx.Nodes[p.Node]
		v := 50 * float64(j+1)
		m.Points = append(m.Points, MapPoint{Label: nd.Name, Info: "field office", Lon: nd.Lon, Lat: nd.Lat,
			Values: []float64{v, v / 2}, Parts: []float64{v / 10, v / 20}})
	}
	return m
}

func TestMexicoMapValid(t *testing.T) {
	t.Parallel()
	m := mexicoMap(t)
	if err := Validate(mapDoc(m)); err != nil {
		t.Fatal(err)
	}
	// 32 states; the network has corridors and ports (issue 3: 26 land
	// ports of entry).
	if len(m.Areas) != 32 || len(m.Lines) < 50 || len(m.Points) != 26 {
		t.Errorf("%d areas, %d lines, %d points", len(m.Areas), len(m.Lines), len(m.Points))
	}
}
