/*
 * Render stage, editable output: the source value as an OpenDocument text
 * (.odt) or an Office Open XML document (.docx), written directly (ZIP and
 * XML), for the officer who finishes a letter in a word processor. Real
 * styles (Title, Heading 1 and 2, Text body, list styles), lists as lists,
 * footnotes as footnotes, the letterhead as a two-column table (addressee,
 * date and subject on the left, the sender column on the right), and
 * "Pagina N van M" as page-number fields in the footer. The text and its
 * order are those of the PDF (render-pdf.c).
 *
 * The value is first laid out as paragraphs of runs (struct doc), then
 * written by one of two writers.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/zip.h"
#include "lib/render/render.h"
#include "lib/render/template.h"

/* --- the document: paragraphs of runs ---------------------------------- */

enum pk {
	PK_TITLE, PK_H1, PK_H2, PK_BODY, PK_BULLET, PK_NUMBER, PK_SMALL,
};

struct run {
	char *text;		/* plain UTF-8 */
	bool bold, italic;
	int note;		/* > 0: a footnote reference, notes[note-1] */
};

struct para {
	enum pk k;
	bool page_before;	/* starts a page (a bijlage) */
	int list;		/* lists: which one (numbering restarts) */
	struct run *r;
	size_t nr, ra;
};

struct plist {
	struct para *p;
	size_t n, a;
};

struct doc {
	struct plist body, left, right;	/* left, right: the letterhead */
	struct plist notes;		/* footnote texts, in number order */
	char **note_ids;		/* their numbers as the source wrote */
	int lists;
	bool oom;
};

static const char *
str(const struct lak_value *v, const char *key)
{
	const struct lak_value *x = lak_value_get(v, key);

	return x != NULL && x->type == LAK_V_STRING ? x->str : NULL;
}

static struct para *
para(struct doc *d, struct plist *l, enum pk k)
{
	if (lak_array_grow((void **)&l->p, &l->a, l->n, sizeof(*l->p)) < 0) {
		d->oom = true;
		return NULL;
	}
	memset(&l->p[l->n], 0, sizeof(l->p[0]));
	l->p[l->n].k = k;
	return &l->p[l->n++];
}

static void
run(struct doc *d, struct para *p, const char *text, size_t len, bool bold,
    bool italic, int note)
{
	if (p == NULL || (len == 0 && note == 0))
		return;
	if (lak_array_grow((void **)&p->r, &p->ra, p->nr, sizeof(*p->r)) < 0) {
		d->oom = true;
		return;
	}
	p->r[p->nr].text = g_strndup(text, len);
	p->r[p->nr].bold = bold;
	p->r[p->nr].italic = italic;
	p->r[p->nr].note = note;
	p->nr++;
}

/* A plain text as a paragraph (lines in it stay lines: runs with "\n"). */
static struct para *
plain(struct doc *d, struct plist *l, enum pk k, const char *text, bool bold)
{
	struct para *p = para(d, l, k);

	run(d, p, text ? text : "", strlen(text ? text : ""), bold, false, 0);
	return p;
}

static int
note_index(const struct doc *d, const char *id)
{
	for (size_t i = 0; i < d->notes.n; i++)
		if (strcmp(d->note_ids[i], id) == 0)
			return (int)i + 1;
	return 0;
}

/* The runs of a source's text_html: <em>, footnote references, the five
 * escapes (source.c writes nothing else). */
static void
inline_runs(struct doc *d, struct para *p, const char *html, bool bold)
{
	GString *t = g_string_new(NULL);
	bool em = false;

	for (const char *s = html ? html : ""; *s;) {
		if (strncmp(s, "<em>", 4) == 0 || strncmp(s, "</em>", 5) == 0) {
			run(d, p, t->str, t->len, bold, em, 0);
			g_string_truncate(t, 0);
			em = s[1] != '/';
			s += em ? 4 : 5;
		} else if (strncmp(s, "<sup>", 5) == 0) {
			const char *gt = strstr(s, "\">"), *e = strstr(s,
			    "</sup>"), *lt = gt ? strstr(gt, "</a>") : NULL;
			char *id = gt && lt ? g_strndup(gt + 2,
			    (size_t)(lt - gt - 2)) : NULL;

			run(d, p, t->str, t->len, bold, em, 0);
			g_string_truncate(t, 0);
			if (id != NULL)
				run(d, p, id, strlen(id), false, false,
				    note_index(d, id));
			g_free(id);
			s = e ? e + 6 : s + 5;
		} else if (*s == '&') {
			static const struct { const char *e, *c; } ents[] = {
				{ "&amp;", "&" }, { "&lt;", "<" },
				{ "&gt;", ">" }, { "&quot;", "\"" },
				{ "&#39;", "'" },
			};
			size_t k;

			for (k = 0; k < LAK_ARRAY_SIZE(ents); k++)
				if (strncmp(s, ents[k].e, strlen(ents[k].e)) ==
				    0)
					break;
			if (k < LAK_ARRAY_SIZE(ents)) {
				g_string_append(t, ents[k].c);
				s += strlen(ents[k].e);
			} else {
				g_string_append_c(t, *s++);
			}
		} else {
			g_string_append_c(t, *s++);
		}
	}
	run(d, p, t->str, t->len, bold, em, 0);
	g_string_free(t, TRUE);
}

