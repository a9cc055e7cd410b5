/* cmd_forecast.c: `takt forecast` — forecasts from sales history, written
 * as the model's `forecast` blocks (docs/forecast.md). The pipeline:
 *
 *   history_read()   the CSV, bucketed into weeks or months
 *   fc_auto()        per item: the methods compared, chosen, intervals
 *   forecast_text()  forecast blocks with a comment per item, then through
 *                    the formatter (fmt_file), so they read as takt fmt
 *                    writes them
 *   the report       per item and in sum, as text or JSON
 *
 * Every output is written whole or not at all; a write that fails is an
 * error (exit 2). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "compiler/ast.h"
#include "compiler/esc.h"
#include "compiler/fmt.h"
#include "compiler/sema.h"
#include "runtime/forecast/forecast.h"
#include "runtime/forecast/history.h"
#include "runtime/runtime.h"

static const char forecast_help[] =
    "usage: takt forecast [options] HISTORY.csv\n"
    "\n"
    "Forecasts demand from sales or shipment history and writes it as the\n"
    "model's forecast blocks, with a comment per item naming the method\n"
    "chosen, its error, the prediction interval of each period and a\n"
    "safety stock.\n"
    "\n"
    "The history is CSV with a header naming the columns item, date (or\n"
    "period) and quantity; a date 2025-03-14 counts in its week or month, a\n"
    "period is a month (2025-03) or an ISO week (2025-W11). Weeks and months\n"
    "not given are zero. See docs/forecast.md.\n"
    "\n"
    "options:\n"
    "  --horizon N [weeks|months|years]  how far ahead (default one year)\n"
    "  --period week|month     the bucket (default: weeks if the file names\n"
    "                          ISO weeks, else months)\n"
    "  --method NAME           use this method for every item: naive, snaive,\n"
    "                          ma, ses, holt, damped, hw_add, hw_mul, theta,\n"
    "                          croston, sba, tsb, comb (default: chosen per item)\n"
    "  --combine N             the mean of the N best methods by the holdout\n"
    "                          (default 3; 1 takes the best alone)\n"
    "  --level P%              prediction intervals (default 95%)\n"
    "  --service P%            service level of the safety stock (default 95%)\n"
    "  --lead DURATION         lead time of the safety stock: 10 days, 2 weeks,\n"
    "                          1 month (default one period)\n"
    "  -o, --output=FILE       write the forecast blocks to FILE (whole, once done)\n"
    "  --csv FILE              also write the forecasts as CSV:\n"
    "                          item,period,from,to,forecast,low,high,method\n"
    "  --report                print the accuracy report: per item the method,\n"
    "                          its in-sample and holdout errors, and a summary;\n"
    "                          the blocks then go only to -o\n"
    "  --format=text|json      the report's form (default text)\n"
    "\n"
    "Exit codes: 0 written, 1 the history is malformed, 2 usage or I/O errors.\n";

typedef struct Opts {
    const char *path, *out, *csv;
    HistBucket bucket;
    double horizon;          /* in horizon_unit */
    char horizon_unit;       /* 'p' periods, 'w', 'm', 'y'; 0: default */
    double lead;             /* in lead_unit */
    char lead_unit;          /* 'd', 'w', 'm', 'p'; 0: one period */
    double service, level;
    FcMethod method;
    int combine;
    bool report, json;
} Opts;

typedef struct Item {
    const HistSeries *s;
    FcAutoResult r;
    FcStatus st;
    double safety;
    StrBuf notes;            /* "; "-separated */
} Item;

/* ---- options ------------------------------------------------------------------ */
static bool parse_percent(const char *s, double *p)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s) return false;
    if (*end == '%') end++, v /= 100;
    else if (v > 1) v /= 100;
    if (*end || !(v > 0.5) || !(v < 1) || v > 0.9999) return false;
    *p = v;
    return true;
}

/* "12", "12 weeks", "2.5 months": a number and an optional unit word. */
static bool parse_amount(const char *num, const char *unit, double *v, char *u, bool days_ok)
{
    char *end;
    *v = strtod(num, &end);
    while (*end == ' ') end++;
    if (end == num || !(*v > 0) || *v > 1e6) return false;
    const char *w = *end ? end : unit;
    if (!w || !*w) {
        *u = 'p';
        return true;
    }
    static const struct { const char *word; char u; } words[] = {
        {"period", 'p'}, {"periods", 'p'}, {"week", 'w'}, {"weeks", 'w'}, {"wk", 'w'}, {"month", 'm'},
        {"months", 'm'}, {"year", 'y'}, {"years", 'y'}, {"d", 'd'}, {"day", 'd'}, {"days", 'd'}};
    for (size_t i = 0; i < TK_COUNTOF(words); i++)
        if (strcmp(w, words[i].word) == 0) {
            if (words[i].u == 'd' && !days_ok) return false;
            *u = words[i].u;
            return true;
        }
    return false;
}

