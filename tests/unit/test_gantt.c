/* test_gantt.c: the Gantt chart — a well-formed SVG with one bar per
 * operation, names escaped, late orders outlined, reported operations
 * hatched, closed time shaded; an empty plan. */
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "runtime/runtime.h"
#include "test.h"

static unsigned count(const char *s, const char *what)
{
    unsigned n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what)) n++;
    return n;
}

static char *chart(const char *src, uint32_t *nops)
{
    TestPlan t = test_plan(src);
    CU_ASSERT_TRUE(t.ok);
    StrBuf b = {0};
    gantt_write_svg(t.p, &b);
    *nops = t.p->ops.len;
    test_plan_free(&t);
    return b.data;
}

static void bars_and_names(void)
{
    uint32_t n;
    char *s = chart("plant \"Works <A&B>\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                    "calendar day { mon-fri 06:00-14:00 }\n"
                    "machine saw { units 2  calendar day }\nmachine paint { }\n"
                    "product chair { routing { cut on saw run 30 min each\n coat on paint setup 20 min  run 5 min each } }\n"
                    "order A { chair 20  due 2026-12-07 07:00 }\norder \"B<&>\" { chair 2  due 2026-12-20 }\n",
                    &n);
    CU_ASSERT_EQUAL(strncmp(s, "<svg ", 5), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "</svg>\n"));
    CU_ASSERT_EQUAL(count(s, "<rect class=\"op"), n);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "Works &lt;A&amp;B&gt;"));
    CU_ASSERT_PTR_NULL(strstr(s, "<A&B>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>B&lt;&amp;&gt; cut on saw #"));
    CU_ASSERT_PTR_NULL(strstr(s, "B<&>"));
    /* A is late: its two operations are outlined */
    CU_ASSERT_EQUAL(count(s, "class=\"op late\""), 2);
    /* the saw's closed nights and weekends are shaded, over both units */
    CU_ASSERT_TRUE(count(s, "class=\"closed\"") >= 1);
    CU_ASSERT_EQUAL(count(s, "class=\"closed\""), count(s, "height=\"44\"/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">saw #2</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">paint #1</text>"));
    /* a tooltip per bar */
    CU_ASSERT_EQUAL(count(s, "<title>"), n);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>A cut on saw #"));
    CU_ASSERT_EQUAL(count(s, "fill=\"url(#actual)\""), 0);
    tk_free(s);
}

static void reported_operations_are_hatched(void)
{
    uint32_t n;
    char *s = chart("plant \"W\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                    "machine saw { }\nproduct chair { routing { cut on saw run 30 min each } }\n"
                    "order A { chair 4  due 2026-12-20 }\norder B { chair 2  due 2026-12-20 }\n"
                    "actuals { op A cut on saw { start 2026-12-07 06:00  end 2026-12-07 08:10  good 4 } }\n",
                    &n);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(count(s, "fill=\"url(#actual)\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "06:00 to 2026-12-07 08:10"));
    /* beside it, the standard: 4 chairs at 30 min, until 08:00 */
    CU_ASSERT_EQUAL(count(s, "class=\"std\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "standard times, until 2026-12-07 08:00"));
    tk_free(s);
}

static void empty_plan(void)
{
    uint32_t n;
    char *s = chart("plant \"W\" { start 2026-12-07 06:00  horizon 1 week }\nmachine saw { }\n", &n);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(strncmp(s, "<svg ", 5), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">saw #1</text>"));
    CU_ASSERT_EQUAL(count(s, "<rect class=\"op"), 0);
    size_t len = strlen(s);
    CU_ASSERT_TRUE(len > 7 && strcmp(s + len - 7, "</svg>\n") == 0);
    tk_free(s);
}

/* a batch machine's cycle is one bar, its members stacked in it */
static void batch_cycles_are_one_bar(void)
{
    TestPlan t = test_plan("plant \"W\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                           "machine oven { units 1  capacity 40  cycle 2 h }\n"
                           "product gear { routing { harden on oven } }\n"
                           "order A { gear 30  due 2026-12-20 }\norder B { gear 30  due 2026-12-20 }\n");
    CU_ASSERT_TRUE_FATAL(t.ok);
    StrBuf b = {0};
    gantt_write_svg(t.p, &b);
    CU_ASSERT_EQUAL(t.p->batches.len, 2);
    CU_ASSERT_EQUAL(count(b.data, "<g class=\"batch\">"), 2);
    /* members: A and B in the first cycle, B's rest in the second */
    CU_ASSERT_EQUAL(count(b.data, "<rect class=\"op"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "40 pieces, 40 of a capacity of 40: A harden 30, B harden 10"));
    tk_free(b.data);
    test_plan_free(&t);
}

void suite_gantt(void)
{
    CU_pSuite s = CU_add_suite("gantt", NULL, NULL);
    ADD_TEST(s, bars_and_names);
    ADD_TEST(s, reported_operations_are_hatched);
    ADD_TEST(s, empty_plan);
    ADD_TEST(s, batch_cycles_are_one_bar);
}
