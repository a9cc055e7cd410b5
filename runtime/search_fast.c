/* search_fast.c: the tabu search for plans whose schedule is the longest
 * path of their disjunctive graph (docs/search.md).
 *
 * When machines are always open, setups do not depend on the sequence and
 * the objective is the makespan, the schedule of a solution is its graph's
 * longest path: an operation starts at its head r (the longest path to it)
 * and the makespan is the longest r + d + q, q being the tail after it. A
 * move's effect on the makespan can then be estimated from the heads and
 * tails of the few operations it moves, without scheduling the plan again
 * (Balas and Vazacopoulos; Zhang et al.), so the search tries thousands of
 * moves a second per core.
 *
 * The neighbourhood (N7 of Zhang et al., with reassignment for flexible
 * shops in the manner of Mastrolilli and Gambardella):
 *   - within a critical block, an operation moved to the front or the back
 *     of the block, and the first or last moved into its inside;
 *   - a critical operation moved to another unit, or to another machine it
 *     can run on, at the position of that unit's sequence where the longest
 *     path through it is shortest.
 * Each move is estimated; the best one that is not tabu is made (a tabu
 * one if it promises better than the best so far), the heads and tails are
 * computed again, and the move's reverse is tabu for a while. After a long
 * stretch without a new best, the search goes back to the best solution
 * and shakes it with a few random moves. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"
#include "search_impl.h"

enum { FM_FWD, FM_BWD, FM_UNIT };

typedef struct FMove {
    uint8_t kind;      /* FWD: a goes right after b; BWD: a goes right before b;
                        * UNIT: a goes to unit g (alternative alt) after b (-1: first) */
    int32_t a, b;
    int32_t g, alt;
    int64_t est;       /* the estimated makespan after it */
} FMove;

typedef struct Fast {
    const Graph *G;
    uint32_t n;
    int64_t *dalt;     /* duration per alternative */
    int64_t *d, *r, *q, *jh, *jt;
    int32_t *topo, *indeg;
    int64_t C;
    int32_t *path;
    uint8_t *path_unit; /* path[k] follows path[k-1] on its unit */
    uint32_t plen;
    int32_t *seg;      /* scratch: a block's new order */
    int64_t *sr;
    FMove *mv;
    uint32_t nmv, cap;
    /* incremental update after a move: topo is kept a topological order
     * (pos its inverse) by the method of Pearce and Kelly, and the heads and
     * tails that change are found from the moved operation's neighbours */
    int32_t *pos;
    int32_t *sinks;    /* operations without job successors: the makespan is theirs */
    uint32_t nsinks;
    uint32_t *seen, stamp;
    int32_t *fwd, *bwd, *stack;
    uint64_t *slots;
} Fast;

static int64_t alt_duration(const SAlt *a)
{
    double x = ceil(a->setup + a->run - EPS);
    return x > 0 ? (int64_t)x : 0;
}

bool fast_applies(const Graph *G)
{
    const IrModel *ir = G->ir;
    if (ir->npools) return false; /* resources: the longest path is not the schedule */
    if (window_used(ir)) return false; /* time windows: nor with windows */
    if (batch_used(ir)) return false;  /* nor with cycles of batch machines */
    if (overlap_used(ir)) return false; /* nor with transfer lots */
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        const IrMachine *mc = &ir->machines[m];
        if (mc->calendar >= 0 || mc->setup_fn >= 0 || mc->nsetup_by > 0) return false;
    }
    for (uint32_t i = 0; i < G->n; i++)
        for (uint32_t a = 0; a < G->nodes[i].nalts; a++)
            if (alt_duration(&G->alts[G->nodes[i].alt_off + a]) <= 0) return false;
    if (ir->objective_fn < 0) return true;
    if (ir->nobjectives > 1) return false; /* levels: the general search compares them */
    /* an objective of the makespan alone, growing with it */
    const IrFunc *f = &ir->funcs[ir->objective_fn];
    if (f->vars & ~(1ull << RV_PLAN_MAKESPAN) || ir->nmeasures) return false;
    Engine *e = engine_interp_new(ir);
    RuleEnv env;
    memset(&env, 0, sizeof env);
    for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
    bool grows = true;
    double last = -INFINITY;
    for (double x = 0; x <= (double)(ir->end - ir->start) && grows; x = x * 2 + 1) {
        env.var[RV_PLAN_MAKESPAN] = x;
        double v = e->eval(e, ir->objective_fn, &env);
        if (!(v > last)) grows = false;
        last = v;
    }
    e->free(e);
    return grows;
}

