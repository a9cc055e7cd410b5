/* compare.c: plans of scenarios side by side (compare.h).
 *
 * Every figure is worked out from the plan file and the model it was
 * planned with, as takt verify reads them:
 *
 *   finish, makespan, tardiness, penalty, cost, setups  the plan's measures
 *   late orders         orders done after their due date, by name
 *   utilisation         a machine's setup and run minutes over its units'
 *                       working minutes from the plan's start to its finish
 *                       (not a subcontractor's: work sent out is its cost)
 *   work in progress    work orders open on average over that span (their
 *                       start to end summed, over the span: Little's law),
 *                       and their mean flow time
 *   purchases           how many, and their value at the materials' prices
 */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "verify_calendar.h"

enum { LOWER_BETTER = 1, HIGHER_BETTER = 2 };

typedef enum Fmt { F_TIME, F_HOURS, F_COUNT, F_MONEY, F_NUM, F_PERCENT } Fmt;

typedef struct Metric {
    const char *key;    /* JSON */
    const char *title;  /* text and HTML */
    Fmt fmt;
    int better;
} Metric;

enum {
    M_FINISH, M_MAKESPAN, M_TARDINESS, M_LATE, M_PENALTY, M_COST, M_SETUPS, M_SETUP_TIME, M_WIP, M_FLOW,
    M_PURCHASES, M_PURCHASE_VALUE, M__COUNT
};

static const Metric metrics[M__COUNT] = {
    {"finish", "finish", F_TIME, LOWER_BETTER},
    {"makespan_h", "makespan (h)", F_HOURS, LOWER_BETTER},
    {"tardiness_h", "tardiness (h)", F_HOURS, LOWER_BETTER},
    {"late_orders", "late orders", F_COUNT, LOWER_BETTER},
    {"penalty", "penalty", F_MONEY, LOWER_BETTER},
    {"cost", "cost", F_MONEY, LOWER_BETTER},
    {"setups", "setups", F_COUNT, LOWER_BETTER},
    {"setup_time_h", "setup time (h)", F_HOURS, LOWER_BETTER},
    {"wip", "work in progress (open work orders, mean)", F_NUM, LOWER_BETTER},
    {"flow_time_h", "flow time of a work order (h, mean)", F_HOURS, LOWER_BETTER},
    {"purchases", "purchases", F_COUNT, 0},
    {"purchase_value", "purchase value", F_MONEY, 0},
};

typedef struct Col {
    double v[M__COUNT];
    double *util;        /* per machine of the union, NAN if the plan has none */
    double *busy;        /* hours */
    TK_VEC_OF(const char *) late;
} Col;

typedef struct Cmp {
    const CmpPlan *plans;
    uint32_t n;
    const char **machines; /* the union of the models' machines, in the base's order, then new ones */
    uint32_t nmachines;
    Col *cols;
    const char *currency;
} Cmp;

static int32_t machine_index(const Cmp *c, const char *name)
{
    for (uint32_t i = 0; i < c->nmachines; i++)
        if (strcmp(c->machines[i], name) == 0) return (int32_t)i;
    return -1;
}

static void gather_machines(Cmp *c)
{
    uint32_t cap = 0;
    for (uint32_t k = 0; k < c->n; k++) {
        const IrModel *ir = c->plans[k].ir;
        for (uint32_t i = 0; i < ir->nmachines; i++) {
            /* work sent out takes none of the plant's capacity: its cost counts, not its time */
            if (ir->machines[i].subcontract || machine_index(c, ir->machines[i].name) >= 0) continue;
            if (c->nmachines == cap) {
                cap = cap ? cap * 2 : 16;
                c->machines = tk_xrealloc(c->machines, cap * sizeof(char *));
            }
            c->machines[c->nmachines++] = ir->machines[i].name;
        }
    }
}

