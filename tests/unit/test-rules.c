/* Unit tests: rule files and the redaction engine (plan, text, CSV). */
#include "config.h"

#include "unit.h"

#include <unistd.h>

#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/model/grounds.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"


static struct lak_ruleset *
rules(const char *text)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ruleset *rs = NULL;

	if (lak_rules_parse(text, strlen(text), "t.rules", cat, &rs, &err) < 0)
		fail_msg("%s", err.msg);
	return rs;
}

/* The error a rule text gives. */
static const char *
rules_error(const char *text)
{
	static struct lak_error err;
	struct lak_ruleset *rs = NULL;

	lak_error_clear(&err);
	if (lak_rules_parse(text, strlen(text), "t.rules", cat, &rs, &err) ==
	    0) {
		lak_rules_free(rs);
		fail_msg("no error for: %s", text);
	}
	assert_null(rs);
	return err.msg;
}

static void
rules_core_syntax_parses(void **state)
{
	struct lak_ruleset *rs;
	const struct lak_rule *r;

	(void)state;
	rs = rules("# comment\n"
	    "regime woo                       # comment\n"
	    "label \"[{code}]\"\n"
	    "5.1.2e  detector email\n"
	    "5.1.2e  detector phone           # Dutch and international\n"
	    "5.1.1e  detector bsn\n"
	    "5.1.2e  detector iban\n"
	    "5.1.2e  term \"Annelies Bakker-Smit\"\n"
	    "5.1.1b  regex /SENTINEL-\\d+/ix\n"
	    "5.2.1   section \"Advies\"\n"
	    "allow   term \"Hanke Bruins Slot\"\n"
	    "art. 11 term \"x\"\n"
	    "5.1.2 e term \"y\"\n"
	    "5.1.2i  page 2-3\n"
	    "5.1.2i  document\n");
	assert_int_equal(lak_rules_count(rs), 12);
	assert_int_equal(lak_rules_regime(rs), LAK_REGIME_WOO);
	assert_string_equal(lak_rules_label(rs), "[{code}]");
	r = lak_rules_get(rs, 5);
	assert_int_equal(r->kind, LAK_RULE_REGEX);
	assert_string_equal(r->arg, "SENTINEL-\\d+");
	assert_string_equal(cat->g[r->ground].code, "5.1.1b");
	assert_int_equal(r->line, 9);
	r = lak_rules_get(rs, 7);
	assert_true(r->allow);
	/* art. 11 under regime woo is 5.2.1 */
	assert_string_equal(cat->g[lak_rules_get(rs, 8)->ground].code, "5.2.1");
	assert_string_equal(cat->g[lak_rules_get(rs, 9)->ground].code,
	    "5.1.2e");
	assert_int_equal(lak_rules_get(rs, 10)->page_from, 2);
	assert_int_equal(lak_rules_get(rs, 10)->page_to, 3);
	lak_rules_free(rs);

	/* regime wob: Woo codes map to Wob, the label defaults to art. */
	rs = rules("5.1.2e term \"z\"\nregime wob\n11 section \"Toelichting\"\n");
	assert_string_equal(cat->g[lak_rules_get(rs, 0)->ground].code, "10.2e");
	assert_string_equal(cat->g[lak_rules_get(rs, 1)->ground].code, "11.1");
	assert_string_equal(lak_rules_label(rs), "[art. {code}]");
	lak_rules_free(rs);
}

