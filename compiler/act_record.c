/* act_record.c: a reported operation in its usual form, read whole.
 *
 * A week of shop-floor reports is tens of thousands of lines like
 *
 *   op "SO-1002/frame" weld on welder 1 { start 2026-12-07 07:15  end 2026-12-07 09:40  good 10 }
 *
 * Read token by token, each is fourteen tokens, as many parser steps and
 * seven syntax nodes. The lexer matches the usual form as one token instead
 * (grammar/lexer.l) and this file takes it apart: the work order as a plain
 * string, the step and machine as names that are not keywords, the unit as
 * digits, then start, and optionally end, setup in minutes, good and scrap,
 * in that order, each a plain literal, up to the closing brace. It accepts a record only where the
 * token-by-token reading would give the same values without a diagnostic;
 * anything else (an escape, a keyword as a name, a malformed date, a unit
 * number written 1.0, another order of the items, a comment) returns NULL,
 * and the lexer reads the record token by token, with that path's messages. */
#include <string.h>

#include "compiler/ast.h"

typedef struct Cur {
    const char *t;
    size_t i, n;
} Cur;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ident(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || is_digit(c); }

static void skip_space(Cur *c)
{
    while (c->i < c->n && is_space(c->t[c->i])) c->i++;
}

/* A keyword of the record: the word, then no letter or digit. */
static bool word(Cur *c, const char *w)
{
    skip_space(c);
    size_t k = strlen(w);
    if (c->n - c->i < k || memcmp(c->t + c->i, w, k) != 0) return false;
    if (c->i + k < c->n && is_ident(c->t[c->i + k])) return false;
    c->i += k;
    return true;
}

/* A name that the lexer would give as IDENT: not a keyword. */
static bool name(Cur *c, size_t *lo, size_t *len)
{
    skip_space(c);
    size_t s = c->i;
    if (s >= c->n || is_digit(c->t[s]) || !is_ident(c->t[s])) return false;
    while (c->i < c->n && is_ident(c->t[c->i])) c->i++;
    *lo = s;
    *len = c->i - s;
    for (size_t k = s; k < c->i; k++) /* keywords are lower-case letters and '_' */
        if (!((c->t[k] >= 'a' && c->t[k] <= 'z') || c->t[k] == '_')) return true;
    return lex_keyword(c->t + s, *len) == 0;
}

/* Digits only, at most nine: a whole number, exactly as the lexer reads it. */
static bool digits(Cur *c, size_t *lo, uint32_t *v)
{
    skip_space(c);
    size_t s = c->i;
    uint32_t x = 0;
    while (c->i < c->n && is_digit(c->t[c->i])) x = x * 10 + (uint32_t)(c->t[c->i++] - '0');
    if (c->i == s || c->i - s > 9) return false;
    if (c->i < c->n && (is_ident(c->t[c->i]) || c->t[c->i] == '.')) return false;
    *lo = s;
    *v = x;
    return true;
}

/* N digits exactly. */
static bool fixed(Cur *c, int n, int *v)
{
    int x = 0;
    for (int k = 0; k < n; k++) {
        if (c->i >= c->n || !is_digit(c->t[c->i])) return false;
        x = x * 10 + (c->t[c->i++] - '0');
    }
    *v = x;
    return true;
}

/* YYYY-MM-DD HH:MM (or with a T): a valid date and time of day, as the
 * lexer's DATE TIME or DATETIME would read without a diagnostic; from 1970,
 * where a time is never negative (an end of -1 means none). */
