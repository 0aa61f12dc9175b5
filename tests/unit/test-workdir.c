/* Unit tests: the work folder's cached results, and staged folders. */
#include "config.h"

#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/fsutil.h"
#include "lib/base/stage.h"
#include "lib/run/workdir.h"

static char dir[256];
static struct lak_grounds *cat;

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/lak-workdir-XXXXXX");
	if (mkdtemp(dir) == NULL || (cat = unit_grounds()) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	lak_grounds_free(cat);
	return lak_remove_tree(dir, &err);
}

static const char *
path(const char *name)
{
	static char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static void
put(const char *name, const char *data)
{
	struct lak_error err = LAK_ERROR_INIT;

	assert_int_equal(lak_file_write_atomic(path(name), data, strlen(data),
	    0644, &err), 0);
}

static const char key[] = "0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef";

/* A result for document 'id' with two grounds. */
static void
write_result(const char *id, bool withheld, bool review)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ground_count g[2] = {
		{ lak_grounds_find(cat, "5.1.2e"), 3, 40 },
		{ lak_grounds_find(cat, "5.2.1"), 1, 12 },
	};
	struct lak_result r = { .pages = 4, .withheld_pages = 1, .spans = 4,
	    .withheld = withheld, .g = g, .ng = 2, .kind = "kamerbrief",
	    .thread = "T0123456789abcdef" };
	struct lak_result_files f = { .pdf = withheld ? NULL : "%PDF-1.7 x",
	    .pdflen = 10, .csv = "id,document\n", .csvlen = 12,
	    .review = review ? "{}" : NULL, .reviewlen = 2 };

	assert_true(g[0].ground >= 0 && g[1].ground >= 0);
	assert_int_equal(lak_result_write(dir, id, key, &r, cat, &f, &err), 0);
}

static void
workdir_result_round_trip(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_result r;

	(void)state;
	write_result("0001", false, true);
	assert_int_equal(lak_result_read(dir, "0001", key, true, cat, &r,
	    &err), 0);
	assert_int_equal(r.pages, 4);
	assert_int_equal(r.withheld_pages, 1);
	assert_int_equal(r.spans, 4);
	assert_false(r.withheld);
	assert_string_equal(r.kind, "kamerbrief");
	assert_string_equal(r.thread, "T0123456789abcdef");
	assert_int_equal(r.ng, 2);
	assert_string_equal(cat->g[r.g[0].ground].code, "5.1.2e");
	assert_int_equal(r.g[0].spans, 3);
	assert_int_equal(r.g[0].chars, 40);
	assert_int_equal(r.g[1].chars, 12);
	lak_result_release(&r);
	assert_null(r.g);
	/* a withheld document has no PDF, and needs none */
	write_result("0002", true, false);
	assert_int_equal(lak_result_read(dir, "0002", key, false, cat, &r,
	    &err), 0);
	assert_true(r.withheld);
	lak_result_release(&r);
	assert_int_equal(access(path("0002.pdf"), F_OK), -1);
}

static void
workdir_reuses_only_a_whole_matching_result(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	static const char other[] = "f123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef";
	struct lak_result r;

	(void)state;
	write_result("0003", false, false);
	/* another key: a different set-up or document */
	assert_int_equal(lak_result_read(dir, "0003", other, false, cat, &r,
	    &err), -1);
	/* a report wanted, but the result has no review data */
	lak_error_clear(&err);
	assert_int_equal(lak_result_read(dir, "0003", key, true, cat, &r,
	    &err), -1);
	assert_non_null(strstr(err.msg, "review data"));
	/* a file changed in the work folder: redone, never reused */
	put("0003.pdf", "%PDF-1.7 y");
	lak_error_clear(&err);
	assert_int_equal(lak_result_read(dir, "0003", key, false, cat, &r,
	    &err), -1);
	assert_non_null(strstr(err.msg, "changed"));
	/* without a key (just written by a worker) the stats alone */
	assert_int_equal(lak_result_read(dir, "0003", NULL, false, cat, &r,
	    &err), 0);
	lak_result_release(&r);
	/* no key file: the result is not whole */
	write_result("0004", false, false);
	unlink(path("0004.key"));
	assert_int_equal(lak_result_read(dir, "0004", key, false, cat, &r,
	    &err), -1);
}

