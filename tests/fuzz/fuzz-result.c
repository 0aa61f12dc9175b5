/* Fuzz target: a cached result's stats file as lakwerk run reads it from
 * the work folder (lak_result_parse), where anything may have damaged it.
 * The file check says "changed" for hashes that start with 'f'. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "lib/run/workdir.h"

static bool
check(void *ctx, const char *suffix, const char *hex)
{
	(void)ctx;
	return suffix[0] == '.' && hex[0] != 'f';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_result r;
	size_t pages = 0;

	if (lak_result_parse((const char *)data, size, "fuzz.stats",
	    fuzz_grounds(), size % 2 ? check : NULL, NULL, &r, &err) == 0) {
		for (size_t i = 0; i < r.ng; i++)
			pages += r.g[i].spans + (size_t)r.g[i].ground;
		lak_result_release(&r);
	} else if (err.msg[0] == '\0') {
		abort();	/* a failure must say why */
	}
	(void)pages;
	return 0;
}
