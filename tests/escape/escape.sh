#!/bin/sh
# escape.sh: what takt prints keeps the promises of docs/security.md ("What
# takt prints"), whatever its input holds. Names and strings in a model, a
# plan file, a schedule CSV, a shop-floor CSV and in file names carry a
# forged GitHub Actions annotation after a line break, a carriage return, a
# terminal escape, C1 and bidi controls, a line separator, "##[" and bytes
# that are not UTF-8; every subcommand runs on them in every format, and
# takt-outcheck reads each output byte by byte:
#
#   text (standard error, the report, takt diff, --emit): no control or
#     bidi character, only UTF-8, no line that starts with "::", no "##["
#   github: only takt's own annotations, one a line
#   json: one valid JSON value, by a strict parser
#   svg: well-formed XML
#   html (the plan page): UTF-8 without controls, exactly takt's three
#     script elements, the data one strict JSON value, nothing fetched
#
# Then names that a plan may hold (quotes, commas, backslashes, leading
# blanks and colons, "##[", non-ASCII) go through the plan file and the
# schedule CSV and read back as they were (takt verify finds them valid,
# takt diff finds no change); and every JSON output of every subcommand on
# the examples parses.
#
#   escape.sh TAKT OUTCHECK REPO_ROOT
set -u
takt=$1
check=$2
root=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-escape-XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT INT TERM
unset NO_COLOR TAKT_PATH
LC_ALL=C   # sed and grep work on bytes, broken UTF-8 included
export LC_ALL
fails=0
runs=0

ESC=$(printf '\033')
CR=$(printf '\r')
RLO=$(printf '\342\200\256')     # U+202E right-to-left override
LRI=$(printf '\342\201\246')     # U+2066 left-to-right isolate
LS=$(printf '\342\200\250')      # U+2028 line separator
CSI=$(printf '\302\233')         # U+009B, a C1 control (CSI)
NBSP=$(printf '\302\240')        # U+00A0, a blank a log reader skips
BAD=$(printf '\377\300\200\355\240\200')  # not UTF-8: a stray byte, an overlong form, a surrogate
FORGE='::error file=README.md::forged'
# all of it, as a model's string can hold it (a Takt string has \n, not a
# raw line break; the model itself must be UTF-8)
HOSTILE="\\n$FORGE$CR$ESC[31m$CSI$RLO$LRI$LS##[error]x"

# run NAME MODE CMD...: standard output checked in MODE, standard error as text
run() {
    name=$1
    mode=$2
    shift 2
    runs=$((runs + 1))
    (cd "$tmp" && "$@") > "$tmp/out/$name.out" 2> "$tmp/out/$name.err"
    echo $? > "$tmp/out/$name.rc"
    if ! "$check" "$mode" "$tmp/out/$name.out" || ! "$check" text "$tmp/out/$name.err"; then
        echo "escape: $name: the output above breaks a promise ($*)"
        fails=$((fails + 1))
    fi
}

# expect NAME CODE: the run exited with CODE
expect() {
    rc=$(cat "$tmp/out/$1.rc")
    if [ "$rc" != "$2" ]; then
        echo "escape: $1 exited $rc, expected $2"
        sed 's/^/    /' "$tmp/out/$1.err" | head -20
        fails=$((fails + 1))
    fi
}

# has NAME TEXT: the output (or its errors) shows TEXT, escaped
has() {
    if ! grep -qF -- "$2" "$tmp/out/$1.out" "$tmp/out/$1.err"; then
        printf "escape: %s does not show: %s\n" "$1" "$2"
        fails=$((fails + 1))
    fi
}

mkdir "$tmp/out"

# ---- a model whose names hold what no name may (E0213), and strings that do -----------
cat > "$tmp/refused.takt" <<EOF
plant "Works$RLO" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }
machine saw { units 1  cost 38 EUR/h  setup by colour { same 0 min  change 5 min  "red" -> "$HOSTILE" 3 min } }
product shelf {
  colour "red$HOSTILE"
  routing { cut on saw run 5 min each }
}
order "A1$HOSTILE" { shelf 10  due 2026-03-20 }
order "A2$ESC[31m" { shelf 10  due 2026-03-20 }
order "A3$CR" { shelf 10  due 2026-03-20 }
order "A4$LS" { shelf 10  due 2026-03-20 }
order "A5$CSI" { shelf 10  due 2026-03-20 }
EOF
for f in text github json; do
    run refused-check-$f $f "$takt" check --color=never --format=$f refused.takt
    expect refused-check-$f 1
