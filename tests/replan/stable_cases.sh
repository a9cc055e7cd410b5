#!/bin/sh
# stable_cases.sh: takt plan --stable on small plants written out by hand.
#
#  1. Two lathes, three orders, a valid previous plan that a dispatcher
#     would not make (C after B on unit 2 while unit 1 is free at 07:00):
#     --stable gives it back byte for byte, with no "cannot be planned".
#  2. Routings turned around after the previous plan: each unit's old order
#     now waits for work after it on the other unit. The units give up that
#     order instead of stopping (no operation before its previous start),
#     and the plan verifies.
#  3. The machine a kept operation ran on can no longer hold it (it stopped
#     splitting operations): it goes to the step's other machine, the rest
#     stays, and the plan verifies.
#  4. A new order: the previous operations keep their units and times; the
#     new one goes where it ends before the next kept operation starts, or
#     after the kept work; the plan verifies.
#  5. A model that cannot be planned under --stable: the error names the
#     operation, the machine and why, for the work order waiting too.
#  6. A searched plan whose machine cost is a rule reading the job before
#     on the unit: --stable gives it back byte for byte (the search prices
#     an operation after the job before it on its unit, as the dispatcher
#     does, not only after one it waited for).
#  7. --stable runs no search unless the objective counts the change:
#     asking for one with an objective that does not is a usage error.
#  8. A previous plan with an operation dated after the horizon and another
#     written twice, and one whose operations all start at once on one unit:
#     the first is planned as new work, the second counts once, the third
#     runs them one after the other, and the plans verify.
#  9. A zero-length operation that starts with the next one on its unit:
#     --stable gives the plan back byte for byte (it comes first).
#
#   stable_cases.sh TAKT
set -u
# two plans with the same records: the made-by line (how each was made:
# its search, its model's digest) aside
same_plan() {
    grep -v '^made-by ' "$1" > "$1.records"; grep -v '^made-by ' "$2" > "$2.records"
    cmp -s "$1.records" "$2.records"
}
takt=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-stable-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
cd "$work" || exit 2

# 1. the previous plan back
cat > lathes.takt <<'END'
plant "Works" { start 2026-03-02 06:00  horizon 2 weeks  currency EUR }
machine lathe { units 2  cost 40 EUR/h }
product shaft { routing { turn on lathe run 1 h } }
product axle  { routing { turn on lathe run 2 h } }
order A { shaft 1  due 2026-03-03 }
order B { axle 1   due 2026-03-03 }
order C { shaft 1  due 2026-03-03 }
END
cat > lathes.plan <<'END'
# takt plan: written by takt plan, read by takt verify and takt diff (docs/plan-format.md)
takt-plan 1
plant Works start 2026-03-02T06:00 end 2026-03-16T06:00 currency EUR
measures objective 180 finish 2026-03-02T09:00 makespan 180 tardiness 0 late_orders 0 penalty 0.00 cost 160.00 setups 0 setup_time 0
order A product shaft qty 1 due 2026-03-04T00:00 done 2026-03-02T07:00 lateness -2460
order B product axle qty 1 due 2026-03-04T00:00 done 2026-03-02T08:00 lateness -2400
order C product shaft qty 1 due 2026-03-04T00:00 done 2026-03-02T09:00 lateness -2340
workorder A product shaft qty 1 release 2026-03-02T06:00 due 2026-03-04T00:00 start 2026-03-02T06:00 end 2026-03-02T07:00 for A
workorder B product axle qty 1 release 2026-03-02T06:00 due 2026-03-04T00:00 start 2026-03-02T06:00 end 2026-03-02T08:00 for B
workorder C product shaft qty 1 release 2026-03-02T06:00 due 2026-03-04T00:00 start 2026-03-02T08:00 end 2026-03-02T09:00 for C
op A turn machine lathe unit 1 start 2026-03-02T06:00 end 2026-03-02T07:00 setup 0 run 60
op B turn machine lathe unit 2 start 2026-03-02T06:00 end 2026-03-02T08:00 setup 0 run 120
op C turn machine lathe unit 2 start 2026-03-02T08:00 end 2026-03-02T09:00 setup 0 run 60
END
"$takt" verify -q lathes.takt lathes.plan > out 2>&1 || { echo "FAIL: the hand-made plan does not verify"; cat out; fail=1; }
if "$takt" plan -q --no-report --stable lathes.plan lathes.takt -o lathes.new > out 2>&1; then
    if same_plan lathes.plan lathes.new; then echo "two lathes: --stable gives the previous plan back, record for record"
    else echo "FAIL: two lathes: --stable changed the plan:"; diff lathes.plan lathes.new; fail=1; fi
