/*
 * Redaction stage, PDF output: the released PDF of a document and its
 * plan. Every page is rebuilt from pixels (rendered by poppler and cairo
 * without annotations, form widgets or hidden layers), redacted spans are
 * filled black with their ground printed in white, and the words that were
 * not redacted go back as an invisible text layer, so the release stays
 * searchable. Nothing else of the source carries over (see pdfwrite.h).
 *
 * Why every page, not only those with redactions: a vector re-render
 * keeps white-on-white text and text under drawn boxes, which a release
 * must not carry; measured, a rasterised text page at 200 dpi bilevel is
 * about 30-60 KB.
 */
#ifndef LAK_REDACT_PDF_H
#define LAK_REDACT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/ingest/normalise.h"
#include "lib/model/doc.h"
#include "lib/model/grounds.h"
#include "lib/redact/redact.h"

struct lak_pdf_opts {
	double dpi;		/* default 200 */
	bool grey;		/* 8-bit grey instead of bilevel */
	double margin;		/* points added around each box (default 1) */
	double min_width;	/* boxes narrower are widened (default 0) */
	const char *label_fmt;	/* "[{code}]" */
	const struct lak_grounds *cat;
	const char *title;	/* the release's title for Info and XMP */
	const char *producer;
	long long date;		/* Info and XMP dates (SOURCE_DATE_EPOCH) */
	const char *password;	/* of an encrypted source */
	/* A page larger than this many pixels at 'dpi' is refused (a huge
	 * MediaBox would take gigabytes to render). */
	double max_pixels;	/* default 200e6 */
	/* When not NULL (an empty document of the caller's): a page for
	 * each released page, with the words OCR reads in the released
	 * pixels wherever the source had ink that no character explains
	 * (lak_page.ink), for verification to check. */
	struct lak_doc *pixels;
	/* Every page as pixels, also those a vector page could be (see
	 * lak_redact_pdf). */
	bool raster_all;
	/* Out: how many pages went out as vector pages. */
	size_t *nvector;
};

#define LAK_PDF_OPTS_INIT { \
	.dpi = 200.0, .margin = 1.0, .label_fmt = "[{code}]", \
	.producer = "lakwerk", .max_pixels = 200e6 }

/*
 * Write the released PDF of 'doc' (read from 'src', its bytes; NULL for a
 * text document, which is typeset from its characters) under 'plan' to
 * 'out'. Fails with LAK_EINVAL when the plan withholds the document.
 *
 * A page is released as pixels (a bilevel or grey image with an
 * invisible, tagged text layer) unless nothing on it is redacted or in
 * doubt: then, unless raster_all, it is drawn by poppler onto a cairo PDF
 * surface -- which writes only what is drawn: no comments, no unused
 * resources, no hidden or off-page content, no metadata -- and copied in
 * as vectors (lak_pdfw_add_pdf_page). "In doubt": the ink accounting did
 * not run on it or found ink no character explains, a character is
 * hidden (also in a layer switched off), unreliable or read by OCR, the
 * text disagrees with the glyphs, the file's layers cannot all be shown,
 * or an annotation (but a link) or form field is on it.
 */
int lak_redact_pdf(const struct lak_doc *doc, const void *src, size_t srclen,
    const struct lak_view *view, const struct lak_plan *plan,
    const struct lak_pdf_opts *opts, struct lak_buf *out,
    struct lak_error *err);

#endif
