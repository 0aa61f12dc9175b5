/*
 * lakwerk redact: apply rule files (or a reviewed plan) to documents and
 * write, per input NAME.ext, DIR/NAME.plan.csv and DIR/NAME.txt (the
 * redacted text).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "lib/base/buf.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/ingest/ingest.h"
#include "lib/model/doc.h"
#include "lib/model/grounds.h"
#include "lib/redact/rules.h"
#include "lib/run/process.h"

struct redact {
	const struct lak_cmd *cmd;
	const char *outdir;
	const char *plan_path;
	char *plan_data;
	size_t plan_len;
	struct lak_grounds *cat;
	struct lak_ruleset *rs;
	struct lak_ingest_opts opts;
	struct lak_redact_opts ropts;
	struct lak_pdf_opts popts;
	bool no_pdf, no_verify;
};

static void
print_stats(const char *file, const struct lak_job *j,
    const struct lak_grounds *cat)
{
	const struct lak_plan_stats *st = &j->stats;

	printf("%s: %s%zu span%s, %zu of %zu page%s touched", file,
	    st->document_withheld ? "withheld, " : "", st->spans,
	    st->spans == 1 ? "" : "s", st->pages_touched, j->pages,
	    j->pages == 1 ? "" : "s");
	for (size_t i = 0; i < st->ng; i++)
		printf("; %s: %zu span%s, %zu chars",
		    cat->g[st->g[i].ground].code, st->g[i].spans,
		    st->g[i].spans == 1 ? "" : "s", st->g[i].chars);
	putchar('\n');
}

/*
 * One document of a family: 'file' names it in messages, 'name' gives its
 * outputs' names (DIR/NAME.pdf ...); its own parts (an e-mail's
 * attachments) follow as NAME.bijlage-N, each with its own plan, the
 * family's people redacted in all. A member that fails is reported and
 * the others still go on.
 */
static bool redact_member(struct redact *x, const char *file,
    const char *name, const char *src, size_t srclen,
    const char *const *people, size_t npeople, int depth);

struct member_ctx {
	struct redact *x;
	const char *const *people;	/* the family's */
	size_t npeople;
};

static bool
redact_part(void *ctx, const char *label, const char *name,
    const struct lak_part *part, int depth)
{
	struct member_ctx *m = ctx;

	return redact_member(m->x, label, name, (const char *)part->data,
	    part->len, m->people, m->npeople, depth);
}

static bool
redact_member(struct redact *x, const char *file, const char *name,
    const char *src, size_t srclen, const char *const *people,
    size_t npeople, int depth)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_job j;
	char *csv_path = NULL, *txt_path = NULL, *pdf_path = NULL;
	char *title = NULL;
	bool ok = false, family_ok = true;

	lak_job_init(&j);
	csv_path = cli_out_name(x->outdir, name, ".plan.csv");
	txt_path = cli_out_name(x->outdir, name, ".txt");
	pdf_path = cli_out_name(x->outdir, name, ".pdf");
	title = cli_out_name("", name, "");
	/* --out . of a.pdf (or of a.txt) would write over the input: the
	 * original is the one thing that must never be lost */
	if (cli_same_file(file, pdf_path) || cli_same_file(file, txt_path) ||
	    cli_same_file(file, csv_path)) {
		lak_error_set(&err, LAK_EINVAL, "the output would overwrite the "
		    "input: give another --out folder");
		goto out;
	}
	j.name = name;
	j.title = title + 1;	/* without the leading '/' */
	j.src = src;
	j.srclen = srclen;
	j.iopts = x->opts;
	j.cat = x->cat;
	j.rs = x->rs;
	j.plan_data = depth == 0 ? x->plan_data : NULL;
	j.plan_len = depth == 0 ? x->plan_len : 0;
	j.plan_name = x->plan_path;
	j.ropts = x->ropts;
	j.ropts.doc_file = name;	/* for `in "*.eml" { }` rules */
	j.popts = x->popts;
	j.no_pdf = x->no_pdf;
	j.no_verify = x->no_verify;
	j.family_people = people;
	j.nfamily_people = npeople;
	if (depth > 0 && x->plan_data != NULL) {
		lak_error_set(&err, LAK_EINVAL, "a reviewed plan (--plan) is "
		    "for one document: redact the attachment %s by itself",
		    name);
		goto out;
	}
	if (lak_job_run(&j, &err) < 0) {
		for (size_t i = 0; i < j.findings.n; i++)
			cli_error(x->cmd, "%s: verify: page %u: %s: %s", file,
			    j.findings.f[i].page, j.findings.f[i].channel,
			    j.findings.f[i].what);
		goto out;
	}
	/* The outputs first, the plan last: a plan on disk means the
	 * document was done, so an old plan goes before anything is
	 * written. A withheld document has no text and no PDF, and old ones
	 * go. */
	if (remove(csv_path) < 0 && errno != ENOENT) {
		lak_error_set(&err, LAK_EIO, "%s: cannot remove the old plan: "
		    "%s", csv_path, strerror(errno));
		goto out;
	}
	if (j.withheld) {
		remove(txt_path);
		remove(pdf_path);
	} else {
		if (lak_file_write_atomic(txt_path, j.txt.data, j.txt.len,
		    0666, &err) < 0) {
			lak_error_prefix(&err, "%s: ", txt_path);
			goto out;
		}
		if (!x->no_pdf && lak_file_write_atomic(pdf_path, j.pdf.data,
		    j.pdf.len, 0666, &err) < 0) {
			lak_error_prefix(&err, "%s: ", pdf_path);
			goto out;
		}
	}
	if (lak_file_write_atomic(csv_path, j.csv.data, j.csv.len, 0666,
	    &err) < 0) {
		lak_error_prefix(&err, "%s: ", csv_path);
		goto out;
	}
	print_stats(file, &j, x->cat);
	ok = true;
