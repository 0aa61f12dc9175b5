/* SHA-256 and HMAC-SHA256 of byte buffers, as lowercase hex. */
#ifndef LAK_DIGEST_H
#define LAK_DIGEST_H

#include <stddef.h>

#define LAK_SHA256_HEX_LEN 64

/* Write the hex SHA-256 of 'data' to 'hex' (LAK_SHA256_HEX_LEN + 1 bytes). */
void lak_sha256_hex(const void *data, size_t len,
    char hex[LAK_SHA256_HEX_LEN + 1]);

/* HMAC-SHA256 of 'data' under 'key' (for digests of secret material:
 * a bare hash of a short secret can be brute-forced). */
void lak_hmac_sha256_hex(const void *key, size_t keylen, const void *data,
    size_t len, char hex[LAK_SHA256_HEX_LEN + 1]);

#endif
