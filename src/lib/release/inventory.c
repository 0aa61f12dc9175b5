/*
 * Inventory lists (see inventory.h).
 */
#include "lib/base/common.h"

#include <ctype.h>

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/date.h"
#include "lib/base/csv.h"
#include "lib/base/fsutil.h"
#include "lib/release/inventory.h"
#include "lib/release/xlsx.h"

enum col { C_ID, C_FILE, C_DATE, C_DESC, C_JUDGE, C_GROUNDS, C_VIND,
	C_REMARKS, C_RELATED, C_COUNT };

static const struct {
	const char *alias;
	enum col col;
} aliases[] = {
	{ "id", C_ID }, { "document id", C_ID }, { "document-id", C_ID },
	{ "documentid", C_ID }, { "documentnummer", C_ID },
	{ "documentnr", C_ID }, { "nr", C_ID }, { "nr.", C_ID },
	{ "nummer", C_ID },
	{ "document", C_FILE }, { "bestand", C_FILE },
	{ "bestandsnaam", C_FILE }, { "file", C_FILE },
	{ "datum", C_DATE }, { "date", C_DATE },
	{ "omschrijving", C_DESC }, { "onderwerp", C_DESC },
	{ "beschrijving", C_DESC }, { "description", C_DESC },
	{ "beoordeling", C_JUDGE }, { "openbaarmaking", C_JUDGE },
	{ "oordeel", C_JUDGE }, { "judgement", C_JUDGE },
	{ "beoordelingsgrond", C_GROUNDS }, { "beoordelingsgronden", C_GROUNDS },
	{ "grond", C_GROUNDS }, { "gronden", C_GROUNDS },
	{ "weigeringsgrond", C_GROUNDS }, { "weigeringsgronden", C_GROUNDS },
	{ "vindplaats", C_VIND }, { "publieke link", C_VIND },
	{ "publicatielink", C_VIND }, { "link", C_VIND },
	{ "toelichting", C_REMARKS }, { "opmerking", C_REMARKS },
	{ "opmerkingen", C_REMARKS },
	{ "gerelateerd id", C_RELATED }, { "gerelateerd", C_RELATED },
	{ "related", C_RELATED },
};

static const char *const judgements[] = {
	"openbaar", "deels openbaar", "niet openbaar", "reeds openbaar",
	"buiten reikwijdte",
};

const char *
lak_judgement_str(enum lak_judgement j)
{
	return (unsigned)j < LAK_ARRAY_SIZE(judgements) ? judgements[j] : "?";
}

void
lak_inventory_free(struct lak_inventory *inv)
{
	if (inv == NULL)
		return;
	for (size_t i = 0; i < inv->n; i++) {
		struct lak_inv_row *r = &inv->rows[i];

		free(r->id);
		free(r->file);
		free(r->date);
		free(r->description);
		free(r->vindplaats);
		free(r->remarks);
		free(r->related);
		free(r->family);
	}
	free(inv->rows);
	free(inv);
}

/* "06 Datum " -> "datum" */
static char *
header_key(const char *h)
{
	char *k;

	while (isdigit((unsigned char)*h))
		h++;
	k = g_ascii_strdown(h, -1);
	return g_strstrip(k);
}

/* Judgement as written, in any case; "gedeeltelijk openbaar" is
 * "deels openbaar". */
static int
judgement(const char *s)
{
	char *k = g_ascii_strdown(s, -1);
	int j = -1;

	g_strstrip(k);
	if (strcmp(k, "gedeeltelijk openbaar") == 0)
		j = LAK_JUDGE_DEELS;
	for (size_t i = 0; j < 0 && i < LAK_ARRAY_SIZE(judgements); i++)
		if (strcmp(k, judgements[i]) == 0)
			j = (int)i;
	g_free(k);
	return j;
}

