/* cmd_compare.c: `takt compare MODEL PLAN|DIR...` — plans of scenarios of
 * one model side by side (docs/scenarios.md). Each plan is verified against
 * the scenario it names before it is compared: a comparison of plans that
 * do not hold would mislead. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/files.h"
#include "compiler/ir.h"
#include "runtime/compare.h"
#include "runtime/plan_read.h"
#include "runtime/verify.h"

static const char compare_help[] =
    "usage: takt compare [options] MODEL.takt PLAN|DIR...\n"
    "\n"
    "Compares plans of the model's scenarios side by side: the plan's\n"
    "measures, late orders, cost, utilisation per machine, work in progress\n"
    "and purchases, each with its difference from the base plan (the plan of\n"
    "the model without a scenario, else the first). A DIR stands for every\n"
    "*.plan in it (as takt sweep writes them). Each plan is verified against\n"
    "the scenario it names first; a plan that does not hold is not compared.\n"
    "See docs/scenarios.md.\n"
    "\n"
    "options:\n"
    "  --format=text|json|html   Markdown (default), JSON, or a page of its own\n"
    "  -o FILE                   write to FILE (whole or not at all), not standard output\n"
    "  --allow-read DIR          read files in DIR too (docs/security.md)\n"
    "\n"
    "Exit codes: 0 compared, 1 a plan that does not hold or a model with errors,\n"
    "2 usage or I/O errors.\n";


typedef struct One {
    char *path;
    char *scenario; /* the one the plan names */
    char *text;
    size_t len;
    Model *m;
    IrModel *ir;
    PlanFile pf;
    bool read;
} One;

/* By name without ".plan": a sweep's "demand=1.1" before "demand=1.1+saturday". */
static int by_name(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t nx = strlen(x) - 5, ny = strlen(y) - 5, n = nx < ny ? nx : ny;
    int c = memcmp(x, y, n);
    return c ? c : nx < ny ? -1 : nx > ny ? 1 : 0;
}

/* DIR's *.plan files, sorted by name, appended to paths. */
static bool list_dir(const char *cmd, const char *dir, char ***paths, uint32_t *n, uint32_t *cap)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "takt %s: cannot read the folder %s: %s\n", cmd, esc_show(dir), strerror(errno));
        return false;
    }
    uint32_t first = *n;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".plan") != 0 || e->d_name[0] == '.') continue;
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *paths = tk_xrealloc(*paths, *cap * sizeof(char *));
        }
        (*paths)[(*n)++] = tk_fmt("%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(*paths + first, *n - first, sizeof(char *), by_name);
    if (*n == first) {
        fprintf(stderr, "takt %s: the folder %s holds no .plan file\n", cmd, esc_show(dir));
        return false;
    }
    return true;
}

bool compare_add_path(const char *cmd, const char *a, char ***paths, uint32_t *n, uint32_t *cap)
{
    struct stat st;
    if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) return list_dir(cmd, a, paths, n, cap);
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *paths = tk_xrealloc(*paths, *cap * sizeof(char *));
    }
    (*paths)[(*n)++] = tk_strdup(a);
    return true;
}

