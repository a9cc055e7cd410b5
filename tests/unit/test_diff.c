/* test_diff.c: the change log between two plans — nothing for equal plans;
 * a moved order, a reassigned operation, a new work order and a changed
 * purchase each listed once; JSON with every operation. */
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

static uint32_t diff(const char *a, const char *b, bool json, StrBuf *out)
{
    Diags d;
    diags_init(&d);
    PlanFile pa, pb;
    CU_ASSERT_TRUE(plan_read(&pa, 0, a, strlen(a), &d));
    CU_ASSERT_TRUE(plan_read(&pb, 1, b, strlen(b), &d));
    CU_ASSERT_EQUAL(d.nerrors, 0);
    DiffOptions o = {json, false, 50, "old", "new"};
    uint32_t n = plan_diff(&pa, &pb, &o, out);
    plan_file_free(&pa);
    plan_file_free(&pb);
    diags_free(&d);
    return n;
}

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
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "- **tube** ordered 2026-12-07 06:00: 100 → 150"));
    CU_ASSERT_PTR_NULL(strstr(t, "cost"));
    sb_free(&o);
    StrBuf j = {0};
    CU_ASSERT_EQUAL(diff(old_plan, new_plan, true, &j), 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&j), "\"shift_minutes\": 90"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sb_cstr(&j), "\"changes\": 6"));
    sb_free(&j);
}

void suite_diff(void)
{
    CU_pSuite s = CU_add_suite("diff", NULL, NULL);
    ADD_TEST(s, equal_plans);
    ADD_TEST(s, changes_listed);
}
