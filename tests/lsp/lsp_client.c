/* lsp_client.c: a scripted Language Server Protocol client that runs
 * `takt lsp` over pipes through whole sessions and checks each answer:
 *
 *   lsp_client TAKT PROJECT_DIR EXAMPLES_DIR
 *
 * PROJECT_DIR is tests/lsp/proj (main.takt imports machines.takt and names a
 * machine 'weldr'); EXAMPLES_DIR the examples folder. Exit 0 when every
 * check passed, 1 naming the ones that failed. Each wait for the server is
 * a hang guard of 120 s, never a speed test. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures, checks;
static const char *takt;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        checks++;                                                                          \
        if (!(cond)) {                                                                     \
            failures++;                                                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                           \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
        }                                                                                  \
    } while (0)

typedef struct Srv {
    pid_t pid;
    int to, from;
    char *buf;
    size_t len, cap;
    json_t *diags;     /* uri -> the last diagnostics published */
    json_t *npub;      /* uri -> how many times diagnostics were published for it */
    int ndiag_msgs;
} Srv;

static void start(Srv *s, const char *arg)
{
    int in[2], out[2];
    if (pipe(in) || pipe(out)) exit(2);
    memset(s, 0, sizeof *s);
    s->pid = fork();
    if (s->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        execl(takt, takt, "lsp", arg, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    s->to = in[1];
    s->from = out[0];
    s->diags = json_object();
    s->npub = json_object();
}

/* Reads what the server has written into the buffer (recv_msg parses it):
 * while a write waits, so that neither side blocks on a full pipe. */
static bool take(Srv *s)
{
    if (s->cap - s->len < 65536) {
        s->cap = s->cap ? s->cap * 2 : 1 << 20;
        s->buf = realloc(s->buf, s->cap + 1);
    }
    ssize_t r = read(s->from, s->buf + s->len, s->cap - s->len);
    if (r <= 0) return false;
    s->len += (size_t)r;
    s->buf[s->len] = 0;
    return true;
}

static void send_raw(Srv *s, const char *data, size_t n)
{
    while (n) {
        struct pollfd p[2] = {{s->to, POLLOUT, 0}, {s->from, POLLIN, 0}};
        if (poll(p, 2, 120000) <= 0) return;
        if (p[1].revents & POLLIN) take(s);
        if (!(p[0].revents & (POLLOUT | POLLERR | POLLHUP))) continue;
        ssize_t w = write(s->to, data, n > 65536 ? 65536 : n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        data += w;
        n -= (size_t)w;
    }
}

static void send_msg(Srv *s, json_t *msg)
{
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *body = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    char head[64];
    int hl = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", strlen(body));
    send_raw(s, head, (size_t)hl);
    send_raw(s, body, strlen(body));
    free(body);
}

static void notify(Srv *s, const char *method, json_t *params)
{
    send_msg(s, params ? json_pack("{s:s,s:o}", "method", method, "params", params) : json_pack("{s:s}", "method", method));
}

/* The next message, or NULL at the end of the output or after 120 s. */
static json_t *recv_msg(Srv *s)
{
    for (;;) {
        char *hend = NULL;
        for (size_t i = 0; i + 3 < s->len && !hend; i++)
            if (memcmp(s->buf + i, "\r\n\r\n", 4) == 0) hend = s->buf + i;
        if (hend) {
            const char *cl = strstr(s->buf, "Content-Length: ");
            size_t n = cl ? strtoul(cl + 16, NULL, 10) : 0;
            size_t hl = (size_t)(hend - s->buf) + 4;
            if (s->len >= hl + n) {
                json_error_t e;
                json_t *j = json_loadb(s->buf + hl, n, 0, &e);
                memmove(s->buf, s->buf + hl + n, s->len - hl - n);
                s->len -= hl + n;
                s->buf[s->len] = 0;
                if (!j) fprintf(stderr, "unparsable message from the server: %s\n", e.text);
                return j;
            }
        }
        struct pollfd p = {s->from, POLLIN, 0};
        if (poll(&p, 1, 120000) <= 0 || !take(s)) return NULL;
    }
}

static void note(Srv *s, json_t *msg)
{
    const char *m = json_string_value(json_object_get(msg, "method"));
    if (m && strcmp(m, "textDocument/publishDiagnostics") == 0) {
        json_t *p = json_object_get(msg, "params");
        const char *u = json_string_value(json_object_get(p, "uri"));
        if (u) {
            json_object_set(s->diags, u, json_object_get(p, "diagnostics"));
            json_object_set_new(s->npub, u, json_integer(json_integer_value(json_object_get(s->npub, u)) + 1));
        }
        s->ndiag_msgs++;
    }
}

static json_t *request(Srv *s, int id, const char *method, json_t *params)
{
    send_msg(s, json_pack("{s:i,s:s,s:o}", "id", id, "method", method, "params", params ? params : json_null()));
    for (;;) {
        json_t *m = recv_msg(s);
        if (!m) return NULL;
        json_t *mid = json_object_get(m, "id");
        if (json_is_integer(mid) && json_integer_value(mid) == id) return m;
        note(s, m);
        json_decref(m);
    }
}

/* The response to a message that has no usable id (a malformed one). */
static json_t *recv_error(Srv *s)
{
    for (;;) {
        json_t *m = recv_msg(s);
        if (!m || json_object_get(m, "error")) return m;
        note(s, m);
        json_decref(m);
    }
}

/* The next diagnostics published for uri. */
static json_t *diagnostics(Srv *s, const char *uri)
{
    for (;;) {
        json_t *m = recv_msg(s);
        if (!m) return NULL;
        note(s, m);
        json_t *p = json_object_get(m, "params");
        const char *u = json_string_value(json_object_get(p, "uri"));
        if (u && strcmp(u, uri) == 0 && json_object_get(m, "method")) {
            json_t *d = json_incref(json_object_get(p, "diagnostics"));
            json_decref(m);
            return d;
        }
        json_decref(m);
    }
}

static bool has_code(json_t *diags, const char *code)
{
    size_t i;
    json_t *d;
    json_array_foreach(diags, i, d) {
        const char *c = json_string_value(json_object_get(d, "code"));
        if (c && strcmp(c, code) == 0) return true;
    }
    return false;
}

static int count_errors(json_t *diags)
{
    int n = 0;
    size_t i;
    json_t *d;
    json_array_foreach(diags, i, d) n += json_integer_value(json_object_get(d, "severity")) == 1;
    return n;
}

static int finish(Srv *s)
{
    close(s->to);
    /* what the server still writes is read and dropped: it must not block
     * on a full pipe on its way out */
    char sink[65536];
    struct pollfd p = {s->from, POLLIN, 0};
    while (poll(&p, 1, 120000) > 0 && read(s->from, sink, sizeof sink) > 0) {}
    int st = 0;
    waitpid(s->pid, &st, 0);
    close(s->from);
    free(s->buf);
    json_decref(s->diags);
    json_decref(s->npub);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *slurp_n(const char *path, size_t *len);
static char *slurp(const char *path)
{
    size_t n;
    return slurp_n(path, &n);
}

/* The file's bytes, NULs included, and a NUL after them. */
static char *slurp_n(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *t = malloc((size_t)n + 1);
    *len = fread(t, 1, (size_t)n, f);
    t[*len] = 0;
    fclose(f);
    return t;
}

static json_t *pos(int line, int ch) { return json_pack("{s:i,s:i}", "line", line, "character", ch); }

static json_t *at(const char *uri, int line, int ch)
{
    return json_pack("{s:{s:s},s:o}", "textDocument", "uri", uri, "position", pos(line, ch));
}

static json_t *open_params(const char *uri, const char *text, int version)
{
    return json_pack("{s:{s:s,s:s,s:i,s:s}}", "textDocument", "uri", uri, "languageId", "takt", "version", version,
                     "text", text);
}

/* JSON as text, valid until the next call. */
static const char *dump(json_t *j)
{
    static char *last;
    free(last);
    last = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    return last ? last : "null";
}

static const char *result_text(json_t *r) { return dump(json_object_get(r, "result")); }

/* ---- the session on the test project ------------------------------------------------- */
static void session(const char *proj)
{
    char main_uri[4096], mach_uri[4096], path[4096];
    snprintf(main_uri, sizeof main_uri, "file://%s/main.takt", proj);
    snprintf(mach_uri, sizeof mach_uri, "file://%s/machines.takt", proj);
    char root_uri[4096];
    snprintf(root_uri, sizeof root_uri, "file://%s", proj);
    snprintf(path, sizeof path, "%s/main.takt", proj);
    char *main_text = slurp(path);

    Srv s;
    start(&s, "--stdio");
    json_t *r = request(&s, 1, "initialize", json_pack("{s:s,s:{}}", "rootUri", root_uri, "capabilities"));
    json_t *caps = json_object_get(json_object_get(r, "result"), "capabilities");
    CHECK(json_is_true(json_object_get(caps, "hoverProvider")), "initialize: no hover");
    CHECK(json_integer_value(json_object_get(json_object_get(caps, "textDocumentSync"), "change")) == 2,
          "initialize: not incremental sync");
    json_decref(r);
    notify(&s, "initialized", json_object());

    /* a request before the document is open */
    r = request(&s, 2, "textDocument/hover", at(main_uri, 0, 0));
    CHECK(json_integer_value(json_object_get(json_object_get(r, "error"), "code")) == -32602, "hover on a closed document");
    json_decref(r);

    /* opened with a mistake: E0203 with its hint */
    notify(&s, "textDocument/didOpen", open_params(main_uri, main_text, 1));
    json_t *d = diagnostics(&s, main_uri);
    CHECK(d && has_code(d, "E0203"), "didOpen: no E0203 for weldr");
    json_t *e0 = json_array_get(d, 0);
    const char *msg = json_string_value(json_object_get(e0, "message"));
    CHECK(msg && strstr(msg, "unknown machine 'weldr'") && strstr(msg, "did you mean 'welder'?"), "message: %s",
          msg ? msg : "none");
    json_t *range = json_object_get(e0, "range");
    CHECK(json_integer_value(json_object_get(json_object_get(range, "start"), "line")) == 16 &&
              json_integer_value(json_object_get(json_object_get(range, "start"), "character")) == 12 &&
              json_integer_value(json_object_get(json_object_get(range, "end"), "character")) == 17,
          "E0203 range: %s", dump(range));
    json_decref(d);

    /* the quick fix */
    r = request(&s, 3, "textDocument/codeAction",
                json_pack("{s:{s:s},s:{s:o,s:o},s:{s:[]}}", "textDocument", "uri", main_uri, "range", "start", pos(16, 12),
                          "end", pos(16, 17), "context", "diagnostics"));
    const char *t = result_text(r);
    CHECK(strstr(t, "\"newText\":\"welder\"") && strstr(t, "quickfix") && strstr(t, "Change to 'welder'"), "codeAction: %s", t);
    json_decref(r);

    /* fixed by an incremental change: the diagnostics are cleared */
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", main_uri, "version", 2,
                     "contentChanges", "range", "start", pos(16, 12), "end", pos(16, 17), "text", "welder"));
    d = diagnostics(&s, main_uri);
    CHECK(d && json_array_size(d) == 0, "after the fix: %s", dump(d));
    json_decref(d);

    /* hover: a machine's units and cost; a rule variable's type; a setting's line */
    r = request(&s, 4, "textDocument/hover", at(main_uri, 16, 14));
    t = result_text(r);
    CHECK(strstr(t, "machine welder") && strstr(t, "units: 2") && strstr(t, "cost: 40 EUR/h") &&
              strstr(t, "declared in machines.takt"),
          "hover welder: %s", t);
    json_decref(r);
    r = request(&s, 5, "textDocument/hover", at(main_uri, 20, 37));
    t = result_text(r);
    CHECK(strstr(t, "remaining_work: duration"), "hover remaining_work: %s", t);
    json_decref(r);
    r = request(&s, 6, "textDocument/hover", at(main_uri, 4, 3));
    t = result_text(r);
    CHECK(strstr(t, "horizon DURATION"), "hover horizon: %s", t);
    json_decref(r);
    r = request(&s, 7, "textDocument/hover", at(main_uri, 9, 9));
    t = result_text(r);
    CHECK(strstr(t, "product frame") && strstr(t, "bom: 2 tube") && strstr(t, "cut on saw → weld on welder"),
          "hover frame: %s", t);
    json_decref(r);

    /* definition: a machine in the other file, a step in `after`, a rule, an import */
    r = request(&s, 8, "textDocument/definition", at(main_uri, 16, 14));
    json_t *res = json_object_get(r, "result");
    CHECK(strcmp(json_string_value(json_object_get(res, "uri")) ?: "", mach_uri) == 0 &&
              json_integer_value(json_object_get(json_object_get(json_object_get(res, "range"), "start"), "line")) == 1,
          "definition welder: %s", result_text(r));
    json_decref(r);
    r = request(&s, 9, "textDocument/definition", at(main_uri, 16, 43));
    res = json_object_get(r, "result");
    CHECK(json_integer_value(json_object_get(json_object_get(json_object_get(res, "range"), "start"), "line")) == 15,
          "definition of the step in after: %s", result_text(r));
    json_decref(r);
    r = request(&s, 10, "textDocument/definition", at(main_uri, 24, 22));
    res = json_object_get(r, "result");
    CHECK(json_integer_value(json_object_get(json_object_get(json_object_get(res, "range"), "start"), "line")) == 20,
          "definition of urgent: %s", result_text(r));
    json_decref(r);
    r = request(&s, 11, "textDocument/definition", at(main_uri, 0, 10));
    res = json_object_get(r, "result");
    CHECK(strcmp(json_string_value(json_object_get(res, "uri")) ?: "", mach_uri) == 0, "definition of the import: %s",
          result_text(r));
    json_decref(r);

    /* references, declaration included */
    r = request(&s, 12, "textDocument/references",
                json_pack("{s:{s:s},s:o,s:{s:b}}", "textDocument", "uri", main_uri, "position", pos(16, 14), "context",
                          "includeDeclaration", 1));
    CHECK(json_array_size(json_object_get(r, "result")) == 2, "references of welder: %s", result_text(r));
    json_decref(r);

    /* completion: machines after on, materials in a bom, members after job. */
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", main_uri, "version", 3,
                     "contentChanges", "range", "start", pos(17, 0), "end", pos(17, 0), "text",
                     "    grind on \n"));
    r = request(&s, 13, "textDocument/completion", at(main_uri, 17, 13));
    t = result_text(r);
    CHECK(strstr(t, "\"label\":\"welder\"") && strstr(t, "\"label\":\"saw\"") && !strstr(t, "\"label\":\"tube\""),
          "completion after on: %s", t);
    json_decref(r);
    r = request(&s, 14, "textDocument/completion", at(main_uri, 12, 4));
    t = result_text(r);
    CHECK(strstr(t, "\"label\":\"tube\"") && !strstr(t, "\"label\":\"welder\""), "completion in bom: %s", t);
    json_decref(r);
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", main_uri, "version", 4,
                     "contentChanges", "range", "start", pos(17, 0), "end", pos(18, 0), "text", ""));
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", main_uri, "version", 5,
                     "contentChanges", "range", "start", pos(20, 46), "end", pos(20, 46), "text", " + job.r"));
    r = request(&s, 15, "textDocument/completion", at(main_uri, 20, 54));
    t = result_text(r);
    CHECK(strstr(t, "\"label\":\"remaining_work\"") && strstr(t, "\"label\":\"ready\"") && !strstr(t, "\"label\":\"due\""),
          "completion after job.r: %s", t);
    json_decref(r);
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", main_uri, "version", 6,
                     "contentChanges", "range", "start", pos(20, 46), "end", pos(20, 54), "text", ""));
    r = request(&s, 16, "textDocument/completion", at(main_uri, 4, 0));
    t = result_text(r);
    CHECK(strstr(t, "\"label\":\"horizon\"") && strstr(t, "\"label\":\"currency\"") && !strstr(t, "\"label\":\"units\""),
          "completion in plant: %s", t);
    json_decref(r);

    /* document symbols: the product with its steps */
    r = request(&s, 17, "textDocument/documentSymbol", json_pack("{s:{s:s}}", "textDocument", "uri", main_uri));
    t = result_text(r);
    CHECK(strstr(t, "\"name\":\"frame\"") && strstr(t, "\"children\":[{\"name\":\"cut\"") && strstr(t, "\"name\":\"urgent\""),
          "documentSymbol: %s", t);
    json_decref(r);
    r = request(&s, 18, "workspace/symbol", json_pack("{s:s}", "query", "weld"));
    t = result_text(r);
    CHECK(strstr(t, "\"name\":\"welder\"") && strstr(t, "machines.takt"), "workspace/symbol: %s", t);
    json_decref(r);

    /* rename across two files; a name taken is refused */
    r = request(&s, 19, "textDocument/rename",
                json_pack("{s:{s:s},s:o,s:s}", "textDocument", "uri", main_uri, "position", pos(16, 14), "newName", "joiner"));
    json_t *ch = json_object_get(json_object_get(r, "result"), "changes");
    CHECK(json_array_size(json_object_get(ch, main_uri)) == 1 && json_array_size(json_object_get(ch, mach_uri)) == 1,
          "rename: %s", result_text(r));
    json_decref(r);
    r = request(&s, 20, "textDocument/rename",
                json_pack("{s:{s:s},s:o,s:s}", "textDocument", "uri", main_uri, "position", pos(16, 14), "newName", "saw"));
    t = dump(r);
    CHECK(strstr(t, "already the name of a machine"), "rename to a name taken: %s", t);
    json_decref(r);
    r = request(&s, 21, "textDocument/rename",
                json_pack("{s:{s:s},s:o,s:s}", "textDocument", "uri", main_uri, "position", pos(16, 14), "newName", "on"));
    CHECK(json_object_get(r, "error") != NULL, "rename to a keyword");
    json_decref(r);

    /* formatting: takt fmt's layout, then nothing more to do */
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:s}]}", "textDocument", "uri", main_uri, "version", 7, "contentChanges", "text",
                     "machine   m {units 2}\nplant \"P\" {\nstart 2026-12-07\n}\n"));
    r = request(&s, 22, "textDocument/formatting",
                json_pack("{s:{s:s},s:{s:i,s:b}}", "textDocument", "uri", main_uri, "options", "tabSize", 2,
                          "insertSpaces", 1));
    json_t *edits = json_object_get(r, "result");
    const char *nt = json_string_value(json_object_get(json_array_get(edits, 0), "newText"));
    CHECK(nt && strcmp(nt, "machine m { units 2 }\nplant \"P\" {\n  start 2026-12-07\n}\n") == 0, "formatting: %s",
          result_text(r));
    if (nt) {
        notify(&s, "textDocument/didChange",
               json_pack("{s:{s:s,s:i},s:[{s:s}]}", "textDocument", "uri", main_uri, "version", 8, "contentChanges",
                         "text", nt));
    }
    json_decref(r);
    r = request(&s, 23, "textDocument/formatting", json_pack("{s:{s:s},s:{}}", "textDocument", "uri", main_uri, "options"));
    CHECK(json_array_size(json_object_get(r, "result")) == 0, "formatting twice: %s", result_text(r));
    json_decref(r);
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:s}]}", "textDocument", "uri", main_uri, "version", 9, "contentChanges", "text",
                     "machine { units"));
    r = request(&s, 24, "textDocument/formatting", json_pack("{s:{s:s},s:{}}", "textDocument", "uri", main_uri, "options"));
    CHECK(json_object_get(r, "error") != NULL, "formatting with syntax errors: %s", dump(r));
    json_decref(r);

    /* an imported file open and changed: its importer is checked again, with W0038 */
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:s}]}", "textDocument", "uri", main_uri, "version", 10, "contentChanges", "text",
                     main_text));
    d = diagnostics(&s, main_uri);
    json_decref(d);
    snprintf(path, sizeof path, "%s/machines.takt", proj);
    char *mach_text = slurp(path);
    notify(&s, "textDocument/didOpen", open_params(mach_uri, mach_text, 1));
    d = diagnostics(&s, mach_uri);
    CHECK(d && has_code(d, "E0214"), "machines.takt alone: %s", dump(d));
    json_decref(d);
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", mach_uri, "version", 2,
                     "contentChanges", "range", "start", pos(7, 0), "end", pos(7, 0), "text", "machine weldr { }\n"));
    /* main.takt again: weldr is a machine now, welder is not */
    for (int k = 0; k < 4; k++) {
        d = diagnostics(&s, main_uri);
        if (d && has_code(d, "W0038")) break;
        json_decref(d);
        d = NULL;
    }
    CHECK(d && has_code(d, "W0038") && !has_code(d, "E0203"), "importer after a change of machines.takt: %s",
          dump(d));
    json_decref(d);
    /* a request about machines.takt: its check, if it waits, is published before the answer */
    json_decref(request(&s, 30, "textDocument/documentSymbol", json_pack("{s:{s:s}}", "textDocument", "uri", mach_uri)));
    json_int_t before = json_integer_value(json_object_get(s.npub, mach_uri));
    notify(&s, "textDocument/didSave", json_pack("{s:{s:s}}", "textDocument", "uri", mach_uri));
    for (int k = 0; k < 4; k++) {
        d = diagnostics(&s, main_uri);
        if (d && !has_code(d, "W0038")) break;
        json_decref(d);
        d = NULL;
    }
    CHECK(d && !has_code(d, "W0038"), "after saving, no W0038");
    json_decref(d);
    /* the saved document itself is not checked again: its text is the one checked */
    json_decref(request(&s, 31, "textDocument/documentSymbol", json_pack("{s:{s:s}}", "textDocument", "uri", mach_uri)));
    CHECK(json_integer_value(json_object_get(s.npub, mach_uri)) == before, "machines.takt checked again on save (%lld -> %lld)",
          (long long)before, (long long)json_integer_value(json_object_get(s.npub, mach_uri)));

    /* an edit that cannot be applied: E0489 */
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", main_uri, "version", 11,
                     "contentChanges", "range", "start", pos(3, 5), "end", pos(1, 0), "text", "x"));
    d = diagnostics(&s, main_uri);
    CHECK(d && has_code(d, "E0489"), "inverted edit range: %s", dump(d));
    json_decref(d);
    /* a document that is not a local file: E0490 */
    notify(&s, "textDocument/didOpen", open_params("untitled:Untitled-1", "plant { }", 1));
    d = diagnostics(&s, "untitled:Untitled-1");
    CHECK(d && has_code(d, "E0490"), "untitled document: %s", dump(d));
    json_decref(d);

    r = request(&s, 90, "shutdown", NULL);
    CHECK(r && json_is_null(json_object_get(r, "result")) && !json_object_get(r, "error"), "shutdown");
    json_decref(r);
    r = request(&s, 91, "textDocument/hover", at(main_uri, 0, 0));
    CHECK(r && json_object_get(r, "error"), "a request after shutdown is refused");
    json_decref(r);
    notify(&s, "exit", json_object());
    CHECK(finish(&s) == 0, "exit after shutdown: not 0");
    free(main_text);
    free(mach_text);
}

