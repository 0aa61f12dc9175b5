/*
 * Internal to the ingest stage: the PDF that a source which is not a PDF
 * is read through (an e-mail laid out for print, pictures as pages). The
 * print is made with cairo and pango, so poppler reads it back with every
 * character in its place; the release is rendered from it like any PDF.
 */
#ifndef LAK_PRINT_INT_H
#define LAK_PRINT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"

struct lak_print;

/* A new print of A4 pages (none yet); NULL when out of memory. */
struct lak_print *lak_print_new(const char *title);

/*
 * Text set in the page's width, continuing on new pages as needed.
 * 'size' in points. Lines that start with '>' (a quoted reply) are set in
 * grey behind a bar, so the reader sees the quote as a quote.
 */
int lak_print_text(struct lak_print *p, const char *text, double size,
    bool bold);

/* Space and a thin rule across the text width. */
void lak_print_rule(struct lak_print *p);

/*
 * A picture. An image of its own (as_page): a page the picture's size at
 * its resolution ('dpi'; 0 when the file does not say). Else in the text,
 * scaled down to the text width.
 */
struct lak_picture;
int lak_print_picture(struct lak_print *p, const struct lak_picture *pic,
    bool as_page);

/* The PDF's bytes into 'out' (the print is freed either way). */
int lak_print_finish(struct lak_print *p, struct lak_buf *out,
    struct lak_error *err);
void lak_print_free(struct lak_print *p);

/*
 * Pictures from a file's bytes: PNG, JPEG (kept as it is: the PDF carries
 * the JPEG), TIFF with all its pages. *out gets 'n' pictures; free them
 * with lak_pictures_free(). LAK_EFORMAT for bytes that are none of these
 * or cannot be read, LAK_ELIMIT for a picture larger than 'max_pixels'.
 */
bool lak_picture_sniff(const unsigned char *d, size_t len);
int lak_pictures_read(const unsigned char *d, size_t len,
    unsigned long max_pixels, struct lak_picture ***out, size_t *n,
    struct lak_error *err);
void lak_pictures_free(struct lak_picture **pics, size_t n);

/* Which converter a file is for: an e-mail message by its headers; an
 * Office or OpenDocument file (an index into the converter's table, -1
 * when not one) by its content, the name deciding between the formats an
 * OLE compound file may be. */
bool lak_ingest_looks_like_mail(const void *data, size_t len);
long lak_office_kind(const char *name, const void *data, size_t len);
/* An Outlook .msg (an OLE file named .msg), and the same message as MIME
 * bytes (a new buffer) for the e-mail reader. */
bool lak_ingest_is_msg(const char *name, const void *data, size_t len);
int lak_msg_to_mime(const void *data, size_t len, char **out, size_t *outlen,
    struct lak_error *err);

/*
 * The document read through its print: the PDF path on 'print' (whose
 * bytes the document takes over, print left empty), then the source's
 * format name ("email", "office", "image") in place of the print's.
 * 'own': lakwerk laid the print out itself (see own_print in ingest.h).
 */
struct lak_doc;
struct lak_ingest_opts;
int lak_ingest_print(struct lak_doc *doc, struct lak_buf *print,
    const char *format, bool own, const struct lak_ingest_opts *opts,
    struct lak_error *err);

#endif
