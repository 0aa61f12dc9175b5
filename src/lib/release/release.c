/*
 * Release stage: assembling a release (see release.h), one function per
 * part: the documents with their metadata, the decision letter, the
 * inventory list, the manifest, and the archive that puts it all in place.
 */
#include "lib/base/common.h"

#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/digest.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/base/stage.h"
#include "lib/release/archive.h"
#include "lib/release/inventory-list.h"
#include "lib/release/release.h"
#include "lib/release/xlsx.h"
#include "lib/render/render.h"
#include "lib/render/source.h"

/* DiWoo's value lists: the documentsoort of a decision, the file types. */
#define TOOI_KERN_DOCSOORT "https://identifier.overheid.nl/tooi/def/thes/kern/"
#define DOCSOORT_BESLUIT TOOI_KERN_DOCSOORT "c_4f50ca9c"
#define DOCSOORT_BESLUIT_LABEL "beslissing op Wob-/Woo-verzoek"
#define FILETYPE "http://publications.europa.eu/resource/authority/file-type/"

/*
 * The DiWoo documentsoort of a document whose text says what it is (the
 * kinds ingest tells), from the TOOI list ccw_plooi_documentsoorten of
 * DiWoo 0.9.8; none where the list has no kind for it (a nota may or may
 * not be a beslisnota; the list has no e-mail).
 */
static void
documentsoort(const char *kind, const char **uri, const char **label)
{
	static const char *const map[][3] = {
		{ "kamerbrief", TOOI_KERN_DOCSOORT "c_49599e6c", "Kamerbrief" },
		{ "antwoorden-kamervragen", TOOI_KERN_DOCSOORT "c_6d494ab6",
		  "Kamervraag met antwoord" },
		{ "besluit", TOOI_KERN_DOCSOORT "c_465163c9", "besluit" },
	};

	*uri = *label = NULL;
	for (size_t i = 0; kind != NULL && i < LAK_ARRAY_SIZE(map); i++)
		if (strcmp(kind, map[i][0]) == 0) {
			*uri = map[i][1];
			*label = map[i][2];
		}
}


/* A release being built. */
struct rel {
	const struct lak_release_opts *o;
	struct lak_stage stage;		/* OUTDIR/.DOSSIER.tmp */
	struct lak_release_file *files;
	size_t nfiles;
	char **names;			/* owned file names */
	struct lak_schema *diwoo, *manifest;
	char *org_uri, *org_label;
	char *besluit_id;		/* "DOSSIER/besluit" */
	char *besluit_title;		/* "Besluit op het Woo-verzoek over ..." */
	char **req_terms;		/* the requester's name and address */
	size_t nreq;
	struct lak_buf addressed;	/* the decision addressed to them */
};

/* Courtesy words before a name: "De heer P. Jansen" -> "P. Jansen". */
static const char *
past_courtesy(const char *s)
{
	static const char *const words[] = { "de ", "heer ", "mevrouw ",
	    "dhr. ", "mevr. ", "mw. ", "mr. ", "dr. ", "ir. ", "drs. ",
	    "prof. " };
	bool again = true;

	while (again) {
		again = false;
		while (*s == ' ')
			s++;
		for (size_t i = 0; i < LAK_ARRAY_SIZE(words); i++)
			if (strncasecmp(s, words[i], strlen(words[i])) ==
			    0) {
				s += strlen(words[i]);
				again = true;
			}
	}
	return s;
}

static int
add_term(struct rel *x, const char *t, size_t n)
{
	char **a;

	while (n > 0 && t[n - 1] == ' ')
		n--;
	if (n < 3)
		return 0;
	for (size_t i = 0; i < x->nreq; i++)
		if (strlen(x->req_terms[i]) == n &&
		    memcmp(x->req_terms[i], t, n) == 0)
			return 0;
	if ((a = realloc(x->req_terms, (x->nreq + 1) * sizeof(*a))) == NULL)
		return -1;
	x->req_terms = a;
	if ((a[x->nreq] = strndup(t, n)) == NULL)
		return -1;
	x->nreq++;
	return 0;
}

