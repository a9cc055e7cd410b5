/* cmd_import.c: `takt import` — read a scheduling benchmark instance (or a
 * shop-floor export) and write it as Takt, to standard output or whole to a
 * file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compiler/esc.h"
#include "runtime/import_actuals.h"
#include "runtime/import_bench.h"
#include "runtime/runtime.h"

static const char import_help[] =
    "usage: takt import jssp|fjsp [options] FILE\n"
    "       takt import actuals [--now TIME] [options] FILE.csv...\n"
    "\n"
    "Reads a classic scheduling benchmark instance and writes it as a Takt\n"
    "model whose plans minimise the makespan; or reads what the shop floor\n"
    "reports and writes it as an actuals block.\n"
    "\n"
    "formats:\n"
    "  jssp    job shop: a line 'JOBS MACHINES', then one line per job of\n"
    "          MACHINES pairs 'machine time' (machines counted from 0)\n"
    "  fjsp    flexible job shop (Brandimarte .fjs): a line 'JOBS MACHINES\n"
    "          FLEXIBILITY', then one line per job 'n  k m t ... m t  k m t ...':\n"
    "          n operations, each with k pairs 'machine time' (machines\n"
    "          counted from 1)\n"
    "\n"
    "  actuals shop-floor exports (CSV) as an actuals block: operations\n"
    "          (work_order,operation,machine,start[,unit,end,good,scrap,setup,used,\n"
    "          resources]), receipts (material,qty,received[,unit,reference]) or issues\n"
    "          (material,qty,issued[,unit,reference]); see docs/actuals.md\n"
    "\n"
    "options:\n"
    "  --now TIME              actuals: the time they are reported at\n"
    "                          (2026-12-09 14:00); default: the latest reported\n"
    "  -o, --output=OUT.takt   write the model to OUT.takt instead of standard\n"
    "                          output; the file is replaced only once the model\n"
    "                          is complete\n"
    "  --allow-read DIR        read files in DIR too (docs/security.md)\n"
    "\n"
    "One time unit is one minute from 2000-01-01 00:00; machine i (from 0) is\n"
    "m<i>, job i is order j<i> of product p<i>, its operations are the steps\n"
    "o0, o1, ... The mapping is described in docs/import.md.\n"
    "\n"
    "Exit codes: 0 written, 1 the instance is malformed, 2 usage or I/O errors.\n";

/* takt import actuals: one block from every file given. */
static int import_actuals(const char **files, int n, const char *now, StrBuf *block)
{
    if (n == 0) return cli_usage_error("import", "no CSV file given");
    sb_puts(block, "// Actuals imported by takt import actuals from");
    for (int i = 0; i < n; i++) {
        sb_putc(block, ' ');
        esc_text(block, files[i]); /* a comment of the model: on its line */
    }
    sb_puts(block, " (docs/actuals.md).\nactuals {\n");
    if (now) {
        int y, mo, d, h, mi;
        char sep, tail;
        if (strlen(now) != 16 || sscanf(now, "%4d-%2d-%2d%c%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &tail) != 6 ||
            (sep != ' ' && sep != 'T') || !date_valid(y, mo, d) || h > 23 || mi > 59)
            return cli_usage_error("import", "--now takes a date and time: 2026-12-09 14:00");
        sb_printf(block, "  now %04d-%02d-%02d %02d:%02d\n", y, mo, d, h, mi);
    }
    for (int i = 0; i < n; i++) {
        size_t len;
        char *text = cli_read_file("import", files[i], "a CSV file", &len);
        if (!text) return EXIT_USAGE;
        char *err = actuals_from_csv(files[i], text, len, block);
        tk_big_free(text);
        if (err) {
            fprintf(stderr, "%s\n", esc_show(err));
            tk_free(err);
            return EXIT_MODEL;
        }
    }
    sb_puts(block, "}\n");
    return EXIT_CLEAN;
}

int cmd_import(int argc, char **argv)
{
    const char **args = calloc((size_t)argc + 1, sizeof(char *));
    const char *out = NULL, *now = NULL;
    int nargs = 0;
    bool no_more_opts = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!no_more_opts && a[0] == '-' && a[1]) {
            if (strcmp(a, "--") == 0) {
                no_more_opts = true;
            } else if (cli_is_help(a)) {
                fputs(import_help, stdout);
                free(args);
                return EXIT_CLEAN;
            } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--now") == 0) {
                if (i + 1 == argc) {
                    free(args);
                    return cli_usage_error("import", "option '%s' needs %s", a,
                                           strcmp(a, "--now") == 0 ? "a date and time" : "a file name");
                }
                if (strcmp(a, "--now") == 0) now = argv[++i];
                else out = argv[++i];
            } else if (strncmp(a, "--output=", 9) == 0) {
                out = a + 9;
            } else if (strncmp(a, "--now=", 6) == 0) {
                now = a + 6;
            } else {
                free(args);
                return cli_usage_error("import", "unknown option '%s'", a);
            }
            continue;
        }
        args[nargs++] = a;
    }
    int code = EXIT_CLEAN;
    StrBuf model = {0};
    if (nargs == 0) code = cli_usage_error("import", "no format given (jssp, fjsp or actuals)");
    else if (out && !*out) code = cli_usage_error("import", "the output file name is empty");
    else if (strcmp(args[0], "actuals") == 0) code = import_actuals(args + 1, nargs - 1, now, &model);
    else {
        BenchKind kind;
        if (!bench_kind_parse(args[0], &kind))
            code = cli_usage_error("import", "unknown format '%s' (jssp, fjsp or actuals)", args[0]);
        else if (nargs == 1) code = cli_usage_error("import", "no instance file given");
        else if (nargs > 2) code = cli_usage_error("import", "unexpected argument '%s': give one instance file", args[2]);
        else if (now) code = cli_usage_error("import", "--now is for actuals");
        else {
            BenchInstance bi;
            char *err;
            BenchStatus st = bench_load(&bi, kind, args[1], &err);
            if (st != BENCH_OK) {
                if (st == BENCH_IO_ERROR) fprintf(stderr, "takt import: %s\n", esc_show(err));
                else fprintf(stderr, "%s\n", esc_show(err));
                tk_free(err);
                code = st == BENCH_IO_ERROR ? EXIT_USAGE : EXIT_MODEL;
            } else {
                bench_write_model(&bi, &model);
                bench_free(&bi);
            }
        }
    }
    free(args);
    static const char *const what[] = {"model"};
    if (code == EXIT_CLEAN && out) {
        if (!cli_check_outputs("import", &out, what, 1)) code = EXIT_USAGE;
        else if (!write_file_atomic(out, model.data, model.len)) {
            fprintf(stderr, "takt import: cannot write '%s': %s\n", esc_show(out), strerror(errno));
            code = EXIT_USAGE;
        }
    } else if (code == EXIT_CLEAN && !cli_write_stdout(model.data, model.len)) {
        code = EXIT_USAGE;
    }
    sb_free(&model);
    return code;
}
