/*
 * Run stage: the work folder, where each document's result is kept
 * between runs (OUTDIR/.lakwerk-work/).
 *
 *   ID.pdf          the released PDF (not for a withheld document)
 *   ID.plan.csv     its plan
 *   ID.review.json  its part of the review report's data (with a report)
 *   review/ID/      its review page images
 *   ID.stats        counts, passages per ground, and the SHA-256 of each
 *                   file above, one "name value..." line each
 *   ID.key          the key of everything that went into the result,
 *                   written last: a result without it is not whole
 *   ID.error        why the document failed
 *   shards/I-of-N   the report of shard I of N of a sharded run
 *
 * A result is reused only when its key matches and its files still hash
 * to what the stats recorded: a damaged result is redone, never released.
 */
#ifndef LAK_WORKDIR_H
#define LAK_WORKDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"
#include "lib/model/grounds.h"
#include "lib/redact/plan.h"

#define LAK_WORKDIR_NAME ".lakwerk-work"
#define LAK_RESULT_KEY_LEN 64

/* What a document's result records. */
struct lak_result {
	size_t pages, withheld_pages, spans;
	bool withheld;			/* the plan withholds it all */
	char kind[32];			/* "kamerbrief", ... ("" unknown) */
	char thread[24];		/* an e-mail's thread ("" none) */
	struct lak_ground_count *g;	/* passages per ground */
	size_t ng;
};

/* The files of a result, as they are written (review: NULL for none;
 * pdf: NULL when withheld). */
struct lak_result_files {
	const void *pdf, *csv, *review;
	size_t pdflen, csvlen, reviewlen;
};

/* Free what 'r' holds and zero it. */
void lak_result_release(struct lak_result *r);

/*
 * Write the result of document 'id' to folder 'work': its files, then the
 * stats, then 'key' (LAK_RESULT_KEY_LEN hex digits) last. Any earlier
 * key and failure record go first, so that a write cut short leaves files
 * no key vouches for. On failure a whole result is never left.
 */
int lak_result_write(const char *work, const char *id, const char *key,
    const struct lak_result *r, const struct lak_grounds *cat,
    const struct lak_result_files *f, struct lak_error *err);

/* Record why document 'id' failed (ID.error). */
int lak_result_write_failure(const char *work, const char *id,
    const char *why, struct lak_error *err);

/* The recorded reason, or NULL (free() it). */
char *lak_result_failure(const char *work, const char *id);

/*
 * Parse a stats file: on success 'out' holds its counts (release it). For
 * each "sha256 SUFFIX HEX" line (SUFFIX one of .pdf, .plan.csv,
 * .review.json) check(ctx, suffix, hex) is called when 'check' is not
 * NULL; it returns false for a file that does not match. Errors name
 * 'name' and the line.
 */
int lak_result_parse(const char *data, size_t len, const char *name,
    const struct lak_grounds *cat,
    bool (*check)(void *ctx, const char *suffix, const char *hex),
    void *ctx, struct lak_result *out, struct lak_error *err);

/*
 * Read the result of document 'id'. With 'key' (not NULL): only a whole
 * result of that key whose files all match their recorded SHA-256 (and
 * which has review data when 'review') is read; anything else fails with
 * a reason. Without: the stats alone, as a worker just wrote them.
 */
int lak_result_read(const char *work, const char *id, const char *key,
    bool review, const struct lak_grounds *cat, struct lak_result *out,
    struct lak_error *err);

/*
 * Remove the temporary files of writes that never finished
 * (NAME.tmp-XXXXXX, left by a worker or a run that was killed) from
 * 'work'. Only lakwerk writes there. With 'mine', only those of the
 * documents whose ID it accepts: others may be written at this moment by
 * another shard.
 */
void lak_workdir_clean(const char *work, bool (*mine)(void *ctx,
    const char *id), void *ctx);

#endif
