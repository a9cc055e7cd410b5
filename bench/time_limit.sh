#!/bin/bash
# time_limit.sh: does takt plan --time-limit hold on large plants, and how
# soon does Ctrl-C answer? Generates plants of about 10k to 240k operations
# with genplant (as bench/plan_speed.sh does), plans each with a few time
# limits, and prints the search time asked and taken (--stats: from the
# start of the search, building its graph and decoding the dispatch plan
# included, to the best plan written back), and the whole run. Then it
# starts a search with a limit of 300 s, sends SIGINT once the search is
# under way, and prints how long takt took to end, writing the best plan
# (the search itself stops within milliseconds; the rest is decoding the
# best plan once more and writing the plan file).
#
#   bench/time_limit.sh [BUILD_DIR] [LIMITS...]
#
# The goal (docs/search.md): the search ends within its limit, or at most
# one second or 5 % after it, whichever is larger; Ctrl-C is answered at
# once and takt ends within about a second plus the time to write the plan.
set -eu
set -m # background jobs keep SIGINT (a shell without job control ignores it in them)
build=${1:-build}
shift || true
limits=${*:-2 10 30}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-limit-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
now() { date +%s.%N; }

printf '%-10s %8s %10s %10s %8s\n' "operations" "asked" "search" "whole run" "within"
for scale in 1 3 6 12 24; do
    model=$dir/plant$scale.takt
    "$build/takt-genplant" --machines $((50 * scale)) --products $((100 * scale)) --steps 10 \
        --orders $((1000 * scale)) --materials $((20 * scale)) > "$model"
    for limit in $limits; do
        t0=$(now)
        "$build/takt" plan -q --no-report --stats --time-limit "$limit" "$model" -o "$dir/out.plan" 2> "$dir/stats"
        t1=$(now)
        ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/stats" | head -1)
        search=$(sed -n 's/.*, search \([0-9.]*\) s.*/\1/p' "$dir/stats" | tail -1)
        ok=$(echo "$search $limit" | awk '{ slack = $2 * 0.05; if (slack < 1) slack = 1; print ($1 <= $2 + slack) ? "yes" : "NO" }')
        printf '%-10s %7ss %9.3fs %9.3fs %8s\n' "$ops" "$limit" "$search" "$(echo "$t1 - $t0" | bc)" "$ok"
    done
done

echo
printf '%-10s %12s %14s %12s\n' "operations" "SIGINT at" "takt ended" "plan written"
for scale in 1 6 24; do
    model=$dir/plant$scale.takt
    # the search starts after checking and dispatching: some 20 s per
    # million operations; SIGINT comes a few seconds into the search
    "$build/takt" plan -q --no-report --time-limit 0 --stats "$model" 2> "$dir/stats"
    before=$(sed -n 's/.*total \([0-9.]*\) s.*/\1/p' "$dir/stats")
    at=$(echo "$before" | awk '{ printf "%.1f", $1 + 3 }')
    rm -f "$dir/out.plan"
    "$build/takt" plan -q --no-report --stats --time-limit 300 "$model" -o "$dir/out.plan" 2> "$dir/stats" &
    pid=$!
    sleep "$at"
    t0=$(now)
    kill -INT $pid
    wait $pid || true
    t1=$(now)
    ops=$(sed -n 's/.*(\([0-9]*\) operations.*/\1/p' "$dir/stats" | head -1)
    written=$([ -s "$dir/out.plan" ] && echo yes || echo NO)
    printf '%-10s %11ss %13.3fs %12s\n' "$ops" "$at" "$(echo "$t1 - $t0" | bc)" "$written"
done
echo "(search: --stats, the search's own time; whole run: checking, dispatching, searching and writing;"
echo " within: search <= asked + max(1 s, 5 %); takt ended: seconds from SIGINT to the end of takt)"
