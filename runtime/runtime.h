/* runtime.h: the planner and what it produces. The pipeline of `takt plan`:
 *
 *   mrp_explode()     demand -> work orders and purchases   (mrp.c)
 *   sched_run()       work orders -> operations on units     (sched.c)
 *   plan_measure()    makespan, lateness, costs              (measure.c)
 *   plan_write() ...  plan file, schedule CSV, report, Gantt (writers)
 *
 * Rules are evaluated through an Engine: the interpreter (interp.c) or the
 * JIT (backend/jit.c); both read the same IR and must agree bit for bit. */
#ifndef TAKT_RUNTIME_H
#define TAKT_RUNTIME_H

#include <math.h>

#include "compiler/files.h"
#include "compiler/ir.h"

/* ---- rule engines ---------------------------------------------------------- */
/* The interpreter: evaluates f over env; regs holds at least f->n doubles. */
double interp_eval(const IrFunc *f, const RuleEnv *env, double *regs);

/* The dispatch scan in columns. What every candidate of one decision shares
 * (now, the machine, the previous job on the unit, and their attribute rows)
 * is in `shared`, once; what differs is one column per value, col[v][k], and
 * one row pointer per candidate for the job's and the order's attributes,
 * rows[t][k]. Only what the function reads need be filled. Which values
 * differ is fixed (scan_var_per_candidate), and the JIT compiles against
 * this exact layout. */
typedef struct RuleScan {
    RuleEnv shared;
    const double *col[RV__COUNT];
    const double *const *rows[ATAB__COUNT];
    /* per candidate, for functions with Engine.scan_memo > 0: a row of that
     * many doubles that belongs to the candidate's operation, zeroed before
     * its first scan and kept between scans (the engine's memory of it) */
    double *const *memo;
} RuleScan;

static inline bool scan_var_per_candidate(int v)
{
    static const bool per[RV__COUNT] = {
#define VAR(id, obj, name, ty) [RV_##id] = OBJ_##obj == OBJ_ORDER || OBJ_##obj == OBJ_JOB || OBJ_##obj == OBJ_OPERATION,
#include "compiler/builtins.def"
#undef VAR
    };
    return per[v] || v == RV_REMAINING_WORK;
}
static inline bool scan_attr_per_candidate(int t) { return t == ATAB_JOB || t == ATAB_ORDER; }

/* A rule compiled to native code: pure, so callable from any thread at once. */
typedef double (*RuleFn)(const RuleEnv *env);

typedef struct Engine Engine;
struct Engine {
    const char *name;      /* "interp" or "jit" */
    /* value of function fi for one environment */
    double (*eval)(Engine *e, int32_t fi, const RuleEnv *env);
    /* values of function fi for n environments */
    void (*eval_many)(Engine *e, int32_t fi, const RuleEnv *envs, uint32_t n, double *out);
    /* values of function fi for the n candidates of a scan (the dispatch
     * decision): out[k] is what eval gives for candidate k's environment */
    void (*scan)(Engine *e, int32_t fi, const RuleScan *s, uint32_t n, double *out);
    /* doubles of RuleScan.memo per operation that scans of fi use (0: none) */
    uint32_t (*scan_memo)(Engine *e, int32_t fi);
    /* function fi as native code that gives what eval gives and touches
     * nothing of the engine (the search's threads call it at once), or NULL
     * if the engine has none (the interpreter) */
    RuleFn (*native)(Engine *e, int32_t fi);
    void (*free)(Engine *e);
    const IrModel *ir;
    uint64_t evals;        /* rule evaluations, for benchmarks */
};
Engine *engine_interp_new(const IrModel *ir);

/* ---- the plan ---------------------------------------------------------------- */
typedef enum WaitCause { WAIT_NONE, WAIT_RELEASE, WAIT_PRED, WAIT_MATERIAL, WAIT_COMPONENT } WaitCause;

