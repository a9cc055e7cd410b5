/* view_exceptions.c: the exceptions of a plan, one list for the report, the
 * JSON and the page — what a planner must act on, each with its cause and
 * the model's line it concerns:
 *
 *   late customer orders and late forecast demand, with what held them up
 *     (a busy machine, a closed calendar — named —, a material, or their
 *     own work);
 *   purchases that would have had to be ordered before now for their need;
 *   stock below zero, and materials below their safety stock;
 *   weeks a resource (a machine or a pool) is loaded beyond its available hours;
 *   batch machines' cycles that could not be filled within the machine's
 *   longest wait to fill, and work orders spread over more cycles than
 *   their pieces need (kind_batch.c fills a cycle's last room with part of
 *   a work order that would have fitted one whole: its other pieces wait a
 *   cycle);
 *   time windows between steps the plan does not hold, with why
 *   (kind_window.c: Plan.window_misses).
 *
 * Each kind is a finder in one table (finders[] below); batches and time
 * windows that could not be kept add theirs. The texts hold names as they
 * are: each writer escapes the whole text for its output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "kind.h"
#include "views.h"

typedef TK_VEC_OF(Exception) ExcVec;

typedef struct Find {
    PlanViews *v;
    ExcVec out;
} Find;

static Exception *new_exc(Find *F, ExcKind kind, int32_t subject, const char *name, Span span)
{
    Exception e;
    memset(&e, 0, sizeof e);
    e.kind = (uint8_t)kind;
    e.subject = subject;
    e.subject_name = name;
    e.week = e.calendar = e.machine = e.material = e.pool = e.batch = -1;
    e.span = span;
    vec_push(&F->out, e);
    return &vec_last(&F->out);
}

static char *text_of(Find *F, StrBuf *b)
{
    char *t = arena_strdup(&F->v->arena, b->data ? b->data : "");
    b->len = 0;
    return t;
}

/* ---- late demand ---------------------------------------------------------------------- */
static void late_text(Find *F, Exception *e, const Holds *h, int64_t due, StrBuf *b)
{
    char b1[40], b2[40], b3[40];
    view_fmt_dur(b1, sizeof b1, (double)e->minutes);
    fmt_datetime_sp(b2, sizeof b2, e->at);
    fmt_datetime_sp(b3, sizeof b3, due);
    sb_printf(b, "late by %s (done %s, due %s); ", b1, b2, b3);
    const IrModel *ir = F->v->p->ir;
    switch ((HoldCause)h->cause) {
    case CAUSE_CALENDAR:
        sb_printf(b, "held up by calendar %s: ", h->calendar >= 0 ? ir->calendars[h->calendar].name : "?");
        break;
    case CAUSE_CAPACITY: {
        /* machines, resource pools or both */
        int64_t mb = 0, pb = 0;
        for (uint32_t k = 0; k < h->n; k++) {
            if (h->h[k].kind == HOLD_MACHINE) mb += h->h[k].busy;
            if (h->h[k].kind == HOLD_POOL) pb += h->h[k].busy;
        }
        sb_puts(b, pb == 0 ? "held up by busy machines: " : mb == 0 ? "held up by busy resources: "
                                                                    : "held up by busy machines and resources: ");
        break;
    }
    case CAUSE_MATERIAL: sb_puts(b, "held up by material: "); break;
    case CAUSE_WORK: break;
    }
    holds_text(F->v, h, false, b);
    e->cause = h->cause;
    e->calendar = h->cause == CAUSE_CALENDAR ? h->calendar : -1;
    /* the machine or material that held it up longest */
    int64_t best = 0;
    for (uint32_t k = 0; k < h->n; k++) {
        const Hold *x = &h->h[k];
        bool res = x->kind == HOLD_MACHINE || x->kind == HOLD_POOL;
        bool take = res && ((h->cause == CAUSE_CAPACITY && x->busy > best) ||
                            (h->cause == CAUSE_CALENDAR && x->calendar == h->calendar && x->closed > best));
        if (take) {
            best = h->cause == CAUSE_CAPACITY ? x->busy : x->closed;
            e->machine = x->kind == HOLD_MACHINE ? x->machine : -1;
            e->pool = x->kind == HOLD_POOL ? x->pool : -1;
        }
        if (h->cause == CAUSE_MATERIAL && x->kind == HOLD_MATERIAL && x->delay > best) best = x->delay, e->material = x->material;
    }
    e->text = text_of(F, b);
}