static Fast *fast_new(const Graph *G)
{
    Fast *F = tk_xalloc(sizeof *F);
    memset(F, 0, sizeof *F);
    F->G = G;
    F->n = G->n;
    size_t n = G->n + 1;
    uint32_t nalts = 0;
    for (uint32_t i = 0; i < G->n; i++) nalts += G->nodes[i].nalts;
    F->dalt = tk_xalloc((nalts + 1) * sizeof(int64_t));
    for (uint32_t k = 0; k < nalts; k++) F->dalt[k] = alt_duration(&G->alts[k]);
    F->d = tk_xalloc(n * sizeof(int64_t));
    F->r = tk_xalloc(n * sizeof(int64_t));
    F->q = tk_xalloc(n * sizeof(int64_t));
    F->jh = tk_xalloc(n * sizeof(int64_t));
    F->jt = tk_xalloc(n * sizeof(int64_t));
    F->topo = tk_xalloc(n * sizeof(int32_t));
    F->indeg = tk_xalloc(n * sizeof(int32_t));
    F->path = tk_xalloc(n * sizeof(int32_t));
    F->path_unit = tk_xalloc(n);
    F->seg = tk_xalloc(n * sizeof(int32_t));
    F->sr = tk_xalloc(n * sizeof(int64_t));
    F->cap = 1024;
    F->mv = tk_xalloc(F->cap * sizeof(FMove));
    F->pos = tk_xalloc(n * sizeof(int32_t));
    F->sinks = tk_xalloc(n * sizeof(int32_t));
    for (uint32_t i = 0; i < G->n; i++)
        if (!G->nodes[i].nsucc) F->sinks[F->nsinks++] = (int32_t)i;
    F->seen = tk_xalloc(n * sizeof(uint32_t));
    memset(F->seen, 0, n * sizeof(uint32_t));
    F->fwd = tk_xalloc(n * sizeof(int32_t));
    F->bwd = tk_xalloc(n * sizeof(int32_t));
    F->stack = tk_xalloc(n * sizeof(int32_t));
    F->slots = tk_xalloc(2 * n * sizeof(uint64_t));
    return F;
}

static void fast_free(Fast *F)
{
    tk_free(F->dalt);
    tk_free(F->d);
    tk_free(F->r);
    tk_free(F->q);
    tk_free(F->jh);
    tk_free(F->jt);
    tk_free(F->topo);
    tk_free(F->indeg);
    tk_free(F->path);
    tk_free(F->path_unit);
    tk_free(F->seg);
    tk_free(F->sr);
    tk_free(F->mv);
    tk_free(F->pos);
    tk_free(F->sinks);
    tk_free(F->seen);
    tk_free(F->fwd);
    tk_free(F->bwd);
    tk_free(F->stack);
    tk_free(F->slots);
    tk_free(F);
}

/* The head of operation i from its predecessors' (jh: from its job
 * predecessors alone). */
static inline int64_t head_of(Fast *F, const Sol *s, uint32_t i)
{
    const Graph *G = F->G;
    const SNode *nd = &G->nodes[i];
    int64_t h = nd->release;
    for (uint32_t k = 0; k < nd->npred; k++) {
        int32_t p = G->pred[nd->pred_off + k];
        int64_t t = F->r[p] + F->d[p] + G->lag[nd->pred_off + k];
        if (t > h) h = t;
    }
    F->jh[i] = h;
    int32_t mp = s->prev[i];
    if (mp >= 0 && F->r[mp] + F->d[mp] > h) h = F->r[mp] + F->d[mp];
    return h;
}

/* The tail of operation i from its successors' (jt: job successors alone). */
static inline int64_t tail_of(Fast *F, const Sol *s, uint32_t i)
{
    const Graph *G = F->G;
    const SNode *nd = &G->nodes[i];
    int64_t t = 0;
    for (uint32_t j = 0; j < nd->nsucc; j++) {
        int32_t sc = G->succ[nd->succ_off + j];
        int64_t x = G->slag[nd->succ_off + j] + F->d[sc] + F->q[sc];
        if (x > t) t = x;
    }
    F->jt[i] = t;
    int32_t ms = s->next[i];
    if (ms >= 0 && F->d[ms] + F->q[ms] > t) t = F->d[ms] + F->q[ms];
    return t;
}

/* Heads in topological order; false if the solution has a cycle. */
static bool heads(Fast *F, const Sol *s)
{
    const Graph *G = F->G;
    uint32_t n = F->n, qh = 0, qt = 0;
    for (uint32_t i = 0; i < n; i++) {
        F->d[i] = F->dalt[G->nodes[i].alt_off + (uint32_t)s->alt[i]];
        F->indeg[i] = (int32_t)G->nodes[i].npred + (s->prev[i] >= 0);
        if (!F->indeg[i]) F->topo[qt++] = (int32_t)i;
    }
    int64_t C = G->ir->start;
    while (qh < qt) {
        uint32_t i = (uint32_t)F->topo[qh++];
        const SNode *nd = &G->nodes[i];
        int64_t h = head_of(F, s, i);
        F->r[i] = h;
        if (h + F->d[i] > C) C = h + F->d[i];
        for (uint32_t k = 0; k < nd->nsucc; k++) {
            int32_t sc = G->succ[nd->succ_off + k];
            if (--F->indeg[sc] == 0) F->topo[qt++] = sc;
        }
        int32_t ms = s->next[i];
        if (ms >= 0 && --F->indeg[ms] == 0) F->topo[qt++] = ms;
    }
    F->C = C;
    for (uint32_t k = 0; k < qt; k++) F->pos[F->topo[k]] = (int32_t)k;
    return qt == n;
}

