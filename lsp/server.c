/* server.c: takt lsp — framing, the protocol's life cycle, open documents
 * and their edits, checking (debounced) and diagnostics, formatting and
 * quick fixes. What a name at a position is: query.c. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "compiler/esc.h"
#include "compiler/files.h"
#include "compiler/fmt.h"
#include "lsp_int.h"

/* JSON-RPC error codes */
enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    RPC_NOT_INITIALIZED = -32002,
    RPC_REQUEST_FAILED = -32803,
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- strings ---------------------------------------------------------------- */
json_t *lsp_str(const char *s)
{
    if (!s) s = "";
    json_t *j = json_string(s);
    if (j) return j;
    /* not UTF-8 (a path): each byte that breaks it as U+FFFD */
    StrBuf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t need = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : 9;
        size_t k = 1;
        while (need != 9 && k <= need && (p[k] & 0xC0) == 0x80) k++;
        if (need == 9 || k != need + 1 || (need == 1 && *p < 0xC2)) {
            sb_puts(&b, "\xEF\xBF\xBD");
            p++;
        } else {
            sb_putn(&b, (const char *)p, k);
            p += k;
        }
    }
    j = json_stringn(b.data ? b.data : "", b.len);
    sb_free(&b);
    return j ? j : json_string("");
}

/* ---- URIs ------------------------------------------------------------------- */
static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The absolute path of a file: URI, NULL if it is not one (another scheme,
 * another host, a bad escape, a NUL, a relative path). */
static char *path_of_uri(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0) return NULL;
    const char *p = uri + 7;
    if (strncmp(p, "localhost/", 10) == 0) p += 9;
    if (*p != '/') return NULL;
    StrBuf b = {0};
    for (; *p && *p != '?' && *p != '#'; p++) {
        if (*p == '%') {
            int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0)) {
                sb_free(&b);
                return NULL;
            }
            sb_putc(&b, (char)(h * 16 + l));
            p += 2;
        } else sb_putc(&b, *p);
    }
    char *r = tk_strdup(sb_cstr(&b));
    sb_free(&b);
    return r;
}

char *lsp_uri_of_path(const char *path)
{
    StrBuf b = {0};
    sb_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            sb_putc(&b, (char)*p);
        else sb_printf(&b, "%%%02X", *p);
    }
    char *r = tk_strdup(sb_cstr(&b));
    sb_free(&b);
    return r;
}

/* ---- positions: lines and UTF-16 units ---------------------------------------- */
static uint32_t line_start(const char *text, uint32_t len, int64_t line)
{
    uint32_t off = 0;
    for (int64_t l = 0; l < line; l++) {
        const char *nl = memchr(text + off, '\n', len - off);
        if (!nl) return len;
        off = (uint32_t)(nl - text) + 1;
    }
    return off;
}

uint32_t lsp_offset(const char *text, uint32_t len, int64_t line, int64_t character)
{
    if (line < 0) return 0;
    uint32_t off = line_start(text, len, line);
    int64_t units = 0;
    while (off < len && text[off] != '\n' && !(text[off] == '\r' && off + 1 < len && text[off + 1] == '\n')) {
        unsigned char c = (unsigned char)text[off];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        int w = n == 4 ? 2 : 1;
        if (units + w > character) break;
        units += w;
        off += (uint32_t)n;
        if (off > len) off = len;
    }
    return off;
}

/* Line starts of the texts positions were asked of lately: a document's
 * diagnostics are hundreds of positions in one text. Forgotten before each
 * message is handled and after each check (lsp_lines_forget), so that a
 * text freed and another allocated in its place is not mistaken for it. */
static struct {
    const char *text;
    uint32_t len, n;
    uint32_t *starts;
} lines_cache[4];
static unsigned lines_next;

void lsp_lines_forget(void)
{
    for (unsigned i = 0; i < TK_COUNTOF(lines_cache); i++) {
        tk_free(lines_cache[i].starts);
        memset(&lines_cache[i], 0, sizeof lines_cache[i]);
    }
}

static uint32_t line_of(const char *text, uint32_t len, uint32_t off, uint32_t *ls)
{
    unsigned k = 0;
    while (k < TK_COUNTOF(lines_cache) && !(lines_cache[k].text == text && lines_cache[k].len == len)) k++;
    if (k == TK_COUNTOF(lines_cache)) {
        k = lines_next++ % TK_COUNTOF(lines_cache);
        tk_free(lines_cache[k].starts);
        uint32_t n = 1;
        for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++) n++;
        uint32_t *st = tk_xalloc(n * sizeof(uint32_t));
        st[0] = 0;
        n = 1;
        for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++)
            st[n++] = (uint32_t)(p - text) + 1;
        lines_cache[k].text = text;
        lines_cache[k].len = len;
        lines_cache[k].n = n;
        lines_cache[k].starts = st;
    }
    const uint32_t *st = lines_cache[k].starts;
    uint32_t lo = 0, hi = lines_cache[k].n; /* the last start <= off */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (st[mid] <= off) lo = mid;
        else hi = mid;
    }
    *ls = st[lo];
    return lo;
}

json_t *lsp_position(const char *text, uint32_t len, uint32_t off)
{
    if (off > len) off = len;
    uint32_t ls;
    uint32_t line = line_of(text, len, off, &ls);
    uint32_t units = 0;
    for (uint32_t i = ls; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) == 0x80) continue;
        units += (c & 0xF8) == 0xF0 ? 2 : 1;
    }
    return json_pack("{s:i,s:i}", "line", (json_int_t)line, "character", (json_int_t)units);
}

