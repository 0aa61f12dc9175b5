/*
 * Document stage (see process.h).
 */
#include "lib/base/common.h"

#include <string.h>

#include "lib/ingest/normalise.h"
#include "lib/run/process.h"

/* The ground of the family's people: the privacy of natural persons. */
#define LAK_FAMILY_GROUND "5.1.2e"

/* A one-page PDF with a line of text in a font that is not embedded. */
static const char warm_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]"
    "/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>endobj\n"
    "4 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "5 0 obj<</Length 38>>stream\n"
    "BT /F1 12 Tf 10 50 Td (Warm up) Tj ET\n"
    "endstream endobj\n"
    "trailer<</Root 1 0 R>>\n"
    "%%EOF\n";

void
lak_job_warm_up(void)
{
	struct lak_ingest_opts o = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;

	/* What it loads stays loaded: poppler's globals, the font
	 * configuration, cairo's caches. Failure only means no head start. */
	if (lak_ingest_bytes("warm-up.pdf", warm_pdf, sizeof(warm_pdf) - 1, &o,
	    &doc, &err) == 0)
		lak_doc_free(doc);
}

void
lak_job_init(struct lak_job *j)
{
	static const struct lak_pdf_opts popts = LAK_PDF_OPTS_INIT;
	static const struct lak_ingest_opts iopts = LAK_INGEST_OPTS_INIT;

	memset(j, 0, sizeof(*j));
	j->iopts = iopts;
	j->popts = popts;
	j->ropts.fail_unreviewed = true;
	lak_buf_init(&j->csv, 0);
	lak_buf_init(&j->txt, 0);
	lak_buf_init(&j->pdf, 0);
	lak_buf_init(&j->review, 0);
}

void
lak_job_release(struct lak_job *j)
{
	lak_buf_release(&j->csv);
	lak_buf_release(&j->txt);
	lak_buf_release(&j->pdf);
	lak_buf_release(&j->review);
	lak_plan_stats_release(&j->stats);
	lak_findings_release(&j->findings);
	lak_doc_free(j->family);
	j->family = NULL;
}

/* Check our own output against the plan (and the rules, unless a reviewer
 * may have kept what they match). */
static int
self_verify(struct lak_job *j, const struct lak_doc *doc,
    const struct lak_view *v, const struct lak_plan *plan,
    const struct lak_doc *pixels, struct lak_error *err)
{
	/* No password: the release is never encrypted. */
	struct lak_verify_opts vo = { .cat = j->cat,
	    .expect_pages = (unsigned int)doc->npages, .pixels = pixels,
	    .doc_id = j->ropts.doc_id, .doc_file = j->ropts.doc_file };
	char **secrets = NULL, **kept = NULL;
	struct lak_verify_area *areas = NULL;
	size_t ns = 0, nk = 0;
	int ret = -1;

	if (lak_plan_texts(plan, doc, v, LAK_DECISION_REDACT, &secrets, &ns,
	    err) < 0 || lak_plan_texts(plan, doc, v, LAK_DECISION_KEEP, &kept,
	    &nk, err) < 0)
		goto out;
	if (lak_verify_plan_areas(plan, &areas, &vo.nareas) < 0) {
		lak_error_oom(err);
		goto out;
	}
	vo.areas = areas;
	vo.rs = j->plan_data ? NULL : j->rs;
	vo.secrets = (const char *const *)secrets;
	vo.nsecrets = ns;
	vo.kept = (const char *const *)kept;
	vo.nkept = nk;
	if (lak_verify_pdf(j->pdf.data, j->pdf.len, &vo, &j->findings,
	    err) < 0)
		goto out;
	if (j->findings.n > 0) {
		lak_error_set(err, LAK_EFORMAT, "the redacted PDF failed "
		    "verification (%zu finding%s): nothing written",
		    j->findings.n, j->findings.n == 1 ? "" : "s");
		goto out;
	}
	ret = 0;
out:
	lak_texts_free(secrets, ns);
	lak_texts_free(kept, nk);
	free(areas);
	return ret;
}

/* The document's parts and, with the family's given, its people go to
 * j->family: the document is freed before its members run. */
