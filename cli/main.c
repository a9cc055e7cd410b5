/* main.c: the takt command and its subcommands. Only main() chooses an exit
 * code: 0 clean, 1 model errors (or violations), 2 usage or I/O errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/sema.h"

const char *cli_exe = "takt";

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
    "\n"
    "options:\n"
    "  --help       show this help, or a command's help with 'takt <command> --help'\n"
    "  --version    show the version\n"
    "\n"
    "Exit codes: 0 clean, 1 errors in the model, 2 usage or I/O errors.\n"
    "The language is described in docs/language.md.\n";

bool cli_is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

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
        else {
            fprintf(stderr, "takt: unknown format '%s' (text, json or github)\n", esc_show(v));
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
    return c == DIAG_CANNOT_READ || c == DIAG_NOT_A_FILE || c == DIAG_FILE_TOO_LARGE;
}

int cli_report(Model *m, const CliDiagOpts *o)
{
    DiagRenderOpts ro = {o->format, false, o->werror};
    if (o->format == DIAG_FORMAT_TEXT) {
        ro.color = use_color(o);
        diags_render(&m->diags, &m->sources, &ro, stderr);
    } else {
        diags_render(&m->diags, &m->sources, &ro, stdout);
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
    if (io) return EXIT_USAGE;
    if (ne) return EXIT_MODEL;
    return EXIT_CLEAN;
}

char *cli_read_file(const char *cmd, const char *path, size_t *len)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "takt %s: cannot read '%s': %s\n", cmd, esc_show(path), strerror(errno));
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        fprintf(stderr, "takt %s: cannot read '%s': not a file\n", cmd, esc_show(path));
        return NULL;
    }
    if ((uint64_t)sb.st_size > CLI_MAX_FILE) {
        fprintf(stderr, "takt %s: '%s' is too large (over 2 GiB)\n", cmd, esc_show(path));
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "takt %s: cannot read '%s': %s\n", cmd, esc_show(path), strerror(errno));
        return NULL;
    }
    /* a big buffer (tk_big_alloc): a plan file is megabytes */
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    char *buf = tk_big_xalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            buf = tk_big_xrealloc(buf, n, cap * 2 + 1);
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    bool err = ferror(f) != 0;
    fclose(f);
    if (err) {
        fprintf(stderr, "takt %s: cannot read '%s'\n", cmd, esc_show(path));
        tk_big_free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc > 0) cli_exe = argv[0];
    if (argc < 2) {
        fputs(main_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (cli_is_help(cmd)) {
        fputs(main_help, stdout);
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("takt %s\n", TAKT_VERSION);
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "plan") == 0) return cmd_plan(argc - 1, argv + 1);
    if (strcmp(cmd, "verify") == 0) return cmd_verify(argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0) return cmd_diff(argc - 1, argv + 1);
    if (strcmp(cmd, "fmt") == 0) return cmd_fmt(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "forecast") == 0) return cmd_forecast(argc - 1, argv + 1);
    fprintf(stderr, "takt: unknown command '%s'\n\n", esc_show(cmd));
    fputs(main_help, stderr);
    return EXIT_USAGE;
}
