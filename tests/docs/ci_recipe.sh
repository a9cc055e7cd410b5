#!/bin/sh
# ci_recipe.sh: the shell recipe of docs/ci.md works. Extracts the script
# (the first ```sh block after "## A plain shell script") and runs it on a
# copy of examples/bicycle laid out as the page assumes: it passes on a
# current plan, fails with GitHub annotations on a broken model and on an
# unformatted file, fails with a change log when the model changes without a
# new plan, and fails when the committed plan is corrupted. Skipped (77)
# when this takt has no verify command.
#
#   ci_recipe.sh TAKT REPO_ROOT
set -u
takt=$1
root=$2
"$takt" verify --help > /dev/null 2>&1 || { echo "SKIP: takt verify is not available"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-ci-XXXXXX")
trap 'rm -rf "$work"' EXIT
awk '/^## A plain shell script/ { on = 1 } on && /^```sh$/ { grab = 1; next } grab && /^```$/ { exit } grab { print }' \
    "$root/docs/ci.md" > "$work/gate.sh"
[ -s "$work/gate.sh" ] || { echo "FAIL: no script found in docs/ci.md"; exit 1; }
mkdir -p "$work/repo/model" "$work/repo/plans" "$work/bin"
cp "$root"/examples/bicycle/*.takt "$work/repo/model/"
ln -s "$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt")" "$work/bin/takt"
PATH=$work/bin:$PATH
export PATH TAKT_ITERATIONS=300
cd "$work/repo" || exit 1
fail=0
takt plan -q --no-report --iterations 300 model/main.takt -o plans/current.plan || { echo "FAIL: plan"; exit 1; }

# 1. all is well
if ! sh "$work/gate.sh" > out 2>&1; then echo "FAIL: the gate rejects a current plan:"; cat out; fail=1; fi

# 2. a broken model: annotations on the right line
cp model/orders.takt orders.bak
sed -i 's/city_red  *40/city_rde 40/' model/orders.takt
if TAKT_FORMAT=github sh "$work/gate.sh" > out 2>&1; then echo "FAIL: the gate passes a broken model"; fail=1; fi
grep -q '^::error file=model/orders.takt,line=' out || { echo "FAIL: no annotation on the broken line:"; cat out; fail=1; }
cp orders.bak model/orders.takt

# 2b. an unformatted file: an annotation on it
printf '\n\n\n' >> model/orders.takt
if TAKT_FORMAT=github sh "$work/gate.sh" > out 2>&1; then echo "FAIL: the gate passes an unformatted file"; fail=1; fi
grep -q '^::error file=model/orders.takt,line=1,title=takt fmt::' out || { echo "FAIL: no annotation on the unformatted file:"; cat out; fail=1; }
cp orders.bak model/orders.takt

# 3. the model changes, the plan does not: a change log
sed -i 's/city_red 40/city_red 45/' model/orders.takt
if sh "$work/gate.sh" > out 2>&1; then echo "FAIL: the gate passes a plan that is not current"; fail=1; fi
grep -q '^## Plan changes' plan-changes.md || { echo "FAIL: no change log"; cat out; fail=1; }
grep -q '^### Orders' plan-changes.md || { echo "FAIL: the change log misses the order:"; cat plan-changes.md; fail=1; }
cp orders.bak model/orders.takt

# 4. a corrupted committed plan
sed -i '0,/^op /{/^op /d}' plans/current.plan
if TAKT_FORMAT=github sh "$work/gate.sh" > out 2>&1; then echo "FAIL: the gate passes a corrupted plan"; fail=1; fi
grep -q 'title=E0603' out || { echo "FAIL: no E0603 annotation for the dropped operation:"; cat out; fail=1; }
[ $fail -eq 0 ] && echo "docs/ci.md: the shell recipe works"
exit $fail
