/* test_calendar.c: calendar semantics (docs/language.md §6), read twice —
 * by the planner (the intervals ir_lower.c compiles, queried through
 * ir_calendar.c) and by takt verify (runtime/verify_calendar.c, from the
 * definition alone). Tricky calendars are held to working times worked out
 * by hand, so that both readings cannot share a mistake; then both are held
 * to each other minute by minute, on those and on random calendars. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/verify_calendar.h"
#include "test.h"

static int64_t at(int y, int m, int d, int h, int mi) { return (int64_t)date_from_ymd(y, m, d) * 1440 + h * 60 + mi; }

typedef struct Cal {
    Model *m;
    IrModel *ir;
    const IrCalendar *cal;   /* the planner's */
    VCal *v;                 /* verify's */
} Cal;

/* The model `src`, and its calendar named `name` read both ways. */
static Cal cal_of(const char *src, const char *name)
{
    Cal c;
    memset(&c, 0, sizeof c);
    c.m = test_check(src);
    if (c.m->diags.nerrors) {
        char *t = test_render(c.m);
        fprintf(stderr, "\n%s", t);
        free(t);
    }
    CU_ASSERT_EQUAL_FATAL(c.m->diags.nerrors, 0);
    c.ir = ir_lower(c.m);
    for (uint32_t i = 0; i < c.ir->ncalendars; i++)
        if (strcmp(c.ir->calendars[i].name, name) == 0) {
            c.cal = &c.ir->calendars[i];
            c.v = vcal_build(c.ir, (int32_t)i);
        }
    CU_ASSERT_PTR_NOT_NULL_FATAL(c.cal);
    return c;
}

static void cal_free(Cal *c)
{
    vcal_free(c->v);
    ir_free(c->ir);
    model_free(c->m);
}

/* The planner's reading: is minute t working time? */
static bool planner_open(const IrCalendar *cal, int64_t t) { return cal_next_work(cal, t) == t && cal_work_between(cal, t, t + 1) == 1; }

/* Both readings say [lo, hi) is working time, and the minutes just outside are not. */
static void expect_stretch(const Cal *c, int64_t lo, int64_t hi)
{
    for (int64_t t = lo; t < hi; t++) {
        CU_ASSERT_TRUE(planner_open(c->cal, t));
        CU_ASSERT_TRUE(vcal_open_at(c->v, t));
    }
    CU_ASSERT_FALSE(planner_open(c->cal, lo - 1));
    CU_ASSERT_FALSE(vcal_open_at(c->v, lo - 1));
    CU_ASSERT_FALSE(planner_open(c->cal, hi));
    CU_ASSERT_FALSE(vcal_open_at(c->v, hi));
    CU_ASSERT_EQUAL(vcal_stretch_end(c->v, lo), hi);
}

/* Both readings say nothing of [lo, hi) is working time. */
static void expect_closed(const Cal *c, int64_t lo, int64_t hi)
{
    CU_ASSERT_EQUAL(cal_work_between(c->cal, lo, hi), 0);
    CU_ASSERT_EQUAL(vcal_work_between(c->v, lo, hi), 0);
}

/* The two readings agree on every minute of the horizon and a day either
 * side, on working minutes between, on the latest start before a time, on
 * the next working minute, and on the unbroken stretch around a minute. */
