/* verify_overlap.c: transfer lots between steps in a plan, checked against
 * the model (docs/verify.md, docs/planning.md "Transfer lots"). Its own
 * code, apart from the planner's (kind_overlap.c, sched.c): it reads the
 * working time with verify's own calendars (verify_calendar.h), groups the
 * plan's operations by work order and step, and for each operation S of a
 * step written `transfer T`, and the operation P of each step it comes
 * after, holds S to the rule of docs/planning.md:
 *
 *   for every lot k of S's q pieces (K = ceil(q / T) lots, at most
 *   TAKT_TRANSFER_MAX_LOTS), S starts it — when it has worked its setup and
 *   the share (k-1)T/q of its run, on its machine's calendar from its start
 *   — no sooner than P has done the share min(kT, q)/q of its own run, plus
 *   P's wait (E0642);
 *
 * and a plan file's `transfer` on an operation (the schedule CSV's transfer
 * column where it has one) to be its step's transfer quantity (E0657). An
 * operation the actuals report is where it happened and is not held to the
 * rule; one after it is, by the reported times (no setup: its pieces flow
 * over the whole of its time; one running with r pieces reported, good
 * and scrap, of the q it starts has the share r / q done at `now`, the rest
 * flowing from `now` to its end). verify.c leaves these arcs' order of work to
 * this file (VerifyKind.follows). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_calendar.h"
#include "verify_kind.h"

typedef struct VO {
    const IrModel *ir;
    const PlanFile *pf;
    Diags *d;
    VCal **cals;        /* per calendar of the model, built when first needed */
} VO;

static bool vo_used(const IrModel *ir)
{
    for (uint32_t i = 0; i < ir->nproducts; i++)
        for (uint32_t s = 0; s < ir->products[i].nsteps; s++)
            if (ir->products[i].steps[s].transfer > 0 && ir->products[i].steps[s].npreds) return true;
    return false;
}

static bool vo_follows(const IrStep *st) { return st->transfer > 0 && st->npreds > 0; }

static void *vo_begin(const IrModel *ir, const PlanFile *pf, Diags *d)
{
    VO *O = tk_xalloc(sizeof *O);
    O->ir = ir;
    O->pf = pf;
    O->d = d;
    O->cals = tk_xalloc(((size_t)ir->ncalendars + 1) * sizeof(VCal *));
    memset(O->cals, 0, ((size_t)ir->ncalendars + 1) * sizeof(VCal *));
    return O;
}

static int64_t vo_work(void *st, uint32_t i, const IrAlt *al, const IrCalendar *cal, int64_t setup)
{
    (void)st, (void)i, (void)al, (void)cal, (void)setup;
    return -1;
}

static const VCal *machine_cal(VO *O, int32_t m)
{
    int32_t c = O->ir->machines[m].calendar;
    if (c < 0) return NULL;
    if (!O->cals[c]) O->cals[c] = vcal_build(O->ir, c);
    return O->cals[c];
}

static int64_t work_between(const VCal *c, int64_t a, int64_t b)
{
    if (b <= a) return 0;
    return c ? vcal_work_between(c, a, b) : b - a;
}

/* The first moment by which w working minutes from s are done: s for none,
 * INT64_MAX if the horizon does not hold them. By halving over the horizon. */
