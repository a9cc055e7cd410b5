/* loader.c: reads model files, parses them and follows their imports.
 *
 * `import "machines.takt"` is relative to the importing file; `import
 * std.calendars` is a module, looked up as std/calendars.takt under each
 * search root in turn: $TAKT_PATH, the installed share/takt/stdlib beside
 * the binary, a stdlib/ folder beside the binary, the source tree the binary
 * was built from, and finally the copy embedded in the binary. A module's
 * declarations live in its namespace ("std"), so `std.day_shift`.
 *
 * What a model may read (docs/security.md): the root files are read where
 * the command line names them (files_resolve_named); an import only inside
 * the model's project — the git work tree holding a root file, or the root
 * file's folder outside one —, a module search root or a folder a trusted
 * user allowed, and only a .takt file. A file refused is never opened.
 *
 * A file imported twice is loaded once; an import cycle is an error (E0102)
 * that shows the chain. Files that are not regular files, are too large, are
 * not UTF-8 or contain NUL bytes are refused with one diagnostic each. A
 * UTF-8 byte-order mark at a file's start is not part of its text. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "model.h"


#define dir_of files_dir_of

static char *path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || strcmp(dir, ".") == 0) return tk_strdup(rel);
    return tk_fmt("%s/%s", dir, rel);
}

static void add_root(Loader *l, const char *dir)
{
    if (!dir || !*dir) return;
    for (uint32_t i = 0; i < l->nsearch; i++)
        if (strcmp(l->search[i], dir) == 0) return;
    l->search = tk_xrealloc(l->search, (l->nsearch + 1) * sizeof(char *));
    l->search[l->nsearch++] = tk_strdup(dir);
    read_area_add(&l->area, dir); /* its modules may be read (if it exists) */
}

char *loader_exe_dir(const char *exe_path)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = 0;
    else if (exe_path) snprintf(exe, sizeof exe, "%s", exe_path);
    else exe[0] = 0;
    return exe[0] ? dir_of(exe) : NULL;
}

void loader_init(Loader *l, const char *exe_path)
{
    memset(l, 0, sizeof *l);
    l->max_file_size = LOADER_MAX_FILE_SIZE;
    const char *tp = getenv("TAKT_PATH");
    if (tp) {
        char *copy = tk_strdup(tp);
        for (char *save = NULL, *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
            add_root(l, tok);
        tk_free(copy);
    }
    char *bindir = loader_exe_dir(exe_path);
    if (bindir) {
        char *prefix = dir_of(bindir);
#ifdef TAKT_INSTALL_STDLIB_REL
        char *inst = tk_fmt("%s/%s", prefix, TAKT_INSTALL_STDLIB_REL);
        add_root(l, inst);
        tk_free(inst);
#endif
        char *beside = tk_fmt("%s/stdlib", bindir);
        add_root(l, beside);
        tk_free(beside);
        tk_free(prefix);
        tk_free(bindir);
    }
#ifdef TAKT_SOURCE_STDLIB
    add_root(l, TAKT_SOURCE_STDLIB);
#endif
}

void loader_free(Loader *l)
{
    for (uint32_t i = 0; i < l->files.len; i++) tk_free(l->files.data[i].key);
    vec_free(&l->files);
    for (uint32_t i = 0; i < l->nsearch; i++) tk_free(l->search[i]);
    tk_free(l->search);
    vec_free(&l->stack);
    read_area_free(&l->area);
    memset(l, 0, sizeof *l);
}

/* ---- Reading ------------------------------------------------------------- */
/* Returns the offset of the first byte that breaks UTF-8, or len if valid. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII eight bytes at a time */
        uint64_t w;
        if (i + 8 <= len && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ull) == 0)) {
            i += 8;
            continue;
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) need = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) need = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) need = 3, cp = c & 0x07;
        else return i;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return len;
}

/* ---- Loading ------------------------------------------------------------- */
static int find_loaded(const Loader *l, const char *key)
{
    for (uint32_t i = 0; i < l->files.len; i++)
        if (strcmp(l->files.data[i].key, key) == 0) return (int)i;
    return -1;
}

