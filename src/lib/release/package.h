/*
 * Package stage: the parts of a release that describe it. DiWoo metadata
 * per document (and for the decision and the inventory), the manifest,
 * the inventory list as CSV, and validation of XML against the schemas
 * shipped in schemas/ (offline: the DiWoo schema's remote import goes
 * through an XML catalog to a local stand-in).
 */
#ifndef LAK_PACKAGE_H
#define LAK_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/model/grounds.h"
#include "lib/redact/redact.h"
#include "lib/release/inventory.h"

#define LAK_MANIFEST_NS "urn:x-lakwerk:manifest:1"
#define LAK_DIWOO_NS "https://standaarden.overheid.nl/diwoo/metadata/"

/* --- schemas --------------------------------------------------------- */

struct lak_schema;

/* Compile the XML schema 'xsd'; 'catalog' (or NULL) resolves its imports.
 * Nothing is fetched from the network. */
int lak_schema_load(const char *xsd, const char *catalog,
    struct lak_schema **out, struct lak_error *err);
/* 0 when 'data' is valid; else -1 with "name:line: message" of the first
 * error. */
int lak_schema_validate(const struct lak_schema *s, const void *data,
    size_t len, const char *name, struct lak_error *err);
void lak_schema_free(struct lak_schema *s);

/*
 * The TOOI URI and name of organisation 'code' ("mnre1130", "gm0363")
 * from the DiWoo value lists 'lists_xsd' (free() both). LAK_ENOENT when
 * the lists do not know it. With 'name' (the organisation the letter is
 * of, "Ministerie van Infrastructuur en Waterstaat"), LAK_EFORMAT when
 * that is not the name the lists give 'code' (case, spacing, "het " and
 * "&"/"en" aside): the metadata would publish another organisation.
 */
int lak_tooi_organisation(const char *lists_xsd, const char *code,
    const char *name, char **uri, char **label, struct lak_error *err);

/* --- DiWoo ----------------------------------------------------------- */

struct lak_diwoo {
	const char *identifier;		/* "WR-2026-0042/0001" */
	const char *publisher_uri, *publisher_label;
	const char *title;
	const char *description;	/* or NULL */
	const char *creatiedatum;	/* "2026-03-01" or NULL */
	const char *documentsoort_uri, *documentsoort_label;	/* or NULL */
	const char *format_uri, *format_label;			/* or NULL */
	const char *handeling_date;	/* "2026-08-14": vaststelling */
	/* the besluit: its identifier (the resource) and title, or NULL */
	const char *is_part_of, *is_part_of_title;
	/* the besluit's parts: the documents and lists released with it */
	const struct lak_diwoo_part *parts;
	size_t nparts;
};

struct lak_diwoo_part {
	const char *identifier;		/* "WR-2026-0042/0001" */
	const char *title;
};

/* A diwoo:Document with the information category "Woo-verzoeken en
 * -besluiten", language Dutch. */
int lak_diwoo_write(const struct lak_diwoo *d, struct lak_buf *out,
    struct lak_error *err);

/* --- manifest -------------------------------------------------------- */

struct lak_release_doc {
	const struct lak_inv_row *row;
	size_t number;			/* 1-based, inventory order */
	bool processed;			/* redacted and released */
	size_t pages, withheld_pages;
	const struct lak_ground_count *g;	/* passages per ground */
	size_t ng;
	const char *file;		/* "documenten/ID.pdf" or NULL */
	const char *metadata;		/* "metadata/ID.xml" or NULL */
	const char *kind;		/* what the text says it is, "nota",
					 * ... (NULL or "" unknown) */
	const char *thread;		/* an e-mail's thread ID (lak_meta),
					 * NULL or "" none */
};

struct lak_release_file {
	const char *name;		/* relative to the release's root */
	size_t size;
	char sha256[65];
	const char *type;		/* media type */
};

struct lak_release_rules {
	const char *name;		/* the file's name, no directory */
	char hmac[65];
};

struct lak_manifest {
	const char *version;		/* of lakwerk */
	const char *dossier, *onderwerp, *regime, *organisatie,
	    *besluitdatum, *besluit;
	const struct lak_release_rules *rules;
	size_t nrules;
	const char *rules_key;		/* where the HMAC key is kept */
	const struct lak_release_file *files;
	size_t nfiles;
	const struct lak_release_doc *docs;
	size_t ndocs;
	const struct lak_grounds *cat;
};

int lak_manifest_write(const struct lak_manifest *m, struct lak_buf *out,
    struct lak_error *err);

/* The media type lakwerk gives a release file, by its extension. */
const char *lak_media_type(const char *name);

/* The grounds of a document for the inventory and the manifest: those its
 * plan applied, and for a withheld document those of its inventory row, in
 * catalogue order; "5.1.2e, 5.2.1". */
void lak_release_doc_grounds(const struct lak_release_doc *d,
    const struct lak_grounds *cat, char *buf, size_t size);

#endif
