package orgs

import "math"

// maxStepRate bounds h·r, the RK4 step h in weeks times the largest
// per-member rate of change r = max_i |dC_i/dt|/C_i at the start of the
// month. At the paper's rates (r ≈ 3·10⁻³ a week) one step covers the
// month, with a truncation error near 10⁻¹⁰ over ten years (see
// TestOrgsMonthlyRK4MatchesFine); faster dynamics (strong policies,
// succession contests, collapse) get more steps, keeping the local error
// of the fastest group below (0.1)⁵/120 ≈ 10⁻⁷ of its size.
const maxStepRate = 0.1

// maxStepsPerMonth bounds the number of RK4 steps in a month.
const maxStepsPerMonth = 256

// coeffs are the rate constants of one month, policy multipliers applied.
type coeffs struct {
	rho, eta, theta, omega, capInc float64
}

func coefficients(p Params, in Inputs) coeffs {
	return coeffs{
		rho:    p.Recruitment * in.Recruitment,
		eta:    p.Incapacitation * in.Incapacitation,
		theta:  p.Lethality * in.Lethality,
		omega:  p.Saturation,
		capInc: p.MaxIncapacitation,
	}
}

// setLethality sets λ_i = (1 + κ·(1 − I_i))·(1 − a_i) for every group.
func (s *State) setLethality(p Params) {
	for i, in := range s.Integrity {
		s.lam[i] = (1 + p.SuccessionLethality*(1-in)) * (1 - s.dip[i])
	}
}

// deriv writes dC/dt at c into dc, adds wt times the national weekly flows
// to f and, when casAcc is not nil, wt times each group's casualty rate to
// casAcc: with wt the RK4 stage weight, this integrates the flows, group by
// group for casualties, alongside the members.
//
// With y_j = λ_j·C_j, the conflict sum of group i is
//
//	Σ_j Conf_ij·y_j = (Σ_j y_j − y_i + Σ_j rivalry_ij·y_j)/(A_i + 1)
//
// since Conf_ij = (rivalry_ij + 1)/(A_i + 1) for j ≠ i and Conf_ii = 0: one
// pass over the groups and one over the rivalry ties, O(n + nnz).
//
// The per-member incapacitation rate is η·h/ΣC, capped at
// Params.MaxIncapacitation: the paper's term, except near collapse, where
// η·h/ΣC grows without bound and would empty the groups in finite time.
func (s *State) deriv(c, dc []float64, k coeffs, wt float64, f *Flows, casAcc []float64) {
	sumC, sumY := s.sums(c)
	s.rates(c, dc, k, wt, f, casAcc, sumC, sumY, nil)
}

// sums sets y_i = λ_i·c_i and returns Σc and Σy, summed in group order.
func (s *State) sums(c []float64) (sumC, sumY float64) {
	m := len(c)
	y, lam := s.y[:m], s.lam[:m]
	for i, ci := range c {
		yi := lam[i] * ci
		y[i] = yi
		sumC += ci
		sumY += yi
	}
	return sumC, sumY
}

// next is what rates does, group by group, once a stage's rate is known
// inside an RK4 step: acc_i += a·dc_i, the next stage's point c_i + b·dc_i
// into s.tmp, and that point's y_i and sums, which rates returns. Folding
// these into the pass that computes the rates spares two passes over the
// groups a stage; each number is computed by the same operations, in the
// same order, as in separate loops, so the result is bit for bit the same.
type next struct {
	a, b float64
	c    []float64 // the step's starting members
}

// rates writes dc/dt at c into dc, given sums (c's Σc and Σy, with s.y
// set), and adds the stage's weighted flows and casualties as deriv
// describes. With nx not nil (and casAcc not nil), c is s.tmp, the stage's
// point, and is overwritten by the next stage's point (see next); the next
// point's sums are returned.
func (s *State) rates(c, dc []float64, k coeffs, wt float64, f *Flows, casAcc []float64, sumC, sumY float64, nx *next) (nextC, nextY float64) {
	// The slices are cut to m up front so that the compiler drops the
	// bounds checks in the loops (this runs four times a month).
	m := len(c)
	y, riv, lam, inv := s.y[:m], s.riv[:m], s.lam[:m], s.inv[:m]
	dc = dc[:m]
	net := s.net
	nb := len(net.groups)
	start, col, w := net.rivStart[:nb+1], net.rivCol, net.rivW
	col = col[:len(w)]
	lo := start[0]
	for i, hi := range start[1:] {
		r := 0.0
		for p, j := range col[lo:hi] {
			r += w[lo+p] * y[j]
		}
		riv[i] = r
		lo = hi
	}
	clear(riv[nb:])
	for _, e := range s.extraRiv {
		riv[e.a] += e.w * y[e.b]
		riv[e.b] += e.w * y[e.a]
	}
	perMember := k.capInc
	if k.eta < perMember*sumC {
		perMember = k.eta / sumC
	}
	theta, omega, grow := k.theta, k.omega, k.rho-perMember
	var cas, sat float64
	switch {
	case nx != nil:
		casAcc = casAcc[:m]
		acc, c0 := s.acc[:m], nx.c[:m]
		a, b := nx.a, nx.b
		for i, ci := range c {
			ki := theta * lam[i] * ci * (sumY - y[i] + riv[i]) * inv[i]
			si := omega * ci * ci
			d := grow*ci - ki - si
			dc[i] = d
			cas += ki
			sat += si
			casAcc[i] += wt * ki
			// The next stage: c (s.tmp) and y[i] are not read again for
			// this stage once group i's rate is known.
			acc[i] += a * d
			xi := c0[i] + b*d
			c[i] = xi
			yi := lam[i] * xi
			y[i] = yi
			nextC += xi
			nextY += yi
		}
	case casAcc == nil:
		for i, ci := range c {
			ki := theta * lam[i] * ci * (sumY - y[i] + riv[i]) * inv[i]
			si := omega * ci * ci
			dc[i] = grow*ci - ki - si
			cas += ki
			sat += si
		}
	default:
		casAcc = casAcc[:m]
		for i, ci := range c {
			ki := theta * lam[i] * ci * (sumY - y[i] + riv[i]) * inv[i]
			si := omega * ci * ci
			dc[i] = grow*ci - ki - si
			cas += ki
			sat += si
			casAcc[i] += wt * ki
		}
	}
	f.Recruits += wt * k.rho * sumC
	f.Incapacitated += wt * perMember * sumC
	f.Casualties += wt * cas
	f.Saturation += wt * sat
	return nextC, nextY
}

