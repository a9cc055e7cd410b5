/* view_holds.c: what held a late demand up. From the operation that ends a
 * late customer order (or forecast demand) back along the constraint that
 * set each start — the step before it in the routing (with its wait), or
 * for a work order's first steps its release, its last material or the
 * component work order that ended last — every wait of an operation for its
 * machine is split in two: the time until the machine's calendar would have
 * let it start had the machine been free (closed, or no stretch long enough
 * for an operation that may not pause: the calendar's doing), and the rest
 * (the machine was busy). A material that arrived after the work order
 * could otherwise have started held it up by the difference.
 *
 * This is worked out from the plan's times alone, so a plan the search made
 * reads as one the dispatcher made. */
#include <math.h>
#include <string.h>

#include "compiler/esc.h"
#include "views.h"

typedef enum Bind { BIND_START, BIND_PRED, BIND_MATERIAL, BIND_COMPONENT } Bind;

typedef TK_VEC_OF(Hold) HoldVec;

/* When operation oi could have started by its own constraints, and which
 * set it. */
static int64_t own_ready(const Plan *p, uint32_t oi, Bind *bind, int32_t *ref)
{
    const IrModel *ir = p->ir;
    const Op *op = &p->ops.data[oi];
    const WorkOrder *w = &p->wos.data[op->wo];
    const IrStep *st = &ir->products[w->product].steps[op->step];
    int64_t r = plan_now(ir);
    *bind = BIND_START;
    *ref = -1;
    if (st->npreds) {
        for (uint32_t q = 0; q < st->npreds; q++) {
            uint32_t pi = w->first_op + (uint32_t)st->preds[q];
            const Op *po = &p->ops.data[pi];
            int64_t t = po->end + (int64_t)ceil(ir->products[w->product].steps[st->preds[q]].wait - 1e-9);
            if (po->machine >= 0 && t > r) r = t, *bind = BIND_PRED, *ref = (int32_t)pi;
        }
        return r;
    }
    if (w->release > r) r = w->release;
    if (w->material_ready > r) r = w->material_ready, *bind = BIND_MATERIAL, *ref = w->material_late;
    for (uint32_t k = 0; k < w->nsupplies; k++) {
        const WorkOrder *sw = &p->wos.data[w->supplies[k]];
        if (sw->end > r) r = sw->end, *bind = BIND_COMPONENT, *ref = w->supplies[k];
    }
    return r;
}

/* The operation of work order wi that ends last, or -1 (a kit). */
static int32_t last_op(const Plan *p, int32_t wi)
{
    const WorkOrder *w = &p->wos.data[wi];
    int32_t best = -1;
    for (uint32_t s = 0; s < w->nops; s++) {
        const Op *op = &p->ops.data[w->first_op + s];
        if (op->machine >= 0 && (best < 0 || op->end > p->ops.data[best].end)) best = (int32_t)(w->first_op + s);
    }
    return best;
}

static Hold *hold_for(HoldVec *hv, HoldKind kind, int32_t machine, int32_t material)
{
    for (uint32_t k = 0; k < hv->len; k++)
        if (hv->data[k].kind == kind && hv->data[k].machine == machine && hv->data[k].material == material)
            return &hv->data[k];
    Hold h;
    memset(&h, 0, sizeof h);
    h.kind = (uint8_t)kind;
    h.machine = machine;
    h.material = material;
    h.calendar = -1;
    vec_push(hv, h);
    return &vec_last(hv);
}

/* The walk back from work order wi (the one that ends a demand last). */
static void walk(const Plan *p, int32_t wi, HoldVec *hv)
{
    const IrModel *ir = p->ir;
    int32_t oi = -1;
    /* a kit ends when its parts do: follow the part that ended last */
    for (uint32_t guard = 0; wi >= 0 && guard <= p->wos.len; guard++) {
        oi = last_op(p, wi);
        if (oi >= 0) break;
        const WorkOrder *w = &p->wos.data[wi];
        int32_t next = -1;
        for (uint32_t k = 0; k < w->nsupplies; k++)
            if (next < 0 || p->wos.data[w->supplies[k]].end > p->wos.data[next].end) next = w->supplies[k];
        wi = next;
    }
    /* each step moves to an operation that ends no later than the current
     * one starts, so the walk ends; the guard only bounds a broken plan */
    for (uint32_t guard = 0; oi >= 0 && guard <= p->ops.len; guard++) {
        const Op *op = &p->ops.data[oi];
        Bind bind;
        int32_t ref;
        int64_t r = own_ready(p, (uint32_t)oi, &bind, &ref);
        if (op->start > r && !op->actual) {
            const IrMachine *mc = &ir->machines[op->machine];
            const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
            /* the earliest it could have started on a free machine */
            int64_t free_at = cal_next_work(cal, r);
            if (!mc->split) {
                int64_t s0 = r, work = (int64_t)ceil(op->setup + op->run - 1e-9);
                if (cal_finish(cal, r, work, false, &s0) != INT64_MAX) free_at = s0;
            }
            if (free_at > op->start || free_at < r) free_at = op->start;
            Hold *h = hold_for(hv, HOLD_MACHINE, op->machine, -1);
            h->calendar = mc->calendar;
            h->closed += free_at - r;
            h->busy += op->start - free_at;
        }
        oi = -1;
        if (bind == BIND_PRED) oi = ref;
        else if (bind == BIND_COMPONENT) {
            for (int32_t cw = ref; cw >= 0 && oi < 0;) {
                oi = last_op(p, cw);
                if (oi >= 0) break;
                const WorkOrder *k = &p->wos.data[cw];
                int32_t next = -1;
                for (uint32_t q = 0; q < k->nsupplies; q++)
                    if (next < 0 || p->wos.data[k->supplies[q]].end > p->wos.data[next].end) next = k->supplies[q];
                cw = next;
            }
        } else if (bind == BIND_MATERIAL && ref >= 0) {
            /* held up by the difference to when it could otherwise have started */
            const WorkOrder *w = &p->wos.data[op->wo];
            int64_t other = plan_now(ir);
            if (w->release > other) other = w->release;
            for (uint32_t k = 0; k < w->nsupplies; k++)
                if (p->wos.data[w->supplies[k]].end > other) other = p->wos.data[w->supplies[k]].end;
            Hold *h = hold_for(hv, HOLD_MATERIAL, -1, ref);
            if (w->material_ready - other > h->delay) h->delay = w->material_ready - other;
            if (w->material_ready > h->arrived) h->arrived = w->material_ready;
        }
    }
}

