/* kind_pool.c: resources — pools of people or tools — as a constraint kind
 * (kind.h; docs/planning.md, "Resources"). An operation whose step needs
 * resources holds units of them: for the whole operation, from its start to
 * its end, or for its setup only, from its start to the end of its setup.
 * Its work proceeds only when its machine and every resource it holds for
 * the whole operation work (the intersection of their calendars); its setup
 * also only when the resources held for the setup work. Among a need's
 * alternative pools, and for a step with several needs among the
 * combinations of them, the one that lets the operation start soonest is
 * taken, ties going to the order written; within a pool, the lowest-numbered
 * free units.
 *
 * Bookings are a timeline per pool unit: sorted, disjoint intervals. The
 * dispatching pass books nearly always at the end of a timeline; the
 * search's decoder, which places operations in precedence order rather than
 * in time, books into gaps — the earliest gap at or after the operation's
 * earliest start that holds it through its calendars. Either way a unit is
 * never booked twice for one minute: plans are feasible by construction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"

#define EPS 1e-9

typedef struct Timeline {
    IrInterval *iv;
    uint32_t n, cap;
} Timeline;

/* A calendar made as the intersection of a base (a machine's, or a
 * narrowed one) and some pools' calendars. */
typedef struct Joint {
    const IrCalendar *base;
    int32_t ids[2 * 8 + 1];   /* pool calendar ids, sorted, distinct */
    uint32_t nids;
    IrCalendar *cal;          /* NULL: always working */
} Joint;

/* A placement of one combination of pool alternatives. */
typedef struct Res {
    int64_t start, se, end;
    const IrCalendar *cw;
    double cost;
    uint32_t combo;
} Res;

typedef struct PoolSt {
    Plan *p;
    const IrModel *ir;
    uint32_t *ubase;          /* per pool: its first unit in tl */
    Timeline *tl;
    uint32_t nunits;
    Joint *joints;
    uint32_t njoints, capjoints;
    OpHold *holds;            /* per operation, laid out as Plan.holds */
    const uint32_t *off;
    uint32_t nholds;          /* off[the plan's operations]: the slots of holds */
    /* the last answer of place(), for book() */
    uint32_t last_op;
    Res last;
    uint32_t *pick;           /* units chosen for the last answer: pool-relative */
    uint32_t *tmp;
    uint32_t pick_cap;
    char why[320];
} PoolSt;

/* ---- calendars ------------------------------------------------------------------ */
static IrCalendar *cal_intersect(const IrModel *ir, const IrCalendar *a, const IrCalendar *b)
{
    IrInterval whole = {ir->start, ir->end};
    const IrInterval *x = a ? a->iv : &whole, *y = b ? b->iv : &whole;
    uint32_t nx = a ? a->n : 1, ny = b ? b->n : 1;
    IrCalendar *c = tk_xalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->iv = tk_xalloc(((size_t)nx + ny + 1) * sizeof(IrInterval));
    uint32_t i = 0, j = 0, n = 0;
    while (i < nx && j < ny) {
        int64_t lo = x[i].lo > y[j].lo ? x[i].lo : y[j].lo;
        int64_t hi = x[i].hi < y[j].hi ? x[i].hi : y[j].hi;
        if (lo < hi) c->iv[n++] = (IrInterval){lo, hi};
        if (x[i].hi < y[j].hi) i++;
        else j++;
    }
    c->n = n;
    c->cum = tk_xalloc(((size_t)n + 1) * sizeof(int64_t));
    int64_t sum = 0;
    for (uint32_t k = 0; k < n; k++) {
        c->cum[k] = sum;
        int64_t len = c->iv[k].hi - c->iv[k].lo;
        sum += len;
        if (len > c->longest) c->longest = len;
    }
    c->cum[n] = sum;
    c->name = NULL;
    return c;
}

