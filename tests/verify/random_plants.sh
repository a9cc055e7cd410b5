#!/bin/sh
# random_plants.sh: the planner's plans are feasible on random plants, and
# verify agrees with the planner on every quantity. For each seed, genplant
# makes a plant (small to large: machines, products, routing length, orders,
# materials, BOM levels and the dispatch rule vary with the seed; calendars,
# setups and alternatives are part of every one; every other plant
# consolidates the purchases of half its materials, and every other pair of
# plants receives goods by a calendar, so that each combination is there;
# three in four have operator pools and setters, two in three one or two
# batch machines (two in three of the searched ones too), and every fourth has subcontractors, sublots, max_lot and
# pins; every third has scrap rates on steps and BOM lines; every fourth is
# released just in time; two in three time windows between steps; two in five
# transfer lots (steps that start once some pieces of the step before are
# done); with --lots,
# fractional quantities of components, fixed lots, minimum orders, multiples
# and stock of products),
# takt plans it — every third seed with a short deterministic search, which
# must have run on some plants with batch machines — and
# takt verify, which shares nothing with the scheduler or the material
# planner, must accept the plan file and the schedule CSV.
#
#   random_plants.sh TAKT GENPLANT [SEEDS]
set -u
takt=$1
genplant=$2
seeds=${3:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-random-XXXXXX")
trap 'rm -rf "$work"' EXIT
rules="atc edd heavy none"
fail=0 s=0 ops=0 wos=0 planned=0 bsearched=0
# plants that have each feature --lots is for: a test of the quantity rule
# only if the plants that verify have them
frac=0 fixed=0 minimum=0 mult=0 stock=0 win=0 over=0 lots=0 lots_searched=0 buyplants=0 bought=0
has() { grep -qE "$1" "$work/p.takt" && echo 1 || echo 0; }
while [ $s -lt "$seeds" ]; do
    s=$((s + 1))
    big=$((s % 10 == 0 ? 4 : 1))
    rule=$(echo $rules | cut -d' ' -f$((1 + s % 4)))
    cons=
    [ $((s % 2)) -eq 1 ] && cons=--consolidate
    "$genplant" --machines $(((2 + s % 9) * big)) --products $(((3 + s % 13) * big)) --steps $((1 + s % 7)) \
        --orders $(((4 + (s * 7) % 50) * big)) --materials $((1 + s % 6)) --levels $((1 + s % 3)) \
        --seed $s --rule $rule $cons $([ $((s / 2 % 2)) -eq 1 ] && echo --receiving) --pools $((s % 4)) --batch $(((s + s / 3) % 3)) \
        $([ $((s % 4)) -eq 2 ] && echo --steer) $([ $((s % 3)) -eq 1 ] && echo --scrap) \
        $([ $((s % 3)) -ne 1 ] && echo --windows) $([ $((s % 5)) -lt 2 ] && echo --overlap) \
        $([ $((s % 5)) -ge 3 ] || [ $((s % 7)) -eq 0 ] && echo --buy) --lots > "$work/p.takt"
    iters=0 stats=
    [ $((s % 3)) -eq 0 ] && iters=200 stats=--stats
    release=as_soon_as_possible
    [ $((s % 4)) -eq 2 ] && release=just_in_time
    if ! "$takt" plan -q --no-report $stats --iterations $iters --release $release "$work/p.takt" -o "$work/p.plan" \
        --schedule "$work/p.csv" \
        > /dev/null 2> "$work/err"; then
        # a plant the generator overloaded may not fit its horizon: that must be said, not crash
        if ! grep -q "error\[E050" "$work/err"; then
            echo "FAIL: seed $s: takt plan failed without an explanation"; head -5 "$work/err"; fail=$((fail + 1))
        fi
        continue
    fi
    for f in plan csv; do
        if ! "$takt" verify -q "$work/p.takt" "$work/p.$f" > "$work/out" 2>&1; then
            echo "FAIL: seed $s: verify rejects the $f"; grep error "$work/out" | head -5; fail=$((fail + 1))
            cp "$work/p.takt" "${TMPDIR:-/tmp}/takt-random-fail-$s.takt"
        fi
    done
    planned=$((planned + 1))
    # a plant with cycles of batch machines that the search ran on (a step or more)
    if [ -n "$stats" ] && grep -q '^batch ' "$work/p.plan" && grep -q 'stats: search .* [1-9][0-9]* iterations' "$work/err"; then
        bsearched=$((bsearched + 1))
    fi
    frac=$((frac + $(has '^    p[0-9]+ [0-9]+\.[0-9]+$')))
    fixed=$((fixed + $(has '^  lot [0-9]+$')))
    minimum=$((minimum + $(has '^  min_order [0-9]+$')))
    mult=$((mult + $(has '^  multiple [0-9]+$')))
    stock=$((stock + $(has '^  stock [0-9]+$')))
    ops=$((ops + $(grep -c '^op ' "$work/p.plan")))
    win=$((win + $(grep -c '^op .* within ' "$work/p.plan")))
    over=$((over + $(grep -c '^op .* overrun ' "$work/p.plan")))
    n_lots=$(grep -c '^op .* transfer ' "$work/p.plan")
    lots=$((lots + n_lots))
    [ "$iters" -gt 0 ] && lots_searched=$((lots_searched + n_lots))
    wos=$((wos + $(grep -c '^workorder ' "$work/p.plan")))
    buyplants=$((buyplants + $(has '^  source ')))
    bought=$((bought + $(grep -c '^buy ' "$work/p.plan")))
done
echo "random plants: $seeds seeds, $planned planned, $wos work orders and $ops operations verified, $fail failures"
echo "planned plants with fractional quantities of products: $frac, fixed lots: $fixed, minimum orders: $minimum," \
    "multiples: $mult, stock of products: $stock"
echo "operations with a time window: $win, of them not held (and said so): $over"
echo "searched plants with cycles of batch machines: $bsearched"
if [ "$bsearched" -lt $((seeds / 20)) ]; then echo "FAIL: too few plants with batch machines searched"; fail=$((fail + 1)); fi
echo "plants with make or buy: $buyplants, purchases of products verified: $bought"
if [ "$buyplants" -lt $((planned / 6)) ] || [ "$bought" -eq 0 ]; then
    echo "FAIL: too few plants with make or buy, or nothing bought"; fail=$((fail + 1))
fi
if [ "$win" -eq 0 ] || [ "$over" -ge "$win" ]; then echo "FAIL: no time windows planned, or none held"; fail=$((fail + 1)); fi
echo "operations taking transfer lots: $lots, of them in searched plans: $lots_searched"
if [ "$lots" -eq 0 ] || [ "$lots_searched" -eq 0 ]; then echo "FAIL: no transfer lots planned, or none searched"; fail=$((fail + 1)); fi
for n in $frac $fixed $minimum $mult $stock; do
    if [ "$n" -lt $((planned / 4)) ]; then echo "FAIL: too few plants with a feature of the quantity rule"; fail=$((fail + 1)); fi
done
[ $fail -eq 0 ]
