/* verify.c: a plan against its model (verify.h, docs/verify.md).
 *
 * Independent of the scheduler: the expected work of each operation, the
 * working time of each machine, the precedence of steps and work orders, the
 * material on hand and the releases are worked out here from the IR and the
 * rules of docs/planning.md, and every operation of the plan is held to
 * them. Operations the shop floor reported (actual done or running) are
 * where they happened: their duration and working time are not checked. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"
#include "verify_calendar.h"
#include "verify_scrap.h"

#define EPS 1e-6

/* ---- the work orders, as the plan has them ------------------------------------------------ */
typedef struct VWo {
    const char *name;
    int32_t product;
    double qty;          /* -1: not known (a schedule CSV) */
    int64_t release;
    int64_t due;         /* -1: not known (a component in a schedule CSV) */
    int32_t order;       /* the customer order it serves, -1 if none */
    int32_t parent;      /* VWo, -1 at the top */
    Span span;           /* its record, or its first operation's row */
    int32_t *ops;        /* per routing step: the plan's op, -1 if none */
    int64_t done;        /* when it and its components are done, with waits */
    int8_t state;        /* for done: 0 not yet, 1 in progress, 2 known */
    int64_t first_start; /* its first operation's start, -1 if none */
    bool comp_late;      /* a component of it was reported late already */
    int64_t lead;        /* a component: the lead its release allows before its parent's, -1 if
                          * that did not set its release */
    double started;      /* the pieces it starts: qty, more where scrap is planned (verify_scrap.h) */
    double *qin, *qgood; /* per step: the pieces it starts and makes good; NULL without scrap in the routing */
    double makes;        /* the good pieces it makes: qty, fewer after scrap reported beyond the plan */
    bool reports;        /* the shop floor reported some step of it done */
} VWo;

typedef struct V {
    const IrModel *ir;
    const PlanFile *pf;
    Diags *d;
    NameIndex products, machines, orders, wos;
    TK_VEC_OF(VWo) w;
    int32_t *op_wo, *op_step; /* per plan op: its work order and step, -1 if unknown */
    int32_t *op_owner;        /* per plan op on a unit that exists: its work order, even when its step or
                               * machine is wrong (it still holds the unit), else -1 */
    uint8_t *op_actual;       /* per plan op: the model's actuals report it (done or running) */
    NameIndex actuals;            /* the model's actuals by work order name: the first */
    int32_t *actual_next;     /* per actual: the next with its work order name, -1 if none */
    uint32_t *machine_rank;   /* per machine: its name's place in strcmp order (equal names, equal ranks) */
    int32_t *op_m;            /* per plan op: its machine, -1 if the model has none of its name */
    Interner step_names;      /* the routings' step names */
    Sym *step_sym;            /* per product, from step_of[p]: its steps' names */
    uint32_t *step_of;
    int8_t *whole_needs;      /* per product: 1 if every need of it from a bill of materials is whole pieces
                               * for whole parents (no fraction, no scrap), else 0; NULL until needed */
    uint32_t *child_of;       /* per work order, from child_of[k] to child_of[k + 1]: its children in */
    int32_t *children;        /*   children[], in order; NULL until wo_done needs them */
    Engine *eng;
    VCal **cals;              /* per calendar: its working time as verify reads it, made when first needed */
    Arena arena;              /* names made here */
} V;

/* Calendar ci as verify reads it (verify_calendar.h), NULL for none: around the clock. */
static const VCal *vcal_of(V *v, int32_t ci)
{
    if (ci < 0) return NULL;
    if (!v->cals[ci]) v->cals[ci] = vcal_build(v->ir, ci);
    return v->cals[ci];
}

static const IrModel *rank_ir;
static int machine_name_cmp(const void *a, const void *b)
{
    return strcmp(rank_ir->machines[*(const uint32_t *)a].name, rank_ir->machines[*(const uint32_t *)b].name);
}

/* Each machine's place among the machines' names in strcmp order, so that
 * operations sort by machine name comparing integers. */
static void machine_ranks(V *v)
{
    const IrModel *ir = v->ir;
    uint32_t n = ir->nmachines;
    uint32_t *by = tk_xalloc((n + 1) * sizeof(uint32_t));
    v->machine_rank = tk_xalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) by[i] = i;
    rank_ir = ir;
    qsort(by, n, sizeof(uint32_t), machine_name_cmp);
    for (uint32_t k = 0, rank = 0; k < n; k++) {
        if (k && strcmp(ir->machines[by[k - 1]].name, ir->machines[by[k]].name) != 0) rank = k;
        v->machine_rank[by[k]] = rank;
    }
    tk_free(by);
}

/* Work orders by a field of theirs (their parent, their order) in n
 * groups, each in work order order: group g is idx[at[g]..at[g + 1]). */
static void group_wos(const V *v, uint32_t n, bool by_order, uint32_t **at, int32_t **idx)
{
    uint32_t *a = tk_xalloc((n + 2) * sizeof(uint32_t));
    int32_t *x = tk_xalloc((v->w.len + 1) * sizeof(int32_t));
    memset(a, 0, (n + 2) * sizeof(uint32_t));
    for (uint32_t k = 0; k < v->w.len; k++) {
        int32_t g = by_order ? v->w.data[k].order : v->w.data[k].parent;
        if (g >= 0 && (uint32_t)g < n) a[g + 1]++;
    }
    for (uint32_t g = 0; g < n; g++) a[g + 1] += a[g];
    uint32_t *fill = tk_xalloc((n + 1) * sizeof(uint32_t));
    memcpy(fill, a, (n + 1) * sizeof(uint32_t));
    for (uint32_t k = 0; k < v->w.len; k++) {
        int32_t g = by_order ? v->w.data[k].order : v->w.data[k].parent;
        if (g >= 0 && (uint32_t)g < n) x[fill[g]++] = (int32_t)k;
    }
    tk_free(fill);
    *at = a;
    *idx = x;
}

static char *base_name(Arena *a, const char *s)
{
    /* the name without a lot number: "SO-1.2" -> "SO-1" */
    char *buf = arena_strdup(a, s);
    char *dot = strrchr(buf, '.');
    if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1)) *dot = 0;
    return buf;
}

/* A component of product p by name, -1 if none. */
static int32_t component(const IrModel *ir, int32_t p, const char *name)
{
    const IrProduct *pr = &ir->products[p];
    for (uint32_t b = 0; b < pr->nbom; b++)
        if (pr->bom[b].is_product && strcmp(ir->products[pr->bom[b].item].name, name) == 0) return pr->bom[b].item;
    return -1;
}

static double bom_qty(const IrModel *ir, int32_t parent, int32_t child)
{
    const IrProduct *pr = &ir->products[parent];
    for (uint32_t b = 0; b < pr->nbom; b++)
        if (pr->bom[b].is_product && pr->bom[b].item == child) return pr->bom[b].qty;
    return 0;
}

/* The pieces step s of w starts: its quantity, more where scrap is planned. */
static double vin(const VWo *w, uint32_t s) { return w->qin ? w->qin[s] : w->qty; }

/* A work order's quantities under scrap (verify_scrap.h), once its qty is
 * known: what it starts and, where its routing scraps, each step's pieces. */
static void scrap_quantities(V *v, VWo *w)
{
    const IrProduct *pr = &v->ir->products[w->product];
    w->started = w->makes = w->qty;
    w->qin = w->qgood = NULL;
    if (w->qty < 0) return;
    bool steps = false;
    for (uint32_t s = 0; s < pr->nsteps; s++) steps |= pr->steps[s].scrap > 0;
    if (steps) {
        w->qin = arena_alloc(&v->arena, pr->nsteps * sizeof(double));
        w->qgood = arena_alloc(&v->arena, pr->nsteps * sizeof(double));
    }
    w->started = vscrap_steps(pr, w->qty, w->qin, w->qgood);
    /* the shop floor's reports of its steps done: what they made good */
    const IrModel *ir = v->ir;
    int32_t k = ir->nactuals && pr->nsteps ? nameindex_find(&v->actuals, w->name) : -1;
    if (k < 0) return;
    double *done = tk_xalloc(pr->nsteps * sizeof(double));
    bool any = false;
    for (uint32_t s = 0; s < pr->nsteps; s++) done[s] = NAN;
    for (; k >= 0; k = v->actual_next[k]) {
        const IrActual *a = &ir->actuals[k];
        if (a->product != w->product || a->step < 0 || a->end < 0) continue;
        /* a report without good pieces made what the step started, less its scrap */
        done[a->step] = a->good > 0 ? a->good : fmax(0, vin(w, (uint32_t)a->step) - a->scrap);
        any = true;
    }
    if (any) {
        double *in = arena_alloc(&v->arena, pr->nsteps * sizeof(double));
        double *good = arena_alloc(&v->arena, pr->nsteps * sizeof(double));
        for (uint32_t s = 0; s < pr->nsteps; s++) in[s] = vin(w, s), good[s] = w->qgood ? w->qgood[s] : w->qty;
        w->makes = fmin(w->qty, vscrap_reported(pr, w->qty, in, good, done));
        w->qin = in, w->qgood = good;
        w->reports = true;
    }
    tk_free(done);
}

