/* cmd_fmt.c: `takt fmt` — rewrite model files in the canonical layout, or
 * with --check, only tell which files are not (for CI). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "compiler/esc.h"
#include "compiler/fmt.h"
#include "runtime/runtime.h"

static const char fmt_help[] =
    "usage: takt fmt [options] FILE.takt...\n"
    "\n"
    "Rewrites model files in Takt's canonical layout: two-space indentation,\n"
    "aligned routings and bills of materials, one blank line at most between\n"
    "declarations, comments kept where they are. Formatting never changes what\n"
    "a model means, and formatting a formatted file changes nothing.\n"
    "\n"
    "A block written on one line stays on one line while it fits in 120\n"
    "columns. One-line declarations of a kind written one under another (a\n"
    "list of orders, materials, machines) are aligned as a table, a column per\n"
    "setting; so are the steps of a routing, a column per clause, where a step\n"
    "on a long list of alternative machines pushes only its own line.\n"
    "\n"
    "options:\n"
    "  --check    change nothing; list the files that are not formatted, each\n"
    "             from its first line the layout writes otherwise, and exit 1\n"
    "             if there are any (for CI; --format=github annotates that line,\n"
    "             json and sarif report it as E0482, all files in one document)\n"
    "  --stdout   print the formatted text instead of rewriting the file\n"
    "  --color=auto|always|never, --format=text|json|github|sarif   for syntax errors\n"
    "  --allow-read DIR   follow a symbolic link into DIR (docs/security.md)\n"
    "\n"
    "Files with syntax errors are left alone and their errors reported. A\n"
    "UTF-8 byte-order mark at the start of a file is kept. A symbolic link\n"
    "is followed only inside the folder it is named in.\n"
    "Exit codes: 0 done (or all formatted), 1 not formatted or syntax errors,\n"
    "2 usage or I/O errors.\n";

/* The first line of the file that the canonical layout writes otherwise:
 * its number, and its span in at. */
static uint32_t first_difference(const SourceFile *sf, const char *want, size_t wn, Span *at)
{
    size_t i = 0, lo = 0;
    uint32_t line = 1;
    while (i < sf->len && i < wn && sf->text[i] == want[i]) {
        if (sf->text[i] == '\n') {
            line++;
            lo = i + 1;
        }
        i++;
    }
    size_t hi = lo;
    while (hi < sf->len && sf->text[hi] != '\n') hi++;
    if (lo == sf->len && lo > 0) { /* at the very end: the last line */
        line--;
        hi = lo - 1;
        lo = hi;
        while (lo > 0 && sf->text[lo - 1] != '\n') lo--;
        if (line == 0) line = 1;
    }
    at->file = 0;
    at->lo = (uint32_t)lo;
    at->hi = (uint32_t)hi;
    return line;
}

/* What the layout has there instead; line ends in CRLF said as such. */
static void hint_layout(Diag *g, const SourceFile *sf, Span at, const char *want, size_t wn)
{
    if (at.hi > at.lo && sf->text[at.hi - 1] == '\r') {
        diag_hint(g, "the file's lines end in CRLF, the canonical layout's in a line feed alone; in git, "
                     "`*.takt text eol=lf` in .gitattributes keeps them so (docs/ci.md)");
        return;
    }
    /* the same line of the formatted text: as many line feeds before it */
    size_t k = 0;
    for (size_t i = 0; i < at.lo && i < sf->len; i++)
        if (sf->text[i] == '\n') k++;
    size_t p = 0;
    while (k && p < wn) {
        if (want[p] == '\n') k--;
        p++;
    }
    size_t q = p;
    while (q < wn && want[q] != '\n') q++;
    if (p >= wn) diag_hint(g, "the canonical layout ends before this line");
    else if (q == p) diag_hint(g, "the canonical layout has an empty line here");
    else diag_hint(g, "the canonical layout has: %.*s", (int)(q - p), want + p);
}

