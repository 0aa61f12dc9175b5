/*
 * Ingest stage, e-mail (RFC 5322 / MIME, an .eml file), through GMime:
 * transfer encodings, charsets and encoded words are GMime's work. The
 * message is laid out for print (print-int.h): a header block (Van, Aan,
 * Cc, Datum, Onderwerp, Bijlagen) and the body, the plain part of a
 * multipart/alternative or else the text of the HTML part, quoted replies
 * marked, inline pictures in place. Transport headers (Received,
 * Message-ID, ...) and Bcc are not printed: they are not released.
 *
 * Attachments (and forwarded messages) become parts of the document, to
 * be released as documents of their own in the same family. The names and
 * addresses of the people the message is from and to are listed in
 * doc->people: personal data wherever the family mentions them.
 */
#include "lib/base/common.h"

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>

#include "lib/base/buf.h"
#include "lib/base/digest.h"
#include "lib/base/fsutil.h"
#include "lib/base/zip.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/print-int.h"

#define MAX_DEPTH 32
#define MAX_PARTS 1000
#define TEXT_SIZE 10.0
/* A file in an attached zip inflates to at most this (a zip bomb stops
 * there, not at the 1 GB a document may be). */
#define ZIP_ENTRY_CAP ((size_t)256 << 20)

struct mail {
	struct lak_doc *doc;
	const struct lak_ingest_opts *opts;
	struct lak_buf body;
	GPtrArray *pictures;	/* struct lak_picture ** (arrays), n each */
	GArray *npictures;
	size_t nparts;
	struct lak_error *err;
};

static gpointer
init_once(gpointer arg)
{
	(void)arg;
	g_mime_init();
	return NULL;
}

static void
gmime_ready(void)
{
	static GOnce once = G_ONCE_INIT;

	g_once(&once, init_once, NULL);
}

/* --- is it a message? ----------------------------------------------------- */

static bool
known_header(const char *s, size_t n)
{
	static const char *const names[] = {
		"from", "to", "cc", "subject", "date", "message-id",
		"mime-version", "received", "return-path", "reply-to",
		"content-type", "sender", "x-mailer", "delivered-to",
	};

	for (size_t i = 0; i < LAK_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && g_ascii_strncasecmp(s, names[i],
		    n) == 0)
			return true;
	return false;
}

bool
lak_ingest_looks_like_mail(const void *data, size_t len)
{
	const char *p = data, *end = p + LAK_MIN(len, (size_t)65536);
	unsigned int known = 0, lines = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *c;

		if (e > p && e[-1] == '\r')
			e--;
		if (e == p)	/* the blank line after the headers */
			return lines > 0 && known >= 2;
		if (*p == ' ' || *p == '\t') {
			if (lines == 0)
				return false;
		} else {
			for (c = p; c < e && *c != ':'; c++)
				if (!(*c > 32 && *c < 127))
					return false;
			if (c == e || c == p)
				return false;
			known += known_header(p, (size_t)(c - p));
			lines++;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return lines > 0 && known >= 2;
}

/* --- HTML as text --------------------------------------------------------- */

static bool
is_block(const char *n)
{
	static const char *const blocks[] = {
		"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
		"h6", "table", "ul", "ol", "pre", "hr", "blockquote", "dt",
		"dd", "address", "section", "article", "header", "footer",
	};

	for (size_t i = 0; i < LAK_ARRAY_SIZE(blocks); i++)
		if (g_ascii_strcasecmp(n, blocks[i]) == 0)
			return true;
	return false;
}

struct html_text {
	struct lak_buf *out;
	int quote;		/* blockquote depth */
	bool line_start;
	bool space;		/* a space is pending */
};

static void
html_newline(struct html_text *h)
{
	if (!h->line_start)
		lak_buf_addc(h->out, '\n');
	h->line_start = true;
	h->space = false;
}

static void
html_add(struct html_text *h, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			h->space = !h->line_start;
			continue;
		}
		if (h->line_start) {
			for (int q = 0; q < h->quote; q++)
				lak_buf_adds(h->out, "> ");
			h->line_start = false;
		} else if (h->space) {
			lak_buf_addc(h->out, ' ');
		}
		h->space = false;
		lak_buf_addc(h->out, (char)c);
	}
}

