/* verify_pool.c: resources in a plan, checked against the model (docs/verify.md,
 * docs/planning.md "Resources"). Its own code, apart from the planner's
 * (kind_pool.c): it reads each operation's `uses` (POOL:UNIT, unit from 1)
 * and holds them to the rules —
 *   - each need of the operation's step on its machine is met by units of
 *     one of its pools, as many as that pool alternative asks, and nothing
 *     else is held (E0629);
 *   - a unit exists, and is held by one operation at a time: for the whole
 *     operation, or, for a setup-only need, from its start to the end of
 *     its setup (E0627);
 *   - a resource works when it is held: the operation starts in the working
 *     time of its machine and of every resource it holds, its work is
 *     counted in the time they all work (the setup also in the working time
 *     of the resources held for it), and an operation that may not split
 *     lies in one stretch of it (E0628, and E0606 in verify.c through work()).
 * Operations the actuals report are where they happened: only their units'
 * overlaps with planned work are checked. A schedule CSV without the
 * resources column says nothing about resources: nothing is checked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_kind.h"

typedef struct VUse {
    int32_t pool;
    uint32_t unit;    /* from 0 */
} VUse;

TK_VEC(VUseVec, VUse);

typedef struct PoolCal {
    const IrCalendar *base;
    int32_t ids[24];
    uint32_t n;
    IrCalendar *cal;
} PoolCal;

typedef struct VP {
    const IrModel *ir;
    const PlanFile *pf;
    Diags *d;
    NameIndex pools;
    uint32_t *off;    /* per op: its uses, use[off[i] .. off[i + 1]) */
    VUse *use;
    bool *bad;        /* per op: its uses could not be read */
    TK_VEC_OF(PoolCal) cals;
    bool skip;        /* a CSV without the resources column */
} VP;

static bool vp_used(const IrModel *ir) { return ir->npools > 0; }

/* POOL:UNIT[,POOL:UNIT...] (or separated by spaces, as the CSV has them) */
static bool parse_uses(VP *P, const PfOp *o, VUseVec *out)
{
    const char *s = o->uses;
    while (*s) {
        while (*s == ',' || *s == ' ') s++;
        if (!*s) break;
        const char *colon = NULL, *e = s;
        while (*e && *e != ',' && *e != ' ') {
            if (*e == ':') colon = e;
            e++;
        }
        if (!colon || colon == s || colon + 1 == e) {
            Diag *g = diag_error(P->d, o->uses_span, DIAG_PLAN_UNREADABLE, "'%.*s' is not a resource unit",
                                 (int)(e - s > 60 ? 60 : e - s), s);
            diag_hint(g, "resource units are written POOL:UNIT, e.g. fitter:2");
            return false;
        }
        char name[256];
        size_t nl = (size_t)(colon - s);
        if (nl >= sizeof name) nl = sizeof name - 1;
        memcpy(name, s, nl);
        name[nl] = 0;
        int32_t pool = nameindex_find(&P->pools, name);
        if (pool < 0) {
            diag_error(P->d, o->uses_span, DIAG_PLAN_UNKNOWN, "resource '%s' is not in the model", name);
            return false;
        }
        char *end;
        long u = strtol(colon + 1, &end, 10);
        if (end != e || u < 1 || (uint64_t)u > P->ir->pools[pool].units) {
            Diag *g = diag_error(P->d, o->uses_span, DIAG_POOL_NEED, "resource '%s' has %u unit%s; there is no unit %.*s",
                                 name, P->ir->pools[pool].units, P->ir->pools[pool].units == 1 ? "" : "s",
                                 (int)(e - colon - 1 > 20 ? 20 : e - colon - 1), colon + 1);
            diag_note(g, P->ir->pools[pool].span, "the resource");
            return false;
        }
        VUse v = {pool, (uint32_t)u - 1};
        vec_push(out, v);
        s = e;
    }
    return true;
}

