/* test_views.c: the planner's views (runtime/views.h) — ISO weeks, the
 * exceptions of each kind with their causes (a closed calendar named, busy
 * machines, late material, late forecast demand, purchases that cannot
 * arrive in time, stock below zero and below its safety stock, overloaded
 * weeks), load and stock figures that add up, the objective's terms, its
 * restricted measures and the change against a reference plan; resource
 * pools' load rows, waits and overloads, and batch machines' cycles that
 * could not be filled or split a work order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "runtime/page.h"
#include "runtime/plan_read.h"
#include "runtime/reference.h"
#include "compiler/sha256.h"
#include "runtime/base64.h"
#include "runtime/views.h"
#include "test.h"

static int64_t at(int y, int mo, int d, int h, int mi) { return (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi; }

static void iso_weeks(void)
{
    static const struct { int y, m, d; const char *name; } cases[] = {
        {2026, 12, 28, "2026-W53"}, {2027, 1, 4, "2027-W01"}, {2024, 12, 30, "2025-W01"},
        {2021, 1, 4, "2021-W01"},   {2020, 12, 28, "2020-W53"}, {2026, 3, 2, "2026-W10"},
        {1970, 1, 1, "1970-W01"},   {1969, 12, 29, "1970-W01"},
    };
    char b[16];
    for (size_t i = 0; i < TK_COUNTOF(cases); i++) {
        int64_t t = at(cases[i].y, cases[i].m, cases[i].d, 0, 0);
        view_week_name(b, sizeof b, view_week_of(t));
        CU_ASSERT_STRING_EQUAL(b, cases[i].name);
    }
    /* Sunday 23:59 is in the week of the Monday before; Monday 00:00 starts one */
    CU_ASSERT_EQUAL(view_week_of(at(2026, 3, 8, 23, 59)), at(2026, 3, 2, 0, 0));
    CU_ASSERT_EQUAL(view_week_of(at(2026, 3, 9, 0, 0)), at(2026, 3, 9, 0, 0));
    CU_ASSERT_EQUAL(view_week_of(at(1969, 12, 31, 12, 0)), at(1969, 12, 29, 0, 0));
}

static const char plant[] =
    "plant \"Views\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }\n"
    "calendar day { mon-fri 06:00-14:00 }\n"
    "machine saw { }\nmachine booth { calendar day }\nmachine press { }\nmachine lathe { }\n"
    "machine assembly { calendar day }\n"
    "material sheet { lead 10 d }\n"
    "material glue { unit kg  stock 3 kg  safety_stock 5 kg  lead 3 d }\n"
    "material lacquer { unit L  stock 5 L  lead 2 d }\n"
    "product sign { routing { cut on saw run 1 h each  paint on booth run 2 h each } }\n"
    "product panel { bom { sheet 1 }  routing { press_it on press run 1 min each } }\n"
    "product widget { routing { turn on lathe run 5 h each } }\n"
    "product box { bom { glue 0.5 kg  lacquer 1 L }  routing { close on press run 10 min } }\n"
    "product door { routing { fit on assembly run 2 h each } }\n"
    "order \"SO-CAL\" { sign 1  release 2026-03-02 13:00  due 2026-03-02 22:00 }\n"
    "order \"SO-BUY\" { panel 10  due 2026-03-03 }\n"
    "order \"SO-BOX\" { box 1  due 2026-03-20 }\n"
    "order \"SO-EARLY\" { door 5  due 2026-03-03 }\n"
    "order \"SO-RUSH\" { door 25  due 2026-03-06 14:00 }\n"
    "forecast widget { 2026-03-02 .. 2026-03-03  12 }\n"
    "schedule { minimize 10 * tardiness + makespan - 2 min * setups }\n"
    "actuals { now 2026-03-02 06:00\n issued lacquer 8 L on 2026-03-02 06:00 }\n";

static const Exception *find(const PlanViews *v, ExcKind kind, const char *subject)
{
    for (uint32_t i = 0; i < v->nexc; i++)
        if (v->exc[i].kind == kind && strcmp(v->exc[i].subject_name, subject) == 0) return &v->exc[i];
    return NULL;
}