static bool is_unit_word(const char *s)
{
    double v;
    char u;
    char buf[64];
    snprintf(buf, sizeof buf, "1 %s", s);
    return strlen(s) < 32 && parse_amount(buf, NULL, &v, &u, true);
}

/* An amount in periods of the bucket: a month is 365.25/12 days. */
static double in_periods(double v, char u, HistBucket b)
{
    double days = u == 'd' ? v : u == 'w' ? 7 * v : u == 'm' ? v * 365.25 / 12 : u == 'y' ? v * 365.25 : -1;
    if (days < 0) return v;
    return days / (b == HIST_WEEK ? 7 : 365.25 / 12);
}

/* ---- text helpers ------------------------------------------------------------ */
static void put_num(StrBuf *b, double v)
{
    if (v != v) sb_puts(b, "n/a");
    else sb_printf(b, "%.2f", v);
}

static void method_text(StrBuf *b, const FcAutoResult *r)
{
    bool all_adj = true;
    for (int i = 0; i < r->nparts; i++) all_adj &= r->parts[i].seasonal_adj;
    if (r->nparts > 1) sb_puts(b, "mean of ");
    for (int i = 0; i < r->nparts; i++) {
        if (i) sb_puts(b, i == r->nparts - 1 ? " and " : ", ");
        sb_puts(b, fc_method_title(r->parts[i].method));
        if (r->parts[i].seasonal_adj && !all_adj) sb_puts(b, " (seasonally adjusted)");
    }
    if (all_adj) sb_puts(b, ", seasonally adjusted");
}

static const char *unit_word(HistBucket b, double n)
{
    return b == HIST_WEEK ? (n == 1 ? "week" : "weeks") : (n == 1 ? "month" : "months");
}

static void add_note(Item *it, const char *fmt, ...) TK_PRINTF(2, 3);
static void add_note(Item *it, const char *fmt, ...)
{
    if (it->notes.len) sb_puts(&it->notes, "; ");
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&it->notes, fmt, ap);
    va_end(ap);
}

