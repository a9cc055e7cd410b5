#!/bin/sh
# output_errors.sh: output that could not be written is an error (docs/
# security.md, "Outputs"). Every output of every command — the report, JSON
# and GitHub diagnostics, the change log, the formatter's text, an imported
# model, the help — sent to a full disk (/dev/full) and to a pipe whose
# reader is gone exits 2 with a message; files named with -o and the like
# too, and a file that grows past what the system allows is not left half
# written. An output that is one of the inputs, or two outputs to one file,
# are refused before anything is written.
#
#   output_errors.sh TAKT REPO_ROOT
set -u
takt=$1
root=$(cd "$2" && pwd)
case $takt in
*/*) takt=$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt") ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-output-XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
unset TAKT_PATH TAKT_ALLOW_READ
cd "$work" || exit 2
failed=0
ran=0

cp "$root"/examples/bicycle/*.takt .
"$takt" plan -q --no-report --iterations 50 main.takt -o a.plan --schedule a.csv || exit 2
sed 's/^op \(SO-1001[^ ]*\) \([a-z]*\) machine \([a-z_]*\) unit 1 /op \1 \2 machine \3 unit 2 /' a.plan > b.plan
printf 'work_order,operation,machine,start\nW1,cut,saw,2026-12-07T06:00\n' > ops.csv
printf '2 2\n0 3 1 4\n1 2 0 5\n' > ft.txt
printf '1 2 1\n1 1 1 3\n' > ft.fjs
printf 'plant { start 2026-12-01 }\nmachine m { units x }\n' > bad.takt
cp main.takt messy.takt
printf 'machine   extra {units 1}\n' >> messy.takt

fail() {
    failed=$((failed + 1))
    echo "FAIL $*"
}

# full NAME CMD...: with standard output on a full disk, CMD exits 2 and says why
full() {
    name=$1
    shift
    ran=$((ran + 1))
    "$@" > /dev/full 2> err
    got=$?
    [ $got = 2 ] || fail "$name to /dev/full: exit $got"
    grep -qF "cannot write to standard output: No space left on device" err || {
        fail "$name to /dev/full: no message"
        sed 's/^/    /' err | head -5
    }
}

# closed NAME CMD...: the same with standard output a pipe whose reader has
# gone before CMD starts (the fifo makes the order certain)
closed() {
    name=$1
    shift
    ran=$((ran + 1))
    rm -f sync
    mkfifo sync
    { read -r _ < sync; "$@" 2> err; echo $? > rc; } | { exec 0<&-; echo go > sync; }
    got=$(cat rc)
    [ "$got" = 2 ] || fail "$name to a closed pipe: exit $got"
    grep -qF "cannot write to standard output: Broken pipe" err || {
        fail "$name to a closed pipe: no message"
        sed 's/^/    /' err | head -5
    }
}

both() {
    full "$@"
    closed "$@"
}

# every command's standard output
both plan-report "$takt" plan -q --iterations 20 main.takt
both plan-report-json "$takt" plan -q --iterations 20 --format=json main.takt
both plan-emit-ast "$takt" plan --emit=ast main.takt
both plan-emit-ir "$takt" plan --emit=ir main.takt
both check-json "$takt" check --format=json main.takt
both check-json-with-errors "$takt" check --format=json bad.takt
both check-github "$takt" check --format=github bad.takt
both check-emit-ast "$takt" check --emit=ast main.takt
both verify-json "$takt" verify --format=json main.takt a.plan
both verify-github "$takt" verify --format=github main.takt b.plan
both diff-text "$takt" diff a.plan b.plan
both diff-json "$takt" diff --format=json a.plan b.plan
both diff-same "$takt" diff a.plan a.plan
both fmt-stdout "$takt" fmt --stdout messy.takt
both fmt-check "$takt" fmt --check messy.takt
both import-jssp "$takt" import jssp ft.txt
both import-fjsp "$takt" import fjsp ft.fjs
both import-actuals "$takt" import actuals ops.csv
both help "$takt" --help
both plan-help "$takt" plan --help
both version "$takt" --version

# the text diagnostics of takt check go to standard error: lost, exit 2
ran=$((ran + 1))
"$takt" check --werror bad.takt 2> /dev/full
got=$?
[ $got = 2 ] || fail "check text diagnostics to a full standard error: exit $got"

# files named on the command line: a device that cannot take them
for opt in -o --schedule --gantt --report; do
    ran=$((ran + 1))
    "$takt" plan -q --no-report --iterations 20 main.takt $opt /dev/full 2> err
    got=$?
    [ $got = 2 ] || fail "plan $opt /dev/full: exit $got"
    grep -qF "No space left on device" err || fail "plan $opt /dev/full: no message"
done
ran=$((ran + 1))
"$takt" import jssp ft.txt -o /dev/full 2> err
[ $? = 2 ] && grep -qF "No space left on device" err || fail "import -o /dev/full"

# a regular file that cannot grow (RLIMIT_FSIZE): exit 2, the previous file
# kept, no temporary left behind
printf 'previous\n' > big.plan
ran=$((ran + 1))
(ulimit -f 4 && exec "$takt" plan -q --no-report --iterations 20 main.takt -o big.plan --gantt big.svg) 2> err
got=$?
[ $got = 2 ] || fail "plan -o past the file size limit: exit $got"
grep -qF "File too large" err || fail "plan -o past the file size limit: no message"
[ "$(cat big.plan)" = previous ] || fail "plan -o past the file size limit: the previous plan was replaced"
ls | grep -q '\.tmp-' && fail "a temporary was left behind: $(ls | grep '\.tmp-')"

# an output that is one of the inputs is refused, and the input kept
cp main.takt keep.takt
for opt in -o --schedule --gantt --report; do
    for input in main.takt orders.takt a.plan; do
        ran=$((ran + 1))
        extra=""
        [ $input = a.plan ] && extra="--stable a.plan"
        "$takt" plan -q --no-report main.takt $extra $opt $input 2> err
        got=$?
        [ $got = 2 ] || fail "plan $opt $input: exit $got"
        grep -qF "it is one of the input files" err || fail "plan $opt $input: no message"
    done
done
cmp -s main.takt keep.takt || fail "plan -o main.takt changed the model"
ln -s main.takt alias.takt
ln main.takt hardlink.takt
for name in alias.takt hardlink.takt ./main.takt "$work/main.takt"; do
    ran=$((ran + 1))
    "$takt" plan -q --no-report main.takt -o "$name" 2> err
    [ $? = 2 ] && grep -qF "one of the input files" err || fail "plan -o $name (the model by another name)"
done
cmp -s main.takt keep.takt || fail "the model was changed"
ran=$((ran + 1))
"$takt" import actuals ops.csv -o ops.csv 2> err
[ $? = 2 ] && grep -qF "one of the input files" err || fail "import -o its own input"
ran=$((ran + 1))
"$takt" import jssp ft.txt --output=ft.txt 2> err
[ $? = 2 ] && grep -qF "one of the input files" err || fail "import --output its own input"
# standard output that is an input: appending the report to the model
ran=$((ran + 1))
"$takt" plan -q --iterations 20 main.takt >> main.takt 2> err
[ $? = 2 ] && grep -qF "standard output is one of the input files" err || fail "plan >> main.takt"
cmp -s main.takt keep.takt || fail "plan >> main.takt changed the model"
ran=$((ran + 1))
"$takt" check --format=json main.takt >> orders.takt 2> err
[ $? = 2 ] || fail "check --format=json >> orders.takt"
cp messy.takt messy2.takt
cp messy2.takt keep2.takt
ran=$((ran + 1))
"$takt" fmt --stdout main.takt messy2.takt >> messy2.takt 2> err
[ $? = 2 ] && grep -qF "standard output is 'messy2.takt'" err || fail "fmt --stdout A B >> B"
cmp -s messy2.takt keep2.takt || fail "fmt --stdout A B >> B wrote into B"
# two outputs to one file
ran=$((ran + 1))
"$takt" plan -q --no-report main.takt -o x.plan --schedule ./x.plan 2> err
[ $? = 2 ] && grep -qF "would both be written to" err || fail "plan -o x.plan --schedule ./x.plan"
[ -e x.plan ] && fail "plan -o x.plan --schedule x.plan wrote x.plan"
# ... but /dev/null takes any number
ran=$((ran + 1))
"$takt" plan -q --no-report --iterations 20 main.takt -o /dev/null --schedule /dev/null --gantt /dev/null \
    || fail "plan to /dev/null several times"

# takt fmt that cannot rewrite a file (its folder not writable) says so
if [ "$(id -u)" != 0 ]; then
    mkdir ro
    cp messy.takt ro/
    chmod a-w ro
    ran=$((ran + 1))
    "$takt" fmt ro/messy.takt 2> err
    [ $? = 2 ] && grep -qF "cannot write 'ro/messy.takt'" err || fail "fmt in a read-only folder"
    chmod u+w ro
fi

echo "output_errors: $ran cases, $failed failed"
[ $failed -eq 0 ]
