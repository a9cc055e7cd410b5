/* test_verify.c: reading plans back (plan files and schedule CSVs, with
 * their quoting, unknown keys, garbage and truncation) and verifying them
 * against the model: a plan the planner made passes; a sequence-dependent
 * setup left out, an overlap, a step on a closed day and an operation
 * before its release are each caught with their code; setup rules that
 * read the job before are held to the planner's; an order covered by the
 * surplus of another's lot passes, and its parent may not start before
 * that lot is done. The work orders verify works out of a model's demand
 * are the planner's, to the last bit of every quantity and minute of every
 * due date. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "runtime/runtime.h"
#include "runtime/verify.h"
#include "runtime/verify_impl.h"
#include "test.h"

static unsigned codes(const Diags *d, DiagCode c)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < d->len; i++) n += d->items[i].code == c;
    return n;
}

static void reads_plan_files(void)
{
    Diags d;
    diags_init(&d);
    const char *t = "# a comment\ntakt-plan 1\nplant \"Werk M\\u00fcnchen\" start 2026-12-07T06:00 end 2027-01-04T06:00 currency EUR\n"
                    "workorder \"SO 1\" product frame qty 40 release 2026-12-07T06:00 due 2026-12-10T00:00 color blue\n"
                    "op \"SO 1\" cut machine saw unit 2 start 2026-12-07T06:00 end 2026-12-07T09:40 setup 15 run 205 actual done\n"
                    "purchase tube qty 100 order 2026-12-07T06:00 arrive 2026-12-12T06:00\n";
    PlanFile pf;
    CU_ASSERT_TRUE(plan_read(&pf, 0, t, strlen(t), &d));
    CU_ASSERT_EQUAL(d.nerrors, 0);
    CU_ASSERT_FALSE(pf.csv);
    CU_ASSERT_STRING_EQUAL(pf.plant, "Werk M\xc3\xbcnchen");
    CU_ASSERT_EQUAL_FATAL(pf.wos.len, 1);
    CU_ASSERT_STRING_EQUAL(pf.wos.data[0].name, "SO 1");
    CU_ASSERT_DOUBLE_EQUAL(pf.wos.data[0].qty, 40, 0);
    CU_ASSERT_EQUAL_FATAL(pf.ops.len, 1);
    CU_ASSERT_EQUAL(pf.ops.data[0].unit, 2);
    CU_ASSERT_EQUAL(pf.ops.data[0].end - pf.ops.data[0].start, 220);
    CU_ASSERT_EQUAL(pf.ops.data[0].actual, 1);
    CU_ASSERT_EQUAL(pf.purchases.len, 1);
    CU_ASSERT_STRING_EQUAL(pf.currency, "EUR");
    CU_ASSERT_FALSE(pf.has_measures);
    CU_ASSERT_TRUE(isnan(pf.known.cost));
    CU_ASSERT_EQUAL(pf.wos.data[0].materials, -1);
    plan_file_free(&pf);
    diags_free(&d);
}

/* Every field of every record, and keys the reader does not know. */
static void reads_every_field(void)
{
    Diags d;
    diags_init(&d);
    const char *t = "takt-plan 1\nplant P start 2026-12-07T06:00 end 2027-01-04T06:00 currency CHF\n"
                    "measures objective 3105 finish 2026-12-10T11:40 makespan 4660 tardiness 0 late_orders 1 "
                    "penalty 12.50 cost 10417.48 setups 9 setup_time 245 novelty 3\n"
                    "order SO-1 product bike qty 40 due 2026-12-11T00:00 done 2026-12-10T11:40 lateness -740\n"
                    "workorder SO-1/frame product frame qty 40 release 2026-12-07T06:00 due 2026-12-09T00:20 "
                    "start 2026-12-07T06:00 end 2026-12-08T17:30 for SO-1 parent SO-1 materials 2026-12-07T09:00\n"
                    "purchase wheel qty 100 order 2026-12-07T06:00 arrive 2026-12-17T06:00\n";
    PlanFile pf;
    CU_ASSERT_TRUE(plan_read(&pf, 0, t, strlen(t), &d));
    CU_ASSERT_EQUAL(d.nerrors, 0);
    CU_ASSERT_STRING_EQUAL(pf.currency, "CHF");
    CU_ASSERT_EQUAL(pf.end - pf.start, 28 * 1440);
    CU_ASSERT_TRUE(pf.has_measures);
    CU_ASSERT_EQUAL(pf.measures.len, 10);
    CU_ASSERT_DOUBLE_EQUAL(pf.known.objective, 3105, 0);
    CU_ASSERT_EQUAL(pf.known.finish - pf.start, 3 * 1440 + 340);
    CU_ASSERT_DOUBLE_EQUAL(pf.known.makespan, 4660, 0);
    CU_ASSERT_DOUBLE_EQUAL(pf.known.late_orders, 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(pf.known.penalty, 12.5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(pf.known.cost, 10417.48, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(pf.known.setups, 9, 0);
    CU_ASSERT_DOUBLE_EQUAL(pf.known.setup_time, 245, 0);
    CU_ASSERT_EQUAL_FATAL(pf.orders.len, 1);
    CU_ASSERT_DOUBLE_EQUAL(pf.orders.data[0].lateness, -740, 0);
    CU_ASSERT_EQUAL(pf.orders.data[0].due - pf.orders.data[0].done, 740);
    CU_ASSERT_EQUAL_FATAL(pf.wos.len, 1);
    CU_ASSERT_STRING_EQUAL(pf.wos.data[0].parent, "SO-1");
    CU_ASSERT_STRING_EQUAL(pf.wos.data[0].for_order, "SO-1");
    CU_ASSERT_EQUAL(pf.wos.data[0].materials - pf.start, 180);
    CU_ASSERT_EQUAL(pf.wos.data[0].end - pf.wos.data[0].start, 1440 + 690);
    CU_ASSERT_EQUAL_FATAL(pf.purchases.len, 1);
    CU_ASSERT_EQUAL(pf.purchases.data[0].arrive - pf.purchases.data[0].order_at, 10 * 1440);
    CU_ASSERT_EQUAL(pf.orders.data[0].span.lo, (uint32_t)(strstr(t, "order SO-1") - t));
    plan_file_free(&pf);
    diags_free(&d);
}

static void refuses_garbage_and_truncation(void)
{
    Diags d;
    diags_init(&d);
    const char *t = "takt-plan 1\nfrobnicate 42\nop A cut machine saw unit 1 start 2026-12-07T06:00 end tomorrow\n"
                    "op A weld machine saw unit 1 start 2026-12-07T06:00 end 2026-12-07T0";
    PlanFile pf;
    CU_ASSERT_TRUE(plan_read(&pf, 0, t, strlen(t), &d));
    CU_ASSERT_EQUAL(codes(&d, DIAG_PLAN_UNREADABLE), 2);
    CU_ASSERT_EQUAL(codes(&d, DIAG_PLAN_TRUNCATED), 1);
    CU_ASSERT_EQUAL(pf.ops.len, 0);
    plan_file_free(&pf);
    diags_free(&d);
    diags_init(&d);
    CU_ASSERT_FALSE(plan_read(&pf, 0, "hello\n", 6, &d));
    CU_ASSERT_FALSE(plan_read(&pf, 0, "", 0, &d));
    CU_ASSERT_FALSE(plan_read(&pf, 0, "takt-plan 7\n", 12, &d));
    plan_file_free(&pf);
    diags_free(&d);
}

static void reads_schedule_csv(void)
{
    Diags d;
    diags_init(&d);
    const char *t = "order,operation,machine,unit,start,end\n"
                    "\"SO,1\",cut,saw,1,2026-12-07T06:00,2026-12-07T07:00\r\n"
                    "\"say \"\"hi\"\"\",cut,saw,2,2026-12-07T06:00,2026-12-07T07:00\n"
                    "SO-2,cut,saw,x,2026-12-07T06:00,2026-12-07T07:00\n"
                    "SO-3,cut,saw,1,2026-12-07T06:00\n";
    PlanFile pf;
    CU_ASSERT_TRUE(plan_read(&pf, 0, t, strlen(t), &d));
    CU_ASSERT_TRUE(pf.csv);
    CU_ASSERT_EQUAL_FATAL(pf.ops.len, 2);
    CU_ASSERT_STRING_EQUAL(pf.ops.data[0].wo, "SO,1");
    CU_ASSERT_STRING_EQUAL(pf.ops.data[1].wo, "say \"hi\"");
    CU_ASSERT_EQUAL(codes(&d, DIAG_PLAN_UNREADABLE), 2);
    plan_file_free(&pf);
    diags_free(&d);
}

/* Plans src, writes the plan file, edits it with fn (if any), verifies it
 * against the model against_src (NULL: src itself). */
static Diags verified_against(const char *src, const char *against_src, void (*edit)(StrBuf *b))
{
    TestPlan t = test_plan(src);
    CU_ASSERT_TRUE(t.ok);
    TestPlan m = against_src ? test_plan(against_src) : t;
    StrBuf b = {0};
    plan_write(t.p, &b);
    if (edit) edit(&b);
    Diags d;
    diags_init(&d);
    PlanFile pf;
    VerifyStats st;
    if (plan_read(&pf, 0, sb_cstr(&b), b.len, &d)) plan_verify(m.ir, &pf, &d, &st);
    plan_file_free(&pf);
    sb_free(&b);
    if (against_src) test_plan_free(&m);
    test_plan_free(&t);
    return d;
}

static Diags verified(const char *src, void (*edit)(StrBuf *b)) { return verified_against(src, NULL, edit); }

static const char shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
    "calendar day { mon-fri 06:00-14:00 }\n"
    "machine paint { calendar day  setup by colour { same 0 min  change 30 min  first 10 min } }\n"
    "product red { colour \"red\"  routing { coat on paint run 20 min each } }\n"
    "product blue { colour \"blue\"  routing { coat on paint run 20 min each } }\n"
    "order A { red 3  due 2026-12-08 }\norder B { blue 3  due 2026-12-08 }\n"
    "order C { red 3  due 2026-12-09  release 2026-12-08 06:00 }\n";

static void replace(StrBuf *b, const char *from, const char *to)
{
    char *at = strstr(b->data, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    StrBuf n = {0};
    sb_putn(&n, b->data, (size_t)(at - b->data));
    sb_puts(&n, to);
    sb_puts(&n, at + strlen(from));
    sb_free(b);
    *b = n;
}

/* A then B: 10 + 60, then 30 + 60: B ends at 08:40 */
#define OP_B "op B coat machine paint unit 1 start 2026-12-07T07:10 end 2026-12-07T08:40"
static void edit_setup(StrBuf *b) { replace(b, OP_B, "op B coat machine paint unit 1 start 2026-12-07T07:10 end 2026-12-07T08:10"); }
static void edit_overlap(StrBuf *b) { replace(b, OP_B, "op B coat machine paint unit 1 start 2026-12-07T07:00 end 2026-12-07T08:30"); }
static void edit_closed(StrBuf *b) { replace(b, "op C coat machine paint unit 1 start 2026-12-08T06:00 end 2026-12-08T07:30",
                                             "op C coat machine paint unit 1 start 2026-12-12T06:00 end 2026-12-12T07:30"); }
static void edit_release(StrBuf *b) { replace(b, "op C coat machine paint unit 1 start 2026-12-08T06:00 end 2026-12-08T07:30",
                                              "op C coat machine paint unit 1 start 2026-12-07T12:00 end 2026-12-07T13:30"); }

static void verifies_plans(void)
{
    Diags d = verified(shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verified(shop, edit_setup);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_DURATION), 1);
    diags_free(&d);
    d = verified(shop, edit_overlap);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_OVERLAP), 1);
    diags_free(&d);
    d = verified(shop, edit_closed);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_CLOSED), 1);
    diags_free(&d);
    d = verified(shop, edit_release);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_RELEASE), 1);
    diags_free(&d);
}