static void
html_walk(struct html_text *h, xmlNodePtr n, int depth)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				html_add(h, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || n->name == NULL)
			continue;
		{
			const char *name = (const char *)n->name;
			bool block = is_block(name);
			bool quote = g_ascii_strcasecmp(name, "blockquote") == 0;
			xmlChar *href = NULL;

			if (g_ascii_strcasecmp(name, "script") == 0 ||
			    g_ascii_strcasecmp(name, "style") == 0 ||
			    g_ascii_strcasecmp(name, "head") == 0 ||
			    g_ascii_strcasecmp(name, "title") == 0)
				continue;
			if (block)
				html_newline(h);
			if (quote)
				h->quote++;
			if (g_ascii_strcasecmp(name, "img") == 0) {
				xmlChar *alt = xmlGetProp(n, BAD_CAST "alt");

				if (alt != NULL && *alt) {
					html_add(h, "[afbeelding: ");
					html_add(h, (const char *)alt);
					html_add(h, "]");
				}
				xmlFree(alt);
			}
			if (depth < 200)
				html_walk(h, n->children, depth + 1);
			/* a link's target, where it says more than its text */
			if (g_ascii_strcasecmp(name, "a") == 0 &&
			    (href = xmlGetProp(n, BAD_CAST "href")) != NULL) {
				const char *t = (const char *)href;

				if (g_str_has_prefix(t, "mailto:"))
					t += 7;
				if (*t && *t != '#') {
					xmlChar *txt = xmlNodeGetContent(n);

					if (txt == NULL || strstr((const char *)
					    txt, t) == NULL) {
						html_add(h, " <");
						html_add(h, t);
						html_add(h, ">");
					}
					xmlFree(txt);
				}
				xmlFree(href);
			}
			if (quote)
				h->quote--;
			if (block)
				html_newline(h);
		}
	}
}

static int
html_to_text(const char *html, struct lak_buf *out)
{
	htmlDocPtr d = htmlReadMemory(html, (int)LAK_MIN(strlen(html),
	    (size_t)INT_MAX), NULL, "UTF-8", HTML_PARSE_RECOVER |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	struct html_text h = { out, 0, true, false };

	if (d == NULL)
		return 0;
	html_walk(&h, xmlDocGetRootElement(d), 0);
	xmlFreeDoc(d);
	return 0;
}

/* --- the parts ------------------------------------------------------------- */

static int
part_bytes(GMimeObject *o, GByteArray **out)
{
	GMimeStream *mem = g_mime_stream_mem_new();

	if (GMIME_IS_PART(o)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));

		if (w != NULL)
			g_mime_data_wrapper_write_to_stream(w, mem);
	} else {
		g_mime_object_write_to_stream(o, NULL, mem);
	}
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	*out = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_object_unref(mem);
	return 0;
}

/* The files of a zip attached to the message, as attachments "ZIP/FILE". */
struct unz {
	struct mail *m;
	const char *zip;
	struct lak_doc *tmp;	/* the files, until all are read */
};

static bool
unz_want(const char *name, void *ctx)
{
	size_t n = strlen(name);

	(void)ctx;
	return n > 0 && name[n - 1] != '/';	/* not a folder */
}

static int
unz_got(const char *name, const char *data, size_t len, void *ctx)
{
	struct unz *u = ctx;
	char *full;
	int r;

	if (u->tmp->nparts + u->m->nparts >= MAX_PARTS)
		return lak_error_set(u->m->err, LAK_ELIMIT, "the message has "
		    "more than %d attachments", MAX_PARTS);
	full = g_strdup_printf("%s/%s", u->zip, name);
	r = lak_doc_add_part(u->tmp, full, "", data, len);
	g_free(full);
	return r < 0 ? lak_error_oom(u->m->err) : 0;
}

/* 0 when the files went in, 1 when the zip is to go as itself, -1 on a
 * failure of the message (out of memory, too many attachments). */