static bool in_stack(const Loader *l, uint32_t idx, uint32_t *pos)
{
    for (uint32_t i = 0; i < l->stack.len; i++)
        if (l->stack.data[i] == idx) {
            *pos = i;
            return true;
        }
    return false;
}

static void load_imports(Model *m, uint32_t idx, const char *display);

/* scan: the text as read, with two NULs after it, which the lexer may scan
 * in place (and overwrite); NULL: the lexer copies the text */
static void parse_into(Model *m, uint32_t idx, bool full_syntax, char *scan)
{
    LoadedFile *lf = &m->loader.files.data[idx];
    const SourceFile *sf = sources_get(&m->sources, lf->id);
    size_t bad = utf8_check((const unsigned char *)sf->text, sf->len);
    if (bad < sf->len) {
        Span sp = {lf->id, (uint32_t)bad, (uint32_t)bad + 1};
        Diag *g = diag_error(&m->diags, sp, DIAG_BAD_ENCODING, "file is not valid UTF-8 text (byte 0x%02x)",
                             (unsigned char)sf->text[bad]);
        diag_hint(g, "save the model as UTF-8; is this a binary file?");
        return;
    }
    const char *nul = memchr(sf->text, 0, sf->len);
    if (nul) {
        uint32_t off = (uint32_t)(nul - sf->text);
        Span sp = {lf->id, off, off + 1};
        diag_error(&m->diags, sp, DIAG_NUL_BYTE, "file contains a NUL byte");
        return;
    }
    ParseCtx p;
    memset(&p, 0, sizeof p);
    p.arena = &m->arena;
    p.strs = &m->strs;
    p.diags = &m->diags;
    p.file = lf->id;
    p.text = sf->text;
    p.len = sf->len;
    p.full_syntax = full_syntax || m->loader.full_syntax;
    /* a text not read here (an editor's buffer, the embedded standard
     * library) is copied with memcpy for the lexer to scan in place: flex's
     * own copy (yy_scan_bytes) goes a byte at a time, 6% of checking a
     * 4 MB model in takt lsp */
    char *own = NULL;
    if (!scan) {
        own = tk_big_xalloc(sf->len + 2);
        if (sf->len) memcpy(own, sf->text, sf->len);
        own[sf->len] = own[sf->len + 1] = 0;
        scan = own;
    }
    p.scan_buf = scan;
    AstNode *root = takt_parse_buffer(&p);
    tk_big_free(own);
    if (p.too_deep) m->loader.cut_short = true;
    tk_free(p.run);
    m->loader.files.data[idx].root = root;
}

/* Adds a file that has been read; returns its index. */
static uint32_t add_file(Model *m, const char *key, const char *display, Sym ns, const char *text, size_t len)
{
    LoadedFile lf;
    memset(&lf, 0, sizeof lf);
    lf.id = sources_add(&m->sources, key, display, text, len);
    lf.key = tk_strdup(key);
    lf.ns = ns;
    vec_push(&m->loader.files, lf);
    return m->loader.files.len - 1;
}

static void report_cycle(Model *m, Span at, uint32_t pos)
{
    Loader *l = &m->loader;
    StrBuf b = {0};
    for (uint32_t i = pos; i < l->stack.len; i++) {
        const SourceFile *sf = sources_get(&m->sources, l->files.data[l->stack.data[i]].id);
        sb_printf(&b, "%s -> ", sf->display);
    }
    const SourceFile *first = sources_get(&m->sources, l->files.data[l->stack.data[pos]].id);
    sb_puts(&b, first->display);
    Diag *g = diag_error(&m->diags, at, DIAG_IMPORT_CYCLE, "import cycle: %s", sb_cstr(&b));
    diag_hint(g, "files of one model may use each other's names without importing each other; "
                 "import each file once, from the root model");
    sb_free(&b);
}

/* The limits of a whole model (docs/limits.md): how many files, how deep
 * imports nest, how many bytes in all. The first one passed is reported once,
 * at the import that passed it, and no further file is read. */
