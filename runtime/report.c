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
#include "scrap.h"
#include "runtime.h"

#define EPS_MONEY 1e-9

/* ---- figures ---------------------------------------------------------------- */
typedef struct StdCost {
    double material, run, setup;
    bool done, busy;
} StdCost;

typedef struct MachineUse {
    double busy, available, cost;
    uint32_t ops;
} MachineUse;

typedef struct Cause {
    int32_t machine;     /* waited for this machine (busy or closed) */
    int64_t wait;
    int32_t material;    /* or for this material */
    int64_t arrived;
} Cause;

typedef struct Figures {
    const Plan *p;
    StdCost *std;
    MachineUse *mach;
    double *order_cost;  /* machine and material cost of each customer order's work */
} Figures;

static double machine_rate(const IrModel *ir, int32_t m, const IrProduct *pr, double qty)
{
    const IrMachine *mc = &ir->machines[m];
    if (mc->cost_fn < 0) return mc->cost_rate;
    /* a cost rule, for a standard job of this product */
    RuleEnv env;
    memset(&env, 0, sizeof env);
    env.var[RV_NOW] = (double)ir->start;
    env.var[RV_JOB_QUANTITY] = env.var[RV_ORDER_QUANTITY] = qty;
    env.var[RV_MACHINE_UNITS] = mc->units;
    env.var[RV_ORDER_PRIORITY] = env.var[RV_JOB_PRIORITY] = 1;
    env.attr[ATAB_JOB] = pr->attrs;
    env.attr[ATAB_PREV] = ir->default_attrs[ATAB_PREV];
    env.attr[ATAB_ORDER] = ir->default_attrs[ATAB_ORDER];
    env.attr[ATAB_MACHINE] = mc->attrs;
    double *regs = tk_xalloc((ir->funcs[mc->cost_fn].n + 1) * sizeof(double));
    double r = interp_eval(&ir->funcs[mc->cost_fn], &env, regs);
    tk_free(regs);
    return r > 0 ? r : 0;
}

/* Standard cost of one piece: materials, and machine time at the first
 * machine of each step; setups spread over the standard batch (the fixed lot,
 * else the minimum order, else one piece). */
static void std_cost(Figures *F, int32_t pi)
{
    const IrModel *ir = F->p->ir;
    StdCost *c = &F->std[pi];
    if (c->done || c->busy) return;
    c->busy = true;
    const IrProduct *pr = &ir->products[pi];
    double batch = pr->lot.fixed > 0 ? pr->lot.fixed : pr->lot.min > 0 ? pr->lot.min : 1;
    /* planned scrap, as its long-run average (scrap.h): what each step and
     * the bill of materials take for one good piece */
    double *in = tk_xalloc((pr->nsteps + 1) * sizeof(double));
    double started = scrap_rates(pr, in);
    for (uint32_t b = 0; b < pr->nbom; b++) {
        const IrBomLine *bl = &pr->bom[b];
        double q = scrap_line_need(bl, started);
        if (bl->is_product) {
            std_cost(F, bl->item);
            const StdCost *cc = &F->std[bl->item];
            c->material += q * cc->material;
            c->run += q * cc->run;
            c->setup += q * cc->setup;
        } else c->material += q * ir->materials[bl->item].cost;
    }
    for (uint32_t s = 0; s < pr->nsteps; s++) {
        const IrAlt *al = &pr->steps[s].alts[0];
        double rate = machine_rate(ir, al->machine, pr, batch);
        c->run += rate * (al->per_piece ? al->run * in[s] : al->run / batch);
        c->setup += rate * al->setup / batch;
    }
    tk_free(in);
    c->busy = false;
    c->done = true;
}

