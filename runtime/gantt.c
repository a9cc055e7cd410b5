/* gantt.c: the plan as a Gantt chart — a self-contained SVG that opens in a
 * browser. One row per machine unit, one bar per operation from its start
 * to its end (the setup part lighter), coloured by customer order (the same
 * order, the same hue), late orders outlined in red, reported operations
 * (docs/actuals.md) hatched, the machine's closed time shaded, and a time
 * axis in dates. Each bar has a tooltip with what it is. Names are escaped
 * (esc_xml): whatever a model holds, the SVG is well-formed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/esc.h"
#include "runtime.h"

enum { ROW_H = 22, TOP = 56, MAX_W = 1600, MIN_W = 600, CHAR_W = 7 };

/* names in SVG text: escaped for people, then for XML (esc.h) */
static void xml(StrBuf *o, const char *s) { esc_xml(o, s); }

/* A hue from a name (FNV-1a), so an order keeps its colour from plan to plan. */
static unsigned hue_of(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h % 360;
}

static void when(char *b, size_t n, int64_t t) { fmt_datetime_sp(b, n, t); }

static void dur(char *b, size_t n, double minutes)
{
    int64_t m = (int64_t)llround(minutes);
    if (m >= 1440) snprintf(b, n, "%lldd %02lld:%02lld", (long long)(m / 1440), (long long)(m % 1440 / 60), (long long)(m % 60));
    else snprintf(b, n, "%lld:%02lld", (long long)(m / 60), (long long)(m % 60));
}

/* Tick spacing in minutes for a span: at most about a dozen ticks, in
 * hours, days or weeks. */
static int64_t tick_step(int64_t span)
{
    static const int64_t steps[] = {15, 30, 60, 120, 180, 360, 720, 1440, 2 * 1440, 7 * 1440, 14 * 1440, 28 * 1440};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] <= 14) return steps[i];
    return 28 * 1440 * ((span / (28 * 1440)) / 14 + 1);
}

/* The first tick at or after t: on a whole step of the day for hours, at
 * midnight for days, on a Monday for weeks (1970-01-01 was a Thursday). */
