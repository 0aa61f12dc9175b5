/*
 * Verification of released PDFs, and of incoming "blacked out" ones.
 */
#include "lib/base/common.h"

#include <ctype.h>

#include <math.h>

#include <glib.h>
#include <poppler.h>
#include <zlib.h>

#include "lib/base/buf.h"
#include "lib/base/fold.h"
#include "lib/base/pdfstream.h"
#include "lib/ingest/ingest-int.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/ocr-int.h"
#include "lib/pdf/raster-int.h"
#include "lib/pdf/verify.h"

int
lak_findings_add(struct lak_findings *fs, uint32_t page, const char *channel,
    const char *fmt, ...)
{
	struct lak_finding *f;
	va_list ap;

	if (lak_array_grow((void **)&fs->f, &fs->alloc, fs->n,
	    sizeof(*fs->f)) < 0)
		return -1;
	f = &fs->f[fs->n++];
	f->page = page;
	snprintf(f->channel, sizeof(f->channel), "%s", channel);
	va_start(ap, fmt);
	vsnprintf(f->what, sizeof(f->what), fmt, ap);
	va_end(ap);
	return 0;
}

void
lak_findings_release(struct lak_findings *fs)
{
	free(fs->f);
	memset(fs, 0, sizeof(*fs));
}

/* --- raw bytes --------------------------------------------------------- */

/*
 * Names a release never has. The structure tree is allowed (released
 * PDFs are tagged), but not the entries of a structure element that hold
 * text other than a label's /Alt (checked on its own, scan_alts): /T
 * (title), /E (expansion), /A (attributes), /ActualText; nor /Alt inside
 * a stream, where a property list could carry it past that check.
 */
static const char *const forbidden[] = {
	"/Annots", "/AcroForm", "/EmbeddedFiles", "/EmbeddedFile",
	"/FileAttachment", "/JavaScript", "/JS", "/OpenAction", "/AA",
	"/Launch", "/Outlines", "/OCProperties", "/OCGs", "/PageLabels",
	"/ActualText", "/Thumb", "/Encrypt", "/Widget", "/Redact", "/T",
	"/E", "/A", "/ClassMap", "/RoleMap", "/ObjStm",
};
static const char *const forbidden_in_streams[] = { "/Alt" };

static bool
delim(char c)
{
	return c == '\0' || isspace((unsigned char)c) || strchr("()<>[]{}/%",
	    c) != NULL;
}

/* PDF name tokens of the forbidden list in 'len' bytes (with those
 * forbidden in streams when 'stream'). */
static int
scan_names(const char *d, size_t len, const char *where, bool stream,
    struct lak_findings *fs)
{
	for (size_t k = 0; k < LAK_ARRAY_SIZE(forbidden) +
	    (stream ? LAK_ARRAY_SIZE(forbidden_in_streams) : 0); k++) {
		const char *name = k < LAK_ARRAY_SIZE(forbidden) ?
		    forbidden[k] : forbidden_in_streams[k -
		    LAK_ARRAY_SIZE(forbidden)];
		size_t n = strlen(name);
		const char *p = d, *end = d + len;

		while (p < end && (p = memmem(p, (size_t)(end - p),
		    name, n)) != NULL) {
			if (p + n >= end || delim(p[n])) {
				if (lak_findings_add(fs, 0, "structure", "%s %s", where,
				    name) < 0)
					return -1;
				break;
			}
			p += n;
		}
	}
	return 0;
}

