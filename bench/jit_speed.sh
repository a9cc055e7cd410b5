#!/bin/sh
# jit_speed.sh: the interpreter against the LLVM JIT on a rule-heavy plant.
#
# Generates the 100,000-operation plant of plan_speed.sh with a composite
# ATC-like dispatch rule over several attributes (genplant --rule heavy),
# plans it with --engine=interp and --engine=jit on one core, several times
# each, and prints the medians: the time spent evaluating rules, the JIT's
# compile time, the schedule pass and the whole run, with the ratios. Then
# the JIT's compile time for every example.
#
#   bench/jit_speed.sh [BUILD_DIR] [RUNS] [SCALE]     (SCALE 10: 100k operations)
set -eu
build=${1:-build}
runs=${2:-5}
scale=${3:-10}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-jit-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.*$1 \\([0-9.]*\\) s.*/\\1/p" "$2" | median; }

"$build/takt-genplant" --machines $((50 * scale)) --products $((100 * scale)) --steps 10 \
    --orders $((1000 * scale)) --materials $((20 * scale)) --rule heavy > "$dir/plant.takt"
for eng in interp jit; do
    : > "$dir/$eng"
    i=0
    while [ $i -lt "$runs" ]; do
        taskset -c 0 "$build/takt" plan -q --no-report --time-limit 0 --engine=$eng --stats "$dir/plant.takt" \
            -o "$dir/$eng.plan" 2>> "$dir/$eng" > /dev/null
        i=$((i + 1))
    done
done
cmp -s "$dir/interp.plan" "$dir/jit.plan" && same=yes || same=NO
ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/jit" | head -1)
evals=$(sed -n 's/.*operations, \([0-9]*\) rule evaluations.*/\1/p' "$dir/jit" | head -1)
ri=$(sed -n 's/.*rule evaluations taking \([0-9.]*\) s.*/\1/p' "$dir/interp" | median)
rj=$(sed -n 's/.*rule evaluations taking \([0-9.]*\) s.*/\1/p' "$dir/jit" | median)
ci=$(field compile "$dir/interp"); cj=$(field compile "$dir/jit")
si=$(field schedule "$dir/interp"); sj=$(field schedule "$dir/jit")
ti=$(field total "$dir/interp"); tj=$(field total "$dir/jit")
printf '%s operations, %s rule evaluations; plans identical: %s (medians of %s runs, one core)\n\n' "$ops" "$evals" "$same" "$runs"
printf '%-20s %10s %10s %8s %s\n' "" "interp" "jit" "ratio" "goal"
awk -v a="$ri" -v b="$rj" 'BEGIN { printf "%-20s %9.3fs %9.3fs %7.1fx %s\n", "rule evaluation", a, b, a / b, ">= 10x" }'
awk -v b="$cj" 'BEGIN { printf "%-20s %10s %9.3fs %8s %s\n", "JIT compile", "-", b, "", "< 50 ms" }'
awk -v a="$si" -v b="$sj" 'BEGIN { printf "%-20s %9.3fs %9.3fs %7.2fx\n", "schedule pass", a, b, a / b }'
awk -v a="$ti" -v b="$tj" 'BEGIN { printf "%-20s %9.3fs %9.3fs %7.2fx %s\n", "whole run", a, b, a / b, ">= 3x" }'
echo
echo "JIT compile time per example (median of $runs):"
root=$(cd "$(dirname "$0")/.." && pwd)
for ex in "$root"/examples/*/main.takt; do
    : > "$dir/ex"
    i=0
    while [ $i -lt "$runs" ]; do
        "$build/takt" plan -q --no-report --time-limit 0 --engine=jit --stats "$ex" -o "$dir/ex.plan" 2>> "$dir/ex" > /dev/null
        i=$((i + 1))
    done
    printf '  %-28s %6.1f ms\n' "$(basename "$(dirname "$ex")")" "$(field compile "$dir/ex" | awk '{ print $1 * 1000 }')"
done