static void measure(Cmp *c, uint32_t k)
{
    const PlanFile *pf = c->plans[k].pf;
    const IrModel *ir = c->plans[k].ir;
    Col *col = &c->cols[k];
    const PfMeasures *m = &pf->known;
    int64_t start = pf->start >= 0 ? pf->start : ir->start;
    int64_t finish = m->finish >= 0 ? m->finish : start;
    col->v[M_FINISH] = (double)finish;
    col->v[M_MAKESPAN] = m->makespan / 60;
    col->v[M_TARDINESS] = m->tardiness / 60;
    col->v[M_PENALTY] = m->penalty;
    col->v[M_COST] = m->cost;
    col->v[M_SETUPS] = m->setups;
    col->v[M_SETUP_TIME] = m->setup_time / 60;
    uint32_t late = 0;
    for (uint32_t i = 0; i < pf->orders.len; i++)
        if (pf->orders.data[i].lateness > 0) {
            late++;
            vec_push(&col->late, pf->orders.data[i].name);
        }
    col->v[M_LATE] = late;
    /* work in progress */
    double open = 0;
    uint32_t nwo = 0;
    for (uint32_t i = 0; i < pf->wos.len; i++) {
        const PfWorkOrder *w = &pf->wos.data[i];
        if (w->start < 0 || w->end < w->start) continue;
        open += (double)(w->end - w->start);
        nwo++;
    }
    col->v[M_WIP] = finish > start ? open / (double)(finish - start) : 0;
    col->v[M_FLOW] = nwo ? open / nwo / 60 : 0;
    /* purchases */
    double value = 0;
    for (uint32_t i = 0; i < pf->purchases.len; i++) {
        const PfPurchase *pu = &pf->purchases.data[i];
        for (uint32_t j = 0; j < ir->nmaterials; j++)
            if (strcmp(ir->materials[j].name, pu->material) == 0) value += pu->qty * ir->materials[j].cost;
    }
    col->v[M_PURCHASES] = pf->purchases.len;
    col->v[M_PURCHASE_VALUE] = value;
    /* utilisation: setup and run over the units' working time */
    col->util = tk_xalloc((c->nmachines + 1) * sizeof(double));
    col->busy = tk_xalloc((c->nmachines + 1) * sizeof(double));
    for (uint32_t i = 0; i < c->nmachines; i++) col->util[i] = col->busy[i] = NAN;
    double *busy = tk_xalloc((ir->nmachines + 1) * sizeof(double));
    memset(busy, 0, (ir->nmachines + 1) * sizeof(double));
    for (uint32_t i = 0; i < pf->ops.len; i++) {
        const PfOp *o = &pf->ops.data[i];
        for (uint32_t j = 0; j < ir->nmachines; j++)
            if (strcmp(ir->machines[j].name, o->machine) == 0) {
                busy[j] += o->setup >= 0 && o->run >= 0 ? o->setup + o->run : (double)(o->end - o->start);
                break;
            }
    }
    for (uint32_t j = 0; j < ir->nmachines; j++) {
        const IrMachine *mc = &ir->machines[j];
        if (mc->subcontract) continue;
        int64_t work = finish - start;
        if (mc->calendar >= 0) {
            VCal *vc = vcal_build(ir, mc->calendar);
            work = vcal_work_between(vc, start, finish);
            vcal_free(vc);
        }
        int32_t u = machine_index(c, mc->name);
        col->busy[u] = busy[j] / 60;
        double avail = (double)work * mc->units;
        col->util[u] = avail > 0 ? busy[j] / avail : 0;
    }
    tk_free(busy);
}

/* ---- values as text ---------------------------------------------------------------- */
static void put_value(StrBuf *b, Fmt f, double v)
{
    if (isnan(v)) {
        sb_puts(b, "–");
        return;
    }
    switch (f) {
    case F_TIME: {
        char t[32];
        fmt_datetime_sp(t, sizeof t, (int64_t)v);
        sb_puts(b, t);
        break;
    }
    case F_HOURS: sb_printf(b, "%.1f", v); break;
    case F_COUNT: sb_printf(b, "%.0f", v); break;
    case F_MONEY: sb_printf(b, "%.2f", v); break;
    case F_NUM: sb_printf(b, "%.2f", v); break;
    case F_PERCENT: sb_printf(b, "%.1f%%", v * 100); break;
    }
}