static void expect_agree(const Cal *c)
{
    const IrModel *ir = c->ir;
    int64_t mismatches = 0;
    for (int64_t t = ir->start - 1440; t < ir->end + 1440; t++) {
        bool a = t >= ir->start && t < ir->end && planner_open(c->cal, t), b = vcal_open_at(c->v, t);
        if (a != b && mismatches++ < 3) {
            char buf[32];
            fmt_datetime(buf, sizeof buf, t);
            fprintf(stderr, "\n  calendar %s at %s: the planner says %s, verify %s", c->cal->name, buf,
                    a ? "working" : "closed", b ? "working" : "closed");
        }
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    uint64_t seed = 12345;
    int64_t span = ir->end - ir->start;
    for (int k = 0; k < 400; k++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int64_t a = ir->start + (int64_t)((seed >> 33) % (uint64_t)span);
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int64_t b = ir->start + (int64_t)((seed >> 33) % (uint64_t)span);
        if (a > b) {
            int64_t x = a;
            a = b;
            b = x;
        }
        CU_ASSERT_EQUAL(cal_work_between(c->cal, a, b), vcal_work_between(c->v, a, b));
        int64_t dur = (int64_t)(seed >> 40) % 3000 + 1;
        CU_ASSERT_EQUAL(cal_start_for(c->cal, b, dur), vcal_start_for(c->v, b, dur));
        CU_ASSERT_EQUAL(cal_next_work(c->cal, a), vcal_next_open(c->v, a));
        if (planner_open(c->cal, a)) {
            int64_t s;
            /* an operation that may not split fits exactly the stretch it starts in */
            int64_t len = vcal_stretch_end(c->v, a) - a;
            CU_ASSERT_EQUAL(cal_finish(c->cal, a, len, false, &s), a + len);
            CU_ASSERT_EQUAL(s, a);
            if (a + len < ir->end) {
                CU_ASSERT_NOT_EQUAL(cal_finish(c->cal, a, len + 1, false, &s), a + len + 1);
            }
        }
    }
}

#define NIGHT_PLANT "plant { start 2026-12-28 06:00  horizon 3 weeks }\n"

/* docs/language.md §6: a shift belongs to the day it starts on. Closing
 * Friday 1 January closes Friday's night shift into Saturday, and leaves
 * Thursday's into Friday. */
static void closed_day_takes_its_night_shift(void)
{
    Cal c = cal_of(NIGHT_PLANT "calendar night { mon-fri 22:00-06:00+1  closed 2027-01-01 }\n", "night");
    expect_stretch(&c, at(2026, 12, 31, 22, 0), at(2027, 1, 1, 6, 0));  /* Thursday's night, whole */
    expect_closed(&c, at(2027, 1, 1, 6, 0), at(2027, 1, 4, 22, 0));     /* Friday's night, and the weekend */
    expect_agree(&c);
    cal_free(&c);
    c = cal_of(NIGHT_PLANT "calendar night { mon-fri 22:00-06:00+1  closed 2026-12-31 }\n", "night");
    expect_stretch(&c, at(2026, 12, 30, 22, 0), at(2026, 12, 31, 6, 0)); /* Wednesday's night */
    expect_closed(&c, at(2026, 12, 31, 6, 0), at(2027, 1, 1, 22, 0));    /* Thursday's, to Friday 06:00 */
    expect_stretch(&c, at(2027, 1, 1, 22, 0), at(2027, 1, 2, 6, 0));     /* Friday's, into Saturday */
    expect_agree(&c);
    cal_free(&c);
}

/* Closed hours are clock time on their date, also past midnight with +1;
 * overtime is worked even on a closed day, also past midnight. */
static void closed_hours_and_overtime(void)
{
    Cal c = cal_of(NIGHT_PLANT "calendar c {\n"
                               "  mon-fri 06:00-14:00, 22:00-06:00+1\n"
                               "  closed 2026-12-29 12:00-24:00\n"        /* Tuesday afternoon and its night's start */
                               "  closed 2026-12-30 23:00-01:00+1\n"      /* an hour either side of midnight */
                               "  closed 2027-01-01\n"
                               "  overtime 2027-01-01 08:00-10:00\n"      /* on the closed day */
                               "  overtime 2027-01-02 20:00-02:00+1\n"    /* Saturday night into Sunday */
                               "}\n",
                   "c");
    expect_stretch(&c, at(2026, 12, 28, 22, 0), at(2026, 12, 29, 12, 0)); /* Monday night into Tuesday morning */
    expect_closed(&c, at(2026, 12, 29, 12, 0), at(2026, 12, 30, 0, 0));
    /* Tuesday's night shift goes on after midnight: closed 12:00-24:00 is clock time */
    expect_stretch(&c, at(2026, 12, 30, 0, 0), at(2026, 12, 30, 14, 0));
    expect_stretch(&c, at(2026, 12, 30, 22, 0), at(2026, 12, 30, 23, 0));
    expect_stretch(&c, at(2026, 12, 31, 1, 0), at(2026, 12, 31, 14, 0));
    expect_stretch(&c, at(2026, 12, 31, 22, 0), at(2027, 1, 1, 6, 0)); /* Thursday's night: not Friday's */
    expect_stretch(&c, at(2027, 1, 1, 8, 0), at(2027, 1, 1, 10, 0));
    expect_closed(&c, at(2027, 1, 1, 10, 0), at(2027, 1, 2, 20, 0));
    expect_stretch(&c, at(2027, 1, 2, 20, 0), at(2027, 1, 3, 2, 0));
    expect_agree(&c);
    cal_free(&c);
}

/* `base`: a weekday this calendar gives shifts for comes from it alone;
 * every other weekday, and the closed dates and overtime of the whole chain,
 * from the bases. */
static void base_calendars(void)
{
    Cal c = cal_of(NIGHT_PLANT "calendar a { mon-fri 06:00-14:00  sat 06:00-10:00  closed 2026-12-30  overtime 2027-01-03 06:00-08:00 }\n"
                               "calendar b { base a  sat 08:00-16:00  closed 2027-01-05 }\n"
                               "calendar z { base b  fri 14:00-22:00  closed 2027-01-06 06:00-09:00 }\n",
                   "z");
    expect_stretch(&c, at(2026, 12, 29, 6, 0), at(2026, 12, 29, 14, 0));  /* Tuesday from a */
    expect_closed(&c, at(2026, 12, 30, 0, 0), at(2026, 12, 31, 0, 0));   /* closed in a */
    expect_stretch(&c, at(2027, 1, 1, 14, 0), at(2027, 1, 1, 22, 0));    /* Friday from z only */
    expect_closed(&c, at(2027, 1, 1, 0, 0), at(2027, 1, 1, 14, 0));
    expect_stretch(&c, at(2027, 1, 2, 8, 0), at(2027, 1, 2, 16, 0));     /* Saturday from b, not a */
    expect_stretch(&c, at(2027, 1, 3, 6, 0), at(2027, 1, 3, 8, 0));      /* overtime of a */
    expect_closed(&c, at(2027, 1, 5, 0, 0), at(2027, 1, 6, 0, 0));       /* closed in b */
    expect_stretch(&c, at(2027, 1, 6, 9, 0), at(2027, 1, 6, 14, 0));     /* closed hours in z */
    expect_agree(&c);
    cal_free(&c);
}

/* Shifts that touch make one stretch, across midnight and across the
 * week; a Sunday night runs into Monday; a plan starting inside a night
 * shift has its tail. */
static void stretches_across_midnight(void)
{
    Cal c = cal_of("plant { start 2026-12-29 03:00  horizon 2 weeks }\n"
                   "calendar c { fri-sun 00:00-24:00  mon 00:00-06:00, 22:00-06:00+1  tue 06:00-14:00 }\n", "c");
    /* Monday's night shift began before the plan starts: its tail is there,
     * and Tuesday's shift goes on from it */
    expect_stretch(&c, at(2026, 12, 29, 3, 0), at(2026, 12, 29, 14, 0));
    /* Friday 00:00 to Monday 06:00 is one stretch: the days touch */
    expect_stretch(&c, at(2027, 1, 1, 0, 0), at(2027, 1, 4, 6, 0));
    expect_stretch(&c, at(2027, 1, 4, 22, 0), at(2027, 1, 5, 14, 0));
    expect_agree(&c);
    cal_free(&c);
    c = cal_of("plant { start 2026-12-28 06:00  horizon 2 weeks }\n"
               "calendar c { daily 00:00-24:00  closed 2027-01-01 }\n", "c");
    expect_stretch(&c, at(2026, 12, 28, 6, 0), at(2027, 1, 1, 0, 0));
    expect_stretch(&c, at(2027, 1, 2, 0, 0), at(2027, 1, 11, 6, 0));
    expect_agree(&c);
    cal_free(&c);
}

static int rnd(uint64_t *s, int n)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((*s >> 33) % (uint64_t)n);
}