static char *
lower_copy(const char *s, size_t n)
{
	char *c = malloc(n + 1);

	if (c == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		c[i] = (char)tolower((unsigned char)s[i]);
	c[n] = '\0';
	return c;
}

/* Secrets (4 bytes or more) in raw bytes, case-insensitively (ASCII). */
static int
scan_secrets(const char *d, size_t len, const char *where,
    const struct lak_verify_opts *o, struct lak_findings *fs)
{
	char *low;
	int ret = 0;

	if (o->nsecrets == 0)
		return 0;
	if ((low = lower_copy(d, len)) == NULL)
		return -1;
	for (size_t i = 0; i < o->nsecrets && ret == 0; i++) {
		size_t n = strlen(o->secrets[i]);
		char *s;

		if (n < 4)
			continue;
		if ((s = lower_copy(o->secrets[i], n)) == NULL) {
			ret = -1;
			break;
		}
		if (memmem(low, len, s, n) != NULL)
			ret = lak_findings_add(fs, 0, "stream", "%s holds the redacted text "
			    "\"%.80s\"", where, o->secrets[i]);
		free(s);
	}
	free(low);
	return ret;
}

/* Raw bytes as a text item of 'raw', for the rules (NULs as blanks). */
static int
raw_item(struct lak_doc *raw, const char *name, const char *d, size_t len)
{
	char *c = malloc(len + 1);
	int r;

	if (c == NULL)
		return -1;
	for (size_t i = 0; i < len; i++)
		c[i] = d[i] ? d[i] : ' ';
	c[len] = '\0';
	r = lak_doc_add_item(raw, LAK_ITEM_ANNOTATION, 0, 0, NULL, name, c,
	    NULL);
	free(c);
	return r;
}

struct stream_scan {
	const struct lak_verify_opts *o;
	struct lak_doc *raw;
	struct lak_findings *fs;
};

static int
scan_stream(const struct lak_pdf_stream *s, void *ctx)
{
	struct stream_scan *sc = ctx;
	char where[48];

	/* pixels are no text: an image's samples are not searched (and
	 * would match by chance) */
	if (s->image)
		return 0;
	snprintf(where, sizeof(where), "stream %u", s->index);
	if (s->flate && s->damaged &&
	    lak_findings_add(sc->fs, 0, "stream", "%s does not inflate "
	    "cleanly", where) < 0)
		return -1;
	if ((s->flate && scan_names(s->data, s->len, where, true,
	    sc->fs) < 0) ||
	    scan_secrets(s->data, s->len, where, sc->o, sc->fs) < 0 ||
	    (sc->raw && raw_item(sc->raw, where, s->data, s->len) < 0))
		return -1;
	return 0;
}

/* Every stream: its bytes, inflated when Flate. */
static int
scan_streams(const char *d, size_t len, const struct lak_verify_opts *o,
    struct lak_doc *raw, struct lak_findings *fs, struct lak_error *err)
{
	struct stream_scan sc = { o, raw, fs };

	if (lak_pdf_streams(d, len, LAK_PDF_MAX_INFLATED, scan_stream, &sc) != 0)
		return lak_error_oom(err);
	return 0;
}

/* A PDF string at 'p' (literal or hex; UTF-16BE with a byte-order mark
 * or PDFDocEncoding taken as Latin-1) as UTF-8, with *endp after its
 * closing delimiter; or NULL. */
static char *
pdf_text_string(const char *p, const char *end, const char **endp)
{
	GByteArray *raw = g_byte_array_new();
	char *out = NULL;

	if (p < end && *p == '<') {
		int hi = -1;

		for (p++; p < end && *p != '>'; p++) {
			int v = g_ascii_xdigit_value(*p);

			if (v < 0) {
				if (!isspace((unsigned char)*p))
					goto out;
				continue;
			}
			if (hi < 0)
				hi = v;
			else {
				guint8 b = (guint8)(hi << 4 | v);

				g_byte_array_append(raw, &b, 1);
				hi = -1;
			}
		}
		if (p == end)
			goto out;
		*endp = p + 1;
	} else if (p < end && *p == '(') {
		int depth = 1;

		for (p++; p < end && depth > 0; p++) {
			guint8 b = (guint8)*p;

			if (*p == '\\' && p + 1 < end) {
				p++;
				b = (guint8)(*p == 'n' ? '\n' : *p == 'r' ? '\r' :
				    *p == 't' ? '\t' : *p);
			} else if (*p == '(')
				depth++;
			else if (*p == ')' && --depth == 0)
				break;
			g_byte_array_append(raw, &b, 1);
		}
		if (depth != 0)
			goto out;
		*endp = p + 1;
	} else
		goto out;
	if (raw->len >= 2 && raw->data[0] == 0xFE && raw->data[1] == 0xFF)
		out = g_convert((const char *)raw->data + 2, raw->len - 2,
		    "UTF-8", "UTF-16BE", NULL, NULL, NULL);
	else
		out = g_convert((const char *)raw->data, raw->len, "UTF-8",
		    "ISO-8859-1", NULL, NULL, NULL);
out:
	g_byte_array_free(raw, TRUE);
	return out;
}

/* The /Alt texts of the structure (a label's spoken form): decoded and
 * checked as any text of the page is, by the secrets and the rules; then
 * blanked in 'd', for the look at the file's other bytes. */
static int
scan_alts(char *d, size_t len, const struct lak_verify_opts *o,
    struct lak_doc *raw, struct lak_findings *fs)
{
	char *p = d, *end = d + len;
	unsigned int n = 0;

	while (p < end && (p = memmem(p, (size_t)(end - p), "/Alt", 4)) !=
	    NULL) {
		char *t, where[48];
		const char *se = NULL;
		int r = 0;

		p += 4;
		if (p < end && !delim(*p))
			continue;
		while (p < end && isspace((unsigned char)*p))
			p++;
		snprintf(where, sizeof(where), "/Alt %u", ++n);
		if ((t = pdf_text_string(p, end, &se)) == NULL) {
			if (lak_findings_add(fs, 0, "structure", "%s cannot be "
			    "read as text", where) < 0)
				return -1;
			continue;
		}
		/* the grounds' names are ours, not the document's: a
		 * redacted phrase that is also a ground's name ("persoonlijke
		 * beleidsopvattingen") is no leak there */
		for (size_t g = 0; o->cat != NULL && g < o->cat->n; g++) {
			const char *name = o->cat->g[g].label;
			size_t nl = name ? strlen(name) : 0;
			char *at;

			while (nl > 0 && (at = strstr(t, name)) != NULL)
				memset(at, ' ', nl);
		}
		r = scan_secrets(t, strlen(t), where, o, fs);
		if (r == 0 && raw != NULL)
			r = raw_item(raw, where, t, strlen(t));
		g_free(t);
		if (r < 0)
			return -1;
		/* checked: blank for the look at the file's other bytes */
		memset(p, ' ', (size_t)(se - p));
		p += se - p;
	}
	return 0;
}

/* Forbidden names and secrets in the bytes outside stream bodies (one
 * pass to cut the streams out, then one per name and secret); the stream
 * bodies are scanned one by one, decompressed. */
static int
scan_outside_streams(const char *d, size_t len,
    const struct lak_verify_opts *o, struct lak_doc *raw,
    struct lak_findings *fs)
{
	struct lak_buf b;
	const char *p = d, *end = d + len;
	int ret;

	lak_buf_init(&b, 0);
	while (p < end) {
		const char *s = memmem(p, (size_t)(end - p), "stream", 6);
		const char *e;

		while (s != NULL && s >= d + 3 && memcmp(s - 3, "end", 3) == 0)
			s = memmem(s + 6, (size_t)(end - s - 6), "stream", 6);
		if (s == NULL) {
			lak_buf_add(&b, p, (size_t)(end - p));
			break;
		}
		lak_buf_add(&b, p, (size_t)(s - p));
		if ((e = memmem(s, (size_t)(end - s), "endstream", 9)) == NULL)
			break;
		p = e + 9;
	}
	if (b.failed) {
		lak_buf_release(&b);
		return -1;
	}
	ret = scan_names(b.data, b.len, "file", false, fs);
	/* the /Alt texts on their own (they hold the grounds' names),
	 * blanked there for the look at the rest */
	if (ret == 0)
		ret = scan_alts(b.data, b.len, o, raw, fs);
	if (ret == 0)
		ret = scan_secrets(b.data, b.len, "file", o, fs);
	lak_buf_release(&b);
	return ret;
}

/* --- the text ----------------------------------------------------------- */

/*
 * Text folded for comparing: lower case, no diacritics, every run of
 * blanks one space. Punctuation stays: a redacted "X. Y" is not found in
 * "X, Y".
 */
static char *
loose(const char *s, size_t n)
{
	GString *g = g_string_sized_new(n + 1);
	const char *p = s, *end = s + n;
	bool space = true;

	while (p < end) {
		uint32_t c = lak_utf8_next(&p, end);

		if (c == LAK_UTF8_BAD)
			continue;
		if (g_unichar_isspace(c)) {
			if (!space)
				g_string_append_c(g, ' ');
			space = true;
			continue;
		}
		c = lak_fold_cp(c);
		if (g_unichar_ismark(c))
			continue;
		g_string_append_unichar(g, c);
		space = false;
	}
	if (g->len && g->str[g->len - 1] == ' ')
		g_string_truncate(g, g->len - 1);
	return g_string_free(g, FALSE);
}

static bool
word_byte(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return c >= 0x80 || isalnum(c);
}

/* 'needle' in 'hay' as whole words at its ends. */
static bool
find_loose(const char *hay, const char *needle)
{
	size_t n = strlen(needle), hl = strlen(hay);
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		size_t a = (size_t)(p - hay), b = a + n;

		if ((a == 0 || !word_byte(hay, a - 1) || !word_byte(needle, 0)) &&
		    (b >= hl || !word_byte(hay, b) ||
		    !word_byte(needle, n - 1)))
			return true;
		p++;
	}
	return false;
}

