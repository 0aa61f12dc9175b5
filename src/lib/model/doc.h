/*
 * The document model: what ingest produces and every later stage reads.
 *
 * A document is metadata, pages and "leak channels" (annotations, form
 * fields, attachments, outline entries, XMP, scripts): text that a release
 * can leak although it is not on the page. A page holds its characters in
 * reading order, each with its box in PDF points (origin at the page's top
 * left, y growing downwards, as poppler reports them), its font, size,
 * colour and flags. Line ends are characters too ('\n', with an empty box at
 * the end of the line), so a page's characters read as its text.
 *
 * The structs are plain data and may be read directly; build them only with
 * the functions below, which keep the invariants (every string NUL-terminated
 * UTF-8, every font index valid).
 */
#ifndef LAK_DOC_H
#define LAK_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/digest.h"
#include "lib/base/error.h"

struct lak_box {
	float x0, y0, x1, y1;
};

enum lak_char_flag {
	/* Drawn without visible ink: render mode 3, clipped away, or painted
	 * over with the page's own background colour. */
	LAK_CHAR_INVISIBLE = 1u << 0,
	/* Fill colour white or the same as the background around it. */
	LAK_CHAR_BACKGROUND = 1u << 1,
	/* Inside an optional-content group (a layer). */
	LAK_CHAR_LAYER = 1u << 2,
	/* Inside a layer that is switched off when the file is opened. */
	LAK_CHAR_HIDDEN_LAYER = 1u << 3,
	/* Its whole box is one flat dark colour: text under a drawn box, the
	 * mark of a "redaction" that removed nothing. */
	LAK_CHAR_COVERED = 1u << 4,
	/* Read by OCR from ink that no extracted character explains. */
	LAK_CHAR_OCR = 1u << 5,
};

/* The flags of a character a reader does not see. */
#define LAK_CHAR_UNSEEN (LAK_CHAR_INVISIBLE | LAK_CHAR_BACKGROUND | \
	LAK_CHAR_HIDDEN_LAYER | LAK_CHAR_COVERED)

struct lak_char {
	uint32_t cp;		/* Unicode code point as the source gives it */
	uint32_t flags;		/* enum lak_char_flag bits */
	struct lak_box box;
	float size;		/* font size in points */
	uint32_t font;		/* index into lak_doc.fonts */
	uint32_t color;		/* fill colour 0xRRGGBB */
};

enum lak_page_flag {
	LAK_PAGE_NEEDS_OCR = 1u << 0,	/* images but no text */
	LAK_PAGE_UNRELIABLE_TEXT = 1u << 1,	/* U+FFFD, private use, controls */
	LAK_PAGE_PROBED = 1u << 2,	/* the ink probe ran on this page */
	LAK_PAGE_OCR = 1u << 3,		/* has words read by OCR */
	LAK_PAGE_OCR_LOW = 1u << 4,	/* ... some of them uncertain */
	/* Ink beside the extracted text that no character of it explains
	 * (read by OCR). */
	LAK_PAGE_UNEXPLAINED_INK = 1u << 5,
	/* What OCR reads of the drawn glyphs is not what their text says
	 * (ActualText or a ToUnicode map that lies, a Type3 font): both
	 * readings are on the page. */
	LAK_PAGE_TEXT_DISAGREES = 1u << 6,
};

struct lak_page {
	double width, height;	/* points */
	struct lak_char *chars;
	size_t nchars;
	size_t alloc;
	uint32_t flags;
	unsigned int nimages;
	unsigned int nunreliable;	/* characters that made it unreliable */
	/* The regions of ink that no extracted character explains and OCR
	 * read (points): the released page is read there again. */
	struct lak_box *ink;
	size_t nink;
};

enum lak_item_kind {
	LAK_ITEM_ANNOTATION,
	LAK_ITEM_FORM_FIELD,
	LAK_ITEM_ATTACHMENT,
	LAK_ITEM_OUTLINE,
	LAK_ITEM_XMP,
	LAK_ITEM_SCRIPT,
};

/* A piece of text outside the page content: every field may be NULL. */
struct lak_item {
	enum lak_item_kind kind;
	unsigned int page;	/* 1-based; 0 when not on a page */
	int level;		/* outline depth, 1-based; else 0 */
	char *subtype;		/* annotation or field type, e.g. "text" */
	char *name;		/* field name, attachment file name, author */
	char *text;		/* contents, value, title, description */
	struct lak_box box;
};

struct lak_meta {
	/* "pdf", "text", "email", "office" or "image" */
	char *format;
	char *source;		/* file name as given */
	char sha256[LAK_SHA256_HEX_LEN + 1];	/* of the source bytes */
	size_t nbytes;
	char *title, *author, *subject, *keywords, *creator, *producer;
	char *created, *modified;	/* ISO 8601, or NULL */
	char *pdf_version;	/* "1.7" */
	char *encoding;		/* text input: "utf-8", "windows-1252" ... */
	bool encrypted;
	bool linearized;
	unsigned int revisions;	/* 1 + incremental updates (PDF) */
	/* Optional-content layers that could not all be shown at once
	 * (radio-button groups): some hidden text may be missing. */
	bool layers_incomplete;
	/* An e-mail: its thread, as a release may name it: "T" and 16 hex
	 * digits of the SHA-256 of the thread's first Message-ID (from
	 * References, In-Reply-To or its own; the ID itself can hold a
	 * name). NULL when unknown. */
	char *thread;
};

