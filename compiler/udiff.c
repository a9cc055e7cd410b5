/* udiff.c: a unified diff of two texts, line by line (udiff.h).
 *
 * The lines are hashed once; the first and last lines the texts share are
 * set aside; Myers' greedy algorithm finds a shortest edit script of the
 * middle, keeping each round's furthest reaching paths (rounds d = 0..D
 * hold 2d + 1 of them, so D is bounded: UDIFF_MAX_EDITS); the script marks
 * the lines removed and added, and the hunks are read off those marks. */
#include "udiff.h"

#include <stdlib.h>
#include <string.h>

#include "esc.h"

typedef struct Lines {
    const char *text;
    size_t len;
    size_t *start;      /* n + 1 offsets: line i is text[start[i]..start[i+1]) */
    uint64_t *hash;
    uint32_t n;
} Lines;

static void lines_split(Lines *l, const char *text, size_t len)
{
    l->text = text;
    l->len = len;
    uint32_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n') n++;
    if (len && text[len - 1] != '\n') n++;
    l->n = n;
    l->start = tk_xalloc(((size_t)n + 1) * sizeof(size_t));
    l->hash = tk_xalloc(((size_t)n + 1) * sizeof(uint64_t));
    size_t p = 0;
    for (uint32_t i = 0; i < n; i++) {
        l->start[i] = p;
        uint64_t h = 1469598103934665603ull; /* FNV-1a */
        while (p < len) {
            h = (h ^ (unsigned char)text[p]) * 1099511628211ull;
            if (text[p++] == '\n') break;
        }
        l->hash[i] = h;
    }
    l->start[n] = len;
}

static void lines_free(Lines *l)
{
    tk_free(l->start);
    tk_free(l->hash);
}

static bool same_line(const Lines *a, uint32_t i, const Lines *b, uint32_t j)
{
    size_t la = a->start[i + 1] - a->start[i], lb = b->start[j + 1] - b->start[j];
    return a->hash[i] == b->hash[j] && la == lb && memcmp(a->text + a->start[i], b->text + b->start[j], la) == 0;
}

/* Marks in del[] and add[] the lines of a[a0..a1) and b[b0..b1) a shortest
 * edit script removes and adds; all of them if that script is longer than
 * UDIFF_MAX_EDITS. */
