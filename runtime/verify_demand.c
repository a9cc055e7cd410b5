/* verify_demand.c: the work orders a model's demand calls for, worked out
 * for takt verify from docs/planning.md — demand, netting level by level,
 * the quantity rule, names, latest starts — without the planner's code.
 *
 * A plan file's work orders and a schedule CSV's rows are held to these:
 * the quantity of every work order (and hence the run of every operation),
 * its release and due date, the work orders whose output it takes, and the
 * work orders each customer order waits for. The arithmetic is the one the
 * rule describes, step by step, so that the quantities come out the same
 * to the last bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "verify_impl.h"
#include "verify_scrap.h"

/* Quantities within a billionth of a piece are the same (docs/planning.md,
 * "Quantities"). */
#define QTY_EPS 1e-9
/* The most work orders one need may make (E0503), as the planner. */
#define MAX_LOTS 100000

typedef struct VdNeed {
    double qty;
    int64_t due, release;
    int32_t order;        /* the customer order it comes from, -1 (forecast) */
    int32_t parent;       /* the work order that needs it, -1 for a customer order or forecast */
    const char *stem;     /* the name of the work orders made for it */
} VdNeed;
typedef TK_VEC_OF(VdNeed) VdNeedVec;

typedef struct VdSurplus {
    int32_t wo;           /* the work order that made it, -1: bought */
    double qty;
    int64_t arrive;       /* bought: when it arrives */
} VdSurplus;
typedef TK_VEC_OF(VdSurplus) VdSurplusVec;

typedef struct Vd {
    const IrModel *ir;
    VCal **cals;          /* the calendars as verify reads them (vcal_cached) */
    VDemand *dm;
    Diags *d;
    VdNeedVec *needs;     /* per product */
    TK_VEC_OF(U32Vec) takes; /* per work order, while they are made */
    Interner names;       /* work order names made so far */
    Interner stems;       /* the stems of those names */
    uint32_t *next;       /* per stem: every name of it below is given */
    uint32_t nnext;
    NameIndex acts;       /* the model's actuals by work order: the first of each name */
    int32_t *act_next;    /* per actual: the next with its work order's name, -1 */
    int32_t makeup_for;   /* the work order the ones made now make up for, -1 */
    double *std_each;     /* per product: the standard cost of a piece, for source cheapest; NULL until needed */
} Vd;

static int need_cmp(const void *a, const void *b)
{
    const VdNeed *x = a, *y = b;
    if (x->due != y->due) return x->due < y->due ? -1 : 1;
    if (x->release != y->release) return x->release < y->release ? -1 : 1;
    return strcmp(x->stem, y->stem);
}

/* a + b for whole minutes of work (each at most PLAN_FOREVER, so the sum
 * cannot overflow), no more than PLAN_FOREVER: a routing of operations
 * longer than any plan holds has a lead no plan holds either. */
static int64_t work_add(int64_t a, int64_t b)
{
    int64_t s = a + b;
    return s > PLAN_FOREVER ? PLAN_FOREVER : s;
}

/* The standard minutes of a step for qty pieces: on its quickest
 * alternative, each of its sublots' setup and the run for the pieces (per
 * operation, each sublot's; vsub_count); work sent to a subcontractor, the
 * subcontractor's lead. */
double vstd_minutes(const IrModel *ir, const IrStep *st, double qty)
{
    uint32_t n = vsub_count(st, qty);
    double best = INFINITY;
    for (uint32_t a = 0; a < st->nalts; a++) {
        const IrAlt *al = &st->alts[a];
        const IrMachine *mc = &ir->machines[al->machine];
        double t = mc->subcontract ? (double)mc->lead : n * al->setup + (al->per_piece ? al->run * qty : n * al->run);
        if (t < best) best = t;
    }
    return st->nalts ? best : 0;
}

