/* sema_history.c: a model's sales history (docs/language.md, "history"):
 * `history PRODUCT { periods }` blocks and `history "FILE"` CSV files (read
 * by the loader, as imports are). Each product's history becomes one series
 * of weeks or months, gaps zero; the plan forecasts from it (ir_lower).
 *
 * Checked here: every period a whole week (Monday to Sunday) or a whole
 * month, all of one kind, in order and each once (E0434, E0435); the file
 * readable as history (E0436, at its line); a product's history given once
 * and not beside a forecast block (E0437); too short a history for seasonal
 * methods (W0017); items of a file that are not products (W0018). */
#include <math.h>
#include <string.h>

#include "forecast/forecast.h"
#include "forecast/history.h"
#include "sema.h"

#define D(s) (&(s)->m->diags)
#define S(s, y) sym_str(&(s)->m->strs, (y))

/* The span of line `line` (from 1) of a source file. */
static Span line_span(const Sema *s, FileId f, uint32_t line)
{
    const SourceFile *sf = sources_get(&s->m->sources, f);
    uint32_t lo = 0, l = 1;
    while (l < line && lo < sf->len) {
        const char *nl = memchr(sf->text + lo, '\n', sf->len - lo);
        if (!nl) break;
        lo = (uint32_t)(nl - sf->text) + 1;
        l++;
    }
    uint32_t hi = lo;
    while (hi < sf->len && sf->text[hi] != '\n' && sf->text[hi] != '\r') hi++;
    Span sp = {f, lo, hi};
    return sp;
}

static int32_t floor_div(int32_t a, int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

typedef struct Hist {
    Sema *s;
    int32_t *of;       /* by product: its history, -1 if none */
    int64_t cells;     /* periods of all histories */
} Hist;

/* Adds a product's series (values copied to the arena); E0437 if it has one. */
static void add_history(Hist *H, int32_t product, bool weekly, int32_t first, const double *v, int n, Span at)
{
    Sema *s = H->s;
    if (H->of[product] >= 0) {
        Diag *g = diag_error(D(s), at, DIAG_HISTORY_TWICE, "'%s' has a history already",
                             S(s, s->products.data[product].name));
        diag_note(g, s->histories.data[H->of[product]].span, "the other history");
        diag_hint(g, "give each product's history once, in one file or one block");
        return;
    }
    H->cells += n;
    if (H->cells > HIST_MAX_CELLS) {
        diag_error(D(s), at, DIAG_BAD_VALUE, "the histories hold more than %d product-periods", HIST_MAX_CELLS);
        return;
    }
    SemHistory h;
    h.product = product;
    h.weekly = weekly;
    h.first = first;
    h.n = n;
    h.span = at;
    h.v = arena_alloc(&s->m->arena, (size_t)n * sizeof(double));
    memcpy(h.v, v, (size_t)n * sizeof(double));
    H->of[product] = (int32_t)s->histories.len;
    vec_push(&s->histories, h);
    s->products.data[product].used = true;
}

/* `history PRODUCT { FROM .. TO QTY ... }` */
static void check_block(Hist *H, AstNode *d, Sym ns)
{
    Sema *s = H->s;
    int32_t product = sema_resolve_product(s, ns, d->as.history.product);
    int kind = 0; /* 1 month, 2 week */
    int32_t prev = 0, first = 0;
    const AstNode *prev_node = NULL;
    TK_VEC_OF(double) v = {0};
    bool bad = false;
    for (uint32_t i = 0; i < d->as.history.items.len; i++) {
        AstNode *p = d->as.history.items.items[i];
        int32_t from = p->as.period.from, to = p->as.period.to;
        if (to < from) {
            Diag *g = diag_error(D(s), p->span, DIAG_INVERTED_RANGE, "history period ends before it starts");
            diag_hint(g, "write the earlier date first: FROM .. TO");
            bad = true;
            continue;
        }
        int y, m, dd;
        date_to_ymd(from, &y, &m, &dd);
        int32_t month_end = (m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1)) - 1;
        int k = dd == 1 && to == month_end ? 1 : date_weekday(from) == 0 && to == from + 6 ? 2 : 0;
        if (!k || (kind && k != kind)) {
            Diag *g = diag_error(D(s), p->span, DIAG_HISTORY_PERIOD, "%s",
                                 !k ? "a history period is a whole month or a whole week"
                                 : kind == 1 ? "this history is of months: every period is a whole month"
                                             : "this history is of weeks: every period is a whole week");
            diag_hint(g, "a month: 2025-03-01 .. 2025-03-31; a week: Monday to Sunday, 2025-03-03 .. 2025-03-09");
            bad = true;
            continue;
        }
        kind = k;
        int32_t period = k == 1 ? y * 12 + m - 1 : floor_div(from + 3, 7);
        double q;
        if (!sema_period_qty(s, p->as.period.qty, product, "the history", &q)) {
            bad = true;
            continue;
        }
        if (q < 0) {
            diag_error(D(s), p->as.period.qty->span, DIAG_NEGATIVE, "a history quantity must not be negative");
            bad = true;
            continue;
        }
        if (prev_node && period <= prev) {
            Diag *g = diag_error(D(s), p->span, DIAG_HISTORY_ORDER, "history periods must be in order, each once");
            diag_note(g, prev_node->span, period == prev ? "the same period" : "a later period, before it");
            bad = true;
            continue;
        }
        if (!prev_node) first = period;
        while (prev_node && ++prev < period) vec_push(&v, 0.0); /* gaps */
        vec_push(&v, q);
        prev = period;
        prev_node = p;
    }
    if (product >= 0 && !bad && v.len) add_history(H, product, kind == 2, first, v.data, (int)v.len, d->span);
    vec_free(&v);
}