int compare_plans(const char *cmd, const char **files, int nfiles, char **paths, uint32_t n, const CmpPlan *given,
                  CmpFormat fmt, StrBuf *out)
{
    int code = EXIT_CLEAN;
    One *p = tk_xalloc((n + 1) * sizeof(One));
    memset(p, 0, (n + 1) * sizeof(One));
    for (uint32_t k = 0; k < n && code == EXIT_CLEAN; k++) {
        One *o = &p[k];
        o->path = paths[k];
        o->text = cli_read_file(cmd, o->path, "a plan", &o->len);
        if (!o->text) {
            code = EXIT_USAGE;
            break;
        }
        o->scenario = plan_peek_scenario(o->text, o->len);
        o->m = model_new(cli_exe);
        o->m->scenario = o->scenario;
        model_check_paths(o->m, files, nfiles);
        if (diag_has_errors(&o->m->diags)) {
            CliDiagOpts dopt;
            cli_diag_defaults(&dopt);
            code = cli_report(o->m, &dopt);
            if (code == EXIT_CLEAN) code = 1;
            break;
        }
        o->ir = ir_lower(o->m);
        FileId fid = sources_add_owned(&o->m->sources, o->path, o->path, o->text, o->len);
        o->text = NULL; /* the sources keep it */
        const SourceFile *sf = sources_get(&o->m->sources, fid);
        VerifyStats vs;
        o->read = plan_read(&o->pf, fid, sf->text, sf->len, &o->m->diags);
        if (o->read) plan_verify(o->ir, &o->pf, &o->m->diags, &vs);
        if (!o->read || o->m->diags.nerrors) {
            diags_sort(&o->m->diags);
            CliDiagOpts dopt;
            cli_diag_defaults(&dopt);
            dopt.quiet = true;
            cli_report(o->m, &dopt);
            fprintf(stderr, "takt %s: %s does not hold; it is not compared\n", cmd, esc_show(o->path));
            code = 1;
        }
    }
    if (code == EXIT_CLEAN) {
        /* the base first: the one given, else the plan of the model itself,
         * else the first given */
        CmpPlan *cp = tk_xalloc((n + 1) * sizeof(CmpPlan));
        uint32_t j = 0;
        int32_t first = -1;
        if (given) cp[j++] = *given;
        else {
            first = 0;
            for (uint32_t k = 0; k < n; k++)
                if (!p[k].ir->scenario) {
                    first = (int32_t)k;
                    break;
                }
            cp[j++] = (CmpPlan){p[first].ir->scenario ? p[first].ir->scenario : "base", &p[first].pf, p[first].ir};
        }
        for (uint32_t k = 0; k < n; k++)
            if ((int32_t)k != first)
                cp[j++] = (CmpPlan){p[k].ir->scenario ? p[k].ir->scenario : "base", &p[k].pf, p[k].ir};
        plan_compare(cp, j, fmt, out);
        tk_free(cp);
    }
    for (uint32_t k = 0; k < n; k++) {
        plan_file_free(&p[k].pf);
        tk_free(p[k].scenario);
        if (p[k].ir) ir_free(p[k].ir);
        if (p[k].m) model_free(p[k].m);
        tk_big_free(p[k].text);
    }
    tk_free(p);
    return code;
}

int cmd_compare(int argc, char **argv)
{
    CmpFormat fmt = CMP_TEXT;
    const char *out = NULL, *model = NULL;
    char **paths = NULL;
    uint32_t n = 0, cap = 0;
    int code = EXIT_CLEAN;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1]) {
            if (cli_is_help(a)) {
                fputs(compare_help, stdout);
                goto done;
            }
            if (strcmp(a, "--format=text") == 0) fmt = CMP_TEXT;
            else if (strcmp(a, "--format=json") == 0) fmt = CMP_JSON;
            else if (strcmp(a, "--format=html") == 0) fmt = CMP_HTML;
            else if (strcmp(a, "-o") == 0 && i + 1 < argc) out = argv[++i];
            else {
                code = cli_usage_error("compare", "unknown option '%s'", a);
                goto done;
            }
            continue;
        }
        if (!model) {
            model = a;
            continue;
        }
        if (!compare_add_path("compare", a, &paths, &n, &cap)) {
            code = EXIT_USAGE;
            goto done;
        }
    }
    if (!model || n == 0) {
        code = cli_usage_error("compare", "expected a model and plans: takt compare MODEL.takt PLAN|DIR...");
        goto done;
    }
    if (n > COMPARE_MAX) {
        code = cli_usage_error("compare", "%u plans; at most %d are compared at once", n, COMPARE_MAX);
        goto done;
    }
    {
        const char *outs[1] = {out}, *what[1] = {"comparison"};
        if (out && !cli_check_outputs("compare", outs, what, 1)) {
            code = EXIT_USAGE;
            goto done;
        }
    }
    {
        StrBuf b = {0};
        const char *files[1] = {model};
        code = compare_plans("compare", files, 1, paths, n, NULL, fmt, &b);
        if (code == EXIT_CLEAN) {
            if (out) {
                if (!write_file_atomic(out, b.data ? b.data : "", b.len)) {
                    fprintf(stderr, "takt compare: cannot write %s: %s\n", esc_show(out), strerror(errno));
                    code = EXIT_USAGE;
                }
            } else if (!cli_write_stdout(b.data, b.len)) code = EXIT_USAGE;
        }
        sb_free(&b);
    }
done:
    for (uint32_t k = 0; k < n; k++) tk_free(paths[k]);
    tk_free(paths);
    return code;
}
