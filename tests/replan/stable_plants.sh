#!/bin/sh
# stable_plants.sh: takt plan --stable on generated plants (docs/actuals.md,
# "Stable re-planning"). For each seed, genplant makes a plant (machines,
# products, routings, orders, materials, BOM levels and the dispatch rule
# vary with the seed; calendars, sequence-dependent setups and alternative
# machines are part of every one; every other one has machines that do not
# split operations and cost rules that read the job before), and takt plans
# it twice: dispatching only, and with a search of a fixed number of steps.
# Then, from each of those previous plans in turn:
#
#  1. no actuals, the same model: --stable gives the previous plan back,
#     byte for byte;
#  2. actuals that report every operation started by a moment a third into
#     the plan, exactly as planned, and again ten minutes late where done:
#     --stable plans, the plan verifies, every reported operation stands
#     where it was reported, and every other operation keeps its machine and
#     unit and starts no earlier than it did; on plants without materials,
#     actuals as planned move no operation at all (with materials, the work
#     orders that started take their materials first, so the others may get
#     theirs later than the first plan had it, and move for that);
#  3. one more order: --stable plans, the plan verifies, and every
#     operation of the previous plan keeps its machine and unit and starts
#     no earlier than it did.
#
#   stable_plants.sh TAKT GENPLANT [SEEDS]
set -u
# two plans with the same records: the made-by line (how each was made:
# its search, its model's digest) aside
same_plan() {
    grep -v '^made-by ' "$1" > "$1.records"; grep -v '^made-by ' "$2" > "$2.records"
    cmp -s "$1.records" "$2.records"
}
takt=$1
genplant=$2
seeds=${3:-40}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/actuals_lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-stable-plants-XXXXXX")
trap 'rm -rf "$work"' EXIT
rules="atc edd heavy none"
fail=0 s=0 planted=0 searched=0 checks=0 same=0

# kept OLD NEW LABEL: every operation of OLD that is in NEW, and not
# reported as done or running there, is on the same machine and unit and
# starts no earlier
kept() {
    awk -v label="$3" 'function f(name,   i) { for (i = 1; i <= NF; i++) if ($i == name) return $(i + 1); return "" }
        FNR == NR && /^op / { k = $2 " " $3; m[k] = f("machine"); u[k] = f("unit"); st[k] = f("start"); n++; next }
        /^op / { k = $2 " " $3; if (!(k in m) || f("actual") != "") next
                 seen++
                 if (f("machine") != m[k] || f("unit") != u[k]) { print "FAIL: " label ": " k " went from " m[k] " " u[k] " to " f("machine") " " f("unit"); bad++ }
                 else if (f("start") < st[k]) { print "FAIL: " label ": " k " starts earlier: " st[k] " -> " f("start"); bad++ } }
        END { exit bad > 0 }' "$1" "$2"
}

