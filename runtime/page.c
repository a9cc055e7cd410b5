/* page.c: `takt plan --html PLAN.html` — the plan as one self-contained
 * page: no network (a Content-Security-Policy forbids it, and lets run only
 * the page's own two scripts, by their SHA-256), its own CSS and JavaScript
 * inline (runtime/page/). Without JavaScript it shows the essentials as
 * HTML: the summary and the objective's terms, the exceptions, the weekly
 * capacity load, the stock projection, orders and forecast demand, work
 * orders with their pegging, purchases with the demands they serve, costs,
 * the variance with actuals, and the Gantt chart as SVG (for plans of up to
 * PAGE_SVG_OPS operations). With it, the script (page.js) draws the
 * interactive Gantt chart and charts of load and stock from the data the
 * views computed (page_data.c) — the same figures as the tables, which its
 * self-check compares. Every name is escaped for HTML (esc_html) or for
 * JSON inside a script (esc_json_script). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/esc.h"
#include "page.h"
#include "base64.h"
#include "compiler/sha256.h"

/* Records JavaScript errors (before the page's script runs, so that its own
 * are caught too) where a test can read them: #takt-errors. */
static const char ERRHOOK[] =
    "window.__taktErrors=[];window.addEventListener('error',function(e){window.__taktErrors.push(String(e.message)+"
    "' at '+(e.lineno||0)+':'+(e.colno||0));});window.addEventListener('unhandledrejection',function(e){"
    "window.__taktErrors.push('unhandled rejection: '+String(e.reason));});";

typedef struct Page {
    const PlanViews *v;
    const Plan *p;
    const IrModel *ir;
    StrBuf *o;
    const char *cur;        /* the currency, escaped for HTML */
} Page;

static void h(Page *P, const char *s) { esc_html(P->o, s ? s : ""); }

static void money(Page *P, double x)
{
    char b[64];
    view_fmt_money(b, sizeof b, x);
    sb_puts(P->o, b);
}

static void qty(Page *P, double q)
{
    char b[40];
    double r = round(q * 1e6) / 1e6;
    fmt_double(b, sizeof b, r == 0 ? 0 : r);
    sb_puts(P->o, b);
}

static void when(Page *P, int64_t t)
{
    char b[32];
    fmt_datetime_sp(b, sizeof b, t);
    sb_puts(P->o, b);
}

static void dur(Page *P, double minutes)
{
    char b[40];
    view_fmt_dur(b, sizeof b, minutes);
    sb_puts(P->o, b);
}

/* "… and N more rows: the page's script shows them all" */
static void more_rows(Page *P, uint32_t shown, uint32_t all, uint32_t cols)
{
    if (all <= shown) return;
    sb_printf(P->o, "<tr class=\"more\"><td colspan=\"%u\">%u more rows — the page's script shows all %u; "
                    "<code>takt plan --report</code> lists them too</td></tr>\n",
              cols, all - shown, all);
}

/* A table of n rows is on the page as it is when short. When long, the
 * page's script shows all of it, as a table that builds only the rows in
 * view (in #vt-NAME), and the first PAGE_ROWS rows are inside <noscript>
 * for a browser without JavaScript: a browser that runs the script never
 * lays out thousands of rows it does not show. */
static bool big_open(Page *P, const char *name, bool big)
{
    if (big) sb_printf(P->o, "<div class=\"js-only vt-host\" id=\"vt-%s\"></div><noscript>", name);
    return big;
}
static void big_close(Page *P, bool big)
{
    if (big) sb_puts(P->o, "</noscript>");
}

