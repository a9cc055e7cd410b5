#!/bin/sh
# forecast_cli.sh: `takt forecast` as a user meets it — refusals with the
# right exit code and message, outputs written whole (and a failed write an
# error), blocks that takt fmt and takt check accept, valid JSON, escaped
# file names, the same output on every run.
#
#   forecast_cli.sh TAKT JSON_CHECK SOURCE_DIR
set -u
takt=$1
jcheck=$2
src=$3
case $takt in */*) takt=$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt") ;; esac
case $jcheck in */*) jcheck=$(cd "$(dirname "$jcheck")" && pwd)/$(basename "$jcheck") ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
unset TAKT_PATH
failed=0

# expect CODE TEXT COMMAND...: exit CODE and TEXT (fixed string) on stderr
expect() {
    code=$1
    text=$2
    shift 2
    "$@" > out 2> err
    got=$?
    if [ "$got" != "$code" ] || ! grep -qF -- "$text" err; then
        echo "FAIL: $* => exit $got (want $code), stderr:"
        sed 's/^/    /' err
        echo "    (wanted: $text)"
        failed=$((failed + 1))
    fi
}
check() {
    if ! eval "$2"; then
        echo "FAIL: $1"
        failed=$((failed + 1))
    fi
}

cp "$src/tests/golden/forecast/monthly.csv" sales.csv
mkdir adir

expect 2 "no history file given" "$takt" forecast
expect 2 "unknown option '--bogus'" "$takt" forecast --bogus sales.csv
expect 2 "unknown period 'day' (week or month)" "$takt" forecast --period day sales.csv
expect 2 "--horizon takes a number" "$takt" forecast --horizon 0 sales.csv
expect 2 "--horizon takes a number" "$takt" forecast --horizon "3 fortnights" sales.csv
expect 2 "the horizon is 2000 periods; it must be 1 to 1000" "$takt" forecast --horizon 2000 sales.csv
expect 2 "--service takes a percentage" "$takt" forecast --service 40% sales.csv
expect 2 "--lead takes a duration" "$takt" forecast --lead soon sales.csv
expect 2 "unknown method 'arima'" "$takt" forecast --method arima sales.csv
expect 2 "--combine takes a number from 1 to 5" "$takt" forecast --combine 9 sales.csv
expect 2 "--format=json is the report's" "$takt" forecast --format=json sales.csv
expect 2 "'sales.csv' is the history file" "$takt" forecast sales.csv -o sales.csv
expect 2 "'./sales.csv' is the history file" "$takt" forecast sales.csv --csv ./sales.csv
expect 2 "give one history file" "$takt" forecast sales.csv sales.csv
expect 2 "cannot read 'missing.csv'" "$takt" forecast missing.csv
expect 2 "is a directory or special file, not a history file" "$takt" forecast adir
check "the history is left as it was" "cmp -s sales.csv '$src/tests/golden/forecast/monthly.csv'"

# -o: the whole text, as stdout would have it; takt fmt has nothing to change
"$takt" forecast --horizon 6 sales.csv > stdout.takt 2> /dev/null
"$takt" forecast --horizon 6 sales.csv -o file.takt 2> /dev/null
check "-o writes what stdout shows" "cmp -s stdout.takt file.takt"
check "takt fmt --check accepts the blocks" "'$takt' fmt --check file.takt > /dev/null"
"$takt" forecast --horizon 6 sales.csv > again.takt 2> /dev/null
check "the same output on every run" "cmp -s stdout.takt again.takt"

# the blocks in a model: takt check accepts them
cat > model.takt << 'M'
plant { start 2026-01-01  horizon 26 weeks }
machine bench { }
product bicycle { routing { build on bench run 1 min each } }
product helmet { routing { build on bench run 1 min each } }
product bell { routing { build on bench run 1 min each } }
product spoke_kit { routing { build on bench run 1 min each } }
product ebike { routing { build on bench run 1 min each } }
import "file.takt"
M
check "takt check accepts a model with the blocks" "'$takt' check -q model.takt > /dev/null 2>&1"

# a failed write is an error
if [ -w /dev/full ]; then
    expect 2 "cannot write to standard output" sh -c "'$takt' forecast sales.csv > /dev/full"
    expect 2 "cannot write to standard output" sh -c "'$takt' forecast --report sales.csv > /dev/full"
fi
expect 2 "cannot write 'nodir/x.takt'" "$takt" forecast sales.csv -o nodir/x.takt

# --csv: a header and one row per item and period
"$takt" forecast --horizon 4 sales.csv --csv f.csv > /dev/null 2>&1
check "--csv writes 5 items x 4 periods" "[ \$(wc -l < f.csv) = 21 ]"
check "--csv has its header" "head -1 f.csv | grep -q '^item,period,from,to,forecast,low,high,method\$'"

# --report: valid JSON, also with a file name that is not text
"$takt" forecast --report --format=json sales.csv > r.json 2> /dev/null
check "the JSON report is valid JSON" "'$jcheck' < r.json"
bad=$(printf 'bad\001\033[1m\377name.csv')
cp sales.csv "$bad"
"$takt" forecast --report --format=json "$bad" > r2.json 2> err2
check "a file name that is not text: still valid JSON" "'$jcheck' < r2.json"
check "... and escaped on stderr" "! grep -q \$(printf '\033') err2 && grep -qF 'bad\\x01\\x1b[1m\\xffname.csv:77: note' err2"
nl=$(printf 'new\nline.csv')
cp sales.csv "$nl"
"$takt" forecast "$nl" > nl.takt 2> /dev/null
check "a newline in the file name stays inside the comment" "'$takt' fmt --check nl.takt > /dev/null && grep -qF 'new\\nline.csv' nl.takt"

# the report and the blocks together: the report on stdout, blocks to -o
"$takt" forecast --report sales.csv -o both.takt > rep.txt 2> /dev/null
check "--report with -o writes both" "grep -q '^forecast bicycle' both.takt && grep -q '^item ' rep.txt"

if [ $failed -ne 0 ]; then
    echo "$failed check(s) failed"
    exit 1
fi
echo "takt forecast: all checks passed"
