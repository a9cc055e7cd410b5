/* view_costs.c: the costs of a plan — standard cost per piece of each
 * product, rolled up through its bill of materials; the plan's cost by
 * customer order and by machine, with each machine's utilisation; and,
 * with actuals, standard against actual (variance.c). One computation for
 * the report and the page (views.h). */
#include <math.h>
#include <string.h>

#include "scrap.h"
#include "views.h"

static double machine_rate(const IrModel *ir, int32_t m, const IrProduct *pr, double qty)
{
    const IrMachine *mc = &ir->machines[m];
    if (mc->cost_fn < 0) return mc->cost_rate;
    /* a cost rule, for a standard job of this product */
    RuleEnv env;
    memset(&env, 0, sizeof env);
    env.var[RV_NOW] = (double)ir->start;
    env.var[RV_JOB_QUANTITY] = env.var[RV_ORDER_QUANTITY] = qty;
    env.var[RV_MACHINE_UNITS] = mc->units;
    env.var[RV_ORDER_PRIORITY] = env.var[RV_JOB_PRIORITY] = 1;
    env.attr[ATAB_JOB] = pr->attrs;
    env.attr[ATAB_PREV] = ir->default_attrs[ATAB_PREV];
    env.attr[ATAB_ORDER] = ir->default_attrs[ATAB_ORDER];
    env.attr[ATAB_MACHINE] = mc->attrs;
    double *regs = tk_xalloc((ir->funcs[mc->cost_fn].n + 1) * sizeof(double));
    double r = interp_eval(&ir->funcs[mc->cost_fn], &env, regs);
    tk_free(regs);
    return r > 0 ? r : 0;
}

/* Standard cost of one piece: materials, and machine time at the first
 * machine of each step; setups spread over the standard batch (the fixed lot,
 * else the minimum order, else one piece). A batch machine's cycle is shared
 * by the pieces of a full cycle (its capacity over the piece's share); the
 * resources a step needs at the first resource of each need. Planned scrap
 * counts as its long-run average (scrap.h): what each step and the bill of
 * materials take for one good piece. */
static void std_cost(StdCost *std, const IrModel *ir, int32_t pi)
{
    StdCost *c = &std[pi];
    if (c->done || c->busy) return;
    c->busy = true;
    const IrProduct *pr = &ir->products[pi];
    double batch = pr->lot.fixed > 0 ? pr->lot.fixed : pr->lot.min > 0 ? pr->lot.min : 1;
    double *in = tk_xalloc((pr->nsteps + 1) * sizeof(double));
    double started = scrap_rates(pr, in);
    for (uint32_t b = 0; b < pr->nbom; b++) {
        const IrBomLine *bl = &pr->bom[b];
        double q = scrap_line_need(bl, started);
        if (bl->is_product) {
            std_cost(std, ir, bl->item);
            const StdCost *cc = &std[bl->item];
            c->material += q * cc->material;
            c->run += q * cc->run;
            c->setup += q * cc->setup;
        } else c->material += q * ir->materials[bl->item].cost;
    }
    for (uint32_t s = 0; s < pr->nsteps; s++) {
        const IrAlt *al = &pr->steps[s].alts[0];
        if (ir->machines[al->machine].subcontract) {
            /* sent out: its price, per piece and per operation over the batch */
            c->run += ir->machines[al->machine].sub_each * in[s] + ir->machines[al->machine].sub_fixed / batch;
            continue;
        }
        double rate = machine_rate(ir, al->machine, pr, batch);
        double run = al->per_piece ? al->run * in[s] : al->run / batch;
        const IrMachine *mc = &ir->machines[al->machine];
        if (mc->batch_cap > 0) {
            double per = mc->batch_load >= 0 ? pr->attrs[mc->batch_load] : 1;
            double full = per > 0 ? floor(mc->batch_cap / per * (1 + 1e-12)) : 1;
            run = al->run / (full >= 1 ? full : 1) * in[s];
        }
        c->run += rate * run;
        c->setup += rate * al->setup / batch;
        for (uint32_t k = 0; k < al->nneeds; k++) {
            const IrPoolAlt *pa = &al->needs[k].alts[0];
            double r = ir->pools[pa->pool].cost_rate * pa->count;
            if (!al->needs[k].setup_only) c->run += r * run;
            c->setup += r * al->setup / batch;
        }
    }
    tk_free(in);
    c->busy = false;
    c->done = true;
}

void std_costs(const IrModel *ir, StdCost *std)
{
    for (uint32_t i = 0; i < ir->nproducts; i++) std_cost(std, ir, (int32_t)i);
}

void view_costs_compute(PlanViews *v)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    CostView *F = &v->cost;
    F->std = arena_alloc(&v->arena, (ir->nproducts + 1) * sizeof(StdCost));
    std_costs(ir, F->std);
    F->mach = arena_alloc(&v->arena, (ir->nmachines + 1) * sizeof(MachineUse));
    F->pool = arena_alloc(&v->arena, (ir->npools + 1) * sizeof(MachineUse));
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        MachineUse *u = &F->mach[op->machine];
        u->busy += op->setup + op->run;
        u->cost += op->cost;
        u->ops++;
        if (p->holds) {
            /* what the resources it holds cost is theirs, not the machine's */
            double *cost = tk_xalloc((ir->npools + 1) * sizeof(double) * 2), *held = cost + ir->npools + 1;
            memset(cost, 0, (ir->npools + 1) * sizeof(double) * 2);
            u->cost -= plan_op_resource_cost(p, i, cost, held);
            for (uint32_t q = 0; q < ir->npools; q++)
                if (held[q] > 0 || cost[q] > 0) {
                    F->pool[q].busy += held[q];
                    F->pool[q].cost += cost[q];
                    F->pool[q].ops++;
                }
            tk_free(cost);
        }
    }
    for (uint32_t q = 0; q < ir->npools; q++) {
        const IrPool *pl = &ir->pools[q];
        const IrCalendar *cal = pl->calendar >= 0 ? &ir->calendars[pl->calendar] : NULL;
        F->pool[q].available = (double)cal_work_between(cal, ir->start, p->m.makespan_end) * pl->units;
    }
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        const IrMachine *mc = &ir->machines[m];
        const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
        F->mach[m].available = (double)cal_work_between(cal, ir->start, p->m.makespan_end) * mc->units;
    }
    F->order_cost = arena_alloc(&v->arena, (ir->norders + 1) * sizeof(double));
    for (uint32_t i = 0; i < p->wos.len; i++) {
        const WorkOrder *w = &p->wos.data[i];
        if (w->order < 0) continue;
        double c = w->material_cost;
        for (uint32_t s = 0; s < w->nops; s++) c += p->ops.data[w->first_op + s].cost;
        F->order_cost[w->order] += c;
    }
    /* standard against actual, where the shop floor reported */
    bool any = ir->nactuals > 0;
    for (uint32_t m = 0; m < ir->nmaterials && !any; m++) any = ir->materials[m].nissues > 0;
    v->has_variance = any;
    if (any) variance_compute(p, &v->var);
}
