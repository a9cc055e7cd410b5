/* measure.c: the measures of the objective restricted to a machine or to
 * some orders (docs/language.md §13): which machines or orders each counts,
 * and their values on a finished plan. The search keeps the same values up
 * to date move by move (search_eval.c); takt verify works them out again
 * on its own (verify.c). */
#include <math.h>
#include <string.h>

#include "reference.h"
#include "runtime.h"

uint8_t **measure_sets(const IrModel *ir, Engine *eng, Arena *a)
{
    uint8_t **sets = arena_alloc(a, (ir->nmeasures + 1) * sizeof(uint8_t *));
    RuleEnv env;
    for (uint32_t k = 0; k < ir->nmeasures; k++) {
        const IrMeasure *m = &ir->measures[k];
        uint32_t n = m->by_order ? ir->norders : ir->nmachines;
        uint8_t *in = arena_alloc(a, n + 1);
        sets[k] = in;
        if (m->machine >= 0) {
            in[m->machine] = 1;
            continue;
        }
        for (uint32_t i = 0; i < n; i++) {
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
            in[i] = eng->eval(eng, m->where_fn, &env) != 0;
        }
    }
    return sets;
}

uint32_t measure_set_size(const IrModel *ir, const uint8_t *set, uint32_t k)
{
    uint32_t n = ir->measures[k].by_order ? ir->norders : ir->nmachines, c = 0;
    for (uint32_t i = 0; i < n; i++) c += set[i] != 0;
    return c;
}

void measure_terms(const Plan *p, uint8_t *const *sets, double *out)
{
    const IrModel *ir = p->ir;
    for (uint32_t k = 0; k < ir->nmeasures; k++) {
        const IrMeasure *m = &ir->measures[k];
        const uint8_t *in = sets[k];
        double v = 0;
        if (!m->by_order) {
            for (uint32_t i = 0; i < p->ops.len; i++) {
                const Op *op = &p->ops.data[i];
                if (op->machine < 0 || !in[op->machine]) continue;
                double mv = 0, ra = 0, sh = 0;
                if (p->ref) reference_op(p->ref, i, op->machine, op->unit, op->start, op->end, &mv, &ra, &sh);
                switch (m->var) {
                case RV_PLAN_COST: v += op->cost; break;
                case RV_PLAN_SETUPS: v += op->setup > 0 ? 1 : 0; break;
                case RV_PLAN_SETUP_TIME: v += op->setup; break;
                case RV_PLAN_MOVED: v += mv; break;
                case RV_PLAN_REASSIGNED: v += ra; break;
                case RV_PLAN_SHIFTED: v += sh; break;
                default: break;
                }
            }
        } else {
            for (uint32_t o = 0; o < ir->norders; o++) {
                if (!in[o]) continue;
                const IrOrder *r = &ir->orders[o];
                const OrderResult *res = &p->orders[o];
                double late = res->lateness > 0 ? (double)res->lateness : 0;
                switch (m->var) {
                case RV_PLAN_TARDINESS: v += late; break;
                case RV_PLAN_MAX_TARDINESS: if (late > v) v = late; break;
                case RV_PLAN_WEIGHTED_TARDINESS: v += r->priority * late; break;
                case RV_PLAN_PENALTY: v += r->penalty * late; break;
                case RV_PLAN_LATE_ORDERS: v += late > 0 ? 1 : 0; break;
                case RV_PLAN_FLOW_TIME: v += (double)(res->done - (r->release > ir->start ? r->release : ir->start)); break;
                default: break;
                }
            }
        }
        out[k] = v;
    }
}
