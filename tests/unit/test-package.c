/* Unit tests: request folders (request.c), the package stage's XML, CSV
 * and schemas (package.c), and verification of a release folder
 * (verify-release.c). */
#include "config.h"

#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/digest.h"
#include "lib/base/fsutil.h"
#include "lib/ingest/ingest.h"
#include "lib/pdf/verify.h"
#include "lib/release/inventory-list.h"
#include "lib/release/package.h"
#include "lib/release/request.h"
#include "lib/release/xlsx.h"

static const char *
src(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("LAKWERK_DATADIR");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", rel);
	return path;
}

static struct lak_schema *
diwoo_schema(void)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_schema *s = NULL;
	char xsd[4096];

	snprintf(xsd, sizeof(xsd), "%s", src("schemas/diwoo/diwoo-metadata.xsd"));
	if (lak_schema_load(xsd, src("schemas/diwoo/catalog.xml"), &s,
	    &err) < 0)
		fail_msg("%s", err.msg);
	return s;
}

static void
tooi_organisations(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *uri, *label;
	char lists[4096];

	(void)state;
	snprintf(lists, sizeof(lists), "%s",
	    src("schemas/diwoo/diwoo-metadata-lijsten.xsd"));
	assert_int_equal(lak_tooi_organisation(lists, "mnre1130", NULL, &uri, &label,
	    &err), 0);
	assert_string_equal(uri,
	    "https://identifier.overheid.nl/tooi/id/ministerie/mnre1130");
	assert_string_equal(label, "ministerie van Infrastructuur en Waterstaat");
	free(uri);
	free(label);
	assert_int_equal(lak_tooi_organisation(lists, "gm0363", NULL, &uri, &label,
	    &err), 0);
	assert_string_equal(label, "gemeente Amsterdam");
	free(uri);
	free(label);
	/* unknown, and a code that is only a suffix of a real one */
	assert_int_equal(lak_tooi_organisation(lists, "mnre9999", NULL, &uri, &label,
	    &err), -1);
	assert_int_equal(err.code, LAK_ENOENT);
	assert_null(uri);
	assert_int_equal(lak_tooi_organisation(lists, "1130", NULL, &uri, &label,
	    &err), -1);

	/* The letter's organisation: the same one written otherwise is the
	 * same; another ministry, or one the lists do not know, is not. */
	static const char *const same[] = {
		"Ministerie van Infrastructuur en Waterstaat",
		"het  ministerie van infrastructuur & waterstaat.",
		"MINISTERIE VAN INFRASTRUCTUUR EN WATERSTAAT",
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_int_equal(lak_tooi_organisation(lists, "mnre1130",
		    same[i], &uri, &label, &err), 0);
		free(uri);
		free(label);
	}
	assert_int_equal(lak_tooi_organisation(lists, "gm0363",
	    "Gemeente Amsterdam", &uri, &label, &err), 0);
	free(uri);
	free(label);
	lak_error_clear(&err);
	assert_int_equal(lak_tooi_organisation(lists, "mnre1010",
	    "Ministerie van Infrastructuur en Waterstaat", &uri, &label, &err),
	    -1);
	assert_int_equal(err.code, LAK_EFORMAT);
	assert_null(uri);
	assert_non_null(strstr(err.msg, "'mnre1130' in the TOOI lists"));
	lak_error_clear(&err);
	assert_int_equal(lak_tooi_organisation(lists, "mnre1130",
	    "Ministerie van Waterbeheer en Ruimte", &uri, &label, &err), -1);
	assert_non_null(strstr(err.msg, "no organisation"));
	/* a part of the name is not the name */
	assert_int_equal(lak_tooi_organisation(lists, "mnre1130",
	    "Infrastructuur en Waterstaat", &uri, &label, &err), -1);
	/* Economische Zaken has two codes (today's and a historic one) */
	assert_int_equal(lak_tooi_organisation(lists, "mnre1040",
	    "Ministerie van Economische Zaken", &uri, &label, &err), 0);
	free(uri);
	free(label);
}