/* ---- sections ------------------------------------------------------------------------------- */
static void summary(Page *P)
{
    const Plan *p = P->p;
    const Measures *m = &p->m;
    StrBuf *o = P->o;
    sb_puts(o, "<section id=\"summary\"><h2>Summary</h2>\n<dl class=\"summary\">");
    sb_puts(o, "<dt>makespan</dt><dd>");
    dur(P, m->makespan);
    sb_puts(o, " (last operation ends ");
    when(P, m->makespan_end);
    sb_printf(o, ")</dd><dt>orders</dt><dd>%u, <span id=\"late-orders\">%.0f</span> late</dd>", P->ir->norders,
              m->late_orders);
    sb_puts(o, "<dt>tardiness</dt><dd>");
    dur(P, m->tardiness);
    sb_printf(o, " in total</dd><dt>work orders</dt><dd>%u, <span id=\"op-count\">%u</span> operations</dd>",
              p->wos.len, p->ops.len);
    sb_puts(o, "<dt>cost</dt><dd>");
    money(P, m->cost);
    sb_printf(o, " %s (machines ", P->cur);
    money(P, m->machine_cost);
    sb_puts(o, ", materials ");
    money(P, m->material_cost);
    sb_puts(o, ")</dd><dt>penalties</dt><dd>");
    money(P, m->penalty);
    sb_printf(o, " %s</dd><dt>setups</dt><dd>%.0f, ", P->cur, m->setups);
    dur(P, m->setup_time);
    sb_puts(o, " in total</dd>");
    const PlanViews *v = P->v;
    if (v->change.has) {
        /* the change against the reference plan (docs/search.md, "Stability") */
        const ChangeView *c = &v->change;
        char pc[40];
        fmt_double(pc, sizeof pc, c->matched ? round(1000.0 * c->moved / c->matched) / 10 : 0);
        sb_printf(o, "<dt>change</dt><dd id=\"change\"><span id=\"moved\">%.0f</span> of %u operations moved (%s%%) "
                     "against the reference, <span id=\"reassigned\">%.0f</span> to another machine or unit, "
                     "shifted <span id=\"shifted\">",
                  c->moved, c->matched, pc, c->reassigned);
        dur(P, c->shifted);
        sb_printf(o, "</span> in total; %u new</dd>", c->added);
    }
    /* the objective's restricted measures, by name as written */
    for (uint32_t k = 0; k < v->nrestricted; k++) {
        const RestrictedMeasure *x = &v->restricted[k];
        sb_puts(o, "<dt class=\"restricted\">");
        h(P, x->name);
        sb_puts(o, "</dt><dd class=\"restricted\">");
        if (x->kind == TERM_DURATION) dur(P, x->value);
        else if (x->kind == TERM_MONEY) money(P, x->value), sb_printf(o, " %s", P->cur);
        else qty(P, round(x->value * 1000) / 1000);
        sb_puts(o, "</dd>");
    }
    sb_puts(o, "<dt>objective</dt><dd>");
    qty(P, round(m->objective * 1000) / 1000);
    sb_puts(o, "</dd></dl>\n");
    /* the objective's own measures */
    sb_puts(o, "<table class=\"terms\"><caption>Objective: minimize ");
    if (!v->nterms) sb_puts(o, "makespan (the default)");
    for (uint32_t i = 0; i < v->nterms; i++) {
        bool minus = P->ir->obj_terms[i].sign < 0;
        sb_puts(o, i == 0 ? (minus ? "-" : "") : minus ? " - " : " + ");
        h(P, v->terms[i].text);
    }
    sb_puts(o, "</caption><thead><tr><th>term</th><th>value</th><th>in the objective</th></tr></thead><tbody>");
    for (uint32_t i = 0; i < v->nterms; i++) {
        const ObjTerm *t = &v->terms[i];
        double own = t->value * P->ir->obj_terms[i].sign;
        sb_puts(o, "<tr><td>");
        h(P, t->text);
        sb_puts(o, "</td><td class=\"n\">");
        if (t->kind == TERM_DURATION) dur(P, own);
        else if (t->kind == TERM_MONEY) money(P, own), sb_printf(o, " %s", P->cur);
        else qty(P, round(own * 1000) / 1000);
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, round(t->value * 1000) / 1000);
        sb_puts(o, "</td></tr>");
    }
    if (!v->nterms) {
        sb_puts(o, "<tr><td>makespan</td><td class=\"n\">");
        dur(P, m->makespan);
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, m->makespan);
        sb_puts(o, "</td></tr>");
    }
    sb_puts(o, "</tbody></table></section>\n");
}

