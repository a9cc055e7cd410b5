#!/bin/sh
# forecast_plan.sh: the forecast -> plan path on the electronics example.
# The sales history is what examples/electronics/sales.awk makes; the model
# that holds it (forecast.takt) plans and verifies; and its plan is the one
# made from the same model with takt forecast's blocks in place of the
# history, byte for byte (the plan forecasts as takt forecast does).
#
#   forecast_plan.sh TAKT SOURCE_DIR
set -u
# two plans with the same records: the made-by line (how each was made:
# its search, its model's digest) aside
same_plan() {
    grep -v '^made-by ' "$1" > "$1.records"; grep -v '^made-by ' "$2" > "$2.records"
    cmp -s "$1.records" "$2.records"
}
takt=$1
src=$2
case $takt in */*) takt=$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt") ;; esac
ex=$src/examples/electronics
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
unset TAKT_PATH
failed=0
check() {
    if ! eval "$2"; then
        echo "FAIL: $1"
        failed=$((failed + 1))
    fi
}

awk -f "$ex/sales.awk" > "$tmp/sales.csv"
check "sales.awk makes sales.csv" "cmp -s '$tmp/sales.csv' '$ex/sales.csv'"

# the model with its history: checked clean, planned, verified
check "forecast.takt checks without a warning" "'$takt' check -q --werror '$ex/forecast.takt' > '$tmp/check' 2>&1"
"$takt" plan -q --iterations 200 "$ex/forecast.takt" -o "$tmp/history.plan" > /dev/null 2> "$tmp/plan.err"
check "forecast.takt plans" "[ -s '$tmp/history.plan' ]"
check "the plan has forecast work orders of every product of the history" \
    "for p in gateway_g2 motor_ctrl psu_board drive_board; do grep -q \"^workorder FC-\$p-\" '$tmp/history.plan' || exit 1; done"
check "takt verify accepts the plan" "'$takt' verify -q '$ex/forecast.takt' '$tmp/history.plan' > /dev/null 2>&1"

# the same model with takt forecast's blocks instead of the history
mkdir "$tmp/blocks"
cp "$ex"/*.takt "$tmp/blocks/"
"$takt" forecast "$ex/sales.csv" -o "$tmp/blocks/fc.takt" 2> /dev/null
printf 'import "main.takt"\nimport "fc.takt"\n' > "$tmp/blocks/forecast.takt"
(cd "$tmp/blocks" && "$takt" plan -q --iterations 200 forecast.takt -o blocks.plan > /dev/null 2>&1)
check "the plan from the history is the plan from takt forecast's blocks" \
    "same_plan '$tmp/history.plan' '$tmp/blocks/blocks.plan'"

if [ $failed -ne 0 ]; then
    echo "$failed check(s) failed"
    exit 1
fi
echo "forecast -> plan: all checks passed"
