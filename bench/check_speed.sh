#!/bin/sh
# check_speed.sh: how fast `takt check` reads a large model. Generates a plant
# of about 100,000 lines with genplant, checks it several times on one core,
# and prints the median against the goal of one second.
#
#   bench/check_speed.sh [BUILD_DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-7}
model=$(mktemp "${TMPDIR:-/tmp}/takt-check-bench-XXXXXX.takt")
trap 'rm -f "$model" "$model.times"' EXIT
"$build/takt-genplant" --machines 500 --products 1300 --steps 8 --orders 10000 --materials 300 --levels 3 > "$model"
lines=$(wc -l < "$model")
bytes=$(wc -c < "$model")
: > "$model.times"
i=0
while [ $i -lt "$runs" ]; do
    start=$(date +%s.%N)
    taskset -c 0 "$build/takt" check -q "$model" 2>/dev/null || { echo "check failed" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$start $end" | awk '{ printf "%.6f\n", $2 - $1 }' >> "$model.times"
    i=$((i + 1))
done
median=$(sort -n "$model.times" | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
printf '%-28s %12s %12s %8s\n' "benchmark" "takt" "goal" "ratio"
printf '%-28s %11.3fs %11.3fs %8.3f\n' "check $lines lines" "$median" 1.0 "$(echo "$median" | awk '{ print $1 / 1.0 }')"
printf '(%d bytes; median of %d runs on one core; lines per second: %.0f)\n' "$bytes" "$runs" \
    "$(echo "$median $lines" | awk '{ print $2 / $1 }')"
