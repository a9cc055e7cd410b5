/* fmt.c: the canonical layout of a model file (takt fmt). Prints the AST
 * back as text: two spaces of indentation, one item a line in blocks that
 * were written over several lines and one line with two spaces between
 * items for blocks written on one line, aligned columns in BOMs and
 * routings, minimal parentheses, at most one blank line where the author put
 * blank lines, and every comment kept at its place. Numbers keep the digits
 * they were written with; everything else is printed from its value, so a
 * formatted file means what the original meant (tests compare the IR).
 * Formatting is idempotent: the layout decisions only depend on things the
 * formatter itself preserves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#define WIDTH 100

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

static bool comments_inside(const Fmt *F, Span sp)
{
    /* the comments are in source order: stop past the span */
    for (uint32_t i = F->next; i < F->ncm && F->cm[i].lo < sp.hi; i++)
        if (F->cm[i].lo >= sp.lo) return true;
    return false;
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
    if (e->as.num.unit) sb_printf(o, " %s", S(F, e->as.num.unit));
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
    default: sb_puts(o, it->kind == AST_BOM ? "bom {" : "routing {"); return &it->as.block.items;
    }
}

/* One item as a single line of text (nested blocks included). */
static void put_item(StrBuf *o, Fmt *F, const AstNode *it)
{
    switch ((AstKind)it->kind) {
    case AST_SETTING:
        sb_printf(o, "%s ", ast_setting_name(it->as.setting.key));
        if (it->as.setting.value->kind == AST_NUM && it->as.setting.value->as.num.value != it->as.setting.value->as.num.value)
            sb_puts(o, S(F, it->as.setting.value->as.num.unit)); /* a unit name alone: unit kg */
        else put_expr(o, F, it->as.setting.value, 1);
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
    case AST_SETUP_BY: case AST_BOM: case AST_ROUTING: case AST_ACT_OP: {
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
        if ((it->kind == AST_BOM || it->kind == AST_ROUTING || it->kind == AST_SETUP_BY || it->kind == AST_ACT_OP) &&
            !one_line(F, it->span))
            return true;
    }
    return false;
}

/* A line of a block split in columns: key, an optional middle column (a
 * step's `on` clause), and the rest. */
typedef struct Cols {
    StrBuf key, mid, rest;
} Cols;

static void cols_of(Fmt *F, const AstNode *it, Cols *c)
{
    memset(c, 0, sizeof *c);
    char buf[1024];
    switch ((AstKind)it->kind) {
    case AST_SETTING:
        sb_puts(&c->key, ast_setting_name(it->as.setting.key));
        if (it->as.setting.value->kind == AST_NUM && it->as.setting.value->as.num.value != it->as.setting.value->as.num.value)
            sb_puts(&c->rest, S(F, it->as.setting.value->as.num.unit));
        else put_expr(&c->rest, F, it->as.setting.value, 1);
        return;
    case AST_ATTR:
        sb_puts(&c->key, S(F, it->as.attr.name));
        put_expr(&c->rest, F, it->as.attr.value, 1);
        return;
    case AST_BOM_LINE:
        sb_puts(&c->key, ast_name_str(it->as.line.item, F->strs, buf, sizeof buf));
        put_expr(&c->rest, F, it->as.line.qty, 1);
        return;
    case AST_STEP:
        sb_puts(&c->key, S(F, it->as.step.name));
        for (uint32_t k = 0; k < it->as.step.clauses.len; k++) {
            const AstNode *cl = it->as.step.clauses.items[k];
            if (k == 0 && cl->kind == AST_ON) put_item(&c->mid, F, cl);
            else {
                if (c->rest.len) sb_puts(&c->rest, "  ");
                put_item(&c->rest, F, cl);
            }
        }
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
    sb_free(&c->mid);
    sb_free(&c->rest);
}

static bool nested_block(const AstNode *it)
{
    return it->kind == AST_BOM || it->kind == AST_ROUTING || it->kind == AST_SETUP_BY || it->kind == AST_ACT_OP;
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

/* Prints items[i..j) as one run of aligned lines. */
static void put_run(Fmt *F, const AstList *items, uint32_t i, uint32_t j, uint32_t *last)
{
    uint32_t n = j - i;
    Cols *cols = tk_xalloc(n * sizeof(Cols));
    size_t wk = 0, wm = 0;
    for (uint32_t k = 0; k < n; k++) {
        cols_of(F, items->items[i + k], &cols[k]);
        if (cols[k].key.len > wk) wk = cols[k].key.len;
        if (cols[k].rest.len && cols[k].mid.len > wm) wm = cols[k].mid.len;
    }
    StrBuf *lines = tk_xalloc(n * sizeof(StrBuf));
    size_t wl = 0;
    uint32_t cnext = F->next;
    bool any_comment = false;
    for (uint32_t k = 0; k < n; k++) {
        StrBuf *l = &lines[k];
        memset(l, 0, sizeof *l);
        const Cols *c = &cols[k];
        sb_puts(l, sb_cstr(&c->key));
        if (c->key.len && (c->mid.len || c->rest.len)) {
            for (size_t q = c->key.len; q < wk; q++) sb_putc(l, ' ');
            sb_putc(l, ' ');
        }
        if (c->mid.len) {
            sb_puts(l, sb_cstr(&c->mid));
            if (c->rest.len) {
                for (size_t q = c->mid.len; q < wm; q++) sb_putc(l, ' ');
                sb_puts(l, "  ");
            }
        } else if (wm && c->rest.len && items->items[i + k]->kind == AST_STEP) {
            for (size_t q = 0; q < wm; q++) sb_putc(l, ' ');
            sb_puts(l, "  ");
        }
        sb_puts(l, sb_cstr(&c->rest));
        uint32_t tc = trailing_count(F, items->items[i + k], cnext);
        if (tc) {
            any_comment = true;
            if (l->len > wl) wl = l->len;
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
        cols_free(&cols[k]);
    }
    tk_free(lines);
    tk_free(cols);
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
        if (col + b.len <= WIDTH || items->len <= 1) {
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

static void put_decl(Fmt *F, const AstNode *d, uint32_t *last)
{
    begin_line(F);
    StrBuf *o = &F->out;
    switch ((AstKind)d->kind) {
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
    case AST_FORECAST:
        sb_puts(o, "forecast ");
        put_name(o, F, d->as.forecast.product);
        sb_puts(o, " {");
        put_items(F, &d->as.forecast.items, d->span, last);
        break;
    case AST_PINS_FILE:
        sb_puts(o, "pins ");
        put_string(o, S(F, d->as.pins_file.path));
        *last = d->span.hi;
        break;
    case AST_HISTORY:
        sb_puts(o, "history ");
        if (!d->as.history.product) {
            put_string(o, S(F, d->as.history.path));
            *last = d->span.hi;
            break;
        }
        put_name(o, F, d->as.history.product);
        sb_puts(o, " {");
        put_items(F, &d->as.history.items, d->span, last);
        break;
    default: {
        const char *kw = ast_kind_name((AstKind)d->kind);
        sb_puts(o, kw);
        if (d->as.decl.name) {
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
        sb_puts(o, " {");
        put_items(F, &d->as.decl.items, d->span, last);
    }
    }
}

char *fmt_file(const AstNode *root, const SourceFile *src, const Interner *strs)
{
    Fmt F;
    memset(&F, 0, sizeof F);
    F.src = src;
    F.strs = strs;
    find_comments(&F);
    uint32_t last = 0;
    for (uint32_t i = 0; root && i < root->as.file.items.len; i++) {
        const AstNode *d = root->as.file.items.items[i];
        comments_before(&F, d->span.lo, &last); /* with a blank line before them where the source had one */
        if (F.out.len && blank_between(&F, last, d->span.lo)) blank_line(&F);
        put_decl(&F, d, &last);
        trailing_comments(&F, d->span.hi, &last);
    }
    comments_before(&F, src->len + 1, &last);
    if (F.line_open) newline(&F);
    tk_free(F.cm);
    char *s = tk_strdup(sb_cstr(&F.out));
    sb_free(&F.out);
    return s;
}
