#!/bin/sh
# gate_speed.sh: the whole CI gate of docs/ci.md on a plant of about
# 100,000 operations — takt fmt --check, takt check --werror, takt verify
# and takt plan --check on the committed plan — timed step by step.
#
#   bench/gate_speed.sh [BUILD_DIR] [ITERATIONS] [RUNS]
#
# The goal (docs/ci.md): the whole gate under 10 s. ITERATIONS is the
# bound the committed plan is made with (default 0, dispatching only);
# plan --check runs the same search again, so the gate's time grows with it.
set -eu
build=${1:-build}
iters=${2:-0}
runs=${3:-3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-gate-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
takt=$(cd "$build" && pwd)/takt

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

mkdir -p "$dir/model" "$dir/plans"
"$build/takt-genplant" --machines 500 --products 1000 --steps 10 --orders 10000 --materials 200 > "$dir/model/main.takt"
cd "$dir"
"$takt" fmt model/main.takt
"$takt" plan -q --no-report --iterations "$iters" model/main.takt -o plans/current.plan
ops=$(grep -c '^op ' plans/current.plan)
: > times
i=0
while [ $i -lt "$runs" ]; do
    t0=$(now)
    "$takt" fmt --check model/main.takt > /dev/null
    t1=$(now)
    "$takt" check -q --werror model/main.takt > /dev/null 2>&1 || [ $? -eq 1 ]
    t2=$(now)
    "$takt" verify -q model/main.takt plans/current.plan > /dev/null 2>&1 || [ $? -eq 1 ]
    t3=$(now)
    "$takt" plan --check plans/current.plan -q model/main.takt --changes changes.md > /dev/null 2>&1
    t4=$(now)
    echo "$t0 $t1 $t2 $t3 $t4" | awk '{ printf "%.3f %.3f %.3f %.3f %.3f\n", $2 - $1, $3 - $2, $4 - $3, $5 - $4, $5 - $1 }' >> times
    i=$((i + 1))
done
grep -q '^No changes' changes.md || { echo "gate_speed: the committed plan is not current" >&2; exit 1; }
printf '%-10s %10s %8s %8s %8s %12s %8s %6s\n' operations iterations fmt check verify "plan --check" total goal
printf '%-10s %10s %7.3fs %7.3fs %7.3fs %11.3fs %7.3fs %5ss\n' "$ops" "$iters" \
    "$(cut -d' ' -f1 times | median)" "$(cut -d' ' -f2 times | median)" "$(cut -d' ' -f3 times | median)" \
    "$(cut -d' ' -f4 times | median)" "$(cut -d' ' -f5 times | median)" 10
