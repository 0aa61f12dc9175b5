/*
 * pdfgen: makes the PDFs lakwerk's tests, samples and benchmark need.
 *
 *   pdfgen markup IN.txt OUT.pdf     lay out a marked-up text with cairo
 *   pdfgen pages N OUT.pdf           N pages of generated Dutch prose
 *   pdfgen corpus DIR N              N PDFs of 2-12 pages, DIR/doc-NNNN.pdf
 *   pdfgen fixture NAME OUT.pdf      a hand-written PDF with one feature
 *                                    (pdfgen fixture list: the names)
 *   pdfgen ink NAME OUT.pdf          a page whose visible text extraction
 *                                    does not see (pdfgen ink list x: the
 *                                    names); each plants the secrets
 *                                    06-12345678 and NL91ABNA0417164300
 *   pdfgen incoming NAME OUT.pdf     a fake redaction: text still in the
 *                                    file under a picture, a white fill, a
 *                                    clip or an unapplied Redact annotation
 *                                    (pdfgen incoming list x: the names)
 *   pdfgen mutate IN OUT SEED        IN with 1-40 bytes changed and, one
 *                                    time in five, cut short (hostile
 *                                    input for the smoke tests)
 *
 * Markup (one directive per line):
 *   # Title / ## Heading    bold, larger
 *   blank line              paragraph break
 *   - item                  bullet item
 *   | text                  a line kept as is (address blocks, headers)
 *   @header TEXT            running header on every page
 *   @footer                 "Pagina N van M" on every page
 *   anything else           paragraph text, wrapped to the column; a word
 *                           too long for the rest of a line breaks after a
 *                           hyphen in it, so "Bakker-Smit" can split
 *
 * This is a test tool: it exits on error and is not part of liblakwerk.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <zlib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <jpeglib.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 72.0
#define FONT "DejaVu Sans"

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pdfgen: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* --- cairo layout ------------------------------------------------------- */

struct line {
	char *text;
	double size;
	int bold;
	double x;
	double gap;		/* extra space before it */
	int page;
	double y;
};

struct layout {
	cairo_t *cr;
	struct line *lines;
	size_t n, alloc;
	char *header;
	int footer;
	int npages;
	double y;
};

static void
set_font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

static double
width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

static void
add_line(struct layout *L, const char *text, double size, int bold, double x,
    double gap)
{
	struct line *l;
	double lh = size * 1.45;

	if (L->n == L->alloc) {
		L->alloc = L->alloc ? L->alloc * 2 : 64;
		L->lines = realloc(L->lines, L->alloc * sizeof(*L->lines));
		if (L->lines == NULL)
			die("out of memory");
	}
	if (L->y + gap + lh > PAGE_H - MARGIN) {
		L->npages++;
		L->y = MARGIN;
		gap = 0;
	}
	L->y += gap + lh;
	l = &L->lines[L->n++];
	l->text = xstrdup(text);
	l->size = size;
	l->bold = bold;
	l->x = x;
	l->gap = gap;
	l->page = L->npages - 1;
	l->y = L->y;
}

/* Wrap 'text' into lines of at most 'w' points. */
static void
wrap(struct layout *L, const char *text, double size, int bold, double x,
    double gap, const char *first_prefix)
{
	double w = PAGE_W - MARGIN - x;
	char *buf = xmalloc(strlen(text) + strlen(first_prefix) + 8);
	char *cur = xmalloc(strlen(text) + strlen(first_prefix) + 8);
	const char *p = text;
	double indent = 0;

	set_font(L->cr, size, bold);
	strcpy(cur, first_prefix);
	while (*p) {
		const char *e;
		size_t n;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		e = strchr(p, ' ');
		n = e ? (size_t)(e - p) : strlen(p);
		snprintf(buf, strlen(text) + strlen(first_prefix) + 8,
		    "%s%s%.*s", cur, *cur ? " " : "", (int)n, p);
		if (width(L->cr, buf) + indent <= w || !*cur) {
			strcpy(cur, buf);
			p += n;
			continue;
		}
		/* Break after a hyphen inside the word if that part fits. */
		for (size_t k = n; k-- > 1;) {
			if (p[k - 1] != '-')
				continue;
			snprintf(buf, strlen(text) + strlen(first_prefix) + 8,
			    "%s %.*s", cur, (int)k, p);
			if (width(L->cr, buf) + indent <= w) {
				strcpy(cur, buf);
				p += k;
				break;
			}
		}
		add_line(L, cur, size, bold, x + indent, gap);
		gap = 0;
		if (*first_prefix)
			indent = width(L->cr, first_prefix) + width(L->cr, " ");
		cur[0] = '\0';
	}
	if (*cur)
		add_line(L, cur, size, bold, x + indent, gap);
	free(buf);
	free(cur);
}

static void
draw(struct layout *L, const char *out)
{
	cairo_surface_t *s = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(s);
	size_t i = 0;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "lakwerk pdfgen (cairo)");
	for (int pg = 0; pg < L->npages; pg++) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		if (L->header) {
			set_font(cr, 8, 0);
			cairo_move_to(cr, MARGIN, MARGIN / 2);
			cairo_show_text(cr, L->header);
		}
		for (; i < L->n && L->lines[i].page == pg; i++) {
			set_font(cr, L->lines[i].size, L->lines[i].bold);
			cairo_move_to(cr, L->lines[i].x, L->lines[i].y);
			cairo_show_text(cr, L->lines[i].text);
		}
		if (L->footer) {
			char f[64];

			snprintf(f, sizeof(f), "Pagina %d van %d", pg + 1,
			    L->npages);
			set_font(cr, 8, 0);
			cairo_move_to(cr, MARGIN, PAGE_H - MARGIN / 2);
			cairo_show_text(cr, f);
		}
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		die("%s: %s", out, cairo_status_to_string(
		    cairo_surface_status(s)));
	cairo_surface_destroy(s);
}

static void
layout_init(struct layout *L)
{
	memset(L, 0, sizeof(*L));
	L->cr = cairo_create(cairo_image_surface_create(CAIRO_FORMAT_A8, 1,
	    1));
	L->npages = 1;
	L->y = MARGIN;
}

static void
layout_free(struct layout *L)
{
	cairo_surface_t *s = cairo_get_target(L->cr);

	for (size_t i = 0; i < L->n; i++)
		free(L->lines[i].text);
	free(L->lines);
	free(L->header);
	cairo_destroy(L->cr);
	cairo_surface_destroy(s);
}

static void
flush_para(struct layout *L, char *para, size_t *len, double *gap)
{
	if (*len == 0)
		return;
	para[*len] = '\0';
	wrap(L, para, 10, 0, MARGIN, *gap, "");
	*len = 0;
	*gap = 0;
}