static void figures(Figures *F, const Plan *p)
{
    const IrModel *ir = p->ir;
    F->p = p;
    F->std = tk_xalloc((ir->nproducts + 1) * sizeof(StdCost));
    memset(F->std, 0, (ir->nproducts + 1) * sizeof(StdCost));
    for (uint32_t i = 0; i < ir->nproducts; i++) std_cost(F, (int32_t)i);
    F->mach = tk_xalloc((ir->nmachines + 1) * sizeof(MachineUse));
    memset(F->mach, 0, (ir->nmachines + 1) * sizeof(MachineUse));
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        MachineUse *u = &F->mach[op->machine];
        u->busy += op->setup + op->run;
        u->cost += op->cost;
        u->ops++;
    }
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        const IrMachine *mc = &ir->machines[m];
        const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
        F->mach[m].available = (double)cal_work_between(cal, ir->start, p->m.makespan_end) * mc->units;
    }
    F->order_cost = tk_xalloc((ir->norders + 1) * sizeof(double));
    memset(F->order_cost, 0, (ir->norders + 1) * sizeof(double));
    for (uint32_t i = 0; i < p->wos.len; i++) {
        const WorkOrder *w = &p->wos.data[i];
        if (w->order < 0) continue;
        double c = w->material_cost;
        for (uint32_t s = 0; s < w->nops; s++) c += p->ops.data[w->first_op + s].cost;
        F->order_cost[w->order] += c;
    }
}

static void figures_free(Figures *F)
{
    tk_free(F->std);
    tk_free(F->mach);
    tk_free(F->order_cost);
}

/* What held an order up: from its last operation back along the constraint
 * that set each start — waits for a machine (busy or closed), a material's
 * arrival, components, predecessors. */
static uint32_t order_causes(const Plan *p, int32_t oi, Cause *out, uint32_t max)
{
    const U32Vec *wos = &p->order_wos[oi];
    int32_t last = -1;
    for (uint32_t k = 0; k < wos->len; k++) {
        const WorkOrder *w = &p->wos.data[wos->data[k]];
        if (last < 0 || w->end > p->wos.data[last].end) last = (int32_t)wos->data[k];
    }
    uint32_t n = 0;
    int32_t wi = last;
    for (int guard = 0; wi >= 0 && guard < 100000; guard++) {
        const WorkOrder *w = &p->wos.data[wi];
        /* the operation that ends last */
        int32_t oi2 = -1;
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine >= 0 && (oi2 < 0 || op->end > p->ops.data[oi2].end)) oi2 = (int32_t)(w->first_op + s);
        }
        wi = -1;
        while (oi2 >= 0) {
            const Op *op = &p->ops.data[oi2];
            if (op->start > op->ready) {
                uint32_t k = 0;
                while (k < n && !(out[k].machine == op->machine)) k++;
                if (k == n && n < max) {
                    memset(&out[n], 0, sizeof(Cause));
                    out[n].machine = op->machine;
                    out[n].material = -1;
                    n++;
                }
                if (k < n) out[k].wait += op->start - op->ready;
            }
            switch ((WaitCause)op->cause) {
            case WAIT_PRED: oi2 = op->cause_ref; continue;
            case WAIT_MATERIAL:
                if (op->cause_ref >= 0 && n < max) {
                    memset(&out[n], 0, sizeof(Cause));
                    out[n].machine = -1;
                    out[n].material = op->cause_ref;
                    out[n].arrived = op->ready;
                    n++;
                }
                break;
            case WAIT_COMPONENT: wi = op->cause_ref; break;
            default: break;
            }
            break;
        }
    }
    return n;
}

/* ---- formatting ----------------------------------------------------------------- */
void report_fmt_dur(char *b, size_t n, double minutes)
{
    int64_t m = (int64_t)llround(minutes);
    const char *sign = m < 0 ? "-" : "";
    if (m < 0) m = -m;
    int64_t d = m / 1440, h = m % 1440 / 60, mi = m % 60;
    if (d) snprintf(b, n, "%s%lldd %02lld:%02lld", sign, (long long)d, (long long)h, (long long)mi);
    else snprintf(b, n, "%s%lld:%02lld", sign, (long long)h, (long long)mi);
}

static void fmt_dur(char *b, size_t n, double minutes) { report_fmt_dur(b, n, minutes); }

static void fmt_when(char *b, size_t n, int64_t t)
{
    fmt_datetime_sp(b, n, t);
}

