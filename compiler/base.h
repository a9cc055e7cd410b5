/* base.h: foundations shared by every stage — assertions, the arena, growable
 * vectors, interned symbols and source spans. Nothing here knows about Takt. */
#ifndef TAKT_BASE_H
#define TAKT_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TK_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))
#define TK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TK_MAX(a, b) ((a) > (b) ? (a) : (b))

#if defined(__GNUC__)
#define TK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TK_NORETURN __attribute__((noreturn))
#define TK_PREFETCH(p) __builtin_prefetch(p)
#else
#define TK_PRINTF(f, a)
#define TK_NORETURN
#define TK_PREFETCH(p) ((void)(p))
#endif

/* Bugs are not diagnostics: an invariant that fails aborts with its place. */
TK_NORETURN void tk_assert_fail(const char *expr, const char *file, int line);
#define TK_ASSERT(e) ((e) ? (void)0 : tk_assert_fail(#e, __FILE__, __LINE__))
#define TK_UNREACHABLE() tk_assert_fail("unreachable", __FILE__, __LINE__)

/* The one allocation choke point. Returns NULL only if the host allocator
 * fails; callers on the model path turn that into a diagnostic. */
void *tk_alloc(size_t size);
void *tk_realloc(void *p, size_t size);
void tk_free(void *p);
/* Abort-on-failure variants for small internal structures where a failed
 * allocation cannot be reported meaningfully. */
void *tk_xalloc(size_t size);
void *tk_xrealloc(void *p, size_t size);
/* A big buffer (a file's text, the checked actuals), freed with tk_big_free;
 * NULL if out of memory. */
void *tk_big_alloc(size_t size);
void *tk_big_xalloc(size_t size); /* never NULL: out of memory ends the process, as tk_xalloc */
void tk_big_free(void *p);
/* p's first `used` bytes in a new big buffer of size bytes, p given back;
 * NULL if out of memory, p kept (as realloc). */
void *tk_big_realloc(void *p, size_t used, size_t size);
void *tk_big_xrealloc(void *p, size_t used, size_t size); /* never NULL */
/* The last big buffer given back is kept for the next one; this gives it
 * back to the system (when no more are coming, so as not to hold it). */
void tk_big_trim(void);
char *tk_strdup(const char *s);
char *tk_strndup(const char *s, size_t n);
char *tk_fmt(const char *fmt, ...) TK_PRINTF(1, 2);
char *tk_vfmt(const char *fmt, va_list ap);

/* ---- Arena: bump allocation, freed all at once --------------------------- */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;
    size_t used_total;
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size);            /* zeroed, 16-aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_fmt(Arena *a, const char *fmt, ...) TK_PRINTF(2, 3);

/* ---- Growable arrays ------------------------------------------------------
 * TK_VEC(Name, T) declares { T *data; uint32_t len, cap; }. Storage is heap
 * (tk_xrealloc) so vectors may outlive or precede an arena; free with vec_free. */
#define TK_VEC(Name, T) typedef struct { T *data; uint32_t len, cap; } Name
#define TK_VEC_OF(T) struct { T *data; uint32_t len, cap; }
#ifdef TAKT_STRESS
#define TK_VEC_MIN_CAP 1
#else
#define TK_VEC_MIN_CAP 8
#endif
void *vec_grow_raw(void *data, uint32_t *cap, uint32_t need, size_t elem);
#define vec_push(v, x)                                                          \
    do {                                                                        \
        if ((v)->len == (v)->cap)                                               \
            (v)->data = vec_grow_raw((v)->data, &(v)->cap, (v)->len + 1,        \
                                     sizeof(*(v)->data));                       \
        (v)->data[(v)->len++] = (x);                                            \
    } while (0)
#define vec_reserve(v, n)                                                       \
    do {                                                                        \
        if ((v)->cap < (uint32_t)(n))                                           \
            (v)->data = vec_grow_raw((v)->data, &(v)->cap, (uint32_t)(n),       \
                                     sizeof(*(v)->data));                       \
    } while (0)
#define vec_free(v) (tk_free((v)->data), (v)->data = NULL, (v)->len = (v)->cap = 0)
#define vec_last(v) ((v)->data[(v)->len - 1])

TK_VEC(U32Vec, uint32_t);
TK_VEC(I32Vec, int32_t);
TK_VEC(I64Vec, int64_t);
TK_VEC(F64Vec, double);
TK_VEC(PtrVec, void *);

/* ---- String buffer ------------------------------------------------------- */
typedef struct StrBuf {
    char *data;
    size_t len, cap;
} StrBuf;
void sb_putc(StrBuf *b, char c);
void sb_puts(StrBuf *b, const char *s);
void sb_putn(StrBuf *b, const char *s, size_t n);
void sb_printf(StrBuf *b, const char *fmt, ...) TK_PRINTF(2, 3);
void sb_vprintf(StrBuf *b, const char *fmt, va_list ap);
const char *sb_cstr(const StrBuf *b); /* never NULL */
void sb_free(StrBuf *b);

/* ---- Interned strings ----------------------------------------------------
 * A Sym is a 32-bit index: compare with ==, print with sym_str(). 0 is "no
 * symbol". The table owns its copies. */
typedef uint32_t Sym;
#define SYM_NONE 0u

typedef struct Interner {
    char **strs;      /* index -> NUL-terminated string */
    uint32_t *lens;
    uint32_t count, cap;
    uint32_t *slots;  /* open addressing; 0 = empty, else sym */
    uint32_t nslots;
    Arena arena;
} Interner;

void intern_init(Interner *in);
void intern_free(Interner *in);
Sym intern(Interner *in, const char *s, size_t n);
Sym intern_cstr(Interner *in, const char *s);
Sym intern_find(const Interner *in, const char *s, size_t n); /* SYM_NONE if absent */
const char *sym_str(const Interner *in, Sym s);
uint32_t sym_len(const Interner *in, Sym s);

uint64_t tk_hash(const void *p, size_t n);

/* ---- Names to indexes ------------------------------------------------------
 * A hash of names (work orders, machines, materials ...): each name maps to
 * the smallest index added under it, -1 if none. */
typedef struct NameIndex {
    Interner names;
    int32_t *ix;       /* by symbol */
    uint32_t cap;
    int32_t empty;     /* the index of "", which has no symbol */
} NameIndex;

void nameindex_init(NameIndex *x);
void nameindex_add(NameIndex *x, const char *name, int32_t ix);
int32_t nameindex_find(const NameIndex *x, const char *name);
void nameindex_free(NameIndex *x);

/* ---- Spans --------------------------------------------------------------- */
typedef uint32_t FileId;
typedef struct Span {
    FileId file;
    uint32_t lo, hi; /* byte offsets, [lo, hi) */
} Span;
static inline Span span_join(Span a, Span b)
{
    Span s = a;
    if (b.file == a.file) {
        if (b.lo < s.lo) s.lo = b.lo;
        if (b.hi > s.hi) s.hi = b.hi;
    }
    return s;
}
static inline Span span_none(void)
{
    Span s = {0, 0, 0};
    return s;
}

/* ---- Small utilities ----------------------------------------------------- */
int tk_edit_distance(const char *a, const char *b, int limit);

/* Sorting integer keys: the bits a value needs; a stable LSD radix sort of
 * a[0..n) by the low `bits` bits of each, tmp holding n more. */
unsigned tk_bits_for(uint64_t v);
void tk_radix_sort_u64(uint64_t *a, uint64_t *tmp, uint32_t n, unsigned bits);

#endif