static void
blocks(struct doc *d, const struct lak_value *b)
{
	for (size_t i = 0; b && i < b->n; i++) {
		const struct lak_value *x = b->items[i];

		if (lak_value_get(x, "is_list")) {
			const struct lak_value *items = lak_value_get(x,
			    "items");
			const struct lak_value *o = lak_value_get(x, "ordered");
			int list = ++d->lists;

			for (size_t k = 0; items && k < items->n; k++) {
				struct para *p = para(d, &d->body, o && o->b ?
				    PK_NUMBER : PK_BULLET);

				if (p != NULL)
					p->list = list;
				inline_runs(d, p, str(items->items[k],
				    "text_html"), false);
			}
		} else if (lak_value_get(x, "is_heading")) {
			const struct lak_value *lv = lak_value_get(x, "level");

			inline_runs(d, para(d, &d->body, lv && lv->num > 1 ?
			    PK_H2 : PK_H1), str(x, "text_html"), false);
		} else {
			inline_runs(d, para(d, &d->body, PK_BODY), str(x,
			    "text_html"), false);
		}
	}
}

/* The footnotes first, so that references find their number. */
static void
footnotes(struct doc *d, const struct lak_value *notes)
{
	for (size_t i = 0; notes && i < notes->n; i++) {
		const char *id = str(notes->items[i], "n");

		d->note_ids = g_renew(char *, d->note_ids, d->notes.n + 1);
		d->note_ids[d->notes.n] = g_strdup(id ? id : "");
		inline_runs(d, para(d, &d->notes, PK_SMALL),
		    str(notes->items[i], "text_html"), false);
	}
}

static void
letter(struct doc *d, const struct lak_value *v)
{
	static const struct { const char *key, *label; } col[] = {
		{ "bezoekadres", "Bezoekadres" }, { "postadres", "Postadres" },
		{ "website", NULL }, { "ons_kenmerk", "Ons kenmerk" },
		{ "uw_kenmerk", "Uw kenmerk" }, { "bijlagen", "Bijlage(n)" },
	};
	const char *aanhef = str(v, "aanhef"), *slot = str(v, "slot");
	struct para *p;

	/* the sender column */
	if (str(v, "ministerie"))
		plain(d, &d->right, PK_SMALL, str(v, "ministerie"), true);
	if (str(v, "afdeling"))
		plain(d, &d->right, PK_SMALL, str(v, "afdeling"), false);
	for (size_t i = 0; i < LAK_ARRAY_SIZE(col); i++) {
		if (str(v, col[i].key) == NULL)
			continue;
		if (col[i].label != NULL)
			plain(d, &d->right, PK_SMALL, col[i].label, true);
		plain(d, &d->right, PK_SMALL, str(v, col[i].key), false);
	}
	/* the return address, the addressee, date and subject */
	if (str(v, "postadres")) {
		char *ra = g_strdup_printf("> Retouradres %s",
		    str(v, "postadres"));

		for (char *q = ra; *q; q++)
			if (*q == ',')
				*q = ' ';
		plain(d, &d->left, PK_SMALL, ra, false);
		g_free(ra);
	}
	if (str(v, "aan")) {
		gchar **lines = g_strsplit(str(v, "aan"), ", ", -1);

		for (size_t i = 0; lines[i]; i++)
			plain(d, &d->left, PK_BODY, lines[i], false);
		g_strfreev(lines);
	}
	plain(d, &d->left, PK_BODY, "", false);
	p = plain(d, &d->left, PK_BODY, "Datum", true);
	run(d, p, "\t", 1, false, false, 0);
	run(d, p, str(v, "datum") ? str(v, "datum") : "",
	    strlen(str(v, "datum") ? str(v, "datum") : ""), false, false, 0);
	p = plain(d, &d->left, PK_BODY, "Betreft", true);
	run(d, p, "\t", 1, false, false, 0);
	run(d, p, str(v, "betreft") ? str(v, "betreft") : "",
	    strlen(str(v, "betreft") ? str(v, "betreft") : ""), false, false,
	    0);
	if (aanhef && *aanhef)
		plain(d, &d->body, PK_BODY, aanhef, false);
	blocks(d, lak_value_get(v, "blocks"));
	if (slot && *slot)
		plain(d, &d->body, PK_BODY, slot, false);
	{
		char *s = g_strdup_printf("%s,", str(v, "functie") ?
		    str(v, "functie") : "");

		plain(d, &d->body, PK_BODY, s, false);
		g_free(s);
	}
	plain(d, &d->body, PK_BODY, "", false);
	plain(d, &d->body, PK_BODY, str(v, "ondertekenaar"), false);
	/* a bijlage (the decision's articles) on pages of its own */
	if (lak_value_get(v, "bijlage") != NULL) {
		size_t first = d->body.n;

		blocks(d, lak_value_get(lak_value_get(v, "bijlage"),
		    "blocks"));
		if (first < d->body.n)
			d->body.p[first].page_before = true;
	}
}

