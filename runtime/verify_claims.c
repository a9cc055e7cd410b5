/* verify_claims.c: what a plan file says of itself, held to what takt
 * verify works out (docs/verify.md, "What the plan file claims").
 *
 * A plan file is more than its operations: the plant and its horizon, every
 * work order's quantity, dates, start and end, every order's completion and
 * lateness, each operation's setup and run, the purchases and the measures
 * are records a reader takes at their word. Each is worked out again here —
 * from the model, from the work orders its demand calls for
 * (verify_demand.c) and from the plan's own operations — and a record that
 * says otherwise is an error: minutes and counts exactly, quantities to a
 * billionth, money to the cent and the objective and setup time to a
 * millionth (they are written rounded so). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_impl.h"

/* Money is written to the cent: a sum taken in another order may round to
 * the next cent. */
#define MONEY_TOL 0.01
/* The objective, setup times and an operation's setup and run are written
 * to six decimals. */
#define FINE_TOL 2e-6

static bool near(double a, double b, double tol) { return fabs(a - b) <= tol + 1e-9 * fabs(b); }

/* What a record says against what verify works out, field by field:
 * "qty 42, due 2026-12-14 20:40" and "qty 43, due 2026-12-14 20:41". */
typedef struct Mismatch {
    StrBuf said, is;
    uint32_t n;
} Mismatch;

static void mm_add(Mismatch *x, const char *key, const char *said, const char *is)
{
    if (x->n++) {
        sb_puts(&x->said, ", ");
        sb_puts(&x->is, ", ");
    }
    sb_printf(&x->said, "%s %s", key, said);
    sb_printf(&x->is, "%s %s", key, is);
}

static void mm_time(Mismatch *x, const char *key, int64_t said, int64_t is)
{
    if (said == is) return;
    char a[32], b[32];
    fmt_datetime_sp(a, sizeof a, said);
    fmt_datetime_sp(b, sizeof b, is);
    mm_add(x, key, a, b);
}

static void mm_num(Mismatch *x, const char *key, double said, double is, double tol)
{
    if (near(said, is, tol)) return;
    char a[40], b[40];
    fmt_double(a, sizeof a, said);
    fmt_double(b, sizeof b, is);
    mm_add(x, key, a, b);
}

static void mm_money(Mismatch *x, const char *key, double said, double is)
{
    if (near(said, is, MONEY_TOL)) return;
    char a[64], b[64];
    snprintf(a, sizeof a, "%.2f", said);
    snprintf(b, sizeof b, "%.2f", is);
    mm_add(x, key, a, b);
}

static void mm_name(Mismatch *x, const char *key, const char *said, const char *is)
{
    if ((!said && !is) || (said && is && strcmp(said, is) == 0)) return;
    mm_add(x, key, said ? said : "(none)", is ? is : "(none)");
}

static void mm_free(Mismatch *x)
{
    sb_free(&x->said);
    sb_free(&x->is);
}

/* ---- what is wrong already ------------------------------------------------------------- */
/* The record of the kind `spans` holds (n of them, in file order, each
 * `size` bytes apart) that error g is on, -1 if none. */
static int32_t record_at(const Diag *g, const void *spans, uint32_t n, size_t size)
{
    const char *base = spans;
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (((const Span *)(base + mid * size))->lo < g->span.lo) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && ((const Span *)(base + lo * size))->lo == g->span.lo ? (int32_t)lo : -1;
}

/* The operations and purchases an error was reported on (or, for the
 * constraint kinds, concerns: a cycle of a batch machine): a record that
 * follows from them (a work order's start, end and materials time, an
 * order's completion, the measures) is not held to them again. bad_mat:
 * per material, a purchase of it is wrong. */
