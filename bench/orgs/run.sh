#!/bin/sh
# Side-by-side benchmark: the Prieto-Curiel et al. (2023) recruitment model
# solved by R deSolve (prieto.R, dense conflict product, lsoda) and by
# cartelsim's Go model/orgs (sparse conflict sum, RK4 in 13-week steps with
# Hermite weekly output). Same equations, same network, same weekly output;
# the Go side checks the 1% agreement and prints the speed-up.
# Usage, from the repository root: sh bench/orgs/run.sh [REPS]
set -eu
reps=${1:-20}
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(deSolve)' >/dev/null 2>&1; then
	apt-get update -qq && apt-get install -y -qq r-base-core r-cran-desolve >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
line=$(Rscript bench/orgs/prieto.R data/tables "$out/desolve.csv" "$reps")
echo "$line"
rsec=$(echo "$line" | sed -n 's/.*: \([0-9.]*\) s per.*/\1/p')
go run ./bench/orgs -ref "$out/desolve.csv" -r-seconds "$rsec" -reps 200