static int
unzip_parts(struct mail *m, const char *zip, const void *data, size_t len)
{
	struct unz u = { m, zip, lak_doc_new() };
	struct lak_error e = LAK_ERROR_INIT;
	int r;

	if (u.tmp == NULL)
		return lak_error_oom(m->err);
	r = lak_unzip(data, len, unz_want, unz_got, &u,
	    LAK_MIN(m->opts->max_bytes, ZIP_ENTRY_CAP), &e);
	if (r < 0 && m->err->code != LAK_OK) {
		lak_doc_free(u.tmp);
		return -1;
	}
	if (r < 0 || u.tmp->nparts == 0) {
		lak_error_clear(&e);
		lak_doc_free(u.tmp);
		return 1;
	}
	for (size_t i = 0; i < u.tmp->nparts; i++) {
		struct lak_part *p = &u.tmp->parts[i];

		if (lak_doc_add_part(m->doc, p->name, "", p->data, p->len) < 0) {
			lak_doc_free(u.tmp);
			return lak_error_oom(m->err);
		}
		m->nparts++;
	}
	lak_doc_free(u.tmp);
	return 0;
}

static int
add_attachment(struct mail *m, GMimeObject *o, const char *name)
{
	GByteArray *ba = NULL;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char fallback[64];
	int r;

	if (m->nparts >= MAX_PARTS)
		return lak_error_set(m->err, LAK_ELIMIT, "the message has more "
		    "than %d attachments", MAX_PARTS);
	if (name == NULL || *name == '\0') {
		snprintf(fallback, sizeof(fallback), "bijlage-%zu%s",
		    m->nparts + 1, GMIME_IS_MESSAGE_PART(o) ? ".eml" : "");
		name = fallback;
	}
	part_bytes(o, &ba);
	/* a .zip (not an Office file, which is one too): its files are the
	 * attachments; one that cannot be unpacked (damaged, a zip bomb)
	 * goes as itself, to fail as a member with its reason */
	if (ba != NULL && ba->len >= 4 && memcmp(ba->data, "PK\3\4", 4) ==
	    0 && lak_office_kind(name, ba->data, ba->len) < 0) {
		int z = unzip_parts(m, name, ba->data, ba->len);

		if (z <= 0) {
			g_byte_array_free(ba, TRUE);
			g_free(type);
			return z;
		}
	}
	r = lak_doc_add_part(m->doc, name, type ? type : "", ba ? ba->data :
	    NULL, ba ? ba->len : 0);
	if (ba)
		g_byte_array_free(ba, TRUE);
	g_free(type);
	if (r < 0)
		return lak_error_oom(m->err);
	m->nparts++;
	return 0;
}

static int
add_text(struct mail *m, GMimeObject *o, bool html)
{
	char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(o));

	if (t == NULL)
		return 0;
	if (m->body.len > 0)
		lak_buf_adds(&m->body, "\n\n");
	if (html)
		html_to_text(t, &m->body);
	else
		lak_buf_adds(&m->body, t);
	g_free(t);
	return 0;
}

static bool
is_type(GMimeObject *o, const char *type, const char *sub)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);

	return ct != NULL && g_mime_content_type_is_type(ct, type, sub);
}

static int walk(struct mail *m, GMimeObject *o, int depth);

/* multipart/alternative: the plain part, else HTML, else the first */
static int
walk_alternative(struct mail *m, GMimeMultipart *mp, int depth)
{
	int n = g_mime_multipart_get_count(mp);
	GMimeObject *pick = NULL;

	for (int i = 0; i < n && pick == NULL; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);

		if (GMIME_IS_TEXT_PART(c) && is_type(c, "text", "plain"))
			pick = c;
	}
	for (int i = 0; i < n && pick == NULL; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);

		if (is_type(c, "text", "html") || GMIME_IS_MULTIPART(c))
			pick = c;
	}
	if (pick == NULL && n > 0)
		pick = g_mime_multipart_get_part(mp, 0);
	return pick ? walk(m, pick, depth + 1) : 0;
}

