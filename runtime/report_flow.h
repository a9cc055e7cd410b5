/* report_flow.h: the report's parts about how work flows through the plant
 * (report_flow.c): the levels of a lexicographic objective, planned scrap. report.c calls
 * these; they write their own lines, text and JSON. Private to runtime/. */
#ifndef TAKT_REPORT_FLOW_H
#define TAKT_REPORT_FLOW_H

#include "runtime.h"

/* The summary's objective line: its value, or each level's value and
 * expression ("12 (weighted_tardiness), then 4660 (makespan)"). */
void report_objective_text(const Plan *p, StrBuf *o);
/* The summary's "objective" member, and "objective_levels" when the
 * objective has more than one: [{"level", "expression", "value"}...]. */
void report_objective_json(const Plan *p, StrBuf *o);

/* Planned scrap, where the model has scrap rates: per product and step the
 * work orders, pieces started, good and scrapped; per BOM line with scrap
 * what is issued, used and lost. Nothing without scrap. The JSON member is
 * ",\n  \"planned_scrap\": [...]" (its leading comma included). */
void report_scrap_text(const Plan *p, StrBuf *o);
void report_scrap_json(const Plan *p, StrBuf *o);

/* Flow under the release policy (docs/planning.md, "Release"): work in
 * process (work-order hours from first start to end, summed) and the mean
 * wait between a step and the next. JSON: ",\n  \"flow\": {...}". */
void report_flow_text(const Plan *p, StrBuf *o);
void report_flow_json(const Plan *p, StrBuf *o);

#endif
