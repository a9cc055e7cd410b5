#!/bin/sh
# search_gaps.sh: how close the search comes to the best known makespans of
# the classic benchmark sets. Every job shop (jssp) and flexible job shop
# (fjsp) instance is imported with `takt import`, planned with a time limit
# (`takt plan --time-limit`), the plan checked with `takt verify`, and the
# makespan — the latest end in the schedule CSV, in minutes after the start —
# compared with the best known value of the set's bks.json.
#
#   bench/search_gaps.sh [-t SECONDS] [-s SEED] [-j THREADS] [BUILD_DIR [BENCH_DIR [PATTERN]]]
#
# PATTERN selects instances by name: shell patterns, separated by spaces
# ('la*', 'abz* orb*', 'mk0[1-5]').
# Prints one row per instance — size, best known, Takt's makespan, the gap
# in percent, the time to the best plan — and the mean gap per group of
# instances (ft, la, abz, orb, swv, yn, mk, dpp).
set -eu
limit=10
seed=1
threads=2
while getopts t:s:j: o; do
    case $o in
    t) limit=$OPTARG ;;
    s) seed=$OPTARG ;;
    j) threads=$OPTARG ;;
    *) echo "usage: $0 [-t SECONDS] [-s SEED] [-j THREADS] [BUILD_DIR [BENCH_DIR [PATTERN]]]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
build=${1:-build}
bench=${2:-../shared/bench}
pattern=${3:-*}
takt=$build/takt
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-search-XXXXXX")
trap 'rm -rf "$work"' EXIT
can_verify=no
"$takt" verify --help > /dev/null 2>&1 && can_verify=yes

# best known: the optimum, or else the upper bound, from bks.json
bks() {
    tr -d '\n' < "$1" | sed 's/}, *"/}\n"/g' | grep "^[{ ]*\"$2\"" |
        sed -n 's/.*"optimum": *\([0-9]*\).*/\1/p; s/.*"upper": *\([0-9]*\).*/\1/p' | head -1
}

# the makespan of a schedule CSV: minutes from 2000-01-01 00:00 to the latest end
makespan() {
    awk -F, 'NR > 1 { split($6, a, "T"); split(a[1], d, "-"); split(a[2], t, ":");
            days = d[3] - 1; for (m = 1; m < d[2]; m++) days += (m == 2 ? 29 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31);
            days += (d[1] - 2000) * 366;
            v = (days * 24 + t[1]) * 60 + t[2]; if (v > max) max = v } END { print max + 0 }' "$1"
}

printf 'search, %s s per instance, seed %s, %s threads\n' "$limit" "$seed" "$threads"
for set in jssp fjsp; do
    dir=$bench/$set
    [ -d "$dir" ] || continue
    printf '\n%-8s %7s %6s %8s %7s %8s %s\n' "instance" "size" "best" "takt" "gap" "to best" "verify"
    : > "$work/gaps"
    for f in "$dir"/*.txt "$dir"/*.fjs; do
        [ -f "$f" ] || continue
        name=$(basename "$f"); name=${name%.*}
        hit=no
        set -f # PATTERN's words are instance-name patterns, not file names here
        for p in $pattern; do case $name in $p) hit=yes ;; esac; done
        set +f
        [ $hit = yes ] || continue
        best=$(bks "$dir/bks.json" "$name")
        "$takt" import "$set" "$f" > "$work/m.takt"
        size=$(sed -n 's,^// \([0-9]*\) jobs\, \([0-9]*\) machines.*,\1x\2,p' "$work/m.takt" | head -1)
        if "$takt" plan -q --no-report --stats --time-limit "$limit" --seed "$seed" --threads "$threads" \
            "$work/m.takt" -o "$work/p.plan" --schedule "$work/s.csv" 2> "$work/err"; then
            ms=$(makespan "$work/s.csv")
            gap=$(echo "$ms $best" | awk '{ printf "%.2f", 100 * ($1 - $2) / $2 }')
            tb=$(sed -n 's/.*best after \([0-9.]*\) s.*/\1/p' "$work/err")
            v=-
            if [ $can_verify = yes ]; then
                if "$takt" verify -q "$work/m.takt" "$work/p.plan" > /dev/null 2>&1; then v=ok; else v=FAILED; fi
            fi
            printf '%-8s %7s %6s %8s %6s%% %7ss %s\n' "$name" "$size" "$best" "$ms" "$gap" "${tb:-0}" "$v"
            group=$(echo "$name" | sed 's/[0-9].*//')
            echo "$group $gap" >> "$work/gaps"
        else
            printf '%-8s %7s %6s %8s\n' "$name" "$size" "$best" "failed"
            sed 's/^/    /' "$work/err"
        fi
    done
    awk '{ s[$1] += $2; c[$1]++; if (!($1 in o)) { o[$1] = ++n; g[n] = $1 } }
        END { for (i = 1; i <= n; i++) printf "mean gap %-5s %5.2f%% over %d instances\n", g[i], s[g[i]] / c[g[i]], c[g[i]] }' "$work/gaps"
done
echo
echo "(gap = (makespan - best known) / best known; best known values from the"
echo " bks.json files of the benchmark folder; time to best from takt plan --stats)"
