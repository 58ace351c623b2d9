package data

import (
	"bytes"
	"strings"
	"testing"
)

func TestEveryTableParsesWithProvenance(t *testing.T) {
	t.Parallel()
	metas, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(metas) == 0 {
		t.Fatal("no embedded tables")
	}
	for _, m := range metas {
		if m.Source == "" || m.Licence == "" || m.Title == "" || m.Unit == "" {
			t.Errorf("%s: incomplete provenance %+v", m.Name, m)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, n := range Names() {
		tab, err := Load(n)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := tab.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(&buf)
		if err != nil {
			t.Fatalf("%s: reparse: %v", n, err)
		}
		if len(back.Rows) != len(tab.Rows) || back.Source != tab.Source {
			t.Errorf("%s: round trip changed the table", n)
		}
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, want string }{
		{"no provenance", "a,b\n1,2\n", "title, source and licence"},
		{"bad comment", "# nonsense\n", "key: value"},
		{"ragged", "# title: t\n# source: s\n# licence: l\na,b\n1,2,3\n", "line 5"},
		{"empty", "# title: t\n# source: s\n# licence: l\n", "no CSV header"},
	} {
		_, err := Parse(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := Load("nope"); err == nil {
		t.Error("unknown table loaded")
	}
}

func FuzzParse(f *testing.F) {
	f.Add("# title: t\n# source: s\n# licence: l\na,b\n1,2\n")
	f.Add("# x\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, r := range tab.Rows {
			if len(r) != len(tab.Header) {
				t.Fatalf("row %v does not match header %v", r, tab.Header)
			}
		}
	})
}
