/*
 * Unit tests: the ingest stage's pixel path - grey images, OCR of a page
 * image (Tesseract, whole and by parts) and OCR'd words joining a page.
 */
#include "config.h"

#include "unit.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>

#include "lib/base/grey.h"
#include "lib/ingest/ingest-int.h"
#include "lib/ingest/ocr-int.h"
#include "lib/model/doc.h"

/* RGB24 white, black and pure red, green, blue: grey by luminance. */
static void
test_grey_image(void **state)
{
	uint32_t px[2][4] = {
		{ 0xFFFFFF, 0x000000, 0xFF0000, 0xDEADBE },	/* the last: */
		{ 0x00FF00, 0x0000FF, 0x808080, 0xDEADBE },	/* stride pad */
	};
	unsigned char *g = lak_grey_image((const unsigned char *)px, 3, 2,
	    (int)sizeof(px[0]));

	(void)state;
	assert_non_null(g);
	assert_int_equal(g[0], 255);
	assert_int_equal(g[1], 0);
	assert_int_equal(g[2], 76);		/* 0.30 of red */
	assert_int_equal(g[3], 149);		/* 0.59 of green */
	assert_int_equal(g[4], 28);		/* 0.11 of blue */
	assert_int_equal(g[5], 128);
	free(g);
}

static void
add_word(struct lak_ocr_words *ws, const char *text, float x0, float x1,
    float conf, unsigned int line)
{
	ws->w = realloc(ws->w, (ws->n + 1) * sizeof(*ws->w));
	assert_non_null(ws->w);
	ws->w[ws->n].text = strdup(text);
	ws->w[ws->n].box = (struct lak_box){ x0, 100, x1, 112 };
	ws->w[ws->n].conf = conf;
	ws->w[ws->n].line = line;
	ws->w[ws->n].part = 0;
	ws->n++;
	ws->alloc = ws->n;
}

static char *
page_text(const struct lak_page *pg, size_t from)
{
	GString *s = g_string_new(NULL);

	for (size_t i = from; i < pg->nchars; i++)
		g_string_append_unichar(s, pg->chars[i].cp);
	return g_string_free(s, FALSE);
}

/* Words join the page after its text: a line of their own, a space
 * between words of a line, each character a share of its word's box,
 * flagged as OCR; words of punctuation alone are left out. */
static void
test_add_words(void **state)
{
	struct lak_doc *doc = lak_doc_new();
	struct lak_page *pg;
	struct lak_char c = { 0 };
	struct lak_ocr_words ws = { 0 };
	bool sure = false;
	char *t;

	(void)state;
	assert_non_null(doc);
	pg = lak_doc_add_page(doc, 595, 842);
	assert_non_null(pg);
	c.cp = 'A';
	c.box = (struct lak_box){ 72, 72, 80, 84 };
	assert_int_equal(lak_page_add_char(pg, &c), 0);
	add_word(&ws, "Jansen", 72, 132, 91, 0);
	add_word(&ws, "\xe2\x80\x94", 136, 146, 95, 0);	/* an em dash */
	add_word(&ws, "06-12345678", 150, 260, 88, 0);
	add_word(&ws, "Delft", 72, 122, 40, 1);
	assert_int_equal(lak_ink_add_words(doc, pg, &ws, &sure), 0);
	t = page_text(pg, 1);
	assert_string_equal(t, "\nJansen 06-12345678\nDelft");
	g_free(t);
	assert_true(sure);
	assert_true(pg->flags & LAK_PAGE_OCR);
	assert_true(pg->flags & LAK_PAGE_OCR_LOW);	/* Delft: 40 */
	for (size_t i = 1; i < pg->nchars; i++)
		assert_true(pg->chars[i].flags & LAK_CHAR_OCR);
	assert_true(pg->chars[0].flags == 0);
	/* "Jansen": six tenths of 60 points each, from 72 */
	assert_float_equal(pg->chars[2].box.x0, 72, 0.01);
	assert_float_equal(pg->chars[2].box.x1, 82, 0.01);
	assert_float_equal(pg->chars[7].box.x0, 122, 0.01);
	assert_float_equal(pg->chars[7].box.y1, 112, 0.01);
	lak_ocr_words_release(&ws);
	assert_null(ws.w);

	/* only uncertain words: none is sure */
	sure = false;
	add_word(&ws, "Rotterdam", 72, 150, 20, 0);
	assert_int_equal(lak_ink_add_words(doc, pg, &ws, &sure), 0);
	assert_false(sure);
	lak_ocr_words_release(&ws);
	lak_doc_free(doc);
}

