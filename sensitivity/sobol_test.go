package sensitivity

import (
	"slices"
	"testing"
)

// TestSobolFirstPoints: the first points of the three-dimensional sequence
// as Joe and Kuo's reference generator prints them (after the origin).
func TestSobolFirstPoints(t *testing.T) {
	s, err := NewSobol(3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{0.5, 0.5, 0.5},
		{0.75, 0.25, 0.25},
		{0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625},
		{0.875, 0.875, 0.125},
	}
	got := make([]float64, 3)
	for i, w := range want {
		s.Next(got)
		if !slices.Equal(got, w) {
			t.Errorf("point %d = %v, want %v", i+1, got, w)
		}
	}
}

// TestSobolStratified: with the origin, the first 2^m points of every
// coordinate of every transcribed dimension are exactly {0, 1, …, 2^m−1}/2^m,
// and every pair of the first dimensions puts one point in each of the
// 2^m cells of size 1/2^a by 1/2^(m−a) — a (0, m, 2)-net, which catches a
// mistyped direction number.
func TestSobolStratified(t *testing.T) {
	const m = 10
	dim := MaxDim()
	s, err := NewSobol(dim)
	if err != nil {
		t.Fatal(err)
	}
	pts := [][]float64{make([]float64, dim)} // the origin
	for range 1<<m - 1 {
		p := make([]float64, dim)
		s.Next(p)
		pts = append(pts, p)
	}
	for j := range dim {
		seen := make([]bool, 1<<m)
		for _, p := range pts {
			k := int(p[j] * (1 << m))
			if seen[k] {
				t.Fatalf("dimension %d: two of the first %d points share a stratum", j+1, 1<<m)
			}
			seen[k] = true
		}
	}
	// Dimensions 1 and 2 form a (0, m, 2)-net.
	for a := 0; a <= m; a++ {
		seen := map[[2]int]bool{}
		for _, p := range pts {
			c := [2]int{int(p[0] * float64(int(1)<<a)), int(p[1] * float64(int(1)<<(m-a)))}
			if seen[c] {
				t.Fatalf("dimensions 1-2 are not a (0,%d,2)-net at split %d", m, a)
			}
			seen[c] = true
		}
	}
}
