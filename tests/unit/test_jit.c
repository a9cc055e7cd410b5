/* test_jit.c: the JIT against the interpreter. Random, well-typed rule
 * expressions over every operator, function and value a rule can read are
 * written as Takt source, checked, lowered, and evaluated by both engines on
 * environments full of edge values (zero, negatives, huge numbers, infinity,
 * NaN), one at a time and as dispatch scans (columns, values shared by the
 * candidates, and the JIT's memory of calls kept from scan to scan); the
 * results must be the same bits, and the test checks that every operation,
 * built-in value and attribute table was reached. Then plants using those
 * rules for dispatch, setups, costs and the objective, and every example,
 * are planned with both engines, and the plan files must be the same bytes.
 * Built only with the LLVM back end. */
#include "test.h"

#ifdef TAKT_HAVE_JIT

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/fmath.h"
#include "compiler/ir.h"
#include "compiler/valops.h"
#include "backend/jit.h"
#include "runtime/runtime.h"

static uint64_t rng;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % (n ? n : 1));
}

typedef enum { T_NUM, T_DUR, T_DT, T_BOOL } Ty;

static const char *const nums[] = {"0", "1", "2.5", "0.001", "1e300", "1e-300", "3", "1000000", "0.5", "-4"};
static const char *const numvars[] = {"job.quantity", "order.priority", "operation.index", "machine.units",
                                      "job.remaining_ops", "machine.queue", "order.quantity", "job.weight",
                                      "prev.quantity", "operation.alternatives", "job.priority", "prev.priority",
                                      "operation.resource_units", "operation.transfer",
                                      "machine.speed", "(order.penalty / (1 EUR/h))", "order.size"};
static const char *const durs[] = {"0 min", "5 min", "1.5 h", "1e9 h", "30 s", "2 d"};
static const char *const durvars[] = {"operation.time", "operation.run", "operation.setup", "remaining_work",
                                      "job.remaining_work", "job.total_work", "machine.mean_time"};
static const char *const dts[] = {"now", "order.due", "job.due", "job.ready", "order.release", "job.release",
                                  "prev.end", "prev.due", "prev.release", "2026-12-24", "2027-01-01 12:00"};
static const char *const bools[] = {"true", "false", "prev.exists", "job.rush", "(job.colour == prev.colour)",
                                    "(job.colour != \"red\")", "(order.customer == \"Velo\")"};

/* setups and costs may not read the values of the dispatch moment */
static bool static_only;
static const char *const moment[] = {"job.remaining_ops", "machine.queue", "remaining_work", "job.remaining_work",
                                     "machine.mean_time", "now", "job.ready"};

static const char *pick(const char *const *a, size_t n)
{
    for (;;) {
        const char *w = a[rnd((uint32_t)n)];
        bool bad = false;
        for (size_t i = 0; static_only && i < TK_COUNTOF(moment); i++) bad |= strcmp(w, moment[i]) == 0;
        if (!bad) return w;
    }
}
#define PICK(a) pick((a), TK_COUNTOF(a))

static void gen(StrBuf *o, Ty t, int depth);

static void paren(StrBuf *o, Ty a, const char *op, Ty b, int d)
{
    sb_putc(o, '(');
    gen(o, a, d);
    sb_printf(o, " %s ", op);
    gen(o, b, d);
    sb_putc(o, ')');
}

static void call(StrBuf *o, const char *fn, Ty a, int nargs, int d)
{
    sb_printf(o, "%s(", fn);
    for (int i = 0; i < nargs; i++) {
        if (i) sb_puts(o, ", ");
        gen(o, a, d);
    }
    sb_putc(o, ')');
}

static void gen_if(StrBuf *o, Ty t, int d)
{
    sb_puts(o, "(if ");
    gen(o, T_BOOL, d);
    sb_puts(o, " then ");
    gen(o, t, d);
    sb_puts(o, " else ");
    gen(o, t, d);
    sb_putc(o, ')');
}

