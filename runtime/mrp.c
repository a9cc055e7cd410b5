/* mrp.c: material requirements planning. Turns the demand — customer orders,
 * and forecasts less the orders that fall in their periods — into work
 * orders, level by level down the bills of materials (low-level codes), net
 * of stock, with lot sizing, each component's work order released its lead
 * before the work order it is for; and bought materials into allocations of
 * stock and scheduled receipts and, for the rest, purchases ordered their
 * lead time before they are needed, arriving when goods are received
 * (docs/planning.md, "Material planning").
 *
 * Every supply is pegged to the need it covers: a work order knows the work
 * orders that make its components (it starts after they end) and when its
 * last material arrives. Products are netted first come, first served by
 * need date; scarce material goes first where waiting for a purchase would
 * cost most. Ties by name, so the result never depends on input order
 * beyond names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buy.h"
#include "plan_read.h"
#include "runtime.h"
#include "scrap.h"

#define EPS 1e-9

typedef struct Demand {
    double qty;
    int64_t due;
    int64_t release;  /* a customer order's or forecast period's; for a component,
                       * the release of the work order it is for */
    int32_t order;    /* customer order, or -1 */
    int32_t fc;       /* forecast demand (Plan.fcs), or -1 */
    int32_t parent;   /* work order whose component this is, or -1 */
    const char *stem; /* name for the work orders made for it */
} Demand;
typedef TK_VEC_OF(Demand) DemandVec;

typedef struct MatNeed {
    double qty;
    int64_t need;     /* the earliest it is needed: the work order's release */
    int64_t urgency;  /* the latest it is needed: the work order's latest start */
    int32_t wo;       /* -1: restore safety stock; -2: issued (actuals) */
    int64_t past;     /* when it was taken, for what the actuals report (a work
                       * order that started, material issued); INT64_MAX if not yet */
    int32_t issue;    /* for an issue: which (IrMaterial.issues) */
    /* what waiting for a purchase ordered at the start would cost it, set by
     * plan_material: the delay past its latest start times the priority of
     * the order it serves (weighted lateness), and times its penalty rate */
    double weighted, penalty;
    bool kept;        /* --stable: the previous plan has its work order */
} MatNeed;
typedef TK_VEC_OF(MatNeed) MatNeedVec;

typedef struct Mrp {
    Plan *p;
    const IrModel *ir;
    DemandVec *dem;   /* per product */
    MatNeedVec *mat;  /* per material */
    U32Vec *order_wos;/* per customer order: the work orders that serve it */
    U32Vec *fc_wos;   /* per forecast demand: the work orders that serve it */
    Interner names;   /* work order names in use */
    bool too_much;    /* E0459 reported */
    NameIndex acts;   /* the model's actuals: the first of each work order's name */
    int32_t makeup_for; /* the work order the next ones make up for, or -1 */
    Interner stems;   /* stems named so far, with below them ... */
    uint32_t *next;   /* ... per stem's symbol: the suffix from which names may be free */
    uint32_t nnext;
    StdCost *std;     /* standard costs, for source cheapest; NULL until needed */
} Mrp;

static int demand_cmp(const void *a, const void *b)
{
    const Demand *x = a, *y = b;
    if (x->due != y->due) return x->due < y->due ? -1 : 1;
    if (x->release != y->release) return x->release < y->release ? -1 : 1;
    return strcmp(x->stem, y->stem);
}

/* Quantities to make or buy for a shortfall, by the lot-sizing rule: fixed
 * lots as many as needed, or one lot raised to the minimum and rounded up to
 * the multiple; with a max_lot, orders of the largest size it allows (a
 * multiple of the multiple) and the rest, raised to the minimum and rounded
 * up to the multiple, in the last. Returns the number of orders; each is
 * *each, but the last, *last. */
static uint64_t lot_size(IrLot lot, double need, bool whole, double *each, double *last)
{
    if (lot.fixed > 0) {
        *each = *last = lot.fixed;
        return (uint64_t)ceil(need / lot.fixed - EPS);
    }
    double q = need;
    if (whole) q = ceil(q - EPS);
    if (lot.max > 0) {
        double cap = lot.max;
        if (lot.multiple > 0) cap = floor(cap / lot.multiple + EPS) * lot.multiple;
        if (whole) cap = floor(cap + EPS);
        if (cap > 0 && q > cap + EPS) {
            double n = ceil(q / cap - EPS);
            if (n > 1e15) n = 1e15;
            double rest = q - (n - 1) * cap;
            if (lot.min > 0 && rest < lot.min) rest = lot.min;
            if (lot.multiple > 0) rest = ceil(rest / lot.multiple - EPS) * lot.multiple;
            *each = cap;
            *last = rest;
            return (uint64_t)n;
        }
    }
    if (lot.min > 0 && q < lot.min) q = lot.min;
    if (lot.multiple > 0) q = ceil(q / lot.multiple - EPS) * lot.multiple;
    *each = *last = q;
    return 1;
}

/* One purchase for a total need, by the lot rules: a whole number of fixed
 * lots, or raised to the minimum and rounded up to the multiple. */
static double lot_total(IrLot lot, double need)
{
    if (lot.fixed > 0) return ceil(need / lot.fixed - EPS) * lot.fixed;
    double q = need;
    if (lot.min > 0 && q < lot.min) q = lot.min;
    if (lot.multiple > 0) q = ceil(q / lot.multiple - EPS) * lot.multiple;
    return q;
}

/* A unique work order name: stem, or stem.2, stem.3 ..., the first free
 * from k. Names are any length (a stem grows a level of the bill of
 * materials at a time). Every name below a stem's next[] is taken, so a
 * search starting below it starts there: each taken name is passed over
 * once per stem, not once per lot. */
static char *wo_name(Mrp *r, const char *stem, uint32_t k)
{
    Sym st = intern_cstr(&r->stems, stem);
    if (st >= r->nnext) {
        uint32_t n = st + 64;
        r->next = tk_xrealloc(r->next, n * sizeof(uint32_t));
        memset(r->next + r->nnext, 0, (n - r->nnext) * sizeof(uint32_t));
        r->nnext = n;
    }
    uint32_t nx = r->next[st] ? r->next[st] : 1;
    bool dense = k <= nx;
    uint32_t n = k > nx ? k : nx;
    StrBuf b = {0};
    for (;; n++) {
        b.len = 0;
        if (n <= 1) sb_puts(&b, stem);
        else sb_printf(&b, "%s.%u", stem, n);
        if (intern_find(&r->names, sb_cstr(&b), b.len) == SYM_NONE) break;
    }
    if (dense) r->next[st] = n + 1;
    intern(&r->names, sb_cstr(&b), b.len);
    char *name = arena_strdup(&r->p->arena, sb_cstr(&b));
    sb_free(&b);
    return name;
}

