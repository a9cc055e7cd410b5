/* page_data.c: the plan and its views as one JSON value for the page's
 * script (page.c embeds it in a <script type="application/json"> element).
 * Compact: times are minutes from the data's base `t0`, operations and work
 * orders are columns of numbers, names are given once and referred to by
 * index. Every string goes through esc_json_script, so that no name can
 * end the element or be read as anything but a string. The layout is read
 * by runtime/page/page.js; "v" is its version. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/esc.h"
#include "page.h"
#include "views.h"

typedef struct Out {
    StrBuf *o;
    int64_t t0;
} Out;

static void str(Out *O, const char *s) { esc_json_script(O->o, s ? s : ""); }
static void num(Out *O, double v)
{
    char b[40];
    double r = round(v * 1e6) / 1e6;
    fmt_double(b, sizeof b, r == 0 ? 0 : r);
    sb_puts(O->o, b);
}
static void tm(Out *O, int64_t t) { sb_printf(O->o, "%lld", (long long)(t - O->t0)); }
static void sep(Out *O, uint32_t i) { if (i) sb_putc(O->o, ','); }

/* The names of every routing step, once: "steps" and each step's index in it. */
typedef struct Steps {
    NameIndex ix;
    TK_VEC_OF(const char *) names;
} Steps;

static int32_t step_id(Steps *S, const char *name)
{
    int32_t k = nameindex_find(&S->ix, name);
    if (k >= 0) return k;
    nameindex_add(&S->ix, name, (int32_t)S->names.len);
    vec_push(&S->names, name);
    return (int32_t)S->names.len - 1;
}

static void summary(Out *O, const PlanViews *v)
{
    const Plan *p = v->p;
    const Measures *m = &p->m;
    uint32_t planned = 0;
    for (uint32_t i = 0; i < p->ops.len; i++) planned += p->ops.data[i].machine >= 0;
    sb_printf(O->o, "\"summary\":{\"makespan\":");
    num(O, m->makespan);
    sb_printf(O->o, ",\"late\":%.0f,\"orders\":%u,\"tardiness\":", m->late_orders, p->ir->norders);
    num(O, m->tardiness);
    sb_puts(O->o, ",\"cost\":");
    num(O, m->cost);
    sb_puts(O->o, ",\"machineCost\":");
    num(O, m->machine_cost);
    sb_puts(O->o, ",\"materialCost\":");
    num(O, m->material_cost);
    sb_puts(O->o, ",\"penalty\":");
    num(O, m->penalty);
    sb_printf(O->o, ",\"setups\":%.0f,\"setupTime\":", m->setups);
    num(O, m->setup_time);
    sb_puts(O->o, ",\"objective\":");
    num(O, m->objective);
    sb_printf(O->o, ",\"wos\":%u,\"ops\":%u,\"planned\":%u}", p->wos.len, p->ops.len, planned);
    sb_puts(O->o, ",\n\"terms\":[");
    for (uint32_t i = 0; i < v->nterms; i++) {
        sep(O, i);
        sb_putc(O->o, '[');
        str(O, v->terms[i].text);
        sb_printf(O->o, ",%u,", v->terms[i].kind);
        num(O, v->terms[i].value);
        sb_printf(O->o, ",%d]", p->ir->obj_terms[i].sign);
    }
    sb_puts(O->o, "]");
}

/* Working intervals of each calendar within [from, to), for the closed time
 * the chart shades and the load the page checks. */
static void calendars(Out *O, const IrModel *ir, int64_t from, int64_t to)
{
    sb_puts(O->o, ",\n\"cal\":[");
    for (uint32_t c = 0; c < ir->ncalendars; c++) {
        const IrCalendar *cal = &ir->calendars[c];
        sep(O, c);
        sb_putc(O->o, '[');
        str(O, cal->name);
        sb_puts(O->o, ",[");
        bool first = true;
        for (uint32_t k = 0; k < cal->n; k++) {
            int64_t lo = cal->iv[k].lo < from ? from : cal->iv[k].lo, hi = cal->iv[k].hi > to ? to : cal->iv[k].hi;
            if (lo >= hi) continue;
            if (!first) sb_putc(O->o, ',');
            first = false;
            tm(O, lo);
            sb_putc(O->o, ',');
            tm(O, hi);
        }
        sb_puts(O->o, "]]");
    }
    sb_puts(O->o, "]");
}

