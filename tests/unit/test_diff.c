/* test_diff.c: the change log between two plans — nothing for equal plans;
 * a moved order, a reassigned operation, a new work order and a changed
 * purchase each listed once; orders by the largest move; operations added
 * to a work order; many moves summed up per work order; a purchase whose
 * date moved; names escaped; JSON with every operation; the orders capped
 * with newly late ones first; --summary; the objective to two decimals;
 * measures as numbers in JSON. */
#include <string.h>

#include "runtime/plan_diff.h"
#include "test.h"

static const char old_plan[] =
    "takt-plan 1\nplant P start 2026-12-07T06:00 end 2027-01-04T06:00 currency EUR\n"
    "measures objective 100 makespan 100 cost 10.00\n"
    "order A product red qty 3 due 2026-12-07T08:00 done 2026-12-07T07:10 lateness -50\n"
    "workorder A product red qty 3 release 2026-12-07T06:00 due 2026-12-07T08:00 for A\n"
    "op A coat machine paint unit 1 start 2026-12-07T06:00 end 2026-12-07T07:10 setup 10 run 60\n"
    "purchase tube qty 100 order 2026-12-07T06:00 arrive 2026-12-12T06:00\n";
static const char new_plan[] =
    "takt-plan 1\nplant P start 2026-12-07T06:00 end 2027-01-04T06:00 currency EUR\n"
    "measures objective 130 makespan 130 cost 10.00\n"
    "order A product red qty 3 due 2026-12-07T08:00 done 2026-12-07T08:40 lateness 40\n"
    "workorder A product red qty 3 release 2026-12-07T06:00 due 2026-12-07T08:00 for A\n"
    "workorder B product blue qty 2 release 2026-12-07T06:00 due 2026-12-07T08:00 for B\n"
    "op A coat machine paint unit 2 start 2026-12-07T07:30 end 2026-12-07T08:40 setup 10 run 60\n"
    "purchase tube qty 150 order 2026-12-07T06:00 arrive 2026-12-12T06:00\n";

static uint32_t diff_o(const char *a, const char *b, bool json, uint32_t max_ops, bool summary, StrBuf *out)
{
    Diags d;
    diags_init(&d);
    PlanFile pa, pb;
    CU_ASSERT_TRUE(plan_read(&pa, 0, a, strlen(a), &d));
    CU_ASSERT_TRUE(plan_read(&pb, 1, b, strlen(b), &d));
    CU_ASSERT_EQUAL(d.nerrors, 0);
    DiffOptions o = {json, false, max_ops, "old", "new", summary};
    uint32_t n = plan_diff(&pa, &pb, &o, out);
    plan_file_free(&pa);
    plan_file_free(&pb);
    diags_free(&d);
    return n;
}

static uint32_t diff_n(const char *a, const char *b, bool json, uint32_t max_ops, StrBuf *out)
{
    return diff_o(a, b, json, max_ops, false, out);
}

static uint32_t diff(const char *a, const char *b, bool json, StrBuf *out) { return diff_n(a, b, json, 50, out); }

static void equal_plans(void)
{
    StrBuf o = {0};
    CU_ASSERT_EQUAL(diff(old_plan, old_plan, false, &o), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "No changes."));
    sb_free(&o);
}

static void changes_listed(void)
{
    StrBuf o = {0};
    /* objective, makespan; order A; work order B; op A; the purchase */
    CU_ASSERT_EQUAL(diff(old_plan, new_plan, false, &o), 6);
    const char *t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| objective | 100 | 130 | +30 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- **A** done 2026-12-07 07:10 → 2026-12-07 08:40 (+1:30), **late 0:40** (was on time)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- new **B**: 2 blue"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| A coat | paint #1 → paint #2 | 2026-12-07 06:00 → 2026-12-07 07:30 | +1:30 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- **tube** 100 → 150, ordered 2026-12-07 06:00, arriving 2026-12-12 06:00\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "### Orders (1, 1 newly late)"));
    CU_ASSERT_PTR_NULL(strstr(t, "cost"));
    sb_free(&o);
    StrBuf j = {0};
    CU_ASSERT_EQUAL(diff(old_plan, new_plan, true, &j), 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&j), "\"shift_minutes\": 90"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&j), "\"changes\": 6"));
    sb_free(&j);
}

#define WOS                                                                                                   \
    "workorder W product x qty 1 release 2026-12-07T06:00 due 2026-12-09T00:00 start 2026-12-07T06:00 end "     \
    "2026-12-07T07:00\n"                                                                                        \
    "workorder X product x qty 1 release 2026-12-07T06:00 due 2026-12-09T00:00 start 2026-12-07T07:00 end "     \
    "2026-12-07T09:00\n"
#define HEAD "takt-plan 1\nplant P start 2026-12-07T06:00 end 2027-01-04T06:00 currency EUR\n"

