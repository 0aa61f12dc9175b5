/*
 * Files in and out. Reads are capped and refuse non-regular files; writes
 * are atomic. The only place in the library that touches file descriptors.
 */
#include "lib/base/common.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/fsutil.h"

int
lak_file_read(const char *path, size_t cap, char **out, size_t *len,
    struct lak_error *err)
{
	struct lak_buf b;
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd, ret = -1;

	*out = NULL;
	*len = 0;
	lak_buf_init(&b, cap);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return lak_error_set(err, LAK_ENOENT, "no such file");
		if (errno == EACCES)
			return lak_error_set(err, LAK_EIO, "permission denied");
		return lak_error_set(err, LAK_EIO, "cannot open: %s",
		    strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		lak_error_set(err, LAK_EIO, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		lak_error_set(err, LAK_EUNSUPPORTED, "is a directory");
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		lak_error_set(err, LAK_EUNSUPPORTED, "not a regular file");
		goto out;
	}
	if ((unsigned long long)st.st_size > cap) {
		lak_error_set(err, LAK_ELIMIT,
		    "file is %lld bytes, larger than the limit of %zu",
		    (long long)st.st_size, cap);
		goto out;
	}
	/* Regular files never block; clear O_NONBLOCK for tidiness. */
	(void)fcntl(fd, F_SETFL, 0);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			lak_error_set(err, LAK_EIO, "read failed: %s",
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (lak_buf_add(&b, chunk, (size_t)n) < 0) {
			if (b.failed == LAK_ELIMIT)
				lak_error_set(err, LAK_ELIMIT,
				    "file grew past the limit of %zu bytes", cap);
			else
				lak_error_oom(err);
			goto out;
		}
	}
	*out = lak_buf_take(&b, len);
	if (*out == NULL) {
		lak_error_oom(err);
		goto out;
	}
	ret = 0;
out:
	close(fd);
	lak_buf_release(&b);
	return ret;
}

/*
 * The process umask. umask() can only be read by setting it, so this briefly
 * sets it back; lakwerk does not write files from several threads.
 */
static mode_t
umask_get(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len > (1u << 30) ? (1u << 30) : len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t
lak_file_head(const char *path, void *buf, size_t n)
{
	struct stat st;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return (ssize_t)got;
}

int
lak_file_write_atomic(const char *path, const void *data, size_t len,
    unsigned int mode, struct lak_error *err)
{
	struct lak_buf tmp;
	int fd = -1, ret = -1;

	lak_buf_init(&tmp, 8192);
	if (lak_buf_addf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
		lak_error_set(err, LAK_EINVAL, "path too long");
		goto out;
	}
	fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0) {
		lak_error_set(err, LAK_EIO, "cannot create a temporary file: %s",
		    strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		lak_error_set(err, LAK_EIO, "write failed: %s", strerror(errno));
		goto out;
	}
	if (fchmod(fd, (mode_t)(mode & 07777) & ~umask_get()) < 0) {
		lak_error_set(err, LAK_EIO, "chmod failed: %s", strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		lak_error_set(err, LAK_EIO, "write failed: %s", strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path) < 0) {
		lak_error_set(err, LAK_EIO, "cannot rename into place: %s",
		    strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret < 0 && tmp.len)
		unlink(tmp.data);
	lak_buf_release(&tmp);
	return ret;
}

int
lak_file_put(const char *dir, const char *name, const char *suffix,
    const void *data, size_t len, unsigned int mode, struct lak_error *err)
{
	char *p = lak_path_join(dir, name, suffix);
	int ret;

	if (p == NULL)
		return lak_error_oom(err);
	ret = lak_file_write_atomic(p, data, len, mode, err);
	if (ret < 0)
		lak_error_prefix(err, "%s: ", p);
	free(p);
	return ret;
}

char *
lak_path_join(const char *dir, const char *name, const char *suffix)
{
	size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s%s", dir, name, suffix);
	return p;
}

const char *
lak_path_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int
lak_mkdir_p(const char *dir, struct lak_error *err)
{
	char *p = strdup(dir);

	if (p == NULL)
		return lak_error_oom(err);
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			struct stat st;

			*s = '\0';
			if (mkdir(p, 0777) < 0 && (errno != EEXIST ||
			    (stat(p, &st) == 0 && !S_ISDIR(st.st_mode) &&
			    (errno = ENOTDIR)))) {
				lak_error_set(err, LAK_EIO, "%s: cannot create "
				    "the folder: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			if ((*s = c) == '\0')
				break;
		}
	}
	free(p);
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 &&
	    errno != ENOENT)
		return -1;
	return 0;
}

int
lak_remove_tree(const char *path, struct lak_error *err)
{
	struct stat st;

	if (lstat(path, &st) < 0 && errno == ENOENT)
		return 0;
	/* depth first, symbolic links removed and not followed */
	if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return lak_error_set(err, LAK_EIO, "%s: cannot remove: %s",
		    path, strerror(errno));
	return 0;
}

int
lak_file_link(const char *from, const char *to, struct lak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	if (link(from, to) == 0)
		return 0;
	if (errno != EXDEV && errno != EPERM && errno != EMLINK &&
	    errno != EOPNOTSUPP)
		return lak_error_set(err, LAK_EIO, "%s: cannot link: %s", to,
		    strerror(errno));
	/* another file system, or no hard links there: copy */
	if (lak_file_read(from, SIZE_MAX / 2, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: ", from);
		return -1;
	}
	ret = lak_file_write_atomic(to, data, len, 0666, err);
	if (ret < 0)
		lak_error_prefix(err, "%s: ", to);
	free(data);
	return ret;
}

int
lak_file_sync(const char *path, struct lak_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0 || fsync(fd) < 0) {
		lak_error_set(err, LAK_EIO, "%s: cannot flush to disk: %s",
		    path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
lak_dir_swap(const char *tmp, const char *final, const char *old,
    struct lak_error *err)
{
	bool moved = false;

	if (lak_remove_tree(old, err) < 0)
		return -1;
	if (access(final, F_OK) == 0) {
		if (rename(final, old) < 0)
			return lak_error_set(err, LAK_EIO, "%s: cannot move "
			    "it aside: %s", final, strerror(errno));
		moved = true;
	}
	if (rename(tmp, final) < 0) {
		int e = errno;

		if (moved)	/* the earlier one back in its place */
			rename(old, final);
		return lak_error_set(err, LAK_EIO, "%s: cannot put %s in "
		    "its place: %s", final, tmp, strerror(e));
	}
	return lak_remove_tree(old, err);
}

bool
lak_path_has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), m = strlen(ext);

	return n >= m && g_ascii_strcasecmp(name + n - m, ext) == 0;
}
