package scenario

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
)

func TestBuiltins(t *testing.T) {
	t.Parallel()
	all := Builtins()
	if len(all) != len(builtinNames) {
		t.Fatalf("Builtins returned %d scenarios, want %d", len(all), len(builtinNames))
	}
	if all[0].Name != "baseline" || all[len(all)-1].Name != "combined" {
		t.Errorf("Builtins runs %s .. %s, want baseline .. combined", all[0].Name, all[len(all)-1].Name)
	}
	for i, s := range all {
		if s.Name != builtinNames[i] {
			t.Errorf("built-in %d is called %q in its file, want %q", i, s.Name, builtinNames[i])
		}
		if s.Origin != "builtin:"+s.Name {
			t.Errorf("%s: Origin = %q", s.Name, s.Origin)
		}
		if s.Description == "" {
			t.Errorf("%s: no description", s.Name)
		}
		if len(s.Warnings) > 0 {
			t.Errorf("%s: warnings:\n%s", s.Name, render(s.Warnings))
		}
		if s.Name != "baseline" && len(s.Levers) == 0 {
			t.Errorf("%s: no levers", s.Name)
		}
	}
	if len(all[0].Levers) != 0 {
		t.Errorf("baseline has levers")
	}
}

// Every file in builtin/ is listed, and every listed name has a file whose
// comments give the source of its numbers.
func TestBuiltinFiles(t *testing.T) {
	t.Parallel()
	files, err := fs.Glob(builtinFS, "builtin/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(path.Base(f), ".yaml"))
		b, _ := builtinFS.ReadFile(f)
		if !strings.HasPrefix(string(b), "# ") {
			t.Errorf("%s does not open with a comment giving its justification", f)
		}
	}
	want := slices.Clone(builtinNames)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("builtin/ holds %v, builtinNames lists %v", names, want)
	}
}

// The built-ins say what the brief asks of them.
func TestBuiltinContent(t *testing.T) {
	t.Parallel()
	type lv struct {
		kind       string
		start, end string
		intensity  float64
		unilateral bool
		regions    int
	}
	for _, tt := range []struct {
		name   string
		levers []lv
	}{
		{"baseline", nil},
		{"us-strikes-leadership", []lv{{USStrikeLeadership, "2026-01", "2030-12", 6, false, 5}}},
		{"us-strikes-labs", []lv{{USStrikeLabs, "2026-01", "2030-12", 0.3, false, 5}}},
		{"fto-sanctions", []lv{{FTOSanctions, "2025-02", "2030-12", 0.5, false, 0}}},
		{"mexico-troops", []lv{{MexicoTroops, "2026-01", "2030-12", 10000, false, 6}}},
		{"intel-sharing", []lv{{IntelSharing, "2026-01", "2030-12", 0.8, false, 0}}},
		{"extraditions", []lv{{Extraditions, "2026-01", "2030-12", 60, false, 0}}},
		{"border-inspection", []lv{{BorderInspection, "2026-01", "2030-12", 0.4, false, 4}}},
		{"unilateral-campaign", []lv{
			{USStrikeLeadership, "2026-01", "2030-12", 12, true, 5},
			{USStrikeLabs, "2026-01", "2030-12", 0.3, true, 5},
		}},
		{"precursor-controls", []lv{{PrecursorControls, "2026-01", "2030-12", 0.3, false, 0}}},
		{"naloxone", []lv{{Naloxone, "2026-01", "2030-12", 0.3, false, 0}}},
		{"moud", []lv{{MOUD, "2026-01", "2030-12", 0.5, false, 0}}},
		{"combined", []lv{
			{IntelSharing, "2026-01", "2030-12", 0.8, false, 0},
			{Extraditions, "2026-01", "2030-12", 60, false, 0},
			{BorderInspection, "2026-01", "2030-12", 0.4, false, 4},
			{PrecursorControls, "2026-01", "2030-12", 0.3, false, 0},
			{Naloxone, "2026-01", "2030-12", 0.3, false, 0},
			{MOUD, "2026-01", "2030-12", 0.5, false, 0},
			{MexicoTroops, "2026-01", "2030-12", 10000, false, 6},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Builtin(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Levers) != len(tt.levers) {
				t.Fatalf("%d levers, want %d", len(s.Levers), len(tt.levers))
			}
			for i, w := range tt.levers {
				l := s.Levers[i]
				got := lv{l.Kind, l.Start, l.End, l.Intensity, l.Unilateral, len(l.Regions)}
				if got != w {
					t.Errorf("lever %d = %+v, want %+v", i, got, w)
				}
			}
		})
	}
}

func TestBuiltinUnknown(t *testing.T) {
	t.Parallel()
	_, err := Builtin("basline")
	if !errors.Is(err, ErrUnknownBuiltin) {
		t.Fatalf("Builtin(basline) = %v, want ErrUnknownBuiltin", err)
	}
	if want := `scenario: unknown built-in scenario "basline"; did you mean "baseline"?; built-ins are baseline, `; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want prefix %q", err, want)
	}
}

// Each call returns a scenario of its own, so that one caller's change
// cannot leak into another's.
func TestBuiltinFresh(t *testing.T) {
	t.Parallel()
	a, _ := Builtin("combined")
	a.Levers[0].Intensity = 0
	a.Levers[2].Regions[0] = "x"
	b, _ := Builtin("combined")
	if b.Levers[0].Intensity != 0.8 || b.Levers[2].Regions[0] != "san_diego_fo" {
		t.Errorf("a change to one built-in showed in the next")
	}
}
