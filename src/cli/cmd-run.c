/*
 * lakwerk run: a Woo request folder to a release, on one machine or as
 * one shard of many; lakwerk package: the release of the shards' work.
 * The work is the library's (lib/run/run.h); these commands parse the
 * options, show progress, stop on a signal and print the summary.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "lib/base/clock.h"
#include "lib/base/fsutil.h"
#include "lib/run/run.h"

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

struct progress {
	bool on;
	bool open;		/* a line without its end is shown */
	double t0;
};

static void
show_progress(void *ctx, size_t done, size_t total, size_t pages)
{
	struct progress *p = ctx;
	double el = lak_monotonic() - p->t0;
	double rate = el > 0 ? (double)pages / el : 0;
	double left = done > 0 ? el / (double)done * (double)(total - done) : 0;

	if (!p->on)
		return;
	fprintf(stderr, "\r%zu of %zu documents, %.1f pages/s, %d:%02d left  ",
	    done, total, rate, (int)left / 60, (int)left % 60);
	p->open = true;
}

static void
summary(const struct lak_cmd *cmd, const struct lak_run *r,
    const char *outdir, bool quiet, bool released, const char *shard,
    const char *report)
{
	size_t n, nproc = 0, failed = 0, pages = 0, spans = 0, reused = 0;
	const struct lak_run_doc *docs = lak_run_docs(r, &n);
	const char *dossier = lak_run_dossier(r);

	for (size_t i = 0; i < n; i++) {
		const struct lak_run_doc *d = &docs[i];

		nproc += d->process;
		failed += d->failed;
		reused += d->reused;
		pages += d->result.pages;
		spans += d->result.spans;
		if (d->failed)
			cli_error(cmd, "%s (%s): %s", d->id,
			    lak_path_basename(d->file), d->why);
	}
	if (quiet)
		return;
	if (shard != NULL) {
		size_t mine = 0;

		for (size_t i = 0; i < n; i++)
			mine += docs[i].process && docs[i].mine;
		fprintf(stderr, "lakwerk: run: shard %s: %zu of the %zu "
		    "documents to release (%zu reused from an earlier run), "
		    "%zu failed; %zu pages, %zu passages redacted; its report: "
		    "%s\n", shard, mine, nproc, reused, failed, pages, spans,
		    report);
		return;
	}
	fprintf(stderr, "lakwerk: %s: %zu documents in the inventory, %zu to "
	    "release (%zu reused from an earlier run), %zu failed; %zu pages, "
	    "%zu passages redacted\n", cmd->name, n, nproc, reused, failed,
	    pages, spans);
	if (released)
		fprintf(stderr, "lakwerk: %s: release %s/%s and %s/%s.zip\n",
		    cmd->name, outdir, dossier, outdir, dossier);
	else
		fprintf(stderr, "lakwerk: %s: no release written; run again "
		    "to resume (finished documents are kept)\n", cmd->name);
}

/* --shard I/N or auto: -1 to go on, else the exit code. */
static int
parse_shard(const struct lak_cmd *cmd, const char *arg,
    struct lak_run_opts *o, bool *automatic)
{
	double i, n;
	const char *slash = strchr(arg, '/');
	char first[32];

	if (strcmp(arg, "auto") == 0) {
		*automatic = true;
		return -1;
	}
	if (slash == NULL || (size_t)(slash - arg) >= sizeof(first))
		return cli_usage(cmd, "--shard: expected I/N or auto, got '%s'",
		    arg);
	memcpy(first, arg, (size_t)(slash - arg));
	first[slash - arg] = '\0';
	if (!cli_number(first, 1e6, &i) || !cli_number(slash + 1, 1e6, &n) ||
	    n < 1 || i >= n)
		return cli_usage(cmd, "--shard: expected I/N with I from 0 to "
		    "N - 1 (shards are numbered from 0, as Slurm's array tasks "
		    "and Kubernetes' indexes), got '%s'", arg);
	o->shard = (unsigned int)i;
	o->nshards = (unsigned int)n;
	return -1;
}

