/* ir.h: the IR — the contract between compiler/ and runtime/, and the one
 * input of both engines. ir_lower() builds it from a checked model:
 *
 *   - the plant: machines with their calendars compiled to working-time
 *     intervals over the horizon, materials, products with their bills of
 *     materials and routings, customer orders and forecasts;
 *   - the rules as straight-line expression code (IrFunc): the dispatch
 *     rule, machines' cost and setup rules, the objective.
 *
 * Times are whole minutes since 1970-01-01 00:00, plant-local. Durations and
 * quantities are doubles in base units (minutes, plant currency, metres,
 * kilograms); quantities of items are in the item's own unit of measure. The
 * IR owns all its memory (one arena) and does not point into the AST. */
#ifndef TAKT_IR_H
#define TAKT_IR_H

#include "base.h"
#include "sema.h"

/* ---- rule code ------------------------------------------------------------ */
typedef enum IrOp {
#define IR_OP(name, nargs, desc) IR_##name,
#include "ir_ops.def"
#undef IR_OP
    IR__COUNT
} IrOp;

/* One instruction; its result is the value numbered by its index. Operands
 * a, b, c index earlier instructions (VAR and ATTR use a as a variable or
 * attribute number). The last instruction is RET. */
typedef struct IrIns {
    uint8_t op;
    uint8_t obj;       /* ATTR: which attribute table (IrAttrTable) */
    uint16_t _pad;
    int32_t a, b, c;
    double k;          /* CONST */
} IrIns;

typedef struct IrFunc {
    char *name;        /* "dispatch", "machine paint setup", ... */
    IrIns *ins;
    uint32_t n;
    uint64_t vars;     /* bit v set if RuleVar v is read */
    uint8_t attrs;     /* bit t set if attribute table t is read */
    Span span;         /* the expression it came from */
    char *text;        /* that expression as written, blanks collapsed (for reports) */
} IrFunc;

/* The attribute tables a rule can read. ATAB_MEASURE is the objective's
 * alone: the values of its restricted measures (IrModel.measures). */
typedef enum IrAttrTable { ATAB_JOB, ATAB_PREV, ATAB_ORDER, ATAB_MACHINE, ATAB_MEASURE, ATAB__COUNT } IrAttrTable;

/* What a rule reads: the built-in values and the attribute rows of the job's
 * product, the previous job's product, the customer order and the machine.
 * The JIT compiles against this exact layout. */
typedef struct RuleEnv {
    double var[RV__COUNT];
    const double *attr[ATAB__COUNT];
} RuleEnv;

/* At most this many levels in an objective or a dispatch rule. */
#define IR_MAX_LEVELS SEM_MAX_LEVELS

/* ---- plant ------------------------------------------------------------------ */
typedef struct IrInterval {
    int64_t lo, hi;
} IrInterval;

/* Closed dates or overtime of a calendar, as written: the days from..to
 * (days since 1970-01-01, both included), and on each the shifts given
 * (minutes from that day's 00:00; hi may pass 1440), or none: the whole day. */
typedef struct IrDateRule {
    int32_t from, to;
    IrInterval *shifts;
    uint32_t nshifts;
} IrDateRule;

/* Working time of a calendar over the horizon: sorted, disjoint, non-adjacent
 * intervals, with the working minutes before each (cum) for fast queries.
 * The planner reads these. The definition as written (docs/language.md §6)
 * is kept beside them for takt verify, which works the working time out
 * from it on its own, so that a mistake in one cannot hide in the other. */
typedef struct IrCalendar {
    char *name;
    IrInterval *iv;
    int64_t *cum;          /* cum[i] = working minutes in iv[0..i) */
    uint32_t n;
    int64_t longest;       /* longest interval, for operations that may not split */
    /* the definition */
    int32_t base;          /* the calendar it starts from, -1 if none */
    bool has_day[7];       /* weekdays (0 = Monday) this calendar gives shift lines for */
    IrInterval *day[7];    /* their shifts: minutes from the day's 00:00, hi may pass 1440 */
    uint32_t nday[7];
    IrDateRule *closed, *overtime;
    uint32_t nclosed, novertime;
} IrCalendar;

typedef struct IrSetupPair {
    double from, to;       /* symbols as values */
    double minutes;
} IrSetupPair;

typedef struct IrSetupBy {
    int32_t attr;          /* index in the product attribute rows */
    double same, change, first;
    IrSetupPair *pairs;
    uint32_t npairs;
} IrSetupBy;

