package report

import (
	"fmt"
	"math"
	"strconv"
)

// Map is a thematic map drawn in the browser with Leaflet over no tile
// layer (nothing is fetched): filled areas such as states, lines whose
// width and colour show a value, and points whose size shows a value and,
// optionally, a part of it (a port's crossings and the part seized).
// Coordinates are [longitude, latitude] in degrees (WGS 84).
//
// A map may carry several views of its values (a year, a scenario, …):
// every line and point then has one value per view, and the reader picks
// the view, and optionally a second one to show the difference from.
type Map struct {
	// ID is the map's HTML id, unique in the Document like a chart's; an
	// empty ID is given one ("map-N").
	ID    string
	Title string
	// Unit names the lines' and points' values, e.g. "kg per month".
	Unit string
	// Note is a sentence under the title: sources, definitions.
	Note string
	// Views name the value sets; empty means one unnamed view.
	Views []MapView
	// Default is the index of the view shown first.
	Default int
	// PartLabel names the part of a point's value drawn inside it, e.g.
	// "seized"; empty when points have no Parts.
	PartLabel string
	Areas     []MapArea
	Lines     []MapLine
	Points    []MapPoint
}

// MapView is one set of values, e.g. "2024" in group "Baseline, by year".
// Views of a group are listed together in the view selector.
type MapView struct {
	Label string `json:"label"`
	Group string `json:"group,omitempty"`
}

// MapArea is a filled outline, e.g. a state. With Values it is filled
// darker the larger its value in the view shown (a choropleth); without,
// it is a plain outline under the lines and points. The areas of a map
// either all have values or none has.
type MapArea struct {
	Name string
	// Info is a second line of the tooltip.
	Info   string
	Rings  [][][2]float64
	Values []float64
}

// MapLine is a polyline of one or more parts (a highway corridor of
// several road segments), drawn wider and darker the larger its value in
// the view shown; a value under 1% of the map's largest is drawn as a thin
// grey line.
type MapLine struct {
	Label string
	// Info is a second line of the tooltip, e.g. the road designation.
	Info  string
	Parts [][][2]float64
	// Values has one value per view (one value when Views is empty).
	Values []float64
}

// MapPoint is a place, e.g. a port, drawn as a circle whose area is
// proportional to its value in the view shown.
type MapPoint struct {
	Label    string
	Info     string
	Lon, Lat float64
	// Values has one value per view; Parts, if the map has a PartLabel,
	// the part of each value drawn as an inner circle on the same scale.
	Values, Parts []float64
}

// validate reports a map's problems.
func (m Map) validate() []string {
	var errs []string
	if len(m.Areas)+len(m.Lines)+len(m.Points) == 0 {
		errs = append(errs, "map has nothing to draw")
	}
	nv := max(1, len(m.Views))
	if m.Default < 0 || m.Default >= nv {
		errs = append(errs, fmt.Sprintf("default view %d of %d views", m.Default, nv))
	}
	bad := func(xs []float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				return true
			}
		}
		return false
	}
	badCoord := func(c [2]float64) bool {
		return math.IsNaN(c[0]) || math.IsNaN(c[1]) || math.Abs(c[0]) > 180 || math.Abs(c[1]) > 90
	}
	for i, a := range m.Areas {
		if valued := len(m.Areas[0].Values) > 0; valued != (len(a.Values) > 0) {
			errs = append(errs, fmt.Sprintf("area %d (%s): areas with and without values", i+1, a.Name))
		} else if valued && (len(a.Values) != nv || bad(a.Values)) {
			errs = append(errs, fmt.Sprintf("area %d (%s): %d values %v for %d views, want non-negative numbers", i+1, a.Name, len(a.Values), a.Values, nv))
		}
		for _, r := range a.Rings {
			if len(r) < 3 {
				errs = append(errs, fmt.Sprintf("area %d (%s): ring of %d points", i+1, a.Name, len(r)))
			}
			for _, c := range r {
				if badCoord(c) {
					errs = append(errs, fmt.Sprintf("area %d (%s): coordinate %v", i+1, a.Name, c))
					break
				}
			}
		}
	}
	for i, l := range m.Lines {
		if len(l.Values) != nv || bad(l.Values) {
			errs = append(errs, fmt.Sprintf("line %d (%s): %d values %v for %d views, want non-negative numbers", i+1, l.Label, len(l.Values), l.Values, nv))
		}
		if len(l.Parts) == 0 {
			errs = append(errs, fmt.Sprintf("line %d (%s): no parts", i+1, l.Label))
		}
		for _, p := range l.Parts {
			if len(p) < 2 {
				errs = append(errs, fmt.Sprintf("line %d (%s): part of %d points", i+1, l.Label, len(p)))
			}
			for _, c := range p {
				if badCoord(c) {
					errs = append(errs, fmt.Sprintf("line %d (%s): coordinate %v", i+1, l.Label, c))
					break
				}
			}
		}
	}
	for i, p := range m.Points {
		if len(p.Values) != nv || bad(p.Values) || badCoord([2]float64{p.Lon, p.Lat}) {
			errs = append(errs, fmt.Sprintf("point %d (%s): %d values %v for %d views at %g,%g", i+1, p.Label, len(p.Values), p.Values, nv, p.Lon, p.Lat))
		}
		if m.PartLabel == "" && len(p.Parts) > 0 {
			errs = append(errs, fmt.Sprintf("point %d (%s): parts but no PartLabel", i+1, p.Label))
		}
		if m.PartLabel != "" {
			if len(p.Parts) != nv || bad(p.Parts) {
				errs = append(errs, fmt.Sprintf("point %d (%s): %d parts for %d views, want non-negative numbers", i+1, p.Label, len(p.Parts), nv))
			}
		}
	}
	return errs
}

