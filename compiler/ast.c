/* ast.c: syntax tree constructors (called from the grammar's actions), the
 * date helpers the lexer needs, and the AST printer behind --emit=ast. */
#include "ast.h"
#include "esc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- Lists ----------------------------------------------------------------
 * Lists live in the arena: growing one copies it and leaves the old array
 * behind, at most doubling the space; nothing needs freeing on error paths. */
void astlist_push(ParseCtx *p, AstList *l, AstNode *n)
{
    if (!n) return;
    if (l->len == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        AstNode **items = arena_alloc(p->arena, cap * sizeof(AstNode *));
        if (l->len) memcpy(items, l->items, l->len * sizeof(AstNode *));
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = n;
}

AstList astlist_one(ParseCtx *p, AstNode *n)
{
    AstList l = {0, 0, 0};
    astlist_push(p, &l, n);
    return l;
}

static AstNode *node(ParseCtx *p, AstKind k, Span sp)
{
    AstNode *n = arena_alloc(p->arena, sizeof(AstNode));
    n->kind = (uint8_t)k;
    n->span = sp;
    n->depth = 1;
    n->ref = -1;
    return n;
}

AstNode *ast_error(ParseCtx *p, Span sp) { return node(p, AST_ERROR, sp); }

AstNode *ast_file(ParseCtx *p, Span sp, AstList items)
{
    AstNode *n = node(p, AST_FILE, sp);
    n->as.file.items = items;
    return n;
}

AstNode *ast_import(ParseCtx *p, Span sp, Sym path, Span path_span, bool module)
{
    AstNode *n = node(p, AST_IMPORT, sp);
    n->as.import.path = path;
    n->as.import.path_span = path_span;
    n->as.import.module = module;
    return n;
}

AstNode *ast_import_path(ParseCtx *p, Span sp, AstNode *name)
{
    char buf[512];
    const char *s = ast_name_str(name, p->strs, buf, sizeof buf);
    return ast_import(p, sp, intern_cstr(p->strs, s), name->span, true);
}

AstNode *ast_decl(ParseCtx *p, Span sp, AstKind kind, Sym name, Span name_span, AstList items)
{
    AstNode *n = node(p, kind, sp);
    n->as.decl.name = name;
    n->as.decl.name_span = name_span;
    n->as.decl.items = items;
    return n;
}

AstNode *ast_sc_add(ParseCtx *p, Span sp, Sym word, Span word_span, AstNode *decl)
{
    AstNode *n = node(p, AST_SC_ADD, sp);
    n->as.attr.name = word;
    n->as.attr.name_span = word_span;
    n->as.attr.value = decl;
    return n;
}

AstNode *ast_sc_remove(ParseCtx *p, Span sp, Sym word, Span word_span, Sym name, Span name_span)
{
    AstNode *n = node(p, AST_SC_REMOVE, sp);
    n->as.sc_remove.word = word;
    n->as.sc_remove.word_span = word_span;
    n->as.sc_remove.name = name;
    n->as.sc_remove.name_span = name_span;
    return n;
}

AstNode *ast_forecast(ParseCtx *p, Span sp, AstNode *product, AstList items)
{
    AstNode *n = node(p, AST_FORECAST, sp);
    n->as.forecast.product = product;
    n->as.forecast.items = items;
    return n;
}

AstNode *ast_history(ParseCtx *p, Span sp, AstNode *product, AstList items, Sym path, Span path_span)
{
    AstNode *n = node(p, AST_HISTORY, sp);
    n->as.history.product = product;
    n->as.history.items = items;
    n->as.history.path = path;
    n->as.history.path_span = path_span;
    return n;
}

AstNode *ast_rule(ParseCtx *p, Span sp, Sym name, Span name_span, AstList params, AstNode *body)
{
    AstNode *n = node(p, AST_RULE, sp);
    n->as.rule.name = name;
    n->as.rule.name_span = name_span;
    n->as.rule.params = params;
    n->as.rule.body = body;
    return n;
}

AstNode *ast_setting(ParseCtx *p, Span sp, SettingKey key, Span key_span, AstNode *value)
{
    AstNode *n = node(p, AST_SETTING, sp);
    n->as.setting.key = key;
    n->as.setting.key_span = key_span;
    n->as.setting.value = value;
    return n;
}

AstNode *ast_setting_by(ParseCtx *p, Span sp, SettingKey key, Span key_span, AstNode *value, Sym by, Span by_span)
{
    AstNode *n = ast_setting(p, sp, key, key_span, value);
    n->as.setting.by = by;
    n->as.setting.by_span = by_span;
    return n;
}

AstNode *ast_unit_value(ParseCtx *p, Span sp, Sym unit)
{
    AstNode *n = node(p, AST_NUM, sp);
    n->as.num.value = NAN; /* marks "a unit name alone", as in `unit kg` */
    n->as.num.unit = unit;
    n->as.num.unit_span = sp;
    return n;
}

AstNode *ast_attr(ParseCtx *p, Span sp, AstKind kind, Sym name, Span name_span, AstNode *value)
{
    AstNode *n = node(p, kind, sp);
    n->as.attr.name = name;
    n->as.attr.name_span = name_span;
    n->as.attr.value = value;
    return n;
}

AstNode *ast_shifts(ParseCtx *p, Span sp, AstList days, AstList shifts)
{
    AstNode *n = node(p, AST_SHIFTS, sp);
    n->as.shifts.days = days;
    n->as.shifts.shifts = shifts;
    return n;
}

AstNode *ast_days(ParseCtx *p, Span sp, Sym from, Span from_span, Sym to, Span to_span)
{
    AstNode *n = node(p, AST_DAYS, sp);
    n->as.days.from = from;
    n->as.days.from_span = from_span;
    n->as.days.to = to;
    n->as.days.to_span = to_span;
    return n;
}

AstNode *ast_shift(ParseCtx *p, Span sp, int32_t start, int32_t end, AstNode *plus)
{
    if (start == LEX_BAD_TIME || end == LEX_BAD_TIME) return ast_error(p, sp); /* reported */
    AstNode *n = node(p, AST_SHIFT, sp);
    n->as.shift.start = start;
    n->as.shift.end = end;
    n->as.shift.plus_days = 0;
    if (plus) {
        double v = plus->as.num.value;
        if (v != 1.0) {
            Diag *g = diag_error(p->diags, plus->span, DIAG_BAD_VALUE, "a shift can run into the next day only");
            diag_hint(g, "write '+1' after the end time of a shift that ends after midnight");
        }
        n->as.shift.plus_days = 1;
    }
    return n;
}

AstNode *ast_closed(ParseCtx *p, Span sp, AstKind kind, int32_t from, int32_t to, AstList shifts)
{
    if (from == LEX_BAD_DATE || to == LEX_BAD_DATE) return ast_error(p, sp);
    AstNode *n = node(p, kind, sp);
    n->as.closed.from = from;
    n->as.closed.to = to;
    n->as.closed.shifts = shifts;
    return n;
}

AstNode *ast_setup_by(ParseCtx *p, Span sp, Sym attr, Span attr_span, AstList entries)
{
    AstNode *n = node(p, AST_SETUP_BY, sp);
    n->as.setup_by.attr = attr;
    n->as.setup_by.attr_span = attr_span;
    n->as.setup_by.entries = entries;
    return n;
}

AstNode *ast_setup_entry(ParseCtx *p, Span sp, SetupEntryKind kind, Sym from, Sym to, AstNode *value)
{
    AstNode *n = node(p, AST_SETUP_ENTRY, sp);
    n->as.setup_entry.kind = kind;
    n->as.setup_entry.from = from;
    n->as.setup_entry.to = to;
    n->as.setup_entry.value = value;
    return n;
}

AstNode *ast_receipt(ParseCtx *p, Span sp, Sym id, AstNode *qty, AstNode *date)
{
    AstNode *n = node(p, AST_RECEIPT, sp);
    n->as.receipt.id = id;
    n->as.receipt.qty = qty;
    n->as.receipt.date = date;
    return n;
}

AstNode *ast_received(ParseCtx *p, Span sp, AstKind kind, Sym item, Span item_span, Sym id, AstNode *qty, AstNode *date)
{
    AstNode *n = ast_receipt(p, sp, id, qty, date);
    n->kind = (uint8_t)kind;
    n->as.receipt.item = item;
    n->as.receipt.item_span = item_span;
    return n;
}

AstNode *ast_act_op(ParseCtx *p, Span sp, AstKind kind, Sym wo, Span wo_span, Sym step, int32_t sub, Span step_span,
                    Sym machine, Span machine_span, double unit, Span unit_span, AstList items)
{
    AstNode *n = node(p, kind, sp);
    n->as.act_op = arena_alloc(p->arena, sizeof(AstActOp));
    memset(n->as.act_op, 0, sizeof(AstActOp));
    n->as.act_op->wo = wo;
    n->as.act_op->wo_span = wo_span;
    n->as.act_op->step = step;
    n->as.act_op->sub = sub;
    n->as.act_op->step_span = step_span;
    n->as.act_op->machine = machine;
    n->as.act_op->machine_span = machine_span;
    n->as.act_op->unit = unit;
    n->as.act_op->unit_span = unit_span;
    n->as.act_op->items = items;
    return n;
}

AstNode *ast_pins_file(ParseCtx *p, Span sp, Sym path, Span path_span)
{
    AstNode *n = node(p, AST_PINS_FILE, sp);
    n->as.pins_file.path = path;
    n->as.pins_file.path_span = path_span;
    n->as.pins_file.data = 0;
    return n;
}

AstNode *ast_act_run(ParseCtx *p, Span sp, uint32_t n)
{
    AstNode *r = node(p, AST_ACT_RUN, sp);
    r->as.act_run.recs = arena_alloc(p->arena, n * sizeof(ActRec));
    r->as.act_run.n = n;
    return r;
}

void ast_act_rec(const AstNode *run, uint32_t k, AstNode *n, AstActOp *op)
{
    const ActRec *r = &run->as.act_run.recs[k];
    FileId file = run->span.file;
#define PART(x) ((Span){file, r->lo + r->off[x][0], r->lo + r->off[x][1]})
    memset(n, 0, sizeof *n);
    memset(op, 0, sizeof *op);
    n->kind = AST_ACT_OP;
    n->depth = 1;
    n->ref = -1;
    n->span = (Span){file, r->lo, r->lo + r->len};
    n->as.act_op = op;
    op->wo = r->wo;
    op->step = r->step;
    op->machine = r->machine;
    op->wo_span = PART(ACT_WO);
    op->step_span = PART(ACT_STEP);
    op->machine_span = PART(ACT_MACHINE);
    op->unit_span = PART(ACT_UNIT);
    op->unit = r->unit;
    op->whole = true;
    op->start = r->start;
    op->start_span = PART(ACT_START);
    op->has_end = r->has & (1u << ACT_END);
    op->has_setup = r->has & (1u << ACT_SETUP);
    op->has_good = r->has & (1u << ACT_GOOD);
    op->has_scrap = r->has & (1u << ACT_SCRAP);
    if (op->has_end) op->end = r->end, op->end_span = PART(ACT_END);
    if (op->has_setup) op->setup = r->setup, op->setup_span = PART(ACT_SETUP);
    if (op->has_good) op->good = r->good, op->good_span = PART(ACT_GOOD);
    if (op->has_scrap) op->scrap = r->scrap, op->scrap_span = PART(ACT_SCRAP);
#undef PART
}

AstNode *ast_block(ParseCtx *p, Span sp, AstKind kind, AstList items)
{
    AstNode *n = node(p, kind, sp);
    n->as.block.items = items;
    return n;
}

AstNode *ast_then(ParseCtx *p, Span sp, AstList levels) { return ast_block(p, sp, AST_THEN, levels); }

AstNode *ast_bom_line(ParseCtx *p, Span sp, AstNode *item, AstNode *qty)
{
    AstNode *n = node(p, AST_BOM_LINE, sp);
    n->as.line.item = item;
    n->as.line.qty = qty;
    return n;
}

AstNode *ast_bom_line_loss(ParseCtx *p, Span sp, AstNode *item, AstNode *qty, AstNode *loss)
{
    AstNode *n = ast_bom_line(p, sp, item, qty);
    n->as.line.loss = loss;
    return n;
}

AstNode *ast_step(ParseCtx *p, Span sp, Sym name, Span name_span, AstList clauses)
{
    AstNode *n = node(p, AST_STEP, sp);
    n->as.step.name = name;
    n->as.step.name_span = name_span;
    n->as.step.clauses = clauses;
    return n;
}

AstNode *ast_on(ParseCtx *p, Span sp, AstList alts)
{
    AstNode *n = node(p, AST_ON, sp);
    n->as.on.alts = alts;
    return n;
}

AstNode *ast_alt(ParseCtx *p, Span sp, AstNode *machine, AstList clauses)
{
    AstNode *n = node(p, AST_ALT, sp);
    n->as.alt.machine = machine;
    n->as.alt.clauses = clauses;
    return n;
}

AstNode *ast_alt_also(ParseCtx *p, Span sp, AstNode *alt, AstNode *machine)
{
    alt->span = sp;
    astlist_push(p, &alt->as.alt.also, machine);
    return alt;
}

AstNode *ast_alt_clauses(ParseCtx *p, Span sp, AstNode *alt, AstList clauses)
{
    (void)p;
    alt->span = sp;
    alt->as.alt.clauses = clauses;
    return alt;
}

AstNode *ast_with(ParseCtx *p, Span sp, AstList needs)
{
    AstNode *n = node(p, AST_WITH, sp);
    n->as.with.needs = needs;
    return n;
}

AstNode *ast_need(ParseCtx *p, Span sp, AstList alts, bool setup_only)
{
    AstNode *n = node(p, AST_NEED, sp);
    n->as.need.alts = alts;
    n->as.need.setup_only = setup_only;
    return n;
}

AstNode *ast_pool_alt(ParseCtx *p, Span sp, AstNode *count, AstNode *pool)
{
    AstNode *n = node(p, AST_POOL_ALT, sp);
    n->as.pool_alt.count = count;
    n->as.pool_alt.pool = pool;
    return n;
}

AstNode *ast_after(ParseCtx *p, Span sp, AstList names, bool start)
{
    AstNode *n = node(p, AST_AFTER, sp);
    n->as.after.names = names;
    n->as.after.start = start;
    return n;
}

AstNode *ast_period(ParseCtx *p, Span sp, int32_t from, int32_t to, AstNode *qty)
{
    if (from == LEX_BAD_DATE || to == LEX_BAD_DATE) return ast_error(p, sp);
    AstNode *n = node(p, AST_PERIOD, sp);
    n->as.period.from = from;
    n->as.period.to = to;
    n->as.period.qty = qty;
    return n;
}

/* ---- Expressions ---------------------------------------------------------- */
AstNode *ast_num(ParseCtx *p, Span sp, double v, Sym unit, Span unit_span, bool each)
{
    if (isnan(v)) return ast_error(p, sp); /* the lexer reported it */
    AstNode *n = node(p, AST_NUM, sp);
    n->as.num.value = v;
    n->as.num.unit = unit;
    n->as.num.unit_span = unit_span;
    n->as.num.each = each;
    n->as.num.lit = sp;
    return n;
}

AstNode *ast_str(ParseCtx *p, Span sp, Sym s)
{
    AstNode *n = node(p, AST_STR, sp);
    n->as.str.value = s;
    return n;
}

AstNode *ast_bool(ParseCtx *p, Span sp, bool v)
{
    AstNode *n = node(p, AST_BOOL, sp);
    n->as.boolean.value = v;
    return n;
}

AstNode *ast_date(ParseCtx *p, Span sp, int32_t days)
{
    if (days == LEX_BAD_DATE) return ast_error(p, sp);
    AstNode *n = node(p, AST_DATE, sp);
    n->as.dt.minutes = (int64_t)days * 1440;
    return n;
}

AstNode *ast_datetime(ParseCtx *p, Span sp, int32_t days, int32_t minutes)
{
    if (days == LEX_BAD_DATE || minutes == LEX_BAD_TIME) return ast_error(p, sp);
    AstNode *n = node(p, AST_DATETIME, sp);
    n->as.dt.minutes = (int64_t)days * 1440 + minutes;
    return n;
}

AstNode *ast_name(ParseCtx *p, Span sp, Sym first)
{
    AstNode *n = node(p, AST_NAME, sp);
    n->as.name.parts = arena_alloc(p->arena, sizeof(Sym));
    n->as.name.spans = arena_alloc(p->arena, sizeof(Span));
    n->as.name.parts[0] = first;
    n->as.name.spans[0] = sp;
    n->as.name.n = 1;
    return n;
}

AstNode *ast_name_push(ParseCtx *p, AstNode *name, Sym part, Span part_span)
{
    uint32_t k = name->as.name.n;
    /* a dotted name is one name: AST_MAX_NAME bounds it whole, and so the
     * parts (each push copies them) */
    if (part_span.hi - name->span.lo > AST_MAX_NAME) {
        if (name->span.hi - name->span.lo <= AST_MAX_NAME) {
            Diag *g = diag_error(p->diags, span_join(name->span, part_span), DIAG_TOO_LONG,
                                 "dotted name longer than %d bytes", AST_MAX_NAME);
            diag_hint(g, "see docs/limits.md");
        }
        name->span = span_join(name->span, part_span);
        return name;
    }
    Sym *parts = arena_alloc(p->arena, (k + 1) * sizeof(Sym));
    Span *spans = arena_alloc(p->arena, (k + 1) * sizeof(Span));
    memcpy(parts, name->as.name.parts, k * sizeof(Sym));
    memcpy(spans, name->as.name.spans, k * sizeof(Span));
    parts[k] = part;
    spans[k] = part_span;
    name->as.name.parts = parts;
    name->as.name.spans = spans;
    name->as.name.n = k + 1;
    name->span = span_join(name->span, part_span);
    return name;
}

/* Expression depth is bounded (AST_MAX_DEPTH) so later passes may recurse. */
static AstNode *check_depth(ParseCtx *p, AstNode *n, unsigned depth)
{
    if (depth <= AST_MAX_DEPTH) {
        n->depth = (uint16_t)depth;
        return n;
    }
    if (!p->too_deep)
    {
        Diag *g = diag_error(p->diags, n->span, DIAG_TOO_DEEP,
                             "expression more than %d levels deep (nested, or a long chain of operators)",
                             AST_MAX_DEPTH);
        diag_hint(g, "split it into rules that use each other");
    }
    p->too_deep = true;
    return ast_error(p, n->span);
}

static unsigned depth_of(const AstNode *n) { return n ? n->depth : 0; }

AstNode *ast_unary(ParseCtx *p, Span sp, AstOp op, AstNode *e)
{
    AstNode *n = node(p, AST_UNARY, sp);
    n->as.unary.op = op;
    n->as.unary.operand = e;
    return check_depth(p, n, depth_of(e) + 1);
}

AstNode *ast_binary(ParseCtx *p, Span sp, AstOp op, AstNode *l, AstNode *r)
{
    AstNode *n = node(p, AST_BINARY, sp);
    n->as.binary.op = op;
    n->as.binary.lhs = l;
    n->as.binary.rhs = r;
    return check_depth(p, n, TK_MAX(depth_of(l), depth_of(r)) + 1);
}

AstNode *ast_if(ParseCtx *p, Span sp, AstNode *c, AstNode *t, AstNode *e)
{
    AstNode *n = node(p, AST_IF, sp);
    n->as.cond.cond = c;
    n->as.cond.then = t;
    n->as.cond.els = e;
    unsigned d = TK_MAX(TK_MAX(depth_of(c), depth_of(t)), depth_of(e));
    return check_depth(p, n, d + 1);
}

AstNode *ast_call(ParseCtx *p, Span sp, AstNode *callee, AstList args)
{
    AstNode *n = node(p, AST_CALL, sp);
    n->as.call.callee = callee;
    n->as.call.args = args;
    unsigned d = 0;
    for (uint32_t i = 0; i < args.len; i++) d = TK_MAX(d, depth_of(args.items[i]->as.attr.value));
    return check_depth(p, n, d + 1);
}

AstNode *ast_paren(ParseCtx *p, Span sp, AstNode *e)
{
    /* Parentheses leave no node, but the span grows to include them so that
     * messages underline what the user wrote; depth still counts them. */
    if (!e) return ast_error(p, sp);
    e->span = sp;
    return check_depth(p, e, depth_of(e) + 1);
}

/* ---- Names --------------------------------------------------------------- */
static const char *const kind_names[AST__COUNT] = {
    [AST_ERROR] = "error", [AST_FILE] = "file", [AST_IMPORT] = "import", [AST_PLANT] = "plant",
    [AST_CALENDAR] = "calendar", [AST_MACHINE] = "machine", [AST_MATERIAL] = "material",
    [AST_PRODUCT] = "product", [AST_ORDER] = "order", [AST_FORECAST] = "forecast", [AST_HISTORY] = "history", [AST_RULE] = "rule",
    [AST_SCHEDULE] = "schedule", [AST_SETTING] = "setting", [AST_ATTR] = "attr", [AST_SHIFTS] = "shifts",
    [AST_DAYS] = "days", [AST_SHIFT] = "shift", [AST_CLOSED] = "closed", [AST_OVERTIME] = "overtime",
    [AST_SETUP_BY] = "setup-by", [AST_SETUP_ENTRY] = "setup-entry", [AST_RECEIPT] = "receipt",
    [AST_BOM] = "bom", [AST_BOM_LINE] = "bom-line", [AST_ROUTING] = "routing", [AST_BUY] = "buy", [AST_STEP] = "step",
    [AST_ON] = "on", [AST_ALT] = "alt", [AST_AFTER] = "after", [AST_PERIOD] = "period",
    [AST_PARAM] = "param", [AST_ARG] = "arg", [AST_NUM] = "num", [AST_STR] = "str", [AST_BOOL] = "bool",
    [AST_DATE] = "date", [AST_DATETIME] = "datetime", [AST_NAME] = "name", [AST_UNARY] = "unary",
    [AST_BINARY] = "binary", [AST_IF] = "if", [AST_CALL] = "call", [AST_THEN] = "then", [AST_ACTUALS] = "actuals", [AST_SCENARIO] = "scenario", [AST_SC_ADD] = "add", [AST_SC_REMOVE] = "remove",
    [AST_ACT_OP] = "op", [AST_ACT_RUN] = "op-run", [AST_ACT_BATCH] = "batch", [AST_ACT_MEMBER] = "member", [AST_USED] = "used", [AST_RECEIVED] = "received", [AST_ISSUED] = "issued",
    [AST_RESOURCE] = "resource", [AST_WITH] = "with", [AST_NEED] = "need", [AST_POOL_ALT] = "pool",
    [AST_PIN] = "pin", [AST_PINS] = "pins", [AST_PINS_FILE] = "pins-file", [AST_SUBCONTRACTOR] = "subcontractor",
};

const char *ast_kind_name(AstKind k) { return k < AST__COUNT && kind_names[k] ? kind_names[k] : "?"; }

static const char *const setting_names[SET__COUNT] = {
#define SETTING(name, kw) kw,
#include "settings.def"
#undef SETTING
};

const char *ast_setting_name(SettingKey k) { return k < SET__COUNT ? setting_names[k] : "?"; }

bool ast_setting_lookup(const char *kw, SettingKey *out)
{
    for (int i = 0; i < SET__COUNT; i++)
        if (strcmp(setting_names[i], kw) == 0) {
            *out = (SettingKey)i;
            return true;
        }
    return false;
}

const char *ast_op_str(AstOp op)
{
    switch (op) {
    case OP_NEG: return "-";
    case OP_NOT: return "not";
    case OP_ADD: return "+";
    case OP_SUB: return "-";
    case OP_MUL: return "*";
    case OP_DIV: return "/";
    case OP_EQ: return "==";
    case OP_NE: return "!=";
    case OP_LT: return "<";
    case OP_LE: return "<=";
    case OP_GT: return ">";
    case OP_GE: return ">=";
    case OP_AND: return "and";
    case OP_OR: return "or";
    }
    return "?";
}

const char *ast_name_str(const AstNode *name, const Interner *strs, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    if (!name || name->kind != AST_NAME) return buf;
    /* the parts joined by dots, cut to what fits (checking a model looks up
     * names by the thousand: no printf) */
    for (uint32_t i = 0; i < name->as.name.n && used + 1 < n; i++) {
        if (i) buf[used++] = '.';
        size_t len = sym_len(strs, name->as.name.parts[i]);
        if (len > n - 1 - used) len = n - 1 - used;
        memcpy(buf + used, sym_str(strs, name->as.name.parts[i]), len);
        used += len;
        buf[used] = 0;
    }
    return buf;
}

/* ---- Dates --------------------------------------------------------------- */
static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
    int md = mdays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
    return d <= md;
}

