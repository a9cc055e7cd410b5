/* report.c: the plan report, as text for people and JSON for tools: the
 * summary, every customer order with its completion and lateness, what held
 * up the late ones, the work orders, the purchase plan and the cost report —
 * standard cost per product rolled up through the BOM, the plan's cost by
 * order and by machine, penalties and machine utilisation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "report_flow.h"
#include "text_table.h"
#include "views.h"

#define EPS_MONEY 1e-9

/* ---- formatting ----------------------------------------------------------------- */
static void fmt_dur(char *b, size_t n, double minutes) { view_fmt_dur(b, n, minutes); }

static void fmt_when(char *b, size_t n, int64_t t)
{
    fmt_datetime_sp(b, n, t);
}

static void fmt_money(char *b, size_t n, double v) { view_fmt_money(b, n, v); }

/* A row of the Machines or Resources table: units, operations, time busy
 * (held), available, utilisation and cost. */
static void use_row(TextTable *t, const char *name, uint32_t units, const MachineUse *u)
{
    char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
    snprintf(b1, sizeof b1, "%u", units);
    snprintf(b2, sizeof b2, "%u", u->ops);
    fmt_dur(b3, sizeof b3, u->busy);
    fmt_dur(b4, sizeof b4, u->available);
    if (u->available > 0) snprintf(b5, sizeof b5, "%.1f%%", 100.0 * u->busy / u->available);
    else snprintf(b5, sizeof b5, "-");
    fmt_money(b6, sizeof b6, u->cost);
    const char *row[] = {name, b1, b2, b3, b4, b5, b6};
    tt_row(t, row);
}

static const Plan *cmp_plan;
static int order_name_cmp(const void *a, const void *b)
{
    return strcmp(cmp_plan->ir->orders[*(const uint32_t *)a].name, cmp_plan->ir->orders[*(const uint32_t *)b].name);
}
static int wo_name_cmp(const void *a, const void *b)
{
    return strcmp(cmp_plan->wos.data[*(const uint32_t *)a].name, cmp_plan->wos.data[*(const uint32_t *)b].name);
}

static uint32_t *order_index(const Plan *p)
{
    uint32_t n = p->ir->norders;
    uint32_t *ix = tk_xalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) ix[i] = i;
    cmp_plan = p;
    qsort(ix, n, sizeof(uint32_t), order_name_cmp);
    return ix;
}

static uint32_t *wo_index(const Plan *p)
{
    uint32_t n = p->wos.len;
    uint32_t *ix = tk_xalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) ix[i] = i;
    cmp_plan = p;
    qsort(ix, n, sizeof(uint32_t), wo_name_cmp);
    return ix;
}


/* ---- subcontracting ------------------------------------------------------------ */
static void subcontracts_text(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    uint32_t n;
    uint32_t *ix = plan_subcontracted(p, &n);
    if (n) {
        sb_printf(o, "Subcontracting (%s)\n", esc_show(ir->currency));
        TextTable t = TEXT_TABLE(7, "lllrllr");
        const char *h[] = {"subcontractor", "work order", "operation", "qty", "send", "back", "cost"};
        tt_row(&t, h);
        StrBuf nb = {0};
        char b1[32], b2[32], b3[32], b4[48];
        for (uint32_t k = 0; k < n; k++) {
            const Op *op = &p->ops.data[ix[k]];
            fmt_double(b1, sizeof b1, op->qty);
            fmt_when(b2, sizeof b2, op->start);
            fmt_when(b3, sizeof b3, op->end);
            fmt_money(b4, sizeof b4, op->cost);
            const char *row[] = {ir->machines[op->machine].name, p->wos.data[op->wo].name, plan_op_step_name(p, op, &nb), b1, b2,
                                 b3, b4};
            tt_row(&t, row);
        }
        sb_free(&nb);
        tt_print(&t, o);
        sb_putc(o, '\n');
    }
    tk_free(ix);
}

static void jstr(StrBuf *o, const char *key, const char *v);
static void jnum(StrBuf *o, const char *key, double v);
static void jmoney(StrBuf *o, const char *key, double v);
static void jtime(StrBuf *o, const char *key, int64_t t);

static void subcontracts_json(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    uint32_t n;
    uint32_t *ix = plan_subcontracted(p, &n);
    if (n) {
        StrBuf nb = {0};
        sb_puts(o, ",\n  \"subcontracts\": [");
        for (uint32_t k = 0; k < n; k++) {
            const Op *op = &p->ops.data[ix[k]];
            sb_puts(o, k ? ",\n    {" : "\n    {");
            jstr(o, "subcontractor", ir->machines[op->machine].name);
            sb_puts(o, ", ");
            jstr(o, "work_order", p->wos.data[op->wo].name);
            sb_puts(o, ", ");
            jstr(o, "operation", plan_op_step_name(p, op, &nb));
            sb_puts(o, ", ");
            jnum(o, "qty", op->qty);
            sb_puts(o, ", ");
            jtime(o, "send", op->start);
            sb_puts(o, ", ");
            jtime(o, "back", op->end);
            sb_puts(o, ", ");
            jmoney(o, "cost", op->cost);
            sb_puts(o, "}");
        }
        sb_puts(o, "\n  ]");
        sb_free(&nb);
    }
    tk_free(ix);
}