static void gen(StrBuf *o, Ty t, int depth)
{
    int d = depth - 1;
    if (depth <= 0 || rnd(6) == 0) {
        switch (t) {
        case T_NUM: sb_puts(o, rnd(2) ? PICK(nums) : PICK(numvars)); return;
        case T_DUR: sb_puts(o, rnd(2) ? PICK(durs) : PICK(durvars)); return;
        case T_DT: sb_puts(o, PICK(dts)); return;
        case T_BOOL: sb_puts(o, PICK(bools)); return;
        }
    }
    static const char *const arith[] = {"+", "-", "*", "/"};
    static const char *const cmp[] = {"==", "!=", "<", "<=", ">", ">="};
    static const char *const fn1[] = {"exp", "log", "sqrt", "floor", "ceil", "round", "abs"};
    switch (t) {
    case T_NUM:
        switch (rnd(9)) {
        case 0: case 1: paren(o, T_NUM, PICK(arith), T_NUM, d); return;
        case 2: paren(o, T_DUR, "/", T_DUR, d); return;
        case 3: sb_puts(o, "-"), gen(o, T_NUM, d); return;
        case 4: call(o, PICK(fn1), T_NUM, 1, d); return;
        case 5: call(o, "pow", T_NUM, 2, d); return;
        case 6: call(o, rnd(2) ? "min" : "max", T_NUM, 2 + (int)rnd(2), d); return;
        case 7: call(o, "clamp", T_NUM, 3, d); return;
        default: gen_if(o, t, d); return;
        }
    case T_DUR:
        switch (rnd(8)) {
        case 0: case 1: paren(o, T_DUR, rnd(2) ? "+" : "-", T_DUR, d); return;
        case 2: paren(o, T_NUM, "*", T_DUR, d); return;
        case 3: paren(o, T_DUR, "/", T_NUM, d); return;
        case 4: paren(o, T_DT, "-", T_DT, d); return;
        case 5: call(o, rnd(2) ? "min" : "max", T_DUR, 2, d); return;
        case 6: call(o, "abs", T_DUR, 1, d); return;
        default: gen_if(o, t, d); return;
        }
    case T_DT:
        switch (rnd(4)) {
        case 0: paren(o, T_DT, rnd(2) ? "+" : "-", T_DUR, d); return;
        case 1: call(o, rnd(2) ? "min" : "max", T_DT, 2, d); return;
        case 2: gen_if(o, t, d); return;
        default: sb_puts(o, PICK(dts)); return;
        }
    case T_BOOL:
        switch (rnd(6)) {
        case 0: {
            Ty c = (Ty)rnd(3);
            paren(o, c, PICK(cmp), c, d);
            return;
        }
        case 1: paren(o, T_BOOL, "and", T_BOOL, d); return;
        case 2: paren(o, T_BOOL, "or", T_BOOL, d); return;
        case 3: sb_puts(o, "(not "), gen(o, T_BOOL, d), sb_putc(o, ')'); return;
        case 4: paren(o, T_BOOL, rnd(2) ? "==" : "!=", T_BOOL, d); return;
        default: sb_puts(o, PICK(bools)); return;
        }
    }
}

/* A small plant whose dispatch, setup and cost rules and objective are
 * random; `busy`: five times the orders, all released at once, so queues
 * are long and operations wait through many decisions. */
