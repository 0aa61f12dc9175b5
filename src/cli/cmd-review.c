/*
 * lakwerk review: the review report of documents and their proposed
 * redactions (plan CSVs), as a folder with index.html and page images.
 * The folder is made beside DIR and renamed into place, so DIR holds a
 * whole report or the one before it.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "lib/base/buf.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/base/stage.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/model/grounds.h"
#include "lib/redact/redact.h"
#include "lib/review/review.h"

struct plan_file {
	const char *path;
	char *data;
	size_t len;
};

/* Whether 'dir' may be replaced: missing, empty, or an earlier report. */
static bool
replaceable(const char *dir)
{
	struct stat st;
	size_t len = 0;
	char *index = cli_path(dir, "index.html", ""), *data = NULL;
	struct lak_error err = LAK_ERROR_INIT;
	bool ok;

	if (lstat(dir, &st) < 0)
		ok = true;
	else if (!S_ISDIR(st.st_mode))
		ok = false;
	else if (rmdir(dir) == 0)
		ok = true;	/* it was empty */
	else
		ok = lak_file_read(index, LAK_MAX_PLAN_FILE, &data, &len,
		    &err) == 0 && strstr(data, "<meta name=\"generator\" "
		    "content=\"lakwerk") != NULL && strstr(data,
		    "id=\"lakwerk-data\"") != NULL;
	free(data);
	free(index);
	return ok;
}

/* One document: ingest, the rows of every plan for it, its part. */
static bool
review_one(const struct lak_cmd *cmd, const char *file, size_t num,
    const struct plan_file *plans, size_t nplans,
    const struct lak_ingest_opts *io, const struct lak_review_opts *ro,
    const char *pages, struct lak_buf *json)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_plan *all = calloc(1, sizeof(*all)), *p = NULL;
	char *src = NULL, id[32];
	size_t srclen = 0;
	bool ok = false;

	if (all == NULL) {
		lak_error_set(&err, LAK_ENOMEM, "out of memory");
		goto out;
	}
	if (lak_file_read(file, io->max_bytes, &src, &srclen, &err) < 0 ||
	    lak_ingest_bytes(file, src, srclen, io, &doc, &err) < 0 ||
	    lak_normalise(doc, 0, &v, &err) < 0)
		goto out;
	for (size_t i = 0; i < nplans; i++) {
		/* each plan holds the rows of the documents it was made for
		 * (by their SHA-256); the others' rows are passed over */
		if (lak_plan_read_csv(plans[i].data, plans[i].len,
		    plans[i].path, doc, v, ro->cat, &p, &err) < 0)
			goto out;
		for (size_t k = 0; k < p->n; k++)
			if (lak_plan_add(all, &p->spans[k]) < 0) {
				lak_error_set(&err, LAK_ENOMEM, "out of "
				    "memory");
				goto out;
			}
		lak_plan_free(p);
		p = NULL;
	}
	if (all->n == 0)
		cli_error(cmd, "%s: warning: no proposals for this document "
		    "in the plans (made for another version of it?)", file);
	snprintf(id, sizeof(id), "doc%zu", num);
	{
		struct lak_review_doc rd = {
			.id = id,
			.name = file,
			.doc = doc,
			.view = v,
			.plan = all,
			.src = src,
			.srclen = srclen,
			.password = io->password,
		};

		if (json->len > 0)
			lak_buf_addc(json, ',');
		if (lak_review_doc(&rd, ro, pages, json, &err) < 0)
			goto out;
	}
	ok = true;
out:
	if (!ok)
		cli_error(cmd, "%s: %s", file, err.msg);
	lak_plan_free(p);
	lak_plan_free(all);
	lak_view_free(v);
	lak_doc_free(doc);
	free(src);
	return ok;
}

/* lakwerk review --compare A.csv B.csv: the passages two reviewers
 * decided differently; exit 0 when they agree, 1 when they differ. */
