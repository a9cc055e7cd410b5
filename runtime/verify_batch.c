/* verify_batch.c: batch machines in a plan, checked against the model
 * (docs/verify.md, docs/planning.md "Batch machines"). Its own code, apart
 * from the planner's (kind_batch.c, sched.c): it reads the plan's `batch`
 * records and each operation's `batches` (N:QTY, the cycles of its machine
 * it is in) and holds them to the rules —
 *   - a cycle holds no more than its machine's capacity (each piece taking
 *     its product's share, with `capacity N by ATTR`), its `pieces` and
 *     `load` are what its members add up to, and an operation's parts add
 *     up to its work order's quantity (E0630);
 *   - the members of a cycle agree on the machine's `batch by` attribute
 *     (E0631);
 *   - a cycle lies on a unit that exists, takes the machine's cycle of
 *     working time from a moment the machine works (in one stretch unless
 *     it may split), inside the horizon, and overlaps no other cycle of its
 *     unit; an operation starts with its first cycle, on that cycle's unit
 *     (a large one may go on through cycles of other units), and ends with
 *     its last (E0632).
 * Operations the actuals report are where they happened: they are not held
 * to cycles. A schedule CSV says nothing of cycles: nothing is checked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_kind.h"

typedef struct VB {
    const IrModel *ir;
    const PlanFile *pf;
    Diags *d;
    NameIndex machines;
    double *load, *pieces;   /* per batch record: what its members add up to */
    int32_t *first;          /* per batch record: the product of its first member, -1 if none yet */
    uint32_t *nmembers;
    uint8_t *bad;            /* per batch record: an error was reported on it */
} VB;

static bool vb_used(const IrModel *ir)
{
    for (uint32_t i = 0; i < ir->nmachines; i++)
        if (ir->machines[i].batch_cap > 0) return true;
    return false;
}

static void *vb_begin(const IrModel *ir, const PlanFile *pf, Diags *d)
{
    VB *B = tk_xalloc(sizeof *B);
    memset(B, 0, sizeof *B);
    B->ir = ir;
    B->pf = pf;
    B->d = d;
    nameindex_init(&B->machines);
    for (uint32_t i = 0; i < ir->nmachines; i++) nameindex_add(&B->machines, ir->machines[i].name, (int32_t)i);
    size_t nb = (size_t)pf->batches.len + 1;
    B->load = tk_xalloc(nb * sizeof(double));
    B->pieces = tk_xalloc(nb * sizeof(double));
    B->first = tk_xalloc(nb * sizeof(int32_t));
    B->nmembers = tk_xalloc(nb * sizeof(uint32_t));
    B->bad = tk_xalloc(nb);
    memset(B->bad, 0, nb);
    for (size_t k = 0; k < nb; k++) {
        B->load[k] = B->pieces[k] = 0;
        B->first[k] = -1;
        B->nmembers[k] = 0;
    }
    return B;
}

static int64_t vb_work(void *st, uint32_t i, const IrAlt *al, const IrCalendar *cal, int64_t setup)
{
    (void)st, (void)i, (void)al, (void)cal, (void)setup;
    return -1;
}

/* A batch by machine and number: its record, -1 if none. Records sorted by
 * (machine, number) in a side table. */
typedef struct BKey {
    int32_t machine;
    double number;
    uint32_t i;
} BKey;

static int bkey_cmp(const void *a, const void *b)
{
    const BKey *x = a, *y = b;
    if (x->machine != y->machine) return x->machine < y->machine ? -1 : 1;
    if (x->number != y->number) return x->number < y->number ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int32_t find_batch(const BKey *keys, uint32_t n, int32_t machine, double number)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (keys[mid].machine < machine || (keys[mid].machine == machine && keys[mid].number < number)) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && keys[lo].machine == machine && keys[lo].number == number ? (int32_t)keys[lo].i : -1;
}

/* Cycles of one unit, by start: none overlaps the one before */
typedef struct UKey {
    int32_t machine, unit;
    int64_t start;
    uint32_t i;
} UKey;