/* Latest start of qty pieces of product p due at `due` (docs/planning.md,
 * "When things are needed"): each step ends by the latest start of the
 * steps after it (less its wait), or by the due date, and takes its
 * standard minutes in the calendar of its first machine; the earliest of
 * the steps' latest starts, not before the plan starts. */
static int64_t latest_start(const Vd *vd, int32_t p, double qty, const double *qin, int64_t due)
{
    const IrModel *ir = vd->ir;
    const IrProduct *pr = &ir->products[p];
    uint32_t n = pr->nsteps;
    if (!n) return due < ir->start ? ir->start : due;
    /* steps after each step, and an order in which a step comes after every step after it */
    uint32_t *nsucc = tk_xalloc((n + 1) * sizeof(uint32_t));
    memset(nsucc, 0, (n + 1) * sizeof(uint32_t));
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t q = 0; q < pr->steps[t].npreds; q++) nsucc[pr->steps[t].preds[q]]++;
    uint32_t *order = tk_xalloc((n + 1) * sizeof(uint32_t));
    uint32_t nord = 0;
    for (uint32_t s = 0; s < n; s++)
        if (!nsucc[s]) order[nord++] = s;
    int64_t *ls = tk_xalloc(n * sizeof(int64_t));
    for (uint32_t s = 0; s < n; s++) ls[s] = INT64_MAX;
    int64_t first = due;
    for (uint32_t k = 0; k < nord; k++) {
        uint32_t s = order[k];
        const IrStep *st = &pr->steps[s];
        int64_t end = ls[s] < due ? ls[s] : due; /* ls[s] holds its successors' earliest, so far */
        end -= plan_work_minutes(st->wait);
        const IrMachine *first_mc = &ir->machines[st->alts[0].machine];
        /* work sent out takes its lead in elapsed time, not in a calendar's working time */
        const VCal *cal = first_mc->subcontract ? NULL : vcal_cached(ir, vd->cals, first_mc->calendar);
        int64_t dur = plan_work_minutes(vstd_minutes(ir, st, qin ? qin[s] : qty));
        int64_t v = !cal ? (dur <= 0 ? end : end - dur) : vcal_start_for(cal, end, dur);
        if (v == INT64_MIN || v < ir->start) v = ir->start; /* no earlier: the result is not either */
        if (v < first) first = v;
        for (uint32_t q = 0; q < st->npreds; q++) {
            uint32_t pq = (uint32_t)st->preds[q];
            if (v < ls[pq]) ls[pq] = v;
            if (--nsucc[pq] == 0) order[nord++] = pq;
        }
    }
    tk_free(nsucc);
    tk_free(order);
    tk_free(ls);
    return first < ir->start ? ir->start : first;
}

/* A work order's lead (docs/planning.md, "When components may start"): the
 * longest path through its routing, each operation at its standard work
 * rounded up to whole minutes, and the wait after each step, the last
 * ones' too. */
static int64_t routing_lead(const IrModel *ir, int32_t p, double qty, const double *qin)
{
    const IrProduct *pr = &ir->products[p];
    uint32_t n = pr->nsteps;
    int64_t *end = tk_xalloc((n + 1) * sizeof(int64_t)); /* the earliest end of each step, -1 not yet known */
    for (uint32_t s = 0; s < n; s++) end[s] = -1;
    int64_t lead = 0;
    /* a step is known once all it comes after are: each round knows one
     * more at least (the routing is acyclic), most routings all in one */
    for (uint32_t left = n, before = n + 1; left > 0 && left < before;) {
        before = left;
        for (uint32_t s = 0; s < n; s++) {
            const IrStep *st = &pr->steps[s];
            if (end[s] >= 0) continue;
            int64_t from = 0;
            bool known = true;
            for (uint32_t q = 0; q < st->npreds && known; q++) {
                int32_t ps = st->preds[q];
                if (end[ps] < 0) known = false;
                else {
                    int64_t after = work_add(end[ps], plan_work_minutes(pr->steps[ps].wait));
                    if (after > from) from = after;
                }
            }
            if (!known) continue;
            end[s] = work_add(from, plan_work_minutes(vstd_minutes(ir, st, qin ? qin[s] : qty)));
            left--;
            int64_t ready = work_add(end[s], plan_work_minutes(st->wait));
            if (ready > lead) lead = ready;
        }
    }
    tk_free(end);
    return lead;
}