static void find_late_orders(Find *F, StrBuf *b)
{
    const Plan *p = F->v->p;
    const IrModel *ir = p->ir;
    for (uint32_t o = 0; o < ir->norders; o++) {
        if (p->orders[o].lateness <= 0) continue;
        Exception *e = new_exc(F, EXC_LATE_ORDER, (int32_t)o, ir->orders[o].name, ir->orders[o].span);
        e->at = p->orders[o].done;
        e->minutes = p->orders[o].lateness;
        late_text(F, e, &F->v->order_holds[o], ir->orders[o].due, b);
    }
}

static void find_late_forecasts(Find *F, StrBuf *b)
{
    const Plan *p = F->v->p;
    const IrModel *ir = p->ir;
    for (uint32_t f = 0; f < p->fcs.len; f++) {
        if (F->v->fc[f].lateness <= 0) continue;
        const FcDemand *fd = &p->fcs.data[f];
        Exception *e = new_exc(F, EXC_LATE_FORECAST, (int32_t)f, fd->name,
                               ir->forecasts[fd->forecast].periods[fd->period].span);
        e->at = F->v->fc[f].done;
        e->minutes = F->v->fc[f].lateness;
        late_text(F, e, &F->v->fc_holds[f], fd->due, b);
    }
}

/* ---- purchases --------------------------------------------------------------------------- */
static void find_late_purchases(Find *F, StrBuf *b)
{
    const Plan *p = F->v->p;
    const IrModel *ir = p->ir;
    char b1[40], b2[40], b3[40], b4[40], b5[40], q[40];
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        const Purchase *pu = &p->purchases.data[k];
        if (!pu->late || pu->need_by == INT64_MAX) continue;
        const IrMaterial *mt = &ir->materials[pu->material];
        Exception *e = new_exc(F, EXC_LATE_PURCHASE, (int32_t)k, mt->name, mt->span);
        e->material = pu->material;
        e->at = pu->arrive;
        e->minutes = pu->arrive - pu->need_by;
        e->qty = pu->qty;
        fmt_double(q, sizeof q, pu->qty);
        fmt_datetime_sp(b1, sizeof b1, pu->arrive);
        fmt_datetime_sp(b2, sizeof b2, pu->need_by);
        fmt_datetime_sp(b3, sizeof b3, pu->need_by - mt->lead);
        view_fmt_dur(b4, sizeof b4, (double)mt->lead);
        fmt_datetime_sp(b5, sizeof b5, pu->order_at);
        sb_printf(b, "%s %s arrive %s, needed by %s: to arrive in time they would have had to be ordered by %s, "
                  "and cannot be before %s (lead time %s)", q, mt->uom, b1, b2, b3, b5, b4);
        e->cause = CAUSE_MATERIAL;
        e->text = text_of(F, b);
    }
}

/* ---- stock --------------------------------------------------------------------------------- */
static Span item_span(const IrModel *ir, const StockRow *r)
{
    return r->product ? ir->products[r->item].span : ir->materials[r->item].span;
}

