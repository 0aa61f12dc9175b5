/*
 * XML form of a document and its view (lakwerk extract --format xml).
 */
#include "lib/base/common.h"

#include <glib.h>
#include <libxml/xmlwriter.h>

#include "lib/base/fold.h"
#include "lib/ingest/docxml.h"

struct lak_docxml {
	xmlTextWriterPtr w;
	struct lak_buf *out;
	unsigned int flags;
	bool failed;
};

static const struct {
	uint32_t bit;
	const char *name;
} char_flags[] = {
	{ LAK_CHAR_INVISIBLE, "invisible" },
	{ LAK_CHAR_BACKGROUND, "background" },
	{ LAK_CHAR_LAYER, "layer" },
	{ LAK_CHAR_HIDDEN_LAYER, "hidden-layer" },
	{ LAK_CHAR_COVERED, "covered" },
	{ LAK_CHAR_OCR, "ocr" },
}, page_flags[] = {
	{ LAK_PAGE_NEEDS_OCR, "needs-ocr" },
	{ LAK_PAGE_UNRELIABLE_TEXT, "unreliable-text" },
	{ LAK_PAGE_OCR, "ocr" },
	{ LAK_PAGE_OCR_LOW, "ocr-low-confidence" },
	{ LAK_PAGE_UNEXPLAINED_INK, "unexplained-ink" },
	{ LAK_PAGE_TEXT_DISAGREES, "text-disagrees" },
	{ LAK_PAGE_PROBED, "probed" },
};

static const char *
flags_str(const void *table, size_t n, uint32_t flags, char *buf,
    size_t size)
{
	const struct {
		uint32_t bit;
		const char *name;
	} *t = table;
	size_t len = 0;

	if (size == 0)
		return "";
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!(flags & t[i].bit))
			continue;
		len += (size_t)snprintf(buf + LAK_MIN(len, size - 1),
		    size - LAK_MIN(len, size - 1), "%s%s", len ? " " : "",
		    t[i].name);
	}
	return buf;
}

static const char *
char_flags_str(uint32_t flags, char *buf, size_t size)
{
	return flags_str(char_flags, LAK_ARRAY_SIZE(char_flags), flags, buf,
	    size);
}

static const char *
page_flags_str(uint32_t flags, char *buf, size_t size)
{
	return flags_str(page_flags, LAK_ARRAY_SIZE(page_flags), flags, buf,
	    size);
}

static int
write_cb(void *ctx, const char *data, int len)
{
	struct lak_docxml *x = ctx;

	if (lak_buf_add(x->out, data, (size_t)len) < 0) {
		x->failed = true;
		return -1;
	}
	return len;
}

/* Characters XML 1.0 cannot carry: controls but tab and line ends,
 * surrogates (not in valid UTF-8 anyway), U+FFFE and U+FFFF. */
static bool
xml_char_ok(gunichar c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	return c != 0xFFFE && c != 0xFFFF;
}

/* 'n' bytes of valid UTF-8 as XML-safe text (g_free() it). */
static xmlChar *
xml_text(const char *s, size_t n)
{
	GString *g = g_string_sized_new(n + 1);
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *q = p;
		uint32_t c = lak_utf8_next(&p, end);

		if (c != LAK_UTF8_BAD && xml_char_ok(c))
			g_string_append_len(g, q, p - q);
		else
			g_string_append(g, "\xEF\xBF\xBD");
	}
	return (xmlChar *)g_string_free(g, FALSE);
}

static int
attr(struct lak_docxml *x, const char *name, const char *value)
{
	xmlChar *v;
	int r;

	if (value == NULL)
		return 0;
	v = xml_text(value, strlen(value));
	r = xmlTextWriterWriteAttribute(x->w, BAD_CAST name, v);
	g_free(v);
	return r < 0 ? -1 : 0;
}

static int
attrf(struct lak_docxml *x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
attrf(struct lak_docxml *x, const char *name, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST tmp) < 0 ? -1 : 0;
}

static int
text_n(struct lak_docxml *x, const char *s, size_t n)
{
	xmlChar *v = xml_text(s, n);
	int r = xmlTextWriterWriteString(x->w, v);

	g_free(v);
	return r < 0 ? -1 : 0;
}

static int
start(struct lak_docxml *x, const char *name)
{
	return xmlTextWriterStartElement(x->w, BAD_CAST name) < 0 ? -1 : 0;
}

static int
end(struct lak_docxml *x)
{
	return xmlTextWriterEndElement(x->w) < 0 ? -1 : 0;
}

/* <name>value</name>, nothing when value is NULL. */
static int
element(struct lak_docxml *x, const char *name, const char *value)
{
	if (value == NULL)
		return 0;
	if (start(x, name) < 0 || text_n(x, value, strlen(value)) < 0)
		return -1;
	return end(x);
}

