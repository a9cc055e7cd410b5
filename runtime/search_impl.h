/* search_impl.h: what the two searches (search.c, search_fast.c) share —
 * the plan as a disjunctive graph, a solution as unit sequences, the tabu
 * list, the random numbers and the threads' common state. Private to
 * runtime/search*.c. */
#ifndef TAKT_SEARCH_IMPL_H
#define TAKT_SEARCH_IMPL_H

#include <math.h>
#include <signal.h>
#include <pthread.h>

#include "search.h"

#define EPS 1e-9

/* ---- the graph ------------------------------------------------------------------- */
typedef struct SAlt {
    int32_t machine;
    double setup, run;      /* minutes: step setup, run for the quantity */
} SAlt;

/* An operation. Its job predecessors are the steps before it and, for a
 * work order's first steps, the last steps of the work orders that supply
 * its components; each arc has a lag (the predecessor's wait). */
typedef struct SNode {
    int32_t op;             /* index in the plan's ops */
    int32_t wo;
    int64_t release;        /* earliest start: release, materials, plant start */
    uint32_t pred_off, npred;
    uint32_t succ_off, nsucc;
    uint32_t alt_off, nalts;
} SNode;

typedef struct Graph {
    const Plan *p;
    const IrModel *ir;
    SNode *nodes;
    uint32_t n;
    int32_t *pred;          /* node */
    int64_t *lag;           /* parallel to pred */
    int32_t *succ;
    int64_t *slag;          /* parallel to succ */
    SAlt *alts;
    uint32_t *unit_base;    /* per machine: its first global unit */
    uint32_t nunits;
    int32_t *unit_machine;
    uint32_t njobs;         /* work orders with operations */
    uint32_t nlevels;       /* levels of the objective (1 without one: the makespan) */
    uint64_t obj_vars;      /* the plan measures some level reads */
    bool fast;              /* fast_applies() */
    uint8_t *frozen;        /* per node: reported by the actuals, it stays where it is */
    uint32_t nfrozen;
} Graph;

/* ---- the objective's value: its levels, compared in order (docs/search.md) -------- */
typedef struct Obj {
    double v[IR_MAX_LEVELS];
} Obj;

/* Is a better than b: smaller at the first of the n levels where they differ. */
static inline bool obj_less(const Obj *a, const Obj *b, uint32_t n) { return plan_levels_cmp(a->v, b->v, n) < 0; }
static inline bool obj_equal(const Obj *a, const Obj *b, uint32_t n) { return plan_levels_cmp(a->v, b->v, n) == 0; }
static inline Obj obj_infinite(void)
{
    Obj o;
    for (int k = 0; k < IR_MAX_LEVELS; k++) o.v[k] = INFINITY;
    return o;
}

/* ---- a solution: the machine of each operation and each unit's sequence ---------- */
typedef struct Sol {
    int32_t *alt;           /* alternative index per node */
    int32_t *gunit;         /* global unit per node */
    int32_t *prev, *next;   /* unit sequence */
    int32_t *head;          /* per global unit */
    Obj obj;
    int64_t finish;
} Sol;

Sol sol_new(const Graph *G);
void sol_copy(const Graph *G, Sol *d, const Sol *s);
void sol_free(Sol *s);

static inline void unlink_node(Sol *s, int32_t i)
{
    int32_t pv = s->prev[i], nx = s->next[i];
    if (pv >= 0) s->next[pv] = nx;
    else s->head[s->gunit[i]] = nx;
    if (nx >= 0) s->prev[nx] = pv;
    s->prev[i] = s->next[i] = -1;
}

/* Inserts i on unit g after node `after` (-1: at the head). */
static inline void link_after(Sol *s, int32_t i, int32_t g, int32_t after)
{
    s->gunit[i] = g;
    int32_t nx = after >= 0 ? s->next[after] : s->head[g];
    s->prev[i] = after;
    s->next[i] = nx;
    if (after >= 0) s->next[after] = i;
    else s->head[g] = i;
    if (nx >= 0) s->prev[nx] = i;
}

/* ---- random numbers (xorshift; the same sequence on every platform) --------------- */
typedef struct Rng {
    uint64_t s;
} Rng;

static inline uint32_t rng_next(Rng *r, uint32_t n)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)((r->s >> 11) % (n ? n : 1));
}

/* ---- the tabu list: "x before y" and "x on unit g", each until an iteration ------- */
typedef struct Tabu {
    uint64_t *keys;
    int64_t *until;
    uint32_t cap, used;
} Tabu;

void tabu_init(Tabu *t, uint32_t cap_log2);
void tabu_free(Tabu *t);
void tabu_clear(Tabu *t);
void tabu_set(Tabu *t, uint32_t x, uint32_t y, bool unit, int64_t iter, int64_t until);
bool tabu_is(const Tabu *t, uint32_t x, uint32_t y, bool unit, int64_t iter);

/* ---- the searches' common state ------------------------------------------------------ */
typedef struct Shared {
    const SearchOptions *opt;
    volatile sig_atomic_t *stop;
    double t0;
    pthread_mutex_t lock;
    Obj best_obj;           /* across threads, for progress */
    Obj start_obj;
    int done;               /* searches finished */
} Shared;

typedef struct Thread {
    const Graph *G;
    Shared *sh;
    uint64_t seed;
    Sol best;
    int64_t iterations;
    double time_to_best;
    pthread_t tid;
} Thread;

double search_now(void);
bool search_time_up(const Thread *th, int64_t iter);
void search_report_best(Thread *th, const Obj *obj);

/* ---- the fast search (search_fast.c) ------------------------------------------------ */
/* True if the plan's schedule is the longest path of its graph: no machine
 * calendars, no sequence-dependent setups, no zero-length operations, and an
 * objective that grows with the makespan alone. */
bool fast_applies(const Graph *G);
/* Searches from th->best, leaving the best found there. */
void fast_search(Thread *th);

#endif
