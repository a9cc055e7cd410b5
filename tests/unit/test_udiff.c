/* test_udiff.c: the unified diff of takt fmt --diff. Exact hunks for the
 * cases whose form matters (context, hunks merged or apart, an empty side,
 * a missing last line feed, escapes), and for random texts: the diff,
 * applied to the old text as patch would, gives the new one, and is the
 * shortest while the texts differ in few lines. */
#include <stdlib.h>
#include <string.h>

#include "compiler/udiff.h"
#include "test.h"

static char *diff_of(const char *a, const char *b, uint32_t *hunks)
{
    StrBuf o = {0};
    uint32_t h = udiff(a, strlen(a), b, strlen(b), "a/f", "b/f", &o);
    if (hunks) *hunks = h;
    sb_putc(&o, 0);
    return o.data;
}

static void expect(const char *a, const char *b, const char *want, uint32_t want_hunks)
{
    uint32_t h;
    char *got = diff_of(a, b, &h);
    if (strcmp(got, want) != 0) fprintf(stderr, "\n--- got\n%s--- want\n%s", got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(h, want_hunks);
    tk_free(got);
}

static void same_texts(void)
{
    expect("", "", "", 0);
    expect("a\nb\n", "a\nb\n", "", 0);
}

static void one_change(void)
{
    expect("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
           "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", 1);
    /* at the first line: no context before it */
    expect("1\n2\n3\n4\n5\n", "one\n2\n3\n4\n5\n", "--- a/f\n+++ b/f\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n", 1);
    /* lines added: the removed range is empty, named by the line before */
    expect("1\n2\n", "1\nx\ny\n2\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,4 @@\n 1\n+x\n+y\n 2\n", 1);
    expect("", "x\ny\n", "--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n", 1);
    expect("x\n", "", "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-x\n", 1);
}

static void hunks_apart_and_merged(void)
{
    /* changes at lines 2 and 15: eleven same lines between, two hunks */
    const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n";
    const char *b = "1\nB\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\nO\n16\n";
    expect(a, b,
           "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n 1\n-2\n+B\n 3\n 4\n 5\n"
           "@@ -12,5 +12,5 @@\n 12\n 13\n 14\n-15\n+O\n 16\n",
           2);
    /* changes at lines 2 and 9: six same lines between, one hunk */
    const char *c = "1\nB\n3\n4\n5\n6\n7\n8\nI\n10\n11\n12\n13\n14\n15\n16\n";
    expect(a, c, "--- a/f\n+++ b/f\n@@ -1,12 +1,12 @@\n 1\n-2\n+B\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+I\n 10\n 11\n 12\n", 1);
}

static void last_line_feed(void)
{
    expect("a\nb", "a\nb\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n", 1);
    expect("a\nb\n", "a\nc", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n", 1);
}

static void escapes(void)
{
    /* a CRLF line end shown as \r, a terminal escape and a workflow command
     * made harmless, a tab kept */
    expect("a\r\n\x1b[31m\n::error::x\n", "a\n\x1b[31m\n::error::x\tt\n",
           "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\\r\n+a\n \\x1b[31m\n-\\x3a:error::x\n+\\x3a:error::x\tt\n", 1);
}

/* Applies a unified diff to text as patch does: for each hunk, the old
 * lines up to its start are kept, its ' ' and '-' lines must match, its
 * ' ' and '+' lines are written. Lines hold no escapes here. */
static char *apply(const char *text, const char *diff)
{
    StrBuf o = {0};
    const char *p = text, *d = strstr(diff, "@@");
    unsigned line = 1;
    while (d && *d) {
        unsigned lo = 0, cnt = 1;
        const char *minus = strchr(d, '-');
        lo = (unsigned)strtoul(minus + 1, NULL, 10);
        const char *comma = strchr(minus, ','), *space = strchr(minus, ' ');
        if (comma && comma < space) cnt = (unsigned)strtoul(comma + 1, NULL, 10);
        unsigned first = cnt ? lo : lo + 1;
        while (line < first) {
            const char *e = strchr(p, '\n');
            sb_putn(&o, p, (size_t)(e - p) + 1);
            p = e + 1;
            line++;
        }
        d = strchr(d, '\n') + 1;
        while (*d && *d != '@') {
            const char *e = strchr(d, '\n');
            size_t n = (size_t)(e - d);
            if (*d == ' ' || *d == '-') {
                CU_ASSERT(strncmp(p, d + 1, n - 1) == 0 && p[n - 1] == '\n');
                p += n;
                line++;
            }
            if (*d == ' ' || *d == '+') {
                sb_putn(&o, d + 1, n - 1);
                sb_putc(&o, '\n');
            }
            d = e + 1;
        }
    }
    sb_puts(&o, p);
    sb_putc(&o, 0);
    return o.data;
}

static unsigned changed_lines(const char *diff)
{
    unsigned n = 0;
    for (const char *l = strstr(diff, "\n@@"); l; l = strchr(l + 1, '\n'))
        if (l[1] == '-' || l[1] == '+') n++;
    return n;
}

/* the length of a shortest edit script: removed plus added lines, by the
 * longest common subsequence */
static unsigned shortest(char **a, unsigned n, char **b, unsigned m)
{
    unsigned *t = calloc((size_t)(n + 1) * (m + 1), sizeof(unsigned));
    for (unsigned i = n; i-- > 0;)
        for (unsigned j = m; j-- > 0;) {
            unsigned *c = &t[i * (m + 1) + j];
            if (strcmp(a[i], b[j]) == 0) *c = 1 + t[(i + 1) * (m + 1) + j + 1];
            else *c = t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1] ? t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1];
        }
    unsigned lcs = t[0];
    free(t);
    return n + m - 2 * lcs;
}