static void orders_by_largest_move(void)
{
    const char *a = HEAD "order B product x qty 1 due 2026-12-09T00:00 done 2026-12-07T07:00\n"
                         "order C product x qty 1 due 2026-12-09T00:00 done 2026-12-07T07:00\n"
                         "order D product x qty 1 due 2026-12-09T00:00 done 2026-12-10T07:00\n"
                         "order E product x qty 1 due 2026-12-09T00:00 done 2026-12-07T07:00\n";
    const char *b = HEAD "order A product x qty 1 due 2026-12-09T00:00 done 2026-12-07T07:00\n"
                         "order B product x qty 1 due 2026-12-09T00:00 done 2026-12-07T08:00\n"
                         "order C product x qty 1 due 2026-12-09T00:00 done 2026-12-07T17:00\n"
                         "order D product x qty 1 due 2026-12-09T00:00 done 2026-12-08T07:00\n";
    StrBuf o = {0};
    CU_ASSERT_EQUAL(diff(a, b, false, &o), 5);
    const char *t = sb_cstr(&o);
    const char *d = strstr(t, "- **D** done 2026-12-10 07:00 → 2026-12-08 07:00 (-2d 00:00), **now on time** (was late 1d 07:00)");
    const char *c = strstr(t, "- **C** done"), *bb = strstr(t, "- **B** done"), *na = strstr(t, "- **A** new: 1 x");
    const char *e = strstr(t, "- **E** dropped");
    CU_ASSERT_TRUE(d && c && bb && na && e && d < c && c < bb && bb < na && na < e);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "### Orders (5, 1 no longer late)"));
    sb_free(&o);
}

static void operations_added_and_summed_up(void)
{
    /* W keeps its work order and gains a step; X's two steps move */
    const char *a = HEAD WOS
                         "op W cut machine saw unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00 setup 0 run 60\n"
                         "op X cut machine saw unit 1 start 2026-12-07T07:00 end 2026-12-07T08:00 setup 0 run 60\n"
                         "op X coat machine paint unit 1 start 2026-12-07T08:00 end 2026-12-07T09:00 setup 0 run 60\n";
    const char *b = HEAD WOS
                         "op W cut machine saw unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00 setup 0 run 60\n"
                         "op W drill machine \"drill|press\" unit 1 start 2026-12-07T07:00 end 2026-12-07T07:30 setup 0 run 30\n"
                         "op X cut machine saw unit 2 start 2026-12-07T08:00 end 2026-12-07T09:00 setup 0 run 60\n"
                         "op X coat machine paint unit 1 start 2026-12-07T10:00 end 2026-12-07T11:30 setup 0 run 60\n";
    StrBuf o = {0};
    CU_ASSERT_EQUAL(diff(a, b, false, &o), 3);
    const char *t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "### Operations (2 moved, 1 to another machine or unit, 1 added)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| W drill | → drill\\|press #1 | 2026-12-07 07:00 | added |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| X coat | paint #1 | 2026-12-07 08:00 → 2026-12-07 10:00 | +2:00, end +2:30 |"));
    sb_free(&o);
    /* more than max_ops: one line per work order */
    CU_ASSERT_EQUAL(diff_n(a, b, false, 2, &o), 3);
    t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| X | 2 | 1 | +1:00 … +2:00 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| W | 0 (+1 added) | 0 | |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "--verbose"));
    sb_free(&o);
    /* JSON lists every operation */
    CU_ASSERT_EQUAL(diff_n(a, b, true, 2, &o), 3);
    t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"status\": \"added\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"new_machine\": \"drill|press\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"status\": \"reassigned\""));
    sb_free(&o);
}

static void purchase_moved(void)
{
    const char *a = HEAD "purchase tube qty 100 order 2026-12-07T06:00 arrive 2026-12-12T06:00\n"
                         "purchase tube qty 50 order 2026-12-20T06:00 arrive 2026-12-25T06:00\n";
    const char *b = HEAD "purchase tube qty 100 order 2026-12-07T06:00 arrive 2026-12-12T06:00\n"
                         "purchase tube qty 60 order 2026-12-18T06:00 arrive 2026-12-23T06:00\n"
                         "purchase bolt qty 5 order 2026-12-07T06:00 arrive 2026-12-08T06:00\n";
    StrBuf o = {0};
    CU_ASSERT_EQUAL(diff(a, b, false, &o), 2);
    const char *t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- new: 5 **bolt**, ordered 2026-12-07 06:00, arriving 2026-12-08 06:00\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- **tube** 50 → 60, ordered 2026-12-20 06:00 → 2026-12-18 06:00 (-2d 00:00), "
                                     "arriving 2026-12-25 06:00 → 2026-12-23 06:00 (-2d 00:00)\n"));
    sb_free(&o);
}

/* more orders than a section lists: the newly late one first, then the
 * largest moves, then a line for the rest */
