/* cmd_sweep.c: `takt sweep MODEL -o DIR` — many scenarios of one model
 * planned, each by itself, into one folder that `takt compare` reads
 * (docs/scenarios.md).
 *
 * A sweep is a grid: each --vary gives one axis, a list of chain elements
 * (a scenario of the model, `base` for none, or `demand=F`), and every
 * combination is one job, numbered in order (the last axis fastest). Job K
 * is `takt sweep … --run-index K`: it plans its scenario with a fixed seed
 * and iteration bound, so its plan is the same wherever it runs. Without
 * --run-index, takt runs the jobs itself, -j at a time, each as a process
 * of its own; with --emit it writes what a batch engine runs instead — a
 * job list for GNU parallel, a Slurm array job, a Kubernetes Indexed Job.
 * There is no scheduler, queue or network code here: the engines do that. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/scenario.h"

static const char sweep_help[] =
    "usage: takt sweep [options] MODEL.takt -o DIR\n"
    "\n"
    "Plans many scenarios of a model, each by itself, into DIR (a plan and a\n"
    "JSON report each, named by the scenario); `takt compare MODEL DIR`\n"
    "compares them. Without --vary: the model and each of its scenarios.\n"
    "\n"
    "options:\n"
    "  -o DIR               the folder of the results (made if missing)\n"
    "  --vary LIST          one axis of the grid, comma-separated: scenarios of\n"
    "                       the model, base (no change), demand=F, or a range\n"
    "                       demand=A..B/STEP; every combination of the axes is\n"
    "                       planned, e.g. --vary demand=1..1.3/0.1 --vary base,saturday\n"
    "  -j N                 plans at once on this machine (default: its cores)\n"
    "  --iterations N       each plan's search, in steps (default 200)\n"
    "  --seed N             each plan's seed (default 0)\n"
    "  --list               print the jobs, one a line, and stop\n"
    "  --run-index K        plan job K only (from 0), as a batch engine's task does\n"
    "  --emit parallel|slurm|k8s\n"
    "                       write what that engine runs to standard output: a job\n"
    "                       list for GNU parallel, a Slurm array job script, a\n"
    "                       Kubernetes Indexed Job; run nothing\n"
    "  --takt CMD           the takt command the emitted jobs run (default: this\n"
    "                       binary for parallel, `takt` for slurm and k8s)\n"
    "  --image IMAGE        the container image of the Kubernetes job (default takt)\n"
    "\n"
    "Exit codes: 0 every scenario planned, 1 one could not be, 2 usage or I/O.\n";

#define SWEEP_MAX_JOBS 100000 /* combinations of one sweep (docs/limits.md) */
#define SWEEP_MAX_AXIS 1000   /* values of one axis */
#define SWEEP_MAX_AXES 16     /* --vary options */

typedef struct Axis {
    char **v;
    uint32_t n;
} Axis;

typedef struct Sweep {
    const char *model, *dir, *takt, *image;
    Axis *axes;
    uint32_t naxes;
    const char **vary; /* the --vary arguments as given */
    uint32_t nvary;
    long iterations, seed;
    uint64_t njobs;
} Sweep;

static void axis_add(Axis *a, const char *s, size_t n)
{
    a->v = tk_xrealloc(a->v, (a->n + 1) * sizeof(char *));
    char *c = tk_xalloc(n + 1);
    memcpy(c, s, n);
    c[n] = 0;
    a->v[a->n++] = c;
}

static bool plain_word(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '=' || c == '-'))
            return false;
    }
    return true;
}

