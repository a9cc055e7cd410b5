/* report_views.c: the planner's views (views.h) as sections of the text
 * report and the JSON report — the objective's terms, the exceptions,
 * forecast demand, the purchases with the demands they serve, the weekly
 * capacity load and the stock projection. Every figure is the view's: these
 * writers compute nothing but layout. Names are escaped for each output
 * (compiler/esc.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/esc.h"
#include "buy.h"
#include "text_table.h"
#include "views.h"

static void hours(char *b, size_t n, double minutes) { snprintf(b, n, "%.1f", minutes / 60.0); }

/* a quantity that sums several: to a millionth of its unit, shortest form */
static void qty(char *b, size_t n, double q)
{
    double r = round(q * 1e6) / 1e6;
    fmt_double(b, n, r == 0 ? 0 : r);
}

static void term_value(char *b, size_t n, const ObjTerm *t, const char *cur)
{
    if (t->kind == TERM_DURATION) view_fmt_dur(b, n, t->value);
    else if (t->kind == TERM_MONEY) {
        char m[48];
        view_fmt_money(m, sizeof m, t->value);
        snprintf(b, n, "%s %s", m, cur);
    } else fmt_double(b, n, round(t->value * 1000) / 1000);
}

/* ---- text: objective and exceptions ---------------------------------------------------- */
static void objective_text(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    char b[64], c[64];
    if (!v->nterms) {
        view_fmt_dur(b, sizeof b, p->m.makespan);
        sb_printf(o, "Objective: minimize makespan (the default) = %s\n\n", b);
        return;
    }
    sb_puts(o, "Objective: minimize ");
    for (uint32_t i = 0; i < v->nterms; i++) {
        bool minus = p->ir->obj_terms[i].sign < 0;
        sb_printf(o, "%s%s", i == 0 ? (minus ? "-" : "") : minus ? " - " : " + ", esc_show(v->terms[i].text));
    }
    fmt_double(b, sizeof b, round(p->m.objective * 1000) / 1000);
    sb_printf(o, " = %s\n", b);
    TextTable t = TEXT_TABLE(3, "lrr");
    tt_cell(&t, "term");
    tt_cell(&t, "value");
    tt_cell(&t, "in the objective");
    for (uint32_t i = 0; i < v->nterms; i++) {
        const ObjTerm *x = &v->terms[i];
        ObjTerm plain = *x;
        plain.value = x->value * p->ir->obj_terms[i].sign; /* the term itself */
        term_value(b, sizeof b, &plain, p->ir->currency);
        fmt_double(c, sizeof c, round(x->value * 1000) / 1000);
        tt_cell(&t, x->text);
        tt_cell(&t, b);
        tt_cell(&t, c);
    }
    tt_print(&t, o);
    sb_putc(o, '\n');
}

static void exceptions_text(const PlanViews *v, StrBuf *o)
{
    if (!v->nexc) {
        sb_puts(o, "Exceptions: none\n\n");
        return;
    }
    sb_printf(o, "Exceptions (%u)\n", v->nexc);
    TextTable t = TEXT_TABLE(4, "llll");
    const char *h[] = {"kind", "what", "where", "why"};
    for (int i = 0; i < 4; i++) tt_cell(&t, h[i]);
    char where[600];
    for (uint32_t i = 0; i < v->nexc; i++) {
        const Exception *e = &v->exc[i];
        tt_cell(&t, exc_kind_title((ExcKind)e->kind));
        tt_cell(&t, e->subject_name);
        const char *wh = views_where(v, e->span, where, sizeof where);
        tt_cell(&t, wh ? wh : "");
        tt_cell(&t, e->text);
    }
    tt_print(&t, o);
    sb_putc(o, '\n');
}

void report_views_text_head(const PlanViews *v, StrBuf *o)
{
    objective_text(v, o);
    exceptions_text(v, o);
}

