/* history.c: reading sales history from CSV (docs/forecast.md, "The history
 * file"). RFC 4180 fields (quotes, doubled quotes, commas and line breaks
 * in quotes), a UTF-8 byte-order mark, CRLF line ends. Each row is an item,
 * a date, a month or an ISO week, and a quantity; dates are summed into
 * their week or month, months and weeks not given are zero. Rows of one
 * item must come in date order (items may be interleaved), a date or
 * period given twice is an error, as is a negative quantity. Nothing here
 * prints or exits: problems come back as "NAME:LINE: message". */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ast.h"
#include "compiler/esc.h"
#include "forecast.h"
#include "history.h"

/* ---- periods --------------------------------------------------------------- */
static int32_t floor_div(int32_t a, int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

static int32_t week_of_day(int32_t day) { return floor_div(day + 3, 7); } /* 1970-01-01 is a Thursday */

static int32_t month_of(int y, int m) { return y * 12 + m - 1; }

/* The Monday of ISO week 1 of year y. */
static int32_t iso_week1(int y)
{
    int32_t d4 = date_from_ymd(y, 1, 4);
    return d4 - (d4 + 3 - 7 * floor_div(d4 + 3, 7));
}

void hist_period_days(HistBucket b, int32_t p, int32_t *first, int32_t *last)
{
    if (b == HIST_WEEK) {
        *first = 7 * p - 3;
        *last = *first + 6;
        return;
    }
    int y = (int)floor_div(p, 12), m = (int)(p - y * 12) + 1;
    *first = date_from_ymd(y, m, 1);
    *last = (m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1)) - 1;
}

void hist_period_label(HistBucket b, int32_t p, char *buf, size_t n)
{
    if (b == HIST_WEEK) {
        int32_t monday = 7 * p - 3;
        int y, mo, d;
        date_to_ymd(monday + 3, &y, &mo, &d); /* the ISO year is the Thursday's */
        snprintf(buf, n, "%04d-W%02d", y, (int)((monday - iso_week1(y)) / 7 + 1));
        return;
    }
    int y = (int)floor_div(p, 12);
    snprintf(buf, n, "%04d-%02d", y, (int)(p - y * 12) + 1);
}

void hist_round_running(const double *f, int h, double *q)
{
    double cum = 0, prev = 0;
    for (int k = 0; k < h; k++) {
        cum += f[k] > 0 ? f[k] : 0;
        double r = floor(cum + 0.5);
        q[k] = r - prev;
        prev = r;
    }
}

bool hist_plain_name(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > HIST_MAX_NAME || isdigit((unsigned char)s[0])) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_') return false;
    return lex_keyword(s, n) == 0;
}

void hist_escape(StrBuf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    esc_textn(b, s, n < max ? n : max);
    if (n > max) sb_puts(b, "...");
}

/* ---- CSV -------------------------------------------------------------------- */
typedef struct Reader {
    const char *t;
    size_t len, pos;
    uint32_t line;
    StrBuf f[HIST_MAX_FIELDS];
    char *err;
    uint32_t err_line;
} Reader;

static TK_PRINTF(3, 4) void fail(Reader *r, uint32_t line, const char *fmt, ...)
{
    if (r->err) return;
    r->err_line = line;
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    r->err = tk_strdup(sb_cstr(&b));
    sb_free(&b);
}

/* One record: the number of fields, 0 at the end of the text, -1 on an
 * error (set). */
