/* outcheck.c: checks what takt printed, byte by byte, for the promises of
 * docs/security.md ("What takt prints"). Stands alone (no takt code), so a
 * bug in takt's escaping cannot hide itself here.
 *
 *   takt-outcheck text FILE...     UTF-8; no control character but the line
 *                                  break; no bidi control, line or paragraph
 *                                  separator, U+FFFE/U+FFFF; no line whose
 *                                  first non-blank characters are "::"; no
 *                                  "##[" anywhere (a CI log runs both)
 *   takt-outcheck github FILE...   the same, except that every line is one
 *                                  of takt's annotations: ::error, ::warning
 *                                  or ::notice, properties, "::", a message
 *   takt-outcheck json FILE...     exactly one JSON value (RFC 8259), read
 *                                  by a strict parser: UTF-8, escapes, pairs
 *                                  of surrogates, numbers; and no raw bidi
 *                                  control or "##[" in it
 *   takt-outcheck xml FILE...      well-formed XML: UTF-8, the characters
 *                                  XML allows, tags that nest, attributes
 *                                  quoted, the five entities and character
 *                                  references; and no raw bidi control
 *   takt-outcheck html FILE...     takt's plan page: UTF-8 without raw
 *                                  controls, bidi controls, separators or
 *                                  "##["; exactly three <script> elements
 *                                  (the data, and takt's two scripts), none
 *                                  holding "<!--" or a second "<script";
 *                                  the data one JSON value by the strict
 *                                  parser; no tag with a src attribute or an
 *                                  event handler, every href and url( a "#"
 *                                  reference (nothing fetched)
 *
 * "-" reads standard input. Exit 0 if every file keeps its promises, else 1
 * with the first problem of each file that breaks one. */
#define _GNU_SOURCE /* memmem */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct In {
    const unsigned char *s;
    size_t n, i;
    const char *name;
    const char *err; /* the first problem, NULL if none */
    size_t at;
} In;

static bool fail(In *in, size_t at, const char *why)
{
    if (!in->err) {
        in->err = why;
        in->at = at;
    }
    return false;
}

