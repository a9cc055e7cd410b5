/* sema.h: the checked model. sema_check() resolves every name, gives every
 * expression a type, converts literal values to base units (minutes, plant
 * currency, metres, kilograms) and checks the model's structure. What it
 * builds here is what ir_lower() and the planner read.
 *
 * Times are minutes since 1970-01-01 00:00 local time (no time zones). */
#ifndef TAKT_SEMA_H
#define TAKT_SEMA_H

#include "ast.h"
#include "model.h"

typedef enum EntityKind { ENT_CALENDAR, ENT_MACHINE, ENT_MATERIAL, ENT_PRODUCT, ENT_RULE, ENT_RESOURCE, ENT__COUNT } EntityKind;

typedef struct Entity {
    EntityKind kind;
    Sym name;        /* qualified: "std.day_shift" */
    Sym ns;
    Span span;       /* the name in its declaration */
    AstNode *decl;
    int32_t index;   /* into the table of its kind */
} Entity;
TK_VEC(EntityVec, Entity);

/* ---- rule variables and attributes ---------------------------------------- */
typedef enum RuleVar {
#define VAR(id, obj, name, ty) RV_##id,
#include "builtins.def"
#undef VAR
    RV__COUNT
} RuleVar;

typedef enum RuleObject { OBJ_NONE, OBJ_ORDER, OBJ_JOB, OBJ_OPERATION, OBJ_MACHINE, OBJ_PREV, OBJ_PLAN } RuleObject;

/* A user attribute: declared on products (read as job.x and prev.x), orders
 * (order.x) or machines (machine.x). */
typedef enum AttrOwner { OWN_PRODUCT, OWN_ORDER, OWN_MACHINE, OWN__COUNT } AttrOwner;
typedef struct AttrDef {
    Sym name;
    AttrOwner owner;
    Type ty;           /* TY_STRING, TY_BOOL, TY_NUM(dims) or TY_DATETIME */
    Span first;        /* first declaration */
    bool used;         /* read by a rule or a setup */
} AttrDef;
TK_VEC(AttrDefVec, AttrDef);

typedef struct AttrVal {
    int32_t attr;      /* AttrDef index */
    double num;        /* numbers (base units), booleans (0/1), date-times */
    Sym str;
} AttrVal;
typedef struct AttrVals {
    AttrVal *items;
    Span *spans;
    uint32_t n;
} AttrVals;

/* Encoding of AstNode.ref for REF_ATTR names */
#define ATTR_REF(obj, id, user) ((int32_t)(((uint32_t)(obj) << 24) | ((user) ? 0x800000u : 0u) | (uint32_t)(id)))
#define ATTR_REF_OBJ(r) ((RuleObject)(((uint32_t)(r)) >> 24))
#define ATTR_REF_USER(r) ((((uint32_t)(r)) & 0x800000u) != 0)
#define ATTR_REF_ID(r) ((int32_t)(((uint32_t)(r)) & 0x7FFFFFu))

/* ---- plant ----------------------------------------------------------------- */
typedef struct SemPlant {
    Sym name;
    Span span;
    int64_t start;       /* minutes */
    int64_t horizon;     /* minutes */
    Sym currency;        /* "EUR" */
    int32_t time_unit;   /* minutes per plan time step: 1 (min); seconds not yet */
    bool split;          /* operations may pause over breaks (default true) */
    bool start_ok;       /* start was given and valid */
    int32_t receiving;   /* the calendar goods are received by, -1: any time */
    Span receiving_span; /* its name, where given */
} SemPlant;

/* ---- calendars -------------------------------------------------------------- */
typedef struct Interval {
    int32_t lo, hi;      /* minutes */
} Interval;

typedef struct SemDateRule {
    int32_t from, to;    /* days since epoch, inclusive */
    Interval *shifts;    /* minutes within the day (hi may exceed 1440); none = whole day */
    uint32_t nshifts;
    Span span;
} SemDateRule;

