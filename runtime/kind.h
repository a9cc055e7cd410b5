/* kind.h: constraint kinds as modules (STYLE.md §11). A kind — resources
 * (kind_pool.c) today; batch machines, time windows, transfer batches and
 * scrap to come — keeps its data, its placement test, its booking and what
 * it writes into the plan in one file, runtime/kind_NAME.c, and is asked
 * through this one table by the dispatching pass (sched.c) and by the
 * search's decoder (search_eval.c) alike; its independent check lives in
 * runtime/verify_NAME.c behind verify.c's own table (verify_kind.h). Private
 * to runtime/.
 *
 * How a kind plugs in:
 *   1. write runtime/kind_NAME.c with a `const KindOps kind_NAME` below;
 *   2. add it to the list in kind.c (kinds[]): the scheduler and the
 *      decoder then ask it about every operation of a model that uses it;
 *   3. write runtime/verify_NAME.c with a `const VerifyKind verify_NAME`
 *      and add it to verify.c's list (verify_kinds[]);
 *   4. its plan file fields: written by plan_write.c from what end() left
 *      in the plan, read by plan_read.c into PfOp (or a record of its own),
 *      documented in docs/plan-format.md.
 *
 * Placement is a fixed point. The scheduler finds where the operation would
 * go by its machine alone (the machine's calendar, its unit free, its
 * predecessors done): start t, the work dur minutes of which setup are
 * setup. Each kind in turn answers with the earliest placement at or after
 * t that it allows (KSlot); a kind may narrow the working time (a resource
 * works in its own calendar: the operation proceeds only when both work) and
 * hands the narrowed calendar on in the slot. If any kind moved the start,
 * every kind is asked again from there, until none moves it. Each answer
 * is the earliest start >= t the kind allows, so the start only grows, and
 * it grows to an end of a booking or a start of a working interval: the
 * loop ends after at most as many rounds as there are such moments
 * (KIND_MAX_ROUNDS guards it as an invariant).
 *
 * Machines that take several operations in one cycle (batch machines) are
 * not a placement test of one operation but a different way a unit takes
 * work: they plug in beside this table, chosen per machine (below). */
#ifndef TAKT_KIND_H
#define TAKT_KIND_H

#include "runtime.h"

/* One placement question. */
typedef struct KPlace {
    uint32_t op;             /* plan operation */
    int32_t machine;
    uint32_t unit;           /* the machine's unit, from 0 */
    const IrAlt *alt;        /* the step's alternative on that machine */
    int64_t t;               /* earliest start by everything asked before */
    int64_t setup, dur;      /* whole minutes of work: the setup part, setup and run */
    double setup_min, run_min; /* the same, unrounded, for costs */
    bool split;              /* the work may pause over breaks */
    const IrCalendar *cal;   /* working time so far (the machine's, narrowed by kinds); NULL: always */
    double rate;             /* the machine's cost rate per minute for it (its cost rule's, if it has one);
                              * 0 where the caller does not count costs */
} KPlace;

/* An answer: where the operation would go as far as the kind is concerned. */
typedef struct KSlot {
    int64_t start;           /* its first working minute */
    int64_t setup_end;       /* when its setup part is done */
    int64_t end;
    const IrCalendar *cal;   /* the working time it used (owned by the kind; valid until its next call) */
    double cost;             /* money the kind adds to the operation (a resource's rate) */
    const char *why;         /* when it cannot be placed: why, for E0501 (owned by the kind) */
    /* --- set by a kind that runs the unit itself, deciding how it takes
     * the next operation of its sequence (a batch machine's cycles; the
     * search's decoder reads them; zero: one operation at a time) --- */
    bool unit_set;           /* unit_free below is the kind's, and so is the whole cost of the
                              * operation's work (cost): the machine's rate for its run is not counted */
    int64_t unit_free;       /* when the unit takes the next operation of its sequence: a batch
                              * machine's cycle with room left, its start (the next may join it) */
    bool by_unit;            /* the kind held the start back until the unit was free (the work
                              * before it in the unit's sequence binds it) */
} KSlot;

