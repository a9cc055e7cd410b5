/* search_eval.c: the schedule and the objective of the general search's
 * solution, kept up to date move by move (docs/search.md, "The general
 * search").
 *
 * A solution becomes a schedule by placing every operation, in an order
 * that respects its routing and its unit's sequence, as early as its
 * predecessors, its unit, its release and materials allow, through its
 * machine's calendar and with the setup after the job before it (place()).
 * eval_full() does that for every operation; eval_try() and eval_make() do
 * it again only for what a move changes:
 *
 *   - the operations are kept in a topological order of the solution's
 *     graph (pos), repaired after a move by the method of Pearce and Kelly:
 *     only the operations between the two ends of a new arc that it orders
 *     the other way round are given new places;
 *   - the moved operation and its old and new unit neighbours are placed
 *     again, in that order; an operation whose place, end or unit state
 *     changed has its successors placed again, one whose did not stops
 *     there. So a move's cost grows with the part of the schedule it
 *     changes, not with the plan;
 *   - the measures are sums and maxima over operations and orders kept in
 *     segment trees (Agg): an operation's or an order's change is a path of
 *     the tree. A sum kept so depends on the values alone, not on the order
 *     of the changes, so a solution has one objective however the search
 *     came to it;
 *   - a trial is journalled and rolled back: the schedule, the order, the
 *     work orders' and orders' ends and the trees return to what they were.
 *
 * Placing an operation (place()) is the one structural step of decoding:
 * it reads its predecessors' ends, its unit's state after the operation
 * before it, and writes its own; the constraint kinds that book time
 * (kind.h: resource pools) plug in there. Their bookings are first come,
 * first served, so they depend on the order in which the whole plan is
 * placed and cannot be repaired locally: a plant that uses a kind is
 * decoded whole (the whole-schedule mode). eval_full() then places the
 * ready operations in the order of when they could start, from a heap of
 * (earliest start, node), as the dispatching pass placed them in time,
 * booking each with the kinds; eval_try() and eval_make() make the move and
 * decode the whole plan again into a second copy of the schedule, which
 * the trial gives back (the copies' pointers are swapped back, nothing is
 * copied) and a move made keeps. Plants without kinds keep the incremental
 * evaluation.
 *
 * The clock (search_impl.h) is asked every few hundred operations placed or
 * looked at, so a time limit and Ctrl-C stop even a single large step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"
#include "reference.h"
#include "search_impl.h"

/* ---- segment trees ---------------------------------------------------------------- */
enum { AGG_SUM, AGG_MAX };

typedef struct Agg {
    double *t;              /* t[1] the root, t[size + i] leaf i */
    uint32_t size;
    uint8_t op;
} Agg;

static inline double agg_combine(uint8_t op, double a, double b)
{
    if (op == AGG_SUM) return a + b;
    return a >= b ? a : b;
}

static void agg_init(Agg *a, uint32_t n, uint8_t op)
{
    a->op = op;
    a->size = 1;
    while (a->size < n) a->size <<= 1;
    a->t = tk_xalloc(2 * (size_t)a->size * sizeof(double));
    double id = op == AGG_SUM ? 0 : -INFINITY;
    for (uint32_t i = 0; i < 2 * a->size; i++) a->t[i] = id;
}

static void agg_build(Agg *a)
{
    for (uint32_t k = a->size; k-- > 1;) a->t[k] = agg_combine(a->op, a->t[2 * k], a->t[2 * k + 1]);
}

static inline void agg_set(Agg *a, uint32_t i, double v)
{
    uint32_t k = a->size + i;
    if (a->t[k] == v && !signbit(a->t[k]) == !signbit(v)) return;
    a->t[k] = v;
    for (k >>= 1; k; k >>= 1) a->t[k] = agg_combine(a->op, a->t[2 * k], a->t[2 * k + 1]);
}

static inline double agg_total(const Agg *a) { return a->t[1]; }

/* The first leaf holding the maximum. */
static uint32_t agg_argmax(const Agg *a)
{
    uint32_t k = 1;
    while (k < a->size) k = a->t[2 * k] >= a->t[2 * k + 1] ? 2 * k : 2 * k + 1;
    return k - a->size;
}

/* The leaf of the k-th unit of a sum of 0/1 leaves (k from 0). */
static uint32_t agg_nth(const Agg *a, double k)
{
    uint32_t x = 1;
    while (x < a->size) {
        if (k < a->t[2 * x]) x = 2 * x;
        else k -= a->t[2 * x], x = 2 * x + 1;
    }
    return x - a->size;
}

/* The leaf where u falls in a sum of leaves that are not negative: leaf i
 * with the probability leaf i / total for u uniform in [0, total). */
static uint32_t agg_sample(const Agg *a, double u)
{
    uint32_t x = 1;
    while (x < a->size) {
        if (u < a->t[2 * x] || !(a->t[2 * x + 1] > 0)) x = 2 * x;
        else u -= a->t[2 * x], x = 2 * x + 1;
    }
    return x - a->size;
}

/* ---- the measures as terms ---------------------------------------------------------- */
/* What a term counts, per operation or per order. */
enum {
    Q_COST, Q_SETUPS, Q_SETUP_TIME,                              /* per operation */
    Q_MOVED, Q_REASSIGNED, Q_SHIFTED,                            /* per operation, against the reference */
    Q_TARDINESS, Q_MAX_TARDINESS, Q_WEIGHTED, Q_PENALTY, Q_LATE, Q_FLOW, /* per order */
    Q_NONE
};
#define Q_PER_ORDER(q) ((q) >= Q_TARDINESS)

typedef struct Term {
    uint8_t q;
    int32_t var;            /* the RuleVar its total is, -1 if it is not one */
    int32_t slot;           /* the restricted measure (IrModel.measures) its total is, -1 if none */
    const uint8_t *member;  /* the machines (per operation) or orders it counts; NULL: all */
    Agg agg;
} Term;

/* ---- the journal of a trial ----------------------------------------------------------- */
typedef struct NodeState {
    int64_t est, start, end, ufree;
    double setup, cost;
    int32_t bind, uprev, ulast;
    uint8_t bind_kind;
} NodeState;

typedef struct JNode {
    int32_t i;
    NodeState old;
} JNode;

typedef struct JVal {
    int32_t i;
    int64_t old;
} JVal;

struct Eval {
    const Graph *G;
    const IrModel *ir;
    Clock *clock;
    /* per node: its place in the schedule */
    int64_t *est, *start, *end;
    int64_t *ufree;         /* its unit's end of work after it (in the unit's sequence) */
    double *setup, *cost;
    int32_t *bind;          /* the predecessor or unit neighbour that set its start */
    int32_t *uprev;         /* the node with work before it on its unit, -1 if none */
    int32_t *ulast;         /* its unit's last node with work, it included; -1 if none */
    uint8_t *bind_kind;
    uint32_t *pos;          /* a topological order of the solution's graph */
    /* per work order and customer order */
    int64_t *wo_end;        /* after the waits of its steps; a kit's when its parts are */
    int64_t *done;          /* per order */
    /* the measures */
    Agg fin;                /* per node: its end and its wait; the makespan */
    Term *terms;
    uint32_t nterms;
    int32_t late_term;      /* late orders, for the target (a term of its own if the objective does not count them) */
    int32_t setups_term;    /* operations with a setup, for setup moves (likewise) */
    int32_t due_term;       /* a sum over orders of what their lateness costs, to aim at the costly ones; -1 if none */
    bool need_cost;
    bool by_setups;
    uint8_t *prev_end_rules;/* per machine: its setup or cost rule reads prev.end */
    int32_t moved;          /* the node a move moved: its machine may have changed */
    double *slot;           /* the restricted measures' values, for the objective */
    bool incremental;
    double material_cost;
    /* the journal */
    bool journal;
    TK_VEC_OF(JNode) jn;
    TK_VEC_OF(JVal) jpos, jwo, jdone;
    /* scratch */
    int32_t *indeg, *queue;
    int64_t *kappa;
    uint64_t *heap;
    uint32_t nheap;
    uint32_t *mark, stamp;  /* per node */
    uint32_t *wmark, *omark;/* per work order, per order */
    I32Vec dirty_wo, dirty_order, kit_queue;
    int32_t *fwd, *bwd, *stack;
    uint64_t *slots;
    RuleEnv env;
    Engine *eng;            /* the interpreter, this Eval's own */
    RuleFn *native;         /* per function: its native code (eval_use_engine), or NULL */
    /* the whole-schedule mode (!incremental): the constraint kinds, booked
     * per decode, and the second copy of everything a decode writes */
    Kinds kinds;
    struct {
        int64_t *est, *start, *end, *ufree, *wo_end, *done;
        double *setup, *cost, *fin, **terms;
        int32_t *bind, *uprev, *ulast;
        uint8_t *bind_kind;
        uint32_t *pos;
    } spare;
};