static void mark_bad(V *v, uint8_t *bad_mat)
{
    const PlanFile *pf = v->pf;
    uint32_t n = pf->ops.len;
    v->op_bad = tk_xalloc(n + 1);
    memset(v->op_bad, 0, n + 1);
    for (uint32_t i = 0; i < n; i++) v->op_bad[i] = v->op_kind_bad[i];
    NameIndex mats;
    nameindex_init(&mats);
    for (uint32_t i = 0; i < v->ir->nmaterials; i++) nameindex_add(&mats, v->ir->materials[i].name, (int32_t)i);
    for (uint32_t k = v->diag_first; k < v->d->len; k++) {
        const Diag *g = &v->d->items[k];
        if (g->level != DIAG_LEVEL_ERROR || g->span.file != pf->file) continue;
        int32_t i = n ? record_at(g, &pf->ops.data[0].span, n, sizeof(PfOp)) : -1;
        if (i >= 0) v->op_bad[i] = 1;
        i = pf->purchases.len ? record_at(g, &pf->purchases.data[0].span, pf->purchases.len, sizeof(PfPurchase)) : -1;
        int32_t m = i >= 0 ? nameindex_find(&mats, pf->purchases.data[i].material) : -1;
        if (m >= 0) bad_mat[m] = 1;
    }
    nameindex_free(&mats);
}

/* Does anything w's end follows from have an error of its own? Once for
 * each work order (taint: 0 not yet, 1 being worked out, 2 no, 3 yes): a
 * kit's parts may be kits that share their parts. */
static bool wo_tainted(V *v, uint8_t *taint, int32_t k)
{
    if (taint[k] >= 2) return taint[k] == 3;
    if (taint[k] == 1) return false; /* a loop: reported elsewhere */
    taint[k] = 1;
    const VWo *w = &v->w.data[k];
    const IrProduct *pr = &v->ir->products[w->product];
    bool bad = false;
    for (uint32_t q = 0; q < vwo_nslots(v, w) && !bad; q++)
        if (w->ops[q] >= 0 && v->op_bad[w->ops[q]]) bad = true;
    if (!pr->nsteps && (uint32_t)k < v->ndem) {
        const U32Vec *t = &v->dem.takes[k];
        for (uint32_t j = 0; j < t->len && !bad; j++) bad = wo_tainted(v, taint, (int32_t)t->data[j]);
    }
    taint[k] = bad ? 3 : 2;
    return bad;
}

/* ---- the plant ------------------------------------------------------------------------- */
static void check_plant(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    if (!pf->has_plant) return;
    Mismatch x = {0};
    mm_name(&x, "name", pf->plant, ir->plant_name[0] ? ir->plant_name : "-");
    if (pf->start >= 0) mm_time(&x, "start", pf->start, ir->start);
    if (pf->end >= 0) mm_time(&x, "end", pf->end, ir->end);
    if (pf->currency) mm_name(&x, "currency", pf->currency, ir->currency);
    if (x.n) {
        Diag *g = diag_error(v->d, pf->plant_span, DIAG_PLANT_RECORD, "the plan's plant record says %s, but the model's plant has %s",
                             sb_cstr(&x.said), sb_cstr(&x.is));
        diag_hint(g, "the plan was made for another model or horizon: plan the model again");
    }
    mm_free(&x);
}

/* ---- work orders ----------------------------------------------------------------------- */
/* When w starts: its first operation's start, a kit when it is done; -1 if
 * an operation is missing. */
static int64_t wo_start(V *v, int32_t k)
{
    const VWo *w = &v->w.data[k];
    const IrProduct *pr = &v->ir->products[w->product];
    if (!pr->nsteps) return vwo_done(v, k);
    int64_t start = -1;
    for (uint32_t q = 0; q < vwo_nslots(v, w); q++) {
        if (w->ops[q] < 0) return -1;
        int64_t t = v->pf->ops.data[w->ops[q]].start;
        if (start < 0 || t < start) start = t;
    }
    return start;
}

/* When each material arrives: its receipts (not before the plan starts, as
 * they are received) and the plan's purchases of it, sorted; material m's are
 * t[at[m] .. at[m + 1]). */