static void exceptions_of_every_kind(void)
{
    TestPlan t = test_plan(plant);
    CU_ASSERT_TRUE_FATAL(t.ok);
    PlanViews v;
    views_compute(&v, t.p, &t.m->sources);
    const IrModel *ir = t.p->ir;

    /* waited for the booth overnight: the calendar's doing, and named */
    const Exception *e = find(&v, EXC_LATE_ORDER, "SO-CAL");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->cause, CAUSE_CALENDAR);
    CU_ASSERT_TRUE(e->calendar >= 0 && strcmp(ir->calendars[e->calendar].name, "day") == 0);
    CU_ASSERT_TRUE(e->machine >= 0 && strcmp(ir->machines[e->machine].name, "booth") == 0);
    CU_ASSERT_EQUAL(e->minutes, 600);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "closed: calendar day"));
    char where[64];
    CU_ASSERT_STRING_EQUAL(views_where(&v, e->span, where, sizeof where), "test.takt:16");
    /* waited for SO-EARLY on the assembly bench: busy */
    e = find(&v, EXC_LATE_ORDER, "SO-RUSH");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->cause, CAUSE_CAPACITY);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "for assembly (busy)"));
    /* the sheets cannot arrive in time */
    e = find(&v, EXC_LATE_ORDER, "SO-BUY");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->cause, CAUSE_MATERIAL);
    CU_ASSERT_TRUE(e->material >= 0 && strcmp(ir->materials[e->material].name, "sheet") == 0);
    e = find(&v, EXC_LATE_PURCHASE, "sheet");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->at, at(2026, 3, 12, 6, 0));
    CU_ASSERT_EQUAL(e->minutes, at(2026, 3, 12, 6, 0) - at(2026, 3, 3, 23, 50));
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "ordered by 2026-02-21 23:50"));
    CU_ASSERT_PTR_NULL(find(&v, EXC_LATE_PURCHASE, "glue")); /* the safety stock's purchase holds nothing up */
    /* forecast demand done after its period */
    e = find(&v, EXC_LATE_FORECAST, "FC-widget-2026-03-02");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->minutes, 18 * 60);
    CU_ASSERT_EQUAL(e->cause, CAUSE_WORK);
    CU_ASSERT_STRING_EQUAL(views_where(&v, e->span, where, sizeof where), "test.takt:21");
    /* stock */
    e = find(&v, EXC_BELOW_SAFETY, "glue");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->minutes, 3 * 1440);
    e = find(&v, EXC_SHORT, "lacquer");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_DOUBLE_EQUAL(e->qty, 3, 1e-9);
    /* the assembly bench's first week: 60 h asked for, 40 h there */
    e = find(&v, EXC_OVERLOAD, "assembly");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->at, at(2026, 3, 2, 0, 0));
    CU_ASSERT_EQUAL(e->minutes, 20 * 60);
    CU_ASSERT_PTR_NULL(find(&v, EXC_OVERLOAD, "lathe"));
    /* sorted by kind */
    for (uint32_t i = 1; i < v.nexc; i++) CU_ASSERT_TRUE(v.exc[i - 1].kind <= v.exc[i].kind);
    views_free(&v);
    test_plan_free(&t);
}