/* A setup rule that reads the job before, its end and the operation's own
 * values: the planner's setups are the ones verify expects. */
static const char rule_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
    "calendar day { mon-fri 06:00-14:00, 14:30-22:00 }\n"
    "machine saw { units 2  calendar day\n"
    "  setup if prev.exists and prev.end > job.due - 2 d then 0.1 * operation.run + operation.index * 1 min\n"
    "        else 3 min + prev.priority * 2 min }\n"
    "machine press { calendar day  split false }\n"
    "product a { routing { cut on saw setup 5 min run 3.3 min each\n press on press run 2 min each } }\n"
    "product b { routing { cut on saw run 2.7 min each\n press on press setup 7 min run 1 min each } }\n"
    "order O1 { a 10  due 2026-12-08  priority 3 }\norder O2 { b 20  due 2026-12-09 }\n"
    "order O3 { a 7  due 2026-12-10  release 2026-12-08 06:00 }\norder O4 { b 13  due 2026-12-08 }\n"
    "order O5 { a 31  due 2026-12-11 }\n";

static void edit_rule_setup(StrBuf *b)
{
    /* O4 follows O1 on saw #1: its setup is a tenth of its run and 1 min */
    replace(b, "op O4 cut machine saw unit 1 start 2026-12-07T06:41 end 2026-12-07T07:21",
            "op O4 cut machine saw unit 1 start 2026-12-07T06:41 end 2026-12-07T07:17");
}

