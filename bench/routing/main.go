// Command routing-bench times cartelsim's routing (model/routes: CSR graph,
// Dijkstra with a reusable tree, repair after cost changes, conjugate
// Frank–Wolfe equilibrium) on a road-like graph and on the embedded Mexico
// network, and writes both graphs in a plain format that igraph.py reads,
// so every tool works on the same file. run.sh runs the tools side by side;
// see bench/README.md.
//
//	go run ./bench/routing -gen FILE [-side 720]   # road-like graph
//	go run ./bench/routing -mexico FILE            # the embedded network
//	go run ./bench/routing -file FILE [-reps 5] [-iters 20]
//
// File format, whitespace-separated: "nodes arcs sink power", "origins",
// one "node demand" line per origin, then one "from to free slope cap"
// line per directed arc (cost = free + slope·(x/cap)^power).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"syscall"
	"time"
	"unsafe"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/routes"
	"github.com/cartelsim/cartelsim/params"
)

func main() {
	gen := flag.String("gen", "", "write a road-like graph to this file")
	side := flag.Int("side", 720, "grid side of the generated graph (side² nodes, about 2·side² edges)")
	mexico := flag.String("mexico", "", "write the embedded Mexico network to this file")
	file := flag.String("file", "", "graph file to time")
	reps := flag.Int("reps", 5, "repetitions of each timing (the median is reported)")
	iters := flag.Int("iters", 20, "Frank–Wolfe iterations of the fixed-length equilibrium")
	flag.Parse()
	var err error
	switch {
	case *gen != "":
		err = generate(*gen, *side)
	case *mexico != "":
		err = exportMexico(*mexico)
	case *file != "":
		err = bench(*file, *reps, *iters)
	default:
		err = fmt.Errorf("one of -gen, -mexico or -file is required")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "routing-bench:", err)
		os.Exit(1)
	}
}

type arc struct {
	from, to           int32
	free, slope, capac float64
}

type graphFile struct {
	n, sink int
	power   float64
	origins []int32
	demand  []float64
	arcs    []arc
}

// generate writes a road-like graph: a side×side grid of jittered points
// joined to their four neighbours (two-lane roads), every 24th row and
// column a motorway (half the cost per km), 3% of local roads missing.
// Nodes are numbered tile by tile (24×24 tiles), so a run of ids is a
// compact region, as a Mexican state is. Origins are 4 nodes in the
// southern quarter; the northern edge has 26 ports leading to the sink.
// Seed fixed: the same file every time.
func generate(path string, side int) error {
	r := rand.New(rand.NewPCG(2015, 1738)) // Dell (2015), AER 105: 1738
	const tile = 24
	id := make([]int32, side*side)
	k := int32(0)
	for ty := 0; ty < side; ty += tile {
		for tx := 0; tx < side; tx += tile {
			for y := ty; y < min(ty+tile, side); y++ {
				for x := tx; x < min(tx+tile, side); x++ {
					id[y*side+x] = k
					k++
				}
			}
		}
	}
	px := make([]float64, side*side)
	py := make([]float64, side*side)
	for i := range px {
		px[i] = float64(i%side) + 0.35*(r.Float64()-0.5)
		py[i] = float64(i/side) + 0.35*(r.Float64()-0.5)
	}
	g := graphFile{n: side*side + 1, sink: side * side, power: 2}
	total := 0.0
	for _, o := range [][2]int{{side / 5, side / 8}, {side / 2, side / 10}, {3 * side / 4, side / 6}, {side / 3, side / 5}} {
		g.origins = append(g.origins, id[o[1]*side+o[0]])
		g.demand = append(g.demand, 250)
		total += 250
	}
	add := func(a, b int, motorway bool) {
		km := 10 * math.Hypot(px[a]-px[b], py[a]-py[b])
		f := 1.3
		if motorway {
			f = 1
		}
		c := km * f
		g.arcs = append(g.arcs, arc{id[a], id[b], c, c, 0.3 * total}, arc{id[b], id[a], c, c, 0.3 * total})
	}
	for y := range side {
		for x := range side {
			i := y*side + x
			if x+1 < side && (y%24 == 0 || r.Float64() > 0.03) {
				add(i, i+1, y%24 == 0)
			}
			if y+1 < side && (x%24 == 0 || r.Float64() > 0.03) {
				add(i, i+side, x%24 == 0)
			}
		}
	}
	for p := range 26 {
		x := (2*p + 1) * side / 52
		g.arcs = append(g.arcs, arc{id[(side-1)*side+x], int32(g.sink), 100 * float64(p%4), 400, 0.15 * total})
	}
	return write(path, g)
}