static void figures_add_up(void)
{
    TestPlan t = test_plan(plant);
    CU_ASSERT_TRUE_FATAL(t.ok);
    PlanViews v;
    views_compute(&v, t.p, &t.m->sources);
    const Plan *p = t.p;
    /* every minute of work is planned in some week, on its machine */
    for (uint32_t r = 0; r < v.load.nrows; r++) {
        double work = 0;
        for (uint32_t i = 0; i < p->ops.len; i++)
            if (p->ops.data[i].machine == v.load.rows[r].index) work += ceil(p->ops.data[i].setup + p->ops.data[i].run - 1e-9);
        double planned = 0, required = 0;
        for (uint32_t w = 0; w < v.load.nweeks; w++)
            planned += v.load.rows[r].cells[w].planned, required += v.load.rows[r].cells[w].required;
        CU_ASSERT_DOUBLE_EQUAL(planned, work, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(required, work, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(v.load.rows[r].planned, work, 1e-9);
    }
    /* the assembly bench: five 8-hour days a week */
    CU_ASSERT_DOUBLE_EQUAL(v.load.rows[4].cells[0].available, 40 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.load.rows[4].cells[0].planned, 40 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.load.rows[4].cells[0].required, 60 * 60, 1e-9);
    /* each item ends where its movements take it, every level the sum so far */
    for (uint32_t i = 0; i < v.stock.nrows; i++) {
        const StockRow *r = &v.stock.rows[i];
        double in = r->in_receipts + r->in_purchases + r->in_made, out = r->out_used + r->out_issued + r->out_shipped;
        CU_ASSERT_DOUBLE_EQUAL(r->end, r->onhand + in - out, 1e-9);
        double level = r->onhand;
        for (uint32_t k = 0; k < r->nev; k++) {
            level += r->ev[k].qty;
            CU_ASSERT_DOUBLE_EQUAL(r->ev[k].level, level, 1e-9);
            if (k) CU_ASSERT_TRUE(r->ev[k - 1].t <= r->ev[k].t);
        }
    }
    /* products: every piece made is shipped (no lots here) */
    for (uint32_t i = 0; i < v.stock.nrows; i++)
        if (v.stock.rows[i].product) CU_ASSERT_DOUBLE_EQUAL(v.stock.rows[i].end, 0, 1e-9);
    /* the objective's terms, each with its sign, add up to it */
    CU_ASSERT_EQUAL_FATAL(v.nterms, 3);
    CU_ASSERT_STRING_EQUAL(v.terms[0].text, "10 * tardiness");
    CU_ASSERT_STRING_EQUAL(v.terms[1].text, "makespan");
    CU_ASSERT_STRING_EQUAL(v.terms[2].text, "2 min * setups");
    CU_ASSERT_EQUAL(v.terms[0].kind, TERM_DURATION);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[0].value, 10 * p->m.tardiness, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[2].value, -2 * p->m.setups, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[0].value + v.terms[1].value + v.terms[2].value, p->m.objective, 1e-6);
    /* each purchase's pegging adds up to what it serves, no more than it brings */
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        double served = 0;
        for (int32_t a = v.pa_first[k]; a >= 0; a = v.pa_next[a]) served += p->allocs.data[a].qty;
        CU_ASSERT_TRUE(served <= p->purchases.data[k].qty + 1e-9);
        CU_ASSERT_TRUE(served > 0);
    }
    views_free(&v);
    test_plan_free(&t);
}

/* consolidate 1 week: needs ordered within a week of a purchase's order
 * date join it; a later one starts a purchase of its own. Released on days
 * 0, 3 and 10 with a lead time of 2 days, they would be ordered on days 0,
 * 1 and 8: 6 + 7 pieces, then 5. Without consolidation, three purchases. */
static const char weekly[] =
    "plant \"P\" { start 2026-03-02 00:00  horizon 4 weeks }\n"
    "machine saw { }\n"
    "material m { lead 2 d  consolidate 1 week }\n"
    "product p { bom { m 1 }  routing { cut on saw run 1 min each } }\n"
    "order A { p 6  due 2026-03-04 }\n"
    "order B { p 7  release 2026-03-05 00:00  due 2026-03-07 }\n"
    "order C { p 5  release 2026-03-12 00:00  due 2026-03-14 }\n";