/* ---- moves on a solution -------------------------------------------------------------- */
/* Node i onto unit g after `after`: in its sequence, or on a
 * subcontractor's unit, in none (it takes any amount of work at once). */
static void place_on(const Graph *G, Sol *s, int32_t i, int32_t g, int32_t after)
{
    if (G->sub_unit[g]) {
        s->gunit[i] = g;
        s->prev[i] = s->next[i] = -1;
    } else link_after(s, i, g, after);
}

/* Node i out of its unit's sequence (one sent out is in none). */
static void take_off(const Graph *G, Sol *s, int32_t i)
{
    if (!G->sub_unit[s->gunit[i]]) unlink_node(s, i);
}

Undo move_apply(const Graph *G, Sol *s, const Move *mv)
{
    Undo u = {mv->a, s->gunit[mv->a], s->prev[mv->a], s->alt[mv->a]};
    switch (mv->kind) {
    case MV_SWAP: /* a immediately before b */
        unlink_node(s, mv->a);
        link_after(s, mv->a, s->gunit[mv->b], mv->b);
        break;
    case MV_BEFORE:
        unlink_node(s, mv->a);
        link_after(s, mv->a, s->gunit[mv->b], s->prev[mv->b]);
        break;
    case MV_AFTER:
        unlink_node(s, mv->a);
        link_after(s, mv->a, s->gunit[mv->b], mv->b);
        break;
    case MV_UNIT:
        take_off(G, s, mv->a);
        s->alt[mv->a] = mv->alt;
        place_on(G, s, mv->a, mv->unit, mv->b);
        break;
    }
    return u;
}

void move_undo(const Graph *G, Sol *s, const Undo *u)
{
    take_off(G, s, u->node);
    s->alt[u->node] = u->alt;
    place_on(G, s, u->node, u->gunit, u->prev);
}

/* ---- building ------------------------------------------------------------------------- */
static Term *add_term(Eval *E, uint8_t q, int32_t var)
{
    Term *t = &E->terms[E->nterms++];
    t->q = q;
    t->var = var;
    t->slot = -1;
    t->member = NULL;
    agg_init(&t->agg, Q_PER_ORDER(q) ? E->ir->norders : E->G->n, q == Q_MAX_TARDINESS ? AGG_MAX : AGG_SUM);
    if (q == Q_MAX_TARDINESS) /* no order: no tardiness */
        for (uint32_t k = 0; k < 2 * t->agg.size; k++) t->agg.t[k] = 0;
    return t;
}

static uint8_t q_of_var(int v)
{
    switch (v) {
    case RV_PLAN_COST: return Q_COST;
    case RV_PLAN_SETUPS: return Q_SETUPS;
    case RV_PLAN_SETUP_TIME: return Q_SETUP_TIME;
    case RV_PLAN_MOVED: return Q_MOVED;
    case RV_PLAN_REASSIGNED: return Q_REASSIGNED;
    case RV_PLAN_SHIFTED: return Q_SHIFTED;
    case RV_PLAN_TARDINESS: return Q_TARDINESS;
    case RV_PLAN_MAX_TARDINESS: return Q_MAX_TARDINESS;
    case RV_PLAN_WEIGHTED_TARDINESS: return Q_WEIGHTED;
    case RV_PLAN_PENALTY: return Q_PENALTY;
    case RV_PLAN_LATE_ORDERS: return Q_LATE;
    case RV_PLAN_FLOW_TIME: return Q_FLOW;
    default: return Q_NONE;
    }
}

void eval_set_clock(Eval *E, Clock *clock) { E->clock = clock; }

Eval *eval_new(const Graph *G, Clock *clock, bool costs)
{
    const IrModel *ir = G->ir;
    const Plan *p = G->p;
    Eval *E = tk_xalloc(sizeof *E);
    memset(E, 0, sizeof *E);
    E->G = G;
    E->ir = ir;
    E->clock = clock;
    size_t n = G->n + 1;
    E->est = tk_xalloc(n * sizeof(int64_t));
    E->start = tk_xalloc(n * sizeof(int64_t));
    E->end = tk_xalloc(n * sizeof(int64_t));
    E->ufree = tk_xalloc(n * sizeof(int64_t));
    E->setup = tk_xalloc(n * sizeof(double));
    E->cost = tk_xalloc(n * sizeof(double));
    E->bind = tk_xalloc(n * sizeof(int32_t));
    E->uprev = tk_xalloc(n * sizeof(int32_t));
    E->ulast = tk_xalloc(n * sizeof(int32_t));
    E->bind_kind = tk_xalloc(n);
    E->pos = tk_xalloc(n * sizeof(uint32_t));
    E->indeg = tk_xalloc(n * sizeof(int32_t));
    E->queue = tk_xalloc(n * sizeof(int32_t));
    E->kappa = tk_xalloc(n * sizeof(int64_t));
    E->heap = tk_xalloc(n * sizeof(uint64_t));
    E->mark = tk_xalloc(n * sizeof(uint32_t));
    memset(E->mark, 0, n * sizeof(uint32_t));
    E->fwd = tk_xalloc(n * sizeof(int32_t));
    E->bwd = tk_xalloc(n * sizeof(int32_t));
    E->stack = tk_xalloc(n * sizeof(int32_t));
    E->slots = tk_xalloc(2 * n * sizeof(uint64_t));
    E->wo_end = tk_xalloc((p->wos.len + 1) * sizeof(int64_t));
    E->wmark = tk_xalloc((p->wos.len + 1) * sizeof(uint32_t));
    memset(E->wmark, 0, (p->wos.len + 1) * sizeof(uint32_t));
    E->done = tk_xalloc((ir->norders + 1) * sizeof(int64_t));
    E->omark = tk_xalloc((ir->norders + 1) * sizeof(uint32_t));
    memset(E->omark, 0, (ir->norders + 1) * sizeof(uint32_t));
    E->eng = engine_interp_new(ir);
    E->native = tk_xalloc((ir->nfuncs + 1) * sizeof(RuleFn));
    eval_use_engine(E, G->engine);
    agg_init(&E->fin, G->n, AGG_MAX);
    for (uint32_t k = 0; k < p->wos.len; k++) E->material_cost += p->wos.data[k].material_cost;
    for (uint32_t k = 0; k < p->buys.len; k++) E->material_cost += p->buys.data[k].cost; /* products bought */
    /* the terms the objective reads */
    uint64_t vars = G->obj_vars; /* of every level */
    static const struct { int var; uint8_t q; } per[] = {
        {RV_PLAN_COST, Q_COST}, {RV_PLAN_SETUPS, Q_SETUPS}, {RV_PLAN_SETUP_TIME, Q_SETUP_TIME},
        {RV_PLAN_TARDINESS, Q_TARDINESS}, {RV_PLAN_MAX_TARDINESS, Q_MAX_TARDINESS},
        {RV_PLAN_WEIGHTED_TARDINESS, Q_WEIGHTED}, {RV_PLAN_PENALTY, Q_PENALTY},
        {RV_PLAN_LATE_ORDERS, Q_LATE}, {RV_PLAN_FLOW_TIME, Q_FLOW},
        {RV_PLAN_MOVED, Q_MOVED}, {RV_PLAN_REASSIGNED, Q_REASSIGNED}, {RV_PLAN_SHIFTED, Q_SHIFTED},
    };
    E->terms = tk_xalloc((TK_COUNTOF(per) + ir->nmeasures + 2) * sizeof(Term));
    E->late_term = E->setups_term = E->due_term = -1;
    bool lateness = false;
    for (size_t k = 0; k < TK_COUNTOF(per); k++) {
        if (!(vars >> per[k].var & 1)) continue;
        if (per[k].q == Q_LATE) E->late_term = (int32_t)E->nterms;
        if (per[k].q == Q_SETUPS) E->setups_term = (int32_t)E->nterms;
        if (Q_PER_ORDER(per[k].q) && per[k].q != Q_FLOW) lateness = true;
        E->need_cost |= per[k].q == Q_COST;
        E->by_setups |= per[k].q <= Q_SETUP_TIME;
        add_term(E, per[k].q, per[k].var);
    }
    /* the restricted measures: the same, over the machines or orders they count */
    TK_ASSERT(!ir->nmeasures || p->msets);
    for (uint32_t k = 0; k < ir->nmeasures; k++) {
        uint8_t q = q_of_var(ir->measures[k].var);
        if (q == Q_NONE) continue;
        if (Q_PER_ORDER(q) && q != Q_FLOW) lateness = true;
        E->need_cost |= q == Q_COST;
        E->by_setups |= q <= Q_SETUP_TIME;
        Term *t = add_term(E, q, -1);
        t->slot = (int32_t)k;
        t->member = p->msets[k];
    }
    E->slot = tk_xalloc((ir->nmeasures + 1) * sizeof(double));
    memset(E->slot, 0, (ir->nmeasures + 1) * sizeof(double));
    /* what a late order costs: its weighted tardiness, penalty or tardiness,
     * over all orders rather than some if the objective has both */
    static const uint8_t cost_q[] = {Q_WEIGHTED, Q_PENALTY, Q_TARDINESS};
    for (size_t c = 0; c < TK_COUNTOF(cost_q) && E->due_term < 0; c++)
        for (int pass = 0; pass < 2 && E->due_term < 0; pass++)
            for (uint32_t k = 0; k < E->nterms; k++)
                if (E->terms[k].q == cost_q[c] && (pass || !E->terms[k].member)) {
                    E->due_term = (int32_t)k;
                    break;
                }
    if (lateness && E->late_term < 0) {
        E->late_term = (int32_t)E->nterms;
        add_term(E, Q_LATE, -1);
    }
    if (E->by_setups) {
        /* setup moves are worth trying only where setups depend on the sequence */
        bool seq = false;
        for (uint32_t m = 0; m < ir->nmachines; m++) seq |= ir->machines[m].setup_fn >= 0 || ir->machines[m].nsetup_by > 0;
        E->by_setups = seq;
    }
    if (E->by_setups && E->setups_term < 0) {
        E->setups_term = (int32_t)E->nterms;
        add_term(E, Q_SETUPS, -1);
    }
    E->need_cost |= costs;
    E->prev_end_rules = tk_xalloc(ir->nmachines + 1);
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        const IrMachine *mc = &ir->machines[m];
        uint64_t v = (mc->setup_fn >= 0 ? ir->funcs[mc->setup_fn].vars : 0) | (mc->cost_fn >= 0 ? ir->funcs[mc->cost_fn].vars : 0);
        E->prev_end_rules[m] = (v >> RV_PREV_END) & 1;
    }
    E->moved = -1;
    /* the kinds the model uses: each Eval books its own (one per thread);
     * begin only reads the plan, whose resource slots the dispatching pass made */
    kinds_begin(&E->kinds, (Plan *)p, true);
    E->incremental = E->kinds.n == 0;
    if (!E->incremental) {
        E->spare.est = tk_xalloc(n * sizeof(int64_t));
        E->spare.start = tk_xalloc(n * sizeof(int64_t));
        E->spare.end = tk_xalloc(n * sizeof(int64_t));
        E->spare.ufree = tk_xalloc(n * sizeof(int64_t));
        E->spare.setup = tk_xalloc(n * sizeof(double));
        E->spare.cost = tk_xalloc(n * sizeof(double));
        E->spare.bind = tk_xalloc(n * sizeof(int32_t));
        E->spare.uprev = tk_xalloc(n * sizeof(int32_t));
        E->spare.ulast = tk_xalloc(n * sizeof(int32_t));
        E->spare.bind_kind = tk_xalloc(n);
        E->spare.pos = tk_xalloc(n * sizeof(uint32_t));
        E->spare.wo_end = tk_xalloc((p->wos.len + 1) * sizeof(int64_t));
        E->spare.done = tk_xalloc((ir->norders + 1) * sizeof(int64_t));
        /* the trees: a copy of the empty ones, so that leaves past the
         * operations and orders hold the identity in both */
        E->spare.fin = tk_xalloc(2 * (size_t)E->fin.size * sizeof(double));
        memcpy(E->spare.fin, E->fin.t, 2 * (size_t)E->fin.size * sizeof(double));
        E->spare.terms = tk_xalloc((E->nterms + 1) * sizeof(double *));
        for (uint32_t k = 0; k < E->nterms; k++) {
            const Agg *a = &E->terms[k].agg;
            E->spare.terms[k] = tk_xalloc(2 * (size_t)a->size * sizeof(double));
            memcpy(E->spare.terms[k], a->t, 2 * (size_t)a->size * sizeof(double));
        }
    }
    return E;
}