static int int_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* base narrowed by the calendars ids[0..n) (pool calendars; -1 skipped). */
static const IrCalendar *joint(PoolSt *P, const IrCalendar *base, const int32_t *ids, uint32_t n)
{
    int32_t key[2 * 8 + 1];
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (ids[i] >= 0) key[k++] = ids[i];
    if (!k) return base;
    qsort(key, k, sizeof key[0], int_cmp);
    uint32_t d = 0;
    for (uint32_t i = 0; i < k; i++)
        if (!d || key[d - 1] != key[i]) key[d++] = key[i];
    if (d == 1 && !base) return &P->ir->calendars[key[0]];
    for (uint32_t i = 0; i < P->njoints; i++) {
        const Joint *j = &P->joints[i];
        if (j->base == base && j->nids == d && memcmp(j->ids, key, d * sizeof key[0]) == 0) return j->cal;
    }
    IrCalendar *c = NULL;
    const IrCalendar *acc = base;
    for (uint32_t i = 0; i < d; i++) {
        IrCalendar *nc = cal_intersect(P->ir, acc, &P->ir->calendars[key[i]]);
        if (c) {
            tk_free(c->iv);
            tk_free(c->cum);
            tk_free(c);
        }
        acc = c = nc;
    }
    if (P->njoints == P->capjoints) {
        P->capjoints = P->capjoints ? 2 * P->capjoints : 8;
        P->joints = tk_xrealloc(P->joints, P->capjoints * sizeof(Joint));
    }
    Joint *j = &P->joints[P->njoints++];
    j->base = base;
    j->nids = d;
    memcpy(j->ids, key, d * sizeof key[0]);
    j->cal = c;
    return c;
}

/* ---- timelines -------------------------------------------------------------------- */
/* The end of the first booking of unit g that overlaps [lo, hi), or -1. */
static int64_t busy_until(const Timeline *t, int64_t lo, int64_t hi)
{
    uint32_t a = 0, b = t->n;
    while (a < b) { /* the first interval ending after lo */
        uint32_t m = a + (b - a) / 2;
        if (t->iv[m].hi <= lo) a = m + 1;
        else b = m;
    }
    return a < t->n && t->iv[a].lo < hi ? t->iv[a].hi : -1;
}

/* Books [lo, hi) on a timeline; overlapping bookings (reported work only)
 * merge into one. */
static void tl_book(Timeline *t, int64_t lo, int64_t hi)
{
    if (hi <= lo) return;
    uint32_t a = 0, b = t->n;
    while (a < b) {
        uint32_t m = a + (b - a) / 2;
        if (t->iv[m].hi < lo) a = m + 1;
        else b = m;
    }
    /* a: the first interval that ends at or after lo; merge those touching [lo, hi) */
    uint32_t e = a;
    while (e < t->n && t->iv[e].lo <= hi) {
        if (t->iv[e].lo < lo) lo = t->iv[e].lo;
        if (t->iv[e].hi > hi) hi = t->iv[e].hi;
        e++;
    }
    if (e == a) { /* insert */
        if (t->n == t->cap) {
            t->cap = t->cap ? 2 * t->cap : 8;
            t->iv = tk_xrealloc(t->iv, t->cap * sizeof(IrInterval));
        }
        memmove(&t->iv[a + 1], &t->iv[a], (t->n - a) * sizeof(IrInterval));
        t->n++;
    } else if (e > a + 1) {
        memmove(&t->iv[a + 1], &t->iv[e], (t->n - e) * sizeof(IrInterval));
        t->n -= e - a - 1;
    }
    t->iv[a] = (IrInterval){lo, hi};
}

/* ---- the kind ------------------------------------------------------------------------ */
static bool pool_used(const IrModel *ir) { return ir->npools > 0; }

static void *pool_begin(Plan *p)
{
    PoolSt *P = tk_xalloc(sizeof *P);
    memset(P, 0, sizeof *P);
    P->p = p;
    P->ir = p->ir;
    const IrModel *ir = p->ir;
    P->ubase = tk_xalloc((ir->npools + 1) * sizeof(uint32_t));
    uint32_t n = 0;
    for (uint32_t i = 0; i < ir->npools; i++) P->ubase[i] = n, n += ir->pools[i].units;
    P->ubase[ir->npools] = n;
    P->nunits = n;
    P->tl = tk_xalloc(((size_t)n + 1) * sizeof(Timeline));
    memset(P->tl, 0, ((size_t)n + 1) * sizeof(Timeline));
    plan_holds(p);
    P->off = p->hold_off;
    P->nholds = p->hold_off[p->ops.len];
    size_t nh = (size_t)p->hold_off[p->ops.len] + 1;
    P->holds = tk_xalloc(nh * sizeof(OpHold));
    for (size_t k = 0; k < nh; k++) P->holds[k] = (OpHold){-1, 0, 0};
    P->last_op = UINT32_MAX;
    return P;
}

static void pool_reset(void *st)
{
    PoolSt *P = st;
    for (uint32_t g = 0; g < P->nunits; g++) P->tl[g].n = 0;
    /* a decode books every operation afresh: one it does not book now (sent
     * to a subcontractor, say) holds nothing, whatever an earlier one gave it */
    for (uint32_t k = 0; k < P->nholds; k++) P->holds[k] = (OpHold){-1, 0, 0};
    P->last_op = UINT32_MAX;
}

