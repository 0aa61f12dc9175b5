/*
 * Ingest stage: ink accounting (see ingest-int.h).
 *
 * The page is rendered as it will be released (optional content as the
 * file shows it by default, no annotations or form widgets) at the probe's
 * resolution and reduced to ink: every pixel darker than INK. The boxes of
 * the characters that extraction found, and that are drawn visibly, take
 * away the ink they explain. What is left is ink no character explains: a
 * picture of text, text drawn as outlines, in a pattern or a Type3 glyph,
 * content that extraction did not see. Its pieces are grouped into regions
 * and each region is read by OCR at a resolution Tesseract likes; the
 * words become characters of the page (LAK_CHAR_OCR), so the rules match
 * them and the released page redacts them like any other text.
 *
 * Thin lines (rules, underlines, table borders) and specks are not text.
 * A page with no extracted text, or whose unexplained ink covers much of
 * it (a scan), is read whole.
 */
#include "lib/base/common.h"

#include <math.h>

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

#include "lib/base/buf.h"
#include "lib/base/grey.h"
#include "lib/ingest/ingest-int.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/ocr-int.h"

#define INK 192			/* luminance below this is ink */
#define MIN_PIXELS 4		/* smaller pieces are specks */
#define MAX_PIECES 2000	/* more: read the page whole */
#define WHOLE_PAGE 0.30		/* regions over this share of the page:
				 * read it whole */
#define FILL_AREA 100		/* pieces at least this large (pixels) ... */
#define FLAT_SPREAD 16		/* ... with their grey this close ... */
#define FLAT_SHARE 0.85		/* ... for this share are a fill */
#define LOW_CONF 60.0f		/* words below this confidence are listed
				 * for review */

/* not seen, or read by OCR already: explains no ink, is not read again */
#define HIDDEN (LAK_CHAR_UNSEEN | LAK_CHAR_OCR)

/* A box of a hostile file may be anywhere, or not a number: one that is
 * not on or near the page explains nothing and is read nowhere. */
static bool
box_ok(const struct lak_box *b)
{
	return b->x0 > -1e5f && b->y0 > -1e5f && b->x1 < 1e5f &&
	    b->y1 < 1e5f && b->x1 >= b->x0 && b->y1 >= b->y0;
}

struct rect {
	int x0, y0, x1, y1;	/* pixels, x1 and y1 exclusive */
	size_t ink;
	size_t pieces;
};

struct acct {
	unsigned char *ink;	/* 1 per unexplained ink pixel */
	const unsigned char *grey;	/* the page, 8-bit grey */
	int w, h;
	double s;		/* pixels per point */
	struct rect *r;
	size_t n, alloc;
};

unsigned char *
lak_render_grey(void *vpp, double dpi, int w, int h, bool glyphs)
{
	PopplerPage *pp = vpp;
	cairo_surface_t *surf;
	cairo_t *cr;
	unsigned char *g = NULL;
	double s = dpi / 72.0, pw = 0, ph = 0;

	surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		goto out;
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	if (glyphs) {
		PopplerColor black = { 0, 0, 0 };
		PopplerColor white = { 65535, 65535, 65535 };
		PopplerRectangle all = { 0, 0, 0, 0 };

		poppler_page_get_size(pp, &pw, &ph);
		all.x2 = pw;
		all.y2 = ph;
		poppler_page_render_selection(pp, cr, &all, NULL,
		    POPPLER_SELECTION_GLYPH, &black, &white);
	} else {
		poppler_page_render_for_printing_with_options(pp, cr,
		    POPPLER_PRINT_DOCUMENT);
	}
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	g = lak_grey_image(cairo_image_surface_get_data(surf), w, h,
	    cairo_image_surface_get_stride(surf));
out:
	cairo_surface_destroy(surf);
	return g;
}

/* The page at the OCR resolution, rendered once for all that reads it
 * (the regions of unexplained ink, the suspect lines). */
struct ocr_page {
	unsigned char *g;
	int w, h;
};

static int
ocr_page_get(PopplerPage *pp, const struct lak_page *pg,
    const struct lak_ingest_opts *o, struct ocr_page *op,
    struct lak_error *err)
{
	double s = o->ocr_dpi / 72.0;

	if (op->g != NULL)
		return 0;
	op->w = (int)ceil(pg->width * s);
	op->h = (int)ceil(pg->height * s);
	if ((unsigned long)op->w * (unsigned long)op->h > o->ocr_max_pixels)
		return lak_error_set(err, LAK_ELIMIT, "OCR: the page is larger "
		    "than %lu pixels at %.0f dpi", o->ocr_max_pixels,
		    o->ocr_dpi);
	if ((op->g = lak_render_grey(pp, o->ocr_dpi, op->w, op->h, false)) ==
	    NULL)
		return lak_error_oom(err);
	return 0;
}