static void exceptions(Page *P)
{
    const PlanViews *v = P->v;
    StrBuf *o = P->o;
    sb_printf(o, "<section id=\"exceptions\"><h2>Exceptions <span class=\"count\">%u</span></h2>\n", v->nexc);
    if (!v->nexc) {
        sb_puts(o, "<p>None: every order and forecast is on time, every purchase arrives in time, no stock runs "
                   "short or below its safety stock, and no week is overloaded.</p></section>\n");
        return;
    }
    bool big = big_open(P, "exc", v->nexc > PAGE_BASE_ROWS);
    sb_puts(o, "<table id=\"exc-table\" class=\"list\"><thead><tr><th>kind</th><th>what</th><th>cause</th>"
               "<th>why</th><th>where</th></tr></thead><tbody>\n");
    char where[600];
    uint32_t n = v->nexc < PAGE_ROWS ? v->nexc : PAGE_ROWS;
    for (uint32_t i = 0; i < n; i++) {
        const Exception *e = &v->exc[i];
        bool demand = e->kind == EXC_LATE_ORDER || e->kind == EXC_LATE_FORECAST;
        sb_printf(o, "<tr class=\"exc %s\"><td>%s</td><td>", exc_kind_name((ExcKind)e->kind),
                  exc_kind_title((ExcKind)e->kind));
        h(P, e->subject_name);
        sb_printf(o, "</td><td>%s</td><td>", demand ? hold_cause_name((HoldCause)e->cause) : "");
        h(P, e->text);
        sb_puts(o, "</td><td>");
        const char *wh = views_where(v, e->span, where, sizeof where);
        if (wh) h(P, wh);
        sb_puts(o, "</td></tr>\n");
    }
    more_rows(P, n, v->nexc, 5);
    sb_puts(o, "</tbody></table>");
    big_close(P, big);
    sb_puts(o, "</section>\n");
}

static void gantt(Page *P)
{
    const Plan *p = P->p;
    StrBuf *o = P->o;
    sb_puts(o, "<section id=\"gantt\"><h2>Gantt chart</h2>\n"
               "<div id=\"gantt-app\" class=\"js-only\"></div>\n<noscript>");
    if (p->ops.len <= PAGE_SVG_OPS) {
        sb_puts(o, "<div class=\"svg-wrap\">");
        gantt_write_svg(p, o);
        sb_puts(o, "</div>");
    } else
        sb_printf(o, "<p>A chart of %u operations needs the page's script; <code>takt plan --gantt FILE.svg</code> "
                     "draws it as SVG.</p>",
                  p->ops.len);
    sb_puts(o, "</noscript></section>\n");
}

/* The weekly load as a table: a row per resource, a column per week; each
 * cell the planned load in percent of the available hours, shaded by it,
 * its figures in its title and data attributes (minutes). */
static void load(Page *P)
{
    const LoadView *L = &P->v->load;
    StrBuf *o = P->o;
    char wk[16];
    sb_puts(o, "<section id=\"load\"><h2>Capacity load by week</h2>\n"
               "<p class=\"note\">Each week's planned work in percent of the hours its calendar makes available; "
               "<span class=\"over-mark\">overloaded</span>: the work the plan or its due dates put in the week "
               "(each operation from its latest start, work past due in the week of now) is more than available.</p>\n"
               "<div id=\"load-app\" class=\"js-only\"></div>\n");
    bool big = big_open(P, "load", L->nrows > PAGE_BASE_ROWS || (uint64_t)L->nrows * L->nweeks > 8000);
    sb_puts(o, "<div class=\"scroll\"><table id=\"load-table\" class=\"heat\"><thead><tr><th>resource</th><th>units</th>");
    for (uint32_t w = 0; w < L->nweeks; w++) {
        view_week_name(wk, sizeof wk, L->from + (int64_t)w * 7 * 1440);
        sb_printf(o, "<th>%s</th>", wk + 5);
    }
    sb_puts(o, "</tr></thead><tbody>\n");
    uint32_t n = L->nrows < PAGE_ROWS ? L->nrows : PAGE_ROWS;
    for (uint32_t i = 0; i < n; i++) {
        const LoadRow *r = &L->rows[i];
        sb_printf(o, "<tr data-row=\"%u\"%s><th>", i, r->kind == RES_POOL ? " class=\"pool\"" : "");
        h(P, r->name);
        if (r->kind == RES_POOL) sb_puts(o, " <span class=\"muted\">(pool)</span>");
        sb_printf(o, "</th><td class=\"n\">%u</td>", r->units);
        for (uint32_t w = 0; w < L->nweeks; w++) {
            const LoadCell *c = &r->cells[w];
            double pct = c->available > 0 ? 100.0 * c->planned / c->available : (c->planned > 0 ? 999 : 0);
            int bucket = pct <= 0 ? 0 : pct >= 100 ? 10 : 1 + (int)(pct / 11);
            /* title: hours planned / asked for by the due dates / available */
            sb_printf(o, "<td class=\"h%d%s\" title=\"%.1f/%.1f/%.1f h\">", bucket, load_over(c) ? " over" : "",
                      c->planned / 60, c->required / 60, c->available / 60);
            if (c->available > 0) sb_printf(o, "%.0f%%", pct);
            else if (c->planned > 0) sb_puts(o, "!");
            sb_puts(o, "</td>");
        }
        sb_puts(o, "</tr>\n");
    }
    more_rows(P, n, L->nrows, 2 + L->nweeks);
    sb_puts(o, "</tbody></table></div>");
    big_close(P, big);
    sb_puts(o, "<p class=\"note\">A cell's title: hours planned / asked for by the due dates / available.</p></section>\n");
}

