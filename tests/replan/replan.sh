#!/bin/sh
# replan.sh: re-planning from actuals keeps what happened and changes
# nothing else without cause.
#
#  1. For every example: plan it (dispatching only); report everything that
#     plan started before a moment two days in as actuals, exactly as
#     planned (done, or running at that moment); plan again. The new plan
#     must equal the old one (takt diff finds no change) and pass verify.
#     A re-plan orders nothing before now, so the purchases the plan orders
#     before that moment are made open receipts of the model first (as the
#     shop that placed them has them), and it is planned with them.
#  2. examples/bicycle-replan, whose actuals differ from any plan: every
#     reported operation stands in the plan where it was reported, and the
#     plan passes verify.
#  3. --stable: with the previous plan and no actuals, the plan is the
#     previous one; with actuals that run late (the furniture plant, every
#     operation of its first day ten minutes longer, and the purchases
#     ordered by then open receipts), no operation changes machine or unit,
#     each unit keeps its order, and the plan verifies.
#  4. The search on a re-plan: a generated plant, a third of its operations
#     reported (ten minutes late, where done), planned with a fixed number of
#     search steps: the search improves on the dispatch plan, every reported
#     operation stands where reported, and the plan verifies.
#  5. Material issued, and work orders that started: generated plants with
#     two BOM levels, a third reported and material of three kinds issued;
#     material planning counts what was taken as takt verify does (the work
#     orders that started took theirs first, then the issues), so the
#     re-plans verify, with and without the search.
#
#   replan.sh TAKT REPO_ROOT GENPLANT
set -u
takt=$1
root=$2
genplant=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-replan-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

