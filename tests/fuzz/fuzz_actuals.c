/* fuzz_actuals.c: libFuzzer harness — bytes as a shop-floor CSV export
 * (`takt import actuals`), turned into an actuals block; the block, in place
 * of the one of the re-planned bicycle works, is checked and, when it
 * checks, re-planned and verified (fuzz_run.h). */
#include <stdint.h>
#include <unistd.h>

#include "fuzz_run.h"
#include "runtime/import_actuals.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *root_text; /* the example's main.takt without its actuals */

static void load_root(void)
{
    FILE *f = fopen(TAKT_FUZZ_REPLAN "/main.takt", "rb");
    if (!f) abort();
    StrBuf b = {0};
    char line[4096];
    while (fgets(line, sizeof line, f))
        if (!strstr(line, "import \"actuals.takt\"")) sb_puts(&b, line);
    fclose(f);
    root_text = tk_strdup(sb_cstr(&b));
    sb_free(&b);
    if (chdir(TAKT_FUZZ_REPLAN) != 0) abort(); /* its imports are relative */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root_text) load_root();
    StrBuf out = {0};
    char *err = actuals_from_csv("fuzz.csv", (const char *)data, size, &out);
    if (!err) {
        StrBuf model = {0};
        sb_puts(&model, root_text);
        sb_puts(&model, "\nactuals {\n");
        sb_putn(&model, out.data ? out.data : "", out.len);
        sb_puts(&model, "}\n");
        Model *m = model_new(NULL);
        if (model_check_buffer(m, "fuzz.takt", model.data, model.len)) fuzz_plan_model(m);
        model_free(m);
        sb_free(&model);
    }
    tk_free(err);
    sb_free(&out);
    return 0;
}