static char *random_model(uint64_t seed, bool busy)
{
    rng = seed * 0x9E3779B97F4A7C15ull + 1;
    StrBuf o = {0};
    sb_puts(&o, "plant \"Random\" { start 2026-12-07 06:00  horizon 26 weeks  currency EUR }\n"
                "calendar two { mon-fri 06:00-14:00, 14:00-22:00 }\n");
    sb_puts(&o, "machine m1 { units 2  calendar two  speed 1.5  fast true  setup max(0 min, min(2 h, ");
    static_only = true;
    gen(&o, T_DUR, 3);
    sb_puts(&o, "))  cost max(0 EUR/h, min(500 EUR/h, 40 EUR/h + 1 EUR/h * min(100, max(0, ");
    gen(&o, T_NUM, 2);
    static_only = false;
    sb_puts(&o, "))))  setup by colour { same 5 min  change 20 min } }\n");
    sb_puts(&o, "machine m2 { units 1  speed 0  fast false }\nmachine m3 { units 1  calendar two  speed 2  fast false }\n");
    /* resources: rules read operation.resource_units, plans hold units */
    sb_puts(&o, "calendar crew_shift { mon-fri 07:00-15:00 }\n"
                "resource crew { units 2  calendar crew_shift  cost 30 EUR/h }\nresource helper { units 1 }\n");
    static const char *const colours[] = {"red", "blue", "green"};
    for (int p = 0; p < 4; p++) {
        sb_printf(&o, "product p%d { colour \"%s\"  weight %u  rush %s  routing {\n", p, colours[rnd(3)], rnd(5),
                  rnd(2) ? "true" : "false");
        sb_printf(&o, "  a on m1 | m3 (run %u min each  with helper) run %u min each  with crew\n", 1 + rnd(9),
                  1 + rnd(9));
        /* transfer lots: rules read operation.transfer */
        sb_printf(&o, "  b on m2 run %u min each  transfer 5\n", 1 + rnd(9));
        sb_printf(&o, "  c on m1 setup %u min run %u min after start  with helper | crew for setup\n", rnd(20),
                  5 + rnd(60));
        sb_puts(&o, "} }\n");
    }
    for (int i = 0; i < (busy ? 60 : 12); i++)
        sb_printf(&o, "order O%02d { p%u %u  due 2026-12-%02u  release 2026-12-%02u  priority %u  penalty %u EUR/day"
                      "  customer \"%s\"  size %u }\n",
                  i, rnd(4), 1 + rnd(20), 10 + rnd(15), busy ? 7 : 7 + rnd(3), rnd(4), rnd(100),
                  rnd(2) ? "Velo" : "Rad", rnd(9));
    sb_puts(&o, "rule r = ");
    Ty t = (Ty)rnd(3);
    gen(&o, t, 5);
    /* odd seeds: a lexicographic dispatch rule (a random second level, often
     * tied at the first, then a third) and objective */
    bool levels = seed & 1;
    if (levels) {
        sb_puts(&o, "\nrule r2 = ");
        gen(&o, (Ty)rnd(3), 4);
    }
    /* every plan measure, with random weights, and measures restricted to
     * a machine, to machines and to orders */
    sb_printf(&o, "\nschedule { dispatch r%s\n  minimize %u * makespan + %u * tardiness + max_tardiness + %u * "
                  "weighted_tardiness + setup_time + flow_time + %u min * setups + %u min * late_orders + "
                  "(penalty + %u * cost) / (1 EUR/h)\n"
                  "    + %u min * setups(m1) + setup_time(machine.units > 1) + %u * tardiness(order.customer == "
                  "\"Velo\")\n    + %u min * moved + 1 min * reassigned + shifted / %u%s }\n",
              levels ? " then r2 then job.quantity" : "", rnd(3), rnd(5), rnd(2), rnd(30), rnd(600), rnd(2), rnd(30),
              rnd(4), rnd(60), 1 + rnd(9), levels ? " then makespan then 1 EUR * setups(m1) + cost" : "");
    char *s = strdup(sb_cstr(&o));
    sb_free(&o);
    return s;
}

static const double edge[] = {0, -0.0, 1, -1, 0.5, 1e300, -1e300, INFINITY, -INFINITY, NAN, 1e-310, 1440, 2.9e7};

enum { NCAND = 16 };

/* Random values, edge values among them, and attribute rows of its own. */
static void fill_random_env(RuleEnv *env, double *rows[ATAB__COUNT], const IrModel *ir)
{
    for (int v = 0; v < RV__COUNT; v++) env->var[v] = rnd(3) ? (double)rnd(100000) - 500 : edge[rnd(TK_COUNTOF(edge))];
    for (int t = 0; t < ATAB__COUNT; t++) {
        for (uint32_t k = 0; k < ir->nattrs[t]; k++)
            rows[t][k] = rnd(2) ? (double)rnd(8) : edge[rnd(TK_COUNTOF(edge))];
        env->attr[t] = rows[t];
    }
}

