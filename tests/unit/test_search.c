/* test_search.c: the optimising search — it finds the optimum of a small
 * job shop, never returns a plan worse than where it started, keeps every
 * plan feasible (checked here independently of the planner: one operation
 * at a time on a unit, routing order, release, working time), and with a
 * seed and an iteration bound gives the same plan every time, on one
 * thread or two. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "compiler/ir.h"
#include "runtime/import_bench.h"
#include "runtime/kind.h"
#include "runtime/runtime.h"
#include "runtime/reference.h"
#include "runtime/search.h"
#include "runtime/verify.h"
#include "test.h"

typedef struct Run {
    TestPlan t;
    Plan *p;
    double start_obj;
    SearchStats st;
} Run;

static Run run(const char *src, int64_t iterations, uint64_t seed, int threads)
{
    Run r;
    memset(&r, 0, sizeof r);
    r.t = test_plan(src);
    r.p = r.t.p;
    CU_ASSERT_FATAL(r.t.ok);
    r.start_obj = r.p->m.objective;
    SearchOptions so = {0, iterations, seed, threads, false};
    CU_ASSERT_TRUE(search_run(r.p, &so, &r.st));
    plan_measure(r.p, r.t.eng);
    return r;
}

static void done(Run *r) { test_plan_free(&r->t); }

/* Is minute t of the machine's calendar working time? */
static bool working(const IrModel *ir, const IrMachine *mc, int64_t t)
{
    if (mc->calendar < 0) return true;
    const IrCalendar *c = &ir->calendars[mc->calendar];
    for (uint32_t k = 0; k < c->n; k++)
        if (c->iv[k].lo <= t && t < c->iv[k].hi) return true;
    return false;
}

static int op_cmp(const void *a, const void *b)
{
    const Op *x = *(const Op *const *)a, *y = *(const Op *const *)b;
    if (x->machine != y->machine) return x->machine < y->machine ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    return (x->start > y->start) - (x->start < y->start);
}

/* The plan's feasibility, from the plan's own records. */
static void feasible(const Plan *p)
{
    const IrModel *ir = p->ir;
    uint32_t n = p->ops.len;
    const Op **by = malloc((n + 1) * sizeof *by);
    for (uint32_t i = 0; i < n; i++) {
        const Op *o = &p->ops.data[i];
        CU_ASSERT_TRUE(o->planned);
        const WorkOrder *w = &p->wos.data[o->wo];
        const IrStep *st = &ir->products[w->product].steps[o->step];
        bool eligible = false;
        for (uint32_t a = 0; a < st->nalts; a++) eligible |= st->alts[a].machine == o->machine;
        CU_ASSERT_TRUE(eligible);
        CU_ASSERT_TRUE(o->unit >= 0 && (uint32_t)o->unit < ir->machines[o->machine].units);
        CU_ASSERT_TRUE(o->start >= w->release && o->start >= ir->start);
        CU_ASSERT_TRUE(o->end >= o->start + (int64_t)(o->setup + o->run) - 1);
        /* it starts in working time */
        CU_ASSERT_TRUE(working(ir, &ir->machines[o->machine], o->start));
        for (uint32_t k = 0; k < st->npreds; k++) {
            const Op *q = &p->ops.data[w->first_op + (uint32_t)st->preds[k]];
            CU_ASSERT_TRUE(o->start >= q->end);
        }
        by[i] = o;
    }
    qsort(by, n, sizeof *by, op_cmp);
    for (uint32_t i = 1; i < n; i++)
        if (by[i]->machine == by[i - 1]->machine && by[i]->unit == by[i - 1]->unit)
            CU_ASSERT_TRUE(by[i]->start >= by[i - 1]->end);
    free(by);
}

static char *bench_model(BenchKind kind, const char *text)
{
    BenchInstance bi;
    char *err = bench_parse(&bi, kind, "test", text, strlen(text));
    CU_ASSERT_PTR_NULL_FATAL(err);
    StrBuf b = {0};
    bench_write_model(&bi, &b);
    bench_free(&bi);
    return b.data;
}

/* ft06 of Fisher and Thompson (1963); its optimum makespan is 55. */
static const char ft06[] = "6 6\n"
                           "2 1 0 3 1 6 3 7 5 3 4 6\n"
                           "1 8 2 5 4 10 5 10 0 10 3 4\n"
                           "2 5 3 4 5 8 0 9 1 1 4 7\n"
                           "1 5 0 5 2 5 3 3 4 8 5 9\n"
                           "2 9 1 3 4 5 5 4 0 3 3 1\n"
                           "1 3 3 3 5 9 0 10 4 4 2 1\n";

static void job_shop_optimum_is_found(void)
{
    char *src = bench_model(BENCH_JSSP, ft06);
    Run r = run(src, 20000, 1, 1);
    CU_ASSERT_TRUE(r.start_obj > 55);
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.makespan, 55, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.st.best_objective, 55, 0);
    feasible(r.p);
    done(&r);
    tk_free(src);
}

/* A small flexible shop (the first jobs of Brandimarte's mk01): the search
 * moves operations between machines and improves on dispatching. */
static const char fjs[] = "5 6 2\n"
                          "6 2 1 5 3 4 3 5 3 3 5 2 1 2 3 4 6 2 3 6 5 2 6 1 1 1 3 1 3 6 6 3 6 4 3\n"
                          "5 1 2 6 1 3 1 1 1 2 2 2 6 4 6 3 6 5 2 6 1 1\n"
                          "5 1 2 6 2 3 4 6 2 3 6 5 2 6 1 1 3 3 4 2 6 6 6 2 1 1 5 5\n"
                          "5 3 6 5 2 6 1 1 1 2 6 1 3 1 3 5 3 3 5 2 1 2 3 4 6 2\n"
                          "6 3 5 3 3 5 2 1 3 6 5 2 6 1 1 1 2 6 2 1 5 3 4 2 2 6 4 6 3 3 4 2 6 6 6\n";

static void flexible_shop_improves(void)
{
    char *src = bench_model(BENCH_FJSP, fjs);
    Run r = run(src, 5000, 3, 1);
    CU_ASSERT_TRUE(r.p->m.objective < r.start_obj);
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.objective, r.st.best_objective, 0);
    feasible(r.p);
    done(&r);
    tk_free(src);
}

static char *plan_text(const char *src, int64_t iterations, uint64_t seed, int threads, double *obj)
{
    Run r = run(src, iterations, seed, threads);
    feasible(r.p);
    StrBuf b = {0};
    plan_write(r.p, &b);
    plan_write_csv(r.p, &b);
    *obj = r.p->m.objective;
    done(&r);
    return b.data;
}

