/* sched.c: the finite-capacity scheduler's dispatching pass. A discrete-event
 * simulation of the plant: operations arrive in the queues of the machines
 * that can run them once their predecessors are done, their materials have
 * arrived, the work orders making their components have ended and their
 * release has come; whenever a unit of a machine is free and the machine's
 * calendar is open, the waiting operation with the smallest value of the
 * dispatch rule starts on it (non-delay dispatching). Ties go to the earlier
 * release, then the work order's name, then the routing position, so the
 * same model always gives the same plan.
 *
 * Setups depend on the job that ran before on the same unit; an operation's
 * work (setup then run) follows the machine's calendar, pausing over breaks
 * where the machine allows it (docs/planning.md, "Scheduling"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kind.h"
#include "plan_read.h"
#include "sched.h"

/* ---- event heap ------------------------------------------------------------ */
/* Events come out by time, then kind, then the order they went in: one
 * integer, the minutes from tbase (now: no event is earlier, and none is
 * later than the horizon, at most 20 years, 2^24 minutes), the kind, and a
 * sequence number of 32 bits (a pass has a few events per operation). */
#define EV_T_SHIFT 34
#define EV_T_MAX (((uint64_t)1 << (64 - EV_T_SHIFT)) - 1)
static uint64_t ev_key(const Sched *S, int64_t t, int kind)
{
    uint64_t rel = t > S->tbase ? (uint64_t)(t - S->tbase) : 0;
    if (rel > EV_T_MAX) rel = EV_T_MAX; /* cannot be: see above */
    return rel << EV_T_SHIFT | (uint64_t)kind << 32 | (S->seq & 0xffffffffu);
}
static int64_t ev_time(const Sched *S, const Event *e) { return S->tbase + (int64_t)(e->key >> EV_T_SHIFT); }
static int ev_kind(const Event *e) { return (int)(e->key >> 32 & 3); }
static bool ev_less(const Event *x, const Event *y) { return x->key < y->key; }

/* The event heap is 4-ary: half the depth of a binary heap, and a node's
 * children share a cache line (16-byte events). Keys are unique (seq), so
 * the order events come out in does not depend on the heap's shape. */
static void push(Sched *S, int64_t t, int kind, int32_t a)
{
    Event e = {ev_key(S, t, kind), a};
    S->seq++;
    vec_push(&S->heap, e);
    uint32_t i = S->heap.len - 1;
    Event *h = S->heap.data;
    while (i > 0) {
        uint32_t up = (i - 1) / 4;
        if (!ev_less(&e, &h[up])) break;
        h[i] = h[up];
        i = up;
    }
    h[i] = e;
}

static Event pop(Sched *S)
{
    Event *h = S->heap.data;
    Event top = h[0];
    Event last = h[--S->heap.len];
    uint32_t i = 0, n = S->heap.len;
    for (;;) {
        uint32_t c = 4 * i + 1;
        if (c >= n) break;
        uint32_t m = c, end = c + 4 < n ? c + 4 : n;
        for (uint32_t k = c + 1; k < end; k++)
            if (ev_less(&h[k], &h[m])) m = k;
        if (!ev_less(&h[m], &last)) break;
        h[i] = h[m];
        i = m;
    }
    if (n) h[i] = last;
    return top;
}

static void want_dispatch(Sched *S, int32_t m, int64_t t)
{
    MState *ms = &S->ms[m];
    if (ms->pending >= 0 && ms->pending <= t) return; /* one is due already */
    ms->pending = t;
    push(S, t, EV_DISPATCH, m);
}

/* ---- setup times ------------------------------------------------------------- */
static const IrCalendar *cal_of(const IrModel *ir, const IrMachine *mc)
{
    return mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
}

static double setup_by(const IrModel *ir, const IrMachine *mc, const WorkOrder *w, const WorkOrder *prev)
{
    return plan_setup_by(ir, mc, w->product, prev ? prev->product : -1);
}

/* The values every candidate of a decision on unit u of machine m at time
 * now shares: the machine's, the previous job's on the unit, and now. Only
 * what a rule reads is filled (the rest is never looked at). */
static void fill_shared(Sched *S, RuleEnv *env, int32_t m, uint32_t u, int64_t now, double queue_len,
                        double mean_time)
{
    const IrModel *ir = S->ir;
    const Plan *p = S->p;
    const IrMachine *mc = &ir->machines[m];
    const UnitState *un = &S->ms[m].units[u];
    const WorkOrder *prev = un->prev_wo >= 0 ? &p->wos.data[un->prev_wo] : NULL;
    double *v = env->var;
    uint64_t need = S->need;
#define SET(id, expr) if (need & (1ull << (id))) v[id] = (expr)
    SET(RV_NOW, (double)now);
    SET(RV_MACHINE_UNITS, mc->units);
    SET(RV_MACHINE_QUEUE, queue_len);
    SET(RV_MACHINE_MEAN_TIME, mean_time);
    SET(RV_PREV_EXISTS, prev ? 1 : 0);
    SET(RV_PREV_QUANTITY, prev ? prev->qty : 0);
    SET(RV_PREV_DUE, (double)(prev ? prev->due : ir->start));
    SET(RV_PREV_RELEASE, (double)(prev ? prev->release : ir->start));
    SET(RV_PREV_PRIORITY, prev ? (prev->order >= 0 ? ir->orders[prev->order].priority : 1) : 0);
    SET(RV_PREV_END, (double)(prev ? un->prev_end : ir->start));
#undef SET
    env->attr[ATAB_PREV] = prev ? ir->products[prev->product].attrs : ir->default_attrs[ATAB_PREV];
    env->attr[ATAB_MACHINE] = mc->attrs;
}

/* The values of operation oi as a candidate of machine m, into slot k of
 * the columns col[v] (runtime.h, RuleScan): its run, setup and time always
 * (the scheduler needs them), the rest only if a rule reads it; and its
 * job's and order's attribute rows into jrow[k] and orow[k]. The setup is
 * the alternative's own, before setup rules. */
static void fill_cand(Sched *S, double *const *col, const double **jrow, const double **orow, uint32_t k,
                      uint32_t oi, int32_t m)
{
    const IrModel *ir = S->ir;
    const Plan *p = S->p;
    const Op *op = &p->ops.data[oi];
    const WorkOrder *w = &p->wos.data[op->wo];
    const IrOrder *o = w->order >= 0 ? &ir->orders[w->order] : NULL;
    const IrStep *st = &ir->products[w->product].steps[op->step];
    const IrAlt *al = plan_step_alt(st, m);
    double run = al->per_piece ? al->run * op->qty : al->run;
    uint64_t need = S->need;
    col[RV_OP_RUN][k] = run;
    col[RV_OP_SETUP][k] = al->setup;
    col[RV_OP_TIME][k] = al->setup + run;
#define SET(id, expr) if (need & (1ull << (id))) col[id][k] = (expr)
    SET(RV_REMAINING_WORK, S->ws[op->wo].remaining);
    SET(RV_JOB_REMAINING_WORK, S->ws[op->wo].remaining);
    SET(RV_ORDER_DUE, (double)(o ? o->due : w->due));
    SET(RV_ORDER_RELEASE, (double)(o ? o->release : w->release));
    SET(RV_ORDER_PRIORITY, o ? o->priority : 1);
    SET(RV_ORDER_PENALTY, o ? o->penalty : 0);
    SET(RV_ORDER_QUANTITY, o ? o->qty : w->qty);
    SET(RV_JOB_QUANTITY, w->qty);
    SET(RV_JOB_DUE, (double)w->due);
    SET(RV_JOB_RELEASE, (double)w->release);
    SET(RV_JOB_PRIORITY, o ? o->priority : 1);
    SET(RV_JOB_REMAINING_OPS, (double)S->ws[op->wo].ops_left);
    SET(RV_JOB_TOTAL_WORK, w->std_work);
    SET(RV_JOB_READY, (double)op->ready);
    SET(RV_OP_INDEX, op->step + 1);
    SET(RV_OP_ALTERNATIVES, st->nalts);
    SET(RV_OP_RESOURCE_UNITS, plan_alt_resource_units(al));
    SET(RV_OP_TRANSFER, st->transfer > 0 && st->npreds ? st->transfer : 0);
#undef SET
    jrow[k] = ir->products[w->product].attrs;
    orow[k] = o ? o->attrs : ir->default_attrs[ATAB_ORDER];
}

/* Fills a rule environment for operation oi on unit u of machine m at time
 * now. setup is the alternative's own (op_setup adds the rest). */
static void fill_env(Sched *S, RuleEnv *env, uint32_t oi, int32_t m, uint32_t u, int64_t now, double queue_len,
                     double mean_time)
{
    double *col[RV__COUNT];
    for (int v = 0; v < RV__COUNT; v++) col[v] = &env->var[v];
    fill_shared(S, env, m, u, now, queue_len, mean_time);
    fill_cand(S, col, &env->attr[ATAB_JOB], &env->attr[ATAB_ORDER], 0, oi, m);
}

/* The setup of op on a unit whose environment is filled; updates the
 * environment's setup and time. */
static double op_setup(Sched *S, RuleEnv *env, uint32_t oi, int32_t m, uint32_t u)
{
    const IrModel *ir = S->ir;
    const Plan *p = S->p;
    const Op *op = &p->ops.data[oi];
    const WorkOrder *w = &p->wos.data[op->wo];
    const IrMachine *mc = &ir->machines[m];
    const UnitState *un = &S->ms[m].units[u];
    const WorkOrder *prev = un->prev_wo >= 0 ? &p->wos.data[un->prev_wo] : NULL;
    double setup = env->var[RV_OP_SETUP];
    if (mc->setup_fn >= 0) {
        double x = S->eng->eval(S->eng, mc->setup_fn, env);
        if (x > 0) setup += x;
    }
    if (mc->nsetup_by) setup += setup_by(ir, mc, w, prev);
    env->var[RV_OP_SETUP] = setup;
    env->var[RV_OP_TIME] = setup + env->var[RV_OP_RUN];
    return setup;
}

/* ---- releasing work ------------------------------------------------------------ */
static void complete_wo(Sched *S, int32_t wi, int64_t t);

static void arrive(Sched *S, uint32_t oi, int64_t t, WaitCause cause, int32_t ref)
{
    Op *op = &S->p->ops.data[oi];
    if (op->planned) return; /* reported: it is where the shop floor says */
    if (t < S->now) t = S->now;
    op->ready = t;
    op->cause = (uint8_t)cause;
    op->cause_ref = ref;
    push(S, t, EV_ARRIVE, (int32_t)oi);
}

/* A work order may start: its release, materials and components are there. */
static void release_wo(Sched *S, int32_t wi)
{
    const WorkOrder *w = &S->p->wos.data[wi];
    WState *ws = &S->ws[wi];
    int64_t t = w->release;
    WaitCause cause = WAIT_RELEASE;
    int32_t ref = wi;
    if (w->material_ready > t) t = w->material_ready, cause = WAIT_MATERIAL, ref = w->material_late;
    if (ws->supply_ready > t) t = ws->supply_ready, cause = WAIT_COMPONENT, ref = ws->supply_last;
    if (t < S->ir->start) t = S->ir->start;
    if (w->nops == 0) { /* a kit: ready when its parts are */
        complete_wo(S, wi, t);
        return;
    }
    const Plan *p = S->p;
    for (uint32_t oi = w->first_op; oi < w->first_op + w->nops; oi++)
        if (p->pred_at[oi + 1] == p->pred_at[oi]) arrive(S, oi, t, cause, ref);
}

static void complete_wo(Sched *S, int32_t wi, int64_t t)
{
    WorkOrder *w = &S->p->wos.data[wi];
    WState *ws = &S->ws[wi];
    ws->done = t;
    w->end = t;
    for (uint32_t k = 0; k < ws->ndependents; k++) {
        int32_t d = ws->dependents[k];
        WState *dw = &S->ws[d];
        if (t > dw->supply_ready) dw->supply_ready = t, dw->supply_last = wi;
        if (--dw->supplies_left == 0) release_wo(S, d);
    }
}

/* The arcs from oi that a kind lets follow oi's start (transfer lots): oi
 * is placed (or reported), so its successors on them may get ready now; the
 * kind holds each to oi's progress where it is placed. Once per operation. */
static void release_followers(Sched *S, uint32_t oi)
{
    Plan *p = S->p;
    if (!S->follow_done || S->follow_done[oi]) return;
    S->follow_done[oi] = 1;
    const Op *op = &p->ops.data[oi];
    for (uint32_t e = p->succ_at[oi]; e < p->succ_at[oi + 1]; e++) {
        uint32_t so = p->succ[e];
        if (!kinds_follow_start(p, oi, so)) continue;
        Op *sop = &p->ops.data[so];
        if (op->start > sop->ready || sop->cause == WAIT_NONE) {
            sop->ready = op->start;
            sop->cause = WAIT_PRED;
            sop->cause_ref = (int32_t)oi;
        }
        if (--S->npred[so] == 0) arrive(S, so, sop->ready, (WaitCause)sop->cause, sop->cause_ref);
    }
}

static void complete_op(Sched *S, uint32_t oi)
{
    Plan *p = S->p;
    Op *op = &p->ops.data[oi];
    const WorkOrder *w = &p->wos.data[op->wo];
    const IrProduct *pr = &S->ir->products[w->product];
    const IrStep *st = &pr->steps[op->step];
    int64_t after = op->end + plan_work_minutes(st->wait);
    WState *ws = &S->ws[op->wo];
    bool released = S->follow_done && S->follow_done[oi];
    for (uint32_t e = p->succ_at[oi]; e < p->succ_at[oi + 1]; e++) {
        uint32_t so = p->succ[e];
        if (released && kinds_follow_start(p, oi, so)) continue; /* released when it was placed */
        Op *sop = &p->ops.data[so];
        if (after > sop->ready || sop->cause == WAIT_NONE) {
            sop->ready = after;
            sop->cause = WAIT_PRED;
            sop->cause_ref = (int32_t)oi;
        }
        if (--S->npred[so] == 0) arrive(S, so, sop->ready, (WaitCause)sop->cause, sop->cause_ref);
    }
    /* the work order ends when its last operation and wait do */
    if (--ws->ops_left == 0) {
        int64_t end = 0;
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *o2 = &p->ops.data[w->first_op + s];
            int64_t e = o2->end + plan_work_minutes(pr->steps[o2->step].wait);
            if (e > end) end = e;
        }
        complete_wo(S, op->wo, end);
    }
}

