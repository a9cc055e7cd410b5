/* search.c: the optimising search after the dispatching pass (docs/search.md).
 *
 * A solution is, for every machine unit, the sequence of operations on it,
 * and for every operation the machine it runs on. decode() turns a solution
 * into a schedule — each operation as early as its predecessors, its unit,
 * its release and its materials allow, through the machine's calendar and
 * with the setup from the job before it — so every solution it accepts is
 * feasible by construction, and the objective it reports is exact.
 *
 * The search is a tabu search on the disjunctive graph in the manner of the
 * job-shop literature (TSAB, i-TSAB): the neighbourhood is built from the
 * critical path — swaps of the first and last two operations of each
 * critical block (N5), moves of an operation to the front or back of its
 * block (N7), and moves of a critical operation to another unit or
 * alternative machine (flexible job shops) — every neighbour is evaluated
 * exactly, the best non-tabu one is taken (a tabu one only if it beats the
 * best so far), and after a long stretch without improvement the search
 * restarts from the best solution with a random perturbation.
 *
 * Independent searches run on threads with seeds seed, seed+1, ...; with an
 * iteration limit each is deterministic, and so is the best of them. */
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kind.h"
#include "search_impl.h"

/* ---- building ------------------------------------------------------------------------ */
/* The machines and orders the objective's restricted measures count, if the
 * plan was not measured yet. */
static void plan_measure_sets(Plan *p)
{
    if (p->msets || !p->ir->nmeasures) return;
    Engine *e = engine_interp_new(p->ir);
    p->msets = measure_sets(p->ir, e, &p->arena);
    e->free(e);
}

static void add_edge(I32Vec *pv, I64Vec *lv, int32_t p, int64_t lag)
{
    vec_push(pv, p);
    vec_push(lv, lag);
}

/* The work orders a work order waits for, kits looked through. */
static void effective_supplies(const Plan *p, int32_t wi, U32Vec *out, int64_t *floor_at, int depth)
{
    const WorkOrder *w = &p->wos.data[wi];
    for (uint32_t k = 0; k < w->nsupplies && depth <= SEMA_MAX_BOM_DEPTH; k++) {
        int32_t s = w->supplies[k];
        const WorkOrder *sw = &p->wos.data[s];
        if (sw->nops == 0) {
            int64_t f = sw->release > sw->material_ready ? sw->release : sw->material_ready;
            if (f > *floor_at) *floor_at = f;
            effective_supplies(p, s, out, floor_at, depth + 1);
        } else vec_push(out, (uint32_t)s);
    }
}

/* A CSR index: for each of n keys, the values from [off[k], off[k + 1]). */
static void csr_build(uint32_t n, const uint32_t *key, const uint32_t *val, uint32_t m, uint32_t **off_out,
                      uint32_t **val_out)
{
    uint32_t *off = tk_xalloc((n + 2) * sizeof(uint32_t));
    memset(off, 0, (n + 2) * sizeof(uint32_t));
    for (uint32_t k = 0; k < m; k++) off[key[k] + 2]++;
    for (uint32_t k = 0; k < n; k++) off[k + 2] += off[k + 1];
    uint32_t *out = tk_xalloc((m + 1) * sizeof(uint32_t));
    for (uint32_t k = 0; k < m; k++) out[off[key[k] + 1]++] = val[k];
    *off_out = off;
    *val_out = out;
}

/* What the objective needs beyond the operations: each node's wait, the
 * orders each work order serves and the kits it is a part of, the kits'
 * own release and materials, and each product's operations. */
