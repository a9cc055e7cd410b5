/* cmd_plan.c: `takt plan` — check, lower to the IR, plan, write. The
 * pipeline in one screen:
 *
 *   model_check_paths()   text -> checked model (stop on errors)
 *   ir_lower(), ir_verify()
 *   mrp_explode()         work orders, purchases
 *   sched_run()           the dispatching pass
 *   plan_measure()        makespan, lateness, cost, objective
 *   writers               plan file, CSV, Gantt, page, report: each written whole
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"
#include "made.h"
#include "plan_check.h"
#include "compiler/esc.h"
#include "compiler/ir.h"
#include "runtime/plan_diff.h"
#include "runtime/dispatch_list.h"
#include "runtime/plan_read.h"
#include "runtime/reference.h"
#include "runtime/runtime.h"
#include "runtime/search.h"
#include "runtime/views.h"
#ifdef TAKT_HAVE_JIT
#include "backend/jit.h"
#endif

/* --engine=auto starts in the interpreter, and the dispatching pass
 * compiles the rules once it expects at least this many instructions of the
 * dispatch rule still to interpret (evaluations per decision over the last
 * 256 decisions, times the operations left, times the rule's length): the
 * JIT saves about 2 ns per interpreted instruction, compiles in 10 to 20 ms,
 * and loading LLVM first (cli/jit_load.c) takes about 12 ms more. Measured
 * by bench/jit_speed.sh (docs/planning.md, "Engines"). */
#define AUTO_JIT_MIN_WORK 11e6

#ifdef TAKT_HAVE_JIT
/* Plan.tier_up for --engine=auto: the JIT, or NULL with a warning. */
/* What each pass of just-in-time release is planned with (release_refine):
 * the first pass's settings, the work orders released earlier by pull. */
typedef struct ReleasePass {
    const IrModel *ir;
    const PlanFile *stable, *reference;
    const Reference *ref;
    Engine *eng;
    bool time_rules;
} ReleasePass;

static Plan *release_pass(void *ctx, const int64_t *pull, uint32_t npull)
{
    const ReleasePass *c = ctx;
    Plan *q = plan_new(c->ir);
    q->stable = c->stable;
    q->reference = c->reference;
    q->ref = c->ref;
    q->jit_pull = pull;
    q->njit_pull = npull;
    mrp_explode(q);
    q->jit_pull = NULL; /* the caller's, and changed by the next pass */
    q->njit_pull = 0;
    if (q->problems.len == 0) plan_pins(q);
    q->time_rules = c->time_rules;
    if (q->problems.len || !sched_run(q, c->eng) || q->problems.len) {
        plan_free(q);
        return NULL;
    }
    return q;
}

static Engine *tier_up_jit(const IrModel *ir, void *ctx)
{
    char *err = NULL;
    JitStats js;
    Engine *e = engine_jit_new(ir, &err, &js);
    if (!e) {
        fprintf(stderr, "takt: warning: the JIT cannot start (%s); rules run in the interpreter\n",
                err ? esc_show(err) : "unknown error");
        tk_free(err);
        return NULL;
    }
    *(double *)ctx = js.compile_seconds;
    return e;
}
#endif

