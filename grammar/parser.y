/* parser.y: the Takt grammar (docs/language.md). A pure, reentrant bison
 * parser with locations. Actions only build AST nodes through the ast_*
 * constructors of compiler/ast.c; every check lives in compiler/.
 *
 * Error recovery: a bad declaration, block item, calendar line, BOM line or
 * routing step is skipped up to the start of the next one, so one mistake
 * does not hide the next. A name or setting whose value is missing stays in
 * the tree with an error value, so that no check reports it absent; what is
 * left of a routing line after an error is dropped (syntax_error.inc). */

%code top {
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
}

%code requires {
#include "compiler/ast.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
typedef struct DateTimeVal { int32_t days, minutes; } DateTimeVal;
typedef struct StepRefVal { Sym step; int32_t sub; } StepRefVal;
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                     \
    do {                                                                \
        if (N) {                                                        \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                         \
            (Cur).lo = YYRHSLOC(Rhs, 1).lo;                             \
            (Cur).hi = YYRHSLOC(Rhs, N).hi;                             \
        } else {                                                        \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                         \
            (Cur).lo = (Cur).hi = YYRHSLOC(Rhs, 0).hi;                  \
        }                                                               \
    } while (0)
}

%code provides {
int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, yyscan_t scanner);
}

%code {
static void yyerror(YYLTYPE *loc, yyscan_t scanner, ParseCtx *p, const char *msg);
static void syntax_item_error(ParseCtx *p, AstList *items, bool bom);
static void syntax_step_error(ParseCtx *p, AstList *steps);
static void syntax_push_step(ParseCtx *p, AstList *steps, AstNode *step);
static AstNode *syntax_no_value(ParseCtx *p, Span sp, Sym name, Span name_span);
static AstNode *syntax_no_quantity(ParseCtx *p, Span sp, AstNode *name);
static AstList list_empty(void) { AstList l = {0, 0, 0}; return l; }
}

%define api.pure full
%locations
%define parse.error custom
%define api.location.type {Span}
%param {yyscan_t scanner}
%parse-param {ParseCtx *p}
%expect 0

%initial-action {
    @$.file = p->file;
    @$.lo = @$.hi = 0;
}

%union {
    double num;
    Sym sym;
    int32_t ival;
    DateTimeVal dt;
    StepRefVal sref;
    AstNode *node;
    AstList list;
    SettingKey key;
}

%token END 0 "end of input"
%token <num> NUMBER "number"
%token <sym> IDENT "name" STRING "string" UNIT "unit-name"
%token <ival> DATE "date" TIME "time of day"
%token <dt> DATETIME "date-time"
%token <sref> STEP_SUB "sublot of a step"
%token <node> ACT_RECORDS "reported operations"
%token DOTDOT ".." ARROW "->" EQ "==" NE "!=" LE "<=" GE ">="

%token K_IMPORT "import" K_PLANT "plant" K_CALENDAR "calendar" K_MACHINE "machine"
%token K_MATERIAL "material" K_PRODUCT "product" K_ORDER "order" K_FORECAST "forecast"
%token K_HISTORY "history"
%token K_RULE "rule" K_SCHEDULE "schedule" K_BOM "bom" K_ROUTING "routing" K_ON "on"
%token K_AFTER "after" K_BY "by" K_SAME "same" K_CHANGE "change" K_FIRST "first"
%token K_RECEIPT "receipt" K_CLOSED "closed" K_OVERTIME "overtime" K_IF "if" K_THEN "then"
%token K_ELSE "else" K_AND "and" K_OR "or" K_NOT "not" K_TRUE "true" K_FALSE "false"
%token K_EACH "each"
%token K_START "start" K_HORIZON "horizon" K_CURRENCY "currency" K_TIME_UNIT "time_unit"
%token K_UNITS "units" K_COST "cost" K_SETUP "setup" K_UNIT "unit" K_STOCK "stock"
%token K_SAFETY_STOCK "safety_stock" K_LEAD "lead" K_LOT "lot" K_MIN_ORDER "min_order"
%token K_MULTIPLE "multiple" K_DUE "due" K_RELEASE "release" K_PRIORITY "priority"
%token K_PENALTY "penalty" K_DISPATCH "dispatch" K_MINIMIZE "minimize" K_SEARCH "search"
%token K_ITERATIONS "iterations" K_SEED "seed" K_THREADS "threads" K_SPLIT "split"
%token K_RUN "run" K_WAIT "wait" K_WITHIN "within" K_TRANSFER "transfer" K_BASE "base" K_CONSOLIDATE "consolidate" K_RECEIVING "receiving"
%token K_RESOURCE "resource" K_WITH "with" K_FOR "for" K_EFFICIENCY "efficiency"
%token K_BATCH "batch" K_CAPACITY "capacity" K_CYCLE "cycle" K_FILL "fill"
%token K_SCENARIO "scenario" K_SCRAP "scrap" K_YIELD "yield"
%token K_ACTUALS "actuals" K_OP "op" K_USED "used" K_RECEIVED "received" K_ISSUED "issued"
%token K_MAX_LOT "max_lot" K_SUBLOT "sublot" K_SUBLOTS "sublots" K_FROZEN "frozen" K_PINS "pins"
%token K_SUBCONTRACTOR "subcontractor"
%token K_BUY "buy"

