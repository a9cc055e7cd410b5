/* ir_verify.c: the IR contract, checked after lowering. A failure is a bug in
 * the compiler, not in the model: it is reported on stderr and the caller
 * stops before planning. */
#include <stdio.h>

#include "ir.h"

static bool fail(const char *what, const char *name)
{
    fprintf(stderr, "takt: internal error: IR check failed: %s (%s)\n", what, name ? name : "");
    return false;
}

static bool verify_func(const IrModel *ir, const IrFunc *f)
{
    if (f->n == 0 || f->ins[f->n - 1].op != IR_RET) return fail("function does not end in ret", f->name);
    for (uint32_t i = 0; i < f->n; i++) {
        const IrIns *in = &f->ins[i];
        if (in->op >= IR__COUNT) return fail("unknown operation", f->name);
        if (in->op == IR_RET && i != f->n - 1) return fail("ret before the end", f->name);
        int n = ir_op_arity((IrOp)in->op);
        int32_t ops[3] = {in->a, in->b, in->c};
        for (int k = 0; k < n; k++)
            if (ops[k] < 0 || (uint32_t)ops[k] >= i) return fail("operand not computed before use", f->name);
        if (in->op == IR_VAR && (in->a < 0 || in->a >= RV__COUNT)) return fail("variable out of range", f->name);
        if (in->op == IR_ATTR &&
            (in->obj >= ATAB__COUNT || in->a < 0 || (uint32_t)in->a >= ir->nattrs[in->obj]))
            return fail("attribute out of range", f->name);
    }
    return true;
}