typedef struct Arrivals {
    uint32_t *at;
    int64_t *t;
} Arrivals;

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void arrivals_build(V *v, const NameIndex *mats, Arrivals *ar)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    uint32_t nm = ir->nmaterials;
    int32_t *pm = tk_xalloc((pf->purchases.len + 1) * sizeof(int32_t));
    ar->at = tk_xalloc((nm + 2) * sizeof(uint32_t));
    memset(ar->at, 0, (nm + 2) * sizeof(uint32_t));
    for (uint32_t m = 0; m < nm; m++) ar->at[m + 1] += ir->materials[m].nreceipts;
    for (uint32_t i = 0; i < pf->purchases.len; i++) {
        pm[i] = nameindex_find(mats, pf->purchases.data[i].material);
        if (pm[i] >= 0) ar->at[pm[i] + 1]++;
    }
    for (uint32_t m = 0; m < nm; m++) ar->at[m + 1] += ar->at[m];
    ar->t = tk_xalloc(((size_t)ar->at[nm] + 1) * sizeof(int64_t));
    uint32_t *fill = tk_xalloc((nm + 1) * sizeof(uint32_t));
    memcpy(fill, ar->at, (nm + 1) * sizeof(uint32_t));
    for (uint32_t m = 0; m < nm; m++)
        for (uint32_t r = 0; r < ir->materials[m].nreceipts; r++) {
            /* an open receipt is on hand when goods are next received */
            const IrReceipt *rec = &ir->materials[m].receipts[r];
            int64_t t = rec->at < ir->start ? ir->start : rec->at;
            ar->t[fill[m]++] = rec->reported ? t : vreceipt_arrives(v, &ir->materials[m], t);
        }
    for (uint32_t i = 0; i < pf->purchases.len; i++)
        if (pm[i] >= 0) ar->t[fill[pm[i]]++] = pf->purchases.data[i].arrive;
    for (uint32_t m = 0; m < nm; m++)
        if (ar->at[m + 1] - ar->at[m] > 1) qsort(ar->t + ar->at[m], ar->at[m + 1] - ar->at[m], sizeof(int64_t), i64_cmp);
    tk_free(fill);
    tk_free(pm);
}

/* Does material m arrive at t: a receipt of it, or one of the plan's
 * purchases? */
static bool arrives_at(const Arrivals *ar, int32_t m, int64_t t)
{
    uint32_t lo = ar->at[m], hi = ar->at[m + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ar->t[mid] < t) lo = mid + 1;
        else hi = mid;
    }
    return lo < ar->at[m + 1] && ar->t[lo] == t;
}

/* A work order's `materials`: the plan says its last material arrives
 * then, so it is an arrival of a material it uses, and it does not start
 * before (unless the shop floor started it). */
static void check_materials_time(V *v, int32_t k, const PfWorkOrder *pw, const Arrivals *ar, const uint8_t *bad_mat)
{
    const IrModel *ir = v->ir;
    const VWo *w = &v->w.data[k];
    const IrProduct *pr = &ir->products[w->product];
    char b1[32], b2[32];
    fmt_datetime_sp(b1, sizeof b1, pw->materials);
    for (uint32_t b = 0; b < pr->nbom; b++)
        if (!pr->bom[b].is_product && bad_mat[pr->bom[b].item]) return; /* a purchase of it is wrong already */
    /* the parts bought for it arrive then (make or buy) */
    bool arrival = (uint32_t)k < v->ndem && v->dem.wos.data[k].bought == pw->materials;
    for (uint32_t b = 0; b < pr->nbom && !arrival; b++)
        if (!pr->bom[b].is_product) arrival = arrives_at(ar, pr->bom[b].item, pw->materials);
    if (!arrival) {
        Diag *g = diag_error(v->d, pw->span, DIAG_WO_TIMES,
                             "'%s' says its materials arrive at %s, but nothing it uses arrives then", w->name, b1);
        diag_hint(g, "the time is that of the last receipt or purchase its materials come from");
        diag_note(g, pr->span, "the bill of materials of '%s'", pr->name);
        return;
    }
    bool reported = false;
    for (uint32_t q = 0; q < vwo_nslots(v, w); q++)
        if (w->ops[q] >= 0 && v->op_act[w->ops[q]] >= 0) reported = true;
    int64_t start = wo_start(v, k);
    if (!reported && start >= 0 && start < pw->materials) {
        fmt_datetime_sp(b2, sizeof b2, start);
        diag_error(v->d, pw->span, DIAG_WO_TIMES, "'%s' starts at %s, before its materials arrive (%s, as the plan says)",
                   w->name, b2, b1);
    }
}