static void fmt_money(char *b, size_t n, double v)
{
    double r = round(v * 100) / 100;
    if (r == 0) r = 0;
    if (!(fabs(r) < 1e15)) { /* a plan never has it (E0507); no digits to group */
        snprintf(b, n, "%g", r);
        return;
    }
    /* thousands separated by commas */
    char raw[64];
    snprintf(raw, sizeof raw, "%.2f", fabs(r));
    char *dot = strchr(raw, '.');
    size_t ilen = (size_t)(dot - raw);
    size_t w = 0;
    if (r < 0 && w + 1 < n) b[w++] = '-';
    for (size_t i = 0; i < ilen && w + 1 < n; i++) {
        if (i && (ilen - i) % 3 == 0 && w + 1 < n) b[w++] = ',';
        b[w++] = raw[i];
    }
    for (const char *c = dot; *c && w + 1 < n; c++) b[w++] = *c;
    b[w] = 0;
}

typedef struct Table {
    const char **cells; /* rows x cols, owned strings, escaped for people (esc_text) */
    uint32_t rows, cols;
    uint32_t cap;
    const char *right;  /* "lrr...": alignment per column (at most 16) */
} Table;

static void trow(Table *t, const char **cols)
{
    uint32_t need = (t->rows + 1) * t->cols;
    if (need > t->cap) {
        while (t->cap < need) t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = tk_xrealloc(t->cells, t->cap * sizeof(char *));
    }
    for (uint32_t c = 0; c < t->cols; c++) t->cells[t->rows * t->cols + c] = esc_dup(cols[c]);
    t->rows++;
}

/* The width of a cell: its characters (a cell is escaped, so UTF-8) */
static size_t width_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void pad(StrBuf *o, size_t n)
{
    for (; n; n--) sb_putc(o, ' ');
}

static void tprint(Table *t, StrBuf *o)
{
    size_t w[16] = {0};
    for (uint32_t r = 0; r < t->rows; r++)
        for (uint32_t c = 0; c < t->cols; c++) {
            size_t l = width_of(t->cells[r * t->cols + c]);
            if (l > w[c]) w[c] = l;
        }
    for (uint32_t r = 0; r < t->rows; r++) {
        sb_puts(o, "  ");
        for (uint32_t c = 0; c < t->cols; c++) {
            const char *s = t->cells[r * t->cols + c];
            bool right = t->right[c] == 'r';
            size_t l = width_of(s);
            if (right) pad(o, w[c] - l);
            sb_puts(o, s);
            if (!right && c + 1 < t->cols) pad(o, w[c] - l);
            if (c + 1 < t->cols) sb_puts(o, "  ");
        }
        /* no trailing spaces */
        while (o->len && o->data[o->len - 1] == ' ') o->data[--o->len] = 0;
        sb_putc(o, '\n');
        if (r == 0) {
            sb_puts(o, "  ");
            size_t total = 0;
            for (uint32_t c = 0; c < t->cols; c++) total += w[c] + (c + 1 < t->cols ? 2 : 0);
            for (size_t i = 0; i < total; i++) sb_putc(o, '-');
            sb_putc(o, '\n');
        }
    }
    for (uint32_t i = 0; i < t->rows * t->cols; i++) tk_free((void *)t->cells[i]);
    tk_free(t->cells);
    memset(t, 0, sizeof *t);
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
static void var_row(Table *t, const char *name, const char *product, const Variance *x, bool material)
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
    trow(t, row);
}

/* Operations reported, or material issued: the report has an actuals section. */
static bool reports_actuals(const IrModel *ir)
{
    bool any = ir->nactuals > 0;
    for (uint32_t m = 0; m < ir->nmaterials && !any; m++) any = ir->materials[m].nissues > 0;
    return any;
}

