/* Unit tests: the PDF writer, the released PDF, verification and the XML
 * form (pdfwrite, redact-pdf, verify, docxml). */
#include "config.h"

#include "unit.h"

#include <cairo.h>
#include <poppler.h>
#include <tiffio.h>

#include "lib/base/buf.h"
#include "lib/base/tiffmem.h"
#include "lib/ingest/docxml.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/model/grounds.h"
#include "lib/pdf/pdfwrite.h"
#include "lib/pdf/redact-pdf.h"
#include "lib/pdf/verify.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"


static size_t
count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(hay + i, needle, k) == 0)
			n++;
	return n;
}

/* A 2-page PDF: a white page with two words, a grey page with none. */
static void
write_two_pages(struct lak_buf *out, long long date)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_pdfw *w = lak_pdfw_new(&err);
	static unsigned char white[16 * 20];
	static const struct lak_pdf_word words[] = {
		{ 72, 100, 130, 112, "Openbaar" },
		{ 135, 100, 200, 112, "ĳzer€" },
	};
	struct lak_pdf_page p = { 595, 842, white, 128, 20, 1, 16, words, 2 };
	struct lak_pdf_info info = { "Titel (test)", "lakwerk test", date };

	assert_non_null(w);
	memset(white, 0xFF, sizeof(white));
	assert_int_equal(lak_pdfw_add_page(w, &p, &err), 0);
	p.bits = 8;
	p.pw = 16;
	p.words = NULL;
	p.nwords = 0;
	assert_int_equal(lak_pdfw_add_page(w, &p, &err), 0);
	assert_int_equal(lak_pdfw_finish(w, &info, out, &err), 0);
	lak_pdfw_free(w);
}

