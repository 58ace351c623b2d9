package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNetworkShow(t *testing.T) {
	code, out, errOut := run(t, "network", "show")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"poe_nogales", "tucson_fo", "mex-15d:cdmx-culiacan", "GeoNames"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestNetworkValidateNamesEachProblem(t *testing.T) {
	bad := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"a","properties":{"kind":"city","state":"25"},"geometry":{"type":"Point","coordinates":[-107.4,24.8]}},
{"type":"Feature","id":"a","properties":{"kind":"city","state":"26"},"geometry":{"type":"Point","coordinates":[-110.9,31.3]}},
{"type":"Feature","id":"p","properties":{"kind":"port","field_office":"tucson_fo","sector":"tucson_sector"},"geometry":{"type":"Point","coordinates":[-110.94,31.33]}},
{"type":"Feature","id":"ab","properties":{"from":"a","to":"zz","length_km":900},"geometry":{"type":"LineString","coordinates":[[-107.4,24.8],[-110.9,31.3]]}},
{"type":"Feature","id":"bp","properties":{"from":"a","to":"p"},"geometry":{"type":"LineString","coordinates":[[-110.9,31.3],[-110.94,31.33]]}}
]}`
	path := filepath.Join(t.TempDir(), "bad.geojson")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "network", "validate", path)
	if code != ExitInput {
		t.Errorf("exit %d, want %d", code, ExitInput)
	}
	for _, want := range []string{
		"line 3: a: duplicate id",
		"line 4: p: port with no connection",
		`line 5: ab: dangling edge: node "zz"`,
		"line 6: bp: missing length_km",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code, out, _ := run(t, "network", "validate", "../../data/network/mexico.geojson"); code != ExitOK || !strings.Contains(out, "26 ports: valid") {
		t.Errorf("embedded network: exit %d, %q", code, out)
	}
	if code, out, errOut := run(t, "network", "validate", "../../data/network/testdata/nogales.osm.pbf"); code != ExitOK || !strings.Contains(out, "1 ports: valid") {
		t.Errorf("OSM extract: exit %d, %q %q", code, out, errOut)
	}
}