%type <node> decl expr primary name_path item setting setup_entry bom_line step step_clause alt alt_head
%type <node> cal_item shift day_range period param arg act pin sc_item need pool_alt cycle_member levels
%type <sref> step_ref
%type <list> cycle_items decls sc_items acts pins items cal_items day_specs shifts setup_entries bom_lines steps step_clauses
%type <list> alts alt_clauses names params args arglist periods pin_items needs pool_alts then_levels
%type <key> setting_kw
%type <sym> member

%precedence K_ELSE
%left K_OR
%left K_AND
%precedence K_NOT
%nonassoc EQ NE '<' LE '>' GE
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%%

file
    : decls                                 { p->root = ast_file(p, @$, $1); }
    ;

decls
    : %empty                                { $$ = list_empty(); }
    | decls decl                            { $$ = $1; astlist_push(p, &$$, $2); }
    | decls error                           { $$ = $1; }
    ;

decl
    : "import" STRING                       { $$ = ast_import(p, @$, $2, @2, false); }
    | "import" name_path                    { $$ = ast_import_path(p, @$, $2); }
    | "plant" STRING '{' items '}'          { $$ = ast_decl(p, @$, AST_PLANT, $2, @2, $4); }
    | "plant" '{' items '}'                 { $$ = ast_decl(p, @$, AST_PLANT, SYM_NONE, @1, $3); }
    | "calendar" IDENT '{' cal_items '}'    { $$ = ast_decl(p, @$, AST_CALENDAR, $2, @2, $4); }
    | "machine" IDENT '{' items '}'         { $$ = ast_decl(p, @$, AST_MACHINE, $2, @2, $4); }
    | "resource" IDENT '{' items '}'        { $$ = ast_decl(p, @$, AST_RESOURCE, $2, @2, $4); }
    | "material" IDENT '{' items '}'        { $$ = ast_decl(p, @$, AST_MATERIAL, $2, @2, $4); }
    | "product" IDENT '{' items '}'         { $$ = ast_decl(p, @$, AST_PRODUCT, $2, @2, $4); }
    | "order" IDENT '{' items '}'           { $$ = ast_decl(p, @$, AST_ORDER, $2, @2, $4); }
    | "order" STRING '{' items '}'          { $$ = ast_decl(p, @$, AST_ORDER, $2, @2, $4); }
    | "forecast" name_path '{' periods '}'  { $$ = ast_forecast(p, @$, $2, $4); }
    | "history" name_path '{' periods '}'   { $$ = ast_history(p, @$, $2, $4, SYM_NONE, @1); }
    | "history" STRING                      { $$ = ast_history(p, @$, NULL, list_empty(), $2, @2); }
    | "rule" IDENT '=' expr                 { $$ = ast_rule(p, @$, $2, @2, list_empty(), $4); }
    | "rule" IDENT '(' params ')' '=' expr  { $$ = ast_rule(p, @$, $2, @2, $4, $7); }
    | "rule" IDENT '=' error                { $$ = ast_rule(p, @$, $2, @2, list_empty(), ast_error(p, @4)); }
    | "schedule" '{' items '}'              { $$ = ast_decl(p, @$, AST_SCHEDULE, SYM_NONE, @1, $3); }
    | "actuals" '{' acts '}'                { $$ = ast_decl(p, @$, AST_ACTUALS, SYM_NONE, @1, $3); }
    | "pins" '{' pins '}'                   { $$ = ast_decl(p, @$, AST_PINS, SYM_NONE, @1, $3); }
    | "pins" STRING                         { $$ = ast_pins_file(p, @$, $2, @2); }
    | "subcontractor" IDENT '{' items '}'   { $$ = ast_decl(p, @$, AST_SUBCONTRACTOR, $2, @2, $4); }
    | "scenario" IDENT '{' sc_items '}'     { $$ = ast_decl(p, @$, AST_SCENARIO, $2, @2, $4); }
    ;

/* ---- scenarios: a named variant of the model (compiler/scenario.c) ------ */
sc_items
    : %empty                                { $$ = list_empty(); }
    | sc_items sc_item                      { $$ = $1; astlist_push(p, &$$, $2); }
    | sc_items error                        { $$ = $1; }
    ;

