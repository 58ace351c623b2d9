package scenario

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// want is one expected problem: its line, key path and a fragment of its
// message.
type want struct {
	line  int
	field string
	msg   string
}

// checkProblems asserts that got holds exactly the wanted problems, in
// order, each rendered as "t.yaml:line: field: msg".
func checkProblems(t *testing.T, got []Problem, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(wants), render(got))
	}
	for i, w := range wants {
		p := got[i]
		if p.Line != w.line || p.Field != w.field || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = %s\nwant line %d, field %q, message containing %q", i, p, w.line, w.field, w.msg)
		}
		prefix := fmt.Sprintf("t.yaml:%d: ", w.line)
		if w.line == 0 {
			prefix = "t.yaml: "
		}
		if w.field != "" {
			prefix += w.field + ": "
		}
		if !strings.HasPrefix(p.String(), prefix) {
			t.Errorf("problem %d renders as %q, want prefix %q", i, p, prefix)
		}
	}
}

func render(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

// parseErr parses src and returns its *Error, failing if there is none.
func parseErr(t *testing.T, src string) *Error {
	t.Helper()
	s, err := Parse("t.yaml", []byte(src))
	if err == nil {
		t.Fatalf("Parse accepted:\n%s\nwarnings:\n%s", src, render(s.Warnings))
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Parse error is %T, want *Error: %v", err, err)
	}
	if s != nil {
		t.Errorf("Parse returned a scenario with its error")
	}
	return e
}

// lever wraps lever fields (indented four spaces) in a minimal scenario;
// the lever's first field is on line 3.
func lever(fields string) string {
	return "name: t\nlevers:\n  - " + strings.TrimPrefix(fields, "    ")
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		src  string
		want []want
	}{
		// The example in the package brief, verbatim.
		{"negative intensity", `name: t
levers:
  - kind: us_strikes_leadership
    start: 2026-01
    intensity: 6
  - kind: us_strikes_leadership
    intensity: -2
    start: 2026-01
`, []want{{7, "levers[1].intensity", "-2 is negative; want 0 to 52 strike operations per year"}}},
		{"intensity above max", lever("    kind: precursor_controls\n    start: 2026-01\n    intensity: 0.99\n"),
			[]want{{5, "levers[0].intensity", "0.99 is above the maximum 0.95; want 0 to 0.95 share of precursor inflow blocked"}}},
		{"intensity NaN", lever("    kind: naloxone\n    start: 2026-01\n    intensity: .nan\n"),
			[]want{{5, "levers[0].intensity", "NaN is not a finite number"}}},
		{"intensity Inf", lever("    kind: naloxone\n    start: 2026-01\n    intensity: -.inf\n"),
			[]want{{5, "levers[0].intensity", "-Inf is not a finite number"}}},
		{"intensity overflows", lever("    kind: naloxone\n    start: 2026-01\n    intensity: 1e400\n"),
			[]want{{5, "levers[0].intensity", "1e400 is out of the range of a number"}}},
		{"intensity wrong type", lever("    kind: naloxone\n    start: 2026-01\n    intensity: high\n"),
			[]want{{5, "levers[0].intensity", `want a number, got the string "high"`}}},
		{"intensity quoted number", lever("    kind: naloxone\n    start: 2026-01\n    intensity: \"0.3\"\n"),
			[]want{{5, "levers[0].intensity", `want a number, got the string "0.3"`}}},
		{"intensity missing", lever("    kind: naloxone\n    start: 2026-01\n"),
			[]want{{3, "levers[0].intensity", "missing"}}},
		{"intensity null", lever("    kind: naloxone\n    start: 2026-01\n    intensity: ~\n"),
			[]want{{3, "levers[0].intensity", "missing"}}},

		{"unknown top-level field, close", "name: t\ndescriptoin: x\n",
			[]want{{2, "descriptoin", `unknown field; did you mean "description"?`}}},
		{"unknown top-level field, far", "name: t\nfoo: 1\n",
			[]want{{2, "foo", "unknown field; want one of name, description, start, end, seed, levers, params"}}},
		{"unknown lever field", lever("    kind: naloxone\n    start: 2026-01\n    intesity: 0.3\n"),
			[]want{{3, "levers[0].intensity", "missing"}, {5, "levers[0].intesity", `did you mean "intensity"?`}}},
		{"unknown lever field, case", lever("    kind: naloxone\n    Start: 2026-01\n    intensity: 0.3\n"),
			// Keys are case-sensitive, so start is also missing.
			[]want{{3, "levers[0].start", "missing"}, {4, "levers[0].Start", `did you mean "start"?`}}},

		{"seed not whole", "name: t\nseed: 1.5\n", []want{{2, "seed", "1.5 is not a whole number"}}},
		{"seed negative", "name: t\nseed: -1\n", []want{{2, "seed", "-1 is negative; want a whole number, 0 or more"}}},
		{"seed too large", "name: t\nseed: 18446744073709551616\n", []want{{2, "seed", "is too large"}}},
		{"seed string", "name: t\nseed: abc\n", []want{{2, "seed", `want a whole number, 0 or more, got the string "abc"`}}},
		{"name a list", "name: [a]\n", []want{{1, "name", "want a string, got a list"}}},
		{"levers a mapping", "name: t\nlevers: {kind: moud}\n", []want{{2, "levers", "want a list of levers, got a mapping"}}},
		{"levers a string", "name: t\nlevers: moud\n", []want{{2, "levers", `want a list of levers, got the string "moud"`}}},
		{"lever a number", "name: t\nlevers:\n  - 5\n", []want{{3, "levers[0]", `lever is the number "5"; want a mapping`}}},
		{"regions a string", lever("    kind: moud\n    start: 2026-01\n    intensity: 1\n    regions: \"25\"\n"),
			[]want{{6, "levers[0].regions", `want a list of strings, got the string "25"`}}},
		{"region a list", lever("    kind: us_strikes_labs\n    start: 2026-01\n    intensity: 0.1\n    regions: [[\"25\"]]\n"),
			[]want{{6, "levers[0].regions[0]", "want a string, got a list"}}},
		{"unilateral yes", lever("    kind: us_strikes_labs\n    start: 2026-01\n    intensity: 0.1\n    unilateral: yes\n"),
			[]want{{6, "levers[0].unilateral", `want true or false, got the string "yes"`}}},
		{"params a list", "name: t\nparams: [1]\n", []want{{2, "params", "want a mapping of parameter names to numbers, got a list"}}},
		{"param a string", "name: t\nparams:\n  health.x: 1\n  health.y: lots\n",
			[]want{{4, "params.health.y", `want a number, got the string "lots"`}}},
		{"param NaN", "name: t\nparams:\n  health.x: .NaN\n", []want{{3, "params.health.x", "NaN is not a finite number"}}},
		{"param missing value", "name: t\nparams:\n  health.x:\n", []want{{3, "params.health.x", "missing value; want a number"}}},

		{"missing name", "description: x\n", []want{{1, "name", "missing; want a name"}}},
		{"empty name", "name: \"\"\nseed: 2\n", []want{{1, "name", "missing"}}},
		{"bad name", "seed: 2\nname: My Scenario\n", []want{{2, "name", `"My Scenario" is not a valid name; want up to 64 lower-case letters, digits and '-', not starting with '-', e.g. "my-scenario"`}}},
		{"name leading dash", "name: -x\n", []want{{1, "name", "not starting with '-'"}}},
		{"name too long", "name: " + strings.Repeat("a", 65) + "\n", []want{{1, "name", "is not a valid name"}}},

		{"malformed start", "name: t\nstart: 2026/01\n", []want{{2, "start", `"2026/01" is not a month written as YYYY-MM`}}},
		{"month 13", "name: t\nend: 2026-13\n", []want{{2, "end", `"2026-13" has month 13, want 01-12`}}},
		{"start before data", "name: t\nstart: 2011-12\n", []want{{2, "start", "2011-12 is before 2012-01, where the organisation model's data begins"}}},
		{"end past limit", "name: t\nend: 2101-01\n", []want{{2, "end", "2101-01 is after 2100-12"}}},
		{"end before start", "name: t\nstart: 2020-01\nend: 2019-12\n", []want{{3, "end", "2019-12 is before start 2020-01"}}},
		{"lever end before start", lever("    kind: moud\n    start: 2026-01\n    end: 2025-12\n    intensity: 1\n"),
			[]want{{5, "levers[0].end", "2025-12 is before start 2026-01"}}},
		{"lever malformed start", lever("    kind: moud\n    start: 26-01\n    intensity: 1\n"),
			[]want{{4, "levers[0].start", `"26-01" is not a month`}}},
		{"lever missing start", lever("    kind: moud\n    intensity: 1\n"),
			[]want{{3, "levers[0].start", "missing; want the first month in force"}}},
		{"lever missing kind", lever("    start: 2026-01\n    intensity: 1\n"),
			[]want{{3, "levers[0].kind", "missing; want one of us_strikes_leadership, "}}},
		{"unknown kind, close", lever("    kind: us_strike_leadership\n    start: 2026-01\n    intensity: 1\n"),
			[]want{{3, "levers[0].kind", `unknown lever kind "us_strike_leadership"; did you mean "us_strikes_leadership"?`}}},
		{"unknown kind, far", lever("    kind: drones\n    start: 2026-01\n    intensity: 1\n"),
			[]want{{3, "levers[0].kind", `unknown lever kind "drones"; want one of us_strikes_leadership, us_strikes_labs, fto_sanctions, mexico_troops, intel_sharing, extraditions, mexico_captures, mexico_arrests, border_inspection, precursor_controls, naloxone, moud, treatment_retention`}}},

		{"unknown state code", lever("    kind: mexico_troops\n    start: 2026-01\n    intensity: 100\n    regions: [\"02\", \"33\"]\n"),
			[]want{{6, "levers[0].regions[1]", `"33" is not an INEGI state code; want "01" to "32"`}}},
		{"state by name", lever("    kind: mexico_troops\n    start: 2026-01\n    intensity: 100\n    regions:\n      - Sinaloa\n"),
			[]want{{7, "levers[0].regions[0]", `"Sinaloa" is not an INEGI state code; did you mean "25" (Sinaloa)?`}}},
		{"state code without zero", lever("    kind: mexico_troops\n    start: 2026-01\n    intensity: 100\n    regions: [\"8\"]\n"),
			[]want{{6, "levers[0].regions[0]", `did you mean "08" (Chihuahua)?`}}},
		{"office label", lever("    kind: border_inspection\n    start: 2026-01\n    intensity: 0.4\n    regions: [tucson]\n"),
			[]want{{6, "levers[0].regions[0]", `"tucson" is not a southwest-border field office or port of entry; did you mean "tucson_fo"?`}}},
		{"office full name", lever("    kind: border_inspection\n    start: 2026-01\n    intensity: 0.4\n    regions: [\"TUCSON FIELD OFFICE\"]\n"),
			[]want{{6, "levers[0].regions[0]", `did you mean "tucson_fo"?`}}},
		{"state code for an office lever", lever("    kind: border_inspection\n    start: 2026-01\n    intensity: 0.4\n    regions: [\"02\"]\n"),
			[]want{{6, "levers[0].regions[0]", `"02" is not a southwest-border field office or port of entry; want a field office (san_diego_fo, tucson_fo, el_paso_fo, laredo_fo) or the id of one of the 26 ports of entry, such as "poe_nogales"`}}},
		{"unknown port", lever("    kind: border_inspection\n    start: 2026-01\n    intensity: 0.4\n    regions: [poe_nowhere_at_all]\n"),
			[]want{{6, "levers[0].regions[0]", `"poe_nowhere_at_all" is not a southwest-border field office or port of entry; want a field office`}}},
		{"port by town", lever("    kind: border_inspection\n    start: 2026-01\n    intensity: 0.4\n    regions: [nogales]\n"),
			[]want{{6, "levers[0].regions[0]", `"nogales" is not a southwest-border field office or port of entry; did you mean "poe_nogales"?`}}},
		{"regions on national lever", lever("    kind: intel_sharing\n    start: 2026-01\n    intensity: 0.4\n    regions: [\"02\"]\n"),
			[]want{{6, "levers[0].regions", "intel_sharing acts nationally and takes no regions"}}},
		{"duplicate region", lever("    kind: us_strikes_labs\n    start: 2026-01\n    intensity: 0.1\n    regions: [\"25\", \"14\", \"25\"]\n"),
			[]want{{6, "levers[0].regions[2]", `"25" is listed twice (also regions[0])`}}},
		{"unilateral non-strike", lever("    kind: mexico_troops\n    start: 2026-01\n    intensity: 100\n    unilateral: true\n"),
			[]want{{6, "levers[0].unilateral", "mexico_troops is not a US strike and cannot be unilateral; only us_strikes_leadership and us_strikes_labs can"}}},

		{"empty", "", []want{{0, "", "empty document"}}},
		{"comments only", "# nothing\n\n# here\n", []want{{0, "", "empty document"}}},
		{"null document", "~\n", []want{{0, "", "empty document"}}},
		{"document a list", "- name: t\n", []want{{1, "", "document is a list; want a mapping of scenario fields"}}},
		{"document a string", "baseline\n", []want{{1, "", `document is the string "baseline"; want a mapping`}}},
		{"two documents", "name: a\n---\nname: b\n", []want{{3, "", "a second YAML document starts here; want one scenario per file"}}},
		{"duplicate key", "name: a\nseed: 2\nname: b\n", []want{{3, "", `mapping key "name" already defined at [1:1]`}}},
		{"syntax error", "name: t\nlevers:\n  - kind: moud\n   start: x\n", []want{{4, "", ""}}},
		{"alias without anchor", "name: *nope\n", []want{{1, "name", "alias *nope has no anchor before it"}}},
		{"unsupported tag", "name: !custom t\n", []want{{1, "name", "tag !custom is not supported"}}},
		{"str tag on number", lever("    kind: moud\n    start: 2026-01\n    intensity: !!str 1\n"),
			[]want{{5, "levers[0].intensity", "want a number, got a value tagged !!str"}}},
		{"merge of a scalar", lever("    <<: 5\n    kind: moud\n    start: 2026-01\n    intensity: 1\n"),
			[]want{{3, "levers[0]", `merge key (<<) is followed by the number "5"; want a mapping or a list of mappings`}}},
		{"complex key", "name: t\n? [a, b]\n: 1\n", []want{{3, "", "invalid key"}}},
		{"too many regions", lever("    kind: moud\n    start: 2026-01\n    intensity: 1\n    regions: [" + strings.Repeat("\"01\", ", 64) + "\"01\"]\n"),
			[]want{{6, "levers[0].regions", "65 regions; want at most 64"}}},
		{"brackets too deep", "name: t\nlevers: " + strings.Repeat("[", 33), []want{{2, "", "brackets nest more than 32 deep"}}},
		{"block entries too deep", "name: t\nlevers:\n" + strings.Repeat("- ", 130) + "x\n", []want{{3, "", "block entries nest past column 256"}}},
		{"indented too far", "name: t\nparams:\n" + strings.Repeat(" ", 257) + "a: 1\n", []want{{3, "", "indented more than 256 columns"}}},
		{"invalid utf-8", "name: t\ndescription: \"\xff\"\n", []want{{2, "", "not valid UTF-8"}}},
		{"too large", "name: t\ndescription: " + strings.Repeat("x", maxBytes) + "\n", []want{{0, "", "want at most 1048576 (1 MiB)"}}},

		{"every problem at once", `name: Bad Name
start: 2015-1
levers:
  - kind: us_strikes_labs
    start: 2026-01
    intensity: 2
    unilateral: true
    regions: ["25", "99"]
  - kind: naloxone
    start: 2026-01
    intensity: 0.2
    regions: ["01"]
    typo: 1
params:
  x.y: .inf
`, []want{
			{1, "name", "is not a valid name"},
			{2, "start", `"2015-1" is not a month`},
			{6, "levers[0].intensity", "2 is above the maximum 1"},
			{8, "levers[0].regions[1]", `"99" is not an INEGI state code`},
			{12, "levers[1].regions", "naloxone acts nationally"},
			{13, "levers[1].typo", "unknown field"},
			{15, "params.x.y", "+Inf is not a finite number"},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkProblems(t, parseErr(t, tt.src).Problems, tt.want)
		})
	}
}

