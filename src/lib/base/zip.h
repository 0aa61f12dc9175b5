/*
 * A small ZIP file in memory, entries in the order given (an OpenDocument
 * file needs its "mimetype" first and stored), every entry with the same
 * date, so that the same parts give the same bytes. For documents of a few
 * megabytes; a release's archive is release/archive.h's (streamed from
 * files, ZIP64).
 */
#ifndef LAK_ZIP_H
#define LAK_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"

struct lak_zip_part {
	const char *name;
	const void *data;
	size_t len;
	bool store;		/* not compressed */
};

int lak_zip_memory(const struct lak_zip_part *parts, size_t n,
    long long date, struct lak_buf *out, struct lak_error *err);

#endif
