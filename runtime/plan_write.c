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

#include "buy.h"
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

/* The resource units operation oi holds: lead, then POOL:UNIT (unit from
 * 1) separated by sep; nothing if it holds none. */
static void put_uses(StrBuf *o, const Plan *p, uint32_t oi, const char *lead, char sep)
{
    if (!p->holds) return;
    const OpHold *h = p->holds + p->hold_off[oi];
    uint32_t n = p->hold_off[oi + 1] - p->hold_off[oi];
    for (uint32_t k = 0; k < n && h[k].pool >= 0; k++) {
        if (k) put_str(o, &sep, 1);
        else put_str(o, lead, strlen(lead));
        put_name(o, p->ir->pools[h[k].pool].name);
        char *q = room(o, 1 + FASTFMT_MAX);
        *q++ = ':';
        commit(o, q + fastfmt_i64(q, (int64_t)h[k].unit + 1));
    }
}

static const Plan *cmp_plan;

/* Batch machines' cycles: each cycle's number on its machine (from 1, in
 * the order they start), and each operation's parts in them. */
typedef struct BatchIndex {
    uint32_t *number;      /* per batch */
    uint32_t *off, *part;  /* per op: its parts' indexes in Plan.batch_parts, off[op] .. off[op + 1] */
    uint32_t *of_part;     /* per part: its batch */
} BatchIndex;

static void batch_index(const Plan *p, BatchIndex *x)
{
    uint32_t nb = p->batches.len, np = p->batch_parts.len, no = p->ops.len;
    x->number = tk_xalloc(((size_t)nb + 1) * sizeof(uint32_t));
    x->off = tk_xalloc(((size_t)no + 2) * sizeof(uint32_t));
    x->part = tk_xalloc(((size_t)np + 1) * sizeof(uint32_t));
    x->of_part = tk_xalloc(((size_t)np + 1) * sizeof(uint32_t));
    uint32_t *count = tk_xalloc(((size_t)p->ir->nmachines + 1) * sizeof(uint32_t));
    memset(count, 0, ((size_t)p->ir->nmachines + 1) * sizeof(uint32_t));
    memset(x->off, 0, ((size_t)no + 2) * sizeof(uint32_t));
    for (uint32_t b = 0; b < nb; b++) {
        const PlanBatch *pb = &p->batches.data[b];
        x->number[b] = ++count[pb->machine];
        for (uint32_t k = 0; k < pb->n; k++) {
            x->of_part[pb->first + k] = b;
            x->off[p->batch_parts.data[pb->first + k].op + 1]++;
        }
    }
    for (uint32_t i = 0; i < no; i++) x->off[i + 1] += x->off[i];
    memset(count, 0, ((size_t)p->ir->nmachines + 1) * sizeof(uint32_t));
    uint32_t *fill = tk_xalloc(((size_t)no + 1) * sizeof(uint32_t));
    memcpy(fill, x->off, (size_t)no * sizeof(uint32_t));
    for (uint32_t k = 0; k < np; k++) x->part[fill[p->batch_parts.data[k].op]++] = k;
    tk_free(fill);
    tk_free(count);
}

static void batch_index_free(BatchIndex *x)
{
    tk_free(x->number);
    tk_free(x->off);
    tk_free(x->part);
    tk_free(x->of_part);
}

/* " batches N:QTY,N:QTY": the cycles of its machine operation oi is in */
static void put_batches(StrBuf *o, const Plan *p, const BatchIndex *x, uint32_t oi)
{
    for (uint32_t k = x->off[oi]; k < x->off[oi + 1]; k++) {
        const BatchPart *bp = &p->batch_parts.data[x->part[k]];
        if (k == x->off[oi]) PUT_LIT(o, " batches ");
        else PUT_LIT(o, ",");
        sb_printf(o, "%u:%.15g", x->number[x->of_part[x->part[k]]], round(bp->qty * 1e6) / 1e6);
    }
}

static int batch_cmp(const void *a, const void *b)
{
    const PlanBatch *x = &cmp_plan->batches.data[*(const uint32_t *)a], *y = &cmp_plan->batches.data[*(const uint32_t *)b];
    int c = strcmp(cmp_plan->ir->machines[x->machine].name, cmp_plan->ir->machines[y->machine].name);
    if (c) return c;
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    return i < j ? -1 : i > j;
}

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

