/* plan_write.c: the plan file and the schedule CSV. The plan file is
 * canonical, line-oriented text (docs/plan-format.md): one record a line,
 * sorted by name so that a change to one order changes only its own lines,
 * and read back by `takt verify` and `takt diff`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

/* A name as a plan token: bare if it is made of safe characters, else a
 * JSON string. */
static void put_name(StrBuf *o, const char *s)
{
    bool bare = *s != 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
              *c == '-' || *c == '.' || *c == '/'))
            bare = false;
    if (bare) sb_puts(o, s);
    else json_escape(o, s);
}

static void put_time(StrBuf *o, const char *key, int64_t t)
{
    char b[32];
    fmt_datetime(b, sizeof b, t);
    sb_printf(o, " %s %s", key, b);
}

static void put_num(StrBuf *o, const char *key, double v)
{
    char b[40];
    fmt_double(b, sizeof b, v);
    sb_printf(o, " %s %s", key, b);
}

/* money to the cent; minutes and quantities exact */
static void put_money(StrBuf *o, const char *key, double v)
{
    double r = round(v * 100) / 100;
    if (r == 0) r = 0;
    sb_printf(o, " %s %.2f", key, r);
}

static const Plan *cmp_plan;

static int wo_cmp(const void *a, const void *b)
{
    return strcmp(cmp_plan->wos.data[*(const uint32_t *)a].name, cmp_plan->wos.data[*(const uint32_t *)b].name);
}

static int order_cmp(const void *a, const void *b)
{
    return strcmp(cmp_plan->ir->orders[*(const uint32_t *)a].name, cmp_plan->ir->orders[*(const uint32_t *)b].name);
}

static int purchase_cmp(const void *a, const void *b)
{
    const Purchase *x = &cmp_plan->purchases.data[*(const uint32_t *)a];
    const Purchase *y = &cmp_plan->purchases.data[*(const uint32_t *)b];
    int c = strcmp(cmp_plan->ir->materials[x->material].name, cmp_plan->ir->materials[y->material].name);
    if (c) return c;
    if (x->order_at != y->order_at) return x->order_at < y->order_at ? -1 : 1;
    if (x->arrive != y->arrive) return x->arrive < y->arrive ? -1 : 1;
    return x->qty < y->qty ? -1 : x->qty > y->qty;
}

static uint32_t *sorted(const Plan *p, uint32_t n, int (*cmp)(const void *, const void *))
{
    uint32_t *ix = tk_xalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) ix[i] = i;
    cmp_plan = p;
    qsort(ix, n, sizeof(uint32_t), cmp);
    return ix;
}

void plan_write(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    sb_puts(o, "# takt plan: written by takt plan, read by takt verify and takt diff (docs/plan-format.md)\n");
    sb_puts(o, "takt-plan 1\n");
    sb_puts(o, "plant ");
    put_name(o, ir->plant_name[0] ? ir->plant_name : "-");
    put_time(o, "start", ir->start);
    put_time(o, "end", ir->end);
    sb_printf(o, " currency %s\n", ir->currency);
    sb_puts(o, "measures");
    put_num(o, "objective", round(m->objective * 1e6) / 1e6);
    put_time(o, "finish", m->makespan_end);
    put_num(o, "makespan", m->makespan);
    put_num(o, "tardiness", m->tardiness);
    put_num(o, "late_orders", m->late_orders);
    put_money(o, "penalty", m->penalty);
    put_money(o, "cost", m->cost);
    put_num(o, "setups", m->setups);
    put_num(o, "setup_time", round(m->setup_time * 1e6) / 1e6);
    sb_putc(o, '\n');

    uint32_t *oi = sorted(p, ir->norders, order_cmp);
    for (uint32_t k = 0; k < ir->norders; k++) {
        const IrOrder *r = &ir->orders[oi[k]];
        const OrderResult *res = &p->orders[oi[k]];
        sb_puts(o, "order ");
        put_name(o, r->name);
        sb_puts(o, " product ");
        put_name(o, ir->products[r->product].name);
        put_num(o, "qty", r->qty);
        put_time(o, "due", r->due);
        put_time(o, "done", res->done);
        put_num(o, "lateness", (double)res->lateness);
        sb_putc(o, '\n');
    }
    tk_free(oi);

    uint32_t *wi = sorted(p, p->wos.len, wo_cmp);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        sb_puts(o, "workorder ");
        put_name(o, w->name);
        sb_puts(o, " product ");
        put_name(o, ir->products[w->product].name);
        put_num(o, "qty", w->qty);
        put_time(o, "release", w->release);
        put_time(o, "due", w->due);
        if (w->start >= 0) put_time(o, "start", w->start);
        if (w->end >= 0) put_time(o, "end", w->end);
        if (w->order >= 0) {
            sb_puts(o, " for ");
            put_name(o, ir->orders[w->order].name);
        }
        if (w->parent >= 0) {
            sb_puts(o, " parent ");
            put_name(o, p->wos.data[w->parent].name);
        }
        if (w->material_ready > ir->start) put_time(o, "materials", w->material_ready);
        sb_putc(o, '\n');
    }
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine < 0) continue;
            sb_puts(o, "op ");
            put_name(o, w->name);
            sb_putc(o, ' ');
            put_name(o, pr->steps[s].name);
            sb_puts(o, " machine ");
            put_name(o, ir->machines[op->machine].name);
            sb_printf(o, " unit %d", op->unit + 1);
            put_time(o, "start", op->start);
            put_time(o, "end", op->end);
            put_num(o, "setup", round(op->setup * 1e6) / 1e6);
            put_num(o, "run", round(op->run * 1e6) / 1e6);
            if (op->actual) sb_puts(o, op->actual == ACT_DONE ? " actual done" : " actual running");
            sb_putc(o, '\n');
        }
    }
    tk_free(wi);

    uint32_t *pi = sorted(p, p->purchases.len, purchase_cmp);
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        const Purchase *pu = &p->purchases.data[pi[k]];
        sb_puts(o, "purchase ");
        put_name(o, ir->materials[pu->material].name);
        put_num(o, "qty", pu->qty);
        put_time(o, "order", pu->order_at);
        put_time(o, "arrive", pu->arrive);
        sb_putc(o, '\n');
    }
    tk_free(pi);
}

/* RFC 4180 field */
static void csv_field(StrBuf *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        sb_puts(o, s);
        return;
    }
    sb_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"') sb_putc(o, '"');
        sb_putc(o, *s);
    }
    sb_putc(o, '"');
}

void plan_write_csv(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    sb_puts(o, "order,operation,machine,unit,start,end\n");
    uint32_t *wi = sorted(p, p->wos.len, wo_cmp);
    char b1[32], b2[32];
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine < 0) continue;
            csv_field(o, w->name);
            sb_putc(o, ',');
            csv_field(o, pr->steps[s].name);
            sb_putc(o, ',');
            csv_field(o, ir->machines[op->machine].name);
            fmt_datetime(b1, sizeof b1, op->start);
            fmt_datetime(b2, sizeof b2, op->end);
            sb_printf(o, ",%d,%s,%s\n", op->unit + 1, b1, b2);
        }
    }
    tk_free(wi);
}
