/*
 * Ingest stage, pictures (PNG, JPEG, TIFF with all its pages): the pages
 * of a scanned document. Each picture becomes a page of the print, at the
 * picture's resolution, and the PDF path reads it: the ink accounting
 * finds a page of pictures without text and reads it by OCR.
 */
#include "lib/base/common.h"

#include "lib/ingest/ingest.h"
#include "lib/ingest/print-int.h"

/* The source is read through 'print': the PDF path, then the source's
 * own format name. */
int
lak_ingest_print(struct lak_doc *doc, struct lak_buf *print,
    const char *format, bool own, const struct lak_ingest_opts *opts,
    struct lak_error *err)
{
	struct lak_ingest_opts o = *opts;
	char *f;

	doc->print = (unsigned char *)print->data;
	doc->print_len = print->len;
	lak_buf_init(print, 0);
	o.own_print = own;
	if (lak_ingest_pdf(doc, doc->print, doc->print_len, &o, err) < 0)
		return -1;
	if ((f = strdup(format)) == NULL)
		return lak_error_oom(err);
	free(doc->meta.format);
	doc->meta.format = f;
	/* the print's own PDF facts are not the source's */
	free(doc->meta.pdf_version);
	doc->meta.pdf_version = NULL;
	free(doc->meta.producer);
	doc->meta.producer = NULL;
	free(doc->meta.creator);
	doc->meta.creator = NULL;
	free(doc->meta.created);
	doc->meta.created = NULL;
	free(doc->meta.modified);
	doc->meta.modified = NULL;
	return 0;
}

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
