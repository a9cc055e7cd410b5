/* verify_window.c: time windows between steps in a plan, checked against
 * the model (docs/verify.md, docs/planning.md "Time windows"). Its own
 * code, apart from the planner's (kind_window.c, sched.c): it groups the
 * plan's operations by work order and, for each operation of a step written
 * `within W`, finds the operations of the steps it comes after that make
 * its pieces (all of them where either step is one operation; by the
 * sublots' piece ranges where both are split) and holds it to
 *   - starting no later than W minutes, in calendar time, after each of
 *     them ends (E0633), unless the plan says it does not hold the window:
 *     an op record's `overrun N`, the most minutes the window is exceeded
 *     by, which verify reports as a warning (W0025) when the times show
 *     exactly that;
 *   - a plan file's `within` on every operation with a window, the model's
 *     window, and an `overrun` only where the times show one (E0634).
 * An operation the actuals report is where it happened: it is not held to
 * a window (a planned operation after a reported one is, from the
 * reported end). A schedule CSV has no `within` or `overrun`: its windows
 * are checked, every one that is not held an error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_kind.h"

typedef struct VW {
    const IrModel *ir;
    const PlanFile *pf;
    Diags *d;
} VW;

static bool vw_used(const IrModel *ir)
{
    for (uint32_t i = 0; i < ir->nproducts; i++)
        for (uint32_t s = 0; s < ir->products[i].nsteps; s++)
            if (ir->products[i].steps[s].within >= 0 && ir->products[i].steps[s].npreds) return true;
    return false;
}

static void *vw_begin(const IrModel *ir, const PlanFile *pf, Diags *d)
{
    VW *W = tk_xalloc(sizeof *W);
    W->ir = ir;
    W->pf = pf;
    W->d = d;
    return W;
}

static int64_t vw_work(void *st, uint32_t i, const IrAlt *al, const IrCalendar *cal, int64_t setup)
{
    (void)st, (void)i, (void)al, (void)cal, (void)setup;
    return -1;
}

/* The pieces before sublot k of n of a work order of qty pieces (whole
 * pieces shared out, the first sublots one more; fractional quantities in
 * equal parts). */
static double pieces_before(double qty, uint32_t k, uint32_t n)
{
    double whole = floor(qty + 1e-9);
    if (fabs(qty - whole) > 1e-9) return qty * k / n;
    double base = floor(whole / n), extra = whole - base * n;
    return k * base + (k < extra ? k : extra);
}

/* The sublot an op record names (assemble#2 -> 1, from 0), 0 if none. */
static uint32_t sublot_of(const char *step)
{
    const char *h = strrchr(step, '#');
    if (!h) return 0;
    unsigned long k = strtoul(h + 1, NULL, 10);
    return k >= 1 ? (uint32_t)(k - 1) : 0;
}

static void hm(char *b, size_t n, int64_t minutes)
{
    if (minutes < 0) snprintf(b, n, "-%lld min", (long long)-minutes);
    else if (minutes < 60) snprintf(b, n, "%lld min", (long long)minutes);
    else if (minutes % 60) snprintf(b, n, "%lld h %02lld min", (long long)(minutes / 60), (long long)(minutes % 60));
    else snprintf(b, n, "%lld h", (long long)(minutes / 60));
}

/* The operations sorted by work order, step and sublot: the key of each. */
typedef struct WKey {
    uint32_t grp;
    int32_t step;
    uint32_t sub, op;
} WKey;

static int wkey_cmp(const void *a, const void *b)
{
    const WKey *x = a, *y = b;
    if (x->grp != y->grp) return x->grp < y->grp ? -1 : 1;
    if (x->step != y->step) return x->step < y->step ? -1 : 1;
    if (x->sub != y->sub) return x->sub < y->sub ? -1 : 1;
    return x->op < y->op ? -1 : x->op > y->op;
}

/* The first of keys[lo, hi) (one step of a work order, by sublot) whose
 * sublot is at least k. */
