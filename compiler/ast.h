/* ast.h: the syntax tree. The parser builds it with the ast_* constructors
 * (one call per grammar action); sema annotates expressions with a Type and
 * a resolved reference. Every node knows its source span. */
#ifndef TAKT_AST_H
#define TAKT_AST_H

#include "base.h"
#include "diag.h"
#include "units.h"

typedef enum AstKind {
    AST_ERROR,
    /* declarations */
    AST_FILE,
    AST_IMPORT,
    AST_PLANT,
    AST_CALENDAR,
    AST_MACHINE,
    AST_MATERIAL,
    AST_PRODUCT,
    AST_ORDER,
    AST_FORECAST,
    AST_HISTORY,
    AST_RULE,
    AST_SCHEDULE,
    AST_ACTUALS,
    AST_PINS,          /* pins { ... }: operations fixed by the planner, firm work orders */
    AST_PINS_FILE,     /* pins "FILE.csv" */
    AST_SUBCONTRACTOR, /* subcontractor NAME { ... }: work done outside */
    AST_SCENARIO,      /* decl: a named variant of the model (compiler/scenario.c) */
    /* scenario items */
    AST_SC_ADD,        /* attr: `add` DECL (name: the word as written, value: the declaration) */
    AST_SC_REMOVE,     /* sc_remove: `remove order NAME` */
    /* block items */
    AST_SETTING,
    AST_ATTR,
    AST_SHIFTS,
    AST_DAYS,
    AST_SHIFT,
    AST_CLOSED,
    AST_OVERTIME,
    AST_SETUP_BY,
    AST_SETUP_ENTRY,
    AST_RECEIPT,
    AST_BOM,
    AST_BOM_LINE,
    AST_ROUTING,
    AST_BUY,               /* a product's purchase alternative: buy { cost .. lead .. } */
    AST_STEP,
    AST_ON,
    AST_ALT,
    AST_AFTER,
    AST_PERIOD,
    AST_PARAM,
    AST_ARG,
    AST_ACT_OP,        /* actuals: an operation reported */
    AST_ACT_RUN,       /* actuals: operations reported one after another, each read whole (ActRec) */
    AST_ACT_BATCH,     /* actuals: a cycle of a batch machine reported whole (act_op: wo its reference, machine, unit) */
    AST_ACT_MEMBER,    /* actuals: an operation in a reported cycle (act_op: wo, step, unit its pieces or -1) */
    AST_USED,          /* actuals: material an operation used (attr) */
    AST_RECEIVED,      /* actuals: material received (receipt) */
    AST_ISSUED,        /* actuals: material that left stock outside the operations (receipt) */
    AST_PIN,           /* pins: an operation fixed to a machine, a unit, a start (act_op) */
    AST_RESOURCE,      /* a pool of people or tools (decl) */
    AST_WITH,          /* a step's resource needs: with ... */
    AST_NEED,          /* one need: pool alternatives, for setup only or not */
    AST_POOL_ALT,      /* one pool of a need, with a count */
    /* expressions */
    AST_NUM,
    AST_STR,
    AST_BOOL,
    AST_DATE,
    AST_DATETIME,
    AST_NAME,
    AST_UNARY,
    AST_BINARY,
    AST_IF,
    AST_CALL,
    AST_THEN,          /* levels of an objective or a dispatch rule: block.items, in order */
    AST__COUNT
} AstKind;

typedef enum SettingKey {
#define SETTING(name, kw) SET_##name,
#include "settings.def"
#undef SETTING
    SET__COUNT
} SettingKey;

typedef enum AstOp {
    OP_NEG, OP_NOT,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_AND, OP_OR,
} AstOp;

typedef enum SetupEntryKind { SETUP_SAME, SETUP_CHANGE, SETUP_FIRST, SETUP_PAIR } SetupEntryKind;

