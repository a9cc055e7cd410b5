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

#include "search_impl.h"

enum { BIND_RELEASE, BIND_JOB, BIND_UNIT };

typedef struct Work {
    /* decode scratch and result */
    int64_t *start, *end, *est;
    double *setup;
    int32_t *bind;
    uint8_t *bind_kind;
    int32_t *indeg, *queue;
    int64_t *ufree;
    int32_t *ulast;         /* last node with work on each unit */
    int32_t *uprev;         /* per node: the node with work before it on its unit, -1 if none */
    double *wo_end;         /* per work order */
    double cost;
    RuleEnv env;
    Engine *eng;
} Work;

/* ---- building ------------------------------------------------------------------------ */
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
    for (uint32_t m = 0; m < ir->nmachines; m++)
        for (uint32_t u = 0; u < ir->machines[m].units; u++) G->unit_machine[G->unit_base[m] + u] = (int32_t)m;
    I32Vec pred = {0};
    I64Vec lag = {0};
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
            const IrStep *st = &pr->steps[s];
            nd->op = (int32_t)ni;
            nd->wo = (int32_t)wi;
            nd->pred_off = pred.len;
            for (uint32_t q = 0; q < st->npreds; q++) {
                int32_t ps = st->preds[q];
                add_edge(&pred, &lag, (int32_t)(w->first_op + (uint32_t)ps),
                         plan_work_minutes(pr->steps[ps].wait));
            }
            if (st->npreds == 0) {
                nd->release = floor_at;
                /* after every operation that ends a component's work order */
                for (uint32_t k = 0; k < sup.len; k++) {
                    const WorkOrder *sw = &p->wos.data[sup.data[k]];
                    const IrProduct *sp = &ir->products[sw->product];
                    for (uint32_t t = 0; t < sw->nops; t++) {
                        bool terminal = true;
                        for (uint32_t u = 0; u < sp->nsteps && terminal; u++)
                            for (uint32_t q = 0; q < sp->steps[u].npreds; q++)
                                if (sp->steps[u].preds[q] == (int32_t)t) terminal = false;
                        if (terminal)
                            add_edge(&pred, &lag, (int32_t)(sw->first_op + t),
                                     plan_work_minutes(sp->steps[t].wait));
                    }
                }
            } else nd->release = ir->start;
            nd->npred = pred.len - nd->pred_off;
            nd->alt_off = alts.len;
            for (uint32_t a = 0; a < st->nalts; a++) {
                SAlt sa = {st->alts[a].machine, st->alts[a].setup,
                           st->alts[a].per_piece ? st->alts[a].run * plan_step_in(w, s) : st->alts[a].run};
                vec_push(&alts, sa);
            }
            nd->nalts = st->nalts;
        }
    }
    G->pred = pred.data;
    G->lag = lag.data;
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
    return G;
}

static void graph_free(Graph *G)
{
    tk_free(G->frozen);
    tk_free(G->nodes);
    tk_free(G->pred);
    tk_free(G->lag);
    tk_free(G->succ);
    tk_free(G->slag);
    tk_free(G->alts);
    tk_free(G->unit_base);
    tk_free(G->unit_machine);
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
        if (tail[g] < 0) s->head[g] = i;
        else s->next[tail[g]] = i;
        s->prev[i] = tail[g];
        tail[g] = i;
    }
    tk_free(tail);
    tk_free(ix);
}

/* ---- decoding ---------------------------------------------------------------------- */
static Work *work_new(const Graph *G, const IrModel *ir)
{
    Work *w = tk_xalloc(sizeof *w);
    memset(w, 0, sizeof *w);
    size_t n = G->n + 1;
    w->start = tk_xalloc(n * sizeof(int64_t));
    w->end = tk_xalloc(n * sizeof(int64_t));
    w->est = tk_xalloc(n * sizeof(int64_t));
    w->setup = tk_xalloc(n * sizeof(double));
    w->bind = tk_xalloc(n * sizeof(int32_t));
    w->bind_kind = tk_xalloc(n);
    w->indeg = tk_xalloc(n * sizeof(int32_t));
    w->queue = tk_xalloc(n * sizeof(int32_t));
    w->ufree = tk_xalloc((G->nunits + 1) * sizeof(int64_t));
    w->ulast = tk_xalloc((G->nunits + 1) * sizeof(int32_t));
    w->uprev = tk_xalloc(n * sizeof(int32_t));
    w->wo_end = tk_xalloc((G->p->wos.len + 1) * sizeof(double));
    w->eng = engine_interp_new(ir);
    return w;
}

