/* buy.c: make or buy, as material planning decides it (buy.h; the rule is
 * docs/planning.md, "Make or buy"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buy.h"
#include "views.h"

#define EPS 1e-9

void buy_timing(const IrModel *ir, const IrBuy *b, int64_t target, int64_t *order_at, int64_t *arrive)
{
    const IrCalendar *rc = b->receiving >= 0 ? &ir->calendars[b->receiving] : NULL;
    int64_t now = plan_now(ir);
    int64_t at = cal_receive_last(rc, target);
    if (at != INT64_MIN && at - b->lead >= now) {
        *order_at = at - b->lead;
        *arrive = at;
        return;
    }
    *order_at = now;
    at = cal_receive_next(rc, now + b->lead);
    /* beyond the horizon calendars are not worked out: when it comes, not
     * before the horizon ends (as a material's purchase) */
    if (at == INT64_MAX) at = now + b->lead > ir->end ? now + b->lead : ir->end;
    *arrive = at;
}

/* When qty pieces of pr started at t would be done: its routing forward
 * at standard times (plan_step_std_minutes) in the calendar of each step's
 * first machine, work pausing over breaks, a subcontractor's lead in
 * elapsed time, each step after its predecessors' ends and waits, the
 * last waits included; INT64_MAX if the calendars cannot hold it. */
static int64_t make_finish(const IrModel *ir, const IrProduct *pr, double qty, int64_t t)
{
    uint32_t n = pr->nsteps;
    if (!n) return t;
    int64_t *fin = tk_xalloc(n * sizeof(int64_t));
    uint8_t *done = tk_xalloc(n);
    memset(done, 0, n);
    int64_t end = t;
    /* steps may come after later steps: n passes, each placing the steps
     * whose predecessors are placed (the routing is acyclic) */
    for (uint32_t pass = 0; pass < n; pass++) {
        bool more = false;
        for (uint32_t s = 0; s < n; s++) {
            if (done[s]) continue;
            const IrStep *st = &pr->steps[s];
            int64_t t0 = t;
            bool ready = true;
            for (uint32_t q = 0; q < st->npreds && ready; q++) {
                uint32_t ps = (uint32_t)st->preds[q];
                if (!done[ps]) ready = false;
                else if (fin[ps] == INT64_MAX) t0 = INT64_MAX;
                else if (fin[ps] + plan_work_minutes(pr->steps[ps].wait) > t0) t0 = fin[ps] + plan_work_minutes(pr->steps[ps].wait);
            }
            if (!ready) {
                more = true;
                continue;
            }
            const IrMachine *mc = &ir->machines[st->alts[0].machine];
            int64_t dur = plan_work_minutes(plan_step_std_minutes(ir, qty, st)), f, first;
            if (t0 == INT64_MAX || dur >= PLAN_FOREVER) f = INT64_MAX;
            else if (mc->subcontract) f = t0 + dur;
            else f = cal_finish(mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL, t0, dur, true, &first);
            fin[s] = f;
            done[s] = 1;
            int64_t e = f == INT64_MAX ? INT64_MAX : f + plan_work_minutes(st->wait);
            if (e > end) end = e;
        }
        if (!more) break;
    }
    tk_free(fin);
    tk_free(done);
    return end;
}

void buy_choose(const IrModel *ir, const StdCost *std, int32_t prod, double qty, int64_t due, int64_t target,
                Sourcing *c)
{
    const IrProduct *pr = &ir->products[prod];
    c->make_late = c->buy_late = 0;
    c->make_each = c->buy_each = 0;
    c->why = WHY_FORCED;
    if (!pr->buy || pr->source == SOURCE_MAKE || pr->source == SOURCE_BUY) {
        c->bought = pr->buy && pr->source == SOURCE_BUY;
        return;
    }
    if (pr->source == SOURCE_CHEAPEST) {
        const StdCost *s = &std[prod];
        c->make_each = s->material + s->run + s->setup;
        c->buy_each = pr->buy->price;
        c->bought = c->buy_each < c->make_each;
        c->why = WHY_CHEAPER;
        return;
    }
    /* in_time: making is in time when the shortfall's whole pieces,
     * started now and made at standard times through the calendars
     * (make_finish), are done by the need; else the less late of the two,
     * made on a tie */
    int64_t fin = make_finish(ir, pr, ceil(qty - EPS), plan_now(ir));
    c->make_late = fin == INT64_MAX ? PLAN_FOREVER : fin > due ? fin - due : 0;
    int64_t order_at, arrive;
    buy_timing(ir, pr->buy, target, &order_at, &arrive);
    c->buy_late = arrive > due ? arrive - due : 0;
    if (!c->make_late) {
        c->bought = false;
        c->why = WHY_IN_TIME;
    } else if (c->buy_late < c->make_late) {
        c->bought = true;
        c->why = WHY_MAKE_LATE;
    } else {
        c->bought = false;
        c->why = WHY_BUY_LATER;
    }
}

void buy_reason(const IrModel *ir, const Sourcing *c, StrBuf *out)
{
    char b1[48], b2[48];
    const char *cur = ir->currency ? ir->currency : "";
    sb_puts(out, c->bought ? "bought: " : "made: ");
    switch ((SourceWhy)c->why) {
    case WHY_FORCED: sb_printf(out, "source %s", c->bought ? "buy" : "make"); break;
    case WHY_IN_TIME: sb_puts(out, "the plant can make it in time"); break;
    case WHY_MAKE_LATE:
        view_fmt_dur(b1, sizeof b1, (double)c->make_late);
        if (c->buy_late) {
            view_fmt_dur(b2, sizeof b2, (double)c->buy_late);
            sb_printf(out, "made it would be %s late, bought %s", b1, b2);
        } else sb_printf(out, "made it would be %s late, bought it arrives in time", b1);
        break;
    case WHY_BUY_LATER:
        view_fmt_dur(b1, sizeof b1, (double)c->make_late);
        view_fmt_dur(b2, sizeof b2, (double)c->buy_late);
        sb_printf(out, "%s late, bought it would be %s late", b1, b2);
        break;
    case WHY_CHEAPER:
        view_fmt_money(b1, sizeof b1, c->bought ? c->buy_each : c->make_each);
        view_fmt_money(b2, sizeof b2, c->bought ? c->make_each : c->buy_each);
        sb_printf(out, "%s %s/pc against %s %s", b1, cur, b2, c->bought ? "made" : "bought");
        break;
    }
}