void eval_free(Eval *E)
{
    if (!E) return;
    tk_free(E->est);
    tk_free(E->start);
    tk_free(E->end);
    tk_free(E->ufree);
    tk_free(E->setup);
    tk_free(E->cost);
    tk_free(E->bind);
    tk_free(E->uprev);
    tk_free(E->ulast);
    tk_free(E->bind_kind);
    tk_free(E->pos);
    tk_free(E->indeg);
    tk_free(E->queue);
    tk_free(E->kappa);
    tk_free(E->heap);
    tk_free(E->mark);
    tk_free(E->fwd);
    tk_free(E->bwd);
    tk_free(E->stack);
    tk_free(E->slots);
    tk_free(E->wo_end);
    tk_free(E->wmark);
    tk_free(E->done);
    tk_free(E->omark);
    tk_free(E->prev_end_rules);
    tk_free(E->slot);
    tk_free(E->fin.t);
    for (uint32_t k = 0; k < E->nterms; k++) tk_free(E->terms[k].agg.t);
    if (!E->incremental) {
        tk_free(E->spare.est);
        tk_free(E->spare.start);
        tk_free(E->spare.end);
        tk_free(E->spare.ufree);
        tk_free(E->spare.setup);
        tk_free(E->spare.cost);
        tk_free(E->spare.bind);
        tk_free(E->spare.uprev);
        tk_free(E->spare.ulast);
        tk_free(E->spare.bind_kind);
        tk_free(E->spare.pos);
        tk_free(E->spare.wo_end);
        tk_free(E->spare.done);
        tk_free(E->spare.fin);
        for (uint32_t k = 0; k < E->nterms; k++) tk_free(E->spare.terms[k]);
        tk_free(E->spare.terms);
    }
    kinds_free(&E->kinds);
    tk_free(E->terms);
    vec_free(&E->jn);
    vec_free(&E->jpos);
    vec_free(&E->jwo);
    vec_free(&E->jdone);
    vec_free(&E->dirty_wo);
    vec_free(&E->dirty_order);
    vec_free(&E->kit_queue);
    E->eng->free(E->eng);
    tk_free(E->native);
    tk_free(E);
}

EvalView eval_view(const Eval *E)
{
    EvalView v = {E->start, E->end, E->est, E->setup, E->cost, E->bind, E->bind_kind};
    return v;
}

bool eval_counts_setups(const Eval *E) { return E->by_setups; }

void eval_use_engine(Eval *E, Engine *e)
{
    for (uint32_t f = 0; f < E->ir->nfuncs; f++) E->native[f] = e && e->native ? e->native(e, (int32_t)f) : NULL;
}

/* Function fi over env: native code if there is some, else interpreted. */
static inline double rule_eval(Eval *E, int32_t fi, const RuleEnv *env)
{
    RuleFn f = E->native[fi];
    return f ? f(env) : E->eng->eval(E->eng, fi, env);
}

/* ---- placing one operation ------------------------------------------------------------- */
/* The setup of node i on its alternative al after work order prev (or none),
 * leaving the rules' environment filled for its cost rule. */
