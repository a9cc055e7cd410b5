/* files.c: what takt may read, and how it reads and writes files (files.h,
 * docs/security.md). Paths are compared by their real paths, every symbolic
 * link resolved; a file is then opened by its real path without following
 * a link at the last step (a file made a link since it was resolved is
 * refused). */
#define _XOPEN_SOURCE 700 /* realpath, SA_RESETHAND */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Paths --------------------------------------------------------------- */
char *files_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return tk_strdup(".");
    if (slash == path) return tk_strdup("/");
    return tk_strndup(path, (size_t)(slash - path));
}

/* realpath into a tk_ allocation; NULL with errno set */
static char *real_dup(const char *path)
{
    char *r = realpath(path, NULL);
    if (!r) return NULL;
    char *d = tk_strdup(r);
    free(r);
    return d;
}

char *files_cwd(void) { return real_dup("."); }

static const char *last_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool is_dot_name(const char *name) { return !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0; }

char *files_real(const char *path)
{
    char *r = real_dup(path);
    if (r || errno != ENOENT) return r;
    /* a file that does not exist (yet): where it would be */
    const char *name = last_name(path);
    if (is_dot_name(name)) return NULL;
    char *dir = files_dir_of(path);
    char *rdir = real_dup(dir);
    int e = errno;
    tk_free(dir);
    if (!rdir) {
        errno = e;
        return NULL;
    }
    r = strcmp(rdir, "/") == 0 ? tk_fmt("/%s", name) : tk_fmt("%s/%s", rdir, name);
    tk_free(rdir);
    return r;
}

char *files_lexical(const char *path)
{
    StrBuf b = {0};
    if (path[0] != '/') {
        char *cwd = files_cwd();
        if (cwd && strcmp(cwd, "/") != 0) sb_puts(&b, cwd);
        tk_free(cwd);
    }
    /* each component: "." and empty skipped, ".." takes the last one away */
    const char *p = path;
    while (*p) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (b.len && b.data[b.len - 1] != '/') b.len--;
            if (b.len) b.len--; /* the slash before it */
        } else {
            sb_putc(&b, '/');
            sb_putn(&b, p, n);
        }
        p = e;
    }
    if (!b.len) sb_putc(&b, '/');
    char *r = tk_strndup(b.data, b.len); /* b.len may have been cut back */
    sb_free(&b);
    return r;
}

bool files_inside(const char *real, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/') return real[0] == '/';
    return strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == 0);
}

