/* views.h: the planner's views of a finished plan — rough-cut capacity per
 * resource and week, the stock projection of every material and product,
 * the exceptions, what held each late demand up, the objective's terms and
 * the purchases with the demands they serve. Each is computed once, by
 * views_compute(), into plain structs; the text report, the JSON report and
 * the HTML page (report_views.c, page.c) only write them, so their figures
 * cannot disagree (docs/planning.md, "The planner's views").
 *
 *   view_load.c        LoadView      per resource kind: a row per resource, a cell per week
 *   view_stock.c       StockView     per item: the events and the level after each
 *   view_holds.c       Holds         per late demand: waits (busy, closed), materials
 *   view_exceptions.c  Exceptions    one list, each with its cause and source line
 *
 * Resource kinds other than machines (pools of operators or tools) add a
 * row source to view_load.c's table; batch machines and time windows add
 * their own finders to view_exceptions.c's table. Nothing else changes. */
#ifndef TAKT_VIEWS_H
#define TAKT_VIEWS_H

#include "runtime.h"

/* ---- rough-cut capacity ------------------------------------------------------ */
/* Minutes of one resource in one week (Monday 00:00 to Monday 00:00, plant
 * time). `planned` is the work the plan puts there; `required` the work the
 * due dates ask for there: each operation's work from its step's latest
 * start (docs/planning.md, "When things are needed"), or from now when that
 * is past; `available` the working minutes of its calendar, times its units,
 * within the horizon. */
typedef struct LoadCell {
    double planned, required, available;
} LoadCell;

/* The kinds of resource a load row is of: a machine, or a pool of
 * operators or tools (docs/planning.md, "Resources"), whose row is the time
 * its units are held, counted in the pool's own calendar. */
typedef enum ResKind { RES_MACHINE, RES_POOL, RES__COUNT } ResKind;
const char *res_kind_name(ResKind k); /* "machine", "pool" */

typedef struct LoadRow {
    uint8_t kind;           /* ResKind */
    int32_t index;          /* the machine or the pool (IrModel.pools) */
    const char *name;
    uint32_t units;
    int32_t calendar;       /* -1: around the clock */
    LoadCell *cells;        /* one per week of the view */
    double planned, required, available; /* over all weeks */
    uint32_t overloaded;    /* weeks whose load exceeds the available minutes */
} LoadRow;

typedef struct LoadView {
    int64_t from;           /* Monday 00:00 of the first week */
    uint32_t nweeks;        /* through the last week with load, planned or required */
    LoadRow *rows;
    uint32_t nrows;
} LoadView;

/* The largest number of weeks the load view holds (the horizon is at most
 * 20 years: 1,044 weeks). */
#define VIEW_MAX_WEEKS 1100
/* A cell is overloaded when its load, planned or required, exceeds what is
 * available by more than half a minute. */
static inline bool load_over(const LoadCell *c)
{
    return (c->planned > c->available + 0.5) || (c->required > c->available + 0.5);
}
/* "2026-W49": the ISO week of a Monday 00:00 */
void view_week_name(char *b, size_t n, int64_t monday);
/* The Monday 00:00 of the week holding t */
int64_t view_week_of(int64_t t);

/* ---- stock projection ---------------------------------------------------------- */
typedef enum StockEvKind {
    SEV_RECEIPT,            /* an open receipt of the model arrives */
    SEV_PURCHASE,           /* a purchase of the plan arrives */
    SEV_USE,                /* a work order takes it, when its first operation starts */
    SEV_ISSUE,              /* the actuals issued it outside the operations */
    SEV_MADE,               /* a work order of the product ends */
    SEV_SHIP,               /* a customer order or forecast demand takes it: at its
                             * due date, or when it is done if that is later */
} StockEvKind;

typedef struct StockEvent {
    int64_t t;
    double qty;             /* + in, - out */
    double level;           /* on hand after it */
    uint8_t kind;           /* StockEvKind */
    int32_t ref;            /* receipt, purchase, work order, issue; order or forecast
                             * demand for SEV_SHIP (forecast demand: -2 - index) */
} StockEvent;

typedef struct StockRow {
    bool product;
    int32_t item;
    const char *name, *uom;
    double onhand, safety;  /* at the start; the safety stock (materials) */
    double in_receipts, in_purchases, in_made, out_used, out_issued, out_shipped;
    double end, lowest;     /* at the end; the lowest level */
    int64_t lowest_at;
    double below_minutes;   /* below the safety stock within the horizon */
    int64_t below_from, below_to; /* the first stretch below it; -1 if none */
    double short_qty;       /* the largest shortfall below zero (0: never short) */
    int64_t short_at;       /* when it is largest */
    int64_t short_from, short_to; /* the first stretch below zero; -1 if none */
    StockEvent *ev;         /* by time, arrivals before takings at one time */
    uint32_t nev;
} StockRow;

