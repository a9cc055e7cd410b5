/* sema_decls.c: checks every block — which settings it may have, the type
 * and unit of each value, and the names it refers to — and fills the
 * semantic tables of sema.h (docs/language.md, one section per block).
 *
 * Order of work: the plant (its currency and start are needed by the rest),
 * attributes (rules and setups read them), calendars, materials, machines,
 * products, orders, forecasts, rules, the schedule. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "ir.h"
#include "sema.h"

static Diags *D(Sema *s) { return &s->m->diags; }
static const char *S(Sema *s, Sym y) { return sym_str(&s->m->strs, y); }

/* ---- which settings each block accepts ----------------------------------- */
typedef enum ValueKind {
    VK_DATETIME, VK_DUE, VK_DURATION, VK_POS_INT, VK_NONNEG_INT, VK_NUMBER, VK_BOOL, VK_CURRENCY, VK_UOM,
    VK_TIME_UNIT, VK_CALENDAR, VK_RATE_EXPR, VK_DURATION_EXPR, VK_MONEY_PER_UOM, VK_QTY, VK_COUNT,
    VK_MONEY_RATE, VK_DISPATCH, VK_OBJECTIVE, VK_RUN, VK_MONEY
} ValueKind;

typedef struct SettingSpec {
    AstKind block;
    SettingKey key;
    ValueKind vk;
} SettingSpec;

static const SettingSpec specs[] = {
    {AST_PLANT, SET_START, VK_DATETIME},        {AST_PLANT, SET_HORIZON, VK_DURATION},
    {AST_PLANT, SET_CURRENCY, VK_CURRENCY},     {AST_PLANT, SET_TIME_UNIT, VK_TIME_UNIT},
    {AST_PLANT, SET_SPLIT, VK_BOOL},            {AST_PLANT, SET_RECEIVING, VK_CALENDAR},
    {AST_MACHINE, SET_UNITS, VK_POS_INT},       {AST_MACHINE, SET_CALENDAR, VK_CALENDAR},
    {AST_MACHINE, SET_COST, VK_RATE_EXPR},      {AST_MACHINE, SET_SETUP, VK_DURATION_EXPR},
    {AST_MACHINE, SET_SPLIT, VK_BOOL},          {AST_MACHINE, SET_EFFICIENCY, VK_NUMBER},
    {AST_MACHINE, SET_CAPACITY, VK_NUMBER},     {AST_MACHINE, SET_CYCLE, VK_DURATION},
    {AST_MACHINE, SET_FILL, VK_DURATION},       {AST_MACHINE, SET_BATCH, VK_NUMBER},
    {AST_RESOURCE, SET_UNITS, VK_POS_INT},      {AST_RESOURCE, SET_CALENDAR, VK_CALENDAR},
    {AST_RESOURCE, SET_COST, VK_MONEY_RATE},
    {AST_MATERIAL, SET_UNIT, VK_UOM},           {AST_MATERIAL, SET_COST, VK_MONEY_PER_UOM},
    {AST_MATERIAL, SET_STOCK, VK_QTY},          {AST_MATERIAL, SET_SAFETY_STOCK, VK_QTY},
    {AST_MATERIAL, SET_LEAD, VK_DURATION},      {AST_MATERIAL, SET_LOT, VK_QTY},
    {AST_MATERIAL, SET_MIN_ORDER, VK_QTY},      {AST_MATERIAL, SET_MULTIPLE, VK_QTY},
    {AST_MATERIAL, SET_CONSOLIDATE, VK_DURATION},
    {AST_MATERIAL, SET_RECEIVING, VK_CALENDAR},
    {AST_PRODUCT, SET_LOT, VK_COUNT},           {AST_PRODUCT, SET_MIN_ORDER, VK_COUNT},
    {AST_PRODUCT, SET_MULTIPLE, VK_COUNT},      {AST_PRODUCT, SET_STOCK, VK_COUNT},
    {AST_ORDER, SET_DUE, VK_DUE},               {AST_ORDER, SET_RELEASE, VK_DATETIME},
    {AST_ORDER, SET_PRIORITY, VK_NUMBER},       {AST_ORDER, SET_PENALTY, VK_MONEY_RATE},
    {AST_SCHEDULE, SET_DISPATCH, VK_DISPATCH},  {AST_SCHEDULE, SET_MINIMIZE, VK_OBJECTIVE},
    {AST_SCHEDULE, SET_SEARCH, VK_DURATION},    {AST_SCHEDULE, SET_ITERATIONS, VK_NONNEG_INT},
    {AST_SCHEDULE, SET_SEED, VK_NONNEG_INT},    {AST_SCHEDULE, SET_THREADS, VK_POS_INT},
    {AST_SCHEDULE, SET_RELEASE, VK_DISPATCH},
    {AST_STEP, SET_SETUP, VK_DURATION},         {AST_STEP, SET_RUN, VK_RUN},
    {AST_STEP, SET_WAIT, VK_DURATION},          {AST_STEP, SET_SCRAP, VK_NUMBER},
    {AST_STEP, SET_YIELD, VK_NUMBER},           {AST_ACT_OP, SET_SCRAP, VK_NUMBER},
    {AST_STEP, SET_WAIT, VK_DURATION},         {AST_STEP, SET_WITHIN, VK_DURATION},
    {AST_STEP, SET_TRANSFER, VK_NUMBER},
    {AST_ALT, SET_SETUP, VK_DURATION},          {AST_ALT, SET_RUN, VK_RUN},
    {AST_ALT, SET_EFFICIENCY, VK_NUMBER},
    {AST_ACT_OP, SET_START, VK_DATETIME},       {AST_ACT_OP, SET_SETUP, VK_DURATION},
    {AST_ACT_BATCH, SET_START, VK_DATETIME},
    {AST_MATERIAL, SET_MAX_LOT, VK_QTY},        {AST_PRODUCT, SET_MAX_LOT, VK_COUNT},
    {AST_STEP, SET_SUBLOT, VK_POS_INT},         {AST_STEP, SET_SUBLOTS, VK_POS_INT},
    {AST_SCHEDULE, SET_FROZEN, VK_DURATION},
    {AST_SUBCONTRACTOR, SET_LEAD, VK_DURATION}, {AST_SUBCONTRACTOR, SET_COST, VK_MONEY},
    {AST_SUBCONTRACTOR, SET_CALENDAR, VK_CALENDAR},
    {AST_PIN, SET_START, VK_DATETIME},
    {AST_PRODUCT, SET_SOURCE, VK_DISPATCH},
    {AST_BUY, SET_COST, VK_MONEY},              {AST_BUY, SET_LEAD, VK_DURATION},
    {AST_BUY, SET_LOT, VK_COUNT},               {AST_BUY, SET_MIN_ORDER, VK_COUNT},
    {AST_BUY, SET_MULTIPLE, VK_COUNT},          {AST_BUY, SET_MAX_LOT, VK_COUNT},
    {AST_BUY, SET_SUPPLIER, VK_NUMBER},         {AST_BUY, SET_RECEIVING, VK_CALENDAR},
};

static const SettingSpec *find_spec(AstKind block, SettingKey key)
{
    for (size_t i = 0; i < TK_COUNTOF(specs); i++)
        if (specs[i].block == block && specs[i].key == key) return &specs[i];
    return NULL;
}

static const char *block_word(AstKind k)
{
    switch (k) {
    case AST_STEP: return "a routing step";
    case AST_ALT: return "a machine alternative";
    case AST_ORDER: return "an order";
    case AST_PLANT: return "the plant";
    case AST_SCHEDULE: return "the schedule";
    case AST_ACT_OP: return "a reported operation";
    case AST_ACT_BATCH: return "a reported cycle";
    case AST_ACTUALS: return "the actuals";
    case AST_SUBCONTRACTOR: return "a subcontractor";
    case AST_PIN: return "a pin";
    case AST_PINS: return "the pins";
    case AST_RESOURCE: return "a resource";
    case AST_BUY: return "a purchase alternative (buy)";
    default: return k == AST_MACHINE ? "a machine" : k == AST_MATERIAL ? "a material" : "a product";
    }
}

/* "units, calendar, cost, setup or split" */
static void list_settings(AstKind block, StrBuf *b)
{
    int n = 0, total = 0;
    for (size_t i = 0; i < TK_COUNTOF(specs); i++)
        if (specs[i].block == block) total++;
    for (size_t i = 0; i < TK_COUNTOF(specs); i++) {
        if (specs[i].block != block) continue;
        if (n) sb_puts(b, n == total - 1 ? " or " : ", ");
        sb_puts(b, ast_setting_name(specs[i].key));
        n++;
    }
}

uint32_t sema_block_settings(AstKind block, SettingKey *out, uint32_t max)
{
    uint32_t n = 0;
    for (size_t i = 0; i < TK_COUNTOF(specs); i++)
        if (specs[i].block == block) {
            if (n < max) out[n] = specs[i].key;
            n++;
        }
    return n;
}

/* Records each setting of a block in seen[], reporting settings the block does
 * not take (E0413) and settings given twice (E0410). */

void sema_gather_settings(Sema *s, AstKind block, const AstList *items, AstNode *seen[SET__COUNT])
{
    memset(seen, 0, SET__COUNT * sizeof(AstNode *));
    for (uint32_t i = 0; i < items->len; i++) {
        AstNode *it = items->items[i];
        if (it->kind != AST_SETTING) continue;
        SettingKey k = it->as.setting.key;
        if (!find_spec(block, k)) {
            Diag *g = diag_error(D(s), it->as.setting.key_span, DIAG_SETTING_NOT_ALLOWED,
                                 "'%s' is not a setting of %s", ast_setting_name(k), block_word(block));
            if ((k == SET_SCRAP || k == SET_YIELD) && block == AST_ALT)
                diag_hint(g, "a scrap rate belongs to the step, not to one of its machines: the quantities are "
                             "planned before the machine is chosen");
            else if (k == SET_SCRAP || k == SET_YIELD)
                diag_hint(g, "a scrap rate belongs to a routing step (paint on booth run 6 min each scrap 5%%) or a "
                             "BOM line (tube 2.4 m scrap 3%%)");
            else {
                StrBuf b = {0};
                list_settings(block, &b);
                if (b.len) diag_hint(g, "%s takes %s", block_word(block), sb_cstr(&b));
                sb_free(&b);
            }
            continue;
        }
        if (seen[k]) {
            Diag *g = diag_error(D(s), it->as.setting.key_span, DIAG_DUPLICATE_SETTING, "'%s' is given twice",
                                 ast_setting_name(k));
            diag_note(g, seen[k]->as.setting.key_span, "first given here");
            continue;
        }
        seen[k] = it;
    }
}

void sema_not_allowed(Sema *s, AstNode *it, AstKind block)
{
    if (it->kind == AST_ERROR) return; /* reported by the parser */
    const char *what = "this";
    Span sp = it->span;
    switch ((AstKind)it->kind) {
    case AST_BOM: what = "a bill of materials"; break;
    case AST_ROUTING: what = "a routing"; break;
    case AST_BUY: what = "a purchase alternative (buy)"; break;
    case AST_RECEIPT: what = "a receipt"; break;
    case AST_SETUP_BY: what = "a sequence-dependent setup"; break;
    case AST_ATTR: {
        /* an unknown word followed by a value: most likely a misspelt setting */
        const char *name = S(s, it->as.attr.name);
        Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_SETTING_NOT_ALLOWED,
                             "'%s' is not a setting of %s", name, block_word(block));
        const char *best = NULL;
        int bestd = 3;
        for (size_t i = 0; i < TK_COUNTOF(specs); i++) {
            if (specs[i].block != block) continue;
            int d = tk_edit_distance(name, ast_setting_name(specs[i].key), 2);
            if (d < bestd) {
                bestd = d;
                best = ast_setting_name(specs[i].key);
            }
        }
        const char *missing = block == AST_MATERIAL ? lookalike_hint(name, LOOK_MATERIAL) : NULL;
        if (best) diag_hint(g, "did you mean '%s'?", best);
        else if (missing) diag_hint(g, "%s", missing);
        else {
            StrBuf b = {0};
            list_settings(block, &b);
            if (block == AST_MATERIAL) sb_puts(&b, ", and receipts");
            diag_hint(g, "%s takes %s%s", block_word(block), sb_cstr(&b),
                      block == AST_PLANT || block == AST_MATERIAL || block == AST_SCHEDULE
                          ? "; it has no attributes" : "");
            sb_free(&b);
        }
        return;
    }
    default: break;
    }
    diag_error(D(s), sp, DIAG_SETTING_NOT_ALLOWED, "%s cannot have %s", block_word(block), what);
}

/* ---- values ------------------------------------------------------------------ */
static const char *tn(Type t, char *buf) { return type_phrase(t, buf, 64); }

/* The word right after a span on the same line ("mns" in "4 mns each"), for
 * hints about misspelt units; empty if there is none. */
static const char *word_after(Sema *s, Span sp, char *buf, size_t n)
{
    buf[0] = 0;
    const SourceFile *f = sources_get(&s->m->sources, sp.file);
    if (!f) return buf;
    uint32_t i = sp.hi;
    while (i < f->len && (f->text[i] == ' ' || f->text[i] == '\t')) i++;
    uint32_t j = i;
    while (j < f->len && (f->text[j] == '_' || (f->text[j] >= 'a' && f->text[j] <= 'z') ||
                          (f->text[j] >= 'A' && f->text[j] <= 'Z') || (j > i && f->text[j] >= '0' && f->text[j] <= '9')))
        j++;
    if (j > i && j - i < n) {
        memcpy(buf, f->text + i, j - i);
        buf[j - i] = 0;
    }
    return buf;
}

/* What stands before a span on its line: 1 if a number ("4 mns": the number
 * 4, then a new name), 2 if a number and a unit ("2 min ech"), else 0. */
static int follows_quantity(Sema *s, Span sp)
{
    const SourceFile *f = sources_get(&s->m->sources, sp.file);
    if (!f || sp.lo == 0) return 0;
    uint32_t i = sp.lo;
    while (i > 0 && (f->text[i - 1] == ' ' || f->text[i - 1] == '\t')) i--;
    if (i > 0 && f->text[i - 1] >= '0' && f->text[i - 1] <= '9') return 1;
    uint32_t we = i;
    while (i > 0 && (f->text[i - 1] == '_' || f->text[i - 1] == '/' || (f->text[i - 1] >= 'a' && f->text[i - 1] <= 'z') ||
                     (f->text[i - 1] >= 'A' && f->text[i - 1] <= 'Z') || (f->text[i - 1] >= '0' && f->text[i - 1] <= '9')))
        i--;
    if (i == we || !unit_is_unit_text(f->text + i, we - i)) return 0;
    while (i > 0 && (f->text[i - 1] == ' ' || f->text[i - 1] == '\t')) i--;
    return i > 0 && f->text[i - 1] >= '0' && f->text[i - 1] <= '9' ? 2 : 0;
}

static Type const_type(Sema *s, AstNode *e)
{
    ExprCtx cx = {SCOPE_CONST, SYM_NONE, NULL};
    return sema_expr(s, &cx, e);
}

static void wrong_type(Sema *s, AstNode *setting, const char *want, Type got, const char *hint)
{
    char b[64];
    AstNode *v = setting->as.setting.value;
    Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "'%s' must be %s, not %s",
                         ast_setting_name(setting->as.setting.key), want, tn(got, b));
    if (hint) diag_hint(g, "%s", hint);
}

static bool value_datetime(Sema *s, AstNode *st, bool due, int64_t *out)
{
    AstNode *v = st->as.setting.value;
    Type t = const_type(s, v);
    if (t.kind == TY_ERROR) return false;
    if (t.kind != TY_DATE && t.kind != TY_DATETIME) {
        wrong_type(s, st, "a date", t, "write a date, e.g. 2026-12-10, or a date and time, e.g. 2026-12-10 14:00");
        return false;
    }
    double x;
    Sym str;
    if (!sema_const_value(s, v, &x, &str)) return false;
    /* a due date without a time means the end of that day */
    if (due && v->kind == AST_DATE) x += 1440;
    *out = (int64_t)llround(x);
    return true;
}

bool sema_value_num(Sema *s, AstNode *st, Type want, const char *want_word, const char *hint, double *out)
{
    AstNode *v = st->as.setting.value;
    Type t = const_type(s, v);
    if (t.kind == TY_ERROR) return false;
    if (!type_eq(t, want)) {
        wrong_type(s, st, want_word, t, hint);
        return false;
    }
    Sym str;
    return sema_const_value(s, v, out, &str);
}

static bool value_duration(Sema *s, AstNode *st, double *out);
bool sema_value_duration(Sema *s, AstNode *st, double *out) { return value_duration(s, st, out); }

static bool value_duration(Sema *s, AstNode *st, double *out)
{
    AstNode *v = st->as.setting.value;
    Type t = const_type(s, v);
    if (t.kind == TY_ERROR) return false;
    if (v->kind == AST_NUM && v->as.num.each && st->as.setting.key != SET_RUN) {
        Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "'each' applies to run times only");
        diag_hint(g, "a %s is per operation: remove 'each'", ast_setting_name(st->as.setting.key));
        return false;
    }
    if (!type_is_duration(t)) {
        char w[64];
        const char *u = type_is_dimensionless(t) ? unit_suggest(word_after(s, v->span, w, sizeof w)) : NULL;
        char h[160];
        if (u) snprintf(h, sizeof h, "'%s' is not a unit; did you mean '%s'?", w, u);
        wrong_type(s, st, "a duration", t, u ? h : type_is_dimensionless(t) ? "give it a unit, e.g. 15 min, 2 h or 3 d" : NULL);
        return false;
    }
    Sym str;
    if (!sema_const_value(s, v, out, &str)) return false;
    if (*out < 0) {
        diag_error(D(s), v->span, DIAG_NEGATIVE, "'%s' must not be negative", ast_setting_name(st->as.setting.key));
        return false;
    }
    return true;
}

bool sema_value_int(Sema *s, AstNode *st, int64_t min, int64_t *out)
{
    double x;
    if (!sema_value_num(s, st, TYPE_NUMBER, "a whole number", NULL, &x)) return false;
    AstNode *v = st->as.setting.value;
    if (x != floor(x) || fabs(x) > 9e15) {
        diag_error(D(s), v->span, DIAG_BAD_VALUE, "'%s' must be a whole number", ast_setting_name(st->as.setting.key));
        return false;
    }
    if (x < (double)min) {
        diag_error(D(s), v->span, min > 0 ? DIAG_NOT_POSITIVE : DIAG_NEGATIVE, "'%s' must be at least %lld",
                   ast_setting_name(st->as.setting.key), (long long)min);
        return false;
    }
    *out = (int64_t)x;
    return true;
}

