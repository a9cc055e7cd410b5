/* fmt.c: the canonical layout of a model file (takt fmt). Prints the AST
 * back as text: two spaces of indentation, one item a line in blocks that
 * were written over several lines and one line with two spaces between
 * items for blocks written on one line, aligned columns in BOMs and
 * routings, minimal parentheses, at most one blank line where the author put
 * blank lines, and every comment kept at its place. Numbers keep the digits
 * they were written with; everything else is printed from its value, so a
 * formatted file means what the original meant (tests compare the IR).
 * Formatting is idempotent: the layout decisions only depend on things the
 * formatter itself preserves.
 *
 * Tables. Lines written one under the other (no blank line or comment line
 * between them) are aligned in columns, a column per clause:
 *   - one-line declarations of one kind (a run of orders, materials,
 *     machines, forecasts): the braces, then each setting or attribute under
 *     the same one of the rows above and below (an order's product line is
 *     its first column), a blank where a row does not have it;
 *   - the steps of a routing: the names, then on, setup, run, wait, after.
 * A column is as wide as its widest cell, except that the widest cells of a
 * column, if they are at most half of its cells and wider than all others
 * by more than OUTLIER columns (a step on three alternative machines), push
 * the rest of their own line instead of widening the column for every row.
 * A block written on one line stays on one line if it fits in ONE_LINE
 * columns as written (its alignment aside); what fmt breaks itself (rules)
 * it breaks at WIDTH. A table whose alignment would make a line wider than
 * TABLE_WIDTH, or that would have more than TABLE_COLUMNS columns, aligns
 * only its braces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#define WIDTH 100       /* where fmt breaks a rule's body */
#define ONE_LINE 120    /* a block written on one line stays on one if it fits */
#define TABLE_WIDTH 160 /* aligned tables wider than this align their braces only */
#define OUTLIER 12      /* a column's widest cells, this much wider, push their own line */
#define TABLE_COLUMNS 64 /* tables with more columns align their braces only */

typedef struct Comment {
    uint32_t lo, hi;
    bool own_line;   /* nothing but spaces before it on its line */
} Comment;

typedef struct Fmt {
    const SourceFile *src;
    const Interner *strs;
    StrBuf out;
    Comment *cm;
    uint32_t ncm, next;  /* comments not yet printed start at next */
    int indent;
    bool line_open;      /* something is on the current output line */
    const char *prefix;  /* put_decl writes it before the declaration: a scenario's `add ` */
} Fmt;

/* ---- comments ------------------------------------------------------------- */
static void find_comments(Fmt *F)
{
    const char *t = F->src->text;
    uint32_t n = F->src->len, cap = 0;
    for (uint32_t i = 0; i < n;) {
        char c = t[i];
        if (c == '"') { /* skip strings, escapes included, to the end of the line */
            i++;
            while (i < n && t[i] != '"' && t[i] != '\n') i += t[i] == '\\' ? 2 : 1;
            i++;
            continue;
        }
        if (c == '/' && i + 1 < n && (t[i + 1] == '/' || t[i + 1] == '*')) {
            uint32_t lo = i, hi;
            if (t[i + 1] == '/') {
                hi = i;
                while (hi < n && t[hi] != '\n') hi++;
            } else {
                hi = i + 2;
                while (hi + 1 < n && !(t[hi] == '*' && t[hi + 1] == '/')) hi++;
                hi = hi + 2 <= n ? hi + 2 : n;
            }
            uint32_t b = lo;
            while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t')) b--;
            if (F->ncm == cap) {
                cap = cap ? cap * 2 : 16;
                F->cm = tk_xrealloc(F->cm, cap * sizeof(Comment));
            }
            F->cm[F->ncm].lo = lo;
            F->cm[F->ncm].hi = hi;
            F->cm[F->ncm].own_line = b == 0 || t[b - 1] == '\n';
            F->ncm++;
            i = hi;
            continue;
        }
        i++;
    }
}

static void newline(Fmt *F)
{
    /* no trailing spaces */
    while (F->out.len && F->out.data[F->out.len - 1] == ' ') F->out.data[--F->out.len] = 0;
    sb_putc(&F->out, '\n');
    F->line_open = false;
}

static void begin_line(Fmt *F)
{
    if (F->line_open) newline(F);
    for (int i = 0; i < F->indent; i++) sb_puts(&F->out, "  ");
    F->line_open = true;
}

/* Ends the current line, then leaves one empty line. */
static void blank_line(Fmt *F)
{
    if (F->line_open) newline(F);
    newline(F);
}

/* Is there a blank line in the source between a and b? */
static bool blank_between(const Fmt *F, uint32_t a, uint32_t b)
{
    const char *t = F->src->text;
    int nl = 0;
    for (uint32_t i = a; i < b && i < F->src->len; i++) {
        if (t[i] == '\n') {
            if (++nl >= 2) return true;
        } else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') nl = 0;
    }
    return false;
}

static void put_comment(Fmt *F, const Comment *c)
{
    const char *t = F->src->text + c->lo;
    uint32_t n = c->hi - c->lo;
    /* a block comment over several lines is copied as it is, line by line */
    for (uint32_t i = 0; i < n; i++) {
        if (t[i] == '\n') {
            newline(F);
            F->line_open = true;
            continue;
        }
        if (t[i] != '\r') sb_putc(&F->out, t[i]);
    }
    while (F->out.len && F->out.data[F->out.len - 1] == ' ') F->out.data[--F->out.len] = 0;
}

/* Prints the comments that stand before offset `before`: own-line ones on
 * lines of their own (with a blank line where the source had one), others
 * at the end of the current line. `last` is where the previous item ended. */
static void comments_before(Fmt *F, uint32_t before, uint32_t *last)
{
    while (F->next < F->ncm && F->cm[F->next].lo < before) {
        const Comment *c = &F->cm[F->next++];
        if (c->own_line || !F->line_open) {
            if (blank_between(F, *last, c->lo) && F->out.len) blank_line(F);
            begin_line(F);
        } else sb_puts(&F->out, "  ");
        put_comment(F, c);
        newline(F);
        *last = c->hi;
    }
}

/* Comments on the same source line right after offset `after`. */
static void trailing_comments(Fmt *F, uint32_t after, uint32_t *last)
{
    const char *t = F->src->text;
    while (F->next < F->ncm && !F->cm[F->next].own_line) {
        const Comment *c = &F->cm[F->next];
        bool same_line = true;
        for (uint32_t i = after; i < c->lo; i++)
            if (t[i] == '\n') same_line = false;
        if (!same_line || c->lo < after) break;
        F->next++;
        sb_puts(&F->out, "  ");
        put_comment(F, c);
        *last = c->hi;
        newline(F);
    }
}