static int
walk(struct mail *m, GMimeObject *o, int depth)
{
	if (depth > MAX_DEPTH)
		return lak_error_set(m->err, LAK_ELIMIT, "the message nests "
		    "parts more than %d deep", MAX_DEPTH);
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);

		if (is_type(o, "multipart", "alternative"))
			return walk_alternative(m, mp, depth);
		for (int i = 0; i < g_mime_multipart_get_count(mp); i++)
			if (walk(m, g_mime_multipart_get_part(mp, i),
			    depth + 1) < 0)
				return -1;
		return 0;
	}
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *in = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(o));
		const char *subj = in ? g_mime_message_get_subject(in) : NULL;
		char *name = subj && *subj ? g_strdup_printf("%s.eml", subj) :
		    NULL;
		int r;

		if (name != NULL)	/* no folder separators in a name */
			g_strdelimit(name, "/\\", '_');
		if (in != NULL)
			r = add_attachment(m, GMIME_OBJECT(in), name);
		else
			r = add_attachment(m, o, name);
		g_free(name);
		return r;
	}
	if (GMIME_IS_PART(o)) {
		GMimePart *p = GMIME_PART(o);
		GMimeContentDisposition *cd =
		    g_mime_object_get_content_disposition(o);
		bool attached = cd != NULL &&
		    g_mime_content_disposition_is_attachment(cd);
		const char *fname = g_mime_part_get_filename(p);

		if (!attached && GMIME_IS_TEXT_PART(o) &&
		    (is_type(o, "text", "plain") || is_type(o, "text", "html")))
			return add_text(m, o, is_type(o, "text", "html"));
		if (!attached && is_type(o, "image", "*")) {
			GByteArray *ba = NULL;
			struct lak_picture **pics = NULL;
			size_t n = 0;
			struct lak_error e = LAK_ERROR_INIT;

			part_bytes(o, &ba);
			if (ba != NULL && lak_pictures_read(ba->data, ba->len,
			    m->opts->ocr_max_pixels, &pics, &n, &e) == 0) {
				g_ptr_array_add(m->pictures, pics);
				g_array_append_val(m->npictures, n);
				g_byte_array_free(ba, TRUE);
				return 0;
			}
			if (ba)
				g_byte_array_free(ba, TRUE);
			lak_error_clear(&e);
			/* a picture that cannot be shown inline goes out as an
			 * attachment of its own, to be read or refused there */
		}
		return add_attachment(m, o, fname);
	}
	return 0;
}

/* --- the thread ----------------------------------------------------------- */

/* The first Message-ID of the thread 'msg' is in: the first of its
 * References, else its In-Reply-To, else its own (RFC 5322 3.6.4). */
static int
set_thread(struct lak_doc *doc, GMimeMessage *msg, struct lak_error *err)
{
	static const char *const heads[] = { "References", "In-Reply-To" };
	char hex[LAK_SHA256_HEX_LEN + 1];
	char *root = NULL;

	for (size_t i = 0; i < LAK_ARRAY_SIZE(heads) && root == NULL; i++) {
		const char *v = g_mime_object_get_header(GMIME_OBJECT(msg),
		    heads[i]);
		GMimeReferences *refs = v ? g_mime_references_parse(NULL, v) :
		    NULL;

		if (refs != NULL && g_mime_references_length(refs) > 0)
			root = g_strdup(g_mime_references_get_message_id(refs,
			    0));
		if (refs != NULL)
			g_mime_references_free(refs);
	}
	if (root == NULL && g_mime_message_get_message_id(msg) != NULL)
		root = g_strdup(g_mime_message_get_message_id(msg));
	if (root == NULL || root[0] == '\0') {
		g_free(root);
		return 0;
	}
	lak_sha256_hex(root, strlen(root), hex);
	g_free(root);
	free(doc->meta.thread);
	if ((doc->meta.thread = malloc(18)) == NULL)
		return lak_error_oom(err);
	snprintf(doc->meta.thread, 18, "T%.16s", hex);
	return 0;
}

/* --- people and the header block ------------------------------------------ */

static bool
has_letter(const char *s)
{
	for (; s && *s; s = g_utf8_next_char(s))
		if (g_unichar_isalpha(g_utf8_get_char(s)))
			return true;
	return false;
}