else
    echo "FAIL: two lathes: --stable cannot plan:"; cat out; fail=1
fi

# 2. routings turned around: each unit's old order waits for work after it
# on the other unit (x: h1 then k1, y: h2 then k2; now k2 before h1, k1
# before h2, and k1 shorter)
cat > turn.takt <<'END'
plant "Works" { start 2026-03-02 06:00  horizon 2 weeks  currency EUR }
machine x { units 1 }
machine y { units 1 }
product p1 { routing { k2 on y run 2 h
                       h1 on x run 1 h } }
product p2 { routing { k1 on x run 1 h
                       h2 on y run 1 h } }
order W1 { p1 1  due 2026-03-03 }
order W2 { p2 1  due 2026-03-03 }
END
cat > turn.plan <<'END'
takt-plan 1
plant Works start 2026-03-02T06:00 end 2026-03-16T06:00 currency EUR
op W1 h1 machine x unit 1 start 2026-03-02T06:00 end 2026-03-02T07:00 setup 0 run 60
op W1 k2 machine y unit 1 start 2026-03-02T07:00 end 2026-03-02T09:00 setup 0 run 120
op W2 h2 machine y unit 1 start 2026-03-02T06:00 end 2026-03-02T07:00 setup 0 run 60
op W2 k1 machine x unit 1 start 2026-03-02T07:00 end 2026-03-02T12:00 setup 0 run 300
END
cat > turn.expected <<'END'
op W1 k2 machine y unit 1 start 2026-03-02T07:00 end 2026-03-02T09:00 setup 0 run 120
op W1 h1 machine x unit 1 start 2026-03-02T09:00 end 2026-03-02T10:00 setup 0 run 60
op W2 k1 machine x unit 1 start 2026-03-02T07:00 end 2026-03-02T08:00 setup 0 run 60
op W2 h2 machine y unit 1 start 2026-03-02T09:00 end 2026-03-02T10:00 setup 0 run 60
END
if "$takt" plan -q --no-report --stable turn.plan turn.takt -o turned.plan > out 2>&1 &&
   "$takt" verify -q turn.takt turned.plan > vout 2>&1; then
    grep '^op ' turned.plan > turned.ops
    if cmp -s turn.expected turned.ops; then
        echo "routings turned around: the units give up the order they cannot keep (nothing before its previous start), and the plan verifies"
    else echo "FAIL: routings turned around:"; diff turn.expected turned.ops; fail=1; fi
else
    echo "FAIL: routings turned around under --stable:"; cat out vout 2>/dev/null; fail=1
fi

# 3. the machine of a kept operation can no longer hold it
cat > oven.takt <<'END'
import std.calendars
plant "Works" { start 2026-03-02 06:00  horizon 2 weeks  currency EUR }
machine oven  { units 1  calendar std.day_shift }
machine oven2 { units 1  calendar std.two_shifts }
product casting { routing { cure on oven | oven2 run 10 h } }
order A1 { casting 1  due 2026-03-10 }
order A2 { casting 1  due 2026-03-10 }
END
"$takt" plan -q --no-report --time-limit 0 oven.takt -o oven.plan > out 2>&1 || { echo "FAIL: plan oven.takt"; cat out; fail=1; }
sed 's/machine oven  { units 1  calendar std.day_shift }/machine oven  { units 1  calendar std.day_shift  split false }/' oven.takt > oven-nosplit.takt
if "$takt" plan -q --no-report --stable oven.plan oven-nosplit.takt -o oven-nosplit.plan > out 2>&1 &&
   "$takt" verify -q oven-nosplit.takt oven-nosplit.plan > vout 2>&1; then
    if grep -q ' machine oven ' oven-nosplit.plan; then
        echo "FAIL: an operation stayed on a machine that cannot hold it"; grep '^op' oven-nosplit.plan; fail=1
    else echo "a machine that can no longer hold a kept operation: it goes to the other machine, and the plan verifies"; fi
