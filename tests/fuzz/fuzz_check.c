/* fuzz_check.c: libFuzzer harness — bytes to the whole front end: parse,
 * follow imports, check, render the diagnostics. Any crash, hang, leak or
 * sanitizer report is a bug; each one found becomes a golden test. */
#include <stdint.h>
#include <stdio.h>

#include "compiler/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Model *m = model_new(NULL);
    model_check_buffer(m, "fuzz.takt", (const char *)data, size);
    static FILE *sink;
    if (!sink) sink = fopen("/dev/null", "w");
    DiagRenderOpts o = {DIAG_FORMAT_TEXT, true, false};
    diags_render(&m->diags, &m->sources, &o, sink);
    o.format = DIAG_FORMAT_JSON;
    diags_render(&m->diags, &m->sources, &o, sink);
    model_free(m);
    return 0;
}
