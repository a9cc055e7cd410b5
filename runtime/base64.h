/* base64.h: base64 (RFC 4648) of a few bytes, for the hashes of the page's
 * inline scripts in its Content-Security-Policy. */
#ifndef TAKT_BASE64_H
#define TAKT_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* out holds 4 * ((n + 2) / 3) + 1 bytes; returns its length */
size_t base64(const uint8_t *data, size_t n, char *out);

#endif