/* What a name in an expression resolved to (sema_expr.c). */
typedef enum NameRef {
    REF_NONE,
    REF_ATTR,      /* ref = attribute id (sema.h) */
    REF_RULE,      /* ref = rule index */
    REF_PARAM,     /* ref = parameter index in the enclosing rule */
    REF_ENTITY,    /* ref = entity index (machine, calendar, ...) */
    REF_FN,        /* ref = BuiltinFn, for AST_CALL */
    REF_MEASURE,   /* ref = restricted measure index (Sema.measures), for AST_CALL in the objective */
} NameRef;

typedef struct AstNode AstNode;
typedef struct AstList {
    AstNode **items;
    uint32_t len, cap;
} AstList;

/* An operation reported in an actuals block. The usual record (start, and
 * end, setup in minutes, good and scrap as plain literals, in that order)
 * is read whole by the lexer and kept as an ActRec in a run of them
 * (AST_ACT_RUN); ast_act_rec gives it as an ACT_OP with `whole` set, its
 * values below and its items empty. Any other is parsed item by item. */
typedef struct AstActOp {
    Sym wo, step, machine;
    Span wo_span, step_span, machine_span, unit_span;
    double unit;   /* from 1; -1 if not written (an actual's default is 1) */
    int32_t sub;   /* the sublot, from 1 (assemble#2); 0: the step as a whole */
    AstList items;
    bool whole, has_end, has_setup, has_good, has_scrap;
    int64_t start, end;         /* minutes since 1970-01-01 */
    double setup, good, scrap;  /* minutes; pieces */
    Span start_span, end_span, setup_span, good_span, scrap_span; /* each value */
} AstActOp;

/* A record read whole, compact: a week of reports is tens of thousands of
 * them. Its parts' spans are offsets from its first byte. */
typedef enum ActPart {
    ACT_WO, ACT_STEP, ACT_MACHINE, ACT_UNIT, ACT_START, ACT_END, ACT_SETUP, ACT_GOOD, ACT_SCRAP, ACT_PART__COUNT
} ActPart;
typedef struct ActRec {
    Sym wo, step, machine;
    uint32_t lo;                          /* its first byte in the file */
    int64_t start, end;                   /* minutes since 1970-01-01 */
    uint32_t unit, setup, good, scrap;    /* unit from 1; minutes; pieces */
    uint16_t len;                         /* its bytes */
    uint16_t has;                         /* 1 << ACT_END, ACT_SETUP, ACT_GOOD, ACT_SCRAP: given */
    uint16_t off[ACT_PART__COUNT][2];     /* each part's [lo, hi) from lo */
} ActRec;