static void work_orders(Out *O, const PlanViews *v, const ChartKeys *K)
{
    const Plan *p = v->p;
    uint32_t n = p->wos.len;
    int32_t *fc_of = tk_xalloc((n + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < n; i++) fc_of[i] = -1;
    for (uint32_t f = 0; f < p->fcs.len; f++)
        for (uint32_t k = 0; k < p->fc_wos[f].len; k++) fc_of[p->fc_wos[f].data[k]] = (int32_t)f;
#define COL(key, expr)                                                                                                 \
    do {                                                                                                               \
        sb_puts(O->o, ",\"" key "\":[");                                                                              \
        for (uint32_t i = 0; i < n; i++) {                                                                             \
            const WorkOrder *w = &p->wos.data[i];                                                                      \
            (void)w;                                                                                                   \
            sep(O, i);                                                                                                 \
            expr;                                                                                                      \
        }                                                                                                              \
        sb_puts(O->o, "]");                                                                                            \
    } while (0)
    sb_puts(O->o, ",\n\"wo\":{\"n\":[");
    for (uint32_t i = 0; i < n; i++) {
        sep(O, i);
        str(O, p->wos.data[i].name);
    }
    sb_puts(O->o, "]");
    COL("p", sb_printf(O->o, "%d", w->product));
    COL("q", num(O, w->qty));
    COL("o", sb_printf(O->o, "%d", w->order));
    COL("f", sb_printf(O->o, "%d", fc_of[i]));
    COL("par", sb_printf(O->o, "%d", w->parent));
    COL("k", sb_printf(O->o, "%u", K->of_wo[i]));
    COL("r", tm(O, w->release));
    COL("d", tm(O, w->due));
    COL("ls", tm(O, w->latest_start));
    COL("s", w->start >= 0 ? tm(O, w->start) : sb_puts(O->o, "null"));
    COL("e", w->end >= 0 ? tm(O, w->end) : sb_puts(O->o, "null"));
    COL("mr", tm(O, w->material_ready));
    sb_puts(O->o, "}");
#undef COL
    tk_free(fc_of);
}

static void operations(Out *O, const PlanViews *v, Steps *S)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    uint32_t n = p->ops.len;
    int32_t *sid = tk_xalloc((n + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < n; i++) {
        const Op *op = &p->ops.data[i];
        sid[i] = step_id(S, ir->products[p->wos.data[op->wo].product].steps[op->step].name);
    }
#define COL(key, expr)                                                                                                 \
    do {                                                                                                               \
        sb_puts(O->o, key);                                                                                            \
        for (uint32_t i = 0; i < n; i++) {                                                                             \
            const Op *op = &p->ops.data[i];                                                                            \
            (void)op;                                                                                                  \
            sep(O, i);                                                                                                 \
            expr;                                                                                                      \
        }                                                                                                              \
        sb_puts(O->o, "]");                                                                                            \
    } while (0)
    COL(",\n\"op\":{\"w\":[", sb_printf(O->o, "%d", op->wo));
    COL(",\"st\":[", sb_printf(O->o, "%d", sid[i]));
    COL(",\"m\":[", sb_printf(O->o, "%d", op->machine));
    COL(",\"u\":[", sb_printf(O->o, "%d", op->unit));
    COL(",\"s\":[", op->machine >= 0 ? tm(O, op->start) : sb_puts(O->o, "0"));
    COL(",\"e\":[", op->machine >= 0 ? tm(O, op->end) : sb_puts(O->o, "0"));
    COL(",\"su\":[", num(O, op->setup));
    COL(",\"ru\":[", num(O, op->run));
    COL(",\"a\":[", sb_printf(O->o, "%u", op->actual));
    COL(",\"rd\":[", op->machine >= 0 ? tm(O, op->ready) : sb_puts(O->o, "0"));
    if (window_used(ir)) {
        /* time windows: each operation's window in minutes (-1: none), from
         * when the last of its predecessors ends (wf), and its overrun */
        int64_t *from = tk_xalloc((n + 1) * sizeof(int64_t));
        for (uint32_t i = 0; i < n; i++) {
            from[i] = INT64_MIN;
            for (uint32_t e = p->pred_at[i]; e < p->pred_at[i + 1]; e++) {
                const Op *q = &p->ops.data[p->pred[e]];
                if (q->machine >= 0 && q->end > from[i]) from[i] = q->end;
            }
        }
        COL(",\"wn\":[", sb_printf(O->o, "%lld", (long long)(from[i] == INT64_MIN || op->machine < 0 ? -1 : plan_op_window(p, i))));
        COL(",\"wf\":[", from[i] == INT64_MIN ? sb_puts(O->o, "0") : tm(O, from[i]));
        COL(",\"ov\":[", sb_printf(O->o, "%lld", (long long)(p->overrun ? p->overrun[i] : 0)));
        tk_free(from);
    }
    if (overlap_used(ir)) COL(",\"tr\":[", num(O, plan_op_transfer(p, i))); /* transfer lots: its quantity, 0 none */
    sb_puts(O->o, "}");
#undef COL
    tk_free(sid);
}

/* Resource pools, the units each operation holds (columns: operation,
 * pool, unit, until) and batch machines' cycles (columns: machine, unit,
 * start, end, first member, members, reported: 0 planned, 1 done, 2
 * running; the members: operation, pieces). */
static void resources(Out *O, const PlanViews *v)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    sb_puts(O->o, ",\n\"pool\":[");
    for (uint32_t q = 0; q < ir->npools; q++) {
        sep(O, q);
        sb_putc(O->o, '[');
        str(O, ir->pools[q].name);
        sb_printf(O->o, ",%u,%d]", ir->pools[q].units, ir->pools[q].calendar);
    }
    sb_puts(O->o, "],\n\"hold\":{");
    static const char *const cols[] = {"o", "p", "u", "e"};
    for (int c = 0; c < 4; c++) {
        sb_printf(O->o, "%s\"%s\":[", c ? "," : "", cols[c]);
        uint32_t j = 0;
        for (uint32_t i = 0; p->holds && i < p->ops.len; i++) {
            if (p->ops.data[i].machine < 0) continue;
            for (uint32_t k = p->hold_off[i]; k < p->hold_off[i + 1] && p->holds[k].pool >= 0; k++) {
                const OpHold *h = &p->holds[k];
                sep(O, j++);
                switch (c) {
                case 0: sb_printf(O->o, "%u", i); break;
                case 1: sb_printf(O->o, "%d", h->pool); break;
                case 2: sb_printf(O->o, "%u", h->unit); break;
                default: tm(O, h->until > p->ops.data[i].start ? h->until : p->ops.data[i].start); break;
                }
            }
        }
        sb_putc(O->o, ']');
    }
    sb_puts(O->o, "},\n\"bat\":{\"m\":[");
    const PlanBatch *b = p->batches.data;
    uint32_t nb = p->batches.len;
    for (uint32_t i = 0; i < nb; i++) sep(O, i), sb_printf(O->o, "%d", b[i].machine);
    sb_puts(O->o, "],\"u\":[");
    for (uint32_t i = 0; i < nb; i++) sep(O, i), sb_printf(O->o, "%u", b[i].unit);
    sb_puts(O->o, "],\"s\":[");
    for (uint32_t i = 0; i < nb; i++) sep(O, i), tm(O, b[i].start);
    sb_puts(O->o, "],\"e\":[");
    for (uint32_t i = 0; i < nb; i++) sep(O, i), tm(O, b[i].end);
    sb_puts(O->o, "],\"f\":[");
    for (uint32_t i = 0; i < nb; i++) sep(O, i), sb_printf(O->o, "%u", b[i].first);
    sb_puts(O->o, "],\"n\":[");
    for (uint32_t i = 0; i < nb; i++) sep(O, i), sb_printf(O->o, "%u", b[i].n);
    sb_puts(O->o, "],\"a\":[");
    for (uint32_t i = 0; i < nb; i++) sep(O, i), sb_printf(O->o, "%u", b[i].actual);
    sb_puts(O->o, "],\"po\":[");
    for (uint32_t i = 0; i < p->batch_parts.len; i++) sep(O, i), sb_printf(O->o, "%u", p->batch_parts.data[i].op);
    sb_puts(O->o, "],\"pq\":[");
    for (uint32_t i = 0; i < p->batch_parts.len; i++) sep(O, i), num(O, p->batch_parts.data[i].qty);
    sb_puts(O->o, "]}");
}