/* ---- text: forecast demand -------------------------------------------------------------- */
void report_forecasts_text(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    if (!p->fcs.len) return;
    sb_puts(o, "Forecast demand\n");
    TextTable t = TEXT_TABLE(6, "llrllr");
    const char *h[] = {"demand", "product", "qty", "due", "done", "lateness"};
    for (int i = 0; i < 6; i++) tt_cell(&t, h[i]);
    char b1[40], b2[40], b3[40], b4[40];
    for (uint32_t f = 0; f < p->fcs.len; f++) {
        const FcDemand *fd = &p->fcs.data[f];
        fmt_double(b1, sizeof b1, fd->qty);
        fmt_datetime_sp(b2, sizeof b2, fd->due);
        fmt_datetime_sp(b3, sizeof b3, v->fc[f].done);
        view_fmt_dur(b4, sizeof b4, (double)v->fc[f].lateness);
        tt_cell(&t, fd->name);
        tt_cell(&t, p->ir->products[fd->product].name);
        tt_cell(&t, b1);
        tt_cell(&t, b2);
        tt_cell(&t, b3);
        tt_cell(&t, v->fc[f].lateness > 0 ? b4 : "on time");
    }
    tt_print(&t, o);
    sb_putc(o, '\n');
}

/* ---- text: purchases -------------------------------------------------------------------- */
/* What a purchase serves, from the material's pegging: "SO-1/frame 96 m,
 * safety stock 20 m". */
static void served(const PlanViews *v, uint32_t k, StrBuf *b)
{
    const Plan *p = v->p;
    const IrMaterial *mt = &p->ir->materials[p->purchases.data[k].material];
    bool any = false;
    char q[40];
    for (int32_t i = v->pa_first[k]; i >= 0; i = v->pa_next[i]) {
        const MatAlloc *a = &p->allocs.data[i];
        qty(q, sizeof q, a->qty);
        const char *who = a->wo >= 0 ? p->wos.data[a->wo].name : a->wo == ALLOC_SAFETY ? "safety stock" : "issued";
        sb_printf(b, "%s%s %s %s", any ? ", " : "", who, q, mt->uom);
        any = true;
    }
    if (!any) sb_puts(b, "stock (lot surplus)");
}

void report_purchases_text(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    sb_puts(o, "Purchases\n");
    if (!p->purchases.len) {
        sb_puts(o, "  none: stock and open receipts cover every need\n\n");
        return;
    }
    /* where goods are received by a calendar, which one */
    bool receiving = false;
    for (uint32_t k = 0; k < p->purchases.len; k++)
        if (ir->materials[p->purchases.data[k].material].receiving >= 0) receiving = true;
    TextTable t = TEXT_TABLE(receiving ? 8 : 7, receiving ? "lrlllrll" : "lrlllrl");
    const char *h[] = {"material", "qty", "unit", "order on", "arrives", "cost", "received by", "for"};
    for (int i = 0; i < 8; i++)
        if (i != 6 || receiving) tt_cell(&t, h[i]);
    char b1[40], b2[40], b3[64], b4[40];
    StrBuf f = {0};
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        const Purchase *pu = &p->purchases.data[k];
        const IrMaterial *mt = &ir->materials[pu->material];
        fmt_double(b1, sizeof b1, pu->qty);
        fmt_datetime_sp(b2, sizeof b2, pu->order_at);
        fmt_datetime_sp(b3, sizeof b3, pu->arrive);
        view_fmt_money(b4, sizeof b4, pu->qty * mt->cost);
        if (pu->late) strncat(b3, " (late)", sizeof b3 - strlen(b3) - 1);
        f.len = 0;
        served(v, k, &f);
        tt_cell(&t, mt->name);
        tt_cell(&t, b1);
        tt_cell(&t, mt->uom);
        tt_cell(&t, b2);
        tt_cell(&t, b3);
        tt_cell(&t, b4);
        if (receiving) tt_cell(&t, mt->receiving >= 0 ? ir->calendars[mt->receiving].name : "-");
        tt_cell(&t, sb_cstr(&f));
    }
    sb_free(&f);
    tt_print(&t, o);
    for (uint32_t m = 0; m < ir->nmaterials; m++) {
        const IrMaterial *mt = &ir->materials[m];
        if (!mt->consolidate) continue;
        char per[48];
        int64_t c = mt->consolidate;
        if (c % 10080 == 0) snprintf(per, sizeof per, "%lld week%s", (long long)(c / 10080), c == 10080 ? "" : "s");
        else if (c % 1440 == 0) snprintf(per, sizeof per, "%lld d", (long long)(c / 1440));
        else view_fmt_dur(per, sizeof per, (double)c);
        sb_printf(o, "  %s: a need to be ordered within %s of a purchase's order date joins that purchase (consolidate)\n",
                  esc_show(mt->name), per);
    }
    sb_putc(o, '\n');
}