out:
	if (!ok)
		cli_error(x->cmd, "%s: %s", file, err.msg);
	/* the family goes on whatever became of this member */
	if (j.family != NULL) {
		struct member_ctx m = { x, (const char *const *)j.family->people,
		    j.family->npeople };

		family_ok = cli_family(x->cmd, file, name, j.family->parts,
		    j.family->nparts, depth, redact_part, &m);
	}
	lak_job_release(&j);
	free(csv_path);
	free(txt_path);
	free(pdf_path);
	free(title);
	return ok && family_ok;
}

static bool
redact_one(struct redact *x, const char *file)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *src = NULL;
	size_t srclen = 0;
	bool ok;

	if (lak_file_read(file, x->opts.max_bytes, &src, &srclen, &err) < 0) {
		cli_error(x->cmd, "%s: %s", file, err.msg);
		return false;
	}
	ok = redact_member(x, file, file, src, srclen, NULL, 0, 0);
	free(src);
	return ok;
}

static const struct option longopts[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "plan", required_argument, NULL, 'P' },
	{ "out", required_argument, NULL, 'o' },
	{ "password", required_argument, NULL, 'p' },
	{ "grounds", required_argument, NULL, 'g' },
	{ "allow-unreviewed-pages", no_argument, NULL, 'A' },
	{ "dpi", required_argument, NULL, 'd' },
	{ "grey", no_argument, NULL, 'G' },
	{ "margin", required_argument, NULL, 'm' },
	{ "min-width", required_argument, NULL, 'W' },
	{ "no-pdf", no_argument, NULL, 'N' },
	{ "no-verify", no_argument, NULL, 'V' },
	{ "max-pixels", required_argument, NULL, 'X' },
	{ "no-ocr", no_argument, NULL, 'O' },
	{ "raster-all", no_argument, NULL, 'T' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_redact(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct redact x = { .cmd = cmd, .opts = LAK_INGEST_OPTS_INIT,
	    .ropts = { true, false }, .popts = LAK_PDF_OPTS_INIT };
	double d;
	struct lak_error err = LAK_ERROR_INIT;
	const char **rules = NULL;
	const char *grounds = NULL;
	size_t nrules = 0;
	int c, ret = LAK_EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'r':
			rules = realloc(rules, (nrules + 1) * sizeof(*rules));
			if (rules == NULL) {
				cli_error(cmd, "out of memory");
				return LAK_EXIT_FAIL;
			}
			rules[nrules++] = optarg;
			break;
		case 'P':
			x.plan_path = optarg;
			break;
		case 'o':
			x.outdir = optarg;
			break;
		case 'p':
			x.opts.password = optarg;
			break;
		case 'g':
			grounds = optarg;
			break;
		case 'A':
			x.ropts.fail_unreviewed = false;
			break;
		case 'd':
			if (!cli_number(optarg, 1200, &d) || d < 36) {
				free(rules);
				return cli_usage(cmd, "--dpi: expected 36 to "
				    "1200, got '%s'", optarg);
			}
			x.popts.dpi = d;
			break;
		case 'G':
			x.popts.grey = true;
			break;
		case 'm':
		case 'W':
			if (!cli_number(optarg, 72, &d)) {
				free(rules);
				return cli_usage(cmd, "--%s: expected points "
				    "from 0 to 72, got '%s'", c == 'm' ?
				    "margin" : "min-width", optarg);
			}
			if (c == 'm')
				x.popts.margin = d;
			else
				x.popts.min_width = d;
			break;
		case 'N':
			x.no_pdf = true;
			break;
		case 'V':
			x.no_verify = true;
			break;
		case 'X':
			if (!cli_number(optarg, 1e5, &d) || d < 1) {
				free(rules);
				return cli_usage(cmd, "--max-pixels: expected "
				    "megapixels from 1 to 100000, got '%s'",
				    optarg);
			}
			x.popts.max_pixels = d * 1e6;
			break;
		case 'O':
			x.opts.ocr = false;
			break;
		case 'T':
			x.popts.raster_all = true;
			break;
		default:
			free(rules);
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (nrules == 0 && x.plan_path == NULL)
		ret = cli_usage(cmd, "give --rules FILE or --plan PLAN.csv");
	else if (x.outdir == NULL)
		ret = cli_usage(cmd, "give --out DIR");
	else if (optind >= argc)
		ret = cli_usage(cmd, "no input files");
	if (ret == LAK_EXIT_OK && (ret = cli_out_dir(cmd, x.outdir)) < 0)
		ret = LAK_EXIT_OK;
	if (ret != LAK_EXIT_OK) {
		free(rules);
		return ret;
	}
	if (cli_source_date(cmd, &x.popts.date) < 0) {
		free(rules);
		return LAK_EXIT_USAGE;
	}
	x.popts.producer = PACKAGE_STRING;
	if (grounds == NULL)
		grounds = cli_data_path("redaction-rules/grounds.txt");
	if (lak_grounds_load(grounds, &x.cat, &err) < 0 ||
	    (nrules > 0 && lak_rules_load(rules, nrules, x.cat, &x.rs,
	    &err) < 0) ||
	    (x.plan_path != NULL && lak_file_read(x.plan_path, LAK_MAX_PLAN_FILE,
	    &x.plan_data, &x.plan_len, &err) < 0)) {
		if (x.plan_path != NULL && x.plan_data == NULL &&
		    err.code != LAK_OK && x.cat != NULL &&
		    (nrules == 0 || x.rs != NULL))
			lak_error_prefix(&err, "%s: ", x.plan_path);
		cli_error_report(cmd, &err);
		ret = LAK_EXIT_USAGE;
		goto out;
	}
	for (int i = optind; i < argc; i++)
		if (!redact_one(&x, argv[i]))
			ret = LAK_EXIT_FAIL;
out:
	free(rules);
	free(x.plan_data);
	lak_rules_free(x.rs);
	lak_grounds_free(x.cat);
	return ret;
}

const struct lak_cmd lak_cmd_redact = {
	.name = "redact",
	.usage = "--rules FILE [--rules FILE]... [--plan PLAN.csv] --out DIR "
	    "[--allow-unreviewed-pages] [--password PW] FILE...",
	.summary = "Redact documents by rule files or a reviewed plan: writes "
	    "DIR/NAME.pdf, DIR/NAME.txt and DIR/NAME.plan.csv.",
	.help = "  -r, --rules FILE   a rule file (repeat for more)\n"
	    "  -P, --plan FILE    apply this (reviewed) plan instead of the "
	    "rules\n"
	    "  -o, --out DIR      where the plan and the redacted text go\n"
	    "      --dpi N        resolution of the released pages (200)\n"
	    "      --grey         8-bit grey pages instead of bilevel\n"
	    "      --margin PT    padding around each black box (1)\n"
	    "      --min-width PT widen narrower boxes (0)\n"
	    "      --max-pixels MP  refuse pages larger than MP megapixels "
	    "at --dpi (200)\n"
	    "      --no-pdf       only the plan and the text\n"
	    "      --no-verify    do not check the PDF before writing it\n"
	    "      --raster-all   every page as pixels (else a page with nothing\n"
	    "                     redacted or in doubt keeps its vectors)\n"
	    "      --no-ocr       do not read by OCR the ink that no text explains\n"
	    "                     (pages that are only pictures need review)\n"
	    "      --allow-unreviewed-pages\n"
	    "                     go on when a page needs OCR or has "
	    "unreliable text\n"
	    "  -p, --password PW  password of encrypted PDFs\n"
	    "  -g, --grounds FILE another grounds catalogue\n",
	.shortopts = "+:r:P:o:p:g:h",
	.longopts = longopts,
	.run = cmd_redact,
};