static int
compare(const struct lak_cmd *cmd, const char *a, const char *b)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_review_diffs d;
	char *da = NULL, *db = NULL;
	size_t la = 0, lb = 0;
	int ret;

	if (lak_file_read(a, LAK_MAX_PLAN_FILE, &da, &la, &err) < 0 ||
	    lak_file_read(b, LAK_MAX_PLAN_FILE, &db, &lb, &err) < 0 ||
	    lak_review_compare(da, la, a, db, lb, b, &d, &err) < 0) {
		cli_error_report(cmd, &err);
		free(da);
		free(db);
		return LAK_EXIT_USAGE;
	}
	for (size_t i = 0; i < d.n; i++)
		printf("%s: %s: A %s, B %s%s%s%s\n", d.d[i].document,
		    d.d[i].where, d.d[i].a, d.d[i].b, *d.d[i].context ?
		    " (" : "", d.d[i].context, *d.d[i].context ? ")" : "");
	printf("%zu passage%s in A, %zu in B: %zu decided differently or in "
	    "one of them only\n", d.rows_a, d.rows_a == 1 ? "" : "s",
	    d.rows_b, d.n);
	ret = d.n > 0 ? LAK_EXIT_FAIL : LAK_EXIT_OK;
	lak_review_diffs_release(&d);
	free(da);
	free(db);
	return ret;
}

