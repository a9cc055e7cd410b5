/* verify_sub.c: work sent to subcontractors, against the model
 * (verify_parts.h; docs/verify.md). An operation on a subcontractor is sent
 * at a time the subcontractor's calendar takes goods (its working time, or
 * as a stretch of it ends; any time without a calendar) and comes back at
 * the first such time at or after its lead time later — elapsed time, not
 * working time (E0650). Each has one subcontract order in a plan file, for
 * its pieces, sent and back when the operation is, at the subcontractor's
 * price (per piece, plus per operation) to the cent; and each order is for
 * such an operation (E0651). Reported operations are where they happened:
 * their times are not held to the lead. */
#include <math.h>
#include <string.h>

#include "verify_calendar.h"
#include "verify_parts.h"

void verify_subcontracts(const VResolved *r)
{
    const IrModel *ir = r->ir;
    const PlanFile *pf = r->pf;
    uint32_t n = pf->ops.len;
    bool any = false;
    for (uint32_t i = 0; i < ir->nmachines; i++) any |= ir->machines[i].subcontract;
    if (!any && !pf->subcontracts.len) return;
    VCal **cals = tk_xalloc((ir->ncalendars + 1) * sizeof(VCal *));
    memset(cals, 0, (ir->ncalendars + 1) * sizeof(VCal *));
    /* the operations sent out, by "work order/step" with the subcontractor */
    NameIndex by;
    nameindex_init(&by);
    StrBuf key = {0};
    int32_t *order = tk_xalloc((n + 1) * sizeof(int32_t)); /* per op: its subcontract order, -1 none */
    for (uint32_t i = 0; i < n; i++) {
        order[i] = -1;
        int32_t m = r->machine[i];
        if (m < 0 || r->step[i] < 0 || !ir->machines[m].subcontract) continue;
        const PfOp *o = &pf->ops.data[i];
        const IrMachine *mc = &ir->machines[m];
        key.len = 0;
        sb_printf(&key, "%s\n%s\n%s", mc->name, o->wo, o->step);
        nameindex_add(&by, sb_cstr(&key), (int32_t)i);
        if (r->actual[i]) continue;
        const VCal *c = NULL;
        if (mc->calendar >= 0) {
            if (!cals[mc->calendar]) cals[mc->calendar] = vcal_build(ir, mc->calendar);
            c = cals[mc->calendar];
        }
        char b1[32], b2[32];
        if (o->start < ir->start || o->start >= ir->end) continue; /* outside the horizon: E0608 says so */
        if (c && !vcal_receives_at(c, o->start)) {
            fmt_datetime_sp(b1, sizeof b1, o->start);
            Diag *g = diag_error(r->d, o->span, DIAG_OP_SUBCONTRACT, "'%s' %s is sent to '%s' at %s, when it takes no goods",
                                 o->wo, o->step, mc->name, b1);
            diag_note(g, mc->span, "the subcontractor and its calendar");
            continue;
        }
        int64_t back = o->start + mc->lead;
        if (c) back = vcal_next_receiving(c, back);
        if (back != INT64_MAX && back <= ir->end && o->end != back) {
            fmt_datetime_sp(b1, sizeof b1, o->end);
            fmt_datetime_sp(b2, sizeof b2, back);
            Diag *g = diag_error(r->d, o->span, DIAG_OP_SUBCONTRACT,
                                 "'%s' %s comes back from '%s' at %s, but its lead time brings it back at %s", o->wo, o->step,
                                 mc->name, b1, b2);
            diag_note(g, mc->span, "the subcontractor, its lead and its calendar");
        } else if (back == INT64_MAX || back > ir->end) {
            Diag *g = diag_error(r->d, o->span, DIAG_OP_SUBCONTRACT, "'%s' %s cannot come back from '%s' before the horizon ends",
                                 o->wo, o->step, mc->name);
            diag_note(g, mc->span, "the subcontractor, its lead and its calendar");
        }
    }
    /* each order with its operation, and each operation with its order */
    for (uint32_t k = 0; k < pf->subcontracts.len; k++) {
        const PfSubcontract *c = &pf->subcontracts.data[k];
        key.len = 0;
        sb_printf(&key, "%s\n%s\n%s", c->subcontractor, c->wo, c->step);
        int32_t i = nameindex_find(&by, sb_cstr(&key));
        if (i < 0) {
            diag_error(r->d, c->span, DIAG_SUBCONTRACT_ORDER,
                       "a subcontract order to '%s' for '%s' %s, which the plan does not send there", c->subcontractor, c->wo,
                       c->step);
            continue;
        }
        if (order[i] >= 0) {
            Diag *g = diag_error(r->d, c->span, DIAG_SUBCONTRACT_ORDER, "'%s' %s has two subcontract orders", c->wo, c->step);
            diag_note(g, pf->subcontracts.data[order[i]].span, "the first");
            continue;
        }
        order[i] = (int32_t)k;
        const PfOp *o = &pf->ops.data[i];
        const IrMachine *mc = &ir->machines[r->machine[i]];
        double want_cost = r->qty[i] >= 0 ? round((mc->sub_each * r->qty[i] + mc->sub_fixed) * 100) / 100 : NAN;
        char b1[40], b2[40];
        const char *msg = NULL;
        if (c->send != o->start) {
            fmt_datetime_sp(b1, sizeof b1, c->send);
            fmt_datetime_sp(b2, sizeof b2, o->start);
            msg = "is sent at %s, but the operation at %s";
        } else if (c->back != o->end) {
            fmt_datetime_sp(b1, sizeof b1, c->back);
            fmt_datetime_sp(b2, sizeof b2, o->end);
            msg = "comes back at %s, but the operation at %s";
        } else if (r->qty[i] >= 0 && fabs(c->qty - r->qty[i]) > 1e-6 * (1 + r->qty[i])) {
            fmt_double(b1, sizeof b1, c->qty);
            fmt_double(b2, sizeof b2, r->qty[i]);
            msg = "is for %s pieces, but the operation for %s";
        } else if (!isnan(c->cost) && !isnan(want_cost) && fabs(c->cost - want_cost) > 0.005) {
            snprintf(b1, sizeof b1, "%.2f", c->cost);
            snprintf(b2, sizeof b2, "%.2f", want_cost);
            msg = "costs %s, but the subcontractor's price for the operation is %s";
        }
        if (!msg) continue;
        StrBuf m = {0};
        sb_printf(&m, "the subcontract order of '%s' %s ", c->wo, c->step);
        sb_printf(&m, msg, b1, b2);
        Diag *g = diag_error(r->d, c->span, DIAG_SUBCONTRACT_ORDER, "%s", sb_cstr(&m));
        sb_free(&m);
        diag_note(g, o->span, "the operation");
    }
    if (!pf->csv)
        for (uint32_t i = 0; i < n; i++)
            if (r->machine[i] >= 0 && r->step[i] >= 0 && ir->machines[r->machine[i]].subcontract && order[i] < 0) {
                const PfOp *o = &pf->ops.data[i];
                Diag *g = diag_error(r->d, o->span, DIAG_SUBCONTRACT_ORDER, "'%s' %s is sent to '%s' without a subcontract order",
                                     o->wo, o->step, o->machine);
                diag_hint(g, "a plan lists each operation sent out as a subcontract record (docs/plan-format.md)");
            }
    for (uint32_t i = 0; i < ir->ncalendars; i++) vcal_free(cals[i]);
    tk_free(cals);
    tk_free(order);
    sb_free(&key);
    nameindex_free(&by);
}