done
has refused-check-text "the name of order 'A1\\n::error file=README.md::forged\\r\\x1b[31m\\u{9b}\\u{202e}\\u{2066}\\u{2028}##\\x5berror]x' holds a line break"
has refused-check-text "the name of order 'A2\\x1b[31m' holds an escape character (U+001B)"
has refused-check-text "holds a carriage return"
has refused-check-text "holds a line separator (U+2028)"
has refused-check-text "holds a control character (U+009B)"
has refused-check-text "the name of the plant 'Works\\u{202e}' holds a bidi control (U+202E)"
run refused-plan text "$takt" plan --color=never refused.takt
expect refused-plan 1
run refused-emit-ast text "$takt" check --color=never --emit=ast refused.takt
run refused-fmt-check text "$takt" fmt --check refused.takt
# a syntax error: takt fmt reports it in each format
{ cat "$tmp/refused.takt"; printf 'order "B1%s" { shelf 10 due }\n' "$HOSTILE"; } > "$tmp/broken.takt"
for f in text github json; do
    run broken-fmt-$f $f "$takt" fmt --color=never --format=$f --stdout broken.takt
    expect broken-fmt-$f 1
done

# a string that is not UTF-8 (E0006) and a string with a tab and a NUL
printf 'plant "P" { start 2026-03-02 06:00  horizon 1 weeks }\norder "A%s" { x 1  due 2026-03-03 }\n' "$BAD" > "$tmp/latin1.takt"
for f in text github json; do
    run latin1-check-$f $f "$takt" check --color=never --format=$f latin1.takt
    expect latin1-check-$f 1
done

# ---- a model that plans: names a plan may hold, strings anything ------------------------
cat > "$tmp/shop.takt" <<EOF
plant "Shop ::notice::x ##[error]y" { start 2026-03-02 06:00  horizon 2 weeks  currency EUR }
machine saw { cost 60 EUR/h }
machine paint { cost 120 EUR/h  setup by colour { same 0 min  change 30 min  "red" -> "$HOSTILE" 3 min } }
material tube { unit m  cost 5 EUR/m  stock 1000 m }
product frame {
  colour "red"
  label "$HOSTILE"
  bom { tube 2 m }
  routing {
    cut  on saw   setup 10 min  run 5 min each
    coat on paint run 3 min each
  }
}
order "::warning::A1" { frame 10  due 2026-03-03  customer "$HOSTILE" }
order "$NBSP::notice::A2" { frame 4  due 2026-03-04 }
order "A3 ##[error]x" { frame 2  due 2026-03-02 }
order "A4, \\"quoted\\"" { frame 2  due 2026-03-05 }
order "  ::A5 back\\\\slash" { frame 2  due 2026-03-05 }
order "Werk München" { frame 2  due 2026-03-05 }
order ZZ { frame 3  due 2026-03-06 }
actuals {
  now 2026-03-02 10:00
  op "::warning::A1" cut on saw 1 { start 2026-03-02 06:00  end 2026-03-02 07:10  setup 15 min  good 9  scrap 1  used tube 22 m }
  issued tube 3 m on 2026-03-02 08:00 "$HOSTILE"
}
rule first_due = order.due
schedule { dispatch first_due }
EOF
for f in text github json; do
    run shop-check-$f $f "$takt" check --color=never --format=$f shop.takt
    expect shop-check-$f 0
done
has shop-check-text "no product has colour \"\\n::error file=README.md::forged\\r\\x1b[31m"
run shop-plan text "$takt" plan --color=never --iterations 50 shop.takt -o shop.plan --schedule shop.csv --gantt shop.svg \
    --html shop.html
expect shop-plan 0
has shop-plan "\\x3a:warning::A1 "
has shop-plan "##\\x5berror]x"
has shop-plan "issued        tube 3 m on 2026-03-02 08:00 (15.00): \\n::error file=README.md::forged\\r\\x1b[31m\\u{9b}\\u{202e}"
run shop-plan-json json "$takt" plan --iterations 50 --format=json shop.takt
expect shop-plan-json 0
run shop-svg xml cat shop.svg
run shop-html html cat shop.html
run shop-emit-ir text "$takt" plan --emit=ir shop.takt
run shop-emit-ast text "$takt" plan --emit=ast shop.takt
for f in text github json; do
    run shop-verify-$f $f "$takt" verify --color=never --format=$f shop.takt shop.plan
    expect shop-verify-$f 0
    run shop-verify-csv-$f $f "$takt" verify --color=never --format=$f shop.takt shop.csv
    expect shop-verify-csv-$f 0
