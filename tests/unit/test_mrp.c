/* test_mrp.c: material planning's timing (docs/planning.md, "Material
 * planning"): when the work orders making components may start, which need
 * scarce material goes to first, and when purchases arrive at a plant that
 * receives goods by a calendar. Each against a plan worked out by hand, and
 * a property over random plants: no component starts before its release
 * allows, and takt verify agrees. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/verify.h"
#include "test.h"

static const WorkOrder *wo(const Plan *p, const char *name)
{
    for (uint32_t i = 0; i < p->wos.len; i++)
        if (strcmp(p->wos.data[i].name, name) == 0) return &p->wos.data[i];
    return NULL;
}

static const Op *op_of(const Plan *p, const char *woname, int step)
{
    const WorkOrder *w = wo(p, woname);
    return w ? &p->ops.data[w->first_op + (uint32_t)step] : NULL;
}

static int64_t at(int y, int m, int d, int h, int mi) { return (int64_t)date_from_ymd(y, m, d) * 1440 + h * 60 + mi; }

static unsigned codes(const Diags *d, DiagCode c)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < d->len; i++) n += d->items[i].code == c;
    return n;
}

/* The plan of t written, edited by `edit` (if any), and verified against its model. */
static Diags verify_plan(const TestPlan *t, void (*edit)(StrBuf *b))
{
    StrBuf b = {0};
    plan_write(t->p, &b);
    if (edit) edit(&b);
    Diags d;
    diags_init(&d);
    PlanFile pf;
    VerifyStats st;
    if (plan_read(&pf, 0, sb_cstr(&b), b.len, &d)) plan_verify(t->ir, &pf, &d, &st);
    plan_file_free(&pf);
    sb_free(&b);
    return d;
}

static void replace(StrBuf *b, const char *from, const char *to)
{
    char *hit = strstr(b->data, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hit);
    StrBuf n = {0};
    sb_putn(&n, b->data, (size_t)(hit - b->data));
    sb_puts(&n, to);
    sb_puts(&n, hit + strlen(from));
    sb_free(b);
    *b = n;
}

/* Replaces the line of b that starts with `prefix` by `line`. */
static void replace_line(StrBuf *b, const char *prefix, const char *line)
{
    char *hit = strstr(b->data, prefix);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hit);
    char *eol = strchr(hit, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(eol);
    char *old = strndup(hit, (size_t)(eol - hit));
    replace(b, old, line);
    free(old);
}

/* ---- when components may start ----------------------------------------------------------- */

/* A chair order released after the Christmas shutdown: its frames and
 * seats are not made in December, but from their lead before the order's
 * release, which falls in the shutdown. */
static const char chairs[] =
    "plant { start 2026-12-07 06:00  horizon 8 weeks }\n"
    "calendar shifts { mon-fri 06:00-22:00  closed 2026-12-24 .. 2027-01-01 }\n"
    "machine saw { calendar shifts }\nmachine press { calendar shifts }\nmachine bench { calendar shifts }\n"
    "product frame { lot 24  routing { cut on saw setup 20 min run 3 min each  glue on press run 8 min each wait 2 h } }\n"
    "product seat { routing { cut on saw run 2 min each } }\n"
    "product chair { bom { frame 1  seat 1 }  routing { fit on bench run 10 min each } }\n"
    "order EARLY { chair 10  due 2026-12-18 }\n"
    "order LATE { chair 30  due 2027-01-11  release 2027-01-04 06:00 }\n";

