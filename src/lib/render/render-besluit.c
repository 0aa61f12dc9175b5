/*
 * Render stage: the decision letter on a Woo (or Wob) request, as a letter
 * value for the kamerbrief templates and the letter PDF layout. Sections as
 * seen in published decisions: Uw verzoek, Verloop van de procedure,
 * Wettelijk kader, Inventarisatie documenten, Besluit, Overwegingen (one
 * part per ground used, ending "onleesbaar gemaakt onder vermelding van"),
 * Wijze van bekendmaking, Plaatsing op het internet, Bezwaarclausule.
 * A section of the source with the same heading replaces the standard text.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/date.h"
#include "lib/render/render.h"
#include "lib/render/source.h"
#include "lib/render/template.h"

static const char *
str(const struct lak_value *v, const char *key, const char *dflt)
{
	const struct lak_value *x = lak_value_get(v, key);

	return x != NULL && x->type == LAK_V_STRING ? x->str : dflt;
}

static int
add_block(struct lak_value *blocks, const char *flag, const char *text,
    int level)
{
	struct lak_value *b = lak_value_new(LAK_V_MAP);
	char *h = g_markup_escape_text(text, -1);
	int r = 0;

	if (b == NULL)
		r = -1;
	else {
		r |= lak_value_set(b, flag, lak_value_bool(true));
		r |= lak_value_set(b, "text", lak_value_string(text));
		r |= lak_value_set(b, "text_html", lak_value_string(h));
		r |= lak_value_set(b, "text_md", lak_value_string(text));
		if (level)
			r |= lak_value_set(b, "level", lak_value_number(level));
		r |= lak_value_append(blocks, b);
	}
	g_free(h);
	return r ? -1 : 0;
}

/* The blocks of 'own' from index 'from' to the next heading of level
 * 'stop' or higher (0: to the end), as paragraphs. */
static int
own_blocks(struct lak_value *blocks, const struct lak_value *own,
    size_t from, int stop)
{
	for (size_t i = from; own && i < own->n; i++) {
		const struct lak_value *b = own->items[i];
		const struct lak_value *lv = lak_value_get(b, "level");
		const char *t = str(b, "text", NULL);

		if (stop > 0 && lak_value_get(b, "is_heading") && lv &&
		    lv->num <= stop)
			break;
		if (t && add_block(blocks, "is_paragraph", t, 0) < 0)
			return -1;
	}
	return 0;
}

/* A bullet list of plain texts. */
static int
add_list(struct lak_value *blocks, GPtrArray *texts)
{
	struct lak_value *b = lak_value_new(LAK_V_MAP);
	struct lak_value *items = lak_value_new(LAK_V_LIST);
	int r = 0;

	if (b == NULL || items == NULL) {
		lak_value_free(b);
		lak_value_free(items);
		return -1;
	}
	for (guint i = 0; i < texts->len; i++) {
		struct lak_value *it = lak_value_new(LAK_V_MAP);
		const char *t = g_ptr_array_index(texts, i);
		char *h = g_markup_escape_text(t, -1);

		if (it == NULL)
			r = -1;
		else {
			r |= lak_value_set(it, "text", lak_value_string(t));
			r |= lak_value_set(it, "text_html", lak_value_string(h));
			r |= lak_value_set(it, "text_md", lak_value_string(t));
			r |= lak_value_set(it, "marker", lak_value_string("-"));
			r |= lak_value_append(items, it);
		}
		g_free(h);
	}
	r |= lak_value_set(b, "is_list", lak_value_bool(true));
	r |= lak_value_set(b, "ordered", lak_value_bool(false));
	r |= lak_value_set(b, "items", items);
	r |= lak_value_append(blocks, b);
	return r ? -1 : 0;
}

/* The documents of one kind the letter names: a sentence, then a list. */
static int
named_docs(struct lak_value *blocks, const struct lak_value *b,
    const char *key, const char *intro)
{
	const struct lak_value *docs = lak_value_get(b, key);
	GPtrArray *texts;
	int r;

	if (docs == NULL || docs->n == 0)
		return 0;
	texts = g_ptr_array_new_with_free_func(g_free);
	for (size_t i = 0; i < docs->n; i++) {
		const char *more = str(docs->items[i], "meer", "");

		g_ptr_array_add(texts, g_strdup_printf("%s %s%s%s%s",
		    str(docs->items[i], "id", ""), str(docs->items[i],
		    "omschrijving", ""), *more ? " (" : "", more,
		    *more ? ")" : ""));
	}
	r = add_block(blocks, "is_paragraph", intro, 0) < 0 ||
	    add_list(blocks, texts) < 0 ? -1 : 0;
	g_ptr_array_free(texts, TRUE);
	return r;
}