/* Make or buy (docs/planning.md, "Make or buy"): each shortfall of a
 * product that can be bought, made or bought, why, and its purchases. */
void report_sourcing_text(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    if (!p->sourcing.len) return;
    sb_puts(o, "Make or buy\n");
    TextTable t = TEXT_TABLE(9, "llrlrllrl");
    const char *h[] = {"product", "need", "qty", "source", "bought", "order on", "arrives", "cost", "why"};
    for (int i = 0; i < 9; i++) tt_cell(&t, h[i]);
    char b1[40], b2[40], b3[40], b4[40], b5[40];
    StrBuf why = {0};
    for (uint32_t k = 0; k < p->sourcing.len; k++) {
        const Sourcing *c = &p->sourcing.data[k];
        const IrProduct *pr = &ir->products[c->product];
        fmt_double(b1, sizeof b1, c->qty);
        why.len = 0;
        buy_reason(ir, c, &why);
        const char *reason = sb_cstr(&why);
        const char *colon = strchr(reason, ':');
        for (uint32_t j = 0; j < (c->nbuys ? c->nbuys : 1); j++) {
            const Buy *b = c->nbuys ? &p->buys.data[c->first_buy + j] : NULL;
            tt_cell(&t, j ? "" : pr->name);
            tt_cell(&t, j ? "" : c->need);
            tt_cell(&t, j ? "" : b1);
            tt_cell(&t, j ? "" : c->bought ? (pr->buy->supplier ? pr->buy->supplier : "bought") : "made");
            if (b) {
                fmt_double(b2, sizeof b2, b->qty);
                fmt_datetime_sp(b3, sizeof b3, b->order_at);
                fmt_datetime_sp(b4, sizeof b4, b->arrive);
                view_fmt_money(b5, sizeof b5, b->cost);
                if (b->arrive > c->due) strncat(b4, " (late)", sizeof b4 - strlen(b4) - 1);
            }
            tt_cell(&t, b ? b2 : "-");
            tt_cell(&t, b ? b3 : "-");
            tt_cell(&t, b ? b4 : "-");
            tt_cell(&t, b ? b5 : "-");
            tt_cell(&t, j ? "" : colon ? colon + 2 : reason);
        }
    }
    sb_free(&why);
    tt_print(&t, o);
    sb_putc(o, '\n');
}