typedef struct WorkOrder {
    char *name;
    int32_t product;
    double qty;
    int64_t due, release;
    int32_t order;          /* customer order it serves; -1 for forecast or stock */
    int32_t parent;         /* the work order whose need made it; -1 at the top */
    uint32_t first_op, nops;/* its operations: ops[first_op + step] */
    int64_t latest_start;   /* due less the routing's work: when materials are needed */
    int64_t material_ready; /* every material it uses is on hand */
    int32_t material_late;  /* the material that arrived last, -1 if none waited */
    int32_t *supplies;      /* work orders that make its components */
    uint32_t nsupplies;
    uint32_t *step_at;      /* a step split into sublots: the operations of step s are
                             * ops[first_op + step_at[s] .. first_op + step_at[s + 1]);
                             * NULL when every step is one operation (ops[first_op + s]) */
    int64_t start, end;     /* first operation start, completion (after waits) */
    double std_work;        /* minutes of work at standard times */
    double material_cost;
    /* scrap (runtime/scrap.h): the pieces it starts, and per step the pieces
     * the step starts and the good ones it makes; q_in and q_good are NULL
     * where no step scraps (every step then starts and makes qty) */
    double started;
    double *q_in, *q_good;
    /* the good pieces it is expected to make: qty, fewer where the shop
     * floor reported more scrap than planned (scrap_after_reports); and the
     * work order whose shortfall it makes up, -1 if none */
    double makes;
    int32_t makeup_for;
    /* the release the model gives it (an order's, a component's lead before
     * its parent's); release is later where just-in-time release holds it
     * back to its latest start (docs/planning.md, "Release") */
    int64_t release_model;
} WorkOrder;

typedef struct Op {
    int32_t wo;
    int32_t step;
    uint16_t sub, nsub;     /* its sublot (from 0) of the nsub its step is split into; 0 of 1 if not split */
    double qty;             /* pieces: the work order's, or its sublot's */
    int32_t machine, unit;  /* planned; unit counts from 0 */
    int64_t start, end;     /* first working minute, end */
    double setup, run;      /* minutes */
    double cost;            /* machine cost of the operation */
    int64_t ready;          /* when it could have started, by its constraints */
    uint8_t cause;          /* WaitCause of ready */
    int32_t cause_ref;      /* the op, material or work order behind ready */
    bool planned;
    uint8_t actual;         /* ACT_NONE, or reported done or running: frozen */
    uint8_t pinned;         /* PIN_NONE, or why it stands where it is: a pin, a firm work order, the frozen horizon */
    int32_t act;            /* its IrActual, -1 if none */
} Op;

enum { PIN_NONE, PIN_MODEL, PIN_FIRM, PIN_FROZEN };

enum { ACT_NONE, ACT_DONE, ACT_RUNNING };

/* A resource unit an operation holds (docs/planning.md, "Resources"):
 * pool, unit (from 0), and until when (the operation's end, or its setup's
 * for a setup-only need; from the operation's start). An operation's slots
 * are Plan.holds[Plan.hold_off[op] .. hold_off[op + 1]); unused slots have
 * pool -1. */
typedef struct OpHold {
    int32_t pool;
    uint32_t unit;
    int64_t until;
} OpHold;

/* A cycle of a batch machine (docs/planning.md, "Batch machines"): on unit
 * `unit` (from 0) of `machine`, [start, end); its members are
 * Plan.batch_parts[first .. first + n): which operation, and how many of its
 * pieces. An operation larger than a cycle is in several batches; it starts
 * with its first and ends with its last. cost: the cycle's machine cost,
 * shared among the members by their pieces. */
typedef struct PlanBatch {
    int32_t machine;
    uint32_t unit;
    int64_t start, end;
    uint32_t first, n;
    double cost;
    uint8_t actual;          /* ACT_DONE, ACT_RUNNING: a cycle the shop floor reported (IrModel.cycles) */
    uint32_t cycle;          /* then which, from 1; 0: planned */
} PlanBatch;

