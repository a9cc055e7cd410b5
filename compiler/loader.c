/* loader.c: reads model files, parses them and follows their imports.
 *
 * `import "machines.takt"` is relative to the importing file; `import
 * std.calendars` is a module, looked up as std/calendars.takt under each
 * search root in turn: $TAKT_PATH, the installed share/takt/stdlib beside
 * the binary, a stdlib/ folder beside the binary, the source tree the binary
 * was built from, and finally the copy embedded in the binary. A module's
 * declarations live in its namespace ("std"), so `std.day_shift`.
 *
 * A file imported twice is loaded once; an import cycle is an error (E0102)
 * that shows the chain. Files that are not regular files, are too large, are
 * not UTF-8 or contain NUL bytes are refused with one diagnostic each. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"

#define MAX_FILE_SIZE (64u << 20)

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return tk_strdup(".");
    if (slash == path) return tk_strdup("/");
    return tk_strndup(path, (size_t)(slash - path));
}

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
    l->max_file_size = MAX_FILE_SIZE;
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
    memset(l, 0, sizeof *l);
}

/* ---- Reading ------------------------------------------------------------- */
typedef enum ReadStatus { READ_OK, READ_MISSING, READ_NOT_FILE, READ_TOO_LARGE, READ_ERROR } ReadStatus;

static ReadStatus read_file(const char *path, uint32_t limit, char **out, size_t *len, int *err)
{
    *out = NULL;
    *len = 0;
    *err = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        *err = errno;
        return errno == ENOENT || errno == ENOTDIR ? READ_MISSING : READ_ERROR;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *err = errno;
        close(fd);
        return READ_ERROR;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return READ_NOT_FILE;
    }
    if ((uint64_t)st.st_size > limit) {
        close(fd);
        return READ_TOO_LARGE;
    }
    /* room for two NULs after the text (the lexer scans it in place), and a
     * byte more: a read that fills the rest finds the end of the file */
    size_t cap = (size_t)st.st_size + 3, n = 0;
    char *buf = tk_big_alloc(cap);
    if (!buf) {
        close(fd);
        *err = ENOMEM;
        return READ_ERROR;
    }
    for (;;) {
        if (n + 2 >= cap) {
            if (cap > limit) {
                tk_big_free(buf);
                close(fd);
                return READ_TOO_LARGE;
            }
            char *nb = tk_big_realloc(buf, n, cap * 2);
            cap *= 2;
            if (!nb) {
                tk_big_free(buf);
                close(fd);
                *err = ENOMEM;
                return READ_ERROR;
            }
            buf = nb;
        }
        ssize_t r = read(fd, buf + n, cap - 2 - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            *err = errno;
            tk_big_free(buf);
            close(fd);
            return READ_ERROR;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = buf[n + 1] = 0;
    *out = buf;
    *len = n;
    return READ_OK;
}

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
    p.scan_buf = scan;
    AstNode *root = takt_parse_buffer(&p);
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

/* Loads path (display is how messages show it). at is the import that asked
 * for it, or an empty span for a root file. Returns false on failure. */
static bool load_file(Model *m, const char *path, const char *display, Sym ns, Span at)
{
    Loader *l = &m->loader;
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    int have = find_loaded(l, key);
    if (have >= 0) {
        uint32_t pos;
        if (in_stack(l, (uint32_t)have, &pos)) {
            report_cycle(m, at, pos);
            return false;
        }
        return true; /* imported before: harmless */
    }
    char *text;
    size_t len;
    int err;
    ReadStatus st = read_file(path, l->max_file_size, &text, &len, &err);
    switch (st) {
    case READ_OK: break;
    case READ_MISSING: {
        Diag *g = diag_error(&m->diags, at, DIAG_CANNOT_READ, "cannot read '%s': no such file", display);
        if (at.file) diag_hint(g, "imports by path are relative to the importing file");
        return false;
    }
    case READ_NOT_FILE:
        diag_error(&m->diags, at, DIAG_NOT_A_FILE, "'%s' is a directory or special file, not a model file",
                   display);
        return false;
    case READ_TOO_LARGE:
        diag_error(&m->diags, at, DIAG_FILE_TOO_LARGE, "'%s' is larger than %u MiB", display,
                   l->max_file_size >> 20);
        return false;
    case READ_ERROR:
        diag_error(&m->diags, at, DIAG_CANNOT_READ, "cannot read '%s': %s", display, strerror(err));
        return false;
    }
    uint32_t idx = add_file(m, key, display, ns, text, len);
    parse_into(m, idx, false, text);
    tk_big_free(text);
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
            load_file(m, full, full, ns, at);
            tk_free(full);
            tk_free(rel);
            return;
        }
        tk_free(full);
    }
    const EmbeddedFile *e = find_embedded(rel);
    if (e) {
        char *key = tk_fmt("<stdlib>/%s", rel);
        int have = find_loaded(l, key);
        uint32_t pos;
        if (have >= 0 && in_stack(l, (uint32_t)have, &pos)) report_cycle(m, at, pos);
        else if (have < 0) {
            uint32_t idx = add_file(m, key, key, ns, e->text, e->len);
            parse_into(m, idx, false, NULL);
            vec_push(&l->stack, idx);
            load_imports(m, idx, key);
            l->stack.len--;
        }
        tk_free(key);
        tk_free(rel);
        return;
    }
    Diag *g = diag_error(&m->diags, at, DIAG_NO_MODULE, "module '%s' not found", module);
    if (strncmp(module, "std.", 4) == 0) diag_hint(g, "the standard library has std.calendars and std.rules");
    else diag_hint(g, "modules are looked up as %s under $TAKT_PATH; to import a file, write its path in quotes", rel);
    tk_free(rel);
}