/* Standard minutes of one alternative for a step of qty pieces in n
 * operations: each operation's setup, and the run for the pieces (per
 * operation, each operation's); a subcontractor's lead. */
static double alt_std(const IrModel *ir, const IrAlt *al, double qty, uint32_t n)
{
    if (ir->machines[al->machine].subcontract) return (double)ir->machines[al->machine].lead;
    return n * al->setup + (al->per_piece ? al->run * qty : n * al->run);
}

double plan_step_std_minutes(const IrModel *ir, double qty, const IrStep *st)
{
    uint32_t n = plan_sublot_count(st, qty);
    if (n > SUBLOT_MAX) n = 1;
    double best = INFINITY;
    for (uint32_t a = 0; a < st->nalts; a++) {
        double t = alt_std(ir, &st->alts[a], qty, n);
        if (t < best) best = t;
    }
    return st->nalts ? best : 0;
}

double plan_op_std_minutes(const IrModel *ir, const Op *op, const IrStep *st)
{
    double best = INFINITY;
    for (uint32_t a = 0; a < st->nalts; a++) {
        double t = alt_std(ir, &st->alts[a], op->qty, 1);
        if (t < best) best = t;
    }
    return st->nalts ? best : 0;
}

/* The latest start of a work order that is to end by its due date: its
 * routing scheduled backwards at standard times through the calendars of
 * each step's first machine, ignoring other work (backward scheduling).
 * With ls and le, each step's latest start and end too (nsteps of them). */
int64_t plan_latest_starts(const IrModel *ir, const WorkOrder *w, int64_t *ls_out, int64_t *le_out)
{
    const IrProduct *pr = &ir->products[w->product];
    uint32_t n = pr->nsteps;
    if (!n) return w->due;
    int64_t *ls = tk_xalloc(n * sizeof(int64_t));
    uint8_t *done = tk_xalloc(n);
    memset(done, 0, n);
    /* each step's successors, in step order (CSR: those of s are
     * succ[at[s] .. at[s + 1])) */
    uint32_t nedges = 0;
    for (uint32_t t = 0; t < n; t++) nedges += pr->steps[t].npreds;
    uint32_t *at = tk_xalloc((n + 1) * sizeof(uint32_t));
    uint32_t *succ = tk_xalloc((nedges + 1) * sizeof(uint32_t));
    memset(at, 0, (n + 1) * sizeof(uint32_t));
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t q = 0; q < pr->steps[t].npreds; q++) at[pr->steps[t].preds[q] + 1]++;
    for (uint32_t s = 0; s < n; s++) at[s + 1] += at[s];
    uint32_t *fill = tk_xalloc((n + 1) * sizeof(uint32_t));
    memcpy(fill, at, (n + 1) * sizeof(uint32_t));
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t q = 0; q < pr->steps[t].npreds; q++) succ[fill[pr->steps[t].preds[q]]++] = t;
    tk_free(fill);
    int64_t first = w->due;
    /* a step's latest end is the earliest latest start of its successors,
     * less its wait; relax until stable (the graph is acyclic) */
    for (uint32_t pass = 0; pass <= n; pass++) {
        bool changed = false;
        for (uint32_t s = n; s-- > 0;) {
            const IrStep *st = &pr->steps[s];
            int64_t end = w->due;
            bool ready = true;
            for (uint32_t e = at[s]; e < at[s + 1]; e++) {
                uint32_t t = succ[e];
                if (!done[t]) ready = false;
                else if (ls[t] < end) end = ls[t];
            }
            if (!ready) continue;
            end -= plan_work_minutes(st->wait);
            const IrAlt *al = &st->alts[0];
            const IrCalendar *cal = ir->machines[al->machine].calendar >= 0
                                        ? &ir->calendars[ir->machines[al->machine].calendar] : NULL;
            int64_t dur = plan_work_minutes(plan_step_std_minutes(ir, plan_step_in(w, s), st));
            /* sent out: elapsed time, not working time */
            int64_t v = ir->machines[al->machine].subcontract ? end - dur : cal_start_for(cal, end, dur);
            if (v == INT64_MIN) v = ir->start;
            if (!done[s] || v != ls[s]) changed = true;
            done[s] = 1;
            ls[s] = v;
            if (le_out) le_out[s] = end;
        }
        if (!changed) break;
    }
    for (uint32_t s = 0; s < n; s++)
        if (done[s] && ls[s] < first) first = ls[s];
    for (uint32_t s = 0; s < n; s++) {
        if (ls_out) ls_out[s] = done[s] ? ls[s] : w->due;
        if (le_out && !done[s]) le_out[s] = w->due;
    }
    tk_free(ls);
    tk_free(done);
    tk_free(at);
    tk_free(succ);
    return first;
}

/* A work order's lead: the longest path through its routing, each
 * operation at its standard work rounded up to whole minutes (as the
 * scheduler rounds it), with the waits after steps — the last steps' too,
 * before the work order's product may be used. */
static int64_t routing_lead(const IrModel *ir, const WorkOrder *w)
{
    const IrProduct *pr = &ir->products[w->product];
    uint32_t n = pr->nsteps;
    if (!n) return 0;
    int64_t *fin = tk_xalloc(n * sizeof(int64_t));
    uint8_t *done = tk_xalloc(n);
    memset(done, 0, n);
    /* steps may come after later steps: relax until stable (acyclic) */
    for (uint32_t pass = 0; pass <= n; pass++) {
        bool changed = false;
        for (uint32_t s = 0; s < n; s++) {
            const IrStep *st = &pr->steps[s];
            int64_t t0 = 0;
            bool ready = true;
            for (uint32_t q = 0; q < st->npreds; q++) {
                uint32_t ps = (uint32_t)st->preds[q];
                if (!done[ps]) ready = false;
                else if (fin[ps] + (int64_t)ceil(pr->steps[ps].wait - EPS) > t0)
                    t0 = fin[ps] + (int64_t)ceil(pr->steps[ps].wait - EPS);
            }
            if (!ready) continue;
            int64_t f = t0 + (int64_t)ceil(plan_step_std_minutes(ir, plan_step_in(w, s), st) - EPS);
            if (!done[s] || f != fin[s]) changed = true;
            done[s] = 1;
            fin[s] = f;
        }
        if (!changed) break;
    }
    int64_t lead = 0;
    for (uint32_t s = 0; s < n; s++)
        if (done[s] && fin[s] + (int64_t)ceil(pr->steps[s].wait - EPS) > lead) lead = fin[s] + (int64_t)ceil(pr->steps[s].wait - EPS);
    tk_free(fin);
    tk_free(done);
    return lead;
}

