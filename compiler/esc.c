/* esc.c: escaping what came from input for each kind of output (esc.h). */
#include "esc.h"

#include <string.h>

uint32_t esc_char(const char *s, size_t n, uint32_t *cp, EscClass *cls)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    if (c < 0x80) {
        *cp = c;
        *cls = c < 0x20 || c == 0x7f ? ESC_CONTROL : ESC_PLAIN;
        return 1;
    }
    /* the lead byte says the length and the range of the second byte
     * (which rules out overlong forms, surrogates and > U+10FFFF) */
    uint32_t need, v;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1, v = c & 0x1Fu;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, v = c & 0x0Fu;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, v = c & 0x07u;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else need = 0, v = 0;
    bool ok = need > 0 && need < n;
    for (uint32_t k = 1; ok && k <= need; k++) {
        unsigned char d = u[k];
        if (k == 1 ? (d < lo || d > hi) : (d & 0xC0) != 0x80) ok = false;
        else v = (v << 6) | (d & 0x3Fu);
    }
    if (!ok) {
        *cp = c;
        *cls = ESC_INVALID;
        return 1;
    }
    *cp = v;
    if (v <= 0x9F) *cls = ESC_CONTROL; /* C1 */
    else if (v == 0x061C || v == 0x200E || v == 0x200F || (v >= 0x202A && v <= 0x202E) ||
             (v >= 0x2066 && v <= 0x2069) || v == 0x2028 || v == 0x2029 || v == 0xFFFE || v == 0xFFFF)
        *cls = ESC_FORMAT;
    else *cls = ESC_PLAIN;
    return need + 1;
}

bool esc_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        EscClass cls;
        i += esc_char(s + i, n - i, &cp, &cls);
        if (cls == ESC_INVALID) return false;
    }
    return true;
}

size_t esc_find(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            i++;
            continue;
        }
        uint32_t cp;
        EscClass cls;
        uint32_t len = esc_char(s + i, n - i, &cp, &cls);
        if (cls != ESC_PLAIN) return i;
        i += len;
    }
    return n;
}

/* ---- for people ------------------------------------------------------------- */
/* A blank that a log reader skips before looking for "::" (what .NET's
 * Char.IsWhiteSpace calls white space, less the controls and separators,
 * which are escaped anyway). */
static bool is_blank(const char *s, size_t n, uint32_t *len)
{
    if (s[0] == ' ') {
        *len = 1;
        return true;
    }
    uint32_t cp;
    EscClass cls;
    *len = esc_char(s, n, &cp, &cls);
    return cls == ESC_PLAIN && (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
                                cp == 0x205F || cp == 0x3000);
}

/* Where a leading "::" starts (after blanks), or n if there is none. */
static size_t leading_colons(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t len;
    while (i < n && is_blank(s + i, n - i, &len)) i += len;
    return i + 1 < n && s[i] == ':' && s[i + 1] == ':' ? i : n;
}

static bool opens_log_command(const char *s, size_t i) { return s[i] == '[' && i >= 2 && s[i - 1] == '#' && s[i - 2] == '#'; }

bool esc_is_plain(const char *s, size_t n)
{
    if (leading_colons(s, n) < n) return false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            if (opens_log_command(s, i)) return false;
            i++;
            continue;
        }
        uint32_t cp;
        EscClass cls;
        uint32_t len = esc_char(s + i, n - i, &cp, &cls);
        if (cls != ESC_PLAIN) return false;
        i += len;
    }
    return true;
}

static void put_escape(StrBuf *b, uint32_t cp, EscClass cls)
{
    if (cls == ESC_INVALID || cp < 0x80) {
        switch (cp) {
        case '\t': sb_puts(b, "\\t"); return;
        case '\n': sb_puts(b, "\\n"); return;
        case '\r': sb_puts(b, "\\r"); return;
        default: sb_printf(b, "\\x%02x", cp); return;
        }
    }
    sb_printf(b, "\\u{%x}", cp);
}

