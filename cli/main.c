/* main.c: the takt command and its subcommands. Only main() chooses an exit
 * code: 0 clean, 1 model errors (or violations), 2 usage or I/O errors. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "made.h"
#include "compiler/esc.h"
#include "compiler/files.h"
#include "compiler/sema.h"

const char *cli_exe = "takt";
const char *cli_cmd = "";

static const char main_help[] =
    "usage: takt <command> [options] [arguments]\n"
    "\n"
    "Takt checks production plant models and plans them.\n"
    "\n"
    "commands:\n"
    "  check    check a model and report every mistake\n"
    "  plan     plan a model: work orders, purchases, schedule, report\n"
    "  verify   check a plan (or a schedule CSV) against its model\n"
    "  diff     what changed between two plans, as a change log\n"
    "  fmt      rewrite model files in the canonical layout\n"
    "  import   a job shop benchmark as a model, or shop-floor actuals (CSV)\n"
    "  forecast forecasts from sales history (CSV), as forecast blocks\n"
    "  dispatch the shop floor's lists of a plan: per machine unit, what it\n"
    "           runs in a shift, day or week, what to set up and to stage\n"
    "  lsp      the language server, for editors (over standard input and output)\n"
    "  compare  plans of the model's scenarios side by side\n"
    "  sweep    plan many scenarios, here in parallel or on a batch engine\n"
    "  merge-plan  git's merge driver for plan files: plans the merged model again\n"
    "\n"
    "options:\n"
    "  --help       show this help, or a command's help with 'takt <command> --help'\n"
    "  --version    show the version\n"
    "  --allow-read DIR   (after any command) let models read files in DIR too;\n"
    "               also TAKT_ALLOW_READ=DIR:DIR. A model reads only files of\n"
    "               its project (docs/security.md)\n"
    "\n"
    "Exit codes: 0 clean, 1 errors in the model, 2 usage or I/O errors (a\n"
    "write that fails, to standard output too, is one).\n"
    "The language is described in docs/language.md.\n";

bool cli_is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

const char *cli_opt_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return NULL;
    if (a[n] == '=') return a + n + 1;
    if (a[n] == 0 && *i + 1 < argc) return argv[++*i];
    return NULL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = tk_vfmt(fmt, ap); /* it may quote an argument: escaped whole */
    va_end(ap);
    fprintf(stderr, "takt %s: %s\n(see 'takt %s --help')\n", cmd, esc_show(msg), cmd);
    tk_free(msg);
    return EXIT_USAGE;
}

void cli_diag_defaults(CliDiagOpts *o)
{
    memset(o, 0, sizeof *o);
    o->format = DIAG_FORMAT_TEXT;
    o->color = -1;
}

int cli_diag_option(CliDiagOpts *o, const char *arg)
{
    if (strncmp(arg, "--format=", 9) == 0) {
        const char *v = arg + 9;
        if (strcmp(v, "text") == 0) o->format = DIAG_FORMAT_TEXT;
        else if (strcmp(v, "json") == 0) o->format = DIAG_FORMAT_JSON;
        else if (strcmp(v, "github") == 0) o->format = DIAG_FORMAT_GITHUB;
        else if (strcmp(v, "sarif") == 0) o->format = DIAG_FORMAT_SARIF;
        else {
            fprintf(stderr, "takt: unknown format '%s' (text, json, github or sarif)\n", esc_show(v));
            return -1;
        }
        return 1;
    }
    if (strncmp(arg, "--color=", 8) == 0) {
        const char *v = arg + 8;
        if (strcmp(v, "auto") == 0) o->color = -1;
        else if (strcmp(v, "always") == 0) o->color = 1;
        else if (strcmp(v, "never") == 0) o->color = 0;
        else {
            fprintf(stderr, "takt: unknown colour choice '%s' (auto, always or never)\n", esc_show(v));
            return -1;
        }
        return 1;
    }
    if (strcmp(arg, "--werror") == 0) {
        o->werror = true;
        return 1;
    }
    if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
        o->quiet = true;
        return 1;
    }
    return 0;
}

static bool use_color(const CliDiagOpts *o)
{
    if (o->color >= 0) return o->color == 1;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc) return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0) return false;
    return isatty(STDERR_FILENO) != 0;
}