static int
box_attrs(struct lak_docxml *x, const struct lak_box *b)
{
	return attrf(x, "x0", "%.2f", b->x0) | attrf(x, "y0", "%.2f", b->y0) |
	    attrf(x, "x1", "%.2f", b->x1) | attrf(x, "y1", "%.2f", b->y1);
}

static int
write_meta(struct lak_docxml *x, const struct lak_doc *doc)
{
	const struct lak_meta *m = &doc->meta;
	int r = 0;

	r |= start(x, "metadata");
	r |= element(x, "title", m->title);
	r |= element(x, "author", m->author);
	r |= element(x, "subject", m->subject);
	r |= element(x, "keywords", m->keywords);
	r |= element(x, "creator", m->creator);
	r |= element(x, "producer", m->producer);
	r |= element(x, "created", m->created);
	r |= element(x, "modified", m->modified);
	r |= element(x, "pdf-version", m->pdf_version);
	r |= element(x, "encoding", m->encoding);
	if (m->encrypted)
		r |= element(x, "encrypted", "yes");
	if (m->linearized)
		r |= element(x, "linearized", "yes");
	if (strcmp(m->format, "pdf") == 0) {
		r |= start(x, "revisions");
		r |= xmlTextWriterWriteFormatString(x->w, "%u", m->revisions) <
		    0 ? -1 : 0;
		r |= end(x);
	}
	if (m->layers_incomplete)
		r |= element(x, "layers-incomplete", "yes");
	r |= end(x);
	return r;
}

static int
write_items(struct lak_docxml *x, const struct lak_doc *doc)
{
	int r = 0;

	if (doc->nitems == 0)
		return 0;
	r |= start(x, "leaks");
	for (size_t i = 0; i < doc->nitems && r == 0; i++) {
		const struct lak_item *it = &doc->items[i];

		r |= start(x, "item");
		r |= attr(x, "kind", lak_item_kind_str(it->kind));
		if (it->page)
			r |= attrf(x, "page", "%u", it->page);
		if (it->level)
			r |= attrf(x, "level", "%d", it->level);
		r |= attr(x, "subtype", it->subtype);
		r |= attr(x, "name", it->name);
		if (it->text)
			r |= text_n(x, it->text, strlen(it->text));
		r |= end(x);
	}
	r |= end(x);
	return r;
}

/* An e-mail's people and attachments; what a person must look at. */
static int
write_family(struct lak_docxml *x, const struct lak_doc *doc)
{
	int r = 0;

	if (doc->npeople > 0 || doc->nparts > 0) {
		r |= start(x, "family");
		for (size_t i = 0; i < doc->npeople; i++) {
			r |= start(x, "person");
			r |= text_n(x, doc->people[i], strlen(doc->people[i]));
			r |= end(x);
		}
		for (size_t i = 0; i < doc->nparts; i++) {
			char *file = lak_part_file_name(doc->meta.source ?
			    doc->meta.source : "", i + 1, doc->parts[i].name);

			r |= start(x, "part");
			r |= attrf(x, "n", "%zu", i + 1);
			r |= attr(x, "name", doc->parts[i].name);
			r |= attr(x, "type", doc->parts[i].type);
			r |= attrf(x, "bytes", "%zu", doc->parts[i].len);
			r |= attr(x, "member", file);
			r |= end(x);
			free(file);
		}
		r |= end(x);
	}
	if (doc->nreview > 0) {
		r |= start(x, "review");
		for (size_t i = 0; i < doc->nreview; i++) {
			r |= start(x, "note");
			r |= text_n(x, doc->review[i], strlen(doc->review[i]));
			r |= end(x);
		}
		r |= end(x);
	}
	return r;
}

static int
write_fields(struct lak_docxml *x, const struct lak_view *v)
{
	int r = 0;

	if (v->nfields == 0)
		return 0;
	r |= start(x, "fields");
	for (size_t i = 0; i < v->nfields; i++) {
		r |= start(x, "field");
		r |= attr(x, "name", v->fields[i].name);
		r |= attrf(x, "page", "%u", v->fields[i].page + 1);
		r |= text_n(x, v->fields[i].value, strlen(v->fields[i].value));
		r |= end(x);
	}
	r |= end(x);
	return r;
}

static const char *
hyph_how(enum lak_hyph_how how)
{
	switch (how) {
	case LAK_HYPH_SOFT: return "soft";
	case LAK_HYPH_LEXICON_JOIN: return "lexicon";
	case LAK_HYPH_LEXICON_KEEP: return "lexicon";
	case LAK_HYPH_GUESS_JOIN: return "guess";
	case LAK_HYPH_GUESS_KEEP: return "guess";
	}
	return "guess";
}