typedef struct BatchPart {
    uint32_t op;
    double qty;
} BatchPart;

/* A time window the plan does not hold (docs/planning.md, "Time windows"):
 * operation op starts overrun minutes later after its predecessor pred
 * than its step's `within` allows; why: the reason, in the plan's arena. */
typedef struct WindowMiss {
    uint32_t op, pred;
    int64_t overrun;
    const char *why;
} WindowMiss;

typedef struct Purchase {
    int32_t material;
    double qty;
    int64_t order_at, arrive;
    int64_t need_by;        /* the earliest latest start of the needs it serves
                             * (INT64_MAX: none has one, e.g. safety stock) */
    bool late;              /* it cannot arrive by the time it is needed */
    uint32_t needs;         /* how many needs it serves (more than one when
                             * lots or a consolidation period combine them) */
} Purchase;

/* Make or buy (docs/planning.md, "Make or buy"): the choice for one
 * shortfall of a product that can be bought, and why. */
typedef enum SourceWhy {
    WHY_FORCED,        /* source make / source buy */
    WHY_IN_TIME,       /* in_time: made, it can start by its latest start */
    WHY_MAKE_LATE,     /* in_time: bought, making would be late (and buying is not, or less) */
    WHY_BUY_LATER,     /* in_time: made although late, buying would be as late or later */
    WHY_CHEAPER        /* cheapest: the cheaper per piece (made on a tie) */
} SourceWhy;

typedef struct Sourcing {
    int32_t product;
    const char *need;       /* the need's name: the stem of the work orders it has or would have */
    double qty;             /* the shortfall */
    int64_t due;            /* when it is needed: the latest start of the work order it is for, or the order's due */
    bool bought;
    uint8_t why;            /* SourceWhy */
    int64_t make_late, buy_late; /* in_time: minutes making, buying would be late (0: in time) */
    double make_each, buy_each;  /* cheapest: money per piece made (standard cost) and bought */
    uint32_t first_buy, nbuys;   /* its purchases, Plan.buys[first_buy .. first_buy + nbuys) */
} Sourcing;

/* A purchase of a product (`buy` in the plan file): of a shortfall that
 * Sourcing sourcing decided to buy. */
typedef struct Buy {
    int32_t product;
    uint32_t sourcing;
    double qty;
    int64_t order_at, arrive;
    double cost;            /* price times quantity */
} Buy;

/* Where a material need was covered from (the material's pegging): so much
 * of one supply — the stock, an open receipt or a new purchase — went to a
 * work order, to restoring the safety stock, or to an issue the actuals
 * report. In the order material planning allocated them. */
typedef enum SupplyKind { SUPPLY_STOCK, SUPPLY_RECEIPT, SUPPLY_PURCHASE } SupplyKind;
enum { ALLOC_SAFETY = -1, ALLOC_ISSUE = -2 };
typedef struct MatAlloc {
    int32_t material;
    int32_t wo;             /* the work order, or ALLOC_SAFETY, ALLOC_ISSUE */
    uint8_t from;           /* SupplyKind */
    int32_t ref;            /* the receipt (IrMaterial.receipts) or purchase */
    int32_t issue;          /* for ALLOC_ISSUE, which (IrMaterial.issues) */
    double qty;
    int64_t at;             /* when that supply is on hand */
} MatAlloc;

/* Forecast demand: a forecast period's quantity less the customer orders
 * due in it (docs/planning.md), due at the period's end. */
typedef struct FcDemand {
    int32_t forecast, period;   /* IrForecast, and its period */
    int32_t product;
    double qty;
    int64_t due, release;
    const char *name;           /* the stem of its work orders: FC-PRODUCT-DAY */
} FcDemand;

