/* diag.h: source files and diagnostics. A diagnostic is a value with a span,
 * collected during every pass and rendered together, sorted into source order,
 * as text (with the source line and an underline), JSON or GitHub annotations. */
#ifndef TAKT_DIAG_H
#define TAKT_DIAG_H

#include "base.h"

#include <stdio.h>

/* ---- Source files -------------------------------------------------------- */
typedef struct SourceFile {
    char *path;      /* as opened */
    char *display;   /* as shown in messages (relative where possible) */
    char *text;      /* NUL-terminated copy; may contain NUL bytes before len */
    uint32_t len;
    uint32_t *line_starts; /* computed on first use */
    uint32_t nlines;
} SourceFile;

typedef struct Sources {
    SourceFile *files; /* index 0 is unused: FileId 0 means "no file" */
    uint32_t count, cap;
} Sources;

void sources_init(Sources *s);
void sources_free(Sources *s);
FileId sources_add(Sources *s, const char *path, const char *display, const char *text, size_t len);
/* The same, keeping text itself: a tk_big_alloc buffer with a NUL at text[len]. */
FileId sources_add_owned(Sources *s, const char *path, const char *display, char *text, size_t len);
const SourceFile *sources_get(const Sources *s, FileId id);
/* 1-based line and column (column counts characters, not bytes). */
void sources_locate(const Sources *s, FileId id, uint32_t off, uint32_t *line, uint32_t *col);

/* ---- Diagnostics --------------------------------------------------------- */
typedef enum DiagCode {
    DIAG_NONE = 0,
#define DIAG_CODE(num, name, title) DIAG_##name,
#include "diag_codes.def"
#undef DIAG_CODE
    DIAG__COUNT
} DiagCode;

typedef enum DiagLevel { DIAG_LEVEL_ERROR, DIAG_LEVEL_WARNING, DIAG_LEVEL_NOTE } DiagLevel;

typedef struct DiagNote {
    Span span;
    char *msg;
} DiagNote;

/* A mechanical fix, where the diagnostic knows it: the text that replaces
 * the span ("did you mean 'welder'?" puts welder in place of weldr). An
 * editor offers it as a quick fix (takt lsp, docs/lsp.md). */
typedef struct DiagFix {
    Span span;
    char *text;          /* NULL: no fix */
} DiagFix;

typedef struct Diag {
    DiagLevel level;
    DiagCode code;
    Span span;
    char *msg;
    char *hint;          /* may be NULL */
    DiagNote *notes;     /* e.g. "first defined here" */
    uint32_t nnotes;
    uint32_t seq;        /* insertion order, the last sort key */
    DiagFix fix;
} Diag;

typedef struct Diags {
    Diag *items;
    uint32_t len, cap;
    uint32_t nerrors, nwarnings;
    uint32_t suppressed;  /* dropped beyond the limit */
    uint32_t limit;       /* 0 = default */
} Diags;

void diags_init(Diags *d);
void diags_free(Diags *d);
Diag *diag_error(Diags *d, Span at, DiagCode code, const char *fmt, ...) TK_PRINTF(4, 5);
Diag *diag_warning(Diags *d, Span at, DiagCode code, const char *fmt, ...) TK_PRINTF(4, 5);
Diag *diag_add(Diags *d, DiagLevel lvl, Span at, DiagCode code, const char *fmt, va_list ap);
/* Both accept NULL (a suppressed diagnostic) and do nothing then. */
void diag_hint(Diag *g, const char *fmt, ...) TK_PRINTF(2, 3);
void diag_note(Diag *g, Span at, const char *fmt, ...) TK_PRINTF(3, 4);
/* The fix: text in place of the span at (a later call replaces it). */
void diag_fix(Diag *g, Span at, const char *text);
/* The hint "did you mean 'NAME'?" and its fix, NAME in place of at. */
void diag_suggest(Diag *g, Span at, const char *name);
/* Says g anew: another place, code and message, no hint, notes or fix (a syntax
 * error that a later rule of the parser understands better). */
void diag_reword(Diag *g, Span at, DiagCode code, const char *fmt, ...) TK_PRINTF(4, 5);
bool diag_has_errors(const Diags *d);
/* Removes the diagnostics drop() says to, before they are sorted (the rest
 * keep their order). */
void diags_drop(Diags *d, bool (*drop)(const Diag *g, void *ctx), void *ctx);
/* Has an error been reported within sp? (A block whose items were all
 * unreadable is not reported empty as well.) */
bool diag_errors_within(const Diags *d, Span sp);
void diags_sort(Diags *d);

const char *diag_code_str(DiagCode c);   /* "E0203" */
const char *diag_code_title(DiagCode c);
DiagCode diag_code_parse(const char *s); /* DIAG_NONE if unknown */

/* JSON: one object, {"format": "takt-diagnostics", "version": 1, "errors",
 * "warnings", "suppressed", "diagnostics": [...]} (docs/diagnostics.md,
 * "JSON and SARIF"); SARIF: a SARIF 2.1.0 log of one run. */
typedef enum DiagFormat { DIAG_FORMAT_TEXT, DIAG_FORMAT_JSON, DIAG_FORMAT_GITHUB, DIAG_FORMAT_SARIF } DiagFormat;
typedef struct DiagRenderOpts {
    DiagFormat format;
    bool color;
    bool werror;              /* render warnings as errors */
    const char *tool_version; /* SARIF's tool.driver.version */
} DiagRenderOpts;
void diags_render(const Diags *d, const Sources *src, const DiagRenderOpts *o, FILE *out);
void diags_render_buf(const Diags *d, const Sources *src, const DiagRenderOpts *o, StrBuf *out);
/* The errors and warnings as reported: with werror, warnings count as errors. */
void diags_count(const Diags *d, bool werror, uint32_t *errors, uint32_t *warnings);

/* JSON string escaping, shared with other writers. */
void json_escape(StrBuf *b, const char *s);

#endif
