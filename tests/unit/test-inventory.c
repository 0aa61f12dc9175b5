/* Unit tests: CSV records and inventory lists. */
#include "config.h"

#include "unit.h"

#include <unistd.h>

#include "lib/base/csv.h"
#include "lib/base/fsutil.h"
#include "lib/release/archive.h"
#include "lib/release/inventory.h"


static void
csv_quotes_separators_and_errors(void **state)
{
	const char *d = "a;\"b;\"\"c\"\"\";\r\n\"x\ny\";z;\n";
	struct lak_csv_row r = { NULL, 0, 0 };
	size_t pos = 0;

	(void)state;
	assert_int_equal(lak_csv_sep(d, strlen(d)), ';');
	assert_int_equal(lak_csv_next(d, strlen(d), &pos, ';', &r), 1);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.f[1], "b;\"c\"");
	assert_string_equal(r.f[2], "");
	assert_int_equal(lak_csv_next(d, strlen(d), &pos, ';', &r), 1);
	assert_string_equal(r.f[0], "x\ny");
	assert_int_equal(lak_csv_next(d, strlen(d), &pos, ';', &r), 0);
	pos = 0;
	assert_int_equal(lak_csv_next("a,b\"c\n", 6, &pos, ',', &r), -1);
	pos = 0;
	assert_int_equal(lak_csv_next("\"open\n", 6, &pos, ',', &r), -1);
	lak_csv_row_release(&r);
}

static const char *
inv_error(const char *csv)
{
	static struct lak_error err;
	struct lak_inventory *inv = NULL;

	lak_error_clear(&err);
	assert_int_equal(lak_inventory_read(csv, strlen(csv), "inv.csv", cat,
	    &inv, &err), -1);
	assert_null(inv);
	return err.msg;
}

