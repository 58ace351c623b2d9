#!/usr/bin/python3
"""Time python-igraph and networkx on the graph files routing-bench writes.

Usage: /usr/bin/python3 bench/routing/peers.py FILE [REPS] [ITERS] [--no-networkx-eq]

Same work as the Go side (bench/routing/main.go): one-to-all shortest
paths from the first origin at free-flow costs, and a fixed number of
Frank-Wolfe iterations of the congested equilibrium (all-or-nothing loads
by shortest paths to the sink, exact line search (bisection here), costs
free + slope*(x/cap)^power), vectorised with numpy. Prints one
tab-separated line per measurement: tool, measure, milliseconds, note.
"""
import statistics
import sys
import time

import igraph
import networkx as nx
import numpy as np


def read(path):
    with open(path) as f:
        n, m, sink, power = f.readline().split()
        n, m, sink, power = int(n), int(m), int(sink), float(power)
        k = int(f.readline())
        origins, demand = [], []
        for _ in range(k):
            o, d = f.readline().split()
            origins.append(int(o))
            demand.append(float(d))
        a = np.loadtxt(f, dtype=np.float64, max_rows=m, ndmin=2)
    return n, sink, power, origins, demand, a[:, 0].astype(np.int64), a[:, 1].astype(np.int64), a[:, 2], a[:, 3], a[:, 4]


def median_ms(f, reps):
    """Median process CPU time of f in ms (the Go side uses the same clock:
    the benchmark machine is shared, and CPU time leaves out waiting)."""
    ts = []
    for _ in range(reps):
        t = time.process_time()
        f()
        ts.append(1000 * (time.process_time() - t))
    return statistics.median(ts)


def cost(x, free, slope, cap, power):
    return free + slope * np.power(np.maximum(x, 0) / cap, power)


def frank_wolfe(aon, free, slope, cap, power, iters):
    """Plain Frank-Wolfe; aon(costs) -> all-or-nothing arc loads."""
    x = aon(free)
    gap = float("inf")
    for _ in range(iters - 1):
        c = cost(x, free, slope, cap, power)
        y = aon(c)
        cx, cy = float(c @ x), float(c @ y)
        gap = (cx - cy) / cx
        d = y - x
        act = d != 0
        xa, da = x[act], d[act]
        fa, sa, ka = free[act], slope[act], cap[act]
        lo, hi = 0.0, 1.0
        if float(da @ cost(xa + da, fa, sa, ka, power)) <= 0:
            lam = 1.0
        else:
            for _ in range(40):
                mid = (lo + hi) / 2
                if float(da @ cost(xa + mid * da, fa, sa, ka, power)) > 0:
                    hi = mid
                else:
                    lo = mid
            lam = (lo + hi) / 2
        x = x + lam * d
    return x, gap


def main():
    path = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    nx_eq = "--no-networkx-eq" not in sys.argv
    n, sink, power, origins, demand, fr, to, free, slope, cap = read(path)
    m = len(fr)

    t = time.process_time()
    g = igraph.Graph(n=n, edges=np.column_stack((fr, to)).tolist(), directed=True)
    print(f"igraph\tgraph\t{1000 * (time.process_time() - t):.1f}\tbuild from the edge list")
    freel = free.tolist()
    g.es["w"] = freel
    src = origins[0]
    print(f"igraph\tone_to_all_ms\t{median_ms(lambda: g.distances(source=src, weights='w'), reps):.3f}")

    def aon_igraph(c):
        y = np.zeros(m)
        g.es["w"] = c.tolist()
        for o, d in zip(origins, demand):
            p = g.get_shortest_paths(o, to=sink, weights="w", output="epath")[0]
            np.add.at(y, p, d)
        return y

    res = {}

    def run_ig():
        res["ig"] = frank_wolfe(aon_igraph, free, slope, cap, power, iters)

    ms = median_ms(run_ig, max(1, reps // 2))
    print(f"igraph\tequilibrium_{iters}_iters_ms\t{ms:.2f}\trelative gap {res['ig'][1]:.2e}")

    t = time.process_time()
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(fr.tolist(), to.tolist(), freel))
    print(f"networkx\tgraph\t{1000 * (time.process_time() - t):.1f}\tbuild from the edge list")
    nreps = max(1, reps // 2) if m > 100000 else reps
    print(f"networkx\tone_to_all_ms\t{median_ms(lambda: nx.single_source_dijkstra_path_length(G, src), nreps):.3f}")
    if not nx_eq:
        return
    eid = {(int(u), int(v)): i for i, (u, v) in enumerate(zip(fr, to))}

    def aon_nx(c):
        for i, (u, v) in enumerate(zip(fr.tolist(), to.tolist())):
            G[u][v]["weight"] = c[i]
        y = np.zeros(m)
        for o, d in zip(origins, demand):
            p = nx.dijkstra_path(G, o, sink)
            for u, v in zip(p, p[1:]):
                y[eid[(u, v)]] += d
        return y

    def run_nx():
        res["nx"] = frank_wolfe(aon_nx, free, slope, cap, power, iters)

    ms = median_ms(run_nx, max(1, reps // 2))
    print(f"networkx\tequilibrium_{iters}_iters_ms\t{ms:.2f}\trelative gap {res['nx'][1]:.2e}")


if __name__ == "__main__":
    main()
