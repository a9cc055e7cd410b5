/* plan.c: a plan's lifetime, its problems, and the measures of a finished
 * plan: makespan, lateness per customer order, costs and the objective. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "reference.h"

Plan *plan_new(const IrModel *ir)
{
    Plan *p = tk_xalloc(sizeof(Plan));
    memset(p, 0, sizeof *p);
    p->ir = ir;
    arena_init(&p->arena);
    p->orders = arena_alloc(&p->arena, (ir->norders + 1) * sizeof(OrderResult));
    return p;
}

const int32_t *plan_actual_wos(Plan *p)
{
    const IrModel *ir = p->ir;
    if (p->act_wo) return p->act_wo;
    p->act_wo = arena_alloc(&p->arena, (ir->nactuals + 1) * sizeof(int32_t));
    if (!ir->nactuals) return p->act_wo;
    NameIndex byname;
    nameindex_init(&byname);
    for (uint32_t i = 0; i < p->wos.len; i++) nameindex_add(&byname, p->wos.data[i].name, (int32_t)i);
    /* reports come by work order, each naming it by the model's symbol: the
     * same text as the last report's is the same work order */
    for (uint32_t k = 0; k < ir->nactuals; k++)
        p->act_wo[k] = k && ir->actuals[k].wo == ir->actuals[k - 1].wo ? p->act_wo[k - 1]
                                                                       : nameindex_find(&byname, ir->actuals[k].wo);
    nameindex_free(&byname);
    return p->act_wo;
}

/* The most units the alternatives of a step can need at once. */
static uint32_t step_max_units(const IrStep *st)
{
    uint32_t most = 0;
    for (uint32_t a = 0; a < st->nalts; a++) {
        uint32_t sum = 0;
        for (uint32_t k = 0; k < st->alts[a].nneeds; k++) {
            uint32_t c = 0;
            for (uint32_t q = 0; q < st->alts[a].needs[k].nalts; q++)
                if (st->alts[a].needs[k].alts[q].count > c) c = st->alts[a].needs[k].alts[q].count;
            sum += c;
        }
        if (sum > most) most = sum;
    }
    return most;
}

OpHold *plan_holds(Plan *p)
{
    const IrModel *ir = p->ir;
    if (p->holds || !ir->npools) return p->holds;
    p->hold_off = arena_alloc(&p->arena, ((size_t)p->ops.len + 1) * sizeof(uint32_t));
    uint64_t total = 0;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        p->hold_off[i] = (uint32_t)total;
        total += step_max_units(&ir->products[p->wos.data[op->wo].product].steps[op->step]);
        TK_ASSERT(total < UINT32_MAX); /* needs are at most 8 x 100000 units an operation */
    }
    p->hold_off[p->ops.len] = (uint32_t)total;
    p->holds = arena_alloc(&p->arena, ((size_t)total + 1) * sizeof(OpHold));
    for (uint64_t k = 0; k < total; k++) p->holds[k].pool = -1;
    return p->holds;
}

double plan_hold_cost(const IrModel *ir, const IrNeed *nd, int32_t pool, uint32_t count, double setup, double run)
{
    double minutes = nd->setup_only ? setup : setup + run;
    return ir->pools[pool].cost_rate * minutes * count;
}

double plan_op_resource_cost(const Plan *p, uint32_t oi, double *by_pool, double *held)
{
    if (!p->holds) return 0;
    const IrModel *ir = p->ir;
    const Op *op = &p->ops.data[oi];
    if (op->machine < 0) return 0;
    const IrAlt *al = plan_step_alt(&ir->products[p->wos.data[op->wo].product].steps[op->step], op->machine);
    const OpHold *h = p->holds + p->hold_off[oi];
    uint32_t n = p->hold_off[oi + 1] - p->hold_off[oi];
    double total = 0;
    for (uint32_t k = 0; k < n && h[k].pool >= 0; k++) {
        bool setup_only = false;
        for (uint32_t q = 0; al && q < al->nneeds; q++)
            for (uint32_t a = 0; a < al->needs[q].nalts; a++)
                if (al->needs[q].alts[a].pool == h[k].pool) setup_only = al->needs[q].setup_only;
        double minutes = setup_only ? op->setup : op->setup + op->run;
        double c = ir->pools[h[k].pool].cost_rate * minutes;
        total += c;
        if (by_pool) by_pool[h[k].pool] += c;
        if (held) held[h[k].pool] += minutes;
    }
    return total;
}

