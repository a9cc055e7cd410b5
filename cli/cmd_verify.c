/* cmd_verify.c: `takt verify MODEL PLAN` — a plan file or a schedule CSV
 * checked against its model (docs/verify.md). Diagnostics point at the
 * plan's lines, in the formats of `takt check`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/ir.h"
#include "runtime/verify.h"

static const char verify_help[] =
    "usage: takt verify [options] MODEL.takt PLAN\n"
    "\n"
    "Checks a plan against its model: every operation of every work order\n"
    "planned once, with its setup and run, on a machine its step may use and\n"
    "a unit that exists; one operation at a time on a unit; inside the\n"
    "machine's working time and the horizon; after its routing predecessors,\n"
    "its components, its materials and its release; every customer order\n"
    "covered. PLAN is a plan file (takt plan -o) or a schedule CSV with the\n"
    "header order,operation,machine,unit,start,end (takt plan --schedule, or\n"
    "made by another tool). Late orders are warnings.\n"
    "\n"
    "options:\n"
    "  --format=text|json|github   how to print diagnostics (default text)\n"
    "  --werror                    treat warnings (late orders) as errors\n"
    "  --color=auto|always|never   colour in text output\n"
    "  -q, --quiet                 no summary line\n"
    "  --allow-read DIR            read files in DIR too (docs/security.md)\n"
    "\n"
    "Exit codes: 0 the plan is valid, 1 violations (or errors in the model),\n"
    "2 usage or I/O errors.\n";

int cmd_verify(int argc, char **argv)
{
    CliDiagOpts dopt;
    cli_diag_defaults(&dopt);
    const char *files[2];
    int nfiles = 0;
    bool no_more_opts = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!no_more_opts && a[0] == '-' && a[1]) {
            if (strcmp(a, "--") == 0) {
                no_more_opts = true;
                continue;
            }
            if (cli_is_help(a)) {
                fputs(verify_help, stdout);
                return EXIT_CLEAN;
            }
            int r = cli_diag_option(&dopt, a);
            if (r < 0) return EXIT_USAGE;
            if (r > 0) continue;
            return cli_usage_error("verify", "unknown option '%s'", a);
        }
        if (nfiles == 2) return cli_usage_error("verify", "expected a model and a plan, and nothing more");
        files[nfiles++] = a;
    }
    if (nfiles != 2) return cli_usage_error("verify", "expected a model and a plan: takt verify MODEL.takt PLAN");

    size_t len = 0;
    char *text = cli_read_file("verify", files[1], "a plan or a schedule CSV", &len);
    if (!text) return EXIT_USAGE;
    Model *m = model_new(cli_exe);
    model_check_paths(m, files, 1);
    int code;
    if (diag_has_errors(&m->diags)) {
        code = cli_report(m, &dopt);
        model_free(m);
        tk_big_free(text);
        return code;
    }
    IrModel *ir = ir_lower(m);
    FileId fid = sources_add_owned(&m->sources, files[1], files[1], text, len); /* the sources keep it */
    PlanFile pf;
    VerifyStats st;
    memset(&st, 0, sizeof st);
    if (plan_read(&pf, fid, text, len, &m->diags)) plan_verify(ir, &pf, &m->diags, &st);
    plan_file_free(&pf);
    uint32_t nerr = m->diags.nerrors;
    bool quiet = dopt.quiet;
    dopt.quiet = true; /* the summary below says it */
    diags_sort(&m->diags); /* by file, then line: the model's, then the plan's */
    code = cli_report(m, &dopt);
    if (!quiet && dopt.format == DIAG_FORMAT_TEXT) {
        if (nerr)
            fprintf(stderr, "takt verify: %s: %u violation%s\n", esc_show(files[1]), nerr, nerr == 1 ? "" : "s");
        else {
            fprintf(stderr, "takt verify: %s: valid — %u operation%s of %u work order%s, %u order%s", esc_show(files[1]),
                    st.ops, st.ops == 1 ? "" : "s", st.work_orders, st.work_orders == 1 ? "" : "s", st.orders,
                    st.orders == 1 ? "" : "s");
            if (st.unchecked_durations)
                fprintf(stderr, " (%u durations not checked: a schedule has no quantities)", st.unchecked_durations);
            if (m->diags.nwarnings)
                fprintf(stderr, "; %u warning%s", m->diags.nwarnings, m->diags.nwarnings == 1 ? "" : "s");
            fputc('\n', stderr);
        }
    }
    ir_free(ir);
    model_free(m); /* and text, which its sources keep */
    return code;
}
