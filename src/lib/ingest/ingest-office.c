/*
 * Ingest stage, Office and OpenDocument files (.docx .doc .odt .rtf .xlsx
 * .xls .ods .pptx .ppt .odp), converted to PDF by LibreOffice headless and
 * then read as a PDF (the document's print).
 *
 * Each conversion has a profile of its own, made for it and removed after
 * (macros off in it), a time limit, and no network where the system
 * allows a network namespace. What the printed pages do not show
 * (comments, tracked changes, hidden text, hidden sheets, rows, columns
 * and slides, speaker notes, print areas) is looked for in the file's XML
 * and listed in doc->review: such a document is not released until a
 * person has looked (--allow-unreviewed-pages). Comments' text is an item
 * of the document, so the rules see it. The old binary formats (.doc,
 * .xls, .ppt) and RTF are converted to OpenDocument first, so that the
 * same checks read them.
 */
#include "lib/base/common.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/fsutil.h"
#include "lib/base/spawn.h"
#include "lib/base/zip.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/print-int.h"

#define XML_CAP ((size_t)64 << 20)
#define DEFAULT_TIMEOUT 180u

enum family { WRITER, CALC, IMPRESS };

static const struct {
	const char *ext;
	enum family fam;
	bool legacy;		/* converted to 'odf' first */
	const char *odf;
} kinds[] = {
	{ "docx", WRITER, false, NULL }, { "docm", WRITER, false, NULL },
	{ "odt", WRITER, false, NULL }, { "doc", WRITER, true, "odt" },
	{ "rtf", WRITER, true, "odt" },
	{ "xlsx", CALC, false, NULL }, { "xlsm", CALC, false, NULL },
	{ "ods", CALC, false, NULL }, { "xls", CALC, true, "ods" },
	{ "pptx", IMPRESS, false, NULL }, { "pptm", IMPRESS, false, NULL },
	{ "odp", IMPRESS, false, NULL }, { "ppt", IMPRESS, true, "odp" },
};

static const char *const packages[] = {
	"libreoffice-writer-nogui", "libreoffice-calc-nogui",
	"libreoffice-impress-nogui",
};

static long
kind_by_ext(const char *ext)
{
	for (size_t i = 0; i < LAK_ARRAY_SIZE(kinds); i++)
		if (g_ascii_strcasecmp(ext, kinds[i].ext) == 0)
			return (long)i;
	return -1;
}

/* --- what kind of file ---------------------------------------------------- */

struct sniff {
	long kind;
};

static bool
sniff_want(const char *name, void *ctx)
{
	struct sniff *s = ctx;

	if (strcmp(name, "word/document.xml") == 0)
		s->kind = kind_by_ext("docx");
	else if (strcmp(name, "xl/workbook.xml") == 0)
		s->kind = kind_by_ext("xlsx");
	else if (strcmp(name, "ppt/presentation.xml") == 0)
		s->kind = kind_by_ext("pptx");
	return strcmp(name, "mimetype") == 0;
}

static int
sniff_got(const char *name, const char *data, size_t len, void *ctx)
{
	struct sniff *s = ctx;
	static const char pre[] = "application/vnd.oasis.opendocument.";

	(void)name;
	if (len > sizeof(pre) - 1 && memcmp(data, pre, sizeof(pre) - 1) == 0) {
		const char *t = data + sizeof(pre) - 1;

		if (strncmp(t, "text", 4) == 0)
			s->kind = kind_by_ext("odt");
		else if (strncmp(t, "spreadsheet", 11) == 0)
			s->kind = kind_by_ext("ods");
		else if (strncmp(t, "presentation", 12) == 0)
			s->kind = kind_by_ext("odp");
	}
	return 0;
}

