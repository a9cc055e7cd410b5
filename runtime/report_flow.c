/* report_flow.c: the report's parts about how work flows through the plant
 * (report_flow.h). Kept apart from report.c, which lays the report out and
 * calls these. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/esc.h"
#include "report_flow.h"

void report_objective_text(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    char b[64];
    sb_puts(o, "  objective     ");
    if (m->nlevels <= 1) {
        fmt_double(b, sizeof b, round(m->objective * 1000) / 1000);
        sb_printf(o, "%s\n\n", b);
        return;
    }
    for (uint32_t k = 0; k < m->nlevels; k++) {
        fmt_double(b, sizeof b, round(m->levels[k] * 1000) / 1000);
        sb_printf(o, "%s%s (", k ? ", then " : "", b);
        esc_text(o, ir->funcs[ir->objective_fns[k]].text);
        sb_putc(o, ')');
    }
    sb_puts(o, "\n\n");
}

void report_objective_json(const Plan *p, StrBuf *o)
{
    const IrModel *ir = p->ir;
    const Measures *m = &p->m;
    char b[64];
    fmt_double(b, sizeof b, round(m->objective * 1e6) / 1e6);
    sb_printf(o, "\"objective\": %s", b);
    if (m->nlevels <= 1) return;
    sb_puts(o, ", \"objective_levels\": [");
    for (uint32_t k = 0; k < m->nlevels; k++) {
        fmt_double(b, sizeof b, round(m->levels[k] * 1e6) / 1e6);
        sb_printf(o, "%s{\"level\": %u, \"expression\": ", k ? ", " : "", k + 1);
        esc_json(o, ir->funcs[ir->objective_fns[k]].text);
        sb_printf(o, ", \"value\": %s}", b);
    }
    sb_putc(o, ']');
}
