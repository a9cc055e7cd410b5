/* search_impl.h: what the two searches (search.c, search_fast.c) share —
 * the plan as a disjunctive graph, a solution as unit sequences, the tabu
 * list, the random numbers and the threads' common state. Private to
 * runtime/search*.c. */
#ifndef TAKT_SEARCH_IMPL_H
#define TAKT_SEARCH_IMPL_H

#include <math.h>
#include <signal.h>
#include <pthread.h>
#include <stdatomic.h>

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
    uint8_t *from_start;    /* parallel to pred: the arc counts from the predecessor's start, not its
                             * end, and the kinds hold the node to its progress (transfer lots:
                             * kinds_follow_start); NULL if no arc does */
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
    uint8_t *sub_unit;      /* per global unit: a subcontractor's, which takes any amount of work: its
                             * operations are in no sequence */
    bool pins;              /* some operation is pinned (Plan.pin_*): it keeps its machine, unit, start */
    int64_t *wait;          /* per node: its step's wait after it, whole minutes */
    /* work orders and orders, for the objective (search_eval.c) */
    uint32_t nwos;
    uint32_t *wo_orders_off; /* per work order, from [k] to [k + 1]: the orders that wait for it */
    uint32_t *wo_orders;
    uint32_t *wo_kits_off;   /* per work order, from [k] to [k + 1]: the kits (work orders without */
    uint32_t *wo_kits;       /*   operations) it supplies */
    int64_t *kit_floor;      /* per work order without operations: its release and materials */
    int64_t end_floor;       /* the plan's end without its operations: the start, and the kits' floors */
    uint32_t *prod_off;      /* per product, from [k] to [k + 1]: its nodes in prod_nodes */
    int32_t *prod_nodes;
    Engine *engine;          /* whose native code a new Eval's rules run (SearchOptions.engine); may be NULL */
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
/* The value x at the first level (INFINITY: infeasible; NAN: stopped), the
 * others unknown. */
static inline Obj obj_first(double x)
{
    Obj o = obj_infinite();
    o.v[0] = x;
    return o;
}

/* Pins (Plan.pin_*): the machine node i must run on (-1 any), and the
 * start it must have (-1 any); whether it may leave its unit at all. */
static inline int32_t pin_machine_of(const Graph *G, int32_t i) { return G->pins ? G->p->pin_machine[i] : -1; }
static inline int64_t pin_start_of(const Graph *G, int32_t i) { return G->pins ? G->p->pin_start[i] : -1; }
static inline bool pin_keeps_unit(const Graph *G, int32_t i)
{
    return G->pins && (G->p->pin_unit[i] >= 0 || G->p->pin_start[i] >= 0);
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

/* Inserts i on unit g after node `after` (-1: at the head). A
 * subcontractor's unit (sub) keeps no sequence: i is only placed on it. */
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

/* ---- diversification: an elite pool and solutions between two of them ------------- */
/* The best solutions of past runs of the tabu search that differ from each
 * other (docs/search.md, "Diversification"). */
#define ELITE_SIZE 8
typedef struct Elite {
    Sol sol[ELITE_SIZE];
    uint32_t n;
} Elite;

void elite_init(Elite *e);
void elite_free(Elite *e);
/* How many operations are on another unit, or have another unit
 * neighbour after them, in a than in b: 0 if they are the same solution. */
uint32_t sol_distance(const Graph *G, const Sol *a, const Sol *b);
/* Offers s (its obj set) to the pool: taken if the pool has room, or in
 * place of the worst member if it is better than that one; never a copy of
 * a member. True if taken. */
bool elite_offer(Elite *e, const Graph *G, const Sol *s);
/* A solution between a and b, whose schedules start node i at sa[i] and
 * sb[i]: each operation on the unit of a or of b (b's with probability
 * lambda), each unit's operations in the order of their starts
 * interpolated, (1 - lambda) sa + lambda sb (ties: their places in a
 * topological order of each, interpolated alike). Every arc of the result
 * goes forward in that order, so it has no cycle. Into out. */
void sol_between(const Graph *G, const Sol *a, const int64_t *sa, const Sol *b, const int64_t *sb, double lambda,
                 Rng *rng, Sol *out);
/* Does the search relink elite solutions on G: not where operations are
 * reported, pinned or sent to subcontractors. */
bool relink_applies(const Graph *G);

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
    double limit;           /* with a time limit: the searches stop this long after t0 */
    pthread_mutex_t lock;
    Obj best_obj;           /* across threads, for progress */
    Obj start_obj;
    int done;               /* searches finished */
    /* --engine=auto: the engine compiled in the background (SearchOptions.
     * compile), NULL until it is there; set once, by the compiling thread */
    _Atomic(Engine *) compiled;
    double compiled_at;     /* when it was there, seconds after t0 */
} Shared;

/* ---- the clock: the time limit and Ctrl-C, asked every few hundred units of work ---- */
/* A unit of work is about one operation placed or looked at (well under a
 * microsecond to a few microseconds), so the clock is read every fraction of
 * a millisecond however large a step is: a step of a large plant may place
 * many thousands of operations, and the limit must hold within it. */
#define CLOCK_EVERY 256
/* The time kept back from a time limit to write the best plan back, in
 * decodes of the whole plan: it is decoded once more, and freeing the
 * searches' state takes a fraction of a decode. */