/* ---- dispatching ------------------------------------------------------------------- */
static double clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* What reading the clock adds to an interval it measures: the median of
 * back-to-back readings. A timed scan is charged its interval less this, so
 * rule_seconds is the rules' own time (a reading costs about as much as a
 * compiled rule over a few candidates). */
static double clock_cost(void)
{
    double d[31];
    for (int i = 0; i < 31; i++) {
        double a = clock_s();
        d[i] = clock_s() - a;
    }
    qsort(d, 31, sizeof d[0], dbl_cmp);
    return d[15];
}

static void grow_scratch(Sched *S, uint32_t n)
{
    if (n <= S->nscratch) return;
    uint32_t c = S->nscratch ? S->nscratch : 64;
    while (c < n) c *= 2;
    /* a column for each value of a candidate that is filled */
    uint64_t cols = (1ull << RV_OP_RUN) | (1ull << RV_OP_SETUP) | (1ull << RV_OP_TIME);
    for (int v = 0; v < RV__COUNT; v++)
        if ((S->need >> v & 1) && scan_var_per_candidate(v)) cols |= 1ull << v;
    size_t ncols = 0;
    for (int v = 0; v < RV__COUNT; v++) ncols += cols >> v & 1;
    S->colbuf = tk_xrealloc(S->colbuf, ncols * c * sizeof(double));
    for (int v = 0, j = 0; v < RV__COUNT; v++)
        if (cols >> v & 1) S->scan.col[v] = S->col[v] = S->colbuf + (size_t)j++ * c;
    for (int t = 0; t < ATAB__COUNT; t++)
        if (scan_attr_per_candidate(t)) S->scan.rows[t] = S->rows[t] = tk_xrealloc(S->rows[t], c * sizeof(double *));
    S->vals = tk_xrealloc(S->vals, c * sizeof(double));
    if (S->ir->ndispatch > 1) {
        /* the later levels of the dispatch rule, as ties need them */
        S->lvals = tk_xrealloc(S->lvals, c * (IR_MAX_LEVELS - 1) * sizeof(double));
        S->lseen = tk_xrealloc(S->lseen, c * (IR_MAX_LEVELS - 1) * sizeof(uint32_t));
        memset(S->lseen, 0, c * (IR_MAX_LEVELS - 1) * sizeof(uint32_t));
        S->lstamp = 0;
    }
    S->setups = tk_xrealloc(S->setups, c * sizeof(double));
    S->cands = tk_xrealloc(S->cands, c * sizeof(uint32_t));
    S->kstate = tk_xrealloc(S->kstate, c);
    S->scan.memo = S->memorow = tk_xrealloc(S->memorow, c * sizeof(double *));
    S->nscratch = c;
}

/* The setup rule and the setup by attribute of machine m for the n
 * candidates of a scan (operations ops[cands[k]]) after the previous job on
 * unit u: the setup and time columns become what op_setup gives each. */
static void scan_setups(Sched *S, int32_t m, uint32_t u, const uint32_t *ops, uint32_t n)
{
    const IrModel *ir = S->ir;
    const Plan *p = S->p;
    const IrMachine *mc = &ir->machines[m];
    if (mc->setup_fn < 0 && !mc->nsetup_by) return;
    const UnitState *un = &S->ms[m].units[u];
    const WorkOrder *prev = un->prev_wo >= 0 ? &p->wos.data[un->prev_wo] : NULL;
    double *setup = S->col[RV_OP_SETUP], *time = S->col[RV_OP_TIME], *run = S->col[RV_OP_RUN];
    if (mc->setup_fn >= 0) S->eng->scan(S->eng, mc->setup_fn, &S->scan, n, S->setups);
    for (uint32_t k = 0; k < n; k++) {
        double x = setup[k];
        if (mc->setup_fn >= 0 && S->setups[k] > 0) x += S->setups[k];
        if (mc->nsetup_by) x += setup_by(ir, mc, &p->wos.data[p->ops.data[ops[S->cands[k]]].wo], prev);
        setup[k] = x;
        time[k] = x + run[k];
    }
}

/* The environment of candidate k of the scan, as fill_env and op_setup
 * would give it. */
static void cand_env(const Sched *S, RuleEnv *env, uint32_t k)
{
    *env = S->scan.shared;
    for (int v = 0; v < RV__COUNT; v++)
        if (S->col[v]) env->var[v] = S->col[v][k];
    env->attr[ATAB_JOB] = S->rows[ATAB_JOB][k];
    env->attr[ATAB_ORDER] = S->rows[ATAB_ORDER][k];
}

/* Level l (from 1) of a lexicographic dispatch rule (`dispatch A then B`)
 * for candidate k of the scan: worked out only when candidates tie at every
 * level before it, once per decision (lstamp), with the candidate's values
 * as the first level saw them. Both engines evaluate it one candidate at a
 * time, and agree bit for bit. */
static double dispatch_level(Sched *S, uint32_t k, uint32_t l)
{
    size_t at = (size_t)k * (IR_MAX_LEVELS - 1) + (l - 1);
    if (S->lseen[at] != S->lstamp) {
        RuleEnv env;
        cand_env(S, &env, k);
        S->lvals[at] = S->eng->eval(S->eng, S->ir->dispatch_fns[l], &env);
        S->lseen[at] = S->lstamp;
    }
    return S->lvals[at];
}

/* Does candidate ka (operation a) come before kb (b): smaller rule value,
 * level by level, then earlier release, then name, then routing position. */
static bool before(Sched *S, uint32_t ka, uint32_t a, uint32_t kb, uint32_t b)
{
    double va = S->vals[ka], vb = S->vals[kb];
    if (va != vb) return va < vb;
    for (uint32_t l = 1; l < S->ir->ndispatch; l++) {
        double x = dispatch_level(S, ka, l), y = dispatch_level(S, kb, l);
        if (x != y) return x < y;
    }
    const Op *x = &S->p->ops.data[a], *y = &S->p->ops.data[b];
    const WorkOrder *wx = &S->p->wos.data[x->wo], *wy = &S->p->wos.data[y->wo];
    if (wx->release != wy->release) return wx->release < wy->release;
    if (x->wo != y->wo) return S->rank[x->wo] < S->rank[y->wo];
    return x->step < y->step;
}

static void hm(char *b, size_t n, int64_t minutes)
{
    snprintf(b, n, "%lld:%02lld", (long long)(minutes / 60), (long long)(minutes % 60));
}

static const IrStep *op_step(const Sched *S, uint32_t oi)
{
    const Op *op = &S->p->ops.data[oi];
    return &S->ir->products[S->p->wos.data[op->wo].product].steps[op->step];
}

/* The minutes of work of operation oi on alternative al, with the step's
 * own setup only (what every unit of the machine needs at least). */
static int64_t alt_minutes(const Sched *S, uint32_t oi, const IrAlt *al)
{
    double qty = S->p->ops.data[oi].qty;
    int64_t dur = (int64_t)ceil(al->setup + (al->per_piece ? al->run * qty : al->run) - EPS);
    return dur > 0 ? dur : 0;
}

/* Why machine m cannot hold dur minutes of work from now on before the
 * horizon ends: a phrase after "operation 'x' on 'm' ". */
static void hold_why(const Sched *S, int32_t m, int64_t now, int64_t dur, char *why, size_t n)
{
    const IrModel *ir = S->ir;
    const IrMachine *mc = &ir->machines[m];
    char b1[32], b2[32];
    if (mc->subcontract) {
        int64_t sent = plan_subcontract_send(ir, mc, now);
        if (sent == INT64_MAX || sent >= ir->end)
            snprintf(why, n, "finds no time the subcontractor takes goods before the horizon ends");
        else {
            hm(b1, sizeof b1, mc->lead);
            snprintf(why, n, "would not come back before the horizon ends (lead %s)", b1);
        }
        return;
    }
    int64_t left = cal_work_between(cal_of(ir, mc), now, ir->end);
    hm(b1, sizeof b1, dur);
    if (!mc->split && mc->calendar >= 0 && dur > ir->calendars[mc->calendar].longest) {
        hm(b2, sizeof b2, ir->calendars[mc->calendar].longest);
        snprintf(why, n, "needs %s without a break, but the machine does not split operations and its longest shift is %s",
                 b1, b2);
    } else if (left <= 0)
        snprintf(why, n, "finds the machine closed for the rest of the horizon");
    else if (!mc->split && left >= dur)
        snprintf(why, n, "needs %s without a break, but the machine does not split operations and no shift that long "
                         "is left before the horizon ends", b1);
    else {
        hm(b2, sizeof b2, left);
        snprintf(why, n, "needs %s of work, but only %s of the machine's working time is left", b1, b2);
    }
}

/* Operation oi cannot be planned: nor can its work order. phrase names the
 * operation, its machine or machines, and why ("operation 'x' on 'm' needs
 * ..."); the work orders waiting for this one repeat it (report_waits). */
static void fail_op(Sched *S, uint32_t oi, const char *phrase)
{
    Plan *p = S->p;
    Op *op = &p->ops.data[oi];
    const WorkOrder *w = &p->wos.data[op->wo];
    const IrModel *ir = S->ir;
    WState *ws = &S->ws[op->wo];
    op->planned = true; /* out of every queue */
    if (!ws->failed) {
        ws->failed = true;
        ws->why = arena_strdup(&p->arena, phrase);
    }
    if (S->failures++ >= 20) {
        if (S->more_wo < 0) S->more_wo = S->more_root = op->wo;
        return;
    }
    char b[32];
    fmt_datetime_sp(b, sizeof b, ir->end);
    Span at = w->order >= 0 ? ir->orders[w->order].span : ir->products[w->product].span;
    plan_problem(p, DIAG_CANNOT_PLAN, at, "lengthen the plant's horizon, add capacity, or split the order",
                 "%s cannot be planned: %s (the horizon ends at %s)", w->name, phrase, b);
}

static bool unable_on(const Sched *S, uint32_t oi, int32_t m)
{
    for (const Unable *x = S->unable ? S->unable[oi] : NULL; x; x = x->next)
        if (x->machine == m) return true;
    return false;
}

/* When the first unit of machine m is free, at t or later (calendars and
 * setups aside: this only compares machines). */
static int64_t earliest_free(const Sched *S, int32_t m, int64_t t)
{
    if (S->ir->machines[m].subcontract) return t; /* it takes any amount of work */
    const MState *ms = &S->ms[m];
    int64_t best = INT64_MAX;
    for (uint32_t u = 0; u < S->ir->machines[m].units; u++) {
        int64_t f = ms->units[u].free_at > t ? ms->units[u].free_at : t;
        if (f < best) best = f;
    }
    return best;
}

/* Machine m cannot hold operation oi, from now on (a machine's working time
 * only gets scarcer as time goes on), for the reason `why`. While another of
 * its machines may, the operation waits for that one: those machines are
 * asked again, and an operation --stable kept on m joins their queues. Only
 * when none is left can it not be planned, and the message names each
 * machine and why. */
static void cannot_hold(Sched *S, uint32_t oi, int32_t m, int64_t now, const char *why)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    const IrStep *st = op_step(S, oi);
    if (st->nalts < 2) {
        char *phrase = tk_fmt("operation '%s' on '%s' %s", st->name, ir->machines[m].name, why);
        fail_op(S, oi, phrase);
        tk_free(phrase);
        return;
    }
    if (!S->unable) {
        S->unable = tk_xalloc((p->ops.len + 1) * sizeof(Unable *));
        memset(S->unable, 0, (p->ops.len + 1) * sizeof(Unable *));
    }
    if (!unable_on(S, oi, m)) {
        Unable *x = arena_alloc(&p->arena, sizeof *x);
        x->machine = m;
        x->why = arena_strdup(&p->arena, why);
        x->next = S->unable[oi];
        S->unable[oi] = x;
    }
    bool kept = S->prev_machine && S->prev_machine[oi] >= 0;
    if (kept) { /* new work from here on, on whichever machine can take it */
        S->prev_machine[oi] = S->prev_unit[oi] = -1;
        S->prev_start[oi] = INT64_MAX;
    }
    bool left = false;
    for (uint32_t a = 0; a < st->nalts; a++) {
        int32_t am = st->alts[a].machine;
        if (unable_on(S, oi, am)) continue;
        left = true;
        if (kept) vec_push(&S->ms[am].queue, oi);
        want_dispatch(S, am, earliest_free(S, am, now));
    }
    if (left) return;
    StrBuf b = {0};
    sb_printf(&b, "operation '%s' fits none of its machines", st->name);
    for (uint32_t a = 0; a < st->nalts; a++) {
        const Unable *x = S->unable[oi];
        while (x && x->machine != st->alts[a].machine) x = x->next;
        sb_printf(&b, "%s on '%s' it %s", a ? ";" : ":", ir->machines[st->alts[a].machine].name, x ? x->why : "?");
    }
    fail_op(S, oi, sb_cstr(&b));
    sb_free(&b);
}

/* A setup rule that gives no usable duration, or an operation longer than
 * any duration (docs/limits.md): E0504 or E0505 and the work order fails,
 * as fail_op fails it, instead of a time that wraps around. False then. */
