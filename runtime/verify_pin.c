/* verify_pin.c: pins, firm work orders and the frozen horizon, held to the
 * plan (verify_parts.h; docs/verify.md) by this file's own reading of
 * docs/planning.md, "Pins, firm work orders and the frozen horizon":
 *
 *   - each pin of the model: every operation it names (a step's sublots,
 *     all of them, where it names the step) on its machine, and on its unit
 *     and from its start where it gives them (E0646);
 *   - with a reference plan: each operation of a firm work order, and each
 *     operation the reference starts from now to now + frozen, on the same
 *     machine and unit from the same start, and a firm work order of the
 *     same product and quantity (E0647) — unless a pin of the model says
 *     otherwise, or the actuals report it; an operation of the frozen
 *     horizon the plan no longer has (its order gone, its step changed) is
 *     not held;
 *   - without one, a warning that firm work orders and the frozen horizon
 *     are not checked (W0033).
 *
 * Operations are matched by their names as the plan writes them: the work
 * order, and the step or sublot (assemble#2). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "verify_parts.h"

typedef struct VP {
    const VResolved *r;
    NameIndex by_wo;        /* plan ops by work order: the first; next[] the rest */
    int32_t *next;
    uint8_t *pinned;        /* per plan op: a pin of the model holds it */
} VP;

static void where(const IrModel *ir, StrBuf *b, const char *prep, const char *machine, int32_t unit, int64_t start, bool sub)
{
    char t[32];
    sb_printf(b, "%s '%s'", prep, machine);
    (void)ir;
    if (!sub && unit >= 1) sb_printf(b, " %d", unit);
    if (start >= 0) {
        fmt_datetime_sp(t, sizeof t, start);
        sb_printf(b, " from %s", t);
    }
}

static void check_model_pins(VP *P)
{
    const VResolved *r = P->r;
    const IrModel *ir = r->ir;
    const PlanFile *pf = r->pf;
    StrBuf b = {0};
    for (uint32_t k = 0; k < ir->npins; k++) {
        const IrPin *pn = &ir->pins[k];
        const IrMachine *mc = &ir->machines[pn->machine];
        const char *sn = ir->products[pn->product].steps[pn->step].name;
        uint32_t found = 0;
        for (int32_t i = nameindex_find(&P->by_wo, pn->wo); i >= 0; i = P->next[i]) {
            if (r->step[i] != pn->step || (pn->sub && r->sub[i] != pn->sub)) continue;
            found++;
            if (r->actual[i]) continue; /* it ran where it ran */
            P->pinned[i] = 1;
            const PfOp *o = &pf->ops.data[i];
            bool ok = r->machine[i] == pn->machine && (pn->unit < 0 || mc->subcontract || o->unit == pn->unit + 1) &&
                      (pn->start < 0 || o->start == pn->start);
            if (ok) continue;
            b.len = 0;
            sb_printf(&b, "'%s' %s is pinned ", o->wo, o->step);
            where(ir, &b, "to", mc->name, pn->unit + 1, pn->start, mc->subcontract);
            sb_puts(&b, ", but the plan has it ");
            where(ir, &b, "on", o->machine ? o->machine : "?", o->unit, o->start, o->sub);
            Diag *g = diag_error(r->d, o->span, DIAG_OP_PIN, "%s", sb_cstr(&b));
            diag_note(g, pn->span, "the pin");
        }
        if (!found && !pf->csv) {
            char sub[24] = "";
            if (pn->sub) snprintf(sub, sizeof sub, "#%d", pn->sub);
            Diag *g = diag_error(r->d, (Span){pf->file, 0, 0}, DIAG_OP_PIN, "the plan has no operation '%s' %s%s to hold to its pin",
                                 pn->wo, sn, sub);
            diag_note(g, pn->span, "the pin");
        }
    }
    sb_free(&b);
}

/* The plan's operation of work order wo named step, -1 if none. */
static int32_t plan_op(const VP *P, const char *wo, const char *step)
{
    for (int32_t i = nameindex_find(&P->by_wo, wo); i >= 0; i = P->next[i])
        if (strcmp(P->r->pf->ops.data[i].step, step) == 0) return i;
    return -1;
}