static bool pool_applies(void *st, const KPlace *pl)
{
    (void)st;
    return pl->alt && pl->alt->nneeds > 0;
}

static void grow_pick(PoolSt *P, uint32_t n)
{
    if (n <= P->pick_cap) return;
    P->pick_cap = n + 16;
    P->pick = tk_xrealloc(P->pick, P->pick_cap * sizeof(uint32_t));
    P->tmp = tk_xrealloc(P->tmp, P->pick_cap * sizeof(uint32_t));
}

static void hm(char *b, size_t n, int64_t minutes)
{
    snprintf(b, n, "%lld:%02lld", (long long)(minutes / 60), (long long)(minutes % 60));
}

/* The pool chosen for need k in combination c (mixed radix, need 0 fastest). */
static const IrPoolAlt *combo_alt(const IrAlt *al, uint32_t c, uint32_t k)
{
    for (uint32_t q = 0; q < k; q++) c /= al->needs[q].nalts;
    return &al->needs[k].alts[c % al->needs[k].nalts];
}

static uint32_t ncombos(const IrAlt *al)
{
    uint32_t n = 1;
    for (uint32_t k = 0; k < al->nneeds; k++) n *= al->needs[k].nalts;
    return n;
}

/* The times of the operation from t: the setup in cs, the run in cw
 * (contiguous when it may not split). False if the horizon cannot hold it. */
static bool op_times(const PoolSt *P, const KPlace *pl, const IrCalendar *cw, const IrCalendar *cs, int64_t t,
                     int64_t *start, int64_t *se, int64_t *end)
{
    int64_t run = pl->dur - pl->setup;
    if (cs == cw || pl->setup == 0) {
        *end = cal_finish(cw, t, pl->dur, pl->split, start);
        if (*end == INT64_MAX || *end > P->ir->end) return false;
        int64_t x;
        *se = pl->setup ? cal_finish(cw, *start, pl->setup, true, &x) : *start;
        return true;
    }
    uint32_t guard = (cs ? cs->n : 1) + 2;
    for (uint32_t i = 0; i < guard; i++) {
        *se = cal_finish(cs, t, pl->setup, pl->split, start);
        if (*se == INT64_MAX || *se > P->ir->end) return false;
        if (!run) {
            *end = *se;
            return true;
        }
        int64_t rs;
        *end = cal_finish(cw, *se, run, pl->split, &rs);
        if (*end == INT64_MAX || *end > P->ir->end) return false;
        if (pl->split || rs == *se) return true;
        t = *start + 1; /* not one stretch: the setup's next stretch */
    }
    return false;
}

/* Places one combination: the earliest start >= pl->t at which its pools'
 * units are free for the holds; the units chosen in P->tmp. */
static bool place_combo(PoolSt *P, const KPlace *pl, uint32_t combo, Res *r)
{
    const IrModel *ir = P->ir;
    const IrAlt *al = pl->alt;
    int32_t wids[8], sids[16];
    uint32_t nw = 0, ns = 0;
    for (uint32_t k = 0; k < al->nneeds; k++) {
        const IrPoolAlt *pa = combo_alt(al, combo, k);
        int32_t c = ir->pools[pa->pool].calendar;
        if (al->needs[k].setup_only) sids[ns++] = c;
        else wids[nw++] = c;
    }
    const IrCalendar *cw = joint(P, pl->cal, wids, nw);
    const IrCalendar *cs = cw;
    if (ns) {
        for (uint32_t k = 0; k < nw; k++) sids[ns + k] = wids[k];
        cs = joint(P, pl->cal, sids, ns + nw);
    }
    int64_t t = pl->t;
    for (uint64_t round = 0;; round++) {
        TK_ASSERT(round < KIND_MAX_ROUNDS);
        int64_t start, se, end;
        if (!op_times(P, pl, cw, cs, t, &start, &se, &end)) {
            if (combo == 0) {
                char b1[32], b2[32];
                const IrCalendar *c = ns ? cs : cw;
                hm(b1, sizeof b1, ns ? pl->setup : pl->dur);
                hm(b2, sizeof b2, cal_work_between(c, pl->t > ir->start ? pl->t : ir->start, ir->end));
                StrBuf names = {0};
                for (uint32_t k = 0; k < al->nneeds; k++)
                    if (!ns || al->needs[k].setup_only)
                        sb_printf(&names, "%s'%s'", names.len ? ", " : "", ir->pools[combo_alt(al, 0, k)->pool].name);
                snprintf(P->why, sizeof P->why,
                         "needs %s of %s when both the machine and resource %s work, "
                         "but only %s of such time is left",
                         b1, ns ? "setup" : "work", sb_cstr(&names), b2);
                sb_free(&names);
            }
            return false;
        }
        /* the units of each need */
        uint32_t at = 0;
        int64_t next = INT64_MAX;
        for (uint32_t k = 0; k < al->nneeds; k++) {
            const IrPoolAlt *pa = combo_alt(al, combo, k);
            int64_t hi = al->needs[k].setup_only ? se : end;
            uint32_t got = 0;
            if (hi > start) {
                const IrPool *pool = &ir->pools[pa->pool];
                for (uint32_t u = 0; u < pool->units && got < pa->count; u++) {
                    int64_t b = busy_until(&P->tl[P->ubase[pa->pool] + u], start, hi);
                    if (b < 0) P->tmp[at + got++] = u;
                    else if (b < next) next = b;
                }
                if (got < pa->count) break;
            }
            for (; got < pa->count; got++) P->tmp[at + got] = UINT32_MAX; /* nothing to hold: no setup */
            at += pa->count;
            next = INT64_MAX;
        }
        if (next == INT64_MAX) {
            r->start = start;
            r->se = se;
            r->end = end;
            r->cw = cw;
            r->combo = combo;
            r->cost = 0;
            for (uint32_t k = 0; k < al->nneeds; k++) {
                const IrPoolAlt *pa = combo_alt(al, combo, k);
                r->cost += plan_hold_cost(ir, &al->needs[k], pa->pool, pa->count, pl->setup_min, pl->run_min);
            }
            return true;
        }
        t = next; /* a unit frees then: nothing earlier can hold it (the holds only grow with the start) */
    }
}

