/* kind_batch.c: batch machines, the planner's half (kind.h, "machine
 * kinds"; docs/planning.md, "Batch machines"). A free unit of a batch
 * machine does not take one operation but a cycle: the operation the
 * dispatch rule puts first leads, and the compatible operations after it in
 * the rule's order fill the cycle's capacity; an operation larger than the
 * room left goes in with as many whole pieces as fit, and the rest waits for
 * a later cycle. What the cycle holds is recorded in the plan
 * (Plan.batches), which plan_write.c writes and verify_batch.c checks with
 * its own code. The dispatcher (sched.c) asks batch_take for the members
 * and books the cycle's time.
 *
 * The search's decoder (search_eval.c) asks kind_batch through the table of
 * kinds (kind.h), as it asks a pool: an operation on a unit of a batch
 * machine is placed by batch_step — it joins the unit's open cycle when it
 * is compatible with the cycle's leader, there is room for a piece and it is
 * ready by the cycle's start; the rest of it (all of it, if it does not
 * join) goes into new cycles of the unit, one after the other, the first
 * from when it is ready and the unit's last cycle ends. So the sequence of
 * a unit decodes into cycles in its order, and moving an operation in the
 * sequence moves it between cycles: put first, it leads a cycle that starts
 * when it is ready (docs/search.md, "Batch machines"). The cycles of the
 * last decode go into the plan (kb_end) as the dispatching pass's do. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"

/* Capacity compared with a little room for rounding: loads are sums of
 * products of decimals. */
#define ROOM(cap) ((cap) * (1 + 1e-9))

bool batch_machine(const IrMachine *mc) { return mc->batch_cap > 0; }

bool batch_used(const IrModel *ir)
{
    for (uint32_t i = 0; i < ir->nmachines; i++)
        if (batch_machine(&ir->machines[i])) return true;
    return false;
}

double batch_piece_load(const IrModel *ir, const IrMachine *mc, const WorkOrder *w)
{
    return mc->batch_load >= 0 ? ir->products[w->product].attrs[mc->batch_load] : 1;
}

/* May work order w share a cycle of mc with the leader's work order lw. */
bool batch_compatible(const IrModel *ir, const IrMachine *mc, const WorkOrder *lw, const WorkOrder *w)
{
    if (mc->batch_by < 0) return true;
    return ir->products[lw->product].attrs[mc->batch_by] == ir->products[w->product].attrs[mc->batch_by];
}

double batch_fit(double cap, double load, double left, double per)
{
    if (load + left * per <= ROOM(cap)) return left;
    double pieces = floor((cap - load) / per * (1 + 1e-12));
    if (!(pieces >= 1)) return 0;
    return pieces > left ? left : pieces;
}

uint32_t batch_take(const Plan *p, int32_t m, const uint32_t *cands, uint32_t n, const double *left, BatchPart *out,
                    double *load)
{
    const IrModel *ir = p->ir;
    const IrMachine *mc = &ir->machines[m];
    *load = 0;
    if (!n) return 0;
    const WorkOrder *lw = &p->wos.data[p->ops.data[cands[0]].wo];
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t oi = cands[i];
        const WorkOrder *w = &p->wos.data[p->ops.data[oi].wo];
        if (i > 0 && !batch_compatible(ir, mc, lw, w)) continue;
        double per = batch_piece_load(ir, mc, w);
        /* all that is left of it, or as many whole pieces as fit */
        double pieces = batch_fit(mc->batch_cap, *load, left[oi], per);
        if (!(pieces > 0) && *load + left[oi] * per > ROOM(mc->batch_cap)) continue;
        out[k].op = oi;
        out[k++].qty = pieces;
        *load += pieces * per;
        if (*load >= mc->batch_cap * (1 - 1e-12)) break;
    }
    return k;
}

void batch_record(Plan *p, int32_t m, uint32_t unit, int64_t start, int64_t end, const BatchPart *parts, uint32_t n,
                  double cost)
{
    PlanBatch b = {m, unit, start, end, p->batch_parts.len, n, cost};
    double pieces = 0;
    for (uint32_t i = 0; i < n; i++) pieces += parts[i].qty;
    for (uint32_t i = 0; i < n; i++) {
        vec_push(&p->batch_parts, parts[i]);
        /* the cycle's cost and time, shared by pieces */
        Op *op = &p->ops.data[parts[i].op];
        double share = pieces > 0 ? parts[i].qty / pieces : 0;
        op->cost += cost * share;
        op->run += p->ir->machines[m].batch_cycle * share;
    }
    vec_push(&p->batches, b);
}

