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
 * to cycles. A cycle the actuals report whole (docs/actuals.md, "Batch
 * machines") is a record marked `actual done` or `actual running`: it is
 * held to the report — on its unit, from its start, to its end (a running
 * one: its cycle from its start, not before now), by the name the report
 * gives it if the record has one (`ref`), with exactly the
 * members reported, each with all its pieces (E0640) — and a record so
 * marked that the actuals do not report is E0641; its members take its
 * real working time and cost, shared by pieces, and it is not held to the
 * machine's cycle. A schedule CSV says nothing of cycles: nothing is
 * checked. */
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
    int32_t *rec_cycle;      /* per batch record: the reported cycle (IrModel.cycles) it is, -1 */
    int32_t *cycle_rec;      /* per reported cycle: its record, -1 */
    uint32_t *cycle_members; /* per reported cycle: how many members the actuals give it */
    uint32_t *cycle_by_key;  /* the reported cycles by machine, unit and start */
} VB;

static bool vb_used(const IrModel *ir)
{
    for (uint32_t i = 0; i < ir->nmachines; i++)
        if (ir->machines[i].batch_cap > 0) return true;
    return false;
}

/* A reported cycle's key, for sorting them. */
typedef struct CKey {
    int32_t machine;
    uint32_t unit, i;
    int64_t start;
} CKey;