static void find_stock(Find *F, StrBuf *b)
{
    const StockView *S = &F->v->stock;
    const IrModel *ir = F->v->p->ir;
    char b1[40], b2[40], b3[40], q1[40], q2[40];
    for (uint32_t i = 0; i < S->nrows; i++) {
        const StockRow *r = &S->rows[i];
        if (r->short_qty > 0) {
            Exception *e = new_exc(F, EXC_SHORT, (int32_t)i, r->name, item_span(ir, r));
            if (!r->product) e->material = r->item;
            e->at = r->short_at;
            e->qty = r->short_qty;
            fmt_double(q1, sizeof q1, r->short_qty);
            fmt_datetime_sp(b1, sizeof b1, r->short_from);
            fmt_datetime_sp(b2, sizeof b2, r->short_to);
            sb_printf(b, "below zero from %s to %s, by up to %s %s: more is taken than is on hand", b1, b2, q1, r->uom);
            e->text = text_of(F, b);
        }
        if (r->below_minutes > 0 && r->safety > 0) {
            Exception *e = new_exc(F, EXC_BELOW_SAFETY, (int32_t)i, r->name, item_span(ir, r));
            if (!r->product) e->material = r->item;
            e->at = r->below_from;
            e->minutes = (int64_t)r->below_minutes;
            e->qty = r->lowest;
            fmt_double(q1, sizeof q1, r->safety);
            fmt_double(q2, sizeof q2, r->lowest);
            fmt_datetime_sp(b1, sizeof b1, r->below_from);
            fmt_datetime_sp(b2, sizeof b2, r->below_to);
            view_fmt_dur(b3, sizeof b3, r->below_minutes);
            sb_printf(b, "below its safety stock of %s %s from %s to %s (%s in all), lowest %s %s", q1, r->uom, b1, b2, b3,
                      q2, r->uom);
            e->text = text_of(F, b);
        }
    }
}

/* ---- load ------------------------------------------------------------------------------------ */
static void find_overloads(Find *F, StrBuf *b)
{
    const LoadView *L = &F->v->load;
    const IrModel *ir = F->v->p->ir;
    char wk[16], b1[40], b2[40];
    for (uint32_t i = 0; i < L->nrows; i++) {
        const LoadRow *r = &L->rows[i];
        for (uint32_t w = 0; w < L->nweeks; w++) {
            const LoadCell *c = &r->cells[w];
            if (!load_over(c)) continue;
            bool pool = r->kind == RES_POOL;
            Span sp = r->kind == RES_MACHINE ? ir->machines[r->index].span : pool ? ir->pools[r->index].span : span_none();
            Exception *e = new_exc(F, EXC_OVERLOAD, (int32_t)i, r->name, sp);
            if (r->kind == RES_MACHINE) e->machine = r->index;
            if (pool) e->pool = r->index;
            e->week = (int32_t)w;
            e->at = L->from + (int64_t)w * 7 * 1440;
            double load = c->required > c->planned ? c->required : c->planned;
            e->minutes = (int64_t)(load - c->available + 0.5);
            e->cause = CAUSE_CAPACITY;
            view_week_name(wk, sizeof wk, e->at);
            snprintf(b1, sizeof b1, "%.1f", load / 60);
            snprintf(b2, sizeof b2, "%.1f", c->available / 60);
            if (pool)
                sb_printf(b, "%s: resource pool's units held %s h %s, %s h available", wk, b1,
                          c->required >= c->planned ? "as the due dates ask" : "in the plan", b2);
            else
                sb_printf(b, "%s: %s h of work %s, %s h available", wk, b1,
                          c->required >= c->planned ? "asked for by the due dates" : "planned", b2);
            if (c->available > 0) sb_printf(b, " (%.0f%%)", 100.0 * load / c->available);
            e->text = text_of(F, b);
        }
    }
}

/* ---- batch machines ------------------------------------------------------------------- */
/* The capacity the members of cycle b take. */
static double cycle_load(const Plan *p, const PlanBatch *b)
{
    const IrMachine *mc = &p->ir->machines[b->machine];
    double load = 0;
    for (uint32_t k = 0; k < b->n; k++) {
        const BatchPart *bp = &p->batch_parts.data[b->first + k];
        load += bp->qty * batch_piece_load(p->ir, mc, &p->wos.data[p->ops.data[bp->op].wo]);
    }
    return load;
}

/* A cycle of a machine with a longest wait to fill that started not full
 * once that wait was over: the machine ran below its capacity, and the
 * planner may want more work there or a longer wait. Reported cycles are
 * what happened, not the plan's doing. */