static void edit_script(const Lines *a, uint32_t a0, uint32_t a1, const Lines *b, uint32_t b0, uint32_t b1,
                        bool *del, bool *add)
{
    int64_t n = a1 - a0, m = b1 - b0;
    int64_t maxd = n + m < UDIFF_MAX_EDITS ? n + m : UDIFF_MAX_EDITS;
    /* round d keeps x of the diagonals k = -d, -d+2, ..., d: at trace[d*d + (k + d) / 2]... stored as
     * rows of 2d + 1 for simple indexing: row d starts at d * d */
    size_t cells = (size_t)(maxd + 1) * (size_t)(maxd + 1);
    int64_t *trace = tk_xalloc(cells * sizeof(int64_t));
    int64_t found = -1;
    for (int64_t d = 0; d <= maxd && found < 0; d++) {
        int64_t *row = trace + (size_t)(d * d), *prev = d ? trace + (size_t)((d - 1) * (d - 1)) : NULL;
        for (int64_t k = -d; k <= d; k += 2) {
            int64_t x;
            /* prev row is indexed k + (d - 1) */
            if (d == 0) x = 0;
            else if (k == -d || (k != d && prev[k - 1 + d - 1] < prev[k + 1 + d - 1])) x = prev[k + 1 + d - 1];
            else x = prev[k - 1 + d - 1] + 1;
            int64_t y = x - k;
            while (x < n && y < m && same_line(a, (uint32_t)(a0 + x), b, (uint32_t)(b0 + y))) {
                x++;
                y++;
            }
            row[k + d] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0) {
        for (int64_t i = 0; i < n; i++) del[a0 + i] = true;
        for (int64_t j = 0; j < m; j++) add[b0 + j] = true;
        tk_free(trace);
        return;
    }
    /* back from (n, m): each round's step is one line removed or added */
    int64_t x = n, y = m;
    for (int64_t d = found; d > 0; d--) {
        const int64_t *prev = trace + (size_t)((d - 1) * (d - 1));
        int64_t k = x - y;
        bool down = k == -d || (k != d && prev[k - 1 + d - 1] < prev[k + 1 + d - 1]);
        int64_t pk = down ? k + 1 : k - 1;
        int64_t px = prev[pk + d - 1], py = px - pk;
        if (down) add[b0 + py] = true; /* (px, py) -> (px, py + 1) */
        else del[a0 + px] = true;      /* (px, py) -> (px + 1, py) */
        x = px;
        y = py;
    }
    tk_free(trace);
}

/* A line's text after its one-character mark: tabs as they are, the rest
 * through esc_textn; the line feed kept, a missing one said. */
static void put_line(StrBuf *out, char mark, const Lines *l, uint32_t i)
{
    const char *s = l->text + l->start[i];
    size_t n = l->start[i + 1] - l->start[i];
    bool nl = n && s[n - 1] == '\n';
    if (nl) n--;
    sb_putc(out, mark);
    size_t p = 0;
    while (p < n) {
        const char *tab = memchr(s + p, '\t', n - p);
        size_t q = tab ? (size_t)(tab - s) : n;
        if (q > p) esc_textn(out, s + p, q - p);
        if (tab) sb_putc(out, '\t');
        p = tab ? q + 1 : n;
    }
    sb_putc(out, '\n');
    if (!nl) sb_puts(out, "\\ No newline at end of file\n");
}

static void range(StrBuf *out, char sign, uint32_t lo, uint32_t count)
{
    /* a range of no lines names the line before it */
    if (count == 1) sb_printf(out, " %c%u", sign, lo + 1);
    else sb_printf(out, " %c%u,%u", sign, count ? lo + 1 : lo, count);
}

uint32_t udiff(const char *a, size_t an, const char *b, size_t bn, const char *label_a, const char *label_b,
               StrBuf *out)
{
    if (an == bn && (an == 0 || memcmp(a, b, an) == 0)) return 0;
    Lines la, lb;
    lines_split(&la, a, an);
    lines_split(&lb, b, bn);
    uint32_t pre = 0;
    while (pre < la.n && pre < lb.n && same_line(&la, pre, &lb, pre)) pre++;
    uint32_t suf = 0;
    while (suf < la.n - pre && suf < lb.n - pre && same_line(&la, la.n - 1 - suf, &lb, lb.n - 1 - suf)) suf++;
    bool *del = tk_xalloc((size_t)la.n + 1), *add = tk_xalloc((size_t)lb.n + 1);
    memset(del, 0, (size_t)la.n + 1);
    memset(add, 0, (size_t)lb.n + 1);
    edit_script(&la, pre, la.n - suf, &lb, pre, lb.n - suf, del, add);

    sb_puts(out, "--- ");
    esc_text(out, label_a);
    sb_puts(out, "\n+++ ");
    esc_text(out, label_b);
    sb_putc(out, '\n');
    /* the changes, each a run of removed lines then added ones at (i, j);
     * a hunk gathers those less than 2 * UDIFF_CONTEXT same lines apart */
    uint32_t hunks = 0, i = 0, j = 0;
    while (i < la.n || j < lb.n) {
        while (i < la.n && j < lb.n && !del[i] && !add[j]) {
            i++;
            j++;
        }
        if (i >= la.n && j >= lb.n) break;
        /* a hunk from here: its start, context before it */
        uint32_t ctx = i < UDIFF_CONTEXT ? i : UDIFF_CONTEXT;
        uint32_t hi = i - ctx, hj = j - ctx;
        /* its end: the last change with fewer than 2 * context same lines after it */
        uint32_t ei = i, ej = j;
        for (;;) {
            while (ei < la.n && del[ei]) ei++;
            while (ej < lb.n && add[ej]) ej++;
            uint32_t same = 0, si = ei, sj = ej;
            while (si < la.n && sj < lb.n && !del[si] && !add[sj] && same <= 2 * UDIFF_CONTEXT) {
                si++;
                sj++;
                same++;
            }
            bool more = (si < la.n && del[si]) || (sj < lb.n && add[sj]);
            if (more && same <= 2 * UDIFF_CONTEXT) {
                ei = si;
                ej = sj;
                continue;
            }
            break;
        }
        uint32_t after = 0;
        while (ei + after < la.n && ej + after < lb.n && after < UDIFF_CONTEXT) after++;
        uint32_t end_i = ei + after, end_j = ej + after;
        sb_puts(out, "@@");
        range(out, '-', hi, end_i - hi);
        range(out, '+', hj, end_j - hj);
        sb_puts(out, " @@\n");
        uint32_t x = hi, y = hj;
        while (x < end_i || y < end_j) {
            if (x < end_i && del[x]) put_line(out, '-', &la, x++);
            else if (y < end_j && add[y]) put_line(out, '+', &lb, y++);
            else {
                put_line(out, ' ', &la, x++);
                y++;
            }
        }
        hunks++;
        i = end_i;
        j = end_j;
    }
    tk_free(del);
    tk_free(add);
    lines_free(&la);
    lines_free(&lb);
    return hunks;
}