/* ---- the forecast blocks ------------------------------------------------------- */
static void forecast_text(StrBuf *o, const Opts *op, const History *hi, Item *items, int h)
{
    char first[16], last[16], f1[16], f2[16];
    int32_t lo = hi->series[0].first;
    for (uint32_t i = 0; i < hi->nseries; i++)
        if (hi->series[i].first < lo) lo = hi->series[i].first;
    hist_period_label(hi->bucket, lo, first, sizeof first);
    hist_period_label(hi->bucket, hi->last, last, sizeof last);
    hist_period_label(hi->bucket, hi->last + 1, f1, sizeof f1);
    hist_period_label(hi->bucket, hi->last + h, f2, sizeof f2);
    sb_puts(o, "// Forecasts by takt forecast from ");
    hist_escape(o, op->path, 200);
    sb_printf(o, " (%s to %s): %u item%s, %d %s from %s to %s.\n", first, last, hi->nseries,
              hi->nseries == 1 ? "" : "s", h, unit_word(hi->bucket, h), f1, f2);
    sb_printf(o, "// Per item: the method and its error, the %g%% interval of each period, and a safety stock\n",
              op->level * 100);
    sb_puts(o, "// (docs/forecast.md).\n");
    double *q = tk_xalloc((size_t)h * sizeof(double));
    for (uint32_t i = 0; i < hi->nseries; i++) {
        Item *it = &items[i];
        const FcAutoResult *r = &it->r;
        sb_printf(o, "\n// %s: ", it->s->item);
        if (it->st == FC_NO_DEMAND) sb_puts(o, "no demand in the history, none forecast");
        else {
            method_text(o, r);
            if (r->holdout) {
                sb_printf(o, "; holdout MASE ");
                put_num(o, r->mase_holdout);
                sb_printf(o, ", sMAPE %.1f%% over the last %d %s", r->smape_holdout, r->holdout,
                          unit_word(hi->bucket, r->holdout));
            } else {
                sb_puts(o, "; no holdout (too short), in-sample MASE ");
                put_num(o, r->mase_in);
            }
        }
        sb_puts(o, "\n");
        if (it->notes.len) sb_printf(o, "// %s\n", sb_cstr(&it->notes));
        if (it->st != FC_NO_DEMAND) {
            char lead[64];
            if (op->lead_unit && op->lead_unit != 'p')
                snprintf(lead, sizeof lead, "%g %s", op->lead,
                         op->lead_unit == 'd' ? (op->lead == 1 ? "day" : "days")
                         : op->lead_unit == 'w' ? (op->lead == 1 ? "week" : "weeks")
                         : op->lead_unit == 'm' ? (op->lead == 1 ? "month" : "months")
                                                : (op->lead == 1 ? "year" : "years"));
            else {
                double l = op->lead_unit ? op->lead : 1;
                snprintf(lead, sizeof lead, "%g %s", l, unit_word(hi->bucket, l));
            }
            sb_printf(o, "// safety stock %.0f for %g%% service over a lead time of %s\n", ceil(it->safety),
                      op->service * 100, lead);
        }
        sb_printf(o, "forecast %s {\n", it->s->item);
        hist_round_running(r->fc, h, q);
        for (int k = 0; k < h; k++) {
            int32_t d1, d2;
            hist_period_days(hi->bucket, hi->last + 1 + k, &d1, &d2);
            int y1, m1, dd1, y2, m2, dd2;
            date_to_ymd(d1, &y1, &m1, &dd1);
            date_to_ymd(d2, &y2, &m2, &dd2);
            sb_printf(o, "  %04d-%02d-%02d .. %04d-%02d-%02d %.0f", y1, m1, dd1, y2, m2, dd2, q[k]);
            if (it->st != FC_NO_DEMAND) sb_printf(o, "  // %g%%: %.0f .. %.0f", op->level * 100, floor(r->lo[k]), ceil(r->hi[k]));
            sb_putc(o, '\n');
        }
        sb_puts(o, "}\n");
    }
    tk_free(q);
}

/* The text as takt fmt writes it; NULL (message printed) if it does not
 * parse, which would be a bug here. */
static char *formatted(const char *text)
{
    Model *m = model_new(cli_exe);
    loader_load_buffer(m, "forecast", text, strlen(text));
    char *out = NULL;
    if (!diag_has_errors(&m->diags) && m->loader.files.len && m->loader.files.data[0].root) {
        const LoadedFile *lf = &m->loader.files.data[0];
        out = fmt_file(lf->root, sources_get(&m->sources, lf->id), &m->strs);
    } else {
        diags_sort(&m->diags);
        CliDiagOpts o;
        cli_diag_defaults(&o);
        cli_report(m, &o);
        fprintf(stderr, "takt forecast: internal error: the forecast blocks do not parse\n");
    }
    model_free(m);
    return out;
}

/* ---- the report -------------------------------------------------------------------- */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct Summary {
    int smooth, seasonal, intermittent, nodemand;
    double mase_mean, mase_median, smape_mean;
    int nmase, nsmape;
    int count[FC__COUNT];
} Summary;

static void summarize(const History *hi, const Item *items, Summary *s)
{
    memset(s, 0, sizeof *s);
    double *v = tk_xalloc((hi->nseries + 1) * sizeof(double));
    double sm = 0;
    for (uint32_t i = 0; i < hi->nseries; i++) {
        const FcAutoResult *r = &items[i].r;
        if (items[i].st == FC_NO_DEMAND) {
            s->nodemand++;
            continue;
        }
        if (r->intermittent) s->intermittent++;
        else s->smooth++;
        bool seas = false;
        for (int k = 0; k < r->nparts; k++) {
            seas |= r->parts[k].seasonal_adj || fc_method_is_seasonal(r->parts[k].method);
            s->count[r->parts[k].method]++;
        }
        s->seasonal += seas;
        if (r->mase_holdout == r->mase_holdout) v[s->nmase++] = r->mase_holdout;
        if (r->smape_holdout == r->smape_holdout) sm += r->smape_holdout, s->nsmape++;
    }
    s->mase_mean = s->mase_median = s->smape_mean = NAN;
    if (s->nmase) {
        double t = 0;
        for (int i = 0; i < s->nmase; i++) t += v[i];
        s->mase_mean = t / s->nmase;
        qsort(v, (size_t)s->nmase, sizeof(double), cmp_double);
        s->mase_median = s->nmase % 2 ? v[s->nmase / 2] : (v[s->nmase / 2 - 1] + v[s->nmase / 2]) / 2;
    }
    if (s->nsmape) s->smape_mean = sm / s->nsmape;
    tk_free(v);
}

