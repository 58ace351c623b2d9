package routes

import (
	"fmt"
	"math"
)

// Problem is a congested assignment: demands from origins to one sink
// over arcs whose cost rises with their flow,
//
//	c_a(x) = t_a + s_a·(x/κ_a)^P
//
// (for roads s_a = b·t_a, the BPR form of the US Bureau of Public Roads,
// 1964; for ports a fixed congestion scale). A Wardrop equilibrium, where
// no shipment can lower its cost by changing path, minimises Beckmann's
// potential Σ_a ∫₀^{x_a} c_a (Beckmann, McGuire & Winsten 1956); Dell
// (2015) calls it the congested trafficking equilibrium.
type Problem struct {
	G *Graph
	// Free is t_a, Slope is s_a and Cap is κ_a (> 0), per arc.
	Free, Slope, Cap []float64
	// P is the congestion exponent.
	P float64
	// Hazard is the per-arc hazard of loss: a shipment crossing arc a
	// survives it with probability exp(−Hazard[a]).
	Hazard  []float64
	Origins []int32
	Demand  []float64
	Sink    int32
	// Group, if not nil, numbers each origin's group (0 ≤ Group[o] < 64):
	// origins of one group always have demands in the same proportion
	// (Step: the producing areas of one state), so that a month that
	// keeps its routes (PathFlows.Follow) scales each group's flows at
	// once instead of every path.
	Group []int
	// Theta is the logit dispersion θ per km-equivalent of SolvePaths'
	// port choice: each origin's flow splits over the ports as
	// exp(−θ·C_p)/Σ_q exp(−θ·C_q), C_p its least cost through port p (the
	// arc into the sink). 0 or +Inf asks for the Wardrop equilibrium (the
	// limit θ → ∞). Solve always finds the Wardrop one.
	Theta float64
}

// logit says whether SolvePaths looks for the logit port choice.
func (p *Problem) logit() bool { return p.Theta > 0 && !math.IsInf(p.Theta, 1) }

// Solution is an equilibrium and how close it got.
type Solution struct {
	// X is the flow on each arc; S is the part of it that survives to the
	// arc's head (losses on the way subtracted).
	X, S []float64
	// XO and SO are the same per origin, kept when Solve is asked to, so
	// that a warm start can rescale each origin's flows to a new demand.
	XO, SO [][]float64
	// Demand the solution carries per origin.
	Demand []float64
	// Gap is the relative gap (Σc·x − Σc·y)/Σc·x at the last iterate, where
	// y is the all-or-nothing load at x's costs: 0 at equilibrium. With
	// the logit port choice (Problem.Theta) it is the logit gap instead,
	// Σ|F − F̂|/ΣD, the distance of the flows from the split they would
	// take at their own costs as a share of the demand, or, where the
	// search stopped on it (steep road congestion), the Newton gap, the
	// flow a pass of pairwise Newton steps moved (solveLogit).
	Gap   float64
	Iters int
	// Converged says the search stopped below its tolerance (the logit
	// search also on the Newton gap where the roads' congestion is
	// steep, solveLogit).
	Converged bool
}

// Workspace holds the tree and scratch vectors of Solve.
type Workspace struct {
	g       *Graph
	rev     *Reversed // g's in-arcs, for the tree into the sink
	tree    *Tree
	fwd     *Tree // from an origin (portPaths)
	cost    []float64
	surv    []float64 // exp(−Hazard) per arc
	survOK  bool      // surv is current for the hazards (PathFlows.arcFlows)
	survAll bool      // every surv is 1 (no hazards)
	der     []float64 // dc/dx per arc (SolvePaths)
	xAt     []float64 // the flow cost and der were computed at (SolvePaths)
	stamp   []int32   // arc marks of SolvePaths
	gen     int32
	path    []int32
	// The logit choice of port (solveLogit): per path, its cost, road
	// cost, road weight, target flow and port index; per port (index
	// portIdx of its arc), its arc, crossing cost, weight, load, cost
	// mismatch, cost derivative, Newton step and variable index, whether
	// it is congested and reached, and per origin whether its shares take
	// an exponential per path (portSplit); the Newton system; the arc
	// flow change of a line search and the arcs it touches; new columns.
	pc, pr, pw, target []float64
	portIdx, ports, pj []int32
	pcost, pv, py      []float64
	pres, pder, pstep  []float64
	pvar, pov          []int32
	pof                []float64
	ph, px             []float64
	pin, pexact        []bool
	psolved            bool // pcost holds the last split's crossing costs
	dx                 []float64
	lx, lc, ld         []float64 // per arc, the flow, cost and derivative logitSearch last evaluated
	touch              []int32
	cols               []path
	gx, gs             []float64 // one group's arc flows and survivors (groupFlows)
	y, ys              []float64 // all-or-nothing load and its survivors
	sb, sbs            []float64 // previous search target (conjugate direction)
	yo, yso            [][]float64
	sbo, sbso          [][]float64
	active             []int32
	nodes              int
	arcs               int
	nOrigins           int
	perOrig            bool
}

