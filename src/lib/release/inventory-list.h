/*
 * Release stage: the inventory list of a release (inventarislijst), as CSV
 * and as a PDF table, from the documents as the manifest describes them.
 */
#ifndef LAK_INVENTORY_LIST_H
#define LAK_INVENTORY_LIST_H

#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"
#include "lib/model/grounds.h"
#include "lib/release/package.h"

/*
 * The inventory list as CSV (Nr, Document ID, Datum, Omschrijving,
 * Beoordeling, Weigeringsgronden, Pagina's, Toelichting, Vindplaats,
 * Gerelateerd ID: the e-mail an attachment belongs to).
 */
int lak_inventory_list_csv(const struct lak_release_doc *docs, size_t n,
    const struct lak_grounds *cat, struct lak_buf *out,
    struct lak_error *err);

/* The same list as a table in a PDF (landscape A4, the header repeated on
 * every page). */
int lak_inventory_list_pdf(const struct lak_release_doc *docs, size_t n,
    const struct lak_grounds *cat, const char *title, const char *subtitle,
    long long date, struct lak_buf *out, struct lak_error *err);

#endif
