/* verify_scrap.c: scrap as takt verify reads it (verify_scrap.h). A step
 * starts what it must make good divided by the share of pieces that come out
 * of it good, rounded up to a whole piece; what it must make good is the
 * most that any step after it starts, or the work order's quantity if none
 * comes after it. Here each step is worked out by a depth-first walk over
 * the steps after it (an explicit stack, so a long routing cannot exhaust
 * the C stack), independently of the planner's backward order. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "verify_scrap.h"

bool vscrap_any(const IrProduct *pr)
{
    for (uint32_t s = 0; s < pr->nsteps; s++)
        if (pr->steps[s].scrap > 0) return true;
    for (uint32_t b = 0; b < pr->nbom; b++)
        if (pr->bom[b].scrap > 0) return true;
    return false;
}

double vscrap_need(const IrBomLine *bl, double started)
{
    /* what is issued, less the share lost, is what the pieces take */
    return bl->qty * started / (1.0 - bl->scrap);
}

double vscrap_steps(const IrProduct *pr, double qty, double *in, double *good)
{
    uint32_t n = pr->nsteps;
    if (!n) return qty;
    /* the steps after each step, from the routing's predecessors */
    uint32_t *at = tk_xalloc((n + 2) * sizeof(uint32_t)), edges = 0;
    memset(at, 0, (n + 2) * sizeof(uint32_t));
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t q = 0; q < pr->steps[t].npreds; q++) at[pr->steps[t].preds[q] + 2]++, edges++;
    for (uint32_t s = 0; s < n; s++) at[s + 2] += at[s + 1];
    uint32_t *after = tk_xalloc((edges + 1) * sizeof(uint32_t));
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t q = 0; q < pr->steps[t].npreds; q++) after[at[pr->steps[t].preds[q] + 1]++] = t;
    /* at[s] .. at[s + 1]: the steps after s */
    double *st = tk_xalloc(n * sizeof(double)), *gd = tk_xalloc(n * sizeof(double));
    uint8_t *state = tk_xalloc(n); /* 0 new, 1 on the stack, 2 worked out */
    memset(state, 0, n);
    uint32_t *stack = tk_xalloc((n + 1) * sizeof(uint32_t)), *next = tk_xalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t root = 0; root < n; root++) {
        if (state[root]) continue;
        uint32_t sp = 0;
        stack[sp] = root, next[sp++] = at[root], state[root] = 1;
        while (sp) {
            uint32_t s = stack[sp - 1];
            if (next[sp - 1] < at[s + 1]) {
                uint32_t t = after[next[sp - 1]++];
                if (state[t] == 0) stack[sp] = t, next[sp++] = at[t], state[t] = 1;
                continue;
            }
            /* every step after s is worked out */
            double want = at[s] == at[s + 1] ? qty : 0;
            for (uint32_t e = at[s]; e < at[s + 1]; e++) want = fmax(want, st[after[e]]);
            gd[s] = want;
            double keep = 1.0 - pr->steps[s].scrap;
            st[s] = pr->steps[s].scrap > 0 ? ceil(want / keep - 1e-9) : want;
            state[s] = 2;
            sp--;
        }
    }
    double started = 0;
    for (uint32_t s = 0; s < n; s++) {
        if (pr->steps[s].npreds == 0) started = fmax(started, st[s]);
        if (in) in[s] = st[s];
        if (good) good[s] = gd[s];
    }
    tk_free(at);
    tk_free(after);
    tk_free(st);
    tk_free(gd);
    tk_free(state);
    tk_free(stack);
    tk_free(next);
    return started;
}

