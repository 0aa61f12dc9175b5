/*
 * struct lak_buf: a growable, NUL-terminated byte buffer with a hard size cap
 * (git's strbuf with curl's dynbuf limit). 'data' is never NULL after
 * lak_buf_init(). An append that would pass the cap, or that cannot
 * allocate, fails with -1, records why in the buffer ('failed'), and leaves
 * the contents as they were; later appends then fail too, so a caller may
 * append many times and check once with lak_buf_check().
 */
#ifndef LAK_BUF_H
#define LAK_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "lib/base/error.h"

struct lak_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;		/* maximum len; 0 means LAK_BUF_DEFAULT_CAP */
	enum lak_status failed;	/* LAK_OK, LAK_ENOMEM or LAK_ELIMIT */
};

#define LAK_BUF_DEFAULT_CAP ((size_t)1 << 32)

void lak_buf_init(struct lak_buf *b, size_t cap);
/* Free the contents and leave 'b' as after lak_buf_init() with the same cap. */
void lak_buf_release(struct lak_buf *b);
/* Make the buffer empty, keep its memory and clear 'failed'. */
void lak_buf_reset(struct lak_buf *b);

int lak_buf_add(struct lak_buf *b, const void *data, size_t len);
int lak_buf_adds(struct lak_buf *b, const char *s);
int lak_buf_addc(struct lak_buf *b, char c);
int lak_buf_addf(struct lak_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append one Unicode code point as UTF-8. */
int lak_buf_add_utf8(struct lak_buf *b, unsigned int cp);

/* 0 when no append failed so far; else -1 with the reason in 'err'. */
int lak_buf_check(const struct lak_buf *b, struct lak_error *err);

/*
 * Hand the bytes to the caller (free() them) and reset 'b'. '*len' gets the
 * length when 'len' is not NULL. Returns NULL only when the buffer is
 * empty and one byte cannot be allocated.
 */
char *lak_buf_take(struct lak_buf *b, size_t *len);

/*
 * Make room for element n (so n + 1 elements) in the array '*arr' of
 * 'size'-byte elements whose capacity is '*alloc', doubling as needed.
 * Returns -1 (and leaves the array as it was) when out of memory or when
 * the size would overflow.
 */
int lak_array_grow(void **arr, size_t *alloc, size_t n, size_t size);

/* How often 'needle' occurs in the 'len' bytes at 'd', not overlapping. */
size_t lak_mem_count(const void *d, size_t len, const char *needle);

#endif
