/* dispatch_list.h: shop-floor dispatch lists (docs/dispatch.md): for each
 * machine unit, the operations it runs in a shift, a day or a week, in
 * order, with what to set up and what material to stage; and for each
 * subcontractor, what to send out and what comes back. Made from a plan
 * being written (takt plan --dispatch-list) or from a plan file (takt
 * dispatch), as text, CSV or a printable HTML page. */
#ifndef TAKT_DISPATCH_LIST_H
#define TAKT_DISPATCH_LIST_H

#include "plan_read.h"
#include "runtime.h"

typedef enum DispatchFormat { DL_TEXT, DL_CSV, DL_HTML } DispatchFormat;
typedef enum DispatchWindow { DL_SHIFT, DL_DAY, DL_WEEK, DL_RANGE } DispatchWindow;

typedef struct DispatchOptions {
    DispatchFormat format;
    DispatchWindow window;       /* the shift, day or week that holds `from`, or from..until */
    int64_t from;                /* -1: the plan's now (the actuals' now, else the plan's start) */
    int64_t until;               /* DL_RANGE: the end of the window */
    const char *const *machines; /* the machines (and subcontractors) listed; NULL: every one with work */
    uint32_t nmachines;
    int32_t unit;                /* from 1; 0: every unit */
} DispatchOptions;

void dispatch_options_default(DispatchOptions *o);
/* The format a file's name asks for: .csv, .html or .htm, else text. */
DispatchFormat dispatch_format_of(const char *path);

/* From a plan made by takt plan. */
void dispatch_list_plan(const Plan *p, const DispatchOptions *o, StrBuf *out);
/* From a plan file read back, against its model. Returns NULL, or a
 * message (tk_free it) when the plan cannot give a list: a schedule CSV
 * (no quantities), a machine the model does not have. */
char *dispatch_list_file(const IrModel *ir, const PlanFile *pf, const DispatchOptions *o, StrBuf *out);

#endif
