package orgs

import (
	"math"
	"math/rand/v2"
	"slices"
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
	case Transfer:
		f = p.TransferFactor
	}
	return min(1, p.CaptureLoss*f)
}

// remove draws the number of removals r brings this month (or takes
// r.Count when r.Exact) and applies each to its target: the largest active
// group descended from r.Group, or without a group the largest active
// group whose home is r.State. Each lowers the target's integrity, raises
// its local contest in r.State by the same amount and its spill-over
// contest in its other states by Params.Spillover times that, and, for a mid-level
// arrest, adds Params.ArrestDip to its disarray.
func (s *State) remove(p Params, r Removal, rng *rand.Rand) {
	var n int
	if r.Exact {
		n = int(math.Round(r.Count))
	} else {
		n = poisson(rng, r.Count)
	}
	s.RemovalEvents += n
	loss := p.integrityLoss(r.Kind)
	root := -1
	if r.Group != "" {
		root = s.net.index[r.Group]
	}
	for range n {
		target, size := -1, -1.0
		for i, c := range s.Members {
			if !s.Active[i] || c <= size {
				continue
			}
			if (root < 0 && s.Home[i] == r.State) || (root >= 0 && s.Root(i) == root) {
				target, size = i, c
			}
		}
		if target < 0 {
			s.RemovalsUnmatched++
			continue
		}
		s.Integrity[target] = max(0, s.Integrity[target]-loss)
		s.markHot(target)
		con := s.Contest(target)
		con[r.State] = min(1, con[r.State]+loss)
		sp := s.Spill(target)
		for st, w := range s.Presence(target) {
			if w > 0 && st != r.State {
				sp[st] = min(1, sp[st]+p.Spillover*loss)
			}
		}
		if r.Kind == MidLevelArrest {
			s.dip[target] = min(maxDip, s.dip[target]+p.ArrestDip)
		}
	}
}

// maxDip bounds a group's disarray: it never stops fighting altogether.
const maxDip = 0.9

// markHot records that group i's contest rows may be non-zero.
func (s *State) markHot(i int) {
	if !slices.Contains(s.hot, i) {
		s.hot = append(s.hot, i)
	}
}

// decay fades the local contests and the disarray by a month. Rows of
// groups never contested are all zero and stay so, so only hot rows are
// visited.
func (s *State) decay(p Params) {
	kc, kd, ks := math.Exp(-p.ContestRecovery), math.Exp(-p.DipRecovery), math.Exp(-p.SpillRecovery)
	for _, g := range s.hot {
		con, sp := s.Contest(g), s.Spill(g)
		for i, x := range con {
			if x != 0 {
				con[i] = x * kc
			}
		}
		for i, x := range sp {
			if x != 0 {
				sp[i] = x * ks
			}
		}
	}
	for i, x := range s.dip {
		if x != 0 {
			s.dip[i] = x * kd
		}
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

// forceSplit splits the largest active group descended from network
// group root, if the splinter slots allow.
func (s *State) forceSplit(p Params, root int) {
	target, size := -1, -1.0
	for i, c := range s.Members {
		if s.Active[i] && c > size && s.Root(i) == root {
			target, size = i, c
		}
	}
	if target < 0 {
		return
	}
	if s.Len()+2 > cap(s.Members) {
		s.SplitsSkipped++
		return
	}
	s.split(p, target)
	s.Splits++
}

// split retires group i and appends two splinters that share its members
// (the smaller takes Params.SplitShare), keep its home state, inherit its
// alliance strength and rivalries, and are rivals of each other with
// weight Params.SplinterRivalry. Each starts with integrity at the split
// threshold: a new leadership, still contested. Members are conserved
// exactly.
//
// An ally's alliance strength A_j is left as it was: the two splinters
// share the alliance the group had. (Counting it once per splinter would
// make a split shelter the allies from conflict, the opposite of the
// fragmentation effect.)
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
		s.dip = append(s.dip, s.dip[i])
		s.presence = append(s.presence, s.Presence(i)...)
		s.where = append(s.where, s.where[i])
		s.contest = append(s.contest, s.Contest(i)...)
		s.spill = append(s.spill, s.Spill(i)...)
	}
	if slices.Contains(s.hot, i) {
		s.markHot(a)
		s.markHot(b)
	}
	s.Members[a], s.Members[b] = c-small, small
	s.Members[i], s.Active[i] = 0, false

	// Rivals of i become rivals of both splinters, with the same weight.
	if i < s.net.Len() {
		net := s.net
		for q := net.rivStart[i]; q < net.rivStart[i+1]; q++ {
			if j := net.rivCol[q]; s.Active[j] {
				s.extraRiv = append(s.extraRiv, tie{a, j, net.rivW[q]}, tie{b, j, net.rivW[q]})
			}
		}
	}
	for k, n := 0, len(s.extraRiv); k < n; k++ {
		e := s.extraRiv[k]
		switch {
		case e.a == i && s.Active[e.b]:
			s.extraRiv = append(s.extraRiv, tie{a, e.b, e.w}, tie{b, e.b, e.w})
		case e.b == i && s.Active[e.a]:
			s.extraRiv = append(s.extraRiv, tie{a, e.a, e.w}, tie{b, e.a, e.w})
		}
	}
	s.extraRiv = append(s.extraRiv, tie{a, b, p.SplinterRivalry})
	dropTies(&s.extraRiv, i)
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