typedef struct PlanProblem {
    DiagCode code;
    char *msg;
    char *hint;
    Span span;              /* the model's line it concerns, if any */
    Span note_at;           /* a second place it concerns (another pin, the reference plan's line), if any */
    char *note;
} PlanProblem;

typedef struct OrderResult {
    int64_t done;           /* completion of everything it needs */
    int64_t lateness;       /* done - due, may be negative */
} OrderResult;

typedef struct Measures {
    int64_t makespan_end;
    double makespan, tardiness, max_tardiness, weighted_tardiness, penalty, cost, setups, setup_time, late_orders,
        flow_time;
    double machine_cost, material_cost;
    double subcontract_cost; /* of the work sent to subcontractors (part of cost, not of machine_cost) */
    double buy_cost;        /* of the products bought (make or buy; part of cost, not of material_cost) */
    double resource_cost;   /* of the resources held (part of what the operations cost) */
    double moved, reassigned, shifted; /* against the reference plan (reference.h); 0 without one */
    double *terms;          /* the objective's restricted measures (IrModel.measures), in the plan's arena */
    double objective;       /* the objective's first level (the makespan without one) */
    double levels[IR_MAX_LEVELS]; /* every level of a lexicographic objective; levels[0] is objective */
    uint32_t nlevels;       /* at least 1 */
} Measures;

typedef struct PlanOptions {
    const char *engine;     /* "interp", "jit", "auto" */
    double time_limit;      /* seconds of search; < 0: the model's */
    int64_t iterations;     /* < 0: the model's */
    int64_t seed;           /* < 0: the model's */
    int threads;            /* <= 0: the model's, else 2 */
    bool quiet;
} PlanOptions;

struct PlanFile;
struct Reference;

typedef struct Plan {
    const IrModel *ir;
    const struct PlanFile *stable; /* --stable: the previous plan, whose order and units to keep */
    const struct PlanFile *reference; /* --reference (or --stable): what firm work orders and the frozen horizon keep */
    const struct Reference *ref;   /* the plan its change is measured against (reference.h), or NULL */
    /* just-in-time release refined by dispatching (release.c): minutes each
     * work order is released before its latest start, by work order index;
     * NULL (or shorter than the work orders) for none */
    const int64_t *jit_pull;
    uint32_t njit_pull;
    Arena arena;
    TK_VEC_OF(WorkOrder) wos;
    TK_VEC_OF(Op) ops;
    TK_VEC_OF(Purchase) purchases;
    TK_VEC_OF(Sourcing) sourcing;   /* make or buy: every shortfall of a product that can be bought */
    TK_VEC_OF(Buy) buys;            /* purchases of products, by sourcing */
    int64_t *order_ready;   /* per customer order: when the pieces bought for it arrive (ir->start if none) */
    int64_t *fc_ready;      /* per forecast demand (Plan.fcs): the same */
    TK_VEC_OF(PlanProblem) problems;
    TK_VEC_OF(PlanProblem) warnings; /* the plan stands: W-codes (plan_warning) */
    /* the operations each operation waits for within its work order (the
     * routing's precedence, sublot by sublot: plan_link_ops): op i's are
     * pred[pred_at[i] .. pred_at[i + 1]), its successors likewise in succ */
    uint32_t *pred_at, *pred, *succ_at, *succ;
    /* pins (plan_pins): per operation, the machine, unit (from 0) and start
     * it must have, -1 where free; where the pin comes from (the model's
     * line, a firm work order, the frozen horizon) and the reference plan's
     * line it keeps, for messages. NULL when nothing is pinned. */
    int32_t *pin_machine, *pin_unit;
    int64_t *pin_start;
    Span *pin_span, *pin_ref;
    uint32_t npinned;
    OrderResult *orders;    /* per customer order */
    U32Vec *order_wos;      /* per customer order: the work orders it waits for */
    TK_VEC_OF(FcDemand) fcs;/* forecast demand, in the model's order of forecasts and periods */
    U32Vec *fc_wos;         /* per forecast demand: the work orders it waits for */
    TK_VEC_OF(MatAlloc) allocs; /* material pegging, by material */
    int32_t *act_wo;        /* per reported operation (ir->actuals): its work order, -1 if
                             * the plan has none; see plan_actual_wos */
    OpHold *holds;          /* resource units held, by operation (plan_holds); NULL without resources */
    uint32_t *hold_off;
    TK_VEC_OF(PlanBatch) batches;   /* batch machines' cycles, in the order they start */
    TK_VEC_OF(BatchPart) batch_parts;
    TK_VEC_OF(WindowMiss) window_misses; /* time windows not held, by operation (plan_window_misses) */
    int64_t *overrun;       /* per operation: the most its window is exceeded by, 0 if held; NULL without windows */
    Measures m;
    uint8_t **msets;        /* per restricted measure: the machines or orders it counts (measure_sets) */
    uint64_t rule_evals;
    double rule_seconds;    /* time spent evaluating the dispatch rule, if time_rules */
    bool time_rules;        /* measure rule_seconds (a clock reading per decision) */
    /* --engine=auto: the dispatching pass starts with the engine it is given
     * and, once it expects more than tier_work instructions of the dispatch
     * rule still to interpret, asks tier_up for a compiled engine and plans
     * on with it (the engines agree bit for bit: the plan is the same) */
    Engine *(*tier_up)(const IrModel *ir, void *ctx);
    void *tier_ctx;
    double tier_work;
    Engine *tiered;         /* the engine tier_up gave (the caller frees it), or NULL */
} Plan;

