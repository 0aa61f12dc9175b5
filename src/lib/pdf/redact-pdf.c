/*
 * Redaction stage, PDF output (see redact-pdf.h).
 */
#include "lib/base/common.h"

#include <math.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <poppler.h>

#include "lib/base/grey.h"
#include "lib/ingest/ingest-int.h"
#include "lib/ingest/ocr-int.h"
#include "lib/pdf/pdfwrite.h"
#include "lib/pdf/raster-int.h"
#include "lib/pdf/redact-pdf.h"

/* The words of the text layer for one page. */
struct words {
	struct lak_pdf_word *w;
	size_t n, alloc;
	GString *text;		/* all word texts (and alts), NUL-separated */
	GArray *starts;		/* offset of each word's text */
	GArray *alts;		/* offset of each word's alt, or SIZE_MAX */
	GArray *keys;		/* each word's place in the reading order */
	/* the structure: the paragraph of every source character (-1:
	 * none), and the page's elements */
	const int *src_para;
	size_t nsrc;
	struct lak_pdf_elem *elems;
	size_t nelems, elems_alloc;
	char roles[6][3];	/* "H1" ... "H6" */
};

/* A word or label with no place in the source (sorted last). */
#define KEY_NONE SIZE_MAX

/* Add a word whose first character is source character 'key' (its
 * paragraph and place in the reading order), with 'alt' for a label. */
static int
word_add(struct words *ws, const struct lak_box *b, const char *text,
    size_t len, size_t key, const char *alt)
{
	size_t at = ws->text->len, alt_at = SIZE_MAX;

	if (lak_array_grow((void **)&ws->w, &ws->alloc, ws->n,
	    sizeof(*ws->w)) < 0)
		return -1;
	memset(&ws->w[ws->n], 0, sizeof(ws->w[ws->n]));
	ws->w[ws->n].x0 = b->x0;
	ws->w[ws->n].y0 = b->y0;
	ws->w[ws->n].x1 = b->x1;
	ws->w[ws->n].y1 = b->y1;
	ws->w[ws->n].text = NULL;	/* set once 'text' stops moving */
	ws->n++;
	g_string_append_len(ws->text, text, (gssize)len);
	g_string_append_c(ws->text, '\0');
	if (alt != NULL) {
		alt_at = ws->text->len;
		g_string_append(ws->text, alt);
		g_string_append_c(ws->text, '\0');
	}
	g_array_append_val(ws->starts, at);
	g_array_append_val(ws->alts, alt_at);
	g_array_append_val(ws->keys, key);
	return 0;
}

static int
para_of(const struct words *ws, size_t key)
{
	return key < ws->nsrc ? ws->src_para[key] : -1;
}

/* A word's place in the order of the structure: its paragraph (none:
 * last, as UINT_MAX), its first character, and its index (stable). */
struct order {
	unsigned int para;
	size_t key, i;
};

static int
order_cmp(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->para != y->para)
		return x->para < y->para ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The words in reading order, each in the structure element of its
 * paragraph (one element per paragraph on the page, in the paragraphs'
 * order; words of none in a P at the end), their texts set.
 */
static int
words_fix(struct words *ws, const struct lak_view *v)
{
	struct order *ord = malloc((ws->n + 1) * sizeof(*ord));
	struct lak_pdf_word *sorted = malloc((ws->n + 1) * sizeof(*sorted));
	int last = -2;

	if (ord == NULL || sorted == NULL) {
		free(ord);
		free(sorted);
		return -1;
	}
	for (size_t i = 0; i < ws->n; i++) {
		size_t alt = g_array_index(ws->alts, size_t, i);
		size_t key = g_array_index(ws->keys, size_t, i);

		ws->w[i].text = ws->text->str + g_array_index(ws->starts,
		    size_t, i);
		ws->w[i].alt = alt == SIZE_MAX ? NULL : ws->text->str + alt;
		ord[i].para = (unsigned int)para_of(ws, key);
		ord[i].key = key;
		ord[i].i = i;
	}
	/* by paragraph (none last), then by place; qsort, not a sort that
	 * counts on the words coming nearly in order (a hostile page need
	 * not) */
	if (ws->n > 1)
		qsort(ord, ws->n, sizeof(*ord), order_cmp);
	ws->nelems = 0;
	for (size_t i = 0; i < ws->n; i++) {
		int para = (int)ord[i].para;

		if (para != last || ws->nelems == 0) {
			const struct lak_para *pa = para >= 0 ?
			    &v->paras[para] : NULL;
			const char *role = "P";

			if (lak_array_grow((void **)&ws->elems,
			    &ws->elems_alloc, ws->nelems,
			    sizeof(*ws->elems)) < 0) {
				free(ord);
				free(sorted);
				return -1;
			}
			if (pa != NULL && pa->kind == LAK_PARA_RUNNING)
				role = NULL;
			else if (pa != NULL && pa->kind == LAK_PARA_HEADING)
				role = ws->roles[LAK_MAX(1, LAK_MIN(pa->level,
				    6)) - 1];
			ws->elems[ws->nelems++].role = role;
			last = para;
		}
		sorted[i] = ws->w[ord[i].i];
		sorted[i].elem = ws->nelems - 1;
	}
	if (ws->n > 0)
		memcpy(ws->w, sorted, ws->n * sizeof(*sorted));
	free(ord);
	free(sorted);
	return 0;
}

