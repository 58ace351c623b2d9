package scenario

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// comparable strips what depends on where a scenario was read from.
func comparable(s *Scenario) Scenario {
	c := *s.clone()
	c.Origin, c.lines, c.ParamLines = "", nil, nil
	for i := range c.Levers {
		c.Levers[i].Line = 0
	}
	return c
}

func TestYAMLRoundTripBuiltins(t *testing.T) {
	t.Parallel()
	for _, s := range Builtins() {
		y, err := s.YAML()
		if err != nil {
			t.Fatalf("%s: YAML: %v", s.Name, err)
		}
		back, err := Parse("show.yaml", y)
		if err != nil {
			t.Fatalf("%s: YAML output does not parse:\n%v\n%s", s.Name, err, y)
		}
		if !reflect.DeepEqual(comparable(back), comparable(s)) {
			t.Errorf("%s: round trip changed the scenario\n got %+v\nwant %+v", s.Name, comparable(back), comparable(s))
		}
		if back.Hash() != s.Hash() {
			t.Errorf("%s: round trip changed the hash", s.Name)
		}
	}
}

func TestYAMLQuoting(t *testing.T) {
	t.Parallel()
	s := &Scenario{
		Name:        "q",
		Description: "yes: \"quoted\" \\ and\nnewline\ttab \u2028 é",
		Levers: []Lever{{Kind: MexicoTroops, Start: "2026-01", Intensity: 10000,
			Regions: []string{"08", "02"}}},
		Params: map[string]float64{"true": 1e-7, "health.x": 1e300, "n": 0.1},
	}
	y, err := s.YAML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`regions: ["08", "02"]`, // bare 08 is the integer 8 to a YAML 1.2 reader
		"intensity: 10000\n",    // not 1e+04
		`"true": 1e-07`,
		"health.x: 1e+300",
		`"n": 0.1`, // n is false to a YAML 1.1 reader
		"start: 2015-01\n",
	} {
		if !strings.Contains(string(y), want) {
			t.Errorf("YAML lacks %q:\n%s", want, y)
		}
	}
	back, err := Parse("q.yaml", y)
	if err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	if back.Description != s.Description || back.Params["true"] != 1e-7 {
		t.Errorf("round trip: %q %v", back.Description, back.Params)
	}
}

// The hash depends on what the scenario says, not how the file says it.
func TestHashCanonical(t *testing.T) {
	t.Parallel()
	a := `name: h
levers:
  - kind: us_strikes_labs
    start: 2026-01
    intensity: 0.3
params: {b: 2, a: 1}
`
	b := `# same scenario, written differently
params:
  a: 1.0
  b: 2
seed: 1
start: 2015-01
levers:
  - {intensity: 3e-1, start: 2026-01, kind: us_strikes_labs, end: 2035-12, regions: ["26", "10", "16", "14", "25"], unilateral: false}
name: h
`
	sa, err := Parse("a.yaml", []byte(a))
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Parse("b.yaml", []byte(b))
	if err != nil {
		t.Fatal(err)
	}
	if sa.Hash() != sb.Hash() {
		t.Errorf("equivalent files hash differently:\n%s\n%s", sa.Canonical(), sb.Canonical())
	}
	if len(sa.Hash()) != 64 {
		t.Errorf("Hash = %q, want 64 hex digits", sa.Hash())
	}
	const want = `{"name":"h","description":"","start":"2015-01","end":"2035-12","seed":1,"levers":[{"kind":"us_strikes_labs","start":"2026-01","end":"2035-12","intensity":0.3,"regions":["10","14","16","25","26"],"unilateral":false}],"params":{"a":1,"b":2}}`
	if got := string(sa.Canonical()); got != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, want)
	}
	for _, change := range []func(s *Scenario){
		func(s *Scenario) { s.Seed = 2 },
		func(s *Scenario) { s.Levers[0].Intensity = 0.31 },
		func(s *Scenario) { s.Levers[0].Unilateral = true },
		func(s *Scenario) { s.Params["a"] = 1.5 },
		func(s *Scenario) { s.Levers[0].Regions = s.Levers[0].Regions[:4] },
		func(s *Scenario) { s.End = "2035-11" },
	} {
		c := sa.clone()
		change(c)
		if c.Hash() == sa.Hash() {
			t.Errorf("a change left the hash as it was:\n%s", c.Canonical())
		}
	}
	// Hash must not fail on a scenario that is not valid.
	bad := &Scenario{Name: "x", Levers: []Lever{{Kind: MOUD, Intensity: math.NaN()}}}
	if bad.Hash() == "" {
		t.Error("Hash of an invalid scenario is empty")
	}
}

// A scenario made in code hashes the same as its file once defaults apply.
func TestHashDefaults(t *testing.T) {
	t.Parallel()
	code := &Scenario{Name: "naloxone", Description: "d", Levers: []Lever{{Kind: Naloxone, Start: "2026-01", End: "2030-12", Intensity: 0.3}}}
	file, err := Parse("f.yaml", []byte("name: naloxone\ndescription: d\nlevers:\n  - {kind: naloxone, start: 2026-01, end: 2030-12, intensity: 0.3}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if code.Hash() != file.Hash() {
		t.Errorf("code and file hash differently:\n%s\n%s", code.Canonical(), file.Canonical())
	}
}

// Any valid UTF-8 text survives YAML and Parse: Go's quoting escapes must
// all be ones goccy reads back.
func TestYAMLStringsRoundTrip(t *testing.T) {
	t.Parallel()
	var odd []string
	for r := rune(0); r < 0x300; r++ {
		odd = append(odd, "a"+string(r)+"b", string(r))
	}
	odd = append(odd, "\u2028", "\u2029", "\ufeff", "\U0001F600", " lead", "trail ", "a: b", "# x", "- x",
		"'", `"`, `\`, "@x", "`x", "%x", "!x", "&x", "*x", "|", ">", "[a]", "{a}", "a,b", "null", "~", "0x10", "1e3",
		".inf", "2026-01-01", "x\r\ny", "\t", "\x00", "\x7f", "\u0085", "\u00a0", "\ud7ff", "\U0010FFFF")
	for _, d := range odd {
		s := &Scenario{Name: "s", Description: d, Params: map[string]float64{d: 1}}
		if strings.TrimSpace(d) == "" {
			s.Params = nil
		}
		y, err := s.YAML()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse("s.yaml", y)
		if err != nil {
			t.Errorf("%q: %v\n%s", d, err, y)
			continue
		}
		if back.Description != d {
			t.Errorf("description %q came back as %q\n%s", d, back.Description, y)
		}
		if s.Params != nil && back.Params[d] != 1 {
			t.Errorf("param key %q came back as %v\n%s", d, back.Params, y)
		}
	}
}