static void orders_capped_late_first(void)
{
    const char *a = HEAD "order A product x qty 1 due 2026-12-09T00:00 done 2026-12-07T07:00\n"
                         "order B product x qty 1 due 2026-12-09T00:00 done 2026-12-07T07:00\n"
                         "order C product x qty 1 due 2026-12-09T00:00 done 2026-12-07T07:00\n"
                         "order D product x qty 1 due 2026-12-07T08:00 done 2026-12-07T07:00\n";
    const char *b = HEAD "order A product x qty 1 due 2026-12-09T00:00 done 2026-12-08T07:00\n"
                         "order B product x qty 1 due 2026-12-09T00:00 done 2026-12-08T08:00\n"
                         "order C product x qty 1 due 2026-12-09T00:00 done 2026-12-08T09:00\n"
                         "order D product x qty 1 due 2026-12-07T08:00 done 2026-12-07T08:30\n";
    StrBuf o = {0};
    CU_ASSERT_EQUAL(diff_n(a, b, false, 2, &o), 4);
    const char *t = sb_cstr(&o);
    const char *d = strstr(t, "- **D** done 2026-12-07 07:00 → 2026-12-07 08:30 (+1:30), **late 0:30** (was on time)");
    const char *c = strstr(t, "- **C** done");
    CU_ASSERT_TRUE(d && c && d < c);
    CU_ASSERT_PTR_NULL(strstr(t, "- **B** done"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- … and 2 more orders (`takt diff --verbose` lists them all)\n"));
    sb_free(&o);
    /* under the cap, the order is the largest move first */
    CU_ASSERT_EQUAL(diff(a, b, false, &o), 4);
    t = sb_cstr(&o);
    CU_ASSERT_TRUE(strstr(t, "- **C** done") < strstr(t, "- **D** done"));
    CU_ASSERT_PTR_NULL(strstr(t, "more orders"));
    sb_free(&o);
}

static void summary_counts(void)
{
    StrBuf o = {0};
    CU_ASSERT_EQUAL(diff_o(old_plan, new_plan, false, 50, true, &o), 6);
    const char *t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| objective | 100 | 130 | +30 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "### Newly late (1 order)\n\n"
                                     "- **A** late 0:40, done 2026-12-07 08:40 (was on time, done 2026-12-07 07:10)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- orders: 1 changed or finishing at another time, 1 newly late, 0 no longer late\n"
                                     "- work orders: 1 changed (1 new, 0 dropped)\n"
                                     "- operations: 1 moved, 1 to another machine or unit, 0 added, 0 removed\n"
                                     "- purchases: 1 changed\n"));
    CU_ASSERT_PTR_NULL(strstr(t, "### Orders"));
    CU_ASSERT_PTR_NULL(strstr(t, "| A coat |"));
    sb_free(&o);
    CU_ASSERT_EQUAL(diff_o(old_plan, new_plan, true, 50, true, &o), 6);
    t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"summary\": true"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"newly_late\": 1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"order\": \"A\""));
    CU_ASSERT_PTR_NULL(strstr(t, "\"operations\": ["));
    sb_free(&o);
    /* equal plans: no counts */
    CU_ASSERT_EQUAL(diff_o(old_plan, old_plan, false, 50, true, &o), 0);
    CU_ASSERT_PTR_NULL(strstr(sb_cstr(&o), "In numbers"));
    sb_free(&o);
}

static void objective_rounded_numbers_in_json(void)
{
    const char *a = HEAD "measures objective 66169.496 finish 2026-12-10T06:00 makespan 100 cost 61519.50\n";
    const char *b = HEAD "measures objective 66678.27 finish 2026-12-11T06:00 makespan 100 cost 61839.60\n";
    StrBuf o = {0};
    CU_ASSERT_EQUAL(diff(a, b, false, &o), 3);
    const char *t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| objective | 66169.5 | 66678.27 | +508.77 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| cost | 61519.50 | 61839.60 | +320.10 |"));
    sb_free(&o);
    CU_ASSERT_EQUAL(diff(a, b, true, &o), 3);
    t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"measure\": \"objective\", \"old\": 66169.496, \"new\": 66678.27, "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"measure\": \"finish\", \"old\": \"2026-12-10T06:00\", "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"old\": 61519.50, \"new\": 61839.60"));
    sb_free(&o);
}

void suite_diff(void)
{
    CU_pSuite s = CU_add_suite("diff", NULL, NULL);
    ADD_TEST(s, equal_plans);
    ADD_TEST(s, changes_listed);
    ADD_TEST(s, orders_by_largest_move);
    ADD_TEST(s, operations_added_and_summed_up);
    ADD_TEST(s, purchase_moved);
    ADD_TEST(s, orders_capped_late_first);
    ADD_TEST(s, summary_counts);
    ADD_TEST(s, objective_rounded_numbers_in_json);
}