static void
cmd_markup(const char *in, const char *out)
{
	FILE *f = fopen(in, "r");
	struct layout L;
	char line[4096], *para;
	size_t len = 0, cap = 1 << 16;
	double gap = 0;

	if (f == NULL)
		die("%s: %s", in, strerror(errno));
	layout_init(&L);
	para = xmalloc(cap);
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (strncmp(line, "@header ", 8) == 0) {
			free(L.header);
			L.header = xstrdup(line + 8);
		} else if (strcmp(line, "@footer") == 0) {
			L.footer = 1;
		} else if (n == 0) {
			flush_para(&L, para, &len, &gap);
			gap = 7;
		} else if (strncmp(line, "## ", 3) == 0) {
			flush_para(&L, para, &len, &gap);
			wrap(&L, line + 3, 11, 1, MARGIN, 9, "");
		} else if (strncmp(line, "# ", 2) == 0) {
			flush_para(&L, para, &len, &gap);
			wrap(&L, line + 2, 15, 1, MARGIN, 12, "");
		} else if (strncmp(line, "- ", 2) == 0) {
			flush_para(&L, para, &len, &gap);
			wrap(&L, line + 2, 10, 0, MARGIN + 12, gap, "\xE2\x80\xA2");
			gap = 0;
		} else if (line[0] == '|') {
			flush_para(&L, para, &len, &gap);
			add_line(&L, line[1] == ' ' ? line + 2 : line + 1, 10, 0,
			    MARGIN, gap);
			gap = 0;
		} else {
			if (len + n + 2 >= cap)
				die("%s: paragraph too long", in);
			if (len)
				para[len++] = ' ';
			memcpy(para + len, line, n);
			len += n;
		}
	}
	flush_para(&L, para, &len, &gap);
	fclose(f);
	free(para);
	draw(&L, out);
	layout_free(&L);
}

/* --- generated prose ------------------------------------------------------ */

static unsigned long rng_state = 12345;

static unsigned long
rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned long)(rng_state >> 33);
}

static const char *const words[] = {
	"de", "het", "een", "en", "van", "in", "op", "te", "dat", "die",
	"voor", "met", "aan", "zijn", "niet", "wordt", "ook", "als", "bij",
	"ministerie", "beleid", "verzoek", "besluit", "openbaarmaking",
	"documenten", "informatie", "overheid", "waterbeheer", "ruimtelijke",
	"ordening", "gemeenten", "provincies", "uitvoering", "subsidieregeling",
	"belanghebbenden", "stikstofdepositie", "natuurherstel", "afweging",
	"persoonlijke", "beleidsopvattingen", "ondersteunen", "maatregelen",
	"financiering", "efficiënte", "afspraken", "overleg", "vergadering",
	"Kamerbrief", "Woo-verzoek", "Tweede", "Kamer", "minister",
	"staatssecretaris", "directie", "aanleiding", "toelichting",
	"evaluatie", "rapportage", "definitief", "concept", "planning",
	"2026", "1.200", "€", "procent", "oﬃcieel", "ﬁnanciële",
};

static void
prose(char *buf, size_t cap, int nwords)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < nwords; i++) {
		const char *w = words[rng() % (sizeof(words) / sizeof(*words))];
		int n = snprintf(buf + len, cap - len, "%s%s", i ? " " : "", w);

		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
	if (len + 2 < cap) {
		buf[len++] = '.';
		buf[len] = '\0';
	}
}

static void
generate(const char *out, int npages, int title)
{
	struct layout L;
	char buf[8192];

	layout_init(&L);
	L.footer = 1;
	L.header = xstrdup("Ministerie van Waterbeheer en Ruimte");
	if (title) {
		snprintf(buf, sizeof(buf), "Document %d", title);
		wrap(&L, buf, 15, 1, MARGIN, 0, "");
	}
	while (L.npages <= npages) {
		int k = (int)(rng() % 10);

		if (k == 0) {
			prose(buf, sizeof(buf), 3 + (int)(rng() % 4));
			wrap(&L, buf, 11, 1, MARGIN, 9, "");
		} else {
			prose(buf, sizeof(buf), 30 + (int)(rng() % 80));
			wrap(&L, buf, 10, 0, MARGIN, 7, "");
		}
	}
	/* Drop what spilled onto page npages + 1. */
	while (L.n > 0 && L.lines[L.n - 1].page >= npages)
		free(L.lines[--L.n].text);
	L.npages = npages;
	draw(&L, out);
	layout_free(&L);
}

/* --- hand-written PDFs ---------------------------------------------------- */

struct pdf {
	char *data;
	size_t len, cap;
	size_t off[64];
	int nobj;
};

static void
put(struct pdf *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(p->data + p->len, p->cap - p->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < p->cap - p->len)
			break;
		p->cap = p->cap * 2 + (size_t)n + 64;
		if ((p->data = realloc(p->data, p->cap)) == NULL)
			die("out of memory");
	}
	p->len += (size_t)n;
}

static void
obj(struct pdf *p, int num, const char *body)
{
	p->off[num] = p->len;
	if (num > p->nobj)
		p->nobj = num;
	put(p, "%d 0 obj\n%s\nendobj\n", num, body);
}

static void
stream(struct pdf *p, int num, const char *dict, const char *data)
{
	p->off[num] = p->len;
	if (num > p->nobj)
		p->nobj = num;
	put(p, "%d 0 obj\n<< %s /Length %zu >>\nstream\n%s\nendstream\n"
	    "endobj\n", num, dict, strlen(data), data);
}

/* A stream of 'len' bytes that may be binary. */
static void
stream_bin(struct pdf *p, int num, const char *dict, const void *data,
    size_t len)
{
	p->off[num] = p->len;
	if (num > p->nobj)
		p->nobj = num;
	put(p, "%d 0 obj\n<< %s /Length %zu >>\nstream\n", num, dict, len);
	while (p->cap - p->len < len + 64) {
		p->cap = p->cap * 2 + len + 64;
		if ((p->data = realloc(p->data, p->cap)) == NULL)
			die("out of memory");
	}
	memcpy(p->data + p->len, data, len);
	p->len += len;
	put(p, "\nendstream\nendobj\n");
}

/* A light grey 64 x 48 JPEG (a photo no ink probe counts as ink) that
 * carries a camera's EXIF segment and a comment naming a person, into
 * *out (free() it). */
static size_t
exif_jpeg(unsigned char **out)
{
	static const char exif[] = "Exif\0\0Camera of Jansen, tel 06-12345678";
	static const char com[] = "Foto gemaakt door Jansen";
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr je;
	unsigned char row[64];
	unsigned long size = 0;

	*out = NULL;
	ci.err = jpeg_std_error(&je);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, out, &size);
	ci.image_width = 64;
	ci.image_height = 48;
	ci.input_components = 1;
	ci.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&ci);
	jpeg_start_compress(&ci, TRUE);
	jpeg_write_marker(&ci, JPEG_APP0 + 1, (const JOCTET *)exif,
	    sizeof(exif) - 1);
	jpeg_write_marker(&ci, JPEG_COM, (const JOCTET *)com, sizeof(com) - 1);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW r = row;

		for (int x = 0; x < 64; x++)
			row[x] = (unsigned char)(200 + (x + (int)ci.next_scanline) %
			    50);
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	return size;
}

/* A Type3 font's glyph procedures for the digits 0 to 9, objects 'first'
 * to first + 9: each draws its digit with font /F1, 'y' units up. */
static void
digit_procs(struct pdf *p, int first, int y)
{
	for (int i = 0; i < 10; i++) {
		char proc[128];

		snprintf(proc, sizeof(proc), "600 0 d0 BT /F1 1000 Tf 0 %d Td "
		    "(%d) Tj ET", y, i);
		stream(p, first + i, "", proc);
	}
}