/* mrp.c: work orders and purchases for the model's demand. */
void mrp_explode(Plan *p);
/* pin.c: the pins of the plan's operations (Plan.pin_*), from the model's
 * pins, its firm work orders and its frozen horizon kept from the
 * reference plan (docs/planning.md, "Pins, firm work orders and the frozen
 * horizon"), after mrp_explode; what cannot be pinned at all becomes a
 * problem (E0476, E0481, E0701) or a warning (W0033). */
void plan_pins(Plan *p);
/* "assemble#2" -> 8 (the step's name's length) and sublot 2; "assemble" ->
 * 8 and 0. False if a '#' is not followed by a sublot number. */
bool plan_split_step(const char *name, size_t *len, uint32_t *sub);
/* sched.c: the dispatching pass; false if something could not be planned
 * (then p->problems says why). */
bool sched_run(Plan *p, Engine *eng);
/* plan.c: the plan's measures and the objective. */
void plan_measure(Plan *p, Engine *eng);
/* plan.c: the objective's levels for measures already in env (RV_PLAN_*):
 * out[0 .. ir->nobjectives), or the makespan alone; returns how many. */
uint32_t plan_objective_levels(const IrModel *ir, Engine *eng, const RuleEnv *env, double out[IR_MAX_LEVELS]);
/* Lexicographic order of objective values: < 0 if a is better than b
 * (smaller at the first level where they differ), 0 if equal. Levels are
 * compared exactly: the same plan gives the same values, bit for bit. */
static inline int plan_levels_cmp(const double *a, const double *b, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++)
        if (a[k] != b[k]) return a[k] < b[k] ? -1 : 1;
    return 0;
}
/* Standard minutes of a step of a work order of qty pieces (all its
 * sublots, on its quickest alternative; a subcontractor's lead), and of
 * one operation of it (its own pieces). */
double plan_step_std_minutes(const IrModel *ir, double qty, const IrStep *st);
double plan_op_std_minutes(const IrModel *ir, const Op *op, const IrStep *st);
/* Sublots (docs/language.md, "Sublots"): how many operations a step of a
 * work order of qty pieces is split into, and the pieces of sublot k:
 * whole pieces as equal as they go, the first ones one more. */
