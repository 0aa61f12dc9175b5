/*
 * Ingest stage, Outlook .msg (MS-OXMSG): an OLE compound file of MAPI
 * properties, read with libgsf (Debian's library for OLE2 and zip
 * containers, kept with Gnumeric), and turned into a MIME message with
 * GMime, which the e-mail reader then lays out like any .eml: one path for
 * headers, body, people and attachments.
 *
 * Read: subject, the plain body (else the HTML body), sender, recipients
 * with their kind (To, Cc, Bcc), the submit time, attachments by their long
 * file name and embedded messages (as forwarded messages, 8 deep).
 * Strings are the Unicode properties (type 001F) or, in old files, the
 * 8-bit ones (001E, taken as Windows-1252).
 */
#include "lib/base/common.h"

#include <gmime/gmime.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>

#include "lib/base/fsutil.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/print-int.h"

#define MAX_STREAM ((size_t)256 << 20)
#define MAX_RECIPIENTS 10000
#define MAX_ATTACHMENTS 1000

#define PR_SUBJECT 0x0037
#define PR_BODY 0x1000
#define PR_HTML 0x1013
#define PR_SENDER_NAME 0x0C1A
#define PR_SENDER_EMAIL 0x0C1F
#define PR_SENDER_SMTP 0x5D01
#define PR_DISPLAY_NAME 0x3001
#define PR_EMAIL_ADDRESS 0x3003
#define PR_SMTP_ADDRESS 0x39FE
#define PR_RECIPIENT_TYPE 0x0C15
#define PR_ATTACH_DATA 0x3701
#define PR_ATTACH_LONG_FILENAME 0x3707
#define PR_ATTACH_FILENAME 0x3704
#define PR_CLIENT_SUBMIT_TIME 0x0039
#define PR_DELIVERY_TIME 0x0E06

static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
}

static gpointer
gsf_once(gpointer arg)
{
	/* the library prints nothing: a damaged file is an error of ours,
	 * not libgsf's assertions on standard error */
	static const char *const domains[] = { "libgsf", "libgsf:msole",
	    "libgsf:utils", "GMime" };

	(void)arg;
	for (size_t i = 0; i < LAK_ARRAY_SIZE(domains); i++)
		g_log_set_handler(domains[i], (GLogLevelFlags)(G_LOG_LEVEL_MASK |
		    G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION), quiet, NULL);
	gsf_init();
	g_mime_init();
	return NULL;
}

static GByteArray *
stream(GsfInfile *dir, const char *name)
{
	GsfInput *in = gsf_infile_child_by_name(dir, name);
	GByteArray *b;
	gsf_off_t size;

	if (in == NULL)
		return NULL;
	size = gsf_input_size(in);
	if (size < 0 || (size_t)size > MAX_STREAM) {
		g_object_unref(in);
		return NULL;
	}
	b = g_byte_array_sized_new((guint)size);
	g_byte_array_set_size(b, (guint)size);
	if (size > 0 && gsf_input_read(in, (size_t)size, b->data) == NULL) {
		g_byte_array_free(b, TRUE);
		b = NULL;
	}
	g_object_unref(in);
	return b;
}