func (w *Workspace) fit(g *Graph, k int, perOrigin bool) {
	if w.g == g && w.nOrigins == k && w.perOrig == perOrigin {
		return
	}
	n, m := g.Nodes(), g.Arcs()
	*w = Workspace{g: g, rev: g.Reverse(), tree: NewTree(n), nodes: n, arcs: m, nOrigins: k, perOrig: perOrigin,
		cost: make([]float64, m), surv: make([]float64, m), y: make([]float64, m), ys: make([]float64, m), sb: make([]float64, m), sbs: make([]float64, m)}
	for range k {
		if perOrigin {
			w.yo = append(w.yo, make([]float64, m))
			w.yso = append(w.yso, make([]float64, m))
			w.sbo = append(w.sbo, make([]float64, m))
			w.sbso = append(w.sbso, make([]float64, m))
		}
	}
}

// Cost is c_a at flow x.
func (p *Problem) Cost(a int, x float64) float64 {
	if p.Slope[a] == 0 || x <= 0 {
		return p.Free[a]
	}
	return p.Free[a] + p.Slope[a]*pow(x/p.Cap[a], p.P)
}

// pow is math.Pow with the common small integer exponents multiplied out:
// the line search evaluates it millions of times.
func pow(r, e float64) float64 {
	switch e {
	case 1:
		return r
	case 2:
		return r * r
	case 3:
		return r * r * r
	case 4:
		r2 := r * r
		return r2 * r2
	}
	if r <= 0 {
		return math.Pow(r, e)
	}
	// exp(e·ln r) is about twice as fast as math.Pow, which handles every
	// special case; for the positive ratios here it is within a few ulps.
	return math.Exp(e * math.Log(r))
}

// slope is dc_a/dx at x, the diagonal of the potential's Hessian.
func (p *Problem) slope(a int, x float64) float64 {
	if p.Slope[a] == 0 || x <= 0 {
		return 0
	}
	return p.Slope[a] * p.P / p.Cap[a] * pow(x/p.Cap[a], p.P-1)
}

// potential is ∫₀^x c_a.
func (p *Problem) potential(a int, x float64) float64 {
	v := p.Free[a] * x
	if p.Slope[a] != 0 && x > 0 {
		v += p.Slope[a] * p.Cap[a] / (p.P + 1) * pow(x/p.Cap[a], p.P+1)
	}
	return v
}

