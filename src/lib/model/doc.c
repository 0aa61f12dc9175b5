/*
 * The document model's constructors and destructors. Everything is owned by
 * the struct lak_doc; one lak_doc_free() releases it all.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/model/doc.h"

struct lak_doc *
lak_doc_new(void)
{
	struct lak_doc *doc = calloc(1, sizeof(*doc));

	if (doc != NULL)
		doc->meta.revisions = 1;
	return doc;
}

static void
meta_release(struct lak_meta *m)
{
	free(m->format);
	free(m->source);
	free(m->title);
	free(m->author);
	free(m->subject);
	free(m->keywords);
	free(m->creator);
	free(m->producer);
	free(m->created);
	free(m->modified);
	free(m->pdf_version);
	free(m->encoding);
	free(m->thread);
}

void
lak_doc_free(struct lak_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	meta_release(&doc->meta);
	for (i = 0; i < doc->npages; i++) {
		free(doc->pages[i].chars);
		free(doc->pages[i].ink);
	}
	free(doc->pages);
	for (i = 0; i < doc->nfonts; i++)
		free(doc->fonts[i]);
	free(doc->fonts);
	for (i = 0; i < doc->nitems; i++) {
		free(doc->items[i].subtype);
		free(doc->items[i].name);
		free(doc->items[i].text);
	}
	free(doc->items);
	free(doc->print);
	for (i = 0; i < doc->nparts; i++) {
		free(doc->parts[i].name);
		free(doc->parts[i].type);
		free(doc->parts[i].data);
	}
	free(doc->parts);
	for (i = 0; i < doc->nreview; i++)
		free(doc->review[i]);
	free(doc->review);
	for (i = 0; i < doc->npeople; i++)
		free(doc->people[i]);
	free(doc->people);
	free(doc);
}

char *
lak_part_file_name(const char *parent, size_t n, const char *part)
{
	const char *base = strrchr(parent, '/'), *dot, *pdot;
	char ext[16] = "";
	size_t stem;

	base = base ? base + 1 : parent;
	dot = strrchr(base, '.');
	stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	pdot = part ? strrchr(part, '.') : NULL;
	if (pdot != NULL && pdot[1] != '\0') {
		size_t k = 0;

		for (const char *c = pdot + 1; *c && k + 1 < sizeof(ext); c++)
			if (g_ascii_isalnum(*c))
				ext[k++] = g_ascii_tolower(*c);
			else
				break;
		ext[k] = '\0';
	}
	return g_strdup_printf("%.*s.bijlage-%zu%s%s", (int)stem, base, n,
	    *ext ? "." : "", ext);
}

const void *
lak_doc_pdf(const struct lak_doc *doc, const void *src, size_t srclen,
    size_t *len)
{
	if (doc->print != NULL) {
		*len = doc->print_len;
		return doc->print;
	}
	if (doc->meta.format != NULL && strcmp(doc->meta.format, "pdf") == 0) {
		*len = srclen;
		return src;
	}
	*len = 0;
	return NULL;
}

int
lak_doc_add_part(struct lak_doc *doc, const char *name, const char *type,
    const void *data, size_t len)
{
	struct lak_part *p;

	if (lak_array_grow((void **)&doc->parts, &doc->parts_alloc,
	    doc->nparts, sizeof(*doc->parts)) < 0)
		return -1;
	p = &doc->parts[doc->nparts];
	memset(p, 0, sizeof(*p));
	if ((p->name = lak_utf8_dup_valid(name ? name : "")) == NULL ||
	    (p->type = lak_utf8_dup_valid(type ? type : "")) == NULL ||
	    (p->data = malloc(len + 1)) == NULL) {
		free(p->name);
		free(p->type);
		return -1;
	}
	if (len > 0)
		memcpy(p->data, data, len);
	p->len = len;
	doc->nparts++;
	return 0;
}

static int
add_string(char ***arr, size_t *n, size_t *alloc, const char *s)
{
	char *c;

	if (lak_array_grow((void **)arr, alloc, *n, sizeof(**arr)) < 0 ||
	    (c = lak_utf8_dup_valid(s)) == NULL)
		return -1;
	(*arr)[(*n)++] = c;
	return 0;
}

int
lak_doc_add_review(struct lak_doc *doc, const char *note)
{
	return add_string(&doc->review, &doc->nreview, &doc->review_alloc,
	    note);
}

int
lak_doc_add_person(struct lak_doc *doc, const char *who)
{
	for (size_t i = 0; i < doc->npeople; i++)
		if (g_ascii_strcasecmp(doc->people[i], who) == 0)
			return 0;
	return add_string(&doc->people, &doc->npeople, &doc->people_alloc,
	    who);
}

struct lak_page *
lak_doc_add_page(struct lak_doc *doc, double width, double height)
{
	struct lak_page *p;

	if (lak_array_grow((void **)&doc->pages, &doc->pages_alloc, doc->npages,
	    sizeof(*doc->pages)) < 0)
		return NULL;
	p = &doc->pages[doc->npages++];
	memset(p, 0, sizeof(*p));
	p->width = width;
	p->height = height;
	return p;
}

int
lak_page_add_char(struct lak_page *page, const struct lak_char *c)
{
	if (lak_array_grow((void **)&page->chars, &page->alloc, page->nchars,
	    sizeof(*page->chars)) < 0)
		return -1;
	page->chars[page->nchars++] = *c;
	return 0;
}

long
lak_doc_font(struct lak_doc *doc, const char *name)
{
	size_t i;
	char *s;

	if (name == NULL)
		name = "";
	/* Documents use a handful of fonts; look from the newest back. */
	for (i = doc->nfonts; i > 0; i--)
		if (strcmp(doc->fonts[i - 1], name) == 0)
			return (long)(i - 1);
	if (lak_array_grow((void **)&doc->fonts, &doc->fonts_alloc, doc->nfonts,
	    sizeof(*doc->fonts)) < 0)
		return -1;
	if ((s = lak_utf8_dup_valid(name)) == NULL)
		return -1;
	doc->fonts[doc->nfonts] = s;
	return (long)doc->nfonts++;
}