static void stock(Page *P)
{
    const StockView *S = &P->v->stock;
    StrBuf *o = P->o;
    sb_puts(o, "<section id=\"stock\"><h2>Stock projection</h2>\n<div id=\"stock-app\" class=\"js-only\"></div>\n");
    bool big = big_open(P, "stock", S->nrows > PAGE_BASE_ROWS);
    sb_puts(o, "<table id=\"stock-table\" class=\"list\"><thead><tr><th>item</th><th>unit</th><th>on hand</th>"
               "<th>receipts</th><th>purchases</th><th>made</th><th>used</th><th>issued</th><th>shipped</th>"
               "<th>end</th><th>lowest</th><th>lowest on</th><th>safety stock</th><th>below it</th></tr></thead>"
               "<tbody>\n");
    uint32_t shown = 0;
    for (uint32_t i = 0; i < S->nrows && shown < PAGE_ROWS; i++) {
        const StockRow *r = &S->rows[i];
        shown++;
        sb_printf(o, "<tr data-item=\"%u\" class=\"%s%s\"><td>", i, r->short_qty > 0 ? "short" : "",
                  r->below_minutes > 0 && r->safety > 0 ? " below" : "");
        h(P, r->name);
        sb_puts(o, "</td><td>");
        h(P, r->uom);
        double f[] = {r->onhand, r->in_receipts, r->in_purchases, r->in_made, r->out_used, r->out_issued,
                      r->out_shipped};
        for (int k = 0; k < 7; k++) sb_puts(o, "</td><td class=\"n\">"), qty(P, f[k]);
        sb_printf(o, "</td><td class=\"n end\" data-end=\"%.10g\">", r->end);
        qty(P, r->end);
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, r->lowest);
        sb_puts(o, "</td><td>");
        when(P, r->lowest_at);
        sb_puts(o, "</td><td class=\"n\">");
        if (r->product) sb_puts(o, "-");
        else qty(P, r->safety);
        sb_puts(o, "</td><td class=\"n\">");
        if (r->below_minutes > 0 && r->safety > 0) dur(P, r->below_minutes);
        sb_puts(o, "</td></tr>\n");
    }
    more_rows(P, shown, S->nrows, 14);
    sb_puts(o, "</tbody></table>");
    big_close(P, big);
    sb_puts(o, "</section>\n");
}