struct AstNode {
    uint8_t kind;      /* AstKind */
    uint8_t refkind;   /* NameRef, for AST_NAME and AST_CALL */
    uint16_t depth;    /* expression nesting depth */
    Type ty;           /* expressions: set by sema */
    int32_t ref;
    Span span;
    union {
        struct { AstList items; } file;
        struct { Sym path; bool module; Span path_span; } import;
        /* PLANT, CALENDAR, MACHINE, MATERIAL, PRODUCT, ORDER, SCHEDULE, ACTUALS */
        struct { Sym name; Span name_span; AstList items; } decl;
        struct { AstNode *product; AstList items; } forecast;
        struct { Sym word, name; Span word_span, name_span; } sc_remove;
        /* `history PRODUCT { periods }` (product set) or `history "FILE"`
         * (path set; data: the file as the loader read it, 0 if it could not) */
        struct { AstNode *product; AstList items; Sym path; Span path_span; FileId data; } history;
        /* `pins "FILE.csv"` (data: the file as the loader read it, 0 if it could not) */
        struct { Sym path; Span path_span; FileId data; } pins_file;
        struct { Sym name; Span name_span; AstList params; AstNode *body; } rule;
        struct { SettingKey key; Span key_span; AstNode *value; Sym by; Span by_span; } setting; /* by: capacity 12 by racks, batch by profile (value: the name too) */
        /* ATTR, PARAM (value may be NULL), ARG (name may be SYM_NONE), USED */
        struct { Sym name; Span name_span; AstNode *value; } attr;
        struct { AstList days; AstList shifts; } shifts;
        struct { Sym from, to; Span from_span, to_span; } days;
        struct { int32_t start, end; int32_t plus_days; } shift;   /* minutes of the day */
        /* CLOSED, OVERTIME: days since 1970-01-01; shifts may be empty */
        struct { int32_t from, to; AstList shifts; } closed;
        struct { Sym attr; Span attr_span; AstList entries; } setup_by;
        struct { SetupEntryKind kind; Sym from, to; AstNode *value; } setup_entry;
        struct { Sym id; AstNode *qty; AstNode *date; Sym item; Span item_span; } receipt; /* RECEIPT, RECEIVED, ISSUED */
        struct AstActOp *act_op;                                   /* ACT_OP, PIN, ACT_BATCH, ACT_MEMBER: kept apart, it is large */
        struct { ActRec *recs; uint32_t n; } act_run;               /* ACT_RUN */
        struct { AstList items; } block;                           /* BOM, ROUTING, THEN */
        struct { AstNode *item; AstNode *qty; AstNode *loss; } line; /* BOM_LINE; loss: its scrap or yield setting, or NULL */
        struct { Sym name; Span name_span; AstList clauses; } step;
        struct { AstList alts; } on;
        /* also: machines named with '+' beside the first (on bench + operator),
         * which sema rejects for now: a step runs on one machine */
        struct { AstNode *machine; AstList clauses; AstList also; } alt;
        struct { AstList names; bool start; } after;
        struct { AstList needs; } with;                            /* WITH */
        struct { AstList alts; bool setup_only; } need;            /* NEED */
        struct { AstNode *count; AstNode *pool; } pool_alt;        /* POOL_ALT: count may be NULL (1) */
        struct { int32_t from, to; AstNode *qty; } period;
        /* expressions */
        struct { double value; double base; Sym unit; bool each; Span unit_span; Span lit; } num; /* base: value in base units, set by sema; lit: the literal as written */
        struct { Sym value; } str;
        struct { bool value; } boolean;
        struct { int64_t minutes; } dt;                            /* DATE, DATETIME */
        struct { Sym *parts; Span *spans; uint32_t n; } name;
        struct { AstOp op; AstNode *operand; } unary;
        struct { AstOp op; AstNode *lhs, *rhs; } binary;
        struct { AstNode *cond, *then, *els; } cond;
        struct { AstNode *callee; AstList args; } call;
    } as;
};

/* ---- Parsing context ------------------------------------------------------ */
typedef struct ActName {
    Sym sym;
    uint8_t len;
    char text[27];
} ActName;
#define ACT_NAME_CACHE 1024

/* The kind of block a brace opened, as the lexer saw it from the tokens
 * before the brace: the syntax error messages say what was being written
 * (grammar/syntax_error.inc). */
typedef enum LexBlockKind {
    BLOCK_OTHER, BLOCK_PLANT, BLOCK_CALENDAR, BLOCK_MACHINE, BLOCK_MATERIAL, BLOCK_PRODUCT, BLOCK_ORDER,
    BLOCK_FORECAST, BLOCK_SCHEDULE, BLOCK_ACTUALS, BLOCK_BOM, BLOCK_ROUTING, BLOCK_SETUP_BY,
} LexBlockKind;
typedef struct LexBlock {
    uint8_t kind;              /* LexBlockKind */
    uint32_t open;             /* offset just after the '{' */
    uint32_t name_lo, name_hi; /* the declaration's name before the brace, if any */
} LexBlock;
/* Blocks nest three deep in a model (a product's routing); deeper braces are
 * counted but not described. */
#define LEX_MAX_BLOCKS 8

