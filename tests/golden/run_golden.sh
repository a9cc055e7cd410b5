#!/bin/sh
# run_golden.sh: one golden test. Runs a takt command on a model and compares
# what it prints, and its exit code, byte for byte with the expected file
# beside the model.
#
#   run_golden.sh TAKT check DIR/NAME.takt          expects DIR/NAME.diag
#   run_golden.sh TAKT import-jssp DIR/NAME.txt     expects DIR/NAME.takt (options: DIR/NAME.args)
#   run_golden.sh TAKT import-fjsp DIR/NAME.fjs     expects DIR/NAME.takt
#   run_golden.sh TAKT fmt DIR/NAME.takt            expects DIR/NAME.fmt
#   run_golden.sh TAKT plan-errors DIR/NAME.takt    expects DIR/NAME.diag
#   run_golden.sh TAKT plan MODEL.takt EXPECTED.plan  plan file, schedule, report
#   run_golden.sh TAKT diff DIR/NAME.old.plan       expects DIR/NAME.diff (with NAME.new.plan), --summary too
#   run_golden.sh TAKT due DIR/NAME.takt            expects DIR/NAME.due: order SO-2's lines of every output
#   run_golden.sh TAKT views DIR/NAME.takt          expects DIR/NAME.views: the report, text and JSON
#   run_golden.sh TAKT forecast DIR/NAME.csv        expects DIR/NAME.out: takt forecast with the
#                                                   options in DIR/NAME.args (if any), both outputs
#   run_golden.sh TAKT verify DIR/NAME.plan         expects DIR/NAME.diag (the plan against DIR/NAME.takt)
#   run_golden.sh TAKT fmt-check DIR/NAME.takt      expects DIR/NAME.diag: takt fmt --check, as text and
#                                                   as GitHub annotations (the file is not formatted)
#   run_golden.sh TAKT plan-check DIR/NAME.takt     expects DIR/NAME.check: takt plan --check of the
#                                                   plan of DIR/NAME.base.takt (edited by the sed
#                                                   script DIR/NAME.sed, if any) against NAME.takt
#   run_golden.sh TAKT commands DIR/NAME.cmds       expects DIR/NAME.out: each line of NAME.cmds, takt's
#                                                   arguments (or `cat FILE`, a file they wrote), run
#                                                   in a copy of DIR: what it printed and its exit
#                                                   code; a JSON or SARIF document on standard output
#                                                   is checked by tests/formats/validate.py
#   run_golden.sh TAKT scenario DIR/NAME.takt       expects DIR/NAME.out: takt check, then each scenario
#                                                   of DIR/NAME.scenarios planned and its plan verified
#   run_golden.sh TAKT page DIR/NAME.takt           expects DIR/NAME.page: the model's first scenario
#                                                   planned against the model's plan as the reference:
#                                                   the report's summary (text, JSON), the plan's plant and
#                                                   measures lines, the page's title, heading and summary
#
# An import must succeed and print nothing on standard error: the expected
# file is exactly the model written. The command runs in DIR with the bare
# file name, so messages show short paths. With TAKT_UPDATE_GOLDEN=1 the
# expected file is rewritten instead; review the change by eye (git diff)
# before committing it.
set -u
takt=$1
kind=$2
model=$3
dir=$(dirname "$model")
base=$(basename "$model")
unset TAKT_PATH NO_COLOR
case $kind in
check)
    expected=$dir/${base%.takt}.diag
    actual=$(cd "$dir" && "$takt" check --color=never "$base" 2>&1; echo "exit: $?")
    ;;
import-jssp | import-fjsp)
    # with the options in DIR/NAME.args, if there is one
    expected=$dir/${base%.*}.takt
    args=
    [ -f "$dir/${base%.*}.args" ] && args=$(cat "$dir/${base%.*}.args")
    # shellcheck disable=SC2086 # the options are words
    actual=$(cd "$dir" && "$takt" import "${kind#import-}" $args "$base" 2>&1; rc=$?; [ $rc = 0 ] || echo "exit: $rc")
    ;;
fmt)
    # the canonical layout of a model: DIR/NAME.fmt
    expected=$dir/${base%.takt}.fmt
    actual=$(cd "$dir" && "$takt" fmt --stdout "$base" 2>&1; rc=$?; [ $rc = 0 ] || echo "exit: $rc")
    ;;
fmt-check)
    # an unformatted file: where takt fmt --check says it differs
    expected=$dir/${base%.takt}.diag
    actual=$(cd "$dir" && "$takt" fmt --check "$base" 2>&1; echo "exit: $?"
             "$takt" fmt --check --format=github "$base" 2>&1; echo "exit: $?")
    ;;