typedef struct IrMachine {
    char *name;
    uint32_t units;
    int32_t calendar;      /* -1: around the clock */
    bool split;            /* operations may pause over breaks */
    int32_t cost_fn;       /* IrFunc giving money per minute, or -1 */
    double cost_rate;      /* money per minute when cost_fn is -1 */
    int32_t setup_fn;      /* IrFunc giving minutes, or -1 */
    IrSetupBy *setup_by;
    uint32_t nsetup_by;
    double *attrs;         /* row of machine attributes */
    /* A batch machine (docs/planning.md, "Batch machines"): each unit runs
     * cycles of batch_cycle minutes holding several operations at once, at
     * most batch_cap pieces (each piece taking its product's attribute
     * batch_load, if >= 0, of it); with batch_by >= 0 only operations whose
     * products have the same value of that attribute share a cycle; a cycle
     * waits at most batch_fill minutes for more work. Its steps' alternatives
     * have run = batch_cycle, not per piece, and no setup. batch_cap == 0:
     * an ordinary machine. */
    double batch_cap, batch_cycle, batch_fill;
    int32_t batch_load, batch_by; /* product attribute rows (IrProduct.attrs), -1: none */
    Span span;
    /* a subcontractor: infinite capacity, work takes `lead` minutes of
     * elapsed time from when it is sent (at a time its calendar takes goods)
     * to when it comes back (the next such time); it costs sub_each a piece
     * plus sub_fixed an operation. units is 1, and means nothing. */
    bool subcontract;
    int64_t lead;
    double sub_each, sub_fixed;
} IrMachine;

typedef struct IrLot {
    double fixed, min, multiple;  /* 0 = unset */
    double max;                   /* max_lot: no order above it; 0 = unset */
} IrLot;

typedef struct IrReceipt {
    double qty;
    int64_t at;
    char *id;              /* may be NULL */
    bool reported;         /* the actuals say it was received then (not moved to a receiving time) */
} IrReceipt;

typedef struct IrMaterial {
    char *name;
    char *uom;
    double cost;           /* money per uom */
    double stock, safety;
    int64_t lead;
    IrLot lot;
    int64_t consolidate;   /* minutes: purchases ordered within this of one another's first are one; 0: none */
    IrReceipt *receipts;   /* sorted by date */
    uint32_t nreceipts;
    IrReceipt *issues;     /* actuals: what left stock outside the operations, sorted by date */
    uint32_t nissues;
    int32_t receiving;     /* the calendar goods are received by (its own, else the plant's); -1: any time */
    Span span;
} IrMaterial;

/* A resource: a pool of people or tools, units numbered from 0, working
 * in its own calendar (docs/language.md, "resource"). */
typedef struct IrPool {
    char *name;
    uint32_t units;
    int32_t calendar;      /* -1: around the clock */
    double cost_rate;      /* money per minute one unit is held */
    Span span;
} IrPool;

typedef struct IrPoolAlt {
    int32_t pool;
    uint32_t count;        /* units needed */
} IrPoolAlt;

/* One need of an operation: count units of one of the pools alts[] (in the
 * order written), held for the whole operation or for its setup only. */
typedef struct IrNeed {
    IrPoolAlt *alts;
    uint32_t nalts;
    bool setup_only;
} IrNeed;

typedef struct IrAlt {
    int32_t machine;
    double setup;          /* minutes per operation */
    double run;            /* minutes, per piece if per_piece; divided by the efficiency already */
    bool per_piece;
    IrNeed *needs;         /* the resources an operation on this machine needs */
    uint32_t nneeds;
} IrAlt;

typedef struct IrStep {
    char *name;
    IrAlt *alts;
    uint32_t nalts;
    int32_t *preds;
    uint32_t npreds;
    double wait;
    double scrap;          /* share of the pieces started that are lost, [0, 1): runtime/scrap.c */
    double within;         /* whole minutes: starts at most this long after each predecessor ends; -1: no window */
    double transfer;       /* pieces: starts once this many of each predecessor's are done, then in lots of it; 0: not */
    double sublot;         /* split into operations of at most this many pieces; 0: not */
    uint32_t sublots;      /* split into this many operations; 0: not */
} IrStep;

typedef struct IrBomLine {
    bool is_product;
    int32_t item;
    double qty;            /* per piece of the parent, in the item's unit */
    double scrap;          /* share of what is issued that is lost, [0, 1) */
} IrBomLine;

/* A product's purchase alternative (docs/language.md, "Make or buy"). */
typedef struct IrBuy {
    double price;          /* money per piece */
    int64_t lead;          /* minutes of calendar time from ordering to arrival */
    IrLot lot;
    char *supplier;        /* NULL: not given */
    int32_t receiving;     /* the calendar goods are received by (its own, else the plant's); -1: any time */
    Span span;
} IrBuy;

