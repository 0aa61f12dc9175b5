/*
 * Render stage (see render.h).
 */
#include "common.h"

#include "fsutil.h"
#include "render.h"
#include "template.h"

static const struct {
	const char *name;
	enum lak_source_kind kind;
} builtin[] = {
	{ "kamerbrief", LAK_SOURCE_LETTER },
	{ "brief", LAK_SOURCE_LETTER },
	{ "antwoorden", LAK_SOURCE_ANSWERS },
	{ "aanbiedingsbrief", LAK_SOURCE_ANSWERS },
	{ "woordvoering", LAK_SOURCE_PRESS },
};

int
lak_render_kind(const char *name)
{
	for (size_t i = 0; i < LAK_ARRAY_SIZE(builtin); i++)
		if (strcmp(builtin[i].name, name) == 0)
			return (int)builtin[i].kind;
	return -1;
}

struct finder {
	const struct lak_render_req *req;
};

/* NAME.FORMAT.mustache in the first directory that has it; markdown
 * falls back to text. */
static int
find(const struct lak_render_req *req, const char *name, char **data,
    size_t *len, char **path_out)
{
	const char *formats[2] = { req->format, NULL };

	if (strcmp(req->format, "md") == 0)
		formats[1] = "txt";
	if (strchr(name, '/') != NULL || strstr(name, "..") != NULL)
		return -1;	/* names, not paths */
	for (size_t f = 0; f < 2 && formats[f]; f++)
		for (size_t i = 0; i < req->ndirs; i++) {
			struct lak_error e = LAK_ERROR_INIT;
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s.%s.mustache",
			    req->dirs[i], name, formats[f]);
			if (lak_file_read(path, (size_t)1 << 20, data, len,
			    &e) == 0) {
				if (path_out)
					*path_out = strdup(path);
				return 0;
			}
		}
	return -1;
}

static int
partial(void *ctx, const char *name, char **src, size_t *len)
{
	struct finder *f = ctx;

	return find(f->req, name, src, len, NULL);
}

int
lak_render(const struct lak_render_req *req, const char *src, size_t len,
    const char *src_name, struct lak_buf *out, struct lak_error *err)
{
	struct finder f = { req };
	struct lak_render_opts ro = { req->strict, strcmp(req->format,
	    "html") == 0, partial, &f };
	struct lak_template *t = NULL;
	struct lak_value *data = NULL;
	char *tsrc = NULL, *tpath = NULL;
	size_t tlen = 0;
	int kind = req->kind >= 0 ? req->kind : lak_render_kind(req->name);
	int ret = -1;

	if (kind < 0)
		kind = LAK_SOURCE_LETTER;
	if (strcmp(req->format, "pdf") == 0) {
		const struct lak_value *title;

		if (lak_render_kind(req->name) < 0) {
			lak_error_set(err, LAK_EUNSUPPORTED, "PDF output is "
			    "laid out for the built-in templates only, not "
			    "'%s'", req->name);
			goto out;
		}
		if (lak_source_parse(src, len, src_name,
		    (enum lak_source_kind)kind, &data, err) < 0)
			goto out;
		/* strict: what the layout prints must be there */
		if (req->strict) {
			static const char *const need[3][6] = {
				{ "aan", "datum", "betreft", "functie",
				  "ondertekenaar", NULL },
				{ "minister", "onderwerp", "ingezonden", NULL },
				{ "onderwerp", "datum", "woordvoerder", NULL },
			};

			for (size_t i = 0; need[kind][i]; i++)
				if (lak_value_get(data, need[kind][i]) == NULL) {
					lak_error_set(err, LAK_EFORMAT, "%s:1: "
					    "no '%s' in the header (the %s "
					    "needs it; --loose leaves it out)",
					    src_name, need[kind][i], req->name);
					goto out;
				}
		}
		title = lak_value_get(data, "betreft");
		if (title == NULL)
			title = lak_value_get(data, "onderwerp");
		ret = lak_render_pdf(data, kind, title ? title->str : NULL,
		    req->date, out, err);
		goto out;
	}
	if (find(req, req->name, &tsrc, &tlen, &tpath) < 0) {
		lak_error_set(err, LAK_ENOENT, "no template '%s' for %s output "
		    "(looked for %s.%s.mustache in %zu director%s)", req->name,
		    req->format, req->name, req->format, req->ndirs,
		    req->ndirs == 1 ? "y" : "ies");
		goto out;
	}
	if (lak_source_parse(src, len, src_name, (enum lak_source_kind)kind,
	    &data, err) < 0 ||
	    lak_template_parse(tsrc, tlen, tpath, &t, err) < 0 ||
	    lak_template_render(t, data, &ro, out, err) < 0)
		goto out;
	ret = 0;
out:
	lak_template_free(t);
	lak_value_free(data);
	free(tsrc);
	free(tpath);
	return ret;
}
