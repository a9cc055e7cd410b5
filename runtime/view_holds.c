/* view_holds.c: what held a late demand up. From the operation that ends a
 * late customer order (or forecast demand) back along the constraint that
 * set each start — the step before it in the routing (with its wait), or
 * for a work order's first steps its release, its last material or the
 * component work order that ended last — every wait of an operation for its
 * machine is split in two: the time until the machine's calendar would have
 * let it start had the machine been free (closed, or no stretch long enough
 * for an operation that may not pause: the calendar's doing), and the rest
 * (the machine was busy). Where the operation holds units of resource
 * pools and started later than its machine would have let it — after the
 * calendar and the last operation on its unit before it —, the rest of the
 * wait is the pools': busy until another operation let go of the unit it
 * took, then closed while the pool's calendar (or the joint working time of
 * machine and pools) had no room. A material that arrived after the work
 * order could otherwise have started held it up by the difference.
 *
 * This is worked out from the plan's times alone, so a plan the search made
 * reads as one the dispatcher made. */
#include <math.h>
#include <stdlib.h>
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

static Hold *hold_for(HoldVec *hv, HoldKind kind, int32_t machine, int32_t material, int32_t pool)
{
    for (uint32_t k = 0; k < hv->len; k++)
        if (hv->data[k].kind == kind && hv->data[k].machine == machine && hv->data[k].material == material &&
            hv->data[k].pool == pool)
            return &hv->data[k];
    Hold h;
    memset(&h, 0, sizeof h);
    h.kind = (uint8_t)kind;
    h.machine = machine;
    h.material = material;
    h.pool = pool;
    h.calendar = -1;
    vec_push(hv, h);
    return &vec_last(hv);
}

/* ---- who had a unit before ------------------------------------------------------------- */
/* Bookings of every machine unit and pool unit, ordered by unit and end:
 * the last one on a unit ending at or before a time, in log time. Pool
 * units are numbered after the machines' units. */
typedef struct Booking {
    uint32_t unit;          /* resource unit number */
    int64_t end;
} Booking;

typedef struct Units {
    uint32_t *mbase, *pbase; /* first unit number of each machine, pool */
    Booking *b;
    uint32_t n;
} Units;

static int booking_cmp(const void *a, const void *b)
{
    const Booking *x = a, *y = b;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

static void units_init(Units *U, const Plan *p)
{
    const IrModel *ir = p->ir;
    uint32_t at = 0;
    U->mbase = tk_xalloc((ir->nmachines + 1) * sizeof(uint32_t));
    U->pbase = tk_xalloc((ir->npools + 1) * sizeof(uint32_t));
    for (uint32_t m = 0; m < ir->nmachines; m++) U->mbase[m] = at, at += ir->machines[m].units;
    for (uint32_t q = 0; q < ir->npools; q++) U->pbase[q] = at, at += ir->pools[q].units;
    size_t n = p->ops.len + (p->holds ? p->hold_off[p->ops.len] : 0);
    U->b = tk_xalloc((n + 1) * sizeof(Booking));
    U->n = 0;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        U->b[U->n++] = (Booking){U->mbase[op->machine] + (uint32_t)op->unit, op->end};
        if (!p->holds) continue;
        for (uint32_t k = p->hold_off[i]; k < p->hold_off[i + 1] && p->holds[k].pool >= 0; k++)
            U->b[U->n++] = (Booking){U->pbase[p->holds[k].pool] + p->holds[k].unit, p->holds[k].until};
    }
    qsort(U->b, U->n, sizeof(Booking), booking_cmp);
}

static void units_free(Units *U)
{
    tk_free(U->mbase);
    tk_free(U->pbase);
    tk_free(U->b);
}

/* The last end of a booking of unit u in (lo, hi], or lo if none. */
static int64_t freed(const Units *U, uint32_t u, int64_t lo, int64_t hi)
{
    uint32_t a = 0, b = U->n;
    while (a < b) { /* the first booking after (u, hi) */
        uint32_t mid = a + (b - a) / 2;
        if (U->b[mid].unit < u || (U->b[mid].unit == u && U->b[mid].end <= hi)) a = mid + 1;
        else b = mid;
    }
    if (a > 0 && U->b[a - 1].unit == u && U->b[a - 1].end > lo) return U->b[a - 1].end;
    return lo;
}