static bool datetime(Cur *c, size_t *lo, int64_t *minutes)
{
    skip_space(c);
    *lo = c->i;
    int y, mo, d, h = 0, mi;
    if (!fixed(c, 4, &y) || c->i >= c->n || c->t[c->i++] != '-') return false;
    if (!fixed(c, 2, &mo) || c->i >= c->n || c->t[c->i++] != '-') return false;
    if (!fixed(c, 2, &d) || c->i >= c->n) return false;
    if (c->t[c->i] == 'T') c->i++;
    else {
        size_t s = c->i;
        while (c->i < c->n && (c->t[c->i] == ' ' || c->t[c->i] == '\t')) c->i++;
        if (c->i == s) return false;
    }
    int hd = 0;
    while (hd < 2 && c->i < c->n && is_digit(c->t[c->i])) h = h * 10 + (c->t[c->i++] - '0'), hd++;
    if (hd == 0 || c->i >= c->n || c->t[c->i++] != ':' || !fixed(c, 2, &mi)) return false;
    if (c->i < c->n && (is_ident(c->t[c->i]) || c->t[c->i] == ':' || c->t[c->i] == '.')) return false;
    if (y < 1970 || !date_valid(y, mo, d) || mi > 59 || h > 24 || (h == 24 && mi != 0)) return false;
    *minutes = (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
    return true;
}

static Span at(const ParseCtx *p, uint32_t base, size_t lo, size_t hi)
{
    return (Span){p->file, base + (uint32_t)lo, base + (uint32_t)hi};
}

AstNode *lex_act_record(ParseCtx *p, uint32_t lo, uint32_t *used)
{
    const char *text = p->text + lo;
    Cur c = {text, 0, p->len - lo};
    if (!word(&c, "op")) return NULL;
    /* the work order: a string without escapes */
    skip_space(&c);
    size_t wo_lo = c.i;
    if (c.i >= c.n || text[c.i++] != '"') return NULL;
    while (c.i < c.n && text[c.i] != '"' && text[c.i] != '\\' && text[c.i] != '\n') c.i++;
    if (c.i >= c.n || text[c.i] != '"') return NULL;
    const char *close = text + c.i++;
    size_t step_lo, step_len, mach_lo, mach_len, unit_lo = 0, unit_hi = 0, n_lo;
    if (!name(&c, &step_lo, &step_len) || !word(&c, "on") || !name(&c, &mach_lo, &mach_len)) return NULL;
    uint32_t unit = 1, v;
    skip_space(&c);
    bool has_unit = c.i < c.n && is_digit(text[c.i]);
    if (has_unit && !digits(&c, &unit_lo, &unit)) return NULL;
    unit_hi = c.i;
    skip_space(&c);
    if (c.i >= c.n || text[c.i++] != '{') return NULL;

    AstActOp r;
    memset(&r, 0, sizeof r);
    r.whole = true;
    size_t t_lo;
    if (!word(&c, "start") || !datetime(&c, &t_lo, &r.start)) return NULL;
    r.start_span = at(p, lo, t_lo, c.i);
    if (word(&c, "end")) {
        if (!datetime(&c, &t_lo, &r.end)) return NULL;
        r.end_span = at(p, lo, t_lo, c.i);
        r.has_end = true;
    }
    if (word(&c, "setup")) {
        if (!digits(&c, &n_lo, &v) || !word(&c, "min")) return NULL;
        r.setup = v;
        r.setup_span = at(p, lo, n_lo, c.i);
        r.has_setup = true;
    }
    if (word(&c, "good")) {
        if (!digits(&c, &n_lo, &v)) return NULL;
        r.good = v;
        r.good_span = at(p, lo, n_lo, c.i);
        r.has_good = true;
    }
    if (word(&c, "scrap")) {
        if (!digits(&c, &n_lo, &v)) return NULL;
        r.scrap = v;
        r.scrap_span = at(p, lo, n_lo, c.i);
        r.has_scrap = true;
    }
    skip_space(&c);
    if (c.i >= c.n || text[c.i] != '}') return NULL;
    size_t len = ++c.i;
    *used = (uint32_t)len;

    Span mach_span = at(p, lo, mach_lo, mach_lo + mach_len);
    AstNode *n = ast_act_op(p, at(p, lo, 0, len), intern(p->strs, text + wo_lo + 1, (size_t)(close - text) - wo_lo - 1),
                            at(p, lo, wo_lo, (size_t)(close - text) + 1), intern(p->strs, text + step_lo, step_len),
                            at(p, lo, step_lo, step_lo + step_len), intern(p->strs, text + mach_lo, mach_len), mach_span,
                            unit, has_unit ? at(p, lo, unit_lo, unit_hi) : mach_span,
                            (AstList){0});
    AstActOp *a = n->as.act_op;
    r.wo = a->wo, r.step = a->step, r.machine = a->machine;
    r.wo_span = a->wo_span, r.step_span = a->step_span, r.machine_span = a->machine_span;
    r.unit = a->unit, r.unit_span = a->unit_span;
    *a = r;
    return n;
}