/* Random calendars: weekday patterns from a set of shifts that never
 * overlap, closed dates and hours, overtime and a base, over a horizon
 * that starts at an odd minute. Both readings agree on each. */
static void random_calendars_agree(void)
{
    static const char *const patterns[] = {
        "06:00-14:00", "06:00-14:00, 14:00-22:00", "22:00-06:00+1", "07:30-12:00, 12:45-16:15", "00:00-24:00",
        "14:00-22:00", "05:00-07:00, 20:00-23:30",
    };
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    uint64_t seed = 99;
    for (int round = 0; round < 40; round++) {
        StrBuf b = {0};
        int day = 1 + rnd(&seed, 27), hour = rnd(&seed, 24), minute = rnd(&seed, 60);
        sb_printf(&b, "plant { start 2026-12-%02d %02d:%02d  horizon 3 weeks }\n", day, hour, minute);
        /* the base: a plain pattern on weekdays */
        int p0 = rnd(&seed, 3), closed = 1 + rnd(&seed, 28), over = 1 + rnd(&seed, 28);
        sb_printf(&b, "calendar base_%d { mon-fri %s  closed 2026-12-%02d  overtime 2026-12-%02d 09:00-11:00 }\n", round,
                  patterns[p0], closed, over);
        sb_printf(&b, "calendar c {\n");
        if (rnd(&seed, 2)) sb_printf(&b, "  base base_%d\n", round);
        /* a pattern on some weekdays; a night or whole-day shift leaves the
         * next day to the base (its shifts start at 06:00 or later), and
         * Sunday has none, so no shift of this calendar overlaps another */
        for (int d = 0; d < 7; d++) {
            if (rnd(&seed, 3) == 0) continue;
            int p = rnd(&seed, (int)TK_COUNTOF(patterns));
            bool long_shift = p == 2 || p == 4 || p == 6;
            if (long_shift && d == 6) continue;
            sb_printf(&b, "  %s %s\n", days[d], patterns[p]);
            if (long_shift) d++;
        }
        for (int k = rnd(&seed, 4); k > 0; k--) {
            int d = 1 + rnd(&seed, 28), kind = rnd(&seed, 4), e = 1 + rnd(&seed, 10), h1 = rnd(&seed, 12), h2 = 12 + rnd(&seed, 12);
            switch (kind) {
            case 0: sb_printf(&b, "  closed 2026-12-%02d\n", d); break;
            case 1: sb_printf(&b, "  closed 2026-12-%02d .. 2027-01-%02d\n", d, e); break;
            case 2: sb_printf(&b, "  closed 2026-12-%02d %02d:00-%02d:30\n", d, h1, h2); break;
            default: sb_printf(&b, "  closed 2026-12-%02d 21:00-03:00+1\n", d); break;
            }
        }
        for (int k = rnd(&seed, 3); k > 0; k--) {
            int d = 1 + rnd(&seed, 28), night = rnd(&seed, 2);
            sb_printf(&b, "  overtime 2026-12-%02d %s\n", d, night ? "23:00-01:00+1" : "08:00-12:00");
        }
        sb_printf(&b, "}\n");
        Cal c = cal_of(sb_cstr(&b), "c");
        unsigned before = CU_get_number_of_failures();
        expect_agree(&c);
        if (CU_get_number_of_failures() != before) fprintf(stderr, "\n%s", sb_cstr(&b));
        cal_free(&c);
        sb_free(&b);
    }
}