static bool out_of_range(Sched *S, uint32_t oi, int32_t m, double setup, double run)
{
    if (setup <= TAKT_MAX_MINUTES && run <= TAKT_MAX_MINUTES && setup + run <= TAKT_MAX_MINUTES) return true;
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    Op *op = &p->ops.data[oi];
    const WorkOrder *w = &p->wos.data[op->wo];
    const IrMachine *mc = &ir->machines[m];
    const IrStep *st = &ir->products[w->product].steps[op->step];
    WState *ws = &S->ws[op->wo];
    bool rule = !(setup <= TAKT_MAX_MINUTES) && mc->setup_fn >= 0;
    op->planned = true; /* out of every queue */
    if (!ws->failed) {
        ws->failed = true;
        ws->why = arena_strdup(&p->arena, rule ? "its machine's setup rule gives more than 100 years"
                                               : "an operation needs more than 100 years of work");
    }
    if (S->failures++ >= 20) {
        if (S->more_wo < 0) S->more_wo = S->more_root = op->wo;
        return false;
    }
    if (rule)
        plan_problem(p, DIAG_RULE_RANGE, ir->funcs[mc->setup_fn].span, "a setup is at most 100 years: see docs/limits.md",
                     "the setup rule of machine '%s' gives %.0f min for %s, operation '%s'", mc->name, setup, w->name,
                     st->name);
    else
        plan_problem(p, DIAG_WORK_RANGE, w->order >= 0 ? ir->orders[w->order].span : ir->products[w->product].span,
                     "an operation is at most 100 years of work: see docs/limits.md",
                     "%s cannot be planned: operation '%s' on '%s' needs %.0f min of work for %.0f pieces, more than "
                     "100 years",
                     w->name, st->name, mc->name, setup + run, op->qty);
    return false;
}

/* The placement question of operation oi on unit u of machine m at now,
 * for the constraint kinds (kind.h). */
static void kplace(const Sched *S, KPlace *pl, uint32_t oi, int32_t m, uint32_t u, int64_t now, double setup,
                   double run)
{
    const IrModel *ir = S->ir;
    const Op *op = &S->p->ops.data[oi];
    const IrMachine *mc = &ir->machines[m];
    pl->op = oi;
    pl->machine = m;
    pl->unit = u;
    pl->alt = plan_step_alt(&ir->products[S->p->wos.data[op->wo].product].steps[op->step], m);
    pl->t = now;
    pl->setup_min = setup;
    pl->run_min = run;
    pl->dur = plan_work_minutes(setup + run);
    pl->setup = plan_work_minutes(setup);
    if (pl->setup > pl->dur) pl->setup = pl->dur;
    pl->split = mc->split;
    pl->cal = cal_of(ir, mc);
    pl->rate = 0; /* the kinds the dispatching pass asks cost by rates of their own */
}

/* Starts operation oi on unit u of machine m at now; false if the machine
 * cannot hold it (cannot_hold has then sent it elsewhere or failed it). ks:
 * where the constraint kinds placed it (the candidate they were asked about
 * last), or NULL if none concerns it. */
static bool start_op(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t now, RuleEnv *env, const KSlot *ks)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    Op *op = &p->ops.data[oi];
    const IrMachine *mc = &ir->machines[m];
    double setup = env->var[RV_OP_SETUP], run = env->var[RV_OP_RUN];
    if (!out_of_range(S, oi, m, setup, run)) return false;
    int64_t dur = plan_work_minutes(setup + run);
    int64_t start;
    int64_t end = ks ? ks->end : cal_finish(cal_of(ir, mc), now, dur, mc->split, &start);
    if (ks) start = ks->start;
    if (end == INT64_MAX || end > ir->end) {
        char why[256];
        hold_why(S, m, now, dur, why, sizeof why);
        cannot_hold(S, oi, m, now, why);
        return false;
    }
    double rate = mc->cost_fn >= 0 ? S->eng->eval(S->eng, mc->cost_fn, env) : mc->cost_rate;
    if (rate < 0) rate = 0;
    if (!(rate * 60 <= TAKT_MAX_MONEY) && rate == rate) {
        /* the plan has a problem, and is not written */
        const WorkOrder *w = &p->wos.data[op->wo];
        if (p->problems.len < 20)
            plan_problem(p, DIAG_RULE_RANGE, ir->funcs[mc->cost_fn].span,
                         "a machine's cost is at most 1e12 per hour: see docs/limits.md",
                         "the cost rule of machine '%s' gives %.0f per hour for %s, operation '%s'", mc->name,
                         rate * 60, w->name, ir->products[w->product].steps[op->step].name);
        rate = 0;
    }
    double cost = rate * (setup + run);
    if (ks) {
        KPlace pl;
        kplace(S, &pl, oi, m, u, now, setup, run);
        kinds_book(&S->kinds, &pl, ks);
        cost += ks->cost;
    }
    sched_place(S, oi, m, u, start, end, setup, run, cost);
    return true;
}

void sched_place(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t start, int64_t end, double setup, double run,
                 double cost)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    Op *op = &p->ops.data[oi];
    op->planned = true; /* taken out of every queue */
    op->machine = m;
    op->unit = (int32_t)u;
    op->start = start;
    op->end = end;
    op->setup = setup;
    op->run = run;
    op->cost = cost;
    if (!ir->machines[m].subcontract) { /* a subcontractor's capacity is not booked */
        UnitState *un = &S->ms[m].units[u];
        if (end > start) {
            un->free_at = end;
            un->prev_wo = op->wo;
            un->prev_end = end;
            un->last_op = (int32_t)oi;
        }
    }
    S->ws[op->wo].remaining -= plan_op_std_minutes(ir, op, &ir->products[p->wos.data[op->wo].product].steps[op->step]);
    if (S->ws[op->wo].remaining < 0) S->ws[op->wo].remaining = 0;
    push(S, end, EV_COMPLETE, (int32_t)oi);
    want_dispatch(S, m, end);
    release_followers(S, oi);
}

/* ---- batch machines ------------------------------------------------------------- */
/* The candidates k of a decision (all but lead) in the dispatch rule's order
 * after lead: a merge sort by before(), so ties break as for one operation. */
static void rule_order(Sched *S, const uint32_t *queue, uint32_t *ks, uint32_t n, uint32_t *tmp)
{
    for (uint32_t w = 1; w < n; w *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * w) {
            uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            uint32_t a = lo, b = mid, o = lo;
            while (a < mid && b < hi) {
                uint32_t x = ks[a], y = ks[b];
                if (before(S, y, queue[S->cands[y]], x, queue[S->cands[x]])) tmp[o++] = ks[b++];
                else tmp[o++] = ks[a++];
            }
            while (a < mid) tmp[o++] = ks[a++];
            while (b < hi) tmp[o++] = ks[b++];
        }
        memcpy(ks, tmp, n * sizeof(uint32_t));
    }
}

enum { CYCLE_STARTED, CYCLE_WAITS, CYCLE_NOT_HERE };

/* A free unit u of batch machine m at now takes a cycle led by candidate
 * lead (kind_batch.c chooses the members): CYCLE_WAITS if the cycle is not
 * full and may wait for more work (`fill`; the machine is woken then),
 * CYCLE_NOT_HERE if the machine cannot hold a cycle before the horizon
 * ends (cannot_hold has sent the leader elsewhere or failed it). */
static int start_cycle(Sched *S, int32_t m, uint32_t u, int64_t now, uint32_t lead, uint32_t n)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    const IrMachine *mc = &ir->machines[m];
    MState *ms = &S->ms[m];
    uint32_t *ks = tk_xalloc(2 * ((size_t)n + 1) * sizeof(uint32_t));
    uint32_t no = 0;
    for (uint32_t k = 0; k < n; k++)
        if (k != lead) ks[no++] = k;
    rule_order(S, ms->queue.data, ks, no, ks + n + 1);
    uint32_t *ops = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    ops[0] = ms->queue.data[S->cands[lead]];
    for (uint32_t i = 0; i < no; i++) ops[i + 1] = ms->queue.data[S->cands[ks[i]]];
    tk_free(ks);
    BatchPart *parts = tk_xalloc(((size_t)n + 1) * sizeof(BatchPart));
    double load;
    uint32_t np = batch_take(p, m, ops, n, S->bleft, parts, &load);
    uint32_t leader = ops[0];
    tk_free(ops);
    int64_t ready = p->ops.data[leader].ready > S->now ? p->ops.data[leader].ready : S->now;
    if (mc->batch_fill > 0 && load < mc->batch_cap * (1 - 1e-9)) {
        int64_t until = ready + plan_work_minutes(mc->batch_fill);
        if (now < until) {
            tk_free(parts);
            want_dispatch(S, m, until);
            return CYCLE_WAITS;
        }
    }
    int64_t cycle = plan_work_minutes(mc->batch_cycle), start;
    int64_t end = cal_finish(cal_of(ir, mc), now, cycle, mc->split, &start);
    if (end == INT64_MAX || end > ir->end) {
        tk_free(parts);
        char why[256];
        hold_why(S, m, now, cycle, why, sizeof why);
        cannot_hold(S, leader, m, now, why);
        return CYCLE_NOT_HERE;
    }
    RuleEnv env;
    cand_env(S, &env, lead);
    double rate = mc->cost_fn >= 0 ? S->eng->eval(S->eng, mc->cost_fn, &env) : mc->cost_rate;
    if (!(rate >= 0 && rate * 60 <= TAKT_MAX_MONEY)) rate = 0;
    for (uint32_t i = 0; i < np; i++) {
        uint32_t oi = parts[i].op;
        Op *op = &p->ops.data[oi];
        if (!S->bbegun[oi]) {
            S->bbegun[oi] = 1;
            op->machine = m;
            op->unit = (int32_t)u;
            op->start = start;
            op->setup = op->run = op->cost = 0;
        }
        S->bleft[oi] -= parts[i].qty;
        if (S->bleft[oi] <= 1e-9 * p->wos.data[op->wo].qty) {
            S->bleft[oi] = 0;
            op->planned = true;
            op->end = end;
            const WorkOrder *w = &p->wos.data[op->wo];
            S->ws[op->wo].remaining -= plan_op_std_minutes(ir, op, &ir->products[w->product].steps[op->step]);
            if (S->ws[op->wo].remaining < 0) S->ws[op->wo].remaining = 0;
            push(S, end, EV_COMPLETE, (int32_t)oi);
        }
    }
    batch_record(p, m, u, start, end, parts, np, rate * mc->batch_cycle);
    tk_free(parts);
    UnitState *un = &ms->units[u];
    un->free_at = end;
    un->prev_wo = p->ops.data[leader].wo;
    un->prev_end = end;
    /* what the cycle finished leaves the queue */
    uint32_t w = 0;
    for (uint32_t i = 0; i < ms->queue.len; i++)
        if (!p->ops.data[ms->queue.data[i]].planned) ms->queue.data[w++] = ms->queue.data[i];
    ms->queue.len = w;
    want_dispatch(S, m, end);
    return CYCLE_STARTED;
}

enum { ELSE_HERE = SCHED_HERE, ELSE_CANNOT = SCHED_CANNOT };

/* Where operation oi, waiting for machine m at now, would finish soonest:
 * another of its machines, ELSE_HERE for m, or ELSE_CANNOT if m cannot hold
 * it at all (cannot_hold has then been told). Each machine's finish follows
 * its calendar and its `split`, from when its first unit is free, with the
 * step's own setup (sequence-dependent setups aside: this compares
 * machines); a machine that cannot hold it before the horizon ends is
 * passed over. Ties stay with m, so exactly one machine takes the
 * operation; the one passed over is woken by the caller. */
/* When operation oi would finish on alternative al of machine am, its work
 * found from `from` (its end by the machine's calendar, end_m) where the
 * constraint kinds would let it go; INT64_MAX if they never would. */
static int64_t kinds_finish(Sched *S, uint32_t oi, const IrAlt *al, int32_t am, int64_t from, int64_t end_m, int64_t *start)
{
    double run = al->per_piece ? al->run * S->p->ops.data[oi].qty : al->run;
    KPlace pl;
    kplace(S, &pl, oi, am, 0, from, al->setup, run);
    if (!S->kinds.n || !kinds_apply(&S->kinds, &pl)) return end_m;
    KSlot slot = {*start, *start, end_m, pl.cal, 0, NULL, false, 0, false};
    if (!kinds_place(&S->kinds, &pl, &slot)) return INT64_MAX;
    *start = slot.start;
    return slot.end;
}

static int64_t finish_at(const Sched *S, uint32_t oi, const IrAlt *al, int64_t t);

/* With constraint kinds (kind.h), both sides of the comparison are worked
 * out alike — where the kinds let the operation go — so two machines never
 * pass an operation to each other; *when is when the chosen one may start it. */
static int32_t sooner_elsewhere(Sched *S, uint32_t oi, int32_t m, int64_t now, int64_t *when)
{
    const IrModel *ir = S->ir;
    const IrStep *st = op_step(S, oi);
    if (st->nalts < 2 || (S->p->pin_machine && S->p->pin_machine[oi] >= 0)) return ELSE_HERE; /* pinned: here */
    const IrMachine *mc = &ir->machines[m];
    int64_t best_end = sched_finish_on(S, oi, plan_step_alt(st, m), now), s0 = now;
    if (best_end == INT64_MAX) {
        char why[256];
        hold_why(S, m, now, alt_minutes(S, oi, plan_step_alt(st, m)), why, sizeof why);
        cannot_hold(S, oi, m, now, why);
        return ELSE_CANNOT;
    }
    if (S->kinds.n) {
        if (!mc->subcontract) cal_finish(cal_of(ir, mc), now, alt_minutes(S, oi, plan_step_alt(st, m)), mc->split, &s0);
        best_end = kinds_finish(S, oi, plan_step_alt(st, m), m, now, best_end, &s0);
    }
    int32_t best = ELSE_HERE;
    bool best_sub = mc->subcontract;
    for (uint32_t a = 0; a < st->nalts; a++) {
        const IrAlt *al = &st->alts[a];
        if (al->machine == m || (S->unable && unable_on(S, oi, al->machine))) continue;
        const IrMachine *am = &ir->machines[al->machine];
        int64_t from = earliest_free(S, al->machine, now);
        int64_t end = finish_at(S, oi, al, from);
        if (end == INT64_MAX) continue;
        if (S->kinds.n) {
            s0 = from;
            if (!am->subcontract) cal_finish(cal_of(ir, am), from, alt_minutes(S, oi, al), am->split, &s0);
            end = kinds_finish(S, oi, al, al->machine, from, end, &s0);
            if (end == INT64_MAX) continue;
            if (s0 > from) from = s0;
        }
        /* sooner wins; on a tie, the plant's own machine before a
         * subcontractor, then the one asking, then the first by index */
        bool sub = am->subcontract;
        if (end < best_end || (end == best_end && ((best_sub && !sub) || (best >= 0 && best_sub == sub && al->machine < best)))) {
            best_end = end;
            best = al->machine;
            best_sub = sub;
            *when = from;
        }
    }
    return best;
}