json_t *lsp_range(const char *text, uint32_t len, uint32_t lo, uint32_t hi)
{
    return json_pack("{s:o,s:o}", "start", lsp_position(text, len, lo), "end", lsp_position(text, len, hi));
}

json_t *lsp_location(const Model *m, Span sp)
{
    const SourceFile *sf = sources_get(&m->sources, sp.file);
    if (!sf || sf->path[0] != '/') return NULL;
    char *uri = lsp_uri_of_path(sf->path);
    json_t *loc = json_pack("{s:o,s:o}", "uri", lsp_str(uri), "range", lsp_range(sf->text, sf->len, sp.lo, sp.hi));
    tk_free(uri);
    return loc;
}

/* ---- output ------------------------------------------------------------------- */
static void write_all(Server *s, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(s->out, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { /* the client is gone */
            s->exited = true;
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

static void send_json(Server *s, json_t *msg)
{
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *body = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (!body) return;
    size_t n = strlen(body);
    char head[64];
    int hl = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    if (s->opt.trace) fprintf(stderr, "takt lsp: -> %.200s\n", body);
    write_all(s, head, (size_t)hl);
    write_all(s, body, n);
    free(body);
#ifdef __GLIBC__
    if (n > (1u << 20)) malloc_trim(0); /* a large answer's memory back to the system */
#endif
}

static void reply(Server *s, json_t *id, json_t *result)
{
    send_json(s, json_pack("{s:O,s:o}", "id", id ? id : json_null(), "result", result ? result : json_null()));
}

static void reply_error(Server *s, json_t *id, int code, const char *fmt, ...) TK_PRINTF(4, 5);
static void reply_error(Server *s, json_t *id, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = tk_vfmt(fmt, ap);
    va_end(ap);
    send_json(s, json_pack("{s:O,s:{s:i,s:o}}", "id", id ? id : json_null(), "error", "code", (json_int_t)code,
                           "message", lsp_str(msg)));
    tk_free(msg);
}

static void notify(Server *s, const char *method, json_t *params)
{
    send_json(s, json_pack("{s:s,s:o}", "method", method, "params", params));
}

/* ---- input: one framed message --------------------------------------------------- */
/* More bytes into the buffer; false at the end of the input. */
static bool fill(Server *s)
{
    if (s->eof) return false;
    if (s->bpos > 0 && s->bpos == s->blen) s->bpos = s->blen = 0;
    if (s->bpos > (1u << 20)) {
        memmove(s->buf, s->buf + s->bpos, s->blen - s->bpos);
        s->blen -= s->bpos;
        s->bpos = 0;
    }
    if (s->bcap - s->blen < 65536) {
        s->bcap = s->bcap ? s->bcap * 2 : 131072;
        s->buf = tk_xrealloc(s->buf, s->bcap);
    }
    for (;;) {
        ssize_t r = read(s->in, s->buf + s->blen, s->bcap - s->blen);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            s->eof = true;
            return false;
        }
        s->blen += (size_t)r;
        return true;
    }
}

/* One header line (without its CR LF) into *line, at most LSP_MAX_HEADER
 * bytes; a longer one is skipped whole and *too_long set. False at the end. */
static bool read_line(Server *s, StrBuf *line, bool *too_long)
{
    line->len = 0;
    *too_long = false;
    for (;;) {
        while (s->bpos < s->blen) {
            char c = s->buf[s->bpos++];
            if (c == '\n') {
                if (line->len && line->data[line->len - 1] == '\r') line->len--;
                sb_putc(line, 0); /* terminated where it now ends */
                line->len--;
                return true;
            }
            if (line->len < LSP_MAX_HEADER) sb_putc(line, c);
            else *too_long = true;
        }
        if (!fill(s)) return false;
    }
}

/* Skips n bytes of body (too large to keep). */
static bool skip_bytes(Server *s, size_t n)
{
    while (n) {
        if (s->bpos == s->blen && !fill(s)) return false;
        size_t k = s->blen - s->bpos < n ? s->blen - s->bpos : n;
        s->bpos += k;
        n -= k;
    }
    return true;
}

static bool whole_message_buffered(const Server *s)
{
    const char *p = s->buf + s->bpos;
    size_t n = s->blen - s->bpos;
    const char *end = NULL;
    for (size_t i = 0; i + 3 < n; i++)
        if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n') {
            end = p + i + 4;
            break;
        }
    return end != NULL; /* headers at least: reading goes on without waiting long */
}

/* The next message's body (malloc'd, NUL-terminated), NULL at the end of the
 * input; a frame that cannot be read is answered here and *skipped set. */
static char *read_message(Server *s, size_t *len, bool *skipped)
{
    StrBuf line = {0};
    bool too_long;
    int64_t clen = -1;
    bool bad = false;
    int nheaders = 0;
    *skipped = false;
    for (;;) {
        if (!read_line(s, &line, &too_long)) {
            sb_free(&line);
            return NULL;
        }
        if (line.len == 0 && !too_long) {
            if (nheaders == 0) continue; /* blank lines between messages */
            break;
        }
        nheaders++;
        const char *l = sb_cstr(&line);
        if (too_long || nheaders > LSP_MAX_HEADERS) bad = true;
        else if (strncasecmp(l, "Content-Length:", 15) == 0) {
            const char *v = l + 15;
            while (*v == ' ' || *v == '\t') v++;
            char *e;
            errno = 0;
            long long n = strtoll(v, &e, 10);
            while (*e == ' ' || *e == '\t') e++;
            if (e == v || *e || errno || n < 0 || clen >= 0) bad = true;
            else clen = n;
        } else if (strncasecmp(l, "Content-Type:", 13) != 0 && !strchr(l, ':')) bad = true;
    }
    sb_free(&line);
    if (bad || clen < 0) {
        reply_error(s, NULL, RPC_PARSE_ERROR,
                    clen < 0 && !bad ? "a message without a Content-Length header"
                                     : "a malformed message header (at most %d lines of %d bytes)",
                    LSP_MAX_HEADERS, LSP_MAX_HEADER);
        if (clen > 0 && !bad) skip_bytes(s, (size_t)clen);
        *skipped = true;
        return NULL;
    }
    if ((uint64_t)clen > LSP_MAX_MESSAGE) {
        reply_error(s, NULL, RPC_INVALID_REQUEST, "a message of %lld bytes; at most %u are read (docs/limits.md)",
                    (long long)clen, LSP_MAX_MESSAGE);
        skip_bytes(s, (size_t)clen);
        *skipped = true;
        return NULL;
    }
    char *body = tk_xalloc((size_t)clen + 1);
    size_t got = 0;
    while (got < (size_t)clen) {
        if (s->bpos == s->blen && !fill(s)) {
            tk_free(body);
            return NULL;
        }
        size_t k = s->blen - s->bpos < (size_t)clen - got ? s->blen - s->bpos : (size_t)clen - got;
        memcpy(body + got, s->buf + s->bpos, k);
        s->bpos += k;
        got += k;
    }
    body[got] = 0;
    *len = got;
    return body;
}

/* ---- documents ------------------------------------------------------------------ */
Doc *lsp_doc(Server *s, const char *uri)
{
    for (uint32_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0) return s->docs[i];
    return NULL;
}

static Doc *doc_by_path(Server *s, const char *path)
{
    for (uint32_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->path && strcmp(s->docs[i]->path, path) == 0) return s->docs[i];
    return NULL;
}

static void doc_free(Doc *d)
{
    tk_free(d->uri);
    tk_free(d->path);
    tk_free(d->text);
    tk_free(d->broken);
    checked_free(&d->ck);
    for (uint32_t i = 0; i < d->npublished; i++) tk_free(d->published[i]);
    tk_free(d->published);
    tk_free(d);
}

/* An open document stands for its file on disk while the model is checked. */
static bool overlay(void *ctx, const char *real, const char **text, size_t *len)
{
    Server *s = ctx;
    Doc *d = doc_by_path(s, real);
    if (!d || d->len > LSP_MAX_DOCUMENT) return false;
    *text = d->text;
    *len = d->len;
    return true;
}

/* Whether the model d checked last read the file at path. */
static bool reads(const Doc *d, const char *path)
{
    if (!d->ck.m) return false;
    const LoadedFiles *f = &d->ck.m->loader.files;
    for (uint32_t i = 0; i < f->len; i++)
        if (strcmp(f->data[i].key, path) == 0) return true;
    return false;
}

static void schedule(Server *s, Doc *d)
{
    int ms = s->opt.debounce_ms < 0 ? LSP_DEBOUNCE_MS : s->opt.debounce_ms;
    d->pending = true;
    d->due_ms = now_ms() + ms;
    /* the documents whose models read it: checked again too */
    for (uint32_t i = 0; i < s->ndocs && d->path; i++) {
        Doc *o = s->docs[i];
        if (o != d && reads(o, d->path)) {
            o->pending = true;
            o->due_ms = d->due_ms;
        }
    }
}

/* ---- diagnostics ------------------------------------------------------------------ */
static char *display_of(Server *s, const char *path)
{
    if (s->root) {
        size_t n = strlen(s->root);
        if (strncmp(path, s->root, n) == 0 && path[n] == '/') return tk_strdup(path + n + 1);
    }
    return tk_strdup(path);
}

static json_t *diag_json(const Model *m, const Diag *g, const SourceFile *sf)
{
    StrBuf msg = {0};
    sb_puts(&msg, g->msg);
    if (g->hint) {
        sb_puts(&msg, "\nhint: ");
        sb_puts(&msg, g->hint);
    }
    json_t *o = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", lsp_range(sf->text, sf->len, g->span.lo, g->span.hi),
                          "severity", (json_int_t)(g->level == DIAG_LEVEL_ERROR ? 1 : 2), "code",
                          diag_code_str(g->code), "source", "takt", "message", lsp_str(sb_cstr(&msg)));
    sb_free(&msg);
    json_t *rel = json_array();
    for (uint32_t k = 0; k < g->nnotes; k++) {
        json_t *loc = lsp_location(m, g->notes[k].span);
        if (loc) json_array_append_new(rel, json_pack("{s:o,s:o}", "location", loc, "message", lsp_str(g->notes[k].msg)));
    }
    if (json_array_size(rel)) json_object_set_new(o, "relatedInformation", rel);
    else json_decref(rel);
    return o;
}

