/* kind_batch.c: batch machines, the planner's half (kind.h, "machine
 * kinds"; docs/planning.md, "Batch machines"). A free unit of a batch
 * machine does not take one operation but a cycle: the operation the
 * dispatch rule puts first leads, and the compatible operations after it in
 * the rule's order fill the cycle's capacity; an operation larger than the
 * room left goes in with as many whole pieces as fit, and the rest waits for
 * a later cycle. What the cycle holds is recorded in the plan
 * (Plan.batches), which plan_write.c writes and verify_batch.c checks with
 * its own code. The dispatcher (sched.c) asks batch_take for the members
 * and books the cycle's time; the search keeps the dispatching pass's
 * batches (search.c). */
#include <math.h>
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
static bool compatible(const IrModel *ir, const IrMachine *mc, const WorkOrder *lw, const WorkOrder *w)
{
    if (mc->batch_by < 0) return true;
    return ir->products[lw->product].attrs[mc->batch_by] == ir->products[w->product].attrs[mc->batch_by];
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
        if (i > 0 && !compatible(ir, mc, lw, w)) continue;
        double per = batch_piece_load(ir, mc, w);
        double room = mc->batch_cap - *load;
        if (*load + left[oi] * per <= ROOM(mc->batch_cap)) {
            /* all that is left of it fits */
            out[k].op = oi;
            out[k++].qty = left[oi];
            *load += left[oi] * per;
        } else {
            double pieces = floor(room / per * (1 + 1e-12));
            if (pieces < 1) continue;
            if (pieces > left[oi]) pieces = left[oi];
            out[k].op = oi;
            out[k++].qty = pieces;
            *load += pieces * per;
        }
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