typedef struct IrProduct {
    char *name;
    IrBomLine *bom;
    uint32_t nbom;
    IrStep *steps;         /* in routing order; preds point backwards or forwards */
    uint32_t nsteps;
    IrLot lot;
    double stock;
    double *attrs;         /* row of product attributes */
    int32_t level;         /* low-level code: 0 for end items, deeper components higher */
    Span span;
    IrBuy *buy;            /* its purchase alternative, NULL if it is only made */
    uint8_t source;        /* SourcePolicy (sema.h): SOURCE_MAKE without buy */
} IrProduct;

typedef struct IrOrder {
    char *name;
    int32_t product;
    double qty;
    int64_t due, release;
    double priority;
    double penalty;        /* money per minute late */
    double *attrs;         /* row of order attributes */
    Span span;
} IrOrder;

typedef struct IrPeriod {
    int64_t from, to;      /* [from, to): minutes */
    double qty;
    Span span;
} IrPeriod;

typedef struct IrForecast {
    int32_t product;
    IrPeriod *periods;
    uint32_t nperiods;
} IrForecast;

/* An operation the shop floor reports (docs/actuals.md): done, or running
 * when end is -1. The planner freezes it and plans the rest after `now`. */
typedef struct IrUse {
    bool is_product;
    int32_t item;          /* material or product */
    double qty;            /* in the item's unit */
} IrUse;

typedef struct IrActual {
    const char *wo;        /* the work order, as the plan names it (the model's symbol) */
    int32_t product, step, machine;
    int32_t sub;           /* the sublot, from 1; 0: the step as a whole */
    uint32_t unit;         /* from 0 */
    int64_t start, end;
    double good, scrap;
    double setup;          /* minutes; -1 if not reported */
    IrUse *uses;
    uint32_t nuses;
    struct IrWith { int32_t pool; uint32_t unit; } *with; /* resource units reported (unit from 0) */
    uint32_t nwith;
    uint32_t cycle;        /* a member of reported cycle IrModel.cycles[cycle - 1] (its machine, unit and
                            * times are the cycle's); 0: reported on its own */
    double pieces;         /* a member's pieces as written; 0: not written (the operation's) */
    Span span;
} IrActual;

/* A cycle of a batch machine the shop floor reports whole: its members are
 * the actuals whose cycle is it. */
typedef struct IrCycle {
    const char *ref;       /* the shop floor's name for it; NULL: none */
    int32_t machine;
    uint32_t unit;         /* from 0 */
    int64_t start, end;    /* end -1 while it runs */
    Span span;
} IrCycle;

/* A pin (docs/language.md, "pins"): the operation of work order `wo` at
 * step `step` (sublot `sub` from 1, or 0 for every operation of the step)
 * runs on `machine`, on `unit` (from 0; -1 any) and from `start` (-1 any
 * time). */
typedef struct IrPin {
    const char *wo;
    int32_t product, step, sub;
    int32_t machine, unit;
    int64_t start;
    Span span;
} IrPin;

/* A firm work order: kept as the reference plan has it. */
typedef struct IrFirm {
    const char *wo;
    int32_t product;
    Span span;
} IrFirm;
/* One term of the objective's sum (`minimize 10 * tardiness + makespan`
 * has two), for the report: its value is instruction `ins` of the objective
 * function, times `sign` (-1 for a term subtracted). */
typedef enum IrTermKind { TERM_NUMBER, TERM_DURATION, TERM_MONEY } IrTermKind;
typedef struct IrObjTerm {
    char *text;            /* as written, blanks collapsed */
    int32_t ins;
    int8_t sign;
    uint8_t kind;          /* IrTermKind */
} IrObjTerm;

/* A plan measure restricted to a machine or to the machines or orders a
 * condition holds for (docs/language.md §13): the objective reads its value
 * as attribute k of ATAB_MEASURE. The condition is a function of the
 * machine's values (RV_MACHINE_UNITS, ATAB_MACHINE) or the order's
 * (RV_ORDER_*, ATAB_ORDER), true where it is not zero. */
typedef struct IrMeasure {
    char *name;            /* as written: "setups(coat_line)" */
    uint8_t var;           /* the plan measure (RuleVar) */
    bool by_order;         /* it counts orders; else operations by their machine */
    int32_t machine;       /* a machine named alone, else -1 */
    int32_t where_fn;      /* else the condition, an IrFunc */
    Span span;
} IrMeasure;

