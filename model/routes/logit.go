package routes

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Logit choice of port. Traffickers do not all weigh the ports alike: with
// a Gumbel error on each port's cost, origin o's shipments split over the
// ports as
//
//	F_op = D_o·exp(−θ·C_op) / Σ_q exp(−θ·C_oq)
//
// (the logit of Dial 1971), where C_op is the cost of o's path through
// port p, its least-cost path to p when the paths were last looked for
// (portColumns). With congestion, these shares are the minimum of
// Beckmann's potential plus (1/θ)·Σ_op F_op·ln F_op (Fisk 1980,
// Transportation Research B 14(3):243, with the entropy over each
// origin's ports instead of its paths). solveLogit finds it by partial
// linearisation (Patriksson 1993, Journal of Optimization Theory and
// Applications 78(2):227): each iteration holds the road costs at the
// current flows and solves the rest exactly, the logit split with the
// ports' own congestion (portSplit, Newton's method on the 26 ports'
// crossing costs, no road arithmetic), then moves the flows towards that
// split by a line search on Fisk's objective. At the defaults the road
// congestion, the only part held fixed, is mild and a month that re-plans
// needs one or two such iterations; where it is steep (prior draws) the
// line search takes short steps, and a pass of pairwise Newton steps that
// see the roads' congestion (pairSweep) follows each, whose size, the
// Newton gap, is then the test of convergence (logitSteep). A
// logit over every path, tried on branch logit-routes, spread each origin
// over about 20 paths and cost a run four times the CPU; over ports, an
// origin uses one path per port within reach (12–13 at the defaults).

// logitReach is how far above an origin's least cost, in units of 1/θ,
// portColumns looks for ports: a port dearer by 5/θ carries e⁻⁵ ≈ 0.7% of
// what the cheapest does, which itself carries 15–40% of the origin's
// flow at the defaults, so each port left out would carry under 0.3% of
// it (7/θ kept 13–17 paths an origin, for a run 8% dearer).
const logitReach = 5

// logitKeep is the share of its origin's flow at which a port keeps its
// path even when it is no longer within reach at the current costs (as
// under steep congestion, where the cheapest port at the current flows
// need not be the cheapest at the equilibrium).
const logitKeep = 1e-3

// portMoved is the relative change of an arc's free cost that makes
// portColumns look for the paths to the ports again.
const portMoved = 0.01

// portOf is the port arc of a path: its last arc, into the sink.
func portOf(arcs []int32) int32 { return arcs[len(arcs)-1] }

// pathCost is the cost of a path at the current arc costs.
func (w *Workspace) pathCost(arcs []int32) float64 {
	c := 0.0
	for _, a := range arcs {
		c += w.cost[a]
	}
	return c
}

