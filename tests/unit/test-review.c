/* Review stage: the report's data per document, its page, JSON strings. */
#include "config.h"

#include "unit.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/buf.h"
#include "lib/base/csv.h"
#include "lib/base/fsutil.h"
#include "lib/base/json.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"
#include "lib/review/review.h"

static char *
json_of(const char *s, size_t len)
{
	struct lak_buf b;

	lak_buf_init(&b, 0);
	lak_json_string(&b, s, len);
	return lak_buf_take(&b, NULL);
}

static void
test_json_string(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "\"plain\"" },
		{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "\n\r\t\x01", "\"\\n\\r\\t\\u0001\"" },
		/* nothing that can end a script element or start markup */
		{ "</script><!--&", "\"\\u003c/script\\u003e\\u003c!--\\u0026\"" },
		{ "\xE2\x80\xA8\xE2\x80\xA9", "\"\\u2028\\u2029\"" },
		{ "\xC3\xA9\xE2\x82\xAC", "\"\xC3\xA9\xE2\x82\xAC\"" },	/* é€ kept */
		/* not UTF-8: a lone continuation byte, a cut sequence */
		{ "a\x80" "b\xE2\x82", "\"a\\ufffdb\\ufffd\\ufffd\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = json_of(cases[i].in, strlen(cases[i].in));

		assert_string_equal(got, cases[i].out);
		free(got);
	}
	{
		/* a NUL inside the bytes is not text (lak_utf8_next) */
		char *got = json_of("a\0b", 3);

		assert_string_equal(got, "\"a\\ufffdb\"");
		free(got);
	}
}

/* A text document, its plan by 'rules', and its part of a report. */
struct fx {
	struct lak_doc *doc;
	struct lak_view *view;
	struct lak_ruleset *rs;
	struct lak_plan *plan;
	char dir[64];
	char *json;
	JsonParser *parser;
	JsonObject *obj;
};

static void
make(struct fx *f, const char *text, const char *rules)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_redact_opts ro = { true, false };
	struct lak_review_opts vo = { 72, cat };
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_review_doc rd = { "d1", "brief.txt", NULL, NULL, NULL,
	    NULL, 0, NULL, NULL, 0 };
	struct lak_buf b;
	GError *gerr = NULL;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/lak-review-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	if (lak_rules_parse(rules, strlen(rules), "t.rules", cat, &f->rs,
	    &err) < 0 || lak_ingest_bytes("brief.txt", text, strlen(text), &io,
	    &f->doc, &err) < 0 || lak_normalise(f->doc, 0, &f->view, &err) < 0
	    || lak_redact_plan(f->doc, f->view, f->rs, &ro, &f->plan, &err) < 0)
		fail_msg("%s", err.msg);
	rd.doc = f->doc;
	rd.view = f->view;
	rd.plan = f->plan;
	lak_buf_init(&b, 0);
	if (lak_review_doc(&rd, &vo, f->dir, &b, &err) < 0)
		fail_msg("%s", err.msg);
	f->json = lak_buf_take(&b, NULL);
	f->parser = json_parser_new();
	if (!json_parser_load_from_data(f->parser, f->json, -1, &gerr))
		fail_msg("not JSON: %s: %s", gerr->message, f->json);
	f->obj = json_node_get_object(json_parser_get_root(f->parser));
}

static void
done(struct fx *f)
{
	struct lak_error err = LAK_ERROR_INIT;

	assert_int_equal(lak_remove_tree(f->dir, &err), 0);
	g_object_unref(f->parser);
	free(f->json);
	lak_plan_free(f->plan);
	lak_rules_free(f->rs);
	lak_view_free(f->view);
	lak_doc_free(f->doc);
}

