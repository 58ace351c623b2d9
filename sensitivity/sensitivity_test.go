package sensitivity

import (
	"math"
	"testing"
)

// ishigami is the test function of Ishigami & Homma (1990) on [−π, π]^3
// with a = 7, b = 0.1, whose Sobol' indices are known in closed form.
func ishigami(u []float64) float64 {
	x := make([]float64, 3)
	for i := range x {
		x[i] = -math.Pi + 2*math.Pi*u[i]
	}
	return math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
}

// TestSobolIshigami recovers the analytic indices (Saltelli et al. 2010,
// Table 3, a = 7, b = 0.1): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424,
// 0.2437), and the bootstrap intervals cover them.
func TestSobolIshigami(t *testing.T) {
	t.Parallel()
	d, err := NewSaltelli(3, 4096)
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(d.Points))
	for i, p := range d.Points {
		y[i] = ishigami(p)
	}
	res, err := d.Analyze(y, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantS := []float64{0.3139, 0.4424, 0}
	wantT := []float64{0.5576, 0.4424, 0.2437}
	for j, ix := range res.Indices {
		if math.Abs(ix.First-wantS[j]) > 0.03 || math.Abs(ix.Total-wantT[j]) > 0.03 {
			t.Errorf("x%d: S = %.4f, ST = %.4f; want %.4f, %.4f", j+1, ix.First, ix.Total, wantS[j], wantT[j])
		}
		if !(ix.TotalLo <= wantT[j]+0.01 && wantT[j]-0.01 <= ix.TotalHi) {
			t.Errorf("x%d: total interval [%.4f, %.4f] misses %.4f", j+1, ix.TotalLo, ix.TotalHi, wantT[j])
		}
	}
	// A NaN row is left out, not propagated.
	y[5] = math.NaN()
	res2, err := d.Analyze(y, 0, 1)
	if err != nil || res2.Used != d.N-1 || math.IsNaN(res2.Indices[0].Total) {
		t.Errorf("NaN row: used %d of %d, err %v", res2.Used, d.N, err)
	}
}

// TestMorrisRanks: on f = 10 x1 + x2 + 0 x3 the elementary effects are
// exactly the slopes, and x3's is zero.
func TestMorrisRanks(t *testing.T) {
	t.Parallel()
	d, err := NewMorris(3, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(d.Points))
	for i, p := range d.Points {
		for _, x := range p {
			if x < -1e-12 || x > 1+1e-12 {
				t.Fatalf("point %v leaves the unit cube", p)
			}
		}
		y[i] = 10*p[0] + p[1]
	}
	ef, err := d.Analyze(y)
	if err != nil {
		t.Fatal(err)
	}
	for j, want := range []float64{10, 1, 0} {
		if math.Abs(ef[j].MuStar-want) > 1e-9 || ef[j].Sigma > 1e-9 || ef[j].N != 10 {
			t.Errorf("x%d: mu* = %g sigma = %g n = %d, want %g, 0, 10", j+1, ef[j].MuStar, ef[j].Sigma, ef[j].N, want)
		}
	}
}
