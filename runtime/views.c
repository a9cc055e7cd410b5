/* views.c: the planner's views of a plan, computed once (views.h): forecast
 * demand's completion, what held late demand up, the stock projection, the
 * load, the exceptions, the objective's terms, its restricted measures and
 * the change against a reference plan. The order matters: the
 * stock projection ships forecast demand when it is done, and the
 * exceptions read everything before them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reference.h"
#include "views.h"

/* Forecast demand is done when the last work order serving it ends (the
 * plan start if stock covers it), and late after its period. */
static void forecast_results(PlanViews *v)
{
    const Plan *p = v->p;
    v->fc = arena_alloc(&v->arena, (p->fcs.len + 1) * sizeof(FcResult));
    for (uint32_t f = 0; f < p->fcs.len; f++) {
        int64_t done = p->fc_ready ? p->fc_ready[f] : p->ir->start; /* bought pieces */
        for (uint32_t k = 0; k < p->fc_wos[f].len; k++) {
            const WorkOrder *w = &p->wos.data[p->fc_wos[f].data[k]];
            if (w->end > done) done = w->end;
        }
        v->fc[f].done = done;
        v->fc[f].lateness = done - p->fcs.data[f].due;
    }
}

/* Each term of the objective, evaluated where the objective is: the
 * interpreter's registers hold every instruction's value. */
static void objective_terms(PlanViews *v)
{
    const IrModel *ir = v->p->ir;
    v->nterms = ir->nobj_terms;
    v->terms = arena_alloc(&v->arena, (ir->nobj_terms + 1) * sizeof(ObjTerm));
    if (!ir->nobj_terms) return;
    const IrFunc *f = &ir->funcs[ir->objective_fn];
    RuleEnv env;
    plan_measure_env(v->p, &env);
    double *regs = tk_xalloc((f->n + 1) * sizeof(double));
    interp_eval(f, &env, regs);
    for (uint32_t i = 0; i < ir->nobj_terms; i++) {
        const IrObjTerm *t = &ir->obj_terms[i];
        v->terms[i].text = t->text;
        v->terms[i].kind = t->kind;
        v->terms[i].value = t->sign * regs[t->ins];
    }
    tk_free(regs);
}

/* The objective's restricted measures and the change against the
 * reference plan, as the plan's measures hold them. */
static void other_measures(PlanViews *v)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    v->nrestricted = m->terms ? ir->nmeasures : 0;
    v->restricted = arena_alloc(&v->arena, (v->nrestricted + 1) * sizeof(RestrictedMeasure));
    for (uint32_t k = 0; k < v->nrestricted; k++) {
        const IrMeasure *x = &ir->measures[k];
        RestrictedMeasure *r = &v->restricted[k];
        Type ty = rule_var_type((RuleVar)x->var);
        r->name = x->name;
        r->value = m->terms[k];
        r->kind = ty.kind != TY_NUM                                        ? TERM_NUMBER
                  : x->var == RV_PLAN_COST || x->var == RV_PLAN_PENALTY ? TERM_MONEY
                  : type_eq(ty, TYPE_DURATION)                         ? TERM_DURATION
                                                                       : TERM_NUMBER;
    }
    if (p->ref) {
        v->change.has = true;
        v->change.moved = m->moved;
        v->change.reassigned = m->reassigned;
        v->change.shifted = m->shifted;
        v->change.matched = p->ref->matched;
        v->change.added = p->ops.len > p->ref->matched ? p->ops.len - p->ref->matched : 0;
    }
}

/* The allocations of each purchase, as lists through the allocations. */
static void purchase_pegging(PlanViews *v)
{
    const Plan *p = v->p;
    v->pa_first = arena_alloc(&v->arena, (p->purchases.len + 1) * sizeof(int32_t));
    v->pa_next = arena_alloc(&v->arena, (p->allocs.len + 1) * sizeof(int32_t));
    for (uint32_t k = 0; k < p->purchases.len; k++) v->pa_first[k] = -1;
    for (uint32_t i = p->allocs.len; i-- > 0;) {
        const MatAlloc *a = &p->allocs.data[i];
        v->pa_next[i] = -1;
        if (a->from != SUPPLY_PURCHASE || a->ref < 0 || (uint32_t)a->ref >= p->purchases.len) continue;
        v->pa_next[i] = v->pa_first[a->ref];
        v->pa_first[a->ref] = (int32_t)i;
    }
}

void views_compute(PlanViews *v, const Plan *p, const Sources *src)
{
    memset(v, 0, sizeof *v);
    arena_init(&v->arena);
    v->p = p;
    v->src = src;
    forecast_results(v);
    view_holds_compute(v);
    view_stock_compute(v);
    view_load_compute(v);
    view_exceptions_compute(v);
    objective_terms(v);
    other_measures(v);
    purchase_pegging(v);
    view_costs_compute(v);
}

void views_free(PlanViews *v)
{
    if (v->has_variance) variance_free(&v->var);
    arena_free(&v->arena);
    memset(v, 0, sizeof *v);
}

const char *views_where(const PlanViews *v, Span sp, char *buf, size_t n)
{
    if (!v->src || !sp.file) return NULL;
    const SourceFile *f = sources_get(v->src, sp.file);
    if (!f) return NULL;
    uint32_t line = 0, col = 0;
    sources_locate(v->src, sp.file, sp.lo, &line, &col);
    snprintf(buf, n, "%s:%u", f->display, line);
    return buf;
}

void view_fmt_dur(char *b, size_t n, double minutes)
{
    int64_t m = (int64_t)llround(minutes);
    const char *sign = m < 0 ? "-" : "";
    if (m < 0) m = -m;
    int64_t d = m / 1440, h = m % 1440 / 60, mi = m % 60;
    if (d) snprintf(b, n, "%s%lldd %02lld:%02lld", sign, (long long)d, (long long)h, (long long)mi);
    else snprintf(b, n, "%s%lld:%02lld", sign, (long long)h, (long long)mi);
}

void view_fmt_money(char *b, size_t n, double v)
{
    double r = round(v * 100) / 100;
    if (r == 0) r = 0;
    if (!(fabs(r) < 1e15)) { /* a plan never has it (E0507); no digits to group */
        snprintf(b, n, "%g", r);
        return;
    }
    /* thousands separated by commas */
    char raw[64];
    snprintf(raw, sizeof raw, "%.2f", fabs(r));
    char *dot = strchr(raw, '.');
    size_t ilen = (size_t)(dot - raw);
    size_t w = 0;
    if (r < 0 && w + 1 < n) b[w++] = '-';
    for (size_t i = 0; i < ilen && w + 1 < n; i++) {
        if (i && (ilen - i) % 3 == 0 && w + 1 < n) b[w++] = ',';
        b[w++] = raw[i];
    }
    for (const char *c = dot; *c && w + 1 < n; c++) b[w++] = *c;
    b[w] = 0;
}
