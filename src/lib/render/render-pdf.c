/*
 * Render stage, PDF output: the source value laid out with pango and
 * cairo on A4 in the manner of the Rijkshuisstijl: the sender column on
 * the right of the first page (ministry, department, addresses,
 * references), the addressee block, Datum and Betreft, the body with
 * headings, lists and footnotes, the closing, and "Pagina N van M" on
 * every page. Fonts are embedded by cairo; the text is selectable and in
 * reading order, and tagged (cairo_tag_begin: headings, paragraphs,
 * lists, table cells; lak_pdf_tagged_finish adds the language and marks
 * the page numbers as artifacts). With a date set, the bytes are the same
 * every time.
 */
#include "lib/base/common.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "lib/pdf/pdfwrite.h"
#include "lib/render/render.h"
#include "lib/render/template.h"

#define PAGE_W 595.28
#define PAGE_H 841.89
#define LEFT 75.0
#define BODY_W 360.0
#define COL_X 465.0
#define COL_W 110.0
#define TOP 70.0
#define BOTTOM 70.0
#define FONT "DejaVu Sans"
#define LABEL_W 60.0		/* Datum, Betreft */

/* A laid-out piece: a pango layout placed on a page, and what it is in
 * the document's structure: a role ("P", "H1", ...; "Lbl" and "LBody"
 * of list item 'group', "TH" and "TD" of table row 'group'). */
struct piece {
	PangoLayout *layout;
	int page;
	double x, y;
	const char *role;
	int group;
};

struct flow {
	cairo_t *cr;		/* for measuring */
	PangoContext *pc;
	struct piece *p;
	size_t n, alloc;
	int page;
	double y;
	double top;		/* where text starts on later pages */
	char *running;		/* markup in the sender column of every
				 * page (an answer sheet's reference) */
	cairo_surface_t *logo;	/* the wordmark, top centre of page 1 */
	const char *role;	/* of the pieces placed now (NULL: "P") */
	int group;		/* ... and their list item or table row */
	int groups;		/* groups made so far */
};

/* Is 'p' at the start of a word? */
static bool
word_start(const char *s, const char *p)
{
	return p == s || !g_ascii_isalnum(p[-1]);
}

/* A word that stands between the capitalised words of a place name
 * ("Bergen op Zoom", "Alphen aan den Rijn"). */
static bool
small_word(const char *w, size_t n)
{
	static const char *const small[] = { "op", "aan", "den", "de", "in",
	    "bij" };

	for (size_t i = 0; i < LAK_ARRAY_SIZE(small); i++)
		if (strlen(small[i]) == n && strncmp(w, small[i], n) == 0)
			return true;
	return false;
}

/*
 * Spaces that must not break a line, as U+00A0: "€ 1,42", "art. 5.1",
 * "artikel 5.1", "nr. 12", "Postbus 20905", and a postcode with its place
 * ("2500 EX Den Haag": the postcode's space and the capitalised words after
 * it, with "aan", "op", "den" between them).
 */
static char *
nbsp_joins(const char *m)
{
	static const char *const before_number[] = { "\xE2\x82\xAC ", "art. ",
	    "artikel ", "nr. ", "Postbus ", "postbus " };
	GString *g = g_string_new(NULL);
	const char *p = m;

	while (*p) {
		bool joined = false;

		for (size_t i = 0; i < LAK_ARRAY_SIZE(before_number); i++) {
			size_t n = strlen(before_number[i]);

			if (strncmp(p, before_number[i], n) == 0 &&
			    g_ascii_isdigit(p[n]) && word_start(m, p)) {
				g_string_append_len(g, p, (gssize)n - 1);
				g_string_append(g, "\xC2\xA0");
				p += n;
				joined = true;
				break;
			}
		}
		if (joined)
			continue;
		/* "1234 AB" then the place */
		if (word_start(m, p) && g_ascii_isdigit(p[0]) &&
		    g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) &&
		    g_ascii_isdigit(p[3]) && p[4] == ' ' &&
		    g_ascii_isupper(p[5]) && g_ascii_isupper(p[6]) &&
		    !g_ascii_isalnum(p[7])) {
			const char *q = p + 7;

			g_string_append_len(g, p, 4);
			g_string_append(g, "\xC2\xA0");
			g_string_append_len(g, p + 5, 2);
			/* the place: capitalised words, small words between */
			while (*q == ' ') {
				const char *w = q + 1, *e = w;

				while (*e && *e != ' ' && *e != ',' &&
				    *e != '\n' && *e != '<')
					e++;
				if (e == w || !(g_ascii_isupper(*w) ||
				    (small_word(w, (size_t)(e - w)) &&
				    *e == ' ' && g_ascii_isupper(e[1]))))
					break;
				g_string_append(g, "\xC2\xA0");
				g_string_append_len(g, w, e - w);
				q = e;
			}
			p = q;
			continue;
		}
		g_string_append_c(g, *p++);
	}
	return g_string_free(g, FALSE);
}