// exportMexico writes the embedded network with the default parameters'
// free-flow costs and 1,000 kg split over the producing areas.
func exportMexico(path string) error {
	mx, err := network.Mexico()
	if err != nil {
		return err
	}
	cn, err := data.Cartels()
	if err != nil {
		return err
	}
	rn, err := routes.NewNetwork(mx, cn)
	if err != nil {
		return err
	}
	reg, err := params.New(routes.Parameters())
	if err != nil {
		return err
	}
	p := routes.FromValues(reg.Defaults())
	s := routes.Init(rn)
	var prod, troops [geo.NumStates]float64
	for _, st := range rn.OriginState {
		prod[st] = 200
	}
	pr := routes.CostProblem(p, rn, routes.Inputs{Production: &prod, Troops: &troops, Effort: 1}, s)
	g := graphFile{n: rn.G.Nodes(), sink: int(pr.Sink), power: pr.P, origins: pr.Origins, demand: pr.Demand}
	for a := range rn.G.Arcs() {
		g.arcs = append(g.arcs, arc{rn.G.Tail[a], rn.G.Head[a], pr.Free[a], pr.Slope[a], pr.Cap[a]})
	}
	return write(path, g)
}

func write(path string, g graphFile) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, "%d %d %d %g\n%d\n", g.n, len(g.arcs), g.sink, g.power, len(g.origins))
	for i, o := range g.origins {
		fmt.Fprintf(w, "%d %g\n", o, g.demand[i])
	}
	for _, a := range g.arcs {
		fmt.Fprintf(w, "%d %d %.6g %.6g %.6g\n", a.from, a.to, a.free, a.slope, a.capac)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func read(path string) (graphFile, error) {
	var g graphFile
	f, err := os.Open(path)
	if err != nil {
		return g, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var m, k int
	if _, err := fmt.Fscan(r, &g.n, &m, &g.sink, &g.power, &k); err != nil {
		return g, fmt.Errorf("%s: header: %w", path, err)
	}
	g.origins = make([]int32, k)
	g.demand = make([]float64, k)
	for i := range k {
		if _, err := fmt.Fscan(r, &g.origins[i], &g.demand[i]); err != nil {
			return g, fmt.Errorf("%s: origin %d: %w", path, i, err)
		}
	}
	g.arcs = make([]arc, m)
	for i := range m {
		a := &g.arcs[i]
		if _, err := fmt.Fscan(r, &a.from, &a.to, &a.free, &a.slope, &a.capac); err != nil {
			return g, fmt.Errorf("%s: arc %d: %w", path, i, err)
		}
	}
	return g, nil
}

// cpuNow is the process's CPU time (user + system). Timings use it rather
// than the wall clock because the benchmark machine is shared: CPU time
// does not count the time other processes hold the cores. peers.py uses
// Python's process_time, the same clock. All timed work is
// single-threaded apart from the garbage collector, whose time is counted.
func cpuNow() time.Duration {
	// clock_gettime(CLOCK_PROCESS_CPUTIME_ID), what Python's
	// time.process_time reads; nanosecond resolution, unlike getrusage.
	const clockProcessCPUTime = 2
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		panic(errno)
	}
	return time.Duration(ts.Nano())
}

func median(f func() time.Duration, reps int) time.Duration {
	ts := make([]time.Duration, reps)
	for i := range ts {
		ts[i] = f()
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return ts[reps/2]
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func bench(path string, reps, iters int) error {
	gf, err := read(path)
	if err != nil {
		return err
	}
	t0 := cpuNow()
	arcs := make([]routes.Arc, len(gf.arcs))
	for i, a := range gf.arcs {
		arcs[i] = routes.Arc{From: a.from, To: a.to}
	}
	g, perm, err := routes.NewGraph(gf.n, arcs)
	if err != nil {
		return err
	}
	m := g.Arcs()
	p := &routes.Problem{G: g, Free: make([]float64, m), Slope: make([]float64, m), Cap: make([]float64, m),
		Hazard: make([]float64, m), P: gf.power, Origins: gf.origins, Demand: gf.demand, Sink: int32(gf.sink)}
	for i, a := range gf.arcs {
		k := perm[i]
		p.Free[k], p.Slope[k], p.Cap[k] = a.free, a.slope, a.capac
	}
	rev := g.Reverse()
	build := cpuNow() - t0
	fmt.Printf("go\tgraph\t%d nodes, %d arcs; CSR build %.1f ms\n", g.Nodes(), m, ms(build))

	// One-to-all from the first origin at free-flow costs.
	t := routes.NewTree(g.Nodes())
	src := int(gf.origins[0])
	full := median(func() time.Duration {
		s := cpuNow()
		g.ShortestFrom(src, p.Free, t)
		return cpuNow() - s
	}, reps)
	fmt.Printf("go\tone_to_all_ms\t%.3f\n", ms(full))

	// Repair after 1% of arc costs change: scattered over the graph, and
	// in one compact region (a run of node ids), as a crackdown in one
	// state is.
	cost := append([]float64(nil), p.Free...)
	r := rand.New(rand.NewPCG(1, 2))
	type change struct {
		arcs []int32
		old  []float64
	}
	scattered := func() change {
		var c change
		for range m / 100 {
			a := int32(r.IntN(m))
			c.arcs = append(c.arcs, a)
			c.old = append(c.old, cost[a])
			cost[a] *= 0.5 + 1.5*r.Float64()
		}
		return c
	}
	regional := func() change {
		var c change
		start := int32(r.IntN(g.Nodes() - g.Nodes()/100))
		for u := start; len(c.arcs) < m/100 && int(u) < g.Nodes()-1; u++ {
			for a := g.Off[u]; a < g.Off[u+1] && len(c.arcs) < m/100; a++ {
				c.arcs = append(c.arcs, a)
				c.old = append(c.old, cost[a])
				cost[a] *= 2 // troops: dearer roads
			}
		}
		return c
	}
	for _, kind := range []struct {
		name string
		mk   func() change
	}{{"scattered", scattered}, {"regional", regional}} {
		inval := 0
		d := median(func() time.Duration {
			copy(cost, p.Free)
			g.ShortestFrom(src, cost, t)
			c := kind.mk()
			s := cpuNow()
			inval = g.Update(t, cost, c.arcs, c.old, rev)
			return cpuNow() - s
		}, reps)
		fmt.Printf("go\treroute_1pct_%s_ms\t%.3f\t(%d of %d nodes resettled; %.1fx faster than recomputing)\n", kind.name, ms(d), inval, g.Nodes(), ms(full)/ms(d))
	}

	// Equilibrium: a fixed number of iterations from scratch, the same
	// count every tool runs.
	var ws routes.Workspace
	var sol *routes.Solution
	eq := median(func() time.Duration {
		s := cpuNow()
		sol, err = routes.Solve(p, nil, 0, iters, false, &ws)
		return cpuNow() - s
	}, max(1, reps/2))
	if err != nil {
		return err
	}
	fmt.Printf("go\tequilibrium_%d_iters_ms\t%.2f\t(relative gap %.2e)\n", iters, ms(eq), sol.Gap)

	// Re-routing to the same gap after 1% of costs change in one region,
	// warm-started from the last equilibrium, against starting over.
	target := sol.Gap
	base := append([]float64(nil), p.Free...)
	start := int32(g.Nodes() / 3)
	changed := 0
	for u := start; changed < m/100 && int(u) < g.Nodes()-1; u++ {
		for a := g.Off[u]; a < g.Off[u+1] && changed < m/100; a++ {
			p.Free[a] *= 2
			p.Slope[a] *= 2
			changed++
		}
	}
	var cold, warm *routes.Solution
	coldT := median(func() time.Duration {
		s := cpuNow()
		cold, err = routes.Solve(p, nil, target, 50*iters, false, &ws)
		return cpuNow() - s
	}, max(1, reps/2))
	if err != nil {
		return err
	}
	warmT := median(func() time.Duration {
		warm = &routes.Solution{X: append([]float64(nil), sol.X...), S: append([]float64(nil), sol.S...), Demand: append([]float64(nil), sol.Demand...)}
		s := cpuNow()
		warm, err = routes.Solve(p, warm, target, 50*iters, false, &ws)
		return cpuNow() - s
	}, reps)
	if err != nil {
		return err
	}
	copy(p.Free, base)
	fmt.Printf("go\tequilibrium_after_1pct_cold_ms\t%.2f\t(%d iterations to gap %.2e)\n", ms(coldT), cold.Iters, cold.Gap)
	fmt.Printf("go\tequilibrium_after_1pct_warm_ms\t%.2f\t(%d iterations; %.1fx faster than starting over)\n", ms(warmT), warm.Iters, ms(coldT)/ms(warmT))
	return nil
}
