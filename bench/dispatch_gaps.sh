#!/bin/sh
# dispatch_gaps.sh: how good the dispatching pass alone is on the classic
# benchmark sets. Every job shop (jssp) and flexible job shop (fjsp)
# instance is imported with `takt import`, planned with each dispatching rule
# of std.rules, and the makespan (the latest end in the schedule CSV, in
# minutes after the start) compared with the best known value of bks.json.
#
#   bench/dispatch_gaps.sh [BUILD_DIR] [BENCH_DIR]
#
# Prints one row per instance — size, best known, the makespan and gap of
# each rule, the best rule — and the mean gap per rule and set.
set -eu
build=${1:-build}
bench=${2:-../shared/bench}
takt=$build/takt
rules="fifo spt lpt mwkr mopnr lwkr atc"
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-gaps-XXXXXX")
trap 'rm -rf "$work"' EXIT

# best known: the optimum, or else the upper bound, from bks.json
bks() {
    tr -d '\n' < "$1" | sed 's/}, *"/}\n"/g' | grep "^[{ ]*\"$2\"" |
        sed -n 's/.*"optimum": *\([0-9]*\).*/\1/p; s/.*"upper": *\([0-9]*\).*/\1/p' | head -1
}

for set in jssp fjsp; do
    dir=$bench/$set
    [ -d "$dir" ] || { echo "no $dir"; continue; }
    printf '\n%s\n%-8s %7s %6s' "$set" "instance" "size" "best"
    for r in $rules; do printf ' %11s' "$r"; done
    printf ' %8s\n' "best rule"
    : > "$work/gaps-$set"
    for f in "$dir"/*.txt "$dir"/*.fjs; do
        [ -f "$f" ] || continue
        name=$(basename "$f"); name=${name%.*}
        best=$(bks "$dir/bks.json" "$name")
        "$takt" import "$set" "$f" > "$work/m.takt"
        size=$(sed -n 's,^// \([0-9]*\) jobs\, \([0-9]*\) machines.*,\1x\2,p' "$work/m.takt" | head -1)
        printf '%-8s %7s %6s' "$name" "$size" "$best"
        bestgap=""
        line="$name"
        for r in $rules; do
            sed "s/^schedule { minimize makespan }/import std.rules\nschedule { dispatch std.$r  minimize makespan }/" \
                "$work/m.takt" > "$work/r.takt"
            if "$takt" plan -q --no-report "$work/r.takt" --schedule "$work/s.csv" 2>/dev/null; then
                ms=$(awk -F, 'NR > 1 { split($6, a, "T"); split(a[1], d, "-"); split(a[2], t, ":");
                        m = ((d[3] - 1) * 24 + t[1]) * 60 + t[2]; if (d[2] > 1) m += 31 * 1440;
                        if (m > max) max = m } END { print max + 0 }' "$work/s.csv")
                gap=$(echo "$ms $best" | awk '{ printf "%.1f", 100 * ($1 - $2) / $2 }')
                printf ' %5s %5s%%' "$ms" "$gap"
                line="$line $gap"
                if [ -z "$bestgap" ] || awk "BEGIN { exit !($gap < $bestgap) }"; then bestgap=$gap; fi
            else
                printf ' %11s' "failed"
                line="$line -"
            fi
        done
        printf ' %7s%%\n' "$bestgap"
        echo "$line $bestgap" >> "$work/gaps-$set"
    done
    printf '%-8s %7s %6s' "mean gap" "" ""
    awk -v n="$(echo $rules | wc -w)" '{ for (i = 2; i <= n + 2; i++) if ($i != "-") { s[i] += $i; c[i]++ } }
        END { for (i = 2; i <= n + 2; i++) printf " %10.1f%%", c[i] ? s[i] / c[i] : 0; printf "\n" }' "$work/gaps-$set"
done
echo
echo "(gap = (makespan - best known) / best known; dispatching pass only, no search;"
echo " best known values from bks.json of the benchmark folder)"