/* What a work order w takes of its component c: the BOM line's quantity
 * for every piece it starts, with the line's scrap. */
static double component_need(const IrModel *ir, const VWo *w, int32_t c)
{
    const IrProduct *pr = &ir->products[w->product];
    for (uint32_t b = 0; b < pr->nbom; b++)
        if (pr->bom[b].is_product && pr->bom[b].item == c) return vscrap_need(&pr->bom[b], w->started);
    return 0;
}

static bool lot_free(const IrProduct *pr) { return pr->stock <= 0 && !pr->lot.fixed && !pr->lot.min && !pr->lot.multiple; }

/* A work order's lead (docs/planning.md, "When components may start"): the
 * longest path through its routing, each operation at its standard work —
 * its fastest alternative's setup and run for qty — rounded up to whole
 * minutes, and the wait after each step, the last ones' too. */
static int64_t wo_lead(const IrModel *ir, int32_t product, double qty, const double *qin)
{
    const IrProduct *pr = &ir->products[product];
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
                    int64_t after = end[ps] + (int64_t)ceil(pr->steps[ps].wait - 1e-9);
                    if (after > from) from = after;
                }
            }
            if (!known) continue;
            double best = INFINITY;
            for (uint32_t a = 0; a < st->nalts; a++) {
                double q = qin ? qin[s] : qty;
                double t = st->alts[a].setup + (st->alts[a].per_piece ? st->alts[a].run * q : st->alts[a].run);
                if (t < best) best = t;
            }
            end[s] = from + (st->nalts ? (int64_t)ceil(best - 1e-9) : 0);
            left--;
            int64_t ready = end[s] + (int64_t)ceil(st->wait - 1e-9);
            if (ready > lead) lead = ready;
        }
    }
    tk_free(end);
    return lead;
}

/* A component's work order is released no earlier than its lead before
 * the work order it is for (docs/planning.md), nor before the plan. */
static void component_release(const IrModel *ir, VWo *w, const VWo *parent)
{
    if (w->qty < 0) return; /* a schedule's component of unknown quantity: not checked */
    int64_t lead = wo_lead(ir, w->product, w->qty, w->qin);
    if (parent->release - lead >= w->release && parent->release - lead > ir->start) {
        w->release = parent->release - lead;
        w->lead = lead;
    }
}

/* The forecast period of product p whose work order is named after `day`
 * (its first day, docs/planning.md): released at its start, but not before
 * the plan's, and due at its end. */
static void forecast_period(const IrModel *ir, int32_t p, int64_t day, int64_t *release, int64_t *due)
{
    for (uint32_t f = 0; f < ir->nforecasts; f++) {
        const IrForecast *fc = &ir->forecasts[f];
        if (fc->product != p) continue;
        for (uint32_t k = 0; k < fc->nperiods; k++)
            if (fc->periods[k].from - fc->periods[k].from % 1440 == day) {
                *release = fc->periods[k].from > ir->start ? fc->periods[k].from : ir->start;
                *due = fc->periods[k].to;
            }
    }
}

/* Work orders of a schedule CSV, from the names of its rows (ORDER, then
 * /COMPONENT for each level; docs/plan-format.md). */
static int32_t csv_wo(V *v, const char *name, Span at)
{
    int32_t k = nameindex_find(&v->wos, name);
    if (k >= 0) return k;
    const IrModel *ir = v->ir;
    char *buf;
    int32_t parent = -1;
    const char *slash = strrchr(name, '/');
    /* a level per component: no more than a bill of materials may have
     * (docs/limits.md), which bounds the recursion below */
    uint32_t levels = 0;
    for (const char *c = name; *c; c++) levels += *c == '/';
    if (levels > SEMA_MAX_BOM_DEPTH) return -1;
    VWo w;
    memset(&w, 0, sizeof w);
    w.name = name;
    w.span = at;
    w.parent = -1;
    w.order = -1;
    w.first_start = -1;
    w.qty = -1;
    w.release = ir->start;
    w.due = -1;
    w.lead = -1;
    if (slash) {
        char *pn = arena_strdup(&v->arena, name);
        pn[slash - name] = 0;
        parent = csv_wo(v, pn, at);
        if (parent < 0) return -1;
        buf = base_name(&v->arena, slash + 1);
        int32_t c = component(ir, v->w.data[parent].product, buf);
        if (c < 0) return -1;
        w.product = c;
        w.parent = parent;
        w.order = v->w.data[parent].order;
        if (v->w.data[parent].qty >= 0 && lot_free(&ir->products[c]) && strcmp(buf, slash + 1) == 0) {
            /* a component's work order makes whole pieces: a need of 20.0013
             * legs is a work order of 21, whose surplus the next need of the
             * product takes, which a schedule does not show; such work orders'
             * quantities are not known from a schedule */
            if (!v->whole_needs) {
                v->whole_needs = arena_alloc(&v->arena, ir->nproducts + 1);
                memset(v->whole_needs, 1, ir->nproducts + 1);
                for (uint32_t i = 0; i < ir->nproducts; i++)
                    for (uint32_t b = 0; b < ir->products[i].nbom; b++) {
                        const IrBomLine *bl = &ir->products[i].bom[b];
                        if (bl->is_product && (bl->qty != floor(bl->qty) || bl->scrap > 0)) v->whole_needs[bl->item] = 0;
                    }
            }
            if (v->whole_needs[c]) w.qty = component_need(ir, &v->w.data[parent], c);
        }
        scrap_quantities(v, &w);
        component_release(ir, &w, &v->w.data[parent]);
    } else {
        buf = base_name(&v->arena, name);
        int32_t o = nameindex_find(&v->orders, buf);
        size_t bl = strlen(buf);
        int64_t day;
        char ds[20];
        if (o < 0 && strncmp(buf, "FC-", 3) == 0 && bl > 14 && buf[bl - 11] == '-') {
            /* forecast demand: FC-PRODUCT-YYYY-MM-DD, released on that day */
            snprintf(ds, sizeof ds, "%sT00:00", buf + bl - 10);
            buf[bl - 11] = 0;
            w.product = nameindex_find(&v->products, buf + 3);
            if (w.product < 0 || !plan_parse_time(ds, &day)) return -1;
            w.release = day;
            forecast_period(ir, w.product, day, &w.release, &w.due);
        } else {
            if (o < 0) return -1;
            w.product = ir->orders[o].product;
            w.order = o;
            w.release = ir->orders[o].release;
            w.due = ir->orders[o].due;
            if (strcmp(buf, name) == 0 && lot_free(&ir->products[w.product])) w.qty = ir->orders[o].qty;
        }
        scrap_quantities(v, &w);
    }
    w.ops = tk_xalloc((ir->products[w.product].nsteps + 1) * sizeof(int32_t));
    for (uint32_t s = 0; s <= ir->products[w.product].nsteps; s++) w.ops[s] = -1;
    vec_push(&v->w, w);
    nameindex_add(&v->wos, name, (int32_t)v->w.len - 1);
    return (int32_t)v->w.len - 1;
}