/* Holds of a demand served by work orders wos[0..n), done after due. */
static void holds_of(PlanViews *v, const uint32_t *wos, uint32_t n, Holds *out)
{
    const Plan *p = v->p;
    memset(out, 0, sizeof *out);
    out->calendar = -1;
    int32_t last = -1;
    for (uint32_t k = 0; k < n; k++)
        if (last < 0 || p->wos.data[wos[k]].end > p->wos.data[last].end) last = (int32_t)wos[k];
    if (last < 0) return;
    HoldVec hv = {0};
    walk(p, last, &hv);
    /* the closed time per calendar, to name the one closed longest */
    int64_t best_closed = 0;
    for (uint32_t k = 0; k < hv.len; k++) {
        const Hold *h = &hv.data[k];
        out->busy += h->busy;
        out->closed += h->closed;
        out->material += h->delay;
        if (h->kind != HOLD_MACHINE || h->calendar < 0) continue;
        int64_t c = 0;
        for (uint32_t q = 0; q < hv.len; q++)
            if (hv.data[q].kind == HOLD_MACHINE && hv.data[q].calendar == h->calendar) c += hv.data[q].closed;
        if (c > best_closed) best_closed = c, out->calendar = h->calendar;
    }
    out->cause = CAUSE_WORK;
    int64_t top = 0;
    if (out->busy > top) top = out->busy, out->cause = CAUSE_CAPACITY;
    if (out->closed > top) top = out->closed, out->cause = CAUSE_CALENDAR;
    if (out->material > top) out->cause = CAUSE_MATERIAL;
    out->n = hv.len;
    out->h = arena_alloc(&v->arena, (hv.len + 1) * sizeof(Hold));
    if (hv.len) memcpy(out->h, hv.data, hv.len * sizeof(Hold));
    vec_free(&hv);
}

void view_holds_compute(PlanViews *v)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    v->order_holds = arena_alloc(&v->arena, (ir->norders + 1) * sizeof(Holds));
    for (uint32_t o = 0; o < ir->norders; o++)
        if (p->orders[o].lateness > 0) holds_of(v, p->order_wos[o].data, p->order_wos[o].len, &v->order_holds[o]);
    v->fc_holds = arena_alloc(&v->arena, (p->fcs.len + 1) * sizeof(Holds));
    for (uint32_t f = 0; f < p->fcs.len; f++)
        if (v->fc[f].lateness > 0) holds_of(v, p->fc_wos[f].data, p->fc_wos[f].len, &v->fc_holds[f]);
}

const char *hold_cause_name(HoldCause c)
{
    static const char *const names[] = {"work", "capacity", "calendar", "material"};
    return (unsigned)c < TK_COUNTOF(names) ? names[c] : "work";
}

static const char *nm(const char *s, bool esc) { return esc ? esc_show(s) : s; }

void holds_text(const PlanViews *v, const Holds *h, bool esc, StrBuf *o)
{
    const IrModel *ir = v->p->ir;
    char b[64], c[64];
    bool any = false;
    for (uint32_t k = 0; k < h->n; k++) {
        const Hold *x = &h->h[k];
        if (x->kind == HOLD_MACHINE && x->busy + x->closed > 0) {
            view_fmt_dur(b, sizeof b, (double)(x->busy + x->closed));
            sb_printf(o, "%swaited %s for %s", any ? ", " : "", b, nm(ir->machines[x->machine].name, esc));
            const char *cal = x->calendar >= 0 ? nm(ir->calendars[x->calendar].name, esc) : NULL;
            if (x->closed > 0 && x->busy > 0) {
                view_fmt_dur(b, sizeof b, (double)x->busy);
                view_fmt_dur(c, sizeof c, (double)x->closed);
                sb_printf(o, " (busy %s, closed %s: calendar %s)", b, c, cal ? cal : "?");
            } else if (x->closed > 0) sb_printf(o, " (closed: calendar %s)", cal ? cal : "?");
            else sb_puts(o, " (busy)");
            any = true;
        } else if (x->kind == HOLD_MATERIAL && x->delay > 0) {
            fmt_datetime_sp(b, sizeof b, x->arrived);
            sb_printf(o, "%smaterial %s arrived %s", any ? ", " : "", nm(ir->materials[x->material].name, esc), b);
            any = true;
        }
    }
    if (!any) sb_puts(o, "its own work takes longer than the time to its due date");
}