typedef struct ParseCtx {
    Arena *arena;
    Interner *strs;
    Diags *diags;
    FileId file;
    const char *text;
    uint32_t len;
    char *scan_buf;         /* a copy of text and two NULs, scanned in place; NULL: copied */
    AstNode *root;
    uint32_t offset;        /* lexer position, for spans */
    int paren_depth;
    bool too_deep;          /* E0007 reported: stop reporting */
    bool hit_eof_error;     /* input ended by an error: no syntax error for it */
    uint32_t comment_lo;
    int prev2_tok, prev_tok, cur_tok; /* the last tokens, for hints */
    uint32_t prev2_lo, prev2_hi, prev_lo, prev_hi, cur_lo, cur_hi;
    uint32_t nsyntax;       /* syntax errors reported in this file */
    int brace_depth;        /* open braces */
    int actuals_depth;      /* brace_depth inside the actuals block being read; 0: none */
    LexBlock blocks[LEX_MAX_BLOCKS]; /* blocks[i]: the block opened at brace depth i + 1 */
    /* syntax errors that an error rule's action refines (syntax_error.inc):
     * the last error's lookahead, and the diagnostic reported for it */
    struct { Span at; int tok; uint32_t diag; bool valid; Span keep; } err; /* keep: a name without value, kept */
    /* a name whose value is missing (`frame` then `due ...`): an error rule
     * keeps it as an item with an error value, so that no check reports the
     * item as absent; `then` is the name that was read as its value */
    struct { Span name, then; uint8_t kind; bool valid; } novalue;
    uint32_t quiet_lo, quiet_hi; /* after an error in a routing: steps from here lacking 'on' are remnants */
    bool full_syntax;       /* every record item by item (takt fmt) */
    struct { Sym sym; uint32_t lo, len; } last_wo; /* the last record's work order, in text */
    ActName *names;         /* recent step and machine names of records (act_record.c) */
    ActRec *run;            /* the run of records being read, before it goes to the arena */
    void *fatal_jmp;        /* jmp_buf for flex's fatal errors */
} ParseCtx;

/* Literal values the lexer rejected (the parser turns them into error nodes). */
#define LEX_BAD_DATE INT32_MIN
#define LEX_BAD_TIME (-1)

/* The most sublots one operation may be split into (docs/language.md, §9). */
#define SUBLOT_MAX 1000

/* Maximum expression nesting (parentheses, operators, if); deeper input is
 * rejected with E0007 so that no later pass recurses without bound. */
#define AST_MAX_DEPTH 200

/* Longest name (a dotted name counted whole) and string, in bytes; longer
 * ones are E0009 (docs/limits.md). Buffers that hold a name are sized from
 * AST_NAME_BUF, which a name and its namespace always fit. */
#define AST_MAX_NAME 255
#define AST_MAX_STRING 4095
#define AST_NAME_BUF (2 * AST_MAX_NAME + 2)

/* Dates a model may name, and a plan hold (docs/limits.md): E0421 */
#define TAKT_MIN_YEAR 1900
#define TAKT_MAX_YEAR 2199

/* grammar/lexer.l */
AstNode *takt_parse_buffer(ParseCtx *p);
/* Reported operations read whole from p->text at lo (compiler/act_record.c),
 * as many as follow one another with only white space between them, *used
 * their bytes: an ACT_RUN; NULL if the first is not one the usual form
 * covers exactly, and the lexer reads it token by token. */
AstNode *lex_act_records(ParseCtx *p, uint32_t lo, uint32_t *used);
/* The k-th record of an ACT_RUN as the ACT_OP node it stands for, in *n
 * and *op (which n points to): what the checker and the printer read. */
void ast_act_rec(const AstNode *run, uint32_t k, AstNode *n, AstActOp *op);
int lex_keyword(const char *s, size_t n);   /* token number, 0 if not a keyword */
const char *lex_keyword_at(size_t i);       /* i-th keyword, NULL past the end */