/* ---- an example: the bicycle works, imports across five files --------------------------- */
static void example(const char *examples)
{
    char uri[4096], path[4096];
    snprintf(path, sizeof path, "%s/bicycle/main.takt", examples);
    snprintf(uri, sizeof uri, "file://%s", path);
    char *text = slurp(path);
    Srv s;
    start(&s, "--debounce=0");
    json_t *r = request(&s, 1, "initialize", json_pack("{s:n,s:{}}", "rootUri", "capabilities"));
    json_decref(r);
    notify(&s, "textDocument/didOpen", open_params(uri, text, 1));
    json_t *d = diagnostics(&s, uri);
    CHECK(d && count_errors(d) == 0, "bicycle: %s", dump(d));
    json_decref(d);
    /* `dispatch urgent` leads to the rule; its hover says its type */
    int line = -1, ch = -1, n = 0;
    for (char *p = text, *nl; p && *p; p = nl ? nl + 1 : NULL, n++) {
        nl = strchr(p, '\n');
        char *u = strstr(p, "dispatch urgent");
        if (u && (!nl || u < nl)) line = n, ch = (int)(u - p) + 10;
    }
    r = request(&s, 2, "textDocument/definition", at(uri, line, ch));
    json_t *res = json_object_get(r, "result");
    CHECK(res && json_is_object(res) && strstr(json_string_value(json_object_get(res, "uri")) ?: "", "bicycle/main.takt"),
          "bicycle definition of urgent: %s", result_text(r));
    json_decref(r);
    r = request(&s, 3, "textDocument/hover", at(uri, line, ch));
    const char *t = result_text(r);
    CHECK(strstr(t, "rule urgent: duration"), "bicycle hover urgent: %s", t);
    json_decref(r);
    /* a std library calendar's declaration is a file too */
    r = request(&s, 4, "workspace/symbol", json_pack("{s:s}", "query", "std."));
    t = result_text(r);
    CHECK(strstr(t, "std.day_shift") || strstr(t, "std."), "std names in workspace symbols: %.300s", t);
    json_decref(r);
    /* the end of the input without shutdown: exit code 1 */
    CHECK(finish(&s) == 1, "the end of the input without shutdown: not 1");
    free(text);
}