static void
xref(struct pdf *p, const char *trailer_extra)
{
	size_t x = p->len;

	put(p, "xref\n0 %d\n0000000000 65535 f \n", p->nobj + 1);
	for (int i = 1; i <= p->nobj; i++)
		put(p, "%010zu 00000 n \n", p->off[i]);
	put(p, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%zu\n"
	    "%%%%EOF\n", p->nobj + 1, trailer_extra, x);
}

/* A one-page document: catalog 1, pages 2, page 3, content 4, font 5 (F1,
 * Helvetica); the caller adds the rest (objects 6 and up) through the
 * '*_extra' parts ('fonts_extra' goes into the page's font dictionary). */
static void
one_page(struct pdf *p, const char *catalog_extra, const char *page_extra,
    const char *fonts_extra, const char *resources_extra, const char *content)
{
	char b[2048];

	put(p, "%%PDF-1.7\n%%\xE2\xE3\xCF\xD3\n");
	snprintf(b, sizeof(b), "<< /Type /Catalog /Pages 2 0 R %s >>",
	    catalog_extra);
	obj(p, 1, b);
	obj(p, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
	snprintf(b, sizeof(b), "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "
	    "595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R %s >> "
	    "%s >> %s >>", fonts_extra, resources_extra, page_extra);
	obj(p, 3, b);
	stream(p, 4, "", content);
	obj(p, 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	    "/Encoding /WinAnsiEncoding >>");
}

static void
simple(struct pdf *p, const char *catalog_extra, const char *page_extra,
    const char *resources_extra, const char *content)
{
	one_page(p, catalog_extra, page_extra, "", resources_extra, content);
}

#define VISIBLE "BT /F1 12 Tf 72 760 Td (Zichtbare tekst op de pagina.) Tj ET\n"

/* A /FlateDecode stream object that inflates to 'n' bytes of 'unit'
 * repeated: a decompression bomb (about 1,000 to 1). */
static void
bomb_stream(struct pdf *p, int num, const char *dict, const char *unit,
    size_t n)
{
	unsigned char in[65536], out[65536];
	size_t ul = strlen(unit), left = n, lenpos;
	z_stream z;

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)unit[i % ul];
	memset(&z, 0, sizeof(z));
	if (deflateInit(&z, 9) != Z_OK)
		die("deflateInit");
	p->off[num] = p->len;
	if (num > p->nobj)
		p->nobj = num;
	put(p, "%d 0 obj\n<< %s /Filter /FlateDecode /Length ", num, dict);
	lenpos = p->len;
	put(p, "0000000000 >>\nstream\n");
	{
		size_t start = p->len;
		int flush;

		do {
			/* whole units per chunk, so the pattern runs on */
			size_t chunk = sizeof(in) - sizeof(in) % ul;

			if (chunk > left)
				chunk = left;
			left -= chunk;
			flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
			z.next_in = in;
			z.avail_in = (uInt)chunk;
			do {
				z.next_out = out;
				z.avail_out = sizeof(out);
				deflate(&z, flush);
				for (size_t k = 0; k < sizeof(out) - z.avail_out;
				    k++)
					put(p, "%c", out[k]);
			} while (z.avail_out == 0);
		} while (flush != Z_FINISH);
		deflateEnd(&z);
		{
			char num10[11];

			snprintf(num10, sizeof(num10), "%010zu", p->len - start);
			memcpy(p->data + lenpos, num10, 10);
		}
	}
	put(p, "\nendstream\nendobj\n");
}

/* The hand-written PDF to 'out', and its memory freed. */
static void
write_pdf(struct pdf *p, const char *out)
{
	FILE *f;

	if ((f = fopen(out, "wb")) == NULL || fwrite(p->data, 1, p->len, f) !=
	    p->len || fclose(f) != 0)
		die("%s: %s", out, strerror(errno));
	free(p->data);
}

