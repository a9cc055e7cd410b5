/* ir_lower.c: checked model -> IR. Takes a model sema_check() found free of
 * errors; converts every table to IR form, compiles calendars to working
 * intervals over the horizon, and rules to straight-line code: rules are
 * inlined at their uses, `if` becomes SELECT, equal instructions are shared
 * and constant ones folded (with ir_apply, so folding cannot differ from
 * either engine). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "forecast/forecast.h"
#include "forecast/history.h"
#include "ir_eval.h"

typedef struct Lower {
    Model *m;
    Sema *s;
    IrModel *ir;
    int32_t *attr_row;            /* AttrDef index -> row index */
    /* the function being built */
    TK_VEC_OF(IrIns) code;
    uint32_t *hash;               /* value numbering: slots of instruction indexes + 1 */
    uint32_t nhash;
    uint64_t vars;
    uint8_t attrs;
    /* the value of each rule without parameters in the function being built
     * (rule_gen[r] == gen): lowered once, however often it is used */
    int32_t *rule_val;
    uint32_t *rule_gen;
    uint32_t gen;
} Lower;

static char *dup(IrModel *ir, const char *s) { return arena_strdup(&ir->arena, s ? s : ""); }
static char *dsym(Lower *L, Sym y) { return dup(L->ir, sym_str(&L->m->strs, y)); }

/* ---- code emission with value numbering and folding ----------------------------- */
static uint64_t ins_hash(const IrIns *i)
{
    return tk_hash(i, sizeof *i);
}

static void hash_reset(Lower *L)
{
    if (!L->hash) {
        L->nhash = 1024;
        L->hash = tk_xalloc(L->nhash * sizeof(uint32_t));
    }
    memset(L->hash, 0, L->nhash * sizeof(uint32_t));
}

static void hash_grow(Lower *L)
{
    uint32_t n = L->nhash * 2;
    tk_free(L->hash);
    L->hash = tk_xalloc(n * sizeof(uint32_t));
    memset(L->hash, 0, n * sizeof(uint32_t));
    L->nhash = n;
    for (uint32_t k = 0; k < L->code.len; k++) {
        uint32_t j = (uint32_t)ins_hash(&L->code.data[k]) & (n - 1);
        while (L->hash[j]) j = (j + 1) & (n - 1);
        L->hash[j] = k + 1;
    }
}

static int32_t emit(Lower *L, IrOp op, uint8_t obj, int32_t a, int32_t b, int32_t c, double k)
{
    IrIns in;
    memset(&in, 0, sizeof in);
    in.op = (uint8_t)op;
    in.obj = obj;
    in.a = a;
    in.b = b;
    in.c = c;
    in.k = k;
    int arity = ir_op_arity(op);
    /* fold: every operand a constant */
    if (op != IR_CONST && op != IR_VAR && op != IR_ATTR && op != IR_RET) {
        bool all = true;
        double v[3] = {0, 0, 0};
        int32_t ops[3] = {a, b, c};
        for (int q = 0; q < arity; q++) {
            if (L->code.data[ops[q]].op != IR_CONST) all = false;
            else v[q] = L->code.data[ops[q]].k;
        }
        if (all) return emit(L, IR_CONST, 0, 0, 0, 0, ir_apply(op, v[0], v[1], v[2]));
    }
    if (op == IR_CONST) {
        /* one canonical zero, so -0 and 0 are distinct only where they matter */
        in.k = k;
    }
    if (op == IR_VAR) L->vars |= 1ull << a;
    if (op == IR_ATTR) L->attrs = (uint8_t)(L->attrs | (1u << obj));
    uint32_t mask = L->nhash - 1;
    uint32_t j = (uint32_t)ins_hash(&in) & mask;
    while (L->hash[j]) {
        const IrIns *o = &L->code.data[L->hash[j] - 1];
        if (memcmp(o, &in, sizeof in) == 0) return (int32_t)(L->hash[j] - 1);
        j = (j + 1) & mask;
    }
    vec_push(&L->code, in);
    L->hash[j] = L->code.len;
    if (L->code.len * 2 > L->nhash) hash_grow(L);
    return (int32_t)L->code.len - 1;
}

static int32_t konst(Lower *L, double k) { return emit(L, IR_CONST, 0, 0, 0, 0, k); }

static const IrAttrTable table_of_obj[] = {
    [OBJ_JOB] = ATAB_JOB, [OBJ_PREV] = ATAB_PREV, [OBJ_ORDER] = ATAB_ORDER, [OBJ_MACHINE] = ATAB_MACHINE,
};

static int32_t lower_expr(Lower *L, const AstNode *e, const int32_t *params);

static int32_t inline_rule(Lower *L, int32_t ri, const AstList *args, const int32_t *caller_params)
{
    SemRule *r = &L->s->rules.data[ri];
    if (r->nparams == 0) {
        /* Lowering it again would give the same instructions, which value
         * numbering shares: the same value, in time linear in the rules */
        if (L->rule_gen[ri] == L->gen) return L->rule_val[ri];
        int32_t v = lower_expr(L, r->body, NULL);
        L->rule_gen[ri] = L->gen;
        L->rule_val[ri] = v;
        return v;
    }
    int32_t vals[64];
    for (uint32_t i = 0; i < r->nparams && i < 64; i++)
        vals[i] = r->params[i].dflt ? lower_expr(L, r->params[i].dflt, NULL) : konst(L, 0);
    if (args)
        for (uint32_t i = 0; i < args->len; i++) {
            const AstNode *a = args->items[i];
            if (a->ref >= 0 && a->ref < 64) vals[a->ref] = lower_expr(L, a->as.attr.value, caller_params);
        }
    return lower_expr(L, r->body, vals);
}