/* The day number of ISO date 'iso', or -1 when it is none. */
static long
day_of(const char *iso)
{
	int y, m, d;
	const char *end;

	return iso != NULL && lak_date_scan(iso, &y, &m, &d, &end) == 0 &&
	    lak_date_valid(y, m, d) ? lak_date_days(y, m, d) : -1;
}

/* An optional section: only when the source has it. */
static int
optional(struct lak_value *blocks, const struct lak_value *secs,
    const char *key, const char *heading)
{
	const struct lak_value *own = lak_value_get(secs, key);

	if (own == NULL || own->n == 0)
		return 0;
	if (add_block(blocks, "is_heading", heading, 1) < 0)
		return -1;
	return own_blocks(blocks, own, 0, 0);
}

/* The source's own text for a section, or the standard one. */
static int
section(struct lak_value *blocks, const struct lak_value *secs,
    const char *key, const char *heading, const char *standard)
{
	const struct lak_value *own = lak_value_get(secs, key);

	if (add_block(blocks, "is_heading", heading, 1) < 0)
		return -1;
	if (own != NULL && own->n > 0) {
		for (size_t i = 0; i < own->n; i++) {
			const char *t = str(own->items[i], "text", NULL);

			/* lists and headings keep their kind as paragraphs */
			if (t && add_block(blocks, "is_paragraph", t, 0) < 0)
				return -1;
		}
		return 0;
	}
	return standard ? add_block(blocks, "is_paragraph", standard, 0) : 0;
}

/* Does a ground of article 'art' ("5.1", "5.2") stand in the decision? */
static bool
article_used(const struct lak_value *gr, const char *art)
{
	size_t n = strlen(art);

	for (size_t i = 0; gr && i < gr->n; i++) {
		const char *c = str(gr->items[i], "code", "");

		if (strncmp(c, art, n) == 0 && c[n] == '.')
			return true;
	}
	return false;
}

/*
 * Bijlage 1: the articles of the law the decision rests on -- the Woo's
 * 1.1, 2.5, 4.1, and 5.1 or 5.2 when one of their grounds is used; the
 * Wob's 1, 3, and 10 or 11 likewise -- from the woo-artikelen.txt or
 * wob-artikelen.txt data file: "Artikel N", a paragraph a line, a blank
 * line between articles.
 */
static struct lak_value *
articles(const char *text, const struct lak_value *gr, bool wob)
{
	struct lak_value *blocks = lak_value_new(LAK_V_LIST);
	gchar **lines = g_strsplit(text, "\n", -1);
	bool on = false;
	int r = 0;

	if (blocks == NULL) {
		g_strfreev(lines);
		return NULL;
	}
	r |= add_block(blocks, "is_heading", wob ? "Bijlage 1 \xE2\x80\x93 "
	    "Relevante artikelen uit de Wob" : "Bijlage 1 \xE2\x80\x93 "
	    "Relevante artikelen uit de Woo", 1);
	for (size_t i = 0; lines[i]; i++) {
		const char *l = lines[i];

		if (*l == '#')
			continue;
		if (*l == '\0') {
			on = false;
			continue;
		}
		if (strncmp(l, "Artikel ", 8) == 0) {
			const char *art = l + 8;

			/* the grounds' articles only when used */
			bool grounds = wob ? strcmp(art, "10") == 0 ||
			    strcmp(art, "11") == 0 : strncmp(art, "5.", 2) == 0;

			on = !grounds || article_used(gr, art);
			if (on)
				r |= add_block(blocks, "is_heading", l, 2);
			continue;
		}
		if (on)
			r |= add_block(blocks, "is_paragraph", l, 0);
	}
	g_strfreev(lines);
	if (r != 0) {
		lak_value_free(blocks);
		return NULL;
	}
	return blocks;
}

