/* verify_buy.c: make or buy, as takt verify holds a plan to it. The rule
 * is docs/planning.md, "Make or buy", worked out here without the
 * planner's code (runtime/buy.c): which needs a product's policy buys,
 * what their purchases bring (the lot rules), when they are ordered and
 * arrive (lead time, receiving calendar), what they cost; then the plan's
 * `buy` records against it, and its work orders against the arrivals. */
#include <math.h>
#include <string.h>

#include "verify_calendar.h"
#include "verify_impl.h"

#define QTY_EPS 1e-9

/* The end of dur working minutes of c from t on, pausing over breaks;
 * INT64_MAX if the horizon cannot hold them. */
static int64_t finish_split(const VCal *c, int64_t t, int64_t dur)
{
    if (dur <= 0) return t;
    if (!c) return t + dur;
    int64_t s = vcal_next_open(c, t);
    for (int64_t left = dur; s != INT64_MAX;) {
        int64_t e = vcal_stretch_end(c, s);
        if (e - s >= left) return s + left;
        left -= e - s;
        s = vcal_next_open(c, e);
    }
    return INT64_MAX;
}

/* When qty pieces of pr started at t are done at standard times: each step
 * after its predecessors' ends and waits, in its first machine's calendar
 * (a subcontractor's lead in elapsed time), the last waits included. */
static int64_t make_finish(const IrModel *ir, VCal **cals, const IrProduct *pr, double qty, int64_t t)
{
    uint32_t n = pr->nsteps;
    if (!n) return t;
    /* an order in which each step comes after its predecessors */
    uint32_t *npred = tk_xalloc((n + 1) * sizeof(uint32_t));
    uint32_t *order = tk_xalloc((n + 1) * sizeof(uint32_t));
    int64_t *start = tk_xalloc((n + 1) * sizeof(int64_t));
    uint32_t nord = 0;
    for (uint32_t s = 0; s < n; s++) {
        npred[s] = pr->steps[s].npreds;
        start[s] = t;
        if (!npred[s]) order[nord++] = s;
    }
    int64_t end = t;
    for (uint32_t k = 0; k < nord; k++) {
        uint32_t s = order[k];
        const IrStep *st = &pr->steps[s];
        const IrMachine *mc = &ir->machines[st->alts[0].machine];
        int64_t dur = plan_work_minutes(vstd_minutes(ir, st, qty)), f;
        if (start[s] == INT64_MAX || dur >= PLAN_FOREVER) f = INT64_MAX;
        else if (mc->subcontract) f = start[s] + dur;
        else f = finish_split(vcal_cached(ir, cals, mc->calendar), start[s], dur);
        int64_t e = f == INT64_MAX ? INT64_MAX : f + plan_work_minutes(st->wait);
        if (e > end) end = e;
        /* the steps after it start after e */
        for (uint32_t q = 0; q < n; q++)
            for (uint32_t r = 0; r < pr->steps[q].npreds; r++)
                if ((uint32_t)pr->steps[q].preds[r] == s) {
                    if (e > start[q]) start[q] = e;
                    if (--npred[q] == 0) order[nord++] = q;
                }
    }
    tk_free(npred);
    tk_free(order);
    tk_free(start);
    return end;
}

/* Goods of b ordered to arrive by target: at the last time they are
 * received by then, ordered the lead earlier, if that is not before now;
 * else ordered now, received at the first time goods are after the lead. */
static void timing(const IrModel *ir, VCal **cals, const IrBuy *b, int64_t target, int64_t *order_at, int64_t *arrive)
{
    const VCal *rc = vcal_cached(ir, cals, b->receiving);
    int64_t now = plan_now(ir);
    int64_t at = target;
    if (rc && !vcal_receives_at(rc, target)) {
        /* the end of the last working minute before target */
        int64_t m = vcal_start_for(rc, target, 1);
        at = m == INT64_MIN ? INT64_MIN : m + 1;
    }
    if (at != INT64_MIN && at - b->lead >= now) {
        *order_at = at - b->lead;
        *arrive = at;
        return;
    }
    *order_at = now;
    at = rc ? vcal_next_receiving(rc, now + b->lead) : now + b->lead;
    if (at == INT64_MAX) at = now + b->lead > ir->end ? now + b->lead : ir->end;
    *arrive = at;
}

