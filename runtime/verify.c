/* verify.c: a plan against its model (verify.h, docs/verify.md).
 *
 * Independent of the scheduler: the work orders the model's demand calls
 * for and their quantities (verify_demand.c), the expected work of each
 * operation, the working time of each machine, the precedence of steps and
 * work orders, the material on hand and the releases are worked out here
 * from the IR and the rules of docs/planning.md, and every operation of the
 * plan is held to them; then the plan file's own records — plant, measures,
 * orders, work orders, purchases — are held to what they claim
 * (verify_claims.c). Operations the shop floor reported (actual done or
 * running) are where they happened: their duration and working time are
 * not checked. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "verify_impl.h"
#include "verify_parts.h"
#include "verify_kind.h"
#include "verify_scrap.h"
#include "verify_terms.h"

#define EPS 1e-6

/* The kinds takt verify knows: each checks its own records (verify_kind.h). */
static const VerifyKind *const verify_kinds[] = {&verify_pool, &verify_batch, &verify_window, &verify_overlap};

/* Does a kind check how step st follows the steps before it (VerifyKind.follows). */
static bool kind_follows(const IrStep *st)
{
    for (size_t i = 0; i < TK_COUNTOF(verify_kinds); i++)
        if (verify_kinds[i]->follows && verify_kinds[i]->follows(st)) return true;
    return false;
}

/* ---- the work orders ---------------------------------------------------------------------- */
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

/* Work orders by their parent in n groups, each in work order order: group
 * g is idx[at[g]..at[g + 1]). */
static void group_by_parent(const V *v, uint32_t n, uint32_t **at, int32_t **idx)
{
    uint32_t *a = tk_xalloc((n + 2) * sizeof(uint32_t));
    int32_t *x = tk_xalloc((v->w.len + 1) * sizeof(int32_t));
    memset(a, 0, (n + 2) * sizeof(uint32_t));
    for (uint32_t k = 0; k < v->w.len; k++) {
        int32_t g = v->w.data[k].parent;
        if (g >= 0 && (uint32_t)g < n) a[g + 1]++;
    }
    for (uint32_t g = 0; g < n; g++) a[g + 1] += a[g];
    uint32_t *fill = tk_xalloc((n + 1) * sizeof(uint32_t));
    memcpy(fill, a, (n + 1) * sizeof(uint32_t));
    for (uint32_t k = 0; k < v->w.len; k++) {
        int32_t g = v->w.data[k].parent;
        if (g >= 0 && (uint32_t)g < n) x[fill[g]++] = (int32_t)k;
    }
    tk_free(fill);
    *at = a;
    *idx = x;
}

static double bom_qty(const IrModel *ir, int32_t parent, int32_t child)
{
    const IrProduct *pr = &ir->products[parent];
    for (uint32_t b = 0; b < pr->nbom; b++)
        if (pr->bom[b].is_product && pr->bom[b].item == child) return pr->bom[b].qty;
    return 0;
}

/* ---- sublots, as docs/language.md says them (this file's own reading) -------------------- */
/* How many operations a step of a work order of qty pieces is: `sublots
 * N`, else as many of at most `sublot N` pieces as it takes; never more
 * than its whole pieces, at least one. */
uint32_t vsub_count(const IrStep *st, double qty)
{
    double n = st->sublots ? (double)st->sublots : st->sublot > 0 ? ceil(qty / st->sublot - 1e-9) : 1;
    double whole = floor(qty + 1e-9);
    if (n > whole) n = whole;
    if (n < 1) n = 1;
    return n > SUBLOT_MAX ? 1 : (uint32_t)n;
}

/* Pieces before sublot k of n (whole pieces as equal as they go, the first
 * ones one more; a fractional quantity in equal shares): sublot k holds
 * [v_sub_from(k), v_sub_from(k + 1)). */
static double v_sub_from(double qty, uint32_t k, uint32_t n)
{
    double whole = floor(qty + 1e-9);
    if (fabs(qty - whole) > 1e-9) return qty * k / n;
    double base = floor(whole / n), extra = whole - base * n;
    return k * base + (k < extra ? k : extra);
}

double vsub_qty(double qty, uint32_t k, uint32_t n)
{
    if (n <= 1) return qty;
    return v_sub_from(qty, k + 1, n) - v_sub_from(qty, k, n);
}

/* The slots of w, for the pieces each step starts. */
static void wo_slots(VWo *w, const IrProduct *pr)
{
    w->at = tk_xalloc((pr->nsteps + 2) * sizeof(uint32_t));
    w->at[0] = 0;
    for (uint32_t s = 0; s < pr->nsteps; s++) w->at[s + 1] = w->at[s] + vsub_count(&pr->steps[s], vin(w, s));
    w->ops = tk_xalloc((w->at[pr->nsteps] + 1) * sizeof(int32_t));
    for (uint32_t k = 0; k <= w->at[pr->nsteps]; k++) w->ops[k] = -1;
}

uint32_t vwo_nslots(const V *v, const VWo *w) { return w->at ? w->at[v->ir->products[w->product].nsteps] : 0; }

/* The step of slot k. */
uint32_t vslot_step(const V *v, const VWo *w, uint32_t k)
{
    uint32_t s = 0;
    while (s + 1 < v->ir->products[w->product].nsteps && w->at[s + 1] <= k) s++;
    return s;
}

/* The pieces slot k starts: its step's, or its sublot's share of them. */
double vslot_qty(const V *v, const VWo *w, uint32_t k)
{
    uint32_t s = vslot_step(v, w, k);
    return vsub_qty(vin(w, s), k - w->at[s], w->at[s + 1] - w->at[s]);
}

double vslot_good(const V *v, const VWo *w, uint32_t k)
{
    uint32_t s = vslot_step(v, w, k);
    return vsub_qty(vgood(w, s), k - w->at[s], w->at[s + 1] - w->at[s]);
}

/* "assemble" or "assemble#2", for messages (into b, which the caller frees). */
static const char *slot_name(const V *v, const VWo *w, uint32_t k, StrBuf *b)
{
    uint32_t s = vslot_step(v, w, k);
    const char *name = v->ir->products[w->product].steps[s].name;
    if (w->at[s + 1] - w->at[s] == 1) return name;
    b->len = 0;
    sb_printf(b, "%s#%u", name, k - w->at[s] + 1);
    return sb_cstr(b);
}

/* A step's standard work for qty pieces (docs/planning.md): on its
 * quickest alternative, each of its sublots' setup and run — a
 * subcontractor's lead time instead. */
static double v_step_std(const IrModel *ir, const IrStep *st, double qty);

/* A work order of qty pieces; its quantities under scrap those e worked
 * out (with the shop floor's reports), or without e the rule's alone. */
static void new_vwo(V *v, VWo *w, const char *name, int32_t product, double qty, Span at, const VdWo *e)
{
    memset(w, 0, sizeof *w);
    w->name = name;
    w->product = product;
    w->span = at;
    w->rec = -1;
    w->parent = w->order = -1;
    w->first_start = -1;
    w->lead = -1;
    w->materials = v->ir->start;
    w->qty = qty;
    w->makeup_for = -1;
    if (e) {
        w->started = e->started;
        w->qin = e->qin;
        w->qgood = e->qgood;
        w->makes = e->makes;
        w->makeup_for = e->makeup_for;
        w->reports = e->reports;
    } else {
        const IrProduct *pr = &v->ir->products[product];
        w->makes = qty;
        if (vscrap_any(pr) && pr->nsteps) {
            w->qin = arena_alloc(&v->arena, pr->nsteps * sizeof(double));
            w->qgood = arena_alloc(&v->arena, pr->nsteps * sizeof(double));
        }
        w->started = vscrap_steps(pr, qty, w->qin, w->qgood);
    }
    wo_slots(w, &v->ir->products[product]);
}