sc_item
    : decl
    | IDENT decl                            { $$ = ast_sc_add(p, @$, $1, @1, $2); }
    | IDENT "order" IDENT                   { $$ = ast_sc_remove(p, @$, $1, @1, $3, @3); }
    | IDENT "order" STRING                  { $$ = ast_sc_remove(p, @$, $1, @1, $3, @3); }
    | IDENT expr                            { $$ = ast_attr(p, @$, AST_ATTR, $1, @1, $2); }
    ;

/* ---- actuals: what the shop floor reports ------------------------------ */
acts
    : %empty                                { $$ = list_empty(); }
    | acts act                              { $$ = $1; astlist_push(p, &$$, $2); }
    | acts ACT_RECORDS                      { $$ = $1; astlist_push(p, &$$, $2); }
    | acts error                            { $$ = $1; }
    ;

act
    : IDENT expr                            { $$ = ast_attr(p, @$, AST_ATTR, $1, @1, $2); }
    | "op" STRING step_ref "on" IDENT '{' items '}'
                                            { $$ = ast_act_op(p, @$, AST_ACT_OP, $2, @2, $3.step, $3.sub, @3, $5, @5, -1, @5, $7); }
    | "op" IDENT step_ref "on" IDENT '{' items '}'
                                            { $$ = ast_act_op(p, @$, AST_ACT_OP, $2, @2, $3.step, $3.sub, @3, $5, @5, -1, @5, $7); }
    | "op" STRING step_ref "on" IDENT NUMBER '{' items '}'
                                            { $$ = ast_act_op(p, @$, AST_ACT_OP, $2, @2, $3.step, $3.sub, @3, $5, @5, $6, @6, $8); }
    | "op" IDENT step_ref "on" IDENT NUMBER '{' items '}'
                                            { $$ = ast_act_op(p, @$, AST_ACT_OP, $2, @2, $3.step, $3.sub, @3, $5, @5, $6, @6, $8); }
    /* a cycle of a batch machine reported whole: batch oven 1 "B0007" { start … end … op "WO" cure … } */
    | "batch" IDENT '{' cycle_items '}'     { $$ = ast_act_op(p, @$, AST_ACT_BATCH, SYM_NONE, @2, SYM_NONE, 0, @2, $2, @2, -1, @2, $4); }
    | "batch" IDENT NUMBER '{' cycle_items '}'
                                            { $$ = ast_act_op(p, @$, AST_ACT_BATCH, SYM_NONE, @2, SYM_NONE, 0, @2, $2, @2, $3, @3, $5); }
    | "batch" IDENT STRING '{' cycle_items '}'
                                            { $$ = ast_act_op(p, @$, AST_ACT_BATCH, $3, @3, SYM_NONE, 0, @2, $2, @2, -1, @2, $5); }
    | "batch" IDENT NUMBER STRING '{' cycle_items '}'
                                            { $$ = ast_act_op(p, @$, AST_ACT_BATCH, $4, @4, SYM_NONE, 0, @2, $2, @2, $3, @3, $6); }
    | "received" IDENT expr "on" expr       { $$ = ast_received(p, @$, AST_RECEIVED, $2, @2, SYM_NONE, $3, $5); }
    | "received" IDENT expr "on" expr STRING
                                            { $$ = ast_received(p, @$, AST_RECEIVED, $2, @2, $6, $3, $5); }
    | "issued" IDENT expr "on" expr         { $$ = ast_received(p, @$, AST_ISSUED, $2, @2, SYM_NONE, $3, $5); }
    | "issued" IDENT expr "on" expr STRING  { $$ = ast_received(p, @$, AST_ISSUED, $2, @2, $6, $3, $5); }
    ;

/* What a reported cycle holds: its start and end, and its members, each an
 * operation with its pieces in the cycle (all of them if not written). */
cycle_items
    : %empty                                { $$ = list_empty(); }
    | cycle_items item                      { $$ = $1; astlist_push(p, &$$, $2); }
    | cycle_items cycle_member              { $$ = $1; astlist_push(p, &$$, $2); }
    | cycle_items error                     { $$ = $1; syntax_item_error(p, &$$, false); }
    ;

cycle_member
    : "op" STRING step_ref                  { $$ = ast_act_op(p, @$, AST_ACT_MEMBER, $2, @2, $3.step, $3.sub, @3, SYM_NONE, @3, -1, @3, list_empty()); }
    | "op" IDENT step_ref                   { $$ = ast_act_op(p, @$, AST_ACT_MEMBER, $2, @2, $3.step, $3.sub, @3, SYM_NONE, @3, -1, @3, list_empty()); }
    | "op" STRING step_ref NUMBER           { $$ = ast_act_op(p, @$, AST_ACT_MEMBER, $2, @2, $3.step, $3.sub, @3, SYM_NONE, @3, $4, @4, list_empty()); }
    | "op" IDENT step_ref NUMBER            { $$ = ast_act_op(p, @$, AST_ACT_MEMBER, $2, @2, $3.step, $3.sub, @3, SYM_NONE, @3, $4, @4, list_empty()); }
    ;