static void consolidation_windows(void)
{
    TestPlan t = test_plan(weekly);
    CU_ASSERT_TRUE_FATAL(t.ok);
    const Plan *p = t.p;
    CU_ASSERT_EQUAL_FATAL(p->purchases.len, 2);
    CU_ASSERT_DOUBLE_EQUAL(p->purchases.data[0].qty, 13, 1e-9);
    CU_ASSERT_EQUAL(p->purchases.data[0].order_at, at(2026, 3, 2, 0, 0));
    CU_ASSERT_EQUAL(p->purchases.data[0].arrive, at(2026, 3, 4, 0, 0));
    CU_ASSERT_EQUAL(p->purchases.data[0].needs, 2);
    CU_ASSERT_DOUBLE_EQUAL(p->purchases.data[1].qty, 5, 1e-9);
    CU_ASSERT_EQUAL(p->purchases.data[1].order_at, at(2026, 3, 10, 0, 0));
    PlanViews v;
    views_compute(&v, p, NULL);
    /* the first serves A and B, 6 and 7 */
    int32_t a = v.pa_first[0];
    CU_ASSERT_TRUE_FATAL(a >= 0);
    CU_ASSERT_STRING_EQUAL(p->wos.data[p->allocs.data[a].wo].name, "A");
    CU_ASSERT_DOUBLE_EQUAL(p->allocs.data[a].qty, 6, 1e-9);
    a = v.pa_next[a];
    CU_ASSERT_TRUE_FATAL(a >= 0);
    CU_ASSERT_STRING_EQUAL(p->wos.data[p->allocs.data[a].wo].name, "B");
    CU_ASSERT_DOUBLE_EQUAL(p->allocs.data[a].qty, 7, 1e-9);
    CU_ASSERT_EQUAL(v.pa_next[a], -1);
    /* B's material came early: none of the purchases is late */
    CU_ASSERT_FALSE(p->purchases.data[0].late || p->purchases.data[1].late);
    views_free(&v);
    test_plan_free(&t);
    /* the same without consolidation: one purchase per need */
    char *plain = tk_strdup(weekly);
    char *c = strstr(plain, "  consolidate 1 week");
    memset(c, ' ', strlen("  consolidate 1 week"));
    t = test_plan(plain);
    CU_ASSERT_EQUAL(t.p->purchases.len, 3);
    test_plan_free(&t);
    tk_free(plain);
}

/* SHA-256 and base64 on the standards' own examples (FIPS 180-4's, RFC
 * 4648's): the page's Content-Security-Policy names its scripts by them. */