// solveLogit is SolvePaths for the logit choice of port. Each origin keeps
// one path per port within reach (pf.paths[o][k], flow F_ok). An iteration:
//
//  1. path costs C_k at the current flows, generalised costs
//     g_k = C_k + ln(F_k)/θ;
//  2. the target split F̂ (portSplit): the logit over ports with the road
//     part of each C_k held fixed and the ports' congestion solved exactly;
//  3. the gap Σ_k |F_k − F̂_k| / Σ_o D_o, how far the flows are from the
//     split they would take at their own costs: 0 at the equilibrium, at
//     most 2;
//  4. F ← F + λ·(F̂ − F), λ minimising Fisk's objective on the segment
//     (logitSearch);
//  5. where λ < logitSteep (steep road congestion), a pass of pairwise
//     Newton steps (pairSweep), which stops the search if it moves less
//     than logitSteepGap times the tolerance (the Newton gap, then
//     reported as the gap).
//
// Mass is conserved: F̂ and F both sum to each origin's demand, and so do
// pairSweep's moves.
func (p *Problem) solveLogit(pf *PathFlows, tol float64, maxIter int, w *Workspace) {
	sol := &pf.Sol
	w.fitPorts(p)
	// An origin without paths starts from free-flow costs, at which the
	// ports that congestion will make dear look cheap and the others out
	// of reach: once the search has converged, the paths are looked for
	// again at the congested costs, and the search goes on.
	cold := p.missingColumns(pf)
	if pf.portsStale(p, w) || cold {
		p.portColumns(pf, w)
	}
	for sol.Iters < maxIter {
		sol.Iters++
		w.pc, w.pr = w.pc[:0], w.pr[:0]
		// num is −φ'(0), the descent towards F̂ (logitSearch); dist and
		// demand give the gap.
		num, dist, demand := 0.0, 0.0, 0.0
		for o := range p.Origins {
			for _, q := range pf.paths[o] {
				c := w.pathCost(q.arcs)
				w.pc = append(w.pc, c)
				w.pr = append(w.pr, c-w.cost[portOf(q.arcs)])
			}
			demand += max(0, p.Demand[o])
		}
		p.portSplit(pf, w)
		k := 0
		for o := range p.Origins {
			for _, q := range pf.paths[o] {
				dist += math.Abs(q.flow - w.target[k])
				k++
			}
		}
		if demand <= 0 {
			sol.Gap, sol.Converged = 0, true
			break
		}
		sol.Gap = dist / demand
		if sol.Gap < tol {
			if !p.logitDone(pf, w, &cold) {
				continue
			}
			break
		}
		k = 0
		for o := range p.Origins {
			for _, q := range pf.paths[o] {
				if d := q.flow - w.target[k]; d != 0 {
					num += (w.pc[k] + math.Log(q.flow)/p.Theta) * d
				}
				k++
			}
		}
		if lam := p.logitSearch(pf, w, -num); lam < logitSteep {
			// The roads' congestion, held fixed in the step, is so
			// steep that the line search stops short of the split: a
			// pass of Newton steps between each path and the origin's
			// least-g one, which see it. What the pass moves is the
			// Newton gap (pairSweep); below logitSteepGap times the
			// tolerance the flows are taken to be at the equilibrium.
			moved := 0.0
			for o := range p.Origins {
				if len(pf.paths[o]) > 1 {
					moved += p.pairSweep(pf, o, w)
				}
			}
			if moved/demand < logitSteepGap*tol {
				sol.Gap = moved / demand
				if p.logitDone(pf, w, &cold) {
					break
				}
			}
		}
	}
}

// logitDone is what solveLogit does when a gap falls below its tolerance:
// it reports the search converged, unless the paths were found at
// free-flow costs (cold), in which case it looks for them again at the
// congested costs and the search goes on.
func (p *Problem) logitDone(pf *PathFlows, w *Workspace, cold *bool) bool {
	if !*cold {
		pf.Sol.Converged = true
		return true
	}
	*cold = false
	p.portColumns(pf, w)
	return false
}

// logitSteep is the line search step below which solveLogit takes the
// roads' congestion for steep and adds a pass of pairwise Newton steps
// (pairSweep); at the defaults the line search steps 0.77–0.98 of the way
// and never falls below it. logitSteepGap times the tolerance is the
// Newton gap, the flow that pass moves as a share of the demand, at which
// such a search stops (0.01 for the months' 10⁻³): where the roads are
// steep, the logit gap, whose split holds the road costs fixed, magnifies
// a flow δ from the equilibrium by about θ·F·c' (it stays at 1.1–1.5 in
// the steepest prior draws while the Newton gap is 2·10⁻⁴), so it cannot
// serve as the test there; and the Newton gap, which ignores how the
// origins' moves interact through the roads and ports they share, hovers
// at 1–3·10⁻³ in those draws rather than falling further.
const (
	logitSteep    = 0.5
	logitSteepGap = 10
)