static const char *
str(const struct lak_value *v, const char *key)
{
	const struct lak_value *x = lak_value_get(v, key);

	return x != NULL && x->type == LAK_V_STRING ? x->str : NULL;
}

static PangoLayout *
layout(struct flow *f, const char *markup, double size, bool bold,
    double width)
{
	PangoLayout *l = pango_layout_new(f->pc);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_spacing(l, (int)(size * 0.35 * PANGO_SCALE));
	{
		char *joined = nbsp_joins(markup);

		pango_layout_set_markup(l, joined, -1);
		g_free(joined);
	}
	return l;
}

static int
place(struct flow *f, PangoLayout *l, double x, double y, int page)
{
	if (lak_array_grow((void **)&f->p, &f->alloc, f->n, sizeof(*f->p)) <
	    0) {
		g_object_unref(l);
		return -1;
	}
	f->p[f->n].layout = l;
	f->p[f->n].page = page;
	f->p[f->n].x = x;
	f->p[f->n].y = y;
	f->p[f->n].role = f->role ? f->role : "P";
	f->p[f->n].group = f->group;
	f->n++;
	return 0;
}

/* Flow a block of markup down the body column, breaking it over pages
 * line by line where it does not fit. */
static int
flow(struct flow *f, const char *markup, double size, bool bold, double x,
    double width, double before)
{
	PangoLayout *l = layout(f, markup, size, bold, width);
	int nlines = pango_layout_get_line_count(l);
	PangoRectangle ink, log;
	int first = 0;

	f->y += before;
	pango_layout_get_extents(l, &ink, &log);
	if (f->y + log.height / (double)PANGO_SCALE <= PAGE_H - BOTTOM)
		return place(f, l, x, f->y, f->page) < 0 ? -1 :
		    (f->y += log.height / (double)PANGO_SCALE, 0);
	/* split: the lines that fit here, the rest on the next page */
	while (first < nlines) {
		PangoLayoutIter *it = pango_layout_get_iter(l);
		int i = 0, last = first;
		double y0 = 0, used = 0;
		GString *part = g_string_new(NULL);
		const char *text = pango_layout_get_text(l);
		int start_idx = 0, end_idx = (int)strlen(text);

		do {
			int top, bottom;

			pango_layout_iter_get_line_yrange(it, &top, &bottom);
			if (i == first) {
				y0 = top / (double)PANGO_SCALE;
				start_idx = pango_layout_iter_get_index(it);
			}
			if (i >= first) {
				if (f->y + (bottom / (double)PANGO_SCALE - y0) >
				    PAGE_H - BOTTOM && i > first)
					break;
				used = bottom / (double)PANGO_SCALE - y0;
				last = i;
			}
			i++;
		} while (pango_layout_iter_next_line(it));
		if (last + 1 < nlines) {
			PangoLayoutLine *ln = pango_layout_get_line_readonly(l,
			    last + 1);

			end_idx = ln->start_index;
		}
		pango_layout_iter_free(it);
		/* the part as plain text (markup is lost on a split: it is
		 * kept for the common case of a block that fits) */
		g_string_append_len(part, text + start_idx, end_idx - start_idx);
		{
			char *esc = g_markup_escape_text(part->str, -1);
			PangoLayout *pl = layout(f, esc, size, bold, width);

			g_free(esc);
			if (place(f, pl, x, f->y, f->page) < 0) {
				g_string_free(part, TRUE);
				g_object_unref(l);
				return -1;
			}
		}
		g_string_free(part, TRUE);
		f->y += used;
		first = last + 1;
		if (first < nlines) {
			f->page++;
			f->y = f->top;
		}
	}
	g_object_unref(l);
	return 0;
}