typedef struct StockView {
    StockRow *rows;         /* materials, then products, in model order */
    uint32_t nrows;
} StockView;

/* ---- what held a late demand up -------------------------------------------------- */
typedef enum HoldKind { HOLD_MACHINE, HOLD_MATERIAL, HOLD_POOL } HoldKind;

/* Along the chain that set its completion, from its last operation back:
 * time an operation waited for its machine once it could have started —
 * while the machine's calendar was closed (or had no stretch long enough for
 * an operation that may not pause), and while it was busy —, then for a
 * unit of a resource pool it holds once the machine would have taken it
 * (HOLD_POOL: its units all taken, or its calendar closed), and materials
 * that arrived after the work order could otherwise have started. */
typedef struct Hold {
    uint8_t kind;           /* HoldKind */
    int32_t machine, calendar, material, pool; /* calendar: the machine's or the pool's */
    int64_t busy, closed;   /* minutes waited for the machine or the pool */
    int64_t filling;        /* a batch machine: minutes its cycle waited to fill (its `fill`) */
    int64_t delay, arrived; /* the material: minutes it held the work order up, when it came */
} Hold;

typedef enum HoldCause { CAUSE_WORK, CAUSE_CAPACITY, CAUSE_CALENDAR, CAUSE_MATERIAL } HoldCause;

typedef struct Holds {
    Hold *h;
    uint32_t n;
    int64_t busy, closed, material; /* totals (busy and closed: machines and pools) */
    uint8_t cause;          /* HoldCause: the largest of the three, or its own work */
    int32_t calendar;       /* for CAUSE_CALENDAR: the calendar closed longest */
} Holds;

const char *hold_cause_name(HoldCause c); /* "work", "capacity", "calendar", "material" */

/* ---- exceptions -------------------------------------------------------------------- */
typedef enum ExcKind {
    EXC_LATE_ORDER,         /* a customer order done after its due date */
    EXC_LATE_FORECAST,      /* forecast demand done after its period ends */
    EXC_LATE_PURCHASE,      /* a purchase that would have had to be ordered before now */
    EXC_SHORT,              /* stock below zero */
    EXC_BELOW_SAFETY,       /* a material below its safety stock */
    EXC_OVERLOAD,           /* a resource's week loaded beyond its available hours */
    EXC_BATCH_UNFILLED,     /* a batch machine's cycle started not full after its longest wait to fill */
    EXC_BATCH_SPLIT,        /* a work order in more cycles of a batch machine than its pieces need */
    EXC_WINDOW,             /* an operation that starts later after its predecessor than its time window allows */
    /* time windows that could not be kept add their kinds here */
    EXC__COUNT
} ExcKind;

typedef struct Exception {
    uint8_t kind;           /* ExcKind */
    uint8_t cause;          /* HoldCause for late demand */
    int32_t subject;        /* order, forecast demand, purchase, stock row, load row;
                             * the cycle (Plan.batches) or the operation (Plan.ops) for batches,
                             * the operation for a time window */
    int32_t week;           /* EXC_OVERLOAD: the week of the view */
    int32_t calendar, machine, material; /* what caused it, where known; else -1 */
    int32_t pool;           /* a resource pool it concerns (overloaded, waited for); else -1 */
    int32_t batch;          /* a batch machine's cycle (Plan.batches); else -1 */
    int64_t at;             /* when it happens: done, arrival, first below, the week */
    int64_t minutes;        /* late by, below for, over by */
    double qty;             /* short by, lowest level */
    const char *subject_name;
    char *text;             /* one line for people, not yet escaped */
    Span span;              /* the model's line it concerns, if any */
} Exception;

const char *exc_kind_name(ExcKind k); /* "late_order", ... (JSON, page) */
const char *exc_kind_title(ExcKind k); /* "late order", ... (text) */

/* ---- the objective ------------------------------------------------------------------ */
typedef struct ObjTerm {
    const char *text;       /* as the model writes it */
    double value;           /* its value in the objective, sign included */
    uint8_t kind;           /* IrTermKind */
} ObjTerm;

