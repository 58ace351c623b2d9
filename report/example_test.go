package report_test

import (
	"os"

	"github.com/cartelsim/cartelsim/report"
)

func ExampleFormatText() {
	t := report.Table{
		Caption: "Overdose deaths in 2035, difference from baseline",
		Header:  []string{"Scenario", "Deaths", "Change"},
		Rows: [][]string{
			{"Baseline", "52,000", "0%"},
			{"Border interdiction +50%", "38,000", "-26.9%"},
		},
	}
	if err := report.FormatText(os.Stdout, t); err != nil {
		panic(err)
	}
	// Output:
	// Overdose deaths in 2035, difference from baseline
	// Scenario                  Deaths  Change
	// ------------------------  ------  ------
	// Baseline                  52,000      0%
	// Border interdiction +50%  38,000  -26.9%
}
