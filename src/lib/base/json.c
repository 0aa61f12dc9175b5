/*
 * JSON strings for data embedded in HTML (see json.h).
 */
#include "lib/base/common.h"

#include "lib/base/fold.h"
#include "lib/base/json.h"

void
lak_json_string(struct lak_buf *out, const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	lak_buf_addc(out, '"');
	while (p < end) {
		const char *start = p;
		uint32_t cp = lak_utf8_next(&p, end);

		switch (cp) {
		case '"': lak_buf_adds(out, "\\\""); break;
		case '\\': lak_buf_adds(out, "\\\\"); break;
		case '\n': lak_buf_adds(out, "\\n"); break;
		case '\r': lak_buf_adds(out, "\\r"); break;
		case '\t': lak_buf_adds(out, "\\t"); break;
		case LAK_UTF8_BAD: lak_buf_adds(out, "\\ufffd"); break;
		default:
			/* '<', '>', '&' would let the data end its script
			 * element; U+2028/9 end lines in old scripts */
			if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' ||
			    cp == 0x2028 || cp == 0x2029)
				lak_buf_addf(out, "\\u%04x", (unsigned)cp);
			else
				lak_buf_add(out, start, (size_t)(p - start));
		}
	}
	lak_buf_addc(out, '"');
}
