/*
 * A small PDF writer for released documents: pages that are one image
 * (grey or bilevel, Flate-compressed) with an invisible text layer (text
 * render mode 3) over it, a fresh Info dictionary and XMP packet, one
 * revision, and nothing else. Deterministic: the same pages and metadata
 * give the same bytes.
 *
 * Tagged (PDF 1.7 / ISO 32000-1 section 14.8, what PDF/UA builds on): a
 * structure tree Document > P/H1-H6 > (marked content, Span with /Alt
 * for a redaction's label), in the reading order given; the page image
 * and running headers are artifacts; /MarkInfo, /Lang and
 * /DisplayDocTitle in the catalog.
 *
 * Why our own writer: cairo cannot write render-mode-3 text, and saving
 * through poppler appends an incremental update to the old file. What a
 * release needs is small (images, text, one xref), and zlib is already a
 * dependency.
 */
#ifndef LAK_PDFWRITE_H
#define LAK_PDFWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"

/* A word of the invisible text layer: its box in points (top-left
 * origin, y down) and its UTF-8 text; the structure element it belongs
 * to (an index into the page's elems); for a redaction's label, what a
 * screen reader is to say for it ("[5.1.2e] weggelakt: ..."), which makes
 * it a Span of its own with that /Alt. */
struct lak_pdf_word {
	float x0, y0, x1, y1;
	const char *text;
	size_t elem;
	const char *alt;
};

/* A structure element of a page, in reading order: "P", "H1" ... "H6",
 * or NULL for an artifact (a running header or footer: marked, not in
 * the structure). */
struct lak_pdf_elem {
	const char *role;
};

struct lak_pdf_page {
	double width, height;		/* points */
	/* The page image: 'bits' 1 (bilevel, 1 = black... as PDF DeviceGray
	 * 1-bit: 0 black, 1 white) or 8 (grey); rows of 'stride' bytes. */
	const unsigned char *pixels;
	int pw, ph, bits;
	size_t stride;
	/* The words in reading order within each element; a page without
	 * elems has its words in one P. */
	const struct lak_pdf_word *words;
	size_t nwords;
	const struct lak_pdf_elem *elems;
	size_t nelems;
	bool photo;		/* 8 bits coded as JPEG (else Flate) */
};

struct lak_pdf_info {
	const char *title;		/* may be NULL */
	const char *producer;
	long long date;			/* seconds since the epoch, UTC */
	const char *lang;		/* BCP 47, NULL: "nl-NL" */
};

struct lak_pdfw;

struct lak_pdfw *lak_pdfw_new(struct lak_error *err);
void lak_pdfw_free(struct lak_pdfw *w);
/* Add a page; the pixels and words are copied (compressed) at once. */
int lak_pdfw_add_page(struct lak_pdfw *w, const struct lak_pdf_page *page,
    struct lak_error *err);
/*
 * Vector pages: pages that cairo wrote (a classic xref table, no object
 * streams: what the release makes by drawing source pages through
 * poppler onto one cairo PDF surface, which keeps only what is drawn).
 * lak_pdfw_src_open() reads such a file ('pdf' must outlive the handle;
 * 1 when it is not of that form); lak_pdfw_add_src_page() adds its page
 * k (from 0) with every object the page uses that no page added before
 * did (fonts are shared), with new numbers. A JPEG loses its APPn and COM
 * segments (EXIF, XMP, comments: a camera's or author's data) but for
 * JFIF's and Adobe's; the content's text objects are tagged as the
 * marked content of one P of the page, the rest as artifacts. 1 (nothing
 * added) when the page holds what the release does not copy (JPEG 2000,
 * JBIG2, metadata streams, an inline image): the caller writes a raster
 * page instead.
 */
struct lak_pdfw_src;

int lak_pdfw_src_open(const void *pdf, size_t len, struct lak_pdfw_src **out,
    struct lak_error *err);
int lak_pdfw_add_src_page(struct lak_pdfw *w, struct lak_pdfw_src *src,
    size_t k, struct lak_error *err);
void lak_pdfw_src_free(struct lak_pdfw_src *src);

/*
 * A tagged PDF that cairo wrote (cairo_tag_begin), finished for
 * accessibility: what lies outside any marked content (cairo 1.16 leaves
 * page numbers and pictures untagged) marked as artifacts, and the
 * catalog's /Lang 'lang' (BCP 47, "nl-NL") and /ViewerPreferences
 * /DisplayDocTitle, which cairo does not write; one revision, to 'out'.
 */
int lak_pdf_tagged_finish(const void *pdf, size_t len, const char *lang,
    struct lak_buf *out, struct lak_error *err);

/* Write the whole file to 'out'. */
int lak_pdfw_finish(struct lak_pdfw *w, const struct lak_pdf_info *info,
    struct lak_buf *out, struct lak_error *err);

#endif
