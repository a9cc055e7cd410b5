/* verify_calendar.c: takt verify's reading of calendars (verify_calendar.h).
 *
 * docs/language.md §6 in brief: on a date, the working time is the weekday's
 * shifts — a shift belongs, whole, to the day it starts on, also the part
 * after midnight — unless `closed DATE` closes that day; less the hours a
 * `closed DATE SHIFTS` names (clock time from that date's midnight); plus the
 * date's overtime. A calendar with a `base` takes a weekday's shifts from the
 * first calendar up the chain that gives shift lines for that weekday, and
 * the closed dates and overtime of every calendar in the chain. Working time
 * outside the horizon does not count.
 *
 * A clock day's minutes can only come from shifts of that day or of the day
 * before (no shift is longer than 24 hours), so each day is worked out from
 * those two alone, minute by minute, and kept as its runs of working time. */
#include <stdlib.h>
#include <string.h>

#include "verify_calendar.h"

struct VCal {
    int64_t start, end;  /* the horizon */
    int64_t day0;        /* the first clock day (days since 1970-01-01) */
    uint32_t ndays;
    uint32_t *first;     /* day k's runs are run[first[k] .. first[k + 1]) */
    IrInterval *run;     /* working time, within its clock day, in order */
    int64_t *before;     /* working minutes before day k; before[ndays] is all */
};

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* The calendars of the chain from c up its bases (at most n: a chain has
 * no cycle, the checker sees to that). */
static uint32_t chain_of(const IrModel *ir, int32_t ci, const IrCalendar **out, uint32_t n)
{
    uint32_t k = 0;
    for (int32_t c = ci; c >= 0 && k < n; c = ir->calendars[c].base) out[k++] = &ir->calendars[c];
    return k;
}

/* The closed dates and overtime of a chain, by the day they fall on: the
 * rules of day d0 + k are rule[at[k] .. at[k + 1]). */
typedef struct DayRules {
    int64_t d0;
    uint32_t ndays;
    uint32_t *at;
    const IrDateRule **rule;
    uint8_t *overtime;   /* per entry: an overtime rule, else a closed one */
} DayRules;

static void day_rules_build(DayRules *dr, const IrCalendar *const *chain, uint32_t n, int64_t d0, uint32_t ndays)
{
    dr->d0 = d0;
    dr->ndays = ndays;
    dr->at = tk_xalloc(((size_t)ndays + 1) * sizeof(uint32_t));
    memset(dr->at, 0, ((size_t)ndays + 1) * sizeof(uint32_t));
    /* two passes: count, then place */
    for (int pass = 0; pass < 2; pass++) {
        uint32_t *fill = NULL;
        if (pass == 1) {
            for (uint32_t k = 0; k < ndays; k++) dr->at[k + 1] += dr->at[k];
            dr->rule = tk_xalloc(((size_t)dr->at[ndays] + 1) * sizeof(IrDateRule *));
            dr->overtime = tk_xalloc((size_t)dr->at[ndays] + 1);
            fill = tk_xalloc(((size_t)ndays + 1) * sizeof(uint32_t));
            memcpy(fill, dr->at, ((size_t)ndays + 1) * sizeof(uint32_t));
        }
        for (uint32_t i = 0; i < n; i++)
            for (int ot = 0; ot < 2; ot++) {
                const IrDateRule *r = ot ? chain[i]->overtime : chain[i]->closed;
                uint32_t nr = ot ? chain[i]->novertime : chain[i]->nclosed;
                for (uint32_t q = 0; q < nr; q++) {
                    int64_t a = r[q].from > d0 ? r[q].from : d0;
                    int64_t b = r[q].to < d0 + (int64_t)ndays - 1 ? r[q].to : d0 + (int64_t)ndays - 1;
                    for (int64_t d = a; d <= b; d++) {
                        if (pass == 0) dr->at[d - d0 + 1]++;
                        else {
                            uint32_t e = fill[d - d0]++;
                            dr->rule[e] = &r[q];
                            dr->overtime[e] = (uint8_t)ot;
                        }
                    }
                }
            }
        tk_free(fill);
    }
}