static bool import_allowed(Model *m, Span at, const char *display)
{
    Loader *l = &m->loader;
    if (l->over_limit) return false;
    if (l->files.len >= LOADER_MAX_FILES) {
        l->over_limit = true;
        Diag *g = diag_error(&m->diags, at, DIAG_FILE_TOO_LARGE,
                             "cannot import '%s': a model may have at most %d files", display, LOADER_MAX_FILES);
        diag_hint(g, "see docs/limits.md");
        return false;
    }
    if (l->stack.len > LOADER_MAX_IMPORT_DEPTH) {
        l->over_limit = true;
        Diag *g = diag_error(&m->diags, at, DIAG_TOO_DEEP,
                             "cannot import '%s': imports nested more than %d deep", display,
                             LOADER_MAX_IMPORT_DEPTH);
        diag_hint(g, "import the files from the root model instead of each from the one before");
        return false;
    }
    return true;
}

static bool size_allowed(Model *m, Span at, const char *display, size_t len)
{
    Loader *l = &m->loader;
    if (l->total_size + len > LOADER_MAX_TOTAL) {
        l->over_limit = true;
        Diag *g = diag_error(&m->diags, at, DIAG_FILE_TOO_LARGE,
                             "cannot read '%s': the model's files would be larger than %u MiB together",
                             display, (unsigned)(LOADER_MAX_TOTAL >> 20));
        diag_hint(g, "see docs/limits.md");
        return false;
    }
    l->total_size += len;
    return true;
}

static const char project_hint[] =
    "a model reads files only inside its project (the git work tree holding the root model, else its folder); "
    "--allow-read DIR allows more (docs/security.md)";

static bool may_read(const Loader *l, const char *real) { return read_area_has(&l->area, real) || files_trusted(real); }

static bool is_csv_name(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".csv") == 0 && path[n - 5] != '/';
}

static bool is_model_name(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcmp(path + n - 5, ".takt") == 0 && path[n - 6] != '/';
}

/* A file that could not be read, as a diagnostic at `at` (the import, or
 * no span for a file named on the command line). */
static void report_unread(Model *m, FileStatus st, Span at, const char *display, const char *leads, FileLink why,
                          int err)
{
    char *msg = files_message(st, display, "a model file", m->loader.max_file_size, leads, why, err);
    static const DiagCode codes[] = {
        [FILE_OK] = DIAG_CANNOT_READ,     [FILE_MISSING] = DIAG_CANNOT_READ,    [FILE_NOT_FILE] = DIAG_NOT_A_FILE,
        [FILE_TOO_LARGE] = DIAG_FILE_TOO_LARGE, [FILE_OUTSIDE] = DIAG_OUTSIDE_PROJECT, [FILE_ERROR] = DIAG_CANNOT_READ,
    };
    Diag *g = diag_error(&m->diags, at, codes[st], "%s", msg);
    if (st == FILE_MISSING && at.file) diag_hint(g, "imports by path are relative to the importing file");
    if (st == FILE_OUTSIDE)
        diag_hint(g, "a symbolic link named on the command line is followed only inside %s; --allow-read DIR "
                     "allows more (docs/security.md)",
                  why == LINK_OUT_OF_CWD ? "the working directory"
                  : why == LINK_INTO_GIT ? "the folder it is named in, and never into .git"
                                         : "the folder it is named in");
    tk_free(msg);
}

/* Loads the file at real (a real path: a root named on the command line, or
 * an import the model may read; display is how messages show it). at is
 * the import that asked for it, or an empty span for a root file. */