bool ir_verify(const IrModel *ir)
{
    if (ir->end <= ir->start) return fail("empty horizon", NULL);
    for (uint32_t i = 0; i < ir->ncalendars; i++) {
        const IrCalendar *c = &ir->calendars[i];
        for (uint32_t k = 0; k < c->n; k++) {
            if (c->iv[k].lo >= c->iv[k].hi) return fail("empty calendar interval", c->name);
            if (k && c->iv[k].lo <= c->iv[k - 1].hi) return fail("calendar intervals unsorted or touching", c->name);
            if (c->iv[k].lo < ir->start || c->iv[k].hi > ir->end) return fail("calendar outside the horizon", c->name);
        }
        if (c->base >= (int32_t)ir->ncalendars || c->base == (int32_t)i) return fail("calendar base out of range", c->name);
        for (int d = 0; d < 7; d++)
            for (uint32_t k = 0; k < c->nday[d]; k++)
                if (c->day[d][k].lo < 0 || c->day[d][k].hi <= c->day[d][k].lo || c->day[d][k].hi - c->day[d][k].lo > 1440)
                    return fail("calendar shift out of range", c->name);
    }
    for (uint32_t i = 0; i < ir->nmaterials; i++)
        if (ir->materials[i].receiving >= (int32_t)ir->ncalendars) return fail("receiving calendar out of range", ir->materials[i].name);
    for (uint32_t i = 0; i < ir->nmachines; i++) {
        const IrMachine *m = &ir->machines[i];
        if (m->units == 0) return fail("machine without units", m->name);
        if (m->calendar >= (int32_t)ir->ncalendars) return fail("calendar out of range", m->name);
        if (m->cost_fn >= (int32_t)ir->nfuncs || m->setup_fn >= (int32_t)ir->nfuncs)
            return fail("function out of range", m->name);
        if (m->batch_cap > 0 &&
            (!(m->batch_cycle >= 1) || !(m->batch_fill >= 0) || m->batch_load >= (int32_t)ir->nattrs[ATAB_JOB] ||
             m->batch_by >= (int32_t)ir->nattrs[ATAB_JOB] || m->setup_fn >= 0 || m->nsetup_by))
            return fail("batch machine out of range", m->name);
    }
    for (uint32_t i = 0; i < ir->npools; i++) {
        if (ir->pools[i].units == 0) return fail("resource without units", ir->pools[i].name);
        if (ir->pools[i].calendar >= (int32_t)ir->ncalendars) return fail("calendar out of range", ir->pools[i].name);
    }
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const IrProduct *p = &ir->products[i];
        for (uint32_t k = 0; k < p->nbom; k++) {
            uint32_t lim = p->bom[k].is_product ? ir->nproducts : ir->nmaterials;
            if (p->bom[k].item < 0 || (uint32_t)p->bom[k].item >= lim) return fail("BOM item out of range", p->name);
        }
        for (uint32_t k = 0; k < p->nsteps; k++) {
            const IrStep *st = &p->steps[k];
            if (st->nalts == 0) return fail("step without a machine", p->name);
            for (uint32_t q = 0; q < st->nalts; q++) {
                const IrAlt *al = &st->alts[q];
                if (al->machine < 0 || (uint32_t)al->machine >= ir->nmachines)
                    return fail("machine out of range", p->name);
                if (!(al->run >= 0) || !(al->setup >= 0)) return fail("negative or NaN time", p->name);
                if (ir->machines[al->machine].batch_cap > 0 && (st->nalts != 1 || al->per_piece || al->nneeds))
                    return fail("batch step out of range", p->name);
                for (uint32_t k2 = 0; k2 < al->nneeds; k2++) {
                    const IrNeed *nd = &al->needs[k2];
                    if (nd->nalts == 0) return fail("need without a resource", p->name);
                    for (uint32_t a = 0; a < nd->nalts; a++) {
                        const IrPoolAlt *pa = &nd->alts[a];
                        if (pa->pool < 0 || (uint32_t)pa->pool >= ir->npools) return fail("resource out of range", p->name);
                        if (pa->count == 0 || pa->count > ir->pools[pa->pool].units)
                            return fail("need of more units than the resource has", p->name);
                    }
                }
            }
            for (uint32_t q = 0; q < st->npreds; q++)
                if (st->preds[q] < 0 || (uint32_t)st->preds[q] >= p->nsteps || st->preds[q] == (int32_t)k)
                    return fail("predecessor out of range", p->name);
            if (st->sublots > SUBLOT_MAX || st->sublot < 0 || (st->sublot && st->sublots))
                return fail("sublots out of range", p->name);
        }
    }
    for (uint32_t i = 0; i < ir->norders; i++)
        if (ir->orders[i].product < 0 || (uint32_t)ir->orders[i].product >= ir->nproducts)
            return fail("order without a product", ir->orders[i].name);
    for (uint32_t i = 0; i < ir->npins; i++) {
        const IrPin *pn = &ir->pins[i];
        if (pn->product < 0 || (uint32_t)pn->product >= ir->nproducts || pn->step < 0 ||
            (uint32_t)pn->step >= ir->products[pn->product].nsteps || pn->sub < 0 || pn->sub > SUBLOT_MAX)
            return fail("pin of a step out of range", pn->wo);
        if (pn->machine < 0 || (uint32_t)pn->machine >= ir->nmachines ||
            (pn->unit >= 0 && (uint32_t)pn->unit >= ir->machines[pn->machine].units))
            return fail("pin on a machine or unit out of range", pn->wo);
    }
    for (uint32_t i = 0; i < ir->nactuals; i++)
        if (ir->actuals[i].sub < 0 || ir->actuals[i].sub > SUBLOT_MAX) return fail("reported sublot out of range", ir->actuals[i].wo);
    if (ir->nattrs[ATAB_MEASURE] != ir->nmeasures) return fail("measure table of the wrong length", NULL);
    for (uint32_t i = 0; i < ir->nmeasures; i++) {
        const IrMeasure *m = &ir->measures[i];
        if ((m->machine < 0) == (m->where_fn < 0)) return fail("measure restricted by both or neither", m->name);
        if (m->machine >= (int32_t)ir->nmachines || m->where_fn >= (int32_t)ir->nfuncs)
            return fail("measure restriction out of range", m->name);
        if (m->var >= RV__COUNT) return fail("measure out of range", m->name);
    }
    if (ir->ndispatch > IR_MAX_LEVELS || ir->nobjectives > IR_MAX_LEVELS) return fail("too many levels", NULL);
    for (uint32_t k = 0; k < ir->ndispatch; k++)
        if (ir->dispatch_fns[k] < 0 || ir->dispatch_fns[k] >= (int32_t)ir->nfuncs) return fail("dispatch level out of range", NULL);
    for (uint32_t k = 0; k < ir->nobjectives; k++)
        if (ir->objective_fns[k] < 0 || ir->objective_fns[k] >= (int32_t)ir->nfuncs) return fail("objective level out of range", NULL);
    if (ir->dispatch_fn != (ir->ndispatch ? ir->dispatch_fns[0] : -1) ||
        ir->objective_fn != (ir->nobjectives ? ir->objective_fns[0] : -1))
        return fail("first level is not the rule", NULL);
    for (uint32_t i = 0; i < ir->nfuncs; i++) {
        if (!verify_func(ir, &ir->funcs[i])) return false;
        /* only the objective's levels read the measure table */
        bool level = false;
        for (uint32_t k = 0; k < ir->nobjectives; k++) level |= (int32_t)i == ir->objective_fns[k];
        if ((ir->funcs[i].attrs >> ATAB_MEASURE & 1) && !level)
            return fail("measure read outside the objective", ir->funcs[i].name);
    }
    if (ir->nobj_terms && ir->objective_fn < 0) return fail("objective terms without an objective", NULL);
    for (uint32_t i = 0; i < ir->nobj_terms; i++)
        if (ir->obj_terms[i].ins < 0 || (uint32_t)ir->obj_terms[i].ins + 1 >= ir->funcs[ir->objective_fn].n)
            return fail("objective term out of range", ir->obj_terms[i].text);
    return true;
}
