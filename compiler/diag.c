/* diag.c: source file table, diagnostic collection and rendering. Line and
 * column are computed only when a message is rendered. */
#include "diag.h"

#include "esc.h"

#include <stdlib.h>
#include <string.h>

/* ---- Sources ------------------------------------------------------------- */
void sources_init(Sources *s)
{
    memset(s, 0, sizeof *s);
    s->cap = 8;
    s->files = tk_xalloc(s->cap * sizeof(SourceFile));
    memset(&s->files[0], 0, sizeof(SourceFile));
    s->count = 1;
}

void sources_free(Sources *s)
{
    for (uint32_t i = 1; i < s->count; i++) {
        tk_free(s->files[i].path);
        tk_free(s->files[i].display);
        tk_big_free(s->files[i].text);
        tk_free(s->files[i].line_starts);
    }
    tk_free(s->files);
    memset(s, 0, sizeof *s);
}

FileId sources_add_owned(Sources *s, const char *path, const char *display, char *text, size_t len)
{
    if (s->count == s->cap) {
        s->cap *= 2;
        s->files = tk_xrealloc(s->files, s->cap * sizeof(SourceFile));
    }
    SourceFile *f = &s->files[s->count];
    memset(f, 0, sizeof *f);
    f->path = tk_strdup(path);
    f->display = tk_strdup(display ? display : path);
    f->text = text;
    f->len = (uint32_t)len;
    return s->count++;
}

FileId sources_add(Sources *s, const char *path, const char *display, const char *text, size_t len)
{
    char *copy = tk_big_xalloc(len + 1);
    if (len) memcpy(copy, text, len);
    copy[len] = 0;
    return sources_add_owned(s, path, display, copy, len);
}

const SourceFile *sources_get(const Sources *s, FileId id)
{
    return (id > 0 && id < s->count) ? &s->files[id] : NULL;
}

/* Where each line starts (memchr: a plan file of 100,000 operations is
 * 13 MB, and one diagnostic in it asks for its lines). */
