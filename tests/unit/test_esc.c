/* test_esc.c: escaping what came from input (compiler/esc.h), table by
 * table: how UTF-8 is read, what text for people, JSON and XML turn each
 * kind of character into, and the two CI log commands. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "test.h"

static void utf8_is_read_strictly(void)
{
    static const struct {
        const char *s;
        uint32_t len, cp;
        EscClass cls;
    } cases[] = {
        {"a", 1, 'a', ESC_PLAIN},
        {"\x1b", 1, 0x1b, ESC_CONTROL},
        {"\x7f", 1, 0x7f, ESC_CONTROL},
        {"\xc2\x80", 2, 0x80, ESC_CONTROL},          /* C1 */
        {"\xc2\x9b", 2, 0x9b, ESC_CONTROL},          /* CSI */
        {"\xc2\xa0", 2, 0xa0, ESC_PLAIN},            /* a no-break space is text */
        {"\xc3\xbc", 2, 0xfc, ESC_PLAIN},            /* ü */
        {"\xd8\x9c", 2, 0x61c, ESC_FORMAT},          /* arabic letter mark */
        {"\xe2\x80\x8e", 3, 0x200e, ESC_FORMAT},     /* LRM */
        {"\xe2\x80\xa8", 3, 0x2028, ESC_FORMAT},     /* line separator */
        {"\xe2\x80\xa9", 3, 0x2029, ESC_FORMAT},
        {"\xe2\x80\xaa", 3, 0x202a, ESC_FORMAT},
        {"\xe2\x80\xae", 3, 0x202e, ESC_FORMAT},     /* RLO */
        {"\xe2\x80\xaf", 3, 0x202f, ESC_PLAIN},      /* narrow no-break space */
        {"\xe2\x81\xa6", 3, 0x2066, ESC_FORMAT},
        {"\xe2\x81\xa9", 3, 0x2069, ESC_FORMAT},
        {"\xe2\x81\xaa", 3, 0x206a, ESC_PLAIN},
        {"\xef\xbf\xbe", 3, 0xfffe, ESC_FORMAT},
        {"\xef\xbf\xbd", 3, 0xfffd, ESC_PLAIN},
        {"\xf0\x9f\x9a\xb2", 4, 0x1f6b2, ESC_PLAIN}, /* a bicycle */
        {"\xf4\x8f\xbf\xbf", 4, 0x10ffff, ESC_PLAIN},
        /* not UTF-8: one byte at a time */
        {"\xff", 1, 0xff, ESC_INVALID},
        {"\x80", 1, 0x80, ESC_INVALID},
        {"\xc0\x80", 1, 0xc0, ESC_INVALID},          /* overlong NUL */
        {"\xc1\xbf", 1, 0xc1, ESC_INVALID},
        {"\xe0\x9f\xbf", 1, 0xe0, ESC_INVALID},      /* overlong */
        {"\xed\xa0\x80", 1, 0xed, ESC_INVALID},      /* a surrogate */
        {"\xf0\x8f\xbf\xbf", 1, 0xf0, ESC_INVALID},  /* overlong */
        {"\xf4\x90\x80\x80", 1, 0xf4, ESC_INVALID},  /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 1, 0xf5, ESC_INVALID},
        {"\xe2\x80", 1, 0xe2, ESC_INVALID},          /* cut short */
        {"\xc3(", 1, 0xc3, ESC_INVALID},
    };
    for (size_t k = 0; k < TK_COUNTOF(cases); k++) {
        uint32_t cp = 0;
        EscClass cls = ESC_PLAIN;
        uint32_t len = esc_char(cases[k].s, strlen(cases[k].s), &cp, &cls);
        CU_ASSERT_EQUAL(len, cases[k].len);
        CU_ASSERT_EQUAL(cp, cases[k].cp);
        CU_ASSERT_EQUAL(cls, cases[k].cls);
        if (len != cases[k].len || cp != cases[k].cp || cls != cases[k].cls)
            fprintf(stderr, "\ncase %zu: len %u cp %x class %d\n", k, len, cp, cls);
    }
    CU_ASSERT_TRUE(esc_utf8_valid("Werk M\xc3\xbcnchen \xf0\x9f\x9a\xb2", 18));
    CU_ASSERT_FALSE(esc_utf8_valid("ok \xed\xa0\x80", 6));
    CU_ASSERT_EQUAL(esc_find("abc\ndef", 7), 3);
    CU_ASSERT_EQUAL(esc_find("ab\xc3\xbc\xe2\x80\xae", 7), 4);
    CU_ASSERT_EQUAL(esc_find("plain ::x ##[y]", 15), 15); /* the log rules are not characters */
}

