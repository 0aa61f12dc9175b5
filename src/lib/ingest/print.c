/*
 * Ingest stage: the print of a source that is not a PDF (see print-int.h),
 * and pictures read from PNG, JPEG and TIFF files.
 */
#include "lib/base/common.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <jpeglib.h>
#include <pango/pangocairo.h>
#include <tiffio.h>

#include "lib/base/tiffmem.h"
#include "lib/ingest/print-int.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 56.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define FONT "DejaVu Sans"
/* A picture's page is kept within what PDF viewers take (200 inches). */
#define MIN_SIDE 36.0
#define MAX_SIDE 14400.0

struct lak_picture {
	cairo_surface_t *s;
	int w, h;
	double dpi;		/* 0: the file does not say */
	unsigned char *jpeg;	/* the file, carried into the PDF as is */
	size_t jpeg_len;
};

struct lak_print {
	struct lak_buf pdf;
	cairo_surface_t *surf;
	cairo_t *cr;
	double y;		/* where the next line starts */
	bool dirty;		/* the current page has something on it */
	bool failed;
};

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct lak_buf *b = closure;

	return lak_buf_add(b, data, len) < 0 ? CAIRO_STATUS_WRITE_ERROR :
	    CAIRO_STATUS_SUCCESS;
}

struct lak_print *
lak_print_new(const char *title)
{
	struct lak_print *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	lak_buf_init(&p->pdf, 0);
	p->surf = cairo_pdf_surface_create_for_stream(write_buf, &p->pdf,
	    PAGE_W, PAGE_H);
	/* the print is an intermediate: no date, so the same source makes
	 * the same bytes */
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR,
	    "lakwerk");
	if (title != NULL && *title != '\0')
		cairo_pdf_surface_set_metadata(p->surf,
		    CAIRO_PDF_METADATA_TITLE, title);
	p->cr = cairo_create(p->surf);
	if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS) {
		lak_print_free(p);
		return NULL;
	}
	p->y = MARGIN;
	return p;
}

void
lak_print_free(struct lak_print *p)
{
	if (p == NULL)
		return;
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surf)
		cairo_surface_destroy(p->surf);
	lak_buf_release(&p->pdf);
	free(p);
}

static void
new_page(struct lak_print *p, double w, double h)
{
	if (p->dirty)
		cairo_show_page(p->cr);
	cairo_pdf_surface_set_size(p->surf, w, h);
	p->dirty = false;
	p->y = MARGIN;
}