else
    echo "FAIL: --stable with a machine that can no longer hold a kept operation:"; cat out vout 2>/dev/null; fail=1
fi

# 4. a new order
cat lathes.takt > more.takt
echo 'order D { shaft 1  due 2026-03-03 }' >> more.takt
if "$takt" plan -q --no-report --stable lathes.plan more.takt -o more.plan > out 2>&1 &&
   "$takt" verify -q more.takt more.plan > vout 2>&1; then
    grep '^op [ABC] ' lathes.plan > old-ops
    grep '^op [ABC] ' more.plan > kept-ops
    if cmp -s old-ops kept-ops; then
        echo "a new order: the previous operations stay where they were ($(grep '^op D ' more.plan | cut -d' ' -f4-9))"
    else
        echo "FAIL: a new order moved the previous operations:"; diff old-ops kept-ops; fail=1
    fi
else
    echo "FAIL: --stable with a new order:"; cat out vout 2>/dev/null; fail=1
fi

# 5. what cannot be planned under --stable names its cause
cat > cure.takt <<'END'
import std.calendars
plant "Works" { start 2026-03-02 06:00  horizon 2 weeks  currency EUR }
machine oven  { units 1  calendar std.day_shift }
machine bench { units 1  calendar std.day_shift }
product casting { routing { cure on oven run 7 h } }
product pump { bom { casting 1 }  routing { fit on bench run 1 h } }
order P1 { pump 1  due 2026-03-10 }
END
"$takt" plan -q --no-report --time-limit 0 cure.takt -o cure.plan > out 2>&1 || { echo "FAIL: plan cure.takt"; cat out; fail=1; }
sed -e 's/run 7 h/run 10 h/' -e 's/machine oven  { units 1  calendar std.day_shift }/machine oven  { units 1  calendar std.day_shift  split false }/' cure.takt > cure2.takt
if "$takt" plan --color=never --no-report --stable cure.plan cure2.takt > out 2>&1; then
    echo "FAIL: a model that cannot be planned was planned under --stable"; fail=1
elif grep -q "P1 cannot be planned: it waits for 'P1/casting', which cannot be planned: operation 'cure' on 'oven' needs 10:00 without a break" out &&
     grep -q "P1/casting cannot be planned: operation 'cure' on 'oven' needs 10:00 without a break" out &&
     ! grep -q "see the problems above" out; then
    echo "cannot be planned under --stable: each error names the operation, the machine and why"
else
    echo "FAIL: the errors under --stable do not name their cause:"; cat out; fail=1
fi
# 6. a searched plan, a cost rule that reads prev
cat > paint.takt <<'END'
plant "Works" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }
machine paint { units 2  cost if prev.exists and prev.colour != job.colour then 90 EUR/h else 50 EUR/h
                setup by colour { same 5 min  change 40 min } }
machine cut   { units 1  cost 30 EUR/h }
product red   { colour "red"   routing { cut on cut run 20 min each
                                         coat on paint run 6 min each } }
product blue  { colour "blue"  routing { cut on cut run 25 min each
                                         coat on paint run 5 min each } }
product white { colour "white" routing { cut on cut run 15 min each
                                         coat on paint run 7 min each } }
order R1 { red 10  due 2026-03-03 }
order B1 { blue 12  due 2026-03-03 }
order W1 { white 8  due 2026-03-04 }
order R2 { red 6  due 2026-03-04 }
order B2 { blue 9  due 2026-03-05 }
order W2 { white 11  due 2026-03-05 }
order R3 { red 7  due 2026-03-05 }
schedule { minimize cost + makespan * 1 EUR/h }
END
"$takt" plan -q --no-report --time-limit 0 paint.takt -o paint0.plan > out 2>&1 || { echo "FAIL: plan paint.takt"; cat out; fail=1; }
"$takt" plan -q --no-report --iterations 300 paint.takt -o paint1.plan > out 2>&1 || { echo "FAIL: search paint.takt"; cat out; fail=1; }
if same_plan paint0.plan paint1.plan; then
    echo "FAIL: the search did not change the painting plan: the case tests nothing"; fail=1