static bool pool_place(void *st, const KPlace *pl, KSlot *slot)
{
    PoolSt *P = st;
    const IrAlt *al = pl->alt;
    uint32_t units = 0;
    for (uint32_t k = 0; k < al->nneeds; k++) {
        uint32_t c = 0;
        for (uint32_t q = 0; q < al->needs[k].nalts; q++)
            if (al->needs[k].alts[q].count > c) c = al->needs[k].alts[q].count;
        units += c;
    }
    grow_pick(P, units + 1);
    uint32_t nc = ncombos(al);
    bool found = false;
    Res best;
    memset(&best, 0, sizeof best);
    P->why[0] = 0;
    for (uint32_t c = 0; c < nc; c++) {
        Res r;
        if (!place_combo(P, pl, c, &r)) continue;
        if (!found || r.start < best.start) {
            best = r;
            found = true;
            uint32_t n = 0;
            for (uint32_t k = 0; k < al->nneeds; k++) n += combo_alt(al, c, k)->count;
            memcpy(P->pick, P->tmp, n * sizeof(uint32_t));
        }
    }
    if (!found) {
        slot->why = P->why[0] ? P->why : "finds no time when the machine and its resources all work";
        P->last_op = UINT32_MAX;
        return false;
    }
    P->last_op = pl->op;
    P->last = best;
    slot->start = best.start;
    slot->setup_end = best.se;
    slot->end = best.end;
    slot->cal = best.cw;
    slot->cost = best.cost;
    slot->why = NULL;
    return true;
}

/* Takes the units in P->pick for the combination r of operation pl->op. */
static void take(PoolSt *P, const KPlace *pl, const Res *r)
{
    const IrAlt *al = pl->alt;
    OpHold *h = P->holds + P->off[pl->op];
    uint32_t slots = P->off[pl->op + 1] - P->off[pl->op], at = 0, n = 0;
    for (uint32_t k = 0; k < al->nneeds; k++) {
        const IrPoolAlt *pa = combo_alt(al, r->combo, k);
        int64_t hi = al->needs[k].setup_only ? r->se : r->end;
        for (uint32_t q = 0; q < pa->count; q++, at++) {
            uint32_t u = P->pick[at];
            if (u == UINT32_MAX || hi <= r->start) continue;
            tl_book(&P->tl[P->ubase[pa->pool] + u], r->start, hi);
            TK_ASSERT(n < slots);
            h[n++] = (OpHold){pa->pool, u, hi};
        }
    }
    for (; n < slots; n++) h[n] = (OpHold){-1, 0, 0};
}

static void pool_book(void *st, const KPlace *pl, const KSlot *slot)
{
    PoolSt *P = st;
    TK_ASSERT(P->last_op == pl->op && P->last.start == slot->start);
    take(P, pl, &P->last);
    P->last_op = UINT32_MAX;
}

/* Reported work holds what it held: the plan's units for it if it has them
 * (a decode keeps the dispatching pass's), else, for each need, its first
 * pool's lowest units free then (or, if none is, the lowest: the shop floor
 * did what it did, and verify reports the overlap). */
