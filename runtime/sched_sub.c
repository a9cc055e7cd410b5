/* sched_sub.c: work sent to subcontractors, in the dispatching pass
 * (docs/planning.md, "Subcontracted operations"). A subcontractor takes any
 * amount of work: an operation that reaches its queue is sent out as soon
 * as no in-house machine of the step would finish it sooner — at the first
 * time the subcontractor's calendar takes goods, back its lead time later
 * (elapsed time, at the next time goods come back) — and becomes a
 * subcontract order in the plan. */
#include "sched.h"

void sched_sub_dispatch(Sched *S, int32_t m, int64_t t)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    MState *ms = &S->ms[m];
    const IrMachine *mc = &ir->machines[m];
    uint32_t n = ms->queue.len, w = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t oi = ms->queue.data[i];
        Op *op = &p->ops.data[oi];
        if (op->planned) continue;
        /* --stable: sent no earlier than the previous plan sent it */
        if (S->prev_machine && S->prev_machine[oi] == m && S->prev_start[oi] != INT64_MAX && S->prev_start[oi] > t) {
            sched_want_dispatch(S, m, S->prev_start[oi]);
            ms->queue.data[w++] = oi;
            continue;
        }
        int64_t when = t;
        int32_t better = sched_sooner_elsewhere(S, oi, m, t, &when);
        if (better == SCHED_CANNOT) continue;
        if (better >= 0) { /* an in-house machine does it sooner: it stays waiting here too */
            sched_want_dispatch(S, better, when);
            ms->queue.data[w++] = oi;
            continue;
        }
        int64_t sent = plan_subcontract_send(ir, mc, t), back = plan_subcontract_back(ir, mc, sent);
        /* sooner_elsewhere has made sure it comes back within the horizon */
        TK_ASSERT(back != INT64_MAX && back <= ir->end);
        sched_place(S, oi, m, 0, sent, back, 0, 0, plan_subcontract_cost(mc, op->qty));
    }
    ms->queue.len = w;
}
