/* cmd_plan.c: `takt plan` — check, lower to the IR, plan, write. The
 * pipeline in one screen:
 *
 *   model_check_paths()   text -> checked model (stop on errors)
 *   ir_lower(), ir_verify()
 *   mrp_explode()         work orders, purchases
 *   sched_run()           the dispatching pass
 *   plan_measure()        makespan, lateness, cost, objective
 *   writers               plan file, CSV, report, Gantt: each written whole
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/ir.h"
#include "runtime/plan_read.h"
#include "runtime/runtime.h"
#include "runtime/search.h"
#ifdef TAKT_HAVE_JIT
#include "compiler/jit.h"
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
    "  --format=text|json          the report's form (default text)\n"
    "  --gantt FILE.svg            write a Gantt chart (SVG, opens in a browser)\n"
    "  --stable PREV.plan          re-apply the previous plan: its machines, units\n"
    "                              and order, nothing earlier; new work where it\n"
    "                              fits (no search; docs/actuals.md)\n"
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
    "inputs; a write that fails is an error. Exit codes: 0 planned, 1 errors\n"
    "in the model or a model that cannot be planned, 2 usage or I/O.\n";

typedef struct PlanArgs {
    const char *out, *schedule, *report, *gantt, *emit, *stable, *release;
    bool json, no_report, stats;
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

/* Planning problems become diagnostics at the model's lines. */
static void report_problems(Model *m, const Plan *p)
{
    for (uint32_t i = 0; i < p->problems.len; i++) {
        const PlanProblem *pr = &p->problems.data[i];
        Diag *g = diag_error(&m->diags, pr->span, pr->code, "%s", pr->msg);
        if (pr->hint) diag_hint(g, "%s", pr->hint);
    }
    diags_sort(&m->diags);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

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
    const char **files = calloc((size_t)argc + 1, sizeof(char *));
    int nfiles = 0;
    int code = EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *v;
        const char *s = argv[i];
        if (cli_is_help(s)) {
            fputs(plan_help, stdout);
            free(files);
            return EXIT_CLEAN;
        }
        if (s[0] != '-' || !s[1]) {
            files[nfiles++] = s;
            continue;
        }
        int r = cli_diag_option(&a.dopt, s);
        if (r < 0) goto done;
        if (r > 0) {
            if (a.dopt.format != DIAG_FORMAT_TEXT && strncmp(s, "--format=", 9) == 0) {
                /* --format names the report's form here */
                a.json = a.dopt.format == DIAG_FORMAT_JSON;
                if (a.dopt.format == DIAG_FORMAT_GITHUB) {
                    code = cli_usage_error("plan", "the report is text or json");
                    goto done;
                }
                a.dopt.format = DIAG_FORMAT_TEXT;
            }
            continue;
        }
        if (strcmp(s, "-o") == 0 && i + 1 < argc) a.out = argv[++i];
        else if ((v = opt_value(argc, argv, &i, "--schedule"))) a.schedule = v;
        else if ((v = opt_value(argc, argv, &i, "--report"))) a.report = v;
        else if ((v = opt_value(argc, argv, &i, "--gantt"))) a.gantt = v;
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
    if (a.emit && strcmp(a.emit, "ast") != 0 && strcmp(a.emit, "ir") != 0 && strcmp(a.emit, "llvm") != 0) {
        code = cli_usage_error("plan", "--emit takes ast, ir or llvm");
        goto done;
    }
    if (a.stable && (a.opt.time_limit > 0 || a.opt.iterations > 0)) {
        code = cli_usage_error("plan", "--stable re-applies the previous plan and runs no search: "
                                       "drop --time-limit and --iterations, or plan without --stable");
        goto done;
    }
    if (strcmp(a.opt.engine, "interp") != 0 && strcmp(a.opt.engine, "auto") != 0 &&
        strcmp(a.opt.engine, "jit") != 0) {
        code = cli_usage_error("plan", "--engine takes interp, jit or auto");
        goto done;
    }

    Model *m = model_new(cli_exe);
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
    if (a.release) ir->jit_release = strcmp(a.release, "just_in_time") == 0;
    Plan *p = plan_new(ir);
    PlanFile prev;
    memset(&prev, 0, sizeof prev);
    char *prev_text = NULL;
    if (a.stable) {
        /* --stable: the previous plan, read back */
        size_t len = 0;
        prev_text = cli_read_file("plan", a.stable, "a plan", &len);
        if (!prev_text) {
            code = EXIT_USAGE;
            p->stable = NULL;
            goto cleanup_prev;
        }
        FileId fid = sources_add(&m->sources, a.stable, a.stable, prev_text, len);
        if (!plan_read(&prev, fid, prev_text, len, &m->diags) || m->diags.nerrors) {
            code = cli_report(m, &a.dopt);
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
        p->stable = &prev;
    }
    {
        /* never over an input (the model, the previous plan), nor twice to one file */
        const char *outs[] = {a.out, a.schedule, a.gantt, a.report};
        static const char *const what[] = {"plan", "schedule", "Gantt chart", "report"};
        if (!cli_check_outputs("plan", outs, what, 4)) {
            code = EXIT_USAGE;
            goto cleanup_prev;
        }
    }
    mrp_explode(p);
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
    plan_measure(p, eng);
    if (!plan_check_money(p)) {
        report_problems(m, p);
        code = cli_report(m, &a.dopt);
        if (code == EXIT_CLEAN) code = EXIT_MODEL;
        goto cleanup;
    }
    double t_search0 = now_s();
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
        /* --time-limit 0 means no search, even with the model's iterations */
        if (a.opt.time_limit == 0 && a.opt.iterations < 0) so.iterations = 0;
        /* --stable re-applies the previous plan: no search to undo it
         * (docs/actuals.md, "Stable re-planning") */
        if ((so.seconds > 0 || so.iterations > 0) && !a.stable) {
            search_run(p, &so, &ss);
            plan_measure(p, eng);
        }
    }
    if (!plan_check_money(p)) {
        report_problems(m, p);
        code = cli_report(m, &a.dopt);
        if (code == EXIT_CLEAN) code = EXIT_MODEL;
        goto cleanup;
    }
    double t_search = now_s() - t_search0;
    code = cli_report(m, &a.dopt); /* warnings of the model */
    if (code != EXIT_CLEAN) goto cleanup;
    StrBuf b = {0};
    if (a.out) {
        plan_write(p, &b);
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
    if (code == EXIT_CLEAN && (!a.no_report || a.report)) {
        if (a.json) report_json(p, &b);
        else report_text(p, &b);
        if (a.report) {
            if (!write_out(a.report, &b, "report")) code = EXIT_USAGE;
        } else if (!cli_write_stdout(b.data, b.len)) code = EXIT_USAGE;
    }
    sb_free(&b);
    if (a.stats && ss.iterations)
        fprintf(stderr, "takt: stats: search %.3f s, %lld iterations, objective %.12g -> %.12g, best after %.3f s%s\n",
                t_search, (long long)ss.iterations, ss.start_objective, ss.best_objective, ss.time_to_best,
                ss.interrupted ? " (interrupted)" : "");
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
    if (code == EXIT_CLEAN && !a.dopt.quiet) {
        char fin[32];
        fmt_datetime_sp(fin, sizeof fin, p->m.makespan_end);
        fprintf(stderr, "takt: %s: planned %u work orders, %u operations; last ends %s; %.0f late order%s\n",
                esc_show(files[0]), p->wos.len, p->ops.len, fin, p->m.late_orders, p->m.late_orders == 1 ? "" : "s");
    }
cleanup:
    eng->free(eng);
cleanup_prev:
    plan_free(p);
    plan_file_free(&prev);
    tk_big_free(prev_text);
    ir_free(ir);
    model_free(m);
done:
    free(files);
    return code;
}