/* which operations, built-in values and attribute tables the functions reached */
static bool seen_op[IR__COUNT], seen_var[RV__COUNT], seen_tab[ATAB__COUNT];

static void note_coverage(const IrFunc *f)
{
    for (uint32_t i = 0; i < f->n; i++) {
        seen_op[f->ins[i].op] = true;
        if (f->ins[i].op == IR_VAR) seen_var[f->ins[i].a] = true;
        if (f->ins[i].op == IR_ATTR) seen_tab[f->ins[i].obj] = true;
    }
}

/* Candidate k's environment in a scan of envs: its own values, but those
 * every candidate shares (runtime.h, RuleScan) from envs[0]. */
static RuleEnv scan_env(const RuleEnv *envs, int k)
{
    RuleEnv e = envs[0];
    for (int v = 0; v < RV__COUNT; v++)
        if (scan_var_per_candidate(v)) e.var[v] = envs[k].var[v];
    for (int t = 0; t < ATAB__COUNT; t++)
        if (scan_attr_per_candidate(t)) e.attr[t] = envs[k].attr[t];
    return e;
}

static bool same_bits(const double *x, const double *y, int n) { return memcmp(x, y, (size_t)n * sizeof(double)) == 0; }

/* Scans of function fi over NCAND candidates, round after round, with the
 * JIT's memo rows kept between rounds as the scheduler keeps them: some
 * candidates keep their values (the memo must give the same result), some
 * change, and now and then an operation is new (its row zeroed). The JIT's
 * scan, the interpreter's scan and single evaluations must agree. */
static bool scans_agree(Engine *it, Engine *jit, const IrModel *ir, int32_t fi, unsigned *evals)
{
    RuleEnv envs[NCAND];
    double *rows[NCAND][ATAB__COUNT];
    for (int k = 0; k < NCAND; k++)
        for (int t = 0; t < ATAB__COUNT; t++) rows[k][t] = calloc(ir->nattrs[t] + 1, sizeof(double));
    uint32_t ml = jit->scan_memo(jit, fi);
    double *memo = calloc((size_t)NCAND * (ml + 1), sizeof(double));
    double *mrow[NCAND];
    double col[RV__COUNT][NCAND];
    const double *row[ATAB__COUNT][NCAND];
    bool ok = true;
    for (int round = 0; round < 30 && ok; round++) {
        for (int k = 0; k < NCAND; k++) {
            if (round == 0 || rnd(2)) fill_random_env(&envs[k], rows[k], ir);
            if (rnd(8) == 0) memset(memo + (size_t)k * (ml + 1), 0, (ml + 1) * sizeof(double));
            mrow[k] = memo + (size_t)k * (ml + 1);
        }
        if (rnd(2)) fill_random_env(&envs[0], rows[0], ir); /* the shared values change */
        RuleScan sc;
        memset(&sc, 0, sizeof sc);
        sc.shared = envs[0];
        for (int v = 0; v < RV__COUNT; v++) {
            for (int k = 0; k < NCAND; k++) col[v][k] = envs[k].var[v];
            sc.col[v] = col[v];
        }
        for (int t = 0; t < ATAB__COUNT; t++) {
            for (int k = 0; k < NCAND; k++) row[t][k] = envs[k].attr[t];
            sc.rows[t] = row[t];
        }
        sc.memo = mrow;
        int n = 1 + (int)rnd(NCAND);
        double want[NCAND], a[NCAND], b[NCAND];
        for (int k = 0; k < n; k++) {
            RuleEnv e = scan_env(envs, k);
            want[k] = it->eval(it, fi, &e);
        }
        it->scan(it, fi, &sc, (uint32_t)n, a);
        jit->scan(jit, fi, &sc, (uint32_t)n, b);
        ok = same_bits(want, a, n) && same_bits(want, b, n);
        *evals += (unsigned)n;
    }
    for (int k = 0; k < NCAND; k++)
        for (int t = 0; t < ATAB__COUNT; t++) free(rows[k][t]);
    free(memo);
    return ok;
}

