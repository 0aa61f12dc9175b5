/*
 * The first worksheet of an .xlsx workbook as CSV text, so that
 * spreadsheet inventories read like CSV ones. Through minizip and
 * libxml2; entries are capped in size (zip bombs) and XML entities are
 * not expanded.
 */
#ifndef LAK_XLSX_H
#define LAK_XLSX_H

#include "lib/base/buf.h"
#include "lib/base/error.h"

/* Append the sheet to 'csv' (',' separated, quoted where needed, one
 * line per sheet row so that row numbers stay the same). */
int lak_xlsx_to_csv(const char *path, struct lak_buf *csv,
    struct lak_error *err);

#endif
