/*
 * Package stage (see package.h).
 */
#include "lib/base/common.h"

#include <ctype.h>

#include <glib.h>
#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#include "lib/base/csv.h"
#include "lib/release/package.h"
#include "lib/render/render.h"

#define TOOI_ID "https://identifier.overheid.nl/tooi/id/"
#define TOOI_KERN "https://identifier.overheid.nl/tooi/def/thes/kern/"

/* --- schemas --------------------------------------------------------- */

struct lak_schema {
	xmlSchemaPtr schema;
};

struct first_error {
	char msg[400];
	bool set;
};

static void
catch_error(void *ctx, const xmlError *e)
{
	struct first_error *fe = ctx;
	size_t n;

	if (fe->set || e == NULL || e->level < XML_ERR_ERROR)
		return;
	snprintf(fe->msg, sizeof(fe->msg), "%d: %s", e->line,
	    e->message ? e->message : "invalid");
	n = strlen(fe->msg);
	while (n > 0 && fe->msg[n - 1] == '\n')
		fe->msg[--n] = '\0';
	fe->set = true;
}

/* Structured-error callbacks take a non-const pointer in older libxml2. */
static void
catch_error_cb(void *ctx, xmlErrorPtr e)
{
	catch_error(ctx, e);
}

static void
quiet(void *ctx, const char *msg, ...)
{
}

int
lak_schema_load(const char *xsd, const char *catalog,
    struct lak_schema **out, struct lak_error *err)
{
	struct first_error fe = { { 0 }, false };
	xmlSchemaParserCtxtPtr pc;
	struct lak_schema *s;