static void fc_report_text(StrBuf *o, const Opts *op, const History *hi, const Item *items, int h)
{
    char first[16], last[16], f1[16], f2[16];
    int32_t lo = hi->series[0].first;
    for (uint32_t i = 0; i < hi->nseries; i++)
        if (hi->series[i].first < lo) lo = hi->series[i].first;
    hist_period_label(hi->bucket, lo, first, sizeof first);
    hist_period_label(hi->bucket, hi->last, last, sizeof last);
    hist_period_label(hi->bucket, hi->last + 1, f1, sizeof f1);
    hist_period_label(hi->bucket, hi->last + h, f2, sizeof f2);
    sb_puts(o, "History ");
    hist_escape(o, op->path, 200);
    sb_printf(o, ": %u item%s, %s, %s to %s; forecast %d %s, %s to %s\n\n", hi->nseries,
              hi->nseries == 1 ? "" : "s", hi->bucket == HIST_WEEK ? "weekly" : "monthly", first, last, h,
              unit_word(hi->bucket, h), f1, f2);
    /* the table: widths from the widest entry */
    size_t wi = 4, wm = 6;
    StrBuf *meth = tk_xalloc((hi->nseries + 1) * sizeof(StrBuf));
    for (uint32_t i = 0; i < hi->nseries; i++) {
        memset(&meth[i], 0, sizeof(StrBuf));
        if (items[i].st == FC_NO_DEMAND) sb_puts(&meth[i], "(no demand)");
        else method_text(&meth[i], &items[i].r);
        if (strlen(hi->series[i].item) > wi) wi = strlen(hi->series[i].item);
        if (meth[i].len > wm) wm = meth[i].len;
    }
    sb_printf(o, "%-*s  %6s  %-*s  %8s  %7s  %7s  %7s  %12s\n", (int)wi, "item", "obs", (int)wm, "method", "MASE in",
              "holdout", "MASE", "sMAPE", "safety stock");
    for (uint32_t i = 0; i < hi->nseries; i++) {
        const FcAutoResult *r = &items[i].r;
        char mi[32], mh[32], sh[32], ho[32];
        snprintf(mi, sizeof mi, r->mase_in == r->mase_in ? "%.2f" : "n/a", r->mase_in);
        snprintf(mh, sizeof mh, r->mase_holdout == r->mase_holdout ? "%.2f" : "n/a", r->mase_holdout);
        snprintf(sh, sizeof sh, r->smape_holdout == r->smape_holdout ? "%.1f%%" : "n/a", r->smape_holdout);
        snprintf(ho, sizeof ho, "%d", r->holdout);
        sb_printf(o, "%-*s  %6d  %-*s  %8s  %7s  %7s  %7s  %12.0f\n", (int)wi, hi->series[i].item,
                  hi->series[i].n, (int)wm, sb_cstr(&meth[i]), mi, ho, mh, sh, ceil(items[i].safety));
        sb_free(&meth[i]);
    }
    tk_free(meth);
    Summary s;
    summarize(hi, items, &s);
    sb_printf(o, "\n%u items: %d smooth (%d seasonal), %d intermittent, %d without demand\n", hi->nseries, s.smooth,
              s.seasonal, s.intermittent, s.nodemand);
    sb_puts(o, "holdout MASE: mean ");
    put_num(o, s.mase_mean);
    sb_puts(o, ", median ");
    put_num(o, s.mase_median);
    sb_printf(o, " over %d items; sMAPE: mean ", s.nmase);
    put_num(o, s.smape_mean);
    sb_puts(o, "%\nmethods used:");
    for (int k = 0; k < FC__COUNT; k++)
        if (s.count[k]) sb_printf(o, " %s %d", fc_method_key((FcMethod)k), s.count[k]);
    sb_putc(o, '\n');
    bool any = false;
    for (uint32_t i = 0; i < hi->nseries; i++)
        if (items[i].notes.len) {
            if (!any) sb_puts(o, "\nnotes:\n");
            any = true;
            sb_puts(o, "  ");
            hist_escape(o, op->path, 200);
            sb_printf(o, ":%u: %s: %s\n", hi->series[i].line, hi->series[i].item, sb_cstr(&items[i].notes));
        }
}