static void graph_orders(Graph *G)
{
    const Plan *p = G->p;
    const IrModel *ir = G->ir;
    G->nwos = p->wos.len;
    G->wait = tk_xalloc((G->n + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < G->n; i++) {
        const Op *op = &p->ops.data[i];
        G->wait[i] = plan_work_minutes(ir->products[p->wos.data[op->wo].product].steps[op->step].wait);
    }
    U32Vec key = {0}, val = {0};
    for (uint32_t o = 0; o < ir->norders; o++)
        for (uint32_t k = 0; k < p->order_wos[o].len; k++) {
            vec_push(&key, p->order_wos[o].data[k]);
            vec_push(&val, o);
        }
    csr_build(G->nwos, key.data, val.data, key.len, &G->wo_orders_off, &G->wo_orders);
    key.len = val.len = 0;
    G->kit_floor = tk_xalloc((G->nwos + 1) * sizeof(int64_t));
    G->end_floor = ir->start;
    for (uint32_t w = 0; w < G->nwos; w++) {
        const WorkOrder *wo = &p->wos.data[w];
        G->kit_floor[w] = wo->release > wo->material_ready ? wo->release : wo->material_ready;
        if (wo->nops) continue;
        if (G->kit_floor[w] > G->end_floor) G->end_floor = G->kit_floor[w];
        for (uint32_t q = 0; q < wo->nsupplies; q++) {
            vec_push(&key, (uint32_t)wo->supplies[q]);
            vec_push(&val, w);
        }
    }
    csr_build(G->nwos, key.data, val.data, key.len, &G->wo_kits_off, &G->wo_kits);
    key.len = val.len = 0;
    for (uint32_t i = 0; i < G->n; i++) {
        vec_push(&key, (uint32_t)p->wos.data[G->nodes[i].wo].product);
        vec_push(&val, i);
    }
    csr_build(ir->nproducts, key.data, val.data, key.len, &G->prod_off, (uint32_t **)&G->prod_nodes);
    vec_free(&key);
    vec_free(&val);
}

static Graph *graph_build(const Plan *p)
{
    const IrModel *ir = p->ir;
    Graph *G = tk_xalloc(sizeof *G);
    memset(G, 0, sizeof *G);
    G->p = p;
    G->ir = ir;
    G->n = p->ops.len;
    G->nlevels = ir->nobjectives ? ir->nobjectives : 1;
    for (uint32_t k = 0; k < ir->nobjectives; k++) G->obj_vars |= ir->funcs[ir->objective_fns[k]].vars;
    G->nodes = tk_xalloc((G->n + 1) * sizeof(SNode));
    G->unit_base = tk_xalloc((ir->nmachines + 1) * sizeof(uint32_t));
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        G->unit_base[m] = G->nunits;
        G->nunits += ir->machines[m].units;
    }
    G->unit_machine = tk_xalloc((G->nunits + 1) * sizeof(int32_t));
    G->sub_unit = tk_xalloc(G->nunits + 1);
    for (uint32_t m = 0; m < ir->nmachines; m++)
        for (uint32_t u = 0; u < ir->machines[m].units; u++) {
            G->unit_machine[G->unit_base[m] + u] = (int32_t)m;
            G->sub_unit[G->unit_base[m] + u] = ir->machines[m].subcontract;
        }
    G->pins = p->pin_machine != NULL;
    I32Vec pred = {0};
    I64Vec lag = {0};
    TK_VEC_OF(uint8_t) from = {0};
    bool follow = kinds_follow_used(ir);
    TK_VEC_OF(SAlt) alts = {0};
    U32Vec sup = {0};
    for (uint32_t wi = 0; wi < p->wos.len; wi++) {
        const WorkOrder *w = &p->wos.data[wi];
        const IrProduct *pr = &ir->products[w->product];
        if (w->nops) G->njobs++;
        sup.len = 0;
        int64_t floor_at = w->release > w->material_ready ? w->release : w->material_ready;
        if (floor_at < ir->start) floor_at = ir->start;
        effective_supplies(p, (int32_t)wi, &sup, &floor_at, 0);
        for (uint32_t s = 0; s < w->nops; s++) {
            uint32_t ni = w->first_op + s;
            SNode *nd = &G->nodes[ni];
            const Op *op = &p->ops.data[ni];
            const IrStep *st = &pr->steps[op->step];
            nd->op = (int32_t)ni;
            nd->wo = (int32_t)wi;
            nd->pred_off = pred.len;
            /* the operations before it in its work order (sublot by sublot: plan_link_ops) */
            for (uint32_t e = p->pred_at[ni]; e < p->pred_at[ni + 1]; e++) {
                uint32_t q = p->pred[e];
                if (follow) {
                    /* transfer lots: from its start, its wait after every lot (the kind's) */
                    uint8_t f = kinds_follow_start(p, q, ni);
                    vec_push(&from, f);
                    if (f) {
                        add_edge(&pred, &lag, (int32_t)q, 0);
                        continue;
                    }
                }
                add_edge(&pred, &lag, (int32_t)q, plan_work_minutes(pr->steps[p->ops.data[q].step].wait));
            }
            if (p->pred_at[ni + 1] == p->pred_at[ni]) {
                nd->release = floor_at;
                /* after every operation that ends a component's work order */
                for (uint32_t k = 0; k < sup.len; k++) {
                    const WorkOrder *sw = &p->wos.data[sup.data[k]];
                    const IrProduct *sp = &ir->products[sw->product];
                    for (uint32_t t = sw->first_op; t < sw->first_op + sw->nops; t++)
                        if (p->succ_at[t + 1] == p->succ_at[t]) {
                            add_edge(&pred, &lag, (int32_t)t, plan_work_minutes(sp->steps[p->ops.data[t].step].wait));
                            if (follow) vec_push(&from, 0);
                        }
                }
            } else nd->release = ir->start;
            nd->npred = pred.len - nd->pred_off;
            nd->alt_off = alts.len;
            for (uint32_t a = 0; a < st->nalts; a++) {
                SAlt sa = {st->alts[a].machine, st->alts[a].setup,
                           st->alts[a].per_piece ? st->alts[a].run * op->qty : st->alts[a].run};
                vec_push(&alts, sa);
            }
            nd->nalts = st->nalts;
        }
    }
    G->pred = pred.data;
    G->lag = lag.data;
    G->from_start = from.data;
    G->alts = alts.data;
    /* what the actuals report stays; the rest starts from now */
    G->frozen = tk_xalloc(G->n + 1);
    int64_t now = plan_now(ir);
    for (uint32_t i = 0; i < G->n; i++) {
        G->frozen[i] = p->ops.data[i].actual != ACT_NONE;
        G->nfrozen += G->frozen[i];
        if (!G->frozen[i] && G->nodes[i].release < now) G->nodes[i].release = now;
    }
    /* successors from predecessors */
    uint32_t *cnt = tk_xalloc((G->n + 1) * sizeof(uint32_t));
    memset(cnt, 0, (G->n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < G->n; i++)
        for (uint32_t k = 0; k < G->nodes[i].npred; k++) cnt[G->pred[G->nodes[i].pred_off + k]]++;
    uint32_t off = 0;
    for (uint32_t i = 0; i < G->n; i++) {
        G->nodes[i].succ_off = off;
        off += cnt[i];
        G->nodes[i].nsucc = 0;
    }
    G->succ = tk_xalloc((off + 1) * sizeof(int32_t));
    G->slag = tk_xalloc((off + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < G->n; i++)
        for (uint32_t k = 0; k < G->nodes[i].npred; k++) {
            SNode *pn = &G->nodes[G->pred[G->nodes[i].pred_off + k]];
            G->slag[pn->succ_off + pn->nsucc] = G->lag[G->nodes[i].pred_off + k];
            G->succ[pn->succ_off + pn->nsucc++] = (int32_t)i;
        }
    tk_free(cnt);
    vec_free(&sup);
    graph_orders(G);
    return G;
}

static void graph_free(Graph *G)
{
    tk_free(G->frozen);
    tk_free(G->nodes);
    tk_free(G->pred);
    tk_free(G->lag);
    tk_free(G->from_start);
    tk_free(G->succ);
    tk_free(G->slag);
    tk_free(G->alts);
    tk_free(G->unit_base);
    tk_free(G->unit_machine);
    tk_free(G->sub_unit);
    tk_free(G->wait);
    tk_free(G->wo_orders_off);
    tk_free(G->wo_orders);
    tk_free(G->wo_kits_off);
    tk_free(G->wo_kits);
    tk_free(G->kit_floor);
    tk_free(G->prod_off);
    tk_free(G->prod_nodes);
    tk_free(G);
}

Sol sol_new(const Graph *G)
{
    Sol s;
    s.alt = tk_xalloc((G->n + 1) * sizeof(int32_t));
    s.gunit = tk_xalloc((G->n + 1) * sizeof(int32_t));
    s.prev = tk_xalloc((G->n + 1) * sizeof(int32_t));
    s.next = tk_xalloc((G->n + 1) * sizeof(int32_t));
    s.head = tk_xalloc((G->nunits + 1) * sizeof(int32_t));
    s.obj = obj_infinite();
    s.finish = INT64_MAX;
    return s;
}

void sol_copy(const Graph *G, Sol *d, const Sol *s)
{
    memcpy(d->alt, s->alt, G->n * sizeof(int32_t));
    memcpy(d->gunit, s->gunit, G->n * sizeof(int32_t));
    memcpy(d->prev, s->prev, G->n * sizeof(int32_t));
    memcpy(d->next, s->next, G->n * sizeof(int32_t));
    memcpy(d->head, s->head, G->nunits * sizeof(int32_t));
    d->obj = s->obj;
    d->finish = s->finish;
}

void sol_free(Sol *s)
{
    tk_free(s->alt);
    tk_free(s->gunit);
    tk_free(s->prev);
    tk_free(s->next);
    tk_free(s->head);
}

/* The dispatch plan as a solution: each unit's operations by start time. */
static const Plan *init_plan;
static int by_start(const void *a, const void *b)
{
    const Op *x = &init_plan->ops.data[*(const uint32_t *)a], *y = &init_plan->ops.data[*(const uint32_t *)b];
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static void sol_from_plan(const Graph *G, Sol *s)
{
    const Plan *p = G->p;
    for (uint32_t g = 0; g < G->nunits; g++) s->head[g] = -1;
    uint32_t *ix = tk_xalloc((G->n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < G->n; i++) {
        ix[i] = i;
        const Op *op = &p->ops.data[i];
        const SNode *nd = &G->nodes[i];
        s->alt[i] = 0;
        for (uint32_t a = 0; a < nd->nalts; a++)
            if (G->alts[nd->alt_off + a].machine == op->machine) s->alt[i] = (int32_t)a;
        s->gunit[i] = (int32_t)(G->unit_base[op->machine] + (uint32_t)op->unit);
        s->prev[i] = s->next[i] = -1;
    }
    init_plan = p;
    qsort(ix, G->n, sizeof(uint32_t), by_start);
    int32_t *tail = tk_xalloc((G->nunits + 1) * sizeof(int32_t));
    for (uint32_t g = 0; g < G->nunits; g++) tail[g] = -1;
    for (uint32_t k = 0; k < G->n; k++) {
        int32_t i = (int32_t)ix[k];
        int32_t g = s->gunit[i];
        if (G->sub_unit[g]) continue; /* sent out: in no sequence */
        if (tail[g] < 0) s->head[g] = i;
        else s->next[tail[g]] = i;
        s->prev[i] = tail[g];
        tail[g] = i;
    }
    tk_free(tail);
    tk_free(ix);
}

/* Moves that may save a setup, for objectives that count setups or cost: a
 * few operations that now have a setup, each put right after or right
 * before an operation of the same product on a unit it may use, where the
 * setup between them is the smallest there is. */
static uint32_t setup_moves(const Graph *G, Eval *E, const Sol *s, Rng *r, Move *mv, uint32_t max)
{
    uint32_t n = 0;
    const WorkOrder *wos = G->p->wos.data;
    for (int tries = 0; tries < 3; tries++) {
        int32_t x = eval_random_setup(E, rng_next(r, UINT32_MAX));
        if (x < 0) return n;
        const SNode *nd = &G->nodes[x];
        int32_t prod = wos[nd->wo].product;
        uint32_t lo = G->prod_off[prod], cnt = G->prod_off[prod + 1] - lo, found = 0;
        uint32_t k0 = rng_next(r, cnt);
        for (uint32_t k = 0; k < cnt && found < 3 && n + 2 < max; k++) {
            int32_t y = G->prod_nodes[lo + (k0 + k) % cnt];
            if (y == x || s->gunit[y] < 0 || G->sub_unit[s->gunit[y]]) continue;
            int32_t g = s->gunit[y], m = G->unit_machine[g];
            int32_t alt = -1;
            for (uint32_t a = 0; a < nd->nalts; a++)
                if (G->alts[nd->alt_off + a].machine == m) alt = (int32_t)a;
            if (alt < 0) continue;
            found++;
            if (g == s->gunit[x]) {
                if (s->next[y] != x) mv[n++] = (Move){MV_AFTER, x, y, 0, 0};
                if (s->prev[y] != x) mv[n++] = (Move){MV_BEFORE, x, y, 0, 0};
            } else {
                mv[n++] = (Move){MV_UNIT, x, y, g, alt};
                mv[n++] = (Move){MV_UNIT, x, s->prev[y], g, alt};
            }
        }
    }
    return n;
}

/* ---- diversification ------------------------------------------------------------------ */
void elite_init(Elite *e) { memset(e, 0, sizeof *e); }

void elite_free(Elite *e)
{
    for (uint32_t k = 0; k < e->n; k++) sol_free(&e->sol[k]);
    e->n = 0;
}

uint32_t sol_distance(const Graph *G, const Sol *a, const Sol *b)
{
    uint32_t d = 0;
    for (uint32_t i = 0; i < G->n; i++) d += a->gunit[i] != b->gunit[i] || a->next[i] != b->next[i];
    return d;
}

bool elite_offer(Elite *e, const Graph *G, const Sol *s)
{
    uint32_t worst = 0;
    for (uint32_t k = 0; k < e->n; k++) {
        if (obj_equal(&e->sol[k].obj, &s->obj, G->nlevels) && !sol_distance(G, &e->sol[k], s)) return false;
        if (obj_less(&e->sol[worst].obj, &e->sol[k].obj, G->nlevels)) worst = k;
    }
    if (e->n < ELITE_SIZE) {
        e->sol[e->n] = sol_new(G);
        sol_copy(G, &e->sol[e->n++], s);
        return true;
    }
    if (!obj_less(&s->obj, &e->sol[worst].obj, G->nlevels)) return false;
    sol_copy(G, &e->sol[worst], s);
    return true;
}

/* Each node's place in a topological order of s's graph (its job arcs and
 * unit sequences), into rank; false if it has a cycle. */
static bool sol_rank(const Graph *G, const Sol *s, int32_t *rank, int32_t *indeg, int32_t *queue)
{
    uint32_t qh = 0, qt = 0;
    for (uint32_t i = 0; i < G->n; i++) {
        indeg[i] = (int32_t)G->nodes[i].npred + (s->prev[i] >= 0);
        if (!indeg[i]) queue[qt++] = (int32_t)i;
    }
    while (qh < qt) {
        int32_t i = queue[qh];
        rank[i] = (int32_t)qh++;
        const SNode *nd = &G->nodes[i];
        for (uint32_t k = 0; k < nd->nsucc; k++)
            if (--indeg[G->succ[nd->succ_off + k]] == 0) queue[qt++] = G->succ[nd->succ_off + k];
        if (s->next[i] >= 0 && --indeg[s->next[i]] == 0) queue[qt++] = s->next[i];
    }
    return qt == G->n;
}

typedef struct Keyed {
    double key, key2;
    int32_t unit, node;
} Keyed;

static int by_unit_key(const void *x, const void *y)
{
    const Keyed *a = x, *b = y;
    if (a->unit != b->unit) return a->unit < b->unit ? -1 : 1;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    if (a->key2 != b->key2) return a->key2 < b->key2 ? -1 : 1;
    return (a->node > b->node) - (a->node < b->node);
}

void sol_between(const Graph *G, const Sol *a, const int64_t *sa, const Sol *b, const int64_t *sb, double lambda,
                 Rng *rng, Sol *out)
{
    uint32_t n = G->n;
    int32_t *ra = tk_xalloc((n + 1) * sizeof(int32_t)), *rb = tk_xalloc((n + 1) * sizeof(int32_t));
    int32_t *indeg = tk_xalloc((n + 1) * sizeof(int32_t)), *queue = tk_xalloc((n + 1) * sizeof(int32_t));
    bool oka = sol_rank(G, a, ra, indeg, queue), okb = sol_rank(G, b, rb, indeg, queue);
    tk_free(indeg);
    tk_free(queue);
    if (!oka || !okb) { /* not a solution: a itself */
        sol_copy(G, out, a);
        tk_free(ra);
        tk_free(rb);
        return;
    }
    Keyed *k = tk_xalloc((n + 1) * sizeof(Keyed));
    uint32_t threshold = (uint32_t)(lambda * 1000000.0);
    for (uint32_t i = 0; i < n; i++) {
        const Sol *from = rng_next(rng, 1000000) < threshold ? b : a;
        out->alt[i] = from->alt[i];
        out->gunit[i] = from->gunit[i];
        out->prev[i] = out->next[i] = -1;
        k[i] = (Keyed){(1 - lambda) * (double)sa[i] + lambda * (double)sb[i], (1 - lambda) * ra[i] + lambda * rb[i],
                       out->gunit[i], (int32_t)i};
    }
    qsort(k, n, sizeof(Keyed), by_unit_key);
    for (uint32_t g = 0; g < G->nunits; g++) out->head[g] = -1;
    for (uint32_t j = 0; j < n; j++) {
        int32_t i = k[j].node;
        if (G->sub_unit[k[j].unit]) continue;
        if (j && k[j - 1].unit == k[j].unit) {
            out->prev[i] = k[j - 1].node;
            out->next[k[j - 1].node] = i;
        } else out->head[k[j].unit] = i;
    }
    out->obj = obj_infinite();
    out->finish = INT64_MAX;
    tk_free(k);
    tk_free(ra);
    tk_free(rb);
}

bool relink_applies(const Graph *G)
{
    if (G->pins || G->nfrozen) return false;
    for (uint32_t g = 0; g < G->nunits; g++)
        if (G->sub_unit[g]) return false;
    return true;
}

/* ---- the tabu list ---------------------------------------------------------------- */
static uint64_t tkey(uint32_t x, uint32_t y, bool unit) { return ((uint64_t)x << 33) | ((uint64_t)unit << 32) | y; }

void tabu_init(Tabu *t, uint32_t cap_log2)
{
    t->cap = 1u << cap_log2;
    t->keys = tk_xalloc(t->cap * sizeof(uint64_t));
    t->until = tk_xalloc(t->cap * sizeof(int64_t));
    tabu_clear(t);
}

void tabu_free(Tabu *t)
{
    tk_free(t->keys);
    tk_free(t->until);
}

void tabu_clear(Tabu *t)
{
    memset(t->keys, 0, t->cap * sizeof(uint64_t));
    t->used = 0;
}

static uint32_t tabu_find(const Tabu *t, uint64_t k)
{
    uint32_t mask = t->cap - 1, i = (uint32_t)((k * 0x9E3779B97F4A7C15ull) >> 40) & mask;
    while (t->keys[i] != 0 && t->keys[i] != k + 1) i = (i + 1) & mask;
    return i;
}

/* Forbids x before y (or x on unit y) until iteration `until`. When the
 * table fills, expired entries go, and it grows if that is not enough. */
void tabu_set(Tabu *t, uint32_t x, uint32_t y, bool unit, int64_t iter, int64_t until)
{
    if (t->used * 2 >= t->cap) {
        uint32_t cap = t->cap, live = 0;
        uint64_t *keys = t->keys;
        int64_t *u = t->until;
        for (uint32_t i = 0; i < cap; i++) live += keys[i] && u[i] > iter;
        t->cap = live * 4 >= cap ? cap * 2 : cap;
        t->keys = tk_xalloc(t->cap * sizeof(uint64_t));
        t->until = tk_xalloc(t->cap * sizeof(int64_t));
        memset(t->keys, 0, t->cap * sizeof(uint64_t));
        t->used = 0;
        for (uint32_t i = 0; i < cap; i++)
            if (keys[i] && u[i] > iter) {
                uint32_t j = tabu_find(t, keys[i] - 1);
                t->keys[j] = keys[i];
                t->until[j] = u[i];
                t->used++;
            }
        tk_free(keys);
        tk_free(u);
    }
    uint64_t k = tkey(x, y, unit);
    uint32_t i = tabu_find(t, k);
    if (!t->keys[i]) {
        t->keys[i] = k + 1;
        t->used++;
    }
    t->until[i] = until;
}

bool tabu_is(const Tabu *t, uint32_t x, uint32_t y, bool unit, int64_t iter)
{
    uint32_t i = tabu_find(t, tkey(x, y, unit));
    return t->keys[i] && t->until[i] > iter;
}

/* ---- the search ------------------------------------------------------------------- */
double search_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads the clock and the stop flag; every CLOCK_EVERY units of work. */
bool clock_check(Clock *c)
{
    if (!c->sh) return false;
    c->next = c->work + CLOCK_EVERY;
    const SearchOptions *o = c->sh->opt;
    if (*c->sh->stop) c->stopped = true;
    else if (o->seconds > 0 && search_now() - c->sh->t0 >= c->sh->limit) c->stopped = true;
    return c->stopped;
}

/* Records a new best of this search. */
void search_report_best(Thread *th, const Obj *obj)
{
    th->time_to_best = search_now() - th->sh->t0;
    pthread_mutex_lock(&th->sh->lock);
    if (obj_less(obj, &th->sh->best_obj, th->G->nlevels)) th->sh->best_obj = *obj;
    pthread_mutex_unlock(&th->sh->lock);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint32_t rng_cb(void *ctx, uint32_t n) { return rng_next((Rng *)ctx, n); }

/* The critical path ending at t, from its start: nodes in path[0..n). */
static uint32_t critical_path(const EvalView *W, int32_t t, int32_t *path, uint32_t max)
{
    uint32_t n = 0;
    while (t >= 0 && n < max) {
        path[n++] = t;
        t = W->bind_kind[t] == BIND_RELEASE ? -1 : W->bind[t];
    }
    for (uint32_t i = 0; i < n / 2; i++) {
        int32_t x = path[i];
        path[i] = path[n - 1 - i];
        path[n - 1 - i] = x;
    }
    return n;
}

/* Candidate moves from the critical blocks and reassignments. */
static uint32_t neighbourhood(const Graph *G, const EvalView *W, const Sol *s, const int32_t *path, uint32_t plen,
                              bool late, Move *mv, uint32_t max, Clock *clock)
{
    uint32_t n = 0;
    uint32_t i = 0;
    while (i < plen) {
        uint32_t j = i;
        while (j + 1 < plen && W->bind_kind[path[j + 1]] == BIND_UNIT && s->gunit[path[j + 1]] == s->gunit[path[i]]) j++;
        /* block path[i..j] on one unit */
        if (j > i && n + 6 < max) {
            int32_t first = path[i], second = path[i + 1], last = path[j], before_last = path[j - 1];
            /* N5: the first two and the last two of each block, but not the
             * first two of the first block or the last two of the last one,
             * which cannot shorten the path (Nowicki and Smutnicki). When
             * the path ends at a late order's last operation, the last two
             * of the last block are worth a swap: it ends that order sooner. */
            bool first_block = i == 0 || W->bind_kind[path[i]] == BIND_RELEASE, last_block = j + 1 == plen && !late;
            if (!first_block || j - i == 1) mv[n++] = (Move){MV_SWAP, first, second, 0, 0};
            if (j - i >= 2 && !last_block) mv[n++] = (Move){MV_SWAP, before_last, last, 0, 0};
            if (j - i >= 2) {
                /* N7: the last to the front, the first to the back, and the
                 * inner ones to either end */
                mv[n++] = (Move){MV_BEFORE, last, first, 0, 0};
                mv[n++] = (Move){MV_AFTER, first, last, 0, 0};
                /* toward a late order, the inner ones stay: fewer moves
                 * a step, twice the steps in the time, and better plans */
                for (uint32_t k = i + 1; k < j && n + 2 < max && !late; k++) {
                    mv[n++] = (Move){MV_BEFORE, path[k], first, 0, 0};
                    mv[n++] = (Move){MV_AFTER, path[k], last, 0, 0};
                }
            }
        }
        i = j + 1;
    }
    /* another unit or machine for critical operations */
    for (uint32_t k = 0; k < plen && n < max; k++) {
        int32_t x = path[k];
        const SNode *nd = &G->nodes[x];
        for (uint32_t a = 0; a < nd->nalts && n < max; a++) {
            int32_t m = G->alts[nd->alt_off + a].machine;
            for (uint32_t u = 0; u < G->ir->machines[m].units && n < max; u++) {
                int32_t g = (int32_t)(G->unit_base[m] + u);
                if (g == s->gunit[x]) continue;
                /* insert where its current start falls in that unit's sequence */
                int32_t after = -1;
                for (int32_t y = s->head[g]; y >= 0; y = s->next[y]) {
                    if (W->start[y] > W->start[x]) break;
                    after = y;
                    if (clock_tick(clock, 1)) return n;
                }
                mv[n++] = (Move){MV_UNIT, x, after, g, (int32_t)a};
            }
        }
    }
    return n;
}

/* Drops the moves that would move a reported operation, or put another
 * before one on its unit: reported operations stay where they ran, first
 * on their units. Returns how many moves are left. */
static uint32_t keep_actuals(const Graph *G, const Sol *s, Move *mv, uint32_t n)
{
    if (!G->nfrozen) return n;
    uint32_t w = 0;
    for (uint32_t k = 0; k < n; k++) {
        const Move *m = &mv[k];
        int32_t next; /* what the moved operation will come right before */
        switch (m->kind) {
        case MV_SWAP: next = m->b; break;
        case MV_BEFORE: next = m->b; break;
        case MV_AFTER: next = s->next[m->b] == m->a ? s->next[m->a] : s->next[m->b]; break;
        default: next = m->b >= 0 ? (s->next[m->b] == m->a ? s->next[m->a] : s->next[m->b]) : s->head[m->unit];
        }
        if (G->frozen[m->a] || (m->kind == MV_SWAP && G->frozen[m->b]) || (next >= 0 && G->frozen[next])) continue;
        mv[w++] = *m;
    }
    return w;
}

/* Drops the moves that would take a pinned operation off its unit or
 * machine, or move one pinned to a start at all (its place in its unit's
 * sequence follows from its start): the decoder keeps every pinned
 * operation at its start, and gives up a solution where it cannot be. */
static uint32_t keep_pins(const Graph *G, Move *mv, uint32_t n)
{
    if (!G->pins) return n;
    uint32_t w = 0;
    for (uint32_t k = 0; k < n; k++) {
        const Move *m = &mv[k];
        if (pin_start_of(G, m->a) >= 0 || (m->kind == MV_SWAP && pin_start_of(G, m->b) >= 0)) continue;
        if (m->kind == MV_UNIT) {
            int32_t pm = pin_machine_of(G, m->a);
            if (pin_keeps_unit(G, m->a) || (pm >= 0 && G->unit_machine[m->unit] != pm)) continue;
        }
        mv[w++] = *m;
    }
    return w;
}

/* The arcs a move creates, to test against the tabu list. */
static bool move_tabu(Tabu *t, const Sol *s, const Move *mv, int64_t iter)
{
    switch (mv->kind) {
    case MV_SWAP: return tabu_is(t, (uint32_t)mv->b, (uint32_t)mv->a, false, iter);
    case MV_BEFORE: return tabu_is(t, (uint32_t)mv->a, (uint32_t)mv->b, false, iter);
    case MV_AFTER: return tabu_is(t, (uint32_t)mv->b, (uint32_t)mv->a, false, iter);
    case MV_UNIT: return tabu_is(t, (uint32_t)mv->a, (uint32_t)mv->unit, true, iter);
    }
    (void)s;
    return false;
}

/* Forbids undoing a move for a while. */
static void make_tabu(Tabu *t, const Move *mv, const Undo *u, int64_t iter, int64_t until)
{
    switch (mv->kind) {
    case MV_SWAP: tabu_set(t, (uint32_t)mv->a, (uint32_t)mv->b, false, iter, until); break;
    case MV_BEFORE: tabu_set(t, (uint32_t)mv->b, (uint32_t)mv->a, false, iter, until); break;
    case MV_AFTER: tabu_set(t, (uint32_t)mv->a, (uint32_t)mv->b, false, iter, until); break;
    case MV_UNIT: tabu_set(t, (uint32_t)mv->a, (uint32_t)u->gunit, true, iter, until); break;
    }
}

/* What changed in a solution since it was last the same as another: the
 * nodes whose machine, unit or unit neighbours changed, and the units whose
 * first operation did. Keeping the best solution or going back to it copies
 * these, not the whole plan. */
typedef struct Touched {
    uint32_t *nmark, *umark, stamp;
    I32Vec nodes, units;
    uint32_t limit;         /* past this many nodes, a whole copy is cheaper */
    bool all;
} Touched;

static void touched_init(Touched *t, const Graph *G)
{
    memset(t, 0, sizeof *t);
    t->nmark = tk_xalloc((G->n + 1) * sizeof(uint32_t));
    memset(t->nmark, 0, (G->n + 1) * sizeof(uint32_t));
    t->umark = tk_xalloc((G->nunits + 1) * sizeof(uint32_t));
    memset(t->umark, 0, (G->nunits + 1) * sizeof(uint32_t));
    t->stamp = 1;
    t->limit = G->n / 8 + 64;
}

static void touched_free(Touched *t)
{
    tk_free(t->nmark);
    tk_free(t->umark);
    vec_free(&t->nodes);
    vec_free(&t->units);
}

static void touch_node(Touched *t, int32_t i)
{
    if (i < 0 || t->all || t->nmark[i] == t->stamp) return;
    t->nmark[i] = t->stamp;
    vec_push(&t->nodes, i);
    if (t->nodes.len > t->limit) t->all = true;
}

static void touch_unit(Touched *t, int32_t g)
{
    if (g < 0 || t->all || t->umark[g] == t->stamp) return;
    t->umark[g] = t->stamp;
    vec_push(&t->units, g);
}

/* d becomes s where s changed since they were the same; forgets the changes. */
static void touched_copy(const Graph *G, Touched *t, Sol *d, const Sol *s)
{
    if (t->all) sol_copy(G, d, s);
    else {
        for (uint32_t k = 0; k < t->nodes.len; k++) {
            int32_t i = t->nodes.data[k];
            d->alt[i] = s->alt[i];
            d->gunit[i] = s->gunit[i];
            d->prev[i] = s->prev[i];
            d->next[i] = s->next[i];
        }
        for (uint32_t k = 0; k < t->units.len; k++) d->head[t->units.data[k]] = s->head[t->units.data[k]];
        d->obj = s->obj;
        d->finish = s->finish;
    }
    t->nodes.len = t->units.len = 0;
    t->all = false;
    if (++t->stamp == 0) {
        memset(t->nmark, 0, (G->n + 1) * sizeof(uint32_t));
        memset(t->umark, 0, (G->nunits + 1) * sizeof(uint32_t));
        t->stamp = 1;
    }
}

/* Makes move m on the current solution, noting what it changes. */
static bool make(Eval *E, Touched *t, Sol *s, const Move *m, Undo *u)
{
    int32_t a = m->a, op = s->prev[a], on = s->next[a], og = s->gunit[a];
    if (!eval_make(E, s, m, u)) return false;
    touch_node(t, a);
    touch_node(t, op);
    touch_node(t, on);
    touch_node(t, s->prev[a]);
    touch_node(t, s->next[a]);
    touch_unit(t, og);
    touch_unit(t, s->gunit[a]);
    return true;
}

static void thread_done(Thread *th)
{
    pthread_mutex_lock(&th->sh->lock);
    th->sh->done++;
    pthread_mutex_unlock(&th->sh->lock);
}

static bool steps_done(const Thread *th, int64_t iter)
{
    const SearchOptions *o = th->sh->opt;
    return o->iterations > 0 && iter >= o->iterations;
}

bool search_time_up(Thread *th, int64_t iter) { return steps_done(th, iter) || clock_check(&th->clock); }

/* A step tries its moves nearest the target first — those of the last
 * operations of the critical path, and moves off the path (setups) before
 * all — and, once it has tried STEP_MIN_MOVES and spent STEP_BUDGET units
 * of work (about a tenth of a second), takes the best so far. A small plant
 * tries every move; on a large one, a move early in the path may change
 * the schedule of a large part of it, and it waits for a later step. */
#define STEP_MIN_MOVES 8
#define STEP_BUDGET (1u << 17)

static void nearest_first(Move *mv, uint32_t nm, const int32_t *path, uint32_t plen, int32_t *pidx, uint64_t *keys)
{
    for (uint32_t k = 0; k < plen; k++) pidx[path[k]] = (int32_t)k;
    for (uint32_t k = 0; k < nm; k++) {
        int32_t at = pidx[mv[k].a];
        uint64_t d = at < 0 ? 0 : plen - (uint32_t)at; /* off the path first, then from the target back */
        keys[k] = d << 32 | k;
    }
    for (uint32_t k = 0; k < plen; k++) pidx[path[k]] = -1;
    qsort(keys, nm, sizeof(uint64_t), cmp_u64);
    /* in place, by cycles: keys[k] names the move that goes to place k */
    for (uint32_t k = 0; k < nm; k++) {
        if (keys[k] >> 63) continue;
        Move first = mv[k];
        uint32_t at = k;
        for (;;) {
            uint32_t from = (uint32_t)keys[at];
            keys[at] |= (uint64_t)1 << 63;
            if (from == k) {
                mv[at] = first;
                break;
            }
            mv[at] = mv[from];
            at = from;
        }
    }
}

static void *search_thread(void *arg)
{
    Thread *th = arg;
    const Graph *G = th->G;
    const IrModel *ir = G->ir;
    th->clock = (Clock){th->sh, 0, 0, false};
    if (G->fast) {
        fast_search(th);
        thread_done(th);
        return NULL;
    }
    Eval *E = eval_new(G, &th->clock, false);
    Rng rng = {th->seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull};
    Sol cur = sol_new(G);
    sol_copy(G, &cur, &th->best);
    Tabu tabu;
    tabu_init(&tabu, 12);
    uint32_t maxm = 4096;
    Move *mv = tk_xalloc(maxm * sizeof(Move));
    int32_t *path = tk_xalloc((G->n + 1) * sizeof(int32_t));
    Touched touched;
    touched_init(&touched, G);
    int64_t iter = 0, since_best = 0, stuck = 0;
    uint32_t nmach = ir->nmachines ? ir->nmachines : 1;
    int64_t tenure_base = 8 + (int64_t)(G->n / nmach) / 2;
    int64_t patience = 2000 + 4 * (int64_t)G->n;
    bool by_setups = eval_counts_setups(E);
    int32_t *pidx = tk_xalloc((G->n + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < G->n; i++) pidx[i] = -1;
    uint64_t *keys = tk_xalloc(maxm * sizeof(uint64_t));
    /* diversification: the best of each run in an elite pool, and runs
     * started between two of its members (docs/search.md) */
    Elite pool;
    elite_init(&pool);
    bool relink = relink_applies(G);
    Sol runbest = sol_new(G);
    int64_t *sa = tk_xalloc((G->n + 1) * sizeof(int64_t)), *sb = tk_xalloc((G->n + 1) * sizeof(int64_t));
    if (!eval_full(E, &cur)) goto out; /* stopped before it began */
    th->best.obj = cur.obj;
    sol_copy(G, &runbest, &cur);
    bool native = G->engine && G->engine->native;
    while (!search_time_up(th, iter)) {
        iter++;
        if (!native) { /* --engine=auto: the compiled rules, once they are there */
            Engine *c = atomic_load_explicit(&th->sh->compiled, memory_order_acquire);
            if (c) {
                eval_use_engine(E, c);
                native = th->compiled = true;
            }
        }
        /* the current schedule's critical path */
        EvalView W = eval_view(E);
        bool late;
        int32_t t = eval_target(E, rng_cb, &rng, &late);
        uint32_t plen = critical_path(&W, t, path, G->n);
        uint32_t nm = neighbourhood(G, &W, &cur, path, plen, late, mv, maxm, &th->clock);
        if (by_setups) nm += setup_moves(G, E, &cur, &rng, mv + nm, maxm - nm);
        nm = keep_pins(G, mv, keep_actuals(G, &cur, mv, nm));
        if (!nm) {
            /* nothing to move: the plan is as good as it gets, unless the
             * path ran into reported operations (another target may not) */
            if (!G->nfrozen || ++stuck > 64) break;
            continue;
        }
        stuck = 0;
        nearest_first(mv, nm, path, plen, pidx, keys);
        Obj best_val = obj_infinite();
        int32_t best_k = -1;
        uint32_t ties = 0, nl = G->nlevels;
        bool stopped = false;
        uint64_t work0 = th->clock.work;
        for (uint32_t k = 0; k < nm; k++) {
            /* a large plant's moves may each change much of it: past the
             * step's budget of work, the moves nearest the target are enough */
            if (k >= STEP_MIN_MOVES && best_k >= 0 && th->clock.work - work0 > STEP_BUDGET) break;
            bool tabu_move = move_tabu(&tabu, &cur, &mv[k], iter);
            Obj v = eval_try(E, &cur, &mv[k]);
            if (isnan(v.v[0])) {
                stopped = true;
                break;
            }
            if (v.v[0] == INFINITY) continue;
            if (tabu_move && !obj_less(&v, &th->best.obj, nl)) continue;
            if (obj_less(&v, &best_val, nl)) {
                best_val = v;
                best_k = (int32_t)k;
                ties = 1;
            } else if (obj_equal(&v, &best_val, nl) && rng_next(&rng, ++ties) == 0) best_k = (int32_t)k;
        }
        if (stopped) break;
        if (best_k < 0) {
            /* everything tabu: take a random move to escape */
            best_k = (int32_t)rng_next(&rng, nm);
        }
        Undo u;
        if (!make(E, &touched, &cur, &mv[best_k], &u)) {
            if (th->clock.stopped) break;
            continue;
        }
        make_tabu(&tabu, &mv[best_k], &u, iter, iter + tenure_base + rng_next(&rng, (uint32_t)tenure_base));
        bool restart = false;
        if (obj_less(&cur.obj, &th->best.obj, nl)) {
            touched_copy(G, &touched, &th->best, &cur);
            search_report_best(th, &cur.obj);
            since_best = 0;
        } else restart = ++since_best > patience;
        if (relink && obj_less(&cur.obj, &runbest.obj, nl)) sol_copy(G, &runbest, &cur);
        if (relink && restart) {
            /* the run is over: its best to the pool, and the next run from
             * between two members of the pool (half the time; else from the
             * best, shaken, as below) */
            elite_offer(&pool, G, &runbest);
            if (pool.n >= 2 && rng_next(&rng, 2) == 0) {
                uint32_t i = rng_next(&rng, pool.n), j = rng_next(&rng, pool.n - 1);
                if (j >= i) j++;
                bool ok = eval_full(E, &pool.sol[i]);
                if (ok) memcpy(sa, eval_view(E).start, G->n * sizeof(int64_t));
                ok = ok && eval_full(E, &pool.sol[j]);
                if (ok) memcpy(sb, eval_view(E).start, G->n * sizeof(int64_t));
                if (ok) {
                    double lambda = 0.3 + 0.4 * rng_next(&rng, 1001) / 1000.0;
                    sol_between(G, &pool.sol[i], sa, &pool.sol[j], sb, lambda, &rng, &cur);
                    ok = eval_full(E, &cur);
                }
                if (th->clock.stopped) break;
                touched.all = true; /* cur is another solution: copied whole */
                if (ok) {
                    restart = false;
                    th->between++;
                    tabu_clear(&tabu);
                    sol_copy(G, &runbest, &cur);
                    since_best = 0;
                    if (obj_less(&cur.obj, &th->best.obj, nl)) {
                        touched_copy(G, &touched, &th->best, &cur);
                        search_report_best(th, &cur.obj);
                    }
                }
            }
        }
        if (restart) {
            /* restart from the best with a random shake of its critical blocks */
            touched_copy(G, &touched, &cur, &th->best);
            if (!eval_full(E, &cur)) break;
            for (uint32_t shake = 0; shake < 3 + rng_next(&rng, 5); shake++) {
                W = eval_view(E);
                bool tlate;
                int32_t tt = eval_target(E, rng_cb, &rng, &tlate);
                uint32_t pl = critical_path(&W, tt, path, G->n);
                uint32_t k = keep_pins(
                    G, mv, keep_actuals(G, &cur, mv, neighbourhood(G, &W, &cur, path, pl, tlate, mv, maxm, &th->clock)));
                if (!k) break;
                Move m1 = mv[rng_next(&rng, k)];
                if (!make(E, &touched, &cur, &m1, NULL) && th->clock.stopped) break;
            }
            if (th->clock.stopped) break;
            tabu_clear(&tabu);
            since_best = 0;
            sol_copy(G, &runbest, &cur);
        }
    }
out:
    elite_free(&pool);
    sol_free(&runbest);
    tk_free(sa);
    tk_free(sb);
    th->iterations = iter;
    thread_done(th);
    tk_free(mv);
    tk_free(path);
    tk_free(pidx);
    tk_free(keys);
    touched_free(&touched);
    tabu_free(&tabu);
    sol_free(&cur);
    eval_free(E);
    return NULL;
}

/* Writes a solution into the plan. */
static void write_back(const Graph *G, Eval *E, Sol *s, Plan *p)
{
    const IrModel *ir = G->ir;
    eval_full(E, s);
    EvalView W = eval_view(E);
    for (uint32_t i = 0; i < G->n; i++) {
        if (G->frozen[i]) continue; /* as reported */
        Op *op = &p->ops.data[i];
        const SAlt *al = &G->alts[G->nodes[i].alt_off + (uint32_t)s->alt[i]];
        int32_t g = s->gunit[i];
        op->machine = al->machine;
        op->unit = g - (int32_t)G->unit_base[al->machine];
        op->start = W.start[i];
        op->end = W.end[i];
        op->setup = W.setup[i];
        op->run = al->run;
        op->ready = W.est[i];
        op->cost = W.cost[i];
        switch (W.bind_kind[i]) {
        case BIND_JOB: {
            int32_t b = W.bind[i];
            bool same = G->nodes[b].wo == G->nodes[i].wo;
            op->cause = same ? WAIT_PRED : WAIT_COMPONENT;
            op->cause_ref = same ? b : G->nodes[b].wo;
            break;
        }
        case BIND_UNIT: op->cause = WAIT_PRED; op->cause_ref = W.bind[i]; break;
        default: {
            const WorkOrder *w = &p->wos.data[G->nodes[i].wo];
            op->cause = w->material_ready > w->release ? WAIT_MATERIAL : WAIT_RELEASE;
            op->cause_ref = w->material_ready > w->release ? w->material_late : G->nodes[i].wo;
        }
        }
    }
    /* what the constraint kinds booked in that decode (resource units held) */
    eval_kinds_end(E, p);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        WorkOrder *w = &p->wos.data[k];
        if (!w->nops) continue;
        w->start = -1;
        w->end = 0;
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s2 = 0; s2 < w->nops; s2++) {
            const Op *op = &p->ops.data[w->first_op + s2];
            if (w->start < 0 || op->start < w->start) w->start = op->start;
            int64_t e = op->end + plan_work_minutes(pr->steps[op->step].wait);
            if (e > w->end) w->end = e;
        }
    }
    /* kits: when their parts are */
    for (uint32_t pass = 0; pass < 128; pass++) {
        bool changed = false;
        for (uint32_t k = 0; k < p->wos.len; k++) {
            WorkOrder *w = &p->wos.data[k];
            if (w->nops) continue;
            int64_t e = w->release > w->material_ready ? w->release : w->material_ready;
            for (uint32_t q = 0; q < w->nsupplies; q++)
                if (p->wos.data[w->supplies[q]].end > e) e = p->wos.data[w->supplies[q]].end;
            if (e != w->end) w->end = w->start = e, changed = true;
        }
        if (!changed) break;
    }
}

static volatile sig_atomic_t interrupted, announce;
static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
    signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends it at once */
    if (announce) {
        /* said at once: on a large plant, writing the plan takes a while */
        static const char msg[] = "\ntakt: Ctrl-C: the search stops; the best plan so far is written "
                                  "(Ctrl-C again ends takt at once, writing nothing)\n";
        ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)r;
    }
}

void search_stop(void) { interrupted = 1; }

/* Does the general search evaluate rules: setup or cost rules of a
 * machine, or an objective. */
static bool search_evaluates_rules(const IrModel *ir)
{
    if (ir->objective_fn >= 0) return true;
    for (uint32_t m = 0; m < ir->nmachines; m++)
        if (ir->machines[m].setup_fn >= 0 || ir->machines[m].cost_fn >= 0) return true;
    return false;
}

bool search_wants_compile(const Plan *p, const SearchOptions *opt)
{
    if (!search_evaluates_rules(p->ir) || p->ops.len < 2) return false;
    if (opt->seconds > 0) return opt->seconds >= SEARCH_COMPILE_MIN_SECONDS;
    return (double)opt->iterations * (double)p->ops.len >= SEARCH_COMPILE_MIN_WORK;
}

/* The thread that compiles the rules while the searches start interpreted. */
typedef struct Compiler {
    Shared *sh;
    const IrModel *ir;
    pthread_t tid;
} Compiler;

static void *compile_thread(void *arg)
{
    Compiler *c = arg;
    const SearchOptions *o = c->sh->opt;
    Engine *e = o->compile(c->ir, o->compile_ctx);
    if (e && !e->native) { /* no code to run: nothing to switch to */
        e->free(e);
        e = NULL;
    }
    if (e) {
        c->sh->compiled_at = search_now() - c->sh->t0;
        atomic_store_explicit(&c->sh->compiled, e, memory_order_release);
    }
    return NULL;
}

bool search_run(Plan *p, const SearchOptions *opt, SearchStats *stats)
{
    memset(stats, 0, sizeof *stats);
    stats->engine = opt->engine && opt->engine->native ? opt->engine->name : "interp";
    stats->compiled_at = opt->engine && opt->engine->native ? 0 : -1;
    if (p->ops.len < 2) return true;
    /* the time limit counts from here: building the graph and decoding the
     * dispatch plan are part of the search's time */
    Shared sh;
    memset(&sh, 0, sizeof sh);
    sh.opt = opt;
    interrupted = 0;
    announce = opt->progress;
    sh.stop = &interrupted;
    sh.t0 = search_now();
    atomic_init(&sh.compiled, NULL);
    void (*old)(int) = signal(SIGINT, on_sigint);
    plan_measure_sets(p);
    Graph *G = graph_build(p);
    G->engine = opt->engine;
    /* the fast search knows nothing of pins, sublots or subcontractors */
    bool plain = !G->pins;
    for (uint32_t i = 0; i < G->nunits && plain; i++) plain = !G->sub_unit[i];
    for (uint32_t i = 0; i < p->ops.len && plain; i++) plain = p->ops.data[i].nsub <= 1;
    G->fast = plain && !G->nfrozen && plan_now(p->ir) == p->ir->start && fast_applies(G);
    pthread_mutex_init(&sh.lock, NULL);
    double t_decode = search_now();
    /* decoding the dispatch plan stops for Ctrl-C and the whole limit */
    sh.limit = opt->seconds;
    Clock ck = {&sh, 0, 0, false};
    Eval *E = eval_new(G, &ck, true);
    Sol start = sol_new(G);
    sol_from_plan(G, &start);
    if (!eval_full(E, &start)) {
        /* stopped before the search began: the dispatch plan stands (a
         * feasible plan always decodes, so nothing else stops it) */
        stats->interrupted = interrupted != 0;
        stats->seconds = search_now() - sh.t0;
        sol_free(&start);
        eval_free(E);
        graph_free(G);
        pthread_mutex_destroy(&sh.lock);
        signal(SIGINT, old);
        return ck.stopped;
    }
    eval_set_clock(E, NULL); /* writing the best plan back is not stopped */
    sh.best_obj = sh.start_obj = start.obj;
    stats->start_objective = start.obj.v[0];
    /* the searches stop early enough that the best plan can be decoded
     * again and written back within the limit: a decode takes about as long
     * as that of the dispatch plan just now, which was timed */
    t_decode = search_now() - t_decode;
    sh.limit = opt->seconds - SEARCH_RESERVE * t_decode;
    int nt = opt->threads > 0 ? opt->threads : 1;
    Thread *th = tk_xalloc((size_t)nt * sizeof(Thread));
    memset(th, 0, (size_t)nt * sizeof(Thread));
    for (int k = 0; k < nt; k++) {
        th[k].G = G;
        th[k].sh = &sh;
        th[k].seed = opt->seed + (uint64_t)k;
        th[k].best = sol_new(G);
        sol_copy(G, &th[k].best, &start);
    }
    /* no time left, or Ctrl-C already: the dispatch plan stands */
    int run = interrupted || (opt->seconds > 0 && search_now() - sh.t0 >= sh.limit) ? 0 : nt;
    /* --engine=auto: compiled in the background while the searches start */
    Compiler comp = {&sh, p->ir, 0};
    bool compiling = run && opt->compile && !(opt->engine && opt->engine->native) && !G->fast &&
                     search_wants_compile(p, opt) && pthread_create(&comp.tid, NULL, compile_thread, &comp) == 0;
    bool progress = opt->progress && isatty(STDERR_FILENO);
    for (int k = 1; k < run; k++) pthread_create(&th[k].tid, NULL, search_thread, &th[k]);
    if (!run) {
    } else if (progress) {
        /* the first search runs here too, so progress is shown between its steps */
        pthread_create(&th[0].tid, NULL, search_thread, &th[0]);
        Obj last = obj_infinite();
        for (;;) {
            struct timespec ts = {0, 200 * 1000 * 1000};
            nanosleep(&ts, NULL);
            double el = search_now() - sh.t0;
            pthread_mutex_lock(&sh.lock);
            Obj b = sh.best_obj;
            int finished = sh.done;
            pthread_mutex_unlock(&sh.lock);
            if (!obj_equal(&b, &last, G->nlevels) || (int)(el * 5) % 5 == 0) {
                fprintf(stderr, "\rsearch %6.1f s  best ", el);
                for (uint32_t k = 0; k < G->nlevels; k++) fprintf(stderr, "%s%.12g", k ? " then " : "", b.v[k]);
                fprintf(stderr, " (from ");
                for (uint32_t k = 0; k < G->nlevels; k++) fprintf(stderr, "%s%.12g", k ? " then " : "", sh.start_obj.v[k]);
                fprintf(stderr, ")   ");
            }
            last = b;
            if (finished == run) break;
        }
        pthread_join(th[0].tid, NULL);
        fprintf(stderr, "\n");
    } else search_thread(&th[0]);
    for (int k = 1; k < run; k++) pthread_join(th[k].tid, NULL);
    if (compiling) pthread_join(comp.tid, NULL);
    Engine *compiled = atomic_load_explicit(&sh.compiled, memory_order_acquire);
    for (int k = 0; k < run && compiled; k++)
        if (th[k].compiled) {
            stats->engine = compiled->name;
            stats->compiled_at = sh.compiled_at;
        }
    int bi = 0;
    for (int k = 1; k < nt; k++)
        if (obj_less(&th[k].best.obj, &th[bi].best.obj, G->nlevels)) bi = k;
    for (int k = 0; k < nt; k++) stats->iterations += th[k].iterations, stats->between += th[k].between;
    stats->best_objective = th[bi].best.obj.v[0];
    stats->time_to_best = th[bi].time_to_best;
    stats->seconds = search_now() - sh.t0;
    stats->interrupted = interrupted != 0;
    /* never a plan worse than the dispatching pass's, as it was measured: a
     * decode of it may differ where kinds book into gaps */
    Obj incumbent = start.obj, measured = obj_infinite();
    for (uint32_t k = 0; k < p->m.nlevels && k < IR_MAX_LEVELS; k++) measured.v[k] = p->m.levels[k];
    if (p->m.objective == p->m.objective && p->m.nlevels && obj_less(&measured, &incumbent, G->nlevels))
        incumbent = measured;
    bool improved = obj_less(&th[bi].best.obj, &incumbent, G->nlevels);
    if (improved) write_back(G, E, &th[bi].best, p);
    for (int k = 0; k < nt; k++) sol_free(&th[k].best);
    tk_free(th);
    sol_free(&start);
    eval_free(E);
    graph_free(G);
    if (compiled) compiled->free(compiled);
    pthread_mutex_destroy(&sh.lock);
    signal(SIGINT, old);
    return true;
}

/* ---- for tests -------------------------------------------------------------------------- */
/* A random move of a node: within its unit, or to another unit or machine. */
static bool random_move(const Graph *G, const Sol *s, Rng *r, Move *m)
{
    for (int tries = 0; tries < 64; tries++) {
        int32_t a = (int32_t)rng_next(r, G->n);
        if (G->frozen[a]) continue;
        const SNode *nd = &G->nodes[a];
        uint32_t alt = rng_next(r, nd->nalts);
        int32_t mch = G->alts[nd->alt_off + alt].machine;
        int32_t g = (int32_t)(G->unit_base[mch] + rng_next(r, G->ir->machines[mch].units));
        /* a node of that unit to go after, or its head */
        uint32_t len = 0;
        for (int32_t y = s->head[g]; y >= 0; y = s->next[y]) len++;
        uint32_t at = rng_next(r, len + 1);
        int32_t b = -1;
        for (int32_t y = s->head[g]; y >= 0 && at; y = s->next[y], at--) b = y;
        if (b == a) continue;
        if (g == s->gunit[a] && (uint32_t)s->alt[a] == alt) {
            if (b < 0) {
                if (s->head[g] == a) continue;
                *m = (Move){MV_BEFORE, a, s->head[g], 0, 0};
            } else *m = (Move){MV_AFTER, a, b, 0, 0};
        } else *m = (Move){MV_UNIT, a, b, g, (int32_t)alt};
        return true;
    }
    return false;
}

int search_selfcheck(Plan *p, uint64_t seed, int nmoves)
{
    if (p->ops.len < 2) return 0;
    plan_measure_sets(p);
    Graph *G = graph_build(p);
    Eval *E = eval_new(G, NULL, false), *F = eval_new(G, NULL, false);
    Sol s = sol_new(G), t = sol_new(G);
    sol_from_plan(G, &s);
    int bad = 0;
    if (!eval_full(E, &s)) bad = 1000000;
    Rng rng = {seed * 0x9E3779B97F4A7C15ull + 1};
    for (int k = 0; k < nmoves && !bad; k++) {
        Move m;
        if (!random_move(G, &s, &rng, &m)) break;
        Obj v = eval_try(E, &s, &m);
        sol_copy(G, &t, &s);
        move_apply(G, &t, &m);
        Obj w = eval_full(F, &t) ? t.obj : obj_infinite();
        if (!(obj_equal(&v, &w, G->nlevels) || (isnan(v.v[0]) && isnan(w.v[0])))) bad++;
        /* the trial left everything as it was */
        if (!eval_full(F, &s) || !eval_equal(E, F, &s)) bad++;
        if (v.v[0] < INFINITY && rng_next(&rng, 2) == 0) {
            if (!eval_make(E, &s, &m, NULL)) bad++;
            else if (!eval_full(F, &s) || !eval_equal(E, F, &s) || !obj_equal(&s.obj, &w, G->nlevels)) bad++;
        }
    }
    sol_free(&s);
    sol_free(&t);
    eval_free(E);
    eval_free(F);
    graph_free(G);
    return bad;
}

/* Is path[0..n) a critical chain of the schedule W of s: the first starts at
 * its release, and each of the others where the one before it lets it —
 * its job predecessor's end and wait, or its unit predecessor's end? */
static bool chain_is_critical(const Graph *G, const EvalView *W, const Sol *s, const int32_t *path, uint32_t n)
{
    if (!n || W->bind_kind[path[0]] != BIND_RELEASE || W->est[path[0]] != G->nodes[path[0]].release) return false;
    for (uint32_t k = 1; k < n; k++) {
        int32_t x = path[k - 1], y = path[k];
        if (W->bind[y] != x) return false;
        if (W->bind_kind[y] == BIND_JOB) {
            const SNode *nd = &G->nodes[y];
            bool arc = false;
            for (uint32_t q = 0; q < nd->npred; q++)
                if (G->pred[nd->pred_off + q] == x && W->est[y] == W->end[x] + G->lag[nd->pred_off + q]) arc = true;
            if (!arc) return false;
        } else if (W->bind_kind[y] == BIND_UNIT) {
            /* x runs before y on y's unit, and y waits for its end */
            if (s->gunit[x] != s->gunit[y] || W->est[y] != W->end[x]) return false;
            int32_t v = s->prev[y];
            while (v >= 0 && v != x) v = s->prev[v];
            if (v != x) return false;
        } else return false;
        if (W->start[y] < W->est[y]) return false;
    }
    return true;
}

int search_late_path_check(Plan *p, uint64_t seed, int nsteps, int *paths)
{
    *paths = 0;
    if (p->ops.len < 2) return 0;
    plan_measure_sets(p);
    Graph *G = graph_build(p);
    Eval *E = eval_new(G, NULL, false);
    Sol s = sol_new(G);
    sol_from_plan(G, &s);
    int32_t *path = tk_xalloc((G->n + 1) * sizeof(int32_t));
    int bad = eval_full(E, &s) ? 0 : 1000000;
    Rng rng = {seed * 0x9E3779B97F4A7C15ull + 3};
    const IrModel *ir = G->ir;
    for (int k = 0; k < nsteps && !bad; k++) {
        EvalView W = eval_view(E);
        int32_t t = eval_late_target(E, rng_cb, &rng);
        if (t >= 0) {
            (*paths)++;
            /* t ends its work order, and an order it serves is late */
            const WorkOrder *w = &p->wos.data[G->nodes[t].wo];
            int64_t done = W.end[t] + G->wait[t];
            for (uint32_t q = 0; q < w->nops; q++)
                if (W.end[w->first_op + q] + G->wait[w->first_op + q] > done) bad++;
            if (w->order < 0 || !(done > ir->orders[w->order].due)) bad++;
            uint32_t n = critical_path(&W, t, path, G->n);
            if (!n || path[n - 1] != t || !chain_is_critical(G, &W, &s, path, n)) bad++;
        }
        Move m;
        if (random_move(G, &s, &rng, &m)) eval_make(E, &s, &m, NULL);
    }
    tk_free(path);
    sol_free(&s);
    eval_free(E);
    graph_free(G);
    return bad;
}

int search_fast_check(Plan *p, uint64_t seed, int nsteps, FastCheckStats *st)
{
    memset(st, 0, sizeof *st);
    if (p->ops.len < 2) return -1;
    plan_measure_sets(p);
    Graph *G = graph_build(p);
    int bad = -1;
    if (!G->pins && !G->nfrozen && fast_applies(G)) {
        Sol s = sol_new(G);
        sol_from_plan(G, &s);
        bad = fast_selfcheck(G, &s, seed, nsteps, st);
        sol_free(&s);
    }
    graph_free(G);
    return bad;
}

/* Does s run x before y on their unit (both on it). */
static bool runs_before(const Sol *s, int32_t x, int32_t y)
{
    for (int32_t v = s->next[x]; v >= 0; v = s->next[v])
        if (v == y) return true;
    return false;
}

int search_relink_check(Plan *p, uint64_t seed, int ntries, int *mixed)
{
    *mixed = 0;
    if (p->ops.len < 2) return 0;
    plan_measure_sets(p);
    Graph *G = graph_build(p);
    Eval *E = eval_new(G, NULL, false);
    Sol a = sol_new(G), b = sol_new(G), c = sol_new(G);
    int64_t *sa = tk_xalloc((G->n + 1) * sizeof(int64_t)), *sb = tk_xalloc((G->n + 1) * sizeof(int64_t));
    Rng rng = {seed * 0x9E3779B97F4A7C15ull + 5};
    int bad = 0;
    for (int k = 0; k < ntries && !bad; k++) {
        Sol *ab[2] = {&a, &b};
        for (int w = 0; w < 2; w++) {
            sol_from_plan(G, ab[w]);
            if (!eval_full(E, ab[w])) bad++;
            for (uint32_t m = 0, nm = 1 + rng_next(&rng, 4 * G->n); m < nm && !bad; m++) {
                Move mv;
                if (random_move(G, ab[w], &rng, &mv)) eval_make(E, ab[w], &mv, NULL);
            }
        }
        if (bad || !eval_full(E, &a)) break;
        memcpy(sa, eval_view(E).start, G->n * sizeof(int64_t));
        if (!eval_full(E, &b)) break;
        memcpy(sb, eval_view(E).start, G->n * sizeof(int64_t));
        double lambda = rng_next(&rng, 1001) / 1000.0;
        sol_between(G, &a, sa, &b, sb, lambda, &rng, &c);
        if (!eval_full(E, &c)) {
            bad++;
            break;
        }
        bool from_a = false, from_b = false;
        for (uint32_t i = 0; i < G->n; i++) {
            int32_t j = c.next[(int32_t)i], x = (int32_t)i;
            if (j < 0) continue;
            /* adjacent in c: x then j */
            if (a.gunit[x] == c.gunit[x] && a.gunit[j] == c.gunit[x] && b.gunit[x] == c.gunit[x] &&
                b.gunit[j] == c.gunit[x]) {
                bool ia = runs_before(&a, x, j), ib = runs_before(&b, x, j);
                if (ia == ib && !ia) bad++; /* both run j first */
                from_a |= ia && !ib;
                from_b |= ib && !ia;
            }
        }
        *mixed += from_a && from_b;
    }
    tk_free(sa);
    tk_free(sb);
    sol_free(&a);
    sol_free(&b);
    sol_free(&c);
    eval_free(E);
    graph_free(G);
    return bad;
}