/* Take away the ink that page's visible characters explain. */
static void
explain(struct acct *a, const struct lak_page *pg)
{
	for (size_t i = 0; i < pg->nchars; i++) {
		const struct lak_char *c = &pg->chars[i];
		double hh, gx, gy;
		int x0, y0, x1, y1;

		if ((c->flags & HIDDEN) || c->cp == ' ' || c->cp == '\n' ||
		    !box_ok(&c->box) || c->box.x1 <= c->box.x0 ||
		    c->box.y1 <= c->box.y0)
			continue;
		/* grown a little: anti-aliasing, italic overhang, accents */
		hh = c->box.y1 - c->box.y0;
		gx = 1.0 + 0.15 * hh;
		gy = 1.0 + 0.10 * hh;
		x0 = (int)floor((c->box.x0 - gx) * a->s);
		y0 = (int)floor((c->box.y0 - gy) * a->s);
		x1 = (int)ceil((c->box.x1 + gx) * a->s);
		y1 = (int)ceil((c->box.y1 + gy) * a->s);
		x0 = LAK_MAX(x0, 0);
		y0 = LAK_MAX(y0, 0);
		x1 = LAK_MIN(x1, a->w);
		y1 = LAK_MIN(y1, a->h);
		for (int y = y0; y < y1; y++)
			memset(a->ink + (size_t)y * (size_t)a->w + (size_t)x0, 0,
			    (size_t)LAK_MAX(x1 - x0, 0));
	}
}

static int
add_rect(struct acct *a, const struct rect *r)
{
	if (lak_array_grow((void **)&a->r, &a->alloc, a->n, sizeof(*r)) < 0)
		return -1;
	a->r[a->n++] = *r;
	return 0;
}

/* Whether FLAT_SHARE of 'n' pixels lie within FLAT_SPREAD of the most
 * common grey. */
static bool
flat(const size_t hist[256], size_t n)
{
	size_t mode = 0, near = 0;

	for (int i = 1; i < 256; i++)
		if (hist[i] > hist[mode])
			mode = (size_t)i;
	for (int i = LAK_MAX(0, (int)mode - FLAT_SPREAD);
	    i <= LAK_MIN(255, (int)mode + FLAT_SPREAD); i++)
		near += hist[i];
	return (double)near >= FLAT_SHARE * (double)n;
}

/* The pieces of unexplained ink (8-connected), without thin lines and
 * specks. -1 when out of memory, 1 when there are too many to list. */
static int
pieces(struct acct *a)
{
	size_t np = (size_t)a->w * (size_t)a->h, *stack, top;
	size_t hist[256];
	int ret = 0;

	if ((stack = malloc(np * sizeof(*stack))) == NULL)
		return -1;
	for (size_t start = 0; start < np; start++) {
		struct rect r;
		int bw, bh;

		if (a->ink[start] != 1)
			continue;
		r.x0 = r.x1 = (int)(start % (size_t)a->w);
		r.y0 = r.y1 = (int)(start / (size_t)a->w);
		r.ink = 0;
		r.pieces = 1;
		memset(hist, 0, sizeof(hist));
		a->ink[start] = 2;
		stack[0] = start;
		top = 1;
		while (top > 0) {
			size_t p = stack[--top];
			int x = (int)(p % (size_t)a->w), y = (int)(p / (size_t)a->w);

			r.ink++;
			hist[a->grey[p]]++;
			r.x0 = LAK_MIN(r.x0, x);
			r.x1 = LAK_MAX(r.x1, x);
			r.y0 = LAK_MIN(r.y0, y);
			r.y1 = LAK_MAX(r.y1, y);
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int nx = x + dx, ny = y + dy;
					size_t q;

					if (nx < 0 || ny < 0 || nx >= a->w ||
					    ny >= a->h)
						continue;
					q = (size_t)ny * (size_t)a->w + (size_t)nx;
					if (a->ink[q] == 1) {
						a->ink[q] = 2;
						stack[top++] = q;
					}
				}
		}
		r.x1++;
		r.y1++;
		bw = r.x1 - r.x0;
		bh = r.y1 - r.y0;
		if (r.ink < MIN_PIXELS)
			continue;
		/* a rule or border: long and at most 2 pixels thick */
		if ((bh <= 2 && bw >= 6) || (bw <= 2 && bh >= 6))
			continue;
		/* a fill: a large piece nearly all of one grey (a coloured
		 * box behind text, a bar, a photo's flat sky) */
		if (bw * bh >= FILL_AREA && flat(hist, r.ink))
			continue;
		if (a->n >= MAX_PIECES) {
			ret = 1;
			break;
		}
		if (add_rect(a, &r) < 0) {
			ret = -1;
			break;
		}
	}
	free(stack);
	return ret;
}

/* Whether two rectangles are near enough to be one region: within about
 * a letter's width side by side, or touching lines. */
static bool
near(const struct rect *p, const struct rect *q, int gx, int gy)
{
	return p->x0 - gx <= q->x1 && q->x0 - gx <= p->x1 &&
	    p->y0 - gy <= q->y1 && q->y0 - gy <= p->y1;
}

/* Merge the pieces into regions until no two are near. */
static void
regions(struct acct *a)
{
	int gx = (int)ceil(6.0 * a->s), gy = (int)ceil(2.0 * a->s);
	bool merged = true;

	while (merged) {
		merged = false;
		for (size_t i = 0; i < a->n; i++)
			for (size_t j = i + 1; j < a->n; j++) {
				struct rect *p = &a->r[i], *q = &a->r[j];

				if (!near(p, q, gx, gy))
					continue;
				p->x0 = LAK_MIN(p->x0, q->x0);
				p->y0 = LAK_MIN(p->y0, q->y0);
				p->x1 = LAK_MAX(p->x1, q->x1);
				p->y1 = LAK_MAX(p->y1, q->y1);
				p->ink += q->ink;
				p->pieces += q->pieces;
				a->r[j] = a->r[--a->n];
				j = i;	/* p grew: look again */
				merged = true;
			}
	}
}