/* "a,b,demand=1..1.3/0.1" -> the axis' values */
static bool parse_axis(const char *arg, Axis *a)
{
    const char *p = arg;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const char *dots = NULL;
        for (size_t i = 0; i + 1 < n; i++)
            if (p[i] == '.' && p[i + 1] == '.') dots = p + i;
        if (n > 7 && memcmp(p, "demand=", 7) == 0 && dots) {
            char buf[128];
            if (n >= sizeof buf) return cli_usage_error("sweep", "'%.*s' is too long", (int)n, p), false;
            memcpy(buf, p, n);
            buf[n] = 0;
            char *slash = strchr(buf, '/');
            double lo, hi, step;
            char *e1, *e2, *e3;
            char *d = strstr(buf, "..");
            *d = 0;
            lo = strtod(buf + 7, &e1);
            hi = strtod(d + 2, &e2);
            if (slash) *slash = 0;
            step = slash ? strtod(slash + 1, &e3) : 0;
            if (*e1 || !slash || *e3 || !(step > 0) || !(hi >= lo) || !(lo > 0) || !isfinite(hi) ||
                (hi - lo) / step > SWEEP_MAX_AXIS) {
                cli_usage_error("sweep", "'%.*s': a range is demand=A..B/STEP, with 0 < A <= B and at most %d steps",
                                (int)n, p, SWEEP_MAX_AXIS);
                return false;
            }
            long steps = lround(floor((hi - lo) / step + 1e-9));
            for (long k = 0; k <= steps; k++) {
                char v[64];
                snprintf(v, sizeof v, "demand=%.6g", lo + (double)k * step);
                axis_add(a, v, strlen(v));
            }
        } else {
            if (!plain_word(p, n)) {
                cli_usage_error("sweep", "'%.*s' is not a scenario name, base or demand=F", (int)(n > 64 ? 64 : n), p);
                return false;
            }
            axis_add(a, p, n);
        }
        if (a->n > SWEEP_MAX_AXIS) {
            cli_usage_error("sweep", "an axis has more than %d values", SWEEP_MAX_AXIS);
            return false;
        }
        p += n;
        if (*p == ',') p++;
    }
    if (a->n == 0) {
        cli_usage_error("sweep", "--vary needs at least one value");
        return false;
    }
    return true;
}

/* Job k's scenario chain: the axes' values joined by '+', base and
 * demand=1 left out;
 * "" for the model itself. */
static char *job_spec(const Sweep *s, uint64_t k)
{
    StrBuf b = {0};
    uint64_t *idx = tk_xalloc((s->naxes + 1) * sizeof(uint64_t));
    for (uint32_t a = s->naxes; a-- > 0;) {
        idx[a] = k % s->axes[a].n;
        k /= s->axes[a].n;
    }
    for (uint32_t a = 0; a < s->naxes; a++) {
        const char *v = s->axes[a].v[idx[a]];
        if (strcmp(v, "base") == 0 || strcmp(v, "demand=1") == 0) continue; /* no change */
        if (b.len) sb_putc(&b, '+');
        sb_puts(&b, v);
    }
    tk_free(idx);
    char *r = tk_strdup(b.len ? sb_cstr(&b) : "");
    sb_free(&b);
    return r;
}

/* The name of job k's files: its chain, or "base". */
static const char *job_name(const char *spec) { return *spec ? spec : "base"; }

/* ---- running ------------------------------------------------------------------------ */
static char *self_exe(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return tk_strdup(cli_exe ? cli_exe : "takt");
    buf[n] = 0;
    return tk_strdup(buf);
}

/* Plans job k here: takt plan with the job's scenario, writing DIR/NAME.plan
 * and DIR/NAME.json. The exit code of takt plan. */