static size_t
alnum_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += word_byte(s, 0);
	return n;
}

static int
check_secrets_in(const char *text, size_t len, uint32_t page,
    const char *channel, char *const *secrets, const char *const *orig,
    size_t ns, struct lak_findings *fs)
{
	char *l = loose(text, len);
	int ret = 0;

	for (size_t i = 0; i < ns && ret == 0; i++)
		if (secrets[i] != NULL && find_loose(l, secrets[i]))
			ret = lak_findings_add(fs, page, channel, "redacted text is "
			    "readable: \"%.80s\"", orig[i]);
	g_free(l);
	return ret;
}

/* The plan's redacted texts in the output's text, items and metadata. */
static int
secret_findings(const struct lak_doc *doc, const struct lak_view *v,
    const struct lak_verify_opts *o, struct lak_findings *fs)
{
	char **sec = calloc(o->nsecrets + 1, sizeof(*sec));
	int ret = 0;

	if (sec == NULL)
		return -1;
	for (size_t i = 0; i < o->nsecrets; i++) {
		bool kept = false;

		for (size_t k = 0; k < o->nkept; k++)
			if (strcmp(o->kept[k], o->secrets[i]) == 0)
				kept = true;
		sec[i] = loose(o->secrets[i], strlen(o->secrets[i]));
		for (size_t k = 0; k < i && !kept; k++)
			if (sec[k] && strcmp(sec[k], sec[i]) == 0)
				kept = true;	/* the same text again */
		/* too short to tell from other words ("P.") */
		if (kept || alnum_count(sec[i]) < 3) {
			g_free(sec[i]);
			sec[i] = NULL;
		}
	}
	for (size_t p = 0; p < v->npages && ret == 0; p++) {
		size_t a = v->off[v->page_view[p]], b = v->off[v->page_view[p +
		    1]];

		ret = check_secrets_in(v->text + a, b - a, (uint32_t)p + 1,
		    "text", sec, o->secrets, o->nsecrets, fs);
	}
	for (size_t i = 0; i < doc->nitems && ret == 0; i++) {
		const struct lak_item *it = &doc->items[i];

		if (it->text)
			ret = check_secrets_in(it->text, strlen(it->text),
			    it->page, lak_item_kind_str(it->kind), sec,
			    o->secrets, o->nsecrets, fs);
		if (ret == 0 && it->name)
			ret = check_secrets_in(it->name, strlen(it->name),
			    it->page, lak_item_kind_str(it->kind), sec,
			    o->secrets, o->nsecrets, fs);
	}
	for (size_t i = 0; lak_meta_text_fields[i] && ret == 0; i++) {
		const char *val = lak_meta_get(&doc->meta,
		    lak_meta_text_fields[i]);

		if (val != NULL)
			ret = check_secrets_in(val, strlen(val), 0,
			    "metadata", sec, o->secrets, o->nsecrets, fs);
	}
	for (size_t i = 0; i < o->nsecrets; i++)
		g_free(sec[i]);
	free(sec);
	return ret;
}

