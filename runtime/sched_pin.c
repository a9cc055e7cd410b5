/* sched_pin.c: pins in the dispatching pass (docs/planning.md, "Pins,
 * firm work orders and the frozen horizon"). plan_pins() (pin.c) has said
 * which operation is pinned where; here:
 *
 *   - an operation pinned to a start does not wait in a queue: at its start
 *     (an EV_PIN event, after everything else of that minute) it starts on
 *     its unit, if it is ready and the unit free; else the pin cannot be
 *     honoured (E0476), and the message says what holds it: a step before
 *     it, a component, its material, its release, the operation on its unit
 *     — naming that one's pin too where it has one;
 *   - a unit fills the time before its next pinned operation only with work
 *     that ends by the pin's start, and after which the pinned operation,
 *     its setup now following that work, still ends before the unit's next
 *     pin;
 *   - an operation pinned to a machine or unit waits only there (sched.c
 *     asks sched_pin_allows).
 *
 * A pin that cannot be honoured is dropped after its error, so that the
 * pass goes on and reports what else is wrong; the plan is not written. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

#define EPS 1e-9

static const Plan *cmp_plan;
static int by_unit_start(const void *a, const void *b)
{
    const Plan *p = cmp_plan;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (p->pin_machine[x] != p->pin_machine[y]) return p->pin_machine[x] < p->pin_machine[y] ? -1 : 1;
    if (p->pin_unit[x] != p->pin_unit[y]) return p->pin_unit[x] < p->pin_unit[y] ? -1 : 1;
    if (p->pin_start[x] != p->pin_start[y]) return p->pin_start[x] < p->pin_start[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

void sched_pin_begin(Sched *S)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    uint32_t n = p->ops.len, nt = 0;
    S->pin_ready = tk_xalloc(n + 1);
    memset(S->pin_ready, 0, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        if (!p->ops.data[i].pinned || p->ops.data[i].planned) continue;
        if (p->pin_unit[i] >= 0 && p->pin_start[i] < 0) S->unit_pins = true;
        if (p->pin_start[i] >= 0) {
            if (p->pin_unit[i] >= 0) nt++;
            sched_push(S, p->pin_start[i], EV_PIN, (int32_t)i);
        }
    }
    /* each unit's timed pins, by start */
    S->pin_seq = tk_xalloc((nt + 1) * sizeof(uint32_t));
    nt = 0;
    for (uint32_t i = 0; i < n; i++)
        if (p->ops.data[i].pinned && !p->ops.data[i].planned && p->pin_start[i] >= 0 && p->pin_unit[i] >= 0)
            S->pin_seq[nt++] = i;
    cmp_plan = p;
    qsort(S->pin_seq, nt, sizeof(uint32_t), by_unit_start);
    for (uint32_t k = 0; k < nt;) {
        uint32_t oi = S->pin_seq[k], j = k;
        int32_t m = p->pin_machine[oi], u = p->pin_unit[oi];
        while (j < nt && p->pin_machine[S->pin_seq[j]] == m && p->pin_unit[S->pin_seq[j]] == u) j++;
        UnitState *un = &S->ms[m].units[u];
        un->pin_pos = k;
        un->pin_end = j;
        k = j;
    }
    (void)ir;
}

void sched_pin_free(Sched *S)
{
    tk_free(S->pin_seq);
    tk_free(S->pin_ready);
    S->pin_seq = NULL;
    S->pin_ready = NULL;
}

static bool still_pinned(const Sched *S, uint32_t oi)
{
    return !S->p->ops.data[oi].planned && S->p->pin_start[oi] >= 0;
}

int32_t sched_pin_next(Sched *S, int32_t m, uint32_t u)
{
    UnitState *un = &S->ms[m].units[u];
    while (un->pin_pos < un->pin_end) {
        uint32_t oi = S->pin_seq[un->pin_pos];
        if (still_pinned(S, oi)) return (int32_t)oi;
        un->pin_pos++;
    }
    return -1;
}

/* The pin after `pin` on its unit, not yet started: -1 if none. */
static int32_t pin_after(const Sched *S, const UnitState *un, int32_t pin)
{
    uint32_t k = un->pin_pos;
    while (k < un->pin_end && S->pin_seq[k] != (uint32_t)pin) k++;
    for (k++; k < un->pin_end; k++)
        if (still_pinned(S, S->pin_seq[k])) return (int32_t)S->pin_seq[k];
    return -1;
}

/* The work of op oi on unit u of m at t, after the job that ran last there
 * (the unit's state as it is). */
static double work_at(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t, RuleEnv *env, double *setup)
{
    memset(env, 0, sizeof *env);
    sched_fill_env(S, env, oi, m, u, t);
    *setup = sched_op_setup(S, env, oi, m, u);
    return *setup + env->var[RV_OP_RUN];
}

