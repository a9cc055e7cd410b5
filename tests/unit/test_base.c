/* test_base.c: arena, vectors, interner, string buffer, edit distance, dates. */
#include <string.h>

#include "compiler/ast.h"
#include "test.h"

static void arena_aligns_and_zeroes(void)
{
    Arena a;
    arena_init(&a);
    for (int i = 1; i < 200; i++) {
        unsigned char *p = arena_alloc(&a, (size_t)i * 37);
        CU_ASSERT_EQUAL((uintptr_t)p % 16, 0);
        for (int k = 0; k < i * 37; k++) CU_ASSERT_EQUAL_FATAL(p[k], 0);
        memset(p, 0xAB, (size_t)i * 37);
    }
    void *big = arena_alloc(&a, 1 << 20); /* larger than a block */
    CU_ASSERT_PTR_NOT_NULL(big);
    arena_free(&a);
}

static void vec_grows(void)
{
    U32Vec v = {0};
    for (uint32_t i = 0; i < 10000; i++) vec_push(&v, i * 3);
    CU_ASSERT_EQUAL(v.len, 10000);
    for (uint32_t i = 0; i < 10000; i++) CU_ASSERT_EQUAL_FATAL(v.data[i], i * 3);
    CU_ASSERT_EQUAL(vec_last(&v), 9999 * 3);
    vec_free(&v);
    CU_ASSERT_PTR_NULL(v.data);
}

static void interner_dedups(void)
{
    Interner in;
    intern_init(&in);
    Sym a = intern_cstr(&in, "welder");
    Sym b = intern(&in, "welder-x", 6);
    CU_ASSERT_EQUAL(a, b);
    CU_ASSERT_NOT_EQUAL(a, SYM_NONE);
    CU_ASSERT_STRING_EQUAL(sym_str(&in, a), "welder");
    CU_ASSERT_EQUAL(intern_find(&in, "saw", 3), SYM_NONE);
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "name%d", i);
        intern_cstr(&in, buf);
    }
    CU_ASSERT_EQUAL(intern_cstr(&in, "name4321"), intern_find(&in, "name4321", 8));
    CU_ASSERT_EQUAL(intern_cstr(&in, "welder"), a);
    /* the empty string is symbol 0; embedded NULs are kept */
    CU_ASSERT_EQUAL(intern(&in, "", 0), SYM_NONE);
    CU_ASSERT_STRING_EQUAL(sym_str(&in, SYM_NONE), "");
    Sym z = intern(&in, "a\0b", 3);
    CU_ASSERT_EQUAL(sym_len(&in, z), 3);
    intern_free(&in);
}

static void strbuf_formats(void)
{
    StrBuf b = {0};
    CU_ASSERT_STRING_EQUAL(sb_cstr(&b), "");
    for (int i = 0; i < 1000; i++) sb_printf(&b, "%d,", i);
    CU_ASSERT_EQUAL(strncmp(sb_cstr(&b), "0,1,2,", 6), 0);
    CU_ASSERT_EQUAL(b.data[b.len], 0);
    sb_free(&b);
}

static const struct {
    const char *a, *b;
    int d;
} distances[] = {
    {"welder", "welder", 0}, {"weldr", "welder", 1}, {"wedler", "welder", 1}, {"saw", "paw", 1},
    {"", "abc", 3},          {"paint", "pain", 1},   {"calender", "calendar", 1}, {"abc", "xyz", 3},
};

static void edit_distance_table(void)
{
    for (size_t i = 0; i < TK_COUNTOF(distances); i++)
        CU_ASSERT_EQUAL(tk_edit_distance(distances[i].a, distances[i].b, 5), distances[i].d);
    /* beyond the limit the answer is limit + 1 */
    CU_ASSERT_EQUAL(tk_edit_distance("abcdefgh", "zzzzzzzz", 2), 3);
}

static void dates_round_trip(void)
{
    CU_ASSERT_EQUAL(date_from_ymd(1970, 1, 1), 0);
    CU_ASSERT_EQUAL(date_from_ymd(2000, 3, 1), 11017);
    CU_ASSERT_EQUAL(date_weekday(date_from_ymd(2026, 12, 1)), 1); /* a Tuesday */
    CU_ASSERT_EQUAL(date_weekday(date_from_ymd(2000, 1, 1)), 5);  /* a Saturday */
    for (int32_t d = date_from_ymd(1999, 12, 25); d < date_from_ymd(2031, 1, 10); d += 13) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        CU_ASSERT_EQUAL_FATAL(date_from_ymd(y, m, dd), d);
        CU_ASSERT_TRUE(date_valid(y, m, dd));
    }
    CU_ASSERT_TRUE(date_valid(2028, 2, 29));
    CU_ASSERT_FALSE(date_valid(2026, 2, 29));
    CU_ASSERT_FALSE(date_valid(2100, 2, 29));
    CU_ASSERT_TRUE(date_valid(2000, 2, 29));
    CU_ASSERT_FALSE(date_valid(2026, 4, 31));
    CU_ASSERT_FALSE(date_valid(2026, 13, 1));
}

/* Names to indexes: the smallest index under a name, "" included, past the
 * first growth of the table. */
static void name_index_finds_first(void)
{
    NameIndex x;
    nameindex_init(&x);
    char name[32];
    for (int32_t i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "wo-%d", i % 150);
        nameindex_add(&x, name, i);
    }
    nameindex_add(&x, "", 7);
    nameindex_add(&x, "", 3);
    CU_ASSERT_EQUAL(nameindex_find(&x, "wo-0"), 0);
    CU_ASSERT_EQUAL(nameindex_find(&x, "wo-149"), 149);
    CU_ASSERT_EQUAL(nameindex_find(&x, "wo-150"), -1);
    CU_ASSERT_EQUAL(nameindex_find(&x, ""), 3);
    nameindex_add(&x, "late", 500);
    nameindex_add(&x, "late", 400);
    CU_ASSERT_EQUAL(nameindex_find(&x, "late"), 400);
    nameindex_free(&x);
}

void suite_base(void)
{
    CU_pSuite s = CU_add_suite("base", NULL, NULL);
    ADD_TEST(s, arena_aligns_and_zeroes);
    ADD_TEST(s, vec_grows);
    ADD_TEST(s, interner_dedups);
    ADD_TEST(s, strbuf_formats);
    ADD_TEST(s, edit_distance_table);
    ADD_TEST(s, dates_round_trip);
    ADD_TEST(s, name_index_finds_first);
}
