/* gantt.c: the plan as a Gantt chart — a self-contained SVG that opens in a
 * browser, prints, and shows in a pull request. One row per machine unit,
 * one bar per operation from its start to its end (the setup part lighter),
 * labelled with its work order and step where the label fits; coloured by
 * the customer order (or forecast demand) it serves, in colours that stay
 * apart for many orders (chart_colour), with a legend; late orders outlined
 * in red, reported operations (docs/actuals.md) hatched, the machine's
 * closed time shaded, the now line of a re-plan, and a time axis in two
 * rows whose ticks fit the span (hours, days, weeks or months). Below the
 * machines, one row per resource unit, with a bar for each operation
 * holding it (for its setup only, or all of it). Each bar has a tooltip
 * with what it is. Names are escaped (esc_xml): whatever a model holds, the
 * SVG is well-formed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "runtime.h"

enum { ROW_H = 22, TOP = 76, MAX_W = 24000, CHAR_W = 7, LEGEND_MAX = 240 };
#define DAY_PX_MIN 48.0   /* a day is at least this wide, so labels fit */
#define CHART_W 1600.0    /* short plans fill this width (at most 2 px a minute) */
#define LABEL_CHAR 6.1    /* the width of a character of a bar's label (10 px sans) */

/* ---- colours ------------------------------------------------------------------------ */
/* Key k's colour: hues a golden angle apart (137.5 degrees, so keys next
 * to each other in the list differ most), and four steps of lightness and
 * two of saturation, shifted every eight keys, so that keys whose hues come
 * close again after a few turns of the circle (k and k + 8, k + 13) still
 * differ in lightness. */
static const int LIGHT[4] = {60, 42, 74, 51};
static int light_of(uint32_t k) { return LIGHT[(k + k / 8) % 4]; }

void chart_colour(uint32_t k, char *b, size_t n)
{
    double hue = fmod(k * 137.50776405, 360.0);
    snprintf(b, n, "hsl(%.0f,%d%%,%d%%)", hue, (k / 4) % 2 ? 80 : 62, light_of(k));
}

/* Whether a label on key k's colour is better white. */
bool chart_colour_dark(uint32_t k) { return light_of(k) < 50; }

static const char **keys_names;
static int key_cmp(const void *a, const void *b)
{
    return strcmp(keys_names[*(const uint32_t *)a], keys_names[*(const uint32_t *)b]);
}