/* The routing's longest path at standard times, waits included. */
static double routing_minutes(const IrModel *ir, const WorkOrder *w, double *total)
{
    const IrProduct *pr = &ir->products[w->product];
    uint32_t n = pr->nsteps;
    *total = 0;
    if (!n) return 0;
    double *fin = tk_xalloc(n * sizeof(double));
    uint8_t *done = tk_xalloc(n);
    memset(done, 0, n);
    double longest = 0;
    /* steps may name later steps as predecessors: relax until stable (the
     * graph is acyclic, so n passes suffice) */
    for (uint32_t pass = 0; pass < n; pass++) {
        bool changed = false;
        for (uint32_t s = 0; s < n; s++) {
            const IrStep *st = &pr->steps[s];
            double t0 = 0;
            bool ready = true;
            for (uint32_t q = 0; q < st->npreds; q++) {
                if (!done[st->preds[q]]) ready = false;
                else if (fin[st->preds[q]] + pr->steps[st->preds[q]].wait > t0)
                    t0 = fin[st->preds[q]] + pr->steps[st->preds[q]].wait;
            }
            if (!ready) continue;
            double f = t0 + plan_step_std_minutes(ir, plan_step_in(w, s), st);
            if (!done[s] || f != fin[s]) changed = true;
            done[s] = 1;
            fin[s] = f;
        }
        if (!changed) break;
    }
    for (uint32_t s = 0; s < n; s++) {
        *total += plan_step_std_minutes(ir, plan_step_in(w, s), &pr->steps[s]);
        if (fin[s] + pr->steps[s].wait > longest) longest = fin[s] + pr->steps[s].wait;
    }
    tk_free(fin);
    tk_free(done);
    return longest;
}

/* The shop floor's reports of work order w (docs/planning.md, "Scrap
 * reported"): where its steps done made fewer good pieces than planned, the
 * steps after them start fewer and w makes fewer (w->makes); net_product
 * makes up the shortfall. */
static void reported_scrap(Mrp *r, WorkOrder *w, const IrProduct *pr)
{
    const IrModel *ir = r->ir;
    int32_t k0 = ir->nactuals ? nameindex_find(&r->acts, w->name) : -1;
    if (k0 < 0 || !pr->nsteps) return;
    double *done = tk_xalloc(pr->nsteps * sizeof(double));
    uint32_t *ndone = tk_xalloc(pr->nsteps * sizeof(uint32_t));
    bool any = false;
    for (uint32_t s = 0; s < pr->nsteps; s++) done[s] = 0, ndone[s] = 0;
    for (uint32_t k = (uint32_t)k0; k < ir->nactuals && strcmp(ir->actuals[k].wo, w->name) == 0; k++) {
        const IrActual *a = &ir->actuals[k];
        if (a->product != w->product || a->step < 0 || a->end < 0) continue;
        /* its good pieces; a report without them: what it started less its
         * scrap (a sublot: its share of the step's pieces) */
        double in = w->q_in ? w->q_in[a->step] : w->qty;
        uint32_t ns = plan_sublot_count(&pr->steps[a->step], in);
        if (ns > SUBLOT_MAX) ns = 1;
        if (a->sub > 0 && (uint32_t)a->sub <= ns) in = plan_sublot_qty(in, (uint32_t)a->sub - 1, ns);
        done[a->step] += a->good > 0 ? a->good : in - a->scrap > 0 ? in - a->scrap : 0;
        ndone[a->step] += a->sub > 0 ? 1 : ns;
    }
    /* a step is done when all its operations are */
    for (uint32_t s = 0; s < pr->nsteps; s++) {
        double in = w->q_in ? w->q_in[s] : w->qty;
        uint32_t ns = plan_sublot_count(&pr->steps[s], in);
        if (ns > SUBLOT_MAX) ns = 1;
        if (ndone[s] >= ns) any = true;
        else done[s] = NAN;
    }
    tk_free(ndone);
    if (any) {
        double *in = arena_alloc(&r->p->arena, pr->nsteps * sizeof(double));
        double *good = arena_alloc(&r->p->arena, pr->nsteps * sizeof(double));
        for (uint32_t s = 0; s < pr->nsteps; s++) {
            in[s] = w->q_in ? w->q_in[s] : w->qty;
            good[s] = w->q_good ? w->q_good[s] : w->qty;
        }
        double makes = scrap_after_reports(pr, w->qty, in, good, done);
        bool changed = false;
        for (uint32_t s = 0; s < pr->nsteps; s++)
            changed |= in[s] != (w->q_in ? w->q_in[s] : w->qty) || good[s] != (w->q_good ? w->q_good[s] : w->qty);
        if (changed) w->q_in = in, w->q_good = good;
        if (makes < w->qty) w->makes = makes;
    }
    tk_free(done);
}