static const char plan_help[] =
    "usage: takt plan [options] MODEL.takt...\n"
    "\n"
    "Plans a model: explodes the demand through the bills of materials into\n"
    "work orders and purchases, schedules every operation on a machine unit,\n"
    "and writes the plan, the schedule, the report and a Gantt chart.\n"
    "\n"
    "options:\n"
    "  -o PLAN                     write the plan file (docs/plan-format.md)\n"
    "  --schedule FILE.csv         write the schedule as CSV:\n"
    "                              order,operation,machine,unit,start,end\n"
    "  --report FILE               write the report to FILE instead of standard output\n"
    "  --format=text|json|github|sarif  the report's and the diagnostics' form\n"
    "                              (default text); json: the report as JSON with\n"
    "                              the warnings in it, or the diagnostics as JSON\n"
    "                              when the model cannot be planned; github: the\n"
    "                              report as text, diagnostics as GitHub\n"
    "                              annotations; sarif: the diagnostics as SARIF\n"
    "                              (the report only with --report FILE); with\n"
    "                              --check, json and sarif leave the change log\n"
    "                              to --changes FILE\n"
    "  --check PLAN                plan again and compare with PLAN, the committed\n"
    "                              plan: exit 1, with its change log, when PLAN is\n"
    "                              not what the model gives now (docs/ci.md); the\n"
    "                              seed, iterations and threads are PLAN's unless given\n"
    "  --changes FILE              with --check: the change log to FILE (Markdown),\n"
    "                              not to standard output\n"
    "  --gantt FILE.svg            write a Gantt chart (SVG, opens in a browser)\n"
    "  --html FILE.html            write the plan as one self-contained page: an\n"
    "                              interactive Gantt chart, weekly load, stock,\n"
    "                              exceptions, pegging, costs (no network needed)\n"
    "  --compare PLAN|DIR          with --html: the page shows this plan beside the\n"
    "                              plans of scenarios given (a folder: its *.plan),\n"
    "                              as takt compare does (docs/scenarios.md)\n"
    "  --scenario NAME             plan the model's scenario NAME (a+b: b applied\n"
    "                              after a; docs/scenarios.md)\n"
    "  --stable PREV.plan          re-apply the previous plan: its machines, units\n"
    "                              and order, nothing earlier; new work where it\n"
    "                              fits (docs/actuals.md); a search only if the\n"
    "                              objective counts moved, reassigned or shifted\n"
    "  --reference PREV.plan       the plan the change is measured against (moved,\n"
    "                              reassigned, shifted; docs/search.md) and the plan\n"
    "                              firm work orders and the frozen horizon keep\n"
    "                              (docs/planning.md); default: the --stable plan\n"
    "  --pins FILE.csv             pins and firm work orders from a CSV file, with\n"
    "                              the model's own (docs/language.md, \"pins\")\n"
    "  --dispatch-list FILE        write the shop-floor dispatch list of every\n"
    "                              machine unit (text, or .csv, or .html by its name;\n"
    "                              takt dispatch --help for the options)\n"
    "  --dispatch-window shift|day|week  the window of the dispatch list, from the\n"
    "                              plan's now (default day)\n"
    "  --emit=ast|ir|llvm          print the syntax tree, the IR or the compiled\n"
    "                              rules (LLVM IR), and stop\n"
    "  --engine=interp|jit|auto    how rules run: interpreted, compiled to native\n"
    "                              code, or interpreted until compiling pays (default)\n"
    "  --time-limit SECONDS        search for a better plan this long (overrides\n"
    "                              the model's `search`; 0: dispatching only)\n"
    "  --release POLICY            just_in_time or as_soon_as_possible, over the\n"
    "                              model's schedule { release ... } (docs/planning.md)\n"
    "  --iterations N              stop each search after N steps (with a seed,\n"
    "                              the plan is the same on every run)\n"
    "  --seed N                    the search's random seed (default: the model's, or 0)\n"
    "  --threads N                 independent searches in parallel (default 2)\n"
    "                              Ctrl-C stops a search and keeps the best plan\n"
    "  --no-report                 print no report\n"
    "  --stats                     print the time of each phase on standard error\n"
    "  -q, --quiet                 no summary line on standard error\n"
    "  --color=auto|always|never   colour in diagnostics\n"
    "  --allow-read DIR            let the model read files in DIR too (for a\n"
    "                              trusted user; docs/security.md)\n"
    "\n"
    "Output files are written whole or not at all, and never over one of the\n"
    "inputs; a write that fails is an error. Exit codes: 0 planned (with\n"
    "--check: the plan is current), 1 errors in the model, a model that cannot\n"
    "be planned, or (--check) a plan that is not current, 2 usage or I/O, or a\n"
    "plan that cannot be read.\n";

/* Does the objective count change against a reference plan? */
static bool counts_change(const IrModel *ir)
{
    const uint64_t change = 1ull << RV_PLAN_MOVED | 1ull << RV_PLAN_REASSIGNED | 1ull << RV_PLAN_SHIFTED;
    if (ir->objective_fn < 0) return false;
    if (ir->funcs[ir->objective_fn].vars & change) return true;
    for (uint32_t k = 0; k < ir->nmeasures; k++)
        if (change >> ir->measures[k].var & 1) return true;
    return false;
}

/* Reads a plan given on the command line (--stable, --reference) into pf;
 * its text, which pf points into, into *text. False (after reporting) if it
 * cannot be read or has errors. */
static bool read_plan_arg(Model *m, const char *path, PlanFile *pf, char **text, const CliDiagOpts *dopt)
{
    size_t len = 0;
    *text = cli_read_file("plan", path, "a plan", &len);
    if (!*text) return false;
    FileId fid = sources_add(&m->sources, path, path, *text, len);
    if (!plan_read(pf, fid, *text, len, &m->diags) || m->diags.nerrors) {
        cli_report(m, dopt);
        return false;
    }
    return true;
}

typedef struct PlanArgs {
    const char *out, *schedule, *report, *gantt, *html, *emit, *stable, *reference, *check, *changes, *dispatch, *scenario;
    const char *release;    /* --release: the release policy, over the model's */
    const char **pins;
    int npins;
    int dispatch_window; /* DispatchWindow */
    bool json, no_report, stats;
    char **compare;         /* --compare: plans of scenarios the page compares with */
    uint32_t ncompare, compare_cap;
    PlanOptions opt;
    CliDiagOpts dopt;
} PlanArgs;

/* "--name=value" or "--name value" */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0) return NULL;
    if (a[n] == '=') return a + n + 1;
    if (a[n] == 0 && *i + 1 < argc) return argv[++*i];
    return NULL;
}

static bool write_out(const char *path, const StrBuf *b, const char *what)
{
    if (write_file_atomic(path, b->data ? b->data : "", b->len)) return true;
    fprintf(stderr, "takt plan: cannot write the %s to '%s': %s\n", what, esc_show(path), strerror(errno));
    return false;
}