static void load_work_orders(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    if (pf->csv) return;
    for (uint32_t i = 0; i < pf->wos.len; i++) {
        const PfWorkOrder *pw = &pf->wos.data[i];
        VWo w;
        memset(&w, 0, sizeof w);
        w.name = pw->name;
        w.span = pw->span;
        w.parent = -1;
        w.first_start = -1;
        w.lead = -1;
        w.qty = pw->qty;
        w.release = pw->release;
        w.due = pw->due;
        w.product = nameindex_find(&v->products, pw->product ? pw->product : "");
        w.order = pw->for_order ? nameindex_find(&v->orders, pw->for_order) : -1;
        if (w.product < 0) {
            diag_error(v->d, pw->span, DIAG_PLAN_UNKNOWN, "work order '%s' makes '%s', a product the model does not have",
                       pw->name, pw->product ? pw->product : "");
            continue;
        }
        if (!(w.qty > 0)) {
            diag_error(v->d, pw->span, DIAG_PLAN_UNKNOWN, "work order '%s' makes nothing (qty %g)", pw->name, w.qty);
            continue;
        }
        w.ops = tk_xalloc((ir->products[w.product].nsteps + 1) * sizeof(int32_t));
        for (uint32_t s = 0; s <= ir->products[w.product].nsteps; s++) w.ops[s] = -1;
        scrap_quantities(v, &w);
        nameindex_add(&v->wos, pw->name, (int32_t)v->w.len);
        vec_push(&v->w, w);
    }
    /* parents, and the components they must be */
    for (uint32_t i = 0, k = 0; i < pf->wos.len; i++) {
        const PfWorkOrder *pw = &pf->wos.data[i];
        if (k >= v->w.len || v->w.data[k].name != pw->name) continue;
        VWo *w = &v->w.data[k++];
        if (!pw->parent) continue;
        int32_t p = nameindex_find(&v->wos, pw->parent);
        if (p < 0) {
            diag_error(v->d, pw->span, DIAG_PLAN_UNKNOWN, "work order '%s' is for '%s', which the plan does not have",
                       pw->name, pw->parent);
            continue;
        }
        if (bom_qty(ir, v->w.data[p].product, w->product) <= 0) {
            Diag *g = diag_error(v->d, pw->span, DIAG_PLAN_UNKNOWN, "'%s' is not a component of '%s', the product of '%s'",
                                 ir->products[w->product].name, ir->products[v->w.data[p].product].name, pw->parent);
            diag_note(g, ir->products[v->w.data[p].product].span, "its bill of materials");
            continue;
        }
        w->parent = p;
    }
    /* an order's own work order is released when the model says, and each
     * component its lead before its parent, down the levels */
    for (uint32_t k = 0; k < v->w.len; k++) {
        VWo *w = &v->w.data[k];
        if (w->parent < 0 && w->order >= 0 && ir->orders[w->order].release > w->release)
            w->release = ir->orders[w->order].release;
    }
    uint8_t *state = tk_xalloc(v->w.len + 1); /* 0 not yet, 1 on the path, 2 done */
    memset(state, 0, v->w.len + 1);
    int32_t *path = tk_xalloc((v->w.len + 1) * sizeof(int32_t));
    for (uint32_t k = 0; k < v->w.len; k++) {
        /* up to the first ancestor done (or a loop of parents, which is not followed), then down */
        uint32_t n = 0;
        for (int32_t a = (int32_t)k; a >= 0 && state[a] == 0; a = v->w.data[a].parent) {
            state[a] = 1;
            path[n++] = a;
        }
        while (n-- > 0) {
            VWo *w = &v->w.data[path[n]];
            if (w->parent >= 0 && state[w->parent] == 2) component_release(ir, w, &v->w.data[w->parent]);
            state[path[n]] = 2;
        }
    }
    tk_free(state);
    tk_free(path);
}

/* ---- operations ------------------------------------------------------------------------ */
/* Does the model's actuals report this operation: 1 done, 2 running, 0 not. */
static uint8_t reported(const V *v, const char *wo, int32_t product, int32_t step)
{
    const IrModel *ir = v->ir;
    for (int32_t k = nameindex_find(&v->actuals, wo); k >= 0; k = v->actual_next[k]) {
        const IrActual *a = &ir->actuals[k];
        if (a->product == product && a->step == step) return a->end >= 0 ? 1 : 2;
    }
    return 0;
}

/* Operation i of work order wi is wrong, but if its unit exists it still
 * holds it: the operations after it there follow it. */
static void hold_unit(V *v, uint32_t i, int32_t wi)
{
    const PfOp *o = &v->pf->ops.data[i];
    int32_t m = v->op_m[i];
    if (m >= 0 && o->unit >= 1 && (uint32_t)o->unit <= v->ir->machines[m].units) v->op_owner[i] = wi;
}

/* The step of product p named `name` (the last of equal names), -1 if none. */
static int32_t step_named(const V *v, int32_t p, const char *name)
{
    const IrProduct *pr = &v->ir->products[p];
    int32_t step = -1;
    Sym y = intern_find(&v->step_names, name, strlen(name));
    if (y == SYM_NONE) { /* no step has this name, unless it is "" */
        for (uint32_t s = 0; s < pr->nsteps; s++)
            if (strcmp(pr->steps[s].name, name) == 0) step = (int32_t)s;
        return step;
    }
    const Sym *names = &v->step_sym[v->step_of[p]];
    for (uint32_t s = 0; s < pr->nsteps; s++)
        if (names[s] == y) step = (int32_t)s;
    return step;
}

static void load_ops(V *v, VerifyStats *st)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    uint32_t n = pf->ops.len;
    intern_init(&v->step_names);
    v->step_of = tk_xalloc((ir->nproducts + 1) * sizeof(uint32_t));
    uint32_t nsteps = 0;
    for (uint32_t p = 0; p < ir->nproducts; p++) v->step_of[p] = nsteps, nsteps += ir->products[p].nsteps;
    v->step_of[ir->nproducts] = nsteps;
    v->step_sym = tk_xalloc((nsteps + 1) * sizeof(Sym));
    for (uint32_t p = 0; p < ir->nproducts; p++)
        for (uint32_t s = 0; s < ir->products[p].nsteps; s++) {
            const char *name = ir->products[p].steps[s].name;
            v->step_sym[v->step_of[p] + s] = intern(&v->step_names, name, strlen(name));
        }
    v->op_m = tk_xalloc((n + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < n; i++) {
        const char *mn = pf->ops.data[i].machine;
        v->op_m[i] = nameindex_find(&v->machines, mn ? mn : "");
    }
    v->op_wo = tk_xalloc((n + 1) * sizeof(int32_t));
    v->op_step = tk_xalloc((n + 1) * sizeof(int32_t));
    v->op_owner = tk_xalloc((n + 1) * sizeof(int32_t));
    v->op_actual = tk_xalloc(n + 1);
    memset(v->op_actual, 0, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        const PfOp *o = &pf->ops.data[i];
        v->op_wo[i] = v->op_step[i] = v->op_owner[i] = -1;
        int32_t wi = pf->csv ? csv_wo(v, o->wo, o->span) : nameindex_find(&v->wos, o->wo);
        if (wi < 0) {
            Diag *g = diag_error(v->d, o->span, DIAG_PLAN_UNKNOWN, "operation of '%s', a work order %s", o->wo,
                                 pf->csv ? "the model cannot have" : "the plan does not list");
            if (pf->csv)
                diag_hint(g, "a work order is named after its customer order (SO-1001), then each component "
                             "(SO-1001/frame)");
            continue;
        }
        VWo *w = &v->w.data[wi];
        const IrProduct *pr = &ir->products[w->product];
        int32_t step = step_named(v, w->product, o->step);
        if (step < 0) {
            Diag *g = diag_error(v->d, o->span, DIAG_PLAN_UNKNOWN, "'%s' has no step '%s'", pr->name, o->step);
            diag_note(g, pr->span, "'%s' is defined here", pr->name);
            hold_unit(v, i, wi);
            continue;
        }
        if (w->ops[step] >= 0) {
            Diag *g = diag_error(v->d, o->span, DIAG_OP_TWICE, "step '%s' of '%s' is planned twice", o->step, o->wo);
            diag_note(g, pf->ops.data[w->ops[step]].span, "first planned here");
            continue;
        }
        int32_t m = v->op_m[i];
        if (m < 0) {
            diag_error(v->d, o->span, DIAG_PLAN_UNKNOWN, "machine '%s' is not in the model", o->machine ? o->machine : "");
            w->ops[step] = (int32_t)i; /* planned, though wrongly */
            continue;
        }
        bool eligible = false;
        const IrStep *sp = &pr->steps[step];
        for (uint32_t a = 0; a < sp->nalts; a++) eligible |= sp->alts[a].machine == m;
        if (!eligible) {
            Diag *g = diag_error(v->d, o->span, DIAG_OP_MACHINE, "step '%s' of '%s' cannot run on '%s'", o->step,
                                 pr->name, o->machine);
            diag_note(g, pr->span, "'%s' and its routing are defined here", pr->name);
            w->ops[step] = (int32_t)i;
            hold_unit(v, i, wi);
            continue;
        }
        if (o->unit < 1 || (uint32_t)o->unit > ir->machines[m].units) {
            diag_error(v->d, o->span, DIAG_OP_MACHINE, "'%s' has %u unit%s; there is no unit %d", o->machine,
                       ir->machines[m].units, ir->machines[m].units == 1 ? "" : "s", o->unit);
            w->ops[step] = (int32_t)i;
            continue;
        }
        w->ops[step] = (int32_t)i;
        v->op_wo[i] = v->op_owner[i] = wi;
        v->op_step[i] = step;
        v->op_actual[i] = reported(v, o->wo, w->product, step);
        if (w->qty >= 0) vscrap_check_op(v->d, o, pr, (uint32_t)step, vin(w, (uint32_t)step),
                                        w->qgood ? w->qgood[step] : w->qty, w->reports);
        if (w->first_start < 0 || o->start < w->first_start) w->first_start = o->start;
        st->ops++;
    }
    /* every step of every work order */
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s = 0; s < pr->nsteps; s++)
            if (w->ops[s] < 0) {
                Diag *g = diag_error(v->d, w->span, DIAG_OP_MISSING, "step '%s' of '%s' is not planned", pr->steps[s].name,
                                     w->name);
                diag_note(g, pr->span, "the routing of '%s'", pr->name);
            }
    }
}