/* The first comment not yet printed that starts at or after off (the
 * comments are in source order). */
static uint32_t first_comment_at(const Fmt *F, uint32_t off)
{
    uint32_t lo = F->next, hi = F->ncm;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (F->cm[mid].lo < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static bool comments_inside(const Fmt *F, Span sp)
{
    uint32_t i = first_comment_at(F, sp.lo);
    return i < F->ncm && F->cm[i].lo < sp.hi;
}

static bool one_line(const Fmt *F, Span sp)
{
    for (uint32_t i = sp.lo; i < sp.hi && i < F->src->len; i++)
        if (F->src->text[i] == '\n') return false;
    return true;
}

/* ---- expressions -------------------------------------------------------------- */
static const char *S(const Fmt *F, Sym y) { return sym_str(F->strs, y); }

static int prec(const AstNode *e)
{
    switch ((AstKind)e->kind) {
    case AST_IF: return 1;
    case AST_BINARY:
        switch (e->as.binary.op) {
        case OP_OR: return 2;
        case OP_AND: return 3;
        case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: return 5;
        case OP_ADD: case OP_SUB: return 6;
        default: return 7;
        }
    case AST_UNARY: return e->as.unary.op == OP_NOT ? 4 : 8;
    default: return 9;
    }
}

static void put_name(StrBuf *o, const Fmt *F, const AstNode *n)
{
    char buf[1024];
    sb_puts(o, ast_name_str(n, F->strs, buf, sizeof buf));
}

static void put_string(StrBuf *o, const char *s)
{
    sb_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') sb_putc(o, '\\'), sb_putc(o, *s);
        else if (*s == '\n') sb_puts(o, "\\n");
        else if (*s == '\t') sb_puts(o, "\\t");
        else sb_putc(o, *s);
    }
    sb_putc(o, '"');
}

static void put_date(StrBuf *o, int64_t minutes, bool with_time)
{
    int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    int64_t m = minutes - days * 1440;
    int y, mo, d;
    date_to_ymd((int32_t)days, &y, &mo, &d);
    sb_printf(o, "%04d-%02d-%02d", y, mo, d);
    if (with_time) sb_printf(o, " %02d:%02d", (int)(m / 60), (int)(m % 60));
}

static void put_expr(StrBuf *o, const Fmt *F, const AstNode *e, int min);

static void put_num(StrBuf *o, const Fmt *F, const AstNode *e)
{
    /* the digits as written, then the unit and `each` */
    uint32_t lo = e->as.num.lit.lo;
    uint32_t hi = e->as.num.unit || e->as.num.each ? e->as.num.unit_span.lo : e->as.num.lit.hi;
    while (hi > lo && (F->src->text[hi - 1] == ' ' || F->src->text[hi - 1] == '\t')) hi--;
    sb_putn(o, F->src->text + lo, hi - lo);
    if (e->as.num.unit) sb_printf(o, strcmp(S(F, e->as.num.unit), "%") == 0 ? "%s" : " %s", S(F, e->as.num.unit));
    if (e->as.num.each) sb_puts(o, " each");
}

static void put_expr(StrBuf *o, const Fmt *F, const AstNode *e, int min)
{
    bool par = prec(e) < min;
    if (par) sb_putc(o, '(');
    switch ((AstKind)e->kind) {
    case AST_NUM: put_num(o, F, e); break;
    case AST_STR: put_string(o, S(F, e->as.str.value)); break;
    case AST_BOOL: sb_puts(o, e->as.boolean.value ? "true" : "false"); break;
    case AST_DATE: put_date(o, e->as.dt.minutes, false); break;
    case AST_DATETIME: put_date(o, e->as.dt.minutes, true); break;
    case AST_NAME: put_name(o, F, e); break;
    case AST_UNARY:
        if (e->as.unary.op == OP_NOT) {
            sb_puts(o, "not ");
            put_expr(o, F, e->as.unary.operand, 4);
        } else {
            sb_putc(o, '-');
            put_expr(o, F, e->as.unary.operand, 8);
        }
        break;
    case AST_BINARY: {
        int p = prec(e);
        bool cmp = p == 5;
        put_expr(o, F, e->as.binary.lhs, cmp ? p + 1 : p);
        sb_printf(o, " %s ", ast_op_str(e->as.binary.op));
        put_expr(o, F, e->as.binary.rhs, p + 1);
        break;
    }
    case AST_IF:
        sb_puts(o, "if ");
        put_expr(o, F, e->as.cond.cond, 1);
        sb_puts(o, " then ");
        put_expr(o, F, e->as.cond.then, 1);
        sb_puts(o, " else ");
        put_expr(o, F, e->as.cond.els, 1);
        break;
    case AST_THEN:
        /* an `if` level before another is parenthesised, to read as one level */
        for (uint32_t i = 0; i < e->as.block.items.len; i++) {
            if (i) sb_puts(o, " then ");
            put_expr(o, F, e->as.block.items.items[i], i + 1 < e->as.block.items.len ? 2 : 1);
        }
        break;
    case AST_CALL:
        put_name(o, F, e->as.call.callee);
        sb_putc(o, '(');
        for (uint32_t i = 0; i < e->as.call.args.len; i++) {
            const AstNode *a = e->as.call.args.items[i];
            if (i) sb_puts(o, ", ");
            if (a->as.attr.name) sb_printf(o, "%s: ", S(F, a->as.attr.name));
            put_expr(o, F, a->as.attr.value, 1);
        }
        sb_putc(o, ')');
        break;
    default: break;
    }
    if (par) sb_putc(o, ')');
}

/* ---- items ------------------------------------------------------------------------ */
static void put_time(StrBuf *o, int32_t m) { sb_printf(o, "%02d:%02d", m / 60, m % 60); }

static void put_shifts(StrBuf *o, const AstList *l)
{
    for (uint32_t i = 0; i < l->len; i++) {
        const AstNode *s = l->items[i];
        if (i) sb_puts(o, ", ");
        put_time(o, s->as.shift.start);
        sb_putc(o, '-');
        put_time(o, s->as.shift.end);
        if (s->as.shift.plus_days) sb_puts(o, "+1");
    }
}

static void put_block(Fmt *F, const AstList *items, Span sp, uint32_t *last);

static bool plain_name(const char *nm)
{
    if (!*nm || (nm[0] >= '0' && nm[0] <= '9')) return false;
    for (const char *c = nm; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return false;
    return lex_keyword(nm, strlen(nm)) == 0;
}

/* A BOM line's scrap or yield, after its quantity: " scrap 3%". */
static void put_loss(StrBuf *o, const Fmt *F, const AstNode *line)
{
    const AstNode *l = line->as.line.loss;
    if (!l) return;
    sb_printf(o, " %s ", ast_setting_name(l->as.setting.key));
    put_expr(o, F, l->as.setting.value, 1);
}

/* The head of a nested block up to its opening brace; returns its items. */
static const AstList *nested_head(StrBuf *o, Fmt *F, const AstNode *it)
{
    switch ((AstKind)it->kind) {
    case AST_SETUP_BY: sb_printf(o, "setup by %s {", S(F, it->as.setup_by.attr)); return &it->as.setup_by.entries;
    case AST_ACT_OP: {
        sb_puts(o, "op ");
        const char *wo = S(F, it->as.act_op->wo);
        if (plain_name(wo)) sb_puts(o, wo);
        else put_string(o, wo);
        sb_printf(o, " %s", S(F, it->as.act_op->step));
        if (it->as.act_op->sub) sb_printf(o, "#%d", it->as.act_op->sub);
        sb_printf(o, " on %s %.15g {", S(F, it->as.act_op->machine), it->as.act_op->unit < 0 ? 1 : it->as.act_op->unit);
        return &it->as.act_op->items;
    }
    case AST_ACT_BATCH: {
        /* batch MACHINE [UNIT] ["REFERENCE"] { */
        const AstActOp *a = it->as.act_op;
        sb_printf(o, "batch %s", S(F, a->machine));
        if (a->unit >= 0) sb_printf(o, " %.15g", a->unit);
        if (a->wo != SYM_NONE) {
            sb_puts(o, " ");
            put_string(o, S(F, a->wo));
        }
        sb_puts(o, " {");
        return &a->items;
    }
    default: sb_puts(o, it->kind == AST_BOM ? "bom {" : it->kind == AST_BUY ? "buy {" : "routing {"); return &it->as.block.items;
    }
}

/* What follows a setting's keyword: its value (a unit name alone, as in
 * `unit kg`), and `by NAME` (capacity 12 by racks; batch by profile). */
static void put_setting_value(StrBuf *o, Fmt *F, const AstNode *it)
{
    const AstNode *v = it->as.setting.value;
    if (it->as.setting.key == SET_BATCH && it->as.setting.by) {
        sb_printf(o, "by %s", S(F, it->as.setting.by));
        return;
    }
    if (v->kind == AST_NUM && v->as.num.value != v->as.num.value) sb_puts(o, S(F, v->as.num.unit));
    else put_expr(o, F, v, 1);
    if (it->as.setting.by) sb_printf(o, " by %s", S(F, it->as.setting.by));
}

/* One item as a single line of text (nested blocks included). */
static void put_item(StrBuf *o, Fmt *F, const AstNode *it)
{
    switch ((AstKind)it->kind) {
    case AST_SETTING:
        sb_printf(o, "%s ", ast_setting_name(it->as.setting.key));
        put_setting_value(o, F, it);
        break;
    case AST_ATTR:
        sb_printf(o, "%s ", S(F, it->as.attr.name));
        put_expr(o, F, it->as.attr.value, 1);
        break;
    case AST_RECEIPT: case AST_RECEIVED: case AST_ISSUED:
        if (it->kind != AST_RECEIPT)
            sb_printf(o, "%s %s ", it->kind == AST_ISSUED ? "issued" : "received", S(F, it->as.receipt.item));
        else sb_puts(o, "receipt ");
        put_expr(o, F, it->as.receipt.qty, 1);
        sb_puts(o, " on ");
        put_expr(o, F, it->as.receipt.date, 1);
        if (it->as.receipt.id) {
            sb_putc(o, ' ');
            put_string(o, S(F, it->as.receipt.id));
        }
        break;
    case AST_SETUP_ENTRY: {
        static const char *const kw[] = {"same", "change", "first"};
        if (it->as.setup_entry.kind == SETUP_PAIR) {
            put_string(o, S(F, it->as.setup_entry.from));
            sb_puts(o, " -> ");
            put_string(o, S(F, it->as.setup_entry.to));
        } else sb_puts(o, kw[it->as.setup_entry.kind]);
        sb_putc(o, ' ');
        put_expr(o, F, it->as.setup_entry.value, 1);
        break;
    }
    case AST_BOM_LINE:
        put_name(o, F, it->as.line.item);
        sb_putc(o, ' ');
        put_expr(o, F, it->as.line.qty, 1);
        put_loss(o, F, it);
        break;
    case AST_SHIFTS:
        for (uint32_t i = 0; i < it->as.shifts.days.len; i++) {
            const AstNode *d = it->as.shifts.days.items[i];
            if (i) sb_puts(o, ", ");
            sb_puts(o, S(F, d->as.days.from));
            if (d->as.days.to) sb_printf(o, "-%s", S(F, d->as.days.to));
        }
        sb_putc(o, ' ');
        put_shifts(o, &it->as.shifts.shifts);
        break;
    case AST_CLOSED: case AST_OVERTIME:
        sb_puts(o, it->kind == AST_CLOSED ? "closed " : "overtime ");
        put_date(o, (int64_t)it->as.closed.from * 1440, false);
        if (it->as.closed.to != it->as.closed.from) {
            sb_puts(o, " .. ");
            put_date(o, (int64_t)it->as.closed.to * 1440, false);
        }
        if (it->as.closed.shifts.len) {
            sb_putc(o, ' ');
            put_shifts(o, &it->as.closed.shifts);
        }
        break;
    case AST_PERIOD:
        put_date(o, (int64_t)it->as.period.from * 1440, false);
        sb_puts(o, " .. ");
        put_date(o, (int64_t)it->as.period.to * 1440, false);
        sb_putc(o, ' ');
        put_expr(o, F, it->as.period.qty, 1);
        break;
    case AST_ON:
        sb_puts(o, "on ");
        for (uint32_t i = 0; i < it->as.on.alts.len; i++) {
            const AstNode *a = it->as.on.alts.items[i];
            if (i) sb_puts(o, " | ");
            put_name(o, F, a->as.alt.machine);
            for (uint32_t k = 0; k < a->as.alt.also.len; k++) { /* reported by checks, kept by fmt */
                sb_puts(o, " + ");
                put_name(o, F, a->as.alt.also.items[k]);
            }
            if (a->as.alt.clauses.len) {
                sb_puts(o, " (");
                for (uint32_t k = 0; k < a->as.alt.clauses.len; k++) {
                    if (k) sb_puts(o, "  ");
                    put_item(o, F, a->as.alt.clauses.items[k]);
                }
                sb_putc(o, ')');
            }
        }
        break;
    case AST_POOL_ALT: /* in a reported operation: with fitter 2 */
        sb_puts(o, "with ");
        put_name(o, F, it->as.pool_alt.pool);
        sb_putc(o, ' ');
        put_num(o, F, it->as.pool_alt.count);
        break;
    case AST_WITH:
        /* with setter for setup, with 2 fitter | trainee */
        for (uint32_t i = 0; i < it->as.with.needs.len; i++) {
            const AstNode *nd = it->as.with.needs.items[i];
            sb_puts(o, i ? ", with " : "with ");
            for (uint32_t k = 0; k < nd->as.need.alts.len; k++) {
                const AstNode *pa = nd->as.need.alts.items[k];
                if (k) sb_puts(o, " | ");
                if (pa->as.pool_alt.count) {
                    put_num(o, F, pa->as.pool_alt.count);
                    sb_putc(o, ' ');
                }
                put_name(o, F, pa->as.pool_alt.pool);
            }
            if (nd->as.need.setup_only) sb_puts(o, " for setup");
        }
        break;
    case AST_AFTER:
        sb_puts(o, "after ");
        if (it->as.after.start) sb_puts(o, "start");
        for (uint32_t i = 0; i < it->as.after.names.len; i++) {
            if (i) sb_puts(o, ", ");
            put_name(o, F, it->as.after.names.items[i]);
        }
        break;
    case AST_STEP:
        sb_puts(o, S(F, it->as.step.name));
        for (uint32_t i = 0; i < it->as.step.clauses.len; i++) {
            sb_puts(o, i ? "  " : " ");
            put_item(o, F, it->as.step.clauses.items[i]);
        }
        break;
    case AST_USED:
        sb_printf(o, "used %s ", S(F, it->as.attr.name));
        put_expr(o, F, it->as.attr.value, 1);
        break;
    case AST_ACT_MEMBER: {
        /* op WO STEP[#N] [PIECES]: a member of a reported cycle */
        const AstActOp *a = it->as.act_op;
        sb_puts(o, "op ");
        const char *wo = S(F, a->wo);
        if (plain_name(wo)) sb_puts(o, wo);
        else put_string(o, wo);
        sb_printf(o, " %s", S(F, a->step));
        if (a->sub) sb_printf(o, "#%d", a->sub);
        if (a->unit >= 0) sb_printf(o, " %.15g", a->unit);
        break;
    }
    case AST_PIN: {
        /* op WO STEP[#N] on MACHINE [UNIT] [start DATETIME] */
        const AstActOp *a = it->as.act_op;
        sb_puts(o, "op ");
        const char *wo = S(F, a->wo);
        if (plain_name(wo)) sb_puts(o, wo);
        else put_string(o, wo);
        sb_printf(o, " %s", S(F, a->step));
        if (a->sub) sb_printf(o, "#%d", a->sub);
        sb_printf(o, " on %s", S(F, a->machine));
        if (a->unit >= 0) sb_printf(o, " %.15g", a->unit);
        for (uint32_t i = 0; i < a->items.len; i++) {
            sb_puts(o, " ");
            put_item(o, F, a->items.items[i]);
        }
        break;
    }
    case AST_SETUP_BY: case AST_BOM: case AST_ROUTING: case AST_BUY: case AST_ACT_OP: case AST_ACT_BATCH: {
        const AstList *l = nested_head(o, F, it);
        for (uint32_t i = 0; i < l->len; i++) {
            sb_puts(o, i ? "  " : " ");
            put_item(o, F, l->items[i]);
        }
        sb_puts(o, " }");
        break;
    }
    default: break;
    }
}

static bool has_nested_multiline(const Fmt *F, const AstList *items)
{
    for (uint32_t i = 0; i < items->len; i++) {
        const AstNode *it = items->items[i];
        if ((it->kind == AST_BOM || it->kind == AST_ROUTING || it->kind == AST_BUY || it->kind == AST_SETUP_BY || it->kind == AST_ACT_OP ||
             it->kind == AST_ACT_BATCH) &&
            !one_line(F, it->span))
            return true;
    }
    return false;
}

/* A line of a block split in two columns: its key and the rest. */
typedef struct Cols {
    StrBuf key, rest;
} Cols;

static void cols_of(Fmt *F, const AstNode *it, Cols *c)
{
    memset(c, 0, sizeof *c);
    char buf[1024];
    switch ((AstKind)it->kind) {
    case AST_SETTING:
        sb_puts(&c->key, ast_setting_name(it->as.setting.key));
        put_setting_value(&c->rest, F, it);
        return;
    case AST_ATTR:
        sb_puts(&c->key, S(F, it->as.attr.name));
        put_expr(&c->rest, F, it->as.attr.value, 1);
        return;
    case AST_BOM_LINE:
        sb_puts(&c->key, ast_name_str(it->as.line.item, F->strs, buf, sizeof buf));
        put_expr(&c->rest, F, it->as.line.qty, 1);
        put_loss(&c->rest, F, it);
        return;
    case AST_SHIFTS: case AST_CLOSED: case AST_OVERTIME: case AST_SETUP_ENTRY: case AST_RECEIPT: case AST_PERIOD: {
        /* split the one-line form after its first word (or the days, a pair,
         * a date range) */
        StrBuf all = {0};
        put_item(&all, F, it);
        const char *t = sb_cstr(&all);
        const char *cut = NULL;
        if (it->kind == AST_SETUP_ENTRY && it->as.setup_entry.kind == SETUP_PAIR) cut = strrchr(t, '"') + 1;
        else if (it->kind == AST_PERIOD) cut = strchr(strchr(t, '.') + 3, ' ');
        else cut = strchr(t, ' ');
        if (it->kind == AST_SHIFTS) {
            /* days may be a list: "mon, wed 06:00-.." -> cut before the first time */
            const char *q = t;
            while (*q && !(q[0] >= '0' && q[0] <= '9' && q[1] && q[2] == ':')) q++;
            cut = q > t ? q - 1 : cut;
        }
        if (!cut) cut = t + all.len;
        sb_putn(&c->key, t, (size_t)(cut - t));
        while (*cut == ' ') cut++;
        sb_puts(&c->rest, cut);
        sb_free(&all);
        return;
    }
    default:
        put_item(&c->rest, F, it);
        return;
    }
}

static void cols_free(Cols *c)
{
    sb_free(&c->key);
    sb_free(&c->rest);
}

static bool nested_block(const AstNode *it)
{
    return it->kind == AST_BOM || it->kind == AST_ROUTING || it->kind == AST_BUY || it->kind == AST_SETUP_BY || it->kind == AST_ACT_OP ||
           it->kind == AST_ACT_BATCH;
}

/* Trailing comments of item it: those after it on the same source line. */
static uint32_t trailing_count(const Fmt *F, const AstNode *it, uint32_t from)
{
    const char *t = F->src->text;
    uint32_t n = 0;
    for (uint32_t k = from; k < F->ncm && !F->cm[k].own_line; k++) {
        if (F->cm[k].lo < it->span.hi) break;
        for (uint32_t i = it->span.hi; i < F->cm[k].lo; i++)
            if (t[i] == '\n') return n;
        n++;
    }
    return n;
}

/* ---- tables ------------------------------------------------------------------------ */
/* A line of a table: a head (a declaration's kind and name, a step's name)
 * and its cells, one a clause, each under its column. */
typedef struct Cell {
    const char *key; /* the clause: "due", "on", "@product", "period" (a name that outlives the table) */
    uint32_t nth;    /* the row's how manieth cell of that key: a second `run` is a column of its own */
    uint32_t col;    /* column id (table_columns) */
    uint32_t off, len; /* its text in the row's */
} Cell;

typedef struct Row {
    StrBuf head;
    StrBuf text;     /* the cells' texts, one after the other */
    Cell *cells;
    uint32_t n, cap;
} Row;

/* The cell whose text was put at r->text from off on. */
static void row_add(Row *r, const char *key, uint32_t off)
{
    uint32_t nth = 0;
    /* a row of more cells than a table has columns is laid out compactly
     * (table_columns), whatever its keys */
    for (uint32_t i = 0; i < r->n && r->n < TABLE_COLUMNS; i++) nth += strcmp(r->cells[i].key, key) == 0;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->cells = tk_xrealloc(r->cells, r->cap * sizeof(Cell));
    }
    Cell *c = &r->cells[r->n++];
    c->key = key;
    c->nth = nth;
    c->col = 0;
    c->off = off;
    c->len = (uint32_t)r->text.len - off;
}

static void row_free(Row *r)
{
    sb_free(&r->head);
    sb_free(&r->text);
    tk_free(r->cells);
}

/* The width a column is aligned to, from the widths of its cells (sorted
 * here): the widest, unless the widest few stand apart (see the top). */
static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static size_t aligned_width(size_t *w, uint32_t n)
{
    if (!n) return 0;
    qsort(w, n, sizeof(size_t), size_cmp);
    uint32_t k = n - 1;
    while (k > 0 && w[k] - w[k - 1] <= OUTLIER) k--;
    if (k > 0 && (n - k) * 2 <= n) return w[k - 1];
    return w[n - 1];
}

/* Gives every cell its column: rows are merged in order, a clause going
 * under the same clause of the rows before it where it comes after the
 * row's previous cells, else in a new column right after them. Returns the
 * columns' ids in their order, *ncols of them; NULL if there would be more
 * than TABLE_COLUMNS. */
static uint32_t *table_columns(Row *rows, uint32_t nrows, uint32_t *ncols)
{
    uint32_t n = 0, cap = 0;
    uint32_t *order = NULL;           /* column ids in order */
    const Cell **keys = NULL;         /* a cell of each id, for its key */
    for (uint32_t r = 0; r < nrows; r++) {
        uint32_t pos = 0;
        for (uint32_t i = 0; i < rows[r].n; i++) {
            Cell *c = &rows[r].cells[i];
            uint32_t at = pos;
            while (at < n && (keys[order[at]]->nth != c->nth || strcmp(keys[order[at]]->key, c->key) != 0)) at++;
            if (at == n) { /* a new column, after this row's cells so far */
                if (n == TABLE_COLUMNS) {
                    tk_free(order);
                    tk_free(keys);
                    return NULL;
                }
                if (n == cap) {
                    cap = cap ? cap * 2 : 8;
                    order = tk_xrealloc(order, cap * sizeof(uint32_t));
                    keys = tk_xrealloc(keys, cap * sizeof(Cell *));
                }
                memmove(order + pos + 1, order + pos, (n - pos) * sizeof(uint32_t));
                keys[n] = c;
                order[pos] = n;
                n++;
                at = pos;
            }
            c->col = order[at];
            pos = at + 1;
        }
    }
    tk_free(keys);
    *ncols = n;
    return order;
}

/* Lays rows out as lines (without indentation): the heads, padded (then
 * " {" and " }" around the cells for declarations), and the cells column by
 * column, left to right, each column as wide as its aligned width
 * (aligned_width) over the rows not pushed yet. A row whose head or cell is
 * wider than its column is pushed: its later cells start at their column or,
 * where the row has passed it, two spaces after the cell before. */
static void table_lines(Row *rows, uint32_t nrows, bool decl, StrBuf *lines)
{
    uint32_t ncols = 0;
    uint32_t *order = table_columns(rows, nrows, &ncols);
    size_t *w = tk_xalloc((nrows + 1) * sizeof(size_t));
    size_t *cursor = tk_xalloc((nrows + 1) * sizeof(size_t));
    uint32_t *next = tk_xalloc((nrows + 1) * sizeof(uint32_t)); /* each row's next cell */
    bool *pushed = tk_xalloc((nrows + 1) * sizeof(bool));
    size_t **at = tk_xalloc((nrows + 1) * sizeof(size_t *));     /* where each cell starts */
    memset(at, 0, (nrows + 1) * sizeof(size_t *));
    for (uint32_t r = 0; r < nrows; r++) w[r] = rows[r].head.len;
    size_t hw = aligned_width(w, nrows);
    for (int pass = order ? 0 : 1; pass < 2; pass++) {
        bool aligned = pass == 0, too_wide = false;
        for (uint32_t r = 0; r < nrows; r++) {
            pushed[r] = rows[r].head.len > hw;
            size_t h = pushed[r] ? rows[r].head.len : hw;
            cursor[r] = decl ? h + 2 : h; /* "head {" or "name" */
            next[r] = 0;
            at[r] = tk_xrealloc(at[r], (rows[r].n + 1) * sizeof(size_t));
        }
        if (!aligned) /* each row's cells one after the other */
            for (uint32_t r = 0; r < nrows; r++)
                for (uint32_t i = 0; i < rows[r].n; i++) {
                    at[r][i] = cursor[r] + (i ? 2 : 1);
                    cursor[r] = at[r][i] + rows[r].cells[i].len;
                }
        size_t start = hw + (decl ? 3 : 1);
        for (uint32_t c = 0; c < ncols && aligned; c++) {
            uint32_t id = order[c], m = 0;
            for (uint32_t r = 0; r < nrows; r++)
                if (next[r] < rows[r].n && rows[r].cells[next[r]].col == id && !pushed[r])
                    w[m++] = rows[r].cells[next[r]].len;
            size_t width = aligned_width(w, m);
            for (uint32_t r = 0; r < nrows; r++) {
                if (next[r] >= rows[r].n || rows[r].cells[next[r]].col != id) continue;
                const Cell *cell = &rows[r].cells[next[r]];
                size_t x = cursor[r] + (next[r] ? 2 : 1);
                if (aligned && start > x) x = start;
                at[r][next[r]] = x;
                cursor[r] = x + cell->len;
                if (cell->len > width) pushed[r] = true;
                next[r]++;
            }
            start += width + 2;
        }
        for (uint32_t r = 0; r < nrows; r++) {
            StrBuf *l = &lines[r];
            l->len = 0;
            if (l->data) l->data[0] = 0;
            const Row *row = &rows[r];
            sb_puts(l, sb_cstr(&row->head));
            if (decl) {
                for (size_t q = row->head.len; q < hw; q++) sb_putc(l, ' ');
                sb_puts(l, row->n ? " {" : " {}");
            }
            for (uint32_t i = 0; i < row->n; i++) {
                while (l->len < at[r][i]) sb_putc(l, ' ');
                sb_putn(l, row->text.data + row->cells[i].off, row->cells[i].len);
            }
            if (decl && row->n) sb_puts(l, " }");
            too_wide |= l->len > TABLE_WIDTH;
        }
        if (!too_wide) break;
    }
    for (uint32_t r = 0; r < nrows; r++) tk_free(at[r]);
    tk_free(at);
    tk_free(pushed);
    tk_free(next);
    tk_free(cursor);
    tk_free(w);
    tk_free(order);
}

/* The cells of a block's item list, or of a step's clauses. */
static void row_of_items(Fmt *F, Row *row, const AstList *items, bool order)
{
    for (uint32_t k = 0; k < items->len; k++) {
        const AstNode *it = items->items[k];
        uint32_t off = (uint32_t)row->text.len;
        put_item(&row->text, F, it);
        const char *key;
        switch ((AstKind)it->kind) {
        case AST_SETTING: key = ast_setting_name(it->as.setting.key); break;
        case AST_ATTR: key = order && k == 0 ? "@product" : S(F, it->as.attr.name); break;
        case AST_ON: key = "on"; break;
        case AST_AFTER: key = "after"; break;
        default: key = ast_kind_name((AstKind)it->kind); break;
        }
        row_add(row, key, off);
    }
}

/* Prints items[i..j) as one run of aligned lines. */
static void put_lines(Fmt *F, const AstList *items, uint32_t i, uint32_t n, StrBuf *lines, uint32_t *last);

static void put_run(Fmt *F, const AstList *items, uint32_t i, uint32_t j, uint32_t *last)
{
    uint32_t n = j - i;
    StrBuf *lines = tk_xalloc(n * sizeof(StrBuf));
    memset(lines, 0, n * sizeof(StrBuf));
    if (items->items[i]->kind == AST_STEP) {
        /* routing steps: a column per clause */
        Row *rows = tk_xalloc(n * sizeof(Row));
        memset(rows, 0, n * sizeof(Row));
        for (uint32_t k = 0; k < n; k++) {
            const AstNode *st = items->items[i + k];
            sb_puts(&rows[k].head, S(F, st->as.step.name));
            row_of_items(F, &rows[k], &st->as.step.clauses, false);
        }
        table_lines(rows, n, false, lines);
        for (uint32_t k = 0; k < n; k++) row_free(&rows[k]);
        tk_free(rows);
        put_lines(F, items, i, n, lines, last);
        return;
    }
    Cols *cols = tk_xalloc(n * sizeof(Cols));
    size_t wk = 0;
    for (uint32_t k = 0; k < n; k++) {
        cols_of(F, items->items[i + k], &cols[k]);
        if (cols[k].key.len > wk) wk = cols[k].key.len;
    }
    for (uint32_t k = 0; k < n; k++) {
        StrBuf *l = &lines[k];
        const Cols *c = &cols[k];
        sb_puts(l, sb_cstr(&c->key));
        if (c->key.len && c->rest.len) {
            for (size_t q = c->key.len; q < wk; q++) sb_putc(l, ' ');
            sb_putc(l, ' ');
        }
        sb_puts(l, sb_cstr(&c->rest));
        cols_free(&cols[k]);
    }
    tk_free(cols);
    put_lines(F, items, i, n, lines, last);
}

/* Prints lines[k] for items[i + k], k < n, each followed by its trailing
 * comments, aligned after the longest line that has one; frees the lines. */
static void put_lines(Fmt *F, const AstList *items, uint32_t i, uint32_t n, StrBuf *lines, uint32_t *last)
{
    size_t wl = 0;
    uint32_t cnext = F->next;
    bool any_comment = false;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t tc = trailing_count(F, items->items[i + k], cnext);
        if (tc) {
            any_comment = true;
            if (lines[k].len > wl) wl = lines[k].len;
            cnext += tc;
        }
    }
    for (uint32_t k = 0; k < n; k++) {
        const AstNode *it = items->items[i + k];
        begin_line(F);
        sb_puts(&F->out, sb_cstr(&lines[k]));
        uint32_t tc = trailing_count(F, it, F->next);
        if (tc && any_comment) {
            for (size_t q = lines[k].len; q < wl; q++) sb_putc(&F->out, ' ');
            for (uint32_t q = 0; q < tc; q++) {
                sb_puts(&F->out, "  ");
                put_comment(F, &F->cm[F->next++]);
                *last = F->cm[F->next - 1].hi;
            }
        }
        if (it->span.hi > *last) *last = it->span.hi;
        sb_free(&lines[k]);
    }
    tk_free(lines);
}

