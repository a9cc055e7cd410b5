/* sha256.h: SHA-256 (FIPS 180-4) and base64 (RFC 4648), for the hashes of
 * the page's inline scripts and style in its Content-Security-Policy. */
#ifndef TAKT_SHA256_H
#define TAKT_SHA256_H

#include <stddef.h>
#include <stdint.h>

void sha256(const void *data, size_t n, uint8_t out[32]);
/* out holds 4 * ((n + 2) / 3) + 1 bytes; returns its length */
size_t base64(const uint8_t *data, size_t n, char *out);

#endif