// pairSweep moves flow between each of origin o's paths and its path of
// least generalised cost c + ln(F)/θ by a Newton step on Fisk's objective
// (pairStep), the roads' congestion included (the Hessian of the potential
// summed over the arcs the two paths do not share). A path without flow
// gets its logit share against that path, at most half of it. It returns
// the flow it moved, Σ|F' − F| over the origin's paths.
func (p *Problem) pairSweep(pf *PathFlows, o int, w *Workspace) float64 {
	ps := pf.paths[o]
	best, bg := -1, math.Inf(1)
	for i, q := range ps {
		if q.flow > 0 {
			if g := w.pathCost(q.arcs) + math.Log(q.flow)/p.Theta; g < bg {
				best, bg = i, g
			}
		}
	}
	if best < 0 {
		return 0
	}
	w.gen++
	for _, a := range ps[best].arcs {
		w.stamp[a] = w.gen
	}
	moved, net := 0.0, 0.0
	from := len(ps[best].arcs) // the first of its arcs moved at first order
	for i := range ps {
		if i == best {
			continue
		}
		r, q := &ps[best], &ps[i]
		if r.flow <= 0 {
			break // the least-g path gave all it had
		}
		cr, cq, h := 0.0, 0.0, 0.0
		for _, a := range r.arcs {
			cr += w.cost[a]
			h += w.der[a]
		}
		shared := 0
		for _, a := range q.arcs {
			cq += w.cost[a]
			if w.stamp[a] == w.gen {
				h -= w.der[a]
				shared++
			} else {
				h += w.der[a]
			}
		}
		// The paths of an origin mostly come from one least-cost tree
		// and share their first arcs: if those are all they share, the
		// move leaves them alone (else it is move's, over all arcs).
		skip := 0
		for skip < min(len(r.arcs), len(q.arcs)) && r.arcs[skip] == q.arcs[skip] {
			skip++
		}
		var move float64
		if q.flow <= 0 {
			move = -min(r.flow/(1+math.Exp(p.Theta*(cq-cr))), r.flow/2)
		} else {
			move = min(max(p.pairStep(q.flow, r.flow, cq, cr, h), -r.flow), q.flow)
		}
		moved += math.Abs(move)
		net += move
		if skip != shared {
			p.move(pf, q, r, move, w)
			continue
		}
		// The least-g path's own arcs take the move at first order,
		// c + c'·x, until the end of the pass: Newton's step assumes no
		// more, and its costs, one power each, are computed once.
		q.flow -= move
		r.flow += move
		x := pf.Sol.X
		for _, a := range q.arcs[skip:] {
			x[a] = max(0, x[a]-move)
			w.update(p, a, x[a])
		}
		for _, a := range r.arcs[skip:] {
			x[a] += move
			w.cost[a] += w.der[a] * move
		}
		from = min(from, skip)
	}
	if from < len(ps[best].arcs) {
		for _, a := range ps[best].arcs[from:] {
			w.cost[a], w.der[a] = p.costDer(a, pf.Sol.X[a])
			w.xAt[a] = pf.Sol.X[a]
		}
	}
	return moved + math.Abs(net)
}

// move shifts flow x from path from to path to (x may be negative) and
// updates the arc flows and costs; arcs on both paths keep their flow, to
// rounding, and update skips those that are bit for bit unchanged.
func (p *Problem) move(pf *PathFlows, from, to *path, x float64, w *Workspace) {
	from.flow -= x
	to.flow += x
	for _, a := range from.arcs {
		pf.Sol.X[a] = max(0, pf.Sol.X[a]-x)
	}
	for _, a := range to.arcs {
		pf.Sol.X[a] += x
	}
	for _, a := range from.arcs {
		w.update(p, a, pf.Sol.X[a])
	}
	for _, a := range to.arcs {
		w.update(p, a, pf.Sol.X[a])
	}
}

// pairStep is the flow to move from path q to path r (negative: from r to
// q), one path per port, towards equal generalised costs c + ln(F)/θ,
// given their flows and costs and h, the potential's Hessian diagonal
// summed over the arcs the two paths do not share. It is a Newton step on
// Fisk's objective, whose Hessian adds (1/F_q + 1/F_r)/θ; where that step
// would leave the flows' domain (a path far from its share, where the
// logarithm is far from linear) it is a Newton step in u = ln(F_q/F_r)
// instead, which stays inside it and is exact for the pure logit split.
func (p *Problem) pairStep(fq, fr, cq, cr, h float64) float64 {
	u := math.Log(fq) - math.Log(fr) // fq/fr may overflow
	phi := cq - cr + u/p.Theta       // generalised cost difference
	move := phi / (h + (1/fq+1/fr)/p.Theta)
	if move < fq && move > -fr {
		return move
	}
	f := fq + fr
	s := fq / f
	u -= phi / (h*f*s*(1-s) + 1/p.Theta)
	return fq - f/(1+math.Exp(-u))
}