static int buy_cmp(const void *a, const void *b)
{
    const Buy *x = &cmp_plan->buys.data[*(const uint32_t *)a];
    const Buy *y = &cmp_plan->buys.data[*(const uint32_t *)b];
    int c = strcmp(cmp_plan->ir->products[x->product].name, cmp_plan->ir->products[y->product].name);
    if (c) return c;
    c = strcmp(cmp_plan->sourcing.data[x->sourcing].need, cmp_plan->sourcing.data[y->sourcing].need);
    if (c) return c;
    if (x->order_at != y->order_at) return x->order_at < y->order_at ? -1 : 1;
    if (x->qty != y->qty) return x->qty < y->qty ? -1 : 1;
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static uint32_t *sorted(const Plan *p, uint32_t n, int (*cmp)(const void *, const void *))
{
    uint32_t *ix = tk_xalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) ix[i] = i;
    cmp_plan = p;
    qsort(ix, n, sizeof(uint32_t), cmp);
    return ix;
}

/* The version a plan needs: 2 if it has cycles of batch machines (batch
 * records), sublots or work sent to subcontractors, which version-1 readers
 * would misread; else 1, so that they still read it (docs/plan-format.md). */
static int plan_version(const Plan *p)
{
    if (p->batches.len || p->buys.len) return 2;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->nsub > 1 || (op->machine >= 0 && p->ir->machines[op->machine].subcontract)) return 2;
    }
    return 1;
}

static const char *const pinned_word[] = {"", "pin", "firm", "frozen"};