// mapData is a map as report/js/src/map.js reads it from the page's
// report-data JSON. Change the two together.
type mapData struct {
	ID        string      `json:"id"`
	Title     string      `json:"title"`
	Unit      string      `json:"unit"`
	Views     []MapView   `json:"views"`
	Default   int         `json:"default"`
	PartLabel string      `json:"partLabel,omitempty"`
	Areas     []areaData  `json:"areas"`
	Lines     []lineData  `json:"lines"`
	Points    []pointData `json:"points"`
}

type areaData struct {
	Name   string    `json:"name"`
	Info   string    `json:"info,omitempty"`
	Rings  []coords  `json:"rings"`
	Values mapValues `json:"values,omitempty"`
}

type lineData struct {
	Label  string    `json:"label"`
	Info   string    `json:"info,omitempty"`
	Parts  []coords  `json:"parts"`
	Values mapValues `json:"values"`
}

type pointData struct {
	Label  string     `json:"label"`
	Info   string     `json:"info,omitempty"`
	LatLng [2]float64 `json:"latlng"` // [lat, lon]
	Values mapValues  `json:"values"`
	Parts  mapValues  `json:"parts,omitempty"`
}

// coords is a list of points written as [lat, lon] pairs (Leaflet's
// order) rounded to 1e-4 degree, about 11 m: far finer than a country map
// shows, and it keeps the page small.
type coords [][2]float64

func (c coords) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(c)*18)
	b = append(b, '[')
	for i, p := range c {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendFloat(b, round4(p[1]), 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, round4(p[0]), 'f', -1, 64)
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// mapValues are written with four significant digits, the most a
// tooltip shows.
type mapValues []float64

func (v mapValues) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(v)*6)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, x, 'g', 4, 64)
	}
	return append(b, ']'), nil
}

// mapJSON turns m, whose ID is final, into its JSON form. Longitudes and
// latitudes are swapped into Leaflet's [lat, lon] order here so that the
// script needs no conversion.
func mapJSON(m Map) mapData {
	md := mapData{ID: m.ID, Title: m.Title, Unit: m.Unit, Views: m.Views, Default: m.Default, PartLabel: m.PartLabel,
		Areas: []areaData{}, Lines: []lineData{}, Points: []pointData{}}
	if len(md.Views) == 0 {
		md.Views = []MapView{{Label: m.Title}}
	}
	for _, a := range m.Areas {
		ad := areaData{Name: a.Name, Info: a.Info, Values: a.Values}
		for _, r := range a.Rings {
			ad.Rings = append(ad.Rings, coords(r))
		}
		md.Areas = append(md.Areas, ad)
	}
	for _, l := range m.Lines {
		ld := lineData{Label: l.Label, Info: l.Info, Values: l.Values}
		for _, p := range l.Parts {
			ld.Parts = append(ld.Parts, coords(p))
		}
		md.Lines = append(md.Lines, ld)
	}
	for _, p := range m.Points {
		md.Points = append(md.Points, pointData{Label: p.Label, Info: p.Info, LatLng: [2]float64{round4(p.Lat), round4(p.Lon)},
			Values: p.Values, Parts: p.Parts})
	}
	return md
}

// describe is the map's accessible description.
func (m Map) describe() string {
	what := "a line or circle"
	if len(m.Areas) > 0 && len(m.Areas[0].Values) > 0 {
		what = "an area"
		if len(m.Lines)+len(m.Points) > 0 {
			what = "an area, line or circle"
		}
	}
	return fmt.Sprintf("Map: %s. %d areas, %d lines, %d points; hover %s for its value.", m.Title, len(m.Areas), len(m.Lines), len(m.Points), what)
}
