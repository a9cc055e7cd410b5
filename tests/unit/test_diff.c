/* test_diff.c: the change log between two plans — nothing for equal plans;
 * a moved order, a reassigned operation, a new work order and a changed
 * purchase each listed once; orders by the largest move; operations added
 * to a work order; many moves summed up per work order; a purchase whose
 * date moved; names escaped; JSON with every operation; the orders capped
 * with newly late ones first; --summary; the objective rounded to its
 * unit; measures as numbers in JSON; a batch machine's cycles matched by
 * their members, many summed up, unreadable ones refused. */
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

/* Cycles of a batch machine: n cycles of one operation each, an hour apart,
 * cycle k holding work order W<k> from hour `from`. */
static void batch_plan(StrBuf *o, uint32_t n, uint32_t from, uint32_t skip)
{
    sb_puts(o, "takt-plan 2\nplant P start 2026-12-07T00:00 end 2027-01-04T06:00 currency EUR\n");
    uint32_t num = 1;
    for (uint32_t k = 0; k < n; k++) {
        if (k == skip) continue;
        sb_printf(o, "op W%u cure machine oven unit 1 start 2026-12-07T%02u:00 end 2026-12-07T%02u:30 setup 0 run 30 batches %u:4\n",
                  k, from + k / 2, from + k / 2, num);
        sb_printf(o, "batch oven %u unit 1 start 2026-12-07T%02u:00 end 2026-12-07T%02u:30 pieces 4\n", num, from + k / 2,
                  from + k / 2);
        num++;
    }
}

/* A cycle dropped renumbers the later ones, which are not changes; cycles
 * that hold the same members pair off by place first. */
static void batches_matched_by_members(void)
{
    StrBuf a = {0}, b = {0}, o = {0};
    batch_plan(&a, 6, 0, UINT32_MAX);
    batch_plan(&b, 6, 0, 2);
    CU_ASSERT_EQUAL(diff(sb_cstr(&a), sb_cstr(&b), false, &o), 2); /* W2 cure and its cycle */
    const char *t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "### Batches (0 moved, 0 with other members, 1 dropped)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| oven 3 | #1 | 2026-12-07 01:00 | dropped | W2 cure 4 |"));
    sb_free(&o);
    /* two cycles of the same members, one of them kept in place */
    const char *x = "takt-plan 2\n"
                    "op W cure machine oven unit 1 start 2026-12-07T06:00 end 2026-12-07T09:00 batches 1:4,2:4\n"
                    "batch oven 1 unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00\n"
                    "batch oven 2 unit 1 start 2026-12-07T08:00 end 2026-12-07T09:00\n";
    const char *y = "takt-plan 2\n"
                    "op W cure machine oven unit 1 start 2026-12-07T08:00 end 2026-12-07T09:00 batches 1:4\n"
                    "batch oven 1 unit 1 start 2026-12-07T08:00 end 2026-12-07T09:00\n";
    CU_ASSERT_EQUAL(diff(x, y, true, &o), 2); /* the operation and one cycle */
    t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"machine\": \"oven\", \"status\": \"dropped\", \"old_number\": 1, \"new_number\": null"));
    CU_ASSERT_PTR_NULL(strstr(t, "\"status\": \"moved\", \"old_number\""));
    sb_free(&a);
    sb_free(&b);
    sb_free(&o);
}

/* Beyond the limit the log lists the first batches and counts the rest. */
static void batches_many(void)
{
    StrBuf a = {0}, b = {0}, o = {0};
    batch_plan(&a, 40, 0, UINT32_MAX);
    batch_plan(&b, 40, 1, UINT32_MAX);
    CU_ASSERT_EQUAL(diff_n(sb_cstr(&a), sb_cstr(&b), false, 30, &o), 80); /* 40 operations, 40 cycles */
    const char *t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "### Batches (40 moved, 0 with other members)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| oven 1 | #1 | 2026-12-07 00:00 → 2026-12-07 01:00 | +1:00 | W0 cure 4 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "… and 10 more batches; `takt diff --verbose` lists every one."));
    CU_ASSERT_PTR_NULL(strstr(t, "W39 cure 4 |"));
    sb_free(&a);
    sb_free(&b);
    sb_free(&o);
}

/* An operation in a cycle the plan does not have, or with unreadable
 * cycles, is an error for takt diff. */