void plan_write(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    presize(o, 4096 + (size_t)ir->norders * 128 + (size_t)p->wos.len * 224 + (size_t)p->ops.len * 112 +
                (size_t)p->purchases.len * 80);
    PUT_LIT(o, "# takt plan: written by takt plan, read by takt verify and takt diff (docs/plan-format.md)\n");
    if (plan_version(p) == 2) PUT_LIT(o, "takt-plan 2\n");
    else PUT_LIT(o, "takt-plan 1\n");
    PUT_LIT(o, "plant ");
    put_name(o, ir->plant_name[0] ? ir->plant_name : "-");
    put_time(o, "start", ir->start);
    put_time(o, "end", ir->end);
    sb_printf(o, " currency %s", ir->currency);
    if (ir->scenario) {
        PUT_LIT(o, " scenario ");
        put_name(o, ir->scenario);
    }
    sb_putc(o, '\n');
    PUT_LIT(o, "measures");
    put_num(o, "objective", round(m->objective * 1e6) / 1e6);
    /* what the objective counts, so that a change log rounds it to its unit */
    if (ir->objective_kind == TERM_MONEY) PUT_LIT(o, " objective_kind money");
    else if (ir->objective_kind == TERM_DURATION) PUT_LIT(o, " objective_kind duration");
    else PUT_LIT(o, " objective_kind number");
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
    if (p->ref) {
        /* the change against the reference plan */
        put_num(o, "moved", m->moved);
        put_num(o, "reassigned", m->reassigned);
        put_num(o, "shifted", m->shifted);
    }
    /* the objective's restricted measures, each by its name as written */
    for (uint32_t k = 0; k < ir->nmeasures && m->terms; k++) {
        PUT_LIT(o, " ");
        put_name(o, ir->measures[k].name);
        double v = m->terms[k];
        bool money = ir->measures[k].var == RV_PLAN_COST || ir->measures[k].var == RV_PLAN_PENALTY;
        if (money) {
            char *w = room(o, FASTFMT_MAX + 1);
            *w++ = ' ';
            double r = round(v * 100) / 100;
            if (r == 0) r = 0;
            size_t n = fastfmt_cents(w, r);
            if (n) commit(o, w + n);
            else sb_printf(o, " %.2f", r);
        } else {
            char *w = room(o, FASTFMT_MAX + 1);
            *w++ = ' ';
            commit(o, w + fastfmt_double(w, round(v * 1e6) / 1e6));
        }
    }
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

    BatchIndex bx;
    memset(&bx, 0, sizeof bx);
    if (p->batches.len) batch_index(p, &bx);
    bool windows = window_used(ir), transfers = overlap_used(ir);
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
            const IrMachine *mc = &ir->machines[op->machine];
            PUT_LIT(o, "op ");
            put_name(o, w->name);
            PUT_LIT(o, " ");
            put_name(o, pr->steps[op->step].name);
            if (op->nsub > 1) sb_printf(o, "#%u", (unsigned)op->sub + 1); /* a sublot: assemble#2 */
            if (mc->subcontract) {
                PUT_LIT(o, " subcontractor ");
                put_name(o, mc->name);
            } else {
                PUT_LIT(o, " machine ");
                put_name(o, mc->name);
                put_int(o, "unit", (int64_t)op->unit + 1);
            }
            put_time(o, "start", op->start);
            put_time(o, "end", op->end);
            if (!mc->subcontract) {
                put_num(o, "setup", round(op->setup * 1e6) / 1e6);
                put_num(o, "run", round(op->run * 1e6) / 1e6);
            }
            /* scrap planned: the pieces it starts and the good it makes; a
             * sublot: its share of the step's */
            bool scrapped = w->q_in && (plan_step_in(w, (uint32_t)op->step) != w->qty ||
                                        plan_step_good(w, (uint32_t)op->step) != w->qty);
            if (op->nsub > 1 || scrapped) put_num(o, "qty", op->qty);
            if (scrapped) put_num(o, "good", plan_op_good(w, op));
            put_uses(o, p, w->first_op + s, " uses ", ',');
            if (p->batches.len) put_batches(o, p, &bx, w->first_op + s);
            if (windows) {
                int64_t win = plan_op_window(p, w->first_op + s);
                if (win >= 0) put_int(o, "within", win);
                if (p->overrun && p->overrun[w->first_op + s] > 0) put_int(o, "overrun", p->overrun[w->first_op + s]);
            }
            if (transfers && plan_op_transfer(p, w->first_op + s) > 0)
                put_num(o, "transfer", plan_op_transfer(p, w->first_op + s));
            if (op->actual) sb_puts(o, op->actual == ACT_DONE ? " actual done" : " actual running");
            else if (op->pinned) sb_printf(o, " pinned %s", pinned_word[op->pinned]);
            PUT_LIT(o, "\n");
        }
    }
    tk_free(wi);
    if (p->batches.len) {
        uint32_t *bi = sorted(p, p->batches.len, batch_cmp);
        for (uint32_t k = 0; k < p->batches.len; k++) {
            const PlanBatch *b = &p->batches.data[bi[k]];
            const IrMachine *mc = &ir->machines[b->machine];
            double pieces = 0, load = 0;
            for (uint32_t q = 0; q < b->n; q++) {
                const BatchPart *bp = &p->batch_parts.data[b->first + q];
                const WorkOrder *w = &p->wos.data[p->ops.data[bp->op].wo];
                pieces += bp->qty;
                load += bp->qty * (mc->batch_load >= 0 ? ir->products[w->product].attrs[mc->batch_load] : 1);
            }
            PUT_LIT(o, "batch ");
            put_name(o, mc->name);
            sb_printf(o, " %u", bx.number[bi[k]]);
            put_int(o, "unit", (int64_t)b->unit + 1);
            put_time(o, "start", b->start);
            put_time(o, "end", b->end);
            put_num(o, "pieces", round(pieces * 1e6) / 1e6);
            put_num(o, "load", round(load * 1e6) / 1e6);
            put_money(o, "cost", b->cost);
            if (b->actual) sb_puts(o, b->actual == ACT_DONE ? " actual done" : " actual running");
            /* the shop floor's name for a cycle it reported (`batch oven 1 "B-101" { … }`) */
            const char *ref = b->actual && b->cycle ? ir->cycles[b->cycle - 1].ref : NULL;
            if (ref) {
                PUT_LIT(o, " ref ");
                json_escape(o, ref);
            }
            PUT_LIT(o, "\n");
        }
        tk_free(bi);
        batch_index_free(&bx);
    }

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

    /* products bought (make or buy): per need bought, its purchases */
    uint32_t *bi = sorted(p, p->buys.len, buy_cmp);
    StrBuf why = {0};
    for (uint32_t k = 0; k < p->buys.len; k++) {
        const Buy *b = &p->buys.data[bi[k]];
        const Sourcing *c = &p->sourcing.data[b->sourcing];
        const IrBuy *ib = ir->products[b->product].buy;
        PUT_LIT(o, "buy ");
        put_name(o, ir->products[b->product].name);
        PUT_LIT(o, " ");
        put_name(o, c->need);
        put_num(o, "qty", b->qty);
        put_num(o, "need", c->qty);
        put_time(o, "order", b->order_at);
        put_time(o, "arrive", b->arrive);
        put_money(o, "cost", b->cost);
        if (ib->supplier) {
            PUT_LIT(o, " supplier ");
            put_name(o, ib->supplier);
        }
        why.len = 0;
        buy_reason(ir, c, &why);
        PUT_LIT(o, " reason ");
        put_name(o, sb_cstr(&why));
        PUT_LIT(o, "\n");
    }
    sb_free(&why);
    tk_free(bi);

    /* the subcontract orders: what is sent to whom, when, back when, at what price */
    uint32_t nsub;
    uint32_t *si = plan_subcontracted(p, &nsub);
    for (uint32_t k = 0; k < nsub; k++) {
        const Op *op = &p->ops.data[si[k]];
        const WorkOrder *w = &p->wos.data[op->wo];
        PUT_LIT(o, "subcontract ");
        put_name(o, ir->machines[op->machine].name);
        PUT_LIT(o, " ");
        put_name(o, w->name);
        PUT_LIT(o, " ");
        put_name(o, ir->products[w->product].steps[op->step].name);
        if (op->nsub > 1) sb_printf(o, "#%u", (unsigned)op->sub + 1);
        PUT_LIT(o, " product ");
        put_name(o, ir->products[w->product].name);
        put_num(o, "qty", op->qty);
        put_time(o, "send", op->start);
        put_time(o, "return", op->end);
        put_money(o, "cost", op->cost);
        PUT_LIT(o, "\n");
    }
    tk_free(si);
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
    /* with scrap in the model, the pieces each operation starts and makes
     * good; with resources, the units each holds; with time windows, the
     * minutes each is late for its window */
    bool qty = false;
    for (uint32_t k = 0; k < p->wos.len && !qty; k++) qty = p->wos.data[k].q_in != NULL;
    bool pools = p->holds != NULL, windows = window_used(ir), transfers = overlap_used(ir);
    PUT_LIT(o, "order,operation,machine,unit,start,end");
    if (qty) PUT_LIT(o, ",qty,good");
    if (pools) PUT_LIT(o, ",resources");
    if (windows) PUT_LIT(o, ",overrun");
    if (transfers) PUT_LIT(o, ",transfer");
    PUT_LIT(o, "\n");
    uint32_t *wi = sorted(p, p->wos.len, wo_cmp);
    for (uint32_t k = 0; k < p->wos.len; k++) {
        const WorkOrder *w = &p->wos.data[wi[k]];
        const IrProduct *pr = &ir->products[w->product];
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine < 0) continue;
            csv_field(o, w->name);
            PUT_LIT(o, ",");
            csv_field(o, pr->steps[op->step].name);
            if (op->nsub > 1) sb_printf(o, "#%u", (unsigned)op->sub + 1);
            PUT_LIT(o, ",");
            csv_field(o, ir->machines[op->machine].name);
            /* ",%d,%s,%s,%s,%s,"; work sent out has no unit */
            char *q = room(o, 6 + 5 * FASTFMT_MAX);
            *q++ = ',';
            if (!ir->machines[op->machine].subcontract) q += fastfmt_i64(q, (int64_t)op->unit + 1);
            *q++ = ',';
            q += fastfmt_datetime(q, op->start);
            *q++ = ',';
            q += fastfmt_datetime(q, op->end);
            if (qty) {
                *q++ = ',';
                q += fastfmt_double(q, op->qty);
                *q++ = ',';
                q += fastfmt_double(q, plan_op_good(w, op));
            }
            if (pools) *q++ = ',';
            commit(o, q);
            if (pools) put_uses(o, p, w->first_op + s, "", ' ');
            if (windows) {
                PUT_LIT(o, ",");
                if (p->overrun && p->overrun[w->first_op + s] > 0) sb_printf(o, "%lld", (long long)p->overrun[w->first_op + s]);
            }
            if (transfers) {
                PUT_LIT(o, ",");
                double tq = plan_op_transfer(p, w->first_op + s);
                if (tq > 0) sb_printf(o, "%.15g", tq);
            }
            PUT_LIT(o, "\n");
        }
    }
    tk_free(wi);
}
