#!/bin/sh
# window_speed.sh: what time windows between steps and scrap cost the
# dispatching pass. Plans the plant of about 100,000 operations of
# plan_speed.sh as it is, with windows (genplant --windows: about one step in
# four after another gets `within 0 min` to `within 8 h`; the plant is
# otherwise the same), and with windows and scrap (genplant --scrap as well:
# about a quarter of the steps and BOM lines scrap 1-8%), alternately,
# several times on one core, and prints the medians of the schedule's time,
# their ratios to the plain plant's (the goal: at most 1.5), and how many
# windows the plan holds.
#
#   bench/window_speed.sh [BUILD_DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-5}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-window-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$build/takt-genplant" --machines 500 --products 1000 --steps 10 --orders 10000 --materials 200 > "$dir/plain.takt"
"$build/takt-genplant" --machines 500 --products 1000 --steps 10 --orders 10000 --materials 200 --windows > "$dir/windows.takt"
"$build/takt-genplant" --machines 500 --products 1000 --steps 10 --orders 10000 --materials 200 --windows --scrap \
    > "$dir/scrap.takt"
: > "$dir/plain.stats"
: > "$dir/windows.stats"
: > "$dir/scrap.stats"
i=0
while [ $i -lt "$runs" ]; do
    for v in plain windows scrap; do
        taskset -c 0 "$build/takt" plan -q --no-report --stats "$dir/$v.takt" -o "$dir/$v.plan" 2>> "$dir/$v.stats" >/dev/null
    done
    i=$((i + 1))
done
printf '%-8s %10s %10s %10s %10s\n' "plant" "operations" "schedule" "windows" "not held"
for v in plain windows scrap; do
    ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/$v.stats" | head -1)
    sched=$(sed -n 's/.*schedule \([0-9.]*\) s.*/\1/p' "$dir/$v.stats" | median)
    echo "$sched" > "$dir/$v.median"
    printf '%-8s %10s %9.3fs %10s %10s\n' "$v" "$ops" "$sched" "$(grep -c '^op .* within ' "$dir/$v.plan" || true)" \
        "$(grep -c '^op .* overrun ' "$dir/$v.plan" || true)"
done
echo "(scrap: the plant with windows and scrap)"
for v in windows scrap; do
    echo "ratio ($v / plain): $(paste "$dir/$v.median" "$dir/plain.median" | awk '{ printf "%.2f", $1 / $2 }') (goal: at most 1.5)"
done
