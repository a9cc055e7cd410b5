/* reference.c: reading a reference plan and measuring a plan's change
 * against it (reference.h). */
#include <stdlib.h>
#include <string.h>

#include "reference.h"

bool reference_usable(const IrModel *ir, const PlanFile *pf, Diags *d)
{
    Span whole = {pf->file, 0, 0};
    if (pf->csv) {
        Diag *g = diag_error(d, whole, DIAG_REFERENCE_PLANT, "a schedule CSV cannot be a reference plan");
        diag_hint(g, "give the plan file takt plan -o wrote: it has the plant and every operation's setup");
        return false;
    }
    if (!pf->has_plant || !pf->plant || strcmp(pf->plant, ir->plant_name ? ir->plant_name : "") != 0) {
        Diag *g = diag_error(d, pf->has_plant ? pf->plant_span : whole, DIAG_REFERENCE_PLANT,
                             "the reference plan is of plant '%s', not of '%s'", pf->plant ? pf->plant : "?",
                             ir->plant_name ? ir->plant_name : "");
        diag_hint(g, "measure a plan against an earlier plan of the same plant");
        return false;
    }
    return true;
}

Reference *reference_build(const Plan *p, const PlanFile *pf)
{
    const IrModel *ir = p->ir;
    uint32_t n = p->ops.len;
    Reference *r = tk_xalloc(sizeof *r);
    memset(r, 0, sizeof *r);
    r->nops = n;
    r->machine = tk_xalloc((n + 1) * sizeof(int32_t));
    r->unit = tk_xalloc((n + 1) * sizeof(int32_t));
    r->start = tk_xalloc((n + 1) * sizeof(int64_t));
    r->end = tk_xalloc((n + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < n; i++) r->machine[i] = REF_NEW, r->unit[i] = -1, r->start[i] = r->end[i] = 0;
    NameIndex wos, mach;
    nameindex_init(&wos);
    for (uint32_t i = 0; i < p->wos.len; i++) nameindex_add(&wos, p->wos.data[i].name, (int32_t)i);
    nameindex_init(&mach);
    for (uint32_t i = 0; i < ir->nmachines; i++) nameindex_add(&mach, ir->machines[i].name, (int32_t)i);
    /* a plan lists a work order's operations together: the last name looked up is asked first */
    const char *last_wo = NULL;
    int32_t wi = -1;
    for (uint32_t k = 0; k < pf->ops.len; k++) {
        const PfOp *o = &pf->ops.data[k];
        r->ref_ops++;
        if (!last_wo || strcmp(o->wo, last_wo) != 0) wi = nameindex_find(&wos, last_wo = o->wo);
        if (wi < 0) continue;
        const WorkOrder *w = &p->wos.data[wi];
        const IrProduct *pr = &ir->products[w->product];
        /* a sublot is STEP#N (N from 1): the step's N-th operation, if the
         * plan splits the step so; a step not split is its one operation */
        size_t len = strlen(o->step);
        uint32_t sub = 0;
        const char *hash = strrchr(o->step, '#');
        if (hash && hash[1] && strspn(hash + 1, "0123456789") == strlen(hash + 1) && strlen(hash + 1) <= 6) {
            sub = (uint32_t)atoi(hash + 1);
            if (sub >= 1) len = (size_t)(hash - o->step);
            else sub = 0;
        }
        for (uint32_t st = 0; st < pr->nsteps; st++) {
            if (strlen(pr->steps[st].name) != len || memcmp(pr->steps[st].name, o->step, len) != 0) continue;
            uint32_t nops = wo_step_nops(w, st);
            if (sub ? sub > nops : nops != 1) break; /* split otherwise now: not the same operation */
            uint32_t oi = wo_step_op(w, st) + (sub ? sub - 1 : 0);
            int32_t m = o->machine ? nameindex_find(&mach, o->machine) : -1;
            r->machine[oi] = m >= 0 ? m : REF_GONE;
            r->unit[oi] = o->sub ? 0 : o->unit - 1; /* sent out: no unit (the plan's is 0) */
            r->start[oi] = o->start;
            r->end[oi] = o->end;
            break;
        }
    }
    for (uint32_t i = 0; i < n; i++) r->matched += r->machine[i] != REF_NEW;
    nameindex_free(&wos);
    nameindex_free(&mach);
    return r;
}

void reference_free(Reference *r)
{
    if (!r) return;
    tk_free(r->machine);
    tk_free(r->unit);
    tk_free(r->start);
    tk_free(r->end);
    tk_free(r);
}

void reference_measure(const Plan *p, const Reference *r, Measures *m)
{
    m->moved = m->reassigned = m->shifted = 0;
    if (!r) return;
    for (uint32_t i = 0; i < p->ops.len && i < r->nops; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        double mv, ra, sh;
        reference_op(r, i, op->machine, op->unit, op->start, op->end, &mv, &ra, &sh);
        m->moved += mv;
        m->reassigned += ra;
        m->shifted += sh;
    }
}
