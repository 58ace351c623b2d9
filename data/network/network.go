// Package network reads the road network traffickers use in Mexico: cities,
// US land ports of entry and the federal highways between them, as GeoJSON.
//
// The embedded network (mexico.geojson, built by build/build.mjs from the
// hand-written facts in build/spec.mjs) has one Point feature per node and
// one LineString feature per edge, each with a source. A user may load a
// larger network in the same format, or plain LineStrings without from/to
// (an OpenStreetMap export, say): their endpoints are then joined where
// they share coordinates, and lengths come from the geometry.
//
// Node features: "id" (or properties.id), properties.kind "city", "port" or
// "node"; cities carry "state" (two-digit INEGI code); ports carry
// "field_office" and "sector" (the output labels of package geo, e.g.
// "tucson_fo", "tucson_sector"). Edge features: properties "from", "to"
// (node ids), "length_km" (> 0), "road" (designation, e.g. "MEX-15"),
// "corridor" (the highway stretch it belongs to) and "class" ("toll",
// "federal", "secondary", "crossing").
package network

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cartelsim/cartelsim/geo"
)

//go:embed mexico.geojson
var mexico []byte

// Node kinds.
const (
	KindCity = "city"
	KindPort = "port"
	KindNode = "node"
)

// Node is a city, port or road junction.
type Node struct {
	ID   string
	Kind string
	// Role says why a city is in the network: capital, border, producing,
	// seaport or junction.
	Role string
	Name string
	// State is the geo index (0–31) of the node's state, or -1 if unknown.
	State    int
	Lon, Lat float64
	Source   string
	// Line is the line of the feature in its file (1-based).
	Line int
}

// Port is a US land port of entry.
type Port struct {
	// Node indexes Network.Nodes.
	Node int
	// Office and Sector index geo.FieldOffices and geo.Sectors.
	Office, Sector int
	Crossings      string
}

// Edge is an undirected road segment.
type Edge struct {
	ID       string
	From, To int
	Km       float64
	Road     string
	// Corridor groups the edges of one highway stretch, e.g.
	// "mex-15:culiacan-nogales"; output is reported by corridor.
	Corridor string
	Class    string
	Source   string
	Coords   [][2]float64
	Line     int
}

// Network is a road network with its ports.
type Network struct {
	Name        string
	Attribution string
	Nodes       []Node
	Edges       []Edge
	Ports       []Port
	index       map[string]int
}

// Node returns the index of the node with the given id.
func (n *Network) Node(id string) (int, bool) {
	i, ok := n.index[id]
	return i, ok
}

// Mexico returns the embedded network.
func Mexico() (*Network, error) {
	n, err := Parse(bytes.NewReader(mexico), "mexico.geojson")
	if err != nil {
		return nil, err
	}
	return n, nil
}

// MexicoGeoJSON returns the embedded file, for maps.
func MexicoGeoJSON() []byte { return mexico }

// Problem is one defect of a network file.
type Problem struct {
	Line    int
	Element string
	Msg     string
}

func (p Problem) String() string {
	if p.Element == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Element, p.Msg)
}

// InvalidError lists every defect found in a network file.
type InvalidError struct {
	File     string
	Problems []Problem
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "network: %s: %d problem(s)", e.File, len(e.Problems))
	for i, p := range e.Problems {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-20)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

type feature struct {
	ID         any            `json:"id"`
	Properties map[string]any `json:"properties"`
	Geometry   *geometry      `json:"geometry"`
}

type geometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// Parse reads a network from GeoJSON. name labels errors. Every defect is
// reported at once, each with its line: duplicate ids, edges naming
// unknown nodes, missing or non-positive lengths, ports with no road, and
// unknown field offices or sectors.
func Parse(r io.Reader, name string) (*Network, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("network: %s: %w", name, err)
	}
	feats, lines, top, err := splitFeatures(src)
	if err != nil {
		return nil, fmt.Errorf("network: %s: %w", name, err)
	}
	n := &Network{index: map[string]int{}}
	if s, ok := top["name"].(string); ok {
		n.Name = s
	}
	if s, ok := top["attribution"].(string); ok {
		n.Attribution = s
	}
	bad := &InvalidError{File: name}
	fail := func(line int, el, format string, a ...any) {
		bad.Problems = append(bad.Problems, Problem{Line: line, Element: el, Msg: fmt.Sprintf(format, a...)})
	}
	type pending struct {
		f    feature
		line int
	}
	var edges []pending
	byCoord := map[[2]int64]int{}
	key := func(lon, lat float64) [2]int64 {
		return [2]int64{int64(math.Round(lon * 1e6)), int64(math.Round(lat * 1e6))}
	}
	for i, raw := range feats {
		line := lines[i]
		var f feature
		if err := json.Unmarshal(raw, &f); err != nil {
			fail(line, "", "not a GeoJSON feature: %v", err)
			continue
		}
		if f.Geometry == nil {
			fail(line, idOf(f), "no geometry")
			continue
		}
		switch f.Geometry.Type {
		case "Point":
			var c []float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil || len(c) < 2 {
				fail(line, idOf(f), "point coordinates are not [lon, lat]")
				continue
			}
			id := idOf(f)
			if id == "" {
				fail(line, "", "node without an id")
				continue
			}
			if j, dup := n.index[id]; dup {
				fail(line, id, "duplicate id (first on line %d)", n.Nodes[j].Line)
				continue
			}
			nd := Node{ID: id, Kind: str(f.Properties, "kind"), Role: str(f.Properties, "role"), Name: str(f.Properties, "name"),
				State: -1, Lon: c[0], Lat: c[1], Source: str(f.Properties, "source"), Line: line}
			if nd.Kind == "" {
				nd.Kind = KindNode
			}
			if st := str(f.Properties, "state"); st != "" {
				k, err := geo.StateIndex(st)
				if err != nil {
					fail(line, id, "unknown state %q (want a two-digit INEGI code)", st)
				} else {
					nd.State = k
				}
			}
			n.index[id] = len(n.Nodes)
			byCoord[key(c[0], c[1])] = len(n.Nodes)
			if nd.Kind == KindPort {
				p := Port{Node: len(n.Nodes), Crossings: str(f.Properties, "crossings")}
				var err error
				if p.Office, err = geo.OfficeIndex(str(f.Properties, "field_office")); err != nil {
					fail(line, id, "field_office %q is not one of san_diego_fo, tucson_fo, el_paso_fo, laredo_fo", str(f.Properties, "field_office"))
				}
				if p.Sector, err = geo.SectorIndex(str(f.Properties, "sector")); err != nil {
					fail(line, id, "sector %q is not a southwest-border Border Patrol sector", str(f.Properties, "sector"))
				}
				n.Ports = append(n.Ports, p)
			}
			n.Nodes = append(n.Nodes, nd)
		case "LineString", "MultiLineString":
			edges = append(edges, pending{f, line})
		default:
			fail(line, idOf(f), "geometry %s is neither Point nor LineString", f.Geometry.Type)
		}
	}
	// Edges after nodes, so that a file may list them in any order.
	seen := map[string]int{}
	for _, pe := range edges {
		f, line := pe.f, pe.line
		id := idOf(f)
		if id == "" {
			id = fmt.Sprintf("edge@%d", line)
		}
		if first, dup := seen[id]; dup {
			fail(line, id, "duplicate id (first on line %d)", first)
			continue
		}
		if _, dup := n.index[id]; dup {
			fail(line, id, "duplicate id (also a node, line %d)", n.Nodes[n.index[id]].Line)
			continue
		}
		seen[id] = line
		coords, err := lineCoords(f.Geometry)
		if err != nil || len(coords) < 2 {
			fail(line, id, "line coordinates need at least two [lon, lat] points")
			continue
		}
		e := Edge{ID: id, Road: str(f.Properties, "road"), Corridor: str(f.Properties, "corridor"), Class: str(f.Properties, "class"), Source: str(f.Properties, "source"), Coords: coords, Line: line}
		if e.Class == "" {
			e.Class = classOf(str(f.Properties, "highway"))
		}
		from, to := str(f.Properties, "from"), str(f.Properties, "to")
		named := from != "" || to != ""
		if named {
			ok := true
			for _, end := range []string{from, to} {
				j, found := n.index[end]
				if !found {
					fail(line, id, "dangling edge: node %q does not exist", end)
					ok = false
					continue
				}
				if end == from {
					e.From = j
				} else {
					e.To = j
				}
			}
			if !ok {
				continue
			}
		} else {
			// A plain LineString: join at shared endpoints, adding junctions.
			ends := [2][2]float64{coords[0], coords[len(coords)-1]}
			var idx [2]int
			for k, c := range ends {
				j, found := byCoord[key(c[0], c[1])]
				if !found {
					j = len(n.Nodes)
					jid := fmt.Sprintf("j%.6f,%.6f", c[1], c[0])
					n.index[jid] = j
					byCoord[key(c[0], c[1])] = j
					n.Nodes = append(n.Nodes, Node{ID: jid, Kind: KindNode, State: -1, Lon: c[0], Lat: c[1], Line: line})
				}
				idx[k] = j
			}
			e.From, e.To = idx[0], idx[1]
		}
		v, has := f.Properties["length_km"]
		switch {
		case !has && named:
			fail(line, id, "missing length_km")
			continue
		case !has:
			for k := 1; k < len(coords); k++ {
				e.Km += Haversine(coords[k-1][1], coords[k-1][0], coords[k][1], coords[k][0])
			}
		default:
			x, ok := v.(float64)
			if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
				fail(line, id, "length_km %v is not a number", v)
				continue
			}
			if x <= 0 {
				fail(line, id, "length_km %g must be positive", x)
				continue
			}
			e.Km = x
		}
		if e.From == e.To {
			fail(line, id, "edge joins node %q to itself", n.Nodes[e.From].ID)
			continue
		}
		n.Edges = append(n.Edges, e)
	}
	deg := make([]int, len(n.Nodes))
	for _, e := range n.Edges {
		deg[e.From]++
		deg[e.To]++
	}
	for _, p := range n.Ports {
		if deg[p.Node] == 0 {
			nd := n.Nodes[p.Node]
			fail(nd.Line, nd.ID, "port with no connection: no edge reaches it")
		}
	}
	if len(n.Nodes) == 0 {
		fail(1, "", "no nodes")
	}
	if len(bad.Problems) > 0 {
		sort.SliceStable(bad.Problems, func(i, j int) bool { return bad.Problems[i].Line < bad.Problems[j].Line })
		return nil, bad
	}
	return n, nil
}