static double setup_of(Eval *E, uint32_t i, const SAlt *al, int32_t prev_wo, int64_t prev_end)
{
    const Graph *G = E->G;
    const IrModel *ir = E->ir;
    const Plan *p = G->p;
    const IrMachine *mc = &ir->machines[al->machine];
    const WorkOrder *w = &p->wos.data[G->nodes[i].wo];
    const WorkOrder *pw = prev_wo >= 0 ? &p->wos.data[prev_wo] : NULL;
    double setup = al->setup;
    if (mc->setup_fn >= 0 || mc->cost_fn >= 0) {
        const IrOrder *o = w->order >= 0 ? &ir->orders[w->order] : NULL;
        RuleEnv *env = &E->env;
        double *v = env->var;
        v[RV_ORDER_DUE] = (double)(o ? o->due : w->due);
        v[RV_ORDER_RELEASE] = (double)(o ? o->release : w->release);
        v[RV_ORDER_PRIORITY] = v[RV_JOB_PRIORITY] = o ? o->priority : 1;
        v[RV_ORDER_PENALTY] = o ? o->penalty : 0;
        v[RV_ORDER_QUANTITY] = o ? o->qty : w->qty;
        v[RV_JOB_QUANTITY] = w->qty;
        v[RV_JOB_DUE] = (double)w->due;
        v[RV_JOB_RELEASE] = (double)w->release;
        v[RV_JOB_TOTAL_WORK] = w->std_work;
        v[RV_OP_RUN] = al->run;
        v[RV_OP_SETUP] = al->setup;
        v[RV_OP_TIME] = al->setup + al->run;
        v[RV_OP_INDEX] = p->ops.data[i].step + 1;
        v[RV_OP_ALTERNATIVES] = G->nodes[i].nalts;
        {
            const IrStep *tst = &ir->products[w->product].steps[p->ops.data[i].step];
            v[RV_OP_TRANSFER] = tst->transfer > 0 && tst->npreds ? tst->transfer : 0;
        }
        v[RV_OP_RESOURCE_UNITS] =
            plan_alt_resource_units(plan_step_alt(&ir->products[w->product].steps[p->ops.data[i].step], al->machine));
        v[RV_MACHINE_UNITS] = mc->units;
        v[RV_PREV_EXISTS] = pw ? 1 : 0;
        v[RV_PREV_QUANTITY] = pw ? pw->qty : 0;
        v[RV_PREV_DUE] = (double)(pw ? pw->due : ir->start);
        v[RV_PREV_RELEASE] = (double)(pw ? pw->release : ir->start);
        v[RV_PREV_PRIORITY] = pw ? (pw->order >= 0 ? ir->orders[pw->order].priority : 1) : 0;
        v[RV_PREV_END] = (double)(pw ? prev_end : ir->start);
        env->attr[ATAB_JOB] = ir->products[w->product].attrs;
        env->attr[ATAB_PREV] = pw ? ir->products[pw->product].attrs : ir->default_attrs[ATAB_PREV];
        env->attr[ATAB_ORDER] = o ? o->attrs : ir->default_attrs[ATAB_ORDER];
        env->attr[ATAB_MACHINE] = mc->attrs;
        if (mc->setup_fn >= 0) {
            double x = rule_eval(E, mc->setup_fn, env);
            if (x > 0) setup += x;
        }
    }
    if (mc->nsetup_by) setup += plan_setup_by(ir, mc, w->product, pw ? pw->product : -1);
    return setup;
}

static inline NodeState node_get(const Eval *E, uint32_t i)
{
    NodeState x = {E->est[i],   E->start[i], E->end[i],   E->ufree[i],    E->setup[i],
                   E->cost[i],  E->bind[i],  E->uprev[i], E->ulast[i], E->bind_kind[i]};
    return x;
}

static inline void node_put(Eval *E, uint32_t i, const NodeState *x)
{
    E->est[i] = x->est;
    E->start[i] = x->start;
    E->end[i] = x->end;
    E->ufree[i] = x->ufree;
    E->setup[i] = x->setup;
    E->cost[i] = x->cost;
    E->bind[i] = x->bind;
    E->uprev[i] = x->uprev;
    E->ulast[i] = x->ulast;
    E->bind_kind[i] = x->bind_kind;
}

static inline bool node_same(const NodeState *a, const NodeState *b)
{
    return a->est == b->est && a->start == b->start && a->end == b->end && a->ufree == b->ufree &&
           a->setup == b->setup && a->cost == b->cost && a->bind == b->bind && a->uprev == b->uprev &&
           a->ulast == b->ulast && a->bind_kind == b->bind_kind;
}

/* The placement question of node i on unit u of machine m from t, for the
 * constraint kinds (kind.h), as the dispatching pass asks it. */
static void kind_place_of(const Eval *E, KPlace *pl, uint32_t i, int32_t m, uint32_t u, int64_t t, double setup,
                          double run, double rate)
{
    const Graph *G = E->G;
    const IrModel *ir = E->ir;
    const Op *op = &G->p->ops.data[G->nodes[i].op];
    const IrMachine *mc = &ir->machines[m];
    pl->op = (uint32_t)G->nodes[i].op;
    pl->machine = m;
    pl->unit = u;
    pl->alt = plan_step_alt(&ir->products[G->p->wos.data[op->wo].product].steps[op->step], m);
    pl->t = t;
    pl->setup_min = setup;
    pl->run_min = run;
    pl->dur = plan_work_minutes(setup + run);
    pl->setup = plan_work_minutes(setup);
    if (pl->setup > pl->dur) pl->setup = pl->dur;
    pl->split = mc->split;
    pl->cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
    pl->rate = rate;
}

/* The earliest start arc a (from node pp) allows: after pp's end and its
 * lag, or from pp's start where the kinds hold the node to pp's progress
 * (Graph.from_start: transfer lots). */
static inline int64_t arc_from(const Eval *E, uint32_t a, int32_t pp)
{
    const Graph *G = E->G;
    if (G->from_start && G->from_start[a]) return E->start[pp];
    return E->end[pp] + G->lag[a];
}

/* Places node i from its inputs — its job predecessors' ends, the state of
 * its unit after the node before it in the unit's sequence, its release —
 * into *x. False if it cannot go there: its work would end past the
 * horizon, or work of the plan's own would come before a reported
 * operation on its unit. */
static bool place(Eval *E, const Sol *s, uint32_t i, NodeState *x, bool reuse)
{
    const Graph *G = E->G;
    const IrModel *ir = E->ir;
    const SNode *nd = &G->nodes[i];
    int64_t est = nd->release;
    uint8_t bk = BIND_RELEASE;
    int32_t bref = -1;
    for (uint32_t k = 0; k < nd->npred; k++) {
        int32_t pp = G->pred[nd->pred_off + k];
        int64_t t = arc_from(E, nd->pred_off + k, pp);
        if (t > est) est = t, bk = BIND_JOB, bref = pp;
    }
    int32_t pv = s->prev[i];
    int64_t uf = pv >= 0 ? E->ufree[pv] : ir->start;
    int32_t ul = pv >= 0 ? E->ulast[pv] : -1;
    int64_t st, end, dur, unit_free = 0;
    double setup, cost;
    bool holds = false; /* a kind said when the unit takes the next operation (unit_free) */
    if (G->frozen[i]) {
        /* reported: where and when the shop floor says; nothing of the
         * plan's own may come before it on its unit */
        const Op *op = &G->p->ops.data[nd->op];
        if (ul >= 0 && !G->frozen[ul] && uf > op->start) return false;
        est = st = op->start;
        end = op->end;
        dur = end - st;
        setup = op->setup;
        cost = op->cost;
        bk = BIND_RELEASE;
        bref = -1;
        if (E->kinds.n) {
            /* it holds what it was reported to hold */
            KPlace pl;
            kind_place_of(E, &pl, i, op->machine, (uint32_t)op->unit, st, setup, op->run, 0);
            if (kinds_apply(&E->kinds, &pl)) {
                int64_t s0, se = pl.setup ? cal_finish(pl.cal, st, pl.setup, true, &s0) : st;
                kinds_book_reported(&E->kinds, &pl, st, se < end ? se : end, end);
            }
        }
    } else if (G->sub_unit[s->gunit[i]]) {
        /* sent out: when the subcontractor takes goods, back its lead
         * later; it holds no unit, and waits for nothing on one */
        const SAlt *al = &G->alts[nd->alt_off + (uint32_t)s->alt[i]];
        const IrMachine *mc = &ir->machines[al->machine];
        int64_t pin = pin_start_of(G, (int32_t)i);
        if (pin >= 0) {
            if (est > pin) return false; /* its pin cannot be kept so */
            est = pin, bk = BIND_RELEASE, bref = -1;
        }
        st = plan_subcontract_send(ir, mc, est);
        end = plan_subcontract_back(ir, mc, st);
        if (end == INT64_MAX || end > ir->end || (pin >= 0 && st != pin)) return false;
        setup = 0;
        dur = 0;
        cost = plan_subcontract_cost(mc, G->p->ops.data[nd->op].qty);
    } else {
        if (uf > est) est = uf, bk = BIND_UNIT, bref = ul;
        int64_t pin = pin_start_of(G, (int32_t)i);
        if (pin >= 0) { /* pinned: at its start, or not at all */
            if (est > pin) return false;
            est = pin, bk = BIND_RELEASE, bref = -1;
        }
        const SAlt *al = &G->alts[nd->alt_off + (uint32_t)s->alt[i]];
        const IrMachine *mc = &ir->machines[al->machine];
        /* the setup and cost follow from the job before it on the unit, and
         * from the schedule's times only where a rule reads prev.end: placed
         * again after the same job, on the same machine, they are as they were */
        bool again = reuse && (int32_t)i != E->moved && ul == E->uprev[i] && !E->prev_end_rules[al->machine];
        setup = again ? E->setup[i] : setup_of(E, i, al, ul >= 0 ? G->nodes[ul].wo : -1, ul >= 0 ? E->end[ul] : 0);
        dur = plan_work_minutes(setup + al->run);
        end = cal_finish(mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL, est, dur, mc->split, &st);
        if (end == INT64_MAX || end > ir->end) return false;
        if (pin >= 0 && dur > 0 && st != pin) return false;
        cost = 0;
        double rate = 0;
        if (again) cost = E->cost[i];
        else if (E->need_cost) {
            rate = mc->cost_rate;
            if (mc->cost_fn >= 0) {
                /* the rule's prev is the job before it on the unit, as its setup's */
                E->env.var[RV_OP_SETUP] = setup;
                E->env.var[RV_OP_TIME] = setup + al->run;
                rate = rule_eval(E, mc->cost_fn, &E->env);
                if (rate < 0) rate = 0;
            }
            cost = rate * (setup + al->run);
        }
        if (E->kinds.n) {
            /* the kinds' earliest placement from est: a gap in their bookings */
            KPlace pl;
            kind_place_of(E, &pl, i, al->machine, (uint32_t)(s->gunit[i] - (int32_t)G->unit_base[al->machine]), est,
                          setup, al->run, rate);
            if (kinds_apply(&E->kinds, &pl)) {
                KSlot slot = {st, st, end, pl.cal, 0, NULL, false, 0, false};
                if (!kinds_place(&E->kinds, &pl, &slot)) return false;
                if (slot.start > st) {
                    /* held back by a kind: until its unit was free (the work
                     * before it in the sequence binds it), or by the kind alone */
                    if (slot.by_unit && ul >= 0 && E->end[ul] <= slot.start) est = E->end[ul], bk = BIND_UNIT, bref = ul;
                    else bk = BIND_RELEASE, bref = -1;
                }
                st = slot.start;
                end = slot.end;
                if (end > ir->end || (pin >= 0 && st != pin)) return false;
                kinds_book(&E->kinds, &pl, &slot);
                /* a kind that runs the unit (a batch machine's cycles) costs its work itself */
                if (slot.unit_set) cost = slot.cost, unit_free = slot.unit_free, holds = true;
                else cost += slot.cost;
            }
        }
    }
    x->est = est;
    x->start = st;
    x->end = end;
    x->setup = setup;
    x->cost = cost;
    x->bind = bref;
    x->bind_kind = bk;
    x->uprev = G->frozen[i] ? -1 : ul;
    if (!holds) holds = dur > 0, unit_free = end;
    x->ufree = holds && unit_free > uf ? unit_free : uf;
    x->ulast = holds ? (int32_t)i : ul;
    return true;
}