void plan_free(Plan *p)
{
    if (!p) return;
    vec_free(&p->wos);
    vec_free(&p->ops);
    vec_free(&p->purchases);
    vec_free(&p->sourcing);
    vec_free(&p->buys);
    vec_free(&p->problems);
    vec_free(&p->warnings);
    vec_free(&p->batches);
    vec_free(&p->batch_parts);
    vec_free(&p->window_misses);
    vec_free(&p->fcs);
    vec_free(&p->allocs);
    arena_free(&p->arena);
    tk_free(p);
}

static PlanProblem problem(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, va_list ap)
{
    PlanProblem pr;
    pr.code = code;
    char *m = tk_vfmt(fmt, ap);
    pr.msg = arena_strdup(&p->arena, m);
    tk_free(m);
    pr.hint = hint ? arena_strdup(&p->arena, hint) : NULL;
    pr.span = at;
    pr.note_at = span_none();
    pr.note = NULL;
    return pr;
}

void plan_problem(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    PlanProblem pr = problem(p, code, at, hint, fmt, ap);
    va_end(ap);
    vec_push(&p->problems, pr);
}

void plan_warning(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    PlanProblem pr = problem(p, code, at, hint, fmt, ap);
    va_end(ap);
    vec_push(&p->warnings, pr);
}

const char *plan_op_step_name(const Plan *p, const Op *op, StrBuf *scratch)
{
    const char *name = p->ir->products[p->wos.data[op->wo].product].steps[op->step].name;
    if (op->nsub <= 1) return name;
    scratch->len = 0;
    sb_printf(scratch, "%s#%u", name, (unsigned)op->sub + 1);
    return sb_cstr(scratch);
}

void plan_measure(Plan *p, Engine *eng)
{
    const IrModel *ir = p->ir;
    Measures *m = &p->m;
    double *terms = m->terms;
    memset(m, 0, sizeof *m);
    if (!terms) terms = arena_alloc(&p->arena, (ir->nmeasures + 1) * sizeof(double));
    m->terms = terms;
    if (!p->msets) p->msets = measure_sets(ir, eng, &p->arena);
    m->makespan_end = ir->start;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        if (op->end > m->makespan_end) m->makespan_end = op->end;
        if (ir->machines[op->machine].subcontract) {
            m->subcontract_cost += op->cost;
            continue;
        }
        m->machine_cost += op->cost;
        if (p->holds) m->resource_cost += plan_op_resource_cost(p, i, NULL, NULL);
        if (op->setup > 0) m->setups += 1;
        m->setup_time += op->setup;
    }
    for (uint32_t i = 0; i < p->wos.len; i++) {
        const WorkOrder *w = &p->wos.data[i];
        if (w->end > m->makespan_end) m->makespan_end = w->end;
        m->material_cost += w->material_cost;
    }
    m->buy_cost = 0;
    for (uint32_t i = 0; i < p->buys.len; i++) m->buy_cost += p->buys.data[i].cost;
    m->makespan = (double)(m->makespan_end - ir->start);
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *o = &ir->orders[i];
        OrderResult *r = &p->orders[i];
        r->done = p->order_ready ? p->order_ready[i] : ir->start; /* from stock, if no work order serves it; bought */
        for (uint32_t k = 0; k < p->order_wos[i].len; k++) {
            const WorkOrder *w = &p->wos.data[p->order_wos[i].data[k]];
            if (w->end > r->done) r->done = w->end;
        }
        r->lateness = r->done - o->due;
        double late = r->lateness > 0 ? (double)r->lateness : 0;
        m->tardiness += late;
        if (late > m->max_tardiness) m->max_tardiness = late;
        m->weighted_tardiness += o->priority * late;
        m->penalty += o->penalty * late;
        if (late > 0) m->late_orders += 1;
        int64_t from = o->release > ir->start ? o->release : ir->start;
        m->flow_time += (double)(r->done - from);
    }
    m->cost = m->machine_cost + m->material_cost + m->subcontract_cost + m->buy_cost;
    m->machine_cost -= m->resource_cost; /* the machines' own share */
    reference_measure(p, p->ref, m);
    measure_terms(p, p->msets, m->terms);
    RuleEnv env;
    plan_measure_env(p, &env);
    m->nlevels = plan_objective_levels(ir, eng, &env, m->levels);
    m->objective = m->levels[0];
}