#define DPI 300.0

/* Two words drawn at 24 pt, 1 inch apart, on a white A6 page at DPI. */
static unsigned char *
drawn_page(int *w, int *h)
{
	double s = DPI / 72.0;
	cairo_surface_t *surf;
	cairo_t *cr;
	unsigned char *g;

	*w = (int)ceil(298 * s);
	*h = (int)ceil(420 * s);
	surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *w, *h);
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 24);
	cairo_move_to(cr, 36, 100);
	cairo_show_text(cr, "Woerden");
	cairo_move_to(cr, 36, 200);
	cairo_show_text(cr, "12345678");
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	g = lak_grey_image(cairo_image_surface_get_data(surf), *w, *h,
	    cairo_image_surface_get_stride(surf));
	cairo_surface_destroy(surf);
	assert_non_null(g);
	return g;
}

static const struct lak_ocr_word *
find(const struct lak_ocr_words *ws, const char *text)
{
	for (size_t i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i].text, text) == 0)
			return &ws->w[i];
	return NULL;
}

/* Tesseract reads the words, with boxes in points where they were drawn
 * (shifted by the origin given); given parts, only what is in them, each
 * word tagged with its part. */
static void
test_ocr_grey(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ocr_words ws = { 0 };
	const struct lak_ocr_word *a, *b;
	struct lak_ocr_rect part[1];
	int w, h;
	unsigned char *g = drawn_page(&w, &h);

	(void)state;
	if (lak_ocr_grey(g, w, h, w, DPI, 10, 20, NULL, 0, &ws, &err) < 0) {
		free(g);
		if (err.code == LAK_EUNSUPPORTED)
			skip();		/* no Tesseract models here */
		fail_msg("%s", err.msg);
	}
	a = find(&ws, "Woerden");
	b = find(&ws, "12345678");
	assert_non_null(a);
	assert_non_null(b);
	/* drawn from x 36, baseline y 100 (24 pt: caps about 17 high) */
	assert_float_equal(a->box.x0, 36 + 10, 3);
	assert_float_equal(a->box.y1, 100 + 20, 3);
	assert_true(a->box.y0 > 75 + 20 && a->box.y0 < 90 + 20);
	assert_float_equal(b->box.x0, 36 + 10, 3);
	assert_float_equal(b->box.y1, 200 + 20, 3);
	assert_true(a->line != b->line);
	assert_true(a->conf > 60 && b->conf > 60);
	lak_ocr_words_release(&ws);

	/* the second line alone, as part 0 */
	part[0] = (struct lak_ocr_rect){ 0, (int)(170 * DPI / 72),
	    w, (int)(215 * DPI / 72) };
	assert_int_equal(lak_ocr_grey(g, w, h, w, DPI, 0, 0, part, 1, &ws,
	    &err), 0);
	assert_null(find(&ws, "Woerden"));
	b = find(&ws, "12345678");
	assert_non_null(b);
	assert_int_equal(b->part, 0);
	assert_float_equal(b->box.y1, 200, 3);
	lak_ocr_words_release(&ws);
	free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grey_image),
		cmocka_unit_test(test_add_words),
		cmocka_unit_test(test_ocr_grey),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