uint32_t plan_sublot_count(const IrStep *st, double qty);
double plan_sublot_qty(double qty, uint32_t k, uint32_t n);
/* The first operation of step s of w, and how many it has. */
static inline uint32_t wo_step_op(const WorkOrder *w, uint32_t s) { return w->first_op + (w->step_at ? w->step_at[s] : s); }
static inline uint32_t wo_step_nops(const WorkOrder *w, uint32_t s)
{
    return w->step_at ? w->step_at[s + 1] - w->step_at[s] : 1;
}
/* plan.c: the precedence of operations within each work order (Plan.pred,
 * Plan.succ), once the work orders are made: a step's operations come
 * after its predecessors'; where steps are split into sublots, a sublot
 * waits for the sublots of the step before that make its pieces (piece
 * ranges that overlap), so that sublots flow from step to step. */
void plan_link_ops(Plan *p);
/* the environment the objective is evaluated in: the plan's measures */
void plan_measure_env(const Plan *p, RuleEnv *env);
/* mrp.c: the latest start of w that ends by its due date, its routing
 * scheduled backwards at standard times (docs/planning.md, "When things are
 * needed"); with ls and le, each step's latest start and end (one per
 * routing step; either may be NULL). */
int64_t plan_latest_starts(const IrModel *ir, const WorkOrder *w, int64_t *ls, int64_t *le);
/* measure.c: the objective's restricted measures. Which machines (a measure
 * of operations) or orders each counts — sets[k][i] != 0 — by its machine or
 * its condition evaluated through eng; in arena a. */
uint8_t **measure_sets(const IrModel *ir, Engine *eng, Arena *a);
/* How many machines or orders set k counts. */
uint32_t measure_set_size(const IrModel *ir, const uint8_t *set, uint32_t k);
/* Their values on the plan's operations and orders (p->orders done): out[k]. */
void measure_terms(const Plan *p, uint8_t *const *sets, double *out);
/* The moment planning starts from: the actuals' now, or the plant's start. */
static inline int64_t plan_now(const IrModel *ir)
{
    int64_t now = ir->nactuals || ir->now >= 0 ? ir->now : ir->start;
    return now < ir->start ? ir->start : now;
}
/* The pieces step s of work order w starts (its run is for these), and the
 * good ones it is planned to make (runtime/scrap.h). */
static inline double plan_step_in(const WorkOrder *w, uint32_t s) { return w->q_in ? w->q_in[s] : w->qty; }
static inline double plan_step_good(const WorkOrder *w, uint32_t s) { return w->q_good ? w->q_good[s] : w->qty; }
/* The good pieces operation op of w is planned to make: its step's, or for
 * a sublot its share of them, split as the step's pieces are (whole pieces
 * as equal as they go, the first ones one more). */
static inline double plan_op_good(const WorkOrder *w, const Op *op)
{
    double g = plan_step_good(w, (uint32_t)op->step);
    return op->nsub > 1 ? plan_sublot_qty(g, op->sub, op->nsub) : g;
}
/* The operations sent to subcontractors, in the order of the plan file's
 * subcontract records (by subcontractor, send time, work order); *n of them
 * (free the array with tk_free). */
uint32_t *plan_subcontracted(const Plan *p, uint32_t *n);
/* What an operation of qty pieces sent to subcontractor mc costs. */
static inline double plan_subcontract_cost(const IrMachine *mc, double qty) { return mc->sub_each * qty + mc->sub_fixed; }
/* When work sent out to subcontractor mc at t or later is sent (the first
 * time its calendar takes goods), and when it comes back: its lead later,
 * at the next time the calendar gives goods back. INT64_MAX if not within
 * the horizon. */
