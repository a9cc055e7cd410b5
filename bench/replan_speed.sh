#!/bin/sh
# replan_speed.sh: re-planning the 100,000-operation plant of plan_speed.sh
# with 30% of it done takes no longer than planning it from scratch.
#
# Plans the generated plant (dispatching only), reports every operation the
# plan starts before the moment by which 30% of them have started as
# actuals (done, or running at that moment), and plans again with them.
# Prints the medians of several runs of each: the check (which now reads
# the actuals too), the schedule pass and the whole run, on one core.
#
#   bench/replan_speed.sh [BUILD_DIR] [RUNS] [SCALE]    (SCALE 10: 100k operations)
set -eu
build=${1:-build}
runs=${2:-5}
scale=${3:-10}
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-replan-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$build/takt-genplant" --machines $((50 * scale)) --products $((100 * scale)) --steps 10 \
    --orders $((1000 * scale)) --materials $((20 * scale)) > "$dir/plant.takt"
"$build/takt" plan -q --no-report --time-limit 0 "$dir/plant.takt" -o "$dir/plan0" > /dev/null
ops=$(grep -c '^op ' "$dir/plan0")
# the moment by which 30% of the operations have started
t=$(awk '/^op / { for (i = 1; i <= NF; i++) if ($i == "start") print $(i + 1) }' "$dir/plan0" | sort |
    awk -v n="$ops" 'NR == int(n * 0.3) { print; exit }')
awk -v T="$t" 'function tm(s) { sub("T", " ", s); return s }
    BEGIN { print "actuals {"; print "  now " tm(T) }
    /^op / {
        for (i = 1; i <= NF; i++) { if ($i == "start") s = $(i + 1); if ($i == "end") e = $(i + 1)
                                    if ($i == "machine") m = $(i + 1); if ($i == "unit") u = $(i + 1) }
        if (s >= T) next
        printf "  op \"%s\" %s on %s %s { start %s", $2, $3, m, u, tm(s)
        if (e <= T) printf "  end %s", tm(e)
        print " }"
    }
    END { print "}" }' "$dir/plan0" > "$dir/actuals.takt"
cat "$dir/plant.takt" "$dir/actuals.takt" > "$dir/replan.takt"
reported=$(grep -c '^  op ' "$dir/actuals.takt")

# the runs of the two alternate, so that a slower moment of the machine
# weighs on both alike
: > "$dir/stats.plant"
: > "$dir/stats.replan"
i=0
while [ $i -lt "$runs" ]; do
    for kind in plant replan; do
        taskset -c 0 "$build/takt" plan -q --no-report --time-limit 0 --stats "$dir/$kind.takt" -o "$dir/out.$kind" \
            2>> "$dir/stats.$kind" > /dev/null
    done
    i=$((i + 1))
done
"$build/takt" verify -q "$dir/replan.takt" "$dir/out.replan" > /dev/null 2>&1 && valid=yes || valid=NO
printf '%s operations, %s reported (30%%, now %s); the re-plan verifies: %s\n\n' "$ops" "$reported" "$t" "$valid"
printf '%-22s %10s %10s %10s %8s\n' "" "check" "schedule" "total" "peak MB"
for kind in plant replan; do
    check=$(sed -n 's/.*check \([0-9.]*\) s.*/\1/p' "$dir/stats.$kind" | median)
    sched=$(sed -n 's/.*schedule \([0-9.]*\) s.*/\1/p' "$dir/stats.$kind" | median)
    total=$(sed -n 's/.*total \([0-9.]*\) s.*/\1/p' "$dir/stats.$kind" | median)
    mem=$(sed -n 's/.*peak memory \([0-9]*\) MB.*/\1/p' "$dir/stats.$kind" | median)
    [ $kind = plant ] && label="plan from scratch" || label="re-plan, 30% done"
    printf '%-22s %9.3fs %9.3fs %9.3fs %8s\n' "$label" "$check" "$sched" "$total" "$mem"
    eval "total_$kind=$total"
done
echo
awk -v a="$total_plant" -v b="$total_replan" 'BEGIN { printf "re-plan / plan: %.2f (goal: at most 1)\n", b / a }'