// rk4 advances s.Members by one classic Runge–Kutta step of h weeks and
// adds the step's flows to s.Flows and its casualties to s.casAcc. The
// flows use the same stage weights as the members, so members and flows
// balance to rounding. If first is not nil, s.dc already holds the first
// stage, whose flows are *first and per-group casualties s.cas1, both at
// unit weight.
func (s *State) rk4(h float64, k coeffs, first *Flows) {
	c := s.Members
	m := len(c)
	tmp, dc, acc := s.tmp[:m], s.dc[:m], s.acc[:m]
	f, cas := &s.Flows, s.casAcc[:m]

	if first != nil {
		f.Recruits += h / 6 * first.Recruits
		f.Incapacitated += h / 6 * first.Incapacitated
		f.Casualties += h / 6 * first.Casualties
		f.Saturation += h / 6 * first.Saturation
		for i, x := range s.cas1[:m] {
			cas[i] += h / 6 * x
		}
	} else {
		s.deriv(c, dc, k, h/6, f, cas)
	}
	// Stage 2's point and sums, then stages 2 and 3 each computing the
	// next stage's point as they go (rates with a next), then stage 4.
	y, lam := s.y[:m], s.lam[:m]
	sumC, sumY := 0.0, 0.0
	for i, ci := range c {
		acc[i] = dc[i]
		xi := ci + h/2*dc[i]
		tmp[i] = xi
		yi := lam[i] * xi
		y[i] = yi
		sumC += xi
		sumY += yi
	}
	sumC, sumY = s.rates(tmp, dc, k, h/3, f, cas, sumC, sumY, &next{a: 2, b: h / 2, c: c})
	sumC, sumY = s.rates(tmp, dc, k, h/3, f, cas, sumC, sumY, &next{a: 2, b: h, c: c})
	s.rates(tmp, dc, k, h/6, f, cas, sumC, sumY, nil)
	for i := range c {
		c[i] += h / 6 * (acc[i] + dc[i])
	}
}

// integrate advances the members by weeks in steps equal RK4 steps,
// zeroing the flows first; s.lam must be set.
func (s *State) integrate(weeks float64, steps int, k coeffs) {
	s.Flows = Flows{}
	clear(s.casAcc)
	h := weeks / float64(steps)
	for range steps {
		s.rk4(h, k, nil)
	}
}

// month integrates over s.Month (days/7 weeks) in as few equal RK4 steps
// as keep h·r ≤ maxStepRate, and fills CasualtiesByState. The rates at the
// start of the month, which decide the step, are the first stage of the
// first step.
func (s *State) month(k coeffs) {
	s.Flows = Flows{}
	clear(s.casAcc)
	m := s.Len()
	c, dc, cas1 := s.Members, s.dc[:m], s.cas1[:m]
	var first Flows
	clear(cas1)
	s.deriv(c, dc, k, 1, &first, cas1)
	r := 0.0
	for i, ci := range c {
		if ci > 0 {
			// max(r, q) without the builtin's signed-zero handling (q ≥ 0);
			// a NaN still sticks.
			if q := math.Abs(dc[i]) / ci; q > r || q != q {
				r = q
			}
		}
	}
	weeks := float64(s.Month.Days()) / 7
	steps := 1
	if x := weeks * r / maxStepRate; x > 1 {
		steps = int(min(math.Ceil(x), maxStepsPerMonth))
	}
	h := weeks / float64(steps)
	s.rk4(h, k, &first)
	for range steps - 1 {
		s.rk4(h, k, nil)
	}
	clear(s.CasualtiesByState)
	clear(s.ContestByState)
	// Only the groups in s.hot can have a contest or spill-over; the rows
	// of the others are zero and would add +0 to ContestByState. Skipping
	// them saves reading two 32-entry rows per group, which do not stay in
	// the cache. Groups beyond the bit set are read as before.
	var hot [4]uint64
	for _, g := range s.hot {
		if g < 64*len(hot) {
			hot[g/64] |= 1 << (g % 64)
		}
	}
	for i, x := range s.casAcc[:m] {
		if x == 0 {
			continue
		}
		pres := s.Presence(i)
		if i < 64*len(hot) && hot[i/64]&(1<<(i%64)) == 0 {
			for _, st := range s.where[i] {
				s.CasualtiesByState[st] += x * pres[st]
			}
			continue
		}
		con, sp := s.Contest(i), s.Spill(i)
		for _, st := range s.where[i] {
			w := pres[st]
			s.CasualtiesByState[st] += x * w
			// Not min(1, …): the builtin's NaN and signed-zero handling
			// costs more than this whole line; the result is the same.
			v := con[st] + sp[st]
			if v > 1 {
				v = 1
			}
			s.ContestByState[st] += x * w * v
		}
	}
}

// GroupCasualties returns each group's conflict casualties in the last
// Step, persons (spread over the states by Presence). The slice aliases
// the state: do not modify it.
func (s *State) GroupCasualties() []float64 {
	return s.casAcc[:s.Len()]
}
