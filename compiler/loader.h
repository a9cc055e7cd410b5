/* loader.h: reading model files and following their imports. */
#ifndef TAKT_LOADER_H
#define TAKT_LOADER_H

#include "ast.h"
#include "files.h"

typedef struct EmbeddedFile {
    const char *path;  /* relative to the stdlib root: "std/calendars.takt" */
    const char *text;
    size_t len;
} EmbeddedFile;
extern const EmbeddedFile takt_embedded_stdlib[];

/* One parsed file. Files are numbered in load order (the root first), which
 * is also the order diagnostics are sorted in. */
typedef struct LoadedFile {
    FileId id;
    char *key;        /* real path, or "<stdlib>/std/x.takt" */
    Sym ns;           /* namespace of its declarations: SYM_NONE or "std" */
    AstNode *root;    /* NULL if it could not be parsed */
    bool bom;         /* its text began with a UTF-8 byte-order mark (not in the text) */
} LoadedFile;
TK_VEC(LoadedFiles, LoadedFile);

typedef struct Loader {
    LoadedFiles files;
    char **search;        /* module search roots, in order */
    uint32_t nsearch;
    U32Vec stack;         /* indexes into files being loaded (cycle detection) */
    ReadArea area;        /* where imports may read: the projects of the root
                             files and the search roots (docs/security.md) */
    uint32_t max_file_size;
    uint64_t total_size;  /* bytes of every file loaded so far (LOADER_MAX_TOTAL) */
    bool full_syntax;     /* every reported operation item by item, none read whole */
    bool cut_short;       /* a file's parse stopped at E0007: the model is not checked further */
    bool over_limit;      /* LOADER_MAX_FILES or LOADER_MAX_TOTAL reported: no more files */
    /* Texts that stand for files on disk (an editor's unsaved buffers, takt
     * lsp): asked for each file by its real path, after the checks of what
     * may be read; true with the text (not copied before the call returns
     * ends; no byte-order mark) if it has one. NULL: the disk only. */
    bool (*overlay)(void *ctx, const char *real, const char **text, size_t *len);
    void *overlay_ctx;
} Loader;

/* docs/limits.md: one model file, all the files of a model together, how
 * many files, and how deep imports may nest (each import is a recursion). */
#define LOADER_MAX_FILE_SIZE (64u << 20)
#define LOADER_MAX_TOTAL ((uint64_t)256 << 20)
#define LOADER_MAX_FILES 4096
#define LOADER_MAX_IMPORT_DEPTH 100

struct Model;
void loader_init(Loader *l, const char *exe_path);
/* The directory of the running takt (exe_path, argv[0], if the system does
 * not say), malloc'd; NULL if unknown. */
char *loader_exe_dir(const char *exe_path);
void loader_free(Loader *l);
/* Load a root file, named on the command line, and, transitively,
 * everything it imports: its project joins the area imports may read. */
bool loader_load_path(struct Model *m, const char *path);
/* Parse one file alone, without following its imports (takt fmt). Returns
 * its index in the loaded files (its key the real path, where takt fmt
 * writes it back), or -1 if it could not be read. */
int loader_parse_only(struct Model *m, const char *path);
/* Load a root from memory (tests, fuzzing); imports resolve against cwd,
 * inside the working directory's project. */
bool loader_load_buffer(struct Model *m, const char *name, const char *text, size_t len);

/* A root file whose text is given (an editor's buffer): real is its real
 * path, where its imports are relative to, display how messages name it.
 * Nothing joins the area imports may read: the caller adds the projects it
 * allows to l->area first. */
bool loader_load_text(struct Model *m, const char *real, const char *display, const char *text, size_t len);
/* Parse a text alone, as loader_parse_only does a file (for formatting an
 * editor's buffer): its index in the loaded files. */
int loader_parse_text(struct Model *m, const char *real, const char *display, const char *text, size_t len);

#endif