/* ---- the whole model: rename and references reach files that are not open ------------- */
static void whole_model(const char *proj)
{
    char main_uri[4096], mach_uri[4096], root_uri[4096], path[4096];
    snprintf(main_uri, sizeof main_uri, "file://%s/main.takt", proj);
    snprintf(mach_uri, sizeof mach_uri, "file://%s/machines.takt", proj);
    snprintf(root_uri, sizeof root_uri, "file://%s", proj);
    snprintf(path, sizeof path, "%s/machines.takt", proj);
    char *mach_text = slurp(path);
    Srv s;
    start(&s, "--debounce=0");
    json_decref(request(&s, 1, "initialize", json_pack("{s:s,s:{}}", "rootUri", root_uri, "capabilities")));
    /* machines.takt alone; main.takt, which imports it, is not open */
    notify(&s, "textDocument/didOpen", open_params(mach_uri, mach_text, 1));
    json_decref(diagnostics(&s, mach_uri));
    /* saw (machines.takt line 6) is used in main.takt: both files change */
    json_t *r = request(&s, 2, "textDocument/rename",
                        json_pack("{s:{s:s},s:o,s:s}", "textDocument", "uri", mach_uri, "position", pos(6, 9), "newName",
                                  "bandsaw"));
    json_t *ch = json_object_get(json_object_get(r, "result"), "changes");
    json_t *me = json_object_get(ch, main_uri);
    CHECK(json_array_size(json_object_get(ch, mach_uri)) == 1 && json_array_size(me) == 1,
          "rename from a file whose importer is not open: %s", result_text(r));
    json_t *rg = json_object_get(json_array_get(me, 0), "range");
    CHECK(json_integer_value(json_object_get(json_object_get(rg, "start"), "line")) == 15 &&
              json_integer_value(json_object_get(json_object_get(rg, "start"), "character")) == 12,
          "the edit in main.takt: %s", dump(rg));
    json_decref(r);
    /* a name another file of the model declares (tube, main.takt's material) is taken */
    r = request(&s, 3, "textDocument/rename",
                json_pack("{s:{s:s},s:o,s:s}", "textDocument", "uri", mach_uri, "position", pos(6, 9), "newName", "tube"));
    const char *t = dump(r);
    CHECK(strstr(t, "already the name of a material"), "rename to a name main.takt declares: %s", t);
    json_decref(r);
    /* references reach main.takt too */
    r = request(&s, 4, "textDocument/references",
                json_pack("{s:{s:s},s:o,s:{s:b}}", "textDocument", "uri", mach_uri, "position", pos(6, 9), "context",
                          "includeDeclaration", 1));
    t = result_text(r);
    CHECK(json_array_size(json_object_get(r, "result")) == 2 && strstr(t, "main.takt"), "references of saw: %s", t);
    json_decref(r);
    /* hover: a standard library calendar's documentation line; a newer setting's */
    char suri[4200];
    snprintf(suri, sizeof suri, "file://%s/stdhover.takt", proj);
    notify(&s, "textDocument/didOpen",
           open_params(suri,
                       "import std.calendars\n"
                       "plant \"P\" { start 2026-12-07 06:00 }\n"
                       "machine m { calendar std.two_shifts }\n"
                       "material s { unit kg  max_lot 100 kg }\n",
                       1));
    json_decref(diagnostics(&s, suri));
    r = request(&s, 6, "textDocument/hover", at(suri, 2, 27));
    t = result_text(r);
    CHECK(strstr(t, "calendar std.two_shifts") && strstr(t, "Early and late shift on working days."), "hover std.two_shifts: %s", t);
    json_decref(r);
    r = request(&s, 7, "textDocument/hover", at(suri, 3, 23));
    t = result_text(r);
    CHECK(strstr(t, "max_lot QUANTITY"), "hover max_lot: %s", t);
    json_decref(r);
    json_decref(request(&s, 5, "shutdown", NULL));
    notify(&s, "exit", NULL);
    CHECK(finish(&s) == 0, "whole model: exit");
    free(mach_text);
}

