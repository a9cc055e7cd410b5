/* test_flow.c: how work flows through the plant — lexicographic objectives
 * (compared level by level in the search, dispatch rules with tie-breaking
 * levels), scrap. Each test would fail without the rule it names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "runtime/runtime.h"
#include "runtime/scrap.h"
#include "runtime/search.h"
#include "runtime/verify_scrap.h"
#include "test.h"

/* ---- lexicographic objectives ------------------------------------------------------------ */
static void levels_compare(void)
{
    static const struct {
        double a[3], b[3];
        uint32_t n;
        int want;
    } cases[] = {
        {{1, 9, 9}, {2, 0, 0}, 3, -1},   /* the first level decides whatever follows */
        {{2, 0, 0}, {1, 9, 9}, 3, 1},
        {{1, 5, 9}, {1, 6, 0}, 3, -1},   /* a tie at the first: the second decides */
        {{1, 6, 0}, {1, 5, 9}, 3, 1},
        {{1, 5, 1}, {1, 5, 2}, 3, -1},   /* ... and the third */
        {{1, 5, 2}, {1, 5, 2}, 3, 0},
        {{1, 5, 2}, {1, 5, 3}, 2, 0},    /* only the levels there are */
        {{0, 1e-12, 0}, {0, 0, 0}, 2, 1} /* exactly: no tolerance */
    };
    for (size_t i = 0; i < TK_COUNTOF(cases); i++) {
        int c = plan_levels_cmp(cases[i].a, cases[i].b, cases[i].n);
        CU_ASSERT_EQUAL((c > 0) - (c < 0), cases[i].want);
    }
}

/* A job shop of three cells whose orders are never late: tardiness ties for
 * every plan, and only the makespan, the second level, tells plans apart. */
static const char three_cells[] =
    "plant \"Three Cells\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }\n"
    "machine lathe { units 1 }\nmachine mill { units 1 }\nmachine grind { units 1 }\n"
    "product shaft  { routing { turn on lathe run 30 min  mill on mill run 60 min  grind on grind run 20 min } }\n"
    "product flange { routing { mill on mill run 40 min  grind on grind run 50 min  turn on lathe run 30 min } }\n"
    "product hub    { routing { grind on grind run 20 min  turn on lathe run 40 min  mill on mill run 60 min } }\n"
    "order O1 { shaft 1  due 2026-03-20 }\norder O2 { flange 1  due 2026-03-20 }\norder O3 { hub 1  due 2026-03-20 }\n"
    "order O4 { shaft 2  due 2026-03-20 }\norder O5 { flange 2  due 2026-03-20 }\n";

static double searched_makespan(const char *objective, uint32_t *nlevels)
{
    char *src = tk_fmt("%sschedule { minimize %s }\n", three_cells, objective);
    TestPlan t = test_plan(src);
    CU_ASSERT_FATAL(t.ok);
    double before = t.p->m.makespan;
    SearchOptions so = {0, 300, 1, 1, false};
    SearchStats st;
    CU_ASSERT_TRUE(search_run(t.p, &so, &st));
    plan_measure(t.p, t.eng);
    *nlevels = t.p->m.nlevels;
    double after = t.p->m.makespan;
    CU_ASSERT_TRUE(after <= before);
    CU_ASSERT_EQUAL(t.p->m.levels[0], t.p->m.objective);
    test_plan_free(&t);
    tk_free(src);
    return after;
}

static void search_breaks_ties_by_later_levels(void)
{
    uint32_t n1, n2;
    double alone = searched_makespan("tardiness", &n1);
    double then = searched_makespan("tardiness then makespan then cost", &n2);
    CU_ASSERT_EQUAL(n1, 1);
    CU_ASSERT_EQUAL(n2, 3);
    /* tardiness alone: every plan ties, the search keeps the dispatched one */
    CU_ASSERT_DOUBLE_EQUAL(alone, 340, 0);
    /* with the makespan next, it finds the shorter plan */
    CU_ASSERT_DOUBLE_EQUAL(then, 260, 0);
}

