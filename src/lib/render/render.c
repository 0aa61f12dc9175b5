/*
 * Render stage (see render.h).
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/render/render.h"
#include "lib/render/template.h"

static const struct {
	const char *name;
	enum lak_source_kind kind;
} builtin[] = {
	{ "kamerbrief", LAK_SOURCE_LETTER },
	{ "brief", LAK_SOURCE_LETTER },
	{ "antwoorden", LAK_SOURCE_ANSWERS },
	{ "aanbiedingsbrief", LAK_SOURCE_ANSWERS },
	{ "woordvoering", LAK_SOURCE_PRESS },
	{ "woo-besluit", LAK_SOURCE_BESLUIT },
};

static int
render_kind(const char *name)
{
	for (size_t i = 0; i < LAK_ARRAY_SIZE(builtin); i++)
		if (strcmp(builtin[i].name, name) == 0)
			return (int)builtin[i].kind;
	return -1;
}

struct finder {
	const struct lak_render_req *req;
};

/* File 'file' in the first of the request's directories that has it (a
 * user's --templates before the built-in ones). */
static int
find_file(const struct lak_render_req *req, const char *file, char **data,
    size_t *len, char **path_out)
{
	for (size_t i = 0; i < req->ndirs; i++) {
		struct lak_error e = LAK_ERROR_INIT;
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", req->dirs[i], file);
		if (lak_file_read(path, LAK_MAX_TEXT_FILE, data, len, &e) == 0) {
			if (path_out)
				*path_out = strdup(path);
			return 0;
		}
	}
	return -1;
}

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
	for (size_t f = 0; f < 2 && formats[f]; f++) {
		char file[512];

		snprintf(file, sizeof(file), "%s.%s.mustache", name,
		    formats[f]);
		if (find_file(req, file, data, len, path_out) == 0)
			return 0;
	}
	return -1;
}

static int
partial(void *ctx, const char *name, char **src, size_t *len)
{
	struct finder *f = ctx;

	return find(f->req, name, src, len, NULL);
}

static int
copy_str(struct lak_value *to, const char *key, const struct lak_value *from,
    const char *fkey)
{
	const struct lak_value *v = lak_value_get(from, fkey);

	if (v == NULL || v->type != LAK_V_STRING)
		return 0;
	return lak_value_set(to, key, lak_value_string(v->str));
}

/*
 * The cover letter that offers answers to the Kamer, as a letter value
 * made from the answers source: the Kamer as addressee, the questions'
 * kenmerk as Uw kenmerk, one paragraph naming the questions.
 */
