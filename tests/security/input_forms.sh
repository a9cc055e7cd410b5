#!/bin/sh
# input_forms.sh: the forms spreadsheets and editors save files in are read
# as the plain file (docs/security.md, "Common input forms"). A UTF-8
# byte-order mark at the start of a model, a plan, a schedule CSV, an
# actuals CSV or an instance, and a CSV header with every field quoted
# (RFC 4180, CRLF line ends): each command prints exactly what it prints
# for the plain file, and exits the same (for the quoted header, in JSON:
# text diagnostics show the header line as it is written). takt fmt keeps a
# file's mark.
#
#   input_forms.sh TAKT REPO_ROOT
set -u
takt=$1
root=$(cd "$2" && pwd)
case $takt in
*/*) takt=$(cd "$(dirname "$takt")" && pwd)/$(basename "$takt") ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-forms-XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
unset TAKT_PATH TAKT_ALLOW_READ NO_COLOR
failed=0
ran=0
bom=$(printf '\357\273\277')

# plain/ holds the files as takt writes them; marked/ the same files, each
# with a byte-order mark (CSV headers quoted, CRLF); same names, so messages
# that name a file are the same
mkdir "$work/plain" "$work/marked"
cd "$work/plain" || exit 2
cp "$root"/examples/bicycle/*.takt .
"$takt" plan -q --no-report --iterations 50 main.takt -o p.plan --schedule s.csv || exit 2
# a second plan that differs (a move), to diff and verify with findings
sed 's/^\(op SO-1001[^ ]* [a-z]* machine [a-z_]* unit \)1 /\12 /' p.plan > q.plan
printf 'work_order,operation,machine,start,end,good\nW-SO-1001-frame,cut,saw,2026-12-07T06:00,2026-12-07T07:00,40\n' > ops.csv
printf '2 2\n0 3 1 4\n1 2 0 5\n' > ft.txt
printf 'plant { start 2026-12-01 }\nmachine m { units x }\n  oops\n' > bad.takt
for f in *.takt *.plan ft.txt; do
    [ -f "$f" ] || continue
    { printf '%s' "$bom"; cat "$f"; } > "../marked/$f"
done
# CSVs: with a mark; and quoted.csv, ops.csv as spreadsheets write them:
# a mark, every header field quoted, CRLF line ends
cp s.csv quoted.csv
for f in quoted.csv ops.csv; do
    awk -v bom="$bom" 'NR == 1 { n = split($0, h, ","); line = bom; for (i = 1; i <= n; i++) line = line (i > 1 ? "," : "") "\"" h[i] "\""; print line "\r"; next } { print $0 "\r" }' \
        "$f" > "../marked/$f"
done
{ printf '%s' "$bom"; cat s.csv; } > ../marked/s.csv

# same NAME ARGS...: takt ARGS in plain/ and in marked/ print the same and exit the same
same() {
    name=$1
    shift
    ran=$((ran + 1))
    (cd "$work/plain" && "$takt" "$@" > ../out.plain 2>&1; echo "exit $?" >> ../out.plain)
    (cd "$work/marked" && "$takt" "$@" > ../out.marked 2>&1; echo "exit $?" >> ../out.marked)
    if ! cmp -s "$work/out.plain" "$work/out.marked"; then
        failed=$((failed + 1))
        echo "FAIL $name: read differently with a byte-order mark:"
        diff "$work/out.plain" "$work/out.marked" | head -10
    fi
}

same check check main.takt
same check-json check --format=json main.takt
same check-errors check --color=never bad.takt
same check-errors-json check --format=json bad.takt
same plan plan --iterations 50 main.takt
same plan-stable plan --stable p.plan main.takt
same verify-plan verify --color=never main.takt p.plan
same verify-moved verify --color=never main.takt q.plan
same verify-csv verify --color=never main.takt s.csv
same verify-csv-json verify --format=json main.takt s.csv
same verify-quoted-csv verify --format=json main.takt quoted.csv
same verify-quoted-csv-summary verify --quiet --format=github main.takt quoted.csv
same diff diff p.plan q.plan
same diff-json diff --format=json p.plan q.plan
same import-actuals import actuals ops.csv
same import-jssp import jssp ft.txt
same fmt-check fmt --check main.takt orders.takt
same fmt-check-bad fmt --check --color=never bad.takt

# the schedule CSV really was read, not skipped: its rows are checked
ran=$((ran + 1))
(cd "$work/marked" && "$takt" verify main.takt quoted.csv 2>&1) | grep -q "valid — .* operations" || {
    failed=$((failed + 1))
    echo "FAIL verify-csv: the marked CSV was not read as a schedule"
}

# takt fmt keeps the mark, and changes the layout only
printf 'plant "W" {start 2026-12-01 06:00}\n' > "$work/plain/messy.takt"
printf '%s' "$bom" | cat - "$work/plain/messy.takt" > "$work/marked/messy.takt"
ran=$((ran + 1))
(cd "$work/plain" && "$takt" fmt --stdout messy.takt) > "$work/out.plain"
(cd "$work/marked" && "$takt" fmt --stdout messy.takt) > "$work/out.marked"
{ printf '%s' "$bom"; cat "$work/out.plain"; } | cmp -s - "$work/out.marked" || {
    failed=$((failed + 1))
    echo "FAIL fmt --stdout: not the plain file's layout after the mark"
}
(cd "$work/plain" && "$takt" fmt messy.takt) && (cd "$work/marked" && "$takt" fmt messy.takt)
ran=$((ran + 1))
if [ "$(head -c 3 "$work/marked/messy.takt")" != "$bom" ]; then
    failed=$((failed + 1))
    echo "FAIL fmt: the byte-order mark was dropped"
elif ! tail -c +4 "$work/marked/messy.takt" | cmp -s - "$work/plain/messy.takt"; then
    failed=$((failed + 1))
    echo "FAIL fmt: the layout differs from the plain file's"
fi
same fmt-check-formatted fmt --check messy.takt

echo "input_forms: $ran cases, $failed failed"
[ $failed -eq 0 ]