static void verifies_setup_rules(void)
{
    Diags d = verified(rule_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verified(rule_shop, edit_rule_setup);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_DURATION), 1);
    diags_free(&d);
}

/* Lots: W1 makes 50 widgets, W2 takes 10 of them; SO1's frames come in
 * fives, and SO2 builds with the two SO1 left over. */
static const char lot_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
    "machine saw { units 2 }\nmachine asm { }\n"
    "product frame { multiple 5  routing { cut on saw run 30 min each  wait 20 min } }\n"
    "product bike { bom { frame 1 }  routing { build on asm run 10 min each } }\n"
    "product widget { lot 50  routing { mill on saw run 1 min each } }\n"
    "order SO1 { bike 3  due 2026-12-08 }\norder SO2 { bike 2  due 2026-12-09 }\n"
    "order W1 { widget 10  due 2026-12-08 }\norder W2 { widget 10  due 2026-12-10 }\n";

static void edit_early_parent(StrBuf *b)
{
    replace(b, "op SO2 build machine asm unit 1 start 2026-12-07T09:20 end 2026-12-07T09:40",
            "op SO2 build machine asm unit 1 start 2026-12-07T08:20 end 2026-12-07T08:40");
}
static void edit_small_lot(StrBuf *b) { replace(b, "workorder W1 product widget qty 50", "workorder W1 product widget qty 15"); }

static void verifies_lots(void)
{
    Diags d = verified(lot_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    /* moved an hour early: the records of SO2's work order and order and the
     * measures no longer agree with the operations, but they follow from an
     * operation reported already */
    d = verified(lot_shop, edit_early_parent);
    CU_ASSERT_EQUAL(d.nerrors, 1);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_PRECEDENCE), 1);
    diags_free(&d);
    /* a lot smaller than the product's: the record is not what the demand calls for */
    d = verified(lot_shop, edit_small_lot);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WO_RECORD), 1);
    CU_ASSERT_EQUAL(d.nerrors, 1);
    diags_free(&d);
}

/* Purchases that consolidate (`consolidate 1 week`): one purchase of a whole
 * number of fixed lots, one raised to the minimum and the multiple; both
 * pass, and a purchase that breaks its lot sizing does not (E0616).
 * Forecast demand done after its period is warned about (W0023). */
static const char buy_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
    "machine saw { }\n"
    "material tube { unit m  lead 2 d  lot 4 m  consolidate 1 week }\n"
    "material bolt { lead 1 d  min_order 100  multiple 30  consolidate 1 week }\n"
    "product frame { bom { tube 1.5 m  bolt 7 }  routing { cut on saw run 30 min each } }\n"
    "order A { frame 6  due 2026-12-10 }\norder B { frame 7  due 2026-12-11 }\n"
    "forecast frame { 2026-12-07 .. 2026-12-07  60 }\n";

static void verifies_purchase_lots(void)
{
    TestPlan t = test_plan(buy_shop);
    CU_ASSERT_TRUE_FATAL(t.ok);
    /* 73 frames: 109.5 m of tube in 28 lots of 4 m, 511 bolts: 540 — one purchase each */
    StrBuf b = {0};
    plan_write(t.p, &b);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "purchase tube qty 112 "));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "purchase bolt qty 540 "));
    CU_ASSERT_EQUAL(t.p->purchases.len, 2);
    sb_free(&b);
    test_plan_free(&t);
    Diags d = verified(buy_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    /* the forecast's 60 frames take 30 h on the saw from 06:00: done after the day */
    CU_ASSERT_EQUAL(codes(&d, DIAG_LATE_FORECAST), 1);
    diags_free(&d);
}

static void edit_lot_112(StrBuf *b) { replace(b, "purchase tube qty 112", "purchase tube qty 114"); }
static void edit_bolt_540_min(StrBuf *b) { replace(b, "purchase bolt qty 540", "purchase bolt qty 60"); }
static void edit_bolt_540_mul(StrBuf *b) { replace(b, "purchase bolt qty 540", "purchase bolt qty 550"); }