/* ---- measures ------------------------------------------------------------------------- */
static inline int32_t node_machine(const Eval *E, const Sol *s, uint32_t i)
{
    return E->G->alts[E->G->nodes[i].alt_off + (uint32_t)s->alt[i]].machine;
}

static double node_value(const Eval *E, const Sol *s, const Term *t, uint32_t i)
{
    if (t->member && !t->member[node_machine(E, s, i)]) return 0;
    switch (t->q) {
    case Q_COST: return E->cost[i];
    case Q_SETUPS: return E->setup[i] > 0 ? 1 : 0;
    case Q_SETUP_TIME: return E->setup[i];
    case Q_MOVED: case Q_REASSIGNED: case Q_SHIFTED: {
        const Reference *r = E->G->p->ref;
        if (!r) return 0;
        int32_t m = node_machine(E, s, i);
        double mv, ra, sh;
        reference_op(r, (uint32_t)E->G->nodes[i].op, m, s->gunit[i] - (int32_t)E->G->unit_base[m], E->start[i], E->end[i],
                     &mv, &ra, &sh);
        return t->q == Q_MOVED ? mv : t->q == Q_REASSIGNED ? ra : sh;
    }
    default: return 0;
    }
}

static double order_value(const Eval *E, const Term *t, uint32_t o)
{
    const IrModel *ir = E->ir;
    const IrOrder *r = &ir->orders[o];
    if (t->member && !t->member[o]) return 0;
    double late = E->done[o] > r->due ? (double)(E->done[o] - r->due) : 0;
    switch (t->q) {
    case Q_TARDINESS: case Q_MAX_TARDINESS: return late;
    case Q_WEIGHTED: return r->priority * late;
    case Q_PENALTY: return r->penalty * late;
    case Q_LATE: return late > 0 ? 1 : 0;
    case Q_FLOW: return (double)(E->done[o] - (r->release > ir->start ? r->release : ir->start));
    default: return 0;
    }
}

static inline void node_leaves(Eval *E, const Sol *s, uint32_t i)
{
    agg_set(&E->fin, i, (double)(E->end[i] + E->G->wait[i]));
    for (uint32_t k = 0; k < E->nterms; k++)
        if (!Q_PER_ORDER(E->terms[k].q)) agg_set(&E->terms[k].agg, i, node_value(E, s, &E->terms[k], i));
}

static inline void order_leaves(Eval *E, uint32_t o)
{
    for (uint32_t k = 0; k < E->nterms; k++)
        if (Q_PER_ORDER(E->terms[k].q)) agg_set(&E->terms[k].agg, o, order_value(E, &E->terms[k], o));
}

static int64_t makespan_end(const Eval *E)
{
    double f = agg_total(&E->fin);
    int64_t e = E->G->end_floor;
    if (f > (double)e) e = (int64_t)f;
    return e;
}

/* The objective, each level, as plan_measure() computes it, from the terms. */
static Obj objective(Eval *E)
{
    const IrModel *ir = E->ir;
    double makespan = (double)(makespan_end(E) - ir->start);
    if (ir->objective_fn < 0) return obj_first(makespan);
    RuleEnv env;
    memset(&env, 0, sizeof env);
    env.var[RV_PLAN_MAKESPAN] = makespan;
    for (uint32_t k = 0; k < E->nterms; k++) {
        const Term *t = &E->terms[k];
        if (t->var < 0) continue;
        double v = agg_total(&t->agg);
        if (t->q == Q_COST) v += E->material_cost;
        env.var[t->var] = v;
    }
    for (uint32_t k = 0; k < E->nterms; k++)
        if (E->terms[k].slot >= 0) E->slot[E->terms[k].slot] = agg_total(&E->terms[k].agg);
    for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
    env.attr[ATAB_MEASURE] = E->slot;
    /* each level as plan_objective_levels() works it out, through the
     * compiled rule where there is one */
    Obj out = obj_infinite();
    for (uint32_t k = 0; k < ir->nobjectives; k++) out.v[k] = rule_eval(E, ir->objective_fns[k], &env);
    return out;
}

/* A work order's end from its operations (after their waits), or a kit's
 * from its parts. */
static int64_t wo_end_of(const Eval *E, uint32_t k)
{
    const Graph *G = E->G;
    const WorkOrder *w = &G->p->wos.data[k];
    int64_t e;
    if (w->nops) {
        e = G->ir->start;
        for (uint32_t s = 0; s < w->nops; s++) {
            uint32_t i = w->first_op + s;
            if (E->end[i] + G->wait[i] > e) e = E->end[i] + G->wait[i];
        }
    } else {
        e = G->kit_floor[k];
        for (uint32_t q = 0; q < w->nsupplies; q++)
            if (E->wo_end[w->supplies[q]] > e) e = E->wo_end[w->supplies[q]];
    }
    return e;
}

static int64_t order_done_of(const Eval *E, uint32_t o)
{
    const Plan *p = E->G->p;
    int64_t done = p->order_ready ? p->order_ready[o] : E->ir->start; /* bought pieces */
    for (uint32_t k = 0; k < p->order_wos[o].len; k++)
        if (E->wo_end[p->order_wos[o].data[k]] > done) done = E->wo_end[p->order_wos[o].data[k]];
    return done;
}

/* ---- the whole schedule ---------------------------------------------------------------- */
static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* A topological order that follows time: by the latest start along any
 * path to the operation (its own start, but for one after a zero-length
 * operation that starts later), then by the order of decoding, which breaks
 * ties topologically. Moves are local in time, so a repair of the order
 * (order_add_arc) touches the operations of a short stretch of time. */