static int32_t lower_expr(Lower *L, const AstNode *e, const int32_t *params)
{
    switch ((AstKind)e->kind) {
    case AST_NUM: return konst(L, e->as.num.base);
    case AST_STR: return konst(L, (double)e->as.str.value);
    case AST_BOOL: return konst(L, e->as.boolean.value ? 1 : 0);
    case AST_DATE: case AST_DATETIME: return konst(L, (double)e->as.dt.minutes);
    case AST_NAME:
        switch ((NameRef)e->refkind) {
        case REF_ATTR: {
            RuleObject obj = ATTR_REF_OBJ(e->ref);
            int32_t id = ATTR_REF_ID(e->ref);
            if (ATTR_REF_USER(e->ref))
                return emit(L, IR_ATTR, (uint8_t)table_of_obj[obj], L->attr_row[id], 0, 0, 0);
            return emit(L, IR_VAR, 0, id, 0, 0, 0);
        }
        case REF_PARAM: return params ? params[e->ref] : konst(L, 0);
        case REF_RULE: return inline_rule(L, e->ref, NULL, params);
        default: break;
        }
        break;
    case AST_CALL: {
        const AstList *args = &e->as.call.args;
        if (e->refkind == REF_RULE) return inline_rule(L, e->ref, args, params);
        if (e->refkind == REF_MEASURE) return emit(L, IR_ATTR, ATAB_MEASURE, e->ref, 0, 0, 0);
        int32_t v[64] = {0};
        uint32_t n = args->len < 64 ? args->len : 64;
        if (n == 0) v[0] = konst(L, 0);
        for (uint32_t i = 0; i < n; i++) v[i] = lower_expr(L, args->items[i]->as.attr.value, params);
        switch ((BuiltinFn)e->ref) {
        case FN_MIN: case FN_MAX: {
            int32_t r = v[0];
            for (uint32_t i = 1; i < n; i++) r = emit(L, e->ref == FN_MIN ? IR_MIN : IR_MAX, 0, r, v[i], 0, 0);
            return r;
        }
        case FN_CLAMP: return emit(L, IR_MIN, 0, emit(L, IR_MAX, 0, v[0], v[1], 0, 0), v[2], 0, 0);
        case FN_ABS: return emit(L, IR_ABS, 0, v[0], 0, 0, 0);
        case FN_EXP: return emit(L, IR_EXP, 0, v[0], 0, 0, 0);
        case FN_LOG: return emit(L, IR_LOG, 0, v[0], 0, 0, 0);
        case FN_SQRT: return emit(L, IR_SQRT, 0, v[0], 0, 0, 0);
        case FN_FLOOR: return emit(L, IR_FLOOR, 0, v[0], 0, 0, 0);
        case FN_CEIL: return emit(L, IR_CEIL, 0, v[0], 0, 0, 0);
        case FN_ROUND: return emit(L, IR_ROUND, 0, v[0], 0, 0, 0);
        case FN_POW: return emit(L, IR_POW, 0, v[0], v[1], 0, 0);
        case FN__COUNT: break;
        }
        break;
    }
    case AST_UNARY: {
        int32_t a = lower_expr(L, e->as.unary.operand, params);
        return emit(L, e->as.unary.op == OP_NEG ? IR_NEG : IR_NOT, 0, a, 0, 0, 0);
    }
    case AST_BINARY: {
        int32_t a = lower_expr(L, e->as.binary.lhs, params);
        int32_t b = lower_expr(L, e->as.binary.rhs, params);
        static const IrOp map[] = {
            [OP_ADD] = IR_ADD, [OP_SUB] = IR_SUB, [OP_MUL] = IR_MUL, [OP_DIV] = IR_DIV, [OP_EQ] = IR_EQ,
            [OP_NE] = IR_NE,   [OP_LT] = IR_LT,   [OP_LE] = IR_LE,   [OP_GT] = IR_GT,   [OP_GE] = IR_GE,
            [OP_AND] = IR_AND, [OP_OR] = IR_OR,
        };
        return emit(L, map[e->as.binary.op], 0, a, b, 0, 0);
    }
    case AST_IF: {
        int32_t c = lower_expr(L, e->as.cond.cond, params);
        int32_t t = lower_expr(L, e->as.cond.then, params);
        int32_t f = lower_expr(L, e->as.cond.els, params);
        if (L->code.data[c].op == IR_CONST) return L->code.data[c].k != 0 ? t : f;
        return emit(L, IR_SELECT, 0, c, t, f, 0);
    }
    default: break;
    }
    TK_UNREACHABLE();
}

/* Compiles one expression to a new function; returns its index. */
/* The text of a span as written, runs of blanks, line breaks and comments
 * as one space, at most 200 bytes (then "..."): how a report names a rule. */
static char *source_text(Lower *L, Span sp)
{
    const SourceFile *f = sources_get(&L->m->sources, sp.file);
    if (!f || sp.hi > f->len || sp.lo >= sp.hi) return dup(L->ir, "");
    StrBuf b = {0};
    bool blank = false;
    for (uint32_t i = sp.lo; i < sp.hi; i++) {
        char c = f->text[i];
        if (c == '/' && i + 1 < sp.hi && (f->text[i + 1] == '/' || f->text[i + 1] == '*')) {
            bool line = f->text[i + 1] == '/';
            i += 2;
            while (i < sp.hi && !(line ? f->text[i] == '\n' : f->text[i] == '*' && i + 1 < sp.hi && f->text[i + 1] == '/')) i++;
            if (!line) i++;
            blank = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = true;
            continue;
        }
        if (c == '"') { /* a string whole: its blanks are its own */
            if (blank && b.len) sb_putc(&b, ' ');
            blank = false;
            uint32_t j = i + 1;
            while (j < sp.hi && f->text[j] != '"') j += f->text[j] == '\\' ? 2 : 1;
            sb_putn(&b, f->text + i, (j < sp.hi ? j + 1 : sp.hi) - i);
            i = j;
            continue;
        }
        if (blank && b.len) sb_putc(&b, ' ');
        blank = false;
        sb_putc(&b, c);
        /* cut at a character's end, never inside one */
        if (b.len >= 200 && (i + 1 >= sp.hi || ((unsigned char)f->text[i + 1] & 0xC0) != 0x80)) {
            sb_puts(&b, "...");
            break;
        }
    }
    char *r = dup(L->ir, sb_cstr(&b));
    sb_free(&b);
    return r;
}

static int32_t lower_func(Lower *L, const char *name, const AstNode *e)
{
    L->code.len = 0;
    L->vars = 0;
    L->attrs = 0;
    L->gen++;
    hash_reset(L);
    int32_t r = lower_expr(L, e, NULL);
    /* RET is never shared or folded */
    IrIns ret;
    memset(&ret, 0, sizeof ret);
    ret.op = IR_RET;
    ret.a = r;
    vec_push(&L->code, ret);
    IrModel *ir = L->ir;
    IrFunc *f = &ir->funcs[ir->nfuncs];
    f->name = dup(ir, name);
    f->n = L->code.len;
    f->ins = arena_alloc(&ir->arena, f->n * sizeof(IrIns));
    memcpy(f->ins, L->code.data, f->n * sizeof(IrIns));
    f->vars = L->vars;
    f->attrs = L->attrs;
    f->span = e->span;
    f->text = source_text(L, e->span);
    return (int32_t)ir->nfuncs++;
}

/* The terms of a sum: a + b - c is a, b and -c (parentheses leave no node,
 * so (a + b) * 2 is one term). */
TK_VEC(TermVec, const AstNode *);
TK_VEC(SignVec, int8_t);

