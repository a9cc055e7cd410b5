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
            for (uint32_t q = 0; q < st->nalts; q++)
                if (st->alts[q].machine < 0 || (uint32_t)st->alts[q].machine >= ir->nmachines)
                    return fail("machine out of range", p->name);
            for (uint32_t q = 0; q < st->npreds; q++)
                if (st->preds[q] < 0 || (uint32_t)st->preds[q] >= p->nsteps || st->preds[q] == (int32_t)k)
                    return fail("predecessor out of range", p->name);
        }
    }
    for (uint32_t i = 0; i < ir->norders; i++)
        if (ir->orders[i].product < 0 || (uint32_t)ir->orders[i].product >= ir->nproducts)
            return fail("order without a product", ir->orders[i].name);
    if (ir->ndispatch > IR_MAX_LEVELS || ir->nobjectives > IR_MAX_LEVELS) return fail("too many levels", NULL);
    for (uint32_t k = 0; k < ir->ndispatch; k++)
        if (ir->dispatch_fns[k] < 0 || ir->dispatch_fns[k] >= (int32_t)ir->nfuncs) return fail("dispatch level out of range", NULL);
    for (uint32_t k = 0; k < ir->nobjectives; k++)
        if (ir->objective_fns[k] < 0 || ir->objective_fns[k] >= (int32_t)ir->nfuncs) return fail("objective level out of range", NULL);
    if (ir->dispatch_fn != (ir->ndispatch ? ir->dispatch_fns[0] : -1) ||
        ir->objective_fn != (ir->nobjectives ? ir->objective_fns[0] : -1))
        return fail("first level is not the rule", NULL);
    for (uint32_t i = 0; i < ir->nfuncs; i++)
        if (!verify_func(ir, &ir->funcs[i])) return false;
    return true;
}