void vbuy_choose(const IrModel *ir, VCal **cals, const double *std_each, VdBuy *b)
{
    const IrProduct *pr = &ir->products[b->product];
    switch ((SourcePolicy)pr->source) {
    case SOURCE_MAKE: b->bought = false; break;
    case SOURCE_BUY: b->bought = true; break;
    case SOURCE_CHEAPEST: b->bought = pr->buy->price < std_each[b->product]; break;
    case SOURCE_IN_TIME: {
        int64_t fin = make_finish(ir, cals, pr, ceil(b->qty - QTY_EPS), plan_now(ir));
        int64_t make_late = fin == INT64_MAX ? PLAN_FOREVER : fin > b->due ? fin - b->due : 0;
        int64_t o, a;
        timing(ir, cals, pr->buy, b->target, &o, &a);
        int64_t buy_late = a > b->due ? a - b->due : 0;
        b->bought = make_late > 0 && buy_late < make_late;
        break;
    }
    }
    if (!b->bought) return;
    b->nlots = vlot_count(pr->buy->lot, b->qty, &b->each, &b->last);
    b->total = b->nlots > 0 ? (double)(b->nlots - 1) * b->each + b->last : 0;
    timing(ir, cals, pr->buy, b->target, &b->order_at, &b->arrive);
}

/* ---- the plan against the rule --------------------------------------------------------------- */
static void money(char *b, size_t n, double v) { snprintf(b, n, "%.2f", v); }

/* One purchase record's own rules: whole pieces by the lot rules, its
 * arrival its lead after its order date when goods are received, ordered
 * no earlier than now, its cost its price times its pieces. */
static void check_record(V *v, const PfBuy *r, const IrProduct *pr)
{
    const IrModel *ir = v->ir;
    const IrBuy *b = pr->buy;
    char q[40], x[40], t1[32], t2[32];
    fmt_double(q, sizeof q, r->qty);
    const IrLot *l = &b->lot;
    const char *broken = NULL;
    double lim = 0;
    if (!(r->qty > 0) || fabs(r->qty - round(r->qty)) > QTY_EPS) broken = "whole pieces, more than none";
    else if (l->fixed > 0 && fabs(r->qty - l->fixed) > QTY_EPS) broken = "its fixed lot", lim = l->fixed;
    else if (l->min > 0 && r->qty < l->min - QTY_EPS) broken = "at least its min_order", lim = l->min;
    else if (l->multiple > 0 && fabs(r->qty / l->multiple - round(r->qty / l->multiple)) > QTY_EPS)
        broken = "a multiple of its multiple", lim = l->multiple;
    else if (l->max > 0 && r->qty > l->max + QTY_EPS) broken = "at most its max_lot", lim = l->max;
    if (broken) {
        fmt_double(x, sizeof x, lim);
        Diag *g = diag_error(v->d, r->span, DIAG_BUY_LOT, "a purchase of %s '%s' breaks its lot rules: it must be %s%s%s", q,
                             pr->name, broken, lim > 0 ? ", " : "", lim > 0 ? x : "");
        diag_note(g, b->span, "the purchase alternative of '%s'", pr->name);
    }
    const VCal *rc = vcal_cached(ir, v->cals, b->receiving);
    int64_t due = r->order_at + b->lead;
    int64_t want = rc ? vcal_next_receiving(rc, due) : due;
    if (want == INT64_MAX) want = due > ir->end ? due : ir->end;
    int64_t now = plan_now(ir);
    if (r->order_at < now) {
        fmt_datetime_sp(t1, sizeof t1, r->order_at);
        fmt_datetime_sp(t2, sizeof t2, now);
        diag_error(v->d, r->span, DIAG_BUY_ARRIVAL, "a purchase of '%s' is ordered at %s, before the plan starts at %s",
                   pr->name, t1, t2);
    } else if (r->arrive != want) {
        fmt_datetime_sp(t1, sizeof t1, r->arrive);
        fmt_datetime_sp(t2, sizeof t2, want);
        Diag *g = diag_error(v->d, r->span, DIAG_BUY_ARRIVAL,
                             "a purchase of '%s' arrives at %s, but ordered then it arrives at %s", pr->name, t1, t2);
        diag_hint(g, "a purchase arrives its lead time after it is ordered, at the next time goods are received%s%s%s",
                  rc ? " (calendar '" : "", rc ? ir->calendars[b->receiving].name : "", rc ? "')" : "");
        diag_note(g, b->span, "the purchase alternative of '%s'", pr->name);
    }
    if (!isnan(r->cost)) {
        double c = b->price * r->qty;
        if (fabs(r->cost - c) > 0.005 + 1e-9 * fabs(c)) {
            money(t1, sizeof t1, r->cost);
            money(t2, sizeof t2, c);
            Diag *g = diag_error(v->d, r->span, DIAG_BUY_COST, "a purchase of %s '%s' says it costs %s, but its price makes %s",
                                 q, pr->name, t1, t2);
            diag_note(g, b->span, "the price of '%s'", pr->name);
        }
    }
}

