/*
 * Run stage: a whole Woo request, from its folder to a release.
 *
 *   ingest -> plan -> redact -> verify    per document, in worker processes
 *   inventory -> decision letter -> DiWoo -> manifest -> archive
 *
 * Each document is done by a forked worker (pool.h) with limits on memory,
 * CPU and wall time; a worker that crashes or hangs fails its document,
 * not the run. Workers leave their results in the work folder (workdir.h)
 * under a key of everything that went into them (lakwerk's version, the
 * options, the rule and grounds files, the document's bytes, a reviewed
 * plan): a later run reuses the documents whose key still matches, so an
 * interrupted run resumes. The release is written only when every
 * document is done (release.h).
 *
 *	lak_run_open()           load the request, rules and cached results
 *	lak_run_process()        do the documents that are not done
 *	lak_run_write_audit()    OUTDIR/audit/: plans and run.log
 *	lak_run_write_review()   OUTDIR/review/: the review report
 *	lak_run_assemble()       OUTDIR/DOSSIER/ and OUTDIR/DOSSIER.zip
 *	lak_run_free()
 *
 * Beyond one machine the same work is split: shard I of N does only its
 * documents (nshards > 0): of the documents to release in the order of
 * their IDs' SHA-256, the Ith, the (I+N)th and so on — the same split
 * whatever the inventory's order, and as even as it can be — into a shared
 * work
 * folder and writes nothing else but its report there (shards/); the
 * package step (reuse_only) then makes the release from the work folder
 * alone, exactly as one machine's run would have.
 */
#ifndef LAK_RUN_H
#define LAK_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"
#include "lib/ingest/ingest.h"
#include "lib/pdf/redact-pdf.h"
#include "lib/redact/redact.h"
#include "lib/run/workdir.h"

struct lak_run_opts {
	const char *request;		/* the request folder (only read) */
	const char *outdir;		/* where the release goes; NULL for a
					 * shard */
	const char *work;		/* the work folder; NULL:
					 * OUTDIR/.lakwerk-work */
	const char *keyfile;		/* the rule digests' key; NULL:
					 * REQUEST/audit.key */
	/* Do only shard 'shard' (0 to nshards - 1) of the documents;
	 * nshards 0: all. A shard writes its results and its report to the
	 * work folder, and no release. */
	unsigned int shard, nshards;
	/* Make the release of results already in the work folder; do no
	 * document (the merge step after the shards). */
	bool reuse_only;
	const char *grounds;		/* the grounds catalogue's path */
	const char *datadir;		/* schemas/ and templates/review/ */
	/* Reviewed plans instead of the rules: a folder of ID.plan.csv, or
	 * one file with the rows of every document; NULL: the rules. */
	const char *plan;
	unsigned int jobs;		/* worker processes */
	double max_cpu;			/* CPU seconds per document */
	double max_mem;			/* MiB of address space per worker */
	bool review;			/* write OUTDIR/review/ */
	struct lak_ingest_opts iopts;
	struct lak_redact_opts ropts;
	struct lak_pdf_opts popts;	/* date and producer are set here */
	long long date;			/* of the outputs; < 0: the decision
					 * date (lak_release_date()) */
	/* Set (by a signal handler) to stop the work; NULL: never. */
	volatile sig_atomic_t *stop;
	/* Called as each document ends: documents done so far of 'total'
	 * to do, and their pages. */
	void (*progress)(void *ctx, size_t done, size_t total, size_t pages);
	void *progress_ctx;
};

#define LAK_RUN_OPTS_INIT { \
	.jobs = 1, .max_cpu = 600, .max_mem = 4096, .review = true, \
	.iopts = LAK_INGEST_OPTS_INIT, \
	.ropts = { .fail_unreviewed = true }, \
	.popts = LAK_PDF_OPTS_INIT, .date = -1 }

/* A document of the request, per inventory row, in its order. */
struct lak_run_doc {
	const char *id;			/* the inventory's ID */
	const char *file;		/* its file, or NULL */
	size_t row;			/* its line in the inventory */
	bool process;			/* to be redacted and released */
	bool mine;			/* of this shard (every document when
					 * not sharded) */
	unsigned int shard;		/* its shard, when sharded */
	bool reused;			/* its result is from an earlier run */
	bool done;			/* its result is there and agrees with
					 * the inventory */
	bool failed;
	char *why;			/* when failed; or, when not done
					 * with reuse_only, why not */
	struct lak_result result;	/* when done */
};

struct lak_run;

/*
 * Load the grounds, the request, its rules (or the reviewed plans), make
 * or read the key of the rule digests (REQUEST/audit.key), make the work
 * folder and find the results an earlier run left there. On failure
 * *config tells whether the fault is in the request or the options (the
 * user's to fix) rather than in reading or writing.
 */
int lak_run_open(const struct lak_run_opts *o, struct lak_run **out,
    bool *config, struct lak_error *err);

/* Do the documents that are not done, 'jobs' at a time; then check each
 * result against the inventory's judgement. 0 when it ran, whatever the
 * documents' outcome; -1 when out of memory. */
int lak_run_process(struct lak_run *r, struct lak_error *err);

/* OUTDIR/audit/: the plans of the documents done (the decision log) and
 * run.log, what happened to each document. */
int lak_run_write_audit(const struct lak_run *r, struct lak_error *err);

/* OUTDIR/review/: the review report of the documents done, made aside
 * and put in place whole. */
int lak_run_write_review(const struct lak_run *r, struct lak_error *err);

/* The release, when every document is done. */
int lak_run_assemble(const struct lak_run *r, struct lak_error *err);

/* Every document to release (of this shard) is done. */
bool lak_run_complete(const struct lak_run *r);

/*
 * Shard I of N from the environment of a job array: Slurm's
 * SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN, over
 * SLURM_ARRAY_TASK_STEP) and SLURM_ARRAY_TASK_COUNT, or a Kubernetes
 * Indexed Job's JOB_COMPLETION_INDEX with 'nshards' (Kubernetes passes no
 * count; 0: not given). Fails with the reason when neither is set or the
 * values do not make a shard.
 */
int lak_run_shard_from_env(unsigned int nshards, unsigned int *shard,
    unsigned int *n, struct lak_error *err);

const struct lak_run_doc *lak_run_docs(const struct lak_run *r, size_t *n);
const char *lak_run_dossier(const struct lak_run *r);
/* The path of audit.key when lak_run_open() made it, else NULL. */
const char *lak_run_new_key(const struct lak_run *r);

void lak_run_free(struct lak_run *r);

#endif