uint32_t plan_objective_levels(const IrModel *ir, Engine *eng, const RuleEnv *env, double out[IR_MAX_LEVELS])
{
    if (!ir->nobjectives) {
        out[0] = env->var[RV_PLAN_MAKESPAN];
        return 1;
    }
    /* the tables env leaves out are read at their defaults */
    RuleEnv e = *env;
    for (int t = 0; t < ATAB__COUNT; t++)
        if (!e.attr[t]) e.attr[t] = ir->default_attrs[t];
    for (uint32_t k = 0; k < ir->nobjectives; k++) out[k] = eng->eval(eng, ir->objective_fns[k], &e);
    return ir->nobjectives;
}

void plan_measure_env(const Plan *p, RuleEnv *env)
{
    const Measures *m = &p->m;
    memset(env, 0, sizeof *env);
    env->var[RV_PLAN_MAKESPAN] = m->makespan;
    env->var[RV_PLAN_TARDINESS] = m->tardiness;
    env->var[RV_PLAN_MAX_TARDINESS] = m->max_tardiness;
    env->var[RV_PLAN_WEIGHTED_TARDINESS] = m->weighted_tardiness;
    env->var[RV_PLAN_PENALTY] = m->penalty;
    env->var[RV_PLAN_COST] = m->cost;
    env->var[RV_PLAN_SETUPS] = m->setups;
    env->var[RV_PLAN_SETUP_TIME] = m->setup_time;
    env->var[RV_PLAN_LATE_ORDERS] = m->late_orders;
    env->var[RV_PLAN_FLOW_TIME] = m->flow_time;
    env->var[RV_PLAN_MOVED] = m->moved;
    env->var[RV_PLAN_REASSIGNED] = m->reassigned;
    env->var[RV_PLAN_SHIFTED] = m->shifted;
    for (int t = 0; t < ATAB__COUNT; t++) env->attr[t] = p->ir->default_attrs[t];
    env->attr[ATAB_MEASURE] = m->terms;
}

bool plan_check_money(Plan *p)
{
    const Measures *m = &p->m;
    const struct { const char *what; double v; } sums[] = {
        {"machine cost", m->machine_cost}, {"material cost", m->material_cost}, {"cost", m->cost},
        {"penalties", m->penalty}, {"objective", m->objective},
    };
    for (size_t i = 0; i < TK_COUNTOF(sums); i++) {
        if (fabs(sums[i].v) <= TAKT_MAX_TOTAL_MONEY) continue;
        if (i == 4 && p->ir->objective_fn < 0) continue; /* makespan, a duration */
        plan_problem(p, DIAG_MONEY_OVERFLOW, span_none(), "see docs/limits.md",
                     "the plan's %s is %.0f %s, more than the 1e13 a plan holds to the cent", sums[i].what,
                     sums[i].v, p->ir->currency);
        return false;
    }
    return true;
}

/* The sequence-dependent setup of a job of `product` on machine mc after a
 * job of `prev` (-1: the first on its unit): the sum over its setup-by blocks. */
double plan_setup_by(const IrModel *ir, const IrMachine *mc, int32_t product, int32_t prev)
{
    double total = 0;
    const double *cur = ir->products[product].attrs;
    for (uint32_t k = 0; k < mc->nsetup_by; k++) {
        const IrSetupBy *b = &mc->setup_by[k];
        if (prev < 0) {
            total += b->first;
            continue;
        }
        double a = ir->products[prev].attrs[b->attr], c = cur[b->attr];
        double t = a == c ? b->same : b->change;
        for (uint32_t q = 0; q < b->npairs; q++)
            if (b->pairs[q].from == a && b->pairs[q].to == c) {
                t = b->pairs[q].minutes;
                break;
            }
        total += t;
    }
    return total;
}

typedef struct UnitKey {
    int32_t machine, unit;
    int64_t start;
    uint32_t ix;
} UnitKey;

static int unit_key_cmp(const void *a, const void *b)
{
    const UnitKey *x = a, *y = b;
    if (x->machine != y->machine) return x->machine < y->machine ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return (x->ix > y->ix) - (x->ix < y->ix);
}

