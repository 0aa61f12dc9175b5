/*
 * Document stage: one document from its bytes to what a release needs of
 * it: ingest, plan (by rules or a reviewed plan), the redacted text, the
 * released PDF, and the PDF's self-verification. `lakwerk redact` runs it
 * per file, `lakwerk run` per document in a worker process.
 */
#ifndef LAK_PROCESS_H
#define LAK_PROCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/ingest/ingest.h"
#include "lib/model/grounds.h"
#include "lib/pdf/redact-pdf.h"
#include "lib/pdf/verify.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"
#include "lib/review/review.h"

struct lak_job {
	/* In. */
	const char *name;		/* for messages */
	const char *title;		/* the released PDF's title */
	const void *src;		/* the document's bytes (borrowed) */
	size_t srclen;
	struct lak_ingest_opts iopts;
	const struct lak_grounds *cat;
	/* The rules (the family's people are pushed onto them for the
	 * document and popped after), or: */
	struct lak_ruleset *rs;
	const char *plan_data;		/* a reviewed plan CSV */
	size_t plan_len;
	const char *plan_name;
	struct lak_redact_opts ropts;
	struct lak_pdf_opts popts;	/* cat, label_fmt, title, password
					 * are filled in from the above */
	bool no_text, no_pdf, no_verify;
	/* The document's part of the review report (see review.h): page
	 * images go to review_pages/review_id/, the data to 'review'. */
	const char *review_pages;
	const char *review_id;
	const char *review_name;	/* shown; default: name */
	double review_dpi;
	/* The people of the family the document belongs to (an
	 * attachment's parent e-mail's): personal data here too. */
	const char *const *family_people;
	size_t nfamily_people;

	/* Out. */
	struct lak_buf csv;		/* the plan */
	struct lak_buf txt;		/* redacted text (not when withheld) */
	struct lak_buf pdf;		/* released PDF (not when withheld) */
	struct lak_buf review;		/* review data, with review_pages */
	struct lak_plan_stats stats;
	size_t pages;
	size_t withheld_pages;
	char kind[32];			/* the document's kind ("kamerbrief",
					 * "nota", ... or "other") */
	char thread[24];		/* an e-mail's thread ("T" + 16 hex,
					 * see lak_meta) or "" */
	bool withheld;			/* the plan withholds the document */
	/* The document's family, to run its members with (NULL when it has
	 * none): its own documents (family->parts: an e-mail's attachments)
	 * and the family's people (family->people: those given and the
	 * document's own). */
	struct lak_doc *family;
	/* Self-verification's findings: when there are any, the job fails
	 * with LAK_EFORMAT and these say why. */
	struct lak_findings findings;
};

/*
 * Load once what every document needs (poppler's globals, the font
 * configuration): a process that forks workers calls this first, so each
 * worker starts warm instead of loading them again.
 */
void lak_job_warm_up(void);

/* Zero the outputs; the caller fills in the inputs afterwards. */
void lak_job_init(struct lak_job *j);

/* Run the job. On failure the outputs are partial and must not be
 * written anywhere. */
int lak_job_run(struct lak_job *j, struct lak_error *err);

void lak_job_release(struct lak_job *j);

#endif