static int
take_family(struct lak_job *j, struct lak_doc *doc, struct lak_error *err)
{
	struct lak_doc *f;

	for (size_t i = 0; i < j->nfamily_people; i++)
		if (lak_doc_add_person(doc, j->family_people[i]) < 0)
			return lak_error_oom(err);
	if (doc->nparts == 0 && doc->npeople == 0)
		return 0;
	if ((f = j->family = lak_doc_new()) == NULL)
		return lak_error_oom(err);
	f->parts = doc->parts;
	f->nparts = doc->nparts;
	f->parts_alloc = doc->parts_alloc;
	f->people = doc->people;
	f->npeople = doc->npeople;
	f->people_alloc = doc->people_alloc;
	doc->parts = NULL;
	doc->people = NULL;
	doc->nparts = doc->parts_alloc = doc->npeople = doc->people_alloc = 0;
	return 0;
}

int
lak_job_run(struct lak_job *j, struct lak_error *err)
{
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_plan *plan = NULL;
	struct lak_doc *pixels = NULL;	/* what OCR read in the release */
	const char *fmt = j->rs ? lak_rules_label(j->rs) : "[{code}]";
	int ret = -1;

	if (lak_ingest_bytes(j->name, j->src, j->srclen, &j->iopts, &doc,
	    err) < 0 || lak_normalise(doc, 0, &v, err) < 0 ||
	    take_family(j, doc, err) < 0)
		goto out;
	if (j->plan_data != NULL) {
		if (lak_plan_read_csv(j->plan_data, j->plan_len, j->plan_name,
		    doc, v, j->cat, &plan, err) < 0)
			goto out;
	} else {
		int r;

		/* the people of the family are personal data here too */
		if (j->family != NULL && j->family->npeople > 0 &&
		    lak_rules_push_terms(j->rs, LAK_FAMILY_GROUND,
		    "e-mail headers", (const char *const *)j->family->people,
		    j->family->npeople, err) < 0)
			goto out;
		r = lak_redact_plan(doc, v, j->rs, &j->ropts, &plan, err);
		lak_rules_pop_terms(j->rs);
		if (r < 0)
			goto out;
	}
	j->pages = doc->npages;
	snprintf(j->kind, sizeof(j->kind), "%s", v->kind ? v->kind : "");
	snprintf(j->thread, sizeof(j->thread), "%s", doc->meta.thread ?
	    doc->meta.thread : "");
	j->withheld = lak_plan_withholds_document(plan);
	for (uint32_t p = 1; p <= doc->npages; p++)
		if (j->withheld || lak_plan_withheld_page(plan, p) != NULL)
			j->withheld_pages++;
	if (lak_plan_stats(plan, doc, &j->stats, err) < 0 ||
	    lak_plan_write_csv(plan, doc, v, j->cat, &j->csv, err) < 0)
		goto out;
	if (j->review_pages != NULL) {
		struct lak_review_doc rd = { j->review_id, j->review_name ?
		    j->review_name : j->name, doc, v, plan, j->src,
		    j->srclen, j->iopts.password, j->csv.data, j->csv.len };
		struct lak_review_opts ro = { j->review_dpi, j->cat };

		if (lak_review_doc(&rd, &ro, j->review_pages, &j->review,
		    err) < 0) {
			lak_error_prefix(err, "review: ");
			goto out;
		}
	}
	if (!j->withheld && !j->no_text) {
		if (lak_redact_text(plan, v, j->cat, fmt, &j->txt, err) < 0)
			goto out;
		lak_buf_addc(&j->txt, '\n');
	}
	if (!j->withheld && !j->no_pdf) {
		struct lak_pdf_opts po = j->popts;

		po.label_fmt = fmt;
		po.cat = j->cat;
		po.title = j->title;
		po.password = j->iopts.password;
		if (!j->no_verify && (po.pixels = pixels = lak_doc_new()) ==
		    NULL) {
			lak_error_oom(err);
			goto out;
		}
		size_t pdflen;
		const void *pdf = lak_doc_pdf(doc, j->src, j->srclen, &pdflen);

		if (lak_redact_pdf(doc, pdf, pdflen, v, plan, &po, &j->pdf,
		    err) < 0)
			goto out;
		if (!j->no_verify && self_verify(j, doc, v, plan, pixels,
		    err) < 0)
			goto out;
	}
	if (lak_buf_check(&j->csv, err) < 0 || lak_buf_check(&j->txt, err) < 0)
		goto out;
	ret = 0;
out:
	lak_plan_free(plan);
	lak_view_free(v);
	lak_doc_free(doc);
	lak_doc_free(pixels);
	return ret;
}