static void work_free(Work *w)
{
    tk_free(w->start);
    tk_free(w->end);
    tk_free(w->est);
    tk_free(w->setup);
    tk_free(w->bind);
    tk_free(w->bind_kind);
    tk_free(w->indeg);
    tk_free(w->queue);
    tk_free(w->ufree);
    tk_free(w->ulast);
    tk_free(w->uprev);
    tk_free(w->wo_end);
    w->eng->free(w->eng);
    tk_free(w);
}

/* The setup of node i on machine m after work order prev (or none). */
static double setup_of(const Graph *G, Work *W, uint32_t i, const SAlt *al, int32_t prev_wo, int64_t prev_end)
{
    const IrModel *ir = G->ir;
    const Plan *p = G->p;
    const IrMachine *mc = &ir->machines[al->machine];
    const WorkOrder *w = &p->wos.data[G->nodes[i].wo];
    const WorkOrder *pw = prev_wo >= 0 ? &p->wos.data[prev_wo] : NULL;
    double setup = al->setup;
    if (mc->setup_fn >= 0 || mc->cost_fn >= 0) {
        const IrOrder *o = w->order >= 0 ? &ir->orders[w->order] : NULL;
        RuleEnv *env = &W->env;
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
            double x = W->eng->eval(W->eng, mc->setup_fn, env);
            if (x > 0) setup += x;
        }
    }
    if (mc->nsetup_by) setup += plan_setup_by(ir, mc, w->product, pw ? pw->product : -1);
    return setup;
}

/* Schedules the solution; false if it has a cycle or work past the horizon.
 * Fills W and s->finish. */
static bool decode(const Graph *G, Work *W, Sol *s)
{
    const IrModel *ir = G->ir;
    uint32_t n = G->n, qh = 0, qt = 0;
    for (uint32_t g = 0; g < G->nunits; g++) {
        W->ufree[g] = ir->start;
        W->ulast[g] = -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        W->indeg[i] = (int32_t)G->nodes[i].npred + (s->prev[i] >= 0);
        if (!W->indeg[i]) W->queue[qt++] = (int32_t)i;
    }
    int64_t finish = ir->start;
    W->cost = 0;
    while (qh < qt) {
        uint32_t i = (uint32_t)W->queue[qh++];
        const SNode *nd = &G->nodes[i];
        int64_t est = nd->release;
        uint8_t bk = BIND_RELEASE;
        int32_t bref = -1;
        for (uint32_t k = 0; k < nd->npred; k++) {
            int32_t pp = G->pred[nd->pred_off + k];
            int64_t t = W->end[pp] + G->lag[nd->pred_off + k];
            if (t > est) est = t, bk = BIND_JOB, bref = pp;
        }
        int32_t g = s->gunit[i];
        int64_t st, end, dur;
        double setup;
        if (G->frozen[i]) {
            /* reported: where and when the shop floor says */
            const Op *op = &G->p->ops.data[nd->op];
            /* nothing of the plan's own may come before it on its unit */
            if (W->ulast[g] >= 0 && !G->frozen[W->ulast[g]] && W->ufree[g] > op->start) return false;
            est = st = op->start;
            end = op->end;
            dur = end - st;
            setup = op->setup;
            bk = BIND_RELEASE;
            bref = -1;
        } else {
            if (W->ufree[g] > est) est = W->ufree[g], bk = BIND_UNIT, bref = W->ulast[g];
            const SAlt *al = &G->alts[nd->alt_off + (uint32_t)s->alt[i]];
            int32_t last = W->ulast[g];
            W->uprev[i] = last;
            setup = setup_of(G, W, i, al, last >= 0 ? G->nodes[last].wo : -1, last >= 0 ? W->end[last] : 0);
            dur = plan_work_minutes(setup + al->run);
            const IrMachine *mc = &ir->machines[al->machine];
            end = cal_finish(mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL, est, dur, mc->split, &st);
            if (end == INT64_MAX || end > ir->end) return false;
        }
        W->est[i] = est;
        W->start[i] = st;
        W->end[i] = end;
        W->setup[i] = setup;
        W->bind[i] = bref;
        W->bind_kind[i] = bk;
        if (dur > 0) {
            if (end > W->ufree[g]) W->ufree[g] = end;
            W->ulast[g] = (int32_t)i;
        }
        if (end > finish) finish = end;
        for (uint32_t k = 0; k < nd->nsucc; k++) {
            int32_t sc = G->succ[nd->succ_off + k];
            if (--W->indeg[sc] == 0) W->queue[qt++] = sc;
        }
        if (s->next[i] >= 0 && --W->indeg[s->next[i]] == 0) W->queue[qt++] = s->next[i];
    }
    if (qt < n) return false; /* a cycle */
    s->finish = finish;
    return true;
}