static void
test_doc_data(void **state)
{
	struct fx f;
	JsonArray *props, *pages, *row, *boxes;
	JsonObject *p;
	char path[128];
	struct stat st;
	struct lak_buf csv;
	struct lak_csv_row rec = { NULL, 0, 0 };
	struct lak_error err = LAK_ERROR_INIT;
	size_t pos = 0;

	(void)state;
	make(&f, "Gesprek met Jan Jansen over de dijk.\n\nJansen belt terug.\n",
	    "5.1.2e term \"Jan Jansen\"\n5.1.2e term \"Jansen\"\n");
	assert_string_equal(json_object_get_string_member(f.obj, "id"), "d1");
	assert_string_equal(json_object_get_string_member(f.obj, "name"),
	    "brief.txt");
	assert_string_equal(json_object_get_string_member(f.obj, "sha256"),
	    f.doc->meta.sha256);
	assert_int_equal(json_object_get_int_member(f.obj, "npages"), 1);
	props = json_object_get_array_member(f.obj, "proposals");
	assert_int_equal(json_array_get_length(props), f.plan->n);
	assert_true(f.plan->n >= 2);
	/* each proposal: its text, ground, rule, boxes and the plan's row */
	lak_buf_init(&csv, 0);
	assert_int_equal(lak_plan_write_csv(f.plan, f.doc, f.view, cat, &csv,
	    &err), 0);
	assert_int_equal(lak_csv_next(csv.data, csv.len, &pos, ',', &rec), 1);
	for (size_t i = 0; i < f.plan->n; i++) {
		size_t len;
		const char *t = lak_span_text(&f.plan->spans[i], f.doc, f.view,
		    &len);

		p = json_array_get_object_element(props, (guint)i);
		assert_string_equal(json_object_get_string_member(p, "kind"),
		    "text");
		assert_int_equal(strlen(json_object_get_string_member(p,
		    "text")), len);
		assert_memory_equal(json_object_get_string_member(p, "text"),
		    t, len);
		assert_string_equal(json_array_get_string_element(
		    json_object_get_array_member(p, "grounds"), 0), "5.1.2e");
		assert_non_null(strstr(json_object_get_string_member(p,
		    "rules"), "t.rules:"));
		assert_string_equal(json_object_get_string_member(p,
		    "decision"), "redact");
		boxes = json_object_get_array_member(p, "boxes");
		assert_true(json_array_get_length(boxes) >= 1);
		assert_int_equal(json_array_get_int_element(
		    json_array_get_array_element(boxes, 0), 0), 1);
		row = json_object_get_array_member(p, "row");
		assert_int_equal(lak_csv_next(csv.data, csv.len, &pos, ',',
		    &rec), 1);
		assert_int_equal(json_array_get_length(row), rec.n);
		for (size_t k = 0; k < rec.n; k++)
			assert_string_equal(json_array_get_string_element(row,
			    (guint)k), rec.f[k]);
	}
	lak_csv_row_release(&rec);
	lak_buf_release(&csv);
	/* the page with proposals has its image */
	pages = json_object_get_array_member(f.obj, "pages");
	assert_int_equal(json_array_get_length(pages), 1);
	p = json_array_get_object_element(pages, 0);
	assert_int_equal(json_object_get_int_member(p, "n"), 1);
	assert_string_equal(json_object_get_string_member(p, "img"),
	    "pages/d1/p1.png");
	assert_int_equal(json_object_get_int_member(p, "pw"),
	    (gint64)ceil(f.doc->pages[0].width));
	snprintf(path, sizeof(path), "%s/d1/p1.png", f.dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 100);
	done(&f);
}

static void
test_doc_without_proposals(void **state)
{
	struct fx f;
	char path[128];

	(void)state;
	make(&f, "Niets te lakken hier.\n", "5.1.2e term \"Jansen\"\n");
	assert_int_equal(json_array_get_length(json_object_get_array_member(
	    f.obj, "proposals")), 0);
	/* its page is there all the same, with its words: a reviewer may
	 * add a redaction the rules missed */
	assert_int_equal(json_array_get_length(json_object_get_array_member(
	    f.obj, "pages")), 1);
	assert_true(json_array_get_length(json_object_get_array_member(
	    json_array_get_object_element(json_object_get_array_member(f.obj,
	    "pages"), 0), "words")) == 4);
	snprintf(path, sizeof(path), "%s/d1/p1.png", f.dir);
	assert_int_equal(access(path, F_OK), 0);
	done(&f);
}