// Solve finds the equilibrium by the conjugate Frank–Wolfe method of
// Mitradjieva & Lindberg (2013, Transportation Science 47:280), Frank–Wolfe
// whose search target mixes the new all-or-nothing load with the last
// target so successive directions are conjugate, with an exact line search
// by bisection. It stops when the relative gap falls below tol or after
// maxIter iterations. perOrigin keeps each origin's flows (memory: origins
// × arcs). warm, if not nil, is a previous solution on the same graph and
// origins: its flows — per origin, rescaled to the new demands, if it kept
// them; otherwise as they are, which needs the same demands — are the
// starting point. That is how re-routing after a change of some costs
// reuses the last equilibrium.
func Solve(p *Problem, warm *Solution, tol float64, maxIter int, perOrigin bool, w *Workspace) (*Solution, error) {
	m, k := p.G.Arcs(), len(p.Origins)
	if len(p.Free) != m || len(p.Slope) != m || len(p.Cap) != m || len(p.Hazard) != m || len(p.Demand) != k {
		return nil, fmt.Errorf("routes: problem vectors do not match %d arcs and %d origins", m, k)
	}
	w.fit(p.G, k, perOrigin)
	sol := warm
	if sol == nil || len(sol.X) != m || len(sol.Demand) != k || (perOrigin && len(sol.XO) != k) {
		sol = &Solution{X: make([]float64, m), S: make([]float64, m), Demand: make([]float64, k)}
		if perOrigin {
			for range k {
				sol.XO = append(sol.XO, make([]float64, m))
				sol.SO = append(sol.SO, make([]float64, m))
			}
		}
		warm = nil
	}
	if warm != nil && perOrigin {
		// Rescale each origin's flows to its new demand.
		clear(sol.X)
		clear(sol.S)
		for o := range k {
			f := 0.0
			if sol.Demand[o] > 0 {
				f = p.Demand[o] / sol.Demand[o]
			} else if p.Demand[o] > 0 {
				warm = nil // an origin with no previous flow: start afresh
				break
			}
			xo, so := sol.XO[o], sol.SO[o]
			for a := range xo {
				xo[a] *= f
				so[a] *= f
				sol.X[a] += xo[a]
				sol.S[a] += so[a]
			}
		}
	}
	copy(sol.Demand, p.Demand)
	sol.Iters, sol.Gap, sol.Converged = 0, math.Inf(1), false
	for a, h := range p.Hazard {
		w.surv[a] = math.Exp(-h)
	}
	w.survOK = false
	if warm == nil {
		copy(w.cost, p.Free)
		p.allOrNothing(w)
		copy(sol.X, w.y)
		copy(sol.S, w.ys)
		for o := range sol.XO {
			copy(sol.XO[o], w.yo[o])
			copy(sol.SO[o], w.yso[o])
		}
		sol.Iters = 1
	}
	fresh := true // no previous target to be conjugate to
	// Iters counts all-or-nothing loads, the unit of work.
	for sol.Iters < maxIter {
		sol.Iters++
		for a := range w.cost {
			w.cost[a] = p.Cost(a, sol.X[a])
		}
		p.allOrNothing(w)
		cx, cy := 0.0, 0.0
		w.active = w.active[:0]
		for a := range w.cost {
			if sol.X[a] != 0 || w.y[a] != 0 || w.sb[a] != 0 {
				cx += w.cost[a] * sol.X[a]
				cy += w.cost[a] * w.y[a]
				w.active = append(w.active, int32(a))
			}
		}
		if cx <= 0 {
			sol.Gap, sol.Converged = 0, true
			break
		}
		sol.Gap = (cx - cy) / cx
		if sol.Gap < tol {
			sol.Converged = true
			break
		}
		// Conjugate mix: s = α·s̄ + (1−α)·y with α making s − x conjugate
		// to s̄ − x under the diagonal Hessian.
		alpha := 0.0
		if !fresh {
			num, den := 0.0, 0.0
			for _, a := range w.active {
				h := p.slope(int(a), sol.X[a])
				num += (w.sb[a] - sol.X[a]) * h * (w.y[a] - sol.X[a])
				den += (w.sb[a] - sol.X[a]) * h * (w.y[a] - w.sb[a])
			}
			if den != 0 {
				alpha = min(max(num/den, 0), 0.99)
			}
		}
		for _, a := range w.active {
			w.sb[a] = alpha*w.sb[a] + (1-alpha)*w.y[a]
			w.sbs[a] = alpha*w.sbs[a] + (1-alpha)*w.ys[a]
		}
		for o := range w.sbo {
			sbo, sbso, yo, yso := w.sbo[o], w.sbso[o], w.yo[o], w.yso[o]
			for _, a := range w.active {
				sbo[a] = alpha*sbo[a] + (1-alpha)*yo[a]
				sbso[a] = alpha*sbso[a] + (1-alpha)*yso[a]
			}
		}
		lam := p.lineSearch(sol.X, w.sb, w.active)
		if lam <= 0 {
			// No descent along the mix: restart from plain Frank–Wolfe.
			fresh = true
			for _, a := range w.active {
				w.sb[a], w.sbs[a] = w.y[a], w.ys[a]
			}
			for o := range w.sbo {
				copy(w.sbo[o], w.yo[o])
				copy(w.sbso[o], w.yso[o])
			}
			lam = p.lineSearch(sol.X, w.sb, w.active)
		} else {
			fresh = false
		}
		for _, a := range w.active {
			sol.X[a] += lam * (w.sb[a] - sol.X[a])
			sol.S[a] += lam * (w.sbs[a] - sol.S[a])
		}
		for o := range sol.XO {
			xo, so, sbo, sbso := sol.XO[o], sol.SO[o], w.sbo[o], w.sbso[o]
			for _, a := range w.active {
				xo[a] += lam * (sbo[a] - xo[a])
				so[a] += lam * (sbso[a] - so[a])
			}
		}
	}
	clear(w.sb)
	clear(w.sbs)
	for o := range w.sbo {
		clear(w.sbo[o])
		clear(w.sbso[o])
	}
	return sol, nil
}