static void check_work_orders(V *v, uint8_t *taint, const uint8_t *bad_mat)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    Span whole = {pf->file, 0, 0};
    NameIndex mats;
    nameindex_init(&mats);
    for (uint32_t i = 0; i < ir->nmaterials; i++) nameindex_add(&mats, ir->materials[i].name, (int32_t)i);
    Arrivals ar;
    arrivals_build(v, &mats, &ar);
    for (uint32_t k = 0; k < v->w.len; k++) {
        const VWo *w = &v->w.data[k];
        const IrProduct *pr = &ir->products[w->product];
        if (w->rec < 0) {
            char q[40];
            fmt_double(q, sizeof q, w->qty);
            Diag *g = diag_error(v->d, whole, DIAG_WO_RECORD, "the plan has no record of work order '%s' (%s '%s')", w->name,
                                 q, pr->name);
            if (w->order >= 0) diag_note(g, ir->orders[w->order].span, "the order it is for");
            continue;
        }
        const PfWorkOrder *pw = &pf->wos.data[w->rec];
        if (!w->extra) {
            Mismatch x = {0};
            mm_name(&x, "product", pw->product, pr->name);
            mm_num(&x, "qty", pw->qty, w->qty, 0);
            if (pw->release >= 0) mm_time(&x, "release", pw->release, w->release);
            if (pw->due >= 0) mm_time(&x, "due", pw->due, w->due);
            mm_name(&x, "for", pw->for_order, w->order >= 0 ? ir->orders[w->order].name : NULL);
            mm_name(&x, "parent", pw->parent, w->parent >= 0 ? v->w.data[w->parent].name : NULL);
            if (x.n) {
                Diag *g = diag_error(v->d, pw->span, DIAG_WO_RECORD, "the record of '%s' says %s, but the model's demand gives %s",
                                     w->name, sb_cstr(&x.said), sb_cstr(&x.is));
                diag_hint(g, "a work order's quantity and dates follow from the orders, the stock and the bills of "
                             "materials (docs/planning.md, \"Quantities\")");
            }
            mm_free(&x);
        }
        /* its start and end, from its operations */
        if (wo_tainted(v, taint, (int32_t)k)) continue;
        Mismatch x = {0};
        int64_t start = wo_start(v, (int32_t)k), end = vwo_done(v, (int32_t)k);
        if (pw->start >= 0 && start >= 0) mm_time(&x, "start", pw->start, start);
        if (pw->end >= 0 && end >= 0) mm_time(&x, "end", pw->end, end);
        if (x.n) {
            Diag *g = diag_error(v->d, pw->span, DIAG_WO_TIMES, "the record of '%s' says %s, but its operations give %s", w->name,
                                 sb_cstr(&x.said), sb_cstr(&x.is));
            diag_hint(g, pr->nsteps ? "a work order starts with its first operation and ends with its last, after its wait"
                                    : "a kit is done when its release, its materials and its parts are");
        }
        mm_free(&x);
        if (pw->materials >= 0) check_materials_time(v, (int32_t)k, pw, &ar, bad_mat);
    }
    tk_free(ar.at);
    tk_free(ar.t);
    nameindex_free(&mats);
}

/* ---- customer orders ------------------------------------------------------------------- */
static void check_order_records(V *v, uint8_t *taint)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    int32_t *seen = tk_xalloc((ir->norders + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < ir->norders; i++) seen[i] = -1;
    for (uint32_t r = 0; r < pf->orders.len; r++) {
        const PfOrder *po = &pf->orders.data[r];
        int32_t i = nameindex_find(&v->orders, po->name);
        if (i < 0) {
            diag_error(v->d, po->span, DIAG_ORDER_RECORD, "the plan records order '%s', which the model does not have", po->name);
            continue;
        }
        if (seen[i] >= 0) {
            Diag *g = diag_error(v->d, po->span, DIAG_ORDER_RECORD, "order '%s' is recorded twice", po->name);
            diag_note(g, pf->orders.data[seen[i]].span, "first recorded here");
            continue;
        }
        seen[i] = (int32_t)r;
        const IrOrder *o = &ir->orders[i];
        Mismatch x = {0};
        mm_name(&x, "product", po->product, ir->products[o->product].name);
        mm_num(&x, "qty", po->qty, o->qty, 0);
        if (po->due >= 0) mm_time(&x, "due", po->due, o->due);
        int64_t done = vorder_done(v, (uint32_t)i);
        const U32Vec *sv = &v->dem.serves[i];
        for (uint32_t j = 0; j < sv->len && done >= 0; j++)
            if (wo_tainted(v, taint, (int32_t)sv->data[j])) done = -1;
        if (done >= 0) {
            if (po->done >= 0) mm_time(&x, "done", po->done, done);
            if (!isnan(po->lateness)) mm_num(&x, "lateness", po->lateness, (double)(done - o->due), 0);
        }
        if (x.n) {
            Diag *g = diag_error(v->d, po->span, DIAG_ORDER_RECORD, "the record of order '%s' says %s, but its work orders give %s", o->name,
                                 sb_cstr(&x.said), sb_cstr(&x.is));
            diag_hint(g, "an order is done when the last work order it waits for is (docs/planning.md, \"Measures\"); "
                         "its lateness is that less its due date, in minutes");
            diag_note(g, o->span, "the order");
        }
        mm_free(&x);
    }
    tk_free(seen);
}

