/* kind_window.c: time windows between steps as a constraint kind (kind.h;
 * docs/planning.md, "Time windows"). A step written `within 4 h` starts at
 * most 4 hours after each of its predecessors in the routing ends: the
 * operation's first working minute no later than the predecessor's end plus
 * the window, counted in calendar time (nights and weekends count; a
 * window does not pause when a machine does not work). `within 0 min` is
 * no-wait. The shortest wait (`wait` on the predecessor) still holds, so a
 * window is the range [end + wait, end + within].
 *
 * A window relates two operations, so it is kept where both are known:
 *
 *   - The dispatching pass looks ahead. When it is about to start an
 *     operation whose successor has a window (and whose successor's other
 *     predecessors are placed), it plans the chain of operations that must
 *     follow within windows — the successor, its own windowed successors,
 *     and so on — on the units where each would start soonest, and delays
 *     the operation itself (not only its successors) until the chain fits:
 *     a window found too short by g minutes moves the predecessor's earliest
 *     start by g, and the chain is planned again (window_plan). Once the
 *     operation is placed, the chain is reserved right away, so no work that
 *     comes later takes the units the chain needs (window_reserve). An
 *     operation whose predecessors were placed otherwise — reported by the
 *     shop floor, a batch machine's cycle, a subcontractor — is reserved as
 *     soon as it is ready (window_arrive): a reported predecessor's end
 *     starts the window. One whose window is already past when it gets
 *     ready waits its turn as any other operation: going first would not
 *     save it, and could cost another its window.
 *   - The search's decoder, which places operations in an order of the
 *     solution rather than in time, repairs: after a whole decode, every
 *     window found too short by g minutes raises its predecessor's earliest
 *     start by g, and the plan is decoded again (settle), at most
 *     KIND_SETTLE_ROUNDS times; a solution whose windows still do not hold
 *     is not a solution (the search passes it over).
 *
 * Where no plan holds a window — the predecessor was reported done too long
 * ago, the operation waits for another predecessor that ends later, a
 * predecessor that cannot move (pinned, a batch machine's cycle, work sent
 * out) — the plan says so: plan_window_misses() lists every window not held
 * with its reason (Plan.window_misses, a warning W0025 each, the report's
 * exceptions, the plan file's `overrun`). A window is never broken
 * silently. */
#include <stdio.h>
#include <string.h>

#include "kind.h"
#include "sched.h"

/* A chain planned at most this many operations deep; a longer one is
 * reserved as its operations get ready (window_arrive). */
#define WINDOW_CHAIN_MAX 256
/* Rounds of moving a chain's operations later before giving up. */
#define WINDOW_ROUNDS 100

/* ---- the model ------------------------------------------------------------------- */
bool window_used(const IrModel *ir)
{
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const IrProduct *pr = &ir->products[i];
        for (uint32_t s = 0; s < pr->nsteps; s++)
            if (pr->steps[s].within >= 0 && pr->steps[s].npreds) return true;
    }
    return false;
}

static const IrStep *step_of(const Plan *p, uint32_t oi)
{
    const Op *op = &p->ops.data[oi];
    return &p->ir->products[p->wos.data[op->wo].product].steps[op->step];
}

int64_t plan_op_window(const Plan *p, uint32_t oi)
{
    const IrStep *st = step_of(p, oi);
    if (st->within < 0 || p->pred_at[oi + 1] == p->pred_at[oi]) return -1;
    return (int64_t)st->within;
}

static int64_t op_wait(const Plan *p, uint32_t oi) { return plan_work_minutes(step_of(p, oi)->wait); }

/* ---- the dispatching pass ----------------------------------------------------------- */
typedef struct WMember {
    uint32_t op;
    int32_t m;
    uint32_t u;
    int64_t lb;             /* not before */
    int64_t start, end;     /* where this round put it */
} WMember;