static void collect_terms(const AstNode *e, int8_t sign, TermVec *out, SignVec *signs)
{
    if (e->kind == AST_BINARY && (e->as.binary.op == OP_ADD || e->as.binary.op == OP_SUB)) {
        collect_terms(e->as.binary.lhs, sign, out, signs);
        collect_terms(e->as.binary.rhs, e->as.binary.op == OP_SUB ? (int8_t)-sign : sign, out, signs);
        return;
    }
    vec_push(out, e);
    vec_push(signs, sign);
}

/* A term's text as written: blanks and line breaks collapsed to one space,
 * comments left out. */
static char *term_text(Lower *L, Span sp)
{
    const SourceFile *f = sources_get(&L->m->sources, sp.file);
    StrBuf b = {0};
    if (f && sp.hi <= f->len) {
        const char *t = f->text;
        bool blank = false, str = false;
        for (uint32_t i = sp.lo; i < sp.hi; i++) {
            char c = t[i];
            if (!str && c == '/' && i + 1 < sp.hi && (t[i + 1] == '/' || t[i + 1] == '*')) {
                bool line = t[i + 1] == '/';
                i += 2;
                while (i < sp.hi && !(line ? t[i] == '\n' : t[i] == '*' && i + 1 < sp.hi && t[i + 1] == '/')) i++;
                if (!line) i++;
                blank = true;
                continue;
            }
            if (!str && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                blank = true;
                continue;
            }
            if (blank && b.len) sb_putc(&b, ' ');
            blank = false;
            if (c == '"' && (i == sp.lo || t[i - 1] != '\\')) str = !str;
            sb_putc(&b, c);
        }
    }
    /* "(a + b)" written for itself: the sum, without its parentheses */
    size_t lo = 0, hi = b.len;
    if (hi >= 2 && b.data[0] == '(' && b.data[hi - 1] == ')') {
        int depth = 0;
        bool whole = true;
        for (size_t i = 0; i < hi && whole; i++) {
            depth += b.data[i] == '(' ? 1 : b.data[i] == ')' ? -1 : 0;
            if (depth == 0 && i + 1 < hi) whole = false;
        }
        if (whole) lo = 1, hi--;
    }
    char *r = arena_strndup(&L->ir->arena, b.data ? b.data + lo : "", hi - lo);
    sb_free(&b);
    return r;
}

/* The objective: one function, and the instruction of each of its terms
 * (value numbering gives a term lowered again the instruction it already
 * has, so the function is the same as without the terms). */
static int32_t lower_objective(Lower *L, const char *name, const AstNode *e)
{
    TermVec terms = {0};
    SignVec signs = {0};
    collect_terms(e, 1, &terms, &signs);
    L->code.len = 0;
    L->vars = 0;
    L->attrs = 0;
    L->gen++;
    hash_reset(L);
    int32_t r = lower_expr(L, e, NULL);
    IrModel *ir = L->ir;
    ir->obj_terms = arena_alloc(&ir->arena, (terms.len + 1) * sizeof(IrObjTerm));
    ir->nobj_terms = terms.len;
    for (uint32_t i = 0; i < terms.len; i++) {
        IrObjTerm *t = &ir->obj_terms[i];
        t->ins = lower_expr(L, terms.data[i], NULL);
        t->sign = signs.data[i];
        Type ty = terms.data[i]->ty;
        t->kind = type_is_duration(ty) ? TERM_DURATION : type_is_money(ty) ? TERM_MONEY : TERM_NUMBER;
        t->text = term_text(L, terms.data[i]->span);
    }
    vec_free(&terms);
    vec_free(&signs);
    IrIns ret;
    memset(&ret, 0, sizeof ret);
    ret.op = IR_RET;
    ret.a = r;
    vec_push(&L->code, ret);
    IrFunc *f = &ir->funcs[ir->nfuncs];
    f->name = dup(ir, name);
    f->n = L->code.len;
    f->ins = arena_alloc(&ir->arena, f->n * sizeof(IrIns));
    memcpy(f->ins, L->code.data, f->n * sizeof(IrIns));
    f->vars = L->vars;
    f->attrs = L->attrs;
    f->span = e->span;
    f->text = source_text(L, e->span);
    return (int32_t)ir->nfuncs++;
}

/* ---- calendars ---------------------------------------------------------------------- */
typedef TK_VEC_OF(IrInterval) IvVec;

static int iv_cmp(const void *a, const void *b)
{
    const IrInterval *x = a, *y = b;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    return x->hi < y->hi ? -1 : x->hi > y->hi;
}

/* Sorts and merges overlapping or touching intervals in place. */
static void iv_normalize(IvVec *v)
{
    if (v->len < 2) return;
    qsort(v->data, v->len, sizeof(IrInterval), iv_cmp);
    uint32_t w = 0;
    for (uint32_t i = 1; i < v->len; i++) {
        if (v->data[i].lo <= v->data[w].hi) {
            if (v->data[i].hi > v->data[w].hi) v->data[w].hi = v->data[i].hi;
        } else v->data[++w] = v->data[i];
    }
    v->len = w + 1;
}

/* a - b, both normalized */
static void iv_subtract(IvVec *a, const IvVec *b)
{
    IvVec out = {0};
    uint32_t j = 0;
    for (uint32_t i = 0; i < a->len; i++) {
        int64_t lo = a->data[i].lo, hi = a->data[i].hi;
        while (j < b->len && b->data[j].hi <= lo) j++;
        uint32_t k = j;
        while (lo < hi) {
            if (k >= b->len || b->data[k].lo >= hi) {
                IrInterval iv = {lo, hi};
                vec_push(&out, iv);
                break;
            }
            if (b->data[k].lo > lo) {
                IrInterval iv = {lo, b->data[k].lo};
                vec_push(&out, iv);
            }
            if (b->data[k].hi > lo) lo = b->data[k].hi;
            k++;
        }
    }
    vec_free(a);
    *a = out;
}

/* The calendar that gives the shifts of weekday w: this one if it lists that
 * day, else its base, and so on. */
static const SemCalendar *day_source(Sema *s, const SemCalendar *c, int w)
{
    for (int guard = 0; c && guard < 1000; guard++) {
        if (c->has_day[w]) return c;
        c = c->base >= 0 ? &s->calendars.data[c->base] : NULL;
    }
    return NULL;
}

/* The rules' shifts on each of their days, as intervals of clock time (a
 * rule without shifts: the whole day), near [lo, hi). */
