/*
 * msggen: an Outlook .msg (MS-OXMSG) for the tests, written with libgsf's
 * OLE writer from the MAPI properties the spec names: subject, sender,
 * body, two recipients (To and Cc, with their type in the recipient's
 * property stream), the submit time, a file attachment and an embedded
 * message with its own subject and body.
 *
 *   msggen OUT.msg ATTACHMENT-FILE
 *
 * Strings are Unicode properties (type 001F, UTF-16LE); the subject of the
 * embedded message is an 8-bit one (001E, Windows-1252), as old files have.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-utils.h>

static void
die(const char *what)
{
	fprintf(stderr, "msggen: %s\n", what);
	exit(1);
}

static void
put(GsfOutfile *dir, const char *name, const void *data, size_t len)
{
	GsfOutput *o = gsf_outfile_new_child(dir, name, FALSE);

	if (o == NULL || !gsf_output_write(o, len, data))
		die(name);
	gsf_output_close(o);
	g_object_unref(o);
}

static void
put_str(GsfOutfile *dir, unsigned int id, const char *utf8)
{
	char name[40];
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
	guint8 *le = g_malloc((size_t)n * 2 + 2);

	for (glong i = 0; i < n; i++) {
		le[2 * i] = (guint8)(u[i] & 0xFF);
		le[2 * i + 1] = (guint8)(u[i] >> 8);
	}
	snprintf(name, sizeof(name), "__substg1.0_%04X001F", id);
	put(dir, name, le, (size_t)n * 2);
	g_free(u);
	g_free(le);
}

static void
le32(guint8 *p, uint32_t v)
{
	p[0] = (guint8)v;
	p[1] = (guint8)(v >> 8);
	p[2] = (guint8)(v >> 16);
	p[3] = (guint8)(v >> 24);
}

/* A property stream: 'header' zero bytes, then fixed properties. */
static void
put_props(GsfOutfile *dir, size_t header, const uint32_t *tags,
    const uint64_t *values, size_t n)
{
	size_t len = header + 16 * n;
	guint8 *b = g_malloc0(len);

	for (size_t i = 0; i < n; i++) {
		guint8 *p = b + header + 16 * i;

		le32(p, tags[i]);
		le32(p + 4, 6);	/* readable, writable */
		le32(p + 8, (uint32_t)values[i]);
		le32(p + 12, (uint32_t)(values[i] >> 32));
	}
	put(dir, "__properties_version1.0", b, len);
	g_free(b);
}

static GsfOutfile *
storage(GsfOutfile *dir, const char *name)
{
	GsfOutput *o = gsf_outfile_new_child(dir, name, TRUE);

	if (o == NULL)
		die(name);
	return GSF_OUTFILE(o);
}

static void
recipient(GsfOutfile *msg, int i, const char *name, const char *addr,
    uint32_t type)
{
	char sname[40];
	GsfOutfile *r;
	const uint32_t tags[] = { 0x0C150003 };
	const uint64_t values[] = { type };

	snprintf(sname, sizeof(sname), "__recip_version1.0_#%08X", i);
	r = storage(msg, sname);
	put_str(r, 0x3001, name);
	put_str(r, 0x39FE, addr);
	put_props(r, 8, tags, values, 1);
	gsf_output_close(GSF_OUTPUT(r));
	g_object_unref(r);
}

int
main(int argc, char **argv)
{
	GError *err = NULL;
	GsfOutput *out;
	GsfOutfile *msg, *att, *emb;
	gchar *data = NULL;
	gsize len = 0;
	/* 10 March 2026 13:03 UTC as a FILETIME */
	const uint64_t ft = (uint64_t)(1773147780LL + 11644473600LL) *
	    10000000ULL;
	const uint32_t tags[] = { 0x00390040 };
	const uint64_t values[] = { ft };
	const char sub8[] = "Doorgestuurd: caf\xE9 aan de dijk";

	if (argc != 3)
		die("usage: msggen OUT.msg ATTACHMENT");
	if (!g_file_get_contents(argv[2], &data, &len, NULL))
		die(argv[2]);
	gsf_init();
	if ((out = gsf_output_stdio_new(argv[1], &err)) == NULL)
		die(argv[1]);
	msg = gsf_outfile_msole_new(out);
	put_str(msg, 0x0037, "Stukken over de kering \xE2\x80\x93 Rilland");
	put_str(msg, 0x0C1A, "Pieter de Vries");
	put_str(msg, 0x5D01, "p.devries@example.nl");
	put_str(msg, 0x1000, "Beste collega,\r\n\r\nDe afspraak over de "
	    "dijkversterking staat. Ik ben bereikbaar op 06-12345678.\r\n"
	    "Met vriendelijke groet,\r\nPieter de Vries\r\n");
	put_props(msg, 32, tags, values, 1);
	recipient(msg, 0, "Jos\xC3\xA9 Bakker", "j.bakker@minienw.nl", 1);
	recipient(msg, 1, "Kees Mol", "k.mol@example.nl", 2);

	att = storage(msg, "__attach_version1.0_#00000000");
	put_str(att, 0x3707, "notitie.txt");
	put(att, "__substg1.0_37010102", data, len);
	gsf_output_close(GSF_OUTPUT(att));
	g_object_unref(att);

	att = storage(msg, "__attach_version1.0_#00000001");
	emb = storage(att, "__substg1.0_3701000D");
	put(emb, "__substg1.0_0037001E", sub8, strlen(sub8));
	put_str(emb, 0x1000, "Het doorgestuurde bericht, IBAN "
	    "NL91ABNA0417164300.\r\n");
	put_props(emb, 24, NULL, NULL, 0);
	gsf_output_close(GSF_OUTPUT(emb));
	g_object_unref(emb);
	gsf_output_close(GSF_OUTPUT(att));
	g_object_unref(att);

	gsf_output_close(GSF_OUTPUT(msg));
	g_object_unref(msg);
	g_object_unref(out);
	g_free(data);
	return 0;
}