/* Whether text is one of the kept strings (a reviewer's keep). */
static bool
is_kept(const struct lak_verify_opts *o, const char *s, size_t n)
{
	for (size_t i = 0; i < o->nkept; i++)
		if (strlen(o->kept[i]) == n &&
		    g_ascii_strncasecmp(o->kept[i], s, n) == 0)
			return true;
	return false;
}

static int area_findings(const struct lak_doc *doc,
    const struct lak_verify_opts *o, struct lak_findings *out);

/* Run 'rs' over the output: every span is a finding. */
static int
text_findings(const struct lak_doc *doc, const struct lak_view *v,
    const struct lak_ruleset *rs, const char *why,
    const struct lak_verify_opts *o, struct lak_findings *fs,
    struct lak_error *err)
{
	struct lak_redact_opts ro = { .doc_id = o->doc_id,
	    .doc_file = o->doc_file };
	struct lak_plan *plan = NULL;

	if (lak_redact_plan(doc, v, rs, &ro, &plan, err) < 0)
		return -1;
	for (size_t i = 0; i < plan->n; i++) {
		const struct lak_span *s = &plan->spans[i];
		const char *t = "", *chan = "text";
		size_t a = 0, b = 0;

		if (s->kind == LAK_SPAN_TEXT) {
			t = v->text;
			a = v->off[s->start];
			b = v->off[s->end];
		} else if (s->kind == LAK_SPAN_ITEM) {
			t = s->meta ? doc->items[s->item].name :
			    doc->items[s->item].text;
			chan = lak_item_kind_str(doc->items[s->item].kind);
			a = s->start;
			b = s->end;
		} else if (s->kind == LAK_SPAN_META) {
			t = lak_meta_get(&doc->meta, s->meta);
			chan = "metadata";
			a = s->start;
			b = s->end;
		} else {
			continue;
		}
		if (t == NULL || is_kept(o, t + a, b - a))
			continue;
		if (lak_findings_add(fs, s->page, chan, "%s: \"%.*s\" (%s)", why,
		    (int)LAK_MIN(b - a, 80), t + a, s->rules) < 0) {
			lak_plan_free(plan);
			return lak_error_oom(err);
		}
	}
	lak_plan_free(plan);
	return 0;
}

