/* importers.c: a file checked alone that is part of a bigger model.
 *
 * `takt check products.takt`, where main.takt imports products.takt, knows
 * none of the machines and materials that main.takt's other files declare,
 * and would list each use as an unknown name. When a file checked alone has
 * such errors, the model files beside it (its folder, then up to
 * IMPORTER_LEVELS folders up, inside its project: the git work tree that
 * holds it, else its folder; files.h) are read for an import of it; the
 * importing file's own importers are followed up to the root. The root model is read (parsed, with its imports, not checked),
 * and if it declares most of the unknown names, those errors, the missing
 * plant and the warnings about unused declarations give way to one error
 * (E0214) that names the root model to check. Names the root does not
 * declare either are still reported: they are mistakes of their own.
 *
 * Nothing read here is ever quoted: the files beside are only parsed, their
 * diagnostics dropped, and only the root's path is shown. Only regular
 * .takt files (no symbolic links) of at most IMPORTER_SIZE bytes are read,
 * at most IMPORTER_FILES a folder and IMPORTER_BYTES in all. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "model.h"

#define IMPORTER_LEVELS 2    /* folders above the file's own */
#define IMPORTER_FILES 1024  /* .takt files read in one folder */
#define IMPORTER_CHAIN 8     /* importers of importers followed */
#define IMPORTER_SIZE (1u << 20)   /* larger files are not read for imports */
#define IMPORTER_BYTES (16u << 20) /* bytes read for imports in one search */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return tk_strdup(".");
    if (slash == path) return tk_strdup("/");
    return tk_strndup(path, (size_t)(slash - path));
}

