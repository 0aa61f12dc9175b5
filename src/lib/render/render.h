/*
 * Render stage: a source text (letter, answers, press lines) through a
 * template into a document. Templates are found as NAME.FORMAT.mustache
 * in the given directories, first match wins (so a user's --templates
 * directory overrides the built-in ones); partials the same way. Markdown
 * falls back to the text templates where it has none of its own.
 */
#ifndef LAK_RENDER_H
#define LAK_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/render/source.h"

struct lak_render_req {
	const char *name;	/* "kamerbrief", "antwoorden", ... */
	const char *format;	/* "txt", "html", "md"; laid out: "pdf",
				 * "odt", "docx" */
	const char *const *dirs;
	size_t ndirs;
	bool strict;		/* missing variables are errors */
	int kind;		/* enum lak_source_kind, or -1: by name */
	long long date;		/* PDF: the document dates */
	bool published;		/* woo-besluit: without the requester */
};

/*
 * The PDF of a parsed source (render-pdf.c): laid out with pango on A4 in
 * the manner of the Rijkshuisstijl. Only the built-in kinds.
 */
struct lak_value;
int lak_render_pdf(const struct lak_value *v, int kind, const char *title,
    long long date, struct lak_buf *out, struct lak_error *err);

/*
 * The same letter as an editable document (render-doc.c): 'format' "odt"
 * (OpenDocument) or "docx" (Office Open XML), with styles, lists,
 * footnotes, the letterhead as a table and page-number fields. Only the
 * built-in kinds.
 */
int lak_render_editable(const struct lak_value *v, int kind,
    const char *format, const char *title, long long date,
    struct lak_buf *out, struct lak_error *err);

/*
 * A table on landscape A4 pages (render-pdf.c): a title, a subtitle, and
 * 'nrows' rows of 'ncols' plain-text cells ('cells' row by row; NULL is
 * empty) under a header that is repeated on every page; column widths in
 * points (together at most 760). For the inventory list.
 */
int lak_render_table_pdf(const char *title, const char *subtitle,
    const char *const *head, const double *widths, size_t ncols,
    const char *const *cells, size_t nrows, long long date,
    struct lak_buf *out, struct lak_error *err);

/* The decision letter's data (a besluit source) as a letter value
 * (render-besluit.c). 'published': the version for the public release,
 * without the requester's name and address (the addressee block and the
 * name in the salutation are a redaction label, as published decisions
 * have them); else the letter addressed to the requester. */
struct lak_value *lak_besluit_letter(const struct lak_value *besluit,
    bool published, struct lak_error *err);

int lak_render(const struct lak_render_req *req, const char *src, size_t len,
    const char *src_name, struct lak_buf *out, struct lak_error *err);

#endif
