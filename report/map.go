package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// Map is a small thematic map drawn as inline SVG (no tiles, no network):
// filled areas, lines whose width shows a value, and points whose size
// shows a value. Coordinates are [longitude, latitude] in degrees; the
// projection is equirectangular with longitudes scaled by the cosine of
// the middle latitude, which is faithful enough at the scale of a country.
type Map struct {
	// ID is the map's HTML id, unique in the Document like a chart's; an
	// empty ID is given one ("map-N").
	ID    string
	Title string
	// Unit names the lines' and points' values, e.g. "kg per month".
	Unit string
	// Note is a sentence under the title: sources, definitions.
	Note   string
	Areas  []MapArea
	Lines  []MapLine
	Points []MapPoint
}

// MapArea is a filled outline, e.g. a state.
type MapArea struct {
	Name  string
	Rings [][][2]float64
}

// MapLine is a polyline, e.g. a road segment, drawn wider the larger its
// Value (0 draws a thin grey line).
type MapLine struct {
	Label  string
	Coords [][2]float64
	Value  float64
}

// MapPoint is a place, e.g. a port, drawn larger the larger its Value.
type MapPoint struct {
	Label    string
	Lon, Lat float64
	Value    float64
}

// validate reports a map's problems.
func (m Map) validate() []string {
	var errs []string
	if len(m.Areas)+len(m.Lines)+len(m.Points) == 0 {
		errs = append(errs, "map has nothing to draw")
	}
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) || x < 0 }
	for i, l := range m.Lines {
		if bad(l.Value) || len(l.Coords) < 2 {
			errs = append(errs, fmt.Sprintf("line %d (%s): value %g, %d points", i+1, l.Label, l.Value, len(l.Coords)))
		}
	}
	for i, p := range m.Points {
		if bad(p.Value) || math.IsNaN(p.Lon) || math.IsNaN(p.Lat) {
			errs = append(errs, fmt.Sprintf("point %d (%s): value %g", i+1, p.Label, p.Value))
		}
	}
	return errs
}

// svg draws the map, 760 units wide.
func (m Map) svg() template.HTML {
	const width, pad = 760.0, 8.0
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	grow := func(c [2]float64) {
		lo[0], lo[1] = min(lo[0], c[0]), min(lo[1], c[1])
		hi[0], hi[1] = max(hi[0], c[0]), max(hi[1], c[1])
	}
	for _, a := range m.Areas {
		for _, r := range a.Rings {
			for _, c := range r {
				grow(c)
			}
		}
	}
	for _, l := range m.Lines {
		for _, c := range l.Coords {
			grow(c)
		}
	}
	for _, p := range m.Points {
		grow([2]float64{p.Lon, p.Lat})
	}
	kx := math.Cos((lo[1] + hi[1]) / 2 * math.Pi / 180)
	scale := (width - 2*pad) / max((hi[0]-lo[0])*kx, 1e-9)
	height := math.Ceil((hi[1]-lo[1])*scale + 2*pad)
	xy := func(c [2]float64) (float64, float64) {
		return pad + (c[0]-lo[0])*kx*scale, pad + (hi[1]-c[1])*scale
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map-svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Map: %s">`, width, height, html.EscapeString(m.Title))
	b.WriteString(`<g class="map-areas">`)
	for _, a := range m.Areas {
		b.WriteString(`<path d="`)
		for _, r := range a.Rings {
			for i, c := range r {
				x, y := xy(c)
				if i == 0 {
					fmt.Fprintf(&b, "M%.1f %.1f", x, y)
				} else {
					fmt.Fprintf(&b, "L%.1f %.1f", x, y)
				}
			}
			b.WriteString("Z")
		}
		fmt.Fprintf(&b, `"><title>%s</title></path>`, html.EscapeString(a.Name))
	}
	b.WriteString(`</g><g class="map-lines">`)
	top := 0.0
	for _, l := range m.Lines {
		top = max(top, l.Value)
	}
	for _, l := range m.Lines {
		w, cls := 0.6, "idle"
		// Below 1% of the busiest line a flow is a trace of the
		// equilibrium's averaging, not a route: drawn idle.
		if top > 0 && l.Value >= 0.01*top {
			w, cls = 1+7*l.Value/top, "busy"
		}
		b.WriteString(`<polyline class="` + cls + `" points="`)
		for i, c := range l.Coords {
			x, y := xy(c)
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x, y)
		}
		fmt.Fprintf(&b, `" stroke-width="%.2f"><title>%s: %s %s</title></polyline>`, w, html.EscapeString(l.Label), formatValue(l.Value), html.EscapeString(m.Unit))
	}
	b.WriteString(`</g><g class="map-points">`)
	ptop := 0.0
	for _, p := range m.Points {
		ptop = max(ptop, p.Value)
	}
	for _, p := range m.Points {
		r := 2.5
		if ptop > 0 {
			r += 9 * math.Sqrt(p.Value/ptop)
		}
		x, y := xy([2]float64{p.Lon, p.Lat})
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f"><title>%s: %s %s</title></circle>`, x, y, r, html.EscapeString(p.Label), formatValue(p.Value), html.EscapeString(m.Unit))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}

func formatValue(x float64) string {
	switch {
	case x >= 10:
		return fmt.Sprintf("%.0f", x)
	case x >= 1:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2g", x)
}