static void seed_and_iterations_fix_the_plan(void)
{
    char *src = bench_model(BENCH_JSSP, ft06);
    double o1, o2, o3;
    char *a = plan_text(src, 300, 5, 2, &o1);
    char *b = plan_text(src, 300, 5, 2, &o2);
    char *c = plan_text(src, 300, 5, 1, &o3);
    CU_ASSERT_STRING_EQUAL(a, b);
    /* two searches (seeds 5 and 6) do at least as well as the first alone */
    CU_ASSERT_TRUE(o1 <= o3);
    tk_free(a);
    tk_free(b);
    tk_free(c);
    tk_free(src);
}

/* Calendars, sequence-dependent setups, alternatives, a DAG routing, due
 * dates too tight for every order and an objective of weighted tardiness,
 * makespan and setups: the general search, which schedules each candidate. */
static const char general[] =
    "plant \"G\" { start 2026-12-07 06:00  horizon 8 weeks  currency EUR }\n"
    "calendar two { mon-fri 06:00-14:00, 14:00-22:00 }\n"
    "machine saw { units 2  calendar two }\n"
    "machine paint { calendar two  setup by colour { same 5 min  change 45 min  first 20 min } }\n"
    "machine pack { }\n"
    "product chair { colour \"red\"  routing { cut on saw run 6 min each\n"
    "                 coat on paint run 3 min each after cut\n"
    "                 box on pack run 1 min each after coat } }\n"
    "product table { colour \"blue\"  routing { cut on saw | paint run 9 min each\n"
    "                 coat on paint run 4 min each after cut\n"
    "                 box on pack run 2 min each after coat } }\n"
    "product shelf { colour \"red\"  routing { cut on saw run 4 min each\n"
    "                 drill on saw run 2 min each after cut\n"
    "                 coat on paint run 2 min each after cut\n"
    "                 box on pack run 1 min each after drill, coat } }\n"
    "order A { chair 30  due 2026-12-07 12:00 }\n"
    "order B { table 20  due 2026-12-07 15:00  priority 2 }\n"
    "order C { shelf 25  due 2026-12-07 20:00 }\n"
    "order D { chair 15  due 2026-12-08 20:00 }\n"
    "order E { table 10  due 2026-12-09 08:00 }\n"
    "order F { shelf 40  due 2026-12-07 16:00 }\n"
    "schedule { minimize 10 * weighted_tardiness + makespan + 5 min * setups }\n";

static void general_objective_stays_feasible(void)
{
    Run r = run(general, 400, 2, 2);
    CU_ASSERT_TRUE(r.p->m.objective < r.start_obj);
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.objective, r.st.best_objective, 1e-6);
    feasible(r.p);
    done(&r);
    double o1, o2;
    char *a = plan_text(general, 200, 9, 2, &o1);
    char *b = plan_text(general, 200, 9, 2, &o2);
    CU_ASSERT_STRING_EQUAL(a, b);
    tk_free(a);
    tk_free(b);
}

/* An objective of setups alone: the search groups the colours, though the
 * critical path (the long bake) never passes the paint shop. */
static void setups_are_grouped(void)
{
    const char *src = "plant \"S\" { start 2026-12-07 06:00  horizon 2 weeks  currency EUR }\n"
                      "machine paint { setup by colour { same 0 min  change 30 min  first 10 min } }\n"
                      "product red { colour \"red\"  routing { coat on paint run 5 min each } }\n"
                      "product blue { colour \"blue\"  routing { coat on paint run 5 min each } }\n"
                      "machine oven { }\nproduct loaf { routing { bake on oven run 10 h } }\norder L { loaf 1  due 2026-12-08 }\n"
                      "order A { red 4  due 2026-12-08 }\norder B { blue 4  due 2026-12-08 }\n"
                      "order C { red 4  due 2026-12-08 }\norder D { blue 4  due 2026-12-08 }\n"
                      "order E { red 4  due 2026-12-08 }\norder F { blue 4  due 2026-12-08 }\n"
                      "schedule { minimize setups }\n";
    Run r = run(src, 2000, 1, 1);
    CU_ASSERT_TRUE(r.start_obj >= 6);
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.setups, 2, 0);
    feasible(r.p);
    done(&r);
}

/* ---- the incremental schedule against a whole decode ---------------------------- */
static uint32_t rs;
static uint32_t rn(uint32_t n)
{
    rs = rs * 1103515245u + 12345u;
    return (rs >> 8) % (n ? n : 1);
}

/* A random plant with what changes a schedule: calendars with breaks and
 * closed days, machines that do not split work, sequence-dependent setups
 * (by attribute, and a rule reading the job before and its end), a cost
 * rule, alternatives and units, waits, parallel steps, zero-length steps,
 * components (kits too) and every measure in the objective, whole and
 * restricted to machines and orders. With pools: resources too (a crew on
 * its own calendar or the machines', a setter for setups), with a cost. */
static char *random_shop_of(uint32_t seed, bool pools)
{
    rs = seed;
    StrBuf b = {0};
    sb_puts(&b, "plant { start 2027-01-04 06:00  horizon 30 weeks  currency EUR }\n"
                "calendar two { mon-fri 06:00-14:00, 14:00-22:00  closed 2027-01-20 }\n"
                "calendar day { mon-fri 07:00-12:00, 12:30-16:00 }\n");
    uint32_t crew = 0;
    if (pools) {
        crew = 1 + rn(3);
        sb_printf(&b, "resource crew { units %u %s cost %u EUR/h }\nresource setter { units 1  cost %u EUR/h }\n", crew,
                  rn(2) ? "calendar day" : "", 20 + rn(30), 30 + rn(30));
    }
    int machines = 2 + (int)rn(4);
    for (int m = 0; m < machines; m++) {
        int cal = (int)rn(3);
        sb_printf(&b, "machine m%d { units %u %s %s", m, 1 + rn(3), cal == 0 ? "calendar two" : cal == 1 ? "calendar day" : "",
                  rn(4) == 0 ? "split false" : "");
        if (rn(2)) sb_puts(&b, "  setup by colour { same 5 min  change 25 min }");
        if (rn(3) == 0) sb_puts(&b, "  setup if prev.exists and prev.end > 2027-01-10 then 7 min else 3 min");
        if (rn(3) == 0) sb_puts(&b, "  cost if prev.exists then 60 EUR/h else 45 EUR/h");
        else sb_printf(&b, "  cost %u EUR/h", 20 + rn(50));
        sb_puts(&b, " }\n");
    }
    static const char *const colours[] = {"red", "blue", "green"};
    int products = 2 + (int)rn(4);
    for (int p = products - 1; p >= 0; p--) {
        sb_printf(&b, "product p%d { colour \"%s\"", p, colours[rn(3)]);
        if (p + 1 < products && rn(2)) sb_printf(&b, "  bom { p%u %u }", p + 1 + rn((uint32_t)(products - p - 1)), 1 + rn(2));
        sb_puts(&b, "  routing {");
        int steps = 1 + (int)rn(4);
        for (int st = 0; st < steps; st++) {
            int m = (int)rn((uint32_t)machines);
            sb_printf(&b, " s%d on m%d", st, m);
            if (rn(3) == 0) sb_printf(&b, " | m%d (run %u min each)", (m + 1) % machines, 1 + rn(20));
            if (rn(8) == 0) sb_puts(&b, " run 0 min");
            else sb_printf(&b, " setup %u min run %u min each", rn(30), 1 + rn(20));
            if (rn(4) == 0) sb_printf(&b, " wait %u h", 1 + rn(10));
            if (pools && rn(2)) sb_printf(&b, " with %u crew", 1 + rn(crew));
            if (pools && rn(3) == 0) sb_puts(&b, " with setter for setup");
            if (st == 2 && rn(2)) sb_puts(&b, " after s0");
        }
        sb_puts(&b, " } }\n");
    }
    /* a kit: a product with a bill of materials and no routing of its own
     * is not allowed, so kits come from lots; orders of every product */
    int orders = 3 + (int)rn(12);
    for (int o = 0; o < orders; o++)
        sb_printf(&b, "order O%d { p%u %u  due 2027-01-%02u  release 2027-01-%02u  priority %u  penalty %u EUR/day }\n", o,
                  rn((uint32_t)products), 1 + rn(30), 8 + rn(20), 4 + rn(6), rn(4), rn(200));
    sb_printf(&b, "schedule { minimize %u * makespan + %u * tardiness + max_tardiness + %u * weighted_tardiness + "
                  "setup_time + flow_time / 10 + %u min * setups + %u min * late_orders + (penalty + cost) / (1 EUR/h)\n"
                  "  + %u min * setups(m0) + setup_time(machine.units > 1) + cost(m1) / (1 EUR/h) + %u * "
                  "tardiness(order.priority > 1) + max_tardiness(order.penalty >= 100 EUR/day) + %u min * "
                  "late_orders(order.priority == 0) + flow_time(order.quantity > 10) / 20\n"
                  "  + %u min * moved + 5 min * reassigned + shifted / 4 + 20 min * moved(m1) }\n",
              rn(3), rn(5), rn(2), rn(30), rn(600), rn(30), rn(5), rn(300), rn(60));
    char *s = strdup(sb_cstr(&b));
    sb_free(&b);
    return s;
}