static void
diwoo_valid_and_escaped(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_schema *s = diwoo_schema();
	struct lak_diwoo d = { "WR/1", "https://identifier.overheid.nl/tooi/"
	    "id/ministerie/mnre1130", "ministerie van Infrastructuur en "
	    "Waterstaat", "Nota <over> \"dijken\" & meer", NULL, "2026-03-01",
	    NULL, NULL, NULL, NULL, "2026-08-14", "WR/besluit" };
	struct lak_buf b;

	(void)state;
	lak_buf_init(&b, 0);
	assert_int_equal(lak_diwoo_write(&d, &b, &err), 0);
	lak_buf_addc(&b, '\0');
	assert_non_null(strstr(b.data, "Nota &lt;over&gt; &quot;dijken&quot; &amp; meer"));
	assert_non_null(strstr(b.data, "c_3baef532"));
	assert_int_equal(lak_schema_validate(s, b.data, b.len - 1, "x.xml",
	    &err), 0);
	/* the schema is enforced: an unknown publisher, a bad date */
	lak_buf_reset(&b);
	d.publisher_uri = "https://example.org/not-tooi";
	assert_int_equal(lak_diwoo_write(&d, &b, &err), 0);
	assert_int_equal(lak_schema_validate(s, b.data, b.len, "x.xml", &err),
	    -1);
	assert_non_null(strstr(err.msg, "x.xml:7: "));
	assert_non_null(strstr(err.msg, "not-tooi"));
	lak_buf_reset(&b);
	memset(&err, 0, sizeof(err));
	d.publisher_uri = "https://identifier.overheid.nl/tooi/id/ministerie/"
	    "mnre1130";
	d.creatiedatum = "1 maart 2026";
	assert_int_equal(lak_diwoo_write(&d, &b, &err), 0);
	assert_int_equal(lak_schema_validate(s, b.data, b.len, "x.xml", &err),
	    -1);
	/* text that is not UTF-8 is an error, not broken XML */
	lak_buf_reset(&b);
	d.creatiedatum = NULL;
	d.title = "bad \xff byte";
	assert_int_equal(lak_diwoo_write(&d, &b, &err), -1);
	/* not XML at all */
	memset(&err, 0, sizeof(err));
	assert_int_equal(lak_schema_validate(s, "<a>", 3, "y.xml", &err), -1);
	if (strstr(err.msg, "y.xml:") == NULL)
		fail_msg("%s", err.msg);
	lak_buf_release(&b);
	lak_schema_free(s);
}

static void
inventory_list_csv(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_inv_row rows[2] = { 0 };
	struct lak_ground_count g[2] = { { 0, 3, 40 }, { 0, 1, 9 } };
	struct lak_release_doc d[2] = { 0 };
	struct lak_buf b;

	(void)state;
	g[0].ground = lak_grounds_find(cat, "5.1.2e");
	g[1].ground = lak_grounds_find(cat, "5.1.1e");
	rows[0].id = "0001";
	rows[0].description = "=HYPERLINK(\"x\")";	/* a formula */
	rows[0].judgement = LAK_JUDGE_DEELS;
	rows[0].grounds[0] = lak_grounds_find(cat, "5.2.1");
	rows[0].ngrounds = 1;
	rows[1].id = "0002";
	rows[1].description = "Verslag; intern";
	rows[1].judgement = LAK_JUDGE_NIET;
	rows[1].grounds[0] = lak_grounds_find(cat, "5.2.1");
	rows[1].grounds[1] = lak_grounds_find(cat, "5.1.2e");
	rows[1].ngrounds = 2;
	d[0].row = &rows[0];
	d[0].number = 1;
	d[0].processed = true;
	d[0].pages = 4;
	d[0].g = g;
	d[0].ng = 2;
	d[1].row = &rows[1];
	d[1].number = 2;
	lak_buf_init(&b, 0);
	assert_int_equal(lak_inventory_list_csv(d, 2, cat, &b, &err), 0);
	lak_buf_addc(&b, '\0');
	/* released: the grounds the plan applied, sorted, not the row's;
	 * withheld: the row's */
	assert_non_null(strstr(b.data, "1,0001,,\"'=HYPERLINK(\"\"x\"\")\","
	    "deels openbaar,\"5.1.1e, 5.1.2e\",4,,,\r\n"));
	assert_non_null(strstr(b.data, "2,0002,,\"Verslag; intern\",niet "
	    "openbaar,\"5.1.2e, 5.2.1\",,,,\r\n"));
	lak_buf_release(&b);
}