struct WinState {
    uint8_t *head;          /* per operation: a successor of it has a window */
    uint32_t *mark;         /* per operation: in the chain being planned (== stamp) */
    uint32_t *pos;          /* per operation: its place in the chain, when marked */
    uint32_t stamp;
    TK_VEC_OF(WMember) c;   /* the chain: c[0] the operation dispatched */
    int64_t head_dur;
    bool planned;           /* c is a plan window_reserve is to keep */
};

void window_begin(Sched *S)
{
    const Plan *p = S->p;
    if (!window_used(S->ir)) return;
    uint32_t n = p->ops.len;
    WinState *W = tk_xalloc(sizeof *W);
    memset(W, 0, sizeof *W);
    W->head = tk_xalloc((size_t)n + 1);
    memset(W->head, 0, (size_t)n + 1);
    W->mark = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    memset(W->mark, 0, ((size_t)n + 1) * sizeof(uint32_t));
    W->pos = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++)
        if (plan_op_window(p, i) >= 0)
            for (uint32_t e = p->pred_at[i]; e < p->pred_at[i + 1]; e++) W->head[p->pred[e]] = 1;
    S->win = W;
}

void window_free(Sched *S)
{
    WinState *W = S->win;
    if (!W) return;
    tk_free(W->head);
    tk_free(W->mark);
    tk_free(W->pos);
    vec_free(&W->c);
    tk_free(W);
    S->win = NULL;
}

bool window_heads(const Sched *S, uint32_t oi) { return S->win && S->win->head[oi]; }

/* May the pass place oi ahead of time, on a unit of its own choosing: not
 * reported or pinned, not kept by --stable, with a machine that takes one
 * operation at a time. */
static bool reservable(const Sched *S, uint32_t oi)
{
    const Plan *p = S->p;
    const Op *op = &p->ops.data[oi];
    if (op->planned || op->actual || S->ws[op->wo].failed) return false;
    if (p->pin_machine && (p->pin_machine[oi] >= 0 || p->pin_start[oi] >= 0)) return false;
    if (S->prev_unit && S->prev_unit[oi] >= 0) return false;
    const IrStep *st = step_of(p, oi);
    for (uint32_t a = 0; a < st->nalts; a++) {
        const IrMachine *mc = &S->ir->machines[st->alts[a].machine];
        if (!mc->subcontract && !batch_machine(mc)) return true;
    }
    return false;
}

static int64_t alt_minutes(const Plan *p, uint32_t oi, const IrAlt *al)
{
    double qty = p->ops.data[oi].qty;
    return plan_work_minutes(al->setup + (al->per_piece ? al->run * qty : al->run));
}

/* When unit u of m is free for chain member k: after what is booked there
 * and the members before k that this round put there. */
static int64_t unit_free(const Sched *S, const WinState *W, int32_t m, uint32_t u, uint32_t k)
{
    int64_t f = S->ms[m].units[u].free_at;
    for (uint32_t j = 0; j < k; j++)
        if (W->c.data[j].m == m && W->c.data[j].u == u && W->c.data[j].end > f) f = W->c.data[j].end;
    return f;
}

/* The unit where operation oi would start soonest from lower (its work
 * there at the alternative's standard setup), before the horizon ends;
 * false if none. k: members before it in the chain hold their units. */
static bool soonest(const Sched *S, const WinState *W, uint32_t k, uint32_t oi, int64_t lower, WMember *out)
{
    const IrModel *ir = S->ir;
    const IrStep *st = step_of(S->p, oi);
    bool found = false;
    for (uint32_t a = 0; a < st->nalts; a++) {
        const IrAlt *al = &st->alts[a];
        const IrMachine *mc = &ir->machines[al->machine];
        if (mc->subcontract || batch_machine(mc)) continue;
        int64_t dur = alt_minutes(S->p, oi, al);
        for (uint32_t u = 0; u < mc->units; u++) {
            int64_t from = unit_free(S, W, al->machine, u, k), s0;
            if (from < lower) from = lower;
            int64_t end = cal_finish(sched_cal(ir, mc), from, dur, mc->split, &s0);
            if (end == INT64_MAX || end > ir->end) continue;
            if (!found || s0 < out->start || (s0 == out->start && end < out->end)) {
                out->m = al->machine;
                out->u = u;
                out->start = s0;
                out->end = end;
                found = true;
            }
        }
    }
    return found;
}

