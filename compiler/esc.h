/* esc.h: how text that came from input is printed. A model, a plan, a CSV
 * and a file name may hold anything — line breaks, terminal escapes, bidi
 * controls, bytes that are not UTF-8 — and every output that shows such
 * text shows it through one of these, so that no name can forge a line of
 * a CI log, recolour a terminal or disguise itself (docs/security.md,
 * "What takt prints").
 *
 *   esc_text   for people: terminal, log, report, Markdown   \n \x1b \u{202e}
 *   esc_json   a JSON string, quotes included: valid UTF-8 JSON whatever the input
 *   esc_xml    SVG text and attributes: esc_text, then XML's five entities
 *   esc_html   HTML text and quoted attributes: the same as esc_xml
 *   esc_json_script  a JSON string inside an HTML <script> element: esc_json,
 *              and < > & as \u003c \u003e \u0026, so no "</script>" or
 *              "<!--" can end or change the element
 *
 * What is escaped: the C0 and C1 control characters and DEL, Unicode's bidi
 * controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the line
 * and paragraph separators U+2028 and U+2029, the noncharacters U+FFFE and
 * U+FFFF, and bytes that are not UTF-8. And the two ways a line of text
 * becomes a GitHub Actions workflow command: `::` at its start (after any
 * blanks), and `##[` anywhere in it. */
#ifndef TAKT_ESC_H
#define TAKT_ESC_H

#include "base.h"

typedef enum EscClass {
    ESC_PLAIN,    /* shown as it is */
    ESC_CONTROL,  /* C0, DEL, C1 */
    ESC_FORMAT,   /* bidi controls, U+2028/U+2029, U+FFFE/U+FFFF */
    ESC_INVALID,  /* a byte that does not start a well-formed UTF-8 sequence */
} EscClass;

/* The character at s[0] of s[0..n), n > 0: its length in bytes (1 for an
 * invalid byte), its code point (the byte for an invalid one) and class.
 * UTF-8 is read strictly (RFC 3629): no overlong forms, no surrogates,
 * nothing above U+10FFFF. */
uint32_t esc_char(const char *s, size_t n, uint32_t *cp, EscClass *cls);

/* True if s[0..n) is well-formed UTF-8. */
bool esc_utf8_valid(const char *s, size_t n);
/* The first character of s[0..n) that text output escapes (its offset), or n. */
size_t esc_find(const char *s, size_t n);
/* True if esc_text would print s[0..n) unchanged. */
bool esc_is_plain(const char *s, size_t n);

/* Appends s, escaped for people: \t \n \r, other controls and invalid bytes
 * as \xHH, C1 controls and format characters as \u{HHHH}; a leading `::`
 * (after blanks) as \x3a:, and `##[` as ##\x5b. A backslash is printed as
 * it is: the escapes make text safe and visible, they are not a reversible
 * encoding (the plan file and JSON keep exact values). */
void esc_text(StrBuf *b, const char *s);
void esc_textn(StrBuf *b, const char *s, size_t n);
/* A copy of s, escaped as esc_text does (tk_free it). */
char *esc_dup(const char *s);
/* s itself if esc_text would not change it, else its escaped copy, valid
 * until this thread's eighth next call: for the arguments of a printf. */
const char *esc_show(const char *s);

/* Appends s as a JSON string, quotes included: " \ and controls escaped
 * (\n, \u001b), format characters as \uXXXX, `##[` as ##\u005b (the same
 * value, harmless in a log), and each byte that is not UTF-8 as U+FFFD
 * (written \ufffd). What a JSON parser reads back is the input exactly,
 * wherever it was UTF-8. */
void esc_json(StrBuf *b, const char *s);
void esc_jsonn(StrBuf *b, const char *s, size_t n);

/* Appends s for XML text or a quoted attribute: esc_text, then & < > " '
 * as entities. The result is always well-formed XML character data. */
void esc_xml(StrBuf *b, const char *s);
/* The same for HTML text and a quoted attribute value: nothing in it can
 * open a tag, end an attribute or start a character reference. */
void esc_html(StrBuf *b, const char *s);

/* Appends s as a JSON string for data inside an HTML <script> element:
 * esc_json's value, with < > & written \u003c \u003e \u0026 (U+2028 and
 * U+2029 are escaped by esc_json already), so the text can neither end the
 * element nor be read differently by a JavaScript parser. */
void esc_json_script(StrBuf *b, const char *s);

#endif
