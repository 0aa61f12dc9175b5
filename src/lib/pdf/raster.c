/*
 * PDF stage: painting a source page (see raster-int.h), shared by the
 * released PDF and the review report's page images.
 */
#include "lib/base/common.h"

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

#include "lib/base/grey.h"
#include "lib/pdf/raster-int.h"

bool
lak_raster_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
	    cp == 0x3000 || cp == 0xFEFF;
}

/* A text document's page, typeset from its characters. */
static void
draw_text_page(cairo_t *cr, const struct lak_page *pg, const bool *redacted,
    size_t base)
{
	cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 9.5);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (size_t i = 0; i < pg->nchars; i++) {
		const struct lak_char *c = &pg->chars[i];
		char u[8];
		int n;

		if (lak_raster_blank(c->cp) || (redacted && redacted[base + i]) ||
		    c->cp < 0x20)
			continue;
		n = g_unichar_to_utf8(c->cp, u);
		u[n] = '\0';
		cairo_move_to(cr, c->box.x0, c->box.y1 - 2);
		cairo_show_text(cr, u);
	}
}

void
lak_paint_page(void *vcr, void *vpd, const struct lak_doc *doc, size_t p,
    const bool *redacted, size_t base)
{
	cairo_t *cr = vcr;
	PopplerDocument *pd = vpd;

	if (pd != NULL) {
		PopplerPage *pp = poppler_document_get_page(pd, (int)p);

		if (pp != NULL) {
			/* the page only: no annotations, no form widgets,
			 * layers as the file shows them */
			cairo_save(cr);
			poppler_page_render_for_printing_with_options(pp, cr,
			    POPPLER_PRINT_DOCUMENT);
			cairo_restore(cr);
			g_object_unref(pp);
		}
	} else {
		draw_text_page(cr, &doc->pages[p], redacted, base);
	}
}

unsigned char *
lak_paint_page_grey(void *pd, const struct lak_doc *doc, size_t p, double s,
    int w, int h)
{
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    w, h);
	unsigned char *g = NULL;
	cairo_t *cr;

	if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS) {
		cr = cairo_create(surf);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		cairo_scale(cr, s, s);
		lak_paint_page(cr, pd, doc, p, NULL, 0);
		cairo_destroy(cr);
		cairo_surface_flush(surf);
		g = lak_grey_image(cairo_image_surface_get_data(surf), w, h,
		    cairo_image_surface_get_stride(surf));
	}
	cairo_surface_destroy(surf);
	return g;
}