/* Where oi ends on alternative al if it starts at t or later, whatever else
 * the machine has to do: its calendar and split, or a subcontractor's
 * calendar and lead; INT64_MAX if not within the horizon. */
static int64_t finish_at(const Sched *S, uint32_t oi, const IrAlt *al, int64_t t)
{
    const IrModel *ir = S->ir;
    const IrMachine *mc = &ir->machines[al->machine];
    int64_t end, s0;
    if (mc->subcontract) end = plan_subcontract_back(ir, mc, plan_subcontract_send(ir, mc, t));
    else end = cal_finish(cal_of(ir, mc), t, alt_minutes(S, oi, al), mc->split, &s0);
    return end > ir->end ? INT64_MAX : end;
}

int64_t sched_finish_on(const Sched *S, uint32_t oi, const IrAlt *al, int64_t t)
{
    return finish_at(S, oi, al, earliest_free(S, al->machine, t));
}

/* Room for each operation's memo row of len doubles (Engine.scan_memo);
 * a row is zeroed when its operation arrives. */
static void memo_alloc(Sched *S, uint32_t len)
{
    tk_free(S->memo);
    S->memo = NULL;
    S->memo_len = len;
    if (len) S->memo = tk_xalloc(((size_t)S->p->ops.len + 1) * len * sizeof(double));
}

/* --engine=auto (Plan.tier_up): the work of the dispatch rule still ahead,
 * in interpreted instructions: evaluations per decision over the last 256
 * decisions (queues grow and shrink over a pass), times the operations not
 * yet started, times the rule's length. Past tier_work, compiling pays
 * (docs/planning.md, "Engines"), and the pass goes on with the compiled
 * engine. Checked every 256 decisions. */
static void maybe_tier_up(Sched *S)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    if (!p->tier_up || ir->dispatch_fn < 0 || S->decisions % 256) return;
    double per = (double)(S->eng->evals - S->evals_mark) / 256;
    S->evals_mark = S->eng->evals;
    double left = S->decisions < p->ops.len ? (double)(p->ops.len - S->decisions) : 0;
    if (per * left * ir->funcs[ir->dispatch_fn].n < p->tier_work) return;
    Engine *e = p->tier_up(ir, p->tier_ctx);
    p->tier_up = NULL; /* once, whatever came of it */
    if (!e) return;
    p->tiered = e;
    S->evals_before += S->eng->evals - S->evals0;
    S->eng = e;
    S->evals0 = e->evals;
    /* the new engine's memory of calls, fresh for every operation */
    memo_alloc(S, e->scan_memo(e, ir->dispatch_fn));
    if (S->memo) memset(S->memo, 0, (size_t)p->ops.len * S->memo_len * sizeof(double));
}

/* --stable: the operation unit un must run next, in the previous plan's
 * order, or -1 when it has run them all. Operations done or failed, or given
 * up by the unit (cannot_hold), are passed over. */
static int32_t seq_head(Sched *S, UnitState *un)
{
    while (un->seq_pos < un->seq_end) {
        uint32_t oi = S->kept[un->seq_pos];
        const Op *op = &S->p->ops.data[oi];
        if (!op->planned && S->prev_unit[oi] >= 0 && !S->ws[op->wo].failed) return (int32_t)oi;
        un->seq_pos++;
    }
    return -1;
}

/* Operation oi, chosen for unit u of m at td, has a successor with a time
 * window: the start at which the chain that must follow it fits
 * (window_plan), with the constraint kinds asked again there (*ks: their
 * slot, kept as it was where they cannot place it then). Not later than
 * the unit's next pinned operation (pin, -1: none) or, with --stable, its
 * next kept one (gap_end) allows: there it starts when it would have. */
static int64_t window_ahead(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t td, const RuleEnv *env,
                            const KSlot **ks, int32_t pin, int64_t gap_end)
{
    const IrModel *ir = S->ir;
    const IrMachine *mc = &ir->machines[m];
    double setup = env->var[RV_OP_SETUP], run = env->var[RV_OP_RUN];
    int64_t dur = plan_work_minutes(setup + run), t0 = td;
    if (*ks) t0 = (*ks)->start;
    else cal_finish(cal_of(ir, mc), td, dur, mc->split, &t0);
    int64_t at = window_plan(S, oi, m, u, t0, dur);
    if (at <= t0) return td;
    if (pin >= 0 && !sched_pin_gap_fits(S, oi, m, u, at, dur, pin)) return td;
    if (gap_end != INT64_MAX && !S->feeds_kept[S->p->ops.data[oi].wo]) {
        int64_t s0;
        if (cal_finish(cal_of(ir, mc), at, dur, mc->split, &s0) > gap_end) return td;
    }
    if (*ks) {
        KPlace pl;
        kplace(S, &pl, oi, m, u, at, setup, run);
        int64_t st;
        int64_t end = cal_finish(pl.cal, at, pl.dur, pl.split, &st);
        KSlot slot = {st, st, end, pl.cal, 0, NULL, false, 0, false};
        if (end == INT64_MAX || end > ir->end || !kinds_place(&S->kinds, &pl, &slot) || slot.end > ir->end) return td;
        S->kslot = slot;
    }
    return at;
}

static void dispatch(Sched *S, int32_t m, int64_t t)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    MState *ms = &S->ms[m];
    const IrMachine *mc = &ir->machines[m];
    if (ms->pending == t) ms->pending = -1;
    /* drop operations another machine took, and those this one cannot hold */
    uint32_t w = 0;
    for (uint32_t i = 0; i < ms->queue.len; i++) {
        uint32_t oi = ms->queue.data[i];
        if (!p->ops.data[oi].planned && !(S->unable && unable_on(S, oi, m))) ms->queue.data[w++] = oi;
    }
    ms->queue.len = w;
    if (!ms->queue.len) return;
    if (mc->subcontract) {
        sched_sub_dispatch(S, m, t);
        return;
    }
    int64_t td = cal_next_work(cal_of(ir, mc), t);
    if (td >= ir->end) {
        /* closed for the rest of the horizon: what waits here goes to its
         * other machines, or cannot be planned (never back to this queue) */
        uint32_t n = ms->queue.len;
        ms->queue.len = 0;
        for (uint32_t i = 0; i < n; i++)
            if (!p->ops.data[ms->queue.data[i]].planned)
                cannot_hold(S, ms->queue.data[i], m, t, "finds the machine closed for the rest of the horizon");
        return;
    }
    if (td > t) {
        want_dispatch(S, m, td);
        return;
    }
    int32_t fn = ir->dispatch_fn;
    const IrFunc *f = fn >= 0 ? &ir->funcs[fn] : NULL;
    bool need_mean = f && (f->vars & (1ull << RV_MACHINE_MEAN_TIME));
    int64_t pool_wake = INT64_MAX; /* the earliest a candidate the kinds hold back may start */
    /* each free unit in turn, until it starts an operation or has none to
     * start (one its choice could not hold has gone elsewhere: it chooses
     * again) */
    for (uint32_t u = 0; u < mc->units && ms->queue.len;) {
        UnitState *un = &ms->units[u];
        if (un->free_at > td) {
            u++;
            continue;
        }
        uint32_t qn = ms->queue.len;
        grow_scratch(S, qn);
        /* --stable: the unit runs the operations the previous plan gave it
         * in that plan's order, none before the previous plan started it;
         * new work only in the time before the next of them starts there
         * (gap_end), or after them */
        int32_t head = S->kept && !un->loose ? seq_head(S, un) : -1;
        int64_t gap_end = INT64_MAX;
        uint32_t n = 0;
        if (head >= 0) {
            uint32_t i = 0;
            while (i < qn && ms->queue.data[i] != (uint32_t)head) i++;
            if (i < qn && S->prev_start[head] <= td) S->cands[n++] = i;
            else {
                if (i < qn) want_dispatch(S, m, S->prev_start[head]); /* ready: it starts then */
                gap_end = S->prev_start[head] > S->gap_end[head] ? S->prev_start[head] : S->gap_end[head];
            }
        }
        /* pins: new work on this unit only in the time before the next
         * operation pinned to start on it (sched_pin.c) */
        int32_t pin = p->pin_machine ? sched_pin_next(S, m, u) : -1;
        /* candidates: the waiting operations, less those that another of
         * their machines would finish sooner (earliest completion) */
        int64_t due = INT64_MAX; /* a loose unit: when its next kept operation may start */
        if (!n)
            for (uint32_t i = 0; i < qn; i++) {
                uint32_t oi = ms->queue.data[i];
                if (!sched_pin_allows(S, oi, m, u)) continue; /* pinned to another unit */
                if (S->prev_unit && S->prev_unit[oi] >= 0) {
                    /* kept by --stable on a unit: in order (above), or as
                     * they come once the unit is loose, none before its
                     * previous start */
                    if (S->prev_unit[oi] != (int32_t)u || head >= 0) continue;
                    if (S->prev_start[oi] <= td) S->cands[n++] = i;
                    else if (S->prev_start[oi] < due) due = S->prev_start[oi];
                    continue;
                }
                if (S->unable && unable_on(S, oi, m)) continue;
                int64_t when = td;
                int32_t better = sooner_elsewhere(S, oi, m, td, &when);
                if (better == ELSE_CANNOT) continue;
                if (better >= 0) {
                    want_dispatch(S, better, when);
                    continue;
                }
                S->cands[n++] = i;
            }
        if (due != INT64_MAX) want_dispatch(S, m, due);
        if (!n) {
            if (!S->kept && !S->unit_pins) break; /* the same candidates for every unit */
            u++;
            continue;
        }
        double mean = 0;
        if (need_mean) {
            for (uint32_t k = 0; k < n; k++) {
                const Op *op = &p->ops.data[ms->queue.data[S->cands[k]]];
                const WorkOrder *wo = &p->wos.data[op->wo];
                const IrAlt *al = plan_step_alt(&ir->products[wo->product].steps[op->step], m);
                mean += al->setup + (al->per_piece ? al->run * op->qty : al->run);
            }
            mean /= n;
        }
        fill_shared(S, &S->scan.shared, m, u, td, (double)n, mean);
        for (uint32_t k = 0; k < n; k++)
            fill_cand(S, S->col, S->rows[ATAB_JOB], S->rows[ATAB_ORDER], k, ms->queue.data[S->cands[k]], m);
        scan_setups(S, m, u, ms->queue.data, n);
        if (S->memo)
            for (uint32_t k = 0; k < n; k++) S->memorow[k] = S->memo + (size_t)ms->queue.data[S->cands[k]] * S->memo_len;
        if (f && S->clock_cost >= 0) {
            double t0 = clock_s();
            S->eng->scan(S->eng, fn, &S->scan, n, S->vals);
            p->rule_seconds += clock_s() - t0 - S->clock_cost;
        } else if (f)
            S->eng->scan(S->eng, fn, &S->scan, n, S->vals);
        else
            for (uint32_t k = 0; k < n; k++)
                S->vals[k] = (double)p->wos.data[p->ops.data[ms->queue.data[S->cands[k]]].wo].release;
        if (S->lseen && ++S->lstamp == 0) { /* a new decision: later levels not yet worked out */
            memset(S->lseen, 0, (size_t)S->nscratch * (IR_MAX_LEVELS - 1) * sizeof(uint32_t));
            S->lstamp = 1;
        }
        /* the first in the rule's order that the constraint kinds let start
         * now, where it would by its machine alone (non-delay); one they hold
         * back is not a candidate now, and the earliest it may start wakes
         * the machine (kinds' bookings only grow: never too late) */
        const KSlot *ks = NULL;
        if (S->kinds.n) memset(S->kstate, 0, n);
    choose:;
        uint32_t best = UINT32_MAX;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t a = ms->queue.data[S->cands[k]];
            if (S->kinds.n && S->kstate[k]) continue;
            if (gap_end != INT64_MAX && !S->feeds_kept[p->ops.data[a].wo]) {
                /* --stable: new work that ends before the unit's next kept
                 * operation can start (kept work waiting for it need not) */
                int64_t s0, dur = (int64_t)ceil(S->col[RV_OP_TIME][k] - EPS);
                if (cal_finish(cal_of(ir, mc), td, dur > 0 ? dur : 0, mc->split, &s0) > gap_end) continue;
            }
            if (pin >= 0) {
                int64_t dur = (int64_t)ceil(S->col[RV_OP_TIME][k] - EPS);
                if (!sched_pin_gap_fits(S, a, m, u, td, dur > 0 ? dur : 0, pin)) continue;
            }
            if (best == UINT32_MAX) {
                best = k;
                continue;
            }
            uint32_t b = ms->queue.data[S->cands[best]];
            if (S->prev_start && S->prev_start[a] != S->prev_start[b]) {
                /* --stable, a loose unit: the previous plan's order first, new work after */
                if (S->prev_start[a] < S->prev_start[b]) best = k;
                continue;
            }
            if (before(S, k, a, best, b)) best = k;
        }
        if (best != UINT32_MAX && S->kinds.n) {
            uint32_t oi = ms->queue.data[S->cands[best]];
            KPlace pl;
            kplace(S, &pl, oi, m, u, td, S->col[RV_OP_SETUP][best], S->col[RV_OP_RUN][best]);
            if (kinds_apply(&S->kinds, &pl)) {
                int64_t st;
                int64_t end = cal_finish(pl.cal, td, pl.dur, pl.split, &st);
                KSlot slot = {st, st, end, pl.cal, 0, NULL, false, 0, false};
                bool placed = end != INT64_MAX && end <= ir->end && kinds_place(&S->kinds, &pl, &slot);
                if (placed && slot.start == st) {
                    S->kslot = slot;
                    ks = &S->kslot;
                } else {
                    if (placed && slot.start < pool_wake) pool_wake = slot.start;
                    /* the kinds can never place it here: elsewhere, or it cannot be planned */
                    if (!placed && end != INT64_MAX && end <= ir->end)
                        cannot_hold(S, oi, m, td, slot.why ? slot.why : "cannot be placed");
                    S->kstate[best] = 2;
                    goto choose;
                }
            }
        }
        if (best == UINT32_MAX) {
            u++;
            continue;
        }
        if (S->bleft && batch_machine(mc)) {
            /* a batch machine's unit takes a cycle, led by the rule's choice */
            int r = start_cycle(S, m, u, td, best, n);
            if (r == CYCLE_STARTED) {
                S->decisions++;
                u++;
            } else if (r == CYCLE_WAITS) break;
            continue;
        }
        uint32_t qi = S->cands[best];
        uint32_t oi = ms->queue.data[qi];
        RuleEnv env;
        cand_env(S, &env, best);
        ms->queue.data[qi] = ms->queue.data[--ms->queue.len];
        /* a successor with a time window: the operation starts when the
         * work that must follow it within the window fits (kind_window.c) */
        int64_t at = S->win && window_heads(S, oi) ? window_ahead(S, oi, m, u, td, &env, &ks, pin, gap_end) : td;
        if (start_op(S, oi, m, u, at, &env, ks)) {
            if (S->win) window_reserve(S, oi);
            S->decisions++;
            maybe_tier_up(S);
            u++;
        }
        /* else it went to another machine, or cannot be planned: the unit is still free */
    }
    /* work still waits: come back when the next unit is free (a request for
     * that moment may have given way to an earlier one) */
    if (ms->queue.len) {
        int64_t next = INT64_MAX;
        for (uint32_t u = 0; u < mc->units; u++)
            if (ms->units[u].free_at > td && ms->units[u].free_at < next) next = ms->units[u].free_at;
        if (next != INT64_MAX) want_dispatch(S, m, next);
        if (pool_wake != INT64_MAX) want_dispatch(S, m, pool_wake);
    }
}