/* The difference from the base in the unit it is shown in (hours for a
 * time, points for a percentage), and whether it shows at the precision it
 * is written with: a difference that does not show is none, neither better
 * nor worse. */
static double delta_of(Fmt f, double v, double base)
{
    return f == F_TIME ? (v - base) / 60 : f == F_PERCENT ? (v - base) * 100 : v - base;
}

static bool delta_shows(Fmt f, double d)
{
    double eps = f == F_COUNT ? 0.5 : f == F_MONEY || f == F_NUM ? 0.005 : 0.05;
    return fabs(d) >= eps;
}

/* The difference from the base, as text: "+3.5 h", "−2", "" when none. */
static void put_delta(StrBuf *b, Fmt f, double v, double base)
{
    if (isnan(v) || isnan(base)) return;
    double d = delta_of(f, v, base);
    if (!delta_shows(f, d)) return;
    const char *sign = d > 0 ? "+" : "−";
    d = fabs(d);
    switch (f) {
    case F_TIME: sb_printf(b, "%s%.1f h", sign, d); break;
    case F_COUNT: sb_printf(b, "%s%.0f", sign, d); break;
    case F_MONEY:
    case F_NUM: sb_printf(b, "%s%.2f", sign, d); break;
    case F_PERCENT: sb_printf(b, "%s%.1f pt", sign, d); break;
    default: sb_printf(b, "%s%.1f", sign, d); break;
    }
}

/* -1 worse than the base, 1 better, 0 neither */
static int judge(int better, Fmt f, double v, double base)
{
    if (!better || isnan(v) || isnan(base)) return 0;
    if (!delta_shows(f, delta_of(f, v, base))) return 0;
    bool lower = v < base;
    return (better == LOWER_BETTER) == lower ? 1 : -1;
}

/* ---- text: a Markdown table ------------------------------------------------------------- */
static void text_cell(StrBuf *b, Fmt f, double v, double base, bool is_base)
{
    sb_puts(b, " ");
    StrBuf t = {0};
    put_value(&t, f, v);
    esc_text(b, sb_cstr(&t));
    sb_free(&t);
    if (!is_base) {
        StrBuf d = {0};
        put_delta(&d, f, v, base);
        if (d.len) sb_printf(b, " (%s)", sb_cstr(&d));
        sb_free(&d);
    }
    sb_puts(b, " |");
}

static void late_list(StrBuf *b, const Col *col, bool html)
{
    for (uint32_t i = 0; i < col->late.len && i < 10; i++) {
        sb_puts(b, i ? ", " : "");
        if (html) esc_xml(b, col->late.data[i]);
        else esc_text(b, col->late.data[i]);
    }
    if (col->late.len > 10) sb_printf(b, " and %u more", col->late.len - 10);
    if (!col->late.len) sb_puts(b, "none");
}

static void write_text(const Cmp *c, StrBuf *b)
{
    sb_puts(b, "## Scenarios compared\n\n|");
    sb_puts(b, " |");
    for (uint32_t k = 0; k < c->n; k++) {
        sb_puts(b, " ");
        esc_text(b, c->plans[k].label);
        sb_puts(b, " |");
    }
    sb_puts(b, "\n|---|");
    for (uint32_t k = 0; k < c->n; k++) sb_puts(b, "---:|");
    sb_putc(b, '\n');
    for (int mi = 0; mi < M__COUNT; mi++) {
        sb_printf(b, "| %s |", metrics[mi].title);
        for (uint32_t k = 0; k < c->n; k++) text_cell(b, metrics[mi].fmt, c->cols[k].v[mi], c->cols[0].v[mi], k == 0);
        sb_putc(b, '\n');
    }
    for (uint32_t u = 0; u < c->nmachines; u++) {
        sb_puts(b, "| utilisation: ");
        esc_text(b, c->machines[u]);
        sb_puts(b, " |");
        for (uint32_t k = 0; k < c->n; k++) text_cell(b, F_PERCENT, c->cols[k].util[u], c->cols[0].util[u], k == 0);
        sb_putc(b, '\n');
    }
    sb_puts(b, "\n### Late orders\n\n");
    for (uint32_t k = 0; k < c->n; k++) {
        sb_puts(b, "- ");
        esc_text(b, c->plans[k].label);
        sb_puts(b, ": ");
        late_list(b, &c->cols[k], false);
        sb_putc(b, '\n');
    }
    sb_printf(b, "\nMoney in %s. Differences are against %s; utilisation is setup and run time over the "
                 "machine's working time from the plan's start to its finish.\n",
              c->currency ? c->currency : "the model's currency", c->plans[0].label);
}