static void push_u32(U32Vec *v, uint32_t x) { vec_push(v, x); }

/* Need d is covered, in part, by work order wi: a parent takes its
 * components from it; a customer order waits for it. */
static void peg(Vd *s, const VdNeed *d, int32_t wi)
{
    if (d->parent >= 0) {
        U32Vec *t = &s->takes.data[d->parent];
        for (uint32_t k = 0; k < t->len; k++)
            if (t->data[k] == (uint32_t)wi) return;
        push_u32(t, (uint32_t)wi);
    } else if (d->order >= 0)
        push_u32(&s->dm->serves[d->order], (uint32_t)wi);
}

/* Pieces bought for need d arrive at `arrive`: the work order they are for
 * starts no earlier, the customer order is done no earlier. */
static void peg_bought(Vd *s, const VdNeed *d, int64_t arrive)
{
    if (d->parent >= 0) {
        VdWo *w = &s->dm->wos.data[d->parent];
        if (arrive > w->bought) w->bought = arrive;
    } else if (d->order >= 0 && arrive > s->dm->order_ready[d->order])
        s->dm->order_ready[d->order] = arrive;
}

/* Make or buy (docs/planning.md, "Make or buy"): the shortfall need of p
 * for d, by p's policy; bought, its purchases bring what their lot rules
 * make of it, the rest surplus for the needs after it. True if bought. */
static bool buy_need(Vd *s, int32_t p, const VdNeed *d, double need, VdSurplusVec *surplus)
{
    const IrModel *ir = s->ir;
    if (ir->products[p].source == SOURCE_CHEAPEST && !s->std_each) {
        StdCost *std = tk_xalloc((ir->nproducts + 1) * sizeof(StdCost));
        memset(std, 0, (ir->nproducts + 1) * sizeof(StdCost));
        std_costs(ir, std);
        s->std_each = tk_xalloc((ir->nproducts + 1) * sizeof(double));
        for (uint32_t i = 0; i < ir->nproducts; i++) s->std_each[i] = std[i].material + std[i].run + std[i].setup;
        tk_free(std);
    }
    VdBuy b;
    memset(&b, 0, sizeof b);
    b.product = p;
    b.need = d->stem;
    b.qty = need;
    b.due = d->due;
    b.target = d->parent >= 0 ? d->release : d->due;
    b.parent = d->parent;
    b.order = d->order;
    b.first_wo = s->dm->wos.len;
    vbuy_choose(ir, s->cals, s->std_each, &b);
    vec_push(&s->dm->buys, b);
    if (!b.bought) return false;
    if (b.nlots > MAX_LOTS) {
        diag_error(s->d, ir->products[p].buy->span, DIAG_TOO_MANY_LOTS, "product '%s' would need %llu purchases of its %s",
                   ir->products[p].name, (unsigned long long)b.nlots,
                   ir->products[p].buy->lot.fixed > 0 ? "fixed lot" : "max_lot");
        return true;
    }
    s->dm->buy_cost += b.total * ir->products[p].buy->price;
    peg_bought(s, d, b.arrive);
    if (b.total - need > QTY_EPS) {
        VdSurplus x = {-1, b.total - need, b.arrive};
        vec_push(surplus, x);
    }
    return true;
}

/* The name of the k-th work order made for a need: its stem, then stem.2,
 * stem.3, …, the first not given already from k on (names are any length).
 * Every name of a stem below its next[] is given, so a search from below
 * starts there: each name taken already (by an order named like a lot, say)
 * is passed over once per stem, not once per lot. */