static void
words_reset(struct words *ws)
{
	ws->n = 0;
	ws->nelems = 0;
	g_string_truncate(ws->text, 0);
	g_array_set_size(ws->starts, 0);
	g_array_set_size(ws->alts, 0);
	g_array_set_size(ws->keys, 0);
}

/* Hidden characters never go into the text layer: a reader did not see
 * them on the page, so the release must not carry them. */
#define HIDDEN LAK_CHAR_UNSEEN

/* The unredacted, visible words of page p. */
static int
page_words(const struct lak_doc *doc, const struct lak_view *v, size_t p,
    const bool *redacted, struct words *ws)
{
	const struct lak_page *pg = &doc->pages[p];
	size_t base = v->page_src[p];
	GString *cur = g_string_new(NULL);
	struct lak_box box = { 0, 0, 0, 0 };
	const struct lak_char *prev = NULL;
	size_t first = KEY_NONE;
	int ret = 0;

	for (size_t i = 0; i <= pg->nchars && ret == 0; i++) {
		const struct lak_char *c = i < pg->nchars ? &pg->chars[i] :
		    NULL;
		bool skip = c == NULL || lak_raster_blank(c->cp) || redacted[base + i] ||
		    (c->flags & HIDDEN) || c->cp == 0xAD ||
		    lak_cp_unreliable(c->cp);
		bool gap = c != NULL && prev != NULL && !skip &&
		    (c->box.x0 - prev->box.x1 > 0.3f * LAK_MAX(c->size, 1) ||
		    c->box.x0 < prev->box.x0 - 1 ||
		    fabsf(c->box.y1 - prev->box.y1) > LAK_MAX(c->size, 1) / 2);

		if ((skip || gap) && cur->len > 0) {
			if (word_add(ws, &box, cur->str, cur->len, first,
			    NULL) < 0)
				ret = -1;
			g_string_truncate(cur, 0);
			prev = NULL;
		}
		if (skip || ret < 0)
			continue;
		if (cur->len == 0) {
			box = c->box;
			first = base + i;
		}
		else {
			box.x0 = LAK_MIN(box.x0, c->box.x0);
			box.y0 = LAK_MIN(box.y0, c->box.y0);
			box.x1 = LAK_MAX(box.x1, c->box.x1);
			box.y1 = LAK_MAX(box.y1, c->box.y1);
		}
		if (c->cp < 0x80) {
			g_string_append_c(cur, (char)c->cp);
		} else {
			/* ligatures expanded, as the view has them */
			char u[8];
			int n = g_unichar_to_utf8(c->cp, u);
			gchar *k = g_utf8_normalize(u, n, G_NORMALIZE_NFKC);

			g_string_append(cur, k ? k : u);
			g_free(k);
		}
		prev = c;
	}
	g_string_free(cur, TRUE);
	return ret;
}

/* --- drawing ------------------------------------------------------------ */

struct boxctx {
	cairo_t *cr;
	uint32_t page;
	const struct lak_pdf_opts *o;
	const char *label;
	const char *alt;	/* what the label stands for, said aloud */
	size_t key;		/* the span's first source character */
	struct words *ws;
	int failed;
	cairo_surface_t *surf;	/* the page being painted */
	double s;		/* its pixels per point */
	unsigned char *seen;	/* scratch for grow_to_ink() */
	size_t seen_len;
};

/* Whether dark ink lies on both sides of the edge of box (bx0, by0)-(bx1,
 * by1), in pixels: a glyph inside reaches out of it. */
static bool
ink_crosses(const unsigned char *d, int st, int w, int h, int bx0, int by0,
    int bx1, int by1)
{
#define DK(x, y) ((x) >= 0 && (y) >= 0 && (x) < w && (y) < h && \
	(((const uint32_t *)(const void *)(d + (size_t)(y) * (size_t)st))[x] & \
	0xFF00) < 0x8000)
	for (int x = bx0; x < bx1; x++)
		if ((DK(x, by0 - 1) && DK(x, by0)) ||
		    (DK(x, by1) && DK(x, by1 - 1)))
			return true;
	for (int y = by0; y < by1; y++)
		if ((DK(bx0 - 1, y) && DK(bx0, y)) ||
		    (DK(bx1, y) && DK(bx1 - 1, y)))
			return true;
	return false;
#undef DK
}

/*
 * A glyph may draw beyond the box its font declares: grow the box
 * (x0, y0)-(x1, y1), in points, to the dark ink that touches the ink
 * inside it, within a ring of about half the box's height (so an
 * underline or a table rule cannot carry it far).
 */