/* One round: every member placed from its bound and its predecessors. */
static bool place_chain(const Sched *S, WinState *W)
{
    const Plan *p = S->p;
    const IrModel *ir = S->ir;
    for (uint32_t k = 0; k < W->c.len; k++) {
        WMember *x = &W->c.data[k];
        int64_t lower = x->lb > S->now ? x->lb : S->now;
        for (uint32_t e = p->pred_at[x->op]; e < p->pred_at[x->op + 1]; e++) {
            uint32_t z = p->pred[e];
            int64_t ze = W->mark[z] == W->stamp ? W->c.data[W->pos[z]].end : p->ops.data[z].end;
            if (ze + op_wait(p, z) > lower) lower = ze + op_wait(p, z);
        }
        if (k == 0) {
            const IrMachine *mc = &ir->machines[x->m];
            int64_t from = unit_free(S, W, x->m, x->u, 0);
            if (from < lower) from = lower;
            x->end = cal_finish(sched_cal(ir, mc), from, W->head_dur, mc->split, &x->start);
            if (x->end == INT64_MAX || x->end > ir->end) return false;
        } else if (!soonest(S, W, k, x->op, lower, x)) return false;
    }
    return true;
}

/* The windows inside the chain this round breaks: each raises its
 * predecessor's bound by the minutes it is short. True if one did. */
static bool raise_bounds(const Sched *S, WinState *W)
{
    const Plan *p = S->p;
    bool raised = false;
    for (uint32_t k = 1; k < W->c.len; k++) {
        const WMember *x = &W->c.data[k];
        int64_t win = plan_op_window(p, x->op);
        for (uint32_t e = p->pred_at[x->op]; e < p->pred_at[x->op + 1]; e++) {
            uint32_t z = p->pred[e];
            if (W->mark[z] != W->stamp) continue; /* placed before: it cannot move */
            WMember *y = &W->c.data[W->pos[z]];
            int64_t gap = x->start - (y->end + win);
            if (gap <= 0) continue;
            if (y->start + gap > y->lb) y->lb = y->start + gap;
            raised = true;
        }
    }
    return raised;
}

int64_t window_plan(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t, int64_t dur)
{
    WinState *W = S->win;
    const Plan *p = S->p;
    W->planned = false;
    if (++W->stamp == 0) { /* wrapped: no stale marks */
        memset(W->mark, 0, ((size_t)p->ops.len + 1) * sizeof(uint32_t));
        W->stamp = 1;
    }
    W->c.len = 0;
    WMember h = {oi, m, u, t, t, t};
    vec_push(&W->c, h);
    W->mark[oi] = W->stamp;
    W->pos[oi] = 0;
    W->head_dur = dur;
    /* the chain: successors with a window whose other predecessors are
     * placed or in the chain, breadth first (so predecessors come first) */
    for (uint32_t k = 0; k < W->c.len && W->c.len < WINDOW_CHAIN_MAX; k++) {
        uint32_t x = W->c.data[k].op;
        for (uint32_t e = p->succ_at[x]; e < p->succ_at[x + 1] && W->c.len < WINDOW_CHAIN_MAX; e++) {
            uint32_t y = p->succ[e];
            if (W->mark[y] == W->stamp || plan_op_window(p, y) < 0 || !reservable(S, y)) continue;
            bool ready = true;
            for (uint32_t q = p->pred_at[y]; q < p->pred_at[y + 1] && ready; q++) {
                uint32_t z = p->pred[q];
                ready = p->ops.data[z].planned || W->mark[z] == W->stamp;
            }
            if (!ready) continue;
            WMember mm = {y, -1, 0, INT64_MIN, 0, 0};
            W->mark[y] = W->stamp;
            W->pos[y] = W->c.len;
            vec_push(&W->c, mm);
        }
    }
    if (W->c.len == 1) return t;
    for (uint32_t round = 0; round < WINDOW_ROUNDS; round++) {
        if (!place_chain(S, W)) break;
        if (!raise_bounds(S, W)) {
            W->planned = true;
            return W->c.data[0].start;
        }
    }
    /* no placement of the chain holds its windows before the horizon ends:
     * the operation starts when it would have, its chain as soon as it can
     * (plan_window_misses says which windows are not held, and why) */
    W->c.data[0].lb = t;
    for (uint32_t k = 1; k < W->c.len; k++) W->c.data[k].lb = INT64_MIN;
    W->planned = place_chain(S, W);
    return t;
}