static json_t *one_diag(const char *text, uint32_t len, DiagCode code, int severity, const char *msg)
{
    return json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", lsp_range(text, len, 0, 0), "severity", (json_int_t)severity,
                     "code", diag_code_str(code), "source", "takt", "message", lsp_str(msg));
}

static void publish(Server *s, const char *uri, json_t *diags)
{
    notify(s, "textDocument/publishDiagnostics", json_pack("{s:o,s:o}", "uri", lsp_str(uri), "diagnostics", diags));
}

/* Sends d's diagnostics: those in its own file to it, those in files it
 * imports that are not open to those files; clears where it sent before. */
static void publish_doc(Server *s, Doc *d, json_t *own)
{
    char **sent = tk_xalloc(sizeof(char *));
    uint32_t nsent = 0;
    publish(s, d->uri, own);
    sent[nsent++] = tk_strdup(d->uri);
    Model *m = d->ck.m;
    if (m) {
        const LoadedFiles *f = &m->loader.files;
        for (uint32_t i = 1; i < f->len; i++) {
            const char *key = f->data[i].key;
            if (key[0] != '/' || doc_by_path(s, key)) continue;
            const SourceFile *sf = sources_get(&m->sources, f->data[i].id);
            json_t *arr = json_array();
            for (uint32_t k = 0; k < m->diags.len; k++)
                if (m->diags.items[k].span.file == f->data[i].id)
                    json_array_append_new(arr, diag_json(m, &m->diags.items[k], sf));
            if (!json_array_size(arr)) {
                json_decref(arr);
                continue;
            }
            char *uri = lsp_uri_of_path(key);
            publish(s, uri, arr);
            sent = tk_xrealloc(sent, (nsent + 1) * sizeof(char *));
            sent[nsent++] = uri;
        }
    }
    for (uint32_t i = 0; i < d->npublished; i++) {
        bool again = false;
        for (uint32_t k = 0; k < nsent && !again; k++) again = strcmp(sent[k], d->published[i]) == 0;
        if (!again && !lsp_doc(s, d->published[i])) publish(s, d->published[i], json_array());
        tk_free(d->published[i]);
    }
    tk_free(d->published);
    d->published = sent;
    d->npublished = nsent;
}