static void day_rules_free(DayRules *dr)
{
    tk_free(dr->at);
    tk_free(dr->rule);
    tk_free(dr->overtime);
}

/* Sets (on) or clears the minutes of [lo, hi) that fall in the clock day
 * starting at `midnight`. */
static void paint(uint8_t *minute, int64_t midnight, int64_t lo, int64_t hi, uint8_t on)
{
    if (lo < midnight) lo = midnight;
    if (hi > midnight + 1440) hi = midnight + 1440;
    for (int64_t t = lo; t < hi; t++) minute[t - midnight] = on;
}

/* The working minutes of the clock day `day`, from the shifts, closed
 * dates and overtime of that day and of the day before. */
static void work_out_day(const IrCalendar *const *chain, uint32_t n, const DayRules *dr, int64_t day, uint8_t *minute)
{
    int64_t midnight = day * 1440;
    memset(minute, 0, 1440);
    for (int64_t from = day - 1; from <= day; from++) {
        uint32_t k = (uint32_t)(from - dr->d0);
        bool closed = false;
        for (uint32_t e = dr->at[k]; e < dr->at[k + 1]; e++)
            if (!dr->overtime[e] && dr->rule[e]->nshifts == 0) closed = true;
        if (closed) continue;
        int w = date_weekday((int32_t)from);
        for (uint32_t i = 0; i < n; i++) {
            if (!chain[i]->has_day[w]) continue;
            for (uint32_t q = 0; q < chain[i]->nday[w]; q++)
                paint(minute, midnight, from * 1440 + chain[i]->day[w][q].lo, from * 1440 + chain[i]->day[w][q].hi, 1);
            break; /* the first calendar up the chain that gives this weekday */
        }
    }
    /* closed hours, then overtime, which is worked even on a closed day */
    for (int ot = 0; ot < 2; ot++)
        for (int64_t from = day - 1; from <= day; from++) {
            uint32_t k = (uint32_t)(from - dr->d0);
            for (uint32_t e = dr->at[k]; e < dr->at[k + 1]; e++) {
                const IrDateRule *r = dr->rule[e];
                if (dr->overtime[e] != ot || (!ot && r->nshifts == 0)) continue;
                for (uint32_t q = 0; q < r->nshifts; q++)
                    paint(minute, midnight, from * 1440 + r->shifts[q].lo, from * 1440 + r->shifts[q].hi, (uint8_t)ot);
            }
        }
}

VCal *vcal_build(const IrModel *ir, int32_t ci)
{
    VCal *c = tk_xalloc(sizeof(VCal));
    memset(c, 0, sizeof *c);
    c->start = ir->start;
    c->end = ir->end;
    c->day0 = floor_div(ir->start, 1440);
    int64_t last = ir->end > ir->start ? floor_div(ir->end - 1, 1440) : c->day0 - 1;
    c->ndays = (uint32_t)(last - c->day0 + 1);
    uint32_t nchain = ir->ncalendars;
    const IrCalendar **chain = tk_xalloc((nchain + 1) * sizeof(IrCalendar *));
    nchain = chain_of(ir, ci, chain, nchain);
    DayRules dr;
    day_rules_build(&dr, chain, nchain, c->day0 - 1, c->ndays + 1); /* and the day before the first */
    c->first = tk_xalloc(((size_t)c->ndays + 1) * sizeof(uint32_t));
    c->before = tk_xalloc(((size_t)c->ndays + 1) * sizeof(int64_t));
    TK_VEC_OF(IrInterval) runs = {0};
    uint8_t minute[1440];
    int64_t total = 0;
    for (uint32_t k = 0; k < c->ndays; k++) {
        int64_t day = c->day0 + k, midnight = day * 1440;
        work_out_day(chain, nchain, &dr, day, minute);
        /* outside the horizon nothing is working time */
        for (int m = 0; m < 1440; m++)
            if (midnight + m < c->start || midnight + m >= c->end) minute[m] = 0;
        c->first[k] = runs.len;
        c->before[k] = total;
        for (int m = 0; m < 1440;) {
            if (!minute[m]) {
                m++;
                continue;
            }
            int e = m;
            while (e < 1440 && minute[e]) e++;
            IrInterval r = {midnight + m, midnight + e};
            vec_push(&runs, r);
            total += e - m;
            m = e;
        }
    }
    c->first[c->ndays] = runs.len;
    c->before[c->ndays] = total;
    c->run = tk_xalloc(((size_t)runs.len + 1) * sizeof(IrInterval));
    if (runs.len) memcpy(c->run, runs.data, runs.len * sizeof(IrInterval));
    vec_free(&runs);
    day_rules_free(&dr);
    tk_free(chain);
    return c;
}

