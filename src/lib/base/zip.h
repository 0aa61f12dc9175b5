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

/*
 * Read a ZIP file in memory: want(name) decides which entries are
 * inflated; got() is called for each with its bytes (NUL-terminated).
 * An entry larger than 'cap' when inflated, or more than 100,000 entries,
 * fails with LAK_ELIMIT (a zip bomb); a damaged file with LAK_EFORMAT.
 * got()'s nonzero return stops the walk and is returned.
 */
typedef bool (*lak_unzip_want_fn)(const char *name, void *ctx);
typedef int (*lak_unzip_got_fn)(const char *name, const char *data,
    size_t len, void *ctx);
int lak_unzip(const void *zip, size_t len, lak_unzip_want_fn want,
    lak_unzip_got_fn got, void *ctx, size_t cap, struct lak_error *err);

#endif