/* Goods are received while the calendar is open, and at the minute its
 * working time ends. */
static void receiving_times(void)
{
    Cal c = cal_of(NIGHT_PLANT "calendar dock { mon-fri 07:00-15:00  closed 2027-01-01 }\n", "dock");
    CU_ASSERT_FALSE(vcal_receives_at(c.v, at(2026, 12, 29, 6, 59)));
    CU_ASSERT_TRUE(vcal_receives_at(c.v, at(2026, 12, 29, 7, 0)));
    CU_ASSERT_TRUE(vcal_receives_at(c.v, at(2026, 12, 29, 15, 0)));
    CU_ASSERT_FALSE(vcal_receives_at(c.v, at(2026, 12, 29, 15, 1)));
    CU_ASSERT_EQUAL(vcal_next_receiving(c.v, at(2026, 12, 31, 16, 0)), at(2027, 1, 4, 7, 0));
    /* the planner's side: the next and the latest time goods are received */
    CU_ASSERT_EQUAL(cal_receive_next(c.cal, at(2026, 12, 31, 16, 0)), at(2027, 1, 4, 7, 0));
    CU_ASSERT_EQUAL(cal_receive_next(c.cal, at(2026, 12, 31, 15, 0)), at(2026, 12, 31, 15, 0));
    CU_ASSERT_EQUAL(cal_receive_last(c.cal, at(2027, 1, 4, 6, 0)), at(2026, 12, 31, 15, 0));
    CU_ASSERT_EQUAL(cal_receive_last(c.cal, at(2027, 1, 4, 9, 30)), at(2027, 1, 4, 9, 30));
    CU_ASSERT_EQUAL(cal_receive_last(c.cal, at(2026, 12, 28, 6, 30)), INT64_MIN);
    for (int64_t t = c.ir->start; t < c.ir->end; t += 7) {
        int64_t n = cal_receive_next(c.cal, t);
        CU_ASSERT_EQUAL(n, vcal_next_receiving(c.v, t));
        int64_t l = cal_receive_last(c.cal, t);
        if (l != INT64_MIN) {
            CU_ASSERT_TRUE(vcal_receives_at(c.v, l));
        }
    }
    cal_free(&c);
}

void suite_calendar(void)
{
    CU_pSuite s = CU_add_suite("calendar", NULL, NULL);
    ADD_TEST(s, closed_day_takes_its_night_shift);
    ADD_TEST(s, closed_hours_and_overtime);
    ADD_TEST(s, base_calendars);
    ADD_TEST(s, stretches_across_midnight);
    ADD_TEST(s, random_calendars_agree);
    ADD_TEST(s, receiving_times);
}