static char *random_shop(uint32_t seed) { return random_shop_of(seed, false); }

static void incremental_schedule_is_the_whole_decode(void)
{
    unsigned plans = 0;
    for (uint32_t seed = 1; seed <= 60; seed++) {
        char *src = random_shop(seed);
        TestPlan t = test_plan(src);
        if (!t.ok) {
            /* a random plant may not fit its horizon; the others are checked */
            test_plan_free(&t);
            free(src);
            continue;
        }
        plans++;
        /* a reference plan: this one, with some operations elsewhere and later */
        StrBuf b = {0};
        plan_write(t.p, &b);
        Diags d;
        diags_init(&d);
        PlanFile pf;
        CU_ASSERT_TRUE_FATAL(plan_read(&pf, 0, sb_cstr(&b), b.len, &d));
        Reference *ref = reference_build(t.p, &pf);
        for (uint32_t i = 0; i < ref->nops; i++) {
            if (i % 3 == 0) ref->start[i] += 30;
            if (i % 7 == 0) ref->unit[i] += 1;
            if (i % 11 == 0) ref->machine[i] = REF_NEW;
        }
        t.p->ref = ref;
        int bad = search_selfcheck(t.p, seed, 300);
        t.p->ref = NULL;
        reference_free(ref);
        plan_file_free(&pf);
        diags_free(&d);
        sb_free(&b);
        if (bad) fprintf(stderr, "\nseed %u: %d disagreements\n%s", seed, bad, src);
        CU_ASSERT_EQUAL(bad, 0);
        test_plan_free(&t);
        free(src);
    }
    CU_ASSERT_TRUE(plans >= 40);
}

/* A searched plan's restricted measures are what takt verify works out on
 * its own from the plan file, and the search, steered by them, finds them
 * as the whole decode does. */
static void restricted_measures_verify(void)
{
    unsigned plans = 0;
    for (uint32_t seed = 1; seed <= 30; seed++) {
        char *src = random_shop(seed);
        TestPlan t = test_plan(src);
        if (!t.ok) {
            test_plan_free(&t);
            free(src);
            continue;
        }
        plans++;
        SearchOptions so = {0, 300, seed, 1, false};
        SearchStats st;
        CU_ASSERT_TRUE(search_run(t.p, &so, &st));
        plan_measure(t.p, t.eng);
        CU_ASSERT_EQUAL_FATAL(t.ir->nmeasures, 8);
        StrBuf b = {0};
        plan_write(t.p, &b);
        CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&b), "\"setups(m0)\" "));
        Diags d;
        diags_init(&d);
        PlanFile pf;
        VerifyStats vs;
        if (plan_read(&pf, 0, sb_cstr(&b), b.len, &d)) plan_verify(t.ir, &pf, &d, &vs);
        if (d.nerrors) fprintf(stderr, "\nseed %u: %u errors in verify\n%s", seed, d.nerrors, src);
        CU_ASSERT_EQUAL(d.nerrors, 0);
        plan_file_free(&pf);
        diags_free(&d);
        sb_free(&b);
        test_plan_free(&t);
        free(src);
    }
    CU_ASSERT_TRUE(plans >= 20);
}

/* ft06 with due dates and weights by the rule of Singer and Pinedo: the
 * search aims at late orders along true critical chains of the schedule,
 * lowers the weighted tardiness, and its plan's objective is the weighted
 * tardiness worked out here from the plan alone and passes takt verify. */
static char *ft06_due(const char *factor)
{
    BenchInstance bi;
    char *err = bench_parse(&bi, BENCH_JSSP, "ft06", ft06, strlen(ft06));
    CU_ASSERT_PTR_NULL_FATAL(err);
    BenchDue d = {0, 0, true};
    CU_ASSERT_TRUE(bench_due_factor_parse(factor, &d));
    StrBuf b = {0};
    bench_write_model_due(&bi, &d, &b);
    bench_free(&bi);
    return b.data;
}

static void late_orders_are_aimed_at_along_critical_chains(void)
{
    static const char *const factors[] = {"1", "1.3", "1.6"};
    int aimed = 0;
    for (size_t k = 0; k < TK_COUNTOF(factors); k++) {
        char *src = ft06_due(factors[k]);
        TestPlan t = test_plan(src);
        CU_ASSERT_FATAL(t.ok);
        for (uint64_t seed = 1; seed <= 3; seed++) {
            int paths = 0;
            CU_ASSERT_EQUAL(search_late_path_check(t.p, seed, 300, &paths), 0);
            aimed += paths;
        }
        test_plan_free(&t);
        tk_free(src);
    }
    CU_ASSERT_TRUE(aimed > 300); /* late orders were found and aimed at */
}

