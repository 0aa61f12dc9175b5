/* Fuzz target: the reader of PDFs that cairo wrote (pdfwrite.c), which
 * copies a release's vector pages and finishes rendered letters: every
 * page of the input copied into a release writer and the file written,
 * and the input finished as a tagged letter (lak_pdf_tagged_finish).
 * Anything not of cairo's form must be refused, never half-read. */
#include "config.h"

#include "fuzz.h"
#include "lib/base/buf.h"
#include "lib/pdf/pdfwrite.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_pdfw_src *src = NULL;
	struct lak_pdfw *w;
	struct lak_buf out;

	lak_buf_init(&out, 0);
	if ((w = lak_pdfw_new(&err)) == NULL)
		abort();
	if (lak_pdfw_src_open(data, size, &src, &err) == 0) {
		struct lak_pdf_info info = { "fuzz", "fuzz", 0, NULL };

		for (size_t k = 0; k < 64; k++)
			if (lak_pdfw_add_src_page(w, src, k, &err) < 0)
				break;
		lak_error_clear(&err);
		(void)lak_pdfw_finish(w, &info, &out, &err);
		lak_pdfw_src_free(src);
	}
	lak_pdfw_free(w);
	lak_buf_reset(&out);
	lak_error_clear(&err);
	(void)lak_pdf_tagged_finish(data, size, "nl-NL", &out, &err);
	lak_buf_release(&out);
	return 0;
}