long
lak_office_kind(const char *name, const void *data, size_t len)
{
	const unsigned char *d = data;
	const char *dot = strrchr(name, '.');
	long by_name = dot ? kind_by_ext(dot + 1) : -1;

	if (len >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) ==
	    0) {
		/* an OLE compound file: the name says which (an Outlook .msg
		 * is one too, and not ours) */
		if (by_name >= 0 && kinds[by_name].legacy)
			return by_name;
		return dot && g_ascii_strcasecmp(dot, ".msg") == 0 ? -1 :
		    kind_by_ext("doc");
	}
	if (len >= 5 && memcmp(d, "{\\rtf", 5) == 0)
		return kind_by_ext("rtf");
	if (len >= 4 && memcmp(d, "PK\3\4", 4) == 0) {
		struct sniff s = { -1 };
		struct lak_error e = LAK_ERROR_INIT;

		lak_unzip(data, len, sniff_want, sniff_got, &s, 4096, &e);
		lak_error_clear(&e);
		/* a macro-enabled name keeps its own extension */
		if (s.kind >= 0 && by_name >= 0 &&
		    kinds[by_name].fam == kinds[s.kind].fam &&
		    !kinds[by_name].legacy)
			return by_name;
		return s.kind;
	}
	return -1;
}

/* --- what the pages do not show ------------------------------------------- */

struct inspect {
	struct lak_doc *doc;
	unsigned long comments, changes, hidden_text, hidden_sheets;
	unsigned long hidden_rows, hidden_slides, notes, print_areas;
	unsigned long changes_hidden;	/* the file's view hides changes */
	struct lak_buf comment_text;
};

/* The text of XML: its tags out, entities as they are (a comment's words
 * for the rules, not for print). */
static void
xml_text(struct lak_buf *b, const char *d, size_t len)
{
	bool tag = false;

	for (size_t i = 0; i < len; i++) {
		if (d[i] == '<') {
			tag = true;
			if (i + 2 < len && (strncmp(d + i + 1, "/w:p>", 5) == 0 ||
			    strncmp(d + i + 1, "/text:p>", 8) == 0 ||
			    strncmp(d + i + 1, "/w:comment>", 11) == 0))
				lak_buf_addc(b, '\n');
		} else if (d[i] == '>') {
			tag = false;
		} else if (!tag) {
			lak_buf_addc(b, d[i]);
		}
	}
}

static bool
inspect_want(const char *name, void *ctx)
{
	(void)ctx;
	return g_str_has_suffix(name, ".xml") && (
	    g_str_has_prefix(name, "word/") || g_str_has_prefix(name, "xl/") ||
	    g_str_has_prefix(name, "ppt/") || strcmp(name, "content.xml") ==
	    0 || strcmp(name, "styles.xml") == 0 ||
	    strcmp(name, "settings.xml") == 0);
}