/* ---- actuals and variance ------------------------------------------------------- */
static double vstd(const Variance *x) { return x->std_machine + x->std_setup_cost + x->std_material; }
static double vact(const Variance *x) { return x->act_machine + x->act_setup_cost + x->act_material; }

static void pair_dur(char *b, size_t n, double s, double a)
{
    char x[32], y[32];
    fmt_dur(x, sizeof x, s);
    fmt_dur(y, sizeof y, a);
    snprintf(b, n, "%s / %s", x, y);
}

static void pair_money(char *b, size_t n, double s, double a)
{
    char x[40], y[40];
    fmt_money(x, sizeof x, s);
    fmt_money(y, sizeof y, a);
    snprintf(b, n, "%s / %s", x, y);
}

static void pct(char *b, size_t n, double act, double std)
{
    if (std > EPS_MONEY) snprintf(b, n, "%+.1f%%", 100.0 * (act - std) / std);
    else snprintf(b, n, "-");
}

/* One row of a variance table: name, product (or NULL), then the figures. */
static void var_row(TextTable *t, const char *name, const char *product, const Variance *x, bool material)
{
    char c[10][96];
    uint32_t k = 0;
    const char *row[12];
    row[k] = name, k++;
    if (product) row[k] = product, k++;
    snprintf(c[0], sizeof c[0], "%g", x->good);
    snprintf(c[1], sizeof c[1], "%g", x->scrap);
    pair_dur(c[2], sizeof c[2], x->std_setup, x->act_setup);
    pair_dur(c[3], sizeof c[3], x->std_run, x->act_run);
    pair_money(c[4], sizeof c[4], x->std_machine, x->act_machine);
    pair_money(c[5], sizeof c[5], x->std_setup_cost, x->act_setup_cost);
    pair_money(c[6], sizeof c[6], x->std_material, x->act_material);
    fmt_money(c[7], sizeof c[7], x->scrap_cost);
    fmt_money(c[8], sizeof c[8], vact(x) - vstd(x));
    pct(c[9], sizeof c[9], vact(x), vstd(x));
    for (int i = 0; i < 10; i++) {
        if (i == 6 && !material) continue;
        row[k++] = c[i];
    }
    tt_row(t, row);
}

static void variance_text(const PlanViews *views, StrBuf *o)
{
    const Plan *p = views->p;
    const IrModel *ir = p->ir;
    const VarianceReport *vr = &views->var;
    char b1[64], b2[64], b3[64];
    fmt_when(b1, sizeof b1, ir->now >= 0 ? ir->now : ir->start);
    sb_printf(o, "Actuals and variance (%s), as of %s\n", esc_show(ir->currency), b1);
    sb_printf(o, "  operations    %u done, %u running\n", vr->done, vr->running);
    /* cycles of batch machines reported whole: each with its members, its
     * time and its cost, shared among their pieces */
    for (uint32_t b = 0; b < p->batches.len; b++) {
        const PlanBatch *pb = &p->batches.data[b];
        if (!pb->cycle || pb->cycle > ir->ncycles) continue;
        const IrCycle *rc = &ir->cycles[pb->cycle - 1];
        double pieces = 0;
        for (uint32_t k = 0; k < pb->n; k++) pieces += p->batch_parts.data[pb->first + k].qty;
        char q[32];
        fmt_double(q, sizeof q, pieces);
        fmt_when(b1, sizeof b1, pb->start);
        fmt_when(b2, sizeof b2, pb->end);
        fmt_money(b3, sizeof b3, pb->cost);
        sb_printf(o, "  cycle         %s #%u", esc_show(ir->machines[pb->machine].name), pb->unit + 1);
        if (rc->ref) sb_printf(o, " \"%s\"", esc_show(rc->ref));
        sb_printf(o, " %s, %s to %s: %u member%s, %s pieces, %s shared by pieces\n", pb->actual == ACT_DONE ? "done" : "running",
                  b1, b2, pb->n, pb->n == 1 ? "" : "s", q, b3);
    }
    fmt_money(b1, sizeof b1, vr->to_date);
    fmt_money(b2, sizeof b2, vr->to_complete);
    fmt_money(b3, sizeof b3, vr->to_date + vr->to_complete);
    sb_printf(o, "  cost          %s to date, %s to complete, %s at completion\n", b1, b2, b3);
    for (uint32_t m = 0; m < ir->nmaterials; m++)
        for (uint32_t k = 0; k < ir->materials[m].nissues; k++) {
            const IrMaterial *mt = &ir->materials[m];
            const IrReceipt *is = &mt->issues[k];
            char q[32];
            fmt_double(q, sizeof q, is->qty);
            fmt_when(b1, sizeof b1, is->at);
            fmt_money(b2, sizeof b2, is->qty * mt->cost);
            sb_printf(o, "  issued        %s %s %s on %s (%s)%s%s\n", esc_show(mt->name), q, esc_show(mt->uom), b1, b2,
                      is->id ? ": " : "", is->id ? esc_show(is->id) : "");
        }
    sb_puts(o, "  (standard / actual for the operations done; variance = actual - standard;\n"
               "   % = variance / standard cost: machine + setup cost + material, docs/actuals.md)\n\n");
    uint32_t *wi = wo_index(p);
    {
        sb_puts(o, "Variance by work order\n");
        TextTable t = TEXT_TABLE(12, "llrrrrrrrrrr");
        const char *h[] = {"work order", "product", "good", "scrap", "setup", "run", "machine", "setup cost",
                           "material", "scrap cost", "variance", "%"};
        tt_row(&t, h);
        for (uint32_t k = 0; k < p->wos.len; k++) {
            uint32_t i = wi[k];
            if (!vr->reported[i] || !vr->by_wo[i].ops) continue;
            const WorkOrder *w = &p->wos.data[i];
            var_row(&t, w->name, ir->products[w->product].name, &vr->by_wo[i], true);
        }
        var_row(&t, "total", "", &vr->total, true);
        tt_print(&t, o);
        sb_putc(o, '\n');
    }
    {
        sb_puts(o, "Variance by product\n");
        TextTable t = TEXT_TABLE(11, "lrrrrrrrrrr");
        const char *h[] = {"product", "good", "scrap", "setup", "run", "machine", "setup cost", "material",
                           "scrap cost", "variance", "%"};
        tt_row(&t, h);
        for (uint32_t i = 0; i < ir->nproducts; i++)
            if (vr->by_product[i].ops) var_row(&t, ir->products[i].name, NULL, &vr->by_product[i], true);
        tt_print(&t, o);
        sb_putc(o, '\n');
    }
    {
        sb_puts(o, "Variance by machine\n");
        TextTable t = TEXT_TABLE(10, "lrrrrrrrrr");
        const char *h[] = {"machine", "good", "scrap", "setup", "run", "machine", "setup cost", "scrap cost",
                           "variance", "%"};
        tt_row(&t, h);
        for (uint32_t i = 0; i < ir->nmachines; i++)
            if (vr->by_machine[i].ops) var_row(&t, ir->machines[i].name, NULL, &vr->by_machine[i], false);
        tt_print(&t, o);
    }
    tk_free(wi);
}