/* Planning problems become diagnostics at the model's lines; warnings
 * too (the plan stands). */
static void report_problems(Model *m, const Plan *p)
{
    for (int w = 0; w < 2; w++) {
        const PlanProblem *v = w ? p->warnings.data : p->problems.data;
        uint32_t n = w ? p->warnings.len : p->problems.len;
        for (uint32_t i = 0; i < n; i++) {
            const PlanProblem *pr = &v[i];
            Diag *g = w ? diag_warning(&m->diags, pr->span, pr->code, "%s", pr->msg)
                        : diag_error(&m->diags, pr->span, pr->code, "%s", pr->msg);
            if (pr->note && pr->note_at.file) diag_note(g, pr->note_at, "%s", pr->note);
            if (pr->hint) diag_hint(g, "%s", pr->hint);
        }
    }
    diags_sort(&m->diags);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool cli_plan_json_report_only;

int cmd_plan(int argc, char **argv)
{
    double t0 = now_s(), t_check = 0, t_lower = 0, t_mrp = 0, t_sched = 0;
    PlanArgs a;
    memset(&a, 0, sizeof a);
    cli_diag_defaults(&a.dopt);
    a.opt.engine = "auto";
    a.opt.time_limit = -1;
    a.opt.iterations = -1;
    a.opt.seed = -1;
    a.dispatch_window = DL_DAY;
    const char **files = calloc((size_t)argc + 1, sizeof(char *));
    a.pins = calloc((size_t)argc + 1, sizeof(char *));
    int nfiles = 0;
    int code = EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *v;
        const char *s = argv[i];
        if (cli_is_help(s)) {
            /* written as a whole: longer than stdio's buffer, a write that
             * fails midway would lose its reason */
            bool ok = cli_write_stdout(plan_help, strlen(plan_help));
            free(files);
            free(a.pins);
            return ok ? EXIT_CLEAN : EXIT_USAGE;
        }
        if (s[0] != '-' || !s[1]) {
            files[nfiles++] = s;
            continue;
        }
        int r = cli_diag_option(&a.dopt, s);
        if (r < 0) goto done;
        if (r > 0) {
            /* --format names the report's form too: json, the report as JSON
             * (with the warnings in it) or, when the model cannot be planned,
             * its diagnostics as JSON; github: the diagnostics as annotations,
             * the report as text; sarif: the diagnostics as SARIF, the report
             * only to --report FILE, as text */
            if (strncmp(s, "--format=", 9) == 0) {
                a.json = a.dopt.format == DIAG_FORMAT_JSON;
                if (a.json && cli_plan_json_report_only) a.dopt.format = DIAG_FORMAT_TEXT;
            }
            continue;
        }
        if (strcmp(s, "-o") == 0 && i + 1 < argc) a.out = argv[++i];
        else if ((v = opt_value(argc, argv, &i, "--schedule"))) a.schedule = v;
        else if ((v = opt_value(argc, argv, &i, "--report"))) a.report = v;
        else if ((v = opt_value(argc, argv, &i, "--gantt"))) a.gantt = v;
        else if ((v = opt_value(argc, argv, &i, "--html"))) a.html = v;
        else if ((v = opt_value(argc, argv, &i, "--emit"))) a.emit = v;
        else if ((v = opt_value(argc, argv, &i, "--engine"))) a.opt.engine = v;
        else if ((v = opt_value(argc, argv, &i, "--time-limit"))) {
            char *e;
            a.opt.time_limit = strtod(v, &e);
            if (*e || a.opt.time_limit < 0 || a.opt.time_limit > 1e7) {
                code = cli_usage_error("plan", "--time-limit takes a number of seconds");
                goto done;
            }
        } else if ((v = opt_value(argc, argv, &i, "--iterations")) || (v = opt_value(argc, argv, &i, "--seed")) ||
                   (v = opt_value(argc, argv, &i, "--threads"))) {
            char *e;
            long long x = strtoll(v, &e, 10);
            const char *which = strncmp(s, "--iterations", 12) == 0 ? "iterations" : strncmp(s, "--seed", 6) == 0 ? "seed" : "threads";
            if (*e || x < 0 || (which[0] == 't' && (x < 1 || x > 256))) {
                code = cli_usage_error("plan", "--%s takes a whole number%s", which, which[0] == 't' ? " from 1 to 256" : "");
                goto done;
            }
            if (which[0] == 'i') a.opt.iterations = x;
            else if (which[0] == 's') a.opt.seed = x;
            else a.opt.threads = (int)x;
        }
        else if ((v = opt_value(argc, argv, &i, "--release"))) {
            if (strcmp(v, "just_in_time") != 0 && strcmp(v, "as_soon_as_possible") != 0) {
                code = cli_usage_error("plan", "--release takes just_in_time or as_soon_as_possible");
                goto done;
            }
            a.release = v;
        }
        else if ((v = opt_value(argc, argv, &i, "--stable"))) a.stable = v;
        else if ((v = opt_value(argc, argv, &i, "--check"))) a.check = v;
        else if ((v = opt_value(argc, argv, &i, "--changes"))) a.changes = v;
        else if ((v = opt_value(argc, argv, &i, "--reference"))) a.reference = v;
        else if ((v = opt_value(argc, argv, &i, "--dispatch-list"))) a.dispatch = v;
        else if ((v = opt_value(argc, argv, &i, "--dispatch-window"))) {
            if (strcmp(v, "shift") == 0) a.dispatch_window = DL_SHIFT;
            else if (strcmp(v, "day") == 0) a.dispatch_window = DL_DAY;
            else if (strcmp(v, "week") == 0) a.dispatch_window = DL_WEEK;
            else {
                code = cli_usage_error("plan", "--dispatch-window takes shift, day or week");
                goto done;
            }
        }
        else if ((v = opt_value(argc, argv, &i, "--pins"))) a.pins[a.npins++] = v;
        else if ((v = opt_value(argc, argv, &i, "--scenario"))) a.scenario = v;
        else if ((v = opt_value(argc, argv, &i, "--compare"))) {
            if (!compare_add_path("plan", v, &a.compare, &a.ncompare, &a.compare_cap)) {
                code = EXIT_USAGE;
                goto done;
            }
        }
        else if (strcmp(s, "--no-report") == 0) a.no_report = true;
        else if (strcmp(s, "--stats") == 0) a.stats = true;
        else {
            code = cli_usage_error("plan", "unknown option '%s'", s);
            goto done;
        }
    }
    if (nfiles == 0) {
        code = cli_usage_error("plan", "no model file given");
        goto done;
    }
    if (a.ncompare && !a.html) {
        code = cli_usage_error("plan", "--compare shows the comparison on the plan page: give --html FILE.html too");
        goto done;
    }
    if (a.ncompare >= COMPARE_MAX) {
        code = cli_usage_error("plan", "%u plans to compare with; at most %d are compared at once", a.ncompare + 1,
                               COMPARE_MAX);
        goto done;
    }
    if (a.emit && strcmp(a.emit, "ast") != 0 && strcmp(a.emit, "ir") != 0 && strcmp(a.emit, "llvm") != 0) {
        code = cli_usage_error("plan", "--emit takes ast, ir or llvm");
        goto done;
    }
    if (a.check && (a.stable || a.emit)) {
        code = cli_usage_error("plan", "--check plans the model again as it was planned: drop --%s",
                               a.stable ? "stable" : "emit");
        goto done;
    }
    if (a.changes && !a.check) {
        code = cli_usage_error("plan", "--changes writes the change log of --check: give --check PLAN too");
        goto done;
    }
    if (a.check && !a.report) a.no_report = true; /* the gate prints findings and the change log */
    if (a.dopt.format == DIAG_FORMAT_SARIF && !a.report) a.no_report = true; /* standard output is the SARIF log */
    if (strcmp(a.opt.engine, "interp") != 0 && strcmp(a.opt.engine, "auto") != 0 &&
        strcmp(a.opt.engine, "jit") != 0) {
        code = cli_usage_error("plan", "--engine takes interp, jit or auto");
        goto done;
    }

    Model *m = model_new(cli_exe);
    if (!cli_load_pins(m, "plan", a.pins, a.npins)) {
        model_free(m);
        code = EXIT_USAGE;
        goto done;
    }
    m->scenario = a.scenario;
    model_check_paths(m, files, nfiles);
    t_check = now_s();
    if (a.emit && strcmp(a.emit, "ast") == 0) {
        StrBuf b = {0};
        for (uint32_t i = 0; i < m->loader.files.len; i++) {
            sb_puts(&b, "# ");
            esc_text(&b, sources_get(&m->sources, m->loader.files.data[i].id)->display);
            sb_putc(&b, '\n');
            ast_print(m->loader.files.data[i].root, &m->strs, &b);
        }
        bool written = cli_write_stdout(b.data, b.len);
        sb_free(&b);
        code = cli_report(m, &a.dopt);
        if (!written) code = EXIT_USAGE;
        model_free(m);
        goto done;
    }
    if (diag_has_errors(&m->diags)) {
        code = cli_report(m, &a.dopt);
        model_free(m);
        goto done;
    }
    IrModel *ir = ir_lower(m);
    t_lower = now_s();
    if (!ir_verify(ir)) {
        ir_free(ir);
        model_free(m);
        code = EXIT_USAGE;
        goto done;
    }
    if (!a.emit) model_release_tables(m); /* the plan needs only the IR, and the sources for messages */
    if (a.emit && strcmp(a.emit, "llvm") == 0) {
        code = cli_report(m, &a.dopt);
#ifdef TAKT_HAVE_JIT
        char *err = NULL;
        char *text = jit_emit_llvm(ir, &err);
        if (text) {
            if (!cli_write_stdout(text, strlen(text))) code = EXIT_USAGE;
        } else {
            fprintf(stderr, "takt plan: cannot compile the rules: %s\n", err ? esc_show(err) : "?");
            code = EXIT_USAGE;
        }
        tk_free(text);
        tk_free(err);
#else
        fprintf(stderr, "takt plan: this takt was built without the LLVM back end\n");
        code = EXIT_USAGE;
#endif
        ir_free(ir);
        model_free(m);
        goto done;
    }
    if (a.emit) {
        StrBuf b = {0};
        ir_print(ir, &b);
        bool written = cli_write_stdout(b.data, b.len);
        sb_free(&b);
        code = cli_report(m, &a.dopt);
        if (!written) code = EXIT_USAGE;
        ir_free(ir);
        model_free(m);
        goto done;
    }
    /* the model's files only: before the previous plan joins the sources */
    MadeBy made;
    memset(&made, 0, sizeof made);
    cli_model_digest(m, made.model);
    Plan *p = plan_new(ir);
    PlanFile prev, refpf, chk, fresh;
    memset(&prev, 0, sizeof prev);
    memset(&refpf, 0, sizeof refpf);
    memset(&chk, 0, sizeof chk);
    memset(&fresh, 0, sizeof fresh);
    const char *chk_text = NULL;
    size_t chk_len = 0;
    StrBuf b = {0}, log = {0};
    char *prev_text = NULL, *ref_text = NULL;
    Reference *ref = NULL;
    const PlanFile *refp = NULL;
    bool search_asked = a.opt.time_limit > 0 || a.opt.iterations > 0;
    if (a.stable && search_asked && !counts_change(ir)) {
        code = cli_usage_error("plan", "--stable re-applies the previous plan and runs no search unless the objective "
                                       "counts the change against it: add moved (or reassigned, shifted) to the "
                                       "model's minimize, drop --time-limit and --iterations, or plan without --stable");
        goto cleanup_prev;
    }
    /* an objective that counts the change measures it against the plan
     * --stable re-applies, unless another is given */
    if (a.stable && !a.reference && counts_change(ir)) a.reference = a.stable;
    if (a.stable) {
        /* --stable: the previous plan, read back */
        if (!read_plan_arg(m, a.stable, &prev, &prev_text, &a.dopt)) {
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
        p->stable = &prev;
    }
    if (a.check) {
        /* --check: the committed plan, and the search it records */
        char *t = cli_read_file("plan", a.check, "a plan", &chk_len);
        if (!t) {
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
        chk_text = t;
        FileId fid = sources_add_owned(&m->sources, a.check, a.check, t, chk_len); /* the sources keep it */
        if (!plan_read(&chk, fid, chk_text, chk_len, &m->diags) || m->diags.nerrors) {
            code = cli_report(m, &a.dopt);
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
        if (chk.csv) {
            code = cli_usage_error("plan", "--check takes a plan file, not a schedule CSV");
            goto cleanup_prev;
        }
        MadeOptions mo;
        if (!plan_check_options(&chk, &mo, &m->diags)) {
            code = cli_report(m, &a.dopt);
            if (code == EXIT_CLEAN) code = EXIT_MODEL;
            goto cleanup_prev;
        }
        if (a.opt.seed < 0 && mo.has_seed) a.opt.seed = (long long)mo.seed;
        if (a.opt.iterations < 0 && a.opt.time_limit < 0 && mo.has_iterations) a.opt.iterations = mo.iterations;
        if (a.opt.threads <= 0 && mo.has_threads) a.opt.threads = mo.threads;
        if (!a.release && mo.release >= 0) a.release = mo.release ? "just_in_time" : "as_soon_as_possible";
    }
    /* --release (or the committed plan's): the release policy over the model's */
    if (a.release) ir->jit_release = strcmp(a.release, "just_in_time") == 0;
    made.release = a.release;
    if (a.reference) {
        /* the reference plan: the change is measured against it, and firm
         * work orders and the frozen horizon keep it; the --stable plan, or
         * another */
        if (a.stable && strcmp(a.reference, a.stable) == 0) refp = &prev;
        else if (read_plan_arg(m, a.reference, &refpf, &ref_text, &a.dopt)) refp = &refpf;
        else {
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
        if (!reference_usable(ir, refp, &m->diags)) {
            cli_report(m, &a.dopt);
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
    }
    /* what firm work orders and the frozen horizon keep: the reference
     * plan, else the --stable one */
    p->reference = refp ? refp : a.stable ? &prev : NULL;
    {
        /* never over an input (the model, the previous plan), nor twice to one file */
        const char *outs[] = {a.out, a.schedule, a.gantt, a.report, a.html, a.changes, a.dispatch};
        static const char *const what[] = {"plan", "schedule", "Gantt chart", "report", "page", "change log",
                                           "dispatch list"};
        if (!cli_check_outputs("plan", outs, what, 7)) {
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
    }
    mrp_explode(p);
    if (refp) p->ref = ref = reference_build(p, refp);
    if (p->problems.len == 0) plan_pins(p);
    t_mrp = now_s();
    Engine *eng = NULL;
    double t_jit = 0, t_tier = 0;
    if (strcmp(a.opt.engine, "jit") == 0) {
#ifdef TAKT_HAVE_JIT
        char *err = NULL;
        JitStats js;
        eng = engine_jit_new(ir, &err, &js);
        if (!eng) {
            fprintf(stderr, "takt: warning: the JIT cannot start (%s); rules run in the interpreter\n",
                    err ? esc_show(err) : "unknown error");
            tk_free(err);
        } else t_jit = js.compile_seconds;
#else
        fprintf(stderr, "takt: warning: this takt was built without the JIT; rules run in the interpreter\n");
#endif
    }
    if (!eng) eng = engine_interp_new(ir);
#ifdef TAKT_HAVE_JIT
    if (strcmp(a.opt.engine, "auto") == 0) {
        p->tier_up = tier_up_jit;
        p->tier_ctx = &t_tier;
        p->tier_work = AUTO_JIT_MIN_WORK;
    }
#endif
    t_mrp += t_jit; /* the JIT's compile time is reported apart from the schedule */
    p->time_rules = a.stats;
    bool ok = p->problems.len == 0 && sched_run(p, eng);
    t_sched = now_s();
    if (p->tiered) { /* --engine=auto compiled the rules during the pass */
        eng->free(eng);
        eng = p->tiered;
        t_jit += t_tier;
        t_mrp += t_tier;
    }
    if (!ok || p->problems.len) {
        report_problems(m, p);
        code = cli_report(m, &a.dopt);
        if (code == EXIT_CLEAN) code = EXIT_MODEL;
        goto cleanup;
    }
    if (ir->jit_release) {
        /* just in time: dispatched again where orders came out late */
        ReleasePass rp = {ir, p->stable, p->reference, p->ref, eng, a.stats};
        p = release_refine(p, release_pass, &rp);
        t_sched = now_s();
    }
    plan_measure(p, eng);
    if (!plan_check_money(p)) {
        report_problems(m, p);
        code = cli_report(m, &a.dopt);
        if (code == EXIT_CLEAN) code = EXIT_MODEL;
        goto cleanup;
    }
    if (p->warnings.len) report_problems(m, p);
    /* a restriction that counts nothing is most likely a mistyped value */
    for (uint32_t k = 0; k < ir->nmeasures; k++) {
        const IrMeasure *x = &ir->measures[k];
        if (x->where_fn < 0 || measure_set_size(ir, p->msets[k], k)) continue;
        Diag *g = diag_warning(&m->diags, x->span, DIAG_RESTRICTION_EMPTY, "%s counts nothing: its condition holds for no %s",
                               x->name, x->by_order ? "order" : "machine");
        diag_hint(g, "it is zero in every plan; check the values the condition compares with");
    }
    if (counts_change(ir) && !p->ref) {
        const IrFunc *f = &ir->funcs[ir->objective_fn];
        Diag *g = diag_warning(&m->diags, f->span, DIAG_NO_REFERENCE, "the objective counts change against a reference "
                               "plan, but none is given: moved, reassigned and shifted are zero");
        diag_hint(g, "give the plan to keep with --stable PLAN (or to measure against with --reference PLAN)");
    }
    diags_sort(&m->diags);
    double t_search0 = now_s(), t_search_jit = 0;
    SearchStats ss;
    memset(&ss, 0, sizeof ss);
    {
        SearchOptions so;
        so.seconds = a.opt.time_limit >= 0 ? a.opt.time_limit : ir->search_seconds;
        /* --iterations alone asks for a deterministic search: the model's
         * time limit does not cut it short */
        if (a.opt.iterations >= 0 && a.opt.time_limit < 0) so.seconds = 0;
        so.iterations = a.opt.iterations >= 0 ? a.opt.iterations : ir->iterations;
        so.seed = a.opt.seed >= 0 ? (uint64_t)a.opt.seed : ir->seed;
        so.threads = a.opt.threads > 0 ? a.opt.threads : ir->threads > 0 ? ir->threads : 2;
        so.progress = !a.dopt.quiet;
        /* the search's setup and cost rules and objective run on the
         * plan's engine: compiled with --engine=jit (or auto once the
         * dispatching pass compiled); with auto otherwise, compiled in the
         * background when the search is long enough (search_wants_compile) */
        so.engine = eng;
        so.compile = NULL;
        so.compile_ctx = NULL;
#ifdef TAKT_HAVE_JIT
        if (strcmp(a.opt.engine, "auto") == 0) {
            so.compile = tier_up_jit;
            so.compile_ctx = &t_search_jit;
        }
#endif
        /* --time-limit 0 means no search, even with the model's iterations */
        if (a.opt.time_limit == 0 && a.opt.iterations < 0) so.iterations = 0;
        if (a.check && so.seconds > 0) {
            /* a search bounded by time gives another plan on every run */
            code = cli_usage_error("plan", "--check needs a plan that planning again gives back: the search is "
                                           "bounded by time (the model's `search`, or --time-limit); give "
                                           "--iterations N (docs/search.md)");
            goto cleanup;
        }
        /* --stable re-applies the previous plan: no search to undo it,
         * unless the objective counts the change (docs/actuals.md, "Stable
         * re-planning") */
        if ((so.seconds > 0 || so.iterations > 0) && (!a.stable || (search_asked && counts_change(ir)))) {
            search_run(p, &so, &ss);
            plan_measure(p, eng);
            made.iterations = so.iterations;
            made.search_seconds = so.seconds;
        }
        made.seed = so.seed;
        made.threads = so.threads;
    }
    if (!plan_check_money(p)) {
        report_problems(m, p);
        code = cli_report(m, &a.dopt);
        if (code == EXIT_CLEAN) code = EXIT_MODEL;
        goto cleanup;
    }
    double t_search = now_s() - t_search0;
    bool stale = false;
    code = EXIT_CLEAN;
    if (a.check) {
        /* the new plan against the committed one: findings join the
         * model's warnings, reported once */
        plan_write(p, &b);
        cli_insert_made(&b, &made);
        Sources fs;
        sources_init(&fs);
        Diags fd;
        diags_init(&fd);
        FileId nid = sources_add(&fs, "(new plan)", "(new plan)", b.data, b.len);
        bool read = plan_read(&fresh, nid, b.data, b.len, &fd) && !fd.nerrors;
        diags_free(&fd);
        sources_free(&fs);
        if (!read) {
            fprintf(stderr, "takt plan: internal error: the new plan does not read back\n");
            code = EXIT_USAGE;
            goto cleanup;
        }
        PlanCheck pc = {chk_text, chk_len, &chk, b.data, b.len, &fresh, &made, files[0], a.check};
        stale = !plan_check(&pc, &m->diags);
        diags_sort(&m->diags);
        if (stale) {
            DiffOptions dopt = {false, false, 50, a.check, "the model's plan", false};
            plan_diff(&chk, &fresh, &dopt, &log);
        } else sb_puts(&log, "No changes.\n");
        if (a.out && !write_out(a.out, &b, "plan")) code = EXIT_USAGE;
        b.len = 0;
    }
    /* the JSON report holds the warnings itself */
    bool warnings_in_report = a.json && a.dopt.format == DIAG_FORMAT_JSON && !a.check && (a.report || !a.no_report) &&
                              !diag_has_errors(&m->diags) && !(a.dopt.werror && m->diags.nwarnings);
    if (!warnings_in_report) {
        int rc = cli_report(m, &a.dopt); /* warnings of the model, and what --check found */
        bool write_failed = a.check && code == EXIT_USAGE;
        code = write_failed ? EXIT_USAGE : rc;
    }
    if (a.check) {
        /* JSON and SARIF: standard output is one document, the findings */
        bool log_to_stdout = a.dopt.format == DIAG_FORMAT_TEXT || a.dopt.format == DIAG_FORMAT_GITHUB;
        if (a.changes) {
            if (!write_out(a.changes, &log, "change log")) code = EXIT_USAGE;
        } else if (stale && log_to_stdout && !cli_write_stdout(log.data, log.len)) code = EXIT_USAGE;
        if (stale && code == EXIT_CLEAN) code = EXIT_MODEL;
        if (!a.dopt.quiet && code != EXIT_USAGE) {
            if (stale)
                fprintf(stderr, "takt: %s is not current: plan again and commit it (the change log: %s)\n",
                        esc_show(a.check),
                        a.changes ? esc_show(a.changes) : log_to_stdout ? "above" : "takt plan --check --changes FILE");
            else if (code == EXIT_CLEAN)
                fprintf(stderr, "takt: %s is current\n", esc_show(a.check));
        }
    }
    if (code != EXIT_CLEAN) goto cleanup;
    if (a.out && !a.check) {
        plan_write(p, &b);
        cli_insert_made(&b, &made);
        if (!write_out(a.out, &b, "plan")) code = EXIT_USAGE;
        b.len = 0;
    }
    if (a.schedule && code == EXIT_CLEAN) {
        plan_write_csv(p, &b);
        if (!write_out(a.schedule, &b, "schedule")) code = EXIT_USAGE;
        b.len = 0;
    }
    if (a.gantt && code == EXIT_CLEAN) {
        gantt_write_svg(p, &b);
        if (!write_out(a.gantt, &b, "Gantt chart")) code = EXIT_USAGE;
        b.len = 0;
    }
    if (a.dispatch && code == EXIT_CLEAN) {
        DispatchOptions dl;
        dispatch_options_default(&dl);
        dl.format = dispatch_format_of(a.dispatch);
        dl.window = (DispatchWindow)a.dispatch_window;
        dispatch_list_plan(p, &dl, &b);
        if (!write_out(a.dispatch, &b, "dispatch list")) code = EXIT_USAGE;
        b.len = 0;
    }
    /* the views are computed once, for every writer that shows them */
    PlanViews views;
    memset(&views, 0, sizeof views);
    bool want_report = code == EXIT_CLEAN && (!a.no_report || a.report);
    if (want_report || (a.html && code == EXIT_CLEAN)) views_compute(&views, p, &m->sources);
    StrBuf cmp = {0};
    if (a.html && code == EXIT_CLEAN && a.ncompare) {
        /* this plan as the base of the comparison, read back as the others are */
        plan_write(p, &b);
        FileId fid = sources_add(&m->sources, "(this plan)", "(this plan)", b.data ? b.data : "", b.len);
        b.len = 0;
        const SourceFile *sf = sources_get(&m->sources, fid);
        PlanFile self;
        memset(&self, 0, sizeof self);
        if (plan_read(&self, fid, sf->text, sf->len, &m->diags)) {
            CmpPlan base = {ir->scenario ? ir->scenario : "base", &self, ir};
            code = compare_plans("plan", files, nfiles, a.compare, a.ncompare, &base, CMP_HTML_TABLE, &cmp);
            views.scenarios_html = sb_cstr(&cmp);
        } else {
            cli_report(m, &a.dopt); /* cannot be: the plan writer writes what the reader reads */
            code = EXIT_MODEL;
        }
        plan_file_free(&self);
    }
    if (a.html && code == EXIT_CLEAN) {
        page_write_html(&views, &b);
        if (!write_out(a.html, &b, "page")) code = EXIT_USAGE;
        b.len = 0;
    }
    if (want_report) {
        if (a.json) {
            report_json(&views, &b);
            if (warnings_in_report && b.len >= 3 && memcmp(b.data + b.len - 3, "\n}\n", 3) == 0) {
                /* the model's warnings: the diagnostics' JSON, as a member */
                b.len -= 3;
                sb_puts(&b, ",\n  \"diagnostics\": ");
                DiagRenderOpts ro = {DIAG_FORMAT_JSON, false, a.dopt.werror, cli_version()};
                StrBuf dj = {0};
                diags_render_buf(&m->diags, &m->sources, &ro, &dj);
                while (dj.len && dj.data[dj.len - 1] == '\n') dj.len--;
                for (size_t k = 0; k < dj.len; k++) { /* indented as a member */
                    sb_putc(&b, dj.data[k]);
                    if (dj.data[k] == '\n') sb_puts(&b, "  ");
                }
                sb_free(&dj);
                sb_puts(&b, "\n}\n");
            }
        } else report_text(&views, &b);
        if (a.report) {
            if (!write_out(a.report, &b, "report")) code = EXIT_USAGE;
        } else if (!cli_write_stdout(b.data, b.len)) code = EXIT_USAGE;
    }
    sb_free(&b);
    sb_free(&cmp);
    views_free(&views);
    if (a.stats && ss.iterations) {
        char how[96];
        if (ss.compiled_at > 0)
            snprintf(how, sizeof how, "interp, then %s after %.3f s (compile %.3f s)", ss.engine, ss.compiled_at,
                     t_search_jit);
        else snprintf(how, sizeof how, "%s", ss.engine ? ss.engine : "interp");
        fprintf(stderr,
                "takt: stats: search %.3f s, %lld iterations, objective %.12g -> %.12g, best after %.3f s, "
                "engine %s%s\n",
                t_search, (long long)ss.iterations, ss.start_objective, ss.best_objective, ss.time_to_best, how,
                ss.interrupted ? " (interrupted)" : "");
    }
    if (a.stats) {
        double t_end = now_s();
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr,
                "takt: stats: check %.3f s, lower %.3f s, materials %.3f s, engine %s, compile %.3f s, "
                "schedule %.3f s (%u operations, %llu rule evaluations taking %.3f s), search %.3f s, write %.3f s, "
                "total %.3f s, peak memory %ld MB\n",
                t_check - t0, t_lower - t_check, t_mrp - t_jit - t_lower, eng->name, t_jit, t_sched - t_mrp,
                p->ops.len, (unsigned long long)p->rule_evals, p->rule_seconds, t_search, t_end - t_sched - t_search,
                t_end - t0,
                ru.ru_maxrss / 1024);
    }
    if (code == EXIT_CLEAN && !a.dopt.quiet && !a.check) {
        char fin[32];
        fmt_datetime_sp(fin, sizeof fin, p->m.makespan_end);
        fprintf(stderr, "takt: %s: planned %u work orders, %u operations; last ends %s; %.0f late order%s\n",
                esc_show(files[0]), p->wos.len, p->ops.len, fin, p->m.late_orders, p->m.late_orders == 1 ? "" : "s");
    }
cleanup:
    eng->free(eng);
cleanup_prev:
    sb_free(&b);
    sb_free(&log);
    plan_free(p);
    reference_free(ref);
    plan_file_free(&prev);
    plan_file_free(&chk);
    plan_file_free(&fresh);
    plan_file_free(&refpf);
    tk_big_free(prev_text);
    tk_big_free(ref_text);
    ir_free(ir);
    model_free(m);
done:
    for (uint32_t k = 0; k < a.ncompare; k++) tk_free(a.compare[k]);
    tk_free(a.compare);
    free(files);
    free(a.pins);
    return code;
}