static void
answers(struct doc *d, const struct lak_value *v)
{
	const struct lak_value *items = lak_value_get(v, "items");

	plain(d, &d->body, PK_TITLE, str(v, "titel"), false);
	if (str(v, "kenmerk"))
		plain(d, &d->body, PK_SMALL, str(v, "kenmerk"), false);
	if (str(v, "ons_kenmerk")) {
		char *s = g_strdup_printf("Onze referentie %s",
		    str(v, "ons_kenmerk"));

		plain(d, &d->body, PK_SMALL, s, false);
		g_free(s);
	}
	for (size_t i = 0; items && i < items->n; i++) {
		const struct lak_value *it = items->items[i];

		if (lak_value_get(it, "is_question")) {
			char *h = g_strdup_printf("Vraag %.0f",
			    lak_value_get(it, "n")->num);

			plain(d, &d->body, PK_H2, h, false);
			g_free(h);
		} else {
			plain(d, &d->body, PK_H2, str(it, "label"), false);
		}
		blocks(d, lak_value_get(it, "blocks"));
	}
}

static void
press(struct doc *d, const struct lak_value *v)
{
	const struct lak_value *k = lak_value_get(v, "kernboodschap");
	const struct lak_value *qa = lak_value_get(v, "qa");
	const struct lak_value *c = lak_value_get(v, "concept");
	char *t = g_strdup_printf("Woordvoeringslijn: %s", str(v, "onderwerp"));
	char *s;
	int list = ++d->lists;

	plain(d, &d->body, PK_TITLE, t, false);
	g_free(t);
	s = g_strdup_printf("Datum: %s", str(v, "datum"));
	plain(d, &d->body, PK_SMALL, s, false);
	g_free(s);
	s = g_strdup_printf("Status: %s%s", str(v, "status"), c && c->b ?
	    " (niet voor gebruik)" : "");
	plain(d, &d->body, PK_SMALL, s, false);
	g_free(s);
	s = g_strdup_printf("Woordvoerder: %s", str(v, "woordvoerder"));
	plain(d, &d->body, PK_SMALL, s, false);
	g_free(s);
	plain(d, &d->body, PK_H1, "Kernboodschap", false);
	for (size_t i = 0; k && i < k->n; i++) {
		struct para *p = para(d, &d->body, PK_BULLET);

		if (p != NULL)
			p->list = list;
		inline_runs(d, p, str(k->items[i], "text_html"), false);
	}
	plain(d, &d->body, PK_H1, "Vragen en antwoorden", false);
	for (size_t i = 0; qa && i < qa->n; i++) {
		struct para *p = plain(d, &d->body, PK_BODY, "V: ", true);

		inline_runs(d, p, str(qa->items[i], "v_html"), false);
		p = plain(d, &d->body, PK_BODY, "A: ", true);
		inline_runs(d, p, str(qa->items[i], "a_html"), false);
	}
	if (lak_value_get(v, "achtergrond")) {
		plain(d, &d->body, PK_H1, "Achtergrond", false);
		blocks(d, lak_value_get(v, "achtergrond"));
	}
	if (lak_value_get(v, "niet_zeggen")) {
		plain(d, &d->body, PK_H1, "Niet zeggen", false);
		blocks(d, lak_value_get(v, "niet_zeggen"));
	}
}

static void
plist_free(struct plist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		for (size_t k = 0; k < l->p[i].nr; k++)
			g_free(l->p[i].r[k].text);
		free(l->p[i].r);
	}
	free(l->p);
}

static void
doc_free(struct doc *d)
{
	plist_free(&d->body);
	plist_free(&d->left);
	plist_free(&d->right);
	for (size_t i = 0; i < d->notes.n; i++)
		g_free(d->note_ids[i]);
	g_free(d->note_ids);
	plist_free(&d->notes);
}

/* --- XML text ------------------------------------------------------------ */

static void
esc(struct lak_buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': lak_buf_adds(b, "&amp;"); break;
		case '<': lak_buf_adds(b, "&lt;"); break;
		case '>': lak_buf_adds(b, "&gt;"); break;
		case '"': lak_buf_adds(b, "&quot;"); break;
		default: lak_buf_addc(b, *s);
		}
}

/* --- OpenDocument -------------------------------------------------------- */

static const char *const odf_style[] = {
	[PK_TITLE] = "Title", [PK_H1] = "Heading_20_1",
	[PK_H2] = "Heading_20_2", [PK_BODY] = "Text_20_body",
	[PK_BULLET] = "List_20_Bullet", [PK_NUMBER] = "List_20_Number",
	[PK_SMALL] = "Small",
};

