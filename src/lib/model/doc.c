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
	free(doc);
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