// fitPorts indexes the arcs into the sink (the ports) for portSplit.
func (w *Workspace) fitPorts(p *Problem) {
	if len(w.portIdx) == p.G.Arcs() {
		return
	}
	w.portIdx = make([]int32, p.G.Arcs())
	for a := range w.portIdx {
		w.portIdx[a] = -1
	}
	in := w.rev.Arc[w.rev.Off[p.Sink]:w.rev.Off[p.Sink+1]]
	w.ports = append(w.ports[:0], in...)
	for i, a := range in {
		w.portIdx[a] = int32(i)
	}
	n := len(in)
	w.pcost, w.pv, w.py = make([]float64, n), make([]float64, n), make([]float64, n)
	w.pres, w.pder = make([]float64, n), make([]float64, n)
	w.pstep = make([]float64, n)
	w.pin = make([]bool, n)
	w.pvar, w.ph, w.px = make([]int32, n), make([]float64, n*n), make([]float64, n)
	w.dx = make([]float64, p.G.Arcs())
	// The per-path and per-origin buffers at their largest, one path per
	// port and origin, so that they do not grow during a run.
	k := len(p.Origins)
	w.pc, w.pr, w.pw = make([]float64, 0, k*n), make([]float64, 0, k*n), make([]float64, 0, k*n)
	w.target, w.pj = make([]float64, 0, k*n), make([]int32, 0, k*n)
	w.pexact = make([]bool, 0, k)
	w.pov, w.pof, w.cols = make([]int32, 0, n), make([]float64, 0, n), make([]path, 0, n)
	w.touch = make([]int32, 0, p.G.Arcs())
	w.path = make([]int32, 0, p.G.Nodes())
	w.lx, w.lc, w.ld = make([]float64, p.G.Arcs()), make([]float64, p.G.Arcs()), make([]float64, p.G.Arcs())
}

// missingColumns says whether an origin with demand has no paths yet.
func (p *Problem) missingColumns(pf *PathFlows) bool {
	for o, d := range p.Demand {
		if d > 0 && len(pf.paths[o]) == 0 {
			return true
		}
	}
	return false
}