static int64_t first_tick(int64_t t, int64_t step)
{
    int64_t origin = step >= 7 * 1440 ? 4 * 1440 : 0;
    int64_t r = ((t - origin) % step + step) % step;
    return r ? t - r + step : t;
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

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
    int64_t span = t1 - t0;
    /* the labels' column fits the longest "machine #unit" */
    size_t longest = 8;
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        size_t n = strlen(ir->machines[m].name) + 4;
        if (n > longest) longest = n;
    }
    const int label_w = (int)(longest > 40 ? 40 : longest) * CHAR_W + 16;
    double scale = (double)(MAX_W - label_w) / (double)span; /* pixels per minute */
    if (scale > 2) scale = 2;
    double chart_w = (double)span * scale;
    if (chart_w < MIN_W - label_w) chart_w = MIN_W - label_w;
    uint32_t rows = 0;
    for (uint32_t m = 0; m < ir->nmachines; m++) rows += ir->machines[m].units;
    double width = label_w + chart_w + 20, height = TOP + rows * ROW_H + 30;
    char b1[40], b2[40];

    sb_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                 "font-family=\"sans-serif\" font-size=\"11\">\n",
              width, height, width, height);
    sb_puts(o, "<defs><pattern id=\"actual\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
               "patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#000\" fill-opacity=\"0.25\"/>"
               "</pattern>");
    /* long machine names are cut at the chart */
    sb_printf(o, "<clipPath id=\"labels\"><rect width=\"%d\" height=\"%.0f\"/></clipPath></defs>\n", label_w - 6, height);
    sb_puts(o, "<style>.op{stroke:#333;stroke-width:0.5}.late{stroke:#d00;stroke-width:2}"
               ".closed{fill:#eee}.grid{stroke:#ccc;stroke-width:0.5}.label{fill:#222}</style>\n");
    /* title */
    when(b1, sizeof b1, ir->start);
    dur(b2, sizeof b2, p->m.makespan);
    sb_puts(o, "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">");
    xml(o, ir->plant_name && ir->plant_name[0] ? ir->plant_name : "Plan");
    sb_printf(o, "</text>\n<text x=\"8\" y=\"34\">from %s, makespan %s, %.0f late order%s; red outline: late; "
                 "lighter: setup; hatched: reported by the shop floor, with its standard time as a black line</text>\n",
              b1, b2, p->m.late_orders, p->m.late_orders == 1 ? "" : "s");

    /* rows: closed time, then the grid */
    uint32_t row = 0;
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        const IrMachine *mc = &ir->machines[m];
        if (mc->calendar >= 0 && mc->units > 0) {
            /* the gaps between working intervals, within the chart, over
             * all the machine's units */
            const IrCalendar *cal = &ir->calendars[mc->calendar];
            double y = TOP + row * ROW_H;
            int64_t at = t0;
            for (uint32_t k = 0; k <= cal->n && at < t1; k++) {
                int64_t lo = k < cal->n ? cal->iv[k].lo : t1;
                if (lo > at) {
                    int64_t hi = lo < t1 ? lo : t1;
                    sb_printf(o, "<rect class=\"closed\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%u\"/>\n",
                              label_w + (double)(at - t0) * scale, y, (double)(hi - at) * scale, mc->units * ROW_H);
                }
                if (k < cal->n && cal->iv[k].hi > at) at = cal->iv[k].hi;
            }
        }
        for (uint32_t u = 0; u < mc->units; u++, row++) {
            double y = TOP + row * ROW_H;
            sb_printf(o, "<text class=\"label\" x=\"8\" y=\"%.1f\" clip-path=\"url(#labels)\">", y + ROW_H * 0.68);
            xml(o, mc->name);
            sb_printf(o, " #%u</text>\n", u + 1);
            sb_printf(o, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", label_w, y + ROW_H,
                      label_w + chart_w, y + ROW_H);
        }
    }
    /* the time axis */
    int64_t step = tick_step(span), day = INT64_MIN;
    for (int64_t t = first_tick(t0, step); t <= t1; t += step) {
        double x = label_w + (double)(t - t0) * scale;
        when(b1, sizeof b1, t);
        if (step % 1440 == 0) b1[10] = 0;            /* days: the date alone */
        else if (floor_div(t, 1440) == day) memmove(b1, b1 + 11, 6); /* hours: the date when it changes */
        day = floor_div(t, 1440);
        sb_printf(o, "<line class=\"grid\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%.1f\"/>\n", x, TOP - 4, x,
                  TOP + rows * ROW_H + 0.0);
        sb_printf(o, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, TOP - 8, b1);
    }

    /* operations */
    uint32_t *base = tk_xalloc((ir->nmachines + 1) * sizeof(uint32_t));
    for (uint32_t m = 0, r = 0; m < ir->nmachines; m++) {
        base[m] = r;
        r += ir->machines[m].units;
    }
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0 || op->unit < 0) continue;
        const WorkOrder *w = &p->wos.data[op->wo];
        const char *key = w->order >= 0 ? ir->orders[w->order].name : w->name;
        bool late = w->order >= 0 && p->orders && p->orders[w->order].lateness > 0;
        unsigned hue = hue_of(key);
        double y = TOP + (base[op->machine] + (uint32_t)op->unit) * ROW_H + 3;
        double x = label_w + (double)(op->start - t0) * scale;
        double wd = (double)(op->end - op->start) * scale;
        if (wd < 1) wd = 1;
        sb_printf(o, "<g><title>");
        xml(o, w->name);
        sb_puts(o, " ");
        xml(o, ir->products[w->product].steps[op->step].name);
        sb_puts(o, " on ");
        xml(o, ir->machines[op->machine].name);
        when(b1, sizeof b1, op->start);
        when(b2, sizeof b2, op->end);
        sb_printf(o, " #%d, %s to %s, setup %.10g min, run %.10g min", op->unit + 1, b1, b2, op->setup, op->run);
        if (w->q_in) { /* scrap planned: the pieces it starts and the good it makes */
            double qi = plan_step_in(w, (uint32_t)op->step), qg = plan_step_good(w, (uint32_t)op->step);
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
        sb_printf(o, "%s</title>", op->actual == ACT_DONE ? ", done" : op->actual == ACT_RUNNING ? ", running" : "");
        sb_printf(o, "<rect class=\"op%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"hsl(%u,60%%,60%%)\"/>",
                  late ? " late" : "", x, y, wd, ROW_H - 6, hue);
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
            double std = al->setup + (al->per_piece ? al->run * plan_step_in(w, (uint32_t)op->step) : al->run);
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
        sb_puts(o, "</g>\n");
    }
    tk_free(base);
    sb_puts(o, "</svg>\n");
}