/* ---- JSON ------------------------------------------------------------------------------ */
static void json_num(StrBuf *b, Fmt f, double v)
{
    if (isnan(v)) {
        sb_puts(b, "null");
        return;
    }
    if (f == F_TIME) {
        char t[32];
        fmt_datetime_sp(t, sizeof t, (int64_t)v);
        esc_json(b, t);
        return;
    }
    sb_printf(b, f == F_COUNT ? "%.0f" : "%.6g", v);
}

static void write_json(const Cmp *c, StrBuf *b)
{
    sb_puts(b, "{\"format\": \"takt-compare\", \"version\": 1, \"base\": ");
    esc_json(b, c->plans[0].label);
    sb_puts(b, ", \"currency\": ");
    if (c->currency) esc_json(b, c->currency);
    else sb_puts(b, "null");
    sb_puts(b, ", \"plans\": [");
    for (uint32_t k = 0; k < c->n; k++) {
        const Col *col = &c->cols[k];
        sb_puts(b, k ? ",\n  {" : "\n  {");
        sb_puts(b, "\"label\": ");
        esc_json(b, c->plans[k].label);
        sb_puts(b, ", \"scenario\": ");
        if (c->plans[k].ir->scenario) esc_json(b, c->plans[k].ir->scenario);
        else sb_puts(b, "null");
        sb_puts(b, ", \"measures\": {");
        for (int mi = 0; mi < M__COUNT; mi++) {
            sb_printf(b, "%s\"%s\": ", mi ? ", " : "", metrics[mi].key);
            json_num(b, metrics[mi].fmt, col->v[mi]);
        }
        sb_puts(b, "}, \"difference\": {");
        for (int mi = 0; mi < M__COUNT; mi++) {
            double d = col->v[mi] - c->cols[0].v[mi];
            if (metrics[mi].fmt == F_TIME) d /= 60; /* hours */
            sb_printf(b, "%s\"%s\": ", mi ? ", " : "", metrics[mi].fmt == F_TIME ? "finish_h" : metrics[mi].key);
            json_num(b, metrics[mi].fmt == F_TIME ? F_HOURS : metrics[mi].fmt, d);
        }
        sb_puts(b, "}, \"late_orders\": [");
        for (uint32_t i = 0; i < col->late.len; i++) {
            if (i) sb_puts(b, ", ");
            esc_json(b, col->late.data[i]);
        }
        sb_puts(b, "], \"machines\": {");
        bool first = true;
        for (uint32_t u = 0; u < c->nmachines; u++) {
            if (isnan(col->util[u])) continue;
            sb_puts(b, first ? "" : ", ");
            first = false;
            esc_json(b, c->machines[u]);
            sb_puts(b, ": {\"busy_h\": ");
            json_num(b, F_HOURS, col->busy[u]);
            sb_puts(b, ", \"utilisation\": ");
            json_num(b, F_NUM, col->util[u]);
            sb_puts(b, "}");
        }
        sb_puts(b, "}}");
    }
    sb_puts(b, "\n]}\n");
}