static void refuses_purchases_off_their_lots(void)
{
    Diags d = verified(buy_shop, edit_lot_112);
    CU_ASSERT_EQUAL(codes(&d, DIAG_PURCHASE_LOT), 1);
    diags_free(&d);
    d = verified(buy_shop, edit_bolt_540_min);
    CU_ASSERT_EQUAL(codes(&d, DIAG_PURCHASE_LOT), 1);
    diags_free(&d);
    d = verified(buy_shop, edit_bolt_540_mul);
    CU_ASSERT_EQUAL(codes(&d, DIAG_PURCHASE_LOT), 1);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_MATERIAL), 0); /* more than enough */
    diags_free(&d);
}

/* A made to last into the next day: B, right after it, and C, after B but
 * still inside A, both overlap it. */
static void edit_nested(StrBuf *b)
{
    replace(b, "op A coat machine paint unit 1 start 2026-12-07T06:00 end 2026-12-07T07:10",
            "op A coat machine paint unit 1 start 2026-12-07T06:00 end 2026-12-08T07:00");
}

static void finds_every_overlap(void)
{
    Diags d = verified(shop, edit_nested);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_OVERLAP), 2);
    diags_free(&d);
}

/* A and B start together on the unit, A ending later though it comes first
 * in the file: taken by start, then end, B is first and A overlaps it. */
static void edit_same_start(StrBuf *b)
{
    replace(b, "op A coat machine paint unit 1 start 2026-12-07T06:00 end 2026-12-07T07:10",
            "op A coat machine paint unit 1 start 2026-12-07T06:00 end 2026-12-07T09:00");
    replace(b, OP_B, "op B coat machine paint unit 1 start 2026-12-07T06:00 end 2026-12-07T08:40");
}

static void overlaps_of_the_same_start(void)
{
    Diags d = verified(shop, edit_same_start);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_OVERLAP), 1);
    for (uint32_t i = 0; i < d.len; i++)
        if (d.items[i].code == DIAG_OP_OVERLAP) {
            CU_ASSERT_PTR_NOT_NULL(strstr(d.items[i].msg, "'A' coat"));
            CU_ASSERT_PTR_NOT_NULL(strstr(d.items[i].msg, "(2026-12-07 08:40)"));
        }
    diags_free(&d);
}

/* Material the actuals issue left stock: a plan made without knowing of it
 * is short, and verify says so; the plan made with it is not. */
static void counts_material_issued(void)
{
    const char *base = "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                       "machine saw { }\n"
                       "material tube { unit m  stock 100 m  lead 5 d  lot 50 m }\n"
                       "product frame { bom { tube 2 m }  routing { cut on saw run 10 min each } }\n"
                       "order \"SO-1\" { frame 40  due 2026-12-10 }\n";
    char *with = tk_fmt("%sactuals {\n  now 2026-12-07 06:00\n  issued tube 30 m on 2026-12-07 06:00 \"scrap\"\n}\n",
                        base);
    for (int k = 0; k < 2; k++) {
        Diags d = verified_against(k == 0 ? base : with, with, NULL);
        CU_ASSERT_EQUAL(codes(&d, DIAG_OP_MATERIAL), k == 0 ? 1 : 0);
        CU_ASSERT_EQUAL(d.nerrors, k == 0 ? 1 : 0);
        diags_free(&d);
    }
    tk_free(with);
}

/* Resources: verify holds each operation's `uses` to the model on its own. */
static const char pool_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
    "calendar mornings { mon-fri 08:00-12:00 }\n"
    "resource fitter { units 2  calendar mornings }\nresource setter { units 1 }\n"
    "machine bench { units 3 }\n"
    "product p { routing { a on bench run 30 min  with fitter\n  b on bench setup 20 min run 1 h  with setter for setup } }\n"
    "order o1 { p 1  due 2026-12-10 }\norder o2 { p 1  due 2026-12-10 }\n";

#define POOL_A2 "op o2 a machine bench unit 2 start 2026-12-07T08:00 end 2026-12-07T08:30 setup 0 run 30 uses fitter:2"
static void edit_pool_twice(StrBuf *b)
{
    replace(b, POOL_A2, "op o2 a machine bench unit 2 start 2026-12-07T08:00 end 2026-12-07T08:30 setup 0 run 30 uses fitter:1");
}
static void edit_pool_closed(StrBuf *b)
{
    replace(b, POOL_A2, "op o2 a machine bench unit 2 start 2026-12-07T07:00 end 2026-12-07T07:30 setup 0 run 30 uses fitter:2");
}
static void edit_pool_missing(StrBuf *b)
{
    replace(b, POOL_A2, "op o2 a machine bench unit 2 start 2026-12-07T08:00 end 2026-12-07T08:30 setup 0 run 30");
}
static void edit_pool_wrong(StrBuf *b)
{
    replace(b, POOL_A2, "op o2 a machine bench unit 2 start 2026-12-07T08:00 end 2026-12-07T08:30 setup 0 run 30 uses setter:1");
}
static void edit_pool_no_unit(StrBuf *b)
{
    replace(b, POOL_A2, "op o2 a machine bench unit 2 start 2026-12-07T08:00 end 2026-12-07T08:30 setup 0 run 30 uses fitter:3");
}
/* the setups overlap: the setter on two at once */
static void edit_setter_overlap(StrBuf *b)
{
    replace(b, "op o2 b machine bench unit 2 start 2026-12-07T08:50 end 2026-12-07T10:10",
            "op o2 b machine bench unit 2 start 2026-12-07T08:40 end 2026-12-07T10:00");
}

