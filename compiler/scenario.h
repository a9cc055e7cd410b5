/* scenario.h: what-if variants of a model (docs/scenarios.md).
 *
 * A `scenario NAME { … }` block names changes to the model: declarations
 * whose settings replace the base's (a machine's units, a material's lead),
 * calendars that gain shifts or closures, `add DECL`, `remove order NAME`,
 * and `demand FACTOR`. Planning a scenario applies it to the parsed files
 * before the model is checked, so it is checked and lowered like any model;
 * the base's syntax trees are not changed (the scenario's declarations are
 * copies, in lists of their own). `takt check` checks the base, then every
 * scenario applied in turn, and reports what only a scenario breaks. */
#ifndef TAKT_SCENARIO_H
#define TAKT_SCENARIO_H

#include "model.h"

/* docs/limits.md */
#define SCENARIO_MAX 256        /* scenarios in one model */
#define SCENARIO_MAX_CHAIN 16   /* scenarios applied one after another: a+b+c */
#define SCENARIO_MAX_DEMAND 100 /* a demand factor: above 0, at most this */

/* Applies m->scenario (a name, or names joined by '+', applied in that
 * order) to the loaded files. Errors go to m->diags; returns false on any. */
bool scenario_apply(Model *m);

/* Undoes scenario_apply: the files' declaration lists are the base's again. */
void scenario_undo(Model *m);

/* Checks every scenario of the model, each applied alone to the base, and
 * adds to m->diags what checking it finds that the base's check did not
 * (with a note naming the scenario). Call after the base is checked; it
 * leaves m->sema as it was. */
void scenario_check_all(Model *m);

/* The scenarios the model defines, in the order they are declared: their
 * names into *names (the caller frees the array, not the strings). */
uint32_t scenario_list(const Model *m, const char ***names);

#endif