static char *
dup_field(const struct lak_csv_row *r, int col)
{
	char *s;

	if (col < 0 || (size_t)col >= r->n)
		return NULL;
	s = g_strstrip(strdup(r->f[col]));
	if (s != NULL && *s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * A spreadsheet's date cell read as its serial number ("43915", maybe
 * with a time as a fraction): days since 30 December 1899. Replaced by the
 * ISO date, which is what the inventory list publishes.
 */
static int
excel_date(char **date)
{
	char *end, iso[16];
	double serial = strtod(*date, &end);
	int y, m, d;

	if (end == *date || *end != '\0' || !isdigit((unsigned char)**date) ||
	    serial < 1 || serial >= 2958466)	/* 1900 to 9999 */
		return 0;
	/* serial 25569 is 1 January 1970 */
	lak_date_from_days((long)serial - 25569, &y, &m, &d);
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
	free(*date);
	return (*date = strdup(iso)) == NULL ? -1 : 0;
}

/*
 * A calendar date as inventories write it: 2026-03-12, 12-3-2026, or with
 * slashes either way round (the production report's spreadsheet dates:
 * "10/9/2022 1:34 PM UTC"); a time after it is allowed.
 */
static bool
valid_date(const char *s)
{
	int y, m, d;
	const char *end;

	if (lak_date_scan(s, &y, &m, &d, &end) < 0 ||
	    !(lak_date_valid(y, m, d) || (strchr(s, '/') != NULL &&
	    lak_date_valid(y, d, m))))
		return false;
	return *end == '\0' || ((*end == ' ' || *end == 'T') &&
	    isdigit((unsigned char)end[1]) && strchr(end, ':') != NULL);
}

int
lak_inventory_read(const char *data, size_t len, const char *name,
    const struct lak_grounds *cat, struct lak_inventory **out,
    struct lak_error *err)
{
	struct lak_inventory *inv = calloc(1, sizeof(*inv));
	struct lak_csv_row rec = { NULL, 0, 0 };
	int col[C_COUNT];
	size_t pos = 0, row = 1, bad = 0, ncols;
	char sep;
	int ret = -1, rc;

	*out = NULL;
	if (inv == NULL)
		return lak_error_oom(err);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	if (!g_utf8_validate(data, (gssize)len, NULL)) {
		lak_error_set(err, LAK_EFORMAT, "%s: not UTF-8 text (save the "
		    "spreadsheet as CSV UTF-8)", name);
		goto out;
	}
	sep = lak_csv_sep(data + pos, len - pos);
	if ((rc = lak_csv_next(data, len, &pos, sep, &rec)) <= 0) {
		lak_error_set(err, LAK_EFORMAT, "%s:row 1: %s", name, rc == 0 ?
		    "empty: expected a header row" : "malformed CSV");
		goto out;
	}
	for (int c = 0; c < C_COUNT; c++)
		col[c] = -1;
	for (size_t k = 0; k < rec.n; k++) {
		char *h = header_key(rec.f[k]);

		for (size_t a = 0; a < LAK_ARRAY_SIZE(aliases); a++)
			if (strcmp(h, aliases[a].alias) == 0 &&
			    col[aliases[a].col] < 0)
				col[aliases[a].col] = (int)k;
		g_free(h);
	}
	if (col[C_ID] < 0 || col[C_JUDGE] < 0) {
		lak_error_set(err, LAK_EFORMAT, "%s:row 1: no %s column (the "
		    "header needs ID and Beoordeling, or their aliases)", name,
		    col[C_ID] < 0 ? "ID" : "judgement (Beoordeling)");
		goto out;
	}
	ncols = rec.n;
	while ((rc = lak_csv_next(data, len, &pos, sep, &rec)) > 0) {
		struct lak_inv_row *r;
		const char *j;
		int jv;

		row++;
		{
			/* a row of empty cells (spreadsheets keep styled
			 * ones) is a blank line */
			bool empty = true;

			for (size_t k = 0; k < rec.n && empty; k++)
				for (const char *c = rec.f[k]; *c && empty; c++)
					empty = isspace((unsigned char)*c);
			if (empty)
				continue;
		}
		/* more fields than the header has: a separator in a field
		 * without quotes, which shifts the columns after it */
		if (rec.n > ncols) {
			bool extra = false;

			for (size_t k = ncols; k < rec.n; k++)
				extra |= rec.f[k][0] != '\0';
			if (extra) {
				bad++;
				lak_error_add(err, LAK_EFORMAT, "%s:row %zu: %zu "
				    "fields where the header has %zu (a '%c' in "
				    "a field without quotes?)", name, row, rec.n,
				    ncols, sep);
				continue;
			}
		}
		if (lak_array_grow((void **)&inv->rows, &inv->alloc, inv->n,
		    sizeof(*inv->rows)) < 0) {
			lak_error_oom(err);
			goto out;
		}
		r = &inv->rows[inv->n++];
		memset(r, 0, sizeof(*r));
		r->row = row;
		r->id = dup_field(&rec, col[C_ID]);
		r->file = dup_field(&rec, col[C_FILE]);
		r->date = dup_field(&rec, col[C_DATE]);
		r->description = dup_field(&rec, col[C_DESC]);
		r->vindplaats = dup_field(&rec, col[C_VIND]);
		r->remarks = dup_field(&rec, col[C_REMARKS]);
		r->related = dup_field(&rec, col[C_RELATED]);
		if (r->id == NULL) {
			bad++;
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu, column %d "
			    "(ID): empty", name, row, col[C_ID] + 1);
			if ((r->id = strdup("")) == NULL) {
				lak_error_oom(err);
				goto out;
			}
		}
		for (size_t k = 0; *r->id && k + 1 < inv->n; k++)
			if (strcmp(inv->rows[k].id, r->id) == 0) {
				bad++;
				lak_error_add(err, LAK_EFORMAT, "%s:row %zu, "
				    "column %d (ID): '%s' is also the ID of "
				    "row %zu", name, row, col[C_ID] + 1,
				    r->id, inv->rows[k].row);
				break;
			}
		if (r->date != NULL && excel_date(&r->date) < 0) {
			lak_error_oom(err);
			goto out;
		}
		if (r->date != NULL && !valid_date(r->date)) {
			bad++;
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu, column %d "
			    "(date): '%s' is not a date (2026-03-12, 12-3-2026 "
			    "or 12/3/2026)", name, row, col[C_DATE] + 1,
			    r->date);
		}
		j = (size_t)col[C_JUDGE] < rec.n ? rec.f[col[C_JUDGE]] : "";
		if ((jv = judgement(j)) < 0) {
			bad++;
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu, column %d "
			    "(judgement): '%s' (expected openbaar, deels "
			    "openbaar, niet openbaar, reeds openbaar or buiten "
			    "reikwijdte)", name, row, col[C_JUDGE] + 1, j);
			continue;
		}
		r->judgement = (enum lak_judgement)jv;
		if (col[C_GROUNDS] >= 0 && (size_t)col[C_GROUNDS] < rec.n) {
			gchar **g = g_strsplit_set(rec.f[col[C_GROUNDS]], ";,",
			    -1);

			for (gchar **p = g; *p; p++) {
				long gi;

				g_strstrip(*p);
				if (**p == '\0')
					continue;
				if ((gi = lak_grounds_find(cat, *p)) < 0) {
					bad++;
					lak_error_add(err, LAK_EFORMAT, "%s:row "
					    "%zu, column %d (grounds): unknown "
					    "ground '%s'", name, row,
					    col[C_GROUNDS] + 1, *p);
					continue;
				}
				for (size_t m = 0; m < r->ngrounds; m++)
					if (r->grounds[m] == gi)
						gi = -1;	/* listed twice */
				if (gi >= 0 && r->ngrounds <
				    LAK_ARRAY_SIZE(r->grounds))
					r->grounds[r->ngrounds++] = gi;
			}
			g_strfreev(g);
		}
		if (r->judgement == LAK_JUDGE_NIET && r->ngrounds == 0) {
			bad++;
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu, column %d "
			    "(grounds): 'niet openbaar' needs the ground it is "
			    "withheld on", name, row, col[C_GROUNDS] >= 0 ?
			    col[C_GROUNDS] + 1 : col[C_JUDGE] + 1);
		}
		if (r->judgement == LAK_JUDGE_REEDS && r->vindplaats == NULL) {
			bad++;
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu, column %d "
			    "(vindplaats): 'reeds openbaar' needs where it was "
			    "published", name, row, col[C_VIND] >= 0 ?
			    col[C_VIND] + 1 : col[C_JUDGE] + 1);
		}
	}
	if (rc < 0) {
		lak_error_add(err, LAK_EFORMAT, "%s:row %zu: malformed CSV (a "
		    "stray or unclosed quote)", name, row + 1);
		goto out;
	}
	/* every bad row is reported, then the inventory is refused */
	if (bad > 0)
		goto out;
	*out = inv;
	inv = NULL;
	ret = 0;
out:
	lak_csv_row_release(&rec);
	lak_inventory_free(inv);
	return ret;
}

int
lak_inventory_load(const char *path, const struct lak_grounds *cat,
    struct lak_inventory **out, struct lak_error *err)
{
	const char *dot = strrchr(path, '.');
	struct lak_buf csv;
	char *data = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	if (dot && g_ascii_strcasecmp(dot, ".xlsx") == 0) {
		lak_buf_init(&csv, (size_t)256 << 20);
		if (lak_xlsx_to_csv(path, &csv, err) < 0) {
			lak_buf_release(&csv);
			lak_error_prefix(err, "%s: ", path);
			return -1;
		}
		ret = lak_inventory_read(csv.data, csv.len, path, cat, out,
		    err);
		lak_buf_release(&csv);
		return ret;
	}
	if (lak_file_read(path, (size_t)256 << 20, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: ", path);
		return -1;
	}
	ret = lak_inventory_read(data, len, path, cat, out, err);
	free(data);
	return ret;
}
