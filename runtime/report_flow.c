/* report_flow.c: the report's parts about how work flows through the plant
 * (report_flow.h). Kept apart from report.c, which lays the report out and
 * calls these. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/esc.h"
#include "report_flow.h"
#include "scrap.h"
#include "text_table.h"
#include "views.h"

void report_objective_text(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    char b[64];
    sb_puts(o, "  objective     ");
    if (m->nlevels <= 1) {
        fmt_double(b, sizeof b, round(m->objective * 1000) / 1000);
        sb_printf(o, "%s\n\n", b);
        return;
    }
    for (uint32_t k = 0; k < m->nlevels; k++) {
        fmt_double(b, sizeof b, round(m->levels[k] * 1000) / 1000);
        sb_printf(o, "%s%s (", k ? ", then " : "", b);
        esc_text(o, ir->funcs[ir->objective_fns[k]].text);
        sb_putc(o, ')');
    }
    sb_puts(o, "\n\n");
}

void report_objective_json(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    char b[64];
    fmt_double(b, sizeof b, round(m->objective * 1e6) / 1e6);
    sb_printf(o, "\"objective\": %s", b);
    if (m->nlevels <= 1) return;
    sb_puts(o, ", \"objective_levels\": [");
    for (uint32_t k = 0; k < m->nlevels; k++) {
        fmt_double(b, sizeof b, round(m->levels[k] * 1e6) / 1e6);
        sb_printf(o, "%s{\"level\": %u, \"expression\": ", k ? ", " : "", k + 1);
        esc_json(o, ir->funcs[ir->objective_fns[k]].text);
        sb_printf(o, ", \"value\": %s}", b);
    }
    sb_putc(o, ']');
}

/* ---- planned scrap ----------------------------------------------------------------------- */
/* Per product and step, and per product and BOM line, what the plan starts,
 * makes good and loses. */
typedef struct ScrapSum {
    double in, good;      /* steps: pieces; lines: quantity issued and lost */
    uint32_t wos;
} ScrapSum;

typedef struct ScrapFigures {
    ScrapSum *step;       /* per product, from step_of[p] */
    ScrapSum *line;       /* per product, from line_of[p] */
    uint32_t *step_of, *line_of;
    bool any;
} ScrapFigures;

static void scrap_figures(const Plan *p, ScrapFigures *F)
{
    const IrModel *ir = p->ir;
    memset(F, 0, sizeof *F);
    F->step_of = tk_xalloc((ir->nproducts + 1) * sizeof(uint32_t));
    F->line_of = tk_xalloc((ir->nproducts + 1) * sizeof(uint32_t));
    uint32_t ns = 0, nl = 0;
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        F->step_of[i] = ns, F->line_of[i] = nl;
        ns += ir->products[i].nsteps, nl += ir->products[i].nbom;
    }
    F->step_of[ir->nproducts] = ns, F->line_of[ir->nproducts] = nl;
    F->step = tk_xalloc((ns + 1) * sizeof(ScrapSum));
    F->line = tk_xalloc((nl + 1) * sizeof(ScrapSum));
    memset(F->step, 0, (ns + 1) * sizeof(ScrapSum));
    memset(F->line, 0, (nl + 1) * sizeof(ScrapSum));
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[k];
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s = 0; s < pr->nsteps; s++) {
            if (!(pr->steps[s].scrap > 0)) continue;
            ScrapSum *x = &F->step[F->step_of[w->product] + s];
            x->in += plan_step_in(w, s);
            x->good += plan_step_good(w, s);
            x->wos++;
            F->any = true;
        }
        for (uint32_t b = 0; b < pr->nbom; b++) {
            const IrBomLine *bl = &pr->bom[b];
            if (!(bl->scrap > 0)) continue;
            ScrapSum *x = &F->line[F->line_of[w->product] + b];
            double issued = scrap_line_need(bl, w->started);
            x->in += issued;
            x->good += issued * bl->scrap; /* what is lost */
            x->wos++;
            F->any = true;
        }
    }
}

static void scrap_free(ScrapFigures *F)
{
    tk_free(F->step);
    tk_free(F->line);
    tk_free(F->step_of);
    tk_free(F->line_of);
}

/* "5%", "2.5%": a rate to a tenth of a percent (b holds 40 bytes) */
static void pct(char *b, double r)
{
    fmt_double(b, 38, round(r * 1000) / 10);
    strcat(b, "%");
}

static void qty3(char *b, size_t n, double q) { fmt_double(b, n, round(q * 1000) / 1000); }