static void random_texts(void)
{
    static const char *const words[] = {"a", "b", "c", "d", "plant", "order"};
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        char *la[80], *lb[80];
        unsigned n = 0, m = 0;
        StrBuf a = {0}, b = {0};
        seed = seed * 1103515245u + 12345u;
        n = (seed >> 16) % 60;
        for (unsigned i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            la[i] = (char *)words[(seed >> 16) % 6];
            sb_printf(&a, "%s\n", la[i]);
        }
        /* b: a with some lines changed, removed and added */
        for (unsigned i = 0; i <= n && m < 80; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 10;
            if (r == 0 && m < 80) lb[m++] = (char *)words[(seed >> 20) % 6];
            if (i < n && r != 1 && m < 80) lb[m++] = r == 2 ? (char *)words[(seed >> 22) % 6] : la[i];
        }
        for (unsigned j = 0; j < m; j++) sb_printf(&b, "%s\n", lb[j]);
        sb_putc(&a, 0);
        sb_putc(&b, 0);
        char *d = diff_of(a.data ? a.data : "", b.data ? b.data : "", NULL);
        char *got = apply(a.data ? a.data : "", d);
        CU_ASSERT_STRING_EQUAL(got, b.data ? b.data : "");
        CU_ASSERT_EQUAL(changed_lines(d), shortest(la, n, lb, m));
        tk_free(got);
        tk_free(d);
        sb_free(&a);
        sb_free(&b);
    }
}

/* more differing lines than UDIFF_MAX_EDITS: one change, still correct */
static void beyond_the_bound(void)
{
    StrBuf a = {0}, b = {0};
    for (int i = 0; i < 3 * UDIFF_MAX_EDITS; i++) {
        sb_printf(&a, "line %d\n", i);
        sb_printf(&b, i % 2 ? "line %d\n" : "LINE %d\n", i);
    }
    sb_putc(&a, 0);
    sb_putc(&b, 0);
    uint32_t h;
    char *d = diff_of(a.data, b.data, &h);
    char *got = apply(a.data, d);
    CU_ASSERT_STRING_EQUAL(got, b.data);
    CU_ASSERT_EQUAL(h, 1);
    tk_free(got);
    tk_free(d);
    sb_free(&a);
    sb_free(&b);
}

void suite_udiff(void)
{
    CU_pSuite s = CU_add_suite("udiff", NULL, NULL);
    CU_add_test(s, "same texts", same_texts);
    CU_add_test(s, "one change", one_change);
    CU_add_test(s, "hunks apart and merged", hunks_apart_and_merged);
    CU_add_test(s, "last line feed", last_line_feed);
    CU_add_test(s, "escapes", escapes);
    CU_add_test(s, "random texts", random_texts);
    CU_add_test(s, "beyond the bound", beyond_the_bound);
}
