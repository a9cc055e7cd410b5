/* kind_overlap.c: transfer lots between steps as a constraint kind (kind.h;
 * docs/planning.md, "Transfer lots"). A step written `transfer T` takes
 * the pieces of each step before it in lots of T: it may start before that
 * step is done, but never overtakes its output.
 *
 * The rule, for an operation S of such a step and the operation P of a step
 * it comes after in the same work order (neither is split into sublots nor
 * on a batch machine or subcontractor: E0449), S starting q pieces:
 *
 *   - S's pieces move in K = ceil(q / T) lots, lot k holding pieces
 *     (k-1)T .. min(kT, q); at most TAKT_TRANSFER_MAX_LOTS lots (a larger
 *     count moves in that many lots of q / TAKT_TRANSFER_MAX_LOTS pieces).
 *   - An operation's pieces flow evenly over its run: on its machine's
 *     calendar, from its start, it works its whole setup minutes first (a
 *     reported operation: none), then its run, W - setup minutes, W being
 *     the working minutes of the machine's calendar from its start to its
 *     end. A share f of its pieces is done when it has worked
 *     setup + ceil(f (W - setup)) minutes. An operation the shop floor
 *     reports running with r pieces done (good and scrap) of the q it
 *     starts has the share f0 = r / q done at `now`; the rest flows from
 *     `now` to its (projected) end: the share f > f0 when it has worked
 *     ceil((f - f0) / (1 - f0) W') minutes from `now`, W' its working
 *     minutes from `now` to its end.
 *   - P has done lot k of S's pieces when it has done the share min(kT, q)/q
 *     of its own: S takes P's good pieces, so scrap at P (which starts more
 *     to make q good) spreads over P's run. P's `wait` follows every lot.
 *   - S starts lot k when it has done the share (k-1)T/q of its own pieces:
 *     lot 1 when its setup is done (a setup needs no pieces).
 *   - Lot k may not start before P has done it and waited: for every k,
 *     start_S(k) >= done_P(k) + wait_P. For the last lot this says that S
 *     ends no sooner than P's last piece, P's wait and S's time for the
 *     last lot.
 *
 * In the dispatching pass S gets ready when P starts (kinds_follow_start:
 * sched.c releases the arc then) and this kind places it where every lot
 * holds: from the earliest start the machine and the other kinds give, the
 * start moves by the largest shortfall of a lot until none falls short
 * (each round moves it at least a working minute). The search's decoder
 * asks the same placement; its arcs from P to S count from P's start
 * (Graph.from_start). takt verify holds a plan to the rule with its own
 * code (verify_overlap.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kind.h"

/* ---- the model ------------------------------------------------------------------- */
bool overlap_used(const IrModel *ir)
{
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const IrProduct *pr = &ir->products[i];
        for (uint32_t s = 0; s < pr->nsteps; s++)
            if (pr->steps[s].transfer > 0 && pr->steps[s].npreds) return true;
    }
    return false;
}

static const IrStep *step_of(const Plan *p, uint32_t oi)
{
    const Op *op = &p->ops.data[oi];
    return &p->ir->products[p->wos.data[op->wo].product].steps[op->step];
}

double plan_op_transfer(const Plan *p, uint32_t oi)
{
    if (p->pred_at[oi + 1] == p->pred_at[oi]) return 0;
    const IrStep *st = step_of(p, oi);
    return st->transfer > 0 ? st->transfer : 0;
}

/* Does succ take pred's pieces in transfer lots (an arc of its work order). */
static bool ov_follows(const Plan *p, uint32_t pred, uint32_t succ)
{
    return step_of(p, succ)->transfer > 0 && p->ops.data[pred].wo == p->ops.data[succ].wo;
}

/* ---- the rule ------------------------------------------------------------------- */
/* The moment w working minutes from s are done (s itself for none). */
static int64_t at_work(const IrCalendar *cal, int64_t s, int64_t w)
{
    if (w <= 0) return s;
    int64_t x;
    return cal_finish(cal, s, w, true, &x);
}

/* Working minutes from an operation's start to where the share f of its
 * pieces is done, of W in all with setup of setup first. */
static int64_t share_work(int64_t setup, int64_t W, double f)
{
    if (setup > W) setup = W;
    int64_t w = setup + (int64_t)ceil(f * (double)(W - setup) - 1e-9);
    return w > W ? W : w < setup ? setup : w;
}