static int ukey_cmp(const void *a, const void *b)
{
    const UKey *x = a, *y = b;
    if (x->machine != y->machine) return x->machine < y->machine ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static bool near(double a, double b) { return fabs(a - b) <= 1e-6 * (fabs(a) + fabs(b) + 1); }

static void check_records(VB *B, BKey *keys, uint32_t *nkeys)
{
    const IrModel *ir = B->ir;
    const PlanFile *pf = B->pf;
    uint32_t nb = pf->batches.len, n = 0;
    UKey *uk = tk_xalloc(((size_t)nb + 1) * sizeof(UKey));
    for (uint32_t k = 0; k < nb; k++) {
        const PfBatch *b = &pf->batches.data[k];
        int32_t m = nameindex_find(&B->machines, b->machine);
        if (m < 0 || !(ir->machines[m].batch_cap > 0)) {
            Diag *g = diag_error(B->d, b->span, DIAG_BATCH_TIMES, "batch %g names '%s', which is not a batch machine of the model",
                                 b->number, b->machine);
            diag_hint(g, "a batch machine has a capacity and a cycle: machine oven { capacity 40  cycle 8 h }");
            continue;
        }
        const IrMachine *mc = &ir->machines[m];
        keys[n] = (BKey){m, b->number, k};
        uk[n++] = (UKey){m, b->unit, b->start, k};
        if (b->unit < 1 || (uint32_t)b->unit > mc->units) {
            diag_error(B->d, b->span, DIAG_BATCH_TIMES, "batch %s %g is on unit %d, and '%s' has %u", b->machine,
                       b->number, b->unit, mc->name, mc->units);
            B->bad[k] = 1;
            continue;
        }
        if (b->start < ir->start || b->end > ir->end || b->end < b->start) {
            diag_error(B->d, b->span, DIAG_BATCH_TIMES, "batch %s %g lies outside the plan's horizon or ends before it starts",
                       b->machine, b->number);
            B->bad[k] = 1;
            continue;
        }
        /* the cycle: its working time from its start, in the machine's calendar */
        const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
        int64_t cycle = (int64_t)ceil(mc->batch_cycle - 1e-9), s0;
        int64_t want = cal_finish(cal, b->start, cycle, mc->split, &s0);
        if (s0 != b->start || want != b->end) {
            B->bad[k] = 1;
            char b1[32], b2[32];
            fmt_datetime_sp(b1, sizeof b1, b->start);
            if (want == INT64_MAX) snprintf(b2, sizeof b2, "never");
            else fmt_datetime_sp(b2, sizeof b2, want);
            Diag *g = diag_error(B->d, b->span, DIAG_BATCH_TIMES,
                                 "batch %s %g does not take the machine's cycle of %lld min: from %s it ends %s",
                                 b->machine, b->number, (long long)cycle, b1, b2);
            if (s0 != b->start) diag_hint(g, "'%s' is closed at %s: a cycle starts when the machine works", mc->name, b1);
            else diag_hint(g, "a cycle takes the machine's cycle of working time%s",
                           mc->split ? ", pausing over breaks" : ", without a break");
            diag_note(g, mc->span, "the machine, its cycle and its calendar");
        }
    }
    qsort(uk, n, sizeof(UKey), ukey_cmp);
    for (uint32_t k = 1; k < n; k++) {
        if (uk[k].machine != uk[k - 1].machine || uk[k].unit != uk[k - 1].unit) continue;
        const PfBatch *a = &pf->batches.data[uk[k - 1].i], *b = &pf->batches.data[uk[k].i];
        if (b->start < a->end) {
            B->bad[uk[k].i] = 1;
            char b1[32];
            fmt_datetime_sp(b1, sizeof b1, a->end);
            Diag *g = diag_error(B->d, b->span, DIAG_BATCH_TIMES, "batch %s %g starts on unit %d before batch %g there ends (%s)",
                                 b->machine, b->number, b->unit, a->number, b1);
            diag_note(g, a->span, "the batch it overlaps");
        }
    }
    tk_free(uk);
    qsort(keys, n, sizeof(BKey), bkey_cmp);
    for (uint32_t k = 1; k < n; k++)
        if (keys[k].machine == keys[k - 1].machine && keys[k].number == keys[k - 1].number) {
            B->bad[keys[k].i] = B->bad[keys[k - 1].i] = 1;
            Diag *g = diag_error(B->d, pf->batches.data[keys[k].i].span, DIAG_BATCH_TIMES, "batch %s %g is given twice",
                                 ir->machines[keys[k].machine].name, keys[k].number);
            diag_note(g, pf->batches.data[keys[k - 1].i].span, "first given here");
        }
    *nkeys = n;
}

/* An operation's part of a cycle, as its `batches` say */
typedef struct BPart {
    uint32_t op, batch;
    double qty;
} BPart;

/* The setup, run and cost of the operations on batch machines
 * (docs/planning.md, "Batch machines"): no setup; each cycle's time and
 * cost — the machine's rate for its cycle — shared among its pieces, an
 * operation taking its pieces' share of each cycle it is in. Not worked
 * out (known false) for an operation whose batches could not be read, or
 * on a machine whose cost is a rule: the rule sees the job that led the
 * cycle, which the plan does not say. A member of a cycle with an error of
 * its own is marked bad: its times and work follow from that error. */
static void batch_work(const VB *B, const VOps *ops, const BPart *parts, uint32_t nparts, const uint8_t *whole)
{
    const IrModel *ir = B->ir;
    for (uint32_t k = 0; k < nparts; k++) {
        uint32_t i = parts[k].op;
        VOpWork *w = &ops->work[i];
        const IrMachine *mc = &ir->machines[ops->machine[i]];
        if (B->bad[parts[k].batch]) ops->bad[i] = 1; /* what follows from it is not held to it again */
        if (!whole[i] || mc->cost_fn >= 0) {
            w->known = false;
            continue;
        }
        if (k == 0 || parts[k - 1].op != i) *w = (VOpWork){0, 0, 0, true};
        if (ops->bad[i]) w->known = false;
        double pieces = B->pieces[parts[k].batch];
        double share = pieces > 0 ? parts[k].qty / pieces : 0;
        double rate = mc->cost_rate;
        if (!(rate >= 0 && rate * 60 <= TAKT_MAX_MONEY)) rate = 0;
        w->run += mc->batch_cycle * share;
        w->cost += rate * mc->batch_cycle * share;
    }
}

static void vb_check(void *st, const VOps *ops)
{
    VB *B = st;
    const IrModel *ir = B->ir;
    const PlanFile *pf = B->pf;
    if (pf->csv) return;
    BKey *keys = tk_xalloc(((size_t)pf->batches.len + 1) * sizeof(BKey));
    uint32_t nkeys = 0;
    check_records(B, keys, &nkeys);
    TK_VEC_OF(BPart) parts = {0};
    uint8_t *whole = tk_xalloc((size_t)pf->ops.len + 1); /* per op: every part of it read and found */
    memset(whole, 0, (size_t)pf->ops.len + 1);
    for (uint32_t i = 0; i < pf->ops.len; i++) {
        const PfOp *o = &pf->ops.data[i];
        int32_t m = ops->machine[i];
        if (m < 0 || !(ir->machines[m].batch_cap > 0)) {
            if (o->batches)
                diag_error(B->d, o->batches_span, DIAG_BATCH_TIMES, "'%s' %s is in batches, but '%s' is no batch machine",
                           o->wo, o->step, o->machine);
            continue;
        }
        const IrMachine *mc = &ir->machines[m];
        if (ops->actual[i]) continue; /* where it happened */
        if (!o->batches) {
            Diag *g = diag_error(B->d, o->span, DIAG_BATCH_TIMES, "'%s' %s is on batch machine '%s', but in no batch", o->wo,
                                 o->step, mc->name);
            diag_hint(g, "an operation on a batch machine lists its cycles: batches 3:20,4:12");
            continue;
        }
        whole[i] = ops->step[i] >= 0;
        double per = mc->batch_load >= 0 && ops->product[i] >= 0 ? ir->products[ops->product[i]].attrs[mc->batch_load] : 1;
        double sum = 0;
        int64_t first = INT64_MAX, last = INT64_MIN;
        int32_t first_b = -1;
        bool bad = false;
        const char *s = o->batches;
        while (*s && !bad) {
            char *e;
            double num = strtod(s, &e);
            if (e == s || *e != ':') {
                bad = true;
                break;
            }
            const char *q = e + 1;
            double qty = strtod(q, &e);
            if (e == q || !(qty > 0) || (*e && *e != ',')) {
                bad = true;
                break;
            }
            s = *e ? e + 1 : e;
            int32_t b = find_batch(keys, nkeys, m, num);
            if (b < 0) {
                diag_error(B->d, o->batches_span, DIAG_BATCH_TIMES, "'%s' %s is in batch %g of '%s', which the plan does not have",
                           o->wo, o->step, num, mc->name);
                whole[i] = 0;
                continue;
            }
            vec_push(&parts, ((BPart){i, (uint32_t)b, qty}));
            const PfBatch *pb = &pf->batches.data[b];
            if (pb->start < first || (pb->start == first && pb->unit == o->unit)) first_b = b;
            if (pb->start < first) first = pb->start;
            if (pb->end > last) last = pb->end;
            sum += qty;
            B->pieces[b] += qty;
            B->load[b] += qty * per;
            B->nmembers[b]++;
            if (mc->batch_by >= 0 && ops->product[i] >= 0) {
                if (B->first[b] < 0) B->first[b] = ops->product[i];
                else if (ir->products[B->first[b]].attrs[mc->batch_by] != ir->products[ops->product[i]].attrs[mc->batch_by]) {
                    B->bad[b] = 1;
                    Diag *g = diag_error(B->d, o->span, DIAG_BATCH_MIXED,
                                         "'%s' %s (%s) shares batch %g of '%s' with %s, which may not share a cycle with it",
                                         o->wo, o->step, ir->products[ops->product[i]].name, num, mc->name,
                                         ir->products[B->first[b]].name);
                    diag_hint(g, "'%s' batches by %s: only products with the same %s share a cycle", mc->name,
                              ir->attr_names[ATAB_JOB][mc->batch_by], ir->attr_names[ATAB_JOB][mc->batch_by]);
                    diag_note(g, pb->span, "the batch");
                }
            }
        }
        if (bad) {
            whole[i] = 0;
            diag_error(B->d, o->batches_span, DIAG_PLAN_UNREADABLE, "'%s' %s: unreadable batches '%s'", o->wo, o->step,
                       o->batches);
            continue;
        }
        if (ops->qty[i] >= 0 && !near(sum, ops->qty[i])) {
            Diag *g = diag_error(B->d, o->batches_span, DIAG_BATCH_OVERFULL,
                                 "'%s' %s has %g pieces in its batches, and its work order %g", o->wo, o->step, sum,
                                 ops->qty[i]);
            diag_hint(g, "every piece of an operation on a batch machine goes through one cycle");
        }
        if (first_b >= 0 && pf->batches.data[first_b].unit != o->unit) {
            const PfBatch *pb = &pf->batches.data[first_b];
            Diag *g = diag_error(B->d, o->span, DIAG_BATCH_TIMES, "'%s' %s is on unit %d, but its first batch (%g) on unit %d",
                                 o->wo, o->step, o->unit, pb->number, pb->unit);
            diag_note(g, pb->span, "the batch");
        }
        if (first != INT64_MAX && (o->start != first || o->end != last)) {
            char b1[32], b2[32];
            fmt_datetime_sp(b1, sizeof b1, first);
            fmt_datetime_sp(b2, sizeof b2, last);
            diag_error(B->d, o->span, DIAG_BATCH_TIMES, "'%s' %s does not start and end with its batches (%s to %s)", o->wo,
                       o->step, b1, b2);
        }
    }
    for (uint32_t k = 0; k < nkeys; k++) {
        uint32_t b = keys[k].i;
        const PfBatch *pb = &pf->batches.data[b];
        const IrMachine *mc = &ir->machines[keys[k].machine];
        if (B->load[b] > mc->batch_cap * (1 + 1e-9)) {
            B->bad[b] = 1;
            Diag *g = diag_error(B->d, pb->span, DIAG_BATCH_OVERFULL, "batch %s %g holds %g, more than the capacity of %g",
                                 pb->machine, pb->number, B->load[b], mc->batch_cap);
            diag_note(g, mc->span, "the machine and its capacity");
        }
        if ((pb->pieces == pb->pieces && !near(pb->pieces, B->pieces[b])) ||
            (pb->load == pb->load && !near(pb->load, B->load[b]))) {
            B->bad[b] = 1;
            diag_error(B->d, pb->span, DIAG_BATCH_OVERFULL,
                       "batch %s %g says %g pieces and a load of %g; its members add up to %g and %g", pb->machine,
                       pb->number, pb->pieces, pb->load, B->pieces[b], B->load[b]);
        }
    }
    batch_work(B, ops, parts.data, parts.len, whole);
    vec_free(&parts);
    tk_free(whole);
    tk_free(keys);
}

static void vb_free(void *st)
{
    VB *B = st;
    nameindex_free(&B->machines);
    tk_free(B->load);
    tk_free(B->pieces);
    tk_free(B->first);
    tk_free(B->nmembers);
    tk_free(B->bad);
    tk_free(B);
}

const VerifyKind verify_batch = {"batch machines", vb_used, vb_begin, vb_work, vb_check, vb_free};