// A file of nothing but errors stops at maxProblems and says how many more
// there were, rather than building an unbounded message.
func TestParseCapsProblems(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("name: t\nlevers:\n")
	for range 150 {
		b.WriteString("  - {kind: moud, start: 2026-01, intensity: -1}\n")
	}
	e := parseErr(t, b.String())
	if len(e.Problems) != maxProblems+1 {
		t.Fatalf("got %d problems, want %d", len(e.Problems), maxProblems+1)
	}
	if last := e.Problems[maxProblems]; last.Msg != "50 more problems not shown" {
		t.Errorf("last problem = %s", last)
	}
}

func TestParseWarnings(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		src  string
		want []want
	}{
		{"lever wholly before", "name: t\nstart: 2020-01\nlevers:\n  - kind: moud\n    start: 2012-01\n    end: 2019-12\n    intensity: 1\n",
			[]want{{4, "levers[0]", "in force 2012-01 to 2019-12, wholly outside the scenario's 2020-01 to 2035-12; it has no effect"}}},
		{"lever wholly after", "name: t\nend: 2030-12\nlevers:\n  - kind: moud\n    start: 2031-01\n    end: 2032-12\n    intensity: 1\n",
			[]want{{4, "levers[0]", "wholly outside"}}},
		{"lever starts early", "name: t\nstart: 2020-01\nlevers:\n  - kind: moud\n    start: 2019-06\n    intensity: 1\n",
			[]want{{4, "levers[0]", "starts 2019-06, before the scenario starts 2020-01"}}},
		{"lever ends late", "name: t\nlevers:\n  - kind: moud\n    start: 2026-01\n    end: 2040-01\n    intensity: 1\n",
			[]want{{3, "levers[0]", "ends 2040-01, after the scenario ends 2035-12"}}},
		{"lever within", "name: t\nlevers:\n  - kind: moud\n    start: 2026-01\n    intensity: 1\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse("t.yaml", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkProblems(t, s.Warnings, tt.want)
		})
	}
}