static int run_index(const Sweep *s, uint64_t k)
{
    char *spec = job_spec(s, k);
    const char *name = job_name(spec);
    char *plan = tk_fmt("%s/%s.plan", s->dir, name);
    char *report = tk_fmt("%s/%s.json", s->dir, name);
    char iters[32], seed[32];
    snprintf(iters, sizeof iters, "%ld", s->iterations);
    snprintf(seed, sizeof seed, "%ld", s->seed);
    const char *args[24];
    int n = 0;
    args[n++] = "takt";
    args[n++] = "plan";
    args[n++] = "-q";
    if (*spec) {
        args[n++] = "--scenario";
        args[n++] = spec;
    }
    args[n++] = "--iterations";
    args[n++] = iters;
    args[n++] = "--seed";
    args[n++] = seed;
    args[n++] = "--threads";
    args[n++] = "1";
    args[n++] = "--format=json";
    args[n++] = "--report";
    args[n++] = report;
    args[n++] = "-o";
    args[n++] = plan;
    args[n++] = s->model;
    args[n] = NULL;
    cli_plan_json_report_only = true; /* the report as JSON, the diagnostics as text */
    int code = cmd_plan(n - 1, (char **)args + 1);
    tk_free(plan);
    tk_free(report);
    tk_free(spec);
    return code;
}

/* The arguments of `takt sweep … --run-index K` for job k, after the command. */
static void index_args(const Sweep *s, const char **argv, int *argc, char *kbuf, size_t kn, char *ibuf,
                       size_t in, char *sbuf, size_t sn, uint64_t k)
{
    int n = *argc;
    argv[n++] = "sweep";
    argv[n++] = s->model;
    for (uint32_t i = 0; i < s->nvary; i++) {
        argv[n++] = "--vary";
        argv[n++] = s->vary[i];
    }
    snprintf(ibuf, in, "%ld", s->iterations);
    snprintf(sbuf, sn, "%ld", s->seed);
    argv[n++] = "--iterations";
    argv[n++] = ibuf;
    argv[n++] = "--seed";
    argv[n++] = sbuf;
    argv[n++] = "-o";
    argv[n++] = s->dir;
    argv[n++] = "--run-index";
    snprintf(kbuf, kn, "%llu", (unsigned long long)k);
    argv[n++] = kbuf;
    *argc = n;
}

static int run_all(const Sweep *s, long jobs)
{
    char *exe = self_exe();
    uint64_t next = 0, done = 0, failed = 0;
    long running = 0;
    pid_t *pids = tk_xalloc((size_t)(jobs + 1) * sizeof(pid_t));
    uint64_t *which = tk_xalloc((size_t)(jobs + 1) * sizeof(uint64_t));
    for (long i = 0; i < jobs; i++) pids[i] = 0;
    fflush(stdout);
    fflush(stderr);
    while (done < s->njobs) {
        while (running < jobs && next < s->njobs) {
            const char **argv = tk_xalloc((2 * s->nvary + 16) * sizeof(char *));
            char kb[32], ib[32], sb[32];
            int argc = 0;
            argv[argc++] = exe;
            index_args(s, argv, &argc, kb, sizeof kb, ib, sizeof ib, sb, sizeof sb, next);
            argv[argc] = NULL;
            pid_t pid = fork();
            if (pid == 0) {
                execv(exe, (char *const *)argv);
                _exit(127);
            }
            tk_free(argv);
            if (pid < 0) {
                fprintf(stderr, "takt sweep: cannot start a process: %s\n", strerror(errno));
                failed++;
                done++;
                next++;
                continue;
            }
            for (long i = 0; i < jobs; i++)
                if (!pids[i]) {
                    pids[i] = pid;
                    which[i] = next;
                    break;
                }
            running++;
            next++;
        }
        if (running == 0) break;
        int status;
        pid_t pid = wait(&status);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (long i = 0; i < jobs; i++)
            if (pids[i] == pid) {
                pids[i] = 0;
                running--;
                done++;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                    char *spec = job_spec(s, which[i]);
                    fprintf(stderr, "takt sweep: job %llu (%s) failed (%s %d)\n", (unsigned long long)which[i],
                            esc_show(job_name(spec)), WIFEXITED(status) ? "exit" : "signal",
                            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
                    tk_free(spec);
                    failed++;
                }
            }
    }
    tk_free(pids);
    tk_free(which);
    tk_free(exe);
    fprintf(stderr, "takt sweep: %llu scenario%s planned into %s", (unsigned long long)(s->njobs - failed),
            s->njobs - failed == 1 ? "" : "s", esc_show(s->dir));
    if (failed) fprintf(stderr, "; %llu failed", (unsigned long long)failed);
    fputc('\n', stderr);
    return failed ? 1 : EXIT_CLEAN;
}