/* A paragraph: one line of the source text, wrapped to the text width. */
static void
paragraph(struct lak_print *p, PangoLayout *l, const char *s, size_t len,
    double size)
{
	size_t i = 0;
	bool quoted;
	PangoLayoutIter *it;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	quoted = i < len && s[i] == '>';
	pango_layout_set_text(l, s, (int)len);
	cairo_set_source_rgb(p->cr, quoted ? 0.33 : 0, quoted ? 0.33 : 0,
	    quoted ? 0.33 : 0);
	if (len == 0) {
		p->y += size * 1.3;
		return;
	}
	it = pango_layout_get_iter(l);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle r;
		double lh, base;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		lh = (double)r.height / PANGO_SCALE;
		base = (double)(pango_layout_iter_get_baseline(it) - r.y) /
		    PANGO_SCALE;
		if (p->y + lh > PAGE_H - MARGIN && p->dirty)
			new_page(p, PAGE_W, PAGE_H);
		if (quoted) {
			cairo_rectangle(p->cr, MARGIN - 8, p->y, 2, lh);
			cairo_fill(p->cr);
		}
		cairo_move_to(p->cr, MARGIN + (double)r.x / PANGO_SCALE,
		    p->y + base);
		pango_cairo_show_layout_line(p->cr, line);
		p->y += lh;
		p->dirty = true;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

int
lak_print_text(struct lak_print *p, const char *text, double size, bool bold)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	const char *s = text, *end = text + strlen(text);

	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	while (s <= end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		paragraph(p, l, s, n, size);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	pango_font_description_free(fd);
	g_object_unref(l);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	return cairo_status(p->cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

void
lak_print_rule(struct lak_print *p)
{
	p->y += 6;
	cairo_set_source_rgb(p->cr, 0.5, 0.5, 0.5);
	cairo_rectangle(p->cr, MARGIN, p->y, TEXT_W, 0.6);
	cairo_fill(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->y += 10;
	p->dirty = true;
}

int
lak_print_picture(struct lak_print *p, const struct lak_picture *pic,
    bool as_page)
{
	double dpi = pic->dpi, sc, w, h;

	if (as_page) {
		/* a picture without a resolution: a scan (300 dpi) when it
		 * is large, else as wide as an A4 page */
		if (!(dpi >= 10 && dpi <= 10000))
			dpi = pic->w >= 2000 ? 300.0 : pic->w / (PAGE_W / 72.0);
		sc = 72.0 / dpi;
		w = pic->w * sc;
		h = pic->h * sc;
		if (w > MAX_SIDE || h > MAX_SIDE) {
			double k = MAX_SIDE / LAK_MAX(w, h);

			sc *= k, w *= k, h *= k;
		}
		new_page(p, LAK_MAX(w, MIN_SIDE), LAK_MAX(h, MIN_SIDE));
		cairo_save(p->cr);
		cairo_scale(p->cr, sc, sc);
		cairo_set_source_surface(p->cr, pic->s, 0, 0);
		cairo_paint(p->cr);
		cairo_restore(p->cr);
		p->dirty = true;
		/* what follows starts on a page of its own */
		new_page(p, PAGE_W, PAGE_H);
		return cairo_status(p->cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	}
	/* in the text, at 96 dpi or smaller */
	sc = 72.0 / 96.0;
	w = pic->w * sc;
	h = pic->h * sc;
	if (w > TEXT_W) {
		sc *= TEXT_W / w;
		h *= TEXT_W / w;
		w = TEXT_W;
	}
	if (h > PAGE_H - 2 * MARGIN) {
		double k = (PAGE_H - 2 * MARGIN) / h;

		sc *= k, w *= k, h *= k;
	}
	if (p->y + h > PAGE_H - MARGIN && p->dirty)
		new_page(p, PAGE_W, PAGE_H);
	cairo_save(p->cr);
	cairo_translate(p->cr, MARGIN, p->y);
	cairo_scale(p->cr, sc, sc);
	cairo_set_source_surface(p->cr, pic->s, 0, 0);
	cairo_paint(p->cr);
	cairo_restore(p->cr);
	p->y += h + 8;
	p->dirty = true;
	return cairo_status(p->cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

int
lak_print_finish(struct lak_print *p, struct lak_buf *out,
    struct lak_error *err)
{
	cairo_status_t st;
	int ret = -1;

	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surf);
	st = cairo_surface_status(p->surf);
	if (st != CAIRO_STATUS_SUCCESS || p->pdf.failed) {
		if (p->pdf.failed)
			lak_buf_check(&p->pdf, err);
		else
			lak_error_set(err, LAK_EFORMAT, "laying out the "
			    "document: %s", cairo_status_to_string(st));
		goto out;
	}
	lak_buf_release(out);
	*out = p->pdf;
	lak_buf_init(&p->pdf, 0);
	ret = 0;
out:
	lak_print_free(p);
	return ret;
}

/* --- pictures ------------------------------------------------------------- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static bool
is_png(const unsigned char *d, size_t len)
{
	return len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static bool
is_jpeg(const unsigned char *d, size_t len)
{
	return len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF;
}

static bool
is_tiff(const unsigned char *d, size_t len)
{
	return len >= 4 && (memcmp(d, "II*\0", 4) == 0 ||
	    memcmp(d, "MM\0*", 4) == 0);
}

bool
lak_picture_sniff(const unsigned char *d, size_t len)
{
	return is_png(d, len) || is_jpeg(d, len) || is_tiff(d, len);
}

static void
picture_free(struct lak_picture *pic)
{
	if (pic == NULL)
		return;
	if (pic->s)
		cairo_surface_destroy(pic->s);
	free(pic->jpeg);
	free(pic);
}

void
lak_pictures_free(struct lak_picture **pics, size_t n)
{
	for (size_t i = 0; i < n; i++)
		picture_free(pics[i]);
	free(pics);
}

static int
too_large(long w, long h, unsigned long max, struct lak_error *err)
{
	if (w <= 0 || h <= 0 || w > 100000 || h > 100000)
		return lak_error_set(err, LAK_EFORMAT, "the picture's size "
		    "(%ld x %ld pixels) cannot be right", w, h);
	if ((unsigned long)w * (unsigned long)h > max)
		return lak_error_set(err, LAK_ELIMIT, "the picture is %ld x %ld "
		    "pixels, more than the limit of %lu", w, h, max);
	return 0;
}

/* PNG: the size from IHDR before anything is decoded, pHYs for dpi. */
struct mem {
	const unsigned char *d;
	size_t len, pos;
};

static cairo_status_t
read_mem(void *closure, unsigned char *data, unsigned int len)
{
	struct mem *m = closure;

	if (m->len - m->pos < len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, m->d + m->pos, len);
	m->pos += len;
	return CAIRO_STATUS_SUCCESS;
}

static struct lak_picture *
read_png(const unsigned char *d, size_t len, unsigned long max,
    struct lak_error *err)
{
	struct lak_picture *pic;
	struct mem m = { d, len, 0 };
	double dpi = 0;

	if (len < 33 || memcmp(d + 12, "IHDR", 4) != 0) {
		lak_error_set(err, LAK_EFORMAT, "damaged PNG (no header)");
		return NULL;
	}
	if (too_large((long)be32(d + 16), (long)be32(d + 20), max, err) < 0)
		return NULL;
	for (size_t at = 8; at + 12 <= len;) {
		uint32_t n = be32(d + at);

		if (n > len - at - 12)
			break;
		if (memcmp(d + at + 4, "pHYs", 4) == 0 && n >= 9 &&
		    d[at + 16] == 1)
			dpi = be32(d + at + 8) * 0.0254;
		if (memcmp(d + at + 4, "IDAT", 4) == 0)
			break;
		at += 12 + (size_t)n;
	}
	if ((pic = calloc(1, sizeof(*pic))) == NULL) {
		lak_error_oom(err);
		return NULL;
	}
	pic->s = cairo_image_surface_create_from_png_stream(read_mem, &m);
	if (cairo_surface_status(pic->s) != CAIRO_STATUS_SUCCESS) {
		lak_error_set(err, LAK_EFORMAT, "damaged PNG: %s",
		    cairo_status_to_string(cairo_surface_status(pic->s)));
		picture_free(pic);
		return NULL;
	}
	pic->w = cairo_image_surface_get_width(pic->s);
	pic->h = cairo_image_surface_get_height(pic->s);
	pic->dpi = dpi;
	return pic;
}

/* JPEG: decoded by libjpeg (the pixels for poppler and OCR), the file
 * itself kept for the PDF. */
struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
};

static void
jpeg_fail(j_common_ptr ci)
{
	struct jerr *e = (struct jerr *)(void *)ci->err;

	(*ci->err->format_message)(ci, e->msg);
	longjmp(e->jb, 1);
}

static void
jpeg_quiet(j_common_ptr ci, int level)
{
	(void)ci;
	(void)level;
}

static struct lak_picture *
read_jpeg(const unsigned char *d, size_t len, unsigned long max,
    struct lak_error *err)
{
	struct jpeg_decompress_struct ci;
	struct jerr je;
	struct lak_picture *volatile pic = NULL;
	unsigned char *volatile row = NULL;

	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&je.pub);
	je.pub.error_exit = jpeg_fail;
	je.pub.emit_message = jpeg_quiet;
	if (setjmp(je.jb)) {
		lak_error_set(err, LAK_EFORMAT, "damaged JPEG: %s", je.msg);
		jpeg_destroy_decompress(&ci);
		free(row);
		picture_free(pic);
		return NULL;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, d, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	if (too_large((long)ci.image_width, (long)ci.image_height, max,
	    err) < 0) {
		jpeg_destroy_decompress(&ci);
		return NULL;
	}
	ci.out_color_space = JCS_RGB;
	jpeg_start_decompress(&ci);
	if ((pic = calloc(1, sizeof(*pic))) == NULL ||
	    (row = malloc((size_t)ci.output_width * 3)) == NULL ||
	    (pic->jpeg = malloc(len)) == NULL) {
		jpeg_destroy_decompress(&ci);
		free(row);
		picture_free(pic);
		lak_error_oom(err);
		return NULL;
	}
	pic->w = (int)ci.output_width;
	pic->h = (int)ci.output_height;
	if (ci.saw_JFIF_marker && ci.X_density > 0)
		pic->dpi = ci.density_unit == 1 ? ci.X_density :
		    ci.density_unit == 2 ? ci.X_density * 2.54 : 0;
	pic->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pic->w,
	    pic->h);
	if (cairo_surface_status(pic->s) != CAIRO_STATUS_SUCCESS) {
		jpeg_destroy_decompress(&ci);
		free(row);
		picture_free(pic);
		lak_error_oom(err);
		return NULL;
	}
	{
		unsigned char *px = cairo_image_surface_get_data(pic->s);
		int stride = cairo_image_surface_get_stride(pic->s);

		while (ci.output_scanline < ci.output_height) {
			JSAMPROW r = row;
			uint32_t *o = (uint32_t *)(void *)(px +
			    (size_t)ci.output_scanline * (size_t)stride);

			jpeg_read_scanlines(&ci, &r, 1);
			for (int x = 0; x < pic->w; x++)
				o[x] = (uint32_t)row[3 * x] << 16 |
				    (uint32_t)row[3 * x + 1] << 8 |
				    row[3 * x + 2];
		}
		cairo_surface_mark_dirty(pic->s);
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	free(row);
	memcpy(pic->jpeg, d, len);
	pic->jpeg_len = len;
	/* cairo writes the JPEG into the PDF instead of the pixels */
	cairo_surface_set_mime_data(pic->s, CAIRO_MIME_TYPE_JPEG, pic->jpeg,
	    pic->jpeg_len, NULL, NULL);
	return pic;
}

/* TIFF: every page (directory), through libtiff's RGBA reader. */
#define MAX_TIFF_PAGES 5000

static int
read_tiff(const unsigned char *d, size_t len, unsigned long max,
    struct lak_picture ***out, size_t *n, struct lak_error *err)
{
	TIFF *t = lak_tiff_read_memory(d, len);
	size_t alloc = 0;
	int ret = -1;

	if (t == NULL)
		return lak_error_set(err, LAK_EFORMAT, "damaged TIFF (cannot "
		    "be opened)");
	do {
		uint32_t w = 0, h = 0;
		uint16_t unit = RESUNIT_INCH;
		float xres = 0;
		struct lak_picture *pic;
		uint32_t *raster;
		unsigned char *px;
		int stride;

		if (*n >= MAX_TIFF_PAGES) {
			lak_error_set(err, LAK_ELIMIT, "the TIFF has more than "
			    "%d pages", MAX_TIFF_PAGES);
			goto out;
		}
		TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w);
		TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h);
		if (too_large((long)w, (long)h, max, err) < 0) {
			lak_error_prefix(err, "page %zu: ", *n + 1);
			goto out;
		}
		TIFFGetFieldDefaulted(t, TIFFTAG_RESOLUTIONUNIT, &unit);
		TIFFGetField(t, TIFFTAG_XRESOLUTION, &xres);
		if ((pic = calloc(1, sizeof(*pic))) == NULL ||
		    lak_array_grow((void **)out, &alloc, *n, sizeof(**out)) <
		    0) {
			free(pic);
			lak_error_oom(err);
			goto out;
		}
		(*out)[(*n)++] = pic;
		pic->w = (int)w;
		pic->h = (int)h;
		pic->dpi = unit == RESUNIT_CENTIMETER ? xres * 2.54 :
		    unit == RESUNIT_INCH ? xres : 0;
		pic->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		    (int)w, (int)h);
		raster = malloc((size_t)w * h * sizeof(*raster));
		if (cairo_surface_status(pic->s) != CAIRO_STATUS_SUCCESS ||
		    raster == NULL) {
			free(raster);
			lak_error_oom(err);
			goto out;
		}
		if (!TIFFReadRGBAImageOriented(t, w, h, raster,
		    ORIENTATION_TOPLEFT, 0)) {
			free(raster);
			lak_error_set(err, LAK_EFORMAT, "damaged TIFF: page %zu "
			    "cannot be read", *n);
			goto out;
		}
		px = cairo_image_surface_get_data(pic->s);
		stride = cairo_image_surface_get_stride(pic->s);
		for (uint32_t y = 0; y < h; y++) {
			uint32_t *o = (uint32_t *)(void *)(px + (size_t)y *
			    (size_t)stride);
			const uint32_t *in = raster + (size_t)y * w;

			for (uint32_t x = 0; x < w; x++) {
				uint32_t p = in[x], a = TIFFGetA(p);
				/* over white */
				uint32_t r = (TIFFGetR(p) * a + 255 * (255 - a)) / 255;
				uint32_t g = (TIFFGetG(p) * a + 255 * (255 - a)) / 255;
				uint32_t b = (TIFFGetB(p) * a + 255 * (255 - a)) / 255;

				o[x] = r << 16 | g << 8 | b;
			}
		}
		free(raster);
		cairo_surface_mark_dirty(pic->s);
	} while (TIFFReadDirectory(t));
	ret = 0;
out:
	lak_tiff_close(t);
	return ret;
}

int
lak_pictures_read(const unsigned char *d, size_t len,
    unsigned long max_pixels, struct lak_picture ***out, size_t *n,
    struct lak_error *err)
{
	struct lak_picture *pic = NULL;

	*out = NULL;
	*n = 0;
	if (is_tiff(d, len)) {
		if (read_tiff(d, len, max_pixels, out, n, err) < 0) {
			lak_pictures_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		return 0;
	}
	if (is_png(d, len))
		pic = read_png(d, len, max_pixels, err);
	else if (is_jpeg(d, len))
		pic = read_jpeg(d, len, max_pixels, err);
	else
		return lak_error_set(err, LAK_EFORMAT, "not a PNG, JPEG or "
		    "TIFF picture");
	if (pic == NULL)
		return -1;
	if ((*out = malloc(sizeof(**out))) == NULL) {
		picture_free(pic);
		return lak_error_oom(err);
	}
	(*out)[0] = pic;
	*n = 1;
	return 0;
}