/* Howard Hinnant's days_from_civil. */
int32_t date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yy + (*m <= 2);
}

int date_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    int w = (int)((days % 7 + 7) % 7);
    return (w + 3) % 7;
}

/* ---- Printer (--emit=ast) -------------------------------------------------
 * One node per line, children indented; stable across runs so golden tests
 * can compare it. */
static void indent(StrBuf *o, int d)
{
    for (int i = 0; i < d; i++) sb_puts(o, "  ");
}

static void put_num(StrBuf *o, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) sb_printf(o, "%.0f", v);
    else sb_printf(o, "%.17g", v);
}

static void put_date(StrBuf *o, int64_t minutes, bool with_time)
{
    int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    int64_t mins = minutes - days * 1440;
    int y, m, d;
    date_to_ymd((int32_t)days, &y, &m, &d);
    sb_printf(o, "%04d-%02d-%02d", y, m, d);
    if (with_time) sb_printf(o, " %02d:%02d", (int)(mins / 60), (int)(mins % 60));
}

void ast_print_expr(const AstNode *n, const Interner *strs, StrBuf *o)
{
    if (!n) {
        sb_puts(o, "<none>");
        return;
    }
    char buf[512];
    switch ((AstKind)n->kind) {
    case AST_NUM:
        if (isnan(n->as.num.value)) {
            sb_puts(o, sym_str(strs, n->as.num.unit));
            break;
        }
        put_num(o, n->as.num.value);
        if (n->as.num.unit) sb_printf(o, " %s", sym_str(strs, n->as.num.unit));
        if (n->as.num.each) sb_puts(o, " each");
        break;
    case AST_STR:
        json_escape(o, sym_str(strs, n->as.str.value));
        break;
    case AST_BOOL: sb_puts(o, n->as.boolean.value ? "true" : "false"); break;
    case AST_DATE: put_date(o, n->as.dt.minutes, false); break;
    case AST_DATETIME: put_date(o, n->as.dt.minutes, true); break;
    case AST_NAME: sb_puts(o, ast_name_str(n, strs, buf, sizeof buf)); break;
    case AST_UNARY:
        sb_printf(o, "(%s%s", ast_op_str(n->as.unary.op), n->as.unary.op == OP_NOT ? " " : "");
        ast_print_expr(n->as.unary.operand, strs, o);
        sb_puts(o, ")");
        break;
    case AST_BINARY:
        sb_puts(o, "(");
        ast_print_expr(n->as.binary.lhs, strs, o);
        sb_printf(o, " %s ", ast_op_str(n->as.binary.op));
        ast_print_expr(n->as.binary.rhs, strs, o);
        sb_puts(o, ")");
        break;
    case AST_IF:
        sb_puts(o, "(if ");
        ast_print_expr(n->as.cond.cond, strs, o);
        sb_puts(o, " then ");
        ast_print_expr(n->as.cond.then, strs, o);
        sb_puts(o, " else ");
        ast_print_expr(n->as.cond.els, strs, o);
        sb_puts(o, ")");
        break;
    case AST_CALL:
        sb_printf(o, "%s(", ast_name_str(n->as.call.callee, strs, buf, sizeof buf));
        for (uint32_t i = 0; i < n->as.call.args.len; i++) {
            const AstNode *a = n->as.call.args.items[i];
            if (i) sb_puts(o, ", ");
            if (a->as.attr.name) sb_printf(o, "%s: ", sym_str(strs, a->as.attr.name));
            ast_print_expr(a->as.attr.value, strs, o);
        }
        sb_puts(o, ")");
        break;
    case AST_THEN:
        for (uint32_t i = 0; i < n->as.block.items.len; i++) {
            if (i) sb_puts(o, " then ");
            ast_print_expr(n->as.block.items.items[i], strs, o);
        }
        break;
    default: sb_printf(o, "<%s>", ast_kind_name((AstKind)n->kind)); break;
    }
}