/* A later level never buys its gain with an earlier one: on a plant where
 * a shorter makespan makes orders later, the search with `weighted_tardiness
 * then makespan` ends no worse at the first level than it started, from any
 * seed, and no worse lexicographically. */
static void search_keeps_first_level(void)
{
    char *src = tk_fmt("%s%s", three_cells,
                       "order R1 { hub 3  due 2026-03-02 09:00  priority 3 }\n"
                       "order R2 { shaft 2  due 2026-03-02 08:30  priority 2 }\n"
                       "schedule { minimize weighted_tardiness then makespan }\n");
    for (uint64_t seed = 1; seed <= 6; seed++) {
        TestPlan t = test_plan(src);
        CU_ASSERT_FATAL(t.ok);
        double start[IR_MAX_LEVELS];
        memcpy(start, t.p->m.levels, sizeof start);
        CU_ASSERT_EQUAL(t.p->m.nlevels, 2);
        SearchOptions so = {0, 200, seed, 2, false};
        SearchStats st;
        CU_ASSERT_TRUE(search_run(t.p, &so, &st));
        plan_measure(t.p, t.eng);
        CU_ASSERT_TRUE(t.p->m.levels[0] <= start[0]);
        CU_ASSERT_TRUE(plan_levels_cmp(t.p->m.levels, start, 2) <= 0);
        test_plan_free(&t);
    }
    tk_free(src);
}

/* ---- dispatch rules with levels ----------------------------------------------------------- */
static const char brake_shop[] =
    "plant \"Sheet Metal\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }\n"
    "machine brake { units 1 }\nproduct bracket { routing { bend on brake run 1 h each } }\n"
    "order A { bracket 2  due 2026-03-10 }\norder B { bracket 3  due 2026-03-10 }\n"
    "order C { bracket 1  due 2026-03-10 }\norder D { bracket 4  due 2026-03-09 }\n";

/* The order the brake runs the orders in, as their names. */
static void brake_order(const char *dispatch, char *out)
{
    char *src = tk_fmt("%sschedule { dispatch %s }\n", brake_shop, dispatch);
    TestPlan t = test_plan(src);
    CU_ASSERT_FATAL(t.ok);
    uint32_t n = t.p->ops.len;
    for (uint32_t k = 0; k < n; k++) {
        /* the k-th to start */
        int64_t best = INT64_MAX;
        uint32_t bi = 0;
        for (uint32_t i = 0; i < n; i++) {
            const Op *op = &t.p->ops.data[i];
            bool taken = false;
            for (uint32_t j = 0; j < k; j++) taken |= out[j] == t.p->wos.data[op->wo].name[0];
            if (!taken && op->start < best) best = op->start, bi = i;
        }
        out[k] = t.p->wos.data[t.p->ops.data[bi].wo].name[0];
    }
    out[n] = 0;
    test_plan_free(&t);
    tk_free(src);
}

static void dispatch_levels_break_ties(void)
{
    char seq[8];
    brake_order("order.due", seq);
    CU_ASSERT_STRING_EQUAL(seq, "DABC"); /* ties by release, then name */
    brake_order("order.due then operation.time", seq);
    CU_ASSERT_STRING_EQUAL(seq, "DCAB"); /* the second level: shortest first */
    brake_order("order.due then -operation.time", seq);
    CU_ASSERT_STRING_EQUAL(seq, "DBAC");
    brake_order("0 then 0 then job.quantity", seq); /* a tie at two levels: the third */
    CU_ASSERT_STRING_EQUAL(seq, "CABD");
}

/* ---- scrap ------------------------------------------------------------------------------- */
/* The worked example of docs/planning.md: 40 good through cut, weld at 2%
 * and paint at 5% start 44, 44, 43; 19 good at 5% start 20 (not 21). */