static const IrAlt *alt_on(const IrStep *st, int32_t m)
{
    for (uint32_t a = 0; a < st->nalts; a++)
        if (st->alts[a].machine == m) return &st->alts[a];
    return NULL;
}

/* The standard work of a work order: each step at its quickest machine. */
static double total_work(const IrModel *ir, const VWo *w)
{
    const IrProduct *pr = &ir->products[w->product];
    double total = 0;
    for (uint32_t s = 0; s < pr->nsteps; s++) {
        double best = INFINITY;
        for (uint32_t a = 0; a < pr->steps[s].nalts; a++) {
            const IrAlt *al = &pr->steps[s].alts[a];
            double t = al->setup + (al->per_piece ? al->run * vin(w, s) : al->run);
            if (t < best) best = t;
        }
        if (pr->steps[s].nalts) total += best;
    }
    return total;
}

/* The setup of step `step` of w on machine m (its alternative al), after
 * the job `prev` that ended at prev_end on the unit (NULL: nothing ran
 * there): the step's setup, the machine's setup rule, and the change of
 * each `setup by` attribute (docs/language.md, §7). A setup rule reads only
 * what is fixed by the sequence (E0417), so it is evaluated here as the
 * planner does. False if the rule reads a value a schedule CSV does not
 * give (a component's due date). */
static bool expected_setup(V *v, const VWo *w, int32_t step, int32_t m, const IrAlt *al, const VWo *prev,
                           int64_t prev_end, double *out)
{
    const IrModel *ir = v->ir;
    const IrMachine *mc = &ir->machines[m];
    double setup = al->setup;
    if (mc->setup_fn >= 0) {
        const IrFunc *f = &ir->funcs[mc->setup_fn];
        const IrOrder *o = w->order >= 0 ? &ir->orders[w->order] : NULL;
        uint64_t need_due = (1ull << RV_JOB_DUE) | (o ? 0 : 1ull << RV_ORDER_DUE);
        if (((f->vars & need_due) && w->due < 0) || ((f->vars & (1ull << RV_PREV_DUE)) && prev && prev->due < 0) ||
            ((f->vars & (1ull << RV_PREV_QUANTITY)) && prev && prev->qty < 0))
            return false;
        RuleEnv env;
        memset(&env, 0, sizeof env);
        double run = al->per_piece ? al->run * vin(w, (uint32_t)step) : al->run;
        env.var[RV_OP_RUN] = run;
        env.var[RV_OP_SETUP] = al->setup;
        env.var[RV_OP_TIME] = al->setup + run;
        env.var[RV_OP_INDEX] = step + 1;
        env.var[RV_OP_ALTERNATIVES] = ir->products[w->product].steps[step].nalts;
        env.var[RV_ORDER_DUE] = (double)(o ? o->due : w->due);
        env.var[RV_ORDER_RELEASE] = (double)(o ? o->release : w->release);
        env.var[RV_ORDER_PRIORITY] = o ? o->priority : 1;
        env.var[RV_ORDER_PENALTY] = o ? o->penalty : 0;
        env.var[RV_ORDER_QUANTITY] = o ? o->qty : w->qty;
        env.var[RV_JOB_QUANTITY] = w->qty;
        env.var[RV_JOB_DUE] = (double)w->due;
        env.var[RV_JOB_RELEASE] = (double)w->release;
        env.var[RV_JOB_PRIORITY] = o ? o->priority : 1;
        env.var[RV_JOB_TOTAL_WORK] = total_work(ir, w);
        env.var[RV_MACHINE_UNITS] = mc->units;
        env.var[RV_PREV_EXISTS] = prev ? 1 : 0;
        env.var[RV_PREV_QUANTITY] = prev ? prev->qty : 0;
        env.var[RV_PREV_DUE] = (double)(prev ? prev->due : ir->start);
        env.var[RV_PREV_RELEASE] = (double)(prev ? prev->release : ir->start);
        env.var[RV_PREV_PRIORITY] = prev ? (prev->order >= 0 ? ir->orders[prev->order].priority : 1) : 0;
        env.var[RV_PREV_END] = (double)(prev ? prev_end : ir->start);
        env.attr[ATAB_JOB] = ir->products[w->product].attrs;
        env.attr[ATAB_PREV] = prev ? ir->products[prev->product].attrs : ir->default_attrs[ATAB_PREV];
        env.attr[ATAB_ORDER] = o ? o->attrs : ir->default_attrs[ATAB_ORDER];
        env.attr[ATAB_MACHINE] = mc->attrs;
        double x = v->eng->eval(v->eng, mc->setup_fn, &env);
        if (x > 0) setup += x;
    }
    double changes = 0;
    const double *cur = ir->products[w->product].attrs;
    for (uint32_t k = 0; k < mc->nsetup_by; k++) {
        const IrSetupBy *b = &mc->setup_by[k];
        if (!prev) {
            changes += b->first;
            continue;
        }
        double a = ir->products[prev->product].attrs[b->attr], c = cur[b->attr];
        double t = a == c ? b->same : b->change;
        for (uint32_t q = 0; q < b->npairs; q++)
            if (b->pairs[q].from == a && b->pairs[q].to == c) {
                t = b->pairs[q].minutes; /* the first pair listed */
                break;
            }
        changes += t;
    }
    *out = setup + changes;
    return true;
}

static void hm(char *b, size_t n, int64_t m)
{
    snprintf(b, n, "%lld:%02lld", (long long)(m / 60), (long long)(m % 60));
}

/* An operation on a unit, to sort: by machine name (its rank), unit,
 * start, end, then its place in the plan. */
typedef struct UnitKey {
    uint32_t rank;
    int32_t unit;
    int64_t start, end;
    uint32_t i;
} UnitKey;

static int by_unit_time(const void *a, const void *b)
{
    const UnitKey *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->i < y->i ? -1 : 1;
}

/* keys[0..n) in by_unit_time's order. Rank, unit, start and place in keys
 * packed into one integer when they fit (they do for any real plan; the
 * plan file is not trusted, hence the check): a radix sort, then the rare
 * runs with the same rank, unit and start put in order of end and place.
 * Else qsort. */