static void verifies_resources(void)
{
    Diags d = verified(pool_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verified(pool_shop, edit_pool_twice);
    CU_ASSERT_EQUAL(codes(&d, DIAG_POOL_OVERBOOKED), 1);
    diags_free(&d);
    d = verified(pool_shop, edit_pool_closed);
    CU_ASSERT_EQUAL(codes(&d, DIAG_POOL_CLOSED), 1);
    diags_free(&d);
    d = verified(pool_shop, edit_pool_missing);
    CU_ASSERT_EQUAL(codes(&d, DIAG_POOL_NEED), 1);
    diags_free(&d);
    d = verified(pool_shop, edit_pool_wrong);
    CU_ASSERT_TRUE(codes(&d, DIAG_POOL_NEED) >= 1);
    diags_free(&d);
    d = verified(pool_shop, edit_pool_no_unit);
    CU_ASSERT_EQUAL(codes(&d, DIAG_POOL_NEED), 1);
    diags_free(&d);
    d = verified(pool_shop, edit_setter_overlap);
    CU_ASSERT_EQUAL(codes(&d, DIAG_POOL_OVERBOOKED), 1);
    diags_free(&d);
}

/* Costs of resources and batch machines: verify works out the cost the
 * planner reports — the machine's rate for its setup and run, the fitter's
 * for the time it is held, and the oven's cycle shared by its pieces (4 and
 * 6 of one cycle of 60 min: runs of 24 and 36 min) — with its own code. */
static const char costed_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks  currency EUR }\n"
    "resource fitter { units 1  cost 30 EUR/h }\n"
    "machine bench { units 2  cost 12 EUR/h }\n"
    "machine oven { capacity 10  cycle 60 min  fill 1 h  cost 60 EUR/h }\n"
    "product p { routing { fit on bench setup 10 min run 5 min each  with fitter\n  cure on oven } }\n"
    "order o1 { p 4  due 2026-12-10 }\norder o2 { p 6  due 2026-12-10 }\n";

/* the measures' cost a euro off: 14 for the bench, 35 for the fitter, 60 for the oven */
static void edit_cost(StrBuf *b) { replace(b, " cost 109.00 ", " cost 110.00 "); }
/* o1's share of the cycle booked as o2's */
static void edit_batch_run(StrBuf *b)
{
    replace(b, "setup 0 run 24 batches 1:4", "setup 0 run 36 batches 1:4");
}
/* the fitter's cost left out */
static void edit_cost_without_fitter(StrBuf *b) { replace(b, " cost 109.00 ", " cost 74.00 "); }

static void costs_resources_and_batches(void)
{
    Diags d = verified(costed_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verified(costed_shop, edit_cost);
    CU_ASSERT_EQUAL(codes(&d, DIAG_MEASURES), 1);
    CU_ASSERT_EQUAL(d.nerrors, 1);
    diags_free(&d);
    d = verified(costed_shop, edit_cost_without_fitter);
    CU_ASSERT_EQUAL(codes(&d, DIAG_MEASURES), 1);
    diags_free(&d);
    d = verified(costed_shop, edit_batch_run);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_RECORD), 1);
    diags_free(&d);
}

/* The quantity rule on the valve works: 1.0527 bodies per valve, valves
 * from stock first; the body work orders rounded up to whole pieces, each
 * carrying its surplus to the next. */
static const char valve_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
    "machine lathe { }\nmachine bench { }\n"
    "product body { routing { turn on lathe setup 20 min run 3 min each } }\n"
    "product valve { stock 5  bom { body 1.0527 }  routing { assemble on bench run 5 min each } }\n"
    "order \"SO-1\" { valve 40  due 2026-12-09 }\norder \"SO-2\" { valve 25  due 2026-12-10 }\n"
    "order \"SO-3\" { valve 13  due 2026-12-11 }\n";

/* The work orders verify works out of t's demand, reading its calendars
 * as verify does; free with demand_free. */
static VCal **demand_build(const TestPlan *t, VDemand *dm, Diags *d)
{
    VCal **cals = tk_xalloc((t->ir->ncalendars + 1) * sizeof(VCal *));
    memset(cals, 0, (t->ir->ncalendars + 1) * sizeof(VCal *));
    vdemand_build(t->ir, dm, d, cals);
    return cals;
}

static void demand_free(const TestPlan *t, VDemand *dm, VCal **cals)
{
    vdemand_free(dm, t->ir->norders);
    for (uint32_t i = 0; i < t->ir->ncalendars; i++) vcal_free(cals[i]);
    tk_free(cals);
}

static int32_t dem_wo(const VDemand *dm, const char *name)
{
    for (uint32_t k = 0; k < dm->wos.len; k++)
        if (strcmp(dm->wos.data[k].name, name) == 0) return (int32_t)k;
    return -1;
}

static void quantity_rule(void)
{
    TestPlan t = test_plan(valve_shop);
    Diags d;
    diags_init(&d);
    VDemand dm;
    VCal **cals = demand_build(&t, &dm, &d);
    CU_ASSERT_EQUAL(d.len, 0);
    static const struct { const char *name; double qty; } want[] = {
        {"SO-1", 35}, {"SO-1/body", 37},  /* 35 x 1.0527 = 36.8445: 0.1555 over */
        {"SO-2", 25}, {"SO-2/body", 27},  /* 26.3175 - 0.1555 = 26.162: 0.838 over */
        {"SO-3", 13}, {"SO-3/body", 13},  /* 13.6851 - 0.838 = 12.8471 */
    };
    CU_ASSERT_EQUAL(dm.wos.len, TK_COUNTOF(want));
    for (size_t i = 0; i < TK_COUNTOF(want); i++) {
        int32_t k = dem_wo(&dm, want[i].name);
        CU_ASSERT_FATAL(k >= 0);
        CU_ASSERT_DOUBLE_EQUAL(dm.wos.data[k].qty, want[i].qty, 0);
    }
    /* SO-3's valves take the surplus of SO-2's bodies, and their own */
    const U32Vec *tk = &dm.takes[dem_wo(&dm, "SO-3")];
    CU_ASSERT_EQUAL_FATAL(tk->len, 2);
    CU_ASSERT_EQUAL(tk->data[0], (uint32_t)dem_wo(&dm, "SO-2/body"));
    CU_ASSERT_EQUAL(tk->data[1], (uint32_t)dem_wo(&dm, "SO-3/body"));
    demand_free(&t, &dm, cals);
    diags_free(&d);
    test_plan_free(&t);
}

