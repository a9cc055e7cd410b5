#!/bin/sh
# import_bench.sh: imports every instance of a benchmark folder (jssp/*.txt,
# fjsp/*.fjs) and checks each model with `takt check --werror`: no errors, no
# warnings, nothing printed. Each instance is imported twice, once to
# standard output and once with -o, and the two models must be identical.
#
#   import_bench.sh TAKT BENCH_DIR
#
# Exits 77, which ctest counts as skipped, when BENCH_DIR does not exist.
set -u
takt=$1
bench=$2
if [ ! -d "$bench" ]; then
    echo "import_bench.sh: no benchmark folder at $bench; skipped"
    exit 77
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
unset TAKT_PATH
total=0
failed=0
fail() {
    echo "FAIL: $*"
    sed 's/^/    /' "$tmp/out" | head -20
    failed=$((failed + 1))
}
for kind in jssp fjsp; do
    case $kind in
    jssp) ext=txt ;;
    fjsp) ext=fjs ;;
    esac
    n=0
    for f in "$bench/$kind"/*.$ext; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        model=$tmp/model.takt
        if ! "$takt" import "$kind" "$f" > "$model" 2> "$tmp/out" || [ -s "$tmp/out" ]; then
            fail "takt import $kind $f"
            continue
        fi
        if ! "$takt" import "$kind" -o "$tmp/again.takt" "$f" > "$tmp/out" 2>&1 || [ -s "$tmp/out" ]; then
            fail "takt import $kind -o OUT $f"
            continue
        fi
        if ! cmp -s "$model" "$tmp/again.takt"; then
            diff "$model" "$tmp/again.takt" > "$tmp/out"
            fail "two imports of $f differ"
            continue
        fi
        if ! "$takt" check --werror --color=never -q "$model" > "$tmp/out" 2>&1 || [ -s "$tmp/out" ]; then
            fail "takt check of the model of $f"
        fi
    done
    echo "$kind: $n instances imported and checked"
    if [ "$n" = 0 ]; then
        echo "FAIL: no $kind instances (*.$ext) in $bench/$kind"
        failed=$((failed + 1))
    fi
    total=$((total + n))
done
echo "$total instances, $failed failures"
[ "$failed" = 0 ]