/* ---- the pass -------------------------------------------------------------------- */
static const Plan *rank_plan;
static int rank_cmp(const void *a, const void *b)
{
    return strcmp(rank_plan->wos.data[*(const uint32_t *)a].name, rank_plan->wos.data[*(const uint32_t *)b].name);
}

/* ---- actuals ----------------------------------------------------------------------- */
/* The plan's work orders, or the model's machines, by name. */
static void wo_index(NameIndex *x, const Plan *p)
{
    nameindex_init(x);
    for (uint32_t i = 0; i < p->wos.len; i++) nameindex_add(x, p->wos.data[i].name, (int32_t)i);
}

static void machine_index(NameIndex *x, const IrModel *ir)
{
    nameindex_init(x);
    for (uint32_t i = 0; i < ir->nmachines; i++) nameindex_add(x, ir->machines[i].name, (int32_t)i);
}

/* Cycles of batch machines the shop floor reports whole (docs/actuals.md,
 * "Batch machines"), while their members freeze: per cycle, its members'
 * pieces, its first member, when it ends (a running one: its machine's
 * cycle of working time from its start, and not before now) and its cost. */
typedef struct Cycles {
    double *pieces, *cost;
    int64_t *end;
    uint32_t *lead;          /* its first member (UINT32_MAX: none frozen) */
} Cycles;

/* The members' sums, and the cycles' checks: capacity (E0706), members
 * that may share a cycle (E0707), the cycle's length (W0027). */
static void reported_cycles(Sched *S, const U32Vec *frozen, Cycles *cy)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    size_t n = (size_t)ir->ncycles + 1;
    cy->pieces = tk_xalloc(n * sizeof(double));
    cy->cost = tk_xalloc(n * sizeof(double));
    cy->end = tk_xalloc(n * sizeof(int64_t));
    cy->lead = tk_xalloc(n * sizeof(uint32_t));
    double *load = tk_xalloc(n * sizeof(double));
    for (uint32_t c = 0; c < ir->ncycles; c++) {
        cy->pieces[c] = cy->cost[c] = load[c] = 0;
        cy->lead[c] = UINT32_MAX;
        const IrCycle *rc = &ir->cycles[c];
        const IrMachine *mc = &ir->machines[rc->machine];
        const IrCalendar *cal = cal_of(ir, mc);
        int64_t cycle = plan_work_minutes(mc->batch_cycle), s0;
        if (rc->end >= 0) {
            cy->end[c] = rc->end;
            int64_t work = cal ? cal_work_between(cal, rc->start, rc->end) : rc->end - rc->start;
            if (work != cycle) {
                char w1[32], w2[32];
                fmt_double(w1, sizeof w1, (double)work);
                fmt_double(w2, sizeof w2, (double)cycle);
                plan_warning(p, DIAG_CYCLE_LENGTH, rc->span,
                             "the plan keeps the cycle as reported; its members' actual cost is shared from its real length",
                             "the cycle on '%s' took %s working minutes; its machine's cycle is %s", mc->name, w1, w2);
            }
            continue;
        }
        /* running: its cycle from its start, in one stretch unless it may split */
        int64_t end = cal_finish(cal, rc->start, cycle, mc->split, &s0);
        if (s0 != rc->start) end = cal_finish(cal, rc->start, cycle, true, &s0); /* it did start */
        if (end < S->now) end = S->now;
        if (end == INT64_MAX || end > ir->end) end = S->now > rc->start ? S->now : rc->start + 1;
        cy->end[c] = end;
    }
    for (uint32_t k = 0; k < frozen->len; k++) {
        uint32_t oi = frozen->data[k];
        const Op *op = &p->ops.data[oi];
        const IrActual *a = &ir->actuals[op->act];
        if (!a->cycle) continue;
        uint32_t c = a->cycle - 1;
        const IrMachine *mc = &ir->machines[ir->cycles[c].machine];
        const WorkOrder *w = &p->wos.data[op->wo];
        if (cy->lead[c] == UINT32_MAX) cy->lead[c] = oi;
        else {
            const WorkOrder *lw = &p->wos.data[p->ops.data[cy->lead[c]].wo];
            if (!batch_compatible(ir, mc, lw, w)) {
                const char *attr = mc->batch_by >= 0 ? ir->attr_names[ATAB_JOB][mc->batch_by] : "?";
                char *hint = tk_fmt("'%s' batches by %s: only work of the same %s shares a cycle", mc->name, attr, attr);
                plan_problem(p, DIAG_CYCLE_MIXED, a->span, hint, "'%s' (%s) may not share a cycle of '%s' with '%s' (%s): their %s differs",
                             a->wo, ir->products[w->product].name, mc->name, lw->name, ir->products[lw->product].name, attr);
                tk_free(hint);
            }
        }
        cy->pieces[c] += op->qty;
        load[c] += op->qty * batch_piece_load(ir, mc, w);
    }
    for (uint32_t c = 0; c < ir->ncycles; c++) {
        const IrMachine *mc = &ir->machines[ir->cycles[c].machine];
        if (load[c] > mc->batch_cap * (1 + 1e-9)) {
            char l1[32], l2[32];
            fmt_double(l1, sizeof l1, load[c]);
            fmt_double(l2, sizeof l2, mc->batch_cap);
            plan_problem(p, DIAG_CYCLE_OVERFULL, ir->cycles[c].span, "a cycle holds at most its machine's capacity",
                         "the reported cycle on '%s' holds %s %s, more than its capacity of %s", mc->name, l1,
                         mc->batch_load >= 0 ? ir->attr_names[ATAB_JOB][mc->batch_load] : "pieces", l2);
        }
    }
    tk_free(load);
}

static int cycle_start_cmp(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* The reported cycles into the plan (Plan.batches), in the order they
 * start, each with its members and all their pieces. */
static void record_cycles(Sched *S, const U32Vec *frozen, Cycles *cy)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    uint32_t n = ir->ncycles;
    if (n) {
        /* members per cycle, in the order they froze (by unit and start) */
        uint32_t *cnt = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
        memset(cnt, 0, ((size_t)n + 1) * sizeof(uint32_t));
        for (uint32_t k = 0; k < frozen->len; k++) {
            const Op *op = &p->ops.data[frozen->data[k]];
            if (ir->actuals[op->act].cycle) cnt[ir->actuals[op->act].cycle]++;
        }
        for (uint32_t c = 0; c < n; c++) cnt[c + 1] += cnt[c];
        uint32_t *mem = tk_xalloc(((size_t)cnt[n] + 1) * sizeof(uint32_t));
        uint32_t *fill = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
        memcpy(fill, cnt, ((size_t)n + 1) * sizeof(uint32_t));
        for (uint32_t k = 0; k < frozen->len; k++) {
            uint32_t oi = frozen->data[k];
            const Op *op = &p->ops.data[oi];
            uint32_t c = ir->actuals[op->act].cycle;
            if (c) mem[fill[c - 1]++] = oi;
        }
        /* by start, then as written: a start is no earlier than the plant's
         * and no later than now, minutes apart that fit 32 bits */
        uint64_t *order = tk_xalloc(((size_t)n + 1) * sizeof(uint64_t));
        for (uint32_t c = 0; c < n; c++) order[c] = ((uint64_t)(uint32_t)(ir->cycles[c].start - ir->start) << 32) | c;
        qsort(order, n, sizeof(uint64_t), cycle_start_cmp);
        for (uint32_t k = 0; k < n; k++) {
            uint32_t c = (uint32_t)(order[k] & 0xffffffffu);
            if (cnt[c + 1] == cnt[c]) continue; /* no member froze: an error said why */
            const IrCycle *rc = &ir->cycles[c];
            PlanBatch b = {rc->machine, rc->unit, rc->start, cy->end[c], p->batch_parts.len, cnt[c + 1] - cnt[c], cy->cost[c],
                           (uint8_t)(rc->end >= 0 ? ACT_DONE : ACT_RUNNING), c + 1};
            for (uint32_t q = cnt[c]; q < cnt[c + 1]; q++) {
                BatchPart bp = {mem[q], p->ops.data[mem[q]].qty};
                vec_push(&p->batch_parts, bp);
                if (S->bleft) S->bleft[mem[q]] = 0, S->bbegun[mem[q]] = 1;
            }
            vec_push(&p->batches, b);
        }
        tk_free(order);
        tk_free(fill);
        tk_free(mem);
        tk_free(cnt);
    }
    tk_free(cy->pieces);
    tk_free(cy->cost);
    tk_free(cy->end);
    tk_free(cy->lead);
}

/* Freezes the operations the shop floor reports (docs/actuals.md): a done
 * one where it ran, a running one from its start to when it will end; the
 * units are busy until then, and nothing else starts before now. */
