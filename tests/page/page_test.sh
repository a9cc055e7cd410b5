#!/bin/sh
# page_test.sh: the plan page (takt plan --html) in a real browser. For
# every example, a model whose names would break an unescaped page
# (tests/page/hostile.takt), a plan of a scenario measured against a
# reference plan (tests/golden/page/saw-down.takt) and a generated plant
# too large for the page's SVG: takt writes the page; takt-outcheck reads it byte by byte (UTF-8,
# three script elements, the data one strict JSON value, nothing fetched);
# headless Chromium opens it from disk with #selfcheck, and the page's own
# consistency checks must pass (bars drawn = operations planned, the weekly
# load worked out again from the bars = the planner's, the tables = the
# data, ...) with no JavaScript error; then a screenshot of each page is
# written to OUT/NAME.png for a person to look at.
#
#   page_test.sh TAKT OUTCHECK GENPLANT REPO_ROOT OUT
#
# Chromium: $TAKT_CHROMIUM, else chromium (Debian's package) or
# chromium-browser on the PATH; without one the test says so and exits 77,
# which ctest reports as skipped.
set -u
takt=$1
check=$2
genplant=$3
root=$4
out=$5
browser=${TAKT_CHROMIUM:-}
[ -n "$browser" ] || browser=$(command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || true)
if [ -z "$browser" ]; then
    echo "page: SKIPPED: no Chromium to open the pages in (apt-get install chromium, or set TAKT_CHROMIUM)"
    exit 77
fi
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-page-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
fail=0

# one browser run: a fresh profile, no network, nothing in the background
browse() {
    rm -rf "$work/profile"
    timeout 300 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
        --hide-scrollbars --user-data-dir="$work/profile" "$@" 2> "$work/browser.err"
}

# page NAME MODEL [VIEW]: VIEW is added to the address (docs/planning.md,
# "The plan page"), and the screenshot shows that view. With page_scenario
# and page_reference set, the plan is of that scenario, measured against
# that plan; with page_compare, the page compares it with those plans.
page() {
    name=$1
    model=$2
    view=${3:+&$3}
    html=$out/$name.html
    set -- plan -q --iterations 0 --no-report
    [ -z "${page_scenario:-}" ] || set -- "$@" --scenario "$page_scenario"
    [ -z "${page_reference:-}" ] || set -- "$@" --reference "$page_reference"
    [ -z "${page_compare:-}" ] || set -- "$@" --compare "$page_compare"
    if ! (cd "$(dirname "$model")" && "$takt" "$@" "$(basename "$model")" --html "$html") \
        > "$work/err" 2>&1; then
        echo "FAIL: $name: takt plan --html"; head -5 "$work/err"; fail=$((fail + 1)); return
    fi
    if ! "$check" html "$html"; then
        echo "FAIL: $name: the page breaks a promise of docs/security.md"; fail=$((fail + 1))
    fi
    browse --window-size=1400,900 --dump-dom "file://$html#selfcheck$view" > "$work/dom"
    result=$(sed -n 's/.*<pre id="takt-selfcheck"[^>]*>\([^<]*\)<\/pre>.*/\1/p' "$work/dom")
    errors=$(sed -n 's/.*<pre id="takt-errors"[^>]*>\([^<]*\)<\/pre>.*/\1/p' "$work/dom")
    case $result in
    '{"ok":true,'*) ;;
    '')
        echo "FAIL: $name: the page's self-check did not run"
        grep -i 'console\|uncaught\|error' "$work/browser.err" | grep -v dbus | head -5
        fail=$((fail + 1)) ;;
    *)
        echo "FAIL: $name: the page's self-check: $result" | head -c 2000; echo
        fail=$((fail + 1)) ;;
    esac
    if [ "$errors" != "[]" ]; then
        echo "FAIL: $name: JavaScript errors: $errors"; fail=$((fail + 1))
    fi
    # what the names hold is text: no element a name brought in
    if grep -q '<img\| on[a-z]*="' "$work/dom"; then
        echo "FAIL: $name: a name became markup"; fail=$((fail + 1))
    fi
    if [ "$(grep -o '<script' "$work/dom" | wc -l)" -ne 3 ]; then
        echo "FAIL: $name: not the page's three script elements"; fail=$((fail + 1))
    fi
    rm -f "$out/$name.png"
    (cd "$work" && browse --window-size=1400,1800 --screenshot="$out/$name.png" "file://$html#${view#&}")
    if [ ! -s "$out/$name.png" ]; then
        echo "FAIL: $name: no screenshot"; fail=$((fail + 1))
    fi
    echo "page: $name: $(echo "$result" | grep -o '"ops":[0-9]*' | cut -d: -f2) operations, self-check passed, screenshot $out/$name.png"
}