void window_reserve(Sched *S, uint32_t oi)
{
    WinState *W = S->win;
    const Plan *p = S->p;
    if (!W || !W->planned || !W->c.len || W->c.data[0].op != oi) return;
    W->planned = false;
    if (!p->ops.data[oi].planned) return;
    for (uint32_t k = 1; k < W->c.len; k++) {
        const WMember *x = &W->c.data[k];
        if (p->ops.data[x->op].planned || S->ws[p->ops.data[x->op].wo].failed) continue;
        int64_t from = x->start;
        bool ready = true;
        for (uint32_t e = p->pred_at[x->op]; e < p->pred_at[x->op + 1] && ready; e++) {
            const Op *z = &p->ops.data[p->pred[e]];
            ready = z->planned;
            if (z->end + op_wait(p, p->pred[e]) > from) from = z->end + op_wait(p, p->pred[e]);
        }
        if (!ready) continue; /* a member before it could not be placed: it comes as it gets ready */
        if (S->ms[x->m].units[x->u].free_at > from) from = S->ms[x->m].units[x->u].free_at;
        sched_start_at(S, x->op, x->m, x->u, from);
    }
}

bool window_arrive(Sched *S, uint32_t oi, int64_t t)
{
    WinState *W = S->win;
    const Plan *p = S->p;
    int64_t win = plan_op_window(p, oi);
    if (!W || win < 0 || !reservable(S, oi)) return false;
    /* a window already past (a predecessor reported done too long ago)
     * gains nothing from going first: it waits its turn as any other */
    for (uint32_t e = p->pred_at[oi]; e < p->pred_at[oi + 1]; e++)
        if (p->ops.data[p->pred[e]].end + win < t) return false;
    W->c.len = 0;
    W->planned = false;
    WMember x;
    if (!soonest(S, W, 0, oi, t, &x)) return false;
    int64_t from = t;
    if (S->ms[x.m].units[x.u].free_at > from) from = S->ms[x.m].units[x.u].free_at;
    return sched_start_at(S, oi, x.m, x.u, from);
}

/* ---- what the plan does not hold ------------------------------------------------------ */
static void hm(char *b, size_t n, int64_t minutes)
{
    if (minutes < 60) snprintf(b, n, "%lld min", (long long)minutes);
    else if (minutes % 60) snprintf(b, n, "%lld h %02lld min", (long long)(minutes / 60), (long long)(minutes % 60));
    else snprintf(b, n, "%lld h", (long long)(minutes / 60));
}

