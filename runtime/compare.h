/* compare.h: plans of scenarios of one model side by side (`takt compare`,
 * docs/scenarios.md). Each plan is read with its own variant of the model
 * (for calendars, units and prices); the first is the base the others are
 * measured against. */
#ifndef TAKT_COMPARE_H
#define TAKT_COMPARE_H

#include "plan_read.h"
#include "runtime.h"

typedef struct CmpPlan {
    const char *label;     /* the scenario, "base" for the base model */
    const PlanFile *pf;
    const IrModel *ir;     /* the model as planned: the scenario applied */
} CmpPlan;

/* CMP_HTML a page of its own; CMP_HTML_TABLE the table and its legend
 * alone, for the plan page's Scenarios section (PlanViews.scenarios_html). */
typedef enum CmpFormat { CMP_TEXT, CMP_JSON, CMP_HTML, CMP_HTML_TABLE } CmpFormat;

/* The comparison of plans[0..n) (plans[0] the base): measures, late
 * orders, cost, utilisation per machine, work in progress and purchases,
 * each with its difference from the base, written to out. */
void plan_compare(const CmpPlan *plans, uint32_t n, CmpFormat f, StrBuf *out);

#endif