static void
odf_runs(const struct doc *d, struct lak_buf *b, const struct para *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		const struct run *r = &p->r[i];

		if (r->note > 0) {
			const struct para *n = &d->notes.p[r->note - 1];

			lak_buf_addf(b, "<text:note text:id=\"fn%d\" "
			    "text:note-class=\"footnote\"><text:note-citation>"
			    "%d</text:note-citation><text:note-body><text:p "
			    "text:style-name=\"Footnote\">", r->note, r->note);
			odf_runs(d, b, n);
			lak_buf_adds(b, "</text:p></text:note-body></text:note>");
			continue;
		}
		if (r->bold || r->italic)
			lak_buf_addf(b, "<text:span text:style-name=\"%s\">",
			    r->bold ? "Strong_20_Emphasis" : "Emphasis");
		if (strcmp(r->text, "\t") == 0)
			lak_buf_adds(b, "<text:tab/>");
		else
			esc(b, r->text);
		if (r->bold || r->italic)
			lak_buf_adds(b, "</text:span>");
	}
}

static void
odf_paras(const struct doc *d, struct lak_buf *b, const struct plist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct para *p = &l->p[i];
		bool item = p->k == PK_BULLET || p->k == PK_NUMBER;

		if (item && (i == 0 || l->p[i - 1].list != p->list))
			lak_buf_addf(b, "<text:list text:style-name=\"%s\">",
			    p->k == PK_BULLET ? "Bullets" : "Numbers");
		if (item)
			lak_buf_adds(b, "<text:list-item>");
		if (p->k == PK_H1 || p->k == PK_H2)
			lak_buf_addf(b, "<text:h text:style-name=\"%s%s\" "
			    "text:outline-level=\"%d\">", odf_style[p->k],
			    p->page_before ? "_20_page" : "",
			    p->k == PK_H1 ? 1 : 2);
		else
			lak_buf_addf(b, "<text:p text:style-name=\"%s%s\">",
			    odf_style[p->k], p->page_before ? "_20_page" : "");
		odf_runs(d, b, p);
		lak_buf_adds(b, p->k == PK_H1 || p->k == PK_H2 ? "</text:h>" :
		    "</text:p>");
		if (item)
			lak_buf_adds(b, "</text:list-item>");
		if (item && (i + 1 == l->n || l->p[i + 1].list != p->list))
			lak_buf_adds(b, "</text:list>");
	}
}

#define ODF_NS \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
	" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:" \
	"xsl-fo-compatible:1.0\"" \
	" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"" \
	" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"" \
	" office:version=\"1.3\""

static void
odf_content(const struct doc *d, struct lak_buf *b)
{
	lak_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-content" ODF_NS "><office:automatic-styles>"
	    "<style:style style:name=\"Head\" style:family=\"table\">"
	    "<style:table-properties style:width=\"16cm\" "
	    "table:align=\"left\"/></style:style>"
	    "<style:style style:name=\"Head.A\" style:family=\"table-column\">"
	    "<style:table-column-properties style:column-width=\"11.5cm\"/>"
	    "</style:style>"
	    "<style:style style:name=\"Head.B\" style:family=\"table-column\">"
	    "<style:table-column-properties style:column-width=\"4.5cm\"/>"
	    "</style:style>"
	    "<style:style style:name=\"Heading_20_1_20_page\" style:family="
	    "\"paragraph\" style:parent-style-name=\"Heading_20_1\">"
	    "<style:paragraph-properties fo:break-before=\"page\"/>"
	    "</style:style>"
	    "<style:style style:name=\"Text_20_body_20_page\" style:family="
	    "\"paragraph\" style:parent-style-name=\"Text_20_body\">"
	    "<style:paragraph-properties fo:break-before=\"page\"/>"
	    "</style:style>"
	    "</office:automatic-styles><office:body><office:text>");
	if (d->left.n > 0 || d->right.n > 0) {
		lak_buf_adds(b, "<table:table table:name=\"Briefhoofd\" "
		    "table:style-name=\"Head\"><table:table-column "
		    "table:style-name=\"Head.A\"/><table:table-column "
		    "table:style-name=\"Head.B\"/><table:table-row>"
		    "<table:table-cell office:value-type=\"string\">");
		odf_paras(d, b, &d->left);
		lak_buf_adds(b, "</table:table-cell><table:table-cell "
		    "office:value-type=\"string\">");
		odf_paras(d, b, &d->right);
		lak_buf_adds(b, "</table:table-cell></table:table-row>"
		    "</table:table>");
	}
	odf_paras(d, b, &d->body);
	lak_buf_adds(b, "</office:text></office:body>"
	    "</office:document-content>\n");
}

