/* verify_impl.h: what the parts of takt verify share (verify.c, the
 * operations against the model; verify_demand.c, the work orders the
 * model's demand calls for; verify_claims.c, the plan file's own records
 * against what verify works out). None of it is the scheduler's: the rules
 * are those of docs/planning.md, worked out again here. */
#ifndef TAKT_VERIFY_IMPL_H
#define TAKT_VERIFY_IMPL_H

#include "verify.h"
#include "verify_calendar.h"
#include "verify_kind.h"

/* ---- the work orders the model's demand calls for (verify_demand.c) ---------------------- */
typedef struct VdWo {
    const char *name;
    int32_t product;
    double qty;              /* by the quantity rule (docs/planning.md, "Quantities") */
    int64_t release, due;    /* a component's due date is its parent's latest start */
    int64_t lead;            /* a component released its lead before its parent: that lead; else -1 */
    int32_t order;           /* the customer order whose demand made it, -1 (forecast) */
    int32_t parent;          /* the work order whose need made it, -1 at the top */
    double material_cost;    /* the materials its bill of materials takes, at their cost */
    /* scrap (verify_scrap.h): the pieces it starts, each step's pieces
     * started and made good (NULL without scrap in its routing), the good
     * pieces it makes after the shop floor's reports (fewer than qty after
     * scrap beyond the plan), and the work order it makes up for, -1 */
    double started;
    double *qin, *qgood;
    double makes;
    int32_t makeup_for;
    bool reports;            /* the shop floor reported some step of it done */
    int64_t bought;          /* when the parts bought for it arrive (make or buy); -1: none bought */
} VdWo;

/* A need of a product that can be bought, and what its policy makes of it
 * (docs/planning.md, "Make or buy"), as verify works it out: bought, in
 * nlots purchases of `each` pieces but the last, of `last`, ordered at
 * order_at and arriving at arrive. */
typedef struct VdBuy {
    int32_t product;
    const char *need;        /* the need's name: the stem its work orders have or would have */
    double qty;              /* the shortfall */
    int64_t due, target;     /* when it is needed; when a purchase should arrive */
    bool bought;
    double each, last;
    uint64_t nlots;
    double total;            /* pieces bought in all */
    int64_t order_at, arrive;
    int32_t parent;          /* the work order it is for (VDemand.wos), -1 */
    int32_t order;           /* the customer order, -1 */
    uint32_t first_wo;       /* made: its work orders are wos[first_wo ..] of its stem */
} VdBuy;

typedef struct VDemand {
    Arena arena;             /* names */
    TK_VEC_OF(VdWo) wos;     /* in the order they are made */
    U32Vec *takes;           /* per work order: the work orders whose output it takes its components
                              * from, its own and those whose lots left a surplus (it starts after them) */
    U32Vec *serves;          /* per customer order: the work orders at the top it waits for, its own
                              * and those whose surplus it takes; none if stock covers it */
    TK_VEC_OF(VdBuy) buys;   /* every shortfall of a product that can be bought, in netting order */
    int64_t *order_ready;    /* per customer order: when the pieces bought for it arrive, -1: none */
    double buy_cost;         /* what the pieces bought cost, by the rule */
} VDemand;

/* verify_buy.c: make or buy as verify works it out. The choice for need b
 * (its product, qty, due and target set): b->bought, and, bought, its lots
 * and times; cals as vdemand_build's. */
void vbuy_choose(const IrModel *ir, VCal **cals, const double *std_each, VdBuy *b);
/* The standard minutes of a step for qty pieces (verify_demand.c). */
double vstd_minutes(const IrModel *ir, const IrStep *st, double qty);
/* The lots a quantity of need takes by lot rules lot, whole pieces: how
 * many, each one's and the last's (verify_demand.c). */
uint64_t vlot_count(IrLot lot, double need, double *each_out, double *last_out);

/* Works out the work orders of ir's demand, reading calendars through
 * cals (one slot per calendar of the model, built when first needed: see
 * vcal_cached); a product whose lot sizing would need more work orders than
 * the planner makes (E0503) is reported in d. Free with vdemand_free. */
void vdemand_build(const IrModel *ir, VDemand *out, Diags *d, VCal **cals);
void vdemand_free(VDemand *dm, uint32_t norders);

/* verify.c: calendar ci as verify reads it (verify_calendar.h), built in
 * cals[ci] the first time; NULL for none (around the clock). */
const VCal *vcal_cached(const IrModel *ir, VCal **cals, int32_t ci);

/* ---- the work orders, as verify holds the plan to them ------------------------------------ */
typedef struct VWo {
    const char *name;
    int32_t product;
    double qty;
    int64_t release;
    int64_t due;
    int32_t order;       /* the customer order it serves, -1 if none */
    int32_t parent;      /* VWo, -1 at the top */
    Span span;           /* its record, else its first operation's line, else the file */
    int32_t rec;         /* its record in the plan file, -1 if none */
    bool extra;          /* a record the model's demand does not call for (E0602), taken as it says */
    /* its operations, a slot each: step s has slots at[s] .. at[s + 1] — one,
     * or one per sublot (docs/language.md, "Sublots", as vsub_count counts
     * them) — each the plan's op, -1 if none */
    uint32_t *at;
    int32_t *ops;
    int64_t materials;   /* when its last material arrives, as the plan says (a kit's end waits for it) */
    int64_t done;        /* when it is done, with waits (a kit: when its parts are) */
    int8_t state;        /* for done: 0 not yet, 1 in progress, 2 known */
    int64_t first_start; /* its first operation's start, -1 if none */
    bool comp_late;      /* a component of it was reported late already */
    int64_t lead;        /* a component: the lead its release allows before its parent's, -1 if
                          * that did not set its release */
    double started;      /* the pieces it starts: qty, more where scrap is planned (verify_scrap.h) */
    double *qin, *qgood; /* per step: the pieces it starts and makes good; NULL without scrap in the routing */
    double makes;        /* the good pieces it makes: qty, fewer after scrap reported beyond the plan */
    int32_t makeup_for;  /* the work order it makes up for (VWo), -1 */
    bool reports;        /* the shop floor reported some step of it done */
} VWo;

