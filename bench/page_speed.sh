#!/bin/sh
# page_speed.sh: how large the plan page is and how fast a browser shows it.
# Generates plants of about 1k, 10k and 100k operations with genplant (the
# plant of bench/plan_speed.sh, scaled), writes each plan's page with
# takt plan --html, opens it in headless Chromium from disk with #bench, and
# reads what the page measured itself (performance.now): the time from the
# start of navigation to the end of the first render of the chart (reading
# the page, parsing its data, indexing it, drawing), the script's part of
# it, and the time of one frame while panning at a ten-day zoom (60 frames,
# each a full redraw, as a drag does) and of the whole plan in view.
#
#   bench/page_speed.sh [BUILD_DIR] [RUNS]
#
# The goals (docs/planning.md, "The page"): the first render of a
# 100,000-operation plan within 1 s (and proportionally less, at least
# 250 ms, for smaller ones); a panning frame within 16.7 ms (60 frames a
# second). Chromium: $TAKT_CHROMIUM, or chromium on the PATH.
set -eu
build=${1:-build}
runs=${2:-3}
browser=${TAKT_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$browser" ] || { echo "page_speed: no Chromium (apt-get install chromium)" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-page-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
scaled() { echo "$1 $2" | awk '{ printf "%d", $1 * $2 }'; }

printf '%-10s %9s %8s %10s %9s %9s %9s %8s %7s %9s %7s\n' "operations" "page" "write" "first view" "script" "pan mean" \
    "pan p95" "all" "goal" "ratio" "frame"
for scale in 0.1 1 10; do
    model=$dir/plant.takt
    "$build/takt-genplant" --machines "$(scaled 50 $scale)" --products "$(scaled 100 $scale)" --steps 10 \
        --orders "$(scaled 1000 $scale)" --materials "$(scaled 20 $scale)" > "$model"
    t0=$(date +%s%N)
    "$build/takt" plan -q --no-report --iterations 0 "$model" --html "$dir/page.html"
    t1=$(date +%s%N)
    write=$(( (t1 - t0) / 1000000 ))
    size=$(wc -c < "$dir/page.html")
    : > "$dir/runs"
    i=0
    while [ $i -lt "$runs" ]; do
        rm -rf "$dir/profile"
        timeout 600 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
            --user-data-dir="$dir/profile" --window-size=1400,900 --dump-dom "file://$dir/page.html#bench" 2>/dev/null |
            sed -n 's/.*<pre id="takt-bench"[^>]*>\([^<]*\)<\/pre>.*/\1/p' >> "$dir/runs"
        i=$((i + 1))
    done
    ops=$(field ops < "$dir/runs" | head -1)
    nav=$(field sinceNavigationMs < "$dir/runs" | median)
    script=$(field renderMs < "$dir/runs" | median)
    pan=$(field panMeanMs < "$dir/runs" | median)
    p95=$(field panP95Ms < "$dir/runs" | median)
    full=$(field fullViewMs < "$dir/runs" | median)
    goal=$(echo "$ops" | awk '{ g = $1 / 100; printf "%.0f", g < 250 ? 250 : g }')
    printf '%-10s %8.1fM %6sms %8.0fms %7.0fms %7.2fms %7.2fms %6.1fms %5sms %9.2f %7.2f\n' "$ops" \
        "$(echo "$size" | awk '{ print $1 / 1048576 }')" "$write" "$nav" "$script" "$pan" "$p95" "$full" "$goal" \
        "$(echo "$nav $goal" | awk '{ print $1 / $2 }')" "$(echo "$pan" | awk '{ print $1 / 16.7 }')"
done
echo "(medians of $runs runs in headless $("$browser" --version 2>/dev/null | head -1), software rendering;"
echo " first view: navigation start to the chart drawn; script: the page's script to the same point;"
echo " pan: one redraw while dragging at a ten-day zoom; all: the whole plan in view;"
echo " ratio = first view / goal; frame = pan mean / 16.7 ms)"