/* A routing step, or one sublot of it as the plan names it (assemble#2). */
step_ref
    : IDENT                                 { $$.step = $1; $$.sub = 0; }
    | STEP_SUB
    ;

/* ---- pins: operations fixed where the planner says, firm work orders ---- */
pins
    : %empty                                { $$ = list_empty(); }
    | pins pin                              { $$ = $1; astlist_push(p, &$$, $2); }
    | pins error                            { $$ = $1; }
    ;

pin
    : IDENT expr                            { $$ = ast_attr(p, @$, AST_ATTR, $1, @1, $2); }
    | "op" STRING step_ref "on" IDENT pin_items
                                            { $$ = ast_act_op(p, @$, AST_PIN, $2, @2, $3.step, $3.sub, @3, $5, @5, -1, @5, $6); }
    | "op" IDENT step_ref "on" IDENT pin_items
                                            { $$ = ast_act_op(p, @$, AST_PIN, $2, @2, $3.step, $3.sub, @3, $5, @5, -1, @5, $6); }
    | "op" STRING step_ref "on" IDENT NUMBER pin_items
                                            { $$ = ast_act_op(p, @$, AST_PIN, $2, @2, $3.step, $3.sub, @3, $5, @5, $6, @6, $7); }
    | "op" IDENT step_ref "on" IDENT NUMBER pin_items
                                            { $$ = ast_act_op(p, @$, AST_PIN, $2, @2, $3.step, $3.sub, @3, $5, @5, $6, @6, $7); }
    ;

pin_items
    : %empty                                { $$ = list_empty(); }
    | "start" expr                          { $$ = astlist_one(p, ast_setting(p, @$, SET_START, @1, $2)); }
    ;

/* ---- block items: plant, machine, material, product, order, schedule ---- */
items
    : %empty                                { $$ = list_empty(); }
    | items item                            { $$ = $1; astlist_push(p, &$$, $2); }
    | items error                           { $$ = $1; syntax_item_error(p, &$$, false); }
    ;

item
    : setting
    | IDENT expr                            { $$ = ast_attr(p, @$, AST_ATTR, $1, @1, $2); }
    /* `source buy` (make or buy): `buy` is a keyword, the purchase alternative's block */
    | IDENT "buy"                           { $$ = ast_attr(p, @$, AST_ATTR, $1, @1, ast_name(p, @2, intern_cstr(p->strs, "buy"))); }
    | IDENT error                           { $$ = syntax_no_value(p, @$, $1, @1); }
    | "setup" "by" IDENT '{' setup_entries '}'
                                            { $$ = ast_setup_by(p, @$, $3, @3, $5); }
    | "receipt" expr "on" expr              { $$ = ast_receipt(p, @$, SYM_NONE, $2, $4); }
    | "receipt" expr "on" expr STRING       { $$ = ast_receipt(p, @$, $5, $2, $4); }
    | "used" IDENT expr                     { $$ = ast_attr(p, @$, AST_USED, $2, @2, $3); }
    | "with" name_path NUMBER               { $$ = ast_pool_alt(p, @$, ast_num(p, @3, $3, SYM_NONE, @3, false), $2); }
    | "bom" '{' bom_lines '}'               { $$ = ast_block(p, @$, AST_BOM, $3); }
    | "routing" '{' steps '}'               { $$ = ast_block(p, @$, AST_ROUTING, $3); }
    | "buy" '{' items '}'                   { $$ = ast_block(p, @$, AST_BUY, $3); }
    ;

setting
    : setting_kw expr                       { $$ = ast_setting(p, @$, $1, @1, $2); }
    | setting_kw error                      { $$ = ast_setting(p, @$, $1, @1, ast_error(p, @1)); }
    | "currency" UNIT                       { $$ = ast_setting(p, @$, SET_CURRENCY, @1, ast_unit_value(p, @2, $2)); }
    | "unit" UNIT                           { $$ = ast_setting(p, @$, SET_UNIT, @1, ast_unit_value(p, @2, $2)); }
    | "time_unit" UNIT                      { $$ = ast_setting(p, @$, SET_TIME_UNIT, @1, ast_unit_value(p, @2, $2)); }
    | "dispatch" levels                     { $$ = ast_setting(p, @$, SET_DISPATCH, @1, $2); }
    | "minimize" levels                     { $$ = ast_setting(p, @$, SET_MINIMIZE, @1, $2); }
    /* a batch machine: capacity 40, capacity 12 by racks (each piece takes
     * its product's racks), batch by profile (only equal profiles share a cycle) */
    | "capacity" expr                       { $$ = ast_setting(p, @$, SET_CAPACITY, @1, $2); }
    | "capacity" expr "by" IDENT            { $$ = ast_setting_by(p, @$, SET_CAPACITY, @1, $2, $4, @4); }
    | "capacity" error                      { $$ = ast_setting(p, @$, SET_CAPACITY, @1, ast_error(p, @1)); }
    | "batch" "by" IDENT                    { $$ = ast_setting_by(p, @$, SET_BATCH, @1, ast_name(p, @3, $3), $3, @3); }

    ;