static int
inspect_got(const char *name, const char *d, size_t len, void *ctx)
{
	struct inspect *in = ctx;

	if (g_str_has_prefix(name, "word/comments") ||
	    g_str_has_prefix(name, "xl/comments") ||
	    g_str_has_prefix(name, "ppt/comments/")) {
		in->comments += lak_mem_count(d, len, "<w:comment ") +
		    lak_mem_count(d, len, "<comment ") + lak_mem_count(d, len, "<p:cm ");
		xml_text(&in->comment_text, d, len);
		return 0;
	}
	/* LibreOffice prints tracked changes marked, unless the file's
	 * view hides them */
	if (strcmp(name, "word/settings.xml") == 0) {
		in->changes_hidden += lak_mem_count(d, len, "w:insDel=\"0\"") +
		    lak_mem_count(d, len, "w:insDel=\"false\"") +
		    lak_mem_count(d, len, "w:markup=\"0\"") +
		    lak_mem_count(d, len, "w:markup=\"false\"");
		return 0;
	}
	if (strcmp(name, "settings.xml") == 0) {
		const char *p = memmem(d, len, "config:name=\"ShowChanges\"",
		    26);

		if (p != NULL && memmem(p, LAK_MIN((size_t)(d + len - p),
		    (size_t)120), ">false<", 7) != NULL)
			in->changes_hidden++;
		return 0;
	}
	if (g_str_has_prefix(name, "ppt/notesSlides/")) {
		in->notes++;
		return 0;
	}
	if (strcmp(name, "content.xml") == 0) {
		const char *p = d, *end = d + len;

		in->comments += lak_mem_count(d, len, "<office:annotation ") +
		    lak_mem_count(d, len, "<office:annotation>");
		while ((p = memmem(p, (size_t)(end - p), "<office:annotation",
		    18)) != NULL) {
			const char *q = memmem(p, (size_t)(end - p),
			    "</office:annotation>", 20);

			if (q == NULL)
				break;
			xml_text(&in->comment_text, p, (size_t)(q - p));
			lak_buf_addc(&in->comment_text, '\n');
			p = q;
		}
		in->changes += lak_mem_count(d, len, "<text:changed-region");
		in->hidden_text += lak_mem_count(d, len, "<text:hidden-text") +
		    lak_mem_count(d, len, "<text:hidden-paragraph");
		in->hidden_rows += lak_mem_count(d, len, "table:visibility=\"collapse\"") +
		    lak_mem_count(d, len, "table:visibility=\"filter\"");
	}
	if (strcmp(name, "content.xml") == 0 ||
	    strcmp(name, "styles.xml") == 0) {
		in->hidden_text += lak_mem_count(d, len, "text:display=\"none\"");
		in->hidden_sheets += lak_mem_count(d, len, "table:display=\"false\"");
		in->hidden_slides += lak_mem_count(d, len,
		    "presentation:visibility=\"hidden\"");
		in->print_areas += lak_mem_count(d, len, "table:print-ranges=");
		return 0;
	}
	if (g_str_has_prefix(name, "word/")) {
		in->changes += lak_mem_count(d, len, "<w:ins ") +
		    lak_mem_count(d, len, "<w:del ") + lak_mem_count(d, len, "<w:moveFrom ") +
		    lak_mem_count(d, len, "<w:moveTo ");
		in->hidden_text += lak_mem_count(d, len, "<w:vanish/>") +
		    lak_mem_count(d, len, "<w:vanish />");
	} else if (strcmp(name, "xl/workbook.xml") == 0) {
		in->hidden_sheets += lak_mem_count(d, len, "state=\"hidden\"") +
		    lak_mem_count(d, len, "state=\"veryHidden\"");
		in->print_areas += lak_mem_count(d, len, "_xlnm.Print_Area");
	} else if (g_str_has_prefix(name, "xl/worksheets/")) {
		in->hidden_rows += lak_mem_count(d, len, " hidden=\"1\"") +
		    lak_mem_count(d, len, " hidden=\"true\"");
	} else if (g_str_has_prefix(name, "ppt/slides/")) {
		in->hidden_slides += lak_mem_count(d, len, " show=\"0\"");
	}
	return 0;
}

static int
inspect(struct lak_doc *doc, const void *data, size_t len,
    struct lak_error *err)
{
	struct inspect in;
	unsigned long hidden_changes = 0;
	const struct {
		unsigned long *n;
		const char *one, *many;
	} found[] = {
		{ &in.comments, "a comment", "comments" },
		{ &hidden_changes, "a tracked change", "tracked changes" },
		{ &in.hidden_text, "hidden text", "places of hidden text" },
		{ &in.hidden_sheets, "a hidden sheet", "hidden sheets" },
		{ &in.hidden_rows, "hidden rows or columns",
		    "hidden rows or columns" },
		{ &in.hidden_slides, "a hidden slide", "hidden slides" },
		{ &in.notes, "a slide with speaker notes",
		    "slides with speaker notes" },
		{ &in.print_areas, "a print area (cells outside it are not "
		    "printed)", "print areas (cells outside them are not "
		    "printed)" },
	};
	int ret = -1;

