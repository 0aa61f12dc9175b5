/*
 * Shared by the libFuzzer targets (built with ./configure --enable-fuzzing,
 * run by make fuzz-smoke). Each target feeds its bytes to one parser that
 * lakwerk owns; any crash, leak, hang or sanitizer report is a bug.
 */
#ifndef LAK_FUZZ_H
#define LAK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/model/grounds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The grounds catalogue of the source tree, loaded once. */
static inline const struct lak_grounds *
fuzz_grounds(void)
{
	static struct lak_grounds *cat;

	if (cat == NULL) {
		struct lak_error err = LAK_ERROR_INIT;
		const char *dir = getenv("LAKWERK_DATADIR");
		char path[4096];

		snprintf(path, sizeof(path), "%s/redaction-rules/grounds.txt",
		    dir ? dir : LAK_SRCDIR);
		if (lak_grounds_load(path, &cat, &err) < 0) {
			fprintf(stderr, "fuzz: %s\n", err.msg);
			abort();
		}
	}
	return cat;
}

#endif