/* ---- text: load and stock ----------------------------------------------------------------- */
static void load_text(const PlanViews *v, StrBuf *o)
{
    const LoadView *L = &v->load;
    if (!L->nrows) return;
    sb_puts(o, "Capacity load by week (hours: planned; required by the due dates; available)\n");
    TextTable t = TEXT_TABLE(8, "llrrrrrl");
    const char *h[] = {"resource", "week", "planned", "required", "available", "planned %", "required %", ""};
    for (int i = 0; i < 8; i++) tt_cell(&t, h[i]);
    char wk[16], b1[32], b2[32], b3[32], b4[32], b5[32];
    uint32_t idle = 0;
    for (uint32_t i = 0; i < L->nrows; i++) {
        const LoadRow *r = &L->rows[i];
        for (uint32_t w = 0; w < L->nweeks; w++) {
            const LoadCell *c = &r->cells[w];
            if (c->planned <= 0 && c->required <= 0) {
                idle++;
                continue;
            }
            view_week_name(wk, sizeof wk, L->from + (int64_t)w * 7 * 1440);
            hours(b1, sizeof b1, c->planned);
            hours(b2, sizeof b2, c->required);
            hours(b3, sizeof b3, c->available);
            if (c->available > 0) {
                snprintf(b4, sizeof b4, "%.0f%%", 100.0 * c->planned / c->available);
                snprintf(b5, sizeof b5, "%.0f%%", 100.0 * c->required / c->available);
            } else {
                snprintf(b4, sizeof b4, "-");
                snprintf(b5, sizeof b5, "-");
            }
            if (r->kind == RES_POOL) {
                /* a pool is marked as one: its name may be a machine's too */
                StrBuf nb = {0};
                sb_printf(&nb, "%s (pool)", r->name);
                tt_cell(&t, sb_cstr(&nb));
                sb_free(&nb);
            } else
                tt_cell(&t, r->name);
            tt_cell(&t, wk);
            tt_cell(&t, b1);
            tt_cell(&t, b2);
            tt_cell(&t, b3);
            tt_cell(&t, b4);
            tt_cell(&t, b5);
            tt_cell(&t, load_over(c) ? "overloaded" : "");
        }
    }
    tt_print(&t, o);
    if (idle) sb_printf(o, "  (%u resource-weeks without load left out)\n", idle);
    sb_putc(o, '\n');
}

static void stock_text(const PlanViews *v, StrBuf *o)
{
    const StockView *S = &v->stock;
    sb_puts(o, "Stock projection (in each item's unit)\n");
    TextTable t = TEXT_TABLE(13, "llrrrrrrrrrlr");
    const char *h[] = {"item", "unit", "on hand", "receipts", "purchases", "made", "used", "issued", "shipped",
                       "end", "lowest", "lowest on", "safety"};
    for (int i = 0; i < 13; i++) tt_cell(&t, h[i]);
    char b[11][48];
    uint32_t quiet = 0;
    bool any_safety = false;
    for (uint32_t i = 0; i < S->nrows; i++) {
        const StockRow *r = &S->rows[i];
        if (!r->nev && r->onhand <= 0 && r->safety <= 0) {
            quiet++;
            continue;
        }
        qty(b[0], sizeof b[0], r->onhand);
        qty(b[1], sizeof b[1], r->in_receipts);
        qty(b[2], sizeof b[2], r->in_purchases);
        qty(b[3], sizeof b[3], r->in_made);
        qty(b[4], sizeof b[4], r->out_used);
        qty(b[5], sizeof b[5], r->out_issued);
        qty(b[6], sizeof b[6], r->out_shipped);
        qty(b[7], sizeof b[7], r->end);
        qty(b[8], sizeof b[8], r->lowest);
        fmt_datetime_sp(b[9], sizeof b[9], r->lowest_at);
        qty(b[10], sizeof b[10], r->safety);
        tt_cell(&t, r->name);
        tt_cell(&t, r->uom);
        for (int k = 0; k < 11; k++) tt_cell(&t, r->product && k == 10 ? "-" : b[k]);
        any_safety |= r->below_minutes > 0 && r->safety > 0;
    }
    tt_print(&t, o);
    if (quiet) sb_printf(o, "  (%u items without stock or movements left out)\n", quiet);
    for (uint32_t i = 0; i < S->nrows; i++) {
        const StockRow *r = &S->rows[i];
        char b1[40], b2[40];
        if (r->short_qty > 0) {
            qty(b1, sizeof b1, r->short_qty);
            fmt_datetime_sp(b2, sizeof b2, r->short_from);
            sb_printf(o, "  %s is below zero, by up to %s %s, first from %s\n", esc_show(r->name), b1, esc_show(r->uom), b2);
        }
        if (r->below_minutes > 0 && r->safety > 0) {
            view_fmt_dur(b1, sizeof b1, r->below_minutes);
            sb_printf(o, "  %s is below its safety stock for %s", esc_show(r->name), b1);
            fmt_datetime_sp(b2, sizeof b2, r->below_from);
            sb_printf(o, ", first from %s\n", b2);
        }
    }
    (void)any_safety;
    sb_putc(o, '\n');
}

