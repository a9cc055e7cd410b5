/* test_plan.c: what the planner does — netting, lot sizing, forecasts,
 * multi-level BOMs, calendars, setups, alternatives, DAG routings, waits,
 * materials, kits, dispatch order — and that it is deterministic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "runtime/runtime.h"
#include "test.h"

static const WorkOrder *wo(const Plan *p, const char *name)
{
    for (uint32_t i = 0; i < p->wos.len; i++)
        if (strcmp(p->wos.data[i].name, name) == 0) return &p->wos.data[i];
    return NULL;
}

static const Op *op_of(const Plan *p, const char *woname, int step)
{
    const WorkOrder *w = wo(p, woname);
    return w ? &p->ops.data[w->first_op + (uint32_t)step] : NULL;
}

static int64_t at(int d, int h, int mi) { return (int64_t)date_from_ymd(2026, 12, d) * 1440 + h * 60 + mi; }

#define PLANT "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks  currency EUR }\n"

static void netting_and_lots(void)
{
    TestPlan r = test_plan(PLANT "machine saw { }\n"
                               "product a { stock 10  routing { cut on saw run 1 min each } }\n"
                               "product b { lot 20  routing { cut on saw run 1 min each } }\n"
                               "product c { min_order 30  multiple 8  routing { cut on saw run 1 min each } }\n"
                               "order A1 { a 25  due 2026-12-20 }\n"
                               "order B1 { b 45  due 2026-12-20 }\n"
                               "order C1 { c 5  due 2026-12-20 }\n"
                               "order C2 { c 20  due 2026-12-21 }\n");
    CU_ASSERT_TRUE(r.ok);
    CU_ASSERT_DOUBLE_EQUAL(wo(r.p, "A1")->qty, 15, 0);
    CU_ASSERT_DOUBLE_EQUAL(wo(r.p, "B1")->qty, 20, 0);
    CU_ASSERT_PTR_NOT_NULL(wo(r.p, "B1.2"));
    CU_ASSERT_PTR_NOT_NULL(wo(r.p, "B1.3"));
    CU_ASSERT_PTR_NULL(wo(r.p, "B1.4"));
    /* C1's work order makes 32 (30 rounded up to a multiple of 8); C2 takes
     * the surplus of 27 and needs no work order of its own */
    CU_ASSERT_DOUBLE_EQUAL(wo(r.p, "C1")->qty, 32, 0);
    CU_ASSERT_PTR_NULL(wo(r.p, "C2"));
    CU_ASSERT_EQUAL(r.p->order_wos[3].len, 1);
    test_plan_free(&r);
}

static void forecasts_are_consumed(void)
{
    TestPlan r = test_plan(PLANT "machine saw { }\nproduct a { routing { cut on saw run 1 min each } }\n"
                               "order A1 { a 10  due 2026-12-16 }\n"
                               "forecast a { 2026-12-14 .. 2026-12-20 30  2026-12-21 .. 2026-12-27 5 }\n");
    CU_ASSERT_TRUE(r.ok);
    const WorkOrder *f = wo(r.p, "FC-a-2026-12-14");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_DOUBLE_EQUAL(f->qty, 20, 0);
    CU_ASSERT_EQUAL(f->due, at(21, 0, 0));
    CU_ASSERT_EQUAL(f->release, at(14, 0, 0));
    CU_ASSERT_PTR_NOT_NULL(wo(r.p, "FC-a-2026-12-21"));
    test_plan_free(&r);
}

static void multi_level_bom(void)
{
    TestPlan r = test_plan(PLANT "machine saw { }\nmachine line { }\n"
                               "product frame { routing { cut on saw run 10 min each } }\n"
                               "product bike { bom { frame 2 }  routing { build on line run 30 min each } }\n"
                               "order A1 { bike 3  due 2026-12-20 }\n");
    CU_ASSERT_TRUE(r.ok);
    const WorkOrder *f = wo(r.p, "A1/frame");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_DOUBLE_EQUAL(f->qty, 6, 0);
    CU_ASSERT_EQUAL(f->parent, (int32_t)(wo(r.p, "A1") - r.p->wos.data));
    /* the bike is built after its frames are cut */
    CU_ASSERT_TRUE(op_of(r.p, "A1", 0)->start >= op_of(r.p, "A1/frame", 0)->end);
    CU_ASSERT_EQUAL(op_of(r.p, "A1/frame", 0)->end - op_of(r.p, "A1/frame", 0)->start, 60);
    CU_ASSERT_EQUAL(r.p->orders[0].done, op_of(r.p, "A1", 0)->end);
    test_plan_free(&r);
}

static void calendars_and_splitting(void)
{
    TestPlan r = test_plan(PLANT "calendar day { mon-fri 06:00-14:00 }\n"
                               "machine press { calendar day }\nmachine oven { calendar day  split false }\n"
                               "product a { routing { stamp on press run 10 h } }\n"
                               "product b { routing { bake on oven run 5 h } }\n"
                               "order A1 { a 1  due 2026-12-20 }\norder B1 { b 1  due 2026-12-20 }\norder B2 { b 1  due 2026-12-20 }\n");
    CU_ASSERT_TRUE(r.ok);
    /* 10 h on an 8 h shift: the rest the next morning */
    CU_ASSERT_EQUAL(op_of(r.p, "A1", 0)->start, at(7, 6, 0));
    CU_ASSERT_EQUAL(op_of(r.p, "A1", 0)->end, at(8, 8, 0));
    /* 5 h twice on an oven that may not pause: the second the next day */
    const Op *b1 = op_of(r.p, "B1", 0), *b2 = op_of(r.p, "B2", 0);
    CU_ASSERT_EQUAL(b1->start, at(7, 6, 0));
    CU_ASSERT_EQUAL(b2->start, at(8, 6, 0));
    CU_ASSERT_EQUAL(b2->end, at(8, 11, 0));
    test_plan_free(&r);
}