static void
fixture(const char *name, const char *out)
{
	struct pdf p = { 0 };

	if (strcmp(name, "plain") == 0) {
		simple(&p, "", "", "", VISIBLE);
		xref(&p, "");
	} else if (strcmp(name, "hidden-layer") == 0) {
		/* Text in an optional-content group that is off by default. */
		simple(&p, "/OCProperties << /OCGs [6 0 R] /D << /OFF [6 0 R] "
		    ">> >>", "", "/Properties << /OC1 6 0 R >>",
		    VISIBLE "/OC /OC1 BDC BT /F1 12 Tf 72 700 Td (Geheime laag "
		    "Jansen) Tj ET EMC\n");
		obj(&p, 6, "<< /Type /OCG /Name (Verborgen) >>");
		xref(&p, "");
	} else if (strcmp(name, "white-text") == 0) {
		simple(&p, "", "", "", VISIBLE "1 1 1 rg BT /F1 12 Tf 72 700 "
		    "Td (Witte tekst Pietersen) Tj ET\n");
		xref(&p, "");
	} else if (strcmp(name, "invisible-text") == 0) {
		simple(&p, "", "", "", VISIBLE "BT 3 Tr /F1 12 Tf 72 700 Td "
		    "(Onzichtbare tekst De Vries) Tj ET\n");
		xref(&p, "");
	} else if (strcmp(name, "covered-text") == 0) {
		/* The classic failed redaction: a black box over live text. */
		simple(&p, "", "", "", VISIBLE "BT /F1 12 Tf 72 700 Td "
		    "(Afgedekte naam Bakker) Tj ET\n0 0 0 rg 66 690 200 "
		    "26 re f\n");
		xref(&p, "");
	} else if (strcmp(name, "annotation") == 0) {
		simple(&p, "", "/Annots [6 0 R]", "", VISIBLE);
		obj(&p, 6, "<< /Type /Annot /Subtype /Text /Rect [72 600 92 "
		    "620] /Contents (Opmerking: bel mevrouw Smit) /T (J. "
		    "Jansen) >>");
		xref(&p, "");
	} else if (strcmp(name, "form-field") == 0) {
		simple(&p, "/AcroForm << /Fields [6 0 R] >>", "/Annots [6 0 R]",
		    "", VISIBLE);
		obj(&p, 6, "<< /Type /Annot /Subtype /Widget /FT /Tx /T "
		    "(telefoon) /V (06-12345678) /Rect [72 600 272 620] /P 3 0 "
		    "R >>");
		xref(&p, "");
	} else if (strcmp(name, "form-field-ap") == 0) {
		/* a filled-in field whose appearance paints its value */
		simple(&p, "/AcroForm << /Fields [6 0 R] /DA (/F1 0 Tf 0 g) >>",
		    "/Annots [6 0 R]", "", VISIBLE);
		obj(&p, 6, "<< /Type /Annot /Subtype /Widget /FT /Tx /T "
		    "(telefoon) /V (06-12345678) /DA (/F1 14 Tf 0 g) /F 4 "
		    "/Rect [72 600 272 620] /P 3 0 R /AP << /N 7 0 R >> >>");
		stream(&p, 7, "/Type /XObject /Subtype /Form /BBox [0 0 200 20] "
		    "/Resources << /Font << /F1 5 0 R >> >>", "/Tx BMC BT /F1 14 "
		    "Tf 2 5 Td (06-12345678) Tj ET EMC");
		xref(&p, "");
	} else if (strcmp(name, "attachment") == 0) {
		simple(&p, "/Names << /EmbeddedFiles << /Names [(notities.txt) "
		    "6 0 R] >> >>", "", "", VISIBLE);
		obj(&p, 6, "<< /Type /Filespec /F (notities.txt) /UF "
		    "(notities.txt) /EF << /F 7 0 R >> >>");
		stream(&p, 7, "/Type /EmbeddedFile", "interne notitie");
		xref(&p, "");
	} else if (strcmp(name, "outline") == 0) {
		simple(&p, "/Outlines 6 0 R", "", "", VISIBLE);
		obj(&p, 6, "<< /Type /Outlines /First 7 0 R /Last 7 0 R "
		    "/Count 1 >>");
		obj(&p, 7, "<< /Title (Hoofdstuk over Jansen) /Parent 6 0 R "
		    "/Dest [3 0 R /XYZ 0 842 0] >>");
		xref(&p, "");
	} else if (strcmp(name, "metadata") == 0) {
		/* Secrets in the Info dictionary and the XMP packet. */
		static const char xmp[] = "<?xpacket begin=\"\" id=\"W5M0Mp"
		    "CehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/"
		    "\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
		    "syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:dc="
		    "\"http://purl.org/dc/elements/1.1/\"><dc:creator><rdf:Seq>"
		    "<rdf:li>Karel Jansen</rdf:li></rdf:Seq></dc:creator>"
		    "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="
		    "\"w\"?>";

		simple(&p, "/Metadata 7 0 R", "", "", VISIBLE);
		obj(&p, 6, "<< /Title (Notitie over Jansen) /Author (Karel "
		    "Jansen) /Subject (dossier Jansen) >>");
		stream(&p, 7, "/Type /Metadata /Subtype /XML", xmp);
		p.nobj = 7;
		{
			size_t x = p.len;

			put(&p, "xref\n0 8\n0000000000 65535 f \n");
			for (int i = 1; i <= 7; i++)
				put(&p, "%010zu 00000 n \n", p.off[i]);
			put(&p, "trailer\n<< /Size 8 /Root 1 0 R /Info 6 0 R "
			    ">>\nstartxref\n%zu\n%%%%EOF\n", x);
		}
	} else if (strcmp(name, "javascript") == 0) {
		simple(&p, "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\))"
		    " >>", "", "", VISIBLE);
		xref(&p, "");
	} else if (strcmp(name, "incremental") == 0) {
		size_t first;

		simple(&p, "", "", "", VISIBLE "BT /F1 12 Tf 72 700 Td (Oude "
		    "versie met naam Willemsen) Tj ET\n");
		xref(&p, "");
		/* An incremental update that replaces the content. */
		first = p.len - 1;
		while (first > 0 && strncmp(p.data + first, "startxref", 9))
			first--;
		{
			size_t prev = strtoul(p.data + first + 10, NULL, 10);
			size_t x;
			char t[128];

			p.off[4] = p.len;
			put(&p, "4 0 obj\n<< /Length %zu >>\nstream\n%s\n"
			    "endstream\nendobj\n", strlen(VISIBLE), VISIBLE);
			x = p.len;
			put(&p, "xref\n4 1\n%010zu 00000 n \n", p.off[4]);
			snprintf(t, sizeof(t), "/Prev %zu", prev);
			put(&p, "trailer\n<< /Size 6 /Root 1 0 R %s >>\n"
			    "startxref\n%zu\n%%%%EOF\n", t, x);
		}
	} else if (strcmp(name, "image-only") == 0) {
		/* A scanned page: an image and no text. */
		char px[8 * 8 * 2 + 1];

		for (int i = 0; i < 64; i++)
			memcpy(px + 2 * i, (i / 8 + i) % 2 ? "00" : "ff", 2);
		px[128] = '\0';
		simple(&p, "", "", "/XObject << /Im1 6 0 R >>",
		    "q 400 0 0 400 100 300 cm /Im1 Do Q\n");
		stream(&p, 6, "/Type /XObject /Subtype /Image /Width 8 /Height "
		    "8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter "
		    "/ASCIIHexDecode", px);
		xref(&p, "");
	} else if (strcmp(name, "control-char") == 0) {
		/* A footer whose page number is followed by a glyph that
		 * ToUnicode maps to U+0008 (as in the Belastingdienst's
		 * Jaarplan 2024), and a phone number in the body. */
		one_page(&p, "", "", "/F2 7 0 R", "",
		    "BT /F1 12 Tf 72 760 Td (Bel ons op 06-12345678 "
		    "voor vragen.) Tj ET BT /F2 8 Tf 72 40 Td (3~) Tj ET");
		stream(&p, 6, "", "/CIDInit /ProcSet findresource begin\n"
		    "12 dict begin\nbegincmap\n/CMapName /Y def\n/CMapType 2 "
		    "def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
		    "2 beginbfchar\n<33> <0033>\n<7E> <0008>\nendbfchar\n"
		    "endcmap\nCMapName currentdict /CMap defineresource pop\n"
		    "end\nend");
		obj(&p, 7, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
		    "/ToUnicode 6 0 R >>");
		xref(&p, "");
	} else if (strcmp(name, "private-use") == 0) {
		/* A font whose ToUnicode maps glyphs to private-use code
		 * points: the text cannot be trusted. */
		put(&p, "%%PDF-1.7\n");
		obj(&p, 1, "<< /Type /Catalog /Pages 2 0 R >>");
		obj(&p, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
		obj(&p, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 "
		    "842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
		    ">> >>");
		stream(&p, 4, "", "BT /F1 12 Tf 72 760 Td (ABCABC) Tj ET");
		obj(&p, 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
		    "/ToUnicode 6 0 R >>");
		stream(&p, 6, "", "/CIDInit /ProcSet findresource begin\n"
		    "12 dict begin\nbegincmap\n/CMapName /X def\n/CMapType 2 "
		    "def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
		    "1 beginbfrange\n<41> <43> <E000>\nendbfrange\nendcmap\n"
		    "CMapName currentdict /CMap defineresource pop\nend\nend");
		xref(&p, "");
	} else if (strcmp(name, "bomb") == 0) {
		/* A content stream of 400 MB ("q Q" 100 million times) in
		 * about 400 KB: bounded by the CPU-time limit. */
		put(&p, "%%PDF-1.7\n");
		obj(&p, 1, "<< /Type /Catalog /Pages 2 0 R >>");
		obj(&p, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
		obj(&p, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 "
		    "842] /Contents 4 0 R >>");
		bomb_stream(&p, 4, "", "q Q\n", (size_t)400 << 20);
		xref(&p, "");
	} else if (strcmp(name, "giant-image") == 0) {
		/* A 20,000 x 20,000 grey image (400 MB decoded) drawn on an
		 * A4 page. */
		simple(&p, "", "", "/XObject << /Im1 6 0 R >>",
		    "q 595 0 0 842 0 0 cm /Im1 Do Q\n");
		bomb_stream(&p, 6, "/Type /XObject /Subtype /Image /Width 20000 "
		    "/Height 20000 /ColorSpace /DeviceGray /BitsPerComponent 8",
		    "\x80", (size_t)20000 * 20000);
		xref(&p, "");
	} else if (strcmp(name, "deep") == 0) {
		/* Arrays nested 100,000 deep in the page object and in its
		 * content stream. */
		char *deep = malloc(200001 + 32), *content;

		if (deep == NULL)
			die("out of memory");
		memset(deep, '[', 100000);
		memset(deep + 100000, ']', 100000);
		deep[200000] = '\0';
		if ((content = malloc(200001 + 64)) == NULL)
			die("out of memory");
		snprintf(content, 200001 + 64, "%s pop\n" VISIBLE, deep);
		{
			char *page = malloc(200001 + 256);

			if (page == NULL)
				die("out of memory");
			put(&p, "%%PDF-1.7\n");
			obj(&p, 1, "<< /Type /Catalog /Pages 2 0 R >>");
			obj(&p, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
			snprintf(page, 200001 + 256, "<< /Type /Page /Parent 2 0 R "
			    "/MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
			    "<< /Font << /F1 5 0 R >> >> /Deep %s >>", deep);
			obj(&p, 3, page);
			free(page);
		}
		stream(&p, 4, "", content);
		obj(&p, 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
		    ">>");
		xref(&p, "");
		free(deep);
		free(content);
	} else if (strcmp(name, "content-comment") == 0) {
		/* A page with nothing to redact on it whose content stream
		 * holds secrets in a comment: no reader shows them. */
		simple(&p, "", "", "", VISIBLE "% Jansen 06-12345678 "
		    "NL91ABNA0417164300\n");
		xref(&p, "");
	} else if (strcmp(name, "unused-form") == 0) {
		/* A form XObject with text in the page's resources that the
		 * content never draws. */
		simple(&p, "", "", "/XObject << /Fx 6 0 R >>", VISIBLE);
		stream(&p, 6, "/Type /XObject /Subtype /Form /BBox [0 0 400 40] "
		    "/Resources << /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf 2 "
		    "10 Td (Ongebruikt formulier Jansen 06-12345678) Tj ET");
		xref(&p, "");
	} else if (strcmp(name, "jpeg-exif") == 0) {
		/* A photo whose JPEG carries EXIF and a comment, and whose
		 * image dictionary an XMP packet, each naming a person. */
		unsigned char *jpg;
		size_t n = exif_jpeg(&jpg);

		simple(&p, "", "", "/XObject << /Im1 6 0 R >>", VISIBLE
		    "q 192 0 0 144 72 560 cm /Im1 Do Q\n");
		stream_bin(&p, 6, "/Type /XObject /Subtype /Image /Width 64 "
		    "/Height 48 /ColorSpace /DeviceGray /BitsPerComponent 8 "
		    "/Filter /DCTDecode /Metadata 7 0 R", jpg, n);
		stream(&p, 7, "/Type /Metadata /Subtype /XML", "<x:xmpmeta "
		    "xmlns:x=\"adobe:ns:meta/\">Fotograaf Jansen</x:xmpmeta>");
		xref(&p, "");
		free(jpg);
	} else if (strcmp(name, "grey-background") == 0) {
		/* Text on a mid-grey panel that fills most of the page (a
		 * photo or coloured background): not a bilevel page. */
		simple(&p, "", "", "", "0.6 g 30 60 535 700 re f 0 g "
		    "BT /F1 12 Tf 72 700 Td (Zichtbare tekst op grijs, met de "
		    "naam Jansen.) Tj ET\n");
		xref(&p, "");
	} else if (strcmp(name, "list") == 0) {
		puts("plain hidden-layer white-text invisible-text covered-text "
		    "annotation form-field form-field-ap attachment outline javascript "
		    "incremental image-only private-use control-char metadata bomb "
		    "giant-image deep content-comment unused-form jpeg-exif "
		    "grey-background");
		return;
	} else {
		die("unknown fixture '%s' (try: pdfgen fixture list x)", name);
	}
	write_pdf(&p, out);
}

/* --- ink that extraction does not see ------------------------------------ */

/* What every ink fixture hides: a phone number and an IBAN, which the
 * default rules' detectors redact. */
#define INK_SECRET1 "Telefoon 06-12345678"
#define INK_SECRET2 "IBAN NL91ABNA0417164300"
#define INK_PLAIN "Dit is de zichtbare tekst van de brief over de dijk."

/* Two lines of text drawn on 'cr' at (x, y) in 'size'. */
static void
secrets_at(cairo_t *cr, double x, double y, double size)
{
	set_font(cr, size, 0);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, INK_SECRET1);
	cairo_move_to(cr, x, y + size * 1.6);
	cairo_show_text(cr, INK_SECRET2);
}

/* The secrets as a grey picture 'w' x 'h' pixels at 'dpi', turned by
 * 'angle' degrees, with 'noise' (0..1) of speckle. */
static cairo_surface_t *
secrets_image(int w, int h, double dpi, double angle, double noise,
    const char *extra)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w,
	    h);
	cairo_t *cr = cairo_create(img);
	unsigned char *d;
	int st;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, dpi / 72.0, dpi / 72.0);
	cairo_translate(cr, w * 36.0 / dpi, h * 36.0 / dpi);
	cairo_rotate(cr, angle * M_PI / 180.0);
	cairo_translate(cr, -w * 36.0 / dpi, -h * 36.0 / dpi);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	if (extra != NULL) {
		/* a letter: lines of 'extra' ('\n'-separated) above */
		char *t = xstrdup(extra), *save = NULL;
		double y = 60;

		set_font(cr, 11, 0);
		for (char *l = strtok_r(t, "\n", &save); l; l = strtok_r(NULL,
		    "\n", &save)) {
			cairo_move_to(cr, 60, y);
			cairo_show_text(cr, l);
			y += 17;
		}
		free(t);
		secrets_at(cr, 60, y + 10, 11);
	} else {
		secrets_at(cr, 8, 22, 14);
	}
	cairo_destroy(cr);
	cairo_surface_flush(img);
	d = cairo_image_surface_get_data(img);
	st = cairo_image_surface_get_stride(img);
	for (int y = 0; noise > 0 && y < h; y++)
		for (int x = 0; x < w; x++)
			if ((double)(rng() % 10000) / 10000.0 < noise) {
				uint32_t *px = (uint32_t *)(void *)(d +
				    (size_t)y * (size_t)st) + x;

				*px = rng() % 2 ? 0x808080 : 0xFFFFFF;
			}
	cairo_surface_mark_dirty(img);
	return img;
}