/* ---- text ---------------------------------------------------------------------- */

/* The objective's restricted measures, one a line, by name as written. */
static void put_restricted(StrBuf *o, const PlanViews *v, const char *cur)
{
    size_t w = 0;
    for (uint32_t k = 0; k < v->nrestricted; k++) {
        char *n = esc_dup(v->restricted[k].name);
        size_t l = strlen(n);
        if (l > w) w = l;
        tk_free(n);
    }
    for (uint32_t k = 0; k < v->nrestricted; k++) {
        const RestrictedMeasure *x = &v->restricted[k];
        char b[64];
        char *n = esc_dup(x->name);
        switch (x->kind) {
        case TERM_DURATION: fmt_dur(b, sizeof b, x->value); break;
        case TERM_MONEY: {
            char mb[48];
            fmt_money(mb, sizeof mb, x->value);
            snprintf(b, sizeof b, "%s %s", mb, cur);
            break;
        }
        default: fmt_double(b, sizeof b, round(x->value * 1000) / 1000);
        }
        sb_printf(o, "  %-*s  %s\n", (int)w, n, b);
        tk_free(n);
    }
}

void report_text(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    const CostView F = v->cost;
    char b1[64], b2[64], b3[64], b4[64], b5[64];
    char *cur = esc_dup(ir->currency);
    fmt_when(b1, sizeof b1, ir->start);
    fmt_when(b2, sizeof b2, ir->end);
    sb_printf(o, "Plan for %s, %s to %s", ir->plant_name[0] ? esc_show(ir->plant_name) : "the plant", b1, b2);
    if (ir->scenario) sb_printf(o, ", scenario %s", esc_show(ir->scenario));
    sb_puts(o, "\n\n");

    sb_puts(o, "Summary\n");
    fmt_dur(b1, sizeof b1, m->makespan);
    fmt_when(b2, sizeof b2, m->makespan_end);
    sb_printf(o, "  makespan      %s (last operation ends %s)\n", b1, b2);
    sb_printf(o, "  orders        %u, %.0f late\n", ir->norders, m->late_orders);
    fmt_dur(b1, sizeof b1, m->tardiness);
    sb_printf(o, "  tardiness     %s in total\n", b1);
    sb_printf(o, "  work orders   %u, %u operations\n", p->wos.len, p->ops.len);
    fmt_money(b1, sizeof b1, m->cost);
    fmt_money(b2, sizeof b2, m->machine_cost);
    fmt_money(b3, sizeof b3, m->material_cost);
    sb_printf(o, "  cost          %s %s (machines %s", b1, cur, b2);
    if (ir->npools) {
        fmt_money(b4, sizeof b4, m->resource_cost);
        sb_printf(o, ", resources %s", b4);
    }
    sb_printf(o, ", materials %s", b3);
    if (m->subcontract_cost > 0) {
        fmt_money(b4, sizeof b4, m->subcontract_cost);
        sb_printf(o, ", subcontracting %s", b4);
    }
    if (m->buy_cost > 0) {
        fmt_money(b4, sizeof b4, m->buy_cost);
        sb_printf(o, ", bought parts %s", b4);
    }
    sb_puts(o, ")\n");
    if (p->npinned) {
        uint32_t n[4] = {0, 0, 0, 0};
        for (uint32_t k = 0; k < p->ops.len; k++) n[p->ops.data[k].pinned]++;
        sb_printf(o, "  pinned        %u operation%s (%u by pins, %u of firm work orders, %u in the frozen horizon)\n",
                  n[1] + n[2] + n[3], n[1] + n[2] + n[3] == 1 ? "" : "s", n[PIN_MODEL], n[PIN_FIRM], n[PIN_FROZEN]);
    }
    fmt_money(b1, sizeof b1, m->penalty);
    sb_printf(o, "  penalties     %s %s\n", b1, cur);
    fmt_dur(b1, sizeof b1, m->setup_time);
    sb_printf(o, "  setups        %.0f, %s in total\n", m->setups, b1);
    if (v->change.has) {
        /* the change against the reference plan (docs/search.md, "Stability") */
        const ChangeView *c = &v->change;
        fmt_dur(b1, sizeof b1, c->shifted);
        fmt_double(b2, sizeof b2, c->matched ? round(1000.0 * c->moved / c->matched) / 10 : 0);
        sb_printf(o, "  change        %.0f of %u operations moved (%s%%) against the reference, %.0f to another "
                     "machine or unit, shifted %s in total; %u new\n",
                  c->moved, c->matched, b2, c->reassigned, b1, c->added);
    }
    put_restricted(o, v, cur);
    report_objective_text(p, o);
    report_views_text_head(v, o);

    uint32_t *oi = order_index(p);
    if (ir->norders) {
        sb_puts(o, "Orders\n");
        TextTable t = TEXT_TABLE(6, "llrllr");
        const char *h[] = {"order", "product", "qty", "due", "done", "lateness"};
        tt_row(&t, h);
        for (uint32_t k = 0; k < ir->norders; k++) {
            const IrOrder *r = &ir->orders[oi[k]];
            const OrderResult *res = &p->orders[oi[k]];
            fmt_double(b1, sizeof b1, r->qty);
            fmt_when(b2, sizeof b2, r->due);
            fmt_when(b3, sizeof b3, res->done);
            fmt_dur(b4, sizeof b4, (double)res->lateness);
            const char *row[] = {r->name, ir->products[r->product].name, b1, b2, b3, res->lateness > 0 ? b4 : "on time"};
            tt_row(&t, row);
        }
        tt_print(&t, o);
        sb_putc(o, '\n');
    }
    report_forecasts_text(v, o);
    bool late_fc = false;
    for (uint32_t f = 0; f < p->fcs.len; f++) late_fc |= v->fc[f].lateness > 0;
    if (m->late_orders > 0 || late_fc) {
        sb_puts(o, "Late orders, and what held them up\n");
        for (uint32_t k = 0; k < ir->norders; k++) {
            const OrderResult *res = &p->orders[oi[k]];
            if (res->lateness <= 0) continue;
            fmt_dur(b1, sizeof b1, (double)res->lateness);
            sb_printf(o, "  %s late by %s: ", esc_show(ir->orders[oi[k]].name), b1);
            holds_text(v, &v->order_holds[oi[k]], true, o);
            sb_putc(o, '\n');
        }
        for (uint32_t f = 0; f < p->fcs.len; f++) {
            if (v->fc[f].lateness <= 0) continue;
            fmt_dur(b1, sizeof b1, (double)v->fc[f].lateness);
            sb_printf(o, "  %s late by %s: ", esc_show(p->fcs.data[f].name), b1);
            holds_text(v, &v->fc_holds[f], true, o);
            sb_putc(o, '\n');
        }
        sb_putc(o, '\n');
    }

    if (p->wos.len) {
        sb_puts(o, "Work orders\n");
        uint32_t *wi = wo_index(p);
        TextTable t = TEXT_TABLE(6, "llrlll");
        const char *h[] = {"work order", "product", "qty", "start", "end", "due"};
        tt_row(&t, h);
        for (uint32_t k = 0; k < p->wos.len; k++) {
            const WorkOrder *w = &p->wos.data[wi[k]];
            fmt_double(b1, sizeof b1, w->qty);
            fmt_when(b2, sizeof b2, w->start);
            fmt_when(b3, sizeof b3, w->end);
            fmt_when(b4, sizeof b4, w->due);
            const char *row[] = {w->name, ir->products[w->product].name, b1, w->start >= 0 ? b2 : "-", w->end >= 0 ? b3 : "-", b4};
            tt_row(&t, row);
        }
        tt_print(&t, o);
        tk_free(wi);
        sb_putc(o, '\n');
    }
    report_scrap_text(p, o);
    report_flow_text(p, o);

    report_purchases_text(v, o);
    report_sourcing_text(v, o);

    subcontracts_text(p, o);

    sb_printf(o, "Standard cost per piece (%s)\n", cur);
    {
        TextTable t = TEXT_TABLE(5, "lrrrr");
        const char *h[] = {"product", "material", "run", "setup", "total"};
        tt_row(&t, h);
        for (uint32_t i = 0; i < ir->nproducts; i++) {
            const StdCost *c = &F.std[i];
            fmt_money(b1, sizeof b1, c->material);
            fmt_money(b2, sizeof b2, c->run);
            fmt_money(b3, sizeof b3, c->setup);
            fmt_money(b4, sizeof b4, c->material + c->run + c->setup);
            const char *row[] = {ir->products[i].name, b1, b2, b3, b4};
            tt_row(&t, row);
        }
        tt_print(&t, o);
    }
    sb_putc(o, '\n');

    if (ir->norders) {
        sb_printf(o, "Cost by order (%s)\n", cur);
        TextTable t = TEXT_TABLE(4, "lrrr");
        const char *h[] = {"order", "work and materials", "penalty", "total"};
        tt_row(&t, h);
        for (uint32_t k = 0; k < ir->norders; k++) {
            const IrOrder *r = &ir->orders[oi[k]];
            double late = p->orders[oi[k]].lateness > 0 ? (double)p->orders[oi[k]].lateness : 0;
            double pen = late * r->penalty;
            fmt_money(b1, sizeof b1, F.order_cost[oi[k]]);
            fmt_money(b2, sizeof b2, pen);
            fmt_money(b3, sizeof b3, F.order_cost[oi[k]] + pen);
            const char *row[] = {r->name, b1, b2, b3};
            tt_row(&t, row);
        }
        tt_print(&t, o);
        sb_putc(o, '\n');
    }

    sb_printf(o, "Machines (%s)\n", cur);
    {
        TextTable t = TEXT_TABLE(7, "lrrrrrr");
        const char *h[] = {"machine", "units", "operations", "busy", "available", "utilisation", "cost"};
        tt_row(&t, h);
        for (uint32_t i = 0; i < ir->nmachines; i++) {
            if (ir->machines[i].subcontract) continue; /* in Subcontracting */
            use_row(&t, ir->machines[i].name, ir->machines[i].units, &F.mach[i]);
        }
        tt_print(&t, o);
    }
    if (ir->npools) {
        /* held: the working minutes the operations hold units (a unit each) */
        sb_printf(o, "\nResources (%s)\n", cur);
        TextTable t = TEXT_TABLE(7, "lrrrrrr");
        const char *h[] = {"resource", "units", "operations", "held", "available", "utilisation", "cost"};
        tt_row(&t, h);
        for (uint32_t i = 0; i < ir->npools; i++) use_row(&t, ir->pools[i].name, ir->pools[i].units, &F.pool[i]);
        tt_print(&t, o);
    }
    if (p->batches.len) {
        /* batch machines: how full their cycles ran, and what a piece cost */
        sb_printf(o, "\nBatch machines (%s)\n", cur);
        TextTable t = TEXT_TABLE(6, "lrrrrr");
        const char *h[] = {"machine", "cycles", "pieces", "capacity", "mean fill", "cost per piece"};
        tt_row(&t, h);
        for (uint32_t mi = 0; mi < ir->nmachines; mi++) {
            const IrMachine *mc = &ir->machines[mi];
            if (!(mc->batch_cap > 0)) continue;
            uint32_t cycles = 0;
            double pieces = 0, load = 0, cost = 0;
            for (uint32_t b = 0; b < p->batches.len; b++) {
                const PlanBatch *pb = &p->batches.data[b];
                if (pb->machine != (int32_t)mi) continue;
                cycles++;
                cost += pb->cost;
                for (uint32_t k = 0; k < pb->n; k++) {
                    const BatchPart *bp = &p->batch_parts.data[pb->first + k];
                    const WorkOrder *w = &p->wos.data[p->ops.data[bp->op].wo];
                    pieces += bp->qty;
                    load += bp->qty * (mc->batch_load >= 0 ? ir->products[w->product].attrs[mc->batch_load] : 1);
                }
            }
            snprintf(b1, sizeof b1, "%u", cycles);
            snprintf(b2, sizeof b2, "%.10g", pieces);
            snprintf(b3, sizeof b3, "%.10g", mc->batch_cap);
            if (cycles) snprintf(b4, sizeof b4, "%.1f%%", 100.0 * load / (cycles * mc->batch_cap));
            else snprintf(b4, sizeof b4, "-");
            if (pieces > 0) fmt_money(b5, sizeof b5, cost / pieces);
            else snprintf(b5, sizeof b5, "-");
            const char *row[] = {mc->name, b1, b2, b3, b4, b5};
            tt_row(&t, row);
        }
        tt_print(&t, o);
    }
    sb_putc(o, '\n');
    report_views_text_tail(v, o);
    if (v->has_variance) variance_text(v, o);
    tk_free(oi);
    tk_free(cur);
}

