/* fuzz_history.c: libFuzzer harness — bytes to the history reader, then
 * the automatic forecast of the first series (as takt forecast makes it,
 * a short horizon). Any crash, hang, leak or sanitizer report is a bug;
 * each one found becomes a test. */
#include <stdint.h>
#include <stdio.h>

#include "forecast/forecast.h"
#include "forecast/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    History h;
    uint32_t line;
    char *err = history_read((const char *)data, size, HIST_AUTO, &h, &line);
    if (err) {
        tk_free(err);
        return 0;
    }
    for (uint32_t i = 0; i < h.nseries && i < 3; i++) {
        if (h.series[i].n > 2000) continue; /* bounded time per input */
        FcAutoOptions o = {h.bucket == HIST_WEEK ? 52 : 12, 6, FC__COUNT, 3, 0.95};
        FcAutoResult r;
        fc_auto(h.series[i].v, h.series[i].n, &o, &r);
        fc_auto_free(&r);
    }
    history_free(&h);
    return 0;
}