/* Whether OCR word 'w' holds a letter or digit (Tesseract reads specks
 * and rules as punctuation). */
static bool
legible(const struct lak_ocr_word *w)
{
	if (!g_utf8_validate(w->text, -1, NULL))
		return false;
	for (const char *p = w->text; *p; p = g_utf8_next_char(p))
		if (g_unichar_isalnum(g_utf8_get_char(p)))
			return true;
	return false;
}

/* (see ingest-int.h) */
int
lak_ink_add_words(struct lak_doc *doc, struct lak_page *pg,
    const struct lak_ocr_words *ws, bool *sure)
{
	long font = ws->n ? lak_doc_font(doc, "OCR") : 0;
	unsigned int line = 0;
	bool low = false, any = false;

	if (font < 0)
		return -1;
	for (size_t i = 0; i < ws->n; i++) {
		const struct lak_ocr_word *w = &ws->w[i];
		const char *p = w->text;
		glong n = g_utf8_strlen(w->text, -1);
		struct lak_char c;
		glong k = 0;

		if (n <= 0 || !legible(w))
			continue;
		memset(&c, 0, sizeof(c));
		c.flags = LAK_CHAR_OCR;
		c.font = (uint32_t)font;
		c.size = w->box.y1 - w->box.y0;
		/* a line of its own, words apart */
		if (pg->nchars > 0 && (!any || w->line != line)) {
			c.cp = '\n';
			c.box = pg->chars[pg->nchars - 1].box;
			c.box.x0 = c.box.x1;
			if (lak_page_add_char(pg, &c) < 0)
				return -1;
		} else if (any) {
			c.cp = ' ';
			c.box = w->box;
			c.box.x1 = c.box.x0;
			if (lak_page_add_char(pg, &c) < 0)
				return -1;
		}
		line = w->line;
		any = true;
		low |= w->conf < LOW_CONF;
		*sure |= w->conf >= LOW_CONF;
		for (; *p; p = g_utf8_next_char(p), k++) {
			float cw = (w->box.x1 - w->box.x0) / (float)n;

			c.cp = g_utf8_get_char(p);
			c.box = w->box;
			c.box.x0 = w->box.x0 + cw * (float)k;
			c.box.x1 = c.box.x0 + cw;
			if (lak_page_add_char(pg, &c) < 0)
				return -1;
		}
	}
	if (any)
		pg->flags |= LAK_PAGE_OCR;
	if (low)
		pg->flags |= LAK_PAGE_OCR_LOW;
	return 0;
}

/*
 * Whether a region may be text: letters come as several pieces side by
 * side; a single piece is a picture (a photo, a scan pasted in, a
 * signature) only when it is large, not a solid block of colour and not
 * a frame.
 * Lone dots, bullets and ornaments are not read.
 */
static bool
textlike(const struct rect *r, double s)
{
	double w = (r->x1 - r->x0) / s, h = (r->y1 - r->y0) / s;
	double area = (double)(r->x1 - r->x0) * (double)(r->y1 - r->y0);

	if (r->pieces >= 3)
		return true;
	/* a frame or a line drawing has little ink for its size */
	return w >= 24 && h >= 24 && (double)r->ink >= 0.15 * area &&
	    (double)r->ink < 0.85 * area;
}

/* OCR the regions (all of the page when 'whole') from the page at the OCR
 * resolution. */
static int
read_regions(PopplerPage *pp, const struct lak_page *pg,
    const struct lak_ingest_opts *o, const struct acct *a, bool whole,
    struct ocr_page *op, struct lak_ocr_words *ws, struct lak_error *err)
{
	double s = o->ocr_dpi / 72.0;
	struct lak_ocr_rect *rr = NULL;
	size_t n = 0;
	int ret;

	if (ocr_page_get(pp, pg, o, op, err) < 0)
		return -1;
	if (!whole && (rr = calloc(a->n + 1, sizeof(*rr))) == NULL)
		return lak_error_oom(err);
	for (size_t i = 0; !whole && i < a->n; i++) {
		/* a margin of about a letter around the region */
		double m = 4.0 * s, k = s / a->s;

		rr[n].x0 = (int)floor(a->r[i].x0 * k - m);
		rr[n].y0 = (int)floor(a->r[i].y0 * k - m);
		rr[n].x1 = (int)ceil(a->r[i].x1 * k + m);
		rr[n].y1 = (int)ceil(a->r[i].y1 * k + m);
		n++;
	}
	ret = lak_ocr_grey(op->g, op->w, op->h, op->w, o->ocr_dpi, 0, 0, rr, n,
	    ws, err);
	free(rr);
	return ret;
}