/* ---- JSON ------------------------------------------------------------------------ */
static void jstr(StrBuf *o, const char *key, const char *v)
{
    sb_printf(o, "\"%s\": ", key);
    json_escape(o, v);
}

static void jnum(StrBuf *o, const char *key, double v)
{
    char b[40];
    fmt_double(b, sizeof b, v);
    sb_printf(o, "\"%s\": %s", key, b);
}

static void jmoney(StrBuf *o, const char *key, double v)
{
    double r = round(v * 100) / 100;
    if (r == 0) r = 0;
    sb_printf(o, "\"%s\": %.2f", key, r);
}

/* A row of the machines or resources array: the thing's name under `what`,
 * its units, operations, time busy (or held) under `busy`, available,
 * utilisation and cost; the closing brace, not the opening one. */
static void use_json(StrBuf *o, const char *what, const char *name, uint32_t units, const char *busy,
                     const MachineUse *u)
{
    jstr(o, what, name);
    sb_puts(o, ", ");
    jnum(o, "units", units);
    sb_puts(o, ", ");
    jnum(o, "operations", u->ops);
    sb_puts(o, ", ");
    jnum(o, busy, round(u->busy * 1e6) / 1e6);
    sb_puts(o, ", ");
    jnum(o, "available_minutes", u->available);
    sb_puts(o, ", ");
    jnum(o, "utilisation", u->available > 0 ? round(1e4 * u->busy / u->available) / 1e4 : 0);
    sb_puts(o, ", ");
    jmoney(o, "cost", u->cost);
    sb_puts(o, "}");
}

