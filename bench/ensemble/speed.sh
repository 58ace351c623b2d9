#!/bin/sh
# Before/after speed of one model run, alternately, on this machine:
#   sh bench/ensemble/speed.sh [REV [PATH...]]
# "before" is the working tree with each PATH as it is at REV (default
# HEAD; with no PATH, the whole tree at REV), "after" the working tree.
# Each side is timed three times, alternately, by go test -bench RunBaseline
# (wall clock, as go test reports it) and by bench/ensemble/runcpu (process
# CPU time, which other sessions on a shared machine disturb less), at the
# defaults and with parameters drawn from the priors. The outputs of both
# sides are not compared here: the engine tests do that (go test ./sim).
set -eu
cd "$(dirname "$0")/../.."
REV=${1:-HEAD}
[ $# -gt 0 ] && shift
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir "$TMP/before"
if [ $# -eq 0 ]; then
	git archive "$REV" | tar -x -C "$TMP/before"
else
	tar --exclude=./out --exclude='*.test' --exclude=./cartelsim -cf - . | tar -x -C "$TMP/before"
	for p in "$@"; do git show "$REV:$p" > "$TMP/before/$p"; done
fi
# The timing tool may be newer than REV.
rm -rf "$TMP/before/bench/ensemble/runcpu"
cp -r bench/ensemble/runcpu "$TMP/before/bench/ensemble/"
(cd "$TMP/before" && go build -o "$TMP/runcpu-before" ./bench/ensemble/runcpu && go test -c -o "$TMP/sim-before.test" ./sim)
go build -o "$TMP/runcpu-after" ./bench/ensemble/runcpu
go test -c -o "$TMP/sim-after.test" ./sim
echo "== before: $REV${1:+ for $*}; after: the working tree; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in 1 2 3; do
	for v in before after; do
		echo "$v: $(cd sim && "$TMP/sim-$v.test" -test.run '^$' -test.bench RunBaseline -test.benchmem -test.benchtime 200x | grep '^Benchmark')"
		echo "$v: $("$TMP/runcpu-$v" -batches 6 -runs 30)"
		echo "$v: $("$TMP/runcpu-$v" -batches 3 -runs 60 -draw prior)"
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