static int32_t make_wo(Mrp *r, const Demand *d, int32_t product, double qty, uint32_t k)
{
    Plan *p = r->p;
    const IrModel *ir = r->ir;
    WorkOrder w;
    memset(&w, 0, sizeof w);
    w.name = wo_name(r, d->stem, k);
    w.product = product;
    w.qty = qty;
    /* what each step starts and makes, where scrap is planned (scrap.h) */
    const IrProduct *sp = &ir->products[product];
    if (scrap_in_routing(sp)) {
        w.q_in = arena_alloc(&p->arena, sp->nsteps * sizeof(double));
        w.q_good = arena_alloc(&p->arena, sp->nsteps * sizeof(double));
    }
    w.started = scrap_plan(sp, qty, w.q_in, w.q_good);
    if (!(w.started <= SCRAP_MAX_QTY) && !r->too_much) {
        char b[32];
        fmt_double(b, sizeof b, qty);
        r->too_much = true;
        plan_problem(p, DIAG_SCRAP_TOO_MUCH, sp->span, "lower the scrap rates, or the quantities ordered",
                     "a work order of %s piece%s of '%s' would start more than 10^12 pieces: its steps' scrap rates "
                     "compound beyond what can be planned", b, qty == 1 ? "" : "s", sp->name);
    }
    w.makes = qty;
    w.makeup_for = r->makeup_for;
    reported_scrap(r, &w, sp);
    w.due = d->due;
    w.release = d->release;
    /* a component is released its lead before the work order it is for may
     * start, not earlier, and not before the plan (docs/planning.md) */
    if (d->parent >= 0) {
        int64_t lead = routing_lead(ir, &w);
        w.release = d->release - lead > ir->start ? d->release - lead : ir->start;
    }
    w.order = d->order;
    w.parent = d->parent;
    w.material_ready = ir->start;
    w.material_late = -1;
    w.start = w.end = -1;
    w.first_op = p->ops.len;
    const IrProduct *prod = &ir->products[product];
    /* each step's operations: one, or its sublots of the pieces it starts */
    uint32_t nops = 0;
    bool split = false;
    for (uint32_t s = 0; s < prod->nsteps; s++) {
        uint32_t ns = plan_sublot_count(&prod->steps[s], plan_step_in(&w, s));
        if (ns > SUBLOT_MAX) {
            plan_problem(p, DIAG_TOO_MANY_LOTS, prod->span, "raise the step's sublot size, or give a number of sublots",
                         "step '%s' of work order '%s' would be split into more than %d sublots", prod->steps[s].name,
                         w.name, SUBLOT_MAX);
            ns = 1;
        }
        split |= ns > 1;
        nops += ns;
    }
    if (split) {
        w.step_at = arena_alloc(&p->arena, (prod->nsteps + 1) * sizeof(uint32_t));
        for (uint32_t s = 0, at = 0; s <= prod->nsteps; s++) {
            w.step_at[s] = at;
            if (s < prod->nsteps) {
                uint32_t ns = plan_sublot_count(&prod->steps[s], plan_step_in(&w, s));
                at += ns > SUBLOT_MAX ? 1 : ns;
            }
        }
    }
    w.nops = nops;
    routing_minutes(ir, &w, &w.std_work);
    int64_t ls = plan_latest_starts(ir, &w, NULL, NULL);
    w.latest_start = ls < ir->start ? ir->start : ls;
    /* just in time: released at its latest start, backward from its need
     * (its due date, or its parent's latest start), less what dispatching
     * found its order needs more (release.c); forward from there */
    w.release_model = w.release;
    int32_t wi = (int32_t)p->wos.len;
    if (ir->jit_release) {
        int64_t at = w.latest_start - ((uint32_t)wi < p->njit_pull ? p->jit_pull[wi] : 0);
        if (at > w.release) w.release = at;
    }
    vec_push(&p->wos, w);
    for (uint32_t s = 0; s < prod->nsteps; s++) {
        uint32_t ns = wo_step_nops(&w, s);
        for (uint32_t j = 0; j < ns; j++) {
            Op op;
            memset(&op, 0, sizeof op);
            op.act = -1;
            op.wo = wi;
            op.step = (int32_t)s;
            op.sub = (uint16_t)j;
            op.nsub = (uint16_t)ns;
            op.qty = plan_sublot_qty(plan_step_in(&w, s), j, ns);
            op.machine = op.unit = -1;
            op.start = op.end = -1;
            vec_push(&p->ops, op);
        }
    }
    /* what it needs: components one level down, materials */
    const IrProduct *pr = &ir->products[product];
    for (uint32_t b = 0; b < pr->nbom; b++) {
        const IrBomLine *bl = &pr->bom[b];
        /* for every piece it starts, less what the line's scrap loses */
        double need = scrap_line_need(bl, p->wos.data[wi].started);
        if (bl->is_product) {
            Demand cd;
            cd.qty = need;
            cd.due = p->wos.data[wi].latest_start;
            cd.release = p->wos.data[wi].release_model; /* the release of the work order it is for */
            cd.order = d->order;
            cd.fc = -1;
            cd.parent = wi;
            cd.stem = arena_fmt(&p->arena, "%s/%s", p->wos.data[wi].name, ir->products[bl->item].name);
            vec_push(&r->dem[bl->item], cd);
        } else {
            MatNeed mn = {need, p->wos.data[wi].release, p->wos.data[wi].latest_start, wi, INT64_MAX, -1, 0, 0};
            vec_push(&r->mat[bl->item], mn);
            p->wos.data[wi].material_cost += need * ir->materials[bl->item].cost;
        }
    }
    return wi;
}

static void add_supply(Plan *p, int32_t wo, int32_t supplier)
{
    WorkOrder *w = &p->wos.data[wo];
    for (uint32_t i = 0; i < w->nsupplies; i++)
        if (w->supplies[i] == supplier) return;
    int32_t *ns = arena_alloc(&p->arena, (w->nsupplies + 1) * sizeof(int32_t));
    if (w->nsupplies) memcpy(ns, w->supplies, w->nsupplies * sizeof(int32_t));
    ns[w->nsupplies++] = supplier;
    w->supplies = ns;
}

/* What a supplying work order serves: its parent's component, or the
 * customer order or forecast demand at the top. */
static void peg(Mrp *r, const Demand *d, int32_t wi)
{
    if (d->parent >= 0) add_supply(r->p, d->parent, wi);
    else if (d->order >= 0) vec_push(&r->order_wos[d->order], (uint32_t)wi);
    else if (d->fc >= 0) vec_push(&r->fc_wos[d->fc], (uint32_t)wi);
}

/* Bought pieces (make or buy) arrive at `arrive` for need d: the work
 * order they are for may not start before, the customer order or forecast
 * demand is not done before. */
static void peg_bought(Mrp *r, const Demand *d, int64_t arrive)
{
    Plan *p = r->p;
    if (d->parent >= 0) {
        WorkOrder *w = &p->wos.data[d->parent];
        if (arrive > w->material_ready) w->material_ready = arrive;
    } else if (d->order >= 0) {
        if (arrive > p->order_ready[d->order]) p->order_ready[d->order] = arrive;
    } else if (d->fc >= 0) {
        if (arrive > p->fc_ready[d->fc]) p->fc_ready[d->fc] = arrive;
    }
}

typedef struct Excess {
    int32_t wo;       /* the work order that made it, or -1: bought */
    double qty;
    int64_t arrive;   /* bought: when it arrives */
} Excess;
typedef TK_VEC_OF(Excess) ExcessVec;