for ex in "$root"/examples/*/main.takt; do
    page "example-$(basename "$(dirname "$ex")")" "$ex"
done
# a view named in the address: zoomed to a week, an order's chain highlighted
page example-bicycle-replan-view "$root/examples/bicycle-replan/main.takt" "zoom=week&at=2026-12-13&order=SO-1004"
if ! grep -q '"name":"the chain of SO-1004 highlighted","ok":true' "$work/dom"; then
    echo "FAIL: example-bicycle-replan-view: no check of the chain the address names"; fail=$((fail + 1))
fi
page hostile "$root/tests/page/hostile.takt"
# a plan of a scenario measured against the model's plan: the heading names
# the scenario, the summary shows the change and the restricted measures
saw=$root/tests/golden/page/saw-down.takt
if ! "$takt" plan -q --iterations 0 --no-report "$saw" -o "$work/saw-down-ref.plan" > "$work/err" 2>&1; then
    echo "FAIL: scenario-reference: the reference plan"; head -5 "$work/err"; fail=$((fail + 1))
fi
page_scenario=saw_down page_reference=$work/saw-down-ref.plan
page scenario-reference "$saw"
page_scenario= page_reference=
for want in '<h1>Plan for Sheet metal <span class="scenario" id="scenario">scenario saw_down</span></h1>' \
            '<span id="moved">3</span> of 8 operations moved' '<span id="reassigned">2</span>' \
            '<dt class="restricted">setups(coat_line)</dt><dd class="restricted">4</dd>'; do
    if ! grep -qF "$want" "$work/dom"; then
        echo "FAIL: scenario-reference: the page does not show $want"; fail=$((fail + 1))
    fi
done
# the page of a plan beside plans of scenarios (--compare): the Scenarios
# section and its link
press=$root/tests/golden/scenario/press-shop.takt
mkdir -p "$work/runs"
for sc in saturday second_laser; do
    "$takt" plan -q --iterations 0 --no-report --scenario $sc "$press" -o "$work/runs/$sc.plan" > "$work/err" 2>&1 ||
        { echo "FAIL: compare: the plan of $sc"; head -5 "$work/err"; fail=$((fail + 1)); }
done
page_compare=$work/runs
page compare "$press"
page_compare=
for want in '<a href="#scenarios">Scenarios</a>' '<section id="scenarios"><h2>Scenarios</h2>' \
            '<th>base</th><th>saturday</th><th>second_laser</th>'; do
    if ! grep -qF "$want" "$work/dom"; then
        echo "FAIL: compare: the page does not show $want"; fail=$((fail + 1))
    fi
done
# more operations than the page draws as SVG: the chart only the script draws
"$genplant" --machines 20 --products 30 --steps 6 --orders 500 --materials 10 --levels 2 --seed 5 > "$work/large.takt"
page large "$work/large.takt"

if [ $fail -ne 0 ]; then
    echo "page: $fail failures"
    exit 1
fi
echo "page: every page passed its self-check in $("$browser" --version 2>/dev/null | head -1)"