static bool value_bool(Sema *s, AstNode *st, bool *out)
{
    double x;
    if (!sema_value_num(s, st, type_of(TY_BOOL), "true or false", NULL, &x)) return false;
    *out = x != 0;
    return true;
}

/* A quantity of an item counted in uom: a plain number means "in the item's
 * own unit"; a quantity with a unit must be of the same kind (E0303). */
static bool value_qty(Sema *s, AstNode *v, const char *what, const char *item, const int8_t dim[DIM__COUNT],
                      double uom_scale, Sym uom, double *out)
{
    Type t = const_type(s, v);
    if (t.kind == TY_ERROR) return false;
    Type item_ty = type_num(dim[0], dim[1], dim[2], dim[3]);
    double x;
    Sym str;
    if (type_is_dimensionless(t)) {
        if (!sema_const_value(s, v, &x, &str)) return false;
        *out = x;
        return true;
    }
    if (t.kind != TY_NUM || !type_eq(t, item_ty)) {
        char b1[64], b2[64];
        Diag *g = diag_error(D(s), v->span, DIAG_UOM_MISMATCH, "%s of '%s' is given as %s, but '%s' is counted in %s",
                             what, item, tn(t, b1), item, S(s, uom));
        (void)b2;
        diag_hint(g, "write the quantity in %s, or as a plain number", S(s, uom));
        return false;
    }
    if (!sema_const_value(s, v, &x, &str)) return false;
    *out = x / uom_scale;
    return true;
}

int32_t sema_resolve_entity(Sema *s, Sym ns, AstNode *name, EntityKind want, DiagCode unknown, const char *word)
{
    char buf[1024];
    if (!name || name->kind != AST_NAME) {
        if (name && name->kind != AST_ERROR)
            diag_error(D(s), name->span, DIAG_WRONG_TYPE, "expected the name of a %s here", word);
        return -1;
    }
    const char *full = ast_name_str(name, &s->m->strs, buf, sizeof buf);
    int32_t e = sema_lookup(s, ns, name);
    if (e < 0) {
        Diag *g = diag_error(D(s), name->span, unknown, "unknown %s '%s'", word, full);
        sema_unknown_use(s, g, full, 1u << want, name->span);
        const char *best = sema_suggest(s, full, want, false);
        if (best) diag_suggest(g, name->span, best);
        else if (strncmp(full, "std.", 4) == 0 && want == ENT_CALENDAR)
            diag_hint(g, "the standard calendars need: import std.calendars");
        return -1;
    }
    const Entity *en = &s->entities.data[e];
    if (en->kind != want) {
        Diag *g = diag_error(D(s), name->span, DIAG_WRONG_KIND, "'%s' is a %s, not a %s", full,
                             entity_kind_name(en->kind), word);
        diag_note(g, en->span, "'%s' is defined here", S(s, en->name));
        return -1;
    }
    return en->index;
}

/* ---- iteration over declarations --------------------------------------------- */
typedef void (*DeclFn)(Sema *s, AstNode *d, Sym ns);

static void each_decl(Sema *s, AstKind kind, DeclFn fn)
{
    const Loader *l = &s->m->loader;
    for (uint32_t f = 0; f < l->files.len; f++) {
        AstNode *root = l->files.data[f].root;
        if (!root) continue;
        for (uint32_t i = 0; i < root->as.file.items.len; i++) {
            AstNode *d = root->as.file.items.items[i];
            if (d->kind == kind) fn(s, d, l->files.data[f].ns);
        }
    }
}

/* The entity a declaration made, or NULL for a duplicate (already reported). */
static Entity *entity_of(Sema *s, AstNode *d, Sym ns, Sym name)
{
    Sym q = sema_qualify(s, ns, name);
    int32_t e = q < s->nby_sym ? s->by_sym[q] : -1;
    if (e < 0) return NULL;
    Entity *en = &s->entities.data[e];
    return en->decl == d ? en : NULL;
}

static bool is_const_expr(Sema *s, const AstNode *e)
{
    switch ((AstKind)e->kind) {
    case AST_NUM: case AST_STR: case AST_BOOL: case AST_DATE: case AST_DATETIME: return true;
    case AST_UNARY: return is_const_expr(s, e->as.unary.operand);
    case AST_BINARY: return is_const_expr(s, e->as.binary.lhs) && is_const_expr(s, e->as.binary.rhs);
    case AST_IF:
        return is_const_expr(s, e->as.cond.cond) && is_const_expr(s, e->as.cond.then) && is_const_expr(s, e->as.cond.els);
    case AST_CALL: {
        char buf[256];
        if (e->as.call.callee->as.name.n != 1 ||
            sema_find_fn(ast_name_str(e->as.call.callee, &s->m->strs, buf, sizeof buf)) < 0)
            return false;
        for (uint32_t i = 0; i < e->as.call.args.len; i++)
            if (!is_const_expr(s, e->as.call.args.items[i]->as.attr.value)) return false;
        return true;
    }
    default: return false;
    }
}

/* ---- names written as strings ---------------------------------------------------
 * The plant's and the orders' names are strings: they reach the report, the
 * plan file, the schedule CSV and CI logs, so they are text on one line,
 * without control characters or bidi controls (docs/language.md, "Names"). */
static const char *char_kind(uint32_t cp, EscClass cls)
{
    if (cls == ESC_INVALID) return "a byte that is not UTF-8";
    switch (cp) {
    case '\n': return "a line break";
    case '\r': return "a carriage return";
    case '\t': return "a tab";
    case 0x1B: return "an escape character (U+001B)";
    case 0x2028: return "a line separator (U+2028)";
    case 0x2029: return "a paragraph separator (U+2029)";
    case 0xFFFE: case 0xFFFF: return NULL;
    default: return cls == ESC_CONTROL ? NULL : "a bidi control";
    }
}

static void check_text_name(Sema *s, Sym name, Span at, const char *what)
{
    const char *t = S(s, name);
    size_t n = sym_len(&s->m->strs, name);
    size_t bad = esc_find(t, n);
    if (bad == n) return;
    uint32_t cp;
    EscClass cls;
    esc_char(t + bad, n - bad, &cp, &cls);
    const char *kind = char_kind(cp, cls);
    char buf[64];
    if (!kind) {
        snprintf(buf, sizeof buf, "%s (U+%04X)", cls == ESC_CONTROL ? "a control character" : "a noncharacter", cp);
        kind = buf;
    } else if (cls == ESC_FORMAT && cp != 0x2028 && cp != 0x2029) {
        snprintf(buf, sizeof buf, "%s (U+%04X)", kind, cp);
        kind = buf;
    }
    Diag *g = diag_error(D(s), at, DIAG_BAD_NAME, "the name of %s '%s' holds %s", what, t, kind);
    diag_hint(g, "a name is shown in reports, logs and the schedule: write it on one line, without control "
                 "or bidi characters");
}

/* The calendar a `receiving` setting names (docs/language.md, "receiving"),
 * -1 if none or not a calendar (reported); *at is where it is named. */
static int32_t receiving_calendar(Sema *s, Sym ns, AstNode *setting, Span *at)
{
    if (!setting) return -1;
    *at = setting->as.setting.value->span;
    int32_t c = sema_resolve_entity(s, ns, setting->as.setting.value, ENT_CALENDAR, DIAG_UNKNOWN_CALENDAR, "calendar");
    if (c >= 0) s->calendars.data[c].used = true;
    return c;
}

/* ---- plant ------------------------------------------------------------------- */
static void check_plant(Sema *s, AstNode *d, Sym ns)
{
    (void)ns;
    if (s->have_plant) return; /* a second plant block is reported by collect() */
    s->have_plant = true;
    SemPlant *p = &s->plant;
    p->name = d->as.decl.name;
    p->span = d->as.decl.name_span;
    check_text_name(s, p->name, p->span, "the plant");
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_PLANT, &d->as.decl.items, seen);
    for (uint32_t i = 0; i < d->as.decl.items.len; i++)
        if (d->as.decl.items.items[i]->kind != AST_SETTING) sema_not_allowed(s, d->as.decl.items.items[i], AST_PLANT);
    if (seen[SET_CURRENCY]) {
        AstNode *v = seen[SET_CURRENCY]->as.setting.value;
        const char *u = S(s, v->as.num.unit);
        const Unit *un = unit_find(u, strlen(u));
        if (!un || !un->currency) {
            Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "'%s' is not a currency", u);
            diag_hint(g, "write an ISO 4217 code such as EUR, USD or GBP");
        } else p->currency = v->as.num.unit;
    }
    if (seen[SET_START]) p->start_ok = value_datetime(s, seen[SET_START], false, &p->start);
    else {
        Diag *g = diag_error(D(s), d->as.decl.name_span, DIAG_MISSING_SETTING, "the plant has no start");
        diag_hint(g, "give the date and time planning starts: start 2026-12-01 06:00");
    }
    if (seen[SET_HORIZON]) {
        double h;
        if (value_duration(s, seen[SET_HORIZON], &h)) {
            if (h <= 0)
                diag_error(D(s), seen[SET_HORIZON]->as.setting.value->span, DIAG_NOT_POSITIVE,
                           "the horizon must be longer than zero");
            else if (h > 20.0 * 366 * 1440)
                diag_error(D(s), seen[SET_HORIZON]->as.setting.value->span, DIAG_BAD_VALUE,
                           "a horizon of more than 20 years is not supported");
            else p->horizon = (int64_t)llround(h);
        }
    }
    if (seen[SET_TIME_UNIT]) {
        AstNode *v = seen[SET_TIME_UNIT]->as.setting.value;
        const char *u = S(s, v->as.num.unit);
        const Unit *un = unit_find(u, strlen(u));
        if (!un || un->dim[DIM_TIME] != 1 || un->currency || un->scale != 1.0) {
            Diag *g = diag_error(D(s), v->span, DIAG_BAD_VALUE, "the time unit must be min");
            diag_hint(g, "plans are computed to the minute");
        }
    }
    if (seen[SET_SPLIT]) value_bool(s, seen[SET_SPLIT], &p->split);
    p->receiving = receiving_calendar(s, ns, seen[SET_RECEIVING], &p->receiving_span);
}

/* ---- attributes ---------------------------------------------------------------- */
static bool is_product_line(Sema *s, AstNode *it, Sym ns)
{
    if (it->kind != AST_ATTR) return false;
    AstNode tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.kind = AST_NAME;
    Sym part = it->as.attr.name;
    Span sp = it->as.attr.name_span;
    tmp.as.name.parts = &part;
    tmp.as.name.spans = &sp;
    tmp.as.name.n = 1;
    int32_t e = sema_lookup(s, ns, &tmp);
    if (e < 0) return false;
    if (s->entities.data[e].kind == ENT_PRODUCT) return true;
    /* a material or machine with a quantity: the wrong kind of thing ordered */
    const AstNode *v = it->as.attr.value;
    return v && v->kind == AST_NUM && v->as.num.unit == SYM_NONE;
}

static AttrVals attr_values(Sema *s, AstNode *d, Sym ns, AttrOwner owner)
{
    AttrVals av = {NULL, 0};
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->as.decl.items.len; i++)
        if (d->as.decl.items.items[i]->kind == AST_ATTR) n++;
    if (!n) return av;
    av.items = arena_alloc(&s->m->arena, n * sizeof(AttrVal));
    av.spans = arena_alloc(&s->m->arena, n * sizeof(Span));
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind != AST_ATTR) continue;
        if (owner == OWN_ORDER && is_product_line(s, it, ns)) continue;
        for (uint32_t k = 0; k < av.n; k++)
            if (s->attrs.data[av.items[k].attr].name == it->as.attr.name) {
                Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_DUPLICATE_SETTING,
                                     "attribute '%s' is given twice", S(s, it->as.attr.name));
                diag_note(g, av.spans[k], "first given here");
                goto next;
            }
        if (it->as.attr.value->kind == AST_ERROR) continue; /* reported by the parser */
        if (!is_const_expr(s, it->as.attr.value)) {
            AstKind block = owner == OWN_PRODUCT ? AST_PRODUCT : owner == OWN_ORDER ? AST_ORDER : AST_MACHINE;
            const char *name = S(s, it->as.attr.name);
            const char *best = NULL;
            int bestd = 3;
            for (size_t k = 0; k < TK_COUNTOF(specs); k++) {
                if (specs[k].block != block) continue;
                int dd = tk_edit_distance(name, ast_setting_name(specs[k].key), 2);
                if (dd < bestd) {
                    bestd = dd;
                    best = ast_setting_name(specs[k].key);
                }
            }
            if (best) {
                Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_SETTING_NOT_ALLOWED,
                                     "'%s' is not a setting of %s", name, block_word(block));
                diag_suggest(g, it->as.attr.name_span, best);
            } else {
                Diag *g = diag_error(D(s), it->as.attr.value->span, DIAG_NOT_CONSTANT,
                                     "the value of attribute '%s' must be a constant", name);
                diag_hint(g, "attributes hold a string, a number, a quantity, a date, true or false");
            }
            continue;
        }
        {
            Type t = const_type(s, it->as.attr.value);
            if (t.kind == TY_DATE) t = type_of(TY_DATETIME);
            if (t.kind == TY_ERROR) continue;
            double x;
            Sym str;
            if (!sema_const_value(s, it->as.attr.value, &x, &str)) continue;
            int32_t id = sema_attr_declare(s, owner, it->as.attr.name, t, it->as.attr.name_span);
            av.items[av.n].attr = id;
            av.items[av.n].num = x;
            av.items[av.n].str = str;
            av.spans[av.n] = it->as.attr.name_span;
            av.n++;
        }
    next:;
    }
    return av;
}

static void attrs_product(Sema *s, AstNode *d, Sym ns)
{
    Entity *e = entity_of(s, d, ns, d->as.decl.name);
    AttrVals av = attr_values(s, d, ns, OWN_PRODUCT);
    if (e) s->products.data[e->index].attrs = av;
}

static void attrs_machine(Sema *s, AstNode *d, Sym ns)
{
    Entity *e = entity_of(s, d, ns, d->as.decl.name);
    AttrVals av = attr_values(s, d, ns, OWN_MACHINE);
    if (e) s->machines.data[e->index].attrs = av;
}

static int32_t order_index(Sema *s, AstNode *d)
{
    Sym n = d->as.decl.name;
    if (n >= s->norder_by_sym) return -1;
    int32_t i = s->order_by_sym[n];
    return i >= 0 && s->orders.data[i].span.lo == d->as.decl.name_span.lo &&
                   s->orders.data[i].span.file == d->as.decl.name_span.file
               ? i : -1;
}

static void attrs_order(Sema *s, AstNode *d, Sym ns)
{
    int32_t oi = order_index(s, d);
    AttrVals av = attr_values(s, d, ns, OWN_ORDER);
    if (oi >= 0) s->orders.data[oi].attrs = av;
}

/* ---- calendars ------------------------------------------------------------------- */
static const struct {
    const char *name;
    int from, to;
} day_words[] = {
    {"mon", 0, 0}, {"tue", 1, 1}, {"wed", 2, 2}, {"thu", 3, 3}, {"fri", 4, 4}, {"sat", 5, 5}, {"sun", 6, 6},
    {"monday", 0, 0}, {"tuesday", 1, 1}, {"wednesday", 2, 2}, {"thursday", 3, 3}, {"friday", 4, 4},
    {"saturday", 5, 5}, {"sunday", 6, 6}, {"daily", 0, 6}, {"weekdays", 0, 4}, {"weekend", 5, 6},
};

static bool day_lookup(Sema *s, Sym name, Span sp, int *from, int *to)
{
    const char *w = S(s, name);
    for (size_t i = 0; i < TK_COUNTOF(day_words); i++)
        if (strcmp(w, day_words[i].name) == 0) {
            *from = day_words[i].from;
            *to = day_words[i].to;
            return true;
        }
    Diag *g = diag_error(D(s), sp, DIAG_BAD_DAY, "'%s' is not a day of the week", w);
    const char *best = NULL;
    int bestd = 3;
    for (size_t i = 0; i < TK_COUNTOF(day_words); i++) {
        int dd = tk_edit_distance(w, day_words[i].name, 2);
        if (dd < bestd) {
            bestd = dd;
            best = day_words[i].name;
        }
    }
    if (best) diag_hint(g, "did you mean '%s'?", best);
    else diag_hint(g, "days are mon, tue, wed, thu, fri, sat, sun, or daily, weekdays, weekend");
    return false;
}

/* Converts a list of AST_SHIFT into intervals; reports inverted shifts. */
static Interval *shift_list(Sema *s, const AstList *l, uint32_t *n, Span **spans)
{
    *n = 0;
    if (spans) *spans = NULL;
    if (!l->len) return NULL;
    Interval *iv = arena_alloc(&s->m->arena, l->len * sizeof(Interval));
    Span *sp = arena_alloc(&s->m->arena, l->len * sizeof(Span));
    if (spans) *spans = sp;
    for (uint32_t i = 0; i < l->len; i++) {
        AstNode *sh = l->items[i];
        if (sh->kind != AST_SHIFT) continue;
        int32_t lo = sh->as.shift.start, hi = sh->as.shift.end + 1440 * sh->as.shift.plus_days;
        if (hi <= lo) {
            Diag *g = diag_error(D(s), sh->span, DIAG_INVERTED_SHIFT, "shift ends at %02d:%02d, before it starts at %02d:%02d",
                                 sh->as.shift.end / 60, sh->as.shift.end % 60, lo / 60, lo % 60);
            if (!sh->as.shift.plus_days)
                diag_hint(g, "a shift that runs past midnight is written with +1: %02d:%02d-%02d:%02d+1", lo / 60,
                          lo % 60, sh->as.shift.end / 60, sh->as.shift.end % 60);
            continue;
        }
        if (hi - lo > 1440) {
            diag_error(D(s), sh->span, DIAG_BAD_VALUE, "a shift cannot be longer than 24 hours");
            continue;
        }
        iv[*n].lo = lo;
        iv[*n].hi = hi;
        sp[*n] = sh->span;
        (*n)++;
    }
    return iv;
}

typedef struct WeekShift {
    int32_t lo, hi;
    Span span;
} WeekShift;

static int week_cmp(const void *a, const void *b)
{
    const WeekShift *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : 0;
}