/* ---- HTML: one page, no scripts, nothing fetched ----------------------------------------- */
static void html_cell(StrBuf *b, Fmt f, double v, double base, bool is_base, int better)
{
    int j = is_base ? 0 : judge(better, f, v, base);
    sb_printf(b, "<td%s>", j > 0 ? " class=\"better\"" : j < 0 ? " class=\"worse\"" : "");
    StrBuf t = {0};
    put_value(&t, f, v);
    esc_xml(b, sb_cstr(&t));
    sb_free(&t);
    if (!is_base) {
        StrBuf d = {0};
        put_delta(&d, f, v, base);
        if (d.len) {
            sb_puts(b, " <small>(");
            esc_xml(b, sb_cstr(&d));
            sb_puts(b, ")</small>");
        }
        sb_free(&d);
    }
    sb_puts(b, "</td>");
}

/* The table and its legend: the body of the page of its own, and the
 * plan page's Scenarios section (page.c). */
static void html_table(const Cmp *c, StrBuf *b)
{
    sb_puts(b, "<table class=\"compare\">\n<thead><tr><th></th>");
    for (uint32_t k = 0; k < c->n; k++) {
        sb_puts(b, "<th>");
        esc_xml(b, c->plans[k].label);
        sb_puts(b, "</th>");
    }
    sb_puts(b, "</tr></thead>\n<tbody>\n");
    for (int mi = 0; mi < M__COUNT; mi++) {
        sb_printf(b, "<tr><th>%s</th>", metrics[mi].title);
        for (uint32_t k = 0; k < c->n; k++)
            html_cell(b, metrics[mi].fmt, c->cols[k].v[mi], c->cols[0].v[mi], k == 0, metrics[mi].better);
        sb_puts(b, "</tr>\n");
    }
    for (uint32_t u = 0; u < c->nmachines; u++) {
        sb_puts(b, "<tr><th>utilisation: ");
        esc_xml(b, c->machines[u]);
        sb_puts(b, "</th>");
        for (uint32_t k = 0; k < c->n; k++) html_cell(b, F_PERCENT, c->cols[k].util[u], c->cols[0].util[u], k == 0, 0);
        sb_puts(b, "</tr>\n");
    }
    sb_puts(b, "<tr><th>late orders</th>");
    for (uint32_t k = 0; k < c->n; k++) {
        sb_puts(b, "<td>");
        late_list(b, &c->cols[k], true);
        sb_puts(b, "</td>");
    }
    sb_puts(b, "</tr>\n</tbody></table>\n<p>Money in ");
    esc_xml(b, c->currency ? c->currency : "the model's currency");
    sb_puts(b, ". Differences are against ");
    esc_xml(b, c->plans[0].label);
    sb_puts(b, "; green is better, red worse. Utilisation is setup and run time over the machine's working time "
               "from the plan's start to its finish.</p>\n");
}

static void write_html(const Cmp *c, StrBuf *b)
{
    sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>Scenarios compared</title>\n<style>\n"
               "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\n"
               "table{border-collapse:collapse}th,td{padding:.3em .8em;border-bottom:1px solid #ddd;"
               "text-align:right;white-space:nowrap}\n"
               "th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #888}\n"
               "td.better{background:#e3f4e3}td.worse{background:#fbe3e3}small{color:#555}\n"
               "</style></head><body>\n<h1>Scenarios compared</h1>\n");
    html_table(c, b);
    sb_puts(b, "</body></html>\n");
}

void plan_compare(const CmpPlan *plans, uint32_t n, CmpFormat f, StrBuf *out)
{
    Cmp c;
    memset(&c, 0, sizeof c);
    c.plans = plans;
    c.n = n;
    c.currency = n ? plans[0].ir->currency : NULL;
    gather_machines(&c);
    c.cols = tk_xalloc((n + 1) * sizeof(Col));
    memset(c.cols, 0, (n + 1) * sizeof(Col));
    for (uint32_t k = 0; k < n; k++) measure(&c, k);
    if (f == CMP_JSON) write_json(&c, out);
    else if (f == CMP_HTML) write_html(&c, out);
    else if (f == CMP_HTML_TABLE) html_table(&c, out);
    else write_text(&c, out);
    for (uint32_t k = 0; k < n; k++) {
        tk_free(c.cols[k].util);
        tk_free(c.cols[k].busy);
        tk_free(c.cols[k].late.data);
    }
    tk_free(c.cols);
    tk_free(c.machines);
}