static bool buy_need(Mrp *r, int32_t prod, const Demand *d, double need, ExcessVec *excess);

/* THE QUANTITY RULE (docs/planning.md, "Quantities"): need d of product
 * prod is covered from the product's stock first, then from the surplus
 * earlier work orders of the product left, in the order they were made;
 * the rest, the shortfall, by new work orders — rounded up to whole pieces,
 * then sized by the product's lot settings (lot_size). What they make
 * beyond the shortfall is surplus for the needs after it. Each work order
 * taken from is pegged to the need: its parent starts after it, its
 * customer order waits for it. takt verify works the same rule out on its
 * own (cover_need in verify_demand.c). */
static void cover_need(Mrp *r, int32_t prod, const Demand *d, double *onhand, ExcessVec *excess)
{
    Plan *p = r->p;
    double need = d->qty;
    double take = *onhand < need ? *onhand : need;
    *onhand -= take;
    need -= take;
    for (uint32_t e = 0; e < excess->len && need > EPS; e++) {
        if (excess->data[e].qty <= EPS) continue;
        take = excess->data[e].qty < need ? excess->data[e].qty : need;
        excess->data[e].qty -= take;
        need -= take;
        if (excess->data[e].wo >= 0) peg(r, d, excess->data[e].wo);
        else peg_bought(r, d, excess->data[e].arrive);
    }
    if (need <= EPS) return;
    if (r->ir->products[prod].buy && buy_need(r, prod, d, need, excess)) return;
    double each, last;
    uint64_t lots = lot_size(r->ir->products[prod].lot, need, true, &each, &last);
    if (lots > 100000) {
        plan_problem(p, DIAG_TOO_MANY_LOTS, r->ir->products[prod].span,
                     r->ir->products[prod].lot.fixed ? "raise the fixed lot, or check the quantities"
                                                     : "raise max_lot, or check the quantities",
                     "product '%s' would need %llu work orders of its %s", r->ir->products[prod].name,
                     (unsigned long long)lots, r->ir->products[prod].lot.fixed ? "fixed lot" : "max_lot");
        return;
    }
    /* lots of the need; where the shop floor reported scrap beyond the
     * plan, a work order makes fewer than its quantity, and further work
     * orders make up the shortfall (docs/planning.md, "Scrap reported"):
     * each has a name of its own, so this ends */
    uint32_t name_k = 1;
    int32_t short_wo = -1;
    for (uint32_t round = 0; need > EPS; round++) {
        if (round) {
            lots = lot_size(r->ir->products[prod].lot, need, true, &each, &last);
            if (lots > 100000) break;
            r->makeup_for = short_wo;
        }
        for (uint64_t k = 0; k < lots; k++) {
            if (k + 1 == lots) each = last;
            int32_t wi = make_wo(r, d, prod, each, name_k++);
            double got = p->wos.data[wi].makes;
            double used = got < need ? got : need;
            need -= used;
            if (got - used > EPS) {
                Excess ex = {wi, got - used, 0};
                vec_push(excess, ex);
            }
            peg(r, d, wi);
            if (got < each - EPS && short_wo < 0) short_wo = wi;
        }
    }
    r->makeup_for = -1;
}

/* Make or buy (buy.h): the shortfall need of product prod for d, made or
 * bought by the product's policy. Bought, it is one purchase raised by the
 * purchase's lot rules (several of at most max_lot), to arrive when the
 * work order it is for may start (a customer order's or forecast's: by its
 * due date); what it brings beyond the shortfall is surplus for the needs
 * after it, as a work order's. Returns true if it was bought. */
static bool buy_need(Mrp *r, int32_t prod, const Demand *d, double need, ExcessVec *excess)
{
    Plan *p = r->p;
    const IrModel *ir = r->ir;
    const IrProduct *pr = &ir->products[prod];
    if (pr->source == SOURCE_CHEAPEST && !r->std) {
        r->std = tk_xalloc((ir->nproducts + 1) * sizeof(StdCost));
        memset(r->std, 0, (ir->nproducts + 1) * sizeof(StdCost));
        std_costs(ir, r->std);
    }
    Sourcing c;
    memset(&c, 0, sizeof c);
    c.product = prod;
    c.need = d->stem;
    c.qty = need;
    c.due = d->due;
    int64_t target = d->parent >= 0 ? d->release : d->due;
    buy_choose(ir, r->std, prod, need, d->due, target, &c);
    c.first_buy = p->buys.len;
    if (!c.bought) {
        vec_push(&p->sourcing, c);
        return false;
    }
    double each, last;
    uint64_t lots = lot_size(pr->buy->lot, need, true, &each, &last);
    if (lots > 100000) {
        plan_problem(p, DIAG_TOO_MANY_LOTS, pr->buy->span,
                     pr->buy->lot.fixed ? "raise the fixed lot, or check the quantities" : "raise max_lot, or check the quantities",
                     "product '%s' would need %llu purchases of its %s", pr->name, (unsigned long long)lots,
                     pr->buy->lot.fixed ? "fixed lot" : "max_lot");
        vec_push(&p->sourcing, c);
        return true; /* not bought: the plan stops at this error */
    }
    int64_t order_at, arrive;
    buy_timing(ir, pr->buy, target, &order_at, &arrive);
    double total = 0;
    for (uint64_t k = 0; k < lots; k++) {
        Buy b = {prod, p->sourcing.len, k + 1 == lots ? last : each, order_at, arrive, 0};
        b.cost = b.qty * pr->buy->price;
        total += b.qty;
        vec_push(&p->buys, b);
    }
    c.nbuys = (uint32_t)lots;
    vec_push(&p->sourcing, c);
    peg_bought(r, d, arrive);
    if (total - need > EPS) {
        Excess ex = {-1, total - need, arrive};
        vec_push(excess, ex);
    }
    if (arrive > d->due) {
        char b1[32], b2[32];
        fmt_datetime_sp(b1, sizeof b1, arrive);
        fmt_datetime_sp(b2, sizeof b2, d->due);
        plan_warning(p, DIAG_BUY_LATE, pr->buy->span, "order it earlier: shorten the lead time, or plan earlier",
                     "'%s' bought for %s arrives at %s, after it is needed at %s", pr->name, d->stem, b1, b2);
    }
    return true;
}

/* Nets the demand of one product, in order of due date, release and name,
 * by the quantity rule. */
