/*
 * The structured form of documents and their views, as XML: what
 * `lakwerk extract --format xml` prints. The format is described in
 * lakwerk(1), section "XML FORMAT". Written with libxml2's text writer, so
 * the output is always well-formed; characters XML cannot carry (controls
 * from a PDF's metadata) become U+FFFD.
 *
 * A writer appends to a caller's struct lak_buf as it goes; the caller may
 * drain the buffer between documents.
 */
#ifndef LAK_DOCXML_H
#define LAK_DOCXML_H

#include <stddef.h>
#include <stdint.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/ingest/normalise.h"
#include "lib/model/doc.h"

enum lak_docxml_flag {
	LAK_DOCXML_BOXES = 1u << 0,	/* every character with its box */
};

struct lak_docxml;

/* Start <lakwerk-extract version="1">; NULL with 'err' set on failure. */
struct lak_docxml *lak_docxml_new(struct lak_buf *out, unsigned int flags,
    struct lak_error *err);
/* One <document> for 'doc' and its 'view'. */
int lak_docxml_document(struct lak_docxml *w, const struct lak_doc *doc,
    const struct lak_view *view, struct lak_error *err);
/* One <error source="..."> for a file that could not be read. */
int lak_docxml_failure(struct lak_docxml *w, const char *source,
    const char *reason, struct lak_error *err);
/* Close the root element and flush everything to the buffer. */
int lak_docxml_finish(struct lak_docxml *w, struct lak_error *err);
void lak_docxml_free(struct lak_docxml *w);

#endif