/* ---- operations ------------------------------------------------------------------------ */
static void check_op_records(V *v)
{
    const PlanFile *pf = v->pf;
    for (uint32_t i = 0; i < pf->ops.len; i++) {
        const PfOp *o = &pf->ops.data[i];
        const VOpWork *k = &v->op_work[i];
        if (!k->known || o->setup < 0 || o->run < 0) continue;
        if (near(o->setup, k->setup, FINE_TOL) && near(o->run, k->run, FINE_TOL)) continue;
        char a[40], b[40], c[40], d[40];
        fmt_double(a, sizeof a, o->setup);
        fmt_double(b, sizeof b, o->run);
        fmt_double(c, sizeof c, round(k->setup * 1e6) / 1e6);
        fmt_double(d, sizeof d, round(k->run * 1e6) / 1e6);
        bool act = v->op_act[i] >= 0;
        Diag *g = diag_error(v->d, o->span, DIAG_OP_RECORD, "'%s' %s is recorded with setup %s and run %s min, but %s setup %s and run %s",
                             o->wo, o->step, a, b, act ? "as reported it has" : "its model gives", c, d);
        diag_hint(g, "%s", act ? "an operation the shop floor reported has the reported setup, else the standard, and the rest "
                                 "of its working time is run"
                               : "the setup is the step's and the machine's after the job before it on the unit; the run is "
                                 "the step's for the work order's quantity");
    }
}

/* ---- purchases ------------------------------------------------------------------------- */
/* minutes as "2d 04:30", "3:15" */
static void span_of(char *b, size_t n, int64_t m)
{
    if (m < 0) snprintf(b, n, "-%lld min", (long long)-m);
    else if (m >= 1440) snprintf(b, n, "%lldd %02lld:%02lld", (long long)(m / 1440), (long long)(m % 1440 / 60), (long long)(m % 60));
    else snprintf(b, n, "%lld:%02lld", (long long)(m / 60), (long long)(m % 60));
}

static bool whole_multiple(double q, double m)
{
    double k = q / m;
    return fabs(k - round(k)) <= 1e-9 * (1 + fabs(k));
}