plan-errors)
    # a model that cannot be planned: the diagnostics and the exit code
    expected=$dir/${base%.takt}.diag
    actual=$(cd "$dir" && "$takt" plan --color=never --no-report "$base" 2>&1; echo "exit: $?")
    ;;
plan)
    # a model's plan: EXPECTED holds the plan file, the schedule CSV and the
    # report, after a search of a fixed number of steps (deterministic)
    expected=$4
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-golden-XXXXXX")
    out=$(cd "$dir" && "$takt" plan -q --iterations 200 "$base" -o "$tmp/plan" --schedule "$tmp/csv" \
          --report "$tmp/report" 2>&1)
    rc=$?
    # the made-by record names this build's version and revision: not compared
    actual=$(sed 's/^\(made-by takt\) version [^ ]* revision [^ ]*/\1 version V revision R/' "$tmp/plan"
             echo "--- schedule"; cat "$tmp/csv"; echo "--- report"; cat "$tmp/report"
             [ $rc = 0 ] || { echo "$out"; echo "exit: $rc"; })
    rm -rf "$tmp"
    ;;
diff)
    # two plans: DIR/NAME.old.plan and DIR/NAME.new.plan, the change log in
    # DIR/NAME.diff: text, JSON, the same plan against itself, then the
    # summary (text and JSON)
    stem=${base%.old.plan}
    expected=$dir/$stem.diff
    actual=$(cd "$dir" && "$takt" diff "$stem.old.plan" "$stem.new.plan" 2>&1; echo "exit: $?"
             "$takt" diff --format=json "$stem.old.plan" "$stem.new.plan" 2>&1
             "$takt" diff "$stem.old.plan" "$stem.old.plan" 2>&1; echo "exit: $?"
             echo "--- summary"
             "$takt" diff --summary "$stem.old.plan" "$stem.new.plan" 2>&1; echo "exit: $?"
             "$takt" diff --summary --format=json "$stem.old.plan" "$stem.new.plan" 2>&1; echo "exit: $?")
    ;;
views)
    # the planner's views: the whole report as text, then as JSON (a plan
    # of the dispatcher alone)
    expected=$dir/${base%.takt}.views
    actual=$(cd "$dir" && "$takt" plan -q --iterations 0 "$base" 2>&1; echo "exit: $?"
             "$takt" plan -q --iterations 0 --format=json "$base" 2>&1; echo "exit: $?")
    ;;
due)
    # one order's due date in every output that shows it: the warnings of
    # takt check, the report (text and JSON), the plan file, the Gantt
    # chart's tooltips, takt verify, and takt diff (text and JSON) against a
    # plan of the model with the order due two days later
    expected=$dir/${base%.takt}.due
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-golden-XXXXXX")
    cp "$model" "$tmp/$base"
    sed 's/due 2026-11-30/due 2026-12-02/' "$model" > "$tmp/later.takt"
    actual=$(cd "$tmp" && {
        echo "--- takt check"
        "$takt" check --color=never "$base" 2>&1 | grep "'SO-2'"
        "$takt" plan -q --iterations 0 "$base" -o plan --report report --gantt svg 2>/dev/null
        "$takt" plan -q --iterations 0 later.takt -o later.plan --no-report 2>/dev/null
        echo "--- report"
        grep 'SO-2' report
        echo "--- report, JSON"
        "$takt" plan -q --iterations 0 --format=json "$base" 2>/dev/null | grep '"SO-2"'
        echo "--- plan file"
        grep '^order SO-2\|^workorder SO-2' plan
        echo "--- Gantt chart"
        grep -o '<title>SO-2 [^<]*' svg
        echo "--- takt verify"
        "$takt" verify --color=never "$base" plan 2>&1 | grep "'SO-2'"
        echo "--- takt diff"
        "$takt" diff plan later.plan 2>&1 | grep 'SO-2'
        echo "--- takt diff, JSON"
        "$takt" diff --format=json plan later.plan 2>&1 | grep '"SO-2"'
    })
    rm -rf "$tmp"
    ;;
forecast)
    # a history: what takt forecast writes (standard output, then standard
    # error) and its exit code, with the options of DIR/NAME.args
    stem=${base%.csv}
    expected=$dir/$stem.out
    args=
    [ -f "$dir/$stem.args" ] && args=$(cat "$dir/$stem.args")
    actual=$(cd "$dir" && "$takt" forecast $args "$base" 2> "${TMPDIR:-/tmp}/takt-golden-err.$$"; rc=$?
             echo "--- stderr"; cat "${TMPDIR:-/tmp}/takt-golden-err.$$"; echo "exit: $rc")
    rm -f "${TMPDIR:-/tmp}/takt-golden-err.$$"
    ;;
