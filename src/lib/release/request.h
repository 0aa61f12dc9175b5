/*
 * A Woo request on disk, the input of `lakwerk run`:
 *
 *   DIR/request.txt          the request's data (a besluit source: Dossier,
 *                            Onderwerp, Ontvangen, Besluitdatum, Regime,
 *                            Organisatie, Besluit, ... and the letter's
 *                            sections)
 *   DIR/inventaris.csv       one row per document (or inventaris.xlsx)
 *   DIR/rules/ *.rules       the rule files, in name order
 *   DIR/documenten/          the documents the inventory names
 *
 * Loading checks everything that can be checked before any document is
 * read: the request's fields, the inventory, that every file the
 * inventory names is there and every file there is named, and that IDs
 * make safe file names.
 */
#ifndef LAK_REQUEST_H
#define LAK_REQUEST_H

#include <stddef.h>

#include "lib/base/error.h"
#include "lib/model/grounds.h"
#include "lib/release/inventory.h"
#include "lib/render/template.h"

struct lak_request {
	char *dir;
	char *request_path;		/* DIR/request.txt */
	struct lak_value *data;		/* request.txt parsed (besluit) */
	const char *dossier;		/* in 'data' */
	const char *onderwerp;
	const char *besluitdatum_iso;	/* "2026-08-14" */
	const char *organisatie;	/* TOOI code, "mnre1130" */
	const char *ministerie;		/* the organisation the letter is
					 * of, or NULL */
	const char *regime;		/* "woo" or "wob" */
	char *inventory_path;
	struct lak_inventory *inv;
	char **docs;			/* per inventory row: the path of its
					 * file, or NULL when it has none */
	char **rules;			/* rule file paths, sorted */
	size_t nrules;
};

int lak_request_load(const char *dir, const struct lak_grounds *cat,
    struct lak_request **out, struct lak_error *err);
void lak_request_free(struct lak_request *req);

/*
 * The TOOI URI and name of the request's Organisatie (free() both; NULL
 * pointers: only the check), checked against the DiWoo value lists under
 * DATADIR/schemas/diwoo and against the organisation its letter names
 * (Ministerie:). Errors start with "DIR/request.txt: Organisatie: ".
 */
int lak_request_publisher(const struct lak_request *req, const char *datadir,
    char **uri, char **label, struct lak_error *err);

/* Whether 's' is usable as a file name in a release: 1 to 100 of
 * [A-Za-z0-9._-], not starting with '.'. */
int lak_safe_name(const char *s);

#endif