static void compute_lines(SourceFile *f)
{
    uint32_t n = 1;
    const char *e = f->len ? f->text + f->len : f->text; /* no memchr on an empty (maybe NULL) text */
    for (const char *p = f->text; p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) n++;
    f->line_starts = tk_xalloc((size_t)n * sizeof(uint32_t));
    f->line_starts[0] = 0;
    uint32_t k = 1;
    for (const char *p = f->text; p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        f->line_starts[k++] = (uint32_t)(p - f->text) + 1;
    f->nlines = n;
}

static uint32_t line_index(SourceFile *f, uint32_t off)
{
    if (!f->line_starts) compute_lines(f);
    uint32_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (f->line_starts[mid] <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* Characters in s[0..n), as put_source_line shows them: a byte that is not
 * UTF-8 counts as one. */
static uint32_t count_chars(const char *s, uint32_t n)
{
    uint32_t c = 0;
    for (uint32_t i = 0; i < n; c++) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        EscClass cls;
        i += esc_char(s + i, n - i, &cp, &cls);
    }
    return c;
}

void sources_locate(const Sources *s, FileId id, uint32_t off, uint32_t *line, uint32_t *col)
{
    const SourceFile *cf = sources_get(s, id);
    if (!cf) {
        *line = *col = 0;
        return;
    }
    SourceFile *f = (SourceFile *)cf; /* line table is a cache */
    if (off > f->len) off = f->len;
    uint32_t li = line_index(f, off);
    *line = li + 1;
    *col = count_chars(f->text + f->line_starts[li], off - f->line_starts[li]) + 1;
}

/* ---- Codes --------------------------------------------------------------- */
static const char *const code_strs[] = {
    "",
#define DIAG_CODE(num, name, title) #num,
#include "diag_codes.def"
#undef DIAG_CODE
};
static const char *const code_titles[] = {
    "",
#define DIAG_CODE(num, name, title) title,
#include "diag_codes.def"
#undef DIAG_CODE
};

static const char *const code_names[] = {
    "",
#define DIAG_CODE(num, name, title) #name,
#include "diag_codes.def"
#undef DIAG_CODE
};

const char *diag_code_str(DiagCode c) { return c < DIAG__COUNT ? code_strs[c] : ""; }
const char *diag_code_title(DiagCode c) { return c < DIAG__COUNT ? code_titles[c] : ""; }
DiagCode diag_code_parse(const char *s)
{
    for (int i = 1; i < DIAG__COUNT; i++)
        if (strcmp(code_strs[i], s) == 0) return (DiagCode)i;
    return DIAG_NONE;
}

/* ---- Collection ---------------------------------------------------------- */
#define DIAG_DEFAULT_LIMIT 500

void diags_init(Diags *d) { memset(d, 0, sizeof *d); }

void diags_free(Diags *d)
{
    for (uint32_t i = 0; i < d->len; i++) {
        Diag *g = &d->items[i];
        tk_free(g->msg);
        tk_free(g->hint);
        for (uint32_t k = 0; k < g->nnotes; k++) tk_free(g->notes[k].msg);
        tk_free(g->notes);
        tk_free(g->fix.text);
    }
    tk_free(d->items);
    memset(d, 0, sizeof *d);
}

Diag *diag_add(Diags *d, DiagLevel lvl, Span at, DiagCode code, const char *fmt, va_list ap)
{
    if (lvl == DIAG_LEVEL_ERROR) d->nerrors++;
    else if (lvl == DIAG_LEVEL_WARNING) d->nwarnings++;
    uint32_t limit = d->limit ? d->limit : DIAG_DEFAULT_LIMIT;
    if (d->len >= limit) {
        d->suppressed++;
        return NULL;
    }
    if (d->len == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = tk_xrealloc(d->items, d->cap * sizeof(Diag));
    }
    Diag *g = &d->items[d->len];
    memset(g, 0, sizeof *g);
    g->level = lvl;
    g->code = code;
    g->span = at;
    g->msg = tk_vfmt(fmt, ap);
    g->seq = d->len++;
    return g;
}

Diag *diag_error(Diags *d, Span at, DiagCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Diag *g = diag_add(d, DIAG_LEVEL_ERROR, at, code, fmt, ap);
    va_end(ap);
    return g;
}

Diag *diag_warning(Diags *d, Span at, DiagCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Diag *g = diag_add(d, DIAG_LEVEL_WARNING, at, code, fmt, ap);
    va_end(ap);
    return g;
}

void diag_hint(Diag *g, const char *fmt, ...)
{
    if (!g) return;
    va_list ap;
    va_start(ap, fmt);
    char *h = tk_vfmt(fmt, ap);
    va_end(ap);
    tk_free(g->hint);
    g->hint = h;
}

void diag_note(Diag *g, Span at, const char *fmt, ...)
{
    if (!g) return;
    va_list ap;
    va_start(ap, fmt);
    char *m = tk_vfmt(fmt, ap);
    va_end(ap);
    g->notes = tk_xrealloc(g->notes, (g->nnotes + 1) * sizeof(DiagNote));
    g->notes[g->nnotes].span = at;
    g->notes[g->nnotes].msg = m;
    g->nnotes++;
}

void diag_fix(Diag *g, Span at, const char *text)
{
    if (!g) return;
    tk_free(g->fix.text);
    g->fix.span = at;
    g->fix.text = tk_strdup(text);
}

void diag_suggest(Diag *g, Span at, const char *name)
{
    diag_hint(g, "did you mean '%s'?", name);
    diag_fix(g, at, name);
}

void diag_reword(Diag *g, Span at, DiagCode code, const char *fmt, ...)
{
    if (!g) return;
    va_list ap;
    va_start(ap, fmt);
    char *m = tk_vfmt(fmt, ap);
    va_end(ap);
    tk_free(g->msg);
    g->msg = m;
    tk_free(g->hint);
    g->hint = NULL;
    for (uint32_t k = 0; k < g->nnotes; k++) tk_free(g->notes[k].msg);
    tk_free(g->notes);
    g->notes = NULL;
    g->nnotes = 0;
    tk_free(g->fix.text);
    g->fix.text = NULL;
    g->span = at;
    g->code = code;
}

bool diag_has_errors(const Diags *d) { return d->nerrors > 0; }

void diags_drop(Diags *d, bool (*drop)(const Diag *g, void *ctx), void *ctx)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < d->len; i++) {
        Diag *g = &d->items[i];
        if (!drop(g, ctx)) {
            d->items[w] = *g;
            d->items[w].seq = w;
            w++;
            continue;
        }
        if (g->level == DIAG_LEVEL_ERROR) d->nerrors--;
        else if (g->level == DIAG_LEVEL_WARNING) d->nwarnings--;
        tk_free(g->msg);
        tk_free(g->hint);
        for (uint32_t k = 0; k < g->nnotes; k++) tk_free(g->notes[k].msg);
        tk_free(g->notes);
        tk_free(g->fix.text);
    }
    d->len = w;
}