static void add_date_rules(IvVec *v, const SemDateRule *r, uint32_t n, bool part_only, int64_t lo, int64_t hi)
{
    for (uint32_t i = 0; i < n; i++) {
        if (part_only && r[i].nshifts == 0) continue;
        for (int64_t d = r[i].from; d <= r[i].to; d++) {
            int64_t base = d * 1440;
            if (base + 2880 < lo || base > hi) continue;
            if (r[i].nshifts == 0) {
                IrInterval iv = {base, base + 1440};
                vec_push(v, iv);
            }
            for (uint32_t k = 0; k < r[i].nshifts; k++) {
                IrInterval iv = {base + r[i].shifts[k].lo, base + r[i].shifts[k].hi};
                vec_push(v, iv);
            }
        }
    }
}

/* Marks closed[d - d0] for each day in [d0, d1] that a rule closes whole. */
static void mark_closed_days(uint8_t *closed, int64_t d0, int64_t d1, const SemDateRule *r, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (r[i].nshifts) continue;
        int64_t a = r[i].from > d0 ? r[i].from : d0, b = r[i].to < d1 ? r[i].to : d1;
        for (int64_t d = a; d <= b; d++) closed[d - d0] = 1;
    }
}

static IrInterval *copy_shifts(Lower *L, const Interval *sh, uint32_t n)
{
    IrInterval *out = arena_alloc(&L->ir->arena, (n + 1) * sizeof(IrInterval));
    for (uint32_t k = 0; k < n; k++) out[k] = (IrInterval){sh[k].lo, sh[k].hi};
    return out;
}

static IrDateRule *copy_rules(Lower *L, const SemDateRule *r, uint32_t n)
{
    IrDateRule *out = arena_alloc(&L->ir->arena, (n + 1) * sizeof(IrDateRule));
    for (uint32_t i = 0; i < n; i++) {
        out[i].from = r[i].from;
        out[i].to = r[i].to;
        out[i].nshifts = r[i].nshifts;
        out[i].shifts = copy_shifts(L, r[i].shifts, r[i].nshifts);
    }
    return out;
}

/* The working time of calendar ci over the horizon (docs/language.md §6): on
 * each day the weekday's shifts — whole, also the part of a night shift
 * after midnight, for a shift belongs to the day it starts on — unless a
 * `closed DATE` of the calendar or its bases closes that day; less the hours
 * `closed DATE SHIFTS` names, as clock time; plus overtime. */
static void lower_calendar(Lower *L, int32_t ci, IrCalendar *out)
{
    Sema *s = L->s;
    const SemCalendar *c = &s->calendars.data[ci];
    int64_t lo = L->ir->start, hi = L->ir->end;
    int64_t d0 = lo / 1440 - 1, d1 = hi / 1440 + 1;
    IvVec work = {0}, closed = {0}, extra = {0};
    uint8_t *day_closed = tk_xalloc((size_t)(d1 - d0 + 1));
    memset(day_closed, 0, (size_t)(d1 - d0 + 1));
    /* closed dates and overtime of this calendar and all its bases */
    for (const SemCalendar *b = c; b; b = b->base >= 0 ? &s->calendars.data[b->base] : NULL) {
        mark_closed_days(day_closed, d0, d1, b->closed, b->nclosed);
        add_date_rules(&closed, b->closed, b->nclosed, true, lo, hi);
        add_date_rules(&extra, b->overtime, b->novertime, false, lo, hi);
        if (b->base == ci) break;
    }
    for (int64_t d = d0; d <= d1; d++) {
        if (day_closed[d - d0]) continue;
        int w = date_weekday((int32_t)d);
        const SemCalendar *src = day_source(s, c, w);
        if (!src) continue;
        for (uint32_t k = 0; k < src->nday[w]; k++) {
            IrInterval iv = {d * 1440 + src->day[w][k].lo, d * 1440 + src->day[w][k].hi};
            vec_push(&work, iv);
        }
    }
    tk_free(day_closed);
    iv_normalize(&work);
    iv_normalize(&closed);
    iv_subtract(&work, &closed);
    for (uint32_t i = 0; i < extra.len; i++) vec_push(&work, extra.data[i]);
    iv_normalize(&work);
    /* clip to the horizon */
    uint32_t w = 0;
    for (uint32_t i = 0; i < work.len; i++) {
        IrInterval iv = work.data[i];
        if (iv.lo < lo) iv.lo = lo;
        if (iv.hi > hi) iv.hi = hi;
        if (iv.lo < iv.hi) work.data[w++] = iv;
    }
    work.len = w;
    out->name = dsym(L, c->name);
    out->n = work.len;
    out->iv = arena_alloc(&L->ir->arena, (work.len + 1) * sizeof(IrInterval));
    out->cum = arena_alloc(&L->ir->arena, (work.len + 1) * sizeof(int64_t));
    int64_t cum = 0;
    out->longest = 0;
    for (uint32_t i = 0; i < work.len; i++) {
        out->iv[i] = work.data[i];
        out->cum[i] = cum;
        int64_t len = work.data[i].hi - work.data[i].lo;
        cum += len;
        if (len > out->longest) out->longest = len;
    }
    out->cum[work.len] = cum;
    vec_free(&work);
    vec_free(&closed);
    vec_free(&extra);
    /* the definition, for takt verify */
    out->base = c->base;
    for (int d = 0; d < 7; d++) {
        out->has_day[d] = c->has_day[d];
        out->nday[d] = c->nday[d];
        out->day[d] = copy_shifts(L, c->day[d], c->nday[d]);
    }
    out->nclosed = c->nclosed;
    out->closed = copy_rules(L, c->closed, c->nclosed);
    out->novertime = c->novertime;
    out->overtime = copy_rules(L, c->overtime, c->novertime);
}

/* ---- tables -------------------------------------------------------------------------- */
static double *attr_row(Lower *L, IrAttrTable t, const AttrVals *av)
{
    uint32_t n = L->ir->nattrs[t];
    double *row = arena_alloc(&L->ir->arena, (n ? n : 1) * sizeof(double));
    /* defaults: "", 0, false; date-times the plant start */
    for (uint32_t i = 0; i < L->s->attrs.len; i++) {
        const AttrDef *a = &L->s->attrs.data[i];
        AttrOwner own = t == ATAB_ORDER ? OWN_ORDER : t == ATAB_MACHINE ? OWN_MACHINE : OWN_PRODUCT;
        if (a->owner == own && a->ty.kind == TY_DATETIME) row[L->attr_row[i]] = (double)L->ir->start;
    }
    for (uint32_t i = 0; i < av->n; i++) {
        const AttrVal *v = &av->items[i];
        const AttrDef *a = &L->s->attrs.data[v->attr];
        row[L->attr_row[v->attr]] = a->ty.kind == TY_STRING ? (double)v->str : v->num;
    }
    return row;
}

