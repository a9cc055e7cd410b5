/* plan_write.c: the plan file and the schedule CSV. The plan file is
 * canonical, line-oriented text (docs/plan-format.md): one record a line,
 * sorted by name so that a change to one order changes only its own lines,
 * and read back by `takt verify` and `takt diff`. A plan of 100,000
 * operations is some 13 MB, so fields go straight into the buffer through
 * fastfmt.c rather than through printf; the bytes are the same. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "runtime/fastfmt.h"

/* Room for n more bytes and a NUL at the end of o; the caller writes there
 * and calls commit. Grows by doubling, as sb_putn does. */
static inline char *room(StrBuf *o, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t c = o->cap ? o->cap : 64;
        while (c < o->len + n + 1) c *= 2;
        o->data = tk_xrealloc(o->data, c);
        o->cap = c;
    }
    return o->data + o->len;
}

static inline void commit(StrBuf *o, char *end)
{
    o->len = (size_t)(end - o->data);
    *end = 0;
}

/* Room up front for a file of about n bytes, so the buffer grows once or
 * not at all; a stress build leaves the growth to be exercised. */
static void presize(StrBuf *o, size_t n)
{
#ifdef TAKT_STRESS
    (void)o, (void)n;
#else
    room(o, n);
#endif
}

static inline void put_str(StrBuf *o, const char *s, size_t n)
{
    char *p = room(o, n);
    memcpy(p, s, n);
    commit(o, p + n);
}

#define PUT_LIT(o, lit) put_str((o), (lit), sizeof(lit) - 1)

static inline bool is_bare(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '/';
}

/* A name as a plan token: bare if it is made of safe characters, else a
 * JSON string. */
static void put_name(StrBuf *o, const char *s)
{
    size_t n = 0;
    while (is_bare(s[n])) n++;
    if (n > 0 && s[n] == 0) put_str(o, s, n);
    else json_escape(o, s);
}

/* " key " and room for a value of FASTFMT_MAX bytes after it */
static inline char *put_key(StrBuf *o, const char *key)
{
    size_t k = strlen(key);
    char *p = room(o, k + 2 + FASTFMT_MAX);
    *p++ = ' ';
    memcpy(p, key, k);
    p += k;
    *p++ = ' ';
    return p;
}

static void put_time(StrBuf *o, const char *key, int64_t t)
{
    char *p = put_key(o, key);
    commit(o, p + fastfmt_datetime(p, t));
}

static void put_num(StrBuf *o, const char *key, double v)
{
    char *p = put_key(o, key);
    commit(o, p + fastfmt_double(p, v));
}

static void put_int(StrBuf *o, const char *key, int64_t v)
{
    char *p = put_key(o, key);
    commit(o, p + fastfmt_i64(p, v));
}