/* ---- completion of resources, subcontractors, batch machines, pins and scenarios --------- */
static bool has_label(json_t *r, const char *label)
{
    json_t *items = json_object_get(json_object_get(r, "result"), "items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        const char *l = json_string_value(json_object_get(it, "label"));
        if (l && strcmp(l, label) == 0) return true;
    }
    return false;
}

static void completion_words(const char *proj)
{
    static const char text[] =
        "plant \"P\" { start 2026-12-07 06:00  horizon 2 weeks }\n"    /* 0 */
        "machine saw { units 1 }\n"                                   /* 1 */
        "subcontractor coater { lead 2 d }\n"                         /* 2 */
        "resource fitter { units 2 }\n"                               /* 3 */
        "machine oven { capacity 10  cycle 30 min }\n"                /* 4 */
        "product box {\n"                                             /* 5 */
        "  profile \"a\"  buy {  cost 5 EUR }\n"                      /* 6 */
        "  routing {\n"                                               /* 7 */
        "    cut on saw run 2 min each with fitter\n"                 /* 8 */
        "    coat on saw (run 1 min each) | coater\n"                 /* 9 */
        "  }\n"                                                       /* 10 */
        "}\n"                                                         /* 11 */
        "order \"SO-1\" { box 5  due 2026-12-10 }\n"                  /* 12 */
        "scenario more {\n"                                           /* 13 */
        "  \n"                                                        /* 14 */
        "  machine saw {  }\n"                                        /* 15 */
        "}\n"                                                         /* 16 */
        "pins {\n"                                                    /* 17 */
        "  \n"                                                        /* 18 */
        "}\n"                                                         /* 19 */
        "schedule {  }\n";                                            /* 20 */
    char uri[4200];
    snprintf(uri, sizeof uri, "file://%s/words.takt", proj);
    Srv s;
    start(&s, "--debounce=0");
    char root_uri[4200];
    snprintf(root_uri, sizeof root_uri, "file://%s", proj);
    json_decref(request(&s, 1, "initialize", json_pack("{s:s,s:{}}", "rootUri", root_uri, "capabilities")));
    notify(&s, "textDocument/didOpen", open_params(uri, text, 1));
    json_t *d = diagnostics(&s, uri);
    CHECK(d && count_errors(d) == 0, "the model for completion: %s", dump(d));
    json_decref(d);
    static const struct {
        int line, ch;
        const char *want, *not;
    } cases[] = {
        {14, 2, "add remove demand machine subcontractor resource schedule", "units job dispatch op"},
        {15, 16, "units capacity cycle efficiency", "demand add lead"},
        {15, 10, "saw oven", "coater fitter box"},
        {18, 2, "op firm", "units demand"},
        {20, 11, "frozen dispatch search", "units op"},
        {8, 35, "fitter", "saw coater"},
        {9, 35, "saw coater oven", "fitter"},
        {9, 17, "run setup efficiency with", "units demand job"},
        {6, 2, "max_lot lot bom routing buy source", "units demand"},
        {6, 21, "cost lead min_order multiple max_lot supplier receiving", "units routing bom source"},
        {10, 2, "sublot sublots with on after run", "units demand"},
        {3, 18, "units calendar cost", "capacity demand"},
        {2, 23, "lead cost calendar", "units capacity"},
        {0, 0, "resource subcontractor pins scenario machine", "units"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *r = request(&s, 10 + (int)i, "textDocument/completion", at(uri, cases[i].line, cases[i].ch));
        char buf[256];
        snprintf(buf, sizeof buf, "%s", cases[i].want);
        for (char *sv = NULL, *w = strtok_r(buf, " ", &sv); w; w = strtok_r(NULL, " ", &sv))
            CHECK(has_label(r, w), "completion at %d:%d: no '%s' in %.600s", cases[i].line, cases[i].ch, w, result_text(r));
        snprintf(buf, sizeof buf, "%s", cases[i].not);
        for (char *sv = NULL, *w = strtok_r(buf, " ", &sv); w; w = strtok_r(NULL, " ", &sv))
            CHECK(!has_label(r, w), "completion at %d:%d: '%s' offered: %.600s", cases[i].line, cases[i].ch, w, result_text(r));
        json_decref(r);
    }
    /* after add in a scenario: what may be added; after remove: an order */
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", uri, "version", 2, "contentChanges",
                     "range", "start", pos(14, 2), "end", pos(14, 2), "text", "add "));
    json_t *r = request(&s, 40, "textDocument/completion", at(uri, 14, 6));
    CHECK(has_label(r, "machine") && has_label(r, "resource") && has_label(r, "order") && !has_label(r, "demand") &&
              !has_label(r, "saw"),
          "completion after add: %.600s", result_text(r));
    json_decref(r);
    /* hover: a subcontractor, a batch machine, a resource */
    notify(&s, "textDocument/didChange",
           json_pack("{s:{s:s,s:i},s:[{s:{s:o,s:o},s:s}]}", "textDocument", "uri", uri, "version", 3, "contentChanges",
                     "range", "start", pos(14, 2), "end", pos(14, 6), "text", ""));
    r = request(&s, 41, "textDocument/hover", at(uri, 9, 36));
    const char *t = result_text(r);
    CHECK(strstr(t, "subcontractor coater") && strstr(t, "lead: 48 h"), "hover coater: %s", t);
    json_decref(r);
    r = request(&s, 42, "textDocument/hover", at(uri, 4, 9));
    t = result_text(r);
    CHECK(strstr(t, "batch machine oven") && strstr(t, "capacity: 10") && strstr(t, "cycle: 30 min"), "hover oven: %s", t);
    json_decref(r);
    r = request(&s, 43, "textDocument/hover", at(uri, 8, 37));
    t = result_text(r);
    CHECK(strstr(t, "resource fitter") && strstr(t, "units: 2"), "hover fitter: %s", t);
    json_decref(r);
    /* rename a machine the scenario changes: the scenario's name changes too */
    r = request(&s, 44, "textDocument/rename",
                json_pack("{s:{s:s},s:o,s:s}", "textDocument", "uri", uri, "position", pos(1, 9), "newName", "bandsaw"));
    json_t *ed = json_object_get(json_object_get(json_object_get(r, "result"), "changes"), uri);
    CHECK(json_array_size(ed) == 4, "rename saw (declared, two steps, the scenario): %s", result_text(r));
    json_decref(r);
    /* rename a resource */
    r = request(&s, 45, "textDocument/rename",
                json_pack("{s:{s:s},s:o,s:s}", "textDocument", "uri", uri, "position", pos(3, 10), "newName", "setter"));
    ed = json_object_get(json_object_get(json_object_get(r, "result"), "changes"), uri);
    CHECK(json_array_size(ed) == 2, "rename fitter: %s", result_text(r));
    json_decref(r);
    /* the outline has the resource, the subcontractor and the scenario */
    r = request(&s, 46, "textDocument/documentSymbol", json_pack("{s:{s:s}}", "textDocument", "uri", uri));
    t = result_text(r);
    CHECK(strstr(t, "\"name\":\"fitter\"") && strstr(t, "\"name\":\"coater\"") && strstr(t, "\"name\":\"more\"") &&
              strstr(t, "\"name\":\"pins\""),
          "documentSymbol: %s", t);
    json_decref(r);
    r = request(&s, 47, "workspace/symbol", json_pack("{s:s}", "query", "fit"));
    t = result_text(r);
    CHECK(strstr(t, "\"name\":\"fitter\""), "workspace/symbol of a resource: %s", t);
    json_decref(r);
    json_decref(request(&s, 90, "shutdown", NULL));
    notify(&s, "exit", NULL);
    CHECK(finish(&s) == 0, "completion words: exit");
}

