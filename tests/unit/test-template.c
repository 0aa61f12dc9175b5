/* Unit tests: Mustache templates, against the official spec and for
 * lakwerk's own rules (strict mode, error positions). */
#include "config.h"

#include "unit.h"

#include <json-glib/json-glib.h>

#include "lib/render/source.h"
#include "lib/render/template.h"

static struct lak_value *
from_json(JsonNode *n)
{
	struct lak_value *v;

	switch (json_node_get_node_type(n)) {
	case JSON_NODE_NULL:
		return lak_value_new(LAK_V_NULL);
	case JSON_NODE_ARRAY: {
		JsonArray *a = json_node_get_array(n);

		v = lak_value_new(LAK_V_LIST);
		for (guint i = 0; i < json_array_get_length(a); i++)
			lak_value_append(v, from_json(
			    json_array_get_element(a, i)));
		return v;
	}
	case JSON_NODE_OBJECT: {
		JsonObject *o = json_node_get_object(n);
		GList *m = json_object_get_members(o);

		v = lak_value_new(LAK_V_MAP);
		for (GList *l = m; l; l = l->next)
			lak_value_set(v, l->data, from_json(
			    json_object_get_member(o, l->data)));
		g_list_free(m);
		return v;
	}
	default:
		break;
	}
	switch (json_node_get_value_type(n)) {
	case G_TYPE_BOOLEAN:
		return lak_value_bool(json_node_get_boolean(n));
	case G_TYPE_INT64:
		return lak_value_number((double)json_node_get_int(n));
	case G_TYPE_DOUBLE:
		return lak_value_number(json_node_get_double(n));
	default:
		return lak_value_string(json_node_get_string(n));
	}
}

static int
spec_partial(void *ctx, const char *name, char **src, size_t *len)
{
	JsonObject *partials = ctx;
	const char *s;

	if (partials == NULL || !json_object_has_member(partials, name))
		return -1;
	s = json_object_get_string_member(partials, name);
	*src = strdup(s);
	*len = strlen(s);
	return 0;
}

static void
template_passes_the_mustache_spec(void **state)
{
	static const char *const files[] = { "interpolation", "sections",
	    "inverted", "partials", "comments", "delimiters" };
	int total = 0, passed = 0;

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(*files); f++) {
		char rel[128];
		JsonParser *p = json_parser_new();
		GError *ge = NULL;
		JsonArray *tests;

		snprintf(rel, sizeof(rel), "mustache-spec/%s.json", files[f]);
		if (!json_parser_load_from_file(p, unit_data(rel), &ge))
			fail_msg("%s: %s", rel, ge->message);
		tests = json_object_get_array_member(json_node_get_object(
		    json_parser_get_root(p)), "tests");
		for (guint i = 0; i < json_array_get_length(tests); i++) {
			JsonObject *t = json_array_get_object_element(tests, i);
			const char *tpl = json_object_get_string_member(t,
			    "template");
			const char *want = json_object_get_string_member(t,
			    "expected");
			struct lak_value *data = from_json(
			    json_object_get_member(t, "data"));
			struct lak_render_opts ro = { false, true, spec_partial,
			    json_object_has_member(t, "partials") ?
			    json_object_get_object_member(t, "partials") : NULL };
			struct lak_error err = LAK_ERROR_INIT;
			struct lak_template *tp = NULL;
			struct lak_buf out;

			lak_buf_init(&out, 0);
			total++;
			if (lak_template_parse(tpl, strlen(tpl), "spec", &tp,
			    &err) == 0 && lak_template_render(tp, data, &ro,
			    &out, &err) == 0 && strcmp(out.data, want) == 0)
				passed++;
			else
				fprintf(stderr, "spec %s: \"%s\": got \"%s\", "
				    "want \"%s\" %s\n", files[f],
				    json_object_get_string_member(t, "name"),
				    out.data, want, err.msg);
			lak_buf_release(&out);
			lak_template_free(tp);
			lak_value_free(data);
		}
		g_object_unref(p);
	}
	printf("mustache spec: %d of %d tests passed\n", passed, total);
	assert_int_equal(total, 136);
	assert_int_equal(passed, total);
}

static const char *
parse_error(const char *tpl)
{
	static struct lak_error err;
	struct lak_template *t = NULL;

	lak_error_clear(&err);
	assert_int_equal(lak_template_parse(tpl, strlen(tpl), "brief.tmpl", &t,
	    &err), -1);
	assert_null(t);
	return err.msg;
}

static void
template_errors_name_line_and_column(void **state)
{
	(void)state;
	assert_contains(parse_error("a\n  {{#lijst}}\nx\n"), "brief.tmpl:2:3: "
	    "unclosed section 'lijst'");
	assert_contains(parse_error("{{#a}}\n{{/b}}"), "brief.tmpl:2:1: "
	    "'{{/b}}' closes nothing: 'a' (opened at 1:1) is open");
	assert_contains(parse_error("x {{naam"), "brief.tmpl:1:3: unclosed tag");
	assert_contains(parse_error("{{/a}}"), "no section is open");
	assert_contains(parse_error("{{=<%%>=}}"), "expected {{=OPEN CLOSE=}}");
}

