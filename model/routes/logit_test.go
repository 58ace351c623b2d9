package routes

import (
	"math"
	"testing"
)

// twoPorts is a network of two routes from node 0 to the sink 3 through
// two ports, 0→1→3 and 0→2→3 (the arcs into the sink are the ports),
// carrying demand: free costs f1, f2 on the first arc of each, and
// congestion slope s (linear: c = f + s·x/100) on the roads if onPorts is
// false, else on the ports.
func twoPorts(t *testing.T, f1, f2, s, demand, theta float64, onPorts bool) (*Problem, int32, int32) {
	t.Helper()
	g, perm, err := NewGraph(4, []Arc{{0, 1}, {1, 3}, {0, 2}, {2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	m := g.Arcs()
	p := &Problem{G: g, Free: make([]float64, m), Slope: make([]float64, m), Cap: make([]float64, m), Hazard: make([]float64, m),
		P: 1, Origins: []int32{0}, Demand: []float64{demand}, Sink: 3, Theta: theta}
	for i, f := range []float64{f1, 0, f2, 0} {
		a := perm[i]
		p.Free[a], p.Cap[a] = f, 100
		if (i%2 == 1) == onPorts {
			p.Slope[a] = s
		}
	}
	return p, perm[0], perm[2]
}

// fixedPoint is the flow x on the first route at which
// x/D = 1/(1 + exp(θ·(c1(x) − c2(D−x)))) for c1 = f1 + s·x/100 and
// c2 = f2 + s·(D−x)/100, by bisection (the right side falls as x rises).
func fixedPoint(f1, f2, s, d, theta float64) float64 {
	g := func(x float64) float64 {
		c1, c2 := f1+s*x/100, f2+s*(d-x)/100
		return x/d - 1/(1+math.Exp(theta*(c1-c2)))
	}
	lo, hi := 0.0, d
	for range 200 {
		if mid := (lo + hi) / 2; g(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

func TestLogitEqualPortsSplitEvenly(t *testing.T) {
	// Equal costs: the logit shares are 1/2 each whatever θ.
	for _, theta := range []float64{0.01, 1, 30} {
		p, a, b := twoPorts(t, 10, 10, 20, 100, theta, false)
		var ws Workspace
		var pf PathFlows
		if err := SolvePaths(p, &pf, 1e-14, 50, &ws); err != nil {
			t.Fatal(err)
		}
		if x, y := pf.Sol.X[a], pf.Sol.X[b]; math.Abs(x-50) > 1e-6 || math.Abs(y-50) > 1e-6 || pf.Sol.Gap > 1e-14 {
			t.Errorf("θ %g: flows %g and %g, want 50 and 50 (gap %g after %d iterations)", theta, x, y, pf.Sol.Gap, pf.Sol.Iters)
		}
	}
}

func TestLogitCongestedSplitIsTheFixedPoint(t *testing.T) {
	// c1 = 10 + 20·x/100, c2 = 20 + 20·(100−x)/100, the congestion on the
	// roads (held fixed in each step and found by the line search) or on
	// the ports (solved exactly by portSplit): Wardrop would give 75, the
	// logit spreads towards the dearer port.
	const theta = 0.2
	want := fixedPoint(10, 20, 20, 100, theta)
	if want >= 75 || want <= 50 {
		t.Fatalf("fixed point %g, want between 50 and 75", want)
	}
	for _, onPorts := range []bool{false, true} {
		p, a, b := twoPorts(t, 10, 20, 20, 100, theta, onPorts)
		var ws Workspace
		var pf PathFlows
		// The gap is the flows' distance from their logit split, as a
		// share of the demand; portSplit's tolerance bounds how far down
		// it can go.
		if err := SolvePaths(p, &pf, 1e-5, 100, &ws); err != nil {
			t.Fatal(err)
		}
		if x := pf.Sol.X[a]; math.Abs(x-want) > 1e-3 || pf.Sol.Gap > 1e-5 {
			t.Errorf("congestion on ports %v: flow through the cheap port %g, want %g (gap %g after %d iterations)",
				onPorts, x, want, pf.Sol.Gap, pf.Sol.Iters)
		}
		if s := pf.Sol.X[a] + pf.Sol.X[b]; math.Abs(s-100) > 1e-9 {
			t.Errorf("congestion on ports %v: flows sum to %g, want 100", onPorts, s)
		}
		t.Logf("congestion on ports %v: %d iterations", onPorts, pf.Sol.Iters)
	}
}

func TestLogitLargeDispersionIsWardrop(t *testing.T) {
	// θ → ∞ recovers the Wardrop split, 75 on the cheap port.
	p, a, _ := twoPorts(t, 10, 20, 20, 100, 1e4, true)
	var ws Workspace
	var pf PathFlows
	if err := SolvePaths(p, &pf, 1e-9, 100, &ws); err != nil {
		t.Fatal(err)
	}
	if x := pf.Sol.X[a]; math.Abs(x-75) > 0.01 {
		t.Errorf("θ 10⁴: flow through the cheap port %g, want 75 (Wardrop)", x)
	}
}

func TestLogitPortsOutOfReachKeepTheMass(t *testing.T) {
	// On the grid, raise the free cost of the roads into the ports on one
	// side by far more than logitReach/θ after a first solve: their paths
	// are dropped once they carry next to nothing, and their flow goes to
	// the cheapest port, so every origin's paths still carry its demand.
	p := gridProblem(12)
	p.Theta = 0.5
	var ws Workspace
	var pf PathFlows
	if err := SolvePaths(p, &pf, 1e-4, 200, &ws); err != nil {
		t.Fatal(err)
	}
	in := ws.rev.Arc[ws.rev.Off[p.Sink]:ws.rev.Off[p.Sink+1]]
	before := 0
	for _, ps := range pf.paths {
		before += len(ps)
	}
	for _, a := range in[:len(in)/2] {
		u := p.G.Tail[a]
		for _, r := range ws.rev.Arc[ws.rev.Off[u]:ws.rev.Off[u+1]] {
			p.Free[r] += 100 / p.Theta
		}
	}
	if err := SolvePaths(p, &pf, 1e-4, 200, &ws); err != nil {
		t.Fatal(err)
	}
	// Those ports carried flow when the paths were looked for again, so
	// they kept their paths (logitKeep); now they carry next to nothing,
	// and the next look (every road 2% dearer) drops them.
	for a := range p.Free {
		if ws.portIdx[a] < 0 {
			p.Free[a] *= 1.02
		}
	}
	if err := SolvePaths(p, &pf, 1e-4, 200, &ws); err != nil {
		t.Fatal(err)
	}
	after := 0
	for o, ps := range pf.paths {
		after += len(ps)
		f := 0.0
		for _, q := range ps {
			f += q.flow
		}
		if math.Abs(f-p.Demand[o]) > 1e-9*p.Demand[o] {
			t.Errorf("origin %d: paths carry %g, demand %g", o, f, p.Demand[o])
		}
	}
	x := 0.0
	for _, a := range in {
		x += pf.Sol.X[a]
	}
	if math.Abs(x-1000) > 1e-6 {
		t.Errorf("ports receive %g, want the 1,000 shipped", x)
	}
	// Converged: below the tolerance in the logit gap, or, where the
	// dearer roads make the line search stall, in the Newton gap
	// (logitSteepGap).
	if after >= before || !pf.Sol.Converged {
		t.Errorf("paths %d → %d, want fewer; gap %g, converged %v", before, after, pf.Sol.Gap, pf.Sol.Converged)
	}
}

func TestLogitSteepRoadsStopOnTheNewtonGap(t *testing.T) {
	// On the grid, roads whose cost rises 20-fold at a tenth of the
	// shipments, with exponent 4 (steeper than any prior draw's): the
	// split held at the road costs is far from the flows near the fixed
	// point, so the logit gap stays large and the line search crawls.
	// The pairwise Newton pass sees the slopes, and its move, the Newton
	// gap, stops the search, in 16 iterations where without it 200 leave
	// a logit gap of 0.67.
	steep := func() *Problem {
		p := gridProblem(12)
		p.Theta, p.P = 0.5, 4
		for a := range p.Free {
			p.Slope[a], p.Cap[a] = 20*p.Free[a], 100
		}
		return p
	}
	solve := func(tol float64, maxIter int) *PathFlows {
		var ws Workspace
		var pf PathFlows
		if err := SolvePaths(steep(), &pf, tol, maxIter, &ws); err != nil {
			t.Fatal(err)
		}
		return &pf
	}
	pf, ref := solve(1e-3, 200), solve(1e-5, 20000)
	if !pf.Sol.Converged || !ref.Sol.Converged {
		t.Fatalf("converged %v after %d iterations (gap %g); reference %v after %d (gap %g)",
			pf.Sol.Converged, pf.Sol.Iters, pf.Sol.Gap, ref.Sol.Converged, ref.Sol.Iters, ref.Sol.Gap)
	}
	p := steep()
	worst, in := 0.0, 0.0
	for a, head := range p.G.Head {
		if head == p.Sink {
			worst = max(worst, math.Abs(pf.Sol.X[a]-ref.Sol.X[a]))
			in += pf.Sol.X[a]
		}
	}
	if math.Abs(in-1000) > 1e-6 {
		t.Errorf("ports receive %g, want the 1,000 shipped", in)
	}
	// The search stops at a Newton gap of 0.0056, under logitSteepGap·10⁻³
	// = 1% of the 1,000 shipped, but the origins' moves interact through
	// the roads they share, and its port flows are up to 17 from the
	// reference's (a search held to a Newton gap of 10⁻³ comes within
	// 0.05): on a grid this steep the test costs accuracy.
	if worst > 20 {
		t.Errorf("port flows up to %g from the reference's", worst)
	}
	t.Logf("%d iterations (reference %d), gap %g, port flows within %g of the reference's", pf.Sol.Iters, ref.Sol.Iters, pf.Sol.Gap, worst)
}