/* The objective of a decoded solution, each level, as plan_measure()
 * computes it. */
static Obj objective(const Graph *G, Work *W, const Sol *s)
{
    const IrModel *ir = G->ir;
    const Plan *p = G->p;
    Obj out = obj_infinite();
    if (ir->objective_fn < 0) {
        out.v[0] = (double)(s->finish - ir->start);
        return out;
    }
    RuleEnv env;
    memset(&env, 0, sizeof env);
    env.var[RV_PLAN_MAKESPAN] = (double)(s->finish - ir->start);
    uint64_t need = G->obj_vars;
    if (need & ((1ull << RV_PLAN_COST) | (1ull << RV_PLAN_SETUPS) | (1ull << RV_PLAN_SETUP_TIME))) {
        double cost = 0, setups = 0, setup_time = 0;
        for (uint32_t i = 0; i < G->n; i++) {
            if (G->frozen[i]) { /* what it cost, as the actuals have it */
                const Op *op = &p->ops.data[i];
                cost += op->cost;
                if (op->setup > 0) setups += 1;
                setup_time += op->setup;
                continue;
            }
            const SAlt *al = &G->alts[G->nodes[i].alt_off + (uint32_t)s->alt[i]];
            const IrMachine *mc = &ir->machines[al->machine];
            double rate = mc->cost_rate;
            if (mc->cost_fn >= 0) {
                /* the rule's prev is the job before it on the unit, as its setup's */
                int32_t pv = W->uprev[i];
                setup_of(G, W, i, al, pv >= 0 ? G->nodes[pv].wo : -1, pv >= 0 ? W->end[pv] : 0);
                W->env.var[RV_OP_SETUP] = W->setup[i];
                W->env.var[RV_OP_TIME] = W->setup[i] + al->run;
                rate = W->eng->eval(W->eng, mc->cost_fn, &W->env);
                if (rate < 0) rate = 0;
            }
            cost += rate * (W->setup[i] + al->run);
            if (W->setup[i] > 0) setups += 1;
            setup_time += W->setup[i];
        }
        for (uint32_t k = 0; k < p->wos.len; k++) cost += p->wos.data[k].material_cost;
        env.var[RV_PLAN_COST] = cost;
        env.var[RV_PLAN_SETUPS] = setups;
        env.var[RV_PLAN_SETUP_TIME] = setup_time;
    }
    uint64_t order_vars = (1ull << RV_PLAN_TARDINESS) | (1ull << RV_PLAN_MAX_TARDINESS) |
                          (1ull << RV_PLAN_WEIGHTED_TARDINESS) | (1ull << RV_PLAN_PENALTY) |
                          (1ull << RV_PLAN_LATE_ORDERS) | (1ull << RV_PLAN_FLOW_TIME);
    if (need & order_vars) {
        for (uint32_t k = 0; k < p->wos.len; k++) W->wo_end[k] = (double)ir->start;
        for (uint32_t i = 0; i < G->n; i++) {
            const Op *op = &p->ops.data[i];
            const IrStep *st = &ir->products[p->wos.data[op->wo].product].steps[op->step];
            double e = (double)(W->end[i] + plan_work_minutes(st->wait));
            if (e > W->wo_end[op->wo]) W->wo_end[op->wo] = e;
        }
        /* kits end when their components do */
        for (uint32_t pass = 0; pass < 64; pass++) {
            bool changed = false;
            for (uint32_t k = 0; k < p->wos.len; k++) {
                const WorkOrder *w = &p->wos.data[k];
                if (w->nops) continue;
                double e = (double)(w->release > w->material_ready ? w->release : w->material_ready);
                for (uint32_t q = 0; q < w->nsupplies; q++)
                    if (W->wo_end[w->supplies[q]] > e) e = W->wo_end[w->supplies[q]];
                if (e != W->wo_end[k]) W->wo_end[k] = e, changed = true;
            }
            if (!changed) break;
        }
        double tard = 0, maxt = 0, wt = 0, pen = 0, late = 0, flow = 0;
        for (uint32_t o = 0; o < ir->norders; o++) {
            const IrOrder *r = &ir->orders[o];
            double done = (double)ir->start;
            for (uint32_t k = 0; k < p->order_wos[o].len; k++)
                if (W->wo_end[p->order_wos[o].data[k]] > done) done = W->wo_end[p->order_wos[o].data[k]];
            double l = done - (double)r->due;
            double t = l > 0 ? l : 0;
            tard += t;
            if (t > maxt) maxt = t;
            wt += r->priority * t;
            pen += r->penalty * t;
            if (t > 0) late += 1;
            int64_t from = r->release > ir->start ? r->release : ir->start;
            flow += done - (double)from;
        }
        env.var[RV_PLAN_TARDINESS] = tard;
        env.var[RV_PLAN_MAX_TARDINESS] = maxt;
        env.var[RV_PLAN_WEIGHTED_TARDINESS] = wt;
        env.var[RV_PLAN_PENALTY] = pen;
        env.var[RV_PLAN_LATE_ORDERS] = late;
        env.var[RV_PLAN_FLOW_TIME] = flow;
    }
    plan_objective_levels(ir, W->eng, &env, out.v);
    return out;
}