// splitFeatures returns the raw features of a FeatureCollection with the
// line each starts on, and the collection's other top-level members.
func splitFeatures(src []byte) ([]json.RawMessage, []int, map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	lineAt := func(off int64) int { return 1 + bytes.Count(src[:off], []byte{'\n'}) }
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("line %d: not JSON: %w", lineAt(dec.InputOffset()), err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, nil, errors.New("line 1: not a GeoJSON FeatureCollection (want an object)")
	}
	top := map[string]any{}
	var feats []json.RawMessage
	var lines []int
	sawFeatures := false
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, nil, nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
		}
		k, _ := kt.(string)
		if k != "features" {
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, nil, nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
			}
			top[k] = v
			continue
		}
		sawFeatures = true
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil, nil, nil, fmt.Errorf("line %d: \"features\" is not an array", lineAt(dec.InputOffset()))
		}
		for dec.More() {
			var raw json.RawMessage
			start := dec.InputOffset()
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
			}
			// InputOffset is before the separator; skip it and blanks.
			off := int(start)
			for off < len(src) && strings.ContainsRune(" \t\r\n,", rune(src[off])) {
				off++
			}
			feats = append(feats, raw)
			lines = append(lines, lineAt(int64(off)))
		}
		if _, err := dec.Token(); err != nil {
			return nil, nil, nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
		}
	}
	if !sawFeatures {
		return nil, nil, nil, errors.New("line 1: no \"features\" array")
	}
	return feats, lines, top, nil
}

func lineCoords(g *geometry) ([][2]float64, error) {
	var out [][2]float64
	if g.Type == "MultiLineString" {
		var m [][][]float64
		if err := json.Unmarshal(g.Coordinates, &m); err != nil {
			return nil, err
		}
		for _, l := range m {
			for _, c := range l {
				if len(c) < 2 {
					return nil, errors.New("short coordinate")
				}
				out = append(out, [2]float64{c[0], c[1]})
			}
		}
		return out, nil
	}
	var l [][]float64
	if err := json.Unmarshal(g.Coordinates, &l); err != nil {
		return nil, err
	}
	for _, c := range l {
		if len(c) < 2 {
			return nil, errors.New("short coordinate")
		}
		out = append(out, [2]float64{c[0], c[1]})
	}
	return out, nil
}

// classOf maps an OpenStreetMap highway tag to a road class.
func classOf(highway string) string {
	switch highway {
	case "motorway", "motorway_link", "trunk", "trunk_link":
		return "toll"
	case "primary", "primary_link":
		return "federal"
	case "":
		return "federal"
	}
	return "secondary"
}

func idOf(f feature) string {
	switch v := f.ID.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return str(f.Properties, "id")
}

func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// Haversine is the great-circle distance in km on a sphere of the Earth's
// mean radius (6371 km).
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

//go:embed mexico_states.geojson
var statesGeo []byte

// StateOutline is a Mexican state's simplified outline, for maps.
type StateOutline struct {
	// Code is the two-digit INEGI code; Name the INEGI name.
	Code, Name string
	// Rings are the outer rings of its polygons, [lon, lat].
	Rings [][][2]float64
}

// StateOutlines returns the 32 states, simplified (mexico_states.geojson,
// derived from INEGI's Marco Geoestadístico by build/build.mjs).
func StateOutlines() ([]StateOutline, string, error) {
	var fc struct {
		Attribution string `json:"attribution"`
		Features    []struct {
			Properties struct {
				State string `json:"state"`
				Name  string `json:"name"`
			} `json:"properties"`
			Geometry struct {
				Coordinates [][][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(statesGeo, &fc); err != nil {
		return nil, "", fmt.Errorf("network: mexico_states.geojson: %w", err)
	}
	out := make([]StateOutline, 0, len(fc.Features))
	for _, f := range fc.Features {
		s := StateOutline{Code: f.Properties.State, Name: f.Properties.Name}
		for _, poly := range f.Geometry.Coordinates {
			if len(poly) > 0 {
				s.Rings = append(s.Rings, poly[0])
			}
		}
		out = append(out, s)
	}
	return out, fc.Attribution, nil
}
