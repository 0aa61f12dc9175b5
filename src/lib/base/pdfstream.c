/*
 * The streams of a PDF file's bytes, found by scanning.
 */
#include "lib/base/common.h"

#include <limits.h>
#include <zlib.h>

#include "lib/base/buf.h"
#include "lib/base/pdfstream.h"

static bool
has(const char *d, size_t len, const char *s)
{
	return memmem(d, len, s, strlen(s)) != NULL;
}

int
lak_pdf_inflate(const void *data, size_t len, struct lak_buf *out)
{
	z_stream z;
	char chunk[65536];
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)LAK_MIN(len, (size_t)UINT_MAX);
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		lak_buf_add(out, chunk, sizeof(chunk) - z.avail_out);
	} while (rc == Z_OK && !out->failed);
	inflateEnd(&z);
	if (out->failed == LAK_ENOMEM)
		return -1;
	return rc == Z_STREAM_END && !out->failed ? 0 : 1;
}

static int
visit_flate(struct lak_pdf_stream *s, const char *body, size_t blen,
    size_t max, lak_pdf_stream_fn fn, void *ctx)
{
	struct lak_buf u;
	int r, ret;

	lak_buf_init(&u, max);
	if ((r = lak_pdf_inflate(body, blen, &u)) < 0) {
		lak_buf_release(&u);
		return -1;
	}
	s->data = u.data ? u.data : "";
	s->len = u.len;
	s->damaged = r != 0;
	ret = fn(s, ctx);
	lak_buf_release(&u);
	return ret;
}

int
lak_pdf_streams(const char *d, size_t len, size_t max_inflated,
    lak_pdf_stream_fn fn, void *ctx)
{
	const char *p = d, *end = d + len;
	unsigned int n = 0;

	while (p < end && (p = memmem(p, (size_t)(end - p), "stream", 6)) !=
	    NULL) {
		struct lak_pdf_stream s;
		const char *body, *stop, *dict;
		int r;

		/* "endstream" is not a start */
		if (p >= d + 3 && memcmp(p - 3, "end", 3) == 0) {
			p += 6;
			continue;
		}
		body = p + 6;
		if (body < end && *body == '\r')
			body++;
		if (body < end && *body == '\n')
			body++;
		stop = memmem(body, (size_t)(end - body), "endstream", 9);
		if (stop == NULL)
			break;
		/* the dictionary before it, back to "obj" */
		dict = p;
		while (dict > d && (size_t)(p - dict) < 4096 &&
		    memcmp(dict, "obj", 3) != 0)
			dict--;
		memset(&s, 0, sizeof(s));
		s.index = ++n;
		s.dict = dict;
		s.dict_len = (size_t)(p - dict);
		s.image = has(dict, s.dict_len, "/Subtype /Image") ||
		    has(dict, s.dict_len, "/Subtype/Image");
		s.flate = has(dict, s.dict_len, "/FlateDecode");
		if (s.flate && !s.image) {
			r = visit_flate(&s, body, (size_t)(stop - body),
			    max_inflated, fn, ctx);
		} else {
			s.data = body;
			s.len = (size_t)(stop - body);
			r = fn(&s, ctx);
		}
		if (r != 0)
			return r;
		p = stop + 9;
	}
	return 0;
}