bool diag_errors_within(const Diags *d, Span sp)
{
    for (uint32_t i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        if (g->level == DIAG_LEVEL_ERROR && g->span.file == sp.file && g->span.lo >= sp.lo && g->span.lo < sp.hi)
            return true;
    }
    return false;
}

static int diag_cmp(const void *pa, const void *pb)
{
    const Diag *a = pa, *b = pb;
    /* Files are numbered in load order, the root model first. */
    if (a->span.file != b->span.file) return a->span.file < b->span.file ? -1 : 1;
    if (a->span.lo != b->span.lo) return a->span.lo < b->span.lo ? -1 : 1;
    if (a->seq != b->seq) return a->seq < b->seq ? -1 : 1;
    return 0;
}

void diags_sort(Diags *d)
{
    if (d->len > 1) qsort(d->items, d->len, sizeof(Diag), diag_cmp);
}

/* ---- Rendering ----------------------------------------------------------- */
void json_escape(StrBuf *b, const char *s) { esc_json(b, s); }

typedef struct Loc {
    const char *file;
    uint32_t line, col, end_line, end_col;
} Loc;

static Loc locate(const Sources *src, Span sp)
{
    Loc l = {"", 0, 0, 0, 0};
    const SourceFile *f = sources_get(src, sp.file);
    if (!f) return l;
    l.file = f->display;
    sources_locate(src, sp.file, sp.lo, &l.line, &l.col);
    uint32_t hi = sp.hi > sp.lo ? sp.hi : sp.lo;
    sources_locate(src, sp.file, hi, &l.end_line, &l.end_col);
    return l;
}

static const char *level_str(DiagLevel lv, bool werror)
{
    switch (lv) {
    case DIAG_LEVEL_ERROR: return "error";
    case DIAG_LEVEL_WARNING: return werror ? "error" : "warning";
    case DIAG_LEVEL_NOTE: return "note";
    }
    return "error";
}

/* Writes one source line, sanitised: tabs become a space; control and
 * format characters, bytes that are not UTF-8 and the '[' of "##[" become
 * '?' — one character for one, so the underline stays aligned. */
static void put_source_line(StrBuf *b, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            sb_putc(b, c == '[' && i >= 2 && s[i - 1] == '#' && s[i - 2] == '#' ? '?' : (char)c);
            i++;
            continue;
        }
        uint32_t cp;
        EscClass cls;
        uint32_t len = esc_char(s + i, n - i, &cp, &cls);
        if (c == '\t') sb_putc(b, ' ');
        else if (cls != ESC_PLAIN) sb_putc(b, '?'); /* never echo a control or broken bytes */
        else sb_putn(b, s + i, len);
        i += len;
    }
}