// portSplit sets w.target, per path in the order of pf.paths, to the logit
// split of each origin's demand over its ports with the road costs w.pr
// held fixed and each port's crossing cost at the load the split puts on
// it: y_p = Σ_o F̂_op and c_p(y_p) = κ_p, the crossing cost the split sees.
// It solves r(κ) = κ − c(y(κ)) = 0 by Newton's method, the Jacobian
// I + θ·diag(c')·L with L = Σ_o D_o·(diag π_o − π_o·π_oᵀ) (solved in its
// symmetric form diag(1/c') + θ·L, by Cholesky), halving a step that
// leaves a larger mismatch, from the crossing costs the last split found
// (the road costs move little between steps and months). A port without
// congestion keeps its free cost. An iteration is a few hundred
// multiplications, one exponential per port and a factorisation of at
// most 26 × 26: no road arithmetic.
func (p *Problem) portSplit(pf *PathFlows, w *Workspace) {
	th := p.Theta
	// The road part of each path relative to its origin's least, as a
	// weight exp(−θ·(r − min r)) that stays fixed while the ports move.
	w.pw, w.pj, w.pexact = w.pw[:0], w.pj[:0], w.pexact[:0]
	clear(w.pin)
	k := 0
	for o := range p.Origins {
		ps := pf.paths[o]
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range ps {
			lo, hi = min(lo, w.pr[k+i]), max(hi, w.pr[k+i])
		}
		// Where the roads differ by so much that a weight could
		// underflow (θ far above the costs' scale), the origin's shares
		// take one exponential per path instead.
		w.pexact = append(w.pexact, th*(hi-lo) > 500)
		for i, q := range ps {
			w.pw = append(w.pw, math.Exp(-th*(w.pr[k+i]-lo)))
			a := portOf(q.arcs)
			j := w.portIdx[a]
			w.pj = append(w.pj, j)
			w.pin[j] = p.Slope[a] > 0 && p.Cap[a] > 0
		}
		k += len(ps)
	}
	// Start from the crossing costs the last split found (the road costs
	// move little between steps and months), else from the costs at the
	// current flows.
	for i, a := range w.ports {
		if !w.psolved || math.IsNaN(w.pcost[i]) || math.IsInf(w.pcost[i], 0) {
			w.pcost[i] = w.cost[a]
		}
		if !w.pin[i] {
			w.pcost[i] = p.Free[a]
		}
	}
	w.psolved = true
	w.target = append(w.target[:0], w.pw...)
	prev, halved := math.Inf(1), 0
	for it := 0; ; it++ {
		w.portShares(p, pf)
		if it == portSplitIters {
			return
		}
		worst := 0.0
		for i, a := range w.ports {
			w.pres[i], w.pder[i] = 0, 0
			if w.pin[i] {
				c, d := p.costDer(a, w.py[i])
				w.pres[i], w.pder[i] = w.pcost[i]-c, d
				worst = max(worst, math.Abs(w.pres[i]))
			}
		}
		if worst*th < portSplitTol {
			return
		}
		if worst > prev && halved < portSplitHalvings {
			// The step overshot (the shares are exponential in the
			// costs): go back half of it.
			for i := range w.ports {
				w.pstep[i] /= 2
				w.pcost[i] -= w.pstep[i]
			}
			halved++
			continue
		}
		prev, halved = worst, 0
		if !w.newtonStep(p, pf) {
			return
		}
		for i := range w.ports {
			w.pcost[i] += w.pstep[i]
		}
	}
}

// newtonStep sets w.pstep to portSplit's Newton step, J·step = −r with r
// in w.pres, c' in w.pder and J = I + θ·diag(c')·L, L from the shares in
// w.target. A port whose cost does not rise at its load (c' = 0) steps by
// −r_p; the others solve (diag(1/c') + θ·L)·step = −diag(1/c')·r − θ·L·s₀,
// s₀ those first steps, which is symmetric positive definite (L is
// positive semidefinite), by Cholesky. It reports false if that fails.
func (w *Workspace) newtonStep(p *Problem, pf *PathFlows) bool {
	th := p.Theta
	n := 0
	for i := range w.ports {
		w.pvar[i], w.pstep[i] = -1, 0
		if !w.pin[i] {
			continue
		}
		if w.pder[i] > 0 {
			w.pvar[i] = int32(n)
			n++
		} else {
			w.pstep[i] = -w.pres[i]
		}
	}
	if n == 0 {
		return true
	}
	h, x := w.ph[:n*n], w.px[:n]
	clear(h)
	for i, v := range w.pvar {
		if v >= 0 {
			x[v] = -w.pres[i] / w.pder[i]
			h[int(v)*n+int(v)] = 1 / w.pder[i]
		}
	}
	k := 0
	for o := range p.Origins {
		m := len(pf.paths[o])
		d := p.Demand[o]
		if d <= 0 {
			k += m
			continue
		}
		// θ·L over the origin's ports, and −θ·L·s₀ into the right side.
		s0 := 0.0
		for i := k; i < k+m; i++ {
			s0 += w.target[i] * w.pstep[w.pj[i]]
		}
		s0 /= d
		// The origin's congested ports, as (variable, θ·F/√D) pairs:
		// the rank-one term is their outer product, of which the
		// factorisation reads the lower triangle only.
		w.pov, w.pof = w.pov[:0], w.pof[:0]
		sd := math.Sqrt(th / d)
		sorted := true
		for i := k; i < k+m; i++ {
			vi := w.pvar[w.pj[i]]
			if vi < 0 {
				continue
			}
			if len(w.pov) > 0 && vi <= w.pov[len(w.pov)-1] {
				sorted = false
			}
			fi := w.target[i]
			x[vi] -= th * fi * (w.pstep[w.pj[i]] - s0)
			h[int(vi)*n+int(vi)] += th * fi
			w.pov = append(w.pov, vi)
			w.pof = append(w.pof, sd*fi)
		}
		for a, va := range w.pov {
			fa, row := w.pof[a], int(va)*n
			// The paths follow the ports' order (portColumns), so the
			// variables rise and the lower triangle is b ≤ a; the test
			// keeps it right for any order.
			lower := w.pov
			if sorted {
				lower = w.pov[:a+1]
			}
			for b, vb := range lower {
				if vb <= va {
					h[row+int(vb)] -= fa * w.pof[b]
				}
			}
		}
		k += m
	}
	// The system is symmetric positive definite where the step is sound;
	// Potrf says when it is not, and portSplit then stops where it is.
	t, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Lower, N: n, Stride: n, Data: h})
	if !ok {
		return false
	}
	lapack64.Potrs(t, blas64.General{Rows: n, Cols: 1, Stride: 1, Data: x})
	for i, v := range w.pvar {
		if v >= 0 {
			w.pstep[i] = x[v]
		}
	}
	return true
}