static void
pdfwrite_one_revision_and_text_layer(void **state)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_buf a, b;

	(void)state;
	lak_buf_init(&a, 0);
	lak_buf_init(&b, 0);
	write_two_pages(&a, 1767225600);
	write_two_pages(&b, 1767225600);
	/* deterministic */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_int_equal(count(a.data, a.len, "startxref"), 1);
	assert_int_equal(count(a.data, a.len, "%%EOF"), 1);
	assert_int_equal(count(a.data, a.len, "/Annots"), 0);
	assert_non_null(strstr(a.data, "/CreationDate (D:20260101000000Z)"));
	/* it reads back: two pages, the words of the invisible layer */
	if (lak_ingest_bytes("w.pdf", a.data, a.len, &io, &doc, &err) < 0 ||
	    lak_normalise(doc, 0, &v, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(doc->npages, 2);
	assert_string_equal(doc->meta.title, "Titel (test)");
	assert_string_equal(doc->meta.producer, "lakwerk test");
	assert_contains(v->text, "Openbaar ijzer€");
	/* invisible text: flagged so, never "visible" */
	for (size_t i = 0; i < doc->pages[0].nchars; i++)
		if (doc->pages[0].chars[i].cp == 'O')
			assert_true(doc->pages[0].chars[i].flags &
			    LAK_CHAR_INVISIBLE);
	lak_view_free(v);
	lak_doc_free(doc);
	/* another date, other bytes */
	lak_buf_reset(&b);
	write_two_pages(&b, 0);
	assert_true(a.len != b.len || memcmp(a.data, b.data, a.len) != 0);
	lak_buf_release(&a);
	lak_buf_release(&b);
}

/* The text layer is tagged: Document > H1, P (with a label's Span and its
 * /Alt) in the order given, a running header an artifact outside the
 * structure; language, MarkInfo and the title shown. Read back through
 * poppler's structure API. */
static char *
elem_text(PopplerStructureElementIter *it, PopplerStructureElementKind *kind,
    char **alt)
{
	PopplerStructureElement *e = poppler_structure_element_iter_get_element(
	    it);
	char *t = poppler_structure_element_get_text(e,
	    POPPLER_STRUCTURE_GET_TEXT_RECURSIVE);

	*kind = poppler_structure_element_get_kind(e);
	if (alt != NULL)
		*alt = poppler_structure_element_get_alt_text(e);
	g_object_unref(e);
	return t;
}

static void
pdfwrite_tagged_structure(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_pdfw *w = lak_pdfw_new(&err);
	static unsigned char white[16 * 20];
	static const struct lak_pdf_elem elems[] = {
		{ "H1" }, { "P" }, { NULL },
	};
	/* given by element, the reading order within each */
	static const struct lak_pdf_word words[] = {
		{ 72, 40, 200, 52, "Koptekst", 2, NULL },
		{ 72, 100, 130, 112, "Besluit", 0, NULL },
		{ 72, 150, 110, 160, "Tekst", 1, NULL },
		{ 115, 150, 160, 160, "van", 1, NULL },
		{ 165, 150, 220, 160, "[5.1.2e]", 1,
		  "[5.1.2e] weggelakt: eerbiediging van de persoonlijke "
		  "levenssfeer" },
		{ 225, 150, 260, 160, "hier", 1, NULL },
	};
	struct lak_pdf_page p = { 595, 842, white, 128, 20, 1, 16, words, 6,
	    elems, 3 };
	struct lak_pdf_info info = { "Besluit", "lakwerk test", 0, NULL };
	struct lak_buf out;
	PopplerDocument *pd;
	PopplerStructureElementIter *root, *kids, *span;
	PopplerStructureElementKind kind;
	PopplerPage *pg;
	GBytes *bytes;
	char *t, *alt;

	(void)state;
	memset(white, 0xFF, sizeof(white));
	lak_buf_init(&out, 0);
	assert_non_null(w);
	assert_int_equal(lak_pdfw_add_page(w, &p, &err), 0);
	assert_int_equal(lak_pdfw_finish(w, &info, &out, &err), 0);
	lak_pdfw_free(w);
	assert_non_null(memmem(out.data, out.len, "/Lang (nl-NL)", 13));
	assert_non_null(memmem(out.data, out.len, "/MarkInfo << /Marked true "
	    ">>", 28));
	assert_non_null(memmem(out.data, out.len, "/DisplayDocTitle true", 21));
	assert_non_null(memmem(out.data, out.len, "/StructParents 0", 16));
	bytes = g_bytes_new(out.data, out.len);
	pd = poppler_document_new_from_bytes(bytes, NULL, NULL);
	assert_non_null(pd);
	root = poppler_structure_element_iter_new(pd);
	assert_non_null(root);
	t = elem_text(root, &kind, NULL);
	assert_int_equal(kind, POPPLER_STRUCTURE_ELEMENT_DOCUMENT);
	g_free(t);
	kids = poppler_structure_element_iter_get_child(root);
	assert_non_null(kids);
	t = elem_text(kids, &kind, NULL);
	assert_int_equal(kind, POPPLER_STRUCTURE_ELEMENT_HEADING_1);
	assert_string_equal(g_strstrip(t), "Besluit");
	g_free(t);
	assert_true(poppler_structure_element_iter_next(kids));
	t = elem_text(kids, &kind, NULL);
	assert_int_equal(kind, POPPLER_STRUCTURE_ELEMENT_PARAGRAPH);
	/* words spaced, the label in its place */
	assert_string_equal(g_strstrip(t), "Tekst van [5.1.2e] hier");
	g_free(t);
	span = poppler_structure_element_iter_get_child(kids);
	assert_non_null(span);
	/* the header is an artifact: in no element */
	assert_false(poppler_structure_element_iter_next(kids));
	do {
		t = elem_text(span, &kind, &alt);
		if (kind == POPPLER_STRUCTURE_ELEMENT_SPAN)
			break;
		g_free(t);
	} while (poppler_structure_element_iter_next(span));
	assert_int_equal(kind, POPPLER_STRUCTURE_ELEMENT_SPAN);
	assert_string_equal(g_strstrip(t), "[5.1.2e]");
	assert_non_null(alt);
	assert_string_equal(alt, "[5.1.2e] weggelakt: eerbiediging van de "
	    "persoonlijke levenssfeer");
	g_free(t);
	g_free(alt);
	poppler_structure_element_iter_free(span);
	poppler_structure_element_iter_free(kids);
	poppler_structure_element_iter_free(root);
	/* but on the page, for search and copy */
	pg = poppler_document_get_page(pd, 0);
	t = poppler_page_get_text(pg);
	assert_non_null(strstr(t, "Koptekst"));
	g_free(t);
	g_object_unref(pg);
	g_object_unref(pd);
	g_bytes_unref(bytes);

	/* verify reads the /Alt as text: a secret there is a finding, but
	 * not in a ground's name (a redacted phrase may be one) */
	{
		static const char *const secrets[] = { "persoonlijke",
		    "Jansen" };
		struct lak_verify_opts vo = { .cat = cat, .secrets = secrets,
		    .nsecrets = 2, .expect_pages = 1 };
		struct lak_findings fs = { NULL, 0, 0 };
		struct lak_pdf_word leaky[6];
		size_t alts = 0;

		assert_int_equal(lak_verify_pdf(out.data, out.len, &vo, &fs,
		    &err), 0);
		for (size_t i = 0; i < fs.n; i++)
			print_message("finding: %s\n", fs.f[i].what);
		assert_int_equal(fs.n, 0);
		lak_findings_release(&fs);

		memcpy(leaky, words, sizeof(leaky));
		leaky[4].alt = "[5.1.2e] weggelakt: de heer Jansen";
		p.words = leaky;
		lak_buf_reset(&out);
		w = lak_pdfw_new(&err);
		assert_int_equal(lak_pdfw_add_page(w, &p, &err), 0);
		assert_int_equal(lak_pdfw_finish(w, &info, &out, &err), 0);
		lak_pdfw_free(w);
		assert_int_equal(lak_verify_pdf(out.data, out.len, &vo, &fs,
		    &err), 0);
		for (size_t i = 0; i < fs.n; i++)
			alts += strstr(fs.f[i].what, "/Alt 1 holds the "
			    "redacted text \"Jansen\"") != NULL;
		assert_int_equal(alts, 1);
		lak_findings_release(&fs);
	}
	lak_buf_release(&out);
}

/* Vector pages come only from a PDF of the form cairo writes: anything
 * else is refused (1: the caller rasterises), never half-copied. */
static void
pdfwrite_src_refuses_what_it_cannot_read(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_pdfw_src *src = NULL;
	struct lak_pdfw *w = lak_pdfw_new(&err);
	struct lak_buf a;
	static const char *const bad[] = {
		"", "%PDF-1.5\n", "%PDF-1.5\nstartxref\n999999\n%%EOF\n",
		"%PDF-1.5\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
		"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n10\n%%EOF\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(lak_pdfw_src_open(bad[i], strlen(bad[i]), &src,
		    &err), 1);
		assert_null(src);
	}
	/* our own writer's file is no cairo file either (object 5 has no
	 * pages tree of that form): refused or read, never a crash */
	lak_buf_init(&a, 0);
	write_two_pages(&a, 0);
	if (lak_pdfw_src_open(a.data, a.len, &src, &err) == 0) {
		assert_int_equal(lak_pdfw_add_src_page(w, src, 99, &err), 1);
		lak_pdfw_src_free(src);
	}
	lak_buf_release(&a);
	lak_pdfw_free(w);
}

