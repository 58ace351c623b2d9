package routes

import (
	"fmt"
	"math"
	"slices"
)

// PathFlows is an equilibrium kept as flows on paths, per origin, for the
// path-based solver (SolvePaths). Every origin ships to the one sink, so
// a path is its list of arcs from the origin to the sink.
type PathFlows struct {
	// Sol is the arc flows and the gap, as Solve reports them.
	Sol   Solution
	paths [][]path // per origin
	// portFree is the arc free costs portColumns last looked for paths to
	// the ports at.
	portFree []float64
	// groups[g] are the arc flows and survivors of the paths of the
	// origins of group g (Problem.Group) at the flows the routes were
	// planned with (Sol.Demand), groupRef[g] one of its origins; groupOK
	// says they are those of the current paths (follow).
	groups   [][]groupArc
	groupRef []int
	groupOK  bool
	// arena backs the paths' arc lists, so that a new path is not an
	// allocation of its own (a run finds a few hundred).
	arena []int32
}

// keep returns a copy of arcs in pf's arena.
func (pf *PathFlows) keep(arcs []int32) []int32 {
	if cap(pf.arena)-len(pf.arena) < len(arcs) {
		// Paths already kept go on pointing into the old arena.
		pf.arena = make([]int32, 0, max(4096, 2*cap(pf.arena), len(arcs)))
	}
	n := len(pf.arena)
	pf.arena = append(pf.arena, arcs...)
	return pf.arena[n:len(pf.arena):len(pf.arena)]
}

// groupArc is an arc's flow and survivors from one group of origins.
type groupArc struct {
	a    int32
	x, s float64
}

type path struct {
	arcs []int32
	flow float64
}

// SolvePaths finds the equilibrium of p by gradient projection on paths
// (Jayakrishnan, Tsai, Prashker & Rajadhyaksha 1994, Transportation
// Research Record 1443:35): each iteration grows one least-cost tree into
// the sink at the current costs and, origin by origin, moves flow from
// each costlier path to the least-cost one by a Newton step,
// (C_p − C_s)/Σ dc_a/dx over the arcs the two paths do not share, updating
// the costs of the arcs it touches before the next origin. The gap is
// Solve's relative gap. Where Frank–Wolfe mixes whole network loads and
// crawls near the equilibrium, this converges in a few tens of iterations
// on the road network. pf holds the last month's path flows, which are
// rescaled to the new demands per origin and are the warm start; a new
// PathFlows starts from the all-or-nothing load at free-flow costs. An
// iteration is one tree, the unit of work, counted in Sol.Iters.
//
// With p.Theta finite and positive it finds the logit choice of port
// instead (solveLogit): each origin keeps its least-cost path to each port
// within reach, looked for again when the free costs have moved, and an
// iteration is a partial linearisation step on Fisk's objective, not a
// tree; Sol.Gap is then the logit gap (or the Newton gap, solveLogit).
func SolvePaths(p *Problem, pf *PathFlows, tol float64, maxIter int, w *Workspace) error {
	w.survOK = false
	return solvePaths(p, pf, tol, maxIter, w)
}