// portShares sets w.target to each origin's logit split at the ports'
// crossing costs w.pcost, and per port its load w.py.
func (w *Workspace) portShares(p *Problem, pf *PathFlows) {
	th := p.Theta
	lo := math.Inf(1)
	for _, j := range w.pj {
		lo = min(lo, w.pcost[j])
	}
	for i, c := range w.pcost {
		w.pv[i] = math.Exp(-th * (c - lo))
		w.py[i] = 0
	}
	k := 0
	for o := range p.Origins {
		n := len(pf.paths[o])
		d := p.Demand[o]
		if d <= 0 {
			for i := k; i < k+n; i++ {
				w.target[i] = 0
			}
			k += n
			continue
		}
		if w.pexact[o] {
			w.exactShares(p, o, k, n)
			k += n
			continue
		}
		z := 0.0
		for i := k; i < k+n; i++ {
			z += w.pw[i] * w.pv[w.pj[i]]
		}
		if !(z > 1e-200 && z < 1e200) {
			// All of the origin's ports far dearer than the cheapest
			// port (or the reverse): shift by its own least cost.
			w.exactShares(p, o, k, n)
			k += n
			continue
		}
		dz := d / z
		for i := k; i < k+n; i++ {
			j := w.pj[i]
			f := w.pw[i] * w.pv[j] * dz
			w.target[i] = f
			w.py[j] += f
		}
		k += n
	}
}

// exactShares is portShares for origin o, whose paths are k to k+n−1,
// with one exponential per path of its whole cost, road and crossing.
func (w *Workspace) exactShares(p *Problem, o, k, n int) {
	lo := math.Inf(1)
	for i := k; i < k+n; i++ {
		lo = min(lo, w.pr[i]+w.pcost[w.pj[i]])
	}
	z := 0.0
	for i := k; i < k+n; i++ {
		w.target[i] = math.Exp(-p.Theta * (w.pr[i] + w.pcost[w.pj[i]] - lo))
		z += w.target[i]
	}
	d := p.Demand[o]
	for i := k; i < k+n; i++ {
		j := w.pj[i]
		f := w.target[i] * d / z
		w.target[i] = f
		w.py[j] += f
	}
}

// portSplitIters bounds portSplit's Newton iterations; portSplitTol is the
// largest mismatch of a port's crossing cost with its load, in units of
// 1/θ, at which it stops (a share off by about 10⁻⁴ of itself);
// portSplitHalvings is how many times in a row a step that left a larger
// mismatch is halved.
const (
	portSplitIters    = 50
	portSplitTol      = 1e-5
	portSplitHalvings = 8
)