static void variance_text(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    VarianceReport v;
    variance_compute(p, &v);
    char b1[64], b2[64], b3[64];
    fmt_when(b1, sizeof b1, ir->now >= 0 ? ir->now : ir->start);
    sb_printf(o, "\nActuals and variance (%s), as of %s\n", esc_show(ir->currency), b1);
    sb_printf(o, "  operations    %u done, %u running\n", v.done, v.running);
    fmt_money(b1, sizeof b1, v.to_date);
    fmt_money(b2, sizeof b2, v.to_complete);
    fmt_money(b3, sizeof b3, v.to_date + v.to_complete);
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
    sb_puts(o, "  (standard / actual for the operations done; variance = actual - standard)\n\n");
    uint32_t *wi = wo_index(p);
    {
        sb_puts(o, "Variance by work order\n");
        Table t = {NULL, 0, 12, 0, "llrrrrrrrrrr"};
        const char *h[] = {"work order", "product", "good", "scrap", "setup", "run", "machine", "setup cost",
                           "material", "scrap cost", "variance", "%"};
        trow(&t, h);
        for (uint32_t k = 0; k < p->wos.len; k++) {
            uint32_t i = wi[k];
            if (!v.reported[i] || !v.by_wo[i].ops) continue;
            const WorkOrder *w = &p->wos.data[i];
            var_row(&t, w->name, ir->products[w->product].name, &v.by_wo[i], true);
        }
        var_row(&t, "total", "", &v.total, true);
        tprint(&t, o);
        sb_putc(o, '\n');
    }
    {
        sb_puts(o, "Variance by product\n");
        Table t = {NULL, 0, 11, 0, "lrrrrrrrrrr"};
        const char *h[] = {"product", "good", "scrap", "setup", "run", "machine", "setup cost", "material",
                           "scrap cost", "variance", "%"};
        trow(&t, h);
        for (uint32_t i = 0; i < ir->nproducts; i++)
            if (v.by_product[i].ops) var_row(&t, ir->products[i].name, NULL, &v.by_product[i], true);
        tprint(&t, o);
        sb_putc(o, '\n');
    }
    {
        sb_puts(o, "Variance by machine\n");
        Table t = {NULL, 0, 10, 0, "lrrrrrrrrr"};
        const char *h[] = {"machine", "good", "scrap", "setup", "run", "machine", "setup cost", "scrap cost",
                           "variance", "%"};
        trow(&t, h);
        for (uint32_t i = 0; i < ir->nmachines; i++)
            if (v.by_machine[i].ops) var_row(&t, ir->machines[i].name, NULL, &v.by_machine[i], false);
        tprint(&t, o);
    }
    tk_free(wi);
    variance_free(&v);
}

/* ---- text ---------------------------------------------------------------------- */

static void cause_text(const Plan *p, const Cause *c, uint32_t n, StrBuf *o)
{
    const IrModel *ir = p->ir;
    char b[64];
    bool any = false;
    for (uint32_t k = 0; k < n; k++) {
        if (c[k].machine >= 0 && c[k].wait > 0) {
            fmt_dur(b, sizeof b, (double)c[k].wait);
            sb_printf(o, "%swaited %s for %s", any ? ", " : "", b, esc_show(ir->machines[c[k].machine].name));
            any = true;
        } else if (c[k].material >= 0) {
            fmt_when(b, sizeof b, c[k].arrived);
            sb_printf(o, "%smaterial %s arrived %s", any ? ", " : "", esc_show(ir->materials[c[k].material].name), b);
            any = true;
        }
    }
    if (!any) sb_puts(o, "its own work takes longer than the time to its due date");
}

