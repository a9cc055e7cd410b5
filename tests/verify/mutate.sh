#!/bin/sh
# mutate.sh: takt verify catches corrupted plans. Plans every example, a few
# imported benchmark instances and generated plants (one with fractional
# bills of materials, lots and stock, one consolidating purchases and
# receiving goods by calendars, one with operator pools, setters and batch
# machines, one with scrap rates, one with time windows, one with transfer
# lots, one that buys some of its components), the valve works of the verify
# golden tests and an oven whose cycles the shop floor reported whole, checks
# that verify accepts each plan and its schedule CSV as they are, then
# applies thirty-nine kinds of corruption (tests/verify/mutate.awk) — of
# the operations, of the purchases (of materials and of products bought), of
# the resources and batches, of the cycles the shop floor reported, of the
# time windows, of transfer lots (an overtaking successor), of the
# quantities after scrap,
# of the file, and of each record's claim — several times each with
# different random choices, and requires verify to exit 1 with the right code
# every time.
#
#   mutate.sh TAKT GENPLANT REPO_ROOT [ROUNDS]
set -u
takt=$1
genplant=$2
root=$3
rounds=${4:-6}
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-mutate-XXXXXX")
trap 'rm -rf "$work"' EXIT
: > "$work/applied"
awkf=$root/tests/verify/mutate.awk
kinds="overlap drop duplicate shorten closed swap machine unit release component material received truncate garbage
       poolover poolclosed batchover batchtime batchmember batchmix window transfer p_early p_lead p_lot wo_qty
       wo_time o_done measures booked plant scrapqty cycend cycmember cycref cycmark b_short b_arrive b_cost"
code_of() {
    case $1 in
    overlap) echo E0607 ;; drop) echo E0603 ;; duplicate) echo E0604 ;; shorten) echo E0606 ;;
    closed) echo E0608 ;; swap | component) echo E0609 ;; machine | unit) echo E0605 ;; release) echo E0611 ;;
    material) echo E0610 ;; received) echo E0623 ;; truncate) echo E0613 ;; garbage) echo E0601 ;;
    poolover) echo E0627 ;; poolclosed) echo E0628 ;; batchover) echo E0630 ;; batchtime | batchmember) echo E0632 ;; batchmix) echo E0631 ;;
    window) echo E0633 ;; transfer) echo E0642 ;;
    p_early) echo E0614 ;; p_lead) echo E0615 ;; p_lot) echo E0616 ;; wo_qty) echo E0617 ;; wo_time) echo E0618 ;;
    o_done) echo E0619 ;; measures) echo E0620 ;; booked) echo E0621 ;; plant) echo E0622 ;; scrapqty) echo E0637 ;;
    cycend | cycmember | cycref) echo E0640 ;; cycmark) echo E0641 ;;
    b_short) echo E0638 ;; b_arrive) echo E0660 ;; b_cost) echo E0661 ;;
    esac
}

# the models: examples, imported instances, generated plants
n=0
for ex in "$root"/examples/*/main.takt; do
    n=$((n + 1)); echo "$ex" > "$work/m$n.path"
done
for inst in "$root"/tests/golden/import/ft06.txt "$root"/tests/golden/import/mk01.fjs; do
    n=$((n + 1))
    case $inst in *.fjs) kind=fjsp ;; *) kind=jssp ;; esac
    "$takt" import $kind "$inst" > "$work/m$n.takt" || { echo "FAIL: import $inst"; exit 1; }
    echo "$work/m$n.takt" > "$work/m$n.path"
done
for seed in 3 11 17 37 41; do
    n=$((n + 1))
    # seed 3 has fractional bills of materials, lots and stock; 11 consolidates
    # purchases and receives goods by a calendar; 17 has operator pools and
    # setters, batch machines and time windows; 37 has scrap rates (a plant
    # where consecutive steps of a work order take the same time often enough
    # that swapping them breaks their order, not first their durations: with
    # scrap two steps start different pieces, so swapped times are wrong
    # durations, E0606, before they are a wrong order)
    opts=; [ $seed = 3 ] && opts=--lots; [ $seed = 11 ] && opts="--receiving --consolidate"
    [ $seed = 17 ] && opts="--pools 2 --batch 2 --windows"; [ $seed = 37 ] && opts=--scrap
    [ $seed = 41 ] && opts="--overlap --scrap" # transfer lots (41: steps taking them, some after scrap)
    "$genplant" --machines 6 --products 8 --steps 4 --orders 30 --materials 4 --levels 2 --seed $seed $opts > "$work/m$n.takt"
    echo "$work/m$n.takt" > "$work/m$n.path"
done
# make or buy: seed 21 of three levels buys some of its components
n=$((n + 1))
"$genplant" --machines 6 --products 9 --steps 4 --orders 30 --materials 4 --levels 3 --seed 21 --buy > "$work/m$n.takt"
echo "$work/m$n.takt" > "$work/m$n.path"
# the valve works: 1.0527 bodies per valve
n=$((n + 1)); echo "$root/tests/golden/verify/valves.takt" > "$work/m$n.path"
# an oven whose cycles the shop floor reported whole, one done, one running, each named
n=$((n + 1)); echo "$root/tests/golden/variance/oven-cycles.takt" > "$work/m$n.path"

fail=0 total=0 skipped=0
i=0
while [ $i -lt $n ]; do
    i=$((i + 1))
    model=$(cat "$work/m$i.path")
    "$takt" plan -q --no-report --iterations 100 "$model" -o "$work/p$i.plan" --schedule "$work/p$i.csv" \
        > /dev/null 2> "$work/err" || { echo "FAIL: plan $model"; cat "$work/err"; fail=$((fail + 1)); continue; }
    "$takt" plan --emit=ir "$model" > "$work/ir$i" 2> /dev/null
    for form in plan csv; do
        good=$work/p$i.$form
        if ! "$takt" verify -q "$model" "$good" > "$work/out" 2>&1; then
            echo "FAIL: verify rejects the unmodified $form of $model:"; head -20 "$work/out"; fail=$((fail + 1))
            continue
        fi
        for k in $kinds; do
            r=0
            while [ $r -lt "$rounds" ]; do
                r=$((r + 1))
                seed=$((i * 1000 + r * 37))
                awk -v kind=$k -v seed=$seed -f "$awkf" "$work/ir$i" "$good" > "$work/bad.$form" 2> "$work/skip"
                if grep -q skip "$work/skip"; then skipped=$((skipped + 1)); break; fi
                total=$((total + 1))
                echo "$k" >> "$work/applied"
                "$takt" verify --format=json "$model" "$work/bad.$form" > "$work/out" 2> /dev/null
                rc=$?
                want=$(code_of $k)
                if [ $rc -ne 1 ] || ! grep -q "\"code\": *\"$want\"" "$work/out"; then
                    echo "FAIL: $k ($form, seed $seed) of $model: exit $rc, expected $want"
                    diff "$good" "$work/bad.$form" | head -6
                    head -c 600 "$work/out"; echo
                    fail=$((fail + 1))
                fi
            done
        done
    done
done
echo "mutate: $total corrupted plans of $n models, $fail missed; $skipped kinds not applicable to a plan"
# every kind of corruption applied to some plan
for k in $kinds; do
    c=$(grep -cx "$k" "$work/applied")
    [ "$c" -gt 0 ] || { echo "FAIL: no plan could be corrupted by $k"; fail=$((fail + 1)); }
    printf ' %s %s' "$k" "$c"
done
echo
[ $fail -eq 0 ] && [ $total -ge 200 ]