/* The regions read (points) into pg->ink: the whole page, or each. */
static int
keep_regions(struct lak_page *pg, const struct acct *a, bool whole)
{
	size_t n = whole ? 1 : a->n;

	free(pg->ink);
	pg->nink = 0;
	if ((pg->ink = calloc(n + 1, sizeof(*pg->ink))) == NULL)
		return -1;
	if (whole) {
		pg->ink[0].x1 = (float)pg->width;
		pg->ink[0].y1 = (float)pg->height;
	}
	for (size_t i = 0; !whole && i < n; i++) {
		pg->ink[i].x0 = (float)(a->r[i].x0 / a->s);
		pg->ink[i].y0 = (float)(a->r[i].y0 / a->s);
		pg->ink[i].x1 = (float)(a->r[i].x1 / a->s);
		pg->ink[i].y1 = (float)(a->r[i].y1 / a->s);
	}
	pg->nink = n;
	return 0;
}

/* Move word 'w' to the end of 'to' (its text goes with it); -1 when out
 * of memory. */
static int
move_word(struct lak_ocr_words *to, struct lak_ocr_word *w)
{
	if (lak_array_grow((void **)&to->w, &to->alloc, to->n,
	    sizeof(*to->w)) < 0)
		return -1;
	to->w[to->n++] = *w;
	w->text = NULL;
	return 0;
}

/* The words OCR read where the page's text says otherwise join the page,
 * and the page says so. */
static int
add_second_reading(struct lak_doc *doc, struct lak_page *pg,
    const struct lak_ocr_words *ws, struct lak_error *err)
{
	bool sure = false;

	if (ws->n == 0)
		return 0;
	if (lak_ink_add_words(doc, pg, ws, &sure) < 0)
		return lak_error_oom(err);
	pg->flags |= LAK_PAGE_TEXT_DISAGREES;
	return 0;
}

/* --- lines whose text may lie ------------------------------------------- */

/* A character that is neither a letter, a digit, a space nor punctuation
 * a text uses: a ToUnicode map that lies tends to give these. */
static bool
odd(uint32_t cp)
{
	static const uint32_t fine[] = { 0x20AC, 0x2013, 0x2014, 0x2018,
	    0x2019, 0x201C, 0x201D, 0x2022, 0x00B7, 0x00A7, 0x00B0, 0x00AB,
	    0x00BB, 0x2026, 0x00D7, 0x00AE, 0x00A9, 0x2122, 0x2192, 0x25AA,
	    0x25CF, 0x00BD, 0x00BC, 0x00B2, 0x00B3 };

	if (g_unichar_isalnum(cp) || g_unichar_isspace(cp))
		return false;
	if (cp < 128)
		return strchr(".,;:'\"()-/%&+!?@*#[]_=<>$", (int)cp) == NULL;
	for (size_t i = 0; i < LAK_ARRAY_SIZE(fine); i++)
		if (cp == fine[i])
			return false;
	return true;
}

/* A Type3 font without a name: poppler calls it so. */
static bool
type3(const struct lak_doc *doc, const struct lak_char *c)
{
	const char *font = c->font < doc->nfonts ? doc->fonts[c->font] : "";

	return strcmp(font, "Default") == 0 || strstr(font, "Type3") != NULL;
}

/* The glyphs of a page drawn alone (poppler's selection rendering), grey,
 * at GLYPHS_DPI: where a Type3 font's glyphs draw ink at all. */
#define GLYPHS_DPI 36.0

struct glyphs {
	unsigned char *g;	/* NULL: not rendered */
	int w, h;
};

static void
render_glyphs(PopplerPage *pp, const struct lak_page *pg, struct glyphs *gl)
{
	double s = GLYPHS_DPI / 72.0;

	gl->w = (int)ceil(pg->width * s);
	gl->h = (int)ceil(pg->height * s);
	gl->g = lak_render_grey(pp, GLYPHS_DPI, gl->w, gl->h, true);
}

/* Whether the glyphs draw ink in box 'b' (points). Unknown (no image):
 * yes. */
static bool
glyph_ink(const struct glyphs *gl, const struct lak_box *b)
{
	double s = GLYPHS_DPI / 72.0;
	int x0 = LAK_MAX(0, (int)floor(b->x0 * s));
	int y0 = LAK_MAX(0, (int)floor(b->y0 * s));
	int x1 = LAK_MIN(gl->w, (int)ceil(b->x1 * s));
	int y1 = LAK_MIN(gl->h, (int)ceil(b->y1 * s));
	int dark = 0;

	if (gl->g == NULL)
		return true;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			dark += gl->g[(size_t)y * (size_t)gl->w + (size_t)x] < 128;
	return dark >= 3;
}

/*
 * The boxes (points) of the lines to read again, in 'out'. A line of a
 * Type3 font counts only where its glyphs draw ink ('gl'): the invisible
 * text layer of a page rebuilt from pixels (lakwerk's own releases among
 * them) draws none, and has nothing to say about what it lies on.
 */
