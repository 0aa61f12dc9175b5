/*
 * Ingest stage, plain text. The encoding is decided once per file: UTF-8
 * (with or without BOM), UTF-16 with a BOM, or, when the bytes are not
 * UTF-8 at all, Windows-1252 (a superset of Latin-1's printable range).
 * A file that mixes valid multi-byte UTF-8 with invalid bytes is refused
 * with the position of the first bad byte: guessing would garble names.
 *
 * Characters are laid on a fixed grid (10 pt monospace, 12 pt lines, A4) so
 * that later stages can treat text and PDF alike; a form feed starts a page.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/ingest/ingest.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 36.0
#define CHAR_W 6.0
#define LINE_PITCH 12.0
#define GLYPH_H 10.0

/* Windows-1252 0x80..0x9F; 0 where the code page leaves a hole. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Line and column (1-based, in bytes) of offset 'off'. */
static void
position(const unsigned char *p, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (p[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Convert to UTF-8 in 'out'; record the encoding name in the doc. */
static int
decode(struct lak_doc *doc, const unsigned char *p, size_t len,
    struct lak_buf *out, struct lak_error *err)
{
	const char *enc = "utf-8";
	const gchar *bad = NULL;
	size_t i, line, col;
	bool multibyte = false;

	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
	    (p[0] == 0xFE && p[1] == 0xFF))) {
		const char *from = p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		GError *ge = NULL;
		gsize n = 0;
		gchar *s = g_convert((const gchar *)p + 2, (gssize)(len - 2),
		    "UTF-8", from, NULL, &n, &ge);

		if (s == NULL) {
			lak_error_set(err, LAK_EFORMAT, "invalid %s text: %s",
			    from, ge ? ge->message : "conversion failed");
			g_clear_error(&ge);
			return -1;
		}
		lak_buf_add(out, s, n);
		g_free(s);
		doc->meta.encoding = strdup(p[0] == 0xFF ? "utf-16le" :
		    "utf-16be");
		goto check_nul;
	}
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		p += 3;
		len -= 3;
		enc = "utf-8-bom";
	}
	if (memchr(p, '\0', len) != NULL) {
		size_t off = (size_t)((const unsigned char *)memchr(p, '\0',
		    len) - p);

		return lak_error_set(err, LAK_EUNSUPPORTED,
		    "binary file, not text (NUL byte at offset %zu)", off);
	}
	if (g_utf8_validate((const gchar *)p, (gssize)len, &bad)) {
		lak_buf_add(out, p, len);
		doc->meta.encoding = strdup(enc);
		goto check_nul;
	}
	/* Not UTF-8. Any valid multi-byte sequence means "UTF-8, damaged". */
	for (i = 0; i < len; i++) {
		if (p[i] >= 0xC2 && p[i] <= 0xF4 && i + 1 < len) {
			const gchar *end = NULL;
			size_t n = p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;

			if (i + n <= len && g_utf8_validate((const gchar *)p + i,
			    (gssize)n, &end)) {
				multibyte = true;
				break;
			}
		}
	}
	if (multibyte) {
		position(p, (size_t)((const unsigned char *)bad - p), &line,
		    &col);
		return lak_error_set(err, LAK_EFORMAT,
		    "invalid UTF-8 at line %zu, column %zu (the file mixes "
		    "encodings; convert it to UTF-8)", line, col);
	}
	for (i = 0; i < len; i++) {
		unsigned int c = p[i];

		if (c >= 0x80 && c < 0xA0 && cp1252_high[c - 0x80])
			c = cp1252_high[c - 0x80];
		lak_buf_add_utf8(out, c);
	}
	doc->meta.encoding = strdup("windows-1252");
check_nul:
	if (doc->meta.encoding == NULL)
		return lak_error_oom(err);
	if (lak_buf_check(out, err) < 0)
		return -1;
	if (strlen(out->data) != out->len)
		return lak_error_set(err, LAK_EUNSUPPORTED,
		    "binary file, not text (NUL character)");
	return 0;
}

static struct lak_page *
new_page(struct lak_doc *doc, struct lak_error *err)
{
	struct lak_page *pg = lak_doc_add_page(doc, PAGE_W, PAGE_H);

	if (pg == NULL)
		lak_error_oom(err);
	return pg;
}

int
lak_ingest_text(struct lak_doc *doc, const void *data, size_t len,
    struct lak_error *err)
{
	struct lak_buf utf8;
	struct lak_page *pg;
	const char *s, *end;
	long font;
	size_t line = 0, col = 0;
	int ret = -1;

	lak_buf_init(&utf8, len * 3 + 16);
	if ((doc->meta.format = strdup("text")) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if (decode(doc, data, len, &utf8, err) < 0)
		goto out;
	if ((font = lak_doc_font(doc, "monospace")) < 0 ||
	    (pg = new_page(doc, err)) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	s = utf8.data;
	end = utf8.data + utf8.len;
	while (s < end) {
		gunichar cp = g_utf8_get_char(s);
		struct lak_char c;

		s = g_utf8_next_char(s);
		if (cp == '\r') {
			/* CRLF and lone CR both end a line. */
			if (s < end && *s == '\n')
				continue;
			cp = '\n';
		}
		if (cp == '\f') {
			if ((pg = new_page(doc, err)) == NULL)
				goto out;
			line = col = 0;
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.cp = cp;
		c.font = (uint32_t)font;
		c.size = 10.0f;
		c.box.x0 = (float)(MARGIN + (double)col * CHAR_W);
		c.box.y0 = (float)(MARGIN + (double)line * LINE_PITCH);
		c.box.y1 = c.box.y0 + (float)GLYPH_H;
		if (cp == '\n') {
			c.box.x1 = c.box.x0;
			line++;
			col = 0;
		} else if (cp == '\t') {
			col = (col / 8 + 1) * 8;
			c.box.x1 = (float)(MARGIN + (double)col * CHAR_W);
		} else {
			col++;
			c.box.x1 = c.box.x0 + (float)CHAR_W;
		}
		if (lak_cp_unreliable(cp)) {
			pg->flags |= LAK_PAGE_UNRELIABLE_TEXT;
			pg->nunreliable++;
		}
		if (lak_page_add_char(pg, &c) < 0) {
			lak_error_oom(err);
			goto out;
		}
	}
	ret = 0;
out:
	lak_buf_release(&utf8);
	return ret;
}
