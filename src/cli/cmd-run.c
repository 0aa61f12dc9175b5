/*
 * lakwerk run: a Woo request directory to a release.
 *
 *   ingest -> plan -> redact -> verify    per document, in worker processes
 *   inventory -> decision letter -> DiWoo -> manifest -> archive
 *
 * Each document is done by a forked worker with limits on memory, CPU and
 * wall time; a worker that crashes or hangs fails its document, not the
 * run. Workers leave their results in OUTDIR/.lakwerk-work/ under a key of
 * everything that went into them (lakwerk's version, the options, the rule
 * and grounds files, the document's bytes), written last: a re-run skips
 * the documents whose key still matches, so an interrupted run resumes.
 * The release is assembled in a temporary folder and renamed into place,
 * and the archive is written only when every document is done: a failed
 * run leaves no release and no archive.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "lib/release/archive.h"
#include "lib/base/buf.h"
#include "lib/base/digest.h"
#include "lib/base/fsutil.h"
#include "lib/model/grounds.h"
#include "lib/release/inventory-list.h"
#include "lib/release/package.h"
#include "lib/run/process.h"
#include "lib/render/render.h"
#include "lib/release/request.h"
#include "lib/redact/rules.h"

#define WORK ".lakwerk-work"

struct doc {
	size_t row;			/* index into the inventory */
	bool process;			/* to be redacted and released */
	bool done, failed;
	char *why;			/* failure reason */
	char key[65];
	size_t pages, withheld_pages, spans;
	bool withheld;
	struct lak_ground_count *g;
	size_t ng;
};

struct slot;

struct run {
	const struct lak_cmd *cmd;
	const char *outdir;
	struct slot *slots;		/* the pool's, freed in a worker */
	struct pollfd *pfds;
	const char *plan_dir;		/* reviewed plans: DIR/ID.plan.csv, */
	char *plan_all;			/* or one file with every document's */
	size_t plan_all_len;
	char *work;
	struct lak_grounds *cat;
	struct lak_request *req;
	struct lak_ruleset *rs;
	struct lak_ingest_opts iopts;
	struct lak_redact_opts ropts;
	struct lak_pdf_opts popts;
	char setup_key[65];
	char *key;			/* of the rule digests (audit.key) */
	size_t keylen;
	struct doc *docs;
	size_t ndocs;
	unsigned int jobs;
	double max_cpu;			/* seconds per document */
	double max_mem;			/* MiB per worker */
	bool progress, quiet;
	bool review;			/* write OUTDIR/review/ */
	long long date;
};

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- the key of a document's result ------------------------------------ */

/* Everything but the document's bytes: version, options, rules, grounds. */
static void
setup_key(struct run *r, const char *grounds_path)
{
	struct lak_buf b;
	char *g = NULL;
	size_t glen = 0;
	struct lak_error err = LAK_ERROR_INIT;
	char hex[65];

	lak_buf_init(&b, 0);
	lak_buf_addf(&b, "%s\ndpi %g grey %d margin %g min %g unreviewed %d "
	    "max-pages %u\n", PACKAGE_STRING, r->popts.dpi, r->popts.grey,
	    r->popts.margin, r->popts.min_width, r->ropts.fail_unreviewed,
	    r->iopts.max_pages);
	for (size_t i = 0; i < lak_rules_nsources(r->rs); i++) {
		const struct lak_rule_source *s = lak_rules_source(r->rs, i);

		lak_buf_addf(&b, "rules %s %s\n", lak_path_basename(s->path),
		    s->sha256);
	}
	if (lak_file_read(grounds_path, (size_t)1 << 24, &g, &glen, &err) == 0) {
		lak_sha256_hex(g, glen, hex);
		lak_buf_addf(&b, "grounds %s\n", hex);
		free(g);
	}
	lak_sha256_hex(b.data, b.len, r->setup_key);
	lak_buf_release(&b);
}

/* --- the worker -------------------------------------------------------- */

/* A worker's exit status when it cannot write a result (the parent says
 * so; its .error file may not be writable either). */
#define WORKER_EXIT_WRITE 3

static void
write_or_die(const char *path, const void *data, size_t len)
{
	struct lak_error err = LAK_ERROR_INIT;

	if (lak_file_write_atomic(path, data, len, 0644, &err) < 0) {
		fprintf(stderr, "lakwerk: run: %s: %s\n", path, err.msg);
		_exit(WORKER_EXIT_WRITE);
	}
}

/* Record why document 'id' failed, for the parent; returns 1. */
static int
fail_doc(const char *errpath, const char *msg)
{
	write_or_die(errpath, msg, strlen(msg));
	return 1;
}

/* In a worker: do document 'd' and leave its results in the work
 * folder. 0 when done, 1 when it failed (the reason is in ID.error). */