static void scrap_worked_example(void)
{
    IrStep st[3];
    int32_t p0 = 0, p1 = 1;
    memset(st, 0, sizeof st);
    st[1].preds = &p0, st[1].npreds = 1, st[1].scrap = 0.02;
    st[2].preds = &p1, st[2].npreds = 1, st[2].scrap = 0.05;
    IrProduct pr;
    memset(&pr, 0, sizeof pr);
    pr.steps = st, pr.nsteps = 3;
    double in[3], good[3];
    CU_ASSERT_EQUAL(scrap_plan(&pr, 40, in, good), 44);
    CU_ASSERT(in[0] == 44 && in[1] == 44 && in[2] == 43);
    CU_ASSERT(good[0] == 44 && good[1] == 43 && good[2] == 40);
    st[1].scrap = 0;
    CU_ASSERT_EQUAL(scrap_plan(&pr, 19, in, good), 20);
    /* welding reports 40 good where 43 were planned: the booth starts 40, makes 38 */
    st[1].scrap = 0.02;
    scrap_plan(&pr, 40, in, good);
    double done[3] = {44, 40, NAN};
    CU_ASSERT_EQUAL(scrap_after_reports(&pr, 40, in, good, done), 38);
    CU_ASSERT(in[2] == 40 && good[2] == 38);
}

/* The planner's rule (runtime/scrap.c) and takt verify's (verify_scrap.c),
 * written apart, agree on random routings, rates, quantities and reports. */
static void scrap_planner_and_verify_agree(void)
{
    uint64_t seed = 12345;
#define RND() (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL, (uint32_t)(seed >> 33))
    for (int round = 0; round < 2000; round++) {
        uint32_t n = 1 + RND() % 12;
        IrStep st[12];
        int32_t preds[12][3];
        memset(st, 0, sizeof st);
        for (uint32_t s = 0; s < n; s++) {
            uint32_t np = s ? RND() % 3 : 0;
            for (uint32_t q = 0; q < np; q++) preds[s][q] = (int32_t)(RND() % s);
            st[s].preds = preds[s], st[s].npreds = np;
            st[s].scrap = RND() % 3 ? (RND() % 300) / 1000.0 : 0;
        }
        IrProduct pr;
        memset(&pr, 0, sizeof pr);
        pr.steps = st, pr.nsteps = n;
        double qty = 1 + RND() % 500;
        double in1[12], g1[12], in2[12], g2[12];
        double a = scrap_plan(&pr, qty, in1, g1), b = vscrap_steps(&pr, qty, in2, g2);
        CU_ASSERT_EQUAL(a, b);
        for (uint32_t s = 0; s < n; s++) CU_ASSERT(in1[s] == in2[s] && g1[s] == g2[s] && in1[s] >= g1[s]);
        double done[12];
        for (uint32_t s = 0; s < n; s++) done[s] = RND() % 3 == 0 ? floor(g1[s] * (RND() % 101) / 100.0) : NAN;
        double m1 = scrap_after_reports(&pr, qty, in1, g1, done), m2 = vscrap_reported(&pr, qty, in2, g2, done);
        CU_ASSERT_EQUAL(m1, m2);
        CU_ASSERT(m1 <= qty);
        for (uint32_t s = 0; s < n; s++) CU_ASSERT(in1[s] == in2[s] && g1[s] == g2[s]);
    }
#undef RND
}

void suite_flow(void)
{
    CU_pSuite s = CU_add_suite("flow", NULL, NULL);
    ADD_TEST(s, levels_compare);
    ADD_TEST(s, search_breaks_ties_by_later_levels);
    ADD_TEST(s, search_keeps_first_level);
    ADD_TEST(s, dispatch_levels_break_ties);
    ADD_TEST(s, scrap_worked_example);
    ADD_TEST(s, scrap_planner_and_verify_agree);
}