/* The lots of q pieces moved T at a time: their count, and *lot their size. */
static uint32_t lot_count(double q, double T, double *lot)
{
    double k = ceil(q / T - 1e-9);
    if (k < 1) k = 1;
    if (k > TAKT_TRANSFER_MAX_LOTS) {
        *lot = q / TAKT_TRANSFER_MAX_LOTS;
        return TAKT_TRANSFER_MAX_LOTS;
    }
    *lot = T;
    return (uint32_t)k;
}

/* ---- the kind ------------------------------------------------------------------- */
typedef struct Ov {
    const Plan *p;
    const IrModel *ir;
    uint32_t n;
    uint8_t *role;      /* per op: 1 a step after it takes lots of it, 2 it takes lots, 3 both */
    uint8_t *booked;
    int64_t *start, *end, *setup;
    int32_t *machine;
    double *f0;         /* the share of its pieces reported done at `now` (a running operation); 0: none */
    int64_t *need;      /* per lot: when it is done by every predecessor (scratch) */
    char why[200];
} Ov;

static const IrCalendar *mcal(const IrModel *ir, int32_t m)
{
    const IrMachine *mc = &ir->machines[m];
    return mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
}

static void *ov_begin(Plan *p)
{
    Ov *O = tk_xalloc(sizeof *O);
    memset(O, 0, sizeof *O);
    O->p = p;
    O->ir = p->ir;
    O->n = p->ops.len;
    size_t n = (size_t)O->n + 1;
    O->role = tk_xalloc(n);
    memset(O->role, 0, n);
    O->booked = tk_xalloc(n);
    memset(O->booked, 0, n);
    O->start = tk_xalloc(n * sizeof(int64_t));
    O->end = tk_xalloc(n * sizeof(int64_t));
    O->setup = tk_xalloc(n * sizeof(int64_t));
    O->machine = tk_xalloc(n * sizeof(int32_t));
    O->f0 = tk_xalloc(n * sizeof(double));
    O->need = tk_xalloc((TAKT_TRANSFER_MAX_LOTS + 1) * sizeof(int64_t));
    for (uint32_t oi = 0; oi < O->n; oi++)
        for (uint32_t e = p->pred_at[oi]; e < p->pred_at[oi + 1]; e++) {
            uint32_t q = p->pred[e];
            if (!ov_follows(p, q, oi)) continue;
            O->role[oi] |= 2;
            O->role[q] |= 1;
        }
    return O;
}

static void ov_reset(void *st)
{
    Ov *O = st;
    memset(O->booked, 0, (size_t)O->n + 1);
}

static bool ov_applies(void *st, const KPlace *pl)
{
    const Ov *O = st;
    return O->role[pl->op] != 0;
}

/* When predecessor q has done each lot of operation oi's q pieces (the
 * latest over its predecessors, into O->need); the lot count, 0 if none
 * holds it back. */
static uint32_t lots_needed(Ov *O, uint32_t oi, double *lot, double *qty)
{
    const Plan *p = O->p;
    const IrStep *st = step_of(p, oi);
    const WorkOrder *w = &p->wos.data[p->ops.data[oi].wo];
    double q = plan_step_in(w, (uint32_t)p->ops.data[oi].step);
    if (!(q > 0)) return 0;
    uint32_t K = lot_count(q, st->transfer, lot);
    bool any = false;
    for (uint32_t k = 0; k < K; k++) O->need[k] = INT64_MIN;
    for (uint32_t e = p->pred_at[oi]; e < p->pred_at[oi + 1]; e++) {
        uint32_t pq = p->pred[e];
        if (!ov_follows(p, pq, oi) || !O->booked[pq]) continue;
        any = true;
        const IrCalendar *cal = mcal(O->ir, O->machine[pq]);
        int64_t s = O->start[pq], W = cal_work_between(cal, s, O->end[pq]);
        int64_t wait = plan_work_minutes(step_of(p, pq)->wait);
        double f0 = O->f0[pq];
        int64_t now = plan_now(O->ir), Wr = f0 > 0 ? cal_work_between(cal, now, O->end[pq]) : 0;
        for (uint32_t k = 0; k < K; k++) {
            double f = k + 1 == K ? 1 : (double)(k + 1) * *lot / q;
            if (f > 1) f = 1;
            int64_t t;
            if (f0 > 0) /* reported running: what is done is done by now, the rest flows from now */
                t = f <= f0 ? now : at_work(cal, now, share_work(0, Wr, (f - f0) / (1 - f0)));
            else t = at_work(cal, s, share_work(O->setup[pq], W, f));
            if (t == INT64_MAX) t = O->end[pq];
            if (t + wait > O->need[k]) O->need[k] = t + wait;
        }
    }
    *qty = q;
    return any ? K : 0;
}

