/*
 * Ingest stage, front door: read the file under the size cap, fingerprint
 * it, and hand the bytes to the reader of its format, decided by content
 * (the name only where content cannot tell): PDF, picture, Office or
 * OpenDocument, e-mail, else plain text.
 */
#include "lib/base/common.h"

#include "lib/base/fsutil.h"
#include "lib/base/zip.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/print-int.h"

/* PDF readers accept the header anywhere in the first 1024 bytes. */
static bool
looks_like_pdf(const unsigned char *p, size_t len)
{
	size_t i, n = len < 1024 ? len : 1024;

	for (i = 0; i + 5 <= n; i++)
		if (memcmp(p + i, "%PDF-", 5) == 0)
			return true;
	return false;
}

static bool
want_all(const char *name, void *ctx)
{
	(void)name;
	(void)ctx;
	return true;
}

static int
got_none(const char *name, const char *data, size_t len, void *ctx)
{
	(void)name;
	(void)data;
	(void)len;
	(void)ctx;
	return 0;
}

/* A ZIP archive that is no Office file is not a document: said so, or
 * why it cannot be unpacked (damaged, a zip bomb). */
static int
zip_refused(const void *data, size_t len, const struct lak_ingest_opts *opts,
    struct lak_error *err)
{
	if (lak_unzip(data, len, want_all, got_none, NULL,
	    LAK_MIN(opts->max_bytes, (size_t)256 << 20), err) < 0) {
		lak_error_prefix(err, "a ZIP archive that cannot be unpacked: ");
		return -1;
	}
	return lak_error_set(err, LAK_EUNSUPPORTED, "a ZIP archive, not a "
	    "document: unpack it (attached to an e-mail, its files are read "
	    "as attachments)");
}

/* The source is read through 'print' (see print-int.h): the PDF path,
 * then the source's own format, without the print's PDF facts. */
int
lak_ingest_print(struct lak_doc *doc, struct lak_buf *print,
    const char *format, bool own, const struct lak_ingest_opts *opts,
    struct lak_error *err)
{
	struct lak_ingest_opts o = *opts;
	char **facts[] = { &doc->meta.pdf_version, &doc->meta.producer,
	    &doc->meta.creator, &doc->meta.created, &doc->meta.modified };
	char *f;

	doc->print = (unsigned char *)print->data;
	doc->print_len = print->len;
	lak_buf_init(print, 0);
	o.own_print = own;
	if (lak_ingest_pdf(doc, doc->print, doc->print_len, &o, err) < 0)
		return -1;
	if ((f = strdup(format)) == NULL)
		return lak_error_oom(err);
	free(doc->meta.format);
	doc->meta.format = f;
	for (size_t i = 0; i < LAK_ARRAY_SIZE(facts); i++) {
		free(*facts[i]);
		*facts[i] = NULL;
	}
	return 0;
}

int
lak_ingest_bytes(const char *name, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_doc **out,
    struct lak_error *err)
{
	struct lak_ingest_opts defaults = LAK_INGEST_OPTS_INIT;
	struct lak_doc *doc = NULL;
	int r;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (len > opts->max_bytes)
		return lak_error_set(err, LAK_ELIMIT,
		    "file is %zu bytes, larger than the limit of %zu",
		    len, opts->max_bytes);
	if (len == 0)
		return lak_error_set(err, LAK_EFORMAT, "empty file");
	if ((doc = lak_doc_new()) == NULL ||
	    (doc->meta.source = strdup(name)) == NULL) {
		lak_doc_free(doc);
		return lak_error_oom(err);
	}
	doc->meta.nbytes = len;
	lak_sha256_hex(data, len, doc->meta.sha256);

	if (looks_like_pdf(data, len))
		r = lak_ingest_pdf(doc, data, len, opts, err);
	else if (lak_path_has_ext(name, ".pdf"))
		r = lak_error_set(err, LAK_EFORMAT,
		    "not a PDF file (no %%PDF- header)");
	else if (lak_picture_sniff(data, len))
		r = lak_ingest_image(doc, data, len, opts, err);
	else if (lak_ingest_is_mail(name, data, len))
		r = lak_ingest_mail(doc, data, len, opts, err);
	else if (lak_office_kind(name, data, len) >= 0)
		r = lak_ingest_office(doc, name, data, len, opts, err);
	else if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		r = zip_refused(data, len, opts, err);
	else
		r = lak_ingest_text(doc, data, len, err);
	if (r < 0) {
		lak_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

int
lak_ingest_file(const char *path, const struct lak_ingest_opts *opts,
    struct lak_doc **out, struct lak_error *err)
{
	struct lak_ingest_opts defaults = LAK_INGEST_OPTS_INIT;
	char *data = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (lak_file_read(path, opts->max_bytes, &data, &len, err) < 0)
		return -1;
	r = lak_ingest_bytes(path, data, len, opts, out, err);
	free(data);
	return r;
}
