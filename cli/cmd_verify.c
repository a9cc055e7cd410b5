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
#include "runtime/plan_read.h"
#include "runtime/reference.h"
#include "runtime/verify.h"
#include "runtime/verify_terms.h"

static const char verify_help[] =
    "usage: takt verify [options] MODEL.takt PLAN\n"
    "\n"
    "Checks a plan against its model: every operation of every work order\n"
    "planned once, with its setup and run, on a machine its step may use and\n"
    "a unit that exists; one operation at a time on a unit; inside the\n"
    "machine's working time and the horizon; after its routing predecessors,\n"
    "its components, its materials and its release; every customer order\n"
    "covered; every work order the one the model's demand calls for, with\n"
    "its quantity by the quantity rule (docs/planning.md). A plan file's own\n"
    "records - plant, measures, orders, work orders, each operation's setup\n"
    "and run, purchases - must say what the model and the operations give.\n"
    "A plan of a scenario is checked against that scenario (docs/scenarios.md).\n"
    "PLAN is a plan file (takt plan -o) or a schedule CSV with the header\n"
    "order,operation,machine,unit,start,end (takt plan --schedule, or made\n"
    "by another tool). Late orders are warnings.\n"
    "\n"
    "options:\n"
    "  --reference PREV.plan       the plan the plan was made against: its change\n"
    "                              against it (moved, reassigned, shifted) must be\n"
    "                              as its measures state, and firm work orders and\n"
    "                              the frozen horizon must keep it\n"
    "  --pins FILE.csv             pins from a CSV file, with the model's own\n"
    "  --format=text|json|github|sarif  how to print diagnostics (default text)\n"
    "  --werror                    treat warnings (late orders) as errors\n"
    "  --color=auto|always|never   colour in text output\n"
    "  -q, --quiet                 no summary line\n"
    "  --scenario NAME             the model's scenario the plan is of (default:\n"
    "                              the one the plan file names; \"\" the base\n"
    "                              model; docs/scenarios.md)\n"
    "  --allow-read DIR            read files in DIR too (docs/security.md)\n"
    "\n"
    "Exit codes: 0 the plan is valid, 1 violations (or errors in the model),\n"
    "2 usage or I/O errors.\n";

int cmd_verify(int argc, char **argv)
{
    CliDiagOpts dopt;
    cli_diag_defaults(&dopt);
    const char *files[2];
    const char *reference = NULL;
    const char **pins = calloc((size_t)argc + 1, sizeof(char *));
    int nfiles = 0, npins = 0;
    bool no_more_opts = false;
    const char *scenario = NULL; /* given: "" is the base model */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!no_more_opts && a[0] == '-' && a[1]) {
            if (strcmp(a, "--") == 0) {
                no_more_opts = true;
                continue;
            }
            if (cli_is_help(a)) {
                fputs(verify_help, stdout);
                free(pins);
                return EXIT_CLEAN;
            }
            int r = cli_diag_option(&dopt, a);
            if (r < 0) {
                free(pins);
                return EXIT_USAGE;
            }
            if (r > 0) continue;
            const char *v;
            if ((v = cli_opt_value(argc, argv, &i, "--scenario"))) {
                scenario = v;
                continue;
            }
            if ((v = cli_opt_value(argc, argv, &i, "--reference"))) {
                reference = v;
                continue;
            }
            if ((v = cli_opt_value(argc, argv, &i, "--pins"))) {
                pins[npins++] = v;
                continue;
            }
            free(pins);
            return cli_usage_error("verify", "unknown option '%s'", a);
        }
        if (nfiles == 2) {
            free(pins);
            return cli_usage_error("verify", "expected a model and a plan, and nothing more");
        }
        files[nfiles++] = a;
    }
    if (nfiles != 2) {
        free(pins);
        return cli_usage_error("verify", "expected a model and a plan: takt verify MODEL.takt PLAN");
    }

    size_t len = 0;
    char *text = cli_read_file("verify", files[1], "a plan or a schedule CSV", &len);
    if (!text) {
        free(pins);
        return EXIT_USAGE;
    }
    size_t rlen = 0;
    char *rtext = reference ? cli_read_file("verify", reference, "a plan", &rlen) : NULL;
    Model *m = model_new(cli_exe);
    if ((reference && !rtext) || !cli_load_pins(m, "verify", pins, npins)) {
        model_free(m);
        tk_big_free(text);
        tk_big_free(rtext);
        free(pins);
        return EXIT_USAGE;
    }
    free(pins);
    char *named = scenario ? NULL : plan_peek_scenario(text, len); /* a plan of a scenario names it */
    m->scenario = scenario ? (*scenario ? scenario : NULL) : named;
    model_check_paths(m, files, 1);
    int code;
    if (diag_has_errors(&m->diags)) {
        code = cli_report(m, &dopt);
        model_free(m);
        tk_free(named);
        tk_big_free(text);
        tk_big_free(rtext);
        return code;
    }
    IrModel *ir = ir_lower(m);
    FileId fid = sources_add_owned(&m->sources, files[1], files[1], text, len); /* the sources keep it */
    PlanFile pf, rf;
    memset(&rf, 0, sizeof rf);
    bool have_ref = false;
    if (rtext) {
        FileId rid = sources_add_owned(&m->sources, reference, reference, rtext, rlen);
        have_ref = plan_read(&rf, rid, rtext, rlen, &m->diags);
    }
    VerifyStats st;
    memset(&st, 0, sizeof st);
    bool read = plan_read(&pf, fid, text, len, &m->diags);
    if (read && rtext && (!have_ref || !reference_usable(ir, &rf, &m->diags))) {
        /* the reference plan: a plan file of this plant */
        cli_report(m, &dopt);
        plan_file_free(&rf);
        plan_file_free(&pf);
        ir_free(ir);
        model_free(m);
        tk_free(named);
        return EXIT_USAGE;
    }
    if (read) plan_verify_ref(ir, &pf, have_ref ? &rf : NULL, &m->diags, &st);
    if (read && have_ref && !pf.csv) {
        /* the change against it, as the plan's measures state it */
        Engine *eng = engine_interp_new(ir);
        verify_change(ir, &pf, &rf, eng, &m->diags);
        eng->free(eng);
    }
    plan_file_free(&pf);
    plan_file_free(&rf);
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
            if (m->scenario) fprintf(stderr, " (scenario %s)", esc_show(m->scenario));
            if (m->diags.nwarnings)
                fprintf(stderr, "; %u warning%s", m->diags.nwarnings, m->diags.nwarnings == 1 ? "" : "s");
            fputc('\n', stderr);
        }
    }
    ir_free(ir);
    model_free(m); /* and text, which its sources keep */
    tk_free(named);
    return code;
}
