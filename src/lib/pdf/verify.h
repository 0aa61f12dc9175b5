/*
 * Verification: checks that a released PDF leaks nothing, and finds fake
 * redactions in documents that arrive already blacked out.
 */
#ifndef LAK_VERIFY_H
#define LAK_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/base/error.h"
#include "lib/ingest/normalise.h"
#include "lib/model/doc.h"
#include "lib/model/grounds.h"
#include "lib/redact/plan.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"

struct lak_finding {
	uint32_t page;		/* 1-based, 0 for the whole file */
	char channel[32];	/* "text", "structure", "stream", "annotation" */
	char what[480];
};

struct lak_findings {
	struct lak_finding *f;
	size_t n, alloc;
};

struct lak_verify_opts {
	const struct lak_grounds *cat;
	const struct lak_ruleset *rs;	/* rules that must not match; NULL */
	/* the document, for rules scoped to documents (lak_redact_opts) */
	const char *doc_id;
	const char *doc_file;
	/* Strings that were redacted, and strings a reviewer kept (a rule
	 * match on kept text is no finding). */
	const char *const *secrets;
	size_t nsecrets;
	const char *const *kept;
	size_t nkept;
	const char *password;
	unsigned int expect_pages;	/* 0: any */
	/*
	 * The released pixels: by default the PDF's pages are accounted for
	 * ink as ingest does (ink no text explains is read by OCR, and the
	 * rules run on it). With 'pixels' (what lak_redact_pdf() read in its
	 * own raster where the source had unexplained ink), the rules and
	 * secrets run on those words instead and the pages are not rendered
	 * again (self-verification, whose rasters are the released pixels).
	 */
	const struct lak_doc *pixels;
	/* Read every line that holds a redaction label again by OCR, and
	 * run the rules and secrets on those words (about 50 ms a line). */
	bool read_redactions;
	/* Boxes a reviewer drew (area spans): no text of the released page
	 * may stand inside one but its label. (Their words are no strings
	 * in 'secrets': the same word elsewhere is no leak.) */
	const struct lak_verify_area *areas;
	size_t nareas;
};

struct lak_verify_area {
	uint32_t page;		/* 1-based */
	struct lak_box box;
};

/* The plan's redacted area spans as verify's areas (free() *out); -1
 * when out of memory. */
int lak_verify_plan_areas(const struct lak_plan *plan,
    struct lak_verify_area **out, size_t *n);

/*
 * Check the PDF in 'data': one revision; none of the objects a release
 * must not carry (annotations, forms, attachments, scripts, outline,
 * layers, page labels, structure, ActualText, thumbnails, encryption);
 * that it opens; and that no rule matches and no secret occurs in its
 * page text (all layers on), metadata, remaining items, or the raw bytes
 * of any stream, decompressed. Findings are appended to 'out'; returns 0
 * when the check ran (found or not), -1 on error (out of memory).
 */
int lak_verify_pdf(const void *data, size_t len,
    const struct lak_verify_opts *o, struct lak_findings *out,
    struct lak_error *err);

/*
 * Fake redactions in an incoming document: characters whose box renders
 * as one flat dark colour (text under a box, a black highlight, a black
 * image) and Redact annotations that were never applied. 'doc' must have
 * been read with the ink probe on.
 */
int lak_verify_incoming(const struct lak_doc *doc, struct lak_findings *out,
    struct lak_error *err);

/*
 * The rules and the secrets over the text of a file of a release that is
 * not a released document: a PDF lakwerk wrote (the decision letter, the
 * inventory list), the inventory CSV, metadata XML. Findings name 'name'.
 */
int lak_verify_text_file(const void *data, size_t len, const char *name,
    const struct lak_verify_opts *o, struct lak_findings *out,
    struct lak_error *err);

/* Put "NAME: " in front of findings 'from' to the last. */
void lak_findings_prefix(struct lak_findings *fs, size_t from,
    const char *name);

void lak_findings_release(struct lak_findings *fs);
/* Append a finding; -1 when out of memory. */
int lak_findings_add(struct lak_findings *fs, uint32_t page,
    const char *channel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * A whole release, its folder or its ZIP archive (verify-release.c): the
 * manifest validates against 'manifest_schema' and lists exactly the
 * files there are, with the right sizes and SHA-256; every metadata/ file
 * validates against 'diwoo_schema'; every released document passes
 * lak_verify_pdf() with 'pdf' and the manifest's page count; with a key,
 * the rule files match the manifest's HMACs. Findings
 * are appended; -1 only when the release cannot be read.
 */
struct lak_schema;
struct lak_release_check {
	const struct lak_schema *manifest_schema;
	const struct lak_schema *diwoo_schema;
	struct lak_verify_opts pdf;
	/* With the key of the manifest's rule digests (and pdf.rs): the
	 * rules given must be those the release was made with. */
	const char *key;
	size_t keylen;
	/* Where the built-in rule files are (the data folder's
	 * redaction-rules/): a release made with one of them (woo-default.rules,
	 * which lakwerk init copies into every request) checks against it
	 * when it is not among the rules given. NULL: none. */
	const char *builtin_rules;
	/* A reviewed plan's decisions per document (lak_release_plans_load):
	 * in documenten/ID.pdf its redacted texts must be gone, its kept
	 * texts are no findings of the rules, its areas are checked where
	 * they are. A document without one is checked with 'pdf' as given. */
	const struct lak_release_doc_plan *plans;
	size_t nplans;
};

struct lak_release_doc_plan {
	char *id;
	char **secrets, **kept;
	size_t nsecrets, nkept;
	struct lak_verify_area *areas;
	size_t nareas;
};

int lak_verify_release(const char *path, const struct lak_release_check *o,
    struct lak_findings *out, struct lak_error *err);

#endif