/* ---- emitting ------------------------------------------------------------------------ */
static void shell_quote(StrBuf *b, const char *s)
{
    sb_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'') sb_puts(b, "'\\''");
        else sb_putc(b, *s);
    }
    sb_putc(b, '\'');
}

static void emit_command(const Sweep *s, StrBuf *b, const char *takt, const char *index_expr, uint64_t k)
{
    const char *argv[16 + 2 * SWEEP_MAX_AXES];
    char kb[32], ib[32], sb[32];
    int argc = 0;
    index_args(s, argv, &argc, kb, sizeof kb, ib, sizeof ib, sb, sizeof sb, k);
    shell_quote(b, takt);
    for (int i = 0; i < argc; i++) {
        sb_putc(b, ' ');
        if (i == argc - 1 && index_expr) sb_puts(b, index_expr);
        else shell_quote(b, argv[i]);
    }
}

static void emit_parallel(const Sweep *s, StrBuf *b, const char *takt)
{
    for (uint64_t k = 0; k < s->njobs; k++) {
        emit_command(s, b, takt, NULL, k);
        sb_putc(b, '\n');
    }
}

static void emit_slurm(const Sweep *s, StrBuf *b, const char *takt, long jobs)
{
    sb_puts(b, "#!/bin/bash\n");
    sb_puts(b, "# A Slurm array job: one task per scenario of the sweep; submit with sbatch,\n"
               "# then compare with takt compare MODEL DIR (docs/scenarios.md).\n");
    sb_puts(b, "#SBATCH --job-name=takt-sweep\n");
    sb_printf(b, "#SBATCH --array=0-%llu%%%ld\n", (unsigned long long)(s->njobs - 1), jobs);
    sb_puts(b, "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n");
    sb_puts(b, "#SBATCH --output=");
    StrBuf log = {0};
    sb_printf(&log, "%s/slurm-%%A_%%a.log", s->dir);
    sb_puts(b, sb_cstr(&log)); /* sbatch reads this line itself: no shell quoting */
    sb_free(&log);
    sb_puts(b, "\nset -euo pipefail\nmkdir -p ");
    shell_quote(b, s->dir);
    sb_puts(b, "\nexec ");
    emit_command(s, b, takt, "\"$SLURM_ARRAY_TASK_ID\"", 0);
    sb_putc(b, '\n');
}

static void yaml_str(StrBuf *b, const char *s) { esc_json(b, s); } /* a JSON string is a YAML string */

static void emit_k8s(const Sweep *s, StrBuf *b, const char *takt, long jobs)
{
    const char *argv[16 + 2 * SWEEP_MAX_AXES];
    char kb[32], ib[32], sb[32];
    int argc = 0;
    index_args(s, argv, &argc, kb, sizeof kb, ib, sizeof ib, sb, sizeof sb, 0);
    sb_puts(b, "# A Kubernetes Indexed Job: one pod per scenario of the sweep, each planning\n"
               "# the scenario of its completion index into the shared volume; apply with\n"
               "# kubectl apply -f, then compare with takt compare MODEL DIR (docs/scenarios.md).\n"
               "# The volume takt-sweep holds the model and receives the results.\n");
    sb_puts(b, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: takt-sweep\nspec:\n");
    sb_printf(b, "  completionMode: Indexed\n  completions: %llu\n  parallelism: %ld\n  backoffLimit: 0\n",
              (unsigned long long)s->njobs, jobs);
    sb_puts(b, "  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: takt\n");
    sb_puts(b, "          image: ");
    yaml_str(b, s->image);
    sb_puts(b, "\n          workingDir: /work\n          env:\n            - name: JOB_COMPLETION_INDEX\n"
               "              valueFrom:\n                fieldRef:\n"
               "                  fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']\n");
    sb_puts(b, "          command: [");
    yaml_str(b, takt);
    for (int i = 0; i < argc; i++) {
        sb_puts(b, ", ");
        yaml_str(b, i == argc - 1 ? "$(JOB_COMPLETION_INDEX)" : argv[i]);
    }
    sb_puts(b, "]\n          resources:\n            requests:\n              cpu: \"1\"\n");
    sb_puts(b, "          volumeMounts:\n            - name: work\n              mountPath: /work\n");
    sb_puts(b, "      volumes:\n        - name: work\n          persistentVolumeClaim:\n            claimName: takt-sweep\n");
}

static long parse_long(const char *s, long lo, long hi, bool *ok)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    *ok = *s && !*end && !errno && v >= lo && v <= hi;
    return v;
}

