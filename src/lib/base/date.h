/*
 * Calendar dates as Dutch documents, inventories and sources write them:
 * "2026-03-12", "12-3-2026", "12/3/2026", "12.3.2026" and "12 maart 2026".
 * One reader and one calendar for the sources' header dates, inventory
 * rows, the date-of-birth detector and the decision letter's terms.
 */
#ifndef LAK_DATE_H
#define LAK_DATE_H

#include <stdbool.h>

/* "januari" ... "december" */
extern const char *const lak_months_nl[12];

/*
 * Read a date at the start of 's' (leading blanks skipped; line breaks
 * count as blanks): *y, *m, *d as written, unchecked (d-m-y forms give
 * the first number as *d; with slashes it may be a month: see
 * lak_date_valid()). *end is set past it. 0, or -1 when 's' does not
 * start with a date's shape.
 */
int lak_date_scan(const char *s, int *y, int *m, int *d, const char **end);

/* A day of the calendar, in 1900 to 2999. */
bool lak_date_valid(int y, int m, int d);

/* Days since 1 January 1970 of a valid date, and back. */
long lak_date_days(int y, int m, int d);
void lak_date_from_days(long days, int *y, int *m, int *d);

#endif