static void
odf_styles(struct lak_buf *b)
{
	lak_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-styles" ODF_NS "><office:font-face-decls/>"
	    "<office:styles>"
	    "<style:default-style style:family=\"paragraph\">"
	    "<style:paragraph-properties fo:margin-bottom=\"0.2cm\"/>"
	    "<style:text-properties style:font-name=\"DejaVu Sans\" "
	    "fo:font-family=\"'DejaVu Sans'\" fo:font-size=\"9.5pt\" "
	    "fo:language=\"nl\" fo:country=\"NL\"/></style:default-style>"
	    "<style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
	    "<style:style style:name=\"Text_20_body\" style:display-name="
	    "\"Text body\" style:family=\"paragraph\" style:parent-style-name="
	    "\"Standard\"><style:paragraph-properties fo:margin-bottom="
	    "\"0.25cm\" fo:line-height=\"135%\"><style:tab-stops><style:tab-stop style:position=\"2.1cm\"/>"
	    "</style:tab-stops></style:paragraph-properties></style:style>"
	    "<style:style style:name=\"Title\" style:family=\"paragraph\" "
	    "style:parent-style-name=\"Standard\"><style:text-properties "
	    "fo:font-size=\"11pt\" fo:font-weight=\"bold\"/></style:style>"
	    "<style:style style:name=\"Heading_20_1\" style:display-name="
	    "\"Heading 1\" style:family=\"paragraph\" style:default-outline-"
	    "level=\"1\"><style:paragraph-properties fo:margin-top=\"0.4cm\" "
	    "fo:keep-with-next=\"always\"/><style:text-properties "
	    "fo:font-size=\"10.5pt\" fo:font-weight=\"bold\"/></style:style>"
	    "<style:style style:name=\"Heading_20_2\" style:display-name="
	    "\"Heading 2\" style:family=\"paragraph\" style:default-outline-"
	    "level=\"2\"><style:paragraph-properties fo:margin-top=\"0.3cm\" "
	    "fo:keep-with-next=\"always\"/><style:text-properties "
	    "fo:font-size=\"9.5pt\" fo:font-weight=\"bold\"/></style:style>"
	    "<style:style style:name=\"List_20_Bullet\" style:display-name="
	    "\"List Bullet\" style:family=\"paragraph\" style:parent-style-"
	    "name=\"Text_20_body\" style:list-style-name=\"Bullets\"/>"
	    "<style:style style:name=\"List_20_Number\" style:display-name="
	    "\"List Number\" style:family=\"paragraph\" style:parent-style-"
	    "name=\"Text_20_body\" style:list-style-name=\"Numbers\"/>"
	    "<style:style style:name=\"Small\" style:family=\"paragraph\" "
	    "style:parent-style-name=\"Standard\"><style:paragraph-properties "
	    "fo:margin-bottom=\"0.05cm\"/><style:text-properties "
	    "fo:font-size=\"7pt\"/></style:style>"
	    "<style:style style:name=\"Footnote\" style:family=\"paragraph\" "
	    "style:parent-style-name=\"Standard\"><style:text-properties "
	    "fo:font-size=\"7.5pt\"/></style:style>"
	    "<style:style style:name=\"Footer\" style:family=\"paragraph\" "
	    "style:parent-style-name=\"Standard\"><style:paragraph-properties "
	    "fo:text-align=\"end\"/><style:text-properties fo:font-size="
	    "\"7pt\"/></style:style>"
	    "<style:style style:name=\"Emphasis\" style:family=\"text\">"
	    "<style:text-properties fo:font-style=\"italic\"/></style:style>"
	    "<style:style style:name=\"Strong_20_Emphasis\" style:display-name="
	    "\"Strong Emphasis\" style:family=\"text\"><style:text-properties "
	    "fo:font-weight=\"bold\"/></style:style>"
	    "<text:list-style style:name=\"Bullets\"><text:list-level-style-"
	    "bullet text:level=\"1\" text:bullet-char=\"\xE2\x80\xA2\">"
	    "<style:list-level-properties text:list-level-position-and-space-"
	    "mode=\"label-alignment\"><style:list-level-label-alignment "
	    "text:label-followed-by=\"listtab\" fo:text-indent=\"-0.55cm\" "
	    "fo:margin-left=\"0.55cm\"/></style:list-level-properties>"
	    "</text:list-level-style-bullet></text:list-style>"
	    "<text:list-style style:name=\"Numbers\"><text:list-level-style-"
	    "number text:level=\"1\" style:num-suffix=\".\" style:num-format="
	    "\"1\"><style:list-level-properties text:list-level-position-and-"
	    "space-mode=\"label-alignment\"><style:list-level-label-alignment "
	    "text:label-followed-by=\"listtab\" fo:text-indent=\"-0.55cm\" "
	    "fo:margin-left=\"0.55cm\"/></style:list-level-properties>"
	    "</text:list-level-style-number></text:list-style>"
	    "</office:styles><office:automatic-styles>"
	    "<style:page-layout style:name=\"A4\"><style:page-layout-properties "
	    "fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" fo:margin-top="
	    "\"2.4cm\" fo:margin-bottom=\"1.5cm\" fo:margin-left=\"2.6cm\" "
	    "fo:margin-right=\"2.4cm\"/><style:footer-style/></style:page-"
	    "layout></office:automatic-styles><office:master-styles>"
	    "<style:master-page style:name=\"Standard\" style:page-layout-name="
	    "\"A4\"><style:footer><text:p text:style-name=\"Footer\">Pagina "
	    "<text:page-number text:select-page=\"current\">1</text:page-"
	    "number> van <text:page-count>1</text:page-count></text:p>"
	    "</style:footer></style:master-page></office:master-styles>"
	    "</office:document-styles>\n");
}