static bool is_io_code(DiagCode c)
{
    return c == DIAG_CANNOT_READ || c == DIAG_NOT_A_FILE || c == DIAG_FILE_TOO_LARGE || c == DIAG_OUTSIDE_PROJECT;
}

int cli_report(Model *m, const CliDiagOpts *o)
{
    DiagRenderOpts ro = {o->format, false, o->werror, cli_version()};
    if (o->format == DIAG_FORMAT_TEXT) {
        ro.color = use_color(o);
        diags_render(&m->diags, &m->sources, &ro, stderr);
    } else if (cli_stdout_guard()) {
        diags_render(&m->diags, &m->sources, &ro, stdout);
        (void)cli_stdout_failed();
    }
    bool io = false;
    for (uint32_t i = 0; i < m->diags.len; i++) {
        const Diag *g = &m->diags.items[i];
        if (g->level == DIAG_LEVEL_ERROR && is_io_code(g->code) && g->span.file == 0) io = true;
    }
    uint32_t ne = m->diags.nerrors, nw = m->diags.nwarnings;
    if (o->werror) {
        ne += nw;
        nw = 0;
    }
    if (o->format == DIAG_FORMAT_TEXT && !o->quiet) {
        if (ne || nw)
            fprintf(stderr, "takt: %u error%s, %u warning%s\n", ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
    }
    if (io || (o->format != DIAG_FORMAT_TEXT && cli_stdout_failed())) return EXIT_USAGE;
    if (ne) return EXIT_MODEL;
    return EXIT_CLEAN;
}

char *cli_read_file(const char *cmd, const char *path, const char *what, size_t *len)
{
    FileText ft;
    char *msg;
    if (files_read_named(path, CLI_MAX_FILE, what, &ft, &msg) != FILE_OK) {
        fprintf(stderr, "takt %s: %s\n", cmd, esc_show(msg));
        tk_free(msg);
        return NULL;
    }
    *len = ft.len;
    return ft.text;
}

bool cli_load_pins(Model *m, const char *cmd, const char *const *paths, int n)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(paths[i]);
        if (len < 4 || strcmp(paths[i] + len - 4, ".csv") != 0) {
            fprintf(stderr, "takt %s: not reading '%s' as pins: a pins file is a CSV file, whose name ends in .csv\n", cmd,
                    esc_show(paths[i]));
            return false;
        }
        size_t n2 = 0;
        char *text = cli_read_file(cmd, paths[i], "a pins file", &n2);
        if (!text) return false;
        FileId f = sources_add_owned(&m->sources, paths[i], paths[i], text, n2);
        vec_push(&m->extra_pins, f);
    }
    return true;
}

bool cli_check_outputs(const char *cmd, const char *const *outs, const char *const *what, int n)
{
    for (int i = 0; i < n; i++) {
        if (!outs[i]) continue;
        if (files_is_input(outs[i])) {
            fprintf(stderr, "takt %s: not writing the %s to '%s': it is one of the input files\n", cmd, what[i],
                    esc_show(outs[i]));
            return false;
        }
        for (int j = 0; j < i; j++)
            if (outs[j] && files_same_output(outs[i], outs[j])) {
                fprintf(stderr, "takt %s: the %s and the %s would both be written to '%s'\n", cmd, what[j], what[i],
                        esc_show(outs[i]));
                return false;
            }
    }
    return true;
}

/* ---- Standard output ------------------------------------------------------
 * Every failed write is an error (exit 2): the report, JSON and change logs
 * go to standard output, which may be a full disk or a pipe whose reader is
 * gone (SIGPIPE is ignored, so the write fails and says so). */
static bool stdout_failed; /* and said so */

static void say(const char *fmt, ...) TK_PRINTF(1, 2);
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, *cli_cmd ? "takt %s: " : "takt%s: ", cli_cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

bool cli_stdout_guard(void)
{
    /* asked before each write: takt fmt reads its files one by one */
    if (files_fd_is_input(STDOUT_FILENO)) {
        if (!stdout_failed) say("standard output is one of the input files; not writing to it");
        stdout_failed = true;
        return false;
    }
    return true;
}

