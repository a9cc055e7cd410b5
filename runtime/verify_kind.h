/* verify_kind.h: the verifier's half of the constraint kinds (kind.h). Each
 * kind checks the plan's records of it with its own code, in
 * runtime/verify_NAME.c, and never calls the planner's half (kind_NAME.c)
 * or the scheduler: an independent check. verify.c resolves the plan's
 * operations (work order, step, machine) and asks the kinds the model uses
 * through verify_kinds[] (verify.c). Private to runtime/verify*.c. */
#ifndef TAKT_VERIFY_KIND_H
#define TAKT_VERIFY_KIND_H

#include "verify.h"

/* What verify works out of each operation on a unit that exists, for the
 * records' claims: its setup and run (as planned, or as the actuals book
 * them) and its cost — its machine's, and what the kinds add: the
 * resources it holds, its share of its batch machine's cycles. */
typedef struct VOpWork {
    double setup, run, cost;
    bool known;          /* worked out (its work order, step and machine are right) */
} VOpWork;

/* The plan's operations as verify.c resolved them: per plan op (pf->ops),
 * its product, step and machine (-1 where unknown or wrong: such an op was
 * reported already), whether the actuals report it (not held to the
 * rules), its setup work in whole minutes (-1 if not known), and its work
 * order's quantity (-1 if not known: a schedule CSV); and what verify.c
 * worked out of each (work): a kind completes it — adds the cost of what
 * the operation holds, or works out the operations verify.c leaves to it —
 * or clears known where it cannot. */
typedef struct VOps {
    const IrModel *ir;
    const PlanFile *pf;
    Diags *d;
    const int32_t *product, *step, *machine;
    const uint8_t *actual;
    const int64_t *setup;
    const double *qty;
    VOpWork *work;
    uint8_t *bad;        /* a kind sets it for an operation an error reported elsewhere concerns (a
                          * cycle it is in): the records that follow from it are not held to it again */
    const int32_t *act;  /* the model's actual that reports it, -1 if none */
} VOps;

typedef struct VerifyKind {
    const char *name;
    bool (*used)(const IrModel *ir);
    /* reads its records of the plan (their errors into d) */
    void *(*begin)(const IrModel *ir, const PlanFile *pf, Diags *d);
    /* The working minutes op i has from its start to its end in the working
     * time the kind allows it — its machine's calendar cal narrowed —, given
     * setup minutes of setup; -1 if the kind does not narrow it. */
    int64_t (*work)(void *st, uint32_t i, const IrAlt *al, const IrCalendar *cal, int64_t setup);
    /* every check of its own, once the operations are resolved */
    void (*check)(void *st, const VOps *ops);
    void (*free)(void *st);
    /* Does the kind check how step st follows the steps before it, in place
     * of verify.c's order of work (transfer lots: it may start before they
     * end)? NULL: never */
    bool (*follows)(const IrStep *st);
} VerifyKind;

extern const VerifyKind verify_pool;
extern const VerifyKind verify_batch;
extern const VerifyKind verify_window;
extern const VerifyKind verify_overlap;

#endif
