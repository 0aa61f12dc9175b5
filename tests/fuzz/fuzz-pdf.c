/* Fuzz target: the PDF ingest path (poppler included), normalisation, and
 * the rules over the result. Limits keep each input quick. */
#include "config.h"

#include "fuzz.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lak_ruleset *rs;
	struct lak_ingest_opts o = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_redact_opts ro = { false, false };
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_plan *plan = NULL;

	if (rs == NULL) {
		static const char r[] = "5.1.2e detector email\n"
		    "5.1.2e detector phone\n5.1.1e detector bsn\n"
		    "5.1.2e term \"Jansen\"\n5.2.1 section \"Advies\"\n";

		if (lak_rules_parse(r, sizeof(r) - 1, "fuzz.rules",
		    fuzz_grounds(), &rs, &err) < 0)
			abort();
	}
	o.max_pages = 20;
	o.probe_dpi = 10;
	o.probe_max_pixels = 200000;
	/* the ink accounting and OCR run too, small: Tesseract on a page at
	 * 300 dpi takes a second */
	o.ocr_dpi = 72;
	o.ocr_max_pixels = 1000000;
	if (lak_ingest_bytes("fuzz.pdf", data, size, &o, &doc, &err) < 0)
		return 0;
	if (lak_normalise(doc, 0, &v, &err) == 0 &&
	    lak_redact_plan(doc, v, rs, &ro, &plan, &err) == 0)
		lak_plan_free(plan);
	lak_view_free(v);
	lak_doc_free(doc);
	return 0;
}
