/* Fuzz target: plan CSVs as a reviewer may have edited them
 * (lak_plan_read_csv), against a fixed text document. The literal "SHA"
 * in the input stands for the document's SHA-256, so that the fuzzer can
 * reach the rows that are for this document; then the redacted text. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "lib/base/buf.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/redact/redact.h"

static const char text[] =
    "Geachte heer Jansen,\n\nOp 12 augustus sprak mevrouw A. Bakker "
    "(a.bakker@example.nl, 06-12345678) over de dijk.\n\nAdvies\n"
    "Ik adviseer de aanvraag af te wijzen.\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lak_doc *doc;
	static struct lak_view *view;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_plan *plan = NULL;
	struct lak_buf in, out;

	if (doc == NULL) {
		struct lak_ingest_opts o = LAK_INGEST_OPTS_INIT;

		if (lak_ingest_bytes("doc.txt", text, sizeof(text) - 1, &o,
		    &doc, &err) < 0 || lak_normalise(doc, 0, &view, &err) < 0)
			abort();
	}
	lak_buf_init(&in, 0);
	for (size_t i = 0; i < size; i++) {
		if (i + 3 <= size && memcmp(data + i, "SHA", 3) == 0) {
			lak_buf_adds(&in, doc->meta.sha256);
			i += 2;
		} else {
			lak_buf_addc(&in, (char)data[i]);
		}
	}
	if (lak_buf_check(&in, &err) == 0 && lak_plan_read_csv(in.data ?
	    in.data : "", in.len, "fuzz.csv", doc, view, fuzz_grounds(),
	    &plan, &err) == 0) {
		struct lak_error terr = LAK_ERROR_INIT;

		lak_buf_init(&out, 0);
		lak_redact_text(plan, view, fuzz_grounds(), "[{code}]", &out,
		    &terr);
		lak_buf_release(&out);
		lak_plan_free(plan);
	}
	lak_buf_release(&in);
	return 0;
}