/* JSON strings: valid UTF-8 JSON whatever the bytes (compiler/esc.h). */
static void json_str(StrBuf *b, const char *s) { esc_json(b, s); }

static void json_num(StrBuf *b, double v)
{
    if (v != v || isinf(v)) sb_puts(b, "null");
    else sb_printf(b, "%.6g", v);
}

static void fc_report_json(StrBuf *o, const Opts *op, const History *hi, const Item *items, int h)
{
    char lab[16], d1s[16], d2s[16];
    int32_t lo = hi->series[0].first;
    for (uint32_t i = 0; i < hi->nseries; i++)
        if (hi->series[i].first < lo) lo = hi->series[i].first;
    sb_puts(o, "{\"format\": \"takt-forecast\", \"version\": 1, \"file\": ");
    json_str(o, op->path);
    sb_printf(o, ", \"period\": \"%s\", \"first\": ", hi->bucket == HIST_WEEK ? "week" : "month");
    hist_period_label(hi->bucket, lo, lab, sizeof lab);
    json_str(o, lab);
    sb_puts(o, ", \"last\": ");
    hist_period_label(hi->bucket, hi->last, lab, sizeof lab);
    json_str(o, lab);
    sb_printf(o, ", \"horizon\": %d, \"level\": %g, \"service\": %g, \"lead_periods\": ", h, op->level,
              op->service);
    json_num(o, op->lead_unit ? in_periods(op->lead, op->lead_unit, hi->bucket) : 1);
    sb_puts(o, ",\n \"items\": [");
    double *q = tk_xalloc((size_t)h * sizeof(double));
    for (uint32_t i = 0; i < hi->nseries; i++) {
        const Item *it = &items[i];
        const FcAutoResult *r = &it->r;
        sb_puts(o, i ? ",\n  {" : "\n  {");
        sb_puts(o, "\"item\": ");
        json_str(o, it->s->item);
        sb_printf(o, ", \"line\": %u, \"observations\": %d, \"demand\": %s, \"intermittent\": %s, \"methods\": [",
                  it->s->line, it->s->n, it->st == FC_NO_DEMAND ? "false" : "true", r->intermittent ? "true" : "false");
        for (int k = 0; k < r->nparts && it->st != FC_NO_DEMAND; k++) {
            const FcModel *md = &r->parts[k];
            sb_printf(o, "%s{\"method\": \"%s\", \"title\": ", k ? ", " : "", fc_method_key(md->method));
            json_str(o, fc_method_title(md->method));
            sb_printf(o, ", \"seasonally_adjusted\": %s", md->seasonal_adj ? "true" : "false");
            switch (md->method) {
            case FC_SES: case FC_THETA: case FC_CROSTON: case FC_SBA: sb_printf(o, ", \"alpha\": %.6g", md->alpha); break;
            case FC_TSB: sb_printf(o, ", \"alpha\": %.6g, \"beta\": %.6g", md->alpha, md->beta); break;
            case FC_HOLT: case FC_DAMPED:
                sb_printf(o, ", \"alpha\": %.6g, \"beta\": %.6g, \"phi\": %.6g", md->alpha, md->beta, md->phi);
                break;
            case FC_HW_ADD: case FC_HW_MUL:
                sb_printf(o, ", \"alpha\": %.6g, \"beta\": %.6g, \"gamma\": %.6g, \"phi\": %.6g", md->alpha, md->beta,
                          md->gamma, md->phi);
                break;
            case FC_MOVING_AVG: sb_printf(o, ", \"window\": %d", md->k); break;
            default: break;
            }
            sb_putc(o, '}');
        }
        sb_puts(o, "], \"mase_in_sample\": ");
        json_num(o, r->mase_in);
        sb_puts(o, ", \"rmse\": ");
        json_num(o, r->rmse1);
        sb_printf(o, ", \"holdout_periods\": %d, \"mase_holdout\": ", r->holdout);
        json_num(o, r->mase_holdout);
        sb_puts(o, ", \"smape_holdout\": ");
        json_num(o, r->smape_holdout);
        sb_puts(o, ", \"safety_stock\": ");
        json_num(o, ceil(it->safety));
        sb_puts(o, ", \"notes\": [");
        if (it->notes.len) json_str(o, sb_cstr(&it->notes));
        sb_puts(o, "],\n   \"forecast\": [");
        hist_round_running(r->fc, h, q);
        for (int k = 0; k < h; k++) {
            int32_t a, b;
            hist_period_days(hi->bucket, hi->last + 1 + k, &a, &b);
            int y, m, d;
            date_to_ymd(a, &y, &m, &d);
            snprintf(d1s, sizeof d1s, "%04d-%02d-%02d", y, m, d);
            date_to_ymd(b, &y, &m, &d);
            snprintf(d2s, sizeof d2s, "%04d-%02d-%02d", y, m, d);
            hist_period_label(hi->bucket, hi->last + 1 + k, lab, sizeof lab);
            sb_printf(o, "%s{\"period\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"mean\": ", k ? ", " : "", lab, d1s,
                      d2s);
            json_num(o, r->fc[k]);
            sb_printf(o, ", \"quantity\": %.0f, \"low\": ", q[k]);
            json_num(o, r->lo[k]);
            sb_puts(o, ", \"high\": ");
            json_num(o, r->hi[k]);
            sb_putc(o, '}');
        }
        sb_puts(o, "]}");
    }
    tk_free(q);
    Summary s;
    summarize(hi, items, &s);
    sb_printf(o, "],\n \"summary\": {\"items\": %u, \"smooth\": %d, \"seasonal\": %d, \"intermittent\": %d, "
                 "\"without_demand\": %d, \"mase_holdout_mean\": ",
              hi->nseries, s.smooth, s.seasonal, s.intermittent, s.nodemand);
    json_num(o, s.mase_mean);
    sb_puts(o, ", \"mase_holdout_median\": ");
    json_num(o, s.mase_median);
    sb_puts(o, ", \"smape_holdout_mean\": ");
    json_num(o, s.smape_mean);
    sb_puts(o, ", \"methods\": {");
    bool first = true;
    for (int k = 0; k < FC__COUNT; k++)
        if (s.count[k]) {
            sb_printf(o, "%s\"%s\": %d", first ? "" : ", ", fc_method_key((FcMethod)k), s.count[k]);
            first = false;
        }
    sb_puts(o, "}}}\n");
}