static void jtime(StrBuf *o, const char *key, int64_t t)
{
    char b[32];
    fmt_datetime(b, sizeof b, t);
    sb_printf(o, "\"%s\": \"%s\"", key, b);
}

static void jvar(StrBuf *o, const char *key, const char *name, const Variance *x, bool material)
{
    sb_puts(o, "{");
    jstr(o, key, name);
    sb_puts(o, ", ");
    jnum(o, "operations", x->ops);
    sb_puts(o, ", ");
    jnum(o, "good", x->good);
    sb_puts(o, ", ");
    jnum(o, "scrap", x->scrap);
    sb_puts(o, ", ");
    jnum(o, "std_setup_minutes", round(x->std_setup * 1e6) / 1e6);
    sb_puts(o, ", ");
    jnum(o, "actual_setup_minutes", round(x->act_setup * 1e6) / 1e6);
    sb_puts(o, ", ");
    jnum(o, "std_run_minutes", round(x->std_run * 1e6) / 1e6);
    sb_puts(o, ", ");
    jnum(o, "actual_run_minutes", round(x->act_run * 1e6) / 1e6);
    sb_puts(o, ", ");
    jmoney(o, "std_machine", x->std_machine);
    sb_puts(o, ", ");
    jmoney(o, "actual_machine", x->act_machine);
    sb_puts(o, ", ");
    jmoney(o, "std_setup", x->std_setup_cost);
    sb_puts(o, ", ");
    jmoney(o, "actual_setup", x->act_setup_cost);
    if (material) {
        sb_puts(o, ", ");
        jmoney(o, "std_material", x->std_material);
        sb_puts(o, ", ");
        jmoney(o, "actual_material", x->act_material);
    }
    sb_puts(o, ", ");
    jmoney(o, "scrap_cost", x->scrap_cost);
    sb_puts(o, ", ");
    jmoney(o, "variance", vact(x) - vstd(x));
    sb_puts(o, ", ");
    jnum(o, "variance_percent", vstd(x) > EPS_MONEY ? round(1e3 * (vact(x) - vstd(x)) / vstd(x)) / 10 : 0);
    sb_puts(o, "}");
}

