/* cmd_dispatch.c: `takt dispatch MODEL PLAN` — the shop floor's
 * dispatch lists of a plan file (docs/dispatch.md): per machine unit, what
 * it runs in a shift, a day or a week, with what to set up and what to
 * stage; text, CSV or a printable HTML page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/ir.h"
#include "runtime/dispatch_list.h"

static const char dispatch_help[] =
    "usage: takt dispatch [options] MODEL.takt PLAN\n"
    "\n"
    "Writes the dispatch lists of a plan file: for each machine unit, the\n"
    "operations it runs in the window, in order, with their times, work orders,\n"
    "pieces, the setup and what changes for it, and the material and\n"
    "components to stage for a work order's first steps; for each\n"
    "subcontractor, what is sent out and what comes back (docs/dispatch.md).\n"
    "\n"
    "options:\n"
    "  --machine NAME              this machine or subcontractor (again for more;\n"
    "                              default: every one with work in the window)\n"
    "  --unit N                    this unit of it only\n"
    "  --shift | --day | --week    the window: the shift, the day or the week\n"
    "                              (Monday to Sunday) that holds --from (default --day)\n"
    "  --from DATETIME             the moment (default: the plan's now, that is the\n"
    "                              actuals' now, else the plant's start)\n"
    "  --until DATETIME            the window is --from to --until\n"
    "  --format=text|csv|html      the form (default text, or by -o's name)\n"
    "  -o FILE                     write it to FILE (default standard output)\n"
    "  --pins FILE.csv             pins from a CSV file, as takt plan had them\n"
    "  --color=auto|always|never   colour in diagnostics\n"
    "  --allow-read DIR            read files in DIR too (docs/security.md)\n"
    "\n"
    "A date-time is 2026-12-08 06:00 or 2026-12-08T06:00; a date alone is its\n"
    "00:00. Exit codes: 0 written, 1 errors in the model, 2 usage or I/O.\n";

/* "2026-12-08 06:00", "2026-12-08T06:00" or "2026-12-08" */
static bool parse_when(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0;
    char sep, tail;
    size_t n = strlen(s);
    if (n == 10) {
        if (sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3) return false;
    } else if (n == 16) {
        if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &tail) != 6 || (sep != 'T' && sep != ' '))
            return false;
    } else return false;
    if (!date_valid(y, mo, d) || h < 0 || h > 24 || mi < 0 || mi > 59 || (h == 24 && mi)) return false;
    *out = (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
    return true;
}

