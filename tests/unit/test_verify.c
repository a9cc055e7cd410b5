/* test_verify.c: reading plans back (plan files and schedule CSVs, with
 * their quoting, unknown keys, garbage and truncation) and verifying them
 * against the model: a plan the planner made passes; a sequence-dependent
 * setup left out, an overlap, a step on a closed day and an operation
 * before its release are each caught with their code. */
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
    CU_ASSERT_EQUAL(codes(&d, DIAG_PLAN_UNREADABLE), 3);
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

/* Plans src, writes the plan file, edits it with fn, verifies it. */
static Diags verified(const char *src, void (*edit)(StrBuf *b))
{
    Model *m = test_check(src);
    CU_ASSERT_EQUAL_FATAL(m->diags.nerrors, 0);
    IrModel *ir = ir_lower(m);
    Engine *eng = engine_interp_new(ir);
    Plan *p = plan_new(ir);
    mrp_explode(p);
    CU_ASSERT_TRUE(sched_run(p, eng));
    plan_measure(p, eng);
    StrBuf b = {0};
    plan_write(p, &b);
    if (edit) edit(&b);
    Diags d;
    diags_init(&d);
    PlanFile pf;
    VerifyStats st;
    if (plan_read(&pf, 0, sb_cstr(&b), b.len, &d)) plan_verify(ir, &pf, &d, &st);
    plan_file_free(&pf);
    sb_free(&b);
    plan_free(p);
    eng->free(eng);
    ir_free(ir);
    model_free(m);
    return d;
}

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

void suite_verify(void)
{
    CU_pSuite s = CU_add_suite("verify", NULL, NULL);
    ADD_TEST(s, reads_plan_files);
    ADD_TEST(s, refuses_garbage_and_truncation);
    ADD_TEST(s, reads_schedule_csv);
    ADD_TEST(s, verifies_plans);
}
