package orgs

// SubstepsPerMonth is the number of equal RK4 steps a month is split
// into: a step of days/7/SubstepsPerMonth weeks (≈2.2 weeks). The rates of
// the equations are of order 10⁻³ per week, so the step's truncation error
// stays far below the 10⁻⁶ the tests ask for (see TestMonthlyRK4MatchesFine).
const SubstepsPerMonth = 2

// coeffs are the rate constants of one month, policy multipliers applied.
type coeffs struct {
	rho, eta, theta, omega float64
}

func coefficients(p Params, in Inputs) coeffs {
	return coeffs{
		rho:   p.Recruitment * in.Recruitment,
		eta:   p.Incapacitation * in.Incapacitation,
		theta: p.Lethality * in.Lethality,
		omega: p.Saturation,
	}
}

// setLethality sets λ_i = 1 + κ·(1 − I_i) for every group.
func (s *State) setLethality(p Params) {
	for i, in := range s.Integrity {
		s.lam[i] = 1 + p.SuccessionLethality*(1-in)
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
func (s *State) deriv(c, dc []float64, k coeffs, wt float64, f *Flows, casAcc []float64) {
	m := len(c)
	y, riv, lam, inv := s.y[:m], s.riv[:m], s.lam[:m], s.inv[:m]
	dc = dc[:m]
	sumC, sumY := 0.0, 0.0
	for i, ci := range c {
		yi := lam[i] * ci
		y[i] = yi
		sumC += ci
		sumY += yi
	}
	net := s.net
	nb := len(net.groups)
	start, col, w := net.rivStart, net.rivCol, net.rivW
	for i := range nb {
		r := 0.0
		for p := start[i]; p < start[i+1]; p++ {
			r += w[p] * y[col[p]]
		}
		riv[i] = r
	}
	clear(riv[nb:])
	for _, e := range s.extraRiv {
		riv[e.a] += e.w * y[e.b]
		riv[e.b] += e.w * y[e.a]
	}
	perMember := 0.0
	if sumC > 0 {
		perMember = k.eta / sumC
	}
	var cas, sat float64
	for i, ci := range c {
		ki := k.theta * lam[i] * ci * (sumY - y[i] + riv[i]) * inv[i]
		si := k.omega * ci * ci
		dc[i] = k.rho*ci - perMember*ci - ki - si
		cas += ki
		sat += si
		if casAcc != nil {
			casAcc[i] += wt * ki
		}
	}
	f.Recruits += wt * k.rho * sumC
	f.Incapacitated += wt * perMember * sumC
	f.Casualties += wt * cas
	f.Saturation += wt * sat
}

// rk4 advances s.Members by one classic Runge–Kutta step of h weeks and
// adds the step's flows to s.Flows and its casualties to s.casAcc. The
// flows use the same stage weights as the members, so members and flows
// balance to rounding.
func (s *State) rk4(h float64, k coeffs) {
	c := s.Members
	m := len(c)
	tmp, dc, acc := s.tmp[:m], s.dc[:m], s.acc[:m]
	f, cas := &s.Flows, s.casAcc[:m]

	s.deriv(c, dc, k, h/6, f, cas)
	for i, ci := range c {
		acc[i] = dc[i]
		tmp[i] = ci + h/2*dc[i]
	}
	s.deriv(tmp, dc, k, h/3, f, cas)
	for i, ci := range c {
		acc[i] += 2 * dc[i]
		tmp[i] = ci + h/2*dc[i]
	}
	s.deriv(tmp, dc, k, h/3, f, cas)
	for i, ci := range c {
		acc[i] += 2 * dc[i]
		tmp[i] = ci + h*dc[i]
	}
	s.deriv(tmp, dc, k, h/6, f, cas)
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
		s.rk4(h, k)
	}
}

// month integrates over s.Month (days/7 weeks) and fills CasualtiesByState.
func (s *State) month(k coeffs) {
	s.integrate(float64(s.Month.Days())/7, SubstepsPerMonth, k)
	clear(s.CasualtiesByState)
	for i, x := range s.casAcc[:s.Len()] {
		s.CasualtiesByState[s.Home[i]] += x
	}
}