void plan_sort_by_unit(const Plan *p, uint32_t *ix, uint32_t n)
{
    if (n < 2) return;
    UnitKey *k = tk_xalloc(n * sizeof(UnitKey));
    int64_t lo[3] = {INT64_MAX, INT64_MAX, INT64_MAX}, hi[3] = {INT64_MIN, INT64_MIN, INT64_MIN};
    uint32_t maxix = 0;
    for (uint32_t i = 0; i < n; i++) {
        const Op *op = &p->ops.data[ix[i]];
        k[i] = (UnitKey){op->machine, op->unit, op->start, ix[i]};
        int64_t v[3] = {op->machine, op->unit, op->start};
        for (int f = 0; f < 3; f++) {
            if (v[f] < lo[f]) lo[f] = v[f];
            if (v[f] > hi[f]) hi[f] = v[f];
        }
        if (ix[i] > maxix) maxix = ix[i];
    }
    /* machine, unit, start and index packed into one integer key when they
     * fit (they do for any real plant): a radix sort, no comparisons */
    unsigned b[4], total = 0;
    for (int f = 0; f < 3; f++) total += b[f] = tk_bits_for((uint64_t)hi[f] - (uint64_t)lo[f]);
    total += b[3] = tk_bits_for(maxix);
    if (total <= 64 && b[0] < 64 && b[1] < 64 && b[2] < 64) {
        uint64_t *key = tk_xalloc(2 * (size_t)n * sizeof(uint64_t));
        for (uint32_t i = 0; i < n; i++) {
            uint64_t x = (uint64_t)k[i].machine - (uint64_t)lo[0];
            x = (x << b[1]) | ((uint64_t)k[i].unit - (uint64_t)lo[1]);
            x = (x << b[2]) | ((uint64_t)k[i].start - (uint64_t)lo[2]);
            key[i] = (x << b[3]) | k[i].ix;
        }
        tk_radix_sort_u64(key, key + n, n, total);
        uint64_t mask = b[3] >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << b[3]) - 1;
        for (uint32_t i = 0; i < n; i++) ix[i] = (uint32_t)(key[i] & mask);
        tk_free(key);
    } else {
        qsort(k, n, sizeof(UnitKey), unit_key_cmp);
        for (uint32_t i = 0; i < n; i++) ix[i] = k[i].ix;
    }
    tk_free(k);
}

/* ---- sublots and the precedence of operations --------------------------------------- */
uint32_t plan_sublot_count(const IrStep *st, double qty)
{
    double n = 1;
    if (st->sublots) n = st->sublots;
    else if (st->sublot > 0) n = ceil(qty / st->sublot - 1e-9);
    double whole = floor(qty + 1e-9); /* no more sublots than whole pieces */
    if (n > whole) n = whole;
    if (n < 1) n = 1;
    return n > SUBLOT_MAX ? SUBLOT_MAX + 1 : (uint32_t)n;
}

double plan_sublot_qty(double qty, uint32_t k, uint32_t n)
{
    if (n <= 1) return qty;
    double whole = floor(qty + 1e-9);
    if (fabs(qty - whole) > 1e-9) return qty / n; /* a fractional quantity: equal shares */
    double base = floor(whole / n), extra = whole - base * n;
    return base + ((double)k < extra ? 1 : 0);
}

/* Calls fn for each pair (sublot i of a step of np sublots, sublot j of the
 * step after it, of nt) whose pieces overlap: both in piece order, the one
 * that ends first moves on; at most np + nt - 1 pairs. */
static void overlapping(double qty, uint32_t np, uint32_t nt, void (*fn)(void *, uint32_t, uint32_t), void *ctx)
{
    uint32_t i = 0, j = 0;
    double ei = plan_sublot_qty(qty, 0, np), ej = plan_sublot_qty(qty, 0, nt);
    while (i < np && j < nt) {
        fn(ctx, i, j);
        if (ei < ej - 1e-9) {
            if (++i < np) ei += plan_sublot_qty(qty, i, np);
        } else if (ej < ei - 1e-9) {
            if (++j < nt) ej += plan_sublot_qty(qty, j, nt);
        } else {
            if (++i < np) ei += plan_sublot_qty(qty, i, np);
            if (++j < nt) ej += plan_sublot_qty(qty, j, nt);
        }
    }
}

typedef struct LinkCtx {
    Plan *p;
    uint32_t from, to; /* first ops of the two steps */
    uint32_t *fill_p, *fill_s;
    bool count;
} LinkCtx;