static void check_purchases(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    int64_t now = plan_now(ir);
    NameIndex mats;
    nameindex_init(&mats);
    for (uint32_t i = 0; i < ir->nmaterials; i++) nameindex_add(&mats, ir->materials[i].name, (int32_t)i);
    for (uint32_t i = 0; i < pf->purchases.len; i++) {
        const PfPurchase *pu = &pf->purchases.data[i];
        int32_t m = nameindex_find(&mats, pu->material);
        if (m < 0) continue; /* E0602, with the materials */
        const IrMaterial *mt = &ir->materials[m];
        char b1[32], b2[32], q[40];
        if (pu->order_at >= 0 && pu->order_at < now) {
            fmt_datetime_sp(b1, sizeof b1, pu->order_at);
            fmt_datetime_sp(b2, sizeof b2, now);
            Diag *g = diag_error(v->d, pu->span, DIAG_PURCHASE_EARLY, "a purchase of '%s' is ordered at %s, before %s (%s)", mt->name,
                                 b1, now > ir->start ? "now, the time of the actuals" : "the plan starts", b2);
            diag_hint(g, "what was ordered before %s is a receipt of the model (receipt QTY on DATE)",
                      now > ir->start ? "now" : "the plan starts");
        }
        if (pu->order_at >= 0 && pu->arrive >= 0 && pu->arrive - pu->order_at < mt->lead) {
            char l1[48], l2[48];
            span_of(l1, sizeof l1, pu->arrive - pu->order_at);
            span_of(l2, sizeof l2, mt->lead);
            Diag *g = diag_error(v->d, pu->span, DIAG_PURCHASE_LEAD, "a purchase of '%s' arrives %s after it is ordered, sooner than its lead time of %s",
                                 mt->name, l1, l2);
            diag_note(g, mt->span, "the material and its lead time");
        }
        fmt_double(q, sizeof q, pu->qty);
        const char *why = NULL;
        char lim[40];
        if (!(pu->qty > 0)) why = "nothing";
        else if (mt->lot.fixed > 0 && mt->consolidate > 0 ? !whole_multiple(pu->qty, mt->lot.fixed)
                                                          : mt->lot.fixed > 0 && !near(pu->qty, mt->lot.fixed, 0)) {
            /* a material that consolidates its purchases buys a whole number
             * of its lots at once (docs/planning.md, "Receiving") */
            fmt_double(lim, sizeof lim, mt->lot.fixed);
            why = mt->consolidate > 0 ? "not a whole number of lots of" : "not its fixed lot of";
        } else if (mt->lot.min > 0 && pu->qty < mt->lot.min * (1 - 1e-9)) {
            fmt_double(lim, sizeof lim, mt->lot.min);
            why = "less than its minimum order of";
        } else if (mt->lot.multiple > 0 && !whole_multiple(pu->qty, mt->lot.multiple)) {
            fmt_double(lim, sizeof lim, mt->lot.multiple);
            why = "not a multiple of";
        }
        if (why) {
            Diag *g = strcmp(why, "nothing") == 0
                          ? diag_error(v->d, pu->span, DIAG_PURCHASE_LOT, "a purchase of %s '%s' buys nothing", q, mt->name)
                          : diag_error(v->d, pu->span, DIAG_PURCHASE_LOT, "a purchase of %s %s of '%s' is %s %s %s", q, mt->uom,
                                       mt->name, why, lim, mt->uom);
            diag_note(g, mt->span, "the material and its lot sizing");
        }
    }
    nameindex_free(&mats);
}

/* ---- measures -------------------------------------------------------------------------- */
static double extra_material_cost(const IrModel *ir, const VWo *w)
{
    const IrProduct *pr = &ir->products[w->product];
    double c = 0;
    for (uint32_t b = 0; b < pr->nbom; b++)
        if (!pr->bom[b].is_product) c += pr->bom[b].qty * w->qty * ir->materials[pr->bom[b].item].cost;
    return c;
}

/* The measures of docs/planning.md, worked out from the operations and the
 * work orders; a measure that depends on an operation verify could not
 * work out (reported already) is not compared. */