. "$(dirname "$0")/actuals_lib.sh"
for ex in "$root"/examples/*/main.takt; do
    dir=$(dirname "$ex")
    grep -q '^import "actuals.takt"' "$ex" && continue
    name=$(basename "$dir")
    mkdir -p "$work/$name"
    cp "$dir"/*.takt "$work/$name/"
    "$takt" plan -q --no-report --time-limit 0 "$ex" -o "$work/$name.0.plan" || { echo "FAIL: plan $name"; fail=1; continue; }
    # the moment: two days after the plant starts
    start=$(sed -n 's/^plant .* start \([0-9T:-]*\) .*/\1/p' "$work/$name.0.plan")
    t=$(awk -v s="$start" 'BEGIN {
        y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 2
        split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
        if (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ml[2] = 29
        if (d > ml[m]) { d -= ml[m]; m++; if (m > 12) { m = 1; y++ } }
        printf "%04d-%02d-%02dT%s", y, m, d, substr(s, 12) }')
    # the purchases the plan orders before then were placed: they are open
    # receipts of the model, and it is planned again with them, until it
    # orders nothing before then (a re-plan cannot order in the past)
    round=0
    while grep '^purchase ' "$work/$name.0.plan" | awk -v T="$t" '{ for (i = 1; i <= NF; i++) if ($i == "order" && $(i + 1) < T) f = 1 }
                                                              END { exit !f }'; do
        round=$((round + 1))
        [ $round -le 5 ] || { echo "FAIL: $name: still ordering before $t after 5 rounds"; fail=1; break; }
        for f in "$work/$name"/*.takt; do placed "$work/$name.0.plan" "$t" "$f" > "$f.new" && mv "$f.new" "$f"; done
        "$takt" plan -q --no-report --time-limit 0 "$work/$name/main.takt" -o "$work/$name.0.plan" ||
            { echo "FAIL: plan $name with its placed purchases"; fail=1; break; }
    done
    actuals_until "$work/$name.0.plan" "$t" 0 > "$work/$name/actuals.takt" ||
        { echo "FAIL: $name: nothing started in the first two days"; fail=1; continue; }
    printf '\nimport "actuals.takt"\n' >> "$work/$name/main.takt"
    "$takt" plan -q --no-report --time-limit 0 "$work/$name/main.takt" -o "$work/$name.1.plan" ||
        { echo "FAIL: re-plan $name"; fail=1; continue; }
    if ! "$takt" diff "$work/$name.0.plan" "$work/$name.1.plan" > "$work/diff"; then
        echo "FAIL: $name: re-planning with the plan's own actuals changed the plan:"; head -20 "$work/diff"; fail=1
        continue
    fi
    "$takt" verify -q "$work/$name/main.takt" "$work/$name.1.plan" > "$work/out" 2>&1 ||
        { echo "FAIL: $name: the re-plan does not verify:"; grep error "$work/out" | head; fail=1; continue; }
    echo "$name: $(grep -c '^  op' "$work/$name/actuals.takt") operations reported, the re-plan is the plan"
done

# 2. reported operations stand where they were reported
ex=$root/examples/bicycle-replan/main.takt
"$takt" plan -q --no-report "$ex" -o "$work/replan.plan" || { echo "FAIL: plan bicycle-replan"; exit 1; }
"$takt" verify -q "$ex" "$work/replan.plan" > "$work/out" 2>&1 || { echo "FAIL: bicycle-replan does not verify"; cat "$work/out"; fail=1; }
stands "$root/examples/bicycle-replan/actuals.takt" "$work/replan.plan" bicycle-replan || fail=1

# 3. --stable
ex=$root/examples/furniture
"$takt" plan -q --no-report --time-limit 0 "$ex/main.takt" -o "$work/st0.plan" || { echo "FAIL: plan furniture"; exit 1; }
"$takt" plan -q --no-report --stable "$work/st0.plan" "$ex/main.takt" -o "$work/st1.plan" || { echo "FAIL: --stable"; exit 1; }
"$takt" diff "$work/st0.plan" "$work/st1.plan" > /dev/null || { echo "FAIL: --stable without new actuals changed the plan"; fail=1; }
mkdir -p "$work/late"
cp "$ex"/*.takt "$work/late/"
actuals_until "$work/st0.plan" 2026-12-08T14:00 10 > "$work/late/actuals.takt"
for f in "$work/late"/*.takt; do placed "$work/st0.plan" 2026-12-08T14:00 "$f" > "$f.new" && mv "$f.new" "$f"; done
printf '\nimport "actuals.takt"\n' >> "$work/late/main.takt"
"$takt" plan -q --no-report --stable "$work/st0.plan" "$work/late/main.takt" -o "$work/st2.plan" ||
    { echo "FAIL: --stable with late actuals"; exit 1; }
"$takt" verify -q "$work/late/main.takt" "$work/st2.plan" > "$work/out" 2>&1 ||
    { echo "FAIL: the --stable re-plan does not verify:"; grep error "$work/out" | head; fail=1; }
# no operation on another machine or unit (resource units may change: --stable keeps machines and units)
"$takt" diff --format=json "$work/st0.plan" "$work/st2.plan" |
    awk -F'"(old|new)_(machine|unit)": ' '/"old_machine"/ { split($2, a, ","); split($3, b, ","); split($4, c, ","); split($5, d, ",")
        if (a[1] != c[1] || b[1] != d[1]) bad++ } END { exit bad > 0 }' ||
    { echo "FAIL: --stable moved operations to other units"; fail=1; }
unit_seq "$work/st0.plan" > "$work/seq0"
unit_seq "$work/st2.plan" > "$work/seq2"
if cmp -s "$work/seq0" "$work/seq2"; then echo "--stable: late actuals, every unit keeps its machines and order"
else echo "FAIL: --stable changed the order on a unit:"; diff "$work/seq0" "$work/seq2" | head -6; fail=1; fi
# 4. the search keeps what the actuals report
"$genplant" --machines 12 --products 20 --steps 6 --orders 80 --materials 10 --seed 3 > "$work/gen.takt"
"$takt" plan -q --no-report --time-limit 0 "$work/gen.takt" -o "$work/gen0.plan" 2> "$work/err" || { echo "FAIL: plan the generated plant"; cat "$work/err"; exit 1; }
ops=$(grep -c '^op ' "$work/gen0.plan")
t=$(awk '/^op / { for (i = 1; i <= NF; i++) if ($i == "start") print $(i + 1) }' "$work/gen0.plan" | sort |
    awk -v n="$ops" 'NR == int(n / 3) { print; exit }')
actuals_until "$work/gen0.plan" "$t" 10 > "$work/gen-actuals.takt"
cat "$work/gen.takt" "$work/gen-actuals.takt" > "$work/gen1.takt"
"$takt" plan -q --no-report --iterations 300 --threads 1 --stats "$work/gen1.takt" -o "$work/gen1.plan" 2> "$work/stats" ||
    { echo "FAIL: re-plan the generated plant with the search"; cat "$work/stats"; exit 1; }
sed -n 's/.*objective \([0-9.e+-]*\) -> \([0-9.e+-]*\),.*/\1 \2/p' "$work/stats" |
    awk '{ if ($2 < $1) print "search on a re-plan: objective " $1 " -> " $2; else { print "FAIL: the search did not improve the re-plan (" $1 " -> " $2 ")"; exit 1 } }' ||
    fail=1
grep -q 'objective' "$work/stats" || { echo "FAIL: no search ran on the re-plan"; fail=1; }
"$takt" verify -q "$work/gen1.takt" "$work/gen1.plan" > "$work/out" 2>&1 ||
    { echo "FAIL: the searched re-plan does not verify:"; grep error "$work/out" | head; fail=1; }
stands "$work/gen-actuals.takt" "$work/gen1.plan" "search on a re-plan" || fail=1

# 5. issued material and started work orders: material planning agrees with verify
fail5=0
for seed in 1 2 5; do
    "$genplant" --machines 10 --products 15 --steps 5 --orders 60 --materials 8 --seed $seed --levels 2 > "$work/m.takt"
    "$takt" plan -q --no-report --time-limit 0 "$work/m.takt" -o "$work/m0.plan" 2> "$work/err" ||
        { echo "FAIL: plan generated plant $seed"; cat "$work/err"; fail=1; continue; }
    ops=$(grep -c '^op ' "$work/m0.plan")
    t=$(awk '/^op / { for (i = 1; i <= NF; i++) if ($i == "start") print $(i + 1) }' "$work/m0.plan" | sort |
        awk -v n="$ops" 'NR == int(n / 3) { print; exit }')
    actuals_until "$work/m0.plan" "$t" 0 | sed '$d' > "$work/m-actuals.takt"
    grep -o '^material [a-z0-9_]*' "$work/m.takt" | head -3 |
        awk -v T="$t" '{ sub("T", " ", T); printf "  issued %s %d on %s \"test\"\n", $2, 50 * NR, T }' >> "$work/m-actuals.takt"
    echo "}" >> "$work/m-actuals.takt"
    cat "$work/m.takt" "$work/m-actuals.takt" > "$work/m1.takt"
    for steps in 0 300; do
        "$takt" plan -q --no-report --iterations $steps --time-limit $([ $steps = 0 ] && echo 0 || echo 60) "$work/m1.takt" \
            -o "$work/m1.plan" 2> "$work/err" || { echo "FAIL: re-plan generated plant $seed"; cat "$work/err"; fail=1; continue; }
        "$takt" verify -q "$work/m1.takt" "$work/m1.plan" > "$work/out" 2>&1 ||
            { echo "FAIL: plant $seed, $steps search steps: the re-plan with issued material does not verify:"
              grep error "$work/out" | head -3; fail5=1; continue; }
    done
done
if [ $fail5 = 0 ]; then echo "issued material: the re-plans of three generated plants verify, with and without the search"
else fail=1; fi
exit $fail