/* A block's items inside braces that the caller has opened: on one line when
 * the source had it on one line and it still fits, else one item a line. */
static void put_items(Fmt *F, const AstList *items, Span sp, uint32_t *last)
{
    bool single = one_line(F, sp) && !comments_inside(F, sp) && !has_nested_multiline(F, items);
    if (single) {
        StrBuf b = {0};
        for (uint32_t i = 0; i < items->len; i++) {
            sb_puts(&b, i ? "  " : " ");
            put_item(&b, F, items->items[i]);
        }
        sb_puts(&b, items->len ? " }" : "}");
        /* current column */
        size_t col = 0;
        for (size_t i = F->out.len; i > 0 && F->out.data[i - 1] != '\n'; i--) col++;
        if (col + b.len <= ONE_LINE || items->len <= 1) {
            sb_puts(&F->out, sb_cstr(&b));
            sb_free(&b);
            *last = sp.hi;
            return;
        }
        sb_free(&b);
    }
    F->indent++;
    uint32_t i = 0;
    size_t opened = F->out.len;
    while (i < items->len) {
        const AstNode *it = items->items[i];
        uint32_t next0 = F->next;
        comments_before(F, it->span.lo, last);
        bool started = i > 0 || F->next != next0 || F->out.len != opened;
        if (started && blank_between(F, *last, it->span.lo)) blank_line(F);
        if (nested_block(it) && !one_line(F, it->span)) {
            begin_line(F);
            const AstList *l = nested_head(&F->out, F, it);
            uint32_t inner = it->span.lo;
            put_block(F, l, it->span, &inner);
            *last = it->span.hi;
            trailing_comments(F, it->span.hi, last);
            i++;
            continue;
        }
        /* a run: the following items with no blank line, comment line or
         * nested block between them */
        uint32_t j = i + 1;
        while (j < items->len && !nested_block(it)) {
            const AstNode *nx = items->items[j];
            if (nested_block(nx)) break;
            if (blank_between(F, items->items[j - 1]->span.hi, nx->span.lo)) break;
            bool own = false;
            for (uint32_t k = F->next; k < F->ncm && F->cm[k].lo < nx->span.lo; k++)
                if (F->cm[k].lo >= items->items[j - 1]->span.hi && F->cm[k].own_line) own = true;
            if (own) break;
            j++;
        }
        put_run(F, items, i, j, last);
        i = j;
    }
    comments_before(F, sp.hi, last); /* comments before the closing brace */
    F->indent--;
    begin_line(F);
    sb_putc(&F->out, '}');
    *last = sp.hi;
}

