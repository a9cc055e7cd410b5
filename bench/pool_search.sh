#!/bin/sh
# pool_search.sh: the search on plants with resources. For each seed,
# genplant makes a plant with operator pools (--pools), takt plans it by
# dispatching alone and then with a deterministic search (--iterations),
# takt verify checks the searched plan, and the table gives the objective
# before and after (the generated objective: 1 EUR/h * makespan + penalty)
# and the improvement.
#
#   bench/pool_search.sh [BUILD_DIR] [SEEDS] [ITERATIONS]
set -eu
build=${1:-build}
seeds=${2:-10}
iters=${3:-3000}
takt=$build/takt
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-pool-search-XXXXXX")
trap 'rm -rf "$work"' EXIT
obj() { sed -n 's/^measures objective \([0-9.e+-]*\) .*/\1/p' "$1"; }
printf '%-5s %5s %6s %12s %12s %8s %s\n' "seed" "pools" "ops" "dispatching" "searched" "better" "verify"
s=0 sum=0
while [ $s -lt "$seeds" ]; do
    s=$((s + 1))
    pools=$((1 + s % 3))
    "$build/takt-genplant" --machines $((4 + s % 5)) --products $((6 + s % 7)) --steps $((3 + s % 4)) \
        --orders $((20 + 5 * (s % 6))) --materials 4 --seed $s --pools $pools --release start > "$work/p.takt"
    "$takt" plan -q --no-report --iterations 0 "$work/p.takt" -o "$work/a.plan" > /dev/null 2>&1 || continue
    "$takt" plan -q --no-report --iterations "$iters" --seed 1 --threads 1 "$work/p.takt" -o "$work/b.plan" \
        > /dev/null 2>&1 || continue
    v=ok
    "$takt" verify -q "$work/p.takt" "$work/b.plan" > /dev/null 2>&1 || v=INVALID
    a=$(obj "$work/a.plan") b=$(obj "$work/b.plan")
    ops=$(grep -c '^op ' "$work/b.plan")
    pct=$(echo "$a $b" | awk '{ printf "%.1f%%", ($1 > 0 ? 100 * ($1 - $2) / $1 : 0) }')
    sum=$(echo "$sum $a $b" | awk '{ printf "%.4f", $1 + ($2 > 0 ? ($2 - $3) / $2 : 0) }')
    printf '%-5s %5s %6s %12.2f %12.2f %8s %s\n' "$s" "$pools" "$ops" "$a" "$b" "$pct" "$v"
done
echo "mean improvement: $(echo "$sum $seeds" | awk '{ printf "%.1f%%", 100 * $1 / $2 }') over $seeds plants ($iters iterations, seed 1, one thread)"