static void check_calendar(Sema *s, AstNode *d, Sym ns)
{
    Entity *e = entity_of(s, d, ns, d->as.decl.name);
    SemCalendar tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.base = -1;
    SemCalendar *c = e ? &s->calendars.data[e->index] : &tmp;
    /* per weekday, the shifts and their spans, for the overlap check */
    TK_VEC_OF(WeekShift) week = {0};
    TK_VEC_OF(SemDateRule) closed = {0}, overtime = {0};
    AstNode *base_item = NULL;
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        switch ((AstKind)it->kind) {
        case AST_SHIFTS: {
            bool days[7] = {false};
            bool ok = true;
            for (uint32_t k = 0; k < it->as.shifts.days.len; k++) {
                AstNode *dn = it->as.shifts.days.items[k];
                int f1, t1, f2, t2;
                if (!day_lookup(s, dn->as.days.from, dn->as.days.from_span, &f1, &t1)) {
                    ok = false;
                    continue;
                }
                if (dn->as.days.to) {
                    if (!day_lookup(s, dn->as.days.to, dn->as.days.to_span, &f2, &t2)) {
                        ok = false;
                        continue;
                    }
                    /* mon-fri; fri-mon wraps over the weekend */
                    for (int dd = f1;; dd = (dd + 1) % 7) {
                        days[dd] = true;
                        if (dd == t2) break;
                    }
                } else
                    for (int dd = f1; dd <= t1; dd++) days[dd] = true;
            }
            uint32_t n;
            Span *iv_spans;
            Interval *iv = shift_list(s, &it->as.shifts.shifts, &n, &iv_spans);
            if (!ok) break;
            for (int dd = 0; dd < 7; dd++) {
                if (!days[dd]) continue;
                c->has_day[dd] = true;
                Interval *nd = arena_alloc(&s->m->arena, (c->nday[dd] + n + 1) * sizeof(Interval));
                if (c->nday[dd]) memcpy(nd, c->day[dd], c->nday[dd] * sizeof(Interval));
                for (uint32_t k = 0; k < n; k++) {
                    nd[c->nday[dd] + k] = iv[k];
                    WeekShift ws = {dd * 1440 + iv[k].lo, dd * 1440 + iv[k].hi, iv_spans[k]};
                    vec_push(&week, ws);
                }
                c->day[dd] = nd;
                c->nday[dd] += n;
            }
            break;
        }
        case AST_CLOSED: case AST_OVERTIME: {
            SemDateRule r;
            memset(&r, 0, sizeof r);
            r.from = it->as.closed.from;
            r.to = it->as.closed.to;
            r.span = it->span;
            if (r.to < r.from) {
                Diag *g = diag_error(D(s), it->span, DIAG_INVERTED_RANGE, "date range ends before it starts");
                diag_hint(g, "write the earlier date first: FROM .. TO");
                break;
            }
            if (r.to - r.from > 3660) {
                diag_error(D(s), it->span, DIAG_BAD_VALUE, "a date range longer than ten years is not supported");
                break;
            }
            r.shifts = shift_list(s, &it->as.closed.shifts, &r.nshifts, NULL);
            if (it->kind == AST_CLOSED) vec_push(&closed, r);
            else vec_push(&overtime, r);
            break;
        }
        case AST_SETTING:
            if (base_item) {
                Diag *g = diag_error(D(s), it->as.setting.key_span, DIAG_DUPLICATE_SETTING, "'base' is given twice");
                diag_note(g, base_item->as.setting.key_span, "first given here");
                break;
            }
            base_item = it;
            c->base = sema_resolve_entity(s, ns, it->as.setting.value, ENT_CALENDAR, DIAG_UNKNOWN_CALENDAR, "calendar");
            if (c->base >= 0) s->calendars.data[c->base].used = true;
            c = e ? &s->calendars.data[e->index] : &tmp;
            break;
        default: break;
        }
    }
    /* overlapping shifts over the week, including Sunday night into Monday */
    if (week.len > 1) {
        qsort(week.data, week.len, sizeof(WeekShift), week_cmp);
        Span last_a = {0, 0, 0}, last_b = {0, 0, 0};
        for (uint32_t i = 1; i < week.len; i++) {
            if (week.data[i].lo < week.data[i - 1].hi) {
                bool again = last_a.lo == week.data[i].span.lo && last_b.lo == week.data[i - 1].span.lo &&
                             last_a.file == week.data[i].span.file;
                last_a = week.data[i].span;
                last_b = week.data[i - 1].span;
                if (again) {
                    if (week.data[i].hi < week.data[i - 1].hi) week.data[i].hi = week.data[i - 1].hi;
                    continue;
                }
                Diag *g = diag_error(D(s), week.data[i].span, DIAG_OVERLAPPING_SHIFTS,
                                     "this shift overlaps another on %s", day_words[(week.data[i].lo / 1440) % 7].name);
                diag_note(g, week.data[i - 1].span, "the other shift");
                if (week.data[i].hi > week.data[i - 1].hi) continue;
                week.data[i].hi = week.data[i - 1].hi; /* keep the longer one for later checks */
            }
        }
        WeekShift *last = &week.data[week.len - 1];
        if (last->hi > 7 * 1440 && week.data[0].lo < last->hi - 7 * 1440) {
            Diag *g = diag_error(D(s), last->span, DIAG_OVERLAPPING_SHIFTS,
                                 "this shift runs into the next week's first shift");
            diag_note(g, week.data[0].span, "the other shift");
        }
    }
    c->closed = closed.len ? arena_alloc(&s->m->arena, closed.len * sizeof(SemDateRule)) : NULL;
    if (closed.len) memcpy(c->closed, closed.data, closed.len * sizeof(SemDateRule));
    c->nclosed = closed.len;
    c->overtime = overtime.len ? arena_alloc(&s->m->arena, overtime.len * sizeof(SemDateRule)) : NULL;
    if (overtime.len) memcpy(c->overtime, overtime.data, overtime.len * sizeof(SemDateRule));
    c->novertime = overtime.len;
    vec_free(&week);
    vec_free(&closed);
    vec_free(&overtime);
}

/* ---- materials --------------------------------------------------------------------- */
static void check_lot(Sema *s, AstNode *seen[SET__COUNT], SemLot *lot, const char *item, const int8_t dim[DIM__COUNT],
                      double scale, Sym uom, DiagCode conflict)
{
    static const SettingKey keys[4] = {SET_LOT, SET_MIN_ORDER, SET_MULTIPLE, SET_MAX_LOT};
    double *dst[4] = {&lot->fixed, &lot->min, &lot->multiple, &lot->max};
    for (int k = 0; k < 4; k++) {
        AstNode *st = seen[keys[k]];
        if (!st) continue;
        double v;
        if (!value_qty(s, st->as.setting.value, ast_setting_name(keys[k]), item, dim, scale, uom, &v)) continue;
        if (v <= 0) {
            diag_error(D(s), st->as.setting.value->span, DIAG_NOT_POSITIVE, "'%s' must be more than zero",
                       ast_setting_name(keys[k]));
            continue;
        }
        *dst[k] = v;
    }
    if (seen[SET_LOT] && (seen[SET_MIN_ORDER] || seen[SET_MULTIPLE])) {
        AstNode *other = seen[SET_MIN_ORDER] ? seen[SET_MIN_ORDER] : seen[SET_MULTIPLE];
        Diag *g = diag_error(D(s), other->as.setting.key_span, conflict,
                             "a fixed lot cannot be combined with '%s'", ast_setting_name(other->as.setting.key));
        diag_note(g, seen[SET_LOT]->as.setting.key_span, "the fixed lot is set here");
        diag_hint(g, "use either 'lot N' (every order exactly N) or 'min_order' and 'multiple'");
    }
    /* max_lot: no order above it; the other settings must leave room */
    if (lot->max > 0) {
        static const SettingKey below[3] = {SET_LOT, SET_MIN_ORDER, SET_MULTIPLE};
        const double vals[3] = {lot->fixed, lot->min, lot->multiple};
        for (int k = 0; k < 3; k++) {
            if (!(vals[k] > lot->max)) continue;
            AstNode *st = seen[below[k]];
            char b1[32], b2[32];
            fmt_double(b1, sizeof b1, vals[k]);
            fmt_double(b2, sizeof b2, lot->max);
            Diag *g = diag_error(D(s), seen[SET_MAX_LOT]->as.setting.value->span, conflict,
                                 "max_lot %s of '%s' is smaller than its %s %s", b2, item,
                                 k == 0 ? "fixed lot" : ast_setting_name(below[k]), b1);
            diag_note(g, st->as.setting.key_span, "the %s is set here", k == 0 ? "fixed lot" : ast_setting_name(below[k]));
            diag_hint(g, k == 2 ? "max_lot must hold at least one multiple" : "raise max_lot, or lower the other");
            lot->max = 0;
            break;
        }
        /* the smallest order min_order and multiple allow must fit too: with
         * min_order 21 and multiple 5 no order is below 25 */
        if (lot->max > 0 && lot->min > 0 && lot->multiple > 0) {
            double least = ceil(lot->min / lot->multiple - 1e-9) * lot->multiple;
            if (least > lot->max * (1 + 1e-12)) {
                char b1[32], b2[32], b3[32], b4[32];
                fmt_double(b1, sizeof b1, lot->max);
                fmt_double(b2, sizeof b2, least);
                fmt_double(b3, sizeof b3, lot->min);
                fmt_double(b4, sizeof b4, lot->multiple);
                Diag *g = diag_error(D(s), seen[SET_MAX_LOT]->as.setting.value->span, conflict,
                                     "max_lot %s of '%s' is smaller than its smallest order, %s (min_order %s in "
                                     "multiples of %s)", b1, item, b2, b3, b4);
                diag_note(g, seen[SET_MIN_ORDER]->as.setting.key_span, "the min_order is set here");
                diag_hint(g, "raise max_lot to %s or more, or lower min_order", b2);
                lot->max = 0;
            }
        }
    }
}

static void check_material(Sema *s, AstNode *d, Sym ns)
{
    Entity *e = entity_of(s, d, ns, d->as.decl.name);
    SemMaterial tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.receiving = -1;
    SemMaterial *mt = e ? &s->materials.data[e->index] : &tmp;
    const char *name = S(s, d->as.decl.name);
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_MATERIAL, &d->as.decl.items, seen);
    mt->uom = intern_cstr(&s->m->strs, "pcs");
    mt->uom_scale = 1;
    if (seen[SET_UNIT]) {
        AstNode *v = seen[SET_UNIT]->as.setting.value;
        const char *u = S(s, v->as.num.unit);
        int8_t dim[DIM__COUNT];
        double scale;
        const Unit *cur;
        if (!unit_parse(u, strlen(u), dim, &scale, &cur) || cur || dim[DIM_TIME] != 0 || strchr(u, '/')) {
            Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "'%s' is not a unit of measure for a material", u);
            diag_hint(g, "use a count (pcs), a length (m), an area (m2), a volume (L, m3) or a mass (kg)");
        } else {
            mt->uom = v->as.num.unit;
            memcpy(mt->dim, dim, sizeof dim);
            mt->uom_scale = scale;
        }
    }
    bool counted = mt->dim[DIM_LENGTH] == 0 && mt->dim[DIM_MASS] == 0;
    if (seen[SET_COST]) {
        AstNode *v = seen[SET_COST]->as.setting.value;
        Type t = const_type(s, v);
        Type per = type_div(TYPE_MONEY, type_num(0, 0, mt->dim[DIM_LENGTH], mt->dim[DIM_MASS]));
        double x;
        Sym str;
        if (t.kind == TY_ERROR) {
        } else if (type_eq(t, per) || (counted && type_is_money(t))) {
            if (sema_const_value(s, v, &x, &str)) {
                mt->cost = x * mt->uom_scale; /* money per base unit -> per uom */
                if (x < 0) diag_error(D(s), v->span, DIAG_NEGATIVE, "a cost must not be negative");
            }
        } else {
            char b1[64], b2[64];
            Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "the cost of '%s' must be %s, not %s", name,
                                 tn(per, b1), tn(t, b2));
            diag_hint(g, "write it per %s, e.g. 4.20 %s/%s", S(s, mt->uom), S(s, s->plant.currency ? s->plant.currency : intern_cstr(&s->m->strs, "EUR")), S(s, mt->uom));
        }
    }
    double v;
    if (seen[SET_STOCK] && value_qty(s, seen[SET_STOCK]->as.setting.value, "stock", name, mt->dim, mt->uom_scale, mt->uom, &v)) {
        if (v < 0) diag_error(D(s), seen[SET_STOCK]->as.setting.value->span, DIAG_NEGATIVE, "stock must not be negative");
        else mt->stock = v;
    }
    if (seen[SET_SAFETY_STOCK] &&
        value_qty(s, seen[SET_SAFETY_STOCK]->as.setting.value, "safety stock", name, mt->dim, mt->uom_scale, mt->uom, &v)) {
        if (v < 0) diag_error(D(s), seen[SET_SAFETY_STOCK]->as.setting.value->span, DIAG_NEGATIVE, "safety stock must not be negative");
        else mt->safety = v;
    }
    if (seen[SET_LEAD] && value_duration(s, seen[SET_LEAD], &v)) mt->lead = (int64_t)llround(v);
    check_lot(s, seen, &mt->lot, name, mt->dim, mt->uom_scale, mt->uom, DIAG_LOT_CONFLICT);
    /* purchases whose order dates fall within this period of the first are
     * one purchase (docs/language.md, "material") */
    if (seen[SET_CONSOLIDATE] && value_duration(s, seen[SET_CONSOLIDATE], &v)) {
        AstNode *cv = seen[SET_CONSOLIDATE]->as.setting.value;
        if (v < 1) {
            Diag *g = diag_error(D(s), cv->span, DIAG_NOT_POSITIVE, "a consolidation period must be at least a minute");
            diag_hint(g, "leave 'consolidate' out to buy for each need apart, or give a period such as 1 week");
        } else if (v > 20.0 * 366 * 1440)
            diag_error(D(s), cv->span, DIAG_BAD_VALUE, "a consolidation period of more than 20 years is not supported");
        else mt->consolidate = (int64_t)llround(v);
    }
    mt->receiving = receiving_calendar(s, ns, seen[SET_RECEIVING], &mt->receiving_span);
    /* receipts and anything else */
    uint32_t nrec = 0;
    for (uint32_t i = 0; i < d->as.decl.items.len; i++)
        if (d->as.decl.items.items[i]->kind == AST_RECEIPT) nrec++;
    mt->receipts = nrec ? arena_alloc(&s->m->arena, nrec * sizeof(SemReceipt)) : NULL;
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind == AST_SETTING) continue;
        if (it->kind == AST_BUY) {
            /* a material is bought already: its purchase settings are its own */
            Diag *g = diag_error(D(s), it->span, DIAG_BUY_NOT_MADE,
                                 "material '%s' is bought already: it has no purchase alternative", name);
            diag_hint(g, "a material's price, lead time and lot rules are its own settings: cost, lead, lot, min_order, "
                         "multiple, max_lot, receiving; a buy block belongs to a product that can also be made");
            continue;
        }
        if (it->kind != AST_RECEIPT) {
            sema_not_allowed(s, it, AST_MATERIAL);
            continue;
        }
        SemReceipt r;
        memset(&r, 0, sizeof r);
        r.id = it->as.receipt.id;
        r.span = it->span;
        bool ok = value_qty(s, it->as.receipt.qty, "a receipt", name, mt->dim, mt->uom_scale, mt->uom, &r.qty);
        if (ok && r.qty <= 0) {
            diag_error(D(s), it->as.receipt.qty->span, DIAG_NOT_POSITIVE, "a receipt must bring more than zero");
            ok = false;
        }
        Type t = const_type(s, it->as.receipt.date);
        if (t.kind != TY_ERROR && t.kind != TY_DATE && t.kind != TY_DATETIME) {
            char b[64];
            diag_error(D(s), it->as.receipt.date->span, DIAG_WRONG_TYPE, "a receipt arrives on a date, not %s",
                       tn(t, b));
            ok = false;
        } else if (t.kind == TY_ERROR) ok = false;
        double at;
        Sym str;
        if (ok && sema_const_value(s, it->as.receipt.date, &at, &str)) {
            r.at = (int64_t)llround(at);
            mt->receipts[mt->nreceipts++] = r;
        }
    }
}

/* ---- machines ------------------------------------------------------------------------ */
static void check_setup_by(Sema *s, SemMachine *mc, AstNode *it)
{
    SemSetupBy sb;
    memset(&sb, 0, sizeof sb);
    sb.span = it->span;
    sb.attr = sema_attr_find(s, OWN_PRODUCT, it->as.setup_by.attr);
    if (sb.attr < 0) {
        Diag *g = diag_error(D(s), it->as.setup_by.attr_span, DIAG_UNKNOWN_ATTRIBUTE,
                             "no product has an attribute '%s'", S(s, it->as.setup_by.attr));
        const char *words[256];
        size_t n = 0;
        for (uint32_t i = 0; i < s->attrs.len && n < 256; i++)
            if (s->attrs.data[i].owner == OWN_PRODUCT) words[n++] = S(s, s->attrs.data[i].name);
        const char *best = NULL;
        int bestd = 3;
        for (size_t i = 0; i < n; i++) {
            int dd = tk_edit_distance(S(s, it->as.setup_by.attr), words[i], 2);
            if (dd < bestd) {
                bestd = dd;
                best = words[i];
            }
        }
        if (best) diag_hint(g, "did you mean '%s'?", best);
        else diag_hint(g, "setups by attribute read an attribute of the products, e.g. colour \"red\"");
    } else s->attrs.data[sb.attr].used = true;
    AstNode *seen_kind[3] = {NULL, NULL, NULL};
    uint32_t npairs = 0;
    for (uint32_t i = 0; i < it->as.setup_by.entries.len; i++)
        if (it->as.setup_by.entries.items[i]->as.setup_entry.kind == SETUP_PAIR) npairs++;
    sb.pairs = npairs ? arena_alloc(&s->m->arena, npairs * sizeof(SemSetupPair)) : NULL;
    bool have_change = false;
    for (uint32_t i = 0; i < it->as.setup_by.entries.len; i++) {
        AstNode *en = it->as.setup_by.entries.items[i];
        AstNode fake;
        memset(&fake, 0, sizeof fake);
        fake.kind = AST_SETTING;
        fake.as.setting.key = SET_SETUP;
        fake.as.setting.value = en->as.setup_entry.value;
        double v;
        if (!value_duration(s, &fake, &v)) continue;
        SetupEntryKind k = en->as.setup_entry.kind;
        if (k != SETUP_PAIR) {
            if (seen_kind[k]) {
                Diag *g = diag_error(D(s), en->span, DIAG_DUPLICATE_SETTING, "this setup time is given twice");
                diag_note(g, seen_kind[k]->span, "first given here");
                continue;
            }
            seen_kind[k] = en;
            if (k == SETUP_SAME) sb.same = v;
            else if (k == SETUP_CHANGE) sb.change = v, have_change = true;
            else sb.first = v;
            continue;
        }
        if (sb.attr >= 0 && s->attrs.data[sb.attr].ty.kind != TY_STRING) {
            diag_error(D(s), en->span, DIAG_WRONG_TYPE, "attribute '%s' is not a string; pairs compare strings",
                       S(s, it->as.setup_by.attr));
            continue;
        }
        for (uint32_t k2 = 0; k2 < sb.npairs; k2++)
            if (sb.pairs[k2].from == en->as.setup_entry.from && sb.pairs[k2].to == en->as.setup_entry.to) {
                diag_error(D(s), en->span, DIAG_DUPLICATE_SETTING, "this change is given twice");
                goto next;
            }
        sb.pairs[sb.npairs].from = en->as.setup_entry.from;
        sb.pairs[sb.npairs].to = en->as.setup_entry.to;
        sb.pairs[sb.npairs].minutes = v;
        sb.pairs[sb.npairs].span = en->span;
        sb.npairs++;
    next:;
    }
    if (!seen_kind[SETUP_FIRST]) sb.first = sb.change;
    if (!have_change && npairs == 0 && !seen_kind[SETUP_SAME]) {
        Diag *g = diag_error(D(s), it->span, DIAG_MISSING_SETTING, "setup by '%s' gives no times",
                             S(s, it->as.setup_by.attr));
        diag_hint(g, "give at least: change 30 min");
    }
    SemSetupBy *nb = arena_alloc(&s->m->arena, (mc->nsetup_by + 1) * sizeof(SemSetupBy));
    if (mc->nsetup_by) memcpy(nb, mc->setup_by, mc->nsetup_by * sizeof(SemSetupBy));
    nb[mc->nsetup_by++] = sb;
    mc->setup_by = nb;
}