static int
work(struct run *r, struct doc *d)
{
	const struct lak_inv_row *row = &r->req->inv->rows[d->row];
	const char *id = row->id, *hook;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_job j;
	struct lak_buf st, m;
	char *src = NULL, *p_err, *p_pdf, *p_csv, *p_st, *p_key;
	char *plan = NULL, *p_plan = NULL, *p_rev, *rev_pages, *rev_mine;
	char *name = NULL;
	size_t srclen = 0, planlen = 0;
	int ret = 1;

	p_err = cli_path(r->work, id, ".error");
	p_pdf = cli_path(r->work, id, ".pdf");
	p_csv = cli_path(r->work, id, ".plan.csv");
	p_st = cli_path(r->work, id, ".stats");
	p_key = cli_path(r->work, id, ".key");
	p_rev = cli_path(r->work, id, ".review.json");
	rev_pages = cli_path(r->work, "review", "");
	rev_mine = cli_path(rev_pages, id, "");
	lak_job_init(&j);
	lak_buf_init(&st, 0);
	lak_buf_init(&m, 0);
	/* Test hooks: a worker that crashes or hangs on one document. */
	if ((hook = getenv("LAKWERK_TEST_CRASH")) != NULL &&
	    strcmp(hook, id) == 0)
		raise(SIGSEGV);
	if ((hook = getenv("LAKWERK_TEST_HANG")) != NULL &&
	    strcmp(hook, id) == 0)
		for (;;)
			pause();
	if (lak_file_read(r->req->docs[d->row], r->iopts.max_bytes, &src,
	    &srclen, &err) < 0) {
		lak_error_prefix(&err, "%s: ", r->req->docs[d->row]);
		fail_doc(p_err, err.msg);
		goto out;
	}
	if (r->plan_all != NULL) {
		j.plan_data = r->plan_all;
		j.plan_len = r->plan_all_len;
		j.plan_name = r->plan_dir;
	} else if (r->plan_dir != NULL) {
		p_plan = cli_path(r->plan_dir, id, ".plan.csv");
		if (lak_file_read(p_plan, (size_t)1 << 30, &plan, &planlen,
		    &err) < 0) {
			lak_error_prefix(&err, "%s: ", p_plan);
			fail_doc(p_err, err.msg);
			goto out;
		}
		j.plan_data = plan;
		j.plan_len = planlen;
		j.plan_name = p_plan;
	}
	j.name = r->req->docs[d->row];
	j.title = row->description && *row->description ? row->description :
	    id;
	j.src = src;
	j.srclen = srclen;
	j.iopts = r->iopts;
	j.cat = r->cat;
	j.rs = r->rs;
	j.ropts = r->ropts;
	j.popts = r->popts;
	j.no_text = true;
	if (r->review) {
		/* the page images of an earlier version go first */
		if (lak_remove_tree(rev_mine, &err) < 0) {
			fail_doc(p_err, err.msg);
			goto out;
		}
		if (row->description && *row->description) {
			char *dash = cli_suffixed(id, " \xE2\x80\x94 ");

			name = cli_suffixed(dash, row->description);
			free(dash);
		} else {
			name = cli_suffixed(id, "");
		}
		j.review_pages = rev_pages;
		j.review_id = id;
		j.review_name = name;
		j.review_dpi = 96;
	}
	if (lak_job_run(&j, &err) < 0) {
		lak_buf_adds(&m, err.msg);
		for (size_t i = 0; i < j.findings.n && i < 5; i++)
			lak_buf_addf(&m, "; page %u: %s: %s",
			    j.findings.f[i].page, j.findings.f[i].channel,
			    j.findings.f[i].what);
		fail_doc(p_err, m.data ? m.data : err.msg);
		goto out;
	}
	lak_buf_addf(&st, "pages %zu\nwithheld-pages %zu\nwithheld %d\n"
	    "spans %zu\n", j.pages, j.withheld_pages, j.withheld,
	    j.stats.spans);
	for (size_t i = 0; i < j.stats.ng; i++)
		lak_buf_addf(&st, "ground %s %zu %zu\n",
		    r->cat->g[j.stats.g[i].ground].code, j.stats.g[i].spans,
		    j.stats.g[i].chars);
	/* what the result's files must hash to when it is reused: a file
	 * damaged in the work folder is redone, never released */
	{
		char hex[LAK_SHA256_HEX_LEN + 1];

		if (!j.withheld) {
			lak_sha256_hex(j.pdf.data, j.pdf.len, hex);
			lak_buf_addf(&st, "sha256 .pdf %s\n", hex);
		}
		lak_sha256_hex(j.csv.data, j.csv.len, hex);
		lak_buf_addf(&st, "sha256 .plan.csv %s\n", hex);
		if (r->review) {
			lak_sha256_hex(j.review.data, j.review.len, hex);
			lak_buf_addf(&st, "sha256 .review.json %s\n", hex);
		}
	}
	if (lak_buf_check(&st, &err) < 0) {
		fail_doc(p_err, err.msg);
		goto out;
	}
	unlink(p_err);
	if (!j.withheld)
		write_or_die(p_pdf, j.pdf.data, j.pdf.len);
	write_or_die(p_csv, j.csv.data, j.csv.len);
	write_or_die(p_st, st.data, st.len);
	if (r->review)
		write_or_die(p_rev, j.review.data, j.review.len);
	write_or_die(p_key, d->key, 64);	/* last: the result is whole */
	ret = 0;
out:
	lak_job_release(&j);
	lak_buf_release(&st);
	lak_buf_release(&m);
	free(src);
	free(plan);
	free(p_plan);
	free(p_err);
	free(p_pdf);
	free(p_csv);
	free(p_st);
	free(p_key);
	free(p_rev);
	free(rev_pages);
	free(rev_mine);
	free(name);
	return ret;
}

/*
 * A worker process: reads document numbers from 'in', does each under
 * its own CPU and wall-time limits, answers one byte (0 done, 1 failed)
 * on 'out'; ends at the end of 'in'. One process serves many documents
 * (its heap and caches stay warm); a crash takes only the document it
 * was on.
 */
static void
worker_main(struct run *r, int in, int out)
{
	struct rlimit rl;
	uint32_t k;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* never outlive the run */
#endif
	/* The memory limit is left out under AddressSanitizer, which
	 * reserves terabytes of address space for its shadow. */
#if !defined(__SANITIZE_ADDRESS__)
	if (r->max_mem > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)(r->max_mem * 1048576.0);
		setrlimit(RLIMIT_AS, &rl);
	}
#endif
	while (read(in, &k, sizeof(k)) == (ssize_t)sizeof(k) && k < r->ndocs) {
		struct rusage ru;
		unsigned char res;

		/* CPU time is counted per process: allow this document
		 * max_cpu more than is used so far. */
		getrusage(RUSAGE_SELF, &ru);
		rl.rlim_cur = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
		    1 + r->max_cpu);
		rl.rlim_max = rl.rlim_cur + 5;
		setrlimit(RLIMIT_CPU, &rl);
		alarm((unsigned int)(r->max_cpu * 2 + 10));
		res = (unsigned char)work(r, &r->docs[k]);
		alarm(0);
		if (write(out, &res, 1) != 1)
			break;
	}
	_exit(0);
}

/* --- results ----------------------------------------------------------- */

/*
 * Whether the work folder's file for 'id' named by a stats line's rest,
 * "SUFFIX HEX", still hashes to HEX; *review is set for the review data.
 */
static bool
file_matches(struct run *r, const char *id, const char *rest, bool *review)
{
	char suffix[32], want[LAK_SHA256_HEX_LEN + 1];
	char got[LAK_SHA256_HEX_LEN + 1], *p, *f = NULL;
	size_t flen = 0;
	struct lak_error err = LAK_ERROR_INIT;
	bool ok;

	if (sscanf(rest, "%31s %64s", suffix, want) != 2)
		return false;
	*review |= strcmp(suffix, ".review.json") == 0;
	p = cli_path(r->work, id, suffix);
	ok = lak_file_read(p, (size_t)1 << 34, &f, &flen, &err) == 0;
	if (ok) {
		lak_sha256_hex(f, flen, got);
		ok = strcmp(got, want) == 0;
	}
	free(f);
	free(p);
	return ok;
}

static bool
read_stats(struct run *r, struct doc *d, bool check_files,
    struct lak_error *err)
{
	const char *id = r->req->inv->rows[d->row].id;
	char *p = cli_path(r->work, id, ".stats");
	char *data = NULL, *line, *save = NULL;
	size_t len = 0, nsums = 0;
	bool ok = false, review = false;

