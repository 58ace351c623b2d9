package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func mapDoc(m Map) Document {
	return Document{Title: "t", Sections: []Section{{Heading: "Routes", Maps: []Map{m}}}}
}

func TestMapDrawsAreasLinesAndPoints(t *testing.T) {
	m := Map{Title: "Routes <&>", Unit: "kg per month",
		Areas:  []MapArea{{Name: "Sonora", Rings: [][][2]float64{{{-115, 32}, {-108, 32}, {-108, 26}, {-115, 26}, {-115, 32}}}}},
		Lines:  []MapLine{{Label: "busy", Coords: [][2]float64{{-110, 27}, {-111, 31}}, Value: 100}, {Label: "idle", Coords: [][2]float64{{-112, 29}, {-113, 31}}}},
		Points: []MapPoint{{Label: "poe_nogales", Lon: -110.9, Lat: 31.3, Value: 80}},
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, mapDoc(m)); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`<figure class="map" id="map-1">`, `<svg class="map-svg"`, `Map: Routes &lt;&amp;&gt;`, `class="busy"`, `class="idle"`, `<title>poe_nogales: 80 kg per month</title>`, `<title>Sonora</title>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The busiest line is the widest: 1 + 7 = 8.
	if !strings.Contains(page, `stroke-width="8.00"`) {
		t.Error("busiest line is not drawn at full width")
	}
}

func TestMapRejectsBadValues(t *testing.T) {
	for _, m := range []Map{
		{Title: "empty"},
		{Title: "nan", Points: []MapPoint{{Label: "p", Value: math.NaN()}}},
		{Title: "short", Lines: []MapLine{{Label: "l", Coords: [][2]float64{{0, 0}}}}},
	} {
		if err := WriteHTML(&bytes.Buffer{}, mapDoc(m)); err == nil {
			t.Errorf("%s: accepted", m.Title)
		}
	}
}
