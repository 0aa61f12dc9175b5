/*
 * Growable byte buffer with a cap. Every untrusted input and every output
 * that lakwerk builds goes through one, so a hostile file hits LAK_ELIMIT
 * instead of exhausting memory.
 */
#include "lib/base/common.h"
#include "lib/base/buf.h"

static char empty_string[1];

void
lak_buf_init(struct lak_buf *b, size_t cap)
{
	b->data = empty_string;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap ? cap : LAK_BUF_DEFAULT_CAP;
	b->failed = LAK_OK;
}

void
lak_buf_release(struct lak_buf *b)
{
	size_t cap = b->cap;

	if (b->alloc)
		free(b->data);
	lak_buf_init(b, cap);
}

void
lak_buf_reset(struct lak_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->data[0] = '\0';
	b->failed = LAK_OK;
}

static int
grow(struct lak_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (b->failed != LAK_OK)
		return -1;
	if (extra > b->cap || b->len > b->cap - extra) {
		b->failed = LAK_ELIMIT;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = realloc(b->alloc ? b->data : NULL, n);
	if (p == NULL) {
		b->failed = LAK_ENOMEM;
		return -1;
	}
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = n;
	return 0;
}

int
lak_buf_add(struct lak_buf *b, const void *data, size_t len)
{
	if (grow(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
lak_buf_adds(struct lak_buf *b, const char *s)
{
	return lak_buf_add(b, s, strlen(s));
}

int
lak_buf_addc(struct lak_buf *b, char c)
{
	/* the common case, without the general checks */
	if (b->failed == LAK_OK && b->len + 2 <= b->alloc &&
	    b->len < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return lak_buf_add(b, &c, 1);
}

static int
buf_vaddf(struct lak_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		if (b->failed == LAK_OK)
			b->failed = LAK_ENOMEM;
		return -1;
	}
	if (grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
lak_buf_addf(struct lak_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int
lak_buf_add_utf8(struct lak_buf *b, unsigned int cp)
{
	char s[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return lak_buf_add(b, s, n);
}

int
lak_buf_check(const struct lak_buf *b, struct lak_error *err)
{
	switch (b->failed) {
	case LAK_OK:
		return 0;
	case LAK_ELIMIT:
		return lak_error_set(err, LAK_ELIMIT,
		    "output larger than the limit of %zu bytes", b->cap);
	default:
		return lak_error_oom(err);
	}
}

char *
lak_buf_take(struct lak_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (b->alloc)
		p = b->data;
	else if ((p = calloc(1, 1)) == NULL)
		return NULL;
	lak_buf_init(b, b->cap);
	return p;
}

int
lak_array_grow(void **arr, size_t *alloc, size_t n, size_t size)
{
	size_t na;
	void *p;

	if (n < *alloc)
		return 0;
	na = *alloc ? *alloc * 2 : 16;
	if (na <= n)
		na = n + 1;
	if (size == 0 || na > SIZE_MAX / size ||
	    (p = realloc(*arr, na * size)) == NULL)
		return -1;
	*arr = p;
	*alloc = na;
	return 0;
}

size_t
lak_mem_count(const void *d, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	const char *p = d, *end = p + len;

	while (k > 0 && p < end && (p = memmem(p, (size_t)(end - p), needle,
	    k)) != NULL) {
		n++;
		p += k;
	}
	return n;
}