static const struct {
    const char *in, *text, *json;
} escapes[] = {
    {"SO-1001", "SO-1001", "\"SO-1001\""},
    {"", "", "\"\""},
    {"Werk M\xc3\xbcnchen", "Werk M\xc3\xbcnchen", "\"Werk M\xc3\xbcnchen\""},
    {"a\nb\rc\td", "a\\nb\\rc\\td", "\"a\\nb\\rc\\td\""},
    {"\x1b[31mred", "\\x1b[31mred", "\"\\u001b[31mred\""},
    {"\x01\x7f\b\f", "\\x01\\x7f\\x08\\x0c", "\"\\u0001\\u007f\\b\\f\""},
    {"csi\xc2\x9b" "2J", "csi\\u{9b}2J", "\"csi\\u009b2J\""},
    {"abc\xe2\x80\xae" "fdp.exe", "abc\\u{202e}fdp.exe", "\"abc\\u202efdp.exe\""},
    {"l\xe2\x80\xa8s", "l\\u{2028}s", "\"l\\u2028s\""},
    {"x\xef\xbf\xbfy", "x\\u{ffff}y", "\"x\\uffffy\""},
    {"bad\xff\xc0\x80", "bad\\xff\\xc0\\x80", "\"bad\\ufffd\\ufffd\\ufffd\""},
    {"q\"b\\s", "q\"b\\s", "\"q\\\"b\\\\s\""},
    /* a line a CI log would run: "::" first, after blanks, and "##[" */
    {"::error file=x::y", "\\x3a:error file=x::y", "\"::error file=x::y\""},
    {"  ::warning::z", "  \\x3a:warning::z", "\"  ::warning::z\""},
    {"\xc2\xa0::notice::z", "\xc2\xa0\\x3a:notice::z", "\"\xc2\xa0::notice::z\""},
    {"\xe3\x80\x80::x", "\xe3\x80\x80\\x3a:x", "\"\xe3\x80\x80::x\""},
    {"a ::b", "a ::b", "\"a ::b\""},
    {":x", ":x", "\":x\""},
    {"##[error]x", "##\\x5berror]x", "\"##\\u005berror]x\""},
    {"a ###[b #[c ##d[", "a ###\\x5bb #[c ##d[", "\"a ###\\u005bb #[c ##d[\""},
    {"\n::error::x", "\\n::error::x", "\"\\n::error::x\""},
};

static void text_and_json_escapes(void)
{
    for (size_t k = 0; k < TK_COUNTOF(escapes); k++) {
        StrBuf t = {0}, j = {0};
        esc_text(&t, escapes[k].in);
        esc_json(&j, escapes[k].in);
        CU_ASSERT_STRING_EQUAL(sb_cstr(&t), escapes[k].text);
        CU_ASSERT_STRING_EQUAL(sb_cstr(&j), escapes[k].json);
        if (strcmp(sb_cstr(&t), escapes[k].text) || strcmp(sb_cstr(&j), escapes[k].json))
            fprintf(stderr, "\ncase %zu: text '%s' json '%s'\n", k, sb_cstr(&t), sb_cstr(&j));
        bool plain = strcmp(escapes[k].in, escapes[k].text) == 0;
        CU_ASSERT_EQUAL(esc_is_plain(escapes[k].in, strlen(escapes[k].in)), plain);
        char *d = esc_dup(escapes[k].in);
        CU_ASSERT_STRING_EQUAL(d, escapes[k].text);
        tk_free(d);
        const char *shown = esc_show(escapes[k].in);
        CU_ASSERT_STRING_EQUAL(shown, escapes[k].text);
        CU_ASSERT_EQUAL(shown == escapes[k].in, plain); /* a plain string is not copied */
        sb_free(&t);
        sb_free(&j);
    }
    /* esc_textn: bytes, NUL included */
    StrBuf t = {0};
    esc_textn(&t, "a\0b", 3);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&t), "a\\x00b");
    sb_free(&t);
}

static void show_keeps_the_last_eight(void)
{
    char in[12][8];
    const char *out[12];
    for (int k = 0; k < 12; k++) {
        snprintf(in[k], sizeof in[k], "%d\n", k);
        out[k] = esc_show(in[k]);
    }
    /* the last eight are still what they were */
    for (int k = 4; k < 12; k++) {
        char want[8];
        snprintf(want, sizeof want, "%d\\n", k);
        CU_ASSERT_STRING_EQUAL(out[k], want);
    }
    CU_ASSERT_STRING_EQUAL(esc_show(NULL), "");
}