static const char *wo_name(Vd *s, const char *stem, uint32_t k)
{
    Sym st = intern_cstr(&s->stems, stem);
    if (st >= s->nnext) {
        uint32_t n = st + 64;
        s->next = tk_xrealloc(s->next, n * sizeof(uint32_t));
        memset(s->next + s->nnext, 0, (n - s->nnext) * sizeof(uint32_t));
        s->nnext = n;
    }
    uint32_t from = s->next[st] ? s->next[st] : 1;
    bool dense = k <= from;
    uint32_t n = dense ? from : k;
    StrBuf b = {0};
    for (;; n++) {
        b.len = 0;
        if (n <= 1) sb_puts(&b, stem);
        else sb_printf(&b, "%s.%u", stem, n);
        if (intern_find(&s->names, sb_cstr(&b), b.len) == SYM_NONE) break;
    }
    if (dense) s->next[st] = n + 1;
    intern(&s->names, sb_cstr(&b), b.len);
    const char *name = arena_strdup(&s->dm->arena, sb_cstr(&b));
    sb_free(&b);
    return name;
}

/* The shop floor's reports of w's steps done (docs/planning.md, "Scrap
 * reported"): what each step done made good — its good pieces, or what it
 * started less its scrap; a step split into sublots once all of them are
 * reported — and from them what the steps after start and w makes. */
static void scrap_reports(Vd *s, VdWo *w)
{
    const IrModel *ir = s->ir;
    const IrProduct *pr = &ir->products[w->product];
    int32_t k = ir->nactuals && pr->nsteps ? nameindex_find(&s->acts, w->name) : -1;
    if (k < 0) return;
    double *done = tk_xalloc(pr->nsteps * sizeof(double));
    uint32_t *ndone = tk_xalloc(pr->nsteps * sizeof(uint32_t));
    for (uint32_t t = 0; t < pr->nsteps; t++) done[t] = 0, ndone[t] = 0;
    for (; k >= 0; k = s->act_next[k]) {
        const IrActual *a = &ir->actuals[k];
        if (a->product != w->product || a->step < 0 || a->end < 0) continue;
        double in = w->qin ? w->qin[a->step] : w->qty;
        uint32_t n = vsub_count(&pr->steps[a->step], in);
        if (a->sub > 0 && (uint32_t)a->sub <= n) in = vsub_qty(in, (uint32_t)a->sub - 1, n);
        done[a->step] += a->good > 0 ? a->good : fmax(0, in - a->scrap);
        ndone[a->step] += a->sub > 0 ? 1 : n;
    }
    bool any = false;
    for (uint32_t t = 0; t < pr->nsteps; t++) {
        if (ndone[t] >= vsub_count(&pr->steps[t], w->qin ? w->qin[t] : w->qty)) any = true;
        else done[t] = NAN;
    }
    if (any) {
        double *in = arena_alloc(&s->dm->arena, pr->nsteps * sizeof(double));
        double *good = arena_alloc(&s->dm->arena, pr->nsteps * sizeof(double));
        for (uint32_t t = 0; t < pr->nsteps; t++)
            in[t] = w->qin ? w->qin[t] : w->qty, good[t] = w->qgood ? w->qgood[t] : w->qty;
        w->makes = fmin(w->qty, vscrap_reported(pr, w->qty, in, good, done));
        w->qin = in, w->qgood = good;
        w->reports = true;
    }
    tk_free(done);
    tk_free(ndone);
}

/* A work order of qty pieces of product p for need d; its components
 * become needs of theirs, due at its latest start. */
