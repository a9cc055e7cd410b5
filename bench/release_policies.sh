#!/bin/sh
# release_policies.sh: as-soon-as-possible against just-in-time release
# (docs/planning.md, "Release") on generated plants. For each seed, one
# plant of takt-genplant (two BOM levels, orders spread over the horizon),
# planned by dispatching under each policy; a table of work in process
# (hours from each order's first start to its end, summed), the mean wait
# between a step or a component and the next, tardiness and makespan, each
# plan verified.
#
#   sh bench/release_policies.sh TAKT GENPLANT [SEEDS]
#
# bench/release_policies.md holds a run of it.
set -u
takt=$1
genplant=$2
seeds=${3:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-release-XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '| plant | release | WIP (h) | mean wait | tardiness (h) | makespan (h) |\n|---|---|---:|---:|---:|---:|\n'
s=0
while [ $s -lt "$seeds" ]; do
    s=$((s + 1))
    "$genplant" --machines $((4 + s % 6)) --products $((6 + s % 9)) --steps 4 --orders $((20 + (s * 7) % 30)) \
        --materials 3 --levels 2 --seed $s --rule edd > "$work/p.takt"
    for r in as_soon_as_possible just_in_time; do
        if ! "$takt" plan -q --iterations 0 --release $r "$work/p.takt" -o "$work/p.plan" --format=json \
            > "$work/r.json" 2> /dev/null; then
            echo "| $s | $r | (not planned) | | | |"
            continue
        fi
        "$takt" verify -q "$work/p.takt" "$work/p.plan" > /dev/null 2>&1 || echo "| $s | $r | VERIFY FAILED | | | |"
        python3 - "$s" "$r" "$work/r.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[3]))
f, m = d["flow"], d["summary"]
print("| %s | %s | %.0f | %.0f min | %.1f | %.1f |" % (sys.argv[1], sys.argv[2].replace("_", " "), f["wip_hours"],
      f["mean_wait_minutes"], m["tardiness_minutes"] / 60.0, m["makespan_minutes"] / 60.0))
PY
    done
done
