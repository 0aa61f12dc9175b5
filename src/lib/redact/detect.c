/*
 * Built-in detectors: candidates by PCRE2 (JIT), then validation.
 */
#include "lib/base/common.h"

#include <ctype.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lib/base/date.h"
#include "lib/redact/detect.h"
#include "lib/redact/regex-int.h"

static const char *const names[LAK_DETECT_COUNT] = {
	"email", "phone", "bsn", "iban", "kenteken", "geboortedatum", "adres",
	"functioneel-adres", "naam",
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
#define EMAIL \
	"(?<![\\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+]|-(?:[ \\n](?=[A-Za-z0-9]))?)*+" \
	"@[ \\n]?[A-Za-z0-9]" \
	"(?:[A-Za-z0-9]|[.-](?:[ \\n](?=[A-Za-z0-9]))?(?=[A-Za-z0-9]))*+" \
	"(?![\\w@-])"
#define STREETWORD "(?!Postbus\\b|Antwoordnummer\\b)(?:IJ|\\p{Lu})\\p{Ll}[\\p{L}'.-]*+"
#define CITYWORD "(?:'[st]-?)?\\p{Lu}[\\p{L}'-]*+"
static const char *const patterns[LAK_DETECT_COUNT] = {
	/* e-mail: local part, '@', the domain; its last label (the TLD) is
	 * checked by email_valid() */
	EMAIL,
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
	/* address: street, house number (with its addition), postcode and
	 * place, on one line or two; a Postbus or Antwoordnummer is an
	 * organisation's and no street. Context is checked by
	 * address_private(). */
	"(?<![\\p{L}\\d'-])" STREETWORD "(?:[ ](?:" STREETWORD
	"|(?:van|de[nr]?|het|'t|op|aan|in|bij|te[rn]?|la|le)(?![\\p{L}]))){0,5}+"
	"[ ]\\d{1,5}(?:[ ]?-[ ]?(?:\\d{1,4}|[A-Za-z]{1,3}|hs|bis)|[ ]?[A-Za-z]{1,2}"
	"(?![\\p{L}\\d]))?"
	"(?:,?[ ]?\\n[ ]?|,[ ]?|[ ]{1,2})"
	"\\d{4}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![\\p{L}\\d])"
	"(?:[ ]{1,2}|[ ]?\\n)" CITYWORD "(?:(?:[ ]|-)(?:" CITYWORD
	"|(?:aan|de[nr]?|op|in|bij|a/d)(?![\\p{L}]))){0,3}+",
	/* functional address: an e-mail address whose local part is a
	 * desk's, not a person's (functional_local()) */
	EMAIL,
	/* names: where the document's structure says a person is named;
	 * the contexts are in name_ctx[], the names checked by person() */
	"(?!)",
};

/*
 * The places a document names a person by its structure: a header line
 * of an e-mail or a note (the rest of the line is a list of people), a
 * closing greeting (the next line that is not empty), and a form of
 * address ("de heer", "mevrouw": the name after it).
 */
enum { CTX_HEADER, CTX_CLOSING, CTX_ADDRESS, NCTX };
static const char *const name_ctx[NCTX] = {
	"(?m)^[ ]*(?:Van|Aan|CC|Cc|cc|BCC|Bcc|bcc|From|To|Afzender|"
	"Geadresseerde|Contactpersoon|Contactpersonen|Opgesteld[ ]door|"
	"Behandeld[ ]door|Behandelaar|Auteur|Opsteller|Namens)[ ]?:[ ]*",
	"(?im)^[ ]*(?:met[ ](?:vriendelijke|hartelijke)[ ]groet(?:en)?|"
	"(?:vriendelijke|hartelijke)[ ]groet(?:en)?|hoogachtend|"
	"groet(?:en)?|m\\.vr\\.gr\\.|mvg|kind[ ]regards|best[ ]regards)"
	"[ ]?[,.!]?[ ]*\\n(?:[ ]*\\n)*[ ]*",
	"(?i:\\b(?:de[ ]heer|heer|mevrouw|meneer|mevr\\.|dhr\\.|mw\\.))"
	"[ \\n]+(?=\\p{Lu}|(?:van|de|der|den|ter|ten)[ ]\\p{Lu})",
};
#undef CITYWORD
#undef STREETWORD
#undef EMAIL
#undef D
#undef SEP

struct lak_detectors {
	pcre2_code *re[LAK_DETECT_COUNT];
	pcre2_code *ctx[NCTX];
	pcre2_code *postcode;	/* the landmark of an address */
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
	if (strcmp(name, "address") == 0)
		return LAK_DETECT_ADDRESS;
	if (strcmp(name, "functional-email") == 0)
		return LAK_DETECT_FUNCTIONAL;
	if (strcmp(name, "name") == 0 || strcmp(name, "namen") == 0)
		return LAK_DETECT_NAME;
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
 * Whether an address's local part is a desk's: woo-verzoeken-artikel4.1@,
 * info@, postbus@, servicedesk@ ... A mailbox that names a function is no
 * one's personal data (and the reader needs it to reach the organisation).
 * The layout's spaces and line breaks are left out; the word is the whole
 * local part or its start before '-', '.', '_' or a digit.
 */
static bool
functional_local(const char *s, size_t len)
{
	static const char *const desk[] = {
		"woo", "wob", "info", "informatie", "postbus", "post",
		"servicedesk", "helpdesk", "support", "contact",
		"klantcontact", "pers", "persvoorlichting", "communicatie",
		"noreply", "no-reply", "privacy", "fg", "avg", "klachten",
		"bezwaar", "bezwaren", "receptie", "webmaster", "redactie",
		"publieksinformatie", "integriteit", "meldpunt", "loket",
	};
	char l[64];
	size_t n = 0;

	for (size_t i = 0; i < len && s[i] != '@'; i++) {
		if (s[i] == ' ' || s[i] == '\n')
			continue;
		if (n + 1 >= sizeof(l))
			return false;
		l[n++] = (char)tolower((unsigned char)s[i]);
	}
	l[n] = '\0';
	for (size_t i = 0; i < LAK_ARRAY_SIZE(desk); i++) {
		size_t k = strlen(desk[i]);

		if (strncmp(l, desk[i], k) == 0 && (l[k] == '\0' ||
		    l[k] == '-' || l[k] == '.' || l[k] == '_' ||
		    isdigit((unsigned char)l[k])))
			return true;
	}
	return false;
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
	for (int i = 0; i < NCTX; i++) {
		int code;
		PCRE2_SIZE off;

		d->ctx[i] = pcre2_compile((PCRE2_SPTR)name_ctx[i],
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK, &code,
		    &off, NULL);
		if (d->ctx[i] == NULL) {
			lak_detectors_free(d);
			return lak_error_set(err, LAK_EINVAL, "detector naam: "
			    "pattern %d does not compile at %zu", i,
			    (size_t)off);
		}
		lak_regex_jit(d->ctx[i]);
	}
	{
		int code;
		PCRE2_SIZE off;

		d->postcode = pcre2_compile((PCRE2_SPTR)
		    "(?<!\\d)\\d{4}[ ]?[A-Z]{2}(?![\\p{L}\\d])",
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK,
		    &code, &off, NULL);
		if (d->postcode == NULL) {
			lak_detectors_free(d);
			return lak_error_set(err, LAK_EINVAL, "detector adres: "
			    "postcode pattern does not compile");
		}
		lak_regex_jit(d->postcode);
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
	for (int i = 0; i < NCTX; i++)
		pcre2_code_free(d->ctx[i]);
	pcre2_code_free(d->postcode);
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

/*
 * Whether an address is a person's: an organisation prints its own after
 * "Bezoekadres", "Retouradres" or "Vestigingsadres" (on the letterhead of
 * every letter of a ministry), or after its Postbus on the same line (a
 * colophon: "Postbus 20301, 2500 EH Den Haag Turfmarkt 147, 2511 DP Den
 * Haag"), and that one stays. The words are looked
 * for in the 48 bytes before the address, on its line. A leading "In",
 * "Op", "Naar", "Via" or "Uit" is a sentence's, not the street's:
 * *skip is how many bytes of it the address starts after.
 */
static bool
address_private(const char *text, size_t a, size_t b, size_t *skip)
{
	static const char *const org[] = { "bezoekadres", "retouradres",
	    "vestigingsadres", "kantooradres", "bezoek adres", "postbus",
	    "antwoordnummer" };
	static const char *const lead[] = { "In ", "Op ", "Naar ", "Via ",
	    "Uit ", "Vanaf ", "Tot " };
	size_t from = a > 48 ? a - 48 : 0, k = a;
	char ctx[49];
	size_t n = 0;

	while (k > from && text[k - 1] != '\n')
		k--;
	for (; k < a; k++)
		ctx[n++] = (char)tolower((unsigned char)text[k]);
	ctx[n] = '\0';
	for (size_t i = 0; i < LAK_ARRAY_SIZE(org); i++)
		if (strstr(ctx, org[i]) != NULL)
			return false;
	*skip = 0;
	for (size_t i = 0; i < LAK_ARRAY_SIZE(lead); i++) {
		size_t l = strlen(lead[i]);

		if (b - a > l && strncmp(text + a, lead[i], l) == 0 &&
		    isupper((unsigned char)text[a + l]))
			*skip = l;
	}
	return true;
}

/* --- names from the document's structure -------------------------------- */

/* Words that make a "name" an organisation's, a function's or a phrase's
 * (compared without case). */
static const char *const not_person[] = {
	"minister", "ministerie", "staatssecretaris", "voorzitter", "kamer",
	"tweede", "eerste", "staten-generaal", "gemeente", "provincie",
	"stichting", "team", "afdeling", "directie", "directeur", "bureau",
	"dienst", "rijkswaterstaat", "secretariaat", "postbus", "waterschap",
	"raad", "college", "commissie", "woo", "wob", "servicedesk",
	"helpdesk", "redactie", "pers", "communicatie", "kabinet", "unit",
	"cluster", "beleid", "zaken", "bestuur", "griffie", "nederland",
	"koninkrijk", "geachte", "beste", "betreft", "onderwerp", "datum",
	"bijlage", "bijlagen", "infrastructuur", "waterstaat", "financien",
	"financiën", "justitie", "veiligheid", "binnenlandse", "burgemeester",
	"wethouder", "wethouders", "inspectie", "autoriteit", "agentschap",
	"programma", "project", "directoraat-generaal", "staf", "hoofd",
	"medewerker", "beleidsmedewerker", "adviseur", "regio", "info",
	"informatie", "mailbox", "verzoeken", "aanvragen", "het", "een",
	"dank", "hierbij", "graag", "ministry", "department", "the", "and",
	"of", "for", "teamleider", "woordvoerder", "ambtenaar", "provinciale",
	"staten", "rijksoverheid", "dijkgraaf", "heemraden", "ondernemingsraad",
	"werkgroep", "overleg", "kustwacht", "politie", "gemeenteraad",
};

static const char *const particles[] = {
	"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "op", "in",
	"la", "le", "du", "da", "di", "von", "vander", "vd", "v.d.",
};

/* Titles before a name, as Dutch letters write them. */
static const char *const titles[] = {
	"mr.", "dr.", "drs.", "ir.", "ing.", "prof.", "ds.", "bc.", "mgr.",
	"dr.ir.", "prof.dr.", "mr.drs.",
};

/* Forms of address a name may start with (left out of it). */
static const char *const address_forms[] = {
	"de heer ", "mevrouw ", "dhr. ", "mevr. ", "mw. ",
};

/*
 * A word of a name: a capital, then letters, '-' and '\'', with a small
 * letter among them ("Bakker-Smit", "d'Ancona", "Ouahabi"; not "EES]" an
 * OCR engine read from a label, nor an acronym such as "DWV").
 */
static bool
name_word(const char *w, size_t len)
{
	bool small = false;

	if (len < 2)
		return false;
	for (size_t k = 1; k < len; k++) {
		unsigned char d = (unsigned char)w[k];

		if (!(isalpha(d) || d >= 0x80 || d == '-' || d == '\''))
			return false;
		small = small || islower(d) || d >= 0x80;
	}
	return small;
}

static bool
word_in(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncasecmp(list[i], w, len) == 0)
			return true;
	return false;
}

bool
lak_name_initials(const char *w, size_t len)
{
	if (len < 2 || len % 2)
		return false;
	for (size_t k = 0; k < len; k += 2)
		if (!isupper((unsigned char)w[k]) || w[k + 1] != '.')
			return false;
	return true;
}

bool
lak_name_particle(const char *w, size_t len)
{
	return word_in(particles, LAK_ARRAY_SIZE(particles), w, len);
}

bool
lak_name_title(const char *w, size_t len)
{
	return word_in(titles, LAK_ARRAY_SIZE(titles), w, len);
}

/*
 * Whether s[0, n) is a person's name: two to six words, each initials
 * ("P.", "J.M."), a particle ("van", "de") or a capitalised word
 * ("Bakker-Smit"), with at most one comma ("Ouahabi, Samira"), the last
 * word no particle, at least one capitalised word, and none of the words
 * of an organisation or a function.
 */
static bool
person(const char *s, size_t n)
{
	size_t i = 0, words = 0, caps = 0, commas = 0;
	bool last_particle = false;

	while (i < n) {
		size_t a = i, len;
		unsigned char c;

		while (i < n && s[i] != ' ' && s[i] != ',')
			i++;
		len = i - a;
		if (len > 0) {
			const char *w = s + a;

			c = (unsigned char)w[0];
			words++;
			last_particle = false;
			if (len >= 2 && isupper(c) && w[1] == '.') {
				if (!lak_name_initials(w, len))
					return false;
			} else if (lak_name_particle(w, len) && !isupper(c)) {
				last_particle = true;
			} else if (isupper(c) || c >= 0xC0) {
				if (word_in(not_person,
				    LAK_ARRAY_SIZE(not_person), w, len) ||
				    !name_word(w, len))
					return false;
				/* "Van", "De" starting a surname are capitals
				 * too; they count as the surname's */
				if (!lak_name_particle(w, len))
					caps++;
			} else {
				return false;
			}
		}
		if (i < n && s[i] == ',') {
			if (++commas > 1 || words == 0)
				return false;
		}
		i++;
	}
	return words >= 2 && words <= 6 && caps >= 1 && !last_particle;
}

/* s[*a, *b) without a title, quotes and blanks at either end. */
static void
name_trim(const char *s, size_t *a, size_t *b)
{
	bool again = true;

	while (again) {
		again = false;
		while (*a < *b && (s[*a] == ' ' || s[*a] == '"' ||
		    s[*a] == '\''))
			(*a)++;
		for (size_t t = 0; t < LAK_ARRAY_SIZE(address_forms); t++) {
			size_t l = strlen(address_forms[t]);

			if (*b - *a > l && strncasecmp(s + *a,
			    address_forms[t], l) == 0) {
				*a += l;
				again = true;
			}
		}
		{
			/* a title and its blank: "mr. ", "Prof. " */
			const char *sp = memchr(s + *a, ' ', *b - *a);

			if (sp != NULL && lak_name_title(s + *a,
			    (size_t)(sp - s) - *a)) {
				*a = (size_t)(sp - s) + 1;
				again = true;
			}
		}
	}
	while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '"' ||
	    s[*b - 1] == '\''))
		(*b)--;
}

/* A name at s[a, b): the whole, else the part before its first comma. */
static int
name_at(const char *s, size_t a, size_t b,
    int (*found)(void *ctx, size_t a, size_t b), void *ctx)
{
	name_trim(s, &a, &b);
	if (b > a && person(s + a, b - a))
		return found(ctx, a, b);
	{
		const char *c = memchr(s + a, ',', b - a);

		if (c != NULL) {
			b = (size_t)(c - s);
			name_trim(s, &a, &b);
			if (b > a && person(s + a, b - a))
				return found(ctx, a, b);
		}
	}
	return 0;
}

/* The people on a header line from 'a' to its end: entries end at ';'
 * or after an address in angle brackets. */
static int
header_names(const char *s, size_t a, size_t end,
    int (*found)(void *ctx, size_t a, size_t b), void *ctx)
{
	while (a < end) {
		size_t e = a, name_end;

		while (e < end && s[e] != ';' && s[e] != '<' && s[e] != '[' &&
		    s[e] != '(')
			e++;
		name_end = e;
		if (e < end && (s[e] == '<' || s[e] == '[' || s[e] == '(')) {
			char close = s[e] == '<' ? '>' : s[e] == '[' ? ']' :
			    ')';

			while (e < end && s[e] != close)
				e++;
		}
		if (name_end > a && name_at(s, a, name_end, found, ctx) < 0)
			return -1;
		a = e + 1;
		while (a < end && (s[a] == ' ' || s[a] == ',' || s[a] == ';'))
			a++;
	}
	return 0;
}

/* The name after a form of address: initials or given names, particles
 * and a surname, up to the first word that is none of these; its length
 * (0: none, or initials alone). */
static size_t
name_after_title(const char *s, size_t a, size_t len)
{
	size_t i = a, end = a, words = 0;
	bool ends_initial = false;

	while (i < len && words < 6) {
		size_t w = i, wl;
		unsigned char c = (unsigned char)s[i];
		bool stop = false;

		while (i < len && !strchr(" \n,;:!?()\"", s[i]))
			i++;
		wl = i - w;
		if (wl > 1 && s[w + wl - 1] == '.' &&
		    !lak_name_initials(s + w, wl)) {
			wl--;		/* a sentence's full stop */
			stop = true;
		}
		if (wl == 0)
			break;
		if (lak_name_initials(s + w, wl)) {
			end = w + wl;
			ends_initial = true;
		} else if (isupper(c) || c >= 0xC0) {
			if (word_in(not_person, LAK_ARRAY_SIZE(not_person),
			    s + w, wl) || !name_word(s + w, wl))
				break;
			end = w + wl;
			ends_initial = false;
		} else if (!lak_name_particle(s + w, wl)) {
			break;
		}
		words++;
		if (stop || i >= len || s[i] != ' ')
			break;
		i++;
	}
	return end > a && !ends_initial ? end - a : 0;
}

static int
detect_names(const struct lak_detectors *d, const char *text, size_t len,
    int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err)
{
	for (int c = 0; c < NCTX; c++) {
		PCRE2_SIZE start = 0;

		while (start < len) {
			int rc = pcre2_match(d->ctx[c], (PCRE2_SPTR)text, len,
			    start, PCRE2_NO_UTF_CHECK, d->md, NULL);
			PCRE2_SIZE *ov;
			size_t a, eol;

			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0)
				return lak_error_set(err, LAK_ELIMIT, "detector "
				    "naam: matching failed (%d)", rc);
			ov = pcre2_get_ovector_pointer(d->md);
			a = ov[1];
			for (eol = a; eol < len && text[eol] != '\n'; eol++)
				;
			if (c == CTX_HEADER) {
				if (header_names(text, a, eol, found, ctx) < 0)
					return -1;
			} else if (c == CTX_CLOSING) {
				/* the signature's first words: a line joined
				 * with the function under it reads "Samira
				 * Ouahabi Beleidsmedewerker" */
				size_t b, best;

				name_trim(text, &a, &eol);
				b = best = a;
				for (int w = 0; w < 6 && b < eol; w++) {
					while (b < eol && text[b] != ' ')
						b++;
					if (person(text + a, b - a))
						best = b;
					while (b < eol && text[b] == ' ')
						b++;
				}
				if (best > a && text[best - 1] == ',')
					best--;
				if (best > a && found(ctx, a, best) < 0)
					return -1;
			} else {
				size_t n = name_after_title(text, a, len);

				if (n > 0 && found(ctx, a, a + n) < 0)
					return -1;
			}
			start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			while (start < len && (text[start] & 0xC0) == 0x80)
				start++;
		}
	}
	return 0;
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

/*
 * Every match of some detectors holds a landmark: the '@' of an e-mail
 * address, the postcode of a home address, a kenteken's dash. Those detectors' patterns run
 * only in a window around each landmark (found by memchr or a small
 * pattern) instead of trying every position of the text: the first match
 * at or after 'start' is the same, provided it starts at most 'before'
 * bytes ahead of its landmark (a local part or a street and its number
 * are shorter than 256; a kenteken's first dash is 3 in at most). A match that reaches the window's end is looked for again
 * in the whole text.
 */
static int
next_match(const struct lak_detectors *d, enum lak_detector which,
    const char *text, size_t len, size_t start)
{
	size_t before = 256, after = 256, from = start;
	char mark = '@';

	switch (which) {
	case LAK_DETECT_EMAIL:
	case LAK_DETECT_FUNCTIONAL:
		break;
	case LAK_DETECT_ADDRESS:
		mark = '\0';	/* the postcode pattern */
		break;
	case LAK_DETECT_KENTEKEN:
		/* every side code has a dash, its first at most 3
		 * characters in; the whole is 10 at most with line breaks */
		mark = '-';
		before = 4;
		after = 16;
		break;
	default:
		return pcre2_match(d->re[which], (PCRE2_SPTR)text, len, start,
		    PCRE2_NO_UTF_CHECK, d->md, NULL);
	}
	while (from < len) {
		size_t p, q, r;
		int rc;

		if (mark == '\0') {
			rc = pcre2_match(d->postcode, (PCRE2_SPTR)text, len,
			    from, PCRE2_NO_UTF_CHECK, d->md, NULL);
			if (rc < 0)
				return rc;
			p = pcre2_get_ovector_pointer(d->md)[0];
		} else {
			const char *at = memchr(text + from, mark, len - from);

			if (at == NULL)
				return PCRE2_ERROR_NOMATCH;
			p = (size_t)(at - text);
		}
		q = p - start > before ? p - before : start;
		/* (a UTF-8 character's first byte) */
		while (q > start && (text[q] & 0xC0) == 0x80)
			q--;
		r = len - p > after ? p + after : len;
		rc = pcre2_match(d->re[which], (PCRE2_SPTR)text, r, q,
		    PCRE2_NO_UTF_CHECK, d->md, NULL);
		if (rc >= 0 && pcre2_get_ovector_pointer(d->md)[1] >= r &&
		    r < len)
			return pcre2_match(d->re[which], (PCRE2_SPTR)text, len,
			    q, PCRE2_NO_UTF_CHECK, d->md, NULL);
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc;
		from = p + 1;
	}
	return PCRE2_ERROR_NOMATCH;
}

int
lak_detect(const struct lak_detectors *d, enum lak_detector which,
    const char *text, size_t len,
    int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err)
{
	PCRE2_SIZE start = 0;

	if (which == LAK_DETECT_NAME)
		return detect_names(d, text, len, found, ctx, err);
	while (start <= len) {
		int rc = next_match(d, which, text, len, start);
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
		case LAK_DETECT_FUNCTIONAL:
			b = a + email_end(text + a, b - a);
			ok = email_valid(text + a, b - a) && (which ==
			    LAK_DETECT_EMAIL || functional_local(text + a,
			    b - a));
			break;
		case LAK_DETECT_BIRTHDATE:
			ok = birthdate_valid(text + a, b - a);
			break;
		case LAK_DETECT_ADDRESS: {
			size_t skip = 0;

			ok = address_private(text, a, b, &skip);
			a += skip;
			break;
		}
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