static void render_snippet(StrBuf *b, const Sources *src, Span sp, bool color, const char *ul_color)
{
    const SourceFile *cf = sources_get(src, sp.file);
    if (!cf) return;
    SourceFile *f = (SourceFile *)cf;
    uint32_t lo = sp.lo > f->len ? f->len : sp.lo;
    uint32_t li = line_index(f, lo);
    uint32_t ls = f->line_starts[li];
    uint32_t le = ls;
    while (le < f->len && f->text[le] != '\n') le++;
    if (le > ls && f->text[le - 1] == '\r') le--;
    /* a long line is shown around the span */
    const char *ellipsis = "";
    if (lo - ls > 200) {
        uint32_t w = lo - 80;
        while (w > ls && ((unsigned char)f->text[w] & 0xC0) == 0x80) w--;
        ls = w;
        ellipsis = "...";
    }
    uint32_t shown = le - ls;
    if (shown > 300) shown = 300;
    char num[16];
    int w = snprintf(num, sizeof num, "%u", li + 1);
    sb_printf(b, "%*s |\n", w, "");
    sb_printf(b, "%s | %s", num, ellipsis);
    put_source_line(b, f->text + ls, shown);
    sb_putc(b, '\n');
    uint32_t ccol = count_chars(f->text + ls, lo - ls) + (uint32_t)strlen(ellipsis);
    uint32_t hi = sp.hi > lo ? sp.hi : lo + 1;
    if (hi > le) hi = le > lo ? le : lo + 1;
    uint32_t width = hi > lo ? count_chars(f->text + lo, hi - lo) : 1;
    if (width == 0) width = 1;
    if (ccol > shown + 3) ccol = shown + 3;
    if (width > 300) width = 300;
    sb_printf(b, "%*s | %*s", w, "", (int)ccol, "");
    if (color) sb_puts(b, ul_color);
    sb_putc(b, '^');
    for (uint32_t i = 1; i < width; i++) sb_putc(b, '~');
    if (color) sb_puts(b, "\033[0m");
    sb_putc(b, '\n');
}

static void render_text(const Diag *g, const Sources *src, const DiagRenderOpts *o, StrBuf *b)
{
    Loc l = locate(src, g->span);
    const char *lvl = level_str(g->level, o->werror);
    bool err = strcmp(lvl, "error") == 0;
    const char *col = err ? "\033[1;31m" : "\033[1;35m";
    if (o->color) sb_puts(b, "\033[1m");
    if (l.line) {
        esc_text(b, l.file);
        sb_printf(b, ":%u:%u: ", l.line, l.col);
    } else sb_puts(b, "takt: ");
    if (o->color) sb_puts(b, col);
    sb_printf(b, "%s[%s]", lvl, diag_code_str(g->code));
    if (o->color) sb_puts(b, "\033[0m\033[1m");
    sb_puts(b, ": ");
    esc_text(b, g->msg);
    if (o->color) sb_puts(b, "\033[0m");
    sb_putc(b, '\n');
    if (l.line) render_snippet(b, src, g->span, o->color, col);
    if (g->hint) {
        if (o->color) sb_puts(b, "\033[1;36m");
        sb_puts(b, "  = hint");
        if (o->color) sb_puts(b, "\033[0m");
        sb_puts(b, ": ");
        esc_text(b, g->hint);
        sb_putc(b, '\n');
    }
    for (uint32_t k = 0; k < g->nnotes; k++) {
        Loc nl = locate(src, g->notes[k].span);
        if (o->color) sb_puts(b, "\033[1m");
        if (nl.line) {
            esc_text(b, nl.file);
            sb_printf(b, ":%u:%u: ", nl.line, nl.col);
        }
        if (o->color) sb_puts(b, "\033[1;36m");
        sb_puts(b, "note");
        if (o->color) sb_puts(b, "\033[0m");
        sb_puts(b, ": ");
        esc_text(b, g->notes[k].msg);
        sb_putc(b, '\n');
        if (nl.line) render_snippet(b, src, g->notes[k].span, o->color, "\033[1;36m");
    }
}