static void sort_by_unit_time(UnitKey *keys, uint32_t n)
{
    if (n < 2) return;
    uint32_t rank_hi = 0;
    int64_t unit_lo = INT64_MAX, unit_hi = INT64_MIN, start_lo = INT64_MAX, start_hi = INT64_MIN;
    for (uint32_t k = 0; k < n; k++) {
        if (keys[k].rank > rank_hi) rank_hi = keys[k].rank;
        if (keys[k].unit < unit_lo) unit_lo = keys[k].unit;
        if (keys[k].unit > unit_hi) unit_hi = keys[k].unit;
        if (keys[k].start < start_lo) start_lo = keys[k].start;
        if (keys[k].start > start_hi) start_hi = keys[k].start;
    }
    unsigned br = tk_bits_for(rank_hi), bu = tk_bits_for((uint64_t)unit_hi - (uint64_t)unit_lo),
             bs = tk_bits_for((uint64_t)start_hi - (uint64_t)start_lo), bk = tk_bits_for(n - 1);
    if (br + bu + bs + bk > 64 || bs >= 64) {
        qsort(keys, n, sizeof(UnitKey), by_unit_time);
        return;
    }
    uint64_t *packed = tk_xalloc(2 * (size_t)n * sizeof(uint64_t));
    for (uint32_t k = 0; k < n; k++) {
        uint64_t x = keys[k].rank;
        x = (x << bu) | ((uint64_t)keys[k].unit - (uint64_t)unit_lo);
        x = (x << bs) | ((uint64_t)keys[k].start - (uint64_t)start_lo);
        packed[k] = (x << bk) | k;
    }
    tk_radix_sort_u64(packed, packed + n, n, br + bu + bs + bk);
    UnitKey *sorted = tk_xalloc((size_t)n * sizeof(UnitKey));
    uint64_t mask = bk >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << bk) - 1;
    for (uint32_t k = 0; k < n; k++) sorted[k] = keys[packed[k] & mask];
    /* runs with the same rank, unit and start (operations without duration,
     * or overlaps): by end, then place */
    for (uint32_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && sorted[b].rank == sorted[a].rank && sorted[b].unit == sorted[a].unit &&
                        sorted[b].start == sorted[a].start;
             b++) {
        }
        if (b - a > 1) qsort(sorted + a, b - a, sizeof(UnitKey), by_unit_time);
    }
    memcpy(keys, sorted, (size_t)n * sizeof(UnitKey));
    tk_free(sorted);
    tk_free(packed);
}

/* Operation i took time on its unit: the next one's setup follows it. */
static void busy(const PlanFile *pf, int32_t *prev_busy, int32_t *last_end, uint32_t i)
{
    *prev_busy = (int32_t)i;
    if (*last_end < 0 || pf->ops.data[i].end > pf->ops.data[*last_end].end) *last_end = (int32_t)i;
}

/* Units: one operation at a time, and each operation's work in its
 * machine's working time. */
static void check_units(V *v, VerifyStats *st)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    UnitKey *keys = tk_xalloc((pf->ops.len + 1) * sizeof(UnitKey));
    uint32_t *ix = tk_xalloc((pf->ops.len + 1) * sizeof(uint32_t));
    uint32_t n = 0;
    for (uint32_t i = 0; i < pf->ops.len; i++)
        if (v->op_owner[i] >= 0) { /* on a unit that exists: its machine is known */
            const PfOp *o = &pf->ops.data[i];
            keys[n++] = (UnitKey){v->machine_rank[v->op_m[i]], o->unit, o->start, o->end, i};
        }
    sort_by_unit_time(keys, n);
    for (uint32_t k = 0; k < n; k++) ix[k] = keys[k].i;
    int32_t prev_busy = -1; /* the last operation on this unit that took time: its setup follows it */
    int32_t last_end = -1;  /* the one of them that ends last */
    for (uint32_t k = 0; k < n; k++) {
        /* in unit order the operations are scattered in the file: fetch ahead */
        if (k + 8 < n) TK_PREFETCH(&pf->ops.data[ix[k + 8]]);
        if (k + 4 < n) {
            uint32_t a = ix[k + 4];
            TK_PREFETCH(&v->op_wo[a]);
            TK_PREFETCH(&v->op_step[a]);
            if (v->op_wo[a] >= 0) TK_PREFETCH(&v->w.data[v->op_wo[a]]);
        }
        uint32_t i = ix[k];
        const PfOp *o = &pf->ops.data[i];
        bool new_unit = k == 0 || keys[k - 1].rank != keys[k].rank || keys[k - 1].unit != keys[k].unit;
        if (new_unit) prev_busy = last_end = -1;
        /* overlap with those before */
        if (last_end >= 0) {
            const PfOp *q = &pf->ops.data[last_end];
            if (o->start < q->end && o->end > o->start && !(v->op_actual[i] && v->op_actual[last_end])) {
                char b1[32];
                fmt_datetime_sp(b1, sizeof b1, q->end);
                Diag *g = diag_error(v->d, o->span, DIAG_OP_OVERLAP, "'%s' %s starts on %s #%d before the operation there ends (%s)",
                                     o->wo, o->step, o->machine, o->unit, b1);
                diag_note(g, q->span, "the operation it overlaps");
            }
        }
        if (v->op_wo[i] < 0) { /* wrong, and reported: it only holds the unit */
            if (o->end > o->start) busy(pf, &prev_busy, &last_end, i);
            continue;
        }
        const VWo *w = &v->w.data[v->op_wo[i]];
        int32_t m = v->op_m[i];
        const IrMachine *mc = &ir->machines[m];
        const IrStep *sp = &ir->products[w->product].steps[v->op_step[i]];
        /* inside the horizon */
        if (o->start < ir->start || o->end > ir->end || o->end < o->start) {
            diag_error(v->d, o->span, DIAG_OP_CLOSED, "'%s' %s lies outside the plan's horizon or ends before it starts",
                       o->wo, o->step);
            if (o->end > o->start) busy(pf, &prev_busy, &last_end, i);
            continue;
        }
        if (v->op_actual[i]) {
            if (o->end > o->start) busy(pf, &prev_busy, &last_end, i);
            continue;
        }
        /* its work: setup and run, rounded up to whole minutes */
        const IrAlt *al = alt_on(sp, m);
        const VWo *pw = prev_busy >= 0 ? &v->w.data[v->op_owner[prev_busy]] : NULL;
        int64_t pw_end = prev_busy >= 0 ? pf->ops.data[prev_busy].end : ir->start;
        const VCal *cal = vcal_of(v, mc->calendar);
        int64_t work = -1;
        double setup;
        if (w->qty >= 0 && expected_setup(v, w, v->op_step[i], m, al, pw, pw_end, &setup)) {
            double run = al->per_piece ? al->run * vin(w, (uint32_t)v->op_step[i]) : al->run;
            work = plan_work_minutes(setup + run);
            if (work == PLAN_FOREVER) {
                /* what a planner without the limits would have made an
                 * operation of no length, or one overlapping the next */
                Diag *g = diag_error(v->d, o->span, DIAG_OP_DURATION,
                                     "'%s' %s needs %g min of work on '%s', more than any plan can hold", o->wo,
                                     o->step, setup + run, mc->name);
                diag_hint(g, "a setup rule gives %g min; durations are at most 100 years (docs/limits.md)", setup);
                continue;
            }
        } else st->unchecked_durations++;
        if (work == 0) {
            if (o->end != o->start)
                diag_error(v->d, o->span, DIAG_OP_DURATION, "'%s' %s takes no time, but is planned from start to end over %lld min",
                           o->wo, o->step, (long long)(o->end - o->start));
            continue;
        }
        if (o->end > o->start) busy(pf, &prev_busy, &last_end, i);
        if (cal) {
            if (!vcal_open_at(cal, o->start)) {
                char b1[32];
                fmt_datetime_sp(b1, sizeof b1, o->start);
                Diag *g = diag_error(v->d, o->span, DIAG_OP_CLOSED, "'%s' %s starts at %s, when '%s' is closed", o->wo,
                                     o->step, b1, mc->name);
                diag_note(g, mc->span, "the machine and its calendar");
                continue;
            }
            if (!mc->split && o->end > vcal_stretch_end(cal, o->start)) {
                Diag *g = diag_error(v->d, o->span, DIAG_OP_CLOSED, "'%s' %s runs over a break, and '%s' does not split operations",
                                     o->wo, o->step, mc->name);
                diag_note(g, mc->span, "the machine and its calendar");
                continue;
            }
        }
        if (work < 0) continue;
        int64_t got = cal ? vcal_work_between(cal, o->start, o->end) : o->end - o->start;
        if (got != work) {
            char b1[32], b2[32];
            hm(b1, sizeof b1, work);
            hm(b2, sizeof b2, got);
            Diag *g = diag_error(v->d, o->span, DIAG_OP_DURATION, "'%s' %s needs %s of work on '%s', but is planned for %s",
                                 o->wo, o->step, b1, mc->name, b2);
            diag_hint(g, "its setup and its run for %g pieces, in the machine's working time", vin(w, (uint32_t)v->op_step[i]));
        }
    }
    tk_free(ix);
    tk_free(keys);
}

/* When a work order and its components are done (with the waits of its last
 * steps); -1 if some operation of it is missing. */
