package tidy_test

import (
	"fmt"
	"os"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/tidy"
)

// ExampleWriter writes two months of one series as tidy CSV rows.
func ExampleWriter() {
	w, err := tidy.NewWriter(os.Stdout, "csv")
	if err != nil {
		panic(err)
	}
	w.SetScenario("baseline")
	for i, x := range []float64{6543.219876, -0.00001} {
		if err := w.Record(calendar.Of(2024, 1+i), "us_overdose_deaths", "all", x); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	// Output:
	// scenario,date,variable,region,value
	// baseline,2024-01,us_overdose_deaths,all,6543.2199
	// baseline,2024-02,us_overdose_deaths,all,0
}

// ExampleCollector keeps a series in memory and sums it over a window.
func ExampleCollector() {
	start := calendar.Of(2024, 1)
	c := tidy.NewCollector(start)
	for i := range 12 {
		if err := c.Record(start+calendar.Month(i), "mx_homicides", "all", float64(2000+10*i)); err != nil {
			panic(err)
		}
	}
	q1 := c.Sum("mx_homicides", "all", start, start+2)
	dec, _ := c.At("mx_homicides", "all", start+11)
	fmt.Printf("first quarter %.0f, December %.0f\n", q1, dec)
	// Output:
	// first quarter 6030, December 2110
}