/* W0038: an import of a file open with changes not saved. */
static void unsaved_imports(Server *s, Doc *d, json_t *own)
{
    Model *m = d->ck.m;
    const LoadedFile *root = &m->loader.files.data[0];
    if (!root->root) return;
    const SourceFile *sf = sources_get(&m->sources, root->id);
    char *dir = files_dir_of(d->path);
    const AstList *items = &root->root->as.file.items;
    for (uint32_t i = 0; i < items->len; i++) {
        const AstNode *n = items->items[i];
        if (n->kind != AST_IMPORT || n->as.import.module) continue;
        const char *target = sym_str(&m->strs, n->as.import.path);
        if (!*target) continue;
        char *full = target[0] == '/' ? tk_strdup(target) : tk_fmt("%s/%s", dir, target);
        char *real = files_real(full);
        Doc *o = real ? doc_by_path(s, real) : NULL;
        if (o && o->dirty && reads(d, real)) {
            char *msg = tk_fmt("'%s' has changes not saved; takt check and takt plan read the saved file\n"
                               "hint: save it to plan what the editor shows",
                               target);
            json_array_append_new(own, json_pack("{s:o,s:i,s:s,s:s,s:o}", "range",
                                                 lsp_range(sf->text, sf->len, n->as.import.path_span.lo,
                                                           n->as.import.path_span.hi),
                                                 "severity", (json_int_t)2, "code", diag_code_str(DIAG_IMPORT_UNSAVED),
                                                 "source", "takt", "message", lsp_str(msg)));
            tk_free(msg);
        }
        tk_free(real);
        tk_free(full);
    }
    tk_free(dir);
}

static void check_doc(Server *s, Doc *d)
{
    d->pending = false;
    checked_free(&d->ck);
    json_t *own = json_array();
    if (d->broken) {
        char *msg = tk_fmt("%s; the document is checked as it was before it\n"
                           "hint: close and open the file again, so that the editor sends it whole",
                           d->broken);
        json_array_append_new(own, one_diag(d->text, (uint32_t)d->len, DIAG_EDIT_NOT_APPLIED, 1, msg));
        tk_free(msg);
    }
    if (!d->path) {
        char *msg = tk_fmt("'%s' is not a local file (file:///...); it is not checked\n"
                           "hint: save it as a .takt file in the workspace",
                           d->uri);
        json_array_append_new(own, one_diag("", 0, DIAG_NOT_A_LOCAL_FILE, 1, msg));
        tk_free(msg);
        publish_doc(s, d, own);
        return;
    }
    if (d->len > LSP_MAX_DOCUMENT) {
        char *msg = tk_fmt("the document has %zu bytes; the language server checks at most %u (docs/limits.md)\n"
                           "hint: split the model into files that import each other",
                           d->len, LSP_MAX_DOCUMENT);
        json_array_append_new(own, one_diag("", 0, DIAG_DOCUMENT_TOO_LARGE, 1, msg));
        tk_free(msg);
        publish_doc(s, d, own);
        return;
    }
    Model *m = model_new(s->opt.exe);
    m->loader.overlay = overlay;
    m->loader.overlay_ctx = s;
    m->check_scenarios = true; /* as takt check: each scenario applied alone, too */
    for (uint32_t i = 0; i < s->area.len; i++) read_area_add_real(&m->loader.area, s->area.dirs[i]);
    char *display = display_of(s, d->path);
    /* a document outside the workspace's projects: nothing near it is read */
    model_check_text(m, d->path, display, d->text, d->len, read_area_has(&s->area, d->path));
    lsp_lines_forget();
#ifdef __GLIBC__
    malloc_trim(0); /* the last check's memory back to the system: no growth over many edits */
#endif
    tk_free(display);
    d->ck.m = m;
    const LoadedFile *root = &m->loader.files.data[0];
    const SourceFile *sf = sources_get(&m->sources, root->id);
    for (uint32_t k = 0; k < m->diags.len; k++) {
        const Diag *g = &m->diags.items[k];
        if (g->span.file == root->id) json_array_append_new(own, diag_json(m, g, sf));
        else if (g->span.file == 0) {
            Diag at0 = *g;
            at0.span.lo = at0.span.hi = 0;
            json_array_append_new(own, diag_json(m, &at0, sf));
        }
    }
    if (m->diags.suppressed) {
        char *msg = tk_fmt("%u further diagnostics not shown", m->diags.suppressed);
        json_array_append_new(own, one_diag("", 0, DIAG_NONE, 3, msg));
        json_object_set_new(json_array_get(own, json_array_size(own) - 1), "code", json_string("takt"));
        tk_free(msg);
    }
    unsaved_imports(s, d, own);
    publish_doc(s, d, own);
}