static int
write_odt(const struct doc *d, const char *title, long long date,
    struct lak_buf *out, struct lak_error *err)
{
	static const char mimetype[] = "application/vnd.oasis.opendocument.text";
	static const char manifest[] = "<?xml version=\"1.0\" encoding="
	    "\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:"
	    "names:tc:opendocument:xmlns:manifest:1.0\" manifest:version="
	    "\"1.3\"><manifest:file-entry manifest:full-path=\"/\" "
	    "manifest:version=\"1.3\" manifest:media-type=\"application/"
	    "vnd.oasis.opendocument.text\"/><manifest:file-entry "
	    "manifest:full-path=\"content.xml\" manifest:media-type=\"text/"
	    "xml\"/><manifest:file-entry manifest:full-path=\"styles.xml\" "
	    "manifest:media-type=\"text/xml\"/><manifest:file-entry "
	    "manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
	    "</manifest:manifest>\n";
	struct lak_buf content, styles, meta;
	char when[32];
	time_t t = (time_t)date;
	struct tm tm;
	int ret;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	lak_buf_init(&content, 0);
	lak_buf_init(&styles, 0);
	lak_buf_init(&meta, 0);
	odf_content(d, &content);
	odf_styles(&styles);
	lak_buf_adds(&meta, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-meta" ODF_NS "><office:meta><meta:generator>"
	    "lakwerk</meta:generator><dc:title>");
	esc(&meta, title ? title : "");
	lak_buf_addf(&meta, "</dc:title><dc:language>nl-NL</dc:language>"
	    "<meta:creation-date>%s</meta:creation-date><dc:date>%s</dc:date>"
	    "</office:meta></office:document-meta>\n", when, when);
	if (lak_buf_check(&content, err) < 0 || lak_buf_check(&styles, err) <
	    0 || lak_buf_check(&meta, err) < 0) {
		ret = -1;
	} else {
		const struct lak_zip_part parts[] = {
			{ "mimetype", mimetype, sizeof(mimetype) - 1, true },
			{ "META-INF/manifest.xml", manifest,
			  sizeof(manifest) - 1, false },
			{ "content.xml", content.data, content.len, false },
			{ "styles.xml", styles.data, styles.len, false },
			{ "meta.xml", meta.data, meta.len, false },
		};

		ret = lak_zip_memory(parts, LAK_ARRAY_SIZE(parts), date, out,
		    err);
	}
	lak_buf_release(&content);
	lak_buf_release(&styles);
	lak_buf_release(&meta);
	return ret;
}

/* --- Office Open XML ----------------------------------------------------- */

static const char *const ooxml_style[] = {
	[PK_TITLE] = "Title", [PK_H1] = "Heading1", [PK_H2] = "Heading2",
	[PK_BODY] = "BodyText", [PK_BULLET] = "ListBullet",
	[PK_NUMBER] = "ListNumber", [PK_SMALL] = "Small",
};

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/" \
	"wordprocessingml/2006/main\" xmlns:r=\"http://schemas." \
	"openxmlformats.org/officeDocument/2006/relationships\""

static void
ooxml_runs(struct lak_buf *b, const struct para *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		const struct run *r = &p->r[i];

		if (r->note > 0) {
			lak_buf_addf(b, "<w:r><w:rPr><w:rStyle w:val="
			    "\"FootnoteReference\"/></w:rPr><w:footnoteReference "
			    "w:id=\"%d\"/></w:r>", r->note);
			continue;
		}
		lak_buf_adds(b, "<w:r>");
		if (r->bold || r->italic)
			lak_buf_addf(b, "<w:rPr>%s%s</w:rPr>", r->bold ?
			    "<w:b/>" : "", r->italic ? "<w:i/>" : "");
		if (strcmp(r->text, "\t") == 0) {
			lak_buf_adds(b, "<w:tab/>");
		} else {
			lak_buf_adds(b, "<w:t xml:space=\"preserve\">");
			esc(b, r->text);
			lak_buf_adds(b, "</w:t>");
		}
		lak_buf_adds(b, "</w:r>");
	}
}

