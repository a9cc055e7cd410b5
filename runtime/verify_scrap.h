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

/* The quantity of line bl's item a work order starting `started` pieces takes. */
double vscrap_need(const IrBomLine *bl, double started);

/* E0637: an operation whose record says it starts (qty) or makes good
 * (good) other pieces than the rule gives its step: in and good, worked out
 * by vscrap_steps for its work order. Fields the record does not give are
 * not checked. */
void vscrap_check_op(Diags *d, const PfOp *o, const IrProduct *pr, uint32_t step, double in, double good);

#endif