static void forecast_csv(StrBuf *o, const History *hi, const Item *items, int h)
{
    sb_puts(o, "item,period,from,to,forecast,low,high,method\n");
    for (uint32_t i = 0; i < hi->nseries; i++) {
        const FcAutoResult *r = &items[i].r;
        StrBuf m = {0};
        for (int k = 0; k < r->nparts; k++) {
            if (k) sb_putc(&m, '+');
            sb_puts(&m, fc_method_key(r->parts[k].method));
        }
        for (int k = 0; k < h; k++) {
            int32_t a, b;
            char lab[16];
            hist_period_days(hi->bucket, hi->last + 1 + k, &a, &b);
            hist_period_label(hi->bucket, hi->last + 1 + k, lab, sizeof lab);
            int y1, m1, d1, y2, m2, d2;
            date_to_ymd(a, &y1, &m1, &d1);
            date_to_ymd(b, &y2, &m2, &d2);
            sb_printf(o, "%s,%s,%04d-%02d-%02d,%04d-%02d-%02d,%.10g,%.10g,%.10g,%s\n", items[i].s->item, lab, y1, m1,
                      d1, y2, m2, d2, r->fc[k], r->lo[k], r->hi[k], sb_cstr(&m));
        }
        sb_free(&m);
    }
}

/* ---- the command -------------------------------------------------------------------- */
static bool same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static int write_out(const char *what, const char *path, const StrBuf *b)
{
    if (path) {
        if (!write_file_atomic(path, b->data ? b->data : "", b->len)) {
            fprintf(stderr, "takt forecast: cannot write '%s': %s\n", esc_show(path), strerror(errno));
            return EXIT_USAGE;
        }
        return EXIT_CLEAN;
    }
    (void)what;
    return cli_write_stdout(b->data ? b->data : "", b->len) ? EXIT_CLEAN : EXIT_USAGE;
}