static void orders(Page *P)
{
    const Plan *p = P->p;
    const IrModel *ir = P->ir;
    StrBuf *o = P->o;
    sb_puts(o, "<section id=\"orders\"><h2>Orders</h2>\n");
    bool big = big_open(P, "ord", ir->norders > PAGE_BASE_ROWS);
    sb_puts(o, "<table id=\"order-table\" class=\"list\"><thead><tr>"
               "<th>order</th><th>product</th><th>qty</th><th>due</th><th>done</th><th>lateness</th><th>cost</th>"
               "<th>penalty</th></tr></thead><tbody>\n");
    uint32_t n = ir->norders < PAGE_ROWS ? ir->norders : PAGE_ROWS;
    for (uint32_t i = 0; i < n; i++) {
        const IrOrder *r = &ir->orders[i];
        const OrderResult *res = &p->orders[i];
        sb_printf(o, "<tr%s><td>", res->lateness > 0 ? " class=\"late\"" : "");
        h(P, r->name);
        sb_puts(o, "</td><td>");
        h(P, ir->products[r->product].name);
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, r->qty);
        sb_puts(o, "</td><td>");
        when(P, r->due);
        sb_puts(o, "</td><td>");
        when(P, res->done);
        sb_puts(o, "</td><td class=\"n\">");
        if (res->lateness > 0) dur(P, (double)res->lateness);
        else sb_puts(o, "on time");
        sb_puts(o, "</td><td class=\"n\">");
        money(P, P->v->cost.order_cost[i]);
        sb_puts(o, "</td><td class=\"n\">");
        money(P, res->lateness > 0 ? (double)res->lateness * r->penalty : 0);
        sb_puts(o, "</td></tr>\n");
    }
    more_rows(P, n, ir->norders, 8);
    sb_puts(o, "</tbody></table>\n");
    big_close(P, big);
    if (p->fcs.len) {
        sb_puts(o, "<h3>Forecast demand</h3>\n");
        bool bigf = big_open(P, "fc", p->fcs.len > PAGE_BASE_ROWS);
        sb_puts(o, "<table class=\"list\"><thead><tr><th>demand</th><th>product</th>"
                   "<th>qty</th><th>due</th><th>done</th><th>lateness</th></tr></thead><tbody>\n");
        uint32_t nf = p->fcs.len < PAGE_ROWS ? p->fcs.len : PAGE_ROWS;
        for (uint32_t f = 0; f < nf; f++) {
            const FcDemand *fd = &p->fcs.data[f];
            const FcResult *res = &P->v->fc[f];
            sb_printf(o, "<tr%s><td>", res->lateness > 0 ? " class=\"late\"" : "");
            h(P, fd->name);
            sb_puts(o, "</td><td>");
            h(P, ir->products[fd->product].name);
            sb_puts(o, "</td><td class=\"n\">");
            qty(P, fd->qty);
            sb_puts(o, "</td><td>");
            when(P, fd->due);
            sb_puts(o, "</td><td>");
            when(P, res->done);
            sb_puts(o, "</td><td class=\"n\">");
            if (res->lateness > 0) dur(P, (double)res->lateness);
            else sb_puts(o, "on time");
            sb_puts(o, "</td></tr>\n");
        }
        more_rows(P, nf, p->fcs.len, 6);
        sb_puts(o, "</tbody></table>\n");
        big_close(P, bigf);
    }
    sb_puts(o, "</section>\n");
}

/* Work orders with their pegging: what they are for, their parent, and
 * the work orders that make their components. */
static void work_orders(Page *P)
{
    const Plan *p = P->p;
    const IrModel *ir = P->ir;
    StrBuf *o = P->o;
    sb_printf(o, "<section id=\"workorders\"><h2>Work orders <span class=\"count\">%u</span></h2>\n"
                 "<div id=\"wo-app\" class=\"js-only\"></div>\n<noscript><table class=\"list\"><thead><tr>"
                 "<th>work order</th><th>product</th><th>qty</th><th>start</th><th>end</th><th>due</th><th>for</th>"
                 "<th>parent</th><th>components from</th></tr></thead><tbody>\n",
              p->wos.len);
    uint32_t n = p->wos.len < PAGE_ROWS ? p->wos.len : PAGE_ROWS;
    for (uint32_t i = 0; i < n; i++) {
        const WorkOrder *w = &p->wos.data[i];
        sb_puts(o, "<tr><td>");
        h(P, w->name);
        sb_puts(o, "</td><td>");
        h(P, ir->products[w->product].name);
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, w->qty);
        sb_puts(o, "</td><td>");
        if (w->start >= 0) when(P, w->start);
        sb_puts(o, "</td><td>");
        if (w->end >= 0) when(P, w->end);
        sb_puts(o, "</td><td>");
        when(P, w->due);
        sb_puts(o, "</td><td>");
        if (w->order >= 0) h(P, ir->orders[w->order].name);
        sb_puts(o, "</td><td>");
        if (w->parent >= 0) h(P, p->wos.data[w->parent].name);
        sb_puts(o, "</td><td>");
        for (uint32_t k = 0; k < w->nsupplies; k++) {
            if (k) sb_puts(o, ", ");
            h(P, p->wos.data[w->supplies[k]].name);
        }
        sb_puts(o, "</td></tr>\n");
    }
    more_rows(P, n, p->wos.len, 9);
    sb_puts(o, "</tbody></table></noscript></section>\n");
}

