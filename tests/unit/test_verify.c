/* test_verify.c: reading plans back (plan files and schedule CSVs, with
 * their quoting, unknown keys, garbage and truncation) and verifying them
 * against the model: a plan the planner made passes; a sequence-dependent
 * setup left out, an overlap, a step on a closed day and an operation
 * before its release are each caught with their code; setup rules that
 * read the job before are held to the planner's; an order covered by the
 * surplus of another's lot passes, and its parent may not start before
 * that lot is done. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "runtime/runtime.h"
#include "runtime/verify.h"
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
    d = verified(lot_shop, edit_early_parent);
    CU_ASSERT_EQUAL(d.nerrors, 1);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_PRECEDENCE), 1);
    diags_free(&d);
    d = verified(lot_shop, edit_small_lot);
    CU_ASSERT_EQUAL(codes(&d, DIAG_ORDER_UNCOVERED), 1);
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

void suite_verify(void)
{
    CU_pSuite s = CU_add_suite("verify", NULL, NULL);
    ADD_TEST(s, reads_plan_files);
    ADD_TEST(s, refuses_garbage_and_truncation);
    ADD_TEST(s, reads_schedule_csv);
    ADD_TEST(s, verifies_plans);
    ADD_TEST(s, reads_every_field);
    ADD_TEST(s, verifies_setup_rules);
    ADD_TEST(s, verifies_lots);
    ADD_TEST(s, finds_every_overlap);
    ADD_TEST(s, overlaps_of_the_same_start);
    ADD_TEST(s, counts_material_issued);
    ADD_TEST(s, verifies_resources);
}
