/*
 * The streams of a PDF file's bytes, found by scanning for "stream" and
 * "endstream" rather than through the cross-reference table, so that a
 * stream no object reaches is visited too. Flate streams are inflated.
 * Used where the file's own bytes must be looked at apart from what a
 * PDF library chooses to read: names a release must not carry, secrets in
 * any stream, a marked-content /ActualText inside compressed content.
 */
#ifndef LAK_PDFSTREAM_H
#define LAK_PDFSTREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"

/* How far a stream of a PDF lakwerk reads may inflate. */
#define LAK_PDF_MAX_INFLATED ((size_t)256 << 20)

struct lak_pdf_stream {
	unsigned int index;	/* 1-based, in file order */
	const char *dict;	/* from "obj" to "stream" (at most 4 KiB) */
	size_t dict_len;
	const char *data;	/* the bytes: inflated when Flate */
	size_t len;
	bool image;		/* /Subtype /Image */
	bool flate;
	bool damaged;		/* Flate that does not inflate cleanly, or
				 * inflates past the cap ('data' holds what
				 * came out) */
};

/* Called for each stream; a nonzero return stops the walk and is
 * returned by lak_pdf_streams(). */
typedef int (*lak_pdf_stream_fn)(const struct lak_pdf_stream *s, void *ctx);

/*
 * Visit every stream of the 'len' bytes at 'd'. Image streams are visited
 * with their raw bytes (never inflated: pixels are no text). A stream
 * inflates to at most 'max_inflated' bytes. Returns 0, fn's nonzero
 * value, or -1 when out of memory.
 */
int lak_pdf_streams(const char *d, size_t len, size_t max_inflated,
    lak_pdf_stream_fn fn, void *ctx);

/*
 * Inflate 'len' zlib bytes onto 'out' (a buffer with a cap: lak_buf_init
 * (out, cap)). 0 when the stream ends cleanly; 1 when it is damaged or
 * passes the cap ('out' holds what came out); -1 when out of memory.
 */
int lak_pdf_inflate(const void *data, size_t len, struct lak_buf *out);

#endif