static void xml_escapes(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"saw <1> & \"2\" 'x'", "saw &lt;1&gt; &amp; &quot;2&quot; &apos;x&apos;"},
        {"a\x1b[31m\xe2\x80\xae\xff", "a\\x1b[31m\\u{202e}\\xff"},
        {"::x ##[y", "\\x3a:x ##\\x5by"},
        {"M\xc3\xbcnchen", "M\xc3\xbcnchen"},
    };
    for (size_t k = 0; k < TK_COUNTOF(cases); k++) {
        StrBuf b = {0};
        esc_xml(&b, cases[k].in);
        CU_ASSERT_STRING_EQUAL(sb_cstr(&b), cases[k].out);
        sb_free(&b);
    }
}

/* HTML text and attributes as XML; JSON inside a <script> element with no
 * < > & left, so neither "</script>" nor "<!--" survives, next to other
 * escapes too, and what the buffer held before stays. */
static void html_and_script_escapes(void)
{
    StrBuf b = {0};
    esc_html(&b, "\"><img src=x onerror=alert(1)> & 'q'");
    CU_ASSERT_STRING_EQUAL(sb_cstr(&b), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &apos;q&apos;");
    sb_free(&b);
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "\"plain\""},
        {"</script><script>alert(1)</script>",
         "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""},
        {"<!--x", "\"\\u003c!--x\""},
        {"A & B", "\"A \\u0026 B\""},
        {"<", "\"\\u003c\""},
        {"\"<\\>\n", "\"\\\"\\u003c\\\\\\u003e\\n\""},
        {"\xe2\x80\xa8&", "\"\\u2028\\u0026\""},
    };
    for (size_t k = 0; k < TK_COUNTOF(cases); k++) {
        sb_puts(&b, "x");
        esc_json_script(&b, cases[k].in);
        CU_ASSERT_STRING_EQUAL(sb_cstr(&b) + 1, cases[k].out);
        CU_ASSERT_EQUAL(sb_cstr(&b)[0], 'x');
        b.len = 0;
    }
    sb_free(&b);
}

/* Whatever the bytes, text output holds no control, no format character,
 * nothing but UTF-8, and JSON output no raw control and only UTF-8. */
static void any_bytes_come_out_clean(void)
{
    srand(11);
    for (int n = 0; n < 20000; n++) {
        char s[24];
        size_t len = (size_t)(rand() % 23);
        for (size_t i = 0; i < len; i++) {
            static const unsigned char pick[] = {0, 1, '\n', '\r', 0x1b, 0x7f, 0x80, 0x9b, 0xc2, 0xe2, 0x80, 0xae,
                                                 0xa8, 0xed, 0xa0, 0xf4, 0x90, 0xff, ':', '#', '[', ' ', 'a', '"', '\\'};
            s[i] = (char)pick[rand() % (int)sizeof pick];
        }
        s[len] = 0;
        size_t n0 = strlen(s); /* up to a NUL */
        StrBuf t = {0}, j = {0};
        esc_textn(&t, s, n0);
        esc_jsonn(&j, s, n0);
        CU_ASSERT_TRUE(esc_utf8_valid(t.data ? t.data : "", t.len));
        CU_ASSERT_TRUE(esc_utf8_valid(j.data ? j.data : "", j.len));
        CU_ASSERT_EQUAL(esc_find(t.data ? t.data : "", t.len), t.len);
        CU_ASSERT_EQUAL(esc_find(j.data ? j.data : "", j.len), j.len);
        CU_ASSERT_PTR_NULL(memmem(t.data ? t.data : "", t.len, "##[", 3));
        CU_ASSERT_PTR_NULL(memmem(j.data ? j.data : "", j.len, "##[", 3));
        CU_ASSERT_TRUE(esc_is_plain(t.data ? t.data : "", t.len)); /* escaping twice changes nothing more */
        sb_free(&t);
        sb_free(&j);
    }
}

void suite_esc(void)
{
    CU_pSuite s = CU_add_suite("esc", NULL, NULL);
    ADD_TEST(s, utf8_is_read_strictly);
    ADD_TEST(s, text_and_json_escapes);
    ADD_TEST(s, show_keeps_the_last_eight);
    ADD_TEST(s, xml_escapes);
    ADD_TEST(s, html_and_script_escapes);
    ADD_TEST(s, any_bytes_come_out_clean);
}
