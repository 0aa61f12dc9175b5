/*
 * Internal to the normalisation stage (normalise*.c): the builder that the
 * layout, text and structure passes share.
 */
#ifndef LAK_NORMALISE_INT_H
#define LAK_NORMALISE_INT_H

#include "lib/base/buf.h"
#include "lib/ingest/normalise.h"

struct lak_norm {
	const struct lak_doc *doc;
	struct lak_view *v;
	unsigned int flags;
	struct lak_error *err;
	bool *font_bold;	/* per doc font */
	float body_size;	/* most common font size */
	size_t lines_alloc, paras_alloc;
};

/* Group characters into lines and find running headers and footers. */
int lak_norm_lines(struct lak_norm *n);
/* Group lines into paragraphs, find headings and kept line breaks. */
int lak_norm_paras(struct lak_norm *n);
/* After the text is built: letter fields and the document's kind. */
int lak_norm_structure(struct lak_norm *n);

/* Whether a source character is blank for layout purposes. */
bool lak_norm_blank(uint32_t cp);


#endif
