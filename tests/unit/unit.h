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

/* Assert that 'hay' contains 'needle', printing both when not. */
#define assert_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (h_ == NULL || strstr(h_, n_) == NULL) \
		fail_msg("'%s' does not contain '%s'", h_ ? h_ : "(null)", \
		    n_); \
} while (0)

#endif