static void purchases(Out *O, const PlanViews *v)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    sb_puts(O->o, ",\n\"mat\":[");
    for (uint32_t m = 0; m < ir->nmaterials; m++) {
        sep(O, m);
        sb_putc(O->o, '[');
        str(O, ir->materials[m].name);
        sb_putc(O->o, ',');
        str(O, ir->materials[m].uom);
        sb_putc(O->o, ',');
        num(O, ir->materials[m].cost);
        sb_printf(O->o, ",%lld,%lld]", (long long)ir->materials[m].lead, (long long)ir->materials[m].consolidate);
    }
    sb_puts(O->o, "],\n\"pu\":[");
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        const Purchase *pu = &p->purchases.data[k];
        sep(O, k);
        sb_printf(O->o, "[%d,", pu->material);
        num(O, pu->qty);
        sb_putc(O->o, ',');
        tm(O, pu->order_at);
        sb_putc(O->o, ',');
        tm(O, pu->arrive);
        sb_printf(O->o, ",%d,", pu->late ? 1 : 0);
        if (pu->need_by == INT64_MAX) sb_puts(O->o, "null");
        else tm(O, pu->need_by);
        sb_puts(O->o, ",[");
        uint32_t j = 0;
        for (int32_t a = v->pa_first[k]; a >= 0; a = v->pa_next[a], j++) {
            sep(O, j);
            sb_printf(O->o, "[%d,", p->allocs.data[a].wo);
            num(O, p->allocs.data[a].qty);
            sb_putc(O->o, ']');
        }
        sb_puts(O->o, "]]");
    }
    /* the material pegging of each work order: what it took, from where */
    sb_puts(O->o, "],\n\"alloc\":[");
    uint32_t j = 0;
    for (uint32_t i = 0; i < p->allocs.len; i++) {
        const MatAlloc *a = &p->allocs.data[i];
        if (a->wo < 0) continue;
        sep(O, j++);
        sb_printf(O->o, "[%d,%d,%u,%d,", a->material, a->wo, a->from, a->ref);
        num(O, a->qty);
        sb_putc(O->o, ',');
        tm(O, a->at);
        sb_putc(O->o, ']');
    }
    sb_puts(O->o, "]");
}