static void check_machine(Sema *s, AstNode *d, Sym ns)
{
    Entity *e = entity_of(s, d, ns, d->as.decl.name);
    SemMachine tmp;
    memset(&tmp, 0, sizeof tmp);
    SemMachine *mc = e ? &s->machines.data[e->index] : &tmp;
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_MACHINE, &d->as.decl.items, seen);
    int64_t units;
    if (seen[SET_UNITS] && sema_value_int(s, seen[SET_UNITS], 1, &units)) {
        if (units > 100000) diag_error(D(s), seen[SET_UNITS]->as.setting.value->span, DIAG_BAD_VALUE, "more than 100000 units");
        else mc->units = (uint32_t)units;
    }
    if (seen[SET_CALENDAR]) {
        mc->calendar = sema_resolve_entity(s, ns, seen[SET_CALENDAR]->as.setting.value, ENT_CALENDAR, DIAG_UNKNOWN_CALENDAR,
                                      "calendar");
        mc = e ? &s->machines.data[e->index] : &tmp;
        if (mc->calendar >= 0) s->calendars.data[mc->calendar].used = true;
    }
    ExprCtx rx = {SCOPE_RULE, ns, NULL};
    if (seen[SET_COST]) {
        AstNode *v = seen[SET_COST]->as.setting.value;
        Type t = sema_expr(s, &rx, v);
        mc = e ? &s->machines.data[e->index] : &tmp;
        if (t.kind != TY_ERROR && !type_eq(t, TYPE_MONEY_RATE)) {
            char b[64];
            Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "a machine's cost must be money per hour, not %s",
                                 tn(t, b));
            diag_hint(g, "write a rate, e.g. 38 %s/h", S(s, s->plant.currency ? s->plant.currency : intern_cstr(&s->m->strs, "EUR")));
        } else if (t.kind != TY_ERROR) {
            sema_check_static(s, v, "a machine's cost");
            mc->cost = v;
            double x;
            mc->cost_const = is_const_expr(s, v) && sema_fold_rule(s, v, &x);
            if (mc->cost_const) {
                mc->cost_rate = x;
                if (x < 0) diag_error(D(s), v->span, DIAG_NEGATIVE, "a cost rate must not be negative");
                else sema_in_range(s, v, x);
            }
        }
    }
    if (seen[SET_SETUP]) {
        AstNode *v = seen[SET_SETUP]->as.setting.value;
        Type t = sema_expr(s, &rx, v);
        mc = e ? &s->machines.data[e->index] : &tmp;
        if (t.kind != TY_ERROR && !type_is_duration(t)) {
            char b[64];
            Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "a machine's setup must be a duration, not %s",
                                 tn(t, b));
            if (type_is_dimensionless(t)) diag_hint(g, "give it a unit, e.g. 10 min");
        } else if (t.kind != TY_ERROR) {
            sema_check_static(s, v, "a machine's setup");
            mc->setup = v;
            double x;
            if (is_const_expr(s, v) && sema_fold_rule(s, v, &x)) sema_in_range(s, v, x);
        }
    }
    bool split;
    if (seen[SET_SPLIT] && value_bool(s, seen[SET_SPLIT], &split)) mc->split = split ? 1 : 0;
    if (seen[SET_EFFICIENCY]) sema_efficiency(s, seen[SET_EFFICIENCY], &mc->efficiency);
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind == AST_SETUP_BY) {
            for (uint32_t k = 0; k < mc->nsetup_by; k++)
                if (mc->setup_by[k].attr >= 0 && s->attrs.data[mc->setup_by[k].attr].name == it->as.setup_by.attr) {
                    Diag *g = diag_error(D(s), it->as.setup_by.attr_span, DIAG_DUPLICATE_SETTING,
                                         "setup by '%s' is given twice", S(s, it->as.setup_by.attr));
                    diag_note(g, mc->setup_by[k].span, "first given here");
                    goto next;
                }
            check_setup_by(s, mc, it);
        } else if (it->kind != AST_SETTING && it->kind != AST_ATTR) sema_not_allowed(s, it, AST_MACHINE);
    next:;
    }
    sema_batch_machine(s, mc, seen);
}

/* ---- products -------------------------------------------------------------------------- */
static bool step_value(Sema *s, AstNode *st, double *v, bool *each)
{
    *each = false;
    if (st->as.setting.key == SET_RUN) {
        AstNode *val = st->as.setting.value;
        if (val->kind == AST_NUM) *each = val->as.num.each;
    }
    return value_duration(s, st, v);
}

/* sublot N (at most N pieces an operation) or sublots N (N operations):
 * a whole number from 1, the count at most SUBLOT_MAX; not both (E0477). */
static void check_sublots(Sema *s, SemStep *ss, AstNode *seen[SET__COUNT])
{
    int64_t v;
    if (seen[SET_SUBLOT] && seen[SET_SUBLOTS]) {
        Diag *g = diag_error(D(s), seen[SET_SUBLOTS]->as.setting.key_span, DIAG_SUBLOT_CONFLICT,
                             "a step is split by 'sublot' or by 'sublots', not both");
        diag_note(g, seen[SET_SUBLOT]->as.setting.key_span, "'sublot' is given here");
        diag_hint(g, "sublot 50: at most 50 pieces an operation; sublots 3: three operations of equal size");
        return;
    }
    if (seen[SET_SUBLOT] || seen[SET_SUBLOTS]) ss->sublot_span = (seen[SET_SUBLOT] ? seen[SET_SUBLOT] : seen[SET_SUBLOTS])->span;
    if (seen[SET_SUBLOT] && sema_value_int(s, seen[SET_SUBLOT], 1, &v)) ss->sublot = (double)v;
    if (seen[SET_SUBLOTS] && sema_value_int(s, seen[SET_SUBLOTS], 1, &v)) {
        if (v > SUBLOT_MAX)
            diag_error(D(s), seen[SET_SUBLOTS]->as.setting.value->span, DIAG_BAD_VALUE, "at most %d sublots", SUBLOT_MAX);
        else ss->sublots = (uint32_t)v;
    }
}

/* within DURATION: the longest wait after the step's predecessors
 * (docs/language.md, "Time windows"): a duration from 0 (no wait at all),
 * at most TAKT_MAX_MINUTES, counted in whole minutes (rounded up, as every
 * time of the plan). */
static void check_within(Sema *s, SemStep *ss, AstNode *st)
{
    double v;
    if (!value_duration(s, st, &v)) return;
    if (!(v <= TAKT_MAX_MINUTES)) {
        diag_error(D(s), st->as.setting.value->span, DIAG_BAD_VALUE, "a time window is at most 100 years");
        return;
    }
    ss->within = ceil(v - 1e-9);
    if (ss->within < 0) ss->within = 0;
    ss->within_span = st->span;
}

/* A window needs a predecessor to count from (W0024), and may not be
 * shorter than a predecessor's own wait (E0446): no plan could keep both. */
static void check_windows(Sema *s, const SemProduct *pr)
{
    for (uint32_t i = 0; i < pr->nsteps; i++) {
        const SemStep *ss = &pr->steps[i];
        if (ss->within < 0) continue;
        if (ss->npreds == 0) {
            Diag *g = diag_warning(D(s), ss->within_span, DIAG_WINDOW_NO_PRED,
                                   "step '%s' has a time window but no step before it in the routing: the window has "
                                   "no effect",
                                   S(s, ss->name));
            diag_hint(g, "a window counts from the end of the steps it comes after: give it one with 'after STEP'");
            continue;
        }
        for (uint32_t q = 0; q < ss->npreds; q++) {
            const SemStep *ps = &pr->steps[ss->preds[q]];
            if (ceil(ps->wait - 1e-9) <= ss->within) continue;
            Diag *g = diag_error(D(s), ss->within_span, DIAG_WINDOW_BELOW_WAIT,
                                 "step '%s' must start within %.0f min after '%s' ends, but '%s' waits %.0f min before "
                                 "the next step may start",
                                 S(s, ss->name), ss->within, S(s, ps->name), S(s, ps->name), ceil(ps->wait - 1e-9));
            diag_note(g, ps->span, "step '%s'", S(s, ps->name));
            diag_hint(g, "a window is the longest wait after a step, 'wait' the shortest: give the window at least the wait");
        }
    }
}

/* transfer N: the step starts once N pieces of the step before it are
 * done (docs/language.md, "Transfer lots"): a positive number of pieces, at
 * most TAKT_MAX_QTY (E0447). */
static void check_transfer(Sema *s, SemStep *ss, AstNode *st)
{
    double v;
    if (!sema_value_num(s, st, TYPE_NUMBER, "a number of pieces", "transfer 10: the step starts once 10 pieces are done",
                        &v))
        return;
    if (!(v > 0) || !(v <= TAKT_MAX_QTY)) {
        Diag *g = diag_error(D(s), st->as.setting.value->span, DIAG_TRANSFER_QTY,
                             "a transfer quantity of %g pieces: it is a number of pieces above 0%s", v,
                             v > 0 ? " and at most 1e12" : "");
        diag_hint(g, "transfer 10: the step starts once 10 pieces of the step before it are done, and takes the "
                     "rest in lots of 10");
        return;
    }
    ss->transfer = v;
    ss->transfer_span = st->span;
}

/* Why pieces of step ss cannot move in lots: a batch machine takes the
 * step's pieces in whole cycles, a subcontractor sends them out and back
 * whole, sublots split the step into operations of their own; NULL if
 * they can. */
static const char *transfer_blocked(const Sema *s, const SemStep *ss)
{
    if (ss->sublot || ss->sublots) return "it is split into sublots";
    for (uint32_t a = 0; a < ss->nalts; a++) {
        if (ss->alts[a].machine < 0) continue;
        const SemMachine *mc = &s->machines.data[ss->alts[a].machine];
        if (mc->batch_cap > 0) return "it can run on a batch machine, which takes pieces in whole cycles";
        if (mc->subcontract) return "it can be sent to a subcontractor, who sends the pieces back together";
    }
    return NULL;
}

/* A transfer needs a step before it (E0448), and both it and the steps
 * before it must take pieces one lot at a time (E0449). */
static void check_transfers(Sema *s, const SemProduct *pr)
{
    for (uint32_t i = 0; i < pr->nsteps; i++) {
        const SemStep *ss = &pr->steps[i];
        if (ss->transfer <= 0) continue;
        if (ss->npreds == 0) {
            Diag *g = diag_error(D(s), ss->transfer_span, DIAG_TRANSFER_FIRST,
                                 "step '%s' has a transfer quantity but no step before it in the routing", S(s, ss->name));
            diag_hint(g, "a transfer quantity says how many pieces of the step before it must be done before it "
                         "starts: give it that step with 'after STEP', or remove it");
            continue;
        }
        const char *why = transfer_blocked(s, ss);
        const SemStep *at = ss;
        for (uint32_t q = 0; !why && q < ss->npreds; q++) {
            at = &pr->steps[ss->preds[q]];
            why = transfer_blocked(s, at);
        }
        if (!why) continue;
        Diag *g = at == ss ? diag_error(D(s), ss->transfer_span, DIAG_TRANSFER_COMBINED,
                                        "step '%s' takes the pieces of the step before it in transfer lots, but %s",
                                        S(s, ss->name), why)
                           : diag_error(D(s), ss->transfer_span, DIAG_TRANSFER_COMBINED,
                                        "step '%s' takes the pieces of the step before it in transfer lots, but '%s' "
                                        "cannot pass them on so: %s",
                                        S(s, ss->name), S(s, at->name), why);
        if (at != ss) diag_note(g, at->span, "step '%s'", S(s, at->name));
        diag_hint(g, "remove 'transfer', or plan the steps as whole operations");
    }
}

/* `on bench + operator`: a step runs on one machine at a time (E0427). The
 * one place that says so, for when a step can hold a second resource. */
static void report_second_machines(Sema *s, const AstNode *st, const AstNode *alt)
{
    char b1[256], b2[256];
    const AstNode *other = alt->as.alt.also.items[0];
    Span sp = {alt->span.file, alt->as.alt.machine->span.lo, alt->as.alt.also.items[alt->as.alt.also.len - 1]->span.hi};
    Diag *g = diag_error(D(s), sp, DIAG_TWO_MACHINES,
                         "step '%s' runs on '%s' + '%s': a step runs on one machine, or on one of alternatives "
                         "separated by '|'",
                         S(s, st->as.step.name), ast_name_str(alt->as.alt.machine, &s->m->strs, b1, sizeof b1),
                         ast_name_str(other, &s->m->strs, b2, sizeof b2));
    diag_hint(g, "a step that holds a second resource at the same time (an operator, a tool) cannot be planned yet");
}

/* A scrap rate (`scrap 5%`) or its complement (`yield 95%`) of a routing
 * step or a BOM line, as the share of pieces lost: at least 0 and below 1
 * (E0457); one of the two, not both (E0458). *out is left alone if there is
 * neither. False on an error. */
static bool value_loss(Sema *s, AstNode *scrap, AstNode *yield, double *out)
{
    if (scrap && yield) {
        AstNode *second = scrap->span.lo > yield->span.lo ? scrap : yield, *first = second == scrap ? yield : scrap;
        Diag *g = diag_error(D(s), second->as.setting.key_span, DIAG_SCRAP_AND_YIELD,
                             "both a scrap rate and a yield are given; they say the same thing twice");
        diag_note(g, first->as.setting.key_span, "the %s is given here", first == scrap ? "scrap rate" : "yield");
        diag_hint(g, "keep one: scrap 5%% is yield 95%%");
        return false;
    }
    AstNode *st = scrap ? scrap : yield;
    if (!st) return true;
    double x;
    if (!sema_value_num(s, st, TYPE_NUMBER, "a share of the pieces", "write a percentage, e.g. 5%, or a fraction, e.g. 0.05",
                   &x))
        return false;
    AstNode *v = st->as.setting.value;
    char b[64];
    snprintf(b, sizeof b, "%.6g", x * 100);
    if (scrap && !(x >= 0 && x < 1)) {
        Diag *g = diag_error(D(s), v->span, DIAG_SCRAP_RANGE,
                             "a scrap rate of %s%% %s: a rate is at least 0%% and below 100%%", b,
                             x >= 1 ? "leaves no good piece" : "is less than none");
        if (x >= 1 && v->kind == AST_NUM && !v->as.num.unit) {
            char w[64];
            snprintf(w, sizeof w, "%.6g", x);
            diag_hint(g, "'scrap %s' is %s%%: write scrap %s%% for %s in every hundred pieces", w, b, w, w);
        } else
            diag_hint(g, "the scrap rate is the share of the pieces started that are lost, e.g. scrap 5%%");
        return false;
    }
    if (yield && !(x > 0 && x <= 1)) {
        Diag *g = diag_error(D(s), v->span, DIAG_SCRAP_RANGE,
                             "a yield of %s%% %s: a yield is above 0%% and at most 100%%", b,
                             x > 1 ? "makes more good pieces than are started" : "makes no good piece");
        diag_hint(g, "the yield is the share of the pieces started that come out good, e.g. yield 95%%");
        return false;
    }
    *out = scrap ? x : 1 - x;
    return true;
}

/* Does an alternative of a step give resource needs (with ...) of its own? */
static bool alt_has_with(const AstNode *alt)
{
    for (uint32_t c = 0; c < alt->as.alt.clauses.len; c++)
        if (alt->as.alt.clauses.items[c]->kind == AST_WITH) return true;
    return false;
}