static void purchases(Page *P)
{
    const PlanViews *v = P->v;
    const Plan *p = P->p;
    const IrModel *ir = P->ir;
    StrBuf *o = P->o;
    sb_printf(o, "<section id=\"purchases\"><h2>Purchases <span class=\"count\">%u</span></h2>\n", p->purchases.len);
    bool big = big_open(P, "pu", p->purchases.len > PAGE_BASE_ROWS);
    sb_puts(o, "<table id=\"pu-table\" class=\"list\"><thead><tr><th>material</th><th>qty</th><th>unit</th>"
               "<th>order on</th><th>arrives</th><th>cost</th><th>for</th></tr></thead><tbody>\n");
    uint32_t n = p->purchases.len < PAGE_ROWS ? p->purchases.len : PAGE_ROWS;
    for (uint32_t k = 0; k < n; k++) {
        const Purchase *pu = &p->purchases.data[k];
        const IrMaterial *mt = &ir->materials[pu->material];
        sb_printf(o, "<tr%s><td>", pu->late ? " class=\"late\"" : "");
        h(P, mt->name);
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, pu->qty);
        sb_puts(o, "</td><td>");
        h(P, mt->uom);
        sb_puts(o, "</td><td>");
        when(P, pu->order_at);
        sb_puts(o, "</td><td>");
        when(P, pu->arrive);
        if (pu->late) sb_puts(o, " (late)");
        sb_puts(o, "</td><td class=\"n\">");
        money(P, pu->qty * mt->cost);
        sb_puts(o, "</td><td>");
        bool any = false;
        for (int32_t a = v->pa_first[k]; a >= 0; a = v->pa_next[a]) {
            const MatAlloc *al = &p->allocs.data[a];
            if (any) sb_puts(o, ", ");
            any = true;
            h(P, al->wo >= 0 ? p->wos.data[al->wo].name : al->wo == ALLOC_SAFETY ? "safety stock" : "issued");
            sb_putc(o, ' ');
            qty(P, al->qty);
        }
        if (!any) sb_puts(o, "stock (lot surplus)");
        sb_puts(o, "</td></tr>\n");
    }
    more_rows(P, n, p->purchases.len, 7);
    sb_puts(o, "</tbody></table>");
    big_close(P, big);
    sb_puts(o, "</section>\n");
}