/*
 * A document inside a document that is a document of its own: an
 * e-mail's attachment. It is released beside its parent as a member of
 * the same family, with its own plan.
 */
/* How deep a family nests (an attachment of an attachment ...) before
 * its members are no longer read. */
#define LAK_FAMILY_DEPTH 8

struct lak_part {
	char *name;		/* file name as the message gives it (UTF-8) */
	char *type;		/* MIME type, e.g. "application/pdf" */
	unsigned char *data;
	size_t len;
};

struct lak_doc {
	struct lak_meta meta;
	/*
	 * A source that is not a PDF itself (an e-mail laid out for print,
	 * an Office file converted, pictures as pages) is read through a PDF
	 * made from it: its bytes, which the release is rendered from. NULL
	 * for a PDF or a text file.
	 */
	unsigned char *print;
	size_t print_len;
	struct lak_part *parts;
	size_t nparts;
	size_t parts_alloc;
	/* What a person must look at before the document can be released
	 * (comments, tracked changes or hidden content the conversion does
	 * not show), a sentence each. */
	char **review;
	size_t nreview;
	size_t review_alloc;
	/* Names and e-mail addresses of the people a message is from and to:
	 * personal data wherever they occur in the family. */
	char **people;
	size_t npeople;
	size_t people_alloc;
	struct lak_page *pages;
	size_t npages;
	size_t pages_alloc;
	char **fonts;
	size_t nfonts;
	size_t fonts_alloc;
	struct lak_item *items;
	size_t nitems;
	size_t items_alloc;
};

/* A new empty document, or NULL when out of memory. */
struct lak_doc *lak_doc_new(void);
void lak_doc_free(struct lak_doc *doc);

/* Append a page; returns it, or NULL when out of memory. */
struct lak_page *lak_doc_add_page(struct lak_doc *doc, double width,
    double height);

/* Append a character to 'page'; -1 when out of memory. */
int lak_page_add_char(struct lak_page *page, const struct lak_char *c);

/* Index of font 'name' in doc->fonts, added if new; -1 when out of memory. */
long lak_doc_font(struct lak_doc *doc, const char *name);

/*
 * Append a leak-channel item. The strings are copied (NULL stays NULL);
 * invalid UTF-8 in them is replaced by U+FFFD. Returns -1 when out of
 * memory.
 */
int lak_doc_add_item(struct lak_doc *doc, enum lak_item_kind kind,
    unsigned int page, int level, const char *subtype, const char *name,
    const char *text, const struct lak_box *box);

/* Append an attachment (the bytes are copied) or a review note or a
 * person (the string is copied, invalid UTF-8 replaced); -1 when out of
 * memory. A person already listed (case-insensitively) is not added. */
int lak_doc_add_part(struct lak_doc *doc, const char *name, const char *type,
    const void *data, size_t len);
int lak_doc_add_review(struct lak_doc *doc, const char *note);
int lak_doc_add_person(struct lak_doc *doc, const char *who);

/*
 * The file name of part 'n' (1-based) of the document in file 'parent':
 * the parent's name without its extension, ".bijlage-N", and the part's
 * own extension (letters and digits only), e.g. "mail.eml" and part 2
 * "Nota.docx" give "mail.bijlage-2.docx". The folder of 'parent' is
 * dropped. A new string, NULL when out of memory.
 */
char *lak_part_file_name(const char *parent, size_t n, const char *part);

/* The PDF the document's pages are drawn from: its print, the source
 * bytes 'src' of a PDF, or NULL (with *len 0) for a text document. */
const void *lak_doc_pdf(const struct lak_doc *doc, const void *src,
    size_t srclen, size_t *len);

/* A copy of 's' that is valid UTF-8 (bad bytes become U+FFFD); NULL in. */
char *lak_utf8_dup_valid(const char *s);

/*
 * The metadata fields that hold free text (title, author, subject,
 * keywords, creator, producer), NULL-terminated, and a field by name
 * (NULL for an unknown name or an absent value). The returned name is the
 * list's own string, so it can be kept.
 */
extern const char *const lak_meta_text_fields[];
const char *lak_meta_get(const struct lak_meta *m, const char *name);
const char *lak_meta_field_name(const char *name);

/* Name of an item kind: "annotation", "form-field", ... */
const char *lak_item_kind_str(enum lak_item_kind kind);

/* True for U+FFFD, private-use code points and C0/C1 controls but \t \n. */
bool lak_cp_unreliable(uint32_t cp);

#endif