/* minimize weighted_tardiness then makespan: levels compared in order */
levels
    : expr
    | then_levels                           { $$ = ast_then(p, @$, $1); }
    ;

then_levels
    : expr "then" expr                      { $$ = astlist_one(p, $1); astlist_push(p, &$$, $3); }
    | then_levels "then" expr               { $$ = $1; astlist_push(p, &$$, $3); }
    ;

setting_kw
    : "start" { $$ = SET_START; }       | "horizon" { $$ = SET_HORIZON; }
    | "units" { $$ = SET_UNITS; }       | "calendar" { $$ = SET_CALENDAR; }
    | "cost" { $$ = SET_COST; }         | "setup" { $$ = SET_SETUP; }
    | "stock" { $$ = SET_STOCK; }       | "safety_stock" { $$ = SET_SAFETY_STOCK; }
    | "lead" { $$ = SET_LEAD; }         | "lot" { $$ = SET_LOT; }
    | "min_order" { $$ = SET_MIN_ORDER; } | "multiple" { $$ = SET_MULTIPLE; }
    | "due" { $$ = SET_DUE; }           | "release" { $$ = SET_RELEASE; }
    | "priority" { $$ = SET_PRIORITY; } | "penalty" { $$ = SET_PENALTY; }
    | "search" { $$ = SET_SEARCH; }     | "iterations" { $$ = SET_ITERATIONS; }
    | "seed" { $$ = SET_SEED; }         | "threads" { $$ = SET_THREADS; }
    | "split" { $$ = SET_SPLIT; }       | "run" { $$ = SET_RUN; }
    | "wait" { $$ = SET_WAIT; }         | "base" { $$ = SET_BASE; }
    | "within" { $$ = SET_WITHIN; }     | "transfer" { $$ = SET_TRANSFER; }
    | "consolidate" { $$ = SET_CONSOLIDATE; }
    | "receiving" { $$ = SET_RECEIVING; }
    | "max_lot" { $$ = SET_MAX_LOT; }   | "frozen" { $$ = SET_FROZEN; }
    | "efficiency" { $$ = SET_EFFICIENCY; }
    | "cycle" { $$ = SET_CYCLE; }       | "fill" { $$ = SET_FILL; }
    | "batch" { $$ = SET_BATCH; }
    | "scrap" { $$ = SET_SCRAP; }       | "yield" { $$ = SET_YIELD; }
    ;

setup_entries
    : %empty                                { $$ = list_empty(); }
    | setup_entries setup_entry             { $$ = $1; astlist_push(p, &$$, $2); }
    | setup_entries error                   { $$ = $1; }
    ;

setup_entry
    : "same" expr                           { $$ = ast_setup_entry(p, @$, SETUP_SAME, SYM_NONE, SYM_NONE, $2); }
    | "change" expr                         { $$ = ast_setup_entry(p, @$, SETUP_CHANGE, SYM_NONE, SYM_NONE, $2); }
    | "first" expr                          { $$ = ast_setup_entry(p, @$, SETUP_FIRST, SYM_NONE, SYM_NONE, $2); }
    | STRING "->" STRING expr               { $$ = ast_setup_entry(p, @$, SETUP_PAIR, $1, $3, $4); }
    ;

bom_lines
    : %empty                                { $$ = list_empty(); }
    | bom_lines bom_line                    { $$ = $1; astlist_push(p, &$$, $2); }
    | bom_lines error                       { $$ = $1; syntax_item_error(p, &$$, true); }
    ;

bom_line
    : name_path expr                        { $$ = ast_bom_line(p, @$, $1, $2); }
    | name_path expr "scrap" expr           { $$ = ast_bom_line_loss(p, @$, $1, $2, ast_setting(p, @3, SET_SCRAP, @3, $4)); }
    | name_path expr "yield" expr           { $$ = ast_bom_line_loss(p, @$, $1, $2, ast_setting(p, @3, SET_YIELD, @3, $4)); }
    | name_path error                       { $$ = syntax_no_quantity(p, @$, $1); }
    ;

steps
    : %empty                                { $$ = list_empty(); }
    | steps step                            { $$ = $1; syntax_push_step(p, &$$, $2); }
    | steps error                           { $$ = $1; syntax_step_error(p, &$$); }
    ;

