/* pin.c: pins, firm work orders and the frozen horizon, as pins of the
 * plan's operations (docs/planning.md, "Pins, firm work orders and the
 * frozen horizon"). The planner's half of the constraint: it decides which
 * operation is pinned where, into Plan.pin_*; the dispatcher (sched.c)
 * starts a pinned operation at its start on its unit and fills only the time
 * before it, the search's decoder (search.c) keeps it there, and takt verify
 * checks the plan against the same rules with its own code
 * (verify_pin.c).
 *
 * Three sources, in this order, a later one replacing an earlier:
 *
 *   the frozen horizon   every operation of the reference plan that starts
 *                        from now to now + frozen: its machine, unit, start;
 *   firm work orders     every operation of theirs the reference plan has;
 *   the model's pins     its machine, and its unit and start where given.
 *
 * A pinned operation keeps where and when it starts; its work is the
 * model's. Operations the actuals report are where they ran, and never
 * pinned. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plan_read.h"
#include "runtime.h"

typedef struct Pinner {
    Plan *p;
    const IrModel *ir;
    NameIndex wos;         /* the plan's work orders by name */
    NameIndex machines;
    uint8_t *reported;     /* per operation: the actuals report it */
    int64_t now;
    bool ref_wo;           /* ref_problem's note is at a work order, not an operation */
} Pinner;

static void alloc_pins(Pinner *P)
{
    Plan *p = P->p;
    if (p->pin_machine) return;
    uint32_t n = p->ops.len + 1;
    p->pin_machine = arena_alloc(&p->arena, n * sizeof(int32_t));
    p->pin_unit = arena_alloc(&p->arena, n * sizeof(int32_t));
    p->pin_start = arena_alloc(&p->arena, n * sizeof(int64_t));
    p->pin_span = arena_alloc(&p->arena, n * sizeof(Span));
    p->pin_ref = arena_alloc(&p->arena, n * sizeof(Span));
    for (uint32_t i = 0; i < n; i++) {
        p->pin_machine[i] = p->pin_unit[i] = -1;
        p->pin_start[i] = -1;
        p->pin_span[i] = p->pin_ref[i] = span_none();
    }
}

static void pin_op(Pinner *P, uint32_t oi, int32_t m, int32_t u, int64_t start, uint8_t kind, Span at, Span ref)
{
    Plan *p = P->p;
    alloc_pins(P);
    Op *op = &p->ops.data[oi];
    if (!op->pinned) p->npinned++;
    op->pinned = kind;
    p->pin_machine[oi] = m;
    p->pin_unit[oi] = P->ir->machines[m].subcontract ? -1 : u;
    p->pin_start[oi] = start;
    p->pin_span[oi] = at;
    p->pin_ref[oi] = ref;
}

/* The operation of work order wi at step s, sublot sub (from 1; 0: the
 * step's only operation); -1 if the plan has none such. */
static int32_t op_at(const Plan *p, int32_t wi, int32_t s, uint32_t sub)
{
    const WorkOrder *w = &p->wos.data[wi];
    uint32_t n = wo_step_nops(w, (uint32_t)s);
    if (sub == 0) return n == 1 ? (int32_t)wo_step_op(w, (uint32_t)s) : -1;
    if (sub > n || n == 1) return -1;
    return (int32_t)(wo_step_op(w, (uint32_t)s) + sub - 1);
}

static int32_t step_of(const IrProduct *pr, const char *name, size_t n)
{
    for (uint32_t s = 0; s < pr->nsteps; s++)
        if (strlen(pr->steps[s].name) == n && memcmp(pr->steps[s].name, name, n) == 0) return (int32_t)s;
    return -1;
}

static void mark_reported(Pinner *P)
{
    Plan *p = P->p;
    const IrModel *ir = P->ir;
    P->reported = tk_xalloc(p->ops.len + 1);
    memset(P->reported, 0, p->ops.len + 1);
    const int32_t *act_wo = plan_actual_wos(p);
    for (uint32_t k = 0; k < ir->nactuals; k++) {
        if (act_wo[k] < 0) continue;
        const IrActual *a = &ir->actuals[k];
        int32_t oi = op_at(p, act_wo[k], a->step, (uint32_t)a->sub);
        if (oi >= 0) P->reported[oi] = 1;
    }
}