typedef struct IrModel {
    Arena arena;
    Interner *strs;        /* the model's symbols: attribute strings are symbol numbers */
    char *plant_name;
    char *currency;
    char *scenario;        /* the scenario planned (docs/scenarios.md), NULL for the base model */
    int64_t start, end;    /* the horizon, [start, end) */
    bool split;
    IrCalendar *calendars;
    uint32_t ncalendars;
    IrMachine *machines;
    uint32_t nmachines;
    IrPool *pools;
    uint32_t npools;
    IrMaterial *materials;
    uint32_t nmaterials;
    IrProduct *products;
    uint32_t nproducts;
    IrOrder *orders;       /* in declaration order */
    uint32_t norders;
    IrForecast *forecasts;
    uint32_t nforecasts;
    IrActual *actuals;     /* by work order, then step */
    uint32_t nactuals;
    IrCycle *cycles;       /* batch machines' cycles reported whole, as written */
    uint32_t ncycles;
    int64_t now;           /* the time of the actuals: given, or the latest reported; -1 without actuals */
    IrPin *pins;           /* in the order given */
    uint32_t npins;
    IrFirm *firms;
    uint32_t nfirms;
    int64_t frozen;        /* minutes after now in which the reference plan stands; -1: none */
    Span frozen_span;
    IrFunc *funcs;
    uint32_t nfuncs;
    int32_t dispatch_fn;   /* -1: first come, first served */
    int32_t objective_fn;  /* -1: makespan */
    uint8_t objective_kind; /* IrTermKind of the objective as a whole (makespan: a duration) */
    /* lexicographic levels (`minimize A then B`): [0] is dispatch_fn and
     * objective_fn; each later level decides only between equals of every
     * level before it. n = 1 for a plain rule or objective, 0 without one. */
    int32_t dispatch_fns[IR_MAX_LEVELS], objective_fns[IR_MAX_LEVELS];
    uint32_t ndispatch, nobjectives;
    IrObjTerm *obj_terms;  /* the objective's terms (none without an objective) */
    uint32_t nobj_terms;
    IrMeasure *measures;   /* the objective's restricted measures */
    uint32_t nmeasures;
    uint32_t nattrs[ATAB__COUNT];  /* row lengths (PREV rows are product rows) */
    double *default_attrs[ATAB__COUNT]; /* rows with every attribute at its default */
    char **attr_names[ATAB__COUNT];
    uint8_t *attr_types[ATAB__COUNT];  /* TypeKind of each attribute */
    double search_seconds;
    int64_t iterations;
    uint64_t seed;
    int threads;
    bool jit_release;      /* release just_in_time (docs/planning.md, "Release") */
} IrModel;

/* ir_lower.c */
IrModel *ir_lower(Model *m);
void ir_free(IrModel *ir);
/* ir_verify.c: checks the contract (operands before use, indexes in range,
 * sorted calendars...); a failure is a bug, reported on stderr. */
bool ir_verify(const IrModel *ir);
/* ir_print.c: a stable, readable listing for --emit=ir. */
void ir_print(const IrModel *ir, StrBuf *out);
void ir_print_func(const IrModel *ir, const IrFunc *f, StrBuf *out);
const char *ir_op_name(IrOp op);
int ir_op_arity(IrOp op);

/* calendar queries (ir_calendar.c); cal may be NULL: always working */
int64_t cal_next_work(const IrCalendar *cal, int64_t t);
/* Working minutes in [a, b). */
int64_t cal_work_between(const IrCalendar *cal, int64_t a, int64_t b);
/* The end of `dur` working minutes starting no earlier than t. With split,
 * the work may pause over breaks; without, it needs one interval long enough
 * (and *start is moved to its beginning). Returns INT64_MAX if the horizon
 * cannot hold it. *start is the first working minute used. */
int64_t cal_finish(const IrCalendar *cal, int64_t t, int64_t dur, bool split, int64_t *start);

/* The latest start of `dur` working minutes that end by `end` (work may
 * pause over breaks); INT64_MIN if the calendar cannot hold it. */
int64_t cal_start_for(const IrCalendar *cal, int64_t end, int64_t dur);

/* Receiving (docs/language.md, "receiving"): goods are received at t when t
 * lies in the calendar's working time or is where a stretch of it ends. The
 * first such time at or after t (INT64_MAX if none in the horizon), and the
 * last at or before t (INT64_MIN if none). */
int64_t cal_receive_next(const IrCalendar *cal, int64_t t);
int64_t cal_receive_last(const IrCalendar *cal, int64_t t);

/* value formatting shared by printers and writers: "2026-12-01T06:00" */
void fmt_datetime(char *buf, size_t n, int64_t minutes);
void fmt_datetime_sp(char *buf, size_t n, int64_t minutes); /* "2026-12-01 06:00" */
void fmt_double(char *buf, size_t n, double v);             /* shortest exact: 2.4, 40, 0.1 */

#endif