static void check_routing(Sema *s, SemProduct *pr, AstNode *routing, Sym ns)
{
    AstList *steps = &routing->as.block.items;
    uint32_t n = steps->len;
    pr->steps = n ? arena_alloc(&s->m->arena, n * sizeof(SemStep)) : NULL;
    pr->nsteps = 0;
    /* names first, so `after` may refer to a later step */
    for (uint32_t i = 0; i < n; i++) {
        AstNode *st = steps->items[i];
        for (uint32_t k = 0; k < i; k++)
            if (steps->items[k]->as.step.name == st->as.step.name) {
                Diag *g = diag_error(D(s), st->as.step.name_span, DIAG_DUPLICATE, "routing step '%s' is defined twice",
                                     S(s, st->as.step.name));
                diag_note(g, steps->items[k]->as.step.name_span, "first defined here");
                break;
            }
    }
    for (uint32_t i = 0; i < n; i++) {
        AstNode *st = steps->items[i];
        SemStep *ss = &pr->steps[i];
        memset(ss, 0, sizeof *ss);
        ss->name = st->as.step.name;
        ss->span = st->as.step.name_span;
        AstNode *seen[SET__COUNT];
        sema_gather_settings(s, AST_STEP, &st->as.step.clauses, seen);
        double setup = 0, run = 0;
        bool each = false, have_run = false;
        if (seen[SET_SETUP]) value_duration(s, seen[SET_SETUP], &setup);
        if (seen[SET_RUN]) have_run = step_value(s, seen[SET_RUN], &run, &each);
        if (seen[SET_WAIT]) value_duration(s, seen[SET_WAIT], &ss->wait);
        value_loss(s, seen[SET_SCRAP], seen[SET_YIELD], &ss->scrap);
        ss->within = -1;
        if (seen[SET_WITHIN]) check_within(s, ss, seen[SET_WITHIN]);
        if (seen[SET_TRANSFER]) check_transfer(s, ss, seen[SET_TRANSFER]);
        SemNeed *step_needs = NULL;
        uint32_t nstep_needs = 0;
        sema_needs(s, ns, &st->as.step.clauses, &step_needs, &nstep_needs);
        check_sublots(s, ss, seen);
        AstNode *on = NULL, *after = NULL;
        for (uint32_t k = 0; k < st->as.step.clauses.len; k++) {
            AstNode *cl = st->as.step.clauses.items[k];
            AstNode **slot = cl->kind == AST_ON ? &on : cl->kind == AST_AFTER ? &after : NULL;
            if (!slot) continue;
            if (*slot) {
                Diag *g = diag_error(D(s), cl->span, DIAG_DUPLICATE_SETTING, "'%s' is given twice in one step",
                                     cl->kind == AST_ON ? "on" : "after");
                diag_note(g, (*slot)->span, "first given here");
                if (cl->kind == AST_ON) diag_hint(g, "alternative machines are written on a | b");
                continue;
            }
            *slot = cl;
        }
        /* a clause the parser could not read (reported): say nothing of what is missing */
        bool broken = false;
        for (uint32_t k = 0; k < st->as.step.clauses.len; k++) {
            const AstNode *cl = st->as.step.clauses.items[k];
            broken |= cl->kind == AST_ERROR || (cl->kind == AST_SETTING && cl->as.setting.value->kind == AST_ERROR);
        }
        int after_qty = st->as.step.clauses.len == 0 ? follows_quantity(s, st->as.step.name_span) : 0;
        if (!on && after_qty == 2) {
            /* "run 2 min ech": a misspelt 'each' or unit, read as a new step */
            const char *w = S(s, st->as.step.name);
            Diag *g = diag_error(D(s), st->as.step.name_span, DIAG_SYNTAX, "unexpected name '%s' after a quantity", w);
            const char *u = unit_suggest(w);
            if (tk_edit_distance(w, "each", 2) <= 2) diag_hint(g, "did you mean 'each'?");
            else if (u) diag_hint(g, "'%s' is not a unit; did you mean '%s'?", w, u);
            else diag_hint(g, "a routing step starts with its name and 'on', as in: %s on MACHINE", w);
        } else if (!on) {
            /* "run 4 mns each" reads as the number 4 and a step "mns": the
             * misspelt unit is reported where the number is */
            if (after_qty != 1 && !broken) {
                Diag *g = diag_error(D(s), st->as.step.name_span, DIAG_MISSING_SETTING, "step '%s' has no machine",
                                     S(s, st->as.step.name));
                diag_hint(g, "say where it runs: %s on MACHINE run 5 min each", S(s, st->as.step.name));
            }
        } else {
            uint32_t na = on->as.on.alts.len;
            ss->alts = arena_alloc(&s->m->arena, na * sizeof(SemAlt));
            for (uint32_t k = 0; k < na; k++) {
                AstNode *alt = on->as.on.alts.items[k];
                SemAlt a;
                memset(&a, 0, sizeof a);
                a.span = alt->span;
                a.setup = setup;
                a.run = run;
                a.per_piece = each;
                a.machine = sema_resolve_entity(s, ns, alt->as.alt.machine, ENT_MACHINE, DIAG_UNKNOWN_MACHINE, "machine");
                if (alt->as.alt.also.len) report_second_machines(s, st, alt);
                AstNode *aseen[SET__COUNT];
                sema_gather_settings(s, AST_ALT, &alt->as.alt.clauses, aseen);
                for (uint32_t c = 0; c < alt->as.alt.clauses.len; c++) {
                    AstNode *cl = alt->as.alt.clauses.items[c];
                    if (cl->kind == AST_ATTR)
                        lookalike_not_a_clause(D(s), NULL, cl->as.attr.name_span, S(s, cl->as.attr.name), false);
                    else if (cl->kind != AST_SETTING && cl->kind != AST_WITH)
                        diag_error(D(s), cl->span, DIAG_SETTING_NOT_ALLOWED,
                                   "only setup, run, efficiency and resources (with) can differ between alternative "
                                   "machines");
                }
                a.needs = step_needs;
                a.nneeds = nstep_needs;
                sema_needs(s, ns, &alt->as.alt.clauses, &a.needs, &a.nneeds);
                if (aseen[SET_EFFICIENCY]) sema_efficiency(s, aseen[SET_EFFICIENCY], &a.efficiency);
                if (aseen[SET_SETUP]) value_duration(s, aseen[SET_SETUP], &a.setup);
                bool alt_run = false;
                if (aseen[SET_RUN]) alt_run = step_value(s, aseen[SET_RUN], &a.run, &a.per_piece);
                bool sub = a.machine >= 0 && s->machines.data[a.machine].subcontract;
                const SemMachine *bm = a.machine >= 0 && s->machines.data[a.machine].batch_cap > 0
                                           ? &s->machines.data[a.machine] : NULL;
                if (sub && (aseen[SET_SETUP] || aseen[SET_RUN] || aseen[SET_EFFICIENCY])) {
                    AstNode *cl = aseen[SET_SETUP] ? aseen[SET_SETUP] : aseen[SET_RUN] ? aseen[SET_RUN] : aseen[SET_EFFICIENCY];
                    Diag *g = diag_error(D(s), cl->as.setting.key_span, DIAG_SUBCONTRACT_USE,
                                         "'%s' is a subcontractor: work sent out takes its lead time, not a %s",
                                         S(s, s->machines.data[a.machine].name), ast_setting_name(cl->as.setting.key));
                    diag_note(g, s->machines.data[a.machine].span, "the subcontractor is defined here");
                    diag_hint(g, "give the subcontractor its lead (lead 5 d) and price (cost 3.50 EUR each)");
                } else if (sub && alt_has_with(alt)) {
                    Diag *g = diag_error(D(s), alt->span, DIAG_SUBCONTRACT_USE,
                                         "'%s' is a subcontractor: work sent out holds no resources of the plant",
                                         S(s, s->machines.data[a.machine].name));
                    diag_note(g, s->machines.data[a.machine].span, "the subcontractor is defined here");
                    diag_hint(g, "write the resources on the step (with ...): a step's resources are for its work in house");
                } else if (sub) {
                    a.setup = a.run = 0; /* its lead time is what it takes */
                    a.per_piece = false;
                    a.needs = NULL; /* the step's resources are for its work in house */
                    a.nneeds = 0;
                } else if (bm) {
                    bool times = seen[SET_SETUP] || seen[SET_RUN] || aseen[SET_SETUP] || aseen[SET_RUN] ||
                                 aseen[SET_EFFICIENCY];
                    if (!sema_batch_step(s, pr, st, alt, bm, na, times, a.nneeds > 0)) continue;
                    /* the operation takes the cycle, whatever its quantity */
                    a.setup = 0;
                    a.run = bm->batch_cycle;
                    a.per_piece = false;
                } else if (!have_run && !alt_run && !(seen[SET_RUN] || aseen[SET_RUN]) && !broken &&
                           !(a.machine >= 0 && s->machines.data[a.machine].batch_meant)) {
                    Diag *g = diag_error(D(s), alt->span, DIAG_MISSING_SETTING, "step '%s' has no run time on '%s'",
                                         S(s, st->as.step.name),
                                         a.machine >= 0 ? S(s, s->machines.data[a.machine].name) : "this machine");
                    diag_hint(g, "give the time per piece (run 4 min each) or per operation (run 2 h)");
                }
                if (a.machine < 0) continue;
                for (uint32_t q = 0; q < ss->nalts; q++)
                    if (ss->alts[q].machine == a.machine) {
                        diag_error(D(s), alt->span, DIAG_DUPLICATE, "machine '%s' is listed twice in this step",
                                   S(s, s->machines.data[a.machine].name));
                        goto skip;
                    }
                s->machines.data[a.machine].used = true;
                ss->alts[ss->nalts++] = a;
            skip:;
            }
        }
        /* precedence: `after` names steps; without it, the step before */
        if (after) {
            uint32_t np = after->as.after.names.len;
            ss->preds = np ? arena_alloc(&s->m->arena, np * sizeof(int32_t)) : NULL;
            for (uint32_t k = 0; k < np; k++) {
                AstNode *nm = after->as.after.names.items[k];
                int32_t found = -1;
                if (nm->as.name.n == 1)
                    for (uint32_t q = 0; q < n; q++)
                        if (steps->items[q]->as.step.name == nm->as.name.parts[0]) {
                            found = (int32_t)q;
                            break;
                        }
                if (found < 0) {
                    char buf[512];
                    const char *w = ast_name_str(nm, &s->m->strs, buf, sizeof buf);
                    Diag *g = diag_error(D(s), nm->span, DIAG_UNKNOWN_STEP, "this routing has no step '%s'", w);
                    const char *best = NULL;
                    int bestd = 3;
                    for (uint32_t q = 0; q < n; q++) {
                        int dd = tk_edit_distance(w, S(s, steps->items[q]->as.step.name), 2);
                        if (dd < bestd) {
                            bestd = dd;
                            best = S(s, steps->items[q]->as.step.name);
                        }
                    }
                    if (best) diag_hint(g, "did you mean '%s'?", best);
                    continue;
                }
                bool dup = false;
                for (uint32_t q = 0; q < ss->npreds; q++) dup |= ss->preds[q] == found;
                if (!dup) ss->preds[ss->npreds++] = found;
            }
        } else if (i > 0) {
            ss->preds = arena_alloc(&s->m->arena, sizeof(int32_t));
            ss->preds[0] = (int32_t)i - 1;
            ss->npreds = 1;
        }
        pr->nsteps++;
    }
    check_windows(s, pr);
    check_transfers(s, pr);
}

/* ---- subcontractors ----------------------------------------------------------------- */
/* subcontractor NAME { lead DURATION  cost MONEY [each]  calendar CAL }:
 * a SemMachine with `subcontract` set (it shares the machines' names). */
static void check_subcontractor(Sema *s, AstNode *d, Sym ns)
{
    Entity *e = entity_of(s, d, ns, d->as.decl.name);
    SemMachine tmp;
    memset(&tmp, 0, sizeof tmp);
    SemMachine *mc = e ? &s->machines.data[e->index] : &tmp;
    mc->subcontract = true;
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_SUBCONTRACTOR, &d->as.decl.items, seen);
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind != AST_SETTING) sema_not_allowed(s, it, AST_SUBCONTRACTOR);
    }
    double v;
    if (!seen[SET_LEAD]) {
        Diag *g = diag_error(D(s), d->as.decl.name_span, DIAG_SUBCONTRACT_SETTING,
                             "subcontractor '%s' has no lead time", S(s, d->as.decl.name));
        diag_hint(g, "say how long work sent out takes to come back, e.g. lead 5 d");
    } else if (value_duration(s, seen[SET_LEAD], &v)) {
        mc = e ? &s->machines.data[e->index] : &tmp;
        mc->lead = (int64_t)ceil(v - 1e-9);
    }
    if (seen[SET_COST]) {
        AstNode *cv = seen[SET_COST]->as.setting.value;
        Type t = const_type(s, cv);
        double x;
        Sym str;
        mc = e ? &s->machines.data[e->index] : &tmp;
        if (t.kind == TY_ERROR) {
        } else if (!type_is_money(t)) {
            char b[64];
            Diag *g = diag_error(D(s), cv->span, DIAG_SUBCONTRACT_SETTING,
                                 "a subcontractor's cost is a price, per piece or per operation, not %s", tn(t, b));
            diag_hint(g, "write 3.50 %s each (per piece) or 120 %s (per operation sent out)",
                      S(s, s->plant.currency ? s->plant.currency : intern_cstr(&s->m->strs, "EUR")),
                      S(s, s->plant.currency ? s->plant.currency : intern_cstr(&s->m->strs, "EUR")));
        } else if (sema_const_value(s, cv, &x, &str)) {
            if (x < 0) diag_error(D(s), cv->span, DIAG_NEGATIVE, "a cost must not be negative");
            else if (cv->kind == AST_NUM && cv->as.num.each) mc->cost_each = x;
            else mc->cost_fixed = x;
        }
    }
    if (seen[SET_CALENDAR]) {
        int32_t c = sema_resolve_entity(s, ns, seen[SET_CALENDAR]->as.setting.value, ENT_CALENDAR, DIAG_UNKNOWN_CALENDAR,
                                   "calendar");
        mc = e ? &s->machines.data[e->index] : &tmp;
        mc->calendar = c;
        if (c >= 0) s->calendars.data[c].used = true;
    }
}

static void check_bom(Sema *s, SemProduct *pr, AstNode *bom, Sym ns)
{
    AstList *lines = &bom->as.block.items;
    pr->bom = lines->len ? arena_alloc(&s->m->arena, lines->len * sizeof(SemBomLine)) : NULL;
    pr->nbom = 0;
    for (uint32_t i = 0; i < lines->len; i++) {
        AstNode *ln = lines->items[i];
        if (ln->kind == AST_ERROR) continue; /* reported by the parser */
        AstNode *item = ln->as.line.item;
        char buf[512];
        const char *w = ast_name_str(item, &s->m->strs, buf, sizeof buf);
        int32_t e = sema_lookup(s, ns, item);
        if (e < 0) {
            Diag *g = diag_error(D(s), item->span, DIAG_UNKNOWN_ITEM, "unknown material or product '%s'", w);
            sema_unknown_use(s, g, w, 1u << ENT_MATERIAL | 1u << ENT_PRODUCT, item->span);
            const char *best = sema_suggest(s, w, ENT_MATERIAL, false);
            const char *best2 = sema_suggest(s, w, ENT_PRODUCT, false);
            if (!best || (best2 && tk_edit_distance(w, best2, 3) < tk_edit_distance(w, best, 3))) best = best2;
            if (best) diag_hint(g, "did you mean '%s'?", best);
            continue;
        }
        const Entity *en = &s->entities.data[e];
        if (en->kind != ENT_MATERIAL && en->kind != ENT_PRODUCT) {
            Diag *g = diag_error(D(s), item->span, DIAG_WRONG_KIND, "'%s' is a %s; a bill of materials lists "
                                 "materials and products", w, entity_kind_name(en->kind));
            diag_note(g, en->span, "'%s' is defined here", S(s, en->name));
            continue;
        }
        if (en->kind == ENT_PRODUCT) s->products.data[en->index].used = true;
        else s->materials.data[en->index].used = true;
        SemBomLine bl;
        memset(&bl, 0, sizeof bl);
        bl.is_product = en->kind == ENT_PRODUCT;
        bl.item = en->index;
        bl.span = ln->span;
        static const int8_t nodim[DIM__COUNT] = {0, 0, 0, 0};
        const SemMaterial *mt = bl.is_product ? NULL : &s->materials.data[en->index];
        if (!value_qty(s, ln->as.line.qty, "the quantity", w, mt ? mt->dim : nodim, mt ? mt->uom_scale : 1,
                       mt ? mt->uom : intern_cstr(&s->m->strs, "pcs"), &bl.qty))
            continue;
        if (bl.qty <= 0) {
            diag_error(D(s), ln->as.line.qty->span, DIAG_NOT_POSITIVE, "a BOM quantity must be more than zero");
            continue;
        }
        if (ln->as.line.loss) {
            AstNode *l = ln->as.line.loss;
            if (!value_loss(s, l->as.setting.key == SET_SCRAP ? l : NULL, l->as.setting.key == SET_YIELD ? l : NULL,
                            &bl.scrap))
                continue;
        }
        for (uint32_t k = 0; k < pr->nbom; k++)
            if (pr->bom[k].is_product == bl.is_product && pr->bom[k].item == bl.item) {
                Diag *g = diag_error(D(s), item->span, DIAG_DUPLICATE, "'%s' is listed twice in this bill of materials",
                                     w);
                diag_note(g, pr->bom[k].span, "first listed here");
                goto next;
            }
        if (bl.is_product) s->products.data[bl.item].used = true;
        else s->materials.data[bl.item].used = true;
        pr->bom[pr->nbom++] = bl;
    next:;
    }
}

/* ---- make or buy ------------------------------------------------------------------------ */
/* A product's purchase alternative (docs/language.md, "Make or buy"): its
 * price per piece (required, above zero), lead time (calendar time, not
 * negative), lot rules as a material's, supplier and receiving calendar. */
static void check_buy(Sema *s, SemProduct *pr, AstNode *blk, Sym ns, const char *name)
{
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_BUY, &blk->as.block.items, seen);
    for (uint32_t i = 0; i < blk->as.block.items.len; i++) {
        AstNode *it = blk->as.block.items.items[i];
        if (it->kind != AST_SETTING) sema_not_allowed(s, it, AST_BUY);
    }
    SemBuy *b = &pr->buy;
    memset(b, 0, sizeof *b);
    b->has = true;
    b->receiving = -1;
    b->span = blk->span;
    if (!seen[SET_COST]) {
        Diag *g = diag_error(D(s), blk->span, DIAG_BUY_VALUE, "the purchase alternative of '%s' has no price", name);
        diag_hint(g, "give its price per piece: buy { cost 15 EUR  lead 10 d }");
    } else {
        AstNode *v = seen[SET_COST]->as.setting.value;
        Type t = const_type(s, v);
        double x;
        Sym str;
        if (t.kind == TY_ERROR) {
        } else if (!type_is_money(t)) {
            char b1[64];
            Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "the price of a bought '%s' must be money, not %s",
                                 name, tn(t, b1));
            diag_hint(g, "write the price of one piece: cost 15 EUR");
        } else if (sema_const_value(s, v, &x, &str)) {
            if (!(x > 0) || !(x <= TAKT_MAX_MONEY)) {
                Diag *g = diag_error(D(s), v->span, DIAG_BUY_VALUE, "the price of a bought '%s' must be more than zero%s",
                                     name, x > 0 ? " and within the limit of money (docs/limits.md)" : "");
                diag_hint(g, "a part that costs nothing to buy is stock: give it as the product's 'stock'");
            } else b->price = x;
        }
    }
    double v;
    if (seen[SET_LEAD]) {
        AstNode *lv = seen[SET_LEAD]->as.setting.value;
        Type lt = const_type(s, lv);
        Sym str;
        if (lt.kind != TY_ERROR && type_is_duration(lt) && sema_const_value(s, lv, &v, &str) && v < 0) {
            Diag *g = diag_error(D(s), lv->span, DIAG_BUY_VALUE, "the lead time of a bought '%s' must not be negative",
                                 name);
            diag_hint(g, "the lead time runs from ordering to arrival: lead 10 d, or lead 0 d");
        } else if (value_duration(s, seen[SET_LEAD], &v)) b->lead = (int64_t)llround(v);
    }
    static const int8_t nodim[DIM__COUNT] = {0, 0, 0, 0};
    check_lot(s, seen, &b->lot, name, nodim, 1, intern_cstr(&s->m->strs, "pcs"), DIAG_BUY_LOT_CONFLICT);
    if (seen[SET_SUPPLIER]) {
        AstNode *sv = seen[SET_SUPPLIER]->as.setting.value;
        if (sv->kind != AST_STR) {
            Diag *g = diag_error(D(s), sv->span, DIAG_WRONG_TYPE, "a supplier is named by a string");
            diag_hint(g, "supplier \"Hydra GmbH\"");
        } else {
            b->supplier = sv->as.str.value;
            check_text_name(s, b->supplier, sv->span, "supplier");
        }
    }
    Span rs;
    b->receiving = receiving_calendar(s, ns, seen[SET_RECEIVING], &rs);
}