Model *lsp_check_file(Server *s, const char *real)
{
    Model *m = model_new(s->opt.exe);
    m->loader.overlay = overlay;
    m->loader.overlay_ctx = s;
    for (uint32_t i = 0; i < s->area.len; i++) read_area_add_real(&m->loader.area, s->area.dirs[i]);
    const char *paths[] = {real};
    model_check_paths(m, paths, 1);
    lsp_lines_forget();
    return m;
}

bool lsp_in_workspace(Server *s, const char *real) { return read_area_has(&s->area, real); }

void lsp_check_now(Server *s, Doc *d)
{
    if (d->pending || !d->ck.m) check_doc(s, d);
}

static void check_due(Server *s, bool all)
{
    int64_t t = now_ms();
    for (uint32_t i = 0; i < s->ndocs && !s->exited; i++)
        if (s->docs[i]->pending && (all || s->docs[i]->due_ms <= t)) check_doc(s, s->docs[i]);
}

/* ---- parameters ------------------------------------------------------------------- */
static Doc *param_doc(Server *s, json_t *id, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    if (!uri) {
        reply_error(s, id, RPC_INVALID_PARAMS, "textDocument.uri is missing");
        return NULL;
    }
    Doc *d = lsp_doc(s, uri);
    if (!d) reply_error(s, id, RPC_INVALID_PARAMS, "the document '%s' is not open", esc_show(uri));
    return d;
}

/* A position's offset in d, false (answered) if it is not a position or lies
 * past the last line; a character past a line's end is its end. */
static bool param_pos(Server *s, json_t *id, json_t *pos, Doc *d, uint32_t *off)
{
    json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 || json_integer_value(c) < 0) {
        reply_error(s, id, RPC_INVALID_PARAMS, "a position is {\"line\": N, \"character\": N}, both from 0");
        return false;
    }
    json_int_t line = json_integer_value(l);
    json_int_t lines = 1;
    for (const char *p = d->text; (p = memchr(p, '\n', (size_t)(d->text + d->len - p))) != NULL; p++) lines++;
    if (line >= lines) {
        reply_error(s, id, RPC_INVALID_PARAMS, "line %lld is past the end of the document (%lld lines)",
                    (long long)line, (long long)lines);
        return false;
    }
    *off = lsp_offset(d->text, (uint32_t)d->len, line, json_integer_value(c));
    return true;
}

/* ---- documents: open, change, save, close -------------------------------------------- */
static void did_open(Server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text) || strlen(uri) != json_string_length(json_object_get(td, "uri"))) return;
    Doc *d = lsp_doc(s, uri);
    if (!d) {
        if (s->ndocs >= LSP_MAX_DOCUMENTS) {
            notify(s, "window/showMessage",
                   json_pack("{s:i,s:s}", "type", (json_int_t)1, "message",
                             "takt lsp: too many documents open; this one is not checked (docs/limits.md)"));
            return;
        }
        d = tk_xalloc(sizeof *d);
        memset(d, 0, sizeof *d);
        d->uri = tk_strdup(uri);
        char *p = path_of_uri(uri);
        if (p) {
            d->path = files_real(p);
            if (!d->path) d->path = files_lexical(p);
            tk_free(p);
        }
        if (s->ndocs == s->capdocs) {
            s->capdocs = s->capdocs ? s->capdocs * 2 : 16;
            s->docs = tk_xrealloc(s->docs, s->capdocs * sizeof(Doc *));
        }
        s->docs[s->ndocs++] = d;
    }
    tk_free(d->text);
    d->len = json_string_length(text);
    d->text = tk_xalloc(d->len + 1);
    d->cap = d->len + 1;
    memcpy(d->text, json_string_value(text), d->len + 1);
    d->version = json_integer_value(json_object_get(td, "version"));
    d->dirty = false;
    tk_free(d->broken);
    d->broken = NULL;
    schedule(s, d);
    d->due_ms = now_ms(); /* opened: checked at once */
}

static void broken(Doc *d, const char *fmt, ...) TK_PRINTF(2, 3);
static void broken(Doc *d, const char *fmt, ...)
{
    if (d->broken) return;
    va_list ap;
    va_start(ap, fmt);
    d->broken = tk_vfmt(fmt, ap);
    va_end(ap);
}