static int64_t wo_done_at(V *v, int32_t k, uint32_t depth)
{
    VWo *w = &v->w.data[k];
    if (w->state == 2) return w->done;
    if (w->state == 1) return -1; /* a loop of parents: reported elsewhere */
    /* kits in kits: no deeper than a bill of materials may be, whatever
     * parents a plan gives its work orders (the recursion is bounded) */
    if (depth > SEMA_MAX_BOM_DEPTH) return -1;
    w->state = 1;
    const IrModel *ir = v->ir;
    const IrProduct *pr = &ir->products[w->product];
    int64_t done = ir->start;
    for (uint32_t s = 0; s < pr->nsteps; s++) {
        if (w->ops[s] < 0) {
            done = -1;
            break;
        }
        const PfOp *o = &v->pf->ops.data[w->ops[s]];
        int64_t e = o->end + plan_work_minutes(pr->steps[s].wait);
        if (e > done) done = e;
    }
    if (pr->nsteps == 0) { /* a kit: when its parts are */
        if (!v->children) group_wos(v, v->w.len, false, &v->child_of, &v->children);
        for (uint32_t j = v->child_of[k]; j < v->child_of[k + 1] && done >= 0; j++) {
            int64_t e = wo_done_at(v, v->children[j], depth + 1);
            if (e < 0) done = -1;
            else if (e > done) done = e;
        }
    }
    w->done = done;
    w->state = 2;
    return done;
}

static int64_t wo_done(V *v, int32_t k) { return wo_done_at(v, k, 0); }

/* Routing order, components before their parents, releases. */
static void check_order_of_work(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    /* the latest component done, per parent */
    int64_t *comp = tk_xalloc((v->w.len + 1) * sizeof(int64_t));
    int32_t *comp_by = tk_xalloc((v->w.len + 1) * sizeof(int32_t));
    for (uint32_t k = 0; k < v->w.len; k++) comp[k] = INT64_MIN, comp_by[k] = -1;
    for (uint32_t k = 0; k < v->w.len; k++) {
        int32_t p = v->w.data[k].parent;
        if (p < 0) continue;
        int64_t e = wo_done(v, (int32_t)k);
        if (e > comp[p]) comp[p] = e, comp_by[p] = (int32_t)k;
    }
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        /* a work order the shop floor has started is released: the rest of
         * its routing follows its reported work, whatever its release says */
        bool started = false;
        for (uint32_t s = 0; s < pr->nsteps; s++)
            if (w->ops[s] >= 0 && v->op_actual[w->ops[s]]) started = true;
        for (uint32_t s = 0; s < pr->nsteps; s++) {
            if (w->ops[s] < 0) continue;
            const PfOp *o = &pf->ops.data[w->ops[s]];
            if (v->op_actual[w->ops[s]]) continue;
            const IrStep *st = &pr->steps[s];
            for (uint32_t q = 0; q < st->npreds; q++) {
                int32_t ps = w->ops[st->preds[q]];
                if (ps < 0) continue;
                const PfOp *po = &pf->ops.data[ps];
                int64_t after = po->end + plan_work_minutes(pr->steps[st->preds[q]].wait);
                if (o->start < after) {
                    char b1[32];
                    fmt_datetime_sp(b1, sizeof b1, after);
                    Diag *g = diag_error(v->d, o->span, DIAG_OP_PRECEDENCE, "'%s' %s starts before step '%s' is done (%s)",
                                         o->wo, o->step, po->step, b1);
                    diag_note(g, po->span, "step '%s'", po->step);
                }
            }
            if (st->npreds == 0 && comp_by[k] >= 0 && o->start < comp[k]) {
                char b1[32];
                fmt_datetime_sp(b1, sizeof b1, comp[k]);
                Diag *g = diag_error(v->d, o->span, DIAG_OP_PRECEDENCE, "'%s' %s starts before its component '%s' is done (%s)",
                                     o->wo, o->step, v->w.data[comp_by[k]].name, b1);
                diag_note(g, v->w.data[comp_by[k]].span, "the component's work order");
                v->w.data[k].comp_late = true;
            }
            if (!started && o->start < w->release && w->lead >= 0) {
                char b1[32], b2[32], b3[32];
                fmt_datetime_sp(b1, sizeof b1, w->release);
                fmt_datetime_sp(b2, sizeof b2, v->w.data[w->parent].release);
                hm(b3, sizeof b3, w->lead);
                Diag *g = diag_error(v->d, o->span, DIAG_OP_RELEASE,
                                     "'%s' %s starts before its work order is released (%s: its lead of %s before '%s' is, at %s)",
                                     o->wo, o->step, b1, b3, v->w.data[w->parent].name, b2);
                diag_hint(g, "a component may be made no earlier than its lead through its routing before the work "
                             "order it is for may start");
            } else if (!started && o->start < w->release) {
                char b1[32];
                fmt_datetime_sp(b1, sizeof b1, w->release);
                diag_error(v->d, o->span, DIAG_OP_RELEASE, "'%s' %s starts before its work order is released (%s)", o->wo,
                           o->step, b1);
            } else if (ir->now >= 0 && o->start < ir->now) {
                char b1[32];
                fmt_datetime_sp(b1, sizeof b1, ir->now);
                Diag *g = diag_error(v->d, o->span, DIAG_OP_RELEASE, "'%s' %s starts before now (%s), but the actuals do not report it",
                                     o->wo, o->step, b1);
                diag_hint(g, "plan again from the actuals, or report the operation");
            }
        }
    }
    tk_free(comp);
    tk_free(comp_by);
}

/* ---- materials ------------------------------------------------------------------------- */
typedef struct MEv {
    int64_t t;
    double qty;     /* + arrives, - needed */
    int32_t wo;     /* the work order that needs it; -2 - it if reported, -1 for arrivals,
                     * -2 - (number of work orders) for material the actuals issue */
} MEv;

static int mev_cmp(const void *a, const void *b)
{
    const MEv *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if ((x->qty > 0) != (y->qty > 0)) return x->qty > 0 ? -1 : 1; /* arrivals first */
    return x->wo - y->wo;
}

/* When an open receipt dated `at` is on hand: when goods are next received
 * (docs/planning.md, "Receiving"); beyond the horizon, when it comes. */
static int64_t receipt_arrives(V *v, const IrMaterial *mt, int64_t at)
{
    const VCal *rc = vcal_of(v, mt->receiving);
    if (!rc) return at;
    int64_t t = vcal_next_receiving(rc, at > v->ir->start ? at : v->ir->start);
    if (t != INT64_MAX) return t;
    return at > v->ir->end ? at : v->ir->end;
}

/* A purchase arrives when goods are received: in its receiving calendar's
 * working time or at its end (E0623). Beyond the horizon calendars are not
 * worked out, and not checked. */
static void check_received(V *v, const PfPurchase *pu, const IrMaterial *mt)
{
    const VCal *rc = vcal_of(v, mt->receiving);
    if (!rc || pu->arrive < v->ir->start || pu->arrive > v->ir->end || vcal_receives_at(rc, pu->arrive)) return;
    const IrCalendar *c = &v->ir->calendars[mt->receiving];
    char b1[32], b2[32];
    fmt_datetime_sp(b1, sizeof b1, pu->arrive);
    Diag *g = diag_error(v->d, pu->span, DIAG_PURCHASE_NOT_RECEIVED,
                         "a purchase of '%s' arrives at %s, when goods are not received (calendar '%s')", pu->material, b1,
                         c->name);
    diag_note(g, mt->span, "'%s' and its receiving", mt->name);
    int64_t next = vcal_next_receiving(rc, pu->arrive);
    if (next != INT64_MAX) {
        fmt_datetime_sp(b2, sizeof b2, next);
        diag_hint(g, "goods are next received at %s; a purchase arrives while its receiving calendar is open, or as it closes",
                  b2);
    } else diag_hint(g, "calendar '%s' receives nothing more before the horizon ends", c->name);
}

