/* json_check.c: exits 0 if standard input is one valid JSON text (RFC 8259)
 * in valid UTF-8, else prints where it is not and exits 1. For the tests
 * of takt's JSON outputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char *s;
static size_t n, i;
static int depth;

static int fail(const char *what)
{
    fprintf(stderr, "json_check: %s at byte %zu\n", what, i);
    exit(1);
}

static void ws(void)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
}

static void utf8(void)
{
    unsigned c = s[i];
    size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    if (!need) fail("invalid UTF-8");
    unsigned long cp = c & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
    for (size_t k = 1; k <= need; k++) {
        if (i + k >= n || (s[i + k] & 0xC0) != 0x80) fail("invalid UTF-8");
        cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        fail("invalid UTF-8");
    i += need + 1;
}

static void string(void)
{
    i++;
    for (;;) {
        if (i >= n) fail("unterminated string");
        unsigned char c = s[i];
        if (c == '"') {
            i++;
            return;
        }
        if (c < 0x20) fail("control character in a string");
        if (c == '\\') {
            i++;
            if (i >= n) fail("unterminated escape");
            if (strchr("\"\\/bfnrt", s[i])) i++;
            else if (s[i] == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (i + k >= n || !strchr("0123456789abcdefABCDEF", s[i + k])) fail("bad \\u escape");
                i += 5;
            } else fail("bad escape");
        } else if (c < 0x80) i++;
        else utf8();
    }
}

static void value(void);

static void number(void)
{
    if (s[i] == '-') i++;
    if (i < n && s[i] == '0') i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9') while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    else fail("bad number");
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || s[i] < '0' || s[i] > '9') fail("bad number");
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || s[i] < '0' || s[i] > '9') fail("bad number");
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
}

static void value(void)
{
    ws();
    if (i >= n) fail("value expected");
    if (++depth > 1000) fail("nested too deeply");
    unsigned char c = s[i];
    if (c == '{' || c == '[') {
        unsigned char close = c == '{' ? '}' : ']';
        i++;
        ws();
        if (i < n && s[i] == close) i++;
        else
            for (;;) {
                if (c == '{') {
                    ws();
                    if (i >= n || s[i] != '"') fail("key expected");
                    string();
                    ws();
                    if (i >= n || s[i] != ':') fail("':' expected");
                    i++;
                }
                value();
                ws();
                if (i < n && s[i] == ',') {
                    i++;
                    continue;
                }
                if (i < n && s[i] == close) {
                    i++;
                    break;
                }
                fail("',' or a closing bracket expected");
            }
    } else if (c == '"') string();
    else if (c == '-' || (c >= '0' && c <= '9')) number();
    else if (n - i >= 4 && memcmp(s + i, "true", 4) == 0) i += 4;
    else if (n - i >= 5 && memcmp(s + i, "false", 5) == 0) i += 5;
    else if (n - i >= 4 && memcmp(s + i, "null", 4) == 0) i += 4;
    else fail("value expected");
    depth--;
}

int main(void)
{
    size_t cap = 1 << 16;
    unsigned char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n, stdin)) > 0) {
        n += r;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    if (!b) return 2;
    s = b;
    value();
    ws();
    if (i != n) fail("text after the value");
    free(b);
    return 0;
}