// allOrNothing loads each origin's demand on its least-cost path to the
// sink at the costs in w.cost. All origins share the sink, so one tree
// grown backwards from it holds every origin's path.
func (p *Problem) allOrNothing(w *Workspace) {
	clear(w.y)
	clear(w.ys)
	t := w.tree
	p.G.ShortestTo(int(p.Sink), w.cost, w.rev, t, p.Origins)
	for o, src := range p.Origins {
		var yo, yso []float64
		if w.perOrig {
			yo, yso = w.yo[o], w.yso[o]
			clear(yo)
			clear(yso)
		}
		d := p.Demand[o]
		if d <= 0 {
			continue
		}
		if src == p.Sink || t.Pred[src] < 0 {
			continue // no port reachable: the demand stays home
		}
		surv := d
		for v := src; v != p.Sink; v = p.G.Head[t.Pred[v]] {
			a := t.Pred[v]
			surv *= w.surv[a]
			if yo != nil {
				yo[a] += d
				yso[a] += surv
			}
			w.y[a] += d
			w.ys[a] += surv
		}
	}
}

// lineSearch returns the λ in [0, 1] that minimises the potential along
// x + λ(y − x): the root of its derivative g(λ) = Σ (y−x)·c(x+λ(y−x)),
// which rises with λ. Newton steps on g, kept inside a shrinking bracket
// and replaced by bisection when they leave it, take a handful of
// evaluations where plain bisection takes thirty; each evaluation computes
// c and c' from one power, which matters when the exponent is not an
// integer.
func (p *Problem) lineSearch(x, y []float64, active []int32) float64 {
	eval := func(l float64) (g, h float64) {
		for _, a := range active {
			d := y[a] - x[a]
			if d == 0 {
				continue
			}
			v := x[a] + l*d
			c, dc := p.Free[a], 0.0
			if p.Slope[a] != 0 && v > 0 {
				r := v / p.Cap[a]
				rp := pow(r, p.P)
				c += p.Slope[a] * rp
				dc = p.Slope[a] * p.P * rp / v
			}
			g += d * c
			h += d * d * dc
		}
		return g, h
	}
	if g1, _ := eval(1); g1 <= 0 {
		return 1
	}
	g0, _ := eval(0)
	if g0 >= 0 {
		return 0
	}
	lo, hi := 0.0, 1.0
	l := 0.5
	for range 50 {
		g, h := eval(l)
		if g > 0 {
			hi = l
		} else {
			lo = l
		}
		next := (lo + hi) / 2
		if h > 0 {
			if nt := l - g/h; nt > lo && nt < hi {
				next = nt
			}
		}
		if math.Abs(next-l) < 1e-7 || hi-lo < 1e-7 {
			return next
		}
		l = next
	}
	return l
}

// Potential is Beckmann's objective at flows x.
func (p *Problem) Potential(x []float64) float64 {
	s := 0.0
	for a, v := range x {
		s += p.potential(a, v)
	}
	return s
}