/* A string property: Unicode (001F), else 8-bit (001E); UTF-8, or NULL. */
static char *
prop_string(GsfInfile *dir, unsigned int id)
{
	char name[40];
	GByteArray *b;
	char *s = NULL;

	snprintf(name, sizeof(name), "__substg1.0_%04X001F", id);
	if ((b = stream(dir, name)) != NULL) {
		s = g_utf16_to_utf8((const gunichar2 *)(const void *)b->data,
		    (glong)(b->len / 2), NULL, NULL, NULL);
		g_byte_array_free(b, TRUE);
	} else {
		snprintf(name, sizeof(name), "__substg1.0_%04X001E", id);
		if ((b = stream(dir, name)) != NULL) {
			s = g_convert((const char *)b->data, (gssize)b->len,
			    "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
			g_byte_array_free(b, TRUE);
		}
	}
	if (s != NULL) {
		/* a trailing NUL is common */
		size_t n = strlen(s);

		while (n > 0 && (s[n - 1] == '\0' || s[n - 1] == '\r' ||
		    s[n - 1] == '\n'))
			s[--n] = '\0';
	}
	return s;
}

static GByteArray *
prop_binary(GsfInfile *dir, unsigned int id)
{
	char name[40];

	snprintf(name, sizeof(name), "__substg1.0_%04X0102", id);
	return stream(dir, name);
}

static uint32_t
le32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * A fixed-size property from the storage's property stream: 'header' bytes
 * (32 for the message, 24 for an embedded one, 8 for recipients and
 * attachments), then 16 bytes a property (tag, flags, value).
 */
static bool
prop_fixed(GsfInfile *dir, size_t header, unsigned int id, uint64_t *value)
{
	GByteArray *b = stream(dir, "__properties_version1.0");
	bool found = false;

	if (b == NULL)
		return false;
	for (size_t at = header; at + 16 <= b->len && !found; at += 16) {
		uint32_t tag = le32(b->data + at);

		if ((tag >> 16) == id) {
			*value = (uint64_t)le32(b->data + at + 8) |
			    (uint64_t)le32(b->data + at + 12) << 32;
			found = true;
		}
	}
	g_byte_array_free(b, TRUE);
	return found;
}

static GMimeMessage *build(GsfInfile *dir, size_t header, int depth,
    struct lak_error *err);

/* Storage PREFIX#0000000I of 'dir' (recipients, attachments): 1 with
 * *out (unref it), 0 where the numbering ends, -1 for a stream where a
 * storage should be (to be skipped). */
static int
numbered(GsfInfile *dir, const char *prefix, int i, GsfInfile **out)
{
	char name[64];
	GsfInput *in;

	snprintf(name, sizeof(name), "%s#%08X", prefix, i);
	if ((in = gsf_infile_child_by_name(dir, name)) == NULL)
		return 0;
	if (!GSF_IS_INFILE(in)) {
		g_object_unref(in);
		return -1;
	}
	*out = GSF_INFILE(in);
	return 1;
}

static void
add_recipients(GsfInfile *dir, GMimeMessage *m)
{
	for (int i = 0; i < MAX_RECIPIENTS; i++) {
		GsfInfile *r = NULL;
		char *dn, *addr;
		uint64_t type = 1;
		GMimeAddressType t;
		int rc = numbered(dir, "__recip_version1.0_", i, &r);

		if (rc == 0)
			break;
		if (rc < 0)
			continue;
		dn = prop_string(r, PR_DISPLAY_NAME);
		if ((addr = prop_string(r, PR_SMTP_ADDRESS)) == NULL)
			addr = prop_string(r, PR_EMAIL_ADDRESS);
		prop_fixed(r, 8, PR_RECIPIENT_TYPE, &type);
		t = (type & 0xFF) == 2 ? GMIME_ADDRESS_TYPE_CC :
		    (type & 0xFF) == 3 ? GMIME_ADDRESS_TYPE_BCC :
		    GMIME_ADDRESS_TYPE_TO;
		if ((dn && *dn) || (addr && *addr))
			g_mime_message_add_mailbox(m, t, dn ? dn : "",
			    addr ? addr : "");
		g_free(dn);
		g_free(addr);
		g_object_unref(r);
	}
}

static void
attach(GMimeMultipart *mp, GMimeObject *part, const char *filename)
{
	g_mime_object_set_disposition(part, "attachment");
	if (filename != NULL && *filename && GMIME_IS_PART(part))
		g_mime_part_set_filename(GMIME_PART(part), filename);
	g_mime_multipart_add(mp, part);
}

static int
add_attachments(GsfInfile *dir, GMimeMultipart *mp, int depth,
    struct lak_error *err)
{
	for (int i = 0; i < MAX_ATTACHMENTS; i++) {
		GsfInput *emb;
		GsfInfile *a = NULL;
		char *fn;
		GByteArray *data;
		int rc = numbered(dir, "__attach_version1.0_", i, &a);

		if (rc == 0)
			break;
		if (rc < 0)
			continue;
		if ((fn = prop_string(a, PR_ATTACH_LONG_FILENAME)) == NULL)
			fn = prop_string(a, PR_ATTACH_FILENAME);
		emb = gsf_infile_child_by_name(a, "__substg1.0_3701000D");
		if (emb != NULL && GSF_IS_INFILE(emb)) {
			/* an embedded message: a forwarded message */
			GMimeMessage *inner;

			if (depth + 1 > LAK_FAMILY_DEPTH) {
				g_object_unref(emb);
				g_object_unref(a);
				g_free(fn);
				return lak_error_set(err, LAK_ELIMIT, "messages "
				    "nested more than %d deep", LAK_FAMILY_DEPTH);
			}
			inner = build(GSF_INFILE(emb), 24, depth + 1, err);
			if (inner == NULL) {
				g_object_unref(emb);
				g_object_unref(a);
				g_free(fn);
				return -1;
			}
			{
				GMimeMessagePart *mpart =
				    g_mime_message_part_new_with_message(
				    "rfc822", inner);

				attach(mp, GMIME_OBJECT(mpart), NULL);
				g_object_unref(mpart);
			}
			g_object_unref(inner);
		} else if ((data = prop_binary(a, PR_ATTACH_DATA)) != NULL) {
			GMimePart *p = g_mime_part_new_with_type("application",
			    "octet-stream");
			GMimeStream *s = g_mime_stream_mem_new_with_buffer(
			    (const char *)data->data, data->len);
			GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(
			    s, GMIME_CONTENT_ENCODING_DEFAULT);

			g_mime_part_set_content(p, w);
			g_mime_part_set_content_encoding(p,
			    GMIME_CONTENT_ENCODING_BASE64);
			attach(mp, GMIME_OBJECT(p), fn);
			g_object_unref(w);
			g_object_unref(s);
			g_object_unref(p);
			g_byte_array_free(data, TRUE);
		}
		if (emb != NULL)
			g_object_unref(emb);
		g_free(fn);
		g_object_unref(a);
	}
	return 0;
}

/* The MAPI message in storage 'dir' as a MIME message. */
static GMimeMessage *
build(GsfInfile *dir, size_t header, int depth, struct lak_error *err)
{
	GMimeMessage *m = g_mime_message_new(TRUE);
	GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
	GMimeTextPart *body;
	char *s, *from_name, *from_addr;
	uint64_t ft = 0;

	if ((s = prop_string(dir, PR_SUBJECT)) != NULL) {
		g_mime_message_set_subject(m, s, "utf-8");
		g_free(s);
	}
	from_name = prop_string(dir, PR_SENDER_NAME);
	if ((from_addr = prop_string(dir, PR_SENDER_SMTP)) == NULL)
		from_addr = prop_string(dir, PR_SENDER_EMAIL);
	if ((from_name && *from_name) || (from_addr && *from_addr))
		g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_FROM,
		    from_name ? from_name : "", from_addr ? from_addr : "");
	g_free(from_name);
	g_free(from_addr);
	add_recipients(dir, m);
	if ((prop_fixed(dir, header, PR_CLIENT_SUBMIT_TIME, &ft) ||
	    prop_fixed(dir, header, PR_DELIVERY_TIME, &ft)) && ft > 0) {
		/* FILETIME: 100 ns since 1601-01-01 UTC */
		gint64 unix_s = (gint64)(ft / 10000000ULL) - 11644473600LL;
		GDateTime *dt = g_date_time_new_from_unix_utc(unix_s);

		if (dt != NULL) {
			g_mime_message_set_date(m, dt);
			g_date_time_unref(dt);
		}
	}
	if ((s = prop_string(dir, PR_BODY)) != NULL) {
		body = g_mime_text_part_new_with_subtype("plain");
		g_mime_text_part_set_text(body, s);
		g_free(s);
	} else {
		GByteArray *h = prop_binary(dir, PR_HTML);

		body = g_mime_text_part_new_with_subtype(h ? "html" : "plain");
		if (h != NULL) {
			g_byte_array_append(h, (const guint8 *)"", 1);
			g_mime_text_part_set_text(body, (const char *)h->data);
			g_byte_array_free(h, TRUE);
		} else {
			g_mime_text_part_set_text(body, "");
		}
	}
	g_mime_multipart_add(mp, GMIME_OBJECT(body));
	g_object_unref(body);
	if (add_attachments(dir, mp, depth, err) < 0) {
		g_object_unref(mp);
		g_object_unref(m);
		return NULL;
	}
	g_mime_message_set_mime_part(m, GMIME_OBJECT(mp));
	g_object_unref(mp);
	return m;
}