void vcal_free(VCal *c)
{
    if (!c) return;
    tk_free(c->first);
    tk_free(c->before);
    tk_free(c->run);
    tk_free(c);
}

/* The clock day of t as an index into the days: may be < 0 or >= ndays. */
static int64_t day_index(const VCal *c, int64_t t) { return floor_div(t, 1440) - c->day0; }

/* The run that minute t lies in, or NULL. */
static const IrInterval *run_at(const VCal *c, int64_t t)
{
    int64_t k = day_index(c, t);
    if (k < 0 || k >= c->ndays) return NULL;
    for (uint32_t i = c->first[k]; i < c->first[k + 1]; i++)
        if (c->run[i].lo <= t && t < c->run[i].hi) return &c->run[i];
    return NULL;
}

bool vcal_open_at(const VCal *c, int64_t t) { return run_at(c, t) != NULL; }

int64_t vcal_stretch_end(const VCal *c, int64_t t)
{
    const IrInterval *r = run_at(c, t);
    if (!r) return t;
    int64_t end = r->hi;
    /* a run that ends at midnight goes on if the next day's first starts there */
    while ((r = run_at(c, end)) != NULL) end = r->hi;
    return end;
}

/* Working minutes before t. */
static int64_t worked_before(const VCal *c, int64_t t)
{
    int64_t k = day_index(c, t);
    if (k < 0) return 0;
    if (k >= c->ndays) return c->before[c->ndays];
    int64_t w = c->before[k];
    for (uint32_t i = c->first[k]; i < c->first[k + 1] && c->run[i].lo < t; i++)
        w += (t < c->run[i].hi ? t : c->run[i].hi) - c->run[i].lo;
    return w;
}

int64_t vcal_work_between(const VCal *c, int64_t a, int64_t b) { return b <= a ? 0 : worked_before(c, b) - worked_before(c, a); }

int64_t vcal_next_open(const VCal *c, int64_t t)
{
    int64_t k = day_index(c, t);
    if (k < 0) k = 0;
    for (; k < c->ndays; k++)
        for (uint32_t i = c->first[k]; i < c->first[k + 1]; i++)
            if (c->run[i].hi > t) return c->run[i].lo > t ? c->run[i].lo : t;
    return INT64_MAX;
}

int64_t vcal_start_for(const VCal *c, int64_t end, int64_t dur)
{
    if (dur <= 0) return end;
    int64_t target = worked_before(c, end) - dur; /* working minutes before the start */
    if (target < 0) return INT64_MIN;
    /* the day holding working minute number `target` (from 0) */
    uint32_t lo = 0, hi = c->ndays - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->before[mid + 1] <= target) lo = mid + 1;
        else hi = mid;
    }
    int64_t w = c->before[lo];
    for (uint32_t i = c->first[lo]; i < c->first[lo + 1]; i++) {
        int64_t len = c->run[i].hi - c->run[i].lo;
        if (target < w + len) return c->run[i].lo + (target - w);
        w += len;
    }
    return INT64_MIN; /* not reached: target < before[ndays] */
}

bool vcal_receives_at(const VCal *c, int64_t t) { return vcal_open_at(c, t) || vcal_open_at(c, t - 1); }

int64_t vcal_next_receiving(const VCal *c, int64_t t) { return vcal_receives_at(c, t) ? t : vcal_next_open(c, t); }