static void batches_checked(void)
{
    const char *bad[] = {"takt-plan 2\nop W cure machine oven unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00 batches 2:4\n"
                         "batch oven 1 unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00\n",
                         "takt-plan 2\nop W cure machine oven unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00 batches 1:-4\n"
                         "batch oven 1 unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00\n",
                         "takt-plan 2\nop W cure machine saw unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00 batches 1:4\n"
                         "batch oven 1 unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00\n"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        Diags d;
        diags_init(&d);
        PlanFile pf;
        CU_ASSERT_TRUE(plan_read(&pf, 0, bad[k], strlen(bad[k]), &d));
        CU_ASSERT_EQUAL(d.nerrors, 0);
        CU_ASSERT_FALSE(plan_diff_check(&pf, &d));
        CU_ASSERT_EQUAL(d.nerrors, 1);
        plan_file_free(&pf);
        diags_free(&d);
    }
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
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"measure\": \"objective\", \"old\": 66169.5, \"new\": 66678.27, "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"measure\": \"finish\", \"old\": \"2026-12-10T06:00\", "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"old\": 61519.50, \"new\": 61839.60"));
    sb_free(&o);
}

/* The objective rounded to the unit its plan states (objective_kind):
 * money to the cent with both decimals, a duration in whole minutes and
 * its change as one, a number to two decimals at most; in text and in
 * JSON, as numbers. A change smaller than the unit is none. */
static void objective_rounded_to_its_unit(void)
{
    StrBuf o = {0};
    const char *t;
    const char *ma = HEAD "measures objective 66169.496 objective_kind money makespan 100\n";
    const char *mb = HEAD "measures objective 66678.2 objective_kind money makespan 100\n";
    CU_ASSERT_EQUAL(diff(ma, mb, false, &o), 1);
    t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "| objective | 66169.50 | 66678.20 | +508.70 |"));
    CU_ASSERT_PTR_NULL(strstr(t, "objective_kind"));
    sb_free(&o);
    diff(ma, mb, true, &o);
    t = sb_cstr(&o);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"measure\": \"objective\", \"old\": 66169.50, \"new\": 66678.20, \"change\": 508.7}"));
    sb_free(&o);

    const char *da = HEAD "measures objective 3105.4 objective_kind duration makespan 100\n";
    const char *db = HEAD "measures objective 3166.6 objective_kind duration makespan 100\n";
    diff(da, db, false, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "| objective | 3105 | 3167 | +1:02 |"));
    sb_free(&o);
    diff(da, db, true, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "{\"measure\": \"objective\", \"old\": 3105, \"new\": 3167, \"change_minutes\": 62}"));
    sb_free(&o);

    const char *na = HEAD "measures objective 4.5 objective_kind number makespan 100\n";
    const char *nb = HEAD "measures objective 7.0000001 objective_kind number makespan 100\n";
    diff(na, nb, false, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "| objective | 4.5 | 7 | +2.5 |"));
    sb_free(&o);
    diff(na, nb, true, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "{\"measure\": \"objective\", \"old\": 4.5, \"new\": 7, \"change\": 2.5}"));
    sb_free(&o);

    /* less than a minute: no change of the objective; the kind the new plan states wins */
    const char *sa = HEAD "measures objective 3105.2 objective_kind duration makespan 100\n";
    const char *sb = HEAD "measures objective 3105.4 objective_kind duration makespan 101\n";
    CU_ASSERT_EQUAL(diff(sa, sb, false, &o), 1);
    CU_ASSERT_PTR_NULL(strstr(sb_cstr(&o), "| objective |"));
    sb_free(&o);
    const char *ka = HEAD "measures objective 10.456 makespan 100\n";
    const char *kb = HEAD "measures objective 12.5 objective_kind money makespan 100\n";
    diff(ka, kb, false, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&o), "| objective | 10.46 | 12.50 | +2.04 |"));
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
    ADD_TEST(s, batches_matched_by_members);
    ADD_TEST(s, batches_many);
    ADD_TEST(s, batches_checked);
    ADD_TEST(s, orders_capped_late_first);
    ADD_TEST(s, summary_counts);
    ADD_TEST(s, objective_rounded_numbers_in_json);
    ADD_TEST(s, objective_rounded_to_its_unit);
}