static void components_wait_for_their_orders_release(void)
{
    TestPlan t = test_plan(chairs);
    CU_ASSERT_TRUE(t.ok);
    /* a frame lot of 24: 20 + 72 min, then 192 min and 2 h of drying: 404 min, 6:44 */
    const WorkOrder *f = wo(t.p, "LATE/frame");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->release, at(2027, 1, 4, 6, 0) - 404);
    /* (14 of the 30 frames are EARLY's lot's surplus: one lot of its own) */
    CU_ASSERT_PTR_NULL(wo(t.p, "LATE/frame.2"));
    /* 30 seats at 2 min: 60 min */
    CU_ASSERT_EQUAL(wo(t.p, "LATE/seat")->release, at(2027, 1, 4, 5, 0));
    /* so nothing for LATE is made before the shutdown ends */
    for (uint32_t i = 0; i < t.p->wos.len; i++) {
        const WorkOrder *w = &t.p->wos.data[i];
        if (strncmp(w->name, "LATE", 4) != 0) continue;
        for (uint32_t s = 0; s < w->nops; s++) CU_ASSERT_TRUE(t.p->ops.data[w->first_op + s].start >= at(2027, 1, 4, 6, 0));
    }
    /* an order released at the start: its components too */
    CU_ASSERT_EQUAL(wo(t.p, "EARLY/frame")->release, t.ir->start);
    CU_ASSERT_EQUAL(op_of(t.p, "EARLY/frame", 0)->start, t.ir->start);
    Diags d = verify_plan(&t, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    test_plan_free(&t);
}

/* takt verify recomputes a component's release, whatever the plan says of it. */
static void early_seat(StrBuf *b)
{
    replace_line(b, "op LATE/seat cut ", "op LATE/seat cut machine saw unit 1 start 2026-12-22T06:00 end 2026-12-22T07:00 setup 0 run 60");
    /* and the plan claims the seats are released at the plant start */
    replace_line(b, "workorder LATE/seat ",
                 "workorder LATE/seat product seat qty 30 release 2026-12-07T06:00 due 2027-01-10T00:00 for LATE parent LATE");
}

static void verify_recomputes_component_releases(void)
{
    TestPlan t = test_plan(chairs);
    Diags d = verify_plan(&t, early_seat);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_RELEASE), 1);
    diags_free(&d);
    test_plan_free(&t);
}

/* Each level counts its own lead from the level above. */
static void levels_count_down(void)
{
    TestPlan t = test_plan("plant { start 2026-12-07 06:00  horizon 6 weeks }\n"
                           "machine m { }\n"
                           "product c { routing { a on m run 30 min each } }\n"
                           "product b { bom { c 2 }  routing { a on m run 1 h  b on m run 1 h wait 30 min  c on m run 15 min after a } }\n"
                           "product top { bom { b 1 }  routing { a on m run 10 min each } }\n"
                           "order O { top 3  due 2026-12-31  release 2026-12-21 06:00 }\n");
    CU_ASSERT_TRUE(t.ok);
    /* b: a, then b and its wait (1 h + 1 h + 30 min) beside c (15 min): 150 min */
    CU_ASSERT_EQUAL(wo(t.p, "O/b")->release, at(2026, 12, 21, 6, 0) - 150);
    /* c: 6 pieces at 30 min, 180 min before b's release */
    CU_ASSERT_EQUAL(wo(t.p, "O/b/c")->release, at(2026, 12, 21, 6, 0) - 150 - 180);
    CU_ASSERT_TRUE(op_of(t.p, "O/b/c", 0)->start >= wo(t.p, "O/b/c")->release);
    test_plan_free(&t);
}

/* ---- which need scarce material goes to ---------------------------------------------------- */

/* The locks on hand cover one order of the two; a purchase takes four weeks. */
#define DOORS                                                                                   \
    "plant { start 2026-12-07 06:00  horizon 12 weeks }\n"                                   \
    "calendar day { mon-fri 06:00-14:00 }\n"                                                  \
    "machine bench { units 2  calendar day }\n"                                               \
    "material lock { stock 100  lead 4 weeks }\n"                                             \
    "product door { bom { lock 1 }  routing { fit on bench run 20 min each } }\n"

