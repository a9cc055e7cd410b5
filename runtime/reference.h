/* reference.h: a reference plan — the plan a re-plan is measured against
 * (`takt plan --reference PLAN`, or the plan `--stable` re-applies) — and
 * the change of a plan against it: operations moved (to another machine or
 * unit, or in time), reassigned (to another machine or unit) and shifted
 * (minutes their start moved, summed). docs/search.md, "Stability". Its
 * reading is kept apart from everything else that reads a previous plan
 * (sched.c's --stable, the actuals), on purpose. */
#ifndef TAKT_REFERENCE_H
#define TAKT_REFERENCE_H

#include "plan_read.h"
#include "runtime.h"

enum { REF_NEW = -1, REF_GONE = -2 };

typedef struct Reference {
    uint32_t nops;         /* the plan's operations */
    int32_t *machine;      /* per operation of the plan: the reference's machine; REF_NEW if the
                            * reference does not have the operation, REF_GONE if it had it on a
                            * machine the model does not have */
    int32_t *unit;         /* from 0 */
    int64_t *start, *end;
    uint32_t matched;      /* operations of the plan the reference has */
    uint32_t ref_ops;      /* operations the reference has */
} Reference;

/* Is the plan file pf one this model's plans can be measured against? An
 * error (E0644) in d if it is a schedule CSV or the plan of another plant. */
bool reference_usable(const IrModel *ir, const PlanFile *pf, Diags *d);
/* Where pf had each operation of p: matched by work order name and step
 * name (an operation written twice counts once: its last line). p's work
 * orders must exist (after mrp_explode). */
Reference *reference_build(const Plan *p, const PlanFile *pf);
void reference_free(Reference *r);

/* What operation i counts against r, on machine m, unit u (from 0), from
 * start to end: 1 or 0 moved and reassigned, and the minutes it shifted. */
static inline void reference_op(const Reference *r, uint32_t i, int32_t m, int32_t u, int64_t start, int64_t end,
                                double *moved, double *reassigned, double *shifted)
{
    int32_t rm = r->machine[i];
    if (rm == REF_NEW) {
        *moved = *reassigned = *shifted = 0;
        return;
    }
    bool other = rm != m || r->unit[i] != u;
    int64_t d = start - r->start[i];
    *reassigned = other ? 1 : 0;
    *moved = other || d != 0 || end != r->end[i] ? 1 : 0;
    *shifted = (double)(d < 0 ? -d : d);
}

/* The plan's change against r: into m->moved, m->reassigned, m->shifted. */
void reference_measure(const Plan *p, const Reference *r, Measures *m);

#endif
