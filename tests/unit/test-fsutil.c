/* Unit tests: capped reads and atomic writes. */
#include "config.h"

#include "unit.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/fsutil.h"

static char dir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/lak-fsutil-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *
path(const char *name)
{
	static char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

/* Entries in the test directory. */
static int
count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
fsutil_write_then_read(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *data = NULL;
	size_t len = 0;
	struct stat st;

	(void)state;
	assert_int_equal(lak_file_write_atomic(path("a.txt"), "hallo\0x", 7,
	    0644, &err), 0);
	assert_int_equal(lak_file_read(path("a.txt"), 100, &data, &len, &err),
	    0);
	assert_int_equal(len, 7);
	assert_memory_equal(data, "hallo\0x", 7);
	assert_int_equal(data[7], '\0');
	free(data);
	assert_int_equal(stat(path("a.txt"), &st), 0);
	assert_int_equal(st.st_mode & 0600, 0600);
	/* overwrite, and no temporary file stays behind */
	assert_int_equal(lak_file_write_atomic(path("a.txt"), "b", 1, 0644,
	    &err), 0);
	assert_int_equal(count_entries(), 1);
}

static void
fsutil_read_errors_name_reason(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *data = NULL;
	size_t len;

	(void)state;
	assert_int_equal(lak_file_read(path("missing"), 100, &data, &len,
	    &err), -1);
	assert_int_equal(err.code, LAK_ENOENT);
	assert_null(data);
	lak_error_clear(&err);
	assert_int_equal(lak_file_read(dir, 100, &data, &len, &err), -1);
	assert_contains(err.msg, "directory");
	lak_error_clear(&err);
	lak_file_write_atomic(path("big"), "0123456789", 10, 0644, &err);
	assert_int_equal(lak_file_read(path("big"), 5, &data, &len, &err), -1);
	assert_int_equal(err.code, LAK_ELIMIT);
}

static void
fsutil_failed_write_leaves_nothing(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	int before;

	(void)state;
	before = count_entries();
	assert_int_equal(lak_file_write_atomic(path("no/such/dir/x"), "x", 1,
	    0644, &err), -1);
	assert_int_equal(err.code, LAK_EIO);
	assert_int_equal(count_entries(), before);
}

static void
fsutil_basename(void **state)
{
	(void)state;
	assert_string_equal(lak_path_basename("a/b/c.pdf"), "c.pdf");
	assert_string_equal(lak_path_basename("c.pdf"), "c.pdf");
}

/* Folders made, files linked, and a tree removed without following a
 * symbolic link out of it. */
static void
fsutil_folders(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char outside[600], *data = NULL;
	size_t len;
	struct stat st;

	(void)state;
	assert_int_equal(lak_mkdir_p(path("t/a/b/c"), &err), 0);
	assert_int_equal(lak_mkdir_p(path("t/a/b/c"), &err), 0);	/* again */
	assert_int_equal(stat(path("t/a/b/c"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(lak_file_write_atomic(path("keep.txt"), "keep", 4,
	    0644, &err), 0);
	snprintf(outside, sizeof(outside), "%s", path("keep.txt"));
	assert_int_equal(lak_file_link(outside, path("t/a/k.txt"), &err), 0);
	assert_int_equal(lak_file_read(path("t/a/k.txt"), 100, &data, &len,
	    &err), 0);
	assert_string_equal(data, "keep");
	free(data);
	/* an existing target is an error, and left as it is */
	assert_int_equal(lak_file_write_atomic(path("other.txt"), "other", 5,
	    0644, &err), 0);
	snprintf(outside, sizeof(outside), "%s", path("other.txt"));
	assert_int_equal(lak_file_link(outside, path("t/a/k.txt"), &err), -1);
	assert_non_null(strstr(err.msg, "k.txt: cannot link: File exists"));
	assert_int_equal(lak_file_read(path("t/a/k.txt"), 100, &data, &len,
	    &err), 0);
	assert_string_equal(data, "keep");
	free(data);
	snprintf(outside, sizeof(outside), "%s", path("keep.txt"));
	assert_int_equal(symlink(outside, path("t/a/b/link")), 0);
	snprintf(outside, sizeof(outside), "%s", path("t"));
	assert_int_equal(symlink(outside, path("t/a/b/c/loop")), 0);
	assert_int_equal(lak_remove_tree(path("t"), &err), 0);
	assert_int_equal(access(path("t"), F_OK), -1);
	assert_int_equal(access(path("keep.txt"), F_OK), 0);
	assert_int_equal(lak_remove_tree(path("t"), &err), 0);	/* missing */
	assert_int_equal(lak_remove_tree(path("other.txt"), &err), 0);
	assert_int_equal(access(path("other.txt"), F_OK), -1);
	/* a folder that cannot be made: named */
	{
		struct lak_error e2 = LAK_ERROR_INIT;

		assert_int_equal(lak_mkdir_p(path("keep.txt/x"), &e2), -1);
		assert_non_null(strstr(e2.msg, "keep.txt: cannot create the "
		    "folder: Not a directory"));
	}
	unlink(path("keep.txt"));
}

/* A folder swapped into place: the new one there, the old one gone. */
static void
fsutil_dir_swap(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char tmp[600], fin[600], old[600], *data = NULL;
	size_t len;

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s", path("new.tmp"));
	snprintf(fin, sizeof(fin), "%s", path("rel"));
	snprintf(old, sizeof(old), "%s", path("rel.old"));
	assert_int_equal(lak_mkdir_p(path("rel/sub"), &err), 0);
	assert_int_equal(lak_file_write_atomic(path("rel/sub/a"), "old", 3,
	    0644, &err), 0);
	assert_int_equal(lak_mkdir_p(tmp, &err), 0);
	assert_int_equal(lak_file_write_atomic(path("new.tmp/b"), "new", 3,
	    0644, &err), 0);
	assert_int_equal(lak_mkdir_p(path("rel.old/stale"), &err), 0);
	assert_int_equal(lak_dir_swap(tmp, fin, old, &err), 0);
	assert_int_equal(lak_file_read(path("rel/b"), 10, &data, &len, &err),
	    0);
	assert_string_equal(data, "new");
	free(data);
	assert_int_equal(access(path("rel/sub"), F_OK), -1);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(access(old, F_OK), -1);
	/* the first time there is nothing to move aside */
	assert_int_equal(lak_mkdir_p(tmp, &err), 0);
	assert_int_equal(lak_remove_tree(fin, &err), 0);
	assert_int_equal(lak_dir_swap(tmp, fin, old, &err), 0);
	assert_int_equal(access(fin, F_OK), 0);
	/* 'tmp' missing: an error naming it, and 'final' stays */
	{
		struct lak_error e2 = LAK_ERROR_INIT;

		assert_int_equal(lak_dir_swap(tmp, fin, old, &e2), -1);
		assert_non_null(strstr(e2.msg, "new.tmp in its place"));
		assert_int_equal(access(fin, F_OK), 0);
		assert_int_equal(access(old, F_OK), -1);
	}
	assert_int_equal(lak_remove_tree(fin, &err), 0);
}

/* The head of a file: at most n bytes, the whole of a short one; not of
 * a folder or a missing file. */
static void
fsutil_head(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char buf[8];

	(void)state;
	assert_int_equal(lak_file_write_atomic(path("head"), "0123456789",
	    10, 0644, &err), 0);
	assert_int_equal(lak_file_head(path("head"), buf, 4), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(lak_file_write_atomic(path("short"), "ab", 2, 0644,
	    &err), 0);
	assert_int_equal(lak_file_head(path("short"), buf, sizeof(buf)), 2);
	assert_int_equal(lak_file_head(path("missing"), buf, 4), -1);
	assert_int_equal(lak_file_head(dir, buf, 4), -1);
	/* and a name's extension, case aside */
	assert_true(lak_path_has_ext("a/Mail.EML", ".eml"));
	assert_false(lak_path_has_ext("eml", ".eml"));
	assert_false(lak_path_has_ext("a.emlx", ".eml"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fsutil_write_then_read),
		cmocka_unit_test(fsutil_read_errors_name_reason),
		cmocka_unit_test(fsutil_head),
		cmocka_unit_test(fsutil_failed_write_leaves_nothing),
		cmocka_unit_test(fsutil_basename),
		cmocka_unit_test(fsutil_folders),
		cmocka_unit_test(fsutil_dir_swap),
	};

	return cmocka_run_group_tests_name("fsutil", tests, setup, teardown);
}