/*
 * The requester's personal data, from request.txt: the name in Verzoeker
 * and Aan (past "de heer", "mevrouw" ...), and the parts of Aan with a
 * number in them (street and number, postcode and place). None of it may
 * stand in the public release.
 */
static int
requester_terms(struct rel *x, struct lak_error *err)
{
	const struct lak_value *d = x->o->req->data;
	const struct lak_value *vz = lak_value_get(d, "verzoeker");
	const struct lak_value *aan = lak_value_get(d, "aan");
	int r = 0;

	if (vz != NULL && vz->type == LAK_V_STRING) {
		const char *n = past_courtesy(vz->str);

		r |= add_term(x, n, strlen(n));
	}
	if (aan != NULL && aan->type == LAK_V_STRING) {
		const char *p = aan->str;

		for (size_t i = 0; *p; i++) {
			const char *e = strchr(p, ','), *q;
			size_t n = e ? (size_t)(e - p) : strlen(p);

			while (n > 0 && *p == ' ') {
				p++;
				n--;
			}
			q = i == 0 ? past_courtesy(p) : p;
			n -= (size_t)(q - p);
			/* the name; then the parts with a number */
			if (i == 0 || strcspn(q, "0123456789") < n)
				r |= add_term(x, q, n);
			p = e ? e + 1 : q + n;
		}
	}
	return r < 0 ? lak_error_oom(err) : 0;
}

/* The first of the requester's data in 'data', or NULL. */
static const char *
requester_in(const struct rel *x, const char *data, size_t len)
{
	for (size_t i = 0; i < x->nreq; i++)
		if (memmem(data, len, x->req_terms[i],
		    strlen(x->req_terms[i])) != NULL)
			return x->req_terms[i];
	return NULL;
}

