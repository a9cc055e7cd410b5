/* plan_check.c: `takt plan --check PLAN` — is the committed plan the plan
 * the model gives now? The committed text must equal, line for line, the
 * text `takt plan -o` writes, except the version and revision of takt in
 * the made-by record (a newer takt that plans the same is no change; it is
 * a warning, W0036). A stale plan is one error (E0652), at the committed
 * plan's first differing line, naming the order whose input changed — an
 * order added, dropped, or with another product, quantity or due date — or
 * else the record that differs; the change log says the rest. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan_check.h"
#include "compiler/ir.h"

/* the largest seed a made-by record may give: what --seed takes */
#define MADE_MAX_SEED 9223372036854775807ULL

static bool whole(const char *s, unsigned long long max, unsigned long long *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return false;
    errno = 0;
    char *e;
    unsigned long long x = strtoull(s, &e, 10);
    if (errno || *e || x > max) return false;
    *out = x;
    return true;
}

bool plan_check_options(const PlanFile *old, MadeOptions *o, Diags *d)
{
    memset(o, 0, sizeof *o);
    const PfMade *m = &old->made;
    if (!m->has) return true;
    if (!isnan(m->search_seconds)) {
        Diag *g = diag_error(d, m->span, DIAG_PLAN_NOT_REPEATABLE,
                             "the plan was made by a search bounded by time: planning again cannot give it back");
        diag_hint(g, "make the plan with an iteration bound and no time limit (takt plan --iterations N): "
                     "with the model's seed, the same model gives the same plan (docs/search.md)");
        return false;
    }
    unsigned long long x;
    bool ok = true;
    if (m->seed) {
        if (whole(m->seed, MADE_MAX_SEED, &x)) o->has_seed = true, o->seed = x;
        else ok = false;
    }
    if (m->iterations) {
        if (whole(m->iterations, (unsigned long long)MADE_MAX_ITERATIONS, &x))
            o->has_iterations = true, o->iterations = (int64_t)x;
        else ok = false;
    }
    if (m->threads) {
        if (whole(m->threads, 256, &x) && x >= 1) o->has_threads = true, o->threads = (int)x;
        else ok = false;
    }
    o->release = -1;
    if (m->release) {
        if (strcmp(m->release, "just_in_time") == 0) o->release = 1;
        else if (strcmp(m->release, "as_soon_as_possible") == 0) o->release = 0;
        else ok = false;
    }
    if (!ok) {
        Diag *g = diag_error(d, m->span, DIAG_MADE_BY_RANGE,
                             "the made-by record gives a seed, iteration bound, thread count or release policy takt "
                             "cannot plan with");
        diag_hint(g, "a seed is a whole number up to 2^63 - 1, iterations up to %lld, threads from 1 to 256, the "
                     "release just_in_time or as_soon_as_possible; plan again to write the record",
                  (long long)MADE_MAX_ITERATIONS);
    }
    return ok;
}

/* ---- lines ------------------------------------------------------------ */

typedef struct Line {
    const char *p;
    size_t n;      /* without the line feed */
    size_t lo;     /* offset in the text */
} Line;

/* The next line of text at *at that is not the made-by record; false at
 * the end. */
static bool next_line(const char *text, size_t len, size_t *at, Line *l)
{
    while (*at < len) {
        const char *p = text + *at;
        const char *nl = memchr(p, '\n', len - *at);
        size_t n = nl ? (size_t)(nl - p) : len - *at;
        l->p = p;
        l->n = n;
        l->lo = *at;
        *at += n + (nl ? 1 : 0);
        if (n >= 8 && memcmp(p, "made-by ", 8) == 0) continue;
        return true;
    }
    return false;
}

/* ---- orders ----------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const PfOrder *const *)a)->name, (*(const PfOrder *const *)b)->name);
}

static const PfOrder **sorted_orders(const PlanFile *pf)
{
    const PfOrder **v = malloc(((size_t)pf->orders.len + 1) * sizeof *v);
    if (!v) abort();
    for (uint32_t i = 0; i < pf->orders.len; i++) v[i] = &pf->orders.data[i];
    qsort(v, pf->orders.len, sizeof *v, by_name);
    return v;
}

static bool same_str(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

/* What of an order's input changed: "qty 10 -> 12; due ..." into b, or
 * nothing. */
static void input_change(const PfOrder *a, const PfOrder *b, StrBuf *s)
{
    const char *sep = "";
    if (!same_str(a->product, b->product)) {
        sb_printf(s, "product '%s' -> '%s'", a->product ? a->product : "?", b->product ? b->product : "?");
        sep = "; ";
    }
    if (a->qty != b->qty && !(isnan(a->qty) && isnan(b->qty))) {
        char x[40], y[40];
        fmt_double(x, sizeof x, a->qty);
        fmt_double(y, sizeof y, b->qty);
        sb_printf(s, "%sqty %s -> %s", sep, x, y);
        sep = "; ";
    }
    if (a->due != b->due) {
        char x[40] = "none", y[40] = "none";
        if (a->due >= 0) fmt_datetime_sp(x, sizeof x, a->due);
        if (b->due >= 0) fmt_datetime_sp(y, sizeof y, b->due);
        sb_printf(s, "%sdue %s -> %s", sep, x, y);
    }
}