/* The rules and the secrets over the words read in the released pixels. */
static int
pixel_findings(const struct lak_verify_opts *o, struct lak_findings *out,
    struct lak_error *err)
{
	struct lak_view *pv = NULL;
	size_t before = out->n;
	int ret = -1;

	if (lak_normalise(o->pixels, 0, &pv, err) < 0)
		return -1;
	if (o->rs != NULL && text_findings(o->pixels, pv, o->rs, "a rule "
	    "matches in the released pixels", o, out, err) < 0)
		goto out;
	if (o->nsecrets > 0 && secret_findings(o->pixels, pv, o, out) < 0) {
		lak_error_oom(err);
		goto out;
	}
	/* what was read from pixels is said to be so */
	for (size_t i = before; i < out->n; i++)
		snprintf(out->f[i].channel, sizeof(out->f[i].channel),
		    "pixels");
	ret = 0;
out:
	lak_view_free(pv);
	return ret;
}

/* --- the lines of redactions, read again ---------------------------------- */

#define LINES_DPI 200.0

/*
 * The lines of page 'pg' that hold a redaction label ("[5.1.2e]", in the
 * text layer over its black box): a strip the page wide and a line high
 * (and a half) around each, as pixel rectangles at 's'.
 */
static size_t
label_lines(const struct lak_page *pg, double s, struct lak_ocr_rect **out)
{
	size_t n = 0, alloc = 0;

	*out = NULL;
	for (size_t i = 0; i < pg->nchars; i++) {
		struct lak_box b;
		size_t j;
		bool code = true;

		if (pg->chars[i].cp != '[')
			continue;
		b = pg->chars[i].box;
		for (j = i + 1; j < pg->nchars && j < i + 48 &&
		    pg->chars[j].cp != ']' && pg->chars[j].cp != '\n'; j++) {
			uint32_t c = pg->chars[j].cp;

			code &= g_unichar_isalnum(c) || c == '.' || c == ',' ||
			    c == ' ';
			b.x0 = LAK_MIN(b.x0, pg->chars[j].box.x0);
			b.y0 = LAK_MIN(b.y0, pg->chars[j].box.y0);
			b.x1 = LAK_MAX(b.x1, pg->chars[j].box.x1);
			b.y1 = LAK_MAX(b.y1, pg->chars[j].box.y1);
		}
		if (j >= pg->nchars || pg->chars[j].cp != ']' || !code ||
		    j == i + 1 || !(b.x0 > -1e5f && b.x1 < 1e5f &&
		    b.y0 > -1e5f && b.y1 < 1e5f))
			continue;
		b.x1 = LAK_MAX(b.x1, pg->chars[j].box.x1);
		if (lak_array_grow((void **)out, &alloc, n, sizeof(**out)) < 0)
			return n;
		{
			double h = LAK_MAX(b.y1 - b.y0, 6.0);
			struct lak_ocr_rect *r = *out;

			/* the whole line: the label's neighbours may be far */
			r[n].x0 = 0;
			r[n].y0 = (int)floor((b.y0 - h / 2) * s);
			r[n].x1 = (int)ceil(pg->width * s);
			r[n].y1 = (int)ceil((b.y1 + h / 2) * s);
			/* one strip for the labels of one line */
			if (n == 0 || r[n].y0 >= r[n - 1].y1 ||
			    r[n].y1 <= r[n - 1].y0)
				n++;
			else {
				r[n - 1].y0 = LAK_MIN(r[n - 1].y0, r[n].y0);
				r[n - 1].y1 = LAK_MAX(r[n - 1].y1, r[n].y1);
			}
		}
		i = j;
	}
	return n;
}

/*
 * With read_redactions, verify reads the released pixels around every
 * redaction: each line that holds a label is read by OCR (from the page
 * as rendered), so a glyph that a box covers only in part, or text beside
 * it that extraction reads otherwise, shows. The words go to the rules
 * and the secrets like the text. Not by default: on dense releases it
 * costs many times the redaction.
 */
