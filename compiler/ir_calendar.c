/* ir_calendar.c: queries on compiled calendars — the next working minute,
 * working minutes between two times, and when a piece of work that starts
 * at t ends — and the value formatting shared by every writer. Calendars
 * are sorted interval arrays with prefix sums, so each query is a binary
 * search. A NULL calendar works around the clock. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

/* index of the first interval ending after t; n if none */
static uint32_t first_after(const IrCalendar *c, int64_t t)
{
    uint32_t lo = 0, hi = c->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->iv[mid].hi > t) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

int64_t cal_next_work(const IrCalendar *c, int64_t t)
{
    if (!c) return t;
    uint32_t i = first_after(c, t);
    if (i >= c->n) return INT64_MAX;
    return t > c->iv[i].lo ? t : c->iv[i].lo;
}

/* working minutes before t */
static int64_t worked_before(const IrCalendar *c, int64_t t)
{
    uint32_t i = first_after(c, t);
    if (i >= c->n) return c->cum[c->n];
    return c->cum[i] + (t > c->iv[i].lo ? t - c->iv[i].lo : 0);
}

int64_t cal_work_between(const IrCalendar *c, int64_t a, int64_t b)
{
    if (b <= a) return 0;
    if (!c) return b - a;
    return worked_before(c, b) - worked_before(c, a);
}

int64_t cal_finish(const IrCalendar *c, int64_t t, int64_t dur, bool split, int64_t *start)
{
    if (dur <= 0) {
        *start = t;
        return t;
    }
    if (!c) {
        *start = t;
        return t + dur;
    }
    uint32_t i = first_after(c, t);
    if (i >= c->n) return *start = INT64_MAX;
    if (split) {
        int64_t s = t > c->iv[i].lo ? t : c->iv[i].lo;
        *start = s;
        int64_t target = c->cum[i] + (s - c->iv[i].lo) + dur;
        if (target > c->cum[c->n]) return INT64_MAX;
        /* the interval j with cum[j] < target <= cum[j] + len(j) */
        uint32_t lo = i, hi = c->n - 1;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (c->cum[mid + 1] >= target) hi = mid;
            else lo = mid + 1;
        }
        return c->iv[lo].lo + (target - c->cum[lo]);
    }
    if (dur > c->longest) return *start = INT64_MAX;
    for (; i < c->n; i++) {
        int64_t s = t > c->iv[i].lo ? t : c->iv[i].lo;
        if (c->iv[i].hi - s >= dur) {
            *start = s;
            return s + dur;
        }
    }
    return *start = INT64_MAX;
}

int64_t cal_start_for(const IrCalendar *c, int64_t end, int64_t dur)
{
    if (dur <= 0) return end;
    if (!c) return end - dur;
    int64_t target = worked_before(c, end) - dur;
    if (target < 0) return INT64_MIN;
    /* the interval j with cum[j] <= target < cum[j] + len(j) */
    uint32_t lo = 0, hi = c->n - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (c->cum[mid] <= target) lo = mid;
        else hi = mid - 1;
    }
    return c->iv[lo].lo + (target - c->cum[lo]);
}

int64_t cal_receive_next(const IrCalendar *c, int64_t t)
{
    if (!c) return t;
    uint32_t i = first_after(c, t - 1); /* the first interval ending at t or later */
    if (i >= c->n) return INT64_MAX;
    return t >= c->iv[i].lo ? t : c->iv[i].lo;
}

int64_t cal_receive_last(const IrCalendar *c, int64_t t)
{
    if (!c) return t;
    uint32_t i = first_after(c, t - 1);
    if (i < c->n && c->iv[i].lo <= t) return t;
    return i > 0 ? c->iv[i - 1].hi : INT64_MIN;
}

void fmt_datetime(char *buf, size_t n, int64_t minutes)
{
    int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    int64_t m = minutes - days * 1440;
    int y, mo, d;
    date_to_ymd((int32_t)days, &y, &mo, &d);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d", y, mo, d, (int)(m / 60), (int)(m % 60));
}

void fmt_datetime_sp(char *buf, size_t n, int64_t minutes)
{
    fmt_datetime(buf, n, minutes);
    char *t = strchr(buf, 'T');
    if (t) *t = ' ';
}

void fmt_double(char *buf, size_t n, double v)
{
    if (v == 0) v = 0; /* no "-0" */
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}