static void
inventory_production_report_columns(void **state)
{
	/* the open.minvws.nl production report's header, ';'-separated */
	const char *csv = "\xEF\xBB\xBF" "Family;ID;Thread ID;01 Document;File Type;"
	    "06 Datum;Beoordeling;Beoordelingsgrond;Onderwerp;Periode;zaakNr;"
	    "Matter\n"
	    ";5033;;456-verslag.docx;Word;10/9/2022;Deels Openbaar;5.1.2e;"
	    "Verslag;2022-08;11-111;123\n"
	    ";5034;;123-document.pdf;PDF;10/9/2023;Niet openbaar;\"5.1.2e; "
	    "5.1.1c\";Nota;;;123\n"
	    ";5035;;brief.pdf;PDF;;Gedeeltelijk openbaar;art. 10.2e;Brief;;;\n";
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_inventory *inv = NULL;

	(void)state;
	if (lak_inventory_read(csv, strlen(csv), "p.csv", cat, &inv, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(inv->n, 3);
	assert_string_equal(inv->rows[0].id, "5033");
	assert_string_equal(inv->rows[0].file, "456-verslag.docx");
	assert_string_equal(inv->rows[0].date, "10/9/2022");
	assert_string_equal(inv->rows[0].description, "Verslag");
	assert_int_equal(inv->rows[0].judgement, LAK_JUDGE_DEELS);
	assert_int_equal(inv->rows[1].judgement, LAK_JUDGE_NIET);
	assert_int_equal(inv->rows[1].ngrounds, 2);
	assert_string_equal(cat->g[inv->rows[1].grounds[1]].code, "5.1.1c");
	assert_int_equal(inv->rows[2].judgement, LAK_JUDGE_DEELS);
	assert_string_equal(cat->g[inv->rows[2].grounds[0]].code, "10.2e");
	assert_int_equal(inv->rows[2].row, 4);
	lak_inventory_free(inv);
}

static void
inventory_errors_name_row_and_column(void **state)
{
	(void)state;
	assert_contains(inv_error("Nr,Omschrijving\n1,x\n"), "inv.csv:row 1: "
	    "no judgement");
	assert_contains(inv_error("Nr,Beoordeling\n1,misschien\n"),
	    "inv.csv:row 2, column 2 (judgement): 'misschien'");
	assert_contains(inv_error("Nr,Beoordeling,Grond\n1,openbaar,\n"
	    "2,deels openbaar,9.9.9\n"), "inv.csv:row 3, column 3 (grounds): "
	    "unknown ground '9.9.9'");
	assert_contains(inv_error("Nr,Beoordeling\n1,openbaar\n1,openbaar\n"),
	    "inv.csv:row 3, column 1 (ID): '1' is also the ID of row 2");
	assert_contains(inv_error("Nr,Beoordeling,Grond\n1,niet openbaar,\n"),
	    "row 2, column 3 (grounds): 'niet openbaar' needs");
	assert_contains(inv_error("Nr,Beoordeling,Publieke link\n"
	    "1,reeds openbaar,\n"), "row 2, column 3 (vindplaats)");
	assert_contains(inv_error("Nr,Beoordeling\n\"1,openbaar\n"),
	    "malformed CSV");
	assert_contains(inv_error(""), "expected a header row");
}

static void
inventory_from_xlsx(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_inventory *inv = NULL;

	(void)state;
	if (lak_inventory_load(unit_data("inventory/minvws-inventory-valid.xlsx"),
	    cat, &inv, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(inv->n, 2);
	assert_string_equal(inv->rows[1].id, "5034");
	assert_string_equal(inv->rows[0].id, "5033");
	assert_string_equal(inv->rows[0].file, "456-verslag.docx.docx");
	assert_int_equal(inv->rows[0].judgement, LAK_JUDGE_DEELS);
	assert_string_equal(cat->g[inv->rows[0].grounds[0]].code, "5.1.2e");
	assert_int_equal(inv->rows[0].row, 2);
	lak_inventory_free(inv);
	/* the template's example rows: their date cells are serial numbers,
	 * read as the dates they are */
	if (lak_inventory_load(unit_data(
	    "inventory/minvws-productierapport_template.xlsx"), cat, &inv,
	    &err) < 0)
		fail_msg("%s", err.msg);
	assert_true(inv->n >= 1);
	assert_string_equal(inv->rows[0].date, "2020-03-25");	/* 43915 */
	lak_inventory_free(inv);
	/* not a workbook */
	assert_int_equal(lak_inventory_load(unit_data("ingest/letter.txt"), cat,
	    &inv, &err), -1);
	lak_error_clear(&err);
	assert_int_equal(lak_inventory_load(unit_data(
	    "ingest/woo_besluit_landsadvocaat_stikstof.pdf"), cat, &inv,
	    &err), -1);
}

static void
archive_is_reproducible(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_zip_entry e[] = {
		{ "d/documenten/2.pdf", "twee", 4, NULL },
		{ "d/besluit.pdf", "besluit", 7, NULL },
		{ "d/documenten/1.pdf", "een", 3, NULL },
	};
	char dir[] = "/tmp/lak-zip-XXXXXX", a[300], b[300], cmd[700];
	char *da = NULL, *db = NULL;
	size_t la = 0, lb = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.zip", dir);
	snprintf(b, sizeof(b), "%s/b.zip", dir);
	assert_int_equal(lak_zip_write(a, e, 3, 1767225600, &err), 0);
	/* the same files in another order, later: the same bytes */
	{
		struct lak_zip_entry r[] = { e[2], e[0], e[1] };

		sleep(1);
		assert_int_equal(lak_zip_write(b, r, 3, 1767225600, &err), 0);
	}
	assert_int_equal(lak_file_read(a, 1 << 20, &da, &la, &err), 0);
	assert_int_equal(lak_file_read(b, 1 << 20, &db, &lb, &err), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	/* entries in name order */
	assert_true(memmem(da, la, "d/besluit.pdf", 13) <
	    memmem(da, la, "d/documenten/1.pdf", 18));
	free(da);
	free(db);
	/* an entry read from a file as it is written; PDFs are stored */
	{
		char f[300], z[300];
		struct lak_zip_entry fe[] = {
			{ "d/documenten/3.pdf", NULL, 0, f },
		};

		snprintf(f, sizeof(f), "%s/3.pdf", dir);
		snprintf(z, sizeof(z), "%s/f.zip", dir);
		assert_int_equal(lak_file_write_atomic(f, "%PDF-stored bytes",
		    17, 0644, &err), 0);
		assert_int_equal(lak_zip_write(z, fe, 1, 1767225600, &err), 0);
		assert_int_equal(lak_file_read(z, 1 << 20, &da, &la, &err), 0);
		assert_non_null(memmem(da, la, "%PDF-stored bytes", 17));
		free(da);
		da = NULL;
		/* a file that is gone: an error, and no archive */
		unlink(f);
		unlink(z);
		assert_int_equal(lak_zip_write(z, fe, 1, 0, &err), -1);
		assert_int_equal(access(z, F_OK), -1);
		memset(&err, 0, sizeof(err));
	}
	/* two entries with one name: refused, nothing written */
	e[1].name = "d/documenten/1.pdf";
	snprintf(a, sizeof(a), "%s/c.zip", dir);
	assert_int_equal(lak_zip_write(a, e, 3, 0, &err), -1);
	assert_int_equal(access(a, F_OK), -1);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Every bad row of an inventory in one run. */
static void
inventory_every_bad_row_at_once(void **state)
{
	const char *csv = "ID,Document,Beoordeling,Beoordelingsgrond\n"
	    "1,a.pdf,misschien,\n"
	    "2,b.pdf,niet openbaar,9.9.9\n"
	    "1,c.pdf,openbaar,\n"
	    "4,d.pdf,openbaar,\n";
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_inventory *inv = NULL;

	(void)state;
	assert_int_equal(lak_inventory_read(csv, strlen(csv), "inv.csv", cat,
	    &inv, &err), -1);
	assert_null(inv);
	assert_non_null(strstr(err.msg, "inv.csv:row 2, column 3 "
	    "(judgement): 'misschien'"));
	assert_non_null(strstr(err.msg, "\ninv.csv:row 3, column 4 (grounds): "
	    "unknown ground '9.9.9'"));
	assert_non_null(strstr(err.msg, "\ninv.csv:row 3, column 4 (grounds): "
	    "'niet openbaar' needs the ground"));
	assert_non_null(strstr(err.msg, "\ninv.csv:row 4, column 1 (ID): '1' "
	    "is also the ID of row 2"));
	assert_int_equal(err.n, 4);
	/* dates that are none, and a row with more fields than the header */
	lak_error_clear(&err);
	csv = "ID,Document,Datum,Beoordeling,Beoordelingsgrond,Toelichting\n"
	    "1,a.pdf,2026-13-45,openbaar,,\n"
	    "2,b.pdf,31-2-2026,openbaar,,\n"
	    "3,c.pdf,29/2/2024,openbaar,,\n"
	    "4,d.pdf,10/9/2022 1:34 PM UTC,openbaar,,\n"
	    "5,e.pdf,2026-03-12,deels openbaar,5.1.2e,een, twee\n";
	assert_int_equal(lak_inventory_read(csv, strlen(csv), "inv.csv", cat,
	    &inv, &err), -1);
	assert_non_null(strstr(err.msg, "inv.csv:row 2, column 3 (date): "
	    "'2026-13-45' is not a date"));
	assert_non_null(strstr(err.msg, "inv.csv:row 3, column 3 (date): "
	    "'31-2-2026'"));
	assert_null(strstr(err.msg, "29/2/2024"));
	assert_null(strstr(err.msg, "10/9/2022"));
	assert_non_null(strstr(err.msg, "inv.csv:row 6: 7 fields where the "
	    "header has 6"));
	assert_int_equal(err.n, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_separators_and_errors),
		cmocka_unit_test(inventory_production_report_columns),
		cmocka_unit_test(inventory_errors_name_row_and_column),
		cmocka_unit_test(inventory_every_bad_row_at_once),
		cmocka_unit_test(inventory_from_xlsx),
		cmocka_unit_test(archive_is_reproducible),
	};

	return cmocka_run_group_tests_name("inventory", tests, unit_setup_grounds,
	    unit_teardown_grounds);
}
