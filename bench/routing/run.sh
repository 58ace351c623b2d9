#!/bin/sh
# Side-by-side routing benchmark: cartelsim's model/routes (Go) against
# python-igraph and networkx (Debian packages), on the same files: the
# embedded Mexico network and a deterministic road-like graph of about
# 1,000,000 edges. Each tool runs one-to-all shortest paths and a fixed
# number of Frank–Wolfe iterations of the congested equilibrium; the Go
# side also times the repair of a tree and the warm-started equilibrium
# after 1% of edge costs change. networkx runs the equilibrium on the
# Mexico network only (on the large graph it would take hours).
# Usage, from the repository root: sh bench/routing/run.sh [REPS] [SIDE]
set -eu
reps=${1:-5}
side=${2:-720}
if ! /usr/bin/python3 -c 'import igraph, networkx, numpy' >/dev/null 2>&1; then
	apt-get update -qq && apt-get install -y -qq python3-igraph python3-networkx python3-numpy >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/routing-bench" ./bench/routing
"$out/routing-bench" -mexico "$out/mexico.txt"
"$out/routing-bench" -gen "$out/road.txt" -side "$side"
echo "== Mexico network (embedded, default parameters, 1,000 kg/month)"
"$out/routing-bench" -file "$out/mexico.txt" -reps 21 -iters 20
/usr/bin/python3 bench/routing/peers.py "$out/mexico.txt" 21 20
echo "== road-like graph (side $side)"
"$out/routing-bench" -file "$out/road.txt" -reps "$reps" -iters 10
/usr/bin/python3 bench/routing/peers.py "$out/road.txt" "$reps" 10 --no-networkx-eq