static void load(Out *O, const PlanViews *v)
{
    const LoadView *L = &v->load;
    char wk[16];
    sb_puts(O->o, ",\n\"load\":{\"from\":");
    tm(O, L->from);
    sb_puts(O->o, ",\"weeks\":[");
    for (uint32_t w = 0; w < L->nweeks; w++) {
        view_week_name(wk, sizeof wk, L->from + (int64_t)w * 7 * 1440);
        sb_printf(O->o, "%s\"%s\"", w ? "," : "", wk);
    }
    sb_puts(O->o, "],\"rows\":[");
    for (uint32_t i = 0; i < L->nrows; i++) {
        const LoadRow *r = &L->rows[i];
        sep(O, i);
        sb_printf(O->o, "\n[%u,", r->kind);
        str(O, r->name);
        sb_printf(O->o, ",%u,%d,[", r->units, r->index);
        for (uint32_t w = 0; w < L->nweeks; w++) sep(O, w), num(O, r->cells[w].planned);
        sb_puts(O->o, "],[");
        for (uint32_t w = 0; w < L->nweeks; w++) sep(O, w), num(O, r->cells[w].required);
        sb_puts(O->o, "],[");
        for (uint32_t w = 0; w < L->nweeks; w++) sep(O, w), num(O, r->cells[w].available);
        sb_puts(O->o, "]]");
    }
    sb_puts(O->o, "]}");
}

