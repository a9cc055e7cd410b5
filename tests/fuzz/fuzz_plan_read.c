/* fuzz_plan_read.c: libFuzzer harness — bytes as a plan file or a schedule
 * CSV (plan_read tells them apart by their first line), read back and
 * verified against the bicycle works, then the diagnostics rendered as text
 * and JSON. Any crash, hang, leak or sanitizer report is a bug; each one
 * found becomes a test. The model is checked once; each input is added to
 * its sources and taken off again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/model.h"
#include "runtime/plan_read.h"
#include "runtime/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Model *model;
static IrModel *ir;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        const char *root = TAKT_FUZZ_MODEL;
        model = model_new(NULL);
        if (!model_check_paths(model, &root, 1)) abort(); /* the example checks */
        ir = ir_lower(model);
    }
    Sources *src = &model->sources;
    char *text = tk_big_xalloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    FileId fid = sources_add_owned(src, "fuzz.plan", "fuzz.plan", text, size);
    Diags d;
    diags_init(&d);
    PlanFile pf;
    VerifyStats st;
    memset(&st, 0, sizeof st);
    if (plan_read(&pf, fid, text, size, &d)) plan_verify(ir, &pf, &d, &st);
    plan_file_free(&pf);
    static FILE *sink;
    if (!sink) sink = fopen("/dev/null", "w");
    diags_sort(&d);
    DiagRenderOpts o = {DIAG_FORMAT_TEXT, true, false};
    diags_render(&d, src, &o, sink);
    o.format = DIAG_FORMAT_JSON;
    diags_render(&d, src, &o, sink);
    diags_free(&d);
    /* take the input off the sources: the last one added */
    SourceFile *f = &src->files[fid];
    tk_free(f->path);
    tk_free(f->display);
    tk_big_free(f->text);
    tk_free(f->line_starts);
    src->count--;
    return 0;
}