static void check_reference(VP *P)
{
    const VResolved *r = P->r;
    const IrModel *ir = r->ir;
    const PlanFile *pf = r->pf, *ref = r->ref;
    int64_t now = plan_now(ir), until = ir->frozen >= 0 ? now + ir->frozen : now;
    NameIndex firm, refwos, planwos;
    nameindex_init(&firm);
    nameindex_init(&refwos);
    nameindex_init(&planwos);
    for (uint32_t k = 0; k < ir->nfirms; k++) nameindex_add(&firm, ir->firms[k].wo, (int32_t)k);
    for (uint32_t k = 0; k < ref->wos.len; k++) nameindex_add(&refwos, ref->wos.data[k].name, (int32_t)k);
    for (uint32_t k = 0; k < pf->wos.len; k++) nameindex_add(&planwos, pf->wos.data[k].name, (int32_t)k);
    /* firm work orders: in the reference plan, and made as it made them */
    for (uint32_t k = 0; k < ir->nfirms; k++) {
        const IrFirm *fm = &ir->firms[k];
        int32_t rw = nameindex_find(&refwos, fm->wo), pw = pf->csv ? -1 : nameindex_find(&planwos, fm->wo);
        if (rw < 0) {
            diag_warning(r->d, fm->span, DIAG_NOTHING_TO_KEEP, "firm work order '%s' is not in the reference plan: not checked",
                         fm->wo);
            continue;
        }
        if (pw < 0) continue; /* a work order the plan lacks is reported elsewhere */
        const PfWorkOrder *a = &ref->wos.data[rw], *b = &pf->wos.data[pw];
        if (fabs(a->qty - b->qty) > 1e-9 || !a->product || !b->product || strcmp(a->product, b->product) != 0) {
            char q1[40], q2[40];
            fmt_double(q1, sizeof q1, b->qty);
            fmt_double(q2, sizeof q2, a->qty);
            Diag *g = diag_error(r->d, b->span, DIAG_OP_FIRM, "firm work order '%s' makes %s %s, but %s %s in the reference plan",
                                 fm->wo, q1, b->product ? b->product : "?", q2, a->product ? a->product : "?");
            diag_note(g, a->span, "the work order in the reference plan");
        }
    }
    StrBuf m = {0};
    for (uint32_t k = 0; k < ref->ops.len; k++) {
        const PfOp *ro = &ref->ops.data[k];
        bool is_firm = nameindex_find(&firm, ro->wo) >= 0;
        bool frozen = ir->frozen >= 0 && ro->start >= now && ro->start < until;
        if ((!is_firm && !frozen) || ro->actual) continue;
        int32_t i = plan_op(P, ro->wo, ro->step);
        if (i < 0) {
            if (is_firm && nameindex_find(&planwos, ro->wo) >= 0) {
                Diag *g = diag_error(r->d, (Span){pf->file, 0, 0}, DIAG_OP_FIRM,
                                     "the plan has no operation '%s' %s of the firm work order", ro->wo, ro->step);
                diag_note(g, ro->span, "the operation in the reference plan");
            }
            continue;
        }
        if (r->actual[i] || P->pinned[i]) continue;
        const PfOp *o = &pf->ops.data[i];
        bool sub = o->sub || ro->sub;
        if (o->machine && ro->machine && strcmp(o->machine, ro->machine) == 0 && (sub || o->unit == ro->unit) &&
            o->start == ro->start)
            continue;
        m.len = 0;
        sb_printf(&m, "'%s' %s is %s: the reference plan has it ", o->wo, o->step, is_firm ? "firm" : "frozen");
        where(ir, &m, "on", ro->machine ? ro->machine : "?", ro->unit, ro->start, sub);
        sb_puts(&m, ", the plan ");
        where(ir, &m, "on", o->machine ? o->machine : "?", o->unit, o->start, sub);
        Diag *g = diag_error(r->d, o->span, DIAG_OP_FIRM, "%s", sb_cstr(&m));
        diag_note(g, ro->span, "the operation in the reference plan");
    }
    sb_free(&m);
    nameindex_free(&firm);
    nameindex_free(&refwos);
    nameindex_free(&planwos);
}

void verify_pins(const VResolved *r)
{
    const IrModel *ir = r->ir;
    if (!ir->npins && !ir->nfirms && ir->frozen < 0) return;
    const PlanFile *pf = r->pf;
    uint32_t n = pf->ops.len;
    VP P;
    memset(&P, 0, sizeof P);
    P.r = r;
    nameindex_init(&P.by_wo);
    P.next = tk_xalloc((n + 1) * sizeof(int32_t));
    P.pinned = tk_xalloc(n + 1);
    memset(P.pinned, 0, n + 1);
    int32_t *last = tk_xalloc((n + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < n; i++) {
        P.next[i] = -1;
        int32_t head = nameindex_find(&P.by_wo, pf->ops.data[i].wo);
        if (head < 0) {
            nameindex_add(&P.by_wo, pf->ops.data[i].wo, (int32_t)i);
            last[i] = (int32_t)i;
        } else {
            P.next[last[head]] = (int32_t)i;
            last[head] = (int32_t)i;
        }
    }
    tk_free(last);
    check_model_pins(&P);
    if (ir->nfirms || ir->frozen >= 0) {
        if (r->ref) check_reference(&P);
        else {
            Diag *g = diag_warning(r->d, ir->nfirms ? ir->firms[0].span : ir->frozen_span, DIAG_NOTHING_TO_KEEP,
                                   "%s not checked: there is no reference plan",
                                   ir->nfirms && ir->frozen >= 0 ? "firm work orders and the frozen horizon are"
                                   : ir->nfirms                  ? "firm work orders are"
                                                                 : "the frozen horizon is");
            diag_hint(g, "give the plan they keep: takt verify --reference PREV.plan MODEL.takt PLAN");
        }
    }
    nameindex_free(&P.by_wo);
    tk_free(P.next);
    tk_free(P.pinned);
}