static int parse_args(int argc, char **argv, Opts *op)
{
    memset(op, 0, sizeof *op);
    op->bucket = HIST_AUTO;
    op->service = 0.95;
    op->level = 0.95;
    op->method = FC__COUNT;
    op->combine = 3;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (op->path) return cli_usage_error("forecast", "unexpected argument '%s': give one history file", a);
            op->path = a;
            continue;
        }
        const char *val = NULL, *eq = strchr(a, '=');
        char name[32];
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name) return cli_usage_error("forecast", "unknown option '%s'", a);
        memcpy(name, a, nl);
        name[nl] = 0;
        static const char *const with_value[] = {"--horizon", "--period", "--method", "--combine", "--level",
                                                 "--service", "--lead",    "-o",       "--output", "--csv"};
        bool needs = false;
        for (size_t k = 0; k < TK_COUNTOF(with_value); k++) needs |= strcmp(name, with_value[k]) == 0;
        if (needs) {
            if (eq) val = eq + 1;
            else if (i + 1 < argc) val = argv[++i];
            else return cli_usage_error("forecast", "option '%s' needs a value", name);
        }
        if (cli_is_help(a)) {
            fputs(forecast_help, stdout);
            return -1;
        } else if (strcmp(name, "--horizon") == 0 || strcmp(name, "--lead") == 0) {
            bool lead = name[2] == 'l';
            const char *unit = NULL;
            if (!eq && i + 1 < argc && is_unit_word(argv[i + 1])) unit = argv[++i];
            double v;
            char u;
            if (!parse_amount(val, unit, &v, &u, lead))
                return cli_usage_error("forecast", lead ? "--lead takes a duration: 10 days, 2 weeks, 1 month"
                                                        : "--horizon takes a number of periods, weeks, months or "
                                                          "years: 12, 26 weeks, 18 months");
            if (lead) op->lead = v, op->lead_unit = u;
            else op->horizon = v, op->horizon_unit = u;
        } else if (strcmp(name, "--period") == 0) {
            if (strcmp(val, "week") == 0 || strcmp(val, "weeks") == 0) op->bucket = HIST_WEEK;
            else if (strcmp(val, "month") == 0 || strcmp(val, "months") == 0) op->bucket = HIST_MONTH;
            else return cli_usage_error("forecast", "unknown period '%s' (week or month)", val);
        } else if (strcmp(name, "--method") == 0) {
            op->method = fc_method_parse(val);
            if (op->method == FC__COUNT)
                return cli_usage_error("forecast", "unknown method '%s' (naive, snaive, ma, ses, holt, damped, hw_add, "
                                                   "hw_mul, theta, croston, sba, tsb, comb)", val);
        } else if (strcmp(name, "--combine") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || n < 1 || n > FC_MAX_COMBINE)
                return cli_usage_error("forecast", "--combine takes a number from 1 to %d", FC_MAX_COMBINE);
            op->combine = (int)n;
        } else if (strcmp(name, "--level") == 0 || strcmp(name, "--service") == 0) {
            double p;
            if (!parse_percent(val, &p))
                return cli_usage_error("forecast", "%s takes a percentage above 50%% and below 100%%: 95%%", name);
            if (name[2] == 'l') op->level = p;
            else op->service = p;
        } else if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0) {
            if (!*val) return cli_usage_error("forecast", "the output file name is empty");
            op->out = val;
        } else if (strcmp(name, "--csv") == 0) {
            if (!*val) return cli_usage_error("forecast", "the CSV file name is empty");
            op->csv = val;
        } else if (strcmp(a, "--report") == 0) {
            op->report = true;
        } else if (strcmp(name, "--format") == 0 && eq) {
            if (strcmp(eq + 1, "json") == 0) op->json = true;
            else if (strcmp(eq + 1, "text") != 0)
                return cli_usage_error("forecast", "unknown format '%s' (text or json)", eq + 1);
        } else return cli_usage_error("forecast", "unknown option '%s'", a);
    }
    if (!op->path) return cli_usage_error("forecast", "no history file given");
    if (op->json && !op->report) return cli_usage_error("forecast", "--format=json is the report's: add --report");
    const char *outs[] = {op->out, op->csv};
    for (int k = 0; k < 2; k++)
        if (outs[k] && (strcmp(outs[k], op->path) == 0 || same_file(outs[k], op->path)))
            return cli_usage_error("forecast", "'%s' is the history file: it would be overwritten", outs[k]);
    if (op->out && op->csv && strcmp(op->out, op->csv) == 0)
        return cli_usage_error("forecast", "-o and --csv name the same file");
    return 0;
}