static int
read_redacted_lines(const void *data, size_t len,
    const struct lak_verify_opts *o, const struct lak_doc *doc,
    struct lak_findings *out, struct lak_error *err)
{
	struct lak_error perr = LAK_ERROR_INIT;
	PopplerDocument *pd = lak_pdf_open(data, len, o->password, &perr);
	struct lak_doc *px = lak_doc_new();
	struct lak_verify_opts po = *o;
	double s = LINES_DPI / 72.0;
	int ret = -1;

	if (pd == NULL || px == NULL) {
		ret = pd == NULL ? 0 : lak_error_oom(err);	/* said above */
		goto out;
	}
	for (size_t p = 0; p < doc->npages; p++) {
		const struct lak_page *pg = &doc->pages[p];
		struct lak_page *np = lak_doc_add_page(px, pg->width, pg->height);
		struct lak_ocr_rect *rr = NULL;
		struct lak_ocr_words ws = { 0 };
		size_t n = label_lines(pg, s, &rr);
		int w = (int)ceil(pg->width * s), h = (int)ceil(pg->height * s);
		unsigned char *g = NULL;
		bool sure = false;
		int rc = 0;

		if (np == NULL) {
			free(rr);
			lak_error_oom(err);
			goto out;
		}
		if (n == 0 || (double)w * h > 60e6) {
			free(rr);
			continue;
		}
		g = lak_paint_page_grey(pd, doc, p, s, w, h);
		if (g == NULL)
			rc = lak_error_oom(err);
		else if (lak_ocr_grey(g, w, h, w, LINES_DPI, 0, 0, rr, n, &ws,
		    err) < 0)
			rc = -1;
		else if (lak_ink_add_words(px, np, &ws, &sure) < 0)
			rc = lak_error_oom(err);
		lak_ocr_words_release(&ws);
		free(rr);
		free(g);
		if (rc < 0) {
			if (err->code == LAK_EUNSUPPORTED) {
				lak_error_clear(err);	/* no Tesseract: the
							 * rest was checked */
				ret = 0;
			} else {
				lak_error_prefix(err, "page %zu: ", p + 1);
			}
			goto out;
		}
	}
	po.pixels = px;
	ret = pixel_findings(&po, out, err);
out:
	if (pd != NULL)
		g_object_unref(pd);
	lak_doc_free(px);
	return ret;
}

void
lak_findings_prefix(struct lak_findings *fs, size_t from, const char *name)
{
	size_t l = strlen(name);

	for (size_t k = from; k < fs->n; k++) {
		char w[sizeof(fs->f[k].what)];

		if (l + 2 >= sizeof(w))
			continue;
		memcpy(w, name, l);
		memcpy(w + l, ": ", 2);
		memcpy(w + l + 2, fs->f[k].what, sizeof(w) - l - 2);
		w[sizeof(w) - 1] = '\0';
		memcpy(fs->f[k].what, w, sizeof(w));
	}
}

int
lak_verify_text_file(const void *data, size_t len, const char *name,
    const struct lak_verify_opts *o, struct lak_findings *out,
    struct lak_error *err)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_error ierr = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	size_t before = out->n;
	int ret = -1;

	io.probe_dpi = 0;
	if (lak_ingest_bytes(name, data, len, &io, &doc, &ierr) < 0) {
		ret = lak_findings_add(out, 0, "structure", "does not open: %s",
		    ierr.msg) < 0 ? lak_error_oom(err) : 0;
		goto out;
	}
	if (lak_normalise(doc, 0, &v, err) < 0)
		goto out;
	if (o->rs != NULL && text_findings(doc, v, o->rs, "a rule matches",
	    o, out, err) < 0)
		goto out;
	if (o->nsecrets > 0 && secret_findings(doc, v, o, out) < 0) {
		lak_error_oom(err);
		goto out;
	}
	ret = 0;
out:
	lak_findings_prefix(out, before, name);
	lak_view_free(v);
	lak_doc_free(doc);
	return ret;
}