static void did_change(Server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    Doc *d = lsp_doc(s, json_string_value(json_object_get(td, "uri")) ? json_string_value(json_object_get(td, "uri")) : "");
    json_t *changes = json_object_get(params, "contentChanges");
    if (!d) return;
    json_t *ver = json_object_get(td, "version");
    if (json_is_integer(ver)) {
        if (json_integer_value(ver) <= d->version) broken(d, "an edit of version %lld came after version %lld",
                                                          (long long)json_integer_value(ver), (long long)d->version);
        d->version = json_integer_value(ver);
    }
    if (!json_is_array(changes) || json_array_size(changes) > LSP_MAX_CHANGES) {
        broken(d, "an edit without its changes, or with more than %d", LSP_MAX_CHANGES);
        schedule(s, d);
        return;
    }
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        json_t *text = json_object_get(c, "text");
        json_t *range = json_object_get(c, "range");
        if (!json_is_string(text)) {
            broken(d, "an edit without its text");
            break;
        }
        size_t tl = json_string_length(text);
        if (!range) { /* the whole text */
            tk_free(d->text);
            d->text = tk_xalloc(tl + 1);
            memcpy(d->text, json_string_value(text), tl + 1);
            d->len = tl;
            d->cap = tl + 1;
            tk_free(d->broken);
            d->broken = NULL;
            continue;
        }
        json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
        json_t *sl = json_object_get(st, "line"), *sc = json_object_get(st, "character");
        json_t *el = json_object_get(en, "line"), *ec = json_object_get(en, "character");
        if (!json_is_integer(sl) || !json_is_integer(sc) || !json_is_integer(el) || !json_is_integer(ec) ||
            json_integer_value(sl) < 0 || json_integer_value(sc) < 0 || json_integer_value(el) < 0 ||
            json_integer_value(ec) < 0) {
            broken(d, "an edit whose range is not one");
            break;
        }
        if (d->len > LSP_MAX_DOCUMENT) {
            broken(d, "an edit of a document too large to keep");
            break;
        }
        uint32_t lo = lsp_offset(d->text, (uint32_t)d->len, json_integer_value(sl), json_integer_value(sc));
        uint32_t hi = lsp_offset(d->text, (uint32_t)d->len, json_integer_value(el), json_integer_value(ec));
        if (hi < lo) {
            broken(d, "an edit whose range ends before it starts");
            break;
        }
        size_t nlen = d->len - (hi - lo) + tl;
        if (nlen > LSP_MAX_DOCUMENT) { /* not kept: E0488 until the editor sends less */
            tk_free(d->text);
            d->text = tk_xalloc(1);
            d->text[0] = 0;
            d->len = nlen;
            d->cap = 1;
            continue;
        }
        /* in place, the buffer grown by half when it must grow: typing
         * one character does not copy the document into new memory */
        if (nlen + 1 > d->cap) {
            size_t cap = d->cap + d->cap / 2 > nlen + 1 ? d->cap + d->cap / 2 : nlen + 1;
            d->text = tk_xrealloc(d->text, cap);
            d->cap = cap;
        }
        memmove(d->text + lo + tl, d->text + hi, d->len - hi);
        memcpy(d->text + lo, json_string_value(text), tl);
        d->text[nlen] = 0;
        d->len = nlen;
    }
    d->dirty = true;
    schedule(s, d);
}

static void did_save(Server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    Doc *d = uri ? lsp_doc(s, uri) : NULL;
    if (!d) return;
    d->dirty = false;
    /* its importers lose their W0038; the document itself is not checked
     * again, its text is the one it was (a large model saved costs nothing) */
    int ms = s->opt.debounce_ms < 0 ? LSP_DEBOUNCE_MS : s->opt.debounce_ms;
    for (uint32_t i = 0; i < s->ndocs && d->path; i++) {
        Doc *o = s->docs[i];
        if (o != d && reads(o, d->path)) {
            o->pending = true;
            o->due_ms = now_ms() + ms;
        }
    }
}

static void did_close(Server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    Doc *d = uri ? lsp_doc(s, uri) : NULL;
    if (!d) return;
    /* its diagnostics go; importers read the file from disk again */
    for (uint32_t i = 0; i < d->npublished; i++) publish(s, d->published[i], json_array());
    for (uint32_t i = 0; i < s->ndocs; i++)
        if (s->docs[i] != d && d->path && reads(s->docs[i], d->path)) schedule(s, s->docs[i]);
    for (uint32_t i = 0; i < s->ndocs; i++)
        if (s->docs[i] == d) {
            s->docs[i] = s->docs[--s->ndocs];
            break;
        }
    doc_free(d);
}

/* ---- formatting and quick fixes ---------------------------------------------------- */
static void formatting(Server *s, json_t *id, Doc *d)
{
    if (!d->path || d->len > LSP_MAX_DOCUMENT) {
        reply_error(s, id, RPC_REQUEST_FAILED, "the document is not checked (%s), so not formatted",
                    d->path ? "too large" : "not a local file");
        return;
    }
    Model *m = model_new(s->opt.exe);
    int idx = loader_parse_text(m, d->path, d->path, d->text, d->len);
    if (diag_has_errors(&m->diags)) {
        reply_error(s, id, RPC_REQUEST_FAILED, "the document has syntax errors; it is formatted once they are fixed");
        model_free(m);
        return;
    }
    const LoadedFile *lf = &m->loader.files.data[idx];
    const SourceFile *sf = sources_get(&m->sources, lf->id);
    char *text = fmt_file(lf->root, sf, &m->strs);
    StrBuf out = {0};
    if (lf->bom) sb_puts(&out, "\xEF\xBB\xBF");
    sb_puts(&out, text);
    tk_free(text);
    json_t *edits = json_array();
    if (out.len != d->len || memcmp(out.data, d->text, d->len) != 0)
        json_array_append_new(edits, json_pack("{s:o,s:o}", "range", lsp_range(d->text, (uint32_t)d->len, 0, (uint32_t)d->len),
                                               "newText", lsp_str(sb_cstr(&out))));
    sb_free(&out);
    model_free(m);
    reply(s, id, edits);
}

