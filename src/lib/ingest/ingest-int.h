/*
 * Internal to the library: opening a PDF with poppler, shared by ingest
 * and the PDF output stage. The result is a PopplerDocument * (as void *,
 * so that no poppler type reaches a header); g_object_unref() it.
 */
#ifndef LAK_INGEST_INT_H
#define LAK_INGEST_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"
#include "lib/model/doc.h"

void *lak_pdf_open(const void *data, size_t len, const char *password,
    struct lak_error *err);

/*
 * Ink accounting of page 'pg' of 'doc', read from 'pp' (a PopplerPage *):
 * render it as released, take away the ink its visible characters explain,
 * and read what is left by OCR; the words are added to the page
 * (LAK_CHAR_OCR) and the page flagged LAK_PAGE_OCR, LAK_PAGE_OCR_LOW,
 * LAK_PAGE_UNEXPLAINED_INK or, when OCR cannot read it,
 * LAK_PAGE_NEEDS_OCR. Lines whose text may not be what their glyphs draw
 * (a Type3 font without a name, a mix of letters and odd symbols, every
 * line when 'check_all') are read by OCR too; words OCR reads that the
 * text lacks join the page and flag it LAK_PAGE_TEXT_DISAGREES.
 */
struct lak_ingest_opts;
struct lak_ocr_words;

/*
 * OCR'd words as characters of page 'pg' (flagged LAK_CHAR_OCR), after
 * what it has, a line of their own per OCR line; words without a letter
 * or digit are left out. *sure is set when one of them was read with
 * confidence. -1 when out of memory.
 */
int lak_ink_add_words(struct lak_doc *doc, struct lak_page *pg,
    const struct lak_ocr_words *ws, bool *sure);
/*
 * Poppler page 'pp' as released (printed, default layers) at 'dpi' into a
 * w x h grey image, w bytes a row; with 'glyphs', its glyphs alone in
 * black on white instead. NULL when out of memory.
 */
unsigned char *lak_render_grey(void *pp, double dpi, int w, int h,
    bool glyphs);
int lak_ink_account(void *pp, struct lak_doc *doc, struct lak_page *pg,
    const struct lak_ingest_opts *o, bool check_all, struct lak_error *err);

#endif