typedef struct KindOps {
    const char *name;
    /* does the model use the kind at all (the tables are not asked if not) */
    bool (*used)(const IrModel *ir);
    /* state for one schedule: a dispatching pass, or the decodes of one
     * search thread; p's operations exist */
    void *(*begin)(Plan *p);
    /* forget every booking: a new decode */
    void (*reset)(void *st);
    /* does the kind concern operation pl->op at all (cheap: decides whether
     * the placement loop asks it) */
    bool (*applies)(void *st, const KPlace *pl);
    /* the earliest placement at or after pl->t; false if none within the
     * horizon, with slot->why saying why */
    bool (*place)(void *st, const KPlace *pl, KSlot *slot);
    /* the operation goes where place() said last for it: take what it needs */
    void (*book)(void *st, const KPlace *pl, const KSlot *slot);
    /* the operation holds what the shop floor reported (actuals): take it
     * as reported, for [start, end) */
    void (*book_reported)(void *st, const KPlace *pl, int64_t start, int64_t setup_end, int64_t end);
    /* what was booked into the plan (e.g. Plan.holds) */
    void (*end)(void *st, Plan *p);
    void (*free)(void *st);
    /* --- kinds asked by the search's decoder only: those that relate
     * operations to each other (time windows), which the dispatching pass
     * keeps by looking ahead where it dispatches (kind_window.c), and batch
     * machines, whose cycles the dispatching pass forms where a unit is
     * free (batch_take below) --- */
    bool decoder_only;
    /* a whole decode is done, start[op] and end[op] every operation's
     * times: true if the kind moved its bounds and wants the plan decoded
     * again (the decoder asks at most KIND_SETTLE_ROUNDS times); NULL: never */
    bool (*settle)(void *st, const int64_t *start, const int64_t *end);
    /* a new solution: forget the bounds earlier decodes set (NULL: none) */
    void (*clear)(void *st);
    /* --- for kinds that let an operation start before its predecessor
     * ends (transfer lots) --- does operation succ follow pred's start
     * rather than its end (the kind's place() then holds it to pred's
     * progress)? The dispatching pass releases the arc when pred is placed,
     * the search's graph counts it from pred's start. A question of the
     * model alone (no state); NULL: never */
    bool (*follows_start)(const Plan *p, uint32_t pred, uint32_t succ);
} KindOps;

#define KIND_MAX 8
#define KIND_MAX_ROUNDS 100000000
#define KIND_SETTLE_ROUNDS 64

/* kind.c: the kinds the model uses, and the placement loop over them. */
typedef struct Kinds {
    const KindOps *ops[KIND_MAX];
    void *st[KIND_MAX];
    uint32_t n;
} Kinds;

/* those the model uses (the dispatching pass: those not decoder_only);
 * none: k->n == 0 */
void kinds_begin(Kinds *k, Plan *p, bool decoder);
void kinds_reset(Kinds *k);
/* a new solution (KindOps.clear), and whether a decode must be done again
 * (KindOps.settle) */
void kinds_clear(Kinds *k);
bool kinds_settle(Kinds *k, const int64_t *start, const int64_t *end);
void kinds_end(Kinds *k, Plan *p);
void kinds_free(Kinds *k);
/* Does any kind concern this operation. */
bool kinds_apply(Kinds *k, const KPlace *pl);
/* The placement every kind agrees on, from pl (t, dur, cal) and the
 * machine's own answer in *slot; false if a kind cannot place it (slot->why). */
bool kinds_place(Kinds *k, const KPlace *pl, KSlot *slot);
void kinds_book(Kinds *k, const KPlace *pl, const KSlot *slot);
void kinds_book_reported(Kinds *k, const KPlace *pl, int64_t start, int64_t setup_end, int64_t end);

/* Does a kind the model uses let some operation follow its predecessor's
 * start (KindOps.follows_start); does one let succ follow pred's start. */