static void freeze_actuals(Sched *S)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    U32Vec frozen = {0};
    const int32_t *act_wo = plan_actual_wos(p);
    /* which operation each report is */
    for (uint32_t k = 0; k < ir->nactuals; k++) {
        const IrActual *a = &ir->actuals[k];
        int32_t found = act_wo[k];
        if (found < 0) {
            plan_problem(p, DIAG_UNKNOWN_WORK_ORDER, a->span,
                         "stock or lot sizing may cover the need it was made for: see the plan's work orders",
                         "the plan has no work order '%s'", a->wo);
            continue;
        }
        uint32_t wi = (uint32_t)found;
        const WorkOrder *w = &p->wos.data[wi];
        /* the operation: the step's, or one of its sublots */
        uint32_t nsub = wo_step_nops(w, (uint32_t)a->step);
        if ((a->sub == 0 && nsub > 1) || (uint32_t)a->sub > nsub || (a->sub > 0 && nsub == 1)) {
            const char *sn = ir->products[w->product].steps[a->step].name;
            if (nsub > 1)
                plan_problem(p, DIAG_UNKNOWN_WORK_ORDER, a->span, "report each sublot: op ... assemble#1 on ...",
                             "step '%s' of '%s' is split into %u sublots%s", sn, a->wo, nsub,
                             a->sub ? ", fewer than the actuals report" : ": the actuals name one of them");
            else
                plan_problem(p, DIAG_UNKNOWN_WORK_ORDER, a->span, "report the step itself",
                             "step '%s' of '%s' is not split into sublots", sn, a->wo);
            continue;
        }
        uint32_t oi = wo_step_op(w, (uint32_t)a->step) + (a->sub ? (uint32_t)a->sub - 1 : 0);
        Op *op = &p->ops.data[oi];
        if (a->good + a->scrap > op->qty + EPS) {
            char q1[32], q2[32];
            fmt_double(q1, sizeof q1, a->good + a->scrap);
            fmt_double(q2, sizeof q2, op->qty);
            if (op->qty == w->qty)
                plan_problem(p, DIAG_ACTUAL_QTY, a->span, NULL, "%s pieces reported (good and scrap) for '%s', which makes %s",
                             q1, a->wo, q2);
            else
                plan_problem(p, DIAG_ACTUAL_QTY, a->span, NULL,
                             "%s pieces reported (good and scrap) for '%s' step '%s', which starts %s%s", q1, a->wo,
                             ir->products[w->product].steps[a->step].name, q2,
                             nsub > 1 ? " (a sublot)" : " (scrap planned)");
            continue;
        }
        if (a->cycle && a->pieces > 0 && fabs(a->pieces - op->qty) > EPS) {
            char q1[32], q2[32];
            fmt_double(q1, sizeof q1, a->pieces);
            fmt_double(q2, sizeof q2, op->qty);
            plan_problem(p, DIAG_CYCLE_MEMBER, a->span,
                         "an operation is reported in a cycle with all its pieces; one split over several cycles is "
                         "reported on its own: op WORKORDER STEP on MACHINE { ... }",
                         "%s pieces of '%s' reported in the cycle, but its operation has %s", q1, a->wo, q2);
            continue;
        }
        op->planned = true;
        op->actual = a->end >= 0 ? ACT_DONE : ACT_RUNNING;
        op->act = (int32_t)k;
        op->machine = a->machine;
        op->unit = (int32_t)a->unit;
        op->start = a->start;
        op->ready = a->start;
        op->cause = WAIT_NONE;
        vec_push(&frozen, oi);
    }
    Cycles cy;
    reported_cycles(S, &frozen, &cy);
    /* in the order they ran on each unit: their standard setup follows the
     * job before them, as the scheduler would have it */
    plan_sort_by_unit(p, frozen.data, frozen.len);
    for (uint32_t k = 0; k < frozen.len; k++) {
        /* in unit order the operations are scattered in memory: fetch ahead */
        if (k + 8 < frozen.len) TK_PREFETCH(&p->ops.data[frozen.data[k + 8]]);
        if (k + 4 < frozen.len) {
            const Op *ahead = &p->ops.data[frozen.data[k + 4]];
            TK_PREFETCH(&ir->actuals[ahead->act]);
            TK_PREFETCH(&p->wos.data[ahead->wo]);
        }
        uint32_t oi = frozen.data[k];
        Op *op = &p->ops.data[oi];
        const IrActual *a = &ir->actuals[op->act];
        const WorkOrder *w = &p->wos.data[op->wo];
        const IrMachine *mc = &ir->machines[op->machine];
        const IrCalendar *cal = cal_of(ir, mc);
        const IrStep *st = &ir->products[w->product].steps[op->step];
        const IrAlt *al = plan_step_alt(st, op->machine);
        /* its standard times, and its machine's rate: from the rules if the
         * machine has them, else straight from the routing */
        RuleEnv env;
        bool rules = mc->setup_fn >= 0 || mc->cost_fn >= 0;
        double std_setup, std_run;
        if (rules) {
            memset(&env, 0, sizeof env);
            fill_env(S, &env, oi, op->machine, (uint32_t)op->unit, a->start, 0, 0);
            std_setup = op_setup(S, &env, oi, op->machine, (uint32_t)op->unit);
            std_run = env.var[RV_OP_RUN];
        } else {
            const UnitState *un = &S->ms[op->machine].units[op->unit];
            std_run = al->per_piece ? al->run * op->qty : al->run;
            std_setup = al->setup;
            if (mc->nsetup_by) std_setup += setup_by(ir, mc, w, un->prev_wo >= 0 ? &p->wos.data[un->prev_wo] : NULL);
        }
        int64_t end = a->cycle ? cy.end[a->cycle - 1] : a->end;
        if (end < 0) {
            /* running: the rest of its pieces from now, or its standard time from its start */
            int64_t s0;
            double left = op->qty - a->good - a->scrap;
            if (mc->subcontract) {
                /* sent out: back its lead time after it was sent */
                end = cal_receive_next(cal, a->start + mc->lead);
                if (end < S->now) end = S->now;
            } else if (a->good + a->scrap > 0) {
                double rest = al->per_piece ? al->run * left : al->run * left / op->qty;
                end = cal_finish(cal, S->now, plan_work_minutes(rest), true, &s0);
            } else {
                int64_t dur = plan_work_minutes(std_setup + std_run);
                end = cal_finish(cal, a->start, dur, mc->split, &s0);
                if (s0 != a->start) end = cal_finish(cal, a->start, dur, true, &s0); /* it did start */
                if (end < S->now) end = S->now;
            }
            if (end == INT64_MAX || end > ir->end) end = S->now > a->start ? S->now : a->start + 1;
        }
        if (mc->subcontract) { /* work sent out: no unit, no working time, its price */
            op->end = end;
            op->setup = op->run = 0;
            op->cost = plan_subcontract_cost(mc, op->qty);
            S->ws[op->wo].remaining -= plan_op_std_minutes(ir, op, st);
            if (S->ws[op->wo].remaining < 0) S->ws[op->wo].remaining = 0;
            if (end < S->now) {
                EarlyDone d = {end, oi, S->early.len};
                vec_push(&S->early, d);
            } else
                push(S, end, EV_COMPLETE, (int32_t)oi);
            continue;
        }
        int64_t work = cal ? cal_work_between(cal, a->start, end) : end - a->start;
        double setup = a->setup >= 0 ? a->setup : std_setup;
        if (setup > (double)work) setup = (double)work;
        double run = (double)work - setup;
        /* an operation that took its standard time, to the minute, is booked at it */
        if (a->setup < 0 && work == plan_work_minutes(std_setup + std_run)) setup = std_setup, run = std_run;
        op->end = end;
        op->setup = setup;
        op->run = run;
        double rate = rules && mc->cost_fn >= 0 ? S->eng->eval(S->eng, mc->cost_fn, &env) : mc->cost_rate;
        op->cost = (rate > 0 ? rate : 0) * (setup + run);
        if (a->cycle) {
            /* a member of a reported cycle: its share, by pieces, of the
             * cycle's working time and of its cost at the machine's rate */
            uint32_t c = a->cycle - 1;
            double share = cy.pieces[c] > 0 ? op->qty / cy.pieces[c] : 0;
            setup = 0;
            run = (double)work * share;
            op->setup = 0;
            op->run = run;
            op->cost = (rate > 0 ? rate : 0) * (double)work * share;
            if (cy.lead[c] == oi) cy.cost[c] = (rate > 0 ? rate : 0) * (double)work;
        }
        if (S->kinds.n) {
            /* the resources it held, as reported or as free then */
            KPlace pl;
            kplace(S, &pl, oi, op->machine, (uint32_t)op->unit, a->start, setup, run);
            if (kinds_apply(&S->kinds, &pl)) {
                int64_t s0, se = pl.setup ? cal_finish(cal, a->start, pl.setup, true, &s0) : a->start;
                if (se > end) se = end;
                kinds_book_reported(&S->kinds, &pl, a->start, se, end);
                for (uint32_t q = 0; q < pl.alt->nneeds; q++) {
                    /* the resource reported for the need, else its first (as kind_pool books it) */
                    const IrNeed *nd = &pl.alt->needs[q];
                    const IrPoolAlt *pa = &nd->alts[0];
                    for (uint32_t z = 0; z < nd->nalts; z++)
                        for (uint32_t r = 0; r < a->nwith; r++)
                            if (a->with[r].pool == nd->alts[z].pool) pa = &nd->alts[z];
                    op->cost += plan_hold_cost(ir, nd, pa->pool, pa->count, setup, run);
                }
            }
        }
        UnitState *un = &S->ms[op->machine].units[op->unit];
        if (end > un->free_at) un->free_at = end;
        if (end > a->start) {
            un->prev_wo = op->wo; /* the job the next one follows, for its setup */
            un->prev_end = end;
            un->last_op = (int32_t)oi;
        }
        S->ws[op->wo].remaining -= plan_op_std_minutes(ir, op, st);
        if (S->ws[op->wo].remaining < 0) S->ws[op->wo].remaining = 0;
        if (end < S->now) {
            EarlyDone d = {end, oi, S->early.len};
            vec_push(&S->early, d);
        } else {
            push(S, end, EV_COMPLETE, (int32_t)oi);
            release_followers(S, oi); /* running: what follows its progress may start */
        }
        want_dispatch(S, op->machine, end > S->now ? end : S->now); /* the unit is free again */
    }
    record_cycles(S, &frozen, &cy);
    vec_free(&frozen);
}

static int early_cmp(const void *a, const void *b)
{
    const EarlyDone *x = a, *y = b;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The reported operations that ended before now complete first, in the
 * order the event heap would give them (by end, then as frozen): all that
 * they set going happens at now or later. The end and the place in the
 * freezing order make one integer key (they fit, for any real plant): a
 * radix sort. */
static void complete_early(Sched *S)
{
    uint32_t n = S->early.len;
    EarlyDone *e = S->early.data;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (uint32_t i = 0; i < n; i++) {
        if (e[i].end < lo) lo = e[i].end;
        if (e[i].end > hi) hi = e[i].end;
    }
    unsigned bt = tk_bits_for((uint64_t)hi - (uint64_t)lo), bs = tk_bits_for(n);
    if (bt + bs <= 64) {
        uint64_t *key = tk_xalloc(2 * (size_t)n * sizeof(uint64_t));
        for (uint32_t i = 0; i < n; i++) key[i] = (((uint64_t)e[i].end - (uint64_t)lo) << bs) | e[i].seq;
        tk_radix_sort_u64(key, key + n, n, bt + bs);
        uint64_t mask = ((uint64_t)1 << bs) - 1;
        for (uint32_t k = 0; k < n; k++) complete_op(S, e[key[k] & mask].op);
        tk_free(key);
    } else {
        qsort(e, n, sizeof(EarlyDone), early_cmp);
        for (uint32_t k = 0; k < n; k++) complete_op(S, e[k].op);
    }
    vec_free(&S->early);
}

/* ---- --stable ---------------------------------------------------------------------- */
/* Where the previous plan had each operation: matched by work order and
 * step, kept where the machine is still one the step may use, the unit is
 * still there and its times lie within the horizon. */
static void stable_map(Sched *S)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    const PlanFile *pf = p->stable;
    uint32_t n = p->ops.len;
    S->prev_start = tk_xalloc((n + 1) * sizeof(int64_t));
    S->prev_end = tk_xalloc((n + 1) * sizeof(int64_t));
    S->prev_line = tk_xalloc((n + 1) * sizeof(uint32_t));
    S->prev_machine = tk_xalloc((n + 1) * sizeof(int32_t));
    S->prev_unit = tk_xalloc((n + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < n; i++) S->prev_start[i] = INT64_MAX, S->prev_machine[i] = S->prev_unit[i] = -1;
    NameIndex wos, mach;
    wo_index(&wos, p);
    machine_index(&mach, ir);
    /* a plan lists a work order's operations together, and often one
     * machine's in a row: the last name looked up is asked first */
    const char *last_wo = NULL, *last_mc = NULL;
    int32_t wi = -1, m = -1;
    for (uint32_t k = 0; k < pf->ops.len; k++) {
        const PfOp *o = &pf->ops.data[k];
        if (!last_wo || strcmp(o->wo, last_wo) != 0) wi = nameindex_find(&wos, last_wo = o->wo);
        if (!o->machine) m = -1, last_mc = NULL;
        else if (!last_mc || strcmp(o->machine, last_mc) != 0) m = nameindex_find(&mach, last_mc = o->machine);
        if (wi < 0 || m < 0) continue;
        if (!ir->machines[m].subcontract && (o->unit < 1 || (uint32_t)o->unit > ir->machines[m].units)) continue;
        if (o->start < 0 || o->start >= ir->end || o->end < o->start) continue; /* not a time of this plant's */
        const WorkOrder *w = &p->wos.data[wi];
        const IrProduct *pr = &ir->products[w->product];
        size_t len;
        uint32_t sub;
        if (!plan_split_step(o->step, &len, &sub)) continue;
        for (uint32_t st = 0; st < pr->nsteps; st++) {
            if (strlen(pr->steps[st].name) != len || memcmp(pr->steps[st].name, o->step, len) != 0) continue;
            if (!plan_step_alt(&pr->steps[st], m)) break;
            /* the step itself, or one of its sublots, as this plan splits it */
            uint32_t nsub = wo_step_nops(w, st);
            if ((sub == 0) != (nsub == 1) || sub > nsub) break;
            /* an operation written twice counts once: its last line */
            uint32_t oi = wo_step_op(w, st) + (sub ? sub - 1 : 0);
            if (p->pin_machine && p->ops.data[oi].pinned) break; /* pinned: where its pin says */
            S->prev_start[oi] = o->start;
            S->prev_end[oi] = o->end;
            S->prev_machine[oi] = m;
            /* sent out: the subcontractor and no earlier, but no unit's order to keep */
            S->prev_unit[oi] = ir->machines[m].subcontract ? -1 : o->unit - 1;
            S->prev_line[oi] = k;
            break;
        }
    }
    nameindex_free(&wos);
    nameindex_free(&mach);
}

/* The earliest each operation can start and end with every machine free
 * (a lower bound: materials, releases, the routings, the components, the
 * reported operations and now; each operation on the machine --stable keeps
 * it on, else the alternative that would end it first, at its own setup):
 * into est[] and fin[]. Work orders in the order their components are
 * done, steps in routing order. */
static void lower_bounds(Sched *S, int64_t *est, int64_t *fin)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    uint32_t nw = p->wos.len;
    int64_t *wo_fin = tk_xalloc((nw + 1) * sizeof(int64_t));
    uint32_t *left = tk_xalloc((nw + 1) * sizeof(uint32_t));
    uint32_t *queue = tk_xalloc((nw + 1) * sizeof(uint32_t));
    int32_t *npred = tk_xalloc((p->ops.len + 1) * sizeof(int32_t));
    uint32_t *ready = tk_xalloc((p->ops.len + 1) * sizeof(uint32_t));
    uint32_t qh = 0, qt = 0;
    for (uint32_t i = 0; i < p->ops.len; i++) est[i] = fin[i] = S->now;
    for (uint32_t i = 0; i < nw; i++) {
        left[i] = p->wos.data[i].nsupplies;
        if (!left[i]) queue[qt++] = i;
    }
    while (qh < qt) {
        uint32_t wi = queue[qh++];
        const WorkOrder *w = &p->wos.data[wi];
        const IrProduct *pr = &ir->products[w->product];
        int64_t t0 = w->release;
        if (w->material_ready > t0) t0 = w->material_ready;
        if (ir->start > t0) t0 = ir->start;
        for (uint32_t k = 0; k < w->nsupplies; k++)
            if (wo_fin[w->supplies[k]] > t0) t0 = wo_fin[w->supplies[k]];
        int64_t done = t0;
        /* the steps in an order that has each after its predecessors */
        uint32_t rh = 0, rt = 0;
        for (uint32_t oi = w->first_op; oi < w->first_op + w->nops; oi++) {
            npred[oi] = (int32_t)(p->pred_at[oi + 1] - p->pred_at[oi]);
            est[oi] = t0;
            if (!npred[oi]) ready[rt++] = oi;
        }
        while (rh < rt) {
            uint32_t oi = ready[rh++];
            Op *op = &p->ops.data[oi];
            const IrStep *st = &pr->steps[op->step];
            if (op->actual != ACT_NONE) {
                est[oi] = op->start;
                fin[oi] = op->end;
            } else {
                if (est[oi] < S->now) est[oi] = S->now;
                if (S->prev_machine[oi] >= 0 && est[oi] < S->prev_start[oi]) est[oi] = S->prev_start[oi]; /* not before */
                /* on its kept machine; on any if that one cannot hold it */
                fin[oi] = INT64_MAX;
                for (int pass = S->prev_machine[oi] >= 0 ? 0 : 1; pass < 2 && fin[oi] == INT64_MAX && est[oi] < ir->end; pass++)
                    for (uint32_t a = 0; a < st->nalts; a++) {
                        const IrAlt *al = &st->alts[a];
                        if (!pass && al->machine != S->prev_machine[oi]) continue;
                        int64_t e = finish_at(S, oi, al, est[oi]);
                        if (e < fin[oi]) fin[oi] = e;
                    }
            }
            /* after its wait; past the horizon is as good as never */
            double wait_end = (double)fin[oi] + ceil(st->wait - EPS);
            int64_t after = fin[oi] == INT64_MAX || !(wait_end < (double)ir->end) ? INT64_MAX : (int64_t)wait_end;
            if (after > done) done = after;
            for (uint32_t e = p->succ_at[oi]; e < p->succ_at[oi + 1]; e++) {
                uint32_t so = p->succ[e];
                if (after > est[so]) est[so] = after;
                if (--npred[so] == 0) ready[rt++] = so;
            }
        }
        wo_fin[wi] = done;
        for (uint32_t k = 0; k < S->ws[wi].ndependents; k++) {
            int32_t d = S->ws[wi].dependents[k];
            if (--left[d] == 0) queue[qt++] = (uint32_t)d;
        }
    }
    tk_free(wo_fin);
    tk_free(left);
    tk_free(queue);
    tk_free(npred);
    tk_free(ready);
}

