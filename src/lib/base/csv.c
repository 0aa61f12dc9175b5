/*
 * CSV records (see csv.h).
 */
#include "lib/base/common.h"

#include "lib/base/buf.h"
#include "lib/base/csv.h"

char
lak_csv_sep(const char *d, size_t len)
{
	size_t commas = 0, semis = 0;
	int quoted = 0;

	for (size_t i = 0; i < len && d[i] != '\n'; i++) {
		if (d[i] == '"')
			quoted = !quoted;
		else if (!quoted && d[i] == ',')
			commas++;
		else if (!quoted && d[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

void
lak_csv_row_release(struct lak_csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		free(row->f[i]);
	free(row->f);
	memset(row, 0, sizeof(*row));
}

static int
add_field(struct lak_csv_row *row, struct lak_buf *b)
{
	char *s;

	if (lak_array_grow((void **)&row->f, &row->alloc, row->n,
	    sizeof(*row->f)) < 0 || lak_buf_check(b, NULL) < 0 ||
	    (s = lak_buf_take(b, NULL)) == NULL)
		return -1;
	row->f[row->n++] = s;
	return 0;
}

int
lak_csv_next(const char *d, size_t len, size_t *pos, char sep,
    struct lak_csv_row *row)
{
	size_t p = *pos;
	struct lak_buf b;
	int ret = -1;

	for (size_t i = 0; i < row->n; i++)
		free(row->f[i]);
	row->n = 0;
	if (p >= len)
		return 0;
	lak_buf_init(&b, (size_t)64 << 20);
	for (;;) {
		if (p < len && d[p] == '"') {
			for (p++;; p++) {
				if (p >= len)
					goto out;	/* unclosed quote */
				if (d[p] == '"') {
					if (p + 1 < len && d[p + 1] == '"')
						p++;
					else {
						p++;
						break;
					}
				}
				lak_buf_addc(&b, d[p]);
			}
		} else {
			while (p < len && d[p] != sep && d[p] != '\n' &&
			    d[p] != '\r') {
				if (d[p] == '"')
					goto out;	/* stray quote */
				lak_buf_addc(&b, d[p++]);
			}
		}
		if (add_field(row, &b) < 0)
			goto out;
		if (p < len && d[p] == sep) {
			p++;
			continue;
		}
		if (p < len && d[p] == '\r')
			p++;
		if (p < len && d[p] == '\n')
			p++;
		else if (p < len)
			goto out;
		break;
	}
	*pos = p;
	ret = 1;
out:
	lak_buf_release(&b);
	return ret;
}

void
lak_csv_field(struct lak_buf *out, const char *s, bool last)
{
	/* A leading = + - @ would be a formula in a spreadsheet: quote it
	 * and put an apostrophe in front (OWASP CSV injection). */
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@';

	if (formula || strpbrk(s, ",;\"\r\n") != NULL) {
		lak_buf_addc(out, '"');
		if (formula)
			lak_buf_addc(out, '\'');
		for (; *s; s++) {
			if (*s == '"')
				lak_buf_addc(out, '"');
			lak_buf_addc(out, *s);
		}
		lak_buf_addc(out, '"');
	} else {
		lak_buf_adds(out, s);
	}
	lak_buf_adds(out, last ? "\r\n" : ",");
}
