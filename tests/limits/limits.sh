#!/bin/sh
# limits.sh: every limit of docs/limits.md, tried at the limit (accepted)
# and just beyond it (refused with its code, never a crash or a hang), as
# SQLite tests its limits.
#
#   limits.sh TAKT
#
# The inputs are made here with awk; a failing one is kept under $TMPDIR.
set -u
takt=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-limits-XXXXXX")
failed=0
ran=0
cd "$work" || exit 2

# expect NAME WANT TAKT-ARGS...: WANT is "ok" (exit 0), or a code such as
# E0420 that must be reported (and the exit non-zero), or "not:E0420" (any
# outcome but that code: a limit that is not passed, where the input has
# another mistake on purpose).
expect() {
    name=$1
    want=$2
    shift 2
    "$takt" "$@" >out.txt 2>&1
    code=$?
    ran=$((ran + 1))
    bad=""
    case $want in
    ok) [ $code -eq 0 ] || bad="exit $code, expected 0" ;;
    not:*) ! grep -q "\[${want#not:}\]" out.txt || bad="reports ${want#not:}" ;;
    *)
        if [ $code -eq 0 ]; then bad="exit 0, expected $want"
        elif ! grep -q "\[$want\]" out.txt; then bad="no $want"; fi
        ;;
    esac
    if [ $code -ge 124 ]; then bad="exit $code (signal)"; fi
    if grep -q -e 'AddressSanitizer' -e 'runtime error:' -e 'LeakSanitizer' -e 'internal error' out.txt; then
        bad="sanitizer or internal error report"
    fi
    if [ -n "$bad" ]; then
        failed=$((failed + 1))
        echo "FAIL $name: $bad"
        head -c 2000 out.txt | head -20
        mkdir -p "failed-$failed"
        for a in "$@"; do [ -f "$a" ] && cp "$a" "failed-$failed/" 2>/dev/null; done
    fi
}

# spaces N: N spaces
spaces() { head -c "$1" /dev/zero | tr '\0' ' '; }

plant='plant "Works" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }'
base() { # a plannable model, with the lines given added
    echo "$plant"
    echo 'machine saw { units 1 }'
    echo 'product p { routing { cut on saw run 10 min each } }'
    echo 'order A1 { p 3  due 2026-03-20 }'
    for l in "$@"; do echo "$l"; done
}

# a 60 MB chain of 1+1+...: E0007 at once, not gigabytes of error nodes
{ printf 'rule r = '; head -c 30000000 /dev/zero | tr '\0' '+' | sed 's/+/1+/g'; echo 1; } > ones.takt
expect long-chain-of-operators E0007 check ones.takt
rm -f ones.takt

# ---- files: one at most 64 MiB, all of a model 256 MiB, 4096 files, imports 100 deep
mib=1048576
base > head.takt
h=$(wc -c < head.takt)
{ cat head.takt; spaces $((64 * mib - h)); } > file-at.takt
expect file-size-at ok check file-at.takt
{ cat head.takt; spaces $((64 * mib - h + 1)); } > file-over.takt
expect file-size-over E0105 check file-over.takt
rm -f file-at.takt file-over.takt

for f in a b c; do spaces $((64 * mib)) > total-$f.takt; done
base 'import "total-a.takt"' 'import "total-b.takt"' 'import "total-c.takt"' 'import "total-d.takt"' > total.takt
r=$(wc -c < total.takt)
spaces $((64 * mib - r)) > total-d.takt
expect total-size-at ok check total.takt
spaces $((64 * mib - r + 1)) > total-d.takt
expect total-size-over E0105 check total.takt
rm -f total-*.takt

mkdir -p many
awk 'BEGIN { for (i = 1; i < 4096; i++) printf "rule r%d = %d\n", i, i > ("many/f" i ".takt") }'
{ base; awk 'BEGIN { for (i = 1; i < 4096; i++) printf "import \"many/f%d.takt\"\n", i }'; } > files-at.takt
expect file-count-at ok check files-at.takt
echo 'rule r4096 = 1' > many/f4096.takt
{ base; awk 'BEGIN { for (i = 1; i <= 4096; i++) printf "import \"many/f%d.takt\"\n", i }'; } > files-over.takt
expect file-count-over E0105 check files-over.takt
rm -rf many

# chain N: chain.takt imports c1.takt, which imports c2.takt ... cN.takt
chain() {
    mkdir -p chain
    { base; echo 'import "chain/c1.takt"'; } > chain.takt
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) {
        f = "chain/c" i ".takt"; printf "rule c%d = %d\n", i, i > f
        if (i < n) printf "import \"c%d.takt\"\n", i + 1 > f; close(f) } }'
}
chain 100
expect import-depth-at ok check chain.takt
chain 101
expect import-depth-over E0007 check chain.takt
rm -rf chain chain.takt