void report_views_text_tail(const PlanViews *v, StrBuf *o)
{
    load_text(v, o);
    stock_text(v, o);
}

/* ---- JSON -------------------------------------------------------------------------------------- */
static void jkey(StrBuf *o, const char *k) { sb_printf(o, "\"%s\": ", k); }
static void jstr(StrBuf *o, const char *k, const char *v)
{
    jkey(o, k);
    esc_json(o, v);
}
static void jnum(StrBuf *o, const char *k, double v)
{
    char b[40];
    fmt_double(b, sizeof b, round(v * 1e6) / 1e6);
    sb_printf(o, "\"%s\": %s", k, b);
}
static void jtime(StrBuf *o, const char *k, int64_t t)
{
    char b[32];
    fmt_datetime(b, sizeof b, t);
    sb_printf(o, "\"%s\": \"%s\"", k, b);
}

static void objective_json(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    static const char *const kinds[] = {"number", "duration", "money"};
    sb_puts(o, ",\n  \"objective\": {\"version\": 1, ");
    jnum(o, "value", p->m.objective);
    sb_puts(o, ", \"terms\": [");
    if (!v->nterms) {
        sb_puts(o, "{");
        jstr(o, "term", "makespan");
        sb_puts(o, ", \"kind\": \"duration\", ");
        jnum(o, "value", p->m.makespan);
        sb_puts(o, "}");
    }
    for (uint32_t i = 0; i < v->nterms; i++) {
        sb_puts(o, i ? ", {" : "{");
        jstr(o, "term", v->terms[i].text);
        sb_printf(o, ", \"kind\": \"%s\", ", kinds[v->terms[i].kind < 3 ? v->terms[i].kind : 0]);
        jnum(o, "sign", p->ir->obj_terms[i].sign);
        sb_puts(o, ", ");
        jnum(o, "value", v->terms[i].value);
        sb_puts(o, "}");
    }
    sb_puts(o, "]}");
}

static void exceptions_json(const PlanViews *v, StrBuf *o)
{
    const IrModel *ir = v->p->ir;
    sb_puts(o, ",\n  \"exceptions\": {\"version\": 1, \"items\": [");
    char where[600];
    for (uint32_t i = 0; i < v->nexc; i++) {
        const Exception *e = &v->exc[i];
        sb_puts(o, i ? ",\n    {" : "\n    {");
        sb_printf(o, "\"kind\": \"%s\", ", exc_kind_name((ExcKind)e->kind));
        jstr(o, "subject", e->subject_name);
        if (e->kind == EXC_LATE_ORDER || e->kind == EXC_LATE_FORECAST)
            sb_printf(o, ", \"cause\": \"%s\"", hold_cause_name((HoldCause)e->cause));
        sb_puts(o, ", ");
        jtime(o, "at", e->at);
        if (e->minutes) sb_puts(o, ", "), jnum(o, "minutes", (double)e->minutes);
        if (e->kind == EXC_SHORT || e->kind == EXC_BELOW_SAFETY || e->kind == EXC_LATE_PURCHASE ||
            e->kind == EXC_BATCH_UNFILLED || e->kind == EXC_BATCH_SPLIT)
            sb_puts(o, ", "), jnum(o, "qty", e->qty);
        if (e->batch >= 0) {
            const PlanBatch *pb = &v->p->batches.data[e->batch];
            sb_printf(o, ", \"unit\": %u, ", pb->unit + 1);
            jtime(o, "cycle_start", pb->start);
        }
        if (e->calendar >= 0) sb_puts(o, ", "), jstr(o, "calendar", ir->calendars[e->calendar].name);
        if (e->machine >= 0) sb_puts(o, ", "), jstr(o, "machine", ir->machines[e->machine].name);
        if (e->material >= 0) sb_puts(o, ", "), jstr(o, "material", ir->materials[e->material].name);
        if (e->pool >= 0) sb_puts(o, ", "), jstr(o, "pool", ir->pools[e->pool].name);
        if (e->week >= 0) {
            char wk[16];
            view_week_name(wk, sizeof wk, e->at);
            sb_printf(o, ", \"week\": \"%s\"", wk);
        }
        sb_puts(o, ", ");
        jstr(o, "message", e->text);
        const char *wh = views_where(v, e->span, where, sizeof where);
        if (wh) {
            /* file and line apart, so a file name with a colon reads back */
            const SourceFile *f = sources_get(v->src, e->span.file);
            uint32_t line, col;
            sources_locate(v->src, e->span.file, e->span.lo, &line, &col);
            sb_puts(o, ", ");
            jstr(o, "file", f->display);
            sb_printf(o, ", \"line\": %u", line);
        }
        sb_puts(o, "}");
    }
    sb_puts(o, v->nexc ? "\n  ]}" : "]}");
}

