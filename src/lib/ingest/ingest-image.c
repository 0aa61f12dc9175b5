/*
 * Ingest stage, pictures (PNG, JPEG, TIFF with all its pages): the pages
 * of a scanned document. Each picture becomes a page of the print, at the
 * picture's resolution, and the PDF path reads it: the ink accounting
 * finds a page of pictures without text and reads it by OCR.
 */
#include "lib/base/common.h"

#include "lib/ingest/ingest.h"
#include "lib/ingest/print-int.h"

int
lak_ingest_image(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_error *err)
{
	struct lak_picture **pics = NULL;
	struct lak_print *p = NULL;
	struct lak_buf pdf;
	size_t n = 0;
	int ret = -1;

	lak_buf_init(&pdf, 0);
	if (lak_pictures_read(data, len, opts->ocr_max_pixels, &pics, &n,
	    err) < 0)
		return -1;
	if (n > opts->max_pages) {
		lak_error_set(err, LAK_ELIMIT, "the picture has %zu pages, "
		    "more than the limit of %u (--max-pages)", n,
		    opts->max_pages);
		goto out;
	}
	if ((p = lak_print_new(NULL)) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (lak_print_picture(p, pics[i], true) < 0) {
			lak_error_set(err, LAK_EFORMAT, "page %zu cannot be "
			    "laid out", i + 1);
			goto out;
		}
	ret = lak_print_finish(p, &pdf, err);
	p = NULL;
	if (ret == 0)
		ret = lak_ingest_print(doc, &pdf, "image", true, opts, err);
out:
	lak_print_free(p);
	lak_pictures_free(pics, n);
	lak_buf_release(&pdf);
	return ret;
}
