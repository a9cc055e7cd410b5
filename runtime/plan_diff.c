/* plan_diff.c: the change log between two plans (plan_diff.h, docs/diff.md).
 * Records are matched by identity — orders and work orders by name,
 * operations by work order and step, purchases by material and order date —
 * and every difference is listed: measures, orders that finish earlier or
 * later (and whether they became late or on time), new and dropped work
 * orders, operations that moved in time or to another machine or unit, and
 * purchases. Text is Markdown, to paste in a pull request. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ir.h"
#include "plan_diff.h"

typedef struct Key {
    const char *a, *b;
    int64_t t;
    uint32_t ix;
} Key;

static int key_cmp(const void *x, const void *y)
{
    const Key *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (c) return c;
    c = strcmp(p->b, q->b);
    if (c) return c;
    if (p->t != q->t) return p->t < q->t ? -1 : 1;
    return (p->ix > q->ix) - (p->ix < q->ix);
}

static Key *keys_orders(const PlanFile *f)
{
    Key *k = tk_xalloc((f->orders.len + 1) * sizeof(Key));
    for (uint32_t i = 0; i < f->orders.len; i++) k[i] = (Key){f->orders.data[i].name, "", 0, i};
    qsort(k, f->orders.len, sizeof(Key), key_cmp);
    return k;
}

static Key *keys_wos(const PlanFile *f)
{
    Key *k = tk_xalloc((f->wos.len + 1) * sizeof(Key));
    for (uint32_t i = 0; i < f->wos.len; i++) k[i] = (Key){f->wos.data[i].name, "", 0, i};
    qsort(k, f->wos.len, sizeof(Key), key_cmp);
    return k;
}

static Key *keys_ops(const PlanFile *f)
{
    Key *k = tk_xalloc((f->ops.len + 1) * sizeof(Key));
    for (uint32_t i = 0; i < f->ops.len; i++) k[i] = (Key){f->ops.data[i].wo, f->ops.data[i].step, 0, i};
    qsort(k, f->ops.len, sizeof(Key), key_cmp);
    return k;
}

static Key *keys_purchases(const PlanFile *f)
{
    Key *k = tk_xalloc((f->purchases.len + 1) * sizeof(Key));
    for (uint32_t i = 0; i < f->purchases.len; i++)
        k[i] = (Key){f->purchases.data[i].material, "", f->purchases.data[i].order_at, i};
    qsort(k, f->purchases.len, sizeof(Key), key_cmp);
    return k;
}

/* ---- formatting ------------------------------------------------------------------- */
static void when(char *b, size_t n, int64_t t)
{
    if (t < 0) snprintf(b, n, "-");
    else fmt_datetime_sp(b, n, t);
}

static void shift(char *b, size_t n, int64_t m)
{
    const char *sign = m < 0 ? "-" : "+";
    if (m < 0) m = -m;
    if (m >= 1440)
        snprintf(b, n, "%s%lldd %02lld:%02lld", sign, (long long)(m / 1440), (long long)(m % 1440 / 60), (long long)(m % 60));
    else snprintf(b, n, "%s%lld:%02lld", sign, (long long)(m / 60), (long long)(m % 60));
}

static void late_text(char *b, size_t n, int64_t done, int64_t due)
{
    if (done < 0 || due < 0) snprintf(b, n, "-");
    else if (done <= due) snprintf(b, n, "on time");
    else {
        char s[40];
        shift(s, sizeof s, done - due);
        snprintf(b, n, "late %s", s + 1);
    }
}

static void jstr(StrBuf *o, const char *k, const char *v)
{
    sb_printf(o, "\"%s\": ", k);
    if (v) json_escape(o, v);
    else sb_puts(o, "null");
}

static void jtime(StrBuf *o, const char *k, int64_t t)
{
    char b[32];
    if (t < 0) {
        sb_printf(o, "\"%s\": null", k);
        return;
    }
    fmt_datetime(b, sizeof b, t);
    sb_printf(o, "\"%s\": \"%s\"", k, b);
}

/* ---- the comparison ---------------------------------------------------------------- */
typedef struct OpMove {
    int32_t a, b;     /* op in old and new */
    int64_t shift;
    bool moved_unit;
} OpMove;

static int move_cmp(const void *x, const void *y)
{
    const OpMove *p = x, *q = y;
    if (p->moved_unit != q->moved_unit) return p->moved_unit ? -1 : 1;
    int64_t ap = p->shift < 0 ? -p->shift : p->shift, aq = q->shift < 0 ? -q->shift : q->shift;
    if (ap != aq) return ap > aq ? -1 : 1;
    return p->a - q->a;
}

static const char *measure(const PlanFile *f, const char *key)
{
    for (uint32_t i = 0; i < f->measures.len; i++)
        if (strcmp(f->measures.data[i].key, key) == 0) return f->measures.data[i].value;
    return NULL;
}