static void forecasts_json(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    sb_puts(o, ",\n  \"forecasts\": {\"version\": 1, \"items\": [");
    for (uint32_t f = 0; f < p->fcs.len; f++) {
        const FcDemand *fd = &p->fcs.data[f];
        sb_puts(o, f ? ",\n    {" : "\n    {");
        jstr(o, "demand", fd->name);
        sb_puts(o, ", ");
        jstr(o, "product", p->ir->products[fd->product].name);
        sb_puts(o, ", ");
        jnum(o, "qty", fd->qty);
        sb_puts(o, ", ");
        jtime(o, "release", fd->release);
        sb_puts(o, ", ");
        jtime(o, "due", fd->due);
        sb_puts(o, ", ");
        jtime(o, "done", v->fc[f].done);
        sb_puts(o, ", ");
        jnum(o, "lateness_minutes", (double)v->fc[f].lateness);
        sb_puts(o, "}");
    }
    sb_puts(o, p->fcs.len ? "\n  ]}" : "]}");
}

static void load_json(const PlanViews *v, StrBuf *o)
{
    const LoadView *L = &v->load;
    sb_puts(o, ",\n  \"load\": {\"version\": 1, \"unit\": \"minutes\", \"weeks\": [");
    char wk[16];
    for (uint32_t w = 0; w < L->nweeks; w++) {
        int64_t t = L->from + (int64_t)w * 7 * 1440;
        view_week_name(wk, sizeof wk, t);
        sb_printf(o, "%s{\"week\": \"%s\", ", w ? ", " : "", wk);
        jtime(o, "from", t);
        sb_puts(o, "}");
    }
    sb_puts(o, "],\n    \"resources\": [");
    for (uint32_t i = 0; i < L->nrows; i++) {
        const LoadRow *r = &L->rows[i];
        sb_puts(o, i ? ",\n      {" : "\n      {");
        sb_printf(o, "\"kind\": \"%s\", ", res_kind_name(r->kind));
        jstr(o, "name", r->name);
        sb_printf(o, ", \"units\": %u, ", r->units);
        jnum(o, "planned", r->planned);
        sb_puts(o, ", ");
        jnum(o, "required", r->required);
        sb_puts(o, ", ");
        jnum(o, "available", r->available);
        sb_printf(o, ", \"overloaded_weeks\": %u, \"planned_by_week\": [", r->overloaded);
        for (uint32_t w = 0; w < L->nweeks; w++) sb_printf(o, "%s%.10g", w ? ", " : "", r->cells[w].planned);
        sb_puts(o, "], \"required_by_week\": [");
        for (uint32_t w = 0; w < L->nweeks; w++) sb_printf(o, "%s%.10g", w ? ", " : "", r->cells[w].required);
        sb_puts(o, "], \"available_by_week\": [");
        for (uint32_t w = 0; w < L->nweeks; w++) sb_printf(o, "%s%.10g", w ? ", " : "", r->cells[w].available);
        sb_puts(o, "]}");
    }
    sb_puts(o, L->nrows ? "\n    ]}" : "]}");
}