/* ---- Words that look like settings (lookalike.c) --------------------------- */
enum { LOOK_STEP = 1, LOOK_MACHINE = 2, LOOK_PRODUCT = 4, LOOK_MATERIAL = 8, LOOK_ORDER = 16 };
/* What Takt does instead, for a word written as a setting or a routing
 * clause that Takt does not have, in one of the places `where`; NULL if the
 * word is not one of them. */
const char *lookalike_hint(const char *word, unsigned where);
/* The routing clause a word most likely means (a misspelling, or a clause
 * inside it: run_time); NULL if none is close. */
const char *lookalike_step_clause(const char *word);
/* E0425: word w at `at` where a routing step's clause goes; E0409 (a step
 * without a machine) if may_be_step and w looks like no clause. g: a
 * diagnostic to reword, or NULL for a new one. */
void lookalike_not_a_clause(Diags *d, Diag *g, Span at, const char *w, bool may_be_step);

/* ---- Constructors (ast.c), one per grammar action ------------------------- */
void astlist_push(ParseCtx *p, AstList *l, AstNode *n);
AstList astlist_one(ParseCtx *p, AstNode *n);
AstNode *ast_error(ParseCtx *p, Span sp);
AstNode *ast_file(ParseCtx *p, Span sp, AstList items);
AstNode *ast_import(ParseCtx *p, Span sp, Sym path, Span path_span, bool module);
AstNode *ast_import_path(ParseCtx *p, Span sp, AstNode *name);
AstNode *ast_decl(ParseCtx *p, Span sp, AstKind kind, Sym name, Span name_span, AstList items);
AstNode *ast_forecast(ParseCtx *p, Span sp, AstNode *product, AstList items);
AstNode *ast_sc_add(ParseCtx *p, Span sp, Sym word, Span word_span, AstNode *decl);
AstNode *ast_sc_remove(ParseCtx *p, Span sp, Sym word, Span word_span, Sym name, Span name_span);
AstNode *ast_history(ParseCtx *p, Span sp, AstNode *product, AstList items, Sym path, Span path_span);
AstNode *ast_rule(ParseCtx *p, Span sp, Sym name, Span name_span, AstList params, AstNode *body);
AstNode *ast_setting(ParseCtx *p, Span sp, SettingKey key, Span key_span, AstNode *value);
/* capacity 12 by racks; batch by profile */
AstNode *ast_setting_by(ParseCtx *p, Span sp, SettingKey key, Span key_span, AstNode *value, Sym by, Span by_span);
AstNode *ast_unit_value(ParseCtx *p, Span sp, Sym unit);
AstNode *ast_attr(ParseCtx *p, Span sp, AstKind kind, Sym name, Span name_span, AstNode *value);
AstNode *ast_shifts(ParseCtx *p, Span sp, AstList days, AstList shifts);
AstNode *ast_days(ParseCtx *p, Span sp, Sym from, Span from_span, Sym to, Span to_span);
AstNode *ast_shift(ParseCtx *p, Span sp, int32_t start, int32_t end, AstNode *plus);
AstNode *ast_closed(ParseCtx *p, Span sp, AstKind kind, int32_t from, int32_t to, AstList shifts);
AstNode *ast_setup_by(ParseCtx *p, Span sp, Sym attr, Span attr_span, AstList entries);
AstNode *ast_setup_entry(ParseCtx *p, Span sp, SetupEntryKind kind, Sym from, Sym to, AstNode *value);
AstNode *ast_receipt(ParseCtx *p, Span sp, Sym id, AstNode *qty, AstNode *date);
/* kind: AST_RECEIVED or AST_ISSUED */
AstNode *ast_received(ParseCtx *p, Span sp, AstKind kind, Sym item, Span item_span, Sym id, AstNode *qty, AstNode *date);
AstNode *ast_act_run(ParseCtx *p, Span sp, uint32_t n); /* room for n records */
/* kind: AST_ACT_OP or AST_PIN; unit -1: not written */
AstNode *ast_act_op(ParseCtx *p, Span sp, AstKind kind, Sym wo, Span wo_span, Sym step, int32_t sub, Span step_span,
                    Sym machine, Span machine_span, double unit, Span unit_span, AstList items);
