/*
 * The grounds catalogue: the refusal grounds of the Woo and the Wob, read
 * from a data file (redaction-rules/grounds.txt), with their labels, types
 * and the mapping between the two regimes.
 */
#ifndef LAK_GROUNDS_H
#define LAK_GROUNDS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"

enum lak_regime {
	LAK_REGIME_WOO,
	LAK_REGIME_WOB,
};

struct lak_ground {
	char *code;		/* canonical: "5.1.2e", "10.1b", "11.1" */
	enum lak_regime regime;
	char *type;		/* "absolute", "relative", ... */
	char *label;		/* Dutch */
	long other;		/* index of the counterpart, or -1 */
};

struct lak_grounds {
	struct lak_ground *g;	/* in catalogue order */
	size_t n;
};

/* Parse a catalogue; errors name "name:line:col". */
int lak_grounds_parse(const char *data, size_t len, const char *name,
    struct lak_grounds **out, struct lak_error *err);
int lak_grounds_load(const char *path, struct lak_grounds **out,
    struct lak_error *err);
void lak_grounds_free(struct lak_grounds *cat);

/*
 * The index of the ground a user wrote, in any accepted spelling
 * ("5.1.2e", "5.1.2.e", "5.1.2 e", "art. 5.1.2e", "art. 11", "11",
 * "11.1"); -1 when there is none.
 */
long lak_grounds_find(const struct lak_grounds *cat, const char *spelling);

/* Ground 'i' in 'regime': itself, its counterpart, or -1 if it has none. */
long lak_grounds_in(const struct lak_grounds *cat, long i,
    enum lak_regime regime);

/* "woo" or "wob". */
const char *lak_regime_str(enum lak_regime r);

#endif