static void print_list(const AstList *l, const Interner *strs, StrBuf *o, int d);

static void print_time(StrBuf *o, int32_t m) { sb_printf(o, "%02d:%02d", m / 60, m % 60); }

/* A reported operation read whole: its values as the items would print. */
static void print_act_whole(const AstActOp *r, StrBuf *o, int d)
{
    indent(o, d);
    sb_puts(o, "start ");
    put_date(o, r->start, true);
    sb_putc(o, '\n');
    if (r->has_end) {
        indent(o, d);
        sb_puts(o, "attr end ");
        put_date(o, r->end, true);
        sb_putc(o, '\n');
    }
    if (r->has_setup) indent(o, d), sb_printf(o, "setup %g min\n", r->setup);
    if (r->has_good) indent(o, d), sb_printf(o, "attr good %g\n", r->good);
    if (r->has_scrap) indent(o, d), sb_printf(o, "attr scrap %g\n", r->scrap);
}

static void print_node(const AstNode *n, const Interner *strs, StrBuf *o, int d)
{
    char buf[512];
    if (n->kind == AST_ACT_RUN) {
        /* each record as the operation it stands for */
        for (uint32_t k = 0; k < n->as.act_run.n; k++) {
            AstNode rec;
            AstActOp op;
            ast_act_rec(n, k, &rec, &op);
            print_node(&rec, strs, o, d);
        }
        return;
    }
    indent(o, d);
    switch ((AstKind)n->kind) {
    case AST_FILE:
        sb_puts(o, "file\n");
        print_list(&n->as.file.items, strs, o, d + 1);
        return;
    case AST_IMPORT:
        sb_printf(o, "import %s", n->as.import.module ? "module " : "");
        esc_text(o, sym_str(strs, n->as.import.path));
        sb_putc(o, '\n');
        return;
    case AST_PLANT: case AST_CALENDAR: case AST_MACHINE: case AST_MATERIAL: case AST_PRODUCT:
    case AST_ORDER: case AST_SCHEDULE: case AST_ACTUALS: case AST_PINS: case AST_SUBCONTRACTOR:
    case AST_SCENARIO:
        sb_puts(o, ast_kind_name((AstKind)n->kind));
        if (n->as.decl.name) sb_putc(o, ' '), esc_text(o, sym_str(strs, n->as.decl.name));
        sb_putc(o, '\n');
        print_list(&n->as.decl.items, strs, o, d + 1);
        return;
    case AST_SC_ADD:
        sb_puts(o, "add\n");
        print_node(n->as.attr.value, strs, o, d + 1);
        return;
    case AST_SC_REMOVE:
        sb_puts(o, "remove order ");
        esc_text(o, sym_str(strs, n->as.sc_remove.name));
        sb_putc(o, '\n');
        return;
    case AST_FORECAST:
        sb_printf(o, "forecast %s\n", ast_name_str(n->as.forecast.product, strs, buf, sizeof buf));
        print_list(&n->as.forecast.items, strs, o, d + 1);
        return;
    case AST_HISTORY:
        if (n->as.history.product) {
            sb_printf(o, "history %s\n", ast_name_str(n->as.history.product, strs, buf, sizeof buf));
            print_list(&n->as.history.items, strs, o, d + 1);
        } else sb_printf(o, "history \"%s\"\n", sym_str(strs, n->as.history.path));
        return;
    case AST_RULE:
        sb_printf(o, "rule %s", sym_str(strs, n->as.rule.name));
        if (n->as.rule.params.len) {
            sb_puts(o, "(");
            for (uint32_t i = 0; i < n->as.rule.params.len; i++) {
                const AstNode *pa = n->as.rule.params.items[i];
                if (i) sb_puts(o, ", ");
                sb_puts(o, sym_str(strs, pa->as.attr.name));
                if (pa->as.attr.value) {
                    sb_puts(o, " = ");
                    ast_print_expr(pa->as.attr.value, strs, o);
                }
            }
            sb_puts(o, ")");
        }
        sb_puts(o, " = ");
        ast_print_expr(n->as.rule.body, strs, o);
        sb_putc(o, '\n');
        return;
    case AST_SETTING:
        sb_printf(o, "%s ", ast_setting_name(n->as.setting.key));
        ast_print_expr(n->as.setting.value, strs, o);
        if (n->as.setting.by) sb_printf(o, " by %s", sym_str(strs, n->as.setting.by));
        sb_putc(o, '\n');
        return;
    case AST_ATTR:
        sb_printf(o, "attr %s ", sym_str(strs, n->as.attr.name));
        ast_print_expr(n->as.attr.value, strs, o);
        sb_putc(o, '\n');
        return;
    case AST_SHIFTS:
        sb_puts(o, "shifts ");
        for (uint32_t i = 0; i < n->as.shifts.days.len; i++) {
            const AstNode *dn = n->as.shifts.days.items[i];
            if (i) sb_puts(o, ",");
            sb_puts(o, sym_str(strs, dn->as.days.from));
            if (dn->as.days.to) sb_printf(o, "-%s", sym_str(strs, dn->as.days.to));
        }
        for (uint32_t i = 0; i < n->as.shifts.shifts.len; i++) {
            const AstNode *s = n->as.shifts.shifts.items[i];
            sb_puts(o, i ? ", " : " ");
            print_time(o, s->as.shift.start);
            sb_puts(o, "-");
            print_time(o, s->as.shift.end);
            if (s->as.shift.plus_days) sb_puts(o, "+1");
        }
        sb_putc(o, '\n');
        return;
    case AST_CLOSED: case AST_OVERTIME:
        sb_printf(o, "%s ", n->kind == AST_CLOSED ? "closed" : "overtime");
        put_date(o, (int64_t)n->as.closed.from * 1440, false);
        if (n->as.closed.to != n->as.closed.from) {
            sb_puts(o, " .. ");
            put_date(o, (int64_t)n->as.closed.to * 1440, false);
        }
        for (uint32_t i = 0; i < n->as.closed.shifts.len; i++) {
            const AstNode *s = n->as.closed.shifts.items[i];
            sb_puts(o, i ? ", " : " ");
            print_time(o, s->as.shift.start);
            sb_puts(o, "-");
            print_time(o, s->as.shift.end);
            if (s->as.shift.plus_days) sb_puts(o, "+1");
        }
        sb_putc(o, '\n');
        return;
    case AST_SETUP_BY:
        sb_printf(o, "setup by %s\n", sym_str(strs, n->as.setup_by.attr));
        print_list(&n->as.setup_by.entries, strs, o, d + 1);
        return;
    case AST_SETUP_ENTRY: {
        static const char *const kn[] = {"same", "change", "first", "pair"};
        sb_puts(o, kn[n->as.setup_entry.kind]);
        if (n->as.setup_entry.kind == SETUP_PAIR) {
            sb_putc(o, ' ');
            json_escape(o, sym_str(strs, n->as.setup_entry.from));
            sb_puts(o, " -> ");
            json_escape(o, sym_str(strs, n->as.setup_entry.to));
        }
        sb_putc(o, ' ');
        ast_print_expr(n->as.setup_entry.value, strs, o);
        sb_putc(o, '\n');
        return;
    }
    case AST_PINS_FILE:
        sb_puts(o, "pins ");
        esc_text(o, sym_str(strs, n->as.pins_file.path));
        sb_putc(o, '\n');
        return;
    case AST_ACT_OP: case AST_PIN:
        sb_puts(o, n->kind == AST_PIN ? "pin op " : "op ");
        esc_text(o, sym_str(strs, n->as.act_op->wo)); /* a string: anything */
        sb_printf(o, " %s", sym_str(strs, n->as.act_op->step));
        if (n->as.act_op->sub) sb_printf(o, "#%d", n->as.act_op->sub);
        sb_printf(o, " on %s", sym_str(strs, n->as.act_op->machine));
        if (n->as.act_op->unit >= 0 || n->kind == AST_ACT_OP) sb_printf(o, " %g", n->as.act_op->unit < 0 ? 1 : n->as.act_op->unit);
        sb_putc(o, '\n');
        print_list(&n->as.act_op->items, strs, o, d + 1);
        if (n->as.act_op->whole) print_act_whole(n->as.act_op, o, d + 1);
        return;
    case AST_ACT_BATCH:
        sb_printf(o, "batch %s", sym_str(strs, n->as.act_op->machine));
        if (n->as.act_op->unit >= 0) sb_printf(o, " %g", n->as.act_op->unit);
        if (n->as.act_op->wo != SYM_NONE) {
            sb_putc(o, ' ');
            esc_text(o, sym_str(strs, n->as.act_op->wo));
        }
        sb_putc(o, '\n');
        print_list(&n->as.act_op->items, strs, o, d + 1);
        return;
    case AST_ACT_MEMBER:
        sb_puts(o, "op ");
        esc_text(o, sym_str(strs, n->as.act_op->wo));
        sb_printf(o, " %s", sym_str(strs, n->as.act_op->step));
        if (n->as.act_op->sub) sb_printf(o, "#%d", n->as.act_op->sub);
        if (n->as.act_op->unit >= 0) sb_printf(o, " %g", n->as.act_op->unit);
        sb_putc(o, '\n');
        return;
    case AST_ACT_RUN: return; /* above */
    case AST_USED:
        sb_printf(o, "used %s ", sym_str(strs, n->as.attr.name));
        ast_print_expr(n->as.attr.value, strs, o);
        sb_putc(o, '\n');
        return;
    case AST_RECEIPT: case AST_RECEIVED: case AST_ISSUED:
        if (n->kind != AST_RECEIPT)
            sb_printf(o, "%s %s ", n->kind == AST_ISSUED ? "issued" : "received", sym_str(strs, n->as.receipt.item));
        else sb_puts(o, "receipt ");
        ast_print_expr(n->as.receipt.qty, strs, o);
        sb_puts(o, " on ");
        ast_print_expr(n->as.receipt.date, strs, o);
        if (n->as.receipt.id) {
            sb_putc(o, ' ');
            json_escape(o, sym_str(strs, n->as.receipt.id));
        }
        sb_putc(o, '\n');
        return;
    case AST_BOM: case AST_ROUTING: case AST_BUY:
        sb_printf(o, "%s\n", ast_kind_name((AstKind)n->kind));
        print_list(&n->as.block.items, strs, o, d + 1);
        return;
    case AST_BOM_LINE:
        sb_printf(o, "%s ", ast_name_str(n->as.line.item, strs, buf, sizeof buf));
        ast_print_expr(n->as.line.qty, strs, o);
        if (n->as.line.loss) {
            sb_printf(o, " %s ", ast_setting_name(n->as.line.loss->as.setting.key));
            ast_print_expr(n->as.line.loss->as.setting.value, strs, o);
        }
        sb_putc(o, '\n');
        return;
    case AST_STEP:
        sb_printf(o, "step %s\n", sym_str(strs, n->as.step.name));
        print_list(&n->as.step.clauses, strs, o, d + 1);
        return;
    case AST_ON:
        sb_puts(o, "on\n");
        print_list(&n->as.on.alts, strs, o, d + 1);
        return;
    case AST_ALT:
        sb_puts(o, ast_name_str(n->as.alt.machine, strs, buf, sizeof buf));
        for (uint32_t i = 0; i < n->as.alt.also.len; i++)
            sb_printf(o, " + %s", ast_name_str(n->as.alt.also.items[i], strs, buf, sizeof buf));
        sb_putc(o, '\n');
        print_list(&n->as.alt.clauses, strs, o, d + 1);
        return;
    case AST_WITH:
        sb_puts(o, "with\n");
        print_list(&n->as.with.needs, strs, o, d + 1);
        return;
    case AST_NEED:
        sb_printf(o, "need%s\n", n->as.need.setup_only ? " for setup" : "");
        print_list(&n->as.need.alts, strs, o, d + 1);
        return;
    case AST_POOL_ALT:
        if (n->as.pool_alt.count) {
            ast_print_expr(n->as.pool_alt.count, strs, o);
            sb_putc(o, ' ');
        }
        sb_printf(o, "%s\n", ast_name_str(n->as.pool_alt.pool, strs, buf, sizeof buf));
        return;
    case AST_AFTER:
        sb_puts(o, "after");
        if (n->as.after.start) sb_puts(o, " start");
        for (uint32_t i = 0; i < n->as.after.names.len; i++)
            sb_printf(o, "%s%s", i ? ", " : " ", ast_name_str(n->as.after.names.items[i], strs, buf, sizeof buf));
        sb_putc(o, '\n');
        return;
    case AST_PERIOD:
        put_date(o, (int64_t)n->as.period.from * 1440, false);
        sb_puts(o, " .. ");
        put_date(o, (int64_t)n->as.period.to * 1440, false);
        sb_putc(o, ' ');
        ast_print_expr(n->as.period.qty, strs, o);
        sb_putc(o, '\n');
        return;
    case AST_ERROR:
        sb_puts(o, "<error>\n");
        return;
    default:
        ast_print_expr(n, strs, o);
        sb_putc(o, '\n');
        return;
    }
}

