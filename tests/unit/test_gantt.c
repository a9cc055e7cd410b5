/* test_gantt.c: the Gantt chart — a well-formed SVG with one bar per
 * operation, names escaped, late orders outlined, reported operations
 * hatched, closed time shaded; labels where they fit, a legend of every
 * order, colours apart for many orders, the now line of a re-plan, time
 * ticks that fit the span; an empty plan. */
#include <math.h>
#include <stdio.h>
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

/* The chart of a model; the legend is cut off (at its group) so that the
 * counts are of the chart itself, and kept in *legend if asked for. */
static char *chart_and_legend(const char *src, uint32_t *nops, char **legend)
{
    TestPlan t = test_plan(src);
    CU_ASSERT_TRUE(t.ok);
    StrBuf b = {0};
    gantt_write_svg(t.p, &b);
    *nops = t.p->ops.len;
    test_plan_free(&t);
    char *at = strstr(b.data, "<g class=\"legend\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    if (legend) *legend = tk_strdup(at);
    *at = 0;
    return b.data;
}

static char *chart(const char *src, uint32_t *nops) { return chart_and_legend(src, nops, NULL); }

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
    /* no actuals: no now line */
    CU_ASSERT_EQUAL(count(s, "class=\"now\""), 0);
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
    tk_free(s);
    TestPlan t = test_plan("plant \"W\" { start 2026-12-07 06:00  horizon 1 week }\nmachine saw { }\n");
    StrBuf b = {0};
    gantt_write_svg(t.p, &b);
    size_t len = b.len;
    CU_ASSERT_TRUE(len > 7 && strcmp(b.data + len - 7, "</svg>\n") == 0);
    sb_free(&b);
    test_plan_free(&t);
}

/* A label inside each bar that is wide enough for it: the work order and
 * the step, or the work order alone; none in a narrow bar. */
static void labels_where_they_fit(void)
{
    uint32_t n;
    char *s = chart("plant \"W\" { start 2026-12-07 06:00  horizon 2 weeks }\n"
                    "machine saw { }\nproduct chair { routing { cut on saw run 2 min each } }\n"
                    "order LONG { chair 300  due 2026-12-20 }\norder TINY { chair 1  due 2026-12-20 }\n",
                    &n);
    /* LONG takes 10 h of a short plan's 1600 px: its bar is wide */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">LONG cut</text>"));
    CU_ASSERT_PTR_NULL(strstr(s, ">TINY cut</text>"));
    CU_ASSERT_PTR_NULL(strstr(s, ">TINY</text>"));
    tk_free(s);
}

/* Every order in the legend with its bars' colour; late ones outlined
 * there too; many orders in as many colours. */
static void legend_and_colours(void)
{
    StrBuf src = {0};
    sb_puts(&src, "plant \"W\" { start 2026-12-07 06:00  horizon 8 weeks }\nmachine saw { units 4 }\n"
                  "product chair { routing { cut on saw run 30 min each } }\n");
    for (int i = 0; i < 40; i++) sb_printf(&src, "order O%02d { chair 2  due 2026-12-%s }\n", i, i == 0 ? "07 06:30" : "20");
    uint32_t n;
    char *legend;
    char *s = chart_and_legend(sb_cstr(&src), &n, &legend);
    sb_free(&src);
    CU_ASSERT_EQUAL(n, 40);
    CU_ASSERT_EQUAL(count(legend, "<rect class=\"key"), 40 + 3);
    CU_ASSERT_EQUAL(count(legend, "<rect class=\"closed"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(legend, ">O00</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(legend, ">O39</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(legend, ">late order</text>"));
    CU_ASSERT_EQUAL(count(legend, "class=\"key late\""), 2); /* the mark, and O00 */
    /* 40 orders, 40 colours; the first few far apart in hue */
    char seen[40][40];
    for (uint32_t k = 0; k < 40; k++) {
        chart_colour(k, seen[k], sizeof seen[k]);
        for (uint32_t j = 0; j < k; j++) CU_ASSERT_STRING_NOT_EQUAL(seen[k], seen[j]);
        StrBuf fill = {0};
        sb_printf(&fill, "fill=\"%s\"", seen[k]);
        CU_ASSERT_PTR_NOT_NULL(strstr(s, sb_cstr(&fill)));
        sb_free(&fill);
    }
    for (uint32_t k = 1; k < 8; k++) {
        double h0 = fmod((k - 1) * 137.50776405, 360), h1 = fmod(k * 137.50776405, 360);
        double d = fabs(h1 - h0);
        CU_ASSERT_TRUE((d > 180 ? 360 - d : d) > 100);
    }
    tk_free(legend);
    tk_free(s);
}

/* The now line of a re-plan, where the actuals' now is. */
static void now_line_on_replans(void)
{
    uint32_t n;
    char *s = chart("plant \"W\" { start 2026-12-07 06:00  horizon 4 weeks }\n"
                    "machine saw { }\nproduct chair { routing { cut on saw run 30 min each } }\n"
                    "order A { chair 4  due 2026-12-20 }\norder B { chair 2  due 2026-12-20 }\n"
                    "actuals { now 2026-12-07 09:00\n op A cut on saw { start 2026-12-07 06:00  end 2026-12-07 08:10  good 4 } }\n",
                    &n);
    CU_ASSERT_EQUAL(count(s, "class=\"now\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">now 2026-12-07 09:00</text>"));
    tk_free(s);
}

/* The axis's labels never run into each other, and fit the span: hours
 * for a day, every day for up to some 500 days (a day is at least 48 px),
 * then every other day, then weeks once the chart is as wide as it gets. */
static void ticks_fit_the_span(void)
{
    static const struct { int days; const char *first; } spans[] = {
        {1, ">08:00</text>"}, {20, ">Tu 08</text>"}, {180, ">Tu 08</text>"}, {700, ">We 09</text>"},
        {1500, ">12-14</text>"},
    };
    for (size_t i = 0; i < TK_COUNTOF(spans); i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "plant \"W\" { start 2026-12-07 06:00  horizon 260 weeks }\nmachine saw { }\n"
                 "product chair { routing { cut on saw run %d min each } }\norder A { chair 1  due 2028-01-01 }\n",
                 spans[i].days * 1440 - 60);
        uint32_t n;
        char *s = chart(src, &n);
        CU_ASSERT_PTR_NOT_NULL(strstr(s, spans[i].first));
        /* consecutive tick labels at least a label apart */
        double last = -1e9;
        unsigned ticks = 0;
        for (const char *p = strstr(s, "<text class=\"axis\" x=\""); p; p = strstr(p + 1, "<text class=\"axis\" x=\"")) {
            double x = atof(p + strlen("<text class=\"axis\" x=\""));
            CU_ASSERT_TRUE(x - last >= 5 * 7);
            last = x;
            ticks++;
        }
        CU_ASSERT_TRUE(ticks >= 4);
        tk_free(s);
    }
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
    ADD_TEST(s, labels_where_they_fit);
    ADD_TEST(s, legend_and_colours);
    ADD_TEST(s, now_line_on_replans);
    ADD_TEST(s, ticks_fit_the_span);
    ADD_TEST(s, batch_cycles_are_one_bar);
}