static void costs(Page *P)
{
    const CostView *C = &P->v->cost;
    const IrModel *ir = P->ir;
    const Plan *p = P->p;
    StrBuf *o = P->o;
    sb_printf(o, "<section id=\"costs\"><h2>Costs (%s)</h2>\n<h3>Standard cost per piece</h3>\n", P->cur);
    bool big = big_open(P, "std", ir->nproducts > PAGE_BASE_ROWS);
    sb_puts(o, "<table class=\"list\"><thead><tr><th>product</th><th>material</th><th>run</th><th>setup</th>"
               "<th>total</th></tr></thead><tbody>\n");
    uint32_t n = ir->nproducts < PAGE_ROWS ? ir->nproducts : PAGE_ROWS;
    for (uint32_t i = 0; i < n; i++) {
        const StdCost *c = &C->std[i];
        sb_puts(o, "<tr><td>");
        h(P, ir->products[i].name);
        double f[] = {c->material, c->run, c->setup, c->material + c->run + c->setup};
        for (int k = 0; k < 4; k++) sb_puts(o, "</td><td class=\"n\">"), money(P, f[k]);
        sb_puts(o, "</td></tr>\n");
    }
    more_rows(P, n, ir->nproducts, 5);
    sb_puts(o, "</tbody></table>\n");
    big_close(P, big);
    bool bigm = big_open(P, "mach", ir->nmachines > PAGE_BASE_ROWS);
    sb_puts(o, "<table class=\"list\"><caption>Machines</caption><thead><tr><th>machine</th>"
               "<th>units</th><th>operations</th><th>busy</th><th>available</th><th>utilisation</th><th>cost</th>"
               "</tr></thead><tbody>\n");
    uint32_t nm = ir->nmachines < PAGE_ROWS ? ir->nmachines : PAGE_ROWS;
    for (uint32_t i = 0; i < nm; i++) {
        const MachineUse *u = &C->mach[i];
        sb_puts(o, "<tr><td>");
        h(P, ir->machines[i].name);
        sb_printf(o, "</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">", ir->machines[i].units,
                  u->ops);
        dur(P, u->busy);
        sb_puts(o, "</td><td class=\"n\">");
        dur(P, u->available);
        sb_puts(o, "</td><td class=\"n\">");
        if (u->available > 0) sb_printf(o, "%.1f%%", 100.0 * u->busy / u->available);
        else sb_puts(o, "-");
        sb_puts(o, "</td><td class=\"n\">");
        money(P, u->cost);
        sb_puts(o, "</td></tr>\n");
    }
    more_rows(P, nm, ir->nmachines, 7);
    sb_puts(o, "</tbody></table>\n");
    big_close(P, bigm);
    (void)p;
    sb_puts(o, "</section>\n");
}

/* With actuals: standard against actual per work order, and the total.
 * Every percentage is the variance in percent of the standard cost of the
 * same operations (docs/actuals.md). */
static void variance(Page *P)
{
    const PlanViews *v = P->v;
    if (!v->has_variance) return;
    const VarianceReport *vr = &v->var;
    const Plan *p = P->p;
    const IrModel *ir = P->ir;
    StrBuf *o = P->o;
    sb_printf(o, "<section id=\"variance\"><h2>Actuals and variance (%s)</h2>\n<p>As of ", P->cur);
    when(P, ir->now >= 0 ? ir->now : ir->start);
    sb_printf(o, ": %u operations done, %u running; cost to date ", vr->done, vr->running);
    money(P, vr->to_date);
    sb_puts(o, ", to complete ");
    money(P, vr->to_complete);
    sb_puts(o, ", at completion ");
    money(P, vr->to_date + vr->to_complete);
    sb_puts(o, ". Variance is actual less standard; its percentage is of the standard cost of the same operations "
               "(machine, setup and material).</p>\n<table class=\"list\"><thead><tr><th>work order</th><th>good</th>"
               "<th>scrap</th><th>standard</th><th>actual</th><th>scrap cost</th><th>variance</th><th>%</th></tr>"
               "</thead><tbody>\n");
    uint32_t shown = 0;
    for (uint32_t i = 0; i <= p->wos.len && shown < PAGE_ROWS; i++) {
        const Variance *x = i < p->wos.len ? &vr->by_wo[i] : &vr->total;
        if (i < p->wos.len && (!vr->reported[i] || !x->ops)) continue;
        shown++;
        double std = x->std_machine + x->std_setup_cost + x->std_material;
        double act = x->act_machine + x->act_setup_cost + x->act_material;
        sb_printf(o, "<tr%s><td>", i == p->wos.len ? " class=\"total\"" : "");
        h(P, i < p->wos.len ? p->wos.data[i].name : "total");
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, x->good);
        sb_puts(o, "</td><td class=\"n\">");
        qty(P, x->scrap);
        double f[] = {std, act, x->scrap_cost, act - std};
        for (int k = 0; k < 4; k++) sb_puts(o, "</td><td class=\"n\">"), money(P, f[k]);
        sb_puts(o, "</td><td class=\"n\">");
        if (std > 1e-9) sb_printf(o, "%+.1f%%", 100.0 * (act - std) / std);
        else sb_puts(o, "-");
        sb_puts(o, "</td></tr>\n");
    }
    sb_puts(o, "</tbody></table></section>\n");
}

