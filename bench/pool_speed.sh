#!/bin/sh
# pool_speed.sh: what resources cost the dispatching pass. The plant of
# bench/plan_speed.sh with about 100,000 operations (genplant: 500 machines,
# 1,000 products of about 10 steps, 10,000 orders), planned plain and with
# operator pools (genplant --pools 25: 25 crews on two or three shifts that
# three steps in four need, some with a choice of two crews, and a pool of
# setters held for the setup of some steps) — the same plant otherwise,
# operation for operation. Each is planned several times on one core; the
# table gives the medians of the dispatching pass and the peak memory, and
# the ratio to the plain plant. The goal (docs/planning.md, "Resources"):
# with pools at most twice the plain plant's time, memory linear.
#
#   bench/pool_speed.sh [BUILD_DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-5}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-pool-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

gen() {
    sc=$1
    shift
    "$build/takt-genplant" --machines $((50 * sc)) --products $((100 * sc)) --steps 10 --orders $((1000 * sc)) \
        --materials $((20 * sc)) "$@"
}

printf '%-26s %10s %10s %10s %8s %8s\n' "plant" "operations" "schedule" "total" "peak MB" "ratio"
for scale in 1 10; do
    base=
    for kind in plain pools; do
        model=$dir/$kind$scale.takt
        if [ $kind = plain ]; then gen $scale > "$model"; else gen $scale --pools $((25 * scale / 10 + 2)) > "$model"; fi
        : > "$dir/stats"
        i=0
        while [ $i -lt "$runs" ]; do
            taskset -c 0 "$build/takt" plan -q --no-report --stats "$model" 2>> "$dir/stats" >/dev/null
            i=$((i + 1))
        done
        ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/stats" | head -1)
        sched=$(sed -n 's/.*schedule \([0-9.]*\) s.*/\1/p' "$dir/stats" | median)
        total=$(sed -n 's/.*total \([0-9.]*\) s.*/\1/p' "$dir/stats" | median)
        mem=$(sed -n 's/.*peak memory \([0-9]*\) MB.*/\1/p' "$dir/stats" | median)
        [ -z "$base" ] && base=$sched
        ratio=$(echo "$sched $base" | awk '{ printf "%.2f", $1 / $2 }')
        label="$kind"
        [ $kind = pools ] && label="with $((25 * scale / 10 + 2)) crews and setters"
        printf '%-26s %10s %9.3fs %9.3fs %8s %8s\n' "$label" "$ops" "$sched" "$total" "$mem" "$ratio"
    done
done
echo "(medians of $runs runs on one core; ratio = schedule / the plain plant's schedule)"