/* Fixed lots, minimum orders and multiples, stock, a kit with fractional
 * parts, a forecast, an order released late, calendars for the latest
 * starts, a name the lots of another need take already. */
static const char lot_plant[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 8 weeks }\n"
    "calendar day { mon-fri 06:00-14:00 }\n"
    "machine saw { units 2  calendar day }\nmachine asm { }\n"
    "material tube { unit m  stock 10 m  lead 2 d  min_order 20 m  multiple 5 m }\n"
    "product frame { lot 8  stock 3  bom { tube 1.2 m }  routing { cut on saw setup 10 min run 7 min each  wait 20 min } }\n"
    "product wheel { min_order 10  multiple 4  routing { lace on asm | saw (run 1 min each) run 2 min each } }\n"
    "product body { routing { turn on saw run 3 min each } }\n"
    "product kit { bom { wheel 2.5  body 0.3333 } }\n"
    "product bike { stock 2  bom { frame 1  kit 1.0527 }\n"
    "  routing { build on asm run 10 min each\n check on asm run 4 min each after start } }\n"
    "forecast bike { 2026-12-14 .. 2026-12-20  30 }\n"
    "order \"SO-1\" { bike 7  due 2026-12-10 }\n"
    "order \"SO-2\" { bike 13  due 2026-12-11  release 2026-12-08 06:00 }\n"
    "order \"SO-3\" { bike 9  due 2026-12-15 }\n"
    "order \"SO-1/frame.2\" { frame 4  due 2026-12-16 }\n"
    "order W { wheel 3  due 2026-12-09 }\n";

static void sorted_u32(uint32_t *x, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++)
        for (uint32_t j = i; j > 0 && x[j - 1] > x[j]; j--) {
            uint32_t t = x[j];
            x[j] = x[j - 1];
            x[j - 1] = t;
        }
}

static bool same_set(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
    if (na != nb) return false;
    uint32_t *x = tk_xalloc((na + 1) * sizeof(uint32_t)), *y = tk_xalloc((nb + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < na; i++) x[i] = a[i], y[i] = b[i];
    sorted_u32(x, na);
    sorted_u32(y, nb);
    bool same = memcmp(x, y, na * sizeof(uint32_t)) == 0;
    tk_free(x);
    tk_free(y);
    return same;
}

static void demand_of(const char *src)
{
    TestPlan t = test_plan(src);
    Diags d;
    diags_init(&d);
    VDemand dm;
    VCal **cals = demand_build(&t, &dm, &d);
    const Plan *p = t.p;
    CU_ASSERT_EQUAL_FATAL(dm.wos.len, p->wos.len);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[k];
        const VdWo *e = &dm.wos.data[k];
        CU_ASSERT_STRING_EQUAL(e->name, w->name);
        CU_ASSERT_EQUAL(e->product, w->product);
        CU_ASSERT(e->qty == w->qty);
        CU_ASSERT_EQUAL(e->due, w->due);
        CU_ASSERT_EQUAL(e->release, w->release);
        CU_ASSERT_EQUAL(e->order, w->order);
        CU_ASSERT_EQUAL(e->parent, w->parent);
        CU_ASSERT(e->material_cost == w->material_cost);
        CU_ASSERT(same_set(dm.takes[k].data, dm.takes[k].len, (const uint32_t *)w->supplies, w->nsupplies));
    }
    for (uint32_t i = 0; i < t.ir->norders; i++)
        CU_ASSERT(same_set(dm.serves[i].data, dm.serves[i].len, p->order_wos[i].data, p->order_wos[i].len));
    demand_free(&t, &dm, cals);
    diags_free(&d);
    test_plan_free(&t);
}

/* Names taken before: orders named like the lots and components of
 * another, made first (due earlier); the lots after them take the next
 * free names, as the planner's do. */
static const char name_shop[] = "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                                "machine saw { }\n"
                                "product c { lot 3  routing { cut on saw run 1 min each } }\n"
                                "product b { lot 2  bom { c 1 }  routing { join on saw run 2 min each } }\n"
                                "order \"B.3\" { b 2  due 2026-12-08 }\n"
                                "order \"B/c\" { c 1  due 2026-12-08 }\n"
                                "order \"B/c.3\" { c 1  due 2026-12-08 }\n"
                                "order \"B.5\" { b 1  due 2026-12-08 }\n"
                                "order B { b 9  due 2026-12-10 }\n";

static void demand_agrees_with_planner(void)
{
    demand_of(name_shop);
    demand_of(valve_shop);
    demand_of(lot_plant);
    demand_of(lot_shop);
    demand_of(shop);
}

/* A kit takes its materials when it is done: a box that comes later than
 * the plan says leaves it short. */
static const char kit_shop[] = "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                               "machine asm { }\nmaterial box { lead 2 d }\n"
                               "product wheel { routing { lace on asm run 10 min each } }\n"
                               "product set { bom { wheel 2  box 1 } }\n"
                               "order K { set 5  due 2026-12-12 }\n";

static void edit_late_box(StrBuf *b)
{
    replace(b, "purchase box qty 5 order 2026-12-07T06:00 arrive 2026-12-09T06:00",
            "purchase box qty 5 order 2026-12-07T06:00 arrive 2026-12-20T06:00");
}

static void kits_take_materials(void)
{
    Diags d = verified(kit_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verified(kit_shop, edit_late_box);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_MATERIAL), 1);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WO_TIMES), 1); /* its materials time is no arrival now */
    CU_ASSERT_EQUAL(d.nerrors, 2);
    diags_free(&d);
}

/* A purchase that arrives sooner than its lead time is one mistake: the
 * work order's materials time it leaves without an arrival follows from it
 * and is not reported again. */
