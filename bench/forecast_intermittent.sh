#!/bin/sh
# forecast_intermittent.sh: takt forecast on intermittent demand — the
# monthly sales of 2,674 car parts (Hyndman, Koehler, Ord and Snyder 2008,
# "Forecasting with exponential smoothing", the data set carparts of the R
# package expsmooth), Jan 1998 to Mar 2002. As in the book, the 2,509
# series without missing months are used; each is forecast 6 months ahead
# from its first 45 and scored against its last 6.
#
#   sh bench/forecast_intermittent.sh [TAKT]    (default build/takt; RUNS=5 timing runs)
#
# Scaled errors, per series, then their mean over the series:
#   MASE  = mean |F - A| / in-sample mean |y_t - y_(t-1)|   (Hyndman 2006,
#           the scale for intermittent demand: the naive forecast's)
#   RMSSE = sqrt(mean (F - A)^2 / in-sample mean (y_t - y_(t-1))^2)  (the
#           M5 competition's measure: it rewards forecasting the mean
#           demand, which a stock needs, where MASE rewards the median,
#           often zero)
# Series whose in-sample scale is 0 (a constant history) have no scaled
# error and are left out of both means (their number is printed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
takt=${1:-$here/../build/takt}
runs=${RUNS:-5}
[ -x "$takt" ] || { echo "forecast_intermittent.sh: no takt at $takt (build it first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gzip -dc "$here/data/carparts.csv.gz" > "$tmp/all.csv"
# the copy: 2,674 series; 2,509 of them with all 51 months
awk -F, 'NR > 1 { n[$1]++ } END {
    for (k in n) { c++; if (n[k] == 51) full++ }
    if (c != 2674 || full != 2509) { printf "car parts data: %d series, %d complete; expected 2674 and 2509\n", c, full; exit 1 }
}' "$tmp/all.csv"
awk -F, 'NR == FNR { if (FNR > 1) n[$1]++; next }
    FNR == 1 { print > train; next }
    n[$1] == 51 { i[$1]++; if (i[$1] <= 45) print > train; else print $1 "," i[$1] - 45 "," $3 > test }' \
    train="$tmp/train.csv" test="$tmp/test.csv" "$tmp/all.csv" "$tmp/all.csv"

score() {
    awk -F, '
    FILENAME == train { if (FNR > 1) { k = $1; t = ++len[k]; y[k, t] = $3 }; next }
    FILENAME == test { a[$1, $2] = $3; next }
    FNR > 1 { h[$1]++; f[$1, h[$1]] = $5 }
    END {
        for (k in h) {
            s1 = 0; s2 = 0
            for (t = 2; t <= len[k]; t++) { d = y[k, t] - y[k, t - 1]; s1 += (d < 0 ? -d : d); s2 += d * d }
            s1 /= len[k] - 1; s2 /= len[k] - 1
            if (s1 == 0) { skipped++; continue }
            e1 = 0; e2 = 0
            for (j = 1; j <= 6; j++) { d = a[k, j] - f[k, j]; e1 += (d < 0 ? -d : d); e2 += d * d }
            mase += e1 / 6 / s1; rmsse += sqrt(e2 / 6 / s2); n++
        }
        printf "%.4f %.4f %d %d\n", mase / n, rmsse / n, n, skipped
    }' train="$tmp/train.csv" test="$tmp/test.csv" "$tmp/train.csv" "$tmp/test.csv" "$1"
}

timed() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" > /dev/null 2>&1
        awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tmp/t"
    else
        t0=$(date +%s.%N)
        "$@" > /dev/null 2>&1
        t1=$(date +%s.%N)
        echo "$t0 $t1" | awk '{ printf "%.3f -\n", $2 - $1 }'
    fi
}
median() { sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
run() {
    name=$1
    shift
    for r in $(seq "$runs"); do
        timed "$takt" forecast --horizon 6 "$@" "$tmp/train.csv" --csv "$tmp/$name.csv" -o "$tmp/$name.takt"
    done > "$tmp/$name.times"
    echo "$(score "$tmp/$name.csv") $(cut -d' ' -f1 "$tmp/$name.times" | median) $(cut -d' ' -f2 "$tmp/$name.times" | median)"
}

printf 'Car parts: 2509 monthly series, 45 months to train on, 6 to test\n\n'
printf '%-30s %7s %7s %11s %11s %7s %7s\n' method MASE RMSSE "MASE/naive" "RMSSE/naive" "wall s" "CPU s"
naive=$(run naive --method naive)
line() { # line TITLE "mase rmsse n skipped wall cpu"
    set -- "$1" $2 $naive
    awk -v t="$1" -v m="$2" -v r="$3" -v w="$6" -v c="$7" -v nm="$8" -v nr="$9" 'BEGIN {
        printf "%-30s %7.4f %7.4f %11.3f %11.3f %7s %7s\n", t, m, r, m / nm, r / nr, w, c }'
}
line "naive" "$naive"
ses=$(run ses --method ses)
line "simple exponential smoothing" "$ses"
line "Croston" "$(run croston --method croston)"
line "SBA" "$(run sba --method sba)"
line "TSB" "$(run tsb --method tsb)"
auto=$(run auto)
line "takt forecast (automatic)" "$auto"
echo "$auto" | awk '{ printf "\n%d series scored; %d with a constant history (no scale) left out.\n", $3, $4 }'
printf 'time: medians of %s runs of the whole command, on one core: wall clock, and CPU\n' "$runs"
printf 'time (user + system).\n'
echo "$auto $naive $ses" | awk '{
    if (!($1 < $7 && $1 < $13 && $2 < $8 && $2 < $14)) {
        print "forecast_intermittent.sh: the automatic choice does not beat naive and SES on both scaled errors"; exit 1 } }'