while [ $s -lt "$seeds" ]; do
    s=$((s + 1))
    rule=$(echo $rules | cut -d' ' -f$((1 + s % 4)))
    release=spread
    [ $((s % 3)) -eq 0 ] && release=start
    variety=
    [ $((s % 2)) -eq 0 ] && variety=--variety
    "$genplant" --machines $((2 + s % 8)) --products $((3 + s % 10)) --steps $((1 + s % 6)) \
        --orders $((6 + (s * 7) % 30)) --materials $((s % 5)) --levels $((1 + s % 3)) \
        --seed $s --rule $rule --release $release $variety > "$work/p.takt"
    if ! "$takt" plan -q --no-report --time-limit 0 "$work/p.takt" -o "$work/d.plan" 2> "$work/err"; then
        # a plant the generator overloaded may not fit its horizon: that must be said, not crash
        grep -q "error\[E050" "$work/err" || { echo "FAIL: seed $s: takt plan failed without an explanation"; head -5 "$work/err"; fail=$((fail + 1)); }
        continue
    fi
    "$takt" plan -q --no-report --iterations 150 "$work/p.takt" -o "$work/s.plan" 2> "$work/err" ||
        { echo "FAIL: seed $s: the search failed"; head -5 "$work/err"; fail=$((fail + 1)); continue; }
    planted=$((planted + 1))
    same_plan "$work/d.plan" "$work/s.plan" || searched=$((searched + 1))
    for prev in d s; do
        label="seed $s, $([ $prev = d ] && echo dispatched || echo searched) plan"
        P=$work/$prev.plan
        # 1. the previous plan back
        if ! "$takt" plan -q --no-report --stable "$P" "$work/p.takt" -o "$work/1.plan" 2> "$work/err"; then
            echo "FAIL: $label: --stable cannot plan the same model:"; grep error "$work/err" | head -3; fail=$((fail + 1)); continue
        fi
        same_plan "$P" "$work/1.plan" || { echo "FAIL: $label: --stable without actuals changed the plan:"; "$takt" diff "$P" "$work/1.plan" | head -12; fail=$((fail + 1)); }
        # a third into the plan
        ops=$(grep -c '^op ' "$P")
        t=$(awk '/^op / { for (i = 1; i <= NF; i++) if ($i == "start") print $(i + 1) }' "$P" | sort |
            awk -v n="$ops" 'NR == int(n / 3) + 1 { print; exit }')
        for late in 0 10; do
            actuals_until "$P" "$t" $late > "$work/a.takt" || continue
            cat "$work/p.takt" "$work/a.takt" > "$work/pa.takt"
            if ! "$takt" plan -q --no-report --stable "$P" "$work/pa.takt" -o "$work/2.plan" 2> "$work/err"; then
                echo "FAIL: $label: --stable with actuals $late min late cannot plan:"; grep error "$work/err" | head -3; fail=$((fail + 1)); continue
            fi
            if ! "$takt" verify -q "$work/pa.takt" "$work/2.plan" > "$work/out" 2>&1; then
                echo "FAIL: $label: the --stable re-plan with actuals $late min late does not verify:"; grep error "$work/out" | head -3; fail=$((fail + 1))
            fi
            stands "$work/a.takt" "$work/2.plan" "$label" > "$work/out" || { cat "$work/out"; fail=$((fail + 1)); }
            kept "$P" "$work/2.plan" "$label, actuals $late min late" || fail=$((fail + 1))
            if [ $late = 0 ] && ! grep -q '^material ' "$work/p.takt"; then
                grep '^op ' "$P" > "$work/ops0"
                grep '^op ' "$work/2.plan" | sed 's/ actual [a-z]*//' > "$work/ops2"
                cmp -s "$work/ops0" "$work/ops2" ||
                    { echo "FAIL: $label: --stable with actuals as planned moved operations:"; diff "$work/ops0" "$work/ops2" | head -8; fail=$((fail + 1)); }
                same=$((same + 1))
            fi
            checks=$((checks + 1))
        done
        # 3. one more order, like the first
        awk '/^order / && !done { o = 1; sub(/"SO-[0-9]*"/, "\"SO-EXTRA\"") } o { print } o && /^}/ { o = 0; done = 1 }' \
            "$work/p.takt" > "$work/extra"
        cat "$work/p.takt" "$work/extra" > "$work/pn.takt"
        if "$takt" plan -q --no-report --stable "$P" "$work/pn.takt" -o "$work/4.plan" 2> "$work/err"; then
            "$takt" verify -q "$work/pn.takt" "$work/4.plan" > "$work/out" 2>&1 ||
                { echo "FAIL: $label: the --stable plan with one more order does not verify:"; grep error "$work/out" | head -3; fail=$((fail + 1)); }
            kept "$P" "$work/4.plan" "$label, one more order" || fail=$((fail + 1))
        elif ! grep -q "error\[E050" "$work/err"; then
            echo "FAIL: $label: --stable with one more order failed without an explanation:"; head -5 "$work/err"; fail=$((fail + 1))
        fi
        checks=$((checks + 3))
    done
done
echo "stable re-planning: $planted generated plants ($searched where the search changed the plan), $checks checks ($same of actuals as planned without materials), $fail failures"
[ $searched -gt 0 ] || { echo "FAIL: the search changed no plan: the searched case was not tested"; fail=$((fail + 1)); }
[ $same -gt 0 ] || { echo "FAIL: no plant without materials had actuals: that case was not tested"; fail=$((fail + 1)); }
[ $fail -eq 0 ]