static const char lead_shop[] = "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                                "machine saw { }\nmaterial tube { unit m  lead 2 d }\n"
                                "product frame { bom { tube 2 m }  routing { cut on saw run 10 min each } }\n"
                                "order A { frame 5  due 2026-12-12 }\n";

static void edit_quick_tube(StrBuf *b)
{
    replace(b, "purchase tube qty 10 order 2026-12-07T06:00 arrive 2026-12-09T06:00",
            "purchase tube qty 10 order 2026-12-07T06:00 arrive 2026-12-08T06:00");
}

static void one_mistake_one_error(void)
{
    Diags d = verified(lead_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verified(lead_shop, edit_quick_tube);
    CU_ASSERT_EQUAL(codes(&d, DIAG_PURCHASE_LEAD), 1);
    CU_ASSERT_EQUAL(d.nerrors, 1);
    diags_free(&d);
}

/* Time windows (verify_window.c): sublots, each grinding within an hour of
 * the hardening of its pieces. */
static const char window_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
    "calendar day { mon-fri 06:00-14:00 }\n"
    "machine furnace { }\nmachine grinder { calendar day }\n"
    "product shaft { routing { harden on furnace run 6 min each  sublots 2\n"
    "  grind on grinder run 8 min each  within 1 h  sublots 2 } }\n"
    "order A1 { shaft 10  due 2026-12-20 }\norder A2 { shaft 10  due 2026-12-20 }\n";

#define WIN_A1 "op A1 grind#1 machine grinder unit 1 start 2026-12-07T06:30 end 2026-12-07T07:10 setup 0 run 40 qty 5 within 60"
#define WIN_A2 "op A2 grind#1 machine grinder unit 1 start 2026-12-07T08:30 end 2026-12-07T09:10 setup 0 run 40 qty 5 within 60"
/* 70 min after A2's first hardening ends at 08:00 */
static void edit_window_late(StrBuf *b)
{
    replace(b, WIN_A2, "op A2 grind#1 machine grinder unit 1 start 2026-12-07T09:10 end 2026-12-07T09:50 setup 0 run 40 qty 5 within 60");
}
static void edit_window_said(StrBuf *b)
{
    replace(b, WIN_A2,
            "op A2 grind#1 machine grinder unit 1 start 2026-12-07T09:10 end 2026-12-07T09:50 setup 0 run 40 qty 5 within 60 "
            "overrun 10");
}
static void edit_window_missing(StrBuf *b)
{
    replace(b, WIN_A1, "op A1 grind#1 machine grinder unit 1 start 2026-12-07T06:30 end 2026-12-07T07:10 setup 0 run 40 qty 5");
}
static void edit_window_other(StrBuf *b) { replace(b, WIN_A1 "\n", WIN_A1 "0\n"); }
static void edit_overrun_held(StrBuf *b) { replace(b, WIN_A1 "\n", WIN_A1 " overrun 5\n"); }

static void verifies_time_windows(void)
{
    Diags d = verified(window_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    CU_ASSERT_EQUAL(d.nwarnings, 0);
    diags_free(&d);
    d = verified(window_shop, edit_window_late);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WINDOW_BROKEN), 1);
    diags_free(&d);
    d = verified(window_shop, edit_window_said);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WINDOW_BROKEN), 0);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WINDOW_NOT_HELD), 1);
    diags_free(&d);
    d = verified(window_shop, edit_window_missing);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WINDOW_RECORD), 1);
    diags_free(&d);
    d = verified(window_shop, edit_window_other);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WINDOW_RECORD), 1);
    diags_free(&d);
    d = verified(window_shop, edit_overrun_held);
    CU_ASSERT_EQUAL(codes(&d, DIAG_WINDOW_RECORD), 1);
    CU_ASSERT_EQUAL(d.nerrors, 1);
    diags_free(&d);
    /* the schedule CSV: its overrun column, and every window held to */
    TestPlan t = test_plan(window_shop);
    CU_ASSERT_TRUE_FATAL(t.ok);
    StrBuf b = {0};
    plan_write_csv(t.p, &b);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "order,operation,machine,unit,start,end,overrun\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "A2,grind#1,grinder,1,2026-12-07T08:30,2026-12-07T09:10,\n"));
    for (int k = 0; k < 3; k++) {
        StrBuf c = {0};
        sb_puts(&c, sb_cstr(&b));
        if (k > 0) replace(&c, "A2,grind#1,grinder,1,2026-12-07T08:30,2026-12-07T09:10,",
                           k == 1 ? "A2,grind#1,grinder,1,2026-12-07T09:10,2026-12-07T09:50,"
                                  : "A2,grind#1,grinder,1,2026-12-07T09:10,2026-12-07T09:50,10");
        Diags e;
        diags_init(&e);
        PlanFile pf;
        VerifyStats st;
        if (plan_read(&pf, 0, sb_cstr(&c), c.len, &e)) plan_verify(t.ir, &pf, &e, &st);
        CU_ASSERT_TRUE(pf.csv_overrun);
        CU_ASSERT_EQUAL(codes(&e, DIAG_WINDOW_BROKEN), k == 1 ? 1u : 0u);
        CU_ASSERT_EQUAL(codes(&e, DIAG_WINDOW_NOT_HELD), k == 2 ? 1u : 0u);
        plan_file_free(&pf);
        diags_free(&e);
        sb_free(&c);
    }
    sb_free(&b);
    test_plan_free(&t);
}

/* Transfer lots (verify_overlap.c): the wash takes lots of 5 of the
 * turned shafts; the lathe has a setup and a night. */
static const char transfer_shop[] = "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                                    "machine saw { }\nmachine lathe { }\nmachine wash { }\n"
                                    "product shaft { routing { cut on saw run 2 min each\n"
                                    "  turn on lathe setup 30 min run 6 min each  transfer 10\n"
                                    "  clean on wash run 1 min each  transfer 5 } }\n"
                                    "order A1 { shaft 50  due 2026-12-20 }\n";

