#!/bin/sh
# reference.sh: a plan's change against a reference plan (docs/search.md,
# "Stability") on a job shop of 30 orders (150 operations) and one more.
#
#  1. An objective that counts moved without a reference: W0032.
#  2. One order added, planned afresh with the search: most operations move
#     (measured against the old plan with --reference); --stable with the
#     search, the objective counting moved: at most 10 % move, and the plan
#     verifies. The plan's moved is the count takt diff gives.
#     takt verify --reference works the change out on its own and agrees;
#     a plan stating it wrongly is E0645.
#  3. The report says what changed; takt diff lists moved and shifted.
#  4. A reference of another plant, or a schedule CSV: E0644, exit 2.
#  5. --stable with a search when the objective does not count the change:
#     a usage error.
#
#   reference.sh TAKT
set -u
takt=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-reference-XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
fail=0
unset TAKT_PATH NO_COLOR

{
    echo 'plant "Shop" { start 2026-12-07 06:00  horizon 12 weeks  currency EUR }'
    echo 'calendar two { mon-fri 06:00-14:00, 14:00-22:00 }'
    echo 'machine laser { units 2  calendar two  cost 80 EUR/h }'
    echo 'machine brake { units 2  calendar two  cost 50 EUR/h }'
    echo 'machine weld { units 2  calendar two  cost 55 EUR/h }'
    echo 'machine coat { units 1  calendar two  cost 60 EUR/h  setup by colour { same 0 min  change 40 min } }'
    echo 'machine assy { units 3  calendar two  cost 40 EUR/h }'
    for p in 0 1 2 3 4 5; do
        c=$(echo "red blue grey red blue grey" | cut -d' ' -f$((p + 1)))
        echo "product p$p { colour \"$c\"  routing { cut on laser run $((2 + p % 3)) min each  bend on brake run $((3 + p % 2)) min each  join on weld | assy run $((4 + p % 4)) min each  paint on coat run 2 min each  fit on assy run $((3 + p % 3)) min each } }"
    done
    o=0
    while [ $o -lt 30 ]; do
        printf 'order A%02d { p%d %d  due 2026-12-%02d }\n' $o $((o % 6)) $((10 + (o * 7) % 25)) $((10 + (o * 3) % 20))
        o=$((o + 1))
    done
} > base.takt
cp base.takt shop.takt
echo 'schedule { minimize 10 * tardiness + makespan + 30 min * moved }' >> shop.takt
cp shop.takt shop2.takt
echo 'order B99 { p2 25  due 2026-12-18 }' >> shop2.takt

# 1
"$takt" plan -q --no-report --color=never --iterations 2000 shop.takt -o old.plan > out 2>&1
if grep -q "warning\[W0032\]" out && [ -s old.plan ]; then echo "no reference: W0032, and the plan is made"
else echo "FAIL: no W0032 without a reference:"; cat out; fail=1; fi

# 2
moved() { sed -n 's/^measures .* moved \([0-9]*\) .*/\1/p' "$1"; }
"$takt" plan -q --no-report --iterations 2000 shop2.takt -o fresh.plan --reference old.plan > out 2>&1 || { cat out; fail=1; }
"$takt" plan -q --no-report --iterations 2000 --stable old.plan shop2.takt -o stable.plan > out 2>&1 || { cat out; fail=1; }
ops=$(grep -c '^op ' old.plan)
f=$(moved fresh.plan)
s=$(moved stable.plan)
if [ -n "$f" ] && [ -n "$s" ] && [ "$f" -gt $((ops / 2)) ] && [ $((s * 10)) -le "$ops" ]; then
    echo "one order more: $f of $ops operations move planned afresh, $s with --stable and the search"
else echo "FAIL: moved afresh '$f', with --stable '$s', of $ops"; fail=1; fi
for plan in fresh.plan stable.plan; do
    "$takt" verify shop2.takt $plan > out 2>&1 || { echo "FAIL: $plan does not verify:"; cat out; fail=1; }
    d=$("$takt" diff old.plan $plan | sed -n 's/^### Operations (\([0-9]*\) moved.*/\1/p')
    if [ "${d:-0}" != "$(moved $plan)" ]; then echo "FAIL: $plan says moved $(moved $plan), takt diff $d"; fail=1; fi
done
echo "the plans verify, and their moved is what takt diff counts"
for plan in fresh.plan stable.plan; do
    "$takt" verify -q --reference old.plan shop2.takt $plan > out 2>&1 || { echo "FAIL: $plan against old.plan:"; cat out; fail=1; }
done
sed 's/ moved \([0-9]*\) / moved 1\1 /' stable.plan > wrong.plan
"$takt" verify -q --color=never --reference old.plan shop2.takt wrong.plan > out 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "error\[E0645\]: the measures say moved 1$s, but against the reference plan the plan's operations give $s$" out; then
    echo "takt verify --reference: the change as the plans state it, and E0645 for a wrong one"
else echo "FAIL: takt verify --reference of a wrong moved gave exit $rc:"; cat out; fail=1; fi

# 3
"$takt" plan -q --iterations 300 shop2.takt --reference old.plan > report 2>&1
if grep -q "^  change        [0-9]* of 150 operations moved ([0-9.]*%) against the reference, [0-9]* to another machine or unit, shifted .* in total; 5 new$" report
then echo "the report says what changed"
else echo "FAIL: no change line in the report:"; grep -A12 Summary report; fail=1; fi
"$takt" diff old.plan fresh.plan > out 2>&1
if grep -q "^| moved | - | $f |" out && grep -q "^| shifted | - |" out; then echo "takt diff lists the change measures"
else echo "FAIL: takt diff does not list moved:"; head -20 out; fail=1; fi

# 4
sed 's/^plant [^ ]*/plant Other/' old.plan > other.plan
"$takt" plan -q --no-report --color=never shop2.takt --reference other.plan > out 2>&1
rc=$?
if [ $rc = 2 ] && grep -q "error\[E0644\]: the reference plan is of plant 'Other', not of 'Shop'" out; then
    echo "a reference of another plant: E0644"
else echo "FAIL: reference of another plant gave exit $rc:"; cat out; fail=1; fi
"$takt" plan -q --no-report shop.takt --schedule old.csv > /dev/null 2>&1
"$takt" plan -q --no-report --color=never shop2.takt --reference old.csv > out 2>&1
rc=$?
if [ $rc = 2 ] && grep -q "error\[E0644\]: a schedule CSV cannot be a reference plan" out; then
    echo "a schedule CSV as reference: E0644"
else echo "FAIL: a CSV reference gave exit $rc:"; cat out; fail=1; fi

# 5
cp base.takt plain.takt
echo 'schedule { minimize 10 * tardiness + makespan }' >> plain.takt
"$takt" plan -q --no-report --stable old.plan --iterations 10 plain.takt > out 2>&1
rc=$?
if [ $rc = 2 ] && grep -q "runs no search unless the objective counts the change" out; then
    echo "--stable with a search the objective does not steer: a usage error"
else echo "FAIL: --stable with --iterations gave exit $rc:"; cat out; fail=1; fi

exit $fail