static void weighted_tardiness_is_searched(void)
{
    char *src = ft06_due("1.3");
    Run r = run(src, 3000, 1, 1);
    feasible(r.p);
    CU_ASSERT_TRUE(r.p->m.objective < r.start_obj);
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.objective, r.st.best_objective, 1e-9);
    /* the weighted tardiness from the plan's own records */
    double wt = 0;
    for (uint32_t w = 0; w < r.p->wos.len; w++) {
        const WorkOrder *wo = &r.p->wos.data[w];
        const IrOrder *o = &r.t.ir->orders[wo->order];
        int64_t end = 0;
        for (uint32_t q = 0; q < wo->nops; q++)
            if (r.p->ops.data[wo->first_op + q].end > end) end = r.p->ops.data[wo->first_op + q].end;
        if (end > o->due) wt += o->priority * (double)(end - o->due);
    }
    CU_ASSERT_DOUBLE_EQUAL(r.p->m.objective, wt, 1e-9);
    StrBuf b = {0};
    plan_write(r.p, &b);
    Diags d;
    diags_init(&d);
    PlanFile pf;
    VerifyStats vs;
    CU_ASSERT_TRUE(plan_read(&pf, 0, sb_cstr(&b), b.len, &d));
    plan_verify(r.t.ir, &pf, &d, &vs);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    plan_file_free(&pf);
    diags_free(&d);
    sb_free(&b);
    done(&r);
    double o1, o2;
    char *a = plan_text(src, 500, 4, 2, &o1);
    char *c = plan_text(src, 500, 4, 2, &o2);
    CU_ASSERT_STRING_EQUAL(a, c);
    tk_free(a);
    tk_free(c);
    tk_free(src);
}

/* Plants with resources are decoded whole, the resources booked in the
 * order operations could start: a trial leaves the schedule as it was and
 * a move made is the schedule a decode of it gives (the self-check); a
 * searched plan is deterministic, no worse than the dispatching pass's, has
 * the objective the search measured for it (the resources' cost in its
 * operations' costs), and takt verify accepts its resource holds. */
static void resources_searched_whole(void)
{
    unsigned plans = 0, improved = 0;
    for (uint32_t seed = 1; seed <= 30; seed++) {
        char *src = random_shop_of(seed, true);
        TestPlan t = test_plan(src);
        if (!t.ok) {
            test_plan_free(&t);
            free(src);
            continue;
        }
        plans++;
        CU_ASSERT_TRUE_FATAL(t.ir->npools == 2);
        int bad = search_selfcheck(t.p, seed, 100);
        if (bad) fprintf(stderr, "\nseed %u: %d disagreements\n%s", seed, bad, src);
        CU_ASSERT_EQUAL(bad, 0);
        double before = t.p->m.objective;
        SearchOptions so = {0, 200, seed, 1, false};
        SearchStats st;
        CU_ASSERT_TRUE(search_run(t.p, &so, &st));
        plan_measure(t.p, t.eng);
        CU_ASSERT_TRUE(t.p->m.objective <= before + 1e-9 * (1 + fabs(before)));
        double incumbent = st.start_objective < before ? st.start_objective : before;
        if (st.best_objective < incumbent) { /* written back */
            improved++;
            CU_ASSERT_DOUBLE_EQUAL(t.p->m.objective, st.best_objective, 1e-6 * (1 + fabs(before)));
        }
        StrBuf b = {0};
        plan_write(t.p, &b);
        Diags d;
        diags_init(&d);
        PlanFile pf;
        VerifyStats vs;
        if (plan_read(&pf, 0, sb_cstr(&b), b.len, &d)) plan_verify(t.ir, &pf, &d, &vs);
        if (d.nerrors) fprintf(stderr, "\nseed %u: %u errors in verify\n%s", seed, d.nerrors, src);
        CU_ASSERT_EQUAL(d.nerrors, 0);
        plan_file_free(&pf);
        diags_free(&d);
        /* the same search again gives the same plan */
        TestPlan u = test_plan(src);
        CU_ASSERT_TRUE_FATAL(u.ok);
        SearchStats st2;
        CU_ASSERT_TRUE(search_run(u.p, &so, &st2));
        plan_measure(u.p, u.eng);
        StrBuf b2 = {0};
        plan_write(u.p, &b2);
        CU_ASSERT_STRING_EQUAL(sb_cstr(&b), sb_cstr(&b2));
        sb_free(&b2);
        test_plan_free(&u);
        sb_free(&b);
        test_plan_free(&t);
        free(src);
    }
    CU_ASSERT_TRUE(plans >= 20);
    CU_ASSERT_TRUE(improved >= 5);
}

/* Four colours on a coating line, two units of cutting ahead of it: the
 * objective's setups(coat) groups the colours on the line where the rest of
 * the objective does not care; setups(saw) groups the sizes on the saw and
 * leaves the line's colours mixed. */
static const char coat_shop[] =
    "plant \"P\" { start 2026-12-07 06:00  horizon 8 weeks  currency EUR }\n"
    "calendar day { mon-fri 06:00-14:00 }\n"
    "machine saw { units 2  calendar day  cost 30 EUR/h  setup by size { same 0 min  change 15 min } }\n"
    "machine coat { units 1  calendar day  cost 60 EUR/h  setup by colour { same 0 min  change 45 min } }\n"
    "product red { colour \"red\"  size 1  routing { cut on saw run 4 min each  paint on coat run 3 min each } }\n"
    "product blue { colour \"blue\"  size 2  routing { cut on saw run 4 min each  paint on coat run 3 min each } }\n"
    "product green { colour \"green\"  size 1  routing { cut on saw run 4 min each  paint on coat run 3 min each } }\n"
    "product white { colour \"white\"  size 2  routing { cut on saw run 4 min each  paint on coat run 3 min each } }\n"
    "order A1 { red 10  due 2026-12-20 }\norder A2 { blue 10  due 2026-12-20 }\n"
    "order A3 { green 10  due 2026-12-20 }\norder A4 { white 10  due 2026-12-20 }\n"
    "order A5 { red 10  due 2026-12-20 }\norder A6 { blue 10  due 2026-12-20 }\n"
    "order A7 { green 10  due 2026-12-20 }\norder A8 { white 10  due 2026-12-20 }\n"
    "order A9 { red 10  due 2026-12-20 }\norder B1 { blue 10  due 2026-12-20 }\n"
    "order B2 { green 10  due 2026-12-20 }\norder B3 { white 10  due 2026-12-20 }\n";

static double coat_setups(const char *objective)
{
    char *src = tk_fmt("%sschedule { dispatch order.due  minimize %s }\n", coat_shop, objective);
    Run r = run(src, 3000, 3, 1);
    feasible(r.p);
    int32_t coat = -1;
    for (uint32_t m = 0; m < r.t.ir->nmachines; m++)
        if (strcmp(r.t.ir->machines[m].name, "coat") == 0) coat = (int32_t)m;
    double n = 0;
    for (uint32_t i = 0; i < r.p->ops.len; i++)
        if (r.p->ops.data[i].machine == coat && r.p->ops.data[i].setup > 0) n++;
    if (r.t.ir->nmeasures && strcmp(r.t.ir->measures[0].name, "setups(coat)") == 0)
        CU_ASSERT_DOUBLE_EQUAL(r.p->m.terms[0], n, 0);
    done(&r);
    tk_free(src);
    return n;
}