/* The first order (by name) whose input differs between the plans; its
 * message in msg and its span in the committed plan (or none: an order
 * the committed plan does not have). Returns the number of orders whose
 * input differs. */
static uint32_t order_inputs(const PlanFile *A, const PlanFile *B, StrBuf *msg, Span *at, const char **name)
{
    const PfOrder **a = sorted_orders(A), **b = sorted_orders(B);
    uint32_t i = 0, j = 0, n = 0;
    StrBuf s = {0};
    while (i < A->orders.len || j < B->orders.len) {
        int c = i == A->orders.len ? 1 : j == B->orders.len ? -1 : strcmp(a[i]->name, b[j]->name);
        s.len = 0;
        const PfOrder *here = NULL, *named = NULL;
        if (c < 0) {
            sb_puts(&s, "is no longer in the model");
            here = named = a[i++];
        } else if (c > 0) {
            sb_puts(&s, "is in the model but not in the plan");
            named = b[j++];
            /* shown where it would be: at the order after it, or the last */
            if (i < A->orders.len) here = a[i];
            else if (A->orders.len) here = a[A->orders.len - 1];
        } else {
            input_change(a[i], b[j], &s);
            here = named = a[i];
            i++, j++;
            if (!s.len) continue;
            StrBuf t = {0};
            sb_printf(&t, "changed in the model (%.*s)", (int)s.len, s.data);
            s.len = 0;
            sb_putn(&s, t.data, t.len);
            sb_free(&t);
        }
        if (n++ == 0) {
            sb_putn(msg, s.data, s.len);
            if (here) *at = here->span;
            *name = named->name;
        }
    }
    sb_free(&s);
    free(a);
    free(b);
    return n;
}

/* What the committed plan's record at offset lo is, for a message:
 * "operation 'SO-1/frame' 'cut' (order 'SO-1')". */
static void record_at(const PlanFile *pf, size_t lo, StrBuf *s)
{
    for (uint32_t i = 0; i < pf->ops.len; i++)
        if (pf->ops.data[i].span.lo == lo) {
            const PfOp *o = &pf->ops.data[i];
            sb_printf(s, "operation '%s' '%s'", o->wo, o->step);
            for (uint32_t k = 0; k < pf->wos.len; k++)
                if (strcmp(pf->wos.data[k].name, o->wo) == 0 && pf->wos.data[k].for_order) {
                    sb_printf(s, " (for order '%s')", pf->wos.data[k].for_order);
                    break;
                }
            return;
        }
    for (uint32_t i = 0; i < pf->wos.len; i++)
        if (pf->wos.data[i].span.lo == lo) {
            sb_printf(s, "work order '%s'", pf->wos.data[i].name);
            if (pf->wos.data[i].for_order) sb_printf(s, " (for order '%s')", pf->wos.data[i].for_order);
            return;
        }
    for (uint32_t i = 0; i < pf->orders.len; i++)
        if (pf->orders.data[i].span.lo == lo) {
            sb_printf(s, "order '%s'", pf->orders.data[i].name);
            return;
        }
    for (uint32_t i = 0; i < pf->purchases.len; i++)
        if (pf->purchases.data[i].span.lo == lo) {
            sb_printf(s, "purchase of '%s'", pf->purchases.data[i].material);
            return;
        }
    if (pf->has_measures && pf->measures_span.lo == lo) sb_puts(s, "the measures record");
    else if (pf->has_plant && pf->plant_span.lo == lo) sb_puts(s, "the plant record");
    else sb_puts(s, "this line");
}

/* one hint: what else to know (may be ""), then how to make the plan again */
static void hint_replan(Diag *g, const PlanCheck *c, const char *first)
{
    diag_hint(g, "%s%splan again and commit the plan: takt plan %s --iterations %lld -o %s", first, *first ? "; " : "",
              c->model, (long long)c->made->iterations, c->plan);
}

/* ---- made-by ---------------------------------------------------------- */

/* Another takt version: a warning; compared all the same. */
static void check_version(const PlanCheck *c, Diags *d)
{
    const PfMade *m = &c->old->made;
    const char *v = cli_version();
    if (m->tool && strcmp(m->tool, "takt") == 0 && m->version && strcmp(m->version, v) == 0) return;
    Diag *g = diag_warning(d, m->span, DIAG_PLAN_OTHER_TAKT, "the plan was made by %s %s (revision %s); this is takt %s",
                           m->tool ? m->tool : "?", m->version ? m->version : "of an unknown version",
                           m->revision ? m->revision : "unknown", v);
    diag_hint(g, "the plans are compared all the same; pin the takt that makes and checks plans (docs/ci.md, \"Pinning\")");
}

