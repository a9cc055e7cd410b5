/* plan_diff.h: `takt diff OLD NEW` — what changed between two plans of one
 * model, as a change log a reviewer reads in a pull request
 * (docs/diff.md). */
#ifndef TAKT_PLAN_DIFF_H
#define TAKT_PLAN_DIFF_H

#include "plan_read.h"

typedef struct DiffOptions {
    bool json;
    bool verbose;          /* every moved operation, however many */
    uint32_t max_ops;      /* when not verbose: more operations are summed up per
                            * work order, and no more orders, work orders,
                            * purchases or input changes are listed */
    const char *old_name, *new_name;
    bool summary;          /* review-sized: input changes, measures, newly late
                            * orders and counts (docs/diff.md, "Summary") */
} DiffOptions;

/* Appends the change log to out; returns the number of changes (0: the
 * plans are the same in every record compared). */
uint32_t plan_diff(const PlanFile *a, const PlanFile *b, const DiffOptions *o, StrBuf *out);

#endif