static char *
tmpdir_with(const char *css, const char *js)
{
	static char dir[64];
	char path[128];
	struct lak_error err = LAK_ERROR_INIT;

	snprintf(dir, sizeof(dir), "/tmp/lak-assets-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/review.css", dir);
	assert_int_equal(lak_file_write_atomic(path, css, strlen(css), 0644,
	    &err), 0);
	snprintf(path, sizeof(path), "%s/review.js", dir);
	assert_int_equal(lak_file_write_atomic(path, js, strlen(js), 0644,
	    &err), 0);
	return dir;
}

/* 'sha256-BASE64' as the page's CSP must name it */
static char *
csp(const char *s)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	guint8 d[32];
	gsize n = sizeof(d);
	gchar *b, *r;

	g_checksum_update(c, (const guchar *)s, (gssize)strlen(s));
	g_checksum_get_digest(c, d, &n);
	g_checksum_free(c);
	b = g_base64_encode(d, n);
	r = g_strdup_printf("'sha256-%s'", b);
	g_free(b);
	return r;
}

static void
test_index(void **state)
{
	const char *css = "body { color: #000; }", *js = "var x = 1;";
	char *dir = tmpdir_with(css, js), path[128], *page = NULL, *h;
	const char *docs = "{\"id\":\"d1\",\"name\":\"\\u003c/script\\u003e\"}";
	struct lak_review_page pg = { "Dossier <A&B>", "lakwerk 9", dir, docs,
	    strlen(docs), cat };
	struct lak_error err = LAK_ERROR_INIT;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/index.html", dir);
	assert_int_equal(lak_review_index(&pg, path, &err), 0);
	assert_int_equal(lak_file_read(path, 1 << 20, &page, &len, &err), 0);
	/* the CSP names exactly the inline style and script */
	h = csp(css);
	assert_non_null(strstr(page, h));
	g_free(h);
	h = csp(js);
	assert_non_null(strstr(page, h));
	g_free(h);
	assert_non_null(strstr(page, "default-src 'none'"));
	assert_non_null(strstr(page, "<title>Beoordeling: Dossier &lt;A&amp;B&gt;"
	    "</title>"));
	assert_non_null(strstr(page, "<html lang=\"nl\">"));
	assert_non_null(strstr(page, "<meta name=\"generator\" content="
	    "\"lakwerk 9\">"));
	assert_non_null(strstr(page, "<style>body { color: #000; }</style>"));
	assert_non_null(strstr(page, "<script>var x = 1;</script>"));
	/* the data: the documents, the catalogue, the plan's columns */
	{
		char *a = strstr(page, "id=\"lakwerk-data\">"), *b;
		JsonParser *jp = json_parser_new();
		JsonObject *o;

		assert_non_null(a);
		a += strlen("id=\"lakwerk-data\">");
		b = strstr(a, "</script>");
		assert_non_null(b);
		assert_true(json_parser_load_from_data(jp, a, b - a, NULL));
		o = json_node_get_object(json_parser_get_root(jp));
		assert_int_equal(strlen(json_object_get_string_member(o,
		    "report")), 64);
		assert_int_equal(json_array_get_length(
		    json_object_get_array_member(o, "grounds")), cat->n);
		assert_int_equal(json_array_get_length(
		    json_object_get_array_member(o, "columns")), 13);
		assert_string_equal(json_object_get_string_member(
		    json_array_get_object_element(json_object_get_array_member(
		    o, "documents"), 0), "name"), "</script>");
		g_object_unref(jp);
	}
	free(page);
	assert_int_equal(lak_remove_tree(dir, &err), 0);
}

static void
test_index_refuses_bad_assets(void **state)
{
	char *dir = tmpdir_with("a{}", "var s = '</script>';"), path[128];
	struct lak_review_page pg = { "t", "lakwerk", dir, "", 0, cat };
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	snprintf(path, sizeof(path), "%s/index.html", dir);
	assert_int_equal(lak_review_index(&pg, path, &err), -1);
	assert_non_null(strstr(err.msg, "review.js: has '</' in it"));
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(lak_remove_tree(dir, &err), 0);
	/* missing assets: named */
	pg.assets = "/nonexistent";
	assert_int_equal(lak_review_index(&pg, "/tmp/x.html", &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/review.css"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_doc_data),
		cmocka_unit_test(test_doc_without_proposals),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_index_refuses_bad_assets),
	};

	return cmocka_run_group_tests(tests, unit_setup_grounds,
	    unit_teardown_grounds);
}
