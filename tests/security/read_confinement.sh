#!/bin/sh
# read_confinement.sh: no file content leaks into a CI log (docs/security.md,
# "What a model may read"). A project laid out as docs/ci.md lays it out
# (model/, plans/, a git work tree) is attacked by every route takt reads a
# file by: absolute imports, ../ imports, /proc/self/environ, symbolic links
# to files and folders outside, a model file, a plan, a CSV and an instance
# that are links. Secrets are planted outside the project, in the project's
# .git and in the environment; each case checks the exit code and that no
# secret appears in anything takt prints. Then the ways a trusted user
# widens what is read (--allow-read, TAKT_ALLOW_READ), and the standard
# library, which keeps working.
#
#   read_confinement.sh TAKT REPO_ROOT
set -u
takt=$1
root=$(cd "$2" && pwd)
case $takt in
*/*) takt=$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt") ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-confine-XXXXXX") || exit 2
work=$(cd "$work" && pwd -P)
trap 'rm -rf "$work"' EXIT
unset TAKT_PATH TAKT_ALLOW_READ NO_COLOR
failed=0
ran=0

# the secrets: in the environment, in files outside the project, in the
# project's .git (where actions/checkout keeps its token)
# (the environment's secret first in it: a NUL byte ends /proc/self/environ's first line)
secretenv="env -i TAKT_TEST_SECRET=env-SECRET-4c1d"
mkdir -p "$work/outside/deep"
printf 'outside-SECRET-91f2\n' > "$work/outside/secret.txt"
printf 'model-SECRET-7a3e { }\n' > "$work/outside/secret.takt"
printf 'plan-SECRET-55b0\n' > "$work/outside/secret.plan"
printf 'order,operation,machine,unit,start,end\ncsv-SECRET-0d17,a,b,1,x,y\n' > "$work/outside/secret.csv"
printf 'deep-SECRET-e6c9 { }\n' > "$work/outside/deep/lib.takt"
secrets='env-SECRET-4c1d outside-SECRET-91f2 model-SECRET-7a3e plan-SECRET-55b0 csv-SECRET-0d17 deep-SECRET-e6c9 token-SECRET-b8aa'

# the project: a git work tree with the bicycle works in model/
p=$work/repo
mkdir -p "$p/.git" "$p/model" "$p/plans" "$p/shop"
printf '[http]\n\textraheader = AUTHORIZATION: basic token-SECRET-b8aa\n' > "$p/.git/config"
cp "$root"/examples/bicycle/*.takt "$p/model/"
cd "$p" || exit 2
"$takt" plan -q --no-report --iterations 50 model/main.takt -o plans/current.plan --schedule plans/current.csv || {
    echo "FAIL: cannot plan the bicycle works"
    exit 1
}

# run NAME WANT-EXIT CMD...: CMD exits WANT-EXIT and prints no secret (but
# $shown, when set: a file a trusted user allowed, which must be read)
shown=""
run() {
    name=$1
    want=$2
    shift 2
    "$@" > "$work/out" 2> "$work/err"
    got=$?
    ran=$((ran + 1))
    bad=""
    [ "$got" = "$want" ] || bad="exit $got, wanted $want"
    for s in $secrets; do
        if [ "$s" = "$shown" ]; then
            grep -qF "$s" "$work/out" "$work/err" || bad="$bad${bad:+; }did not read the allowed file"
        elif grep -qF "$s" "$work/out" "$work/err"; then
            bad="$bad${bad:+; }printed $s"
        fi
    done
    if [ -n "$bad" ]; then
        failed=$((failed + 1))
        echo "FAIL $name: $bad"
        sed 's/^/    /' "$work/out" "$work/err" | head -20
    fi
}

# expect NAME TEXT: the last run printed TEXT (a fixed string) on stderr
expect() {
    if ! grep -qF -- "$2" "$work/err"; then
        failed=$((failed + 1))
        echo "FAIL $1: no '$2' in:"
        sed 's/^/    /' "$work/err" | head -10
    fi
}

# a model (the root file, in model/) with one more import
with_import() {
    { printf 'import "%s"\n' "$1"; cat "$root/examples/bicycle/main.takt"; } > model/main.takt
}

# 1. imports: an absolute path, ../ out of the project, the process's
# environment, a file of the project that is not a model (.git/config)
with_import "$work/outside/secret.takt"
run import-absolute 1 "$takt" check model/main.takt
expect import-absolute "error[E0106]"
with_import "/etc/passwd"
run import-etc-passwd 1 "$takt" check model/main.takt
with_import "../../outside/secret.takt"
run import-parent 1 "$takt" check model/main.takt
expect import-parent "it is outside the model's project"
with_import "../../../../../../../../../../../../../../../../../../etc/shadow"
run import-etc-shadow 1 "$takt" check model/main.takt
with_import "/proc/self/environ"
run import-proc-environ 1 $secretenv "$takt" check model/main.takt
run import-proc-environ-plan 1 $secretenv "$takt" plan model/main.takt
with_import "../.git/config"
run import-git-config 1 "$takt" check model/main.takt
expect import-git-config "error[E0107]"
for f in json github; do
    with_import "/proc/self/environ"
    run "import-proc-environ-$f" 1 "$takt" check --format=$f model/main.takt
done

# 2. symbolic links inside the project that lead out: to a file, to a
# folder, to the environment; a .takt name for a file that is not a model
ln -s "$work/outside/secret.takt" model/linked.takt
with_import "linked.takt"
run import-file-link 1 "$takt" check model/main.takt
expect import-file-link "a symbolic link leads it to"
ln -s "$work/outside/deep" model/lib
with_import "lib/lib.takt"
run import-through-folder-link 1 "$takt" check model/main.takt
ln -s /proc/self/environ model/env.takt
with_import "env.takt"
run import-environ-link 1 $secretenv "$takt" check model/main.takt
ln -s ../.git/config model/config.takt
with_import "config.takt"
run import-link-to-git-config 1 "$takt" check model/main.takt
expect import-link-to-git-config "which is not a model file"
cp "$root/examples/bicycle/main.takt" model/main.takt

# 3. a model file that is a link out, as `takt fmt --check model/*.takt`
# (docs/ci.md) and the other commands would read it
rm -f model/linked.takt model/env.takt model/config.takt model/lib
ln -s "$work/outside/secret.takt" model/evil.takt
run fmt-check-link 2 "$takt" fmt --check model/evil.takt
expect fmt-check-link "it is a symbolic link to"
run fmt-check-glob 2 "$takt" fmt --check model/*.takt
run fmt-check-github 2 "$takt" fmt --check --format=github model/*.takt
run fmt-rewrite-link 2 "$takt" fmt model/evil.takt
run fmt-stdout-link 2 "$takt" fmt --stdout model/evil.takt
run check-link 2 "$takt" check model/evil.takt
expect check-link "error[E0106]"
run plan-link 2 "$takt" plan model/evil.takt
run verify-model-link 2 "$takt" verify model/evil.takt plans/current.plan
rm model/evil.takt
ln -s /proc/self/environ model/environ.takt
run fmt-check-environ 2 $secretenv "$takt" fmt --check model/*.takt
run check-environ 2 $secretenv "$takt" check --format=json model/environ.takt
rm model/environ.takt

# 4. a committed plan, schedule CSV or previous plan that is a link out
ln -s "$work/outside/secret.plan" plans/evil.plan
run verify-plan-link 2 "$takt" verify model/main.takt plans/evil.plan
expect verify-plan-link "outside the folder it is named in"
run verify-plan-link-json 2 "$takt" verify --format=json model/main.takt plans/evil.plan
run diff-plan-link 2 "$takt" diff plans/current.plan plans/evil.plan
run stable-plan-link 2 "$takt" plan --stable plans/evil.plan model/main.takt
ln -s "$work/outside/secret.csv" plans/evil.csv
run verify-csv-link 2 "$takt" verify model/main.takt plans/evil.csv
ln -s /proc/self/environ plans/environ.plan
run verify-environ-link 2 $secretenv "$takt" verify model/main.takt plans/environ.plan
run diff-environ-link 2 $secretenv "$takt" diff plans/environ.plan plans/current.plan
ln -s ../.git/config plans/config.plan
run verify-git-config-link 2 "$takt" verify model/main.takt plans/config.plan
ln -s .git/config current.plan # beside .git: inside its folder, but into .git
run verify-git-config-beside 2 "$takt" verify model/main.takt current.plan
expect verify-git-config-beside "a symbolic link into a .git folder"
run diff-git-config-beside 2 "$takt" diff current.plan plans/current.plan
ln -s "$work/outside/secret.csv" shop/ops.csv
run import-actuals-link 2 "$takt" import actuals shop/ops.csv
ln -s "$work/outside/secret.txt" shop/ft06.txt
run import-jssp-link 2 "$takt" import jssp shop/ft06.txt
run import-fjsp-link 2 "$takt" import fjsp shop/ft06.txt

# 5. a folder of the checkout that is a link out of it, on the command line
ln -s "$work/outside" plans2
ln -s "$work/outside" model2
run verify-folder-link 2 "$takt" verify model/main.takt plans2/secret.plan
expect verify-folder-link "leads out of the working directory"
run check-folder-link 2 "$takt" check model2/secret.takt
run fmt-folder-link 2 "$takt" fmt --check model2/secret.takt
run diff-folder-link-absolute 2 "$takt" diff plans/current.plan "$p/plans2/secret.plan"

# 6. links that stay inside are followed
ln -s current.plan plans/latest.plan
run verify-link-inside 0 "$takt" verify -q model/main.takt plans/latest.plan
mkdir model/v2
cp "$root/examples/bicycle/main.takt" model/v2/root.takt
sed -i.bak 's|import "\([a-z]*\.takt\)"|import "../\1"|' model/v2/root.takt
rm -f model/v2/root.takt.bak
ln -s v2/root.takt model/root.takt
run check-link-inside 0 "$takt" check -q model/root.takt

# 7. the standard library keeps working, from any project
run stdlib 0 "$takt" check -q model/main.takt
(cd "$work" && "$takt" check -q repo/model/main.takt) > "$work/out" 2>&1 || {
    failed=$((failed + 1))
    echo "FAIL stdlib-from-elsewhere:"
    cat "$work/out"
}

# 8. a trusted user widens what is read: then the file is read (and shown)
with_import "../../outside/deep/lib.takt"
shown=deep-SECRET-e6c9
run allow-read-option 1 "$takt" check --allow-read "$work/outside/deep" model/main.takt
run allow-read-option-equals 1 "$takt" check --allow-read="$work/outside" model/main.takt
run allow-read-env 1 env TAKT_ALLOW_READ="$work/outside/deep:$work" "$takt" check model/main.takt
shown=""
run allow-read-env-missing-folder 2 env TAKT_ALLOW_READ="/nonexistent-dir:$work/outside/deep" "$takt" check model/main.takt
expect allow-read-env-missing-folder "TAKT_ALLOW_READ names '/nonexistent-dir'"
run allow-read-missing 2 "$takt" check --allow-read "$work/none" model/main.takt
expect allow-read-missing "--allow-read '$work/none'"
cp "$root/examples/bicycle/main.takt" model/main.takt
shown=plan-SECRET-55b0
run allow-read-plan 1 "$takt" verify --allow-read "$work/outside" model/main.takt plans/evil.plan
shown=""

# 9. outside a git work tree, the project is the root model's folder
rm -rf .git
with_import "../plans/current.plan"
run no-work-tree 1 "$takt" check model/main.takt
expect no-work-tree "error[E0106]"

echo "read_confinement: $ran cases, $failed failed"
[ $failed -eq 0 ]