static bool evaluate(const Graph *G, Work *W, Sol *s)
{
    if (!decode(G, W, s)) {
        s->obj = obj_infinite();
        return false;
    }
    s->obj = objective(G, W, s);
    return true;
}

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

static Undo apply(Sol *s, const Move *mv)
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
        unlink_node(s, mv->a);
        s->alt[mv->a] = mv->alt;
        link_after(s, mv->a, mv->unit, mv->b);
        break;
    }
    return u;
}

static void undo(Sol *s, const Undo *u)
{
    unlink_node(s, u->node);
    s->alt[u->node] = u->alt;
    link_after(s, u->node, u->gunit, u->prev);
}

/* Moves that may save a setup, for objectives that count setups or cost: a
 * few operations that now have a setup, each put right after or right
 * before an operation of the same product on a unit it may use, where the
 * setup between them is the smallest there is. */
static uint32_t setup_moves(const Graph *G, const Work *W, const Sol *s, Rng *r, Move *mv, uint32_t max)
{
    uint32_t n = 0;
    const WorkOrder *wos = G->p->wos.data;
    for (int tries = 0; tries < 3; tries++) {
        int32_t x = (int32_t)rng_next(r, G->n);
        uint32_t k = 0;
        while (k < G->n && !(W->setup[x] > EPS)) x = (x + 1) % (int32_t)G->n, k++;
        if (!(W->setup[x] > EPS)) return n;
        const SNode *nd = &G->nodes[x];
        int32_t prod = wos[nd->wo].product;
        uint32_t found = 0;
        int32_t y = (int32_t)rng_next(r, G->n);
        for (k = 0; k < G->n && found < 3 && n + 2 < max; k++, y = (y + 1) % (int32_t)G->n) {
            if (y == x || wos[G->nodes[y].wo].product != prod || s->gunit[y] < 0) continue;
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

bool search_time_up(const Thread *th, int64_t iter)
{
    const SearchOptions *o = th->sh->opt;
    if (*th->sh->stop) return true;
    if (o->iterations > 0 && iter >= o->iterations) return true;
    if (o->seconds > 0 && (iter & 15) == 0 && search_now() - th->sh->t0 >= o->seconds) return true;
    return false;
}

/* Records a new best of this search. */
void search_report_best(Thread *th, const Obj *obj)
{
    th->time_to_best = search_now() - th->sh->t0;
    pthread_mutex_lock(&th->sh->lock);
    if (obj_less(obj, &th->sh->best_obj, th->G->nlevels)) th->sh->best_obj = *obj;
    pthread_mutex_unlock(&th->sh->lock);
}

/* The node whose end the search should pull earlier: the end of the plan,
 * or, for lateness objectives, the end of the latest late order. */
static int32_t target_node(const Graph *G, const Work *W, const Sol *s, Rng *r)
{
    (void)s;
    int32_t last = -1;
    for (uint32_t i = 0; i < G->n; i++)
        if (last < 0 || W->end[i] > W->end[last]) last = (int32_t)i;
    const IrModel *ir = G->ir;
    if (ir->objective_fn < 0) return last;
    uint64_t vars = G->obj_vars;
    uint64_t lateness = 1ull << RV_PLAN_TARDINESS | 1ull << RV_PLAN_MAX_TARDINESS | 1ull << RV_PLAN_WEIGHTED_TARDINESS |
                        1ull << RV_PLAN_PENALTY | 1ull << RV_PLAN_LATE_ORDERS;
    if (!(vars & lateness)) return last;
    if ((vars & 1ull << RV_PLAN_MAKESPAN) && rng_next(r, 2) == 0) return last;
    /* the last operations of late customer orders, one of them at random */
    int32_t pick = -1;
    uint32_t seen = 0;
    for (uint32_t i = 0; i < G->n; i++) {
        const SNode *nd = &G->nodes[i];
        if (nd->nsucc) continue;
        const WorkOrder *w = &G->p->wos.data[nd->wo];
        if (w->order < 0 || w->parent >= 0 || W->end[i] <= w->due) continue;
        if (rng_next(r, ++seen) == 0) pick = (int32_t)i;
    }
    return pick >= 0 ? pick : last;
}

/* The critical path ending at t, from its start: nodes in path[0..n). */
static uint32_t critical_path(const Work *W, int32_t t, int32_t *path, uint32_t max)
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
static uint32_t neighbourhood(const Graph *G, const Work *W, const Sol *s, const int32_t *path, uint32_t plen,
                              Move *mv, uint32_t max)
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
             * which cannot shorten the path (Nowicki and Smutnicki) */
            bool first_block = i == 0 || W->bind_kind[path[i]] == BIND_RELEASE, last_block = j + 1 == plen;
            if (!first_block || j - i == 1) mv[n++] = (Move){MV_SWAP, first, second, 0, 0};
            if (j - i >= 2 && !last_block) mv[n++] = (Move){MV_SWAP, before_last, last, 0, 0};
            if (j - i >= 2) {
                /* N7: the last to the front, the first to the back, and the
                 * inner ones to either end */
                mv[n++] = (Move){MV_BEFORE, last, first, 0, 0};
                mv[n++] = (Move){MV_AFTER, first, last, 0, 0};
                for (uint32_t k = i + 1; k < j && n + 2 < max; k++) {
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

static void *search_thread(void *arg)
{
    Thread *th = arg;
    const Graph *G = th->G;
    const IrModel *ir = G->ir;
    if (G->fast) {
        fast_search(th);
        pthread_mutex_lock(&th->sh->lock);
        th->sh->done++;
        pthread_mutex_unlock(&th->sh->lock);
        return NULL;
    }
    Work *W = work_new(G, ir);
    Rng rng = {th->seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull};
    Sol cur = sol_new(G);
    sol_copy(G, &cur, &th->best);
    evaluate(G, W, &cur);
    sol_copy(G, &th->best, &cur);
    Tabu tabu;
    tabu_init(&tabu, 12);
    uint32_t maxm = 4096;
    Move *mv = tk_xalloc(maxm * sizeof(Move));
    int32_t *path = tk_xalloc((G->n + 1) * sizeof(int32_t));
    int64_t iter = 0, since_best = 0, stuck = 0;
    uint32_t nmach = ir->nmachines ? ir->nmachines : 1;
    int64_t tenure_base = 8 + (int64_t)(G->n / nmach) / 2;
    int64_t patience = 2000 + 4 * (int64_t)G->n;
    /* setups that depend on the sequence, and an objective that counts them */
    bool by_setups = false;
    if (G->obj_vars & (1ull << RV_PLAN_SETUPS | 1ull << RV_PLAN_SETUP_TIME | 1ull << RV_PLAN_COST))
        for (uint32_t m = 0; m < ir->nmachines; m++)
            by_setups |= ir->machines[m].setup_fn >= 0 || ir->machines[m].nsetup_by > 0;
    while (!search_time_up(th, iter)) {
        iter++;
        /* the current schedule's critical path */
        decode(G, W, &cur);
        int32_t t = target_node(G, W, &cur, &rng);
        uint32_t plen = critical_path(W, t, path, G->n);
        uint32_t nm = neighbourhood(G, W, &cur, path, plen, mv, maxm);
        if (by_setups) nm += setup_moves(G, W, &cur, &rng, mv + nm, maxm - nm);
        nm = keep_actuals(G, &cur, mv, nm);
        if (!nm) {
            /* nothing to move: the plan is as good as it gets, unless the
             * path ran into reported operations (another target may not) */
            if (!G->nfrozen || ++stuck > 64) break;
            continue;
        }
        stuck = 0;
        Obj best_val = obj_infinite();
        int32_t best_k = -1;
        uint32_t ties = 0, nl = G->nlevels;
        for (uint32_t k = 0; k < nm; k++) {
            bool tabu_move = move_tabu(&tabu, &cur, &mv[k], iter);
            Undo u = apply(&cur, &mv[k]);
            bool ok = evaluate(G, W, &cur);
            Obj v = cur.obj;
            undo(&cur, &u);
            if (!ok || v.v[0] == INFINITY) continue;
            if (tabu_move && !obj_less(&v, &th->best.obj, nl)) continue;
            if (obj_less(&v, &best_val, nl)) {
                best_val = v;
                best_k = (int32_t)k;
                ties = 1;
            } else if (obj_equal(&v, &best_val, nl) && rng_next(&rng, ++ties) == 0) best_k = (int32_t)k;
        }
        if (best_k < 0) {
            /* everything tabu: take a random move to escape */
            best_k = (int32_t)rng_next(&rng, nm);
        }
        Undo u = apply(&cur, &mv[best_k]);
        if (!evaluate(G, W, &cur)) {
            undo(&cur, &u);
            evaluate(G, W, &cur);
            continue;
        }
        make_tabu(&tabu, &mv[best_k], &u, iter, iter + tenure_base + rng_next(&rng, (uint32_t)tenure_base));
        if (obj_less(&cur.obj, &th->best.obj, nl)) {
            sol_copy(G, &th->best, &cur);
            search_report_best(th, &cur.obj);
            since_best = 0;
        } else if (++since_best > patience) {
            /* restart from the best with a random shake of its critical blocks */
            sol_copy(G, &cur, &th->best);
            decode(G, W, &cur);
            for (uint32_t shake = 0; shake < 3 + rng_next(&rng, 5); shake++) {
                decode(G, W, &cur);
                int32_t tt = target_node(G, W, &cur, &rng);
                uint32_t pl = critical_path(W, tt, path, G->n);
                uint32_t k = keep_actuals(G, &cur, mv, neighbourhood(G, W, &cur, path, pl, mv, maxm));
                if (!k) break;
                Move m1 = mv[rng_next(&rng, k)];
                Undo u2 = apply(&cur, &m1);
                if (!evaluate(G, W, &cur)) undo(&cur, &u2);
            }
            evaluate(G, W, &cur);
            tabu_clear(&tabu);
            since_best = 0;
        }
    }
    th->iterations = iter;
    pthread_mutex_lock(&th->sh->lock);
    th->sh->done++;
    pthread_mutex_unlock(&th->sh->lock);
    tk_free(mv);
    tk_free(path);
    tabu_free(&tabu);
    sol_free(&cur);
    work_free(W);
    return NULL;
}

/* Writes a decoded solution into the plan. */
static void write_back(const Graph *G, Work *W, Sol *s, Plan *p)
{
    const IrModel *ir = G->ir;
    evaluate(G, W, s);
    for (uint32_t i = 0; i < G->n; i++) {
        if (G->frozen[i]) continue; /* as reported */
        Op *op = &p->ops.data[i];
        const SAlt *al = &G->alts[G->nodes[i].alt_off + (uint32_t)s->alt[i]];
        int32_t g = s->gunit[i];
        op->machine = al->machine;
        op->unit = g - (int32_t)G->unit_base[al->machine];
        op->start = W->start[i];
        op->end = W->end[i];
        op->setup = W->setup[i];
        op->run = al->run;
        op->ready = W->est[i];
        switch (W->bind_kind[i]) {
        case BIND_JOB: {
            int32_t b = W->bind[i];
            bool same = G->nodes[b].wo == G->nodes[i].wo;
            op->cause = same ? WAIT_PRED : WAIT_COMPONENT;
            op->cause_ref = same ? b : G->nodes[b].wo;
            break;
        }
        case BIND_UNIT: op->cause = WAIT_PRED; op->cause_ref = W->bind[i]; op->ready = W->est[i]; break;
        default: {
            const WorkOrder *w = &p->wos.data[G->nodes[i].wo];
            op->cause = w->material_ready > w->release ? WAIT_MATERIAL : WAIT_RELEASE;
            op->cause_ref = w->material_ready > w->release ? w->material_late : G->nodes[i].wo;
        }
        }
        const IrMachine *mc = &ir->machines[al->machine];
        double rate = mc->cost_rate;
        if (mc->cost_fn >= 0) {
            int32_t pv = W->uprev[i];
            setup_of(G, W, i, al, pv >= 0 ? G->nodes[pv].wo : -1, pv >= 0 ? W->end[pv] : 0);
            W->env.var[RV_OP_SETUP] = op->setup;
            W->env.var[RV_OP_TIME] = op->setup + op->run;
            rate = W->eng->eval(W->eng, mc->cost_fn, &W->env);
            if (rate < 0) rate = 0;
        }
        op->cost = rate * (op->setup + op->run);
    }
    for (uint32_t k = 0; k < p->wos.len; k++) {
        WorkOrder *w = &p->wos.data[k];
        if (!w->nops) continue;
        w->start = -1;
        w->end = 0;
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s2 = 0; s2 < w->nops; s2++) {
            const Op *op = &p->ops.data[w->first_op + s2];
            if (w->start < 0 || op->start < w->start) w->start = op->start;
            int64_t e = op->end + plan_work_minutes(pr->steps[s2].wait);
            if (e > w->end) w->end = e;
        }
    }
    /* kits: when their parts are */
    for (uint32_t pass = 0; pass < 64; pass++) {
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

static volatile sig_atomic_t interrupted;
static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
    signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends it at once */
}

bool search_run(Plan *p, const SearchOptions *opt, SearchStats *stats)
{
    memset(stats, 0, sizeof *stats);
    if (p->ops.len < 2) return true;
    Graph *G = graph_build(p);
    G->fast = !G->nfrozen && plan_now(p->ir) == p->ir->start && fast_applies(G);
    Shared sh;
    memset(&sh, 0, sizeof sh);
    sh.opt = opt;
    interrupted = 0;
    sh.stop = &interrupted;
    sh.t0 = search_now();
    pthread_mutex_init(&sh.lock, NULL);
    void (*old)(int) = signal(SIGINT, on_sigint);
    Work *W = work_new(G, p->ir);
    Sol start = sol_new(G);
    sol_from_plan(G, &start);
    if (!evaluate(G, W, &start)) {
        /* the dispatch plan is feasible: this cannot happen; keep it */
        sol_free(&start);
        work_free(W);
        graph_free(G);
        signal(SIGINT, old);
        return false;
    }
    sh.best_obj = sh.start_obj = start.obj;
    stats->start_objective = start.obj.v[0];
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
    bool progress = opt->progress && isatty(STDERR_FILENO);
    for (int k = 1; k < nt; k++) pthread_create(&th[k].tid, NULL, search_thread, &th[k]);
    if (progress && nt > 0) {
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
            if (finished == nt) break;
        }
        pthread_join(th[0].tid, NULL);
        fprintf(stderr, "\n");
    } else search_thread(&th[0]);
    for (int k = 1; k < nt; k++) pthread_join(th[k].tid, NULL);
    int bi = 0;
    for (int k = 1; k < nt; k++)
        if (obj_less(&th[k].best.obj, &th[bi].best.obj, G->nlevels)) bi = k;
    for (int k = 0; k < nt; k++) stats->iterations += th[k].iterations;
    stats->best_objective = th[bi].best.obj.v[0];
    stats->time_to_best = th[bi].time_to_best;
    stats->seconds = search_now() - sh.t0;
    stats->interrupted = interrupted != 0;
    bool improved = obj_less(&th[bi].best.obj, &start.obj, G->nlevels);
    if (improved) write_back(G, W, &th[bi].best, p);
    for (int k = 0; k < nt; k++) sol_free(&th[k].best);
    tk_free(th);
    sol_free(&start);
    work_free(W);
    graph_free(G);
    pthread_mutex_destroy(&sh.lock);
    signal(SIGINT, old);
    return true;
}
