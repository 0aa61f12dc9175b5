/*
 * The first worksheet of an .xlsx workbook as CSV text, so that
 * spreadsheet inventories read like CSV ones. Through base/zip's reader
 * and libxml2; entries are capped in size (zip bombs) and XML entities are
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
/* The same for a workbook in memory. */
int lak_xlsx_to_csv_mem(const void *zip, size_t len, struct lak_buf *csv,
    struct lak_error *err);

/*
 * A workbook of one sheet ('sheet' its name): 'nrows' rows of 'ncols'
 * cells, row-major, the first row the header (bold). A cell of a column
 * whose kind[c] is 'd' and that holds a date YYYY-MM-DD is a date cell;
 * every other cell a string (NULL or "" an empty cell). Control
 * characters XML cannot carry are left out. The same cells give the same
 * bytes (the zip's dates are fixed).
 */
int lak_xlsx_write(const char *sheet, const char *const *cells, size_t nrows,
    size_t ncols, const char *kind, struct lak_buf *out,
    struct lak_error *err);

#endif