static void variance_json(const PlanViews *views, StrBuf *o)
{
    const Plan *p = views->p;
    const IrModel *ir = p->ir;
    const VarianceReport *vr = &views->var;
    sb_puts(o, ",\n  \"actuals\": {");
    jtime(o, "now", ir->now >= 0 ? ir->now : ir->start);
    sb_puts(o, ", ");
    jnum(o, "done", vr->done);
    sb_puts(o, ", ");
    jnum(o, "running", vr->running);
    sb_puts(o, ", \"cycles\": [");
    bool first_cycle = true;
    for (uint32_t b = 0; b < p->batches.len; b++) {
        const PlanBatch *pb = &p->batches.data[b];
        if (!pb->cycle || pb->cycle > ir->ncycles) continue;
        const IrCycle *rc = &ir->cycles[pb->cycle - 1];
        double pieces = 0;
        for (uint32_t k = 0; k < pb->n; k++) pieces += p->batch_parts.data[pb->first + k].qty;
        sb_puts(o, first_cycle ? "\n      {" : ",\n      {");
        first_cycle = false;
        jstr(o, "machine", ir->machines[pb->machine].name);
        sb_puts(o, ", ");
        jnum(o, "unit", pb->unit + 1);
        sb_puts(o, ", ");
        if (rc->ref) jstr(o, "reference", rc->ref);
        else sb_puts(o, "\"reference\": null");
        sb_puts(o, ", ");
        jstr(o, "status", pb->actual == ACT_DONE ? "done" : "running");
        sb_puts(o, ", ");
        jtime(o, "start", pb->start);
        sb_puts(o, ", ");
        jtime(o, "end", pb->end);
        sb_puts(o, ", ");
        jnum(o, "members", pb->n);
        sb_puts(o, ", ");
        jnum(o, "pieces", pieces);
        sb_puts(o, ", ");
        jmoney(o, "cost", pb->cost);
        sb_puts(o, "}");
    }
    sb_puts(o, first_cycle ? "], " : "\n    ], ");
    jmoney(o, "cost_to_date", vr->to_date);
    sb_puts(o, ", ");
    jmoney(o, "cost_to_complete", vr->to_complete);
    sb_puts(o, ", ");
    jmoney(o, "cost_at_completion", vr->to_date + vr->to_complete);
    sb_puts(o, ",\n    \"issued\": [");
    bool first_issue = true;
    for (uint32_t m = 0; m < ir->nmaterials; m++)
        for (uint32_t k = 0; k < ir->materials[m].nissues; k++) {
            const IrMaterial *mt = &ir->materials[m];
            const IrReceipt *is = &mt->issues[k];
            sb_puts(o, first_issue ? "\n      {" : ",\n      {");
            first_issue = false;
            jstr(o, "material", mt->name);
            sb_puts(o, ", ");
            jnum(o, "qty", is->qty);
            sb_puts(o, ", ");
            jtime(o, "at", is->at);
            sb_puts(o, ", ");
            jmoney(o, "cost", is->qty * mt->cost);
            if (is->id) {
                sb_puts(o, ", ");
                jstr(o, "note", is->id);
            }
            sb_putc(o, '}');
        }
    sb_puts(o, first_issue ? "]" : "\n    ]");
    sb_puts(o, ",\n    \"work_orders\": [");
    uint32_t *wi = wo_index(p);
    bool first = true;
    for (uint32_t k = 0; k < p->wos.len; k++) {
        uint32_t i = wi[k];
        if (!vr->reported[i] || !vr->by_wo[i].ops) continue;
        sb_puts(o, first ? "\n      " : ",\n      ");
        first = false;
        jvar(o, "work_order", p->wos.data[i].name, &vr->by_wo[i], true);
    }
    sb_puts(o, "],\n    \"products\": [");
    first = true;
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        if (!vr->by_product[i].ops) continue;
        sb_puts(o, first ? "\n      " : ",\n      ");
        first = false;
        jvar(o, "product", ir->products[i].name, &vr->by_product[i], true);
    }
    sb_puts(o, "],\n    \"machines\": [");
    first = true;
    for (uint32_t i = 0; i < ir->nmachines; i++) {
        if (!vr->by_machine[i].ops) continue;
        sb_puts(o, first ? "\n      " : ",\n      ");
        first = false;
        jvar(o, "machine", ir->machines[i].name, &vr->by_machine[i], false);
    }
    sb_puts(o, "],\n    \"total\": ");
    jvar(o, "work_order", "total", &vr->total, true);
    sb_puts(o, "\n  }");
    tk_free(wi);
}

