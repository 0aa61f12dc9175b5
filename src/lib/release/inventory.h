/*
 * The inventory list of a Woo request: one row per document, read from
 * CSV (',' or ';'), with the column names of open.minvws.nl's production
 * report and their aliases, or from an .xlsx workbook's first sheet.
 */
#ifndef LAK_INVENTORY_H
#define LAK_INVENTORY_H

#include <stddef.h>

#include "lib/base/error.h"
#include "lib/model/grounds.h"

enum lak_judgement {
	LAK_JUDGE_OPENBAAR,
	LAK_JUDGE_DEELS,		/* deels openbaar */
	LAK_JUDGE_NIET,			/* niet openbaar */
	LAK_JUDGE_REEDS,		/* reeds openbaar */
	LAK_JUDGE_BUITEN,		/* buiten reikwijdte */
};

struct lak_inv_row {
	size_t row;			/* in the file, 1 = the header */
	char *id, *file, *date, *description, *vindplaats, *remarks,
	    *related;
	/* The ID of the e-mail whose family it is (itself for the e-mail),
	 * for rows a run makes of attachments; NULL for others. */
	char *family;
	enum lak_judgement judgement;
	long grounds[8];		/* catalogue indices */
	size_t ngrounds;
};

struct lak_inventory {
	struct lak_inv_row *rows;
	size_t n, alloc;
};

/*
 * Read an inventory. Column names are matched without case, leading
 * numbers ("06 Datum") and blanks: ID (id, document id, documentnummer,
 * nr), file (document, bestand, bestandsnaam), date (datum, date),
 * description (omschrijving, onderwerp), judgement (beoordeling,
 * openbaarmaking), grounds (beoordelingsgrond, grond, weigeringsgronden),
 * vindplaats (publieke link, publicatielink), remarks (toelichting,
 * opmerking), related (gerelateerd id). Other columns are ignored. ID and
 * judgement are required; grounds must be known codes (any spelling);
 * "niet openbaar" needs a ground, "reeds openbaar" a vindplaats; IDs are
 * unique. Errors name "name:row R, column C (header)".
 */
int lak_inventory_read(const char *data, size_t len, const char *name,
    const struct lak_grounds *cat, struct lak_inventory **out,
    struct lak_error *err);
/* The same for a file: .xlsx (its first sheet) or CSV. */
int lak_inventory_load(const char *path, const struct lak_grounds *cat,
    struct lak_inventory **out, struct lak_error *err);
void lak_inventory_free(struct lak_inventory *inv);

const char *lak_judgement_str(enum lak_judgement j);

#endif