/* ---- the search's decoder ------------------------------------------------------------ */
bool batch_step(const Plan *p, int32_t m, const IrCalendar *cal, const BatchUnit *u, uint32_t op, int64_t t,
                BatchUnit *after, BatchCycleParts *parts)
{
    const IrModel *ir = p->ir;
    const IrMachine *mc = &ir->machines[m];
    const Op *o = &p->ops.data[op];
    const WorkOrder *w = &p->wos.data[o->wo];
    double per = batch_piece_load(ir, mc, w), left = o->qty > 0 ? o->qty : 0;
    double done = 1e-9 * left; /* what is left of it below this is rounding */
    *after = *u;
    parts->len = 0;
    if (u->lead >= 0 && t <= u->start && batch_compatible(ir, mc, &p->wos.data[u->lead], w)) {
        double q = batch_fit(mc->batch_cap, u->load, left, per);
        if (q > 0 || (left <= done && u->load + left * per <= ROOM(mc->batch_cap))) {
            BatchCyclePart c = {u->start, u->end, q, true};
            vec_push(parts, c);
            after->load += q * per;
            left -= q;
        }
    }
    int64_t cycle = plan_work_minutes(mc->batch_cycle);
    while (!parts->len || left > done) {
        /* a new cycle, led by it: from when it is ready and the unit's last cycle is over */
        int64_t from = t > after->free_at ? t : after->free_at, s0;
        int64_t e = cal_finish(cal, from, cycle, mc->split, &s0);
        double q = batch_fit(mc->batch_cap, 0, left, per);
        if (e == INT64_MAX || e > ir->end || (!(q > 0) && left > done)) return false;
        BatchCyclePart c = {s0, e, q, false};
        vec_push(parts, c);
        after->lead = (int32_t)o->wo;
        after->start = s0;
        after->end = after->free_at = e;
        after->load = q * per;
        left -= q;
    }
    /* a full cycle takes nobody more */
    if (after->lead >= 0 && after->load >= mc->batch_cap * (1 - 1e-12)) after->lead = -1;
    return true;
}

typedef struct KbCycle {
    int32_t machine;
    uint32_t unit;
    int64_t start, end;
    double cost;
} KbCycle;

typedef struct KbPart {
    uint32_t cycle, op;
    double qty;
} KbPart;

typedef struct KB {
    Plan *p;
    const IrModel *ir;
    uint32_t *base;          /* per machine: its first unit in units[] */
    BatchUnit *units;
    uint32_t *open;          /* per unit: the cycle (cycles[]) its open cycle is */
    uint32_t nunits;
    TK_VEC_OF(KbCycle) cycles; /* of the last decode */
    TK_VEC_OF(KbPart) parts;
    BatchCycleParts tmp;
    BatchUnit after;
} KB;

static void *kb_begin(Plan *p)
{
    const IrModel *ir = p->ir;
    KB *B = tk_xalloc(sizeof *B);
    memset(B, 0, sizeof *B);
    B->p = p;
    B->ir = ir;
    B->base = tk_xalloc(((size_t)ir->nmachines + 1) * sizeof(uint32_t));
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        B->base[m] = B->nunits;
        B->nunits += ir->machines[m].units;
    }
    B->units = tk_xalloc(((size_t)B->nunits + 1) * sizeof(BatchUnit));
    B->open = tk_xalloc(((size_t)B->nunits + 1) * sizeof(uint32_t));
    return B;
}

static void kb_reset(void *st)
{
    KB *B = st;
    for (uint32_t g = 0; g < B->nunits; g++) B->units[g] = (BatchUnit){B->ir->start, 0, 0, 0, -1};
    B->cycles.len = B->parts.len = 0;
}

static bool kb_applies(void *st, const KPlace *pl)
{
    KB *B = st;
    return batch_machine(&B->ir->machines[pl->machine]);
}

static double kb_cycle_cost(const KB *B, const KPlace *pl)
{
    double rate = pl->rate;
    if (!(rate >= 0 && rate * 60 <= TAKT_MAX_MONEY)) rate = 0;
    return rate * B->ir->machines[pl->machine].batch_cycle;
}

static bool kb_place(void *st, const KPlace *pl, KSlot *slot)
{
    KB *B = st;
    const BatchUnit *u = &B->units[B->base[pl->machine] + pl->unit];
    if (!batch_step(B->p, pl->machine, pl->cal, u, pl->op, pl->t, &B->after, &B->tmp)) {
        slot->why = "no cycle of the batch machine that would take it ends before the horizon";
        return false;
    }
    const BatchCyclePart *c = B->tmp.data;
    uint32_t n = B->tmp.len, fresh = n - (c[0].joined ? 1 : 0);
    slot->start = slot->setup_end = c[0].start;
    slot->end = c[n - 1].end;
    slot->cost = kb_cycle_cost(B, pl) * fresh; /* a cycle's cost counted once, with the operation that opens it */
    slot->unit_set = true;
    slot->unit_free = B->after.lead >= 0 ? B->after.start : B->after.free_at;
    slot->by_unit = !c[0].joined && u->free_at > pl->t;
    return true;
}

static void kb_book(void *st, const KPlace *pl, const KSlot *slot)
{
    KB *B = st;
    (void)slot;
    uint32_t g = B->base[pl->machine] + pl->unit;
    bool ok = batch_step(B->p, pl->machine, pl->cal, &B->units[g], pl->op, pl->t, &B->after, &B->tmp);
    TK_ASSERT(ok); /* as place() found it */
    double cost = kb_cycle_cost(B, pl);
    for (uint32_t k = 0; k < B->tmp.len; k++) {
        const BatchCyclePart *c = &B->tmp.data[k];
        if (!c->joined) {
            KbCycle y = {pl->machine, pl->unit, c->start, c->end, cost};
            B->open[g] = B->cycles.len;
            vec_push(&B->cycles, y);
        }
        KbPart x = {B->open[g], pl->op, c->qty};
        vec_push(&B->parts, x);
    }
    B->units[g] = B->after;
}

