/*
 * Error records: fixed-size, caller-owned, never allocated, so reporting an
 * out-of-memory condition cannot itself fail.
 */
#include "lib/base/common.h"
#include "lib/base/error.h"

void
lak_error_clear(struct lak_error *err)
{
	if (err == NULL)
		return;
	err->code = LAK_OK;
	err->n = 0;
	err->msg[0] = '\0';
}

int
lak_error_set(struct lak_error *err, enum lak_status code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != LAK_OK)
		return -1;
	err->code = code;
	err->n = 1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
lak_error_add(struct lak_error *err, enum lak_status code, const char *fmt,
    ...)
{
	char line[LAK_ERROR_MSG_MAX];
	size_t used, n;
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (err->code == LAK_OK)
		return lak_error_set(err, code, "%s", line);
	if (err->code == LAK_ENOMEM)
		return -1;
	if (++err->n > LAK_ERROR_MAX_LIST)
		return -1;
	used = strlen(err->msg);
	n = strlen(line);
	/* whole lines only: one that does not fit is counted, not shown */
	if (used + 1 + n < sizeof(err->msg)) {
		err->msg[used] = '\n';
		memcpy(err->msg + used + 1, line, n + 1);
	}
	return -1;
}

void
lak_error_prefix(struct lak_error *err, const char *fmt, ...)
{
	char pre[LAK_ERROR_MSG_MAX], old[LAK_ERROR_MSG_MAX];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is fine: the end of a long message matters least. */
	{
		size_t n = strlen(pre), m = strlen(old);

		if (n >= sizeof(err->msg))
			n = sizeof(err->msg) - 1;
		memcpy(err->msg, pre, n);
		if (m > sizeof(err->msg) - 1 - n)
			m = sizeof(err->msg) - 1 - n;
		memcpy(err->msg + n, old, m);
		err->msg[n + m] = '\0';
	}
}

int
lak_error_oom(struct lak_error *err)
{
	return lak_error_set(err, LAK_ENOMEM, "out of memory");
}

const char *
lak_status_str(enum lak_status code)
{
	switch (code) {
	case LAK_OK:		return "ok";
	case LAK_ENOMEM:	return "out of memory";
	case LAK_EIO:		return "i/o error";
	case LAK_ENOENT:	return "no such file";
	case LAK_EFORMAT:	return "format error";
	case LAK_EENCRYPTED:	return "encrypted";
	case LAK_ELIMIT:	return "limit exceeded";
	case LAK_EUNSUPPORTED:	return "unsupported";
	case LAK_EINVAL:	return "invalid argument";
	}
	return "unknown error";
}

void
lak_error_merge(struct lak_error *dst, const struct lak_error *src)
{
	unsigned int lines = 0;
	const char *p, *nl;

	if (dst == NULL || src == NULL || src->code == LAK_OK)
		return;
	for (p = src->msg;; p = nl + 1) {
		nl = strchr(p, '\n');
		lak_error_add(dst, src->code, "%.*s", (int)(nl ? nl - p :
		    (ptrdiff_t)strlen(p)), p);
		lines++;
		if (nl == NULL)
			break;
	}
	/* the ones 'src' counted but could not show */
	if (src->n > lines && dst->code != LAK_ENOMEM)
		dst->n += src->n - lines;
}