static void check_measures(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    if (!pf->has_measures) return;
    const PfMeasures *k = &pf->known;
    bool times = true, work = true;
    int64_t finish = ir->start;
    double cost = 0, setups = 0, setup_time = 0;
    for (uint32_t i = 0; i < pf->ops.len; i++) {
        if (pf->ops.data[i].end > finish) finish = pf->ops.data[i].end;
        if (v->op_bad[i]) times = work = false;
        const VOpWork *o = &v->op_work[i];
        if (!o->known) {
            work = false;
            continue;
        }
        cost += o->cost;
        if (o->setup > 0) setups += 1;
        setup_time += o->setup;
    }
    for (uint32_t w = 0; w < v->w.len; w++) {
        for (uint32_t q = 0; q < vwo_nslots(v, &v->w.data[w]); q++)
            if (v->w.data[w].ops[q] < 0) work = false; /* its cost is missing */
        int64_t e = vwo_done(v, (int32_t)w);
        if (e < 0) times = false;
        else if (e > finish) finish = e;
        cost += w < v->ndem ? v->dem.wos.data[w].material_cost : extra_material_cost(ir, &v->w.data[w]);
    }
    cost += v->dem.buy_cost; /* products bought, by the rule */
    double tardiness = 0, max_tardiness = 0, weighted = 0, penalty = 0, late_orders = 0, flow = 0;
    for (uint32_t i = 0; i < ir->norders && times; i++) {
        const IrOrder *o = &ir->orders[i];
        int64_t done = vorder_done(v, i);
        if (done < 0) {
            times = false;
            break;
        }
        double late = done > o->due ? (double)(done - o->due) : 0;
        tardiness += late;
        if (late > max_tardiness) max_tardiness = late;
        weighted += o->priority * late;
        penalty += o->penalty * late;
        if (late > 0) late_orders += 1;
        flow += (double)(done - (o->release > ir->start ? o->release : ir->start));
    }
    double makespan = (double)(finish - ir->start);
    Mismatch x = {0};
    if (times) {
        if (k->finish >= 0) mm_time(&x, "finish", k->finish, finish);
        if (!isnan(k->makespan)) mm_num(&x, "makespan", k->makespan, makespan, 0);
        if (!isnan(k->tardiness)) mm_num(&x, "tardiness", k->tardiness, tardiness, 0);
        if (!isnan(k->late_orders)) mm_num(&x, "late_orders", k->late_orders, late_orders, 0);
        if (!isnan(k->penalty)) mm_money(&x, "penalty", k->penalty, penalty);
    }
    if (work) {
        if (!isnan(k->cost)) mm_money(&x, "cost", k->cost, cost);
        if (!isnan(k->setups)) mm_num(&x, "setups", k->setups, setups, 0);
        if (!isnan(k->setup_time)) mm_num(&x, "setup_time", k->setup_time, round(setup_time * 1e6) / 1e6, FINE_TOL);
    }
    /* an objective of restricted measures verify could not work out is not compared */
    if (times && work && !isnan(k->objective) && (!ir->nmeasures || v->terms_known)) {
        double obj = makespan;
        if (ir->objective_fn >= 0) {
            RuleEnv env;
            memset(&env, 0, sizeof env);
            env.var[RV_PLAN_MAKESPAN] = makespan;
            env.var[RV_PLAN_TARDINESS] = tardiness;
            env.var[RV_PLAN_MAX_TARDINESS] = max_tardiness;
            env.var[RV_PLAN_WEIGHTED_TARDINESS] = weighted;
            env.var[RV_PLAN_PENALTY] = penalty;
            env.var[RV_PLAN_COST] = cost;
            env.var[RV_PLAN_SETUPS] = setups;
            env.var[RV_PLAN_SETUP_TIME] = setup_time;
            env.var[RV_PLAN_LATE_ORDERS] = late_orders;
            env.var[RV_PLAN_FLOW_TIME] = flow;
            /* the change against a reference plan, as the plan states it
             * (takt verify --reference checks it: verify_change) */
            static const struct { int var; const char *key; } change[] = {
                {RV_PLAN_MOVED, "moved"}, {RV_PLAN_REASSIGNED, "reassigned"}, {RV_PLAN_SHIFTED, "shifted"}};
            for (size_t c = 0; c < sizeof change / sizeof change[0]; c++)
                for (uint32_t j = 0; j < pf->measures.len; j++)
                    if (strcmp(pf->measures.data[j].key, change[c].key) == 0)
                        env.var[change[c].var] = strtod(pf->measures.data[j].value, NULL);
            for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
            if (v->terms) env.attr[ATAB_MEASURE] = v->terms;
            obj = v->eng->eval(v->eng, ir->objective_fn, &env);
        }
        mm_num(&x, "objective", k->objective, round(obj * 1e6) / 1e6, FINE_TOL);
    }
    if (x.n) {
        Diag *g = diag_error(v->d, pf->measures_span, DIAG_MEASURES, "the measures say %s, but the plan's operations give %s",
                             sb_cstr(&x.said), sb_cstr(&x.is));
        diag_hint(g, "the measures are worked out from the operations and the orders (docs/planning.md, \"Measures\")");
    }
    mm_free(&x);
}

void verify_claims(V *v)
{
    check_purchases(v);
    uint8_t *bad_mat = tk_xalloc(v->ir->nmaterials + 1);
    memset(bad_mat, 0, v->ir->nmaterials + 1);
    mark_bad(v, bad_mat);
    uint8_t *taint = tk_xalloc(v->w.len + 1);
    memset(taint, 0, v->w.len + 1);
    check_plant(v);
    check_work_orders(v, taint, bad_mat);
    check_order_records(v, taint);
    tk_free(taint);
    tk_free(bad_mat);
    check_op_records(v);
    check_measures(v);
}