int
lak_verify_pdf(const void *data, size_t len, const struct lak_verify_opts *o,
    struct lak_findings *out, struct lak_error *err)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_error ierr = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_doc *raw = NULL;
	size_t n;
	int ret = -1;

	/* one revision, whole */
	if ((n = lak_mem_count(data, len, "startxref")) != 1 &&
	    lak_findings_add(out, 0, "structure", "%zu startxref (incremental updates "
	    "keep old versions)", n) < 0)
		return lak_error_oom(err);
	if ((n = lak_mem_count(data, len, "%%EOF")) != 1 &&
	    lak_findings_add(out, 0, "structure", "%zu %%%%EOF markers", n) < 0)
		return lak_error_oom(err);
	if (o->rs != NULL && ((raw = lak_doc_new()) == NULL ||
	    (raw->meta.format = strdup("raw")) == NULL)) {
		lak_doc_free(raw);
		return lak_error_oom(err);
	}
	if (scan_outside_streams(data, len, o, raw, out) < 0) {
		lak_doc_free(raw);
		return lak_error_oom(err);
	}
	if (scan_streams(data, len, o, raw, out, err) < 0) {
		lak_doc_free(raw);
		return -1;
	}
	/* the rules over the raw bytes of every stream, decompressed (not
	 * the detectors: hex and numbers would pass them by chance) */
	if (raw != NULL) {
		struct lak_redact_opts ro = { .no_detectors = true,
		    .doc_id = o->doc_id, .doc_file = o->doc_file };
		struct lak_view *rv = NULL;
		struct lak_plan *rp = NULL;
		int r = lak_normalise(raw, 0, &rv, err);

		if (r == 0)
			r = lak_redact_plan(raw, rv, o->rs, &ro, &rp, err);
		for (size_t i = 0; r == 0 && i < rp->n; i++) {
			const struct lak_span *sp = &rp->spans[i];
			const struct lak_item *it;

			if (sp->kind != LAK_SPAN_ITEM)
				continue;
			it = &raw->items[sp->item];
			if (is_kept(o, it->text + sp->start, sp->end -
			    sp->start))
				continue;
			if (lak_findings_add(out, 0, "stream", "a rule matches in %s: "
			    "\"%.*s\" (%s)", it->name,
			    (int)LAK_MIN(sp->end - sp->start, 80),
			    it->text + sp->start, sp->rules) < 0)
				r = lak_error_oom(err);
		}
		lak_plan_free(rp);
		lak_view_free(rv);
		lak_doc_free(raw);
		if (r < 0)
			return -1;
	}

	/* it opens, with every layer on */
	io.password = o->password;
	io.probe_dpi = 0;
	io.ocr = o->pixels == NULL;
	if (lak_ingest_bytes("output.pdf", data, len, &io, &doc, &ierr) < 0) {
		ret = lak_findings_add(out, 0, "structure", "does not open: %s",
		    ierr.msg) < 0 ? lak_error_oom(err) : 0;
		goto out;
	}
	if (o->expect_pages && doc->npages != o->expect_pages &&
	    lak_findings_add(out, 0, "structure", "%zu pages, expected %u",
	    doc->npages, o->expect_pages) < 0)
		goto oom;
	for (size_t i = 0; i < doc->nitems; i++) {
		const struct lak_item *it = &doc->items[i];

		/* our own XMP is allowed, its bytes were scanned above; and
		 * scripts were looked for above, name by name */
		if (it->kind == LAK_ITEM_XMP || it->kind == LAK_ITEM_SCRIPT)
			continue;
		if (lak_findings_add(out, it->page, lak_item_kind_str(it->kind), "a %s is "
		    "present%s%.80s", lak_item_kind_str(it->kind),
		    it->text ? ": " : "", it->text ? it->text : "") < 0)
			goto oom;
	}
	if (doc->meta.revisions > 1 && lak_findings_add(out, 0, "structure", "%u "
	    "revisions", doc->meta.revisions) < 0)
		goto oom;
	if (lak_normalise(doc, 0, &v, err) < 0)
		goto out;
	if (o->rs != NULL && text_findings(doc, v, o->rs, "a rule matches",
	    o, out, err) < 0)
		goto out;
	if (o->nsecrets > 0 && secret_findings(doc, v, o, out) < 0)
		goto oom;
	if (o->nareas > 0 && area_findings(doc, o, out) < 0)
		goto oom;
	if (o->pixels != NULL && o->pixels->npages > 0 &&
	    pixel_findings(o, out, err) < 0)
		goto out;
	if (o->read_redactions && o->pixels == NULL && (o->rs != NULL ||
	    o->nsecrets > 0) && read_redacted_lines(data, len, o, doc, out,
	    err) < 0)
		goto out;
	ret = 0;
	goto out;
oom:
	lak_error_oom(err);
out:
	lak_view_free(v);
	lak_doc_free(doc);
	return ret;
}

