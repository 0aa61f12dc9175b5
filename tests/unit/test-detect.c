/* Unit tests: the detectors (BSN, IBAN, phone, e-mail) and grounds. */
#include "config.h"

#include "unit.h"

#include "lib/model/grounds.h"
#include "lib/redact/detect.h"

static void
detect_bsn_eleven_test(void **state)
{
	(void)state;
	assert_true(lak_bsn_valid("111222333", 9));
	assert_true(lak_bsn_valid("111 22 23 33", 12));
	assert_false(lak_bsn_valid("123456789", 9));
	assert_false(lak_bsn_valid("000000000", 9));
	assert_false(lak_bsn_valid("11122233", 8));
	assert_false(lak_bsn_valid("1112223330", 10));
}

static void
detect_iban_mod97(void **state)
{
	(void)state;
	assert_true(lak_iban_valid("NL91ABNA0417164300", 18));
	assert_true(lak_iban_valid("NL91 ABNA 0417 1643 00", 22));
	assert_true(lak_iban_valid("nl91abna0417164300", 18));
	assert_true(lak_iban_valid("DE89370400440532013000", 22));
	assert_true(lak_iban_valid("BE68539007547034", 16));
	assert_false(lak_iban_valid("NL92ABNA0417164300", 18));	/* check */
	assert_false(lak_iban_valid("NL91ABNA041716430", 17));	/* length */
	assert_false(lak_iban_valid("NL91ABNA04171643001", 19));
}

struct found {
	char s[16][64];
	int n;
	const char *text;
};

static int
collect(void *ctx, size_t a, size_t b)
{
	struct found *f = ctx;

	if (f->n < 16)
		snprintf(f->s[f->n++], 64, "%.*s", (int)(b - a), f->text + a);
	return 0;
}

static struct found
run(enum lak_detector which, const char *text)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_detectors *d = NULL;
	struct found f;

	memset(&f, 0, sizeof(f));
	f.text = text;
	assert_int_equal(lak_detectors_new(&d, &err), 0);
	assert_int_equal(lak_detect(d, which, text, strlen(text), collect, &f,
	    &err), 0);
	lak_detectors_free(d);
	return f;
}

static void
detect_finds_in_text(void **state)
{
	struct found f;

	(void)state;
	f = run(LAK_DETECT_BSN, "BSN 111222333, geen BSN 123456789, "
	    "111.22.23.33 en telefoon 0612345678.");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.s[0], "111222333");
	assert_string_equal(f.s[1], "111.22.23.33");

	f = run(LAK_DETECT_IBAN, "rekening NL91 ABNA 0417 1643 00 ten name, "
	    "of NL91ABNA0417164300. Fout: NL92ABNA0417164300 EN MEER");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.s[0], "NL91 ABNA 0417 1643 00");
	assert_string_equal(f.s[1], "NL91ABNA0417164300");

	f = run(LAK_DETECT_PHONE, "Bel 06-12345678, 070-456 78 90, "
	    "+31 118 555 014, +31 (0)70 123 4567, 0031 6 1234 5678, "
	    "(070) 123 45 67 of +44 20 7946 0958. Geen: 2026, 1.200.000, "
	    "12-03-2026, 06-1234567.");
	assert_int_equal(f.n, 7);
	assert_string_equal(f.s[0], "06-12345678");
	assert_string_equal(f.s[1], "070-456 78 90");
	assert_string_equal(f.s[2], "+31 118 555 014");
	assert_string_equal(f.s[3], "+31 (0)70 123 4567");
	assert_string_equal(f.s[4], "0031 6 1234 5678");
	assert_string_equal(f.s[5], "(070) 123 45 67");
	assert_string_equal(f.s[6], "+44 20 7946 0958");

	f = run(LAK_DETECT_EMAIL, "Mail a.bakker-smit@kustwacht-zeeland.nl, "
	    "jan.de.vries+woo@sub.domein.example.org of x@y. Geen: @home, "
	    "a@b, mail@.nl");
	/* The third is a candidate with a space after the dot, which the
	 * engine keeps only where the space is a line join (test-rules). */
	assert_int_equal(f.n, 3);
	assert_string_equal(f.s[0], "a.bakker-smit@kustwacht-zeeland.nl");
	assert_string_equal(f.s[1], "jan.de.vries+woo@sub.domein.example.org");
	assert_string_equal(f.s[2], "x@y. Geen");
}

/* Kentekens: the RDW side codes, with their dashes, a line break after
 * one; dates, dossier numbers and letter codes are none. */