static int64_t moment_of(const VO *O, const VCal *c, int64_t s, int64_t w)
{
    if (w <= 0) return s;
    if (!c) return s + w;
    int64_t lo = s + 1, hi = O->ir->end;
    if (hi < lo || work_between(c, s, hi) < w) return INT64_MAX;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (work_between(c, s, mid) >= w) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* The working minutes from an operation's start to where the share f of its
 * pieces is done: its setup first, then its run evenly. */
static int64_t share(int64_t setup, int64_t W, double f)
{
    if (setup < 0) setup = 0;
    if (setup > W) setup = W;
    int64_t w = setup + (int64_t)ceil(f * (double)(W - setup) - 1e-9);
    return w > W ? W : w < setup ? setup : w;
}

/* The operations by work order and step. */
typedef struct OKey {
    uint32_t grp;
    int32_t step;
    uint32_t op;
} OKey;

static int okey_cmp(const void *a, const void *b)
{
    const OKey *x = a, *y = b;
    if (x->grp != y->grp) return x->grp < y->grp ? -1 : 1;
    if (x->step != y->step) return x->step < y->step ? -1 : 1;
    return x->op < y->op ? -1 : x->op > y->op;
}

static void pieces(char *b, size_t n, double lo, double hi)
{
    snprintf(b, n, "pieces %.15g to %.15g", lo + 1, hi);
}

/* Operation i (step st, q pieces) against operation j of a step before it. */
static void check_pair(VO *O, const VOps *o, uint32_t i, uint32_t j, const IrStep *st, const IrStep *pst)
{
    const PlanFile *pf = O->pf;
    const PfOp *S = &pf->ops.data[i], *P = &pf->ops.data[j];
    double q = o->qty[i];
    if (!(q > 0)) return;
    double T = st->transfer, lot = T;
    double kd = ceil(q / T - 1e-9);
    if (kd < 1) kd = 1;
    if (kd > TAKT_TRANSFER_MAX_LOTS) kd = TAKT_TRANSFER_MAX_LOTS, lot = q / TAKT_TRANSFER_MAX_LOTS;
    uint32_t K = (uint32_t)kd;
    const VCal *cs = machine_cal(O, o->machine[i]), *cp = machine_cal(O, o->machine[j]);
    int64_t WS = work_between(cs, S->start, S->end), WP = work_between(cp, P->start, P->end);
    int64_t setS = o->setup[i] < 0 ? 0 : o->setup[i];
    int64_t setP = o->actual[j] || o->setup[j] < 0 ? 0 : o->setup[j];
    double wait = ceil(pst->wait - 1e-9);
    /* a running predecessor with pieces reported: those done at now */
    double f0 = 0;
    int64_t now = O->ir->now, Wr = 0;
    if (o->actual[j] && o->act[j] >= 0) {
        const IrActual *a = &O->ir->actuals[o->act[j]];
        double r = a->good + a->scrap, qp = o->qty[j];
        if (a->end < 0 && qp > 0 && r > 0 && now >= P->start && now < P->end) {
            f0 = r >= qp ? 1 : r / qp;
            Wr = work_between(cp, now, P->end);
        }
    }
    for (uint32_t k = 0; k < K; k++) {
        double fd = k + 1 == K ? 1 : (double)(k + 1) * lot / q;
        if (fd > 1) fd = 1;
        int64_t done = f0 > 0 ? (fd <= f0 ? now : moment_of(O, cp, now, share(0, Wr, (fd - f0) / (1 - f0))))
                              : moment_of(O, cp, P->start, share(setP, WP, fd));
        if (done == INT64_MAX) done = P->end;
        done += (int64_t)wait;
        int64_t at = moment_of(O, cs, S->start, share(setS, WS, (double)k * lot / q));
        if (at >= done) continue;
        char b1[32], b2[32], pc[80];
        fmt_datetime_sp(b1, sizeof b1, at);
        fmt_datetime_sp(b2, sizeof b2, done);
        double hi = fd >= 1 ? q : (double)(k + 1) * lot;
        pieces(pc, sizeof pc, (double)k * lot, hi);
        Diag *g = diag_error(O->d, S->span, DIAG_TRANSFER_OVERTAKEN,
                             "'%s' %s overtakes '%s': it starts its lot %u of %u (%s) at %s, but '%s' has them done "
                             "only at %s",
                             S->wo, S->step, P->step, k + 1, K, pc, b1, P->step, b2);
        diag_note(g, P->span, "'%s' %s", P->wo, P->step);
        diag_hint(g, "a step with 'transfer %.15g' takes each lot only when the step before it has made it%s; its "
                     "pieces flow evenly over each operation's run (docs/planning.md, \"Transfer lots\")",
                  T, wait > 0 ? " and waited" : "");
        return;
    }
}

static void vo_check(void *state, const VOps *o)
{
    VO *O = state;
    const IrModel *ir = O->ir;
    const PlanFile *pf = O->pf;
    uint32_t n = pf->ops.len;
    NameIndex wos;
    nameindex_init(&wos);
    OKey *keys = tk_xalloc(((size_t)n + 1) * sizeof(OKey));
    uint32_t *grp = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    uint32_t ng = 0;
    for (uint32_t i = 0; i < n; i++) {
        int32_t g = nameindex_find(&wos, pf->ops.data[i].wo);
        if (g < 0) nameindex_add(&wos, pf->ops.data[i].wo, g = (int32_t)ng++);
        grp[i] = (uint32_t)g;
        keys[i] = (OKey){(uint32_t)g, o->step[i], i};
    }
    if (n > 1) qsort(keys, n, sizeof(OKey), okey_cmp);
    for (uint32_t i = 0; i < n; i++) {
        const PfOp *op = &pf->ops.data[i];
        if (o->product[i] < 0 || o->step[i] < 0) continue;
        const IrProduct *pr = &ir->products[o->product[i]];
        const IrStep *st = &pr->steps[o->step[i]];
        double want = vo_follows(st) ? st->transfer : 0;
        if (!o->actual[i] && op->transfer == op->transfer && op->transfer != want) {
            Diag *g = diag_error(O->d, op->span, DIAG_TRANSFER_RECORD, "'%s' %s %s", op->wo, op->step,
                                 want <= 0 ? "has a transfer quantity, but its step takes no transfer lots"
                                 : op->transfer <= 0 ? "has no transfer quantity, but its step takes transfer lots"
                                                     : "has another transfer quantity than its step");
            if (want > 0) diag_hint(g, "the step's transfer quantity is %.15g pieces (transfer %.15g)", want, want);
        }
        if (want <= 0 || o->actual[i] || o->machine[i] < 0 || o->bad[i]) continue;
        for (uint32_t sp = 0; sp < st->npreds; sp++) {
            OKey lo = {grp[i], st->preds[sp], 0};
            uint32_t a = 0, b = n;
            while (a < b) {
                uint32_t mid = a + (b - a) / 2;
                if (okey_cmp(&keys[mid], &lo) < 0) a = mid + 1;
                else b = mid;
            }
            if (a >= n || keys[a].grp != grp[i] || keys[a].step != st->preds[sp]) continue;
            uint32_t j = keys[a].op;
            if (o->machine[j] < 0 || o->bad[j]) continue;
            check_pair(O, o, i, j, st, &pr->steps[st->preds[sp]]);
        }
    }
    nameindex_free(&wos);
    tk_free(keys);
    tk_free(grp);
}

static void vo_free(void *st)
{
    VO *O = st;
    for (uint32_t c = 0; c < O->ir->ncalendars; c++)
        if (O->cals[c]) vcal_free(O->cals[c]);
    tk_free(O->cals);
    tk_free(O);
}

const VerifyKind verify_overlap = {"transfer lots", vo_used, vo_begin, vo_work, vo_check, vo_free, vo_follows};