static void values_agree(void)
{
    unsigned models = 0, evals = 0, memos = 0;
    for (uint64_t seed = 1; seed <= 150; seed++) {
        char *src = random_model(seed, false);
        Model *m = test_check(src);
        if (m->diags.nerrors) {
            char *r = test_render(m);
            fprintf(stderr, "\nseed %llu does not check:\n%s\n%s", (unsigned long long)seed, src, r);
            free(r);
        }
        CU_ASSERT_EQUAL_FATAL(m->diags.nerrors, 0);
        IrModel *ir = ir_lower(m);
        char *err = NULL;
        Engine *jit = engine_jit_new(ir, &err, NULL);
        if (!jit) fprintf(stderr, "\nthe JIT failed: %s\n", err ? err : "?");
        CU_ASSERT_PTR_NOT_NULL_FATAL(jit);
        Engine *it = engine_interp_new(ir);
        double *rows[NCAND][ATAB__COUNT];
        for (int k = 0; k < NCAND; k++)
            for (int t = 0; t < ATAB__COUNT; t++) rows[k][t] = calloc(ir->nattrs[t] + 1, sizeof(double));
        RuleEnv envs[NCAND];
        double a[NCAND], b[NCAND];
        for (uint32_t fi = 0; fi < ir->nfuncs; fi++) {
            note_coverage(&ir->funcs[fi]);
            memos += jit->scan_memo(jit, (int32_t)fi) > 0;
            for (int round = 0; round < 40; round++) {
                for (int k = 0; k < NCAND; k++) fill_random_env(&envs[k], rows[k], ir);
                for (int k = 0; k < NCAND; k++) {
                    double x = it->eval(it, (int32_t)fi, &envs[k]);
                    double y = jit->eval(jit, (int32_t)fi, &envs[k]);
                    if (memcmp(&x, &y, sizeof x) != 0) {
                        fprintf(stderr, "\nseed %llu function %s: interp %.17g, jit %.17g\n%s\n",
                                (unsigned long long)seed, ir->funcs[fi].name, x, y, src);
                        CU_FAIL("engines disagree");
                        goto next;
                    }
                    evals++;
                }
                it->eval_many(it, (int32_t)fi, envs, NCAND, a);
                jit->eval_many(jit, (int32_t)fi, envs, NCAND, b);
                CU_ASSERT_TRUE(same_bits(a, b, NCAND));
            }
            if (!scans_agree(it, jit, ir, (int32_t)fi, &evals)) {
                fprintf(stderr, "\nseed %llu function %s: the scans disagree\n%s\n", (unsigned long long)seed,
                        ir->funcs[fi].name, src);
                CU_FAIL("scans disagree");
            }
        }
    next:
        for (int k = 0; k < NCAND; k++)
            for (int t = 0; t < ATAB__COUNT; t++) free(rows[k][t]);
        it->free(it);
        jit->free(jit);
        ir_free(ir);
        model_free(m);
        free(src);
        models++;
    }
    CU_ASSERT_EQUAL(models, 150);
    CU_ASSERT_TRUE(evals > 10000);
    CU_ASSERT_TRUE(memos > 10); /* dispatch rules whose calls the JIT remembers */
    for (int op = 0; op < IR__COUNT; op++) {
        if (!seen_op[op]) fprintf(stderr, "\nno random rule has %s\n", ir_op_name((IrOp)op));
        CU_ASSERT_TRUE(seen_op[op]);
    }
    for (int v = 0; v < RV__COUNT; v++) {
        if (!seen_var[v]) fprintf(stderr, "\nno random rule reads built-in value %d\n", v);
        CU_ASSERT_TRUE(seen_var[v]);
    }
    for (int t = 0; t < ATAB__COUNT; t++) CU_ASSERT_TRUE(seen_tab[t]);
}

/* The plan file and schedule of a model (given as text, or as the path of
 * its main file) planned with one engine, or the problems if it fails. */
