/* verify_terms.c: takt verify's own reckoning of the objective's restricted
 * measures (docs/language.md §13, docs/verify.md) — which machines or orders
 * each counts, from its machine or its condition, and its value from the
 * operations and orders as verify has worked them out — held to what the
 * plan's measures record says of them (E0643). Apart from the planner's
 * measure.c on purpose. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_terms.h"

/* Does restricted measure k count machine or order i. */
static bool counts(const IrModel *ir, Engine *eng, const IrMeasure *m, uint32_t i)
{
    if (m->machine >= 0) return !m->by_order && (uint32_t)m->machine == i;
    RuleEnv env;
    memset(&env, 0, sizeof env);
    for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
    if (m->by_order) {
        const IrOrder *o = &ir->orders[i];
        env.var[RV_ORDER_DUE] = (double)o->due;
        env.var[RV_ORDER_RELEASE] = (double)o->release;
        env.var[RV_ORDER_PRIORITY] = o->priority;
        env.var[RV_ORDER_PENALTY] = o->penalty;
        env.var[RV_ORDER_QUANTITY] = o->qty;
        env.attr[ATAB_ORDER] = o->attrs;
    } else {
        env.var[RV_MACHINE_UNITS] = ir->machines[i].units;
        env.attr[ATAB_MACHINE] = ir->machines[i].attrs;
    }
    return eng->eval(eng, m->where_fn, &env) != 0;
}

static bool is_money(uint8_t var) { return var == RV_PLAN_COST || var == RV_PLAN_PENALTY; }

static void show(char *b, size_t n, uint8_t var, double x)
{
    if (is_money(var)) snprintf(b, n, "%.2f", round(x * 100) / 100);
    else fmt_double(b, n, round(x * 1e6) / 1e6);
}

bool verify_terms(const VTermsIn *in, Diags *d, double *out)
{
    const IrModel *ir = in->ir;
    const PlanFile *pf = in->pf;
    bool all = true;
    for (uint32_t k = 0; k < ir->nmeasures; k++) {
        const IrMeasure *m = &ir->measures[k];
        double v = 0;
        bool known = true;
        if (m->var == RV_PLAN_MOVED || m->var == RV_PLAN_REASSIGNED || m->var == RV_PLAN_SHIFTED) {
            /* change against a reference plan verify is not given */
            known = false;
        } else if (!m->by_order) {
            uint8_t *mine = tk_xalloc(ir->nmachines + 1);
            for (uint32_t i = 0; i < ir->nmachines; i++) mine[i] = counts(ir, in->eng, m, i);
            for (uint32_t i = 0; i < pf->ops.len; i++) {
                int32_t mc = in->op_machine[i];
                if (mc < 0 || !mine[mc]) continue;
                const VTermOp *o = &in->ops[i];
                if (m->var == RV_PLAN_COST ? !o->cost_known : !o->setup_known) {
                    known = false;
                    break;
                }
                switch (m->var) {
                case RV_PLAN_COST: v += o->cost; break;
                case RV_PLAN_SETUPS: v += o->setup > 0 ? 1 : 0; break;
                case RV_PLAN_SETUP_TIME: v += o->setup; break;
                default: break;
                }
            }
            tk_free(mine);
        } else {
            for (uint32_t o = 0; o < ir->norders && known; o++) {
                if (!counts(ir, in->eng, m, o)) continue;
                const IrOrder *r = &ir->orders[o];
                int64_t done = in->order_done[o];
                if (done < 0) {
                    known = false;
                    break;
                }
                double late = done > r->due ? (double)(done - r->due) : 0;
                switch (m->var) {
                case RV_PLAN_TARDINESS: v += late; break;
                case RV_PLAN_MAX_TARDINESS: if (late > v) v = late; break;
                case RV_PLAN_WEIGHTED_TARDINESS: v += r->priority * late; break;
                case RV_PLAN_PENALTY: v += r->penalty * late; break;
                case RV_PLAN_LATE_ORDERS: v += late > 0 ? 1 : 0; break;
                case RV_PLAN_FLOW_TIME: v += (double)(done - (r->release > ir->start ? r->release : ir->start)); break;
                default: break;
                }
            }
        }
        if (out) out[k] = v;
        if (!known) {
            all = false;
            continue;
        }
        /* what the plan says of it, if it says anything */
        const char *said = NULL;
        for (uint32_t j = 0; j < pf->measures.len && !said; j++)
            if (strcmp(pf->measures.data[j].key, m->name) == 0) said = pf->measures.data[j].value;
        if (!said) continue;
        char *end;
        double x = strtod(said, &end);
        char want[64];
        show(want, sizeof want, m->var, v);
        bool same = *end == 0 && (is_money(m->var) ? fabs(x - round(v * 100) / 100) < 0.005 + 1e-9
                                                    : fabs(x - round(v * 1e6) / 1e6) <= 1e-6 * (fabs(x) + 1));
        if (!same) {
            Diag *g = diag_error(d, pf->measures_span, DIAG_MEASURE_TERM, "the measures say %s %s, but the plan's %s give %s",
                                 m->name, said, m->by_order ? "orders" : "operations", want);
            diag_note(g, m->span, "the measure, in the objective");
        }
    }
    return all;
}