static void sha256_and_base64(void)
{
    static const struct { const char *in; const char *hex; } sha[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        /* 55, 56 and 64 bytes: the padding's edges */
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    uint8_t d[32];
    char hex[65];
    for (size_t i = 0; i < TK_COUNTOF(sha); i++) {
        sha256(sha[i].in, strlen(sha[i].in), d);
        for (int k = 0; k < 32; k++) snprintf(hex + 2 * k, 3, "%02x", d[k]);
        CU_ASSERT_STRING_EQUAL(hex, sha[i].hex);
    }
    char *million = malloc(1000000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(million);
    memset(million, 'a', 1000000);
    sha256(million, 1000000, d);
    free(million);
    for (int k = 0; k < 32; k++) snprintf(hex + 2 * k, 3, "%02x", d[k]);
    CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    static const char *const b64[][2] = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
                                         {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    char out[16];
    for (size_t i = 0; i < TK_COUNTOF(b64); i++) {
        size_t n = base64((const uint8_t *)b64[i][0], strlen(b64[i][0]), out);
        CU_ASSERT_EQUAL(n, strlen(b64[i][1]));
        CU_ASSERT_STRING_EQUAL(out, b64[i][1]);
    }
}

/* The page's policy names exactly the scripts it holds: each inline
 * script's SHA-256 is in script-src, and the data is no script that runs. */
static void page_policy_names_its_scripts(void)
{
    TestPlan t = test_plan(plant);
    CU_ASSERT_TRUE_FATAL(t.ok);
    PlanViews v;
    views_compute(&v, t.p, &t.m->sources);
    StrBuf o = {0};
    page_write_html(&v, &o);
    const char *s = sb_cstr(&o);
    const char *csp = strstr(s, "script-src");
    CU_ASSERT_PTR_NOT_NULL_FATAL(csp);
    const char *csp_end = strchr(csp, ';');
    CU_ASSERT_PTR_NOT_NULL_FATAL(csp_end);
    CU_ASSERT_PTR_NULL(strstr(s, "unsafe-eval"));
    int scripts = 0, hashed = 0;
    for (const char *at = strstr(s, "<script"); at; at = strstr(at + 1, "<script")) {
        const char *gt = strchr(at, '>'), *end = strstr(at, "</script>");
        CU_ASSERT_PTR_NOT_NULL_FATAL(gt);
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        scripts++;
        uint8_t d[32];
        char b[48], want[64];
        sha256(gt + 1, (size_t)(end - gt - 1), d);
        base64(d, 32, b);
        snprintf(want, sizeof want, "'sha256-%s'", b);
        const char *hit = strstr(csp, want);
        bool data = strncmp(at, "<script type=\"application/json\"", 31) == 0;
        if (hit && hit < csp_end) hashed++;
        CU_ASSERT_TRUE(data ? !(hit && hit < csp_end) : hit && hit < csp_end);
    }
    CU_ASSERT_EQUAL(scripts, 3);
    CU_ASSERT_EQUAL(hashed, 2);
    /* the figures of the views are on the page: the late order and its cause */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "held up by calendar day"));
    sb_free(&o);
    views_free(&v);
    test_plan_free(&t);
}

/* The objective's restricted measures, each shown in its own kind, are the
 * plan's; the objective's terms read them (a term of a restricted measure
 * is its weight times the measure); the change against a reference plan is
 * none against the plan itself, and one operation moved later by an hour
 * is one moved, none reassigned, 60 minutes shifted. */
static const char restricted[] =
    "plant \"Coats\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }\n"
    "machine saw { units 2  cost 30 EUR/h  setup by size { same 0 min  change 15 min } }\n"
    "machine coat { cost 60 EUR/h  setup by colour { same 0 min  change 45 min } }\n"
    "product red { colour \"red\"  size 1  routing { cut on saw run 4 min each  paint on coat run 3 min each } }\n"
    "product blue { colour \"blue\"  size 2  routing { cut on saw run 4 min each  paint on coat run 3 min each } }\n"
    "order A1 { red 10  due 2026-03-02 08:00  kind \"rush\" }\n"
    "order A2 { blue 10  due 2026-03-03 }\n"
    "order A3 { red 10  due 2026-03-02 09:00  kind \"rush\" }\n"
    "schedule { minimize 30 min * setups(coat) + 2 * tardiness(order.kind == \"rush\")\n"
    "           + cost(coat) / 1 EUR * 1 min + 5 min * moved }\n";

static void restricted_measures_and_change(void)
{
    TestPlan t = test_plan(restricted);
    CU_ASSERT_TRUE_FATAL(t.ok);
    Plan *p = t.p;
    PlanViews v;
    views_compute(&v, p, &t.m->sources);
    CU_ASSERT_EQUAL_FATAL(v.nrestricted, 3);
    CU_ASSERT_STRING_EQUAL(v.restricted[0].name, "setups(coat)");
    CU_ASSERT_STRING_EQUAL(v.restricted[1].name, "tardiness(order.kind == \"rush\")");
    CU_ASSERT_STRING_EQUAL(v.restricted[2].name, "cost(coat)");
    CU_ASSERT_EQUAL(v.restricted[0].kind, TERM_NUMBER);
    CU_ASSERT_EQUAL(v.restricted[1].kind, TERM_DURATION);
    CU_ASSERT_EQUAL(v.restricted[2].kind, TERM_MONEY);
    for (uint32_t k = 0; k < 3; k++) CU_ASSERT_DOUBLE_EQUAL(v.restricted[k].value, p->m.terms[k], 1e-9);
    CU_ASSERT_TRUE(v.restricted[0].value >= 1);   /* two colours on one line */
    CU_ASSERT_TRUE(v.restricted[1].value > 0);    /* the rush orders are late */
    CU_ASSERT_TRUE(v.restricted[2].value > 0);
    CU_ASSERT_TRUE(v.restricted[2].value < p->m.cost);
    /* the terms read the restricted measures, and add up to the objective */
    CU_ASSERT_EQUAL_FATAL(v.nterms, 4);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[0].value, 30 * v.restricted[0].value, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[1].value, 2 * v.restricted[1].value, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[2].value, v.restricted[2].value, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[3].value, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[0].value + v.terms[1].value + v.terms[2].value + v.terms[3].value, p->m.objective,
                           1e-6);
    CU_ASSERT_FALSE(v.change.has);
    views_free(&v);

    /* the plan as its own reference: nothing moved */
    StrBuf text = {0};
    plan_write(p, &text);
    FileId fid = sources_add(&t.m->sources, "ref.plan", "ref.plan", text.data, text.len);
    PlanFile pf;
    memset(&pf, 0, sizeof pf);
    CU_ASSERT_TRUE_FATAL(plan_read(&pf, fid, text.data, text.len, &t.m->diags));
    CU_ASSERT_TRUE_FATAL(reference_usable(t.ir, &pf, &t.m->diags));
    Reference *ref = reference_build(p, &pf);
    p->ref = ref;
    plan_measure(p, t.eng);
    views_compute(&v, p, &t.m->sources);
    CU_ASSERT_TRUE(v.change.has);
    CU_ASSERT_EQUAL(v.change.matched, p->ops.len);
    CU_ASSERT_EQUAL(v.change.added, 0);
    CU_ASSERT_DOUBLE_EQUAL(v.change.moved, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.change.shifted, 0, 1e-9);
    views_free(&v);
    /* the last operation an hour later */
    Op *last = &p->ops.data[p->ops.len - 1];
    last->start += 60;
    last->end += 60;
    plan_measure(p, t.eng);
    views_compute(&v, p, &t.m->sources);
    CU_ASSERT_DOUBLE_EQUAL(v.change.moved, 1, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.change.reassigned, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.change.shifted, 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.terms[3].value, 5 * 1, 1e-9);
    /* and the page shows it, and the restricted measures */
    StrBuf o = {0};
    page_write_html(&v, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "<span id=\"moved\">1</span> of "));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "<dt class=\"restricted\">tardiness(order.kind == &quot;rush&quot;)</dt>"));
    sb_free(&o);
    views_free(&v);
    p->ref = NULL;
    reference_free(ref);
    plan_file_free(&pf);
    sb_free(&text);
    test_plan_free(&t);
}

