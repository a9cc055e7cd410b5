/* fuzz_run.h: what the planning harnesses do with a model that checks: plan
 * it as `takt plan` does (materials, dispatching, a short deterministic
 * search), write every output, and read the plan and the schedule back
 * through takt verify, which must find them valid. Models that would take
 * long are skipped: many work orders, or a long search. */
#ifndef TAKT_FUZZ_RUN_H
#define TAKT_FUZZ_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/model.h"
#include "runtime/plan_read.h"
#include "runtime/runtime.h"
#include "runtime/search.h"
#include "runtime/verify.h"
#include "runtime/views.h"

/* takt verify on text the planner wrote: any violation is a bug of one of
 * them (the planner's own plans verify, docs/verify.md). */
static void fuzz_verify_own(Model *m, const IrModel *ir, const StrBuf *b, const char *name)
{
    char *text = tk_big_xalloc(b->len + 1);
    memcpy(text, b->data, b->len);
    text[b->len] = 0;
    FileId fid = sources_add_owned(&m->sources, name, name, text, b->len);
    Diags d;
    diags_init(&d);
    PlanFile pf;
    VerifyStats st;
    memset(&st, 0, sizeof st);
    bool ok = plan_read(&pf, fid, text, b->len, &d);
    if (ok) plan_verify(ir, &pf, &d, &st);
    plan_file_free(&pf);
    if (!ok || d.nerrors) {
        DiagRenderOpts o = {DIAG_FORMAT_TEXT, true, false};
        diags_sort(&d);
        diags_render(&d, &m->sources, &o, stderr);
        fprintf(stderr, "takt verify rejects the planner's own %s:\n%s\n", name, sb_cstr((StrBuf *)b));
        abort();
    }
    diags_free(&d);
}

static void fuzz_plan_model(Model *m)
{
    if (diag_has_errors(&m->diags)) return;
    IrModel *ir = ir_lower(m);
    if (!ir_verify(ir)) abort(); /* the IR contract holds for every model that checks */
    Plan *p = plan_new(ir);
    mrp_explode(p);
    if (!p->problems.len) plan_pins(p); /* as takt plan does: a pin it cannot honour is a problem */
    if (!p->problems.len && p->wos.len <= 200 && p->ops.len <= 2000) {
        Engine *eng = engine_interp_new(ir);
        if (sched_run(p, eng) && !p->problems.len) {
            plan_measure(p, eng);
            SearchOptions so = {0, 20, 1, 1, false};
            SearchStats ss;
            if (plan_check_money(p)) {
                search_run(p, &so, &ss);
                plan_measure(p, eng);
            }
            if (plan_check_money(p)) {
                StrBuf b = {0};
                plan_write(p, &b);
                fuzz_verify_own(m, ir, &b, "fuzz.plan");
                b.len = 0;
                plan_write_csv(p, &b);
                fuzz_verify_own(m, ir, &b, "fuzz.csv");
                b.len = 0;
                PlanViews views;
                memset(&views, 0, sizeof views);
                views_compute(&views, p, &m->sources);
                report_text(&views, &b);
                b.len = 0;
                report_json(&views, &b);
                views_free(&views);
                b.len = 0;
                gantt_write_svg(p, &b);
                sb_free(&b);
            }
        }
        eng->free(eng);
    }
    plan_free(p);
    ir_free(ir);
}

#endif
