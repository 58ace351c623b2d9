package ensemble_test

import (
	"context"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
)

// BenchmarkBaselineVars runs baseline ensemble members on one goroutine,
// recorded and folded into histograms, with every variable and with two
// (--vars): the difference is what recording and folding the other cells
// costs a run. Prior draws spread each cell over many bins.
//
//	go test ./ensemble -run '^$' -bench BaselineVars -benchtime 100x
func BenchmarkBaselineVars(b *testing.B) {
	for _, c := range []struct {
		name string
		vars []string
	}{
		{"all", nil},
		{"vars", []string{"mx_homicides", "us_overdose_deaths"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := model(b, ensemble.Prior{}, "baseline")
			if c.vars != nil {
				if err := m.Keep(c.vars); err != nil {
					b.Fatal(err)
				}
			}
			n := uint64(b.N)
			st := ensemble.NewState(m, n)
			b.ResetTimer()
			if err := ensemble.Run(context.Background(), m, ensemble.Local{Workers: 1}, st, n, ensemble.Options{}, &memSink{}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if st.Done.Count() != n {
				b.Fatalf("%d runs done, want %d", st.Done.Count(), n)
			}
			b.ReportMetric(float64(m.Layouts[0].Cells()), "cells")
		})
	}
}
