/*
 * Review stage: the report a reviewer decides on before a release. For each
 * document, the pages with proposed redactions as images of the original
 * page (and the pages flagged for manual review), the proposals with their
 * ground, rule and matched text, as data for a page of plain HTML, CSS and
 * script (templates/review/) that draws the boxes, takes the decisions and
 * exports them as a plan CSV that `lakwerk redact --plan` and `lakwerk run
 * --plan` apply.
 *
 * The report shows the matched text: it is for the reviewers, never part
 * of a release.
 *
 * Built in two steps so that a batch can do the documents in separate
 * processes: lak_review_doc() per document (its page images, and its part
 * of the report's data), then lak_review_index() for the page itself.
 */
#ifndef LAK_REVIEW_H
#define LAK_REVIEW_H

#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/ingest/normalise.h"
#include "lib/model/doc.h"
#include "lib/model/grounds.h"
#include "lib/redact/redact.h"

struct lak_review_doc {
	const char *id;		/* a safe file name: the images' folder */
	const char *name;	/* shown to the reviewer */
	const struct lak_doc *doc;
	const struct lak_view *view;
	const struct lak_plan *plan;
	const void *src;	/* the PDF's bytes; NULL for a text document */
	size_t srclen;
	const char *password;
	/* The plan as lak_plan_write_csv() wrote it, when the caller has
	 * it already (else it is written again here). */
	const char *csv;
	size_t csvlen;
};

struct lak_review_opts {
	double dpi;		/* of the page images; default 96 */
	const struct lak_grounds *cat;
};

/*
 * Write the page images of one document to PAGES_DIR/ID/pN.png and append
 * its part of the report's data (a JSON object; images referred to as
 * pages/ID/pN.png) to 'json'. Fails on a page that cannot be rendered or
 * written; nothing is appended then.
 */
int lak_review_doc(const struct lak_review_doc *rd,
    const struct lak_review_opts *o, const char *pages_dir,
    struct lak_buf *json, struct lak_error *err);

struct lak_review_page {
	const char *title;	/* shown on top, e.g. the dossier */
	const char *generator;	/* "lakwerk 0.5" */
	const char *assets;	/* folder with review.css and review.js */
	const char *docs;	/* the documents' parts, ','-separated */
	size_t docslen;
	const struct lak_grounds *cat;
	/* "woo" or "wob": the grounds a reviewer may choose (NULL: the
	 * regime of the proposals' grounds) */
	const char *regime;
	/* the command that applies the export, shown after it, e.g.
	 * "lakwerk run REQUEST --plan plan.reviewed.csv" */
	const char *apply;
};

/*
 * The report's page: HTML with the style, the script and the data inlined
 * (a Content-Security-Policy allows exactly those and images beside it:
 * no network), written to 'path' atomically.
 */
int lak_review_index(const struct lak_review_page *pg, const char *path,
    struct lak_error *err);

/*
 * Two reviewers' exports of the same plans compared: a difference per
 * passage (document, kind, where, page, range or box) the two decided
 * differently (redact or keep, or other grounds), or that one of them has
 * and the other not (a reviewer's own addition, a deleted row).
 */
struct lak_review_diff {
	char *document;		/* the document column */
	char *where;		/* "page 2, text 120-131", "page 1, area ..." */
	char *context;		/* the context column, or "" */
	char *a, *b;		/* "redact 5.1.2e; 5.2.1", "keep", "-" */
};

struct lak_review_diffs {
	struct lak_review_diff *d;
	size_t n, alloc;
	size_t rows_a, rows_b;	/* passages in each */
};

int lak_review_compare(const char *a, size_t alen, const char *aname,
    const char *b, size_t blen, const char *bname,
    struct lak_review_diffs *out, struct lak_error *err);
void lak_review_diffs_release(struct lak_review_diffs *d);

#endif
