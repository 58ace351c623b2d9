package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestFormatText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		in   Table
		want string
	}{
		{
			name: "numbers right-aligned, text left",
			in: Table{
				Caption: "Difference from baseline, 2035",
				Header:  []string{"Scenario", "Deaths", "Change"},
				Rows: [][]string{
					{"Baseline", "52,000", "0%"},
					{"Border interdiction +50%", "38,000", "-26.9%"},
					{"Demand\treduction", "108,234", "n/a"},
				},
				Notes: []string{"Medians over\n200 members."},
			},
			want: "" +
				"Difference from baseline, 2035\n" +
				"Scenario                   Deaths  Change\n" +
				"------------------------  -------  ------\n" +
				"Baseline                   52,000  0%\n" +
				"Border interdiction +50%   38,000  -26.9%\n" +
				"Demand reduction          108,234  n/a\n" +
				"Note: Medians over 200 members.\n",
		},
		{
			name: "no header, all numeric column",
			in:   Table{Rows: [][]string{{"a", "1"}, {"bb", "22.5"}}},
			want: "" +
				"a      1\n" +
				"bb  22.5\n",
		},
		{
			name: "non-ASCII widths",
			in:   Table{Header: []string{"Región", "n"}, Rows: [][]string{{"Ciudad de México", "−3"}}},
			want: "" +
				"Región             n\n" +
				"----------------  --\n" +
				"Ciudad de México  −3\n",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := FormatText(&b, tt.in); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", strings.ReplaceAll(got, " ", "·"), strings.ReplaceAll(tt.want, " ", "·"))
			}
		})
	}
}

func TestFormatTextWriteError(t *testing.T) {
	t.Parallel()
	err := FormatText(failWriter{}, Table{Caption: "c", Rows: [][]string{{"a"}}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the writer's error", err)
	}
	if errors.Unwrap(err) == nil {
		t.Error("error does not wrap the writer's error")
	}
}