static size_t
suspect_lines(const struct lak_doc *doc, const struct lak_page *pg, bool all,
    const struct glyphs *gl, struct lak_ocr_rect **out, double s)
{
	size_t n = 0, alloc = 0, start = 0;

	*out = NULL;
	for (size_t i = 0; i <= pg->nchars; i++) {
		size_t nodd = 0, nvis = 0, wodd = 0, wlen = 0;
		bool t3 = false, oddword = false;
		struct lak_box b = { 1e9f, 1e9f, -1e9f, -1e9f };

		if (i < pg->nchars && pg->chars[i].cp != '\n')
			continue;
		for (size_t k = start; k < i; k++) {
			const struct lak_char *c = &pg->chars[k];

			if ((c->flags & HIDDEN) || g_unichar_isspace(c->cp) ||
			    !box_ok(&c->box)) {
				/* a word of odd characters among letters */
				oddword |= wodd >= 2 && wodd * 5 >= wlen;
				wodd = wlen = 0;
				continue;
			}
			nvis++;
			nodd += odd(c->cp);
			wodd += odd(c->cp);
			wlen++;
			t3 |= type3(doc, c);
			b.x0 = LAK_MIN(b.x0, c->box.x0);
			b.y0 = LAK_MIN(b.y0, c->box.y0);
			b.x1 = LAK_MAX(b.x1, c->box.x1);
			b.y1 = LAK_MAX(b.y1, c->box.y1);
		}
		oddword |= wodd >= 2 && wodd * 5 >= wlen;
		start = i + 1;
		if (nvis == 0 || !(all || (t3 && glyph_ink(gl, &b)) ||
		    oddword || (nvis >= 3 && nodd * 10 >= nvis * 3)))
			continue;
		if (lak_array_grow((void **)out, &alloc, n, sizeof(**out)) < 0)
			return n;
		{
			struct lak_ocr_rect *r = *out;
			double h = b.y1 - b.y0;

			/* glyphs may draw beyond their boxes: a margin of a
			 * line's height */
			r[n].x0 = (int)floor((b.x0 - h) * s);
			r[n].y0 = (int)floor((b.y0 - h / 2) * s);
			r[n].x1 = (int)ceil((b.x1 + 4 * h) * s);
			r[n].y1 = (int)ceil((b.y1 + h / 2) * s);
			n++;
		}
	}
	return n;
}

/* Letters and digits of 's', lower case, into 'out'. */
static void
fold_alnum(const char *s, GString *out)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_isalnum(c))
			g_string_append_unichar(out, g_unichar_tolower(c));
	}
}

/*
 * Read the suspect lines by OCR; a line whose words (of three letters or
 * digits or more) the page's text mostly lacks joins the page.
 */
static int
cross_check(PopplerPage *pp, struct lak_doc *doc, struct lak_page *pg,
    const struct lak_ingest_opts *o, bool all, struct ocr_page *op,
    struct lak_error *err)
{
	double s = o->ocr_dpi / 72.0;
	struct lak_ocr_rect *rr = NULL;
	struct lak_ocr_words ws = { 0 }, miss = { 0 };
	GString *text = g_string_new(NULL), *wd = g_string_new(NULL);
	struct glyphs gl = { NULL, 0, 0 };
	size_t n, *found = NULL, *total = NULL;
	int ret = -1;

	/* the glyphs alone, for a page with a Type3 font */
	for (size_t i = 0; i < pg->nchars; i++)
		if (!(pg->chars[i].flags & HIDDEN) && type3(doc, &pg->chars[i])) {
			render_glyphs(pp, pg, &gl);
			break;
		}
	n = suspect_lines(doc, pg, all, &gl, &rr, s);
	free(gl.g);
	if (n == 0) {
		ret = 0;
		goto out;
	}
	if (ocr_page_get(pp, pg, o, op, err) < 0 ||
	    lak_ocr_grey(op->g, op->w, op->h, op->w, o->ocr_dpi, 0, 0, rr, n,
	    &ws, err) < 0) {
		/* too large to read, or no Tesseract: the accounting has
		 * said so */
		if (err->code != LAK_EUNSUPPORTED && err->code != LAK_ELIMIT)
			goto out;
		lak_error_clear(err);
		ret = 0;
		goto out;
	}
	for (size_t i = 0; i < pg->nchars; i++)
		if (!(pg->chars[i].flags & HIDDEN) &&
		    g_unichar_isalnum(pg->chars[i].cp))
			g_string_append_unichar(text,
			    g_unichar_tolower(pg->chars[i].cp));
	/* per line read: OCR misreads a word now and then; a line whose
	 * words the text mostly lacks says something else */
	if ((found = calloc(n + 1, sizeof(*found))) == NULL ||
	    (total = calloc(n + 1, sizeof(*total))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < ws.n; i++) {
		g_string_truncate(wd, 0);
		fold_alnum(ws.w[i].text, wd);
		if (wd->len < 3 || ws.w[i].part >= n)
			continue;
		total[ws.w[i].part]++;
		found[ws.w[i].part] += strstr(text->str, wd->str) != NULL;
	}
	for (size_t i = 0; i < ws.n; i++) {
		unsigned int pt = ws.w[i].part;

		/* a line the text reads otherwise joins the page whole, so
		 * that a number split in words is read as one (the words are
		 * moved, not copied) */
		if (pt >= n || total[pt] == 0 || found[pt] * 3 >= total[pt] * 2)
			continue;
		if (move_word(&miss, &ws.w[i]) < 0) {
			lak_error_oom(err);
			goto out;
		}
	}
	if (add_second_reading(doc, pg, &miss, err) < 0)
		goto out;
	ret = 0;
out:
	lak_ocr_words_release(&ws);	/* and the words not moved */
	lak_ocr_words_release(&miss);
	g_string_free(text, TRUE);
	g_string_free(wd, TRUE);
	free(found);
	free(total);
	free(rr);
	return ret;
}

/* --- text at an angle ---------------------------------------------------- *//* --- text at an angle ---------------------------------------------------- */

/*
 * Render the part (x0, y0)-(x1, y1) of the page turned by -'ang' around
 * (cx, cy), read it, and append the words with upright boxes (points) that
 * hold them on the page.
 */
static int
read_turned(PopplerPage *pp, const struct lak_page *pg,
    const struct lak_ingest_opts *o, double x0, double y0, double x1,
    double y1, double cx, double cy, double ang,
    struct lak_ocr_words *out, struct lak_error *err)
{
	double s = o->ocr_dpi / 72.0, half;
	double d = hypot(x1 - x0, y1 - y0) + 24;	/* the turned part fits */
	int w = (int)ceil(d * s);
	cairo_surface_t *surf;
	cairo_t *cr;
	struct lak_ocr_words ws = { 0 };
	unsigned char *g = NULL;
	int ret = -1;