	free(d->g);
	d->g = NULL;
	d->ng = 0;
	if (lak_file_read(p, 1 << 20, &data, &len, err) < 0)
		goto out;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL,
	    "\n", &save)) {
		char code[64];
		size_t a, b;
		int w;
		long gi;

		if (sscanf(line, "pages %zu", &a) == 1)
			d->pages = a;
		else if (sscanf(line, "withheld-pages %zu", &a) == 1)
			d->withheld_pages = a;
		else if (sscanf(line, "withheld %d", &w) == 1)
			d->withheld = w != 0;
		else if (sscanf(line, "spans %zu", &a) == 1)
			d->spans = a;
		else if (strncmp(line, "sha256 ", 7) == 0) {
			if (check_files && !file_matches(r, id, line + 7,
			    &review)) {
				lak_error_set(err, LAK_EFORMAT, "%s: a file of "
				    "the result changed: it will be redone", p);
				goto out;
			}
			nsums++;
		}
		else if (sscanf(line, "ground %63s %zu %zu", code, &a, &b) ==
		    3 && (gi = lak_grounds_find(r->cat, code)) >= 0) {
			struct lak_ground_count *g = realloc(d->g,
			    (d->ng + 1) * sizeof(*g));

			if (g == NULL)
				goto out;
			d->g = g;
			g[d->ng].ground = gi;
			g[d->ng].spans = a;
			g[d->ng++].chars = b;
		} else {
			lak_error_set(err, LAK_EFORMAT, "%s: damaged (line "
			    "'%.40s'): it will be redone", p, line);
			goto out;
		}
	}
	/* the PDF (unless withheld) and the plan at least, and the review
	 * data when this run writes a report */
	if (check_files && (nsums < (d->withheld ? 1u : 2u) ||
	    (r->review && !review))) {
		lak_error_set(err, LAK_EFORMAT, "%s: files of the result are "
		    "not recorded: it will be redone", p);
		goto out;
	}
	ok = true;
out:
	free(data);
	free(p);
	return ok;
}

/* Whether the work folder holds a whole result for 'd' with its key. */
static bool
cached(struct run *r, struct doc *d)
{
	const char *id = r->req->inv->rows[d->row].id;
	char *p = cli_path(r->work, id, ".key"), *k = NULL;
	size_t len = 0;
	struct lak_error err = LAK_ERROR_INIT;
	bool ok = lak_file_read(p, 128, &k, &len, &err) == 0 && len == 64 &&
	    memcmp(k, d->key, 64) == 0 && read_stats(r, d, true, &err);

	free(k);
	free(p);
	return ok;
}

static void
set_failed(struct doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_failed(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(d->why);
	d->why = strdup(msg);
	d->failed = true;
}

static void
reap(struct run *r, struct doc *d, int status)
{
	const char *id = r->req->inv->rows[d->row].id;
	struct lak_error err = LAK_ERROR_INIT;

	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		if (sig == SIGXCPU)
			set_failed(d, "the worker used more than %g s of CPU "
			    "time (--max-seconds)", r->max_cpu);
		else if (sig == SIGALRM)
			set_failed(d, "the worker took longer than %g s and was "
			    "stopped", r->max_cpu * 2 + 10);
		else
			set_failed(d, "the worker was killed by signal %d (%s)%s",
			    sig, strsignal(sig), sig == SIGKILL ?
			    ": out of memory, or killed from outside" : "");
		return;
	}
	if (WEXITSTATUS(status) != 0) {
		char *p = cli_path(r->work, id, ".error"), *msg = NULL;
		size_t len = 0;

		if (WEXITSTATUS(status) == WORKER_EXIT_WRITE)
			set_failed(d, "its results could not be written to %s "
			    "(disk full or not writable?)", r->work);
		else if (lak_file_read(p, 1 << 16, &msg, &len, &err) == 0)
			set_failed(d, "%s", msg);
		else
			set_failed(d, "the worker stopped with status %d",
			    WEXITSTATUS(status));
		free(msg);
		free(p);
		return;
	}
	if (!read_stats(r, d, false, &err)) {
		set_failed(d, "%s", err.msg);
		return;
	}
	d->done = true;
}

/* The inventory's judgement and what the rules did must agree. */
static void
check_judgement(struct run *r, struct doc *d)
{
	const struct lak_inv_row *row = &r->req->inv->rows[d->row];

	if (!d->done)
		return;
	if (d->withheld)
		set_failed(d, "the rules withhold the whole document, but the "
		    "inventory (row %zu) says '%s': make it niet openbaar "
		    "with its ground", row->row,
		    lak_judgement_str(row->judgement));
	else if (row->judgement == LAK_JUDGE_OPENBAAR && d->spans > 0)
		set_failed(d, "the rules redact %zu passage%s, but the "
		    "inventory (row %zu) says openbaar: make it deels "
		    "openbaar, or allow the passages in the rules", d->spans,
		    d->spans == 1 ? "" : "s", row->row);
	else if (row->judgement == LAK_JUDGE_DEELS && d->spans == 0)
		set_failed(d, "the rules redact nothing, but the inventory "
		    "(row %zu) says deels openbaar: make it openbaar, or add "
		    "the rules that redact it", row->row);
	if (d->failed)
		d->done = false;
}

/* --- the pool ---------------------------------------------------------- */

static void
show_progress(struct run *r, size_t done, size_t total, size_t pages,
    double t0, bool last)
{
	double el = now() - t0, rate = el > 0 ? (double)pages / el : 0;
	double left = done > 0 ? el / (double)done * (double)(total - done) : 0;

	if (!r->progress)
		return;
	fprintf(stderr, "\r%zu of %zu documents, %.1f pages/s, %d:%02d left  ",
	    done, total, rate, (int)left / 60, (int)left % 60);
	if (last)
		fputc('\n', stderr);
}

struct slot {
	pid_t pid;
	int to, from;		/* pipes to and from the worker */
	struct doc *doc;	/* the document it is on, or NULL */
};