static void *vp_begin(const IrModel *ir, const PlanFile *pf, Diags *d)
{
    VP *P = tk_xalloc(sizeof *P);
    memset(P, 0, sizeof *P);
    P->ir = ir;
    P->pf = pf;
    P->d = d;
    P->skip = pf->csv && !pf->csv_uses;
    nameindex_init(&P->pools);
    for (uint32_t i = 0; i < ir->npools; i++) nameindex_add(&P->pools, ir->pools[i].name, (int32_t)i);
    uint32_t n = pf->ops.len;
    P->off = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    P->bad = tk_xalloc((size_t)n + 1);
    memset(P->bad, 0, (size_t)n + 1);
    VUseVec all = {0};
    for (uint32_t i = 0; i < n; i++) {
        P->off[i] = all.len;
        const PfOp *o = &pf->ops.data[i];
        if (!P->skip && o->uses && !parse_uses(P, o, &all)) {
            all.len = P->off[i];
            P->bad[i] = true;
        }
    }
    P->off[n] = all.len;
    P->use = all.data;
    return P;
}

/* ---- working time ------------------------------------------------------------------- */
static IrCalendar *intersect(const IrModel *ir, const IrCalendar *a, const IrCalendar *b)
{
    IrInterval all = {ir->start, ir->end};
    const IrInterval *x = a ? a->iv : &all, *y = b ? b->iv : &all;
    uint32_t nx = a ? a->n : 1, ny = b ? b->n : 1, i = 0, j = 0, n = 0;
    IrCalendar *c = tk_xalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->iv = tk_xalloc(((size_t)nx + ny + 1) * sizeof(IrInterval));
    while (i < nx && j < ny) {
        IrInterval v = {x[i].lo > y[j].lo ? x[i].lo : y[j].lo, x[i].hi < y[j].hi ? x[i].hi : y[j].hi};
        if (v.lo < v.hi) c->iv[n++] = v;
        if (x[i].hi < y[j].hi) i++;
        else j++;
    }
    c->n = n;
    c->cum = tk_xalloc(((size_t)n + 1) * sizeof(int64_t));
    for (uint32_t k = 0; k < n; k++) {
        c->cum[k + 1] = c->cum[k] + (c->iv[k].hi - c->iv[k].lo);
        if (c->iv[k].hi - c->iv[k].lo > c->longest) c->longest = c->iv[k].hi - c->iv[k].lo;
    }
    return c;
}

/* cal narrowed by the calendars of the pools held (for the setup too if setup) */
static const IrCalendar *held_cal(VP *P, uint32_t i, const IrAlt *al, const IrCalendar *cal, bool setup)
{
    int32_t ids[24];
    uint32_t n = 0;
    for (uint32_t k = P->off[i]; k < P->off[i + 1] && n < 24; k++) {
        int32_t pool = P->use[k].pool;
        bool setup_only = false;
        for (uint32_t q = 0; q < al->nneeds; q++)
            for (uint32_t a = 0; a < al->needs[q].nalts; a++)
                if (al->needs[q].alts[a].pool == pool) setup_only = al->needs[q].setup_only;
        if (setup_only && !setup) continue;
        int32_t c = P->ir->pools[pool].calendar;
        if (c < 0) continue;
        bool dup = false;
        for (uint32_t q = 0; q < n; q++) dup |= ids[q] == c;
        if (!dup) ids[n++] = c;
    }
    if (!n) return cal;
    for (uint32_t a = 1; a < n; a++) /* sorted: one key for one set */
        for (uint32_t b = a; b > 0 && ids[b - 1] > ids[b]; b--) {
            int32_t t = ids[b];
            ids[b] = ids[b - 1];
            ids[b - 1] = t;
        }
    for (uint32_t k = 0; k < P->cals.len; k++) {
        const PoolCal *c = &P->cals.data[k];
        if (c->base == cal && c->n == n && memcmp(c->ids, ids, n * sizeof ids[0]) == 0) return c->cal;
    }
    PoolCal vc = {cal, {0}, n, NULL};
    memcpy(vc.ids, ids, n * sizeof ids[0]);
    IrCalendar *acc = NULL;
    const IrCalendar *from = cal;
    for (uint32_t k = 0; k < n; k++) {
        IrCalendar *next = intersect(P->ir, from, &P->ir->calendars[ids[k]]);
        if (acc) {
            tk_free(acc->iv);
            tk_free(acc->cum);
            tk_free(acc);
        }
        from = acc = next;
    }
    vc.cal = acc;
    vec_push(&P->cals, vc);
    return acc;
}