/* The word of the view around character i (for hyphen decisions). */
static void
word_around(const struct lak_view *v, size_t i, size_t *a, size_t *b)
{
	size_t s = v->off[LAK_MIN(i, v->nchars)], e = s;

	while (s > 0 && !strchr(" \n\f", v->text[s - 1]))
		s--;
	while (e < v->len && !strchr(" \n\f", v->text[e]))
		e++;
	*a = s;
	*b = e;
}

static int
write_hyphens(struct lak_docxml *x, const struct lak_doc *doc,
    const struct lak_view *v)
{
	int r = 0;

	if (v->nhyph == 0)
		return 0;
	r |= start(x, "hyphens");
	for (size_t i = 0; i < v->nhyph; i++) {
		const struct lak_hyph *h = &v->hyph[i];
		uint32_t page = 0;
		size_t a, b;

		lak_view_source(v, doc, h->src, &page);
		word_around(v, h->vpos, &a, &b);
		r |= start(x, "hyphen");
		r |= attrf(x, "page", "%u", page + 1);
		r |= attr(x, "decided", hyph_how(h->how));
		r |= attr(x, "joined", h->joined ? "yes" : "no");
		r |= text_n(x, v->text + a, b - a);
		r |= end(x);
	}
	r |= end(x);
	return r;
}

/* A space between two hidden characters with the same flags belongs to
 * their run (the probe does not look at blanks). */
static bool
blank_inside(const struct lak_page *pg, size_t j, uint32_t mask, uint32_t f)
{
	if (pg->chars[j].cp != ' ' || (pg->chars[j].flags & mask) != 0)
		return false;
	while (j < pg->nchars && pg->chars[j].cp == ' ')
		j++;
	return j < pg->nchars && (pg->chars[j].flags & mask) == f;
}

/* Runs of characters with suspicious flags: text a reader does not see. */
static int
write_hidden(struct lak_docxml *x, const struct lak_page *pg)
{
	const uint32_t mask = LAK_CHAR_INVISIBLE | LAK_CHAR_BACKGROUND |
	    LAK_CHAR_LAYER | LAK_CHAR_HIDDEN_LAYER | LAK_CHAR_COVERED;
	struct lak_buf run;
	size_t i = 0;
	int r = 0;

	lak_buf_init(&run, 0);
	while (i < pg->nchars && r == 0) {
		uint32_t f = pg->chars[i].flags & mask;
		struct lak_box box = pg->chars[i].box;
		char names[96];
		size_t j;

		if (f == 0 || pg->chars[i].cp == '\n') {
			i++;
			continue;
		}
		lak_buf_reset(&run);
		for (j = i; j < pg->nchars && pg->chars[j].cp != '\n' &&
		    ((pg->chars[j].flags & mask) == f ||
		    blank_inside(pg, j, mask, f)); j++) {
			const struct lak_box *b = &pg->chars[j].box;

			lak_buf_add_utf8(&run, pg->chars[j].cp);
			box.x0 = LAK_MIN(box.x0, b->x0);
			box.y0 = LAK_MIN(box.y0, b->y0);
			box.x1 = LAK_MAX(box.x1, b->x1);
			box.y1 = LAK_MAX(box.y1, b->y1);
		}
		r |= lak_buf_check(&run, NULL);
		r |= start(x, "hidden");
		r |= attr(x, "flags", char_flags_str(f, names,
		    sizeof(names)));
		r |= box_attrs(x, &box);
		r |= text_n(x, run.data, run.len);
		r |= end(x);
		i = j;
	}
	lak_buf_release(&run);
	return r;
}

static int
write_chars(struct lak_docxml *x, const struct lak_doc *doc,
    const struct lak_page *pg)
{
	int r = 0;

	r |= start(x, "chars");
	for (size_t i = 0; i < pg->nchars && r == 0; i++) {
		const struct lak_char *c = &pg->chars[i];
		char utf8[8], names[96];
		int n = g_unichar_to_utf8(c->cp, utf8);

		r |= start(x, "c");
		r |= box_attrs(x, &c->box);
		if (c->font < doc->nfonts)
			r |= attr(x, "font", doc->fonts[c->font]);
		r |= attrf(x, "size", "%.2f", c->size);
		if (c->color != 0)
			r |= attrf(x, "color", "#%06x", c->color & 0xFFFFFF);
		if (c->flags)
			r |= attr(x, "flags", char_flags_str(c->flags,
			    names, sizeof(names)));
		r |= text_n(x, utf8, (size_t)n);
		r |= end(x);
	}
	r |= end(x);
	return r;
}

static const char *
para_kind(const struct lak_para *p)
{
	switch (p->kind) {
	case LAK_PARA_HEADING: return "heading";
	case LAK_PARA_RUNNING: return "running";
	case LAK_PARA_BODY: break;
	}
	return "body";
}

