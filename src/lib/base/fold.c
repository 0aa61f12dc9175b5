/*
 * Case and diacritics folding for matching.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/fold.h"

uint32_t
lak_utf8_next(const char **p, const char *end)
{
	gunichar c = g_utf8_get_char_validated(*p, end - *p);

	if (c == (gunichar)-1 || c == (gunichar)-2) {
		(*p)++;
		return LAK_UTF8_BAD;
	}
	*p = g_utf8_next_char(*p);
	return c;
}

uint32_t
lak_fold_cp(uint32_t cp)
{
	gunichar d[8];
	gsize n;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	cp = g_unichar_tolower(cp);
	/* The base letter of a decomposable character: é -> e, ñ -> n. */
	n = g_unichar_fully_decompose(cp, FALSE, d, G_N_ELEMENTS(d));
	if (n >= 1 && d[0] != cp && !g_unichar_ismark(d[0]))
		cp = d[0];
	return cp;
}

bool
lak_fold_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
		    (cp >= 'A' && cp <= 'Z');
	return g_unichar_isalnum(cp) || g_unichar_ismark(cp);
}

long
lak_fold_tokens(const char *s, size_t len, struct lak_buf *out)
{
	const char *p = s, *end = s + len;
	bool in = false;
	long n = 0;

	while (p < end) {
		uint32_t c = lak_utf8_next(&p, end);

		if (c == LAK_UTF8_BAD)
			continue;
		c = lak_fold_cp(c);
		if (g_unichar_ismark(c))
			continue;	/* combining accents fold away */
		if (lak_fold_is_word(c)) {
			lak_buf_add_utf8(out, c);
			in = true;
		} else if (in) {
			lak_buf_addc(out, '\0');
			in = false;
			n++;
		}
	}
	if (in) {
		lak_buf_addc(out, '\0');
		n++;
	}
	return out->failed ? -1 : n;
}
