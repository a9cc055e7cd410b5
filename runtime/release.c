/* release.c: just-in-time release refined by dispatching (runtime.h,
 * release_refine; docs/planning.md, "Release"). Releasing every work order
 * at its latest start leaves no room for the queues of a loaded plant: work
 * orders that several want the same machine at once come out late. So the
 * plan is dispatched again with the work orders of each late order released
 * as much earlier as the order was late (added to what earlier passes gave
 * them; the model's release stays the earliest), a few times; the plan with
 * the least tardiness is kept, of equals the first (it holds the least work
 * in process). Each pass is a whole dispatching pass: just-in-time release
 * costs up to RELEASE_PASSES of them. */
#include <string.h>

#include "runtime.h"

/* The top work order of each work order's tree. */
static uint32_t *roots(const Plan *p)
{
    uint32_t n = p->wos.len;
    uint32_t *r = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = i, hops = 0;
        /* a parent is made before its components; the bound guards a cycle */
        while (p->wos.data[k].parent >= 0 && (uint32_t)p->wos.data[k].parent < n && hops++ < n)
            k = (uint32_t)p->wos.data[k].parent;
        r[i] = k;
    }
    return r;
}

/* How late each top work order ends (minutes, 0 if on time). */
static int64_t late_by(const WorkOrder *w)
{
    return w->due > 0 && w->end > w->due ? w->end - w->due : 0;
}

static double tardiness(const Plan *p)
{
    double t = 0;
    for (uint32_t i = 0; i < p->wos.len; i++)
        if (p->wos.data[i].parent < 0) t += (double)late_by(&p->wos.data[i]);
    return t;
}

/* The same work orders, in the same order: the passes differ only in when
 * they release them. */
static bool same_orders(const Plan *a, const Plan *b)
{
    if (a->wos.len != b->wos.len) return false;
    for (uint32_t i = 0; i < a->wos.len; i++)
        if (strcmp(a->wos.data[i].name, b->wos.data[i].name)) return false;
    return true;
}

Plan *release_refine(Plan *p, Plan *(*make)(void *ctx, const int64_t *pull, uint32_t npull), void *ctx)
{
    if (!p->ir->jit_release || !p->wos.len) return p;
    uint32_t n = p->wos.len;
    int64_t *pull = tk_xalloc(((size_t)n + 1) * sizeof(int64_t));
    memset(pull, 0, ((size_t)n + 1) * sizeof(int64_t));
    Plan *best = p, *cur = p;
    double best_t = tardiness(p);
    for (int pass = 1; pass < RELEASE_PASSES && best_t > 0; pass++) {
        uint32_t *top = roots(cur);
        bool more = false;
        for (uint32_t i = 0; i < n; i++) {
            const WorkOrder *w = &cur->wos.data[i];
            int64_t late = late_by(&cur->wos.data[top[i]]);
            /* no earlier than the model's release: pulling further changes nothing */
            int64_t room = w->latest_start - pull[i] - w->release_model;
            if (late > 0 && room > 0) {
                pull[i] += late < room ? late : room;
                more = true;
            }
        }
        tk_free(top);
        if (!more) break;
        Plan *next = make(ctx, pull, n);
        if (!next) break;
        if (!same_orders(next, cur)) {
            plan_free(next);
            break;
        }
        if (cur != best) plan_free(cur);
        cur = next;
        double t = tardiness(cur);
        if (t < best_t) {
            if (best != cur) plan_free(best);
            best = cur;
            best_t = t;
        }
    }
    if (cur != best) plan_free(cur);
    tk_free(pull);
    return best;
}