static bool load_real(Model *m, const char *real, const char *display, Sym ns, Span at)
{
    Loader *l = &m->loader;
    int have = find_loaded(l, real);
    if (have >= 0) {
        uint32_t pos;
        if (in_stack(l, (uint32_t)have, &pos)) {
            report_cycle(m, at, pos);
            return false;
        }
        return true; /* imported before: harmless */
    }
    if (!import_allowed(m, at, display)) return false;
    if (at.file && !is_model_name(real)) {
        /* an import reads a model file, a .takt file by its real name too;
         * one that is missing or a folder is told as such */
        struct stat st;
        if (stat(real, &st) != 0) {
            report_unread(m, errno == ENOENT || errno == ENOTDIR ? FILE_MISSING : FILE_ERROR, at, display, NULL,
                          LINK_OUT_OF_FOLDER, errno);
            return false;
        }
        if (!S_ISREG(st.st_mode)) {
            report_unread(m, FILE_NOT_FILE, at, display, NULL, LINK_OUT_OF_FOLDER, 0);
            return false;
        }
        Diag *g;
        if (is_model_name(display))
            g = diag_error(&m->diags, at, DIAG_NOT_A_MODEL_FILE,
                           "not reading '%s': it is a symbolic link to '%s', which is not a model file", display, real);
        else
            g = diag_error(&m->diags, at, DIAG_NOT_A_MODEL_FILE, "not reading '%s': it is not a model file", display);
        diag_hint(g, "an import names a model file, whose name ends in .takt");
        return false;
    }
    FileText ft;
    const char *over = NULL;
    size_t over_len = 0;
    if (l->overlay && l->overlay(l->overlay_ctx, real, &over, &over_len)) {
        if (!size_allowed(m, at, display, over_len)) return false;
        uint32_t idx = add_file(m, real, display, ns, over, over_len);
        parse_into(m, idx, false, NULL);
        vec_push(&l->stack, idx);
        load_imports(m, idx, display);
        l->stack.len--;
        return true;
    }
    FileStatus st = files_read(real, l->max_file_size, &ft);
    if (st != FILE_OK) {
        report_unread(m, st, at, display, NULL, LINK_OUT_OF_FOLDER, ft.err);
        return false;
    }
    if (!size_allowed(m, at, display, ft.len)) {
        tk_big_free(ft.text);
        return false;
    }
    uint32_t idx = add_file(m, real, display, ns, ft.text, ft.len);
    l->files.data[idx].bom = ft.bom;
    parse_into(m, idx, false, ft.text);
    tk_big_free(ft.text);
    vec_push(&l->stack, idx);
    load_imports(m, idx, display);
    l->stack.len--;
    return true;
}

static const EmbeddedFile *find_embedded(const char *rel)
{
    for (const EmbeddedFile *e = takt_embedded_stdlib; e->path; e++)
        if (strcmp(e->path, rel) == 0) return e;
    return NULL;
}

/* A file of the embedded standard library (rel: "std/calendars.takt"). */
static void load_embedded(Model *m, const EmbeddedFile *e, Sym ns, Span at)
{
    Loader *l = &m->loader;
    char *key = tk_fmt("<stdlib>/%s", e->path);
    int have = find_loaded(l, key);
    uint32_t pos;
    if (have >= 0 && in_stack(l, (uint32_t)have, &pos)) report_cycle(m, at, pos);
    else if (have < 0 && import_allowed(m, at, key)) {
        uint32_t idx = add_file(m, key, key, ns, e->text, e->len);
        parse_into(m, idx, false, NULL);
        vec_push(&l->stack, idx);
        load_imports(m, idx, key);
        l->stack.len--;
    }
    tk_free(key);
}