elif "$takt" plan -q --no-report --stable paint1.plan paint.takt -o paint2.plan > out 2>&1 && same_plan paint1.plan paint2.plan; then
    echo "a searched plan with a cost rule reading the job before: --stable gives it back record for record"
else
    echo "FAIL: a searched plan with a cost rule reading the job before:"; cat out; diff paint1.plan paint2.plan 2>/dev/null | head; fail=1
fi
# 7. no search with --stable
"$takt" plan -q --no-report --stable lathes.plan --iterations 10 lathes.takt > out 2>&1
rc=$?
if [ $rc = 2 ] && grep -q "runs no search" out; then echo "--stable with --iterations: a usage error"
else echo "FAIL: --stable with --iterations gave exit $rc:"; cat out; fail=1; fi
# 8. a previous plan with times it cannot have
sed -e 's/^op C turn machine lathe unit 2 start 2026-03-02T08:00 end 2026-03-02T09:00/op C turn machine lathe unit 2 start 2099-03-02T08:00 end 2099-03-02T09:00/' lathes.plan > odd.plan
grep '^op A ' lathes.plan >> odd.plan
if "$takt" plan -q --no-report --stable odd.plan lathes.takt -o odd.new > out 2>&1 &&
   "$takt" verify -q lathes.takt odd.new > vout 2>&1; then
    echo "a previous plan dated after the horizon, an operation written twice: planned, and the plan verifies"
else echo "FAIL: a previous plan with times it cannot have:"; cat out vout 2>/dev/null; fail=1; fi
sed -e 's/start 2026-03-02T0[68]:00 end 2026-03-02T0[789]:00/start 2026-03-02T06:00 end 2026-03-02T07:00/' lathes.plan |
    sed 's/unit 2/unit 1/' > piled.plan
if "$takt" plan -q --no-report --stable piled.plan lathes.takt -o piled.new > out 2>&1 &&
   "$takt" verify -q lathes.takt piled.new > vout 2>&1; then
    echo "a previous plan that piles its operations on one unit at once: run one after the other, and the plan verifies"
else echo "FAIL: a previous plan that piles its operations on one unit:"; cat out vout 2>/dev/null; fail=1; fi

# 9. a zero-length operation
cat > mark.takt <<'END'
plant "Works" { start 2026-03-02 06:00  horizon 2 weeks  currency EUR }
machine bench { units 1 }
machine saw { units 1 }
product a { routing { cut on saw run 1 h
                      mark on bench run 0 min
                      fit on bench run 2 h } }
product b { routing { fit on bench run 1 h } }
order A1 { a 1  due 2026-03-03 }
order A2 { a 1  due 2026-03-03 }
order B1 { b 1  due 2026-03-03 }
order B2 { b 1  due 2026-03-03 }
END
"$takt" plan -q --no-report --time-limit 0 mark.takt -o mark0.plan > out 2>&1 || { echo "FAIL: plan mark.takt"; cat out; fail=1; }
if "$takt" plan -q --no-report --stable mark0.plan mark.takt -o mark1.plan > out 2>&1 && same_plan mark0.plan mark1.plan &&
   grep -q '^op A1 mark machine bench unit 1 start 2026-03-02T07:00 end 2026-03-02T07:00' mark1.plan &&
   grep -q '^op A1 fit machine bench unit 1 start 2026-03-02T07:00' mark1.plan; then
    echo "a zero-length operation starting with the next on its unit: --stable gives the plan back record for record"
else echo "FAIL: a zero-length operation under --stable:"; cat out; diff mark0.plan mark1.plan 2>/dev/null | head; fail=1; fi
exit $fail