/* A rewrite of a result cut short (a worker or shard killed between its
 * files) leaves no key: the files of the new set-up are never taken for
 * the old key's result. */
static void
workdir_rewrite_cut_short_leaves_no_key(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ground_count g = { lak_grounds_find(cat, "5.1.2e"), 1, 5 };
	struct lak_result r = { .pages = 1, .spans = 1, .g = &g, .ng = 1 };
	static const char newkey[] = "e123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef";
	struct lak_result_files f = { .pdf = "%PDF-1.7 new", .pdflen = 12,
	    .csv = "id,new\n", .csvlen = 7, .review = "{\"new\":1}",
	    .reviewlen = 9 };
	struct lak_result out;

	(void)state;
	write_result("0007", false, false);
	assert_int_equal(lak_result_read(dir, "0007", key, false, cat, &out,
	    &err), 0);
	lak_result_release(&out);
	/* the new result's review data cannot be written: by then its PDF,
	 * plan and stats are, and the key is not */
	assert_int_equal(mkdir(path("0007.review.json"), 0755), 0);
	assert_int_equal(lak_result_write(dir, "0007", newkey, &r, cat, &f,
	    &err), -1);
	lak_error_clear(&err);
	assert_int_equal(lak_result_read(dir, "0007", key, false, cat, &out,
	    &err), -1);
	lak_error_clear(&err);
	assert_int_equal(lak_result_read(dir, "0007", newkey, false, cat, &out,
	    &err), -1);
	assert_int_equal(access(path("0007.key"), F_OK), -1);
	rmdir(path("0007.review.json"));
}

static void
workdir_failure_record(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *why;

	(void)state;
	assert_null(lak_result_failure(dir, "0005"));
	assert_int_equal(lak_result_write_failure(dir, "0005", "page 3: bad",
	    &err), 0);
	why = lak_result_failure(dir, "0005");
	assert_string_equal(why, "page 3: bad");
	free(why);
	/* a result written later removes it */
	write_result("0005", false, false);
	assert_null(lak_result_failure(dir, "0005"));
}

