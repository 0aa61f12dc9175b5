/*
 * Internal to the library: painting a source page, shared by the released
 * PDF (redact-pdf.c) and the review report's page images (review.c).
 * 'cr' is a cairo_t *, 'pd' a PopplerDocument * (or NULL): as void *, so
 * that no dependency type reaches a header.
 */
#ifndef LAK_RASTER_INT_H
#define LAK_RASTER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/model/doc.h"

/* Whether code point 'cp' is white space that draws no ink (spaces,
 * no-break and zero-width spaces, line ends, the BOM). */
bool lak_raster_blank(uint32_t cp);

/*
 * Paint page 'p' (0-based) of 'doc' on 'cr', in points: from 'pd' for a
 * PDF (without annotations and form widgets), else typeset from the
 * document's characters, leaving out character i of the page when
 * redacted[base + i] is set ('redacted' NULL: none left out).
 */
void lak_paint_page(void *cr, void *pd,
    const struct lak_doc *doc, size_t p, const bool *redacted, size_t base);

/*
 * Page 'p' as lak_paint_page paints it (nothing left out), at 's' pixels
 * a point on white, as a w x h 8-bit grey image (w bytes a row; free()
 * it). NULL when out of memory.
 */
unsigned char *lak_paint_page_grey(void *pd, const struct lak_doc *doc,
    size_t p, double s, int w, int h);

#endif
