/* plan.c: a plan's lifetime, its problems, and the measures of a finished
 * plan: makespan, lateness per customer order, costs and the objective. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

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

void plan_free(Plan *p)
{
    if (!p) return;
    vec_free(&p->wos);
    vec_free(&p->ops);
    vec_free(&p->purchases);
    vec_free(&p->problems);
    arena_free(&p->arena);
    tk_free(p);
}

void plan_problem(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, ...)
{
    PlanProblem pr;
    pr.code = code;
    va_list ap;
    va_start(ap, fmt);
    char *m = tk_vfmt(fmt, ap);
    va_end(ap);
    pr.msg = arena_strdup(&p->arena, m);
    tk_free(m);
    pr.hint = hint ? arena_strdup(&p->arena, hint) : NULL;
    pr.span = at;
    vec_push(&p->problems, pr);
}

void plan_measure(Plan *p, Engine *eng)
{
    const IrModel *ir = p->ir;
    Measures *m = &p->m;
    memset(m, 0, sizeof *m);
    m->makespan_end = ir->start;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        if (op->end > m->makespan_end) m->makespan_end = op->end;
        m->machine_cost += op->cost;
        if (op->setup > 0) m->setups += 1;
        m->setup_time += op->setup;
    }
    for (uint32_t i = 0; i < p->wos.len; i++) {
        const WorkOrder *w = &p->wos.data[i];
        if (w->end > m->makespan_end) m->makespan_end = w->end;
        m->material_cost += w->material_cost;
    }
    m->makespan = (double)(m->makespan_end - ir->start);
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *o = &ir->orders[i];
        OrderResult *r = &p->orders[i];
        r->done = ir->start; /* from stock, if no work order serves it */
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
    m->cost = m->machine_cost + m->material_cost;
    {
        RuleEnv env;
        memset(&env, 0, sizeof env);
        env.var[RV_PLAN_MAKESPAN] = m->makespan;
        env.var[RV_PLAN_TARDINESS] = m->tardiness;
        env.var[RV_PLAN_MAX_TARDINESS] = m->max_tardiness;
        env.var[RV_PLAN_WEIGHTED_TARDINESS] = m->weighted_tardiness;
        env.var[RV_PLAN_PENALTY] = m->penalty;
        env.var[RV_PLAN_COST] = m->cost;
        env.var[RV_PLAN_SETUPS] = m->setups;
        env.var[RV_PLAN_SETUP_TIME] = m->setup_time;
        env.var[RV_PLAN_LATE_ORDERS] = m->late_orders;
        env.var[RV_PLAN_FLOW_TIME] = m->flow_time;
        m->nlevels = plan_objective_levels(ir, eng, &env, m->levels);
        m->objective = m->levels[0];
    }
}

uint32_t plan_objective_levels(const IrModel *ir, Engine *eng, const RuleEnv *env, double out[IR_MAX_LEVELS])
{
    if (!ir->nobjectives) {
        out[0] = env->var[RV_PLAN_MAKESPAN];
        return 1;
    }
    RuleEnv e = *env;
    for (int t = 0; t < ATAB__COUNT; t++) e.attr[t] = ir->default_attrs[t];
    for (uint32_t k = 0; k < ir->nobjectives; k++) out[k] = eng->eval(eng, ir->objective_fns[k], &e);
    return ir->nobjectives;
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