static void order_by_time(Eval *E, const Sol *s, uint32_t nq)
{
    const Graph *G = E->G;
    int64_t *kappa = E->kappa;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (uint32_t k = 0; k < nq; k++) {
        uint32_t i = (uint32_t)E->queue[k];
        int64_t x = E->start[i];
        const SNode *nd = &G->nodes[i];
        for (uint32_t q = 0; q < nd->npred; q++) {
            int32_t pp = G->pred[nd->pred_off + q];
            if (kappa[pp] > x) x = kappa[pp];
        }
        if (s->prev[i] >= 0 && kappa[s->prev[i]] > x) x = kappa[s->prev[i]];
        kappa[i] = x;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
        E->pos[i] = k;
    }
    unsigned bi = tk_bits_for((uint64_t)nq), bt = nq ? tk_bits_for((uint64_t)(hi - lo)) : 0;
    if (!nq || bi + bt > 64) return; /* the decoding order, which is topological too */
    uint64_t *key = E->slots;
    for (uint32_t k = 0; k < nq; k++) key[k] = ((uint64_t)(kappa[E->queue[k]] - lo) << bi) | k;
    tk_radix_sort_u64(key, key + nq, nq, bi + bt);
    uint64_t mask = ((uint64_t)1 << bi) - 1;
    for (uint32_t r = 0; r < nq; r++) E->pos[E->queue[key[r] & mask]] = r;
}

/* The ready heap of a timed decode (the whole-schedule mode): keys
 * (earliest start << 32 | node), the earliest start by its predecessors,
 * the node before it on its unit and its release. */
static void ready_push(Eval *E, const Sol *s, uint32_t i)
{
    const Graph *G = E->G;
    const SNode *nd = &G->nodes[i];
    int64_t est = nd->release;
    for (uint32_t k = 0; k < nd->npred; k++) {
        int64_t t = arc_from(E, nd->pred_off + k, G->pred[nd->pred_off + k]);
        if (t > est) est = t;
    }
    if (s->prev[i] >= 0 && E->end[s->prev[i]] > est) est = E->end[s->prev[i]];
    if (G->frozen[i]) est = G->p->ops.data[nd->op].start;
    else if (pin_start_of(G, (int32_t)i) > est) est = pin_start_of(G, (int32_t)i);
    /* the plant's horizon is far less than 2^32 minutes from its start (docs/limits.md) */
    uint64_t key = (uint64_t)(est - E->ir->start + 1) << 32 | i;
    uint64_t *h = E->heap;
    uint32_t j = E->nheap++;
    while (j > 0 && h[(j - 1) / 2] > key) {
        h[j] = h[(j - 1) / 2];
        j = (j - 1) / 2;
    }
    h[j] = key;
}

/* The node of the smallest key in the heap (below). */
static int32_t heap_pop(Eval *E);

bool eval_full(Eval *E, Sol *s)
{
    const Graph *G = E->G;
    const IrModel *ir = E->ir;
    const Plan *p = G->p;
    uint32_t n = G->n, qh = 0, qt = 0;
    /* with constraint kinds, the order of placing matters (bookings are
     * first come, first served): ready nodes are placed in the order of when
     * they could start, as the dispatching pass placed them in time; without,
     * in the order they get ready. The queue holds the order of placing. */
    bool timed = E->kinds.n > 0;
    E->journal = false;
    /* kinds that relate operations (time windows) may ask for the plan to
     * be decoded again with their bounds moved (kinds_settle): at most
     * KIND_SETTLE_ROUNDS decodes, else the solution is not one */
    if (timed) kinds_clear(&E->kinds);
    uint32_t round = 0;
again:
    qh = qt = 0;
    E->nheap = 0;
    if (timed) kinds_reset(&E->kinds);
    for (uint32_t i = 0; i < n; i++) {
        E->indeg[i] = (int32_t)G->nodes[i].npred + (s->prev[i] >= 0);
        if (E->indeg[i]) continue;
        if (timed) ready_push(E, s, i);
        else E->queue[qt++] = (int32_t)i;
    }
    for (;;) {
        uint32_t i;
        if (timed) {
            if (!E->nheap) break;
            i = (uint32_t)heap_pop(E);
            E->queue[qh++] = (int32_t)i;
            qt = qh;
        } else {
            if (qh >= qt) break;
            i = (uint32_t)E->queue[qh++];
        }
        const SNode *nd = &G->nodes[i];
        NodeState x;
        if (!place(E, s, i, &x, false)) {
            s->obj = obj_infinite();
            return false;
        }
        node_put(E, i, &x);
        if (clock_tick(E->clock, 1)) return false;
        for (uint32_t k = 0; k < nd->nsucc; k++) {
            int32_t sc = G->succ[nd->succ_off + k];
            if (--E->indeg[sc] == 0) {
                if (timed) ready_push(E, s, (uint32_t)sc);
                else E->queue[qt++] = sc;
            }
        }
        if (s->next[i] >= 0 && --E->indeg[s->next[i]] == 0) {
            if (timed) ready_push(E, s, (uint32_t)s->next[i]);
            else E->queue[qt++] = s->next[i];
        }
    }
    if (qt < n) { /* a cycle */
        s->obj = obj_infinite();
        return false;
    }
    if (timed && kinds_settle(&E->kinds, E->start, E->end)) {
        if (++round >= KIND_SETTLE_ROUNDS) {
            s->obj = obj_infinite();
            return false;
        }
        goto again;
    }
    /* the order the incremental repair keeps; decoded whole, the order of
     * placing (topological too) is enough */
    if (timed)
        for (uint32_t k = 0; k < qt; k++) E->pos[E->queue[k]] = k;
    else order_by_time(E, s, qt);
    for (uint32_t k = 0; k < p->wos.len; k++) E->wo_end[k] = p->wos.data[k].nops ? wo_end_of(E, k) : G->kit_floor[k];
    /* kits end when their parts do: in as many rounds as kits nest */
    for (uint32_t pass = 0; pass < 128; pass++) {
        bool changed = false;
        for (uint32_t k = 0; k < p->wos.len; k++) {
            if (p->wos.data[k].nops) continue;
            int64_t e = wo_end_of(E, k);
            if (e != E->wo_end[k]) E->wo_end[k] = e, changed = true;
        }
        if (!changed) break;
    }
    for (uint32_t o = 0; o < ir->norders; o++) E->done[o] = order_done_of(E, o);
    /* the trees */
    for (uint32_t i = 0; i < n; i++) E->fin.t[E->fin.size + i] = (double)(E->end[i] + G->wait[i]);
    agg_build(&E->fin);
    for (uint32_t k = 0; k < E->nterms; k++) {
        Term *t = &E->terms[k];
        if (Q_PER_ORDER(t->q))
            for (uint32_t o = 0; o < ir->norders; o++) t->agg.t[t->agg.size + o] = order_value(E, t, o);
        else
            for (uint32_t i = 0; i < n; i++) t->agg.t[t->agg.size + i] = node_value(E, s, t, i);
        agg_build(&t->agg);
    }
    s->obj = objective(E);
    s->finish = makespan_end(E);
    return true;
}

/* ---- the topological order, repaired (Pearce and Kelly) ---------------------------------- */
static uint32_t next_stamp(Eval *E)
{
    if (++E->stamp == 0) {
        memset(E->mark, 0, E->G->n * sizeof(uint32_t));
        memset(E->wmark, 0, E->G->p->wos.len * sizeof(uint32_t));
        memset(E->omark, 0, E->ir->norders * sizeof(uint32_t));
        E->stamp = 1;
    }
    return E->stamp;
}

static void set_pos(Eval *E, int32_t v, uint32_t at)
{
    if (E->journal) {
        JVal j = {v, E->pos[v]};
        vec_push(&E->jpos, j);
    }
    E->pos[v] = at;
}

static void sort_by_pos(const Eval *E, int32_t *v, uint32_t n, uint64_t *keys)
{
    for (uint32_t k = 0; k < n; k++) keys[k] = (uint64_t)E->pos[v[k]] << 32 | (uint32_t)v[k];
    qsort(keys, n, sizeof(uint64_t), by_u64);
    for (uint32_t k = 0; k < n; k++) v[k] = (int32_t)(uint32_t)keys[k];
}

/* The arc x -> y has been added (the arc sx -> sy, also new, is not looked
 * at yet). Restores the order: 1 done, 0 if the arc closes a cycle, -1 if
 * the clock stopped it. */
