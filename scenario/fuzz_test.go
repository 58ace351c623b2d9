package scenario

import (
	"bytes"
	"errors"
	"io/fs"
	"testing"
)

// FuzzParse checks that no input makes Parse panic or return anything but
// an *Error, and that every scenario it accepts writes out as YAML that
// parses back to the same scenario (same hash) and writes out the same.
func FuzzParse(f *testing.F) {
	files, _ := fs.Glob(builtinFS, "builtin/*.yaml")
	for _, name := range files {
		b, _ := builtinFS.ReadFile(name)
		f.Add(b)
	}
	tpl, _ := NewFromTemplate("fuzz")
	f.Add(tpl)
	for _, s := range []string{
		"",
		"~",
		"- a",
		"name: a\n---\nname: b\n",
		"name: t\nlevers:\n  - &a {kind: moud, start: 2026-01, intensity: 1}\n  - <<: *a\n    end: 2027-01\n",
		"name: t\nlevers:\n  - kind: mexico_troops\n    start: 2026-01\n    intensity: 1e3\n    regions: [02, 08]\n",
		"name: t\nlevers:\n  - kind: border_inspection\n    start: 2026-01\n    intensity: 1\n    regions: [poe_nogales, tucson_fo, nogales]\n",
		"name: t\nparams: {a.b: .inf, c: 0x10, d: -0.0}\nseed: 18446744073709551615\n",
		"name: t\ndescription: \"\\u2028\\x01 é\"\n",
		"name: t\nlevers: &l [*l]\n",
		"name: !!str 5\nstart: !!str 2020-01\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse("fuzz.yaml", b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error is %T, want *Error: %v", err, err)
			}
			if len(e.Problems) == 0 {
				t.Fatal("*Error with no problems")
			}
			for _, p := range e.Problems {
				if p.File != "fuzz.yaml" || p.Msg == "" {
					t.Fatalf("malformed problem %+v", p)
				}
			}
			return
		}
		y, err := s.YAML()
		if err != nil {
			t.Fatalf("YAML: %v", err)
		}
		back, err := Parse("fuzz.yaml", y)
		if err != nil {
			t.Fatalf("YAML output does not parse: %v\ninput:\n%q\noutput:\n%s", err, b, y)
		}
		if back.Hash() != s.Hash() {
			t.Fatalf("round trip changed the scenario:\n%s\n%s", s.Canonical(), back.Canonical())
		}
		y2, _ := back.YAML()
		if !bytes.Equal(y, y2) {
			t.Fatalf("YAML is not a fixed point:\n%s\n%s", y, y2)
		}
	})
}
