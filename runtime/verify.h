/* verify.h: `takt verify` — a plan checked against its model, without the
 * scheduler: it reads the model's IR and the plan, decides feasibility from
 * the rules of docs/planning.md alone, and holds the plan file's records to
 * what they claim (docs/verify.md). */
#ifndef TAKT_VERIFY_H
#define TAKT_VERIFY_H

#include "plan_read.h"
#include "runtime.h"

typedef struct VerifyStats {
    uint32_t ops, work_orders, orders;
} VerifyStats;

/* Adds a diagnostic to d for each violation, pointing at the plan's line
 * (and the model's where it helps). */
void plan_verify(const IrModel *ir, const PlanFile *pf, Diags *d, VerifyStats *st);
/* The same, holding firm work orders and the frozen horizon to the
 * reference plan ref (NULL: not checked, a warning). */
void plan_verify_ref(const IrModel *ir, const PlanFile *pf, const PlanFile *ref, Diags *d, VerifyStats *st);

#endif