static void priority_takes_scarce_stock(void)
{
    /* BIG's latest start is earlier (a longer job), but RUSH has priority 5:
     * both would wait for a purchase past their latest start, so RUSH first */
    TestPlan t = test_plan(DOORS "order BIG  { door 100  due 2026-12-18 }\n"
                                 "order RUSH { door 20  due 2026-12-16  priority 5 }\n");
    CU_ASSERT_TRUE(t.ok);
    CU_ASSERT_TRUE(wo(t.p, "BIG")->latest_start < wo(t.p, "RUSH")->latest_start);
    CU_ASSERT_EQUAL(op_of(t.p, "RUSH", 0)->start, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "RUSH")->material_ready, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "BIG")->material_ready, at(2027, 1, 4, 6, 0));
    CU_ASSERT_EQUAL(t.p->orders[1].lateness < 0, true);
    test_plan_free(&t);
    /* both already behind at the start, with the same priority: they would
     * wait as long, and the penalty rate decides */
    t = test_plan(DOORS "order BIG  { door 100  due 2026-12-08  penalty 10 EUR/day }\n"
                        "order RUSH { door 60  due 2026-12-08  penalty 500 EUR/day }\n");
    CU_ASSERT_EQUAL(wo(t.p, "BIG")->latest_start, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "RUSH")->latest_start, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "RUSH")->material_ready, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "BIG")->material_ready, at(2027, 1, 4, 6, 0));
    test_plan_free(&t);
    /* priority weighs how long each would wait past its latest start: LATER
     * (from 22 December 12:40) would wait 12 d 17:20 for the purchase, which
     * with priority 2 counts 25 d 10:40; SOON (from 7 December 12:40)
     * 27 d 17:20 — so SOON takes the locks */
    t = test_plan(DOORS "order SOON  { door 100  due 2026-12-11 }\n"
                        "order LATER { door 100  due 2026-12-28  priority 2 }\n");
    CU_ASSERT_EQUAL(wo(t.p, "SOON")->material_ready, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "LATER")->material_ready, at(2027, 1, 4, 6, 0));
    test_plan_free(&t);
    /* neither: the earliest latest start, as before */
    t = test_plan(DOORS "order BIG  { door 100  due 2026-12-18 }\n"
                        "order RUSH { door 20  due 2026-12-16 }\n");
    CU_ASSERT_EQUAL(wo(t.p, "BIG")->material_ready, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "RUSH")->material_ready, at(2027, 1, 4, 6, 0));
    test_plan_free(&t);
}

/* Priority counts only among needs that cannot wait for a purchase: an
 * order due in three months, whatever its priority, leaves the stock to
 * one due next week and has a purchase of its own in time. */
static void priority_only_where_waiting_would_be_late(void)
{
    TestPlan t = test_plan(DOORS "order SOON  { door 100  due 2026-12-18 }\n"
                                 "order LATER { door 100  due 2027-02-26  priority 9  penalty 900 EUR/day }\n");
    CU_ASSERT_TRUE(t.ok);
    CU_ASSERT_EQUAL(wo(t.p, "SOON")->material_ready, t.ir->start);
    CU_ASSERT_TRUE(wo(t.p, "LATER")->material_ready <= wo(t.p, "LATER")->latest_start);
    CU_ASSERT_TRUE(t.p->orders[0].lateness <= 0);
    CU_ASSERT_TRUE(t.p->orders[1].lateness <= 0);
    test_plan_free(&t);
}

/* A component's material counts with its order's priority. */
static void components_carry_their_orders_priority(void)
{
    TestPlan t = test_plan("plant { start 2026-12-07 06:00  horizon 12 weeks }\n"
                           "machine bench { units 2 }\n"
                           "material lock { stock 30  lead 4 weeks }\n"
                           "product cylinder { bom { lock 1 }  routing { make on bench run 5 min each } }\n"
                           "product door { bom { cylinder 1 }  routing { fit on bench run 20 min each } }\n"
                           "order A { door 30  due 2026-12-09 }\n"
                           "order B { door 30  due 2026-12-10  priority 3 }\n");
    CU_ASSERT_TRUE(t.ok);
    CU_ASSERT_EQUAL(wo(t.p, "B/cylinder")->material_ready, t.ir->start);
    CU_ASSERT_EQUAL(wo(t.p, "A/cylinder")->material_ready, at(2027, 1, 4, 6, 0));
    test_plan_free(&t);
}

