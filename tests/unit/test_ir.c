/* test_ir.c: lowering to the IR, compiled calendars and their queries, and
 * the interpreter's meaning of every operation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "compiler/ir_eval.h"
#include "runtime/runtime.h"
#include "test.h"

#define PLANT "plant \"P\" { start 2026-12-07 06:00  horizon 2 weeks  currency EUR }\n"

static IrModel *lower(const char *src, Model **mp)
{
    Model *m = test_check(src);
    if (m->diags.nerrors) {
        char *r = test_render(m);
        fprintf(stderr, "\n%s", r);
        free(r);
    }
    CU_ASSERT_EQUAL_FATAL(m->diags.nerrors, 0);
    IrModel *ir = ir_lower(m);
    CU_ASSERT_TRUE(ir_verify(ir));
    *mp = m;
    return ir;
}

static int64_t at(int y, int mo, int d, int h, int mi) { return (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi; }

static void calendars_compile(void)
{
    Model *m;
    IrModel *ir = lower(PLANT "calendar c {\n  mon-fri 06:00-14:00, 14:30-22:00\n  sat 22:00-06:00+1\n"
                              "  closed 2026-12-09\n  closed 2026-12-10 14:30-22:00\n  overtime 2026-12-09 08:00-10:00\n}\n"
                              "calendar b { base c  fri 06:00-12:00 }\n",
                        &m);
    const IrCalendar *c = &ir->calendars[0];
    /* Mon 7th and Tue 8th: two shifts each; Wed 9th closed but for overtime;
     * Thu 10th early shift only; Fri 11th two shifts; Sat night into Sunday */
    CU_ASSERT_EQUAL_FATAL(c->n >= 8, 1);
    CU_ASSERT_EQUAL(c->iv[0].lo, at(2026, 12, 7, 6, 0));
    CU_ASSERT_EQUAL(c->iv[0].hi, at(2026, 12, 7, 14, 0));
    CU_ASSERT_EQUAL(c->iv[1].lo, at(2026, 12, 7, 14, 30));
    CU_ASSERT_EQUAL(c->iv[4].lo, at(2026, 12, 9, 8, 0));
    CU_ASSERT_EQUAL(c->iv[4].hi, at(2026, 12, 9, 10, 0));
    CU_ASSERT_EQUAL(c->iv[5].lo, at(2026, 12, 10, 6, 0));
    CU_ASSERT_EQUAL(c->iv[5].hi, at(2026, 12, 10, 14, 0));
    CU_ASSERT_EQUAL(c->iv[8].lo, at(2026, 12, 12, 22, 0));
    CU_ASSERT_EQUAL(c->iv[8].hi, at(2026, 12, 13, 6, 0));
    /* the based calendar: Friday from itself, the rest from c */
    const IrCalendar *b = &ir->calendars[1];
    bool fri_short = false;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->iv[i].lo == at(2026, 12, 11, 6, 0)) fri_short = b->iv[i].hi == at(2026, 12, 11, 12, 0);
    CU_ASSERT_TRUE(fri_short);
    /* everything inside the horizon */
    for (uint32_t i = 0; i < c->n; i++) {
        CU_ASSERT_TRUE(c->iv[i].lo >= ir->start && c->iv[i].hi <= ir->end);
        if (i) CU_ASSERT_TRUE(c->iv[i].lo > c->iv[i - 1].hi);
    }
    ir_free(ir);
    model_free(m);
}

static void calendar_queries(void)
{
    IrInterval iv[] = {{100, 200}, {300, 400}, {500, 520}};
    int64_t cum[] = {0, 100, 200, 220};
    IrCalendar c = {"c", iv, cum, 3, 100};
    CU_ASSERT_EQUAL(cal_next_work(&c, 50), 100);
    CU_ASSERT_EQUAL(cal_next_work(&c, 150), 150);
    CU_ASSERT_EQUAL(cal_next_work(&c, 200), 300);
    CU_ASSERT_EQUAL(cal_next_work(&c, 520), INT64_MAX);
    CU_ASSERT_EQUAL(cal_work_between(&c, 0, 1000), 220);
    CU_ASSERT_EQUAL(cal_work_between(&c, 150, 350), 100);
    int64_t s;
    /* split: pauses over breaks */
    CU_ASSERT_EQUAL(cal_finish(&c, 150, 100, true, &s), 350);
    CU_ASSERT_EQUAL(s, 150);
    CU_ASSERT_EQUAL(cal_finish(&c, 200, 10, true, &s), 310);
    CU_ASSERT_EQUAL(s, 300);
    CU_ASSERT_EQUAL(cal_finish(&c, 0, 220, true, &s), 520);
    CU_ASSERT_EQUAL(cal_finish(&c, 0, 221, true, &s), INT64_MAX);
    /* no split: the first stretch long enough */
    CU_ASSERT_EQUAL(cal_finish(&c, 150, 60, false, &s), 360);
    CU_ASSERT_EQUAL(s, 300);
    CU_ASSERT_EQUAL(cal_finish(&c, 150, 101, false, &s), INT64_MAX);
    /* zero work happens at once, anywhere */
    CU_ASSERT_EQUAL(cal_finish(&c, 250, 0, false, &s), 250);
    /* backwards */
    CU_ASSERT_EQUAL(cal_start_for(&c, 350, 100), 150);
    CU_ASSERT_EQUAL(cal_start_for(&c, 520, 20), 500);
    CU_ASSERT_EQUAL(cal_start_for(&c, 520, 21), 399);
    CU_ASSERT_EQUAL(cal_start_for(&c, 150, 51), INT64_MIN);
    /* no calendar: always working */
    CU_ASSERT_EQUAL(cal_finish(NULL, 7, 5, false, &s), 12);
    CU_ASSERT_EQUAL(cal_start_for(NULL, 12, 5), 7);
}

