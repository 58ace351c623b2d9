package scenario

import (
	"bytes"
	"strings"
	"testing"
)

func TestTemplateParses(t *testing.T) {
	t.Parallel()
	b, err := NewFromTemplate("my-scenario")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("my-scenario.yaml", b)
	if err != nil {
		t.Fatalf("template does not parse:\n%v", err)
	}
	if s.Name != "my-scenario" || len(s.Levers) != 1 || len(s.Warnings) > 0 {
		t.Errorf("template scenario = %+v", s)
	}

	// The commented-out examples parse too once uncommented, so that the
	// user who follows them gets a valid file.
	un := strings.ReplaceAll(string(b), "\n  # ", "\n  ")
	un = strings.ReplaceAll(un, "# params:\n#   ", "params:\n  ")
	s, err = Parse("my-scenario.yaml", []byte(un))
	if err != nil {
		t.Fatalf("uncommented template does not parse:\n%v\n%s", err, un)
	}
	if len(s.Levers) != 2 || len(s.Params) != 1 {
		t.Errorf("uncommented template has %d levers and %d params, want 2 and 1", len(s.Levers), len(s.Params))
	}
}

// The raw template carries a placeholder that is not a valid name, so a
// template written out unfilled is rejected.
func TestTemplateUnfilled(t *testing.T) {
	t.Parallel()
	e := parseErr(t, string(Template()))
	if len(e.Problems) != 1 || e.Problems[0].Field != "name" {
		t.Errorf("unfilled template problems:\n%s", render(e.Problems))
	}
}

// Every lever kind is documented with its unit, range and regions, from
// the catalogue itself.
func TestTemplateListsKinds(t *testing.T) {
	t.Parallel()
	tpl := string(Template())
	for _, k := range Kinds() {
		for _, want := range []string{"#   " + k.Name + "\n", k.Description, "intensity: " + rangeText(k), "regions: " + regionDoc(k)} {
			if !strings.Contains(tpl, want) {
				t.Errorf("template lacks %q for %s", want, k.Name)
			}
		}
	}
	for _, f := range fieldsOf(leverType) {
		if !strings.Contains(tpl, "#   "+f.name+":") {
			t.Errorf("template does not explain lever field %s", f.name)
		}
	}
}

func TestNewFromTemplateName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, err string }{
		{"", "scenario: empty name"},
		{"My Plan", `scenario: "My Plan" is not a valid name`},
		{"-x", "not starting with '-'"},
		{"ok-2", ""},
	} {
		b, err := NewFromTemplate(tt.name)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("NewFromTemplate(%q) = %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("NewFromTemplate(%q) = %v, want error containing %q", tt.name, err, tt.err)
		case tt.err == "" && !bytes.Contains(b, []byte("name: "+tt.name+"\n")):
			t.Errorf("NewFromTemplate(%q) did not set the name", tt.name)
		}
	}
}