static uint32_t first_sub(const WKey *keys, uint32_t lo, uint32_t hi, uint32_t k)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (keys[mid].sub < k) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static void vw_check(void *state, const VOps *o)
{
    VW *W = state;
    const IrModel *ir = W->ir;
    const PlanFile *pf = W->pf;
    uint32_t n = pf->ops.len;
    /* the operations by work order, step and sublot, so that the sublots
     * of a step a sublot comes after are found by halving (time n log n
     * however the work is split) */
    NameIndex wos;
    nameindex_init(&wos);
    WKey *keys = tk_xalloc(((size_t)n + 1) * sizeof(WKey));
    uint32_t *pos = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    uint32_t ng = 0;
    for (uint32_t i = 0; i < n; i++) {
        int32_t g = nameindex_find(&wos, pf->ops.data[i].wo);
        if (g < 0) nameindex_add(&wos, pf->ops.data[i].wo, g = (int32_t)ng++);
        keys[i] = (WKey){(uint32_t)g, o->step[i], sublot_of(pf->ops.data[i].step), i};
    }
    if (n > 1) qsort(keys, n, sizeof(WKey), wkey_cmp);
    for (uint32_t q = 0; q < n; q++) pos[keys[q].op] = q;
    /* the work orders' quantities, for sublots' piece ranges (a plan file's records) */
    double *wqty = tk_xalloc(((size_t)ng + 1) * sizeof(double));
    for (uint32_t g = 0; g < ng; g++) wqty[g] = -1;
    for (uint32_t k = 0; k < pf->wos.len; k++) {
        int32_t g = nameindex_find(&wos, pf->wos.data[k].name);
        if (g >= 0) wqty[g] = pf->wos.data[k].qty;
    }
    for (uint32_t i = 0; i < n; i++) {
        const PfOp *op = &pf->ops.data[i];
        if (o->product[i] < 0 || o->step[i] < 0) continue;
        const IrProduct *pr = &ir->products[o->product[i]];
        const IrStep *st = &pr->steps[o->step[i]];
        int64_t win = st->within >= 0 && st->npreds ? (int64_t)st->within : -1;
        if (!pf->csv && !o->actual[i] && op->within != win) {
            char b1[32];
            snprintf(b1, sizeof b1, "%lld", (long long)win);
            Diag *g = diag_error(o->d, op->span, DIAG_WINDOW_RECORD, "'%s' %s %s", op->wo, op->step,
                                 win < 0 ? "has a 'within', but its step has no time window after a predecessor"
                                 : op->within < 0 ? "has no 'within', but its step has a time window"
                                                  : "has another 'within' than its step's time window");
            if (win >= 0) diag_hint(g, "the step's window is %s min (within %s min)", b1, b1);
        }
        if (win < 0 || o->actual[i] || o->machine[i] < 0) continue;
        /* this step's operations of the work order: keys[s0, s1) */
        uint32_t g = keys[pos[i]].grp, s0 = pos[i], s1 = pos[i];
        while (s0 > 0 && keys[s0 - 1].grp == g && keys[s0 - 1].step == o->step[i]) s0--;
        while (s1 < n && keys[s1].grp == g && keys[s1].step == o->step[i]) s1++;
        uint32_t k = keys[pos[i]].sub, nk = s1 - s0;
        int64_t worst = 0;
        int32_t worst_pred = -1;
        bool unknown = false; /* sublots a schedule CSV does not say the pieces of */
        for (uint32_t sp = 0; sp < st->npreds; sp++) {
            WKey lo = {g, st->preds[sp], 0, 0};
            uint32_t p0 = 0, p1 = n;
            while (p0 < p1) { /* the first key of the step before */
                uint32_t mid = p0 + (p1 - p0) / 2;
                if (wkey_cmp(&keys[mid], &lo) < 0) p0 = mid + 1;
                else p1 = mid;
            }
            p1 = p0;
            while (p1 < n && keys[p1].grp == g && keys[p1].step == st->preds[sp]) p1++;
            uint32_t np = p1 - p0, from = p0, to = p1;
            if (np > 1 && nk > 1) {
                /* both split: the sublots of the step before whose pieces overlap this one's */
                if (wqty[g] < 0) {
                    if (np != nk) unknown = true;
                    if (np != nk) continue;
                    from = first_sub(keys, p0, p1, k);
                    to = first_sub(keys, from, p1, k + 1);
                } else {
                    double a = pieces_before(wqty[g], k, nk), b = pieces_before(wqty[g], k + 1, nk);
                    uint32_t lo2 = p0, hi2 = p1;
                    while (lo2 < hi2) { /* the first whose pieces end after a */
                        uint32_t mid = lo2 + (hi2 - lo2) / 2;
                        if (pieces_before(wqty[g], keys[mid].sub + 1, np) <= a + 1e-9) lo2 = mid + 1;
                        else hi2 = mid;
                    }
                    from = to = lo2;
                    while (to < p1 && pieces_before(wqty[g], keys[to].sub, np) < b - 1e-9) to++;
                }
            }
            for (uint32_t q = from; q < to; q++) {
                uint32_t j = keys[q].op;
                if (o->machine[j] < 0) continue;
                int64_t over = op->start - (pf->ops.data[j].end + win);
                if (over > worst) worst = over, worst_pred = (int32_t)j;
            }
        }
        if (worst_pred < 0) {
            if (op->overrun > 0 && !unknown) {
                Diag *dg = diag_error(o->d, op->span, DIAG_WINDOW_RECORD,
                                      "'%s' %s says its window is exceeded by %lld min, but it starts within it", op->wo,
                                      op->step, (long long)op->overrun);
                diag_hint(dg, "an 'overrun' is the most minutes a window is exceeded by");
            }
            continue;
        }
        const PfOp *pj = &pf->ops.data[worst_pred];
        char b1[48], b2[48];
        hm(b1, sizeof b1, op->start - pj->end);
        hm(b2, sizeof b2, win);
        /* a schedule CSV does not say which sublots of a step before this
         * one's pieces come from: the overrun may be against one of those */
        if (op->overrun == worst || (unknown && op->overrun > worst)) {
            Diag *dg = diag_warning(o->d, op->span, DIAG_WINDOW_NOT_HELD,
                                    "'%s' %s starts %s after '%s' ends, longer than its window of %s, as the plan says",
                                    op->wo, op->step, b1, pj->step, b2);
            diag_note(dg, pj->span, "'%s' %s", pj->wo, pj->step);
            continue;
        }
        Diag *dg = diag_error(o->d, op->span, DIAG_WINDOW_BROKEN,
                              "'%s' %s starts %s after '%s' ends, %lld min later than its window of %s allows", op->wo,
                              op->step, b1, pj->step, (long long)worst, b2);
        diag_note(dg, pj->span, "'%s' %s ends here", pj->wo, pj->step);
        if (op->overrun > 0)
            diag_hint(dg, "the plan says its window is exceeded by %lld min", (long long)op->overrun);
        else diag_hint(dg, "a step with 'within' starts at most that long after each step it comes after ends");
    }
    nameindex_free(&wos);
    tk_free(keys);
    tk_free(pos);
    tk_free(wqty);
}

static void vw_free(void *st) { tk_free(st); }

const VerifyKind verify_window = {"time windows", vw_used, vw_begin, vw_work, vw_check, vw_free};