static const char pools_plant[] =
    "plant \"Pools\" { start 2026-03-02 06:00  horizon 3 weeks }\n"
    "calendar day { mon-fri 06:00-14:00 }\n"
    "resource setter { units 1  calendar day }\n"
    "resource inspector { units 1  calendar day }\n"
    "machine lathe_a { }\nmachine lathe_b { }\nmachine lathe_c { }\nmachine bench { }\n"
    "machine oven { capacity 10  cycle 2 h  FILL }\n"
    "product shaft { routing { turn on lathe_a setup 1 h run 1 h each with setter for setup } }\n"
    "product pin { routing { turn on lathe_b setup 1 h run 30 min each with setter for setup } }\n"
    "product bolt { routing { turn on lathe_c setup 1 h run 30 min each with setter for setup } }\n"
    "product plate { routing { check on bench run 25 h each with inspector } }\n"
    "product cake { routing { bake on oven } }\n"
    "order \"SO-A\" { shaft 1  due 2026-03-02 09:00 }\n"
    "order \"SO-B\" { pin 1  due 2026-03-02 08:00 }\n"
    "order \"SO-C\" { pin 1  release 2026-03-02 13:30  due 2026-03-02 16:00 }\n"
    "order \"SO-D\" { bolt 1  release 2026-03-03 14:30  due 2026-03-03 18:00 }\n"
    "order \"SO-P\" { plate 2  due 2026-03-06 14:00 }\n"
    "order \"SO-K1\" { cake 4  due 2026-03-02 12:00 }\n"
    "order \"SO-K2\" { cake 8  release 2026-03-03 06:00  due 2026-03-03 12:00 }\n"
    "order \"SO-K3\" { cake 6  release 2026-03-03 06:00  due 2026-03-03 09:00 }\n"
    "schedule { minimize tardiness }\n";

static char *pools_model(const char *fill)
{
    StrBuf b = {0};
    const char *at_fill = strstr(pools_plant, "FILL");
    sb_putn(&b, pools_plant, (size_t)(at_fill - pools_plant));
    sb_puts(&b, fill);
    sb_puts(&b, at_fill + 4);
    return b.data;
}

static const LoadRow *load_row(const PlanViews *v, ResKind kind, const char *name)
{
    for (uint32_t i = 0; i < v->load.nrows; i++)
        if (v->load.rows[i].kind == kind && strcmp(v->load.rows[i].name, name) == 0) return &v->load.rows[i];
    return NULL;
}