	memset(&in, 0, sizeof(in));
	in.doc = doc;
	lak_buf_init(&in.comment_text, XML_CAP);
	if (lak_unzip(data, len, inspect_want, inspect_got, &in, XML_CAP,
	    err) < 0)
		goto out;
	/* changes are printed marked, unless the file's view hides them */
	if (in.changes_hidden > 0)
		hidden_changes = in.changes;
	for (size_t i = 0; i < LAK_ARRAY_SIZE(found); i++) {
		char note[200];

		if (*found[i].n == 0)
			continue;
		if (*found[i].n == 1)
			snprintf(note, sizeof(note), "%s, not shown on the "
			    "converted pages", found[i].one);
		else
			snprintf(note, sizeof(note), "%lu %s, not shown on "
			    "the converted pages", *found[i].n, found[i].many);
		if (lak_doc_add_review(doc, note) < 0) {
			lak_error_oom(err);
			goto out;
		}
	}
	if (in.comment_text.len > 0 && lak_doc_add_item(doc,
	    LAK_ITEM_ANNOTATION, 0, 0, "comment", NULL,
	    in.comment_text.data, NULL) < 0) {
		lak_error_oom(err);
		goto out;
	}
	ret = lak_buf_check(&in.comment_text, err);
out:
	lak_buf_release(&in.comment_text);
	return ret;
}

/* --- LibreOffice ------------------------------------------------------------ */

