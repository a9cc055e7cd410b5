/* verify_parts.h: the checks that live beside verify.c, each in a file of
 * its own — pins, firm work orders and the frozen horizon (verify_pin.c),
 * work sent to subcontractors (verify_sub.c) — reading the plan's
 * operations as verify.c resolved them. Like verify.c they share nothing
 * with the planner's code: an independent check (docs/verify.md). Private
 * to runtime/verify*.c. */
#ifndef TAKT_VERIFY_PARTS_H
#define TAKT_VERIFY_PARTS_H

#include "verify.h"

/* Per plan operation (pf->ops): its routing step (-1 where verify.c could
 * not place it: reported already), its sublot as written (from 1, 0 for the
 * step itself), its machine (-1 if none of that name), whether the actuals
 * report it (1 done, 2 running), and the pieces it is for (-1 if not
 * known). */
typedef struct VResolved {
    const IrModel *ir;
    const PlanFile *pf;
    const PlanFile *ref;      /* the reference plan (--reference), or NULL */
    Diags *d;
    const int32_t *step, *sub, *machine;
    const uint8_t *actual;
    const double *qty;
} VResolved;

/* verify_pin.c: every pin of the model where it says (E0646); every firm
 * operation and every one of the frozen horizon as the reference plan has
 * it (E0647), or a warning that there is no reference to hold them to
 * (W0033). */
void verify_pins(const VResolved *r);

/* verify_sub.c: work sent to subcontractors sent when the subcontractor
 * takes goods and back its lead later (E0650), each with its subcontract
 * order, and each order with its operation (E0651). */
void verify_subcontracts(const VResolved *r);

#endif
