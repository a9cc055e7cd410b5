#!/bin/sh
# plan_speed.sh: how fast the dispatching pass plans large plants, and how its
# cost grows. Generates plants of about 10k, 100k and 1M operations with
# genplant (the plant grows with the load: machines, products and orders in
# proportion; two- and three-shift calendars, holidays, sequence-dependent
# setups, alternative machines, BOMs, the ATC dispatch rule), plans each
# several times on one core, and prints the medians.
#
#   bench/plan_speed.sh [BUILD_DIR] [RUNS]
#
# The goal (docs/planning.md): 100,000 operations through the dispatching
# pass well under one second; time and memory near-linear in the size.
set -eu
build=${1:-build}
runs=${2:-5}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-plan-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-10s %10s %10s %10s %10s %10s %8s\n' "operations" "check" "schedule" "total" "peak MB" "goal" "ratio"
for scale in 1 10 100; do
    model=$dir/plant$scale.takt
    "$build/takt-genplant" --machines $((50 * scale)) --products $((100 * scale)) --steps 10 \
        --orders $((1000 * scale)) --materials $((20 * scale)) > "$model"
    : > "$dir/stats"
    i=0
    while [ $i -lt "$runs" ]; do
        taskset -c 0 "$build/takt" plan -q --no-report --stats "$model" 2>> "$dir/stats" >/dev/null
        i=$((i + 1))
    done
    ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/stats" | head -1)
    check=$(sed -n 's/.*check \([0-9.]*\) s.*/\1/p' "$dir/stats" | median)
    sched=$(sed -n 's/.*schedule \([0-9.]*\) s.*/\1/p' "$dir/stats" | median)
    total=$(sed -n 's/.*total \([0-9.]*\) s.*/\1/p' "$dir/stats" | median)
    mem=$(sed -n 's/.*peak memory \([0-9]*\) MB.*/\1/p' "$dir/stats" | median)
    goal=$(echo "$ops" | awk '{ printf "%.3f", $1 / 100000 }')
    ratio=$(echo "$sched $goal" | awk '{ printf "%.3f", $1 / $2 }')
    printf '%-10s %9.3fs %9.3fs %9.3fs %10s %9ss %8s\n' "$ops" "$check" "$sched" "$total" "$mem" "$goal" "$ratio"
done
echo "(medians of $runs runs on one core; goal: one second per 100,000 operations for the schedule pass;"
echo " ratio = schedule / goal; check = reading and checking the model)"
