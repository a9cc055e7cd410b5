/* lsp_int.h: the language server's parts (server.c: protocol, documents,
 * checking and diagnostics; query.c: what a position names). */
#ifndef TAKT_LSP_INT_H
#define TAKT_LSP_INT_H

#include <jansson.h>

#include "compiler/model.h"
#include "compiler/sema.h"
#include "lsp.h"

/* Where a name leads: a declaration, a routing step, an attribute, a
 * parameter, a file, or a built-in word that has no declaration. */
typedef enum TargetKind {
    TG_NONE, TG_ENTITY, TG_STEP, TG_ATTR, TG_PARAM, TG_FILE, TG_VAR, TG_FN, TG_SETTING,
} TargetKind;

typedef struct Occ {
    uint32_t lo, hi;     /* the name, in its file */
    FileId file;
    uint8_t kind;        /* TargetKind */
    bool decl;           /* the name where it is declared */
    int32_t idx;         /* entity; product (TG_STEP); attr; rule (TG_PARAM); loaded file; RuleVar; fn */
    int32_t sub;         /* step index; parameter index */
    Span def;            /* where it is declared (empty: nowhere to go) */
} Occ;
TK_VEC(OccVec, Occ);

/* A checked model and what its names lead to. */
typedef struct Checked {
    Model *m;
    OccVec occ;          /* built on first use */
    bool indexed;
} Checked;

typedef struct Doc {
    char *uri;
    char *path;          /* its real path; NULL: not a local file (E0490) */
    char *text;
    size_t len, cap;     /* cap: bytes allocated for text */
    int64_t version;
    bool dirty;          /* changed since opened or saved */
    bool pending;        /* to be checked */
    int64_t due_ms;      /* when (debounced) */
    char *broken;        /* an edit that could not be applied (E0489), or NULL */
    Checked ck;          /* the last check; ck.m NULL before the first */
    char **published;    /* URIs its last diagnostics went to */
    uint32_t npublished;
} Doc;

typedef struct Server {
    int in, out;
    LspOptions opt;
    Doc **docs;
    uint32_t ndocs, capdocs;
    ReadArea area;       /* the workspace folders' projects */
    char *root;          /* the first workspace folder, for display */
    bool initialized, shutdown, exited;
    int exit_code;
    /* input */
    char *buf;
    size_t blen, bcap, bpos;
    bool eof;
} Server;

/* ---- text and positions (server.c) ---- */
/* The byte offset of an LSP position (UTF-16 units) in text, clamped to the
 * line's end and the text's end. */
uint32_t lsp_offset(const char *text, uint32_t len, int64_t line, int64_t character);
json_t *lsp_position(const char *text, uint32_t len, uint32_t off);
json_t *lsp_range(const char *text, uint32_t len, uint32_t lo, uint32_t hi);
/* Forgets the line starts lsp_position keeps of recent texts. */
void lsp_lines_forget(void);
/* A string that jansson accepts: invalid UTF-8 replaced. */
json_t *lsp_str(const char *s);
char *lsp_uri_of_path(const char *path);
/* A span as an LSP location (uri and range), NULL for a file without a
 * local path (the embedded standard library). */
json_t *lsp_location(const Model *m, Span sp);

Doc *lsp_doc(Server *s, const char *uri);
/* The model whose root is the file at real (a real path), checked as the
 * documents are (open documents read from the editor); the caller frees it. */
Model *lsp_check_file(Server *s, const char *real);
/* Whether a real path lies in the workspace's projects. */
bool lsp_in_workspace(Server *s, const char *real);
/* The document checked now if it waits (a query needs its latest text). */
void lsp_check_now(Server *s, Doc *d);

/* ---- queries (query.c) ---- */
void checked_free(Checked *c);
/* The name at off in the loaded file lf of c (NULL if none). */
const Occ *query_at(Checked *c, uint32_t lf, uint32_t off);
/* The loaded file of the document's own text (the root): 0. */
json_t *query_definition(Server *s, Doc *d, uint32_t off);
json_t *query_references(Server *s, Doc *d, uint32_t off, bool with_decl);
json_t *query_hover(Server *s, Doc *d, uint32_t off);
json_t *query_completion(Server *s, Doc *d, uint32_t off);
json_t *query_document_symbols(Server *s, Doc *d);
json_t *query_workspace_symbols(Server *s, const char *q);
/* A WorkspaceEdit, or NULL with *err set (a message, malloc'd). */
json_t *query_rename(Server *s, Doc *d, uint32_t off, const char *name, char **err);
json_t *query_prepare_rename(Server *s, Doc *d, uint32_t off);

#endif