static const char scan_letter[] =
    "Ministerie van Infrastructuur en Waterstaat\n"
    "Aan de heer P. de Vries\n"
    "Havenweg 12, 4381 AB Vlissingen\n"
    "\n"
    "Betreft: uw verzoek om subsidie voor de dijkversterking\n"
    "\n"
    "Geachte heer De Vries,\n"
    "Op 12 maart ontvingen wij uw aanvraag voor de versterking van\n"
    "de dijk bij Rilland. Wij hebben de aanvraag beoordeeld en\n"
    "besluiten de subsidie toe te kennen onder voorwaarden.\n"
    "U kunt ons bereiken op het onderstaande nummer.\n";

static void
cairo_fixture(const char *name, const char *out)
{
	cairo_surface_t *s = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(s);

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "lakwerk pdfgen (cairo)");
	if (strcmp(name, "scan") != 0 && strcmp(name, "outline-only") != 0) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		set_font(cr, 12, 0);
		cairo_move_to(cr, MARGIN, 100);
		cairo_show_text(cr, INK_PLAIN);
	}
	if (strcmp(name, "image-text") == 0) {
		/* a pasted picture of the text, 300 dpi */
		cairo_surface_t *img = secrets_image(1300, 190, 300, 0, 0, NULL);

		cairo_save(cr);
		cairo_translate(cr, MARGIN, 200);
		cairo_scale(cr, 72.0 / 300, 72.0 / 300);
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_surface_destroy(img);
	} else if (strcmp(name, "softmask") == 0) {
		/* the text exists only in an image used as a mask */
		cairo_surface_t *m = cairo_image_surface_create(
		    CAIRO_FORMAT_A8, 1300, 190);
		cairo_t *mc = cairo_create(m);

		cairo_scale(mc, 300.0 / 72, 300.0 / 72);
		cairo_set_source_rgba(mc, 0, 0, 0, 1);
		secrets_at(mc, 8, 22, 14);
		cairo_destroy(mc);
		cairo_save(cr);
		cairo_translate(cr, MARGIN, 200);
		cairo_scale(cr, 72.0 / 300, 72.0 / 300);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_mask_surface(cr, m, 0, 0);
		cairo_restore(cr);
		cairo_surface_destroy(m);
	} else if (strcmp(name, "outline-text") == 0 ||
	    strcmp(name, "outline-only") == 0) {
		/* the text as filled paths, no text object */
		set_font(cr, 14, 0);
		cairo_move_to(cr, MARGIN, 220);
		cairo_text_path(cr, INK_SECRET1);
		cairo_move_to(cr, MARGIN, 244);
		cairo_text_path(cr, INK_SECRET2);
		cairo_fill(cr);
	} else if (strcmp(name, "scan") == 0) {
		/* an image-only page: a letter at 300 dpi, turned 0.7
		 * degrees, with speckle noise */
		int w = (int)(PAGE_W * 300 / 72), h = (int)(PAGE_H * 300 / 72);
		cairo_surface_t *img = secrets_image(w, h, 300, 0.7, 0.002,
		    scan_letter);

		cairo_save(cr);
		cairo_scale(cr, 72.0 / 300, 72.0 / 300);
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_surface_destroy(img);
	} else {
		die("unknown ink fixture '%s'", name);
	}
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		die("%s: %s", out, cairo_status_to_string(
		    cairo_surface_status(s)));
	cairo_surface_destroy(s);
}

