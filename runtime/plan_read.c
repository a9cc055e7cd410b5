/* plan_read.c: the plan file and the schedule CSV, read back (plan_read.h).
 * The reader follows docs/plan-format.md: one record a line, fields
 * separated by spaces, names bare or as JSON strings, `key value` pairs
 * after the identity (unknown keys are skipped). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ast.h"
#include "compiler/files.h"
#include "plan_read.h"
#include "runtime.h"

#define MAX_TOKENS 256 /* a measures line of 64 restricted measures holds 153 (docs/limits.md) */

/* A token is a slice: of the file when it is a bare word or a string
 * without escapes, else of its unescaped copy in the arena. It is made a
 * string of its own (tok_str) only when a record keeps it or a diagnostic
 * shows it. */
typedef struct Tok {
    const char *p;   /* its text, unescaped; n bytes (up to a \u0000) */
    uint32_t n;
    uint32_t lo, hi; /* offsets in the file */
    const char *s;   /* NUL-terminated, in the arena; NULL until asked for */
} Tok;

typedef struct Reader {
    PlanFile *pf;
    Diags *d;
    const char *text;
    uint32_t line_lo, line_hi;
    bool bad;        /* this line had an error */
} Reader;

static Span sp(const Reader *r, uint32_t lo, uint32_t hi)
{
    Span s = {r->pf->file, lo, hi};
    return s;
}

static void bad_line(Reader *r, uint32_t lo, uint32_t hi, const char *hint, const char *fmt, const char *arg)
{
    if (r->bad) return; /* one error a line */
    r->bad = true;
    Diag *g = diag_error(r->d, sp(r, lo, hi > lo ? hi : lo + 1), DIAG_PLAN_UNREADABLE, fmt, arg);
    if (hint) diag_hint(g, "%s", hint);
}

/* The token as a string of its own, in the plan's arena: each call a new
 * copy, as each record keeps its own names. */