/* Why op's window after pred is not held, as far as the plan shows. */
static char *miss_why(Plan *p, uint32_t oi, uint32_t pi, int64_t win)
{
    const IrModel *ir = p->ir;
    const Op *op = &p->ops.data[oi], *pr = &p->ops.data[pi];
    StrBuf b = {0};
    char t1[32], t2[32];
    int64_t now = plan_now(ir);
    if (pr->actual && pr->end + win < now) {
        fmt_datetime_sp(t1, sizeof t1, pr->end);
        fmt_datetime_sp(t2, sizeof t2, now);
        sb_printf(&b, "'%s' was reported done at %s, and planning starts at %s", step_of(p, pi)->name, t1, t2);
        goto done;
    }
    for (uint32_t e = p->pred_at[oi]; e < p->pred_at[oi + 1]; e++) {
        uint32_t q = p->pred[e];
        int64_t qe = p->ops.data[q].end + op_wait(p, q);
        if (q != pi && qe > pr->end + win) {
            fmt_datetime_sp(t1, sizeof t1, qe);
            sb_printf(&b, "it also waits for '%s', which lets it start no earlier than %s", step_of(p, q)->name, t1);
            goto done;
        }
    }
    if (op->pinned || pr->pinned || op->actual) {
        sb_printf(&b, "'%s' stands where the plan was told to keep it", (op->pinned || op->actual ? step_of(p, oi) : step_of(p, pi))->name);
        goto done;
    }
    const IrMachine *pm = &ir->machines[pr->machine], *om = &ir->machines[op->machine];
    if (pm->subcontract || batch_machine(pm) || om->subcontract || batch_machine(om)) {
        const IrMachine *mc = pm->subcontract || batch_machine(pm) ? pm : om;
        sb_printf(&b, "'%s' is %s, whose times windows do not move", mc->name,
                  mc->subcontract ? "a subcontractor" : "a batch machine");
        goto done;
    }
    sb_printf(&b, "no unit of its machines is free within the window at a time '%s' can end before the horizon",
              step_of(p, pi)->name);
done:;
    char *s = arena_strdup(&p->arena, b.data ? b.data : "");
    sb_free(&b);
    return s;
}

void plan_window_misses(Plan *p)
{
    const IrModel *ir = p->ir;
    p->window_misses.len = 0;
    if (!window_used(ir)) return;
    uint32_t n = p->ops.len;
    if (!p->overrun) p->overrun = arena_alloc(&p->arena, ((size_t)n + 1) * sizeof(int64_t));
    memset(p->overrun, 0, ((size_t)n + 1) * sizeof(int64_t));
    uint32_t warned = 0;
    for (uint32_t oi = 0; oi < n; oi++) {
        const Op *op = &p->ops.data[oi];
        int64_t win = plan_op_window(p, oi);
        if (win < 0 || op->actual || op->machine < 0 || !p->wos.data[op->wo].nops) continue;
        for (uint32_t e = p->pred_at[oi]; e < p->pred_at[oi + 1]; e++) {
            uint32_t pi = p->pred[e];
            const Op *pr = &p->ops.data[pi];
            if (pr->machine < 0) continue;
            int64_t over = op->start - (pr->end + win);
            if (over <= 0) continue;
            if (over > p->overrun[oi]) p->overrun[oi] = over;
            WindowMiss wm = {oi, pi, over, miss_why(p, oi, pi, win)};
            vec_push(&p->window_misses, wm);
            const WorkOrder *w = &p->wos.data[op->wo];
            Span at = w->order >= 0 ? ir->orders[w->order].span : ir->products[w->product].span;
            char b1[48], b2[48];
            hm(b1, sizeof b1, op->start - pr->end);
            hm(b2, sizeof b2, win);
            if (warned < 20)
                plan_warning(p, DIAG_WINDOW_NOT_HELD, at, wm.why,
                             "%s: step '%s' starts %s after '%s' ends, longer than its window of %s", w->name,
                             step_of(p, oi)->name, b1, step_of(p, pi)->name, b2);
            warned++;
        }
    }
    if (warned > 20)
        plan_warning(p, DIAG_WINDOW_NOT_HELD, ir->products[0].span, "the report's exceptions list every one",
                     "%u more time windows are not held", warned - 20);
}

/* ---- the search's decoder -------------------------------------------------------------- */
typedef struct WinDec {
    Plan *p;
    int64_t *lb;            /* per operation: not before; INT64_MIN: no bound */
    uint32_t *wops;         /* the operations with a window */
    uint32_t nw;
    bool any;
} WinDec;