static void
rules_errors_name_position(void **state)
{
	(void)state;
	assert_contains(rules_error("5.1.2e term \"open\n"), "t.rules:1:13: "
	    "unterminated string");
	assert_contains(rules_error("\n9.9.9 term \"x\"\n"), "t.rules:2:1: "
	    "unknown ground '9.9.9'");
	assert_contains(rules_error("5.1.2e detector fax\n"), "t.rules:1:17: "
	    "unknown detector 'fax'");
	assert_contains(rules_error("5.1.2e regex /a(b/\n"), "t.rules:1:");
	assert_contains(rules_error("5.1.2e regex /a(b/\n"), "missing closing "
	    "parenthesis");
	assert_contains(rules_error("5.1.2e regex /a|/\n"), "empty string");
	assert_contains(rules_error("5.1.2e regex /x/q\n"), "unknown regex "
	    "flag 'q'");
	assert_contains(rules_error("5.1.2e term \"x\" extra\n"), "t.rules:1:"
	    "17: unexpected words");
	assert_contains(rules_error("5.1.2e smudge \"x\"\n"), "t.rules:1:8: "
	    "expected detector, term");
	assert_contains(rules_error("label \"[geheim]\"\n"), "{code}");
	assert_contains(rules_error("regime woo\nregime wob\n"), "t.rules:2:8: "
	    "regime wob conflicts with regime woo set at t.rules:1");
	assert_contains(rules_error("regime wob\n5.1.2i term \"x\"\n"),
	    "t.rules:2:1: ground 5.1.2i has no counterpart under regime wob");
	assert_contains(rules_error("5.1.2e term \"--\"\n"), "no letters");
	assert_contains(rules_error("5.1.2e page 0\n"), "t.rules:1:13:");
	assert_contains(rules_error("include /nonexistent/x.rules\n"),
	    "t.rules:1:9: cannot include");
	assert_contains(rules_error("5.1.2e terms /nonexistent/names.txt\n"),
	    "terms file");
	assert_contains(rules_error("allow detector email\n"),
	    "t.rules:1:16: allow detector takes functioneel-adres");
	assert_contains(rules_error("5.1.2e detector functioneel-adres\n"),
	    "use it as 'allow detector functioneel-adres'");
	assert_contains(rules_error("5.1.2e detector fax\n"),
	    "unknown detector 'fax' (expected email, phone, bsn, iban, "
	    "kenteken, geboortedatum, adres, functioneel-adres, naam)");
	assert_contains(rules_error("5.1.2e domain minienw.nl\n"),
	    "t.rules:1:8: domain is for allow rules");
	assert_contains(rules_error("allow domain mini_enw.nl\n"),
	    "t.rules:1:14: a domain is letters");
	assert_contains(rules_error("allow domain localhost\n"),
	    "t.rules:1:14: expected a domain");
	assert_contains(rules_error("allow section \"A\"\n"),
	    "allow takes term, terms, regex, detector or domain");
}

static void
rules_include_and_terms_file(void **state)
{
	char dir[] = "/tmp/lak-rules-XXXXXX", p[256];
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ruleset *rs = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/names.txt", dir);
	f = fopen(p, "w");
	fputs("# namen\nJan Jansen\n\nPiet de Vries\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/common.rules", dir);
	f = fopen(p, "w");
	fputs("5.1.2e terms names.txt\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/main.rules", dir);
	f = fopen(p, "w");
	fputs("include common.rules\n5.1.2e detector email\n", f);
	fclose(f);
	{
		const char *paths[] = { p };

		if (lak_rules_load(paths, 1, cat, &rs, &err) < 0)
			fail_msg("%s", err.msg);
	}
	assert_int_equal(lak_rules_count(rs), 2);
	assert_int_equal(lak_rules_get(rs, 0)->nterms, 2);
	assert_contains(lak_rules_get(rs, 0)->file, "common.rules");
	lak_rules_free(rs);
	/* a cycle */
	snprintf(p, sizeof(p), "%s/common.rules", dir);
	f = fopen(p, "w");
	fputs("include main.rules\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/main.rules", dir);
	{
		const char *paths[] = { p };

		assert_int_equal(lak_rules_load(paths, 1, cat, &rs, &err), -1);
		assert_contains(err.msg, "included again");
	}
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

/* --- the engine ------------------------------------------------------------ */

struct fx {
	struct lak_doc *doc;
	struct lak_view *view;
	struct lak_ruleset *rs;
	struct lak_plan *plan;
	char *text;
};

/* Which document run() redacts, for scoped rules. */
static const char *fx_id, *fx_file = "stukken/d.txt";

static void
run(struct fx *f, const char *doc, const char *rule_text)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_redact_opts ro = { true, false, fx_id, fx_file };
	struct lak_buf b;

	memset(f, 0, sizeof(*f));
	f->rs = rules(rule_text);
	if (lak_ingest_bytes("d.txt", doc, strlen(doc), &opts, &f->doc,
	    &err) < 0 || lak_normalise(f->doc, 0, &f->view, &err) < 0 ||
	    lak_redact_plan(f->doc, f->view, f->rs, &ro, &f->plan, &err) < 0)
		fail_msg("%s", err.msg);
	lak_buf_init(&b, 0);
	if (!lak_plan_withholds_document(f->plan)) {
		if (lak_redact_text(f->plan, f->view, cat,
		    lak_rules_label(f->rs), &b, &err) < 0)
			fail_msg("%s", err.msg);
		f->text = lak_buf_take(&b, NULL);
	}
	lak_buf_release(&b);
}

