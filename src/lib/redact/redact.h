/*
 * Redaction stage: rules x document -> a redaction plan (plan.h).
 */
#ifndef LAK_REDACT_H
#define LAK_REDACT_H

#include <stdbool.h>

#include "lib/base/error.h"
#include "lib/ingest/normalise.h"
#include "lib/model/doc.h"
#include "lib/redact/plan.h"
#include "lib/redact/rules.h"

struct lak_redact_opts {
	/* Fail on pages flagged needs-ocr or unreliable-text (their text
	 * cannot be trusted to hold every secret). */
	bool fail_unreviewed;
	/* Skip the detector rules (for raw bytes, where hex and numbers
	 * would pass a BSN or IBAN check by chance). */
	bool no_detectors;
	/* Which document this is, for rules scoped to documents (`in 0003
	 * { ... }`): its inventory ID and its file name. A scoped rule
	 * applies when one of its patterns matches either; with neither
	 * given, scoped rules do not apply. */
	const char *doc_id;
	const char *doc_file;
};

/*
 * Run 'rs' over 'doc' and its 'view'. Fails with LAK_EUNSUPPORTED when
 * 'opts->fail_unreviewed' and a page needs review. On success *out is a
 * new plan (lak_plan_free() it).
 */
int lak_redact_plan(const struct lak_doc *doc, const struct lak_view *view,
    const struct lak_ruleset *rs, const struct lak_redact_opts *opts,
    struct lak_plan **out, struct lak_error *err);

/*
 * 'in' with every passage the rules redact replaced by its label, for the
 * short texts lakwerk publishes itself (an inventory's descriptions and
 * remarks). *out is a new string (free() it): 'in' itself when nothing
 * matched; *n gets the number of passages.
 */
int lak_redact_string(const struct lak_ruleset *rs,
    const struct lak_grounds *cat, const char *in, char **out, size_t *n,
    struct lak_error *err);

#endif