static void *dec_begin(Plan *p)
{
    WinDec *D = tk_xalloc(sizeof *D);
    memset(D, 0, sizeof *D);
    D->p = p;
    uint32_t n = p->ops.len;
    D->lb = tk_xalloc(((size_t)n + 1) * sizeof(int64_t));
    D->wops = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) {
        D->lb[i] = INT64_MIN;
        if (plan_op_window(p, i) >= 0) D->wops[D->nw++] = i;
    }
    return D;
}

static void dec_clear(void *st)
{
    WinDec *D = st;
    if (!D->any) return;
    for (uint32_t i = 0; i < D->p->ops.len; i++) D->lb[i] = INT64_MIN;
    D->any = false;
}

static void dec_reset(void *st) { (void)st; }

static bool dec_applies(void *st, const KPlace *pl)
{
    const WinDec *D = st;
    return D->any && D->lb[pl->op] != INT64_MIN;
}

/* The bound, through the working time so far. */
static bool dec_place(void *st, const KPlace *pl, KSlot *slot)
{
    const WinDec *D = st;
    const IrModel *ir = D->p->ir;
    slot->cost = 0; /* a window costs nothing (the slot holds the kind before's) */
    if (D->lb[pl->op] <= pl->t) return true; /* nothing to move */
    int64_t t = D->lb[pl->op];
    int64_t s0, s1;
    int64_t end = cal_finish(pl->cal, t, pl->dur, pl->split, &s0);
    if (end == INT64_MAX || end > ir->end) {
        slot->why = "finds no time for the window after it before the horizon ends";
        return false;
    }
    slot->start = s0;
    slot->setup_end = pl->setup ? cal_finish(pl->cal, t, pl->setup, pl->split, &s1) : s0;
    if (slot->setup_end > end) slot->setup_end = end;
    slot->end = end;
    slot->cal = pl->cal;
    slot->cost = 0;
    slot->why = NULL;
    return true;
}

static void dec_book(void *st, const KPlace *pl, const KSlot *slot) { (void)st, (void)pl, (void)slot; }
static void dec_book_reported(void *st, const KPlace *pl, int64_t s, int64_t se, int64_t e)
{
    (void)st, (void)pl, (void)s, (void)se, (void)e;
}

/* May the decoder move operation i later: not reported, not pinned to a
 * start, and it moved when its bound was raised before. */
static bool movable(const WinDec *D, uint32_t i, const int64_t *start)
{
    const Plan *p = D->p;
    if (p->ops.data[i].actual) return false;
    if (p->pin_start && p->pin_start[i] >= 0) return false;
    return D->lb[i] == INT64_MIN || start[i] >= D->lb[i];
}

static bool dec_settle(void *st, const int64_t *start, const int64_t *end)
{
    WinDec *D = st;
    const Plan *p = D->p;
    bool again = false;
    for (uint32_t k = 0; k < D->nw; k++) {
        uint32_t i = D->wops[k];
        if (p->ops.data[i].actual) continue;
        int64_t win = plan_op_window(p, i);
        for (uint32_t e = p->pred_at[i]; e < p->pred_at[i + 1]; e++) {
            uint32_t z = p->pred[e];
            int64_t gap = start[i] - (end[z] + win);
            if (gap <= 0 || !movable(D, z, start)) continue;
            if (start[z] + gap > D->lb[z] || D->lb[z] == INT64_MIN) D->lb[z] = start[z] + gap;
            D->any = again = true;
        }
    }
    return again;
}

static void dec_end(void *st, Plan *p)
{
    (void)st;
    plan_window_misses(p);
}

static void dec_free(void *st)
{
    WinDec *D = st;
    tk_free(D->lb);
    tk_free(D->wops);
    tk_free(D);
}

const KindOps kind_window = {
    "window", window_used, dec_begin, dec_reset, dec_applies, dec_place, dec_book, dec_book_reported,
    dec_end, dec_free, true, dec_settle, dec_clear,
};