static void restricted_setups_group_colours(void)
{
    /* every order is on time whatever the sequence: tardiness alone leaves
     * the colours as dispatching mixed them */
    double plain = coat_setups("tardiness");
    double steered = coat_setups("tardiness + 60 min * setups(coat)");
    double saw = coat_setups("tardiness + 60 min * setups(saw)");
    /* the line with four colours needs four setups at least */
    CU_ASSERT_TRUE(steered >= 4);
    CU_ASSERT_TRUE(steered <= 5);
    CU_ASSERT_TRUE(plain >= 10);
    CU_ASSERT_TRUE(saw > steered);
}

/* A plant big enough that a search of it does not end by itself. */
static char *big_shop(void)
{
    StrBuf b = {0};
    sb_puts(&b, "plant \"P\" { start 2026-12-07 06:00  horizon 30 weeks  currency EUR }\n"
                "calendar day { mon-fri 06:00-14:00 }\n");
    for (int m = 0; m < 6; m++)
        sb_printf(&b, "machine m%d { units 2  calendar day  setup by colour { same 0 min  change 20 min } }\n", m);
    static const char *const colours[] = {"red", "blue", "green"};
    for (int p = 0; p < 6; p++)
        sb_printf(&b, "product p%d { colour \"%s\"  routing { a on m%d run 3 min each  b on m%d | m%d run 2 min each "
                      " c on m%d run 4 min each } }\n",
                  p, colours[p % 3], p % 6, (p + 1) % 6, (p + 2) % 6, (p + 3) % 6);
    for (int o = 0; o < 120; o++)
        sb_printf(&b, "order O%03d { p%d %d  due 2026-12-%02d }\n", o, o % 6, 5 + o % 17, 8 + o % 20);
    sb_puts(&b, "schedule { minimize tardiness + makespan + 10 min * setups }\n");
    return b.data;
}

static atomic_int search_over;
static void *stopper(void *arg)
{
    (void)arg;
    /* as a Ctrl-C would, again and again until the search is over (a stop
     * before the search starts is forgotten) */
    while (!atomic_load(&search_over)) {
        search_stop();
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

/* Stopped from outside, a search without a bound of steps ends long before
 * its time limit (a hang guard here, not a measure of speed), says it was
 * interrupted, and leaves a feasible plan no worse than the dispatch plan. */
static void a_stop_ends_the_search(void)
{
    char *src = big_shop();
    TestPlan t = test_plan(src);
    CU_ASSERT_FATAL(t.ok);
    double before = t.p->m.objective;
    SearchOptions so = {120, 0, 1, 2, false};
    SearchStats st;
    atomic_store(&search_over, 0);
    pthread_t tid;
    pthread_create(&tid, NULL, stopper, NULL);
    CU_ASSERT_TRUE(search_run(t.p, &so, &st));
    atomic_store(&search_over, 1);
    pthread_join(tid, NULL);
    CU_ASSERT_TRUE(st.interrupted);
    CU_ASSERT_TRUE(st.seconds < 60);
    plan_measure(t.p, t.eng);
    CU_ASSERT_TRUE(t.p->m.objective <= before);
    feasible(t.p);
    test_plan_free(&t);
    free(src);
}

/* A time limit shorter than it takes to set the search up: no search step
 * is taken, and the dispatch plan stands. */
static void no_time_no_search(void)
{
    char *src = big_shop();
    TestPlan t = test_plan(src);
    CU_ASSERT_FATAL(t.ok);
    StrBuf a = {0}, b = {0};
    plan_write(t.p, &a);
    SearchOptions so = {1e-9, 0, 1, 2, false};
    SearchStats st;
    CU_ASSERT_TRUE(search_run(t.p, &so, &st));
    CU_ASSERT_EQUAL(st.iterations, 0);
    CU_ASSERT_FALSE(st.interrupted);
    plan_measure(t.p, t.eng);
    plan_write(t.p, &b);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&a), sb_cstr(&b));
    sb_free(&a);
    sb_free(&b);
    test_plan_free(&t);
    free(src);
}

/* The search keeps time windows: its decoder moves a predecessor later
 * where a window would break, and a solution it cannot repair is not one;
 * the plan it returns holds every window, on random shops with them. */
static void search_keeps_windows(void)
{
    static const char src[] =
        "plant \"P\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
        "calendar day { mon-fri 06:00-14:00 }\n"
        "machine m1 { units 2 }\nmachine m2 { calendar day }\nmachine m3 { }\n"
        "product a { routing { s1 on m1 run 7 min each\n s2 on m2 run 3 min each within 45 min\n"
        "  s3 on m3 run 5 min each within 0 min } }\n"
        "product b { routing { s1 on m3 run 4 min each\n s2 on m1 | m2 run 6 min each within 2 h } }\n"
        "order O1 { a 10  due 2026-12-08 }\norder O2 { b 12  due 2026-12-08 }\norder O3 { a 7  due 2026-12-09 }\n"
        "order O4 { b 9  due 2026-12-08 }\norder O5 { a 12  due 2026-12-10 }\norder O6 { b 5  due 2026-12-09 }\n"
        "schedule { minimize weighted_tardiness + makespan }\n";
    for (uint64_t seed = 1; seed <= 4; seed++) {
        Run r = run(src, 400, seed, 1);
        for (uint32_t i = 0; i < r.p->ops.len; i++) {
            int64_t w = plan_op_window(r.p, i);
            if (w < 0) continue;
            for (uint32_t e = r.p->pred_at[i]; e < r.p->pred_at[i + 1]; e++)
                CU_ASSERT_TRUE(r.p->ops.data[i].start <= r.p->ops.data[r.p->pred[e]].end + w);
        }
        CU_ASSERT_EQUAL(r.p->window_misses.len, 0);
        CU_ASSERT_TRUE(r.p->m.objective <= r.start_obj + 1e-9);
        done(&r);
    }
}

/* ---- batch machines --------------------------------------------------------------------- */
/* The oven of tests/golden/sched/batch-oven.takt: 12 rack places a cycle of
 * 3 h; frames take half a place, forks a quarter, bars a whole one; bars
 * (T200) never share a cycle with frames and forks (T180). */
static const char oven_shop[] =
    "plant \"Works\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }\n"
    "calendar day { mon-fri 06:00-22:00 }\n"
    "machine saw { units 1  calendar day  cost 40 EUR/h }\n"
    "machine oven { units 1  capacity 12 by racks  cycle 3 h  batch by profile  cost 60 EUR/h }\n"
    "product frame { racks 0.5  profile \"T180\"  routing { cut on saw setup 15 min run 6 min each  cure on oven } }\n"
    "product fork { racks 0.25  profile \"T180\"  routing { cut on saw run 3 min each  cure on oven } }\n"
    "product bar { racks 1  profile \"T200\"  routing { cut on saw run 2 min each  cure on oven } }\n"
    "order A1 { frame 30  due 2026-03-06 }\norder A2 { fork 20  due 2026-03-05 }\n"
    "order A3 { bar 8  due 2026-03-06 }\norder A4 { frame 6  due 2026-03-04 }\n";