static int
no_partials(void *ctx, const char *name, char **src, size_t *len)
{
	(void)ctx;
	if (strcmp(name, "zelf") == 0) {
		*src = strdup("{{>zelf}}");
		*len = strlen(*src);
		return 0;
	}
	(void)src;
	(void)len;
	return -1;
}

static void
template_strict_mode(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_template *t = NULL;
	struct lak_value *d = lak_value_new(LAK_V_MAP);
	struct lak_render_opts strict = { true, false, no_partials, NULL };
	struct lak_buf out;

	(void)state;
	lak_buf_init(&out, 0);
	lak_value_set(d, "naam", lak_value_string("A & B"));
	assert_int_equal(lak_template_parse("Beste {{naam}},\n{{datum}}", 25,
	    "brief.tmpl", &t, &err), 0);
	assert_int_equal(lak_template_render(t, d, &strict, &out, &err), -1);
	assert_contains(err.msg, "brief.tmpl:2:1: no value for 'datum'");
	lak_template_free(t);
	/* not HTML: no escaping */
	lak_buf_reset(&out);
	assert_int_equal(lak_template_parse("{{naam}}", 8, "t", &t, &err), 0);
	assert_int_equal(lak_template_render(t, d, &strict, &out, &err), 0);
	assert_string_equal(out.data, "A & B");
	lak_template_free(t);
	/* unknown and self-including partials */
	lak_error_clear(&err);
	assert_int_equal(lak_template_parse("{{>kop}}", 8, "t", &t, &err), 0);
	assert_int_equal(lak_template_render(t, d, &strict, &out, &err), -1);
	assert_contains(err.msg, "t:1:1: unknown partial 'kop'");
	lak_template_free(t);
	lak_error_clear(&err);
	assert_int_equal(lak_template_parse("{{>zelf}}", 9, "t", &t, &err), 0);
	assert_int_equal(lak_template_render(t, d, &strict, &out, &err), -1);
	assert_contains(err.msg, "nested more than 64 deep");
	lak_template_free(t);
	lak_value_free(d);
	lak_buf_release(&out);
}

static void
source_dates_in_dutch(void **state)
{
	char b[64];

	(void)state;
	assert_int_equal(lak_date_dutch("2019-09-05", b, sizeof(b)), 0);
	assert_string_equal(b, "5 september 2019");
	assert_int_equal(lak_date_dutch("5-9-2019", b, sizeof(b)), 0);
	assert_string_equal(b, "5 september 2019");
	assert_int_equal(lak_date_dutch("29 Februari 2024", b, sizeof(b)), 0);
	assert_string_equal(b, "29 februari 2024");
	assert_int_equal(lak_date_dutch("29 februari 2023", b, sizeof(b)), -1);
	assert_int_equal(lak_date_dutch("2019-13-01", b, sizeof(b)), -1);
	assert_int_equal(lak_date_dutch("morgen", b, sizeof(b)), -1);
	assert_int_equal(lak_date_dutch("2019-09-05 en meer", b, sizeof(b)),
	    -1);
}

static void
source_letter_blocks_and_footnotes(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_value *v = NULL;
	const struct lak_value *b;
	const char *src = "Betreft: Test\nDatum: 2026-01-02\n\nEen *nadruk* "
	    "<hier>[^1].\n\n# Kop\n\n1. een\n2. twee\n   verder\n\n"
	    "[^1]: Noot.\n";

	(void)state;
	if (lak_source_parse(src, strlen(src), "b.txt", LAK_SOURCE_LETTER, 0, &v,
	    &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(lak_value_get(v, "datum")->str, "2 januari 2026");
	b = lak_value_get(v, "blocks");
	assert_int_equal(b->n, 3);
	assert_string_equal(lak_value_get(b->items[0], "text")->str,
	    "Een nadruk <hier>[1].");
	assert_string_equal(lak_value_get(b->items[0], "text_html")->str,
	    "Een <em>nadruk</em> &lt;hier&gt;<sup><a href=\"#fn1\" "
	    "id=\"fnref1\">1</a></sup>.");
	assert_non_null(lak_value_get(b->items[1], "is_heading"));
	b = lak_value_get(b->items[2], "items");
	assert_int_equal(b->n, 2);
	assert_string_equal(lak_value_get(b->items[1], "marker")->str, "2.");
	assert_string_equal(lak_value_get(b->items[1], "text")->str,
	    "twee verder");
	assert_int_equal(lak_value_get(v, "footnotes")->n, 1);
	lak_value_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template_passes_the_mustache_spec),
		cmocka_unit_test(template_errors_name_line_and_column),
		cmocka_unit_test(template_strict_mode),
		cmocka_unit_test(source_dates_in_dutch),
		cmocka_unit_test(source_letter_blocks_and_footnotes),
	};

	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