static int
add_people(struct mail *m, InternetAddressList *l, int depth)
{
	int n = l ? internet_address_list_length(l) : 0;

	for (int i = 0; i < n && depth < 8; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		const char *name = internet_address_get_name(ia);

		if (name != NULL && has_letter(name) && g_utf8_strlen(name,
		    -1) <= 200 && lak_doc_add_person(m->doc, name) < 0)
			return lak_error_oom(m->err);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			const char *a = internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(ia));

			if (a != NULL && has_letter(a) && strlen(a) <= 320 &&
			    lak_doc_add_person(m->doc, a) < 0)
				return lak_error_oom(m->err);
		} else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			if (add_people(m, internet_address_group_get_members(
			    INTERNET_ADDRESS_GROUP(ia)), depth + 1) < 0)
				return -1;
		}
	}
	return 0;
}

static void
header_line(struct lak_buf *b, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	lak_buf_addf(b, "%s: %s\n", label, value);
}

static char *
date_nl(GDateTime *dt)
{
	static const char *const months[] = {
		"januari", "februari", "maart", "april", "mei", "juni", "juli",
		"augustus", "september", "oktober", "november", "december",
	};
	int mo;

	if (dt == NULL)
		return NULL;
	mo = g_date_time_get_month(dt);
	if (mo < 1 || mo > 12)
		return NULL;
	return g_strdup_printf("%d %s %d, %02d:%02d", g_date_time_get_day_of_month(
	    dt), months[mo - 1], g_date_time_get_year(dt),
	    g_date_time_get_hour(dt), g_date_time_get_minute(dt));
}

static char *
addresses(GMimeMessage *msg, GMimeAddressType t)
{
	InternetAddressList *l = g_mime_message_get_addresses(msg, t);

	if (l == NULL || internet_address_list_length(l) == 0)
		return NULL;
	return internet_address_list_to_string(l, NULL, FALSE);
}

/* Controls other than line ends and tabs draw nothing a reader can see:
 * out, and line ends made one kind. */
static void
clean_text(struct lak_buf *b)
{
	size_t o = 0;

	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		if (c == '\r') {
			if (i + 1 < b->len && b->data[i + 1] == '\n')
				continue;
			c = '\n';
		}
		if (c < 0x20 && c != '\n' && c != '\t')
			continue;
		b->data[o++] = (char)c;
	}
	b->len = o;
	if (b->data)
		b->data[o] = '\0';
}

static int read_mime(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, bool layout, struct lak_error *err);

/* An Outlook .msg is read as the MIME message made from it. */
static int
read_mail(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, bool layout, struct lak_error *err)
{
	char *mime = NULL;
	size_t mlen = 0;
	int r;

	if (!lak_ingest_is_msg(doc->meta.source ? doc->meta.source : "",
	    data, len))
		return read_mime(doc, data, len, opts, layout, err);
	if (lak_msg_to_mime(data, len, &mime, &mlen, err) < 0)
		return -1;
	r = read_mime(doc, mime, mlen, opts, layout, err);
	free(mime);
	return r;
}