typedef struct SemCalendar {
    Sym name;
    Span span;
    int32_t base;         /* calendar index or -1 */
    bool library;         /* declared in a module (std.*) */
    bool has_day[7];      /* days this calendar defines itself */
    Interval *day[7];     /* per weekday (0 = Monday), minutes from that day's 00:00 */
    uint32_t nday[7];
    SemDateRule *closed;
    uint32_t nclosed;
    SemDateRule *overtime;
    uint32_t novertime;
    bool used;
} SemCalendar;

/* ---- machines --------------------------------------------------------------- */
typedef struct SemSetupPair {
    Sym from, to;
    double minutes;
    Span span;
} SemSetupPair;

typedef struct SemSetupBy {
    int32_t attr;         /* product attribute */
    Span span;
    double same, change, first;
    SemSetupPair *pairs;
    uint32_t npairs;
} SemSetupBy;

typedef struct SemMachine {
    Sym name;
    Span span;
    uint32_t units;
    int32_t calendar;     /* -1: around the clock */
    AstNode *cost;        /* money per time; NULL = 0 */
    double cost_rate;     /* if cost is constant: money per minute */
    bool cost_const;
    AstNode *setup;       /* a duration rule; NULL = none */
    SemSetupBy *setup_by;
    uint32_t nsetup_by;
    int8_t split;         /* -1 plant default, 0 no, 1 yes */
    double efficiency;    /* run times are divided by it; 1 if not given */
    /* a batch machine (sema_batch.c): batch_cap > 0 */
    double batch_cap;     /* pieces per cycle, or of batch_load_attr's values */
    double batch_cycle;   /* minutes */
    double batch_fill;    /* minutes a cycle may wait for more work; 0: none */
    int32_t batch_load_attr, batch_by_attr; /* product AttrDefs; -1: none */
    bool batch_meant;     /* capacity or cycle given (wrongly, if batch_cap is 0): its steps need no run */
    AttrVals attrs;
    bool used;
    /* a subcontractor (docs/language.md, "subcontractor"): work done outside,
     * taking `lead` minutes of elapsed time, at a price per piece (cost_each)
     * or per operation (cost_fixed); calendar: when it takes and gives back
     * goods (-1: any time). Units, setups and rates do not apply. */
    bool subcontract;
    int64_t lead;
    double cost_each, cost_fixed;
} SemMachine;

/* ---- resources: pools of people or tools (sema_pool.c) ------------------------ */
typedef struct SemResource {
    Sym name;
    Span span;
    uint32_t units;
    int32_t calendar;     /* -1: around the clock */
    double cost_rate;     /* money per minute a unit is held */
    bool used;
} SemResource;

/* Limits of one operation's needs (docs/language.md, "resource") */
#define SEM_MAX_NEEDS 8          /* needs of one step or alternative */
#define SEM_MAX_NEED_COMBOS 64   /* product of the needs' pool alternatives */

typedef struct SemPoolAlt {
    int32_t pool;         /* SemResource index */
    uint32_t count;       /* units needed */
    Span span;
} SemPoolAlt;

/* One need of an operation: count units of one of the pools (alternatives,
 * in the order written), for the whole operation or its setup only. */
typedef struct SemNeed {
    SemPoolAlt *alts;
    uint32_t nalts;
    bool setup_only;
    Span span;
} SemNeed;

/* ---- materials and products --------------------------------------------------- */
typedef struct SemLot {
    double fixed, min, multiple; /* 0 = not set; in the item's unit */
    double max;                  /* max_lot: 0 = not set */
} SemLot;

typedef struct SemReceipt {
    double qty;
    int64_t at;
    Sym id;
    Span span;
} SemReceipt;

typedef struct SemMaterial {
    Sym name;
    Span span;
    Sym uom;              /* unit name as written, "pcs" if none */
    int8_t dim[DIM__COUNT];
    double uom_scale;     /* base units per one uom */
    double cost;          /* money per uom */
    double stock, safety; /* in uom */
    int64_t lead;         /* minutes */
    SemLot lot;
    int64_t consolidate;  /* minutes: purchases within this of the first are one; 0: none */
    SemReceipt *receipts;
    uint32_t nreceipts;
    int32_t receiving;    /* its own receiving calendar, -1: the plant's */
    Span receiving_span;
    bool used;
} SemMaterial;