/* A profile that runs no macros, whatever a document asks. */
static const char profile_xcu[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
    "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\">"
    "<prop oor:name=\"MacroSecurityLevel\" oor:op=\"fuse\"><value>3</value>"
    "</prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\">"
    "<prop oor:name=\"DisableMacrosExecution\" oor:op=\"fuse\"><value>true"
    "</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Misc\">"
    "<prop oor:name=\"UseOpenCL\" oor:op=\"fuse\"><value>false</value>"
    "</prop></item>\n"
    "</oor:items>\n";

static const char *
soffice_prog(void)
{
	const char *p = getenv("LAKWERK_SOFFICE");

	return p && *p ? p : "soffice";
}

static int
put(const char *path, const void *data, size_t len, struct lak_error *err)
{
	GError *ge = NULL;

	if (!g_file_set_contents_full(path, data, (gssize)len,
	    G_FILE_SET_CONTENTS_NONE, 0600, &ge)) {
		lak_error_set(err, LAK_EIO, "%s", ge ? ge->message : path);
		g_clear_error(&ge);
		return -1;
	}
	return 0;
}

/* The time limit: the option, else $LAKWERK_OFFICE_TIMEOUT, else 180 s. */
static unsigned int
timeout_of(const struct lak_ingest_opts *opts)
{
	const char *e = getenv("LAKWERK_OFFICE_TIMEOUT");
	char *end = NULL;
	unsigned long v;

	if (opts->office_timeout > 0)
		return opts->office_timeout;
	if (e != NULL && *e) {
		errno = 0;
		v = strtoul(e, &end, 10);
		if (errno == 0 && *end == '\0' && v > 0 && v <= 86400)
			return (unsigned int)v;
	}
	return DEFAULT_TIMEOUT;
}

/* Convert 'in' (a file in 'dir' or in 'dir'/out) to 'dir'/out/in.'to';
 * its bytes into 'out'. */
static int
convert(const char *dir, const char *in, const char *to,
    const struct lak_ingest_opts *opts, enum family fam, struct lak_buf *out,
    struct lak_error *err)
{
	char *outdir = g_strdup_printf("%s/out", dir);
	char *profile = g_strdup_printf("-env:UserInstallation=file://%s/"
	    "profile", dir);
	char *result = g_strdup_printf("%s/out/in.%s", dir, to);
	char *log = g_strdup_printf("%s/soffice.log", dir);
	const char *argv[] = { soffice_prog(), "--headless", "--invisible",
	    "--norestore", "--nologo", "--nodefault", "--nolockcheck",
	    "--nofirststartwizard", profile, "--convert-to", to, "--outdir",
	    outdir, in, NULL };
	struct lak_spawn_opts so = { dir, log, timeout_of(opts), true };
	char *data = NULL;
	size_t len = 0;
	int status = 0, ret = -1;

	if (!lak_spawn_found(argv[0])) {
		lak_error_set(err, LAK_EUNSUPPORTED, "LibreOffice is needed to "
		    "read this file and is not installed (Debian: apt-get "
		    "install %s)", packages[fam]);
		goto out;
	}
	if (lak_spawn(argv, &so, &status, NULL, err) < 0) {
		lak_error_prefix(err, "converting with LibreOffice: ");
		goto out;
	}
	if (lak_file_read(result, (size_t)1 << 30, &data, &len, err) < 0) {
		char *msg = NULL;
		size_t mlen = 0;
		struct lak_error e2 = LAK_ERROR_INIT;

		lak_error_clear(err);
		if (lak_file_read(log, 4096, &msg, &mlen, &e2) == 0 && msg)
			g_strdelimit(msg, "\r\n", ' ');
		lak_error_set(err, LAK_EFORMAT, "LibreOffice could not convert "
		    "it (status %d%s%s%s; encrypted, damaged, or %s missing?)",
		    status, msg && *msg ? ": \"" : "", msg ? g_strstrip(msg) :
		    "", msg && *msg ? "\"" : "", packages[fam]);
		free(msg);
		lak_error_clear(&e2);
		goto out;
	}
	lak_buf_release(out);
	lak_buf_init(out, 0);
	if (lak_buf_add(out, data, len) < 0) {
		lak_buf_check(out, err);
		goto out;
	}
	ret = 0;
out:
	free(data);
	g_free(outdir);
	g_free(profile);
	g_free(result);
	g_free(log);
	return ret;
}

int
lak_ingest_office(struct lak_doc *doc, const char *name, const void *data,
    size_t len, const struct lak_ingest_opts *opts, struct lak_error *err)
{
	long k = lak_office_kind(name, data, len);
	const char *tmpdir = g_get_tmp_dir();
	char *dir = NULL, *path = NULL, *prof = NULL;
	struct lak_buf odf, pdf;
	const void *src = data;
	size_t srclen = len;
	const char *ext;
	int ret = -1;

	lak_buf_init(&odf, 0);
	lak_buf_init(&pdf, 0);
	if (k < 0)
		return lak_error_set(err, LAK_EFORMAT, "not an Office or "
		    "OpenDocument file");
	ext = kinds[k].ext;
	dir = g_build_filename(tmpdir, "lakwerk-office-XXXXXX", NULL);
	if (g_mkdtemp(dir) == NULL) {
		lak_error_set(err, LAK_EIO, "%s: %s", dir, g_strerror(errno));
		g_free(dir);
		dir = NULL;
		goto out;
	}
	/* a throw-away folder: written plainly, not synced */
	prof = g_build_filename(dir, "profile", "user", NULL);
	path = g_build_filename(prof, "registrymodifications.xcu", NULL);
	if (lak_mkdir_p(prof, err) < 0 || put(path, profile_xcu,
	    sizeof(profile_xcu) - 1, err) < 0)
		goto out;
	g_free(path);
	path = g_strdup_printf("%s/in.%s", dir, ext);
	if (put(path, data, len, err) < 0)
		goto out;
	if (kinds[k].legacy) {
		/* to OpenDocument, where what is hidden can be seen; the
		 * converted file is the next conversion's input */
		if (convert(dir, path, kinds[k].odf, opts, kinds[k].fam, &odf,
		    err) < 0)
			goto out;
		ext = kinds[k].odf;
		g_free(path);
		path = g_strdup_printf("%s/out/in.%s", dir, ext);
		src = odf.data;
		srclen = odf.len;
	}
	if (inspect(doc, src, srclen, err) < 0) {
		lak_error_prefix(err, "reading the %s file: ", ext);
		goto out;
	}
	if (convert(dir, path, "pdf", opts, kinds[k].fam, &pdf, err) < 0)
		goto out;
	ret = lak_ingest_print(doc, &pdf, "office", false, opts, err);
out:
	if (dir != NULL) {
		struct lak_error e = LAK_ERROR_INIT;

		lak_remove_tree(dir, &e);
		lak_error_clear(&e);
	}
	g_free(dir);
	g_free(path);
	g_free(prof);
	lak_buf_release(&odf);
	lak_buf_release(&pdf);
	return ret;
}
