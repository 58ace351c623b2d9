package network

import (
	"os"
	"testing"
)

// TestReadOSM reads testdata/nogales.osm.pbf (made from nogales.osm with
// `osmium cat nogales.osm -o nogales.osm.pbf`): a trunk way Hermosillo–
// Santa Ana–Nogales and a secondary way Santa Ana–Altar, plus a footway
// that must be dropped.
func TestReadOSM(t *testing.T) {
	f, err := os.Open("testdata/nogales.osm.pbf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := ReadOSM(f, "nogales.osm.pbf")
	if err != nil {
		t.Fatal(err)
	}
	// The trunk splits at Santa Ana (node 3), where the secondary way
	// starts: 2 + 1 road edges.
	roads := 0
	km := 0.0
	for _, e := range n.Edges {
		if e.Class != "crossing" {
			roads++
			km += e.Km
		}
	}
	if roads != 3 {
		t.Errorf("%d road edges, want 3", roads)
	}
	// Hermosillo–Nogales through the waypoints is about 250 km great-circle,
	// Santa Ana–Altar about 70 km.
	if km < 280 || km > 360 {
		t.Errorf("road length %g km, want about 320", km)
	}
	// Only the Nogales port lies within PortSnapKm of these roads.
	if len(n.Ports) != 1 || n.Nodes[n.Ports[0].Node].ID != "poe_nogales" {
		var ids []string
		for _, p := range n.Ports {
			ids = append(ids, n.Nodes[p.Node].ID)
		}
		t.Errorf("ports %v, want [poe_nogales]", ids)
	}
}