uint32_t plan_diff(const PlanFile *A, const PlanFile *B, const DiffOptions *o, StrBuf *out)
{
    uint32_t changes = 0;
    StrBuf ms = {0}, os = {0}, ws = {0}, ps = {0}, js = {0};
    char b1[64], b2[64], b3[64], b4[64];
    bool json = o->json;

    /* measures */
    static const char *const keys[] = {"objective", "finish", "makespan", "tardiness", "late_orders", "penalty", "cost",
                                       "setups", "setup_time"};
    uint32_t nm = 0;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *x = measure(A, keys[k]), *y = measure(B, keys[k]);
        if ((!x && !y) || (x && y && strcmp(x, y) == 0)) continue;
        nm++;
        changes++;
        if (json) {
            sb_puts(&js, nm > 1 ? ", {" : "{");
            jstr(&js, "measure", keys[k]);
            sb_puts(&js, ", ");
            jstr(&js, "old", x);
            sb_puts(&js, ", ");
            jstr(&js, "new", y);
            sb_puts(&js, "}");
            continue;
        }
        char d[48] = "";
        char *e1, *e2;
        if (x && y) {
            double vx = strtod(x, &e1), vy = strtod(y, &e2);
            if (!*e1 && !*e2) {
                double dv = vy - vx;
                if (strcmp(keys[k], "makespan") == 0 || strcmp(keys[k], "tardiness") == 0 ||
                    strcmp(keys[k], "setup_time") == 0)
                    shift(d, sizeof d, (int64_t)llround(dv));
                else snprintf(d, sizeof d, "%+.10g", round(dv * 100) / 100);
            }
        }
        sb_printf(&ms, "| %s | %s | %s | %s |\n", keys[k], x ? x : "-", y ? y : "-", d);
    }
    if (json) {
        sb_puts(out, "{");
        jstr(out, "old", o->old_name);
        sb_puts(out, ", ");
        jstr(out, "new", o->new_name);
        sb_printf(out, ",\n  \"measures\": [%s]", sb_cstr(&js));
        js.len = 0;
    }

    /* orders */
    Key *ka = keys_orders(A), *kb = keys_orders(B);
    uint32_t i = 0, j = 0, no = 0;
    bool first = true;
    while (i < A->orders.len || j < B->orders.len) {
        int c = i == A->orders.len ? 1 : j == B->orders.len ? -1 : strcmp(ka[i].a, kb[j].a);
        const PfOrder *x = c <= 0 ? &A->orders.data[ka[i].ix] : NULL, *y = c >= 0 ? &B->orders.data[kb[j].ix] : NULL;
        if (c <= 0) i++;
        if (c >= 0) j++;
        if (x && y && x->done == y->done && x->due == y->due && x->qty == y->qty) continue;
        changes++;
        no++;
        const char *name = x ? x->name : y->name;
        if (json) {
            sb_puts(&js, first ? "\n    {" : ",\n    {");
            first = false;
            jstr(&js, "order", name);
            sb_printf(&js, ", \"status\": \"%s\", ", !x ? "new" : !y ? "dropped" : "moved");
            jtime(&js, "old_done", x ? x->done : -1);
            sb_puts(&js, ", ");
            jtime(&js, "new_done", y ? y->done : -1);
            if (x && y && x->done >= 0 && y->done >= 0) sb_printf(&js, ", \"shift_minutes\": %lld", (long long)(y->done - x->done));
            if (x && x->done >= 0) sb_printf(&js, ", \"old_lateness_minutes\": %lld", (long long)(x->done - x->due));
            if (y && y->done >= 0) sb_printf(&js, ", \"new_lateness_minutes\": %lld", (long long)(y->done - y->due));
            sb_puts(&js, "}");
            continue;
        }
        if (!x) {
            when(b1, sizeof b1, y->done);
            late_text(b2, sizeof b2, y->done, y->due);
            sb_printf(&os, "- **%s** new: %g %s, done %s (%s)\n", name, y->qty, y->product ? y->product : "", b1, b2);
        } else if (!y) {
            sb_printf(&os, "- **%s** dropped\n", name);
        } else {
            when(b1, sizeof b1, x->done);
            when(b2, sizeof b2, y->done);
            shift(b3, sizeof b3, y->done - x->done);
            sb_printf(&os, "- **%s** done %s → %s (%s)", name, b1, b2, b3);
            bool lx = x->done > x->due, ly = y->done > y->due;
            late_text(b1, sizeof b1, x->done, x->due);
            late_text(b2, sizeof b2, y->done, y->due);
            if (lx != ly) sb_printf(&os, ", **%s** (was %s)", ly ? b2 : "now on time", b1);
            else if (lx) sb_printf(&os, ", %s (was %s)", b2, b1);
            if (x->qty != y->qty) sb_printf(&os, ", quantity %g → %g", x->qty, y->qty);
            sb_putc(&os, '\n');
        }
    }
    tk_free(ka);
    tk_free(kb);
    if (json) {
        sb_printf(out, ",\n  \"orders\": [%s%s]", sb_cstr(&js), no ? "\n  " : "");
        js.len = 0;
    }

    /* work orders: new, dropped, another quantity */
    ka = keys_wos(A);
    kb = keys_wos(B);
    i = j = 0;
    uint32_t nw = 0;
    first = true;
    while (i < A->wos.len || j < B->wos.len) {
        int c = i == A->wos.len ? 1 : j == B->wos.len ? -1 : strcmp(ka[i].a, kb[j].a);
        const PfWorkOrder *x = c <= 0 ? &A->wos.data[ka[i].ix] : NULL, *y = c >= 0 ? &B->wos.data[kb[j].ix] : NULL;
        if (c <= 0) i++;
        if (c >= 0) j++;
        if (x && y && x->qty == y->qty) continue;
        changes++;
        nw++;
        const PfWorkOrder *z = x ? x : y;
        if (json) {
            sb_puts(&js, first ? "\n    {" : ",\n    {");
            first = false;
            jstr(&js, "work_order", z->name);
            sb_printf(&js, ", \"status\": \"%s\", ", !x ? "new" : !y ? "dropped" : "quantity");
            jstr(&js, "product", z->product);
            sb_printf(&js, ", \"old_qty\": %.10g, \"new_qty\": %.10g}", x ? x->qty : 0, y ? y->qty : 0);
            continue;
        }
        if (!x) sb_printf(&ws, "- new **%s**: %g %s\n", z->name, z->qty, z->product ? z->product : "");
        else if (!y) sb_printf(&ws, "- dropped **%s**: %g %s\n", z->name, z->qty, z->product ? z->product : "");
        else sb_printf(&ws, "- **%s**: %g → %g %s\n", z->name, x->qty, y->qty, z->product ? z->product : "");
    }
    tk_free(ka);
    tk_free(kb);
    if (json) {
        sb_printf(out, ",\n  \"work_orders\": [%s%s]", sb_cstr(&js), nw ? "\n  " : "");
        js.len = 0;
    }

    /* operations that moved */
    ka = keys_ops(A);
    kb = keys_ops(B);
    TK_VEC_OF(OpMove) mv = {0};
    i = j = 0;
    while (i < A->ops.len && j < B->ops.len) {
        int c = strcmp(ka[i].a, kb[j].a);
        if (!c) c = strcmp(ka[i].b, kb[j].b);
        if (c == 0) {
            const PfOp *x = &A->ops.data[ka[i].ix], *y = &B->ops.data[kb[j].ix];
            bool unit = strcmp(x->machine ? x->machine : "", y->machine ? y->machine : "") != 0 || x->unit != y->unit;
            if (unit || x->start != y->start || x->end != y->end) {
                OpMove m = {(int32_t)ka[i].ix, (int32_t)kb[j].ix, y->start - x->start, unit};
                vec_push(&mv, m);
            }
            i++, j++;
        } else if (c < 0) i++;
        else j++;
    }
    tk_free(ka);
    tk_free(kb);
    if (mv.len > 1) qsort(mv.data, mv.len, sizeof(OpMove), move_cmp);
    changes += mv.len;
    uint32_t nunit = 0;
    for (uint32_t k = 0; k < mv.len; k++) nunit += mv.data[k].moved_unit;
    uint32_t shown = o->verbose || mv.len <= o->max_ops ? mv.len : o->max_ops;
    StrBuf opsb = {0};
    for (uint32_t k = 0; k < (json ? mv.len : shown); k++) {
        const PfOp *x = &A->ops.data[mv.data[k].a], *y = &B->ops.data[mv.data[k].b];
        if (json) {
            sb_puts(&opsb, k ? ",\n    {" : "\n    {");
            jstr(&opsb, "work_order", x->wo);
            sb_puts(&opsb, ", ");
            jstr(&opsb, "step", x->step);
            sb_puts(&opsb, ", ");
            jstr(&opsb, "old_machine", x->machine);
            sb_printf(&opsb, ", \"old_unit\": %d, ", x->unit);
            jstr(&opsb, "new_machine", y->machine);
            sb_printf(&opsb, ", \"new_unit\": %d, ", y->unit);
            jtime(&opsb, "old_start", x->start);
            sb_puts(&opsb, ", ");
            jtime(&opsb, "new_start", y->start);
            sb_printf(&opsb, ", \"shift_minutes\": %lld}", (long long)mv.data[k].shift);
            continue;
        }
        if (mv.data[k].moved_unit) snprintf(b1, sizeof b1, "%s #%d → %s #%d", x->machine, x->unit, y->machine, y->unit);
        else snprintf(b1, sizeof b1, "%s #%d", x->machine, x->unit);
        when(b2, sizeof b2, x->start);
        when(b3, sizeof b3, y->start);
        shift(b4, sizeof b4, mv.data[k].shift);
        sb_printf(&opsb, "| %s %s | %s | %s → %s | %s |\n", x->wo, x->step, b1, b2, b3, mv.data[k].shift ? b4 : "0:00");
    }
    if (json) sb_printf(out, ",\n  \"operations\": [%s%s]", sb_cstr(&opsb), mv.len ? "\n  " : "");

    /* purchases */
    ka = keys_purchases(A);
    kb = keys_purchases(B);
    i = j = 0;
    uint32_t np = 0;
    first = true;
    while (i < A->purchases.len || j < B->purchases.len) {
        int c = i == A->purchases.len ? 1 : j == B->purchases.len ? -1 : strcmp(ka[i].a, kb[j].a);
        if (c == 0 && ka[i].t != kb[j].t) c = ka[i].t < kb[j].t ? -1 : 1;
        const PfPurchase *x = c <= 0 ? &A->purchases.data[ka[i].ix] : NULL, *y = c >= 0 ? &B->purchases.data[kb[j].ix] : NULL;
        if (c <= 0) i++;
        if (c >= 0) j++;
        if (x && y && x->qty == y->qty && x->arrive == y->arrive) continue;
        changes++;
        np++;
        const PfPurchase *z = x ? x : y;
        if (json) {
            sb_puts(&js, first ? "\n    {" : ",\n    {");
            first = false;
            jstr(&js, "material", z->material);
            sb_printf(&js, ", \"status\": \"%s\", ", !x ? "new" : !y ? "dropped" : "changed");
            jtime(&js, "order", z->order_at);
            sb_printf(&js, ", \"old_qty\": %.10g, \"new_qty\": %.10g, ", x ? x->qty : 0, y ? y->qty : 0);
            jtime(&js, "old_arrive", x ? x->arrive : -1);
            sb_puts(&js, ", ");
            jtime(&js, "new_arrive", y ? y->arrive : -1);
            sb_puts(&js, "}");
            continue;
        }
        when(b1, sizeof b1, z->order_at);
        if (!x) {
            when(b2, sizeof b2, y->arrive);
            sb_printf(&ps, "- new: %g **%s**, ordered %s, arriving %s\n", y->qty, z->material, b1, b2);
        } else if (!y) {
            sb_printf(&ps, "- dropped: %g **%s** ordered %s\n", x->qty, z->material, b1);
        } else {
            when(b2, sizeof b2, x->arrive);
            when(b3, sizeof b3, y->arrive);
            sb_printf(&ps, "- **%s** ordered %s: %g → %g, arriving %s → %s\n", z->material, b1, x->qty, y->qty, b2, b3);
        }
    }
    tk_free(ka);
    tk_free(kb);

    if (json) {
        sb_printf(out, ",\n  \"purchases\": [%s%s]", sb_cstr(&js), np ? "\n  " : "");
        sb_printf(out, ",\n  \"changes\": %u\n}\n", changes);
    } else {
        sb_printf(out, "## Plan changes: %s → %s\n\n", o->old_name, o->new_name);
        if (!changes) sb_puts(out, "No changes.\n");
        if (nm) sb_printf(out, "| measure | old | new | change |\n|---|---:|---:|---:|\n%s\n", sb_cstr(&ms));
        if (no) sb_printf(out, "### Orders (%u)\n\n%s\n", no, sb_cstr(&os));
        if (nw) sb_printf(out, "### Work orders (%u)\n\n%s\n", nw, sb_cstr(&ws));
        if (mv.len) {
            sb_printf(out, "### Operations (%u moved, %u to another machine or unit)\n\n", mv.len, nunit);
            sb_printf(out, "| operation | machine | start | shift |\n|---|---|---|---:|\n%s", sb_cstr(&opsb));
            if (shown < mv.len) sb_printf(out, "\n… and %u more (`--verbose` lists them all)\n", mv.len - shown);
            sb_putc(out, '\n');
        }
        if (np) sb_printf(out, "### Purchases (%u)\n\n%s\n", np, sb_cstr(&ps));
        /* no blank line at the very end */
        while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n') out->data[--out->len] = 0;
    }
    vec_free(&mv);
    sb_free(&ms);
    sb_free(&os);
    sb_free(&ws);
    sb_free(&ps);
    sb_free(&js);
    sb_free(&opsb);
    return changes;
}