# ---- names and strings
n255=$(awk 'BEGIN { for (i = 0; i < 255; i++) printf "n" }')
base "rule $n255 = 1 min" > name-at.takt
expect name-at ok check name-at.takt
base "rule ${n255}n = 1 min" > name-over.takt
expect name-over E0009 check name-over.takt
d255=$(awk 'BEGIN { printf "a"; for (i = 0; i < 127; i++) printf ".b" }')
base "rule r = $d255" > dotted-at.takt
expect dotted-name-at not:E0009 check dotted-at.takt
base "rule r = ${d255}b" > dotted-over.takt
expect dotted-name-over E0009 check dotted-over.takt
s4095=$(awk 'BEGIN { for (i = 0; i < 4095; i++) printf "s" }')
base "order B1 { p 1  due 2026-03-20  note \"$s4095\" }" > string-at.takt
expect string-at not:E0009 check string-at.takt
base "order B1 { p 1  due 2026-03-20  note \"${s4095}s\" }" > string-over.takt
expect string-over E0009 check string-over.takt
# a work order name of 100 levels of 255-byte names: no limit, planned and verified
awk -v n="$n255" 'BEGIN { print "plant \"Works\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }"
    print "machine saw { units 1 }"
    for (i = 0; i < 100; i++) {
        printf "product %s%03d { ", substr(n, 1, 252), i
        if (i < 99) printf "bom { %s%03d 1 } ", substr(n, 1, 252), i + 1
        print "routing { cut on saw run 1 min each } }" }
    printf "order A1 { %s000 1  due 2026-03-20 }\n", substr(n, 1, 252) }' > long-wo.takt
expect long-work-order-names ok plan long-wo.takt -o long-wo.plan --schedule long-wo.csv
expect long-work-order-names-verify ok verify long-wo.takt long-wo.plan
expect long-work-order-names-verify-csv ok verify long-wo.takt long-wo.csv

# an order's name (a string) of 4095 bytes, reported on by the shop floor
{ echo "$plant"; echo 'machine saw { units 1 }'; echo 'product p { routing { cut on saw run 10 min each } }'
  echo "order \"$s4095\" { p 3  due 2026-03-20 }"
  echo "actuals { op \"$s4095\" cut on saw 1 { start 2026-03-02 06:00  end 2026-03-02 06:30  good 3 } }"; } > long-order.takt
expect long-order-name-in-actuals ok plan long-order.takt -o /dev/null

# ---- expressions: 200 levels, the innermost value one of them; rules with
# the rules they use 1000 levels, 100000 nodes
minus() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "-" }'; }
base "rule r = $(minus 199)1" > expr-at.takt
expect expression-depth-at ok check expr-at.takt
base "rule r = $(minus 200)1" > expr-over.takt
expect expression-depth-over E0007 check expr-over.takt
parens() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "("; printf "1"; for (i = 0; i < n; i++) printf ")" }'; }
base "rule r = $(parens 199)" > parens-at.takt
expect parentheses-at ok check parens-at.takt
base "rule r = $(parens 200)" > parens-over.takt
expect parentheses-over E0007 check parens-over.takt
# the setup's name is level 1, r0 .. rN-1 one each, rN's 1 min the last
rules() {
    echo "$plant"
    echo 'machine saw { units 1  setup r0 }'
    echo 'product p { routing { cut on saw run 10 min each } }'
    echo 'order A1 { p 3  due 2026-03-20 }'
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "rule r%d = r%d\n", i, i + 1; printf "rule r%d = 1 min\n", n }'
}
rules 998 > rules-at.takt
expect rule-depth-at ok plan rules-at.takt -o /dev/null
rules 999 > rules-over.takt
expect rule-depth-over E0007 check rules-over.takt
awk 'BEGIN { printf "%s\n", "plant \"Works\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }"
    print "machine saw { units 1  setup r0 }"; print "product p { routing { cut on saw run 10 min each } }"
    print "order A1 { p 3  due 2026-03-20 }"
    for (i = 0; i < 2000; i++) printf "rule r%d = r%d\n", i, (i + 1) % 2000 }' > rules-cycle.takt
expect rule-cycle-of-2000 E0007 check rules-cycle.takt
awk 'BEGIN { printf "%s\n", "plant \"Works\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }"
    print "machine saw { units 1  setup r0 }"; print "product p { routing { cut on saw run 10 min each } }"
    print "order A1 { p 3  due 2026-03-20 }"
    for (i = 0; i < 41; i++) printf "rule r%d = r%d + r%d\n", i, i + 1, i + 1; print "rule r41 = 0 min" }' > rules-twice.takt