static const char *stock_ref(const PlanViews *v, const StockRow *r, const StockEvent *e)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    switch ((StockEvKind)e->kind) {
    case SEV_RECEIPT: return ir->materials[r->item].receipts[e->ref].id;
    case SEV_ISSUE: return ir->materials[r->item].issues[e->ref].id;
    case SEV_SHIP: return e->ref >= 0 ? ir->orders[e->ref].name : p->fcs.data[-2 - e->ref].name;
    default: return NULL;
    }
}

static void stock(Out *O, const PlanViews *v)
{
    const StockView *S = &v->stock;
    sb_puts(O->o, ",\n\"stock\":[");
    for (uint32_t i = 0; i < S->nrows; i++) {
        const StockRow *r = &S->rows[i];
        sep(O, i);
        sb_puts(O->o, "\n[");
        str(O, r->name);
        sb_printf(O->o, ",%d,", r->product ? 1 : 0);
        str(O, r->uom);
        double f[] = {r->onhand, r->safety, r->end, r->lowest};
        for (int k = 0; k < 4; k++) sb_putc(O->o, ','), num(O, f[k]);
        sb_putc(O->o, ',');
        tm(O, r->lowest_at);
        sb_putc(O->o, ',');
        num(O, r->below_minutes);
        sb_putc(O->o, ',');
        num(O, r->short_qty);
        sb_puts(O->o, ",[");
        for (uint32_t k = 0; k < r->nev; k++) {
            const StockEvent *e = &r->ev[k];
            sep(O, k);
            sb_putc(O->o, '[');
            tm(O, e->t);
            sb_putc(O->o, ',');
            num(O, e->qty);
            sb_putc(O->o, ',');
            num(O, e->level);
            sb_printf(O->o, ",%u,", e->kind);
            /* a work order by index, anything else by name */
            if ((e->kind == SEV_USE || e->kind == SEV_MADE || e->kind == SEV_PURCHASE) && e->ref >= 0) sb_printf(O->o, "%d", e->ref);
            else str(O, stock_ref(v, r, e));
            sb_putc(O->o, ']');
        }
        sb_puts(O->o, "]]");
    }
    sb_puts(O->o, "]");
}

static void exceptions(Out *O, const PlanViews *v)
{
    char where[600];
    sb_puts(O->o, ",\n\"exc\":[");
    for (uint32_t i = 0; i < v->nexc; i++) {
        const Exception *e = &v->exc[i];
        sep(O, i);
        sb_puts(O->o, "\n[");
        str(O, exc_kind_name((ExcKind)e->kind));
        sb_putc(O->o, ',');
        str(O, e->subject_name);
        sb_putc(O->o, ',');
        str(O, e->text);
        sb_putc(O->o, ',');
        const char *wh = views_where(v, e->span, where, sizeof where);
        str(O, wh ? wh : "");
        sb_putc(O->o, ',');
        tm(O, e->at);
        sb_printf(O->o, ",%lld,", (long long)e->minutes);
        bool demand = e->kind == EXC_LATE_ORDER || e->kind == EXC_LATE_FORECAST;
        str(O, demand ? hold_cause_name((HoldCause)e->cause) : "");
        sb_printf(O->o, ",%d]", e->subject);
    }
    sb_puts(O->o, "]");
}