int cmd_fmt(int argc, char **argv)
{
    CliDiagOpts dopt;
    cli_diag_defaults(&dopt);
    bool check = false, to_stdout = false;
    int nfiles = 0, code = EXIT_CLEAN;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(fmt_help, stdout);
            return EXIT_CLEAN;
        }
        if (a[0] != '-') {
            nfiles++;
            continue;
        }
        int r = cli_diag_option(&dopt, a);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        if (strcmp(a, "--check") == 0) check = true;
        else if (strcmp(a, "--stdout") == 0) to_stdout = true;
        else return cli_usage_error("fmt", "unknown option '%s'", a);
    }
    if (!nfiles) return cli_usage_error("fmt", "no file given");
    /* --stdout into one of the files: refused before the first is read */
    for (int i = 1; i < argc && to_stdout; i++)
        if (argv[i][0] != '-' && files_fd_is(STDOUT_FILENO, argv[i])) {
            fprintf(stderr, "takt fmt: standard output is '%s', one of the files to format\n", argv[i]);
            return EXIT_USAGE;
        }
    int unformatted = 0;
    /* JSON and SARIF: one document for all the files, their findings together */
    bool one_doc = dopt.format == DIAG_FORMAT_JSON || dopt.format == DIAG_FORMAT_SARIF;
    Model *all = one_doc ? model_new(cli_exe) : NULL;
    for (int i = 1; i < argc; i++) {
        const char *path = argv[i];
        if (path[0] == '-') continue;
        Model *m = all ? all : model_new(cli_exe);
        uint32_t errors_before = m->diags.nerrors;
        int idx = loader_parse_only(m, path);
        if (idx < 0 || m->diags.nerrors > errors_before) {
            if (all) continue;
            diags_sort(&m->diags);
            int c = cli_report(m, &dopt);
            if (c > code) code = c;
            model_free(m);
            continue;
        }
        const LoadedFile *lf = &m->loader.files.data[idx];
        const SourceFile *sf = sources_get(&m->sources, lf->id);
        /* a byte-order mark (not in the text) stays: formatting is layout */
        StrBuf out = {0};
        if (lf->bom) sb_puts(&out, "\xEF\xBB\xBF");
        size_t skip = out.len;
        char *text = fmt_file(lf->root, sf, &m->strs);
        sb_puts(&out, text);
        tk_free(text);
        bool same = out.len - skip == sf->len && memcmp(out.data + skip, sf->text, sf->len) == 0;
        if (to_stdout) {
            if (!cli_write_stdout(out.data, out.len)) code = EXIT_USAGE;
        } else if (check) {
            if (!same) {
                Span at;
                uint32_t line_no = first_difference(sf, out.data + skip, out.len - skip, &at);
                at.file = lf->id;
                if (dopt.format == DIAG_FORMAT_TEXT) {
                    StrBuf line = {0};
                    sb_printf(&line, "%s: not formatted from line %u (run: takt fmt %s)\n", esc_show(path), line_no,
                              esc_show(path));
                    if (!cli_write_stdout(line.data, line.len)) code = EXIT_USAGE;
                    sb_free(&line);
                } else {
                    /* an annotation at the first line that differs */
                    Diag *g = diag_error(&m->diags, at, DIAG_NOT_FORMATTED, "not formatted from this line (run: takt fmt %s)",
                                         path);
                    hint_layout(g, sf, at, out.data + skip, out.len - skip);
                    if (!all) {
                        int c = cli_report(m, &dopt);
                        if (c == EXIT_USAGE) code = EXIT_USAGE;
                    }
                }
                unformatted++;
            }
        } else if (!same && !write_file_atomic(lf->key, out.data, out.len)) { /* a link: its file */
            fprintf(stderr, "takt fmt: cannot write '%s': %s\n", esc_show(path), strerror(errno));
            code = EXIT_USAGE;
        }
        sb_free(&out);
        if (!all) model_free(m);
    }
    if (all) {
        /* the syntax errors and unformatted files of them all, in one document */
        int c = cli_report(all, &dopt);
        if (c > code) code = c;
        model_free(all);
    }
    if (unformatted && code == EXIT_CLEAN) code = EXIT_MODEL;
    return code;
}