static void
verify_finds_what_a_release_must_not_carry(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_findings fs = { NULL, 0, 0 };
	struct lak_buf a;
	static const char *const secrets[] = { "Openbaar", "Geheim" };
	struct lak_verify_opts vo = { .cat = cat, .secrets = secrets,
	    .nsecrets = 2, .expect_pages = 2 };

	(void)state;
	lak_buf_init(&a, 0);
	write_two_pages(&a, 0);
	/* our own file: the redacted text "Openbaar" is in its text layer */
	assert_int_equal(lak_verify_pdf(a.data, a.len, &vo, &fs, &err), 0);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.f[0].channel, "text");
	assert_int_equal(fs.f[0].page, 1);
	assert_contains(fs.f[0].what, "Openbaar");
	lak_findings_release(&fs);
	/* kept by a reviewer: no finding */
	vo.kept = secrets;
	vo.nkept = 1;
	assert_int_equal(lak_verify_pdf(a.data, a.len, &vo, &fs, &err), 0);
	assert_int_equal(fs.n, 0);
	/* an appended update: two revisions */
	lak_buf_adds(&a, "\n3 0 obj << /Annots [] >> endobj\nstartxref\n0\n"
	    "%%EOF\n");
	assert_int_equal(lak_verify_pdf(a.data, a.len, &vo, &fs, &err), 0);
	assert_true(fs.n >= 2);
	{
		bool xref = false, annots = false;

		for (size_t i = 0; i < fs.n; i++) {
			xref |= strstr(fs.f[i].what, "2 startxref") != NULL;
			annots |= strstr(fs.f[i].what, "/Annots") != NULL;
		}
		assert_true(xref);
		assert_true(annots);
	}
	lak_findings_release(&fs);
	/* not a PDF at all */
	assert_int_equal(lak_verify_pdf("nope", 4, &vo, &fs, &err), 0);
	assert_true(fs.n >= 1);
	lak_findings_release(&fs);
	lak_buf_release(&a);
}