// Warnings found alongside errors travel in the *Error too.
func TestErrorCarriesWarnings(t *testing.T) {
	t.Parallel()
	e := parseErr(t, "name: T\nstart: 2020-01\nlevers:\n  - kind: moud\n    start: 2012-01\n    end: 2013-01\n    intensity: 1\n")
	checkProblems(t, e.Problems, []want{{1, "name", "not a valid name"}})
	checkProblems(t, e.Warnings, []want{{4, "levers[0]", "wholly outside"}})
}

func TestParseDefaults(t *testing.T) {
	t.Parallel()
	s, err := Parse("t.yaml", []byte(`name: t
levers:
  - kind: us_strikes_leadership
    start: 2026-01
    intensity: 6
  - kind: border_inspection
    start: 2026-01
    end: 2027-12
    intensity: 0.4
  - kind: moud
    start: 2026-01
    intensity: 0.5
params:
  health.a: 1
  health.b: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Start != DefaultStart || s.End != DefaultEnd || s.Seed != DefaultSeed {
		t.Errorf("horizon and seed = %s %s %d, want %s %s %d", s.Start, s.End, s.Seed, DefaultStart, DefaultEnd, DefaultSeed)
	}
	if s.From.String() != DefaultStart || s.To.String() != DefaultEnd {
		t.Errorf("From, To = %s, %s", s.From, s.To)
	}
	if s.Origin != "t.yaml" {
		t.Errorf("Origin = %q", s.Origin)
	}
	l := s.Levers
	if l[0].End != DefaultEnd || l[0].To != s.To || l[0].From.String() != "2026-01" {
		t.Errorf("lever 0 runs %s (%s) to %s (%s), want to the scenario's end", l[0].Start, l[0].From, l[0].End, l[0].To)
	}
	if got := strings.Join(l[0].Regions, " "); got != "25 14 16 10 26" {
		t.Errorf("lever 0 regions = %s, want the producing states", got)
	}
	if got := strings.Join(l[1].Regions, " "); got != "san_diego_fo tucson_fo el_paso_fo laredo_fo" {
		t.Errorf("lever 1 regions = %s, want all four field offices", got)
	}
	if l[1].To.String() != "2027-12" {
		t.Errorf("lever 1 To = %s", l[1].To)
	}
	if l[2].Regions != nil {
		t.Errorf("national lever regions = %v, want none", l[2].Regions)
	}
	for i, wantLine := range []int{3, 6, 10} {
		if l[i].Line != wantLine {
			t.Errorf("lever %d Line = %d, want %d", i, l[i].Line, wantLine)
		}
	}
	if s.ParamLines["health.a"] != 14 || s.ParamLines["health.b"] != 15 {
		t.Errorf("ParamLines = %v", s.ParamLines)
	}
}

// A state code written bare, as people do, keeps its leading zero: to YAML
// 02 is a number, but a string field takes the text as written.
func TestParseBareStateCodes(t *testing.T) {
	t.Parallel()
	s, err := Parse("t.yaml", []byte(lever("    kind: mexico_troops\n    start: 2026-01\n    intensity: 10000\n    regions: [02, 08, 25]\n")))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Levers[0].Regions, " "); got != "02 08 25" {
		t.Errorf("regions = %s, want 02 08 25", got)
	}
}

// Anchors, aliases and merge keys work as YAML defines them, so that
// variants of a lever can share their common fields.
func TestParseAnchorsAndMerge(t *testing.T) {
	t.Parallel()
	s, err := Parse("t.yaml", []byte(`name: t
levers:
  - &strike
    kind: us_strikes_leadership
    start: 2026-01
    end: 2027-12
    intensity: 6
    regions: &prod ["25", "14"]
  - <<: *strike
    start: 2028-01
    end: 2030-12
    intensity: 12
    unilateral: true
  - kind: us_strikes_labs
    start: 2026-01
    intensity: 0.1
    regions: *prod
`))
	if err != nil {
		t.Fatal(err)
	}
	l := s.Levers
	if l[1].Kind != USStrikeLeadership || l[1].Start != "2028-01" || l[1].Intensity != 12 || !l[1].Unilateral {
		t.Errorf("merged lever = %+v", l[1])
	}
	if strings.Join(l[1].Regions, ",") != "25,14" || strings.Join(l[2].Regions, ",") != "25,14" {
		t.Errorf("regions through aliases = %v, %v", l[1].Regions, l[2].Regions)
	}
}

func TestValidateBuiltInCode(t *testing.T) {
	t.Parallel()
	s := &Scenario{Name: "web-pick", Origin: "web", Levers: []Lever{
		{Kind: Extraditions, Start: "2026-01", Intensity: 2000},
		{Kind: MOUD, Start: "2026-01", Intensity: 0.5},
	}}
	err := s.Validate()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Validate = %v, want *Error", err)
	}
	// A scenario made in code has no lines: the problem still names its
	// origin and field.
	if got := err.Error(); got != "web: levers[0].intensity: 2000 is above the maximum 1000; want 0 to 1000 persons extradited to the US per year" {
		t.Errorf("Validate error = %q", got)
	}
	s.Levers[0].Intensity = 60
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if s.Levers[1].To.String() != DefaultEnd {
		t.Errorf("lever 1 To = %s", s.Levers[1].To)
	}
}

func TestCheckParams(t *testing.T) {
	t.Parallel()
	s, err := Parse("t.yaml", []byte("name: t\nparams:\n  orgs.b: 2\n  health.a: -1\n  orgs.c: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	err = s.CheckParams(func(name string, v float64) error {
		order = append(order, name)
		switch name {
		case "health.a":
			return errors.New("params: health.a: -1 is outside the prior [0, 1]")
		case "orgs.c":
			return errors.New(`params: unknown parameter "orgs.c"`)
		}
		return nil
	})
	if strings.Join(order, " ") != "health.a orgs.b orgs.c" {
		t.Errorf("set called in order %v, want sorted", order)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("CheckParams = %v, want *Error", err)
	}
	checkProblems(t, e.Problems, []want{
		{4, "params.health.a", "-1 is outside the prior"},
		{5, "params.orgs.c", "unknown parameter"},
	})
	if err := s.CheckParams(func(string, float64) error { return nil }); err != nil {
		t.Errorf("CheckParams with no failures = %v", err)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ s, want string }{
		{"intesity", "intensity"},
		{"regoins", "regions"},
		{"Kind", "kind"},
		{"foo", ""},
		{"x", ""},
	} {
		if got := suggest(tt.s, []string{"kind", "start", "end", "intensity", "regions", "unilateral"}); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// Numbers follow the YAML 1.2 core schema whatever goccy's lexer makes of
// them.
func TestParseNumbers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		want float64
		err  string
	}{
		{"10", 10, ""},
		{"010", 10, ""}, // octal 8 in YAML 1.1, decimal 10 in 1.2
		{"1e2", 100, ""},
		{"1.5E+2", 150, ""},
		{"+7", 7, ""},
		{".5", 0.5, ""},
		{"0x10", 16, ""},
		{"0o17", 15, ""},
		{"1_000", 0, "1_000 is not a number as YAML 1.2 writes one"},
		{"0b11", 0, "0b11 is not a number as YAML 1.2 writes one"},
		{"'5'", 0, `want a number, got the string "5"`},
		{"five", 0, `want a number, got the string "five"`},
	} {
		src := "name: t\nparams:\n  x.y: " + tt.text + "\n"
		s, err := Parse("t.yaml", []byte(src))
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.text, err)
		case tt.err == "" && s.Params["x.y"] != tt.want:
			t.Errorf("%s = %v, want %v", tt.text, s.Params["x.y"], tt.want)
		case tt.err != "":
			if err == nil {
				t.Errorf("%s accepted as %v", tt.text, s.Params["x.y"])
				continue
			}
			checkProblems(t, err.(*Error).Problems, []want{{3, "params.x.y", tt.err}})
		}
	}
	for _, tt := range []struct {
		text string
		want uint64
	}{{"42", 42}, {"0x2A", 42}, {"0", 1}, {"-0", 1}, {"18446744073709551615", math.MaxUint64}} {
		s, err := Parse("t.yaml", []byte("name: t\nseed: "+tt.text+"\n"))
		if err != nil || s.Seed != tt.want {
			t.Errorf("seed %s = %v, %v; want %d", tt.text, s, err, tt.want)
		}
	}
}

// Aliases and merge keys that would expand exponentially are cut off
// quickly, and long user text is clipped in messages.
func TestParseHostile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("name: t\nlevers:\n  - &a0 {kind: moud, start: 2026-01, intensity: 1}\n")
	for i := 1; i <= 7; i++ {
		fmt.Fprintf(&b, "  - &a%d {<<: [", i)
		for j := range 20 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]}\n")
	}
	e := parseErr(t, b.String())
	if !strings.Contains(e.Error(), "expands to more than") {
		t.Errorf("alias bomb: %v", e)
	}

	long := strings.Repeat("x", 5000)
	e = parseErr(t, "name: t\n"+long+": 1\nlevers:\n  - {kind: "+long+", start: 2026-01, intensity: 1}\n")
	if n := len(e.Error()); n > 1000 {
		t.Errorf("error is %d bytes for two long values", n)
	}
}
