/* variance.c: standard against actual for the operations the shop floor
 * reports done (docs/actuals.md) — time (setup and run), cost (machine,
 * setup, material) and scrap, per work order, product and machine; and the
 * plan's cost to date, to complete and at completion.
 *
 * The standard of a done operation is what its good pieces should have
 * taken: the step's setup with the sequence-dependent change after the job
 * before it on its unit, and its run time for the good pieces (the whole
 * work order's quantity when no quantity is reported). Its actual is what
 * the report says: the working minutes from start to end, of which the
 * reported setup (else the standard setup) was setup. Money is at the
 * machine's rate. Materials belong to a work order: their standard is the
 * bill of materials for the good pieces of its first step, their actual the
 * `used` quantities reported on any of its operations, material by
 * material, else the bill of materials for every piece processed. Scrap
 * costs its share of the operation's actual cost, and of the material. A
 * work order's good pieces are those of its last step done. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

#define EPS 1e-9

/* the alternative it ran on (a report may name any machine the step uses) */
static const IrAlt *alt_on(const IrStep *st, int32_t m)
{
    const IrAlt *al = plan_step_alt(st, m);
    return al ? al : &st->alts[0];
}

static void add(Variance *d, const Variance *s)
{
    d->std_setup += s->std_setup;
    d->std_run += s->std_run;
    d->act_setup += s->act_setup;
    d->act_run += s->act_run;
    d->std_machine += s->std_machine;
    d->act_machine += s->act_machine;
    d->std_setup_cost += s->std_setup_cost;
    d->act_setup_cost += s->act_setup_cost;
    d->std_material += s->std_material;
    d->act_material += s->act_material;
    d->good += s->good;
    d->scrap += s->scrap;
    d->scrap_cost += s->scrap_cost;
    d->ops += s->ops;
}

/* Money per minute of an operation: its cost over its minutes, else the
 * machine's constant rate. */
static double op_rate(const IrModel *ir, const Op *op)
{
    double minutes = op->setup + op->run;
    if (minutes > EPS) return op->cost / minutes;
    return ir->machines[op->machine].cost_rate;
}

/* Material cost of n pieces of a work order's product, by its bill of
 * materials (materials only: components are work orders of their own). */
/* For each operation, the product of the job before it on its unit (-1: none). */
static int32_t *prev_products(const Plan *p)
{
    uint32_t n = p->ops.len;
    uint32_t *ix = tk_xalloc((n + 1) * sizeof(uint32_t));
    int32_t *prev = tk_xalloc((n + 1) * sizeof(int32_t));
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        prev[i] = -1;
        if (p->ops.data[i].machine >= 0) ix[m++] = i;
    }
    plan_sort_by_unit(p, ix, m);
    int32_t last = -1;
    for (uint32_t k = 0; k < m; k++) {
        const Op *op = &p->ops.data[ix[k]];
        if (k && (p->ops.data[ix[k - 1]].machine != op->machine || p->ops.data[ix[k - 1]].unit != op->unit)) last = -1;
        prev[ix[k]] = last;
        if (op->end > op->start) last = p->wos.data[op->wo].product;
    }
    tk_free(ix);
    return prev;
}

