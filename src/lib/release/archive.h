/*
 * Reproducible ZIP archives for releases: entries in name order, every
 * entry with the same date (the release's, from SOURCE_DATE_EPOCH) and
 * the same attributes, so that the same files give the same bytes.
 * Written to a temporary file and renamed: complete or absent.
 */
#ifndef LAK_ARCHIVE_H
#define LAK_ARCHIVE_H

#include <stddef.h>

#include "lib/base/error.h"

struct lak_zip_entry {
	const char *name;	/* "dossier/documenten/0001.pdf" */
	const void *data;	/* the bytes, or NULL: read from 'path' */
	size_t len;
	const char *path;	/* read when it is written, one at a time, so
				 * a large release is never all in memory */
};

int lak_zip_write(const char *path, const struct lak_zip_entry *entries,
    size_t n, long long date, struct lak_error *err);

#endif