static bool ov_place(void *st, const KPlace *pl, KSlot *slot)
{
    Ov *O = st;
    slot->cost = 0; /* the kind adds no money of its own */
    if (!(O->role[pl->op] & 2)) return true;
    double lot, q;
    uint32_t K = lots_needed(O, pl->op, &lot, &q);
    if (!K) return true;
    const IrModel *ir = O->ir;
    const IrCalendar *cal = mcal(ir, pl->machine);
    int64_t s = pl->t;
    for (;;) {
        int64_t s0;
        int64_t end = cal_finish(pl->cal, s, pl->dur, pl->split, &s0);
        if (end == INT64_MAX || end > ir->end) {
            const Op *op = &O->p->ops.data[pl->op];
            snprintf(O->why, sizeof O->why,
                     "its transfer lots cannot follow the step before it on '%s' before the horizon ends (%s)",
                     ir->machines[pl->machine].name, O->p->wos.data[op->wo].name);
            slot->why = O->why;
            return false;
        }
        s = s0;
        int64_t W = cal_work_between(cal, s, end), short_by = 0;
        for (uint32_t k = 0; k < K; k++) {
            int64_t ls = at_work(cal, s, share_work(pl->setup, W, (double)k * lot / q));
            if (O->need[k] - ls > short_by) short_by = O->need[k] - ls;
        }
        if (short_by == 0) {
            slot->start = s;
            slot->end = end;
            slot->setup_end = pl->setup ? at_work(pl->cal, s, pl->setup) : s;
            if (slot->setup_end > end) slot->setup_end = end;
            slot->cal = pl->cal;
            return true;
        }
        s += short_by;
    }
}

static void ov_record(Ov *O, const KPlace *pl, int64_t start, int64_t end, int64_t setup)
{
    O->booked[pl->op] = 1;
    O->f0[pl->op] = 0;
    O->start[pl->op] = start;
    O->end[pl->op] = end;
    O->setup[pl->op] = setup;
    O->machine[pl->op] = pl->machine;
}

static void ov_book(void *st, const KPlace *pl, const KSlot *slot)
{
    ov_record(st, pl, slot->start, slot->end, pl->setup);
}

/* a reported operation: its pieces flow over the whole of its time; one
 * running with pieces reported has those done by now */
static void ov_book_reported(void *st, const KPlace *pl, int64_t start, int64_t setup_end, int64_t end)
{
    Ov *O = st;
    (void)setup_end;
    ov_record(O, pl, start, end, 0);
    const Op *op = &O->p->ops.data[pl->op];
    if (op->act < 0) return;
    const IrActual *a = &O->ir->actuals[op->act];
    double q = plan_step_in(&O->p->wos.data[op->wo], (uint32_t)op->step), r = a->good + a->scrap;
    if (a->end < 0 && q > 0 && r > 0 && plan_now(O->ir) >= start && plan_now(O->ir) < end) O->f0[pl->op] = r >= q ? 1 : r / q;
}

static void ov_end(void *st, Plan *p) { (void)st, (void)p; }

static void ov_free(void *st)
{
    Ov *O = st;
    tk_free(O->role);
    tk_free(O->booked);
    tk_free(O->start);
    tk_free(O->end);
    tk_free(O->setup);
    tk_free(O->machine);
    tk_free(O->f0);
    tk_free(O->need);
    tk_free(O);
}

const KindOps kind_overlap = {
    .name = "transfer lots",
    .used = overlap_used,
    .begin = ov_begin,
    .reset = ov_reset,
    .applies = ov_applies,
    .place = ov_place,
    .book = ov_book,
    .book_reported = ov_book_reported,
    .end = ov_end,
    .free = ov_free,
    .follows_start = ov_follows,
};