/* `history "FILE"`: the CSV the loader read (d->as.history.data) */
static void check_file(Hist *H, AstNode *d)
{
    Sema *s = H->s;
    FileId f = d->as.history.data;
    if (!f) return; /* the loader said why */
    const SourceFile *sf = sources_get(&s->m->sources, f);
    History h;
    uint32_t line;
    char *err = history_read(sf->text, sf->len, HIST_AUTO, &h, &line);
    if (err) {
        Diag *g = diag_error(D(s), line_span(s, f, line), DIAG_HISTORY_FILE, "%s", err);
        diag_note(g, d->as.history.path_span, "the history file is named here");
        tk_free(err);
        return;
    }
    for (uint32_t i = 0; i < h.nseries; i++) {
        const HistSeries *hs = &h.series[i];
        Sym y = intern_find(&s->m->strs, hs->item, strlen(hs->item));
        int32_t e = y != SYM_NONE && y < s->nby_sym ? s->by_sym[y] : -1;
        const Entity *en = e >= 0 ? &s->entities.data[e] : NULL;
        if (!en || en->kind != ENT_PRODUCT) {
            Diag *g = diag_warning(D(s), line_span(s, f, hs->line), DIAG_HISTORY_UNKNOWN_ITEM,
                                   "history of '%s', which is not a product of the model: left out", hs->item);
            if (en) diag_hint(g, "'%s' is a %s; history is what was sold of a product", hs->item,
                              entity_kind_name(en->kind));
            else {
                const char *best = sema_suggest(s, hs->item, ENT_PRODUCT, false);
                if (best) diag_hint(g, "did you mean '%s'?", best);
            }
            continue;
        }
        add_history(H, en->index, h.bucket == HIST_WEEK, hs->first, hs->v, hs->n, line_span(s, f, hs->line));
    }
    history_free(&h);
}

void sema_histories(Sema *s)
{
    Hist H;
    H.s = s;
    H.cells = 0;
    H.of = tk_xalloc((s->products.len + 1) * sizeof(int32_t));
    for (uint32_t i = 0; i < s->products.len; i++) H.of[i] = -1;
    const Loader *l = &s->m->loader;
    for (uint32_t fi = 0; fi < l->files.len; fi++) {
        AstNode *root = l->files.data[fi].root;
        for (uint32_t i = 0; root && i < root->as.file.items.len; i++) {
            AstNode *d = root->as.file.items.items[i];
            if (d->kind != AST_HISTORY) continue;
            if (d->as.history.product) check_block(&H, d, l->files.data[fi].ns);
            else check_file(&H, d);
        }
    }
    /* a forecast block and a history: which is the demand? */
    for (uint32_t i = 0; i < s->forecasts.len; i++) {
        const SemForecast *f = &s->forecasts.data[i];
        if (f->product < 0 || H.of[f->product] < 0) continue;
        Diag *g = diag_error(D(s), s->histories.data[H.of[f->product]].span, DIAG_HISTORY_TWICE,
                             "'%s' has a history and a forecast block", S(s, s->products.data[f->product].name));
        diag_note(g, f->span, "the forecast block");
        diag_hint(g, "remove the forecast block to plan the forecast made from the history, or the history to "
                     "plan the forecast as written");
        H.of[f->product] = -1; /* once */
    }
    /* too short for seasons: the plan forecasts such a history without them;
     * too old: more than FC_MAX_H periods to forecast before the plan ends */
    int64_t em = s->plant.start + s->plant.horizon - 1; /* the plan's last minute */
    int32_t end_day = (int32_t)(em >= 0 ? em / 1440 : -((-em + 1439) / 1440));
    for (uint32_t i = 0; i < s->histories.len; i++) {
        const SemHistory *h = &s->histories.data[i];
        if (s->plant.start_ok) {
            int y, mo, dd;
            date_to_ymd(end_day, &y, &mo, &dd);
            int32_t end = h->weekly ? floor_div(end_day + 3, 7) : y * 12 + mo - 1;
            if (end - (h->first + h->n - 1) > FC_MAX_H) {
                char lab[16];
                hist_period_label(h->weekly ? HIST_WEEK : HIST_MONTH, h->first + h->n - 1, lab, sizeof lab);
                Diag *g = diag_error(D(s), h->span, DIAG_BAD_VALUE,
                                     "the history of '%s' ends in %s, more than %d %s before the plan ends",
                                     S(s, s->products.data[h->product].name), lab, FC_MAX_H,
                                     h->weekly ? "weeks" : "months");
                diag_hint(g, "a forecast reaches at most %d periods past its history", FC_MAX_H);
                continue;
            }
        }
        int m = h->weekly ? 52 : 12, nz = 0;
        for (int t = 0; t < h->n; t++) nz += h->v[t] != 0;
        bool intermittent = nz == 0 || (double)h->n / nz >= 1.32;
        if (intermittent || h->n >= 3 * m) continue;
        Diag *g = diag_warning(D(s), h->span, DIAG_HISTORY_SHORT,
                               "the history of '%s' has %d %s, too few for seasonal methods (%d needed): it is "
                               "forecast without seasons",
                               S(s, s->products.data[h->product].name), h->n,
                               h->weekly ? (h->n == 1 ? "week" : "weeks") : (h->n == 1 ? "month" : "months"), 3 * m);
        diag_hint(g, "three years of history let the forecast follow the seasons of the year");
    }
    tk_free(H.of);
}