	*out = NULL;
	/* Errors are returned, not printed. Never fetch from the network:
	 * catalogs first, then local files. */
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	if (catalog != NULL) {
		xmlInitializeCatalog();
		if (xmlLoadCatalog(catalog) < 0)
			return lak_error_set(err, LAK_EIO, "%s: cannot read "
			    "the XML catalog", catalog);
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return lak_error_oom(err);
	if ((pc = xmlSchemaNewParserCtxt(xsd)) == NULL) {
		free(s);
		return lak_error_oom(err);
	}
	xmlSchemaSetParserStructuredErrors(pc, catch_error_cb, &fe);
	s->schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (s->schema == NULL) {
		free(s);
		return lak_error_set(err, LAK_EFORMAT, "%s: cannot load the "
		    "schema: %s", xsd, fe.set ? fe.msg : "unknown error");
	}
	*out = s;
	return 0;
}

int
lak_schema_validate(const struct lak_schema *s, const void *data,
    size_t len, const char *name, struct lak_error *err)
{
	struct first_error fe = { { 0 }, false };
	xmlSchemaValidCtxtPtr vc;
	xmlDocPtr doc;
	int r;

	if (len > INT_MAX)
		return lak_error_set(err, LAK_ELIMIT, "%s: too large", name);
	doc = xmlReadMemory(data, (int)len, name, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
	if (doc == NULL) {
		const xmlError *e = xmlGetLastError();

		return lak_error_set(err, LAK_EFORMAT, "%s:%d: not well-formed "
		    "XML: %s", name, e ? e->line : 0, e && e->message ?
		    e->message : "");
	}
	if ((vc = xmlSchemaNewValidCtxt(s->schema)) == NULL) {
		xmlFreeDoc(doc);
		return lak_error_oom(err);
	}
	xmlSchemaSetValidStructuredErrors(vc, catch_error_cb, &fe);
	r = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	if (r != 0) {
		if (fe.set) {
			size_t n = strlen(fe.msg);

			/* libxml2's messages end in a newline */
			while (n > 0 && (fe.msg[n - 1] == '\n' ||
			    fe.msg[n - 1] == ' '))
				fe.msg[--n] = '\0';
		}
		return lak_error_set(err, LAK_EFORMAT, "%s:%s", name,
		    fe.set ? fe.msg : " does not validate");
	}
	return 0;
}

void
lak_schema_free(struct lak_schema *s)
{
	if (s == NULL)
		return;
	xmlSchemaFree(s->schema);
	free(s);
}

/* --- TOOI ------------------------------------------------------------ */

static const xmlNode *
first_element(const xmlNode *n, const char *name)
{
	for (; n != NULL; n = n->next) {
		const xmlNode *r;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0)
			return n;
		if ((r = first_element(n->children, name)) != NULL)
			return r;
	}
	return NULL;
}

/* A name as the lists write it: case folded (ASCII and the Latin-1
 * letters of Dutch names), runs of space as one, "het " and a trailing
 * full stop dropped, "&" as "en". */
static char *
tooi_fold(const char *s)
{
	char *f, *o;
	gchar *low = g_utf8_casefold(s, -1);

	if (low == NULL || (f = o = malloc(2 * strlen(low) + 1)) == NULL) {
		g_free(low);
		return NULL;
	}
	for (const char *p = low; *p; p++) {
		if (isspace((unsigned char)*p)) {
			if (o > f && o[-1] != ' ')
				*o++ = ' ';
		} else if (*p == '&') {
			memcpy(o, "en", 2);
			o += 2;
		} else
			*o++ = *p;
	}
	while (o > f && (o[-1] == ' ' || o[-1] == '.'))
		o--;
	*o = '\0';
	g_free(low);
	if (strncmp(f, "het ", 4) == 0)
		memmove(f, f + 4, strlen(f + 4) + 1);
	return f;
}

/* The kind ("ministerie", ...) and code of a TOOI organisation URI, or
 * NULL when 'v' is none of the kinds an organisation can be. */
static const char *
tooi_code(const char *v)
{
	static const char *const kinds[] = { "ministerie", "gemeente",
	    "provincie", "waterschap", "zbo", "oorg", "so", "col" };
	const size_t plen = strlen(TOOI_ID);
	const char *slash = strrchr(v, '/');

	if (slash == NULL || strncmp(v, TOOI_ID, plen) != 0)
		return NULL;
	for (size_t k = 0; k < LAK_ARRAY_SIZE(kinds); k++) {
		size_t kl = strlen(kinds[k]);

		if (slash - v - (ptrdiff_t)plen == (ptrdiff_t)kl &&
		    strncmp(v + plen, kinds[k], kl) == 0)
			return slash + 1;
	}
	return NULL;
}

int
lak_tooi_organisation(const char *lists_xsd, const char *code,
    const char *name, char **uri, char **label, struct lak_error *err)
{
	xmlDocPtr doc;
	const xmlNode *n;
	char *want = NULL, *named = NULL;
	bool same = false;
	int ret = -1;

	*uri = *label = NULL;
	if (name != NULL && (want = tooi_fold(name)) == NULL)
		return lak_error_oom(err);
	doc = xmlReadFile(lists_xsd, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL) {
		free(want);
		return lak_error_set(err, LAK_EIO, "%s: cannot read the DiWoo "
		    "value lists", lists_xsd);
	}
	/* Every xs:enumeration whose value ends in "/<kind>/<code>": the
	 * code's own, and (to check the name the letter gives) those whose
	 * label is that name. */
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		const xmlNode *r, *e;

		if (n->type != XML_ELEMENT_NODE || (r = first_element(
		    n->children, "restriction")) == NULL)
			continue;
		for (e = r->children; e; e = e->next) {
			xmlChar *v, *t = NULL;
			const xmlNode *p;
			const char *c;
			char *folded = NULL;

			if (e->type != XML_ELEMENT_NODE || strcmp((const char *)
			    e->name, "enumeration") != 0)
				continue;
			v = xmlGetProp(e, (const xmlChar *)"value");
			if (v == NULL || (c = tooi_code((const char *)v)) ==
			    NULL) {
				xmlFree(v);
				continue;
			}
			p = first_element(e->children, "p");
			t = p ? xmlNodeGetContent(p) : NULL;
			if (want != NULL && t != NULL && (folded = tooi_fold(
			    (const char *)t)) != NULL &&
			    strcmp(folded, want) == 0) {
				if (strcmp(c, code) == 0)
					same = true;
				else if (named == NULL)
					named = strdup(c);
			}
			if (*uri == NULL && strcmp(c, code) == 0) {
				*uri = strdup((const char *)v);
				*label = strdup(t ? (const char *)t : code);
				ret = *uri && *label ? 0 : -2;
			}
			free(folded);
			xmlFree(t);
			xmlFree(v);
		}
	}
	xmlFreeDoc(doc);
	if (ret == -2)
		lak_error_oom(err);
	else if (ret < 0)
		lak_error_set(err, LAK_ENOENT, "'%s' is not an organisation "
		    "in the TOOI lists of DiWoo 0.9.8 (e.g. mnre1130 for the "
		    "ministerie van Infrastructuur en Waterstaat, gm0363 for "
		    "Amsterdam)", code);
	else if (want != NULL && !same) {
		/* DiWoo would publish the decision under another
		 * organisation than the one whose letter it is. */
		if (named != NULL)
			lak_error_set(err, LAK_EFORMAT, "'%s' is the %s, but "
			    "the letter is of the %s ('%s' in the TOOI lists)",
			    code, *label, name, named);
		else
			lak_error_set(err, LAK_EFORMAT, "'%s' is the %s, but "
			    "the letter is of '%s', which is no organisation "
			    "of the TOOI lists of DiWoo 0.9.8: write the "
			    "organisation's name as the lists do (e.g. "
			    "'Ministerie van Infrastructuur en Waterstaat')",
			    code, *label, name);
		ret = -1;
	}
	if (ret < 0) {
		free(*uri);
		free(*label);
		*uri = *label = NULL;
		ret = -1;
	}
	free(want);
	free(named);
	return ret;
}

