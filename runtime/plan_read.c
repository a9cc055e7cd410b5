/* plan_read.c: the plan file and the schedule CSV, read back (plan_read.h).
 * The reader follows docs/plan-format.md: one record a line, fields
 * separated by spaces, names bare or as JSON strings, `key value` pairs
 * after the identity (unknown keys are skipped). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ast.h"
#include "plan_read.h"

#define MAX_TOKENS 64

typedef struct Tok {
    const char *s;   /* in the arena, unescaped */
    uint32_t lo, hi; /* offsets in the file */
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

bool plan_parse_time(const char *s, int64_t *out)
{
    int y, mo, d, h, mi;
    char tail;
    if (strlen(s) != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return false;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5) return false;
    if (!date_valid(y, mo, d) || h > 23 || mi > 59 || h < 0 || mi < 0) return false;
    *out = (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
    return true;
}

static bool parse_num(const char *s, double *out)
{
    char *end;
    if (!*s) return false;
    double v = strtod(s, &end);
    if (*end || v != v) return false;
    *out = v;
    return true;
}

/* Splits one line into tokens: bare words, or JSON strings. */
static uint32_t tokenize(Reader *r, Tok *t)
{
    const char *x = r->text;
    uint32_t i = r->line_lo, n = 0;
    StrBuf b = {0};
    while (i < r->line_hi) {
        while (i < r->line_hi && x[i] == ' ') i++;
        if (i >= r->line_hi) break;
        if (n == MAX_TOKENS) {
            bad_line(r, i, r->line_hi, NULL, "%s", "too many fields on one line");
            break;
        }
        uint32_t lo = i;
        b.len = 0;
        if (x[i] == '"') {
            i++;
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
        } else {
            while (i < r->line_hi && x[i] != ' ') sb_putc(&b, x[i++]);
        }
        t[n].s = arena_strdup(&r->pf->arena, sb_cstr(&b));
        t[n].lo = lo;
        t[n].hi = i;
        n++;
    }
    sb_free(&b);
    return n;
}

/* The value of key in the pairs t[from..n); NULL if absent. */
static const Tok *field(const Tok *t, uint32_t from, uint32_t n, const char *key)
{
    for (uint32_t k = from; k + 1 < n; k += 2)
        if (strcmp(t[k].s, key) == 0) return &t[k + 1];
    return NULL;
}

static const char *get_str(Reader *r, const Tok *t, uint32_t from, uint32_t n, const char *key, bool need)
{
    const Tok *v = field(t, from, n, key);
    if (!v && need) bad_line(r, r->line_lo, r->line_hi, NULL, "the record has no '%s'", key);
    return v ? v->s : NULL;
}

static int64_t get_time(Reader *r, const Tok *t, uint32_t from, uint32_t n, const char *key, bool need)
{
    const Tok *v = field(t, from, n, key);
    int64_t x = -1;
    if (!v) {
        if (need) bad_line(r, r->line_lo, r->line_hi, NULL, "the record has no '%s'", key);
        return -1;
    }
    if (!plan_parse_time(v->s, &x)) {
        bad_line(r, v->lo, v->hi, "times are written 2026-12-07T06:00", "'%s' is not a date and time", v->s);
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
    if (!parse_num(v->s, &x)) {
        bad_line(r, v->lo, v->hi, NULL, "'%s' is not a number", v->s);
        return dflt;
    }
    return x;
}

static void plan_line(Reader *r, const Tok *t, uint32_t n)
{
    PlanFile *pf = r->pf;
    Span at = sp(r, r->line_lo, r->line_hi);
    const char *kind = t[0].s;
    if (strcmp(kind, "plant") == 0 && n >= 2) {
        pf->has_plant = true;
        pf->plant = t[1].s;
        pf->plant_span = at;
        pf->start = get_time(r, t, 2, n, "start", true);
        pf->end = get_time(r, t, 2, n, "end", true);
        pf->currency = get_str(r, t, 2, n, "currency", false);
    } else if (strcmp(kind, "measures") == 0) {
        for (uint32_t k = 1; k + 1 < n; k += 2) {
            PfMeasure m = {t[k].s, t[k + 1].s};
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
    } else if (strcmp(kind, "order") == 0 && n >= 2) {
        PfOrder o;
        o.name = t[1].s;
        o.product = get_str(r, t, 2, n, "product", true);
        o.qty = get_num(r, t, 2, n, "qty", true, 0);
        o.due = get_time(r, t, 2, n, "due", true);
        o.done = get_time(r, t, 2, n, "done", false);
        o.lateness = get_num(r, t, 2, n, "lateness", false, NAN);
        o.span = at;
        vec_push(&pf->orders, o);
    } else if (strcmp(kind, "workorder") == 0 && n >= 2) {
        PfWorkOrder w;
        w.name = t[1].s;
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
    } else if (strcmp(kind, "op") == 0 && n >= 3) {
        PfOp o;
        o.wo = t[1].s;
        o.step = t[2].s;
        o.machine = get_str(r, t, 3, n, "machine", true);
        double u = get_num(r, t, 3, n, "unit", true, 0);
        o.unit = u == (int32_t)u ? (int32_t)u : 0;
        o.start = get_time(r, t, 3, n, "start", true);
        o.end = get_time(r, t, 3, n, "end", true);
        o.setup = get_num(r, t, 3, n, "setup", false, -1);
        o.run = get_num(r, t, 3, n, "run", false, -1);
        const char *act = get_str(r, t, 3, n, "actual", false);
        o.actual = act ? (strcmp(act, "done") == 0 ? 1 : 2) : 0;
        o.span = at;
        if (!r->bad) vec_push(&pf->ops, o);
    } else if (strcmp(kind, "purchase") == 0 && n >= 2) {
        PfPurchase p;
        p.material = t[1].s;
        p.qty = get_num(r, t, 2, n, "qty", true, 0);
        p.order_at = get_time(r, t, 2, n, "order", true);
        p.arrive = get_time(r, t, 2, n, "arrive", true);
        p.span = at;
        vec_push(&pf->purchases, p);
    } else {
        bad_line(r, t[0].lo, r->line_hi, "a plan has plant, measures, order, workorder, op and purchase records",
                 "unreadable line: '%s' is not a plan record", kind);
    }
}

/* One CSV row: order,operation,machine,unit,start,end (RFC 4180 quoting). */
static void csv_line(Reader *r)
{
    const char *x = r->text;
    const char *f[6];
    uint32_t lo[6], hi[6];
    uint32_t nf = 0, i = r->line_lo;
    StrBuf b = {0};
    while (nf < 7) {
        b.len = 0;
        uint32_t flo = i;
        if (i < r->line_hi && x[i] == '"') {
            i++;
            for (;;) {
                if (i >= r->line_hi) {
                    bad_line(r, flo, r->line_hi, NULL, "%s", "a quoted field that does not end on its line");
                    sb_free(&b);
                    return;
                }
                if (x[i] == '"') {
                    if (i + 1 < r->line_hi && x[i + 1] == '"') {
                        sb_putc(&b, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                sb_putc(&b, x[i++]);
            }
        } else
            while (i < r->line_hi && x[i] != ',') sb_putc(&b, x[i++]);
        if (nf == 6) {
            nf++;
            break;
        }
        f[nf] = arena_strdup(&r->pf->arena, sb_cstr(&b));
        lo[nf] = flo;
        hi[nf] = i;
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
    if (nf != 6) {
        bad_line(r, r->line_lo, r->line_hi, "a schedule row is order,operation,machine,unit,start,end",
                 "unreadable line: %s", nf < 6 ? "too few fields" : "too many fields");
        return;
    }
    PfOp o;
    memset(&o, 0, sizeof o);
    o.wo = f[0];
    o.step = f[1];
    o.machine = f[2];
    double u;
    if (!parse_num(f[3], &u) || u != (int32_t)u) {
        bad_line(r, lo[3], hi[3], NULL, "'%s' is not a unit number", f[3]);
        return;
    }
    o.unit = (int32_t)u;
    if (!plan_parse_time(f[4], &o.start)) {
        bad_line(r, lo[4], hi[4], "times are written 2026-12-07T06:00", "'%s' is not a date and time", f[4]);
        return;
    }
    if (!plan_parse_time(f[5], &o.end)) {
        bad_line(r, lo[5], hi[5], "times are written 2026-12-07T06:00", "'%s' is not a date and time", f[5]);
        return;
    }
    o.setup = o.run = -1;
    o.span = sp(r, r->line_lo, r->line_hi);
    vec_push(&r->pf->ops, o);
}

bool plan_read(PlanFile *pf, FileId file, const char *text, size_t len, Diags *d)
{
    memset(pf, 0, sizeof *pf);
    pf->file = file;
    pf->start = pf->end = -1;
    PfMeasures none = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, -1};
    pf->known = none;
    Reader r = {pf, d, text, 0, 0, false};
    uint32_t n = (uint32_t)len, i = 0;
    bool header = false;
    Tok t[MAX_TOKENS];
    while (i < n) {
        uint32_t lo = i;
        while (i < n && text[i] != '\n') i++;
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
            static const char csv_header[] = "order,operation,machine,unit,start,end";
            if (hi - lo == sizeof csv_header - 1 && memcmp(text + lo, csv_header, sizeof csv_header - 1) == 0) {
                pf->csv = true;
                continue;
            }
            if (hi - lo >= 11 && memcmp(text + lo, "takt-plan ", 10) == 0) {
                if (!(hi - lo == 11 && text[lo + 10] == '1')) {
                    Diag *g = diag_error(d, sp(&r, lo, hi), DIAG_PLAN_UNREADABLE, "this plan is of a format version Takt does not know");
                    diag_hint(g, "this Takt reads version 1");
                    return false;
                }
                continue;
            }
            Diag *g = diag_error(d, sp(&r, lo, hi), DIAG_PLAN_UNREADABLE, "this is neither a plan file nor a schedule CSV");
            diag_hint(g, "a plan file starts with 'takt-plan 1'; a schedule CSV with the header "
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
    arena_free(&pf->arena);
    memset(pf, 0, sizeof *pf);
}
