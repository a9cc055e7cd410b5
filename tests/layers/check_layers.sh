#!/bin/sh
# check_layers.sh: the folders include one way (README.md, "Layout"):
#   compiler/, grammar/, forecast/  nothing of runtime/, backend/, cli/, lsp/
#   runtime/                        nothing of backend/, cli/, lsp/
#   backend/                        nothing of cli/, lsp/
# Every quoted #include of every .c, .h, .l and .y file is looked at.
#
#   check_layers.sh REPO_ROOT
set -u
root=$1
fail=0
check() { # folder, forbidden prefixes (a regular expression)
    dir=$1
    bad=$2
    [ -d "$root/$dir" ] || { echo "FAIL: no folder $dir"; fail=1; return; }
    hits=$(find "$root/$dir/" \( -name '*.c' -o -name '*.h' -o -name '*.l' -o -name '*.y' \) -exec \
        grep -HnE "^[[:space:]]*#[[:space:]]*include[[:space:]]+\"($bad)/" {} + 2>/dev/null)
    if [ -n "$hits" ]; then
        echo "FAIL: $dir/ includes a layer above it:"
        echo "$hits" | sed "s#^$root/*##"
        fail=1
    fi
}
check compiler 'runtime|backend|cli|lsp'
check grammar 'runtime|backend|cli|lsp'
check forecast 'runtime|backend|cli|lsp'
check runtime 'backend|cli|lsp'
check backend 'cli|lsp'
[ $fail -eq 0 ] && echo "check_layers: ok"
exit $fail