/* ---- the page ---------------------------------------------------------------------------------- */
static void csp_hash(StrBuf *o, const void *s, size_t n)
{
    uint8_t d[32];
    char b[48];
    sha256(s, n, d);
    base64(d, 32, b);
    sb_printf(o, " 'sha256-%s'", b);
}

void page_write_html(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    StrBuf cur = {0};
    esc_html(&cur, ir->currency);
    Page P = {v, p, ir, o, sb_cstr(&cur)};
    ChartKeys K;
    chart_keys(p, &K);
    int64_t t0 = ir->start;
    for (uint32_t i = 0; i < p->ops.len; i++)
        if (p->ops.data[i].machine >= 0 && p->ops.data[i].start < t0) t0 = p->ops.data[i].start;

    sb_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src");
    csp_hash(o, ERRHOOK, sizeof ERRHOOK - 1);
    csp_hash(o, takt_page_js, takt_page_js_len);
    sb_puts(o, "; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"takt plan\">\n<title>Plan for ");
    h(&P, ir->plant_name && ir->plant_name[0] ? ir->plant_name : "the plant");
    if (ir->scenario) {
        sb_puts(o, ", scenario ");
        h(&P, ir->scenario);
    }
    sb_puts(o, "</title>\n<style>");
    sb_putn(o, (const char *)takt_page_css, takt_page_css_len);
    sb_puts(o, "</style>\n</head>\n<body>\n<header><h1>Plan for ");
    h(&P, ir->plant_name && ir->plant_name[0] ? ir->plant_name : "the plant");
    if (ir->scenario) {
        /* a plan of a scenario says which, where it is seen first */
        sb_puts(o, " <span class=\"scenario\" id=\"scenario\">scenario ");
        h(&P, ir->scenario);
        sb_puts(o, "</span>");
    }
    sb_puts(o, "</h1><p>");
    when(&P, ir->start);
    sb_puts(o, " to ");
    when(&P, ir->end);
    if (ir->nactuals > 0 || ir->now >= 0) {
        sb_puts(o, "; re-planned as of ");
        when(&P, plan_now(ir));
    }
    sb_puts(o, "</p></header>\n<nav><a href=\"#summary\">Summary</a>");
    if (v->scenarios_html) sb_puts(o, "<a href=\"#scenarios\">Scenarios</a>");
    sb_puts(o, "<a href=\"#exceptions\">Exceptions</a>"
               "<a href=\"#gantt\">Gantt</a><a href=\"#load\">Load</a><a href=\"#stock\">Stock</a>"
               "<a href=\"#orders\">Orders</a><a href=\"#workorders\">Work orders</a>"
               "<a href=\"#purchases\">Purchases</a><a href=\"#costs\">Costs</a>");
    if (v->has_variance) sb_puts(o, "<a href=\"#variance\">Variance</a>");
    sb_puts(o, "</nav>\n<main>\n");
    summary(&P);
    if (v->scenarios_html) {
        /* the plan beside plans of scenarios, its differences marked */
        sb_puts(o, "<section id=\"scenarios\"><h2>Scenarios</h2>\n");
        sb_puts(o, v->scenarios_html);
        sb_puts(o, "</section>\n");
    }
    exceptions(&P);
    gantt(&P);
    load(&P);
    stock(&P);
    orders(&P);
    work_orders(&P);
    purchases(&P);
    costs(&P);
    variance(&P);
    sb_puts(o, "</main>\n<footer>Written by takt plan. Times are plant time.</footer>\n"
               "<pre id=\"takt-selfcheck\" hidden></pre><pre id=\"takt-errors\" hidden></pre>"
               "<pre id=\"takt-bench\" hidden></pre>\n<script type=\"application/json\" id=\"takt-data\">");
    page_data(v, t0, &K, o);
    sb_puts(o, "</script>\n<script>");
    sb_puts(o, ERRHOOK);
    sb_puts(o, "</script>\n<script>");
    sb_putn(o, (const char *)takt_page_js, takt_page_js_len);
    sb_puts(o, "</script>\n</body>\n</html>\n");
    chart_keys_free(&K);
    sb_free(&cur);
}