/* A work order record the model's demand does not call for: reported, and
 * taken as it says, so that its operations still hold their units. */
static void load_extra(V *v, const PfWorkOrder *pw, int32_t product)
{
    Diag *g = diag_error(v->d, pw->span, DIAG_PLAN_UNKNOWN, "work order '%s' is not one the model's demand calls for",
                         pw->name);
    diag_hint(g, "work orders follow from the orders, the forecasts, the stock and the bills of materials by the "
                 "rules of docs/planning.md (\"Quantities\"): plan the model again");
    if (!(pw->qty > 0)) return;
    VWo w;
    new_vwo(v, &w, pw->name, product, pw->qty, pw->span, NULL);
    w.extra = true;
    w.rec = (int32_t)(pw - v->pf->wos.data);
    w.release = pw->release;
    w.due = pw->due;
    w.order = pw->for_order ? nameindex_find(&v->orders, pw->for_order) : -1;
    if (pw->materials > w.materials) w.materials = pw->materials;
    if (w.parent < 0 && w.order >= 0 && v->ir->orders[w.order].release > w.release)
        w.release = v->ir->orders[w.order].release;
    nameindex_add(&v->wos, pw->name, (int32_t)v->w.len);
    vec_push(&v->w, w);
}

/* The work orders the model's demand calls for (verify_demand.c), each
 * with its record if the plan file has one; then records of others. */