done
# the names read back exactly: no change
run shop-diff-same text "$takt" diff shop.plan shop.plan
expect shop-diff-same 0

# ---- a plan and a schedule that carry it all ------------------------------------------------
# the plan, with the order ZZ renamed: a JSON string with escapes, raw
# controls, a bidi control and bytes that are not UTF-8
JNAME="\"ZZ\\n$FORGE\\r\\u001b[31m$ESC[31m$CR$RLO$LRI$BAD##[error]x\""
JSED=$(printf '%s' "$JNAME" | sed 's/[\\&/]/\\&/g')
sed "s/ ZZ / $JSED /g" "$tmp/shop.plan" > "$tmp/hostile.plan"
if cmp -s "$tmp/shop.plan" "$tmp/hostile.plan"; then
    echo "escape: the hostile plan is the plan (no ZZ to rename?)"
    fails=$((fails + 1))
fi
# a work order of a product the model does not have, an unreadable line,
# and a plant name that forges a line
printf 'workorder %s product "gear%s[31m%s" qty 1 release 2026-03-02T06:00\n' "$JNAME" "$ESC" "$BAD" >> "$tmp/hostile.plan"
printf 'op%s[31m %s x\n' "$ESC" "$BAD" >> "$tmp/hostile.plan"
sed "s/^plant \"[^\"]*\"/plant \"P\\\\n$FORGE$ESC[31m$RLO\"/" "$tmp/shop.plan" > "$tmp/renamed.plan"
for f in text github json; do
    run hostile-verify-$f $f "$takt" verify --color=never --format=$f shop.takt hostile.plan
    expect hostile-verify-$f 1
done
has hostile-verify-text "work order 'ZZ\\n::error file=README.md::forged\\r\\x1b[31m\\x1b[31m\\r\\u{202e}\\u{2066}\\xff\\xc0\\x80\\xed\\xa0\\x80##\\x5berror]x' makes 'gear\\x1b[31m\\xff\\xc0\\x80\\xed\\xa0\\x80', a product the model does not have"
has hostile-verify-text "unreadable line: 'op\\x1b[31m' is not a plan record"
run hostile-diff text "$takt" diff shop.plan hostile.plan
expect hostile-diff 2
run renamed-diff text "$takt" diff shop.plan renamed.plan
expect renamed-diff 1
has renamed-diff "P\\\\n::error file=README.md::forged\\\\x1b\\[31m\\\\u{202e}"
run renamed-diff-json json "$takt" diff --format=json shop.plan renamed.plan
expect renamed-diff-json 1
# a plan whose names are hostile but readable: every line but the bad one
grep -av '^op.\[31m' "$tmp/hostile.plan" > "$tmp/readable.plan"
run readable-diff text "$takt" diff shop.plan readable.plan
expect readable-diff 1
run readable-diff-verbose text "$takt" diff --verbose readable.plan shop.plan
expect readable-diff-verbose 1
run readable-diff-json json "$takt" diff --format=json shop.plan readable.plan
expect readable-diff-json 1
for f in text github json; do
    run readable-verify-$f $f "$takt" verify --color=never --format=$f shop.takt readable.plan
    expect readable-verify-$f 1
done

# the schedule CSV: quoted fields with escapes of no CSV meaning, raw
# controls, bytes that are not UTF-8, a quote that does not close
{
    echo 'order,operation,machine,unit,start,end'
    printf '"ZZ\\n%s%s[31m",cut%s,saw,1,2026-03-02T06:00,2026-03-02T07:00\n' "$FORGE" "$ESC" "$RLO"
    printf 'ZZ%s%s,"cut,%s",saw,1,2026-03-02T06:00,2026-03-02T07:00\n' "$CR" "$BAD" "$LS"
    printf 'ZZ,cut,saw%s,1,2026-03-02T06:00%s,2026-03-02T07:00\n' "$CSI" "$ESC"
    printf '"ZZ%s\n' "$FORGE"
} > "$tmp/hostile.csv"
for f in text github json; do
    run csv-verify-$f $f "$takt" verify --color=never --format=$f shop.takt hostile.csv
    expect csv-verify-$f 1
