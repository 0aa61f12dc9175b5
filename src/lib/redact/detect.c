/*
 * Built-in detectors: candidates by PCRE2 (JIT), then validation.
 */
#include "lib/base/common.h"

#include <ctype.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lib/base/date.h"
#include "lib/redact/detect.h"
#include "lib/redact/regex-int.h"

static const char *const names[LAK_DETECT_COUNT] = {
	"email", "phone", "bsn", "iban", "kenteken", "geboortedatum",
};

/*
 * Candidate patterns. Each must cost time linear in the text: alternatives
 * never overlap (separators are never digits or letters), and the e-mail
 * pattern consumes its parts possessively from a start that the
 * look-behind allows only once per run of characters (the old pattern
 * backtracked without bound and hit PCRE2's match limit on a 62-page
 * report).
 *
 * Numbers are split as Dutch documents split them: spaces, dots, dashes,
 * " - ", and line breaks (a '\n' of the view, or a space where a line was
 * joined), one separator between two digits. A line break inside an
 * e-mail address becomes a space in the view; the pattern allows one after
 * '.', '@' or '-' and the caller checks that such a space is a line join.
 */
#define SEP "(?:[ \\n]?[.-]?[ \\n]?)"
#define D "-\\n?"
static const char *const patterns[LAK_DETECT_COUNT] = {
	/* e-mail: local part, '@', the domain; its last label (the TLD) is
	 * checked by email_valid() */
	"(?<![\\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+]|-(?:[ \\n](?=[A-Za-z0-9]))?)*+"
	"@[ \\n]?[A-Za-z0-9]"
	"(?:[A-Za-z0-9]|[.-](?:[ \\n](?=[A-Za-z0-9]))?(?=[A-Za-z0-9]))*+"
	"(?![\\w@-])",
	/* phone: Dutch (0, +31, 0031 and nine digits, the first of them not
	 * 0: "0001 2026-03" in a table is no number) or international */
	"(?<![\\w+])(?:(?:\\+31|0031)" SEP "(?:\\(0\\)" SEP ")?|0)"
	"(?=[1-9])(?:\\d" SEP "){8}\\d(?![\\w])"
	"|(?<![\\w+])\\(0\\d{1,3}\\)" SEP "(?:\\d" SEP "){4,7}\\d(?![\\w])"
	"|(?<![\\w+])(?:\\+|00)(?!31)[1-9](?:" SEP "\\d){7,13}(?![\\w])",
	/* BSN: nine digits, optionally grouped 3-2-2-2, 3-3-3 or 4-2-3 by
	 * spaces, dots or line breaks */
	"(?<![\\w.,/-])(?:\\d{9}|\\d{3}(?:[ .]\\n?|\\n)\\d{2}(?:[ .]\\n?|\\n)"
	"\\d{2}(?:[ .]\\n?|\\n)\\d{2}|\\d{3}(?:[ .]\\n?|\\n)\\d{3}(?:[ .]\\n?|"
	"\\n)\\d{3}|\\d{4}(?:[ .]\\n?|\\n)\\d{2}(?:[ .]\\n?|\\n)\\d{3})"
	"(?![\\w/-]|[.,]\\d)",
	/* IBAN: country, check digits, then groups; the length is settled by
	 * the validator */
	"(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?:[ \\n]?[A-Za-z0-9]){10,30}",
	/* kenteken: the RDW side codes 1 to 14 (XX-99-99 ... 999-XX-9), with
	 * their dashes (a line may break after one) */
	"(?<![\\w-])(?:"
	"[A-Z]{2}" D "\\d{2}" D "\\d{2}|\\d{2}" D "\\d{2}" D "[A-Z]{2}|"
	"\\d{2}" D "[A-Z]{2}" D "\\d{2}|[A-Z]{2}" D "\\d{2}" D "[A-Z]{2}|"
	"[A-Z]{2}" D "[A-Z]{2}" D "\\d{2}|\\d{2}" D "[A-Z]{2}" D "[A-Z]{2}|"
	"\\d{2}" D "[A-Z]{3}" D "\\d|\\d" D "[A-Z]{3}" D "\\d{2}|"
	"[A-Z]{2}" D "\\d{3}" D "[A-Z]|[A-Z]" D "\\d{3}" D "[A-Z]{2}|"
	"[A-Z]{3}" D "\\d{2}" D "[A-Z]|[A-Z]" D "\\d{2}" D "[A-Z]{3}|"
	"\\d" D "[A-Z]{2}" D "\\d{3}|\\d{3}" D "[A-Z]{2}" D "\\d)"
	"(?![\\w-])",
	/* date of birth: the date after its words (\\K: the words stay);
	 * the calendar is checked by birthdate_valid() */
	"(?i:\\bgeboren(?:[ \\n]+op)?|\\bgeb\\.|\\bgeboortedatum:?)[ \\n]*\\K"
	"(?:\\d{1,2}[-/.]\\d{1,2}[-/.](?:19|20)\\d{2}|\\d{1,2}[ \\n]+"
	"(?i:januari|februari|maart|april|mei|juni|juli|augustus|"
	"september|oktober|november|december)[ \\n]+(?:19|20)\\d{2})"
	"(?!\\d)",
};
#undef D
#undef SEP