static int ckey_cmp(const void *a, const void *b)
{
    const CKey *x = a, *y = b;
    if (x->machine != y->machine) return x->machine < y->machine ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
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
    B->rec_cycle = tk_xalloc(nb * sizeof(int32_t));
    for (size_t k = 0; k < nb; k++) {
        B->load[k] = B->pieces[k] = 0;
        B->first[k] = -1;
        B->nmembers[k] = 0;
        B->rec_cycle[k] = -1;
    }
    size_t nc = (size_t)ir->ncycles + 1;
    B->cycle_rec = tk_xalloc(nc * sizeof(int32_t));
    B->cycle_members = tk_xalloc(nc * sizeof(uint32_t));
    for (size_t c = 0; c < nc; c++) B->cycle_rec[c] = -1, B->cycle_members[c] = 0;
    for (uint32_t k = 0; k < ir->nactuals; k++)
        if (ir->actuals[k].cycle) B->cycle_members[ir->actuals[k].cycle - 1]++;
    B->cycle_by_key = tk_xalloc(nc * sizeof(uint32_t));
    CKey *ck = tk_xalloc(nc * sizeof(CKey));
    for (uint32_t c = 0; c < ir->ncycles; c++) ck[c] = (CKey){ir->cycles[c].machine, ir->cycles[c].unit, c, ir->cycles[c].start};
    qsort(ck, ir->ncycles, sizeof(CKey), ckey_cmp);
    for (uint32_t c = 0; c < ir->ncycles; c++) B->cycle_by_key[c] = ck[c].i;
    tk_free(ck);
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

/* Reported cycle q against (machine, unit from 0, start). */
static int cycle_key_cmp(const IrModel *ir, uint32_t q, int32_t m, int64_t unit, int64_t start)
{
    const IrCycle *rc = &ir->cycles[q];
    if (rc->machine != m) return rc->machine < m ? -1 : 1;
    if ((int64_t)rc->unit != unit) return (int64_t)rc->unit < unit ? -1 : 1;
    return rc->start < start ? -1 : rc->start > start;
}

/* A record marked reported: the cycle the actuals report on its unit from
 * its start, done or running as they say, to the end they give (a running
 * one: the machine's cycle of working time from its start, not before now). */
static void reported_record(VB *B, uint32_t k, int32_t m, const IrCalendar *cal)
{
    const IrModel *ir = B->ir;
    const PfBatch *b = &B->pf->batches.data[k];
    const IrMachine *mc = &ir->machines[m];
    char b1[32], b2[32];
    fmt_datetime_sp(b1, sizeof b1, b->start);
    /* the reported cycles by (machine, unit, start): a binary search */
    int32_t c = -1;
    uint32_t lo = 0, hi = ir->ncycles;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (cycle_key_cmp(ir, B->cycle_by_key[mid], m, b->unit - 1, b->start) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < ir->ncycles && c < 0 && cycle_key_cmp(ir, B->cycle_by_key[lo], m, b->unit - 1, b->start) == 0; lo++)
        if (B->cycle_rec[B->cycle_by_key[lo]] < 0) c = (int32_t)B->cycle_by_key[lo];
    B->bad[k] = 1; /* until it is found as reported */
    if (c < 0) {
        Diag *g = diag_error(B->d, b->span, DIAG_CYCLE_NOT_REPORTED,
                             "batch %s %g is marked actual %s, but the actuals report no cycle of '%s' on unit %d from %s",
                             b->machine, b->number, b->actual == 1 ? "done" : "running", mc->name, b->unit, b1);
        diag_hint(g, "only a cycle the shop floor reported is marked actual: plan again from the actuals");
        return;
    }
    const IrCycle *rc = &ir->cycles[c];
    B->cycle_rec[c] = (int32_t)k;
    B->rec_cycle[k] = c;
    int64_t end = rc->end;
    if (end < 0) {
        int64_t now = ir->now >= 0 ? ir->now : ir->start, s0, cycle = (int64_t)ceil(mc->batch_cycle - 1e-9);
        end = cal_finish(cal, rc->start, cycle, mc->split, &s0);
        if (s0 != rc->start) end = cal_finish(cal, rc->start, cycle, true, &s0);
        if (end < now) end = now;
        if (end == INT64_MAX || end > ir->end) end = now > rc->start ? now : rc->start + 1;
    }
    if (b->ref && (!rc->ref || strcmp(b->ref, rc->ref) != 0)) {
        /* a plan without the name (written before cycles kept one) is as good */
        Diag *g = diag_error(B->d, b->span, DIAG_CYCLE_NOT_KEPT, "batch %s %g is the cycle the actuals report %s%s%s, not \"%s\"",
                             b->machine, b->number, rc->ref ? "as \"" : "without a name", rc->ref ? rc->ref : "",
                             rc->ref ? "\"" : "", b->ref);
        diag_note(g, rc->span, "the shop floor's report");
        return;
    }
    if ((b->actual == 1) != (rc->end >= 0) || b->end != end) {
        fmt_datetime_sp(b2, sizeof b2, end);
        Diag *g = diag_error(B->d, b->span, DIAG_CYCLE_NOT_KEPT, "batch %s %g is the cycle the actuals report %s %s, not as the plan has it",
                             b->machine, b->number, rc->end >= 0 ? "done at" : "running until", b2);
        diag_note(g, rc->span, "the shop floor's report");
        return;
    }
    B->bad[k] = 0;
}

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
        const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
        if (b->actual) {
            reported_record(B, k, m, cal);
            continue;
        }
        /* the cycle: its working time from its start, in the machine's calendar */
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
        double cycle = mc->batch_cycle;
        const PfBatch *pb = &B->pf->batches.data[parts[k].batch];
        if (pb->actual) {
            /* a reported cycle: the working time it really took */
            const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
            cycle = (double)(cal ? cal_work_between(cal, pb->start, pb->end) : pb->end - pb->start);
        }
        w->run += cycle * share;
        w->cost += rate * cycle * share;
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
        /* where it happened: reported on its own, it is in no cycle; in a
         * cycle reported whole, in that one */
        int32_t rep = -1;
        if (ops->actual[i]) {
            const IrActual *a = ops->act[i] >= 0 ? &ir->actuals[ops->act[i]] : NULL;
            if (!a || !a->cycle) continue;
            rep = (int32_t)a->cycle - 1;
        }
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
            if (B->rec_cycle[b] != rep && !(rep >= 0 && B->cycle_rec[rep] < 0)) {
                /* a reported member elsewhere, or work the actuals do not report in a reported cycle */
                B->bad[b] = 1;
                Diag *g;
                if (rep >= 0)
                    g = diag_error(B->d, o->batches_span, DIAG_CYCLE_NOT_KEPT,
                                   "'%s' %s is reported in a cycle of '%s' from its start to its end, but the plan has it in batch %g",
                                   o->wo, o->step, mc->name, num);
                else
                    g = diag_error(B->d, o->batches_span, DIAG_CYCLE_NOT_KEPT,
                                   "'%s' %s is in batch %g of '%s', a cycle the actuals report, which they do not report it in",
                                   o->wo, o->step, num, mc->name);
                diag_note(g, pb->span, "the batch");
                if (rep >= 0) diag_note(g, ir->cycles[rep].span, "the cycle the shop floor reports it in");
            }
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
    /* every reported cycle in the plan, with its members */
    for (uint32_t c = 0; c < ir->ncycles; c++) {
        const IrCycle *rc = &ir->cycles[c];
        char b1[32];
        fmt_datetime_sp(b1, sizeof b1, rc->start);
        if (B->cycle_rec[c] < 0) {
            Diag *g = diag_error(B->d, rc->span, DIAG_CYCLE_NOT_KEPT,
                                 "the cycle of '%s' on unit %u from %s that the actuals report is not in the plan "
                                 "(a batch record marked actual from then)",
                                 ir->machines[rc->machine].name, rc->unit + 1, b1);
            diag_hint(g, "plan again from the actuals: a re-plan keeps each reported cycle as it ran");
            continue;
        }
        uint32_t b = (uint32_t)B->cycle_rec[c];
        if (B->nmembers[b] != B->cycle_members[c]) {
            const PfBatch *pb = &pf->batches.data[b];
            B->bad[b] = 1;
            Diag *g = diag_error(B->d, pb->span, DIAG_CYCLE_NOT_KEPT, "batch %s %g has %u members; the actuals report %u in it",
                                 pb->machine, pb->number, B->nmembers[b], B->cycle_members[c]);
            diag_note(g, rc->span, "the shop floor's report");
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
    tk_free(B->rec_cycle);
    tk_free(B->cycle_rec);
    tk_free(B->cycle_members);
    tk_free(B->cycle_by_key);
    tk_free(B);
}

const VerifyKind verify_batch = {"batch machines", vb_used, vb_begin, vb_work, vb_check, vb_free};
