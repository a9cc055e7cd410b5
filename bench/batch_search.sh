#!/bin/sh
# batch_search.sh: the search on plants with operator pools and batch
# machines. For each seed, genplant makes a plant with pools (--pools) and
# curing ovens (--batch: capacity per cycle, some batching by family, some
# with a fill), takt plans it by dispatching alone (the reference) and then
# with a search of a time limit, takt verify checks the searched plan (plan
# file and schedule CSV), and the table gives the objective of each (the
# generated one: 1 EUR/h * makespan + penalty), the ratio searched /
# dispatching, and the cycles of the ovens in each plan.
#
#   bench/batch_search.sh [BUILD_DIR] [SEEDS] [SECONDS]
set -eu
build=${1:-build}
seeds=${2:-10}
secs=${3:-10}
takt=$build/takt
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-batch-search-XXXXXX")
trap 'rm -rf "$work"' EXIT
obj() { sed -n 's/^measures objective \([0-9.e+-]*\) .*/\1/p' "$1"; }
printf '%-5s %5s %5s %6s %7s %7s %12s %12s %7s %s\n' "seed" "pools" "ovens" "ops" "cycles" "cycles" "dispatching" \
    "searched" "ratio" "verify"
printf '%-5s %5s %5s %6s %7s %7s %12s %12s %7s %s\n' "" "" "" "" "(disp.)" "(srch.)" "(reference)" "(ours)" "" ""
s=0 n=0 sum=0
while [ $s -lt "$seeds" ]; do
    s=$((s + 1))
    pools=$((1 + s % 2)) ovens=$((1 + s % 3))
    "$build/takt-genplant" --machines $((4 + s % 5)) --products $((6 + s % 7)) --steps $((3 + s % 4)) \
        --orders $((25 + 5 * (s % 6))) --materials 4 --seed $s --pools $pools --batch $ovens --release start \
        > "$work/p.takt"
    "$takt" plan -q --no-report --iterations 0 "$work/p.takt" -o "$work/a.plan" > /dev/null 2>&1 || continue
    "$takt" plan -q --no-report --time-limit "$secs" --seed 1 --threads 1 "$work/p.takt" -o "$work/b.plan" \
        --schedule "$work/b.csv" > /dev/null 2>&1 || continue
    v=ok
    "$takt" verify -q "$work/p.takt" "$work/b.plan" > /dev/null 2>&1 || v=INVALID
    "$takt" verify -q "$work/p.takt" "$work/b.csv" > /dev/null 2>&1 || v=INVALID
    a=$(obj "$work/a.plan") b=$(obj "$work/b.plan")
    ops=$(grep -c '^op ' "$work/b.plan")
    ca=$(grep -c '^batch ' "$work/a.plan" || true) cb=$(grep -c '^batch ' "$work/b.plan" || true)
    ratio=$(echo "$a $b" | awk '{ printf "%.3f", ($1 > 0 ? $2 / $1 : 1) }')
    sum=$(echo "$sum $ratio" | awk '{ printf "%.6f", $1 + $2 }')
    n=$((n + 1))
    printf '%-5s %5s %5s %6s %7s %7s %12.2f %12.2f %7s %s\n' "$s" "$pools" "$ovens" "$ops" "$ca" "$cb" "$a" "$b" \
        "$ratio" "$v"
done
echo "mean ratio searched / dispatching: $(echo "$sum $n" | awk '{ printf "%.3f", ($2 > 0 ? $1 / $2 : 1) }')" \
    "over $n plants ($secs s search each, seed 1, one thread)"