void vscrap_check_op(Diags *d, const PfOp *o, const IrProduct *pr, uint32_t step, double in, double good, bool reports)
{
    bool bad_in = !isnan(o->qty) && fabs(o->qty - in) > 1e-9 * (1 + in);
    bool bad_good = !isnan(o->good) && fabs(o->good - good) > 1e-9 * (1 + good);
    if (!bad_in && !bad_good) return;
    const IrStep *st = &pr->steps[step];
    char b1[40], b2[40], b3[40], b4[40];
    snprintf(b1, sizeof b1, "%.15g", isnan(o->qty) ? in : o->qty);
    snprintf(b2, sizeof b2, "%.15g", isnan(o->good) ? good : o->good);
    snprintf(b3, sizeof b3, "%.15g", in);
    snprintf(b4, sizeof b4, "%.15g", good);
    Diag *g = diag_error(d, o->span, DIAG_SCRAP_QTY,
                         "'%s' %s is recorded as starting %s pieces and making %s good, but its work order's quantity "
                         "and the scrap rates give %s started and %s good", o->wo, o->step, b1, b2, b3, b4);
    if (reports)
        diag_hint(g, "the shop floor reported steps of this work order done: a step after them starts no more than "
                     "its predecessors made good, less its scrap rate (docs/planning.md, \"Scrap reported\")");
    else if (st->scrap > 0) {
        char r[40];
        snprintf(r, sizeof r, "%.6g", st->scrap * 100);
        diag_hint(g, "the step scraps %s%%: it starts what the steps after it start (or the work order's quantity), "
                     "divided by %.6g and rounded up to whole pieces (docs/planning.md, \"Scrap\")", r, 1 - st->scrap);
    } else
        diag_hint(g, "a step without scrap starts what the steps after it start, or the work order's quantity "
                     "(docs/planning.md, \"Scrap\")");
}

double vscrap_reported(const IrProduct *pr, double qty, double *in, double *good, const double *done_good)
{
    uint32_t n = pr->nsteps;
    if (!n) return qty;
    /* each step's good pieces need its predecessors' first: a depth-first
     * walk over the predecessors (an explicit stack), each step settled
     * once all before it are */
    uint8_t *state = tk_xalloc(n);
    memset(state, 0, n);
    uint32_t *stack = tk_xalloc((n + 1) * sizeof(uint32_t)), *next = tk_xalloc((n + 1) * sizeof(uint32_t));
    bool *has_after = tk_xalloc(n * sizeof(bool));
    memset(has_after, 0, n * sizeof(bool));
    for (uint32_t s = 0; s < n; s++)
        for (uint32_t q = 0; q < pr->steps[s].npreds; q++) has_after[pr->steps[s].preds[q]] = true;
    for (uint32_t root = 0; root < n; root++) {
        if (state[root]) continue;
        uint32_t sp = 0;
        stack[sp] = root, next[sp++] = 0, state[root] = 1;
        while (sp) {
            uint32_t s = stack[sp - 1];
            const IrStep *st = &pr->steps[s];
            if (next[sp - 1] < st->npreds) {
                uint32_t p = (uint32_t)st->preds[next[sp - 1]++];
                if (state[p] == 0) stack[sp] = p, next[sp++] = 0, state[p] = 1;
                continue;
            }
            sp--;
            state[s] = 2;
            if (done_good && !isnan(done_good[s])) {
                good[s] = done_good[s];
                continue;
            }
            if (!st->npreds) continue;
            double from = good[st->preds[0]];
            for (uint32_t q = 1; q < st->npreds; q++)
                if (good[st->preds[q]] < from) from = good[st->preds[q]];
            if (!(from < in[s] - 1e-9)) continue; /* enough comes to it */
            in[s] = from;
            double kept = st->scrap > 0 ? floor(from * (1.0 - st->scrap) + 1e-9) : from;
            good[s] = fmin(good[s], kept);
        }
    }
    double makes = INFINITY;
    for (uint32_t s = 0; s < n; s++)
        if (!has_after[s]) makes = fmin(makes, good[s]);
    tk_free(state);
    tk_free(stack);
    tk_free(next);
    tk_free(has_after);
    return makes;
}