static void
done(struct fx *f)
{
	free(f->text);
	lak_plan_free(f->plan);
	lak_rules_free(f->rs);
	lak_view_free(f->view);
	lak_doc_free(f->doc);
}

static void
redact_terms_fold_and_cross_lines(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "Volgens ANNELIES Bákker-Smit en annelies\n"
	    "bakker-smit is het goed; Annelies Bakker-\n"
	    "Smit ook. Maar Annelies Bakkerstraat niet, de Bakker-Smitjes ook "
	    "niet.\nBakker-\nSmit alleen wel.\n",
	    "5.1.2e term \"Annelies Bakker-Smit\"\n5.1.2e term \"bakker-smit\"\n");
	assert_string_equal(f.text, "Volgens [5.1.2e] en [5.1.2e] is het goed; "
	    "[5.1.2e] ook. Maar Annelies Bakkerstraat niet, de Bakker-Smitjes "
	    "ook niet. [5.1.2e] alleen wel.");
	done(&f);

	/* ligatures and a soft hyphen in the source */
	run(&f, "De o\xEF\xAC\x83" "ciële ﬁnanciën van Zach\xC2\xADtleven.\n",
	    "5.1.2e term \"officiele financien\"\n5.1.2e term \"zachtleven\"\n");
	assert_string_equal(f.text, "De [5.1.2e] van [5.1.2e].");
	done(&f);
}

static void
redact_emails_split_across_lines(void **state)
{
	struct fx f;

	(void)state;
	/* split after a dot, after '@' and at a hyphen, at line ends; a real
	 * space after a dot is not part of an address */
	run(&f, "Mail naar jan.jansen@ministerie-van-waterbeheer.\n"
	    "example.nl of naar a.bakker@\nkustwacht.nl of woo-verzoeken-\n"
	    "artikel4.1@minienw.nl, niet x@y. Geen adres.\n",
	    "5.1.2e detector email\n");
	assert_string_equal(f.text, "Mail naar [5.1.2e] of naar [5.1.2e] of "
	    "[5.1.2e], niet x@y. Geen adres.");
	done(&f);
}

static void
redact_merge_grounds_in_catalogue_order(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "Mijn advies: Jan Jansen 06-12345678 moet weg.\n",
	    "5.2.1 regex /advies: .*weg/\n5.1.2e term \"Jan Jansen\"\n"
	    "5.1.2e detector phone\n");
	assert_string_equal(f.text, "Mijn [5.1.2e, 5.2.1].");
	assert_int_equal(f.plan->n, 1);
	assert_int_equal(f.plan->spans[0].ngrounds, 2);
	assert_contains(f.plan->spans[0].rules, "t.rules:1");
	assert_contains(f.plan->spans[0].rules, "t.rules:2");
	done(&f);

	/* adjacent words merge into one span */
	run(&f, "Jan Jansen Pietersen komt.\n",
	    "5.1.2e term \"Jan Jansen\"\n5.1.2e term \"Pietersen\"\n");
	assert_string_equal(f.text, "[5.1.2e] komt.");
	done(&f);
}

static void
redact_allow_wins(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "Minister Hanke Bruins Slot en ambtenaar Piet Slot spraken.\n",
	    "5.1.2e regex /[A-Z]\\w+ (?:Bruins )?Slot/\n"
	    "allow term \"Hanke Bruins Slot\"\n");
	assert_string_equal(f.text, "Minister Hanke Bruins Slot en ambtenaar "
	    "[5.1.2e] spraken.");
	done(&f);
}

static void
redact_repeats_regex_matches(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "Contactpersoon: Karel Appel. Later belde Karel Appel terug; "
	    "karel appel is bekend.\n",
	    "5.1.2e regex /(?<=Contactpersoon: )\\w+ \\w+/\n");
	assert_string_equal(f.text, "Contactpersoon: [5.1.2e]. Later belde "
	    "[5.1.2e] terug; [5.1.2e] is bekend.");
	done(&f);
}