bool kinds_follow_used(const IrModel *ir);
bool kinds_follow_start(const Plan *p, uint32_t pred, uint32_t succ);

/* The kinds there are. */
extern const KindOps kind_pool;
extern const KindOps kind_window;
extern const KindOps kind_batch;   /* the search decoder's cycles (kind_batch.c) */
extern const KindOps kind_overlap;

/* ---- machine kinds ---------------------------------------------------------------
 * How a machine's free unit takes work is not a kind of this table. The
 * ordinary machine takes one operation at a time: the dispatch rule picks it
 * from the machine's queue (sched.c, dispatch). A batch machine takes several
 * operations in one cycle — the compatible ones that fit its capacity — and
 * starts them together; it plugs in beside this table, as a second one
 * chosen per machine (a `take` that picks the members from the queue's
 * candidates and starts them, each booked through kinds_book so that the
 * kinds above apply to its members too; in the decoder, a grouping of a
 * unit's sequence into cycles: kind_batch in the table above, asked by the
 * decoder only), and its records and checks follow the same path as a
 * kind's (plan_write.c, plan_read.c, verify_kind.h). */

/* kind_batch.c: batch machines (IrMachine.batch_cap > 0). */
bool batch_machine(const IrMachine *mc);
bool batch_used(const IrModel *ir);
/* May work order w share a cycle of mc with the leader's work order lw. */
bool batch_compatible(const IrModel *ir, const IrMachine *mc, const WorkOrder *lw, const WorkOrder *w);
/* How much of machine mc's capacity one piece of work order w takes. */
double batch_piece_load(const IrModel *ir, const IrMachine *mc, const WorkOrder *w);
/* The members of a cycle of machine m: from cands, the operations waiting
 * for it in the dispatch rule's order (the first leads the cycle), those
 * compatible with the first, each with all its pieces not yet in a cycle
 * (left[op]) or as many whole ones as fit, until the capacity is full. Writes
 * at most n parts to out; *load: the capacity they take. */
uint32_t batch_take(const Plan *p, int32_t m, const uint32_t *cands, uint32_t n, const double *left, BatchPart *out,
                    double *load);
/* How many pieces of an operation with `left` pieces, each taking `per` of
 * the capacity, go into a cycle of capacity cap that holds `load`: all of
 * them if they fit, else as many whole ones as fit (0: none). */
double batch_fit(double cap, double load, double left, double per);

/* The search decoder's step (docs/search.md, "Batch machines"): a unit of
 * a batch machine, as the operations before it in its sequence left it. */
typedef struct BatchUnit {
    int64_t free_at;         /* its last cycle's end, or the end of work reported on it */
    int64_t start, end;      /* the open cycle: the last, which the next operation may join */
    double load;             /* what the open cycle holds */
    int32_t lead;            /* the open cycle's leading work order; -1: none open */
} BatchUnit;

/* One cycle an operation goes into: a part of it. */
typedef struct BatchCyclePart {
    int64_t start, end;
    double qty;
    bool joined;             /* the unit's open cycle (not a new one) */
} BatchCyclePart;
typedef TK_VEC_OF(BatchCyclePart) BatchCycleParts;

/* Operation op, on unit u of batch machine m, ready at t: it joins the
 * unit's open cycle if it is compatible with its leader, has room for a
 * piece and starts no earlier than t (the operation is ready by then);
 * what does not fit goes into new cycles, each from the end of the one
 * before (the first from t and the unit's last end), through calendar cal.
 * Its parts go to *parts (reset first), the unit after it to *after. False
 * if a cycle would end past the horizon. */
bool batch_step(const Plan *p, int32_t m, const IrCalendar *cal, const BatchUnit *u, uint32_t op, int64_t t,
                BatchUnit *after, BatchCycleParts *parts);

/* Records a cycle and its members (Plan.batches); each member's cost and
 * run grow by its share (by pieces) of the cycle's cost and time. */
void batch_record(Plan *p, int32_t m, uint32_t unit, int64_t start, int64_t end, const BatchPart *parts, uint32_t n,
                  double cost);

#endif
