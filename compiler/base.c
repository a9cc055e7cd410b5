/* base.c: allocation, arenas, vectors, string buffers and the interner. */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS */
#include "base.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

void tk_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "takt: internal error: assertion '%s' failed at %s:%d\n", expr, file, line);
    abort();
}

void *tk_alloc(size_t size) { return malloc(size ? size : 1); }
void *tk_realloc(void *p, size_t size) { return realloc(p, size ? size : 1); }
void tk_free(void *p) { free(p); }

static void oom(void)
{
    fputs("takt: out of memory\n", stderr);
    abort();
}

void *tk_xalloc(size_t size)
{
    void *p = tk_alloc(size);
    if (!p) oom();
    return p;
}

void *tk_xrealloc(void *p, size_t size)
{
    void *q = tk_realloc(p, size);
    if (!q) oom();
    return q;
}

char *tk_strndup(const char *s, size_t n)
{
    char *d = tk_xalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *tk_strdup(const char *s) { return tk_strndup(s, strlen(s)); }

char *tk_vfmt(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *s = tk_xalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *tk_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = tk_vfmt(fmt, ap);
    va_end(ap);
    return s;
}

/* ---- Arena ---------------------------------------------------------------
 * Blocks come zeroed (calloc, or fresh pages), so an allocation needs no
 * memset. An arena past ARENA_BIG_AFTER bytes (the AST and names of a large
 * model) takes 2 MB blocks of fresh pages straight from mmap, on a 2 MB
 * boundary, asked for as huge pages (map_big), and faulted in when mapped.
 * Measured (medians): reading the 100,000-operation plant 28.5 -> 26.5 ms
 * faulting in, -> 23.5 ms with huge pages; takt check of a million operations 0.545 ->
 * 0.48 s with huge pages, its whole plan the same (4.1 s). An earlier try of
 * huge pages without the faulting in was 20% slower on a million, the kernel
 * compacting memory as the pages were first touched. */
struct ArenaBlock {
    ArenaBlock *next;
    size_t size, used;
    size_t maplen; /* bytes mapped for the block; 0 if it came from calloc */
    _Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK ((size_t)65536)
#define ARENA_BIG ((size_t)2 << 20)
#define ARENA_BIG_AFTER ((size_t)8 << 20)

#if defined(__linux__) && !defined(TAKT_STRESS)
#ifdef MADV_POPULATE_WRITE
#define TK_MADV_POPULATE_WRITE MADV_POPULATE_WRITE
#else
#define TK_MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

/* len bytes (a multiple of 2 MB) of fresh, zero pages on a 2 MB boundary,
 * as huge pages where the kernel gives them on request: one fault and no
 * page table to fill for each 2 MB. NULL if mmap fails. */
static void *map_big(size_t len)
{
    size_t span = len + ARENA_BIG;
    unsigned char *m = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return NULL;
    uintptr_t at = ((uintptr_t)m + ARENA_BIG - 1) & ~(uintptr_t)(ARENA_BIG - 1);
    size_t head = at - (uintptr_t)m;
    if (head) munmap(m, head);
    if (span - head - len) munmap((unsigned char *)at + len, span - head - len);
#ifdef MADV_HUGEPAGE
    madvise((void *)at, len, MADV_HUGEPAGE);
#endif
    return (void *)at;
}

/* A block of fresh, zero pages on a 2 MB boundary; NULL if mmap fails. */
static ArenaBlock *big_block(size_t need)
{
    size_t len = (sizeof(ArenaBlock) + need + ARENA_BIG - 1) & ~(ARENA_BIG - 1);
    unsigned char *at = map_big(len);
    if (!at) return NULL;
    /* fault the pages in at once, not one trap per page as they are first
     * written (a kernel before 5.14 says EINVAL, and they fault as before) */
    madvise(at, len, TK_MADV_POPULATE_WRITE);
    ArenaBlock *b = (ArenaBlock *)at;
    b->size = len - sizeof(ArenaBlock);
    b->maplen = len;
    return b;
}
#endif

/* ---- Big buffers ---------------------------------------------------------
 * A file's text, the checked actuals: from a megabyte on, mapped in huge
 * pages (map_big), not 256 faults a megabyte as they are first written. A header before the
 * buffer keeps the length mapped, 0 if it came from malloc. */
typedef struct BigHead {
    size_t maplen;
    size_t pad;
} BigHead;

#define BIG_BUFFER_FROM ((size_t)1 << 20)

#if defined(__linux__) && !defined(TAKT_STRESS)
/* The last big buffer given back, kept for the next one it is large enough
 * for: its pages are already faulted in and zeroed once (the file's text,
 * read and parsed, becomes the checked actuals). One a thread. */
static _Thread_local BigHead *spare_big;
#endif

void *tk_big_alloc(size_t size)
{
    BigHead *h = NULL;
#if defined(__linux__) && !defined(TAKT_STRESS)
    if (size >= BIG_BUFFER_FROM) {
        size_t len = (sizeof(BigHead) + size + ARENA_BIG - 1) & ~(ARENA_BIG - 1);
        if (spare_big && spare_big->maplen >= len) {
            h = spare_big;
            spare_big = NULL;
        } else {
            h = map_big(len);
            if (h) h->maplen = len;
        }
    }
#endif
    if (!h) {
        h = tk_alloc(sizeof(BigHead) + size);
        if (!h) return NULL;
        h->maplen = 0;
    }
    return h + 1;
}

void *tk_big_realloc(void *p, size_t used, size_t size)
{
    void *q = tk_big_alloc(size);
    if (!q) return NULL;
    if (used) memcpy(q, p, used);
    tk_big_free(p);
    return q;
}

void *tk_big_xrealloc(void *p, size_t used, size_t size)
{
    void *q = tk_big_realloc(p, used, size);
    if (!q) oom();
    return q;
}

void tk_big_trim(void)
{
#if defined(__linux__) && !defined(TAKT_STRESS)
    if (spare_big) munmap(spare_big, spare_big->maplen);
    spare_big = NULL;
#endif
}

void *tk_big_xalloc(size_t size)
{
    void *p = tk_big_alloc(size);
    if (!p) oom();
    return p;
}

void tk_big_free(void *p)
{
    if (!p) return;
    BigHead *h = (BigHead *)p - 1;
#if defined(__linux__) && !defined(TAKT_STRESS)
    if (h->maplen) {
        if (spare_big && spare_big->maplen >= h->maplen) munmap(h, h->maplen);
        else {
            if (spare_big) munmap(spare_big, spare_big->maplen);
            spare_big = h;
        }
        return;
    }
#endif
    tk_free(h);
}

void arena_init(Arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *n = b->next;
#if defined(__linux__) && !defined(TAKT_STRESS)
        if (b->maplen) munmap(b, b->maplen);
        else
#endif
            tk_free(b);
        b = n;
    }
    a->head = NULL;
    a->used_total = 0;
}

void *arena_alloc(Arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0) size = 16;
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < size) {
        b = NULL;
#if defined(__linux__) && !defined(TAKT_STRESS)
        if (a->used_total >= ARENA_BIG_AFTER) b = big_block(size);
#endif
        if (!b) {
#ifdef TAKT_STRESS
            size_t bsize = size; /* a block an allocation: the sanitizers see every overrun */
#else
            size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;
#endif
            b = calloc(1, sizeof(ArenaBlock) + bsize);
            if (!b) oom();
            b->size = bsize;
            b->maplen = 0;
        }
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->used_total += size;
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_fmt(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = tk_vfmt(fmt, ap);
    va_end(ap);
    char *s = arena_strdup(a, tmp);
    tk_free(tmp);
    return s;
}

/* ---- Vectors ------------------------------------------------------------- */
void *vec_grow_raw(void *data, uint32_t *cap, uint32_t need, size_t elem)
{
    uint64_t c = *cap ? *cap : TK_VEC_MIN_CAP;
    while (c < need) c *= 2;
    if (c > UINT32_MAX) c = UINT32_MAX;
    *cap = (uint32_t)c;
    return tk_xrealloc(data, (size_t)c * elem);
}

/* ---- String buffer ------------------------------------------------------- */
static void sb_reserve(StrBuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t c = b->cap ? b->cap : 64;
    while (c < b->len + extra + 1) c *= 2;
    b->data = tk_xrealloc(b->data, c);
    b->cap = c;
}

void sb_putn(StrBuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void sb_putc(StrBuf *b, char c) { sb_putn(b, &c, 1); }
void sb_puts(StrBuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

void sb_vprintf(StrBuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) return;
    sb_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sb_printf(StrBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *sb_cstr(const StrBuf *b) { return b->data ? b->data : ""; }

void sb_free(StrBuf *b)
{
    tk_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- Interner ------------------------------------------------------------ */
uint64_t tk_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

void intern_init(Interner *in)
{
    memset(in, 0, sizeof *in);
    arena_init(&in->arena);
    in->cap = 64;
    in->strs = tk_xalloc(in->cap * sizeof(char *));
    in->lens = tk_xalloc(in->cap * sizeof(uint32_t));
    in->strs[0] = "";
    in->lens[0] = 0;
    in->count = 1;
    in->nslots = 128;
    in->slots = calloc(in->nslots, sizeof(uint32_t));
    if (!in->slots) oom();
}

void intern_free(Interner *in)
{
    tk_free(in->strs);
    tk_free(in->lens);
    tk_free(in->slots);
    arena_free(&in->arena);
    memset(in, 0, sizeof *in);
}

static uint32_t *intern_slot(const Interner *in, const char *s, size_t n)
{
    uint32_t mask = in->nslots - 1;
    uint32_t i = (uint32_t)tk_hash(s, n) & mask;
    for (;;) {
        uint32_t sym = in->slots[i];
        if (sym == 0) return &in->slots[i];
        if (in->lens[sym] == n && memcmp(in->strs[sym], s, n) == 0) return &in->slots[i];
        i = (i + 1) & mask;
    }
}

static void intern_rehash(Interner *in)
{
    uint32_t n = in->nslots * 2;
    tk_free(in->slots);
    in->slots = calloc(n, sizeof(uint32_t));
    if (!in->slots) oom();
    in->nslots = n;
    for (uint32_t sym = 1; sym < in->count; sym++) *intern_slot(in, in->strs[sym], in->lens[sym]) = sym;
}

Sym intern(Interner *in, const char *s, size_t n)
{
    if (n == 0) return SYM_NONE; /* the empty string is symbol 0 */
    uint32_t *slot = intern_slot(in, s, n);
    if (*slot) return *slot;
    if (in->count == in->cap) {
        in->cap *= 2;
        in->strs = tk_xrealloc(in->strs, in->cap * sizeof(char *));
        in->lens = tk_xrealloc(in->lens, in->cap * sizeof(uint32_t));
    }
    Sym sym = in->count++;
    in->strs[sym] = arena_strndup(&in->arena, s, n);
    in->lens[sym] = (uint32_t)n;
    *slot = sym;
    if (in->count * 2 > in->nslots) intern_rehash(in);
    return sym;
}

Sym intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }

Sym intern_find(const Interner *in, const char *s, size_t n)
{
    if (n == 0) return SYM_NONE;
    return *intern_slot(in, s, n);
}

const char *sym_str(const Interner *in, Sym s) { return s < in->count ? in->strs[s] : "?"; }
uint32_t sym_len(const Interner *in, Sym s) { return s < in->count ? in->lens[s] : 0; }

/* ---- Edit distance (optimal string alignment, with a cut-off) ----------- */
int tk_edit_distance(const char *a, const char *b, int limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return limit + 1;
    if ((int)(la > lb ? la - lb : lb - la) > limit) return limit + 1;
    int rows[3][65];
    int *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int rowmin = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int v = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (prev[j] + 1 < v) v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
            if (v < rowmin) rowmin = v;
        }
        if (rowmin > limit) return limit + 1;
        int *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* ---- Names to indexes ---------------------------------------------------- */
void nameindex_init(NameIndex *x)
{
    intern_init(&x->names);
    x->cap = 64;
    x->ix = tk_xalloc(x->cap * sizeof(int32_t));
    for (uint32_t k = 0; k < x->cap; k++) x->ix[k] = -1;
    x->empty = -1;
}

void nameindex_add(NameIndex *x, const char *name, int32_t ix)
{
    Sym y = intern(&x->names, name, strlen(name));
    if (y >= x->cap) {
        uint32_t old = x->cap;
        while (y >= x->cap) x->cap *= 2;
        x->ix = tk_xrealloc(x->ix, x->cap * sizeof(int32_t));
        for (uint32_t k = old; k < x->cap; k++) x->ix[k] = -1;
    }
    int32_t *at = y == SYM_NONE ? &x->empty : &x->ix[y];
    if (*at < 0 || ix < *at) *at = ix;
}

int32_t nameindex_find(const NameIndex *x, const char *name)
{
    if (!*name) return x->empty;
    Sym y = intern_find(&x->names, name, strlen(name));
    return y == SYM_NONE ? -1 : x->ix[y];
}

void nameindex_free(NameIndex *x)
{
    intern_free(&x->names);
    tk_free(x->ix);
}

/* ---- sorting ----------------------------------------------------------------- */
unsigned tk_bits_for(uint64_t v)
{
    unsigned b = 0;
    while (b < 64 && (v >> b)) b++;
    return b;
}

/* Sorts a[0..n) (tmp: n more) by the low `bits` bits, 11 bits a pass. */
void tk_radix_sort_u64(uint64_t *a, uint64_t *tmp, uint32_t n, unsigned bits)
{
    uint32_t *cnt = tk_xalloc(2048 * sizeof(uint32_t));
    uint64_t *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < bits; shift += 11) {
        memset(cnt, 0, 2048 * sizeof(uint32_t));
        for (uint32_t i = 0; i < n; i++) cnt[(src[i] >> shift) & 2047]++;
        uint32_t sum = 0;
        for (uint32_t d = 0; d < 2048; d++) {
            uint32_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (uint32_t i = 0; i < n; i++) dst[cnt[(src[i] >> shift) & 2047]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) memcpy(a, src, n * sizeof(uint64_t));
    tk_free(cnt);
}