static void sequence_dependent_setups(void)
{
    TestPlan r = test_plan(PLANT "machine paint { setup by colour { same 5 min  change 40 min  first 20 min  \"red\" -> \"blue\" 15 min } }\n"
                               "product red { colour \"red\"  routing { spray on paint run 1 h } }\n"
                               "product blue { colour \"blue\"  routing { spray on paint run 1 h } }\n"
                               "order A { red 1  due 2026-12-08 }\norder B { red 1  due 2026-12-09 }\n"
                               "order C { blue 1  due 2026-12-10 }\norder D { red 1  due 2026-12-11 }\n"
                               "import std.rules\nschedule { dispatch std.edd }\n");
    CU_ASSERT_TRUE(r.ok);
    CU_ASSERT_DOUBLE_EQUAL(op_of(r.p, "A", 0)->setup, 20, 0); /* first */
    CU_ASSERT_DOUBLE_EQUAL(op_of(r.p, "B", 0)->setup, 5, 0);  /* same */
    CU_ASSERT_DOUBLE_EQUAL(op_of(r.p, "C", 0)->setup, 15, 0); /* the red -> blue pair */
    CU_ASSERT_DOUBLE_EQUAL(op_of(r.p, "D", 0)->setup, 40, 0); /* change */
    CU_ASSERT_EQUAL(op_of(r.p, "D", 0)->end - op_of(r.p, "D", 0)->start, 100);
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.setups, 4, 0);
    test_plan_free(&r);
}

static void alternatives_and_dag(void)
{
    TestPlan r = test_plan(PLANT "machine m1 { }\nmachine m2 { }\nmachine qc { }\n"
                               "product a { routing {\n"
                               "  x on m1 | m2 (run 2 h) run 1 h\n"
                               "  y on qc run 30 min after start\n"
                               "  z on qc run 10 min after x, y wait 1 h\n"
                               "  pack on qc run 5 min\n"
                               "} }\n"
                               "order A { a 1  due 2026-12-10 }\norder B { a 1  due 2026-12-10 }\n");
    CU_ASSERT_TRUE(r.ok);
    const Op *ax = op_of(r.p, "A", 0), *bx = op_of(r.p, "B", 0);
    /* both start at once, one on each alternative, with its own time */
    CU_ASSERT_EQUAL(ax->start, at(7, 6, 0));
    CU_ASSERT_EQUAL(bx->start, at(7, 6, 0));
    CU_ASSERT_NOT_EQUAL(ax->machine, bx->machine);
    const Op *slow = ax->machine == 1 ? ax : bx;
    CU_ASSERT_EQUAL(slow->end - slow->start, 120);
    /* y in parallel with x; z after both; pack after z's wait */
    const Op *ay = op_of(r.p, "A", 1), *az = op_of(r.p, "A", 2), *ap = op_of(r.p, "A", 3);
    CU_ASSERT_TRUE(ay->start < ax->end);
    CU_ASSERT_TRUE(az->start >= ax->end && az->start >= ay->end);
    CU_ASSERT_TRUE(ap->start >= az->end + 60);
    test_plan_free(&r);
}

static void materials_and_kits(void)
{
    TestPlan r = test_plan(PLANT "machine line { }\n"
                               "material wheel { stock 4  lead 3 d  min_order 10 }\n"
                               "material tube { unit m  lead 2 d  receipt 3 m on 2026-12-08 }\n"
                               "product frame { bom { tube 1.5 m }  routing { weld on line run 10 min each } }\n"
                               "product kit { bom { frame 1  wheel 2 } }\n"
                               "order K { kit 3  due 2026-12-20 }\n");
    CU_ASSERT_TRUE(r.ok);
    /* wheels: 6 needed, 4 in stock, a purchase of at least 10 arriving in 3 days */
    bool wheels = false, tubes = false;
    for (uint32_t i = 0; i < r.p->purchases.len; i++) {
        const Purchase *pu = &r.p->purchases.data[i];
        const char *mn = r.ir->materials[pu->material].name;
        if (!strcmp(mn, "wheel")) wheels = pu->qty == 10 && pu->arrive == at(10, 6, 0);
        if (!strcmp(mn, "tube")) tubes = pu->qty > 1.49 && pu->qty < 1.51 && pu->arrive == at(9, 6, 0);
    }
    CU_ASSERT_TRUE(wheels);
    CU_ASSERT_TRUE(tubes);
    /* the frame waits for its tubes: 3 m come on the 8th, the rest on the 9th */
    const WorkOrder *f = wo(r.p, "K/frame");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->material_ready, at(9, 6, 0));
    CU_ASSERT_TRUE(op_of(r.p, "K/frame", 0)->start >= at(9, 6, 0));
    /* the kit has no operations: it is done when its frame and wheels are */
    const WorkOrder *k = wo(r.p, "K");
    CU_ASSERT_EQUAL(k->nops, 0);
    CU_ASSERT_EQUAL(r.p->orders[0].done, f->end > at(10, 6, 0) ? f->end : at(10, 6, 0));
    test_plan_free(&r);
}

static void dispatch_rules_decide(void)
{
    const char *m = PLANT "import std.rules\nmachine saw { }\n"
                          "product a { routing { cut on saw run 2 h } }\nproduct b { routing { cut on saw run 1 h } }\n"
                          "order X { a 1  due 2026-12-09 }\norder Y { b 1  due 2026-12-08 }\n"
                          "schedule { dispatch %s }\n";
    char src[1024];
    snprintf(src, sizeof src, m, "std.edd");
    TestPlan r = test_plan(src);
    CU_ASSERT_TRUE(op_of(r.p, "Y", 0)->start < op_of(r.p, "X", 0)->start);
    test_plan_free(&r);
    snprintf(src, sizeof src, m, "std.lpt");
    r = test_plan(src);
    CU_ASSERT_TRUE(op_of(r.p, "X", 0)->start < op_of(r.p, "Y", 0)->start);
    test_plan_free(&r);
    /* without a rule: first come (release), then name */
    snprintf(src, sizeof src, m, "order.priority");
    r = test_plan(src);
    CU_ASSERT_TRUE(op_of(r.p, "X", 0)->start < op_of(r.p, "Y", 0)->start);
    test_plan_free(&r);
}

static void plans_are_deterministic(void)
{
    const char *src = PLANT "import std.rules\nmachine m1 { units 2 }\nmachine m2 { }\n"
                            "product a { colour \"x\"  routing { p on m1 | m2 run 17 min each\n q on m2 run 3 min each } }\n"
                            "product b { colour \"y\"  routing { p on m2 run 11 min each\n q on m1 run 7 min each } }\n"
                            "order O1 { a 5  due 2026-12-09 }\norder O2 { b 7  due 2026-12-09 }\n"
                            "order O3 { a 3  due 2026-12-08 }\norder O4 { b 2  due 2026-12-10 }\n"
                            "schedule { dispatch std.atc(k: 2) }\n";
    char *out[2];
    for (int k = 0; k < 2; k++) {
        TestPlan r = test_plan(src);
        StrBuf b = {0};
        plan_write(r.p, &b);
        plan_write_csv(r.p, &b);
        out[k] = strdup(sb_cstr(&b));
        sb_free(&b);
        test_plan_free(&r);
    }
    CU_ASSERT_STRING_EQUAL(out[0], out[1]);
    free(out[0]);
    free(out[1]);
}

