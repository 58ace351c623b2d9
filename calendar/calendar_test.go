package calendar

import "testing"

func TestParseRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2015-01", "2019-10", "2035-12", "1999-06"} {
		m, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if m.String() != s {
			t.Errorf("Parse(%q).String() = %q", s, m.String())
		}
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "2015", "2015-13", "2015-00", "15-01", "2015/01", "abcd-ef", "2015-1x", "0001-01"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", s)
		}
	}
}

func TestFiscalYear(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		m    Month
		want int
	}{
		{Of(2023, 10), 2024}, // CBP FY2024 starts October 2023.
		{Of(2024, 9), 2024},
		{Of(2024, 1), 2024},
		{Of(2023, 9), 2023},
	} {
		if got := tt.m.FiscalYear(); got != tt.want {
			t.Errorf("%v.FiscalYear() = %d, want %d", tt.m, got, tt.want)
		}
	}
	a, b := FiscalYear(2024)
	if a.String() != "2023-10" || b.String() != "2024-09" || Between(a, b) != 12 {
		t.Errorf("FiscalYear(2024) = %v..%v", a, b)
	}
}

func TestDays(t *testing.T) {
	t.Parallel()
	if d := Of(2024, 2).Days(); d != 29 {
		t.Errorf("2024-02 has %d days, want 29", d)
	}
	if d := Of(2023, 2).Days(); d != 28 {
		t.Errorf("2023-02 has %d days, want 28", d)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2015-01", "2035-12", "x", "2015-13"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Parse(s)
		if err != nil {
			return
		}
		if m.String() != s {
			t.Fatalf("Parse(%q) = %v, which prints differently", s, m)
		}
	})
}