/* Stats files the parser must refuse, with the line it names. */
static void
workdir_parse_rejects_damage(void **state)
{
	static const struct {
		const char *stats;
		const char *msg;
	} bad[] = {
		{ "pages 3\nbogus 1\n", "t.stats:2: damaged line 'bogus 1'" },
		{ "pages -3\n", "t.stats:1:" },
		{ "pages 3x\n", "t.stats:1:" },
		{ "pages 99999999999999999999999\n", "t.stats:1:" },
		{ "withheld 2\n", "t.stats:1:" },
		{ "ground 9.9.9 1 1\n", "t.stats:1:" },
		{ "ground 5.1.2e 1\n", "t.stats:1:" },
		{ "pages 3 4\n", "t.stats:1:" },
		{ "thread <a@b.nl>\n", "t.stats:1:" },
		{ "thread T0123456789abcdef0123456789\n", "t.stats:1:" },
		{ "\n", "t.stats:1:" },
		{ "sha256 .pdf abc\n", "t.stats:1:" },
		{ "sha256 /../../etc/passwd 0123456789abcdef0123456789abcdef"
		  "0123456789abcdef0123456789abcdef\n", "t.stats:1:" },
		{ "sha256 .pdf 0123456789abcdef0123456789abcdef0123456789abcdef"
		  "0123456789abcdef\nsha256 .pdf 0123456789abcdef0123456789ab"
		  "cdef0123456789abcdef0123456789abcdef\n", "t.stats:2:" },
		{ "pages 1\0\n", "t.stats:1:" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lak_error err = LAK_ERROR_INIT;
		struct lak_result r;
		size_t len = strlen(bad[i].stats);

		if (i == sizeof(bad) / sizeof(bad[0]) - 1)
			len = 9;	/* with the NUL */
		assert_int_equal(lak_result_parse(bad[i].stats, len,
		    "t.stats", cat, NULL, NULL, &r, &err), -1);
		assert_int_equal(err.code, LAK_EFORMAT);
		if (strstr(err.msg, bad[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg,
			    bad[i].msg);
		assert_null(r.g);
	}
}

static void
workdir_clean_removes_half_written_files(void **state)
{
	(void)state;
	put("0006.pdf", "whole");
	put("0006.plan.csv.tmp-AbC123", "half");
	lak_workdir_clean(dir, NULL, NULL);
	assert_int_equal(access(path("0006.plan.csv.tmp-AbC123"), F_OK), -1);
	assert_int_equal(access(path("0006.pdf"), F_OK), 0);
}

static bool
only_a_b(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, "A.1") == 0 || strcmp(id, "B") == 0;
}

/* A shard removes its own documents' temporary files only: another
 * shard may be writing the rest at this moment. */
static void
workdir_clean_of_a_shard(void **state)
{
	static const char *const gone[] = { "A.1.pdf.tmp-x1", "A.1.key.tmp-x2",
	    "B.plan.csv.tmp-x3", "B.review.json.tmp-x4", "review/B/p1.png.tmp-x5",
	    "A.1.error.tmp-x6", "B.stats.tmp-x7" };
	static const char *const kept[] = { "C.pdf.tmp-y1", "A.pdf.tmp-y2",
	    "A.1.pdf", "review/C/p1.png.tmp-y3", "A.1.x.tmp-y4",
	    "review/A.1.png.tmp-y5", "BB.stats.tmp-y6" };
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	assert_int_equal(lak_mkdir_p(path("review/B"), &err), 0);
	assert_int_equal(lak_mkdir_p(path("review/C"), &err), 0);
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		put(gone[i], "half");
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		put(kept[i], "other");
	lak_workdir_clean(dir, only_a_b, NULL);
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		if (access(path(gone[i]), F_OK) == 0)
			fail_msg("%s is still there", gone[i]);
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (access(path(kept[i]), F_OK) != 0)
			fail_msg("%s was removed", kept[i]);
}

static void
stage_commit_and_rollback(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_stage s = LAK_STAGE_INIT;
	char *p, *data = NULL;
	size_t len = 0;

	(void)state;
	/* hidden: DIR/.rep.tmp; the earlier folder stays until commit */
	mkdir(path("rep"), 0755);
	put("rep/old.txt", "earlier");
	assert_int_equal(lak_stage_begin(&s, path("rep/"), true, &err), 0);
	assert_string_equal(s.tmp, path(".rep.tmp"));
	p = lak_stage_path(&s, "new.txt");
	assert_int_equal(lak_file_write_atomic(p, "new", 3, 0644, &err), 0);
	free(p);
	assert_int_equal(access(path("rep/old.txt"), F_OK), 0);
	assert_int_equal(lak_stage_commit(&s, &err), 0);
	lak_stage_rollback(&s);		/* after a commit: only frees */
	assert_int_equal(access(path("rep/old.txt"), F_OK), -1);
	assert_int_equal(lak_file_read(path("rep/new.txt"), 16, &data, &len,
	    &err), 0);
	assert_string_equal(data, "new");
	free(data);
	assert_int_equal(access(path(".rep.tmp"), F_OK), -1);
	assert_int_equal(access(path(".rep.old"), F_OK), -1);
	/* not hidden, rolled back: nothing changes, nothing is left */
	assert_int_equal(lak_stage_begin(&s, path("rep"), false, &err), 0);
	assert_string_equal(s.tmp, path("rep.tmp"));
	assert_int_equal(access(path("rep.tmp"), F_OK), 0);
	lak_stage_rollback(&s);
	assert_int_equal(access(path("rep.tmp"), F_OK), -1);
	assert_int_equal(access(path("rep/new.txt"), F_OK), 0);
	assert_null(s.tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workdir_result_round_trip),
		cmocka_unit_test(workdir_reuses_only_a_whole_matching_result),
		cmocka_unit_test(workdir_rewrite_cut_short_leaves_no_key),
		cmocka_unit_test(workdir_failure_record),
		cmocka_unit_test(workdir_parse_rejects_damage),
		cmocka_unit_test(workdir_clean_removes_half_written_files),
		cmocka_unit_test(workdir_clean_of_a_shard),
		cmocka_unit_test(stage_commit_and_rollback),
	};

	return cmocka_run_group_tests_name("workdir", tests, setup, teardown);
}