done

# ---- a shop-floor export -----------------------------------------------------------------
{
    echo 'work_order,operation,machine,start,reference'
    printf '"ZZ\n%s",cut,saw,2026-03-02T06:00,\n' "$FORGE"
} > "$tmp/floor1.csv"
{
    echo 'work_order,operation,machine,start'
    printf 'ZZ,cut%s[31m,saw,2026-03-02T06:00\n' "$ESC"
} > "$tmp/floor2.csv"
{
    echo 'work_order,operation,machine,start,used'
    printf 'ZZ,cut,saw,2026-03-02T06:00,"tube=2 m } } import ""/etc/passwd"""\n'
} > "$tmp/floor3.csv"
{
    echo 'material,qty,issued,reference'
    printf 'tube,3,2026-03-02T08:00,"%s%s"\n' "$BAD" "$FORGE"
} > "$tmp/floor4.csv"
{
    echo 'material,qty,issued,reference'
    printf 'tube,3,2026-03-02T08:00,"two\r\nlines\tand a ""quote"" \\\\ "\n'
} > "$tmp/floor5.csv"
for k in 1 2 3 4; do
    run floor$k text "$takt" import actuals floor$k.csv
    expect floor$k 1
done
has floor1 "floor1.csv:2: the work order 'ZZ\\n::error file=README.md::forged' holds a line break"
has floor3 "in used: write MATERIAL=QUANTITY"
has floor4 "holds a byte that is not UTF-8"
run floor5 text "$takt" import actuals floor5.csv
expect floor5 0
has floor5 'issued tube 3 on 2026-03-02 08:00 "two\nlines\tand a \"quote\" \\\\"'

# ---- sales history for takt forecast: items, dates and quantities hold anything ---------------
{
    echo 'item,date,quantity'
    printf '"bike%s",2026-01-05,3\n' "$HOSTILE"
} > "$tmp/sales1.csv"
{
    echo 'item,date,quantity'
    printf 'bike,"2026-01-05%s%s",3\n' "$ESC" "$FORGE"
} > "$tmp/sales2.csv"
{
    echo 'item,date,quantity'
    printf 'bike,2026-01-05,"3%s%s"\n' "$BAD" "$RLO"
} > "$tmp/sales3.csv"
for k in 1 2 3; do
    run sales$k text "$takt" forecast sales$k.csv
    expect sales$k 1
done
has sales1 "sales1.csv:2: 'bike\\n::error file=README.md::forged"
has sales3 "is not a number"

# ---- file names and arguments are input too -------------------------------------------------
FNAME=$(printf 'evil\n%s%s[31m%s%s.takt' "$FORGE" "$ESC" "$RLO" "$BAD")
cp "$tmp/shop.takt" "$tmp/$FNAME"
PNAME=$(printf '::warning::p\n%s%s.plan' "$FORGE" "$CSI")
cp "$tmp/shop.plan" "$tmp/$PNAME"
for f in text github json; do
    run fname-check-$f $f "$takt" check --color=never --format=$f "$FNAME"
    expect fname-check-$f 0
    run fname-verify-$f $f "$takt" verify --color=never --format=$f "$FNAME" "$PNAME"
    expect fname-verify-$f 0
    run fname-missing-$f $f "$takt" check --color=never --format=$f "missing$FNAME"
    expect fname-missing-$f 2
