/* plan_check.h: `takt plan --check PLAN` — the committed plan against the
 * plan the model gives now (docs/ci.md, "The gates"; docs/plan-format.md,
 * "made-by"). */
#ifndef TAKT_PLAN_CHECK_H
#define TAKT_PLAN_CHECK_H

#include "made.h"
#include "runtime/plan_read.h"

typedef struct PlanCheck {
    /* the committed plan: its text (registered in the sources as file) and
     * its records */
    const char *text;
    size_t len;
    const PlanFile *old;
    /* the new plan: its text and its records */
    const char *new_text;
    size_t new_len;
    const PlanFile *new;
    const MadeBy *made;          /* how the new plan was made */
    const char *model, *plan;    /* as named on the command line, for the hint */
} PlanCheck;

/* The search options a committed plan records, for planning it again: the
 * fields of `made` the record gives are set and the matching flags true.
 * Values out of range are errors (E0655) at the record; a search bounded by
 * time is an error (E0654): it cannot be made again. Returns false on such
 * an error. */
#define MADE_MAX_ITERATIONS INT64_MAX
typedef struct MadeOptions {
    bool has_seed, has_iterations, has_threads;
    uint64_t seed;
    int64_t iterations;
    int threads;
    int release;            /* -1 not given, 0 as_soon_as_possible, 1 just_in_time */
} MadeOptions;
bool plan_check_options(const PlanFile *old, MadeOptions *o, Diags *d);

/* Compares; findings are diagnostics in d at the committed plan's lines
 * (E0652 stale, E0653 made from other inputs, W0036 another takt version,
 * W0037 no made-by record). Returns true when the committed plan is current
 * (warnings aside). */
bool plan_check(const PlanCheck *c, Diags *d);

#endif
