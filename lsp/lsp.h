/* lsp.h: takt lsp, the language server (docs/lsp.md). It speaks JSON-RPC
 * 2.0 with Content-Length framing over two file descriptors and serves the
 * Language Server Protocol: diagnostics as the model is typed, definition,
 * references, hover, completion, symbols, formatting, rename and quick
 * fixes.
 *
 * Its input is hostile: a message's headers and body are bounded
 * (LSP_MAX_HEADER, LSP_MAX_MESSAGE), so is a document (LSP_MAX_DOCUMENT);
 * malformed frames and JSON are answered with JSON-RPC errors; a model's
 * imports are read only inside the projects of the workspace folders
 * (files.h), whatever paths the client names. */
#ifndef TAKT_LSP_H
#define TAKT_LSP_H

#include <stdbool.h>
#include <stdint.h>

/* docs/limits.md */
#define LSP_MAX_HEADER 4096           /* bytes of one header line */
#define LSP_MAX_HEADERS 32            /* header lines of one message */
#define LSP_MAX_MESSAGE (64u << 20)   /* bytes of one message's body */
#define LSP_MAX_DOCUMENT (16u << 20)  /* bytes of one open document (E0488) */
#define LSP_MAX_DOCUMENTS 4096        /* documents open at once */
#define LSP_MAX_CHANGES 10000         /* content changes in one didChange */
#define LSP_DEBOUNCE_MS 50            /* quiet time after an edit before checking */

typedef struct LspOptions {
    const char *exe;       /* argv[0], to find the standard library */
    int debounce_ms;       /* <0: LSP_DEBOUNCE_MS */
    bool trace;            /* a line per message on standard error */
} LspOptions;

/* Serves until the client's exit notification or the end of the input:
 * 0 after shutdown then exit, 1 otherwise (the protocol's exit codes). */
int lsp_serve(int in_fd, int out_fd, const LspOptions *o);

#endif