static int order_add_arc(Eval *E, const Sol *s, int32_t x, int32_t y, int32_t sx, int32_t sy)
{
    if (x < 0 || y < 0 || E->pos[x] < E->pos[y]) return 1;
    const Graph *G = E->G;
    uint32_t ub = E->pos[x], lb = E->pos[y];
    uint32_t st = next_stamp(E), nf = 0, nb = 0, sp = 0;
    /* forward from y, among the operations before x */
    E->stack[sp++] = y;
    E->mark[y] = st;
    while (sp) {
        int32_t w = E->stack[--sp];
        E->fwd[nf++] = w;
        if (clock_tick(E->clock, 1)) return -1;
        const SNode *nd = &G->nodes[w];
        for (uint32_t k = 0; k <= nd->nsucc; k++) {
            int32_t v = k < nd->nsucc ? G->succ[nd->succ_off + k] : s->next[w];
            if (v < 0 || (w == sx && v == sy)) continue;
            if (v == x) return 0;
            if (E->mark[v] != st && E->pos[v] < ub) {
                E->mark[v] = st;
                E->stack[sp++] = v;
            }
        }
    }
    /* backward from x, among the operations after y */
    E->stack[sp++] = x;
    E->mark[x] = st;
    while (sp) {
        int32_t w = E->stack[--sp];
        E->bwd[nb++] = w;
        if (clock_tick(E->clock, 1)) return -1;
        const SNode *nd = &G->nodes[w];
        for (uint32_t k = 0; k <= nd->npred; k++) {
            int32_t v = k < nd->npred ? G->pred[nd->pred_off + k] : s->prev[w];
            if (v < 0 || (v == sx && w == sy)) continue;
            if (E->mark[v] != st && E->pos[v] > lb) {
                E->mark[v] = st;
                E->stack[sp++] = v;
            }
        }
    }
    /* the backward set, then the forward set, into the places they held */
    sort_by_pos(E, E->fwd, nf, E->slots);
    sort_by_pos(E, E->bwd, nb, E->slots);
    uint32_t ns = 0;
    for (uint32_t k = 0; k < nb; k++) E->slots[ns++] = E->pos[E->bwd[k]];
    for (uint32_t k = 0; k < nf; k++) E->slots[ns++] = E->pos[E->fwd[k]];
    qsort(E->slots, ns, sizeof(uint64_t), by_u64);
    ns = 0;
    for (uint32_t k = 0; k < nb; k++) set_pos(E, E->bwd[k], (uint32_t)E->slots[ns++]);
    for (uint32_t k = 0; k < nf; k++) set_pos(E, E->fwd[k], (uint32_t)E->slots[ns++]);
    return 1;
}

/* ---- placing again what a move changed ---------------------------------------------------- */
static void heap_push(Eval *E, int32_t v)
{
    uint64_t key = (uint64_t)E->pos[v] << 32 | (uint32_t)v;
    uint32_t k = E->nheap++;
    while (k) {
        uint32_t up = (k - 1) / 2;
        if (E->heap[up] <= key) break;
        E->heap[k] = E->heap[up];
        k = up;
    }
    E->heap[k] = key;
}

static int32_t heap_pop(Eval *E)
{
    uint64_t top = E->heap[0], last = E->heap[--E->nheap];
    uint32_t k = 0, n = E->nheap;
    for (;;) {
        uint32_t c = 2 * k + 1;
        if (c >= n) break;
        if (c + 1 < n && E->heap[c + 1] < E->heap[c]) c++;
        if (E->heap[c] >= last) break;
        E->heap[k] = E->heap[c];
        k = c;
    }
    if (n) E->heap[k] = last;
    return (int32_t)(uint32_t)top;
}

static inline void push_once(Eval *E, int32_t v, uint32_t st)
{
    if (v >= 0 && E->mark[v] != st) {
        E->mark[v] = st;
        heap_push(E, v);
    }
}

static void dirty_wo(Eval *E, uint32_t w, uint32_t st)
{
    if (E->wmark[w] == st) return;
    E->wmark[w] = st;
    vec_push(&E->dirty_wo, (int32_t)w);
}

/* Work orders whose operations changed, the kits they are parts of and the
 * orders that wait for them: their ends again, journalled. */
static void update_orders(Eval *E, uint32_t st)
{
    const Graph *G = E->G;
    E->dirty_order.len = 0;
    E->kit_queue.len = 0;
    uint32_t nd = E->dirty_wo.len, q = 0;
    /* the work orders with operations, then the kits as they come (a kit
     * may come again when more than one of its parts changed) */
    while (q < nd + E->kit_queue.len) {
        uint32_t w = (uint32_t)(q < nd ? E->dirty_wo.data[q] : E->kit_queue.data[q - nd]);
        q++;
        int64_t e = wo_end_of(E, w);
        if (e == E->wo_end[w]) continue;
        if (E->journal) {
            JVal j = {(int32_t)w, E->wo_end[w]};
            vec_push(&E->jwo, j);
        }
        E->wo_end[w] = e;
        for (uint32_t k = G->wo_kits_off[w]; k < G->wo_kits_off[w + 1]; k++) vec_push(&E->kit_queue, (int32_t)G->wo_kits[k]);
        for (uint32_t k = G->wo_orders_off[w]; k < G->wo_orders_off[w + 1]; k++) {
            uint32_t o = G->wo_orders[k];
            if (E->omark[o] != st) {
                E->omark[o] = st;
                vec_push(&E->dirty_order, (int32_t)o);
            }
        }
    }
    for (q = 0; q < E->dirty_order.len; q++) {
        uint32_t o = (uint32_t)E->dirty_order.data[q];
        int64_t d = order_done_of(E, o);
        if (d == E->done[o]) continue;
        if (E->journal) {
            JVal j = {(int32_t)o, E->done[o]};
            vec_push(&E->jdone, j);
        }
        E->done[o] = d;
        order_leaves(E, o);
    }
}

/* After moving node a (whose unit neighbours were op, on before): the order
 * repaired and everything that changed placed again. 1 done, 0 infeasible,
 * -1 stopped by the clock. */
static int after_move(Eval *E, Sol *s, int32_t a, int32_t on)
{
    int32_t np = s->prev[a], nn = s->next[a];
    int r = order_add_arc(E, s, np, a, a, nn);
    if (r > 0) r = order_add_arc(E, s, a, nn, -1, -1);
    if (r <= 0) return r;
    uint32_t st = next_stamp(E);
    E->nheap = 0;
    E->dirty_wo.len = 0;
    E->moved = a;
    push_once(E, a, st);
    push_once(E, on, st);
    push_once(E, nn, st);
    const Graph *G = E->G;
    while (E->nheap) {
        int32_t v = heap_pop(E);
        if (clock_tick(E->clock, 1)) return -1;
        NodeState x, old = node_get(E, (uint32_t)v);
        if (!place(E, s, (uint32_t)v, &x, true)) return 0;
        bool same = node_same(&x, &old);
        if (!same) {
            if (E->journal) {
                JNode j = {v, old};
                vec_push(&E->jn, j);
            }
            node_put(E, (uint32_t)v, &x);
            if (x.end != old.end || x.ufree != old.ufree || x.ulast != old.ulast) {
                const SNode *nd = &G->nodes[v];
                for (uint32_t k = 0; k < nd->nsucc; k++) push_once(E, G->succ[nd->succ_off + k], st);
                push_once(E, s->next[v], st);
            }
            if (x.end != old.end) dirty_wo(E, (uint32_t)G->nodes[v].wo, st);
        }
        if (!same || v == a) node_leaves(E, s, (uint32_t)v);
    }
    update_orders(E, st);
    return 1;
}

static void journal_begin(Eval *E)
{
    E->journal = true;
    E->jn.len = E->jpos.len = E->jwo.len = E->jdone.len = 0;
}

/* Everything back as it was before the journal began; s is back already. */
static void journal_rollback(Eval *E, const Sol *s, int32_t a)
{
    for (uint32_t k = E->jpos.len; k-- > 0;) E->pos[E->jpos.data[k].i] = (uint32_t)E->jpos.data[k].old;
    for (uint32_t k = E->jn.len; k-- > 0;) node_put(E, (uint32_t)E->jn.data[k].i, &E->jn.data[k].old);
    for (uint32_t k = E->jwo.len; k-- > 0;) E->wo_end[E->jwo.data[k].i] = E->jwo.data[k].old;
    for (uint32_t k = E->jdone.len; k-- > 0;) E->done[E->jdone.data[k].i] = E->jdone.data[k].old;
    for (uint32_t k = 0; k < E->jn.len; k++) node_leaves(E, s, (uint32_t)E->jn.data[k].i);
    node_leaves(E, s, (uint32_t)a);
    for (uint32_t k = 0; k < E->jdone.len; k++) order_leaves(E, (uint32_t)E->jdone.data[k].i);
    E->journal = false;
}

