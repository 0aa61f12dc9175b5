/*
 * lakwerk verify: check released PDFs (exit 3 on findings), or find fake
 * redactions in incoming documents (--incoming).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/model/grounds.h"
#include "lib/pdf/verify.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"
#include "lib/release/package.h"
#include "lib/release/release.h"

enum { LAK_EXIT_FINDINGS = 3 };

static int
report(const char *file, const struct lak_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		printf("%s: page %u: %s: %s\n", file, fs->f[i].page,
		    fs->f[i].channel, fs->f[i].what);
	if (fs->n == 0)
		printf("%s: clean\n", file);
	else
		printf("%s: %zu finding%s\n", file, fs->n,
		    fs->n == 1 ? "" : "s");
	return fs->n ? LAK_EXIT_FINDINGS : LAK_EXIT_OK;
}

/* One file's check into the exit status: its error (1) or its findings
 * (3), whichever came first over the files. */
static int
conclude(const struct lak_cmd *cmd, const char *file, int checked,
    const struct lak_findings *fs, struct lak_error *err, int ret)
{
	int r;

	if (checked < 0) {
		cli_error(cmd, "%s: %s", file, err->msg);
		lak_error_clear(err);
		r = LAK_EXIT_FAIL;
	} else {
		r = report(file, fs);
	}
	return ret == LAK_EXIT_OK ? r : ret;
}

/* A release: its folder (with manifest.xml) or its .zip archive. */
static bool
is_release(const char *path)
{
	struct stat st;
	size_t n = strlen(path);

	return (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) ||
	    (n > 4 && strcmp(path + n - 4, ".zip") == 0);
}

static int
load_schemas(struct lak_schema **ms, struct lak_schema **ds,
    struct lak_error *err)
{
	char xsd[4096];

	if (*ms != NULL)
		return 0;
	snprintf(xsd, sizeof(xsd), "%s",
	    cli_data_path("schemas/diwoo/diwoo-metadata.xsd"));
	if (lak_schema_load(xsd, cli_data_path("schemas/diwoo/catalog.xml"),
	    ds, err) < 0 || lak_schema_load(cli_data_path("schemas/"
	    "lakwerk-manifest-1.xsd"), NULL, ms, err) < 0)
		return -1;
	return 0;
}

