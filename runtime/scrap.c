/* scrap.c: the quantities of a work order's steps under scrap (scrap.h). */
#include <math.h>
#include <string.h>

#include "scrap.h"

#define EPS 1e-9

bool scrap_in_routing(const IrProduct *pr)
{
    for (uint32_t s = 0; s < pr->nsteps; s++)
        if (pr->steps[s].scrap > 0) return true;
    return false;
}

static double plan_steps(const IrProduct *pr, double qty, double *in, double *good, bool whole)
{
    uint32_t n = pr->nsteps;
    if (!n) return qty;
    /* from the last steps back (Kahn's order on the reversed routing): a
     * step is planned once every step after it is, and hands what it starts
     * to its predecessors as what they must make good */
    double sbuf[2][32];
    uint32_t ibuf[2][32];
    bool heap = n > 32;
    double *g = heap ? tk_xalloc(n * sizeof(double)) : sbuf[0], *st = heap ? tk_xalloc(n * sizeof(double)) : sbuf[1];
    uint32_t *left = heap ? tk_xalloc(n * sizeof(uint32_t)) : ibuf[0], *queue = heap ? tk_xalloc(n * sizeof(uint32_t)) : ibuf[1];
    memset(left, 0, n * sizeof(uint32_t));
    for (uint32_t s = 0; s < n; s++) {
        g[s] = -1; /* no step after it yet: a last step makes qty */
        for (uint32_t q = 0; q < pr->steps[s].npreds; q++) left[pr->steps[s].preds[q]]++;
    }
    uint32_t qh = 0, qt = 0;
    for (uint32_t s = 0; s < n; s++)
        if (!left[s]) queue[qt++] = s;
    while (qh < qt) {
        uint32_t s = queue[qh++];
        const IrStep *step = &pr->steps[s];
        if (g[s] < 0) g[s] = qty;
        double r = step->scrap;
        st[s] = r > 0 ? (whole ? ceil(g[s] / (1 - r) - EPS) : g[s] / (1 - r)) : g[s];
        for (uint32_t q = 0; q < step->npreds; q++) {
            uint32_t p = (uint32_t)step->preds[q];
            if (st[s] > g[p]) g[p] = st[s];
            if (--left[p] == 0) queue[qt++] = p;
        }
    }
    TK_ASSERT(qt == n); /* routings are acyclic (E0402) */
    double started = 0;
    for (uint32_t s = 0; s < n; s++) {
        if (!pr->steps[s].npreds && st[s] > started) started = st[s];
        if (in) in[s] = st[s];
        if (good) good[s] = g[s];
    }
    if (heap) {
        tk_free(g);
        tk_free(st);
        tk_free(left);
        tk_free(queue);
    }
    return started;
}

double scrap_plan(const IrProduct *pr, double qty, double *in, double *good) { return plan_steps(pr, qty, in, good, true); }

double scrap_rates(const IrProduct *pr, double *in) { return plan_steps(pr, 1, in, NULL, false); }

double scrap_after_reports(const IrProduct *pr, double qty, double *in, double *good, const double *done_good)
{
    uint32_t n = pr->nsteps;
    if (!n) return qty;
    /* the steps after each step (from the predecessors), then the steps in
     * routing order (Kahn's): a step's predecessors are settled before it */
    uint32_t *at = tk_xalloc((n + 2) * sizeof(uint32_t)), edges = 0;
    memset(at, 0, (n + 2) * sizeof(uint32_t));
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t q = 0; q < pr->steps[t].npreds; q++) at[pr->steps[t].preds[q] + 2]++, edges++;
    for (uint32_t s = 0; s < n; s++) at[s + 2] += at[s + 1];
    uint32_t *after = tk_xalloc((edges + 1) * sizeof(uint32_t));
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t q = 0; q < pr->steps[t].npreds; q++) after[at[pr->steps[t].preds[q] + 1]++] = t;
    uint32_t *left = tk_xalloc(n * sizeof(uint32_t)), *queue = tk_xalloc(n * sizeof(uint32_t));
    uint32_t qh = 0, qt = 0;
    for (uint32_t s = 0; s < n; s++)
        if (!(left[s] = pr->steps[s].npreds)) queue[qt++] = s;
    double makes = INFINITY;
    while (qh < qt) {
        uint32_t s = queue[qh++];
        const IrStep *st = &pr->steps[s];
        if (done_good && !isnan(done_good[s])) {
            good[s] = done_good[s]; /* what the shop floor made of it */
        } else {
            double avail = INFINITY;
            for (uint32_t q = 0; q < st->npreds; q++) avail = fmin(avail, good[st->preds[q]]);
            if (avail < in[s] - EPS) {
                in[s] = avail;
                double g = st->scrap > 0 ? floor(avail * (1 - st->scrap) + EPS) : avail;
                if (g < good[s]) good[s] = g;
            }
        }
        if (at[s] == at[s + 1]) makes = fmin(makes, good[s]);
        for (uint32_t e = at[s]; e < at[s + 1]; e++)
            if (--left[after[e]] == 0) queue[qt++] = after[e];
    }
    TK_ASSERT(qt == n);
    tk_free(at);
    tk_free(after);
    tk_free(left);
    tk_free(queue);
    return makes;
}