int cmd_sweep(int argc, char **argv)
{
    Sweep s;
    memset(&s, 0, sizeof s);
    s.iterations = 200;
    s.image = "takt";
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1) jobs = 1;
    const char *emit = NULL, *run_k = NULL;
    char *own_vary = NULL; /* the axis made from the model's scenarios */
    bool list = false;
    int code = EXIT_USAGE;
    s.vary = tk_xalloc((size_t)argc * sizeof(char *));
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool ok = true;
        if (cli_is_help(a)) {
            fputs(sweep_help, stdout);
            code = EXIT_CLEAN;
            goto done;
        }
        if (a[0] != '-' || !a[1]) {
            if (s.model) {
                cli_usage_error("sweep", "one model: '%s' is a second", a);
                goto done;
            }
            s.model = a;
            continue;
        }
        if (i + 1 >= argc && strcmp(a, "--list") != 0) {
            cli_usage_error("sweep", "'%s' needs a value", a);
            goto done;
        }
        if (strcmp(a, "-o") == 0) s.dir = argv[++i];
        else if (strcmp(a, "--vary") == 0) {
            if (s.nvary == SWEEP_MAX_AXES) {
                cli_usage_error("sweep", "at most %d --vary axes", SWEEP_MAX_AXES);
                goto done;
            }
            s.vary[s.nvary++] = argv[++i];
        }
        else if (strcmp(a, "-j") == 0) jobs = parse_long(argv[++i], 1, 1024, &ok);
        else if (strcmp(a, "--iterations") == 0) s.iterations = parse_long(argv[++i], 0, 1000000000, &ok);
        else if (strcmp(a, "--seed") == 0) s.seed = parse_long(argv[++i], 0, 2147483647, &ok);
        else if (strcmp(a, "--run-index") == 0) run_k = argv[++i];
        else if (strcmp(a, "--emit") == 0) emit = argv[++i];
        else if (strcmp(a, "--takt") == 0) s.takt = argv[++i];
        else if (strcmp(a, "--image") == 0) s.image = argv[++i];
        else if (strcmp(a, "--list") == 0) list = true;
        else {
            cli_usage_error("sweep", "unknown option '%s'", a);
            goto done;
        }
        if (!ok) {
            cli_usage_error("sweep", "'%s' is not a valid value for %s", argv[i], a);
            goto done;
        }
    }
    if (!s.model || !s.dir) {
        cli_usage_error("sweep", "expected a model and a folder: takt sweep MODEL.takt -o DIR");
        goto done;
    }
    if (emit && strcmp(emit, "parallel") != 0 && strcmp(emit, "slurm") != 0 && strcmp(emit, "k8s") != 0) {
        cli_usage_error("sweep", "--emit takes parallel, slurm or k8s");
        goto done;
    }
    /* the grid: the axes given, else the model and each of its scenarios */
    s.axes = tk_xalloc((s.nvary + 1) * sizeof(Axis));
    memset(s.axes, 0, (s.nvary + 1) * sizeof(Axis));
    if (s.nvary) {
        for (uint32_t i = 0; i < s.nvary; i++)
            if (!parse_axis(s.vary[i], &s.axes[s.naxes++])) goto done;
    } else {
        Model *m = model_new(cli_exe);
        const char *files[1] = {s.model};
        model_check_paths(m, files, 1);
        if (diag_has_errors(&m->diags)) {
            CliDiagOpts dopt;
            cli_diag_defaults(&dopt);
            code = cli_report(m, &dopt);
            model_free(m);
            goto done;
        }
        const char **names;
        uint32_t n = scenario_list(m, &names);
        StrBuf b = {0};
        sb_puts(&b, "base");
        for (uint32_t i = 0; i < n; i++) sb_printf(&b, ",%s", names[i]);
        tk_free(names);
        model_free(m);
        s.vary[s.nvary++] = own_vary = tk_strdup(sb_cstr(&b));
        sb_free(&b);
        if (!parse_axis(s.vary[0], &s.axes[s.naxes++])) goto done;
    }
    s.njobs = 1;
    for (uint32_t a = 0; a < s.naxes; a++) {
        s.njobs *= s.axes[a].n;
        if (s.njobs > SWEEP_MAX_JOBS) {
            cli_usage_error("sweep", "the grid has more than %d combinations", SWEEP_MAX_JOBS);
            goto done;
        }
    }
    if (list) {
        StrBuf b = {0};
        for (uint64_t k = 0; k < s.njobs; k++) {
            char *spec = job_spec(&s, k);
            sb_printf(&b, "%llu\t", (unsigned long long)k);
            esc_text(&b, job_name(spec));
            sb_putc(&b, '\n');
            tk_free(spec);
        }
        code = cli_write_stdout(b.data, b.len) ? EXIT_CLEAN : EXIT_USAGE;
        sb_free(&b);
        goto done;
    }
    if (emit) {
        /* an emitted file is one job a line (parallel), or a script whose
         * #SBATCH line holds the folder unquoted: a control character in a
         * name would start a line of its own */
        const char *names[4] = {s.model, s.dir, s.takt ? s.takt : "", s.image};
        for (int i = 0; i < 4; i++)
            for (const unsigned char *c = (const unsigned char *)names[i]; *c; c++)
                if (*c < 0x20 || *c == 0x7f) {
                    cli_usage_error("sweep", "'%s' holds a control character, which an emitted job cannot carry",
                                    esc_show(names[i]));
                    goto done;
                }
        StrBuf b = {0};
        char *exe = NULL;
        const char *takt = s.takt;
        if (!takt) takt = strcmp(emit, "parallel") == 0 ? (exe = self_exe()) : "takt";
        if (strcmp(emit, "parallel") == 0) emit_parallel(&s, &b, takt);
        else if (strcmp(emit, "slurm") == 0) emit_slurm(&s, &b, takt, jobs);
        else emit_k8s(&s, &b, takt, jobs);
        code = cli_write_stdout(b.data, b.len) ? EXIT_CLEAN : EXIT_USAGE;
        sb_free(&b);
        tk_free(exe);
        goto done;
    }
    if (mkdir(s.dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "takt sweep: cannot make the folder %s: %s\n", esc_show(s.dir), strerror(errno));
        goto done;
    }
    if (run_k) {
        bool ok;
        long k = parse_long(run_k, 0, SWEEP_MAX_JOBS, &ok);
        if (!ok || (uint64_t)k >= s.njobs) {
            cli_usage_error("sweep", "--run-index %s: the sweep has jobs 0 to %llu", esc_show(run_k),
                            (unsigned long long)(s.njobs - 1));
            goto done;
        }
        code = run_index(&s, (uint64_t)k);
        goto done;
    }
    code = run_all(&s, jobs);
done:
    for (uint32_t a = 0; a < s.naxes; a++) {
        for (uint32_t i = 0; i < s.axes[a].n; i++) tk_free(s.axes[a].v[i]);
        tk_free(s.axes[a].v);
    }
    tk_free(s.axes);
    tk_free(s.vary);
    tk_free(own_vary);
    return code;
}
