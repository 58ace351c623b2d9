package network

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
)

// osmRoads are the OpenStreetMap highway classes kept from a PBF extract:
// the roads a truck crosses a country on.
var osmRoads = map[string]bool{
	"motorway": true, "motorway_link": true, "trunk": true, "trunk_link": true,
	"primary": true, "primary_link": true, "secondary": true, "secondary_link": true,
}

// PortSnapKm is how far from a road node an embedded port of entry may be
// and still be joined to a network read from OpenStreetMap.
const PortSnapKm = 10.0

// ReadOSM builds a network from an OpenStreetMap PBF extract (read with
// github.com/paulmach/osm): ways tagged highway=motorway, trunk, primary or
// secondary (and their links) become edges, split where ways meet, with
// lengths from the node coordinates and classes from the tags. OSM has no
// CBP metadata, so the embedded network's ports of entry are added, each
// joined to the nearest road node within PortSnapKm. It reads r twice
// (ways, then the coordinates of their nodes), hence the io.ReadSeeker.
func ReadOSM(r io.ReadSeeker, name string) (*Network, error) {
	ctx := context.Background()
	type way struct {
		nodes []osm.NodeID
		class string
		ref   string
	}
	var ways []way
	uses := map[osm.NodeID]int{}
	sc := osmpbf.New(ctx, r, 1)
	sc.SkipNodes, sc.SkipRelations = true, true
	for sc.Scan() {
		w, ok := sc.Object().(*osm.Way)
		if !ok || !osmRoads[w.Tags.Find("highway")] || len(w.Nodes) < 2 {
			continue
		}
		ids := w.Nodes.NodeIDs()
		ways = append(ways, way{nodes: ids, class: classOf(w.Tags.Find("highway")), ref: w.Tags.Find("ref")})
		for i, id := range ids {
			uses[id]++
			if i == 0 || i == len(ids)-1 {
				uses[id]++ // way ends are always nodes of the network
			}
		}
	}
	if err := sc.Err(); err != nil {
		sc.Close()
		return nil, fmt.Errorf("network: %s: %w", name, err)
	}
	sc.Close()
	if len(ways) == 0 {
		return nil, &InvalidError{File: name, Problems: []Problem{{Line: 0, Msg: "no highway=motorway/trunk/primary/secondary ways"}}}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("network: %s: %w", name, err)
	}
	coord := make(map[osm.NodeID][2]float64, len(uses))
	sc = osmpbf.New(ctx, r, 1)
	sc.SkipWays, sc.SkipRelations = true, true
	for sc.Scan() {
		if nd, ok := sc.Object().(*osm.Node); ok {
			if _, used := uses[nd.ID]; used {
				coord[nd.ID] = [2]float64{nd.Lon, nd.Lat}
			}
		}
	}
	if err := sc.Err(); err != nil {
		sc.Close()
		return nil, fmt.Errorf("network: %s: %w", name, err)
	}
	sc.Close()

	n := &Network{Name: name, Attribution: "© OpenStreetMap contributors (ODbL); ports: US Customs and Border Protection", index: map[string]int{}}
	node := func(id osm.NodeID) int {
		key := "osm" + strconv.FormatInt(int64(id), 10)
		if i, ok := n.index[key]; ok {
			return i
		}
		c := coord[id]
		n.index[key] = len(n.Nodes)
		n.Nodes = append(n.Nodes, Node{ID: key, Kind: KindNode, State: -1, Lon: c[0], Lat: c[1], Source: "OpenStreetMap node " + strconv.FormatInt(int64(id), 10)})
		return n.index[key]
	}
	missing := 0
	for wi, w := range ways {
		start, km := 0, 0.0
		var line [][2]float64
		for i, id := range w.nodes {
			c, ok := coord[id]
			if !ok {
				missing++
				start, km, line = -1, 0, nil // a gap: restart after it
				continue
			}
			if start < 0 {
				start, km, line = i, 0, [][2]float64{c}
				continue
			}
			if i > 0 && len(line) > 0 {
				p := line[len(line)-1]
				km += Haversine(p[1], p[0], c[1], c[0])
			}
			line = append(line, c)
			if i > start && (uses[id] > 1 || i == len(w.nodes)-1) {
				a, b := node(w.nodes[start]), node(id)
				if a != b && km > 0 {
					n.Edges = append(n.Edges, Edge{ID: fmt.Sprintf("way%d.%d", wi, i), From: a, To: b, Km: km,
						Road: w.ref, Class: w.class, Coords: line, Source: "OpenStreetMap"})
				}
				start, km, line = i, 0, [][2]float64{c}
			}
		}
	}
	if len(n.Edges) == 0 {
		return nil, &InvalidError{File: name, Problems: []Problem{{Msg: fmt.Sprintf("no road edges (%d way nodes without coordinates)", missing)}}}
	}
	// Ports of entry from the embedded network, joined to the nearest road.
	mx, err := Mexico()
	if err != nil {
		return nil, err
	}
	roads := len(n.Nodes)
	for _, p := range mx.Ports {
		pn := mx.Nodes[p.Node]
		best, bd := -1, math.Inf(1)
		for i := range roads {
			if d := Haversine(pn.Lat, pn.Lon, n.Nodes[i].Lat, n.Nodes[i].Lon); d < bd {
				best, bd = i, d
			}
		}
		if bd > PortSnapKm {
			continue
		}
		pn.Line = 0
		n.index[pn.ID] = len(n.Nodes)
		n.Ports = append(n.Ports, Port{Node: len(n.Nodes), Office: p.Office, Sector: p.Sector, Crossings: p.Crossings})
		n.Nodes = append(n.Nodes, pn)
		n.Edges = append(n.Edges, Edge{ID: "crossing:" + pn.ID, From: best, To: len(n.Nodes) - 1, Km: max(bd, 0.1), Class: "crossing", Source: "joined to the nearest OpenStreetMap road node"})
	}
	if len(n.Ports) == 0 {
		return nil, &InvalidError{File: name, Problems: []Problem{{Msg: fmt.Sprintf("no port of entry within %g km of a road", PortSnapKm)}}}
	}
	return n, nil
}