static int32_t make_wo(Vd *s, const VdNeed *d, int32_t p, double qty, uint32_t k)
{
    const IrModel *ir = s->ir;
    VDemand *dm = s->dm;
    VdWo w;
    memset(&w, 0, sizeof w);
    w.name = wo_name(s, d->stem, k);
    w.product = p;
    w.qty = qty;
    w.release = d->release;
    w.lead = -1;
    w.bought = -1;
    /* scrap: what each step starts and makes good, and after the reports */
    const IrProduct *sp = &ir->products[p];
    if (vscrap_any(sp) && sp->nsteps) {
        w.qin = arena_alloc(&dm->arena, sp->nsteps * sizeof(double));
        w.qgood = arena_alloc(&dm->arena, sp->nsteps * sizeof(double));
    }
    w.started = vscrap_steps(sp, qty, w.qin, w.qgood);
    w.makes = qty;
    w.makeup_for = s->makeup_for;
    scrap_reports(s, &w);
    if (d->parent >= 0) {
        /* a component is released its lead before the work order it is for,
         * not before the plan (docs/planning.md, "When components may start") */
        int64_t lead = routing_lead(ir, p, qty, w.qin);
        w.release = ir->start;
        if (d->release - lead > ir->start) w.release = d->release - lead, w.lead = lead;
    }
    w.due = d->due;
    w.order = d->order;
    w.parent = d->parent;
    int32_t wi = (int32_t)dm->wos.len;
    int64_t ls = latest_start(s, p, qty, w.qin, d->due);
    const IrProduct *pr = &ir->products[p];
    for (uint32_t b = 0; b < pr->nbom; b++) {
        const IrBomLine *bl = &pr->bom[b];
        double need = vscrap_need(bl, w.started); /* fractional, as the bill of materials says */
        if (bl->is_product) {
            VdNeed c = {need, ls, w.release, d->order, wi, /* released when the work order it is for is */
                        arena_fmt(&dm->arena, "%s/%s", w.name, ir->products[bl->item].name)};
            vec_push(&s->needs[bl->item], c);
        } else
            w.material_cost += need * ir->materials[bl->item].cost;
    }
    vec_push(&dm->wos, w);
    U32Vec none = {0};
    vec_push(&s->takes, none);
    return wi;
}

/* The work orders a shortfall of need pieces of pr takes by its lot
 * settings: how many, each's quantity and the last one's. */
uint64_t vlot_count(IrLot lot, double need, double *each_out, double *last_out)
{
    uint64_t lots = 1;
    double each, last;
    if (lot.fixed > 0) {
        each = last = lot.fixed;
        lots = (uint64_t)ceil(need / lot.fixed - QTY_EPS);
    } else {
        double q = ceil(need - QTY_EPS); /* whole pieces */
        /* a max_lot, made a whole multiple of the multiple (rounded down):
         * as many work orders of it as the need fills, the rest in a last
         * one raised to the minimum and rounded up to the multiple */
        double cap = 0;
        if (lot.max > 0) {
            cap = lot.max;
            if (lot.multiple > 0) cap = floor(cap / lot.multiple + QTY_EPS) * lot.multiple;
            cap = floor(cap + QTY_EPS);
        }
        if (cap > 0 && q > cap + QTY_EPS) {
            double n = ceil(q / cap - QTY_EPS);
            if (n > 1e15) n = 1e15;
            last = q - (n - 1) * cap;
            if (lot.min > 0 && last < lot.min) last = lot.min;
            if (lot.multiple > 0) last = ceil(last / lot.multiple - QTY_EPS) * lot.multiple;
            each = cap;
            lots = (uint64_t)n;
        } else {
            if (lot.min > 0 && q < lot.min) q = lot.min;
            if (lot.multiple > 0) q = ceil(q / lot.multiple - QTY_EPS) * lot.multiple;
            each = last = q;
        }
    }
    *each_out = each;
    *last_out = last;
    return lots;
}

