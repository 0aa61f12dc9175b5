/* Fuzz target: the readers of sources that are not PDFs — e-mail (GMime
 * and the HTML text), Outlook .msg (libgsf), pictures (PNG, JPEG, TIFF) —
 * and the print they are laid out to, read back by the PDF path. The
 * first byte picks the name the input is read under (.eml, .msg, .png);
 * content decides the rest, as in lakwerk. LibreOffice is not started
 * (a conversion would take a second an input): Office files fail fast. */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "fuzz.eml", "fuzz.msg",
	    "fuzz.png" };
	struct lak_ingest_opts o = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;

	if (size < 1)
		return 0;
	setenv("LAKWERK_SOFFICE", "false", 1);
	o.max_pages = 10;
	o.max_bytes = 1 << 20;
	o.probe_dpi = 10;
	o.probe_max_pixels = 200000;
	o.ocr_dpi = 72;
	o.ocr_max_pixels = 1000000;
	if (lak_ingest_bytes(names[data[0] % 3], data + 1, size - 1, &o, &doc,
	    &err) < 0)
		return 0;
	if (lak_normalise(doc, 0, &v, &err) == 0)
		lak_view_free(v);
	lak_doc_free(doc);
	return 0;
}