step
    : IDENT step_clauses                    { $$ = ast_step(p, @$, $1, @1, $2); }
    ;

step_clauses
    : %empty                                { $$ = list_empty(); }
    | step_clauses step_clause              { $$ = $1; astlist_push(p, &$$, $2); }
    ;

step_clause
    : "on" alts                             { $$ = ast_on(p, @$, $2); }
    | "setup" expr                          { $$ = ast_setting(p, @$, SET_SETUP, @1, $2); }
    | "run" expr                            { $$ = ast_setting(p, @$, SET_RUN, @1, $2); }
    | "wait" expr                           { $$ = ast_setting(p, @$, SET_WAIT, @1, $2); }
    | "scrap" expr                          { $$ = ast_setting(p, @$, SET_SCRAP, @1, $2); }
    | "yield" expr                          { $$ = ast_setting(p, @$, SET_YIELD, @1, $2); }
    | "within" expr                         { $$ = ast_setting(p, @$, SET_WITHIN, @1, $2); }
    | "transfer" expr                       { $$ = ast_setting(p, @$, SET_TRANSFER, @1, $2); }
    | "sublot" expr                         { $$ = ast_setting(p, @$, SET_SUBLOT, @1, $2); }
    | "sublots" expr                        { $$ = ast_setting(p, @$, SET_SUBLOTS, @1, $2); }
    | "efficiency" expr                     { $$ = ast_setting(p, @$, SET_EFFICIENCY, @1, $2); }
    | "after" "start"                       { $$ = ast_after(p, @$, list_empty(), true); }
    | "after" names                         { $$ = ast_after(p, @$, $2, false); }
    | "with" needs                          { $$ = ast_with(p, @$, $2); }
    ;

/* with fitter, with 2 fitter, with skilled | trainee, with setter for setup;
 * several: with setter for setup, with inspector (or: with setter for setup, inspector) */
needs
    : need                                  { $$ = astlist_one(p, $1); }
    | needs ',' need                        { $$ = $1; astlist_push(p, &$$, $3); }
    | needs ',' "with" need                 { $$ = $1; astlist_push(p, &$$, $4); }
    ;

need
    : pool_alts                             { $$ = ast_need(p, @$, $1, false); }
    | pool_alts "for" "setup"               { $$ = ast_need(p, @$, $1, true); }
    ;

pool_alts
    : pool_alt                              { $$ = astlist_one(p, $1); }
    | pool_alts '|' pool_alt                { $$ = $1; astlist_push(p, &$$, $3); }
    ;

pool_alt
    : name_path                             { $$ = ast_pool_alt(p, @$, NULL, $1); }
    | NUMBER name_path                      { $$ = ast_pool_alt(p, @$, ast_num(p, @1, $1, SYM_NONE, @1, false), $2); }
    | NUMBER UNIT                           { $$ = ast_pool_alt(p, @$, ast_num(p, @1, $1, SYM_NONE, @1, false), ast_name(p, @2, $2)); }
    ;

alts
    : alt                                   { $$ = astlist_one(p, $1); }
    | alts '|' alt                          { $$ = $1; astlist_push(p, &$$, $3); }
    ;

alt
    : alt_head
    | alt_head '(' alt_clauses ')'          { $$ = ast_alt_clauses(p, @$, $1, $3); }
    ;

/* a word and a value in an alternative's clauses is no clause; the checks
 * say so (E0425) */
alt_clauses
    : %empty                                { $$ = list_empty(); }
    | alt_clauses step_clause               { $$ = $1; astlist_push(p, &$$, $2); }
    | alt_clauses IDENT expr                { $$ = $1; astlist_push(p, &$$, ast_attr(p, @2, AST_ATTR, $2, @2, $3)); }
    ;

/* `on bench + operator` is read so that it can be reported as what it is */
alt_head
    : name_path                             { $$ = ast_alt(p, @$, $1, list_empty()); }
    | alt_head '+' name_path                { $$ = ast_alt_also(p, @$, $1, $3); }
    | alt_head "and" name_path              { $$ = ast_alt_also(p, @$, $1, $3); }
    ;

names
    : name_path                             { $$ = astlist_one(p, $1); }
    | names ',' name_path                   { $$ = $1; astlist_push(p, &$$, $3); }
    ;

/* ---- calendars ---------------------------------------------------------- */
cal_items
    : %empty                                { $$ = list_empty(); }
    | cal_items cal_item                    { $$ = $1; astlist_push(p, &$$, $2); }
    | cal_items error                       { $$ = $1; }
    ;