/* The made-by fields that must match: the model's digest and the search.
 * Appends what differs to s. */
static void made_differs(const PlanCheck *c, StrBuf *s)
{
    const PfMade *m = &c->old->made;
    char digest[80];
    snprintf(digest, sizeof digest, "sha256:%s", c->made->model);
    const char *sep = "";
    if (!m->model || strcmp(m->model, digest) != 0) {
        sb_printf(s, "it was made from other model files (%.19s..., now %.19s...)", m->model ? m->model : "none",
                  digest);
        sep = "; ";
    }
    char now[32];
    snprintf(now, sizeof now, "%llu", (unsigned long long)c->made->seed);
    if (!m->seed || strcmp(m->seed, now) != 0) {
        sb_printf(s, "%sit was made with seed %s, now %s", sep, m->seed ? m->seed : "none", now);
        sep = "; ";
    }
    snprintf(now, sizeof now, "%lld", (long long)c->made->iterations);
    if (!m->iterations || strcmp(m->iterations, now) != 0) {
        sb_printf(s, "%sit was made with iterations %s, now %s", sep, m->iterations ? m->iterations : "none", now);
        sep = "; ";
    }
    snprintf(now, sizeof now, "%d", c->made->threads);
    if (!m->threads || strcmp(m->threads, now) != 0)
        sb_printf(s, "%sit was made with threads %s, now %s", sep, m->threads ? m->threads : "none", now);
}

bool plan_check(const PlanCheck *c, Diags *d)
{
    const PlanFile *A = c->old;
    if (A->made.has) check_version(c, d);
    else {
        Span at = {A->file, 0, 0};
        Diag *g = diag_warning(d, at, DIAG_PLAN_NO_MADE_BY,
                               "the plan does not say how it was made (no made-by record): its records are compared");
        diag_hint(g, "plan again with this takt to record the version, the model's digest and the search "
                     "(docs/plan-format.md)");
    }
    /* the first line that differs, the made-by record aside */
    size_t ia = 0, ib = 0;
    Line la = {0}, lb = {0};
    bool ha, hb;
    for (;;) {
        ha = next_line(c->text, c->len, &ia, &la);
        hb = next_line(c->new_text, c->new_len, &ib, &lb);
        if (!ha || !hb) break;
        if (la.n != lb.n || memcmp(la.p, lb.p, la.n) != 0) break;
    }
    if (!ha && !hb) {
        /* the same records: is it made from the same model, by the same search? */
        if (!A->made.has) return true;
        StrBuf s = {0};
        made_differs(c, &s);
        if (!s.len) return true;
        Diag *g = diag_error(d, A->made.span, DIAG_PLAN_OTHER_INPUTS, "the plan's records are current, but %.*s",
                             (int)s.len, s.data);
        hint_replan(g, c, "");
        sb_free(&s);
        return false;
    }
    /* where: the committed line that differs, or its last line */
    Span at = {A->file, 0, 0};
    if (ha) {
        at.lo = (uint32_t)la.lo;
        at.hi = (uint32_t)(la.lo + la.n);
    } else {
        size_t end = c->len;
        while (end > 0 && c->text[end - 1] == '\n') end--;
        size_t lo = end;
        while (lo > 0 && c->text[lo - 1] != '\n') lo--;
        at.lo = (uint32_t)lo;
        at.hi = (uint32_t)end;
    }
    StrBuf msg = {0};
    Span oat = at;
    const char *oname = NULL;
    uint32_t inputs = order_inputs(A, c->new, &msg, &oat, &oname);
    Diag *g;
    StrBuf hint = {0};
    if (inputs) {
        g = diag_error(d, oat, DIAG_PLAN_STALE, "the plan is not current: order '%s' %.*s", oname, (int)msg.len,
                       msg.data);
        if (inputs > 1)
            sb_printf(&hint, "%u orders changed in the model; the change log lists them, and what they move", inputs);
    } else {
        record_at(A, at.lo, &msg);
        if (ha)
            g = diag_error(d, at, DIAG_PLAN_STALE, "the plan is not current: %.*s differs from the model's plan",
                           (int)msg.len, msg.data);
        else
            g = diag_error(d, at, DIAG_PLAN_STALE, "the plan is not current: the model's plan goes on after its last line");
        /* the new line, shown as text (the renderer escapes it) */
        if (hb) sb_printf(&hint, "the model's plan has: %.*s", (int)lb.n, lb.p);
        else sb_puts(&hint, "the model's plan ends before this line");
    }
    sb_putc(&hint, 0);
    hint_replan(g, c, hint.data);
    sb_free(&hint);
    sb_free(&msg);
    return false;
}