#define SEARCH_RESERVE 1.25
typedef struct Clock {
    const Shared *sh;       /* NULL: never stops */
    uint64_t work, next;
    bool stopped;
} Clock;

bool clock_check(Clock *c);
static inline bool clock_tick(Clock *c, uint32_t units)
{
    if (!c || !c->sh) return false;
    c->work += units;
    if (c->work < c->next) return c->stopped;
    return clock_check(c);
}

typedef struct Thread {
    const Graph *G;
    Shared *sh;
    uint64_t seed;
    Sol best;
    int64_t iterations;
    int64_t between;        /* restarts from between two elite plans */
    double time_to_best;
    Clock clock;
    pthread_t tid;
    bool compiled;          /* it switched to the rules compiled in the background */
} Thread;

double search_now(void);
void search_report_best(Thread *th, const Obj *obj);
/* The search is to stop: its steps are done, its time is up or Ctrl-C. */
bool search_time_up(Thread *th, int64_t iter);

/* ---- moves ------------------------------------------------------------------------ */
typedef enum MoveKind { MV_SWAP, MV_BEFORE, MV_AFTER, MV_UNIT } MoveKind;
typedef struct Move {
    MoveKind kind;
    int32_t a, b;      /* SWAP: a then b become b then a; BEFORE: a before b; AFTER: a after b */
    int32_t unit, alt; /* UNIT: a to unit `unit` with alternative `alt`, after b (-1: head) */
} Move;

typedef struct Undo {
    int32_t node, gunit, prev, alt;
} Undo;

Undo move_apply(const Graph *G, Sol *s, const Move *mv);
void move_undo(const Graph *G, Sol *s, const Undo *u);

/* ---- a solution's schedule and objective (search_eval.c) ------------------------------ */
enum { BIND_RELEASE, BIND_JOB, BIND_UNIT };

typedef struct Eval Eval;
/* The schedule of one solution at a time: what decode gives for it, kept
 * up to date as moves are made (on a plant with constraint kinds, decoded
 * whole for every move: search_eval.c). clock may be NULL; costs: work out every
 * operation's cost even if the objective does not count it. */
Eval *eval_new(const Graph *G, Clock *clock, bool costs);
/* The rules run through e's native code from now on, where it has some
 * (NULL or no native code: the interpreter). The values are the same. */
void eval_use_engine(Eval *E, Engine *e);
/* The clock a decode asks from now on (NULL: it is never stopped). */
void eval_set_clock(Eval *E, Clock *clock);
void eval_free(Eval *E);
/* Schedules s from nothing; false if it has a cycle, work past the horizon,
 * or the clock stopped it (E's clock says which). Sets s->obj. */
bool eval_full(Eval *E, Sol *s);
/* The objective after move m, s and the schedule left as they were:
 * its first level INFINITY if the move is infeasible (a cycle, work past the horizon),
 * NAN if the clock stopped it. The work grows with what the move changes. */
Obj eval_try(Eval *E, Sol *s, const Move *m);
/* Makes move m; false (s and the schedule as they were) if it is infeasible
 * or the clock stopped it. Sets s->obj. */
bool eval_make(Eval *E, Sol *s, const Move *m, Undo *u);
/* What the constraint kinds booked in the last whole decode (eval_full),
 * into the plan (kinds_end: the resource units each operation holds). */
void eval_kinds_end(Eval *E, Plan *p);
/* What the schedule says of node i, and its measures. */
typedef struct EvalView {
    const int64_t *start, *end, *est;
    const double *setup, *cost;
    const int32_t *bind;
    const uint8_t *bind_kind;
} EvalView;
EvalView eval_view(const Eval *E);
/* The node whose end the search should pull earlier: the end of the plan,
 * or for lateness objectives, half the time or always, the last operation
 * of a late order (eval_late_target; *late says which, if late is not NULL). */
int32_t eval_target(Eval *E, uint32_t (*rnd)(void *ctx, uint32_t n), void *ctx, bool *late);
/* The last operation of a late order, chosen by what its lateness costs
 * in the objective (its weighted tardiness, penalty or tardiness; the late
 * orders alike if it counts none of these); -1 if no order is late. */
int32_t eval_late_target(Eval *E, uint32_t (*rnd)(void *ctx, uint32_t n), void *ctx);
/* Does the objective count setups (so that setup moves are worth trying). */
bool eval_counts_setups(const Eval *E);
/* For tests: do two schedules of s agree in everything (and is A's order
 * topological). */
bool eval_equal(const Eval *A, const Eval *B, const Sol *s);
/* An operation with a setup, the r-th of them (modulo their number); -1 if none. */
int32_t eval_random_setup(Eval *E, uint32_t r);

/* ---- the fast search (search_fast.c) ------------------------------------------------ */
/* True if the plan's schedule is the longest path of its graph: no machine
 * calendars, no sequence-dependent setups, no zero-length operations, no
 * resources, and an objective that grows with the makespan alone. */
bool fast_applies(const Graph *G);
/* Searches from th->best, leaving the best found there. */
void fast_search(Thread *th);
/* For tests (search_fast_check): nsteps times, every move of a critical
 * path's neighbourhood of s estimated and made on a copy, the copy's heads
 * and tails computed afresh and the estimate held to them; then one of the
 * moves made on s and the heads and tails kept up to date held to those
 * computed afresh. Returns the number of disagreements. */
int fast_selfcheck(const Graph *G, Sol *s, uint64_t seed, int nsteps, FastCheckStats *st);

#endif