// logitSearch moves the path flows to F + λ·(w.target − F), λ in [0, 1]
// the minimum of Fisk's objective along the segment, found from its
// derivative φ'(λ) = Σ_a c_a(x_a + λ·Δx_a)·Δx_a + (1/θ)·Σ_k Δ_k·ln(F_k + λ·Δ_k)
// (φ is convex), given d0 = φ'(0) < 0: λ = 1 if φ'(1) ≤ 0, else the root
// of φ' in (0, 1). The arc flows and costs follow; it returns λ.
func (p *Problem) logitSearch(pf *PathFlows, w *Workspace, d0 float64) float64 {
	// Δx over the arcs the paths use.
	w.touch = w.touch[:0]
	w.gen++
	k := 0
	for o := range p.Origins {
		for _, q := range pf.paths[o] {
			d := w.target[k] - q.flow
			k++
			if d == 0 {
				continue
			}
			for _, a := range q.arcs {
				if w.stamp[a] != w.gen {
					w.stamp[a] = w.gen
					w.dx[a] = 0
					w.touch = append(w.touch, a)
				}
				w.dx[a] += d
			}
		}
	}
	deriv := func(l float64) (d1, d2 float64) {
		for _, a := range w.touch {
			if dx := w.dx[a]; dx != 0 {
				x := max(0, pf.Sol.X[a]+l*dx)
				c, d := p.costDer(a, x)
				w.lx[a], w.lc[a], w.ld[a] = x, c, d
				d1 += c * dx
				d2 += d * dx * dx
			}
		}
		k := 0
		for o := range p.Origins {
			for _, q := range pf.paths[o] {
				if d := w.target[k] - q.flow; d != 0 {
					f := q.flow + l*d
					d1 += d * math.Log(f) / p.Theta
					d2 += d * d / f / p.Theta
				}
				k++
			}
		}
		return d1, d2
	}
	lam := 1.0
	if d1, d2 := deriv(1); d1 > 0 {
		// The root of φ' in (0, 1): Newton steps from the right end,
		// where φ' is known to be positive, kept inside the bracket by
		// the Illinois variant of regula falsi (Dowell & Jarratt 1971)
		// when they leave it, until |φ'| is a hundredth of |φ'(0)|.
		lo, hi, dlo, dhi := 0.0, 1.0, d0, d1
		side, done := 0, false
		for range logitSearchSteps {
			next := lam - d1/d2
			if !(next > lo && next < hi) {
				next = lo - dlo*(hi-lo)/(dhi-dlo)
			}
			if !(next > lo && next < hi) {
				// φ'(0) = −∞ (a path without flow gets some): bisect.
				next = (lo + hi) / 2
			}
			lam = next
			d1, d2 = deriv(lam)
			if done = math.Abs(d1) <= logitSearchTol*math.Abs(d0) && !math.IsInf(d0, 0); done {
				break
			}
			if d1 > 0 {
				hi, dhi = lam, d1
				if side == 1 {
					dlo /= 2
				}
				side = 1
			} else {
				lo, dlo = lam, d1
				if side == -1 {
					dhi /= 2
				}
				side = -1
			}
		}
		if !done && d1 > 0 {
			// Not converged: the left end of the bracket, where the
			// objective still falls.
			lam = lo
		}
	}
	k = 0
	for o := range p.Origins {
		ps := pf.paths[o]
		for i := range ps {
			ps[i].flow += lam * (w.target[k] - ps[i].flow)
			k++
		}
	}
	// The arcs' costs at the new flows: those of the last derivative
	// evaluated, where λ is its point (as it is whenever the search
	// converged or took the full step), else computed afresh.
	for _, a := range w.touch {
		if dx := w.dx[a]; dx != 0 {
			x := max(0, pf.Sol.X[a]+lam*dx)
			pf.Sol.X[a] = x
			if x == w.lx[a] && x != w.xAt[a] {
				w.cost[a], w.der[a], w.xAt[a] = w.lc[a], w.ld[a], x
				continue
			}
			w.update(p, a, x)
		}
	}
	return lam
}