static void
detect_kentekens(void **state)
{
	struct found f;

	(void)state;
	f = run(LAK_DETECT_KENTEKEN, "Auto's: XX-99-99, 99-XX-99, 12-ABC-3, "
	    "8-KLS-23, GV-123-B, TNJ-43-K, 5-XGT-92 en 99-\nXX-99. Geen: "
	    "14-10-2026, WR-2026-0042, AB-CD-EF, 12-ab-34, NL-12, 5.1.2e, "
	    "X-12-Y, 123-45-678.");
	assert_int_equal(f.n, 8);
	assert_string_equal(f.s[0], "XX-99-99");
	assert_string_equal(f.s[2], "12-ABC-3");
	assert_string_equal(f.s[4], "GV-123-B");
	assert_string_equal(f.s[7], "99-\nXX-99");
}

/* Dates of birth: a calendar date after "geboren (op)", "geb." or
 * "geboortedatum", the words themselves left; other dates are none. */
static void
detect_dates_of_birth(void **state)
{
	struct found f;

	(void)state;
	f = run(LAK_DETECT_BIRTHDATE, "Jansen, geboren op 12 maart 1980; "
	    "De Vries (geb. 3-4-1975), Geboortedatum: 07/11/2001, geboren\n"
	    "op 1 januari 1999. Geen: op 12 maart 1980 vergaderd, geboren "
	    "31-02-1980, geb. 12-13-1980, gebouw 12-03-1980, 5-3-1899.");
	assert_int_equal(f.n, 4);
	assert_string_equal(f.s[0], "12 maart 1980");
	assert_string_equal(f.s[1], "3-4-1975");
	assert_string_equal(f.s[2], "07/11/2001");
	assert_string_equal(f.s[3], "1 januari 1999");
}

/* Home addresses: street, number (with an addition), postcode and place,
 * on one line or over two; an organisation's Postbus, Antwoordnummer and
 * letterhead address (after "Bezoekadres") and a bare postcode stay. */
static void
detect_addresses(void **state)
{
	struct found f;

	(void)state;
	f = run(LAK_DETECT_ADDRESS, "met als correspondentieadres Havenweg "
	    "12, 4381 AB Vlissingen. Zij woont Burgemeester van der "
	    "Werfstraat 3-bis\n2513 GH Den Haag en hij aan de\nLange "
	    "Voorhout 102 A 2514EJ 's-Gravenhage. In Kerkstraat 1a, 1234 AB "
	    "Alphen aan den Rijn. Geen: Postbus 20905, 2500 EX Den Haag; "
	    "Antwoordnummer 123, 1000 VB Amsterdam; Bezoekadres: Rijnstraat 50, "
	    "2515 XP Den Haag; 4381 AB Vlissingen; Artikel 12, 2026 SA Zo; "
	    "Havenweg 12 in Vlissingen.\nNCTV Postbus 20301, 2500 EH Den Haag "
	    "Turfmarkt 147, 2511 DP Den Haag 070 751 5050.");
	assert_int_equal(f.n, 4);
	assert_string_equal(f.s[0], "Havenweg 12, 4381 AB Vlissingen");
	assert_string_equal(f.s[1], "Burgemeester van der Werfstraat 3-bis\n"
	    "2513 GH Den Haag");
	assert_string_equal(f.s[2], "Lange Voorhout 102 A 2514EJ 's-Gravenhage");
	assert_string_equal(f.s[3], "Kerkstraat 1a, 1234 AB Alphen aan den "
	    "Rijn");
}

/* Names where the structure says a person is named: the people of
 * header lines ("Surname, Given" too), the first words after a closing
 * greeting, the name after "de heer" or "mevrouw"; organisations,
 * functions, desks and a form of address without a name are none. */
static void
detect_structure_names(void **state)
{
	struct found f;

	(void)state;
	f = run(LAK_DETECT_NAME,
	    "Van: Ouahabi, Samira <s.ouahabi@minwr.example.nl>\n"
	    "Aan: Bakker-Smit, Annelies <a@k.nl>; Jan de Vries; 'P. Mol'\n"
	    "CC: Secretariaat DWV <secretariaat.dwv@minwr.example.nl>\n"
	    "Aan: De Voorzitter van de Tweede Kamer der Staten-Generaal, "
	    "Postbus 20018\n"
	    "Aan: De heer P. Jansen, Voorbeeldstraat 1, 1234 AB Voorbeeld\n"
	    "Van: Woo-team <woo@minwr.example.nl>\n"
	    "Onderwerp: Jan de Vries\n"
	    "\n"
	    "Geachte mevrouw Ouahabi, de heer Vermeulen tekende. Ook mevrouw de "
	    "minister, de heer P. en mevrouw J.M. van der Berg-Dekker. De Heer "
	    "zij dank.\n"
	    "\n"
	    "Met vriendelijke groet,\n"
	    "\n"
	    "Samira Ouahabi Beleidsmedewerker Directie Waterveiligheid\n"
	    "\n"
	    "Hoogachtend,\n"
	    "de minister van Infrastructuur en Waterstaat,\n");
	assert_int_equal(f.n, 10);
	/* header lines, then closings, then forms of address */
	assert_string_equal(f.s[0], "Ouahabi, Samira");
	assert_string_equal(f.s[1], "Bakker-Smit, Annelies");
	assert_string_equal(f.s[2], "Jan de Vries");
	assert_string_equal(f.s[3], "P. Mol");
	assert_string_equal(f.s[4], "P. Jansen");
	assert_string_equal(f.s[5], "Samira Ouahabi");
	/* (the header's "De heer P. Jansen" again, as a form of address) */
	assert_string_equal(f.s[6], "P. Jansen");
	assert_string_equal(f.s[7], "Ouahabi");
	assert_string_equal(f.s[8], "Vermeulen");
	assert_string_equal(f.s[9], "J.M. van der Berg-Dekker");
}