plan-check)
    # a pull request's gate: the base model's plan, committed (and edited by
    # hand, DIR/NAME.sed), checked against the model of the pull request,
    # as text and as GitHub annotations; this takt's version is shown as
    # VERSION. The made-by digest is checked against its definition
    # (docs/plan-format.md): each file's length, a line feed, its bytes.
    stem=${base%.takt}
    expected=$dir/$stem.check
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-golden-XXXXXX")
    version=$("$takt" --version | awk '{ print $2 }')
    absdir=$(cd "$dir" && pwd)
    cp "$absdir/$stem.base.takt" "$tmp/model.takt"
    actual=$(cd "$tmp" && {
        "$takt" plan -q --no-report --iterations 100 model.takt -o committed.plan || echo "base plan: exit $?"
        # the revision differs from build to build; --check does not compare it
        sed 's/^\(made-by takt version [^ ]*\) revision [^ ]*/\1 revision REV/' committed.plan > named
        mv named committed.plan
        digest=$({ wc -c < model.takt | tr -d ' '; cat model.takt; } | sha256sum | cut -c1-64)
        grep -q "^made-by takt .* model sha256:$digest " committed.plan || echo "FAIL: the model digest is not sha256 of its length and bytes"
        [ -f "$absdir/$stem.sed" ] && { sed -f "$absdir/$stem.sed" committed.plan > edited; mv edited committed.plan; }
        cp "$absdir/$base" model.takt
        "$takt" plan --check committed.plan --color=never model.takt > log 2> err; rc=$?
        echo "--- stderr"; cat err; echo "exit: $rc"; echo "--- change log"; head -20 log
        echo "--- github"
        "$takt" plan --check committed.plan --format=github -q model.takt --changes changes.md 2>&1; echo "exit: $?"
    } | sed "s/takt $version/takt VERSION/g")
    rm -rf "$tmp"
    ;;
commands)
    # takt's machine-readable outputs: each line of NAME.cmds (not # nor
    # empty) is takt's arguments, as the shell splits them, run in a copy of
    # DIR; standard output and standard error are shown apart, and standard
    # output, when it is a JSON or SARIF document, validated. This takt's
    # version is shown as VERSION.
    stem=${base%.cmds}
    expected=$dir/$stem.out
    absdir=$(cd "$dir" && pwd)
    validate=$absdir/../../formats/validate.py
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-golden-XXXXXX")
    cp -R "$absdir/." "$tmp/"
    version=$("$takt" --version | awk '{ print $2 }')
    actual=$(cd "$tmp" && grep -v '^#' "$base" | grep -v '^$' | while IFS= read -r args; do
        case $args in 'cat '*)
            echo "\$ $args"; cat "${args#cat }"; continue ;;
        esac
        echo "\$ takt $args"
        eval "\"\$takt\" $args" > out 2> err < /dev/null; rc=$?
        cat out; [ -s err ] && { echo "--- stderr"; cat err; }
        echo "exit: $rc"
        case $(head -c 1 out) in
        '{') python3 "$validate" any < out | sed 's/^/--- /' ;;
        esac
    done | sed "s/\"version\": \"$version\"/\"version\": \"VERSION\"/; s/takt $version/takt VERSION/g
                s/^made-by takt version [^ ]* revision [^ ]*/made-by takt version V revision R/")
    rm -rf "$tmp"
    ;;