/* Work reported on the unit: the unit's later cycles come after it. */
static void kb_book_reported(void *st, const KPlace *pl, int64_t start, int64_t setup_end, int64_t end)
{
    KB *B = st;
    (void)start, (void)setup_end;
    BatchUnit *u = &B->units[B->base[pl->machine] + pl->unit];
    if (end > u->free_at) u->free_at = end;
    u->lead = -1;
}

typedef struct KbKey {
    int64_t start;
    int32_t machine;
    uint32_t unit, i;
} KbKey;

static int kbkey_cmp(const void *a, const void *b)
{
    const KbKey *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->machine != y->machine) return x->machine < y->machine ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The plan's cycles: those the shop floor reported, as they ran, and the
 * last decode's, in the order they start; each member's cost and run its
 * share of its cycles' (batch_record). */
static void kb_end(void *st, Plan *p)
{
    KB *B = st;
    /* the reported cycles stay; the dispatching pass's others go */
    uint32_t nb = 0, np = 0;
    BatchPart *kept = tk_xalloc(((size_t)p->batch_parts.len + 1) * sizeof(BatchPart));
    for (uint32_t b = 0; b < p->batches.len; b++) {
        PlanBatch pb = p->batches.data[b];
        if (!pb.actual) continue;
        uint32_t first = np;
        for (uint32_t k = 0; k < pb.n; k++) kept[np++] = p->batch_parts.data[pb.first + k];
        pb.first = first;
        p->batches.data[nb++] = pb;
    }
    if (np) memcpy(p->batch_parts.data, kept, (size_t)np * sizeof(BatchPart));
    tk_free(kept);
    p->batches.len = nb;
    p->batch_parts.len = np;
    uint32_t nc = B->cycles.len;
    /* the members of each decoded cycle, in the order they joined it */
    uint32_t *off = tk_xalloc(((size_t)nc + 2) * sizeof(uint32_t));
    memset(off, 0, ((size_t)nc + 2) * sizeof(uint32_t));
    for (uint32_t k = 0; k < B->parts.len; k++) off[B->parts.data[k].cycle + 1]++;
    for (uint32_t c = 0; c < nc; c++) off[c + 1] += off[c];
    BatchPart *mem = tk_xalloc(((size_t)B->parts.len + 1) * sizeof(BatchPart));
    uint32_t *fill = tk_xalloc(((size_t)nc + 1) * sizeof(uint32_t));
    memcpy(fill, off, ((size_t)nc + 1) * sizeof(uint32_t));
    for (uint32_t k = 0; k < B->parts.len; k++) {
        const KbPart *x = &B->parts.data[k];
        mem[fill[x->cycle]++] = (BatchPart){x->op, x->qty};
        Op *op = &p->ops.data[x->op];
        op->cost = op->run = 0; /* its shares, below */
    }
    KbKey *key = tk_xalloc(((size_t)nc + nb + 1) * sizeof(KbKey));
    for (uint32_t c = 0; c < nc; c++) {
        const KbCycle *y = &B->cycles.data[c];
        key[c] = (KbKey){y->start, y->machine, y->unit, c};
    }
    qsort(key, nc, sizeof(KbKey), kbkey_cmp);
    for (uint32_t k = 0; k < nc; k++) {
        uint32_t c = key[k].i;
        const KbCycle *y = &B->cycles.data[c];
        batch_record(p, y->machine, y->unit, y->start, y->end, mem + off[c], off[c + 1] - off[c], y->cost);
    }
    /* the reported ones (first) and the decoded ones, merged by start */
    uint32_t all = p->batches.len;
    for (uint32_t b = 0; b < all; b++) {
        const PlanBatch *pb = &p->batches.data[b];
        key[b] = (KbKey){pb->start, 0, 0, b};
    }
    qsort(key, all, sizeof(KbKey), kbkey_cmp);
    PlanBatch *sorted = tk_xalloc(((size_t)all + 1) * sizeof(PlanBatch));
    for (uint32_t k = 0; k < all; k++) sorted[k] = p->batches.data[key[k].i];
    if (all) memcpy(p->batches.data, sorted, (size_t)all * sizeof(PlanBatch));
    tk_free(sorted);
    tk_free(key);
    tk_free(fill);
    tk_free(mem);
    tk_free(off);
}

static void kb_free(void *st)
{
    KB *B = st;
    tk_free(B->base);
    tk_free(B->units);
    tk_free(B->open);
    vec_free(&B->cycles);
    vec_free(&B->parts);
    vec_free(&B->tmp);
    tk_free(B);
}

const KindOps kind_batch = {
    "batch", batch_used, kb_begin, kb_reset, kb_applies, kb_place, kb_book, kb_book_reported,
    kb_end, kb_free, true, NULL, NULL,
};