/* A problem about an operation kept from the reference plan: at the firm
 * work order or the frozen setting, with the reference plan's line. */
/* A problem at `at` with a note at the reference plan's line `ref`: its
 * operation, or its work order (whose span is pw->span). */
static void ref_problem(Pinner *P, DiagCode code, Span at, Span ref, const char *hint, const char *fmt, ...)
    TK_PRINTF(6, 7);
static void ref_problem(Pinner *P, DiagCode code, Span at, Span ref, const char *hint, const char *fmt, ...)
{
    const char *what = "the operation in the reference plan";
    va_list ap;
    va_start(ap, fmt);
    char *msg = tk_vfmt(fmt, ap);
    va_end(ap);
    plan_problem(P->p, code, at, hint, "%s", msg);
    PlanProblem *pr = &P->p->problems.data[P->p->problems.len - 1];
    pr->note_at = ref;
    if (P->ref_wo) what = "the work order in the reference plan";
    pr->note = arena_strdup(&P->p->arena, what);
    tk_free(msg);
}

/* A reference plan's operation, to be kept: its machine and unit still
 * there and usable by the step, its start in the horizon and not before
 * now. Pins it (kind) or says why not. */
static void keep_ref_op(Pinner *P, const PfOp *o, int32_t oi, uint8_t kind, Span at)
{
    const IrModel *ir = P->ir;
    Plan *p = P->p;
    const Op *op = &p->ops.data[oi];
    const IrStep *st = &ir->products[p->wos.data[op->wo].product].steps[op->step];
    const char *why = kind == PIN_FIRM ? "firm" : "frozen";
    StrBuf nb = {0};
    const char *sn = plan_op_step_name(p, op, &nb);
    const char *wn = p->wos.data[op->wo].name;
    int32_t m = o->machine ? nameindex_find(&P->machines, o->machine) : -1;
    char b1[32], b2[32];
    if (m < 0 || !plan_step_alt(st, m)) {
        ref_problem(P, DIAG_PIN_BROKEN, at, o->span, "re-plan it: unmark it firm, or shorten the frozen horizon",
                    "the %s operation '%s' %s cannot stay on '%s': %s", why, wn, sn, o->machine ? o->machine : "",
                    m < 0 ? "the model has no such machine now" : "its step can no longer use it");
    } else if (!ir->machines[m].subcontract && (o->unit < 1 || (uint32_t)o->unit > ir->machines[m].units)) {
        ref_problem(P, DIAG_PIN_BROKEN, at, o->span, "re-plan it: unmark it firm, or shorten the frozen horizon",
                    "the %s operation '%s' %s cannot stay on '%s' %d: the machine has %u unit%s now", why, wn, sn,
                    ir->machines[m].name, o->unit, ir->machines[m].units, ir->machines[m].units == 1 ? "" : "s");
    } else if (o->start < P->now) {
        fmt_datetime_sp(b1, sizeof b1, o->start);
        fmt_datetime_sp(b2, sizeof b2, P->now);
        ref_problem(P, DIAG_PIN_BROKEN, at, o->span,
                    "report in the actuals what the shop floor did, or unmark the work order firm",
                    "the %s operation '%s' %s started at %s in the reference plan, before now (%s), and the actuals "
                    "do not report it", why, wn, sn, b1, b2);
    } else if (o->start >= ir->end) {
        fmt_datetime_sp(b1, sizeof b1, o->start);
        ref_problem(P, DIAG_PIN_BROKEN, at, o->span, "lengthen the plant's horizon",
                    "the %s operation '%s' %s starts at %s in the reference plan, after the horizon ends", why, wn, sn,
                    b1);
    } else
        pin_op(P, (uint32_t)oi, m, o->unit - 1, o->start, kind, at, o->span);
    sb_free(&nb);
}

/* The reference plan's operation k as an operation of this plan: -1 if the
 * plan has no such work order, step or sublot. */
static int32_t ref_op(Pinner *P, const PfOp *o)
{
    int32_t wi = nameindex_find(&P->wos, o->wo);
    if (wi < 0) return -1;
    size_t len;
    uint32_t sub;
    if (!plan_split_step(o->step, &len, &sub)) return -1;
    int32_t s = step_of(&P->ir->products[P->p->wos.data[wi].product], o->step, len);
    return s < 0 ? -1 : op_at(P->p, wi, s, sub);
}