static const char *sev_name(StockEvKind k)
{
    static const char *const names[] = {"receipt", "purchase", "use", "issue", "made", "ship"};
    return (unsigned)k < TK_COUNTOF(names) ? names[k] : "?";
}

/* What a stock event is about: the work order, receipt, order ... */
static const char *sev_ref(const PlanViews *v, const StockRow *r, const StockEvent *e)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    switch ((StockEvKind)e->kind) {
    case SEV_RECEIPT: {
        const char *id = ir->materials[r->item].receipts[e->ref].id;
        return id ? id : "";
    }
    case SEV_PURCHASE: return "";
    case SEV_USE: case SEV_MADE: return p->wos.data[e->ref].name;
    case SEV_ISSUE: {
        const char *id = ir->materials[r->item].issues[e->ref].id;
        return id ? id : "";
    }
    case SEV_SHIP: return e->ref >= 0 ? ir->orders[e->ref].name : p->fcs.data[-2 - e->ref].name;
    }
    return "";
}

static void stock_json(const PlanViews *v, StrBuf *o)
{
    const StockView *S = &v->stock;
    sb_puts(o, ",\n  \"stock\": {\"version\": 1, \"items\": [");
    for (uint32_t i = 0; i < S->nrows; i++) {
        const StockRow *r = &S->rows[i];
        sb_puts(o, i ? ",\n    {" : "\n    {");
        jstr(o, r->product ? "product" : "material", r->name);
        sb_puts(o, ", ");
        jstr(o, "unit", r->uom);
        sb_puts(o, ", ");
        jnum(o, "on_hand", r->onhand);
        if (!r->product) sb_puts(o, ", "), jnum(o, "safety_stock", r->safety);
        sb_puts(o, ", ");
        jnum(o, "receipts", r->in_receipts);
        sb_puts(o, ", ");
        jnum(o, "purchases", r->in_purchases);
        sb_puts(o, ", ");
        jnum(o, "made", r->in_made);
        sb_puts(o, ", ");
        jnum(o, "used", r->out_used);
        sb_puts(o, ", ");
        jnum(o, "issued", r->out_issued);
        sb_puts(o, ", ");
        jnum(o, "shipped", r->out_shipped);
        sb_puts(o, ", ");
        jnum(o, "end", r->end);
        sb_puts(o, ", ");
        jnum(o, "lowest", r->lowest);
        sb_puts(o, ", ");
        jtime(o, "lowest_at", r->lowest_at);
        sb_puts(o, ", ");
        jnum(o, "minutes_below_safety", r->below_minutes);
        if (r->short_qty > 0) {
            sb_puts(o, ", ");
            jnum(o, "short", r->short_qty);
            sb_puts(o, ", ");
            jtime(o, "short_at", r->short_at);
            sb_puts(o, ", ");
            jtime(o, "short_from", r->short_from);
            sb_puts(o, ", ");
            jtime(o, "short_to", r->short_to);
        }
        sb_puts(o, ", \"events\": [");
        for (uint32_t k = 0; k < r->nev; k++) {
            const StockEvent *e = &r->ev[k];
            sb_puts(o, k ? ", {" : "{");
            jtime(o, "at", e->t);
            sb_printf(o, ", \"kind\": \"%s\", ", sev_name((StockEvKind)e->kind));
            jnum(o, "qty", e->qty);
            sb_puts(o, ", ");
            jnum(o, "level", e->level);
            const char *ref = sev_ref(v, r, e);
            if (ref[0]) sb_puts(o, ", "), jstr(o, "ref", ref);
            sb_puts(o, "}");
        }
        sb_puts(o, "]}");
    }
    sb_puts(o, S->nrows ? "\n  ]}" : "]}");
}