static inline int64_t plan_subcontract_send(const IrModel *ir, const IrMachine *mc, int64_t t)
{
    return cal_receive_next(mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL, t);
}
static inline int64_t plan_subcontract_back(const IrModel *ir, const IrMachine *mc, int64_t sent)
{
    if (sent == INT64_MAX) return INT64_MAX;
    return cal_receive_next(mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL, sent + mc->lead);
}
/* The alternative of step st on machine m; NULL if the step cannot use it. */
static inline const IrAlt *plan_step_alt(const IrStep *st, int32_t m)
{
    for (uint32_t a = 0; a < st->nalts; a++)
        if (st->alts[a].machine == m) return &st->alts[a];
    return NULL;
}
/* operation.resource_units: the units of resources an operation needs on
 * this alternative — per need, its first resource's count — summed. */
static inline double plan_alt_resource_units(const IrAlt *al)
{
    double n = 0;
    for (uint32_t k = 0; al && k < al->nneeds; k++) n += al->needs[k].alts[0].count;
    return n;
}
/* plan.c: the work order of each reported operation, found by name once
 * the work orders are made (p->act_wo, kept in the plan's arena). */
const int32_t *plan_actual_wos(Plan *p);
/* plan.c: sorts operations ix[0..n) by machine, unit, start, then index. */
void plan_sort_by_unit(const Plan *p, uint32_t *ix, uint32_t n);
/* plan.c: the sequence-dependent setup after a job of product prev (-1: none). */
double plan_setup_by(const IrModel *ir, const IrMachine *mc, int32_t product, int32_t prev);

/* kind_window.c: time windows (docs/planning.md, "Time windows"). Does
 * the model have a step with a window after a predecessor; operation oi's
 * window in whole minutes, -1 if it has none (its step has none, or it has
 * no predecessor in its work order). */
bool window_used(const IrModel *ir);

/* kind_overlap.c: transfer lots (docs/planning.md, "Transfer lots"). Does
 * the model have a step with a transfer quantity after a predecessor;
 * operation oi's transfer quantity, 0 if it has none. An operation's
 * pieces move in at most TAKT_TRANSFER_MAX_LOTS lots (docs/limits.md). */
#define TAKT_TRANSFER_MAX_LOTS 1000
bool overlap_used(const IrModel *ir);
double plan_op_transfer(const Plan *p, uint32_t oi);
int64_t plan_op_window(const Plan *p, uint32_t oi);
/* The windows the plan's operations do not hold, with why (Plan.overrun,
 * Plan.window_misses), and a warning (W0025) for each; after the schedule
 * is made (by the dispatching pass, and again after the search). */
void plan_window_misses(Plan *p);

/* plan.c: the resource slots of every operation, made the first time (in
 * the plan's arena, all unused): as many per operation as its step's
 * alternatives can need at most. NULL if the model has no resources. */
OpHold *plan_holds(Plan *p);
/* The money a resource costs for an operation holding it (rate times the
 * working minutes held, per unit): whole, setup + run; setup-only, setup. */
double plan_hold_cost(const IrModel *ir, const IrNeed *nd, int32_t pool, uint32_t count, double setup, double run);
/* What the resources operation oi holds cost; with by_pool (per pool), adds
 * each pool's cost there and, with held, the working minutes held. */
double plan_op_resource_cost(const Plan *p, uint32_t oi, double *by_pool, double *held);

Plan *plan_new(const IrModel *ir);
/* Just-in-time release (docs/planning.md, "Release"): when dispatching the
 * plan p released at latest starts leaves orders late, plans again with
 * each late order's work orders released that much earlier (never before
 * the model's release), up to RELEASE_PASSES plans in all, and keeps the one
 * with the least tardiness (the earliest of equals: the least work in
 * process). make(pull, npull) builds and dispatches a plan with those pulls
 * (NULL on failure). Returns the plan kept; the others are freed. */
#define RELEASE_PASSES 4
Plan *release_refine(Plan *p, Plan *(*make)(void *ctx, const int64_t *pull, uint32_t npull), void *ctx);
void plan_free(Plan *p);
void plan_problem(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, ...) TK_PRINTF(5, 6);
void plan_warning(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, ...) TK_PRINTF(5, 6);
/* The name of an operation's step as the plan writes it: "assemble", or
 * "assemble#2" for a sublot (then written into *scratch, which the caller
 * frees; valid until its next use). */
