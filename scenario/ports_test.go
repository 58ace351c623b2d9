package scenario

import (
	"slices"
	"testing"
)

// TestPortRegions: a border_inspection lever may name ports of entry of
// the embedded network (26, data/network) as well as field offices.
func TestPortRegions(t *testing.T) {
	t.Parallel()
	ids := PortIDs()
	if len(ids) != 26 || !slices.Contains(ids, "poe_nogales") || !slices.Contains(ids, "poe_san_ysidro") {
		t.Fatalf("PortIDs() = %v, want the 26 southwest ports with poe_nogales and poe_san_ysidro", ids)
	}
	if i, ok := PortIndex("poe_nogales"); !ok || ids[i] != "poe_nogales" {
		t.Errorf("PortIndex(poe_nogales) = %d, %v", i, ok)
	}
	if _, ok := PortIndex("tucson_fo"); ok {
		t.Error("PortIndex(tucson_fo): a field office is not a port")
	}
	s, err := Parse("ports.yaml", []byte(`name: ports
levers:
  - kind: border_inspection
    start: 2026-01
    intensity: 0.5
    regions: [poe_nogales, san_diego_fo]
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Levers[0].Regions; !slices.Equal(got, []string{"poe_nogales", "san_diego_fo"}) {
		t.Errorf("regions %v", got)
	}
}
