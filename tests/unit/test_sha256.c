/* test_sha256.c: SHA-256 against the FIPS 180-4 examples (the NIST
 * "Cryptographic Standards and Guidelines" example values for SHA-256) and
 * the long-message vectors, fed whole and in pieces of every size. */
#include <stdlib.h>
#include <string.h>

#include "compiler/sha256.h"
#include "test.h"

static void digest_of(const void *p, size_t n, size_t piece, char hex[65])
{
    Sha256 s;
    uint8_t d[32];
    sha256_init(&s);
    const uint8_t *b = p;
    if (!piece) piece = n ? n : 1;
    for (size_t i = 0; i < n; i += piece) sha256_update(&s, b + i, n - i < piece ? n - i : piece);
    sha256_final(&s, d);
    sha256_hex(d, hex);
}

static void fips_vectors(void)
{
    static const struct {
        const char *msg, *digest;
    } v[] = {
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char hex[65];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = strlen(v[i].msg);
        for (size_t piece = 0; piece <= n + 1; piece++) {
            digest_of(v[i].msg, n, piece, hex);
            CU_ASSERT_STRING_EQUAL(hex, v[i].digest);
        }
    }
}

static void a_million_as(void)
{
    size_t n = 1000000;
    char *a = malloc(n);
    memset(a, 'a', n);
    char hex[65];
    digest_of(a, n, 0, hex);
    CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    digest_of(a, n, 4093, hex);
    CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* the padding's edge cases: messages of 55, 56, 63, 64 and 119 bytes */
static void padding_edges(void)
{
    static const struct {
        size_t n;
        const char *digest;
    } v[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
    };
    char buf[128], hex[65];
    memset(buf, 'a', sizeof buf);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        digest_of(buf, v[i].n, 0, hex);
        CU_ASSERT_STRING_EQUAL(hex, v[i].digest);
        digest_of(buf, v[i].n, 1, hex);
        CU_ASSERT_STRING_EQUAL(hex, v[i].digest);
    }
}

void suite_sha256(void)
{
    CU_pSuite s = CU_add_suite("sha256", NULL, NULL);
    ADD_TEST(s, fips_vectors);
    ADD_TEST(s, a_million_as);
    ADD_TEST(s, padding_edges);
}