static void load_work_orders(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    Span whole = {pf->file, 0, 0};
    for (uint32_t k = 0; k < v->dem.wos.len; k++) {
        const VdWo *e = &v->dem.wos.data[k];
        VWo w;
        new_vwo(v, &w, e->name, e->product, e->qty, whole, e);
        w.release = e->release;
        w.due = e->due;
        w.order = e->order;
        w.parent = e->parent;
        w.lead = e->lead;
        nameindex_add(&v->wos, e->name, (int32_t)k);
        vec_push(&v->w, w);
    }
    v->ndem = v->w.len;
    if (pf->csv) return;
    for (uint32_t i = 0; i < pf->wos.len; i++) {
        const PfWorkOrder *pw = &pf->wos.data[i];
        int32_t product = nameindex_find(&v->products, pw->product ? pw->product : "");
        if (product < 0) {
            diag_error(v->d, pw->span, DIAG_PLAN_UNKNOWN, "work order '%s' makes '%s', a product the model does not have",
                       pw->name, pw->product ? pw->product : "");
            continue;
        }
        int32_t k = nameindex_find(&v->wos, pw->name);
        if (k < 0) {
            load_extra(v, pw, product);
            continue;
        }
        VWo *w = &v->w.data[k];
        if (w->rec >= 0) {
            Diag *g = diag_error(v->d, pw->span, DIAG_WO_RECORD, "work order '%s' is recorded twice", pw->name);
            diag_note(g, pf->wos.data[w->rec].span, "first recorded here");
            continue;
        }
        w->rec = (int32_t)i;
        w->span = pw->span;
        if (pw->materials > w->materials) w->materials = pw->materials;
    }
    /* the parents of the other records, and the components they must be */
    for (uint32_t k = v->ndem; k < v->w.len; k++) {
        VWo *w = &v->w.data[k];
        const PfWorkOrder *pw = &pf->wos.data[w->rec];
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
}

/* ---- operations ------------------------------------------------------------------------ */
/* The model's actual that reports this operation (done or running), -1 if none. */
static int32_t reported(const V *v, const char *wo, int32_t product, int32_t step, int32_t sub)
{
    const IrModel *ir = v->ir;
    for (int32_t k = nameindex_find(&v->actuals, wo); k >= 0; k = v->actual_next[k]) {
        const IrActual *a = &ir->actuals[k];
        if (a->product == product && a->step == step && a->sub == sub) return k;
    }
    return -1;
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

/* "assemble#2" -> its step's name's length and sublot 2 ("assemble": 0);
 * false if the '#' is not followed by a sublot number. */
static bool split_step(const char *name, size_t *len, uint32_t *sub)
{
    const char *h = strchr(name, '#');
    *sub = 0;
    *len = h ? (size_t)(h - name) : strlen(name);
    if (!h) return true;
    uint32_t x = 0;
    const char *q = h + 1;
    if (!*q) return false;
    for (; *q; q++) {
        if (*q < '0' || *q > '9' || x > SUBLOT_MAX) return false;
        x = x * 10 + (uint32_t)(*q - '0');
    }
    *sub = x;
    return x >= 1 && x <= SUBLOT_MAX;
}

/* Every step of every work order planned: a work order with none of its
 * steps is reported once, as a whole. */
static void check_all_planned(V *v)
{
    const IrModel *ir = v->ir;
    StrBuf nb = {0};
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        uint32_t missing = 0, n = vwo_nslots(v, w);
        for (uint32_t q = 0; q < n; q++) missing += w->ops[q] < 0;
        if (!missing) continue;
        if (missing == n && pr->nsteps > 1) {
            char q[40];
            fmt_double(q, sizeof q, w->qty);
            Diag *g = diag_error(v->d, w->span, DIAG_OP_MISSING, "work order '%s' (%s '%s') is not planned: none of its %u steps is",
                                 w->name, q, pr->name, pr->nsteps);
            if (w->order >= 0) diag_note(g, ir->orders[w->order].span, "the order it is for");
            else diag_note(g, pr->span, "the routing of '%s'", pr->name);
            continue;
        }
        for (uint32_t q = 0; q < n; q++)
            if (w->ops[q] < 0) {
                Diag *g = diag_error(v->d, w->span, DIAG_OP_MISSING, "step '%s' of '%s' is not planned",
                                     slot_name(v, w, q, &nb), w->name);
                diag_note(g, pr->span, "the routing of '%s'", pr->name);
            }
    }
    sb_free(&nb);
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
    v->op_sub = tk_xalloc((n + 1) * sizeof(int32_t));
    v->op_slot = tk_xalloc((n + 1) * sizeof(int32_t));
    v->op_owner = tk_xalloc((n + 1) * sizeof(int32_t));
    v->op_act = tk_xalloc((n + 1) * sizeof(int32_t));
    v->op_work = tk_xalloc((n + 1) * sizeof(VOpWork));
    memset(v->op_work, 0, (n + 1) * sizeof(VOpWork));
    /* first each operation's work order, step and sublot as written */
    int32_t *p1_wo = tk_xalloc((n + 1) * sizeof(int32_t));
    StrBuf base = {0};
    for (uint32_t i = 0; i < n; i++) {
        const PfOp *o = &pf->ops.data[i];
        v->op_wo[i] = v->op_step[i] = v->op_owner[i] = v->op_act[i] = v->op_slot[i] = p1_wo[i] = -1;
        v->op_sub[i] = 0;
        int32_t wi = nameindex_find(&v->wos, o->wo);
        if (wi < 0) {
            Diag *g = diag_error(v->d, o->span, DIAG_PLAN_UNKNOWN, "operation of '%s', a work order %s", o->wo,
                                 pf->csv ? "the model cannot have" : "the plan does not list");
            if (pf->csv)
                diag_hint(g, "a work order is named after its customer order (SO-1001), then each component "
                             "(SO-1001/frame), with .2, .3, … for further lots; its quantity follows from the "
                             "model (docs/planning.md, \"Quantities\")");
            continue;
        }
        VWo *w = &v->w.data[wi];
        if (w->rec < 0 && w->first_start < 0 && w->span.lo == 0 && w->span.hi == 0) w->span = o->span;
        const IrProduct *pr = &ir->products[w->product];
        size_t len;
        uint32_t sub;
        int32_t step = -1;
        if (split_step(o->step, &len, &sub)) {
            base.len = 0;
            sb_putn(&base, o->step, len);
            step = step_named(v, w->product, sb_cstr(&base));
        }
        if (step < 0) {
            Diag *g = diag_error(v->d, o->span, DIAG_PLAN_UNKNOWN, "'%s' has no step '%s'", pr->name, o->step);
            diag_note(g, pr->span, "'%s' is defined here", pr->name);
            hold_unit(v, i, wi);
            continue;
        }
        p1_wo[i] = wi;
        v->op_step[i] = step;
        v->op_sub[i] = (int32_t)sub;
    }
    sb_free(&base);
    StrBuf nb = {0};
    for (uint32_t i = 0; i < n; i++) {
        int32_t wi = p1_wo[i];
        if (wi < 0) continue;
        const PfOp *o = &pf->ops.data[i];
        VWo *w = &v->w.data[wi];
        const IrProduct *pr = &ir->products[w->product];
        int32_t step = v->op_step[i];
        uint32_t sub = (uint32_t)v->op_sub[i], nsub = w->at[step + 1] - w->at[step];
        v->op_step[i] = -1;
        if ((sub == 0 && nsub > 1) || sub > nsub || (sub > 0 && nsub == 1)) {
            char q[40];
            fmt_double(q, sizeof q, w->qty);
            Diag *g;
            if (sub == 0)
                g = diag_error(v->d, o->span, DIAG_OP_SUBLOT,
                               "step '%s' of '%s' is split into %u sublots for its %s pieces, but the plan has it as one "
                               "operation", pr->steps[step].name, o->wo, nsub, q);
            else if (nsub == 1)
                g = diag_error(v->d, o->span, DIAG_OP_SUBLOT, "step '%s' of '%s' is not split into sublots%s%s%s, but the plan has '%s'",
                               pr->steps[step].name, o->wo, w->qty >= 0 ? " for its " : "", w->qty >= 0 ? q : "",
                               w->qty >= 0 ? " pieces" : "", o->step);
            else
                g = diag_error(v->d, o->span, DIAG_OP_SUBLOT, "step '%s' of '%s' is split into %u sublots: there is no '%s'",
                               pr->steps[step].name, o->wo, nsub, o->step);
            diag_note(g, pr->span, "'%s' and its routing are defined here", pr->name);
            hold_unit(v, i, wi);
            continue;
        }
        uint32_t slot = w->at[step] + (sub ? sub - 1 : 0);
        if (w->ops[slot] >= 0) {
            Diag *g = diag_error(v->d, o->span, DIAG_OP_TWICE, "step '%s' of '%s' is planned twice", o->step, o->wo);
            diag_note(g, pf->ops.data[w->ops[slot]].span, "first planned here");
            continue;
        }
        double want = vslot_qty(v, w, slot);
        if (w->qin) /* scrap planned: the pieces it starts and makes good (E0637) */
            vscrap_check_op(v->d, o, pr, (uint32_t)step, want, vslot_good(v, w, slot), w->reports);
        else if (o->qty >= 0 && want >= 0 && fabs(o->qty - want) > EPS * (1 + want)) {
            char q1[40], q2[40];
            fmt_double(q1, sizeof q1, o->qty);
            fmt_double(q2, sizeof q2, want);
            diag_error(v->d, o->span, DIAG_OP_SUBLOT, "'%s' %s is for %s pieces, but that sublot holds %s", o->wo, o->step,
                       q1, q2);
        }
        int32_t m = v->op_m[i];
        if (m < 0) {
            diag_error(v->d, o->span, DIAG_PLAN_UNKNOWN, "machine '%s' is not in the model", o->machine ? o->machine : "");
            w->ops[slot] = (int32_t)i; /* planned, though wrongly */
            continue;
        }
        if (!plan_step_alt(&pr->steps[step], m)) {
            Diag *g = diag_error(v->d, o->span, DIAG_OP_MACHINE, "step '%s' of '%s' cannot run on '%s'", o->step,
                                 pr->name, o->machine);
            diag_note(g, pr->span, "'%s' and its routing are defined here", pr->name);
            w->ops[slot] = (int32_t)i;
            hold_unit(v, i, wi);
            continue;
        }
        const IrMachine *mc = &ir->machines[m];
        if (mc->subcontract ? o->unit != 0 : o->sub || o->unit < 1 || (uint32_t)o->unit > mc->units) {
            if (mc->subcontract)
                diag_error(v->d, o->span, DIAG_OP_SUBCONTRACT, "'%s' is a subcontractor: work sent to it has no unit%s",
                           o->machine, pf->csv ? " (its unit field is empty)" : " (op ... subcontractor NAME ...)");
            else if (o->sub)
                diag_error(v->d, o->span, DIAG_OP_MACHINE, "'%s' is a machine, not a subcontractor", o->machine);
            else
                diag_error(v->d, o->span, DIAG_OP_MACHINE, "'%s' has %u unit%s; there is no unit %d", o->machine, mc->units,
                           mc->units == 1 ? "" : "s", o->unit);
            w->ops[slot] = (int32_t)i;
            continue;
        }
        w->ops[slot] = (int32_t)i;
        v->op_wo[i] = wi;
        v->op_owner[i] = mc->subcontract ? -1 : wi; /* work sent out holds no unit */
        v->op_step[i] = step;
        v->op_slot[i] = (int32_t)slot;
        v->op_act[i] = reported(v, o->wo, w->product, step, (int32_t)sub);
        if (mc->subcontract) {
            /* work sent out: no setup or run here; its subcontractor's price a piece and an operation */
            double pieces = vslot_qty(v, w, slot);
            v->op_work[i] = (VOpWork){0, 0, mc->sub_each * pieces + mc->sub_fixed, true};
        }
        if (w->first_start < 0 || o->start < w->first_start) w->first_start = o->start;
        st->ops++;
    }
    tk_free(p1_wo);
    sb_free(&nb);
    check_all_planned(v);
}

static double v_step_std(const IrModel *ir, const IrStep *st, double qty)
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

/* The standard work of a work order: each step at its quickest machine. */
static double total_work(const IrModel *ir, const VWo *w)
{
    const IrProduct *pr = &ir->products[w->product];
    double total = 0;
    for (uint32_t s = 0; s < pr->nsteps; s++) total += v_step_std(ir, &pr->steps[s], vin(w, s));
    return total;
}

/* The standard setup of step `step` of w on machine m (its alternative
 * al), after the job `prev` that ended at prev_end on the unit (NULL:
 * nothing ran there): the step's setup, the machine's setup rule, and the
 * change of each `setup by` attribute (docs/language.md, §7); and the
 * machine's rate for it (money per minute), from its cost rule if it has
 * one. Setup and cost rules read only what the sequence fixes (E0417), so
 * they are evaluated here as the planner does. opq: the operation's pieces
 * (a sublot's, or the work order's). */
static double expected_setup(V *v, const VWo *w, int32_t step, double opq, int32_t m, const IrAlt *al, const VWo *prev,
                             int64_t prev_end, double *rate)
{
    const IrModel *ir = v->ir;
    const IrMachine *mc = &ir->machines[m];
    double setup = al->setup;
    double run = al->per_piece ? al->run * opq : al->run;
    RuleEnv env;
    if (mc->setup_fn >= 0 || mc->cost_fn >= 0) {
        const IrOrder *o = w->order >= 0 ? &ir->orders[w->order] : NULL;
        memset(&env, 0, sizeof env);
        env.var[RV_OP_RUN] = run;
        env.var[RV_OP_SETUP] = al->setup;
        env.var[RV_OP_TIME] = al->setup + run;
        env.var[RV_OP_INDEX] = step + 1;
        env.var[RV_OP_ALTERNATIVES] = ir->products[w->product].steps[step].nalts;
        {
            const IrStep *tst = &ir->products[w->product].steps[step];
            env.var[RV_OP_TRANSFER] = tst->transfer > 0 && tst->npreds ? tst->transfer : 0;
        }
        {   /* its own count, not the planner's helper: an independent check */
            double units = 0;
            for (uint32_t k = 0; k < al->nneeds; k++) units += al->needs[k].alts[0].count;
            env.var[RV_OP_RESOURCE_UNITS] = units;
        }
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
    }
    if (mc->setup_fn >= 0) {
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
    if (mc->nsetup_by) setup += changes;
    *rate = mc->cost_rate;
    if (mc->cost_fn >= 0) {
        /* the rule sees the operation's whole setup */
        env.var[RV_OP_SETUP] = setup;
        env.var[RV_OP_TIME] = setup + run;
        *rate = v->eng->eval(v->eng, mc->cost_fn, &env);
    }
    if (*rate < 0) *rate = 0;
    return setup;
}

const VCal *vcal_cached(const IrModel *ir, VCal **cals, int32_t ci)
{
    if (ci < 0) return NULL;
    if (!cals[ci]) cals[ci] = vcal_build(ir, ci);
    return cals[ci];
}

static const VCal *vcal_of(V *v, int32_t ci) { return vcal_cached(v->ir, v->cals, ci); }

/* The end of dur working minutes of calendar c (NULL: around the clock)
 * from t on: pausing over breaks with split, else in one stretch long
 * enough (*start is the first working minute used); INT64_MAX if the
 * horizon cannot hold them. */
static int64_t vcal_finish(const VCal *c, int64_t t, int64_t dur, bool split, int64_t *start)
{
    *start = t;
    if (dur <= 0) return t;
    if (!c) return t + dur;
    int64_t s = vcal_next_open(c, t);
    if (s == INT64_MAX) return *start = INT64_MAX;
    if (split) {
        *start = s;
        for (int64_t left = dur;;) {
            int64_t e = vcal_stretch_end(c, s);
            if (e - s >= left) return s + left;
            left -= e - s;
            if ((s = vcal_next_open(c, e)) == INT64_MAX) return INT64_MAX;
        }
    }
    for (;;) {
        int64_t e = vcal_stretch_end(c, s);
        if (e - s >= dur) return (*start = s) + dur;
        if ((s = vcal_next_open(c, e)) == INT64_MAX) return *start = INT64_MAX;
    }
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

/* Where a running operation will end, by docs/actuals.md: the rest of its
 * pieces at the standard run time from now when good or scrap pieces are
 * reported, else its standard time from its start, not before now; at now
 * (or a minute after its start) if the horizon cannot hold that. */
static int64_t running_end(V *v, const IrActual *a, double opq, const IrAlt *al, const IrMachine *mc,
                           double std_setup, double std_run)
{
    const IrModel *ir = v->ir;
    const VCal *cal = vcal_of(v, mc->calendar);
    int64_t now = plan_now(ir), s0, end;
    if (a->good + a->scrap > 0) {
        double left = opq - a->good - a->scrap;
        double rest = al->per_piece ? al->run * left : al->run * left / opq;
        end = vcal_finish(cal, now, (int64_t)ceil(rest - 1e-9), true, &s0);
    } else {
        int64_t dur = (int64_t)ceil(std_setup + std_run - 1e-9);
        end = vcal_finish(cal, a->start, dur, mc->split, &s0);
        if (s0 != a->start) end = vcal_finish(cal, a->start, dur, true, &s0); /* it did start */
        if (end < now) end = now;
    }
    if (end == INT64_MAX || end > ir->end) end = now > a->start ? now : a->start + 1;
    return end;
}

/* Where a running cycle of a batch machine the shop floor reports whole
 * will end (docs/actuals.md, "Batch machines"): its machine's cycle of
 * working time from its start, not before now; in one stretch unless the
 * machine may split, and over breaks if it did start at a break. */
static int64_t running_cycle_end(V *v, const IrActual *a, const IrMachine *mc)
{
    const IrModel *ir = v->ir;
    const VCal *cal = vcal_of(v, mc->calendar);
    int64_t now = plan_now(ir), s0, cycle = (int64_t)ceil(mc->batch_cycle - 1e-9);
    int64_t end = vcal_finish(cal, a->start, cycle, mc->split, &s0);
    if (s0 != a->start) end = vcal_finish(cal, a->start, cycle, true, &s0);
    if (end < now) end = now;
    if (end == INT64_MAX || end > ir->end) end = now > a->start ? now : a->start + 1;
    return end;
}

/* An operation the shop floor reported: where and when it ran (E0621), and
 * its setup and run as they are booked — the reported setup, else the
 * standard, capped by the working minutes it took, and the rest run; at the
 * standard exactly if it took its standard time to the minute with no
 * setup reported (docs/actuals.md). */
static void reported_op(V *v, uint32_t i, double opq, const IrAlt *al, double std_setup, double rate)
{
    const IrModel *ir = v->ir;
    const PfOp *o = &v->pf->ops.data[i];
    const IrActual *a = &ir->actuals[v->op_act[i]];
    const IrMachine *mc = &ir->machines[v->op_m[i]];
    const VCal *cal = vcal_of(v, mc->calendar);
    double std_run = al->per_piece ? al->run * opq : al->run;
    int64_t end = a->end >= 0 ? a->end : a->cycle ? running_cycle_end(v, a, mc) : running_end(v, a, opq, al, mc, std_setup, std_run);
    if (a->machine != v->op_m[i] || (int64_t)a->unit + 1 != o->unit || a->start != o->start || end != o->end) {
        char b1[32], b2[32];
        fmt_datetime_sp(b1, sizeof b1, a->start);
        fmt_datetime_sp(b2, sizeof b2, end);
        Diag *g = diag_error(v->d, o->span, DIAG_OP_RECORD, "'%s' %s is reported on %s #%u from %s%s %s, not where the plan has it",
                             o->wo, o->step, ir->machines[a->machine].name, a->unit + 1, b1,
                             a->end >= 0 ? " to" : ", running until", b2);
        diag_note(g, a->span, "the shop floor's report");
    }
    int64_t work = cal ? vcal_work_between(cal, o->start, o->end) : o->end - o->start;
    if (work < 0) work = 0;
    double setup = a->setup >= 0 ? a->setup : std_setup;
    if (setup > (double)work) setup = (double)work;
    double run = (double)work - setup;
    if (a->setup < 0 && work == (int64_t)ceil(std_setup + std_run - 1e-9)) setup = std_setup, run = std_run;
    v->op_work[i] = (VOpWork){setup, run, rate * (setup + run), true};
}

/* Units: one operation at a time, and each operation's work in its
 * machine's working time. */
static void check_units(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    UnitKey *keys = tk_xalloc((pf->ops.len + 1) * sizeof(UnitKey));
    uint32_t *ix = tk_xalloc((pf->ops.len + 1) * sizeof(uint32_t));
    uint32_t n = 0;
    for (uint32_t i = 0; i < pf->ops.len; i++)
        if (v->op_owner[i] >= 0 && (!(ir->machines[v->op_m[i]].batch_cap > 0) || v->op_act[i] >= 0)) {
            /* on a unit that exists: its machine is known (a batch machine's
             * planned operations share cycles: verify_batch.c checks them;
             * one the shop floor reported is where the report has it) */
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
        bool act = v->op_act[i] >= 0;
        /* overlap with those before */
        if (last_end >= 0) {
            const PfOp *q = &pf->ops.data[last_end];
            if (o->start < q->end && o->end > o->start && !(act && v->op_act[last_end] >= 0)) {
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
        /* its work: setup and run, rounded up to whole minutes */
        const IrAlt *al = plan_step_alt(sp, m);
        const VWo *pw = prev_busy >= 0 ? &v->w.data[v->op_owner[prev_busy]] : NULL;
        int64_t pw_end = prev_busy >= 0 ? pf->ops.data[prev_busy].end : ir->start;
        const VCal *cal = vcal_of(v, mc->calendar);
        double rate;
        double opq = vslot_qty(v, w, (uint32_t)v->op_slot[i]);
        double setup = expected_setup(v, w, v->op_step[i], opq, m, al, pw, pw_end, &rate);
        if (act) {
            reported_op(v, i, opq, al, setup, rate);
            if (o->end > o->start) busy(pf, &prev_busy, &last_end, i);
            continue;
        }
        double run = al->per_piece ? al->run * opq : al->run;
        v->op_work[i] = (VOpWork){setup, run, rate * (setup + run), true};
        int64_t work = plan_work_minutes(setup + run);
        if (work == PLAN_FOREVER) {
            /* what a planner without the limits would have made an
             * operation of no length, or one overlapping the next */
            Diag *g = diag_error(v->d, o->span, DIAG_OP_DURATION,
                                 "'%s' %s needs %g min of work on '%s', more than any plan can hold", o->wo, o->step,
                                 setup + run, mc->name);
            diag_hint(g, "a setup rule gives %g min; durations are at most 100 years (docs/limits.md)", setup);
            continue;
        }
        int64_t sw = plan_work_minutes(setup);
        v->op_setup[i] = sw < 0 ? 0 : sw > work ? work : sw;
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
        /* a kind that narrows the working time (resources) counts the work in its own */
        int64_t got = -1;
        for (uint32_t q = 0; q < v->nkinds && got < 0; q++)
            got = v->kinds[q]->work(v->kst[q], i, al, mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL,
                                    v->op_setup[i]);
        bool narrowed = got >= 0;
        if (got < 0) got = cal ? vcal_work_between(cal, o->start, o->end) : o->end - o->start;
        if (got != work) {
            char b1[32], b2[32], q[40];
            hm(b1, sizeof b1, work);
            hm(b2, sizeof b2, got);
            fmt_double(q, sizeof q, opq);
            Diag *g = diag_error(v->d, o->span, DIAG_OP_DURATION, "'%s' %s needs %s of work on '%s', but is planned for %s",
                                 o->wo, o->step, b1, mc->name, b2);
            diag_hint(g, "its setup and its run for %s pieces, in the %s working time", q,
                      narrowed ? "machine's and its resources' common" : "machine's");
        }
    }
    tk_free(ix);
    tk_free(keys);
}

/* When a work order is done: its last operation's end and wait; a kit,
 * when its release, its materials and every work order it takes its parts
 * from are (docs/planning.md). -1 if some operation it waits for is
 * missing. */
static int64_t vwo_done_at(V *v, int32_t k, uint32_t depth)
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
    for (uint32_t q = 0; q < vwo_nslots(v, w); q++) {
        if (w->ops[q] < 0) {
            done = -1;
            break;
        }
        const PfOp *o = &v->pf->ops.data[w->ops[q]];
        int64_t e = o->end + plan_work_minutes(pr->steps[vslot_step(v, w, q)].wait);
        if (e > done) done = e;
    }
    if (pr->nsteps == 0) {
        if (w->release > done) done = w->release;
        if (w->materials > done) done = w->materials;
        if ((uint32_t)k < v->ndem && v->dem.wos.data[k].bought > done) done = v->dem.wos.data[k].bought;
        if ((uint32_t)k < v->ndem) {
            const U32Vec *t = &v->dem.takes[k];
            for (uint32_t j = 0; j < t->len && done >= 0; j++) {
                int64_t e = vwo_done_at(v, (int32_t)t->data[j], depth + 1);
                if (e < 0) done = -1;
                else if (e > done) done = e;
            }
        } else {
            if (!v->children) group_by_parent(v, v->w.len, &v->child_of, &v->children);
            for (uint32_t j = v->child_of[k]; j < v->child_of[k + 1] && done >= 0; j++) {
                int64_t e = vwo_done_at(v, v->children[j], depth + 1);
                if (e < 0) done = -1;
                else if (e > done) done = e;
            }
        }
    }
    w->done = done;
    w->state = 2;
    return done;
}

int64_t vwo_done(V *v, int32_t k) { return vwo_done_at(v, k, 0); }

/* When a customer order is done: when the work orders it waits for are,
 * the plan's start if stock covers it (docs/planning.md, "Measures"); -1 if
 * an operation of them is missing. */
int64_t vorder_done(V *v, uint32_t order)
{
    const U32Vec *s = &v->dem.serves[order];
    int64_t done = v->ir->start;
    if (v->dem.order_ready[order] > done) done = v->dem.order_ready[order]; /* bought */
    for (uint32_t j = 0; j < s->len; j++) {
        int64_t e = vwo_done(v, (int32_t)s->data[j]);
        if (e < 0) return -1;
        if (e > done) done = e;
    }
    return done;
}

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
        int64_t e = vwo_done(v, (int32_t)k);
        if (e > comp[p]) comp[p] = e, comp_by[p] = (int32_t)k;
    }
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        /* a work order the shop floor has started is released: the rest of
         * its routing follows its reported work, whatever its release says */
        bool started = false;
        for (uint32_t slot = 0; slot < vwo_nslots(v, w); slot++)
            if (w->ops[slot] >= 0 && (v->op_act[w->ops[slot]] >= 0)) started = true;
        for (uint32_t slot = 0; slot < vwo_nslots(v, w); slot++) {
            if (w->ops[slot] < 0) continue;
            const PfOp *o = &pf->ops.data[w->ops[slot]];
            if ((v->op_act[w->ops[slot]] >= 0)) continue;
            uint32_t s = vslot_step(v, w, slot);
            const IrStep *st = &pr->steps[s];
            uint32_t n = w->at[s + 1] - w->at[s], sk = slot - w->at[s];
            /* a kind that holds it to the steps before it checks that itself */
            for (uint32_t q = 0; q < st->npreds && !kind_follows(st); q++) {
                uint32_t ps = (uint32_t)st->preds[q], np = w->at[ps + 1] - w->at[ps];
                /* the sublots of the step before that make this one's pieces
                 * (docs/language.md, "Sublots"): all of them if either step is
                 * one operation; the same one where the quantity is not known
                 * and both are split alike; else by their piece ranges */
                uint32_t from = 0, to = np;
                /* by the pieces both steps start; where scrap makes them
                 * differ, all the sublots of the step before */
                double qs = vin(w, s);
                if (np > 1 && n > 1 && qs == vin(w, ps)) {
                    if (w->qty < 0) {
                        if (np != n) continue; /* not known: not checked */
                        from = sk, to = sk + 1;
                    } else {
                        double lo = v_sub_from(qs, sk, n), hi = v_sub_from(qs, sk + 1, n);
                        while (from < np && v_sub_from(qs, from + 1, np) <= lo + 1e-9) from++;
                        to = from;
                        while (to < np && v_sub_from(qs, to, np) < hi - 1e-9) to++;
                    }
                }
                for (uint32_t j = from; j < to; j++) {
                    int32_t pi = w->ops[w->at[ps] + j];
                    if (pi < 0) continue;
                    const PfOp *po = &pf->ops.data[pi];
                    int64_t after = po->end + plan_work_minutes(pr->steps[ps].wait);
                    if (o->start < after) {
                        char b1[32];
                        fmt_datetime_sp(b1, sizeof b1, after);
                        Diag *g = diag_error(v->d, o->span, DIAG_OP_PRECEDENCE, "'%s' %s starts before step '%s' is done (%s)",
                                             o->wo, o->step, po->step, b1);
                        diag_note(g, po->span, "step '%s'", po->step);
                    }
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
            if (!started && o->start < w->release && w->lead >= 0 && w->parent >= 0) {
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

int64_t vreceipt_arrives(V *v, const IrMaterial *mt, int64_t at)
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
    if (pf->csv) return; /* a schedule has no purchases */
    NameIndex mats;
    nameindex_init(&mats);
    for (uint32_t i = 0; i < ir->nmaterials; i++) nameindex_add(&mats, ir->materials[i].name, (int32_t)i);
    TK_VEC_OF(MEv) *ev = tk_xalloc((ir->nmaterials + 1) * sizeof(*ev));
    memset(ev, 0, (ir->nmaterials + 1) * sizeof(*ev));
    for (uint32_t i = 0; i < ir->nmaterials; i++)
        for (uint32_t r = 0; r < ir->materials[i].nreceipts; r++) {
            const IrReceipt *rec = &ir->materials[i].receipts[r];
            MEv e = {rec->reported ? rec->at : vreceipt_arrives(v, &ir->materials[i], rec->at), rec->qty, -1};
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
        /* a work order takes its materials when its first operation starts, a
         * kit when it is done */
        int64_t at = pr->nsteps ? w->first_start : vwo_done(v, (int32_t)k);
        if (at < 0) continue;
        /* a work order whose first step the shop floor reported has its materials */
        bool reported = false;
        for (uint32_t q = 0; q < vwo_nslots(v, w); q++)
            if (w->ops[q] >= 0 && (v->op_act[w->ops[q]] >= 0)) reported = true;
        for (uint32_t b = 0; b < pr->nbom; b++) {
            if (pr->bom[b].is_product) continue;
            MEv e = {at, -vscrap_need(&pr->bom[b], w->started), reported ? -2 - (int32_t)k : (int32_t)k};
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
                for (uint32_t q = 0; q < vwo_nslots(v, w); q++)
                    if (w->ops[q] >= 0 && (!first || pf->ops.data[w->ops[q]].start < first->start)) first = &pf->ops.data[w->ops[q]];
                (void)pr;
                char b1[32], q[40];
                fmt_datetime_sp(b1, sizeof b1, ev[i].data[k].t);
                fmt_double(q, sizeof q, -have);
                Diag *g = diag_error(v->d, first ? first->span : w->span, DIAG_OP_MATERIAL,
                                     "'%s' %s at %s, but %s %s of '%s' are missing then", w->name,
                                     pr->nsteps ? "starts" : "is done", b1, q, ir->materials[i].uom, ir->materials[i].name);
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
    for (uint32_t q = 0; q < vwo_nslots(v, w); q++)
        if (w->ops[q] >= 0 && (!first || v->pf->ops.data[w->ops[q]].start < first->start)) first = &v->pf->ops.data[w->ops[q]];
    return first;
}

/* Each product's stock and work orders against what needs it: a work order
 * needs its components when its first operation starts, from stock or from
 * work orders done by then, its own or the surplus of others' lots (the
 * planner waits for every work order it takes from); customer orders need
 * theirs by the end. A shortage at a start is E0609; at the end, the orders
 * last in netting order (due date, release, name) are not covered and get
 * short_by[order] > 0. */
static void check_products(V *v, double *short_by)
{
    const IrModel *ir = v->ir;
    uint32_t np = ir->nproducts;
    uint32_t *rank = tk_xalloc((ir->norders + 1) * sizeof(uint32_t));
    uint32_t *by = tk_xalloc((ir->norders + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < ir->norders; i++) by[i] = i;
    sort_ir = ir;
    qsort(by, ir->norders, sizeof(uint32_t), order_netting_cmp);
    for (uint32_t i = 0; i < ir->norders; i++) rank[by[i]] = i;
    TK_VEC_OF(PEv) *ev = tk_xalloc((np + 1) * sizeof(*ev));
    memset(ev, 0, (np + 1) * sizeof(*ev));
    for (uint32_t p = 0; p < np; p++)
        if (ir->products[p].stock > 0) {
            PEv e = {INT64_MIN, ir->products[p].stock, -1, -1, 0};
            vec_push(&ev[p], e);
        }
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        /* a work order with a step missing is reported already: count it made */
        int64_t done = vwo_done(v, (int32_t)k);
        PEv made = {done < 0 ? INT64_MIN : done, w->makes, -1, -1, 0};
        vec_push(&ev[w->product], made);
        /* its components are needed when its first operation starts; a kit's, and
         * those of work the shop floor reported, only by the end */
        bool reported = false;
        for (uint32_t q = 0; q < vwo_nslots(v, w); q++)
            if (w->ops[q] >= 0 && (v->op_act[w->ops[q]] >= 0)) reported = true;
        int64_t at = w->first_start >= 0 && !reported ? w->first_start : INT64_MAX - 1;
        for (uint32_t b = 0; b < pr->nbom; b++) {
            if (!pr->bom[b].is_product) continue;
            PEv e = {at, -vscrap_need(&pr->bom[b], w->started), (int32_t)k, -1, k};
            vec_push(&ev[pr->bom[b].item], e);
        }
    }
    /* what is bought (make or buy) is on hand when it arrives */
    for (uint32_t k = 0; k < v->dem.buys.len; k++) {
        const VdBuy *b = &v->dem.buys.data[k];
        if (!b->bought || b->nlots > 100000) continue;
        PEv e = {b->arrive, b->total, -1, -1, 0};
        vec_push(&ev[b->product], e);
    }
    for (uint32_t i = 0; i < ir->norders; i++) {
        short_by[i] = 0;
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
            char b1[32], q[40];
            fmt_datetime_sp(b1, sizeof b1, w->first_start);
            fmt_double(q, sizeof q, missing);
            Diag *g;
            if (made < needed - EPS * (1 + needed) || e->t == INT64_MAX - 1)
                g = diag_error(v->d, first ? first->span : w->span, DIAG_OP_PRECEDENCE, "'%s'%s%s needs %s '%s' that the plan never makes",
                               w->name, first ? " " : "", first ? first->step : "", q, ir->products[p].name);
            else
                g = diag_error(v->d, first ? first->span : w->span, DIAG_OP_PRECEDENCE,
                               "'%s'%s%s starts at %s, when %s of the '%s' it needs are not made yet", w->name,
                               first ? " " : "", first ? first->step : "", b1, q, ir->products[p].name);
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
    NameIndex recs;
    nameindex_init(&recs);
    for (uint32_t i = 0; i < pf->orders.len; i++) nameindex_add(&recs, pf->orders.data[i].name, (int32_t)i);
    Span whole = {pf->file, 0, 0};
    double *short_by = tk_xalloc((ir->norders + 1) * sizeof(double));
    check_products(v, short_by);
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *o = &ir->orders[i];
        const IrProduct *pr = &ir->products[o->product];
        st->orders++;
        int32_t r = pf->csv ? -1 : nameindex_find(&recs, o->name);
        if (!pf->csv && r < 0) {
            Diag *g = diag_error(v->d, whole, DIAG_ORDER_UNCOVERED, "the plan has no record of order '%s'", o->name);
            diag_note(g, o->span, "the order");
            continue;
        }
        Span at = r >= 0 ? pf->orders.data[r].span : whole;
        if (short_by[i] > 0) {
            char q[40];
            fmt_double(q, sizeof q, short_by[i]);
            Diag *g = short_by[i] < o->qty - EPS
                          ? diag_error(v->d, at, DIAG_ORDER_UNCOVERED, "the plan makes %s '%s' too few for order '%s'", q,
                                       pr->name, o->name)
                          : diag_error(v->d, at, DIAG_ORDER_UNCOVERED,
                                       "nothing in the plan makes order '%s', and stock does not cover it", o->name);
            diag_note(g, o->span, "the order");
            continue;
        }
        /* late? A schedule has no order records: the warning goes to the
         * work order that ends last */
        int64_t done = vorder_done(v, i);
        if (r < 0 && done > o->due) {
            const U32Vec *s = &v->dem.serves[i];
            for (uint32_t j = 0; j < s->len; j++)
                if (vwo_done(v, (int32_t)s->data[j]) == done) at = v->w.data[s->data[j]].span;
        }
        if (done > o->due) {
            char b1[32], b2[32];
            fmt_datetime_sp(b1, sizeof b1, done);
            fmt_datetime_sp(b2, sizeof b2, o->due);
            Diag *g = diag_warning(v->d, at, DIAG_LATE_ORDER, "order '%s' is done at %s, after its due date %s", o->name, b1, b2);
            diag_note(g, o->span, "the order");
        }
    }
    tk_free(short_by);
    nameindex_free(&recs);
}

/* ---- lot limits ---------------------------------------------------------------------------- */
/* No work order above its product's max_lot, no purchase above its
 * material's (E0649). */
static void check_lots(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    if (pf->csv) return;
    char q1[40], q2[40];
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        double max = ir->products[w->product].lot.max;
        if (max <= 0 || w->qty <= max + EPS * (1 + max)) continue;
        fmt_double(q1, sizeof q1, w->qty);
        fmt_double(q2, sizeof q2, max);
        Diag *g = diag_error(v->d, w->span, DIAG_LOT_ABOVE_MAX, "work order '%s' makes %s, more than the max_lot %s of '%s'",
                             w->name, q1, q2, ir->products[w->product].name);
        diag_note(g, ir->products[w->product].span, "the product and its lot sizing");
    }
    for (uint32_t i = 0; i < pf->purchases.len; i++) {
        const PfPurchase *pu = &pf->purchases.data[i];
        int32_t m = -1;
        for (uint32_t j = 0; j < ir->nmaterials && m < 0; j++)
            if (strcmp(ir->materials[j].name, pu->material) == 0) m = (int32_t)j;
        if (m < 0) continue; /* reported by check_materials */
        double max = ir->materials[m].lot.max;
        if (max <= 0 || pu->qty <= max + EPS * (1 + max)) continue;
        fmt_double(q1, sizeof q1, pu->qty);
        fmt_double(q2, sizeof q2, max);
        Diag *g = diag_error(v->d, pu->span, DIAG_LOT_ABOVE_MAX, "a purchase of %s %s of '%s' is more than its max_lot %s", q1,
                             ir->materials[m].uom, pu->material, q2);
        diag_note(g, ir->materials[m].span, "the material and its lot sizing");
    }
}

/* The name without a lot number: "SO-1.2" -> "SO-1". */
static char *base_name(Arena *a, const char *s)
{
    char *buf = arena_strdup(a, s);
    char *dot = strrchr(buf, '.');
    if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1)) *dot = 0;
    return buf;
}

/* Forecast demand done after its period ends (a warning, as an order's
 * W0012): the work orders named after a forecast period of their product,
 * FC-PRODUCT-DAY (docs/planning.md), its lots .2, .3 ... together, done when
 * the last of them is, against the end of that period in the model. */
static void check_forecasts(V *v)
{
    const IrModel *ir = v->ir;
    NameIndex seen;
    nameindex_init(&seen);
    typedef struct { int64_t due, done; int32_t wo; Span period; } Fc;
    TK_VEC_OF(Fc) fc = {0};
    char ds[24];
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        if (w->parent >= 0 || w->order >= 0 || !w->ops) continue;
        char *buf = base_name(&v->arena, w->name);
        size_t bl = strlen(buf);
        if (strncmp(buf, "FC-", 3) != 0 || bl < 15 || buf[bl - 11] != '-') continue;
        int64_t day;
        snprintf(ds, sizeof ds, "%sT00:00", buf + bl - 10);
        if (!plan_parse_time(ds, &day)) continue;
        buf[bl - 11] = 0;
        if (nameindex_find(&v->products, buf + 3) != w->product) continue;
        buf[bl - 11] = '-';
        Span period = span_none();
        int64_t due = -1;
        for (uint32_t f = 0; f < ir->nforecasts; f++)
            for (uint32_t q = 0; ir->forecasts[f].product == w->product && q < ir->forecasts[f].nperiods; q++) {
                const IrPeriod *pe = &ir->forecasts[f].periods[q];
                if (pe->from - pe->from % 1440 == day) due = pe->to, period = pe->span;
            }
        if (due < 0) continue;
        int64_t done = vwo_done(v, (int32_t)k);
        int32_t i = nameindex_find(&seen, buf);
        if (i < 0) {
            Fc x = {due, done, (int32_t)k, period};
            nameindex_add(&seen, buf, (int32_t)fc.len);
            vec_push(&fc, x);
        } else if (fc.data[i].done >= 0 && (done < 0 || done > fc.data[i].done)) fc.data[i].done = done;
    }
    for (uint32_t i = 0; i < fc.len; i++) {
        if (fc.data[i].done <= fc.data[i].due) continue;
        const VWo *w = &v->w.data[fc.data[i].wo];
        char b1[32], b2[32];
        fmt_datetime_sp(b1, sizeof b1, fc.data[i].done);
        fmt_datetime_sp(b2, sizeof b2, fc.data[i].due);
        Diag *g = diag_warning(v->d, w->span, DIAG_LATE_FORECAST,
                               "forecast demand '%s' is done at %s, after its period ends at %s",
                               base_name(&v->arena, w->name), b1, b2);
        diag_note(g, fc.data[i].period, "the forecast period");
    }
    vec_free(&fc);
    nameindex_free(&seen);
}

void plan_verify(const IrModel *ir, const PlanFile *pf, Diags *d, VerifyStats *st)
{
    plan_verify_ref(ir, pf, NULL, d, st);
}

void plan_verify_ref(const IrModel *ir, const PlanFile *pf, const PlanFile *ref, Diags *d, VerifyStats *st)
{
    memset(st, 0, sizeof *st);
    /* a plan of one scenario is checked against that scenario only */
    if (!pf->csv && pf->has_plant && (pf->scenario != NULL) != (ir->scenario != NULL)) {
        Diag *g = pf->scenario ? diag_error(d, pf->plant_span, DIAG_PLAN_SCENARIO,
                                            "the plan is of scenario '%s', the model checked is the base", pf->scenario)
                               : diag_error(d, pf->plant_span, DIAG_PLAN_SCENARIO,
                                            "the plan is of the base model, the model checked is scenario '%s'",
                                            ir->scenario);
        diag_hint(g, "verify a plan against the scenario it was planned for (docs/scenarios.md)");
        return;
    }
    if (!pf->csv && pf->has_plant && pf->scenario && strcmp(pf->scenario, ir->scenario) != 0) {
        Diag *g = diag_error(d, pf->plant_span, DIAG_PLAN_SCENARIO,
                             "the plan is of scenario '%s', the model checked is scenario '%s'", pf->scenario,
                             ir->scenario);
        diag_hint(g, "verify a plan against the scenario it was planned for (docs/scenarios.md)");
        return;
    }
    V v;
    memset(&v, 0, sizeof v);
    v.ir = ir;
    v.pf = pf;
    v.d = d;
    v.eng = engine_interp_new(ir);
    v.diag_first = d->len;
    v.cals = tk_xalloc((ir->ncalendars + 1) * sizeof(VCal *));
    memset(v.cals, 0, (ir->ncalendars + 1) * sizeof(VCal *));
    vdemand_build(ir, &v.dem, d, v.cals);
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
    for (size_t q = 0; q < TK_COUNTOF(verify_kinds); q++)
        if (verify_kinds[q]->used(ir)) {
            v.kinds[v.nkinds] = verify_kinds[q];
            v.kst[v.nkinds++] = verify_kinds[q]->begin(ir, pf, d);
        }
    v.op_setup = tk_xalloc(((size_t)pf->ops.len + 1) * sizeof(int64_t));
    for (uint32_t i = 0; i < pf->ops.len; i++) v.op_setup[i] = -1;
    v.op_kind_bad = tk_xalloc((size_t)pf->ops.len + 1);
    memset(v.op_kind_bad, 0, (size_t)pf->ops.len + 1);
    check_units(&v);
    if (v.nkinds) {
        uint32_t n = pf->ops.len;
        int32_t *product = tk_xalloc(((size_t)n + 1) * sizeof(int32_t));
        int32_t *machine = tk_xalloc(((size_t)n + 1) * sizeof(int32_t));
        double *qty = tk_xalloc(((size_t)n + 1) * sizeof(double));
        uint8_t *actual = tk_xalloc((size_t)n + 1);
        for (uint32_t i = 0; i < n; i++) {
            product[i] = v.op_wo[i] >= 0 ? v.w.data[v.op_wo[i]].product : -1;
            machine[i] = v.op_wo[i] >= 0 ? v.op_m[i] : -1;
            qty[i] = v.op_wo[i] >= 0 ? vslot_qty(&v, &v.w.data[v.op_wo[i]], (uint32_t)v.op_slot[i]) : -1;
            actual[i] = v.op_act[i] >= 0;
        }
        VOps ops = {ir, pf, d, product, v.op_step, machine, actual, v.op_setup, qty, v.op_work, v.op_kind_bad, v.op_act};
        for (uint32_t q = 0; q < v.nkinds; q++) v.kinds[q]->check(v.kst[q], &ops);
        for (uint32_t q = 0; q < v.nkinds; q++) v.kinds[q]->free(v.kst[q]);
        tk_free(product);
        tk_free(machine);
        tk_free(qty);
        tk_free(actual);
    }
    tk_free(v.op_setup);
    check_order_of_work(&v);
    check_materials(&v);
    check_orders(&v, st);
    check_lots(&v);
    verify_buys(&v);
    {
        /* the checks beside this file (verify_parts.h), on the operations as resolved here */
        uint32_t n = pf->ops.len;
        int32_t *step = tk_xalloc((n + 1) * sizeof(int32_t));
        double *qty = tk_xalloc((n + 1) * sizeof(double));
        uint8_t *actual = tk_xalloc(n + 1);
        for (uint32_t i = 0; i < n; i++) {
            step[i] = v.op_wo[i] >= 0 ? v.op_step[i] : -1;
            qty[i] = v.op_wo[i] >= 0 ? vslot_qty(&v, &v.w.data[v.op_wo[i]], (uint32_t)v.op_slot[i]) : -1;
            actual[i] = v.op_act[i] < 0 ? 0 : ir->actuals[v.op_act[i]].end >= 0 ? 1 : 2;
        }
        VResolved r = {ir, pf, ref, d, step, v.op_sub, v.op_m, actual, qty};
        verify_pins(&r);
        verify_subcontracts(&r);
        tk_free(step);
        tk_free(qty);
        tk_free(actual);
    }
    check_forecasts(&v);
    if (ir->nmeasures && !pf->csv) {
        /* the objective's restricted measures, worked out on their own */
        VTermOp *tops = tk_xalloc((pf->ops.len + 1) * sizeof(VTermOp));
        for (uint32_t i = 0; i < pf->ops.len; i++) {
            const VOpWork *o = &v.op_work[i];
            tops[i] = (VTermOp){o->setup, o->cost, o->known, o->known};
        }
        int64_t *done = tk_xalloc((ir->norders + 1) * sizeof(int64_t));
        for (uint32_t i = 0; i < ir->norders; i++) done[i] = vorder_done(&v, i);
        v.terms = tk_xalloc((ir->nmeasures + 1) * sizeof(double));
        VTermsIn ti = {ir, pf, v.eng, v.op_m, tops, done};
        v.terms_known = verify_terms(&ti, d, v.terms);
        tk_free(tops);
        tk_free(done);
    }
    if (!pf->csv) verify_claims(&v);
    st->work_orders = v.w.len;
    for (uint32_t k = 0; k < v.w.len; k++) tk_free(v.w.data[k].ops), tk_free(v.w.data[k].at);
    vec_free(&v.w);
    vdemand_free(&v.dem, ir->norders);
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
    tk_free(v.op_sub);
    tk_free(v.op_slot);
    tk_free(v.op_owner);
    tk_free(v.op_act);
    tk_free(v.op_work);
    tk_free(v.terms);
    tk_free(v.op_bad);
    tk_free(v.op_kind_bad);
    nameindex_free(&v.actuals);
    tk_free(v.actual_next);
    v.eng->free(v.eng);
    for (uint32_t i = 0; i < ir->ncalendars; i++) vcal_free(v.cals[i]);
    tk_free(v.cals);
    arena_free(&v.arena);
}
