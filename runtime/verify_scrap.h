/* verify_scrap.h: takt verify's own reading of scrap (docs/planning.md,
 * "Scrap"): the pieces each step of a work order starts and makes good, and
 * what the work order takes of its bill of materials. Worked out from the
 * IR alone, by code of its own (verify_scrap.c), never the planner's
 * runtime/scrap.c: if one of them is wrong, the two disagree and takt verify
 * says so. Private to runtime/verify*.c. */
#ifndef TAKT_VERIFY_SCRAP_H
#define TAKT_VERIFY_SCRAP_H

#include "compiler/ir.h"
#include "plan_read.h"

/* Does some step of the product's routing, or a line of its bill of
 * materials, lose pieces. */
bool vscrap_any(const IrProduct *pr);

/* For a work order of qty good pieces of pr: in[s] the pieces step s
 * starts, good[s] the good ones it must make (NULL: not wanted). Returns the
 * pieces the work order starts (its first steps' most; qty for a kit). */
double vscrap_steps(const IrProduct *pr, double qty, double *in, double *good);

/* After the shop floor's reports (docs/planning.md, "Scrap reported"):
 * done_good[s] the good pieces reported for step s done, NAN otherwise. A
 * step not done starts no more than its predecessors made good, and makes
 * good no more than that less its scrap rate, rounded down; in and good (as
 * vscrap_steps gave them) are updated. Returns the good pieces the work
 * order makes: the least of its last steps'. */
double vscrap_reported(const IrProduct *pr, double qty, double *in, double *good, const double *done_good);

/* The quantity of line bl's item a work order starting `started` pieces takes. */
double vscrap_need(const IrBomLine *bl, double started);

/* E0637: an operation whose record says it starts (qty) or makes good
 * (good) other pieces than the rule gives its step: in and good, worked out
 * by vscrap_steps for its work order. Fields the record does not give are
 * not checked. reports: the shop floor reported steps of its work order done
 * (for the hint). */
void vscrap_check_op(Diags *d, const PfOp *o, const IrProduct *pr, uint32_t step, double in, double good,
                     bool reports);

#endif