/* The plan's work orders of need b, made: those of its product named
 * its stem, or its stem and .N. */
static bool made_for(const V *v, const char *stem, int32_t product, const char **name)
{
    size_t n = strlen(stem);
    for (uint32_t k = 0; k < v->pf->wos.len; k++) {
        const PfWorkOrder *w = &v->pf->wos.data[k];
        if (strncmp(w->name, stem, n) != 0) continue;
        const char *rest = w->name + n;
        bool lot = rest[0] == 0;
        if (rest[0] == '.' && rest[1] >= '1' && rest[1] <= '9') {
            lot = true;
            for (const char *c = rest + 1; *c; c++)
                if (*c < '0' || *c > '9') lot = false;
        }
        if (lot && w->product && v->ir->products[product].name && strcmp(w->product, v->ir->products[product].name) == 0) {
            *name = w->name;
            return true;
        }
    }
    return false;
}

void verify_buys(V *v)
{
    const IrModel *ir = v->ir;
    const PlanFile *pf = v->pf;
    const VDemand *dm = &v->dem;
    Span whole = {pf->file, 0, 0};
    /* the plan's records by need */
    NameIndex recs;
    nameindex_init(&recs);
    int32_t *next = tk_xalloc((pf->buys.len + 1) * sizeof(int32_t));
    int32_t *last = tk_xalloc((pf->buys.len + 1) * sizeof(int32_t));
    uint8_t *seen = tk_xalloc(pf->buys.len + 1);
    memset(seen, 0, pf->buys.len + 1);
    for (uint32_t i = 0; i < pf->buys.len; i++) {
        next[i] = -1;
        int32_t h = nameindex_find(&recs, pf->buys.data[i].need);
        if (h < 0) {
            nameindex_add(&recs, pf->buys.data[i].need, (int32_t)i);
            last[i] = (int32_t)i;
        } else {
            next[last[h]] = (int32_t)i;
            last[h] = (int32_t)i;
        }
    }
    for (uint32_t k = 0; k < dm->buys.len; k++) {
        const VdBuy *b = &dm->buys.data[k];
        const IrProduct *pr = &ir->products[b->product];
        char q[40], q2[40];
        const char *made = NULL;
        if (b->bought && made_for(v, b->need, b->product, &made)) {
            const PfWorkOrder *w = NULL;
            for (uint32_t i = 0; i < pf->wos.len && !w; i++)
                if (strcmp(pf->wos.data[i].name, made) == 0) w = &pf->wos.data[i];
            Diag *g = diag_error(v->d, w ? w->span : whole, DIAG_BUY_AND_MAKE,
                                 "work order '%s' makes '%s' for a need its policy buys", made, pr->name);
            diag_hint(g, "a need is bought or made, never both (docs/planning.md, \"Make or buy\")");
            diag_note(g, pr->buy->span, "the purchase alternative of '%s'", pr->name);
        }
        if (pf->csv) continue; /* a schedule has no purchases */
        int32_t h = nameindex_find(&recs, b->need);
        double got = 0;
        uint32_t nrec = 0;
        for (int32_t i = h; i >= 0; i = next[i]) {
            const PfBuy *r = &pf->buys.data[i];
            if (strcmp(r->product, pr->name) != 0) continue;
            seen[i] = 1;
            nrec++;
            if (!b->bought) {
                Diag *g = diag_error(v->d, r->span, DIAG_BUY_AND_MAKE,
                                     "the plan buys '%s' for %s, which its policy makes", pr->name, b->need);
                diag_hint(g, "the policy (source) decides per need: docs/planning.md, \"Make or buy\"");
                continue;
            }
            got += r->qty;
            check_record(v, r, pr);
        }
        if (!b->bought) continue;
        fmt_double(q, sizeof q, b->qty);
        fmt_double(q2, sizeof q2, got);
        if (!nrec) {
            Diag *g = diag_error(v->d, whole, DIAG_BUY_COVER, "its policy buys %s '%s' for %s; the plan has no purchase of them",
                                 q, pr->name, b->need);
            diag_note(g, pr->buy->span, "the purchase alternative of '%s'", pr->name);
        } else if (got < b->qty - QTY_EPS) {
            Diag *g = diag_error(v->d, pf->buys.data[h].span, DIAG_BUY_COVER,
                                 "the plan buys %s '%s' for %s, which needs %s", q2, pr->name, b->need, q);
            diag_hint(g, "what is bought covers the shortfall it is for");
        } else if (fabs(got - b->total) > QTY_EPS) {
            char q3[40];
            fmt_double(q3, sizeof q3, b->total);
            Diag *g = diag_error(v->d, pf->buys.data[h].span, DIAG_BUY_LOT,
                                 "the plan buys %s '%s' for %s, where its lot rules make %s of a need of %s", q2, pr->name,
                                 b->need, q3, q);
            diag_note(g, pr->buy->span, "the purchase alternative of '%s'", pr->name);
        } else {
            /* when it arrives is what the rule says: ordered when it says */
            for (int32_t i = h; i >= 0; i = next[i]) {
                const PfBuy *r = &pf->buys.data[i];
                if (strcmp(r->product, pr->name) != 0 || r->order_at == b->order_at) continue;
                char t1[32], t2[32];
                fmt_datetime_sp(t1, sizeof t1, r->order_at);
                fmt_datetime_sp(t2, sizeof t2, b->order_at);
                Diag *g = diag_error(v->d, r->span, DIAG_BUY_ARRIVAL, "a purchase of '%s' for %s is ordered at %s, not at %s",
                                     pr->name, b->need, t1, t2);
                diag_hint(g, "bought parts are ordered to arrive when the work order they are for may start, at the last "
                             "time goods are received by then, or now if that is too late");
                break;
            }
        }
    }
    for (uint32_t i = 0; i < pf->buys.len; i++) {
        if (seen[i]) continue;
        const PfBuy *r = &pf->buys.data[i];
        Diag *g = diag_error(v->d, r->span, DIAG_BUY_AND_MAKE, "the plan buys '%s' for %s, a need the model does not have%s",
                             r->product, r->need, "");
        diag_hint(g, "products are bought only for the shortfalls of those with a purchase alternative (buy { .. })");
    }
    /* a work order does not start before the parts bought for it arrive */
    for (uint32_t k = 0; k < v->ndem; k++) {
        const VdWo *e = &dm->wos.data[k];
        const VWo *w = &v->w.data[k];
        if (e->bought < 0 || w->first_start < 0 || w->first_start >= e->bought || w->reports) continue;
        bool reported = false;
        for (uint32_t q = 0; q < vwo_nslots(v, w); q++)
            if (w->ops[q] >= 0 && v->op_act[w->ops[q]] >= 0) reported = true;
        if (reported) continue;
        char t1[32], t2[32];
        fmt_datetime_sp(t1, sizeof t1, w->first_start);
        fmt_datetime_sp(t2, sizeof t2, e->bought);
        Diag *g = diag_error(v->d, w->span, DIAG_BUY_USED_EARLY, "'%s' starts at %s, before the parts bought for it arrive at %s",
                             w->name, t1, t2);
        diag_hint(g, "a work order starts when what it is made of is on hand, bought parts too");
    }
    nameindex_free(&recs);
    tk_free(next);
    tk_free(last);
    tk_free(seen);
}