int cmd_dispatch(int argc, char **argv)
{
    CliDiagOpts dopt;
    cli_diag_defaults(&dopt);
    DispatchOptions o;
    dispatch_options_default(&o);
    const char *files[2], *out = NULL;
    const char **machines = calloc((size_t)argc + 1, sizeof(char *));
    const char **pins = calloc((size_t)argc + 1, sizeof(char *));
    int nfiles = 0, npins = 0, nwindows = 0;
    bool format_given = false;
    int code = EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (nfiles == 2) {
                code = cli_usage_error("dispatch", "expected a model and a plan, and nothing more");
                goto done;
            }
            files[nfiles++] = a;
            continue;
        }
        if (cli_is_help(a)) {
            fputs(dispatch_help, stdout);
            code = EXIT_CLEAN;
            goto done;
        }
        if (strncmp(a, "--format=", 9) == 0) {
            const char *f = a + 9;
            if (strcmp(f, "text") == 0) o.format = DL_TEXT;
            else if (strcmp(f, "csv") == 0) o.format = DL_CSV;
            else if (strcmp(f, "html") == 0) o.format = DL_HTML;
            else {
                code = cli_usage_error("dispatch", "--format takes text, csv or html");
                goto done;
            }
            format_given = true;
            continue;
        }
        int r = cli_diag_option(&dopt, a);
        if (r < 0) goto done;
        if (r > 0) continue;
        if (strcmp(a, "--shift") == 0 || strcmp(a, "--day") == 0 || strcmp(a, "--week") == 0) {
            o.window = a[2] == 's' ? DL_SHIFT : a[2] == 'd' ? DL_DAY : DL_WEEK;
            nwindows++;
            continue;
        }
        const char *v = NULL;
        static const char *const valued[] = {"--machine", "--unit", "--from", "--until", "-o", "--pins"};
        int which = -1;
        for (int k = 0; k < 6 && which < 0; k++) {
            size_t n = strlen(valued[k]);
            if (strncmp(a, valued[k], n) == 0 && a[n] == '=' && k != 4) which = k, v = a + n + 1;
            else if (strcmp(a, valued[k]) == 0 && i + 1 < argc) which = k, v = argv[++i];
        }
        if (which < 0) {
            code = cli_usage_error("dispatch", "unknown option '%s'", a);
            goto done;
        }
        char *e;
        switch (which) {
        case 0: machines[o.nmachines++] = v; break;
        case 1: {
            long u = strtol(v, &e, 10);
            if (*e || u < 1 || u > 100000) {
                code = cli_usage_error("dispatch", "--unit takes a unit number from 1");
                goto done;
            }
            o.unit = (int32_t)u;
            break;
        }
        case 2:
        case 3:
            if (!parse_when(v, which == 2 ? &o.from : &o.until)) {
                code = cli_usage_error("dispatch", "--%s takes a date and time, like 2026-12-08 06:00",
                                       which == 2 ? "from" : "until");
                goto done;
            }
            break;
        case 4: out = v; break;
        case 5: pins[npins++] = v; break;
        }
    }
    if (nfiles != 2) {
        code = cli_usage_error("dispatch", "expected a model and a plan: takt dispatch MODEL.takt PLAN");
        goto done;
    }
    if (nwindows > 1 || (nwindows && o.until >= 0)) {
        code = cli_usage_error("dispatch", "give one window: --shift, --day, --week, or --from and --until");
        goto done;
    }
    if (o.until >= 0) {
        if (o.from < 0 || o.until <= o.from) {
            code = cli_usage_error("dispatch", "--until needs a --from before it");
            goto done;
        }
        o.window = DL_RANGE;
    }
    if (o.unit && o.nmachines != 1) {
        code = cli_usage_error("dispatch", "--unit needs one --machine");
        goto done;
    }
    if (out && !format_given) o.format = dispatch_format_of(out);
    o.machines = o.nmachines ? machines : NULL;
    {
        const char *outs[] = {out};
        static const char *const what[] = {"dispatch list"};
        if (!cli_check_outputs("dispatch", outs, what, 1)) goto done;
    }
    size_t len = 0;
    char *text = cli_read_file("dispatch", files[1], "a plan", &len);
    if (!text) goto done;
    Model *m = model_new(cli_exe);
    if (!cli_load_pins(m, "dispatch", pins, npins)) {
        tk_big_free(text);
        model_free(m);
        goto done;
    }
    model_check_paths(m, files, 1);
    if (diag_has_errors(&m->diags)) {
        code = cli_report(m, &dopt);
        tk_big_free(text);
        model_free(m);
        goto done;
    }
    IrModel *ir = ir_lower(m);
    FileId fid = sources_add_owned(&m->sources, files[1], files[1], text, len);
    PlanFile pf;
    StrBuf b = {0};
    code = EXIT_USAGE;
    if (plan_read(&pf, fid, text, len, &m->diags) && !m->diags.nerrors) {
        /* the machines asked for: the model's */
        for (uint32_t k = 0; k < o.nmachines; k++) {
            bool found = false;
            for (uint32_t q = 0; q < ir->nmachines && !found; q++) found = strcmp(ir->machines[q].name, machines[k]) == 0;
            if (!found) {
                fprintf(stderr, "takt dispatch: the model has no machine or subcontractor '%s'\n", esc_show(machines[k]));
                goto out;
            }
            if (o.unit) {
                for (uint32_t q = 0; q < ir->nmachines; q++)
                    if (strcmp(ir->machines[q].name, machines[k]) == 0 &&
                        (ir->machines[q].subcontract || (uint32_t)o.unit > ir->machines[q].units)) {
                        fprintf(stderr, "takt dispatch: '%s' has no unit %d\n", esc_show(machines[k]), o.unit);
                        goto out;
                    }
            }
        }
        char *err = dispatch_list_file(ir, &pf, &o, &b);
        if (err) {
            fprintf(stderr, "takt dispatch: %s: %s\n", esc_show(files[1]), esc_show(err));
            tk_free(err);
        } else if (out) {
            if (write_file_atomic(out, b.data ? b.data : "", b.len)) code = cli_report(m, &dopt);
            else fprintf(stderr, "takt dispatch: cannot write the dispatch list to '%s': %s\n", esc_show(out), strerror(errno));
        } else {
            code = cli_report(m, &dopt);
            if (!cli_write_stdout(b.data ? b.data : "", b.len)) code = EXIT_USAGE;
        }
    } else cli_report(m, &dopt);
out:
    plan_file_free(&pf);
    sb_free(&b);
    ir_free(ir);
    model_free(m);
done:
    free(machines);
    free(pins);
    return code;
}
