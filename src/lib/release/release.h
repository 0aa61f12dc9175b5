/*
 * Release stage: a Woo request's release, assembled from its processed
 * documents.
 *
 *   OUTDIR/DOSSIER/documenten/ID.pdf      the released documents
 *   OUTDIR/DOSSIER/metadata/ID.xml        their DiWoo metadata, and the
 *                  metadata/besluit.xml, metadata/inventarislijst.xml
 *   OUTDIR/DOSSIER/besluit.pdf            the decision letter
 *   OUTDIR/DOSSIER/inventarislijst.{csv,pdf}
 *   OUTDIR/DOSSIER/manifest.xml           every file with size and SHA-256
 *   OUTDIR/DOSSIER.zip                    all of it, reproducibly
 *
 * The release is built in OUTDIR/.DOSSIER.tmp and its archive written
 * before either is put in place, so a failure at any point leaves the
 * earlier release (folder and archive) as it was.
 */
#ifndef LAK_RELEASE_H
#define LAK_RELEASE_H

#include <stddef.h>

#include "lib/base/error.h"
#include "lib/model/grounds.h"
#include "lib/pdf/verify.h"
#include "lib/redact/rules.h"
#include "lib/release/package.h"
#include "lib/release/request.h"

struct lak_release_opts {
	const struct lak_request *req;
	const struct lak_grounds *cat;
	const struct lak_ruleset *rs;	/* their digests go in the manifest */
	const char *key;		/* the digests' HMAC key (audit.key) */
	size_t keylen;
	/* Per inventory row, in its order: the document as the manifest and
	 * the inventory describe it (row, number, processed, pages, grounds;
	 * file and metadata are filled in here), and the path of its
	 * released PDF (NULL when it is not released). */
	struct lak_release_doc *docs;
	const char *const *pdfs;
	size_t ndocs;
	const char *outdir;
	const char *datadir;		/* schemas/ is found here */
	long long date;			/* of every file, in seconds */
};

int lak_release_write(const struct lak_release_opts *o,
    struct lak_error *err);

/* The date a release carries unless SOURCE_DATE_EPOCH says otherwise: noon
 * UTC of the decision date 'besluitdatum_iso' ("2026-08-14"). */
long long lak_release_date(const char *besluitdatum_iso);

/*
 * A reviewed plan ('plan', as the review report exports it or run --plan
 * takes it) read against each document of the request in 'dir' (the
 * files of its inventory, found by their SHA-256 in the plan): per
 * inventory ID the texts it redacts and keeps and its areas, for
 * lak_verify_release() (lak_release_check.plans). Attachments of an
 * e-mail are not among them: their plans are checked as the release's
 * other documents are.
 */
int lak_release_plans_load(const char *dir, const struct lak_grounds *cat,
    const char *plan, size_t planlen, const char *plan_name,
    const char *password, struct lak_release_doc_plan **out, size_t *n,
    struct lak_error *err);
void lak_release_plans_free(struct lak_release_doc_plan *p, size_t n);

#endif