/* Every detector across the splits Dutch documents make: line breaks
 * ('\n' in the view), extra spaces, dots, dashes and " - ". */
static void
detect_across_layout(void **state)
{
	static const struct {
		enum lak_detector which;
		const char *text, *want;
	} cases[] = {
		{ LAK_DETECT_PHONE, "bel 06-1234\n5678 nu", "06-1234\n5678" },
		{ LAK_DETECT_PHONE, "bel 06 12 34 56 78 nu", "06 12 34 56 78" },
		{ LAK_DETECT_PHONE, "bel 06.12.34.56.78 nu", "06.12.34.56.78" },
		{ LAK_DETECT_PHONE, "bel 070 - 123 45 67 nu", "070 - 123 45 67" },
		{ LAK_DETECT_PHONE, "bel 070 -\n123 45 67 nu",
		  "070 -\n123 45 67" },
		{ LAK_DETECT_PHONE, "bel 06-1234-\n5678 nu", "06-1234-\n5678" },
		{ LAK_DETECT_PHONE, "bel +31 6\n1234 5678 nu",
		  "+31 6\n1234 5678" },
		{ LAK_DETECT_IBAN, "op NL91 ABNA\n0417 1643 00 graag",
		  "NL91 ABNA\n0417 1643 00" },
		{ LAK_DETECT_IBAN, "op NL91ABNA\n0417164300 graag",
		  "NL91ABNA\n0417164300" },
		{ LAK_DETECT_BSN, "BSN 111 222\n333 dank", "111 222\n333" },
		{ LAK_DETECT_BSN, "BSN 111.222.333 dank", "111.222.333" },
		{ LAK_DETECT_BSN, "BSN 1112\n22 333 dank", "1112\n22 333" },
		{ LAK_DETECT_EMAIL, "mail p.devries@\nexample.nl graag",
		  "p.devries@\nexample.nl" },
		{ LAK_DETECT_EMAIL, "mail woo-verzoeken-\nartikel4.1@minienw.nl "
		  "graag", "woo-verzoeken-\nartikel4.1@minienw.nl" },
		{ LAK_DETECT_EMAIL, "mail a@kustwacht.\nnl graag",
		  "a@kustwacht.\nnl" },
		/* a full stop at a line's end, a capital on the next: the
		 * sentence ends there, the next word is not the domain's */
		{ LAK_DETECT_EMAIL, "mail jan@example.nl.\nUw vraag",
		  "jan@example.nl" },
		{ LAK_DETECT_EMAIL, "mail jan@example.nl. Uw vraag",
		  "jan@example.nl" },
		{ LAK_DETECT_EMAIL, "mail jan@mail.example.\nnl.\nUw",
		  "jan@mail.example.\nnl" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct found f = run(cases[i].which, cases[i].text);

		if (f.n != 1 || strcmp(f.s[0], cases[i].want) != 0)
			fail_msg("case %zu: %zu found, first '%s'", i, f.n,
			    f.n ? f.s[0] : "");
	}
}

/* Text that made the e-mail pattern backtrack without bound (PCRE2's
 * match limit, -47, on the NCSC's Cybersecuritybeeld 2024): long runs of
 * hyphenated words, dotted names and digits without an '@'. */
static void
detect_cost_is_linear(void **state)
{
	char *t = malloc(200001);
	size_t n = 0;

	(void)state;
	assert_non_null(t);
	while (n + 64 < 200000) {
		memcpy(t + n, "ab-cd.ef-gh-ij.kl-mn-op-qr.st-uv-wx-", 36);
		n += 36;
		if (n % 3600 < 36)
			t[n++] = ' ';
	}
	t[n] = '\0';
	for (int w = 0; w < LAK_DETECT_COUNT; w++) {
		struct found f = run((enum lak_detector)w, t);

		assert_int_equal(f.n, 0);
	}
	free(t);
}

static void
detect_names(void **state)
{
	(void)state;
	assert_int_equal(lak_detector_find("email"), LAK_DETECT_EMAIL);
	assert_int_equal(lak_detector_find("e-mail"), LAK_DETECT_EMAIL);
	assert_int_equal(lak_detector_find("iban"), LAK_DETECT_IBAN);
	assert_int_equal(lak_detector_find("fax"), -1);
	assert_int_equal(lak_detector_find("kenteken"), LAK_DETECT_KENTEKEN);
	assert_int_equal(lak_detector_find("licence-plate"),
	    LAK_DETECT_KENTEKEN);
	assert_int_equal(lak_detector_find("geboortedatum"),
	    LAK_DETECT_BIRTHDATE);
	assert_string_equal(lak_detector_name(LAK_DETECT_BSN), "bsn");
}

static void
grounds_spellings_and_mapping(void **state)
{
	static const char *const same[] = { "5.1.2e", "5.1.2.e", "5.1.2 e",
	    "art. 5.1.2e", "Art. 5.1.2E", "artikel 5.1.2e" };
	long e, g;

	(void)state;
	e = lak_grounds_find(cat, "5.1.2e");
	assert_true(e >= 0);
	for (size_t i = 0; i < sizeof(same) / sizeof(*same); i++)
		assert_int_equal(lak_grounds_find(cat, same[i]), e);
	assert_string_equal(cat->g[lak_grounds_find(cat, "art. 11")].code,
	    "11.1");
	assert_string_equal(cat->g[lak_grounds_find(cat, "11")].code, "11.1");
	assert_string_equal(cat->g[lak_grounds_find(cat, "10.1b")].code,
	    "10.1b");
	assert_string_equal(cat->g[lak_grounds_find(cat, "5.2")].code,
	    "5.2.1");
	assert_int_equal(lak_grounds_find(cat, "9.9.9"), -1);
	assert_int_equal(lak_grounds_find(cat, "5..1"), -1);
	assert_int_equal(lak_grounds_find(cat, ""), -1);
	/* Wob -> Woo and back */
	g = lak_grounds_in(cat, lak_grounds_find(cat, "art. 11"),
	    LAK_REGIME_WOO);
	assert_string_equal(cat->g[g].code, "5.2.1");
	g = lak_grounds_in(cat, lak_grounds_find(cat, "10.1b"), LAK_REGIME_WOO);
	assert_string_equal(cat->g[g].code, "5.1.1b");
	g = lak_grounds_in(cat, e, LAK_REGIME_WOB);
	assert_string_equal(cat->g[g].code, "10.2e");
	assert_int_equal(lak_grounds_in(cat, lak_grounds_find(cat, "5.1.2i"),
	    LAK_REGIME_WOB), -1);
	/* every Woo ground of the issue is there */
	assert_true(lak_grounds_find(cat, "5.1.4") >= 0);
	assert_true(lak_grounds_find(cat, "5.1.5") >= 0);
	assert_true(lak_grounds_find(cat, "5.4") >= 0);
	assert_true(lak_grounds_find(cat, "10.7b") >= 0);
}

static void
grounds_parse_errors(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_grounds *bad_cat = NULL;
	const char *bad = "5.1.2e woo relative 10.2e privacy\n"
	    "10.2e wob relative\n";

	(void)state;
	assert_int_equal(lak_grounds_parse(bad, strlen(bad), "g.txt", &bad_cat,
	    &err), -1);
	assert_null(bad_cat);
	assert_contains(err.msg, "g.txt:2:");
	lak_error_clear(&err);
	bad = "5.1.2e woo relative 10.2x privacy\n";
	assert_int_equal(lak_grounds_parse(bad, strlen(bad), "g.txt", &bad_cat,
	    &err), -1);
	assert_contains(err.msg, "counterpart");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detect_bsn_eleven_test),
		cmocka_unit_test(detect_iban_mod97),
		cmocka_unit_test(detect_finds_in_text),
		cmocka_unit_test(detect_kentekens),
		cmocka_unit_test(detect_dates_of_birth),
		cmocka_unit_test(detect_addresses),
		cmocka_unit_test(detect_structure_names),
		cmocka_unit_test(detect_names),
		cmocka_unit_test(detect_across_layout),
		cmocka_unit_test(detect_cost_is_linear),
		cmocka_unit_test(grounds_spellings_and_mapping),
		cmocka_unit_test(grounds_parse_errors),
	};

	return cmocka_run_group_tests_name("detect", tests,
	    unit_setup_grounds, unit_teardown_grounds);
}
