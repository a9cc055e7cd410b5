/* cmd_lsp.c: `takt lsp` — the language server over standard input and
 * output (lsp/lsp.h, docs/lsp.md). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lsp/lsp.h"

static const char lsp_help[] =
    "usage: takt lsp [options]\n"
    "\n"
    "Serves the Language Server Protocol over standard input and output, for\n"
    "an editor: diagnostics as you type (the same as takt check), go to\n"
    "definition, references, hover, completion, document and workspace\n"
    "symbols, formatting (as takt fmt), rename and quick fixes. An editor\n"
    "starts it; see docs/lsp.md and editor-support/README.md.\n"
    "\n"
    "options:\n"
    "  --stdio              talk over standard input and output (the default;\n"
    "                       accepted because editors pass it)\n"
    "  --debounce=MS        quiet time after an edit before checking (default 50)\n"
    "  --trace              log each message to standard error\n"
    "  --allow-read DIR     let models read files in DIR too (docs/security.md)\n"
    "\n"
    "A model's imports are read only inside the projects of the editor's\n"
    "workspace folders (and the standard library). Exit codes: 0 after the\n"
    "client's shutdown and exit, 1 if the input ends or exit comes first,\n"
    "2 usage errors.\n";

int cmd_lsp(int argc, char **argv)
{
    LspOptions o = {cli_exe, -1, false};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(lsp_help, stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--stdio") == 0) continue;
        if (strcmp(a, "--trace") == 0) {
            o.trace = true;
            continue;
        }
        if (strncmp(a, "--debounce=", 11) == 0) {
            char *e;
            long v = strtol(a + 11, &e, 10);
            if (e == a + 11 || *e || v < 0 || v > 10000)
                return cli_usage_error("lsp", "--debounce wants milliseconds from 0 to 10000, not '%s'", a + 11);
            o.debounce_ms = (int)v;
            continue;
        }
        return cli_usage_error("lsp", "unknown option '%s'", a);
    }
    return lsp_serve(STDIN_FILENO, STDOUT_FILENO, &o);
}
