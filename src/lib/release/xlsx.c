/*
 * .xlsx to CSV (see xlsx.h).
 */
#include "lib/base/common.h"

#include <ctype.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lib/base/date.h"
#include "lib/base/fsutil.h"
#include "lib/base/zip.h"
#include "lib/release/xlsx.h"

#define MAX_ENTRY ((size_t)64 << 20)
#define MAX_WORKBOOK ((size_t)256 << 20)

/* The two parts a sheet is read from, gathered from the zip. */
struct parts {
	struct lak_buf strings, sheet;
	bool has_strings, has_sheet;
};

static bool
want_part(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "xl/sharedStrings.xml") == 0 ||
	    strcmp(name, "xl/worksheets/sheet1.xml") == 0;
}

static int
got_part(const char *name, const char *data, size_t len, void *ctx)
{
	struct parts *p = ctx;
	bool sheet = strcmp(name, "xl/worksheets/sheet1.xml") == 0;

	*(sheet ? &p->has_sheet : &p->has_strings) = true;
	return lak_buf_add(sheet ? &p->sheet : &p->strings, data, len);
}

static xmlDocPtr
parse(const char *data, size_t len)
{
	/* no network, no entity expansion, no DTD loading */
	return xmlReadMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* All text under a node (rich text runs joined). */
static void
text_of(xmlNodePtr n, GString *g)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, BAD_CAST "t") == 0) {
			xmlChar *t = xmlNodeGetContent(c);

			g_string_append(g, (const char *)t);
			xmlFree(t);
		} else if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, BAD_CAST "rPh") != 0) {
			text_of(c, g);
		}
	}
}