static void put_block(Fmt *F, const AstList *items, Span sp, uint32_t *last) { put_items(F, items, sp, last); }

/* ---- declarations ------------------------------------------------------------------ */
static void put_rule(Fmt *F, const AstNode *d)
{
    StrBuf head = {0};
    sb_printf(&head, "rule %s", S(F, d->as.rule.name));
    if (d->as.rule.params.len) {
        sb_putc(&head, '(');
        for (uint32_t i = 0; i < d->as.rule.params.len; i++) {
            const AstNode *p = d->as.rule.params.items[i];
            if (i) sb_puts(&head, ", ");
            sb_puts(&head, S(F, p->as.attr.name));
            if (p->as.attr.value) {
                sb_puts(&head, " = ");
                put_expr(&head, F, p->as.attr.value, 1);
            }
        }
        sb_putc(&head, ')');
    }
    sb_puts(&head, " =");
    StrBuf body = {0};
    put_expr(&body, F, d->as.rule.body, 1);
    if (head.len + 1 + body.len <= WIDTH) {
        sb_printf(&F->out, "%s %s", sb_cstr(&head), sb_cstr(&body));
    } else {
        /* long rules: the body on its own lines, broken before the operators
         * at its top level */
        sb_puts(&F->out, sb_cstr(&head));
        const AstNode *e = d->as.rule.body;
        const AstNode *terms[256];
        AstOp ops[256];
        uint32_t n = 0;
        int p = prec(e);
        if (e->kind == AST_BINARY && p != 5) {
            /* flatten the left spine of the same precedence */
            const AstNode *cur = e;
            while (cur->kind == AST_BINARY && prec(cur) == p && n < 255) {
                terms[n] = cur->as.binary.rhs;
                ops[n++] = cur->as.binary.op;
                cur = cur->as.binary.lhs;
            }
            terms[n++] = cur;
        } else terms[n++] = e;
        for (uint32_t i = n; i-- > 0;) {
            newline(F);
            /* the first term one step in, the others one more, operator first */
            for (int k = 0; k < F->indent + (i == n - 1 ? 1 : 2); k++) sb_puts(&F->out, "  ");
            F->line_open = true;
            if (i != n - 1) sb_printf(&F->out, "%s ", ast_op_str(ops[i]));
            StrBuf t = {0};
            put_expr(&t, F, terms[i], n > 1 ? p + 1 : 1);
            sb_puts(&F->out, sb_cstr(&t));
            sb_free(&t);
        }
    }
    sb_free(&head);
    sb_free(&body);
}