static uint32_t count_kind(const PlanViews *v, ExcKind kind)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < v->nexc; i++) n += v->exc[i].kind == kind;
    return n;
}

static void pools_and_batches(void)
{
    char *src = pools_model("fill 1 h");
    TestPlan t = test_plan(src);
    CU_ASSERT_TRUE_FATAL(t.ok);
    PlanViews v;
    views_compute(&v, t.p, &t.m->sources);
    const Plan *p = t.p;
    const IrModel *ir = p->ir;

    /* a load row per pool, after the machines', with its kind */
    CU_ASSERT_EQUAL(v.load.nrows, ir->nmachines + ir->npools);
    const LoadRow *setter = load_row(&v, RES_POOL, "setter"), *insp = load_row(&v, RES_POOL, "inspector");
    CU_ASSERT_PTR_NOT_NULL_FATAL(setter);
    CU_ASSERT_PTR_NOT_NULL_FATAL(insp);
    CU_ASSERT_PTR_NULL(load_row(&v, RES_MACHINE, "setter"));
    CU_ASSERT_STRING_EQUAL(res_kind_name(RES_POOL), "pool");
    /* the setups only: SO-A, SO-B, SO-C (held overnight, one working hour) and SO-D */
    CU_ASSERT_DOUBLE_EQUAL(setter->cells[0].planned, 4 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(setter->cells[0].available, 40 * 60, 1e-9);
    CU_ASSERT_EQUAL(setter->overloaded, 0);
    /* the inspector: 50 h asked for by Friday against 40 h; 40 h then 10 h planned */
    CU_ASSERT_DOUBLE_EQUAL(insp->cells[0].required, 50 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(insp->cells[0].planned, 40 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(insp->cells[1].planned, 10 * 60, 1e-9);
    CU_ASSERT_EQUAL(insp->overloaded, 1);
    /* the pool rows hold the time every unit is held, in the pool's calendar */
    double held = 0, rows = 0;
    for (uint32_t i = 0; i < p->ops.len; i++)
        for (uint32_t k = p->hold_off[i]; k < p->hold_off[i + 1] && p->holds[k].pool >= 0; k++) {
            const IrPool *po = &ir->pools[p->holds[k].pool];
            held += (double)cal_work_between(&ir->calendars[po->calendar], p->ops.data[i].start, p->holds[k].until);
        }
    rows = setter->planned + insp->planned;
    CU_ASSERT_DOUBLE_EQUAL(rows, held, 1e-6);

    /* the oven's three cycles of 2 h count once each, whatever their members
     * (SO-K3's operation spans two of them); the members' shares add up */
    const LoadRow *oven = load_row(&v, RES_MACHINE, "oven");
    CU_ASSERT_PTR_NOT_NULL_FATAL(oven);
    CU_ASSERT_DOUBLE_EQUAL(oven->cells[0].planned, 6 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(oven->cells[0].required, 6 * 60, 1e-6);

    /* overloaded pool week: an exception naming the pool, its line */
    const Exception *e = find(&v, EXC_OVERLOAD, "inspector");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_TRUE(e->pool >= 0 && strcmp(ir->pools[e->pool].name, "inspector") == 0);
    CU_ASSERT_EQUAL(e->machine, -1);
    CU_ASSERT_EQUAL(e->minutes, 10 * 60);
    char where[64];
    CU_ASSERT_STRING_EQUAL(views_where(&v, e->span, where, sizeof where), "test.takt:4");
    /* SO-B waited for the setter, not for its lathe */
    e = find(&v, EXC_LATE_ORDER, "SO-B");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->cause, CAUSE_CAPACITY);
    CU_ASSERT_TRUE(e->pool >= 0 && strcmp(ir->pools[e->pool].name, "setter") == 0);
    CU_ASSERT_EQUAL(e->machine, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "waited 1:00 for resource setter (busy)"));
    CU_ASSERT_PTR_NULL(strstr(e->text, "lathe_b"));
    /* SO-D waited for the setter's shift: the pool's calendar named */
    e = find(&v, EXC_LATE_ORDER, "SO-D");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->cause, CAUSE_CALENDAR);
    CU_ASSERT_TRUE(e->calendar >= 0 && strcmp(ir->calendars[e->calendar].name, "day") == 0);
    CU_ASSERT_TRUE(e->pool >= 0 && strcmp(ir->pools[e->pool].name, "setter") == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "waited 15:30 for resource setter (closed: calendar day)"));
    /* the oven: two cycles 40% full once the wait to fill was over; SO-K3 split */
    CU_ASSERT_EQUAL(count_kind(&v, EXC_BATCH_UNFILLED), 2);
    e = find(&v, EXC_BATCH_UNFILLED, "oven");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->at, at(2026, 3, 2, 7, 0));
    CU_ASSERT_EQUAL(e->minutes, 60);
    CU_ASSERT_DOUBLE_EQUAL(e->qty, 4, 1e-9);
    CU_ASSERT_TRUE(e->batch >= 0 && strcmp(ir->machines[e->machine].name, "oven") == 0);
    CU_ASSERT_STRING_EQUAL(views_where(&v, e->span, where, sizeof where), "test.takt:9");
    e = find(&v, EXC_BATCH_SPLIT, "SO-K3");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->minutes, 120);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "in 2 cycles"));
    CU_ASSERT_EQUAL(count_kind(&v, EXC_BATCH_SPLIT), 1); /* SO-K2, with all its pieces in one, is not */
    CU_ASSERT_STRING_EQUAL(exc_kind_name(EXC_BATCH_SPLIT), "batch_split");
    CU_ASSERT_STRING_EQUAL(exc_kind_name(EXC_BATCH_UNFILLED), "batch_unfilled");
    views_free(&v);
    test_plan_free(&t);
    tk_free(src);

    /* without a wait to fill, a cycle that starts not full is the rule: no exception */
    src = pools_model("");
    t = test_plan(src);
    CU_ASSERT_TRUE_FATAL(t.ok);
    views_compute(&v, t.p, &t.m->sources);
    CU_ASSERT_EQUAL(count_kind(&v, EXC_BATCH_UNFILLED), 0);
    views_free(&v);
    test_plan_free(&t);
    tk_free(src);
}