struct lak_value *
lak_besluit_letter(const struct lak_value *b, bool published,
    struct lak_error *err)
{
	struct lak_value *l = lak_value_new(LAK_V_MAP);
	struct lak_value *blocks = lak_value_new(LAK_V_LIST);
	const struct lak_value *secs = lak_value_get(b, "sections");
	const struct lak_value *gr = lak_value_get(b, "gronden");
	bool wob = strcmp(str(b, "regime", "woo"), "wob") == 0;
	const char *wet = wob ? "Wet openbaarheid van bestuur (Wob)" :
	    "Wet open overheid (Woo)";
	const char *afk = wob ? "Wob" : "Woo";
	const char *besluit = str(b, "besluit", "");
	/* the bijlagen: the law's articles, then the inventory list */
	const char *arttext = str(b, "_artikelen", NULL);
	int nart = arttext ? 1 : 0, ninv = nart + 1;
	char *t = NULL;
	int r = 0;

	if (l == NULL || blocks == NULL)
		goto oom;
#define PARA(...) do { t = g_strdup_printf(__VA_ARGS__); \
	r |= add_block(blocks, "is_paragraph", t, 0); g_free(t); } while (0)
	PARA("Bij brief van %s heeft u met een beroep op de %s verzocht om "
	    "openbaarmaking van documenten over %s.", str(b, "ontvangen", ""),
	    wet, str(b, "onderwerp", ""));
	t = g_strdup_printf("Uw %s-verzoek", afk);
	r |= section(blocks, secs, "uw_verzoek", t, NULL);
	g_free(t);
	t = g_strdup_printf("Uw verzoek is ontvangen op %s en geregistreerd "
	    "onder dossiernummer %s.", str(b, "ontvangen", ""),
	    str(b, "dossier", ""));
	r |= section(blocks, secs, "verloop_van_de_procedure",
	    "Verloop van de procedure", t);
	g_free(t);
	/* the term: four weeks, and at most two more when extended
	 * (Woo art. 4.4); a later decision says so */
	{
		int weeks = (int)strtol(str(b, "verdaging", "0"), NULL, 10);
		long received = day_of(str(b, "ontvangen_iso", NULL));
		long decided = day_of(str(b, "besluitdatum_iso", NULL));
		long until = received + 28 + 7 * weeks;

		if (received >= 0 && decided > until) {
			int y, m, d;

			lak_date_from_days(until, &y, &m, &d);
			PARA("De wettelijke termijn om op uw verzoek te "
			    "beslissen%s liep af op %d %s %d. Ik heb later "
			    "beslist; mijn excuses daarvoor.", weeks > 0 ?
			    ", met de verdaging," : "", d, lak_months_nl[m - 1],
			    y);
		}
	}
	r |= optional(blocks, secs, "zienswijzen", "Zienswijzen");
	t = nart ? g_strdup_printf("Uw verzoek valt onder de %s. De "
	    "relevante artikelen uit de %s zijn opgenomen in bijlage %d bij "
	    "dit besluit.", wet, afk, nart) : g_strdup_printf("Uw verzoek "
	    "valt onder de %s.", wet);
	r |= section(blocks, secs, "wettelijk_kader", "Wettelijk kader", t);
	g_free(t);
	t = g_strdup_printf("Er zijn %s documenten aangetroffen die onder uw "
	    "verzoek vallen. Deze zijn opgenomen in de inventarislijst in "
	    "bijlage %d, die integraal onderdeel uitmaakt van dit besluit.",
	    str(b, "documenten", "een aantal"), ninv);
	r |= section(blocks, secs, "inventarisatie_documenten",
	    "Inventarisatie documenten", t);
	g_free(t);
	r |= named_docs(blocks, b, "niet_openbaar_docs", "De volgende "
	    "documenten maak ik niet openbaar, op de genoemde gronden:");
	r |= named_docs(blocks, b, "reeds_openbaar_docs", "De volgende "
	    "documenten zijn al openbaar; u vindt ze op de genoemde plaats:");
	r |= named_docs(blocks, b, "buiten_reikwijdte_docs", "De volgende "
	    "documenten vallen buiten de reikwijdte van uw verzoek:");
	t = g_strdup_printf("Ik heb besloten uw verzoek %s. De overwegingen "
	    "daarbij vindt u hieronder.",
	    strcmp(besluit, "openbaar") == 0 ? "toe te wijzen" :
	    strcmp(besluit, "deels openbaar") == 0 ? "gedeeltelijk toe te "
	    "wijzen" : strcmp(besluit, "geen documenten") == 0 ? "af te "
	    "wijzen, omdat er geen documenten zijn aangetroffen" :
	    "af te wijzen");
	r |= section(blocks, secs, "besluit", "Besluit", t);
	g_free(t);
	{
		const struct lak_value *ow = lak_value_get(secs,
		    "overwegingen");

		if ((gr != NULL && gr->n > 0) || (ow != NULL && ow->n > 0))
			r |= add_block(blocks, "is_heading", "Overwegingen",
			    1);
		/* the source's general considerations: before its first
		 * "## CODE" part */
		r |= own_blocks(blocks, ow, 0, 2);
		for (size_t i = 0; gr != NULL && i < gr->n; i++) {
			const struct lak_value *g = gr->items[i];
			const char *code = str(g, "code", "");
			const char *type = str(g, "type", "");
			const struct lak_value *m = lak_besluit_motivation(ow,
			    code);
			char *count = g_strdup_printf("Deze uitzonderingsgrond "
			    "is toegepast op %s passage%s in %s document%s; "
			    "de informatie is onleesbaar gemaakt onder "
			    "vermelding van: %s.", str(g, "passages", "0"),
			    strcmp(str(g, "passages", "0"), "1") ? "s" : "",
			    str(g, "documenten", "0"),
			    strcmp(str(g, "documenten", "0"), "1") ? "en" : "",
			    code);

			t = g_strdup_printf("%s %s", code, str(g, "label", ""));
			r |= add_block(blocks, "is_heading", t, 2);
			g_free(t);
			if (m != NULL) {
				/* the weighing the source gives */
				size_t at = 0;

				while (ow->items[at] != m)
					at++;
				r |= own_blocks(blocks, ow, at + 1, 2);
			} else if (strcmp(type, "absolute") == 0) {
				PARA("Dit is een absolute uitzonderingsgrond: "
				    "waar hij van toepassing is, blijft "
				    "openbaarmaking achterwege, zonder "
				    "afweging tegen het belang van "
				    "openbaarheid.");
			} else if (lak_ground_needs_motivation(type)) {
				/* --loose: visible, never a silent
				 * boilerplate weighing */
				PARA("[MOTIVERING ONTBREEKT: %s (Woo artikel "
				    "5.1, derde lid).]", strcmp(type,
				    "temporary") == 0 ? "tot wanneer de "
				    "openbaarmaking achterwege blijft en "
				    "waarom" : "de afweging van het belang "
				    "van openbaarheid tegen het belang dat "
				    "deze grond beschermt");
			} else if (strcmp(type, "own") == 0) {
				PARA("Persoonlijke beleidsopvattingen in "
				    "documenten opgesteld voor intern beraad "
				    "maak ik niet openbaar (artikel 5.2, eerste "
				    "lid). Feiten, prognoses, "
				    "beleidsalternatieven en andere onderdelen "
				    "met een overwegend objectief karakter zijn "
				    "wel openbaar gemaakt. Uit documenten "
				    "opgesteld voor formele bestuurlijke "
				    "besluitvorming zijn persoonlijke "
				    "beleidsopvattingen in niet tot personen "
				    "herleidbare vorm openbaar gemaakt, tenzij "
				    "het kunnen voeren van intern beraad "
				    "daardoor onevenredig zou worden geschaad "
				    "(artikel 5.2, derde lid).");
			} else {
				PARA("Ik heb het belang van openbaarheid "
				    "afgewogen tegen het belang dat deze "
				    "grond beschermt.");
			}
			r |= add_block(blocks, "is_paragraph", count, 0);
			g_free(count);
		}
	}
	r |= section(blocks, secs, "wijze_van_bekendmaking",
	    "Wijze van bekendmaking", "De documenten die openbaar worden "
	    "gemaakt, vindt u bij dit besluit.");
	r |= section(blocks, secs, "plaatsing_op_het_internet",
	    "Plaatsing op het internet", "Dit besluit, de inventarislijst en "
	    "de openbaar gemaakte documenten worden geplaatst op "
	    "open.overheid.nl. Uw persoonsgegevens worden daarbij "
	    "weggelaten.");
	r |= optional(blocks, secs, "contact", "Contact");
	t = g_strdup_printf("Als u het niet eens bent met dit besluit, kunt "
	    "u binnen zes weken na de dag waarop het is bekendgemaakt een "
	    "bezwaarschrift indienen (artikel 6:7 van de Algemene wet "
	    "bestuursrecht) bij %s%s%s%s. Het bezwaarschrift moet zijn "
	    "ondertekend en bevat ten minste uw naam en adres, de datum, een "
	    "omschrijving van het besluit waartegen het is gericht (vermeld "
	    "het kenmerk %s) en de gronden van het bezwaar (artikel 6:5 van "
	    "de Algemene wet bestuursrecht).",
	    strncmp(str(b, "ministerie", ""), "Ministerie", 10) == 0 ?
	    "het " : "", str(b, "ministerie", "het bestuursorgaan dat dit "
	    "besluit heeft genomen"), str(b, "postadres", NULL) ? ", " : "",
	    str(b, "postadres", ""), str(b, "ons_kenmerk", str(b, "dossier",
	    "van deze brief")));
	r |= section(blocks, secs, "bezwaarclausule", "Bezwaarclausule", t);
	g_free(t);
