#!/bin/sh
# run_golden.sh: one golden test. Runs a takt command on a model and compares
# what it prints, and its exit code, byte for byte with the expected file
# beside the model.
#
#   run_golden.sh TAKT check DIR/NAME.takt    expects DIR/NAME.diag
#
# The command runs in DIR with the bare file name, so messages show short
# paths. With TAKT_UPDATE_GOLDEN=1 the expected file is rewritten instead;
# review the change by eye (git diff) before committing it.
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