static size_t
count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, l = strlen(needle);

	for (size_t i = 0; i + l <= len; i++)
		n += memcmp(hay + i, needle, l) == 0;
	return n;
}

/* 80 rows do not fit on one landscape page: the table goes on, and the
 * same rows give the same bytes. */
static void
inventory_list_pdf(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_inv_row rows[80];
	struct lak_release_doc d[80];
	struct lak_buf a, b;

	(void)state;
	memset(rows, 0, sizeof(rows));
	memset(d, 0, sizeof(d));
	for (size_t i = 0; i < 80; i++) {
		rows[i].id = "0001";
		rows[i].description = "Een omschrijving die lang genoeg is om "
		    "over twee regels in de kolom te lopen, met <tekens> & "
		    "meer";
		rows[i].judgement = LAK_JUDGE_OPENBAAR;
		d[i].row = &rows[i];
		d[i].number = i + 1;
		d[i].processed = true;
		d[i].pages = 2;
	}
	lak_buf_init(&a, 0);
	lak_buf_init(&b, 0);
	assert_int_equal(lak_inventory_list_pdf(d, 80, cat, "Inventarislijst",
	    "Dossier X", 1786708800, &a, &err), 0);
	assert_true(a.len > 1000);
	assert_memory_equal(a.data, "%PDF-", 5);
	/* page objects: "/Type /Page" and not "/Type /Pages" */
	assert_true(count(a.data, a.len, "/Type /Page") -
	    count(a.data, a.len, "/Type /Pages") >= 3);
	assert_int_equal(lak_inventory_list_pdf(d, 80, cat, "Inventarislijst",
	    "Dossier X", 1786708800, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	lak_buf_release(&a);
	lak_buf_release(&b);
}

/* A description longer than a page: its row ends in an ellipsis on one
 * page instead of running off it. */
static void
inventory_list_pdf_long_row(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_inv_row rows[3];
	struct lak_release_doc d[3];
	struct lak_doc *doc = NULL;
	struct lak_buf a, desc;

	(void)state;
	memset(rows, 0, sizeof(rows));
	memset(d, 0, sizeof(d));
	lak_buf_init(&desc, 0);
	for (int i = 0; i < 3000; i++)
		lak_buf_addf(&desc, "woord%d ", i);
	for (size_t i = 0; i < 3; i++) {
		rows[i].id = "0001";
		rows[i].description = i == 1 ? desc.data : "Kort";
		rows[i].judgement = LAK_JUDGE_OPENBAAR;
		d[i].row = &rows[i];
		d[i].number = i + 1;
		d[i].processed = true;
		d[i].pages = 1;
	}
	lak_buf_init(&a, 0);
	assert_int_equal(lak_inventory_list_pdf(d, 3, cat, "Inventarislijst",
	    "Dossier X", 1786708800, &a, &err), 0);
	io.probe_dpi = 0;
	assert_int_equal(lak_ingest_bytes("list.pdf", a.data, a.len, &io, &doc,
	    &err), 0);
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t i = 0; i < doc->pages[p].nchars; i++)
			assert_true(doc->pages[p].chars[i].box.y1 <=
			    doc->pages[p].height + 0.5);
	/* the long row is cut short on one page (the first row on page
	 * 1, the long one on page 2 with the row after it) */
	{
		struct lak_buf t;

		lak_buf_init(&t, 0);
		assert_int_equal(doc->npages, 2);
		for (size_t i = 0; i < doc->pages[1].nchars; i++)
			lak_buf_add_utf8(&t, doc->pages[1].chars[i].cp);
		/* (cairo gives the ellipsis the text it stands for, so the
		 * whole description is still in the text layer) */
		assert_non_null(strstr(t.data, "woord200"));
		assert_non_null(strstr(t.data, "Kort"));
		lak_buf_release(&t);
	}
	lak_doc_free(doc);
	lak_buf_release(&a);
	lak_buf_release(&desc);
}

static void
safe_names(void **state)
{
	(void)state;
	assert_true(lak_safe_name("0001"));
	assert_true(lak_safe_name("WR-2026_0042.a"));
	assert_false(lak_safe_name(""));
	assert_false(lak_safe_name(".hidden"));
	assert_false(lak_safe_name("../x"));
	assert_false(lak_safe_name("a/b"));
	assert_false(lak_safe_name("a b"));
	assert_false(lak_safe_name(NULL));
}

/* --- request folders ------------------------------------------------- */

static char tmp[4096];

static void
put(const char *rel, const char *text)
{
	char p[8192];
	struct lak_error err = LAK_ERROR_INIT;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	assert_int_equal(lak_file_write_atomic(p, text, strlen(text), 0644,
	    &err), 0);
}

static const char *
load_error(void)
{
	static struct lak_error err;
	struct lak_request *req = NULL;

	memset(&err, 0, sizeof(err));
	if (lak_request_load(tmp, cat, &req, &err) == 0) {
		lak_request_free(req);
		return NULL;
	}
	return err.msg;
}

static void
request_folders(void **state)
{
	static const char head[] = "Dossier: D-1\nOnderwerp: dijken\n"
	    "Besluitdatum: 2026-08-14\nOrganisatie: mnre1130\n"
	    "Besluit: deels openbaar\nOndertekenaar: A\n";
	struct lak_request *req = NULL;
	struct lak_error err = LAK_ERROR_INIT;
	char p[8192];
	const char *e;

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/lak-request-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmp));
	snprintf(p, sizeof(p), "%s/rules", tmp);
	mkdir(p, 0777);
	snprintf(p, sizeof(p), "%s/documenten", tmp);
	mkdir(p, 0777);
	put("request.txt", head);
	put("rules/a.rules", "5.1.2e term \"X\"\n");
	put("rules/names.txt", "Y\n");
	put("documenten/a.txt", "tekst\n");
	put("inventaris.csv", "ID,Bestand,Beoordeling,Grond\n"
	    "1,a.txt,deels openbaar,5.1.2e\n2,,niet openbaar,5.2.1\n");
	assert_null(load_error());
	assert_int_equal(lak_request_load(tmp, cat, &req, &err), 0);
	assert_string_equal(req->dossier, "D-1");
	assert_string_equal(req->besluitdatum_iso, "2026-08-14");
	assert_string_equal(req->regime, "woo");
	assert_int_equal(req->nrules, 1);		/* not names.txt */
	assert_non_null(strstr(req->docs[0], "documenten/a.txt"));
	assert_null(req->docs[1]);
	lak_request_free(req);

	/* a file present but not listed */
	put("documenten/b.txt", "x\n");
	assert_non_null(e = load_error());
	assert_non_null(strstr(e, "documenten/b.txt: not in the inventory"));
	snprintf(p, sizeof(p), "%s/documenten/b.txt", tmp);
	unlink(p);
	/* listed but absent; a released document without a file */
	put("inventaris.csv", "ID,Bestand,Beoordeling,Grond\n"
	    "1,a.txt,deels openbaar,5.1.2e\n2,c.txt,openbaar,\n");
	assert_non_null(e = load_error());
	assert_non_null(strstr(e, "inventaris.csv:row 3: file 'c.txt' of "
	    "document 2 is not in"));
	put("inventaris.csv", "ID,Bestand,Beoordeling,Grond\n"
	    "1,a.txt,deels openbaar,5.1.2e\n2,,openbaar,\n");
	assert_non_null(e = load_error());
	assert_non_null(strstr(e, "row 3: document 2 is to be released"));
	/* an ID that would make a path */
	put("inventaris.csv", "ID,Bestand,Beoordeling,Grond\n"
	    "../1,a.txt,deels openbaar,5.1.2e\n");
	assert_non_null(e = load_error());
	assert_non_null(strstr(e, "row 2: ID '../1'"));
	put("inventaris.csv", "ID,Bestand,Beoordeling,Grond\n"
	    "1,a.txt,deels openbaar,5.1.2e\n");
	/* two inventories */
	put("inventaris.xlsx", "x");
	assert_non_null(e = load_error());
	assert_non_null(strstr(e, "two inventories"));
	snprintf(p, sizeof(p), "%s/inventaris.xlsx", tmp);
	unlink(p);
	/* request.txt: a required field, Grond lines, a bad dossier */
	put("request.txt", "Dossier: D-1\nOnderwerp: dijken\n"
	    "Besluit: openbaar\n");
	assert_non_null(e = load_error());
	assert_non_null(strstr(e, "no 'Besluitdatum:' line"));
	{
		char t[1024];

		snprintf(t, sizeof(t), "%sGrond: 5.1.2e | x | 1 | 1\n", head);
		put("request.txt", t);
		assert_non_null(e = load_error());
		assert_non_null(strstr(e, "request.txt:7:1: 'Grond'"));
		snprintf(t, sizeof(t), "%s", head);
		memcpy(t + 9, "D/1", 3);
		put("request.txt", t);
		assert_non_null(e = load_error());
		assert_non_null(strstr(e, "Dossier 'D/1'"));
	}
	put("request.txt", head);
	/* no rules */
	snprintf(p, sizeof(p), "%s/rules/a.rules", tmp);
	unlink(p);
	assert_non_null(e = load_error());
	assert_non_null(strstr(e, "no rule files"));
	/* clean up */
	{
		char cmd[8300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		assert_int_equal(system(cmd), 0);
	}
}