/* What held a late order up (views.h, Holds), machine by machine and
 * material by material. */
static void held_up_json(const PlanViews *v, const Holds *h, StrBuf *o)
{
    const IrModel *ir = v->p->ir;
    sb_printf(o, ", \"cause\": \"%s\", \"held_up_by\": [", hold_cause_name((HoldCause)h->cause));
    bool first = true;
    for (uint32_t q = 0; q < h->n; q++) {
        const Hold *x = &h->h[q];
        if (x->kind == HOLD_MACHINE ? x->busy + x->closed <= 0 : x->delay <= 0) continue;
        sb_puts(o, first ? "{" : ", {");
        first = false;
        if (x->kind == HOLD_MACHINE) {
            jstr(o, "machine", ir->machines[x->machine].name);
            sb_puts(o, ", ");
            jnum(o, "wait_minutes", (double)(x->busy + x->closed));
            sb_puts(o, ", ");
            jnum(o, "busy_minutes", (double)x->busy);
            sb_puts(o, ", ");
            jnum(o, "closed_minutes", (double)x->closed);
            if (x->closed > 0 && x->calendar >= 0) sb_puts(o, ", "), jstr(o, "calendar", ir->calendars[x->calendar].name);
        } else {
            jstr(o, "material", ir->materials[x->material].name);
            sb_puts(o, ", ");
            jtime(o, "arrived", x->arrived);
            sb_puts(o, ", ");
            jnum(o, "delay_minutes", (double)x->delay);
        }
        sb_puts(o, "}");
    }
    sb_puts(o, "]");
}

