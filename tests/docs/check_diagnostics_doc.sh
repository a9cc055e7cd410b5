#!/bin/sh
# check_diagnostics_doc.sh: docs/diagnostics.md stays true. Every code of
# compiler/diag_codes.def has a section, and every output shown after
# `$ takt check NAME.takt` (or `$ takt plan NAME.takt`, `$ takt verify
# NAME.takt NAME.plan`) is, line for line, in the golden file
# tests/golden/check/NAME.diag (tests/golden/plan-errors/, tests/golden/verify/)
# that the test suite compares byte for byte.
#
#   check_diagnostics_doc.sh REPO_ROOT
set -u
root=$1
doc=$root/docs/diagnostics.md
golden=$root/tests/golden/check
status=0
for code in $(sed -n 's/^DIAG_CODE(\([EW][0-9]*\),.*/\1/p' "$root/compiler/diag_codes.def"); do
    if ! grep -q "^## $code " "$doc"; then
        echo "docs/diagnostics.md: no section for $code"
        status=1
    fi
done
# each console block that runs a golden test
awk -v golden="$golden" '
    /^\$ takt (check|plan) ([ew][0-9][0-9][0-9][0-9]-|multi-|ok-)[A-Za-z0-9_.-]*\.takt$/ {
        name = ($3 == "plan" ? "../plan-errors/" : "") $4; sub(/\.takt$/, "", name); inblock = 1; next }
    /^\$ takt verify [ew][0-9][0-9][0-9][0-9]-[A-Za-z0-9_.-]*\.takt [A-Za-z0-9_.-]*\.(plan|csv)$/ {
        name = "../verify/" $5; sub(/\.(plan|csv)$/, "", name); inblock = 1; next }
    inblock && /^```/ { inblock = 0; next }
    inblock && NF { print name "\t" $0 }
' "$doc" > "${TMPDIR:-/tmp}/takt-doclines.$$"
while IFS="	" read -r name line; do
    f=$golden/$name.diag
    if [ ! -f "$f" ]; then
        echo "docs/diagnostics.md: shows a test that does not exist: $name"
        status=1
        continue
    fi
    if ! grep -qxF -- "$line" "$f"; then
        echo "docs/diagnostics.md: the output of $name differs from its golden file:"
        echo "    $line"
        status=1
    fi
done < "${TMPDIR:-/tmp}/takt-doclines.$$"
rm -f "${TMPDIR:-/tmp}/takt-doclines.$$"
[ $status -eq 0 ] && echo "docs/diagnostics.md: every code documented, every example current"
exit $status
