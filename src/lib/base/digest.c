/* SHA-256 through GLib's GChecksum (GLib comes with poppler-glib). */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/digest.h"

/* g_checksum_update() takes at most this much at once. */
#define CHUNK ((size_t)1 << 30)

void
lak_sha256_hex(const void *data, size_t len, char hex[LAK_SHA256_HEX_LEN + 1])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	const unsigned char *p = data;

	/* g_checksum_update takes a gssize: feed huge buffers in pieces. */
	while (len > 0) {
		size_t n = LAK_MIN(len, CHUNK);

		g_checksum_update(c, p, (gssize)n);
		p += n;
		len -= n;
	}
	memcpy(hex, g_checksum_get_string(c), LAK_SHA256_HEX_LEN);
	hex[LAK_SHA256_HEX_LEN] = '\0';
	g_checksum_free(c);
}

void
lak_hmac_sha256_hex(const void *key, size_t keylen, const void *data,
    size_t len, char hex[LAK_SHA256_HEX_LEN + 1])
{
	GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, key, keylen);
	const unsigned char *p = data;

	while (len > 0) {
		size_t n = LAK_MIN(len, CHUNK);

		g_hmac_update(h, p, (gssize)n);
		p += n;
		len -= n;
	}
	memcpy(hex, g_hmac_get_string(h), LAK_SHA256_HEX_LEN);
	hex[LAK_SHA256_HEX_LEN] = '\0';
	g_hmac_unref(h);
}