/* s in a workflow command: as a property (prop) or in its message. The
 * text is escaped by the caller (esc_text), so the only line breaks are
 * those joining the message's parts. */
static void gh_escape(StrBuf *b, const char *s, bool prop)
{
    for (; *s; s++) {
        if (*s == '%') sb_puts(b, "%25");
        else if (*s == '\r') sb_puts(b, "%0D");
        else if (*s == '\n') sb_puts(b, "%0A");
        else if (prop && *s == ':') sb_puts(b, "%3A");
        else if (prop && *s == ',') sb_puts(b, "%2C");
        else sb_putc(b, *s);
    }
}

static void render_github(const Diag *g, const Sources *src, const DiagRenderOpts *o, StrBuf *b)
{
    Loc l = locate(src, g->span);
    const char *lvl = level_str(g->level, o->werror);
    sb_printf(b, "::%s ", strcmp(lvl, "note") == 0 ? "notice" : lvl);
    StrBuf m = {0};
    if (l.line) {
        sb_puts(b, "file=");
        esc_text(&m, l.file);
        gh_escape(b, sb_cstr(&m), true);
        m.len = 0;
        sb_printf(b, ",line=%u,col=%u,endLine=%u,endColumn=%u,", l.line, l.col, l.end_line, l.end_col);
    }
    sb_printf(b, "title=%s::", diag_code_str(g->code));
    esc_text(&m, g->msg);
    if (g->hint) {
        sb_puts(&m, "\nhint: ");
        esc_text(&m, g->hint);
    }
    for (uint32_t k = 0; k < g->nnotes; k++) {
        Loc nl = locate(src, g->notes[k].span);
        sb_puts(&m, "\nnote: ");
        if (nl.line) {
            esc_text(&m, nl.file);
            sb_printf(&m, ":%u:%u: ", nl.line, nl.col);
        }
        esc_text(&m, g->notes[k].msg);
    }
    gh_escape(b, sb_cstr(&m), false);
    sb_free(&m);
    sb_putc(b, '\n');
}

static void render_json(const Diag *g, const Sources *src, const DiagRenderOpts *o, StrBuf *b)
{
    Loc l = locate(src, g->span);
    sb_puts(b, "  {\"file\": ");
    json_escape(b, l.file);
    sb_printf(b, ", \"line\": %u, \"column\": %u, \"end_line\": %u, \"end_column\": %u, \"severity\": ",
              l.line, l.col, l.end_line, l.end_col);
    json_escape(b, level_str(g->level, o->werror));
    sb_puts(b, ", \"code\": ");
    json_escape(b, diag_code_str(g->code));
    sb_puts(b, ", \"message\": ");
    json_escape(b, g->msg);
    sb_puts(b, ", \"hints\": [");
    bool first = true;
    if (g->hint) {
        json_escape(b, g->hint);
        first = false;
    }
    sb_puts(b, "], \"notes\": [");
    for (uint32_t k = 0; k < g->nnotes; k++) {
        Loc nl = locate(src, g->notes[k].span);
        if (k) sb_puts(b, ", ");
        sb_puts(b, "{\"file\": ");
        json_escape(b, nl.file);
        sb_printf(b, ", \"line\": %u, \"column\": %u, \"message\": ", nl.line, nl.col);
        json_escape(b, g->notes[k].msg);
        sb_puts(b, "}");
    }
    (void)first;
    sb_puts(b, "]}");
}

/* A path as a URI reference (RFC 3986): relative paths stay relative (to
 * the directory takt ran in, the repository's root in CI), an absolute one
 * becomes a file: URI; bytes outside the unreserved set and '/' are
 * percent-encoded, so a space, '%' or '#' in a name cannot break it. */