char *files_project_of(const char *real_dir)
{
    char *d = tk_strdup(real_dir);
    for (;;) {
        /* .git: a folder, or a file in a linked work tree or a submodule */
        char *g = tk_fmt("%s/.git", strcmp(d, "/") == 0 ? "" : d);
        struct stat st;
        bool found = lstat(g, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
        tk_free(g);
        if (found) return d;
        char *slash = strrchr(d, '/');
        if (!slash || strcmp(d, "/") == 0) break;
        if (slash == d) d[1] = 0;
        else *slash = 0;
    }
    tk_free(d);
    return tk_strdup(real_dir);
}

/* ---- Folders ------------------------------------------------------------- */
void read_area_free(ReadArea *a)
{
    for (uint32_t i = 0; i < a->len; i++) tk_free(a->dirs[i]);
    tk_free(a->dirs);
    memset(a, 0, sizeof *a);
}

void read_area_add_real(ReadArea *a, const char *real)
{
    for (uint32_t i = 0; i < a->len; i++)
        if (strcmp(a->dirs[i], real) == 0) return;
    if (a->len == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 4;
        a->dirs = tk_xrealloc(a->dirs, a->cap * sizeof(char *));
    }
    a->dirs[a->len++] = tk_strdup(real);
}

bool read_area_add(ReadArea *a, const char *dir)
{
    char *r = real_dup(dir);
    if (!r) return false;
    read_area_add_real(a, r);
    tk_free(r);
    return true;
}

bool read_area_has(const ReadArea *a, const char *real)
{
    for (uint32_t i = 0; i < a->len; i++)
        if (files_inside(real, a->dirs[i])) return true;
    return false;
}

static ReadArea trusted_area;

bool files_trust(const char *dir) { return *dir && read_area_add(&trusted_area, dir); }

bool files_trust_env(char **bad)
{
    *bad = NULL;
    const char *v = getenv("TAKT_ALLOW_READ");
    if (!v) return true;
    char *copy = tk_strdup(v);
    bool ok = true;
    for (char *save = NULL, *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
        if (!files_trust(tok)) {
            *bad = tk_strdup(tok);
            ok = false;
            break;
        }
    tk_free(copy);
    return ok;
}

bool files_trusted(const char *real) { return read_area_has(&trusted_area, real); }

void files_trust_reset(void) { read_area_free(&trusted_area); }

/* ---- Reading ------------------------------------------------------------- */
typedef struct Ident {
    dev_t dev;
    ino_t ino;
} Ident;
static TK_VEC_OF(Ident) inputs;

static void note_input(const struct stat *st)
{
    for (uint32_t i = 0; i < inputs.len; i++)
        if (inputs.data[i].dev == st->st_dev && inputs.data[i].ino == st->st_ino) return;
    Ident id = {st->st_dev, st->st_ino};
    vec_push(&inputs, id);
}

static bool stat_is_input(const struct stat *st)
{
    if (!S_ISREG(st->st_mode)) return false;
    for (uint32_t i = 0; i < inputs.len; i++)
        if (inputs.data[i].dev == st->st_dev && inputs.data[i].ino == st->st_ino) return true;
    return false;
}

bool files_is_input(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && stat_is_input(&st);
}

bool files_fd_is_input(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && stat_is_input(&st);
}

bool files_fd_is(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && S_ISREG(a.st_mode) && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

bool files_same_output(const char *a, const char *b)
{
    struct stat sa, sb;
    bool ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb) return S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea || eb) return false;
    char *ra = files_real(a), *rb = files_real(b);
    bool same = ra && rb && strcmp(ra, rb) == 0;
    tk_free(ra);
    tk_free(rb);
    return same;
}

size_t files_bom_len(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static FileStatus errno_status(int e) { return e == ENOENT || e == ENOTDIR ? FILE_MISSING : FILE_ERROR; }

/* Whether a path has a component .git. */
static bool in_git_folder(const char *path)
{
    for (const char *p = strstr(path, "/.git"); p; p = strstr(p + 1, "/.git"))
        if (p[5] == '/' || p[5] == 0) return true;
    return false;
}

FileStatus files_resolve_named(const char *name, char **real, char **leads_to, FileLink *why)
{
    *real = NULL;
    *leads_to = NULL;
    *why = LINK_OUT_OF_FOLDER;
    if (!*name) {
        errno = ENOENT;
        return FILE_MISSING;
    }
    char *dir = files_dir_of(name);
    char *rdir = real_dup(dir);
    int e = errno;
    if (!rdir) {
        tk_free(dir);
        errno = e;
        return errno_status(e);
    }
    /* a name inside the working directory by its letters stays inside it:
     * a symbolic link on its way (a folder of a checkout made a link) does
     * not take it out */
    char *cwd = files_cwd();
    if (cwd) {
        char *lexdir = files_lexical(dir);
        bool out = files_inside(lexdir, cwd) && !files_inside(rdir, cwd) && !files_trusted(rdir);
        tk_free(lexdir);
        tk_free(cwd);
        if (out) {
            tk_free(dir);
            *leads_to = rdir;
            *why = LINK_OUT_OF_CWD;
            return FILE_OUTSIDE;
        }
    }
    tk_free(dir);
    char *r = real_dup(name);
    if (!r) {
        e = errno;
        tk_free(rdir);
        errno = e;
        return errno_status(e);
    }
    /* the name's last step, if a link, stays in the folder it is named in */
    if (!is_dot_name(last_name(name)) && !files_inside(r, rdir) && !files_trusted(r)) {
        tk_free(rdir);
        *leads_to = r;
        return FILE_OUTSIDE;
    }
    tk_free(rdir);
    /* and a link does not lead into .git, unless the name says so */
    if (in_git_folder(r) && !files_trusted(r)) {
        char *lex = files_lexical(name);
        bool named = in_git_folder(lex);
        tk_free(lex);
        if (!named) {
            *leads_to = r;
            *why = LINK_INTO_GIT;
            return FILE_OUTSIDE;
        }
    }
    *real = r;
    return FILE_OK;
}

FileStatus files_read(const char *real, uint64_t limit, FileText *out)
{
    memset(out, 0, sizeof *out);
    int fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        out->err = errno;
        if (errno == ELOOP) return FILE_OUTSIDE; /* became a link since it was resolved */
        return errno_status(errno);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        out->err = errno;
        close(fd);
        return FILE_ERROR;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return FILE_NOT_FILE;
    }
    if ((uint64_t)st.st_size > limit) {
        close(fd);
        return FILE_TOO_LARGE;
    }
    /* room for two NULs after the text, and a byte more: a read that fills
     * the rest finds the end of the file */
    size_t cap = (size_t)st.st_size + 3, n = 0;
    char *buf = tk_big_alloc(cap);
    if (!buf) {
        close(fd);
        out->err = ENOMEM;
        return FILE_ERROR;
    }
    for (;;) {
        if (n + 2 >= cap) {
            if (cap > limit) {
                tk_big_free(buf);
                close(fd);
                return FILE_TOO_LARGE;
            }
            char *nb = tk_big_realloc(buf, n, cap * 2);
            if (!nb) {
                tk_big_free(buf);
                close(fd);
                out->err = ENOMEM;
                return FILE_ERROR;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - 2 - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            out->err = errno;
            tk_big_free(buf);
            close(fd);
            return FILE_ERROR;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    note_input(&st);
    size_t skip = files_bom_len(buf, n);
    if (skip) {
        memmove(buf, buf + skip, n - skip);
        n -= skip;
        out->bom = true;
    }
    buf[n] = buf[n + 1] = 0;
    out->text = buf;
    out->len = n;
    return FILE_OK;
}

static char *size_words(uint64_t limit)
{
    if (limit >= ((uint64_t)1 << 30) && limit % ((uint64_t)1 << 30) == 0)
        return tk_fmt("%llu GiB", (unsigned long long)(limit >> 30));
    if (limit >= ((uint64_t)1 << 20) && limit % ((uint64_t)1 << 20) == 0)
        return tk_fmt("%llu MiB", (unsigned long long)(limit >> 20));
    return tk_fmt("%llu bytes", (unsigned long long)limit);
}

char *files_message(FileStatus st, const char *name, const char *what, uint64_t limit, const char *leads,
                    FileLink why, int err)
{
    char *lim, *msg = NULL;
    switch (st) {
    case FILE_OK: break;
    case FILE_MISSING: msg = tk_fmt("cannot read '%s': no such file", name); break;
    case FILE_NOT_FILE: msg = tk_fmt("'%s' is a directory or special file, not %s", name, what); break;
    case FILE_TOO_LARGE:
        lim = size_words(limit);
        msg = tk_fmt("'%s' is larger than %s", name, lim);
        tk_free(lim);
        break;
    case FILE_OUTSIDE:
        if (!leads) msg = tk_fmt("not reading '%s': it became a symbolic link while being read", name);
        else if (why == LINK_OUT_OF_CWD)
            msg = tk_fmt("not reading '%s': a symbolic link on its way leads out of the working directory, to '%s'",
                         name, leads);
        else if (why == LINK_INTO_GIT)
            msg = tk_fmt("not reading '%s': it is a symbolic link into a .git folder, to '%s'", name, leads);
        else
            msg = tk_fmt("not reading '%s': it is a symbolic link to '%s', outside the folder it is named in", name,
                         leads);
        break;
    case FILE_ERROR: msg = tk_fmt("cannot read '%s': %s", name, strerror(err)); break;
    }
    return msg ? msg : tk_strdup("");
}

FileStatus files_read_named(const char *name, uint64_t limit, const char *what, FileText *out, char **msg)
{
    memset(out, 0, sizeof *out);
    *msg = NULL;
    char *real, *leads;
    FileLink why;
    FileStatus st = files_resolve_named(name, &real, &leads, &why);
    int e = errno;
    if (st == FILE_OK) {
        st = files_read(real, limit, out);
        e = out->err;
    }
    if (st != FILE_OK) *msg = files_message(st, name, what, limit, leads, why, e);
    out->err = e;
    tk_free(real);
    tk_free(leads);
    return st;
}

/* ---- Writing ------------------------------------------------------------- */
/* Writes all of data to fd; false with errno set. */
static bool write_all(int fd, const char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        off += (size_t)w;
    }
    return true;
}

/* The temporaries being written, for the signal handler: it may only read
 * them, and they change with its signals blocked. */
enum { MAX_TEMPS = 8 };
static char *volatile temps[MAX_TEMPS];
static int ntemps;
static const int temp_signals[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction temp_saved[TK_COUNTOF(temp_signals)];
static bool temp_installed[TK_COUNTOF(temp_signals)];

static void temp_on_signal(int sig)
{
    int e = errno;
    for (int i = 0; i < MAX_TEMPS; i++) {
        char *t = temps[i];
        if (t) unlink(t);
    }
    /* SA_RESETHAND has put the default action back: raised again, the
     * signal ends the process as soon as this handler returns */
    raise(sig);
    errno = e;
}

static void temp_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t k = 0; k < TK_COUNTOF(temp_signals); k++) sigaddset(&set, temp_signals[k]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void temp_install(void)
{
    for (size_t k = 0; k < TK_COUNTOF(temp_signals); k++) {
        temp_installed[k] = false;
        if (sigaction(temp_signals[k], NULL, &temp_saved[k]) != 0) continue;
        if (temp_saved[k].sa_handler == SIG_IGN) continue; /* nohup: it stays ignored */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = temp_on_signal;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        for (size_t j = 0; j < TK_COUNTOF(temp_signals); j++) sigaddset(&sa.sa_mask, temp_signals[j]);
        temp_installed[k] = sigaction(temp_signals[k], &sa, NULL) == 0;
    }
}

static void temp_restore(void)
{
    for (size_t k = 0; k < TK_COUNTOF(temp_signals); k++)
        if (temp_installed[k]) sigaction(temp_signals[k], &temp_saved[k], NULL);
}

int files_temp_create(const char *path, char **tmp)
{
    char *t = tk_fmt("%s.tmp-XXXXXX", path);
    sigset_t old;
    temp_block(&old);
    int slot = -1, fd = -1, e = EMFILE;
    for (int i = 0; i < MAX_TEMPS && slot < 0; i++)
        if (!temps[i]) slot = i;
    if (slot >= 0) {
        fd = mkstemp(t);
        e = errno;
        if (fd >= 0) {
            temps[slot] = t;
            if (ntemps++ == 0) temp_install();
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        tk_free(t);
        *tmp = NULL;
        errno = e;
        return -1;
    }
    *tmp = t;
    return fd;
}

void files_temp_done(char **tmp, bool remove)
{
    if (!*tmp) return;
    int e = errno;
    sigset_t old;
    temp_block(&old);
    if (remove) unlink(*tmp);
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temps[i] == *tmp) {
            temps[i] = NULL;
            if (--ntemps == 0) temp_restore();
        }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    tk_free(*tmp);
    *tmp = NULL;
    errno = e;
}

bool write_file_atomic(const char *path, const char *data, size_t len)
{
    /* a device or a pipe (-o /dev/null, -o /dev/stdout) is written to as it
     * is: renaming a file over it would replace it */
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0) return false;
        bool ok = write_all(fd, data, len);
        int e = errno;
        if (close(fd) != 0 && ok) return false;
        errno = e;
        return ok;
    }
    /* a temporary file beside it, made as any new file would be (umask),
     * flushed to disk, then renamed over it */
    char *tmp;
    int fd = files_temp_create(path, &tmp);
    if (fd < 0) return false;
    mode_t mask = umask(0);
    umask(mask);
    bool ok = fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, data, len) && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) ok = false, e = errno;
    if (ok && rename(tmp, path) != 0) ok = false, e = errno;
    files_temp_done(&tmp, !ok);
    errno = e;
    return ok;
}