static void
ooxml_paras(struct lak_buf *b, const struct plist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct para *p = &l->p[i];

		lak_buf_addf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>%s",
		    ooxml_style[p->k], p->page_before ?
		    "<w:pageBreakBefore/>" : "");
		if (p->k == PK_BULLET || p->k == PK_NUMBER)
			/* numbering instance per list: numbered lists
			 * restart */
			lak_buf_addf(b, "<w:numPr><w:ilvl w:val=\"0\"/><w:numId "
			    "w:val=\"%d\"/></w:numPr>", p->k == PK_BULLET ? 1 :
			    1 + p->list);
		lak_buf_adds(b, "</w:pPr>");
		ooxml_runs(b, p);
		lak_buf_adds(b, "</w:p>");
	}
}

static void
ooxml_document(const struct doc *d, struct lak_buf *b)
{
	lak_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<w:document " W_NS "><w:body>");
	if (d->left.n > 0 || d->right.n > 0) {
		lak_buf_adds(b, "<w:tbl><w:tblPr><w:tblW w:w=\"9070\" w:type="
		    "\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
		    "<w:tblGrid><w:gridCol w:w=\"6520\"/><w:gridCol w:w="
		    "\"2550\"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="
		    "\"6520\" w:type=\"dxa\"/></w:tcPr>");
		ooxml_paras(b, &d->left);
		lak_buf_adds(b, "</w:tc><w:tc><w:tcPr><w:tcW w:w=\"2550\" "
		    "w:type=\"dxa\"/></w:tcPr>");
		ooxml_paras(b, &d->right);
		if (d->right.n == 0)
			lak_buf_adds(b, "<w:p/>");
		lak_buf_adds(b, "</w:tc></w:tr></w:tbl>");
	}
	ooxml_paras(b, &d->body);
	lak_buf_adds(b, "<w:sectPr><w:footerReference w:type=\"default\" "
	    "r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	    "<w:pgMar w:top=\"1361\" w:right=\"1361\" w:bottom=\"851\" "
	    "w:left=\"1474\" w:header=\"567\" w:footer=\"454\" w:gutter=\"0\"/>"
	    "</w:sectPr></w:body></w:document>\n");
}

static void
ooxml_footnotes(const struct doc *d, struct lak_buf *b)
{
	lak_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<w:footnotes " W_NS ">"
	    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r>"
	    "<w:separator/></w:r></w:p></w:footnote>"
	    "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p>"
	    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>");
	for (size_t i = 0; i < d->notes.n; i++) {
		lak_buf_addf(b, "<w:footnote w:id=\"%zu\"><w:p><w:pPr><w:pStyle "
		    "w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle "
		    "w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/>"
		    "</w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
		    i + 1);
		ooxml_runs(b, &d->notes.p[i]);
		lak_buf_adds(b, "</w:p></w:footnote>");
	}
	lak_buf_adds(b, "</w:footnotes>\n");
}

static void
ooxml_numbering(const struct doc *d, struct lak_buf *b)
{
	lak_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<w:numbering " W_NS ">"
	    "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">"
	    "<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xE2\x80\xA2\"/>"
	    "<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"312\" w:hanging="
	    "\"312\"/></w:pPr></w:lvl></w:abstractNum>"
	    "<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\">"
	    "<w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText "
	    "w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left="
	    "\"312\" w:hanging=\"312\"/></w:pPr></w:lvl></w:abstractNum>"
	    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
	/* a numbering of its own for each list, so that each starts at 1 */
	for (int i = 1; i <= d->lists; i++)
		lak_buf_addf(b, "<w:num w:numId=\"%d\"><w:abstractNumId w:val="
		    "\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride "
		    "w:val=\"1\"/></w:lvlOverride></w:num>", 1 + i);
	lak_buf_adds(b, "</w:numbering>\n");
}

static const char ooxml_styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles " W_NS "><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts "
    "w:ascii=\"DejaVu Sans\" w:hAnsi=\"DejaVu Sans\" w:cs=\"DejaVu Sans\"/>"
    "<w:sz w:val=\"19\"/><w:lang w:val=\"nl-NL\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"300\" "
    "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val="
    "\"Body Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>"
    "<w:tabs><w:tab w:val=\"left\" w:pos=\"1191\"/></w:tabs></w:pPr>"
    "</w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val="
    "\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:rPr><w:b/>"
    "<w:sz w:val=\"22\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val="
    "\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>"
    "<w:keepNext/><w:spacing w:before=\"240\"/><w:outlineLvl w:val=\"0\"/>"
    "</w:pPr><w:rPr><w:b/><w:sz w:val=\"21\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val="
    "\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>"
    "<w:keepNext/><w:spacing w:before=\"180\"/><w:outlineLvl w:val=\"1\"/>"
    "</w:pPr><w:rPr><w:b/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val="
    "\"List Bullet\"/><w:basedOn w:val=\"BodyText\"/><w:pPr><w:numPr>"
    "<w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"ListNumber\"><w:name w:val="
    "\"List Number\"/><w:basedOn w:val=\"BodyText\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Small\"><w:name w:val="
    "\"Small\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after="
    "\"20\"/></w:pPr><w:rPr><w:sz w:val=\"14\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name "
    "w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:sz "
    "w:val=\"15\"/></w:rPr></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name "
    "w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val="
    "\"superscript\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val="
    "\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val="
    "\"right\"/></w:pPr><w:rPr><w:sz w:val=\"14\"/></w:rPr></w:style>"
    "</w:styles>\n";