static void
redact_pdf_of_a_text_document(void **state)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_pdf_opts po = LAK_PDF_OPTS_INIT;
	struct lak_redact_opts ro = { true, false };
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_findings fs = { NULL, 0, 0 };
	struct lak_ruleset *rs = NULL;
	struct lak_doc *doc = NULL, *out = NULL;
	struct lak_view *v = NULL, *ov = NULL;
	struct lak_plan *plan = NULL;
	struct lak_buf pdf;
	const char *text = "Contact: Karel Appel, BSN 111222333.\n\fTweede.\n";
	const char *rules = "5.1.2e term \"Karel Appel\"\n5.1.1e detector bsn\n"
	    "5.1.2i page 2\n";
	static const char *const secrets[] = { "Karel Appel", "111222333" };
	struct lak_verify_opts vo = { .cat = cat, .secrets = secrets,
	    .nsecrets = 2, .expect_pages = 2 };

	(void)state;
	lak_buf_init(&pdf, 0);
	assert_int_equal(lak_rules_parse(rules, strlen(rules), "t.rules", cat,
	    &rs, &err), 0);
	assert_int_equal(lak_ingest_bytes("t.txt", text, strlen(text), &io,
	    &doc, &err), 0);
	assert_int_equal(lak_normalise(doc, 0, &v, &err), 0);
	assert_int_equal(lak_redact_plan(doc, v, rs, &ro, &plan, &err), 0);
	po.cat = cat;
	po.title = "t";
	po.dpi = 100;
	if (lak_redact_pdf(doc, NULL, 0, v, plan, &po, &pdf, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(lak_verify_pdf(pdf.data, pdf.len, &vo, &fs, &err), 0);
	for (size_t i = 0; i < fs.n; i++)
		fprintf(stderr, "finding: %s\n", fs.f[i].what);
	assert_int_equal(fs.n, 0);
	/* the released text: labels where the secrets were, page 2 withheld */
	assert_int_equal(lak_ingest_bytes("o.pdf", pdf.data, pdf.len, &io, &out,
	    &err), 0);
	assert_int_equal(lak_normalise(out, 0, &ov, &err), 0);
	assert_contains(ov->text, "Contact: [5.1.2e]");
	assert_contains(ov->text, "BSN [5.1.1e].");
	assert_contains(ov->text, "[5.1.2i] pagina 2 geweigerd");
	assert_null(strstr(ov->text, "Tweede"));
	lak_findings_release(&fs);
	lak_view_free(ov);
	lak_doc_free(out);
	lak_plan_free(plan);
	lak_view_free(v);
	lak_doc_free(doc);
	lak_rules_free(rs);
	lak_buf_release(&pdf);
}

/* The share of dark pixels inside box 'b' of page 1 of a PDF, rendered
 * at 4 pixels a point. */
static double
dark_share(const char *pdf, size_t len, const struct lak_box *b)
{
	GBytes *bytes = g_bytes_new(pdf, len);
	PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, NULL);
	PopplerPage *pg;
	double w, h, n = 0, dark = 0;
	cairo_surface_t *s;
	cairo_t *cr;

	assert_non_null(pd);
	pg = poppler_document_get_page(pd, 0);
	poppler_page_get_size(pg, &w, &h);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * 4),
	    (int)(h * 4));
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, 4, 4);
	poppler_page_render_for_printing(pg, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	for (int y = (int)(b->y0 * 4); y < (int)(b->y1 * 4); y++) {
		const uint32_t *row = (const uint32_t *)(const void *)
		    (cairo_image_surface_get_data(s) + (size_t)y *
		    (size_t)cairo_image_surface_get_stride(s));

		for (int x = (int)(b->x0 * 4); x < (int)(b->x1 * 4); x++) {
			n++;
			dark += ((row[x] >> 8) & 0xFF) < 128;	/* green */
		}
	}
	cairo_surface_destroy(s);
	g_object_unref(pg);
	g_object_unref(pd);
	g_bytes_unref(bytes);
	return n > 0 ? dark / n : 0;
}

static void
first_box(void *ctx, uint32_t page, const struct lak_box *b)
{
	struct lak_box *out = ctx;

	(void)page;
	if (out->x1 <= out->x0)
		*out = *b;
}

/*
 * A reviewer's area row (a box drawn over words in the review report):
 * the words under it leave the text and the text layer, the box is drawn
 * with its label, it counts as one passage and is written back as one
 * area row; a box off the page is an error naming the row.
 */