static void stdout_error(int e)
{
    if (stdout_failed) return;
    if (e) say("cannot write to standard output: %s", strerror(e));
    else say("cannot write to standard output");
    stdout_failed = true;
}

bool cli_stdout_failed(void)
{
    if (stdout_failed) return true;
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return false;
    stdout_error(errno);
    return true;
}

bool cli_write_stdout(const char *data, size_t len)
{
    if (!cli_stdout_guard() || stdout_failed) return false;
    errno = 0;
    if (len && fwrite(data, 1, len, stdout) != len) {
        stdout_error(errno);
        return false;
    }
    return !cli_stdout_failed();
}

/* The end of every command: what is still buffered written, and any write
 * that failed on the way makes the exit code 2. */
static int finish(int code)
{
    if (cli_stdout_failed()) code = EXIT_USAGE;
    if (fclose(stdout) != 0 && !stdout_failed) {
        say("cannot write to standard output: %s", strerror(errno));
        code = EXIT_USAGE;
    }
    if (fflush(stderr) != 0 || ferror(stderr)) code = EXIT_USAGE; /* nowhere left to say so */
    return code;
}

/* Before any command: descriptors 0-2 open (a file opened later must not
 * become standard output), SIGPIPE and SIGXFSZ ignored (a failed write is an
 * error to report, not a silent end), and the folders a trusted user
 * allows: TAKT_ALLOW_READ and every --allow-read DIR, taken out of argv. */
static bool setup(int *argc, char **argv)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            /* read-only: writing to a closed stdout or stderr still fails */
            int n = open("/dev/null", O_RDONLY);
            if (n >= 0 && n != fd) close(n);
        }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    char *bad;
    if (!files_trust_env(&bad)) {
        say("TAKT_ALLOW_READ names '%s', which cannot be used: %s", esc_show(bad), strerror(errno));
        tk_free(bad);
        return false;
    }
    int out = 2;
    bool rest = false;
    for (int i = 2; i < *argc; i++) {
        const char *a = argv[i], *dir = NULL;
        if (!rest && strcmp(a, "--") == 0) rest = true;
        if (!rest && strcmp(a, "--allow-read") == 0) {
            if (i + 1 == *argc) {
                say("--allow-read needs a folder");
                return false;
            }
            dir = argv[++i];
        } else if (!rest && strncmp(a, "--allow-read=", 13) == 0) dir = a + 13;
        if (!dir) {
            argv[out++] = argv[i];
            continue;
        }
        if (!files_trust(dir)) {
            say("--allow-read '%s': %s", esc_show(dir), *dir ? strerror(errno) : "no folder given");
            return false;
        }
    }
    *argc = out;
    argv[out] = NULL;
    return true;
}

static int run(int argc, char **argv)
{
    const char *cmd = argv[1];
    if (cli_is_help(cmd)) {
        fputs(main_help, stdout);
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("takt %s (revision %s)\n", cli_version(), cli_revision());
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "plan") == 0) return cmd_plan(argc - 1, argv + 1);
    if (strcmp(cmd, "verify") == 0) return cmd_verify(argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0) return cmd_diff(argc - 1, argv + 1);
    if (strcmp(cmd, "fmt") == 0) return cmd_fmt(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "forecast") == 0) return cmd_forecast(argc - 1, argv + 1);
    if (strcmp(cmd, "dispatch") == 0) return cmd_dispatch(argc - 1, argv + 1);
    if (strcmp(cmd, "lsp") == 0) return cmd_lsp(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0) return cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0) return cmd_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "merge-plan") == 0) return cmd_merge_plan(argc - 1, argv + 1);
    fprintf(stderr, "takt: unknown command '%s'\n\n", esc_show(cmd));
    fputs(main_help, stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc > 0) cli_exe = argv[0];
    if (argc < 2) {
        fputs(main_help, stderr);
        return EXIT_USAGE;
    }
    static const char *const cmds[] = {"check", "plan", "verify", "diff", "fmt", "import"};
    for (size_t i = 0; i < TK_COUNTOF(cmds); i++)
        if (strcmp(argv[1], cmds[i]) == 0) cli_cmd = cmds[i];
    if (!setup(&argc, argv)) return finish(EXIT_USAGE);
    return finish(run(argc, argv));
}