/* ---- change against a reference plan ------------------------------------------------ */
static char *op_key(const PfOp *o)
{
    /* work order and step, apart by a byte no name has */
    return tk_fmt("%s\x1f%s", o->wo, o->step);
}

static void check_change(const PlanFile *pf, Diags *d, const char *key, double v, const Span *note, const char *what)
{
    const char *said = NULL;
    for (uint32_t j = 0; j < pf->measures.len && !said; j++)
        if (strcmp(pf->measures.data[j].key, key) == 0) said = pf->measures.data[j].value;
    if (!said) return;
    char *end;
    double x = strtod(said, &end);
    if (*end == 0 && fabs(x - v) <= 1e-6 * (fabs(v) + 1)) return;
    char want[64];
    fmt_double(want, sizeof want, v);
    Diag *g = diag_error(d, pf->measures_span, DIAG_CHANGE_MEASURE,
                         "the measures say %s %s, but against the reference plan the plan's operations give %s", key,
                         said, want);
    if (note) diag_note(g, *note, "%s", what);
    else diag_hint(g, "%s", what);
}

void verify_change(const IrModel *ir, const PlanFile *pf, const PlanFile *ref, Engine *eng, Diags *d)
{
    NameIndex refs, mach;
    nameindex_init(&refs);
    char **keys = tk_xalloc((ref->ops.len + 1) * sizeof(char *));
    for (uint32_t k = 0; k < ref->ops.len; k++) {
        keys[k] = op_key(&ref->ops.data[k]);
        /* an operation written twice counts once, by its last line (the
         * index keeps the smallest number: the lines are numbered from the end) */
        nameindex_add(&refs, keys[k], (int32_t)(ref->ops.len - 1 - k));
    }
    nameindex_init(&mach);
    for (uint32_t i = 0; i < ir->nmachines; i++) nameindex_add(&mach, ir->machines[i].name, (int32_t)i);
    /* per restricted measure of change: the machines it counts */
    uint8_t **mine = tk_xalloc((ir->nmeasures + 1) * sizeof(uint8_t *));
    double *term = tk_xalloc((ir->nmeasures + 1) * sizeof(double));
    for (uint32_t k = 0; k < ir->nmeasures; k++) {
        const IrMeasure *m = &ir->measures[k];
        term[k] = 0;
        mine[k] = NULL;
        if (m->var != RV_PLAN_MOVED && m->var != RV_PLAN_REASSIGNED && m->var != RV_PLAN_SHIFTED) continue;
        mine[k] = tk_xalloc(ir->nmachines + 1);
        for (uint32_t i = 0; i < ir->nmachines; i++) mine[k][i] = counts(ir, eng, m, i);
    }
    double moved = 0, reassigned = 0, shifted = 0;
    for (uint32_t i = 0; i < pf->ops.len; i++) {
        const PfOp *o = &pf->ops.data[i];
        char *key = op_key(o);
        int32_t r = nameindex_find(&refs, key);
        tk_free(key);
        if (r < 0) continue; /* new work */
        const PfOp *x = &ref->ops.data[ref->ops.len - 1 - (uint32_t)r];
        bool other = strcmp(x->machine ? x->machine : "", o->machine ? o->machine : "") != 0 || x->unit != o->unit;
        double mv = other || x->start != o->start || x->end != o->end ? 1 : 0;
        double ra = other ? 1 : 0;
        double sh = (double)(o->start > x->start ? o->start - x->start : x->start - o->start);
        moved += mv;
        reassigned += ra;
        shifted += sh;
        int32_t mc = o->machine ? nameindex_find(&mach, o->machine) : -1;
        for (uint32_t k = 0; k < ir->nmeasures; k++)
            if (mine[k] && mc >= 0 && mine[k][mc])
                term[k] += ir->measures[k].var == RV_PLAN_MOVED ? mv : ir->measures[k].var == RV_PLAN_REASSIGNED ? ra : sh;
    }
    const char *why = "operations matched by work order and step: moved on another machine or unit or at another "
                      "time, reassigned on another machine or unit, shifted by the minutes their start moved";
    check_change(pf, d, "moved", moved, NULL, why);
    check_change(pf, d, "reassigned", reassigned, NULL, why);
    check_change(pf, d, "shifted", shifted, NULL, why);
    for (uint32_t k = 0; k < ir->nmeasures; k++)
        if (mine[k]) check_change(pf, d, ir->measures[k].name, term[k], &ir->measures[k].span, "the measure, in the objective");
    for (uint32_t k = 0; k < ir->nmeasures; k++) tk_free(mine[k]);
    tk_free(mine);
    tk_free(term);
    for (uint32_t k = 0; k < ref->ops.len; k++) tk_free(keys[k]);
    tk_free(keys);
    nameindex_free(&refs);
    nameindex_free(&mach);
}