scenario)
    # a model's scenarios: takt check; then, for each line of NAME.scenarios
    # (a scenario, or a chain a+b), the plan's header, measures and orders,
    # the plan page's header (which names the scenario), takt verify of that plan (which names its scenario), and takt verify
    # of it against the base model (which must refuse it); takt compare of
    # them all, and the base plan's page with them (--compare)
    stem=${base%.takt}
    expected=$dir/$stem.out
    scenarios=$(cd "$dir" && pwd)/$stem.scenarios
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-golden-XXXXXX")
    cp "$model" "$tmp/$base"
    actual=$(cd "$tmp" && {
        echo "--- takt check"
        "$takt" check --color=never "$base" 2>&1; echo "exit: $?"
        while read -r sc; do
            [ -n "$sc" ] || continue
            echo "--- scenario $sc"
            "$takt" plan -q --color=never --iterations 0 --no-report --scenario "$sc" "$base" -o plan --html page.html 2>&1
            rc=$?
            echo "exit: $rc"
            [ $rc = 0 ] || continue
            grep '^plant \|^measures \|^order ' plan
            grep -o '<header>.*</header>' page.html
            "$takt" verify --color=never "$base" plan 2>&1; echo "exit: $?"
            "$takt" verify --color=never -q --format=github "$base" plan --scenario "" 2>&1 | head -1
            mv plan "plan-$(echo "$sc" | tr '+' '_').plan"
        done < "$scenarios"
        "$takt" plan -q --iterations 0 --no-report "$base" -o base.plan
        echo "--- takt compare"
        "$takt" compare "$base" base.plan plan-*.plan 2>&1; echo "exit: $?"
        echo "--- takt compare, JSON"
        "$takt" compare --format=json "$base" base.plan plan-*.plan 2>&1; echo "exit: $?"
        echo "--- the plan page of the base, beside the scenarios' plans"
        mkdir runs && mv plan-*.plan runs/
        "$takt" plan -q --iterations 0 --no-report "$base" -o base2.plan --html page.html --compare runs 2>&1
        echo "exit: $?"
        grep -o '<nav>.*</nav>' page.html
        awk '/<section id="scenarios">/ { p = 1 } p { print } p && /<\/section>/ { p = 0 }' page.html
        echo "--- a plan to compare with that does not hold: no page"
        src=runs/plan-rush.plan # the model's scenario rush, else its first
        [ -f "$src" ] || src=$(ls runs/plan-*.plan | head -1)
        sed 's/^op \(.*\) start [^ ]*/op \1 start 2026-12-01T00:00/' "$src" > bad.plan
        rm -f page.html
        "$takt" plan -q --color=never --iterations 0 --no-report "$base" -o base3.plan --html page.html \
            --compare bad.plan > bad.out 2>&1
        echo "exit: $?"; tail -1 bad.out; [ -e page.html ] && echo "a page was written" || echo "no page"
        "$takt" plan -q --iterations 0 --no-report "$base" --compare runs 2>&1; echo "exit: $?"
    })
    rm -rf "$tmp"
    ;;
verify)
    # a plan (or schedule CSV) against its model: what takt verify says, and its exit code
    stem=${base%.*}
    expected=$dir/$stem.diag
    actual=$(cd "$dir" && "$takt" verify --color=never "$stem.takt" "$base" 2>&1; echo "exit: $?")
    ;;
page)
    # the plan page's summary of a plan of a scenario (the model's first, if
    # it has one) measured against the plan of the model: the scenario in
    # the title and heading, the change against the reference and the
    # objective's restricted measures beside the report's and the plan's
    expected=$dir/${base%.takt}.page
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-golden-XXXXXX")
    scen=$(sed -n 's/^scenario \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$model" | head -1)
    actual=$(cd "$dir" && {
        "$takt" plan -q --iterations 0 --no-report "$base" -o "$tmp/ref.plan" > /dev/null 2>&1
        echo "reference: exit $?"
        "$takt" plan -q --iterations 0 ${scen:+--scenario "$scen"} --reference "$tmp/ref.plan" "$base" \
            -o "$tmp/plan" --html "$tmp/page.html" --report "$tmp/report" 2>&1
        echo "exit: $?"
        echo "--- report"
        sed -n '1,/^Exceptions/p' "$tmp/report"
        echo "--- report, JSON"
        "$takt" plan -q --iterations 0 ${scen:+--scenario "$scen"} --reference "$tmp/ref.plan" "$base" \
            --format=json 2>/dev/null | grep '"summary"'
        echo "--- plan file"
        grep '^plant \|^measures ' "$tmp/plan"
        echo "--- page"
        awk '/<title>/ && !t { print; t = 1 } /<header>/ { print }
             /<section id="summary">/ { p = 1 } p { print } p && /<\/section>/ { p = 0 }' "$tmp/page.html"
    })
    rm -rf "$tmp"
    ;;
*)
    echo "run_golden.sh: unknown kind '$kind'" >&2
    exit 2
    ;;
esac
if [ "${TAKT_UPDATE_GOLDEN:-0}" = 1 ]; then
    printf '%s\n' "$actual" > "$expected"
    echo "updated $expected"
    exit 0
fi
if [ ! -f "$expected" ]; then
    echo "missing expected output $expected; run with TAKT_UPDATE_GOLDEN=1 to create it" >&2
    exit 1
fi
printf '%s\n' "$actual" | diff -u "$expected" - && exit 0
echo "golden test failed: $model" >&2
exit 1