int cmd_forecast(int argc, char **argv)
{
    Opts op;
    int rc = parse_args(argc, argv, &op);
    if (rc < 0) return EXIT_CLEAN;
    if (rc) return rc;
    size_t len;
    char *text = cli_read_file("forecast", op.path, "a history file", &len);
    if (!text) return EXIT_USAGE;
    History hi;
    uint32_t line;
    char *err = history_read(text, len, op.bucket, &hi, &line);
    tk_big_free(text);
    if (err) {
        StrBuf b = {0};
        hist_escape(&b, op.path, 200);
        fprintf(stderr, "%s:%u: %s\n", sb_cstr(&b), line, err);
        sb_free(&b);
        tk_free(err);
        return EXIT_MODEL;
    }
    int m = hi.bucket == HIST_WEEK ? 52 : 12;
    double hp = op.horizon_unit ? ceil(in_periods(op.horizon, op.horizon_unit, hi.bucket) - 1e-9) : m;
    if (hp < 1 || hp > FC_MAX_H) {
        history_free(&hi);
        return cli_usage_error("forecast", "the horizon is %.0f periods; it must be 1 to %d", hp, FC_MAX_H);
    }
    int h = (int)hp;
    /* the forecast must end in a year a model can name */
    int32_t d1, d2;
    hist_period_days(hi.bucket, hi.last + h, &d1, &d2);
    if (d2 >= date_from_ymd(3000, 1, 1)) {
        history_free(&hi);
        fprintf(stderr, "takt forecast: the forecast would run past 2999\n");
        return EXIT_MODEL;
    }
    double lead = op.lead_unit ? in_periods(op.lead, op.lead_unit, hi.bucket) : 1;
    FcAutoOptions fo = {m, h, op.method, op.combine, op.level};
    Item *items = tk_xalloc((hi.nseries + 1) * sizeof(Item));
    memset(items, 0, (hi.nseries + 1) * sizeof(Item));
    for (uint32_t i = 0; i < hi.nseries; i++) {
        Item *it = &items[i];
        it->s = &hi.series[i];
        it->st = fc_auto(it->s->v, it->s->n, &fo, &it->r);
        if (it->st == FC_NO_DEMAND) continue;
        it->safety = fc_safety_stock(it->r.rmse1, lead, op.service);
        if (op.method != FC__COUNT && it->r.forced_fallback)
            add_note(it, "%s cannot be used on %d %s of history: chosen automatically instead",
                     fc_method_key(op.method), it->s->n, unit_word(hi.bucket, it->s->n));
        if (it->r.short_for_seasons)
            add_note(it, "%d %s of history, too few for seasonal methods (%d needed): forecast without seasons",
                     it->s->n, unit_word(hi.bucket, it->s->n), 3 * m);
    }
    for (uint32_t i = 0; i < hi.nseries; i++)
        if (items[i].notes.len) {
            StrBuf b = {0};
            hist_escape(&b, op.path, 200);
            fprintf(stderr, "%s:%u: note: '%s': %s\n", sb_cstr(&b), hi.series[i].line, hi.series[i].item,
                    sb_cstr(&items[i].notes));
            sb_free(&b);
        }
    int code = EXIT_CLEAN;
    StrBuf blocks = {0}, rep = {0}, csv = {0};
    if (!op.report || op.out) {
        forecast_text(&blocks, &op, &hi, items, h);
        char *f = formatted(sb_cstr(&blocks));
        if (!f) code = EXIT_USAGE;
        else {
            blocks.len = 0;
            sb_puts(&blocks, f);
            tk_free(f);
        }
    }
    if (code == EXIT_CLEAN && op.csv) {
        forecast_csv(&csv, &hi, items, h);
        code = write_out("CSV", op.csv, &csv);
    }
    if (code == EXIT_CLEAN && (!op.report || op.out)) code = write_out("forecast", op.out, &blocks);
    if (code == EXIT_CLEAN && op.report) {
        if (op.json) fc_report_json(&rep, &op, &hi, items, h);
        else fc_report_text(&rep, &op, &hi, items, h);
        code = write_out("report", NULL, &rep);
    }
    sb_free(&blocks);
    sb_free(&rep);
    sb_free(&csv);
    for (uint32_t i = 0; i < hi.nseries; i++) {
        fc_auto_free(&items[i].r);
        sb_free(&items[i].notes);
    }
    tk_free(items);
    history_free(&hi);
    return code;
}
