package routes

import (
	"math"
	"testing"
)

func TestShortestToMatchesShortestFrom(t *testing.T) {
	g, cost := grid(17, 13, 3)
	rev := g.Reverse()
	into, from := NewTree(g.Nodes()), NewTree(g.Nodes())
	const dst = 150
	g.ShortestTo(dst, cost, rev, into, nil)
	for _, src := range []int{0, 16, 100, 220} {
		g.ShortestFrom(src, cost, from)
		if math.Abs(into.Dist[src]-from.Dist[dst]) > 1e-9 {
			t.Fatalf("node %d: cost to %d is %g, want %g", src, dst, into.Dist[src], from.Dist[dst])
		}
		// Walking the first arcs reaches dst at the least cost.
		c := 0.0
		for v := int32(src); v != dst; v = g.Head[into.Pred[v]] {
			c += cost[into.Pred[v]]
		}
		if math.Abs(c-from.Dist[dst]) > 1e-9 {
			t.Fatalf("node %d: path costs %g, want %g", src, c, from.Dist[dst])
		}
	}
	// Stopping once the wanted nodes are settled leaves their labels exact.
	part := NewTree(g.Nodes())
	g.ShortestTo(dst, cost, rev, part, []int32{0, 16})
	for _, v := range []int{0, 16} {
		if part.Dist[v] != into.Dist[v] || part.Pred[v] != into.Pred[v] {
			t.Errorf("node %d: early stop gave %g, full search %g", v, part.Dist[v], into.Dist[v])
		}
	}
}

func TestSolvePathsReachesWardropEquilibrium(t *testing.T) {
	// Solve's two parallel routes: x = 62.5 on the cheap one.
	g, perm, err := NewGraph(4, []Arc{{0, 1}, {1, 3}, {0, 2}, {2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	m := g.Arcs()
	p := &Problem{G: g, Free: make([]float64, m), Slope: make([]float64, m), Cap: make([]float64, m), Hazard: make([]float64, m),
		P: 1, Origins: []int32{0}, Demand: []float64{100}, Sink: 3}
	for i, f := range []float64{10, 0, 20, 0} {
		a := perm[i]
		p.Free[a], p.Cap[a] = f, 100
		p.Slope[a] = 20
	}
	p.Hazard[perm[1]] = 0.1
	var ws Workspace
	var pf PathFlows
	if err := SolvePaths(p, &pf, 1e-9, 50, &ws); err != nil {
		t.Fatal(err)
	}
	if x := pf.Sol.X[perm[0]]; math.Abs(x-62.5) > 1e-6 || pf.Sol.Gap > 1e-9 {
		t.Errorf("flow on the cheap route %g, want 62.5 (gap %g after %d iterations)", x, pf.Sol.Gap, pf.Sol.Iters)
	}
	if s, want := pf.Sol.S[perm[1]], 62.5*math.Exp(-0.1); math.Abs(s-want) > 1e-6 {
		t.Errorf("survivors %g, want %g", s, want)
	}
	// Twice the demand from the same paths: 10 + 0.4x = 20 + 0.4(200−x).
	p.Demand[0] = 200
	if err := SolvePaths(p, &pf, 1e-9, 50, &ws); err != nil {
		t.Fatal(err)
	}
	if x := pf.Sol.X[perm[0]]; math.Abs(x-112.5) > 1e-6 {
		t.Errorf("warm start: flow %g, want 112.5", x)
	}
}

func TestSolvePathsAgreesWithFrankWolfe(t *testing.T) {
	p := gridProblem(12)
	var ws Workspace
	var pf PathFlows
	if err := SolvePaths(p, &pf, 1e-8, 500, &ws); err != nil {
		t.Fatal(err)
	}
	fw, err := Solve(p, nil, 1e-5, 3000, false, &ws)
	if err != nil {
		t.Fatal(err)
	}
	if pf.Sol.Gap > 1e-8 {
		t.Fatalf("gap %g after %d iterations", pf.Sol.Gap, pf.Sol.Iters)
	}
	// Both minimise Beckmann's potential; the path solver gets at least as low.
	if gp, f := p.Potential(pf.Sol.X), p.Potential(fw.X); gp > f*(1+1e-9) {
		t.Errorf("potential %g, Frank–Wolfe %g", gp, f)
	}
	total := 0.0
	for a := range p.G.Arcs() {
		if p.G.Head[a] == p.Sink {
			total += pf.Sol.X[a]
		}
	}
	if math.Abs(total-1000) > 1e-6 {
		t.Errorf("%g kg reach the sink, want 1000", total)
	}
}

func BenchmarkSolvePathsGrid300(b *testing.B) {
	p := gridProblem(300)
	var ws Workspace
	for b.Loop() {
		var pf PathFlows
		if err := SolvePaths(p, &pf, 0, 10, &ws); err != nil {
			b.Fatal(err)
		}
	}
}