static void
redact_sections_by_level(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "# Nota\n\n## Kern\n\nDe kern blijft.\n\n## Advies\n\n"
	    "Ik vind dit slecht.\n\nEn dit ook.\n\n## Communicatie\n\n"
	    "Geen.\n",
	    "5.2.1 section \"advies\"\n");
	assert_contains(f.text, "De kern blijft.");
	assert_contains(f.text, "Advies\n\n[5.2.1]\n\n[5.2.1]\n\n");
	assert_contains(f.text, "Communicatie\n\nGeen.");
	assert_null(strstr(f.text, "slecht"));
	done(&f);
}

static void
redact_pages_documents_and_wob_labels(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "een\fgeheim twee\fdrie\n", "5.1.2i page 2\n");
	assert_string_equal(f.text, "een\f[5.1.2i] (pagina 2 geweigerd)\fdrie");
	done(&f);
	run(&f, "alles\n", "5.1.2i document\n");
	assert_null(f.text);
	assert_true(lak_plan_withholds_document(f.plan));
	done(&f);
	run(&f, "Geheim SENTINEL-42 en de toelichting.\n",
	    "regime wob\nlabel \"art. {code}\"\n10.1b regex /SENTINEL-\\d+/\n");
	assert_string_equal(f.text, "Geheim art. 10.1b en de toelichting.");
	done(&f);
}

