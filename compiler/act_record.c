/* act_record.c: a reported operation in its usual form, read whole.
 *
 * A week of shop-floor reports is tens of thousands of lines like
 *
 *   op "SO-1002/frame" weld on welder 1 { start 2026-12-07 07:15  end 2026-12-07 09:40  good 10 }
 *
 * Read token by token, each is fourteen tokens, as many parser steps and
 * seven syntax nodes. The lexer matches the usual form instead (grammar/lexer.l),
 * a run of such records one token, and this file takes each apart: the work order as a plain
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

enum { C_SPACE = 1, C_DIGIT = 2, C_IDENT = 4, C_LOWER = 8 }; /* C_LOWER: a letter of keywords, a-z and _ */
static const uint8_t cls[256] = {
    [' '] = C_SPACE, ['\t'] = C_SPACE, ['\r'] = C_SPACE, ['\n'] = C_SPACE,
#define D(c) [c] = C_DIGIT | C_IDENT
    D('0'), D('1'), D('2'), D('3'), D('4'), D('5'), D('6'), D('7'), D('8'), D('9'),
#undef D
#define U(c) [c] = C_IDENT
    U('A'), U('B'), U('C'), U('D'), U('E'), U('F'), U('G'), U('H'), U('I'), U('J'), U('K'), U('L'), U('M'),
    U('N'), U('O'), U('P'), U('Q'), U('R'), U('S'), U('T'), U('U'), U('V'), U('W'), U('X'), U('Y'), U('Z'),
#undef U
#define L(c) [c] = C_IDENT | C_LOWER
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'), L('l'), L('m'),
    L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'), L('w'), L('x'), L('y'), L('z'), L('_'),
#undef L
};
static inline bool is_a(Cur *c, size_t i, int k) { return i < c->n && (cls[(unsigned char)c->t[i]] & k); }
static inline bool is_digit(char ch) { return cls[(unsigned char)ch] & C_DIGIT; }

static inline void skip_space(Cur *c)
{
    while (is_a(c, c->i, C_SPACE)) c->i++;
}

/* A keyword of the record: the word, then no letter or digit. */
#define word(c, w) word_n(c, w, sizeof(w) - 1)
static inline bool word_n(Cur *c, const char *w, size_t k)
{
    skip_space(c);
    if (c->n - c->i < k || memcmp(c->t + c->i, w, k) != 0 || is_a(c, c->i + k, C_IDENT)) return false;
    c->i += k;
    return true;
}

/* A name that the lexer would give as IDENT: not a keyword. */
static bool name(Cur *c, size_t *lo, size_t *len)
{
    skip_space(c);
    size_t s = c->i;
    if (!is_a(c, s, C_IDENT) || is_digit(c->t[s])) return false;
    int all = C_LOWER;
    while (is_a(c, c->i, C_IDENT)) all &= cls[(unsigned char)c->t[c->i++]];
    *lo = s;
    *len = c->i - s;
    return !all || lex_keyword(c->t + s, *len) == 0; /* keywords are of a-z and _ only */
}

/* A name's symbol. Steps and machines come back record after record: a
 * small table of recent names, their text kept in it, saves most lookups
 * in the model's interner (whose strings lie all over memory). */
static Sym name_sym(ParseCtx *p, const char *s, size_t n)
{
    if (n > sizeof p->names[0].text) return intern(p->strs, s, n);
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++) h = (h ^ (unsigned char)s[k]) * 16777619u;
    if (!p->names) p->names = arena_alloc(p->arena, ACT_NAME_CACHE * sizeof *p->names);
    ActName *e = &p->names[(h ^ (h >> 15)) & (ACT_NAME_CACHE - 1)];
    if (e->sym && e->len == n && memcmp(e->text, s, n) == 0) return e->sym;
    e->sym = intern(p->strs, s, n);
    e->len = (uint8_t)n;
    memcpy(e->text, s, n);
    return e->sym;
}

/* Digits only, at most nine: a whole number, exactly as the lexer reads it. */
static bool digits(Cur *c, size_t *lo, uint32_t *v)
{
    skip_space(c);
    size_t s = c->i;
    uint32_t x = 0;
    while (is_a(c, c->i, C_DIGIT)) x = x * 10 + (uint32_t)(c->t[c->i++] - '0');
    if (c->i == s || c->i - s > 9) return false;
    if (is_a(c, c->i, C_IDENT) || (c->i < c->n && c->t[c->i] == '.')) return false;
    *lo = s;
    *v = x;
    return true;
}

