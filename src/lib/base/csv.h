/*
 * CSV records (RFC 4180: quoted fields, doubled quotes, CRLF or LF), with
 * ',' or ';' as the separator (Dutch spreadsheets write ';').
 */
#ifndef LAK_CSV_H
#define LAK_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"

struct lak_csv_row {
	char **f;		/* NUL-terminated fields */
	size_t n, alloc;
};

/* The separator a header line uses: ';' when it has more of them than
 * commas outside quotes, else ','. */
char lak_csv_sep(const char *data, size_t len);

/*
 * Read the record at *pos into 'row' (replacing what it held) and move
 * *pos past it. Returns 1 for a record, 0 at the end of the data, -1 for a
 * malformed record (a stray or unclosed quote) or no memory.
 */
int lak_csv_next(const char *data, size_t len, size_t *pos, char sep,
    struct lak_csv_row *row);
void lak_csv_row_release(struct lak_csv_row *row);

/*
 * Append one field ('last': then CRLF, else ','), quoted when it holds a
 * separator, quote or line end. A field that a spreadsheet would take for
 * a formula (leading = + - @) is quoted with an apostrophe in front (CSV
 * injection).
 */
void lak_csv_field(struct lak_buf *out, const char *s, bool last);

#endif