struct lak_detectors {
	pcre2_code *re[LAK_DETECT_COUNT];
	pcre2_match_data *md;
};

const char *
lak_detector_name(enum lak_detector d)
{
	return (unsigned)d < LAK_DETECT_COUNT ? names[d] : "?";
}

int
lak_detector_find(const char *name)
{
	for (int i = 0; i < LAK_DETECT_COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	if (strcmp(name, "e-mail") == 0)
		return LAK_DETECT_EMAIL;
	if (strcmp(name, "telefoon") == 0 || strcmp(name, "telephone") == 0)
		return LAK_DETECT_PHONE;
	if (strcmp(name, "licence-plate") == 0)
		return LAK_DETECT_KENTEKEN;
	if (strcmp(name, "birthdate") == 0)
		return LAK_DETECT_BIRTHDATE;
	return -1;
}

bool
lak_bsn_valid(const char *s, size_t len)
{
	int d[9], n = 0, sum = 0;

	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)s[i])) {
			if (n == 9)
				return false;
			d[n++] = s[i] - '0';
		}
	}
	if (n != 9)
		return false;
	for (int i = 0; i < 8; i++)
		sum += d[i] * (9 - i);
	sum -= d[8];
	/* 000000000 passes the sum but is no number */
	return sum % 11 == 0 && sum != 0;
}

/* IBAN lengths of the countries Dutch documents mention most. */
static const struct {
	char cc[3];
	int len;
} iban_len[] = {
	/* the countries of the IBAN registry and their lengths */
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 },
	{ "BA", 20 }, { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BR", 29 },
	{ "BY", 28 }, { "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 },
	{ "DE", 22 }, { "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 },
	{ "ES", 24 }, { "FI", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 },
	{ "GE", 22 }, { "GI", 23 }, { "GL", 18 }, { "GR", 27 }, { "GT", 28 },
	{ "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IL", 23 }, { "IQ", 23 },
	{ "IS", 26 }, { "IT", 27 }, { "JO", 30 }, { "KW", 30 }, { "KZ", 20 },
	{ "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 }, { "LU", 20 },
	{ "LV", 21 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 }, { "MK", 19 },
	{ "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NL", 18 }, { "NO", 15 },
	{ "PK", 24 }, { "PL", 28 }, { "PS", 29 }, { "PT", 25 }, { "QA", 29 },
	{ "RO", 24 }, { "RS", 22 }, { "SA", 24 }, { "SC", 31 }, { "SE", 24 },
	{ "SI", 19 }, { "SK", 24 }, { "SM", 27 }, { "ST", 25 }, { "SV", 28 },
	{ "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 },
	{ "VG", 24 }, { "XK", 20 },
};

bool
lak_iban_valid(const char *s, size_t len)
{
	char c[40];
	size_t n = 0;
	unsigned int rem = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\n')
			continue;
		if (!isalnum((unsigned char)s[i]) || n >= 34)
			return false;
		c[n++] = (char)toupper((unsigned char)s[i]);
	}
	if (n < 15 || !isalpha((unsigned char)c[0]) ||
	    !isalpha((unsigned char)c[1]) || !isdigit((unsigned char)c[2]) ||
	    !isdigit((unsigned char)c[3]))
		return false;
	/* a country of the registry, with its length: two letters and two
	 * digits of OCR noise pass the check of 97 one time in 97 */
	{
		size_t i;

		for (i = 0; i < LAK_ARRAY_SIZE(iban_len); i++)
			if (c[0] == iban_len[i].cc[0] &&
			    c[1] == iban_len[i].cc[1])
				break;
		if (i == LAK_ARRAY_SIZE(iban_len) || (int)n != iban_len[i].len)
			return false;
	}
	/* Move the first four to the end; letters count as 10..35. */
	for (size_t k = 0; k < n; k++) {
		char ch = c[(k + 4) % n];

		if (isdigit((unsigned char)ch))
			rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
	}
	return rem == 1;
}

static bool
phone_valid(const char *s, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n += isdigit((unsigned char)s[i]) != 0;
	/* "(070) 123 45 67": a Dutch number has ten digits with its 0 */
	if (len > 0 && s[0] == '(')
		return n == 10;
	return n >= 9 && n <= 15;
}

/* A candidate e-mail address has a domain with a dot, and its last label
 * (spaces and line breaks of the layout left out) is 2 to 24 letters. */
static bool
email_valid(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len), *dot = NULL;
	size_t n = 0;

	if (at == NULL)
		return false;
	for (const char *p = at + 1; p < s + len; p++)
		if (*p == '.')
			dot = p;
	if (dot == NULL)
		return false;
	for (const char *p = dot + 1; p < s + len; p++) {
		if (*p == ' ' || *p == '\n')
			continue;
		if (!isalpha((unsigned char)*p))
			return false;
		n++;
	}
	return n >= 2 && n <= 24;
}

/*
 * Where an address ends that the pattern carried over a line break after
 * a dot: "jan@example.nl.\nUw vraag" is a sentence's full stop and the
 * next line's first word, not the domain "example.nl.Uw". The break is
 * taken as the end when what comes before it is a whole address already
 * and the next line starts with a capital.
 */
static size_t
email_end(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);

	if (at == NULL)
		return len;
	for (const char *p = at + 1; p + 2 < s + len; p++)
		if (*p == '.' && (p[1] == ' ' || p[1] == '\n') &&
		    isupper((unsigned char)p[2]) && email_valid(s,
		    (size_t)(p - s)))
			return (size_t)(p - s);
	return len;
}

int
lak_detectors_new(struct lak_detectors **out, struct lak_error *err)
{
	struct lak_detectors *d = calloc(1, sizeof(*d));

	*out = NULL;
	if (d == NULL)
		return lak_error_oom(err);
	for (int i = 0; i < LAK_DETECT_COUNT; i++) {
		int code;
		PCRE2_SIZE off;

		d->re[i] = pcre2_compile((PCRE2_SPTR)patterns[i],
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK, &code,
		    &off, NULL);
		if (d->re[i] == NULL) {
			lak_detectors_free(d);
			return lak_error_set(err, LAK_EINVAL, "detector %s: "
			    "pattern does not compile at %zu", names[i],
			    (size_t)off);
		}
		lak_regex_jit(d->re[i]);
	}
	if ((d->md = pcre2_match_data_create(4, NULL)) == NULL) {
		lak_detectors_free(d);
		return lak_error_oom(err);
	}
	*out = d;
	return 0;
}

void
lak_detectors_free(struct lak_detectors *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < LAK_DETECT_COUNT; i++)
		pcre2_code_free(d->re[i]);
	pcre2_match_data_free(d->md);
	free(d);
}

