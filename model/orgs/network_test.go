package orgs

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/data"
)

func TestOrgsNetwork(t *testing.T) {
	t.Parallel()
	net := testNetwork(t)
	if net.Len() != 150 {
		t.Fatalf("Len = %d, want 150", net.Len())
	}
	cjng, sinaloa, nfm := groupIndex(t, net, "cjng"), groupIndex(t, net, "sinaloa"), groupIndex(t, net, "nfmichoacana")
	// Rivalries are symmetric: 13 and 7 are the source's weights (data
	// package tests).
	for _, tt := range []struct {
		a, b int
		want float64
	}{{cjng, nfm, 13}, {nfm, cjng, 13}, {sinaloa, cjng, 7}, {cjng, sinaloa, 7}, {cjng, cjng, 0}} {
		if got := net.Rivalry(tt.a, tt.b); got != tt.want {
			t.Errorf("Rivalry(%d, %d) = %g, want %g", tt.a, tt.b, got, tt.want)
		}
	}
	// CJNG and Sinaloa have the largest total strength, so the paper's
	// power law makes them the two largest groups.
	if r := net.Rank(); r[0] != cjng || r[1] != sinaloa {
		t.Errorf("largest groups = %v, %v; want cjng, sinaloa", net.Group(r[0]).ID, net.Group(r[1]).ID)
	}
	s := mustInit(t, Defaults(), PaperStart)
	// Sizes ∝ 1/k summing to 115,000 (paper's code): the largest has
	// 115,000/H_150, H_150 = Σ_{k=1}^{150} 1/k ≈ 5.5918.
	const tol = 1e-9
	h := 0.0
	for k := 1; k <= 150; k++ {
		h += 1 / float64(k)
	}
	if got, want := s.Members[cjng], 115000/h; relDiff(got, want) > tol {
		t.Errorf("CJNG 2012 members = %g, want %g", got, want)
	}
	if got := s.Total(); relDiff(got, 115000) > tol {
		t.Errorf("2012 total = %g, want 115000", got)
	}
}

func TestOrgsNetworkRejects(t *testing.T) {
	t.Parallel()
	g := []data.CartelGroup{{ID: "a"}, {ID: "b"}}
	for _, tt := range []struct {
		name string
		n    *data.CartelNetwork
	}{
		{"nil", nil},
		{"empty", &data.CartelNetwork{}},
		{"bad state", &data.CartelNetwork{Groups: []data.CartelGroup{{ID: "a", State: 32}}}},
		{"self tie", &data.CartelNetwork{Groups: g, Rivalries: []data.CartelTie{{A: 0, B: 0, Weight: 1}}}},
		{"out of range", &data.CartelNetwork{Groups: g, Alliances: []data.CartelTie{{A: 0, B: 2, Weight: 1}}}},
		{"zero weight", &data.CartelNetwork{Groups: g, Rivalries: []data.CartelTie{{A: 0, B: 1}}}},
	} {
		if _, err := NewNetwork(tt.n); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// TestOrgsConflictSparseMatchesDense checks the O(n + ties) conflict sum
// against the paper's dense matrix Conf_ij = (rivalry_ij + 1)/(A_i + 1),
// including splinters, their added ties and unequal λ.
func TestOrgsConflictSparseMatchesDense(t *testing.T) {
	t.Parallel()
	p := Defaults()
	s := mustInit(t, p, PaperStart+60)
	cjng := groupIndex(t, s.net, "cjng")
	s.split(p, cjng)
	s.split(p, s.Len()-1)
	for i := range s.Integrity {
		s.Integrity[i] = 1 - float64(i%7)/10
	}
	s.setLethality(p)
	m := s.Len()
	// Dense rivalry and alliance matrices of the current groups.
	riv := make([][]float64, m)
	for i := range riv {
		riv[i] = make([]float64, m)
	}
	nb := s.net.Len()
	for i := range nb {
		for j := range nb {
			riv[i][j] = s.net.Rivalry(i, j)
		}
	}
	for _, e := range s.extraRiv {
		riv[e.a][e.b] += e.w
		riv[e.b][e.a] += e.w
	}
	k := coefficients(p, StatusQuo())
	dc := make([]float64, m)
	var f Flows
	s.deriv(s.Members, dc, k, 1, &f, nil)
	sumC := s.Total()
	const tol = 1e-12 // rounding only
	cas := 0.0
	for i := range m {
		conf := 0.0
		for j := range m {
			if j != i {
				conf += (riv[i][j] + 1) / (s.strength[i] + 1) * s.lam[j] * s.Members[j]
			}
		}
		ci := s.Members[i]
		ki := k.theta * s.lam[i] * ci * conf
		cas += ki
		want := ci * (k.rho - k.eta/sumC - k.theta*s.lam[i]*conf - k.omega*ci)
		if math.Abs(dc[i]-want) > tol*max(1, math.Abs(want)) {
			t.Errorf("group %d: dC/dt = %g, dense %g", i, dc[i], want)
		}
	}
	if relDiff(f.Casualties, cas) > tol {
		t.Errorf("casualties %g, dense %g", f.Casualties, cas)
	}
}