bool
lak_ingest_is_msg(const char *name, const void *data, size_t len)
{
	return len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
	    8) == 0 && lak_path_has_ext(name, ".msg");
}

int
lak_msg_to_mime(const void *data, size_t len, char **out, size_t *outlen,
    struct lak_error *err)
{
	static GOnce once = G_ONCE_INIT;
	GsfInput *in;
	GsfInfile *ole;
	GError *ge = NULL;
	GMimeMessage *m;
	int ret = -1;

	*out = NULL;
	*outlen = 0;
	g_once(&once, gsf_once, NULL);
	in = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
	if (in == NULL)
		return lak_error_oom(err);
	if ((ole = gsf_infile_msole_new(in, &ge)) == NULL) {
		lak_error_set(err, LAK_EFORMAT, "damaged Outlook message (%s)",
		    ge && ge->message ? ge->message : "not an OLE file");
		g_clear_error(&ge);
		g_object_unref(in);
		return -1;
	}
	{
		GsfInput *props = gsf_infile_child_by_name(ole,
		    "__properties_version1.0");

		if (props == NULL) {
			lak_error_set(err, LAK_EFORMAT, "not an Outlook "
			    "message (no MAPI properties)");
			goto out;
		}
		g_object_unref(props);
	}
	if ((m = build(ole, 32, 0, err)) == NULL)
		goto out;
	{
		GMimeStream *mem = g_mime_stream_mem_new();
		GByteArray *ba;

		g_mime_object_write_to_stream(GMIME_OBJECT(m), NULL, mem);
		ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		if ((*out = malloc(ba->len + 1)) == NULL) {
			lak_error_oom(err);
		} else {
			memcpy(*out, ba->data, ba->len);
			(*out)[ba->len] = '\0';
			*outlen = ba->len;
			ret = 0;
		}
		g_object_unref(mem);
	}
	g_object_unref(m);
out:
	g_object_unref(ole);
	g_object_unref(in);
	return ret;
}