/* A date of birth that is a calendar date ("31-2-1980" is none). */
static bool
birthdate_valid(const char *s, size_t len)
{
	char buf[64];
	const char *end;
	int y, m, d;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return lak_date_scan(buf, &y, &m, &d, &end) == 0 &&
	    end == buf + len && lak_date_valid(y, m, d);
}

/* The longest prefix of an IBAN candidate that validates. */
static size_t
iban_prefix(const char *s, size_t len)
{
	size_t ends[40], n = 0;

	for (size_t i = 0; i < len && n < 40; i++)
		if (s[i] != ' ' && s[i] != '\n')
			ends[n++] = i + 1;
	while (n >= 15) {
		size_t e = ends[n - 1];

		if (lak_iban_valid(s, e))
			return e;
		n--;
	}
	return 0;
}

int
lak_detect(const struct lak_detectors *d, enum lak_detector which,
    const char *text, size_t len,
    int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err)
{
	PCRE2_SIZE start = 0;

	while (start <= len) {
		int rc = pcre2_match(d->re[which], (PCRE2_SPTR)text, len, start,
		    PCRE2_NO_UTF_CHECK, d->md, NULL);
		PCRE2_SIZE *ov;
		size_t a, b;
		bool ok;

		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return lak_error_set(err, LAK_ELIMIT, "detector %s: "
			    "matching failed (%d)", names[which], rc);
		ov = pcre2_get_ovector_pointer(d->md);
		a = ov[0];
		b = ov[1];
		switch (which) {
		case LAK_DETECT_BSN:
			ok = lak_bsn_valid(text + a, b - a);
			break;
		case LAK_DETECT_IBAN:
			b = a + iban_prefix(text + a, b - a);
			ok = b > a;
			break;
		case LAK_DETECT_PHONE:
			ok = phone_valid(text + a, b - a);
			break;
		case LAK_DETECT_EMAIL:
			b = a + email_end(text + a, b - a);
			ok = email_valid(text + a, b - a);
			break;
		case LAK_DETECT_BIRTHDATE:
			ok = birthdate_valid(text + a, b - a);
			break;
		default:
			ok = true;
			break;
		}
		if (ok && found(ctx, a, b) < 0)
			return -1;
		/* Go on after this match (or one character on when it was
		 * not valid: a shorter candidate may start inside). */
		if (ok && b > a)
			start = b;
		else {
			start = a + 1;
			while (start < len && (text[start] & 0xC0) == 0x80)
				start++;
		}
	}
	return 0;
}