#define INK_VISIBLE "BT /F1 12 Tf 72 742 Td (" INK_PLAIN ") Tj ET\n"

static void
ink_fixture(const char *name, const char *out)
{
	struct pdf p = { 0 };

	if (strcmp(name, "list") == 0) {
		puts("image-text softmask outline-text scan pattern type3 "
		    "ocmd-alloff ocmd-not actualtext tounicode angled overhang outline-only "
		    "lying-release inline-image "
		    "ocmd-anyoff ocmd-hidden type3-names");
		return;
	}
	if (strcmp(name, "pattern") == 0) {
		/* a tiling pattern whose one cell holds the text */
		simple(&p, "", "", "/Pattern << /P1 6 0 R >>",
		    INK_VISIBLE "/Pattern cs /P1 scn 72 560 400 60 re f\n");
		stream(&p, 6, "/Type /Pattern /PatternType 1 /PaintType 1 "
		    "/TilingType 1 /BBox [0 0 400 60] /XStep 400 /YStep 60 "
		    "/Matrix [1 0 0 1 72 560] "
		    "/Resources << /Font << /F1 5 0 R >> >>",
		    "BT /F1 14 Tf 4 36 Td (" INK_SECRET1 ") Tj 0 -20 Td ("
		    INK_SECRET2 ") Tj ET");
		xref(&p, "");
	} else if (strcmp(name, "type3") == 0) {
		/* one Type3 glyph ('a') whose procedure draws the text with
		 * a real font: extraction sees a single 'a' */
		one_page(&p, "", "", "/T3 6 0 R", "",
		    INK_VISIBLE "BT /T3 1 Tf 72 560 Td (a) Tj "
		    "ET\n");
		obj(&p, 6, "<< /Type /Font /Subtype /Type3 "
		    "/FontBBox [0 -40 400 30] "
		    "/FontMatrix [1 0 0 1 0 0] /CharProcs << /a 7 0 R >> "
		    "/Encoding << /Type /Encoding /Differences [97 /a] >> "
		    "/FirstChar 97 /LastChar 97 /Widths [1] /Resources << "
		    "/Font << /F1 5 0 R >> >> >>");
		stream(&p, 7, "", "1 0 0 -40 400 30 d1 BT /F1 14 Tf 0 0 Td ("
		    INK_SECRET1 ") Tj 0 -20 Td (" INK_SECRET2 ") Tj ET");
		xref(&p, "");
	} else if (strcmp(name, "inline-image") == 0) {
		/* the secrets as an inline image (BI ... ID ... EI) in the
		 * content stream, 200 dpi grey, beside ordinary text */
		int w = 870, h = 130;
		cairo_surface_t *img = secrets_image(w, h, 200, 0, 0, NULL);
		const unsigned char *d = cairo_image_surface_get_data(img);
		int st = cairo_image_surface_get_stride(img);
		size_t cap = (size_t)w * (size_t)h * 2 + 1024;
		char *content = xmalloc(cap);
		size_t n = (size_t)snprintf(content, cap, INK_VISIBLE "q 313.2 0 0 "
		    "46.8 72 540 cm BI /W %d /H %d /CS /G /BPC 8 /F /AHx ID\n",
		    w, h);

		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				n += (size_t)snprintf(content + n, cap - n, "%02x",
				    d[(size_t)y * (size_t)st + (size_t)x * 4 + 1]);
		snprintf(content + n, cap - n, ">\nEI Q\n");
		cairo_surface_destroy(img);
		simple(&p, "", "", "", content);
		free(content);
		xref(&p, "");
	} else if (strcmp(name, "lying-release") == 0) {
		/* a "released" page as another tool might make it: a picture
		 * of a line with a label and the phone number beside it, and
		 * an invisible text layer that says the number is redacted */
		int w = 1300, h = 80;
		cairo_surface_t *img = cairo_image_surface_create(
		    CAIRO_FORMAT_RGB24, w, h);
		cairo_t *cr = cairo_create(img);
		char *hex = xmalloc((size_t)w * (size_t)h * 2 + 1), dict[256];
		const unsigned char *d;
		int st;

		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		cairo_scale(cr, 300.0 / 72, 300.0 / 72);
		cairo_set_source_rgb(cr, 0, 0, 0);
		set_font(cr, 14, 0);
		cairo_move_to(cr, 4, 16);
		cairo_show_text(cr, "[5.1.2e] Telefoon 06-12345678");
		cairo_destroy(cr);
		cairo_surface_flush(img);
		d = cairo_image_surface_get_data(img);
		st = cairo_image_surface_get_stride(img);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				snprintf(hex + 2 * ((size_t)y * (size_t)w + (size_t)x),
				    3, "%02x", d[(size_t)y * (size_t)st +
				    (size_t)x * 4 + 1]);
		cairo_surface_destroy(img);
		simple(&p, "", "", "/XObject << /Im1 6 0 R >>", INK_VISIBLE
		    "q 312 0 0 19.2 72 540 cm /Im1 Do Q\n"
		    "BT 3 Tr /F1 14 Tf 73 545 Td ([5.1.2e] Telefoon zie boven) "
		    "Tj ET\n");
		snprintf(dict, sizeof(dict), "/Type /XObject /Subtype /Image "
		    "/Width %d /Height %d /ColorSpace /DeviceGray "
		    "/BitsPerComponent 8 /Filter /ASCIIHexDecode", w, h);
		stream(&p, 6, dict, hex);
		free(hex);
		xref(&p, "");
	} else if (strcmp(name, "overhang") == 0) {
		/* a Type3 font whose digits draw half an em above where the
		 * font says they are: their boxes hold only the lower part */
		static const char *const gn[] = { "zero", "one", "two",
		    "three", "four", "five", "six", "seven", "eight", "nine" };
		char procs[1024], enc[512], fontobj[2048];

		one_page(&p, "", "", "/T3 6 0 R", "",
		    INK_VISIBLE "BT /F1 20 Tf 72 560 Td "
		    "(Telefoon ) Tj /T3 20 Tf (06-12345678) Tj ET\n");
		snprintf(procs, sizeof(procs), "/hyphen 8 0 R");
		snprintf(enc, sizeof(enc), "45 /hyphen 48");
		for (int i = 0; i < 10; i++) {
			size_t l = strlen(procs), e = strlen(enc);

			snprintf(procs + l, sizeof(procs) - l, " /%s %d 0 R",
			    gn[i], 9 + i);
			snprintf(enc + e, sizeof(enc) - e, " /%s", gn[i]);
		}
		snprintf(fontobj, sizeof(fontobj), "<< /Type /Font /Subtype "
		    "/Type3 /FontBBox [0 -200 600 800] /FontMatrix [0.001 0 0 "
		    "0.001 0 0] /FirstChar 45 /LastChar 57 /Widths [400 0 0 600 "
		    "600 600 600 600 600 600 600 600 600] /ToUnicode 7 0 R "
		    "/CharProcs << %s >> /Encoding << /Type /Encoding "
		    "/Differences [%s] >> /Resources << /Font << /F1 5 0 R >> "
		    ">> >>", procs, enc);
		obj(&p, 6, fontobj);
		stream(&p, 7, "", "/CIDInit /ProcSet findresource begin\n"
		    "12 dict begin\nbegincmap\n/CMapName /O def\n/CMapType 2 "
		    "def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
		    "1 beginbfrange\n<30> <39> <0030>\nendbfrange\n"
		    "1 beginbfchar\n<2D> <002D>\nendbfchar\n"
		    "endcmap\nCMapName currentdict /CMap defineresource pop\n"
		    "end\nend");
		stream(&p, 8, "", "400 0 d0 BT /F1 1000 Tf 0 500 Td (-) Tj ET");
		digit_procs(&p, 9, 500);
		xref(&p, "");
	} else if (strcmp(name, "angled") == 0) {
		/* the text set at 30 degrees */
		simple(&p, "", "", "", INK_VISIBLE "BT /F1 14 Tf 0.866 0.5 -0.5 "
		    "0.866 90 420 Tm (" INK_SECRET1 ") Tj 0 -20 Td (" INK_SECRET2
		    ") Tj ET\n");
		xref(&p, "");
	} else if (strcmp(name, "actualtext") == 0) {
		/* the glyphs draw the secrets, /ActualText says other words */
		simple(&p, "", "", "", INK_VISIBLE "/Span << /ActualText "
		    "(Geen bijzonderheden) >> BDC BT /F1 14 Tf 72 560 Td ("
		    INK_SECRET1 ") Tj ET EMC\n/Span << /ActualText (Zie "
		    "bijlage) >> BDC BT /F1 14 Tf 72 540 Td (" INK_SECRET2
		    ") Tj ET EMC\n");
		xref(&p, "");
	} else if (strcmp(name, "tounicode") == 0) {
		/* a font whose ToUnicode maps every digit to 'x' and the
		 * letters to themselves: the glyphs draw the number, the text
		 * says 'xx-xxxxxxxx' */
		one_page(&p, "", "", "/F2 7 0 R", "",
		    INK_VISIBLE "BT /F2 14 Tf 72 560 Td ("
		    INK_SECRET1 ") Tj 0 -20 Td (" INK_SECRET2 ") Tj ET\n");
		stream(&p, 6, "", "/CIDInit /ProcSet findresource begin\n"
		    "12 dict begin\nbegincmap\n/CMapName /Z def\n/CMapType 2 "
		    "def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
		    "1 beginbfrange\n<30> <39> <0078>\nendbfrange\n"
		    "1 beginbfrange\n<41> <5A> <0041>\nendbfrange\n"
		    "1 beginbfrange\n<61> <7A> <0061>\nendbfrange\n"
		    "2 beginbfchar\n<20> <0020>\n<2D> <002D>\nendbfchar\n"
		    "endcmap\nCMapName currentdict /CMap defineresource pop\n"
		    "end\nend");
		obj(&p, 7, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
		    "/Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>");
		xref(&p, "");
	} else if (strcmp(name, "ocmd-anyoff") == 0) {
		/* two layers, one on and one off when the file opens; the
		 * content shows when any of them is off */
		simple(&p, "/OCProperties << /OCGs [6 0 R 8 0 R] /D << /OFF "
		    "[6 0 R] >> >>", "", "/Properties << /MC1 7 0 R >>",
		    INK_VISIBLE "/OC /MC1 BDC BT /F1 14 Tf 72 560 Td ("
		    INK_SECRET1 ") Tj 0 -20 Td (" INK_SECRET2 ") Tj ET EMC\n");
		obj(&p, 6, "<< /Type /OCG /Name (Concept) >>");
		obj(&p, 7, "<< /Type /OCMD /OCGs [6 0 R 8 0 R] /P /AnyOff >>");
		obj(&p, 8, "<< /Type /OCG /Name (Definitief) >>");
		xref(&p, "");
	} else if (strcmp(name, "type3-names") == 0) {
		/* a Type3 font without ToUnicode: its glyphs are named a to j
		 * (extraction reads those letters) but draw the digits 0 to 9
		 * at full size */
		char procs[1024], enc[256], fontobj[2048];

		one_page(&p, "", "", "/T3 6 0 R", "",
		    INK_VISIBLE "BT /F1 16 Tf 72 560 Td "
		    "(Telefoon ) Tj /T3 16 Tf (06 12345678) Tj ET\n");
		procs[0] = enc[0] = '\0';
		snprintf(enc, sizeof(enc), "32 /space 48");
		snprintf(procs, sizeof(procs), "/space 7 0 R");
		for (int i = 0; i < 10; i++) {
			size_t l = strlen(procs), e = strlen(enc);

			snprintf(procs + l, sizeof(procs) - l, " /%c %d 0 R",
			    'a' + i, 8 + i);
			snprintf(enc + e, sizeof(enc) - e, " /%c", 'a' + i);
		}
		snprintf(fontobj, sizeof(fontobj), "<< /Type /Font /Subtype "
		    "/Type3 /FontBBox [0 -200 600 800] /FontMatrix [0.001 0 0 "
		    "0.001 0 0] /FirstChar 32 /LastChar 57 /Widths [300 0 0 0 0 "
		    "0 0 0 0 0 0 0 0 0 0 0 600 600 600 600 600 600 600 600 600 "
		    "600] /CharProcs << %s >> /Encoding << /Type /Encoding "
		    "/Differences [%s] >> /Resources << /Font << /F1 5 0 R >> "
		    ">> >>", procs, enc);
		obj(&p, 6, fontobj);
		stream(&p, 7, "", "300 0 d0");
		digit_procs(&p, 8, 0);
		xref(&p, "");
	} else if (strcmp(name, "ocmd-alloff") == 0 ||
	    strcmp(name, "ocmd-not") == 0 ||
	    strcmp(name, "ocmd-hidden") == 0) {
		/* a layer that is off when the file opens, and content whose
		 * membership dictionary shows it exactly then: switching every
		 * layer on hides it from extraction (ocmd-hidden: the layer
		 * is on at open, so the content is a hidden state) */
		simple(&p, strcmp(name, "ocmd-hidden") == 0 ?
		    "/OCProperties << /OCGs [6 0 R] /D << >> >>" :
		    "/OCProperties << /OCGs [6 0 R] /D << /OFF [6 0 R] "
		    ">> >>", "", "/Properties << /MC1 7 0 R >>",
		    INK_VISIBLE "/OC /MC1 BDC BT /F1 14 Tf 72 560 Td ("
		    INK_SECRET1 ") Tj 0 -20 Td (" INK_SECRET2 ") Tj ET EMC\n");
		obj(&p, 6, "<< /Type /OCG /Name (Concept) >>");
		obj(&p, 7, strcmp(name, "ocmd-not") == 0 ?
		    "<< /Type /OCMD /OCGs [6 0 R] /VE [/Not 6 0 R] >>" :
		    "<< /Type /OCMD /OCGs [6 0 R] /P /AllOff >>");
		xref(&p, "");
	} else {
		free(p.data);
		cairo_fixture(name, out);
		return;
	}
	write_pdf(&p, out);
}