static char *join(const char *dir, const char *name)
{
    if (name[0] == '/' || strcmp(dir, ".") == 0) return tk_strdup(name);
    return tk_fmt("%s/%s", dir, name);
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The folder above dir, as a path: "a/b" -> "a", "a" -> ".", "." -> "..". */
static char *dir_up(const char *dir)
{
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return strcmp(dir, ".") == 0 ? tk_strdup("..") : tk_fmt("%s/..", dir);
    return dir_of(dir);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

/* Does the model file at path import the file whose real path is target? */
static bool file_imports(const char *path, const char *target)
{
    Model *m = model_new(NULL);
    bool found = false;
    int idx = loader_parse_only(m, path);
    AstNode *root = idx >= 0 ? m->loader.files.data[idx].root : NULL;
    char *dir = dir_of(path);
    for (uint32_t i = 0; root && i < root->as.file.items.len && !found; i++) {
        const AstNode *d = root->as.file.items.items[i];
        if (d->kind != AST_IMPORT || d->as.import.module) continue;
        const char *rel = sym_str(&m->strs, d->as.import.path);
        if (!*rel) continue;
        char *full = join(dir, rel);
        char real[PATH_MAX];
        if (realpath(full, real) && strcmp(real, target) == 0) found = true;
        tk_free(full);
    }
    tk_free(dir);
    model_free(m);
    return found;
}

/* A model file near path (see above) that imports it, malloc'd; NULL if
 * none. Shown as the folder of path, as given, and the file's name. */
static char *find_importer(const char *path)
{
    char target[PATH_MAX];
    if (!realpath(path, target)) return NULL;
    char *tdir = files_dir_of(target), *project = files_project_of(tdir);
    tk_free(tdir);
    char *dir = dir_of(path);
    char *found = NULL;
    uint64_t bytes = 0;
    for (int level = 0; level <= IMPORTER_LEVELS && !found; level++) {
        char rdir[PATH_MAX];
        if (!realpath(dir, rdir) || !(files_inside(rdir, project) || files_trusted(rdir))) break;
        DIR *dh = opendir(dir);
        if (dh) {
            struct dirent *e;
            int nread = 0;
            /* names sorted, so that the same files give the same answer */
            char **names = NULL;
            uint32_t nnames = 0, cap = 0;
            while ((e = readdir(dh)) != NULL) {
                if (!ends_with(e->d_name, ".takt")) continue;
                if (nnames == cap) {
                    cap = cap ? cap * 2 : 16;
                    names = tk_xrealloc(names, cap * sizeof(char *));
                }
                names[nnames++] = tk_strdup(e->d_name);
            }
            closedir(dh);
            if (nnames) qsort(names, nnames, sizeof(char *), cmp_names);
            for (uint32_t i = 0; i < nnames; i++) {
                char *cand = join(dir, names[i]);
                struct stat st;
                char real[PATH_MAX];
                if (!found && nread < IMPORTER_FILES && lstat(cand, &st) == 0 && S_ISREG(st.st_mode) &&
                    st.st_size <= IMPORTER_SIZE && bytes + (uint64_t)st.st_size <= IMPORTER_BYTES &&
                    realpath(cand, real) && strcmp(real, target) != 0) {
                    nread++;
                    bytes += (uint64_t)st.st_size;
                    if (file_imports(cand, target)) found = tk_strdup(cand);
                }
                tk_free(cand);
                tk_free(names[i]);
            }
            tk_free(names);
        }
        char *up = dir_up(dir);
        tk_free(dir);
        dir = up;
    }
    tk_free(dir);
    tk_free(project);
    return found;
}

/* A path as one word of a shell command: quoted if it has to be. */
static void shell_word(StrBuf *b, const char *s)
{
    bool plain = *s != 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("_./-+", *c)))
            plain = false;
    if (plain) {
        sb_puts(b, s);
        return;
    }
    sb_putc(b, '\'');
    for (const char *c = s; *c; c++) {
        if (*c == '\'') sb_puts(b, "'\\''");
        else sb_putc(b, (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c);
    }
    sb_putc(b, '\'');
}

/* ---- what the root model declares ---------------------------------------- */
typedef struct Declared {
    Interner names;      /* declarations, "ns.name" in a module */
    Interner attrs;      /* attribute names */
    bool plant;
} Declared;

static void declare(Declared *dc, const Interner *strs, Sym ns, Sym name)
{
    if (!name) return;
    if (ns) {
        char *q = tk_fmt("%s.%s", sym_str(strs, ns), sym_str(strs, name));
        intern_cstr(&dc->names, q);
        tk_free(q);
    } else intern_cstr(&dc->names, sym_str(strs, name));
}

static void collect(Declared *dc, const Model *m)
{
    for (uint32_t f = 0; f < m->loader.files.len; f++) {
        const LoadedFile *lf = &m->loader.files.data[f];
        for (uint32_t i = 0; lf->root && i < lf->root->as.file.items.len; i++) {
            const AstNode *d = lf->root->as.file.items.items[i];
            switch ((AstKind)d->kind) {
            case AST_PLANT: dc->plant = true; break;
            case AST_RULE: declare(dc, &m->strs, lf->ns, d->as.rule.name); break;
            case AST_CALENDAR: case AST_MACHINE: case AST_MATERIAL: case AST_PRODUCT: case AST_ORDER:
                declare(dc, &m->strs, lf->ns, d->as.decl.name);
                for (uint32_t k = 0; k < d->as.decl.items.len; k++)
                    if (d->as.decl.items.items[k]->kind == AST_ATTR)
                        intern_cstr(&dc->attrs, sym_str(&m->strs, d->as.decl.items.items[k]->as.attr.name));
                break;
            default: break;
            }
        }
    }
}

typedef enum Explains { NOT_EXPLAINED, UNKNOWN_NAME, NO_PLANT, UNUSED } Explains;

static Explains explains(const Diag *g)
{
    switch (g->code) {
    case DIAG_UNKNOWN_NAME: case DIAG_UNKNOWN_MACHINE: case DIAG_UNKNOWN_PRODUCT: case DIAG_UNKNOWN_ITEM:
    case DIAG_UNKNOWN_CALENDAR: case DIAG_UNKNOWN_ATTRIBUTE: case DIAG_UNKNOWN_FUNCTION:
        return UNKNOWN_NAME;
    case DIAG_PLANT_COUNT: return !g->span.lo && !g->span.hi ? NO_PLANT : NOT_EXPLAINED;
    case DIAG_UNUSED_MATERIAL: case DIAG_UNUSED_MACHINE: case DIAG_UNUSED_RULE: case DIAG_UNUSED_CALENDAR:
        return UNUSED;
    default: return NOT_EXPLAINED;
    }
}

/* Is the name that diagnostic g underlines declared by the root model? */
static bool resolved(const Declared *dc, const Model *m, const Diag *g)
{
    const SourceFile *sf = sources_get(&m->sources, g->span.file);
    if (!sf || g->span.hi <= g->span.lo || g->span.hi > sf->len) return false;
    const char *t = sf->text + g->span.lo;
    size_t n = g->span.hi - g->span.lo;
    if (g->code == DIAG_UNKNOWN_ATTRIBUTE) {
        const char *dot = memchr(t, '.', n);
        while (dot) { /* job.colour: the attribute is the last part */
            n -= (size_t)(dot + 1 - t);
            t = dot + 1;
            dot = memchr(t, '.', n);
        }
        return intern_find(&dc->attrs, t, n) != SYM_NONE;
    }
    return intern_find(&dc->names, t, n) != SYM_NONE;
}

typedef struct DropCtx {
    const Declared *dc;
    const Model *m;
} DropCtx;

static bool explained(const Diag *g, void *ctx)
{
    const DropCtx *c = ctx;
    Explains x = explains(g);
    return (x == UNKNOWN_NAME && resolved(c->dc, c->m, g)) || (x == NO_PLANT && c->dc->plant) || x == UNUSED;
}

char *importers_root(const char *path)
{
    char *root = NULL, *at = tk_strdup(path);
    for (int k = 0; k < IMPORTER_CHAIN; k++) {
        char *imp = find_importer(at);
        if (!imp) break;
        tk_free(root);
        root = imp;
        tk_free(at);
        at = tk_strdup(imp);
    }
    tk_free(at);
    return root;
}

void importers_explain(Model *m, const char *path)
{
    uint32_t unknown = 0;
    bool no_plant = false;
    for (uint32_t i = 0; i < m->diags.len; i++) {
        Explains x = explains(&m->diags.items[i]);
        unknown += x == UNKNOWN_NAME;
        no_plant |= x == NO_PLANT;
    }
    if (!unknown && !no_plant) return;
    char *root = importers_root(path);
    if (!root) return;
    Model *rm = model_new(NULL);
    loader_load_path(rm, root);
    Declared dc;
    memset(&dc, 0, sizeof dc);
    intern_init(&dc.names);
    intern_init(&dc.attrs);
    collect(&dc, rm);
    model_free(rm);
    uint32_t known = 0;
    for (uint32_t i = 0; i < m->diags.len; i++)
        if (explains(&m->diags.items[i]) == UNKNOWN_NAME && resolved(&dc, m, &m->diags.items[i])) known++;
    if (known * 2 > unknown || (!unknown && dc.plant)) {
        /* the errors of a part seen alone give way to one */
        DropCtx dctx = {&dc, m};
        diags_drop(&m->diags, explained, &dctx);
        Diag *g = diag_error(&m->diags, span_none(), DIAG_IMPORTED_FILE,
                             "'%s' is imported by '%s': it is part of that model, not a model of its own", path, root);
        StrBuf cmd = {0};
        shell_word(&cmd, root);
        if (known)
            diag_hint(g, "the model's other files declare the %u name%s it uses and does not declare; check the "
                         "whole model: takt check %s", known, known == 1 ? "" : "s", sb_cstr(&cmd));
        else diag_hint(g, "check the whole model: takt check %s", sb_cstr(&cmd));
        sb_free(&cmd);
    }
    intern_free(&dc.names);
    intern_free(&dc.attrs);
    tk_free(root);
}