/* --- XML writing ----------------------------------------------------- */

struct xw {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int bad;
};

static int
xw_open(struct xw *x, struct lak_error *err)
{
	x->bad = 0;
	if ((x->buf = xmlBufferCreate()) == NULL ||
	    (x->w = xmlNewTextWriterMemory(x->buf, 0)) == NULL) {
		if (x->buf)
			xmlBufferFree(x->buf);
		return lak_error_oom(err);
	}
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, (const xmlChar *)"  ");
	if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
		x->bad = 1;
	return 0;
}

static void
xw_start(struct xw *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, (const xmlChar *)name) < 0)
		x->bad = 1;
}

static void
xw_end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->bad = 1;
}

static void
xw_attr(struct xw *x, const char *name, const char *value)
{
	if (value != NULL && !xmlCheckUTF8((const unsigned char *)value))
		x->bad = 1;
	else if (value != NULL && xmlTextWriterWriteAttribute(x->w,
	    (const xmlChar *)name, (const xmlChar *)value) < 0)
		x->bad = 1;
}

static void
xw_attrf(struct xw *x, const char *name, size_t n)
{
	char num[32];

	snprintf(num, sizeof(num), "%zu", n);
	xw_attr(x, name, num);
}

/* <name resource="uri">text</name>; nothing when text is NULL. */
static void
xw_elem(struct xw *x, const char *name, const char *resource,
    const char *text)
{
	if (text == NULL)
		return;
	xw_start(x, name);
	xw_attr(x, "resource", resource);
	if (!xmlCheckUTF8((const unsigned char *)text))
		x->bad = 1;
	else if (xmlTextWriterWriteString(x->w, (const xmlChar *)text) < 0)
		x->bad = 1;
	xw_end(x);
}

static int
xw_close(struct xw *x, struct lak_buf *out, struct lak_error *err)
{
	int ret = 0;

	if (xmlTextWriterEndDocument(x->w) < 0)
		x->bad = 1;
	xmlFreeTextWriter(x->w);
	if (x->bad)
		ret = lak_error_set(err, LAK_EFORMAT, "cannot write the XML "
		    "(text that is not UTF-8?)");
	else if (lak_buf_add(out, xmlBufferContent(x->buf),
	    (size_t)xmlBufferLength(x->buf)) < 0)
		ret = lak_error_oom(err);
	xmlBufferFree(x->buf);
	return ret;
}

/* --- DiWoo ----------------------------------------------------------- */

int
lak_diwoo_write(const struct lak_diwoo *d, struct lak_buf *out,
    struct lak_error *err)
{
	struct xw x;
	char at[40];

