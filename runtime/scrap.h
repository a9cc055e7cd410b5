/* scrap.h: yield and scrap as material planning plans them (docs/planning.md,
 * "Scrap"). A scrap rate on a routing step (`scrap 5%`) or on a BOM line
 * (`tube 2.4 m scrap 3%`) is the share of what is started (or issued) that is
 * lost. Scrap is not a placement question, so it is not in the kinds' table
 * (kind.h): it changes quantities — what each step of a work order starts and
 * makes, what the work order takes of its materials and components — once,
 * when material planning makes the work order; the dispatcher, the search,
 * the writers and the report read those quantities (plan_step_in). takt
 * verify works the same rule out on its own, in runtime/verify_scrap.c.
 * Private to runtime/. */
#ifndef TAKT_SCRAP_H
#define TAKT_SCRAP_H

#include "runtime.h"

/* Quantities beyond this are not planned (E0459): they would come only from
 * scrap rates near 100% compounded over many steps and levels. */
#define SCRAP_MAX_QTY 1e12

/* Does any step of the product's routing scrap pieces. */
bool scrap_in_routing(const IrProduct *pr);

/* THE RULE (docs/planning.md, "Scrap"), for a work order of qty good pieces:
 * each step is planned from the last backwards — what it must make good,
 * good[s], is what the steps after it start (the most of them), or qty for
 * a last step; what it starts, in[s], is that divided by (1 - its scrap
 * rate) and rounded up to whole pieces (to a billionth: 95 good at 5% is
 * 100 started, not 101). Returns the pieces the work order starts: the most
 * any of its first steps starts (qty for a routing without scrap, or a
 * kit). in and good may be NULL. */
double scrap_plan(const IrProduct *pr, double qty, double *in, double *good);

/* The same for one good piece, not rounded: what each step starts, on
 * average, for every good piece (1 / 0.95 at a last step with 5% scrap);
 * returns what the first steps start. The standard cost per piece is
 * worked out from these. */
double scrap_rates(const IrProduct *pr, double *in);

/* After the shop floor's reports (docs/planning.md, "Scrap reported"):
 * done_good[s] the good pieces of step s reported done, NAN for a step not
 * done (done_good NULL: none). in and good, as scrap_plan gave them, are
 * updated in routing order: a step not done starts the least of what it
 * was planned to start and the good pieces its predecessors made (or are
 * planned to make), and then makes good what it was planned to, or, if it
 * starts fewer, those less its scrap rate, rounded down to whole pieces; a
 * step done made what was reported. Returns the good pieces the work order
 * is now expected to make: the least of its last steps'. */
double scrap_after_reports(const IrProduct *pr, double qty, double *in, double *good, const double *done_good);

/* What a work order that starts `started` pieces takes of a BOM line's item:
 * the line's quantity for each piece started, divided by (1 - the line's
 * scrap rate). */
static inline double scrap_line_need(const IrBomLine *bl, double started)
{
    double q = bl->qty * started;
    return bl->scrap > 0 ? q / (1 - bl->scrap) : q;
}

#endif