static void planned_scrap_text(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    ScrapFigures F;
    scrap_figures(p, &F);
    if (!F.any) {
        scrap_free(&F);
        return;
    }
    sb_puts(o, "Planned scrap (pieces started and made good at each step, material issued and lost)\n");
    TextTable t = TEXT_TABLE(7, "llrrrrr");
    const char *h[] = {"product", "step", "scrap", "work orders", "started", "good", "scrapped"};
    tt_row(&t, h);
    char b1[40], b2[40], b3[40], b4[40], b5[40];
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const IrProduct *pr = &ir->products[i];
        for (uint32_t s = 0; s < pr->nsteps; s++) {
            const ScrapSum *x = &F.step[F.step_of[i] + s];
            if (!x->wos) continue;
            pct(b1, pr->steps[s].scrap);
            snprintf(b2, sizeof b2, "%u", x->wos);
            qty3(b3, sizeof b3, x->in);
            qty3(b4, sizeof b4, x->good);
            qty3(b5, sizeof b5, x->in - x->good);
            const char *row[] = {pr->name, pr->steps[s].name, b1, b2, b3, b4, b5};
            tt_row(&t, row);
        }
    }
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const IrProduct *pr = &ir->products[i];
        for (uint32_t b = 0; b < pr->nbom; b++) {
            const ScrapSum *x = &F.line[F.line_of[i] + b];
            if (!x->wos) continue;
            const IrBomLine *bl = &pr->bom[b];
            const char *uom = bl->is_product ? "pcs" : ir->materials[bl->item].uom;
            char *item = tk_fmt("bom: %s", bl->is_product ? ir->products[bl->item].name : ir->materials[bl->item].name);
            pct(b1, bl->scrap);
            snprintf(b2, sizeof b2, "%u", x->wos);
            qty3(b3, sizeof b3, x->in);
            qty3(b4, sizeof b4, x->in - x->good);
            qty3(b5, sizeof b5, x->good);
            char *q1 = tk_fmt("%s %s", b3, uom), *q2 = tk_fmt("%s %s", b4, uom), *q3 = tk_fmt("%s %s", b5, uom);
            const char *row[] = {pr->name, item, b1, b2, q1, q2, q3};
            tt_row(&t, row);
            tk_free(item);
            tk_free(q1);
            tk_free(q2);
            tk_free(q3);
        }
    }
    tt_print(&t, o);
    sb_putc(o, '\n');
    scrap_free(&F);
}

static void planned_scrap_json(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    ScrapFigures F;
    scrap_figures(p, &F);
    if (!F.any) {
        scrap_free(&F);
        return;
    }
    char b[40];
    sb_puts(o, ",\n  \"planned_scrap\": [");
    bool first = true;
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const IrProduct *pr = &ir->products[i];
        for (uint32_t s = 0; s < pr->nsteps; s++) {
            const ScrapSum *x = &F.step[F.step_of[i] + s];
            if (!x->wos) continue;
            sb_puts(o, first ? "\n    {" : ",\n    {");
            first = false;
            sb_puts(o, "\"product\": ");
            esc_json(o, pr->name);
            sb_puts(o, ", \"step\": ");
            esc_json(o, pr->steps[s].name);
            fmt_double(b, sizeof b, pr->steps[s].scrap);
            sb_printf(o, ", \"scrap_rate\": %s, \"work_orders\": %u", b, x->wos);
            fmt_double(b, sizeof b, x->in);
            sb_printf(o, ", \"started\": %s", b);
            fmt_double(b, sizeof b, x->good);
            sb_printf(o, ", \"good\": %s}", b);
        }
        for (uint32_t k = 0; k < pr->nbom; k++) {
            const ScrapSum *x = &F.line[F.line_of[i] + k];
            if (!x->wos) continue;
            const IrBomLine *bl = &pr->bom[k];
            sb_puts(o, first ? "\n    {" : ",\n    {");
            first = false;
            sb_puts(o, "\"product\": ");
            esc_json(o, pr->name);
            sb_puts(o, bl->is_product ? ", \"component\": " : ", \"material\": ");
            esc_json(o, bl->is_product ? ir->products[bl->item].name : ir->materials[bl->item].name);
            fmt_double(b, sizeof b, bl->scrap);
            sb_printf(o, ", \"scrap_rate\": %s, \"work_orders\": %u", b, x->wos);
            fmt_double(b, sizeof b, round(x->in * 1e9) / 1e9);
            sb_printf(o, ", \"issued\": %s", b);
            fmt_double(b, sizeof b, round(x->good * 1e9) / 1e9);
            sb_printf(o, ", \"lost\": %s}", b);
        }
    }
    sb_puts(o, "\n  ]");
    scrap_free(&F);
}