/* `source POLICY`: in_time (the default with a buy block), cheapest, make,
 * buy. A policy other than make needs a buy block (E0462); a buy block
 * that `source make` never uses is warned about (W0021). */
static void check_source(Sema *s, SemProduct *pr, AstNode *st, AstNode *buy, const char *name)
{
    pr->source = buy ? SOURCE_IN_TIME : SOURCE_MAKE;
    if (!st) return;
    pr->source_span = st->as.setting.key_span;
    AstNode *pv = st->as.setting.value;
    const char *w = pv->kind == AST_NAME && pv->as.name.n == 1 ? S(s, pv->as.name.parts[0]) : NULL;
    static const char *const words[] = {"make", "in_time", "cheapest", "buy"};
    int k = -1;
    for (int i = 0; i < 4 && w; i++)
        if (strcmp(w, words[i]) == 0) k = i;
    if (k < 0) {
        if (pv->kind == AST_ERROR) return;
        Diag *g = diag_error(D(s), pv->span, DIAG_SOURCE_POLICY, "unknown make-or-buy policy");
        diag_hint(g, "source in_time (make when the plant can deliver in time, else buy), source cheapest, source "
                     "make or source buy");
        return;
    }
    pr->source = (uint8_t)k;
    if (k != SOURCE_MAKE && !buy) {
        Diag *g = diag_error(D(s), pv->span, DIAG_SOURCE_NO_BUY, "'%s' cannot be bought: it has no purchase alternative",
                             name);
        diag_hint(g, "give its price and lead time: buy { cost 15 EUR  lead 10 d }");
    } else if (k == SOURCE_MAKE && buy) {
        Diag *g = diag_warning(D(s), buy->span, DIAG_BUY_UNUSED,
                               "'%s' is always made (source make): its purchase alternative is not used", name);
        diag_note(g, st->as.setting.key_span, "the policy");
        diag_hint(g, "a planner's override; remove 'source make' to let the planner choose");
    }
}

static void check_product(Sema *s, AstNode *d, Sym ns)
{
    Entity *e = entity_of(s, d, ns, d->as.decl.name);
    SemProduct tmp;
    memset(&tmp, 0, sizeof tmp);
    int32_t idx = e ? e->index : -1;
#define PR (idx >= 0 ? &s->products.data[idx] : &tmp)
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_PRODUCT, &d->as.decl.items, seen);
    static const int8_t nodim[DIM__COUNT] = {0, 0, 0, 0};
    Sym pcs = intern_cstr(&s->m->strs, "pcs");
    const char *name = S(s, d->as.decl.name);
    check_lot(s, seen, &PR->lot, name, nodim, 1, pcs, DIAG_LOT_CONFLICT);
    double v;
    if (seen[SET_STOCK] && value_qty(s, seen[SET_STOCK]->as.setting.value, "stock", name, nodim, 1, pcs, &v)) {
        if (v < 0) diag_error(D(s), seen[SET_STOCK]->as.setting.value->span, DIAG_NEGATIVE, "stock must not be negative");
        else PR->stock = v;
    }
    AstNode *bom = NULL, *routing = NULL, *buy = NULL;
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind == AST_BOM || it->kind == AST_ROUTING) {
            AstNode **slot = it->kind == AST_BOM ? &bom : &routing;
            if (*slot) {
                Diag *g = diag_error(D(s), it->span, DIAG_DUPLICATE_SETTING, "a product has one %s",
                                     it->kind == AST_BOM ? "bill of materials" : "routing");
                diag_note(g, (*slot)->span, "the first is here");
                continue;
            }
            *slot = it;
            if (it->kind == AST_BOM) check_bom(s, PR, it, ns);
            else check_routing(s, PR, it, ns);
        } else if (it->kind == AST_BUY) {
            if (buy) {
                Diag *g = diag_error(D(s), it->span, DIAG_DUPLICATE_SETTING, "a product has one purchase alternative");
                diag_note(g, buy->span, "the first is here");
                continue;
            }
            buy = it;
            check_buy(s, PR, it, ns, name);
        } else if (it->kind != AST_SETTING && it->kind != AST_ATTR) sema_not_allowed(s, it, AST_PRODUCT);
    }
    check_source(s, PR, seen[SET_SOURCE], buy, name);
    if (!routing && !bom) {
        Diag *g = diag_error(D(s), d->as.decl.name_span, DIAG_EMPTY_ROUTING,
                             "product '%s' has neither a routing nor a bill of materials", name);
        diag_hint(g, "a product is made by a routing; something bought is a material");
    } else if (routing && routing->as.block.items.len == 0 && !diag_errors_within(D(s), routing->span)) {
        Diag *g = diag_error(D(s), routing->span, DIAG_EMPTY_ROUTING, "the routing of '%s' has no steps", name);
        diag_hint(g, "write one step per line: cut on saw run 4 min each");
    }
#undef PR
}

/* ---- orders and forecasts ------------------------------------------------------------ */
static void check_order(Sema *s, AstNode *d, Sym ns)
{
    int32_t oi = order_index(s, d);
    SemOrder tmp;
    memset(&tmp, 0, sizeof tmp);
#define OR (oi >= 0 ? &s->orders.data[oi] : &tmp)
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_ORDER, &d->as.decl.items, seen);
    const char *oname = S(s, d->as.decl.name);
    check_text_name(s, d->as.decl.name, d->as.decl.name_span, "order");
    /* the product line: NAME QUANTITY where NAME is a product */
    AstNode *line = NULL;
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (!is_product_line(s, it, ns)) continue;
        if (line) {
            Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_DUPLICATE_SETTING, "order '%s' names two products",
                                 oname);
            diag_note(g, line->as.attr.name_span, "the first is here");
            diag_hint(g, "an order is for one product; write one order per product");
            continue;
        }
        line = it;
    }
    if (!line) {
        /* a misspelt product: the first NAME NUMBER item that is no declared
         * attribute of other orders */
        for (uint32_t i = 0; i < d->as.decl.items.len && !line; i++) {
            AstNode *it = d->as.decl.items.items[i];
            /* ... or the first item, when the parser found it without its quantity */
            if (it->kind == AST_ATTR && it->as.attr.value &&
                ((it->as.attr.value->kind == AST_NUM && it->as.attr.value->as.num.unit == SYM_NONE) ||
                 (i == 0 && it->as.attr.value->kind == AST_ERROR))) {
                Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_UNKNOWN_PRODUCT, "unknown product '%s'",
                                     S(s, it->as.attr.name));
                sema_unknown_use(s, g, S(s, it->as.attr.name), 1u << ENT_PRODUCT, it->as.attr.name_span);
                const char *best = sema_suggest(s, S(s, it->as.attr.name), ENT_PRODUCT, false);
                if (best) diag_suggest(g, it->as.attr.name_span, best);
                line = it;
                OR->product = -1;
                goto settings;
            }
        }
        Diag *g = diag_error(D(s), d->as.decl.name_span, DIAG_MISSING_SETTING, "order '%s' names no product", oname);
        diag_hint(g, "write the product and the quantity first: { bicycle 40  due 2026-12-10 }");
    } else {
        AstNode tmpn;
        memset(&tmpn, 0, sizeof tmpn);
        tmpn.kind = AST_NAME;
        Sym part = line->as.attr.name;
        Span sp = line->as.attr.name_span;
        tmpn.as.name.parts = &part;
        tmpn.as.name.spans = &sp;
        tmpn.as.name.n = 1;
        tmpn.span = sp;
        int32_t pidx = sema_resolve_entity(s, ns, &tmpn, ENT_PRODUCT, DIAG_UNKNOWN_PRODUCT, "product");
        OR->product = pidx;
        if (pidx >= 0) s->products.data[pidx].used = true;
        static const int8_t nodim[DIM__COUNT] = {0, 0, 0, 0};
        double q;
        if (value_qty(s, line->as.attr.value, "the quantity", S(s, line->as.attr.name), nodim, 1,
                      intern_cstr(&s->m->strs, "pcs"), &q)) {
            if (q <= 0)
                diag_error(D(s), line->as.attr.value->span, DIAG_NOT_POSITIVE, "an order's quantity must be more than zero");
            else if (q != floor(q))
                diag_error(D(s), line->as.attr.value->span, DIAG_BAD_VALUE, "an order is for whole pieces");
            else if (q > 1e9)
                diag_error(D(s), line->as.attr.value->span, DIAG_BAD_VALUE, "an order of more than 10^9 pieces");
            else OR->qty = q;
        }
    }
settings:
    if (seen[SET_DUE]) {
        if (value_datetime(s, seen[SET_DUE], true, &OR->due)) {
            OR->due_span = seen[SET_DUE]->as.setting.value->span;
            OR->due_is_date = seen[SET_DUE]->as.setting.value->kind == AST_DATE;
        }
    } else {
        Diag *g = diag_error(D(s), d->as.decl.name_span, DIAG_MISSING_SETTING, "order '%s' has no due date", oname);
        diag_hint(g, "add: due 2026-12-10");
    }
    OR->release = s->plant.start;
    if (seen[SET_RELEASE]) {
        if (value_datetime(s, seen[SET_RELEASE], false, &OR->release))
            OR->release_span = seen[SET_RELEASE]->as.setting.value->span;
    }
    double v;
    if (seen[SET_PRIORITY] && sema_value_num(s, seen[SET_PRIORITY], TYPE_NUMBER, "a number", NULL, &v)) {
        if (v < 0) diag_error(D(s), seen[SET_PRIORITY]->as.setting.value->span, DIAG_NEGATIVE, "priority must not be negative");
        else OR->priority = v;
    }
    if (seen[SET_PENALTY] &&
        sema_value_num(s, seen[SET_PENALTY], TYPE_MONEY_RATE, "money per time late",
                  "write a rate, e.g. 50 EUR/day", &v)) {
        if (v < 0) diag_error(D(s), seen[SET_PENALTY]->as.setting.value->span, DIAG_NEGATIVE, "a penalty must not be negative");
        else OR->penalty = v;
    }
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind != AST_SETTING && it->kind != AST_ATTR) sema_not_allowed(s, it, AST_ORDER);
    }
#undef OR
}

static int period_cmp(const void *a, const void *b)
{
    const SemPeriod *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from ? 1 : 0;
}

int32_t sema_resolve_product(Sema *s, Sym ns, AstNode *name)
{
    return sema_resolve_entity(s, ns, name, ENT_PRODUCT, DIAG_UNKNOWN_PRODUCT, "product");
}

bool sema_period_qty(Sema *s, AstNode *v, int32_t p, const char *what, double *q)
{
    static const int8_t nodim[DIM__COUNT] = {0, 0, 0, 0};
    return value_qty(s, v, what, p >= 0 ? S(s, s->products.data[p].name) : "the product", nodim, 1,
                     intern_cstr(&s->m->strs, "pcs"), q);
}

static void check_forecast(Sema *s, AstNode *d, Sym ns)
{
    SemForecast f;
    memset(&f, 0, sizeof f);
    f.span = d->span;
    f.product = sema_resolve_entity(s, ns, d->as.forecast.product, ENT_PRODUCT, DIAG_UNKNOWN_PRODUCT, "product");
    uint32_t n = d->as.forecast.items.len;
    f.periods = n ? arena_alloc(&s->m->arena, n * sizeof(SemPeriod)) : NULL;
    static const int8_t nodim[DIM__COUNT] = {0, 0, 0, 0};
    for (uint32_t i = 0; i < n; i++) {
        AstNode *p = d->as.forecast.items.items[i];
        SemPeriod sp;
        sp.from = p->as.period.from;
        sp.to = p->as.period.to;
        sp.span = p->span;
        if (sp.to < sp.from) {
            Diag *g = diag_error(D(s), p->span, DIAG_INVERTED_RANGE, "forecast period ends before it starts");
            diag_hint(g, "write the earlier date first: FROM .. TO");
            continue;
        }
        if (!value_qty(s, p->as.period.qty, "the forecast", f.product >= 0 ? S(s, s->products.data[f.product].name) : "the product",
                       nodim, 1, intern_cstr(&s->m->strs, "pcs"), &sp.qty))
            continue;
        if (sp.qty < 0) {
            diag_error(D(s), p->as.period.qty->span, DIAG_NEGATIVE, "a forecast must not be negative");
            continue;
        }
        f.periods[f.nperiods++] = sp;
    }
    if (f.product < 0) return;
    s->products.data[f.product].used = true;
    /* overlaps, against this and earlier forecasts of the same product */
    TK_VEC_OF(SemPeriod) all = {0};
    for (uint32_t k = 0; k < s->forecasts.len; k++)
        if (s->forecasts.data[k].product == f.product)
            for (uint32_t q = 0; q < s->forecasts.data[k].nperiods; q++) vec_push(&all, s->forecasts.data[k].periods[q]);
    for (uint32_t q = 0; q < f.nperiods; q++) vec_push(&all, f.periods[q]);
    if (all.len > 1) qsort(all.data, all.len, sizeof(SemPeriod), period_cmp);
    for (uint32_t q = 1; q < all.len; q++)
        if (all.data[q].from <= all.data[q - 1].to) {
            Diag *g = diag_error(D(s), all.data[q].span, DIAG_FORECAST_OVERLAP, "forecast periods overlap");
            diag_note(g, all.data[q - 1].span, "the other period");
            break;
        }
    vec_free(&all);
    vec_push(&s->forecasts, f);
}

/* ---- rules and the schedule ------------------------------------------------------------ */
static const char *const reserved_rule_names[] = {
    "now", "remaining_work", "order", "job", "operation", "machine", "prev", "min", "max", "abs", "exp", "log",
    "sqrt", "floor", "ceil", "round", "pow", "clamp", "makespan", "tardiness", "max_tardiness",
    "weighted_tardiness", "penalty", "cost", "setups", "setup_time", "late_orders", "flow_time",
    "moved", "reassigned", "shifted",
};

static void check_rule_decl(Sema *s, AstNode *d, Sym ns)
{
    const char *name = S(s, d->as.rule.name);
    for (size_t i = 0; i < TK_COUNTOF(reserved_rule_names); i++)
        if (strcmp(name, reserved_rule_names[i]) == 0) {
            Diag *g = diag_error(D(s), d->as.rule.name_span, DIAG_RESERVED_NAME, "'%s' is a built-in name", name);
            diag_hint(g, "choose another name for the rule");
            return;
        }
    Entity *e = entity_of(s, d, ns, d->as.rule.name);
    if (!e) {
        /* a duplicate: still check its body for errors of its own */
        SemRule tmp;
        memset(&tmp, 0, sizeof tmp);
        ExprCtx cx = {SCOPE_RULE, ns, &tmp};
        sema_expr(s, &cx, d->as.rule.body);
        return;
    }
    sema_check_rule(s, e->index);
}

/* The levels of a dispatch rule or an objective (`A then B then C`), each
 * checked as the setting alone would be, into out[]; how many, or 0 if
 * any has an error or there are more than SEM_MAX_LEVELS (E0456). */
static uint32_t schedule_levels(Sema *s, AstNode *setting, Sym ns, AstNode *out[SEM_MAX_LEVELS])
{
    AstNode *v = setting->as.setting.value;
    bool objective = setting->as.setting.key == SET_MINIMIZE;
    AstNode **lv = v->kind == AST_THEN ? v->as.block.items.items : &v;
    uint32_t n = v->kind == AST_THEN ? v->as.block.items.len : 1;
    if (n > SEM_MAX_LEVELS) {
        Diag *g = diag_error(D(s), lv[SEM_MAX_LEVELS]->span, DIAG_TOO_MANY_LEVELS,
                             "%s has %u levels; at most %d are allowed", objective ? "the objective" : "the dispatch rule",
                             n, SEM_MAX_LEVELS);
        diag_hint(g, "a later level only breaks the ties of every level before it: drop the levels that never decide");
        return 0;
    }
    bool ok = true;
    char b[64];
    for (uint32_t i = 0; i < n; i++) {
        AstNode *e = lv[i];
        ExprCtx cx = {objective ? SCOPE_OBJECTIVE : SCOPE_RULE, ns, NULL};
        Type t = sema_expr(s, &cx, e);
        if (t.kind == TY_DATE) t = type_of(TY_DATETIME);
        if (t.kind == TY_ERROR) {
            ok = false;
            continue;
        }
        if (objective && t.kind != TY_NUM) {
            diag_error(D(s), e->span, DIAG_NOT_ORDERED, "an objective must be a number, duration or money, not %s",
                       tn(t, b));
            ok = false;
        } else if (!objective && (t.kind == TY_BOOL || t.kind == TY_STRING)) {
            Diag *g = diag_error(D(s), e->span, DIAG_NOT_ORDERED, "a dispatch rule must give a value to sort by, not %s",
                                 tn(t, b));
            diag_hint(g, "the job with the smallest value goes first; e.g. dispatch order.due");
            ok = false;
        }
        out[i] = e;
    }
    return ok ? n : 0;
}

