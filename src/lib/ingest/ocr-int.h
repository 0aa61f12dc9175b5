/*
 * Internal to the library: OCR of page images (Tesseract), for ingest's
 * ink accounting and for verify. Words come with their boxes in PDF points
 * (origin top left) and Tesseract's confidence (0 to 100).
 */
#ifndef LAK_OCR_INT_H
#define LAK_OCR_INT_H

#include <stddef.h>

#include "lib/base/error.h"
#include "lib/model/doc.h"

/* Dutch first, then English; LAKWERK_OCR_LANGS overrides ("nld+eng"). */
#define LAK_OCR_LANGS "nld+eng"

struct lak_ocr_word {
	char *text;		/* UTF-8 */
	struct lak_box box;	/* points */
	float conf;
	unsigned int line;	/* words of one line share it */
	unsigned int part;	/* the index of the rectangle it was read in */
};

struct lak_ocr_words {
	struct lak_ocr_word *w;
	size_t n, alloc;
	unsigned int lines;	/* the next line number */
};

/* A part of an image, in pixels (x1, y1 exclusive). */
struct lak_ocr_rect {
	int x0, y0, x1, y1;
};

/*
 * Read the 8-bit grey image 'px' (w x h pixels, 'stride' bytes a row) that
 * shows the page at 'dpi' from point (ox, oy) on, and append its words to
 * 'out': the parts 'rects', or all of it when 'nrects' is 0.
 * LAK_EUNSUPPORTED when Tesseract or its models are missing.
 */
int lak_ocr_grey(const unsigned char *px, int w, int h, int stride,
    double dpi, double ox, double oy, const struct lak_ocr_rect *rects,
    size_t nrects, struct lak_ocr_words *out, struct lak_error *err);

void lak_ocr_words_release(struct lak_ocr_words *ws);

/* Load the models now (before forking workers). */
void lak_ocr_warm_up(void);

#endif
