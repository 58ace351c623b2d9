package ensemble_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/internal/simtest"
	"github.com/cartelsim/cartelsim/sim"
)

// FuzzHistDecode: the histograms of a results file that is damaged or
// not ours decode with an error or into histograms that work: they
// re-encode stably, give quantiles, and take more runs and merges, never
// a panic. (A damaged file must not take down a --resume or a merge.)
func FuzzHistDecode(f *testing.F) {
	h := ensemble.NewHist(3)
	for _, v := range [][]float64{{0, 1, -2}, {5, 1e6, -3e-5}, {math.NaN(), 7, 0}} {
		h.Add(v)
	}
	b, _ := h.MarshalBinary()
	f.Add(b)
	f.Add([]byte{0, 2, 1, 0, 0, 0, 0, 0})
	f.Add([]byte{0, 2, 1, 3, 1, 2, 9, 9, 0, 0})
	f.Add([]byte{1, 5, 2, 1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		var g ensemble.Hist
		if err := g.UnmarshalBinary(b); err != nil {
			return
		}
		e1, _ := g.MarshalBinary()
		var g2 ensemble.Hist
		if err := g2.UnmarshalBinary(e1); err != nil {
			t.Fatalf("re-encoding does not decode: %v", err)
		}
		if e2, _ := g2.MarshalBinary(); !slices.Equal(e1, e2) {
			t.Fatal("decoded histograms do not re-encode stably")
		}
		out := make([]float64, len(ensemble.Quantiles))
		for i := range g.Len() {
			g.Quantiles(i, ensemble.Quantiles, out)
		}
		if g.Len() > 1000 {
			return
		}
		vals := make([]float64, g.Len())
		for i := range vals {
			vals[i] = float64(i) - 3.5
		}
		g.Add(vals)
		g.AddBatch([][]float64{vals, vals})
		if err := g.Merge(&g2); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParsePosterior: a posterior file is refused with an error or gives
// draws, never a panic.
func FuzzParsePosterior(f *testing.F) {
	f.Add([]byte(`{"names":["violence.removal_success"],"particles":[[0.5],[0.6]],"weights":[0.3,0.7]}`))
	f.Add([]byte(`{"names":["health.mu_fentanyl","nope"],"particles":[[1,2]],"weights":[1]}`))
	f.Add([]byte(`{"names":[],"particles":[[]],"weights":[0]}`))
	f.Add([]byte(`{"particles":[[1e308]],"weights":[-1]}`))
	reg := simtest.Registry(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ensemble.ParsePosterior(b)
		if err != nil {
			return
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for range 3 {
			_, _ = p.Draw(reg, rng)
		}
	})
}

// FuzzParseVars: a --vars list gives an error or a canonical set (sorted,
// distinct, every name one the model declares) that parses back to itself.
func FuzzParseVars(f *testing.F) {
	f.Add("us_overdose_deaths,mx_homicides")
	f.Add(" mx_homicides , mx_homicides ")
	f.Add("a,,b")
	f.Add(",")
	f.Add("cooperation,\x00")
	known := map[string]bool{}
	for _, v := range sim.Variables() {
		known[v.Name] = true
	}
	f.Fuzz(func(t *testing.T, list string) {
		vars, err := ensemble.ParseVars(list)
		if err != nil {
			return
		}
		if len(vars) == 0 || !slices.IsSorted(vars) || len(slices.Compact(slices.Clone(vars))) != len(vars) {
			t.Fatalf("ParseVars(%q) = %v: not a canonical set", list, vars)
		}
		for _, v := range vars {
			if !known[v] {
				t.Fatalf("ParseVars(%q) kept %q, which the model does not declare", list, v)
			}
		}
		again, err := ensemble.ParseVars(strings.Join(vars, ","))
		if err != nil || !slices.Equal(again, vars) {
			t.Fatalf("ParseVars of its own result %v = %v, %v", vars, again, err)
		}
	})
}