static void frozen_horizon(Pinner *P, const PlanFile *ref)
{
    const IrModel *ir = P->ir;
    int64_t until = P->now + ir->frozen;
    for (uint32_t k = 0; k < ref->ops.len; k++) {
        const PfOp *o = &ref->ops.data[k];
        if (o->start < P->now || o->start >= until || o->actual) continue;
        int32_t oi = ref_op(P, o);
        if (oi < 0 || P->reported[oi]) continue; /* a work order or step the plan no longer has */
        keep_ref_op(P, o, oi, PIN_FROZEN, ir->frozen_span);
    }
}

static void firm_orders(Pinner *P, const PlanFile *ref)
{
    const IrModel *ir = P->ir;
    Plan *p = P->p;
    NameIndex refwos;
    nameindex_init(&refwos);
    for (uint32_t k = 0; k < ref->wos.len; k++) nameindex_add(&refwos, ref->wos.data[k].name, (int32_t)k);
    /* the reference plan's operations of each firm work order */
    int32_t *firm_of = tk_xalloc((p->wos.len + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < p->wos.len; i++) firm_of[i] = -1;
    for (uint32_t f = 0; f < ir->nfirms; f++) {
        const IrFirm *fm = &ir->firms[f];
        int32_t wi = nameindex_find(&P->wos, fm->wo);
        if (wi < 0) {
            plan_problem(p, DIAG_UNKNOWN_WORK_ORDER, fm->span,
                         "stock or lot sizing may cover the need it was made for: see the plan's work orders",
                         "the plan has no work order '%s' to keep firm", fm->wo);
            continue;
        }
        int32_t rw = nameindex_find(&refwos, fm->wo);
        const WorkOrder *w = &p->wos.data[wi];
        if (rw < 0) {
            plan_warning(p, DIAG_NOTHING_TO_KEEP, fm->span, "it is planned as new work",
                         "firm work order '%s' is not in the reference plan", fm->wo);
            continue;
        }
        const PfWorkOrder *pw = &ref->wos.data[rw];
        if (fabs(pw->qty - w->qty) > 1e-9 || !pw->product || strcmp(pw->product, ir->products[w->product].name) != 0) {
            char q1[32], q2[32];
            fmt_double(q1, sizeof q1, w->qty);
            fmt_double(q2, sizeof q2, pw->qty);
            P->ref_wo = true;
            ref_problem(P, DIAG_FIRM_CHANGED, fm->span, pw->span,
                        "a firm work order stands as released: change the demand or stock back, or unmark it firm",
                        "firm work order '%s' makes %s %s now, but %s %s in the reference plan", fm->wo, q1,
                        ir->products[w->product].name, q2, pw->product ? pw->product : "?");
            P->ref_wo = false;
            continue;
        }
        firm_of[wi] = (int32_t)f;
    }
    uint8_t *kept = tk_xalloc(p->ops.len + 1);
    memset(kept, 0, p->ops.len + 1);
    for (uint32_t k = 0; k < ref->ops.len; k++) {
        const PfOp *o = &ref->ops.data[k];
        int32_t wi = nameindex_find(&P->wos, o->wo);
        if (wi < 0 || firm_of[wi] < 0) continue;
        int32_t oi = ref_op(P, o);
        if (oi < 0) {
            ref_problem(P, DIAG_FIRM_CHANGED, ir->firms[firm_of[wi]].span, o->span,
                        "a firm work order stands as released: change the routing back, or unmark it firm",
                        "firm work order '%s' has no operation '%s' now", o->wo, o->step);
            continue;
        }
        kept[oi] = 1;
        if (P->reported[oi]) continue;
        keep_ref_op(P, o, oi, PIN_FIRM, ir->firms[firm_of[wi]].span);
    }
    for (uint32_t wi = 0; wi < p->wos.len; wi++) {
        if (firm_of[wi] < 0) continue;
        const WorkOrder *w = &p->wos.data[wi];
        for (uint32_t i = w->first_op; i < w->first_op + w->nops; i++)
            if (!kept[i] && !P->reported[i]) {
                StrBuf nb = {0};
                plan_problem(p, DIAG_FIRM_CHANGED, ir->firms[firm_of[wi]].span,
                             "a firm work order stands as released: change the routing back, or unmark it firm",
                             "firm work order '%s' has an operation '%s' the reference plan does not have", w->name,
                             plan_op_step_name(p, &p->ops.data[i], &nb));
                sb_free(&nb);
                break;
            }
    }
    tk_free(kept);
    tk_free(firm_of);
    nameindex_free(&refwos);
}

static void model_pins(Pinner *P)
{
    const IrModel *ir = P->ir;
    Plan *p = P->p;
    for (uint32_t k = 0; k < ir->npins; k++) {
        const IrPin *pn = &ir->pins[k];
        int32_t wi = nameindex_find(&P->wos, pn->wo);
        if (wi < 0) {
            plan_problem(p, DIAG_UNKNOWN_WORK_ORDER, pn->span,
                         "stock or lot sizing may cover the need it was made for: see the plan's work orders",
                         "the plan has no work order '%s' to pin", pn->wo);
            continue;
        }
        const WorkOrder *w = &p->wos.data[wi];
        const IrStep *st = &ir->products[w->product].steps[pn->step];
        uint32_t n = wo_step_nops(w, (uint32_t)pn->step);
        if (pn->sub > 0 && (uint32_t)pn->sub > n) {
            char hint[96];
            snprintf(hint, sizeof hint, n == 1 ? "pin the step itself" : "its sublots are #1 to #%u", n);
            plan_problem(p, DIAG_PIN_BROKEN, pn->span, hint, "step '%s' of '%s' is %s: it has no sublot #%d", st->name,
                         w->name, n == 1 ? "not split into sublots" : "split into fewer sublots", pn->sub);
            continue;
        }
        if (pn->sub == 0 && n > 1 && pn->start >= 0) {
            plan_problem(p, DIAG_PIN_BROKEN, pn->span, "pin each sublot to its own start: op ... assemble#1 on ...",
                         "step '%s' of '%s' is split into %u sublots: a start pins one of them, not the step", st->name,
                         w->name, n);
            continue;
        }
        uint32_t from = wo_step_op(w, (uint32_t)pn->step), to = from + n;
        if (pn->sub > 0) from += (uint32_t)pn->sub - 1, to = from + 1;
        for (uint32_t oi = from; oi < to; oi++)
            if (!P->reported[oi]) pin_op(P, oi, pn->machine, pn->unit, pn->start, PIN_MODEL, pn->span, span_none());
    }
}

void plan_pins(Plan *p)
{
    const IrModel *ir = p->ir;
    if (!ir->npins && !ir->nfirms && ir->frozen < 0) return;
    Pinner P;
    memset(&P, 0, sizeof P);
    P.p = p;
    P.ir = ir;
    P.now = plan_now(ir);
    nameindex_init(&P.wos);
    for (uint32_t i = 0; i < p->wos.len; i++) nameindex_add(&P.wos, p->wos.data[i].name, (int32_t)i);
    nameindex_init(&P.machines);
    for (uint32_t i = 0; i < ir->nmachines; i++) nameindex_add(&P.machines, ir->machines[i].name, (int32_t)i);
    mark_reported(&P);
    const PlanFile *ref = p->reference;
    if ((ir->nfirms || ir->frozen >= 0) && !ref)
        plan_warning(p, DIAG_NOTHING_TO_KEEP, ir->nfirms ? ir->firms[0].span : ir->frozen_span,
                     "give the plan they keep: takt plan --reference PREV.plan (or --stable PREV.plan)",
                     "%s keep%s nothing: there is no reference plan",
                     ir->nfirms && ir->frozen >= 0 ? "firm work orders and the frozen horizon"
                     : ir->nfirms                  ? "firm work orders"
                                                   : "the frozen horizon",
                     ir->nfirms ? "" : "s");
    if (ref && ir->frozen >= 0) frozen_horizon(&P, ref);
    if (ref && ir->nfirms) firm_orders(&P, ref);
    model_pins(&P);
    tk_free(P.reported);
    nameindex_free(&P.wos);
    nameindex_free(&P.machines);
}