static char *plan_text(const char *src, const char *path, bool use_jit)
{
    Model *m;
    if (path) {
        m = model_new(NULL);
        model_check_paths(m, &path, 1);
    } else m = test_check(src);
    CU_ASSERT_EQUAL_FATAL(m->diags.nerrors, 0);
    IrModel *ir = ir_lower(m);
    char *err = NULL;
    Engine *e = use_jit ? engine_jit_new(ir, &err, NULL) : engine_interp_new(ir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    Plan *p = plan_new(ir);
    mrp_explode(p);
    bool ok = sched_run(p, e);
    StrBuf b = {0};
    if (ok) {
        plan_measure(p, e);
        plan_write(p, &b);
        plan_write_csv(p, &b);
    } else {
        for (uint32_t i = 0; i < p->problems.len; i++) sb_printf(&b, "problem %s\n", p->problems.data[i].msg);
    }
    char *s = strdup(sb_cstr(&b));
    sb_free(&b);
    plan_free(p);
    e->free(e);
    ir_free(ir);
    model_free(m);
    return s;
}

static void plans_agree(void)
{
    for (uint64_t seed = 1000; seed < 1200; seed++) {
        char *src = random_model(seed, seed % 2);
        char *a = plan_text(src, NULL, false), *b = plan_text(src, NULL, true);
        if (strcmp(a, b) != 0) fprintf(stderr, "\nplans differ for seed %llu:\n%s", (unsigned long long)seed, src);
        CU_ASSERT_STRING_EQUAL(a, b);
        free(a);
        free(b);
        free(src);
    }
}

/* Every example, planned with each engine: the same bytes. */
static void examples_agree(void)
{
    const char *dir = TAKT_SOURCE_STDLIB "/../examples";
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    unsigned n = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/main.takt", dir, de->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        fclose(f);
        char *a = plan_text(NULL, path, false), *b = plan_text(NULL, path, true);
        if (strcmp(a, b) != 0) fprintf(stderr, "\nthe engines plan %s differently\n", path);
        CU_ASSERT_STRING_EQUAL(a, b);
        CU_ASSERT_PTR_NULL(strstr(a, "problem "));
        free(a);
        free(b);
        n++;
    }
    closedir(d);
    CU_ASSERT_TRUE(n >= 4);
}

/* The distance of two doubles in units in the last place. */
static int64_t ulps_apart(double a, double b)
{
    int64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    if (x < 0) x = INT64_MIN - x;
    if (y < 0) y = INT64_MIN - y;
    return x > y ? x - y : y - x;
}

/* e^x of Takt's own (compiler/fmath.h): within one unit in the last place
 * of libm's, exactly what C's Annex F says at the edges, and the JIT's
 * inline code gives the same bits as the interpreter. */
