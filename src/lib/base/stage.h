/*
 * A staged folder: a folder that is built beside its final place and put
 * there whole, so that a reader (or a failure half-way) never sees it half
 * made. The earlier folder stays until the new one is complete.
 *
 *	struct lak_stage s = LAK_STAGE_INIT;
 *
 *	if (lak_stage_begin(&s, "out/review", true, err) < 0)
 *		goto out;
 *	p = lak_stage_path(&s, "index.html");	... write into the folder
 *	if (lak_stage_commit(&s, err) < 0)
 *		goto out;
 * out:
 *	lak_stage_rollback(&s);		(after a commit: only frees)
 */
#ifndef LAK_STAGE_H
#define LAK_STAGE_H

#include <stdbool.h>

#include "lib/base/error.h"

struct lak_stage {
	char *final;		/* where it goes */
	char *tmp;		/* where it is built */
	char *old;		/* where the earlier one waits while it goes in */
	bool committed;
};

#define LAK_STAGE_INIT { NULL, NULL, NULL, false }

/*
 * Start building folder 'final' (trailing '/' ignored): an empty folder
 * beside it, "DIR/.NAME.tmp" when 'hidden', else "FINAL.tmp" (anything
 * left there by an earlier failure is removed first).
 */
int lak_stage_begin(struct lak_stage *s, const char *final, bool hidden,
    struct lak_error *err);

/* "TMP/REL" as a new string (free() it); NULL when out of memory. */
char *lak_stage_path(const struct lak_stage *s, const char *rel);

/* Put the folder in place of 'final' (lak_dir_swap()). */
int lak_stage_commit(struct lak_stage *s, struct lak_error *err);

/* Remove the folder unless it was committed; free and reset 's'. */
void lak_stage_rollback(struct lak_stage *s);

#endif