/* The pieces step s of w starts and makes good: its quantity, more (and
 * fewer good) where scrap is planned. */
static inline double vin(const VWo *w, uint32_t s) { return w->qin ? w->qin[s] : w->qty; }
static inline double vgood(const VWo *w, uint32_t s) { return w->qgood ? w->qgood[s] : w->qty; }


typedef struct V {
    const IrModel *ir;
    const PlanFile *pf;
    Diags *d;
    VDemand dem;
    uint32_t ndem;            /* w[0 .. ndem) are dem.wos, in the same order; extras follow */
    NameIndex products, machines, orders, wos;
    TK_VEC_OF(VWo) w;
    int32_t *op_wo, *op_step; /* per plan op: its work order and step, -1 if unknown */
    int32_t *op_sub;          /* per plan op: its sublot as written, from 1; 0 for the step itself */
    int32_t *op_slot;         /* per plan op: its slot in its work order, -1 if none */
    int32_t *op_owner;        /* per plan op on a unit that exists: its work order, even when its step or
                               * machine is wrong (it still holds the unit), else -1 */
    int32_t *op_act;          /* per plan op: the model's actual that reports it (done or running), -1 */
    VOpWork *op_work;         /* per plan op */
    NameIndex actuals;        /* the model's actuals by work order name: the first */
    int32_t *actual_next;     /* per actual: the next with its work order name, -1 if none */
    uint32_t *machine_rank;   /* per machine: its name's place in strcmp order (equal names, equal ranks) */
    int32_t *op_m;            /* per plan op: its machine, -1 if the model has none of its name */
    Interner step_names;      /* the routings' step names */
    Sym *step_sym;            /* per product, from step_of[p]: its steps' names */
    uint32_t *step_of;
    uint32_t *child_of;       /* per work order, from child_of[k] to child_of[k + 1]: its children in */
    int32_t *children;        /*   children[], in order; NULL until wo_done needs them */
    uint32_t diag_first;      /* d->items[diag_first ..] are verify's */
    uint8_t *op_bad;          /* per plan op: an error was reported on its line (verify_claims.c) */
    int64_t *op_setup;        /* per plan op: its setup work in whole minutes, -1 if not known */
    uint8_t *op_kind_bad;     /* per plan op: a kind's error elsewhere concerns it (VOps.bad) */
    /* the constraint kinds the model uses (verify_kind.h) */
    const VerifyKind *kinds[4];
    void *kst[4];
    uint32_t nkinds;
    VCal **cals;              /* per calendar: its working time as verify reads it, made when first needed */
    Engine *eng;
    double *terms;            /* the objective's restricted measures as verify works them out (verify_terms.c) */
    bool terms_known;         /*   all of them could be worked out */
    Arena arena;              /* names made here */
} V;

/* verify.c: sublots as docs/language.md says them (verify's own reading).
 * How many operations a step of a work order of qty pieces is: `sublots
 * N`, else as many of at most `sublot N` pieces as it takes; never more
 * than its whole pieces, at least one. */
uint32_t vsub_count(const IrStep *st, double qty);
/* The pieces of sublot k (from 0) of n of qty pieces: whole pieces as
 * equal as they go, the first ones one more; a fractional quantity in
 * equal shares. */
double vsub_qty(double qty, uint32_t k, uint32_t n);
/* w's slots: nslots, the step of a slot, its pieces. */
uint32_t vwo_nslots(const V *v, const VWo *w);
uint32_t vslot_step(const V *v, const VWo *w, uint32_t k);
double vslot_qty(const V *v, const VWo *w, uint32_t k);
/* The good pieces of slot k: its step's, split as its pieces are. */
double vslot_good(const V *v, const VWo *w, uint32_t k);

/* verify.c */
int64_t vwo_done(V *v, int32_t k);                     /* -1 if an operation of it is missing */
int64_t vorder_done(V *v, uint32_t order);             /* -1 if something it waits for is missing */
/* When an open receipt of mt dated `at` is on hand: when goods are next
 * received (docs/planning.md, "Receiving"); beyond the horizon, when it
 * comes. */
int64_t vreceipt_arrives(V *v, const IrMaterial *mt, int64_t at);

/* verify_claims.c: the plan file's records against what verify works out:
 * the plant, the work orders' and orders' records, the operations' setup
 * and run, the purchases and the measures (E0614-E0622). */
void verify_claims(V *v);

/* verify_buy.c: the plan's purchases of products against the rule
 * (E0638, E0639, E0660-E0663). */
void verify_buys(V *v);

#endif
