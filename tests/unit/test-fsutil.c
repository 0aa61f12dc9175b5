/* Unit tests: capped reads and atomic writes. */
#include "config.h"

#include "unit.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fsutil_write_then_read),
		cmocka_unit_test(fsutil_read_errors_name_reason),
		cmocka_unit_test(fsutil_failed_write_leaves_nothing),
		cmocka_unit_test(fsutil_basename),
	};

	return cmocka_run_group_tests_name("fsutil", tests, setup, teardown);
}