void report_text(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    Figures F;
    figures(&F, p);
    char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
    char *cur = esc_dup(ir->currency);
    fmt_when(b1, sizeof b1, ir->start);
    fmt_when(b2, sizeof b2, ir->end);
    sb_printf(o, "Plan for %s, %s to %s\n\n", ir->plant_name[0] ? esc_show(ir->plant_name) : "the plant", b1, b2);

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
    sb_printf(o, "  cost          %s %s (machines %s, materials %s)\n", b1, cur, b2, b3);
    fmt_money(b1, sizeof b1, m->penalty);
    sb_printf(o, "  penalties     %s %s\n", b1, cur);
    fmt_dur(b1, sizeof b1, m->setup_time);
    sb_printf(o, "  setups        %.0f, %s in total\n", m->setups, b1);
    report_objective_text(p, o);

    uint32_t *oi = order_index(p);
    if (ir->norders) {
        sb_puts(o, "Orders\n");
        Table t = {NULL, 0, 6, 0, "llrllr"};
        const char *h[] = {"order", "product", "qty", "due", "done", "lateness"};
        trow(&t, h);
        for (uint32_t k = 0; k < ir->norders; k++) {
            const IrOrder *r = &ir->orders[oi[k]];
            const OrderResult *res = &p->orders[oi[k]];
            fmt_double(b1, sizeof b1, r->qty);
            fmt_when(b2, sizeof b2, r->due);
            fmt_when(b3, sizeof b3, res->done);
            fmt_dur(b4, sizeof b4, (double)res->lateness);
            const char *row[] = {r->name, ir->products[r->product].name, b1, b2, b3, res->lateness > 0 ? b4 : "on time"};
            trow(&t, row);
        }
        tprint(&t, o);
        sb_putc(o, '\n');
        if (m->late_orders > 0) {
            sb_puts(o, "Late orders, and what held them up\n");
            for (uint32_t k = 0; k < ir->norders; k++) {
                const OrderResult *res = &p->orders[oi[k]];
                if (res->lateness <= 0) continue;
                Cause c[8];
                uint32_t n = order_causes(p, (int32_t)oi[k], c, 8);
                fmt_dur(b1, sizeof b1, (double)res->lateness);
                sb_printf(o, "  %s late by %s: ", esc_show(ir->orders[oi[k]].name), b1);
                cause_text(p, c, n, o);
                sb_putc(o, '\n');
            }
            sb_putc(o, '\n');
        }
    }

    if (p->wos.len) {
        sb_puts(o, "Work orders\n");
        uint32_t *wi = wo_index(p);
        Table t = {NULL, 0, 6, 0, "llrlll"};
        const char *h[] = {"work order", "product", "qty", "start", "end", "due"};
        trow(&t, h);
        for (uint32_t k = 0; k < p->wos.len; k++) {
            const WorkOrder *w = &p->wos.data[wi[k]];
            fmt_double(b1, sizeof b1, w->qty);
            fmt_when(b2, sizeof b2, w->start);
            fmt_when(b3, sizeof b3, w->end);
            fmt_when(b4, sizeof b4, w->due);
            const char *row[] = {w->name, ir->products[w->product].name, b1, w->start >= 0 ? b2 : "-", w->end >= 0 ? b3 : "-", b4};
            trow(&t, row);
        }
        tprint(&t, o);
        tk_free(wi);
        sb_putc(o, '\n');
    }
    report_scrap_text(p, o);
    report_flow_text(p, o);

    sb_puts(o, "Purchases\n");
    if (!p->purchases.len) sb_puts(o, "  none: stock and open receipts cover every need\n");
    else {
        /* where goods are received by a calendar, which one */
        bool receiving = false;
        for (uint32_t k = 0; k < p->purchases.len; k++)
            if (ir->materials[p->purchases.data[k].material].receiving >= 0) receiving = true;
        Table t = {NULL, 0, receiving ? 7 : 6, 0, "lrlllrl"};
        const char *h[] = {"material", "qty", "unit", "order on", "arrives", "cost", "received by"};
        trow(&t, h);
        for (uint32_t k = 0; k < p->purchases.len; k++) {
            const Purchase *pu = &p->purchases.data[k];
            const IrMaterial *mt = &ir->materials[pu->material];
            fmt_double(b1, sizeof b1, pu->qty);
            fmt_when(b2, sizeof b2, pu->order_at);
            fmt_when(b3, sizeof b3, pu->arrive);
            fmt_money(b4, sizeof b4, pu->qty * mt->cost);
            if (pu->late) strncat(b3, " (late)", sizeof b3 - strlen(b3) - 1);
            const char *row[] = {mt->name, b1, mt->uom, b2, b3, b4, mt->receiving >= 0 ? ir->calendars[mt->receiving].name : "-"};
            trow(&t, row);
        }
        tprint(&t, o);
    }
    sb_putc(o, '\n');

    sb_printf(o, "Standard cost per piece (%s)\n", cur);
    {
        Table t = {NULL, 0, 5, 0, "lrrrr"};
        const char *h[] = {"product", "material", "run", "setup", "total"};
        trow(&t, h);
        for (uint32_t i = 0; i < ir->nproducts; i++) {
            const StdCost *c = &F.std[i];
            fmt_money(b1, sizeof b1, c->material);
            fmt_money(b2, sizeof b2, c->run);
            fmt_money(b3, sizeof b3, c->setup);
            fmt_money(b4, sizeof b4, c->material + c->run + c->setup);
            const char *row[] = {ir->products[i].name, b1, b2, b3, b4};
            trow(&t, row);
        }
        tprint(&t, o);
    }
    sb_putc(o, '\n');

    if (ir->norders) {
        sb_printf(o, "Cost by order (%s)\n", cur);
        Table t = {NULL, 0, 4, 0, "lrrr"};
        const char *h[] = {"order", "work and materials", "penalty", "total"};
        trow(&t, h);
        for (uint32_t k = 0; k < ir->norders; k++) {
            const IrOrder *r = &ir->orders[oi[k]];
            double late = p->orders[oi[k]].lateness > 0 ? (double)p->orders[oi[k]].lateness : 0;
            double pen = late * r->penalty;
            fmt_money(b1, sizeof b1, F.order_cost[oi[k]]);
            fmt_money(b2, sizeof b2, pen);
            fmt_money(b3, sizeof b3, F.order_cost[oi[k]] + pen);
            const char *row[] = {r->name, b1, b2, b3};
            trow(&t, row);
        }
        tprint(&t, o);
        sb_putc(o, '\n');
    }

    sb_printf(o, "Machines (%s)\n", cur);
    {
        Table t = {NULL, 0, 7, 0, "lrrrrrr"};
        const char *h[] = {"machine", "units", "operations", "busy", "available", "utilisation", "cost"};
        trow(&t, h);
        for (uint32_t i = 0; i < ir->nmachines; i++) {
            const MachineUse *u = &F.mach[i];
            snprintf(b1, sizeof b1, "%u", ir->machines[i].units);
            snprintf(b2, sizeof b2, "%u", u->ops);
            fmt_dur(b3, sizeof b3, u->busy);
            fmt_dur(b4, sizeof b4, u->available);
            if (u->available > 0) snprintf(b5, sizeof b5, "%.1f%%", 100.0 * u->busy / u->available);
            else snprintf(b5, sizeof b5, "-");
            fmt_money(b6, sizeof b6, u->cost);
            const char *row[] = {ir->machines[i].name, b1, b2, b3, b4, b5, b6};
            trow(&t, row);
        }
        tprint(&t, o);
    }
    if (reports_actuals(ir)) variance_text(p, o);
    tk_free(oi);
    tk_free(cur);
    figures_free(&F);
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

static void variance_json(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    VarianceReport v;
    variance_compute(p, &v);
    sb_puts(o, ",\n  \"actuals\": {");
    jtime(o, "now", ir->now >= 0 ? ir->now : ir->start);
    sb_puts(o, ", ");
    jnum(o, "done", v.done);
    sb_puts(o, ", ");
    jnum(o, "running", v.running);
    sb_puts(o, ", ");
    jmoney(o, "cost_to_date", v.to_date);
    sb_puts(o, ", ");
    jmoney(o, "cost_to_complete", v.to_complete);
    sb_puts(o, ", ");
    jmoney(o, "cost_at_completion", v.to_date + v.to_complete);
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
        if (!v.reported[i] || !v.by_wo[i].ops) continue;
        sb_puts(o, first ? "\n      " : ",\n      ");
        first = false;
        jvar(o, "work_order", p->wos.data[i].name, &v.by_wo[i], true);
    }
    sb_puts(o, "],\n    \"products\": [");
    first = true;
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        if (!v.by_product[i].ops) continue;
        sb_puts(o, first ? "\n      " : ",\n      ");
        first = false;
        jvar(o, "product", ir->products[i].name, &v.by_product[i], true);
    }
    sb_puts(o, "],\n    \"machines\": [");
    first = true;
    for (uint32_t i = 0; i < ir->nmachines; i++) {
        if (!v.by_machine[i].ops) continue;
        sb_puts(o, first ? "\n      " : ",\n      ");
        first = false;
        jvar(o, "machine", ir->machines[i].name, &v.by_machine[i], false);
    }
    sb_puts(o, "],\n    \"total\": ");
    jvar(o, "work_order", "total", &v.total, true);
    sb_puts(o, "\n  }");
    tk_free(wi);
    variance_free(&v);
}