/* ---- the same diagnostics as takt check ------------------------------------------------ */
/* Each of the golden check models opened in the server: the diagnostics
 * in the file itself, code, position and message, as takt check
 * --format=json gives them (scenarios checked too). */
static void same_as_check(const char *dir)
{
    char cmd[8192];
    /* the models of the newer checks (E04xx: pools, batch machines, pins,
     * sublots, subcontractors, scenarios), the warnings,
     * a NUL byte and the clean ones; those with unknown names make both read the folder
     * for an importer (E0214), which is slow for 270 files */
    snprintf(cmd, sizeof cmd, "cd '%s' && ls e04*.takt w0*.takt e0008*.takt ok-*.takt", dir);
    FILE *ls = popen(cmd, "r");
    if (!ls) return;
    Srv s;
    start(&s, "--debounce=0");
    char root_uri[4096];
    snprintf(root_uri, sizeof root_uri, "file://%s", dir);
    json_decref(request(&s, 1, "initialize", json_pack("{s:s,s:{}}", "rootUri", root_uri, "capabilities")));
    char file[4096];
    int files = 0, differ = 0;
    char *exe = realpath(takt, NULL);
    if (!exe) exe = strdup(takt);
    while (fgets(file, sizeof file, ls)) {
        file[strcspn(file, "\n")] = 0;
        /* from the folder, so that both show paths relative to it */
        snprintf(cmd, sizeof cmd, "cd '%s' && '%s' check --format=json '%s' 2>/dev/null", dir, exe, file);
        FILE *p = popen(cmd, "r");
        if (!p) continue;
        json_error_t e;
        json_t *want = json_loadf(p, 0, &e);
        pclose(p);
        if (!want) continue;
        char uri[8400], full[8300];
        snprintf(full, sizeof full, "%s/%s", dir, file);
        snprintf(uri, sizeof uri, "file://%s", full);
        size_t tlen;
        char *text = slurp_n(full, &tlen);
        json_t *jt = json_stringn(text, tlen);
        if (!jt) { /* not UTF-8: no editor can send it */
            json_decref(want);
            free(text);
            continue;
        }
        notify(&s, "textDocument/didOpen",
               json_pack("{s:{s:s,s:s,s:i,s:o}}", "textDocument", "uri", uri, "languageId", "takt", "version", 1, "text", jt));
        json_t *got = diagnostics(&s, uri);
        notify(&s, "textDocument/didClose", json_pack("{s:{s:s}}", "textDocument", "uri", uri));
        files++;
        /* takt check's diagnostics in this file, in order, against the
         * server's; those takt check places in no file (E0214) the server
         * places at the file's start */
        size_t i, k = 0;
        json_t *w, *g;
        bool same = true;
        json_t *nowhere = json_array(), *placed = json_array();
        json_array_foreach(json_object_get(want, "diagnostics"), i, w)
            if (!json_is_string(json_object_get(w, "file"))) json_array_append(nowhere, json_object_get(w, "code"));
        json_array_foreach(got, i, g) {
            const char *code = json_string_value(json_object_get(g, "code"));
            json_t *st = json_object_get(json_object_get(g, "range"), "start");
            bool at0 = json_integer_value(json_object_get(st, "line")) == 0 &&
                       json_integer_value(json_object_get(st, "character")) == 0;
            size_t j;
            json_t *c;
            bool skip = false;
            json_array_foreach(nowhere, j, c) if (at0 && !skip && strcmp(json_string_value(c), code ?: "") == 0) {
                json_array_remove(nowhere, j);
                skip = true;
                break;
            }
            if (!skip) json_array_append(placed, g);
        }
        CHECK(json_array_size(nowhere) == 0, "%s: not shown by the server: %s", file, dump(nowhere));
        json_decref(nowhere);
        json_decref(got);
        got = placed;
        json_array_foreach(json_object_get(want, "diagnostics"), i, w) {
            const char *wf = json_string_value(json_object_get(w, "file"));
            if (!wf || strcmp(wf, file) != 0) continue;
            json_t *g = json_array_get(got, k++);
            json_t *st = json_object_get(json_object_get(g, "range"), "start");
            const char *gm = json_string_value(json_object_get(g, "message"));
            const char *wm = json_string_value(json_object_get(w, "message"));
            if (!g || strcmp(json_string_value(json_object_get(g, "code")) ?: "", json_string_value(json_object_get(w, "code")) ?: "-") ||
                json_integer_value(json_object_get(st, "line")) != json_integer_value(json_object_get(w, "line")) - 1 ||
                !gm || !wm || strncmp(gm, wm, strlen(wm)) != 0) {
                same = false;
                fprintf(stderr, "%s: takt check says %s at line %lld (%s); the server: %s\n", file,
                        json_string_value(json_object_get(w, "code")), json_integer_value(json_object_get(w, "line")),
                        wm ? wm : "", dump(g));
                break;
            }
        }
        /* and nothing more */
        if (same && json_array_size(got) > k) {
            same = false;
            fprintf(stderr, "%s: the server says more than takt check: %s\n", file, dump(json_array_get(got, k)));
        }
        differ += !same;
        json_decref(got);
        json_decref(want);
        free(text);
    }
    pclose(ls);
    free(exe);
    CHECK(files > 50 && differ == 0, "the server and takt check differ on %d of %d models", differ, files);
    json_decref(request(&s, 2, "shutdown", NULL));
    notify(&s, "exit", NULL);
    finish(&s);
}

