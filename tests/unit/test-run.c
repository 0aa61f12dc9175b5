/* Unit tests: a whole request through the run API (lib/run/run.h). */
#include "config.h"

#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/buf.h"
#include "lib/base/fsutil.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/release/xlsx.h"
#include "lib/run/run.h"

static char dir[256];
static char srcdir[4096];

static const char *
path(const char *name)
{
	static char p[2][512];
	static int k;

	k ^= 1;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void
copy(const char *from_rel, const char *to)
{
	struct lak_error err = LAK_ERROR_INIT;
	char from[4200], *data = NULL;
	size_t len = 0;

	snprintf(from, sizeof(from), "%s/%s", srcdir, from_rel);
	assert_int_equal(lak_file_read(from, 1 << 24, &data, &len, &err), 0);
	assert_int_equal(lak_file_write_atomic(path(to), data, len, 0644,
	    &err), 0);
	free(data);
}

static void
put(const char *name, const char *data)
{
	struct lak_error err = LAK_ERROR_INIT;

	assert_int_equal(lak_file_write_atomic(path(name), data, strlen(data),
	    0644, &err), 0);
}

/* A request of one text document to redact and one withheld. */
static int
setup(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	const char *s = getenv("LAKWERK_DATADIR");

	(void)state;
	snprintf(srcdir, sizeof(srcdir), "%s", s ? s : ".");
	snprintf(dir, sizeof(dir), "/tmp/lak-run-XXXXXX");
	if (mkdtemp(dir) == NULL || lak_mkdir_p(path("req/rules"), &err) < 0 ||
	    lak_mkdir_p(path("req/documenten"), &err) < 0)
		return -1;
	copy("samples/request/request.txt", "req/request.txt");
	copy("samples/request/rules/request.rules", "req/rules/request.rules");
	copy("samples/rules/names.txt", "req/rules/names.txt");
	copy("redaction-rules/woo-default.rules", "req/rules/woo-default.rules");
	copy("samples/persnotitie-hoogwater.txt",
	    "req/documenten/persnotitie-hoogwater.txt");
	put("req/inventaris.csv", "ID,Document,Datum,Omschrijving,"
	    "Beoordeling,Beoordelingsgrond,Toelichting\n"
	    "0005,persnotitie-hoogwater.txt,2026-05-06,Persnotitie,"
	    "deels openbaar,5.1.2e\n"
	    "0006,,2026-05-14,Verslag van 06-87654321,niet openbaar,5.2.1,"
	    "Gesprek met P. de Vries (06-12345678)\n");
	return 0;
}

static int
teardown(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	return lak_remove_tree(dir, &err);
}

static struct lak_run_opts
opts(void)
{
	static char grounds[4200], req[512], out[512];
	struct lak_run_opts o = LAK_RUN_OPTS_INIT;

	snprintf(grounds, sizeof(grounds), "%s/redaction-rules/grounds.txt",
	    srcdir);
	snprintf(req, sizeof(req), "%s/req", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	o.request = req;
	o.outdir = out;
	o.grounds = grounds;
	o.datadir = srcdir;
	o.date = 1767225600;
	return o;
}

/* 'rc' is 0, or the test fails with the error's message. */
static void
must(int rc, const struct lak_error *err)
{
	if (rc != 0)
		fail_msg("%s", err->msg);
}

static void
count_progress(void *ctx, size_t done, size_t total, size_t pages)
{
	size_t *calls = ctx;

	assert_true(done <= total);
	(void)pages;
	(*calls)++;
}

static void
run_whole_request(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_run_opts o = opts();
	struct lak_run *r = NULL;
	const struct lak_run_doc *docs;
	size_t n, calls = 0;
	bool config = true;

	(void)state;
	o.progress = count_progress;
	o.progress_ctx = &calls;
	must(lak_run_open(&o, &r, &config, &err), &err);
	assert_non_null(lak_run_new_key(r));	/* made the first time */
	assert_string_equal(lak_run_dossier(r), "WR-2026-0042");
	docs = lak_run_docs(r, &n);
	assert_int_equal(n, 2);
	assert_true(docs[0].process && !docs[0].done);
	assert_false(docs[1].process);
	assert_false(lak_run_complete(r));
	must(lak_run_process(r, &err), &err);
	assert_int_equal(calls, 1);
	if (!docs[0].done)
		fail_msg("not done: %s", docs[0].why ? docs[0].why : "?");
	assert_true(docs[0].result.pages >= 1);
	assert_true(docs[0].result.spans >= 1);
	assert_true(lak_run_complete(r));
	must(lak_run_write_audit(r, &err), &err);
	must(lak_run_write_review(r, &err), &err);
	must(lak_run_assemble(r, &err), &err);
	lak_run_free(r);
	assert_int_equal(access(path("out/WR-2026-0042.zip"), F_OK), 0);
	assert_int_equal(access(path("out/WR-2026-0042/documenten/0005.pdf"),
	    F_OK), 0);
	assert_int_equal(access(path("out/WR-2026-0042/documenten/0006.pdf"),
	    F_OK), -1);
	assert_int_equal(access(path("out/audit/0005.plan.csv"), F_OK), 0);
	assert_int_equal(access(path("out/review/index.html"), F_OK), 0);
	assert_int_equal(access(path("out/.WR-2026-0042.tmp"), F_OK), -1);
	/* the inventory's remarks passed the rules: the phone number is
	 * published as its label */
	{
		char *csv = NULL;
		size_t len = 0;

		assert_int_equal(lak_file_read(path("out/WR-2026-0042/"
		    "inventarislijst.csv"), 1 << 20, &csv, &len, &err), 0);
		assert_null(strstr(csv, "12345678"));
		assert_non_null(strstr(csv, "Gesprek met P. de Vries ([5.1.2e])"));
		free(csv);
	}
	/* and so in the productierapport, read back by lakwerk's reader */
	{
		struct lak_buf x;

		lak_buf_init(&x, 0);
		must(lak_xlsx_to_csv(path("out/WR-2026-0042/"
		    "productierapport.xlsx"), &x, &err), &err);
		lak_buf_addc(&x, '\0');
		assert_null(strstr(x.data, "12345678"));
		assert_null(strstr(x.data, "87654321"));
		assert_non_null(strstr(x.data, "Gesprek met P. de Vries "
		    "([5.1.2e])"));
		assert_non_null(strstr(x.data, "Niet openbaar"));
		lak_buf_release(&x);
	}
	/* the decision letter names the withheld document by the same
	 * redacted description: what a program extracts of it has the label,
	 * not the number */
	{
		struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
		struct lak_doc *doc = NULL;
		struct lak_view *v = NULL;
		char *pdf = NULL;
		size_t len = 0;

		io.ocr = false;
		must(lak_file_read(path("out/WR-2026-0042/besluit.pdf"), 1 << 24,
		    &pdf, &len, &err), &err);
		must(lak_ingest_bytes("besluit.pdf", pdf, len, &io, &doc, &err),
		    &err);
		must(lak_normalise(doc, 0, &v, &err), &err);
		assert_null(strstr(v->text, "87654321"));
		assert_non_null(strstr(v->text, "0006 Verslag van [5.1.2e]"));
		lak_view_free(v);
		lak_doc_free(doc);
		free(pdf);
	}

	/* again: the result is reused, the key is not made again */
	must(lak_run_open(&o, &r, &config, &err), &err);
	assert_null(lak_run_new_key(r));
	docs = lak_run_docs(r, &n);
	assert_true(docs[0].reused && docs[0].done);
	calls = 0;
	must(lak_run_process(r, &err), &err);
	assert_int_equal(calls, 0);
	lak_run_free(r);
}

static void
run_judgement_must_agree(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_run_opts o = opts();
	struct lak_run *r = NULL;
	const struct lak_run_doc *docs;
	size_t n;
	bool config;

	(void)state;
	put("req/inventaris.csv", "ID,Document,Beoordeling\n"
	    "0005,persnotitie-hoogwater.txt,openbaar\n");
	o.outdir = strdup(path("out2"));
	o.review = false;
	must(lak_run_open(&o, &r, &config, &err), &err);
	must(lak_run_process(r, &err), &err);
	docs = lak_run_docs(r, &n);
	assert_true(docs[0].failed);
	assert_non_null(strstr(docs[0].why, "says openbaar"));
	assert_false(lak_run_complete(r));
	lak_run_free(r);
	/* the grounds the inventory lists are those applied */
	put("req/inventaris.csv", "ID,Document,Beoordeling,Beoordelingsgrond\n"
	    "0005,persnotitie-hoogwater.txt,deels openbaar,5.2.1\n");
	must(lak_run_open(&o, &r, &config, &err), &err);
	must(lak_run_process(r, &err), &err);
	docs = lak_run_docs(r, &n);
	assert_true(docs[0].failed);
	if (strstr(docs[0].why, "the rules redacted on 5.1.2e, but the "
	    "inventory (row 2) lists 5.2.1") == NULL)
		fail_msg("%s", docs[0].why);
	lak_run_free(r);
	free((char *)o.outdir);
}

static void
run_open_tells_config_from_failure(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_run_opts o = opts();
	struct lak_run *r = NULL;
	bool config = false;

	(void)state;
	o.request = "/nonexistent/no-such-request";
	assert_int_equal(lak_run_open(&o, &r, &config, &err), -1);
	assert_null(r);
	assert_true(config);
	assert_non_null(strstr(err.msg, "no-such-request"));
	/* an output folder that cannot be made: not the user's request */
	lak_error_clear(&err);
	o = opts();
	put("file", "x");
	o.outdir = strdup(path("file/out"));
	assert_int_equal(lak_run_open(&o, &r, &config, &err), -1);
	assert_false(config);
	free((char *)o.outdir);
	/* a reviewed plan folder without the document's plan */
	lak_error_clear(&err);
	o = opts();
	o.plan = "/nonexistent/plans";
	assert_int_equal(lak_run_open(&o, &r, &config, &err), -1);
	assert_true(config);
	assert_non_null(strstr(err.msg, "every document needs its reviewed "
	    "plan"));
}

/* Seven text documents with a phone number each, in the given order. */
static void
put_many(bool reversed)
{
	struct lak_buf b;

	lak_buf_init(&b, 0);
	lak_buf_adds(&b, "ID,Document,Beoordeling,Beoordelingsgrond\n");
	for (int k = 0; k < 7; k++) {
		int i = reversed ? 6 - k : k;
		char name[64], text[128];

		snprintf(name, sizeof(name), "req/documenten/nota-%d.txt", i);
		snprintf(text, sizeof(text), "Nota %d\n\nBel 06-1234567%d voor "
		    "vragen.\n", i, i);
		put(name, text);
		lak_buf_addf(&b, "D-%d,nota-%d.txt,deels openbaar,5.1.2e\n", i,
		    i);
	}
	assert_int_equal(lak_buf_check(&b, NULL), 0);
	put("req/inventaris.csv", b.data);
	lak_buf_release(&b);
}

/* The shard of each of the seven documents, by their number. */
static void
shards_of(struct lak_run_opts o, unsigned int n, int shard_of[7])
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_run *r = NULL;
	const struct lak_run_doc *docs;
	size_t nd;
	bool config;

	for (int i = 0; i < 7; i++)
		shard_of[i] = -1;
	for (unsigned int s = 0; s < n; s++) {
		o.shard = s;
		o.nshards = n;
		must(lak_run_open(&o, &r, &config, &err), &err);
		docs = lak_run_docs(r, &nd);
		assert_int_equal(nd, 7);
		for (size_t i = 0; i < nd; i++) {
			int num = docs[i].id[2] - '0';

			assert_int_equal(docs[i].shard, docs[i].shard % n);
			if (!docs[i].mine)
				continue;
			assert_int_equal(shard_of[num], -1);	/* one shard */
			assert_int_equal(docs[i].shard, s);
			shard_of[num] = (int)s;
		}
		lak_run_free(r);
	}
}

static void
run_shards_then_package(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_run_opts o = opts();
	struct lak_run *r = NULL;
	const struct lak_run_doc *docs;
	int split[7], again[7], per[3] = { 0 };
	size_t n;
	bool config;
	char *one = NULL, *merged = NULL, *key = strdup(path("audit.key"));
	char *work = strdup(path("work")), *o1 = strdup(path("one"));
	char *o2 = strdup(path("merged"));
	size_t onelen = 0, mergedlen = 0;

	(void)state;
	unlink(path("req/documenten/persnotitie-hoogwater.txt"));
	put_many(false);
	o.review = false;
	o.keyfile = key;
	o.work = work;
	o.outdir = NULL;
	/* every document in one shard, the shards as even as they can be,
	 * and the same split whatever the inventory's order */
	shards_of(o, 3, split);
	for (int i = 0; i < 7; i++) {
		assert_true(split[i] >= 0 && split[i] < 3);
		per[split[i]]++;
	}
	for (int s = 0; s < 3; s++)
		assert_true(per[s] == 2 || per[s] == 3);
	put_many(true);
	shards_of(o, 3, again);
	assert_memory_equal(split, again, sizeof(split));
	/* a shard needs no key and writes no release */
	o.shard = 1;
	o.nshards = 3;
	must(lak_run_open(&o, &r, &config, &err), &err);
	assert_int_equal(access(key, F_OK), -1);
	must(lak_run_process(r, &err), &err);
	assert_true(lak_run_complete(r));
	assert_int_equal(lak_run_assemble(r, &err), -1);
	assert_non_null(strstr(err.msg, "package"));
	lak_run_free(r);
	assert_int_equal(access(path("work/shards/1-of-3"), F_OK), 0);
	/* the package step before the other shards: nothing, and why */
	lak_error_clear(&err);
	o.nshards = 0;
	o.shard = 0;
	o.reuse_only = true;
	o.outdir = o2;
	must(lak_run_open(&o, &r, &config, &err), &err);
	assert_false(lak_run_complete(r));
	docs = lak_run_docs(r, &n);
	for (size_t i = 0; i < n; i++) {
		if (split[docs[i].id[2] - '0'] == 1) {
			assert_true(docs[i].done);
			continue;
		}
		assert_false(docs[i].done);
		assert_non_null(docs[i].why);
	}
	assert_int_equal(lak_run_process(r, &err), -1);	/* does none */
	lak_error_clear(&err);
	lak_run_free(r);
	assert_int_equal(access(o2, F_OK), -1);
	/* the other shards, then the package step */
	o.reuse_only = false;
	o.outdir = NULL;
	o.nshards = 3;
	for (unsigned int s = 0; s < 3; s += 2) {
		o.shard = s;
		must(lak_run_open(&o, &r, &config, &err), &err);
		must(lak_run_process(r, &err), &err);
		assert_true(lak_run_complete(r));
		lak_run_free(r);
	}
	o.nshards = 0;
	o.shard = 0;
	o.reuse_only = true;
	o.outdir = o2;
	must(lak_run_open(&o, &r, &config, &err), &err);
	assert_true(lak_run_complete(r));
	assert_int_equal(access(key, F_OK), 0);	/* the package step's */
	must(lak_run_assemble(r, &err), &err);
	lak_run_free(r);
	/* one machine, the same key: the same archive, byte for byte */
	o.reuse_only = false;
	o.work = NULL;
	o.outdir = o1;
	must(lak_run_open(&o, &r, &config, &err), &err);
	must(lak_run_process(r, &err), &err);
	must(lak_run_assemble(r, &err), &err);
	lak_run_free(r);
	must(lak_file_read(path("one/WR-2026-0042.zip"), 1 << 26, &one,
	    &onelen, &err), &err);
	must(lak_file_read(path("merged/WR-2026-0042.zip"), 1 << 26, &merged,
	    &mergedlen, &err), &err);
	assert_int_equal(onelen, mergedlen);
	assert_memory_equal(one, merged, onelen);
	free(one);
	free(merged);
	free(key);
	free(work);
	free(o1);
	free(o2);
}

static void
clear_env(void)
{
	unsetenv("SLURM_ARRAY_TASK_ID");
	unsetenv("SLURM_ARRAY_TASK_COUNT");
	unsetenv("SLURM_ARRAY_TASK_MIN");
	unsetenv("SLURM_ARRAY_TASK_STEP");
	unsetenv("JOB_COMPLETION_INDEX");
}

/* lak_run_shard_from_env(shards, ...): 0 with I/N, or -1 with a message
 * holding 'msg'. */
static void
env_shard(unsigned int shards, int want_i, int want_n, const char *msg)
{
	struct lak_error err = LAK_ERROR_INIT;
	unsigned int i = 99, n = 99;
	int rc = lak_run_shard_from_env(shards, &i, &n, &err);

	if (msg != NULL) {
		assert_int_equal(rc, -1);
		if (strstr(err.msg, msg) == NULL)
			fail_msg("'%s' lacks '%s'", err.msg, msg);
		return;
	}
	must(rc, &err);
	assert_int_equal(i, want_i);
	assert_int_equal(n, want_n);
}

static void
run_shard_from_environment(void **state)
{
	(void)state;
	clear_env();
	env_shard(0, 0, 0, "neither SLURM_ARRAY_TASK_ID");
	/* Slurm: --array=0-3, --array=1-4, --array=10-16:2 */
	setenv("SLURM_ARRAY_TASK_ID", "2", 1);
	setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
	setenv("SLURM_ARRAY_TASK_MIN", "0", 1);
	env_shard(0, 2, 4, NULL);
	env_shard(5, 0, 0, "the Slurm array has 4 tasks");
	setenv("SLURM_ARRAY_TASK_MIN", "1", 1);
	env_shard(0, 1, 4, NULL);
	setenv("SLURM_ARRAY_TASK_ID", "14", 1);
	setenv("SLURM_ARRAY_TASK_MIN", "10", 1);
	setenv("SLURM_ARRAY_TASK_STEP", "2", 1);
	env_shard(0, 2, 4, NULL);
	setenv("SLURM_ARRAY_TASK_ID", "13", 1);
	env_shard(0, 0, 0, "not one of 4 tasks");
	setenv("SLURM_ARRAY_TASK_ID", "x1", 1);
	env_shard(0, 0, 0, "not a number");
	clear_env();
	setenv("SLURM_ARRAY_TASK_ID", "1", 1);
	env_shard(0, 0, 0, "SLURM_ARRAY_TASK_COUNT");
	/* Kubernetes: an index, and the count from the command line */
	clear_env();
	setenv("JOB_COMPLETION_INDEX", "3", 1);
	env_shard(0, 0, 0, "give --shards N");
	env_shard(5, 3, 5, NULL);
	env_shard(3, 0, 0, "not below --shards 3");
	setenv("JOB_COMPLETION_INDEX", "-1", 1);
	env_shard(5, 0, 0, "not a number");
	clear_env();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_whole_request),
		cmocka_unit_test(run_judgement_must_agree),
		cmocka_unit_test(run_open_tells_config_from_failure),
		cmocka_unit_test(run_shards_then_package),
		cmocka_unit_test(run_shard_from_environment),
	};

	return cmocka_run_group_tests_name("run", tests, setup, teardown);
}