void chart_keys(const Plan *p, ChartKeys *K)
{
    const IrModel *ir = p->ir;
    uint32_t nw = p->wos.len;
    K->of_wo = tk_xalloc((nw + 1) * sizeof(uint32_t));
    /* candidate keys: orders, forecast demands, then work orders at the top
     * of a chain that serves neither; each work order points at one */
    uint32_t ncand = ir->norders + p->fcs.len + nw;
    const char **name = tk_xalloc((ncand + 1) * sizeof(char *));
    int32_t *cand = tk_xalloc((nw + 1) * sizeof(int32_t));
    bool *used = tk_xalloc(ncand + 1);
    memset(used, 0, ncand + 1);
    for (uint32_t o = 0; o < ir->norders; o++) name[o] = ir->orders[o].name;
    for (uint32_t f = 0; f < p->fcs.len; f++) name[ir->norders + f] = p->fcs.data[f].name;
    for (uint32_t i = 0; i < nw; i++) name[ir->norders + p->fcs.len + i] = p->wos.data[i].name;
    int32_t *fc_of = tk_xalloc((nw + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < nw; i++) fc_of[i] = -1;
    for (uint32_t f = 0; f < p->fcs.len; f++)
        for (uint32_t k = 0; k < p->fc_wos[f].len; k++) fc_of[p->fc_wos[f].data[k]] = (int32_t)f;
    for (uint32_t i = 0; i < nw; i++) {
        const WorkOrder *w = &p->wos.data[i];
        if (w->order >= 0) {
            cand[i] = w->order;
        } else {
            uint32_t top = i;
            for (uint32_t guard = 0; p->wos.data[top].parent >= 0 && guard < nw; guard++) top = (uint32_t)p->wos.data[top].parent;
            cand[i] = fc_of[top] >= 0 ? (int32_t)(ir->norders + (uint32_t)fc_of[top]) : (int32_t)(ir->norders + p->fcs.len + top);
        }
        used[cand[i]] = true;
    }
    /* the keys in use, by name */
    uint32_t *order = tk_xalloc((ncand + 1) * sizeof(uint32_t));
    uint32_t n = 0;
    for (uint32_t c = 0; c < ncand; c++)
        if (used[c] || c < ir->norders) order[n++] = c;
    keys_names = name;
    qsort(order, n, sizeof(uint32_t), key_cmp);
    uint32_t *rank = tk_xalloc((ncand + 1) * sizeof(uint32_t));
    K->names = tk_xalloc((n + 1) * sizeof(char *));
    K->late = tk_xalloc(n + 1);
    memset(K->late, 0, n + 1);
    for (uint32_t k = 0; k < n; k++) {
        rank[order[k]] = k;
        K->names[k] = name[order[k]];
        if (order[k] < ir->norders) K->late[k] = p->orders && p->orders[order[k]].lateness > 0;
    }
    for (uint32_t i = 0; i < nw; i++) K->of_wo[i] = rank[cand[i]];
    K->n = n;
    tk_free(rank);
    tk_free(order);
    tk_free(fc_of);
    tk_free(used);
    tk_free(cand);
    tk_free(name);
}

void chart_keys_free(ChartKeys *K)
{
    tk_free(K->of_wo);
    tk_free(K->names);
    tk_free(K->late);
    memset(K, 0, sizeof *K);
}

/* ---- the time axis -------------------------------------------------------------------- */
static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

static const char *const WDAY[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

typedef enum { TICK_MIN, TICK_DAY, TICK_WEEK, TICK_MONTH } TickKind;
typedef struct Level {
    TickKind kind;
    int64_t step;       /* minutes, for TICK_MIN, TICK_DAY and TICK_WEEK */
    int chars;          /* label width in characters */
} Level;

/* the fine ticks, finest first; the coarse row above them goes by days for
 * hour ticks, by weeks for day ticks, by months for week ticks, by years
 * for months */
static const Level levels[] = {
    {TICK_MIN, 15, 5},   {TICK_MIN, 30, 5},   {TICK_MIN, 60, 5},       {TICK_MIN, 120, 5},
    {TICK_MIN, 180, 5},  {TICK_MIN, 360, 5},  {TICK_MIN, 720, 5},      {TICK_DAY, 1440, 5},
    {TICK_DAY, 2880, 5}, {TICK_WEEK, 10080, 5}, {TICK_WEEK, 20160, 5}, {TICK_MONTH, 0, 3},
};

static int64_t month_start(int y, int m) { return (int64_t)date_from_ymd(y, m, 1) * 1440; }

/* The first tick of level L at or after t. */
static int64_t first_tick(const Level *L, int64_t t)
{
    if (L->kind == TICK_MONTH) {
        int y, m, d;
        date_to_ymd((int32_t)floor_div(t, 1440), &y, &m, &d);
        int64_t s = month_start(y, m);
        if (s < t) s = m == 12 ? month_start(y + 1, 1) : month_start(y, m + 1);
        return s;
    }
    /* weeks start on a Monday (1970-01-01 was a Thursday) */
    int64_t origin = L->kind == TICK_WEEK ? -3 * 1440 : 0;
    int64_t r = ((t - origin) % L->step + L->step) % L->step;
    return r ? t - r + L->step : t;
}

static int64_t next_tick(const Level *L, int64_t t)
{
    if (L->kind != TICK_MONTH) return t + L->step;
    int y, m, d;
    date_to_ymd((int32_t)floor_div(t, 1440), &y, &m, &d);
    return m == 12 ? month_start(y + 1, 1) : month_start(y, m + 1);
}

static void tick_label(const Level *L, int64_t t, char *b, size_t n)
{
    static const char *const MON[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t day = floor_div(t, 1440);
    int y, m, d;
    date_to_ymd((int32_t)day, &y, &m, &d);
    int64_t mi = t - day * 1440;
    switch (L->kind) {
    case TICK_MIN: snprintf(b, n, "%02d:%02d", (int)(mi / 60), (int)(mi % 60)); break;
    case TICK_DAY: snprintf(b, n, "%s %02d", WDAY[date_weekday((int32_t)day)], d); break;
    case TICK_WEEK: snprintf(b, n, "%02d-%02d", m, d); break;
    case TICK_MONTH: snprintf(b, n, "%s", MON[m - 1]); break;
    }
}

/* The coarse row's boundaries and labels: days (with the weekday), ISO
 * weeks, months or years. */
static int64_t coarse_first(TickKind fine, int64_t t)
{
    Level L = {fine == TICK_MIN ? TICK_DAY : fine == TICK_DAY ? TICK_WEEK : TICK_MONTH,
               fine == TICK_MIN ? 1440 : 10080, 0};
    if (fine == TICK_MONTH) {
        int y, m, d;
        date_to_ymd((int32_t)floor_div(t, 1440), &y, &m, &d);
        return month_start(y, 1) < t ? month_start(y + 1, 1) : month_start(y, 1);
    }
    return first_tick(&L, t);
}

static int64_t coarse_next(TickKind fine, int64_t t)
{
    int y, m, d;
    date_to_ymd((int32_t)floor_div(t, 1440), &y, &m, &d);
    switch (fine) {
    case TICK_MIN: return t + 1440;
    case TICK_DAY: return t + 10080;
    case TICK_WEEK: return m == 12 ? month_start(y + 1, 1) : month_start(y, m + 1);
    case TICK_MONTH: return month_start(y + 1, 1);
    }
    return t + 1440;
}

static void coarse_label(TickKind fine, int64_t t, char *b, size_t n)
{
    static const char *const MON[12] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
    int64_t day = floor_div(t, 1440);
    int y, m, d;
    date_to_ymd((int32_t)day, &y, &m, &d);
    switch (fine) {
    case TICK_MIN: snprintf(b, n, "%s %04d-%02d-%02d", WDAY[date_weekday((int32_t)day)], y, m, d); break;
    case TICK_DAY: {
        /* the ISO week: its Thursday's year */
        int64_t thu = day + 3;
        int ty, tm, td;
        date_to_ymd((int32_t)thu, &ty, &tm, &td);
        snprintf(b, n, "week %d, %04d-%02d-%02d", (int)((thu - date_from_ymd(ty, 1, 1)) / 7 + 1), y, m, d);
        break;
    }
    case TICK_WEEK: snprintf(b, n, "%s %04d", MON[m - 1], y); break;
    case TICK_MONTH: snprintf(b, n, "%04d", y); break;
    }
}

/* ---- the chart ------------------------------------------------------------------------------ */
static void xml(StrBuf *o, const char *s) { esc_xml(o, s); }

static void when(char *b, size_t n, int64_t t) { fmt_datetime_sp(b, n, t); }

static void dur(char *b, size_t n, double minutes)
{
    int64_t m = (int64_t)llround(minutes);
    if (m >= 1440) snprintf(b, n, "%lldd %02lld:%02lld", (long long)(m / 1440), (long long)(m % 1440 / 60), (long long)(m % 60));
    else snprintf(b, n, "%lld:%02lld", (long long)(m / 60), (long long)(m % 60));
}

/* Characters of s (UTF-8), for the width of a label. */
static size_t chars_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The label of a bar w px wide: the work order and step, else the work
 * order, else nothing. */
static void bar_label(StrBuf *o, const char *wo, const char *step, double x, double y, double w, bool dark)
{
    double room = w - 6;
    size_t a = chars_of(wo), b = chars_of(step);
    int which = (a + 1 + b) * LABEL_CHAR <= room ? 2 : a * LABEL_CHAR <= room ? 1 : 0;
    if (!which) return;
    sb_printf(o, "<text class=\"bl%s\" x=\"%.2f\" y=\"%.1f\">", dark ? " on-dark" : "", x + 3, y + ROW_H * 0.5 + 0.5);
    xml(o, wo);
    if (which == 2) {
        sb_puts(o, " ");
        xml(o, step);
    }
    sb_puts(o, "</text>");
}

void gantt_write_svg(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    /* from the plan start (or the first reported operation, if earlier) to
     * the last end */
    int64_t t0 = ir->start, t1 = t0 + 60;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0 || op->unit < 0) continue;
        if (op->end > t1) t1 = op->end;
        if (op->start < t0) t0 = op->start;
    }
    bool replan = ir->nactuals > 0 || ir->now >= 0;
    int64_t now = plan_now(ir);
    if (replan && now > t1) t1 = now;
    int64_t span = t1 - t0;
    /* the labels' column fits the longest "machine #unit" */
    size_t longest = 8;
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        size_t n = chars_of(ir->machines[m].name) + 4;
        if (n > longest) longest = n;
    }
    for (uint32_t q = 0; q < ir->npools; q++) {
        size_t n = strlen(ir->pools[q].name) + 4;
        if (n > longest) longest = n;
    }
    const int label_w = (int)(longest > 40 ? 40 : longest) * CHAR_W + 16;
    /* pixels per minute: a short plan fills the chart's width (at most 2 a
     * minute); a long one gives every day room for its labels, up to the
     * largest width */
    double scale = CHART_W / (double)span;
    if (scale > 2) scale = 2;
    if (scale * 1440 < DAY_PX_MIN) scale = DAY_PX_MIN / 1440;
    if ((double)span * scale > MAX_W - label_w - 20) scale = (MAX_W - label_w - 20) / (double)span;
    double chart_w = (double)span * scale;
    uint32_t rows = 0;
    for (uint32_t m = 0; m < ir->nmachines; m++) rows += ir->machines[m].units;
    uint32_t pool_row = rows; /* resources below the machines */
    if (p->holds)
        for (uint32_t q = 0; q < ir->npools; q++) rows += ir->pools[q].units;
    ChartKeys K;
    chart_keys(p, &K);
    /* the legend: a swatch and a name per key, as many to a line as fit */
    double width = label_w + chart_w + 20;
    if (width < 760) width = 760;
    double key_w = 0;
    uint32_t nleg = K.n < LEGEND_MAX ? K.n : LEGEND_MAX;
    for (uint32_t k = 0; k < nleg; k++) {
        double w = 22 + chars_of(K.names[k]) * CHAR_W + 14;
        if (w > key_w) key_w = w;
    }
    if (key_w > 320) key_w = 320;
    uint32_t per_line = key_w > 0 ? (uint32_t)((width - 16) / key_w) : 1;
    if (per_line < 1) per_line = 1;
    uint32_t leg_lines = (nleg + per_line - 1) / per_line;
    double rows_end = TOP + rows * ROW_H;
    double leg_top = rows_end + 28;
    double height = leg_top + 40 + leg_lines * 18 + (K.n > nleg ? 18 : 0) + 12;
    char b1[64], b2[64];

    sb_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                 "font-family=\"sans-serif\" font-size=\"11\">\n",
              width, height, width, height);
    sb_puts(o, "<defs><pattern id=\"actual\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
               "patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#000\" fill-opacity=\"0.25\"/>"
               "</pattern>");
    /* long machine names are cut at the chart */
    sb_printf(o, "<clipPath id=\"labels\"><rect width=\"%d\" height=\"%.0f\"/></clipPath></defs>\n", label_w - 6, height);
    sb_puts(o, "<style>.op,.key{stroke:#333;stroke-width:0.5}.late{stroke:#d00;stroke-width:2}.window{stroke:#d60;stroke-width:2;stroke-dasharray:3 2}"
               ".closed{fill:#eee}.grid{stroke:#ddd;stroke-width:0.5}.grid2{stroke:#999;stroke-width:0.8}"
               ".label{fill:#222}.bl{font-size:10px;fill:#111;dominant-baseline:middle;pointer-events:none}"
               ".bl.on-dark{fill:#fff}.now{stroke:#c00;stroke-width:1.5;stroke-dasharray:5 3}"
               ".axis{fill:#333}.axis2{fill:#000;font-weight:bold}</style>\n");
    sb_printf(o, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", width, height);
    /* title */
    when(b1, sizeof b1, ir->start);
    dur(b2, sizeof b2, p->m.makespan);
    sb_puts(o, "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">");
    xml(o, ir->plant_name && ir->plant_name[0] ? ir->plant_name : "Plan");
    sb_printf(o, "</text>\n<text x=\"8\" y=\"34\">from %s, makespan %s, %.0f late order%s, %u operations</text>\n", b1,
              b2, p->m.late_orders, p->m.late_orders == 1 ? "" : "s", p->ops.len);

    /* rows: closed time, then the grid; machines, then resources */
    uint32_t row = 0;
    uint32_t nlanes = ir->nmachines + (p->holds ? ir->npools : 0);
    for (uint32_t m = 0; m < nlanes; m++) {
        bool is_pool = m >= ir->nmachines;
        const char *name = is_pool ? ir->pools[m - ir->nmachines].name : ir->machines[m].name;
        uint32_t units = is_pool ? ir->pools[m - ir->nmachines].units : ir->machines[m].units;
        int32_t calendar = is_pool ? ir->pools[m - ir->nmachines].calendar : ir->machines[m].calendar;
        if (calendar >= 0 && units > 0) {
            /* the gaps between working intervals, within the chart, over
             * all the units */
            const IrCalendar *cal = &ir->calendars[calendar];
            double y = TOP + row * ROW_H;
            int64_t at = t0;
            for (uint32_t k = 0; k <= cal->n && at < t1; k++) {
                int64_t lo = k < cal->n ? cal->iv[k].lo : t1;
                if (lo > at) {
                    int64_t hi = lo < t1 ? lo : t1;
                    sb_printf(o, "<rect class=\"closed\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%u\"/>\n",
                              label_w + (double)(at - t0) * scale, y, (double)(hi - at) * scale, units * ROW_H);
                }
                if (k < cal->n && cal->iv[k].hi > at) at = cal->iv[k].hi;
            }
        }
        if (is_pool && row == pool_row)
            sb_printf(o, "<line class=\"grid\" x1=\"0\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"1.5\"/>\n",
                      TOP + row * ROW_H + 0.0, label_w + chart_w, TOP + row * ROW_H + 0.0);
        for (uint32_t u = 0; u < units; u++, row++) {
            double y = TOP + row * ROW_H;
            sb_printf(o, "<text class=\"label\" x=\"8\" y=\"%.1f\" clip-path=\"url(#labels)\"%s>", y + ROW_H * 0.68,
                      is_pool ? " font-style=\"italic\"" : "");
            xml(o, name);
            sb_printf(o, " #%u</text>\n", u + 1);
            sb_printf(o, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", label_w, y + ROW_H,
                      label_w + chart_w, y + ROW_H);
        }
    }
    /* the time axis: the finest ticks whose labels fit, and above them the
     * days, weeks, months or years they fall in */
    const Level *L = &levels[TK_COUNTOF(levels) - 1];
    for (size_t i = 0; i < TK_COUNTOF(levels); i++) {
        double px = levels[i].kind == TICK_MONTH ? 28 * 1440 * scale : (double)levels[i].step * scale;
        if (px >= levels[i].chars * CHAR_W + 12) {
            L = &levels[i];
            break;
        }
    }
    for (int64_t t = first_tick(L, t0); t <= t1; t = next_tick(L, t)) {
        double x = label_w + (double)(t - t0) * scale;
        tick_label(L, t, b1, sizeof b1);
        sb_printf(o, "<line class=\"grid\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%.1f\"/>\n", x, TOP - 4, x, rows_end);
        sb_printf(o, "<text class=\"axis\" x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, TOP - 8, b1);
    }
    /* the coarse row: a line at each boundary, the label at the left of its
     * stretch (at the chart's start for the first) */
    int64_t c = coarse_first(L->kind, t0);
    coarse_label(L->kind, t0, b1, sizeof b1);
    sb_printf(o, "<text class=\"axis2\" x=\"%d\" y=\"%d\">%s</text>\n", label_w + 2, TOP - 26, b1);
    for (; c <= t1; c = coarse_next(L->kind, c)) {
        double x = label_w + (double)(c - t0) * scale;
        sb_printf(o, "<line class=\"grid2\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%.1f\"/>\n", x, TOP - 38, x, rows_end);
        coarse_label(L->kind, c, b1, sizeof b1);
        if (x + 2 + chars_of(b1) * CHAR_W < label_w + chart_w + 20)
            sb_printf(o, "<text class=\"axis2\" x=\"%.2f\" y=\"%d\">%s</text>\n", x + 3, TOP - 26, b1);
    }

    /* operations */
    bool windows = window_used(ir), transfers = overlap_used(ir);
    uint32_t *base = tk_xalloc((ir->nmachines + 1) * sizeof(uint32_t));
    for (uint32_t m = 0, r = 0; m < ir->nmachines; m++) {
        base[m] = r;
        r += ir->machines[m].units;
    }
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0 || op->unit < 0) continue;
        /* a batch machine's planned work is drawn by its cycles (below) */
        if (ir->machines[op->machine].batch_cap > 0 && !op->actual) continue;
        const WorkOrder *w = &p->wos.data[op->wo];
        const char *step = ir->products[w->product].steps[op->step].name;
        const char *key = w->order >= 0 ? ir->orders[w->order].name : w->name;
        bool late = w->order >= 0 && p->orders && p->orders[w->order].lateness > 0;
        uint32_t colour = K.of_wo[op->wo];
        double y = TOP + (base[op->machine] + (uint32_t)op->unit) * ROW_H + 3;
        double x = label_w + (double)(op->start - t0) * scale;
        double wd = (double)(op->end - op->start) * scale;
        if (wd < 1) wd = 1;
        sb_printf(o, "<g><title>");
        xml(o, w->name);
        sb_puts(o, " ");
        xml(o, step);
        sb_puts(o, " on ");
        xml(o, ir->machines[op->machine].name);
        when(b1, sizeof b1, op->start);
        when(b2, sizeof b2, op->end);
        sb_printf(o, " #%d, %s to %s, setup %.10g min, run %.10g min", op->unit + 1, b1, b2, op->setup, op->run);
        if (w->q_in) { /* scrap planned: the pieces it starts and the good it makes */
            double qi = op->qty, qg = plan_op_good(w, op);
            if (qi != w->qty || qg != w->qty) sb_printf(o, ", %.10g pieces started, %.10g good", qi, qg);
        }
        if (w->order >= 0 && strcmp(key, w->name) != 0) {
            sb_puts(o, ", for ");
            xml(o, key);
        }
        if (w->order >= 0) {
            when(b1, sizeof b1, ir->orders[w->order].due);
            sb_printf(o, ", order due %s", b1);
        }
        if (late) {
            dur(b1, sizeof b1, (double)p->orders[w->order].lateness);
            sb_printf(o, ", order late by %s", b1);
        }
        /* a time window after its predecessors, and by how much it is not held */
        int64_t win = windows ? plan_op_window(p, i) : -1, over = p->overrun ? p->overrun[i] : 0;
        if (win >= 0) {
            dur(b1, sizeof b1, (double)win);
            sb_printf(o, ", within %s of the step before", b1);
        }
        if (over > 0) {
            dur(b1, sizeof b1, (double)over);
            sb_printf(o, ", window exceeded by %s", b1);
        }
        /* transfer lots: it runs beside the steps before it */
        if (transfers && plan_op_transfer(p, i) > 0)
            sb_printf(o, ", takes lots of %.10g from the steps before it", plan_op_transfer(p, i));
        sb_printf(o, "%s</title>", op->actual == ACT_DONE ? ", done" : op->actual == ACT_RUNNING ? ", running" : "");
        chart_colour(colour, b1, sizeof b1);
        sb_printf(o, "<rect class=\"op%s%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>",
                  late ? " late" : "", over > 0 ? " window" : "", x, y, wd, ROW_H - 6, b1);
        /* the setup: its first working minutes */
        if (op->setup > 0) {
            double sw = op->setup * scale < wd ? op->setup * scale : wd;
            sb_printf(o, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"#fff\" fill-opacity=\"0.45\"/>",
                      x, y, sw, ROW_H - 6);
        }
        if (op->actual)
            sb_printf(o, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"url(#actual)\"/>", x, y, wd,
                      ROW_H - 6);
        if (op->actual == ACT_DONE) {
            /* beside what it took, what it should have taken: a line from its
             * start to where its standard setup and run would have ended */
            const IrStep *st = &ir->products[w->product].steps[op->step];
            const IrAlt *al = plan_step_alt(st, op->machine);
            if (!al) al = &st->alts[0];
            double std = al->setup + (al->per_piece ? al->run * op->qty : al->run);
            const IrMachine *mc = &ir->machines[op->machine];
            int64_t s0, std_end = cal_finish(mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL, op->start,
                                             plan_work_minutes(std), mc->split, &s0);
            if (std_end != INT64_MAX) {
                double sw = (double)(std_end - op->start) * scale;
                sb_printf(o, "<rect class=\"std\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"3\" fill=\"#000\">"
                             "<title>standard: ",
                          x, y + ROW_H - 6 + 1, sw < 1 ? 1 : sw);
                when(b1, sizeof b1, std_end);
                sb_printf(o, "%s, until %s</title></rect>", "setup and run at standard times", b1);
            }
        }
        bar_label(o, w->name, step, x, y - 3, wd, chart_colour_dark(colour));
        sb_puts(o, "</g>\n");
        /* the resource units it holds */
        const OpHold *h = p->holds ? p->holds + p->hold_off[i] : NULL;
        uint32_t nh = p->holds ? p->hold_off[i + 1] - p->hold_off[i] : 0;
        for (uint32_t k = 0; k < nh && h[k].pool >= 0; k++) {
            uint32_t r = pool_row + h[k].unit;
            for (int32_t q = 0; q < h[k].pool; q++) r += ir->pools[q].units;
            double hy = TOP + r * ROW_H + 3, hw = (double)(h[k].until - op->start) * scale;
            sb_puts(o, "<g><title>");
            xml(o, ir->pools[h[k].pool].name);
            sb_printf(o, " #%u held by ", h[k].unit + 1);
            xml(o, w->name);
            sb_puts(o, " ");
            xml(o, ir->products[w->product].steps[op->step].name);
            sb_puts(o, " on ");
            xml(o, ir->machines[op->machine].name);
            when(b1, sizeof b1, op->start);
            when(b2, sizeof b2, h[k].until);
            char fill[64];
            chart_colour(colour, fill, sizeof fill);
            sb_printf(o, " #%d, %s to %s</title><rect class=\"op%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" "
                         "fill=\"%s\"%s/></g>\n",
                      op->unit + 1, b1, b2, late ? " late" : "", x, hy, hw < 1 ? 1 : hw, ROW_H - 6, fill,
                      op->actual ? " fill-opacity=\"0.6\"" : "");
        }
    }
    /* a batch machine's cycles: one bar each, its members stacked in it by
     * their pieces, the cycle and every member named in its title */
    for (uint32_t b = 0; b < p->batches.len; b++) {
        const PlanBatch *pb = &p->batches.data[b];
        const IrMachine *mc = &ir->machines[pb->machine];
        double pieces = 0, load = 0;
        for (uint32_t k = 0; k < pb->n; k++) {
            const BatchPart *bp = &p->batch_parts.data[pb->first + k];
            const WorkOrder *w = &p->wos.data[p->ops.data[bp->op].wo];
            pieces += bp->qty;
            load += bp->qty * (mc->batch_load >= 0 ? ir->products[w->product].attrs[mc->batch_load] : 1);
        }
        double y = TOP + (base[pb->machine] + pb->unit) * ROW_H + 3;
        double x = label_w + (double)(pb->start - t0) * scale;
        double wd = (double)(pb->end - pb->start) * scale;
        if (wd < 1) wd = 1;
        sb_puts(o, "<g class=\"batch\"><title>cycle on ");
        xml(o, mc->name);
        when(b1, sizeof b1, pb->start);
        when(b2, sizeof b2, pb->end);
        sb_printf(o, " #%u, %s to %s, %.10g pieces, %.10g of a capacity of %.10g:", pb->unit + 1, b1, b2, pieces, load,
                  mc->batch_cap);
        for (uint32_t k = 0; k < pb->n; k++) {
            const BatchPart *bp = &p->batch_parts.data[pb->first + k];
            const Op *op = &p->ops.data[bp->op];
            const WorkOrder *w = &p->wos.data[op->wo];
            sb_puts(o, k ? ", " : " ");
            xml(o, w->name);
            sb_puts(o, " ");
            xml(o, ir->products[w->product].steps[op->step].name);
            sb_printf(o, " %.10g", bp->qty);
        }
        sb_puts(o, "</title>");
        double yy = y, h = ROW_H - 6;
        for (uint32_t k = 0; k < pb->n; k++) {
            const BatchPart *bp = &p->batch_parts.data[pb->first + k];
            const WorkOrder *w = &p->wos.data[p->ops.data[bp->op].wo];
            bool late = w->order >= 0 && p->orders && p->orders[w->order].lateness > 0;
            double hh = pieces > 0 ? h * bp->qty / pieces : h;
            char fill[64];
            chart_colour(K.of_wo[p->ops.data[bp->op].wo], fill, sizeof fill);
            sb_printf(o, "<rect class=\"op%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>",
                      late ? " late" : "", x, yy, wd, hh, fill);
            yy += hh;
        }
        sb_printf(o, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"none\" stroke=\"#000\"/></g>\n", x, y,
                  wd, ROW_H - 6);
    }
    tk_free(base);
    /* the now line of a re-plan: what lies before it was reported */
    if (replan) {
        double x = label_w + (double)(now - t0) * scale;
        when(b1, sizeof b1, now);
        sb_printf(o, "<line class=\"now\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%.1f\"/>", x, TOP - 4, x, rows_end + 6);
        sb_printf(o, "<text x=\"%.2f\" y=\"%.1f\" fill=\"#c00\">now %s</text>\n", x + 3, rows_end + 15, b1);
    }

    /* the legend: what the marks mean, then a colour per order */
    double ly = leg_top;
    sb_printf(o, "<g class=\"legend\"><text x=\"8\" y=\"%.1f\" font-weight=\"bold\">Legend</text>\n", ly);
    ly += 8;
    double lx = 8;
    sb_printf(o, "<rect class=\"key late\" x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\" fill=\"#ccc\"/>"
                 "<text x=\"%.1f\" y=\"%.1f\">late order</text>\n", lx, ly, lx + 24, ly + 10);
    lx += 110;
    sb_printf(o, "<rect class=\"key\" x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\" fill=\"#999\"/>"
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"12\" fill=\"#fff\" fill-opacity=\"0.45\"/>"
                 "<text x=\"%.1f\" y=\"%.1f\">setup (lighter)</text>\n", lx, ly, lx, ly, lx + 24, ly + 10);
    lx += 130;
    sb_printf(o, "<rect class=\"key\" x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\" fill=\"#ccc\"/>"
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\" fill=\"url(#actual)\"/>"
                 "<text x=\"%.1f\" y=\"%.1f\">reported by the shop floor</text>\n", lx, ly, lx, ly, lx + 24, ly + 10);
    lx += 200;
    sb_printf(o, "<rect class=\"closed\" x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\"/>"
                 "<text x=\"%.1f\" y=\"%.1f\">closed</text>\n", lx, ly, lx + 24, ly + 10);
    lx += 80;
    if (replan)
        sb_printf(o, "<line class=\"now\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\">now</text>\n", lx + 9, ly - 1, lx + 9, ly + 13, lx + 24, ly + 10);
    ly += 26;
    for (uint32_t k = 0; k < nleg; k++) {
        double x = 8 + (k % per_line) * key_w, y = ly + (k / per_line) * 18;
        chart_colour(k, b1, sizeof b1);
        sb_printf(o, "<rect class=\"key%s\" x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"12\" fill=\"%s\"/>",
                  K.late[k] ? " late" : "", x, y, b1);
        sb_printf(o, "<text x=\"%.1f\" y=\"%.1f\">", x + 22, y + 10);
        xml(o, K.names[k]);
        sb_puts(o, "</text>\n");
    }
    if (K.n > nleg)
        sb_printf(o, "<text x=\"8\" y=\"%.1f\">and %u more</text>\n", ly + leg_lines * 18 + 10, K.n - nleg);
    sb_puts(o, "</g>\n");
    chart_keys_free(&K);
    sb_puts(o, "</svg>\n");
}