/* --- fake redactions in incoming documents -------------------------------- */

#define IN_TEXT "BT /F1 12 Tf 72 600 Td (Naam: Jansen, telefoon 06-12345678) Tj ET\n"

static void
incoming_fixture(const char *name, const char *out)
{
	struct pdf p = { 0 };

	if (strcmp(name, "list") == 0) {
		puts("redact-annot redact-annot-ap under-image under-flat-image "
		    "white-out clipped");
		return;
	}
	if (strcmp(name, "redact-annot") == 0 ||
	    strcmp(name, "redact-annot-ap") == 0) {
		/* a Redact annotation marked but never applied, without and
		 * with an appearance (a black box) */
		bool ap = strcmp(name, "redact-annot-ap") == 0;

		simple(&p, "", "/Annots [6 0 R]", "", VISIBLE IN_TEXT);
		obj(&p, 6, ap ? "<< /Type /Annot /Subtype /Redact /Rect [110 595 "
		    "180 615] /AP << /N 7 0 R >> >>" : "<< /Type /Annot /Subtype "
		    "/Redact /Rect [110 595 180 615] >>");
		if (ap)
			stream(&p, 7, "/Type /XObject /Subtype /Form /BBox [0 0 70 "
			    "20]", "0 g 0 0 70 20 re f");
		xref(&p, "");
	} else if (strcmp(name, "under-image") == 0 ||
	    strcmp(name, "under-flat-image") == 0) {
		/* the text, then a picture over it: speckled grey, or one flat
		 * light grey */
		char px[16 * 16 * 2 + 1];
		bool flat = strcmp(name, "under-flat-image") == 0;

		for (int i = 0; i < 256; i++)
			memcpy(px + 2 * i, flat ? "c0" : (i * 7 + i / 16) % 3 ?
			    "90" : "e0", 2);
		px[512] = '\0';
		simple(&p, "", "", "/XObject << /Im1 6 0 R >>", VISIBLE IN_TEXT
		    "q 300 0 0 30 68 592 cm /Im1 Do Q\n");
		stream(&p, 6, "/Type /XObject /Subtype /Image /Width 16 /Height "
		    "16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter "
		    "/ASCIIHexDecode", px);
		xref(&p, "");
	} else if (strcmp(name, "white-out") == 0) {
		/* the text, then a white rectangle over it */
		simple(&p, "", "", "", VISIBLE IN_TEXT "1 g 68 592 300 30 re f\n");
		xref(&p, "");
	} else if (strcmp(name, "clipped") == 0) {
		/* the text drawn inside a clipping path that shows none of it */
		simple(&p, "", "", "", VISIBLE "q 0 0 10 10 re W n " IN_TEXT
		    "Q\n");
		xref(&p, "");
	} else {
		die("unknown incoming fixture '%s'", name);
	}
	write_pdf(&p, out);
}

