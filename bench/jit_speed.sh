#!/bin/sh
# jit_speed.sh: the interpreter against the LLVM JIT.
#
#   bench/jit_speed.sh [BUILD_DIR] [RUNS] [SCALE]     (SCALE 10: 100k operations)
#
# 1. A rule-heavy plant: the 100,000-operation plant of plan_speed.sh with a
#    composite ATC-like dispatch rule over several attributes (genplant
#    --rule heavy), every order released at the start (--release start), so
#    every machine has a long queue and the rule is evaluated for many
#    candidates at every decision. It is planned with --engine=interp and
#    --engine=jit on one core, RUNS times each, and the medians of what
#    --stats reports are printed with their ratios: the time spent
#    evaluating the dispatch rule, the JIT's compile time, the dispatching
#    pass (without the compile), the pass with the compile, and the whole
#    run (reading and checking the model, materials, the pass, writing the
#    plan file). The two plans must be the same bytes.
# 2. The same plant with its orders spread over the horizon (plan_speed.sh's
#    plant, short queues), the same way.
# 3. The JIT's compile time for every example (goal: under 50 ms each).
# 4. --engine=auto against both engines on plants of 10k to 80k operations,
#    with the standard ATC rule and the heavy one, orders spread or released
#    at once: the dispatching pass plus the compile, for each engine. Auto
#    starts interpreted and compiles when the rule work still ahead passes
#    AUTO_JIT_MIN_WORK (cli/cmd_plan.c, docs/planning.md "Engines").
set -eu
build=${1:-build}
runs=${2:-5}
scale=${3:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-jit-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# field NAME FILE: the median of "NAME x s" over the --stats lines in FILE
field() { sed -n "s/.* $1 \\([0-9.]*\\) s.*/\\1/p" "$2" | median; }
rules() { sed -n 's/.*rule evaluations taking \([0-9.]*\) s.*/\1/p' "$1" | median; }
# sum A B FILE: the median of A + B per run
sum() { sed -n "s/.* $1 \\([0-9.]*\\) s.* $2 \\([0-9.]*\\) s.*/\\1 \\2/p" "$3" | awk '{ print $1 + $2 }' | median; }

# plan MODEL ENGINE OUT: RUNS runs on one core, their --stats lines in OUT
plan() {
    : > "$3"
    i=0
    while [ $i -lt "$runs" ]; do
        taskset -c 0 "$build/takt" plan -q --no-report --time-limit 0 --engine="$2" --stats "$1" \
            -o "$dir/$2.plan" 2>> "$3" > /dev/null
        i=$((i + 1))
    done
}

# compare MODEL TITLE: the table for one plant
compare() {
    plan "$1" interp "$dir/interp"
    plan "$1" jit "$dir/jit"
    cmp -s "$dir/interp.plan" "$dir/jit.plan" && same=yes || same=NO
    ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/jit" | head -1)
    evals=$(sed -n 's/.*operations, \([0-9]*\) rule evaluations.*/\1/p' "$dir/jit" | head -1)
    echo "$2"
    printf '%s operations, %s rule evaluations; plans identical: %s\n\n' "$ops" "$evals" "$same"
    printf '  %-26s %10s %10s %8s  %s\n' "" "interp" "jit" "ratio" "goal"
    awk -v a="$(rules "$dir/interp")" -v b="$(rules "$dir/jit")" \
        'BEGIN { printf "  %-26s %9.4fs %9.4fs %7.1fx  %s\n", "rule evaluation", a, b, a / b, ">= 10x" }'
    awk -v b="$(field compile "$dir/jit")" \
        'BEGIN { printf "  %-26s %10s %9.4fs %8s  %s\n", "JIT compile", "-", b, "", "< 50 ms" }'
    awk -v a="$(field schedule "$dir/interp")" -v b="$(field schedule "$dir/jit")" \
        'BEGIN { printf "  %-26s %9.4fs %9.4fs %7.2fx\n", "dispatching pass", a, b, a / b }'
    awk -v a="$(field schedule "$dir/interp")" -v b="$(sum compile schedule "$dir/jit")" \
        'BEGIN { printf "  %-26s %9.4fs %9.4fs %7.2fx\n", "pass + compile", a, b, a / b }'
    awk -v a="$(field total "$dir/interp")" -v b="$(field total "$dir/jit")" \
        'BEGIN { printf "  %-26s %9.4fs %9.4fs %7.2fx  %s\n", "whole run", a, b, a / b, ">= 3x" }'
    awk -v c="$(field check "$dir/jit")" -v m="$(field materials "$dir/jit")" -v w="$(field write "$dir/jit")" \
        'BEGIN { printf "  (the same in both: check %.3f s, materials %.3f s, writing the plan %.3f s)\n\n", c, m, w }'
}

gen() { "$build/takt-genplant" --machines $((50 * scale)) --products $((100 * scale)) --steps 10 \
    --orders $((1000 * scale)) --materials $((20 * scale)) "$@"; }
gen --rule heavy --release start > "$dir/heavy.takt"
gen --rule heavy > "$dir/spread.takt"
echo "medians of $runs runs on one core"
echo
compare "$dir/heavy.takt" "1. rule-heavy plant (genplant --rule heavy --release start)"
compare "$dir/spread.takt" "2. the same plant, orders spread over the horizon (genplant --rule heavy)"

echo "3. JIT compile time per example (median of $runs; goal < 50 ms)"
for ex in "$root"/examples/*/main.takt; do
    : > "$dir/ex"
    i=0
    while [ $i -lt "$runs" ]; do
        taskset -c 0 "$build/takt" plan -q --no-report --time-limit 0 --engine=jit --stats "$ex" \
            -o "$dir/ex.plan" 2>> "$dir/ex" > /dev/null
        i=$((i + 1))
    done
    printf '  %-28s %6.1f ms\n' "$(basename "$(dirname "$ex")")" "$(field compile "$dir/ex" | awk '{ print $1 * 1000 }')"
done
echo

echo "4. --engine=auto against both engines: dispatching pass plus compile (medians of $runs)"
printf '  %-14s %10s %10s %10s %10s   %s\n' "plant" "operations" "interp" "jit" "auto" "auto ran"
for rule in atc heavy; do
    for release in spread start; do
        for orders in 1000 4000 8000; do
            "$build/takt-genplant" --machines $((orders / 20)) --products $((orders / 10)) --steps 10 \
                --orders "$orders" --materials $((orders / 50)) --rule $rule --release $release > "$dir/size.takt"
            for eng in interp jit auto; do plan "$dir/size.takt" $eng "$dir/$eng"; done
            ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/jit" | head -1)
            ran=$(sed -n 's/.*engine \([a-z]*\),.*/\1/p' "$dir/auto" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
            cmp -s "$dir/interp.plan" "$dir/jit.plan" && cmp -s "$dir/interp.plan" "$dir/auto.plan" || ran="$ran, PLANS DIFFER"
            printf '  %-14s %10s %9.4fs %9.4fs %9.4fs   %s\n' "$rule/$release" "$ops" "$(field schedule "$dir/interp")" \
                "$(sum compile schedule "$dir/jit")" "$(sum compile schedule "$dir/auto")" "$ran"
        done
    done
done
echo "  (auto starts interpreted and compiles once the dispatch rule's remaining work, estimated"
echo "   from the recent evaluations per decision, exceeds AUTO_JIT_MIN_WORK in cli/cmd_plan.c)"
