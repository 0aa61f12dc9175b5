/* Shared by the cmocka unit tests: cmocka's prerequisites, in order. */
#ifndef LAK_TEST_UNIT_H
#define LAK_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file under $LAK_TESTDATA (the test's data directory). */
static inline const char *
unit_data(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("LAK_TESTDATA");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", rel);
	return path;
}

#include "lib/model/grounds.h"

/* The grounds catalogue of the source tree ($LAKWERK_DATADIR). */
static inline struct lak_grounds *
unit_grounds(void)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_grounds *cat = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s/redaction-rules/grounds.txt",
	    getenv("LAKWERK_DATADIR") ? getenv("LAKWERK_DATADIR") : ".");
	if (lak_grounds_load(path, &cat, &err) < 0)
		fprintf(stderr, "%s\n", err.msg);
	return cat;
}

/*
 * Group set-up and tear-down for tests that need the catalogue: it is in
 * 'cat' while the group runs.
 */
static struct lak_grounds *cat;

static inline int
unit_setup_grounds(void **state)
{
	(void)state;
	cat = unit_grounds();
	return cat == NULL ? -1 : 0;
}

static inline int
unit_teardown_grounds(void **state)
{
	(void)state;
	lak_grounds_free(cat);
	cat = NULL;
	return 0;
}

/* Assert that 'hay' contains 'needle', printing both when not. */
#define assert_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (h_ == NULL || strstr(h_, n_) == NULL) \
		fail_msg("'%s' does not contain '%s'", h_ ? h_ : "(null)", \
		    n_); \
} while (0)

#endif
