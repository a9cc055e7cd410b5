#!/bin/sh
# ci_recipe.sh: the recipes of docs/ci.md work, through a pull request's
# life in a local git repository holding a copy of examples/bicycle laid
# out as the page assumes. It extracts the gate script (the first ```sh
# block after "## A plain shell script") and the pull request's effect (the
# first after "## The pull request's effect"), and checks exit codes,
# annotations and change logs:
#
#   1. the base plan passes;
#   2. a pull request adding an order with its new plan passes, and its
#      effect against the base plan leads with the new order;
#   3. one adding an order without its plan fails with E0652 naming it;
#   4. a typo fails with an annotation on its line, no further;
#   5. an unformatted file and a CRLF file fail at their first line;
#   6. a hand-edited overlap fails with E0607 and E0652;
#   7. two pull requests each with its plan, merged: the merged plan fails
#      until it is made again from the merged model, as the page says;
#   8. the same with the merge driver of the page (takt merge-plan): the
#      merge commits the plan of the merged model, which passes the gate
#      and is the plan `takt plan` makes of it; models that conflict leave
#      the plan in conflict; a plan made without a made-by record too.
#
#   ci_recipe.sh TAKT REPO_ROOT
set -u
takt=$1
root=$2
"$takt" verify --help > /dev/null 2>&1 || { echo "SKIP: takt verify is not available"; exit 77; }
command -v git > /dev/null 2>&1 || { echo "SKIP: git is not available"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-ci-XXXXXX")
trap 'rm -rf "$work"' EXIT
block() { # HEADING: the first ```sh block after it
    awk -v h="$1" '$0 == h { on = 1 } on && /^```sh$/ { grab = 1; next } grab && /^```$/ { exit } grab { print }' \
        "$root/docs/ci.md"
}
block "## A plain shell script" > "$work/gate.sh"
block "## The pull request's effect" > "$work/effect.sh"
[ -s "$work/gate.sh" ] && [ -s "$work/effect.sh" ] || { echo "FAIL: the scripts are not in docs/ci.md"; exit 1; }
mkdir -p "$work/repo/model" "$work/repo/plans" "$work/repo/ci" "$work/bin"
cp "$root"/examples/bicycle/*.takt "$work/repo/model/"
cp "$work/gate.sh" "$work/repo/ci/takt-gate.sh"
ln -s "$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt")" "$work/bin/takt"
PATH=$work/bin:$PATH
export PATH
unset TAKT_FORMAT
cd "$work/repo" || exit 1
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=$work
git init -q -b main . 2> /dev/null || { git init -q . && git checkout -q -b main; }
printf '*.takt text eol=lf\n*.plan text eol=lf linguist-generated=true -diff\n' > .gitattributes
printf 'plan.new\nplan-changes.md\nplan-effect.md\nbase.plan\nout\n' > .gitignore
fail=0
say_fail() { echo "FAIL: $*"; fail=1; }
iters=300
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan || { echo "FAIL: plan"; exit 1; }
git add -A && git commit -qm base
git remote add origin "$work/repo" && git fetch -q origin

gate() { sh ci/takt-gate.sh > out 2>&1; echo $?; }
gate_gh() { TAKT_FORMAT=github sh ci/takt-gate.sh > out 2>&1; echo $?; }
effect() { BASE=main sh "$work/effect.sh" > /dev/null 2>&1; }
add_order() { # NAME QTY DUE [FILE]: a customer order at the end of the orders
    printf '\norder "%s" {\n  city_red %s\n  due      %s\n}\n' "$1" "$2" "$3" >> model/orders.takt
}

# 1. the base plan
[ "$(gate)" = 0 ] || { say_fail "the gate rejects the base plan:"; cat out; }
grep -q "plans/current.plan is current" out || say_fail "the gate does not say the plan is current"

# 2. a pull request that adds an order and commits its plan
git checkout -q -b pr-add main
add_order SO-2001 6 2026-12-18
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
git commit -qam "SO-2001"
[ "$(gate)" = 0 ] || { say_fail "the gate rejects a pull request with its plan:"; cat out; }
if effect; then
    first=$(grep -m1 '^###\|^|' plan-effect.md)
    [ "$first" = "### Input changes (1 order)" ] || { say_fail "the effect does not lead with the input change:"; head -8 plan-effect.md; }
    grep -q '^- new order \*\*SO-2001\*\*: 6 city_red, due 2026-12-19 00:00$' plan-effect.md ||
        { say_fail "the effect misses the new order:"; head -8 plan-effect.md; }
    grep -q '^- operations: [0-9]* moved, ' plan-effect.md || { say_fail "the effect is not the summary:"; cat plan-effect.md; }
else say_fail "the effect script fails"; fi

# 3. one that adds an order and commits no plan
git checkout -q -b pr-stale main
add_order SO-2002 4 2026-12-20
git commit -qam "SO-2002 without its plan"
rc=$(gate_gh)
[ "$rc" = 1 ] || { say_fail "a stale plan: exit $rc, not 1"; cat out; }
grep -q "^::error file=plans/current.plan,line=[0-9]*,.*title=E0652::the plan is not current: order 'SO-2002' is in the model but not in the plan" out ||
    { say_fail "no E0652 naming the order:"; cat out; }
grep -q '^- new order \*\*SO-2002\*\*' plan-changes.md || { say_fail "the change log misses the order:"; head plan-changes.md; }
[ -s plan.new ] && grep -q '^order SO-2002 ' plan.new || say_fail "no new plan to commit"
# committing plan.new, as the page says, makes it pass
cp plan.new plans/current.plan
[ "$(gate)" = 0 ] || { say_fail "the plan the gate wrote does not pass:"; cat out; }
git checkout -q -- . && git checkout -q main

# 4. a typo: an annotation on its line; the gate stops before planning
sed -i 's/city_red  *40/city_rde 40/' model/orders.takt
line=$(grep -n 'city_rde 40' model/orders.takt | cut -d: -f1)
rc=$(gate_gh)
[ "$rc" = 1 ] || say_fail "a typo: exit $rc, not 1"
grep -q "^::error file=model/orders.takt,line=$line,.*title=E0204::" out || { say_fail "no annotation on the typo's line:"; cat out; }
grep -q 'E0652' out && say_fail "a typo reported as a stale plan too"
git checkout -q -- .

# 5. an unformatted file, a file with CRLF line ends: at the first line
sed -i '0,/^  due      /s/^  due      /  due /' model/orders.takt
line=$(grep -n '^  due 2' model/orders.takt | head -1 | cut -d: -f1)
rc=$(gate_gh)
[ "$rc" = 1 ] || say_fail "an unformatted file: exit $rc, not 1"
grep -q "^::error file=model/orders.takt,line=$line,.*title=E0482::not formatted" out || { say_fail "no annotation on the unformatted line:"; cat out; }
git checkout -q -- .
sed 's/$/\r/' model/machines.takt > crlf && mv crlf model/machines.takt
gate_gh > /dev/null
grep -q "^::error file=model/machines.takt,line=1,.*title=E0482::.*CRLF" out || { say_fail "CRLF line ends not said:"; cat out; }
git checkout -q -- .

# 6. a hand-edited overlap: an operation moved onto a unit busy at its time
awk '/^op / { for (i = 1; i <= NF; i++) { if ($i == "machine") m = $(i + 1); if ($i == "unit") u = $(i + 1); if ($i == "start") s = $(i + 1) }
              if (u == 1) busy[m " " s] = 1; else if (u == 2 && !done && (m " " s) in busy) { sub(/ unit 2 /, " unit 1 "); done = 1 } }
     { print }' plans/current.plan > edited
cmp -s edited plans/current.plan && say_fail "no operation to move in the plan"
mv edited plans/current.plan
rc=$(gate_gh)
[ "$rc" = 1 ] || say_fail "a hand-edited overlap: exit $rc, not 1"
grep -q "title=E0607::" out || { say_fail "no E0607 for the overlap:"; cat out; }
grep -q "title=E0652::the plan is not current: operation " out || { say_fail "no E0652 at the edited operation:"; cat out; }
git checkout -q -- .

# 7. two pull requests, each with its plan, merged one after the other
git checkout -q -b pr-a main
add_order SO-3001 5 2026-12-21
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
git commit -qam "SO-3001"
git checkout -q -b pr-b main
sed -i '1a\
\
order "SO-3000" {\
  city_red 3\
  due      2026-12-22\
}' model/orders.takt
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
git commit -qam "SO-3000"
[ "$(gate)" = 0 ] || { say_fail "pull request B alone fails:"; cat out; }
git checkout -q main
git merge -q pr-a || say_fail "the first merge fails"
if git merge -q pr-b > /dev/null 2>&1; then
    say_fail "the second merge of a plan did not conflict (the test expects it to)"
else
    git diff --name-only --diff-filter=U | grep -qx plans/current.plan || say_fail "the conflict is not in the plan"
    git diff --name-only --diff-filter=U | grep -q model/ && say_fail "the models conflict"
    git checkout -q --theirs plans/current.plan && git add plans/current.plan && git commit -qm "merge pr-b" --no-edit
    rc=$(gate_gh)
    [ "$rc" = 1 ] || say_fail "a merged plan taken from one side: exit $rc, not 1"
    grep -q "title=E0652::the plan is not current: order 'SO-3001'" out || { say_fail "no E0652 naming the other side's order:"; cat out; }
    # as the page says: plan again from the merged model
    takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
    [ "$(gate)" = 0 ] || { say_fail "the plan made again from the merged model fails:"; cat out; }
fi

# 8. the merge driver, configured as the page says (the attributes line and
# the two lines of git config, taken from docs/ci.md)
attrs=$(awk '/merge=takt-plan$/ { sub(/^ +/, ""); print; exit }' "$root/docs/ci.md")
[ -n "$attrs" ] || say_fail "no .gitattributes line with merge=takt-plan in docs/ci.md"
awk '/^  git config merge\.takt-plan\./ { sub(/^ +/, ""); print }' "$root/docs/ci.md" > "$work/driver.sh"
[ "$(wc -l < "$work/driver.sh")" = 2 ] || say_fail "docs/ci.md does not configure the driver in two lines"
git reset -q --hard
git checkout -q -B main2 "$(git rev-list --max-parents=0 main | tail -n 1)" # the base plan
printf '*.takt text eol=lf\n%s\n' "$attrs" > .gitattributes
sh "$work/driver.sh" || say_fail "the driver's git config fails"
git commit -qam "the merge driver"
driver=$(git rev-parse HEAD)
git checkout -q -b pr-c main2
add_order SO-4001 5 2026-12-21
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
git commit -qam "SO-4001"
git checkout -q -b pr-d main2
sed -i '1a\
\
order "SO-4000" {\
  city_red 3\
  due      2026-12-22\
}' model/orders.takt
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
git commit -qam "SO-4000"
git checkout -q main2
git merge -q pr-c || say_fail "the first merge with the driver fails"
if git merge -q --no-edit pr-d > "$work/merge.out" 2>&1; then
    grep -q "plans/current.plan: planned again from the merged model/main.takt" "$work/merge.out" ||
        { say_fail "the driver did not say it planned again:"; cat "$work/merge.out"; }
    git status --porcelain | grep -v '^??' | grep -q . && say_fail "the merge with the driver left changes"
    grep -q '"SO-4000"' model/orders.takt && grep -q '"SO-4001"' model/orders.takt || say_fail "the merged model lacks an order"
    grep -q '^order SO-4000 ' plans/current.plan && grep -q '^order SO-4001 ' plans/current.plan ||
        say_fail "the merged plan lacks an order of one side"
    [ "$(gate)" = 0 ] || { say_fail "the plan the driver made fails the gate:"; cat out; }
    takt plan -q --no-report --iterations $iters model/main.takt -o "$work/direct.plan"
    sed '/^made-by /d' "$work/direct.plan" > "$work/direct.body"
    sed '/^made-by /d' plans/current.plan > "$work/merged.body"
    cmp -s "$work/direct.body" "$work/merged.body" || say_fail "the driver's plan is not the plan of the merged model"
else
    say_fail "the merge with the driver conflicts:"; cat "$work/merge.out"; git status --short
    git merge --abort 2> /dev/null
fi
# without --model: the model is the .takt file the plan's made-by digest names
git config merge.takt-plan.driver 'takt merge-plan %O %A %B %P'
git checkout -q -b main3 pr-c
if git merge -q --no-edit pr-d > "$work/merge.out" 2>&1; then
    grep -q "plans/current.plan: planned again from the merged model/main.takt" "$work/merge.out" ||
        { say_fail "the driver without --model did not find the model:"; cat "$work/merge.out"; }
    [ "$(gate)" = 0 ] || { say_fail "the plan the driver made without --model fails the gate:"; cat out; }
else
    say_fail "the merge with the driver without --model conflicts:"; cat "$work/merge.out"
    git merge --abort 2> /dev/null
fi
sh "$work/driver.sh"
takt merge-plan a b > /dev/null 2>&1
[ $? = 2 ] || say_fail "takt merge-plan with two files: not a usage error"
# the models conflict (both sides change SO-4001's quantity): the plan stays
# in conflict, and the driver says why
git checkout -q -b pr-e pr-c
sed -i 's/^  city_red 5$/  city_red 7/' model/orders.takt
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
git commit -qam "SO-4001: 7"
git checkout -q -b pr-f pr-c
sed -i 's/^  city_red 5$/  city_red 9/' model/orders.takt
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
git commit -qam "SO-4001: 9"
if git merge -q --no-edit pr-e > "$work/merge.out" 2>&1; then
    say_fail "models that conflict merged"
else
    git diff --name-only --diff-filter=U | grep -qx plans/current.plan || say_fail "the plan is not left in conflict"
    grep -q "takt merge-plan: the merged model/main.takt cannot be planned" "$work/merge.out" ||
        { say_fail "the driver did not say why:"; cat "$work/merge.out"; }
    git merge --abort
fi
# a plan without a made-by record: the driver cannot plan it as it was planned
git checkout -q -b pr-g "$driver"
sed -i '1a\
\
order "SO-4100" {\
  city_red 2\
  due      2026-12-23\
}' model/orders.takt
takt plan -q --no-report --iterations $iters model/main.takt -o plans/current.plan
sed -i '/^made-by /d' plans/current.plan
git commit -qam "SO-4100 without a made-by record"
if git merge -q --no-edit pr-c > "$work/merge.out" 2>&1; then
    say_fail "a plan without a made-by record merged"
else
    grep -q "does not record a repeatable search" "$work/merge.out" || { say_fail "no reason given:"; cat "$work/merge.out"; }
    git diff --name-only --diff-filter=U | grep -qx plans/current.plan || say_fail "the plan without made-by is not in conflict"
    git diff --name-only --diff-filter=U | grep -q model/ && say_fail "the models conflict (the test expects them not to)"
    git merge --abort
fi

[ $fail -eq 0 ] && echo "docs/ci.md: the recipes work through a pull request's life"
exit $fail