static void exp_own(void)
{
    uint64_t st = 88172645463325252ull;
    long apart = 0;
    int64_t worst = 0;
    for (long i = 0; i < 1000000; i++) {
        st ^= st << 13;
        st ^= st >> 7;
        st ^= st << 17;
        double x = (double)(st >> 11) / 9007199254740992.0 * 1500.0 - 750.0;
        if (i % 4 == 1) x /= 1000;
        if (i % 4 == 2) x /= 1e9;
        int64_t d = ulps_apart(fm_exp(x), exp(x));
        apart += d != 0;
        if (d > worst) worst = d;
    }
    CU_ASSERT_TRUE(worst <= 1);
    CU_ASSERT_TRUE(apart < 50000); /* nearly always libm's own (glibc's is correctly rounded but for rare cases) */
    CU_ASSERT_EQUAL(fm_exp(0.0), 1.0);
    CU_ASSERT_EQUAL(fm_exp(-0.0), 1.0);
    CU_ASSERT_EQUAL(fm_exp(1.0), 0x1.5bf0a8b145769p+1);
    CU_ASSERT_EQUAL(fm_exp(INFINITY), INFINITY);
    CU_ASSERT_EQUAL(fm_exp(-INFINITY), 0.0);
    CU_ASSERT_EQUAL(fm_exp(709.79), INFINITY);
    CU_ASSERT_TRUE(isfinite(fm_exp(709.78)));
    CU_ASSERT_EQUAL(fm_exp(-745.1), 0x1p-1074); /* the least subnormal */
    CU_ASSERT_EQUAL(fm_exp(-745.2), 0.0);
    CU_ASSERT_TRUE(isnan(fm_exp(NAN)));

    /* the JIT's inline exp against the interpreter's call, bit for bit */
    Model *m = test_check("plant \"E\" { start 2026-12-07 06:00  horizon 26 weeks  currency EUR }\n"
                          "machine m1 { units 1 }\nproduct p0 { routing { a on m1 run 1 min each } }\n"
                          "order O1 { p0 1  due 2026-12-10 }\nrule r = exp(job.quantity)\n"
                          "schedule { dispatch r }\n");
    CU_ASSERT_EQUAL_FATAL(m->diags.nerrors, 0);
    IrModel *ir = ir_lower(m);
    char *err = NULL;
    Engine *jit = engine_jit_new(ir, &err, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(jit);
    Engine *it = engine_interp_new(ir);
    RuleEnv env;
    memset(&env, 0, sizeof env);
    for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
    static const double edges[] = {0, -0.0, 1, -1, 709.78, 709.782712893384, 709.7827128933841, 710, 710.0000001,
                                   -745.13, -745.1332191019411, -745.1332191019412, -746, -746.0000001, 1e300,
                                   -1e300, INFINITY, -INFINITY, NAN, 1e-310, -1e-310, 0.5, -0.5, 0.34657359027997264,
                                   -0.34657359027997264, 1024 * 0.6931471805599453, -1022 * 0.6931471805599453};
    long bad = 0, n = 0;
    for (long i = 0; i < 300000; i++) {
        double x;
        if (i < (long)TK_COUNTOF(edges)) x = edges[i];
        else {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            x = (double)(st >> 11) / 9007199254740992.0 * 1500.0 - 750.0;
            if (i % 3 == 1) x /= 1e3;
            if (i % 3 == 2) x = nextafter(round(x) * 0.6931471805599453, (double)(int64_t)(st % 3) - 1.0);
        }
        env.var[RV_JOB_QUANTITY] = x;
        double a = it->eval(it, ir->dispatch_fn, &env), b = jit->eval(jit, ir->dispatch_fn, &env);
        double c = vo_nan0(fm_exp(x));
        if (memcmp(&a, &b, sizeof a) != 0 || memcmp(&a, &c, sizeof a) != 0) {
            if (bad++ < 5) fprintf(stderr, "\nexp(%a): interp %a, jit %a, fm_exp %a\n", x, a, b, c);
        }
        n++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(n, 300000);
    it->free(it);
    jit->free(jit);
    ir_free(ir);
    model_free(m);
}

/* log(x) of Takt's own likewise: within one unit in the last place of
 * libm's over normal and subnormal arguments, exact at 1, and the JIT's
 * inline code (with vo_log's 0 for x <= 0) the interpreter's bits. */
static void log_own(void)
{
    uint64_t st = 0x2545F4914F6CDD1Dull;
    long apart = 0, n = 0;
    int64_t worst = 0;
    for (long i = 0; i < 1000000; i++) {
        st ^= st << 13;
        st ^= st >> 7;
        st ^= st << 17;
        double x;
        uint64_t bits = st >> 1; /* any positive double, subnormals and all */
        if (i % 2) memcpy(&x, &bits, sizeof x);
        else x = 0.5 + (double)(st >> 11) / 9007199254740992.0; /* near 1, where log is small */
        if (!(x > 0) || isinf(x)) continue;
        int64_t d = ulps_apart(fm_log(x), log(x));
        apart += d != 0;
        if (d > worst) worst = d;
        n++;
    }
    CU_ASSERT_TRUE(n > 990000);
    CU_ASSERT_TRUE(worst <= 1);
    CU_ASSERT_TRUE(apart < n / 10);
    CU_ASSERT_EQUAL(fm_log(1.0), 0.0);
    CU_ASSERT_EQUAL(fm_log(2.0), 0x1.62e42fefa39efp-1);
    CU_ASSERT_EQUAL(fm_log(0x1p-1074), -0x1.74385446d71c3p+9);
    CU_ASSERT_EQUAL(fm_log(INFINITY), INFINITY);
    CU_ASSERT_EQUAL(fm_log(0.0), -INFINITY);
    CU_ASSERT_TRUE(isnan(fm_log(-1.0)));
    CU_ASSERT_TRUE(isnan(fm_log(NAN)));

    Model *m = test_check("plant \"E\" { start 2026-12-07 06:00  horizon 26 weeks  currency EUR }\n"
                          "machine m1 { units 1 }\nproduct p0 { routing { a on m1 run 1 min each } }\n"
                          "order O1 { p0 1  due 2026-12-10 }\nrule r = log(job.quantity)\n"
                          "schedule { dispatch r }\n");
    CU_ASSERT_EQUAL_FATAL(m->diags.nerrors, 0);
    IrModel *ir = ir_lower(m);
    char *err = NULL;
    Engine *jit = engine_jit_new(ir, &err, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(jit);
    Engine *it = engine_interp_new(ir);
    RuleEnv env;
    memset(&env, 0, sizeof env);
    for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
    static const double edges[] = {0, -0.0, 1, -1, 2, 0.5, FM_SQRT2, 0x1.6a09e667f3bcep+0, 0x1p-1022, 0x1p-1074,
                                   0x1.fffffffffffffp-1023, 1e300, 1.7976931348623157e308, INFINITY, -INFINITY, NAN};
    long bad = 0;
    for (long i = 0; i < 300000; i++) {
        double x;
        if (i < (long)TK_COUNTOF(edges)) x = edges[i];
        else {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            uint64_t bits = st;
            memcpy(&x, &bits, sizeof x);
            if (i % 2) x = (double)(st >> 11) / 9007199254740992.0 * 4.0;
        }
        env.var[RV_JOB_QUANTITY] = x;
        double a = it->eval(it, ir->dispatch_fn, &env), b = jit->eval(jit, ir->dispatch_fn, &env);
        double c = vo_nan0(vo_log(x));
        if ((memcmp(&a, &b, sizeof a) != 0 || memcmp(&a, &c, sizeof a) != 0) && bad++ < 5)
            fprintf(stderr, "\nlog(%a): interp %a, jit %a, vo_log %a\n", x, a, b, c);
    }
    CU_ASSERT_EQUAL(bad, 0);
    it->free(it);
    jit->free(jit);
    ir_free(ir);
    model_free(m);
}

static void emit_llvm(void)
{
    char *src = random_model(7, false);
    Model *m = test_check(src);
    IrModel *ir = ir_lower(m);
    char *err = NULL;
    char *text = jit_emit_llvm(ir, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "define double @takt_f0"));
    char scan[64];
    snprintf(scan, sizeof scan, "define void @takt_scan%d(", ir->dispatch_fn);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, scan)); /* the dispatch rule as a loop over the candidates */
    snprintf(scan, sizeof scan, "define void @takt_scan%d(", ir->objective_fn);
    CU_ASSERT_PTR_NULL(strstr(text, scan)); /* the objective, evaluated once, is not */
    CU_ASSERT_PTR_NULL(strstr(text, "fast")); /* no fast-math flags anywhere */
    tk_free(text);
    ir_free(ir);
    model_free(m);
    free(src);
}

void suite_jit(void)
{
    CU_pSuite s = CU_add_suite("jit", NULL, NULL);
    ADD_TEST(s, values_agree);
    ADD_TEST(s, plans_agree);
    ADD_TEST(s, examples_agree);
    ADD_TEST(s, emit_llvm);
    ADD_TEST(s, exp_own);
    ADD_TEST(s, log_own);
}

#else

void suite_jit(void)
{
    /* built without LLVM: nothing to compare */
}

#endif