static void find_unfilled(Find *F, StrBuf *b)
{
    const Plan *p = F->v->p;
    const IrModel *ir = p->ir;
    char b1[40], b2[40], b3[40];
    for (uint32_t i = 0; i < p->batches.len; i++) {
        const PlanBatch *pb = &p->batches.data[i];
        const IrMachine *mc = &ir->machines[pb->machine];
        if (!(mc->batch_fill > 0) || !pb->n) continue;
        const Op *lead = &p->ops.data[p->batch_parts.data[pb->first].op];
        if (lead->actual) continue;
        double load = cycle_load(p, pb);
        if (load >= mc->batch_cap * (1 - 1e-9)) continue;
        Exception *e = new_exc(F, EXC_BATCH_UNFILLED, (int32_t)i, mc->name, mc->span);
        e->machine = pb->machine;
        e->batch = (int32_t)i;
        e->at = pb->start;
        int64_t ready = lead->ready > ir->start ? lead->ready : ir->start;
        e->minutes = pb->start > ready ? pb->start - ready : 0;
        e->qty = load;
        fmt_datetime_sp(b1, sizeof b1, pb->start);
        view_fmt_dur(b2, sizeof b2, mc->batch_fill);
        fmt_double(b3, sizeof b3, round(load * 1e6) / 1e6);
        sb_printf(b, "unit %u's cycle at %s started %.0f%% full (%s of %.10g) when its longest wait to fill (%s) "
                  "was over: %u member%s, led by %s", pb->unit + 1, b1, 100.0 * load / mc->batch_cap, b3, mc->batch_cap,
                  b2, pb->n, pb->n == 1 ? "" : "s", p->wos.data[lead->wo].name);
        e->cause = CAUSE_CAPACITY;
        e->text = text_of(F, b);
    }
}

/* An operation in more cycles than its pieces need (the fewest: its load
 * over the capacity, rounded up): part of it filled the last room of a
 * cycle and the rest waited for another, and it ends with that one. */