/* THE QUANTITY RULE, as verify reads it (docs/planning.md, "Quantities"):
 * need d of product p is covered from the product's stock first, then from
 * the surplus earlier work orders of the product left, in the order they
 * were made; the rest, the shortfall, by new work orders — rounded up to
 * whole pieces, then sized by the product's lot settings: fixed lots, as
 * many as it takes; or one work order raised to the minimum order and
 * rounded up to the multiple; or, above a max_lot, work orders of the
 * max_lot and a last one for the rest. What they make beyond the shortfall is
 * surplus for the needs after it. Amounts within QTY_EPS of nothing are
 * nothing. The planner's side of the same rule is cover_need in mrp.c. */
static void cover_need(Vd *s, int32_t p, const VdNeed *d, double *onhand, VdSurplusVec *surplus)
{
    const IrProduct *pr = &s->ir->products[p];
    double need = d->qty;
    double take = *onhand < need ? *onhand : need;
    *onhand -= take;
    need -= take;
    for (uint32_t e = 0; e < surplus->len && need > QTY_EPS; e++) {
        VdSurplus *x = &surplus->data[e];
        if (x->qty <= QTY_EPS) continue;
        take = x->qty < need ? x->qty : need;
        x->qty -= take;
        need -= take;
        if (x->wo >= 0) peg(s, d, x->wo);
        else peg_bought(s, d, x->arrive);
    }
    if (need <= QTY_EPS) return;
    if (pr->buy && buy_need(s, p, d, need, surplus)) return;
    double each, last;
    uint64_t lots = vlot_count(pr->lot, need, &each, &last);
    if (lots > MAX_LOTS) {
        diag_error(s->d, pr->span, DIAG_TOO_MANY_LOTS, "product '%s' would need %llu work orders of its %s", pr->name,
                   (unsigned long long)lots, pr->lot.fixed > 0 ? "fixed lot" : "max_lot");
        return;
    }
    /* a work order the shop floor's scrap left short makes fewer than its
     * quantity; further work orders, sized again, make up the shortfall
     * (docs/planning.md, "Scrap reported") */
    uint32_t name_k = 1;
    int32_t short_wo = -1;
    for (uint32_t round = 0; need > QTY_EPS; round++) {
        if (round) {
            lots = vlot_count(pr->lot, need, &each, &last);
            if (lots > MAX_LOTS) break;
            s->makeup_for = short_wo;
        }
        for (uint64_t k = 0; k < lots; k++) {
            if (k + 1 == lots) each = last;
            int32_t wi = make_wo(s, d, p, each, name_k++);
            double got = s->dm->wos.data[wi].makes;
            double used = got < need ? got : need;
            need -= used;
            if (got - used > QTY_EPS) {
                VdSurplus x = {wi, got - used, 0};
                vec_push(surplus, x);
            }
            peg(s, d, wi);
            if (got < each - QTY_EPS && short_wo < 0) short_wo = wi;
        }
    }
    s->makeup_for = -1;
}

/* A product's needs, in netting order: due date, release, name. */
static void net_product(Vd *s, int32_t p)
{
    VdNeedVec *nv = &s->needs[p];
    if (!nv->len) return;
    qsort(nv->data, nv->len, sizeof(VdNeed), need_cmp);
    double onhand = s->ir->products[p].stock;
    VdSurplusVec surplus = {0};
    for (uint32_t i = 0; i < nv->len; i++) {
        VdNeed d = nv->data[i]; /* the vector grows no more: components are of other products */
        cover_need(s, p, &d, &onhand, &surplus);
    }
    vec_free(&surplus);
}