typedef struct SemAlt {
    int32_t machine;
    double setup;         /* minutes per operation */
    double run;           /* minutes, per piece if per_piece else per operation (before efficiency) */
    bool per_piece;
    double efficiency;    /* the alternative's own; 0: the machine's */
    SemNeed *needs;       /* the step's needs, then the alternative's own */
    uint32_t nneeds;
    Span span;
} SemAlt;

typedef struct SemStep {
    Sym name;
    Span span;
    SemAlt *alts;
    uint32_t nalts;
    int32_t *preds;       /* step indexes in the same routing */
    uint32_t npreds;
    double wait;          /* minutes after it ends before successors start */
    double scrap;         /* share of the pieces started that are lost (scrap 5%: 0.05; yield 95% too) */
    double within;        /* minutes: it starts at most this long after each predecessor ends; -1: no window */
    Span within_span;     /* the `within` clause */
    double transfer;      /* transfer N: starts once N pieces of the step before it are done; 0: not set */
    Span transfer_span;   /* the `transfer` clause */
    double sublot;        /* sublot N: at most N pieces an operation; 0 = not set */
    uint32_t sublots;     /* sublots N: split into N operations; 0 = not set */
    Span sublot_span;     /* the clause that splits it */
} SemStep;

typedef struct SemBomLine {
    bool is_product;
    int32_t item;         /* material or product index */
    double qty;           /* per one parent, in the item's unit */
    double scrap;         /* share of what is issued that is lost (tube 2.4 m scrap 3%) */
    Span span;
} SemBomLine;

/* Make or buy (docs/language.md, "Make or buy"): how a product's shortfalls
 * are covered. SOURCE_MAKE without a buy block; with one, in_time unless
 * the product says otherwise. */
typedef enum SourcePolicy { SOURCE_MAKE, SOURCE_IN_TIME, SOURCE_CHEAPEST, SOURCE_BUY } SourcePolicy;

/* A product's purchase alternative: `buy { cost .. lead .. }`. */
typedef struct SemBuy {
    bool has;
    double price;          /* money per piece */
    int64_t lead;          /* minutes, calendar time */
    SemLot lot;
    Sym supplier;          /* SYM_NONE: not given */
    int32_t receiving;     /* its own receiving calendar, -1: the plant's */
    Span span;
} SemBuy;

typedef struct SemProduct {
    Sym name;
    Span span;
    SemBomLine *bom;
    uint32_t nbom;
    SemStep *steps;
    uint32_t nsteps;
    SemLot lot;
    double stock;
    AttrVals attrs;
    bool used;
    SemBuy buy;
    uint8_t source;        /* SourcePolicy */
    Span source_span;      /* where `source` is given; empty if not */
} SemProduct;

/* ---- demand ------------------------------------------------------------------- */
typedef struct SemOrder {
    Sym name;
    Span span;
    int32_t product;
    double qty;
    int64_t due, release;  /* minutes; release defaults to the plant start */
    double priority;       /* default 1 */
    double penalty;        /* money per minute late */
    AttrVals attrs;
    Span due_span, release_span;
    bool due_is_date;      /* written as a date alone: the end of that day */
} SemOrder;

typedef struct SemPeriod {
    int32_t from, to;      /* days, inclusive */
    double qty;
    Span span;
} SemPeriod;

typedef struct SemForecast {
    int32_t product;
    SemPeriod *periods;
    uint32_t nperiods;
    Span span;
} SemForecast;

/* A product's sales history (docs/language.md, "history"): one quantity per
 * period from `first` (periods numbered as forecast/history.h does),
 * gaps 0; the plan forecasts from it (ir_lower). */