static void pool_book_reported(void *st, const KPlace *pl, int64_t start, int64_t setup_end, int64_t end)
{
    PoolSt *P = st;
    const IrModel *ir = P->ir;
    const IrAlt *al = pl->alt;
    const OpHold *ph = P->p->holds ? P->p->holds + P->off[pl->op] : NULL;
    uint32_t slots = P->off[pl->op + 1] - P->off[pl->op];
    if (ph && slots && ph[0].pool >= 0) {
        OpHold *h = P->holds + P->off[pl->op];
        for (uint32_t k = 0; k < slots && ph[k].pool >= 0; k++) {
            h[k] = ph[k];
            tl_book(&P->tl[P->ubase[ph[k].pool] + ph[k].unit], start, ph[k].until);
        }
        return;
    }
    const IrActual *act = P->p->ops.data[pl->op].act >= 0 ? &ir->actuals[P->p->ops.data[pl->op].act] : NULL;
    uint32_t units = 0;
    for (uint32_t k = 0; k < al->nneeds; k++) units += al->needs[k].alts[0].count;
    grow_pick(P, units + 1);
    Res r = {start, setup_end, end, NULL, 0, 0};
    /* the combination: the reported pool for each need that has one, else the first */
    uint32_t combo = 0, radix = 1;
    for (uint32_t k = 0; k < al->nneeds; k++) {
        uint32_t pick = 0;
        for (uint32_t q = 0; act && q < al->needs[k].nalts; q++)
            for (uint32_t w = 0; w < act->nwith; w++)
                if (act->with[w].pool == al->needs[k].alts[q].pool) pick = q;
        combo += pick * radix;
        radix *= al->needs[k].nalts;
    }
    r.combo = combo;
    /* the end of its setup in the working time of the setup's resources
     * too, as the operation was placed */
    int32_t ids[16];
    uint32_t nids = 0;
    for (uint32_t k = 0; k < al->nneeds && nids < 16; k++) ids[nids++] = ir->pools[combo_alt(al, combo, k)->pool].calendar;
    const IrCalendar *cs = joint(P, pl->cal, ids, nids);
    if (pl->setup > 0 && cs != pl->cal) {
        int64_t s0, se = cal_finish(cs, start, pl->setup, true, &s0);
        r.se = setup_end = se < end ? se : end;
    }
    uint32_t at = 0;
    for (uint32_t k = 0; k < al->nneeds; k++) {
        const IrPoolAlt *pa = combo_alt(al, combo, k);
        int64_t hi = al->needs[k].setup_only ? setup_end : end;
        uint32_t got = 0;
        /* reported units first */
        for (uint32_t w = 0; act && w < act->nwith && got < pa->count; w++)
            if (act->with[w].pool == pa->pool) P->pick[at + got++] = act->with[w].unit;
        const IrPool *pool = &ir->pools[pa->pool];
        for (uint32_t u = 0; u < pool->units && got < pa->count; u++) {
            bool dup = false;
            for (uint32_t q = 0; q < got; q++) dup |= P->pick[at + q] == u;
            if (!dup && busy_until(&P->tl[P->ubase[pa->pool] + u], start, hi) < 0) P->pick[at + got++] = u;
        }
        for (uint32_t u = 0; u < pool->units && got < pa->count; u++) {
            bool dup = false;
            for (uint32_t q = 0; q < got; q++) dup |= P->pick[at + q] == u;
            if (!dup) P->pick[at + got++] = u;
        }
        at += pa->count;
    }
    take(P, pl, &r);
}

static void pool_end(void *st, Plan *p)
{
    PoolSt *P = st;
    memcpy(plan_holds(p), P->holds, (size_t)p->hold_off[p->ops.len] * sizeof(OpHold));
}

static void pool_free(void *st)
{
    PoolSt *P = st;
    for (uint32_t g = 0; g < P->nunits; g++) tk_free(P->tl[g].iv);
    tk_free(P->tl);
    tk_free(P->ubase);
    for (uint32_t i = 0; i < P->njoints; i++) {
        tk_free(P->joints[i].cal->iv);
        tk_free(P->joints[i].cal->cum);
        tk_free(P->joints[i].cal);
    }
    tk_free(P->joints);
    tk_free(P->holds);
    tk_free(P->pick);
    tk_free(P->tmp);
    tk_free(P);
}

const KindOps kind_pool = {
    "resource", pool_used, pool_begin, pool_reset, pool_applies, pool_place, pool_book, pool_book_reported,
    pool_end, pool_free,
};