	(void)pg;
	if ((unsigned long)w * (unsigned long)w > o->ocr_max_pixels)
		return 0;
	surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, w);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return lak_error_oom(err);
	}
	half = d / 2;
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	cairo_translate(cr, half, half);
	cairo_rotate(cr, -ang);
	cairo_translate(cr, -cx, -cy);
	/* only the part: the rest of the page would be read at an angle */
	cairo_rectangle(cr, x0 - 4, y0 - 4, x1 - x0 + 8, y1 - y0 + 8);
	cairo_clip(cr);
	poppler_page_render_for_printing_with_options(pp, cr,
	    POPPLER_PRINT_DOCUMENT);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	g = lak_grey_image(cairo_image_surface_get_data(surf), w, w,
	    cairo_image_surface_get_stride(surf));
	cairo_surface_destroy(surf);
	if (g == NULL)
		return lak_error_oom(err);
	if (lak_ocr_grey(g, w, w, w, o->ocr_dpi, 0, 0, NULL, 0, &ws, err) < 0) {
		if (err->code == LAK_EUNSUPPORTED) {
			lak_error_clear(err);
			ret = 0;
		}
		goto out;
	}
	/* each word's corners back onto the page */
	for (size_t i = 0; i < ws.n; i++) {
		struct lak_ocr_word *wd = &ws.w[i];
		double px[4] = { wd->box.x0, wd->box.x1, wd->box.x1, wd->box.x0 };
		double py[4] = { wd->box.y0, wd->box.y0, wd->box.y1, wd->box.y1 };
		double bx0 = 1e9, by0 = 1e9, bx1 = -1e9, by1 = -1e9;

		for (int k = 0; k < 4; k++) {
			double ux = px[k] - half, uy = py[k] - half;
			double qx = cx + ux * cos(ang) - uy * sin(ang);
			double qy = cy + ux * sin(ang) + uy * cos(ang);

			bx0 = LAK_MIN(bx0, qx);
			by0 = LAK_MIN(by0, qy);
			bx1 = LAK_MAX(bx1, qx);
			by1 = LAK_MAX(by1, qy);
		}
		wd->box.x0 = (float)bx0;
		wd->box.y0 = (float)by0;
		wd->box.x1 = (float)bx1;
		wd->box.y1 = (float)by1;
		wd->line += out->lines;
	}
	for (size_t i = 0; i < ws.n; i++)
		if (move_word(out, &ws.w[i]) < 0) {
			lak_error_oom(err);
			goto out;
		}
	out->lines += ws.lines;
	ret = 0;
out:
	lak_ocr_words_release(&ws);	/* and the words not moved */
	free(g);
	return ret;
}


/*
 * Text set at an angle comes out of extraction scrambled: short lines of a
 * character or two, in no reading order, so no rule matches. Their boxes
 * still lie along the text's baseline. Characters of such short lines that
 * lie close together are taken as one run; the direction of their centres
 * (least squares) is the text's angle; the run is rendered turned back by
 * it and read by OCR, and the words join the page with the upright boxes
 * that hold them.
 */
#define ANGLED_MIN 8		/* characters in a run */

/*
 * Whether the line from 'a' to 'b' reads in no order: a third or more of
 * its neighbouring characters jump (up or down, back, or far on) instead
 * of following each other.
 */
static bool
scrambled(const struct lak_page *pg, size_t a, size_t b)
{
	size_t pairs = 0, jumps = 0;
	const struct lak_char *prev = NULL;

	for (size_t k = a; k < b; k++) {
		const struct lak_char *c = &pg->chars[k];
		float h, dy, dx;

		if (g_unichar_isspace(c->cp) || (c->flags & HIDDEN))
			continue;
		if (prev != NULL) {
			h = LAK_MAX(c->box.y1 - c->box.y0, 1.0f);
			dy = (c->box.y0 + c->box.y1 - prev->box.y0 -
			    prev->box.y1) / 2;
			dx = c->box.x0 - prev->box.x1;
			pairs++;
			jumps += dy > 0.3f * h || dy < -0.3f * h ||
			    dx < -0.3f * h || dx > 2.0f * h;
		}
		prev = c;
	}
	return pairs >= 2 && jumps * 3 >= pairs;
}