/* ---- the plan's other measures ---------------------------------------------------------- */
/* One of the objective's restricted measures (setups(coat), tardiness(order.kind
 * == "rush")), by its name as written, and its value in the plan. */
typedef struct RestrictedMeasure {
    const char *name;
    double value;
    uint8_t kind;           /* IrTermKind: how it is shown */
} RestrictedMeasure;

/* The plan's change against the reference plan (takt plan --reference or
 * --stable; docs/search.md, "Stability"). */
typedef struct ChangeView {
    bool has;               /* a reference was given; else all zero */
    double moved, reassigned, shifted; /* operations; operations; minutes */
    uint32_t matched;       /* operations of the plan the reference has */
    uint32_t added;         /* operations it does not have */
} ChangeView;

/* ---- forecast demand ------------------------------------------------------------------ */
typedef struct FcResult {
    int64_t done;           /* its work orders' last end; the plan start if stock covers it */
    int64_t lateness;
} FcResult;

/* ---- costs ------------------------------------------------------------------------------------ */

typedef struct MachineUse {
    double busy, available, cost; /* minutes of work, working minutes of its units to the plan's end */
    uint32_t ops;
} MachineUse;

typedef struct CostView {
    StdCost *std;           /* per product */
    MachineUse *mach;       /* per machine: its own cost, without the resources' */
    MachineUse *pool;       /* per resource: held minutes (busy), available, cost, operations */
    double *order_cost;     /* machine and material cost of each customer order's work */
} CostView;

/* ---- all of them ------------------------------------------------------------------------- */
typedef struct PlanViews {
    const Plan *p;
    const Sources *src;     /* for "file:line" of the exceptions; may be NULL */
    LoadView load;
    StockView stock;
    Holds *order_holds;     /* per customer order (n == 0 if on time) */
    Holds *fc_holds;        /* per forecast demand */
    FcResult *fc;           /* per forecast demand */
    Exception *exc;
    uint32_t nexc;
    ObjTerm *terms;
    uint32_t nterms;
    RestrictedMeasure *restricted; /* the objective's restricted measures, in model order */
    uint32_t nrestricted;
    ChangeView change;
    CostView cost;
    VarianceReport var;     /* with actuals: has_variance */
    bool has_variance;
    /* `takt plan --html --compare`: the comparison of this plan with plans of
     * scenarios, as HTML already escaped (compare.h, CMP_HTML_TABLE); the page
     * shows it as its Scenarios section. NULL: none. Not owned. */
    const char *scenarios_html;
    /* the allocations of each purchase (Plan.allocs): the first, and the
     * next of the same purchase; -1 ends */
    int32_t *pa_first, *pa_next;
    Arena arena;            /* everything above */
} PlanViews;

/* views.c */
void views_compute(PlanViews *v, const Plan *p, const Sources *src);
void views_free(PlanViews *v);
/* "orders.takt:12" for a span, or NULL */
const char *views_where(const PlanViews *v, Span sp, char *buf, size_t n);
/* the pieces */
void view_load_compute(PlanViews *v);
void view_stock_compute(PlanViews *v);
void view_holds_compute(PlanViews *v);
void view_exceptions_compute(PlanViews *v);
void view_costs_compute(PlanViews *v);
/* "waited 14:00 for final_check (closed: calendar day_shift), material fork
 * arrived 2026-12-19 06:00"; names escaped for people (esc_text) with esc,
 * else as they are (for a text a writer escapes whole) */
void holds_text(const PlanViews *v, const Holds *h, bool esc, StrBuf *o);

/* Durations and money as the report prints them: "1d 02:30", "-0:05";
 * "1,234.50". */
void view_fmt_dur(char *b, size_t n, double minutes);
void view_fmt_money(char *b, size_t n, double v);

/* writers (report_views.c): the sections of the text and JSON reports */
void report_views_text_head(const PlanViews *v, StrBuf *o);  /* objective, exceptions */
void report_views_text_tail(const PlanViews *v, StrBuf *o);  /* load, stock */
void report_views_json(const PlanViews *v, StrBuf *o);       /* ",\n  \"load\": ..." */
void report_purchases_text(const PlanViews *v, StrBuf *o);
/* make or buy: each shortfall of a product that can be bought (none: nothing) */
void report_sourcing_text(const PlanViews *v, StrBuf *o);
void report_sourcing_json(const PlanViews *v, StrBuf *o);
void report_forecasts_text(const PlanViews *v, StrBuf *o);
void report_purchases_json(const PlanViews *v, StrBuf *o);

#endif