long long
lak_release_date(const char *besluitdatum_iso)
{
	struct tm tm = { 0 };

	if (sscanf(besluitdatum_iso, "%d-%d-%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	return (long long)timegm(&tm);
}

/* DATADIR/REL into 'buf'. */
static const char *
data_path(const struct rel *x, const char *rel, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", x->o->datadir, rel);
	return buf;
}

/* Write 'data' to the release as 'name' and list it. */
static int
rel_add(struct rel *x, const char *name, const void *data, size_t len,
    struct lak_error *err)
{
	struct lak_release_file *f;
	char **nm;
	const char *dot = strrchr(name, '.'), *who;

	/* the texts lakwerk writes (inventory, metadata, manifest) */
	if (dot != NULL && (strcmp(dot, ".csv") == 0 || strcmp(dot, ".xml") ==
	    0) && (who = requester_in(x, data, len)) != NULL)
		return lak_error_set(err, LAK_EFORMAT, "%s: would publish the "
		    "requester's data ('%s', from Verzoeker/Aan in %s): "
		    "redact it in the inventory's texts", name, who,
		    x->o->req->request_path);
	if (lak_file_put(x->stage.tmp, name, "", data, len, 0644, err) < 0)
		return -1;
	f = realloc(x->files, (x->nfiles + 1) * sizeof(*f));
	if (f != NULL)
		x->files = f;
	nm = realloc(x->names, (x->nfiles + 1) * sizeof(*nm));
	if (nm != NULL)
		x->names = nm;
	if (f == NULL || nm == NULL || (nm[x->nfiles] = strdup(name)) == NULL)
		return lak_error_oom(err);
	f = &x->files[x->nfiles];
	f->name = nm[x->nfiles];
	f->size = len;
	lak_sha256_hex(data, len, f->sha256);
	f->type = lak_media_type(name);
	x->nfiles++;
	return 0;
}

static int
rel_add_file(struct rel *x, const char *from, const char *name,
    struct lak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	if (lak_file_read(from, LAK_MAX_OUTPUT_FILE, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: ", from);
		return -1;
	}
	ret = rel_add(x, name, data, len, err);
	free(data);
	return ret;
}

/* DiWoo metadata 'd', validated, as 'name'. */
static int
rel_add_diwoo(struct rel *x, const char *name, struct lak_diwoo *d,
    struct lak_error *err)
{
	struct lak_buf b;
	int ret = -1;

	d->publisher_uri = x->org_uri;
	d->publisher_label = x->org_label;
	d->handeling_date = x->o->req->besluitdatum_iso;
	lak_buf_init(&b, 0);
	if (lak_diwoo_write(d, &b, err) == 0 &&
	    lak_schema_validate(x->diwoo, b.data, b.len, name, err) == 0)
		ret = rel_add(x, name, b.data, b.len, err);
	lak_buf_release(&b);
	return ret;
}

/* What every part needs: the folders, the organisation, the schemas. */
static int
rel_begin(struct rel *x, struct lak_error *err)
{
	const struct lak_release_opts *o = x->o;
	char *final = lak_path_join(o->outdir, o->req->dossier, "");
	char *docs = NULL, *meta = NULL, p[4096], cat[4096];
	int ret = -1;

	x->besluit_id = lak_path_join(o->req->dossier, "besluit", "");
	x->besluit_title = g_strdup_printf("Besluit op het Woo-verzoek over "
	    "%s", o->req->onderwerp);
	if (final == NULL || x->besluit_id == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if (lak_stage_begin(&x->stage, final, true, err) < 0)
		goto out;
	docs = lak_stage_path(&x->stage, "documenten");
	meta = lak_stage_path(&x->stage, "metadata");
	if (docs == NULL || meta == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if (lak_mkdir_p(docs, err) < 0 || lak_mkdir_p(meta, err) < 0)
		goto out;
	if (lak_request_publisher(o->req, o->datadir, &x->org_uri,
	    &x->org_label, err) < 0)
		goto out;
	if (lak_schema_load(data_path(x, "schemas/diwoo/diwoo-metadata.xsd",
	    p, sizeof(p)), data_path(x, "schemas/diwoo/catalog.xml", cat,
	    sizeof(cat)), &x->diwoo, err) < 0 ||
	    lak_schema_load(data_path(x, "schemas/lakwerk-manifest-1.xsd", p,
	    sizeof(p)), NULL, &x->manifest, err) < 0)
		goto out;
	ret = 0;
out:
	free(final);
	free(docs);
	free(meta);
	return ret;
}

/* documenten/ID.pdf and metadata/ID.xml of each released document. */
static int
rel_documents(struct rel *x, struct lak_error *err)
{
	const struct lak_release_opts *o = x->o;

	for (size_t i = 0; i < o->ndocs; i++) {
		struct lak_release_doc *rd = &o->docs[i];
		const struct lak_inv_row *row = rd->row;
		char name[256], meta[256], ident[400], iso[16];
		struct lak_diwoo dw = { 0 };

		if (!rd->processed)
			continue;
		snprintf(name, sizeof(name), "documenten/%s.pdf", row->id);
		snprintf(meta, sizeof(meta), "metadata/%s.xml", row->id);
		snprintf(ident, sizeof(ident), "%s/%s", o->req->dossier,
		    row->id);
		if (rel_add_file(x, o->pdfs[i], name, err) < 0)
			return -1;
		dw.identifier = ident;
		dw.title = row->description && *row->description ?
		    row->description : row->id;
		dw.creatiedatum = row->date && lak_date_iso(row->date, iso,
		    sizeof(iso)) == 0 ? iso : NULL;
		dw.format_uri = FILETYPE "PDF";
		dw.format_label = "PDF";
		documentsoort(rd->kind, &dw.documentsoort_uri,
		    &dw.documentsoort_label);
		dw.is_part_of = x->besluit_id;
		dw.is_part_of_title = x->besluit_title;
		if (rel_add_diwoo(x, meta, &dw, err) < 0)
			return -1;
		rd->file = x->names[x->nfiles - 2];
		rd->metadata = x->names[x->nfiles - 1];
	}
	return 0;
}

/* 'text' as one header field: its line ends and '|' as blanks. */
static void
one_line(struct lak_buf *b, const char *text)
{
	for (const char *p = text; *p; p++)
		lak_buf_addc(b, *p == '\n' || *p == '\r' || *p == '|' ? ' ' :
		    *p);
}

/* request.txt with the Documenten and Grond lines of this release. */
static int
besluit_source(struct rel *x, struct lak_buf *s, struct lak_error *err)
{
	const struct lak_release_opts *o = x->o;
	const struct lak_grounds *cat = o->cat;
	size_t *passages = calloc(cat->n + 1, sizeof(size_t));
	size_t *ndocs = calloc(cat->n + 1, sizeof(size_t));
	char *src = NULL;
	size_t len = 0;
	int ret = -1;

	if (passages == NULL || ndocs == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < o->ndocs; i++) {
		const struct lak_release_doc *d = &o->docs[i];
		long g[32];
		size_t n = 0;

		for (size_t k = 0; k < d->ng; k++) {
			passages[d->g[k].ground] += d->g[k].spans;
			if (n < 32)
				g[n++] = d->g[k].ground;
		}
		/* a document withheld whole is one passage of each of its
		 * grounds (it was counted as a document only) */
		if (!d->processed && d->row->judgement == LAK_JUDGE_NIET)
			for (size_t k = 0; k < d->row->ngrounds && n < 32; k++) {
				passages[d->row->grounds[k]]++;
				g[n++] = d->row->grounds[k];
			}
		for (size_t k = 0; k < n; k++) {
			bool seen = false;

			for (size_t m = 0; m < k; m++)
				seen |= g[m] == g[k];
			if (!seen)
				ndocs[g[k]]++;
		}
	}
	if (lak_file_read(o->req->request_path, LAK_MAX_TEXT_FILE, &src, &len,
	    err) < 0)
		goto out;
	/* lakwerk's lines first, counted, so that errors give the lines of
	 * the user's request.txt */
	{
		struct lak_buf m;
		size_t made = 1;

		lak_buf_init(&m, 0);
		lak_buf_addf(&m, "Documenten: %zu\n", o->ndocs);
		for (size_t gi = 0; gi < cat->n; gi++)
			if (ndocs[gi] > 0) {
				lak_buf_addf(&m, "Grond: %s | %s | %zu | %zu | "
				    "%s\n", cat->g[gi].code, cat->g[gi].label,
				    passages[gi], ndocs[gi], cat->g[gi].type);
				made++;
			}
		/* the documents the letter names: withheld (with their
		 * grounds), already public (with where), out of scope */
		for (size_t i = 0; i < o->ndocs; i++) {
			const struct lak_inv_row *row = o->docs[i].row;
			const char *desc = row->description ?
			    row->description : "";

			if (row->judgement == LAK_JUDGE_NIET) {
				lak_buf_addf(&m, "Niet openbaar: %s | ", row->id);
				one_line(&m, desc);
				lak_buf_adds(&m, " | ");
				for (size_t k = 0; k < row->ngrounds; k++)
					lak_buf_addf(&m, "%s%s", k ? ", " : "",
					    cat->g[row->grounds[k]].code);
				lak_buf_addc(&m, '\n');
			} else if (row->judgement == LAK_JUDGE_REEDS) {
				lak_buf_addf(&m, "Reeds openbaar: %s | ", row->id);
				one_line(&m, desc);
				lak_buf_adds(&m, " | ");
				one_line(&m, row->vindplaats ? row->vindplaats :
				    "");
				lak_buf_addc(&m, '\n');
			} else if (row->judgement == LAK_JUDGE_BUITEN) {
				lak_buf_addf(&m, "Buiten reikwijdte: %s | ",
				    row->id);
				one_line(&m, desc);
				lak_buf_addc(&m, '\n');
			} else {
				continue;
			}
			made++;
		}
		if (lak_buf_check(&m, err) < 0) {
			lak_buf_release(&m);
			goto out;
		}
		lak_buf_addf(s, "%s %zu\n", LAK_SOURCE_MADE_LINES, made);
		lak_buf_add(s, m.data, m.len);
		lak_buf_release(&m);
	}
	lak_buf_add(s, src, len);
	ret = lak_buf_check(s, err);
out:
	free(src);
	free(passages);
	free(ndocs);
	return ret;
}

/* besluit.pdf and its metadata. */
static int
rel_besluit(struct rel *x, struct lak_error *err)
{
	const struct lak_release_opts *o = x->o;
	struct lak_render_req rq = { .name = "woo-besluit", .format = "pdf",
	    .strict = true, .kind = LAK_SOURCE_BESLUIT, .date = o->date };
	struct lak_diwoo dw = { 0 };
	struct lak_diwoo_part *parts = NULL;
	char **idents = NULL;
	struct lak_buf s, pdf;
	int ret = -1;

	char *tdir = lak_path_join(o->datadir, "templates", "");
	const char *dirs[1] = { tdir };

	lak_buf_init(&s, 0);
	lak_buf_init(&pdf, 0);
	/* the data the letter takes from there: the Woo's articles */
	rq.dirs = dirs;
	rq.ndirs = tdir != NULL;
	if (besluit_source(x, &s, err) < 0)
		goto out;
	/* the letter's own text (its sections, and the header less the
	 * requester's lines) must not name them */
	{
		const char *who = NULL;
		size_t line = 0;

		for (const char *p = s.data; p < s.data + s.len && !who;) {
			const char *nl = memchr(p, '\n', (size_t)(s.data +
			    s.len - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(s.data +
			    s.len - p);

			line++;
			if (strncasecmp(p, "Verzoeker:", 10) != 0 &&
			    strncasecmp(p, "Aan:", 4) != 0)
				who = requester_in(x, p, n);
			p += n + 1;
		}
		if (who != NULL) {
			lak_error_set(err, LAK_EFORMAT, "%s: the decision "
			    "letter's text names the requester ('%s'); the "
			    "published letter leaves their name and address "
			    "out: write 'u' or [5.1.2e] there",
			    o->req->request_path, who);
			goto out;
		}
	}
	rq.published = true;
	if (lak_render(&rq, s.data, s.len, o->req->request_path, &pdf,
	    err) < 0 || rel_add(x, "besluit.pdf", pdf.data, pdf.len, err) < 0)
		goto out;
	/* the same letter addressed to the requester, for beside the
	 * release */
	rq.published = false;
	if (lak_render(&rq, s.data, s.len, o->req->request_path,
	    &x->addressed, err) < 0)
		goto out;
	dw.identifier = x->besluit_id;
	dw.title = x->besluit_title;
	dw.creatiedatum = o->req->besluitdatum_iso;
	dw.documentsoort_uri = DOCSOORT_BESLUIT;
	dw.documentsoort_label = DOCSOORT_BESLUIT_LABEL;
	dw.format_uri = FILETYPE "PDF";
	dw.format_label = "PDF";
	/* its parts: the released documents and the inventory list */
	if ((parts = calloc(o->ndocs + 2, sizeof(*parts))) == NULL ||
	    (idents = calloc(o->ndocs + 2, sizeof(*idents))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < o->ndocs; i++) {
		const struct lak_inv_row *row = o->docs[i].row;

		if (!o->docs[i].processed)
			continue;
		idents[dw.nparts] = g_strdup_printf("%s/%s", o->req->dossier,
		    row->id);
		parts[dw.nparts].identifier = idents[dw.nparts];
		parts[dw.nparts++].title = row->description &&
		    *row->description ? row->description : row->id;
	}
	idents[dw.nparts] = g_strdup_printf("%s/inventarislijst",
	    o->req->dossier);
	parts[dw.nparts].identifier = idents[dw.nparts];
	parts[dw.nparts++].title = "Inventarislijst";
	dw.parts = parts;
	ret = rel_add_diwoo(x, "metadata/besluit.xml", &dw, err);
out:
	for (size_t i = 0; idents != NULL && idents[i] != NULL; i++)
		g_free(idents[i]);
	free(idents);
	free(parts);
	free(tdir);
	lak_buf_release(&s);
	lak_buf_release(&pdf);
	return ret;
}

/* inventarislijst.csv and .pdf, and the metadata of the list. */
static int
rel_inventory(struct rel *x, struct lak_error *err)
{
	const struct lak_release_opts *o = x->o;
	const struct lak_request *req = o->req;
	struct lak_diwoo dw = { 0 };
	char title[600], sub[300], ident[400];
	struct lak_buf b;
	int ret = -1;

	lak_buf_init(&b, 0);
	snprintf(title, sizeof(title), "Inventarislijst bij het besluit op "
	    "het Woo-verzoek over %s", req->onderwerp);
	snprintf(ident, sizeof(ident), "%s/inventarislijst", req->dossier);
	dw.identifier = ident;
	dw.title = title;
	dw.creatiedatum = req->besluitdatum_iso;
	dw.format_uri = FILETYPE "CSV";
	dw.format_label = "CSV";
	dw.is_part_of = x->besluit_id;
	dw.is_part_of_title = x->besluit_title;
	if (rel_add_diwoo(x, "metadata/inventarislijst.xml", &dw, err) < 0)
		goto out;
	if (lak_inventory_list_csv(o->docs, o->ndocs, o->cat, &b, err) < 0 ||
	    rel_add(x, "inventarislijst.csv", b.data, b.len, err) < 0)
		goto out;
	lak_buf_reset(&b);
	snprintf(sub, sizeof(sub), "Dossier %s, besluit van %s; %zu "
	    "documenten", req->dossier, lak_value_get(req->data,
	    "besluitdatum")->str, o->ndocs);
	if (lak_inventory_list_pdf(o->docs, o->ndocs, o->cat, title, sub,
	    o->date, &b, err) < 0 || rel_add(x, "inventarislijst.pdf",
	    b.data, b.len, err) < 0)
		goto out;
	ret = 0;
out:
	lak_buf_release(&b);
	return ret;
}

/* The kind of document open.minvws.nl's productierapport names, by the
 * file's extension. */
static const char *
file_type(const char *file)
{
	static const char *const kinds[][2] = {
		{ "pdf", "pdf" }, { "eml", "email" }, { "msg", "email" },
		{ "doc", "doc" }, { "docx", "doc" }, { "odt", "doc" },
		{ "rtf", "doc" }, { "txt", "doc" }, { "xls", "spreadsheet" },
		{ "xlsx", "spreadsheet" }, { "ods", "spreadsheet" },
		{ "csv", "spreadsheet" }, { "ppt", "presentation" },
		{ "pptx", "presentation" }, { "odp", "presentation" },
		{ "png", "image" }, { "jpg", "image" }, { "jpeg", "image" },
		{ "tif", "image" }, { "tiff", "image" }, { "html", "html" },
		{ "htm", "html" }, { "xml", "xml" },
	};
	const char *dot = file ? strrchr(file, '.') : NULL;

	for (size_t i = 0; dot && i < LAK_ARRAY_SIZE(kinds); i++)
		if (g_ascii_strcasecmp(dot + 1, kinds[i][0]) == 0)
			return kinds[i][1];
	return "";
}

/* The e-mail thread of document i: its own, or (an attachment) that of
 * the e-mail whose family it is. */
static const char *
doc_thread(const struct lak_release_opts *o, size_t i)
{
	const struct lak_inv_row *r = o->docs[i].row;

	if (o->docs[i].thread != NULL && o->docs[i].thread[0] != '\0')
		return o->docs[i].thread;
	for (size_t k = 0; r->family != NULL && k < o->ndocs; k++)
		if (k != i && strcmp(o->docs[k].row->id, r->family) == 0 &&
		    o->docs[k].thread != NULL && o->docs[k].thread[0])
			return o->docs[k].thread;
	return NULL;
}

/*
 * productierapport.xlsx: the inventory in the layout open.minvws.nl
 * imports (ID, Matter, Family, Email Thread ID, Document, File Type,
 * Datum, Beoordeling, Opgeschort, Beoordelingsgrond, Toelichting,
 * Publieke Link, Gerelateerd ID, Zaaknummer).
 */
static int
rel_productierapport(struct rel *x, struct lak_error *err)
{
	static const char *const head[] = { "ID", "Matter", "Family",
	    "Email Thread ID", "Document", "File Type", "Datum",
	    "Beoordeling", "Opgeschort", "Beoordelingsgrond", "Toelichting",
	    "Publieke Link", "Gerelateerd ID", "Zaaknummer" };
	enum { NC = LAK_ARRAY_SIZE(head) };
	static const char kind[NC] = { [6] = 'd' };
	const struct lak_release_opts *o = x->o;
	const char **cells = calloc((o->ndocs + 1) * NC, sizeof(*cells));
	char (*judge)[32] = calloc(o->ndocs + 1, sizeof(*judge));
	char (*grounds)[400] = calloc(o->ndocs + 1, sizeof(*grounds));
	struct lak_buf b, text;
	const char *who;
	int ret = -1;

	lak_buf_init(&b, 0);
	lak_buf_init(&text, 0);
	if (cells == NULL || judge == NULL || grounds == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t c = 0; c < NC; c++)
		cells[c] = head[c];
	for (size_t i = 0; i < o->ndocs; i++) {
		const struct lak_inv_row *r = o->docs[i].row;
		const char **row = cells + (i + 1) * NC;
		char *p;

		snprintf(judge[i], sizeof(judge[i]), "%s",
		    lak_judgement_str(r->judgement));
		judge[i][0] = (char)g_ascii_toupper(judge[i][0]);
		lak_release_doc_grounds(&o->docs[i], o->cat, grounds[i],
		    sizeof(grounds[i]));
		/* "5.1.2e; 5.2.1", as the platform writes them */
		while ((p = strstr(grounds[i], ", ")) != NULL)
			*p = ';';
		row[0] = r->id;
		row[1] = o->req->dossier;
		row[2] = r->family;
		row[3] = doc_thread(o, i);
		row[4] = r->file;
		row[5] = file_type(r->file);
		row[6] = r->date;
		row[7] = judge[i];
		row[9] = grounds[i];
		row[10] = r->remarks;
		row[11] = r->vindplaats;
		row[12] = r->related;
		row[13] = o->req->dossier;
		for (size_t c = 0; c < NC; c++)
			if (row[c] != NULL) {
				lak_buf_adds(&text, row[c]);
				lak_buf_addc(&text, '\n');
			}
	}
	/* the texts go into a zip, where rel_add cannot see them */
	if (lak_buf_check(&text, err) < 0)
		goto out;
	if ((who = requester_in(x, text.data, text.len)) != NULL) {
		lak_error_set(err, LAK_EFORMAT, "productierapport.xlsx: would "
		    "publish the requester's data ('%s', from Verzoeker/Aan in "
		    "%s): redact it in the inventory's texts", who,
		    o->req->request_path);
		goto out;
	}
	if (lak_xlsx_write("Productierapport", cells, o->ndocs + 1, NC, kind,
	    &b, err) < 0 || rel_add(x, "productierapport.xlsx", b.data, b.len,
	    err) < 0)
		goto out;
	ret = 0;
out:
	free(cells);
	free(judge);
	free(grounds);
	lak_buf_release(&b);
	lak_buf_release(&text);
	return ret;
}

/* manifest.xml: every file so far, the documents, the rules' digests. */
static int
rel_manifest(struct rel *x, struct lak_error *err)
{
	const struct lak_release_opts *o = x->o;
	const struct lak_request *req = o->req;
	size_t nrr = lak_rules_nsources(o->rs);
	struct lak_release_rules *rr = calloc(nrr + 1, sizeof(*rr));
	struct lak_buf b;
	int ret = -1;

	lak_buf_init(&b, 0);
	if (rr == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < nrr; i++) {
		const struct lak_rule_source *s = lak_rules_source(o->rs, i);

		rr[i].name = lak_path_basename(s->path);
		lak_hmac_sha256_hex(o->key, o->keylen, s->sha256, 64,
		    rr[i].hmac);
	}
	{
		struct lak_manifest m = {
			.version = PACKAGE_VERSION,
			.dossier = req->dossier,
			.onderwerp = req->onderwerp,
			.regime = req->regime,
			.organisatie = req->organisatie,
			.besluitdatum = req->besluitdatum_iso,
			.besluit = lak_value_get(req->data, "besluit")->str,
			.rules = rr,
			.nrules = nrr,
			.rules_key = "audit.key (in the request folder)",
			.files = x->files,
			.nfiles = x->nfiles,
			.docs = o->docs,
			.ndocs = o->ndocs,
			.cat = o->cat,
		};

		if (lak_manifest_write(&m, &b, err) < 0 ||
		    lak_schema_validate(x->manifest, b.data, b.len,
		    "manifest.xml", err) < 0 || rel_add(x, "manifest.xml",
		    b.data, b.len, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(rr);
	lak_buf_release(&b);
	return ret;
}

/*
 * The archive, then everything in place. The archive is written (to a
 * hidden name) before anything is put in place, so that a full disk or
 * any other failure up to here leaves the earlier release, folder and
 * archive, as it was. Then: the old archive goes (a stale archive must
 * never sit beside a new release), the folder is swapped, and the new
 * archive takes its name.
 */
static int
rel_archive(struct rel *x, struct lak_error *err)
{
	const struct lak_release_opts *o = x->o;
	char *zip = lak_path_join(o->outdir, o->req->dossier, ".zip");
	struct lak_zip_entry *ze = calloc(x->nfiles + 1, sizeof(*ze));
	struct lak_buf nz;
	char *newzip = NULL;
	int ret = -1;

	lak_buf_init(&nz, 0);
	lak_buf_addf(&nz, "%s/.%s.zip.new", o->outdir, o->req->dossier);
	if (zip == NULL || ze == NULL || lak_buf_check(&nz, err) < 0 ||
	    (newzip = lak_buf_take(&nz, NULL)) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < x->nfiles; i++) {
		ze[i].name = lak_path_join(o->req->dossier, x->files[i].name, "");
		ze[i].path = lak_stage_path(&x->stage, x->files[i].name);
		if (ze[i].name == NULL || ze[i].path == NULL) {
			lak_error_oom(err);
			goto out;
		}
	}
	if (lak_zip_write(newzip, ze, x->nfiles, o->date, err) < 0)
		goto out;
	if (unlink(zip) < 0 && errno != ENOENT) {
		lak_error_set(err, LAK_EIO, "%s: cannot remove: %s", zip,
		    strerror(errno));
		goto out;
	}
	if (lak_stage_commit(&x->stage, err) < 0)
		goto out;
	if (rename(newzip, zip) < 0) {
		lak_error_set(err, LAK_EIO, "%s: cannot put the archive in "
		    "place: %s", zip, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (ret < 0 && newzip != NULL)
		unlink(newzip);
	for (size_t i = 0; ze && i < x->nfiles; i++) {
		free((char *)ze[i].name);
		free((char *)ze[i].path);
	}
	free(ze);
	free(zip);
	free(newzip);
	lak_buf_release(&nz);
	return ret;
}

/* OUTDIR/verzoeker/besluit.pdf: the decision as sent to the requester,
 * beside the release and never in it or its archive. Written before the
 * release is put in place, so that a run that cannot write it leaves the
 * earlier release and no new one without its letter. */
static int
rel_addressed(struct rel *x, struct lak_error *err)
{
	char *dir = lak_path_join(x->o->outdir, "verzoeker", "");
	int ret = -1;

	if (dir == NULL)
		return lak_error_oom(err);
	if (lak_mkdir_p(dir, err) == 0)
		ret = lak_file_put(dir, "besluit", ".pdf", x->addressed.data,
		    x->addressed.len, 0600, err);
	free(dir);
	return ret;
}

int
lak_release_write(const struct lak_release_opts *o, struct lak_error *err)
{
	struct rel x = { .o = o, .stage = LAK_STAGE_INIT };
	int ret = -1;

	lak_buf_init(&x.addressed, 0);
	if (requester_terms(&x, err) < 0 || rel_begin(&x, err) < 0 ||
	    rel_documents(&x, err) < 0 || rel_besluit(&x, err) < 0 ||
	    rel_inventory(&x, err) < 0 || rel_productierapport(&x, err) < 0 ||
	    rel_manifest(&x, err) < 0 ||
	    rel_addressed(&x, err) < 0 || rel_archive(&x, err) < 0)
		goto out;
	ret = 0;
out:
	lak_buf_release(&x.addressed);
	for (size_t i = 0; i < x.nreq; i++)
		free(x.req_terms[i]);
	free(x.req_terms);
	lak_stage_rollback(&x.stage);
	for (size_t i = 0; i < x.nfiles; i++)
		free(x.names[i]);
	free(x.names);
	free(x.files);
	free(x.org_uri);
	free(x.org_label);
	free(x.besluit_id);
	g_free(x.besluit_title);
	lak_schema_free(x.diwoo);
	lak_schema_free(x.manifest);
	return ret;
}