static void unplannable_models_explain(void)
{
    TestPlan r = test_plan(PLANT "calendar day { mon-fri 06:00-14:00 }\nmachine press { calendar day }\n"
                               "product a { routing { stamp on press run 1 h each } }\n"
                               "order A1 { a 500  due 2026-12-20 }\n");
    CU_ASSERT_FALSE(r.ok);
    CU_ASSERT_EQUAL_FATAL(r.p->problems.len, 1);
    CU_ASSERT_EQUAL(r.p->problems.data[0].code, DIAG_CANNOT_PLAN);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.p->problems.data[0].msg, "needs 500:00 of work"));
    test_plan_free(&r);
}

/* plan_sort_by_unit: by machine, unit, start, then index, whether the keys
 * pack into one integer (radix sort) or not (a start of INT64_MAX). */
static void sort_by_unit_orders_operations(void)
{
    for (int round = 0; round < 2; round++) {
        Plan p;
        memset(&p, 0, sizeof p);
        uint32_t n = 5000;
        uint64_t r = 12345;
        for (uint32_t i = 0; i < n; i++) {
            Op op;
            memset(&op, 0, sizeof op);
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            op.machine = (int32_t)(r >> 33) % 37 - 1; /* -1: not planned */
            op.unit = (int32_t)((r >> 20) % 3);
            op.start = (int64_t)((r >> 40) % 500) * 60 - 3000;
            if (round == 1 && i % 97 == 0) op.start = INT64_MAX;
            vec_push(&p.ops, op);
        }
        uint32_t *ix = tk_xalloc(n * sizeof(uint32_t));
        for (uint32_t i = 0; i < n; i++) ix[i] = (i * 7919u) % n; /* a permutation */
        plan_sort_by_unit(&p, ix, n);
        bool *seen = tk_xalloc(n);
        memset(seen, 0, n);
        bool ordered = true, perm = true;
        for (uint32_t i = 0; i < n; i++) {
            perm &= ix[i] < n && !seen[ix[i]];
            if (ix[i] < n) seen[ix[i]] = true;
            if (i == 0) continue;
            const Op *a = &p.ops.data[ix[i - 1]], *b = &p.ops.data[ix[i]];
            bool le = a->machine != b->machine ? a->machine < b->machine
                      : a->unit != b->unit     ? a->unit < b->unit
                      : a->start != b->start   ? a->start < b->start
                                               : ix[i - 1] < ix[i];
            ordered &= le;
        }
        CU_ASSERT(perm);
        CU_ASSERT(ordered);
        tk_free(seen);
        tk_free(ix);
        vec_free(&p.ops);
    }
}

/* Material the actuals issue outside the operations leaves stock from then
 * on: the plan buys what is missing, and the report counts it to date. */
static void issued_material_leaves_stock(void)
{
    const char *base = "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks  currency EUR }\n"
                       "machine saw { units 1  cost 30 EUR/h }\n"
                       "material tube { unit m  cost 4 EUR/m  stock 100 m  lead 5 d  lot 50 m }\n"
                       "product frame { bom { tube 2 m }  routing { cut on saw run 10 min each } }\n"
                       "order \"SO-1\" { frame 40  due 2026-12-10 }\n";
    char *with = tk_fmt("%sactuals {\n  now 2026-12-07 08:00\n  issued tube 30 m on 2026-12-07 07:10 \"scrap\"\n}\n", base);
    TestPlan a = test_plan(base), b = test_plan(with);
    CU_ASSERT_FATAL(a.ok && b.ok);
    CU_ASSERT_EQUAL(a.p->purchases.len, 0);          /* 100 m on hand, 80 m needed */
    CU_ASSERT_EQUAL_FATAL(b.p->purchases.len, 1);    /* 70 m left: one lot of 50 m */
    CU_ASSERT_DOUBLE_EQUAL(b.p->purchases.data[0].qty, 50, 1e-9);
    CU_ASSERT(b.p->wos.data[0].material_ready > a.p->wos.data[0].material_ready);
    VarianceReport v;
    variance_compute(b.p, &v);
    CU_ASSERT_DOUBLE_EQUAL(v.issued, 120, 1e-9);     /* 30 m at 4 EUR/m */
    CU_ASSERT(v.to_date >= 120 - 1e-9);
    variance_free(&v);
    test_plan_free(&a);
    test_plan_free(&b);
    tk_free(with);
}

/* A cycle of a batch machine reported whole: kept as it ran (its members,
 * unit and times, marked reported), its real cost shared by pieces, the
 * rest planned in later cycles after it; a running one ends its machine's
 * cycle after its start, not before now; the variance's standard is the
 * machine's cycle shared as the plan shares it. */