static void net_product(Mrp *r, int32_t prod)
{
    DemandVec *dv = &r->dem[prod];
    if (!dv->len) return;
    qsort(dv->data, dv->len, sizeof(Demand), demand_cmp);
    double onhand = r->ir->products[prod].stock;
    ExcessVec excess = {0};
    for (uint32_t i = 0; i < dv->len; i++) {
        Demand d = dv->data[i];
        cover_need(r, prod, &d, &onhand, &excess);
    }
    vec_free(&excess);
}

typedef struct Supply {
    double qty;
    int64_t at;
    uint8_t kind;     /* SupplyKind */
    int32_t ref;      /* the receipt or the purchase */
} Supply;

/* The order material goes to needs (docs/planning.md, "Materials"): what
 * is already taken first, in the order it was taken; then buying back the
 * safety stock; with --stable, the work orders the previous plan has before
 * new ones, so new work does not take what the plan gave them; then by what waiting for a purchase would cost, the most
 * first — in weighted lateness, then in penalty; then by latest start,
 * release and work order name. */
static int need_cmp_ctx_wos(const MatNeed *x, const MatNeed *y, const Plan *p)
{
    if (x->past != y->past) return x->past < y->past ? -1 : 1;
    if ((x->wo == -1) != (y->wo == -1)) return x->wo == -1 ? -1 : 1;
    if (x->kept != y->kept) return x->kept ? -1 : 1;
    if (x->weighted != y->weighted) return x->weighted > y->weighted ? -1 : 1;
    if (x->penalty != y->penalty) return x->penalty > y->penalty ? -1 : 1;
    if (x->urgency != y->urgency) return x->urgency < y->urgency ? -1 : 1;
    if (x->need != y->need) return x->need < y->need ? -1 : 1;
    const char *a = x->wo >= 0 ? p->wos.data[x->wo].name : "";
    const char *b = y->wo >= 0 ? p->wos.data[y->wo].name : "";
    return strcmp(a, b);
}

/* Consolidation (`consolidate PERIOD` on a material): a purchase to be
 * ordered at t joins the purchase of the same material ordered latest at or
 * before t, if t lies within its period. The purchases that may be joined,
 * sorted by order date: open. Returns the one to join, or -1. */
static int32_t consolidating(const Plan *p, const I32Vec *open, int64_t t, int64_t period)
{
    uint32_t lo = 0, hi = open->len; /* the first ordered after t */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (p->purchases.data[open->data[mid]].order_at <= t) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return -1;
    int32_t k = open->data[lo - 1];
    return t - p->purchases.data[k].order_at < period ? k : -1;
}

static void opened(const Plan *p, I32Vec *open, int32_t k)
{
    int64_t t = p->purchases.data[k].order_at;
    uint32_t at = open->len;
    while (at > 0 && p->purchases.data[open->data[at - 1]].order_at > t) at--;
    vec_push(open, k);
    memmove(open->data + at + 1, open->data + at, (open->len - 1 - at) * sizeof(int32_t));
    open->data[at] = k;
}

static const Plan *sort_plan;
static int need_cmp(const void *a, const void *b) { return need_cmp_ctx_wos(a, b, sort_plan); }

/* Work orders the actuals report started took their material when their
 * first reported operation started: their needs are in the past, before
 * anything not yet started (which starts after now), in the order they
 * were taken — as takt verify counts material. */