/* text_html of the sources to pango markup: <em> is <i>, footnote
 * references are superscripts. */
static char *
markup(const char *html)
{
	GString *g = g_string_new(NULL);

	for (const char *p = html; p && *p;) {
		if (strncmp(p, "<em>", 4) == 0) {
			g_string_append(g, "<i>");
			p += 4;
		} else if (strncmp(p, "</em>", 5) == 0) {
			g_string_append(g, "</i>");
			p += 5;
		} else if (strncmp(p, "<sup>", 5) == 0) {
			const char *e = strstr(p, "</sup>");
			const char *gt = strstr(p, "\">");
			const char *lt = gt ? strstr(gt, "</a>") : NULL;

			g_string_append(g, "<sup>");
			if (gt && lt && e && lt < e)
				g_string_append_len(g, gt + 2, lt - gt - 2);
			g_string_append(g, "</sup>");
			p = e ? e + 6 : p + 5;
		} else {
			g_string_append_c(g, *p++);
		}
	}
	return g_string_free(g, FALSE);
}

/* A list item: its marker, then its text indented beside it (every list
 * of a document at the same indent). */
static int
flow_item(struct flow *f, const char *marker, const char *text_html,
    double width)
{
	char *esc = g_markup_escape_text(marker, -1), *m = markup(text_html);
	double y = f->y + 3;
	int page = f->page;
	const char *role = f->role;
	int r;

	/* the marker beside the item's first line (flow() keeps one line
	 * on the page it starts on); first, as it is read first */
	f->group = ++f->groups;
	f->role = "Lbl";
	r = place(f, layout(f, esc, 9.5, false, 14), LEFT, y, page);
	f->role = "LBody";
	if (r == 0)
		r = flow(f, m, 9.5, false, LEFT + 16, width - 16, 3);
	f->role = role;
	f->group = 0;
	g_free(esc);
	g_free(m);
	return r;
}