static void
redact_plan_csv_round_trip(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_plan *back = NULL;
	struct lak_buf csv, txt;
	struct fx f;
	char *p;

	(void)state;
	run(&f, "Jan Jansen en Piet Pietersen; BSN 111222333.\n",
	    "5.1.2e term \"Jan Jansen\"\n5.1.2e term \"Piet Pietersen\"\n"
	    "5.1.1e detector bsn\n");
	lak_buf_init(&csv, 0);
	assert_int_equal(lak_plan_write_csv(f.plan, f.doc, f.view, cat, &csv,
	    &err), 0);
	assert_contains(csv.data, "id,document,sha256,kind,where,page,start,"
	    "end,boxes,grounds,rules,decision,context\r\n");
	/* the context never shows a secret */
	assert_null(strstr(csv.data, "111222333"));
	assert_null(strstr(csv.data, "Pietersen,"));
	assert_contains(csv.data, "\xE2\x96\x88");
	/* a reviewer keeps Piet Pietersen and changes the BSN's ground */
	p = strstr(csv.data, "t.rules:2,redact");
	assert_non_null(p);
	memcpy(p + strlen("t.rules:2,"), "keep  ", 6);
	p = strstr(csv.data, "5.1.1e,");
	memcpy(p, "5.1.1d,", 7);
	if (lak_plan_read_csv(csv.data, csv.len, "plan.csv", f.doc, f.view,
	    cat, &back, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(back->n, 3);
	lak_buf_init(&txt, 0);
	assert_int_equal(lak_redact_text(back, f.view, cat, "[{code}]", &txt,
	    &err), 0);
	assert_string_equal(txt.data, "[5.1.2e] en Piet Pietersen; BSN "
	    "[5.1.1d].");
	lak_buf_release(&txt);
	lak_plan_free(back);
	/* errors name the row */
	p = strstr(csv.data, "5.1.1d,");
	memcpy(p, "9.9.9z,", 7);
	assert_int_equal(lak_plan_read_csv(csv.data, csv.len, "plan.csv",
	    f.doc, f.view, cat, &back, &err), -1);
	assert_contains(err.msg, "plan.csv:row 4: grounds: unknown ground");
	/* and every bad row at once */
	p = strstr(csv.data, "keep  ");
	memcpy(p, "maybe ", 6);
	lak_error_clear(&err);
	assert_int_equal(lak_plan_read_csv(csv.data, csv.len, "plan.csv",
	    f.doc, f.view, cat, &back, &err), -1);
	assert_contains(err.msg, "plan.csv:row 3: decision: expected redact "
	    "or keep, got 'maybe'\nplan.csv:row 4: grounds: unknown ground");
	assert_int_equal(err.n, 2);
	lak_buf_release(&csv);
	done(&f);
}

static void
redact_fails_closed_on_unreviewed_pages(void **state)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_redact_opts ro = { true, false };
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_plan *plan = NULL;
	struct lak_ruleset *rs = rules("5.1.2e detector email\n");

	(void)state;
	/* U+E000 (private use) makes the page unreliable */
	assert_int_equal(lak_ingest_bytes("u.txt", "abc \xEE\x80\x80\n", 8,
	    &opts, &doc, &err), 0);
	assert_int_equal(lak_normalise(doc, 0, &v, &err), 0);
	assert_int_equal(lak_redact_plan(doc, v, rs, &ro, &plan, &err), -1);
	assert_int_equal(err.code, LAK_EUNSUPPORTED);
	assert_contains(err.msg, "page 1");
	ro.fail_unreviewed = false;
	lak_error_clear(&err);
	assert_int_equal(lak_redact_plan(doc, v, rs, &ro, &plan, &err), 0);
	lak_plan_free(plan);
	lak_view_free(v);
	lak_doc_free(doc);
	lak_rules_free(rs);
}

/* Every mistake of a rule file in one run, each with its line and
 * column, counted; a line after a mistake is still read. */
static void
rules_every_error_at_once(void **state)
{
	static struct lak_error err;
	struct lak_ruleset *rs = NULL;
	const char *text = "5.1.2e term \"a\"\nfoo bar\n5.1.2e regex /(/\n"
	    "9.9.9 term \"x\"\n5.1.2e term \"ok\"\n";

	(void)state;
	lak_error_clear(&err);
	assert_int_equal(lak_rules_parse(text, strlen(text), "t.rules", cat,
	    &rs, &err), -1);
	assert_null(rs);
	assert_int_equal(err.n, 3);
	assert_non_null(strstr(err.msg, "t.rules:2:1: unknown ground 'foo'"));
	assert_non_null(strstr(err.msg, "\nt.rules:3:16: bad regex"));
	assert_non_null(strstr(err.msg, "\nt.rules:4:1: unknown ground "
	    "'9.9.9'"));
}

/* Words side by side under other grounds keep their own labels; the
 * same ground merges; the same words under 5.1.5 and another ground are
 * refused (Woo art. 5.1(5)). */
static void
redact_grounds_side_by_side(void **state)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_redact_opts ro = { true, false };
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_plan *plan = NULL;
	struct lak_ruleset *rs;
	struct fx f;
	const char *text = "Gesprek met Jan Jansen vertrouwelijk advies.\n";

	(void)state;
	run(&f, text, "5.1.2e term \"Jan Jansen\"\n"
	    "5.2.1 term \"vertrouwelijk advies\"\n");
	assert_string_equal(f.text, "Gesprek met [5.1.2e] [5.2.1].");
	done(&f);
	run(&f, text, "5.1.2e term \"Jan Jansen\"\n"
	    "5.1.2e term \"vertrouwelijk\"\n");
	assert_string_equal(f.text, "Gesprek met [5.1.2e] advies.");
	done(&f);
	/* the same words under two grounds: one span with both */
	run(&f, text, "5.1.2e term \"Jan Jansen\"\n5.1.2i term \"Jansen\"\n");
	assert_string_equal(f.text, "Gesprek met [5.1.2e, 5.1.2i] "
	    "vertrouwelijk advies.");
	done(&f);
	/* 5.1.5 with another ground on the same words */
	rs = rules("5.1.5 term \"Jan Jansen\"\n5.1.2e term \"Jansen\"\n");
	assert_int_equal(lak_ingest_bytes("d.txt", text, strlen(text), &opts,
	    &doc, &err), 0);
	assert_int_equal(lak_normalise(doc, 0, &v, &err), 0);
	assert_int_equal(lak_redact_plan(doc, v, rs, &ro, &plan, &err), -1);
	assert_int_equal(err.code, LAK_EFORMAT);
	assert_contains(err.msg, "under 5.1.5 and 5.1.2e");
	assert_contains(err.msg, "Woo art. 5.1(5)");
	lak_view_free(v);
	lak_doc_free(doc);
	lak_rules_free(rs);
}

/* Initials and titles before a redacted name go with it, and initials
 * after a comma and degrees after it; "De heer", other capitals and
 * other words stay. */