static void load_module(Model *m, const char *module, Span at)
{
    Loader *l = &m->loader;
    /* std.calendars -> std/calendars.takt, namespace "std" */
    char *rel = tk_fmt("%s.takt", module);
    for (char *c = rel; *c; c++)
        if (*c == '.' && strcmp(c, ".takt") != 0) *c = '/';
    const char *lastdot = strrchr(module, '.');
    Sym ns = lastdot ? intern(&m->strs, module, (size_t)(lastdot - module)) : SYM_NONE;
    for (uint32_t i = 0; i < l->nsearch; i++) {
        char *full = tk_fmt("%s/%s", l->search[i], rel);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            char *real = files_real(full);
            if (!real || !may_read(l, real)) {
                Diag *g = diag_error(&m->diags, at, DIAG_OUTSIDE_PROJECT,
                                     "not reading module '%s': '%s' is a symbolic link out of its search folder",
                                     module, full);
                diag_hint(g, "%s", project_hint);
            } else load_real(m, real, full, ns, at);
            tk_free(real);
            tk_free(full);
            tk_free(rel);
            return;
        }
        tk_free(full);
    }
    const EmbeddedFile *e = find_embedded(rel);
    if (e) {
        load_embedded(m, e, ns, at);
        tk_free(rel);
        return;
    }
    Diag *g = diag_error(&m->diags, at, DIAG_NO_MODULE, "module '%s' not found", module);
    if (strncmp(module, "std.", 4) == 0) diag_hint(g, "the standard library has std.calendars and std.rules");
    else diag_hint(g, "modules are looked up as %s under $TAKT_PATH; to import a file, write its path in quotes", rel);
    tk_free(rel);
}

/* `import "x.takt"` in a file of the embedded standard library: a file of
 * it too, never one on disk. */
static void load_embedded_path(Model *m, const char *key, const char *target, Sym ns, Span at)
{
    /* key is "<stdlib>/std/x.takt": the path of target beside it */
    const char *base = key + strlen("<stdlib>/");
    char *dir = dir_of(base);
    char *joined = target[0] == '/' ? tk_strdup("/") : tk_fmt("%s/%s", dir, target);
    StrBuf b = {0};
    bool escapes = target[0] == '/';
    for (const char *p = joined; *p && !escapes;) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (!b.len) escapes = true;
            while (b.len && b.data[b.len - 1] != '/') b.len--;
            if (b.len) b.len--;
        } else if (n && !(n == 1 && p[0] == '.')) {
            if (b.len) sb_putc(&b, '/');
            sb_putn(&b, p, n);
        }
        p = e;
    }
    char *rel = tk_strndup(b.data ? b.data : "", b.len); /* b.len may have been cut back */
    const EmbeddedFile *e = escapes ? NULL : find_embedded(rel);
    tk_free(rel);
    if (e) load_embedded(m, e, ns, at);
    else diag_error(&m->diags, at, DIAG_CANNOT_READ, "cannot read '%s': no such file in the standard library", target);
    sb_free(&b);
    tk_free(joined);
    tk_free(dir);
}

/* `import "PATH"`: relative to the importing file's real folder, and read
 * only if the model may read it. */
static void load_path_import(Model *m, uint32_t idx, const char *dir_shown, const AstNode *d, Sym ns)
{
    Loader *l = &m->loader;
    const char *target = sym_str(&m->strs, d->as.import.path);
    Span at = d->as.import.path_span;
    const char *base = l->files.data[idx].key;
    if (base[0] == '<') {
        load_embedded_path(m, base, target, ns, at);
        return;
    }
    char *bdir = dir_of(base);
    char *full = path_join(bdir, target);
    char *shown = path_join(dir_shown, target);
    char *real = files_real(full);
    char *lex = files_lexical(full);
    if (!may_read(l, real ? real : lex)) {
        Diag *g;
        if (real && may_read(l, lex)) /* inside by its letters: a link took it out */
            g = diag_error(&m->diags, at, DIAG_OUTSIDE_PROJECT,
                           "not reading '%s': a symbolic link leads it to '%s', outside the model's project", target,
                           real);
        else g = diag_error(&m->diags, at, DIAG_OUTSIDE_PROJECT, "not reading '%s': it is outside the model's project", target);
        diag_hint(g, "%s", project_hint);
    } else if (!real) {
        report_unread(m, FILE_MISSING, at, shown, NULL, LINK_OUT_OF_FOLDER, 0);
    } else {
        load_real(m, real, shown, ns, at);
    }
    tk_free(lex);
    tk_free(real);
    tk_free(shown);
    tk_free(full);
    tk_free(bdir);
}

/* A data file a declaration names (`history "sales.csv"`): relative to the
 * file that names it, read only where an import could be (the model's
 * project, the trusted folders: docs/security.md), within the same size
 * limit, refused if it is not a regular file; a refused file is never
 * opened, so no diagnostic quotes it. It is kept among the sources,
 * unparsed, so that diagnostics can point at its lines. Returns its FileId,
 * or 0 with a diagnostic at `at`. */