static void tails(Fast *F, const Sol *s)
{
    for (uint32_t k = F->n; k-- > 0;) {
        uint32_t i = (uint32_t)F->topo[k];
        F->q[i] = tail_of(F, s, i);
    }
}


/* ---- incremental update ----------------------------------------------------------------- */
static uint32_t next_stamp(Fast *F)
{
    if (++F->stamp == 0) {
        memset(F->seen, 0, F->n * sizeof(uint32_t));
        F->stamp = 1;
    }
    return F->stamp;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts nodes v[0..n) by topological position, through keys (scratch). */
static void sort_by_pos(const Fast *F, int32_t *v, uint32_t n, uint64_t *keys)
{
    for (uint32_t k = 0; k < n; k++) keys[k] = (uint64_t)(uint32_t)F->pos[v[k]] << 32 | (uint32_t)v[k];
    qsort(keys, n, sizeof(uint64_t), by_u64);
    for (uint32_t k = 0; k < n; k++) v[k] = (int32_t)(uint32_t)keys[k];
}

/* The arc x -> y has been added (the arc sx -> sy, also new, is ignored for
 * now). Restores the topological order; false if the arc closes a cycle. */
static bool order_add_arc(Fast *F, const Sol *s, int32_t x, int32_t y, int32_t sx, int32_t sy)
{
    if (x < 0 || y < 0 || F->pos[x] < F->pos[y]) return true;
    const Graph *G = F->G;
    int32_t ub = F->pos[x], lb = F->pos[y];
    uint32_t st = next_stamp(F), nf = 0, nb = 0, sp = 0;
    /* forward from y, among the operations before x */
    F->stack[sp++] = y;
    F->seen[y] = st;
    while (sp) {
        int32_t w = F->stack[--sp];
        F->fwd[nf++] = w;
        const SNode *nd = &G->nodes[w];
        for (uint32_t k = 0; k <= nd->nsucc; k++) {
            int32_t v = k < nd->nsucc ? G->succ[nd->succ_off + k] : s->next[w];
            if (v < 0 || (w == sx && v == sy)) continue;
            if (v == x) return false;
            if (F->seen[v] != st && F->pos[v] < ub) {
                F->seen[v] = st;
                F->stack[sp++] = v;
            }
        }
    }
    /* backward from x, among the operations after y */
    F->stack[sp++] = x;
    F->seen[x] = st;
    while (sp) {
        int32_t w = F->stack[--sp];
        F->bwd[nb++] = w;
        const SNode *nd = &G->nodes[w];
        for (uint32_t k = 0; k <= nd->npred; k++) {
            int32_t v = k < nd->npred ? G->pred[nd->pred_off + k] : s->prev[w];
            if (v < 0 || (v == sx && w == sy)) continue;
            if (F->seen[v] != st && F->pos[v] > lb) {
                F->seen[v] = st;
                F->stack[sp++] = v;
            }
        }
    }
    /* the backward set, then the forward set, into the places they held */
    sort_by_pos(F, F->fwd, nf, F->slots);
    sort_by_pos(F, F->bwd, nb, F->slots);
    uint32_t ns = 0;
    for (uint32_t k = 0; k < nb; k++) F->slots[ns++] = (uint32_t)F->pos[F->bwd[k]];
    for (uint32_t k = 0; k < nf; k++) F->slots[ns++] = (uint32_t)F->pos[F->fwd[k]];
    qsort(F->slots, ns, sizeof(uint64_t), by_u64);
    ns = 0;
    for (uint32_t k = 0; k < nb; k++) F->topo[F->slots[ns]] = F->bwd[k], F->pos[F->bwd[k]] = (int32_t)F->slots[ns++];
    for (uint32_t k = 0; k < nf; k++) F->topo[F->slots[ns]] = F->fwd[k], F->pos[F->fwd[k]] = (int32_t)F->slots[ns++];
    return true;
}

static void mark(Fast *F, int32_t v, uint32_t st)
{
    if (v >= 0) F->seen[v] = st;
}

/* Heads after operation a was moved: seeds are a and the operations whose
 * unit predecessor changed. */
static void heads_update(Fast *F, const Sol *s, const int32_t *seed, uint32_t nseed, int32_t force)
{
    const Graph *G = F->G;
    uint32_t st = next_stamp(F);
    int32_t from = (int32_t)F->n;
    for (uint32_t k = 0; k < nseed; k++)
        if (seed[k] >= 0) {
            mark(F, seed[k], st);
            if (F->pos[seed[k]] < from) from = F->pos[seed[k]];
        }
    /* a sweep in topological order from the first seed, over what changed */
    for (uint32_t x = (uint32_t)from; x < F->n; x++) {
        int32_t i = F->topo[x];
        if (F->seen[i] != st) continue;
        const SNode *nd = &G->nodes[i];
        int64_t h = head_of(F, s, (uint32_t)i);
        if (h == F->r[i] && i != force) continue;
        F->r[i] = h;
        for (uint32_t k = 0; k < nd->nsucc; k++) F->seen[G->succ[nd->succ_off + k]] = st;
        mark(F, s->next[i], st);
    }
    int64_t C = G->ir->start;
    for (uint32_t k = 0; k < F->nsinks; k++) {
        int32_t i = F->sinks[k];
        if (F->r[i] + F->d[i] > C) C = F->r[i] + F->d[i];
    }
    F->C = C;
}

static void tails_update(Fast *F, const Sol *s, const int32_t *seed, uint32_t nseed, int32_t force)
{
    const Graph *G = F->G;
    uint32_t st = next_stamp(F);
    int32_t from = -1;
    for (uint32_t k = 0; k < nseed; k++)
        if (seed[k] >= 0) {
            mark(F, seed[k], st);
            if (F->pos[seed[k]] > from) from = F->pos[seed[k]];
        }
    for (int32_t x = from; x >= 0; x--) {
        int32_t i = F->topo[x];
        if (F->seen[i] != st) continue;
        const SNode *nd = &G->nodes[i];
        int64_t t = tail_of(F, s, (uint32_t)i);
        if (t == F->q[i] && i != force) continue;
        F->q[i] = t;
        for (uint32_t k = 0; k < nd->npred; k++) F->seen[G->pred[nd->pred_off + k]] = st;
        mark(F, s->prev[i], st);
    }
}

/* One critical path, chosen at random where several meet. */
static void critical_path(Fast *F, const Sol *s, Rng *rng)
{
    const Graph *G = F->G;
    int32_t t = -1;
    uint32_t ties = 0;
    for (uint32_t k = 0; k < F->nsinks; k++) {
        int32_t i = F->sinks[k];
        if (F->r[i] + F->d[i] == F->C && rng_next(rng, ++ties) == 0) t = i;
    }
    uint32_t n = 0;
    while (t >= 0) {
        F->path[n++] = t;
        const SNode *nd = &G->nodes[t];
        int32_t next = -1;
        bool by_unit = false;
        ties = 0;
        int32_t mp = s->prev[t];
        if (mp >= 0 && F->r[mp] + F->d[mp] == F->r[t]) {
            next = mp;
            by_unit = true;
            ties = 1;
        }
        for (uint32_t k = 0; k < nd->npred; k++) {
            int32_t p = G->pred[nd->pred_off + k];
            if (F->r[p] + F->d[p] + G->lag[nd->pred_off + k] == F->r[t] && rng_next(rng, ++ties) == 0) {
                next = p;
                by_unit = false;
            }
        }
        F->path_unit[n - 1] = by_unit;
        t = next;
    }
    /* reversed, from the start: path_unit[k] says path[k-1] -> path[k] is a unit arc */
    for (uint32_t i = 0; i < n / 2; i++) {
        int32_t x = F->path[i];
        F->path[i] = F->path[n - 1 - i];
        F->path[n - 1 - i] = x;
        uint8_t y = F->path_unit[i];
        F->path_unit[i] = F->path_unit[n - 1 - i];
        F->path_unit[n - 1 - i] = y;
    }
    F->plen = n;
}

static bool is_job_succ(const Graph *G, int32_t u, int32_t v)
{
    const SNode *nd = &G->nodes[u];
    for (uint32_t k = 0; k < nd->nsucc; k++)
        if (G->succ[nd->succ_off + k] == v) return true;
    return false;
}

/* The estimated makespan after the segment seg[0..len) of a unit takes this
 * order between unit neighbours `before` and `after` (-1: none): the
 * longest path through the moved operations. */
static int64_t estimate(Fast *F, const int32_t *seg, uint32_t len, int32_t before, int32_t after)
{
    int64_t e = before >= 0 ? F->r[before] + F->d[before] : INT64_MIN;
    for (uint32_t k = 0; k < len; k++) {
        int32_t w = seg[k];
        int64_t h = F->jh[w] > e ? F->jh[w] : e;
        F->sr[k] = h;
        e = h + F->d[w];
    }
    int64_t f = after >= 0 ? F->d[after] + F->q[after] : 0, best = 0;
    for (uint32_t k = len; k-- > 0;) {
        int32_t w = seg[k];
        int64_t t = F->jt[w] > f ? F->jt[w] : f;
        int64_t x = F->sr[k] + F->d[w] + t;
        if (x > best) best = x;
        f = t + F->d[w];
    }
    return best;
}

static void push_move(Fast *F, FMove m)
{
    if (F->nmv == F->cap) {
        F->cap *= 2;
        F->mv = tk_xrealloc(F->mv, F->cap * sizeof(FMove));
    }
    F->mv[F->nmv++] = m;
}

/* b[j] moved right after b[l] (j < l). */
static void try_forward(Fast *F, const Sol *s, const int32_t *b, uint32_t j, uint32_t l)
{
    int32_t u = b[j], v = b[l];
    /* no path from u to v but through the unit: else the move makes a cycle */
    if (F->jt[u] > F->d[v] + F->q[v] || (F->jt[u] == F->d[v] + F->q[v] && is_job_succ(F->G, u, v))) return;
    uint32_t len = 0;
    for (uint32_t k = j + 1; k <= l; k++) F->seg[len++] = b[k];
    F->seg[len++] = u;
    int64_t est = estimate(F, F->seg, len, s->prev[u], s->next[v]);
    push_move(F, (FMove){FM_FWD, u, v, 0, 0, est});
}

/* b[l] moved right before b[j] (j < l). */
static void try_backward(Fast *F, const Sol *s, const int32_t *b, uint32_t j, uint32_t l)
{
    int32_t u = b[j], v = b[l];
    if (F->jh[v] > F->r[u] + F->d[u] || (F->jh[v] == F->r[u] + F->d[u] && is_job_succ(F->G, u, v))) return;
    uint32_t len = 0;
    F->seg[len++] = v;
    for (uint32_t k = j; k < l; k++) F->seg[len++] = b[k];
    int64_t est = estimate(F, F->seg, len, s->prev[u], s->next[v]);
    push_move(F, (FMove){FM_BWD, v, u, 0, 0, est});
}

/* Moves of critical operation x to other units: at each, the position where
 * the longest path through x is shortest. */
static void try_units(Fast *F, const Sol *s, int32_t x)
{
    const Graph *G = F->G;
    const SNode *nd = &G->nodes[x];
    int64_t rx = F->r[x] + F->d[x], qx = F->q[x] + F->d[x];
    for (uint32_t a = 0; a < nd->nalts; a++) {
        int32_t m = G->alts[nd->alt_off + a].machine;
        int64_t dn = F->dalt[nd->alt_off + a];
        uint32_t units = G->ir->machines[m].units;
        for (uint32_t u = 0; u < units; u++) {
            int32_t g = (int32_t)(G->unit_base[m] + u);
            if (g == s->gunit[x]) continue;
            int64_t best = INT64_MAX;
            int32_t best_after = -2;
            int32_t y = -1, z = s->head[g];
            for (;;) {
                /* between y and z: y must not follow x, z must not precede it */
                bool ok_y = y < 0 || F->r[y] < rx;
                bool ok_z = z < 0 || F->q[z] < qx;
                if (!ok_y) break;
                if (ok_z) {
                    int64_t h = y >= 0 && F->r[y] + F->d[y] > F->jh[x] ? F->r[y] + F->d[y] : F->jh[x];
                    int64_t t = z >= 0 && F->d[z] + F->q[z] > F->jt[x] ? F->d[z] + F->q[z] : F->jt[x];
                    if (h + dn + t < best) best = h + dn + t, best_after = y;
                }
                if (z < 0) break;
                y = z;
                z = s->next[z];
            }
            if (best_after != -2) push_move(F, (FMove){FM_UNIT, x, best_after, g, (int32_t)a, best});
        }
    }
}

static void neighbourhood(Fast *F, const Sol *s)
{
    F->nmv = 0;
    uint32_t i = 0;
    while (i < F->plen) {
        uint32_t j = i;
        while (j + 1 < F->plen && F->path_unit[j + 1]) j++;
        const int32_t *b = &F->path[i];
        uint32_t k = j - i + 1;
        if (k >= 2) {
            for (uint32_t x = 0; x + 1 < k; x++) try_forward(F, s, b, x, k - 1);   /* to the back */
            for (uint32_t l = 1; l + 1 < k; l++) try_forward(F, s, b, 0, l);       /* first inside */
            for (uint32_t l = 2; l < k; l++) try_backward(F, s, b, 0, l);          /* to the front */
            for (uint32_t x = 1; x + 2 < k; x++) try_backward(F, s, b, x, k - 1);  /* last inside */
        }
        i = j + 1;
    }
    for (uint32_t k = 0; k < F->plen; k++) {
        const SNode *nd = &F->G->nodes[F->path[k]];
        if (nd->nalts > 1 || F->G->ir->machines[F->G->alts[nd->alt_off].machine].units > 1)
            try_units(F, s, F->path[k]);
    }
}

/* Is the move tabu: would it put back an order the search recently undid? */
static bool move_is_tabu(const Tabu *T, const Sol *s, const FMove *m, int64_t iter)
{
    switch (m->kind) {
    case FM_FWD: /* everything from a's successor to b comes before a */
        for (int32_t w = s->next[m->a];; w = s->next[w]) {
            if (tabu_is(T, (uint32_t)w, (uint32_t)m->a, false, iter)) return true;
            if (w == m->b) break;
        }
        return false;
    case FM_BWD: /* a comes before everything from b to a's predecessor */
        for (int32_t w = m->b; w != m->a; w = s->next[w])
            if (tabu_is(T, (uint32_t)m->a, (uint32_t)w, false, iter)) return true;
        return false;
    default: return tabu_is(T, (uint32_t)m->a, (uint32_t)m->g, true, iter);
    }
}

typedef struct FUndo {
    int32_t node, gunit, prev, alt;
} FUndo;

/* Makes the move, forbidding its reverse until `until`. */
static FUndo apply_move(Sol *s, const FMove *m, Tabu *T, int64_t iter, int64_t until)
{
    FUndo u = {m->a, s->gunit[m->a], s->prev[m->a], s->alt[m->a]};
    switch (m->kind) {
    case FM_FWD:
        if (T)
            for (int32_t w = s->next[m->a];; w = s->next[w]) {
                tabu_set(T, (uint32_t)m->a, (uint32_t)w, false, iter, until);
                if (w == m->b) break;
            }
        unlink_node(s, m->a);
        link_after(s, m->a, u.gunit, m->b);
        break;
    case FM_BWD:
        if (T)
            for (int32_t w = m->b; w != m->a; w = s->next[w]) tabu_set(T, (uint32_t)w, (uint32_t)m->a, false, iter, until);
        unlink_node(s, m->a);
        link_after(s, m->a, u.gunit, s->prev[m->b]);
        break;
    default:
        if (T) tabu_set(T, (uint32_t)m->a, (uint32_t)u.gunit, true, iter, until);
        unlink_node(s, m->a);
        s->alt[m->a] = m->alt;
        link_after(s, m->a, m->g, m->b);
        break;
    }
    return u;
}

static void undo_move(Sol *s, const FUndo *u)
{
    unlink_node(s, u->node);
    s->alt[u->node] = u->alt;
    link_after(s, u->node, u->gunit, u->prev);
}

/* Makes move m, forbidding its reverse until `until`, and brings the order,
 * heads and tails up to date from the operations it touched. If it closes a
 * cycle or ends past the horizon it is undone (false). */
static bool make_move(Fast *F, Sol *s, const FMove *m, Tabu *T, int64_t iter, int64_t until)
{
    const Graph *G = F->G;
    int32_t a = m->a, op = s->prev[a], on = s->next[a];
    FUndo u = apply_move(s, m, T, iter, until);
    F->d[a] = F->dalt[G->nodes[a].alt_off + (uint32_t)s->alt[a]];
    int32_t np = s->prev[a], nn = s->next[a];
    bool ok = order_add_arc(F, s, np, a, a, nn) && order_add_arc(F, s, a, nn, -1, -1);
    if (ok) {
        int32_t hs[3] = {a, on, nn};
        heads_update(F, s, hs, 3, a);
        ok = F->C <= G->ir->end;
    }
    if (!ok) {
        undo_move(s, &u);
        heads(F, s);
        tails(F, s);
        return false;
    }
    int32_t ts[3] = {a, op, np};
    tails_update(F, s, ts, 3, a);
#ifdef TAKT_SEARCH_CHECK
    {
        uint32_t n = F->n;
        int64_t *r = tk_xalloc(n * sizeof *r), *q = tk_xalloc(n * sizeof *q), C = F->C;
        int64_t *jh = tk_xalloc(n * sizeof *r), *jt = tk_xalloc(n * sizeof *q);
        for (uint32_t i = 0; i < n; i++) {
            if (i && F->pos[F->topo[i - 1]] + 1 != F->pos[F->topo[i]]) abort();
            const SNode *nd = &G->nodes[i];
            for (uint32_t k = 0; k < nd->nsucc; k++) if (F->pos[G->succ[nd->succ_off + k]] <= F->pos[i]) abort();
            if (s->next[i] >= 0 && F->pos[s->next[i]] <= F->pos[i]) abort();
        }
        memcpy(r, F->r, n * sizeof *r);
        memcpy(q, F->q, n * sizeof *q);
        memcpy(jh, F->jh, n * sizeof *r);
        memcpy(jt, F->jt, n * sizeof *q);
        heads(F, s);
        tails(F, s);
        if (C != F->C || memcmp(r, F->r, n * sizeof *r) || memcmp(q, F->q, n * sizeof *q) ||
            memcmp(jh, F->jh, n * sizeof *r) || memcmp(jt, F->jt, n * sizeof *q))
            abort();
        tk_free(r), tk_free(q), tk_free(jh), tk_free(jt);
    }
#endif
    return true;
}

/* The objective of makespan C, as the model states it. */
static double fast_objective(const Graph *G, Engine *e, int64_t C)
{
    const IrModel *ir = G->ir;
    double ms = (double)(C - ir->start);
    if (ir->objective_fn < 0) return ms;
    RuleEnv env;
    memset(&env, 0, sizeof env);
    for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
    env.var[RV_PLAN_MAKESPAN] = ms;
    return e->eval(e, ir->objective_fn, &env);
}

void fast_search(Thread *th)
{
    const Graph *G = th->G;
    const IrModel *ir = G->ir;
    Fast *F = fast_new(G);
    Engine *eng = engine_interp_new(ir);
    Rng rng = {th->seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull};
    Sol cur = sol_new(G);
    sol_copy(G, &cur, &th->best);
    int64_t iter = 0, since_best = 0;
    bool ok = heads(F, &cur); /* it is: the start is a plan */
    tails(F, &cur);
    int64_t bestC = F->C;
    th->best.finish = bestC;
    Tabu tabu;
    tabu_init(&tabu, 12);
    uint32_t units_used = 0;
    for (uint32_t g = 0; g < G->nunits; g++) units_used += cur.head[g] >= 0;
    if (!units_used) units_used = 1;
    /* tenure after Zhang et al.: 10 + jobs/machines, drawn from [L, 1.5 L] */
    int64_t L = 10 + (int64_t)(G->njobs / units_used);
    int64_t patience = 2500 + 10 * (int64_t)G->n;
    /* diversification: the best of each run in an elite pool, and runs
     * started between two of its members (docs/search.md) */
    Elite pool;
    elite_init(&pool);
    bool relink = relink_applies(G);
    Sol runbest = sol_new(G);
    sol_copy(G, &runbest, &cur);
    int64_t runC = F->C, since_run = 0;
    int64_t *sa = tk_xalloc((G->n + 1) * sizeof(int64_t)), *sb = tk_xalloc((G->n + 1) * sizeof(int64_t));
    while (ok && !search_time_up(th, iter)) {
        iter++;
        critical_path(F, &cur, &rng);
        neighbourhood(F, &cur);
        if (!F->nmv) {
            /* no critical block and nothing to reassign: the makespan is a
             * chain of one job's operations, the best there is */
            break;
        }
        int64_t until = iter + L + rng_next(&rng, (uint32_t)(L / 2 + 1));
        bool moved = false;
        while (F->nmv && !moved) {
            int64_t best_est = INT64_MAX;
            int32_t pick = -1;
            uint32_t ties = 0;
            for (uint32_t k = 0; k < F->nmv; k++) {
                const FMove *m = &F->mv[k];
                if (m->est > best_est) continue;
                if (m->est >= bestC && move_is_tabu(&tabu, &cur, m, iter)) continue;
                if (m->est < best_est) best_est = m->est, pick = (int32_t)k, ties = 1;
                else if (rng_next(&rng, ++ties) == 0) pick = (int32_t)k;
            }
            if (pick < 0) pick = (int32_t)rng_next(&rng, F->nmv); /* all tabu */
            FMove m = F->mv[pick];
            if (make_move(F, &cur, &m, &tabu, iter, until)) moved = true;
            else F->mv[pick] = F->mv[--F->nmv];
        }
        if (!moved) continue;
        if (F->C < bestC) {
            bestC = F->C;
            sol_copy(G, &th->best, &cur);
            th->best.finish = bestC;
            th->best.obj = obj_infinite();
            th->best.obj.v[0] = fast_objective(G, eng, bestC);
            search_report_best(th, &th->best.obj);
            since_best = 0;
        }
        if (!relink) {
        } else if (F->C < runC) {
            runC = F->C;
            sol_copy(G, &runbest, &cur);
            since_run = 0;
        } else if (++since_run > patience) {
            /* the run is over: its best to the pool, and the next run
             * from between two members of the pool (half the time; else
             * from the best, shaken, as below) */
            runbest.obj = obj_first((double)runC);
            elite_offer(&pool, G, &runbest);
            bool between = false;
            if (pool.n >= 2 && rng_next(&rng, 2) == 0) {
                uint32_t i = rng_next(&rng, pool.n), j = rng_next(&rng, pool.n - 1);
                if (j >= i) j++;
                if (heads(F, &pool.sol[i])) memcpy(sa, F->r, G->n * sizeof(int64_t));
                if (heads(F, &pool.sol[j])) memcpy(sb, F->r, G->n * sizeof(int64_t));
                double lambda = 0.3 + 0.4 * rng_next(&rng, 1001) / 1000.0;
                sol_between(G, &pool.sol[i], sa, &pool.sol[j], sb, lambda, &rng, &cur);
                between = heads(F, &cur) && F->C <= ir->end;
                if (!between) sol_copy(G, &cur, &th->best);
                heads(F, &cur);
                tails(F, &cur);
                tabu_clear(&tabu);
                since_best = 0;
            }
            if (between) {
                th->between++;
                runC = F->C;
                sol_copy(G, &runbest, &cur);
                since_run = 0;
                continue;
            }
            since_best = patience + 1; /* the shake below */
        }
        if (since_best > patience || (!relink && ++since_best > patience)) {
            /* back to the best, shaken by a few random moves */
            sol_copy(G, &cur, &th->best);
            heads(F, &cur);
            tails(F, &cur);
            uint32_t shakes = 2 + rng_next(&rng, 4);
            for (uint32_t k = 0; k < shakes; k++) {
                critical_path(F, &cur, &rng);
                neighbourhood(F, &cur);
                if (!F->nmv) break;
                FMove m = F->mv[rng_next(&rng, F->nmv)];
                FUndo u = apply_move(&cur, &m, NULL, 0, 0);
                if (!heads(F, &cur) || F->C > ir->end) {
                    undo_move(&cur, &u);
                    heads(F, &cur);
                }
                tails(F, &cur);
            }
            tabu_clear(&tabu);
            since_best = 0;
            if (relink) {
                runC = F->C;
                sol_copy(G, &runbest, &cur);
                since_run = 0;
            }
        }
    }
    elite_free(&pool);
    sol_free(&runbest);
    tk_free(sa);
    tk_free(sb);
    tabu_free(&tabu);
    th->iterations = iter;
    sol_free(&cur);
    eng->free(eng);
    fast_free(F);
}

/* ---- for tests ---------------------------------------------------------------------------- */
/* The operations a move reorders: for a move within a unit, the segment of
 * the unit's sequence from a to b (both in it); for a move to another unit,
 * a alone. Into seg; returns how many. */
static uint32_t moved_ops(const Sol *s, const FMove *m, int32_t *seg)
{
    uint32_t n = 0;
    if (m->kind == FM_FWD)
        for (int32_t w = m->a;; w = s->next[w]) {
            seg[n++] = w;
            if (w == m->b) break;
        }
    else if (m->kind == FM_BWD)
        for (int32_t w = m->b;; w = s->next[w]) {
            seg[n++] = w;
            if (w == m->a) break;
        }
    else seg[n++] = m->a;
    return n;
}

int fast_selfcheck(const Graph *G, Sol *s, uint64_t seed, int nsteps, FastCheckStats *st)
{
    memset(st, 0, sizeof *st);
    Fast *F = fast_new(G), *R = fast_new(G);
    Sol t = sol_new(G);
    int32_t *seg = tk_xalloc((G->n + 1) * sizeof(int32_t));
    FMove *mv = NULL;
    uint32_t cap = 0;
    Rng rng = {seed * 0x9E3779B97F4A7C15ull + 7};
    int bad = 0;
    if (!heads(F, s)) bad = 1000000;
    tails(F, s);
    for (int step = 0; step < nsteps && !bad; step++) {
        critical_path(F, s, &rng);
        neighbourhood(F, s);
        if (!F->nmv) break;
        if (F->nmv > cap) {
            cap = F->nmv;
            mv = tk_xrealloc(mv, cap * sizeof(FMove));
        }
        uint32_t nmv = F->nmv;
        memcpy(mv, F->mv, nmv * sizeof(FMove));
        for (uint32_t k = 0; k < nmv; k++) {
            const FMove *m = &mv[k];
            uint32_t len = moved_ops(s, m, seg);
            sol_copy(G, &t, s);
            apply_move(&t, m, NULL, 0, 0);
            st->moves++;
            /* a move the neighbourhood offers never closes a cycle */
            if (!heads(R, &t)) {
                st->cycles++;
                bad++;
                continue;
            }
            tails(R, &t);
            /* the longest path through the moved operations, after the move */
            int64_t through = 0;
            for (uint32_t j = 0; j < len; j++) {
                int32_t w = seg[j];
                int64_t x = R->r[w] + R->d[w] + R->q[w];
                if (x > through) through = x;
            }
            /* that path's length is the estimate of a move to another unit
             * and of a swap of two operations, exactly, so never above the
             * makespan after it; the estimate of a longer move within a
             * critical block is never below it (the heads and tails it
             * takes from before the move are no shorter than after it) */
            bool exact = m->kind == FM_UNIT || len == 2;
            if (through > R->C) bad++;
            if (exact) {
                st->exact++;
                if (m->est != through || m->est > R->C) bad++;
            } else {
                st->estimated++;
                if (m->est < through) bad++;
                else if (m->est > through) st->over++;
            }
            if (m->est == R->C) st->hits++;
        }
        /* make one of them, at random, and hold the heads and tails kept up
         * to date to those computed afresh */
        FMove m = mv[rng_next(&rng, nmv)];
        if (!make_move(F, s, &m, NULL, 0, 0)) continue;
        st->made++;
        if (!heads(R, s)) {
            bad++;
            break;
        }
        tails(R, s);
        uint32_t n = G->n;
        if (R->C != F->C || memcmp(R->r, F->r, n * sizeof(int64_t)) || memcmp(R->q, F->q, n * sizeof(int64_t)) ||
            memcmp(R->jh, F->jh, n * sizeof(int64_t)) || memcmp(R->jt, F->jt, n * sizeof(int64_t)))
            bad++;
        /* the order kept is topological */
        for (uint32_t i = 0; i < n; i++) {
            if (F->topo[F->pos[i]] != (int32_t)i) bad++;
            const SNode *nd = &G->nodes[i];
            for (uint32_t q = 0; q < nd->nsucc; q++)
                if (F->pos[G->succ[nd->succ_off + q]] <= F->pos[i]) bad++;
            if (s->next[i] >= 0 && F->pos[s->next[i]] <= F->pos[i]) bad++;
        }
    }
    tk_free(mv);
    tk_free(seg);
    sol_free(&t);
    fast_free(F);
    fast_free(R);
    return bad;
}