static void
redact_initials_with_the_name(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "Met P. Jansen, J.M. de Vries en J. M. Bakker; bijlage B. De "
	    "heer Jansen en mr. A.\nBakker.",
	    "5.1.2e term \"Jansen\"\n5.1.2e term \"de Vries\"\n"
	    "5.1.2e term \"Bakker\"\n");
	assert_string_equal(f.text, "Met [5.1.2e], [5.1.2e] en [5.1.2e]; "
	    "bijlage B. De heer [5.1.2e] en [5.1.2e].");
	done(&f);
	run(&f, "De heer P. (Pieter) Jansen.\n", "5.1.2e term \"Pieter\"\n"
	    "5.1.2e term \"Jansen\"\n");
	assert_string_equal(f.text, "De heer [5.1.2e]) [5.1.2e].");
	done(&f);
	run(&f, "Lijst: Jansen, P.J.; prof. dr. Bakker MSc, mr. drs. Mol MA. "
	    "Jansen, Tweede Kamer. Bakker MSc-opleiding. Mol Pieter, ir.\n",
	    "5.1.2e term \"Jansen\"\n5.1.2e term \"Bakker\"\n"
	    "5.1.2e term \"Mol\"\n");
	assert_string_equal(f.text, "Lijst: [5.1.2e]; [5.1.2e], [5.1.2e]. "
	    "[5.1.2e], Tweede Kamer. [5.1.2e] MSc-opleiding. [5.1.2e] "
	    "Pieter, ir.");
	done(&f);
}

/* What stays readable: a desk's mailbox under the default rules, and an
 * organisation's domain after the person's part is redacted. */
static void
redact_functional_and_domain(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "Mail woo-verzoeken-\nartikel4.1@minienw.nl, info@rws.nl, "
	    "j.jansen@minienw.nl of p.bakker@example.nl.\n",
	    "5.1.2e detector email\nallow detector functioneel-adres\n"
	    "allow domain minienw.nl\n");
	assert_string_equal(f.text, "Mail woo-verzoeken-artikel4.1@minienw.nl, "
	    "info@rws.nl, [5.1.2e]@minienw.nl of [5.1.2e].");
	done(&f);
}

/* Rules scoped to documents: a block and one line, by inventory ID and
 * by file name (shell patterns); the rules outside apply everywhere. */
static void
redact_scoped_rules(void **state)
{
	static const char *const r =
	    "5.1.2e term \"Jansen\"\n"
	    "in 0003 \"*.eml\" {\n"
	    "  5.1.2e term \"Bakker\"\n"
	    "  allow term \"Jansen\"\n"
	    "}\n"
	    "in 0004-* { 5.1.2i term \"advies\" }\n"
	    "in 0005 { 5.1.2f document }\n";
	const char *doc = "Jansen en Bakker over het advies.\n";
	struct fx f;
	struct lak_ruleset *rs;

	(void)state;
	fx_id = "0003";
	run(&f, doc, r);
	assert_string_equal(f.text, "Jansen en [5.1.2e] over het advies.");
	done(&f);
	fx_id = "0004-2";
	run(&f, doc, r);
	assert_string_equal(f.text, "[5.1.2e] en Bakker over het [5.1.2i].");
	done(&f);
	fx_id = NULL;
	fx_file = "mail/bericht.eml";
	run(&f, doc, r);
	assert_string_equal(f.text, "Jansen en [5.1.2e] over het advies.");
	done(&f);
	fx_file = "stukken/d.txt";
	run(&f, doc, r);
	assert_string_equal(f.text, "[5.1.2e] en Bakker over het advies.");
	done(&f);
	fx_id = "0005";
	run(&f, doc, r);
	assert_true(lak_plan_withholds_document(f.plan));
	done(&f);
	fx_id = NULL;
	rs = rules(r);
	assert_int_equal(lak_rules_nscopes(rs), 3);
	assert_int_equal(lak_rules_scope(rs, 0)->npat, 2);
	assert_int_equal(lak_rules_scope(rs, 0)->line, 2);
	assert_true(lak_rule_scope_matches(lak_rules_scope(rs, 1), "0004-10",
	    NULL));
	assert_false(lak_rule_scope_matches(lak_rules_scope(rs, 1), "0004",
	    NULL));
	lak_rules_free(rs);
	/* mistakes, with file:line:col */
	assert_contains(rules_error("in 0003 {\n5.1.2e term \"X\"\n"),
	    "t.rules:1:1: the block opened here is not closed");
	assert_contains(rules_error("}\n"), "t.rules:1:1: '}' without");
	assert_contains(rules_error("in 0003 {\nin 0004 {\n}\n"),
	    "t.rules:2:1: 'in' inside the block opened at t.rules:1");
	assert_contains(rules_error("in {\n}\n"), "t.rules:1:4: expected in");
	assert_contains(rules_error("in 0003\n"), "t.rules:1:4: expected in");
	assert_contains(rules_error("in 0003 { 5.1.2e term \"X\"\n"),
	    "t.rules:1:23: a rule after '{' on the same line ends with '}'");
	assert_contains(rules_error("in 0003 { }\n"),
	    "t.rules:1:9: expected a rule between");
	assert_contains(rules_error("in 0003 { 5.1.2e term }\n"),
	    "t.rules:1:");
}