/* ---- receiving ---------------------------------------------------------------------------- */
static const Purchase *purchase_of(const Plan *p, const IrModel *ir, const char *material, int nth)
{
    for (uint32_t i = 0; i < p->purchases.len; i++)
        if (strcmp(ir->materials[p->purchases.data[i].material].name, material) == 0 && nth-- == 0) return &p->purchases.data[i];
    return NULL;
}

#define DOCK                                                                                                   \
    "plant { start 2026-12-21 06:00  horizon 6 weeks  receiving dock }\n"                                     \
    "calendar dock { mon-fri 07:00-15:00  closed 2026-12-24 .. 2026-12-25  closed 2026-12-31 .. 2027-01-01 }\n" \
    "calendar day { mon-fri 06:00-14:00 }\n"                                                                 \
    "machine press { calendar day }\n"

static void purchases_arrive_when_goods_are_received(void)
{
    TestPlan t = test_plan(DOCK "material steel { lead 4 d }\n"
                                "material paint { receipt 10 on 2026-12-24  receipt 10 on 2026-12-28 15:00 }\n"
                                "material bolt { lead 1 d  receiving std_any }\ncalendar std_any { daily 00:00-24:00 }\n"
                                "product p { bom { steel 1  paint 1  bolt 1 }  routing { s on press run 1 min each } }\n"
                                "order A { p 10  due 2026-12-30 }\n"
                                "order B { p 10  due 2027-01-15  release 2027-01-11 06:00 }\n");
    CU_ASSERT_TRUE(t.ok);
    /* ordered at the start, 4 days: Friday 25 December 06:00, a holiday; the
     * dock opens again on Monday 28 December 07:00 */
    const Purchase *a = purchase_of(t.p, t.ir, "steel", 0), *b = purchase_of(t.p, t.ir, "steel", 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(a->order_at, t.ir->start);
    CU_ASSERT_EQUAL(a->arrive, at(2026, 12, 28, 7, 0));
    /* B may start on Monday 11 January 06:00: the last time goods are received
     * before is Friday 15:00, as the dock closes; ordered 4 days earlier */
    CU_ASSERT_EQUAL(b->arrive, at(2027, 1, 8, 15, 0));
    CU_ASSERT_EQUAL(b->order_at, at(2027, 1, 4, 15, 0));
    /* the receipt dated on Christmas Eve (closed) comes on the 28th at 07:00; the
     * one on the 28th at 15:00, as the dock closes, then */
    CU_ASSERT_EQUAL(wo(t.p, "A")->material_ready, at(2026, 12, 28, 7, 0));
    CU_ASSERT_EQUAL(op_of(t.p, "A", 0)->start, at(2026, 12, 28, 7, 0));
    /* bolts are received at any time: no waiting for the dock */
    CU_ASSERT_EQUAL(purchase_of(t.p, t.ir, "bolt", 0)->arrive, t.ir->start + 1440);
    Diags d = verify_plan(&t, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    test_plan_free(&t);
}

/* What the actuals report received came when they say, dock or not. */
static void reported_receipts_stay(void)
{
    TestPlan t = test_plan(DOCK "material steel { receipt 10 on 2026-12-23 \"PO-1\" }\n"
                                "product p { bom { steel 1 }  routing { s on press run 1 min each } }\n"
                                "order A { p 10  due 2026-12-30 }\n"
                                "actuals { now 2026-12-22 06:30  received steel 10 on 2026-12-22 06:10 \"PO-1\" }\n");
    CU_ASSERT_TRUE(t.ok);
    CU_ASSERT_EQUAL(op_of(t.p, "A", 0)->start, at(2026, 12, 22, 6, 30));
    Diags d = verify_plan(&t, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    test_plan_free(&t);
}

/* takt verify: a purchase when the dock is closed; a work order starting
 * before a receipt is received. */
static void saturday_steel(StrBuf *b) { replace(b, "arrive 2026-12-28T07:00", "arrive 2026-12-26T06:00"); }
static void early_start(StrBuf *b)
{
    replace_line(b, "op A s ", "op A s machine press unit 1 start 2026-12-21T06:00 end 2026-12-21T06:10 setup 0 run 10");
}

static void verify_holds_receiving(void)
{
    TestPlan t = test_plan(DOCK "material steel { lead 4 d }\n"
                                "product p { bom { steel 1 }  routing { s on press run 1 min each } }\n"
                                "order A { p 10  due 2026-12-30 }\n");
    Diags d = verify_plan(&t, saturday_steel);
    CU_ASSERT_EQUAL(codes(&d, DIAG_PURCHASE_NOT_RECEIVED), 1);
    diags_free(&d);
    test_plan_free(&t);
    t = test_plan(DOCK "material steel { stock 0  receipt 10 on 2026-12-21 }\n"
                       "product p { bom { steel 1 }  routing { s on press run 1 min each } }\n"
                       "order A { p 10  due 2026-12-30 }\n");
    CU_ASSERT_EQUAL(op_of(t.p, "A", 0)->start, at(2026, 12, 21, 7, 0));
    d = verify_plan(&t, NULL);
    CU_ASSERT_EQUAL(d.nerrors, 0);
    diags_free(&d);
    d = verify_plan(&t, early_start);
    CU_ASSERT_EQUAL(codes(&d, DIAG_OP_MATERIAL), 1);
    diags_free(&d);
    test_plan_free(&t);
}

/* ---- a property over random plants ------------------------------------------------------------ */
static int rnd(uint64_t *s, int n)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((*s >> 33) % (uint64_t)n);
}

/* The lead of a work order, worked out here on its own: each step's
 * earliest end at standard times (a step may come after a later one, so
 * steps are done when they can be, round after round). */
static int64_t lead_of(const IrModel *ir, const WorkOrder *w)
{
    const IrProduct *pr = &ir->products[w->product];
    int64_t end[16], lead = 0;
    bool known[16] = {false};
    CU_ASSERT_FATAL(pr->nsteps <= 16);
    for (uint32_t round = 0; round < pr->nsteps; round++)
        for (uint32_t s = 0; s < pr->nsteps; s++) {
            const IrStep *st = &pr->steps[s];
            bool ready = !known[s];
            int64_t from = 0;
            for (uint32_t q = 0; q < st->npreds; q++) {
                int32_t p = st->preds[q];
                if (!known[p]) ready = false;
                else if (end[p] + (int64_t)ceil(pr->steps[p].wait - 1e-9) > from) from = end[p] + (int64_t)ceil(pr->steps[p].wait - 1e-9);
            }
            if (!ready) continue;
            int64_t best = INT64_MAX;
            for (uint32_t a = 0; a < st->nalts; a++) {
                int64_t t = (int64_t)ceil(st->alts[a].setup + (st->alts[a].per_piece ? st->alts[a].run * w->qty : st->alts[a].run) - 1e-9);
                if (t < best) best = t;
            }
            end[s] = from + best;
            known[s] = true;
            if (end[s] + (int64_t)ceil(st->wait - 1e-9) > lead) lead = end[s] + (int64_t)ceil(st->wait - 1e-9);
        }
    return lead;
}

static void random_plants_keep_component_releases(void)
{
    uint64_t seed = 7;
    unsigned components = 0, held = 0;
    for (int round = 0; round < 30; round++) {
        StrBuf b = {0};
        sb_puts(&b, "import std.calendars\nplant { start 2027-01-04 06:00  horizon 16 weeks }\n"
                    "calendar works { base std.two_shifts  closed 2027-01-20 .. 2027-01-24  closed 2027-02-05 14:00-22:00 }\n");
        int machines = 2 + rnd(&seed, 4), levels = 1 + rnd(&seed, 3), per = 1 + rnd(&seed, 3);
        for (int m = 0; m < machines; m++) {
            int cal = rnd(&seed, 3);
            sb_printf(&b, "machine m%d { units %d %s }\n", m, 1 + rnd(&seed, 2),
                      cal == 0 ? "calendar works" : cal == 1 ? "calendar std.three_shifts" : "");
        }
        for (int lv = levels - 1; lv >= 0; lv--)
            for (int k = 0; k < per; k++) {
                sb_printf(&b, "product p%d_%d {", lv, k);
                if (lv + 1 < levels) sb_printf(&b, " bom { p%d_%d %d }", lv + 1, rnd(&seed, per), 1 + rnd(&seed, 3));
                int lot = rnd(&seed, 3) == 0 ? 5 + rnd(&seed, 20) : 0;
                if (lot) sb_printf(&b, " lot %d", lot);
                sb_puts(&b, " routing {");
                int steps = 1 + rnd(&seed, 4);
                for (int s = 0; s < steps; s++) {
                    int m = rnd(&seed, machines), alt = rnd(&seed, 4) == 0, run = 1 + rnd(&seed, 20), wait = rnd(&seed, 3) == 0;
                    sb_printf(&b, " s%d on m%d", s, m);
                    if (alt && machines > 1) sb_printf(&b, " | m%d (run %d min each)", (m + 1) % machines, 1 + run / 2);
                    sb_printf(&b, " setup %d min run %d min each", rnd(&seed, 30), run);
                    if (wait) sb_printf(&b, " wait %d h", 1 + rnd(&seed, 12));
                    if (s == 2) sb_puts(&b, " after s0");
                }
                sb_puts(&b, " } }\n");
            }
        int orders = 2 + rnd(&seed, 8);
        for (int o = 0; o < orders; o++) {
            int day = rnd(&seed, 40), due = day + 3 + rnd(&seed, 30), k = rnd(&seed, per), qty = 1 + rnd(&seed, 30);
            char d1[32], d2[32];
            fmt_datetime(d1, sizeof d1, at(2027, 1, 4, 0, 0) + (int64_t)due * 1440);
            fmt_datetime(d2, sizeof d2, at(2027, 1, 4, 6, 0) + (int64_t)day * 1440 + rnd(&seed, 24) * 60);
            sb_printf(&b, "order O%d { p0_%d %d  due %s  release %s }\n", o, k, qty, d1, d2);
        }
        TestPlan t = test_plan(sb_cstr(&b));
        CU_ASSERT_TRUE(t.ok);
        for (uint32_t i = 0; t.ok && i < t.p->wos.len; i++) {
            const WorkOrder *w = &t.p->wos.data[i];
            if (w->parent < 0) continue;
            components++;
            int64_t allowed = t.p->wos.data[w->parent].release - lead_of(t.ir, w);
            if (allowed > t.ir->start) held++;
            for (uint32_t s = 0; s < w->nops; s++) {
                const Op *op = &t.p->ops.data[w->first_op + s];
                if (op->start < allowed) {
                    CU_FAIL("a component starts before its release allows");
                    fprintf(stderr, "\n  %s step %u starts %lld min early\n%s", w->name, s, (long long)(allowed - op->start),
                            sb_cstr(&b));
                }
            }
        }
        if (t.ok) {
            Diags d = verify_plan(&t, NULL);
            CU_ASSERT_EQUAL(d.nerrors, 0);
            diags_free(&d);
        }
        test_plan_free(&t);
        sb_free(&b);
    }
    /* the plants have components, and many of them are held back */
    CU_ASSERT_TRUE(components > 50);
    CU_ASSERT_TRUE(held > 20);
}

void suite_mrp(void)
{
    CU_pSuite s = CU_add_suite("mrp", NULL, NULL);
    ADD_TEST(s, components_wait_for_their_orders_release);
    ADD_TEST(s, verify_recomputes_component_releases);
    ADD_TEST(s, levels_count_down);
    ADD_TEST(s, random_plants_keep_component_releases);
    ADD_TEST(s, priority_takes_scarce_stock);
    ADD_TEST(s, priority_only_where_waiting_would_be_late);
    ADD_TEST(s, components_carry_their_orders_priority);
    ADD_TEST(s, purchases_arrive_when_goods_are_received);
    ADD_TEST(s, verify_holds_receiving);
    ADD_TEST(s, reported_receipts_stay);
}
