package orgs

import (
	"math"
	"math/rand/v2"
)

// integrityLoss is the integrity one removal of kind k costs, in [0,1].
func (p Params) integrityLoss(k RemovalKind) float64 {
	f := 1.0
	switch k {
	case Killing:
		f = p.KillingFactor
	case Extradition:
		f = p.ExtraditionFactor
	case MidLevelArrest:
		f = p.MidLevelFactor
	}
	return min(1, p.CaptureLoss*f)
}

// remove draws the number of removals r brings this month and applies
// each to the largest active group whose home is r.State.
func (s *State) remove(p Params, r Removal, rng *rand.Rand) {
	n := poisson(rng, r.Count)
	s.RemovalEvents += n
	loss := p.integrityLoss(r.Kind)
	for range n {
		target, size := -1, -1.0
		for i, c := range s.Members {
			if s.Active[i] && s.Home[i] == r.State && c > size {
				target, size = i, c
			}
		}
		if target < 0 {
			s.RemovalsUnmatched++
			continue
		}
		s.Integrity[target] = max(0, s.Integrity[target]-loss)
	}
}

// splits gives every active group below the split threshold its monthly
// chance to split. Splinters made this month are not considered again.
func (s *State) splits(p Params, rng *rand.Rand) {
	n := s.Len()
	for i := range n {
		if !s.Active[i] || !(s.Integrity[i] < p.SplitThreshold) {
			continue
		}
		if rng.Float64() >= p.SplitProbability {
			continue
		}
		if s.Len()+2 > cap(s.Members) {
			s.SplitsSkipped++
			continue
		}
		s.split(p, i)
		s.Splits++
	}
}

// split retires group i and appends two splinters that share its members
// (the smaller takes Params.SplitShare), keep its home state and alliance
// strength, inherit its alliances and rivalries, and are rivals of each
// other with weight Params.SplinterRivalry. Each starts with integrity at
// the split threshold: a new leadership, still contested. Members are
// conserved exactly.
func (s *State) split(p Params, i int) {
	a, b := s.Len(), s.Len()+1
	c := s.Members[i]
	small := p.SplitShare * c
	for range 2 {
		s.Members = append(s.Members, 0)
		s.Integrity = append(s.Integrity, p.SplitThreshold)
		s.Active = append(s.Active, true)
		s.Parent = append(s.Parent, i)
		s.Home = append(s.Home, s.Home[i])
		s.strength = append(s.strength, s.strength[i])
		s.inv = append(s.inv, s.inv[i])
		s.lam = append(s.lam, 1)
	}
	s.Members[a], s.Members[b] = c-small, small
	s.Members[i], s.Active[i] = 0, false

	// Allies of i become allies of both splinters. An ally's strength A_j
	// keeps its tie to i and gains it once more: it now counts one tie to
	// each splinter (i is retired).
	s.eachTie(i, s.net.allyStart, s.net.allyCol, s.net.allyW, &s.extraAlly, func(j int, w float64) {
		s.strength[j] += w
		s.inv[j] = 1 / (s.strength[j] + 1)
		s.extraAlly = append(s.extraAlly, tie{a, j, w}, tie{b, j, w})
	})
	s.eachTie(i, s.net.rivStart, s.net.rivCol, s.net.rivW, &s.extraRiv, func(j int, w float64) {
		s.extraRiv = append(s.extraRiv, tie{a, j, w}, tie{b, j, w})
	})
	s.extraRiv = append(s.extraRiv, tie{a, b, p.SplinterRivalry})
	dropTies(&s.extraAlly, i)
	dropTies(&s.extraRiv, i)
}

// eachTie calls f for every active partner j of group i, through the
// network's CSR rows (for a network group) and the added ties in *extra,
// as they were before f runs.
func (s *State) eachTie(i int, start, col []int, w []float64, extra *[]tie, f func(j int, w float64)) {
	if i < s.net.Len() {
		for p := start[i]; p < start[i+1]; p++ {
			if j := col[p]; s.Active[j] {
				f(j, w[p])
			}
		}
	}
	n := len(*extra)
	for k := range n {
		e := (*extra)[k]
		switch {
		case e.a == i && s.Active[e.b]:
			f(e.b, e.w)
		case e.b == i && s.Active[e.a]:
			f(e.a, e.w)
		}
	}
}

// dropTies removes the ties of group i from *ts, keeping the order of the
// rest so that runs stay reproducible.
func dropTies(ts *[]tie, i int) {
	out := (*ts)[:0]
	for _, e := range *ts {
		if e.a != i && e.b != i {
			out = append(out, e)
		}
	}
	*ts = out
}

// poisson draws from the Poisson law with mean lambda: by multiplying
// uniforms (Knuth) for small means and by Hörmann's transformed rejection
// (PTRS, Insurance: Math. Econ. 12:39, 1993) above 10.
func poisson(rng *rand.Rand, lambda float64) int {
	switch {
	case !(lambda > 0):
		return 0
	case lambda < 10:
		l, k, prod := math.Exp(-lambda), 0, rng.Float64()
		for prod > l {
			k++
			prod *= rng.Float64()
		}
		return k
	}
	slam, loglam := math.Sqrt(lambda), math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invAlpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return int(k)
		}
	}
}