/* The people of a family: pushed terms match under their ground (mapped
 * to the regime) beside the file's rules, the allow list still wins, and
 * after the pop the ruleset is as before. */
static void
rules_push_and_pop_family_terms(void **state)
{
	const char *doc = "Van Pieter de Vries aan J. Bakker, cc Kees Mol.\n";
	const char *people[] = { "Pieter de Vries", "p.devries@example.nl",
	    "Kees Mol", "---" };
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_redact_opts ro = { true, false };
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ruleset *rs;
	struct lak_doc *d = NULL;
	struct lak_view *v = NULL;
	struct lak_plan *plan = NULL;
	struct lak_buf b;
	size_t nrules, nterms;

	(void)state;
	rs = rules("5.1.2e term \"Bakker\"\nallow term \"Kees Mol\"\n");
	nrules = lak_rules_count(rs);
	nterms = lak_rules_nterms(rs);
	assert_int_equal(lak_ingest_bytes("d.txt", doc, strlen(doc), &opts,
	    &d, &err), 0);
	assert_int_equal(lak_normalise(d, 0, &v, &err), 0);
	assert_int_equal(lak_rules_push_terms(rs, "5.1.2e", "e-mail headers",
	    people, 4, &err), 0);
	assert_int_equal(lak_rules_count(rs), nrules + 1);
	assert_int_equal(lak_redact_plan(d, v, rs, &ro, &plan, &err), 0);
	lak_buf_init(&b, 0);
	assert_int_equal(lak_redact_text(plan, v, cat, "[{code}]", &b, &err),
	    0);
	assert_string_equal(b.data, "Van [5.1.2e] aan [5.1.2e], cc Kees Mol.");
	lak_buf_release(&b);
	lak_plan_free(plan);
	lak_rules_pop_terms(rs);
	assert_int_equal(lak_rules_count(rs), nrules);
	assert_int_equal(lak_rules_nterms(rs), nterms);
	assert_int_equal(lak_redact_plan(d, v, rs, &ro, &plan, &err), 0);
	lak_buf_init(&b, 0);
	assert_int_equal(lak_redact_text(plan, v, cat, "[{code}]", &b, &err),
	    0);
	assert_string_equal(b.data, "Van Pieter de Vries aan [5.1.2e], cc "
	    "Kees Mol.");
	lak_buf_release(&b);
	lak_plan_free(plan);
	/* a ground the catalogue does not have: an error, nothing pushed */
	assert_int_equal(lak_rules_push_terms(rs, "9.9.9", "x", people, 1,
	    &err), -1);
	assert_int_equal(lak_rules_count(rs), nrules);
	lak_error_clear(&err);
	lak_view_free(v);
	lak_doc_free(d);
	lak_rules_free(rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules_core_syntax_parses),
		cmocka_unit_test(rules_errors_name_position),
		cmocka_unit_test(rules_include_and_terms_file),
		cmocka_unit_test(redact_terms_fold_and_cross_lines),
		cmocka_unit_test(redact_emails_split_across_lines),
		cmocka_unit_test(redact_merge_grounds_in_catalogue_order),
		cmocka_unit_test(redact_allow_wins),
		cmocka_unit_test(redact_repeats_regex_matches),
		cmocka_unit_test(redact_sections_by_level),
		cmocka_unit_test(redact_pages_documents_and_wob_labels),
		cmocka_unit_test(redact_plan_csv_round_trip),
		cmocka_unit_test(redact_fails_closed_on_unreviewed_pages),
		cmocka_unit_test(rules_every_error_at_once),
		cmocka_unit_test(redact_grounds_side_by_side),
		cmocka_unit_test(redact_initials_with_the_name),
		cmocka_unit_test(redact_functional_and_domain),
		cmocka_unit_test(redact_scoped_rules),
		cmocka_unit_test(rules_push_and_pop_family_terms),
	};

	return cmocka_run_group_tests_name("rules", tests, unit_setup_grounds,
	    unit_teardown_grounds);
}