expect rules-used-twice-41-deep ok plan rules-twice.takt -o /dev/null
awk -v over=0 -f "$here/rule_size.awk" > size-at.takt
expect rule-size-at ok plan size-at.takt -o /dev/null
awk -v over=1 -f "$here/rule_size.awk" > size-over.takt
expect rule-size-over E0424 check size-over.takt

# ---- bills of materials: 100 levels
bom() {
    echo "$plant"
    echo 'machine saw { units 1 }'
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) {
        printf "product part%d { ", i; if (i + 1 < n) printf "bom { part%d 1 } ", i + 1
        print "routing { cut on saw run 1 min each } }" } }'
    echo 'order A1 { part0 1  due 2026-03-20 }'
}
bom 100 > bom-at.takt
expect bom-depth-at ok plan bom-at.takt -o bom-at.plan
expect bom-depth-at-verify ok verify bom-at.takt bom-at.plan
bom 101 > bom-over.takt
expect bom-depth-over E0007 check bom-over.takt

# ---- number ranges, when the model is checked
sed 's/run 10 min each/run 52704000 min each/' head.takt > dur-at.takt
expect duration-at ok check dur-at.takt
sed 's/run 10 min each/run 52704001 min each/' head.takt > dur-over.takt
expect duration-over E0420 check dur-over.takt
sed 's/run 10 min each/run 10 min each  wait 1e19 min/' head.takt > wait-over.takt
expect wait-1e19 E0420 check wait-over.takt
sed 's/start 2026-03-02 06:00/start 1900-01-01 00:00/; s/due 2026-03-20/due 1900-01-20/' head.takt > date-lo-at.takt
expect date-low-at ok check date-lo-at.takt
sed 's/start 2026-03-02 06:00/start 1899-12-31 23:59/' head.takt > date-lo-over.takt
expect date-low-over E0421 check date-lo-over.takt
sed 's/start 2026-03-02 06:00/start 2199-12-01 00:00/; s/due 2026-03-20/due 2199-12-31 23:59/' head.takt > date-hi-at.takt
expect date-high-at ok check date-hi-at.takt
sed 's/start 2026-03-02 06:00/start 2199-12-01 00:00/; s/due 2026-03-20/due 2200-01-01/' head.takt > date-hi-over.takt
expect date-high-over E0421 check date-hi-over.takt
sed 's/units 1 }/units 1  cost 1000000000000 EUR\/h }/' head.takt > rate-at.takt
expect money-rate-at ok check rate-at.takt
sed 's/units 1 }/units 1  cost 1000000000001 EUR\/h }/' head.takt > rate-over.takt
expect money-rate-over E0422 check rate-over.takt
base 'material steel { unit kg  cost 1e12 EUR/kg  stock 1e12 kg }' > qty-at.takt
expect money-and-quantity-at ok check qty-at.takt
base 'material steel { unit kg  cost 1e62 EUR/kg }' > price-over.takt
expect money-price-over E0422 check price-over.takt
base 'material steel { unit kg  cost 1 EUR/kg  stock 1000000000001 kg }' > qty-over.takt
expect quantity-over E0423 check qty-over.takt
sed 's/due 2026-03-20/due 2026-03-20  priority 1000000000000000/' head.takt > num-at.takt
expect number-at ok check num-at.takt
sed 's/due 2026-03-20/due 2026-03-20  priority 1000000000000001/' head.takt > num-over.takt
expect number-over E0423 check num-over.takt

# ---- computed values, when the plan is made
setup_rule() { base "rule s = $1" | sed 's/units 1 }/units 1  setup s }/'; }
setup_rule '52704000 min' > setup-at.takt
expect setup-rule-at not:E0504 plan setup-at.takt -o /dev/null
setup_rule '52704001 min' > setup-over.takt
expect setup-rule-over E0504 plan setup-over.takt -o /dev/null
setup_rule '1e300 min * 1e300' > setup-inf.takt
expect setup-rule-infinite E0504 plan setup-inf.takt -o /dev/null
base 'rule c = 1e300 EUR/h * 1e300' | sed 's/units 1 }/units 1  cost c }/' > cost-inf.takt
expect cost-rule-infinite E0504 plan cost-inf.takt -o /dev/null
sed 's/run 10 min each/run 52704 min each/; s/p 3 /p 1000 /' head.takt > work-at.takt
expect operation-length-at not:E0505 plan work-at.takt -o /dev/null
sed 's/run 10 min each/run 52704 min each/; s/p 3 /p 1001 /' head.takt > work-over.takt
expect operation-length-over E0505 plan work-over.takt -o /dev/null
money() { base "material steel { unit kg  cost 1e12 EUR/kg }" | sed "s/routing/bom { steel $1 kg } routing/; s/p 3 /p 1 /"; }
money 10 > total-money-at.takt
expect plan-money-at ok plan total-money-at.takt -o /dev/null
money 10.001 > total-money-over.takt
expect plan-money-over E0507 plan total-money-over.takt -o /dev/null
{ echo 'plant "Works" { start 2199-12-01 00:00  horizon 4 weeks  currency EUR }'
  echo 'machine saw { units 1 }'
  echo 'material steel { unit kg  cost 1 EUR/kg  lead LEAD }'
  echo 'product p { bom { steel 1 kg } routing { cut on saw run 10 min each } }'
  echo 'order A1 { p 1  due 2199-12-20 }'; } > purchase.in