static FileId load_data(Model *m, const char *path, const char *display, Span at, const char *what)
{
    Loader *l = &m->loader;
    char *real = files_real(path);
    char *lex = files_lexical(path);
    FileId id = 0;
    if (!is_csv_name(display) || (real && !is_csv_name(real))) {
        /* like an import's .takt: a CSV by its name, and by its real name
         * once links are followed, so no other file of the project (.git's
         * config, a key) is read as history */
        Diag *g = real && is_csv_name(display)
                      ? diag_error(&m->diags, at, DIAG_NOT_A_MODEL_FILE,
                                   "not reading '%s': it is a symbolic link to '%s', which is not a CSV file", display,
                                   real)
                      : diag_error(&m->diags, at, DIAG_NOT_A_MODEL_FILE, "not reading '%s': it is not a CSV file",
                                   display);
        diag_hint(g, "%s is a CSV file, whose name ends in .csv", what);
    } else if (!may_read(l, real ? real : lex)) {
        Diag *g = real && may_read(l, lex)
                      ? diag_error(&m->diags, at, DIAG_OUTSIDE_PROJECT,
                                   "not reading '%s': a symbolic link leads it to '%s', outside the model's project",
                                   display, real)
                      : diag_error(&m->diags, at, DIAG_OUTSIDE_PROJECT,
                                   "not reading '%s': it is outside the model's project", display);
        diag_hint(g, "%s", project_hint);
    } else if (!real) {
        Diag *g = diag_error(&m->diags, at, DIAG_CANNOT_READ, "cannot read '%s': no such file", display);
        diag_hint(g, "%s is named relative to the model file that names it", what);
    } else {
        FileText ft;
        FileStatus st = files_read(real, l->max_file_size, &ft);
        if (st == FILE_OK) {
            id = sources_add(&m->sources, real, display, ft.text, ft.len);
            tk_big_free(ft.text);
        } else {
            char *msg = files_message(st, display, what, l->max_file_size, NULL, LINK_OUT_OF_FOLDER, ft.err);
            static const DiagCode codes[] = {
                [FILE_OK] = DIAG_CANNOT_READ,     [FILE_MISSING] = DIAG_CANNOT_READ,
                [FILE_NOT_FILE] = DIAG_NOT_A_FILE, [FILE_TOO_LARGE] = DIAG_FILE_TOO_LARGE,
                [FILE_OUTSIDE] = DIAG_OUTSIDE_PROJECT, [FILE_ERROR] = DIAG_CANNOT_READ,
            };
            diag_error(&m->diags, at, codes[st], "%s", msg);
            tk_free(msg);
        }
    }
    tk_free(lex);
    tk_free(real);
    return id;
}

static void load_imports(Model *m, uint32_t idx, const char *display)
{
    AstNode *root = m->loader.files.data[idx].root;
    Sym ns = m->loader.files.data[idx].ns;
    if (!root) return;
    char *dir = dir_of(display);
    for (uint32_t i = 0; i < root->as.file.items.len; i++) {
        AstNode *d = root->as.file.items.items[i];
        if ((d->kind == AST_HISTORY && d->as.history.path) || d->kind == AST_PINS_FILE) {
            bool hist = d->kind == AST_HISTORY;
            Sym path = hist ? d->as.history.path : d->as.pins_file.path;
            Span path_span = hist ? d->as.history.path_span : d->as.pins_file.path_span;
            const char *target = sym_str(&m->strs, path);
            if (!*target) {
                diag_error(&m->diags, path_span, DIAG_CANNOT_READ, "%s of an empty path", hist ? "history" : "pins");
                continue;
            }
            const char *base = m->loader.files.data[idx].key;
            char *bdir = base[0] == '<' ? tk_strdup(dir) : dir_of(base);
            char *full = path_join(bdir, target);
            char *shown = path_join(dir, target);
            FileId data = load_data(m, full, shown, path_span, hist ? "a history file" : "a pins file");
            if (hist) d->as.history.data = data;
            else d->as.pins_file.data = data;
            tk_free(full);
            tk_free(shown);
            tk_free(bdir);
            continue;
        }
        if (d->kind != AST_IMPORT) continue;
        const char *target = sym_str(&m->strs, d->as.import.path);
        if (d->as.import.module) load_module(m, target, d->span);
        else if (!*target) diag_error(&m->diags, d->as.import.path_span, DIAG_CANNOT_READ, "import of an empty path");
        else load_path_import(m, idx, dir, d, ns);
    }
    tk_free(dir);
}