static void print_list(const AstList *l, const Interner *strs, StrBuf *o, int d)
{
    for (uint32_t i = 0; i < l->len; i++) print_node(l->items[i], strs, o, d);
}

static bool visit_list(const AstList *l, bool (*fn)(AstNode *, void *), void *ctx)
{
    for (uint32_t i = 0; i < l->len; i++)
        if (!ast_visit(l->items[i], fn, ctx)) return false;
    return true;
}

bool ast_visit(AstNode *n, bool (*fn)(AstNode *, void *), void *ctx)
{
    if (!n) return true;
    if (!fn(n, ctx)) return false;
    switch ((AstKind)n->kind) {
    case AST_FILE: return visit_list(&n->as.file.items, fn, ctx);
    case AST_PLANT: case AST_CALENDAR: case AST_MACHINE: case AST_MATERIAL: case AST_PRODUCT: case AST_ORDER:
    case AST_SCHEDULE: case AST_ACTUALS: case AST_PINS: case AST_SUBCONTRACTOR: case AST_SCENARIO: case AST_RESOURCE:
        return visit_list(&n->as.decl.items, fn, ctx);
    case AST_SC_ADD: return ast_visit(n->as.attr.value, fn, ctx);
    case AST_SC_REMOVE: return true;
    case AST_WITH: return visit_list(&n->as.with.needs, fn, ctx);
    case AST_NEED: return visit_list(&n->as.need.alts, fn, ctx);
    case AST_POOL_ALT: return ast_visit(n->as.pool_alt.count, fn, ctx) && ast_visit(n->as.pool_alt.pool, fn, ctx);
    case AST_ACT_OP: case AST_PIN: case AST_ACT_BATCH: case AST_ACT_MEMBER: return visit_list(&n->as.act_op->items, fn, ctx);
    case AST_ACT_RUN: return true; /* records hold no nodes */
    case AST_USED: return ast_visit(n->as.attr.value, fn, ctx);
    case AST_FORECAST: return ast_visit(n->as.forecast.product, fn, ctx) && visit_list(&n->as.forecast.items, fn, ctx);
    case AST_HISTORY:
        return (!n->as.history.product || ast_visit(n->as.history.product, fn, ctx)) &&
               visit_list(&n->as.history.items, fn, ctx);
    case AST_RULE: return visit_list(&n->as.rule.params, fn, ctx) && ast_visit(n->as.rule.body, fn, ctx);
    case AST_SETTING: return ast_visit(n->as.setting.value, fn, ctx);
    case AST_ATTR: case AST_PARAM: case AST_ARG: return ast_visit(n->as.attr.value, fn, ctx);
    case AST_SHIFTS: return visit_list(&n->as.shifts.days, fn, ctx) && visit_list(&n->as.shifts.shifts, fn, ctx);
    case AST_CLOSED: case AST_OVERTIME: return visit_list(&n->as.closed.shifts, fn, ctx);
    case AST_SETUP_BY: return visit_list(&n->as.setup_by.entries, fn, ctx);
    case AST_SETUP_ENTRY: return ast_visit(n->as.setup_entry.value, fn, ctx);
    case AST_RECEIPT: case AST_RECEIVED: case AST_ISSUED:
        return ast_visit(n->as.receipt.qty, fn, ctx) && ast_visit(n->as.receipt.date, fn, ctx);
    case AST_BOM: case AST_ROUTING: case AST_BUY: case AST_THEN: return visit_list(&n->as.block.items, fn, ctx);
    case AST_BOM_LINE:
        return ast_visit(n->as.line.item, fn, ctx) && ast_visit(n->as.line.qty, fn, ctx) &&
               (!n->as.line.loss || ast_visit(n->as.line.loss, fn, ctx));
    case AST_STEP: return visit_list(&n->as.step.clauses, fn, ctx);
    case AST_ON: return visit_list(&n->as.on.alts, fn, ctx);
    case AST_ALT:
        return ast_visit(n->as.alt.machine, fn, ctx) && visit_list(&n->as.alt.also, fn, ctx) &&
               visit_list(&n->as.alt.clauses, fn, ctx);
    case AST_AFTER: return visit_list(&n->as.after.names, fn, ctx);
    case AST_PERIOD: return ast_visit(n->as.period.qty, fn, ctx);
    case AST_UNARY: return ast_visit(n->as.unary.operand, fn, ctx);
    case AST_BINARY: return ast_visit(n->as.binary.lhs, fn, ctx) && ast_visit(n->as.binary.rhs, fn, ctx);
    case AST_IF:
        return ast_visit(n->as.cond.cond, fn, ctx) && ast_visit(n->as.cond.then, fn, ctx) &&
               ast_visit(n->as.cond.els, fn, ctx);
    case AST_CALL: return ast_visit(n->as.call.callee, fn, ctx) && visit_list(&n->as.call.args, fn, ctx);
    default: return true;
    }
}

void ast_print(const AstNode *n, const Interner *strs, StrBuf *out)
{
    if (n) print_node(n, strs, out, 0);
}
