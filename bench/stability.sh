#!/bin/sh
# stability.sh: how many operations move when one order is added to a
# searched plan (docs/search.md, "Stability"). For each example and a
# genplant plant: plans the model with the search (a fixed number of steps,
# seed 1), adds one order (a copy of its first order, under a new name),
# and plans again three ways, each measured against the first plan with
# --reference:
#
#   afresh      with the search, as without any stability option
#   --stable    the previous plan re-applied, dispatching only
#   + search    --stable with the search, the objective counting moved
#
# and prints the operations moved of those the first plan has, and the
# objective of each plan. Every plan made with --stable is checked with
# takt verify.
#
#   bench/stability.sh [BUILD_DIR] [ITERATIONS]
set -eu
build=$(cd "${1:-build}" && pwd)
iters=${2:-2000}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/takt-stability-XXXXXX")
trap 'rm -rf "$dir"' EXIT
takt=$build/takt

# the first order block of FILE, renamed NEW-1, appended to FILE
add_order() {
    awk '/^order / && !done { on = 1; sub(/^order [^ {]*/, "order \"NEW-1\"") }
         on { print } on && /}/ { on = 0; done = 1 }' "$1" > "$dir/new.txt"
    printf '\n' >> "$1"
    cat "$dir/new.txt" >> "$1"
}
moved() { sed -n 's/^measures .* moved \([0-9]*\) .*/\1/p' "$1"; }
objective() { sed -n 's/^measures objective \([^ ]*\) .*/\1/p' "$1"; }
pct() { echo "$1 $2" | awk '{ printf "%d (%.1f%%)", $1, 100 * $1 / $2 }'; }

printf '%-22s %6s %18s %18s %18s %12s %12s %8s\n' "plant" "ops" "afresh" "--stable" "+ search" \
    "obj afresh" "obj stable" "verify"
run() { # NAME DIR MAIN ORDERS WEIGHT
    name=$1 src=$2 main=$3 orders=$4 weight=$5
    rm -rf "$dir/m"
    cp -r "$src" "$dir/m"
    cd "$dir/m"
    "$takt" plan -q --no-report --iterations "$iters" --seed 1 "$main" -o ../old.plan
    add_order "$orders"
    "$takt" plan -q --no-report --iterations "$iters" --seed 1 "$main" --reference ../old.plan -o ../fresh.plan
    "$takt" plan -q --no-report --stable ../old.plan --reference ../old.plan "$main" -o ../s0.plan
    awk -v w="$weight" '/^  minimize / { c = index($0, " //"); if (c) { $0 = substr($0, 1, c - 1) " + " w " * moved" substr($0, c) }
                                              else $0 = $0 " + " w " * moved" } { print }' "$main" > "$dir/main.tmp"
    cp "$dir/main.tmp" "$main"
    "$takt" plan -q --no-report --iterations "$iters" --seed 1 --stable ../old.plan "$main" -o ../s1.plan
    ok=yes
    "$takt" verify "$main" ../s0.plan > /dev/null 2>&1 || ok=NO
    "$takt" verify "$main" ../s1.plan > /dev/null 2>&1 || ok=NO
    ops=$(grep -c '^op ' ../old.plan)
    printf '%-22s %6s %18s %18s %18s %12s %12s %8s\n' "$name" "$ops" "$(pct "$(moved ../fresh.plan)" "$ops")" \
        "$(pct "$(moved ../s0.plan)" "$ops")" "$(pct "$(moved ../s1.plan)" "$ops")" \
        "$(objective ../fresh.plan)" "$(objective ../s1.plan)" "$ok"
    cd "$dir"
}
run bicycle "$root/examples/bicycle" main.takt orders.takt "60 min"
run furniture "$root/examples/furniture" main.takt orders.takt "200 EUR"
run electronics "$root/examples/electronics" main.takt orders.takt "200 EUR"
mkdir -p "$dir/gen"
"$build/takt-genplant" --machines 10 --products 20 --steps 6 --orders 150 --materials 8 > "$dir/gen/main.takt"
run "genplant 150 orders" "$dir/gen" main.takt main.takt "200 EUR"
"$build/takt-genplant" --machines 50 --products 100 --steps 10 --orders 1000 --materials 20 > "$dir/gen/main.takt"
run "genplant 1000 orders" "$dir/gen" main.takt main.takt "200 EUR"
echo "(operations moved of those the first plan has, against it: to another machine or unit, or in time;"
echo " $iters search steps, seed 1; obj: the objective of the plan afresh and with --stable and the search,"
echo " the latter's counting moved too; verify: the --stable plans pass takt verify)"