static bool has_setup_only(VP *P, uint32_t i, const IrAlt *al)
{
    for (uint32_t k = P->off[i]; k < P->off[i + 1]; k++)
        for (uint32_t q = 0; q < al->nneeds; q++)
            if (al->needs[q].setup_only)
                for (uint32_t a = 0; a < al->needs[q].nalts; a++)
                    if (al->needs[q].alts[a].pool == P->use[k].pool) return true;
    return false;
}

/* When setup minutes of work in cal, from start, are done; INT64_MAX if never. */
static int64_t setup_done(const IrCalendar *cal, int64_t start, int64_t setup)
{
    if (setup <= 0) return start;
    int64_t s0;
    return cal_finish(cal, start, setup, true, &s0);
}

static int64_t vp_work(void *st, uint32_t i, const IrAlt *al, const IrCalendar *cal, int64_t setup)
{
    VP *P = st;
    if (P->skip || P->bad[i] || P->off[i] == P->off[i + 1]) return -1;
    const PfOp *o = &P->pf->ops.data[i];
    const IrCalendar *cw = held_cal(P, i, al, cal, false);
    if (!has_setup_only(P, i, al) || setup <= 0) {
        if (cw == cal) return -1;
        return cw ? cal_work_between(cw, o->start, o->end) : o->end - o->start;
    }
    const IrCalendar *cs = held_cal(P, i, al, cal, true);
    int64_t se = setup_done(cs, o->start, setup);
    if (se >= o->end) return cs ? cal_work_between(cs, o->start, o->end) : o->end - o->start;
    return setup + (cw ? cal_work_between(cw, se, o->end) : o->end - se);
}

/* ---- the checks ------------------------------------------------------------------------ */
typedef struct Hold {
    uint32_t unit;    /* global: the pool's first unit plus the unit */
    int64_t lo, hi;
    uint32_t op;
} Hold;

static int hold_cmp(const void *a, const void *b)
{
    const Hold *x = a, *y = b;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    if (x->hi != y->hi) return x->hi < y->hi ? -1 : 1;
    return x->op < y->op ? -1 : x->op > y->op;
}

static bool works_at(const IrCalendar *c, int64_t t)
{
    if (!c) return true;
    uint32_t lo = 0, hi = c->n;
    while (lo < hi) {
        uint32_t m = lo + (hi - lo) / 2;
        if (c->iv[m].hi <= t) lo = m + 1;
        else hi = m;
    }
    return lo < c->n && c->iv[lo].lo <= t;
}

/* The needs of op i met by its uses (E0629). */
static void check_needs(VP *P, const VOps *x, uint32_t i, const IrAlt *al)
{
    const IrModel *ir = P->ir;
    const PfOp *o = &P->pf->ops.data[i];
    uint32_t nu = P->off[i + 1] - P->off[i];
    const VUse *u = nu ? P->use + P->off[i] : NULL; /* none: maybe no array at all */
    for (uint32_t k = 0; k < nu; k++) {
        bool wanted = false;
        for (uint32_t q = 0; q < al->nneeds && !wanted; q++)
            for (uint32_t a = 0; a < al->needs[q].nalts; a++) wanted |= al->needs[q].alts[a].pool == u[k].pool;
        for (uint32_t q = 0; q < k; q++)
            if (u[q].pool == u[k].pool && u[q].unit == u[k].unit) {
                diag_error(P->d, o->uses_span, DIAG_POOL_NEED, "'%s' %s holds %s:%u twice", o->wo, o->step,
                           ir->pools[u[k].pool].name, u[k].unit + 1);
                return;
            }
        if (!wanted) {
            diag_error(P->d, o->uses_span, DIAG_POOL_NEED, "'%s' %s holds resource '%s', which its step does not need on '%s'",
                       o->wo, o->step, ir->pools[u[k].pool].name, ir->machines[x->machine[i]].name);
            return;
        }
    }
    /* an operation that takes no time (no setup and no run) occupies
     * nothing, its resources as little as its unit (docs/planning.md) */
    if (x->work[i].known && plan_work_minutes(x->work[i].setup + x->work[i].run) == 0 && o->end == o->start) return;
    for (uint32_t q = 0; q < al->nneeds; q++) {
        const IrNeed *nd = &al->needs[q];
        if (nd->setup_only && x->setup[i] == 0) continue; /* no setup: nothing to hold */
        int32_t pool = -1;
        uint32_t got = 0, want = 0;
        bool mixed = false;
        for (uint32_t a = 0; a < nd->nalts; a++)
            for (uint32_t k = 0; k < nu; k++)
                if (u[k].pool == nd->alts[a].pool) {
                    if (pool >= 0 && pool != u[k].pool) mixed = true;
                    pool = u[k].pool;
                    want = nd->alts[a].count;
                    got++;
                }
        if (!mixed && pool >= 0 && got == want) continue;
        StrBuf b = {0};
        for (uint32_t a = 0; a < nd->nalts; a++)
            sb_printf(&b, "%s%u of '%s'", a ? (a + 1 == nd->nalts ? " or " : ", ") : "", nd->alts[a].count,
                      ir->pools[nd->alts[a].pool].name);
        Diag *g = diag_error(P->d, o->uses_span, DIAG_POOL_NEED, "'%s' %s on '%s' needs %s%s, but holds %s", o->wo,
                             o->step, ir->machines[x->machine[i]].name, sb_cstr(&b), nd->setup_only ? " for its setup" : "",
                             mixed ? "units of more than one of them" : got ? "another number of units" : "none");
        diag_hint(g, "one need is met by units of one of its resources, as many as the routing says");
        sb_free(&b);
    }
}

