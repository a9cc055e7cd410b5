#!/bin/sh
# search_engines.sh: the optimising search with the interpreter against the
# compiled rules (docs/search.md, "Engines").
#
#   bench/search_engines.sh [BUILD_DIR] [RUNS] [SECONDS] [SIZES]
#
# Generated plants with what makes the general search evaluate rules:
# calendars, setups by attribute and by rule (genplant --setup-rule), cost
# rules (--variety), and a cost or a tardiness objective (--objective), of
# about 1,000 and 10,000 operations (SIZES: orders per plant, 170 and 1700
# by default; add 17000 for 100,000). Each is searched for SECONDS (default
# 10) on one thread pinned to one core with --engine=interp and
# --engine=jit, RUNS times each (default 3); the table gives the medians of
# the search's steps per second and of the objective it reached, for each
# engine. Then a fixed number of steps (--iterations, the same seed) with
# both engines: the plans must be the same bytes.
set -eu
build=${1:-build}
runs=${2:-3}
secs=${3:-10}
sizes=${4:-"170 1700"}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-search-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# the search's --stats line: "search S s, N iterations, objective A -> B, ..."
steps() { sed -n 's/.*stats: search \([0-9.]*\) s, \([0-9]*\) iterations.*/\2 \1/p' "$1" | awk '{ print $1 / $2 }' | median; }
objective() { sed -n 's/.*stats: search .*objective [0-9.e+-]* -> \([0-9.e+-]*\),.*/\1/p' "$1" | median; }
start_obj() { sed -n 's/.*stats: search .*objective \([0-9.e+-]*\) -> .*/\1/p' "$1" | head -1; }

# search MODEL ENGINE OUT: RUNS searches of SECS on one core, their --stats in OUT
search() {
    : > "$3"
    i=0
    while [ $i -lt "$runs" ]; do
        taskset -c 0 "$build/takt" plan -q --no-report --threads 1 --time-limit "$secs" --engine="$2" --stats \
            "$1" -o "$dir/$2.plan" 2>> "$3" > /dev/null
        i=$((i + 1))
    done
}

echo "search steps per second and the objective after $secs s, interpreted and compiled"
echo "(medians of $runs runs, one thread on one core)"
echo
printf '  %-30s %6s %11s %11s %7s %15s %15s %15s %s\n' "plant" "ops" "steps/s int" "steps/s jit" "ratio" \
    "objective start" "after, interp" "after, jit" "plans"
for orders in $sizes; do
    for obj in cost tardiness; do
        "$build/takt-genplant" --machines $((orders / 10 + 5)) --products $((orders / 5 + 5)) --steps 6 \
            --orders "$orders" --materials $((orders / 20 + 5)) --variety --setup-rule --objective $obj \
            > "$dir/plant.takt"
        search "$dir/plant.takt" interp "$dir/interp"
        search "$dir/plant.takt" jit "$dir/jit"
        grep -q "stats: search.*engine jit" "$dir/jit" || { echo "the JIT's search did not run compiled"; exit 1; }
        ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/jit" | head -1)
        # byte-identical plans after the same steps
        for eng in interp jit; do
            taskset -c 0 "$build/takt" plan -q --no-report --threads 1 --iterations 20 --seed 1 --engine=$eng \
                "$dir/plant.takt" -o "$dir/$eng.it.plan" > /dev/null 2>&1
        done
        cmp -s "$dir/interp.it.plan" "$dir/jit.it.plan" && same=same || same=DIFFER
        a=$(steps "$dir/interp")
        b=$(steps "$dir/jit")
        printf '  %-30s %6s %11.1f %11.1f %6.2fx %15.2f %15.2f %15.2f %s\n' "$obj, $orders orders" "$ops" "$a" "$b" \
            "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')" "$(start_obj "$dir/jit")" "$(objective "$dir/interp")" \
            "$(objective "$dir/jit")" "$same"
    done
done
echo
echo "(genplant --variety --setup-rule --objective cost|tardiness; steps are the search's iterations over its"
echo " time, the first decode of the dispatch plan included; \"plans\": 20 steps with a seed, both engines)"
