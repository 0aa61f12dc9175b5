/* Fuzz target: Mustache templates (parse, then render with a small map,
 * strict and loose, text and HTML). */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "lib/base/buf.h"
#include "lib/render/template.h"

static int
no_partial(void *ctx, const char *name, char **src, size_t *len)
{
	(void)ctx;
	(void)name;
	(void)src;
	(void)len;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_template *t = NULL;
	struct lak_value *v = lak_value_new(LAK_V_MAP), *list;
	struct lak_buf out;

	if (v == NULL)
		return 0;
	list = lak_value_new(LAK_V_LIST);
	lak_value_append(list, lak_value_string("<één>"));
	lak_value_append(list, lak_value_bool(true));
	lak_value_set(v, "a", lak_value_string("x & y"));
	lak_value_set(v, "b", list);
	lak_value_set(v, "n", lak_value_number(3));
	if (lak_template_parse((const char *)data, size, "fuzz", &t,
	    &err) == 0) {
		for (int i = 0; i < 4; i++) {
			struct lak_error rerr = LAK_ERROR_INIT;
			struct lak_render_opts o = { i & 1, (i & 2) != 0,
			    no_partial, NULL };

			lak_buf_init(&out, 0);
			lak_template_render(t, v, &o, &out, &rerr);
			lak_buf_release(&out);
		}
		lak_template_free(t);
	}
	lak_value_free(v);
	return 0;
}
