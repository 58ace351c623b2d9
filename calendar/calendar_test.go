package calendar

import (
	"strings"
	"testing"
)

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

func TestFromYYYYMM(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want Month
		ok   bool
	}{{202003, Of(2020, 3), true}, {201512, Of(2015, 12), true}, {202013, 0, false}, {202000, 0, false},
		{2020.03, 0, false}, {202003.5, 0, false}, {-202003, 0, false}, {18991, 0, false}} {
		got, err := FromYYYYMM(c.x)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("FromYYYYMM(%g) = %v, %v; want %v, ok %v", c.x, got, err, c.want, c.ok)
		}
	}
	if err := Ordered([]string{"a", "b"}, Of(2020, 3), Of(2021, 11)); err != nil {
		t.Error(err)
	}
	if err := Ordered([]string{"a", "b"}, Of(2021, 3), Of(2020, 11)); err == nil || !strings.Contains(err.Error(), "b (2020-11) is before a (2021-03)") {
		t.Errorf("out of order: %v", err)
	}
	if err := Ordered([]string{"a", "b"}, Of(2021, 3), 0); err == nil || !strings.Contains(err.Error(), "b is not a month") {
		t.Errorf("unread: %v", err)
	}
}