/* The plan operation of work order `wo`'s step on the oven. */
static uint32_t oven_op(const Plan *p, int32_t oven, const char *order)
{
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *o = &p->ops.data[i];
        const WorkOrder *w = &p->wos.data[o->wo];
        if (o->machine == oven && w->order >= 0 && strcmp(p->ir->orders[w->order].name, order) == 0) return i;
    }
    CU_FAIL_FATAL("no such operation");
    return 0;
}

/* The decoder's step (batch_step): an operation joins the unit's open cycle
 * when it is compatible, ready by its start and there is room; the rest of
 * it goes into new cycles, one after the other; a full cycle closes. */
static void batch_decoder_step(void)
{
    TestPlan t = test_plan(oven_shop);
    CU_ASSERT_TRUE_FATAL(t.ok);
    const IrModel *ir = t.ir;
    int32_t oven = -1;
    for (uint32_t m = 0; m < ir->nmachines; m++)
        if (strcmp(ir->machines[m].name, "oven") == 0) oven = (int32_t)m;
    CU_ASSERT_FATAL(oven >= 0 && batch_machine(&ir->machines[oven]));
    uint32_t a1 = oven_op(t.p, oven, "A1"), a2 = oven_op(t.p, oven, "A2"), a3 = oven_op(t.p, oven, "A3"),
             a4 = oven_op(t.p, oven, "A4");
    int64_t t0 = ir->start, cyc = 180;
    BatchCycleParts parts = {0};
    BatchUnit u = {t0, 0, 0, 0, -1}, v, w;
    /* capacity and splitting: A1's 30 frames take 15 places; 24 fit a cycle, 6 go into the next */
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &u, a1, t0, &v, &parts));
    CU_ASSERT_EQUAL_FATAL(parts.len, 2);
    CU_ASSERT_TRUE(!parts.data[0].joined && parts.data[0].start == t0 && parts.data[0].end == t0 + cyc);
    CU_ASSERT_DOUBLE_EQUAL(parts.data[0].qty, 24, 1e-9);
    CU_ASSERT_TRUE(!parts.data[1].joined && parts.data[1].start == t0 + cyc && parts.data[1].end == t0 + 2 * cyc);
    CU_ASSERT_DOUBLE_EQUAL(parts.data[1].qty, 6, 1e-9);
    CU_ASSERT_TRUE(v.lead == (int32_t)t.p->ops.data[a1].wo && v.start == t0 + cyc && v.free_at == t0 + 2 * cyc);
    CU_ASSERT_DOUBLE_EQUAL(v.load, 3, 1e-9);
    /* compatible, ready before the open cycle starts, with room: A2's forks join it */
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &v, a2, t0 + 100, &w, &parts));
    CU_ASSERT_EQUAL_FATAL(parts.len, 1);
    CU_ASSERT_TRUE(parts.data[0].joined && parts.data[0].start == t0 + cyc && parts.data[0].end == t0 + 2 * cyc);
    CU_ASSERT_DOUBLE_EQUAL(parts.data[0].qty, 20, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(w.load, 8, 1e-9);
    CU_ASSERT_EQUAL(w.lead, v.lead);
    /* compatibility: bars never join frames; a cycle of their own once the oven is free */
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &w, a3, t0, &u, &parts));
    CU_ASSERT_EQUAL_FATAL(parts.len, 1);
    CU_ASSERT_TRUE(!parts.data[0].joined && parts.data[0].start == t0 + 2 * cyc && parts.data[0].end == t0 + 3 * cyc);
    CU_ASSERT_TRUE(u.lead == (int32_t)t.p->ops.data[a3].wo && u.start == t0 + 2 * cyc);
    /* the cycle's start: ready after the open cycle starts, an operation does not join it */
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &w, a4, t0 + cyc + 1, &u, &parts));
    CU_ASSERT_EQUAL_FATAL(parts.len, 1);
    CU_ASSERT_TRUE(!parts.data[0].joined && parts.data[0].start == t0 + 2 * cyc);
    /* ... and one ready later than the unit is free starts its cycle when it is ready */
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &w, a4, t0 + 1000, &u, &parts));
    CU_ASSERT_TRUE(parts.len == 1 && parts.data[0].start == t0 + 1000 && parts.data[0].end == t0 + 1000 + cyc);
    /* the room left: A4's 6 frames (3 places) in a cycle holding 10 places: 4 join, 2 go on */
    BatchUnit x = {t0 + cyc, t0, t0 + cyc, 10, (int32_t)t.p->ops.data[a1].wo};
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &x, a4, t0, &u, &parts));
    CU_ASSERT_EQUAL_FATAL(parts.len, 2);
    CU_ASSERT_TRUE(parts.data[0].joined && parts.data[0].start == t0);
    CU_ASSERT_DOUBLE_EQUAL(parts.data[0].qty, 4, 1e-9);
    CU_ASSERT_TRUE(!parts.data[1].joined && parts.data[1].start == t0 + cyc);
    CU_ASSERT_DOUBLE_EQUAL(parts.data[1].qty, 2, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(u.load, 1, 1e-9);
    /* a cycle it fills takes nobody more */
    x.load = 9;
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &x, a4, t0, &u, &parts));
    CU_ASSERT_TRUE(parts.len == 1 && parts.data[0].joined);
    CU_ASSERT_EQUAL(u.lead, -1);
    CU_ASSERT_EQUAL(u.free_at, t0 + cyc);
    /* no room for a single piece: a cycle of its own */
    x.load = 11.9;
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, NULL, &x, a4, t0, &u, &parts));
    CU_ASSERT_TRUE(parts.len == 1 && !parts.data[0].joined && parts.data[0].start == t0 + cyc);
    /* through a calendar: a cycle starts in working time and takes the machine's cycle of it */
    const IrCalendar *day = &ir->calendars[ir->machines[0].calendar];
    int64_t late = t0 + 14 * 60 + 30; /* Monday 20:30, the day ends at 22:00 */
    CU_ASSERT_TRUE_FATAL(batch_step(t.p, oven, day, &w, a3, late, &u, &parts));
    CU_ASSERT_TRUE(cal_work_between(day, parts.data[0].start, parts.data[0].end) == cyc);
    CU_ASSERT_TRUE(parts.data[0].start >= late);
    /* past the horizon: no cycle */
    CU_ASSERT_FALSE(batch_step(t.p, oven, NULL, &w, a3, ir->end - 10, &u, &parts));
    vec_free(&parts);
    test_plan_free(&t);
}