/* ---- UTF-8 ------------------------------------------------------------------- */
/* The code point at s[i] (strict RFC 3629); its length, 0 if malformed. */
static size_t utf8_at(const unsigned char *s, size_t n, size_t i, uint32_t *cp)
{
    unsigned char c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) need = 1, v = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) need = 2, v = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) need = 3, v = c & 0x07;
    else return 0;
    if (i + need >= n) return 0;
    for (size_t k = 1; k <= need; k++) {
        if ((s[i + k] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if ((need == 1 && v < 0x80) || (need == 2 && v < 0x800) || (need == 3 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need + 1;
}

static bool is_format(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF;
}

/* What .NET's TrimStart skips before a workflow command (white space). */
static bool is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

static bool has_log_command(In *in)
{
    for (size_t i = 0; i + 2 < in->n; i++)
        if (in->s[i] == '#' && in->s[i + 1] == '#' && in->s[i + 2] == '[') return !fail(in, i, "\"##[\" (a workflow command)");
    return false;
}

/* ---- text and github ---------------------------------------------------------- */
static bool check_text(In *in, bool github)
{
    const unsigned char *s = in->s;
    size_t n = in->n;
    if (has_log_command(in)) return false;
    size_t line = 0;
    while (line < n) {
        size_t end = line;
        while (end < n && s[end] != '\n') end++;
        /* the characters of the line */
        size_t first = end; /* the first that is not white space */
        for (size_t i = line; i < end;) {
            uint32_t cp;
            size_t len = utf8_at(s, n, i, &cp);
            if (!len) return fail(in, i, "a byte that is not UTF-8");
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) return fail(in, i, "a control character");
            if (is_format(cp)) return fail(in, i, "a bidi control, separator or noncharacter");
            if (first == end && !is_space(cp)) first = i;
            i += len;
        }
        bool colons = first + 1 < end && s[first] == ':' && s[first + 1] == ':';
        if (github) {
            static const char *const kinds[] = {"::error ", "::warning ", "::notice "};
            bool ok = false;
            for (int k = 0; k < 3 && !ok; k++) {
                size_t kl = strlen(kinds[k]);
                if (end - line > kl && memcmp(s + line, kinds[k], kl) == 0) {
                    /* properties, then "::" and the message */
                    for (size_t i = line + kl; i + 1 < end && !ok; i++) ok = s[i] == ':' && s[i + 1] == ':';
                }
            }
            if (!ok) return fail(in, line, "a line that is not one of takt's annotations");
        } else if (colons)
            return fail(in, first, "a line that starts with \"::\" (a workflow command)");
        line = end + 1;
    }
    return true;
}

/* ---- JSON --------------------------------------------------------------------- */
static void ws(In *in)
{
    while (in->i < in->n && strchr(" \t\r\n", in->s[in->i]) && in->s[in->i]) in->i++;
}

static int hexval(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool hex4(In *in, uint32_t *v)
{
    if (in->i + 4 > in->n) return fail(in, in->i, "a \\u escape cut short");
    *v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(in->s[in->i + (size_t)k]);
        if (h < 0) return fail(in, in->i, "a \\u escape that is not four hex digits");
        *v = *v * 16 + (uint32_t)h;
    }
    in->i += 4;
    return true;
}

static bool json_string(In *in)
{
    in->i++; /* the quote */
    for (;;) {
        if (in->i >= in->n) return fail(in, in->i, "a string that does not end");
        unsigned char c = in->s[in->i];
        if (c == '"') {
            in->i++;
            return true;
        }
        if (c < 0x20) return fail(in, in->i, "a raw control character in a string");
        if (c == '\\') {
            in->i++;
            if (in->i >= in->n) return fail(in, in->i, "an escape cut short");
            c = in->s[in->i++];
            if (c == 'u') {
                uint32_t v;
                if (!hex4(in, &v)) return false;
                if (v >= 0xDC00 && v <= 0xDFFF) return fail(in, in->i, "a low surrogate alone");
                if (v >= 0xD800 && v <= 0xDBFF) {
                    uint32_t w;
                    if (in->i + 2 > in->n || in->s[in->i] != '\\' || in->s[in->i + 1] != 'u')
                        return fail(in, in->i, "a high surrogate alone");
                    in->i += 2;
                    if (!hex4(in, &w)) return false;
                    if (w < 0xDC00 || w > 0xDFFF) return fail(in, in->i, "a high surrogate without its low one");
                }
            } else if (!strchr("\"\\/bfnrt", c) || !c)
                return fail(in, in->i - 1, "an unknown escape");
            continue;
        }
        uint32_t cp;
        size_t len = utf8_at(in->s, in->n, in->i, &cp);
        if (!len) return fail(in, in->i, "a byte that is not UTF-8 in a string");
        if (is_format(cp)) return fail(in, in->i, "a raw bidi control, separator or noncharacter in a string");
        in->i += len;
    }
}

static bool digits(In *in)
{
    size_t from = in->i;
    while (in->i < in->n && in->s[in->i] >= '0' && in->s[in->i] <= '9') in->i++;
    return in->i > from;
}

static bool json_number(In *in)
{
    if (in->s[in->i] == '-') in->i++;
    if (in->i < in->n && in->s[in->i] == '0') in->i++;
    else if (!digits(in)) return fail(in, in->i, "a malformed number");
    if (in->i < in->n && in->s[in->i] == '.') {
        in->i++;
        if (!digits(in)) return fail(in, in->i, "a number with no digits after its point");
    }
    if (in->i < in->n && (in->s[in->i] == 'e' || in->s[in->i] == 'E')) {
        in->i++;
        if (in->i < in->n && (in->s[in->i] == '+' || in->s[in->i] == '-')) in->i++;
        if (!digits(in)) return fail(in, in->i, "a number with no digits in its exponent");
    }
    return true;
}

static bool json_value(In *in, int depth)
{
    if (depth > 512) return fail(in, in->i, "nested too deep");
    ws(in);
    if (in->i >= in->n) return fail(in, in->i, "a value missing");
    unsigned char c = in->s[in->i];
    if (c == '"') return json_string(in);
    if (c == '{' || c == '[') {
        unsigned char close = c == '{' ? '}' : ']';
        in->i++;
        ws(in);
        if (in->i < in->n && in->s[in->i] == close) {
            in->i++;
            return true;
        }
        for (;;) {
            if (c == '{') {
                ws(in);
                if (in->i >= in->n || in->s[in->i] != '"') return fail(in, in->i, "an object key that is not a string");
                if (!json_string(in)) return false;
                ws(in);
                if (in->i >= in->n || in->s[in->i] != ':') return fail(in, in->i, "a key without ':'");
                in->i++;
            }
            if (!json_value(in, depth + 1)) return false;
            ws(in);
            if (in->i < in->n && in->s[in->i] == ',') {
                in->i++;
                continue;
            }
            if (in->i < in->n && in->s[in->i] == close) {
                in->i++;
                return true;
            }
            return fail(in, in->i, "neither ',' nor the end of the object or array");
        }
    }
    if (c == '-' || (c >= '0' && c <= '9')) return json_number(in);
    static const char *const words[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t l = strlen(words[k]);
        if (in->i + l <= in->n && memcmp(in->s + in->i, words[k], l) == 0) {
            in->i += l;
            return true;
        }
    }
    return fail(in, in->i, "not a JSON value");
}

static bool check_json(In *in)
{
    if (has_log_command(in)) return false;
    if (!json_value(in, 0)) return false;
    ws(in);
    if (in->i != in->n) return fail(in, in->i, "text after the JSON value");
    return true;
}

/* ---- XML ---------------------------------------------------------------------- */
static bool name_char(unsigned char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static bool xml_name(In *in, size_t *from, size_t *len)
{
    *from = in->i;
    if (in->i >= in->n || !name_char(in->s[in->i], true)) return fail(in, in->i, "a name expected");
    while (in->i < in->n && name_char(in->s[in->i], false)) in->i++;
    *len = in->i - *from;
    return true;
}

/* text or an attribute's value up to `stop`: characters XML allows, '&'
 * only as an entity or a character reference */
static bool xml_chars(In *in, unsigned char stop)
{
    while (in->i < in->n && in->s[in->i] != stop) {
        unsigned char c = in->s[in->i];
        if (c == '<') return fail(in, in->i, "'<' inside text or a value");
        if (c == '&') {
            static const char *const ents[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&apos;"};
            bool ok = false;
            for (int k = 0; k < 5 && !ok; k++) {
                size_t l = strlen(ents[k]);
                if (in->i + l <= in->n && memcmp(in->s + in->i, ents[k], l) == 0) {
                    in->i += l;
                    ok = true;
                }
            }
            if (!ok && in->i + 2 < in->n && in->s[in->i + 1] == '#') {
                size_t j = in->i + 2;
                bool hex = in->s[j] == 'x';
                j += hex;
                uint32_t v = 0;
                size_t d0 = j;
                while (j < in->n && (hex ? hexval(in->s[j]) >= 0 : (in->s[j] >= '0' && in->s[j] <= '9')) && v < 0x110000)
                    v = v * (hex ? 16 : 10) + (uint32_t)hexval(in->s[j++]);
                if (j > d0 && j < in->n && in->s[j] == ';' &&
                    (v == 9 || v == 10 || v == 13 || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) ||
                     (v >= 0x10000 && v <= 0x10FFFF))) {
                    in->i = j + 1;
                    ok = true;
                }
            }
            if (!ok) return fail(in, in->i, "'&' that is not an entity or a character reference");
            continue;
        }
        uint32_t cp;
        size_t len = utf8_at(in->s, in->n, in->i, &cp);
        if (!len) return fail(in, in->i, "a byte that is not UTF-8");
        if ((cp < 0x20 && cp != 9 && cp != 10 && cp != 13) || cp == 0xFFFE || cp == 0xFFFF)
            return fail(in, in->i, "a character XML does not allow");
        if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || is_format(cp))
            return fail(in, in->i, "a raw control or bidi character");
        in->i += len;
    }
    return true;
}

static bool check_xml(In *in)
{
    size_t stack[256], lens[256];
    int depth = 0, roots = 0;
    while (in->i < in->n) {
        if (in->s[in->i] != '<') {
            if (!xml_chars(in, '<')) return false;
            /* text outside the root must be blank */
            continue;
        }
        in->i++;
        if (in->i < in->n && in->s[in->i] == '?') { /* a declaration */
            const unsigned char *e = memmem(in->s + in->i, in->n - in->i, "?>", 2);
            if (!e) return fail(in, in->i, "'<?' without '?>'");
            in->i = (size_t)(e - in->s) + 2;
            continue;
        }
        if (in->i + 2 < in->n && memcmp(in->s + in->i, "!--", 3) == 0) {
            const unsigned char *e = memmem(in->s + in->i, in->n - in->i, "-->", 3);
            if (!e) return fail(in, in->i, "a comment that does not end");
            in->i = (size_t)(e - in->s) + 3;
            continue;
        }
        bool closing = in->i < in->n && in->s[in->i] == '/';
        in->i += closing;
        size_t from, len;
        if (!xml_name(in, &from, &len)) return false;
        if (closing) {
            while (in->i < in->n && in->s[in->i] == ' ') in->i++;
            if (in->i >= in->n || in->s[in->i] != '>') return fail(in, in->i, "'>' expected");
            in->i++;
            if (!depth || lens[depth - 1] != len || memcmp(in->s + stack[depth - 1], in->s + from, len) != 0)
                return fail(in, from, "a closing tag that does not match");
            depth--;
            continue;
        }
        /* attributes */
        for (;;) {
            size_t sp = in->i;
            while (in->i < in->n && strchr(" \t\r\n", in->s[in->i]) && in->s[in->i]) in->i++;
            if (in->i >= in->n) return fail(in, in->i, "a tag that does not end");
            if (in->s[in->i] == '>' || (in->s[in->i] == '/' && in->i + 1 < in->n && in->s[in->i + 1] == '>')) break;
            if (in->i == sp) return fail(in, in->i, "attributes without a space between them");
            size_t af, al;
            if (!xml_name(in, &af, &al)) return false;
            if (in->i + 1 >= in->n || in->s[in->i] != '=' || (in->s[in->i + 1] != '"' && in->s[in->i + 1] != '\''))
                return fail(in, in->i, "an attribute without a quoted value");
            unsigned char q = in->s[in->i + 1];
            in->i += 2;
            if (!xml_chars(in, q)) return false;
            if (in->i >= in->n) return fail(in, in->i, "a value that does not end");
            in->i++;
        }
        bool empty = in->s[in->i] == '/';
        in->i += empty ? 2 : 1;
        if (!depth) roots++;
        if (roots > 1) return fail(in, from, "a second root element");
        if (!empty) {
            if (depth == 256) return fail(in, from, "nested too deep");
            stack[depth] = from;
            lens[depth] = len;
            depth++;
        }
    }
    if (depth) return fail(in, in->n, "an element that is not closed");
    if (!roots) return fail(in, 0, "no element");
    return true;
}

/* ---- HTML (the plan page) ---------------------------------------------------------- */
static const unsigned char *find_ci(const unsigned char *s, size_t n, size_t from, const char *what)
{
    size_t w = strlen(what);
    for (size_t i = from; i + w <= n; i++) {
        size_t k = 0;
        while (k < w && (s[i + k] | 0x20) == (what[k] | 0x20)) k++;
        if (k == w) return s + i;
    }
    return NULL;
}

static bool check_html(In *in)
{
    const unsigned char *s = in->s;
    size_t n = in->n;
    if (has_log_command(in)) return false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_at(s, n, i, &cp);
        if (!len) return fail(in, i, "a byte that is not UTF-8");
        if ((cp < 0x20 && cp != 9 && cp != 10) || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
            return fail(in, i, "a control character");
        if (is_format(cp)) return fail(in, i, "a bidi control, separator or noncharacter");
        i += len;
    }
    /* nothing that fetches: the page's tags, read with their attributes */
    for (size_t i = 0; i < n;) {
        if (s[i] != '<') {
            i++;
            continue;
        }
        if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
            const unsigned char *e = find_ci(s, n, i + 4, "-->");
            if (!e) return fail(in, i, "a comment that does not end");
            i = (size_t)(e - s) + 3;
            continue;
        }
        size_t j = i + 1;
        if (j < n && s[j] == '/') j++;
        if (j >= n || !((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')) {
            i++;
            continue;
        }
        size_t name = j;
        while (j < n && !strchr(" \t\n/>", s[j])) j++;
        size_t name_len = j - name;
        for (;;) {
            while (j < n && strchr(" \t\n/", s[j])) j++;
            if (j >= n) return fail(in, i, "a tag that does not end");
            if (s[j] == '>') break;
            size_t an = j;
            while (j < n && !strchr(" \t\n=/>", s[j])) j++;
            size_t al = j - an;
            const unsigned char *v = NULL;
            size_t vl = 0;
            if (j < n && s[j] == '=') {
                j++;
                unsigned char q = j < n ? s[j] : 0;
                if (q == '"' || q == '\'') {
                    const unsigned char *e = memchr(s + j + 1, q, n - j - 1);
                    if (!e) return fail(in, j, "an attribute value that does not end");
                    v = s + j + 1;
                    vl = (size_t)(e - v);
                    j = (size_t)(e - s) + 1;
                } else {
                    v = s + j;
                    while (j < n && !strchr(" \t\n>", s[j])) j++;
                    vl = (size_t)(s + j - v);
                }
            }
            if (al == 3 && find_ci(s + an, 3, 0, "src")) return fail(in, an, "a src attribute");
            if (al == 4 && find_ci(s + an, 4, 0, "href") && (!v || !vl || v[0] != '#'))
                return fail(in, an, "a link that is not within the page");
            if (al > 2 && (s[an] | 0x20) == 'o' && (s[an + 1] | 0x20) == 'n')
                return fail(in, an, "an event handler attribute");
            for (const unsigned char *u = v ? find_ci(v, vl, 0, "url(") : NULL; u; u = find_ci(v, vl, (size_t)(u - v) + 4, "url("))
                if (u + 4 >= v + vl || u[4] != '#') return fail(in, (size_t)(u - s), "a url( that is not within the page");
        }
        bool script = name_len == 6 && find_ci(s + name, 6, 0, "script") && s[i + 1] != '/';
        bool style = name_len == 5 && find_ci(s + name, 5, 0, "style") && s[i + 1] != '/';
        i = j + 1;
        if (script || style) {
            const unsigned char *e = find_ci(s, n, i, script ? "</script" : "</style");
            if (!e) return fail(in, i, "an element that does not end");
            for (const unsigned char *u = style ? find_ci(s, (size_t)(e - s), i, "url(") : NULL; u;
                 u = find_ci(s, (size_t)(e - s), (size_t)(u - s) + 4, "url("))
                if (u[4] != '#') return fail(in, (size_t)(u - s), "a url( that is not within the page");
            i = (size_t)(e - s);
        }
    }
    /* the scripts */
    int scripts = 0, data = 0;
    const unsigned char *at;
    for (at = find_ci(s, n, 0, "<script"); at; scripts++) {
        const unsigned char *gt = memchr(at, '>', (size_t)(s + n - at));
        if (!gt) return fail(in, (size_t)(at - s), "a <script tag that does not end");
        const unsigned char *end = find_ci(s, n, (size_t)(gt - s), "</script");
        if (!end) return fail(in, (size_t)(at - s), "a script element that does not end");
        const unsigned char *inner = find_ci(s, (size_t)(end - s), (size_t)(gt - s), "<script");
        if (inner) return fail(in, (size_t)(inner - s), "\"<script\" inside a script element");
        if ((inner = find_ci(s, (size_t)(end - s), (size_t)(gt - s), "<!--"))) return fail(in, (size_t)(inner - s), "\"<!--\" inside a script element");
        if (find_ci(s, (size_t)(gt - s), (size_t)(at - s), "application/json")) {
            In j;
            memset(&j, 0, sizeof j);
            j.s = gt + 1;
            j.n = (size_t)(end - gt - 1);
            if (!json_value(&j, 0)) return fail(in, (size_t)(gt + 1 - s) + j.at, j.err ? j.err : "bad JSON");
            ws(&j);
            if (j.i != j.n) return fail(in, (size_t)(gt + 1 - s) + j.i, "text after the data's JSON value");
            data++;
        }
        at = find_ci(s, n, (size_t)(end - s) + 8, "<script");
    }
    if (scripts != 3) return fail(in, 0, "not exactly three script elements");
    if (data != 1) return fail(in, 0, "not exactly one JSON data element");
    return true;
}

/* ---- files -------------------------------------------------------------------- */
static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    unsigned char *b = malloc(cap);
    for (;;) {
        if (len == cap) b = realloc(b, cap *= 2);
        size_t r = fread(b + len, 1, cap - len, f);
        if (!r) break;
        len += r;
    }
    if (f != stdin) fclose(f);
    *n = len;
    return b;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: takt-outcheck text|github|json|xml|html FILE...\n", stderr);
        return 2;
    }
    const char *mode = argv[1];
    if (strcmp(mode, "text") && strcmp(mode, "github") && strcmp(mode, "json") && strcmp(mode, "xml") &&
        strcmp(mode, "html")) {
        fprintf(stderr, "takt-outcheck: unknown mode '%s'\n", mode);
        return 2;
    }
    int bad = 0;
    for (int k = 2; k < argc; k++) {
        In in;
        memset(&in, 0, sizeof in);
        in.name = argv[k];
        in.s = slurp(argv[k], &in.n);
        if (!in.s) {
            fprintf(stderr, "takt-outcheck: cannot read %s\n", argv[k]);
            return 2;
        }
        bool ok = mode[0] == 't' ? check_text(&in, false)
                  : mode[0] == 'g' ? check_text(&in, true)
                  : mode[0] == 'j' ? check_json(&in)
                  : mode[0] == 'h' ? check_html(&in)
                                   : check_xml(&in);
        if (!ok) {
            size_t ls = in.at, line = 1;
            for (size_t i = 0; i < in.at && i < in.n; i++) line += in.s[i] == '\n';
            while (ls > 0 && in.s[ls - 1] != '\n') ls--;
            fprintf(stderr, "%s: %s output breaks its promise at byte %zu (line %zu): %s\n", argv[k], mode, in.at,
                    line, in.err ? in.err : "?");
            bad = 1;
        }
        free((void *)in.s);
    }
    return bad;
}