static IrLot lot_of(SemLot l)
{
    IrLot o = {l.fixed, l.min, l.multiple, l.max};
    return o;
}

static int rec_cmp(const void *a, const void *b)
{
    const IrReceipt *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

static void compute_levels(IrModel *ir)
{
    /* low-level code: longest path from an end item, by relaxation in
     * passes (the BOM is acyclic; depth is bounded by the product count) */
    for (uint32_t p = 0; p < ir->nproducts; p++) ir->products[p].level = 0;
    for (uint32_t pass = 0; pass <= ir->nproducts; pass++) {
        bool changed = false;
        for (uint32_t p = 0; p < ir->nproducts; p++) {
            IrProduct *pr = &ir->products[p];
            for (uint32_t k = 0; k < pr->nbom; k++) {
                if (!pr->bom[k].is_product) continue;
                IrProduct *c = &ir->products[pr->bom[k].item];
                if (c->level < pr->level + 1) {
                    c->level = pr->level + 1;
                    changed = true;
                }
            }
        }
        if (!changed) break;
    }
}

/* The forecast a product's history gives (docs/forecast.md, "In the
 * plan"): from the period after the history to the one that holds the
 * plan's end, chosen and computed as takt forecast does, at least a year
 * ahead (takt forecast's default horizon, so both give the same numbers),
 * in whole pieces whose running total follows the forecast. */
static void lower_history(IrModel *ir, const SemHistory *h, IrForecast *f)
{
    HistBucket b = h->weekly ? HIST_WEEK : HIST_MONTH;
    int m = h->weekly ? 52 : 12;
    int32_t last = h->first + h->n - 1;
    int64_t em = ir->end - 1;
    int32_t end_day = (int32_t)(em >= 0 ? em / 1440 : -((-em + 1439) / 1440));
    int y, mo, d;
    date_to_ymd(end_day, &y, &mo, &d);
    int32_t end = h->weekly ? (end_day + 3 >= 0 ? (end_day + 3) / 7 : -((-(end_day + 3) + 6) / 7)) : y * 12 + mo - 1;
    int need = end > last ? (int)(end - last) : 0, hz = need > m ? need : m;
    f->product = h->product;
    f->nperiods = (uint32_t)need;
    f->periods = arena_alloc(&ir->arena, ((size_t)need + 1) * sizeof(IrPeriod));
    if (!need) return;
    FcAutoOptions o = {m, hz, FC__COUNT, 3, 0.95};
    FcAutoResult r;
    fc_auto(h->v, h->n, &o, &r);
    double *q = tk_xalloc((size_t)hz * sizeof(double));
    hist_round_running(r.fc, hz, q);
    for (int k = 0; k < need; k++) {
        int32_t d1, d2;
        hist_period_days(b, last + 1 + k, &d1, &d2);
        f->periods[k].from = (int64_t)d1 * 1440;
        f->periods[k].to = ((int64_t)d2 + 1) * 1440;
        f->periods[k].qty = q[k];
    }
    tk_free(q);
    fc_auto_free(&r);
}

/* A quantity times a scenario's demand factor: whole pieces stay whole,
 * rounded up (20 bikes at 1.15 are 23, not 22); any other is scaled. */
static double scaled_qty(double q, double f)
{
    double r = q * f;
    if (q == floor(q)) r = ceil(r - 1e-9);
    return r;
}

IrModel *ir_lower(Model *m)
{
    Sema *s = m->sema;
    TK_ASSERT(s && !diag_has_errors(&m->diags));
    IrModel *ir = tk_xalloc(sizeof(IrModel));
    memset(ir, 0, sizeof *ir);
    arena_init(&ir->arena);
    Lower *L = tk_xalloc(sizeof(Lower));
    memset(L, 0, sizeof *L);
    L->m = m;
    L->s = s;
    L->ir = ir;
    L->rule_val = tk_xalloc((s->rules.len + 1) * sizeof(int32_t));
    L->rule_gen = tk_xalloc((s->rules.len + 1) * sizeof(uint32_t));
    memset(L->rule_gen, 0, (s->rules.len + 1) * sizeof(uint32_t));
    ir->strs = &m->strs;
    ir->plant_name = dsym(L, s->plant.name);
    ir->scenario = m->scenario ? dup(ir, m->scenario) : NULL;
    ir->currency = dup(ir, s->plant.currency ? sym_str(&m->strs, s->plant.currency) : "EUR");
    ir->start = s->plant.start;
    ir->end = s->plant.start + s->plant.horizon;
    ir->split = s->plant.split;
    ir->search_seconds = s->schedule.search_seconds;
    ir->iterations = s->schedule.iterations;
    ir->seed = s->schedule.seed;
    ir->threads = s->schedule.threads;
    ir->jit_release = s->schedule.jit_release;

    /* attribute rows */
    L->attr_row = tk_xalloc((s->attrs.len + 1) * sizeof(int32_t));
    for (int t = 0; t < ATAB__COUNT; t++) {
        ir->attr_names[t] = arena_alloc(&ir->arena, (s->attrs.len + 1) * sizeof(char *));
        ir->attr_types[t] = arena_alloc(&ir->arena, s->attrs.len + 1);
    }
    for (uint32_t i = 0; i < s->attrs.len; i++) {
        const AttrDef *a = &s->attrs.data[i];
        IrAttrTable t = a->owner == OWN_ORDER ? ATAB_ORDER : a->owner == OWN_MACHINE ? ATAB_MACHINE : ATAB_JOB;
        L->attr_row[i] = (int32_t)ir->nattrs[t];
        ir->attr_types[t][ir->nattrs[t]] = a->ty.kind;
        ir->attr_names[t][ir->nattrs[t]++] = dsym(L, a->name);
        if (t == ATAB_JOB) {
            ir->attr_types[ATAB_PREV][ir->nattrs[ATAB_PREV]] = a->ty.kind;
            ir->attr_names[ATAB_PREV][ir->nattrs[ATAB_PREV]++] = dsym(L, a->name);
        }
    }

    AttrVals none = {NULL, NULL, 0};
    ir->default_attrs[ATAB_JOB] = ir->default_attrs[ATAB_PREV] = attr_row(L, ATAB_JOB, &none);
    ir->default_attrs[ATAB_ORDER] = attr_row(L, ATAB_ORDER, &none);
    ir->default_attrs[ATAB_MACHINE] = attr_row(L, ATAB_MACHINE, &none);

    /* the objective's restricted measures: their values are a table of their own */
    ir->nmeasures = s->measures.len;
    ir->nattrs[ATAB_MEASURE] = s->measures.len;
    ir->attr_names[ATAB_MEASURE] = arena_alloc(&ir->arena, (s->measures.len + 1) * sizeof(char *));
    ir->attr_types[ATAB_MEASURE] = arena_alloc(&ir->arena, s->measures.len + 1);
    for (uint32_t k = 0; k < s->measures.len; k++) {
        ir->attr_names[ATAB_MEASURE][k] = dup(ir, s->measures.data[k].name);
        ir->attr_types[ATAB_MEASURE][k] = TY_NUM;
    }
    ir->default_attrs[ATAB_MEASURE] = arena_alloc(&ir->arena, (s->measures.len + 1) * sizeof(double));

    /* functions: at most one per machine cost and setup, the levels of the
     * dispatch rule and the objective, and one per restricted measure's
     * condition */
    ir->funcs = arena_alloc(&ir->arena, (2 * s->machines.len + 2 * IR_MAX_LEVELS + s->measures.len) * sizeof(IrFunc));

    ir->ncalendars = s->calendars.len;
    ir->calendars = arena_alloc(&ir->arena, (s->calendars.len + 1) * sizeof(IrCalendar));
    for (uint32_t i = 0; i < s->calendars.len; i++) lower_calendar(L, (int32_t)i, &ir->calendars[i]);

    ir->npools = s->resources.len;
    ir->pools = arena_alloc(&ir->arena, (s->resources.len + 1) * sizeof(IrPool));
    for (uint32_t i = 0; i < s->resources.len; i++) {
        const SemResource *r = &s->resources.data[i];
        IrPool *pl = &ir->pools[i];
        pl->name = dsym(L, r->name);
        pl->units = r->units;
        pl->calendar = r->calendar;
        pl->cost_rate = r->cost_rate;
        pl->span = r->span;
    }

    ir->nmachines = s->machines.len;
    ir->machines = arena_alloc(&ir->arena, (s->machines.len + 1) * sizeof(IrMachine));
    for (uint32_t i = 0; i < s->machines.len; i++) {
        const SemMachine *sm = &s->machines.data[i];
        IrMachine *mc = &ir->machines[i];
        mc->name = dsym(L, sm->name);
        mc->units = sm->units;
        mc->calendar = sm->calendar;
        mc->split = sm->split < 0 ? s->plant.split : sm->split == 1;
        mc->cost_fn = -1;
        mc->setup_fn = -1;
        mc->attrs = attr_row(L, ATAB_MACHINE, &sm->attrs);
        mc->span = sm->span;
        mc->subcontract = sm->subcontract;
        mc->lead = sm->lead;
        mc->sub_each = sm->cost_each;
        mc->sub_fixed = sm->cost_fixed;
        mc->batch_cap = sm->batch_cap;
        mc->batch_cycle = sm->batch_cycle;
        mc->batch_fill = sm->batch_fill;
        mc->batch_load = sm->batch_cap > 0 && sm->batch_load_attr >= 0 ? L->attr_row[sm->batch_load_attr] : -1;
        mc->batch_by = sm->batch_cap > 0 && sm->batch_by_attr >= 0 ? L->attr_row[sm->batch_by_attr] : -1;
        char name[512];
        if (sm->cost && !sm->cost_const) {
            snprintf(name, sizeof name, "machine %s cost", mc->name);
            mc->cost_fn = lower_func(L, name, sm->cost);
        } else mc->cost_rate = sm->cost_rate;
        if (sm->setup) {
            snprintf(name, sizeof name, "machine %s setup", mc->name);
            mc->setup_fn = lower_func(L, name, sm->setup);
        }
        mc->nsetup_by = sm->nsetup_by;
        mc->setup_by = arena_alloc(&ir->arena, (sm->nsetup_by + 1) * sizeof(IrSetupBy));
        for (uint32_t k = 0; k < sm->nsetup_by; k++) {
            const SemSetupBy *b = &sm->setup_by[k];
            IrSetupBy *o = &mc->setup_by[k];
            o->attr = L->attr_row[b->attr];
            o->same = b->same;
            o->change = b->change;
            o->first = b->first;
            o->npairs = b->npairs;
            o->pairs = arena_alloc(&ir->arena, (b->npairs + 1) * sizeof(IrSetupPair));
            for (uint32_t q = 0; q < b->npairs; q++) {
                o->pairs[q].from = (double)b->pairs[q].from;
                o->pairs[q].to = (double)b->pairs[q].to;
                o->pairs[q].minutes = b->pairs[q].minutes;
            }
        }
    }

    ir->nmaterials = s->materials.len;
    ir->materials = arena_alloc(&ir->arena, (s->materials.len + 1) * sizeof(IrMaterial));
    for (uint32_t i = 0; i < s->materials.len; i++) {
        const SemMaterial *sm = &s->materials.data[i];
        IrMaterial *mt = &ir->materials[i];
        mt->name = dsym(L, sm->name);
        mt->uom = dsym(L, sm->uom);
        mt->cost = sm->cost;
        mt->stock = sm->stock;
        mt->safety = sm->safety;
        mt->lead = sm->lead;
        mt->lot = lot_of(sm->lot);
        mt->consolidate = sm->consolidate;
        mt->receiving = sm->receiving >= 0 ? sm->receiving : s->plant.receiving;
        mt->span = sm->span;
        mt->nreceipts = sm->nreceipts;
        mt->receipts = arena_alloc(&ir->arena, (sm->nreceipts + 1) * sizeof(IrReceipt));
        for (uint32_t k = 0; k < sm->nreceipts; k++) {
            mt->receipts[k].qty = sm->receipts[k].qty;
            mt->receipts[k].at = sm->receipts[k].at;
            mt->receipts[k].id = sm->receipts[k].id ? dsym(L, sm->receipts[k].id) : NULL;
            mt->receipts[k].reported = false;
        }
        /* receipts reported: the open receipt of the same id arrived, or a new one */
        uint32_t nissued = 0;
        for (uint32_t k = 0; k < s->received.len; k++)
            nissued += s->received.data[k].issued && s->received.data[k].material == (int32_t)i;
        mt->issues = arena_alloc(&ir->arena, (nissued + 1) * sizeof(IrReceipt));
        for (uint32_t k = 0; k < s->received.len; k++) {
            const SemReceived *r = &s->received.data[k];
            if (r->material != (int32_t)i) continue;
            if (r->issued) {
                IrReceipt *is = &mt->issues[mt->nissues++];
                is->qty = r->qty;
                is->at = r->at;
                is->id = r->id ? dsym(L, r->id) : NULL;
                continue;
            }
            IrReceipt *hit = NULL;
            for (uint32_t q = 0; r->id && q < sm->nreceipts; q++)
                if (sm->receipts[q].id == r->id) hit = &mt->receipts[q];
            if (!hit) {
                IrReceipt *nr = arena_alloc(&ir->arena, (mt->nreceipts + 2) * sizeof(IrReceipt));
                memcpy(nr, mt->receipts, mt->nreceipts * sizeof(IrReceipt));
                mt->receipts = nr;
                hit = &mt->receipts[mt->nreceipts++];
                hit->id = r->id ? dsym(L, r->id) : NULL;
            }
            hit->qty = r->qty;
            hit->at = r->at;
            hit->reported = true;
        }
        if (mt->nreceipts > 1) qsort(mt->receipts, mt->nreceipts, sizeof(IrReceipt), rec_cmp);
        if (mt->nissues > 1) qsort(mt->issues, mt->nissues, sizeof(IrReceipt), rec_cmp);
    }

    ir->nproducts = s->products.len;
    ir->products = arena_alloc(&ir->arena, (s->products.len + 1) * sizeof(IrProduct));
    for (uint32_t i = 0; i < s->products.len; i++) {
        const SemProduct *sp = &s->products.data[i];
        IrProduct *pr = &ir->products[i];
        pr->name = dsym(L, sp->name);
        pr->lot = lot_of(sp->lot);
        pr->stock = sp->stock;
        pr->source = sp->buy.has ? sp->source : SOURCE_MAKE;
        if (sp->buy.has) {
            pr->buy = arena_alloc(&ir->arena, sizeof(IrBuy));
            pr->buy->price = sp->buy.price;
            pr->buy->lead = sp->buy.lead;
            pr->buy->lot = lot_of(sp->buy.lot);
            pr->buy->supplier = sp->buy.supplier != SYM_NONE ? dsym(L, sp->buy.supplier) : NULL;
            pr->buy->receiving = sp->buy.receiving >= 0 ? sp->buy.receiving : s->plant.receiving;
            pr->buy->span = sp->buy.span;
        }
        pr->attrs = attr_row(L, ATAB_JOB, &sp->attrs);
        pr->span = sp->span;
        pr->nbom = sp->nbom;
        pr->bom = arena_alloc(&ir->arena, (sp->nbom + 1) * sizeof(IrBomLine));
        for (uint32_t k = 0; k < sp->nbom; k++) {
            pr->bom[k].is_product = sp->bom[k].is_product;
            pr->bom[k].item = sp->bom[k].item;
            pr->bom[k].qty = sp->bom[k].qty;
            pr->bom[k].scrap = sp->bom[k].scrap;
        }
        pr->nsteps = sp->nsteps;
        pr->steps = arena_alloc(&ir->arena, (sp->nsteps + 1) * sizeof(IrStep));
        for (uint32_t k = 0; k < sp->nsteps; k++) {
            const SemStep *ss = &sp->steps[k];
            IrStep *st = &pr->steps[k];
            st->name = dsym(L, ss->name);
            st->wait = ss->wait;
            st->scrap = ss->scrap;
            st->within = ss->within;
            st->transfer = ss->transfer;
            st->sublot = ss->sublot;
            st->sublots = ss->sublots;
            st->nalts = ss->nalts;
            st->alts = arena_alloc(&ir->arena, (ss->nalts + 1) * sizeof(IrAlt));
            for (uint32_t q = 0; q < ss->nalts; q++) {
                const SemAlt *sa = &ss->alts[q];
                IrAlt *al = &st->alts[q];
                al->machine = sa->machine;
                al->setup = sa->setup;
                /* efficiency scales the run, not the setup: the alternative's
                 * own, else its machine's (docs/language.md, "machine") */
                double eff = sa->efficiency > 0 ? sa->efficiency : s->machines.data[sa->machine].efficiency;
                al->run = eff > 0 && eff != 1 ? sa->run / eff : sa->run;
                al->per_piece = sa->per_piece;
                al->nneeds = sa->nneeds;
                al->needs = arena_alloc(&ir->arena, (sa->nneeds + 1) * sizeof(IrNeed));
                for (uint32_t k2 = 0; k2 < sa->nneeds; k2++) {
                    const SemNeed *sn = &sa->needs[k2];
                    IrNeed *nd = &al->needs[k2];
                    nd->setup_only = sn->setup_only;
                    nd->nalts = sn->nalts;
                    nd->alts = arena_alloc(&ir->arena, (sn->nalts + 1) * sizeof(IrPoolAlt));
                    for (uint32_t a = 0; a < sn->nalts; a++) {
                        nd->alts[a].pool = sn->alts[a].pool;
                        nd->alts[a].count = sn->alts[a].count;
                    }
                }
            }
            st->npreds = ss->npreds;
            st->preds = arena_alloc(&ir->arena, (ss->npreds + 1) * sizeof(int32_t));
            if (ss->npreds) memcpy(st->preds, ss->preds, ss->npreds * sizeof(int32_t));
        }
    }
    compute_levels(ir);

    ir->norders = s->orders.len;
    ir->orders = arena_alloc(&ir->arena, (s->orders.len + 1) * sizeof(IrOrder));
    for (uint32_t i = 0; i < s->orders.len; i++) {
        const SemOrder *so = &s->orders.data[i];
        IrOrder *o = &ir->orders[i];
        o->name = dsym(L, so->name);
        o->product = so->product;
        o->qty = so->qty;
        o->due = so->due;
        o->release = so->release;
        o->priority = so->priority;
        o->penalty = so->penalty;
        o->attrs = attr_row(L, ATAB_ORDER, &so->attrs);
        o->span = so->span;
    }

    ir->nforecasts = s->forecasts.len + s->histories.len;
    ir->forecasts = arena_alloc(&ir->arena, (ir->nforecasts + 1) * sizeof(IrForecast));
    for (uint32_t i = 0; i < s->forecasts.len; i++) {
        const SemForecast *sf = &s->forecasts.data[i];
        IrForecast *f = &ir->forecasts[i];
        f->product = sf->product;
        f->nperiods = sf->nperiods;
        f->periods = arena_alloc(&ir->arena, (sf->nperiods + 1) * sizeof(IrPeriod));
        for (uint32_t k = 0; k < sf->nperiods; k++) {
            f->periods[k].from = (int64_t)sf->periods[k].from * 1440;
            f->periods[k].to = ((int64_t)sf->periods[k].to + 1) * 1440;
            f->periods[k].qty = sf->periods[k].qty;
            f->periods[k].span = sf->periods[k].span;
        }
    }

    for (uint32_t i = 0; i < s->histories.len; i++)
        lower_history(ir, &s->histories.data[i], &ir->forecasts[s->forecasts.len + i]);

    /* a scenario's demand factor (docs/scenarios.md) */
    if (m->demand_scale != 1) {
        for (uint32_t i = 0; i < ir->norders; i++) ir->orders[i].qty = scaled_qty(ir->orders[i].qty, m->demand_scale);
        for (uint32_t i = 0; i < ir->nforecasts; i++)
            for (uint32_t k = 0; k < ir->forecasts[i].nperiods; k++)
                ir->forecasts[i].periods[k].qty = scaled_qty(ir->forecasts[i].periods[k].qty, m->demand_scale);
    }

    ir->nactuals = s->actuals.len;
    ir->actuals = arena_alloc(&ir->arena, (s->actuals.len + 1) * sizeof(IrActual));
    ir->now = s->now;
    for (uint32_t i = 0; i < s->actuals.len; i++) {
        const SemActual *sa = &s->actuals.data[i];
        IrActual *a = &ir->actuals[i];
        a->wo = sym_str(&L->m->strs, sa->wo);
        a->product = sa->product;
        a->step = sa->step;
        a->sub = sa->sub;
        a->machine = sa->machine;
        a->unit = sa->unit;
        a->start = sa->start;
        a->end = sa->end;
        a->good = sa->good;
        a->scrap = sa->scrap;
        a->setup = sa->setup;
        a->span = sa->span;
        a->cycle = sa->cycle;
        a->pieces = sa->pieces;
        a->nwith = sa->nwith;
        a->with = sa->nwith ? arena_alloc(&ir->arena, sa->nwith * sizeof *a->with) : NULL;
        for (uint32_t k = 0; k < sa->nwith; k++) {
            a->with[k].pool = sa->with[k].pool;
            a->with[k].unit = sa->with[k].unit;
        }
        a->nuses = sa->nuses;
        a->uses = sa->nuses ? arena_alloc(&ir->arena, sa->nuses * sizeof(IrUse)) : NULL;
        for (uint32_t k = 0; k < sa->nuses; k++) {
            a->uses[k].is_product = sa->uses[k].is_product;
            a->uses[k].item = sa->uses[k].item;
            a->uses[k].qty = sa->uses[k].qty;
        }
        /* without a given time, now is the latest moment reported */
        if (s->now < 0) {
            int64_t t = sa->end >= 0 ? sa->end : sa->start;
            if (t > ir->now) ir->now = t;
        }
    }
    for (uint32_t k = 0; s->now < 0 && k < s->received.len; k++)
        if (s->received.data[k].at > ir->now) ir->now = s->received.data[k].at;
    ir->ncycles = s->cycles.len;
    ir->cycles = arena_alloc(&ir->arena, (s->cycles.len + 1) * sizeof(IrCycle));
    for (uint32_t i = 0; i < s->cycles.len; i++) {
        const SemCycle *sc = &s->cycles.data[i];
        IrCycle *c = &ir->cycles[i];
        c->ref = sc->ref != SYM_NONE ? sym_str(&L->m->strs, sc->ref) : NULL;
        c->machine = sc->machine;
        c->unit = sc->unit;
        c->start = sc->start;
        c->end = sc->end;
        c->span = sc->span;
    }

    ir->npins = s->pins.len;
    ir->pins = arena_alloc(&ir->arena, (s->pins.len + 1) * sizeof(IrPin));
    for (uint32_t i = 0; i < s->pins.len; i++) {
        const SemPin *sp = &s->pins.data[i];
        IrPin *pn = &ir->pins[i];
        pn->wo = sym_str(&L->m->strs, sp->wo);
        pn->product = sp->product;
        pn->step = sp->step;
        pn->sub = sp->sub;
        pn->machine = sp->machine;
        pn->unit = sp->unit;
        pn->start = sp->start;
        pn->span = sp->span;
    }
    ir->nfirms = s->firms.len;
    ir->firms = arena_alloc(&ir->arena, (s->firms.len + 1) * sizeof(IrFirm));
    for (uint32_t i = 0; i < s->firms.len; i++) {
        ir->firms[i].wo = sym_str(&L->m->strs, s->firms.data[i].wo);
        ir->firms[i].product = s->firms.data[i].product;
        ir->firms[i].span = s->firms.data[i].span;
    }
    ir->frozen = s->schedule.frozen;
    ir->frozen_span = s->schedule.frozen_span;

    /* the levels of the dispatch rule and the objective; the objective's
     * terms (for the report) are its first level's, and so is the unit the
     * change logs round it to */
    for (uint32_t k = 0; k < s->schedule.ndispatch; k++) {
        char name[32];
        snprintf(name, sizeof name, k ? "dispatch level %u" : "dispatch", k + 1);
        ir->dispatch_fns[ir->ndispatch++] = lower_func(L, name, s->schedule.dispatch_levels[k]);
    }
    for (uint32_t k = 0; k < s->schedule.nobjective; k++) {
        char name[32];
        snprintf(name, sizeof name, k ? "objective level %u" : "objective", k + 1);
        ir->objective_fns[ir->nobjectives++] = k ? lower_func(L, name, s->schedule.objective_levels[k])
                                                 : lower_objective(L, name, s->schedule.objective_levels[k]);
    }
    ir->dispatch_fn = ir->ndispatch ? ir->dispatch_fns[0] : -1;
    ir->objective_fn = ir->nobjectives ? ir->objective_fns[0] : -1;
    if (s->schedule.nobjective) {
        Type ty = s->schedule.objective_levels[0]->ty;
        ir->objective_kind = type_is_duration(ty) ? TERM_DURATION : type_is_money(ty) ? TERM_MONEY : TERM_NUMBER;
    } else ir->objective_kind = TERM_DURATION;
    ir->measures = arena_alloc(&ir->arena, (s->measures.len + 1) * sizeof(IrMeasure));
    for (uint32_t k = 0; k < s->measures.len; k++) {
        const SemMeasure *sm = &s->measures.data[k];
        IrMeasure *im = &ir->measures[k];
        im->name = dup(ir, sm->name);
        im->var = (uint8_t)sm->var;
        im->by_order = sm->by == OBJ_ORDER;
        im->machine = sm->machine;
        im->span = sm->span;
        char *fname = tk_fmt("measure %u restriction", k);
        im->where_fn = sm->where ? lower_func(L, fname, sm->where) : -1;
        tk_free(fname);
    }

    vec_free(&L->code);
    tk_free(L->hash);
    tk_free(L->rule_val);
    tk_free(L->rule_gen);
    tk_free(L->attr_row);
    tk_free(L);
    return ir;
}

void ir_free(IrModel *ir)
{
    if (!ir) return;
    arena_free(&ir->arena);
    tk_free(ir);
}