static void
mutate(const char *in, const char *out, unsigned long seed)
{
	FILE *f = fopen(in, "rb");
	unsigned char *d;
	long len;
	int n;

	if (f == NULL || fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) <= 0)
		die("%s: %s", in, strerror(errno));
	rewind(f);
	d = xmalloc((size_t)len);
	if (fread(d, 1, (size_t)len, f) != (size_t)len)
		die("%s: short read", in);
	fclose(f);
	rng_state = seed * 2654435761u + 1;
	n = 1 + (int)(rng() % 40);
	for (int i = 0; i < n; i++)
		d[rng() % (unsigned long)len] = (unsigned char)rng();
	if (rng() % 5 == 0)
		len = (long)(rng() % (unsigned long)len) + 1;
	if ((f = fopen(out, "wb")) == NULL || fwrite(d, 1, (size_t)len, f) !=
	    (size_t)len || fclose(f) != 0)
		die("%s: %s", out, strerror(errno));
	free(d);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "markup") == 0) {
		cmd_markup(argv[2], argv[3]);
	} else if (argc == 4 && strcmp(argv[1], "pages") == 0) {
		generate(argv[3], atoi(argv[2]), 0);
	} else if (argc == 4 && strcmp(argv[1], "corpus") == 0) {
		int n = atoi(argv[3]);
		char path[4096];

		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/doc-%04d.pdf", argv[2],
			    i + 1);
			generate(path, 2 + (int)(rng() % 11), i + 1);
		}
	} else if (argc == 4 && strcmp(argv[1], "fixture") == 0) {
		fixture(argv[2], argv[3]);
	} else if (argc == 4 && strcmp(argv[1], "incoming") == 0) {
		incoming_fixture(argv[2], argv[3]);
	} else if (argc == 4 && strcmp(argv[1], "ink") == 0) {
		ink_fixture(argv[2], argv[3]);
	} else if (argc == 5 && strcmp(argv[1], "mutate") == 0) {
		mutate(argv[2], argv[3], strtoul(argv[4], NULL, 10));
	} else {
		fprintf(stderr, "usage: pdfgen markup IN OUT | pages N OUT | "
		    "corpus DIR N | fixture NAME OUT | ink NAME OUT | "
		    "incoming NAME OUT\n");
		return 2;
	}
	return 0;
}