/* A declaration's kind and name, up to its brace: `order "SO-1"`. */
static void decl_head(StrBuf *o, Fmt *F, const AstNode *d)
{
    if (d->kind == AST_FORECAST || d->kind == AST_HISTORY) {
        sb_puts(o, d->kind == AST_FORECAST ? "forecast " : "history ");
        put_name(o, F, d->kind == AST_FORECAST ? d->as.forecast.product : d->as.history.product);
        return;
    }
    sb_puts(o, ast_kind_name((AstKind)d->kind));
    if (!d->as.decl.name) return;
    sb_putc(o, ' ');
    const char *nm = S(F, d->as.decl.name);
    bool plain = d->kind != AST_PLANT;
    for (const char *c = nm; *c && plain; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
            plain = false;
    if (nm[0] >= '0' && nm[0] <= '9') plain = false;
    /* an order named like a keyword or written as a string stays a string */
    if (plain && d->kind == AST_ORDER && F->src->text[d->as.decl.name_span.lo] == '"') plain = false;
    if (plain) sb_puts(o, nm);
    else put_string(o, nm);
}

static const AstList *decl_items(const AstNode *d)
{
    return d->kind == AST_FORECAST  ? &d->as.forecast.items
           : d->kind == AST_HISTORY ? &d->as.history.items
                                    : &d->as.decl.items;
}

static void put_decl(Fmt *F, const AstNode *d, uint32_t *last);

/* A scenario: its changes one per line, as declarations are at the top. */
static void put_scenario(Fmt *F, const AstNode *d, uint32_t *last)
{
    StrBuf *o = &F->out;
    sb_printf(o, "scenario %s {", S(F, d->as.decl.name));
    const AstList *items = &d->as.decl.items;
    if (items->len == 0 && !comments_inside(F, d->span)) {
        sb_puts(o, " }");
        *last = d->span.hi;
        return;
    }
    F->indent++;
    for (uint32_t i = 0; i < items->len; i++) {
        const AstNode *it = items->items[i];
        uint32_t next0 = F->next;
        comments_before(F, it->span.lo, last);
        if ((i > 0 || F->next != next0) && blank_between(F, *last, it->span.lo)) blank_line(F);
        switch ((AstKind)it->kind) {
        case AST_SC_ADD:
            F->prefix = S(F, it->as.attr.name);
            put_decl(F, it->as.attr.value, last);
            break;
        case AST_SC_REMOVE: {
            begin_line(F);
            sb_printf(o, "%s order ", S(F, it->as.sc_remove.word));
            const char *nm = S(F, it->as.sc_remove.name);
            bool plain = F->src->text[it->as.sc_remove.name_span.lo] != '"';
            if (plain) sb_puts(o, nm);
            else put_string(o, nm);
            break;
        }
        case AST_ATTR:
            begin_line(F);
            put_item(o, F, it);
            break;
        default: put_decl(F, it, last); break;
        }
        *last = it->span.hi;
        trailing_comments(F, it->span.hi, last);
    }
    comments_before(F, d->span.hi, last);
    F->indent--;
    begin_line(F);
    sb_putc(o, '}');
    *last = d->span.hi;
}

static void put_decl(Fmt *F, const AstNode *d, uint32_t *last)
{
    begin_line(F);
    StrBuf *o = &F->out;
    if (F->prefix) {
        sb_printf(o, "%s ", F->prefix);
        F->prefix = NULL;
    }
    switch ((AstKind)d->kind) {
    case AST_SCENARIO:
        put_scenario(F, d, last);
        break;
    case AST_IMPORT:
        sb_puts(o, "import ");
        if (d->as.import.module) sb_puts(o, S(F, d->as.import.path));
        else put_string(o, S(F, d->as.import.path));
        *last = d->span.hi;
        break;
    case AST_RULE:
        put_rule(F, d);
        *last = d->span.hi;
        break;
    case AST_PINS_FILE:
        sb_puts(o, "pins ");
        put_string(o, S(F, d->as.pins_file.path));
        *last = d->span.hi;
        break;
    default:
        if (d->kind == AST_HISTORY && !d->as.history.product) { /* history "sales.csv" */
            sb_puts(o, "history ");
            put_string(o, S(F, d->as.history.path));
            *last = d->span.hi;
            break;
        }
        decl_head(o, F, d);
        sb_puts(o, " {");
        put_items(F, decl_items(d), d->span, last);
    }
}

/* Can declaration d be a line of a table: written on one line, and fitting
 * in ONE_LINE columns that way? */
static bool table_row(Fmt *F, const AstNode *d)
{
    if (d->kind != AST_MACHINE && d->kind != AST_MATERIAL && d->kind != AST_PRODUCT && d->kind != AST_ORDER &&
        d->kind != AST_CALENDAR && d->kind != AST_FORECAST && !(d->kind == AST_HISTORY && d->as.history.product))
        return false;
    const AstList *items = decl_items(d);
    if (!one_line(F, d->span) || comments_inside(F, d->span) || has_nested_multiline(F, items)) return false;
    StrBuf b = {0};
    decl_head(&b, F, d);
    sb_puts(&b, " {");
    for (uint32_t i = 0; i < items->len; i++) {
        sb_puts(&b, i ? "  " : " ");
        put_item(&b, F, items->items[i]);
    }
    sb_puts(&b, items->len ? " }" : "}");
    bool fits = b.len <= ONE_LINE || items->len <= 1;
    sb_free(&b);
    return fits;
}

/* Declarations decls[i..) that make a table with decls[i]: how many. */
static uint32_t table_run(Fmt *F, const AstList *decls, uint32_t i)
{
    const AstNode *d = decls->items[i];
    if (!table_row(F, d)) return 1;
    uint32_t j = i + 1;
    while (j < decls->len) {
        const AstNode *prev = decls->items[j - 1], *nx = decls->items[j];
        if (nx->kind != d->kind || blank_between(F, prev->span.hi, nx->span.lo)) break;
        bool own = false;
        for (uint32_t k = first_comment_at(F, prev->span.hi); k < F->ncm && F->cm[k].lo < nx->span.lo && !own; k++)
            own = F->cm[k].own_line;
        if (own || !table_row(F, nx)) break;
        j++;
    }
    return j - i;
}

static void put_table(Fmt *F, const AstList *decls, uint32_t i, uint32_t n, uint32_t *last)
{
    Row *rows = tk_xalloc(n * sizeof(Row));
    memset(rows, 0, n * sizeof(Row));
    StrBuf *lines = tk_xalloc(n * sizeof(StrBuf));
    memset(lines, 0, n * sizeof(StrBuf));
    for (uint32_t k = 0; k < n; k++) {
        const AstNode *d = decls->items[i + k];
        decl_head(&rows[k].head, F, d);
        row_of_items(F, &rows[k], decl_items(d), d->kind == AST_ORDER);
    }
    table_lines(rows, n, true, lines);
    for (uint32_t k = 0; k < n; k++) row_free(&rows[k]);
    tk_free(rows);
    put_lines(F, decls, i, n, lines, last);
}

char *fmt_file(const AstNode *root, const SourceFile *src, const Interner *strs)
{
    Fmt F;
    memset(&F, 0, sizeof F);
    F.src = src;
    F.strs = strs;
    find_comments(&F);
    uint32_t last = 0;
    for (uint32_t i = 0; root && i < root->as.file.items.len;) {
        const AstNode *d = root->as.file.items.items[i];
        comments_before(&F, d->span.lo, &last); /* with a blank line before them where the source had one */
        if (F.out.len && blank_between(&F, last, d->span.lo)) blank_line(&F);
        uint32_t n = table_run(&F, &root->as.file.items, i);
        if (n > 1) {
            put_table(&F, &root->as.file.items, i, n, &last);
            i += n;
            continue;
        }
        put_decl(&F, d, &last);
        trailing_comments(&F, d->span.hi, &last);
        i++;
    }
    comments_before(&F, src->len + 1, &last);
    if (F.line_open) newline(&F);
    tk_free(F.cm);
    char *s = tk_strdup(sb_cstr(&F.out));
    sb_free(&F.out);
    return s;
}