static void link_pair(void *ctx, uint32_t i, uint32_t j)
{
    LinkCtx *L = ctx;
    uint32_t a = L->from + i, b = L->to + j; /* a before b */
    if (L->count) {
        L->p->succ_at[a + 1]++;
        L->p->pred_at[b + 1]++;
        return;
    }
    L->p->succ[L->fill_s[a]++] = b;
    L->p->pred[L->fill_p[b]++] = a;
}

void plan_link_ops(Plan *p)
{
    const IrModel *ir = p->ir;
    uint32_t n = p->ops.len;
    p->pred_at = arena_alloc(&p->arena, (n + 2) * sizeof(uint32_t));
    p->succ_at = arena_alloc(&p->arena, (n + 2) * sizeof(uint32_t));
    memset(p->pred_at, 0, (n + 2) * sizeof(uint32_t));
    memset(p->succ_at, 0, (n + 2) * sizeof(uint32_t));
    LinkCtx L = {p, 0, 0, NULL, NULL, true};
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            for (uint32_t i = 0; i < n; i++) p->pred_at[i + 1] += p->pred_at[i], p->succ_at[i + 1] += p->succ_at[i];
            p->pred = arena_alloc(&p->arena, ((size_t)p->pred_at[n] + 1) * sizeof(uint32_t));
            p->succ = arena_alloc(&p->arena, ((size_t)p->succ_at[n] + 1) * sizeof(uint32_t));
            L.fill_p = tk_xalloc((n + 1) * sizeof(uint32_t));
            L.fill_s = tk_xalloc((n + 1) * sizeof(uint32_t));
            memcpy(L.fill_p, p->pred_at, (n + 1) * sizeof(uint32_t));
            memcpy(L.fill_s, p->succ_at, (n + 1) * sizeof(uint32_t));
            L.count = false;
        }
        for (uint32_t wi = 0; wi < p->wos.len; wi++) {
            const WorkOrder *w = &p->wos.data[wi];
            if (!w->nops) continue;
            const IrProduct *pr = &ir->products[w->product];
            for (uint32_t t = 0; t < pr->nsteps; t++)
                for (uint32_t q = 0; q < pr->steps[t].npreds; q++) {
                    uint32_t ps = (uint32_t)pr->steps[t].preds[q];
                    L.from = wo_step_op(w, ps);
                    L.to = wo_step_op(w, t);
                    /* by the pieces both steps start; where scrap makes
                     * them differ, a sublot waits for all of the step's before */
                    double qa = plan_step_in(w, ps), qb = plan_step_in(w, t);
                    uint32_t na = wo_step_nops(w, ps), nb = wo_step_nops(w, t);
                    if (qa == qb) overlapping(qa, na, nb, link_pair, &L);
                    else
                        for (uint32_t i = 0; i < na; i++)
                            for (uint32_t j = 0; j < nb; j++) link_pair(&L, i, j);
                }
        }
    }
    tk_free(L.fill_p);
    tk_free(L.fill_s);
}

bool plan_split_step(const char *name, size_t *len, uint32_t *sub)
{
    const char *h = strchr(name, '#');
    *sub = 0;
    if (!h) {
        *len = strlen(name);
        return true;
    }
    *len = (size_t)(h - name);
    uint32_t v = 0;
    const char *q = h + 1;
    if (!*q) return false;
    for (; *q; q++) {
        if (*q < '0' || *q > '9' || v > SUBLOT_MAX) return false;
        v = v * 10 + (uint32_t)(*q - '0');
    }
    if (v < 1 || v > SUBLOT_MAX) return false;
    *sub = v;
    return true;
}

static const Plan *sub_plan;
static int subcontract_cmp(const void *a, const void *b)
{
    const Plan *p = sub_plan;
    const Op *x = &p->ops.data[*(const uint32_t *)a], *y = &p->ops.data[*(const uint32_t *)b];
    int c = strcmp(p->ir->machines[x->machine].name, p->ir->machines[y->machine].name);
    if (c) return c;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    c = strcmp(p->wos.data[x->wo].name, p->wos.data[y->wo].name);
    if (c) return c;
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

uint32_t *plan_subcontracted(const Plan *p, uint32_t *n)
{
    uint32_t *ix = tk_xalloc((p->ops.len + 1) * sizeof(uint32_t));
    *n = 0;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine >= 0 && p->ir->machines[op->machine].subcontract) ix[(*n)++] = i;
    }
    sub_plan = p;
    qsort(ix, *n, sizeof(uint32_t), subcontract_cmp);
    return ix;
}