static void
grow_to_ink(struct boxctx *c, double *x0, double *y0, double *x1, double *y1)
{
	int w = cairo_image_surface_get_width(c->surf);
	int h = cairo_image_surface_get_height(c->surf);
	int st = cairo_image_surface_get_stride(c->surf);
	const unsigned char *d;
	double ring = LAK_MAX(2.0, 0.6 * (*y1 - *y0));
	int bx0 = (int)floor(*x0 * c->s), by0 = (int)floor(*y0 * c->s);
	int bx1 = (int)ceil(*x1 * c->s), by1 = (int)ceil(*y1 * c->s);
	int ex0 = LAK_MAX(0, (int)floor((*x0 - ring) * c->s));
	int ey0 = LAK_MAX(0, (int)floor((*y0 - ring) * c->s));
	int ex1 = LAK_MIN(w, (int)ceil((*x1 + ring) * c->s));
	int ey1 = LAK_MIN(h, (int)ceil((*y1 + ring) * c->s));
	int ew = ex1 - ex0, eh = ey1 - ey0, gx0, gy0, gx1, gy1;
	size_t n, top = 0, *stack;

	if (!(*x0 > -1e5 && *x1 < 1e5 && *y0 > -1e5 && *y1 < 1e5) ||
	    ew <= 0 || eh <= 0)
		return;
	/* most boxes hold their glyphs: no ink crosses their edge */
	cairo_surface_flush(c->surf);
	d = cairo_image_surface_get_data(c->surf);
	if (!ink_crosses(d, st, w, h, bx0, by0, bx1, by1))
		return;
	n = (size_t)ew * (size_t)eh;
	if (n > c->seen_len) {
		unsigned char *ns = realloc(c->seen, n);

		if (ns == NULL)
			return;	/* the box as declared */
		c->seen = ns;
		c->seen_len = n;
	}
	if ((stack = malloc(n * sizeof(*stack))) == NULL)
		return;
	memset(c->seen, 0, n);
#define DARK_AT(x, y) ((((const uint32_t *)(const void *)(d + \
	(size_t)(y) * (size_t)st))[x] & 0xFF00) < 0x8000)
	gx0 = bx0;
	gy0 = by0;
	gx1 = bx1;
	gy1 = by1;
	for (int y = LAK_MAX(by0, ey0); y < LAK_MIN(by1, ey1); y++)
		for (int x = LAK_MAX(bx0, ex0); x < LAK_MIN(bx1, ex1); x++) {
			size_t k = (size_t)(y - ey0) * (size_t)ew +
			    (size_t)(x - ex0);

			if (!c->seen[k] && DARK_AT(x, y)) {
				c->seen[k] = 1;
				stack[top++] = k;
			}
		}
	while (top > 0) {
		size_t k = stack[--top];
		int x = ex0 + (int)(k % (size_t)ew), y = ey0 + (int)(k /
		    (size_t)ew);

		gx0 = LAK_MIN(gx0, x);
		gy0 = LAK_MIN(gy0, y);
		gx1 = LAK_MAX(gx1, x + 1);
		gy1 = LAK_MAX(gy1, y + 1);
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++) {
				int nx = x + dx, ny = y + dy;
				size_t q;

				if (nx < ex0 || ny < ey0 || nx >= ex1 ||
				    ny >= ey1)
					continue;
				q = (size_t)(ny - ey0) * (size_t)ew +
				    (size_t)(nx - ex0);
				if (!c->seen[q] && DARK_AT(nx, ny)) {
					c->seen[q] = 1;
					stack[top++] = q;
				}
			}
	}
#undef DARK_AT
	free(stack);
	*x0 = LAK_MIN(*x0, gx0 / c->s);
	*y0 = LAK_MIN(*y0, gy0 / c->s);
	*x1 = LAK_MAX(*x1, gx1 / c->s);
	*y1 = LAK_MAX(*y1, gy1 / c->s);
}

/* Draw the label in (or beside) the box; returns where it ends on the
 * right. */
static double
draw_label(cairo_t *cr, const char *label, double x0, double y0, double x1,
    double y1)
{
	double end = x1;

	cairo_text_extents_t e;
	double h = y1 - y0, w = x1 - x0, size = h * 0.72;

	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, label, &e);
	if (e.x_advance > w * 0.94)
		size *= w * 0.94 / e.x_advance;
	if (size >= 4.0) {
		cairo_set_font_size(cr, size);
		cairo_text_extents(cr, label, &e);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_move_to(cr, x0 + (w - e.x_advance) / 2,
		    y0 + (h - e.height) / 2 - e.y_bearing);
		cairo_show_text(cr, label);
	} else {
		/* too small inside: beside the box, black on the page */
		size = LAK_MAX(h * 0.72, 5.0);
		cairo_set_font_size(cr, size);
		cairo_text_extents(cr, label, &e);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_move_to(cr, x1 + 1.5, y0 + (h - e.height) / 2 -
		    e.y_bearing);
		cairo_show_text(cr, label);
		end = x1 + 1.5 + e.x_bearing + e.width + 0.5;
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	return end;
}