static int
read_mime(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, bool layout, struct lak_error *err)
{
	struct mail m = { doc, opts, { 0 }, NULL, NULL, 0, err };
	GMimeStream *st = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	struct lak_print *p = NULL;
	struct lak_buf head, pdf;
	char *s, *valid;
	int ret = -1;

	gmime_ready();
	lak_buf_init(&m.body, 0);
	lak_buf_init(&head, 0);
	lak_buf_init(&pdf, 0);
	m.pictures = g_ptr_array_new();
	m.npictures = g_array_new(FALSE, FALSE, sizeof(size_t));
	st = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(st);
	msg = g_mime_parser_construct_message(parser, NULL);
	if (msg == NULL || (g_mime_message_get_from(msg) == NULL &&
	    g_mime_message_get_subject(msg) == NULL &&
	    g_mime_message_get_mime_part(msg) == NULL)) {
		lak_error_set(err, LAK_EFORMAT, "not a MIME e-mail message "
		    "(no headers GMime can read)");
		goto out;
	}
	for (int t = GMIME_ADDRESS_TYPE_SENDER; t <= GMIME_ADDRESS_TYPE_BCC;
	    t++)
		if (add_people(&m, g_mime_message_get_addresses(msg,
		    (GMimeAddressType)t), 0) < 0)
			goto out;
	if ((g_mime_message_get_mime_part(msg) != NULL &&
	    walk(&m, g_mime_message_get_mime_part(msg), 0) < 0) ||
	    set_thread(doc, msg, err) < 0)
		goto out;
	if (!layout) {
		ret = 0;
		goto out;
	}

	/* the header block: who, when, what, with what */
	if ((s = addresses(msg, GMIME_ADDRESS_TYPE_FROM)) != NULL) {
		header_line(&head, "Van", s);
		g_free(s);
	}
	if ((s = addresses(msg, GMIME_ADDRESS_TYPE_TO)) != NULL) {
		header_line(&head, "Aan", s);
		g_free(s);
	}
	if ((s = addresses(msg, GMIME_ADDRESS_TYPE_CC)) != NULL) {
		header_line(&head, "Cc", s);
		g_free(s);
	}
	if ((s = date_nl(g_mime_message_get_date(msg))) != NULL) {
		header_line(&head, "Datum", s);
		g_free(s);
	}
	header_line(&head, "Onderwerp", g_mime_message_get_subject(msg));
	if (doc->nparts > 0) {
		lak_buf_adds(&head, "Bijlagen: ");
		for (size_t i = 0; i < doc->nparts; i++)
			lak_buf_addf(&head, "%s%s", i ? ", " : "",
			    doc->parts[i].name);
		lak_buf_addc(&head, '\n');
	}
	if (lak_buf_check(&head, err) < 0 || lak_buf_check(&m.body, err) < 0)
		goto out;
	clean_text(&head);
	clean_text(&m.body);

	if ((p = lak_print_new(g_mime_message_get_subject(msg))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if ((valid = lak_utf8_dup_valid(head.data ? head.data : "")) == NULL ||
	    lak_print_text(p, valid, TEXT_SIZE, false) < 0) {
		free(valid);
		lak_error_set(err, LAK_EFORMAT, "the header block cannot be "
		    "laid out");
		goto out;
	}
	free(valid);
	lak_print_rule(p);
	if ((valid = lak_utf8_dup_valid(m.body.data ? m.body.data : "")) ==
	    NULL || lak_print_text(p, valid, TEXT_SIZE, false) < 0) {
		free(valid);
		lak_error_set(err, LAK_EFORMAT, "the body cannot be laid out");
		goto out;
	}
	free(valid);
	for (guint i = 0; i < m.pictures->len; i++) {
		struct lak_picture **pics = g_ptr_array_index(m.pictures, i);

		for (size_t k = 0; k < g_array_index(m.npictures, size_t, i);
		    k++)
			if (lak_print_picture(p, pics[k], false) < 0) {
				lak_error_set(err, LAK_EFORMAT, "an inline "
				    "picture cannot be laid out");
				goto out;
			}
	}
	ret = lak_print_finish(p, &pdf, err);
	p = NULL;
	if (ret == 0)
		ret = lak_ingest_print(doc, &pdf, "email", true, opts, err);
out:
	lak_print_free(p);
	for (guint i = 0; i < m.pictures->len; i++)
		lak_pictures_free(g_ptr_array_index(m.pictures, i),
		    g_array_index(m.npictures, size_t, i));
	g_ptr_array_free(m.pictures, TRUE);
	g_array_free(m.npictures, TRUE);
	lak_buf_release(&m.body);
	lak_buf_release(&head);
	lak_buf_release(&pdf);
	if (msg)
		g_object_unref(msg);
	if (parser)
		g_object_unref(parser);
	if (st)
		g_object_unref(st);
	return ret;
}

int
lak_ingest_mail(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_error *err)
{
	return read_mail(doc, data, len, opts, true, err);
}

bool
lak_ingest_is_mail(const char *name, const void *data, size_t len)
{
	return lak_path_has_ext(name, ".eml") ||
	    lak_ingest_is_msg(name, data, len) ||
	    lak_ingest_looks_like_mail(data, len);
}

int
lak_ingest_mail_family(const char *name, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_doc **out,
    struct lak_error *err)
{
	struct lak_doc *doc = lak_doc_new();

	*out = NULL;
	if (doc == NULL || (doc->meta.source = strdup(name)) == NULL ||
	    (doc->meta.format = strdup("email")) == NULL) {
		lak_doc_free(doc);
		return lak_error_oom(err);
	}
	if (read_mail(doc, data, len, opts, false, err) < 0) {
		lak_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}