static const struct option longopts[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "plan", required_argument, NULL, 'P' },
	{ "source", required_argument, NULL, 's' },
	{ "request", required_argument, NULL, 'q' },
	{ "incoming", no_argument, NULL, 'I' },
	{ "read-redactions", no_argument, NULL, 'R' },
	{ "password", required_argument, NULL, 'p' },
	{ "key", required_argument, NULL, 'k' },
	{ "grounds", required_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_verify(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_grounds *cat = NULL;
	struct lak_schema *ms = NULL, *ds = NULL;
	struct lak_ruleset *rs = NULL;
	struct lak_doc *sdoc = NULL;
	struct lak_view *sview = NULL;
	struct lak_plan *plan = NULL;
	char **secrets = NULL, **kept = NULL, *plan_data = NULL;
	struct lak_verify_area *areas = NULL;
	size_t nareas = 0;
	size_t ns = 0, nk = 0, plan_len = 0, nrules = 0;
	const char **rules = NULL, *plan_path = NULL, *source = NULL;
	const char *request = NULL;
	struct lak_release_doc_plan *rplans = NULL;
	size_t nrplans = 0;
	const char *grounds = NULL, *password = NULL, *key_path = NULL;
	char *key = NULL;
	size_t keylen = 0;
	bool incoming = false, read_redactions = false;
	int c, ret = LAK_EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'r':
			rules = realloc(rules, (nrules + 1) * sizeof(*rules));
			if (rules == NULL)
				return LAK_EXIT_FAIL;
			rules[nrules++] = optarg;
			break;
		case 'P': plan_path = optarg; break;
		case 's': source = optarg; break;
		case 'q': request = optarg; break;
		case 'I': incoming = true; break;
		case 'R': read_redactions = true; break;
		case 'p': password = optarg; break;
		case 'k': key_path = optarg; break;
		case 'g': grounds = optarg; break;
		default:
			free(rules);
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (optind >= argc)
		ret = cli_usage(cmd, "no files to verify");
	else if (plan_path != NULL && (source == NULL) == (request == NULL))
		ret = cli_usage(cmd, "--plan takes --source FILE (a PDF made "
		    "with the plan) or --request DIR (a release made with it): "
		    "the plan's texts are read from the documents");
	else if (plan_path == NULL && (source != NULL || request != NULL))
		ret = cli_usage(cmd, "--source and --request go with --plan");
	else if (incoming && (nrules || plan_path))
		ret = cli_usage(cmd, "--incoming takes no rules or plan");
	if (ret != LAK_EXIT_OK) {
		free(rules);
		return ret;
	}

	if (incoming) {
		for (int i = optind; i < argc; i++) {
			struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
			struct lak_findings fs = { NULL, 0, 0 };
			struct lak_doc *doc = NULL;
			int checked;

			io.password = password;
			io.probe_hidden = true;
			checked = lak_ingest_file(argv[i], &io, &doc, &err) < 0 ||
			    lak_verify_incoming(doc, &fs, &err) < 0 ? -1 : 0;
			ret = conclude(cmd, argv[i], checked, &fs, &err, ret);
			lak_findings_release(&fs);
			lak_doc_free(doc);
		}
		free(rules);
		return ret;
	}

	if (grounds == NULL)
		grounds = cli_data_path("redaction-rules/grounds.txt");
	if (key_path != NULL && nrules == 0) {
		ret = cli_usage(cmd, "--key checks the rules given with --rules");
		goto out;
	}
	if (lak_grounds_load(grounds, &cat, &err) < 0 ||
	    (nrules && lak_rules_load(rules, nrules, cat, &rs, &err) < 0) ||
	    (key_path && lak_file_read(key_path, 4096, &key, &keylen,
	    &err) < 0)) {
		if (key_path && key == NULL && rs != NULL)
			lak_error_prefix(&err, "%s: ", key_path);
		cli_error_report(cmd, &err);
		ret = LAK_EXIT_USAGE;
		goto out;
	}
	if (plan_path != NULL && request != NULL) {
		/* a release: the plan per document of the request */
		if (lak_file_read(plan_path, LAK_MAX_PLAN_FILE, &plan_data,
		    &plan_len, &err) < 0 ||
		    lak_release_plans_load(request, cat, plan_data, plan_len,
		    plan_path, password, &rplans, &nrplans, &err) < 0) {
			cli_error_report(cmd, &err);
			ret = LAK_EXIT_USAGE;
			goto out;
		}
	} else if (plan_path != NULL) {
		struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;

		io.password = password;
		io.probe_dpi = 0;
		if (lak_file_read(plan_path, LAK_MAX_PLAN_FILE, &plan_data,
		    &plan_len, &err) < 0 ||
		    lak_ingest_file(source, &io, &sdoc, &err) < 0 ||
		    lak_normalise(sdoc, 0, &sview, &err) < 0 ||
		    lak_plan_read_csv(plan_data, plan_len, plan_path, sdoc,
		    sview, cat, &plan, &err) < 0 ||
		    lak_plan_texts(plan, sdoc, sview, LAK_DECISION_REDACT,
		    &secrets, &ns, &err) < 0 ||
		    lak_plan_texts(plan, sdoc, sview, LAK_DECISION_KEEP, &kept,
		    &nk, &err) < 0) {
			cli_error_report(cmd, &err);
			ret = LAK_EXIT_USAGE;
			goto out;
		}
		if (lak_verify_plan_areas(plan, &areas, &nareas) < 0) {
			cli_error(cmd, "out of memory");
			ret = LAK_EXIT_FAIL;
			goto out;
		}
	}
	for (int i = optind; i < argc; i++) {
		struct lak_verify_opts vo = {
			.cat = cat,
			.rs = rs,
			.secrets = (const char *const *)secrets,
			.nsecrets = ns,
			.kept = (const char *const *)kept,
			.nkept = nk,
			.password = password,
			.read_redactions = read_redactions,
			.areas = areas,
			.nareas = nareas,
		};
		struct lak_findings fs = { NULL, 0, 0 };
		char *data = NULL;
		size_t len = 0;
		int checked;

		if (is_release(argv[i])) {
			char builtin[4096];
			struct lak_release_check rc = { .pdf = vo, .key = key,
			    .keylen = keylen, .builtin_rules = builtin,
			    .plans = rplans, .nplans = nrplans };

			/* (cli_data_path()'s buffer is shared: a copy) */
			snprintf(builtin, sizeof(builtin), "%s",
			    cli_data_path("redaction-rules"));
			checked = load_schemas(&ms, &ds, &err) < 0 ? -1 : 0;
			rc.manifest_schema = ms;
			rc.diwoo_schema = ds;
			if (checked == 0)
				checked = lak_verify_release(argv[i], &rc, &fs,
				    &err);
		} else {
			checked = lak_file_read(argv[i], LAK_MAX_DOCUMENT_FILE, &data,
			    &len, &err) < 0 || lak_verify_pdf(data, len, &vo,
			    &fs, &err) < 0 ? -1 : 0;
		}
		ret = conclude(cmd, argv[i], checked, &fs, &err, ret);
		lak_findings_release(&fs);
		free(data);
	}
out:
	free(key);
	lak_schema_free(ms);
	lak_schema_free(ds);
	lak_texts_free(secrets, ns);
	lak_texts_free(kept, nk);
	free(areas);
	lak_release_plans_free(rplans, nrplans);
	free(plan_data);
	lak_plan_free(plan);
	lak_view_free(sview);
	lak_doc_free(sdoc);
	lak_rules_free(rs);
	lak_grounds_free(cat);
	free(rules);
	return ret;
}

const struct lak_cmd lak_cmd_verify = {
	.name = "verify",
	.usage = "[--rules FILE]... [--plan PLAN.csv --source FILE] PDF... | "
	    "[--rules FILE]... [--plan PLAN.csv --request DIR] RELEASE... | "
	    "--incoming FILE...",
	.summary = "Check that released PDFs leak nothing (exit 3 on findings), or "
	    "find fake redactions in incoming files.",
	.help = "  -r, --rules FILE   rules that must not match anything\n"
	    "  -P, --plan FILE    redacted texts of this plan must not occur "
	    "(with --source)\n"
	    "  -s, --source FILE  the document the plan was made for\n"
	    "      --request DIR  a release's request: the plan per document of "
	    "it\n"
	    "                     (kept passages are no findings)\n"
	    "      --incoming     find text under black boxes and unapplied "
	    "Redact annotations\n"
	    "  -p, --password PW  password of encrypted PDFs\n"
	    "  -k, --key FILE     a release: the rules given must be those it "
	    "was made\n"
	    "                     with (the request's audit.key)\n"
	    "      --read-redactions\n"
	    "                     read every line with a redaction again by "
	    "OCR (slow:\n"
	    "                     about 50 ms a line)\n"
	    "  -g, --grounds FILE another grounds catalogue\n",
	.shortopts = "+:r:P:s:p:k:g:h",
	.longopts = longopts,
	.run = cmd_verify,
};