typedef struct SemHistory {
    int32_t product;
    bool weekly;           /* else monthly */
    int32_t first;         /* the first period */
    double *v;             /* n quantities, in the model's arena */
    int n;
    Span span;             /* the block, or the item's first line in its file */
} SemHistory;

/* ---- actuals ------------------------------------------------------------------- */
typedef struct SemUse {
    bool is_product;
    int32_t item;          /* material or product index */
    double qty;            /* in the item's unit */
    Span span;
} SemUse;

/* An operation the shop floor reports: done (end >= 0) or running. */
typedef struct SemActual {
    Sym wo;                /* the work order's name, as the plan names it */
    Span span, wo_span, step_span;
    int32_t order;         /* customer order it belongs to, -1 for forecast demand */
    int32_t product, step;
    int32_t sub;           /* the sublot, from 1; 0: the step as a whole */
    int32_t machine;
    uint32_t unit;         /* from 0 */
    int64_t start, end;    /* minutes; end -1 while running */
    double good, scrap;
    double setup;          /* minutes of it that were setup; -1 if not reported */
    SemUse *uses;
    uint32_t nuses;
    struct SemWith { int32_t pool; uint32_t unit; Span span; } *with; /* resource units reported (from 0) */
    uint32_t nwith;
    uint32_t cycle;        /* a member of reported cycle Sema.cycles[cycle - 1]; 0: reported on its own */
    double pieces;         /* a member's pieces in its cycle as written; 0: not written (all of them) */
} SemActual;

/* A cycle of a batch machine the shop floor reports whole (docs/actuals.md,
 * "Batch machines"): its members are the SemActuals whose cycle is it. */
typedef struct SemCycle {
    Sym ref;               /* the shop floor's name for it; SYM_NONE: none */
    Span span, machine_span;
    int32_t machine;
    uint32_t unit;         /* from 0 */
    int64_t start, end;    /* end -1 while it runs */
} SemCycle;

/* A pin (docs/language.md, "pins"): an operation fixed to a machine, and
 * to a unit and a start where given; from a pins block or a pins CSV. */
typedef struct SemPin {
    Sym wo;                /* the work order's name, as the plan names it */
    Span span, wo_span, step_span, machine_span, unit_span, start_span;
    int32_t order, product, step;
    int32_t sub;           /* sublot from 1; 0: the step (all of its sublots) */
    int32_t machine;
    int32_t unit;          /* from 0; -1: any unit */
    int64_t start;         /* -1: any time */
} SemPin;

/* A work order marked firm: released to the shop floor, kept as the
 * reference plan has it. */
typedef struct SemFirm {
    Sym wo;
    Span span;
    int32_t product;
} SemFirm;

typedef struct SemReceived {
    bool issued;           /* left stock (issued), rather than received */
    int32_t material;
    double qty;            /* in the material's unit */
    int64_t at;
    Sym id;
    Span span;
} SemReceived;

/* ---- rules and schedule ------------------------------------------------------ */
typedef struct SemParam {
    Sym name;
    Type ty;
    AstNode *dflt;         /* may be NULL */
} SemParam;

typedef struct SemRule {
    Sym name;
    Span span;
    SemParam *params;
    uint32_t nparams;
    AstNode *body;
    Type ty;
    uint8_t state;         /* 0 unchecked, 1 checking, 2 done */
    uint8_t moment;        /* sema_check_static: 0 not looked at, 1 looking, 2 reads none, 3 reads one */
    const AstNode *moment_at; /* 3: the value of the moment it reads */
    uint32_t height;       /* levels of its body, the rules it uses counted in (SEMA_MAX_RULE_DEPTH) */
    uint64_t size;         /* nodes of its body, each call of a rule with parameters counted in full */
    bool used;
    bool library;          /* declared in a module (std.*) */
    int32_t entity;        /* its entry in Sema.entities */
} SemRule;

/* Levels of a lexicographic objective or dispatch rule (`minimize A then
 * B`): at most this many (docs/language.md, §13). */