static void
redact_pdf_area_rows(void **state)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_pdf_opts po = LAK_PDF_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL, *out = NULL;
	struct lak_view *v = NULL, *ov = NULL;
	struct lak_plan *plan = NULL;
	struct lak_plan_stats st;
	struct lak_buf pdf, txt, csv;
	struct lak_box b = { 0, 0, 0, 0 };
	struct lak_span word;
	const char *text = "Contact: Karel Appel, BSN 111222333.\n";
	const char *at = NULL;
	char *plan_csv;

	(void)state;
	lak_buf_init(&pdf, 0);
	lak_buf_init(&txt, 0);
	lak_buf_init(&csv, 0);
	assert_int_equal(lak_ingest_bytes("t.txt", text, strlen(text), &io,
	    &doc, &err), 0);
	assert_int_equal(lak_normalise(doc, 0, &v, &err), 0);
	/* the box of "Karel Appel", as the report snaps a selection */
	at = strstr(v->text, "Karel Appel");
	assert_non_null(at);
	memset(&word, 0, sizeof(word));
	word.kind = LAK_SPAN_TEXT;
	word.start = lak_view_char_at(v, (size_t)(at - v->text));
	word.end = word.start + 11;
	assert_int_equal(lak_span_boxes(&word, doc, v, first_box, &b), 1);
	plan_csv = g_strdup_printf("id,document,sha256,kind,where,page,start,"
	    "end,boxes,grounds,rules,decision,context,reviewer,reviewed\r\n"
	    ",t.txt,%s,area,,1,,,1:%.1f %.1f %.1f %.1f,5.1.2e,review,redact,"
	    "vak,A. Beoordelaar,2026-11-27T23:00:00Z\r\n", doc->meta.sha256,
	    b.x0 - 1, b.y0 - 1, b.x1 + 1, b.y1 + 1);
	if (lak_plan_read_csv(plan_csv, strlen(plan_csv), "p.csv", doc, v,
	    cat, &plan, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(plan->n, 2);	/* the area, the text under it */
	assert_int_equal(plan->spans[0].kind, LAK_SPAN_AREA);
	assert_true(plan->spans[1].under_area);
	assert_int_equal(lak_redact_text(plan, v, cat, "[{code}]", &txt, &err),
	    0);
	assert_contains(txt.data, "Contact: [5.1.2e], BSN 111222333.");
	assert_int_equal(lak_plan_stats(plan, doc, &st, &err), 0);
	assert_int_equal(st.spans, 1);
	lak_plan_stats_release(&st);
	assert_int_equal(lak_plan_write_csv(plan, doc, v, cat, &csv, &err), 0);
	assert_contains(csv.data, ",area,,1,,,1:");
	assert_null(strstr(strchr(csv.data, '\n') + 1, ",text,"));
	po.cat = cat;
	po.title = "t";
	po.dpi = 100;
	if (lak_redact_pdf(doc, NULL, 0, v, plan, &po, &pdf, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(lak_ingest_bytes("o.pdf", pdf.data, pdf.len, &io, &out,
	    &err), 0);
	assert_int_equal(lak_normalise(out, 0, &ov, &err), 0);
	assert_null(strstr(ov->text, "Karel"));
	assert_null(strstr(ov->text, "Appel"));
	assert_contains(ov->text, "BSN 111222333");
	assert_contains(ov->text, "[5.1.2e]");
	/* the pixels: the box is black (but for its label's letters), the
	 * words beside it are ink on white */
	{
		struct lak_box bsn = { 0, 0, 0, 0 };

		at = strstr(v->text, "111222333");
		word.start = lak_view_char_at(v, (size_t)(at - v->text));
		word.end = word.start + 9;
		assert_int_equal(lak_span_boxes(&word, doc, v, first_box,
		    &bsn), 1);
		assert_true(dark_share(pdf.data, pdf.len, &b) > 0.6);
		assert_true(dark_share(pdf.data, pdf.len, &bsn) < 0.5);
	}
	lak_plan_free(plan);
	plan = NULL;
	g_free(plan_csv);
	/* off the page, and two boxes in one row */
	plan_csv = g_strdup_printf("id,document,sha256,kind,where,page,start,"
	    "end,boxes,grounds,rules,decision,context\r\n"
	    ",t.txt,%s,area,,1,,,1:10 10 9000 20,5.1.2e,review,redact,\r\n"
	    ",t.txt,%s,area,,,,,1:1 1 2 2;1:3 3 4 4,5.1.2e,review,redact,\r\n",
	    doc->meta.sha256, doc->meta.sha256);
	lak_error_clear(&err);
	assert_int_equal(lak_plan_read_csv(plan_csv, strlen(plan_csv), "p.csv",
	    doc, v, cat, &plan, &err), -1);
	assert_contains(err.msg, "p.csv:row 2: boxes: an area is one box");
	assert_contains(err.msg, "p.csv:row 3: boxes");
	g_free(plan_csv);
	lak_view_free(ov);
	lak_doc_free(out);
	lak_view_free(v);
	lak_doc_free(doc);
	lak_buf_release(&pdf);
	lak_buf_release(&txt);
	lak_buf_release(&csv);
}

/*
 * Self-verification reads the released pixels where the source had ink
 * that no character explained: a phone number the plan left in place
 * (here: a region marked by hand over a text page, and no rule applied
 * when the plan was made) is found in the words OCR reads in the
 * release, as a finding of the 'pixels' channel.
 */
static void
verify_reads_the_released_pixels(void **state)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_pdf_opts po = LAK_PDF_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_findings fs = { NULL, 0, 0 };
	struct lak_ruleset *rs = NULL;
	struct lak_doc *doc = NULL, *pixels = lak_doc_new();
	struct lak_view *v = NULL;
	struct lak_plan *plan = calloc(1, sizeof(*plan));
	struct lak_buf pdf;
	const char *text = "Bel mij op 06-12345678 graag.\n";
	const char *rules = "5.1.2e detector phone\n";
	struct lak_verify_opts vo = { .cat = cat, .expect_pages = 1 };
	bool found = false;

	(void)state;
	lak_buf_init(&pdf, 0);
	assert_non_null(pixels);
	assert_non_null(plan);
	assert_int_equal(lak_rules_parse(rules, strlen(rules), "t.rules", cat,
	    &rs, &err), 0);
	assert_int_equal(lak_ingest_bytes("t.txt", text, strlen(text), &io,
	    &doc, &err), 0);
	assert_int_equal(lak_normalise(doc, 0, &v, &err), 0);
	doc->pages[0].ink = calloc(1, sizeof(struct lak_box));
	assert_non_null(doc->pages[0].ink);
	doc->pages[0].ink[0] = doc->pages[0].chars[0].box;
	doc->pages[0].ink[0].x1 = 400;
	doc->pages[0].nink = 1;
	po.cat = cat;
	po.dpi = 200;
	po.pixels = pixels;
	if (lak_redact_pdf(doc, NULL, 0, v, plan, &po, &pdf, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(pixels->npages, 1);
	vo.rs = rs;
	vo.pixels = pixels;
	assert_int_equal(lak_verify_pdf(pdf.data, pdf.len, &vo, &fs, &err), 0);
	for (size_t i = 0; i < fs.n; i++)
		found |= strcmp(fs.f[i].channel, "pixels") == 0 &&
		    strstr(fs.f[i].what, "06-12345678") != NULL;
	assert_true(found);
	lak_findings_release(&fs);
	lak_plan_free(plan);
	lak_view_free(v);
	lak_doc_free(doc);
	lak_doc_free(pixels);
	lak_rules_free(rs);
	lak_buf_release(&pdf);
}

/* The release's own texts pass the rules: a phone number in an inventory
 * CSV is a finding that names the file. */
static void
verify_text_file_of_a_release(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_findings fs = { NULL, 0, 0 };
	struct lak_ruleset *rs = NULL;
	const char *rules = "5.1.2e detector phone\n";
	const char *csv = "Nr,Omschrijving,Toelichting\n1,Nota,Bel 06-12345678\n"
	    "2,Brief,\n";
	struct lak_verify_opts vo = { .cat = cat };

	(void)state;
	assert_int_equal(lak_rules_parse(rules, strlen(rules), "t.rules", cat,
	    &rs, &err), 0);
	vo.rs = rs;
	assert_int_equal(lak_verify_text_file(csv, strlen(csv),
	    "inventarislijst.csv", &vo, &fs, &err), 0);
	assert_int_equal(fs.n, 1);
	assert_non_null(strstr(fs.f[0].what, "inventarislijst.csv: a rule "
	    "matches: \"06-12345678\""));
	lak_findings_release(&fs);
	assert_int_equal(lak_verify_text_file("Nr,Omschrijving\n1,Nota\n", 22,
	    "inventarislijst.csv", &vo, &fs, &err), 0);
	assert_int_equal(fs.n, 0);
	lak_findings_release(&fs);
	lak_rules_free(rs);
}

static void
docxml_is_safe_xml(void **state)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_docxml *x;
	struct lak_buf out;
	const char *text = "Datum: 4 april 2026\n\nTekst <met> & \"tekens\".\n";

	(void)state;
	lak_buf_init(&out, 0);
	assert_int_equal(lak_ingest_bytes("x.txt", text, strlen(text), &io,
	    &doc, &err), 0);
	assert_int_equal(lak_normalise(doc, 0, &v, &err), 0);
	/* a control character in the metadata cannot go into XML as is */
	doc->meta.title = strdup("titel\x01met\x1fstuur");
	x = lak_docxml_new(&out, LAK_DOCXML_BOXES, &err);
	assert_non_null(x);
	assert_int_equal(lak_docxml_document(x, doc, v, &err), 0);
	assert_int_equal(lak_docxml_failure(x, "b\xff.pdf", "no such file",
	    &err), 0);
	assert_int_equal(lak_docxml_finish(x, &err), 0);
	lak_docxml_free(x);
	assert_contains(out.data, "<lakwerk-extract version=\"1\">");
	assert_contains(out.data, "<title>titel\xEF\xBF\xBDmet\xEF\xBF\xBDstuur"
	    "</title>");
	assert_contains(out.data, "<field name=\"datum\" page=\"1\">4 april "
	    "2026</field>");
	assert_contains(out.data, "Tekst &lt;met&gt; &amp; &quot;tekens&quot;.");
	assert_contains(out.data, "<error source=\"b\xEF\xBF\xBD.pdf\">no such "
	    "file</error>");
	assert_contains(out.data, "<c x0=\"36.00\"");
	for (size_t i = 0; i < out.len; i++)
		if ((unsigned char)out.data[i] < 0x20 && out.data[i] != '\n')
			fail_msg("control character %d in the XML",
			    out.data[i]);
	lak_buf_release(&out);
	lak_view_free(v);
	lak_doc_free(doc);
}

/* A bilevel page goes out as CCITT Group 4 and poppler draws it back
 * pixel for pixel: black bars, a chequer, single dots, white margins. */
/* Our G4 coder against libtiff's decoder: every run length a row can
 * hold (both colours, the make-up and extended codes up to and past
 * 2560), full rows, noise, and rows shifted by 1 to 3 pixels (the
 * vertical modes), read back pixel for pixel. */
static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, unsigned v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

static void
g4_against_libtiff(void **state)
{
	enum { W = 2701 };
	const size_t stride = (W + 7) / 8;
	int h = 0, cap = 4000;
	unsigned char *px = calloc((size_t)cap * stride, 1);
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_buf code, tif;
	int x = 0;
	bool black = false;
	unsigned int seed = 12345;
	static const int edges[] = { 63, 64, 65, 127, 128, 129, 1727, 1728,
	    1729, 1791, 1792, 1793, 2559, 2560, 2561, 2623, 2624, 2625, 2700 };
	void *t;

	(void)state;
	assert_non_null(px);
	memset(px, 0xFF, (size_t)cap * stride);
#define SETBLACK(y, xx) (px[(size_t)(y) * stride + (size_t)(xx) / 8] &= \
	(unsigned char)~(0x80u >> ((xx) % 8)))
	/* runs of length L, white then black, L = 1 ... 300 and the edges */
	for (int i = 0; i < 300 + (int)(sizeof(edges) / sizeof(edges[0]));
	    i++) {
		int len = i < 300 ? i + 1 : edges[i - 300];

		for (int c = 0; c < 2; c++) {
			black = c == 1;
			for (int k = 0; k < len; k++) {
				if (black)
					SETBLACK(h, x);
				if (++x == W) {
					x = 0;
					h++;
				}
			}
		}
	}
	h++;
	/* a whole white row, a whole black row */
	h++;
	for (int xx = 0; xx < W; xx++)
		SETBLACK(h, xx);
	h++;
	/* noise, then rows shifted from the one above */
	for (int r = 0; r < 40; r++, h++)
		for (int xx = 0; xx < W; xx++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % (r < 20 ? 2 : 9) == 0)
				SETBLACK(h, xx);
		}
	for (int r = 0; r < 60; r++, h++) {
		int shift = r % 7 - 3;

		for (int xx = 0; xx < W; xx++) {
			int from = xx - shift;
			bool b = from >= 0 && from < W &&
			    !(px[(size_t)(h - 1) * stride + (size_t)from / 8] &
			    (0x80u >> (from % 8)));

			if (b)
				SETBLACK(h, xx);
		}
	}
#undef SETBLACK
	assert_true(h < cap);
	lak_buf_init(&code, 0);
	lak_buf_init(&tif, 0);
	assert_int_equal(lak_g4_encode(px, W, h, stride, &code, &err), 0);
	/* a TIFF around it: header, the code, one IFD */
	{
		unsigned char hd[8] = { 'I', 'I', 42, 0 };
		static const unsigned short tags[][3] = {
			{ 256, 4, 0 }, { 257, 4, 1 }, { 258, 3, 2 },
			{ 259, 3, 3 }, { 262, 3, 4 }, { 273, 4, 5 },
			{ 277, 3, 6 }, { 278, 4, 7 }, { 279, 4, 8 },
		};
		unsigned vals[9] = { W, (unsigned)h, 1, 4, 0, 8, 1,
		    (unsigned)h, (unsigned)code.len };
		unsigned char e[12];
		size_t ifd = 8 + code.len + (code.len & 1);

		put32(hd + 4, (unsigned)ifd);
		lak_buf_add(&tif, hd, 8);
		lak_buf_add(&tif, code.data, code.len);
		if (code.len & 1)
			lak_buf_addc(&tif, 0);
		put16(e, 9);
		lak_buf_add(&tif, e, 2);
		for (size_t i = 0; i < 9; i++) {
			memset(e, 0, sizeof(e));
			put16(e, tags[i][0]);
			put16(e + 2, tags[i][1]);
			put32(e + 4, 1);
			if (tags[i][1] == 3)
				put16(e + 8, vals[tags[i][2]]);
			else
				put32(e + 8, vals[tags[i][2]]);
			lak_buf_add(&tif, e, 12);
		}
		memset(e, 0, 4);
		lak_buf_add(&tif, e, 4);
	}
	t = lak_tiff_read_memory(tif.data, tif.len);
	assert_non_null(t);
	{
		unsigned char *row = malloc(stride);
		size_t wrong = 0;

		assert_non_null(row);
		for (int y = 0; y < h; y++) {
			assert_int_equal(TIFFReadScanline(t, row, (uint32_t)y,
			    0), 1);
			for (int xx = 0; xx < W; xx++) {
				bool want = !(px[(size_t)y * stride +
				    (size_t)xx / 8] & (0x80u >> (xx % 8)));
				bool got = (row[xx / 8] & (0x80u >> (xx % 8))) !=
				    0;	/* min-is-white: 1 black */

				if (want != got && wrong++ < 5)
					print_message("row %d x %d: %d, not "
					    "%d\n", y, xx, got, want);
			}
		}
		free(row);
		assert_int_equal(wrong, 0);
	}
	lak_tiff_close(t);
	lak_buf_release(&code);
	lak_buf_release(&tif);
	free(px);
}

static void
pdfwrite_g4_round_trip(void **state)
{
	enum { W = 203, H = 61 };	/* odd width: a partial last byte */
	const size_t stride = (W + 7) / 8 + 3;
	static unsigned char px[((W + 7) / 8 + 3) * H];
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_pdfw *w = lak_pdfw_new(&err);
	struct lak_pdf_page p = { W, H, px, W, H, 1, stride, NULL, 0 };
	struct lak_pdf_info info = { "g4", "lakwerk test", 0 };
	struct lak_buf out;
	PopplerDocument *pd;
	PopplerPage *pg;
	cairo_surface_t *s;
	cairo_t *cr;
	GBytes *bytes;
	size_t wrong = 0, black = 0;

	(void)state;
	memset(px, 0xFF, sizeof(px));
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			bool b = (x >= 10 && x < 40) ||		/* a bar */
			    (y >= 20 && y < 40 && x >= 60 && x < 120 &&
			    ((x / 4 + y / 4) % 2 == 0)) ||	/* chequer */
			    (x == 150 && y % 7 == 0) ||		/* dots */
			    (y == 50 && x >= 130 && x < 200);	/* a rule */

			if (b)
				px[(size_t)y * stride + (size_t)(x / 8)] &=
				    (unsigned char)~(0x80 >> (x % 8));
		}
	lak_buf_init(&out, 0);
	assert_non_null(w);
	assert_int_equal(lak_pdfw_add_page(w, &p, &err), 0);
	assert_int_equal(lak_pdfw_finish(w, &info, &out, &err), 0);
	lak_pdfw_free(w);
	assert_non_null(memmem(out.data, out.len, "/CCITTFaxDecode", 15));
	assert_null(memmem(out.data, out.len, "/BitsPerComponent 1 "
	    "/Filter /FlateDecode", 37));
	bytes = g_bytes_new(out.data, out.len);
	pd = poppler_document_new_from_bytes(bytes, NULL, NULL);
	assert_non_null(pd);
	pg = poppler_document_get_page(pd, 0);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 0, 0);	/* not white: drawn must show */
	cairo_paint(cr);
	poppler_page_render_for_printing(pg, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	for (int y = 0; y < H; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)
		    (cairo_image_surface_get_data(s) + (size_t)y *
		    (size_t)cairo_image_surface_get_stride(s));

		for (int x = 0; x < W; x++) {
			bool want = !(px[(size_t)y * stride + (size_t)(x / 8)] &
			    (0x80 >> (x % 8)));
			uint32_t v = row[x] & 0xFFFFFF;

			black += v == 0;
			wrong += want ? v != 0 : v != 0xFFFFFF;
		}
	}
	assert_int_equal(wrong, 0);
	assert_true(black > 1000);
	cairo_surface_destroy(s);
	g_object_unref(pg);
	g_object_unref(pd);
	g_bytes_unref(bytes);
	lak_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pdfwrite_one_revision_and_text_layer),
		cmocka_unit_test(pdfwrite_g4_round_trip),
		cmocka_unit_test(g4_against_libtiff),
		cmocka_unit_test(pdfwrite_tagged_structure),
		cmocka_unit_test(pdfwrite_src_refuses_what_it_cannot_read),
		cmocka_unit_test(verify_finds_what_a_release_must_not_carry),
		cmocka_unit_test(redact_pdf_of_a_text_document),
		cmocka_unit_test(redact_pdf_area_rows),
		cmocka_unit_test(verify_reads_the_released_pixels),
		cmocka_unit_test(verify_text_file_of_a_release),
		cmocka_unit_test(docxml_is_safe_xml),
	};

	return cmocka_run_group_tests_name("pdf", tests, unit_setup_grounds,
	    unit_teardown_grounds);
}