// logitSearchSteps bounds the derivatives logitSearch evaluates after
// φ'(1) when the full step overshoots; logitSearchTol is the share of
// |φ'(0)| at which it stops.
const (
	logitSearchSteps = 8
	logitSearchTol   = 0.01
)

// portsStale says whether portColumns must look for the paths to the ports
// again: on the first search, and when a road's free cost has moved by
// more than portMoved since it last did (troops, effort). Otherwise the
// paths it found then still serve. The ports' own costs (port risk) do not
// change which road is the cheapest to a port, only how much goes there,
// which portSplit finds every search.
func (pf *PathFlows) portsStale(p *Problem, w *Workspace) bool {
	stale := len(pf.portFree) != len(p.Free)
	for a := 0; !stale && a < len(p.Free); a++ {
		stale = w.portIdx[a] < 0 && math.Abs(p.Free[a]-pf.portFree[a]) > portMoved*math.Abs(pf.portFree[a])
	}
	if stale {
		pf.portFree = append(pf.portFree[:0], p.Free...)
	}
	return stale
}

// portColumns gives each origin with demand its least-cost path, at the
// current costs, through each port within logitReach/θ of its least cost,
// and through each port that carries at least logitKeep of its flow: one
// least-cost tree from each origin. A port's path keeps the flow the
// origin's old path through that port had; the flow of the ports left out,
// and all of it for an origin without paths, goes to the cheapest port. The arc flows and costs are set afresh.
func (p *Problem) portColumns(pf *PathFlows, w *Workspace) {
	if w.fwd == nil {
		w.fwd = NewTree(p.G.Nodes())
	}
	for o, src := range p.Origins {
		if p.Demand[o] <= 0 {
			pf.paths[o] = pf.paths[o][:0]
			continue
		}
		p.G.ShortestFrom(int(src), w.cost, w.fwd)
		lo, best := math.Inf(1), int32(-1)
		for _, a := range w.ports {
			if c := w.fwd.Dist[p.G.Tail[a]] + w.cost[a]; c < lo {
				lo, best = c, a
			}
		}
		if best < 0 {
			continue // no port reachable: SolvePaths' caller sees no flow
		}
		old := pf.paths[o]
		w.cols = w.cols[:0]
		left := p.Demand[o]
		for _, q := range old {
			left -= q.flow
		}
		for _, a := range w.ports {
			u := p.G.Tail[a]
			i := slices.IndexFunc(old, func(q path) bool { return portOf(q.arcs) == a })
			c := w.fwd.Dist[u] + w.cost[a]
			if math.IsInf(c, 1) || c-lo > logitReach/p.Theta && (i < 0 || old[i].flow < logitKeep*p.Demand[o]) {
				continue
			}
			w.path = append(w.path[:0], a)
			for v := u; v != src; v = p.G.Tail[w.fwd.Pred[v]] {
				w.path = append(w.path, w.fwd.Pred[v])
			}
			slices.Reverse(w.path)
			q := path{}
			if i >= 0 {
				q = old[i]
				if !slices.Equal(q.arcs, w.path) {
					q.arcs = pf.keep(w.path)
				}
			} else {
				q.arcs = pf.keep(w.path)
			}
			w.cols = append(w.cols, q)
		}
		// Flow of the ports dropped goes to the cheapest.
		for _, q := range old {
			if !slices.ContainsFunc(w.cols, func(c path) bool { return portOf(c.arcs) == portOf(q.arcs) }) {
				left += q.flow
			}
		}
		i := slices.IndexFunc(w.cols, func(c path) bool { return portOf(c.arcs) == best })
		w.cols[i].flow += left
		if cap(pf.paths[o]) < len(w.cols) {
			pf.paths[o] = make([]path, 0, len(w.ports)) // one path per port at most
		}
		pf.paths[o] = append(pf.paths[o][:0], w.cols...)
	}
	sol := &pf.Sol
	clear(sol.X)
	for _, ps := range pf.paths {
		for _, q := range ps {
			for _, a := range q.arcs {
				sol.X[a] += q.flow
			}
		}
	}
	for a := range w.cost {
		w.update(p, int32(a), sol.X[a])
	}
}