static void code_actions(Server *s, json_t *id, Doc *d, json_t *params)
{
    json_t *range = json_object_get(params, "range");
    uint32_t lo, hi;
    if (!param_pos(s, id, json_object_get(range, "start"), d, &lo) ||
        !param_pos(s, id, json_object_get(range, "end"), d, &hi))
        return;
    lsp_check_now(s, d);
    json_t *out = json_array();
    Model *m = d->ck.m;
    if (m) {
        const LoadedFile *root = &m->loader.files.data[0];
        const SourceFile *sf = sources_get(&m->sources, root->id);
        for (uint32_t k = 0; k < m->diags.len; k++) {
            const Diag *g = &m->diags.items[k];
            if (!g->fix.text || g->fix.span.file != root->id || g->span.file != root->id) continue;
            if (g->span.hi < lo || g->span.lo > hi) continue;
            char *title = tk_fmt("Change to '%s'", g->fix.text);
            json_t *edit = json_pack("{s:o,s:o}", "range", lsp_range(sf->text, sf->len, g->fix.span.lo, g->fix.span.hi),
                                     "newText", lsp_str(g->fix.text));
            json_t *changes = json_object();
            json_object_set_new(changes, d->uri, json_pack("[o]", edit));
            json_array_append_new(out, json_pack("{s:o,s:s,s:[o],s:b,s:{s:o}}", "title", lsp_str(title), "kind",
                                                 "quickfix", "diagnostics", diag_json(m, g, sf), "isPreferred", 1,
                                                 "edit", "changes", changes));
            tk_free(title);
        }
    }
    reply(s, id, out);
}

/* ---- the life cycle ------------------------------------------------------------------ */
static void add_folder(Server *s, const char *uri)
{
    char *p = uri ? path_of_uri(uri) : NULL;
    char *real = p ? files_real(p) : NULL;
    if (real) {
        char *project = files_project_of(real);
        read_area_add_real(&s->area, project);
        if (!s->root) s->root = tk_strdup(real);
        tk_free(project);
    }
    tk_free(real);
    tk_free(p);
}

static json_t *capabilities(void)
{
    return json_pack("{s:{s:b,s:i,s:{s:b}},s:b,s:b,s:b,s:b,s:b,s:{s:[s],s:b},s:b,s:{s:b},s:{s:[s]}}",
                     "textDocumentSync", "openClose", 1, "change", (json_int_t)2, "save", "includeText", 0,
                     "hoverProvider", 1, "definitionProvider", 1, "referencesProvider", 1, "documentSymbolProvider", 1,
                     "workspaceSymbolProvider", 1, "completionProvider", "triggerCharacters", ".", "resolveProvider",
                     0, "documentFormattingProvider", 1, "renameProvider", "prepareProvider", 1, "codeActionProvider",
                     "codeActionKinds", "quickfix");
}

static void initialize(Server *s, json_t *id, json_t *params)
{
    if (s->initialized) {
        reply_error(s, id, RPC_INVALID_REQUEST, "initialize was sent twice");
        return;
    }
    json_t *folders = json_object_get(params, "workspaceFolders");
    size_t i;
    json_t *f;
    if (json_is_array(folders)) {
        json_array_foreach(folders, i, f) {
            if (i >= 64) break;
            add_folder(s, json_string_value(json_object_get(f, "uri")));
        }
    }
    add_folder(s, json_string_value(json_object_get(params, "rootUri")));
    if (!s->area.len) { /* no folder: the working directory's project */
        char *cwd = files_cwd();
        if (cwd) {
            char *project = files_project_of(cwd);
            read_area_add_real(&s->area, project);
            s->root = tk_strdup(cwd);
            tk_free(project);
        }
        tk_free(cwd);
    }
    s->initialized = true;
    reply(s, id, json_pack("{s:o,s:{s:s,s:s}}", "capabilities", capabilities(), "serverInfo", "name", "takt lsp",
                           "version", TAKT_VERSION));
}

