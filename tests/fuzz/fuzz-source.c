/* Fuzz target: render sources (letter, answers, press, besluit), and
 * the decision letter made from a besluit source. */
#include "config.h"

#include "fuzz.h"
#include "lib/render/render.h"
#include "lib/render/source.h"
#include "lib/render/template.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum lak_source_kind kinds[] = { LAK_SOURCE_LETTER,
	    LAK_SOURCE_ANSWERS, LAK_SOURCE_PRESS, LAK_SOURCE_BESLUIT };

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct lak_error err = LAK_ERROR_INIT;
		struct lak_value *v = NULL;

		if (lak_source_parse((const char *)data, size, "fuzz.txt",
		    kinds[k], (k & 1) ? LAK_SOURCE_STRICT : 0, &v, &err) < 0)
			continue;
		if (kinds[k] == LAK_SOURCE_BESLUIT) {
			struct lak_error lerr = LAK_ERROR_INIT;

			lak_value_free(lak_besluit_letter(v, size & 1, &lerr));
		}
		lak_value_free(v);
	}
	return 0;
}