typedef struct Kept {
    int32_t machine, unit;
    int64_t start, end, est;
    uint32_t line, op; /* line: its place in the previous plan */
} Kept;

static int kept_cmp(const void *a, const void *b)
{
    const Kept *x = a, *y = b;
    if (x->machine != y->machine) return x->machine < y->machine ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int kept_est_cmp(const void *a, const void *b)
{
    const Kept *x = a, *y = b;
    if (x->est != y->est) return x->est < y->est ? -1 : 1;
    return kept_cmp(a, b);
}

/* Sorts kept operations by kept_cmp: machine, unit and start packed with
 * the place in k[] into one integer where they fit (they do for any real
 * plant) for a radix sort, then the few that start together on a unit by
 * end and line. */
static void sort_kept(Kept *k, uint32_t n)
{
    if (n < 2) return;
    int64_t lo[3] = {INT64_MAX, INT64_MAX, INT64_MAX}, hi[3] = {INT64_MIN, INT64_MIN, INT64_MIN};
    for (uint32_t i = 0; i < n; i++) {
        int64_t v[3] = {k[i].machine, k[i].unit, k[i].start};
        for (int f = 0; f < 3; f++) {
            if (v[f] < lo[f]) lo[f] = v[f];
            if (v[f] > hi[f]) hi[f] = v[f];
        }
    }
    unsigned b[4], total = 0;
    for (int f = 0; f < 3; f++) total += b[f] = tk_bits_for((uint64_t)hi[f] - (uint64_t)lo[f]);
    total += b[3] = tk_bits_for(n - 1);
    if (total > 64 || b[0] >= 64 || b[1] >= 64 || b[2] >= 64) {
        qsort(k, n, sizeof(Kept), kept_cmp);
        return;
    }
    uint64_t *key = tk_xalloc(2 * (size_t)n * sizeof(uint64_t));
    for (uint32_t i = 0; i < n; i++) {
        uint64_t x = (uint64_t)k[i].machine - (uint64_t)lo[0];
        x = (x << b[1]) | ((uint64_t)k[i].unit - (uint64_t)lo[1]);
        x = (x << b[2]) | ((uint64_t)k[i].start - (uint64_t)lo[2]);
        key[i] = (x << b[3]) | i;
    }
    tk_radix_sort_u64(key, key + n, n, total);
    Kept *sorted = tk_xalloc((size_t)n * sizeof(Kept));
    uint64_t mask = b[3] >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << b[3]) - 1;
    for (uint32_t i = 0; i < n; i++) sorted[i] = k[key[i] & mask];
    memcpy(k, sorted, (size_t)n * sizeof(Kept));
    tk_free(sorted);
    tk_free(key);
    /* runs that start together on a unit (zero-length operations, or a
     * previous plan that overlaps itself): by end, then line */
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i + 1;
        while (j < n && k[j].machine == k[i].machine && k[j].unit == k[i].unit && k[j].start == k[i].start) j++;
        if (j - i > 1) qsort(k + i, j - i, sizeof(Kept), kept_cmp);
        i = j;
    }
}

/* Each unit's sequence: the operations kept on it, in the previous plan's
 * order (by start, then end: a zero-length operation before the one that
 * starts with it), except one that cannot start by when the previous plan
 * started it — its materials or release come later now, or work before it
 * was reported late (lower_bounds) — which moves back past the operations
 * the previous plan had finished before it can start: they need not wait
 * for it. Reported operations are not in it. Also the work orders that
 * kept work waits for (feeds_kept). */
static void stable_sequences(Sched *S)
{
    Plan *p = S->p;
    uint32_t n = p->ops.len;
    int64_t *est = tk_xalloc((n + 1) * sizeof(int64_t)), *fin = tk_xalloc((n + 1) * sizeof(int64_t));
    lower_bounds(S, est, fin);
    uint32_t nk = 0;
    for (uint32_t i = 0; i < n; i++) nk += S->prev_unit[i] >= 0 && p->ops.data[i].actual == ACT_NONE;
    Kept *kept = tk_xalloc((nk + 1) * sizeof(Kept)), *moved = tk_xalloc((nk + 1) * sizeof(Kept));
    nk = 0;
    for (uint32_t i = 0; i < n; i++)
        if (S->prev_unit[i] >= 0 && p->ops.data[i].actual == ACT_NONE)
            kept[nk++] = (Kept){S->prev_machine[i], S->prev_unit[i], S->prev_start[i], S->prev_end[i], est[i],
                                S->prev_line[i], i};
    sort_kept(kept, nk);
    S->kept = tk_xalloc((nk + 1) * sizeof(uint32_t));
    S->gap_end = est; /* an operation's lower bound, for new work before it */
    uint32_t out = 0;
    for (uint32_t lo = 0; lo < nk;) {
        uint32_t hi = lo;
        while (hi < nk && kept[hi].machine == kept[lo].machine && kept[hi].unit == kept[lo].unit) hi++;
        /* the unit's operations that cannot start in time, by when they can */
        uint32_t nm = 0, ns = lo;
        for (uint32_t k = lo; k < hi; k++) {
            if (kept[k].est > kept[k].start) moved[nm++] = kept[k];
            else kept[ns++] = kept[k];
        }
        qsort(moved, nm, sizeof(Kept), kept_est_cmp);
        UnitState *un = &S->ms[kept[lo].machine].units[kept[lo].unit];
        un->seq_pos = out;
        uint32_t j = 0;
        for (uint32_t k = lo; k < ns; k++) {
            while (j < nm && moved[j].est < kept[k].end) S->kept[out++] = moved[j++].op;
            S->kept[out++] = kept[k].op;
        }
        while (j < nm) S->kept[out++] = moved[j++].op;
        un->seq_end = out;
        lo = hi;
    }
    tk_free(kept);
    tk_free(moved);
    tk_free(fin);
    /* new work that kept work waits for (the work orders it is for, and
     * those making their components): it need not wait for gaps */
    uint32_t nw = p->wos.len;
    S->feeds_kept = tk_xalloc(nw + 1);
    memset(S->feeds_kept, 0, nw + 1);
    for (uint32_t i = 0; i < n; i++)
        if (S->prev_machine[i] >= 0) S->feeds_kept[p->ops.data[i].wo] = 1;
    /* down the bills of materials: a work order's components feed what it feeds */
    uint32_t *left = tk_xalloc((nw + 1) * sizeof(uint32_t)), *queue = tk_xalloc((nw + 1) * sizeof(uint32_t));
    uint32_t qh = 0, qt = 0;
    for (uint32_t i = 0; i < nw; i++) {
        left[i] = S->ws[i].ndependents;
        if (!left[i]) queue[qt++] = i;
    }
    while (qh < qt) {
        uint32_t wi = queue[qh++];
        const WorkOrder *w = &p->wos.data[wi];
        for (uint32_t k = 0; k < w->nsupplies; k++) {
            uint32_t c = (uint32_t)w->supplies[k];
            S->feeds_kept[c] |= S->feeds_kept[wi];
            if (--left[c] == 0) queue[qt++] = c;
        }
    }
    tk_free(left);
    tk_free(queue);
}

/* --stable: the event heap is empty, yet units wait for operations of the
 * previous plan that will not come — the model changed so that the previous
 * order cannot be kept (a kept operation now waits for one after it on its
 * unit), or work they wait for cannot be planned. Those units give up their
 * order: from now on they take their kept operations as they come, the
 * previous plan's order first among them. True if any unit did. */
static bool stable_unstick(Sched *S)
{
    bool any = false;
    for (uint32_t m = 0; m < S->ir->nmachines; m++)
        for (uint32_t u = 0; u < S->ir->machines[m].units; u++) {
            UnitState *un = &S->ms[m].units[u];
            if (un->loose || seq_head(S, un) < 0) continue;
            un->loose = true;
            any = true;
            want_dispatch(S, (int32_t)m, S->clock);
        }
    return any;
}

/* ---- what could not be planned ----------------------------------------------------- */
/* The work order at the root of why work order wi was not planned: itself
 * if an operation of its own failed, else the first unplanned component
 * down its bills of materials, and so on. root[] remembers the answer for
 * every work order on the way (-2: not known yet). */
static int32_t root_of(Sched *S, int32_t wi, int32_t *root, I32Vec *path)
{
    path->len = 0;
    int32_t cur = wi, r = -1;
    while ((r = root[cur]) == -2) {
        vec_push(path, cur);
        const WState *ws = &S->ws[cur];
        const WorkOrder *w = &S->p->wos.data[cur];
        int32_t next = -1;
        if (!ws->failed)
            for (uint32_t k = 0; k < w->nsupplies && next < 0; k++)
                if (S->ws[w->supplies[k]].done < 0) next = w->supplies[k];
        if (next < 0) {
            r = cur;
            break;
        }
        cur = next;
    }
    for (uint32_t k = 0; k < path->len; k++) root[path->data[k]] = r;
    return r;
}

/* Every work order not planned that has no error of its own says what it
 * waits for, down to the operation, machine and reason at the root. */
static void report_waits(Sched *S)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    uint32_t nw = p->wos.len;
    int32_t *root = tk_xalloc((nw + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < nw; i++) root[i] = -2;
    I32Vec path = {0};
    for (uint32_t i = 0; i < nw; i++) {
        WState *ws = &S->ws[i];
        if (ws->done >= 0 || ws->failed) continue;
        int32_t r = root_of(S, (int32_t)i, root, &path);
        WState *rs = &S->ws[r];
        const WorkOrder *w = &p->wos.data[i], *rw = &p->wos.data[r];
        if (!rs->failed) {
            /* released, nothing failed, yet not done: an operation was ready
             * and no machine took it. The scheduler should never leave one so;
             * say which, so it can be found. */
            StrBuf b = {0};
            for (uint32_t s = 0; s < rw->nops; s++) {
                uint32_t oi = rw->first_op + s;
                const Op *op = &p->ops.data[oi];
                if (op->planned || S->npred[oi] > 0) continue;
                const IrStep *st = op_step(S, oi);
                char at[32];
                fmt_datetime_sp(at, sizeof at, op->ready);
                sb_printf(&b, "operation '%s' was ready at %s, but none of its machines (", st->name, at);
                for (uint32_t a = 0; a < st->nalts; a++)
                    sb_printf(&b, "%s'%s'", a ? ", " : "", ir->machines[st->alts[a].machine].name);
                sb_printf(&b, ") started it");
                break;
            }
            rs->failed = true;
            rs->why = arena_strdup(&p->arena, b.len ? sb_cstr(&b) : "its work could not be placed");
            sb_free(&b);
            if (S->failures++ < 20) {
                Span at = rw->order >= 0 ? ir->orders[rw->order].span : ir->products[rw->product].span;
                plan_problem(p, DIAG_CANNOT_PLAN, at, NULL, "%s cannot be planned: %s", rw->name, rs->why);
            } else if (S->more_wo < 0)
                S->more_wo = S->more_root = r;
            if ((int32_t)i == r) continue;
        }
        if (S->failures++ >= 20) {
            if (S->more_wo < 0) S->more_wo = (int32_t)i, S->more_root = r;
            continue;
        }
        Span at = w->order >= 0 ? ir->orders[w->order].span : ir->products[w->product].span;
        char *hint = tk_fmt("it can be planned once '%s' can", rw->name);
        plan_problem(p, DIAG_CANNOT_PLAN, at, hint, "%s cannot be planned: it waits for '%s', which cannot be planned: %s",
                     w->name, rw->name, rs->why);
        tk_free(hint);
    }
    vec_free(&path);
    tk_free(root);
}