#define SEM_MAX_LEVELS 8
/* A plan measure of the objective restricted to a machine or to some orders
 * (docs/language.md §13): setups(coat_line), setups(machine.area == "paint"),
 * tardiness(order.kind == "stock"). One per distinct restriction. */
typedef struct SemMeasure {
    RuleVar var;           /* the plan measure */
    RuleObject by;         /* OBJ_MACHINE: it counts operations by machine; OBJ_ORDER: orders */
    int32_t machine;       /* a machine named alone, else -1 */
    AstNode *where;        /* else a condition on the machine or the order */
    const char *name;      /* as written, spaces made canonical: "setups(coat_line)" */
    Span span;
} SemMeasure;

typedef struct SemSchedule {
    AstNode *dispatch;     /* NULL: FIFO by release, then order name */
    AstNode *objective;    /* NULL: makespan */
    /* every level, the first being dispatch and objective above; a level
     * with an error leaves the list empty */
    AstNode *dispatch_levels[SEM_MAX_LEVELS];
    AstNode *objective_levels[SEM_MAX_LEVELS];
    uint32_t ndispatch, nobjective;
    Span span;
    double search_seconds; /* 0: dispatching only */
    int64_t iterations;    /* 0: unlimited (time limit applies) */
    uint64_t seed;
    int threads;
    bool jit_release;      /* release just_in_time: work orders released at their latest start */
    int64_t frozen;        /* minutes from now in which the reference plan stands; -1: none */
    Span frozen_span;
} SemSchedule;

/* A reference to a name that is no declaration of a kind that would do
 * (E0203-E0206, E0439), with its diagnostic: many references to one name
 * that all miss the same declared, unused name blame that declaration
 * instead (E0483, sema_misspelt). */
typedef struct SemUnknownUse {
    Sym name;              /* as written */
    uint8_t kinds;         /* a bit (1 << EntityKind) for each kind that would do */
    Span at;
    uint32_t diag;         /* its diagnostic's index in Model.diags, UINT32_MAX if suppressed */
} SemUnknownUse;

/* E0483 (docs/limits.md): names used this often at least, the first this
 * many of them looked at, notes of the first uses */
#define SEMA_MISSPELT_MIN_USES 2
#define SEMA_MISSPELT_NAMES 200
#define SEMA_MISSPELT_NOTES 3

typedef struct Sema {
    Model *m;
    EntityVec entities;
    int32_t *by_sym;       /* Sym -> entity index, -1 if none */
    uint32_t nby_sym;
    AttrDefVec attrs;
    SemPlant plant;
    bool have_plant;
    TK_VEC_OF(SemCalendar) calendars;
    TK_VEC_OF(SemMachine) machines;
    TK_VEC_OF(SemResource) resources;
    TK_VEC_OF(SemMaterial) materials;
    TK_VEC_OF(SemProduct) products;
    TK_VEC_OF(SemOrder) orders;
    TK_VEC_OF(SemForecast) forecasts;
    TK_VEC_OF(SemHistory) histories;
    TK_VEC_OF(SemRule) rules;
    TK_VEC_OF(SemActual) actuals;
    TK_VEC_OF(SemCycle) cycles;
    TK_VEC_OF(SemReceived) received;
    TK_VEC_OF(SemPin) pins;
    TK_VEC_OF(SemFirm) firms;
    int64_t now;           /* the time of the actuals; -1 if not given */
    Span now_span;
    /* the work order of the last reported operation: reports come by work order */
    struct { Sym wo; int32_t product, order, step; } last_wo; /* step: of the last report of it */
    /* machines of recent reports, by symbol (check_act_run) */
    struct { Sym name; int32_t machine; uint32_t units; } act_machines[256];
    SemSchedule schedule;
    TK_VEC_OF(SemMeasure) measures; /* the objective's restricted measures */
    int32_t *order_by_sym;
    uint32_t norder_by_sym;
    uint32_t nsuggest;     /* did-you-mean hints given, capped for speed */
    TK_VEC_OF(SemUnknownUse) unknown_uses;
    Span currency_at;      /* the first amount of money, when the plant sets no currency */
    int32_t rule_stack[256]; /* rules being checked, for cycle messages */
    uint32_t nrule_stack;
    /* expression levels being checked, the rules used counted in: the
     * deepest reached and the nodes counted, for the rule being checked */
    uint32_t depth, reach;
    uint64_t nodes;
    bool rules_too_deep;   /* reported once */
} Sema;