/* A shop with a batch oven (capacity by racks, some batching by profile),
 * machines before and after it: a random one of them. */
static char *random_batch_shop(uint32_t seed)
{
    rs = seed * 7919 + 3;
    StrBuf b = {0};
    sb_puts(&b, "plant { start 2027-01-04 06:00  horizon 20 weeks  currency EUR }\n"
                "calendar two { mon-fri 06:00-14:00, 14:00-22:00 }\n");
    sb_printf(&b, "machine saw { units %u  calendar two  cost 30 EUR/h }\n", 1 + rn(2));
    sb_printf(&b, "machine grind { units %u  cost 40 EUR/h }\n", 1 + rn(2));
    sb_printf(&b, "machine oven { units %u  capacity %u by racks  cycle %u h %s %s %s cost %u EUR/h }\n", 1 + rn(2),
              8 + rn(10), 1 + rn(4), rn(2) ? "batch by profile" : "", rn(3) == 0 ? "calendar two" : "",
              rn(3) == 0 ? "fill 1 h" : "", 40 + rn(40));
    int products = 2 + (int)rn(4);
    for (int p = 0; p < products; p++) {
        static const double racks[] = {0.25, 0.5, 1, 2};
        sb_printf(&b, "product p%d { racks %g  profile \"%s\"  routing { cut on saw setup %u min run %u min each  cure on oven",
                  p, racks[rn(4)], rn(2) ? "T180" : "T200", rn(30), 1 + rn(8));
        if (rn(2)) sb_printf(&b, "  grind on grind run %u min each", 1 + rn(10));
        sb_puts(&b, " } }\n");
    }
    int orders = 8 + (int)rn(12);
    for (int o = 0; o < orders; o++)
        sb_printf(&b, "order O%d { p%u %u  due 2027-01-%02u  release 2027-01-%02u  priority %u }\n", o, rn((uint32_t)products),
                  1 + rn(30), 5 + rn(5), 4 + rn(2), 1 + rn(3));
    sb_printf(&b, "schedule { minimize %u * weighted_tardiness + makespan + cost / (1 EUR/h) }\n", 1 + rn(5));
    char *s = strdup(sb_cstr(&b));
    sb_free(&b);
    return s;
}

/* The search on plants with batch machines: its trials agree with whole
 * decodes, its plans are never worse than the dispatching pass's, takt
 * verify accepts every one of their cycles (capacity, compatibility, times,
 * each member's share), the same search gives the same plan, and it finds
 * better plans by moving operations between cycles. */
static void batch_plants_searched(void)
{
    unsigned plans = 0, improved = 0, moved = 0;
    for (uint32_t seed = 1; seed <= 30; seed++) {
        char *src = random_batch_shop(seed);
        TestPlan t = test_plan(src);
        if (!t.ok) {
            test_plan_free(&t);
            free(src);
            continue;
        }
        plans++;
        int bad = search_selfcheck(t.p, seed, 60);
        if (bad) fprintf(stderr, "\nseed %u: %d disagreements\n%s", seed, bad, src);
        CU_ASSERT_EQUAL(bad, 0);
        StrBuf b0 = {0};
        plan_write(t.p, &b0);
        double before = t.p->m.objective;
        SearchOptions so = {0, 300, seed, 1, false};
        SearchStats st;
        CU_ASSERT_TRUE(search_run(t.p, &so, &st));
        plan_measure(t.p, t.eng);
        CU_ASSERT_TRUE(t.p->m.objective <= before + 1e-9 * (1 + fabs(before)));
        if (t.p->m.objective < before - 1e-9 * (1 + fabs(before))) improved++;
        StrBuf b = {0};
        plan_write(t.p, &b);
        /* the cycles moved */
        const char *x = strstr(sb_cstr(&b0), "\nbatch "), *y = strstr(sb_cstr(&b), "\nbatch ");
        CU_ASSERT_TRUE_FATAL(x && y);
        if (strcmp(x, y) != 0) moved++;
        Diags d;
        diags_init(&d);
        PlanFile pf;
        VerifyStats vs;
        if (plan_read(&pf, 0, sb_cstr(&b), b.len, &d)) plan_verify(t.ir, &pf, &d, &vs);
        if (d.nerrors) fprintf(stderr, "\nseed %u: %u errors in verify\n%s\n%s", seed, d.nerrors, src, sb_cstr(&b));
        CU_ASSERT_EQUAL(d.nerrors, 0);
        plan_file_free(&pf);
        diags_free(&d);
        TestPlan u = test_plan(src);
        CU_ASSERT_TRUE_FATAL(u.ok);
        SearchStats st2;
        CU_ASSERT_TRUE(search_run(u.p, &so, &st2));
        plan_measure(u.p, u.eng);
        StrBuf b2 = {0};
        plan_write(u.p, &b2);
        CU_ASSERT_STRING_EQUAL(sb_cstr(&b), sb_cstr(&b2));
        sb_free(&b2);
        test_plan_free(&u);
        sb_free(&b);
        sb_free(&b0);
        test_plan_free(&t);
        free(src);
    }
    CU_ASSERT_TRUE(plans >= 20);
    CU_ASSERT_TRUE(improved >= 5);
    CU_ASSERT_TRUE(moved >= 5);
}

/* A random job shop (jssp text): jobs x machines, each job through every
 * machine once in a random order, times 1-99. With flexible, a random
 * flexible job shop (fjsp text) of up to three machines an operation. */
static char *random_bench(uint32_t seed, bool flexible)
{
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 11;
#define RN(n) (x ^= x << 13, x ^= x >> 7, x ^= x << 17, (uint32_t)((x >> 11) % (n)))
    uint32_t jobs = 3 + RN(10), mach = 2 + RN(6);
    StrBuf b = {0};
    sb_printf(&b, flexible ? "%u %u 2\n" : "%u %u\n", jobs, mach);
    for (uint32_t j = 0; j < jobs; j++) {
        uint32_t perm[8];
        for (uint32_t m = 0; m < mach; m++) perm[m] = m;
        for (uint32_t m = mach; m > 1; m--) {
            uint32_t k = RN(m), t = perm[m - 1];
            perm[m - 1] = perm[k];
            perm[k] = t;
        }
        if (flexible) sb_printf(&b, "%u", mach);
        for (uint32_t m = 0; m < mach; m++) {
            if (!flexible) {
                sb_printf(&b, "%s%u %u", m ? " " : "", perm[m], 1 + RN(99));
                continue;
            }
            uint32_t k = 1 + RN(3 < mach ? 3 : mach);
            sb_printf(&b, " %u", k);
            for (uint32_t a = 0; a < k; a++) sb_printf(&b, " %u %u", 1 + perm[(m + a) % mach], 1 + RN(99));
        }
        sb_puts(&b, "\n");
    }
#undef RN
    return b.data;
}