int
lak_verify_plan_areas(const struct lak_plan *plan,
    struct lak_verify_area **out, size_t *n)
{
	*n = 0;
	if ((*out = calloc(plan->n + 1, sizeof(**out))) == NULL)
		return -1;
	for (size_t i = 0; i < plan->n; i++)
		if (plan->spans[i].kind == LAK_SPAN_AREA &&
		    plan->spans[i].decision == LAK_DECISION_REDACT) {
			(*out)[*n].page = plan->spans[i].page;
			(*out)[*n].box = plan->spans[i].area;
			(*n)++;
		}
	return 0;
}

/* Text inside a reviewer's box on the released page, other than its
 * label ("[5.1.2e]"): a finding. */
static int
area_findings(const struct lak_doc *doc, const struct lak_verify_opts *o,
    struct lak_findings *out)
{
	for (size_t a = 0; a < o->nareas; a++) {
		const struct lak_verify_area *ar = &o->areas[a];
		const struct lak_page *pg;
		GString *in = g_string_new(NULL);
		bool label = false, text = false;

		if (ar->page == 0 || ar->page > doc->npages) {
			g_string_free(in, TRUE);
			continue;
		}
		pg = &doc->pages[ar->page - 1];
		for (size_t i = 0; i < pg->nchars; i++) {
			const struct lak_box *b = &pg->chars[i].box;
			float mx = (b->x0 + b->x1) / 2, my = (b->y0 + b->y1) / 2;
			gunichar cp = pg->chars[i].cp;

			if (mx < ar->box.x0 || mx > ar->box.x1 ||
			    my < ar->box.y0 || my > ar->box.y1)
				continue;
			/* a label is bracketed: what is inside the brackets
			 * is the label's */
			if (cp == '[')
				label = true;
			else if (cp == ']')
				label = false;
			else if (!label && g_unichar_isalnum(cp))
				text = true;
			if (in->len < 120)
				g_string_append_unichar(in, cp);
		}
		if (text && lak_findings_add(out, ar->page, "text", "text "
		    "inside a redacted area (%.1f %.1f %.1f %.1f): \"%s\"",
		    ar->box.x0, ar->box.y0, ar->box.x1, ar->box.y1,
		    in->str) < 0) {
			g_string_free(in, TRUE);
			return -1;
		}
		g_string_free(in, TRUE);
	}
	return 0;
}

int
lak_verify_incoming(const struct lak_doc *doc, struct lak_findings *out,
    struct lak_error *err)
{
	for (size_t p = 0; p < doc->npages; p++) {
		const struct lak_page *pg = &doc->pages[p];
		GString *run = g_string_new(NULL);
		size_t covered = 0, alnum = 0;

		if (!(pg->flags & LAK_PAGE_PROBED)) {
			g_string_free(run, TRUE);
			continue;
		}
		for (size_t i = 0; i <= pg->nchars; i++) {
			/* covered, or drawn without ink where it stands
			 * (white-out, clipped away, render mode 3) */
			bool c = i < pg->nchars &&
			    (pg->chars[i].flags & (LAK_CHAR_COVERED |
			    LAK_CHAR_INVISIBLE));

			if (c) {
				covered++;
				alnum += g_unichar_isalnum(pg->chars[i].cp);
				if (run->len < 120) {
					char u[8];
					int n = g_unichar_to_utf8(
					    pg->chars[i].cp, u);

					g_string_append_len(run, u, n);
				}
			} else if (run->len > 0 && (i == pg->nchars ||
			    pg->chars[i].cp == '\n' ||
			    !g_unichar_isspace(pg->chars[i].cp))) {
				/* a stray letter or a row of underscores hides
				 * nothing; three letters or digits may */
				if (alnum < 3) {
					g_string_truncate(run, 0);
					alnum = 0;
					continue;
				}
				alnum = 0;
				if (lak_findings_add(out, (uint32_t)p + 1, "text", "text "
				    "under a flat dark box or a picture, under "
				    "a white fill, clipped away or drawn "
				    "invisibly (a redaction that removed "
				    "nothing): \"%s\"", run->str) < 0) {
					g_string_free(run, TRUE);
					return lak_error_oom(err);
				}
				g_string_truncate(run, 0);
			} else if (run->len > 0 && i < pg->nchars) {
				g_string_append_c(run, ' ');
			}
		}
		(void)covered;
		g_string_free(run, TRUE);
	}
	for (size_t i = 0; i < doc->nitems; i++) {
		const struct lak_item *it = &doc->items[i];

		if (it->kind == LAK_ITEM_ANNOTATION && it->subtype &&
		    strcmp(it->subtype, "redact") == 0 &&
		    lak_findings_add(out, it->page, "annotation", "a Redact annotation "
		    "that was never applied: the text under it is still in "
		    "the file") < 0)
			return lak_error_oom(err);
	}
	return 0;
}
