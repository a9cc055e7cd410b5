/* cmd_diff.c: `takt diff OLD NEW` — the change log between two plans of one
 * model (docs/diff.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "made.h"
#include "runtime/plan_diff.h"

static const char diff_help[] =
    "usage: takt diff [options] OLD.plan NEW.plan\n"
    "\n"
    "Shows what changed between two plans of one model, as a change log for\n"
    "a pull request (Markdown): the plan's measures, orders that finish\n"
    "earlier or later (the largest moves first, and whether they became late\n"
    "or on time), new and dropped work orders, operations moved in time or to\n"
    "another machine or unit, and purchases. See docs/diff.md.\n"
    "\n"
    "options:\n"
    "  --format=text|json   Markdown text (default) or JSON (every operation;\n"
    "                       a plan that cannot be read: its errors as JSON)\n"
    "  --summary            review-sized: the input changes, the measures, the\n"
    "                       orders that became late, and the rest counted\n"
    "                       (JSON: orders whose input or lateness changed, and\n"
    "                       the counts)\n"
    "  -v, --verbose        list everything; by default more than 50 moved\n"
    "                       operations are summed up per work order, and a\n"
    "                       section lists at most 50 orders, work orders or\n"
    "                       purchases (newly late orders first)\n"
    "  --allow-read DIR     read files in DIR too (docs/security.md)\n"
    "\n"
    "Exit codes: 0 the plans are the same, 1 they differ, 2 usage or I/O\n"
    "errors, or a plan that cannot be read.\n";

int cmd_diff(int argc, char **argv)
{
    DiffOptions o = {false, false, 50, NULL, NULL, false};
    const char *files[2];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1]) {
            if (cli_is_help(a)) {
                fputs(diff_help, stdout);
                return EXIT_CLEAN;
            }
            if (strcmp(a, "--format=json") == 0) o.json = true;
            else if (strcmp(a, "--format=text") == 0) o.json = false;
            else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) o.verbose = true;
            else if (strcmp(a, "--summary") == 0) o.summary = true;
            else return cli_usage_error("diff", "unknown option '%s'", a);
            continue;
        }
        if (nfiles == 2) return cli_usage_error("diff", "expected two plans, and nothing more");
        files[nfiles++] = a;
    }
    if (nfiles != 2) return cli_usage_error("diff", "expected two plans: takt diff OLD.plan NEW.plan");
    o.old_name = files[0];
    o.new_name = files[1];
    Sources src;
    sources_init(&src);
    Diags d;
    diags_init(&d);
    char *text[2] = {NULL, NULL};
    PlanFile pf[2];
    memset(pf, 0, sizeof pf);
    int code = EXIT_CLEAN;
    for (int k = 0; k < 2 && code == EXIT_CLEAN; k++) {
        size_t len;
        text[k] = cli_read_file("diff", files[k], "a plan", &len);
        if (!text[k]) {
            code = EXIT_USAGE;
            break;
        }
        FileId id = sources_add(&src, files[k], files[k], text[k], len);
        if (!plan_read(&pf[k], id, text[k], len, &d) || d.nerrors) code = EXIT_USAGE;
    }
    if (code != EXIT_CLEAN) {
        /* with --format=json, the plan's errors as the diagnostics' JSON
         * (docs/diagnostics.md) on standard output: one document either way */
        DiagRenderOpts ro = {o.json ? DIAG_FORMAT_JSON : DIAG_FORMAT_TEXT, false, false, cli_version()};
        if (o.json && d.len) {
            if (cli_stdout_guard()) {
                diags_render(&d, &src, &ro, stdout);
                (void)cli_stdout_failed();
            }
        } else diags_render(&d, &src, &ro, stderr);
    } else {
        StrBuf out = {0};
        uint32_t n = plan_diff(&pf[0], &pf[1], &o, &out);
        code = n ? 1 : 0;
        if (!cli_write_stdout(out.data, out.len)) code = EXIT_USAGE;
        sb_free(&out);
    }
    for (int k = 0; k < 2; k++) {
        plan_file_free(&pf[k]);
        tk_big_free(text[k]);
    }
    diags_free(&d);
    sources_free(&src);
    return code;
}