static void dispatch(Server *s, json_t *msg)
{
    json_t *id = json_object_get(msg, "id");
    json_t *mj = json_object_get(msg, "method");
    json_t *params = json_object_get(msg, "params");
    if (id && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id)) {
        reply_error(s, NULL, RPC_INVALID_REQUEST, "an id is a number or a string");
        return;
    }
    if (!json_is_string(mj)) {
        if (id && (json_object_get(msg, "result") || json_object_get(msg, "error"))) return; /* a response */
        reply_error(s, id, RPC_INVALID_REQUEST, "a request without a method");
        return;
    }
    const char *method = json_string_value(mj);
    bool request = id != NULL;
    if (params && !json_is_object(params) && !json_is_array(params) && !json_is_null(params)) {
        if (request) reply_error(s, id, RPC_INVALID_PARAMS, "params are an object");
        return;
    }
    if (strcmp(method, "exit") == 0) {
        s->exited = true;
        s->exit_code = s->shutdown ? 0 : 1;
        return;
    }
    if (!s->initialized) {
        if (strcmp(method, "initialize") == 0 && request) initialize(s, id, params);
        else if (request) reply_error(s, id, RPC_NOT_INITIALIZED, "the server is not initialized");
        return;
    }
    if (s->shutdown) {
        if (request) reply_error(s, id, RPC_INVALID_REQUEST, "the server is shut down; only exit is left");
        return;
    }
    if (!request) {
        if (strcmp(method, "textDocument/didOpen") == 0) did_open(s, params);
        else if (strcmp(method, "textDocument/didChange") == 0) did_change(s, params);
        else if (strcmp(method, "textDocument/didSave") == 0) did_save(s, params);
        else if (strcmp(method, "textDocument/didClose") == 0) did_close(s, params);
        /* initialized, $/cancelRequest, $/setTrace, unknown notifications: nothing to do */
        return;
    }
    if (strcmp(method, "initialize") == 0) {
        reply_error(s, id, RPC_INVALID_REQUEST, "initialize was sent twice");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->shutdown = true;
        reply(s, id, NULL);
        return;
    }
    if (strcmp(method, "workspace/symbol") == 0) {
        const char *q = json_string_value(json_object_get(params, "query"));
        check_due(s, true);
        reply(s, id, query_workspace_symbols(s, q ? q : ""));
        return;
    }
    static const char *const doc_methods[] = {
        "textDocument/definition",     "textDocument/references", "textDocument/hover",
        "textDocument/completion",     "textDocument/documentSymbol", "textDocument/formatting",
        "textDocument/rename",         "textDocument/prepareRename", "textDocument/codeAction",
    };
    size_t k = 0;
    while (k < TK_COUNTOF(doc_methods) && strcmp(method, doc_methods[k]) != 0) k++;
    if (k == TK_COUNTOF(doc_methods)) {
        reply_error(s, id, RPC_METHOD_NOT_FOUND, "unknown method '%s'", esc_show(method));
        return;
    }
    Doc *d = param_doc(s, id, params);
    if (!d) return;
    if (strcmp(method, "textDocument/formatting") == 0) return formatting(s, id, d);
    if (strcmp(method, "textDocument/codeAction") == 0) return code_actions(s, id, d, params);
    if (strcmp(method, "textDocument/documentSymbol") == 0) {
        lsp_check_now(s, d);
        reply(s, id, query_document_symbols(s, d));
        return;
    }
    uint32_t off;
    if (!param_pos(s, id, json_object_get(params, "position"), d, &off)) return;
    lsp_check_now(s, d);
    if (strcmp(method, "textDocument/definition") == 0) reply(s, id, query_definition(s, d, off));
    else if (strcmp(method, "textDocument/references") == 0) {
        json_t *ctx = json_object_get(params, "context");
        reply(s, id, query_references(s, d, off, json_is_true(json_object_get(ctx, "includeDeclaration"))));
    } else if (strcmp(method, "textDocument/hover") == 0) reply(s, id, query_hover(s, d, off));
    else if (strcmp(method, "textDocument/completion") == 0) reply(s, id, query_completion(s, d, off));
    else if (strcmp(method, "textDocument/prepareRename") == 0) reply(s, id, query_prepare_rename(s, d, off));
    else {
        const char *name = json_string_value(json_object_get(params, "newName"));
        if (!name) {
            reply_error(s, id, RPC_INVALID_PARAMS, "newName is missing");
            return;
        }
        char *err = NULL;
        json_t *edit = query_rename(s, d, off, name, &err);
        if (edit) reply(s, id, edit);
        else {
            reply_error(s, id, RPC_REQUEST_FAILED, "%s", err ? err : "nothing to rename here");
            tk_free(err);
        }
    }
}

static void handle(Server *s, const char *body, size_t len)
{
    lsp_lines_forget();
    json_error_t err;
    /* a NUL in a document reaches the checker, which says E0008 as takt
     * check does; a URI with one is refused where it is read */
    json_t *msg = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (!msg) {
        reply_error(s, NULL, RPC_PARSE_ERROR, "not JSON: %s at byte %d", err.text, err.position);
        return;
    }
    if (s->opt.trace) fprintf(stderr, "takt lsp: <- %.200s\n", body);
    if (json_is_array(msg)) reply_error(s, NULL, RPC_INVALID_REQUEST, "batches are not served");
    else if (!json_is_object(msg)) reply_error(s, NULL, RPC_INVALID_REQUEST, "a message is a JSON object");
    else dispatch(s, msg);
    json_decref(msg);
}

int lsp_serve(int in_fd, int out_fd, const LspOptions *o)
{
    Server s;
    memset(&s, 0, sizeof s);
    s.in = in_fd;
    s.out = out_fd;
    s.opt = *o;
    s.exit_code = 1;
    while (!s.exited) {
        bool pending = false;
        int64_t due = INT64_MAX;
        for (uint32_t i = 0; i < s.ndocs; i++)
            if (s.docs[i]->pending) {
                pending = true;
                if (s.docs[i]->due_ms < due) due = s.docs[i]->due_ms;
            }
        if (pending && !whole_message_buffered(&s)) {
            int64_t wait = due - now_ms();
            struct pollfd p = {s.in, POLLIN, 0};
            int r = wait > 0 ? poll(&p, 1, wait > 60000 ? 60000 : (int)wait) : 0;
            if (r == 0) {
                check_due(&s, false);
                continue;
            }
        }
        size_t len = 0;
        bool skipped;
        char *body = read_message(&s, &len, &skipped);
        if (!body) {
            if (skipped) continue;
            break; /* the end of the input */
        }
        handle(&s, body, len);
        tk_free(body);
    }
    int code = s.exited ? s.exit_code : (s.shutdown ? 0 : 1);
    lsp_lines_forget();
    for (uint32_t i = 0; i < s.ndocs; i++) doc_free(s.docs[i]);
    tk_free(s.docs);
    tk_free(s.buf);
    tk_free(s.root);
    read_area_free(&s.area);
    return code;
}