static void reported_cycle_kept(void)
{
    const char *base = "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks  currency EUR }\n"
                       "machine oven { units 1  capacity 12  cycle 3 h  cost 60 EUR/h }\n"
                       "product frame { routing { cure on oven } }\n"
                       "order A { frame 4  due 2026-12-10 }\n"
                       "order B { frame 8  due 2026-12-10 }\n"
                       "order C { frame 6  due 2026-12-10 }\n"
                       "order D { frame 6  due 2026-12-10 }\n";
    char *src = tk_fmt("%sactuals {\n  now 2026-12-07 11:00\n"
                       "  batch oven \"K1\" { start 2026-12-07 06:00  end 2026-12-07 09:20  op A cure  op B cure 8 }\n"
                       "  batch oven { start 2026-12-07 09:30  op C cure }\n}\n", base);
    TestPlan t = test_plan(src);
    CU_ASSERT_FATAL(t.ok);
    const Plan *p = t.p;
    CU_ASSERT_EQUAL_FATAL(p->batches.len, 3);
    const PlanBatch *k1 = &p->batches.data[0], *k2 = &p->batches.data[1], *k3 = &p->batches.data[2];
    CU_ASSERT_EQUAL(k1->actual, ACT_DONE);
    CU_ASSERT_EQUAL(k1->cycle, 1);
    CU_ASSERT_EQUAL(k1->n, 2);
    CU_ASSERT_EQUAL(k1->end - k1->start, 200);
    CU_ASSERT_DOUBLE_EQUAL(k1->cost, 200, 1e-9); /* 200 min at 60 EUR/h */
    const Op *a = op_of(p, "A", 0), *b = op_of(p, "B", 0), *c = op_of(p, "C", 0), *d = op_of(p, "D", 0);
    CU_ASSERT_FATAL(a && b && c && d);
    CU_ASSERT_EQUAL(a->actual, ACT_DONE);
    CU_ASSERT_EQUAL(a->start, k1->start);
    CU_ASSERT_EQUAL(a->end, k1->end);
    CU_ASSERT_DOUBLE_EQUAL(a->cost, 200.0 * 4 / 12, 1e-9); /* its share by pieces */
    CU_ASSERT_DOUBLE_EQUAL(b->cost, 200.0 * 8 / 12, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(a->run + b->run, 200, 1e-9);
    /* the running cycle: three hours from its start, its member running */
    CU_ASSERT_EQUAL(k2->actual, ACT_RUNNING);
    CU_ASSERT_EQUAL(k2->cycle, 2);
    CU_ASSERT_EQUAL(k2->end - k2->start, 180);
    CU_ASSERT_EQUAL(c->actual, ACT_RUNNING);
    CU_ASSERT_EQUAL(c->end, k2->end);
    /* D waits for the unit: a planned cycle after the running one */
    CU_ASSERT_EQUAL(k3->actual, 0);
    CU_ASSERT_EQUAL(k3->cycle, 0);
    CU_ASSERT(k3->start >= k2->end);
    CU_ASSERT_EQUAL(d->actual, 0);
    CU_ASSERT_EQUAL(d->start, k3->start);
    VarianceReport v;
    variance_compute(p, &v);
    /* A's standard: 4 of 12 pieces of a 180-minute cycle; actual 4 of 200 */
    const WorkOrder *wa = wo(p, "A");
    const Variance *va = &v.by_wo[wa - p->wos.data];
    CU_ASSERT_DOUBLE_EQUAL(va->std_run, 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(va->act_run, 200.0 / 3, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(va->std_machine, 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(va->act_machine, 200.0 / 3, 1e-9);
    /* to date: K1 whole, and 90 of K2's 180 minutes (C's whole cycle, 180 EUR) */
    CU_ASSERT_DOUBLE_EQUAL(v.to_date, 200 + 90, 1e-9);
    variance_free(&v);
    test_plan_free(&t);
    tk_free(src);
}

/* The operation of work order `w` at step `step`, sublot `sub` (from 0). */
static const Op *sub_op(const Plan *p, const char *w, int step, int sub)
{
    const WorkOrder *x = wo(p, w);
    if (!x) return NULL;
    for (uint32_t i = x->first_op; i < x->first_op + x->nops; i++)
        if (p->ops.data[i].step == step && p->ops.data[i].sub == sub) return &p->ops.data[i];
    return NULL;
}

/* Sublots share the pieces out in whole pieces, the first taking one more
 * where they do not divide, and are never more than the pieces. */
static void sublot_shares(void)
{
    IrStep st;
    memset(&st, 0, sizeof st);
    st.sublots = 3;
    CU_ASSERT_EQUAL(plan_sublot_count(&st, 100), 3);
    CU_ASSERT_DOUBLE_EQUAL(plan_sublot_qty(100, 0, 3), 34, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(plan_sublot_qty(100, 1, 3), 33, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(plan_sublot_qty(100, 2, 3), 33, 1e-9);
    CU_ASSERT_EQUAL(plan_sublot_count(&st, 2), 2);  /* two pieces: two sublots */
    CU_ASSERT_EQUAL(plan_sublot_count(&st, 0.5), 1);
    st.sublots = 0;
    st.sublot = 40;
    CU_ASSERT_EQUAL(plan_sublot_count(&st, 150), 4); /* at most 40 each */
    CU_ASSERT_EQUAL(plan_sublot_count(&st, 40), 1);
    double sum = 0;
    for (uint32_t k = 0; k < 4; k++) {
        CU_ASSERT(plan_sublot_qty(150, k, 4) <= 40);
        sum += plan_sublot_qty(150, k, 4);
    }
    CU_ASSERT_DOUBLE_EQUAL(sum, 150, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(plan_sublot_qty(2.5, 1, 2), 1.25, 1e-9); /* a fractional quantity: equal shares */
    st.sublot = 0;
    CU_ASSERT_EQUAL(plan_sublot_count(&st, 150), 1);
}

/* Sublots flow through as transfer batches: the second step's first
 * sublot starts when the first step's first sublot is done, before the
 * first step's second sublot; a split step spreads over the units. */
static void sublots_flow(void)
{
    TestPlan r = test_plan(PLANT "machine saw { units 1 }\nmachine fitter { units 3 }\n"
                                 "product p { routing { cut on saw run 1 min each  sublots 2\n"
                                 "  fit on fitter run 10 min each  sublots 3 } }\n"
                                 "order A { p 60  due 2026-12-20 }\n");
    CU_ASSERT_FATAL(r.ok);
    const Op *c1 = sub_op(r.p, "A", 0, 0), *c2 = sub_op(r.p, "A", 0, 1);
    const Op *f1 = sub_op(r.p, "A", 1, 0), *f2 = sub_op(r.p, "A", 1, 1), *f3 = sub_op(r.p, "A", 1, 2);
    CU_ASSERT_FATAL(c1 && c2 && f1 && f2 && f3);
    CU_ASSERT_DOUBLE_EQUAL(c1->qty, 30, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(f1->qty, 20, 1e-9);
    CU_ASSERT_EQUAL(c1->end, at(7, 6, 30));
    CU_ASSERT_EQUAL(f1->start, c1->end);   /* pieces 1-20 are cut by then */
    CU_ASSERT(f1->start < c2->end);
    CU_ASSERT(f2->start >= c2->end);       /* pieces 21-40 need both cut sublots */
    CU_ASSERT(f1->unit != f2->unit && f2->unit != f3->unit && f1->unit != f3->unit);
    test_plan_free(&r);
}

/* Work sent out takes its lead in elapsed time, sent and back when the
 * subcontractor's calendar takes goods, and costs its price per piece;
 * where a step may stay in house, it goes out only when it is back no
 * later than the in-house machine would finish it. */
static void subcontracting(void)
{
    TestPlan r = test_plan(PLANT "machine saw { units 1 }\n"
                                 "calendar days { mon-fri 07:00-15:00 }\n"
                                 "subcontractor coater { lead 3 d  cost 2 EUR each  calendar days }\n"
                                 "subcontractor plater { lead 36 h  cost 50 EUR }\n"
                                 "product p { routing { cut on saw run 2 h  coat on coater  plate on plater } }\n"
                                 "order A { p 10  due 2026-12-30 }\n");
    CU_ASSERT_FATAL(r.ok);
    const Op *cut = sub_op(r.p, "A", 0, 0), *coat = sub_op(r.p, "A", 1, 0), *plate = sub_op(r.p, "A", 2, 0);
    CU_ASSERT_FATAL(cut && coat && plate);
    CU_ASSERT_EQUAL(cut->end, at(7, 8, 0));
    CU_ASSERT_EQUAL(coat->start, at(7, 8, 0));         /* the calendar is open: sent at once */
    CU_ASSERT_EQUAL(coat->end, at(10, 8, 0));          /* three days later, Thursday */
    CU_ASSERT_DOUBLE_EQUAL(coat->cost, 20, 1e-9);      /* 10 pieces at 2 EUR */
    CU_ASSERT_EQUAL(plate->start, coat->end);          /* no calendar: any time */
    CU_ASSERT_EQUAL(plate->end, coat->end + 36 * 60);
    CU_ASSERT_DOUBLE_EQUAL(plate->cost, 50, 1e-9);     /* per operation */
    test_plan_free(&r);

    /* ready on Friday 14:00: sent then, back on Monday 14:00 over the weekend */
    r = test_plan(PLANT "machine saw { units 1  calendar days }\n"
                        "calendar days { mon-fri 07:00-15:00 }\n"
                        "subcontractor coater { lead 3 d  cost 2 EUR each  calendar days }\n"
                        "product p { routing { coat on coater } }\n"
                        "order A { p 10  due 2026-12-30  release 2026-12-11 14:00 }\n");
    CU_ASSERT_FATAL(r.ok);
    coat = sub_op(r.p, "A", 0, 0);
    CU_ASSERT_EQUAL(coat->start, at(11, 14, 0));
    CU_ASSERT_EQUAL(coat->end, at(14, 14, 0));
    /* and ready at Friday 16:00, after the dock closed: sent Monday 07:00 */
    test_plan_free(&r);
    r = test_plan(PLANT "calendar days { mon-fri 07:00-15:00 }\n"
                        "subcontractor coater { lead 3 d  cost 2 EUR each  calendar days }\n"
                        "product p { routing { coat on coater } }\n"
                        "order A { p 10  due 2026-12-30  release 2026-12-11 16:00 }\n");
    CU_ASSERT_FATAL(r.ok);
    coat = sub_op(r.p, "A", 0, 0);
    CU_ASSERT_EQUAL(coat->start, at(14, 7, 0));
    CU_ASSERT_EQUAL(coat->end, at(17, 7, 0));
    test_plan_free(&r);

    /* in house when the paint line finishes first, outside when it does not */
    r = test_plan(PLANT "machine paint { units 1 }\n"
                        "subcontractor coater { lead 2 d  cost 1 EUR each }\n"
                        "product p { routing { coat on paint | coater  run 6 min each } }\n"
                        "order A { p 100  due 2026-12-30 }\norder B { p 500  due 2026-12-30 }\n"
                        "order C { p 10  due 2026-12-30 }\n");
    CU_ASSERT_FATAL(r.ok);
    const Op *a = sub_op(r.p, "A", 0, 0), *b = sub_op(r.p, "B", 0, 0), *c = sub_op(r.p, "C", 0, 0);
    CU_ASSERT_FATAL(a && b && c);
    int32_t paint = a->machine;
    CU_ASSERT_STRING_EQUAL(r.ir->machines[paint].name, "paint"); /* 10 h in house, not 2 days */
    CU_ASSERT(b->machine != paint);                              /* 50 h after A: sent out */
    CU_ASSERT(r.ir->machines[b->machine].subcontract);
    CU_ASSERT(c->end <= b->end);
    test_plan_free(&r);
}

/* max_lot cuts a need into work orders and purchases of at most it. */
static void max_lot_cuts(void)
{
    TestPlan r = test_plan(PLANT "machine saw { }\n"
                                 "material tube { unit m  cost 1 EUR/m  lead 1 d  multiple 30 m  max_lot 100 m }\n"
                                 "product p { max_lot 40  bom { tube 1 m }  routing { cut on saw run 1 min each } }\n"
                                 "order A { p 100  due 2026-12-30 }\n");
    CU_ASSERT_FATAL(r.ok);
    const WorkOrder *a1 = wo(r.p, "A"), *a2 = wo(r.p, "A.2"), *a3 = wo(r.p, "A.3");
    CU_ASSERT_FATAL(a1 && a2 && a3);
    CU_ASSERT_DOUBLE_EQUAL(a1->qty + a2->qty + a3->qty, 100, 1e-9);
    CU_ASSERT(a1->qty <= 40 && a2->qty <= 40 && a3->qty <= 40);
    double bought = 0;
    for (uint32_t i = 0; i < r.p->purchases.len; i++) {
        const Purchase *pu = &r.p->purchases.data[i];
        CU_ASSERT(pu->qty <= 90 + 1e-9); /* max_lot rounded down to the multiple */
        CU_ASSERT_DOUBLE_EQUAL(fmod(pu->qty, 30), 0, 1e-9);
        bought += pu->qty;
    }
    CU_ASSERT(bought >= 100 - 1e-9);
    test_plan_free(&r);
}

/* The units an operation holds, as "pool:unit,..." (units from 1). */
static void holds_of(const Plan *p, const Op *op, char *buf, size_t n)
{
    buf[0] = 0;
    uint32_t oi = (uint32_t)(op - p->ops.data);
    if (!p->holds) return;
    for (uint32_t k = p->hold_off[oi]; k < p->hold_off[oi + 1] && p->holds[k].pool >= 0; k++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s:%u", len ? "," : "", p->ir->pools[p->holds[k].pool].name, p->holds[k].unit + 1);
    }
}

/* A resource is held by one operation at a time: two machines, one fitter;
 * the second waits for the first to release it (non-delay: the machine is
 * free, the resource is not). Its cost counts in the operation's. */
static void resources_are_not_overbooked(void)
{
    TestPlan r = test_plan(PLANT "resource fitter { units 1  cost 60 EUR/h }\n"
                               "machine a { }\nmachine b { }\n"
                               "product x { routing { fit on a run 1 h  with fitter } }\n"
                               "product y { routing { fit on b run 2 h  with fitter } }\n"
                               "order X1 { x 1  due 2026-12-20 }\norder Y1 { y 1  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    const Op *x = op_of(r.p, "X1", 0), *y = op_of(r.p, "Y1", 0);
    char hx[64], hy[64];
    holds_of(r.p, x, hx, sizeof hx);
    holds_of(r.p, y, hy, sizeof hy);
    CU_ASSERT_STRING_EQUAL(hx, "fitter:1");
    CU_ASSERT_STRING_EQUAL(hy, "fitter:1");
    CU_ASSERT_TRUE(x->end <= y->start || y->end <= x->start);
    /* the second starts when the first releases the fitter */
    CU_ASSERT_TRUE(x->start < y->start ? y->start == x->end : x->start == y->end);
    CU_ASSERT_DOUBLE_EQUAL(x->cost, 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.resource_cost, 180, 1e-9);
    test_plan_free(&r);
}

/* The work goes on only when the machine and the resource both work: a
 * machine around the clock, operators 08:00-12:00; 6 h of work ends the
 * next day at 10:00. A setup-only need holds its unit for the setup alone. */
static void resource_calendars_and_setups(void)
{
    TestPlan r = test_plan(PLANT "calendar mornings { mon-fri 08:00-12:00 }\n"
                               "resource crew { units 1  calendar mornings }\nresource setter { units 1 }\n"
                               "machine m { }\nmachine n { units 2 }\n"
                               "product x { routing { run6 on m run 6 h  with crew } }\n"
                               "product y { routing { press on n setup 30 min run 3 h  with setter for setup } }\n"
                               "order X1 { x 1  due 2026-12-20 }\n"
                               "order Y1 { y 1  due 2026-12-20 }\norder Y2 { y 1  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    const Op *x = op_of(r.p, "X1", 0);
    CU_ASSERT_EQUAL(x->start, at(7, 8, 0));
    CU_ASSERT_EQUAL(x->end, at(8, 10, 0));
    /* the two presses: the second's setup waits for the setter, not for the first's run */
    const Op *y1 = op_of(r.p, "Y1", 0), *y2 = op_of(r.p, "Y2", 0);
    CU_ASSERT_EQUAL(y1->start, at(7, 6, 0));
    CU_ASSERT_EQUAL(y2->start, at(7, 6, 30));
    char h[64];
    holds_of(r.p, y2, h, sizeof h);
    CU_ASSERT_STRING_EQUAL(h, "setter:1");
    uint32_t oi = (uint32_t)(y2 - r.p->ops.data);
    CU_ASSERT_EQUAL(r.p->holds[r.p->hold_off[oi]].until, at(7, 7, 0));
    test_plan_free(&r);
}

/* Of a need's alternative resources, the one that lets the operation start
 * soonest; ties to the order written. Efficiency scales the run, not the
 * setup. */
static void resource_alternatives_and_efficiency(void)
{
    TestPlan r = test_plan(PLANT "resource skilled { units 1 }\nresource trainee { units 2 }\n"
                               "machine m { units 3 }\nmachine old { efficiency 50% }\n"
                               "product x { routing { fit on m run 1 h  with skilled | 2 trainee } }\n"
                               "product z { routing { turn on old setup 10 min run 30 min } }\n"
                               "order X1 { x 1  due 2026-12-20 }\norder X2 { x 1  due 2026-12-20 }\n"
                               "order X3 { x 1  due 2026-12-20 }\norder Z1 { z 1  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    char h1[64], h2[64], h3[64];
    holds_of(r.p, op_of(r.p, "X1", 0), h1, sizeof h1);
    holds_of(r.p, op_of(r.p, "X2", 0), h2, sizeof h2);
    holds_of(r.p, op_of(r.p, "X3", 0), h3, sizeof h3);
    /* the skilled fitter first (written first), then the two trainees; the third waits an hour */
    CU_ASSERT_STRING_EQUAL(h1, "skilled:1");
    CU_ASSERT_STRING_EQUAL(h2, "trainee:1,trainee:2");
    CU_ASSERT_EQUAL(op_of(r.p, "X3", 0)->start, at(7, 7, 0));
    CU_ASSERT_STRING_EQUAL(h3, "skilled:1");
    const Op *z = op_of(r.p, "Z1", 0);
    CU_ASSERT_DOUBLE_EQUAL(z->setup, 10, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(z->run, 60, 1e-9);
    test_plan_free(&r);
}

/* ---- batch machines ---------------------------------------------------------- */
static double part_sum(const Plan *p, uint32_t oi)
{
    double s = 0;
    for (uint32_t k = 0; k < p->batch_parts.len; k++)
        if (p->batch_parts.data[k].op == oi) s += p->batch_parts.data[k].qty;
    return s;
}

/* Cycles fill to the capacity (each piece taking its product's racks), a
 * work order larger than the room left goes on in the next cycle, only
 * products of one profile share a cycle, cycles of a unit do not overlap,
 * and each cycle's cost is shared: the oven's operations cost what its
 * cycles do. */
static void batch_cycles_fill_split_and_share(void)
{
    TestPlan r = test_plan(PLANT "machine saw { units 1  cost 40 EUR/h }\n"
                                 "machine oven { units 1  capacity 12 by racks  cycle 3 h  batch by profile  cost 60 EUR/h }\n"
                                 "product frame { racks 0.5  profile \"T180\"  routing { cut on saw run 6 min each\n cure on oven } }\n"
                                 "product fork { racks 0.25  profile \"T180\"  routing { cut on saw run 3 min each\n cure on oven } }\n"
                                 "product bar { racks 1  profile \"T200\"  routing { cut on saw run 2 min each\n cure on oven } }\n"
                                 "order A1 { frame 30  due 2026-12-10 }\norder A2 { fork 20  due 2026-12-09 }\n"
                                 "order A3 { bar 8  due 2026-12-10 }\norder A4 { frame 6  due 2026-12-08 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    const Plan *p = r.p;
    const IrModel *ir = p->ir;
    CU_ASSERT_TRUE(p->batches.len >= 3);
    double cost = 0;
    for (uint32_t b = 0; b < p->batches.len; b++) {
        const PlanBatch *pb = &p->batches.data[b];
        CU_ASSERT_EQUAL(pb->end - pb->start, 180);
        cost += pb->cost;
        double load = 0, profile = -1;
        for (uint32_t k = 0; k < pb->n; k++) {
            const BatchPart *bp = &p->batch_parts.data[pb->first + k];
            const IrProduct *pr = &ir->products[p->wos.data[p->ops.data[bp->op].wo].product];
            const IrMachine *mc = &ir->machines[pb->machine];
            load += bp->qty * pr->attrs[mc->batch_load];
            if (profile < 0) profile = pr->attrs[mc->batch_by];
            CU_ASSERT_EQUAL(pr->attrs[mc->batch_by], profile);
            CU_ASSERT_TRUE(p->ops.data[bp->op].start <= pb->start && p->ops.data[bp->op].end >= pb->end);
        }
        CU_ASSERT_TRUE(load <= 12 + 1e-9);
        if (b > 0 && p->batches.data[b - 1].unit == pb->unit) CU_ASSERT_TRUE(p->batches.data[b - 1].end <= pb->start);
    }
    /* every piece in a cycle; A1's 30 frames (15 racks) need two */
    double oven_cost = 0;
    const char *names[] = {"A1", "A2", "A3", "A4"};
    for (int i = 0; i < 4; i++) {
        const WorkOrder *w = wo(p, names[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(w);
        CU_ASSERT_DOUBLE_EQUAL(part_sum(p, w->first_op + 1), w->qty, 1e-9);
        oven_cost += p->ops.data[w->first_op + 1].cost;
    }
    const Op *a1 = op_of(p, "A1", 1);
    uint32_t cycles = 0;
    for (uint32_t k = 0; k < p->batch_parts.len; k++) cycles += p->batch_parts.data[k].op == wo(p, "A1")->first_op + 1;
    CU_ASSERT_EQUAL(cycles, 2);
    CU_ASSERT_TRUE(a1->end - a1->start >= 360);
    CU_ASSERT_DOUBLE_EQUAL(oven_cost, cost, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(cost, 180.0 * p->batches.len, 1e-6);
    test_plan_free(&r);
}

/* `fill`: a cycle that is not full waits for work that comes within it */
static void batch_fill_waits_for_work(void)
{
    const char *model[2] = {"", "  fill 1 h"};
    for (int f = 0; f < 2; f++) {
        char src[1024];
        snprintf(src, sizeof src,
                 PLANT "machine oven { units 1  capacity 40  cycle 2 h %s }\n"
                       "product gear { routing { harden on oven } }\n"
                       "order A1 { gear 10  due 2026-12-20 }\n"
                       "order A2 { gear 10  due 2026-12-20  release 2026-12-07 06:30 }\n",
                 model[f]);
        TestPlan r = test_plan(src);
        CU_ASSERT_TRUE_FATAL(r.ok);
        if (f == 0) {
            CU_ASSERT_EQUAL(r.p->batches.len, 2);
            CU_ASSERT_EQUAL(r.p->batches.data[0].start, at(7, 6, 0));
        } else {
            CU_ASSERT_EQUAL_FATAL(r.p->batches.len, 1);
            /* not full: it waits the whole hour from when A1 was ready, and takes A2 too */
            CU_ASSERT_EQUAL(r.p->batches.data[0].start, at(7, 7, 0));
            CU_ASSERT_EQUAL(r.p->batches.data[0].n, 2);
        }
        test_plan_free(&r);
    }
}

/* ---- time windows (kind_window.c) ---- */
/* Every window of the plan held: each operation with one starts at most
 * its window after each predecessor ends (and no sooner than its wait). */
static unsigned windows_broken(const Plan *p)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        int64_t w = plan_op_window(p, i);
        if (w < 0) continue;
        for (uint32_t e = p->pred_at[i]; e < p->pred_at[i + 1]; e++)
            if (p->ops.data[i].start > p->ops.data[p->pred[e]].end + w) n++;
    }
    return n;
}

/* The grinder works a day shift, the furnace around the clock: hardening
 * waits for the grinder (the predecessor is delayed, not only the
 * successor), over the night too, and every window holds. */
static void windows_delay_the_predecessor(void)
{
    TestPlan r = test_plan(PLANT "calendar day { mon-fri 06:00-14:00 }\n"
                               "machine furnace { }\nmachine grinder { calendar day }\n"
                               "product shaft { routing { harden on furnace run 30 min\n"
                               "  grind on grinder run 3 h  within 1 h } }\n"
                               "order A1 { shaft 1  due 2026-12-20 }\norder A2 { shaft 1  due 2026-12-20 }\n"
                               "order A3 { shaft 1  due 2026-12-20 }\norder A4 { shaft 1  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    CU_ASSERT_EQUAL(windows_broken(r.p), 0);
    CU_ASSERT_EQUAL(r.p->window_misses.len, 0);
    /* A2 could harden at 06:30 but the grinder is busy till 09:30: 08:00 */
    CU_ASSERT_EQUAL(op_of(r.p, "A2", 0)->start, at(7, 8, 0));
    CU_ASSERT_EQUAL(op_of(r.p, "A2", 1)->start, at(7, 9, 30));
    /* A4: the grinder is free at 07:30 the next morning; hardened at 06:00
     * then, not in the evening (the window counts the night) */
    CU_ASSERT_EQUAL(op_of(r.p, "A4", 0)->start, at(8, 6, 0));
    CU_ASSERT_EQUAL(op_of(r.p, "A4", 1)->start, at(8, 7, 30));
    test_plan_free(&r);
}

/* No wait at all, in a chain of windows: cut, form at once, quench within
 * 10 min; the press is busy, so the cut moves until both fit. */
static void windows_in_a_chain(void)
{
    TestPlan r = test_plan(PLANT "machine saw { }\nmachine press { }\nmachine tank { }\n"
                               "product bracket { routing { cut on saw run 20 min\n"
                               "  form on press run 30 min  within 0 min\n"
                               "  quench on tank run 15 min  within 10 min } }\n"
                               "product plate { routing { stamp on press run 3 h } }\n"
                               "order P1 { plate 1  due 2026-12-20 }\n"
                               "order B1 { bracket 1  due 2026-12-20  release 2026-12-07 06:30 }\n"
                               "order B2 { bracket 1  due 2026-12-20  release 2026-12-07 06:30 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    CU_ASSERT_EQUAL(windows_broken(r.p), 0);
    const Op *cut = op_of(r.p, "B1", 0), *form = op_of(r.p, "B1", 1), *quench = op_of(r.p, "B1", 2);
    CU_ASSERT_EQUAL(form->start, cut->end);
    CU_ASSERT_TRUE(quench->start <= form->end + 10);
    CU_ASSERT_EQUAL(form->start, at(7, 9, 0)); /* after the plate */
    CU_ASSERT_EQUAL(cut->start, at(7, 8, 40));
    test_plan_free(&r);
}

/* A window no plan holds is listed with its operations and why; the
 * window before a `wait` and a window of 0 after it hold together. */
static void windows_not_held_are_said(void)
{
    TestPlan r = test_plan(PLANT "machine lathe { }\nmachine washer { }\n"
                               "product bush { routing { saw on lathe run 1 h\n turn on lathe run 5 h after start\n"
                               "  wash on washer run 10 min after saw, turn within 30 min } }\n"
                               "order B1 { bush 1  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    CU_ASSERT_EQUAL_FATAL(r.p->window_misses.len, 1);
    const WindowMiss *wm = &r.p->window_misses.data[0];
    CU_ASSERT_EQUAL(wm->op, (uint32_t)(wo(r.p, "B1")->first_op + 2));
    CU_ASSERT_EQUAL(wm->overrun, 270);
    CU_ASSERT_EQUAL(r.p->overrun[wm->op], 270);
    CU_ASSERT_PTR_NOT_NULL(strstr(wm->why, "'turn'"));
    CU_ASSERT_EQUAL(r.p->warnings.len, 1);
    CU_ASSERT_EQUAL(r.p->warnings.data[0].code, DIAG_WINDOW_NOT_HELD);
    test_plan_free(&r);
    r = test_plan(PLANT "machine a { }\nmachine b { }\n"
                        "product x { routing { one on a run 1 h  wait 20 min\n two on b run 1 h  within 20 min } }\n"
                        "order X1 { x 1  due 2026-12-20 }\norder X2 { x 1  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    CU_ASSERT_EQUAL(windows_broken(r.p), 0);
    CU_ASSERT_EQUAL(op_of(r.p, "X1", 1)->start, op_of(r.p, "X1", 0)->end + 20);
    CU_ASSERT_EQUAL(op_of(r.p, "X2", 1)->start, op_of(r.p, "X2", 0)->end + 20);
    test_plan_free(&r);
}

/* ---- transfer lots (kind_overlap.c) ---- */
/* Turning starts once 10 blanks are sawn, its setup while the saw cuts them;
 * washing, faster than turning, starts late enough that its last lot waits
 * for the last turned piece only: 06:00 + 30 + 30 k for lot k of turning,
 * the wash's lot k 5 (k - 1) min after its start. */
static void transfer_lots_dispatch(void)
{
    TestPlan r = test_plan(PLANT "machine saw { }\nmachine lathe { }\nmachine wash { }\n"
                               "product shaft { routing { cut on saw run 2 min each\n"
                               "  turn on lathe setup 30 min run 6 min each  transfer 10\n"
                               "  clean on wash run 1 min each  transfer 5 } }\n"
                               "order A1 { shaft 50  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    const Op *cut = op_of(r.p, "A1", 0), *turn = op_of(r.p, "A1", 1), *clean = op_of(r.p, "A1", 2);
    CU_ASSERT_EQUAL(cut->start, at(7, 6, 0));
    CU_ASSERT_EQUAL(turn->start, at(7, 6, 0)); /* its setup while the first 10 are sawn (20 min) */
    CU_ASSERT_EQUAL(turn->end, at(7, 11, 30));
    CU_ASSERT_EQUAL(clean->start, at(7, 10, 45)); /* 06:00 + 35 + 25 x 10 */
    CU_ASSERT_EQUAL(clean->end, at(7, 11, 35)); /* the last turned piece and 5 min */
    CU_ASSERT_DOUBLE_EQUAL(plan_op_transfer(r.p, turn - r.p->ops.data), 10, 0);
    CU_ASSERT_DOUBLE_EQUAL(plan_op_transfer(r.p, cut - r.p->ops.data), 0, 0);
    test_plan_free(&r);
    /* a slow successor: its first lot binds, it starts when 10 are cut (20
     * min), and a wait after the saw follows every lot */
    r = test_plan(PLANT "machine saw { }\nmachine lathe { }\n"
                        "product shaft { routing { cut on saw run 2 min each  wait 15 min\n"
                        "  turn on lathe run 6 min each  transfer 10 } }\n"
                        "order A1 { shaft 50  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(r.ok);
    CU_ASSERT_EQUAL(op_of(r.p, "A1", 1)->start, at(7, 6, 35));
    test_plan_free(&r);
    /* the lathe stops for the night: the wash of lot k waits for it, and
     * the search keeps every lot too */
    static const char night[] = PLANT "calendar day { mon-fri 06:00-14:00 }\n"
                                      "machine lathe { calendar day  split true }\nmachine wash { }\n"
                                      "product shaft { routing { turn on lathe run 6 min each\n"
                                      "  clean on wash run 1 min each  transfer 10 } }\n"
                                      "order A1 { shaft 100  due 2026-12-20 }\norder A2 { shaft 40  due 2026-12-20 }\n"
                                      "schedule { iterations 200  seed 3 }\n";
    r = test_plan(night);
    CU_ASSERT_TRUE_FATAL(r.ok);
    for (const char *w = "A1"; w; w = strcmp(w, "A1") ? NULL : "A2") {
        const Op *t = op_of(r.p, w, 0), *c = op_of(r.p, w, 1);
        CU_ASSERT_TRUE(c->start >= t->start);
        CU_ASSERT_TRUE(c->end >= t->end + 10); /* the last lot after the last piece */
        CU_ASSERT_TRUE(c->start < t->end);     /* and it overlaps */
    }
    test_plan_free(&r);
}

void suite_plan(void)
{
    CU_pSuite s = CU_add_suite("plan", NULL, NULL);
    ADD_TEST(s, transfer_lots_dispatch);
    ADD_TEST(s, windows_delay_the_predecessor);
    ADD_TEST(s, windows_in_a_chain);
    ADD_TEST(s, windows_not_held_are_said);
    ADD_TEST(s, netting_and_lots);
    ADD_TEST(s, batch_cycles_fill_split_and_share);
    ADD_TEST(s, batch_fill_waits_for_work);
    ADD_TEST(s, forecasts_are_consumed);
    ADD_TEST(s, multi_level_bom);
    ADD_TEST(s, calendars_and_splitting);
    ADD_TEST(s, sequence_dependent_setups);
    ADD_TEST(s, alternatives_and_dag);
    ADD_TEST(s, materials_and_kits);
    ADD_TEST(s, dispatch_rules_decide);
    ADD_TEST(s, plans_are_deterministic);
    ADD_TEST(s, unplannable_models_explain);
    ADD_TEST(s, sort_by_unit_orders_operations);
    ADD_TEST(s, issued_material_leaves_stock);
    ADD_TEST(s, reported_cycle_kept);
    ADD_TEST(s, sublot_shares);
    ADD_TEST(s, sublots_flow);
    ADD_TEST(s, subcontracting);
    ADD_TEST(s, max_lot_cuts);
    ADD_TEST(s, resources_are_not_overbooked);
    ADD_TEST(s, resource_calendars_and_setups);
    ADD_TEST(s, resource_alternatives_and_efficiency);
}
