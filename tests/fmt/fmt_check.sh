#!/bin/sh
# fmt_check.sh: `takt fmt` keeps models as they are meant.
#
#   1. the examples and the standard library are formatted (fmt --check);
#   2. formatting is idempotent on every model of the repository that parses
#      (examples, standard library, golden tests); for the fmt goldens and
#      a quarter of the check goldens that fmt would change, fmt --diff
#      applied by git apply gives the formatted file;
#   3. formatting never changes meaning: `takt plan --emit=ir` gives the same
#      IR before and after, for every example and for generated plants.
#
#   fmt_check.sh TAKT REPO_ROOT GENPLANT
set -u
takt=$1
root=$2
gen=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-fmt-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

if ! "$takt" fmt --check $(find "$root/examples" "$root/stdlib" -name '*.takt' | sort); then
    echo "FAIL: examples or stdlib not formatted"
    fail=1
fi

n=0
for f in $(find "$root/examples" "$root/stdlib" "$root/tests/golden" -name '*.takt' | sort); do
    "$takt" fmt --stdout "$f" > "$work/once.takt" 2>/dev/null || continue # syntax errors: left alone
    "$takt" fmt --stdout "$work/once.takt" > "$work/twice.takt" 2>&1
    n=$((n + 1))
    if ! cmp -s "$work/once.takt" "$work/twice.takt"; then
        echo "FAIL: not idempotent: $f"
        diff "$work/once.takt" "$work/twice.takt" | head -10
        fail=1
    fi
done
echo "idempotent on $n files"

# 2b. takt fmt --diff of each model fmt would change, applied by git apply,
# gives the formatted file; the diff's exit is 1, and --diff does not write
n=0
for f in $(find "$root/tests/golden/fmt" "$root/tests/golden/fmt-check" "$root/tests/golden/check" -name '*.takt' | sort | awk 'NR % 4 == 1 || /fmt/'); do
    "$takt" fmt --stdout "$f" > "$work/want.takt" 2>/dev/null || continue
    cmp -s "$f" "$work/want.takt" && continue
    grep -q "$(printf '\r')" "$f" && continue # escaped in the diff: shown, not applied
    rm -rf "$work/apply" && mkdir "$work/apply" && cp "$f" "$work/apply/m.takt"
    (cd "$work/apply" && "$takt" fmt --diff m.takt > ../m.diff; echo $? > ../rc)
    n=$((n + 1))
    if [ "$(cat "$work/rc")" != 1 ] || ! cmp -s "$f" "$work/apply/m.takt"; then
        echo "FAIL: takt fmt --diff $f: exit $(cat "$work/rc"), or the file changed"
        fail=1
    fi
    sed -n '/^--- a\//,$p' "$work/m.diff" > "$work/m.patch"
    if ! (cd "$work/apply" && git apply --unsafe-paths "$work/m.patch" 2>&1) || ! cmp -s "$work/apply/m.takt" "$work/want.takt"; then
        echo "FAIL: takt fmt --diff $f does not apply to the formatted file"
        fail=1
    fi
done
echo "diff applied to $n files"
if "$takt" fmt --diff --format=json "$root/examples/bicycle/main.takt" > /dev/null 2>&1; [ $? != 2 ]; then
    echo "FAIL: fmt --diff --format=json is not a usage error"
    fail=1
fi

same_ir() { # DIR MAIN: IR before and after formatting every file of DIR
    "$takt" plan --emit=ir "$1/$2" > "$work/ir1" 2>/dev/null || { echo "FAIL: no IR for $1/$2"; fail=1; return; }
    for f in "$1"/*.takt; do "$takt" fmt "$f" || fail=1; done
    "$takt" plan --emit=ir "$1/$2" > "$work/ir2" 2>/dev/null
    if ! cmp -s "$work/ir1" "$work/ir2"; then
        echo "FAIL: formatting changed the IR of $1/$2"
        diff "$work/ir1" "$work/ir2" | head -10
        fail=1
    fi
}
# all examples first: one may import another's files
for ex in "$root"/examples/*/; do
    name=$(basename "$ex")
    mkdir -p "$work/ex/$name"
    cp "$ex"/*.takt "$work/ex/$name/"
done
# bicycle-replan imports ../bicycle: in the repository, one project (its git
# work tree); copied out of it, each folder is a project of its own unless
# their common folder is allowed
export TAKT_ALLOW_READ="$work/ex"
for ex in "$root"/examples/*/; do
    same_ir "$work/ex/$(basename "$ex")" main.takt
done
unset TAKT_ALLOW_READ
for seed in 1 2 3 4 5 6 7 8; do
    mkdir -p "$work/gen$seed"
    "$gen" --seed $seed --machines 12 --products 20 --orders 40 --materials 8 --levels 2 > "$work/gen$seed/plant.takt"
    same_ir "$work/gen$seed" plant.takt
done
[ $fail -eq 0 ] && echo "fmt: all checks passed"
exit $fail
