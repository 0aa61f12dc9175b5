/*
 * SHA-256 and HMAC-SHA256 through OpenSSL's libcrypto, which uses the
 * CPU's SHA instructions where there are some (2.0 GB/s here against
 * GLib's GChecksum at a fraction of that): every run hashes each document
 * for its key, the package step each reused result's files, and the
 * release each file for the manifest.
 */
#include "lib/base/common.h"

#include <limits.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "lib/base/digest.h"

static void
to_hex(const unsigned char *md, char hex[LAK_SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < LAK_SHA256_HEX_LEN / 2; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[LAK_SHA256_HEX_LEN] = '\0';
}

/* The digest of 'data', keyed when 'key' is not NULL. Both calls only
 * fail when out of memory, which then reads as a digest of zeros: never
 * a match for a real one. */
static void
digest(const void *key, size_t keylen, const void *data, size_t len,
    char hex[LAK_SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE] = { 0 };
	unsigned int mdlen = 0;
	static const unsigned char empty[1];

	if (data == NULL)
		data = empty;
	if (key != NULL) {
		if (keylen > INT_MAX ||
		    HMAC(EVP_sha256(), key, (int)keylen, data, len, md,
		    &mdlen) == NULL)
			memset(md, 0, sizeof(md));
	} else if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(),
	    NULL) != 1)
		memset(md, 0, sizeof(md));
	to_hex(md, hex);
}

void
lak_sha256_hex(const void *data, size_t len, char hex[LAK_SHA256_HEX_LEN + 1])
{
	digest(NULL, 0, data, len, hex);
}

void
lak_hmac_sha256_hex(const void *key, size_t keylen, const void *data,
    size_t len, char hex[LAK_SHA256_HEX_LEN + 1])
{
	digest(key, keylen, data, len, hex);
}
