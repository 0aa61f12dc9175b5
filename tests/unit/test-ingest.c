/* Unit tests: the ingest stage (text encodings, PDF from memory and disk). */
#include "config.h"

#include "unit.h"

#include "lib/base/digest.h"
#include "lib/ingest/ingest.h"
#include "lib/model/doc.h"

static struct lak_doc *
ingest(const char *name, const char *data, size_t len, struct lak_error *err)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_doc *doc = NULL;

	if (lak_ingest_bytes(name, data, len, &opts, &doc, err) < 0) {
		assert_null(doc);
		return NULL;
	}
	assert_non_null(doc);
	return doc;
}

/* The page's text, from its characters. */
static char *
page_text(const struct lak_page *pg)
{
	char *s = malloc(pg->nchars * 4 + 1);
	size_t n = 0;

	for (size_t i = 0; i < pg->nchars; i++) {
		uint32_t c = pg->chars[i].cp;

		if (c < 0x80) {
			s[n++] = (char)c;
		} else if (c < 0x800) {
			s[n++] = (char)(0xC0 | (c >> 6));
			s[n++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			s[n++] = (char)(0xE0 | (c >> 12));
			s[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
			s[n++] = (char)(0x80 | (c & 0x3F));
		} else {
			s[n++] = (char)(0xF0 | (c >> 18));
			s[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
			s[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
			s[n++] = (char)(0x80 | (c & 0x3F));
		}
	}
	s[n] = '\0';
	return s;
}

static void
ingest_text_utf8_with_boxes(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = ingest("a.txt", "ab\ncd\n", 6, &err);
	const struct lak_char *c;

	(void)state;
	assert_non_null(doc);
	assert_string_equal(doc->meta.format, "text");
	assert_string_equal(doc->meta.encoding, "utf-8");
	assert_int_equal(doc->npages, 1);
	assert_int_equal(doc->meta.nbytes, 6);
	assert_int_equal(strlen(doc->meta.sha256), 64);
	/* 'c' is on the second grid line, first column */
	c = &doc->pages[0].chars[3];
	assert_int_equal(c->cp, 'c');
	assert_true(c->box.y0 > doc->pages[0].chars[0].box.y1 - 0.01f);
	assert_true(c->box.x0 == doc->pages[0].chars[0].box.x0);
	assert_true(c->box.x1 > c->box.x0);
	lak_doc_free(doc);
}

static const struct {
	const char *file, *encoding, *text;
} encodings[] = {
	{ "ingest/cp1252.txt", "windows-1252",
	  "Caf\xc3\xa9 \xe2\x80\x9cHet Wapen\xe2\x80\x9d \xe2\x80\x93 "
	  "\xe2\x82\xac 12,50\n" },
	{ "ingest/utf8-bom.txt", "utf-8-bom", "Met BOM: re\xcc\x81sume\xcc\x81" },
	{ "ingest/utf16le.txt", "utf-16le", "Hallo \xc3\xab\n" },
};

static void
ingest_text_encodings(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(encodings) / sizeof(*encodings); i++) {
		struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
		struct lak_error err = LAK_ERROR_INIT;
		struct lak_doc *doc = NULL;
		char *t;

		if (lak_ingest_file(unit_data(encodings[i].file), &opts, &doc,
		    &err) < 0)
			fail_msg("%s: %s", encodings[i].file, err.msg);
		assert_string_equal(doc->meta.encoding, encodings[i].encoding);
		t = page_text(&doc->pages[0]);
		assert_memory_equal(t, encodings[i].text,
		    strlen(encodings[i].text));
		free(t);
		lak_doc_free(doc);
	}
}

static void
ingest_text_mixed_encoding_names_position(void **state)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;

	(void)state;
	assert_int_equal(lak_ingest_file(unit_data("ingest/mixed.txt"), &opts,
	    &doc, &err), -1);
	assert_null(doc);
	assert_int_equal(err.code, LAK_EFORMAT);
	assert_contains(err.msg, "line 2, column 10");
}

static void
ingest_text_binary_and_empty(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	assert_null(ingest("b.txt", "ab\0cd", 5, &err));
	assert_contains(err.msg, "binary");
	lak_error_clear(&err);
	assert_null(ingest("e.txt", "", 0, &err));
	assert_contains(err.msg, "empty");
}

static void
ingest_text_form_feed_starts_page(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = ingest("f.txt", "een\n\ftwee\fdrie", 14, &err);
	char *t;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(doc->npages, 3);
	t = page_text(&doc->pages[1]);
	assert_string_equal(t, "twee");
	free(t);
	lak_doc_free(doc);
}

static void
ingest_pdf_name_without_header_is_error(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	assert_null(ingest("x.pdf", "hello world\n", 12, &err));
	assert_int_equal(err.code, LAK_EFORMAT);
	assert_contains(err.msg, "not a PDF");
}

/* A small PDF; poppler rebuilds the missing cross-reference table. */
static const char mini_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
    "4 0 obj << /Length 88 >> stream\n"
    "BT /F1 12 Tf 72 760 Td (Zwart) Tj ET 1 1 1 rg BT /F1 12 Tf 72 700 Td "
    "(Wit) Tj ET\n"
    "endstream endobj\n"
    "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";

static void
ingest_pdf_chars_boxes_and_white_text(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = ingest("m.pdf", mini_pdf, sizeof(mini_pdf) - 1,
	    &err);
	const struct lak_page *pg;
	size_t i, white = 0, black = 0;

	(void)state;
	if (doc == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(doc->npages, 1);
	pg = &doc->pages[0];
	assert_true(pg->width > 594 && pg->width < 596);
	for (i = 0; i < pg->nchars; i++) {
		const struct lak_char *c = &pg->chars[i];

		if (c->cp == '\n' || c->cp == ' ')
			continue;
		/* y grows downwards: "Zwart" (y=760) is above "Wit" */
		if (c->box.y0 < 100) {
			black++;
			assert_int_equal(c->flags & LAK_CHAR_BACKGROUND, 0);
		} else {
			white++;
			assert_true(c->flags & LAK_CHAR_BACKGROUND);
		}
		assert_true(c->size > 11.5f && c->size < 12.5f);
		assert_true(c->box.x1 > c->box.x0);
	}
	assert_int_equal(black, 5);
	assert_int_equal(white, 3);
	lak_doc_free(doc);
}

static void
ingest_pdf_truncated_is_error(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	assert_null(ingest("t.pdf", mini_pdf, 120, &err));
	assert_true(err.code == LAK_EFORMAT);
	assert_true(strlen(err.msg) > 0);
}

static void
ingest_pdf_real_decision(void **state)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	char *t;

	(void)state;
	if (lak_ingest_file(unit_data(
	    "ingest/woo_besluit_landsadvocaat_stikstof.pdf"), &opts, &doc,
	    &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(doc->npages, 8);
	assert_string_equal(doc->meta.format, "pdf");
	assert_string_equal(doc->meta.title,
	    "Besluit op Woo-verzoek advies Landsadvocaat over stikstof");
	assert_string_equal(doc->meta.sha256, "75100d40638b08eb9f53b5d5ae64dda"
	    "e4cb32cf5aec6d16fd414fab1846466d0");
	assert_int_equal(doc->meta.revisions, 1);
	t = page_text(&doc->pages[0]);
	assert_contains(t, "Besluit op Woo-verzoek");
	free(t);
	for (size_t p = 0; p < doc->npages; p++)
		assert_int_equal(doc->pages[p].flags &
		    (LAK_PAGE_NEEDS_OCR | LAK_PAGE_UNRELIABLE_TEXT), 0);
	lak_doc_free(doc);
}

static void
ingest_max_pages_limit(void **state)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;

	(void)state;
	opts.max_pages = 3;
	assert_int_equal(lak_ingest_file(unit_data(
	    "ingest/woo_besluit_landsadvocaat_stikstof.pdf"), &opts, &doc,
	    &err), -1);
	assert_int_equal(err.code, LAK_ELIMIT);
	assert_contains(err.msg, "8 pages");
}

/* An e-mail: headers decoded, transport headers and Bcc not printed,
 * the plain part of an alternative, attachments as parts, the people of
 * the headers; the sniffers. */
/* An e-mail's thread: a digest of the first Message-ID of References,
 * else of In-Reply-To, else of its own; none without any. The IDs are not
 * in the text. */
static void
ingest_mail_thread(void **state)
{
	static const struct {
		const char *head, *root;
	} cases[] = {
		{ "References: <root@a.nl>\r\n <mid@a.nl>\r\n"
		  "In-Reply-To: <mid@a.nl>\r\nMessage-ID: <own@a.nl>\r\n",
		  "root@a.nl" },
		{ "In-Reply-To: <mid@a.nl>\r\nMessage-ID: <own@a.nl>\r\n",
		  "mid@a.nl" },
		{ "Message-ID: <own@a.nl>\r\n", "own@a.nl" },
		{ "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lak_error err = LAK_ERROR_INIT;
		char m[512], want[18], hex[LAK_SHA256_HEX_LEN + 1], *t;
		struct lak_doc *doc;

		snprintf(m, sizeof(m), "From: x@a.nl\r\nSubject: Re: s\r\n"
		    "%s\r\nTekst\r\n", cases[i].head);
		if ((doc = ingest("m.eml", m, strlen(m), &err)) == NULL)
			fail_msg("%s", err.msg);
		if (cases[i].root == NULL)
			assert_null(doc->meta.thread);
		else {
			lak_sha256_hex(cases[i].root, strlen(cases[i].root),
			    hex);
			snprintf(want, sizeof(want), "T%.16s", hex);
			assert_non_null(doc->meta.thread);
			assert_string_equal(doc->meta.thread, want);
		}
		t = page_text(&doc->pages[0]);
		assert_null(strstr(t, "@a.nl>"));
		assert_null(strstr(t, "own@"));
		free(t);
		lak_doc_free(doc);
	}
}

static void
ingest_mail_family(void **state)
{
	const char *m =
	    "Received: from mx by mail\r\n"
	    "From: =?utf-8?q?Jos=C3=A9_de_Vries?= <j.devries@example.nl>\r\n"
	    "To: a@example.nl, Groep: b@example.nl, c@example.nl;\r\n"
	    "Bcc: geheim@example.nl\r\n"
	    "Subject: Test\r\n"
	    "Date: Tue, 10 Mar 2026 14:03:00 +0100\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=B\r\n\r\n"
	    "--B\r\nContent-Type: multipart/alternative; boundary=C\r\n\r\n"
	    "--C\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "Caf=E9 om tien uur.\r\n> eerder bericht\r\n"
	    "--C\r\nContent-Type: text/html\r\n\r\n<p>HTML-deel</p>\r\n--C--\r\n"
	    "--B\r\nContent-Type: application/pdf\r\n"
	    "Content-Disposition: attachment; filename=\"a.pdf\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n"
	    "--B\r\nContent-Type: message/rfc822\r\n\r\n"
	    "From: x@example.nl\r\nSubject: Doorgestuurd\r\n\r\nTekst\r\n"
	    "--B--\r\n";
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = ingest("m.eml", m, strlen(m), &err);
	char *t;

	(void)state;
	if (doc == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(doc->meta.format, "email");
	assert_non_null(doc->print);
	t = page_text(&doc->pages[0]);
	assert_non_null(strstr(t, "Van: José de Vries <j.devries@example.nl>"));
	assert_non_null(strstr(t, "Café om tien uur."));
	assert_non_null(strstr(t, "> eerder bericht"));
	assert_non_null(strstr(t, "Bijlagen: a.pdf, Doorgestuurd.eml"));
	assert_null(strstr(t, "HTML-deel"));
	assert_null(strstr(t, "geheim"));
	assert_null(strstr(t, "Received"));
	free(t);
	assert_int_equal(doc->nparts, 2);
	assert_string_equal(doc->parts[0].name, "a.pdf");
	assert_int_equal(doc->parts[0].len, 5);
	assert_memory_equal(doc->parts[0].data, "%PDF-", 5);
	assert_non_null(strstr((const char *)doc->parts[1].data,
	    "Subject: Doorgestuurd"));
	/* people: names and addresses, a group's name and members, Bcc */
	assert_int_equal(doc->npeople, 7);
	assert_string_equal(doc->people[0], "José de Vries");
	assert_string_equal(doc->people[1], "j.devries@example.nl");
	assert_string_equal(doc->people[3], "Groep");
	assert_string_equal(doc->people[6], "geheim@example.nl");
	lak_doc_free(doc);

	/* what the front door takes for a message, and what not */
	doc = ingest("x.txt", "Subject: a\nFrom: b\n\nc\n", 19, &err);
	assert_non_null(doc);
	assert_string_equal(doc->meta.format, "email");
	lak_doc_free(doc);
	doc = ingest("x.txt", "Notitie: a\nVan: b\n\nc\n", 20, &err);
	assert_non_null(doc);
	assert_string_equal(doc->meta.format, "text");
	lak_doc_free(doc);
}

/* A part's file name in the family. */
static void
part_file_names(void **state)
{
	char *s;

	(void)state;
	s = lak_part_file_name("in/mail.eml", 2, "Nota v2.DOCX");
	assert_string_equal(s, "mail.bijlage-2.docx");
	free(s);
	s = lak_part_file_name("mail", 1, "zonder");
	assert_string_equal(s, "mail.bijlage-1");
	free(s);
	s = lak_part_file_name("a/b.c.eml", 10, "x.t/../../e");
	assert_string_equal(s, "b.c.bijlage-10");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ingest_text_utf8_with_boxes),
		cmocka_unit_test(ingest_text_encodings),
		cmocka_unit_test(ingest_text_mixed_encoding_names_position),
		cmocka_unit_test(ingest_text_binary_and_empty),
		cmocka_unit_test(ingest_text_form_feed_starts_page),
		cmocka_unit_test(ingest_pdf_name_without_header_is_error),
		cmocka_unit_test(ingest_pdf_chars_boxes_and_white_text),
		cmocka_unit_test(ingest_pdf_truncated_is_error),
		cmocka_unit_test(ingest_pdf_real_decision),
		cmocka_unit_test(ingest_max_pages_limit),
		cmocka_unit_test(ingest_mail_family),
		cmocka_unit_test(ingest_mail_thread),
		cmocka_unit_test(part_file_names),
	};

	return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}