static const struct option longopts[] = {
	{ "compare", no_argument, NULL, 'C' },
	{ "plan", required_argument, NULL, 'P' },
	{ "out", required_argument, NULL, 'o' },
	{ "title", required_argument, NULL, 't' },
	{ "dpi", required_argument, NULL, 'd' },
	{ "password", required_argument, NULL, 'p' },
	{ "grounds", required_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_review(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_review_opts ro = { 96.0, NULL };
	struct lak_error err = LAK_ERROR_INIT;
	struct plan_file *plans = NULL;
	struct lak_grounds *cat = NULL;
	struct lak_buf json;
	const char *out = NULL, *title = NULL, *grounds = NULL;
	struct lak_stage stage = LAK_STAGE_INIT;
	char *pages = NULL, *index = NULL;
	size_t nplans = 0;
	double d;
	int c, ret = LAK_EXIT_OK;
	bool ok = true, cmp = false;

	lak_buf_init(&json, 0);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'P': {
			struct plan_file *np = realloc(plans, (nplans + 1) *
			    sizeof(*plans));

			if (np == NULL) {
				cli_error(cmd, "out of memory");
				ret = LAK_EXIT_FAIL;
				goto out;
			}
			plans = np;
			plans[nplans].path = optarg;
			plans[nplans].data = NULL;
			plans[nplans++].len = 0;
			break;
		}
		case 'C':
			cmp = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'd':
			if (!cli_number(optarg, 300, &d) || d < 36) {
				ret = cli_usage(cmd, "--dpi: expected 36 to "
				    "300, got '%s'", optarg);
				goto out;
			}
			ro.dpi = d;
			break;
		case 'p':
			io.password = optarg;
			break;
		case 'g':
			grounds = optarg;
			break;
		default:
			ret = cli_opt_other(cmd, c, argv);
			goto out;
		}
	}
	if (cmp) {
		if (argc - optind != 2 || nplans > 0 || out != NULL)
			ret = cli_usage(cmd, "--compare takes two exported "
			    "plans: --compare A.csv B.csv");
		else
			ret = compare(cmd, argv[optind], argv[optind + 1]);
		goto out;
	}
	if (nplans == 0)
		ret = cli_usage(cmd, "give --plan PLAN.csv (the plans "
		    "`lakwerk redact` or `lakwerk run` wrote)");
	else if (out == NULL)
		ret = cli_usage(cmd, "give --out DIR");
	else if (optind >= argc)
		ret = cli_usage(cmd, "no input files");
	if (ret != LAK_EXIT_OK)
		goto out;
	if (grounds == NULL)
		grounds = cli_data_path("redaction-rules/grounds.txt");
	if (lak_grounds_load(grounds, &cat, &err) < 0) {
		cli_error_report(cmd, &err);
		ret = LAK_EXIT_USAGE;
		goto out;
	}
	ro.cat = cat;
	for (size_t i = 0; i < nplans; i++)
		if (lak_file_read(plans[i].path, LAK_MAX_PLAN_FILE,
		    &plans[i].data, &plans[i].len, &err) < 0) {
			cli_error(cmd, "%s: %s", plans[i].path, err.msg);
			ret = LAK_EXIT_USAGE;
			goto out;
		}
	if (!replaceable(out)) {
		cli_error(cmd, "%s: exists and is not a lakwerk review report; "
		    "give a new or empty folder", out);
		ret = LAK_EXIT_FAIL;
		goto out;
	}
	/* built in OUT.tmp beside it ('out' may end in '/') */
	if (lak_stage_begin(&stage, out, false, &err) < 0 ||
	    (pages = lak_stage_path(&stage, "pages")) == NULL ||
	    (index = lak_stage_path(&stage, "index.html")) == NULL ||
	    lak_mkdir_p(pages, &err) < 0) {
		lak_error_oom(&err);
		cli_error_report(cmd, &err);
		ret = LAK_EXIT_FAIL;
		goto out;
	}
	for (int i = optind; i < argc; i++)
		if (!review_one(cmd, argv[i], (size_t)(i - optind + 1), plans,
		    nplans, &io, &ro, pages, &json))
			ok = false;
	if (!ok) {
		cli_error(cmd, "no report written");
		ret = LAK_EXIT_FAIL;
		goto out;
	}
	{
		char t[64];
		struct lak_review_page pg = {
			.title = title,
			.generator = PACKAGE_STRING,
			.assets = cli_data_path("templates/review"),
			.docs = json.data,
			.docslen = json.len,
			.cat = cat,
			.apply = "lakwerk redact --plan plan.reviewed.csv "
			    "DOCUMENTS",
		};

		if (title == NULL) {
			snprintf(t, sizeof(t), "%d document%s", argc - optind,
			    argc - optind == 1 ? "" : "s");
			pg.title = t;
		}
		if (lak_review_index(&pg, index, &err) < 0) {
			cli_error_report(cmd, &err);
			ret = LAK_EXIT_FAIL;
			goto out;
		}
	}
	/* into place: the earlier report aside, the new one in, the earlier
	 * one gone */
	if (lak_stage_commit(&stage, &err) < 0) {
		cli_error_report(cmd, &err);
		ret = LAK_EXIT_FAIL;
		goto out;
	}
	printf("%s/index.html\n", out);
out:
	lak_stage_rollback(&stage);
	for (size_t i = 0; i < nplans; i++)
		free(plans[i].data);
	free(plans);
	free(pages);
	free(index);
	lak_buf_release(&json);
	lak_grounds_free(cat);
	return ret;
}

const struct lak_cmd lak_cmd_review = {
	.name = "review",
	.usage = "--plan PLAN.csv [--plan PLAN.csv]... --out DIR [--title T] "
	    "FILE...\n       lakwerk review --compare A.csv B.csv",
	.summary = "Write the review report of documents and their proposed "
	    "redactions: DIR/index.html with page images, to decide on and "
	    "export as a plan.",
	.help = "  -C, --compare      compare two reviewers' exports: the "
	    "passages decided\n"
	    "                     differently (exit 1 when there are any)\n"
	    "  -P, --plan FILE    a plan CSV (repeat for more); each document "
	    "takes its\n"
	    "                     own rows (by SHA-256)\n"
	    "  -o, --out DIR      the report's folder (new, empty, or an "
	    "earlier report)\n"
	    "  -t, --title T      the report's title\n"
	    "      --dpi N        resolution of the page images (96)\n"
	    "  -p, --password PW  password of encrypted PDFs\n"
	    "  -g, --grounds FILE another grounds catalogue\n",
	.shortopts = "+:CP:o:t:p:g:h",
	.longopts = longopts,
	.run = cmd_review,
};