static void check_schedule(Sema *s, AstNode *d, Sym ns)
{
    if (s->schedule.span.file) return; /* second block: reported */
    SemSchedule *sc = &s->schedule;
    sc->span = d->span;
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_SCHEDULE, &d->as.decl.items, seen);
    for (uint32_t i = 0; i < d->as.decl.items.len; i++)
        if (d->as.decl.items.items[i]->kind != AST_SETTING) sema_not_allowed(s, d->as.decl.items.items[i], AST_SCHEDULE);
    if (seen[SET_DISPATCH]) {
        uint32_t n = schedule_levels(s, seen[SET_DISPATCH], ns, sc->dispatch_levels);
        sc->ndispatch = n;
        sc->dispatch = n ? sc->dispatch_levels[0] : NULL;
    }
    if (seen[SET_MINIMIZE]) {
        uint32_t n = schedule_levels(s, seen[SET_MINIMIZE], ns, sc->objective_levels);
        sc->nobjective = n;
        sc->objective = n ? sc->objective_levels[0] : NULL;
    }
    double v;
    if (seen[SET_SEARCH] && value_duration(s, seen[SET_SEARCH], &v)) sc->search_seconds = v * 60;
    int64_t iv;
    if (seen[SET_ITERATIONS] && sema_value_int(s, seen[SET_ITERATIONS], 0, &iv)) sc->iterations = iv;
    if (seen[SET_SEED] && sema_value_int(s, seen[SET_SEED], 0, &iv)) sc->seed = (uint64_t)iv;
    if (seen[SET_FROZEN] && value_duration(s, seen[SET_FROZEN], &v)) {
        sc->frozen = (int64_t)ceil(v - 1e-9);
        sc->frozen_span = seen[SET_FROZEN]->as.setting.key_span;
    }
    if (seen[SET_THREADS] && sema_value_int(s, seen[SET_THREADS], 1, &iv)) {
        if (iv > 256) diag_error(D(s), seen[SET_THREADS]->as.setting.value->span, DIAG_BAD_VALUE, "at most 256 threads");
        else sc->threads = (int)iv;
    }
    if (seen[SET_RELEASE]) {
        /* the release policy (docs/planning.md, "Release"): a plain name */
        AstNode *pv = seen[SET_RELEASE]->as.setting.value;
        const char *w = pv->kind == AST_NAME && pv->as.name.n == 1 ? S(s, pv->as.name.parts[0]) : NULL;
        if (w && strcmp(w, "just_in_time") == 0) sc->jit_release = true;
        else if (!w || strcmp(w, "as_soon_as_possible") != 0) {
            Diag *g = diag_error(D(s), pv->span, DIAG_RELEASE_POLICY, "unknown release policy");
            diag_hint(g, "release as_soon_as_possible (work orders start when they may) or release just_in_time "
                         "(as late as their due dates allow)");
        }
    }
}

/* ---- actuals ------------------------------------------------------------------------------ */
static int32_t lookup_plain(Sema *s, Sym name, EntityKind want)
{
    if (name >= s->nby_sym || s->by_sym[name] < 0) return -1;
    const Entity *en = &s->entities.data[s->by_sym[name]];
    return en->kind == want ? en->index : -1;
}

int32_t sema_lookup_plain(Sema *s, Sym name, EntityKind want) { return lookup_plain(s, name, want); }

/* The product a work order name stands for, as the planner names work
 * orders (docs/plan-format.md): ORDER or FC-PRODUCT-DATE, then /COMPONENT
 * for each level down, each part maybe with a lot number .N. -1 with a
 * diagnostic if the model cannot have such a work order. */
static int32_t wo_product_in(Sema *s, Sym wo, Span at, int32_t *order, char *part, char *pn);

int32_t sema_wo_product(Sema *s, Sym wo, Span at, int32_t *order)
{
    /* a part of the name, and a product's name in it: any length */
    size_t n = strlen(S(s, wo)) + 1;
    char *part = tk_xalloc(n), *pn = tk_xalloc(n);
    int32_t r = wo_product_in(s, wo, at, order, part, pn);
    tk_free(part);
    tk_free(pn);
    return r;
}

static int32_t wo_product_in(Sema *s, Sym wo, Span at, int32_t *order, char *part, char *pn)
{
    const char *name = S(s, wo);
    const char *p = name;
    int32_t prod = -1;
    *order = -1;
    for (int level = 0; *p; level++) {
        size_t n = strcspn(p, "/");
        memcpy(part, p, n);
        part[n] = 0;
        p += n;
        if (*p == '/') p++;
        /* a lot number */
        char *dot = strrchr(part, '.');
        if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1)) *dot = 0;
        if (level == 0) {
            Sym y = intern_find(&s->m->strs, part, strlen(part));
            int32_t o = y != SYM_NONE && y < s->norder_by_sym ? s->order_by_sym[y] : -1;
            if (o >= 0) {
                *order = o;
                prod = s->orders.data[o].product;
            } else if (strncmp(part, "FC-", 3) == 0 && strlen(part) > 14) {
                /* FC-PRODUCT-YYYY-MM-DD */
                size_t pl = strlen(part) - 3 - 11;
                memcpy(pn, part + 3, pl);
                pn[pl] = 0;
                Sym py = intern_find(&s->m->strs, pn, pl);
                prod = py != SYM_NONE ? lookup_plain(s, py, ENT_PRODUCT) : -1;
                bool has = false;
                for (uint32_t k = 0; k < s->forecasts.len; k++) has |= s->forecasts.data[k].product == prod;
                if (!has) prod = -1;
            }
            if (prod < 0) {
                Diag *g = diag_error(D(s), at, DIAG_UNKNOWN_WORK_ORDER, "no order '%s' for work order '%s'",
                                     part, name);
                diag_hint(g, "a work order is named after its customer order (SO-1001), then each component "
                             "(SO-1001/frame), as in the plan file");
                return -1;
            }
            continue;
        }
        int32_t child = -1;
        const SemProduct *pr = &s->products.data[prod];
        for (uint32_t k = 0; k < pr->nbom; k++)
            if (pr->bom[k].is_product && strcmp(S(s, s->products.data[pr->bom[k].item].name), part) == 0)
                child = pr->bom[k].item;
        if (child < 0) {
            Diag *g = diag_error(D(s), at, DIAG_UNKNOWN_WORK_ORDER,
                                 "'%s' is not a component of '%s', so there is no work order '%s'", part,
                                 S(s, pr->name), name);
            diag_note(g, pr->span, "'%s' is defined here", S(s, pr->name));
            return -1;
        }
        prod = child;
    }
    return prod;
}

static int32_t wo_product(Sema *s, const SemActual *a, int32_t *order)
{
    return sema_wo_product(s, a->wo, a->wo_span, order);
}

static bool actual_time(Sema *s, AstNode *v, const char *what, int64_t *out)
{
    Type t = const_type(s, v);
    if (t.kind == TY_ERROR) return false;
    if (t.kind != TY_DATETIME && t.kind != TY_DATE) {
        char b[64];
        Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "%s must be a date and time, not %s", what, tn(t, b));
        diag_hint(g, "write it like 2026-12-08 14:30");
        return false;
    }
    double x;
    Sym str;
    if (!sema_const_value(s, v, &x, &str)) return false;
    *out = (int64_t)llround(x);
    return true;
}

static bool actual_count(Sema *s, AstNode *v, const char *what, double *out)
{
    Type t = const_type(s, v);
    if (t.kind == TY_ERROR) return false;
    Sym str;
    if (!type_is_dimensionless(t) || !sema_const_value(s, v, out, &str)) {
        char b[64];
        diag_error(D(s), v->span, DIAG_WRONG_TYPE, "%s must be a number of pieces, not %s", what, tn(t, b));
        return false;
    }
    if (*out < 0) {
        diag_error(D(s), v->span, DIAG_NEGATIVE, "%s must not be negative", what);
        return false;
    }
    return true;
}

/* An actual names a material the model does not have. */
static void unknown_material(Sema *s, Sym name, Span at)
{
    Diag *g = diag_error(D(s), at, DIAG_UNKNOWN_ITEM, "unknown material '%s'", S(s, name));
    sema_unknown_use(s, g, S(s, name), 1u << ENT_MATERIAL, at);
    const char *best = sema_suggest(s, S(s, name), ENT_MATERIAL, false);
    if (best) diag_suggest(g, at, best);
}

/* The step of pr named name, -1 if none: tried first at guess, as a work
 * order's reports come step after step. */
static int32_t step_named(const SemProduct *pr, Sym name, int32_t guess)
{
    if (guess >= 0 && (uint32_t)guess < pr->nsteps && pr->steps[guess].name == name) return guess;
    for (uint32_t k = 0; k < pr->nsteps; k++)
        if (pr->steps[k].name == name) return (int32_t)k;
    return -1;
}

int32_t sema_step_named(const SemProduct *pr, Sym name, int32_t guess) { return step_named(pr, name, guess); }

/* Whether machine m is one of the step's alternatives. */
static bool step_runs_on(const SemStep *st, int32_t m)
{
    for (uint32_t k = 0; k < st->nalts; k++)
        if (st->alts[k].machine == m) return true;
    return false;
}

/* The actuals are a big buffer (tk_big_alloc), not a vector: a week of
 * reports is megabytes, and a big buffer may be one just given back (the
 * text of the file as read), already faulted in. */
static void actuals_reserve(Sema *s, uint32_t n)
{
    if (s->actuals.cap >= n) return;
    uint32_t cap = s->actuals.cap ? s->actuals.cap * 2 : 64;
    if (cap < n) cap = n;
    s->actuals.data = tk_big_xrealloc(s->actuals.data, (size_t)s->actuals.len * sizeof(SemActual),
                                      (size_t)cap * sizeof(SemActual));
    s->actuals.cap = cap;
}

static SemActual *actual_slot(Sema *s)
{
    actuals_reserve(s, s->actuals.len + 1);
    return &s->actuals.data[s->actuals.len++];
}

/* The times and quantities of a record read whole (compiler/act_record.c):
 * plain literals, so only the checks between them remain. */
static void act_op_whole(Sema *s, const AstActOp *r, SemActual *a, bool ok)
{
    a->start = r->start;
    if (r->has_end) a->end = r->end;
    if (r->has_setup) a->setup = r->setup;
    if (r->has_good) a->good = r->good;
    if (r->has_scrap) a->scrap = r->scrap;
    if (a->start < s->plant.start) {
        diag_error(D(s), r->start_span, DIAG_ACTUAL_TIME, "the operation starts before the plant's start");
        ok = false;
    }
    if (r->has_end && a->end <= a->start) {
        Diag *g = diag_error(D(s), r->end_span, DIAG_ACTUAL_TIME, "the operation ends before it starts");
        diag_note(g, r->start_span, "it starts here");
        ok = false;
    }
    if (ok) *actual_slot(s) = *a;
}

static void check_act_op(Sema *s, AstNode *it)
{
    SemActual a;
    memset(&a, 0, sizeof a);
    a.wo = it->as.act_op->wo;
    a.span = it->span;
    a.wo_span = it->as.act_op->wo_span;
    a.end = -1;
    a.setup = -1;
    if (a.wo == s->last_wo.wo && a.wo != SYM_NONE) {
        a.product = s->last_wo.product;
        a.order = s->last_wo.order;
    } else {
        a.product = wo_product(s, &a, &a.order);
        if (a.product >= 0) s->last_wo.wo = a.wo, s->last_wo.product = a.product, s->last_wo.order = a.order;
        s->last_wo.step = -1;
    }
    bool ok = a.product >= 0;
    /* the step: the one after the work order's last report is tried first */
    a.step = -1;
    if (ok) {
        const SemProduct *pr = &s->products.data[a.product];
        Sym step = it->as.act_op->step;
        a.step = step_named(pr, step, s->last_wo.step + 1);
        s->last_wo.step = a.step;
        if (a.step < 0) {
            const char *sn = S(s, step);
            Diag *g = diag_error(D(s), it->as.act_op->step_span, DIAG_UNKNOWN_STEP, "'%s' has no step '%s'",
                                 S(s, pr->name), sn);
            const char *best = NULL;
            int bestd = 3;
            for (uint32_t k = 0; k < pr->nsteps; k++) {
                int dd = tk_edit_distance(sn, S(s, pr->steps[k].name), bestd);
                if (dd < bestd) bestd = dd, best = S(s, pr->steps[k].name);
            }
            if (best) diag_hint(g, "did you mean '%s'?", best);
            else diag_note(g, pr->span, "'%s' is defined here", S(s, pr->name));
            ok = false;
        }
    }
    /* the machine and unit */
    a.machine = lookup_plain(s, it->as.act_op->machine, ENT_MACHINE);
    if (a.machine < 0) {
        Diag *g = diag_error(D(s), it->as.act_op->machine_span, DIAG_UNKNOWN_MACHINE, "unknown machine '%s'",
                             S(s, it->as.act_op->machine));
        sema_unknown_use(s, g, S(s, it->as.act_op->machine), 1u << ENT_MACHINE, it->as.act_op->machine_span);
        const char *best = sema_suggest(s, S(s, it->as.act_op->machine), ENT_MACHINE, false);
        if (best) diag_suggest(g, it->as.act_op->machine_span, best);
        ok = false;
    } else if (ok) {
        const SemStep *st = &s->products.data[a.product].steps[a.step];
        if (!step_runs_on(st, a.machine)) {
            Diag *g = diag_error(D(s), it->as.act_op->machine_span, DIAG_ACTUAL_MACHINE,
                                 "step '%s' of '%s' does not run on '%s'", S(s, st->name),
                                 S(s, s->products.data[a.product].name), S(s, it->as.act_op->machine));
            diag_note(g, st->span, "the step's machines are given here");
            ok = false;
        }
        double u = it->as.act_op->unit < 0 ? 1 : it->as.act_op->unit; /* not written: unit 1 */
        uint32_t units = s->machines.data[a.machine].units;
        if (u != floor(u) || u < 1 || u > units) {
            diag_error(D(s), it->as.act_op->unit_span, DIAG_ACTUAL_MACHINE, "'%s' has %u unit%s, numbered from 1; there is no unit %g",
                       S(s, it->as.act_op->machine), units, units == 1 ? "" : "s", u);
            ok = false;
        } else a.unit = (uint32_t)u - 1;
    }
    a.step_span = it->as.act_op->step_span;
    a.sub = it->as.act_op->sub;
    if (it->as.act_op->whole) {
        act_op_whole(s, it->as.act_op, &a, ok);
        return;
    }
    /* times and quantities */
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_ACT_OP, &it->as.act_op->items, seen);
    AstNode *end = NULL;
    bool have_start = seen[SET_START] && actual_time(s, seen[SET_START]->as.setting.value, "a start", &a.start);
    if (!seen[SET_START]) {
        Diag *g = diag_error(D(s), it->as.act_op->step_span, DIAG_MISSING_SETTING, "a reported operation needs its start");
        diag_hint(g, "add e.g. start 2026-12-08 06:00 (and end ... once it is done)");
        ok = false;
    }
    if (seen[SET_SETUP]) {
        double v;
        if (value_duration(s, seen[SET_SETUP], &v)) a.setup = v;
    }
    for (uint32_t i = 0; i < it->as.act_op->items.len; i++) {
        AstNode *x = it->as.act_op->items.items[i];
        if (x->kind == AST_SETTING && x->as.setting.key == SET_SCRAP) { /* scrap is a keyword: a setting */
            actual_count(s, x->as.setting.value, "a scrap quantity", &a.scrap);
            continue;
        }
        if (x->kind == AST_SETTING) continue;
        if (x->kind == AST_USED) {
            SemUse u;
            memset(&u, 0, sizeof u);
            u.span = x->span;
            u.item = lookup_plain(s, x->as.attr.name, ENT_MATERIAL);
            if (u.item < 0) {
                u.item = lookup_plain(s, x->as.attr.name, ENT_PRODUCT);
                u.is_product = u.item >= 0;
            }
            if (u.item < 0) {
                unknown_material(s, x->as.attr.name, x->as.attr.name_span);
                continue;
            }
            static const int8_t nodim[DIM__COUNT] = {0, 0, 0, 0};
            bool got = u.is_product
                           ? value_qty(s, x->as.attr.value, "the quantity used", S(s, s->products.data[u.item].name), nodim,
                                       1, intern_cstr(&s->m->strs, "pcs"), &u.qty)
                           : value_qty(s, x->as.attr.value, "the quantity used", S(s, s->materials.data[u.item].name),
                                       s->materials.data[u.item].dim, s->materials.data[u.item].uom_scale,
                                       s->materials.data[u.item].uom, &u.qty);
            if (!got) continue;
            if (u.qty < 0) {
                diag_error(D(s), x->as.attr.value->span, DIAG_NEGATIVE, "a quantity used must not be negative");
                continue;
            }
            SemUse *nu = arena_alloc(&s->m->arena, (a.nuses + 1) * sizeof(SemUse));
            if (a.nuses) memcpy(nu, a.uses, a.nuses * sizeof(SemUse));
            nu[a.nuses++] = u;
            a.uses = nu;
            continue;
        }
        if (x->kind == AST_POOL_ALT) { /* with fitter 2: the resource unit that did it */
            struct SemWith w = {-1, 0, x->span};
            w.pool = sema_resolve_entity(s, SYM_NONE, x->as.pool_alt.pool, ENT_RESOURCE, DIAG_UNKNOWN_RESOURCE, "resource");
            if (w.pool < 0) continue;
            const SemResource *r = &s->resources.data[w.pool];
            double u = x->as.pool_alt.count->as.num.value;
            if (u != floor(u) || u < 1 || u > r->units) {
                diag_error(D(s), x->as.pool_alt.count->span, DIAG_ACTUAL_MACHINE,
                           "resource '%s' has %u unit%s, numbered from 1; there is no unit %g", S(s, r->name), r->units,
                           r->units == 1 ? "" : "s", u);
                continue;
            }
            bool needed = false;
            if (a.product >= 0 && a.step >= 0 && a.machine >= 0) {
                const SemStep *st = &s->products.data[a.product].steps[a.step];
                for (uint32_t q = 0; q < st->nalts; q++)
                    if (st->alts[q].machine == a.machine)
                        for (uint32_t k = 0; k < st->alts[q].nneeds; k++)
                            for (uint32_t z = 0; z < st->alts[q].needs[k].nalts; z++)
                                needed |= st->alts[q].needs[k].alts[z].pool == w.pool;
            } else needed = true; /* reported already */
            if (!needed) {
                Diag *g = diag_error(D(s), x->span, DIAG_ACTUAL_MACHINE, "step '%s' does not need resource '%s' on '%s'",
                                     S(s, s->products.data[a.product].steps[a.step].name), S(s, r->name),
                                     S(s, s->machines.data[a.machine].name));
                diag_note(g, s->products.data[a.product].steps[a.step].span, "the step is defined here");
                continue;
            }
            w.unit = (uint32_t)u - 1;
            struct SemWith *nw = arena_alloc(&s->m->arena, (a.nwith + 1) * sizeof *nw);
            if (a.nwith) memcpy(nw, a.with, a.nwith * sizeof *nw);
            nw[a.nwith++] = w;
            a.with = nw;
            continue;
        }
        const char *nm = x->kind == AST_ATTR ? S(s, x->as.attr.name) : "";
        if (x->kind == AST_ATTR && strcmp(nm, "end") == 0) {
            end = x;
            if (!actual_time(s, x->as.attr.value, "an end", &a.end)) a.end = -1;
        } else if (x->kind == AST_ATTR && strcmp(nm, "good") == 0) {
            actual_count(s, x->as.attr.value, "a good quantity", &a.good);
        } else if (x->kind == AST_ATTR) {
            Diag *g = diag_error(D(s), x->as.attr.name_span, DIAG_SETTING_NOT_ALLOWED,
                                 "'%s' is not part of a reported operation", nm);
            diag_hint(g, "a reported operation takes start, end, setup, good, scrap, used MATERIAL QTY and with RESOURCE UNIT");
        } else sema_not_allowed(s, x, AST_ACT_OP);
    }
    const SemPlant *pl = &s->plant;
    if (have_start && a.start < pl->start) {
        diag_error(D(s), seen[SET_START]->as.setting.value->span, DIAG_ACTUAL_TIME,
                   "the operation starts before the plant's start");
        ok = false;
    }
    if (have_start && end && a.end >= 0 && a.end <= a.start) {
        Diag *g = diag_error(D(s), end->as.attr.value->span, DIAG_ACTUAL_TIME, "the operation ends before it starts");
        diag_note(g, seen[SET_START]->as.setting.value->span, "it starts here");
        ok = false;
    }
    if (!have_start) ok = false;
    if (ok) *actual_slot(s) = a;
}