static void put_uri(StrBuf *b, const char *path, bool *relative)
{
    StrBuf u = {0};
    *relative = path[0] != '/';
    if (!*relative) sb_puts(&u, "file://");
    while (path[0] == '.' && path[1] == '/') path += 2;
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
            *c == '.' || *c == '_' || *c == '~' || *c == '/')
            sb_putc(&u, (char)*c);
        else sb_printf(&u, "%%%02X", *c);
    }
    json_escape(b, sb_cstr(&u));
    sb_free(&u);
}

static void sarif_location(StrBuf *b, const Loc *l)
{
    bool rel;
    sb_puts(b, "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    put_uri(b, l->file, &rel);
    if (rel) sb_puts(b, ", \"uriBaseId\": \"%SRCROOT%\"");
    uint32_t el = l->end_line, ec = l->end_col;
    if (el < l->line || (el == l->line && ec <= l->col)) {
        el = l->line; /* an empty span: the character at it */
        ec = l->col + 1;
    }
    sb_printf(b, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, \"endColumn\": %u}}}",
              l->line, l->col, el, ec);
}

static void render_sarif_result(const Diag *g, const Sources *src, const DiagRenderOpts *o, uint32_t rule_index,
                                StrBuf *b)
{
    Loc l = locate(src, g->span);
    sb_puts(b, "        {\"ruleId\": ");
    json_escape(b, diag_code_str(g->code));
    sb_printf(b, ", \"ruleIndex\": %u, \"level\": ", rule_index);
    json_escape(b, level_str(g->level, o->werror));
    StrBuf m = {0};
    sb_puts(&m, g->msg);
    if (g->hint) {
        sb_puts(&m, "\nhint: ");
        sb_puts(&m, g->hint);
    }
    for (uint32_t k = 0; k < g->nnotes; k++) {
        Loc nl = locate(src, g->notes[k].span);
        if (nl.line) continue; /* a related location */
        sb_puts(&m, "\nnote: ");
        sb_puts(&m, g->notes[k].msg);
    }
    sb_puts(b, ", \"message\": {\"text\": ");
    json_escape(b, sb_cstr(&m));
    sb_free(&m);
    sb_puts(b, "}");
    if (l.line) {
        sb_puts(b, ", \"locations\": [");
        sarif_location(b, &l);
        sb_puts(b, "]");
    }
    bool any = false;
    for (uint32_t k = 0; k < g->nnotes; k++) {
        Loc nl = locate(src, g->notes[k].span);
        if (!nl.line) continue;
        sb_puts(b, any ? ", " : ", \"relatedLocations\": [");
        any = true;
        sarif_location(b, &nl);
        b->len--; /* reopen the location for its id and message */
        sb_printf(b, ", \"id\": %u, \"message\": {\"text\": ", k + 1);
        json_escape(b, g->notes[k].msg);
        sb_puts(b, "}}");
    }
    if (any) sb_puts(b, "]");
    sb_puts(b, "}");
}

/* "NOT_FORMATTED" as a rule's name: "NotFormatted" */
static void put_rule_name(StrBuf *b, const char *name)
{
    StrBuf n = {0};
    bool up = true;
    for (const char *c = name; *c; c++) {
        if (*c == '_') {
            up = true;
            continue;
        }
        sb_putc(&n, up ? *c : (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c));
        up = false;
    }
    json_escape(b, sb_cstr(&n));
    sb_free(&n);
}

/* SARIF 2.1.0 (OASIS), one run: the rules the results name (each code's
 * title from diag_codes.def), in order of first use, then the results. */
static void render_sarif(const Diags *d, const Sources *src, const DiagRenderOpts *o, StrBuf *b)
{
    uint32_t *index = tk_xalloc(DIAG__COUNT * sizeof *index); /* rule index + 1 */
    memset(index, 0, DIAG__COUNT * sizeof *index);
    DiagCode *rules = tk_xalloc(((size_t)d->len + 1) * sizeof *rules);
    uint32_t nrules = 0;
    for (uint32_t i = 0; i < d->len; i++) {
        DiagCode c = d->items[i].code;
        if (c < DIAG__COUNT && !index[c]) {
            rules[nrules++] = c;
            index[c] = nrules;
        }
    }
    sb_puts(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
               "  \"runs\": [\n    {\n      \"tool\": {\"driver\": {\"name\": \"takt\", \"version\": ");
    json_escape(b, o->tool_version ? o->tool_version : "");
    sb_puts(b, ", \"rules\": [");
    for (uint32_t r = 0; r < nrules; r++) {
        DiagCode c = rules[r];
        const char *id = diag_code_str(c);
        sb_puts(b, r ? ",\n        {\"id\": " : "\n        {\"id\": ");
        json_escape(b, id);
        sb_puts(b, ", \"name\": ");
        put_rule_name(b, code_names[c]);
        sb_puts(b, ", \"shortDescription\": {\"text\": ");
        json_escape(b, diag_code_title(c));
        sb_printf(b, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}", id[0] == 'W' ? "warning" : "error");
    }
    sb_puts(b, nrules ? "\n      ]}},\n" : "]}},\n");
    sb_puts(b, "      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [");
    for (uint32_t i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        sb_puts(b, i ? ",\n" : "\n");
        render_sarif_result(g, src, o, g->code < DIAG__COUNT ? index[g->code] - 1 : 0, b);
    }
    sb_puts(b, d->len ? "\n      ]" : "]");
    if (d->suppressed) sb_printf(b, ",\n      \"properties\": {\"suppressed\": %u}", d->suppressed);
    sb_puts(b, "\n    }\n  ]\n}\n");
    tk_free(index);
    tk_free(rules);
}

void diags_count(const Diags *d, bool werror, uint32_t *errors, uint32_t *warnings)
{
    *errors = d->nerrors;
    *warnings = d->nwarnings;
    if (werror) {
        *errors += *warnings;
        *warnings = 0;
    }
}

void diags_render(const Diags *d, const Sources *src, const DiagRenderOpts *o, FILE *out)
{
    StrBuf b = {0};
    diags_render_buf(d, src, o, &b);
    fputs(sb_cstr(&b), out);
    sb_free(&b);
}

void diags_render_buf(const Diags *d, const Sources *src, const DiagRenderOpts *o, StrBuf *out)
{
    StrBuf b = {0};
    if (o->format == DIAG_FORMAT_SARIF) {
        render_sarif(d, src, o, &b);
        if (b.len) sb_putn(out, b.data, b.len);
        sb_free(&b);
        return;
    }
    if (o->format == DIAG_FORMAT_JSON) {
        uint32_t ne, nw;
        diags_count(d, o->werror, &ne, &nw);
        sb_printf(&b,
                  "{\n  \"format\": \"takt-diagnostics\",\n  \"version\": 1,\n  \"errors\": %u,\n"
                  "  \"warnings\": %u,\n  \"suppressed\": %u,\n  \"diagnostics\": [",
                  ne, nw, d->suppressed);
    }
    for (uint32_t i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        switch (o->format) {
        case DIAG_FORMAT_TEXT:
            render_text(g, src, o, &b);
            break;
        case DIAG_FORMAT_GITHUB:
            render_github(g, src, o, &b);
            break;
        case DIAG_FORMAT_JSON:
            sb_puts(&b, i ? ",\n  " : "\n  ");
            render_json(g, src, o, &b);
            break;
        case DIAG_FORMAT_SARIF:
            break;
        }
    }
    if (o->format == DIAG_FORMAT_JSON) sb_puts(&b, d->len ? "\n  ]\n}\n" : "]\n}\n");
    else if (d->suppressed)
        sb_printf(&b, "takt: %u further diagnostic%s not shown\n", d->suppressed, d->suppressed == 1 ? "" : "s");
    if (b.len) sb_putn(out, b.data, b.len);
    sb_free(&b);
}
