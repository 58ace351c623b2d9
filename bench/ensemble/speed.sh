#!/bin/sh
# Before/after speed of one model run, alternately, on this machine:
#   sh bench/ensemble/speed.sh [REV [PATH...]]
# "after" is a snapshot of the working tree (others may be editing it),
# "before" the same snapshot with each PATH as it is at REV (default HEAD;
# with no PATH, the whole tree at REV).
# Each side is timed three times, alternately, by go test -bench RunBaseline
# (wall clock, as go test reports it) and by bench/ensemble/runcpu (process
# CPU time, which other sessions on a shared machine disturb less), at the
# defaults and with parameters drawn from the priors. First both sides'
# outputs are hashed bit for bit (bench/ensemble/outhash: four scenarios,
# the defaults and six prior draws each) and compared.
set -eu
cd "$(dirname "$0")/../.."
REV=${1:-HEAD}
[ $# -gt 0 ] && shift
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir "$TMP/before" "$TMP/after"
tar --exclude=./.git --exclude=./out --exclude='*.test' --exclude=./cartelsim -cf - . | tar -x -C "$TMP/after"
if [ $# -eq 0 ]; then
	git archive "$REV" | tar -x -C "$TMP/before"
else
	cp -R "$TMP/after/." "$TMP/before"
	for p in "$@"; do git show "$REV:$p" > "$TMP/before/$p"; done
fi
# The tools may be newer than REV.
for t in runcpu outhash; do
	rm -rf "$TMP/before/bench/ensemble/$t"
	cp -R "bench/ensemble/$t" "$TMP/before/bench/ensemble/"
done
for v in before after; do
	(cd "$TMP/$v" && go build -o "$TMP/runcpu-$v" ./bench/ensemble/runcpu &&
		go build -o "$TMP/outhash-$v" ./bench/ensemble/outhash && go test -c -o "$TMP/sim-$v.test" ./sim)
done
echo "== before: $REV${1:+ for $*}; after: the working tree"
for v in before after; do "$TMP/outhash-$v" baseline mexico-troops us-strikes-leadership combined > "$TMP/hash-$v"; done
if cmp -s "$TMP/hash-before" "$TMP/hash-after"; then
	echo "outputs: byte-identical ($(wc -l < "$TMP/hash-after") runs hashed)"
else
	echo "outputs: DIFFERENT in $(diff "$TMP/hash-before" "$TMP/hash-after" | grep -c '^>') of $(wc -l < "$TMP/hash-after") runs hashed"
fi
echo "== $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in 1 2 3; do
	for v in before after; do
		echo "$v: $(cd sim && "$TMP/sim-$v.test" -test.run '^$' -test.bench RunBaseline -test.benchmem -test.benchtime 200x | grep '^Benchmark')"
		echo "$v: $("$TMP/runcpu-$v" -batches 6 -runs 30)"
		echo "$v: $("$TMP/runcpu-$v" -batches 3 -runs 60 -draw prior)"
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