static int
flow_blocks(struct flow *f, const struct lak_value *blocks)
{
	for (size_t i = 0; blocks && i < blocks->n; i++) {
		const struct lak_value *b = blocks->items[i];
		char *m;
		int r = 0;

		if (lak_value_get(b, "is_list")) {
			const struct lak_value *items = lak_value_get(b, "items");

			for (size_t k = 0; items && k < items->n && r == 0; k++) {
				const char *mk = str(items->items[k], "marker");

				r = flow_item(f, mk && strcmp(mk, "-") ? mk :
				    "\xE2\x80\xA2", str(items->items[k],
				    "text_html"), BODY_W);
			}
			f->y += 6;
		} else {
			bool h = lak_value_get(b, "is_heading") != NULL;

			m = markup(str(b, "text_html"));
			f->role = h ? "H2" : "P";
			r = flow(f, m, h ? 10.5 : 9.5, h, LEFT, BODY_W, h ? 14 :
			    7);
			f->role = NULL;
			g_free(m);
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

static int
flow_footnotes(struct flow *f, const struct lak_value *notes)
{
	if (notes == NULL || notes->n == 0)
		return 0;
	f->y += 14;
	for (size_t i = 0; i < notes->n; i++) {
		char *m = markup(str(notes->items[i], "text_html"));
		char *line = g_strdup_printf("<sup>%s</sup> %s",
		    str(notes->items[i], "n"), m);
		int r = flow(f, line, 7.5, false, LEFT, BODY_W, 2);

		g_free(line);
		g_free(m);
		if (r < 0)
			return -1;
	}
	return 0;
}

static int
plain(struct flow *f, const char *text, double size, bool bold, double x,
    double width, double before)
{
	char *esc = g_markup_escape_text(text ? text : "", -1);
	int r = flow(f, esc, size, bold, x, width, before);

	g_free(esc);
	return r;
}

/* A heading of 'level' (1: the document's title), in bold. */
static int
heading(struct flow *f, int level, const char *text, double size,
    double width, double before)
{
	static const char *const roles[] = { "H1", "H2", "H3" };
	int r;

	f->role = roles[LAK_MAX(1, LAK_MIN(level, 3)) - 1];
	r = plain(f, text, size, true, LEFT, width, before);
	f->role = NULL;
	return r;
}

/* "Label   value" with a wrapped value under itself, not the label. */
static int
labelled(struct flow *f, const char *label, const char *value, double before)
{
	double y;

	f->y += before;
	y = f->y;
	if (place(f, layout(f, label, 9.5, false, LABEL_W), LEFT, y,
	    f->page) < 0 || plain(f, value ? value : "", 9.5, false,
	    LEFT + LABEL_W, BODY_W - LABEL_W, 0) < 0)
		return -1;
	return 0;
}

/* The first page's sender column and the letter head. */
static int
letter_head(struct flow *f, const struct lak_value *v)
{
	GString *col = g_string_new(NULL);
	static const struct { const char *key, *label; } refs[] = {
		{ "ons_kenmerk", "Ons kenmerk" }, { "uw_kenmerk", "Uw kenmerk" },
		{ "bijlagen", "Bijlage(n)" },
	};
	char *aan, *p;
	int r;

	if (str(v, "ministerie")) {
		char *e = g_markup_escape_text(str(v, "ministerie"), -1);

		g_string_append_printf(col, "<b>%s</b>\n", e);
		g_free(e);
	}
	if (str(v, "afdeling"))
		g_string_append_printf(col, "%s\n", str(v, "afdeling"));
	if (str(v, "bezoekadres"))
		g_string_append_printf(col, "\n<b>Bezoekadres</b>\n%s\n",
		    str(v, "bezoekadres"));
	if (str(v, "postadres"))
		g_string_append_printf(col, "\n<b>Postadres</b>\n%s\n",
		    str(v, "postadres"));
	if (str(v, "website"))
		g_string_append_printf(col, "\n%s\n", str(v, "website"));
	for (size_t i = 0; i < LAK_ARRAY_SIZE(refs); i++)
		if (str(v, refs[i].key))
			g_string_append_printf(col, "\n<b>%s</b>\n%s\n",
			    refs[i].label, str(v, refs[i].key));
	r = place(f, layout(f, col->str, 7, false, COL_W), COL_X, 160, 0);
	g_string_free(col, TRUE);
	if (r < 0)
		return -1;
	/* the return address above the addressee, as a window envelope
	 * shows it */
	if (str(v, "postadres")) {
		char *e = g_markup_escape_text(str(v, "postadres"), -1);
		char *ra = g_strdup_printf("&gt; Retouradres %s", e);

		for (char *q = ra; *q; q++)
			if (*q == ',')
				*q = ' ';
		g_free(e);
		r = place(f, layout(f, ra, 6.5, false, BODY_W), LEFT, 144, 0);
		g_free(ra);
		if (r < 0)
			return -1;
	}
	/* the addressee: "A, B, C" on lines */
	aan = g_strdup(str(v, "aan") ? str(v, "aan") : "");
	for (p = aan; (p = strstr(p, ", ")) != NULL; p++) {
		*p = '\n';
		memmove(p + 1, p + 2, strlen(p + 2) + 1);
	}
	f->y = 160;
	r = plain(f, aan, 9.5, false, LEFT, BODY_W, 0);
	g_free(aan);
	if (r < 0)
		return -1;
	f->y = LAK_MAX(f->y + 40, 270);
	if (labelled(f, "Datum", str(v, "datum"), 0) < 0)
		return -1;
	return labelled(f, "Betreft", str(v, "betreft"), 2);
}

static int
build(struct flow *f, const struct lak_value *v, int kind)
{
	if (kind == LAK_SOURCE_LETTER) {
		const char *aanhef = str(v, "aanhef"), *slot = str(v, "slot");

		/* an empty Aanhef: or Slot: leaves it out */
		if (letter_head(f, v) < 0)
			return -1;
		f->y += 30;
		if ((aanhef && *aanhef && plain(f, aanhef, 9.5, false, LEFT,
		    BODY_W, 0) < 0) ||
		    flow_blocks(f, lak_value_get(v, "blocks")) < 0 ||
		    (slot && *slot && plain(f, slot, 9.5, false, LEFT, BODY_W,
		    10) < 0))
			return -1;
		{
			char *s = g_strdup_printf("%s,\n\n\n%s", str(v, "functie") ?
			    str(v, "functie") : "", str(v, "ondertekenaar") ?
			    str(v, "ondertekenaar") : "");
			int r = plain(f, s, 9.5, false, LEFT, BODY_W, 10);

			g_free(s);
			if (r < 0)
				return -1;
		}
		if (flow_footnotes(f, lak_value_get(v, "footnotes")) < 0)
			return -1;
		/* a bijlage (the decision's articles) on pages of its own */
		if (lak_value_get(v, "bijlage") != NULL) {
			f->page++;
			f->y = f->top;
			return flow_blocks(f, lak_value_get(lak_value_get(v,
			    "bijlage"), "blocks"));
		}
		return 0;
	}
	f->y = TOP + 20;
	if (kind == LAK_SOURCE_ANSWERS) {
		const struct lak_value *items = lak_value_get(v, "items");
		int r;

		/* the reference on every page, as published sheets have it */
		if (str(v, "ons_kenmerk")) {
			char *e = g_markup_escape_text(str(v, "ons_kenmerk"),
			    -1);

			f->running = g_strdup_printf("<b>Onze referentie</b>\n"
			    "%s", e);
			g_free(e);
		}
		r = heading(f, 1, str(v, "titel"), 11, BODY_W, 0);

		if (r < 0 || (str(v, "kenmerk") && plain(f, str(v, "kenmerk"),
		    8, false, LEFT, BODY_W, 6) < 0))
			return -1;
		for (size_t i = 0; items && i < items->n; i++) {
			const struct lak_value *it = items->items[i];
			char *h = lak_value_get(it, "is_question") ?
			    g_strdup_printf("Vraag %.0f",
			    lak_value_get(it, "n")->num) :
			    g_strdup(str(it, "label"));

			r = heading(f, 2, h, 9.5, BODY_W, 16);
			g_free(h);
			if (r < 0 || flow_blocks(f, lak_value_get(it,
			    "blocks")) < 0)
				return -1;
		}
		return flow_footnotes(f, lak_value_get(v, "footnotes"));
	}
	{			/* press lines */
		const struct lak_value *k = lak_value_get(v, "kernboodschap");
		const struct lak_value *qa = lak_value_get(v, "qa");
		char *t = g_strdup_printf("Woordvoeringslijn: %s",
		    str(v, "onderwerp"));
		char *meta = g_strdup_printf("Datum: %s\nStatus: %s%s\n"
		    "Woordvoerder: %s", str(v, "datum"), str(v, "status"),
		    lak_value_get(v, "concept") &&
		    lak_value_get(v, "concept")->b ? " (niet voor gebruik)" :
		    "", str(v, "woordvoerder"));
		int r = heading(f, 1, t, 12, BODY_W + 80, 0);

		if (r == 0)
			r = plain(f, meta, 9, false, LEFT, BODY_W + 80, 8);
		g_free(t);
		g_free(meta);
		if (r < 0 || heading(f, 2, "Kernboodschap", 10.5, BODY_W,
		    16) < 0)
			return -1;
		for (size_t i = 0; k && i < k->n; i++)
			if (flow_item(f, "\xE2\x80\xA2", str(k->items[i],
			    "text_html"), BODY_W + 80) < 0)
				return -1;
		if (heading(f, 2, "Vragen en antwoorden", 10.5, BODY_W,
		    16) < 0)
			return -1;
		for (size_t i = 0; qa && i < qa->n; i++) {
			char *q = markup(str(qa->items[i], "v_html"));
			char *a = markup(str(qa->items[i], "a_html"));
			char *vq = g_strdup_printf("<b>V:</b> %s", q);
			char *va = g_strdup_printf("<b>A:</b> %s", a);

			r = flow(f, vq, 9.5, false, LEFT, BODY_W + 80, 8);
			if (r == 0)
				r = flow(f, va, 9.5, false, LEFT, BODY_W + 80, 2);
			g_free(q);
			g_free(a);
			g_free(vq);
			g_free(va);
			if (r < 0)
				return -1;
		}
		if ((lak_value_get(v, "achtergrond") && (heading(f, 2,
		    "Achtergrond", 10.5, BODY_W, 16) < 0 || flow_blocks(f,
		    lak_value_get(v, "achtergrond")) < 0)) ||
		    (lak_value_get(v, "niet_zeggen") && (heading(f, 2,
		    "Niet zeggen", 10.5, BODY_W, 16) < 0 || flow_blocks(f,
		    lak_value_get(v, "niet_zeggen")) < 0)))
			return -1;
	}
	return 0;
}

/* The container a role's pieces go in ("L" for list items' labels and
 * bodies, "Table" for cells), or NULL. */
static const char *
container_of(const char *role)
{
	if (strcmp(role, "Lbl") == 0 || strcmp(role, "LBody") == 0)
		return "L";
	if (strcmp(role, "TH") == 0 || strcmp(role, "TD") == 0)
		return "Table";
	return NULL;
}

/* The element of one entry of a container: a list's item, a table's row. */
static const char *
entry_of(const char *container)
{
	return strcmp(container, "L") == 0 ? "LI" : "TR";
}

/* The pieces of page p, each in a structure element of its role (list
 * items in LI in L, cells in TR in Table; those close at the page's
 * end). */
static void
emit_page(cairo_t *cr, const struct flow *f, int p)
{
	const char *cont = NULL;
	int grp = 0;

	for (size_t i = 0; i < f->n; i++) {
		const struct piece *pc = &f->p[i];
		const char *want;

		if (pc->page != p)
			continue;
		want = container_of(pc->role);
		if (grp != 0 && (want != cont || pc->group != grp)) {
			cairo_tag_end(cr, entry_of(cont));
			grp = 0;
		}
		if (cont != NULL && want != cont) {
			cairo_tag_end(cr, cont);
			cont = NULL;
		}
		if (want != NULL && cont == NULL) {
			cairo_tag_begin(cr, want, NULL);
			cont = want;
		}
		if (want != NULL && grp == 0) {
			cairo_tag_begin(cr, entry_of(cont), NULL);
			grp = pc->group;
		}
		cairo_tag_begin(cr, pc->role, NULL);
		cairo_move_to(cr, pc->x, pc->y);
		pango_cairo_update_layout(cr, pc->layout);
		pango_cairo_show_layout(cr, pc->layout);
		cairo_tag_end(cr, pc->role);
	}
	if (grp != 0)
		cairo_tag_end(cr, entry_of(cont));
	if (cont != NULL)
		cairo_tag_end(cr, cont);
}

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return lak_buf_add(closure, data, len) < 0 ?
	    CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Draw the laid-out pieces on pages of w x h points, with "Pagina N van
 * M" at (foot_x, h - 45), to a PDF in 'out'. */
static int
emit(struct flow *f, double w, double h, double foot_x, const char *title,
    long long date, struct lak_buf *out, struct lak_error *err)
{
	cairo_surface_t *ps;
	cairo_t *cr;
	struct lak_buf raw;
	int ret;

	lak_buf_init(&raw, 0);
	ps = cairo_pdf_surface_create_for_stream(write_buf, &raw, w, h);
	if (title)
		cairo_pdf_surface_set_metadata(ps, CAIRO_PDF_METADATA_TITLE,
		    title);
	cairo_pdf_surface_set_metadata(ps, CAIRO_PDF_METADATA_CREATOR,
	    "lakwerk");
	{
		char d[32];
		time_t t = (time_t)date;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(d, sizeof(d), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cairo_pdf_surface_set_metadata(ps,
		    CAIRO_PDF_METADATA_CREATE_DATE, d);
		cairo_pdf_surface_set_metadata(ps,
		    CAIRO_PDF_METADATA_MOD_DATE, d);
	}
	cr = cairo_create(ps);
	cairo_tag_begin(cr, "Document", NULL);
	for (int p = 0; p <= f->page; p++) {
		char foot[64];
		PangoLayout *fl;

		cairo_set_source_rgb(cr, 0, 0, 0);
		if (p == 0 && f->logo != NULL) {
			/* the wordmark: top centre, at most 200 x 50 pt */
			double iw = cairo_image_surface_get_width(f->logo);
			double ih = cairo_image_surface_get_height(f->logo);
			double sc = LAK_MIN(200 / iw, 50 / ih);

			cairo_save(cr);
			cairo_translate(cr, (w - iw * sc) / 2, 12);
			cairo_scale(cr, sc, sc);
			cairo_set_source_surface(cr, f->logo, 0, 0);
			cairo_paint(cr);
			cairo_restore(cr);
		}
		if (f->running != NULL) {
			PangoLayout *rl = layout(f, f->running, 7, false,
			    COL_W);

			cairo_move_to(cr, COL_X, TOP);
			pango_cairo_update_layout(cr, rl);
			pango_cairo_show_layout(cr, rl);
			g_object_unref(rl);
		}
		emit_page(cr, f, p);
		snprintf(foot, sizeof(foot), "Pagina %d van %d", p + 1,
		    f->page + 1);
		fl = layout(f, foot, 7, false, COL_W);
		cairo_move_to(cr, foot_x, h - 45);
		pango_cairo_update_layout(cr, fl);
		pango_cairo_show_layout(cr, fl);
		g_object_unref(fl);
		cairo_show_page(cr);
	}
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(ps);
	if (cairo_surface_status(ps) != CAIRO_STATUS_SUCCESS) {
		lak_error_set(err, LAK_EIO, "cairo: %s", cairo_status_to_string(
		    cairo_surface_status(ps)));
		cairo_surface_destroy(ps);
		lak_buf_release(&raw);
		return -1;
	}
	cairo_surface_destroy(ps);
	/* the language, the title shown, the page numbers as artifacts:
	 * what cairo's tags do not give */
	ret = lak_buf_check(&raw, err);
	if (ret == 0)
		ret = lak_pdf_tagged_finish(raw.data, raw.len, "nl-NL", out,
		    err);
	lak_buf_release(&raw);
	return ret;
}

static void
flow_open(struct flow *f, cairo_surface_t **ms)
{
	memset(f, 0, sizeof(*f));
	*ms = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	f->cr = cairo_create(*ms);
	f->pc = pango_cairo_create_context(f->cr);
	f->top = TOP;
}

static void
flow_close(struct flow *f, cairo_surface_t *ms)
{
	for (size_t i = 0; i < f->n; i++)
		g_object_unref(f->p[i].layout);
	free(f->p);
	g_free(f->running);
	if (f->logo != NULL)
		cairo_surface_destroy(f->logo);
	g_object_unref(f->pc);
	cairo_destroy(f->cr);
	cairo_surface_destroy(ms);
}

int
lak_render_pdf(const struct lak_value *v, int kind, const char *title,
    long long date, struct lak_buf *out, struct lak_error *err)
{
	cairo_surface_t *ms;
	struct flow f;
	int ret = -1;

	flow_open(&f, &ms);
	if (str(v, "logo_path") != NULL) {
		f.logo = cairo_image_surface_create_from_png(str(v,
		    "logo_path"));
		if (cairo_surface_status(f.logo) != CAIRO_STATUS_SUCCESS) {
			lak_error_set(err, LAK_EFORMAT, "%s: the logo cannot be "
			    "read as PNG: %s", str(v, "logo_path"),
			    cairo_status_to_string(cairo_surface_status(
			    f.logo)));
			flow_close(&f, ms);
			return -1;
		}
	}
	if (build(&f, v, kind) < 0)
		lak_error_oom(err);
	else
		ret = emit(&f, PAGE_W, PAGE_H, COL_X, title, date, out, err);
	flow_close(&f, ms);
	return ret;
}

/* A cell: plain text (not markup), wrapped to 'width'. */
static PangoLayout *
cell(struct flow *f, const char *text, double size, bool bold, double width)
{
	PangoLayout *l = layout(f, "", size, bold, width);

	pango_layout_set_spacing(l, 0);
	pango_layout_set_text(l, text, -1);
	return l;
}

#define TABLE_W 841.89
#define TABLE_H 595.28
#define TABLE_X 40.0
#define TABLE_TOP 40.0
#define TABLE_BOTTOM 60.0
#define TABLE_PAD 3.0
/* the body of a page less a header row of two lines */
#define TABLE_ROW_MAX (TABLE_H - TABLE_TOP - TABLE_BOTTOM - 40.0)

/* A line of text across the page, then 'gap' points. */
static int
table_line(struct flow *f, const char *text, double size, bool bold,
    double gap)
{
	PangoLayout *l = cell(f, text, size, bold, TABLE_W - 2 * TABLE_X);
	int lw, lh;

	pango_layout_get_size(l, &lw, &lh);
	if (place(f, l, TABLE_X, f->y, f->page) < 0)
		return -1;
	f->y += (double)lh / PANGO_SCALE + gap;
	return 0;
}

static int
table_row(struct flow *f, const char *const *texts, const double *widths,
    size_t ncols, bool bold, double *height)
{
	double x = TABLE_X, hmax = 0;

	/* a header row's cells are TH (bold), the others TD */
	f->role = bold ? "TH" : "TD";
	f->group = ++f->groups;

	for (size_t c = 0; c < ncols; c++) {
		PangoLayout *l = cell(f, texts[c] ? texts[c] : "", 7.5, bold,
		    widths[c] - 2 * TABLE_PAD);
		int lw, lh;

		/* A row is never taller than a page under its header: a
		 * longer cell ends in an ellipsis (the CSV has it whole). */
		pango_layout_set_height(l, (int)(TABLE_ROW_MAX * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);

		pango_layout_get_size(l, &lw, &lh);
		if ((double)lh / PANGO_SCALE > hmax)
			hmax = (double)lh / PANGO_SCALE;
		if (place(f, l, x + TABLE_PAD, f->y + TABLE_PAD, f->page) < 0) {
			f->role = NULL;
			f->group = 0;
			return -1;
		}
		x += widths[c];
	}
	f->role = NULL;
	f->group = 0;
	*height = hmax + 2 * TABLE_PAD;
	return 0;
}

int
lak_render_table_pdf(const char *title, const char *subtitle,
    const char *const *head, const double *widths, size_t ncols,
    const char *const *cells, size_t nrows, long long date,
    struct lak_buf *out, struct lak_error *err)
{
	cairo_surface_t *ms;
	struct flow f;
	double h;
	size_t first;
	int ret = -1;

	flow_open(&f, &ms);
	f.y = TABLE_TOP;
	f.role = "H1";
	if (table_line(&f, title, 13, true, 6) < 0)
		goto oom;
	f.role = NULL;
	if (subtitle != NULL && table_line(&f, subtitle, 9, false, 10) < 0)
		goto oom;
	if (table_row(&f, head, widths, ncols, true, &h) < 0)
		goto oom;
	f.y += h;
	for (size_t r = 0; r < nrows; r++) {
		first = f.n;
		if (table_row(&f, cells + r * ncols, widths, ncols, false,
		    &h) < 0)
			goto oom;
		if (f.y + h > TABLE_H - TABLE_BOTTOM && r > 0) {
			/* to the next page, under the header again */
			double hh;

			for (size_t i = first; i < f.n; i++)
				g_object_unref(f.p[i].layout);
			f.n = first;
			f.page++;
			f.y = TABLE_TOP;
			if (table_row(&f, head, widths, ncols, true, &hh) < 0)
				goto oom;
			f.y += hh;
			if (table_row(&f, cells + r * ncols, widths, ncols,
			    false, &h) < 0)
				goto oom;
		}
		f.y += h;
	}
	ret = emit(&f, TABLE_W, TABLE_H, TABLE_W - TABLE_X - COL_W, title,
	    date, out, err);
	goto out;
oom:
	lak_error_oom(err);
out:
	flow_close(&f, ms);
	return ret;
}