char *
lak_utf8_dup_valid(const char *s)
{
	gchar *v;
	char *r;

	if (s == NULL)
		return NULL;
	if (g_utf8_validate(s, -1, NULL))
		return strdup(s);
	v = g_utf8_make_valid(s, -1);
	r = v ? strdup(v) : NULL;
	g_free(v);
	return r;
}

int
lak_doc_add_item(struct lak_doc *doc, enum lak_item_kind kind,
    unsigned int page, int level, const char *subtype, const char *name,
    const char *text, const struct lak_box *box)
{
	struct lak_item *it;

	if (lak_array_grow((void **)&doc->items, &doc->items_alloc, doc->nitems,
	    sizeof(*doc->items)) < 0)
		return -1;
	it = &doc->items[doc->nitems];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->page = page;
	it->level = level;
	if (box)
		it->box = *box;
	it->subtype = lak_utf8_dup_valid(subtype);
	it->name = lak_utf8_dup_valid(name);
	it->text = lak_utf8_dup_valid(text);
	if ((subtype && !it->subtype) || (name && !it->name) ||
	    (text && !it->text)) {
		free(it->subtype);
		free(it->name);
		free(it->text);
		return -1;
	}
	doc->nitems++;
	return 0;
}

const char *
lak_item_kind_str(enum lak_item_kind kind)
{
	switch (kind) {
	case LAK_ITEM_ANNOTATION:	return "annotation";
	case LAK_ITEM_FORM_FIELD:	return "form-field";
	case LAK_ITEM_ATTACHMENT:	return "attachment";
	case LAK_ITEM_OUTLINE:		return "outline";
	case LAK_ITEM_XMP:		return "xmp";
	case LAK_ITEM_SCRIPT:		return "script";
	}
	return "unknown";
}

bool
lak_cp_unreliable(uint32_t cp)
{
	if (cp == 0xFFFD)
		return true;
	if (cp < 0x20)
		return cp != '\n' && cp != '\t' && cp != '\f' && cp != '\r';
	if (cp >= 0x7F && cp < 0xA0)
		return true;
	if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) ||
	    (cp >= 0x100000 && cp <= 0x10FFFD))
		return true;
	return cp > 0x10FFFF;
}

const char *const lak_meta_text_fields[] = {
	"title", "author", "subject", "keywords", "creator", "producer", NULL,
};

const char *
lak_meta_field_name(const char *name)
{
	for (size_t i = 0; lak_meta_text_fields[i]; i++)
		if (strcmp(lak_meta_text_fields[i], name) == 0)
			return lak_meta_text_fields[i];
	return NULL;
}

const char *
lak_meta_get(const struct lak_meta *m, const char *name)
{
	const char *const vals[] = { m->title, m->author, m->subject,
	    m->keywords, m->creator, m->producer };

	for (size_t i = 0; lak_meta_text_fields[i]; i++)
		if (strcmp(lak_meta_text_fields[i], name) == 0)
			return vals[i];
	return NULL;
}