// solvePaths is SolvePaths keeping the survival factors in w if w.survOK
// says they are current for p's hazards (Step knows when they are).
func solvePaths(p *Problem, pf *PathFlows, tol float64, maxIter int, w *Workspace) error {
	m, k := p.G.Arcs(), len(p.Origins)
	if len(p.Free) != m || len(p.Slope) != m || len(p.Cap) != m || len(p.Hazard) != m || len(p.Demand) != k {
		return fmt.Errorf("routes: problem vectors do not match %d arcs and %d origins", m, k)
	}
	w.fit(p.G, k, false)
	sol := &pf.Sol
	if len(sol.X) != m || len(pf.paths) != k {
		*pf = PathFlows{Sol: Solution{X: make([]float64, m), S: make([]float64, m), Demand: make([]float64, k)},
			paths: make([][]path, k)}
	}
	if len(w.der) != m {
		w.der = make([]float64, m)
		w.stamp = make([]int32, m)
		w.xAt = make([]float64, m)
	}
	pf.rescale(p.Demand)
	pf.groupOK = false
	sol.Iters, sol.Gap, sol.Converged = 0, math.Inf(1), false
	for a := range w.cost {
		w.cost[a], w.der[a] = p.costDer(int32(a), sol.X[a])
		w.xAt[a] = sol.X[a]
	}
	if p.logit() {
		p.solveLogit(pf, tol, maxIter, w)
		pf.finish(p, w)
		return nil
	}
	for sol.Iters < maxIter {
		sol.Iters++
		p.G.ShortestTo(int(p.Sink), w.cost, w.rev, w.tree, p.Origins)
		// Origins without paths (the first month, or no production last
		// month) load their demand on the least-cost path.
		loaded := false
		for o, src := range p.Origins {
			if p.Demand[o] > 0 && len(pf.paths[o]) == 0 && w.tree.Pred[src] >= 0 && src != p.Sink {
				w.path = w.treePath(p, src, w.path[:0])
				pf.paths[o] = append(pf.paths[o], path{arcs: pf.keep(w.path), flow: p.Demand[o]})
				for _, a := range pf.paths[o][0].arcs {
					sol.X[a] += p.Demand[o]
					w.update(p, a, sol.X[a])
				}
				loaded = true
			}
		}
		if loaded {
			continue
		}
		cx, cy := 0.0, 0.0
		for a, x := range sol.X {
			cx += w.cost[a] * x
		}
		for o, src := range p.Origins {
			if len(pf.paths[o]) > 0 {
				cy += p.Demand[o] * w.tree.Dist[src]
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
		for o, src := range p.Origins {
			if len(pf.paths[o]) > 0 {
				p.shift(pf, o, src, w)
			}
		}
	}
	if sol.Iters >= maxIter && sol.Gap == math.Inf(1) {
		sol.Gap = p.gapAt(pf, w)
	}
	pf.finish(p, w)
	return nil
}

// rescale scales each origin's paths to its new demand and sets the arc
// flows to match (survivors are left to arcFlows).
func (pf *PathFlows) rescale(demand []float64) {
	pf.scale(demand)
	x := pf.Sol.X
	clear(x)
	for _, ps := range pf.paths {
		for _, q := range ps {
			for _, a := range q.arcs {
				x[a] += q.flow
			}
		}
	}
}

// Follow carries last month's routes over to p's demands without
// re-planning: each origin's path flows are rescaled to its new demand.
// Step uses it for months whose costs and split of production are within
// the re-planning threshold of the month that last planned.
func (pf *PathFlows) Follow(p *Problem, w *Workspace) {
	w.fit(p.G, len(p.Origins), false)
	w.survOK = false
	pf.follow(p, w)
}

// follow is Follow without resetting the survival factors: Step calls it
// directly when the hazards are those w.surv was last computed for.
//
// With origin groups (Problem.Group) the paths keep the flows they were
// planned with, and the arc flows are each group's flows then (groupFlows,
// recomputed only when the paths or the hazards change) times the group's
// demand now over its demand then: a few hundred multiplications, however
// many paths each origin uses.
func (pf *PathFlows) follow(p *Problem, w *Workspace) {
	if p.Group == nil {
		pf.scale(p.Demand)
		pf.arcFlows(p, w)
		return
	}
	if !pf.groupOK || !w.survOK {
		pf.groupFlows(p, w)
	}
	sol := &pf.Sol
	clear(sol.X)
	clear(sol.S)
	for g, arcs := range pf.groups {
		f, o := 0.0, pf.groupRef[g]
		if o >= 0 && sol.Demand[o] > 0 {
			f = p.Demand[o] / sol.Demand[o]
		}
		for _, e := range arcs {
			sol.X[e.a] += f * e.x
			sol.S[e.a] += f * e.s
		}
	}
}

// finish sets the arc flows and survivors at the end of a search: through
// the groups' flows if there are groups, so that the months that follow
// need not sum the paths again.
func (pf *PathFlows) finish(p *Problem, w *Workspace) {
	if p.Group == nil {
		pf.arcFlows(p, w)
		return
	}
	pf.groupOK = false
	pf.follow(p, w)
}

// groupFlows sets pf.groups from the paths' flows and the survival
// factors (computed if w.survOK says they are not current).
func (pf *PathFlows) groupFlows(p *Problem, w *Workspace) {
	w.setSurv(p)
	m := p.G.Arcs()
	if len(w.gx) != m {
		w.gx, w.gs = make([]float64, m), make([]float64, m)
	}
	n := 0
	for _, g := range p.Group {
		n = max(n, g+1)
	}
	pf.groups = slices.Grow(pf.groups, n-len(pf.groups))
	pf.groupRef = slices.Grow(pf.groupRef, n-len(pf.groupRef))
	for len(pf.groups) < n {
		pf.groups = append(pf.groups, nil)
		pf.groupRef = append(pf.groupRef, -1)
	}
	for g := range n {
		pf.groupRef[g] = -1
		w.touch = w.touch[:0]
		w.gen++
		for o, og := range p.Group {
			if og != g {
				continue
			}
			if pf.groupRef[g] < 0 {
				pf.groupRef[g] = o
			}
			for _, q := range pf.paths[o] {
				surv := q.flow
				for _, a := range q.arcs {
					if w.stamp[a] != w.gen {
						w.stamp[a] = w.gen
						w.gx[a], w.gs[a] = 0, 0
						w.touch = append(w.touch, a)
					}
					surv *= w.surv[a]
					w.gx[a] += q.flow
					w.gs[a] += surv
				}
			}
		}
		arcs := slices.Grow(pf.groups[g][:0], len(w.touch))
		for _, a := range w.touch {
			arcs = append(arcs, groupArc{a: a, x: w.gx[a], s: w.gs[a]})
		}
		pf.groups[g] = arcs
	}
	pf.groupOK = true
}

// scale is rescale without the arc flows, for callers that set them
// afresh with arcFlows.
func (pf *PathFlows) scale(demand []float64) {
	sol := &pf.Sol
	for o := range pf.paths {
		f := 0.0
		if sol.Demand[o] > 0 {
			f = demand[o] / sol.Demand[o]
		}
		ps := pf.paths[o][:0]
		for _, q := range pf.paths[o] {
			if q.flow *= f; q.flow > 0 {
				ps = append(ps, q)
			}
		}
		pf.paths[o] = ps
	}
	copy(sol.Demand, demand)
}

// arcFlows sets the arc flows afresh from the paths (no drift from the
// updates) and the survivors along each path. The survival factors
// exp(−Hazard) are recomputed unless w.survOK says they are current (an
// exponential per arc is most of the cost of a month that keeps its
// routes).
func (pf *PathFlows) arcFlows(p *Problem, w *Workspace) {
	sol := &pf.Sol
	clear(sol.X)
	clear(sol.S)
	w.setSurv(p)
	if w.survAll {
		// Nothing is lost on the way (no troops): the survivors are the
		// flows, summed in the same order.
		for o := range pf.paths {
			for _, q := range pf.paths[o] {
				for _, a := range q.arcs {
					sol.X[a] += q.flow
				}
			}
		}
		copy(sol.S, sol.X)
		return
	}
	for o := range pf.paths {
		for _, q := range pf.paths[o] {
			surv := q.flow
			for _, a := range q.arcs {
				surv *= w.surv[a]
				sol.X[a] += q.flow
				sol.S[a] += surv
			}
		}
	}
}

// setSurv sets the survival factors exp(−Hazard) unless w.survOK says
// they are current.
func (w *Workspace) setSurv(p *Problem) {
	if w.survOK {
		return
	}
	w.survAll = true
	for a, h := range p.Hazard {
		w.surv[a] = 1
		if h != 0 {
			w.surv[a] = math.Exp(-h)
			w.survAll = false
		}
	}
	w.survOK = true
}

// costDer is c_a and dc_a/dx at flow x (taken as 0 if negative by
// rounding), from one power.
func (p *Problem) costDer(a int32, x float64) (c, d float64) {
	c = p.Free[a]
	if p.Slope[a] == 0 || x <= 0 {
		return c, 0
	}
	rp := pow(x/p.Cap[a], p.P)
	return c + p.Slope[a]*rp, p.Slope[a] * p.P * rp / x
}

// update sets arc a's cost and derivative for flow x. They are a pure
// function of x within a search, so an arc whose flow is bit for bit the
// one they were computed at keeps them: the power in costDer (an exp and a
// log for a non-integer exponent) is most of a path shift's cost when an
// origin uses dozens of paths.
func (w *Workspace) update(p *Problem, a int32, x float64) {
	if x == w.xAt[a] {
		return
	}
	w.cost[a], w.der[a] = p.costDer(a, x)
	w.xAt[a] = x
}

// gapAt is the relative gap at pf's flows, for a search that ended by its
// iteration limit just after loading new origins.
func (p *Problem) gapAt(pf *PathFlows, w *Workspace) float64 {
	p.G.ShortestTo(int(p.Sink), w.cost, w.rev, w.tree, p.Origins)
	cx, cy := 0.0, 0.0
	for a, x := range pf.Sol.X {
		cx += w.cost[a] * x
	}
	for o, src := range p.Origins {
		if len(pf.paths[o]) > 0 {
			cy += p.Demand[o] * w.tree.Dist[src]
		}
	}
	if cx <= 0 {
		return 0
	}
	return (cx - cy) / cx
}

// treePath appends the tree's path from src to the sink to buf.
func (w *Workspace) treePath(p *Problem, src int32, buf []int32) []int32 {
	for v := src; v != p.Sink; v = p.G.Head[w.tree.Pred[v]] {
		buf = append(buf, w.tree.Pred[v])
	}
	return buf
}

// shift moves origin o's flow towards its least-cost path in the tree.
func (p *Problem) shift(pf *PathFlows, o int, src int32, w *Workspace) {
	if w.tree.Pred[src] < 0 {
		return
	}
	w.path = w.treePath(p, src, w.path[:0])
	ps := pf.paths[o]
	best := -1
	for i, q := range ps {
		if slices.Equal(q.arcs, w.path) {
			best = i
			break
		}
	}
	if best < 0 {
		ps = append(ps, path{arcs: pf.keep(w.path)})
		best = len(ps) - 1
	}
	// Mark the least-cost path's arcs, to find the arcs each other path
	// shares with it.
	w.gen++
	for _, a := range ps[best].arcs {
		w.stamp[a] = w.gen
	}
	for i := range ps {
		if i == best || ps[i].flow <= 0 {
			continue
		}
		s, q := ps[best].arcs, ps[i].arcs
		// Path costs, and the Hessian diagonal summed over the arcs the
		// two paths do not share (paths are simple: no arc twice).
		cs, cq, h := 0.0, 0.0, 0.0
		for _, a := range s {
			cs += w.cost[a]
			h += w.der[a]
		}
		for _, a := range q {
			cq += w.cost[a]
			if w.stamp[a] == w.gen {
				h -= w.der[a]
			} else {
				h += w.der[a]
			}
		}
		if cq <= cs {
			continue
		}
		move := ps[i].flow
		if h > 0 {
			move = min(move, (cq-cs)/h)
		}
		ps[i].flow -= move
		ps[best].flow += move
		for _, a := range q {
			pf.Sol.X[a] -= move
		}
		for _, a := range s {
			pf.Sol.X[a] += move
		}
		// Arcs the two paths share keep their flow, to rounding: update
		// skips those whose flow is bit for bit unchanged.
		for _, a := range q {
			if w.stamp[a] != w.gen {
				w.update(p, a, pf.Sol.X[a])
			}
		}
		for _, a := range s {
			w.update(p, a, pf.Sol.X[a])
		}
	}
	// Drop paths that carry nothing.
	kept := ps[:0]
	for _, q := range ps {
		if q.flow > 1e-12*p.Demand[o] {
			kept = append(kept, q)
		}
	}
	pf.paths[o] = kept
}
