/* cmd_check.c: `takt check` — load, check, report. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/scenario.h"
#include "compiler/sema.h"

static const char check_help[] =
    "usage: takt check [options] MODEL.takt...\n"
    "\n"
    "Checks a model — every file it imports, its names, types and units, and\n"
    "its structure — and reports every mistake it finds. Each of its\n"
    "scenarios is checked too, applied alone (docs/scenarios.md).\n"
    "\n"
    "options:\n"
    "  --format=text|json|github|sarif  how to print diagnostics (default text);\n"
    "                              json, github and sarif go to standard output\n"
    "  --werror                    treat warnings as errors\n"
    "  --color=auto|always|never   colour in text output (auto: on a terminal,\n"
    "                              unless NO_COLOR is set)\n"
    "  --emit=ast                  print the syntax tree of each file\n"
    "  --scenario NAME             check the model with scenario NAME applied\n"
    "  -q, --quiet                 no summary line\n"
    "  --allow-read DIR            let the model read files in DIR too (for a\n"
    "                              trusted user; also TAKT_ALLOW_READ=DIR:DIR)\n"
    "\n"
    "Exit codes: 0 clean (warnings allowed), 1 errors in the model,\n"
    "2 usage or I/O errors. Modules (import std.rules) are found on TAKT_PATH,\n"
    "beside the takt binary, or in the copy built into it. A model reads only\n"
    "files inside its project: the git work tree that holds it, or its folder\n"
    "outside one (docs/security.md).\n";

int cmd_check(int argc, char **argv)
{
    CliDiagOpts dopt;
    cli_diag_defaults(&dopt);
    bool emit_ast = false;
    const char *scenario = NULL;
    const char **files = calloc((size_t)argc, sizeof(char *));
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
                fputs(check_help, stdout);
                free(files);
                return EXIT_CLEAN;
            }
            int r = cli_diag_option(&dopt, a);
            if (r < 0) {
                free(files);
                return EXIT_USAGE;
            }
            if (r > 0) continue;
            const char *v;
            if ((v = cli_opt_value(argc, argv, &i, "--scenario"))) {
                scenario = v;
                continue;
            }
            if (strcmp(a, "--emit=ast") == 0) {
                emit_ast = true;
                continue;
            }
            free(files);
            return cli_usage_error("check", "unknown option '%s'", a);
        }
        files[nfiles++] = a;
    }
    if (nfiles == 0) {
        free(files);
        return cli_usage_error("check", "no model file given");
    }
    Model *m = model_new(cli_exe);
    m->scenario = scenario;
    m->check_scenarios = true; /* each scenario applied alone, too */
    bool ok = model_check_paths(m, files, nfiles);
    (void)ok;
    if (emit_ast) {
        StrBuf b = {0};
        for (uint32_t i = 0; i < m->loader.files.len; i++) {
            const SourceFile *sf = sources_get(&m->sources, m->loader.files.data[i].id);
            sb_puts(&b, "# ");
            esc_text(&b, sf->display);
            sb_putc(&b, '\n');
            ast_print(m->loader.files.data[i].root, &m->strs, &b);
        }
        bool written = cli_write_stdout(b.data, b.len);
        sb_free(&b);
        if (!written) {
            model_free(m);
            free(files);
            return EXIT_USAGE;
        }
    }
    int code = cli_report(m, &dopt);
    if (code == EXIT_CLEAN && dopt.format == DIAG_FORMAT_TEXT && !dopt.quiet && m->sema) {
        Sema *s = m->sema;
        fprintf(stderr, "takt: %s: ok — %u file%s, %u machine%s, %u material%s, %u product%s, %u order%s\n",
                esc_show(files[0]), m->loader.files.len, m->loader.files.len == 1 ? "" : "s", s->machines.len,
                s->machines.len == 1 ? "" : "s", s->materials.len, s->materials.len == 1 ? "" : "s",
                s->products.len, s->products.len == 1 ? "" : "s", s->orders.len, s->orders.len == 1 ? "" : "s");
        const char **names;
        uint32_t nsc = scenario_list(m, &names);
        tk_free(names);
        if (scenario) fprintf(stderr, "takt: scenario %s applied\n", esc_show(scenario));
        else if (nsc) fprintf(stderr, "takt: %u scenario%s checked\n", nsc, nsc == 1 ? "" : "s");
    }
    model_free(m);
    free(files);
    return code;
}