/* The fast search's estimates, held to the moved plans' heads and tails
 * computed afresh on random job shops and flexible job shops: the estimate
 * of a move to another unit and of a swap of two operations is the longest
 * path through the moved operations after the move, exactly, and never
 * above the makespan; that of a longer move within a critical block is
 * never below that path; no move offered closes a cycle; and the heads and
 * tails kept up to date after a move made are those computed afresh. */
static void fast_estimates_are_the_moved_plans(void)
{
    FastCheckStats sum = {0};
    for (uint32_t seed = 1; seed <= 80; seed++) {
        bool flexible = seed % 2 == 0;
        char *text = random_bench(seed, flexible);
        char *src = bench_model(flexible ? BENCH_FJSP : BENCH_JSSP, text);
        TestPlan t = test_plan(src);
        CU_ASSERT_FATAL(t.ok);
        FastCheckStats st;
        int bad = search_fast_check(t.p, seed, 150, &st);
        CU_ASSERT_NOT_EQUAL(bad, -1); /* the fast search takes every such shop */
        if (bad) fprintf(stderr, "\nseed %u: %d disagreements (%llu cycles)\n%s", seed, bad,
                         (unsigned long long)st.cycles, text);
        CU_ASSERT_EQUAL(bad, 0);
        sum.moves += st.moves;
        sum.exact += st.exact;
        sum.estimated += st.estimated;
        sum.over += st.over;
        sum.hits += st.hits;
        sum.made += st.made;
        test_plan_free(&t);
        tk_free(src);
        tk_free(text);
    }
    /* the check saw every kind of move, many times */
    CU_ASSERT_TRUE(sum.exact > 20000 && sum.estimated > 2000 && sum.made > 8000);
    if (getenv("TAKT_TEST_VERBOSE"))
        fprintf(stderr, "\nfast estimates: %llu moves, %llu exact, %llu estimated (%llu above the path), %llu the "
                        "makespan, %llu made\n",
                (unsigned long long)sum.moves, (unsigned long long)sum.exact, (unsigned long long)sum.estimated,
                (unsigned long long)sum.over, (unsigned long long)sum.hits,
                (unsigned long long)sum.made);
}


/* The general search on job shops with due dates and weights by the rule
 * of Singer and Pinedo evaluates each move it tries toward a late order
 * exactly: a trial is the whole decode of the moved plan, and leaves the
 * schedule as it was; a move made is the schedule the whole decode gives. */
static void due_date_moves_are_the_whole_decode(void)
{
    static const char *const factors[] = {"1", "1.3", "1.6"};
    for (uint32_t seed = 1; seed <= 24; seed++) {
        char *text = random_bench(seed, false);
        BenchInstance bi;
        char *err = bench_parse(&bi, BENCH_JSSP, "due", text, strlen(text));
        CU_ASSERT_PTR_NULL_FATAL(err);
        BenchDue d = {0, 0, true};
        CU_ASSERT_TRUE(bench_due_factor_parse(factors[seed % 3], &d));
        StrBuf b = {0};
        bench_write_model_due(&bi, &d, &b);
        bench_free(&bi);
        TestPlan t = test_plan(b.data);
        CU_ASSERT_FATAL(t.ok);
        int bad = search_selfcheck(t.p, seed, 300);
        if (bad) fprintf(stderr, "\nseed %u: %d disagreements\n%s", seed, bad, text);
        CU_ASSERT_EQUAL(bad, 0);
        test_plan_free(&t);
        sb_free(&b);
        tk_free(text);
    }
}


/* The restarts from between two elite plans: such a plan decodes (it has
 * no cycle), keeps every order on a unit the two plans agree on, and takes
 * the others from both; on random job shops, flexible job shops and ft06
 * with due dates. */
static void plans_between_two_are_plans(void)
{
    int mixed = 0;
    for (uint32_t seed = 1; seed <= 30; seed++) {
        bool flexible = seed % 3 == 0;
        char *text = random_bench(seed, flexible);
        char *src = seed % 5 == 0 ? ft06_due("1.3") : bench_model(flexible ? BENCH_FJSP : BENCH_JSSP, text);
        TestPlan t = test_plan(src);
        CU_ASSERT_FATAL(t.ok);
        int m = 0, bad = search_relink_check(t.p, seed, 20, &m);
        if (bad) fprintf(stderr, "\nseed %u: %d disagreements\n%s", seed, bad, src);
        CU_ASSERT_EQUAL(bad, 0);
        mixed += m;
        test_plan_free(&t);
        tk_free(src);
        tk_free(text);
    }
    CU_ASSERT_TRUE(mixed > 300);
}

/* Searches long enough to restart from between elite plans give the same
 * plan every time, on one thread or two: the fast search on a job shop and
 * the general one on ft06 with due dates. */
static void restarts_between_elite_plans_are_deterministic(void)
{
    char *text = random_bench(7, false);
    char *srcs[2] = {bench_model(BENCH_JSSP, text), ft06_due("1.3")};
    int64_t iters[2] = {40000, 12000};
    for (int k = 0; k < 2; k++)
        for (int threads = 1; threads <= 2; threads++) {
            char *plan[2];
            int64_t between = 0;
            for (int r = 0; r < 2; r++) {
                Run x = run(srcs[k], iters[k], 3, threads);
                feasible(x.p);
                between = x.st.between;
                StrBuf b = {0};
                plan_write(x.p, &b);
                plan[r] = b.data;
                done(&x);
            }
            CU_ASSERT_TRUE(between > 0);
            CU_ASSERT_STRING_EQUAL(plan[0], plan[1]);
            tk_free(plan[0]);
            tk_free(plan[1]);
        }
    tk_free(srcs[0]);
    tk_free(srcs[1]);
    tk_free(text);
}

void suite_search(void)
{
    CU_pSuite s = CU_add_suite("search", NULL, NULL);
    ADD_TEST(s, search_keeps_windows);
    ADD_TEST(s, batch_decoder_step);
    ADD_TEST(s, batch_plants_searched);
    ADD_TEST(s, job_shop_optimum_is_found);
    ADD_TEST(s, flexible_shop_improves);
    ADD_TEST(s, seed_and_iterations_fix_the_plan);
    ADD_TEST(s, general_objective_stays_feasible);
    ADD_TEST(s, setups_are_grouped);
    ADD_TEST(s, incremental_schedule_is_the_whole_decode);
    ADD_TEST(s, restricted_measures_verify);
    ADD_TEST(s, resources_searched_whole);
    ADD_TEST(s, restricted_setups_group_colours);
    ADD_TEST(s, a_stop_ends_the_search);
    ADD_TEST(s, no_time_no_search);
    ADD_TEST(s, late_orders_are_aimed_at_along_critical_chains);
    ADD_TEST(s, weighted_tardiness_is_searched);
    ADD_TEST(s, fast_estimates_are_the_moved_plans);
    ADD_TEST(s, due_date_moves_are_the_whole_decode);
    ADD_TEST(s, plans_between_two_are_plans);
    ADD_TEST(s, restarts_between_elite_plans_are_deterministic);
}
