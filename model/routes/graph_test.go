package routes

import (
	"math"
	"math/rand/v2"
	"testing"
)

// grid builds a w×h grid with random arc costs in [1, 10), both ways.
func grid(w, h int, seed uint64) (*Graph, []float64) {
	r := rand.New(rand.NewPCG(seed, 1))
	var arcs []Arc
	id := func(x, y int) int32 { return int32(y*w + x) }
	for y := range h {
		for x := range w {
			if x+1 < w {
				arcs = append(arcs, Arc{id(x, y), id(x+1, y)}, Arc{id(x+1, y), id(x, y)})
			}
			if y+1 < h {
				arcs = append(arcs, Arc{id(x, y), id(x, y+1)}, Arc{id(x, y+1), id(x, y)})
			}
		}
	}
	g, perm, err := NewGraph(w*h, arcs)
	if err != nil {
		panic(err)
	}
	cost := make([]float64, len(arcs))
	for i := range arcs {
		cost[perm[i]] = 1 + 9*r.Float64()
	}
	return g, cost
}

// bellmanFord is the textbook O(VE) reference.
func bellmanFord(g *Graph, src int, cost []float64) []float64 {
	d := make([]float64, g.Nodes())
	for i := range d {
		d[i] = math.Inf(1)
	}
	d[src] = 0
	for range g.Nodes() {
		changed := false
		for a := range g.Head {
			if nd := d[g.Tail[a]] + cost[a]; nd < d[g.Head[a]] {
				d[g.Head[a]] = nd
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return d
}

func TestDijkstraMatchesBellmanFord(t *testing.T) {
	g, cost := grid(17, 13, 3)
	tr := NewTree(g.Nodes())
	for _, src := range []int{0, 100, 220} {
		g.ShortestFrom(src, cost, tr)
		want := bellmanFord(g, src, cost)
		for v := range want {
			if math.Abs(tr.Dist[v]-want[v]) > 1e-9 {
				t.Fatalf("src %d node %d: dist %g, want %g", src, v, tr.Dist[v], want[v])
			}
			// The predecessor arc is tight.
			if a := tr.Pred[v]; a >= 0 && math.Abs(tr.Dist[g.Tail[a]]+cost[a]-tr.Dist[v]) > 1e-9 {
				t.Fatalf("node %d: predecessor arc %d is not tight", v, a)
			}
		}
	}
}

func TestUpdateMatchesRecomputation(t *testing.T) {
	g, cost := grid(30, 30, 5)
	rev := g.Reverse()
	r := rand.New(rand.NewPCG(9, 9))
	tr, fresh := NewTree(g.Nodes()), NewTree(g.Nodes())
	g.ShortestFrom(7, cost, tr)
	for round := range 20 {
		// Change 1% of arcs, up or down, several times over.
		var changed []int32
		var old []float64
		for range g.Arcs() / 100 {
			a := int32(r.IntN(g.Arcs()))
			changed = append(changed, a)
			old = append(old, cost[a])
			cost[a] = max(0.1, cost[a]*(0.3+1.7*r.Float64()))
		}
		// Arcs on the tree, so that increases bite.
		for v := range 5 {
			if a := tr.Pred[v*37%g.Nodes()]; a >= 0 {
				changed = append(changed, a)
				old = append(old, cost[a])
				cost[a] *= 3
			}
		}
		g.Update(tr, cost, changed, old, rev)
		g.ShortestFrom(7, cost, fresh)
		for v := range fresh.Dist {
			if math.Abs(tr.Dist[v]-fresh.Dist[v]) > 1e-9 {
				t.Fatalf("round %d node %d: updated %g, recomputed %g", round, v, tr.Dist[v], fresh.Dist[v])
			}
			if a := tr.Pred[v]; a >= 0 && math.Abs(tr.Dist[g.Tail[a]]+cost[a]-tr.Dist[v]) > 1e-9 {
				t.Fatalf("round %d node %d: predecessor not tight", round, v)
			}
		}
	}
}

func TestSolveReachesWardropEquilibrium(t *testing.T) {
	// Two parallel routes s→a→z and s→b→z: the cheap one congests until
	// both cost the same (Wardrop's first principle).
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
		p.Slope[a] = 20 // linear: c = f + 20·x/100
	}
	var ws Workspace
	sol, err := Solve(p, nil, 1e-6, 500, true, &ws)
	if err != nil {
		t.Fatal(err)
	}
	// Closed form, two arcs per route: 10 + 0.4x = 20 + 0.4(100−x) → x = 62.5.
	if x := sol.X[perm[0]]; math.Abs(x-62.5) > 0.5 {
		t.Errorf("flow on the cheap route %g, want 62.5 (gap %g after %d iterations)", x, sol.Gap, sol.Iters)
	}
	if sol.Gap > 1e-6 {
		t.Errorf("gap %g after %d iterations", sol.Gap, sol.Iters)
	}
	// A warm start from the solution converges at once.
	again, _ := Solve(p, sol, 1e-6, 500, true, &ws)
	if again.Iters > 2 {
		t.Errorf("warm start took %d iterations", again.Iters)
	}
}

// gridProblem routes 4 origins on a w×w grid to a sink behind its top row.
func gridProblem(w int) *Problem {
	g0, cost := grid(w, w, 11)
	arcs := make([]Arc, 0, g0.Arcs()+w)
	for a := range g0.Head {
		arcs = append(arcs, Arc{g0.Tail[a], g0.Head[a]})
	}
	sink := int32(w * w)
	for x := range w {
		arcs = append(arcs, Arc{int32((w-1)*w + x), sink})
	}
	g, perm, err := NewGraph(w*w+1, arcs)
	if err != nil {
		panic(err)
	}
	m := g.Arcs()
	p := &Problem{G: g, Free: make([]float64, m), Slope: make([]float64, m), Cap: make([]float64, m), Hazard: make([]float64, m),
		P: 2, Origins: []int32{1, int32(w / 2), int32(w - 2), int32(w + w/3)}, Demand: []float64{250, 250, 250, 250}, Sink: sink}
	for i := range arcs {
		a := perm[i]
		c := 1.0
		if i < len(cost) {
			c = cost[i]
		}
		p.Free[a], p.Slope[a], p.Cap[a] = c, c, 300
	}
	return p
}

func BenchmarkShortestFromGrid300(b *testing.B) {
	p := gridProblem(300)
	t := NewTree(p.G.Nodes())
	for b.Loop() {
		p.G.ShortestFrom(0, p.Free, t)
	}
}

func BenchmarkSolveGrid300(b *testing.B) {
	p := gridProblem(300)
	var ws Workspace
	for b.Loop() {
		if _, err := Solve(p, nil, 0, 10, false, &ws); err != nil {
			b.Fatal(err)
		}
	}
}