/* The options: -1 to go on, else the exit code. */
static int
parse(const struct lak_cmd *cmd, int argc, char **argv,
    struct lak_run_opts *o, bool *quiet)
{
	struct lak_error err = LAK_ERROR_INIT;
	bool automatic = false;
	double d, shards = 0;
	int c, ret;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'o':
			o->outdir = optarg;
			break;
		case 'j':
			if (!cli_number(optarg, 256, &d) || d < 1)
				return cli_usage(cmd, "--jobs: expected 1 to "
				    "256, got '%s'", optarg);
			o->jobs = (unsigned int)d;
			break;
		case 'g':
			o->grounds = optarg;
			break;
		case 'S':
			if (!cli_number(optarg, 86400, &d) || d < 1)
				return cli_usage(cmd, "--max-seconds: expected "
				    "1 to 86400, got '%s'", optarg);
			o->max_cpu = d;
			break;
		case 'M':
			if (!cli_number(optarg, 1 << 20, &d) || d < 64)
				return cli_usage(cmd, "--max-memory: expected "
				    "MiB from 64, got '%s'", optarg);
			o->max_mem = d;
			break;
		case 'P':
			if (!cli_number(optarg, 1e6, &d) || d < 1)
				return cli_usage(cmd, "--max-pages: expected 1 "
				    "to 1000000, got '%s'", optarg);
			o->iopts.max_pages = (unsigned int)d;
			break;
		case 'A':
			o->ropts.fail_unreviewed = false;
			break;
		case 'L':
			o->plan = optarg;
			break;
		case 'q':
			*quiet = true;
			break;
		case 'R':
			o->review = false;
			break;
		case 'X':
			if (!cli_number(optarg, 1e5, &d) || d < 1)
				return cli_usage(cmd, "--max-pixels: expected "
				    "megapixels from 1 to 100000, got '%s'",
				    optarg);
			o->popts.max_pixels = d * 1e6;
			break;
		case 'O':
			o->iopts.ocr = false;
			break;
		case 'T':
			o->popts.raster_all = true;
			break;
		case 'W':
			o->work = optarg;
			break;
		case 'K':
			o->keyfile = optarg;
			break;
		case 's':
			if ((ret = parse_shard(cmd, optarg, o, &automatic)) >= 0)
				return ret;
			break;
		case 'n':
			if (!cli_number(optarg, 1e6, &shards) || shards < 1)
				return cli_usage(cmd, "--shards: expected 1 to "
				    "1000000, got '%s'", optarg);
			break;
		default:
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, optind >= argc ? "give the request "
		    "folder" : "give one request folder");
	if (automatic && lak_run_shard_from_env((unsigned int)shards,
	    &o->shard, &o->nshards, &err) < 0)
		return cli_usage(cmd, "%s", err.msg);
	if (shards > 0 && !automatic)
		return cli_usage(cmd, "--shards N goes with --shard auto (a "
		    "Kubernetes Indexed Job)");
	if (o->reuse_only && (o->work == NULL || o->outdir == NULL))
		return cli_usage(cmd, "give --work DIR, the shards' work "
		    "folder, and --out DIR");
	if (o->nshards > 0 && o->work == NULL)
		return cli_usage(cmd, "a shard needs --work DIR, a work folder "
		    "every shard and the package step can reach");
	if (o->outdir == NULL && o->nshards == 0)
		return cli_usage(cmd, "give --out DIR");
	o->request = argv[optind];
	return -1;
}

