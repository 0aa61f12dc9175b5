/* Fuzz target: rule files (lak_rules_parse). */
#include "config.h"

#include "fuzz.h"
#include "lib/redact/rules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_ruleset *rs = NULL;

	/* the name places includes and terms files: an empty folder */
	if (lak_rules_parse((const char *)data, size, "/nonexistent/f.rules",
	    fuzz_grounds(), &rs, &err) == 0)
		lak_rules_free(rs);
	return 0;
}
