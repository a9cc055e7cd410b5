#!/bin/sh
# import_cli.sh: `takt import` refuses what it should, with the right exit
# code (1 malformed instance, 2 usage or I/O) and message, and never leaves a
# half-written or temporary file behind.
#
#   import_cli.sh TAKT
set -u
takt=$1
case $takt in
*/*) takt=$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt") ;;
esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
unset TAKT_PATH
failed=0

# expect CODE TEXT COMMAND...: the command exits with CODE and prints TEXT
# (a fixed string) somewhere on standard error, or nothing there if TEXT is
# empty.
expect() {
    code=$1
    text=$2
    shift 2
    "$@" > out 2> err
    got=$?
    if [ -z "$text" ]; then
        seen=$([ -s err ] && echo no || echo yes)
    else
        seen=$(grep -qF -- "$text" err && echo yes || echo no)
    fi
    if [ "$got" != "$code" ] || [ "$seen" != yes ]; then
        echo "FAIL: $* => exit $got (want $code), stderr:"
        sed 's/^/    /' err
        echo "    (wanted: $text)"
        failed=$((failed + 1))
    fi
}

printf '2 2\n0 3 1 4\n1 2 0 5' > ok.txt            # no final newline
printf '2 2\n0 3 1 4\n1 2 0\n' > short.txt
printf '1 2 1\n1 2 1 3 1 4\n' > dup.fjs
: > empty.txt
mkdir adir

expect 2 "no format given" "$takt" import
expect 2 "unknown format 'xyz'" "$takt" import xyz ok.txt
expect 2 "no instance file given" "$takt" import jssp
expect 2 "unknown option '--bogus'" "$takt" import jssp --bogus ok.txt
expect 2 "needs a file name" "$takt" import jssp ok.txt -o
expect 2 "give one instance file" "$takt" import jssp ok.txt ok.txt
expect 2 "cannot read 'missing.txt': no such file" "$takt" import jssp missing.txt
expect 2 "'adir' is a directory" "$takt" import jssp adir
expect 1 "short.txt:3: expected 2 (machine, time) pairs, found 1 and a machine without its time" \
    "$takt" import jssp short.txt
expect 1 "dup.fjs:2: operation 1 lists machine 1 twice" "$takt" import fjsp dup.fjs
expect 1 "empty.txt:1: the file is empty" "$takt" import jssp empty.txt
expect 1 "ok.txt:1: expected the header 'JOBS MACHINES FLEXIBILITY'" "$takt" import fjsp ok.txt

# A malformed instance leaves the output file as it was, and no temporary.
echo "old" > keep.takt
expect 1 "short.txt:3:" "$takt" import jssp -o keep.takt short.txt
if [ "$(cat keep.takt)" != old ] || ls | grep -q 'tmp-'; then
    echo "FAIL: a refused import touched keep.takt or left a temporary file"
    failed=$((failed + 1))
fi
expect 2 "cannot write 'nodir/x.takt'" "$takt" import jssp -o nodir/x.takt ok.txt
expect 2 "cannot write 'adir'" "$takt" import jssp --output=adir ok.txt
if ls | grep -q 'tmp-'; then
    echo "FAIL: a failed write left a temporary file"
    failed=$((failed + 1))
fi

# A good import: exit 0, nothing on standard error, a clean model.
expect 0 "" "$takt" import jssp --output keep.takt ok.txt
if ! "$takt" check --werror -q keep.takt > out 2>&1 || [ -s out ]; then
    echo "FAIL: the model of ok.txt is not clean:"
    sed 's/^/    /' out
    failed=$((failed + 1))
fi
expect 0 "" "$takt" import jssp ok.txt
if ! cmp -s out keep.takt; then
    echo "FAIL: standard output and -o differ"
    failed=$((failed + 1))
fi
# actuals: shop-floor CSV exports as an actuals block
printf 'work_order,operation,machine,unit,start,end,good,scrap,setup,used\n"SO-1/frame",cut,saw,2,2026-12-07T06:00,2026-12-07 09:40,39,1,15,"tube=100 m; paint=2 kg"\n"SO-1/frame",weld,welder,,2026-12-07T10:00,,,,,\n' > ops.csv
printf 'material,qty,unit,received,reference\ntube,200,m,2026-12-08T09:00,"PO-7"\n' > rec.csv
printf 'Material,Qty,Unit,Issued,Reference\ntube,12,m,2026-12-07 15:10,"scrapped: bent"\n' > iss.csv
expect 0 "" "$takt" import actuals --now "2026-12-08 12:00" ops.csv rec.csv iss.csv
for want in 'now 2026-12-08 12:00' \
    'op "SO-1/frame" cut on saw 2 { start 2026-12-07 06:00  end 2026-12-07 09:40  setup 15 min  good 39  scrap 1  used tube 100 m  used paint 2 kg }' \
    'op "SO-1/frame" weld on welder 1 { start 2026-12-07 10:00 }' 'received tube 200 m on 2026-12-08 09:00 "PO-7"' \
    'issued tube 12 m on 2026-12-07 15:10 "scrapped: bent"'; do
    grep -qF "$want" out || { echo "FAIL: import actuals: no line '$want' in:"; cat out; failed=$((failed + 1)); }
done
printf 'work_order,operation,machine,start\nSO-1,cut,saw,yesterday\n' > badtime.csv
expect 1 "badtime.csv:2: a time must be written" "$takt" import actuals badtime.csv
printf 'material,qty,issued\ntube,12,\n' > noissue.csv
expect 1 "noissue.csv:2: 'issued' is empty" "$takt" import actuals noissue.csv
printf 'work_order,operation,machine\nSO-1,cut,saw\n' > nostart.csv
expect 1 "nostart.csv:1: no column 'start'" "$takt" import actuals nostart.csv
expect 2 "--now takes a date and time" "$takt" import actuals --now soon ops.csv
# due dates and weights by a rule: bad values are refused, a good model is clean
for bad in 0 -1 abc 1. .5 1.3333333 101 1e3 ' 1.3' ''; do
    expect 2 "--due-factor takes a number above 0 and at most 100, with at most 6 decimals" \
        "$takt" import jssp --due-factor "$bad" ok.txt
done
expect 2 "option '--due-factor' needs a number" "$takt" import jssp ok.txt --due-factor
expect 2 "unknown weight rule 'equal' (singer-pinedo)" "$takt" import jssp --due-factor 1.3 --weights equal ok.txt
expect 2 "--weights needs --due-factor" "$takt" import jssp --weights singer-pinedo ok.txt
expect 2 "--due-factor and --weights are for job shops (jssp)" "$takt" import fjsp --due-factor 1.3 dup.fjs
expect 2 "--due-factor and --weights are for job shops (jssp)" "$takt" import actuals --due-factor 1.3 ops.csv
printf '1 1\n0 200000\n' > long.txt
expect 1 "long.txt: job 0 would be due 20000000 minutes after the start, past the longest horizon" \
    "$takt" import jssp --due-factor 100 long.txt
expect 0 "" "$takt" import jssp --due-factor=100 --weights=singer-pinedo -o due.takt ok.txt
if ! "$takt" check --werror -q due.takt > out 2>&1 || [ -s out ] ||
    ! grep -q "horizon 2140 min" due.takt || ! grep -q "due 2000-01-01 11:40  priority 2 }" due.takt; then
    echo "FAIL: the model of ok.txt with due dates 100 times the work:"
    sed 's/^/    /' due.takt out
    failed=$((failed + 1))
fi
# writing to a device writes to it, and leaves it a device
"$takt" import jssp ok.txt -o /dev/null && "$takt" plan -q --no-report --time-limit 0 keep.takt -o /dev/null --schedule /dev/null
[ -c /dev/null ] || { echo "FAIL: -o /dev/null replaced the device"; failed=$((failed + 1)); }
"$takt" import --help > out 2>&1 && grep -q "usage: takt import" out || {
    echo "FAIL: takt import --help"
    failed=$((failed + 1))
}
"$takt" --help | grep -q "^  import " || {
    echo "FAIL: takt --help does not list import"
    failed=$((failed + 1))
}
echo "$failed failures"
[ "$failed" = 0 ]