cal_item
    : day_specs shifts                      { $$ = ast_shifts(p, @$, $1, $2); }
    | "closed" DATE                         { $$ = ast_closed(p, @$, AST_CLOSED, $2, $2, list_empty()); }
    | "closed" DATE ".." DATE               { $$ = ast_closed(p, @$, AST_CLOSED, $2, $4, list_empty()); }
    | "closed" DATE shifts                  { $$ = ast_closed(p, @$, AST_CLOSED, $2, $2, $3); }
    | "closed" DATE ".." DATE shifts        { $$ = ast_closed(p, @$, AST_CLOSED, $2, $4, $5); }
    | "overtime" DATE shifts                { $$ = ast_closed(p, @$, AST_OVERTIME, $2, $2, $3); }
    | "overtime" DATE ".." DATE shifts      { $$ = ast_closed(p, @$, AST_OVERTIME, $2, $4, $5); }
    | "base" name_path                      { $$ = ast_setting(p, @$, SET_BASE, @1, $2); }
    ;

day_specs
    : day_range                             { $$ = astlist_one(p, $1); }
    | day_specs ',' day_range               { $$ = $1; astlist_push(p, &$$, $3); }
    ;

day_range
    : IDENT                                 { $$ = ast_days(p, @$, $1, @1, SYM_NONE, @1); }
    | IDENT '-' IDENT                       { $$ = ast_days(p, @$, $1, @1, $3, @3); }
    ;

shifts
    : shift                                 { $$ = astlist_one(p, $1); }
    | shifts ',' shift                      { $$ = $1; astlist_push(p, &$$, $3); }
    ;

shift
    : TIME '-' TIME                         { $$ = ast_shift(p, @$, $1, $3, NULL); }
    | TIME '-' TIME '+' NUMBER              { $$ = ast_shift(p, @$, $1, $3, ast_num(p, @5, $5, SYM_NONE, @5, false)); }
    ;

/* ---- forecasts ---------------------------------------------------------- */
periods
    : %empty                                { $$ = list_empty(); }
    | periods period                        { $$ = $1; astlist_push(p, &$$, $2); }
    | periods error                         { $$ = $1; }
    ;

period
    : DATE ".." DATE expr                   { $$ = ast_period(p, @$, $1, $3, $4); }
    ;

/* ---- rules -------------------------------------------------------------- */
params
    : param                                 { $$ = astlist_one(p, $1); }
    | params ',' param                      { $$ = $1; astlist_push(p, &$$, $3); }
    ;

param
    : IDENT                                 { $$ = ast_attr(p, @$, AST_PARAM, $1, @1, NULL); }
    | IDENT '=' expr                        { $$ = ast_attr(p, @$, AST_PARAM, $1, @1, $3); }
    ;

/* ---- expressions -------------------------------------------------------- */
expr
    : "if" expr "then" expr "else" expr     { $$ = ast_if(p, @$, $2, $4, $6); }
    | expr "or" expr                        { $$ = ast_binary(p, @$, OP_OR, $1, $3); }
    | expr "and" expr                       { $$ = ast_binary(p, @$, OP_AND, $1, $3); }
    | "not" expr                            { $$ = ast_unary(p, @$, OP_NOT, $2); }
    | expr "==" expr                        { $$ = ast_binary(p, @$, OP_EQ, $1, $3); }
    | expr "!=" expr                        { $$ = ast_binary(p, @$, OP_NE, $1, $3); }
    | expr '<' expr                         { $$ = ast_binary(p, @$, OP_LT, $1, $3); }
    | expr "<=" expr                        { $$ = ast_binary(p, @$, OP_LE, $1, $3); }
    | expr '>' expr                         { $$ = ast_binary(p, @$, OP_GT, $1, $3); }
    | expr ">=" expr                        { $$ = ast_binary(p, @$, OP_GE, $1, $3); }
    | expr '+' expr                         { $$ = ast_binary(p, @$, OP_ADD, $1, $3); }
    | expr '-' expr                         { $$ = ast_binary(p, @$, OP_SUB, $1, $3); }
    | expr '*' expr                         { $$ = ast_binary(p, @$, OP_MUL, $1, $3); }
    | expr '/' expr                         { $$ = ast_binary(p, @$, OP_DIV, $1, $3); }
    | '-' expr %prec UMINUS                 { $$ = ast_unary(p, @$, OP_NEG, $2); }
    | primary
    ;