/* The earliest start at or after t on calendar cal for an operation of
 * `work` minutes that may or may not pause. */
static int64_t cal_fit(const IrCalendar *cal, int64_t t, int64_t work, bool split)
{
    int64_t s = cal_next_work(cal, t);
    if (!split) {
        int64_t s0 = t;
        if (cal_finish(cal, t, work, false, &s0) != INT64_MAX) s = s0;
    }
    return s;
}

/* The wait of operation oi from r to its start: the machine's part, then
 * the pools' part. */
static void split_wait(const Plan *p, const Units *U, uint32_t oi, int64_t r, HoldVec *hv)
{
    const IrModel *ir = p->ir;
    const Op *op = &p->ops.data[oi];
    const IrMachine *mc = &ir->machines[op->machine];
    const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
    int64_t work = (int64_t)ceil(op->setup + op->run - 1e-9);
    /* the earliest it could have started on a free machine */
    int64_t free_at = cal_fit(cal, r, work, mc->split);
    if (free_at > op->start || free_at < r) free_at = op->start;
    int64_t machine_at = op->start; /* without pools: the whole rest is the machine's */
    bool pools = p->holds && p->hold_off[oi + 1] > p->hold_off[oi] && p->holds[p->hold_off[oi]].pool >= 0;
    if (mc->batch_cap > 0 && mc->batch_fill > 0) {
        /* a cycle waits up to `fill` for more work once its unit is free */
        int64_t f = freed(U, U->mbase[op->machine] + (uint32_t)op->unit, r, op->start);
        int64_t at = f > r ? cal_fit(cal, f, work, mc->split) : free_at;
        if (at < free_at) at = free_at;
        if (at > op->start) at = op->start;
        int64_t fill = op->start - at, most = (int64_t)ceil(mc->batch_fill - 1e-9);
        if (fill > most) fill = most;
        Hold *h = hold_for(hv, HOLD_MACHINE, op->machine, -1, -1);
        h->calendar = mc->calendar;
        h->closed += free_at - r;
        h->filling += fill;
        h->busy += op->start - free_at - fill;
        return;
    }
    if (pools) {
        /* when its unit let it: after the operation before it there */
        int64_t f = freed(U, U->mbase[op->machine] + (uint32_t)op->unit, r, op->start);
        machine_at = f > r ? cal_fit(cal, f, work, mc->split) : free_at;
        if (machine_at < free_at) machine_at = free_at;
        if (machine_at > op->start) machine_at = op->start;
    }
    Hold *h = hold_for(hv, HOLD_MACHINE, op->machine, -1, -1);
    h->calendar = mc->calendar;
    h->closed += free_at - r;
    h->busy += machine_at - free_at;
    if (machine_at >= op->start) return;
    /* the rest: the pools' units. Busy until the latest one was let go of,
     * then closed in the calendar of the pool that opened last. */
    int64_t rest = op->start - machine_at, busy_to = machine_at, open_at = machine_at;
    int32_t busy_pool = -1, closed_pool = -1, first_pool = p->holds[p->hold_off[oi]].pool;
    for (uint32_t k = p->hold_off[oi]; k < p->hold_off[oi + 1] && p->holds[k].pool >= 0; k++) {
        const OpHold *oh = &p->holds[k];
        int64_t f = freed(U, U->pbase[oh->pool] + oh->unit, machine_at, op->start);
        if (f > busy_to) busy_to = f, busy_pool = oh->pool;
    }
    for (uint32_t k = p->hold_off[oi]; k < p->hold_off[oi + 1] && p->holds[k].pool >= 0; k++) {
        const IrPool *po = &ir->pools[p->holds[k].pool];
        if (po->calendar < 0) continue;
        int64_t o = cal_next_work(&ir->calendars[po->calendar], busy_to);
        if (closed_pool < 0 || o > open_at) closed_pool = p->holds[k].pool;
        if (o > open_at) open_at = o;
    }
    int64_t busy = busy_to - machine_at;
    if (busy > rest) busy = rest;
    /* what neither explains (no joint stretch long enough) is the calendars' */
    int64_t closed = rest - busy;
    int32_t who = closed_pool >= 0 ? closed_pool : busy_pool >= 0 ? busy_pool : first_pool;
    if (busy > 0) hold_for(hv, HOLD_POOL, -1, -1, busy_pool)->busy += busy;
    if (closed > 0) {
        Hold *c = hold_for(hv, HOLD_POOL, -1, -1, who);
        c->calendar = ir->pools[who].calendar;
        if (c->calendar >= 0) c->closed += closed;
        else c->busy += closed; /* around the clock: taken by others after all */
    }
}

