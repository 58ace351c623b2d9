#!/bin/sh
# Side-by-side benchmark: cartelsim's health ODE (model/health, RK4 in
# monthly steps) against the same ODE in scipy's solve_ivp (RK45, LSODA)
# and R deSolve (lsoda, and rk4 with the same monthly step), in one run.
# The Go side prints the table, each tool's distance from the Go result and
# the speed-up over the fastest peer (bar: 100x).
# Usage, from the repository root: sh bench/health/run.sh [REPS]
set -eu
reps=${1:-20}
if ! /usr/bin/python3 -c 'import scipy' >/dev/null 2>&1; then
	apt-get update -qq && apt-get install -y -qq python3-scipy >/dev/null
fi
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(deSolve)' >/dev/null 2>&1; then
	apt-get update -qq && apt-get install -y -qq r-base-core r-cran-desolve >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go run ./bench/health -problem "$out/problem.json"
/usr/bin/python3 bench/health/ode.py "$out/problem.json" "$out/scipy.json" "$reps"
Rscript bench/health/ode.R "$out/problem.json" "$out/desolve.json" "$reps"
go run ./bench/health -peers "$out/scipy.json,$out/desolve.json"