#define TR_CLEAN "op A1 clean machine wash unit 1 start 2026-12-07T10:45 end 2026-12-07T11:35 setup 0 run 50 transfer 5"
#define TR_TURN "op A1 turn machine lathe unit 1 start 2026-12-07T06:00 end 2026-12-07T11:30 setup 30 run 300 transfer 10"
/* a minute early: its last lot before the last turned piece */
static void edit_clean_early(StrBuf *b)
{
    replace(b, TR_CLEAN, "op A1 clean machine wash unit 1 start 2026-12-07T10:44 end 2026-12-07T11:34 setup 0 run 50 transfer 5");
}
/* starting with the lathe: its first lot before the lathe made it */
static void edit_clean_first(StrBuf *b)
{
    replace(b, TR_CLEAN, "op A1 clean machine wash unit 1 start 2026-12-07T06:20 end 2026-12-07T07:10 setup 0 run 50 transfer 5");
}
/* the lathe without its setup: its first lot is not done by 06:20 */
static void edit_turn_first(StrBuf *b)
{
    replace(b, TR_TURN, "op A1 turn machine lathe unit 1 start 2026-12-07T05:59 end 2026-12-07T11:29 setup 30 run 300 transfer 10");
}
static void edit_transfer_other(StrBuf *b) { replace(b, TR_CLEAN, "op A1 clean machine wash unit 1 start 2026-12-07T10:45 end 2026-12-07T11:35 setup 0 run 50 transfer 6"); }
static void edit_transfer_on_cut(StrBuf *b) { replace(b, "run 100\n", "run 100 transfer 3\n"); }

static void verifies_transfer_lots(void)
{
    Diags d = verified(transfer_shop, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verified(transfer_shop, edit_clean_early);
    CU_ASSERT_EQUAL(codes(&d, DIAG_TRANSFER_OVERTAKEN), 1);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_PRECEDENCE), 0); /* the kind, not the order of work, holds it */
    diags_free(&d);
    d = verified(transfer_shop, edit_clean_first);
    CU_ASSERT_EQUAL(codes(&d, DIAG_TRANSFER_OVERTAKEN), 1);
    diags_free(&d);
    d = verified(transfer_shop, edit_turn_first);
    CU_ASSERT_EQUAL(codes(&d, DIAG_TRANSFER_OVERTAKEN), 1);
    diags_free(&d);
    d = verified(transfer_shop, edit_transfer_other);
    CU_ASSERT_EQUAL(codes(&d, DIAG_TRANSFER_RECORD), 1);
    CU_ASSERT_EQUAL(d.nerrors, 1);
    diags_free(&d);
    d = verified(transfer_shop, edit_transfer_on_cut);
    CU_ASSERT_EQUAL(codes(&d, DIAG_TRANSFER_RECORD), 1);
    diags_free(&d);
    /* the schedule CSV: its transfer column, and every lot held to */
    TestPlan t = test_plan(transfer_shop);
    CU_ASSERT_TRUE_FATAL(t.ok);
    StrBuf b = {0};
    plan_write_csv(t.p, &b);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "order,operation,machine,unit,start,end,transfer\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "A1,clean,wash,1,2026-12-07T10:45,2026-12-07T11:35,5\n"));
    for (int k = 0; k < 3; k++) {
        StrBuf c = {0};
        sb_puts(&c, sb_cstr(&b));
        if (k == 1) replace(&c, "A1,clean,wash,1,2026-12-07T10:45,2026-12-07T11:35,5", "A1,clean,wash,1,2026-12-07T10:44,2026-12-07T11:34,5");
        if (k == 2) replace(&c, "A1,clean,wash,1,2026-12-07T10:45,2026-12-07T11:35,5", "A1,clean,wash,1,2026-12-07T10:45,2026-12-07T11:35,50");
        Diags e;
        diags_init(&e);
        PlanFile pf;
        VerifyStats st;
        if (plan_read(&pf, 0, sb_cstr(&c), c.len, &e)) plan_verify(t.ir, &pf, &e, &st);
        CU_ASSERT_TRUE(pf.csv_transfer);
        CU_ASSERT_EQUAL(codes(&e, DIAG_TRANSFER_OVERTAKEN), k == 1 ? 1u : 0u);
        CU_ASSERT_EQUAL(codes(&e, DIAG_TRANSFER_RECORD), k == 2 ? 1u : 0u);
        plan_file_free(&pf);
        diags_free(&e);
        sb_free(&c);
    }
    sb_free(&b);
    test_plan_free(&t);
}

void suite_verify(void)
{
    CU_pSuite s = CU_add_suite("verify", NULL, NULL);
    ADD_TEST(s, verifies_transfer_lots);
    ADD_TEST(s, verifies_time_windows);
    ADD_TEST(s, reads_plan_files);
    ADD_TEST(s, refuses_garbage_and_truncation);
    ADD_TEST(s, reads_schedule_csv);
    ADD_TEST(s, verifies_plans);
    ADD_TEST(s, reads_every_field);
    ADD_TEST(s, verifies_setup_rules);
    ADD_TEST(s, verifies_lots);
    ADD_TEST(s, verifies_purchase_lots);
    ADD_TEST(s, refuses_purchases_off_their_lots);
    ADD_TEST(s, finds_every_overlap);
    ADD_TEST(s, overlaps_of_the_same_start);
    ADD_TEST(s, counts_material_issued);
    ADD_TEST(s, verifies_resources);
    ADD_TEST(s, quantity_rule);
    ADD_TEST(s, demand_agrees_with_planner);
    ADD_TEST(s, kits_take_materials);
    ADD_TEST(s, one_mistake_one_error);
    ADD_TEST(s, costs_resources_and_batches);
}
