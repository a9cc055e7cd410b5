#!/bin/sh
# sweep_speed.sh: a sweep of 64 scenarios of the 10,000-operation genplant
# plant (demand from +0% to +63% in steps of 1%), each with a short search
# (ITERATIONS steps, 5 by default: a step of the general search on this
# plant takes a few tenths of a second) on one thread, run by `takt sweep`
# with one and with two jobs at a time. Prints the wall times (medians of RUNS), the speed-up of two
# jobs over one, and the cost of a scenario in the sweep against planning
# the same scenarios one after another with takt plan (the same search).
#
#   bench/sweep_speed.sh [BUILD_DIR] [RUNS] [ITERATIONS]
#
# The reference for the speed-up is the number of jobs (2: the most two
# cores can give); for the cost per scenario, the mean takt plan of the same
# scenarios (1.0: a sweep adds nothing to each plan). The scenarios grow with
# their demand: at +63% a plan takes about six times the base's.
set -eu
build=${1:-build}
runs=${2:-3}
iters=${3:-5}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-sweep-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
takt=$(cd "$(dirname "$build/takt")" && pwd)/takt

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

"$build/takt-genplant" --machines 50 --products 100 --steps 10 --orders 1000 --materials 20 > "$dir/plant.takt"
ops=$("$takt" plan -q --no-report --stats --iterations 0 "$dir/plant.takt" -o /dev/null 2>&1 | sed -n 's/.*(\([0-9]*\) operations.*/\1/p' | head -1)

: > "$dir/single"
i=0
while [ $i -lt "$runs" ]; do
    t0=$(now)
    k=0
    while [ $k -lt 64 ]; do
        d=$(echo "$k" | awk '{ printf "%.6g", 1 + $1 / 100 }')
        "$takt" plan -q --no-report --iterations "$iters" --threads 1 --scenario "demand=$d" "$dir/plant.takt" -o "$dir/single.plan"
        k=$((k + 1))
    done
    t1=$(now)
    echo "$t0 $t1" | awk '{ print ($2 - $1) / 64 }' >> "$dir/single"
    i=$((i + 1))
done
single=$(median < "$dir/single")

for j in 1 2; do
    : > "$dir/wall$j"
    i=0
    while [ $i -lt "$runs" ]; do
        rm -rf "$dir/out"
        t0=$(now)
        "$takt" sweep "$dir/plant.takt" --vary demand=1..1.63/0.01 --iterations "$iters" -o "$dir/out" -j $j 2>/dev/null
        t1=$(now)
        echo "$t0 $t1" | awk '{ print $2 - $1 }' >> "$dir/wall$j"
        i=$((i + 1))
    done
    n=$(ls "$dir"/out/*.plan | wc -l)
    [ "$n" -eq 64 ] || { echo "sweep_speed.sh: $n plans, expected 64" >&2; exit 1; }
done
w1=$(median < "$dir/wall1")
w2=$(median < "$dir/wall2")
printf '%-34s %10s %10s %8s\n' "$ops operations, $iters steps each" "ours" "reference" "ratio"
printf '%-34s %9.2fs %10s %8s\n' "64 scenarios, 1 job" "$w1" "" ""
printf '%-34s %9.2fs %10s %8s\n' "64 scenarios, 2 jobs" "$w2" "" ""
echo "$w1 $w2" | awk '{ printf "%-34s %9.2fx %9.2fx %8.2f\n", "speed-up of 2 jobs", $1 / $2, 2, ($1 / $2) / 2 }'
echo "$w1 $single" | awk '{ printf "%-34s %9.3fs %9.3fs %8.2f\n", "a scenario in the sweep (1 job)", $1 / 64, $2, ($1 / 64) / $2 }'
echo "(medians of $runs runs; reference: 2 jobs on 2 cores at best, and takt plan of each scenario in turn)"
