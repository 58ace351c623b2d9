package scenario

import (
	"bytes"
	"testing"
)

// TestGroupLever: a removal lever may name a group by its cartel_groups id;
// its regions are not filled with the kind's default, and the group
// survives the YAML round trip and enters the canonical form.
func TestGroupLever(t *testing.T) {
	t.Parallel()
	src := `name: capture-cjng
levers:
  - kind: mexico_captures
    start: 2026-03
    end: 2026-03
    intensity: 12
    group: cjng
  - kind: mexico_arrests
    start: 2026-01
    intensity: 40
    regions: ["14"]
`
	s, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if l := s.Levers[0]; l.Group != "cjng" || len(l.Regions) != 0 {
		t.Errorf("lever 0: group %q regions %v; want cjng and no default regions", l.Group, l.Regions)
	}
	y, err := s.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("back.yaml", y)
	if err != nil {
		t.Fatalf("round trip: %v\n%s", err, y)
	}
	if !bytes.Equal(back.Canonical(), s.Canonical()) || !bytes.Contains(s.Canonical(), []byte(`"group":"cjng"`)) {
		t.Errorf("canonical forms differ or lack the group:\n%s\n%s", s.Canonical(), back.Canonical())
	}
}

// TestGroupLeverRejects: an unknown group id, or a group on a lever kind
// that removes no one, is a problem placed at the group field.
func TestGroupLeverRejects(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, src string
		w         want
	}{
		{"unknown group", "name: t\nlevers:\n  - kind: mexico_captures\n    start: 2026-01\n    intensity: 1\n    group: cjnj\n",
			want{6, "levers[0].group", `unknown group "cjnj"`}},
		{"kind takes no group", "name: t\nlevers:\n  - kind: naloxone\n    start: 2026-01\n    intensity: 1\n    group: cjng\n",
			want{6, "levers[0].group", "naloxone cannot name a group"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkProblems(t, parseErr(t, tt.src).Problems, []want{tt.w})
		})
	}
}