static void
csv_cell(GString *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

/* "BC12" -> column 55 (0-based), row 12. */
static bool
cell_ref(const char *r, long *col, long *row)
{
	long c = 0;

	if (!isupper((unsigned char)*r))
		return false;
	while (isupper((unsigned char)*r) && c < 100000)
		c = c * 26 + (*r++ - 'A' + 1);
	*col = c - 1;
	*row = strtol(r, NULL, 10);
	return *row > 0 && *row < 10000000;
}

int
lak_xlsx_to_csv(const char *path, struct lak_buf *csv, struct lak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	if (lak_file_read(path, MAX_WORKBOOK, &data, &len, err) < 0)
		return -1;
	ret = lak_xlsx_to_csv_mem(data, len, csv, err);
	free(data);
	return ret;
}

int
lak_xlsx_to_csv_mem(const void *zip, size_t ziplen, struct lak_buf *csv,
    struct lak_error *err)
{
	struct parts p;
	GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
	GString *out = g_string_new(NULL);
	xmlDocPtr doc = NULL;
	long last_row = 0;
	int ret = -1;

	memset(&p, 0, sizeof(p));
	lak_buf_init(&p.strings, MAX_ENTRY);
	lak_buf_init(&p.sheet, MAX_ENTRY);
	if (lak_unzip(zip, ziplen, want_part, got_part, &p, MAX_ENTRY,
	    err) < 0) {
		if (err->code == LAK_OK)
			lak_buf_check(p.strings.failed ? &p.strings : &p.sheet,
			    err);
		lak_error_prefix(err, "not a readable .xlsx workbook: ");
		goto out;
	}
	/* shared strings are optional (a sheet of numbers has none) */
	if (p.has_strings) {
		xmlNodePtr root;

		if ((doc = parse(p.strings.data, p.strings.len)) == NULL) {
			lak_error_set(err, LAK_EFORMAT, "xl/sharedStrings.xml "
			    "is not well-formed XML");
			goto out;
		}
		root = xmlDocGetRootElement(doc);
		for (xmlNodePtr si = root ? root->children : NULL; si;
		    si = si->next) {
			GString *g;

			if (si->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(si->name, BAD_CAST "si") != 0)
				continue;
			g = g_string_new(NULL);
			text_of(si, g);
			g_ptr_array_add(strings, g_string_free(g, FALSE));
		}
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!p.has_sheet) {
		lak_error_set(err, LAK_EFORMAT, "no xl/worksheets/sheet1.xml in "
		    "the workbook");
		goto out;
	}
	if ((doc = parse(p.sheet.data, p.sheet.len)) == NULL) {
		lak_error_set(err, LAK_EFORMAT, "xl/worksheets/sheet1.xml is not "
		    "well-formed XML");
		goto out;
	}
	{
		xmlNodePtr root = xmlDocGetRootElement(doc), sd = NULL;

		for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    xmlStrcmp(c->name, BAD_CAST "sheetData") == 0)
				sd = c;
		for (xmlNodePtr r = sd ? sd->children : NULL; r; r = r->next) {
			long col_next = 0, row = 0;
			xmlChar *rr;

			if (r->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(r->name, BAD_CAST "row") != 0)
				continue;
			rr = xmlGetProp(r, BAD_CAST "r");
			row = rr ? strtol((const char *)rr, NULL, 10) :
			    last_row + 1;
			xmlFree(rr);
			if (row <= last_row || row > 1000000) {
				lak_error_set(err, LAK_EFORMAT, "sheet row %ld "
				    "out of order", row);
				goto out;
			}
			/* blank rows keep the numbering */
			while (last_row + 1 < row) {
				g_string_append_c(out, '\n');
				last_row++;
			}
			for (xmlNodePtr c = r->children; c; c = c->next) {
				xmlChar *ref, *t;
				long col, crow;
				GString *val;

				if (c->type != XML_ELEMENT_NODE ||
				    xmlStrcmp(c->name, BAD_CAST "c") != 0)
					continue;
				ref = xmlGetProp(c, BAD_CAST "r");
				if (ref == NULL || !cell_ref((const char *)ref,
				    &col, &crow) || col < col_next ||
				    col > 16384) {
					xmlFree(ref);
					col = col_next;
				} else {
					xmlFree(ref);
				}
				while (col_next < col) {
					g_string_append_c(out, ',');
					col_next++;
				}
				if (col_next > 0)
					g_string_append_c(out, ',');
				col_next++;
				t = xmlGetProp(c, BAD_CAST "t");
				val = g_string_new(NULL);
				for (xmlNodePtr v = c->children; v; v = v->next) {
					if (v->type != XML_ELEMENT_NODE)
						continue;
					if (xmlStrcmp(v->name, BAD_CAST "v") ==
					    0) {
						xmlChar *x = xmlNodeGetContent(v);

						if (t && xmlStrcmp(t,
						    BAD_CAST "s") == 0) {
							long k = strtol(
							    (const char *)x,
							    NULL, 10);

							if (k >= 0 && (guint)k <
							    strings->len)
								g_string_append(
								    val,
								    g_ptr_array_index(
								    strings, k));
						} else {
							g_string_append(val,
							    (const char *)x);
						}
						xmlFree(x);
					} else if (xmlStrcmp(v->name,
					    BAD_CAST "is") == 0) {
						text_of(v, val);
					}
				}
				xmlFree(t);
				csv_cell(out, val->str);
				g_string_free(val, TRUE);
			}
			g_string_append_c(out, '\n');
			last_row = row;
		}
	}
	lak_buf_add(csv, out->str, out->len);
	ret = lak_buf_check(csv, err);
out:
	if (doc)
		xmlFreeDoc(doc);
	lak_buf_release(&p.strings);
	lak_buf_release(&p.sheet);
	g_ptr_array_free(strings, TRUE);
	g_string_free(out, TRUE);
	return ret;
}

/* --- writing ---------------------------------------------------------------- */

static void
xml_escaped(struct lak_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': lak_buf_adds(b, "&amp;"); break;
		case '<': lak_buf_adds(b, "&lt;"); break;
		case '>': lak_buf_adds(b, "&gt;"); break;
		case '"': lak_buf_adds(b, "&quot;"); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n')
				lak_buf_addc(b, (char)c);
		}
	}
}