/* The cost of what operation i holds (docs/planning.md, "Resources"): per
 * need of its step, the units of the resource it holds for it (the first
 * of the need's resources if it holds none of them), for its setup and run,
 * or its setup alone, at the resource's rate. */
static void add_hold_cost(const VP *P, const VOps *x, uint32_t i, const IrAlt *al)
{
    const IrModel *ir = P->ir;
    VOpWork *w = &x->work[i];
    for (uint32_t q = 0; q < al->nneeds; q++) {
        const IrNeed *nd = &al->needs[q];
        const IrPoolAlt *pa = &nd->alts[0];
        for (uint32_t a = 0; a < nd->nalts; a++)
            for (uint32_t k = P->off[i]; k < P->off[i + 1]; k++)
                if (P->use[k].pool == nd->alts[a].pool) pa = &nd->alts[a];
        double minutes = nd->setup_only ? w->setup : w->setup + w->run;
        w->cost += ir->pools[pa->pool].cost_rate * minutes * pa->count;
    }
}

static void vp_check(void *st, const VOps *x)
{
    VP *P = st;
    if (P->skip) return;
    const IrModel *ir = P->ir;
    const PlanFile *pf = P->pf;
    uint32_t *base = tk_xalloc((ir->npools + 1) * sizeof(uint32_t));
    for (uint32_t k = 0, n = 0; k <= ir->npools; k++) {
        base[k] = n;
        if (k < ir->npools) n += ir->pools[k].units;
    }
    TK_VEC_OF(Hold) holds = {0};
    for (uint32_t i = 0; i < pf->ops.len; i++) {
        const PfOp *o = &pf->ops.data[i];
        if (P->bad[i]) {
            x->work[i].known = false; /* what it holds, and so its cost, is not known */
            continue;
        }
        const IrAlt *al = NULL;
        if (x->machine[i] >= 0 && x->step[i] >= 0) {
            const IrStep *sp = &ir->products[x->product[i]].steps[x->step[i]];
            for (uint32_t a = 0; a < sp->nalts; a++)
                if (sp->alts[a].machine == x->machine[i]) al = &sp->alts[a];
        }
        if (al && !x->actual[i] && x->setup[i] >= 0) check_needs(P, x, i, al);
        if (al && x->work[i].known) add_hold_cost(P, x, i, al);
        /* the holds, and the working time of the resources */
        const IrMachine *mc = al ? &ir->machines[x->machine[i]] : NULL;
        const IrCalendar *mcal = mc && mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
        int64_t se = o->end;
        bool setup_part = al && has_setup_only(P, i, al);
        if (setup_part) {
            int64_t setup = x->setup[i];
            if (setup < 0) setup = o->setup >= 0 ? (int64_t)ceil(o->setup - 1e-9) : -1;
            /* a schedule CSV of a component says no setup: a unit it names is
             * held at least at its start */
            se = setup < 0 ? o->start + 1 : setup_done(held_cal(P, i, al, mcal, true), o->start, setup);
            if (se > o->end) se = o->end;
        }
        bool closed_reported = false;
        for (uint32_t k = P->off[i]; k < P->off[i + 1]; k++) {
            const VUse *u = &P->use[k];
            bool setup_only = false;
            for (uint32_t q = 0; al && q < al->nneeds; q++)
                for (uint32_t a = 0; a < al->needs[q].nalts; a++)
                    if (al->needs[q].alts[a].pool == u->pool) setup_only = al->needs[q].setup_only;
            int64_t hi = setup_only ? se : o->end;
            if (hi > o->start) vec_push(&holds, ((Hold){base[u->pool] + u->unit, o->start, hi, i}));
            const IrPool *pool = &ir->pools[u->pool];
            if (!al || x->actual[i] || closed_reported || hi <= o->start || pool->calendar < 0) continue;
            const IrCalendar *pc = &ir->calendars[pool->calendar];
            char b1[32];
            fmt_datetime_sp(b1, sizeof b1, o->start);
            if (!works_at(pc, o->start)) {
                Diag *g = diag_error(P->d, o->span, DIAG_POOL_CLOSED, "'%s' %s starts at %s, when resource '%s' does not work",
                                     o->wo, o->step, b1, pool->name);
                diag_note(g, pool->span, "the resource and its calendar");
                closed_reported = true;
            } else if (!mc->split) {
                /* one stretch of the working time it holds */
                const IrCalendar *c = held_cal(P, i, al, mcal, setup_only);
                if (cal_work_between(c, o->start, hi) != hi - o->start) {
                    Diag *g = diag_error(P->d, o->span, DIAG_POOL_CLOSED,
                                         "'%s' %s pauses while resource '%s' does not work, and '%s' does not split operations",
                                         o->wo, o->step, pool->name, mc->name);
                    diag_note(g, pool->span, "the resource and its calendar");
                    closed_reported = true;
                }
            }
        }
    }
    if (holds.len > 1) qsort(holds.data, holds.len, sizeof(Hold), hold_cmp); /* none: no array at all */
    /* one operation at a time on each unit: each against the one before it that ends last */
    uint32_t last = UINT32_MAX;
    for (uint32_t k = 0; k < holds.len; k++) {
        const Hold *h = &holds.data[k];
        if (last != UINT32_MAX && holds.data[last].unit != h->unit) last = UINT32_MAX;
        if (last != UINT32_MAX && h->lo < holds.data[last].hi && !(x->actual[h->op] && x->actual[holds.data[last].op])) {
            const PfOp *o = &pf->ops.data[h->op], *q = &pf->ops.data[holds.data[last].op];
            int32_t pool = 0;
            while ((uint32_t)pool + 1 < ir->npools && base[pool + 1] <= h->unit) pool++;
            char b1[32];
            fmt_datetime_sp(b1, sizeof b1, holds.data[last].hi);
            Diag *g = diag_error(P->d, o->uses_span, DIAG_POOL_OVERBOOKED,
                                 "'%s' %s holds %s:%u before the operation holding it releases it (%s)", o->wo, o->step,
                                 ir->pools[pool].name, h->unit - base[pool] + 1, b1);
            diag_note(g, q->span, "the operation holding it");
        }
        if (last == UINT32_MAX || h->hi > holds.data[last].hi) last = k;
    }
    vec_free(&holds);
    tk_free(base);
}

static void vp_free(void *st)
{
    VP *P = st;
    nameindex_free(&P->pools);
    tk_free(P->off);
    tk_free(P->use);
    tk_free(P->bad);
    for (uint32_t k = 0; k < P->cals.len; k++) {
        tk_free(P->cals.data[k].cal->iv);
        tk_free(P->cals.data[k].cal->cum);
        tk_free(P->cals.data[k].cal);
    }
    vec_free(&P->cals);
    tk_free(P);
}

const VerifyKind verify_pool = {"resource", vp_used, vp_begin, vp_work, vp_check, vp_free};
