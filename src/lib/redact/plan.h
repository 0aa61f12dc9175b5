/*
 * Redaction stage: the plan, what a document's redaction is (what goes,
 * where, on which grounds), its text, boxes, counts and CSV form.
 *
 * A plan is a list of spans. A text span is a range of view characters
 * (so it maps back to source characters, pages and boxes); an item span is
 * a byte range in a leak-channel item (annotation, form field, outline
 * entry, attachment name) or a metadata field; page and document spans
 * withhold a whole page or the whole document; an area span is a box on a
 * page that a reviewer drew. Every span carries its
 * grounds (catalogue indices, in catalogue order), the rules that asked
 * for it, and a decision a reviewer may change.
 */
#ifndef LAK_PLAN_H
#define LAK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/ingest/normalise.h"
#include "lib/model/doc.h"
#include "lib/model/grounds.h"

#define LAK_SPAN_MAX_GROUNDS 8

enum lak_span_kind {
	LAK_SPAN_TEXT,
	LAK_SPAN_ITEM,
	LAK_SPAN_META,
	LAK_SPAN_PAGE,
	LAK_SPAN_DOCUMENT,
	LAK_SPAN_AREA,		/* a box a reviewer drew (a signature, a
				 * photo, words): its pixels go, and every
				 * character whose middle is inside */
};

enum lak_decision {
	LAK_DECISION_REDACT,
	LAK_DECISION_KEEP,
};

struct lak_span {
	enum lak_span_kind kind;
	uint32_t page;		/* 1-based page of the first character, or
				 * the withheld page; 0 for none */
	size_t start, end;	/* TEXT: view chars; ITEM, META: bytes */
	size_t item;		/* ITEM: index into doc->items */
	const char *meta;	/* META: "title", "author", ... (static) */
	long grounds[LAK_SPAN_MAX_GROUNDS];
	size_t ngrounds;
	char *rules;		/* "file:line" of each rule, "; "-separated */
	enum lak_decision decision;
	struct lak_box area;	/* AREA: on 'page', points from the top
				 * left */
	/* TEXT: the characters under an AREA span: they leave the text
	 * and the text layer, the area's box is drawn (not written to a
	 * plan CSV, not counted: the area row stands for them) */
	bool under_area;
};

struct lak_plan {
	struct lak_span *spans;	/* text spans by start, then the others */
	size_t n, alloc;
};

void lak_plan_free(struct lak_plan *plan);

/* Append a span (the 'rules' string is copied); -1 when out of memory. */
int lak_plan_add(struct lak_plan *plan, const struct lak_span *span);

/*
 * The label printed for a span's grounds: 'fmt' ("[{code}]") with {code}
 * replaced by the codes, ", "-joined.
 */
void lak_label_format(const char *fmt, const struct lak_grounds *cat,
    const long *grounds, size_t n, char *buf, size_t size);

/*
 * The redacted text: the view with every redacted span replaced by its
 * label, withheld pages by one line naming their ground. Returns -1 with
 * LAK_EINVAL when the plan withholds the whole document (there is no
 * text to give).
 */
int lak_redact_text(const struct lak_plan *plan, const struct lak_view *view,
    const struct lak_grounds *cat, const char *label_fmt,
    struct lak_buf *out, struct lak_error *err);

/*
 * The text span 's' covers, *len bytes from the returned pointer: in the
 * view's text, an item's text or name, or a metadata field; NULL for page
 * and document spans and for a span that does not fit its text.
 */
const char *lak_span_text(const struct lak_span *s, const struct lak_doc *doc,
    const struct lak_view *v, size_t *len);

/* Whether the plan withholds the whole document. */
bool lak_plan_withholds_document(const struct lak_plan *plan);
/* The span that withholds page 'page' (1-based), or NULL. */
const struct lak_span *lak_plan_withheld_page(const struct lak_plan *plan,
    uint32_t page);

/*
 * The boxes of a text span, one per line it touches: calls box(ctx, page
 * (0-based), box) for each. Returns the number of boxes.
 */
size_t lak_span_boxes(const struct lak_span *span, const struct lak_doc *doc,
    const struct lak_view *view,
    void (*box)(void *ctx, uint32_t page, const struct lak_box *b),
    void *ctx);

/* Per ground: spans and characters redacted; and pages touched. */
struct lak_ground_count {
	long ground;
	size_t spans, chars;
};
struct lak_plan_stats {
	struct lak_ground_count *g;	/* in catalogue order */
	size_t ng;
	size_t spans, pages_touched;
	bool document_withheld;
};
int lak_plan_stats(const struct lak_plan *plan, const struct lak_doc *doc,
    struct lak_plan_stats *st, struct lak_error *err);
void lak_plan_stats_release(struct lak_plan_stats *st);

/*
 * The plan as CSV (header: id, document, sha256, kind, where, page, start,
 * end, boxes, grounds, rules, decision, context). The context shows 30
 * characters each side with every redacted part masked.
 */
int lak_plan_write_csv(const struct lak_plan *plan, const struct lak_doc *doc,
    const struct lak_view *view, const struct lak_grounds *cat,
    struct lak_buf *out, struct lak_error *err);

/*
 * Read a plan CSV written by lak_plan_write_csv() and perhaps edited: rows
 * must be for 'doc' (its sha256), grounds valid codes (in any spelling),
 * ranges inside the view, decision "redact" or "keep" (empty means
 * redact). Errors name "name:row N: column". Rows for other documents are
 * skipped, so one plan file may hold several documents.
 */
int lak_plan_read_csv(const char *data, size_t len, const char *name,
    const struct lak_doc *doc, const struct lak_view *view,
    const struct lak_grounds *cat, struct lak_plan **out,
    struct lak_error *err);

/*
 * The texts of the plan's spans with 'decision' (redacted or kept),
 * normalised, one string each (g_strfreev-style: free each, then the
 * array); *n gets the count. The words under an area are left out: they
 * are checked where they stood (lak_verify_opts.areas).
 */
int lak_plan_texts(const struct lak_plan *plan, const struct lak_doc *doc,
    const struct lak_view *view, enum lak_decision decision, char ***out,
    size_t *n, struct lak_error *err);
void lak_texts_free(char **texts, size_t n);

#endif