bool sched_pin_gap_fits(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t, int64_t dur, int32_t pin)
{
    const Plan *p = S->p;
    const IrModel *ir = S->ir;
    const IrMachine *mc = &ir->machines[m];
    const IrCalendar *cal = sched_cal(ir, mc);
    int64_t s0, end = cal_finish(cal, t, dur, mc->split, &s0);
    int64_t ps = p->pin_start[pin];
    if (end > ps) return false;
    if (mc->setup_fn < 0 && !mc->nsetup_by) return true; /* its setup does not follow the job before it */
    UnitState *un = &S->ms[m].units[u];
    int32_t next = pin_after(S, un, pin);
    if (next < 0 || dur <= 0) return true;
    /* the pinned operation's work after this one */
    int32_t keep_wo = un->prev_wo;
    int64_t keep_end = un->prev_end;
    un->prev_wo = p->ops.data[oi].wo;
    un->prev_end = end;
    RuleEnv env;
    double setup, work = work_at(S, (uint32_t)pin, m, u, ps, &env, &setup);
    un->prev_wo = keep_wo;
    un->prev_end = keep_end;
    int64_t pdur = plan_work_minutes(work);
    int64_t pend = cal_finish(cal, ps, pdur > 0 ? pdur : 0, mc->split, &s0);
    return pend <= p->pin_start[next];
}

/* ---- a pin that cannot be honoured ------------------------------------------------------- */
static void describe_pin(const Sched *S, uint32_t oi, StrBuf *b)
{
    const Plan *p = S->p;
    const IrModel *ir = S->ir;
    const Op *op = &p->ops.data[oi];
    StrBuf nb = {0};
    char t[32];
    fmt_datetime_sp(t, sizeof t, p->pin_start[oi]);
    const IrMachine *mc = &ir->machines[p->pin_machine[oi]];
    sb_printf(b, "'%s' %s ", p->wos.data[op->wo].name, plan_op_step_name(p, op, &nb));
    switch (op->pinned) {
    case PIN_FIRM: sb_puts(b, "is firm: it starts"); break;
    case PIN_FROZEN: sb_puts(b, "is frozen: it starts"); break;
    default: sb_puts(b, "is pinned to start"); break;
    }
    sb_printf(b, " at %s on %s", t, mc->name);
    if (!mc->subcontract) sb_printf(b, " %d", p->pin_unit[oi] + 1);
    sb_free(&nb);
}

static void name_op(const Sched *S, uint32_t oi, StrBuf *b)
{
    const Plan *p = S->p;
    StrBuf nb = {0};
    sb_printf(b, "'%s' %s", p->wos.data[p->ops.data[oi].wo].name, plan_op_step_name(p, &p->ops.data[oi], &nb));
    sb_free(&nb);
}

/* Why op oi, pinned to start at t, cannot start then: into b; *other is an
 * operation that holds it (-1 if none). */
static void why_not_ready(Sched *S, uint32_t oi, int64_t t, StrBuf *b, int32_t *other)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    const Op *op = &p->ops.data[oi];
    const WorkOrder *w = &p->wos.data[op->wo];
    const WState *ws = &S->ws[op->wo];
    char at[32];
    *other = -1;
    for (uint32_t e = p->pred_at[oi]; e < p->pred_at[oi + 1]; e++) {
        uint32_t q = p->pred[e];
        const Op *qo = &p->ops.data[q];
        const IrStep *qs = &ir->products[w->product].steps[qo->step];
        int64_t after = qo->planned ? qo->end + plan_work_minutes(qs->wait) : INT64_MAX;
        if (after <= t) continue;
        sb_puts(b, "it comes after ");
        name_op(S, q, b);
        if (qo->planned) {
            fmt_datetime_sp(at, sizeof at, after);
            sb_printf(b, ", which is done only at %s", at);
        } else sb_puts(b, ", which is not done by then");
        *other = (int32_t)q;
        return;
    }
    if (ws->supplies_left > 0) {
        for (uint32_t k = 0; k < w->nsupplies; k++)
            if (S->ws[w->supplies[k]].done < 0) {
                sb_printf(b, "its component work order '%s' is not done by then", p->wos.data[w->supplies[k]].name);
                return;
            }
    }
    if (ws->supply_ready > t) {
        fmt_datetime_sp(at, sizeof at, ws->supply_ready);
        sb_printf(b, "its component work order '%s' is done only at %s",
                  ws->supply_last >= 0 ? p->wos.data[ws->supply_last].name : "?", at);
        return;
    }
    if (w->material_ready > t) {
        fmt_datetime_sp(at, sizeof at, w->material_ready);
        sb_printf(b, "its material '%s' is on hand only at %s",
                  w->material_late >= 0 ? ir->materials[w->material_late].name : "?", at);
        return;
    }
    fmt_datetime_sp(at, sizeof at, w->release > op->ready ? w->release : op->ready);
    sb_printf(b, "its work order is released only at %s", at);
}

/* The pin of oi is dropped after its error: from now on oi is work like
 * any other (so that the pass goes on and reports what else is wrong). */
