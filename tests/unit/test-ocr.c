/*
 * Unit tests: the ingest stage's pixel path, through the library's API -
 * grey images, and text that only pixels carry (a scan, a picture of text
 * beside live text) read by OCR into the document model.
 */
#include "config.h"

#include "unit.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>

#include "lib/base/grey.h"
#include "lib/ingest/ingest.h"
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

#define DPI 300.0
#define PAGE_W 298.0
#define PAGE_H 420.0

/* Two words drawn at 24 pt on a white A6 picture at DPI: "Woerden" from
 * (36, 100), "12345678" from (36, 200) (points, baseline). */
static cairo_surface_t *
picture(void)
{
	double s = DPI / 72.0;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)ceil(PAGE_W * s), (int)ceil(PAGE_H * s));
	cairo_t *cr = cairo_create(img);

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
	cairo_surface_flush(img);
	return img;
}

static cairo_status_t
to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF of the picture (as an image, the ink of a scan), with
 * 'live' as real text above it when not NULL. */
static GByteArray *
pdf_of_picture(const char *live)
{
	GByteArray *b = g_byte_array_new();
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(to_bytes, b,
	    PAGE_W, PAGE_H);
	cairo_surface_t *img = picture();
	cairo_t *cr = cairo_create(pdf);

	cairo_save(cr);
	cairo_scale(cr, 72.0 / DPI, 72.0 / DPI);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	if (live != NULL) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_select_font_face(cr, "DejaVu Sans",
		    CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_font_size(cr, 12);
		cairo_move_to(cr, 36, 40);
		cairo_show_text(cr, live);
	}
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	cairo_surface_destroy(pdf);
	cairo_surface_destroy(img);
	return b;
}

/* The page's characters from 'from' on, as UTF-8 (g_free() it). */
static char *
page_text(const struct lak_page *pg, size_t from)
{
	GString *s = g_string_new(NULL);

	for (size_t i = from; i < pg->nchars; i++)
		g_string_append_unichar(s, pg->chars[i].cp);
	return g_string_free(s, FALSE);
}

/* The first character of word 'w' on the page, or -1. */
static long
word_at(const struct lak_page *pg, const char *w)
{
	char *t = page_text(pg, 0), *hit = strstr(t, w);
	long i = hit ? g_utf8_pointer_to_offset(t, hit) : -1;

	g_free(t);
	return i;
}

static struct lak_doc *
ingest_picture(const char *live)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	GByteArray *b = pdf_of_picture(live);

	if (lak_ingest_bytes("picture.pdf", (const char *)b->data, b->len,
	    &opts, &doc, &err) < 0)
		fail_msg("%s", err.msg);
	g_byte_array_unref(b);
	assert_int_equal(doc->npages, 1);
	return doc;
}

/* A scan: no text at all. Its words come from OCR, a line each, flagged
 * as read by OCR, with boxes in points where they were drawn. */
static void
test_scan_read(void **state)
{
	struct lak_doc *doc = ingest_picture(NULL);
	const struct lak_page *pg = &doc->pages[0];
	long a, b;

	(void)state;
	/* the README's set-up installs the models: their absence fails */
	if (pg->flags & LAK_PAGE_NEEDS_OCR)
		fail_msg("the page was not read: are Tesseract's nld and eng "
		    "models installed (tesseract-ocr-nld, -eng)?");
	assert_true(pg->flags & LAK_PAGE_OCR);
	assert_false(pg->flags & LAK_PAGE_OCR_LOW);
	a = word_at(pg, "Woerden");
	b = word_at(pg, "12345678");
	assert_true(a >= 0 && b > a);
	assert_int_equal(pg->chars[b - 1].cp, '\n');	/* lines apart */
	for (size_t i = 0; i < pg->nchars; i++)
		assert_true(pg->chars[i].flags & LAK_CHAR_OCR);
	/* 'W' from x 36 with its top about 17 pt above the baseline at 100;
	 * each character a share of its word's box, left to right */
	assert_float_equal(pg->chars[a].box.x0, 36, 3);
	assert_float_equal(pg->chars[a].box.y1, 100, 3);
	assert_true(pg->chars[a].box.y0 > 75 && pg->chars[a].box.y0 < 90);
	assert_true(pg->chars[a + 1].box.x0 >= pg->chars[a].box.x1 - 0.01);
	assert_float_equal(pg->chars[b].box.y1, 200, 3);
	lak_doc_free(doc);
}

/* Live text and a picture of text beside it: the live text stays as it
 * is, the picture's words join it (after a line break) flagged as OCR,
 * and the page says it has ink its text does not explain. */
static void
test_picture_beside_text(void **state)
{
	struct lak_doc *doc = ingest_picture("Zichtbare tekst");
	const struct lak_page *pg = &doc->pages[0];
	long live, b;

	(void)state;
	live = word_at(pg, "Zichtbare tekst");
	assert_int_equal(live, 0);
	for (long i = 0; i < 15; i++)
		assert_false(pg->chars[i].flags & LAK_CHAR_OCR);
	assert_true(pg->flags & LAK_PAGE_UNEXPLAINED_INK);
	/* the README's set-up installs the models: their absence fails */
	if (pg->flags & LAK_PAGE_NEEDS_OCR)
		fail_msg("the page was not read: are Tesseract's nld and eng "
		    "models installed (tesseract-ocr-nld, -eng)?");
	b = word_at(pg, "12345678");
	assert_true(b > 15);
	assert_true(pg->chars[b].flags & LAK_CHAR_OCR);
	assert_true(word_at(pg, "Woerden") > 15);
	assert_true(pg->flags & LAK_PAGE_OCR);
	lak_doc_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grey_image),
		cmocka_unit_test(test_scan_read),
		cmocka_unit_test(test_picture_beside_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
