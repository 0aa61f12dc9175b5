/*
 * Redaction stage: JIT compilation of the rules' and detectors' patterns
 * (see regex-int.h).
 */
#include "lib/base/common.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lib/redact/regex-int.h"

void
lak_regex_jit(void *code)
{
	static int off = -1;

	if (off < 0) {
		const char *e = getenv("LAKWERK_NO_JIT");

		off = e != NULL && *e != '\0' && strcmp(e, "0") != 0;
	}
	if (!off)
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
}
