package routes

import (
	"math"
	"slices"
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
// linearisation (Patriksson 1993, Transportation Research B 27(1):1): each
// iteration holds the road costs at the current flows and solves the rest
// exactly, the logit split with the ports' own congestion (portSplit, a
// Newton iteration on the 26 ports' crossing costs, no road arithmetic),
// then moves the flows towards that split by a line search on Fisk's
// objective. The road congestion, the only part held fixed, is mild, so a
// month needs one or two such iterations. A logit over every path, tried
// on branch logit-routes, spread each origin over about 20 paths and cost
// a run four times the CPU.

// logitReach is how far above an origin's least cost, in units of 1/θ,
// portColumns looks for ports: a port dearer by 7/θ carries e⁻⁷ ≈ 0.09% of
// what the cheapest does.
const logitReach = 7

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
//  3. the gap Σ_k g_k·(F_k − F̂_k) / Σ_k F_k·C_k, the directional
//     derivative of Fisk's objective towards F̂ relative to the total
//     cost: 0 at the equilibrium, the Wardrop relative gap as θ → ∞;
//  4. F ← F + λ·(F̂ − F), λ minimising Fisk's objective on the segment
//     (logitSearch).
//
// Mass is conserved: F̂ and F both sum to each origin's demand.
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
		w.pc, w.pr, w.pg = w.pc[:0], w.pr[:0], w.pg[:0]
		num, den := 0.0, 0.0
		for o := range p.Origins {
			for _, q := range pf.paths[o] {
				c := w.pathCost(q.arcs)
				w.pc = append(w.pc, c)
				w.pr = append(w.pr, c-w.cost[portOf(q.arcs)])
				den += q.flow * c
			}
		}
		p.portSplit(pf, w)
		k := 0
		for o := range p.Origins {
			for _, q := range pf.paths[o] {
				if d := q.flow - w.target[k]; d != 0 {
					num += (w.pc[k] + math.Log(q.flow)/p.Theta) * d
				}
				k++
			}
		}
		if den <= 0 {
			sol.Gap = 0
			break
		}
		if sol.Gap = num / den; math.IsNaN(sol.Gap) {
			// A path without flow and a target share: −∞·(−F̂).
			sol.Gap = math.Inf(1)
		}
		if sol.Gap < tol {
			if !cold {
				break
			}
			cold = false
			p.portColumns(pf, w)
			continue
		}
		p.logitSearch(pf, w)
	}
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
	w.pcost, w.pv, w.py, w.ps = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	w.dx = make([]float64, p.G.Arcs())
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
// it: y_p = Σ_o F̂_op and the crossing cost c_p(y_p) (the arc into the
// sink). It solves for the ports' crossing costs κ_p by Newton's method on
// κ_p − c_p(y_p(κ)), one port at a time (dy_p/dκ_p = −θ·Σ_o F̂_op·(1 − π_op);
// the ports' cross effects are left to the next step), from the costs at
// the current flows. An iteration is a few hundred multiplications and one
// exponential per port: no road arithmetic.
func (p *Problem) portSplit(pf *PathFlows, w *Workspace) {
	th := p.Theta
	// The road part of each path relative to its origin's least, as a
	// weight exp(−θ·(r − min r)) that stays fixed while the ports move.
	w.pw = w.pw[:0]
	k := 0
	for o := range p.Origins {
		ps := pf.paths[o]
		lo := math.Inf(1)
		for i := range ps {
			lo = min(lo, w.pr[k+i])
		}
		for i := range ps {
			w.pw = append(w.pw, math.Exp(-th*(w.pr[k+i]-lo)))
		}
		k += len(ps)
	}
	for i, a := range w.ports {
		w.pcost[i] = w.cost[a]
	}
	w.target = w.target[:0]
	w.target = append(w.target, make([]float64, len(w.pw))...)
	for it := 0; ; it++ {
		lo := math.Inf(1)
		for _, c := range w.pcost {
			lo = min(lo, c)
		}
		for i, c := range w.pcost {
			w.pv[i] = math.Exp(-th * (c - lo))
			w.py[i], w.ps[i] = 0, 0
		}
		k := 0
		for o := range p.Origins {
			ps := pf.paths[o]
			z := 0.0
			for i, q := range ps {
				z += w.pw[k+i] * w.pv[w.portIdx[portOf(q.arcs)]]
			}
			for i, q := range ps {
				j := w.portIdx[portOf(q.arcs)]
				pi := w.pw[k+i] * w.pv[j] / z
				f := p.Demand[o] * pi
				w.target[k+i] = f
				w.py[j] += f
				w.ps[j] += f * (1 - pi)
			}
			k += len(ps)
		}
		if it == portSplitIters {
			return
		}
		worst := 0.0
		for i, a := range w.ports {
			c, d := p.costDer(a, w.py[i])
			r := w.pcost[i] - c
			worst = max(worst, math.Abs(r))
			w.pcost[i] -= r / (1 + d*th*w.ps[i])
		}
		if worst*th < portSplitTol {
			return
		}
	}
}

// portSplitIters bounds portSplit's Newton iterations; portSplitTol is the
// largest mismatch of a port's crossing cost with its load, in units of
// 1/θ, at which it stops (a share off by about 10⁻⁶ of itself).
const (
	portSplitIters = 50
	portSplitTol   = 1e-4
)

// logitSearch moves the path flows to F + λ·(w.target − F), λ in (0, 1]
// the minimum of Fisk's objective along the segment, found from its
// derivative φ'(λ) = Σ_a c_a(x_a + λ·Δx_a)·Δx_a + (1/θ)·Σ_k Δ_k·ln(F_k + λ·Δ_k)
// (convex in λ): λ = 1 if φ'(1) ≤ 0, else safeguarded Newton steps from
// the right end of the bracket. The arc flows and costs follow.
func (p *Problem) logitSearch(pf *PathFlows, w *Workspace) {
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
				c, d := p.costDer(a, max(0, pf.Sol.X[a]+l*dx))
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
		lo, hi := 0.0, 1.0
		for range logitSearchSteps {
			next := lam - d1/d2
			if !(next > lo && next < hi) {
				next = (lo + hi) / 2
			}
			lam = next
			if d1, d2 = deriv(lam); d1 > 0 {
				hi = lam
			} else {
				lo = lam
			}
		}
		if d1 > 0 {
			lam = lo + (hi-lo)/2
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
	for _, a := range w.touch {
		if dx := w.dx[a]; dx != 0 {
			pf.Sol.X[a] = max(0, pf.Sol.X[a]+lam*dx)
			w.update(p, a, pf.Sol.X[a])
		}
	}
}

// logitSearchSteps is how many Newton steps logitSearch takes when the full
// step overshoots.
const logitSearchSteps = 3

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
// current costs, through each port within logitReach/θ of its least cost:
// one least-cost tree from each origin. A port's path keeps the flow the
// origin's old path through that port had; the flow of ports no longer
// within reach, and all of it for an origin without paths, goes to the
// cheapest port. The arc flows and costs are set afresh.
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
			if c := w.fwd.Dist[u] + w.cost[a]; math.IsInf(c, 1) || c-lo > logitReach/p.Theta {
				continue
			}
			w.path = append(w.path[:0], a)
			for v := u; v != src; v = p.G.Tail[w.fwd.Pred[v]] {
				w.path = append(w.path, w.fwd.Pred[v])
			}
			slices.Reverse(w.path)
			q := path{}
			if i := slices.IndexFunc(old, func(q path) bool { return portOf(q.arcs) == a }); i >= 0 {
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
