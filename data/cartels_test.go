package data

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/geo"
)

func TestCartels(t *testing.T) {
	t.Parallel()
	net, err := Cartels()
	if err != nil {
		t.Fatal(err)
	}
	// 150 active groups in 2020: the BACRIM2020 node list (SOURCES.md, cartels/).
	if len(net.Groups) != 150 {
		t.Fatalf("groups = %d, want 150", len(net.Groups))
	}
	// 91 and 92 undirected pairs: the distinct pairs in BACRIM2020_Alliances
	// and BACRIM2020_Rivals (130 and 127 directed rows; see the tables' recipe).
	if len(net.Alliances) != 91 || len(net.Rivalries) != 92 {
		t.Errorf("alliances, rivalries = %d, %d, want 91, 92", len(net.Alliances), len(net.Rivalries))
	}
	byID := map[string]int{}
	for i, g := range net.Groups {
		byID[g.ID] = i
		if g.State < 0 || g.State >= geo.NumStates {
			t.Errorf("%s: state index %d", g.ID, g.State)
		}
	}
	weight := func(ties []CartelTie, a, b string) float64 {
		i, j := byID[a], byID[b]
		for _, e := range ties {
			if (e.A == i && e.B == j) || (e.A == j && e.B == i) {
				return e.Weight
			}
		}
		return 0
	}
	maxW := func(ties []CartelTie) float64 {
		m := 0.0
		for _, e := range ties {
			if e.A >= e.B {
				t.Errorf("tie %+v not ordered A < B", e)
			}
			m = max(m, e.Weight)
		}
		return m
	}
	for _, tt := range []struct {
		name       string
		ties       []CartelTie
		a, b       string
		want, maxW float64
	}{
		// The largest rivalry in the source: CJNG vs La Nueva Familia
		// Michoacana, 13 (SOURCES.md, cartels/).
		{"CJNG-NFM rivalry", net.Rivalries, "cjng", "nfmichoacana", 13, 13},
		// Sinaloa vs CJNG, 7 (SOURCES.md, cartels/).
		{"Sinaloa-CJNG rivalry", net.Rivalries, "sinaloa", "cjng", 7, 13},
		// The largest alliance: CJNG with Los Cuinis, 6 (first rows of
		// BACRIM2020_Alliances.csv).
		{"CJNG-Cuinis alliance", net.Alliances, "cjng", "cuinis", 6, 6},
	} {
		if got := weight(tt.ties, tt.a, tt.b); got != tt.want {
			t.Errorf("%s: weight %g, want %g", tt.name, got, tt.want)
		}
		if got := maxW(tt.ties); got != tt.maxW {
			t.Errorf("%s: largest weight %g, want %g", tt.name, got, tt.maxW)
		}
	}
	// Home states as coded in the source: CJNG Jalisco (14), Sinaloa
	// Durango (10) (sic: the source's main state for the Sinaloa cartel).
	for id, code := range map[string]string{"cjng": "14", "sinaloa": "10", "nfmichoacana": "09"} {
		if got := geo.States()[net.Groups[byID[id]].State].Code; got != code {
			t.Errorf("%s: state %s, want %s", id, got, code)
		}
	}
}

// TestCartelTablesMatchSource re-derives the tables from the raw source files
// when they are present (they are not shipped with the module).
func TestCartelTablesMatchSource(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "shared", "data", "cartels")
	if _, err := os.Stat(filepath.Join(dir, "BACRIM2020_Nodes.csv")); err != nil {
		t.Skip("raw source not present:", err)
	}
	read := func(name string) [][]string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	net, err := Cartels()
	if err != nil {
		t.Fatal(err)
	}
	nodes := read("BACRIM2020_Nodes.csv")
	if len(nodes) != len(net.Groups) {
		t.Fatalf("source has %d nodes, table %d", len(nodes), len(net.Groups))
	}
	index := map[string]int{}
	for i, r := range nodes {
		index[r[0]] = i
		st, err := geo.StateByName(r[2])
		if err != nil {
			t.Fatalf("node %s: %v", r[0], err)
		}
		g := net.Groups[i]
		if g.State != st {
			t.Errorf("node %s: state %d, source %q (%d)", r[0], g.State, r[2], st)
		}
		if !strings.HasPrefix(g.Name, "Cell ") && g.Name != strings.TrimSpace(r[1]) {
			t.Errorf("node %s: name %q, source %q", r[0], g.Name, r[1])
		}
	}
	for _, tt := range []struct {
		file string
		ties []CartelTie
	}{
		{"BACRIM2020_Alliances.csv", net.Alliances},
		{"BACRIM2020_Rivals.csv", net.Rivalries},
	} {
		want := map[[2]int]float64{}
		for _, r := range read(tt.file) {
			a, b := index[r[1]], index[r[3]]
			w, err := strconv.ParseFloat(r[5], 64)
			if err != nil {
				t.Fatal(err)
			}
			k := [2]int{min(a, b), max(a, b)}
			// The source lists some pairs in both directions; they must agree.
			if old, ok := want[k]; ok && old != w {
				t.Errorf("%s: %s–%s directions disagree: %g vs %g", tt.file, r[1], r[3], old, w)
			}
			want[k] = w
		}
		if len(want) != len(tt.ties) {
			t.Errorf("%s: %d pairs, table %d", tt.file, len(want), len(tt.ties))
		}
		for _, e := range tt.ties {
			if want[[2]int{e.A, e.B}] != e.Weight {
				t.Errorf("%s: %d–%d weight %g, source %g", tt.file, e.A, e.B, e.Weight, want[[2]int{e.A, e.B}])
			}
		}
	}
}