AstNode *ast_pins_file(ParseCtx *p, Span sp, Sym path, Span path_span);
AstNode *ast_block(ParseCtx *p, Span sp, AstKind kind, AstList items);
AstNode *ast_bom_line(ParseCtx *p, Span sp, AstNode *item, AstNode *qty);
AstNode *ast_bom_line_loss(ParseCtx *p, Span sp, AstNode *item, AstNode *qty, AstNode *loss);
AstNode *ast_step(ParseCtx *p, Span sp, Sym name, Span name_span, AstList clauses);
AstNode *ast_on(ParseCtx *p, Span sp, AstList alts);
AstNode *ast_alt(ParseCtx *p, Span sp, AstNode *machine, AstList clauses);
AstNode *ast_alt_also(ParseCtx *p, Span sp, AstNode *alt, AstNode *machine);   /* on a + b */
AstNode *ast_alt_clauses(ParseCtx *p, Span sp, AstNode *alt, AstList clauses); /* on a (run 3 min) */
AstNode *ast_after(ParseCtx *p, Span sp, AstList names, bool start);
AstNode *ast_with(ParseCtx *p, Span sp, AstList needs);
AstNode *ast_need(ParseCtx *p, Span sp, AstList alts, bool setup_only);
AstNode *ast_pool_alt(ParseCtx *p, Span sp, AstNode *count, AstNode *pool);
AstNode *ast_period(ParseCtx *p, Span sp, int32_t from, int32_t to, AstNode *qty);
AstNode *ast_num(ParseCtx *p, Span sp, double v, Sym unit, Span unit_span, bool each);
AstNode *ast_str(ParseCtx *p, Span sp, Sym s);
AstNode *ast_bool(ParseCtx *p, Span sp, bool v);
AstNode *ast_date(ParseCtx *p, Span sp, int32_t days);
AstNode *ast_datetime(ParseCtx *p, Span sp, int32_t days, int32_t minutes);
AstNode *ast_name(ParseCtx *p, Span sp, Sym first);
AstNode *ast_name_push(ParseCtx *p, AstNode *name, Sym part, Span part_span);
AstNode *ast_unary(ParseCtx *p, Span sp, AstOp op, AstNode *e);
AstNode *ast_binary(ParseCtx *p, Span sp, AstOp op, AstNode *l, AstNode *r);
AstNode *ast_if(ParseCtx *p, Span sp, AstNode *c, AstNode *t, AstNode *e);
AstNode *ast_call(ParseCtx *p, Span sp, AstNode *callee, AstList args);
AstNode *ast_paren(ParseCtx *p, Span sp, AstNode *e);
AstNode *ast_then(ParseCtx *p, Span sp, AstList levels);

/* ---- Queries and printing ------------------------------------------------ */
const char *ast_kind_name(AstKind k);
const char *ast_setting_name(SettingKey k);
const char *ast_op_str(AstOp op);
bool ast_setting_lookup(const char *kw, SettingKey *out);
/* "std.day_shift" for an AST_NAME */
const char *ast_name_str(const AstNode *name, const Interner *strs, char *buf, size_t n);
void ast_print(const AstNode *n, const Interner *strs, StrBuf *out);
/* Calls fn on n and every node below it, in source order; fn returns false
 * to stop the walk (ast_visit then returns false too). */
bool ast_visit(AstNode *n, bool (*fn)(AstNode *, void *), void *ctx);
void ast_print_expr(const AstNode *n, const Interner *strs, StrBuf *out);

/* Dates: days since 1970-01-01 (proleptic Gregorian). */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t days, int *y, int *m, int *d);
bool date_valid(int y, int m, int d);
int date_weekday(int32_t days); /* 0 = Monday */

#endif
