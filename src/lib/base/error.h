/*
 * Error reporting for liblakwerk. The library never prints and never exits:
 * a failing function returns -1 and describes the problem in a caller-owned
 * struct lak_error. The first error set wins; callers add context on the way
 * up with lak_error_prefix().
 */
#ifndef LAK_ERROR_H
#define LAK_ERROR_H

#include <stddef.h>

enum lak_status {
	LAK_OK = 0,
	LAK_ENOMEM,	/* out of memory */
	LAK_EIO,	/* reading or writing a file failed */
	LAK_ENOENT,	/* no such file */
	LAK_EFORMAT,	/* input is malformed (PDF, text, rule file ...) */
	LAK_EENCRYPTED,	/* input is encrypted and no (right) password given */
	LAK_ELIMIT,	/* input exceeds a configured limit */
	LAK_EUNSUPPORTED,	/* input is of a kind lakwerk does not handle */
	LAK_EINVAL,	/* a caller passed an invalid argument */
};

#define LAK_ERROR_MSG_MAX 4096
/* lak_error_add() keeps this many messages; it counts them all. */
#define LAK_ERROR_MAX_LIST 20

struct lak_error {
	enum lak_status code;
	unsigned int n;		/* errors recorded (lak_error_add()) */
	char msg[LAK_ERROR_MSG_MAX];	/* one line each, the first first */
};

#define LAK_ERROR_INIT { LAK_OK, 0, { 0 } }

/* Reset 'err' to "no error". */
void lak_error_clear(struct lak_error *err);

/*
 * Record an error unless one is already recorded (the first error wins).
 * 'err' may be NULL. Always returns -1, so "return lak_error_set(...)" works.
 */
int lak_error_set(struct lak_error *err, enum lak_status code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Record one more error of a file that is read on after it (a parser that
 * reports every mistake of a file at once): the first as
 * lak_error_set(); each later one as a line of its own after those before
 * (up to LAK_ERROR_MAX_LIST lines), all counted in err->n. Always -1.
 */
int lak_error_add(struct lak_error *err, enum lak_status code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Add the errors of 'src' (all its lines, its count) to 'dst'. */
void lak_error_merge(struct lak_error *dst, const struct lak_error *src);

/* lak_error_set(err, LAK_ENOMEM, "out of memory"): returns -1. */
int lak_error_oom(struct lak_error *err);

/* Put context in front of the recorded message: "page 3: " + msg. */
void lak_error_prefix(struct lak_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A short constant name for a status, e.g. "format error". */
const char *lak_status_str(enum lak_status code);

#endif