static void find_split(Find *F, StrBuf *b)
{
    const Plan *p = F->v->p;
    const IrModel *ir = p->ir;
    if (!p->batches.len) return;
    uint32_t *cycles = tk_xalloc((p->ops.len + 1) * sizeof(uint32_t));
    int32_t *first = tk_xalloc((p->ops.len + 1) * sizeof(int32_t));
    memset(cycles, 0, (p->ops.len + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < p->ops.len; i++) first[i] = -1;
    for (uint32_t i = 0; i < p->batches.len; i++) {
        const PlanBatch *pb = &p->batches.data[i];
        for (uint32_t k = 0; k < pb->n; k++) {
            uint32_t oi = p->batch_parts.data[pb->first + k].op;
            if (oi >= p->ops.len) continue;
            if (!cycles[oi]++) first[oi] = (int32_t)i;
        }
    }
    char b1[40], b2[40], b3[40];
    for (uint32_t oi = 0; oi < p->ops.len; oi++) {
        if (cycles[oi] < 2) continue;
        const Op *op = &p->ops.data[oi];
        if (op->actual || op->machine < 0) continue;
        const IrMachine *mc = &ir->machines[op->machine];
        const WorkOrder *w = &p->wos.data[op->wo];
        double load = w->qty * batch_piece_load(ir, mc, w);
        double need = ceil(load / mc->batch_cap * (1 - 1e-12));
        if (need < 1) need = 1;
        if ((double)cycles[oi] <= need) continue;
        Exception *e = new_exc(F, EXC_BATCH_SPLIT, (int32_t)oi, w->name, mc->span);
        e->machine = op->machine;
        e->batch = first[oi];
        e->at = op->start;
        const PlanBatch *fb = &p->batches.data[first[oi]];
        e->minutes = op->end - fb->end; /* how much later it ends than its first cycle */
        e->qty = w->qty;
        fmt_double(b1, sizeof b1, w->qty);
        fmt_datetime_sp(b2, sizeof b2, op->start);
        view_fmt_dur(b3, sizeof b3, (double)e->minutes);
        sb_printf(b, "%s pieces on %s in %u cycles from %s where %.0f would hold them: "
                  "part filled a cycle's last room and the rest waited, ending %s later",
                  b1, mc->name, cycles[oi], b2, need, b3);
        e->cause = CAUSE_CAPACITY;
        e->text = text_of(F, b);
    }
    tk_free(cycles);
    tk_free(first);
}

/* A time window the plan does not hold: the operation, how far past its
 * window it starts, and why. */
static void find_windows(Find *F, StrBuf *b)
{
    const Plan *p = F->v->p;
    const IrModel *ir = p->ir;
    char b1[40], b2[40], b3[40];
    StrBuf sc = {0}, sc2 = {0};
    for (uint32_t k = 0; k < p->window_misses.len; k++) {
        const WindowMiss *wm = &p->window_misses.data[k];
        const Op *op = &p->ops.data[wm->op], *pr = &p->ops.data[wm->pred];
        const WorkOrder *w = &p->wos.data[op->wo];
        Span at = w->order >= 0 ? ir->orders[w->order].span : ir->products[w->product].span;
        Exception *e = new_exc(F, EXC_WINDOW, (int32_t)wm->op, w->name, at);
        e->machine = op->machine;
        e->at = op->start;
        e->minutes = wm->overrun;
        view_fmt_dur(b1, sizeof b1, (double)(op->start - pr->end));
        view_fmt_dur(b2, sizeof b2, (double)plan_op_window(p, wm->op));
        view_fmt_dur(b3, sizeof b3, (double)wm->overrun);
        sb_printf(b, "step '%s' starts %s after '%s' ends, %s past its window of %s: %s", plan_op_step_name(p, op, &sc),
                  b1, plan_op_step_name(p, pr, &sc2), b3, b2, wm->why);
        e->cause = CAUSE_CAPACITY;
        e->text = text_of(F, b);
    }
    sb_free(&sc);
    sb_free(&sc2);
}

/* The finders, in the order the list shows their kinds. */
static void (*const finders[])(Find *, StrBuf *) = {
    find_late_orders, find_late_forecasts, find_late_purchases, find_stock, find_overloads, find_unfilled, find_split,
    find_windows,
};

static int exc_cmp(const void *a, const void *b)
{
    const Exception *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    int c = strcmp(x->subject_name, y->subject_name);
    if (c) return c;
    return (x->subject > y->subject) - (x->subject < y->subject);
}

void view_exceptions_compute(PlanViews *v)
{
    Find F;
    memset(&F, 0, sizeof F);
    F.v = v;
    StrBuf b = {0};
    for (size_t k = 0; k < TK_COUNTOF(finders); k++) finders[k](&F, &b);
    sb_free(&b);
    if (F.out.len > 1) qsort(F.out.data, F.out.len, sizeof(Exception), exc_cmp);
    v->nexc = F.out.len;
    v->exc = arena_alloc(&v->arena, (F.out.len + 1) * sizeof(Exception));
    if (F.out.len) memcpy(v->exc, F.out.data, F.out.len * sizeof(Exception));
    vec_free(&F.out);
}

const char *exc_kind_name(ExcKind k)
{
    static const char *const names[EXC__COUNT] = {
        [EXC_LATE_ORDER] = "late_order",       [EXC_LATE_FORECAST] = "late_forecast",
        [EXC_LATE_PURCHASE] = "late_purchase", [EXC_SHORT] = "short",
        [EXC_BELOW_SAFETY] = "below_safety",   [EXC_OVERLOAD] = "overload",
        [EXC_BATCH_UNFILLED] = "batch_unfilled", [EXC_BATCH_SPLIT] = "batch_split",
        [EXC_WINDOW] = "window",
    };
    return (unsigned)k < EXC__COUNT ? names[k] : "?";
}

const char *exc_kind_title(ExcKind k)
{
    static const char *const names[EXC__COUNT] = {
        [EXC_LATE_ORDER] = "late order",          [EXC_LATE_FORECAST] = "late forecast demand",
        [EXC_LATE_PURCHASE] = "purchase too late", [EXC_SHORT] = "short",
        [EXC_BELOW_SAFETY] = "below safety stock", [EXC_OVERLOAD] = "overloaded",
        [EXC_BATCH_UNFILLED] = "batch not filled", [EXC_BATCH_SPLIT] = "split over batches",
        [EXC_WINDOW] = "time window not held",
    };
    return (unsigned)k < EXC__COUNT ? names[k] : "?";
}