void report_json(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    Figures F;
    figures(&F, p);
    sb_puts(o, "{\n  ");
    jstr(o, "plant", ir->plant_name);
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
    jmoney(o, "material_cost", m->material_cost);
    sb_puts(o, ", ");
    jmoney(o, "penalty", m->penalty);
    sb_puts(o, ", ");
    jnum(o, "setups", m->setups);
    sb_puts(o, ", ");
    jnum(o, "setup_minutes", round(m->setup_time * 1e6) / 1e6);
    sb_puts(o, ", ");
    report_objective_json(p, o);
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
        if (res->lateness > 0) {
            Cause c[8];
            uint32_t n = order_causes(p, (int32_t)oi[k], c, 8);
            sb_puts(o, ", \"held_up_by\": [");
            bool first = true;
            for (uint32_t q = 0; q < n; q++) {
                if (c[q].machine >= 0 && c[q].wait <= 0) continue;
                sb_puts(o, first ? "{" : ", {");
                first = false;
                if (c[q].machine >= 0) {
                    jstr(o, "machine", ir->machines[c[q].machine].name);
                    sb_puts(o, ", ");
                    jnum(o, "wait_minutes", (double)c[q].wait);
                } else {
                    jstr(o, "material", ir->materials[c[q].material].name);
                    sb_puts(o, ", ");
                    jtime(o, "arrived", c[q].arrived);
                }
                sb_puts(o, "}");
            }
            sb_puts(o, "]");
        }
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
        sb_puts(o, "}");
    }
    tk_free(wi);
    sb_puts(o, p->wos.len ? "\n  ]" : "]");
    report_scrap_json(p, o);
    report_flow_json(p, o);
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
        sb_puts(o, ", ");
        jmoney(o, "cost", pu->qty * mt->cost);
        sb_printf(o, ", \"late\": %s, ", pu->late ? "true" : "false");
        if (mt->receiving >= 0) jstr(o, "received_by", ir->calendars[mt->receiving].name);
        else sb_puts(o, "\"received_by\": null");
        sb_puts(o, "}");
    }
    sb_puts(o, p->purchases.len ? "\n  ],\n  \"standard_costs\": [" : "],\n  \"standard_costs\": [");
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
    for (uint32_t i = 0; i < ir->nmachines; i++) {
        const MachineUse *u = &F.mach[i];
        sb_puts(o, i ? ",\n    {" : "\n    {");
        jstr(o, "machine", ir->machines[i].name);
        sb_puts(o, ", ");
        jnum(o, "units", ir->machines[i].units);
        sb_puts(o, ", ");
        jnum(o, "operations", u->ops);
        sb_puts(o, ", ");
        jnum(o, "busy_minutes", round(u->busy * 1e6) / 1e6);
        sb_puts(o, ", ");
        jnum(o, "available_minutes", u->available);
        sb_puts(o, ", ");
        jnum(o, "utilisation", u->available > 0 ? round(1e4 * u->busy / u->available) / 1e4 : 0);
        sb_puts(o, ", ");
        jmoney(o, "cost", u->cost);
        sb_puts(o, "}");
    }
    sb_puts(o, ir->nmachines ? "\n  ]" : "]");
    if (reports_actuals(ir)) variance_json(p, o);
    sb_puts(o, "\n}\n");
    tk_free(oi);
    figures_free(&F);
}