	if (xw_open(&x, err) < 0)
		return -1;
	xw_start(&x, "diwoo:Document");
	xw_attr(&x, "xmlns:diwoo", LAK_DIWOO_NS);
	xw_start(&x, "diwoo:DiWoo");
	xw_start(&x, "diwoo:identifiers");
	xw_elem(&x, "diwoo:identifier", NULL, d->identifier);
	xw_end(&x);
	xw_elem(&x, "diwoo:publisher", d->publisher_uri, d->publisher_label);
	xw_elem(&x, "diwoo:verantwoordelijke", d->publisher_uri,
	    d->publisher_label);
	xw_start(&x, "diwoo:titelcollectie");
	xw_elem(&x, "diwoo:officieleTitel", NULL, d->title);
	xw_end(&x);
	if (d->description != NULL) {
		xw_start(&x, "diwoo:omschrijvingen");
		xw_elem(&x, "diwoo:omschrijving", NULL, d->description);
		xw_end(&x);
	}
	xw_start(&x, "diwoo:classificatiecollectie");
	if (d->documentsoort_uri != NULL) {
		xw_start(&x, "diwoo:documentsoorten");
		xw_elem(&x, "diwoo:documentsoort", d->documentsoort_uri,
		    d->documentsoort_label);
		xw_end(&x);
	}
	xw_start(&x, "diwoo:informatiecategorieen");
	xw_elem(&x, "diwoo:informatiecategorie", TOOI_KERN "c_3baef532",
	    "Woo-verzoeken en -besluiten");
	xw_end(&x);
	xw_end(&x);
	xw_elem(&x, "diwoo:creatiedatum", NULL, d->creatiedatum);
	xw_elem(&x, "diwoo:language", "http://publications.europa.eu/"
	    "resource/authority/language/NLD", "Nederlands");
	if (d->format_uri != NULL)
		xw_elem(&x, "diwoo:format", d->format_uri, d->format_label);
	/* the decision and its documents point at each other: a document
	 * is part of the besluit, the besluit has them as parts */
	if (d->is_part_of != NULL)
		xw_elem(&x, "diwoo:isPartOf", d->is_part_of,
		    d->is_part_of_title ? d->is_part_of_title : d->is_part_of);
	if (d->nparts > 0) {
		xw_start(&x, "diwoo:hasParts");
		for (size_t i = 0; i < d->nparts; i++)
			xw_elem(&x, "diwoo:hasPart", d->parts[i].identifier,
			    d->parts[i].title);
		xw_end(&x);
	}
	xw_start(&x, "diwoo:documenthandelingen");
	xw_start(&x, "diwoo:documenthandeling");
	xw_elem(&x, "diwoo:soortHandeling", TOOI_KERN "c_641ecd76",
	    "vaststelling");
	snprintf(at, sizeof(at), "%.10sT00:00:00", d->handeling_date);
	xw_elem(&x, "diwoo:atTime", NULL, at);
	xw_elem(&x, "diwoo:wasAssociatedWith", d->publisher_uri,
	    d->publisher_label);
	xw_end(&x);
	xw_end(&x);
	xw_end(&x);	/* DiWoo */
	xw_end(&x);	/* Document */
	return xw_close(&x, out, err);
}

/* --- manifest -------------------------------------------------------- */

const char *
lak_media_type(const char *name)
{
	static const char *const types[][2] = {
		{ ".pdf", "application/pdf" }, { ".xml", "application/xml" },
		{ ".csv", "text/csv" }, { ".txt", "text/plain" },
		{ ".html", "text/html" }, { ".zip", "application/zip" },
		{ ".xlsx", "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet" },
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < LAK_ARRAY_SIZE(types); i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* The grounds of 'd' as catalogue indices, ascending, without repeats. */
static size_t
doc_grounds(const struct lak_release_doc *d, long *g, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < d->ng + d->row->ngrounds; i++) {
		long x = i < d->ng ? d->g[i].ground : d->row->grounds[i -
		    d->ng];
		size_t k;

		/* the row's grounds count for withheld documents; for
		 * released ones what the plan applied */
		if (i >= d->ng && d->processed)
			break;
		for (k = 0; k < n && g[k] != x; k++)
			;
		if (k < n || n == max)
			continue;
		for (k = n++; k > 0 && g[k - 1] > x; k--)
			g[k] = g[k - 1];
		g[k] = x;
	}
	return n;
}

void
lak_release_doc_grounds(const struct lak_release_doc *d,
    const struct lak_grounds *cat, char *buf, size_t size)
{
	long g[32];
	size_t n = doc_grounds(d, g, LAK_ARRAY_SIZE(g)), off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%s",
		    i ? ", " : "", cat->g[g[i]].code);
}