static size_t
find(size_t *root, size_t i)
{
	while (root[i] != i) {
		root[i] = root[root[i]];
		i = root[i];
	}
	return i;
}

/* Whether boxes p and q are within a letter's height of each other. */
static bool
close_by(const struct lak_box *p, const struct lak_box *q)
{
	float h = LAK_MAX(p->y1 - p->y0, q->y1 - q->y0);

	return !(p->x0 - h > q->x1 || q->x0 - h > p->x1 ||
	    p->y0 - h > q->y1 || q->y0 - h > p->y1);
}

#define CELL 16.0		/* points: the grid for finding neighbours */

/* The grid cell of coordinate 'v', within 0..n-1 (a box of a hostile file
 * may be anywhere, or not a number). */
static int
cell_of(double v, int n)
{
	double c = v / CELL;

	if (!(c >= 0))
		return 0;
	return c >= n - 1 ? n - 1 : (int)c;
}

static int
read_angled(PopplerPage *pp, struct lak_doc *doc, struct lak_page *pg,
    const struct lak_ingest_opts *o, struct lak_error *err)
{
	size_t nc = pg->nchars, ncand = 0;
	bool *cand = calloc(nc + 1, sizeof(bool));
	size_t *root = calloc(nc + 1, sizeof(size_t));
	size_t *cells = NULL, *next = NULL;
	int gw = (int)ceil(pg->width / CELL) + 1;
	int gh = (int)ceil(pg->height / CELL) + 1;
	struct lak_ocr_words all = { 0 };
	int ret = -1;

	if (cand == NULL || root == NULL) {
		lak_error_oom(err);
		goto out;
	}
	/* characters alone, or nearly, on a line, or on a line in no order */
	for (size_t a = 0, b; a < nc; a = b + 1) {
		size_t vis = 0;

		for (b = a; b < nc && pg->chars[b].cp != '\n'; b++)
			vis += !g_unichar_isspace(pg->chars[b].cp);
		if (!(vis > 0 && vis <= 2) && !scrambled(pg, a, b))
			continue;
		for (size_t k = a; k < b; k++)
			if (!g_unichar_isspace(pg->chars[k].cp) &&
			    !(pg->chars[k].flags & HIDDEN)) {
				cand[k] = true;
				ncand++;
			}
	}
	if (ncand < 3) {
		ret = 0;
		goto out;
	}
	/* runs of characters close by (a grid finds the neighbours) */
	cells = malloc((size_t)gw * (size_t)gh * sizeof(size_t));
	next = malloc((nc + 1) * sizeof(size_t));
	if (cells == NULL || next == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < (size_t)gw * (size_t)gh; i++)
		cells[i] = SIZE_MAX;
	for (size_t i = 0; i < nc; i++) {
		const struct lak_char *c = &pg->chars[i];
		int cx = cell_of((c->box.x0 + c->box.x1) / 2, gw);
		int cy = cell_of((c->box.y0 + c->box.y1) / 2, gh);

		root[i] = i;
		next[i] = SIZE_MAX;
		if (g_unichar_isspace(c->cp) || (c->flags & HIDDEN) ||
		    !box_ok(&c->box))
			continue;
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++) {
				int x = cx + dx, y = cy + dy;

				if (x < 0 || y < 0 || x >= gw || y >= gh)
					continue;
				for (size_t j = cells[(size_t)y * (size_t)gw +
				    (size_t)x]; j != SIZE_MAX; j = next[j])
					if (close_by(&c->box, &pg->chars[j].box))
						root[find(root, j)] = find(root,
						    i);
			}
		next[i] = cells[(size_t)cy * (size_t)gw + (size_t)cx];
		cells[(size_t)cy * (size_t)gw + (size_t)cx] = i;
	}
	for (size_t r = 0; r < nc; r++) {
		double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, k = 0, kc = 0;
		double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9, ang;

		if (find(root, r) != r || g_unichar_isspace(pg->chars[r].cp) ||
		    (pg->chars[r].flags & HIDDEN) || !box_ok(&pg->chars[r].box))
			continue;
		for (size_t i = 0; i < nc; i++) {
			const struct lak_box *b = &pg->chars[i].box;
			double mx = (b->x0 + b->x1) / 2, my = (b->y0 + b->y1) / 2;

			if (g_unichar_isspace(pg->chars[i].cp) ||
			    (pg->chars[i].flags & HIDDEN) ||
			    !box_ok(&pg->chars[i].box) || find(root, i) != r)
				continue;
			sx += mx;
			sy += my;
			sxx += mx * mx;
			sxy += mx * my;
			syy += my * my;
			k++;
			kc += cand[i];
			x0 = LAK_MIN(x0, b->x0);
			y0 = LAK_MIN(y0, b->y0);
			x1 = LAK_MAX(x1, b->x1);
			y1 = LAK_MAX(y1, b->y1);
		}
		/* a run with scrambled lines in it */
		if (k < ANGLED_MIN || kc * 4 < k)
			continue;
		{
			double vx = sxx - sx * sx / k, vy = syy - sy * sy / k;
			double cv = sxy - sx * sy / k;

			ang = 0.5 * atan2(2 * cv, vx - vy);
		}
		/* only text that is neither level nor upright */
		if (fabs(ang) < 0.09 || fabs(fabs(ang) - M_PI / 2) < 0.09)
			continue;
		if (read_turned(pp, pg, o, x0, y0, x1, y1, (x0 + x1) / 2,
		    (y0 + y1) / 2, ang, &all, err) < 0)
			goto out;
	}
	if (add_second_reading(doc, pg, &all, err) < 0)
		goto out;
	ret = 0;
