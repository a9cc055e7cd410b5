/* sha256.h: SHA-256 (FIPS 180-4), for the digest of a model that a plan
 * records (docs/plan-format.md, "made-by"). Incremental: init, any number
 * of updates, final. */
#ifndef TAKT_SHA256_H
#define TAKT_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct Sha256 {
    uint32_t h[8];
    uint64_t bytes;        /* message length so far */
    uint8_t buf[64];
    uint32_t nbuf;
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t n);
void sha256_final(Sha256 *s, uint8_t out[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const uint8_t digest[32], char out[65]);
/* The digest of one buffer (init, update, final). */
void sha256(const void *data, size_t n, uint8_t out[32]);

#endif