static void
draw_box(void *vctx, uint32_t page, const struct lak_box *b)
{
	struct boxctx *c = vctx;
	double x0 = b->x0 - c->o->margin, x1 = b->x1 + c->o->margin;
	double y0 = b->y0 - c->o->margin, y1 = b->y1 + c->o->margin;
	struct lak_box lb;

	if (page != c->page)
		return;
	if (x1 - x0 < c->o->min_width) {
		double grow = (c->o->min_width - (x1 - x0)) / 2;

		x0 -= grow;
		x1 += grow;
	}
	if (c->surf != NULL)
		grow_to_ink(c, &x0, &y0, &x1, &y1);
	cairo_set_source_rgb(c->cr, 0, 0, 0);
	cairo_rectangle(c->cr, x0, y0, x1 - x0, y1 - y0);
	cairo_fill(c->cr);
	/* the label is in the text layer too, over the box and the label's
	 * ink: searchable, and checkable */
	lb.x1 = (float)draw_label(c->cr, c->label, x0, y0, x1, y1);
	lb.x0 = (float)x0;
	lb.y0 = (float)y0;
	lb.y1 = (float)y1;
	if (word_add(c->ws, &lb, c->label, strlen(c->label), c->key,
	    c->alt) < 0)
		c->failed = 1;
}

/* The page image as grey or bilevel rows (in place). */
static void
to_pixels(cairo_surface_t *s, bool grey, unsigned char **px, size_t *stride,
    int *bits)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int st = cairo_image_surface_get_stride(s);
	unsigned char *d = cairo_image_surface_get_data(s);

	*px = d;
	if (grey) {
		*bits = 8;
		*stride = (size_t)w;
	} else {
		*bits = 1;
		*stride = (size_t)(w + 7) / 8;
	}
	/* rewrite front to back: each output row fits before its input */
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)
		    (d + (size_t)y * (size_t)st);
		unsigned char *o = d + (size_t)y * *stride;

		if (grey) {
			lak_grey_row((const unsigned char *)row, (size_t)w, o);
		} else {
			unsigned char acc = 0;
			int x;

			/* black or white by the green channel: the cheapest
			 * good proxy for luminance on document pages */
			for (x = 0; x + 8 <= w; x += 8) {
				const uint32_t *r8 = row + x;

				o[x >> 3] = (unsigned char)(
				    ((r8[0] & 0xFF00) >= 0xA000) << 7 |
				    ((r8[1] & 0xFF00) >= 0xA000) << 6 |
				    ((r8[2] & 0xFF00) >= 0xA000) << 5 |
				    ((r8[3] & 0xFF00) >= 0xA000) << 4 |
				    ((r8[4] & 0xFF00) >= 0xA000) << 3 |
				    ((r8[5] & 0xFF00) >= 0xA000) << 2 |
				    ((r8[6] & 0xFF00) >= 0xA000) << 1 |
				    ((r8[7] & 0xFF00) >= 0xA000));
			}
			for (; x < w; x++)
				acc = (unsigned char)(acc << 1 |
				    ((row[x] & 0xFF00) >= 0xA000));
			if (x & 7)
				o[x >> 3] = (unsigned char)(acc << (8 -
				    (x & 7)) | (0xFF >> (x & 7)));
		}
	}
}

/*
 * Photo pages: bilevel coding turns a photo, a shaded chart or a coloured
 * background into black blotches. A page more than PHOTO_SHARE of whose
 * pixels are mid-tones (grey 48 to 208: neither ink nor paper) goes out as
 * grey, at half the resolution, coded as JPEG. On text pages at 200 dpi
 * the anti-aliased edges of the letters are 1 to 6 % mid-tones; pages
 * with a photo or a coloured background 40 to 99 % (measured on the
 * bench corpus and ../shared/testdata).
 */
#define PHOTO_SHARE 0.20

/* The share of mid-tone pixels, from every 4th pixel of every 4th row. */
static double
midtone_share(cairo_surface_t *s)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int st = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	size_t n = 0, mid = 0;

	for (int y = 0; y < h; y += 4) {
		const uint32_t *row = (const uint32_t *)(const void *)(d +
		    (size_t)y * (size_t)st);

		for (int x = 0; x < w; x += 4) {
			unsigned g = (row[x] >> 8) & 0xFF;

			mid += g >= 48 && g <= 208;
			n++;
		}
	}
	return n ? (double)mid / (double)n : 0;
}

/* The page as grey at half the resolution (the mean of each 2 x 2), in a
 * new buffer of *pw x *ph, or NULL. */
static unsigned char *
grey_half(cairo_surface_t *s, int *pw, int *ph)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int st = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	int hw = (w + 1) / 2, hh = (h + 1) / 2;
	unsigned char *out = malloc((size_t)hw * (size_t)hh);
	unsigned char *r0 = malloc((size_t)w + 1), *r1 = malloc((size_t)w + 1);

	if (out == NULL || r0 == NULL || r1 == NULL) {
		free(out);
		free(r0);
		free(r1);
		return NULL;
	}
	for (int y = 0; y < hh; y++) {
		int ya = 2 * y, yb = LAK_MIN(2 * y + 1, h - 1);

		lak_grey_row(d + (size_t)ya * (size_t)st, (size_t)w, r0);
		lak_grey_row(d + (size_t)yb * (size_t)st, (size_t)w, r1);
		for (int x = 0; x < hw; x++) {
			int xa = 2 * x, xb = LAK_MIN(2 * x + 1, w - 1);

			out[(size_t)y * (size_t)hw + (size_t)x] = (unsigned char)
			    ((r0[xa] + r0[xb] + r1[xa] + r1[xb] + 2) / 4);
		}
	}
	free(r0);
	free(r1);
	*pw = hw;
	*ph = hh;
	return out;
}

