package network

import (
	"errors"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/geo"
)

func TestMexicoIsConnectedAndComplete(t *testing.T) {
	n, err := Mexico()
	if err != nil {
		t.Fatal(err)
	}
	// build/spec.mjs lists 32 state capitals among its cities.
	caps := 0
	for _, nd := range n.Nodes {
		if nd.Role == "capital" {
			caps++
		}
		if nd.Kind == KindCity && nd.State < 0 {
			t.Errorf("city %s has no state", nd.ID)
		}
	}
	if caps != 32 {
		t.Errorf("%d state capitals, want 32", caps)
	}
	// Every field office and every sector has a port.
	var offices [4]int
	sectors := make([]int, len(geo.Sectors()))
	for _, p := range n.Ports {
		offices[p.Office]++
		sectors[p.Sector]++
	}
	for i, c := range offices {
		if c == 0 {
			t.Errorf("field office %s has no port", geo.FieldOffices()[i].Short)
		}
	}
	// Every node reaches every other (one component).
	adj := make([][]int, len(n.Nodes))
	for _, e := range n.Edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
		if e.Km <= 0 || e.Source == "" {
			t.Errorf("edge %s: length %g, source %q", e.ID, e.Km, e.Source)
		}
	}
	seen := make([]bool, len(n.Nodes))
	stack := []int{0}
	seen[0] = true
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, v := range adj[u] {
			if !seen[v] {
				seen[v] = true
				stack = append(stack, v)
			}
		}
	}
	for i, s := range seen {
		if !s {
			t.Errorf("node %s is cut off", n.Nodes[i].ID)
		}
	}
}

const good = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"a","properties":{"kind":"city","state":"25"},"geometry":{"type":"Point","coordinates":[-107.4,24.8]}},
{"type":"Feature","id":"b","properties":{"kind":"city","state":"26"},"geometry":{"type":"Point","coordinates":[-110.9,31.3]}},
{"type":"Feature","id":"p","properties":{"kind":"port","field_office":"tucson_fo","sector":"tucson_sector"},"geometry":{"type":"Point","coordinates":[-110.94,31.33]}},
{"type":"Feature","id":"ab","properties":{"from":"a","to":"b","length_km":900},"geometry":{"type":"LineString","coordinates":[[-107.4,24.8],[-110.9,31.3]]}},
{"type":"Feature","id":"bp","properties":{"from":"b","to":"p","length_km":2},"geometry":{"type":"LineString","coordinates":[[-110.9,31.3],[-110.94,31.33]]}}
]}`

func TestParseReportsEachDefectWithItsLine(t *testing.T) {
	if _, err := Parse(strings.NewReader(good), "good"); err != nil {
		t.Fatalf("good network: %v", err)
	}
	cases := []struct{ name, old, new, want string }{
		{"dangling", `"from":"a","to":"b"`, `"from":"a","to":"zz"`, `line 5: ab: dangling edge: node "zz"`},
		{"negative", `"length_km":900`, `"length_km":-3`, `line 5: ab: length_km -3 must be positive`},
		{"missing", `,"length_km":900`, ``, `line 5: ab: missing length_km`},
		{"duplicate", `"id":"b",`, `"id":"a",`, `line 3: a: duplicate id (first on line 2)`},
		{"lonely port", `"from":"b","to":"p","length_km":2`, `"from":"b","to":"a","length_km":2`, `line 4: p: port with no connection`},
	}
	for _, c := range cases {
		src := strings.Replace(good, c.old, c.new, 1)
		_, err := Parse(strings.NewReader(src), c.name)
		var bad *InvalidError
		if !errors.As(err, &bad) {
			t.Errorf("%s: err = %v, want an InvalidError", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not contain %q", c.name, err, c.want)
		}
	}
}

func TestPlainLineStringsJoinAtSharedEnds(t *testing.T) {
	src := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"port","id":"p","field_office":"laredo_fo","sector":"laredo_sector"},"geometry":{"type":"Point","coordinates":[-99.5,27.5]}},
{"type":"Feature","properties":{"highway":"motorway"},"geometry":{"type":"LineString","coordinates":[[-100.3,25.7],[-99.9,26.5],[-99.5,27.5]]}},
{"type":"Feature","properties":{"highway":"primary"},"geometry":{"type":"LineString","coordinates":[[-101.0,25.4],[-100.3,25.7]]}}
]}`
	n, err := Parse(strings.NewReader(src), "plain")
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Nodes) != 3 || len(n.Edges) != 2 {
		t.Fatalf("%d nodes, %d edges; want 3 and 2", len(n.Nodes), len(n.Edges))
	}
	// Monterrey to Nuevo Laredo through the waypoint is about 220 km great-circle.
	if km := n.Edges[0].Km; km < 180 || km > 260 {
		t.Errorf("length from geometry %g km, want about 220", km)
	}
	if n.Edges[0].Class != "toll" || n.Edges[1].Class != "federal" {
		t.Errorf("classes %q %q", n.Edges[0].Class, n.Edges[1].Class)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(good)
	f.Add(`{"features":[{"geometry":{"type":"LineString","coordinates":[[0,0]]}}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(strings.NewReader(s), "fuzz")
		if err == nil {
			for _, e := range n.Edges {
				if e.Km <= 0 || e.From == e.To {
					t.Fatalf("accepted bad edge %+v", e)
				}
			}
		}
	})
}

func TestStateOutlines(t *testing.T) {
	st, attr, err := StateOutlines()
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != geo.NumStates || attr == "" {
		t.Fatalf("%d states, attribution %q", len(st), attr)
	}
	for _, s := range st {
		if len(s.Rings) == 0 {
			t.Errorf("state %s has no outline", s.Code)
		}
	}
}