/* The productierapport's workbook reads back (lakwerk's own xlsx reader):
 * the header, strings escaped, a date as a date cell, empty cells. */
static void
xlsx_write_reads_back(void **state)
{
	const char *cells[] = {
		"ID", "Datum", "Omschrijving",
		"0001", "2026-03-12", "A & B <c> \"d\"",
		"0001-1", "geen datum", NULL,
	};
	const char kind[] = { 0, 'd', 0 };
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_buf x, csv;
	char path[] = "/tmp/lakwerk-xlsx-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	lak_buf_init(&x, 0);
	lak_buf_init(&csv, 0);
	assert_int_equal(lak_xlsx_write("Blad", cells, 3, 3, kind, &x, &err),
	    0);
	assert_int_equal(lak_file_write_atomic(path, x.data, x.len, 0600,
	    &err), 0);
	assert_int_equal(lak_xlsx_to_csv(path, &csv, &err), 0);
	lak_buf_addc(&csv, '\0');
	assert_non_null(strstr(csv.data, "ID,Datum,Omschrijving"));
	/* (a date cell is its serial day: 2026-03-12 is 46093) */
	assert_non_null(strstr(csv.data, "0001,46093,"
	    "\"A & B <c> \"\"d\"\"\""));
	assert_non_null(strstr(csv.data, "0001-1,geen datum"));
	/* the same cells, the same bytes */
	lak_buf_reset(&csv);
	assert_int_equal(lak_xlsx_write("Blad", cells, 3, 3, kind, &csv,
	    &err), 0);
	assert_int_equal(csv.len, x.len);
	assert_memory_equal(csv.data, x.data, x.len);
	unlink(path);
	lak_buf_release(&x);
	lak_buf_release(&csv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tooi_organisations),
		cmocka_unit_test(diwoo_valid_and_escaped),
		cmocka_unit_test(inventory_list_csv),
		cmocka_unit_test(xlsx_write_reads_back),
		cmocka_unit_test(inventory_list_pdf),
		cmocka_unit_test(inventory_list_pdf_long_row),
		cmocka_unit_test(safe_names),
		cmocka_unit_test(request_folders),
	};

	return cmocka_run_group_tests(tests, unit_setup_grounds,
	    unit_teardown_grounds);
}