done
has fname-check-text "evil\\n::error file=README.md::forged\\x1b[31m\\u{202e}\\xff\\xc0\\x80\\xed\\xa0\\x80.takt"
run fname-plan text "$takt" plan --iterations 5 "$FNAME" -o "$PNAME.new"
expect fname-plan 0
run fname-diff text "$takt" diff "$PNAME" "$PNAME.new"
run fname-diff-json json "$takt" diff --format=json "$PNAME" "$PNAME.new"
run fname-fmt text "$takt" fmt --check "$FNAME"
run fname-import text "$takt" import actuals "$FNAME"
run fname-import-missing text "$takt" import actuals "missing$FNAME"
run fname-jssp text "$takt" import jssp "$FNAME"
HNAME=$(printf 'sales\n%s%s[31m%s%s.csv' "$FORGE" "$ESC" "$RLO" "$BAD")
printf 'item,date,quantity\nbike,2026-01-05,3\nbike,2026-02-05,4\n' > "$tmp/$HNAME"
run fname-forecast text "$takt" forecast "$HNAME"
expect fname-forecast 0
run fname-forecast-report text "$takt" forecast --report "$HNAME"
run fname-forecast-json json "$takt" forecast --report --format=json "$HNAME"
run fname-forecast-missing text "$takt" forecast "missing$HNAME"
expect fname-forecast-missing 2
run fname-forecast-output text "$takt" forecast "$HNAME" -o "nodir/$HNAME"
expect fname-forecast-output 2
run fname-unknown-option text "$takt" check "--x$ESC[31m$FORGE"
expect fname-unknown-option 2
run fname-unknown-command text "$takt" "$ESC]0;title$FORGE"
expect fname-unknown-command 2
run fname-bad-format text "$takt" check "--format=$RLO$FORGE" shop.takt
expect fname-bad-format 2
run fname-plan-output text "$takt" plan shop.takt -o "nodir/$FNAME"
expect fname-plan-output 2

# ---- names a plan may hold read back as they were --------------------------------------------
run roundtrip-verify text "$takt" verify shop.takt shop.plan
expect roundtrip-verify 0
run roundtrip-verify-csv text "$takt" verify shop.takt shop.csv
expect roundtrip-verify-csv 0
# the CSV's quoting: a field that begins with a blank or a colon is quoted
if grep -q '^::' "$tmp/shop.csv" || grep -q '^ ' "$tmp/shop.csv"; then
    echo "escape: a line of the schedule CSV starts with a blank or '::'"
    fails=$((fails + 1))
fi
grep -q '^"A4, ""quoted"""' "$tmp/shop.csv" || { echo "escape: the CSV does not quote 'A4, \"quoted\"'"; fails=$((fails + 1)); }
grep -q '^order "A4, \\"quoted\\"" ' "$tmp/shop.plan" || { echo "escape: the plan file does not write 'A4, \"quoted\"' as a JSON string"; fails=$((fails + 1)); }
grep -q '^order "A3 ##\\u005berror\]x" ' "$tmp/shop.plan" || { echo "escape: the plan file does not write '##[' as ##\\u005b"; fails=$((fails + 1)); }

# ---- takt-outcheck's html mode rejects what a page must never hold ------------------------------
# (so that the html checks above can fail)
for bad in 's|<main>|<main><img src="x.png">|' 's|<main>|<main onclick="alert(1)">|' \
           's|<a href="#summary">|<a href="https://example.com/">|' 's|</main>|<script>alert(1)</script></main>|' \
           's|<main>|<main style="background:url(https://example.com/x)">|' "s|</main>|$ESC</main>|"; do
    runs=$((runs + 1))
    sed "$bad" "$tmp/shop.html" > "$tmp/bad.html"
    if cmp -s "$tmp/shop.html" "$tmp/bad.html" || "$check" html "$tmp/bad.html" > /dev/null 2>&1; then
        echo "escape: takt-outcheck html accepts a page changed by $bad"
        fails=$((fails + 1))
    fi
done

# ---- every JSON output of every subcommand, on the examples ------------------------------------
for ex in "$root"/examples/*/main.takt; do
    d=$(dirname "$ex")
    n=$(basename "$d")
    run ex-$n-check json "$takt" check --format=json "$ex"
    run ex-$n-plan json "$takt" plan --iterations 20 --format=json "$ex" -o "$tmp/$n.plan"
    run ex-$n-verify json "$takt" verify --format=json "$ex" "$tmp/$n.plan"
    run ex-$n-diff json "$takt" diff --format=json "$tmp/$n.plan" "$tmp/shop.plan"
    run ex-$n-report text "$takt" plan --iterations 20 "$ex" --gantt "$tmp/$n.svg" --html "$tmp/$n.html"
    run ex-$n-svg xml cat "$n.svg"
    run ex-$n-html html cat "$n.html"
done

if [ $fails -ne 0 ]; then
    echo "escape: $fails of $runs checks failed"
    exit 1
fi
echo "escape: $runs runs, every output keeps its promises"