/* ---- the whole-schedule mode ---------------------------------------------------------------- */
#define SWAP_PTR(a, b)                                                                                     \
    do {                                                                                                   \
        void *t_ = (void *)(a);                                                                            \
        (a) = (b);                                                                                         \
        (b) = t_;                                                                                          \
    } while (0)

/* Exchanges the schedule with its second copy: a decode into the copy
 * leaves the schedule it had intact, to be taken back by another exchange. */
static void swap_schedule(Eval *E)
{
    SWAP_PTR(E->est, E->spare.est);
    SWAP_PTR(E->start, E->spare.start);
    SWAP_PTR(E->end, E->spare.end);
    SWAP_PTR(E->ufree, E->spare.ufree);
    SWAP_PTR(E->wo_end, E->spare.wo_end);
    SWAP_PTR(E->done, E->spare.done);
    SWAP_PTR(E->setup, E->spare.setup);
    SWAP_PTR(E->cost, E->spare.cost);
    SWAP_PTR(E->bind, E->spare.bind);
    SWAP_PTR(E->uprev, E->spare.uprev);
    SWAP_PTR(E->ulast, E->spare.ulast);
    SWAP_PTR(E->bind_kind, E->spare.bind_kind);
    SWAP_PTR(E->pos, E->spare.pos);
    SWAP_PTR(E->fin.t, E->spare.fin);
    for (uint32_t k = 0; k < E->nterms; k++) SWAP_PTR(E->terms[k].agg.t, E->spare.terms[k]);
}

/* Move m decoded whole into the second copy of the schedule. keep: a
 * feasible move stays made, its schedule the current one; otherwise (and
 * always for a trial) s and the schedule are as they were. Returns whether
 * the move decoded; *val: the objective after it, INFINITY if infeasible,
 * NAN if the clock stopped it. */
static bool whole_move(Eval *E, Sol *s, const Move *m, bool keep, Undo *out, Obj *val)
{
    Obj obj = s->obj;
    int64_t finish = s->finish;
    swap_schedule(E);
    Undo u = move_apply(E->G, s, m);
    bool ok = eval_full(E, s);
    *val = ok ? s->obj : obj_first(E->clock && E->clock->stopped ? NAN : INFINITY);
    if (ok && keep) {
        if (out) *out = u;
        return true;
    }
    move_undo(E->G, s, &u);
    swap_schedule(E);
    s->obj = obj;
    s->finish = finish;
    return ok;
}

void eval_kinds_end(Eval *E, Plan *p) { kinds_end(&E->kinds, p); }

Obj eval_try(Eval *E, Sol *s, const Move *m)
{
    if (!E->incremental) {
        Obj v;
        whole_move(E, s, m, false, NULL, &v);
        return v;
    }
    int32_t on = s->next[m->a];
    journal_begin(E);
    Undo u = move_apply(E->G, s, m);
    int r = after_move(E, s, m->a, on);
    Obj v = r > 0 ? objective(E) : obj_first(r == 0 ? INFINITY : NAN);
    move_undo(E->G, s, &u);
    journal_rollback(E, s, m->a);
    return v;
}

bool eval_make(Eval *E, Sol *s, const Move *m, Undo *out)
{
    Undo u;
    if (!E->incremental) {
        Obj v;
        return whole_move(E, s, m, true, out, &v);
    }
    int32_t on = s->next[m->a];
    journal_begin(E);
    u = move_apply(E->G, s, m);
    int r = after_move(E, s, m->a, on);
    if (r <= 0) {
        move_undo(E->G, s, &u);
        journal_rollback(E, s, m->a);
        return false;
    }
    E->journal = false;
    s->obj = objective(E);
    s->finish = makespan_end(E);
    if (out) *out = u;
    return true;
}

/* ---- where to aim -------------------------------------------------------------------------- */
/* The last operation of order o: of the work order it waits for longest,
 * through kits to one with operations; -1 if none. */
static int32_t order_last_op(const Eval *E, uint32_t o)
{
    const Graph *G = E->G;
    const Plan *p = G->p;
    int32_t w = -1;
    for (uint32_t k = 0; k < p->order_wos[o].len; k++) {
        int32_t x = (int32_t)p->order_wos[o].data[k];
        if (w < 0 || E->wo_end[x] > E->wo_end[w]) w = x;
    }
    for (int depth = 0; w >= 0 && !p->wos.data[w].nops && depth < 128; depth++) {
        const WorkOrder *kw = &p->wos.data[w];
        int32_t b = -1;
        for (uint32_t q = 0; q < kw->nsupplies; q++)
            if (b < 0 || E->wo_end[kw->supplies[q]] > E->wo_end[b]) b = kw->supplies[q];
        w = b;
    }
    if (w < 0 || !p->wos.data[w].nops) return -1;
    const WorkOrder *ww = &p->wos.data[w];
    int32_t t = -1;
    for (uint32_t s = 0; s < ww->nops; s++) {
        int32_t i = (int32_t)(ww->first_op + s);
        if (t < 0 || E->end[i] + G->wait[i] > E->end[t] + G->wait[t]) t = i;
    }
    return t;
}

int32_t eval_late_target(Eval *E, uint32_t (*rnd)(void *ctx, uint32_t n), void *ctx)
{
    if (E->late_term < 0) return -1;
    const Agg *late = &E->terms[E->late_term].agg;
    double nlate = agg_total(late);
    if (!(nlate >= 1)) return -1;
    uint32_t o = UINT32_MAX;
    if (E->due_term >= 0 && rnd(ctx, 2) == 0) {
        /* half the time by what its lateness costs: the costly ones more
         * often, and the others still now and then */
        const Agg *cost = &E->terms[E->due_term].agg;
        double total = agg_total(cost);
        if (total > 0) {
            double u = (double)rnd(ctx, 1u << 30) / (double)(1u << 30) * total;
            o = agg_sample(cost, u);
            if (!(cost->t[cost->size + o] > 0) || !(late->t[late->size + o] > 0)) o = UINT32_MAX;
        }
    }
    if (o == UINT32_MAX) o = agg_nth(late, (double)rnd(ctx, (uint32_t)nlate));
    return order_last_op(E, o);
}

int32_t eval_target(Eval *E, uint32_t (*rnd)(void *ctx, uint32_t n), void *ctx, bool *late)
{
    int32_t last = (int32_t)agg_argmax(&E->fin);
    if (late) *late = false;
    if (E->late_term < 0) return last;
    uint64_t vars = E->G->obj_vars;
    if ((vars & 1ull << RV_PLAN_MAKESPAN) && rnd(ctx, 2) == 0) return last;
    int32_t t = eval_late_target(E, rnd, ctx);
    if (late) *late = t >= 0;
    return t >= 0 ? t : last;
}

int32_t eval_random_setup(Eval *E, uint32_t r)
{
    if (E->setups_term < 0) return -1;
    const Agg *a = &E->terms[E->setups_term].agg;
    double n = agg_total(a);
    if (!(n >= 1)) return -1;
    return (int32_t)agg_nth(a, (double)(r % (uint32_t)n));
}

/* ---- for tests ------------------------------------------------------------------------------- */
bool eval_equal(const Eval *A, const Eval *B, const Sol *s)
{
    const Graph *G = A->G;
    const Plan *p = G->p;
    for (uint32_t i = 0; i < G->n; i++) {
        NodeState x = node_get(A, i), y = node_get(B, i);
        if (!node_same(&x, &y)) return false;
        /* the order is topological */
        const SNode *nd = &G->nodes[i];
        for (uint32_t k = 0; k < nd->nsucc; k++)
            if (A->pos[G->succ[nd->succ_off + k]] <= A->pos[i]) return false;
        if (s->next[i] >= 0 && A->pos[s->next[i]] <= A->pos[i]) return false;
    }
    for (uint32_t w = 0; w < p->wos.len; w++)
        if (A->wo_end[w] != B->wo_end[w]) return false;
    for (uint32_t o = 0; o < A->ir->norders; o++)
        if (A->done[o] != B->done[o]) return false;
    if (agg_total(&A->fin) != agg_total(&B->fin)) return false;
    for (uint32_t k = 0; k < A->nterms; k++)
        if (agg_total(&A->terms[k].agg) != agg_total(&B->terms[k].agg)) return false;
    return true;
}