/* A file named on the command line: its real path, or NULL with the
 * diagnostic given. */
static char *resolve_root(Model *m, const char *path)
{
    char *real, *leads;
    FileLink why;
    FileStatus st = files_resolve_named(path, &real, &leads, &why);
    if (st != FILE_OK) report_unread(m, st, span_none(), path, leads, why, errno);
    tk_free(leads);
    return real;
}

bool loader_load_path(Model *m, const char *path)
{
    char *real = resolve_root(m, path);
    if (!real) return false;
    /* the project: found from the folder the command line names */
    char *dir = dir_of(path);
    char *rdir = files_real(dir);
    char *project = files_project_of(rdir ? rdir : real);
    read_area_add_real(&m->loader.area, project);
    tk_free(project);
    tk_free(rdir);
    tk_free(dir);
    bool ok = load_real(m, real, path, SYM_NONE, span_none());
    tk_free(real);
    return ok;
}

int loader_parse_only(Model *m, const char *path)
{
    char *real = resolve_root(m, path);
    if (!real) return -1;
    FileText ft;
    FileStatus st = files_read(real, m->loader.max_file_size, &ft);
    if (st != FILE_OK) {
        report_unread(m, st, span_none(), path, NULL, LINK_OUT_OF_FOLDER, ft.err);
        tk_free(real);
        return -1;
    }
    uint32_t idx = add_file(m, real, path, SYM_NONE, ft.text, ft.len);
    m->loader.files.data[idx].bom = ft.bom;
    parse_into(m, idx, true, ft.text); /* takt fmt prints every item as written */
    tk_big_free(ft.text);
    tk_free(real);
    return (int)idx;
}

bool loader_load_buffer(Model *m, const char *name, const char *text, size_t len)
{
    /* imports resolve against the working directory, inside its project */
    char *cwd = files_cwd();
    if (cwd) {
        char *project = files_project_of(cwd);
        read_area_add_real(&m->loader.area, project);
        tk_free(project);
    }
    size_t skip = files_bom_len(text, len);
    char *key = name[0] == '/' || !cwd ? tk_strdup(name) : tk_fmt("%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, name);
    uint32_t idx = add_file(m, key, name, SYM_NONE, text + skip, len - skip);
    tk_free(key);
    tk_free(cwd);
    m->loader.files.data[idx].bom = skip > 0;
    parse_into(m, idx, false, NULL);
    vec_push(&m->loader.stack, idx);
    load_imports(m, idx, name);
    m->loader.stack.len--;
    return true;
}

bool loader_load_text(Model *m, const char *real, const char *display, const char *text, size_t len)
{
    size_t skip = files_bom_len(text, len);
    uint32_t idx = add_file(m, real, display, SYM_NONE, text + skip, len - skip);
    m->loader.files.data[idx].bom = skip > 0;
    m->loader.total_size += len;
    parse_into(m, idx, false, NULL);
    vec_push(&m->loader.stack, idx);
    load_imports(m, idx, display);
    m->loader.stack.len--;
    return true;
}

int loader_parse_text(Model *m, const char *real, const char *display, const char *text, size_t len)
{
    size_t skip = files_bom_len(text, len);
    uint32_t idx = add_file(m, real, display, SYM_NONE, text + skip, len - skip);
    m->loader.files.data[idx].bom = skip > 0;
    parse_into(m, idx, true, NULL);
    return (int)idx;
}