/* A cycle of a batch machine reported whole (docs/actuals.md, "Batch
 * machines"): batch MACHINE [UNIT] ["REF"] { start … [end …] op WO STEP
 * [PIECES] … }. Each member becomes an actual with the cycle's machine,
 * unit and times; what needs the work orders' quantities (capacity, the
 * members' pieces, compatibility) is checked when planning. */
static void check_act_batch(Sema *s, AstNode *it)
{
    const AstActOp *b = it->as.act_op;
    SemCycle c;
    memset(&c, 0, sizeof c);
    c.ref = b->wo;
    c.span = it->span;
    c.machine_span = b->machine_span;
    c.end = -1;
    bool ok = true;
    c.machine = lookup_plain(s, b->machine, ENT_MACHINE);
    if (c.machine < 0) {
        Diag *g = diag_error(D(s), b->machine_span, DIAG_UNKNOWN_MACHINE, "unknown machine '%s'", S(s, b->machine));
        const char *best = sema_suggest(s, S(s, b->machine), ENT_MACHINE, false);
        if (best) diag_suggest(g, b->machine_span, best);
        return;
    }
    const SemMachine *mc = &s->machines.data[c.machine];
    if (!(mc->batch_cap > 0)) {
        Diag *g = diag_error(D(s), b->machine_span, DIAG_CYCLE_MACHINE, "'%s' is not a batch machine: it runs no cycles",
                             S(s, b->machine));
        diag_hint(g, "report its operations one by one: op WORKORDER STEP on %s { start ... }", S(s, b->machine));
        return;
    }
    double u = b->unit < 0 ? 1 : b->unit;
    if (u != floor(u) || u < 1 || u > mc->units) {
        diag_error(D(s), b->unit_span, DIAG_ACTUAL_MACHINE, "'%s' has %u unit%s, numbered from 1; there is no unit %g",
                   S(s, b->machine), mc->units, mc->units == 1 ? "" : "s", u);
        return;
    }
    c.unit = (uint32_t)u - 1;
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_ACT_BATCH, &b->items, seen);
    AstNode *end = NULL;
    bool have_start = seen[SET_START] && actual_time(s, seen[SET_START]->as.setting.value, "a start", &c.start);
    if (!seen[SET_START]) {
        Diag *g = diag_error(D(s), b->machine_span, DIAG_MISSING_SETTING, "a reported cycle needs its start");
        diag_hint(g, "add e.g. start 2026-12-08 06:00 (and end ... once it is done)");
    }
    if (!have_start) ok = false;
    uint32_t nmembers = 0;
    for (uint32_t i = 0; i < b->items.len; i++) {
        AstNode *x = b->items.items[i];
        if (x->kind == AST_SETTING) continue;
        if (x->kind == AST_ACT_MEMBER) {
            nmembers++;
            continue;
        }
        const char *nm = x->kind == AST_ATTR ? S(s, x->as.attr.name) : "";
        if (x->kind == AST_ATTR && strcmp(nm, "end") == 0) {
            end = x;
            if (!actual_time(s, x->as.attr.value, "an end", &c.end)) c.end = -1, ok = false;
        } else if (x->kind == AST_ATTR) {
            Diag *g = diag_error(D(s), x->as.attr.name_span, DIAG_SETTING_NOT_ALLOWED, "'%s' is not part of a reported cycle", nm);
            diag_hint(g, "a reported cycle takes start, end and its members: op WORKORDER STEP [PIECES]");
        } else sema_not_allowed(s, x, AST_ACT_BATCH);
    }
    if (have_start && c.start < s->plant.start) {
        diag_error(D(s), seen[SET_START]->as.setting.value->span, DIAG_ACTUAL_TIME, "the cycle starts before the plant's start");
        ok = false;
    }
    if (have_start && end && c.end >= 0 && c.end <= c.start) {
        Diag *g = diag_error(D(s), end->as.attr.value->span, DIAG_ACTUAL_TIME, "the cycle ends before it starts");
        diag_note(g, seen[SET_START]->as.setting.value->span, "it starts here");
        ok = false;
    }
    if (!nmembers) {
        Diag *g = diag_error(D(s), b->machine_span, DIAG_CYCLE_MEMBER, "the reported cycle has no members");
        diag_hint(g, "name the operations it held: op WORKORDER STEP [PIECES]");
        ok = false;
    }
    if (!ok) return;
    vec_push(&s->cycles, c);
    uint32_t ci = s->cycles.len;
    for (uint32_t i = 0; i < b->items.len; i++) {
        AstNode *x = b->items.items[i];
        if (x->kind != AST_ACT_MEMBER) continue;
        const AstActOp *m = x->as.act_op;
        SemActual a;
        memset(&a, 0, sizeof a);
        a.wo = m->wo;
        a.span = x->span;
        a.wo_span = m->wo_span;
        a.step_span = m->step_span;
        a.sub = m->sub;
        a.setup = 0;
        a.cycle = ci;
        a.machine = c.machine;
        a.unit = c.unit;
        a.start = c.start;
        a.end = c.end;
        if (m->unit >= 0) {
            if (m->unit != floor(m->unit) || m->unit < 1) {
                diag_error(D(s), m->unit_span, DIAG_CYCLE_MEMBER, "a member's pieces must be a whole number of at least 1, not %g",
                           m->unit);
                continue;
            }
            a.pieces = m->unit;
        }
        a.product = wo_product(s, &a, &a.order);
        if (a.product < 0) continue;
        s->last_wo.wo = a.wo, s->last_wo.product = a.product, s->last_wo.order = a.order;
        const SemProduct *pr = &s->products.data[a.product];
        a.step = step_named(pr, m->step, -1);
        s->last_wo.step = a.step;
        if (a.step < 0) {
            Diag *g = diag_error(D(s), m->step_span, DIAG_UNKNOWN_STEP, "'%s' has no step '%s'", S(s, pr->name), S(s, m->step));
            diag_note(g, pr->span, "'%s' is defined here", S(s, pr->name));
            continue;
        }
        const SemStep *st = &pr->steps[a.step];
        if (!step_runs_on(st, c.machine)) {
            Diag *g = diag_error(D(s), m->step_span, DIAG_CYCLE_MACHINE, "step '%s' of '%s' does not run on '%s'",
                                 S(s, st->name), S(s, pr->name), S(s, b->machine));
            diag_note(g, st->span, "the step's machines are given here");
            diag_note(g, b->machine_span, "the cycle ran on '%s'", S(s, b->machine));
            continue;
        }
        *actual_slot(s) = a;
    }
}

static int actual_cmp(const void *x, const void *y)
{
    const SemActual *a = x, *b = y;
    if (a->wo != b->wo) return a->wo < b->wo ? -1 : 1;
    if (a->step != b->step) return a->step < b->step ? -1 : 1;
    if (a->sub != b->sub) return a->sub < b->sub ? -1 : 1;
    if (a->span.file != b->span.file) return a->span.file < b->span.file ? -1 : 1;
    return a->span.lo < b->span.lo ? -1 : a->span.lo > b->span.lo;
}

/* A run of records read whole. A record whose work order is the last
 * one's, whose step, machine, unit and times are all right, is checked
 * here and goes straight into the actuals: that is nearly every record of
 * a week's reports. Any other, with whatever it has wrong, goes through
 * check_act_op as the operation it stands for, as do the first records of
 * a work order (whose name is taken apart there). */
static void check_act_run(Sema *s, const AstNode *run)
{
    const ActRec *recs = run->as.act_run.recs;
    FileId file = run->span.file;
    for (uint32_t k = 0; k < run->as.act_run.n; k++) {
        const ActRec *r = &recs[k];
        if (r->wo != s->last_wo.wo || r->wo == SYM_NONE) goto slow;
        const SemProduct *pr = &s->products.data[s->last_wo.product];
        int32_t step = step_named(pr, r->step, s->last_wo.step + 1);
        if (step < 0) goto slow;
        /* the machine: eligible for the step, with the unit */
        uint32_t h = (r->machine ^ (r->machine >> 8)) & 255;
        if (s->act_machines[h].name != r->machine) {
            int32_t m = lookup_plain(s, r->machine, ENT_MACHINE);
            if (m < 0) goto slow;
            s->act_machines[h].name = r->machine;
            s->act_machines[h].machine = m;
            s->act_machines[h].units = s->machines.data[m].units;
        }
        int32_t machine = s->act_machines[h].machine;
        const SemStep *st = &pr->steps[step];
        if (!step_runs_on(st, machine) || r->unit < 1 || r->unit > s->act_machines[h].units) goto slow;
        bool has_end = r->has & (1u << ACT_END);
        if (r->start < s->plant.start || (has_end && r->end <= r->start)) goto slow;
        s->last_wo.step = step;
        SemActual *a = actual_slot(s);
        memset(a, 0, sizeof *a);
        a->wo = r->wo;
        a->span = (Span){file, r->lo, r->lo + r->len};
        a->wo_span = (Span){file, r->lo + r->off[ACT_WO][0], r->lo + r->off[ACT_WO][1]};
        a->step_span = (Span){file, r->lo + r->off[ACT_STEP][0], r->lo + r->off[ACT_STEP][1]};
        a->order = s->last_wo.order;
        a->product = s->last_wo.product;
        a->step = step;
        a->machine = machine;
        a->unit = r->unit - 1;
        a->start = r->start;
        a->end = has_end ? r->end : -1;
        a->setup = r->has & (1u << ACT_SETUP) ? (double)r->setup : -1;
        a->good = r->has & (1u << ACT_GOOD) ? (double)r->good : 0;
        a->scrap = r->has & (1u << ACT_SCRAP) ? (double)r->scrap : 0;
        continue;
    slow: {
        AstNode node;
        AstActOp op;
        ast_act_rec(run, k, &node, &op);
        check_act_op(s, &node);
    }
    }
}

/* An operation reported twice: the later report is an error (and dropped). */
static void check_actual_twice(Sema *s)
{
    if (s->actuals.len < 2) return;
    SemActual *v = s->actuals.data;
    bool sorted = true; /* as reports usually come: by work order and step */
    for (uint32_t k = 1; k < s->actuals.len && sorted; k++) sorted = actual_cmp(&v[k - 1], &v[k]) < 0;
    if (!sorted) qsort(v, s->actuals.len, sizeof(SemActual), actual_cmp);
    uint32_t w = 1;
    for (uint32_t k = 1; k < s->actuals.len; k++) {
        const SemActual *first = &v[w - 1];
        if (v[k].wo == first->wo && v[k].step == first->step && v[k].sub == first->sub) {
            char sub[24] = "";
            if (v[k].sub) snprintf(sub, sizeof sub, "#%d", v[k].sub);
            bool cyc = v[k].cycle || first->cycle;
            Diag *g = diag_error(D(s), v[k].step_span, cyc ? DIAG_CYCLE_MEMBER : DIAG_ACTUAL_TWICE,
                                 "'%s' step '%s%s' is reported twice%s", S(s, v[k].wo),
                                 S(s, s->products.data[v[k].product].steps[v[k].step].name), sub,
                                 cyc ? ": an operation in a reported cycle is reported by the cycle alone" : "");
            diag_note(g, first->span, "first reported here");
            continue;
        }
        if (w != k) v[w] = v[k]; /* none dropped yet: all stay where they are */
        w++;
    }
    s->actuals.len = w;
}

/* received or issued: a stock movement reported */
static void check_received(Sema *s, AstNode *it)
{
    SemReceived r;
    memset(&r, 0, sizeof r);
    r.issued = it->kind == AST_ISSUED;
    const char *what = r.issued ? "an issue" : "a receipt";
    r.span = it->span;
    r.id = it->as.receipt.id;
    r.material = lookup_plain(s, it->as.receipt.item, ENT_MATERIAL);
    if (r.material < 0) {
        unknown_material(s, it->as.receipt.item, it->as.receipt.item_span);
        return;
    }
    const SemMaterial *m = &s->materials.data[r.material];
    if (!value_qty(s, it->as.receipt.qty, what, S(s, m->name), m->dim, m->uom_scale, m->uom, &r.qty)) return;
    if (r.qty <= 0) {
        diag_error(D(s), it->as.receipt.qty->span, DIAG_NOT_POSITIVE, "%s must be a positive quantity", what);
        return;
    }
    if (!actual_time(s, it->as.receipt.date, r.issued ? "an issue's time" : "a receipt's time", &r.at)) return;
    vec_push(&s->received, r);
}

static void check_actuals(Sema *s, AstNode *d, Sym ns)
{
    (void)ns;
    uint32_t most = s->actuals.len; /* at most one each */
    for (uint32_t i = 0; i < d->as.decl.items.len; i++)
        most += d->as.decl.items.items[i]->kind == AST_ACT_RUN ? d->as.decl.items.items[i]->as.act_run.n : 1;
    actuals_reserve(s, most);
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind == AST_ACT_RUN) check_act_run(s, it);
        else if (it->kind == AST_ACT_OP) check_act_op(s, it);
        else if (it->kind == AST_ACT_BATCH) check_act_batch(s, it);
        else if (it->kind == AST_RECEIVED || it->kind == AST_ISSUED) check_received(s, it);
        else if (it->kind == AST_ATTR && strcmp(S(s, it->as.attr.name), "now") == 0) {
            if (s->now >= 0) {
                Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_DUPLICATE_SETTING, "'now' is given twice");
                diag_note(g, s->now_span, "first given here");
                continue;
            }
            int64_t t;
            if (actual_time(s, it->as.attr.value, "'now'", &t)) {
                s->now = t;
                s->now_span = it->as.attr.value->span;
            }
        } else if (it->kind == AST_ATTR) {
            Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_SETTING_NOT_ALLOWED, "'%s' is not part of the actuals",
                                 S(s, it->as.attr.name));
            diag_hint(g, "the actuals hold now, op ..., batch ..., received ... and issued ...");
        }
    }
}

/* After every actuals block: nothing may lie after now. */
static void check_actual_times(Sema *s)
{
    check_actual_twice(s);
    if (s->now < 0) return;
    for (uint32_t k = 0; k < s->cycles.len; k++) {
        const SemCycle *c = &s->cycles.data[k];
        int64_t last = c->end >= 0 ? c->end : c->start;
        if (last > s->now) {
            Diag *g = diag_error(D(s), c->span, DIAG_ACTUAL_TIME, "the cycle is reported %s after now",
                                 c->end >= 0 ? "to end" : "to start");
            diag_note(g, s->now_span, "now is given here");
        }
    }
    for (uint32_t k = 0; k < s->actuals.len; k++) {
        const SemActual *a = &s->actuals.data[k];
        if (a->cycle) continue; /* its cycle's times: above */
        int64_t last = a->end >= 0 ? a->end : a->start;
        if (last > s->now) {
            Diag *g = diag_error(D(s), a->span, DIAG_ACTUAL_TIME, "the operation is reported %s after now",
                                 a->end >= 0 ? "to end" : "to start");
            diag_note(g, s->now_span, "now is given here");
        }
    }
    for (uint32_t k = 0; k < s->received.len; k++)
        if (s->received.data[k].at > s->now) {
            Diag *g = diag_error(D(s), s->received.data[k].span, DIAG_ACTUAL_TIME, "the %s is reported after now",
                                 s->received.data[k].issued ? "issue" : "receipt");
            diag_note(g, s->now_span, "now is given here");
        }
}

/* Make or buy's words are not keywords, so that names stay free: a
 * product's `source in_time` (a plain name: `source "x"` stays an
 * attribute) and a purchase alternative's `supplier ...` are read as the
 * settings SET_SOURCE and SET_SUPPLIER. */
static void as_setting(AstNode *it, SettingKey key)
{
    Span ks = it->as.attr.name_span;
    AstNode *v = it->as.attr.value;
    it->kind = AST_SETTING;
    memset(&it->as.setting, 0, sizeof it->as.setting);
    it->as.setting.key = key;
    it->as.setting.key_span = ks;
    it->as.setting.value = v;
}

static void make_or_buy_words(Sema *s, AstNode *d, Sym ns)
{
    (void)ns;
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind == AST_ATTR && strcmp(S(s, it->as.attr.name), "source") == 0 && it->as.attr.value &&
            it->as.attr.value->kind == AST_NAME)
            as_setting(it, SET_SOURCE);
        else if (it->kind == AST_BUY)
            for (uint32_t k = 0; k < it->as.block.items.len; k++) {
                AstNode *x = it->as.block.items.items[k];
                if (x->kind == AST_ATTR && strcmp(S(s, x->as.attr.name), "supplier") == 0) as_setting(x, SET_SUPPLIER);
            }
    }
}

void sema_declarations(Sema *s)
{
    each_decl(s, AST_PLANT, check_plant);
    each_decl(s, AST_PRODUCT, make_or_buy_words);
    each_decl(s, AST_PRODUCT, attrs_product);
    each_decl(s, AST_MACHINE, attrs_machine);
    each_decl(s, AST_ORDER, attrs_order);
    each_decl(s, AST_CALENDAR, check_calendar);
    each_decl(s, AST_MATERIAL, check_material);
    each_decl(s, AST_RESOURCE, sema_check_resource);
    each_decl(s, AST_MACHINE, check_machine);
    each_decl(s, AST_SUBCONTRACTOR, check_subcontractor);
    each_decl(s, AST_PRODUCT, check_product);
    each_decl(s, AST_ORDER, check_order);
    each_decl(s, AST_FORECAST, check_forecast);
    sema_histories(s);
    each_decl(s, AST_RULE, check_rule_decl);
    each_decl(s, AST_SCHEDULE, check_schedule);
    each_decl(s, AST_ACTUALS, check_actuals);
    check_actual_times(s);
    sema_pins(s);
}