static void check_materials(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    if (pf->csv) return; /* a schedule has no purchases or quantities */
    NameIndex mats;
    nameindex_init(&mats);
    for (uint32_t i = 0; i < ir->nmaterials; i++) nameindex_add(&mats, ir->materials[i].name, (int32_t)i);
    TK_VEC_OF(MEv) *ev = tk_xalloc((ir->nmaterials + 1) * sizeof(*ev));
    memset(ev, 0, (ir->nmaterials + 1) * sizeof(*ev));
    for (uint32_t i = 0; i < ir->nmaterials; i++)
        for (uint32_t r = 0; r < ir->materials[i].nreceipts; r++) {
            const IrReceipt *rec = &ir->materials[i].receipts[r];
            MEv e = {rec->reported ? rec->at : receipt_arrives(v, &ir->materials[i], rec->at), rec->qty, -1};
            vec_push(&ev[i], e);
        }
    /* what the actuals issue left then; it was there to leave, so it takes
     * what there was, as a reported work order does */
    for (uint32_t i = 0; i < ir->nmaterials; i++)
        for (uint32_t r = 0; r < ir->materials[i].nissues; r++) {
            int64_t at = ir->materials[i].issues[r].at < ir->start ? ir->start : ir->materials[i].issues[r].at;
            MEv e = {at, -ir->materials[i].issues[r].qty, -2 - (int32_t)v->w.len};
            vec_push(&ev[i], e);
        }
    for (uint32_t i = 0; i < pf->purchases.len; i++) {
        const PfPurchase *pu = &pf->purchases.data[i];
        int32_t m = nameindex_find(&mats, pu->material);
        if (m < 0) {
            diag_error(v->d, pu->span, DIAG_PLAN_UNKNOWN, "a purchase of '%s', a material the model does not have", pu->material);
            continue;
        }
        check_received(v, pu, &ir->materials[m]);
        MEv e = {pu->arrive, pu->qty, -1};
        vec_push(&ev[m], e);
    }
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        if (w->first_start < 0) continue;
        /* a work order whose first step the shop floor reported has its materials */
        bool reported = false;
        for (uint32_t s = 0; s < pr->nsteps; s++)
            if (w->ops[s] >= 0 && v->op_actual[w->ops[s]]) reported = true;
        for (uint32_t b = 0; b < pr->nbom; b++) {
            if (pr->bom[b].is_product) continue;
            MEv e = {w->first_start, -vscrap_need(&pr->bom[b], w->started), reported ? -2 - (int32_t)k : (int32_t)k};
            vec_push(&ev[pr->bom[b].item], e);
        }
    }
    for (uint32_t i = 0; i < ir->nmaterials; i++) {
        if (ev[i].len > 1) qsort(ev[i].data, ev[i].len, sizeof(MEv), mev_cmp);
        double have = ir->materials[i].stock;
        for (uint32_t k = 0; k < ev[i].len; k++) {
            have += ev[i].data[k].qty;
            /* a work order the shop floor started had its material, whatever
             * the model's stock says: it took what there was */
            if (ev[i].data[k].wo <= -2 && have < 0) have = 0;
            if (have < -EPS * (1 + fabs(ev[i].data[k].qty)) && ev[i].data[k].wo >= 0) {
                const VWo *w = &v->w.data[ev[i].data[k].wo];
                const IrProduct *pr = &ir->products[w->product];
                const PfOp *first = NULL;
                for (uint32_t s = 0; s < pr->nsteps; s++)
                    if (w->ops[s] >= 0 && (!first || pf->ops.data[w->ops[s]].start < first->start)) first = &pf->ops.data[w->ops[s]];
                char b1[32], q[40];
                fmt_datetime_sp(b1, sizeof b1, w->first_start);
                fmt_double(q, sizeof q, -have);
                Diag *g = diag_error(v->d, first ? first->span : w->span, DIAG_OP_MATERIAL,
                                     "'%s' starts at %s, but %s %s of '%s' are missing then", w->name, b1, q,
                                     ir->materials[i].uom, ir->materials[i].name);
                diag_note(g, ir->materials[i].span, "the material's stock and receipts");
                have = 0; /* one report per shortage */
            }
        }
        vec_free(&ev[i]);
    }
    tk_free(ev);
    nameindex_free(&mats);
}

/* ---- products: components in time, customer orders covered ----------------------------- */
typedef struct PEv {
    int64_t t;
    double qty;     /* + made (or in stock), - needed */
    int32_t wo;     /* the work order that needs it, or -1 */
    int32_t order;  /* the customer order that needs it, or -1 */
    uint32_t key;   /* among needs at one time: netting order (docs/planning.md) */
} PEv;

static int pev_cmp(const void *a, const void *b)
{
    const PEv *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if ((x->qty > 0) != (y->qty > 0)) return x->qty > 0 ? -1 : 1; /* made first */
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return 0;
}

static const IrModel *sort_ir;
static int order_netting_cmp(const void *a, const void *b)
{
    const IrOrder *x = &sort_ir->orders[*(const uint32_t *)a], *y = &sort_ir->orders[*(const uint32_t *)b];
    if (x->due != y->due) return x->due < y->due ? -1 : 1;
    if (x->release != y->release) return x->release < y->release ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The first operation of w (by start), NULL if none. */
static const PfOp *first_op(const V *v, const VWo *w)
{
    const PfOp *first = NULL;
    const IrProduct *pr = &v->ir->products[w->product];
    for (uint32_t s = 0; s < pr->nsteps; s++)
        if (w->ops[s] >= 0 && (!first || v->pf->ops.data[w->ops[s]].start < first->start)) first = &v->pf->ops.data[w->ops[s]];
    return first;
}

/* Each product's stock and work orders against what needs it: a work order
 * needs its components when its first operation starts, from stock or from
 * work orders done by then, its own or the surplus of others' lots (the
 * planner waits for every work order it takes from); customer orders need
 * theirs by the end. A shortage at a start is E0609; at the end, the orders
 * last in netting order (due date, release, name) are not covered and get
 * short[order] > 0. Products whose work order quantities are not known (a
 * schedule CSV with stock or lot sizing) are left out: known[p] false. */
static void check_products(V *v, double *short_by, bool *known)
{
    const IrModel *ir = v->ir;
    uint32_t np = ir->nproducts;
    /* a kit has no operations: a schedule shows its work orders only through
     * their components' rows, so it may not show them all */
    for (uint32_t p = 0; p < np; p++) known[p] = !(v->pf->csv && ir->products[p].nsteps == 0);
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        if (w->qty >= 0) continue;
        known[w->product] = false;
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t b = 0; b < pr->nbom; b++)
            if (pr->bom[b].is_product) known[pr->bom[b].item] = false;
    }
    uint32_t *rank = tk_xalloc((ir->norders + 1) * sizeof(uint32_t));
    uint32_t *by = tk_xalloc((ir->norders + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < ir->norders; i++) by[i] = i;
    sort_ir = ir;
    qsort(by, ir->norders, sizeof(uint32_t), order_netting_cmp);
    for (uint32_t i = 0; i < ir->norders; i++) rank[by[i]] = i;
    TK_VEC_OF(PEv) *ev = tk_xalloc((np + 1) * sizeof(*ev));
    memset(ev, 0, (np + 1) * sizeof(*ev));
    for (uint32_t p = 0; p < np; p++)
        if (known[p] && ir->products[p].stock > 0) {
            PEv e = {INT64_MIN, ir->products[p].stock, -1, -1, 0};
            vec_push(&ev[p], e);
        }
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        if (known[w->product]) {
            /* a work order with a step missing is reported already: count it made */
            int64_t done = wo_done(v, (int32_t)k);
            PEv e = {done < 0 ? INT64_MIN : done, w->makes, -1, -1, 0};
            vec_push(&ev[w->product], e);
        }
        /* its components are needed when its first operation starts; a kit's, and
         * those of work the shop floor reported, only by the end */
        bool reported = false;
        for (uint32_t s = 0; s < pr->nsteps; s++)
            if (w->ops[s] >= 0 && v->op_actual[w->ops[s]]) reported = true;
        int64_t at = w->first_start >= 0 && !reported ? w->first_start : INT64_MAX - 1;
        for (uint32_t b = 0; b < pr->nbom; b++) {
            if (!pr->bom[b].is_product || !known[pr->bom[b].item]) continue;
            PEv e = {at, -vscrap_need(&pr->bom[b], w->started), (int32_t)k, -1, k};
            vec_push(&ev[pr->bom[b].item], e);
        }
    }
    for (uint32_t i = 0; i < ir->norders; i++) {
        short_by[i] = 0;
        if (!known[ir->orders[i].product]) continue;
        PEv e = {INT64_MAX, -ir->orders[i].qty, -1, (int32_t)i, rank[i]};
        vec_push(&ev[ir->orders[i].product], e);
    }
    for (uint32_t p = 0; p < np; p++) {
        if (ev[p].len > 1) qsort(ev[p].data, ev[p].len, sizeof(PEv), pev_cmp);
        double have = 0, made = 0, needed = 0;
        for (uint32_t k = 0; k < ev[p].len; k++)
            if (ev[p].data[k].qty > 0) made += ev[p].data[k].qty;
        for (uint32_t k = 0; k < ev[p].len; k++) {
            const PEv *e = &ev[p].data[k];
            have += e->qty;
            if (e->qty < 0) needed -= e->qty;
            if (e->qty >= 0 || have >= -EPS * (1 + fabs(e->qty))) continue;
            double missing = -have < -e->qty ? -have : -e->qty;
            have = 0; /* one report per shortage */
            if (e->order >= 0) {
                short_by[e->order] = missing;
                continue;
            }
            VWo *w = &v->w.data[e->wo];
            if (w->comp_late) continue; /* said already, of its own component */
            const PfOp *first = first_op(v, w);
            char who[600], b1[32], q[40];
            snprintf(who, sizeof who, "'%s'%s%s", w->name, first ? " " : "", first ? first->step : "");
            fmt_datetime_sp(b1, sizeof b1, w->first_start);
            fmt_double(q, sizeof q, missing);
            Diag *g;
            if (made < needed - EPS * (1 + needed) || e->t == INT64_MAX - 1)
                g = diag_error(v->d, first ? first->span : w->span, DIAG_OP_PRECEDENCE, "%s needs %s '%s' that the plan never makes",
                               who, q, ir->products[p].name);
            else
                g = diag_error(v->d, first ? first->span : w->span, DIAG_OP_PRECEDENCE,
                               "%s starts at %s, when %s of the '%s' it needs are not made yet", who, b1, q, ir->products[p].name);
            diag_hint(g, "a work order starts when the work orders it takes its components from are done, "
                         "its own or those whose lots leave a surplus");
            diag_note(g, ir->products[p].span, "'%s' and its stock", ir->products[p].name);
        }
        vec_free(&ev[p]);
    }
    tk_free(ev);
    tk_free(rank);
    tk_free(by);
}