/* money to the cent; minutes and quantities exact */
static void put_money(StrBuf *o, const char *key, double v)
{
    double r = round(v * 100) / 100;
    if (r == 0) r = 0;
    char *p = put_key(o, key);
    size_t n = fastfmt_cents(p, r);
    if (n) commit(o, p + n);
    else sb_printf(o, " %s %.2f", key, r);
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
    presize(o, 4096 + (size_t)ir->norders * 128 + (size_t)p->wos.len * 224 + (size_t)p->ops.len * 112 +
                (size_t)p->purchases.len * 80);
    PUT_LIT(o, "# takt plan: written by takt plan, read by takt verify and takt diff (docs/plan-format.md)\n");
    PUT_LIT(o, "takt-plan 1\n");
    PUT_LIT(o, "plant ");
    put_name(o, ir->plant_name[0] ? ir->plant_name : "-");
    put_time(o, "start", ir->start);
    put_time(o, "end", ir->end);
    sb_printf(o, " currency %s\n", ir->currency);
    PUT_LIT(o, "measures");
    put_num(o, "objective", round(m->objective * 1e6) / 1e6);
    for (uint32_t k = 1; k < m->nlevels; k++) { /* a lexicographic objective's later levels */
        char key[32];
        snprintf(key, sizeof key, "objective_%u", k + 1);
        put_num(o, key, round(m->levels[k] * 1e6) / 1e6);
    }
    put_time(o, "finish", m->makespan_end);
    put_num(o, "makespan", m->makespan);
    put_num(o, "tardiness", m->tardiness);
    put_num(o, "late_orders", m->late_orders);
    put_money(o, "penalty", m->penalty);
    put_money(o, "cost", m->cost);
    put_num(o, "setups", m->setups);
    put_num(o, "setup_time", round(m->setup_time * 1e6) / 1e6);
    PUT_LIT(o, "\n");

    uint32_t *oi = sorted(p, ir->norders, order_cmp);
    for (uint32_t k = 0; k < ir->norders; k++) {
        const IrOrder *r = &ir->orders[oi[k]];
        const OrderResult *res = &p->orders[oi[k]];
        PUT_LIT(o, "order ");
        put_name(o, r->name);
        PUT_LIT(o, " product ");
        put_name(o, ir->products[r->product].name);
        put_num(o, "qty", r->qty);
        put_time(o, "due", r->due);
        put_time(o, "done", res->done);
        put_num(o, "lateness", (double)res->lateness);
        PUT_LIT(o, "\n");
    }
    tk_free(oi);

    uint32_t *wi = sorted(p, p->wos.len, wo_cmp);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        PUT_LIT(o, "workorder ");
        put_name(o, w->name);
        PUT_LIT(o, " product ");
        put_name(o, ir->products[w->product].name);
        put_num(o, "qty", w->qty);
        put_time(o, "release", w->release_model);
        put_time(o, "due", w->due);
        if (w->start >= 0) put_time(o, "start", w->start);
        if (w->end >= 0) put_time(o, "end", w->end);
        if (w->order >= 0) {
            PUT_LIT(o, " for ");
            put_name(o, ir->orders[w->order].name);
        }
        if (w->parent >= 0) {
            PUT_LIT(o, " parent ");
            put_name(o, p->wos.data[w->parent].name);
        }
        if (w->material_ready > ir->start) put_time(o, "materials", w->material_ready);
        /* scrap reported beyond the plan (docs/planning.md, "Scrap reported") */
        if (w->makes < w->qty) put_num(o, "makes", w->makes);
        if (w->makeup_for >= 0) {
            PUT_LIT(o, " makeup_for ");
            put_name(o, p->wos.data[w->makeup_for].name);
        }
        PUT_LIT(o, "\n");
    }
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine < 0) continue;
            PUT_LIT(o, "op ");
            put_name(o, w->name);
            PUT_LIT(o, " ");
            put_name(o, pr->steps[s].name);
            PUT_LIT(o, " machine ");
            put_name(o, ir->machines[op->machine].name);
            put_int(o, "unit", (int64_t)op->unit + 1);
            put_time(o, "start", op->start);
            put_time(o, "end", op->end);
            put_num(o, "setup", round(op->setup * 1e6) / 1e6);
            put_num(o, "run", round(op->run * 1e6) / 1e6);
            if (w->q_in && (w->q_in[s] != w->qty || w->q_good[s] != w->qty)) {
                /* scrap planned: the pieces it starts and the good it makes */
                put_num(o, "qty", w->q_in[s]);
                put_num(o, "good", w->q_good[s]);
            }
            if (op->actual) sb_puts(o, op->actual == ACT_DONE ? " actual done" : " actual running");
            PUT_LIT(o, "\n");
        }
    }
    tk_free(wi);

    uint32_t *pi = sorted(p, p->purchases.len, purchase_cmp);
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        const Purchase *pu = &p->purchases.data[pi[k]];
        PUT_LIT(o, "purchase ");
        put_name(o, ir->materials[pu->material].name);
        put_num(o, "qty", pu->qty);
        put_time(o, "order", pu->order_at);
        put_time(o, "arrive", pu->arrive);
        PUT_LIT(o, "\n");
    }
    tk_free(pi);
}

/* An RFC 4180 field: quoted where it holds a comma, a quote or a line
 * break, and where it begins with a blank (a space, or a non-ASCII one) or
 * a colon, so that no line of the file starts with "::" (esc.h) */
static void csv_field(StrBuf *o, const char *s)
{
    unsigned char c0 = (unsigned char)s[0];
    if (c0 != ' ' && c0 != ':' && c0 != '\t' && c0 < 0x80 && !strpbrk(s, ",\"\r\n")) {
        put_str(o, s, strlen(s));
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
    presize(o, 64 + (size_t)p->ops.len * 64);
    /* with scrap in the model, the pieces each operation starts and makes good */
    bool qty = false;
    for (uint32_t k = 0; k < p->wos.len && !qty; k++) qty = p->wos.data[k].q_in != NULL;
    if (qty) PUT_LIT(o, "order,operation,machine,unit,start,end,qty,good\n");
    else PUT_LIT(o, "order,operation,machine,unit,start,end\n");
    uint32_t *wi = sorted(p, p->wos.len, wo_cmp);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine < 0) continue;
            csv_field(o, w->name);
            PUT_LIT(o, ",");
            csv_field(o, pr->steps[s].name);
            PUT_LIT(o, ",");
            csv_field(o, ir->machines[op->machine].name);
            /* ",%d,%s,%s\n" */
            char *q = room(o, 6 + 5 * FASTFMT_MAX);
            *q++ = ',';
            q += fastfmt_i64(q, (int64_t)op->unit + 1);
            *q++ = ',';
            q += fastfmt_datetime(q, op->start);
            *q++ = ',';
            q += fastfmt_datetime(q, op->end);
            if (qty) {
                *q++ = ',';
                q += fastfmt_double(q, plan_step_in(w, s));
                *q++ = ',';
                q += fastfmt_double(q, plan_step_good(w, s));
            }
            *q++ = '\n';
            commit(o, q);
        }
    }
    tk_free(wi);
}
