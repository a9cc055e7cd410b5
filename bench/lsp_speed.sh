#!/bin/sh
# lsp_speed.sh: takt lsp on the generated plant of about 100,000 lines
# (check_speed.sh's): the time from a change to its diagnostics, with the
# server on one core, and its memory after 10,000 edits against the goal of
# no growth beyond the model's size. The change is a comment line at the
# end, made and undone; the first 50 are timed.
#
#   bench/lsp_speed.sh [BUILD_DIR] [EDITS]
set -eu
build=${1:-build}
edits=${2:-10000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-lsp-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$build/takt-genplant" --machines 500 --products 1300 --steps 8 --orders 10000 --materials 300 --levels 3 > "$dir/plant.takt"
echo "takt check of the same file:"
/usr/bin/time -f '  %e s, %M kB' taskset -c 0 "$build/takt" check -q "$dir/plant.takt" 2>&1 | tail -1
for d in --debounce=0 --debounce=50; do
    taskset -c 0 "$build/tests/lsp_client" --bench "$build/takt" "$dir/plant.takt" "$edits" "$d"
done