out:
	lak_ocr_words_release(&all);
	free(cand);
	free(root);
	free(cells);
	free(next);
	return ret;
}

/* --- the page ------------------------------------------------------------ */

int
lak_ink_account(void *vpp, struct lak_doc *doc, struct lak_page *pg,
    const struct lak_ingest_opts *o, bool check_all, struct lak_error *err)
{
	PopplerPage *pp = vpp;
	struct acct a = { 0 };
	struct lak_ocr_words ws = { 0 };
	struct ocr_page op = { NULL, 0, 0 };
	unsigned char *g = NULL;
	double area = 0, dpi = o->probe_dpi > 0 ? o->probe_dpi : 50;
	bool text = false, whole, sure = false;
	size_t np;
	int rc, ret = -1;

	a.s = dpi / 72.0;
	a.w = (int)ceil(pg->width * a.s);
	a.h = (int)ceil(pg->height * a.s);
	if (a.w <= 0 || a.h <= 0 || (unsigned long)a.w * (unsigned long)a.h >
	    o->probe_max_pixels)
		return 0;
	np = (size_t)a.w * (size_t)a.h;
	for (size_t i = 0; i < pg->nchars && !text; i++)
		text = !(pg->chars[i].flags & HIDDEN) &&
		    !g_unichar_isspace(pg->chars[i].cp);
	/* A page of pictures without text (a scan) is read by OCR whole:
	 * it is rendered once, at the OCR resolution, and the probe's image
	 * shrunk from that (a second rendering of a 300-dpi scan at 50 dpi
	 * cost as much as the first). */
	if (!text && pg->nimages > 0) {
		if (ocr_page_get(pp, pg, o, &op, err) < 0) {
			if (err->code != LAK_ELIMIT)
				return -1;
			lak_error_clear(err);
		} else if ((g = lak_grey_shrink(op.g, op.w, op.h, a.w,
		    a.h)) == NULL) {
			free(op.g);
			return lak_error_oom(err);
		}
	}
	if ((g == NULL && (g = lak_render_grey(pp, dpi, a.w, a.h, false)) ==
	    NULL) || (a.ink = malloc(np)) == NULL) {
		free(g);
		free(op.g);
		return lak_error_oom(err);
	}
	a.grey = g;
	for (size_t i = 0; i < np; i++)
		a.ink[i] = g[i] < INK;
	explain(&a, pg);
	if ((rc = pieces(&a)) < 0) {
		lak_error_oom(err);
		goto out;
	}
	regions(&a);
	for (size_t i = 0; i < a.n; ) {
		if (!textlike(&a.r[i], a.s)) {
			a.r[i] = a.r[--a.n];
			continue;
		}
		area += (double)(a.r[i].x1 - a.r[i].x0) *
		    (double)(a.r[i].y1 - a.r[i].y0);
		i++;
	}
	if (a.n == 0 && rc != 1) {
		ret = 0;
		goto out;
	}
	if (text)	/* beside the text (a page without is a scan) */
		pg->flags |= LAK_PAGE_UNEXPLAINED_INK;
	whole = rc == 1 || !text || area > WHOLE_PAGE * (double)np;
	rc = read_regions(pp, pg, o, &a, whole, &op, &ws, err);
	if (rc < 0) {
		if (err->code != LAK_EUNSUPPORTED && err->code != LAK_ELIMIT)
			goto out;
		/* fail closed: the page cannot be read, so it needs review */
		lak_error_clear(err);
		pg->flags |= LAK_PAGE_NEEDS_OCR;
		ret = 0;
		goto out;
	}
	if (keep_regions(pg, &a, whole) < 0 ||
	    lak_ink_add_words(doc, pg, &ws, &sure) < 0) {
		lak_error_oom(err);
		goto out;
	}
	/* A page that is only pictures still needs a person when OCR read
	 * nothing on it with confidence; with words, it can be redacted. */
	if (sure)
		pg->flags &= ~(uint32_t)LAK_PAGE_NEEDS_OCR;
	else if (!text && pg->nimages > 0)
		pg->flags |= LAK_PAGE_NEEDS_OCR;
	ret = 0;
out:
	if (ret == 0 && text && !o->own_print && (cross_check(pp, doc, pg, o,
	    check_all, &op, err) < 0 || read_angled(pp, doc, pg, o, err) < 0))
		ret = -1;
	lak_ocr_words_release(&ws);
	free(a.r);
	free(a.ink);
	free(op.g);
	free(g);
	return ret;
}