/* The folder of the root model, after symlinks (the working directory for
 * a model read from memory): malloc'd. */
static char *root_dir(const Model *m)
{
    char real[PATH_MAX];
    const char *key = m->loader.files.len ? m->loader.files.data[0].key : ".";
    if (realpath(key, real)) return dir_of(real);
    return realpath(".", real) ? tk_strdup(real) : tk_strdup("/");
}

/* A data file a declaration names (`history "sales.csv"`), found and read
 * as an import is: relative to the file that names it, within the same size
 * limit, refused if it is not a regular file. Only a file inside the root
 * model's folder tree (symlinks resolved) is read: a model from an untrusted
 * change must not show other files' lines in its diagnostics. It is kept
 * among the sources, unparsed, so that diagnostics can point at its lines.
 * Returns its FileId, or 0 with a diagnostic at `at`. */
static FileId load_data(Model *m, const char *path, const char *display, Span at)
{
    char real[PATH_MAX];
    if (realpath(path, real)) {
        char *root = root_dir(m);
        size_t n = strlen(root);
        bool inside = strcmp(root, "/") == 0 || (strncmp(real, root, n) == 0 && real[n] == '/');
        if (!inside) {
            Diag *g = diag_error(&m->diags, at, DIAG_CANNOT_READ, "'%s' is outside the model's folder", display);
            diag_hint(g, "a model reads history only from the folder of its root model and the folders below it");
            tk_free(root);
            return 0;
        }
        tk_free(root);
    }
    char *text;
    size_t len;
    int err;
    switch (read_file(path, m->loader.max_file_size, &text, &len, &err)) {
    case READ_OK: break;
    case READ_MISSING: {
        Diag *g = diag_error(&m->diags, at, DIAG_CANNOT_READ, "cannot read '%s': no such file", display);
        diag_hint(g, "a history file is named relative to the model file that names it");
        return 0;
    }
    case READ_NOT_FILE:
        diag_error(&m->diags, at, DIAG_NOT_A_FILE, "'%s' is a directory or special file, not a history file", display);
        return 0;
    case READ_TOO_LARGE:
        diag_error(&m->diags, at, DIAG_FILE_TOO_LARGE, "'%s' is larger than %u MiB", display,
                   m->loader.max_file_size >> 20);
        return 0;
    case READ_ERROR:
        diag_error(&m->diags, at, DIAG_CANNOT_READ, "cannot read '%s': %s", display, strerror(err));
        return 0;
    }
    FileId id = sources_add(&m->sources, realpath(path, real) ? real : path, display, text, len);
    tk_big_free(text);
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
        if (d->kind == AST_HISTORY && d->as.history.path) {
            const char *target = sym_str(&m->strs, d->as.history.path);
            if (!*target) {
                diag_error(&m->diags, d->as.history.path_span, DIAG_CANNOT_READ, "history of an empty path");
                continue;
            }
            const char *base = m->loader.files.data[idx].key;
            char *bdir = base[0] == '<' ? tk_strdup(dir) : dir_of(base);
            char *full = path_join(bdir, target);
            char *shown = path_join(dir, target);
            d->as.history.data = load_data(m, full, shown, d->as.history.path_span);
            tk_free(full);
            tk_free(shown);
            tk_free(bdir);
            continue;
        }
        if (d->kind != AST_IMPORT) continue;
        const char *target = sym_str(&m->strs, d->as.import.path);
        if (d->as.import.module) {
            load_module(m, target, d->span);
        } else if (!*target) {
            diag_error(&m->diags, d->as.import.path_span, DIAG_CANNOT_READ, "import of an empty path");
        } else {
            /* a path relative to the importing file; stdlib files resolve
             * against their real directory */
            const char *base = m->loader.files.data[idx].key;
            char *bdir = base[0] == '<' ? tk_strdup(dir) : dir_of(base);
            char *full = path_join(bdir, target);
            char *shown = path_join(dir, target);
            load_file(m, full, shown, ns, d->as.import.path_span);
            tk_free(full);
            tk_free(shown);
            tk_free(bdir);
        }
    }
    tk_free(dir);
}

bool loader_load_path(Model *m, const char *path)
{
    Span none = span_none();
    return load_file(m, path, path, SYM_NONE, none);
}

int loader_parse_only(Model *m, const char *path)
{
    char *text;
    size_t len;
    int err;
    Span none = span_none();
    switch (read_file(path, m->loader.max_file_size, &text, &len, &err)) {
    case READ_OK: break;
    case READ_MISSING: diag_error(&m->diags, none, DIAG_CANNOT_READ, "cannot read '%s': no such file", path); return -1;
    case READ_NOT_FILE:
        diag_error(&m->diags, none, DIAG_NOT_A_FILE, "'%s' is a directory or special file, not a model file", path);
        return -1;
    case READ_TOO_LARGE:
        diag_error(&m->diags, none, DIAG_FILE_TOO_LARGE, "'%s' is larger than %u MiB", path,
                   m->loader.max_file_size >> 20);
        return -1;
    case READ_ERROR: diag_error(&m->diags, none, DIAG_CANNOT_READ, "cannot read '%s': %s", path, strerror(err)); return -1;
    }
    uint32_t idx = add_file(m, path, path, SYM_NONE, text, len);
    parse_into(m, idx, true, text); /* takt fmt prints every item as written */
    tk_big_free(text);
    return (int)idx;
}

bool loader_load_buffer(Model *m, const char *name, const char *text, size_t len)
{
    uint32_t idx = add_file(m, name, name, SYM_NONE, text, len);
    parse_into(m, idx, false, NULL);
    vec_push(&m->loader.stack, idx);
    load_imports(m, idx, name);
    m->loader.stack.len--;
    return true;
}