static void broken(Sched *S, uint32_t oi, int64_t t, const char *why, int32_t other, const char *hint)
{
    Plan *p = S->p;
    StrBuf b = {0};
    describe_pin(S, oi, &b);
    sb_printf(&b, ", but %s", why);
    if (p->ops.data[oi].pinned != PIN_MODEL) hint = "re-plan it: unmark its work order firm, or shorten the frozen horizon";
    plan_problem(p, DIAG_PIN_BROKEN, p->pin_span[oi], hint, "%s", sb_cstr(&b));
    PlanProblem *pr = &p->problems.data[p->problems.len - 1];
    if (other >= 0 && p->ops.data[other].pinned) {
        pr->note_at = p->pin_span[other].file ? p->pin_span[other] : p->pin_ref[other];
        pr->note = arena_strdup(&p->arena, "the pin of the operation it names");
    } else if (p->pin_ref[oi].file) {
        pr->note_at = p->pin_ref[oi];
        pr->note = arena_strdup(&p->arena, "the operation in the reference plan");
    }
    sb_free(&b);
    p->ops.data[oi].pinned = PIN_NONE;
    p->pin_machine[oi] = p->pin_unit[oi] = -1;
    p->pin_start[oi] = -1;
    if (S->pin_ready[oi]) sched_push(S, t, EV_ARRIVE, (int32_t)oi); /* to the queues */
}

void sched_pin_start(Sched *S, uint32_t oi, int64_t t)
{
    Plan *p = S->p;
    const IrModel *ir = S->ir;
    Op *op = &p->ops.data[oi];
    if (op->planned || p->pin_start[oi] != t) return; /* reported, or its pin given up */
    if (S->ws[op->wo].failed) return;                 /* it cannot be planned at all: said elsewhere */
    int32_t m = p->pin_machine[oi];
    const IrMachine *mc = &ir->machines[m];
    StrBuf why = {0};
    int32_t other = -1;
    char at[32];
    if (!S->pin_ready[oi] || op->ready > t) {
        /* a component that cannot be planned is the error at the root */
        const WorkOrder *w = &p->wos.data[op->wo];
        for (uint32_t k = 0; k < w->nsupplies; k++)
            if (S->ws[w->supplies[k]].failed) return;
        why_not_ready(S, oi, t, &why, &other);
        broken(S, oi, t, sb_cstr(&why), other, "pin it later, or what it waits for earlier");
        sb_free(&why);
        return;
    }
    if (mc->subcontract) {
        int64_t sent = plan_subcontract_send(ir, mc, t), back = plan_subcontract_back(ir, mc, sent);
        if (sent != t) sb_printf(&why, "'%s' takes no goods then", mc->name);
        else if (back == INT64_MAX || back > ir->end) sb_printf(&why, "it would not come back before the horizon ends");
        if (why.len) {
            broken(S, oi, t, sb_cstr(&why), -1, "pin it to a time the subcontractor takes goods, within its lead of the horizon's end");
            sb_free(&why);
            return;
        }
        sched_place(S, oi, m, 0, sent, back, 0, 0, plan_subcontract_cost(mc, op->qty));
        return;
    }
    uint32_t u = (uint32_t)p->pin_unit[oi];
    UnitState *un = &S->ms[m].units[u];
    if (un->free_at > t) {
        fmt_datetime_sp(at, sizeof at, un->free_at);
        sb_printf(&why, "the unit is busy until %s", at);
        if (un->last_op >= 0) {
            sb_puts(&why, " with ");
            name_op(S, (uint32_t)un->last_op, &why);
            other = un->last_op;
        }
        broken(S, oi, t, sb_cstr(&why), other, "pin it after the operation before it on the unit ends, or pin that one earlier");
        sb_free(&why);
        return;
    }
    RuleEnv env;
    double setup, work = work_at(S, oi, m, u, t, &env, &setup);
    int64_t dur = plan_work_minutes(work), s0;
    if (dur < 0) dur = 0;
    int64_t end = cal_finish(sched_cal(ir, mc), t, dur, mc->split, &s0);
    if (end == INT64_MAX || end > ir->end) sb_printf(&why, "it cannot end before the horizon ends");
    else if (dur > 0 && s0 != t)
        sb_printf(&why, mc->split || cal_next_work(sched_cal(ir, mc), t) != t
                            ? "'%s' does not work then"
                            : "'%s' has no stretch of working time that long from then, and does not split operations",
                  mc->name);
    if (why.len) {
        broken(S, oi, t, sb_cstr(&why), -1, "pin it to a time the machine works, with room for its work");
        sb_free(&why);
        return;
    }
    double rate = mc->cost_fn >= 0 ? S->eng->eval(S->eng, mc->cost_fn, &env) : mc->cost_rate;
    if (rate < 0) rate = 0;
    /* the resources it needs (kind.h), held from its start */
    double kcost;
    const char *kwhy;
    if (!sched_kinds_at(S, oi, m, u, t, setup, env.var[RV_OP_RUN], end, &kcost, &kwhy)) {
        sb_printf(&why, "the resources it needs are not free then%s%s", kwhy ? ": " : "", kwhy ? kwhy : "");
        broken(S, oi, t, sb_cstr(&why), -1, "pin it to a time its resources are free, or pin what holds them elsewhere");
        sb_free(&why);
        return;
    }
    sched_place(S, oi, m, u, t, end, setup, env.var[RV_OP_RUN], rate * (setup + env.var[RV_OP_RUN]) + kcost);
}
