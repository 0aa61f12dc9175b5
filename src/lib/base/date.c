/*
 * Calendar dates (see date.h).
 */
#include "lib/base/common.h"

#include <ctype.h>
#include <strings.h>

#include "lib/base/date.h"

const char *const lak_months_nl[12] = {
	"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december",
};

/* Digits at 's' (at most 'max'), as a number; the count read, or 0. */
static int
number(const char *s, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)s[n]))
		v = v * 10 + (s[n++] - '0');
	*out = v;
	return n;
}

static const char *
blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

int
lak_date_scan(const char *s, int *y, int *m, int *d, const char **end)
{
	int a, b, c, n;

	s = blanks(s);
	if ((n = number(s, 4, &a)) == 4 && s[4] == '-') {
		/* ISO */
		const char *p = s + 5;
		int k = number(p, 2, &b);

		if (k == 0 || p[k] != '-' || number(p + k + 1, 2, &c) == 0)
			return -1;
		*y = a;
		*m = b;
		*d = c;
		*end = p + k + 1 + number(p + k + 1, 2, &c);
		return 0;
	}
	if (n == 0 || n > 2)
		return -1;
	s += n;
	if (*s == '-' || *s == '/' || *s == '.') {
		char sep = *s++;
		int k = number(s, 2, &b);

		if (k == 0 || s[k] != sep || number(s + k + 1, 4, &c) != 4)
			return -1;
		*d = a;
		*m = b;
		*y = c;
		*end = s + k + 5;
		return 0;
	}
	/* "12 maart 2026" */
	s = blanks(s);
	for (int i = 0; i < 12; i++) {
		size_t len = strlen(lak_months_nl[i]);
		const char *p;

		if (strncasecmp(s, lak_months_nl[i], len) != 0 ||
		    isalpha((unsigned char)s[len]))
			continue;
		p = blanks(s + len);
		if (p == s + len || number(p, 4, &c) != 4)
			return -1;
		*d = a;
		*m = i + 1;
		*y = c;
		*end = p + 4;
		return 0;
	}
	return -1;
}

bool
lak_date_valid(int y, int m, int d)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1])
		return false;
	/* 29 February only in a leap year */
	return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)));
}

/* Days from civil (H. Hinnant's algorithm). */
long
lak_date_days(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
lak_date_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}