/* ---- for sched_pin.c and sched_sub.c -------------------------------------------------- */
void sched_push(Sched *S, int64_t t, int kind, int32_t a) { push(S, t, kind, a); }
void sched_want_dispatch(Sched *S, int32_t m, int64_t t) { want_dispatch(S, m, t); }
const IrCalendar *sched_cal(const IrModel *ir, const IrMachine *mc) { return cal_of(ir, mc); }
void sched_fill_env(Sched *S, RuleEnv *env, uint32_t oi, int32_t m, uint32_t u, int64_t now)
{
    fill_env(S, env, oi, m, u, now, 0, 0);
}
double sched_op_setup(Sched *S, RuleEnv *env, uint32_t oi, int32_t m, uint32_t u) { return op_setup(S, env, oi, m, u); }
void sched_fail(Sched *S, uint32_t oi, const char *phrase) { fail_op(S, oi, phrase); }
int32_t sched_sooner_elsewhere(Sched *S, uint32_t oi, int32_t m, int64_t now, int64_t *when)
{
    return sooner_elsewhere(S, oi, m, now, when);
}
int64_t sched_earliest_free(const Sched *S, int32_t m, int64_t t) { return earliest_free(S, m, t); }
bool sched_kinds_at(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t, double setup, double run, int64_t end,
                    double *cost, const char **why)
{
    *cost = 0;
    *why = NULL;
    if (!S->kinds.n) return true;
    KPlace pl;
    kplace(S, &pl, oi, m, u, t, setup, run);
    if (!kinds_apply(&S->kinds, &pl)) return true;
    KSlot slot = {t, t, end, pl.cal, 0, NULL, false, 0, false};
    if (!kinds_place(&S->kinds, &pl, &slot) || slot.start != t || slot.end > S->ir->end) {
        *why = slot.why;
        return false;
    }
    kinds_book(&S->kinds, &pl, &slot);
    *cost = slot.cost;
    return true;
}
bool sched_start_at(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t)
{
    const IrModel *ir = S->ir;
    RuleEnv env;
    fill_env(S, &env, oi, m, u, t, 1, 0);
    op_setup(S, &env, oi, m, u);
    KPlace pl;
    kplace(S, &pl, oi, m, u, t, env.var[RV_OP_SETUP], env.var[RV_OP_RUN]);
    int64_t st;
    int64_t end = cal_finish(pl.cal, t, pl.dur, pl.split, &st);
    if (end == INT64_MAX || end > ir->end) return false;
    const KSlot *ks = NULL;
    if (S->kinds.n && kinds_apply(&S->kinds, &pl)) {
        KSlot slot = {st, st, end, pl.cal, 0, NULL, false, 0, false};
        if (!kinds_place(&S->kinds, &pl, &slot) || slot.end > ir->end) return false;
        S->kslot = slot;
        ks = &S->kslot;
    }
    if (!start_op(S, oi, m, u, t, &env, ks)) return false;
    S->decisions++;
    return true;
}

void sched_cannot_hold(Sched *S, uint32_t oi, int32_t m, int64_t now, const char *why)
{
    cannot_hold(S, oi, m, now, why);
}

bool sched_run(Plan *p, Engine *eng)
{
    const IrModel *ir = p->ir;
    Sched S;
    memset(&S, 0, sizeof S);
    S.p = p;
    S.ir = ir;
    S.eng = eng;
    S.evals0 = S.evals_mark = eng->evals;
    /* the values any rule reads (dispatch, setups, costs) */
    for (uint32_t i = 0; i < ir->nfuncs; i++) S.need |= ir->funcs[i].vars;
    S.clock_cost = p->time_rules ? clock_cost() : -1;
    memo_alloc(&S, ir->dispatch_fn >= 0 ? eng->scan_memo(eng, ir->dispatch_fn) : 0);
    S.ms = tk_xalloc((ir->nmachines + 1) * sizeof(MState));
    memset(S.ms, 0, (ir->nmachines + 1) * sizeof(MState));
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        S.ms[m].units = tk_xalloc(ir->machines[m].units * sizeof(UnitState));
        memset(S.ms[m].units, 0, ir->machines[m].units * sizeof(UnitState));
        for (uint32_t u = 0; u < ir->machines[m].units; u++) {
            S.ms[m].units[u].free_at = ir->start;
            S.ms[m].units[u].prev_wo = -1;
            S.ms[m].units[u].last_op = -1;
        }
        S.ms[m].pending = -1;
    }
    uint32_t nw = p->wos.len, no = p->ops.len;
    S.ws = tk_xalloc((nw + 1) * sizeof(WState));
    memset(S.ws, 0, (nw + 1) * sizeof(WState));
    S.npred = tk_xalloc((no + 1) * sizeof(int32_t));
    S.rank = tk_xalloc((nw + 1) * sizeof(uint32_t));
    uint32_t *order = tk_xalloc((nw + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < nw; i++) order[i] = i;
    rank_plan = p;
    qsort(order, nw, sizeof(uint32_t), rank_cmp);
    for (uint32_t i = 0; i < nw; i++) S.rank[order[i]] = i;
    tk_free(order);
    /* dependents: who waits for whom */
    uint32_t *ndep = tk_xalloc((nw + 1) * sizeof(uint32_t));
    memset(ndep, 0, (nw + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < nw; i++)
        for (uint32_t k = 0; k < p->wos.data[i].nsupplies; k++) ndep[p->wos.data[i].supplies[k]]++;
    for (uint32_t i = 0; i < nw; i++) {
        S.ws[i].dependents = tk_xalloc((ndep[i] + 1) * sizeof(int32_t));
        S.ws[i].done = -1;
        S.ws[i].supply_last = -1;
    }
    for (uint32_t i = 0; i < nw; i++)
        for (uint32_t k = 0; k < p->wos.data[i].nsupplies; k++) {
            WState *sw = &S.ws[p->wos.data[i].supplies[k]];
            sw->dependents[sw->ndependents++] = (int32_t)i;
        }
    tk_free(ndep);
    for (uint32_t i = 0; i < nw; i++) {
        WorkOrder *w = &p->wos.data[i];
        const IrProduct *pr = &ir->products[w->product];
        S.ws[i].ops_left = w->nops;
        S.ws[i].supplies_left = w->nsupplies;
        S.ws[i].supply_ready = ir->start;
        S.ws[i].remaining = w->std_work;
        (void)pr;
        for (uint32_t oi = w->first_op; oi < w->first_op + w->nops; oi++)
            S.npred[oi] = (int32_t)(p->pred_at[oi + 1] - p->pred_at[oi]);
    }
    if (p->stable) stable_map(&S);
    S.now = plan_now(ir);
    S.tbase = S.now;
    S.clock = S.now;
    S.more_wo = S.more_root = -1;
    for (uint32_t m = 0; m < ir->nmachines; m++)
        for (uint32_t u = 0; u < ir->machines[m].units; u++) S.ms[m].units[u].free_at = S.now;
    kinds_begin(&S.kinds, p, false);
    if (kinds_follow_used(ir)) {
        S.follow_done = tk_xalloc((size_t)no + 1);
        memset(S.follow_done, 0, (size_t)no + 1);
    }
    window_begin(&S);
    p->batches.len = p->batch_parts.len = 0;
    if (batch_used(ir)) {
        S.bleft = tk_xalloc(((size_t)no + 1) * sizeof(double));
        S.bbegun = tk_xalloc((size_t)no + 1);
        memset(S.bbegun, 0, (size_t)no + 1);
        for (uint32_t i = 0; i < no; i++) S.bleft[i] = p->ops.data[i].qty;
    }
    if (ir->nactuals) freeze_actuals(&S);
    if (p->stable) stable_sequences(&S);
    if (p->pin_machine) sched_pin_begin(&S);
    for (uint32_t i = 0; i < nw; i++)
        if (S.ws[i].supplies_left == 0) release_wo(&S, (int32_t)i);
    if (S.early.len) complete_early(&S);

    /* the events, in time order; with --stable, units whose order cannot be
     * kept give it up when nothing else is left to happen (stable_unstick) */
    for (;;) {
        while (S.heap.len) {
            Event e = pop(&S);
            int kind = ev_kind(&e);
            int64_t et = ev_time(&S, &e);
            S.clock = et;
            switch (kind) {
            case EV_COMPLETE: complete_op(&S, (uint32_t)e.a); break;
            case EV_ARRIVE: {
                Op *op = &p->ops.data[e.a];
                if (op->planned) break;
                if (S.memo) memset(S.memo + (size_t)e.a * S.memo_len, 0, S.memo_len * sizeof(double)); /* a fresh memo */
                const WorkOrder *w = &p->wos.data[op->wo];
                const IrStep *st = &ir->products[w->product].steps[op->step];
                /* a time window its predecessor was not placed with: now */
                if (S.win && window_arrive(&S, (uint32_t)e.a, et)) break;
                if (p->pin_start && p->pin_start[e.a] >= 0) {
                    S.pin_ready[e.a] = 1; /* it starts at its pin (EV_PIN) */
                    break;
                }
                if (p->pin_machine && p->pin_machine[e.a] >= 0) { /* pinned to a machine: there only */
                    vec_push(&S.ms[p->pin_machine[e.a]].queue, (uint32_t)e.a);
                    want_dispatch(&S, p->pin_machine[e.a], et);
                    break;
                }
                if (S.prev_machine && S.prev_machine[e.a] >= 0) {
                    /* --stable: on the machine the previous plan gave it (cannot_hold
                     * sends it to the others if that one cannot hold it) */
                    vec_push(&S.ms[S.prev_machine[e.a]].queue, (uint32_t)e.a);
                    want_dispatch(&S, S.prev_machine[e.a], et);
                    break;
                }
                for (uint32_t a = 0; a < st->nalts; a++) {
                    vec_push(&S.ms[st->alts[a].machine].queue, (uint32_t)e.a);
                    want_dispatch(&S, st->alts[a].machine, et);
                }
                break;
            }
            case EV_DISPATCH: dispatch(&S, e.a, et); break;
            case EV_PIN: sched_pin_start(&S, (uint32_t)e.a, et); break;
            }
        }
        if (!S.kept || !stable_unstick(&S)) break;
    }

    kinds_end(&S.kinds, p);
    kinds_free(&S.kinds);
    window_free(&S);
    /* first and last minutes of each work order */
    bool ok = true;
    for (uint32_t i = 0; i < nw; i++) {
        WorkOrder *w = &p->wos.data[i];
        w->start = -1;
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine >= 0 && (w->start < 0 || op->start < w->start)) w->start = op->start;
        }
        if (w->nops == 0 && S.ws[i].done >= 0) w->start = S.ws[i].done;
        if (S.ws[i].done < 0) ok = false;
    }
    if (!ok) report_waits(&S);
    if (S.failures > 20) {
        /* the rest in one line, with the cause of the first of them */
        const WorkOrder *mw = &p->wos.data[S.more_wo], *mr = &p->wos.data[S.more_root];
        const char *why = S.ws[S.more_root].why ? S.ws[S.more_root].why : "?";
        if (S.more_wo == S.more_root)
            plan_problem(p, DIAG_CANNOT_PLAN, span_none(), NULL, "%u more work orders cannot be planned, among them '%s': %s",
                         S.failures - 20, mw->name, why);
        else
            plan_problem(p, DIAG_CANNOT_PLAN, span_none(), NULL,
                         "%u more work orders cannot be planned, among them '%s', which waits for '%s': %s", S.failures - 20,
                         mw->name, mr->name, why);
    }
    p->rule_evals += S.evals_before + S.eng->evals - S.evals0;

    for (uint32_t m = 0; m < ir->nmachines; m++) {
        vec_free(&S.ms[m].queue);
        tk_free(S.ms[m].units);
    }
    tk_free(S.ms);
    for (uint32_t i = 0; i < nw; i++) tk_free(S.ws[i].dependents);
    tk_free(S.ws);
    tk_free(S.npred);
    tk_free(S.follow_done);
    tk_free(S.rank);
    tk_free(S.prev_start);
    tk_free(S.prev_machine);
    tk_free(S.prev_unit);
    tk_free(S.prev_end);
    tk_free(S.prev_line);
    tk_free(S.gap_end);
    tk_free(S.feeds_kept);
    tk_free(S.kept);
    tk_free(S.unable);
    sched_pin_free(&S);
    tk_free(S.colbuf);
    for (int t = 0; t < ATAB__COUNT; t++) tk_free(S.rows[t]);
    tk_free(S.setups);
    tk_free(S.memorow);
    tk_free(S.memo);
    tk_free(S.vals);
    tk_free(S.lvals);
    tk_free(S.lseen);
    tk_free(S.cands);
    tk_free(S.kstate);
    if (S.bleft) {
        /* an operation some cycles began that could not be finished is not
         * planned: out of its cycles (a cycle left empty goes too) */
        uint32_t nb = 0, np = 0;
        for (uint32_t b = 0; b < p->batches.len; b++) {
            PlanBatch pb = p->batches.data[b];
            uint32_t first = np;
            for (uint32_t k = 0; k < pb.n; k++) {
                BatchPart bp = p->batch_parts.data[pb.first + k];
                if (p->ops.data[bp.op].planned) p->batch_parts.data[np++] = bp;
            }
            pb.first = first;
            pb.n = np - first;
            if (pb.n) p->batches.data[nb++] = pb;
        }
        p->batches.len = nb;
        p->batch_parts.len = np;
        for (uint32_t i = 0; i < p->ops.len; i++)
            if (S.bbegun[i] && !p->ops.data[i].planned) p->ops.data[i].machine = -1;
    }
    tk_free(S.bleft);
    tk_free(S.bbegun);
    vec_free(&S.heap);
    /* the time windows the plan does not hold, with why */
    if (ok && p->problems.len == 0) plan_window_misses(p);
    return ok && p->problems.len == 0;
}