void page_data(const PlanViews *v, int64_t t0, const ChartKeys *K, StrBuf *o)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    Out O = {o, t0};
    Steps S;
    memset(&S, 0, sizeof S);
    nameindex_init(&S.ix);
    bool replan = ir->nactuals > 0 || ir->now >= 0;
    sb_puts(o, "{\"v\":1,\"plant\":");
    str(&O, ir->plant_name);
    sb_puts(o, ",\"currency\":");
    str(&O, ir->currency);
    sb_printf(o, ",\"t0\":%lld,\"start\":", (long long)t0);
    tm(&O, ir->start);
    sb_puts(o, ",\"end\":");
    tm(&O, ir->end);
    sb_puts(o, ",\"finish\":");
    tm(&O, p->m.makespan_end);
    sb_puts(o, ",\"now\":");
    tm(&O, plan_now(ir));
    sb_printf(o, ",\"replan\":%s,\n", replan ? "true" : "false");
    summary(&O, v);
    calendars(&O, ir, t0, p->m.makespan_end > ir->end ? p->m.makespan_end : ir->end);
    sb_puts(o, ",\n\"mach\":[");
    for (uint32_t m = 0; m < ir->nmachines; m++) {
        sep(&O, m);
        sb_putc(o, '[');
        str(&O, ir->machines[m].name);
        /* a batch machine: its capacity per cycle (0: one operation at a
         * time); a subcontractor (1): work sent out, any amount at once, on
         * no unit's load */
        sb_printf(o, ",%u,%d,", ir->machines[m].units, ir->machines[m].calendar);
        num(&O, ir->machines[m].batch_cap > 0 ? ir->machines[m].batch_cap : 0);
        sb_puts(o, ir->machines[m].subcontract ? ",1]" : ",0]");
    }
    sb_puts(o, "]");
    resources(&O, v);
    sb_puts(o, ",\n\"prod\":[");
    for (uint32_t i = 0; i < ir->nproducts; i++) sep(&O, i), str(&O, ir->products[i].name);
    sb_puts(o, "],\n\"keys\":[");
    for (uint32_t k = 0; k < K->n; k++) {
        char c[40];
        chart_colour(k, c, sizeof c);
        sep(&O, k);
        sb_putc(o, '[');
        str(&O, K->names[k]);
        sb_printf(o, ",\"%s\",%d,%d]", c, K->late[k] ? 1 : 0, chart_colour_dark(k) ? 1 : 0);
    }
    sb_puts(o, "],\n\"ord\":[");
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *r = &ir->orders[i];
        sep(&O, i);
        sb_putc(o, '[');
        str(&O, r->name);
        sb_printf(o, ",%d,", r->product);
        num(&O, r->qty);
        sb_putc(o, ',');
        tm(&O, r->due);
        sb_putc(o, ',');
        tm(&O, p->orders[i].done);
        sb_printf(o, ",%lld,", (long long)p->orders[i].lateness);
        num(&O, v->cost.order_cost[i]);
        sb_putc(o, ',');
        num(&O, p->orders[i].lateness > 0 ? (double)p->orders[i].lateness * r->penalty : 0);
        sb_putc(o, ']');
    }
    sb_puts(o, "],\n\"fc\":[");
    for (uint32_t f = 0; f < p->fcs.len; f++) {
        const FcDemand *fd = &p->fcs.data[f];
        sep(&O, f);
        sb_putc(o, '[');
        str(&O, fd->name);
        sb_printf(o, ",%d,", fd->product);
        num(&O, fd->qty);
        sb_putc(o, ',');
        tm(&O, fd->due);
        sb_putc(o, ',');
        tm(&O, v->fc[f].done);
        sb_printf(o, ",%lld]", (long long)v->fc[f].lateness);
    }
    sb_puts(o, "]");
    work_orders(&O, v, K);
    operations(&O, v, &S);
    sb_puts(o, ",\n\"steps\":[");
    for (uint32_t i = 0; i < S.names.len; i++) sep(&O, i), str(&O, S.names.data[i]);
    sb_puts(o, "]");
    purchases(&O, v);
    /* costs: standard per piece of each product, each machine's use */
    sb_puts(o, ",\n\"std\":[");
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const StdCost *c = &v->cost.std[i];
        sep(&O, i);
        sb_putc(o, '[');
        num(&O, c->material);
        sb_putc(o, ',');
        num(&O, c->run);
        sb_putc(o, ',');
        num(&O, c->setup);
        sb_putc(o, ']');
    }
    sb_puts(o, "],\n\"use\":[");
    for (uint32_t i = 0; i < ir->nmachines; i++) {
        const MachineUse *u = &v->cost.mach[i];
        sep(&O, i);
        sb_printf(o, "[%u,", u->ops);
        num(&O, u->busy);
        sb_putc(o, ',');
        num(&O, u->available);
        sb_putc(o, ',');
        num(&O, u->cost);
        sb_putc(o, ']');
    }
    sb_puts(o, "]");
    load(&O, v);
    stock(&O, v);
    exceptions(&O, v);
    sb_puts(o, "}");
    vec_free(&S.names);
    nameindex_free(&S.ix);
}