static int record(Reader *r)
{
    if (r->pos >= r->len) return 0;
    uint32_t at = r->line;
    int n = 0;
    for (;;) {
        if (n == HIST_MAX_FIELDS) {
            fail(r, at, "more than %d fields", HIST_MAX_FIELDS);
            return -1;
        }
        StrBuf *f = &r->f[n++];
        f->len = 0;
        if (f->data) f->data[0] = 0;
        const char *t = r->t;
        size_t i = r->pos;
        if (i < r->len && t[i] == '"') {
            i++;
            for (;;) {
                if (i >= r->len) {
                    fail(r, at, "a quoted field is not closed");
                    return -1;
                }
                if (t[i] == '"') {
                    if (i + 1 < r->len && t[i + 1] == '"') {
                        sb_putc(f, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (t[i] == '\n') r->line++;
                sb_putc(f, t[i++]);
            }
            /* spaces may follow the closing quote */
            while (i < r->len && (t[i] == ' ' || t[i] == '\t')) i++;
            if (i < r->len && t[i] != ',' && t[i] != '\n' && t[i] != '\r') {
                fail(r, at, "text after a closing quote");
                return -1;
            }
        } else {
            while (i < r->len && t[i] != ',' && t[i] != '\n' && t[i] != '\r') sb_putc(f, t[i++]);
        }
        if (f->len > HIST_MAX_FIELD) {
            fail(r, at, "a field is longer than %d bytes", HIST_MAX_FIELD);
            return -1;
        }
        sb_cstr(f);
        if (!f->data) sb_puts(f, "");
        r->pos = i;
        if (i < r->len && t[i] == ',') {
            r->pos++;
            continue;
        }
        if (i < r->len && t[i] == '\r') i++;
        if (i < r->len && t[i] == '\n') i++;
        r->pos = i;
        r->line++;
        return n;
    }
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    return s;
}

/* ---- rows ------------------------------------------------------------------- */
typedef enum When { W_DATE, W_MONTH, W_WEEK } When;

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

/* A date 2025-03-14, a month 2025-03 or an ISO week 2025-W11: its kind and
 * its first day. */
static bool parse_when(const char *s, When *kind, int32_t *day)
{
    size_t n = strlen(s);
    if (n < 7 || !digits(s, 4) || s[4] != '-') return false;
    int y = atoi(s);
    if (n == 10 && digits(s + 5, 2) && s[7] == '-' && digits(s + 8, 2)) {
        int m = atoi(s + 5), d = atoi(s + 8);
        if (!date_valid(y, m, d)) return false;
        *kind = W_DATE;
        *day = date_from_ymd(y, m, d);
        return true;
    }
    if (n == 7 && digits(s + 5, 2)) {
        int m = atoi(s + 5);
        if (!date_valid(y, m, 1)) return false;
        *kind = W_MONTH;
        *day = date_from_ymd(y, m, 1);
        return true;
    }
    if (n == 8 && (s[5] == 'W' || s[5] == 'w') && digits(s + 6, 2)) {
        int w = atoi(s + 6);
        if (y < 1900 || y > 2999 || w < 1) return false;
        int32_t w1 = iso_week1(y), weeks = (date_from_ymd(y, 12, 28) - w1) / 7 + 1;
        if (w > weeks) return false;
        *kind = W_WEEK;
        *day = w1 + 7 * (w - 1);
        return true;
    }
    return false;
}

typedef struct Obs {
    int32_t period;
    double qty;
} Obs;
TK_VEC(ObsVec, Obs);

typedef struct Item {
    char *name;
    uint32_t line, last_line;
    When last_kind;
    int32_t last_day;
    bool any;
    ObsVec obs;
} Item;

void history_free(History *h)
{
    for (uint32_t i = 0; i < h->nseries; i++) {
        tk_free(h->series[i].item);
        tk_free(h->series[i].v);
    }
    tk_free(h->series);
    memset(h, 0, sizeof *h);
}

enum { C_ITEM, C_WHEN, C_QTY, C__N };

static int column_of(const char *h)
{
    static const char *const names[][4] = {
        {"item", "product", "sku", NULL}, {"date", "period", "month", "week"}, {"quantity", "qty", NULL, NULL}};
    for (int c = 0; c < C__N; c++)
        for (int k = 0; k < 4 && names[c][k]; k++)
            if (strcmp(h, names[c][k]) == 0) return c;
    return -1;
}

char *history_read(const char *text, size_t len, HistBucket bucket, History *out, uint32_t *line)
{
    memset(out, 0, sizeof *out);
    Reader r;
    memset(&r, 0, sizeof r);
    r.t = text, r.len = len, r.line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) r.pos = 3; /* a byte-order mark */
    TK_VEC_OF(Item) items = {0};
    NameIndex index;
    nameindex_init(&index);
    int col[C__N] = {-1, -1, -1};
    int nh = record(&r);
    if (nh == 0) fail(&r, 1, "the file is empty; it needs a header: item,date,quantity");
    for (int k = 0; k < nh && !r.err; k++) {
        char *h = trim(r.f[k].data);
        for (char *c = h; *c; c++) *c = (char)tolower((unsigned char)*c);
        int c = column_of(h);
        if (c < 0) continue;
        if (col[c] >= 0) {
            StrBuf b = {0};
            hist_escape(&b, h, 40);
            fail(&r, 1, "two columns give the %s ('%s' and another)", c == C_ITEM ? "item" : c == C_WHEN ? "date" : "quantity",
                 sb_cstr(&b));
            sb_free(&b);
        }
        col[c] = k;
    }
    static const char *const need[C__N] = {"item", "date (or period)", "quantity"};
    for (int c = 0; c < C__N && !r.err; c++)
        if (col[c] < 0)
            fail(&r, 1, "no column '%s'; the header names the columns item, date (or period) and quantity",
                 need[c]);
    int64_t cells = 0;
    int32_t last = INT32_MIN, lo = INT32_MAX;
    while (!r.err) {
        uint32_t at = r.line;
        int n = record(&r);
        if (n <= 0) break;
        bool blank = true;
        for (int k = 0; k < n; k++)
            if (*trim(r.f[k].data)) blank = false;
        if (blank) continue;
        if (n != nh) {
            fail(&r, at, "%d fields, but the header has %d", n, nh);
            break;
        }
        const char *it = trim(r.f[col[C_ITEM]].data), *wh = trim(r.f[col[C_WHEN]].data),
                   *q = trim(r.f[col[C_QTY]].data);
        StrBuf e = {0};
        if (!hist_plain_name(it)) {
            hist_escape(&e, it, 64);
            if (!*it) fail(&r, at, "the item is empty");
            else
                fail(&r, at, "'%s' is not a product name: letters, digits and _, not starting with a digit, "
                             "not a keyword, at most %d bytes", sb_cstr(&e), HIST_MAX_NAME);
            sb_free(&e);
            break;
        }
        When kind;
        int32_t day;
        if (!parse_when(wh, &kind, &day)) {
            hist_escape(&e, wh, 64);
            fail(&r, at, "'%s' is not a date (2025-03-14), a month (2025-03) or a week (2025-W11) from 1900 to 2999",
                 sb_cstr(&e));
            sb_free(&e);
            break;
        }
        if (bucket == HIST_AUTO) bucket = kind == W_WEEK ? HIST_WEEK : HIST_MONTH;
        if ((kind == W_WEEK && bucket == HIST_MONTH) || (kind == W_MONTH && bucket == HIST_WEEK)) {
            fail(&r, at, "'%s' is a %s, but the history is %s (--period %s)", wh, kind == W_WEEK ? "week" : "month",
                 bucket == HIST_WEEK ? "weekly" : "monthly", bucket == HIST_WEEK ? "week" : "month");
            break;
        }
        char *endp;
        errno = 0;
        double v = strtod(q, &endp);
        if (!*q || *endp || errno == ERANGE || !isfinite(v)) {
            hist_escape(&e, q, 64);
            fail(&r, at, "the quantity '%s' is not a number", sb_cstr(&e));
            sb_free(&e);
            break;
        }
        if (v < 0) {
            fail(&r, at, "the quantity %s of '%s' is negative; history is what was sold or shipped (returns are "
                         "not demand)", q, it);
            break;
        }
        if (v > HIST_MAX_QTY) {
            fail(&r, at, "the quantity %s of '%s' is more than 10^12", q, it);
            break;
        }
        int32_t period = bucket == HIST_WEEK ? week_of_day(day) : 0;
        if (bucket == HIST_MONTH) {
            int y, m, d;
            date_to_ymd(day, &y, &m, &d);
            period = month_of(y, m);
        }
        int32_t ix = nameindex_find(&index, it);
        if (ix < 0) {
            if (items.len == HIST_MAX_ITEMS) {
                fail(&r, at, "more than %d items", HIST_MAX_ITEMS);
                break;
            }
            Item ni;
            memset(&ni, 0, sizeof ni);
            ni.name = tk_strdup(it);
            ni.line = at;
            ix = (int32_t)items.len;
            vec_push(&items, ni);
            nameindex_add(&index, it, ix);
        }
        Item *I = &items.data[ix];
        if (I->any) {
            char b1[16], b2[16];
            if (day < I->last_day) {
                fail(&r, at, "'%s': %s comes after a later date (line %u): rows of an item must be in date order", it,
                     wh, I->last_line);
                break;
            }
            bool same_period = I->obs.len && vec_last(&I->obs).period == period;
            if ((day == I->last_day && (kind == W_DATE) == (I->last_kind == W_DATE)) ||
                (same_period && (kind != W_DATE || I->last_kind != W_DATE))) {
                hist_period_label(bucket, period, b1, sizeof b1);
                (void)b2;
                fail(&r, at, "'%s': %s is given twice (line %u and here)", it,
                     kind == W_DATE && I->last_kind == W_DATE ? wh : b1, I->last_line);
                break;
            }
        }
        I->any = true, I->last_day = day, I->last_kind = kind, I->last_line = at;
        if (I->obs.len && vec_last(&I->obs).period == period) vec_last(&I->obs).qty += v;
        else {
            Obs o = {period, v};
            vec_push(&I->obs, o);
        }
        if (period > last) last = period;
        if (period < lo) lo = period;
    }
    if (!r.err && items.len == 0) fail(&r, r.line, "no rows after the header");
    if (!r.err) {
        /* the item-periods, gaps included, and the longest series */
        for (uint32_t i = 0; i < items.len && !r.err; i++) {
            int64_t span = (int64_t)last - items.data[i].obs.data[0].period + 1;
            if (span > FC_MAX_N)
                fail(&r, items.data[i].line, "'%s' spans %lld periods; at most %d", items.data[i].name,
                     (long long)span, FC_MAX_N);
            cells += span;
        }
        if (!r.err && cells > HIST_MAX_CELLS)
            fail(&r, 1, "the history has %lld item-periods (from each item's first row to the last period of the "
                        "file); at most %d", (long long)cells, HIST_MAX_CELLS);
    }
    if (!r.err) {
        out->bucket = bucket;
        out->last = last;
        out->nseries = items.len;
        out->series = tk_xalloc((items.len + 1) * sizeof(HistSeries));
        for (uint32_t i = 0; i < items.len; i++) {
            Item *I = &items.data[i];
            HistSeries *s = &out->series[i];
            s->item = I->name;
            I->name = NULL;
            s->line = I->line;
            s->first = I->obs.data[0].period;
            s->n = (int)(last - s->first + 1);
            s->v = tk_xalloc((size_t)s->n * sizeof(double));
            memset(s->v, 0, (size_t)s->n * sizeof(double));
            for (uint32_t k = 0; k < I->obs.len; k++) s->v[I->obs.data[k].period - s->first] = I->obs.data[k].qty;
        }
    }
    (void)lo;
    for (uint32_t i = 0; i < items.len; i++) {
        tk_free(items.data[i].name);
        vec_free(&items.data[i].obs);
    }
    vec_free(&items);
    nameindex_free(&index);
    for (int k = 0; k < HIST_MAX_FIELDS; k++) sb_free(&r.f[k]);
    *line = r.err_line;
    return r.err;
}