static const char ooxml_footer[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:ftr " W_NS "><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
    "<w:r><w:t xml:space=\"preserve\">Pagina </w:t></w:r>"
    "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
    "<w:r><w:t xml:space=\"preserve\"> van </w:t></w:r>"
    "<w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>1</w:t></w:r>"
    "</w:fldSimple></w:p></w:ftr>\n";

static const char ooxml_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/><Default Extension="
    "\"xml\" ContentType=\"application/xml\"/><Override PartName="
    "\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/><Override "
    "PartName=\"/word/styles.xml\" ContentType=\"application/vnd."
    "openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
    "<Override PartName=\"/word/footnotes.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
    "vnd.openxmlformats-package.core-properties+xml\"/></Types>\n";

static const char ooxml_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://"
    "schemas.openxmlformats.org/package/2006/relationships/metadata/core-"
    "properties\" Target=\"docProps/core.xml\"/></Relationships>\n";

static const char ooxml_doc_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/styles\" Target="
    "\"styles.xml\"/><Relationship Id=\"rIdNumbering\" Type=\"http://"
    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rIdNotes\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/footnotes\" Target=\"footnotes.xml\"/><Relationship "
    "Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "</Relationships>\n";

static int
write_docx(const struct doc *d, const char *title, long long date,
    struct lak_buf *out, struct lak_error *err)
{
	struct lak_buf doc, notes, num, core;
	char when[32];
	time_t t = (time_t)date;
	struct tm tm;
	int ret = -1;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	lak_buf_init(&doc, 0);
	lak_buf_init(&notes, 0);
	lak_buf_init(&num, 0);
	lak_buf_init(&core, 0);
	ooxml_document(d, &doc);
	ooxml_footnotes(d, &notes);
	ooxml_numbering(d, &num);
	lak_buf_adds(&core, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://"
	    "schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms="
	    "\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/"
	    "XMLSchema-instance\"><dc:title>");
	esc(&core, title ? title : "");
	lak_buf_addf(&core, "</dc:title><dc:language>nl-NL</dc:language>"
	    "<dc:creator>lakwerk</dc:creator><dcterms:created xsi:type="
	    "\"dcterms:W3CDTF\">%s</dcterms:created></cp:coreProperties>\n",
	    when);
	if (lak_buf_check(&doc, err) == 0 && lak_buf_check(&notes, err) == 0 &&
	    lak_buf_check(&num, err) == 0 && lak_buf_check(&core, err) == 0) {
		const struct lak_zip_part parts[] = {
			{ "[Content_Types].xml", ooxml_types,
			  sizeof(ooxml_types) - 1, false },
			{ "_rels/.rels", ooxml_rels, sizeof(ooxml_rels) - 1,
			  false },
			{ "word/document.xml", doc.data, doc.len, false },
			{ "word/_rels/document.xml.rels", ooxml_doc_rels,
			  sizeof(ooxml_doc_rels) - 1, false },
			{ "word/styles.xml", ooxml_styles,
			  sizeof(ooxml_styles) - 1, false },
			{ "word/numbering.xml", num.data, num.len, false },
			{ "word/footnotes.xml", notes.data, notes.len, false },
			{ "word/footer1.xml", ooxml_footer,
			  sizeof(ooxml_footer) - 1, false },
			{ "docProps/core.xml", core.data, core.len, false },
		};

		ret = lak_zip_memory(parts, LAK_ARRAY_SIZE(parts), date, out,
		    err);
	}
	lak_buf_release(&doc);
	lak_buf_release(&notes);
	lak_buf_release(&num);
	lak_buf_release(&core);
	return ret;
}

int
lak_render_editable(const struct lak_value *v, int kind, const char *format,
    const char *title, long long date, struct lak_buf *out,
    struct lak_error *err)
{
	struct doc d;
	int ret;

	memset(&d, 0, sizeof(d));
	footnotes(&d, lak_value_get(v, "footnotes"));
	if (kind == LAK_SOURCE_LETTER)
		letter(&d, v);
	else if (kind == LAK_SOURCE_ANSWERS)
		answers(&d, v);
	else
		press(&d, v);
	if (d.oom) {
		doc_free(&d);
		return lak_error_oom(err);
	}
	ret = strcmp(format, "odt") == 0 ? write_odt(&d, title, date, out,
	    err) : write_docx(&d, title, date, out, err);
	doc_free(&d);
	return ret;
}