void vdemand_build(const IrModel *ir, VDemand *dm, Diags *d, VCal **cals)
{
    memset(dm, 0, sizeof *dm);
    arena_init(&dm->arena);
    Vd s;
    memset(&s, 0, sizeof s);
    s.ir = ir;
    s.cals = cals;
    s.dm = dm;
    s.d = d;
    intern_init(&s.names);
    intern_init(&s.stems);
    s.makeup_for = -1;
    /* the model's actuals by work order: the first of each name, then the next */
    nameindex_init(&s.acts);
    s.act_next = tk_xalloc((ir->nactuals + 1) * sizeof(int32_t));
    int32_t *last = tk_xalloc((ir->nactuals + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < ir->nactuals; i++) {
        s.act_next[i] = -1;
        int32_t head = nameindex_find(&s.acts, ir->actuals[i].wo);
        if (head < 0) {
            nameindex_add(&s.acts, ir->actuals[i].wo, (int32_t)i);
            last[i] = (int32_t)i;
        } else {
            s.act_next[last[head]] = (int32_t)i;
            last[head] = (int32_t)i;
        }
    }
    tk_free(last);
    s.needs = tk_xalloc((ir->nproducts + 1) * sizeof(VdNeedVec));
    memset(s.needs, 0, (ir->nproducts + 1) * sizeof(VdNeedVec));
    dm->serves = tk_xalloc((ir->norders + 1) * sizeof(U32Vec));
    memset(dm->serves, 0, (ir->norders + 1) * sizeof(U32Vec));
    dm->order_ready = tk_xalloc((ir->norders + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < ir->norders; i++) dm->order_ready[i] = -1;
    /* customer orders */
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *o = &ir->orders[i];
        VdNeed n = {o->qty, o->due, o->release, (int32_t)i, -1, o->name};
        vec_push(&s.needs[o->product], n);
    }
    /* forecasts inside the horizon, less the orders due in their periods,
     * in whole pieces; named after the period's first day */
    for (uint32_t f = 0; f < ir->nforecasts; f++) {
        const IrForecast *fc = &ir->forecasts[f];
        for (uint32_t k = 0; k < fc->nperiods; k++) {
            const IrPeriod *pe = &fc->periods[k];
            if (pe->from >= ir->end || pe->to <= ir->start) continue;
            double q = pe->qty;
            for (uint32_t i = 0; i < ir->norders; i++)
                if (ir->orders[i].product == fc->product && ir->orders[i].due > pe->from && ir->orders[i].due <= pe->to)
                    q -= ir->orders[i].qty;
            if (q <= QTY_EPS) continue;
            char day[32];
            fmt_datetime(day, sizeof day, pe->from);
            day[10] = 0;
            VdNeed n = {ceil(q - QTY_EPS), pe->to, pe->from > ir->start ? pe->from : ir->start, -1, -1,
                        arena_fmt(&dm->arena, "FC-%s-%s", ir->products[fc->product].name, day)};
            vec_push(&s.needs[fc->product], n);
        }
    }
    /* level by level: a product's needs are all known once every product
     * above it has made its work orders */
    int32_t maxlevel = 0;
    for (uint32_t i = 0; i < ir->nproducts; i++)
        if (ir->products[i].level > maxlevel) maxlevel = ir->products[i].level;
    for (int32_t lv = 0; lv <= maxlevel; lv++)
        for (uint32_t i = 0; i < ir->nproducts; i++)
            if (ir->products[i].level == lv) net_product(&s, (int32_t)i);
    dm->takes = s.takes.data ? s.takes.data : tk_xalloc(sizeof(U32Vec));
    for (uint32_t i = 0; i < ir->nproducts; i++) vec_free(&s.needs[i]);
    tk_free(s.needs);
    intern_free(&s.names);
    intern_free(&s.stems);
    tk_free(s.next);
    nameindex_free(&s.acts);
    tk_free(s.act_next);
    tk_free(s.std_each);
}

void vdemand_free(VDemand *dm, uint32_t norders)
{
    for (uint32_t k = 0; k < dm->wos.len; k++) vec_free(&dm->takes[k]);
    tk_free(dm->takes);
    for (uint32_t i = 0; i < norders; i++) vec_free(&dm->serves[i]);
    tk_free(dm->serves);
    tk_free(dm->order_ready);
    vec_free(&dm->buys);
    vec_free(&dm->wos);
    arena_free(&dm->arena);
}