/* esc_text, and for XML also the five characters XML gives a meaning */
static void text_escape(StrBuf *b, const char *s, size_t n, bool xml)
{
    size_t colons = leading_colons(s, n);
    size_t i = 0;
    while (i < n) {
        /* a run of what is shown as it is */
        size_t j = i;
        while (j < n) {
            unsigned char c = (unsigned char)s[j];
            if (c < 0x20 || c >= 0x7f || j == colons || opens_log_command(s, j)) break;
            if (xml && (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'')) break;
            j++;
        }
        if (j > i) sb_putn(b, s + i, j - i);
        i = j;
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (i == colons || opens_log_command(s, i)) {
            sb_printf(b, "\\x%02x", c);
            i++;
            continue;
        }
        if (xml && c < 0x80 && c >= 0x20 && c != 0x7f) {
            sb_puts(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : "&apos;");
            i++;
            continue;
        }
        uint32_t cp;
        EscClass cls;
        uint32_t len = esc_char(s + i, n - i, &cp, &cls);
        if (cls == ESC_PLAIN) sb_putn(b, s + i, len);
        else put_escape(b, cp, cls);
        i += len;
    }
}

void esc_textn(StrBuf *b, const char *s, size_t n) { text_escape(b, s, n, false); }
void esc_text(StrBuf *b, const char *s) { text_escape(b, s, strlen(s), false); }
void esc_xml(StrBuf *b, const char *s) { text_escape(b, s, strlen(s), true); }
void esc_html(StrBuf *b, const char *s) { text_escape(b, s, strlen(s), true); }

char *esc_dup(const char *s)
{
    size_t n = strlen(s);
    if (esc_is_plain(s, n)) return tk_strndup(s, n);
    StrBuf b = {0};
    text_escape(&b, s, n, false);
    return b.data; /* never NULL: an escaped string is not empty */
}

#define ESC_SHOW_RING 8
static _Thread_local char *show_ring[ESC_SHOW_RING];
static _Thread_local unsigned show_next;

const char *esc_show(const char *s)
{
    if (!s) return "";
    size_t n = strlen(s);
    if (esc_is_plain(s, n)) return s;
    unsigned k = show_next++ % ESC_SHOW_RING;
    tk_free(show_ring[k]);
    StrBuf b = {0};
    text_escape(&b, s, n, false);
    show_ring[k] = b.data;
    return b.data;
}

/* ---- JSON ------------------------------------------------------------------------ */
void esc_jsonn(StrBuf *b, const char *s, size_t n)
{
    sb_putc(b, '"');
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n) {
            unsigned char c = (unsigned char)s[j];
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || opens_log_command(s, j)) break;
            j++;
        }
        if (j > i) sb_putn(b, s + i, j - i);
        i = j;
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': sb_puts(b, "\\\""); i++; continue;
        case '\\': sb_puts(b, "\\\\"); i++; continue;
        case '\n': sb_puts(b, "\\n"); i++; continue;
        case '\r': sb_puts(b, "\\r"); i++; continue;
        case '\t': sb_puts(b, "\\t"); i++; continue;
        case '\b': sb_puts(b, "\\b"); i++; continue;
        case '\f': sb_puts(b, "\\f"); i++; continue;
        default: break;
        }
        uint32_t cp;
        EscClass cls;
        uint32_t len = esc_char(s + i, n - i, &cp, &cls);
        if (cls == ESC_INVALID) sb_puts(b, "\\ufffd");
        else if (cls != ESC_PLAIN || cp == '[') sb_printf(b, "\\u%04x", cp); /* '[': after "##" */
        else sb_putn(b, s + i, len);
        i += len;
    }
    sb_putc(b, '"');
}

void esc_json(StrBuf *b, const char *s) { esc_jsonn(b, s, strlen(s)); }

void esc_json_script(StrBuf *b, const char *s)
{
    size_t from = b->len;
    esc_jsonn(b, s, strlen(s));
    /* < > & appear in esc_json's output only as themselves (never inside an
     * escape), so each becomes its \u form; the string grows by five bytes
     * for each */
    size_t extra = 0;
    for (size_t i = from; i < b->len; i++) extra += b->data[i] == '<' || b->data[i] == '>' || b->data[i] == '&';
    if (!extra) return;
    size_t old = b->len;
    for (size_t k = 0; k < 5 * extra; k++) sb_putc(b, ' ');
    size_t w = b->len;
    for (size_t i = old; i-- > from;) {
        char c = b->data[i];
        if (c == '<' || c == '>' || c == '&') {
            const char *u = c == '<' ? "\\u003c" : c == '>' ? "\\u003e" : "\\u0026";
            w -= 6;
            memcpy(b->data + w, u, 6);
        } else b->data[--w] = c;
    }
}