static int
start_worker(struct run *r, struct slot *ws, unsigned int nws, struct slot *w)
{
	int a[2], b[2];

	if (pipe(a) < 0)
		return -1;
	if (pipe(b) < 0) {
		close(a[0]);
		close(a[1]);
		return -1;
	}
	fflush(NULL);
	if ((w->pid = fork()) < 0) {
		close(a[0]);
		close(a[1]);
		close(b[0]);
		close(b[1]);
		return -1;
	}
	if (w->pid == 0) {
		/* Only its own ends: a copy of another worker's pipe would
		 * keep that worker from seeing its end, and the run from
		 * seeing it die. */
		close(a[1]);
		close(b[0]);
		for (unsigned int i = 0; i < nws; i++)
			if (&ws[i] != w && ws[i].pid > 0) {
				close(ws[i].to);
				close(ws[i].from);
			}
		free(r->slots);
		free(r->pfds);
		r->slots = NULL;
		r->pfds = NULL;
		worker_main(r, a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	fcntl(a[1], F_SETFD, FD_CLOEXEC);
	fcntl(b[0], F_SETFD, FD_CLOEXEC);
	w->to = a[1];
	w->from = b[0];
	w->doc = NULL;
	return 0;
}

static void
stop_worker(struct slot *w, bool kill_it)
{
	int status;

	if (w->pid <= 0)
		return;
	close(w->to);
	close(w->from);
	if (kill_it)
		kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
}

static int
remove_temp(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	if (flag == FTW_F && strstr(path + ftw->base, ".tmp-") != NULL)
		unlink(path);
	return 0;
}

/*
 * Remove the temporary files of writes that never finished in the work
 * folder: a worker killed on a stop (or a run killed outright) leaves its
 * NAME.tmp-XXXXXX behind. Only lakwerk writes there.
 */
static void
clean_work(struct run *r)
{
	nftw(r->work, remove_temp, 16, FTW_PHYS);
}

static int
run_pool(struct run *r)
{
	size_t next = 0, busy = 0, done = 0, total = 0, pages = 0;
	struct slot *ws = calloc(r->jobs, sizeof(*ws));
	struct pollfd *pf = calloc(r->jobs, sizeof(*pf));
	double t0 = now();

	if (ws == NULL || pf == NULL) {
		free(ws);
		free(pf);
		cli_error(r->cmd, "out of memory");
		return -1;
	}
	r->slots = ws;
	r->pfds = pf;
	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < r->ndocs; i++)
		if (r->docs[i].process && !r->docs[i].done)
			total++;
	while (!stop_signal) {
		/* hand out documents to idle workers */
		for (unsigned int i = 0; i < r->jobs && !stop_signal; i++) {
			struct slot *w = &ws[i];
			uint32_t k;

			if (w->doc != NULL)
				continue;
			while (next < r->ndocs && (!r->docs[next].process ||
			    r->docs[next].done))
				next++;
			if (next == r->ndocs)
				break;
			if (w->pid <= 0 && start_worker(r, ws, r->jobs, w) < 0) {
				set_failed(&r->docs[next++], "cannot start a "
				    "worker: %s", strerror(errno));
				continue;
			}
			k = (uint32_t)next;
			if (write(w->to, &k, sizeof(k)) != (ssize_t)sizeof(k)) {
				stop_worker(w, true);	/* retried below */
				i--;
				continue;
			}
			w->doc = &r->docs[next++];
			busy++;
		}
		if (busy == 0)
			break;
		for (unsigned int i = 0; i < r->jobs; i++) {
			pf[i].fd = ws[i].doc ? ws[i].from : -1;
			pf[i].events = POLLIN;
			pf[i].revents = 0;
		}
		if (poll(pf, r->jobs, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (unsigned int i = 0; i < r->jobs; i++) {
			struct slot *w = &ws[i];
			struct doc *d = w->doc;
			unsigned char res;
			int status = 0;

			if (d == NULL || pf[i].revents == 0)
				continue;
			if (read(w->from, &res, 1) == 1) {
				/* as if a one-document worker had exited */
				status = res == 0 ? 0 : 1 << 8;
			} else {
				/* the worker died on this document */
				close(w->to);
				close(w->from);
				while (waitpid(w->pid, &status, 0) < 0 &&
				    errno == EINTR)
					;
				if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
					status = 3 << 8;
				w->pid = 0;
			}
			w->doc = NULL;
			busy--;
			reap(r, d, status);
			done++;
			pages += d->pages;
			show_progress(r, done, total, pages, t0, false);
		}
	}
	for (unsigned int i = 0; i < r->jobs; i++)
		stop_worker(&ws[i], stop_signal != 0);
	if (total > 0)
		show_progress(r, done, total, pages, t0, true);
	free(ws);
	free(pf);
	r->slots = NULL;
	r->pfds = NULL;
	return 0;
}

/* --- the release ------------------------------------------------------- */

struct rel {
	struct run *r;
	char *tmpdir;			/* OUTDIR/.DOSSIER.tmp */
	struct lak_release_file *files;
	size_t nfiles;
	char **names;			/* owned file names */
	struct lak_release_doc *rdocs;
	struct lak_schema *diwoo;
	char *org_uri, *org_label;
};

/* Write 'data' to the release as 'name' and list it. */
static int
rel_add(struct rel *x, const char *name, const void *data, size_t len,
    struct lak_error *err)
{
	char *p = cli_path(x->tmpdir, name, "");
	struct lak_release_file *f;
	char **nm;
	int ret;

	ret = lak_file_write_atomic(p, data, len, 0644, err);
	if (ret < 0)
		lak_error_prefix(err, "%s: ", p);
	free(p);
	if (ret < 0)
		return -1;
	f = realloc(x->files, (x->nfiles + 1) * sizeof(*f));
	if (f != NULL)
		x->files = f;
	nm = realloc(x->names, (x->nfiles + 1) * sizeof(*nm));
	if (nm != NULL)
		x->names = nm;
	if (f == NULL || nm == NULL || (nm[x->nfiles] = strdup(name)) == NULL)
		return lak_error_set(err, LAK_ENOMEM, "out of memory");
	f = &x->files[x->nfiles];
	f->name = nm[x->nfiles];
	f->size = len;
	lak_sha256_hex(data, len, f->sha256);
	f->type = lak_media_type(name);
	x->nfiles++;
	return 0;
}

static int
rel_add_diwoo(struct rel *x, const char *name, const struct lak_diwoo *d,
    struct lak_error *err)
{
	struct lak_buf b;
	int ret = -1;

	lak_buf_init(&b, 0);
	if (lak_diwoo_write(d, &b, err) == 0 &&
	    lak_schema_validate(x->diwoo, b.data, b.len, name, err) == 0)
		ret = rel_add(x, name, b.data, b.len, err);
	lak_buf_release(&b);
	return ret;
}

/* request.txt with the Grond and Documenten lines of this release. */
static int
besluit_pdf(struct rel *x, struct lak_buf *out, struct lak_error *err)
{
	struct run *r = x->r;
	const struct lak_grounds *cat = r->cat;
	struct lak_render_req rq = { "woo-besluit", "pdf", NULL, 0, true,
	    LAK_SOURCE_BESLUIT, r->date };
	size_t *passages = calloc(cat->n + 1, sizeof(size_t));
	size_t *ndocs = calloc(cat->n + 1, sizeof(size_t));
	char *src = NULL;
	size_t len = 0, hdr;
	struct lak_buf s;
	int ret = -1;

	lak_buf_init(&s, 0);
	if (passages == NULL || ndocs == NULL) {
		lak_error_set(err, LAK_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct lak_release_doc *d = &x->rdocs[i];
		long g[32];
		size_t n = 0;

		for (size_t k = 0; k < d->ng; k++) {
			passages[d->g[k].ground] += d->g[k].spans;
			g[n++] = d->g[k].ground;
		}
		if (!d->processed && d->row->judgement == LAK_JUDGE_NIET)
			for (size_t k = 0; k < d->row->ngrounds && n < 32; k++)
				g[n++] = d->row->grounds[k];
		for (size_t k = 0; k < n; k++) {
			bool seen = false;

			for (size_t m = 0; m < k; m++)
				seen |= g[m] == g[k];
			if (!seen)
				ndocs[g[k]]++;
		}
	}
	if (lak_file_read(r->req->request_path, 1 << 20, &src, &len, err) < 0)
		goto out;
	/* the header ends at the first blank line */
	for (hdr = 0; hdr < len; ) {
		const char *nl = memchr(src + hdr, '\n', len - hdr);

		if (nl == NULL) {
			hdr = len;
			break;
		}
		if (nl == src + hdr || (nl == src + hdr + 1 && src[hdr] ==
		    '\r'))
			break;
		hdr = (size_t)(nl - src) + 1;
	}
	lak_buf_add(&s, src, hdr);
	if (hdr > 0 && src[hdr - 1] != '\n')
		lak_buf_addc(&s, '\n');
	lak_buf_addf(&s, "Documenten: %zu\n", r->ndocs);
	for (size_t gi = 0; gi < cat->n; gi++)
		if (ndocs[gi] > 0)
			lak_buf_addf(&s, "Grond: %s | %s | %zu | %zu\n",
			    cat->g[gi].code, cat->g[gi].label, passages[gi],
			    ndocs[gi]);
	lak_buf_add(&s, src + hdr, len - hdr);
	if (lak_buf_check(&s, err) < 0)
		goto out;
	ret = lak_render(&rq, s.data, s.len, r->req->request_path, out, err);
out:
	lak_buf_release(&s);
	free(src);
	free(passages);
	free(ndocs);
	return ret;
}

static int
copy_file(struct rel *x, const char *from, const char *name,
    struct lak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	if (lak_file_read(from, (size_t)1 << 32, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: ", from);
		return -1;
	}
	ret = rel_add(x, name, data, len, err);
	free(data);
	return ret;
}

/* The key for the rule files' HMACs: REQUEST/audit.key, made once. */
static int
rules_key(struct run *r, char **key, size_t *keylen, struct lak_error *err)
{
	char *p = cli_path(r->req->dir, "audit.key", "");
	struct lak_error rerr = LAK_ERROR_INIT;	/* absent the first time */
	int ret = 0;

	if (lak_file_read(p, 4096, key, keylen, &rerr) == 0 && *keylen >= 32)
		goto out;
	free(*key);
	*key = NULL;
	{
		unsigned char raw[32];
		char hex[65];
		FILE *f = fopen("/dev/urandom", "rb");

		if (f == NULL || fread(raw, 1, sizeof(raw), f) != sizeof(raw)) {
			if (f)
				fclose(f);
			ret = lak_error_set(err, LAK_EIO, "/dev/urandom: "
			    "cannot read");
			goto out;
		}
		fclose(f);
		for (size_t i = 0; i < sizeof(raw); i++)
			snprintf(hex + 2 * i, 3, "%02x", raw[i]);
		if (lak_file_write_atomic(p, hex, 64, 0600, err) < 0) {
			lak_error_prefix(err, "%s: ", p);
			ret = -1;
			goto out;
		}
		*key = strdup(hex);
		*keylen = 64;
		if (!r->quiet)
			fprintf(stderr, "lakwerk: run: made %s, the key of the "
			    "rule digests in the manifest; keep it with the "
			    "request\n", p);
	}
out:
	free(p);
	return ret;
}

static int
assemble(struct run *r, struct lak_error *err)
{
	struct rel x = { r, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL };
	const struct lak_request *req = r->req;
	struct lak_release_rules *rr = NULL;
	struct lak_schema *ms = NULL;
	struct lak_buf b;
	char *final = NULL, *zip = NULL, *old = NULL, *newzip = NULL;
	char *besluit_id = NULL;
	size_t nrr = 0;
	struct lak_zip_entry *ze = NULL;
	int ret = -1;

	lak_buf_init(&b, 0);
	/* OUTDIR/.DOSSIER.tmp, OUTDIR/DOSSIER(.zip), OUTDIR/.DOSSIER.old */
	{
		char *hidden = cli_path(r->outdir, ".", req->dossier);

		x.tmpdir = cli_suffixed(hidden, ".tmp");
		old = cli_suffixed(hidden, ".old");
		newzip = cli_suffixed(hidden, ".zip.new");
		free(hidden);
	}
	final = cli_path(r->outdir, req->dossier, "");
	zip = cli_path(r->outdir, req->dossier, ".zip");
	if (lak_remove_tree(x.tmpdir, err) < 0)
		goto out;
	{
		char *a = cli_path(x.tmpdir, "documenten", "");
		char *m = cli_path(x.tmpdir, "metadata", "");
		int rc = lak_mkdir_p(a, err) < 0 || lak_mkdir_p(m, err) < 0 ?
		    -1 : 0;

		free(a);
		free(m);
		if (rc < 0)
			goto out;
	}
	if (lak_tooi_organisation(cli_data_path("schemas/diwoo/"
	    "diwoo-metadata-lijsten.xsd"), req->organisatie, &x.org_uri,
	    &x.org_label, err) < 0) {
		lak_error_prefix(err, "%s: Organisatie: ", req->request_path);
		goto out;
	}
	{
		char xsd[4096], cat[4096];

		snprintf(xsd, sizeof(xsd), "%s",
		    cli_data_path("schemas/diwoo/diwoo-metadata.xsd"));
		snprintf(cat, sizeof(cat), "%s",
		    cli_data_path("schemas/diwoo/catalog.xml"));
		if (lak_schema_load(xsd, cat, &x.diwoo, err) < 0 ||
		    lak_schema_load(cli_data_path("schemas/"
		    "lakwerk-manifest-1.xsd"), NULL, &ms, err) < 0)
			goto out;
	}
	if ((x.rdocs = calloc(r->ndocs + 1, sizeof(*x.rdocs))) == NULL) {
		lak_error_set(err, LAK_ENOMEM, "out of memory");
		goto out;
	}
	besluit_id = cli_path(req->dossier, "besluit", "");
	/* documents */
	for (size_t i = 0; i < r->ndocs; i++) {
		struct doc *d = &r->docs[i];
		struct lak_release_doc *rd = &x.rdocs[i];
		const struct lak_inv_row *row = &req->inv->rows[d->row];
		char name[256], meta[256], ident[400], iso[16];
		struct lak_diwoo dw = { 0 };

		rd->row = row;
		rd->number = i + 1;
		rd->processed = d->process;
		rd->pages = d->pages;
		rd->withheld_pages = d->withheld_pages;
		rd->g = d->g;
		rd->ng = d->ng;
		if (!d->process)
			continue;
		snprintf(name, sizeof(name), "documenten/%s.pdf", row->id);
		snprintf(meta, sizeof(meta), "metadata/%s.xml", row->id);
		snprintf(ident, sizeof(ident), "%s/%s", req->dossier, row->id);
		{
			char *from = cli_path(r->work, row->id, ".pdf");
			int rc = copy_file(&x, from, name, err);

			free(from);
			if (rc < 0)
				goto out;
		}
		dw.identifier = ident;
		dw.publisher_uri = x.org_uri;
		dw.publisher_label = x.org_label;
		dw.title = row->description && *row->description ?
		    row->description : row->id;
		dw.creatiedatum = row->date && lak_date_iso(row->date, iso,
		    sizeof(iso)) == 0 ? iso : NULL;
		dw.format_uri = "http://publications.europa.eu/resource/"
		    "authority/file-type/PDF";
		dw.format_label = "PDF";
		dw.handeling_date = req->besluitdatum_iso;
		dw.is_part_of = besluit_id;
		if (rel_add_diwoo(&x, meta, &dw, err) < 0)
			goto out;
		rd->file = x.names[x.nfiles - 2];
		rd->metadata = x.names[x.nfiles - 1];
	}
	/* the decision letter */
	if (besluit_pdf(&x, &b, err) < 0 || rel_add(&x, "besluit.pdf",
	    b.data, b.len, err) < 0)
		goto out;
	lak_buf_reset(&b);
	{
		char title[600];
		struct lak_diwoo dw = { 0 };

		snprintf(title, sizeof(title), "Besluit op het Woo-verzoek over "
		    "%s", req->onderwerp);
		dw.identifier = besluit_id;
		dw.publisher_uri = x.org_uri;
		dw.publisher_label = x.org_label;
		dw.title = title;
		dw.creatiedatum = req->besluitdatum_iso;
		dw.documentsoort_uri = "https://identifier.overheid.nl/tooi/"
		    "def/thes/kern/c_4f50ca9c";
		dw.documentsoort_label = "beslissing op Wob-/Woo-verzoek";
		dw.format_uri = "http://publications.europa.eu/resource/"
		    "authority/file-type/PDF";
		dw.format_label = "PDF";
		dw.handeling_date = req->besluitdatum_iso;
		if (rel_add_diwoo(&x, "metadata/besluit.xml", &dw, err) < 0)
			goto out;
		snprintf(title, sizeof(title), "Inventarislijst bij het besluit "
		    "op het Woo-verzoek over %s", req->onderwerp);
		dw.identifier = NULL;
		{
			char ident[400];

			snprintf(ident, sizeof(ident), "%s/inventarislijst",
			    req->dossier);
			dw.identifier = ident;
			dw.documentsoort_uri = NULL;
			dw.format_uri = "http://publications.europa.eu/"
			    "resource/authority/file-type/CSV";
			dw.format_label = "CSV";
			dw.is_part_of = besluit_id;
			if (rel_add_diwoo(&x, "metadata/inventarislijst.xml",
			    &dw, err) < 0)
				goto out;
		}
	}
	/* the inventory list */
	if (lak_inventory_list_csv(x.rdocs, r->ndocs, r->cat, &b, err) < 0 ||
	    rel_add(&x, "inventarislijst.csv", b.data, b.len, err) < 0)
		goto out;
	lak_buf_reset(&b);
	{
		char title[600], sub[300];

		snprintf(title, sizeof(title), "Inventarislijst bij het besluit "
		    "op het Woo-verzoek over %s", req->onderwerp);
		snprintf(sub, sizeof(sub), "Dossier %s, besluit van %s; %zu "
		    "documenten", req->dossier, lak_value_get(req->data,
		    "besluitdatum")->str, r->ndocs);
		if (lak_inventory_list_pdf(x.rdocs, r->ndocs, r->cat, title,
		    sub, r->date, &b, err) < 0 || rel_add(&x,
		    "inventarislijst.pdf", b.data, b.len, err) < 0)
			goto out;
		lak_buf_reset(&b);
	}
	/* the manifest */
	nrr = lak_rules_nsources(r->rs);
	if ((rr = calloc(nrr + 1, sizeof(*rr))) == NULL) {
		lak_error_set(err, LAK_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nrr; i++) {
		const struct lak_rule_source *s = lak_rules_source(r->rs, i);

		rr[i].name = lak_path_basename(s->path);
		lak_hmac_sha256_hex(r->key, r->keylen, s->sha256, 64,
		    rr[i].hmac);
	}
	{
		struct lak_manifest m = { PACKAGE_VERSION, req->dossier,
		    req->onderwerp, req->regime, req->organisatie,
		    req->besluitdatum_iso, lak_value_get(req->data,
		    "besluit")->str, rr, nrr, "audit.key (in the request "
		    "folder)", x.files, x.nfiles, x.rdocs, r->ndocs, r->cat };

		if (lak_manifest_write(&m, &b, err) < 0 ||
		    lak_schema_validate(ms, b.data, b.len, "manifest.xml",
		    err) < 0 || rel_add(&x, "manifest.xml", b.data, b.len,
		    err) < 0)
			goto out;
	}
	/* The archive is written (to a hidden name) before anything is put in
	 * place, so that a full disk or any other failure up to here leaves
	 * the earlier release, folder and archive, as it was. Then: the old
	 * archive goes (a stale archive must never sit beside a new release),
	 * the folder is swapped, and the new archive takes its name. */
	if ((ze = calloc(x.nfiles + 1, sizeof(*ze))) == NULL) {
		lak_error_set(err, LAK_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < x.nfiles; i++) {
		ze[i].name = cli_path(req->dossier, x.files[i].name, "");
		ze[i].path = cli_path(x.tmpdir, x.files[i].name, "");
	}
	if (lak_zip_write(newzip, ze, x.nfiles, r->date, err) < 0)
		goto out;
	if (unlink(zip) < 0 && errno != ENOENT) {
		lak_error_set(err, LAK_EIO, "%s: cannot remove: %s", zip,
		    strerror(errno));
		goto out;
	}
	if (lak_dir_swap(x.tmpdir, final, old, err) < 0)
		goto out;
	if (rename(newzip, zip) < 0) {
		lak_error_set(err, LAK_EIO, "%s: cannot put the archive in "
		    "place: %s", zip, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (ret < 0 && x.tmpdir != NULL) {
		struct lak_error ignored = LAK_ERROR_INIT;

		lak_remove_tree(x.tmpdir, &ignored);
		if (newzip != NULL)
			unlink(newzip);
	}
	for (size_t i = 0; ze && i < x.nfiles; i++) {
		free((char *)ze[i].name);
		free((char *)ze[i].path);
	}
	free(ze);
	for (size_t i = 0; i < x.nfiles; i++)
		free(x.names[i]);
	free(x.names);
	free(x.files);
	free(x.rdocs);
	free(x.org_uri);
	free(x.org_label);
	free(x.tmpdir);
	free(rr);
	free(besluit_id);
	free(final);
	free(zip);
	free(old);
	free(newzip);
	lak_schema_free(x.diwoo);
	lak_schema_free(ms);
	lak_buf_release(&b);
	return ret;
}

/* --- audit ------------------------------------------------------------- */

/* OUTDIR/audit: the plans (the decision log) and what happened. */
static int
write_audit(struct run *r, struct lak_error *err)
{
	char *dir = cli_path(r->outdir, "audit", "");
	struct lak_buf log;
	int ret = -1;

	lak_buf_init(&log, 0);
	if (lak_mkdir_p(dir, err) < 0)
		goto out;
	lak_buf_addf(&log, "%s run of %s\n", PACKAGE_STRING, r->req->dir);
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct doc *d = &r->docs[i];
		const struct lak_inv_row *row = &r->req->inv->rows[d->row];

		lak_buf_addf(&log, "%s\t%s\t%s\n", row->id,
		    lak_judgement_str(row->judgement), !d->process ?
		    "not released" : d->failed ? "FAILED" : d->done ?
		    "released" : "not done");
		if (d->failed)
			lak_buf_addf(&log, "\t%s\n", d->why);
		if (d->process && d->done) {
			char *from = cli_path(r->work, row->id, ".plan.csv");
			char *to = cli_path(dir, row->id, ".plan.csv");
			char *data = NULL;
			size_t len = 0;
			int rc = lak_file_read(from, (size_t)1 << 31, &data,
			    &len, err) < 0 || lak_file_write_atomic(to, data,
			    len, 0600, err) < 0 ? -1 : 0;

			free(data);
			free(from);
			free(to);
			if (rc < 0)
				goto out;
		}
	}
	if (lak_buf_check(&log, err) < 0)
		goto out;
	{
		char *p = cli_path(dir, "run.log", "");

		ret = lak_file_write_atomic(p, log.data, log.len, 0600, err);
		free(p);
	}
out:
	lak_buf_release(&log);
	free(dir);
	return ret;
}

/* --- review ------------------------------------------------------------ */

/* The page images of document 'id' from the work folder into 'to'. */
static int
link_pages(struct run *r, const char *id, const char *to,
    struct lak_error *err)
{
	char *from = cli_path(r->work, "review/", id), *dst = cli_path(to, id, "");
	DIR *dir;
	struct dirent *e;
	int ret = -1;

	if ((dir = opendir(from)) == NULL) {
		/* no page to show: nothing proposed, nothing flagged */
		ret = errno == ENOENT ? 0 : lak_error_set(err, LAK_EIO, "%s: "
		    "%s", from, strerror(errno));
		goto out;
	}
	if (lak_mkdir_p(dst, err) < 0)
		goto out;
	while ((e = readdir(dir)) != NULL) {
		char *a, *b;
		int rc;

		if (e->d_name[0] == '.')
			continue;
		a = cli_path(from, e->d_name, "");
		b = cli_path(dst, e->d_name, "");
		rc = lak_file_link(a, b, err);
		free(a);
		free(b);
		if (rc < 0)
			goto out;
	}
	ret = 0;
out:
	if (dir != NULL)
		closedir(dir);
	free(from);
	free(dst);
	return ret;
}

/*
 * OUTDIR/review: the review report of the documents that were done, made
 * in OUTDIR/.review.tmp from the workers' parts and renamed into place.
 */
static int
write_review(struct run *r, struct lak_error *err)
{
	char *final = cli_path(r->outdir, "review", "");
	char *tmp = cli_path(r->outdir, ".review.tmp", "");
	char *old = cli_path(r->outdir, ".review.old", "");
	char *pages = cli_path(tmp, "pages", ""), *index = cli_path(tmp,
	    "index.html", ""), *title = NULL;
	struct lak_buf json;
	int ret = -1;

	lak_buf_init(&json, 0);
	if (lak_remove_tree(tmp, err) < 0 || lak_mkdir_p(pages, err) < 0)
		goto out;
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct doc *d = &r->docs[i];
		const char *id = r->req->inv->rows[d->row].id;
		char *p, *data = NULL;
		size_t len = 0;
		int rc;

		if (!d->process || !d->done || d->failed)
			continue;
		p = cli_path(r->work, id, ".review.json");
		rc = lak_file_read(p, (size_t)1 << 30, &data, &len, err);
		if (rc < 0)
			lak_error_prefix(err, "%s: ", p);
		free(p);
		if (rc < 0)
			goto out;
		if (json.len > 0)
			lak_buf_addc(&json, ',');
		lak_buf_add(&json, data, len);
		free(data);
		if (link_pages(r, id, pages, err) < 0)
			goto out;
	}
	if (lak_buf_check(&json, err) < 0)
		goto out;
	{
		char *dash = cli_suffixed(r->req->dossier, " \xE2\x80\x94 ");

		title = cli_suffixed(dash, r->req->onderwerp ?
		    r->req->onderwerp : "");
		free(dash);
	}
	{
		struct lak_review_page pg = { title, PACKAGE_STRING,
		    cli_data_path("templates/review"), json.data, json.len,
		    r->cat };

		if (lak_review_index(&pg, index, err) < 0)
			goto out;
	}
	ret = lak_dir_swap(tmp, final, old, err);
out:
	if (ret < 0) {
		struct lak_error ignored = LAK_ERROR_INIT;

		lak_remove_tree(tmp, &ignored);
	}
	lak_buf_release(&json);
	free(final);
	free(tmp);
	free(old);
	free(pages);
	free(index);
	free(title);
	return ret;
}

/* --- the command ------------------------------------------------------- */

static int
setup(struct run *r, const char *reqdir, const char *grounds)
{
	struct lak_error err = LAK_ERROR_INIT;

	if (grounds == NULL)
		grounds = cli_data_path("redaction-rules/grounds.txt");
	if (lak_grounds_load(grounds, &r->cat, &err) < 0 ||
	    lak_request_load(reqdir, r->cat, &r->req, &err) < 0 ||
	    lak_rules_load((const char *const *)r->req->rules,
	    r->req->nrules, r->cat, &r->rs, &err) < 0) {
		cli_error(r->cmd, "%s", err.msg);
		return LAK_EXIT_USAGE;
	}
	setup_key(r, grounds);
	/* Made (or read) now, so that a request folder it cannot be
	 * written to fails before the work, not after. */
	if (rules_key(r, &r->key, &r->keylen, &err) < 0) {
		cli_error(r->cmd, "%s", err.msg);
		return LAK_EXIT_FAIL;
	}
	r->work = cli_path(r->outdir, WORK, "");
	if (lak_mkdir_p(r->work, &err) < 0) {
		cli_error(r->cmd, "%s", err.msg);
		return LAK_EXIT_FAIL;
	}
	clean_work(r);	/* left by a run that was killed */
	if (r->plan_dir != NULL) {
		struct stat st;

		if (stat(r->plan_dir, &st) == 0 && S_ISREG(st.st_mode) &&
		    lak_file_read(r->plan_dir, (size_t)1 << 30, &r->plan_all,
		    &r->plan_all_len, &err) < 0) {
			cli_error(r->cmd, "%s: %s", r->plan_dir, err.msg);
			return LAK_EXIT_USAGE;
		}
	}
	r->ndocs = r->req->inv->n;
	if ((r->docs = calloc(r->ndocs + 1, sizeof(*r->docs))) == NULL) {
		cli_error(r->cmd, "out of memory");
		return LAK_EXIT_FAIL;
	}
	for (size_t i = 0; i < r->ndocs; i++) {
		struct doc *d = &r->docs[i];
		enum lak_judgement j = r->req->inv->rows[i].judgement;
		char *data = NULL, hex[65];
		size_t len = 0;
		struct lak_buf k;

		d->row = i;
		d->process = j == LAK_JUDGE_OPENBAAR || j == LAK_JUDGE_DEELS;
		if (!d->process)
			continue;
		/* the key: the set-up and the document's bytes */
		if (lak_file_read(r->req->docs[i], r->iopts.max_bytes, &data,
		    &len, &err) < 0) {
			cli_error(r->cmd, "%s: %s", r->req->docs[i], err.msg);
			return LAK_EXIT_FAIL;
		}
		lak_sha256_hex(data, len, hex);
		free(data);
		lak_buf_init(&k, 0);
		lak_buf_addf(&k, "%s %s %s", r->setup_key, hex,
		    r->req->inv->rows[i].id);
		if (r->plan_all != NULL) {
			/* one file: its rows for this document are found by
			 * the document's SHA-256, and there must be some (the
			 * review's export has a row for every document) */
			if (memmem(r->plan_all, r->plan_all_len, hex, 64) ==
			    NULL) {
				cli_error(r->cmd, "%s: no rows for document %s "
				    "(%s): a reviewed plan needs every "
				    "document's decisions", r->plan_dir,
				    r->req->inv->rows[i].id, r->req->docs[i]);
				lak_buf_release(&k);
				return LAK_EXIT_USAGE;
			}
			lak_sha256_hex(r->plan_all, r->plan_all_len, hex);
			lak_buf_addf(&k, " plan %s", hex);
		} else if (r->plan_dir != NULL) {
			/* a reviewed plan for every document, in the key */
			char *pp = cli_path(r->plan_dir, r->req->inv->rows[i].id,
			    ".plan.csv");

			if (lak_file_read(pp, (size_t)1 << 30, &data, &len,
			    &err) < 0) {
				cli_error(r->cmd, "%s: %s (--plan: every "
				    "document needs its reviewed plan)", pp,
				    err.msg);
				free(pp);
				lak_buf_release(&k);
				return LAK_EXIT_USAGE;
			}
			free(pp);
			lak_sha256_hex(data, len, hex);
			free(data);
			lak_buf_addf(&k, " plan %s", hex);
		}
		lak_sha256_hex(k.data, k.len, d->key);
		lak_buf_release(&k);
		d->done = cached(r, d);
	}
	return LAK_EXIT_OK;
}

static void
summary(struct run *r, size_t reused, bool released)
{
	size_t nproc = 0, failed = 0, pages = 0, spans = 0;

	for (size_t i = 0; i < r->ndocs; i++) {
		const struct doc *d = &r->docs[i];

		nproc += d->process;
		failed += d->failed;
		pages += d->pages;
		spans += d->spans;
		if (d->failed)
			cli_error(r->cmd, "%s (%s): %s",
			    r->req->inv->rows[d->row].id,
			    lak_path_basename(r->req->docs[d->row]), d->why);
	}
	if (r->quiet)
		return;
	fprintf(stderr, "lakwerk: run: %zu documents in the inventory, %zu to "
	    "release (%zu reused from an earlier run), %zu failed; %zu pages, "
	    "%zu passages redacted\n", r->ndocs, nproc, reused, failed, pages,
	    spans);
	if (released)
		fprintf(stderr, "lakwerk: run: release %s/%s and %s/%s.zip\n",
		    r->outdir, r->req->dossier, r->outdir, r->req->dossier);
	else
		fprintf(stderr, "lakwerk: run: no release written; run again "
		    "to resume (finished documents are kept)\n");
}

int
lak_cmd_run(const struct lak_cmd *cmd, int argc, char **argv)
{
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r = { .cmd = cmd, .review = true, .iopts = LAK_INGEST_OPTS_INIT,
	    .ropts = { true, false }, .popts = LAK_PDF_OPTS_INIT,
	    .max_cpu = 600, .max_mem = 4096 };
	struct lak_error err = LAK_ERROR_INIT;
	const char *grounds = NULL;
	struct sigaction sa;
	size_t reused = 0;
	bool all_done = true;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double d;
	int c, ret;

	r.jobs = ncpu > 0 ? (unsigned int)ncpu : 1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:g:qh", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'o':
			r.outdir = optarg;
			break;
		case 'j':
			if (!cli_number(optarg, 256, &d) || d < 1)
				return cli_usage(cmd, "--jobs: expected 1 to "
				    "256, got '%s'", optarg);
			r.jobs = (unsigned int)d;
			break;
		case 'g':
			grounds = optarg;
			break;
		case 'S':
			if (!cli_number(optarg, 86400, &d) || d < 1)
				return cli_usage(cmd, "--max-seconds: expected "
				    "1 to 86400, got '%s'", optarg);
			r.max_cpu = d;
			break;
		case 'M':
			if (!cli_number(optarg, 1 << 20, &d) || d < 64)
				return cli_usage(cmd, "--max-memory: expected "
				    "MiB from 64, got '%s'", optarg);
			r.max_mem = d;
			break;
		case 'P':
			if (!cli_number(optarg, 1e6, &d) || d < 1)
				return cli_usage(cmd, "--max-pages: expected 1 "
				    "to 1000000, got '%s'", optarg);
			r.iopts.max_pages = (unsigned int)d;
			break;
		case 'A':
			r.ropts.fail_unreviewed = false;
			break;
		case 'L':
			r.plan_dir = optarg;
			break;
		case 'q':
			r.quiet = true;
			break;
		case 'R':
			r.review = false;
			break;
		case 'X':
			if (!cli_number(optarg, 1e5, &d) || d < 1)
				return cli_usage(cmd, "--max-pixels: expected "
				    "megapixels from 1 to 100000, got '%s'",
				    optarg);
			r.popts.max_pixels = d * 1e6;
			break;
		default:
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, optind >= argc ? "give the request "
		    "folder" : "give one request folder");
	if (r.outdir == NULL)
		return cli_usage(cmd, "give --out DIR");
	r.progress = !r.quiet && isatty(STDERR_FILENO);
	if ((ret = setup(&r, argv[optind], grounds)) != LAK_EXIT_OK)
		goto out;
	/* The release's date: SOURCE_DATE_EPOCH, else the decision date
	 * (noon UTC), so the same request gives the same bytes. */
	if (getenv("SOURCE_DATE_EPOCH") != NULL) {
		if (cli_source_date(cmd, &r.date) < 0) {
			ret = LAK_EXIT_USAGE;
			goto out;
		}
	} else {
		struct tm tm = { 0 };

		sscanf(r.req->besluitdatum_iso, "%d-%d-%d", &tm.tm_year,
		    &tm.tm_mon, &tm.tm_mday);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_hour = 12;
		r.date = (long long)timegm(&tm);
	}
	r.popts.date = r.date;
	r.popts.producer = PACKAGE_STRING;
	for (size_t i = 0; i < r.ndocs; i++)
		reused += r.docs[i].done;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	lak_job_warm_up();
	run_pool(&r);
	clean_work(&r);	/* the workers are gone: their half-written files */
	for (size_t i = 0; i < r.ndocs; i++) {
		check_judgement(&r, &r.docs[i]);
		if (r.docs[i].process && !r.docs[i].done)
			all_done = false;
	}
	if (write_audit(&r, &err) < 0) {
		cli_error(cmd, "%s", err.msg);
		all_done = false;
	}
	if (r.review && !stop_signal && write_review(&r, &err) < 0) {
		cli_error(cmd, "review report: %s", err.msg);
		all_done = false;
	}
	if (stop_signal) {
		cli_error(cmd, "stopped by signal %d; run again to resume",
		    (int)stop_signal);
		summary(&r, reused, false);
		ret = LAK_EXIT_FAIL;
		goto out;
	}
	if (all_done && assemble(&r, &err) < 0) {
		cli_error(cmd, "%s", err.msg);
		all_done = false;
	}
	summary(&r, reused, all_done);
	ret = all_done ? LAK_EXIT_OK : LAK_EXIT_FAIL;
out:
	for (size_t i = 0; r.docs && i < r.ndocs; i++) {
		free(r.docs[i].why);
		free(r.docs[i].g);
	}
	free(r.docs);
	free(r.work);
	free(r.key);
	free(r.plan_all);
	lak_rules_free(r.rs);
	lak_request_free(r.req);
	lak_grounds_free(r.cat);
	return ret;
}