int
lak_manifest_write(const struct lak_manifest *m, struct lak_buf *out,
    struct lak_error *err)
{
	struct xw x;

	if (xw_open(&x, err) < 0)
		return -1;
	xw_start(&x, "manifest");
	xw_attr(&x, "xmlns", LAK_MANIFEST_NS);
	xw_attr(&x, "version", "1");
	xw_start(&x, "generator");
	xw_attr(&x, "name", "lakwerk");
	xw_attr(&x, "version", m->version);
	xw_end(&x);
	xw_start(&x, "request");
	xw_attr(&x, "dossier", m->dossier);
	xw_attr(&x, "regime", m->regime);
	xw_attr(&x, "organisatie", m->organisatie);
	xw_attr(&x, "besluitdatum", m->besluitdatum);
	xw_attr(&x, "besluit", m->besluit);
	xw_elem(&x, "onderwerp", NULL, m->onderwerp);
	xw_end(&x);
	xw_start(&x, "rules");
	xw_attr(&x, "key", m->rules_key);
	for (size_t i = 0; i < m->nrules; i++) {
		xw_start(&x, "rule-file");
		xw_attr(&x, "name", m->rules[i].name);
		xw_attr(&x, "hmac-sha256", m->rules[i].hmac);
		xw_end(&x);
	}
	xw_end(&x);
	xw_start(&x, "files");
	for (size_t i = 0; i < m->nfiles; i++) {
		xw_start(&x, "file");
		xw_attr(&x, "name", m->files[i].name);
		xw_attrf(&x, "size", m->files[i].size);
		xw_attr(&x, "sha256", m->files[i].sha256);
		xw_attr(&x, "type", m->files[i].type);
		xw_end(&x);
	}
	xw_end(&x);
	xw_start(&x, "documents");
	for (size_t i = 0; i < m->ndocs; i++) {
		const struct lak_release_doc *d = &m->docs[i];
		const struct lak_inv_row *r = d->row;

		xw_start(&x, "document");
		xw_attr(&x, "id", r->id);
		xw_attrf(&x, "number", d->number);
		xw_attr(&x, "date", r->date && *r->date ? r->date : NULL);
		xw_attr(&x, "judgement", lak_judgement_str(r->judgement));
		if (d->processed) {
			xw_attrf(&x, "pages", d->pages);
			xw_attrf(&x, "withheld-pages", d->withheld_pages);
		}
		xw_attr(&x, "file", d->file);
		xw_attr(&x, "metadata", d->metadata);
		xw_elem(&x, "title", NULL, r->description ? r->description :
		    "");
		if (r->vindplaats && *r->vindplaats)
			xw_elem(&x, "vindplaats", NULL, r->vindplaats);
		if (d->processed) {
			for (size_t k = 0; k < d->ng; k++) {
				xw_start(&x, "ground");
				xw_attr(&x, "code",
				    m->cat->g[d->g[k].ground].code);
				xw_attrf(&x, "passages", d->g[k].spans);
				xw_attr(&x, "scope", "passages");
				xw_end(&x);
			}
		} else {
			for (size_t k = 0; k < r->ngrounds; k++) {
				xw_start(&x, "ground");
				xw_attr(&x, "code",
				    m->cat->g[r->grounds[k]].code);
				xw_attr(&x, "passages", "0");
				xw_attr(&x, "scope", "document");
				xw_end(&x);
			}
		}
		xw_end(&x);
	}
	xw_end(&x);
	xw_end(&x);
	return xw_close(&x, out, err);
}