#undef PARA
	t = g_strdup_printf("Besluit op uw %s-verzoek over %s", afk,
	    str(b, "onderwerp", ""));
	r |= lak_value_set(l, "betreft", lak_value_string(t));
	g_free(t);
	/* the requester's name and address are personal data: the
	 * published letter shows the ground where they stand */
	t = published ? g_strdup_printf("Geachte [%s],", wob ? "10.2e" :
	    "5.1.2e") : g_strdup_printf("Geachte %s,", str(b, "verzoeker",
	    "heer/mevrouw"));
	r |= lak_value_set(l, "aanhef", lak_value_string(t));
	g_free(t);
	r |= lak_value_set(l, "slot", lak_value_string("Met vriendelijke "
	    "groet,"));
	{
		static const char *const copy[][2] = {
			{ "aan", "aan" }, { "ministerie", "ministerie" },
			{ "afdeling", "afdeling" }, { "postadres", "postadres" },
			{ "bezoekadres", "bezoekadres" }, { "website", "website" },
			{ "ondertekenaar", "ondertekenaar" },
			{ "functie", "functie" }, { "ons_kenmerk", "ons_kenmerk" },
			{ "uw_kenmerk", "uw_kenmerk" }, { "datum", "besluitdatum" },
		};

		for (size_t i = 0; i < LAK_ARRAY_SIZE(copy); i++) {
			const char *v = str(b, copy[i][1], NULL);

			if (v != NULL && !(published &&
			    strcmp(copy[i][0], "aan") == 0))
				r |= lak_value_set(l, copy[i][0],
				    lak_value_string(v));
		}
		if (published)
			r |= lak_value_set(l, "aan", lak_value_string(wob ?
			    "[10.2e]" : "[5.1.2e]"));
		else if (str(b, "aan", NULL) == NULL &&
		    str(b, "verzoeker", NULL))
			r |= lak_value_set(l, "aan", lak_value_string(
			    str(b, "verzoeker", NULL)));
		if (str(b, "ons_kenmerk", NULL) == NULL && str(b, "dossier",
		    NULL))
			r |= lak_value_set(l, "ons_kenmerk", lak_value_string(
			    str(b, "dossier", NULL)));
	}
	t = g_strdup_printf("%d", ninv);
	r |= lak_value_set(l, "bijlagen", lak_value_string(t));
	g_free(t);
	if (arttext != NULL) {
		struct lak_value *bij = lak_value_new(LAK_V_MAP);
		struct lak_value *ab = articles(arttext, gr, wob);

		if (bij == NULL || ab == NULL) {
			lak_value_free(bij);
			lak_value_free(ab);
			goto oom;
		}
		r |= lak_value_set(bij, "blocks", ab);
		r |= lak_value_set(l, "bijlage", bij);
	}
	r |= lak_value_set(l, "blocks", blocks);
	blocks = NULL;
	r |= lak_value_set(l, "footnotes", lak_value_new(LAK_V_LIST));
	if (r != 0)
		goto oom;
	return l;
oom:
	lak_value_free(l);
	lak_value_free(blocks);
	lak_error_oom(err);
	return NULL;
}
