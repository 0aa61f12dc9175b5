/*
 * Reproducible ZIP archives (see archive.h), through minizip.
 */
#include "lib/base/common.h"

#include <time.h>
#include <unistd.h>

#include <minizip/zip.h>

#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/release/archive.h"

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct lak_zip_entry *)a)->name,
	    ((const struct lak_zip_entry *)b)->name);
}

int
lak_zip_write(const char *path, const struct lak_zip_entry *entries,
    size_t n, long long date, struct lak_error *err)
{
	struct lak_zip_entry *sorted = NULL;
	zip_fileinfo zi;
	struct tm tm;
	time_t t = (time_t)date;
	char tmp[4096];
	zipFile zf;
	int ret = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return lak_error_set(err, LAK_EINVAL, "path too long");
	if ((sorted = malloc((n + 1) * sizeof(*sorted))) == NULL)
		return lak_error_oom(err);
	memcpy(sorted, entries, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_entry);
	for (size_t i = 1; i < n; i++)
		if (strcmp(sorted[i - 1].name, sorted[i].name) == 0) {
			lak_error_set(err, LAK_EINVAL, "two entries named %s",
			    sorted[i].name);
			free(sorted);
			return -1;
		}
	/* DOS dates start in 1980 */
	gmtime_r(&t, &tm);
	if (tm.tm_year < 80) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 80;
		tm.tm_mday = 1;
	}
	memset(&zi, 0, sizeof(zi));
	zi.tmz_date.tm_sec = (uInt)tm.tm_sec;
	zi.tmz_date.tm_min = (uInt)tm.tm_min;
	zi.tmz_date.tm_hour = (uInt)tm.tm_hour;
	zi.tmz_date.tm_mday = (uInt)tm.tm_mday;
	zi.tmz_date.tm_mon = (uInt)tm.tm_mon;
	zi.tmz_date.tm_year = (uInt)tm.tm_year + 1900;
	zi.external_fa = 0100644u << 16;	/* a regular file, rw-r--r-- */
	if ((zf = zipOpen64(tmp, APPEND_STATUS_CREATE)) == NULL) {
		free(sorted);
		return lak_error_set(err, LAK_EIO, "%s: cannot create: %s", tmp,
		    strerror(errno));
	}
	for (size_t i = 0; i < n; i++) {
		/* PDFs are compressed already: store them (deflating them
		 * again took most of the packaging time and saved ~1 %). */
		const char *dot = strrchr(sorted[i].name, '.');
		bool store = dot && (strcmp(dot, ".pdf") == 0 ||
		    strcmp(dot, ".zip") == 0);

		const void *data = sorted[i].data;
		size_t len = sorted[i].len;
		char *buf = NULL;

		if (data == NULL && sorted[i].path != NULL) {
			if (lak_file_read(sorted[i].path, LAK_MAX_ARCHIVE_ENTRY, &buf,
			    &len, err) < 0) {
				lak_error_prefix(err, "%s: ", sorted[i].path);
				zipClose(zf, NULL);
				goto out;
			}
			data = buf;
		}
		if (len > 0xffffffffu) {
			free(buf);
			lak_error_set(err, LAK_ELIMIT, "%s: larger than 4 GB",
			    sorted[i].name);
			zipClose(zf, NULL);
			goto out;
		}
		errno = 0;
		if (zipOpenNewFileInZip64(zf, sorted[i].name, &zi, NULL, 0,
		    NULL, 0, NULL, store ? 0 : Z_DEFLATED, store ? 0 : 6, 0) !=
		    ZIP_OK || zipWriteInFileInZip(zf, data, (unsigned)len) !=
		    ZIP_OK || zipCloseFileInZip(zf) != ZIP_OK) {
			int e = errno;

			free(buf);
			lak_error_set(err, LAK_EIO, "%s: cannot write %s: %s",
			    tmp, sorted[i].name, e ? strerror(e) : "write error");
			zipClose(zf, NULL);
			goto out;
		}
		free(buf);
	}
	errno = 0;
	if (zipClose(zf, NULL) != ZIP_OK) {
		lak_error_set(err, LAK_EIO, "%s: cannot finish the archive: %s",
		    tmp, errno ? strerror(errno) : "write error");
		goto out;
	}
	/* on disk before it takes the final name */
	if (lak_file_sync(tmp, err) < 0)
		goto out;
	if (rename(tmp, path) < 0) {
		lak_error_set(err, LAK_EIO, "%s: cannot rename into place: %s",
		    path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		unlink(tmp);
	free(sorted);
	return ret;
}