static struct lak_value *
cover_letter(const struct lak_value *a, struct lak_error *err)
{
	struct lak_value *l = lak_value_new(LAK_V_MAP);
	struct lak_value *blocks = lak_value_new(LAK_V_LIST);
	struct lak_value *p = lak_value_new(LAK_V_MAP);
	const struct lak_value *onderwerp = lak_value_get(a, "onderwerp");
	const struct lak_value *min = lak_value_get(a, "minister");
	const struct lak_value *sts = lak_value_get(a, "staatssecretaris");
	const struct lak_value *text = lak_value_get(a, "aanbieding");
	char *betreft = NULL, *functie = NULL;
	int r = 0;

	if (l == NULL || blocks == NULL || p == NULL || text == NULL)
		goto oom;
	betreft = g_strdup_printf("Antwoorden Kamervragen over %s",
	    onderwerp ? onderwerp->str : "");
	functie = g_strdup_printf("De %s", min ? min->str : sts ? sts->str :
	    "");
	r |= lak_value_set(l, "aan", lak_value_string("De Voorzitter van de "
	    "Tweede Kamer der Staten-Generaal, Postbus 20018, 2500 EA Den "
	    "Haag"));
	r |= lak_value_set(l, "betreft", lak_value_string(betreft));
	r |= lak_value_set(l, "functie", lak_value_string(functie));
	r |= lak_value_get(a, "aanhef") ? copy_str(l, "aanhef", a, "aanhef") :
	    lak_value_set(l, "aanhef", lak_value_string("Geachte voorzitter,"));
	r |= lak_value_get(a, "slot") ? copy_str(l, "slot", a, "slot") :
	    lak_value_set(l, "slot", lak_value_string("Hoogachtend,"));
	r |= copy_str(l, "uw_kenmerk", a, "kenmerk");
	r |= copy_str(l, "datum", a, "datum");
	r |= copy_str(l, "ondertekenaar", a, "ondertekenaar");
	r |= copy_str(l, "ministerie", a, "ministerie");
	r |= copy_str(l, "afdeling", a, "afdeling");
	r |= copy_str(l, "bezoekadres", a, "bezoekadres");
	r |= copy_str(l, "postadres", a, "postadres");
	r |= copy_str(l, "website", a, "website");
	r |= copy_str(l, "ons_kenmerk", a, "ons_kenmerk");
	r |= copy_str(l, "logo", a, "logo");
	r |= copy_str(l, "logo_path", a, "logo_path");
	r |= lak_value_set(p, "is_paragraph", lak_value_bool(true));
	r |= lak_value_set(p, "text", lak_value_string(text->str));
	{
		char *h = g_markup_escape_text(text->str, -1);

		r |= lak_value_set(p, "text_html", lak_value_string(h));
		r |= lak_value_set(p, "text_md", lak_value_string(text->str));
		g_free(h);
	}
	p = lak_value_append(blocks, p) < 0 ? NULL : p;
	r |= lak_value_set(l, "blocks", blocks);
	blocks = NULL;
	r |= lak_value_set(l, "footnotes", lak_value_new(LAK_V_LIST));
	g_free(betreft);
	g_free(functie);
	if (r != 0 || p == NULL) {
		lak_value_free(l);
		lak_error_oom(err);
		return NULL;
	}
	return l;
oom:
	lak_value_free(l);
	lak_value_free(blocks);
	lak_value_free(p);
	lak_error_oom(err);
	return NULL;
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
	int kind = req->kind >= 0 ? req->kind : render_kind(req->name);
	const char *name = req->name;
	int ret = -1;

	if (kind < 0)
		kind = LAK_SOURCE_LETTER;
	if (lak_source_parse(src, len, src_name, (enum lak_source_kind)kind,
	    req->strict ? LAK_SOURCE_STRICT : 0, &data, err) < 0)
		goto out;
	if (kind == LAK_SOURCE_BESLUIT) {
		/* the law's articles for Bijlage 1, where the templates are */
		const struct lak_value *rg = lak_value_get(data, "regime");
		bool wob = rg != NULL && rg->type == LAK_V_STRING &&
		    strcmp(rg->str, "wob") == 0;
		char *art = NULL;
		size_t alen = 0;

		if (find_file(req, wob ? "wob-artikelen.txt" :
		    "woo-artikelen.txt", &art, &alen, NULL) < 0)
			art = NULL;
		if (art != NULL && lak_value_set(data, "_artikelen",
		    lak_value_string(art)) < 0) {
			free(art);
			lak_error_oom(err);
			goto out;
		}
		free(art);
	}
	if (strcmp(req->name, "aanbiedingsbrief") == 0 ||
	    kind == LAK_SOURCE_BESLUIT) {
		struct lak_value *l = kind == LAK_SOURCE_BESLUIT ?
		    lak_besluit_letter(data, req->published, err) :
		    cover_letter(data, err);

		if (l == NULL)
			goto out;
		lak_value_free(data);
		data = l;
		kind = LAK_SOURCE_LETTER;
		name = "kamerbrief";
	}
	if (strcmp(req->format, "pdf") == 0 || strcmp(req->format, "odt") ==
	    0 || strcmp(req->format, "docx") == 0) {
		const struct lak_value *title;

		if (render_kind(req->name) < 0) {
			GString *names = g_string_new(NULL);

			for (size_t i = 0; i < LAK_ARRAY_SIZE(builtin); i++)
				g_string_append_printf(names, "%s%s", i ? ", " :
				    "", builtin[i].name);
			lak_error_set(err, LAK_EUNSUPPORTED, "no %s layout "
			    "named '%s' (there are: %s); a template of your "
			    "own (--templates) gives .html, .txt or .md",
			    strcmp(req->format, "pdf") == 0 ? "PDF" :
			    strcmp(req->format, "odt") == 0 ? "ODT" : "DOCX",
			    req->name, names->str);
			g_string_free(names, TRUE);
			goto out;
		}
		/* strict: what the layout prints must be there */
		if (req->strict) {
			static const char *const need[4][6] = {
				{ "aan", "datum", "betreft", "functie",
				  "ondertekenaar", NULL },
				{ "minister", "onderwerp", "ingezonden", NULL },
				{ "onderwerp", "datum", "woordvoerder", NULL },
				{ NULL },
			};

			size_t at = lak_source_header_end(src, len);
			bool missing = false;

			/* every missing one, where the header ends */
			for (size_t i = 0; need[kind][i]; i++)
				if (lak_value_get(data, need[kind][i]) == NULL) {
					char *k = lak_source_key_label(
					    need[kind][i]);

					lak_error_add(err, LAK_EFORMAT, "%s:%zu:1: "
					    "no '%s:' in the header (the %s "
					    "needs it; --loose leaves it out)",
					    src_name, at, k, req->name);
					g_free(k);
					missing = true;
				}
			if (missing)
				goto out;
		}
		title = lak_value_get(data, "betreft");
		if (title == NULL)
			title = lak_value_get(data, "onderwerp");
		ret = strcmp(req->format, "pdf") == 0 ? lak_render_pdf(data,
		    kind, title ? title->str : NULL, req->date, out, err) :
		    lak_render_editable(data, kind, req->format, title ?
		    title->str : NULL, req->date, out, err);
		goto out;
	}
	if (find(req, name, &tsrc, &tlen, &tpath) < 0) {
		lak_error_set(err, LAK_ENOENT, "no template '%s' for %s output "
		    "(looked for %s.%s.mustache in %zu director%s)", name,
		    req->format, name, req->format, req->ndirs,
		    req->ndirs == 1 ? "y" : "ies");
		goto out;
	}
	if (lak_template_parse(tsrc, tlen, tpath, &t, err) < 0 ||
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