void report_json(const PlanViews *v, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    const CostView F = v->cost;
    /* what the document is, and the version of its layout: sections marked
     * with a version of their own change alone */
    sb_puts(o, "{\n  \"format\": \"takt-report\", \"version\": 2,\n  ");
    jstr(o, "plant", ir->plant_name);
    if (ir->scenario) {
        sb_puts(o, ", ");
        jstr(o, "scenario", ir->scenario);
    }
    sb_puts(o, ", ");
    jtime(o, "start", ir->start);
    sb_puts(o, ", ");
    jtime(o, "end", ir->end);
    sb_puts(o, ", ");
    jstr(o, "currency", ir->currency);
    sb_puts(o, ",\n  \"summary\": {");
    jnum(o, "makespan_minutes", m->makespan);
    sb_puts(o, ", ");
    jtime(o, "finish", m->makespan_end);
    sb_puts(o, ", ");
    jnum(o, "orders", ir->norders);
    sb_puts(o, ", ");
    jnum(o, "late_orders", m->late_orders);
    sb_puts(o, ", ");
    jnum(o, "tardiness_minutes", m->tardiness);
    sb_puts(o, ", ");
    jnum(o, "work_orders", p->wos.len);
    sb_puts(o, ", ");
    jnum(o, "operations", p->ops.len);
    sb_puts(o, ", ");
    jmoney(o, "cost", m->cost);
    sb_puts(o, ", ");
    jmoney(o, "machine_cost", m->machine_cost);
    sb_puts(o, ", ");
    if (ir->npools) {
        jmoney(o, "resource_cost", m->resource_cost);
        sb_puts(o, ", ");
    }
    jmoney(o, "material_cost", m->material_cost);
    if (m->subcontract_cost > 0) {
        sb_puts(o, ", ");
        jmoney(o, "subcontract_cost", m->subcontract_cost);
    }
    if (m->buy_cost > 0) {
        sb_puts(o, ", ");
        jmoney(o, "buy_cost", m->buy_cost);
    }
    sb_puts(o, ", ");
    jmoney(o, "penalty", m->penalty);
    sb_puts(o, ", ");
    jnum(o, "setups", m->setups);
    sb_puts(o, ", ");
    jnum(o, "setup_minutes", round(m->setup_time * 1e6) / 1e6);
    sb_puts(o, ", ");
    report_objective_json(p, o);
    if (v->change.has) {
        sb_puts(o, ", ");
        jnum(o, "moved", v->change.moved);
        sb_puts(o, ", ");
        jnum(o, "reassigned", v->change.reassigned);
        sb_puts(o, ", ");
        jnum(o, "shifted_minutes", v->change.shifted);
        sb_puts(o, ", ");
        jnum(o, "reference_operations", v->change.matched);
    }
    if (v->nrestricted) {
        /* the objective's restricted measures, by name as written */
        sb_puts(o, ", \"restricted\": [");
        for (uint32_t k = 0; k < v->nrestricted; k++) {
            const RestrictedMeasure *x = &v->restricted[k];
            sb_puts(o, k ? ", {" : "{");
            jstr(o, "measure", x->name);
            sb_puts(o, ", ");
            if (x->kind == TERM_MONEY) jmoney(o, "value", x->value);
            else jnum(o, "value", round(x->value * 1e6) / 1e6);
            sb_puts(o, "}");
        }
        sb_puts(o, "]");
    }
    sb_puts(o, "},\n  \"orders\": [");
    uint32_t *oi = order_index(p);
    for (uint32_t k = 0; k < ir->norders; k++) {
        const IrOrder *r = &ir->orders[oi[k]];
        const OrderResult *res = &p->orders[oi[k]];
        sb_puts(o, k ? ",\n    {" : "\n    {");
        jstr(o, "order", r->name);
        sb_puts(o, ", ");
        jstr(o, "product", ir->products[r->product].name);
        sb_puts(o, ", ");
        jnum(o, "qty", r->qty);
        sb_puts(o, ", ");
        jtime(o, "due", r->due);
        sb_puts(o, ", ");
        jtime(o, "done", res->done);
        sb_puts(o, ", ");
        jnum(o, "lateness_minutes", (double)res->lateness);
        sb_puts(o, ", ");
        double late = res->lateness > 0 ? (double)res->lateness : 0;
        jmoney(o, "cost", F.order_cost[oi[k]]);
        sb_puts(o, ", ");
        jmoney(o, "penalty", late * r->penalty);
        if (res->lateness > 0) held_up_json(v, &v->order_holds[oi[k]], o);
        sb_puts(o, "}");
    }
    sb_puts(o, ir->norders ? "\n  ],\n  \"work_orders\": [" : "],\n  \"work_orders\": [");
    uint32_t *wi = wo_index(p);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        sb_puts(o, k ? ",\n    {" : "\n    {");
        jstr(o, "work_order", w->name);
        sb_puts(o, ", ");
        jstr(o, "product", ir->products[w->product].name);
        sb_puts(o, ", ");
        jnum(o, "qty", w->qty);
        sb_puts(o, ", ");
        jtime(o, "release", w->release);
        sb_puts(o, ", ");
        jtime(o, "due", w->due);
        if (w->start >= 0) sb_puts(o, ", "), jtime(o, "start", w->start);
        if (w->end >= 0) sb_puts(o, ", "), jtime(o, "end", w->end);
        if (w->order >= 0) sb_puts(o, ", "), jstr(o, "for", ir->orders[w->order].name);
        if (w->parent >= 0) sb_puts(o, ", "), jstr(o, "parent", p->wos.data[w->parent].name);
        sb_puts(o, "}");
    }
    tk_free(wi);
    sb_puts(o, p->wos.len ? "\n  ]" : "]");
    report_scrap_json(p, o);
    report_flow_json(p, o);
    report_purchases_json(v, o);
    report_sourcing_json(v, o);
    sb_puts(o, ",\n  \"standard_costs\": [");
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const StdCost *c = &F.std[i];
        sb_puts(o, i ? ",\n    {" : "\n    {");
        jstr(o, "product", ir->products[i].name);
        sb_puts(o, ", ");
        jmoney(o, "material", c->material);
        sb_puts(o, ", ");
        jmoney(o, "run", c->run);
        sb_puts(o, ", ");
        jmoney(o, "setup", c->setup);
        sb_puts(o, ", ");
        jmoney(o, "total", c->material + c->run + c->setup);
        sb_puts(o, "}");
    }
    sb_puts(o, ir->nproducts ? "\n  ],\n  \"machines\": [" : "],\n  \"machines\": [");
    for (uint32_t i = 0, shown = 0; i < ir->nmachines; i++) {
        const MachineUse *u = &F.mach[i];
        if (ir->machines[i].subcontract) continue;
        sb_puts(o, shown++ ? ",\n    {" : "\n    {");
        use_json(o, "machine", ir->machines[i].name, ir->machines[i].units, "busy_minutes", u);
    }
    sb_puts(o, ir->nmachines ? "\n  ]" : "]");
    if (ir->npools) {
        sb_puts(o, ",\n  \"resources\": [");
        for (uint32_t i = 0; i < ir->npools; i++) {
            const MachineUse *u = &F.pool[i];
            sb_puts(o, i ? ",\n    {" : "\n    {");
            use_json(o, "resource", ir->pools[i].name, ir->pools[i].units, "held_minutes", u);
        }
        sb_puts(o, "\n  ]");
    }
    subcontracts_json(p, o);
    report_views_json(v, o);
    if (v->has_variance) variance_json(v, o);
    sb_puts(o, "\n}\n");
    tk_free(oi);
}