/* Read the released page 'surf' (RGB24 at 's' pixels a point) by OCR where
 * the source page 'pg' had unexplained ink, into a new page of 'pixels'. */
static int
read_released(cairo_surface_t *surf, double s, const struct lak_page *pg,
    struct lak_doc *pixels, struct lak_error *err)
{
	struct lak_page *out = lak_doc_add_page(pixels, pg->width, pg->height);
	int w = cairo_image_surface_get_width(surf);
	int h = cairo_image_surface_get_height(surf);
	int st = cairo_image_surface_get_stride(surf);
	const unsigned char *d = cairo_image_surface_get_data(surf);
	struct lak_ocr_words ws = { 0 };
	struct lak_ocr_rect *rr = NULL;
	unsigned char *g = NULL;
	bool sure = false;
	int ret = -1;

	if (out == NULL)
		return lak_error_oom(err);
	if (pg->nink == 0)
		return 0;
	if ((g = lak_grey_image(d, w, h, st)) == NULL ||
	    (rr = calloc(pg->nink, sizeof(*rr))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < pg->nink; i++) {
		/* the region with a margin of about a letter */
		rr[i].x0 = (int)floor((pg->ink[i].x0 - 4) * s);
		rr[i].y0 = (int)floor((pg->ink[i].y0 - 4) * s);
		rr[i].x1 = (int)ceil((pg->ink[i].x1 + 4) * s);
		rr[i].y1 = (int)ceil((pg->ink[i].y1 + 4) * s);
	}
	if (lak_ocr_grey(g, w, h, w, s * 72.0, 0, 0, rr, pg->nink, &ws,
	    err) < 0)
		goto out;
	if (lak_ink_add_words(pixels, out, &ws, &sure) < 0) {
		lak_error_oom(err);
		goto out;
	}
	ret = 0;
out:
	lak_ocr_words_release(&ws);
	free(rr);
	free(g);
	return ret;
}

/* The boxes of the redacted spans, by page. */
/* A span whose boxes are drawn black with its label: a redacted text
 * span (not one under an area: the area's box is drawn) or area. */
static bool
paints(const struct lak_span *sp)
{
	return sp->decision == LAK_DECISION_REDACT &&
	    ((sp->kind == LAK_SPAN_TEXT && !sp->under_area) ||
	    sp->kind == LAK_SPAN_AREA);
}

struct under {
	struct {
		uint32_t page;
		struct lak_box box;
	} *b;
	size_t n, alloc;
	bool failed;
};

static void
collect_box(void *vctx, uint32_t page, const struct lak_box *b)
{
	struct under *u = vctx;

	if (lak_array_grow((void **)&u->b, &u->alloc, u->n,
	    sizeof(*u->b)) < 0) {
		u->failed = true;
		return;
	}
	u->b[u->n].page = page;
	u->b[u->n++].box = *b;
}

/* What a screen reader says for a label: "[5.1.2e] weggelakt:
 * eerbiediging van de persoonlijke levenssfeer" (the grounds' names from
 * the catalogue). */
static void
spoken(const struct lak_grounds *cat, const long *grounds, size_t n,
    const char *label, char *buf, size_t size)
{
	size_t at;

	snprintf(buf, size, "%s weggelakt", label);
	for (size_t i = 0; i < n; i++) {
		const char *name = grounds[i] >= 0 && cat != NULL &&
		    (size_t)grounds[i] < cat->n ? cat->g[grounds[i]].label :
		    NULL;

		if (name == NULL || *name == '\0')
			continue;
		at = strlen(buf);
		snprintf(buf + at, size - at, "%s%s", i ? "; " : ": ", name);
	}
}

/* The place of span 'sp' in the reading order: its first source
 * character (an area: the first it covers), KEY_NONE when none. */
static size_t
span_key(const struct lak_span *sp, const struct lak_doc *doc,
    const struct lak_view *v)
{
	if (sp->kind == LAK_SPAN_TEXT) {
		for (size_t c = sp->start; c < sp->end && c < v->nchars; c++)
			if (v->map[c].src != LAK_SRC_NONE)
				return v->map[c].src;
	} else if (sp->kind == LAK_SPAN_AREA && sp->page >= 1 &&
	    sp->page <= doc->npages) {
		const struct lak_page *pg = &doc->pages[sp->page - 1];

		for (size_t c = 0; c < pg->nchars; c++) {
			const struct lak_box *b = &pg->chars[c].box;
			float mx = (b->x0 + b->x1) / 2, my = (b->y0 + b->y1) / 2;

			if (mx >= sp->area.x0 && mx <= sp->area.x1 &&
			    my >= sp->area.y0 && my <= sp->area.y1)
				return v->page_src[sp->page - 1] + c;
		}
	}
	return KEY_NONE;
}

/* Whether page p can go out as vectors (see redact-pdf.h): nothing on it
 * redacted, nothing in doubt. */
static bool
page_is_clean(const struct lak_doc *doc, size_t p, const bool *redacted,
    size_t base, const struct lak_plan *plan)
{
	const struct lak_page *pg = &doc->pages[p];
	const uint32_t doubt = LAK_PAGE_NEEDS_OCR | LAK_PAGE_UNRELIABLE_TEXT |
	    LAK_PAGE_OCR | LAK_PAGE_OCR_LOW | LAK_PAGE_UNEXPLAINED_INK |
	    LAK_PAGE_TEXT_DISAGREES;

	if (!(pg->flags & LAK_PAGE_PROBED) || (pg->flags & doubt) ||
	    pg->nink > 0 || pg->nunreliable > 0 || doc->meta.layers_incomplete)
		return false;
	for (size_t i = 0; i < pg->nchars; i++)
		if (redacted[base + i] || (pg->chars[i].flags &
		    (LAK_CHAR_UNSEEN | LAK_CHAR_OCR)) ||
		    lak_cp_unreliable(pg->chars[i].cp))
			return false;
	/* annotations and form fields but links (a link draws nothing:
	 * the page is the same either way, and neither copies it) */
	for (size_t i = 0; i < doc->nitems; i++) {
		const struct lak_item *it = &doc->items[i];

		if (it->page == p + 1 && (it->kind == LAK_ITEM_FORM_FIELD ||
		    (it->kind == LAK_ITEM_ANNOTATION && (it->subtype == NULL ||
		    strcmp(it->subtype, "link") != 0))))
			return false;
	}
	for (size_t i = 0; i < plan->n; i++) {
		const struct lak_span *sp = &plan->spans[i];

		if (sp->decision == LAK_DECISION_REDACT && sp->page == p + 1 &&
		    sp->kind != LAK_SPAN_META)
			return false;
	}
	return true;
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return lak_buf_add(closure, data, len) < 0 ?
	    CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* The pages marked in 'clean' drawn onto one cairo PDF surface (so that
 * they share their fonts), in order, into 'out'; -1 when cairo fails. */
static int
vector_pages(PopplerDocument *pd, const struct lak_doc *doc,
    const bool *clean, struct lak_buf *out)
{
	cairo_surface_t *ps = NULL;
	cairo_t *cr = NULL;
	int ret = 0;

	for (size_t p = 0; p < doc->npages; p++) {
		const struct lak_page *pg = &doc->pages[p];

		if (!clean[p])
			continue;
		if (ps == NULL) {
			ps = cairo_pdf_surface_create_for_stream(to_buf, out,
			    pg->width, pg->height);
			cr = cairo_create(ps);
		} else
			cairo_pdf_surface_set_size(ps, pg->width, pg->height);
		lak_paint_page(cr, pd, doc, p, NULL, 0);
		cairo_show_page(cr);
	}
	if (ps != NULL) {
		cairo_destroy(cr);
		cairo_surface_finish(ps);
		if (cairo_surface_status(ps) != CAIRO_STATUS_SUCCESS ||
		    lak_buf_check(out, NULL) < 0)
			ret = -1;
		cairo_surface_destroy(ps);
	}
	return ret;
}

int
lak_redact_pdf(const struct lak_doc *doc, const void *src, size_t srclen,
    const struct lak_view *v, const struct lak_plan *plan,
    const struct lak_pdf_opts *o, struct lak_buf *out,
    struct lak_error *err)
{
	PopplerDocument *pd = NULL;
	cairo_surface_t *keep = NULL;
	struct lak_pdfw *w = NULL;
	struct words ws = { NULL, 0, 0, g_string_new(NULL),
	    g_array_new(FALSE, FALSE, sizeof(size_t)),
	    g_array_new(FALSE, FALSE, sizeof(size_t)),
	    g_array_new(FALSE, FALSE, sizeof(size_t)),
	    NULL, 0, NULL, 0, 0, { "H1", "H2", "H3", "H4", "H5", "H6" } };
	size_t nsrc = v->page_src[v->npages];
	bool *redacted = calloc(nsrc + 1, sizeof(*redacted));
	int *src_para = malloc((nsrc + 1) * sizeof(*src_para));
	char alt[1024];
	double s = (o->dpi > 0 ? o->dpi : 200.0) / 72.0;
	struct lak_page no_ink = { 0 };	/* a withheld page: nothing to read */
	bool *clean = NULL;		/* pages that go out as vectors */
	unsigned char *half = NULL;	/* a photo page's grey pixels */
	struct lak_buf vec;		/* ... drawn by cairo */
	struct lak_pdfw_src *vsrc = NULL;
	size_t nclean = 0;
	int ret = -1;

	lak_buf_init(&vec, 0);

	if (redacted == NULL || src_para == NULL) {
		lak_error_oom(err);
		goto out;
	}
	/* the paragraph of each source character, for the structure */
	for (size_t i = 0; i < nsrc; i++)
		src_para[i] = -1;
	for (size_t k = 0; k < v->nparas; k++)
		for (size_t c = v->paras[k].vstart; c < v->paras[k].vend &&
		    c < v->nchars; c++)
			for (size_t j = 0; v->map[c].src != LAK_SRC_NONE &&
			    j < v->map[c].nsrc && v->map[c].src + j < nsrc; j++)
				src_para[v->map[c].src + j] = (int)k;
	ws.src_para = src_para;
	ws.nsrc = nsrc;
	if (lak_plan_withholds_document(plan)) {
		lak_error_set(err, LAK_EINVAL, "the plan withholds the whole "
		    "document: there is no PDF to release");
		goto out;
	}
	for (size_t i = 0; i < plan->n; i++) {
		const struct lak_span *sp = &plan->spans[i];

		if (sp->kind != LAK_SPAN_TEXT ||
		    sp->decision != LAK_DECISION_REDACT)
			continue;
		for (size_t c = sp->start; c < sp->end && c < v->nchars; c++) {
			const struct lak_vmap *m = &v->map[c];

			if (m->src == LAK_SRC_NONE)
				continue;
			for (size_t k = 0; k < m->nsrc && m->src + k < nsrc;
			    k++)
				redacted[m->src + k] = true;
		}
	}
	/* Text under a black box goes with it: a character whose middle is
	 * inside a redaction box leaves the text layer too, whatever its
	 * text says (a ToUnicode map or /ActualText may give other words
	 * than the glyphs OCR read there). */
	{
		struct under u = { NULL, 0, 0, false };

		for (size_t i = 0; i < plan->n; i++) {
			const struct lak_span *sp = &plan->spans[i];

			if (paints(sp))
				lak_span_boxes(sp, doc, v, collect_box, &u);
		}
		if (u.failed) {
			free(u.b);
			lak_error_oom(err);
			goto out;
		}
		for (size_t p = 0; p < doc->npages && u.n > 0; p++)
			for (size_t c = 0; c < doc->pages[p].nchars; c++) {
				const struct lak_box *cb = &doc->pages[p].chars[c].box;
				float mx = (cb->x0 + cb->x1) / 2;
				float my = (cb->y0 + cb->y1) / 2;

				for (size_t k = 0; k < u.n; k++)
					if (u.b[k].page == p &&
					    mx >= u.b[k].box.x0 - o->margin &&
					    mx <= u.b[k].box.x1 + o->margin &&
					    my >= u.b[k].box.y0 - o->margin &&
					    my <= u.b[k].box.y1 + o->margin) {
						redacted[v->page_src[p] + c] = true;
						break;
					}
			}
		free(u.b);
	}
	if (src != NULL && (pd = lak_pdf_open(src, srclen, o->password,
	    err)) == NULL)
		goto out;
	if ((w = lak_pdfw_new(err)) == NULL)
		goto out;
	/* the pages that can go out as vectors, drawn at once */
	if (!o->raster_all && pd != NULL) {
		bool any = false;

		if ((clean = calloc(doc->npages + 1, sizeof(*clean))) == NULL) {
			lak_error_oom(err);
			goto out;
		}
		for (size_t p = 0; p < doc->npages; p++) {
			clean[p] = lak_plan_withheld_page(plan, (uint32_t)p +
			    1) == NULL && page_is_clean(doc, p, redacted,
			    v->page_src[p], plan);
			any |= clean[p];
		}
		if (any && vector_pages(pd, doc, clean, &vec) == 0 &&
		    lak_pdfw_src_open(vec.data, vec.len, &vsrc, err) < 0)
			goto out;
	}
	for (size_t p = 0; p < doc->npages; p++) {
		const struct lak_page *pg = &doc->pages[p];
		int W = (int)ceil(pg->width * s), H = (int)ceil(pg->height * s);
		const struct lak_span *wh = lak_plan_withheld_page(plan, (uint32_t)p + 1);
		cairo_surface_t *surf;
		cairo_t *cr;
		struct lak_pdf_page page;
		char label[512];
		int r;

		words_reset(&ws);
		if (vsrc != NULL && clean[p]) {
			r = lak_pdfw_add_src_page(w, vsrc, nclean++, err);
			if (r < 0) {
				lak_error_prefix(err, "page %zu: ", p + 1);
				goto out;
			}
			if (r == 0) {
				if (o->pixels != NULL && lak_doc_add_page(
				    o->pixels, pg->width, pg->height) == NULL) {
					lak_error_oom(err);
					goto out;
				}
				if (o->nvector != NULL)
					(*o->nvector)++;
				continue;
			}
		}
		if ((double)W * H > (o->max_pixels > 0 ? o->max_pixels :
		    200e6)) {
			lak_error_set(err, LAK_ELIMIT, "page %zu is %.0f x %.0f "
			    "points: %.0f megapixels at %.0f dpi, over the limit "
			    "of %.0f (--max-pixels)", p + 1, pg->width,
			    pg->height, (double)W * H / 1e6, s * 72,
			    (o->max_pixels > 0 ? o->max_pixels : 200e6) / 1e6);
			goto out;
		}
		/* one surface for the pages of one size: a new one is a
		 * fresh 15 MB to fault in at 200 dpi */
		if (keep != NULL && (cairo_image_surface_get_width(keep) != W ||
		    cairo_image_surface_get_height(keep) != H)) {
			cairo_surface_destroy(keep);
			keep = NULL;
		}
		if (keep == NULL) {
			keep = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W,
			    H);
			if (cairo_surface_status(keep) != CAIRO_STATUS_SUCCESS) {
				cairo_surface_destroy(keep);
				keep = NULL;
				lak_error_oom(err);
				goto out;
			}
		}
		surf = cairo_surface_reference(keep);
		cairo_surface_mark_dirty(surf);
		cr = cairo_create(surf);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		cairo_scale(cr, s, s);
		if (wh != NULL) {
			/* a withheld page says so, and nothing else */
			char line[600];
			struct lak_box b = { 72, (float)(pg->height / 2 - 12),
			    (float)(pg->width - 72), (float)(pg->height / 2 +
			    12) };

			lak_label_format(o->label_fmt, o->cat, wh->grounds,
			    wh->ngrounds, label, sizeof(label));
			snprintf(line, sizeof(line), "%s pagina %zu geweigerd",
			    label, p + 1);
			cairo_select_font_face(cr, "DejaVu Sans",
			    CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
			cairo_set_font_size(cr, 16);
			cairo_set_source_rgb(cr, 0, 0, 0);
			cairo_move_to(cr, 72, pg->height / 2 + 6);
			cairo_show_text(cr, line);
			spoken(o->cat, wh->grounds, wh->ngrounds, line, alt,
			    sizeof(alt));
			if (word_add(&ws, &b, line, strlen(line), KEY_NONE,
			    alt) < 0) {
				cairo_destroy(cr);
				cairo_surface_destroy(surf);
				lak_error_oom(err);
				goto out;
			}
		} else {
			struct boxctx bc = { cr, (uint32_t)p, o, label, alt,
			    KEY_NONE, &ws, 0, surf, s, NULL, 0 };

			lak_paint_page(cr, pd, doc, p, redacted,
			    v->page_src[p]);
			if (page_words(doc, v, p, redacted, &ws) < 0) {
				cairo_destroy(cr);
				cairo_surface_destroy(surf);
				lak_error_oom(err);
				goto out;
			}
			for (size_t i = 0; i < plan->n; i++) {
				const struct lak_span *sp = &plan->spans[i];

				if (!paints(sp))
					continue;
				lak_label_format(o->label_fmt, o->cat,
				    sp->grounds, sp->ngrounds, label,
				    sizeof(label));
				spoken(o->cat, sp->grounds, sp->ngrounds,
				    label, alt, sizeof(alt));
				bc.key = span_key(sp, doc, v);
				lak_span_boxes(sp, doc, v, draw_box, &bc);
			}
			free(bc.seen);
			if (bc.failed) {
				cairo_destroy(cr);
				cairo_surface_destroy(surf);
				lak_error_oom(err);
				goto out;
			}
		}
		cairo_destroy(cr);
		cairo_surface_flush(surf);
		if (o->pixels != NULL && read_released(surf, s, wh ? &no_ink :
		    pg, o->pixels, err) < 0) {
			cairo_surface_destroy(surf);
			lak_error_prefix(err, "page %zu: reading the released "
			    "pixels: ", p + 1);
			goto out;
		}
		memset(&page, 0, sizeof(page));
		page.width = pg->width;
		page.height = pg->height;
		page.pw = W;
		page.ph = H;
		if (!o->grey && midtone_share(surf) > PHOTO_SHARE) {
			if ((half = grey_half(surf, &page.pw, &page.ph)) ==
			    NULL) {
				cairo_surface_destroy(surf);
				lak_error_oom(err);
				goto out;
			}
			page.pixels = half;
			page.stride = (size_t)page.pw;
			page.bits = 8;
			page.photo = true;
		} else
			to_pixels(surf, o->grey, (unsigned char **)&page.pixels,
			    &page.stride, &page.bits);
		if (words_fix(&ws, v) < 0) {
			cairo_surface_destroy(surf);
			lak_error_oom(err);
			goto out;
		}
		page.words = ws.w;
		page.nwords = ws.n;
		page.elems = ws.elems;
		page.nelems = ws.nelems;
		r = lak_pdfw_add_page(w, &page, err);
		free(half);
		half = NULL;
		cairo_surface_destroy(surf);
		if (r < 0) {
			lak_error_prefix(err, "page %zu: ", p + 1);
			goto out;
		}
	}
	{
		struct lak_pdf_info info = { o->title, o->producer ?
		    o->producer : "lakwerk", o->date, NULL };

		ret = lak_pdfw_finish(w, &info, out, err);
	}
out:
	if (keep != NULL)
		cairo_surface_destroy(keep);
	if (pd != NULL)
		g_object_unref(pd);
	lak_pdfw_free(w);
	free(redacted);
	free(half);
	free(clean);
	lak_pdfw_src_free(vsrc);
	lak_buf_release(&vec);
	free(src_para);
	free(ws.w);
	free(ws.elems);
	g_string_free(ws.text, TRUE);
	g_array_free(ws.starts, TRUE);
	g_array_free(ws.alts, TRUE);
	g_array_free(ws.keys, TRUE);
	return ret;
}