static const char *tok_str(Reader *r, const Tok *t)
{
    if (t->s) return t->s;
    return arena_strndup(&r->pf->arena, t->p, t->n);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* plan_parse_time on n bytes. The common form, all digits, is read here;
 * anything else goes to sscanf, which decides as it always did. */
static bool parse_time_n(const char *s, size_t n, int64_t *out)
{
    int y, mo, d, h, mi;
    if (n != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return false;
    if (is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && is_digit(s[5]) && is_digit(s[6]) &&
        is_digit(s[8]) && is_digit(s[9]) && is_digit(s[11]) && is_digit(s[12]) && is_digit(s[14]) && is_digit(s[15])) {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        mo = (s[5] - '0') * 10 + (s[6] - '0');
        d = (s[8] - '0') * 10 + (s[9] - '0');
        h = (s[11] - '0') * 10 + (s[12] - '0');
        mi = (s[14] - '0') * 10 + (s[15] - '0');
    } else {
        char buf[17], tail;
        memcpy(buf, s, 16);
        buf[16] = 0;
        if (sscanf(buf, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5) return false;
    }
    /* 24:00 is the next day's 00:00 (a schedule from another tool may write it) */
    if (!date_valid(y, mo, d) || h > 24 || (h == 24 && mi != 0) || mi > 59 || h < 0 || mi < 0) return false;
    *out = (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
    return true;
}

bool plan_parse_time(const char *s, int64_t *out) { return parse_time_n(s, strlen(s), out); }

/* strtod on n bytes, the whole of them a number. A plain decimal of up to
 * 15 digits and up to 22 after the point is exact as an integer over a power
 * of ten, and one IEEE division rounds it as strtod does; the rest goes to
 * strtod. */
static bool parse_num_n(const char *s, size_t n, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (!n) return false;
    size_t i = s[0] == '-' ? 1 : 0;
    uint64_t m = 0;
    unsigned digits = 0, frac = 0;
    bool dot = false, plain = i < n;
    for (; i < n && plain; i++) {
        if (is_digit(s[i])) {
            m = m * 10 + (uint64_t)(s[i] - '0');
            digits++;
            frac += dot;
        } else if (s[i] == '.' && !dot) dot = true;
        else plain = false;
    }
    if (plain && digits >= 1 && digits <= 15 && frac <= 22) {
        double v = (double)m / pow10[frac];
        *out = s[0] == '-' ? -v : v;
        return true;
    }
    char small[64], *buf = n < sizeof small ? small : tk_xalloc(n + 1), *end;
    memcpy(buf, s, n);
    buf[n] = 0;
    double v = strtod(buf, &end);
    bool ok = !*end && v == v;
    if (buf != small) tk_free(buf);
    if (!ok) return false;
    *out = v;
    return true;
}

/* A string token with escapes, unescaped into the arena; false if it has
 * no bytes at all. */
static bool unescape(Reader *r, Tok *t, uint32_t lo, uint32_t *pi)
{
    const char *x = r->text;
    uint32_t i = lo + 1;
    StrBuf b = {0};
    bool closed = false;
    while (i < r->line_hi) {
        char c = x[i++];
        if (c == '"') {
            closed = true;
            break;
        }
        if (c == '\\' && i < r->line_hi) {
            char e = x[i++];
            switch (e) {
            case 'n': sb_putc(&b, '\n'); break;
            case 't': sb_putc(&b, '\t'); break;
            case 'r': sb_putc(&b, '\r'); break;
            case 'b': sb_putc(&b, '\b'); break;
            case 'f': sb_putc(&b, '\f'); break;
            case 'u': {
                unsigned v = 0;
                int k = 0;
                for (; k < 4 && i < r->line_hi; k++, i++) {
                    char h = x[i];
                    v = v * 16 + (unsigned)(h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                            : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 0);
                }
                /* UTF-8 of the BMP code point */
                if (v < 0x80) sb_putc(&b, (char)v);
                else if (v < 0x800) {
                    sb_putc(&b, (char)(0xC0 | (v >> 6)));
                    sb_putc(&b, (char)(0x80 | (v & 0x3F)));
                } else {
                    sb_putc(&b, (char)(0xE0 | (v >> 12)));
                    sb_putc(&b, (char)(0x80 | ((v >> 6) & 0x3F)));
                    sb_putc(&b, (char)(0x80 | (v & 0x3F)));
                }
                break;
            }
            default: sb_putc(&b, e);
            }
        } else sb_putc(&b, c);
    }
    if (!closed) bad_line(r, lo, r->line_hi, NULL, "%s", "a string that does not end on its line");
    /* as a C string: up to a \u0000 */
    t->s = t->p = arena_strdup(&r->pf->arena, sb_cstr(&b));
    t->n = (uint32_t)strlen(t->s);
    bool any = b.len > 0;
    sb_free(&b);
    *pi = i;
    return any;
}

/* Splits one line into tokens: bare words, or JSON strings ("" is an empty
 * token). */
static uint32_t tokenize(Reader *r, Tok *t)
{
    const char *x = r->text;
    uint32_t i = r->line_lo, n = 0, end = r->line_hi;
    while (i < end) {
        while (i < end && x[i] == ' ') i++;
        if (i >= end) break;
        if (n == MAX_TOKENS) {
            bad_line(r, i, end, NULL, "%s", "too many fields on one line");
            break;
        }
        uint32_t lo = i;
        t[n].s = NULL;
        if (x[i] == '"') {
            i++;
            while (i < end && x[i] != '"' && x[i] != '\\') i++;
            bool any;
            if (i < end && x[i] == '"') { /* no escapes: the slice between the quotes */
                t[n].p = x + lo + 1;
                t[n].n = i - lo - 1;
                any = t[n].n > 0;
                i++;
            } else any = unescape(r, &t[n], lo, &i);
            if (!any) {
                t[n].p = "";
                t[n].n = 0;
                t[n].s = NULL;
            }
        } else {
            while (i < end && x[i] != ' ') i++;
            t[n].p = x + lo;
            t[n].n = i - lo;
        }
        t[n].lo = lo;
        t[n].hi = i;
        n++;
    }
    return n;
}

static bool tok_is(const Tok *t, const char *s, size_t n) { return t->n == n && memcmp(t->p, s, n) == 0; }

/* The value of key in the pairs t[from..n); NULL if absent. */
static const Tok *field(const Tok *t, uint32_t from, uint32_t n, const char *key)
{
    size_t kl = strlen(key);
    for (uint32_t k = from; k + 1 < n; k += 2)
        if (tok_is(&t[k], key, kl)) return &t[k + 1];
    return NULL;
}

static const char *get_str(Reader *r, const Tok *t, uint32_t from, uint32_t n, const char *key, bool need)
{
    const Tok *v = field(t, from, n, key);
    if (!v && need) bad_line(r, r->line_lo, r->line_hi, NULL, "the record has no '%s'", key);
    return v ? tok_str(r, v) : NULL;
}

static int64_t get_time(Reader *r, const Tok *t, uint32_t from, uint32_t n, const char *key, bool need)
{
    const Tok *v = field(t, from, n, key);
    int64_t x = -1;
    if (!v) {
        if (need) bad_line(r, r->line_lo, r->line_hi, NULL, "the record has no '%s'", key);
        return -1;
    }
    if (!parse_time_n(v->p, v->n, &x)) {
        if (!r->bad)
            bad_line(r, v->lo, v->hi, "times are written 2026-12-07T06:00", "'%s' is not a date and time", tok_str(r, v));
        return -1;
    }
    return x;
}

static double get_num(Reader *r, const Tok *t, uint32_t from, uint32_t n, const char *key, bool need, double dflt)
{
    const Tok *v = field(t, from, n, key);
    double x = dflt;
    if (!v) {
        if (need) bad_line(r, r->line_lo, r->line_hi, NULL, "the record has no '%s'", key);
        return dflt;
    }
    if (!parse_num_n(v->p, v->n, &x)) {
        if (!r->bad) bad_line(r, v->lo, v->hi, NULL, "'%s' is not a number", tok_str(r, v));
        return dflt;
    }
    return x;
}

/* An op's whole minutes (within, overrun): from 0, at most a hundred
 * years; dflt if not given. */
static int64_t whole_minutes(Reader *r, const Tok *t, uint32_t n, const char *key, int64_t dflt)
{
    double x = get_num(r, t, 3, n, key, false, NAN);
    if (x != x) return dflt;
    if (!(x >= 0 && x <= 100.0 * 366 * 1440) || x != floor(x)) {
        const Tok *v = field(t, 3, n, key);
        if (!r->bad) bad_line(r, v->lo, v->hi, NULL, "'%s' is not a whole number of minutes", tok_str(r, v));
        return dflt;
    }
    return (int64_t)x;
}

/* An op's transfer quantity: a number of pieces above 0, at most 1e12
 * (docs/plan-format.md); 0 if not given (a plan file says it on every
 * operation that has one). */
static double transfer_qty(Reader *r, const Tok *v)
{
    double x;
    if (!v) return 0;
    if (!parse_num_n(v->p, v->n, &x) || !(x > 0 && x <= 1e12)) {
        if (!r->bad) bad_line(r, v->lo, v->hi, NULL, "'%s' is not a number of pieces above 0", tok_str(r, v));
        return 0;
    }
    return x;
}

/* made-by TOOL version V revision R model sha256:HEX seed S iterations I
 * threads T [search-seconds S]: every field optional */
static void plan_line_made(Reader *r, const Tok *t, uint32_t n, Span at)
{
    PfMade *m = &r->pf->made;
    m->has = true;
    m->span = at;
    m->tool = tok_str(r, &t[1]);
    m->version = get_str(r, t, 2, n, "version", false);
    m->revision = get_str(r, t, 2, n, "revision", false);
    m->model = get_str(r, t, 2, n, "model", false);
    m->seed = get_str(r, t, 2, n, "seed", false);
    m->iterations = get_str(r, t, 2, n, "iterations", false);
    m->threads = get_str(r, t, 2, n, "threads", false);
    m->search_seconds = get_num(r, t, 2, n, "search-seconds", false, NAN);
    m->release = get_str(r, t, 2, n, "release", false);
}

static void plan_line(Reader *r, const Tok *t, uint32_t n)
{
    PlanFile *pf = r->pf;
    Span at = sp(r, r->line_lo, r->line_hi);
#define KIND_IS(lit) tok_is(&t[0], lit, sizeof lit - 1)
    if (KIND_IS("plant") && n >= 2) {
        pf->has_plant = true;
        pf->plant = tok_str(r, &t[1]);
        pf->plant_span = at;
        pf->start = get_time(r, t, 2, n, "start", true);
        pf->end = get_time(r, t, 2, n, "end", true);
        pf->currency = get_str(r, t, 2, n, "currency", false);
        pf->scenario = get_str(r, t, 2, n, "scenario", false);
    } else if (KIND_IS("made-by") && n >= 2) {
        plan_line_made(r, t, n, at);
    } else if (KIND_IS("measures")) {
        for (uint32_t k = 1; k + 1 < n; k += 2) {
            PfMeasure m = {tok_str(r, &t[k]), tok_str(r, &t[k + 1])};
            vec_push(&pf->measures, m);
        }
        PfMeasures *k = &pf->known;
        pf->has_measures = true;
        pf->measures_span = at;
        k->objective = get_num(r, t, 1, n, "objective", false, NAN);
        k->finish = get_time(r, t, 1, n, "finish", false);
        k->makespan = get_num(r, t, 1, n, "makespan", false, NAN);
        k->tardiness = get_num(r, t, 1, n, "tardiness", false, NAN);
        k->late_orders = get_num(r, t, 1, n, "late_orders", false, NAN);
        k->penalty = get_num(r, t, 1, n, "penalty", false, NAN);
        k->cost = get_num(r, t, 1, n, "cost", false, NAN);
        k->setups = get_num(r, t, 1, n, "setups", false, NAN);
        k->setup_time = get_num(r, t, 1, n, "setup_time", false, NAN);
    } else if (KIND_IS("order") && n >= 2) {
        PfOrder o;
        o.name = tok_str(r, &t[1]);
        o.product = get_str(r, t, 2, n, "product", true);
        o.qty = get_num(r, t, 2, n, "qty", true, 0);
        o.due = get_time(r, t, 2, n, "due", true);
        o.done = get_time(r, t, 2, n, "done", false);
        o.lateness = get_num(r, t, 2, n, "lateness", false, NAN);
        o.span = at;
        vec_push(&pf->orders, o);
    } else if (KIND_IS("workorder") && n >= 2) {
        PfWorkOrder w;
        w.name = tok_str(r, &t[1]);
        w.product = get_str(r, t, 2, n, "product", true);
        w.for_order = get_str(r, t, 2, n, "for", false);
        w.parent = get_str(r, t, 2, n, "parent", false);
        w.qty = get_num(r, t, 2, n, "qty", true, 0);
        w.release = get_time(r, t, 2, n, "release", true);
        w.due = get_time(r, t, 2, n, "due", false);
        w.start = get_time(r, t, 2, n, "start", false);
        w.end = get_time(r, t, 2, n, "end", false);
        w.materials = get_time(r, t, 2, n, "materials", false);
        w.span = at;
        vec_push(&pf->wos, w);
    } else if (KIND_IS("op") && n >= 3) {
        PfOp o;
        o.wo = tok_str(r, &t[1]);
        o.step = tok_str(r, &t[2]);
        o.sub = field(t, 3, n, "subcontractor") != NULL;
        if (o.sub) {
            o.machine = get_str(r, t, 3, n, "subcontractor", true);
            o.unit = 0;
        } else {
            o.machine = get_str(r, t, 3, n, "machine", true);
            double u = get_num(r, t, 3, n, "unit", true, 0);
            o.unit = u == (int32_t)u ? (int32_t)u : 0;
        }
        o.start = get_time(r, t, 3, n, "start", true);
        o.end = get_time(r, t, 3, n, "end", true);
        o.setup = get_num(r, t, 3, n, "setup", false, -1);
        o.run = get_num(r, t, 3, n, "run", false, -1);
        o.qty = get_num(r, t, 3, n, "qty", false, NAN);
        o.good = get_num(r, t, 3, n, "good", false, NAN);
        const Tok *act = field(t, 3, n, "actual");
        o.actual = act ? (tok_is(act, "done", 4) ? 1 : 2) : 0;
        const Tok *pin = field(t, 3, n, "pinned");
        o.pinned = !pin ? PIN_NONE : tok_is(pin, "firm", 4) ? PIN_FIRM : tok_is(pin, "frozen", 6) ? PIN_FROZEN : PIN_MODEL;
        const Tok *uses = field(t, 3, n, "uses");
        o.uses = uses ? tok_str(r, uses) : NULL;
        o.uses_span = uses ? sp(r, uses->lo, uses->hi) : at;
        const Tok *bt = field(t, 3, n, "batches");
        o.batches = bt ? tok_str(r, bt) : NULL;
        o.batches_span = bt ? sp(r, bt->lo, bt->hi) : at;
        o.within = whole_minutes(r, t, n, "within", -1);
        o.overrun = whole_minutes(r, t, n, "overrun", 0);
        o.transfer = transfer_qty(r, field(t, 3, n, "transfer"));
        o.span = at;
        if (!r->bad) vec_push(&pf->ops, o);
    } else if (KIND_IS("batch") && n >= 3 && pf->version >= 2) {
        PfBatch b;
        b.machine = tok_str(r, &t[1]);
        char *end;
        const char *num = tok_str(r, &t[2]);
        b.number = strtod(num, &end);
        if (*end || !(b.number >= 1)) {
            bad_line(r, t[2].lo, t[2].hi, "a batch record is: batch MACHINE NUMBER unit .. start .. end ..",
                     "'%s' is not a batch's number", num);
            b.number = 0;
        }
        double u = get_num(r, t, 3, n, "unit", true, 0);
        b.unit = u == (int32_t)u ? (int32_t)u : 0;
        b.start = get_time(r, t, 3, n, "start", true);
        b.end = get_time(r, t, 3, n, "end", true);
        b.pieces = get_num(r, t, 3, n, "pieces", false, NAN);
        b.load = get_num(r, t, 3, n, "load", false, NAN);
        const Tok *act = field(t, 3, n, "actual");
        b.actual = !act ? 0 : tok_is(act, "done", 4) ? 1 : tok_is(act, "running", 7) ? 2 : 3;
        if (b.actual == 3) {
            bad_line(r, act->lo, act->hi, "a reported cycle is 'actual done' or 'actual running'",
                     "'%s' is not what a cycle's actual can be", tok_str(r, act));
            b.actual = 0;
        }
        const Tok *rf = field(t, 3, n, "ref");
        b.ref = rf ? tok_str(r, rf) : NULL;
        b.span = at;
        if (!r->bad) vec_push(&pf->batches, b);
    } else if (KIND_IS("purchase") && n >= 2) {
        PfPurchase p;
        p.material = tok_str(r, &t[1]);
        p.qty = get_num(r, t, 2, n, "qty", true, 0);
        p.order_at = get_time(r, t, 2, n, "order", true);
        p.arrive = get_time(r, t, 2, n, "arrive", true);
        p.span = at;
        vec_push(&pf->purchases, p);
    } else if (KIND_IS("subcontract") && n >= 4 && pf->version >= 2) {
        PfSubcontract c;
        c.subcontractor = tok_str(r, &t[1]);
        c.wo = tok_str(r, &t[2]);
        c.step = tok_str(r, &t[3]);
        c.product = get_str(r, t, 4, n, "product", false);
        c.qty = get_num(r, t, 4, n, "qty", true, 0);
        c.send = get_time(r, t, 4, n, "send", true);
        c.back = get_time(r, t, 4, n, "return", true);
        c.cost = get_num(r, t, 4, n, "cost", false, NAN);
        c.span = at;
        if (!r->bad) vec_push(&pf->subcontracts, c);
    } else if (KIND_IS("buy") && n >= 3 && pf->version >= 2) {
        PfBuy b;
        b.product = tok_str(r, &t[1]);
        b.need = tok_str(r, &t[2]);
        b.qty = get_num(r, t, 3, n, "qty", true, 0);
        b.need_qty = get_num(r, t, 3, n, "need", false, NAN);
        b.order_at = get_time(r, t, 3, n, "order", true);
        b.arrive = get_time(r, t, 3, n, "arrive", true);
        b.cost = get_num(r, t, 3, n, "cost", false, NAN);
        b.span = at;
        if (!r->bad) vec_push(&pf->buys, b);
    } else {
        bad_line(r, t[0].lo, r->line_hi,
                 pf->version >= 2
                     ? "a plan has made-by, plant, measures, order, workorder, op, batch, purchase, buy and subcontract records"
                     : "a plan has made-by, plant, measures, order, workorder, op and purchase records",
                 "unreadable line: '%s' is not a plan record", tok_str(r, &t[0]));
    }
#undef KIND_IS
}

/* One CSV row: order,operation,machine,unit,start,end and the header's
 * further columns (RFC 4180 quoting). */
static void csv_line(Reader *r)
{
    const char *x = r->text;
    Tok f[CSV_MAX_COLS];
    uint32_t nf = 0, i = r->line_lo, want = r->pf->csv_ncols;
    StrBuf b = {0};
    while (nf < want + 1) {
        uint32_t flo = i;
        const char *p = x + i;
        uint32_t len = 0;
        bool escaped = false; /* a "" inside: its text is in b */
        if (i < r->line_hi && x[i] == '"') {
            i++;
            p = x + i;
            for (;;) {
                if (i >= r->line_hi) {
                    bad_line(r, flo, r->line_hi, NULL, "%s", "a quoted field that does not end on its line");
                    sb_free(&b);
                    return;
                }
                if (x[i] == '"') {
                    if (i + 1 < r->line_hi && x[i + 1] == '"') {
                        if (!escaped) {
                            b.len = 0;
                            sb_putn(&b, p, len);
                            escaped = true;
                        }
                        sb_putc(&b, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (escaped) sb_putc(&b, x[i]);
                else len++;
                i++;
            }
        } else {
            while (i < r->line_hi && x[i] != ',') i++;
            len = i - flo;
        }
        if (nf == want) {
            nf++;
            break;
        }
        if (escaped) {
            f[nf].s = f[nf].p = arena_strndup(&r->pf->arena, b.data, b.len);
            f[nf].n = (uint32_t)b.len;
        } else if (!len) { /* an empty field */
            f[nf].s = NULL;
            f[nf].p = "";
            f[nf].n = 0;
        } else {
            f[nf].s = NULL;
            f[nf].p = p;
            f[nf].n = len;
        }
        f[nf].lo = flo;
        f[nf].hi = i;
        nf++;
        if (i >= r->line_hi) break;
        if (x[i] != ',') {
            bad_line(r, i, r->line_hi, NULL, "%s", "text after a quoted field");
            sb_free(&b);
            return;
        }
        i++;
    }
    sb_free(&b);
    if (nf != want) {
        bad_line(r, r->line_lo, r->line_hi,
                 want == 6 ? "a schedule row is order,operation,machine,unit,start,end"
                           : "a schedule row has a field for each column of the header",
                 "unreadable line: %s", nf < want ? "too few fields" : "too many fields");
        return;
    }
    PfOp o;
    memset(&o, 0, sizeof o);
    double u;
    if (f[3].n == 0) o.unit = 0; /* no unit: work sent to a subcontractor (verify checks the machine is one) */
    else if (!parse_num_n(f[3].p, f[3].n, &u) || u != (int32_t)u) {
        bad_line(r, f[3].lo, f[3].hi, NULL, "'%s' is not a unit number", tok_str(r, &f[3]));
        return;
    } else o.unit = (int32_t)u;
    if (!parse_time_n(f[4].p, f[4].n, &o.start)) {
        bad_line(r, f[4].lo, f[4].hi, "times are written 2026-12-07T06:00", "'%s' is not a date and time", tok_str(r, &f[4]));
        return;
    }
    if (!parse_time_n(f[5].p, f[5].n, &o.end)) {
        bad_line(r, f[5].lo, f[5].hi, "times are written 2026-12-07T06:00", "'%s' is not a date and time", tok_str(r, &f[5]));
        return;
    }
    o.wo = tok_str(r, &f[0]);
    o.step = tok_str(r, &f[1]);
    o.machine = tok_str(r, &f[2]);
    o.setup = o.run = -1;
    o.qty = o.good = NAN;
    o.uses = NULL;
    o.within = -1;
    o.transfer = r->pf->csv_transfer ? 0 : NAN;
    for (uint32_t c = 6; c < want; c++) {
        /* the quantities, where the schedule has them (an empty field: not given) */
        double q;
        double *dst = r->pf->csv_col[c] == CSV_QTY ? &o.qty : r->pf->csv_col[c] == CSV_GOOD ? &o.good : NULL;
        if (r->pf->csv_col[c] == CSV_USES && f[c].n) { /* the resource units it holds */
            o.uses = tok_str(r, &f[c]);
            o.uses_span = sp(r, f[c].lo, f[c].hi);
        }
        if (r->pf->csv_col[c] == CSV_OVERRUN && f[c].n) {
            /* the minutes a time window is exceeded by, as the plan says */
            const Tok *v = &f[c];
            double m;
            if (!parse_num_n(v->p, v->n, &m) || !(m >= 0 && m <= 100.0 * 366 * 1440) || m != floor(m)) {
                bad_line(r, v->lo, v->hi, NULL, "'%s' is not a whole number of minutes", tok_str(r, v));
                return;
            }
            o.overrun = (int64_t)m;
        }
        if (r->pf->csv_col[c] == CSV_TRANSFER && f[c].n) { /* its transfer quantity */
            o.transfer = transfer_qty(r, &f[c]);
            if (r->bad) return;
        }
        if (!dst || !f[c].n) continue;
        if (!parse_num_n(f[c].p, f[c].n, &q) || !(q >= 0)) {
            bad_line(r, f[c].lo, f[c].hi, NULL, "'%s' is not a number of pieces", tok_str(r, &f[c]));
            return;
        }
        *dst = q;
    }
    o.span = sp(r, r->line_lo, r->line_hi);
    if (!o.uses) o.uses_span = o.span;
    vec_push(&r->pf->ops, o);
}

/* The schedule CSV's header: order,operation,machine,unit,start,end, then
 * any of the further columns a schedule may have (qty, good, resources, overrun, transfer;
 * each once),
 * any of its names quoted (RFC 4180: "order","operation",... as
 * spreadsheets write it). Fills pf's columns. */
static bool is_csv_header(PlanFile *pf, const char *s, size_t n)
{
    static const char *const names[] = {"order", "operation", "machine", "unit", "start", "end", "qty", "good", "resources", "overrun", "transfer"};
    size_t i = 0;
    uint32_t k = 0;
    for (; i < n || k < 6; k++) {
        if (k >= CSV_MAX_COLS) return false;
        if (k && (i >= n || s[i++] != ',')) return false;
        bool quoted = i < n && s[i] == '"';
        if (quoted) i++;
        size_t lo = i;
        while (i < n && s[i] != ',' && s[i] != '"') i++;
        size_t len = i - lo;
        if (quoted) {
            if (i >= n || s[i] != '"') return false;
            i++;
        }
        uint32_t col = CSV_UNKNOWN;
        for (uint32_t c = k < 6 ? k : 6; c < (k < 6 ? k + 1 : TK_COUNTOF(names)); c++)
            if (strlen(names[c]) == len && memcmp(s + lo, names[c], len) == 0) col = c;
        if (col == CSV_UNKNOWN) return false;
        for (uint32_t c = 6; c < k; c++)
            if (pf->csv_col[c] == col) return false; /* a column twice */
        pf->csv_col[k] = (uint8_t)col;
    }
    pf->csv_ncols = k;
    for (uint32_t c = 6; c < k; c++) {
        pf->csv_uses |= pf->csv_col[c] == CSV_USES;
        pf->csv_overrun |= pf->csv_col[c] == CSV_OVERRUN;
        pf->csv_transfer |= pf->csv_col[c] == CSV_TRANSFER;
    }
    return true;
}

bool plan_read(PlanFile *pf, FileId file, const char *text, size_t len, Diags *d)
{
    memset(pf, 0, sizeof *pf);
    pf->file = file;
    pf->start = pf->end = -1;
    PfMeasures none = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, -1};
    pf->known = none;
    Reader r = {pf, d, text, 0, 0, false};
    uint32_t n = (uint32_t)len, i = (uint32_t)files_bom_len(text, len); /* read as without it */
    bool header = false;
    Tok t[MAX_TOKENS];
    while (i < n) {
        uint32_t lo = i;
        const char *nl = memchr(text + i, '\n', n - i);
        i = nl ? (uint32_t)(nl - text) : n;
        uint32_t hi = i;
        bool complete = i < n;
        if (i < n) i++;
        if (hi > lo && text[hi - 1] == '\r') hi--;
        r.line_lo = lo;
        r.line_hi = hi;
        r.bad = false;
        if (memchr(text + lo, 0, hi - lo)) {
            bad_line(&r, lo, hi, NULL, "%s", "unreadable line: it holds a NUL byte");
            continue;
        }
        if (!complete && hi > lo) {
            /* the writer ends every line: a last line without its end was cut off */
            Diag *g = diag_error(d, sp(&r, lo, hi), DIAG_PLAN_TRUNCATED, "the file ends in the middle of a line");
            diag_hint(g, "the plan looks truncated: write it again with takt plan -o");
            continue;
        }
        if (hi == lo || text[lo] == '#') continue;
        if (!header) {
            header = true;
            if (is_csv_header(pf, text + lo, hi - lo)) {
                pf->csv = true;
                continue;
            }
            if (hi - lo >= 11 && memcmp(text + lo, "takt-plan ", 10) == 0) {
                if (!(hi - lo == 11 && (text[lo + 10] == '1' || text[lo + 10] == '2'))) {
                    Diag *g = diag_error(d, sp(&r, lo, hi), DIAG_PLAN_UNREADABLE, "this plan is of a format version Takt does not know");
                    diag_hint(g, "this Takt reads versions 1 and 2 (docs/plan-format.md)");
                    return false;
                }
                pf->version = text[lo + 10] - '0';
                continue;
            }
            Diag *g = diag_error(d, sp(&r, lo, hi), DIAG_PLAN_UNREADABLE, "this is neither a plan file nor a schedule CSV");
            diag_hint(g, "a plan file starts with its version, 'takt-plan 1' or 'takt-plan 2'; a schedule CSV with the header "
                         "order,operation,machine,unit,start,end");
            return false;
        }
        if (pf->csv) csv_line(&r);
        else {
            uint32_t nt = tokenize(&r, t);
            if (nt && !r.bad) plan_line(&r, t, nt);
        }
    }
    if (!header) {
        Diag *g = diag_error(d, sp(&r, 0, 0), DIAG_PLAN_UNREADABLE, "the plan is empty");
        diag_hint(g, "write it with takt plan MODEL -o PLAN");
        return false;
    }
    return true;
}

void plan_file_free(PlanFile *pf)
{
    vec_free(&pf->measures);
    vec_free(&pf->orders);
    vec_free(&pf->wos);
    vec_free(&pf->ops);
    vec_free(&pf->purchases);
    vec_free(&pf->subcontracts);
    vec_free(&pf->batches);
    vec_free(&pf->buys);
    arena_free(&pf->arena);
    memset(pf, 0, sizeof *pf);
}

char *plan_peek_scenario(const char *text, size_t len)
{
    /* the header only: the lines up to and with the plant line (comments,
     * takt-plan and made-by before it) */
    size_t i = files_bom_len(text, len), end = 0;
    while (i < len) {
        size_t lo = i;
        while (i < len && text[i] != '\n') i++;
        if (i < len) i++;
        if (i - lo >= 6 && memcmp(text + lo, "plant ", 6) == 0) {
            end = i;
            break;
        }
        bool made = i - lo >= 8 && memcmp(text + lo, "made-by ", 8) == 0; /* how the plan was made */
        if (i - lo > 0 && text[lo] != '#' && !made && memcmp(text + lo, "takt-plan", i - lo < 9 ? i - lo : 9) != 0) break;
    }
    if (!end) return NULL;
    Diags d;
    diags_init(&d);
    PlanFile pf;
    char *res = NULL;
    if (plan_read(&pf, 0, text, end, &d) && pf.scenario) res = tk_strdup(pf.scenario);
    plan_file_free(&pf);
    diags_free(&d);
    return res;
}