/* N digits exactly. */
static bool fixed(Cur *c, int n, int *v)
{
    int x = 0;
    for (int k = 0; k < n; k++) {
        if (!is_a(c, c->i, C_DIGIT)) return false;
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
    while (hd < 2 && is_a(c, c->i, C_DIGIT)) h = h * 10 + (c->t[c->i++] - '0'), hd++;
    if (hd == 0 || c->i >= c->n || c->t[c->i++] != ':' || !fixed(c, 2, &mi)) return false;
    if (is_a(c, c->i, C_IDENT) || (c->i < c->n && (c->t[c->i] == ':' || c->t[c->i] == '.'))) return false;
    if (y < 1970 || !date_valid(y, mo, d) || mi > 59 || h > 24 || (h == 24 && mi != 0)) return false;
    *minutes = (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
    return true;
}

/* Reads the record at p->text + lo into *r; false if it is not one the
 * usual form covers exactly. */
static bool lex_act_record(ParseCtx *p, uint32_t lo, ActRec *r)
{
    const char *text = p->text + lo;
    Cur c = {text, 0, p->len - lo};
    if (c.n > UINT16_MAX) c.n = UINT16_MAX; /* a record longer is read token by token */
    if (!word(&c, "op")) return false;
    /* the work order: a string without escapes */
    skip_space(&c);
    size_t wo_lo = c.i;
    if (c.i >= c.n || text[c.i++] != '"') return false;
    while (c.i < c.n && text[c.i] != '"' && text[c.i] != '\\' && text[c.i] != '\n') c.i++;
    if (c.i >= c.n || text[c.i] != '"') return false;
    size_t wo_hi = ++c.i;
    size_t step_lo, step_len, mach_lo, mach_len, unit_lo, n_lo;
    if (!name(&c, &step_lo, &step_len) || !word(&c, "on") || !name(&c, &mach_lo, &mach_len)) return false;
    /* no unit: the machine's span stands for it, as the parser has it */
    uint32_t unit = 1;
    skip_space(&c);
    if (is_a(&c, c.i, C_DIGIT)) {
        if (!digits(&c, &unit_lo, &unit)) return false;
        r->off[ACT_UNIT][0] = (uint16_t)unit_lo;
        r->off[ACT_UNIT][1] = (uint16_t)c.i;
    } else {
        r->off[ACT_UNIT][0] = (uint16_t)mach_lo;
        r->off[ACT_UNIT][1] = (uint16_t)(mach_lo + mach_len);
    }
    skip_space(&c);
    if (c.i >= c.n || text[c.i++] != '{') return false;

    size_t t_lo;
    r->has = 0;
    if (!word(&c, "start") || !datetime(&c, &t_lo, &r->start)) return false;
    r->off[ACT_START][0] = (uint16_t)t_lo;
    r->off[ACT_START][1] = (uint16_t)c.i;
    if (word(&c, "end")) {
        if (!datetime(&c, &t_lo, &r->end)) return false;
        r->off[ACT_END][0] = (uint16_t)t_lo;
        r->off[ACT_END][1] = (uint16_t)c.i;
        r->has |= 1u << ACT_END;
    }
    static const char *const counts[3] = {"setup", "good", "scrap"};
    uint32_t *vals[3] = {&r->setup, &r->good, &r->scrap};
    for (int k = 0; k < 3; k++) {
        if (!word_n(&c, counts[k], strlen(counts[k]))) continue;
        if (!digits(&c, &n_lo, vals[k]) || (k == 0 && !word(&c, "min"))) return false;
        r->off[ACT_SETUP + k][0] = (uint16_t)n_lo;
        r->off[ACT_SETUP + k][1] = (uint16_t)c.i;
        r->has |= 1u << (ACT_SETUP + k);
    }
    skip_space(&c);
    if (c.i >= c.n || text[c.i] != '}') return false;
    r->len = (uint16_t)++c.i;
    r->lo = lo;

    /* records come by work order: the last one's is likely this one's */
    uint32_t wo_len = (uint32_t)(wo_hi - wo_lo - 2);
    const char *wo_text = text + wo_lo + 1;
    Sym wo = p->last_wo.sym;
    if (!wo || wo_len != p->last_wo.len || memcmp(wo_text, p->text + p->last_wo.lo, wo_len) != 0) {
        wo = intern(p->strs, wo_text, wo_len);
        p->last_wo.sym = wo;
        p->last_wo.lo = (uint32_t)(wo_text - p->text);
        p->last_wo.len = wo_len;
    }
    r->wo = wo;
    r->off[ACT_WO][0] = (uint16_t)wo_lo;
    r->off[ACT_WO][1] = (uint16_t)wo_hi;
    r->step = name_sym(p, text + step_lo, step_len);
    r->off[ACT_STEP][0] = (uint16_t)step_lo;
    r->off[ACT_STEP][1] = (uint16_t)(step_lo + step_len);
    r->machine = name_sym(p, text + mach_lo, mach_len);
    r->off[ACT_MACHINE][0] = (uint16_t)mach_lo;
    r->off[ACT_MACHINE][1] = (uint16_t)(mach_lo + mach_len);
    r->unit = unit;
    return true;
}

/* Records one after another, with only white space between them, make one
 * token: a week of reports is a few long runs of them, and the parser takes
 * each run in one step. They are read into p->run, then copied to the
 * arena at their number; a run is at most ACT_RUN_MAX records, so that
 * p->run stays small and warm. NULL if the first is not a record read whole. */
#define ACT_RUN_MAX 2048
AstNode *lex_act_records(ParseCtx *p, uint32_t lo, uint32_t *used)
{
    uint32_t at = lo, n = 0;
    if (!p->run) p->run = tk_xalloc(ACT_RUN_MAX * sizeof(ActRec));
    while (n < ACT_RUN_MAX) {
        if (!lex_act_record(p, at, &p->run[n])) break;
        at += p->run[n++].len;
        *used = at - lo;
        while (at < p->len && (cls[(unsigned char)p->text[at]] & C_SPACE)) at++;
    }
    if (!n) return NULL;
    AstNode *run = ast_act_run(p, (Span){p->file, lo, lo + *used}, n);
    memcpy(run->as.act_run.recs, p->run, n * sizeof(ActRec));
    return run;
}
