/*
 * Ingest stage: a file (PDF or plain text) becomes a struct lak_doc.
 */
#ifndef LAK_INGEST_H
#define LAK_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"
#include "lib/base/limits.h"
#include "lib/model/doc.h"

struct lak_ingest_opts {
	const char *password;	/* for encrypted PDFs; NULL for none */
	size_t max_bytes;	/* larger files fail with LAK_ELIMIT */
	unsigned int max_pages;	/* PDFs with more pages fail with LAK_ELIMIT */
	/*
	 * Resolution of the ink probe, which renders each page to find text
	 * drawn without ink, in the background colour or under a flat box.
	 * 0 switches it off (the flags then come from colours alone).
	 */
	double probe_dpi;
	/* Pages whose probe image would exceed this many pixels are not
	 * probed (and are not marked LAK_PAGE_PROBED). */
	unsigned long probe_max_pixels;
	/*
	 * Ink accounting: ink that no extracted character explains (a
	 * picture of text, outlined text, a scanned page) is read by OCR at
	 * 'ocr_dpi' and its words join the page. Off: pages that are only
	 * pictures are flagged needs-ocr and other ink is not looked at.
	 */
	bool ocr;
	double ocr_dpi;
	/* The probe also draws every glyph alone and compares it with the
	 * page: a glyph that does not show (under a picture, a white fill,
	 * clipped away) is flagged LAK_CHAR_COVERED. For incoming documents
	 * (verify --incoming): it costs a rendering a page. */
	bool probe_hidden;
	unsigned long ocr_max_pixels;	/* larger parts: needs-ocr */
	/* Seconds an Office conversion may take (0: 180); the program is
	 * "soffice", or $LAKWERK_SOFFICE where that is set. */
	unsigned int office_timeout;
	/* Set by the readers that lay a source out themselves (e-mail,
	 * pictures): the print's text is what lakwerk drew, so its lines
	 * are not read again by OCR to see whether they lie (pictures in it
	 * are still read). Not for PDFs from elsewhere. */
	bool own_print;
};

#define LAK_INGEST_MAX_BYTES_DEFAULT LAK_MAX_DOCUMENT_FILE
#define LAK_INGEST_MAX_PAGES_DEFAULT 20000u
#define LAK_INGEST_PROBE_DPI_DEFAULT 50.0
#define LAK_INGEST_OCR_DPI_DEFAULT 300.0
#define LAK_INGEST_OPTS_INIT { \
	.max_bytes = LAK_INGEST_MAX_BYTES_DEFAULT, \
	.max_pages = LAK_INGEST_MAX_PAGES_DEFAULT, \
	.probe_dpi = LAK_INGEST_PROBE_DPI_DEFAULT, \
	.probe_max_pixels = 16000000ul, \
	.ocr = true, .ocr_dpi = LAK_INGEST_OCR_DPI_DEFAULT, \
	.ocr_max_pixels = 60000000ul }

/*
 * Read the file at 'path' and build its document model. The format is
 * taken from the content ("%PDF-" near the start means PDF), not from the
 * name, but a file named .pdf that is not a PDF is an error rather than
 * text. On success store a new document in *out (lak_doc_free() it); on
 * failure leave *out NULL and describe the problem in 'err' (the message
 * does not repeat the path). Codes: LAK_ENOENT, LAK_EIO, LAK_EFORMAT,
 * LAK_EENCRYPTED, LAK_ELIMIT, LAK_EUNSUPPORTED, LAK_ENOMEM.
 */
int lak_ingest_file(const char *path, const struct lak_ingest_opts *opts,
    struct lak_doc **out, struct lak_error *err);

/*
 * The same for bytes already in memory ('name' is recorded as the source
 * and decides nothing but the .pdf check). 'data' is borrowed.
 */
int lak_ingest_bytes(const char *name, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_doc **out,
    struct lak_error *err);

/* The two readers behind lak_ingest_bytes(), for tests and callers that
 * know the format. 'doc' is new and already has meta.source and sha256. */
int lak_ingest_pdf(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_error *err);
int lak_ingest_text(struct lak_doc *doc, const void *data, size_t len,
    struct lak_error *err);
/*
 * Sources that are not PDFs are read through a PDF made from them (the
 * document's print, doc->print): pictures (PNG, JPEG, TIFF) become pages,
 * an e-mail is laid out for print with its attachments as parts of the
 * document, Office and ODF files are converted by LibreOffice.
 */
int lak_ingest_image(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_error *err);
int lak_ingest_mail(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_error *err);
/*
 * Whether a file is an e-mail message (named .eml, or its first lines are
 * mail headers), and the family of one without laying it out: a document
 * without pages whose parts are the attachments and whose people are
 * those of the headers, for the caller that runs the family's members.
 */
bool lak_ingest_is_mail(const char *name, const void *data, size_t len);
int lak_ingest_mail_family(const char *name, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_doc **out,
    struct lak_error *err);
int lak_ingest_office(struct lak_doc *doc, const char *name,
    const void *data, size_t len, const struct lak_ingest_opts *opts,
    struct lak_error *err);

#endif