/* ---- scrap reported beyond the plan ------------------------------------------------------- */
/* Work orders that make fewer good pieces than their quantity after the
 * shop floor's reports, and the work orders that make up for them. */
static void reported_scrap_text(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    TextTable t = TEXT_TABLE(6, "llrrrl");
    const char *h[] = {"work order", "product", "qty", "makes", "short", "made up by"};
    tt_row(&t, h);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[k];
        if (!(w->makes < w->qty)) continue;
        char b1[40], b2[40], b3[40];
        qty3(b1, sizeof b1, w->qty);
        qty3(b2, sizeof b2, w->makes);
        qty3(b3, sizeof b3, w->qty - w->makes);
        StrBuf by = {0};
        for (uint32_t j = 0; j < p->wos.len; j++)
            if (p->wos.data[j].makeup_for == (int32_t)k) sb_printf(&by, "%s%s", by.len ? ", " : "", p->wos.data[j].name);
        const char *row[] = {w->name, ir->products[w->product].name, b1, b2, b3,
                             by.len ? sb_cstr(&by) : "stock or other work orders"};
        tt_row(&t, row);
        sb_free(&by);
    }
    if (tt_rows(&t) > 1) {
        sb_puts(o, "Scrap reported beyond the plan (good pieces the work orders now make, and their make-up)\n");
        tt_print(&t, o);
        sb_putc(o, '\n');
    } else
        tt_free(&t);
}

static void reported_scrap_json(const Plan *p, StrBuf *o)
{
    bool first = true;
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[k];
        if (!(w->makes < w->qty)) continue;
        sb_puts(o, first ? ",\n  \"reported_scrap\": [\n    {" : ",\n    {");
        first = false;
        char b[40];
        sb_puts(o, "\"work_order\": ");
        esc_json(o, w->name);
        fmt_double(b, sizeof b, w->qty);
        sb_printf(o, ", \"qty\": %s", b);
        fmt_double(b, sizeof b, w->makes);
        sb_printf(o, ", \"makes\": %s, \"made_up_by\": [", b);
        bool f2 = true;
        for (uint32_t j = 0; j < p->wos.len; j++)
            if (p->wos.data[j].makeup_for == (int32_t)k) {
                if (!f2) sb_puts(o, ", ");
                f2 = false;
                esc_json(o, p->wos.data[j].name);
            }
        sb_puts(o, "]}");
    }
    if (!first) sb_puts(o, "\n  ]");
}

void report_scrap_text(const Plan *p, StrBuf *o)
{
    planned_scrap_text(p, o);
    reported_scrap_text(p, o);
}

void report_scrap_json(const Plan *p, StrBuf *o)
{
    planned_scrap_json(p, o);
    reported_scrap_json(p, o);
}

/* ---- flow: work in process and waiting, for the release policy ---------------------------- */
/* WIP: for each work order at the top (a customer order's or forecast's),
 * the hours from the first start of it or any work order below it to its
 * end, summed; waiting: the minutes an operation waits after the last of
 * its routing predecessors ends (their wait included), and a work order's
 * first operations after a component's work order ends, averaged; an
 * operation that takes transfer lots and starts before its predecessors
 * end waits none, and *overlap_min sums how long it runs beside them
 * (docs/planning.md, "Transfer lots"; *noverlap such operations). */