const char *plan_op_step_name(const Plan *p, const Op *op, StrBuf *scratch);
/* E0507 for a plan whose costs or penalties are past TAKT_MAX_TOTAL_MONEY,
 * or not numbers, after plan_measure(); false if it added one. */
bool plan_check_money(Plan *p);

/* Whole minutes of work, rounded up, for a duration in minutes that may be
 * anything a rule computed: longer than TAKT_MAX_MINUTES (or infinite) is
 * PLAN_FOREVER, which no horizon holds and no sum with a time overflows;
 * not a number is 0, as rules' NaN is everywhere. */
#define PLAN_FOREVER ((int64_t)1 << 60)
static inline int64_t plan_work_minutes(double minutes)
{
    if (minutes != minutes) return 0;
    if (!(minutes <= TAKT_MAX_MINUTES)) return PLAN_FOREVER;
    double c = ceil(minutes - 1e-9);
    return c > 0 ? (int64_t)c : 0;
}

/* variance.c: standard against actual for reported operations (docs/actuals.md). */
typedef struct Variance {
    double std_setup, std_run, act_setup, act_run;      /* minutes */
    double std_machine, act_machine;                    /* money: run time at the machine's rate */
    double std_setup_cost, act_setup_cost;
    double std_material, act_material;
    double good, scrap, scrap_cost;
    uint32_t ops;                                       /* done operations */
} Variance;

typedef struct VarianceReport {
    Variance *by_wo, *by_product, *by_machine;
    Variance total;
    bool *reported;         /* per work order: some operation reported */
    double to_date;         /* cost of the work done and running, and of material issued, up to now */
    double to_complete;     /* the plan's cost of the rest */
    double issued;          /* cost of the material the actuals issue outside the operations */
    uint32_t done, running;
} VarianceReport;
void variance_compute(const Plan *p, VarianceReport *v);
void variance_free(VarianceReport *v);

/* view_costs.c: the standard cost of one piece of each product (docs/planning.md,
 * "Costs"): materials, machine time at the first machine of each step,
 * setups spread over the standard batch, rolled up through the bill of
 * materials. std has one (zeroed) slot per product. */
typedef struct StdCost {
    double material, run, setup;  /* per piece */
    bool done, busy;
} StdCost;
void std_costs(const IrModel *ir, StdCost *std);

/* writers */
void plan_write(const Plan *p, StrBuf *out);          /* plan_write.c: the plan file */
void plan_write_csv(const Plan *p, StrBuf *out);      /* the schedule CSV */
struct PlanViews;                                     /* views.h: computed once, written thrice */
void report_text(const struct PlanViews *v, StrBuf *out); /* report.c */
void report_json(const struct PlanViews *v, StrBuf *out);
void page_write_html(const struct PlanViews *v, StrBuf *out); /* page.c: the plan as one HTML page */
void gantt_write_svg(const Plan *p, StrBuf *out);     /* gantt.c */

/* gantt.c: what colours a work order in a chart (the SVG and the page):
 * the customer order it serves, else the forecast demand or the work order
 * at the top of its chain. of_wo[w] is a key in [0, n); keys are numbered by
 * name, and every customer order has one. */
typedef struct ChartKeys {
    uint32_t *of_wo;
    const char **names;
    bool *late;             /* a customer order that is late */
    uint32_t n;
} ChartKeys;
void chart_keys(const Plan *p, ChartKeys *k);
void chart_keys_free(ChartKeys *k);
void chart_colour(uint32_t key, char *buf, size_t n); /* "hsl(137,62%,42%)" */
bool chart_colour_dark(uint32_t key);                 /* white text reads better on it */

/* write_file_atomic: compiler/files.h */

#endif