static double eval1(IrModel *ir, int32_t fn, const RuleEnv *env)
{
    double *regs = malloc((ir->funcs[fn].n + 1) * sizeof(double));
    double v = interp_eval(&ir->funcs[fn], env, regs);
    free(regs);
    return v;
}

static void rules_lower_and_fold(void)
{
    Model *m;
    IrModel *ir = lower(PLANT "machine saw { }\nproduct p { colour \"red\"  routing { cut on saw run 1 min each } }\n"
                              "order \"A\" { p 1 due 2026-12-10 }\n"
                              "rule k(x = 2 h) = x / 1 min + 3 * 4\n"
                              "rule w = if job.colour == \"red\" then order.due - now else 0 min\n"
                              "schedule { dispatch k + w / 1 min + k }\n",
                        &m);
    CU_ASSERT_EQUAL_FATAL(ir->dispatch_fn, 0);
    const IrFunc *f = &ir->funcs[0];
    /* k folds to the constant 132, and its two uses share it */
    unsigned consts132 = 0, attrs = 0;
    for (uint32_t i = 0; i < f->n; i++) {
        if (f->ins[i].op == IR_CONST && f->ins[i].k == 132) consts132++;
        if (f->ins[i].op == IR_ATTR) attrs++;
    }
    CU_ASSERT_EQUAL(consts132, 1);
    CU_ASSERT_EQUAL(attrs, 1);
    CU_ASSERT_TRUE(f->vars & (1ull << RV_NOW));
    CU_ASSERT_TRUE(f->attrs & (1u << ATAB_JOB));
    RuleEnv env;
    memset(&env, 0, sizeof env);
    env.var[RV_ORDER_DUE] = 1000;
    env.var[RV_NOW] = 400;
    env.attr[ATAB_JOB] = ir->products[0].attrs;
    CU_ASSERT_DOUBLE_EQUAL(eval1(ir, 0, &env), 132 + 600 + 132, 1e-9);
    StrBuf b = {0};
    ir_print(ir, &b);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "func \"dispatch\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "= attr job.colour"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "= var order.due"));
    sb_free(&b);
    ir_free(ir);
    model_free(m);
}

/* every operation against its definition, on edge values */
static void interpreter_semantics(void)
{
    static const double vals[] = {0, -0.0, 1, -1, 2.5, -7.25, 1e300, -1e300, INFINITY, -INFINITY, NAN, 1e-310};
    for (int op = IR_ADD; op < IR_RET; op++) {
        int n = ir_op_arity((IrOp)op);
        for (size_t i = 0; i < TK_COUNTOF(vals); i++)
            for (size_t j = 0; j < TK_COUNTOF(vals); j++) {
                IrIns ins[5];
                memset(ins, 0, sizeof ins);
                ins[0].op = IR_CONST;
                ins[0].k = vals[i];
                ins[1].op = IR_CONST;
                ins[1].k = vals[j];
                ins[2].op = IR_CONST;
                ins[2].k = vals[(i + j) % TK_COUNTOF(vals)];
                ins[3].op = (uint8_t)op;
                ins[3].a = 0;
                ins[3].b = n > 1 ? 1 : 0;
                ins[3].c = 2;
                ins[4].op = IR_RET;
                ins[4].a = 3;
                IrFunc f = {"t", ins, 5, 0, 0, {0, 0, 0}};
                double regs[5];
                RuleEnv env;
                memset(&env, 0, sizeof env);
                double got = interp_eval(&f, &env, regs);
                double want = vo_nan0(ir_apply((IrOp)op, vals[i], n > 1 ? vals[j] : 0, ins[2].k));
                CU_ASSERT_FALSE(isnan(got));
                CU_ASSERT_TRUE(memcmp(&got, &want, sizeof got) == 0 || (got == 0 && want == 0));
            }
    }
    /* the documented faults */
    CU_ASSERT_EQUAL(ir_apply(IR_DIV, 5, 0, 0), 0);
    CU_ASSERT_EQUAL(ir_apply(IR_LOG, -1, 0, 0), 0);
    CU_ASSERT_EQUAL(ir_apply(IR_SQRT, -4, 0, 0), 0);
    CU_ASSERT_EQUAL(ir_apply(IR_POW, -8, 0.5, 0), 0);
    CU_ASSERT_EQUAL(ir_apply(IR_RET, NAN, 0, 0), 0);
    CU_ASSERT_EQUAL(ir_apply(IR_ROUND, 2.5, 0, 0), 3);
    CU_ASSERT_EQUAL(ir_apply(IR_ROUND, -2.5, 0, 0), -3);
}

void suite_ir(void)
{
    CU_pSuite s = CU_add_suite("ir", NULL, NULL);
    ADD_TEST(s, calendars_compile);
    ADD_TEST(s, calendar_queries);
    ADD_TEST(s, rules_lower_and_fold);
    ADD_TEST(s, interpreter_semantics);
}