static void flow_figures(const Plan *p, double *wip_h, double *wait_min, uint32_t *nwait, double *overlap_min,
                         uint32_t *noverlap)
{
    const IrModel *ir = p->ir;
    uint32_t nw = p->wos.len;
    int64_t *first = tk_xalloc((nw + 1) * sizeof(int64_t)); /* per top work order: the first start below it */
    for (uint32_t k = 0; k < nw; k++) first[k] = INT64_MAX;
    double wait = 0, overlap = 0;
    uint32_t n = 0, nover = 0;
    int64_t *step_end = NULL;
    uint32_t nstep_end = 0;
    for (uint32_t k = 0; k < nw; k++) {
        const WorkOrder *w = &p->wos.data[k];
        uint32_t top = k;
        for (uint32_t d = 0; p->wos.data[top].parent >= 0 && d <= nw; d++) top = (uint32_t)p->wos.data[top].parent;
        if (w->start >= 0 && w->start < first[top]) first[top] = w->start;
        const IrProduct *pr = &ir->products[w->product];
        /* each step's last end: a step split into sublots has several
         * operations, so operations and steps are not one to one */
        if (pr->nsteps > nstep_end) {
            nstep_end = pr->nsteps;
            step_end = tk_xrealloc(step_end, nstep_end * sizeof(int64_t));
        }
        for (uint32_t s = 0; s < pr->nsteps; s++) step_end[s] = INT64_MIN;
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->step >= 0 && (uint32_t)op->step < pr->nsteps && op->end > step_end[op->step]) step_end[op->step] = op->end;
        }
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->start < 0 || op->step < 0 || (uint32_t)op->step >= pr->nsteps) continue;
            const IrStep *st = &pr->steps[op->step];
            int64_t ready = INT64_MIN;
            for (uint32_t q = 0; q < st->npreds; q++) {
                int64_t e = step_end[st->preds[q]];
                if (e > ready) ready = e;
            }
            if (!st->npreds) continue;
            if (ready != INT64_MIN && op->start < ready && st->transfer > 0) {
                /* transfer lots: it runs beside the steps before it, waiting none */
                overlap += (double)((op->end < ready ? op->end : ready) - op->start);
                nover++;
                n++;
                continue;
            }
            if (ready == INT64_MIN || op->start < ready) continue;
            wait += (double)(op->start - ready);
            n++;
        }
        /* a component's work order: until its parent starts */
        if (w->parent >= 0 && w->end >= 0) {
            const WorkOrder *pw = &p->wos.data[w->parent];
            if (pw->start >= w->end) {
                wait += (double)(pw->start - w->end);
                n++;
            }
        }
    }
    double wip = 0;
    for (uint32_t k = 0; k < nw; k++) {
        const WorkOrder *w = &p->wos.data[k];
        if (w->parent < 0 && first[k] != INT64_MAX && w->end > first[k]) wip += (double)(w->end - first[k]) / 60.0;
    }
    tk_free(first);
    tk_free(step_end);
    *wip_h = wip;
    *wait_min = n ? wait / n : 0;
    *nwait = n;
    *overlap_min = overlap;
    *noverlap = nover;
}

void report_flow_text(const Plan *p, StrBuf *o)
{
    double wip, wait, overlap;
    uint32_t n, nover;
    flow_figures(p, &wip, &wait, &n, &overlap, &nover);
    char b1[40], b2[40], b3[40];
    fmt_double(b1, sizeof b1, round(wip * 10) / 10);
    view_fmt_dur(b2, sizeof b2, wait);
    sb_printf(o, "Flow (release %s)\n", p->ir->jit_release ? "just in time" : "as soon as possible");
    sb_printf(o, "  work in process  %s hours (from each order's first start to its end, summed)\n", b1);
    sb_printf(o, "  waiting          %s on average between a step or a component and the next (%u waits)\n", b2, n);
    if (overlap_used(p->ir)) {
        view_fmt_dur(b3, sizeof b3, overlap);
        sb_printf(o, "  overlapping      %s in all that %u operation%s beside the steps before %s (transfer lots; %s "
                     "none)\n", b3, nover, nover == 1 ? " runs" : "s run", nover == 1 ? "it" : "them",
                  nover == 1 ? "it waits" : "they wait");
    }
    sb_puts(o, "\n");
}

void report_flow_json(const Plan *p, StrBuf *o)
{
    double wip, wait, overlap;
    uint32_t n, nover;
    flow_figures(p, &wip, &wait, &n, &overlap, &nover);
    char b1[40], b2[40];
    fmt_double(b1, sizeof b1, round(wip * 1000) / 1000);
    fmt_double(b2, sizeof b2, round(wait * 1000) / 1000);
    sb_printf(o, ",\n  \"flow\": {\"release\": \"%s\", \"wip_hours\": %s, \"mean_wait_minutes\": %s, \"waits\": %u",
              p->ir->jit_release ? "just_in_time" : "as_soon_as_possible", b1, b2, n);
    if (overlap_used(p->ir)) {
        /* transfer lots: how long operations run beside the steps before them */
        fmt_double(b1, sizeof b1, round(overlap * 1000) / 1000);
        sb_printf(o, ", \"overlap_minutes\": %s, \"overlapping\": %u", b1, nover);
    }
    sb_putc(o, '}');
}
