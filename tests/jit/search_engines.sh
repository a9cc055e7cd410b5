#!/bin/sh
# search_engines.sh: the optimising search evaluates setup rules, cost rules
# and the objective through the chosen engine, and gives the same plan
# whichever engine runs (docs/search.md, "Engines").
#
#  1. every example, and generated plants (calendars, setups by attribute
#     and by rule, cost rules, pools, batch machines, subcontractors and
#     pins, with the makespan, cost and tardiness objectives), planned with --iterations
#     and a seed by the interpreter and by the JIT: byte-identical plans, and
#     --stats says the JIT's search ran compiled;
#  2. --engine=auto on a search long enough to compile in the background
#     (SEARCH_COMPILE_MIN_WORK): it starts interpreted, switches to the
#     compiled rules (--stats says when), and plans what the interpreter
#     plans.
#
#   search_engines.sh TAKT REPO_ROOT GENPLANT [PLANTS]
set -u
takt=$1
root=$2
genplant=$3
plants=${4:-120}
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-search-engines-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

# same MODEL NAME ITERATIONS SEED: interp and jit plan it alike
same() {
    model=$1 name=$2 iters=$3 seed=$4
    "$takt" plan -q --no-report --stats --iterations "$iters" --seed "$seed" --engine interp "$model" \
        -o "$work/$name.interp.plan" > /dev/null 2> "$work/$name.interp.err" ||
        { no "$name: the interpreter does not plan: $(cat "$work/$name.interp.err")"; return; }
    "$takt" plan -q --no-report --stats --iterations "$iters" --seed "$seed" --engine jit "$model" \
        -o "$work/$name.jit.plan" > /dev/null 2> "$work/$name.jit.err" ||
        { no "$name: the JIT does not plan: $(cat "$work/$name.jit.err")"; return; }
    grep -q "warning: the JIT" "$work/$name.jit.err" && no "$name: $(cat "$work/$name.jit.err")"
    # a search that ran evaluated its rules compiled
    if grep -q "stats: search" "$work/$name.jit.err"; then
        grep -q "stats: search.*engine jit" "$work/$name.jit.err" ||
            no "$name: the search did not run compiled: $(grep 'stats: search' "$work/$name.jit.err")"
        searched=$((searched + 1))
        grep -q '^batch ' "$work/$name.jit.plan" && batched=$((batched + 1))
    fi
    cmp -s "$work/$name.interp.plan" "$work/$name.jit.plan" ||
        no "$name: the JIT's plan is not the interpreter's (seed $seed, $iters iterations)"
}

searched=0 batched=0
for model in "$root"/examples/*/main.takt "$root/examples/electronics/forecast.takt"; do
    name=$(basename "$(dirname "$model")")-$(basename "$model" .takt)
    same "$model" "$name" 200 7
done

k=0
while [ $k -lt "$plants" ]; do
    case $((k % 6)) in
    0) opts="--variety --setup-rule --objective cost" ;;
    1) opts="--setup-rule --objective tardiness --rule heavy --batch 2" ;;
    2) opts="--variety --objective makespan --receiving" ;;
    3) opts="--setup-rule --objective cost --steer" ;;
    4) opts="--variety --setup-rule --objective tardiness --pools 2 --batch 1" ;;
    5) opts="--setup-rule --objective cost --release start --rule edd" ;;
    esac
    # shellcheck disable=SC2086
    "$genplant" --seed $((k + 1)) --machines $((3 + k % 5)) --products $((4 + k % 7)) --steps $((2 + k % 4)) \
        --orders $((8 + k % 23)) --materials 5 $opts > "$work/g$k.takt"
    same "$work/g$k.takt" "g$k" 30 $((k % 5))
    rm -f "$work/g$k".*
    k=$((k + 1))
done
[ $searched -ge $((plants / 2)) ] || no "only $searched of the plans searched"
# plants with batch machines among them: the search's cycles, the same under both engines
[ $batched -ge $((plants / 12)) ] || no "only $batched of the searched plans have cycles of batch machines"

# --engine=auto: compiled in the background, then switched to
"$genplant" --seed 11 --machines 8 --products 12 --steps 4 --orders 40 --variety --setup-rule --objective cost \
    > "$work/auto.takt"
ops=$("$takt" plan -q --no-report --stats --time-limit 0 "$work/auto.takt" -o "$work/auto0.plan" 2>&1 |
    sed -n 's/.*schedule [0-9.]* s (\([0-9]*\) operations.*/\1/p')
iters=$((3000000 / ${ops:-1} + 1)) # three times the work that compiles: time for a busy machine to compile
"$takt" plan -q --no-report --stats --iterations $iters --seed 3 --engine interp "$work/auto.takt" \
    -o "$work/auto.interp.plan" > /dev/null 2>&1 || no "auto: the interpreter does not plan"
"$takt" plan -q --no-report --stats --iterations $iters --seed 3 --engine auto "$work/auto.takt" \
    -o "$work/auto.auto.plan" > /dev/null 2> "$work/auto.err" || no "auto: does not plan"
grep -q "stats: search.*engine interp, then jit after" "$work/auto.err" ||
    no "auto: the search did not switch to compiled rules: $(grep 'stats: search' "$work/auto.err")"
cmp -s "$work/auto.interp.plan" "$work/auto.auto.plan" || no "auto: not the interpreter's plan"

[ $fail -eq 0 ] && echo "search_engines: ok ($searched searches compared, $batched with batch machines)"
exit $fail