/* docs/limits.md. A rule's levels count those of the rules it uses (each
 * pass that inlines them recurses that deep); its size counts a rule with
 * parameters once per call (lowering copies it), one without once. */
#define SEMA_MAX_RULE_DEPTH 1000
#define SEMA_MAX_RULE_SIZE 100000
#define SEMA_MAX_BOM_DEPTH 100
#define SEMA_MAX_MEASURES 64     /* restricted measures in the objective (docs/limits.md) */

/* The ranges values are planned in (docs/limits.md), so that no sum or
 * product of them overflows a time or loses a cent: a constant outside is
 * an error when the model is checked (E0420-E0423), a value computed while
 * planning an error then (E0504-E0507). */
#define TAKT_MAX_MINUTES (100.0 * 366 * 1440) /* a duration: a hundred years */
#define TAKT_MAX_MONEY 1e12                   /* an amount, rate or price, in the plant's currency */
#define TAKT_MAX_TOTAL_MONEY 1e13             /* a plan's total, to the cent in a double */
#define TAKT_MAX_QTY 1e12                     /* a quantity with a unit (kg, m) */
#define TAKT_MAX_NUMBER 1e15                  /* a plain number */

/* sema.c */
bool sema_check(Model *m);
void sema_free(Sema *s);
int32_t sema_lookup(Sema *s, Sym ns, const AstNode *name); /* entity index or -1 */
const char *sema_suggest(Sema *s, const char *name, EntityKind kind, bool any_kind);
/* Records a reference to an unknown name, reported as g (NULL if the
 * diagnostic was suppressed), for sema_misspelt. */
void sema_unknown_use(Sema *s, const Diag *g, const char *name, unsigned kinds, Span at);
/* After the declarations: a declared name no reference uses, while at least
 * SEMA_MISSPELT_MIN_USES references name one unknown name nearest to it, is
 * a misspelt declaration: one error there (E0483) in place of theirs. */
void sema_misspelt(Sema *s);
Sym sema_qualify(Sema *s, Sym ns, Sym name);
const char *entity_kind_name(EntityKind k);
FileId sema_file_ns(Sema *s, FileId f, Sym *ns);

/* sema_expr.c */
/* SCOPE_WHERE_MACHINE, SCOPE_WHERE_ORDER: the condition restricting a
 * measure of the objective (ExprCtx.what names the measure). */
typedef enum ExprScope { SCOPE_CONST, SCOPE_RULE, SCOPE_OBJECTIVE, SCOPE_WHERE_MACHINE, SCOPE_WHERE_ORDER } ExprScope;
typedef struct ExprCtx {
    ExprScope scope;
    Sym ns;
    SemRule *rule;         /* the rule being checked, for parameters */
    const char *what;      /* SCOPE_CONST: what needs the constant, for messages */
} ExprCtx;
Type sema_expr(Sema *s, const ExprCtx *cx, AstNode *e);
int sema_find_fn(const char *name); /* index of a built-in function, -1 if none */
bool sema_const_value(Sema *s, const AstNode *e, double *num, Sym *str);
/* E0417 if e (a machine's setup or cost) reads a value of the dispatch moment. */
void sema_check_static(Sema *s, AstNode *e, const char *what);
/* A constant rule's value, by the run-time rules (x / 0 = 0, NaN -> 0). */
/* A constant within the range of its type (docs/limits.md); else E0420-E0423. */
bool sema_in_range(Sema *s, const AstNode *e, double x);
bool sema_fold_rule(Sema *s, const AstNode *e, double *num);
void sema_check_rule(Sema *s, int32_t idx);
int32_t sema_attr_find(Sema *s, AttrOwner owner, Sym name);
int32_t sema_attr_declare(Sema *s, AttrOwner owner, Sym name, Type ty, Span at);
const char *rule_var_name(RuleVar v);
/* What a plan measure counts: OBJ_MACHINE (operations, by their machine),
 * OBJ_ORDER (customer orders), or OBJ_NONE (the plan as a whole: makespan). */