void report_views_json(const PlanViews *v, StrBuf *o)
{
    objective_json(v, o);
    exceptions_json(v, o);
    forecasts_json(v, o);
    load_json(v, o);
    stock_json(v, o);
}

void report_sourcing_json(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    if (!p->sourcing.len) return;
    sb_puts(o, ",\n  \"make_or_buy\": [");
    StrBuf why = {0};
    for (uint32_t k = 0; k < p->sourcing.len; k++) {
        const Sourcing *c = &p->sourcing.data[k];
        const IrProduct *pr = &ir->products[c->product];
        sb_puts(o, k ? ",\n    {" : "\n    {");
        jstr(o, "product", pr->name);
        sb_puts(o, ", ");
        jstr(o, "need", c->need);
        sb_puts(o, ", ");
        jnum(o, "qty", c->qty);
        sb_puts(o, ", ");
        jtime(o, "needed", c->due);
        sb_printf(o, ", \"bought\": %s, ", c->bought ? "true" : "false");
        why.len = 0;
        buy_reason(ir, c, &why);
        jstr(o, "reason", sb_cstr(&why));
        if (pr->buy->supplier) sb_puts(o, ", "), jstr(o, "supplier", pr->buy->supplier);
        sb_puts(o, ", \"purchases\": [");
        for (uint32_t j = 0; j < c->nbuys; j++) {
            const Buy *b = &p->buys.data[c->first_buy + j];
            sb_puts(o, j ? ", {" : "{");
            jnum(o, "qty", b->qty);
            sb_puts(o, ", ");
            jtime(o, "order", b->order_at);
            sb_puts(o, ", ");
            jtime(o, "arrive", b->arrive);
            double r = round(b->cost * 100) / 100;
            sb_printf(o, ", \"cost\": %.2f}", r == 0 ? 0 : r);
        }
        sb_puts(o, "]}");
    }
    sb_free(&why);
    sb_puts(o, "\n  ]");
}

void report_purchases_json(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    sb_puts(o, ",\n  \"purchases\": [");
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        const Purchase *pu = &p->purchases.data[k];
        const IrMaterial *mt = &ir->materials[pu->material];
        sb_puts(o, k ? ",\n    {" : "\n    {");
        jstr(o, "material", mt->name);
        sb_puts(o, ", ");
        jnum(o, "qty", pu->qty);
        sb_puts(o, ", ");
        jstr(o, "unit", mt->uom);
        sb_puts(o, ", ");
        jtime(o, "order", pu->order_at);
        sb_puts(o, ", ");
        jtime(o, "arrive", pu->arrive);
        if (pu->need_by != INT64_MAX) sb_puts(o, ", "), jtime(o, "need_by", pu->need_by);
        double r = round(pu->qty * mt->cost * 100) / 100;
        sb_printf(o, ", \"cost\": %.2f, \"late\": %s, ", r == 0 ? 0 : r, pu->late ? "true" : "false");
        if (mt->receiving >= 0) jstr(o, "received_by", ir->calendars[mt->receiving].name);
        else sb_puts(o, "\"received_by\": null");
        sb_puts(o, ", \"for\": [");
        bool first = true;
        for (int32_t i = v->pa_first[k]; i >= 0; i = v->pa_next[i]) {
            const MatAlloc *a = &p->allocs.data[i];
            sb_puts(o, first ? "{" : ", {");
            first = false;
            if (a->wo >= 0) jstr(o, "work_order", p->wos.data[a->wo].name);
            else jstr(o, "need", a->wo == ALLOC_SAFETY ? "safety stock" : "issued");
            sb_puts(o, ", ");
            jnum(o, "qty", a->qty);
            sb_puts(o, "}");
        }
        sb_puts(o, "]}");
    }
    sb_puts(o, p->purchases.len ? "\n  ]" : "]");
}
