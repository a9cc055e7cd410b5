/* runtime.h: the planner and what it produces. The pipeline of `takt plan`:
 *
 *   mrp_explode()     demand -> work orders and purchases   (mrp.c)
 *   sched_run()       work orders -> operations on units     (sched.c)
 *   plan_measure()    makespan, lateness, costs              (measure.c)
 *   plan_write() ...  plan file, schedule CSV, report, Gantt (writers)
 *
 * Rules are evaluated through an Engine: the interpreter (interp.c) or the
 * JIT (compiler/jit.c); both read the same IR and must agree bit for bit. */
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
    int32_t machine, unit;  /* planned; unit counts from 0 */
    int64_t start, end;     /* first working minute, end */
    double setup, run;      /* minutes */
    double cost;            /* machine cost of the operation */
    int64_t ready;          /* when it could have started, by its constraints */
    uint8_t cause;          /* WaitCause of ready */
    int32_t cause_ref;      /* the op, material or work order behind ready */
    bool planned;
    uint8_t actual;         /* ACT_NONE, or reported done or running: frozen */
    int32_t act;            /* its IrActual, -1 if none */
} Op;

enum { ACT_NONE, ACT_DONE, ACT_RUNNING };

typedef struct Purchase {
    int32_t material;
    double qty;
    int64_t order_at, arrive;
    bool late;              /* it cannot arrive by the time it is needed */
} Purchase;

typedef struct PlanProblem {
    DiagCode code;
    char *msg;
    char *hint;
    Span span;              /* the model's line it concerns, if any */
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

typedef struct Plan {
    const IrModel *ir;
    const struct PlanFile *stable; /* --stable: the previous plan, whose order and units to keep */
    Arena arena;
    TK_VEC_OF(WorkOrder) wos;
    TK_VEC_OF(Op) ops;
    TK_VEC_OF(Purchase) purchases;
    TK_VEC_OF(PlanProblem) problems;
    OrderResult *orders;    /* per customer order */
    U32Vec *order_wos;      /* per customer order: the work orders it waits for */
    int32_t *act_wo;        /* per reported operation (ir->actuals): its work order, -1 if
                             * the plan has none; see plan_actual_wos */
    Measures m;
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
double plan_op_std_minutes(const IrModel *ir, const WorkOrder *w, const IrStep *st);
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
/* The alternative of step st on machine m; NULL if the step cannot use it. */
static inline const IrAlt *plan_step_alt(const IrStep *st, int32_t m)
{
    for (uint32_t a = 0; a < st->nalts; a++)
        if (st->alts[a].machine == m) return &st->alts[a];
    return NULL;
}
/* plan.c: the work order of each reported operation, found by name once
 * the work orders are made (p->act_wo, kept in the plan's arena). */
const int32_t *plan_actual_wos(Plan *p);
/* plan.c: sorts operations ix[0..n) by machine, unit, start, then index. */
void plan_sort_by_unit(const Plan *p, uint32_t *ix, uint32_t n);
/* plan.c: the sequence-dependent setup after a job of product prev (-1: none). */
double plan_setup_by(const IrModel *ir, const IrMachine *mc, int32_t product, int32_t prev);

Plan *plan_new(const IrModel *ir);
void plan_free(Plan *p);
void plan_problem(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, ...) TK_PRINTF(5, 6);
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

/* writers */
void plan_write(const Plan *p, StrBuf *out);          /* plan_write.c: the plan file */
void plan_write_csv(const Plan *p, StrBuf *out);      /* the schedule CSV */
void report_text(const Plan *p, StrBuf *out);         /* report.c */
void report_json(const Plan *p, StrBuf *out);
void gantt_write_svg(const Plan *p, StrBuf *out);     /* gantt.c */

/* write_file_atomic: compiler/files.h */

#endif