RuleObject measure_counts(RuleVar v);
RuleObject rule_var_object(RuleVar v);
Type rule_var_type(RuleVar v);

/* sema_decls.c */
void sema_declarations(Sema *s);
/* The product a name in namespace ns refers to, or -1 with a diagnostic. */
int32_t sema_resolve_product(Sema *s, Sym ns, AstNode *name);
/* A period's quantity of product p (a number, or a quantity in its unit of
 * measure): false with a diagnostic if it is not one. */
bool sema_period_qty(Sema *s, AstNode *v, int32_t p, const char *what, double *q);

/* sema_history.c: history blocks and files (after the forecasts) */
void sema_histories(Sema *s);
/* shared with sema_pool.c: a block's settings into seen[] (E0413, E0410);
 * a whole-number setting >= min; an entity by name, of the kind wanted */
void sema_gather_settings(Sema *s, AstKind block, const AstList *items, AstNode *seen[SET__COUNT]);
/* The settings a block accepts (AST_PLANT, AST_MACHINE, AST_STEP, ...): up
 * to max of them into out, in the table's order; returns how many there are. */
uint32_t sema_block_settings(AstKind block, SettingKey *out, uint32_t max);
bool sema_value_int(Sema *s, AstNode *st, int64_t min, int64_t *out);
bool sema_value_num(Sema *s, AstNode *st, Type want, const char *want_word, const char *hint, double *out);
int32_t sema_resolve_entity(Sema *s, Sym ns, AstNode *name, EntityKind want, DiagCode unknown, const char *word);
void sema_not_allowed(Sema *s, AstNode *it, AstKind block);

/* sema_pool.c: resources, the needs of routing steps, efficiency */
void sema_check_resource(Sema *s, AstNode *d, Sym ns);
/* The needs of `with` clauses (AST_WITH nodes among clauses), after those
 * already in *needs (the step's, for an alternative). */
void sema_needs(Sema *s, Sym ns, const AstList *clauses, SemNeed **needs, uint32_t *n);
/* An efficiency setting's value as a fraction (70% -> 0.7); false if wrong (E0438). */
bool sema_efficiency(Sema *s, AstNode *setting, double *out);

/* sema_batch.c: a machine's batch settings (capacity, cycle, fill, batch
 * by), after its other settings; a routing step's alternative on a batch
 * machine (times: the step gives setup or run; needs: resources). */
void sema_batch_machine(Sema *s, SemMachine *mc, AstNode *seen[SET__COUNT]);
bool sema_batch_step(Sema *s, const SemProduct *pr, const AstNode *st, const AstNode *alt, const SemMachine *mc,
                     uint32_t nalts, bool times, bool needs);
bool sema_value_duration(Sema *s, AstNode *st, double *out);

/* sema_decls.c, for sema_pins.c */
/* The product a work order name stands for (docs/plan-format.md: ORDER or
 * FC-PRODUCT-DATE, then /COMPONENT for each level, each with a lot number
 * .N maybe); -1 with a diagnostic at `at` if the model cannot have one. */
int32_t sema_wo_product(Sema *s, Sym wo, Span at, int32_t *order);
int32_t sema_step_named(const SemProduct *pr, Sym name, int32_t guess);
int32_t sema_lookup_plain(Sema *s, Sym name, EntityKind want);

/* sema_pins.c: pins blocks and files, firm work orders, the frozen horizon
 * (after the actuals) */
void sema_pins(Sema *s);

/* sema_checks.c */
void sema_structure(Sema *s);
void sema_warnings(Sema *s);

#endif