sed 's/LEAD/30 d/' purchase.in > purchase-at.takt
expect purchase-date-at not:E0506 plan purchase-at.takt -o /dev/null
sed 's/LEAD/31 d/' purchase.in > purchase-over.takt
expect purchase-date-over E0506 plan purchase-over.takt -o /dev/null
# 100,000 work orders for one need, their names taken by orders made first:
# each taken name is passed over once, not once per lot (the planner and
# takt verify alike; trying them all is hours, not a second)
names() {
    echo "$plant"
    echo 'material box { }'
    echo 'product p { lot 1  bom { box 1 } }'
    echo 'order A { p 100000  due 2026-03-20 }'
    awk 'BEGIN { for (i = 2; i <= 100000; i++) printf "order \"A.%d\" { p 1  due 2026-03-19 }\n", i }'
}
names > names.takt
expect lot-names-taken ok plan names.takt -o names.plan --schedule names.csv
expect lot-names-taken-verify ok verify names.takt names.plan
expect lot-names-taken-verify-csv ok verify names.takt names.csv
# a component's lead through a routing of operations no plan holds (5e20
# minutes each): worked out without overflow, each at most "forever"
{
    echo "$plant"
    echo 'machine saw { units 1 }'
    printf 'product c { routing {'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf ' s%d on saw run 52 weeks each' $i; done
    echo ' } }'
    echo 'product p { bom { c 1000000 }  routing { cut on saw run 1 min each } }'
    echo 'order A1 { p 1000000000  due 2026-03-20 }'
} > lead-forever.takt
echo 'order,operation,machine,unit,start,end' > empty.csv
expect verify-lead-forever E0603 verify lead-forever.takt empty.csv

# takt verify: an operation no plan can hold, as an older planner wrote it
base > verify-ok.takt
"$takt" plan verify-ok.takt -o verify.plan >/dev/null 2>&1
setup_rule '1e300 min * 1e300' > verify-inf.takt
expect verify-setup-infinite E0606 verify verify-inf.takt verify.plan

# ---- scenarios: 256 in a model, 16 applied one after another, a demand factor up to 100
scenarios() { base; awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) print "scenario s" i " { demand 1.01 }" }'; }
scenarios 256 > scenarios-at.takt
expect scenario-count-at ok check scenarios-at.takt
scenarios 257 > scenarios-over.takt
expect scenario-count-over E0496 check scenarios-over.takt
expect scenario-chain-at ok plan scenarios-at.takt --scenario s1+s2+s3+s4+s5+s6+s7+s8+s9+s10+s11+s12+s13+s14+s15+s16 -o /dev/null
expect scenario-chain-over E0496 plan scenarios-at.takt --scenario s1+s2+s3+s4+s5+s6+s7+s8+s9+s10+s11+s12+s13+s14+s15+s16+s1 -o /dev/null
base 'scenario big { demand 100 }' > demand-at.takt
expect scenario-demand-at ok check demand-at.takt
base 'scenario big { demand 100.01 }' > demand-over.takt
expect scenario-demand-over E0495 check demand-over.takt

# ---- plan files: 256 fields a line; a plan with the most restricted measures
# (64) is read back whole
{ base; echo 'schedule {'; echo '  minimize makespan'
  i=0; while [ $i -lt 64 ]; do echo "    + tardiness(order.quantity > $i)"; i=$((i + 1)); done
  echo '}'; } > measures-at.takt
"$takt" plan measures-at.takt --reference verify.plan -o measures.plan >/dev/null 2>&1
expect plan-measures-at ok verify measures-at.takt measures.plan
fields() { # unknown keys (skipped, as the format asks) up to N fields, the last alone if need be
    awk -v n="$1" '/^op / { i = 0; while (NF + 2 <= n) { $0 = $0 " x" i " 1"; i++ } if (NF < n) $0 = $0 " lone" } { print }' verify.plan
}
fields 256 > fields-at.plan
expect plan-fields-at ok verify verify-ok.takt fields-at.plan
fields 257 > fields-over.plan
expect plan-fields-over E0601 verify verify-ok.takt fields-over.plan

echo "limits: $ran cases, $failed failed"
if [ $failed -eq 0 ]; then rm -rf "$work"; else echo "inputs kept in $work"; fi
[ $failed -eq 0 ]