/* The walk back from work order wi (the one that ends a demand last). */
static void walk(const Plan *p, const Units *U, int32_t wi, HoldVec *hv)
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
        if (op->start > r && !op->actual) split_wait(p, U, (uint32_t)oi, r, hv);
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
            Hold *h = hold_for(hv, HOLD_MATERIAL, -1, ref, -1);
            if (w->material_ready - other > h->delay) h->delay = w->material_ready - other;
            if (w->material_ready > h->arrived) h->arrived = w->material_ready;
        }
    }
}

/* Holds of a demand served by work orders wos[0..n), done after due. */
static void holds_of(PlanViews *v, const Units *U, const uint32_t *wos, uint32_t n, Holds *out)
{
    const Plan *p = v->p;
    memset(out, 0, sizeof *out);
    out->calendar = -1;
    int32_t last = -1;
    for (uint32_t k = 0; k < n; k++)
        if (last < 0 || p->wos.data[wos[k]].end > p->wos.data[last].end) last = (int32_t)wos[k];
    if (last < 0) return;
    HoldVec hv = {0};
    walk(p, U, last, &hv);
    /* the closed time per calendar, to name the one closed longest */
    int64_t best_closed = 0;
    for (uint32_t k = 0; k < hv.len; k++) {
        const Hold *h = &hv.data[k];
        out->busy += h->busy + h->filling;
        out->closed += h->closed;
        out->material += h->delay;
        if (h->kind == HOLD_MATERIAL || h->calendar < 0) continue;
        int64_t c = 0;
        for (uint32_t q = 0; q < hv.len; q++)
            if (hv.data[q].kind != HOLD_MATERIAL && hv.data[q].calendar == h->calendar) c += hv.data[q].closed;
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
    v->fc_holds = arena_alloc(&v->arena, (p->fcs.len + 1) * sizeof(Holds));
    bool late = false;
    for (uint32_t o = 0; o < ir->norders && !late; o++) late = p->orders[o].lateness > 0;
    for (uint32_t f = 0; f < p->fcs.len && !late; f++) late = v->fc[f].lateness > 0;
    if (!late) return;
    Units U;
    units_init(&U, p);
    for (uint32_t o = 0; o < ir->norders; o++)
        if (p->orders[o].lateness > 0) holds_of(v, &U, p->order_wos[o].data, p->order_wos[o].len, &v->order_holds[o]);
    for (uint32_t f = 0; f < p->fcs.len; f++)
        if (v->fc[f].lateness > 0) holds_of(v, &U, p->fc_wos[f].data, p->fc_wos[f].len, &v->fc_holds[f]);
    units_free(&U);
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
        if (x->kind == HOLD_MACHINE && x->filling > 0) {
            view_fmt_dur(b, sizeof b, (double)x->filling);
            sb_printf(o, "%swaited %s for %s to fill a cycle", any ? ", " : "", b, nm(ir->machines[x->machine].name, esc));
            any = true;
        }
        if ((x->kind == HOLD_MACHINE || x->kind == HOLD_POOL) && x->busy + x->closed > 0) {
            view_fmt_dur(b, sizeof b, (double)(x->busy + x->closed));
            if (x->kind == HOLD_POOL)
                sb_printf(o, "%swaited %s for resource %s", any ? ", " : "", b, nm(ir->pools[x->pool].name, esc));
            else
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
