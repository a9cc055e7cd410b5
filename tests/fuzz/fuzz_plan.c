/* fuzz_plan.c: libFuzzer harness — bytes as a model, checked and, when it
 * checks, planned, written and verified (fuzz_run.h). Inputs are kept small
 * (4 KiB) so that a run tries many. Any crash, hang, leak or sanitizer
 * report is a bug, and so is a plan takt verify rejects; each one found
 * becomes a test. */
#include <stdint.h>

#include "fuzz_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    Model *m = model_new(NULL);
    if (model_check_buffer(m, "fuzz.takt", (const char *)data, size)) fuzz_plan_model(m);
    model_free(m);
    return 0;
}