primary
    : NUMBER                                { $$ = ast_num(p, @$, $1, SYM_NONE, @1, false); }
    | NUMBER UNIT                           { $$ = ast_num(p, @$, $1, $2, @2, false); }
    | NUMBER UNIT "each"                    { $$ = ast_num(p, @$, $1, $2, @2, true); }
    | NUMBER "each"                         { $$ = ast_num(p, @$, $1, SYM_NONE, @2, true); }
    | STRING                                { $$ = ast_str(p, @$, $1); }
    | "true"                                { $$ = ast_bool(p, @$, true); }
    | "false"                               { $$ = ast_bool(p, @$, false); }
    | DATE                                  { $$ = ast_date(p, @$, $1); }
    | DATE TIME                             { $$ = ast_datetime(p, @$, $1, $2); }
    | DATETIME                              { $$ = ast_datetime(p, @$, $1.days, $1.minutes); }
    | name_path
    | "order" '.' member                    { $$ = ast_name_push(p, ast_name(p, @1, intern_cstr(p->strs, "order")), $3, @3); }
    | "machine" '.' member                  { $$ = ast_name_push(p, ast_name(p, @1, intern_cstr(p->strs, "machine")), $3, @3); }
    | "cost"                                { $$ = ast_name(p, @$, intern_cstr(p->strs, "cost")); }
    | "penalty"                             { $$ = ast_name(p, @$, intern_cstr(p->strs, "penalty")); }
    | "cost" '(' args ')'                   { $$ = ast_call(p, @$, ast_name(p, @1, intern_cstr(p->strs, "cost")), $3); }
    | "penalty" '(' args ')'                { $$ = ast_call(p, @$, ast_name(p, @1, intern_cstr(p->strs, "penalty")), $3); }
    | name_path '(' args ')'                { $$ = ast_call(p, @$, $1, $3); }
    | '(' expr ')'                          { $$ = ast_paren(p, @$, $2); }
    ;

name_path
    : IDENT                                 { $$ = ast_name(p, @$, $1); }
    | name_path '.' member                  { $$ = ast_name_push(p, $1, $3, @3); }
    ;

/* After a dot any keyword is a member name: order.due, machine.cost. */
member
    : IDENT
    | "start" { $$ = intern_cstr(p->strs, "start"); }     | "horizon" { $$ = intern_cstr(p->strs, "horizon"); }
    | "units" { $$ = intern_cstr(p->strs, "units"); }     | "calendar" { $$ = intern_cstr(p->strs, "calendar"); }
    | "cost" { $$ = intern_cstr(p->strs, "cost"); }       | "setup" { $$ = intern_cstr(p->strs, "setup"); }
    | "stock" { $$ = intern_cstr(p->strs, "stock"); }     | "lead" { $$ = intern_cstr(p->strs, "lead"); }
    | "lot" { $$ = intern_cstr(p->strs, "lot"); }         | "due" { $$ = intern_cstr(p->strs, "due"); }
    | "release" { $$ = intern_cstr(p->strs, "release"); } | "priority" { $$ = intern_cstr(p->strs, "priority"); }
    | "penalty" { $$ = intern_cstr(p->strs, "penalty"); } | "run" { $$ = intern_cstr(p->strs, "run"); }
    | "wait" { $$ = intern_cstr(p->strs, "wait"); }       | "unit" { $$ = intern_cstr(p->strs, "unit"); }
    | "within" { $$ = intern_cstr(p->strs, "within"); }
    | "transfer" { $$ = intern_cstr(p->strs, "transfer"); }
    | "product" { $$ = intern_cstr(p->strs, "product"); } | "material" { $$ = intern_cstr(p->strs, "material"); }
    | "machine" { $$ = intern_cstr(p->strs, "machine"); } | "order" { $$ = intern_cstr(p->strs, "order"); }
    | "first" { $$ = intern_cstr(p->strs, "first"); }     | "min_order" { $$ = intern_cstr(p->strs, "min_order"); }
    | "multiple" { $$ = intern_cstr(p->strs, "multiple"); } | "max_lot" { $$ = intern_cstr(p->strs, "max_lot"); }
    | "sublot" { $$ = intern_cstr(p->strs, "sublot"); }   | "sublots" { $$ = intern_cstr(p->strs, "sublots"); }
    | "frozen" { $$ = intern_cstr(p->strs, "frozen"); }   | "pins" { $$ = intern_cstr(p->strs, "pins"); }
    | "subcontractor" { $$ = intern_cstr(p->strs, "subcontractor"); }
    | "resource" { $$ = intern_cstr(p->strs, "resource"); } | "efficiency" { $$ = intern_cstr(p->strs, "efficiency"); }
    | "with" { $$ = intern_cstr(p->strs, "with"); }       | "for" { $$ = intern_cstr(p->strs, "for"); }
    | "scrap" { $$ = intern_cstr(p->strs, "scrap"); }     | "yield" { $$ = intern_cstr(p->strs, "yield"); }
    ;

args
    : %empty                                { $$ = list_empty(); }
    | arglist
    ;

arglist
    : arg                                   { $$ = astlist_one(p, $1); }
    | arglist ',' arg                       { $$ = $1; astlist_push(p, &$$, $3); }
    ;

arg
    : expr                                  { $$ = ast_attr(p, @$, AST_ARG, SYM_NONE, @1, $1); }
    | IDENT ':' expr                        { $$ = ast_attr(p, @$, AST_ARG, $1, @1, $3); }
    ;

%%

#include "grammar/syntax_error.inc"