static void mark_started(Mrp *r)
{
    const IrModel *ir = r->ir;
    Plan *p = r->p;
    if (!ir->nactuals) return;
    const int32_t *act_wo = plan_actual_wos(p);
    int64_t *started = tk_xalloc((p->wos.len + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < p->wos.len; i++) started[i] = INT64_MAX;
    for (uint32_t k = 0; k < ir->nactuals; k++) {
        int32_t wi = act_wo[k];
        if (wi >= 0 && ir->actuals[k].start < started[wi]) started[wi] = ir->actuals[k].start;
    }
    for (uint32_t m = 0; m < ir->nmaterials; m++)
        for (uint32_t k = 0; k < r->mat[m].len; k++) {
            MatNeed *n = &r->mat[m].data[k];
            if (n->wo >= 0 && started[n->wo] != INT64_MAX) n->past = started[n->wo] < ir->start ? ir->start : started[n->wo];
        }
    tk_free(started);
}

/* --stable: the needs of the work orders the previous plan has (by name)
 * are kept, and go before those of new work orders. */
static void mark_kept(Mrp *r)
{
    const PlanFile *pf = r->p->stable;
    if (!pf) return;
    NameIndex names;
    nameindex_init(&names);
    for (uint32_t i = 0; i < pf->wos.len; i++) nameindex_add(&names, pf->wos.data[i].name, (int32_t)i);
    for (uint32_t i = 0; i < pf->ops.len; i++) nameindex_add(&names, pf->ops.data[i].wo, (int32_t)i);
    for (uint32_t m = 0; m < r->ir->nmaterials; m++)
        for (uint32_t k = 0; k < r->mat[m].len; k++) {
            MatNeed *n = &r->mat[m].data[k];
            n->kept = n->wo >= 0 && nameindex_find(&names, r->p->wos.data[n->wo].name) >= 0;
        }
    nameindex_free(&names);
}

/* When goods that come at t are received: at the next time the receiving
 * calendar takes them; beyond the horizon, where calendars are not worked
 * out, when they come, but not before the horizon ends. */
static int64_t received(const IrCalendar *rc, int64_t t, int64_t end)
{
    int64_t r = cal_receive_next(rc, t);
    if (r != INT64_MAX) return r;
    return t > end ? t : end;
}

static void plan_material(Mrp *r, int32_t mi)
{
    Plan *p = r->p;
    const IrModel *ir = r->ir;
    const IrMaterial *mt = &ir->materials[mi];
    MatNeedVec *nv = &r->mat[mi];
    double usable = mt->stock - mt->safety;
    if (usable < 0) {
        /* below safety stock already: buy it back up first */
        MatNeed mn = {-usable, ir->start, ir->start, ALLOC_SAFETY, INT64_MAX, -1, 0, 0};
        vec_push(nv, mn);
        usable = 0;
    }
    /* what the actuals say left stock, when it left */
    for (uint32_t k = 0; k < mt->nissues; k++) {
        int64_t at = mt->issues[k].at < ir->start ? ir->start : mt->issues[k].at;
        MatNeed mn = {mt->issues[k].qty, at, at, ALLOC_ISSUE, at, (int32_t)k, 0, 0};
        vec_push(nv, mn);
    }
    if (!nv->len) return;
    /* goods are received by this calendar (docs/planning.md, "Receiving") */
    const IrCalendar *rc = mt->receiving >= 0 ? &ir->calendars[mt->receiving] : NULL;
    /* what waiting for a purchase ordered now (the plan's start, or the
     * actuals' now) would cost each need */
    int64_t now = plan_now(ir);
    int64_t replenish = received(rc, now + mt->lead, ir->end);
    for (uint32_t i = 0; i < nv->len; i++) {
        MatNeed *n = &nv->data[i];
        if (n->wo < 0 || n->urgency >= replenish) continue;
        int32_t o = p->wos.data[n->wo].order;
        double delay = (double)(replenish - n->urgency);
        n->weighted = delay * (o >= 0 ? ir->orders[o].priority : 1);
        n->penalty = delay * (o >= 0 ? ir->orders[o].penalty : 0);
    }
    sort_plan = p;
    qsort(nv->data, nv->len, sizeof(MatNeed), need_cmp);
    TK_VEC_OF(Supply) sup = {0};
    Supply s0 = {usable, ir->start, SUPPLY_STOCK, -1};
    vec_push(&sup, s0);
    for (uint32_t k = 0; k < mt->nreceipts; k++) {
        /* an open receipt arrives when goods are next received */
        int64_t at = mt->receipts[k].at < ir->start ? ir->start : mt->receipts[k].at;
        Supply s = {mt->receipts[k].qty, mt->receipts[k].reported ? at : received(rc, at, ir->end), SUPPLY_RECEIPT,
                    (int32_t)k};
        vec_push(&sup, s);
    }
    uint32_t j = 0;
    I32Vec open = {0}; /* purchases later needs may join (consolidate), by order date */
    for (uint32_t i = 0; i < nv->len; i++) {
        MatNeed *n = &nv->data[i];
        double need = n->qty;
        int64_t ready = ir->start;
        while (need > EPS) {
            while (j < sup.len && sup.data[j].qty <= EPS) j++;
            if (j >= sup.len) {
                /* buy: to arrive when the work order may start, or the last
                 * time goods are received before, ordered its lead time
                 * earlier but not before now (the plan's start, or the
                 * actuals' now: what was ordered before is a receipt), so
                 * buying never holds up production; if it cannot be ordered
                 * so early, ordered now and received when it can be */
                int64_t arrive = cal_receive_last(rc, n->need), order_at;
                if (arrive != INT64_MIN && arrive - mt->lead >= now) order_at = arrive - mt->lead;
                else {
                    order_at = now;
                    arrive = received(rc, now + mt->lead, ir->end);
                }
                if (arrive >= (int64_t)date_from_ymd(TAKT_MAX_YEAR + 1, 1, 1) * 1440) {
                    /* the dates a plan holds (docs/limits.md) */
                    plan_problem(p, DIAG_PURCHASE_RANGE, mt->span, "see docs/limits.md",
                                 "material '%s' would arrive after the year %d", mt->name, TAKT_MAX_YEAR);
                    vec_free(&sup);
                    vec_free(&open);
                    return;
                }
                int32_t into = consolidating(p, &open, order_at, mt->consolidate);
                if (into >= 0) {
                    /* within the consolidation period of an earlier purchase:
                     * it grows to what its lot rules make of all it serves
                     * (all it brought is taken, or this need would not buy),
                     * up to its max_lot; beyond, this need buys anew */
                    Purchase *pu = &p->purchases.data[into];
                    double more = lot_total(mt->lot, pu->qty + need) - pu->qty;
                    if (!(mt->lot.max > 0 && pu->qty + more > mt->lot.max + EPS)) {
                        pu->qty += more;
                        Supply s = {more, pu->arrive, SUPPLY_PURCHASE, into};
                        vec_push(&sup, s);
                        continue;
                    }
                }
                double each, last;
                uint64_t lots = lot_size(mt->lot, need, false, &each, &last);
                if (mt->consolidate > 0 && !(mt->lot.max > 0)) {
                    /* one purchase, of as many lots as it takes */
                    each = last = lot_total(mt->lot, need);
                    lots = 1;
                }
                if (lots > 100000) {
                    plan_problem(p, DIAG_TOO_MANY_LOTS, mt->span,
                                 mt->lot.fixed ? "raise the fixed lot, or check the quantities"
                                               : "raise max_lot, or check the quantities",
                                 "material '%s' would need %llu purchases of its %s", mt->name, (unsigned long long)lots,
                                 mt->lot.fixed ? "fixed lot" : "max_lot");
                    need = 0; /* not bought: the plan stops at this error */
                    continue;
                }
                for (uint64_t k = 0; k < lots; k++) {
                    Purchase pu = {mi, k + 1 == lots ? last : each, order_at, arrive, INT64_MAX, false, 0};
                    vec_push(&p->purchases, pu);
                    Supply s = {pu.qty, pu.arrive, SUPPLY_PURCHASE, (int32_t)p->purchases.len - 1};
                    vec_push(&sup, s);
                }
                if (mt->consolidate > 0) opened(p, &open, (int32_t)p->purchases.len - 1);
                continue;
            }
            Supply *s = &sup.data[j];
            double take = s->qty < need ? s->qty : need;
            s->qty -= take;
            need -= take;
            if (s->at > ready) ready = s->at;
            MatAlloc al = {mi, n->wo, s->kind, s->ref, n->issue, take, s->at};
            MatAlloc *last = p->allocs.len ? &vec_last(&p->allocs) : NULL;
            if (last && last->material == mi && last->wo == al.wo && last->from == al.from && last->ref == al.ref &&
                last->issue == al.issue)
                last->qty += take; /* one need from one supply, taken in parts */
            else vec_push(&p->allocs, al);
            if (s->kind == SUPPLY_PURCHASE) {
                /* what it is for: late if it arrives after the latest start of
                 * a work order it serves (the safety stock and issues have none) */
                Purchase *pu = &p->purchases.data[s->ref];
                pu->needs++;
                if (n->wo >= 0 && n->urgency < pu->need_by) pu->need_by = n->urgency;
                if (n->wo >= 0 && pu->arrive > n->urgency) pu->late = true;
            }
        }
        if (n->wo >= 0) {
            WorkOrder *w = &p->wos.data[n->wo];
            if (ready > w->material_ready) {
                w->material_ready = ready;
                if (ready > ir->start) w->material_late = mi;
            }
            if (ready >= ir->end) {
                char b1[32], b2[32];
                fmt_datetime_sp(b1, sizeof b1, ready);
                fmt_datetime_sp(b2, sizeof b2, ir->end);
                plan_problem(p, DIAG_MATERIAL_TOO_LATE, mt->span,
                             rc ? "add stock or a receipt, shorten the lead time, lengthen the horizon, or receive goods "
                                  "more often"
                                : "add stock or a receipt, shorten the lead time, or lengthen the horizon",
                             "material '%s' for %s cannot arrive before %s, after the horizon ends at %s%s%s%s", mt->name,
                             w->name, b1, b2, rc ? " (it is received by calendar '" : "", rc ? rc->name : "",
                             rc ? "')" : "");
            }
        }
    }
    vec_free(&sup);
    vec_free(&open);
}

void mrp_explode(Plan *p)
{
    const IrModel *ir = p->ir;
    Mrp r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.ir = ir;
    intern_init(&r.names);
    intern_init(&r.stems);
    r.makeup_for = -1;
    nameindex_init(&r.acts);
    for (uint32_t k = 0; k < ir->nactuals; k++)
        if (nameindex_find(&r.acts, ir->actuals[k].wo) < 0) nameindex_add(&r.acts, ir->actuals[k].wo, (int32_t)k);
    r.dem = tk_xalloc((ir->nproducts + 1) * sizeof(DemandVec));
    memset(r.dem, 0, (ir->nproducts + 1) * sizeof(DemandVec));
    r.mat = tk_xalloc((ir->nmaterials + 1) * sizeof(MatNeedVec));
    memset(r.mat, 0, (ir->nmaterials + 1) * sizeof(MatNeedVec));
    r.order_wos = tk_xalloc((ir->norders + 1) * sizeof(U32Vec));
    memset(r.order_wos, 0, (ir->norders + 1) * sizeof(U32Vec));
    uint32_t nperiods = 0;
    for (uint32_t f = 0; f < ir->nforecasts; f++) nperiods += ir->forecasts[f].nperiods;
    r.fc_wos = tk_xalloc((nperiods + 1) * sizeof(U32Vec));
    memset(r.fc_wos, 0, (nperiods + 1) * sizeof(U32Vec));

    /* customer orders; their names are reserved for their work orders */
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *o = &ir->orders[i];
        Demand d = {o->qty, o->due, o->release, (int32_t)i, -1, -1, o->name};
        vec_push(&r.dem[o->product], d);
    }
    /* forecasts, less the orders due in their periods */
    for (uint32_t f = 0; f < ir->nforecasts; f++) {
        const IrForecast *fc = &ir->forecasts[f];
        for (uint32_t k = 0; k < fc->nperiods; k++) {
            const IrPeriod *pe = &fc->periods[k];
            if (pe->from >= ir->end || pe->to <= ir->start) continue;
            double q = pe->qty;
            for (uint32_t i = 0; i < ir->norders; i++)
                if (ir->orders[i].product == fc->product && ir->orders[i].due > pe->from && ir->orders[i].due <= pe->to)
                    q -= ir->orders[i].qty;
            if (q <= EPS) continue;
            char date[32];
            fmt_datetime(date, sizeof date, pe->from);
            date[10] = 0;
            FcDemand fd = {(int32_t)f, (int32_t)k, fc->product, ceil(q - EPS), pe->to,
                           pe->from > ir->start ? pe->from : ir->start,
                           arena_fmt(&p->arena, "FC-%s-%s", ir->products[fc->product].name, date)};
            Demand d = {fd.qty, fd.due, fd.release, -1, (int32_t)p->fcs.len, -1, fd.name};
            vec_push(&p->fcs, fd);
            vec_push(&r.dem[fc->product], d);
        }
    }
    /* make or buy: when bought pieces are ready for each order and forecast */
    p->order_ready = arena_alloc(&p->arena, (ir->norders + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < ir->norders; i++) p->order_ready[i] = ir->start;
    p->fc_ready = arena_alloc(&p->arena, (p->fcs.len + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < p->fcs.len; i++) p->fc_ready[i] = ir->start;
    /* level by level: a product's demand is complete once all products above
     * it have made their work orders */
    int32_t maxlevel = 0;
    for (uint32_t i = 0; i < ir->nproducts; i++)
        if (ir->products[i].level > maxlevel) maxlevel = ir->products[i].level;
    for (int32_t lv = 0; lv <= maxlevel; lv++)
        for (uint32_t i = 0; i < ir->nproducts; i++)
            if (ir->products[i].level == lv) net_product(&r, (int32_t)i);
    mark_started(&r);
    mark_kept(&r);
    for (uint32_t m = 0; m < ir->nmaterials; m++) plan_material(&r, (int32_t)m);
    plan_link_ops(p);

    /* which work orders each customer order waits for */
    p->order_wos = arena_alloc(&p->arena, (ir->norders + 1) * sizeof(U32Vec));
    for (uint32_t i = 0; i < ir->norders; i++) {
        U32Vec *v = &p->order_wos[i];
        v->len = v->cap = r.order_wos[i].len;
        v->data = arena_alloc(&p->arena, (v->len + 1) * sizeof(uint32_t));
        if (v->len) memcpy(v->data, r.order_wos[i].data, v->len * sizeof(uint32_t));
        vec_free(&r.order_wos[i]);
    }
    p->fc_wos = arena_alloc(&p->arena, (p->fcs.len + 1) * sizeof(U32Vec));
    for (uint32_t i = 0; i < p->fcs.len; i++) {
        U32Vec *v = &p->fc_wos[i];
        v->len = v->cap = r.fc_wos[i].len;
        v->data = arena_alloc(&p->arena, (v->len + 1) * sizeof(uint32_t));
        if (v->len) memcpy(v->data, r.fc_wos[i].data, v->len * sizeof(uint32_t));
    }
    for (uint32_t i = 0; i < nperiods; i++) vec_free(&r.fc_wos[i]);
    tk_free(r.fc_wos);
    for (uint32_t i = 0; i < ir->nproducts; i++) vec_free(&r.dem[i]);
    for (uint32_t i = 0; i < ir->nmaterials; i++) vec_free(&r.mat[i]);
    tk_free(r.dem);
    tk_free(r.mat);
    tk_free(r.order_wos);
    intern_free(&r.names);
    intern_free(&r.stems);
    tk_free(r.next);
    tk_free(r.std);
    nameindex_free(&r.acts);
}