static const struct option longopts[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "grounds", required_argument, NULL, 'g' },
	{ "max-seconds", required_argument, NULL, 'S' },
	{ "max-memory", required_argument, NULL, 'M' },
	{ "max-pages", required_argument, NULL, 'P' },
	{ "allow-unreviewed-pages", no_argument, NULL, 'A' },
	{ "plan", required_argument, NULL, 'L' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "no-review", no_argument, NULL, 'R' },
	{ "max-pixels", required_argument, NULL, 'X' },
	{ "no-ocr", no_argument, NULL, 'O' },
	{ "raster-all", no_argument, NULL, 'T' },
	{ "work", required_argument, NULL, 'W' },
	{ "key", required_argument, NULL, 'K' },
	{ "shard", required_argument, NULL, 's' },
	{ "shards", required_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* lakwerk package: what goes into a result's key, and where things are;
 * no workers. */
static const struct option package_longopts[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "work", required_argument, NULL, 'W' },
	{ "key", required_argument, NULL, 'K' },
	{ "grounds", required_argument, NULL, 'g' },
	{ "max-pages", required_argument, NULL, 'P' },
	{ "max-pixels", required_argument, NULL, 'X' },
	{ "allow-unreviewed-pages", no_argument, NULL, 'A' },
	{ "plan", required_argument, NULL, 'L' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "no-review", no_argument, NULL, 'R' },
	{ "no-ocr", no_argument, NULL, 'O' },
	{ "raster-all", no_argument, NULL, 'T' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The documents the package step lacks, and why. */
static void
missing(const struct lak_cmd *cmd, const struct lak_run *r)
{
	size_t n, nmiss = 0, nproc = 0;
	const struct lak_run_doc *docs = lak_run_docs(r, &n);

	for (size_t i = 0; i < n; i++) {
		nproc += docs[i].process;
		if (!docs[i].process || docs[i].done)
			continue;
		nmiss++;
		cli_error(cmd, "%s (%s): %s", docs[i].id,
		    lak_path_basename(docs[i].file), docs[i].why ?
		    docs[i].why : "no result");
	}
	cli_error(cmd, "%zu of the %zu documents to release have no result in "
	    "the work folder: no release written", nmiss, nproc);
}

static int
run_or_package(const struct lak_cmd *cmd, int argc, char **argv,
    bool package)
{
	struct lak_run_opts o = LAK_RUN_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_run *r = NULL;
	struct progress prog = { false, false, 0 };
	struct sigaction sa;
	bool quiet = false, config = false, complete;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	char shard[48] = "", *report = NULL;
	int ret;

	o.jobs = ncpu > 0 ? (unsigned int)ncpu : 1;
	o.reuse_only = package;
	if ((ret = parse(cmd, argc, argv, &o, &quiet)) >= 0)
		return ret;
	if (o.grounds == NULL)
		o.grounds = cli_data_path("redaction-rules/grounds.txt");
	o.datadir = cli_data_dir();
	/* The release's date: SOURCE_DATE_EPOCH, else the decision date,
	 * so the same request gives the same bytes. */
	if (getenv("SOURCE_DATE_EPOCH") != NULL &&
	    cli_source_date(cmd, &o.date) < 0)
		return LAK_EXIT_USAGE;
	prog.on = !quiet && isatty(STDERR_FILENO);
	prog.t0 = lak_monotonic();
	o.progress = show_progress;
	o.progress_ctx = &prog;
	o.stop = &stop_signal;
	if (lak_run_open(&o, &r, &config, &err) < 0) {
		cli_error_report(cmd, &err);
		return config ? LAK_EXIT_USAGE : LAK_EXIT_FAIL;
	}
	if (lak_run_new_key(r) != NULL && !quiet)
		fprintf(stderr, "lakwerk: %s: made %s, the key of the rule "
		    "digests in the manifest; keep it with the request\n",
		    cmd->name, lak_run_new_key(r));
	if (package) {
		if (!lak_run_complete(r)) {
			missing(cmd, r);
			ret = LAK_EXIT_FAIL;
			goto out;
		}
	} else {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		ret = lak_run_process(r, &err);
		if (prog.open)
			fputc('\n', stderr);
		if (ret < 0) {
			cli_error_report(cmd, &err);
			ret = LAK_EXIT_FAIL;
			goto out;
		}
	}
	complete = lak_run_complete(r);
	if (o.nshards > 0) {
		/* a shard's part ends here: the release is the package
		 * step's */
		snprintf(shard, sizeof(shard), "%u of %u", o.shard, o.nshards);
		if (asprintf(&report, "%s/shards/%u-of-%u", o.work, o.shard,
		    o.nshards) < 0)
			report = NULL;
		if (stop_signal)
			cli_error(cmd, "stopped by signal %d; run the shard "
			    "again to resume", (int)stop_signal);
		summary(cmd, r, NULL, quiet, false, shard, report ? report :
		    o.work);
		ret = stop_signal ? LAK_EXIT_SIGNAL + (int)stop_signal :
		    complete ? LAK_EXIT_OK : LAK_EXIT_FAIL;
		goto out;
	}
	if (lak_run_write_audit(r, &err) < 0) {
		cli_error_report(cmd, &err);
		complete = false;
	}
	if (o.review && !stop_signal && lak_run_write_review(r, &err) < 0) {
		cli_error(cmd, "review report: %s", err.msg);
		complete = false;
	}
	if (stop_signal) {
		cli_error(cmd, "stopped by signal %d; run again to resume",
		    (int)stop_signal);
		summary(cmd, r, o.outdir, quiet, false, NULL, NULL);
		ret = LAK_EXIT_SIGNAL + (int)stop_signal;
		goto out;
	}
	if (complete && lak_run_assemble(r, &err) < 0) {
		cli_error_report(cmd, &err);
		complete = false;
	}
	summary(cmd, r, o.outdir, quiet, complete, NULL, NULL);
	ret = complete ? LAK_EXIT_OK : LAK_EXIT_FAIL;
out:
	free(report);
	lak_run_free(r);
	return ret;
}

static int
cmd_run(const struct lak_cmd *cmd, int argc, char **argv)
{
	return run_or_package(cmd, argc, argv, false);
}

static int
cmd_package(const struct lak_cmd *cmd, int argc, char **argv)
{
	return run_or_package(cmd, argc, argv, true);
}

const struct lak_cmd lak_cmd_run = {
	.name = "run",
	.usage = "REQUEST_DIR --out OUTDIR [--jobs N] [--max-seconds S] "
	    "[--max-memory MB]\n"
	    "       lakwerk run REQUEST_DIR --work DIR --shard I/N|auto "
	    "[--shards N] [--jobs N]",
	.summary = "Make the release of a Woo request: redacted documents, "
	    "inventory, decision letter, DiWoo metadata, manifest, archive.",
	.help = "  -o, --out DIR      the release goes to DIR/DOSSIER/ and "
	    "DIR/DOSSIER.zip\n"
	    "  -j, --jobs N       worker processes (default: the number of "
	    "cores)\n"
	    "      --max-seconds S  CPU seconds per document (600); a worker "
	    "is stopped\n"
	    "                     after twice that plus 10 s of wall time\n"
	    "      --max-memory MB  address space per worker (4096)\n"
	    "      --max-pages N  refuse PDFs with more pages (20000)\n"
	    "      --max-pixels MP  refuse pages larger than MP megapixels "
	    "at 200 dpi (200)\n"
	    "      --allow-unreviewed-pages\n"
	    "                     go on when a page needs OCR or has "
	    "unreliable text\n"
	    "      --plan DIR|FILE  apply reviewed plans instead of the "
	    "rules: DIR/ID.plan.csv\n"
	    "                     (as in OUTDIR/audit/), or one file with "
	    "every document's\n"
	    "                     rows (the review report's export)\n"
	    "      --no-review    do not write the review report "
	    "OUTDIR/review/\n"
	    "      --no-ocr       do not read by OCR the ink that no text explains\n"
	    "                     (pages that are only pictures need review)\n"
	    "      --raster-all   every page as pixels (else a page with nothing\n"
	    "                     redacted or in doubt keeps its vectors)\n"
	    "  -q, --quiet        no progress and no summary\n"
	    "  -g, --grounds FILE another grounds catalogue\n"
	    "      --work DIR     keep the documents' results in DIR (default:\n"
	    "                     OUTDIR/.lakwerk-work); it may be shared storage\n"
	    "      --key FILE     the key of the rule digests in the manifest\n"
	    "                     (default: REQUEST_DIR/audit.key, made when "
	    "missing)\n"
	    "      --shard I/N    do only shard I (0 to N-1) of N of the "
	    "documents into\n"
	    "                     --work DIR, and no release (then: lakwerk "
	    "package)\n"
	    "      --shard auto   I and N from a Slurm job array "
	    "(SLURM_ARRAY_TASK_ID,\n"
	    "                     _COUNT), or a Kubernetes Indexed Job "
	    "(JOB_COMPLETION_INDEX)\n"
	    "      --shards N     with --shard auto under Kubernetes: the "
	    "Job's completions\n",
	.shortopts = ":o:j:g:qh",
	.longopts = longopts,
	.run = cmd_run,
};

const struct lak_cmd lak_cmd_package = {
	.name = "package",
	.usage = "REQUEST_DIR --work DIR --out OUTDIR [--key FILE]",
	.summary = "Make the release from the results of sharded runs "
	    "(lakwerk run --shard) in a work folder.",
	.help = "  -o, --out DIR      the release goes to DIR/DOSSIER/ and "
	    "DIR/DOSSIER.zip\n"
	    "      --work DIR     the shards' work folder\n"
	    "      --key FILE     the key of the rule digests (default: "
	    "REQUEST_DIR/audit.key)\n"
	    "  -q, --quiet        no summary\n"
	    "As given to the shards (they are part of each result's key):\n"
	    "  -g, --grounds FILE, --max-pages N, --max-pixels MP,\n"
	    "      --allow-unreviewed-pages, --plan DIR|FILE, --no-review, "
	    "--no-ocr,\n"
	    "      --raster-all\n"
	    "Every document must have its result; the missing ones are listed "
	    "with the\n"
	    "shard that should have made them, and nothing is written.\n",
	.shortopts = ":o:g:qh",
	.longopts = package_longopts,
	.run = cmd_package,
};