void variance_compute(const Plan *p, VarianceReport *v)
{
    const IrModel *ir = p->ir;
    memset(v, 0, sizeof *v);
    v->by_wo = tk_xalloc((p->wos.len + 1) * sizeof(Variance));
    memset(v->by_wo, 0, (p->wos.len + 1) * sizeof(Variance));
    v->by_product = tk_xalloc((ir->nproducts + 1) * sizeof(Variance));
    memset(v->by_product, 0, (ir->nproducts + 1) * sizeof(Variance));
    v->by_machine = tk_xalloc((ir->nmachines + 1) * sizeof(Variance));
    memset(v->by_machine, 0, (ir->nmachines + 1) * sizeof(Variance));
    v->reported = tk_xalloc((p->wos.len + 1) * sizeof(bool));
    memset(v->reported, 0, (p->wos.len + 1) * sizeof(bool));
    int64_t now = ir->now >= 0 ? ir->now : ir->start;
    int32_t *prev = prev_products(p);
    /* the pieces of each cycle reported whole */
    double *cycle_pieces = tk_xalloc(((size_t)ir->ncycles + 1) * sizeof(double));
    for (uint32_t c = 0; c <= ir->ncycles; c++) cycle_pieces[c] = 0;
    for (uint32_t b = 0; b < p->batches.len; b++) {
        const PlanBatch *pb = &p->batches.data[b];
        if (!pb->cycle || pb->cycle > ir->ncycles) continue;
        for (uint32_t k = 0; k < pb->n; k++) cycle_pieces[pb->cycle - 1] += p->batch_parts.data[pb->first + k].qty;
    }
    for (uint32_t wi = 0; wi < p->wos.len; wi++) {
        const WorkOrder *w = &p->wos.data[wi];
        Variance *vw = &v->by_wo[wi];
        bool started = false;
        int32_t last_step = -1;
        double processed0 = -1, good0 = 0; /* pieces of its first step, when done */
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (!op->actual) {
                v->to_complete += op->cost;
                continue;
            }
            started = true;
            const IrActual *a = &ir->actuals[op->act];
            double rate = op_rate(ir, op);
            if (op->actual == ACT_RUNNING) {
                v->running++;
                /* the part of it done by now, and the rest */
                const IrMachine *mc = &ir->machines[op->machine];
                const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
                int64_t upto = now < op->end ? now : op->end;
                double so_far = upto > op->start ? (double)cal_work_between(cal, op->start, upto) : 0;
                if (a->cycle) {
                    /* a member of a running cycle: its share of the cycle's time so far */
                    double whole = (double)cal_work_between(cal, op->start, op->end);
                    double part = whole > 0 ? op->cost * so_far / whole : 0;
                    v->to_date += part;
                    v->to_complete += op->cost - part;
                    continue;
                }
                v->to_date += rate * so_far;
                v->to_complete += op->cost - rate * so_far;
                continue;
            }
            v->done++;
            const IrStep *st = &ir->products[w->product].steps[op->step];
            const IrAlt *al = alt_on(st, op->machine);
            bool counted = a->good + a->scrap > 0;
            double good = counted ? a->good : w->qty, processed = counted ? a->good + a->scrap : w->qty;
            if (op->step == 0) processed0 = processed, good0 = good;
            Variance x;
            memset(&x, 0, sizeof x);
            x.ops = 1;
            x.good = good;
            x.scrap = counted ? a->scrap : 0;
            x.std_setup = al->setup + plan_setup_by(ir, &ir->machines[op->machine], w->product, prev[w->first_op + s]);
            x.std_run = al->per_piece ? al->run * good : al->run * (w->qty > 0 ? good / w->qty : 1);
            if (a->cycle && cycle_pieces[a->cycle - 1] > 0) {
                /* a member of a cycle reported whole: the machine's cycle shared
                 * by pieces, as the plan shares it, against its share of the
                 * cycle's real time (its run) */
                x.std_setup = 0;
                x.std_run = ir->machines[op->machine].batch_cycle * op->qty / cycle_pieces[a->cycle - 1];
            }
            x.act_setup = op->setup;
            x.act_run = op->run;
            x.std_machine = rate * x.std_run;
            x.act_machine = rate * x.act_run;
            x.std_setup_cost = rate * x.std_setup;
            x.act_setup_cost = rate * x.act_setup;
            x.scrap_cost = processed > 0 ? (x.act_machine + x.act_setup_cost) * x.scrap / processed : 0;
            v->to_date += x.act_machine + x.act_setup_cost;
            /* a work order's good pieces are those of its last step done */
            double keep = vw->good;
            add(vw, &x);
            vw->good = op->step > last_step ? good : keep;
            if (op->step > last_step) last_step = op->step;
            add(&v->by_machine[op->machine], &x);
        }
        if (!started) {
            v->to_complete += w->material_cost;
            continue;
        }
        v->reported[wi] = true;
        /* materials, once its first step is done: the bill of materials for
         * its good pieces, against what was reported used (else the bill
         * for every piece processed) */
        if (processed0 >= 0) {
            const IrProduct *pr = &ir->products[w->product];
            double scrap_share = processed0 > 0 ? (processed0 - good0) / processed0 : 0;
            for (uint32_t b = 0; b < pr->nbom; b++) {
                const IrBomLine *bl = &pr->bom[b];
                if (bl->is_product) continue;
                double cost = ir->materials[bl->item].cost, act = bl->qty * processed0;
                bool reported = false;
                for (uint32_t s = 0; s < w->nops; s++) {
                    const Op *op = &p->ops.data[w->first_op + s];
                    if (!op->actual) continue;
                    const IrActual *a = &ir->actuals[op->act];
                    for (uint32_t k = 0; k < a->nuses; k++)
                        if (!a->uses[k].is_product && a->uses[k].item == bl->item) {
                            act = (reported ? act : 0) + a->uses[k].qty;
                            reported = true;
                        }
                }
                vw->std_material += bl->qty * good0 * cost;
                vw->act_material += act * cost;
                vw->scrap_cost += act * cost * scrap_share;
            }
            v->to_date += vw->act_material;
        } else v->to_date += w->material_cost;
        add(&v->by_product[w->product], vw);
        add(&v->total, vw);
    }
    /* material that left stock outside the operations: a cost to date */
    for (uint32_t m = 0; m < ir->nmaterials; m++)
        for (uint32_t k = 0; k < ir->materials[m].nissues; k++)
            v->issued += ir->materials[m].issues[k].qty * ir->materials[m].cost;
    v->to_date += v->issued;
    tk_free(prev);
    tk_free(cycle_pieces);
}

void variance_free(VarianceReport *v)
{
    tk_free(v->by_wo);
    tk_free(v->by_product);
    tk_free(v->by_machine);
    tk_free(v->reported);
    memset(v, 0, sizeof *v);
}