/* A time window the plan cannot hold is an exception: the operation's work
 * order, by how much, and why; one held is not. */
static void windows_not_held(void)
{
    TestPlan t = test_plan("plant \"P\" { start 2026-03-02 06:00  horizon 4 weeks }\n"
                           "machine lathe { }\nmachine washer { }\n"
                           "product bush { routing { saw on lathe run 1 h\n turn on lathe run 5 h after start\n"
                           "  wash on washer run 10 min after saw, turn within 30 min\n"
                           "  pack on washer run 5 min within 0 min } }\n"
                           "order B1 { bush 1  due 2026-03-10 }\n");
    CU_ASSERT_TRUE_FATAL(t.ok);
    PlanViews v;
    views_compute(&v, t.p, &t.m->sources);
    CU_ASSERT_EQUAL(count_kind(&v, EXC_WINDOW), 1);
    const Exception *e = find(&v, EXC_WINDOW, "B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->minutes, 270);
    CU_ASSERT_EQUAL(e->at, at(2026, 3, 2, 12, 0));
    CU_ASSERT_TRUE(e->machine >= 0 && strcmp(t.ir->machines[e->machine].name, "washer") == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "step 'wash' starts 5:00 after 'saw' ends, 4:30 past its window of 0:30"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e->text, "it also waits for 'turn'"));
    CU_ASSERT_STRING_EQUAL(exc_kind_name(EXC_WINDOW), "window");
    views_free(&v);
    test_plan_free(&t);
}

void suite_views(void)
{
    CU_pSuite s = CU_add_suite("views", NULL, NULL);
    ADD_TEST(s, iso_weeks);
    ADD_TEST(s, exceptions_of_every_kind);
    ADD_TEST(s, figures_add_up);
    ADD_TEST(s, consolidation_windows);
    ADD_TEST(s, sha256_and_base64);
    ADD_TEST(s, page_policy_names_its_scripts);
    ADD_TEST(s, restricted_measures_and_change);
    ADD_TEST(s, pools_and_batches);
    ADD_TEST(s, windows_not_held);
}
