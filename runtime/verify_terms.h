/* verify_terms.h: takt verify's reckoning of the objective's restricted
 * measures (verify_terms.c), from what verify has worked out of the plan. */
#ifndef TAKT_VERIFY_TERMS_H
#define TAKT_VERIFY_TERMS_H

#include "verify.h"

/* One operation of the plan file, as verify worked it out. */
typedef struct VTermOp {
    double setup, cost;      /* minutes; money */
    bool setup_known, cost_known;
} VTermOp;

typedef struct VTermsIn {
    const IrModel *ir;
    const PlanFile *pf;
    Engine *eng;
    const int32_t *op_machine; /* per plan op: its machine, -1 if none */
    const VTermOp *ops;        /* per plan op */
    const int64_t *order_done; /* per order: when all it waits for is done, -1 if not known */
} VTermsIn;

/* takt verify --reference: the plan's change against the reference plan
 * ref — moved, reassigned, shifted, and the restricted measures of them —
 * worked out from the two plan files alone (operations matched by work
 * order and step names), and held to what the plan's measures record says
 * (E0645). */
void verify_change(const IrModel *ir, const PlanFile *pf, const PlanFile *ref, Engine *eng, Diags *d);

/* Each restricted measure worked out again (into out[k], if out), and held
 * to the plan's measures record where it names the measure (E0643). False
 * if a measure could not be worked out (it depends on what verify could not
 * work out: an operation reported wrong, a missing one); it is then not
 * compared. */
bool verify_terms(const VTermsIn *in, Diags *d, double *out);

#endif