/* ---- customer orders ------------------------------------------------------------------- */
static void check_orders(V *v, VerifyStats *st)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    bool *top = tk_xalloc((ir->norders + 1) * sizeof(bool));
    memset(top, 0, (ir->norders + 1) * sizeof(bool));
    for (uint32_t k = 0; k < v->w.len; k++)
        if (v->w.data[k].order >= 0 && v->w.data[k].parent < 0) top[v->w.data[k].order] = true;
    NameIndex recs;
    nameindex_init(&recs);
    for (uint32_t i = 0; i < pf->orders.len; i++) nameindex_add(&recs, pf->orders.data[i].name, (int32_t)i);
    Span whole = {pf->file, 0, 0};
    double *short_by = tk_xalloc((ir->norders + 1) * sizeof(double));
    bool *known = tk_xalloc((ir->nproducts + 1) * sizeof(bool));
    check_products(v, short_by, known);
    /* where quantities are not known (a schedule CSV), an order without a work
     * order of its own may take from another's lot, or from stock; and a kit's
     * work order may have no rows at all */
    bool *made = tk_xalloc((ir->nproducts + 1) * sizeof(bool));
    memset(made, 0, (ir->nproducts + 1) * sizeof(bool));
    for (uint32_t k = 0; k < v->w.len; k++) made[v->w.data[k].product] = true;
    uint32_t *order_at;
    int32_t *order_wos;
    group_wos(v, ir->norders, true, &order_at, &order_wos);
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *o = &ir->orders[i];
        const IrProduct *pr = &ir->products[o->product];
        st->orders++;
        bool covered = known[o->product] ? short_by[i] <= 0
                                         : top[i] || pr->stock >= o->qty || (made[o->product] && !lot_free(pr)) ||
                                               pr->nsteps == 0;
        int32_t r = pf->csv ? -1 : nameindex_find(&recs, o->name);
        if (!pf->csv && r < 0) {
            Diag *g = diag_error(v->d, whole, DIAG_ORDER_UNCOVERED, "the plan has no record of order '%s'", o->name);
            diag_note(g, o->span, "the order");
            continue;
        }
        if (!covered) {
            Span at = r >= 0 ? pf->orders.data[r].span : whole;
            Diag *g;
            if (known[o->product] && short_by[i] < o->qty - EPS) {
                char q[40];
                fmt_double(q, sizeof q, short_by[i]);
                g = diag_error(v->d, at, DIAG_ORDER_UNCOVERED, "the plan makes %s '%s' too few for order '%s'", q,
                               pr->name, o->name);
            } else
                g = diag_error(v->d, at, DIAG_ORDER_UNCOVERED, "nothing in the plan makes order '%s', and stock does not cover it",
                               o->name);
            diag_note(g, o->span, "the order");
            continue;
        }
        /* late? */
        int64_t done = -1;
        for (uint32_t j = order_at[i]; j < order_at[i + 1]; j++) {
            int64_t e = wo_done(v, order_wos[j]);
            if (e > done) done = e;
        }
        if (done > o->due) {
            char b1[32], b2[32];
            fmt_datetime_sp(b1, sizeof b1, done);
            fmt_datetime_sp(b2, sizeof b2, o->due);
            Diag *g = diag_warning(v->d, r >= 0 ? pf->orders.data[r].span : whole, DIAG_LATE_ORDER,
                                   "order '%s' is done at %s, after its due date %s", o->name, b1, b2);
            diag_note(g, o->span, "the order");
        }
    }
    tk_free(top);
    tk_free(short_by);
    tk_free(known);
    tk_free(made);
    tk_free(order_at);
    tk_free(order_wos);
    nameindex_free(&recs);
}

void plan_verify(const IrModel *ir, const PlanFile *pf, Diags *d, VerifyStats *st)
{
    memset(st, 0, sizeof *st);
    V v;
    memset(&v, 0, sizeof v);
    v.ir = ir;
    v.pf = pf;
    v.d = d;
    v.eng = engine_interp_new(ir);
    v.cals = tk_xalloc((ir->ncalendars + 1) * sizeof(VCal *));
    memset(v.cals, 0, (ir->ncalendars + 1) * sizeof(VCal *));
    nameindex_init(&v.products);
    for (uint32_t i = 0; i < ir->nproducts; i++) nameindex_add(&v.products, ir->products[i].name, (int32_t)i);
    nameindex_init(&v.machines);
    for (uint32_t i = 0; i < ir->nmachines; i++) nameindex_add(&v.machines, ir->machines[i].name, (int32_t)i);
    machine_ranks(&v);
    nameindex_init(&v.orders);
    for (uint32_t i = 0; i < ir->norders; i++) nameindex_add(&v.orders, ir->orders[i].name, (int32_t)i);
    nameindex_init(&v.wos);
    /* the model's actuals by work order: the first of each name, then the next */
    nameindex_init(&v.actuals);
    v.actual_next = tk_xalloc((ir->nactuals + 1) * sizeof(int32_t));
    int32_t *last = tk_xalloc((ir->nactuals + 1) * sizeof(int32_t)); /* per first of a name: its last */
    for (uint32_t i = 0; i < ir->nactuals; i++) {
        v.actual_next[i] = -1;
        int32_t head = nameindex_find(&v.actuals, ir->actuals[i].wo);
        if (head < 0) {
            nameindex_add(&v.actuals, ir->actuals[i].wo, (int32_t)i);
            last[i] = (int32_t)i;
        } else {
            v.actual_next[last[head]] = (int32_t)i;
            last[head] = (int32_t)i;
        }
    }
    tk_free(last);
    load_work_orders(&v);
    load_ops(&v, st);
    check_units(&v, st);
    check_order_of_work(&v);
    check_materials(&v);
    check_orders(&v, st);
    st->work_orders = v.w.len;
    for (uint32_t k = 0; k < v.w.len; k++) tk_free(v.w.data[k].ops);
    vec_free(&v.w);
    nameindex_free(&v.products);
    nameindex_free(&v.machines);
    nameindex_free(&v.orders);
    nameindex_free(&v.wos);
    tk_free(v.machine_rank);
    tk_free(v.op_m);
    tk_free(v.step_sym);
    tk_free(v.step_of);
    intern_free(&v.step_names);
    tk_free(v.child_of);
    tk_free(v.children);
    tk_free(v.op_wo);
    tk_free(v.op_step);
    tk_free(v.op_owner);
    tk_free(v.op_actual);
    nameindex_free(&v.actuals);
    tk_free(v.actual_next);
    v.eng->free(v.eng);
    for (uint32_t i = 0; i < ir->ncalendars; i++) vcal_free(v.cals[i]);
    tk_free(v.cals);
    arena_free(&v.arena);
}
