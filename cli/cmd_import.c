/* cmd_import.c: `takt import` — read a scheduling benchmark instance, write
 * it as a model, to standard output or whole to a file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "runtime/import_bench.h"

static const char import_help[] =
    "usage: takt import jssp|fjsp [options] FILE\n"
    "\n"
    "Reads a classic scheduling benchmark instance and writes it as a Takt\n"
    "model whose plans minimise the makespan.\n"
    "\n"
    "formats:\n"
    "  jssp    job shop: a line 'JOBS MACHINES', then one line per job of\n"
    "          MACHINES pairs 'machine time' (machines counted from 0)\n"
    "  fjsp    flexible job shop (Brandimarte .fjs): a line 'JOBS MACHINES\n"
    "          FLEXIBILITY', then one line per job 'n  k m t ... m t  k m t ...':\n"
    "          n operations, each with k pairs 'machine time' (machines\n"
    "          counted from 1)\n"
    "\n"
    "options:\n"
    "  -o, --output=OUT.takt   write the model to OUT.takt instead of standard\n"
    "                          output; the file is replaced only once the model\n"
    "                          is complete\n"
    "\n"
    "One time unit is one minute from 2000-01-01 00:00; machine i (from 0) is\n"
    "m<i>, job i is order j<i> of product p<i>, its operations are the steps\n"
    "o0, o1, ... The mapping is described in docs/import.md.\n"
    "\n"
    "Exit codes: 0 written, 1 the instance is malformed, 2 usage or I/O errors.\n";

/* Writes data to path through a temporary file beside it, renamed over it
 * once complete, so a reader never sees half a model. Returns an error
 * message to free, or NULL. */
static char *write_whole(const char *path, const char *data, size_t len)
{
    char *tmp = tk_fmt("%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        char *msg = tk_fmt("cannot write '%s': %s", path, strerror(errno));
        tk_free(tmp);
        return msg;
    }
    mode_t mask = umask(0);
    umask(mask);
    int err = fchmod(fd, 0666 & ~mask) != 0 ? errno : 0;
    for (size_t done = 0; !err && done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno != EINTR) err = errno;
        if (n > 0) done += (size_t)n;
    }
    if (!err && fsync(fd) != 0) err = errno;
    if (close(fd) != 0 && !err) err = errno;
    if (!err && rename(tmp, path) != 0) err = errno;
    char *msg = NULL;
    if (err) {
        unlink(tmp);
        msg = tk_fmt("cannot write '%s': %s", path, strerror(err));
    }
    tk_free(tmp);
    return msg;
}

int cmd_import(int argc, char **argv)
{
    const char *args[2] = {NULL, NULL}, *out = NULL;
    int nargs = 0;
    bool no_more_opts = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!no_more_opts && a[0] == '-' && a[1]) {
            if (strcmp(a, "--") == 0) {
                no_more_opts = true;
            } else if (cli_is_help(a)) {
                fputs(import_help, stdout);
                return EXIT_CLEAN;
            } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
                if (i + 1 == argc) return cli_usage_error("import", "option '%s' needs a file name", a);
                out = argv[++i];
            } else if (strncmp(a, "--output=", 9) == 0) {
                out = a + 9;
            } else {
                return cli_usage_error("import", "unknown option '%s'", a);
            }
            continue;
        }
        if (nargs == 2) return cli_usage_error("import", "unexpected argument '%s': give one instance file", a);
        args[nargs++] = a;
    }
    if (nargs == 0) return cli_usage_error("import", "no format given (jssp or fjsp)");
    BenchKind kind;
    if (!bench_kind_parse(args[0], &kind))
        return cli_usage_error("import", "unknown format '%s' (jssp or fjsp)", args[0]);
    if (nargs == 1) return cli_usage_error("import", "no instance file given");
    if (out && !*out) return cli_usage_error("import", "the output file name is empty");

    BenchInstance bi;
    char *err;
    BenchStatus st = bench_load(&bi, kind, args[1], &err);
    if (st != BENCH_OK) {
        if (st == BENCH_IO_ERROR) fprintf(stderr, "takt import: %s\n", err);
        else fprintf(stderr, "%s\n", err);
        tk_free(err);
        return st == BENCH_IO_ERROR ? EXIT_USAGE : EXIT_MODEL;
    }
    StrBuf model = {0};
    bench_write_model(&bi, &model);
    bench_free(&bi);

    int code = EXIT_CLEAN;
    if (out) {
        err = write_whole(out, model.data, model.len);
        if (err) {
            fprintf(stderr, "takt import: %s\n", err);
            tk_free(err);
            code = EXIT_USAGE;
        }
    } else if (fwrite(model.data, 1, model.len, stdout) != model.len || fflush(stdout) != 0) {
        fprintf(stderr, "takt import: cannot write standard output: %s\n", strerror(errno));
        code = EXIT_USAGE;
    }
    sb_free(&model);
    return code;
}
