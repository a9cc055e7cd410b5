#!/bin/sh
# jit_cli.sh: the takt command's JIT, a module loaded when first asked for
# (cli/jit_load.c).
#
#  1. --engine=jit plans with the JIT (--stats says so) and gives the
#     interpreter's plan byte for byte: the bicycle example, and a generated
#     plant with the heavy rule and every order released at the start (long
#     queues: the rule is evaluated often);
#  2. --emit=llvm prints the rules' LLVM module;
#  3. a JIT module that cannot be loaded (TAKT_JIT_MODULE) is a warning and
#     the interpreter plans, the same plan;
#  4. takt check, and takt plan with the interpreter, do not load LLVM.
#
#   jit_cli.sh TAKT REPO_ROOT GENPLANT
set -u
takt=$1
root=$2
genplant=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-jit-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

"$genplant" --machines 20 --products 40 --steps 6 --orders 300 --materials 10 --rule heavy --release start \
    > "$work/heavy.takt"
for model in "$root/examples/bicycle/main.takt" "$work/heavy.takt"; do
    name=$(basename "$model" .takt)
    "$takt" plan -q --no-report --time-limit 0 --engine interp "$model" -o "$work/$name.interp.plan" > /dev/null 2>&1 ||
        no "$name: the interpreter does not plan"
    "$takt" plan -q --no-report --time-limit 0 --engine jit --stats "$model" -o "$work/$name.jit.plan" \
        > /dev/null 2> "$work/$name.stats" || no "$name: the JIT does not plan"
    grep -q "engine jit," "$work/$name.stats" || no "$name: --engine=jit did not plan with the JIT: $(cat "$work/$name.stats")"
    grep -q "warning" "$work/$name.stats" && no "$name: $(cat "$work/$name.stats")"
    cmp -s "$work/$name.interp.plan" "$work/$name.jit.plan" || no "$name: the JIT's plan is not the interpreter's"
done

"$takt" plan --emit=llvm "$work/heavy.takt" > "$work/heavy.ll" 2> /dev/null || no "--emit=llvm fails"
grep -q "^define " "$work/heavy.ll" || no "--emit=llvm prints no function"

TAKT_JIT_MODULE="$work/no-such-module.so" "$takt" plan -q --no-report --time-limit 0 --engine jit --stats \
    "$work/heavy.takt" -o "$work/fallback.plan" > /dev/null 2> "$work/fallback.err" || no "no module: does not plan"
grep -q "warning: the JIT cannot start (cannot load $work/no-such-module.so" "$work/fallback.err" ||
    no "no module: no warning that says so: $(cat "$work/fallback.err")"
grep -q "engine interp," "$work/fallback.err" || no "no module: not the interpreter"
cmp -s "$work/heavy.interp.plan" "$work/fallback.plan" || no "no module: not the interpreter's plan"

# the dynamic loader lists every library it loads
loads_llvm() { LD_DEBUG=libs "$@" 2>&1 >/dev/null | grep -q "libLLVM"; }
loads_llvm "$takt" check -q "$work/heavy.takt" && no "takt check loads LLVM"
loads_llvm "$takt" plan -q --no-report --engine interp "$work/heavy.takt" -o "$work/x.plan" &&
    no "takt plan --engine=interp loads LLVM"
loads_llvm "$takt" plan -q --no-report --engine jit "$work/heavy.takt" -o "$work/x.plan" ||
    no "takt plan --engine=jit does not load LLVM (is LD_DEBUG working?)"

[ $fail -eq 0 ] && echo "jit_cli: ok"
exit $fail