/* ---- hostile input: broken frames, bad JSON, bad requests, huge documents ----------------- */
static void hostile(const char *proj)
{
    Srv s;
    start(&s, "--stdio");
    json_t *r;
    /* before initialize */
    r = request(&s, 1, "textDocument/hover", json_object());
    CHECK(json_integer_value(json_object_get(json_object_get(r, "error"), "code")) == -32002, "before initialize");
    json_decref(r);
    r = request(&s, 2, "initialize", json_object());
    json_decref(r);
    static const char *const frames[] = {
        "Content-Length: x\r\n\r\n",
        "Content-Length: -4\r\n\r\n",
        "Content-Length: 1\r\nContent-Length: 1\r\n\r\n",
        "X-Nothing\r\n\r\n",
        "Content-Type: a\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof frames / sizeof *frames; i++) {
        send_raw(&s, frames[i], strlen(frames[i]));
        r = recv_error(&s);
        CHECK(r && json_object_get(r, "error"), "malformed header %zu answered with an error", i);
        json_decref(r);
    }
    static const char *const bodies[] = {
        "{bad}", "[1]", "null", "\"text\"", "{\"id\":[],\"method\":\"x\"}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"m\":2}",
        "{\"a\":1,\"a\":2}", "{\"id\":1,\"method\":\"x\",\"params\":\"\\ud800\"}", "{\"id\":1,\"method\":5}",
        "{\"id\":1,\"method\":\"textDocument/hover\",\"params\":7}", "\xff\xfe{}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char h[64];
        int n = snprintf(h, sizeof h, "Content-Length: %zu\r\n\r\n", strlen(bodies[i]));
        send_raw(&s, h, (size_t)n);
        send_raw(&s, bodies[i], strlen(bodies[i]));
        r = recv_error(&s);
        CHECK(r && json_object_get(r, "error"), "malformed message %zu (%s) answered with an error", i, bodies[i]);
        json_decref(r);
    }
    /* a header line longer than any allowed */
    char *longh = malloc(100000);
    memset(longh, 'a', 99990);
    memcpy(longh + 99990, ": 1\r\n\r\n", 8);
    send_raw(&s, longh, strlen(longh));
    r = recv_error(&s);
    CHECK(r && json_object_get(r, "error"), "a 100 kB header line");
    json_decref(r);
    free(longh);
    /* JSON nested 100000 deep */
    size_t deep = 100000;
    char *nest = malloc(2 * deep + 64);
    size_t k = 0;
    for (size_t i = 0; i < deep; i++) nest[k++] = '[';
    for (size_t i = 0; i < deep; i++) nest[k++] = ']';
    char head[64];
    int hl = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", k);
    send_raw(&s, head, (size_t)hl);
    send_raw(&s, nest, k);
    free(nest);
    r = recv_error(&s);
    CHECK(r && json_object_get(r, "error"), "JSON nested 100000 deep");
    json_decref(r);
    /* unknown method, bad params, out-of-range positions */
    r = request(&s, 3, "textDocument/frobnicate", json_object());
    CHECK(json_integer_value(json_object_get(json_object_get(r, "error"), "code")) == -32601, "unknown method");
    json_decref(r);
    notify(&s, "$/unknownNotification", json_object()); /* ignored */
    char uri[4096];
    snprintf(uri, sizeof uri, "file://%s/scratch.takt", proj);
    notify(&s, "textDocument/didOpen", open_params(uri, "plant { start 2026-12-01 }\nmachine m { }\n", 1));
    json_t *d = diagnostics(&s, uri);
    json_decref(d);
    r = request(&s, 4, "textDocument/hover", at(uri, 99999, 0));
    CHECK(json_integer_value(json_object_get(json_object_get(r, "error"), "code")) == -32602, "line past the end");
    json_decref(r);
    r = request(&s, 5, "textDocument/hover", at(uri, 1, 99999));
    CHECK(r && !json_object_get(r, "error"), "a character past the line's end is its end");
    json_decref(r);
    r = request(&s, 6, "textDocument/hover", json_pack("{s:{s:s},s:{s:i,s:s}}", "textDocument", "uri", uri, "position",
                                                       "line", -1, "character", "x"));
    CHECK(json_integer_value(json_object_get(json_object_get(r, "error"), "code")) == -32602, "a bad position");
    json_decref(r);
    r = request(&s, 7, "textDocument/rename", at(uri, 1, 9));
    CHECK(r && json_object_get(r, "error"), "rename without a new name");
    json_decref(r);
    /* changes to a document never opened, and without their parts: ignored */
    notify(&s, "textDocument/didChange", json_pack("{s:{s:s},s:s}", "textDocument", "uri", "file:///nowhere.takt",
                                                   "contentChanges", "x"));
    notify(&s, "textDocument/didChange", json_pack("{s:{s:s,s:i},s:[{s:i}]}", "textDocument", "uri", uri, "version", 2,
                                                   "contentChanges", "text", 5));
    d = diagnostics(&s, uri);
    CHECK(d && has_code(d, "E0489"), "a change without its text: %s", dump(d));
    json_decref(d);
    /* a URI holding a NUL is not opened; a text holding one is checked (E0008) */
    notify(&s, "textDocument/didOpen",
           json_pack("{s:{s:o,s:s,s:i,s:s}}", "textDocument", "uri", json_stringn("file:///tmp/a.takt\0b.takt", 25),
                     "languageId", "takt", "version", 1, "text", "plant { }"));
    r = request(&s, 50, "textDocument/hover", at("file:///tmp/a.takt", 0, 0));
    CHECK(json_integer_value(json_object_get(json_object_get(r, "error"), "code")) == -32602,
          "a URI with a NUL is not opened: %s", dump(r));
    json_decref(r);
    char nuri[4200];
    snprintf(nuri, sizeof nuri, "file://%s/nul.takt", proj);
    notify(&s, "textDocument/didOpen",
           json_pack("{s:{s:s,s:s,s:i,s:o}}", "textDocument", "uri", nuri, "languageId", "takt", "version", 1, "text",
                     json_stringn("plant { }\nmachine m\0 { }\n", 25)));
    d = diagnostics(&s, nuri);
    CHECK(d && has_code(d, "E0008"), "a NUL in a document: %s", dump(d));
    json_decref(d);
    /* a document outside the workspace's project: its imports are not read */
    char tmpl[] = "/tmp/takt-lsp-outside-XXXXXX";
    char *outdir = mkdtemp(tmpl);
    if (outdir) {
        char other[4096], ouri[4096];
        snprintf(other, sizeof other, "%s/other.takt", outdir);
        FILE *f = fopen(other, "w");
        if (f) fputs("machine secret { }\n", f), fclose(f);
        snprintf(ouri, sizeof ouri, "file://%s/main.takt", outdir);
        notify(&s, "textDocument/didOpen", open_params(ouri, "import \"other.takt\"\nplant { start 2026-12-01 }\n", 1));
        d = diagnostics(&s, ouri);
        CHECK(d && has_code(d, "E0106"), "an import outside the workspace: %s", dump(d));
        json_decref(d);
        remove(other);
        rmdir(outdir);
    }
    /* a 10 MB document: checked, its mistakes reported, bounded */
    size_t big = 10u << 20;
    char *text = malloc(big + 1);
    for (size_t i = 0; i < big; i++) text[i] = "machine m{units 2}\n@ "[i % 21];
    text[big] = 0;
    char buri[4096];
    snprintf(buri, sizeof buri, "file://%s/big.takt", proj);
    notify(&s, "textDocument/didOpen", open_params(buri, text, 1));
    d = diagnostics(&s, buri);
    CHECK(d && count_errors(d) > 0 && json_array_size(d) < 1000, "10 MB document: %zu diagnostics",
          d ? json_array_size(d) : 0);
    json_decref(d);
    free(text);
    /* a 17 MB document: E0488, not checked */
    big = 17u << 20;
    text = malloc(big + 1);
    memset(text, ' ', big);
    text[big] = 0;
    notify(&s, "textDocument/didOpen", open_params(buri, text, 2));
    d = diagnostics(&s, buri);
    CHECK(d && has_code(d, "E0488"), "17 MB document: %s", dump(d));
    json_decref(d);
    free(text);
    /* a message larger than any allowed: skipped whole, answered */
    size_t huge = (64u << 20) + 10;
    hl = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", huge);
    send_raw(&s, head, (size_t)hl);
    char *junk = malloc(1 << 20);
    memset(junk, '{', 1 << 20);
    for (size_t sent = 0; sent < huge;) {
        size_t n = huge - sent < (1u << 20) ? huge - sent : (1u << 20);
        send_raw(&s, junk, n);
        sent += n;
    }
    free(junk);
    r = recv_error(&s);
    CHECK(r && json_object_get(r, "error"), "a 64 MB message");
    json_decref(r);
    /* and the server still answers */
    r = request(&s, 8, "shutdown", NULL);
    CHECK(r && !json_object_get(r, "error"), "shutdown after hostile input");
    json_decref(r);
    /* exit without shutdown in another server: 1 */
    notify(&s, "exit", NULL);
    CHECK(finish(&s) == 0, "exit code after shutdown");
    Srv s2;
    start(&s2, "--stdio");
    notify(&s2, "exit", NULL);
    CHECK(finish(&s2) == 1, "exit without shutdown: not 1");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(pid_t pid)
{
    char p[64], line[256];
    snprintf(p, sizeof p, "/proc/%d/status", (int)pid);
    FILE *f = fopen(p, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = strtol(line + 6, NULL, 10);
    if (f) fclose(f);
    return kb;
}

/* The CPU time a process has used (user and system), in seconds: the
 * server's work, which other processes on a busy machine do not inflate as
 * they inflate the time waited. */
static double cpu_s(pid_t pid)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(p, "r");
    if (!f) return -1;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *q = strrchr(buf, ')'); /* the name may hold spaces */
    unsigned long ut = 0, st = 0;
    if (!q || sscanf(q + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* bench/lsp_speed.sh: the time from a change to its diagnostics on FILE
 * (a one-line edit at its end, alternately made and undone), and the
 * server's memory after the first check and after EDITS edits. */
static int bench(const char *file, int edits, const char *debounce)
{
    char *path = realpath(file, NULL);
    if (!path) return 2;
    char uri[4096];
    snprintf(uri, sizeof uri, "file://%s", path);
    char *text = slurp(path);
    int lines = 0;
    for (const char *p = text; *p; p++) lines += *p == '\n';
    Srv s;
    start(&s, debounce);
    json_decref(request(&s, 1, "initialize", json_pack("{s:n,s:{}}", "rootUri", "capabilities")));
    double t0 = now_s();
    notify(&s, "textDocument/didOpen", open_params(uri, text, 1));
    json_decref(diagnostics(&s, uri));
    double open_s = now_s() - t0;
    long rss0 = rss_kb(s.pid);
    int timed = edits < 50 ? edits : 50;
    double *times = calloc((size_t)edits, sizeof(double));
    double cpu0 = cpu_s(s.pid), cpu1 = cpu0;
    for (int i = 0; i < edits; i++) {
        json_t *ch = i % 2 == 0 ? json_pack("{s:{s:o,s:o},s:s}", "range", "start", pos(lines, 0), "end", pos(lines, 0),
                                            "text", "// edited\n")
                                : json_pack("{s:{s:o,s:o},s:s}", "range", "start", pos(lines, 0), "end", pos(lines + 1, 0),
                                            "text", "");
        bool wait = i < timed || i == edits - 1;
        double a = now_s();
        notify(&s, "textDocument/didChange", json_pack("{s:{s:s,s:i},s:[o]}", "textDocument", "uri", uri, "version",
                                                       i + 2, "contentChanges", ch));
        if (wait) {
            json_decref(diagnostics(&s, uri));
            times[i] = now_s() - a;
        }
        if (i == timed - 1) cpu1 = cpu_s(s.pid);
    }
    /* the edits not waited for: checked before a request about the document */
    json_decref(request(&s, 2, "textDocument/hover", at(uri, 0, 0)));
    long rss1 = rss_kb(s.pid);
    qsort(times, (size_t)timed, sizeof(double), cmp_d);
    printf("%-44s %10s %10s %10s  %s\n", "lsp bench", "median", "max", "goal", "median/goal");
    printf("%-44s %9.3fs %9.3fs %9.3fs\n", "open, first diagnostics", open_s, open_s, 0.15);
    char label[128];
    snprintf(label, sizeof label, "change -> diagnostics (%d lines, %s)", lines, debounce);
    printf("%-44s %9.3fs %9.3fs %9.3fs  %.2f\n", label, times[timed / 2], times[timed - 1], 0.15, times[timed / 2] / 0.15);
    double cpu = timed ? (cpu1 - cpu0) / timed : 0;
    printf("%-44s %9.3fs %10s %9.3fs  %.2f\n", "server CPU time a change (mean)", cpu, "", 0.15, cpu / 0.15);
    printf("server memory: %ld MB after the first check, %ld MB after %d edits\n", rss0 / 1024, rss1 / 1024, edits);
    json_decref(request(&s, 3, "shutdown", NULL));
    notify(&s, "exit", NULL);
    int rc = finish(&s);
    free(times);
    free(text);
    free(path);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--bench") == 0) {
        signal(SIGPIPE, SIG_IGN);
        takt = argv[2];
        return bench(argv[3], atoi(argv[4]), argv[5]);
    }
    if (argc != 4) {
        fprintf(stderr, "usage: lsp_client TAKT PROJECT_DIR EXAMPLES_DIR\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    takt = argv[1];
    char *proj = realpath(argv[2], NULL), *ex = realpath(argv[3], NULL);
    if (!proj || !ex) return 2;
    session(proj);
    whole_model(proj);
    completion_words(proj);
    example(ex);
    char golden[8192];
    snprintf(golden, sizeof golden, "%s/../tests/golden/check", ex);
    char *gdir = realpath(golden, NULL);
    if (gdir) same_as_check(gdir);
    CHECK(gdir != NULL, "no tests/golden/check beside %s", ex);
    free(gdir);
    hostile(proj);
    free(proj);
    free(ex);
    printf("lsp_client: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
