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
    "model whose plans minimise the makespan (or, with due dates, the\n"
    "tardiness); or reads what the shop floor reports and writes it as an\n"
    "actuals block.\n"
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
    "          (work_order,operation,machine,start[,unit,end,good,scrap,setup,used]),\n"
    "          receipts (material,qty,received[,unit,reference]) or issues\n"
    "          (material,qty,issued[,unit,reference]); see docs/actuals.md\n"
    "\n"
    "options:\n"
    "  --due-factor F          jssp: job i is due floor(F x its total processing\n"
    "                          time) minutes after the start (F above 0, at most\n"
    "                          100, up to 6 decimals: 1.3), and the objective is\n"
    "                          the total tardiness\n"
    "  --weights singer-pinedo jssp, with --due-factor: the first 20% of the jobs\n"
    "                          weigh 4, the next 60% 2, the last 20% 1 (Singer\n"
    "                          and Pinedo), and the objective is the total\n"
    "                          weighted tardiness\n"
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
    const char *out = NULL, *now = NULL, *factor = NULL, *weights = NULL;
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
            } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--now") == 0 ||
                       strcmp(a, "--due-factor") == 0 || strcmp(a, "--weights") == 0) {
                if (i + 1 == argc) {
                    free(args);
                    return cli_usage_error("import", "option '%s' needs %s", a,
                                           strcmp(a, "--now") == 0          ? "a date and time"
                                           : strcmp(a, "--due-factor") == 0 ? "a number (1.3)"
                                           : strcmp(a, "--weights") == 0    ? "a rule (singer-pinedo)"
                                                                            : "a file name");
                }
                if (strcmp(a, "--now") == 0) now = argv[++i];
                else if (strcmp(a, "--due-factor") == 0) factor = argv[++i];
                else if (strcmp(a, "--weights") == 0) weights = argv[++i];
                else out = argv[++i];
            } else if (strncmp(a, "--output=", 9) == 0) {
                out = a + 9;
            } else if (strncmp(a, "--now=", 6) == 0) {
                now = a + 6;
            } else if (strncmp(a, "--due-factor=", 13) == 0) {
                factor = a + 13;
            } else if (strncmp(a, "--weights=", 10) == 0) {
                weights = a + 10;
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
    BenchDue due = {0, 0, false};
    bool rule = factor || weights;
    if (factor && !bench_due_factor_parse(factor, &due))
        code = cli_usage_error("import", "--due-factor takes a number above 0 and at most %d, with at most %d decimals "
                                         "(1.3), not '%s'",
                               BENCH_MAX_DUE_FACTOR, BENCH_MAX_DUE_DECIMALS, esc_show(factor));
    else if (weights && strcmp(weights, "singer-pinedo") != 0)
        code = cli_usage_error("import", "unknown weight rule '%s' (singer-pinedo)", esc_show(weights));
    else if (weights && !factor)
        code = cli_usage_error("import", "--weights needs --due-factor: the weights count only against due dates");
    else if (rule && nargs > 0 && strcmp(args[0], "jssp") != 0)
        code = cli_usage_error("import", "--due-factor and --weights are for job shops (jssp)");
    due.singer_pinedo = weights != NULL;
    if (code != EXIT_CLEAN) {
    } else if (nargs == 0) code = cli_usage_error("import", "no format given (jssp, fjsp or actuals)");
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
                char *derr = bench_due_check(&bi, &due);
                if (derr) {
                    fprintf(stderr, "takt import: %s\n", esc_show(derr));
                    tk_free(derr);
                    code = EXIT_MODEL;
                } else bench_write_model_due(&bi, &due, &model);
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