static int
write_pages(struct lak_docxml *x, const struct lak_doc *doc,
    const struct lak_view *v)
{
	size_t para = 0;
	int r = 0;

	r |= start(x, "pages");
	for (size_t p = 0; p < doc->npages && r == 0; p++) {
		const struct lak_page *pg = &doc->pages[p];
		char names[96];

		r |= start(x, "page");
		r |= attrf(x, "number", "%zu", p + 1);
		r |= attrf(x, "width", "%.2f", pg->width);
		r |= attrf(x, "height", "%.2f", pg->height);
		if (pg->flags & ~(uint32_t)LAK_PAGE_PROBED)
			r |= attr(x, "flags", page_flags_str(pg->flags &
			    ~(uint32_t)LAK_PAGE_PROBED, names, sizeof(names)));
		if (pg->nimages)
			r |= attrf(x, "images", "%u", pg->nimages);
		for (; para < v->nparas && v->paras[para].page == p; para++) {
			const struct lak_para *pa = &v->paras[para];
			size_t a = v->off[pa->vstart], b = v->off[pa->vend];

			r |= start(x, pa->kind == LAK_PARA_HEADING ?
			    "heading" : "para");
			if (pa->kind == LAK_PARA_HEADING)
				r |= attrf(x, "level", "%d", pa->level);
			else if (pa->kind == LAK_PARA_RUNNING)
				r |= attr(x, "kind", para_kind(pa));
			r |= text_n(x, v->text + a, b - a);
			r |= end(x);
		}
		r |= write_hidden(x, pg);
		if (x->flags & LAK_DOCXML_BOXES)
			r |= write_chars(x, doc, pg);
		r |= end(x);
	}
	r |= end(x);
	return r;
}

static int
check(struct lak_docxml *x, int r, struct lak_error *err)
{
	if (r == 0 && xmlTextWriterFlush(x->w) >= 0 && !x->failed)
		return 0;
	x->failed = true;
	if (lak_buf_check(x->out, err) < 0)
		return -1;
	return lak_error_set(err, LAK_ENOMEM, "cannot write XML");
}

struct lak_docxml *
lak_docxml_new(struct lak_buf *out, unsigned int flags, struct lak_error *err)
{
	struct lak_docxml *x = calloc(1, sizeof(*x));
	xmlOutputBufferPtr ob;
	int r = 0;

	if (x == NULL) {
		lak_error_oom(err);
		return NULL;
	}
	x->out = out;
	x->flags = flags;
	ob = xmlOutputBufferCreateIO(write_cb, NULL, x, NULL);
	if (ob == NULL || (x->w = xmlNewTextWriter(ob)) == NULL) {
		if (ob != NULL)
			xmlOutputBufferClose(ob);
		free(x);
		lak_error_oom(err);
		return NULL;
	}
	r |= xmlTextWriterSetIndent(x->w, 1) < 0 ? -1 : 0;
	r |= xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ? -1 : 0;
	r |= xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0 ?
	    -1 : 0;
	r |= start(x, "lakwerk-extract");
	r |= attr(x, "version", "1");
	if (check(x, r, err) < 0) {
		lak_docxml_free(x);
		return NULL;
	}
	return x;
}

int
lak_docxml_document(struct lak_docxml *x, const struct lak_doc *doc,
    const struct lak_view *v, struct lak_error *err)
{
	int r = 0;

	r |= start(x, "document");
	r |= attr(x, "source", doc->meta.source);
	r |= attr(x, "format", doc->meta.format);
	r |= attr(x, "sha256", doc->meta.sha256);
	r |= attrf(x, "bytes", "%zu", doc->meta.nbytes);
	r |= attrf(x, "pages", "%zu", doc->npages);
	r |= write_meta(x, doc);
	r |= start(x, "kind");
	r |= attr(x, "name", v->kind);
	r |= text_n(x, v->kind_evidence, strlen(v->kind_evidence));
	r |= end(x);
	r |= write_fields(x, v);
	r |= write_family(x, doc);
	r |= write_items(x, doc);
	r |= write_hyphens(x, doc, v);
	r |= write_pages(x, doc, v);
	r |= end(x);
	return check(x, r, err);
}

int
lak_docxml_failure(struct lak_docxml *x, const char *source,
    const char *reason, struct lak_error *err)
{
	int r = 0;

	r |= start(x, "error");
	r |= attr(x, "source", source);
	r |= text_n(x, reason, strlen(reason));
	r |= end(x);
	return check(x, r, err);
}

int
lak_docxml_finish(struct lak_docxml *x, struct lak_error *err)
{
	int r = xmlTextWriterEndDocument(x->w) < 0 ? -1 : 0;

	return check(x, r, err);
}

void
lak_docxml_free(struct lak_docxml *x)
{
	if (x == NULL)
		return;
	xmlFreeTextWriter(x->w);
	free(x);
}