static void
col_name(char *out, size_t c)
{
	char tmp[8];
	int n = 0;

	c++;
	while (c > 0 && n < 7) {
		tmp[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

int
lak_xlsx_write(const char *sheet, const char *const *cells, size_t nrows,
    size_t ncols, const char *kind, struct lak_buf *out,
    struct lak_error *err)
{
	static const char types[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	    "content-types\"><Default Extension=\"rels\" ContentType=\""
	    "application/vnd.openxmlformats-package.relationships+xml\"/>"
	    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.spreadsheetml."
	    "worksheet+xml\"/><Override PartName=\"/xl/styles.xml\" "
	    "ContentType=\"application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.styles+xml\"/></Types>\n";
	static const char rels[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
	    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
	    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>\n";
	static const char wbrels[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
	    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
	    "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship "
	    "Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	    "</Relationships>\n";
	/* cell styles: 0 plain, 1 a date (format 14), 2 bold (the header) */
	static const char styles[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\"><fonts count=\"2\"><font><sz val=\"11\"/>"
	    "<name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name "
	    "val=\"Calibri\"/></font></fonts><fills count=\"1\"><fill>"
	    "<patternFill patternType=\"none\"/></fill></fills><borders "
	    "count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf "
	    "numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
	    "</cellStyleXfs><cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\""
	    " fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" "
	    "fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
	    "applyNumberFormat=\"1\"/><xf numFmtId=\"0\" fontId=\"1\" "
	    "fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
	    "</styleSheet>\n";
	struct lak_buf wb, ws;
	int ret = -1;

	lak_buf_init(&wb, 0);
	lak_buf_init(&ws, 0);
	lak_buf_adds(&wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas."
	    "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://"
	    "schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	    "<sheets><sheet name=\"");
	xml_escaped(&wb, sheet);
	lak_buf_adds(&wb, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
	    "\n");
	lak_buf_adds(&ws, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas."
	    "openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
	for (size_t r = 0; r < nrows; r++) {
		lak_buf_addf(&ws, "<row r=\"%zu\">", r + 1);
		for (size_t c = 0; c < ncols; c++) {
			const char *v = cells[r * ncols + c];
			char ref[32], col[8];
			int y, m, d;
			const char *end;

			if (v == NULL || *v == '\0')
				continue;
			col_name(col, c);
			snprintf(ref, sizeof(ref), "%s%zu", col, r + 1);
			if (r > 0 && kind && kind[c] == 'd' &&
			    lak_date_scan(v, &y, &m, &d, &end) == 0 &&
			    *end == '\0' && y >= 1900 && lak_date_valid(y, m,
			    d)) {
				/* days since 1899-12-30, Excel's day 0 */
				lak_buf_addf(&ws, "<c r=\"%s\" s=\"1\"><v>%ld</v>"
				    "</c>", ref, lak_date_days(y, m, d) + 25569);
				continue;
			}
			lak_buf_addf(&ws, "<c r=\"%s\"%s t=\"inlineStr\"><is>"
			    "<t xml:space=\"preserve\">", ref, r == 0 ?
			    " s=\"2\"" : "");
			xml_escaped(&ws, v);
			lak_buf_adds(&ws, "</t></is></c>");
		}
		lak_buf_adds(&ws, "</row>");
	}
	lak_buf_adds(&ws, "</sheetData></worksheet>\n");
	if (lak_buf_check(&wb, err) < 0 || lak_buf_check(&ws, err) < 0)
		goto out;
	{
		const struct lak_zip_part parts[] = {
			{ "[Content_Types].xml", types, sizeof(types) - 1,
			    false },
			{ "_rels/.rels", rels, sizeof(rels) - 1, false },
			{ "xl/workbook.xml", wb.data, wb.len, false },
			{ "xl/_rels/workbook.xml.rels", wbrels,
			    sizeof(wbrels) - 1, false },
			{ "xl/styles.xml", styles, sizeof(styles) - 1, false },
			{ "xl/worksheets/sheet1.xml", ws.data, ws.len, false },
		};

		ret = lak_zip_memory(parts, LAK_ARRAY_SIZE(parts), 0, out,
		    err);
	}
out:
	lak_buf_release(&wb);
	lak_buf_release(&ws);
	return ret;
}
