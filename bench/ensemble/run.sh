#!/bin/sh
# Benchmarks of the uncertainty engine (issue 6). Usage:
#   sh bench/ensemble/run.sh [RUNS [DRAW]]
# RUNS (default 120) is the size of the timed baseline ensemble and DRAW
# (default "defaults") its parameter source, "prior" for draws from the
# priors; the issue's 100,000 runs take RUNS=100000 and, at today's model
# speed (about 6 ms of CPU a run at the defaults, 7 ms in the ensemble with
# its recording), some 15 minutes on 2 cores (bench/README.md).
set -eu
cd "$(dirname "$0")/../.."
RUNS=${1:-120}
DRAW=${2:-defaults}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! /usr/bin/python3 -c 'import scipy.stats.qmc' 2>/dev/null; then
	apt-get update -qq && apt-get install -y -qq python3-scipy >/dev/null
fi
go build -o "$TMP/cartelsim" ./cmd/cartelsim
go build -o "$TMP/sobolpts" ./bench/ensemble/sobolpts
go build -o "$TMP/memflat" ./bench/ensemble/memflat
go build -o "$TMP/runcpu" ./bench/ensemble/runcpu

echo "== Sobol' sequence: cartelsim against SciPy $(/usr/bin/python3 -c 'import scipy; print(scipy.__version__)') (both Joe-Kuo new-joe-kuo-6.21201, unscrambled)"
"$TMP/sobolpts" -n 4096 > "$TMP/go.csv"
/usr/bin/python3 - "$TMP/go.csv" <<'PY'
import sys, time, numpy as np, warnings
from scipy.stats import qmc
warnings.simplefilter("ignore")
go = np.loadtxt(sys.argv[1], delimiter=",")
n, d = go.shape
t = time.perf_counter()
sp = qmc.Sobol(d, scramble=False).random(n)
t = time.perf_counter() - t
print(f"scipy: {n} points x {d} dimensions in {t:.4f} s")
diff = np.abs(go - sp).max()
print(f"largest difference over {n}x{d} coordinates: {diff:g} ({'identical' if diff == 0 else 'DIFFERENT'})")
sys.exit(0 if diff == 0 else 1)
PY

echo "== runs per second of the full model, one core (go test -bench)"
go test ./ensemble -run XX -bench 'Simulate' -benchtime 20x -count 1 | grep -E '^Benchmark'
echo "== one run by the process CPU clock, and its spread over 200 draws from the priors"
"$TMP/runcpu" -batches 6 -runs 30
"$TMP/runcpu" -spread -runs 200 -draw prior

echo "== $RUNS-run baseline ensemble, parameters: $DRAW, 1 and 2 workers"
for j in 1 2; do
	s=$(date +%s.%N)
	"$TMP/cartelsim" ensemble baseline --runs "$RUNS" --draw "$DRAW" -j $j --progress none --out "$TMP/e$j.db" >/dev/null 2>"$TMP/e$j.log"
	e=$(date +%s.%N)
	echo "workers=$j: $(tail -2 "$TMP/e$j.log" | head -1) wall $(awk "BEGIN{print $e - $s}") s"
done
"$TMP/cartelsim" export "$TMP/e1.db" > "$TMP/q1.csv"
"$TMP/cartelsim" export "$TMP/e2.db" > "$TMP/q2.csv"
cmp "$TMP/q1.csv" "$TMP/q2.csv" && echo "summaries with 1 and 2 workers: identical"

echo "== engine memory against runs (synthetic members of the baseline's layout)"
for n in 10000 40000; do "$TMP/memflat" -runs $n -dir "$TMP"; done
