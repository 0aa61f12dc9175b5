/*
 * The release PDF writer (see pdfwrite.h).
 *
 * Layout: 1 catalog, 2 pages tree, 3 Info, 4 XMP metadata, 5 the
 * structure tree root, 6 its Document element, 7 its parent tree, then
 * per page: page, content stream, image, the page's structure elements,
 * and the page's Type 3 fonts (an invisible
 * text font needs no glyphs: each has up to 255 codes, empty glyph
 * procedures, widths of half an em, and a ToUnicode map so that text
 * extraction gives back the words).
 */
#include "lib/base/common.h"

#include <time.h>

#include <glib.h>
#include <zlib.h>

#include "lib/base/digest.h"
#include "lib/base/jpegmem.h"
#include "lib/base/pdfstream.h"
#include "lib/base/tiffmem.h"
#include "lib/pdf/pdfwrite.h"

struct obj {
	struct lak_buf body;	/* "<< ... >>" or "<< ... >>\nstream...endstream" */
};

struct lak_pdfw {
	struct obj *objs;	/* object i + 1 */
	size_t n, alloc;
	size_t *pages;		/* object numbers of the pages */
	size_t npages, pages_alloc;
	struct lak_buf tops;	/* the Document element's kids, "N 0 R ..." */
	struct lak_buf parents;	/* the parent tree's /Nums entries */
};

#define OBJ_STRUCT_ROOT 5
#define OBJ_STRUCT_DOC 6
#define OBJ_PARENT_TREE 7

/* A new object; returns its number (1-based), 0 when out of memory. */
static size_t
new_obj(struct lak_pdfw *w)
{
	if (lak_array_grow((void **)&w->objs, &w->alloc, w->n,
	    sizeof(*w->objs)) < 0)
		return 0;
	lak_buf_init(&w->objs[w->n].body, 0);
	return ++w->n;
}

struct lak_pdfw *
lak_pdfw_new(struct lak_error *err)
{
	struct lak_pdfw *w = calloc(1, sizeof(*w));

	if (w == NULL) {
		lak_error_oom(err);
		return NULL;
	}
	lak_buf_init(&w->tops, 0);
	lak_buf_init(&w->parents, 0);
	for (size_t i = 1; i <= OBJ_PARENT_TREE; i++)
		if (new_obj(w) != i) {
			lak_pdfw_free(w);
			lak_error_oom(err);
			return NULL;
		}
	return w;
}

void
lak_pdfw_free(struct lak_pdfw *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->n; i++)
		lak_buf_release(&w->objs[i].body);
	free(w->objs);
	free(w->pages);
	lak_buf_release(&w->tops);
	lak_buf_release(&w->parents);
	free(w);
}

/* Deflate 'len' bytes onto 'out'. Level 1: measured on the bench corpus,
 * level 6 made bilevel pages 8 % smaller and the whole redaction run a
 * third slower. */
static int
deflate_to(struct lak_buf *out, const void *data, size_t len,
    struct lak_error *err)
{
	uLongf n = compressBound((uLong)len);
	Bytef *z = malloc(n);
	int rc;

	if (z == NULL)
		return lak_error_oom(err);
	rc = compress2(z, &n, data, (uLong)len, 1);
	if (rc != Z_OK) {
		free(z);
		return lak_error_set(err, LAK_ENOMEM, "zlib: %s", zError(rc));
	}
	lak_buf_add(out, z, n);
	free(z);
	return 0;
}

/* obj.body = dict + compressed stream */
static int
stream_obj(struct lak_pdfw *w, size_t num, const char *dict,
    const void *data, size_t len, struct lak_error *err)
{
	struct lak_buf z;
	struct lak_buf *b = &w->objs[num - 1].body;

	lak_buf_init(&z, 0);
	if (deflate_to(&z, data, len, err) < 0) {
		lak_buf_release(&z);
		return -1;
	}
	lak_buf_addf(b, "<< %s /Filter /FlateDecode /Length %zu >>\nstream\n",
	    dict, z.len);
	lak_buf_add(b, z.data, z.len);
	lak_buf_adds(b, "\nendstream");
	lak_buf_release(&z);
	return lak_buf_check(b, err);
}

/* obj.body = dict + a stream already coded by its filter (in 'dict') */
static int
raw_obj(struct lak_pdfw *w, size_t num, const char *dict, const void *data,
    size_t len, struct lak_error *err)
{
	struct lak_buf *b = &w->objs[num - 1].body;

	lak_buf_addf(b, "<< %s /Length %zu >>\nstream\n", dict, len);
	lak_buf_add(b, data, len);
	lak_buf_adds(b, "\nendstream");
	return lak_buf_check(b, err);
}

static void pdf_string(struct lak_buf *b, const char *s);

/* A text string as a literal when it is printable ASCII (a third of the
 * UTF-16 form: a label's /Alt is on every redaction), else UTF-16. */
static void
pdf_text(struct lak_buf *b, const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7E) {
			pdf_string(b, s);
			return;
		}
	lak_buf_addc(b, '(');
	for (const char *p = s; *p; p++) {
		if (*p == '(' || *p == ')' || *p == '\\')
			lak_buf_addc(b, '\\');
		lak_buf_addc(b, *p);
	}
	lak_buf_addc(b, ')');
}

/* --- the text layer ---------------------------------------------------- */

struct font {
	uint32_t cps[255];	/* code i + 1 -> code point */
	size_t n;
	size_t obj;
};

/* The font and code of code point 'cp' on this page, adding it if new. */
static int
code_of(struct font **fonts, size_t *nfonts, uint32_t cp, size_t *f,
    int *code)
{
	for (size_t i = 0; i < *nfonts; i++)
		for (size_t k = 0; k < (*fonts)[i].n; k++)
			if ((*fonts)[i].cps[k] == cp) {
				*f = i;
				*code = (int)k + 1;
				return 0;
			}
	if (*nfonts == 0 || (*fonts)[*nfonts - 1].n == 255) {
		struct font *nf = realloc(*fonts, (*nfonts + 1) *
		    sizeof(**fonts));

		if (nf == NULL)
			return -1;
		*fonts = nf;
		memset(&nf[*nfonts], 0, sizeof(*nf));
		(*nfonts)++;
	}
	*f = *nfonts - 1;
	(*fonts)[*f].cps[(*fonts)[*f].n++] = cp;
	*code = (int)(*fonts)[*f].n;
	return 0;
}

static void
tounicode(struct lak_buf *b, const struct font *f)
{
	lak_buf_adds(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
	    "begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\n"
	    "endcodespacerange\n");
	for (size_t i = 0; i < f->n; i += 100) {
		size_t n = LAK_MIN(f->n - i, 100);

		lak_buf_addf(b, "%zu beginbfchar\n", n);
		for (size_t k = i; k < i + n; k++) {
			uint32_t cp = f->cps[k];

			if (cp >= 0x10000) {
				uint32_t v = cp - 0x10000;

				lak_buf_addf(b, "<%02zX> <%04X%04X>\n", k + 1,
				    0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
			} else {
				lak_buf_addf(b, "<%02zX> <%04X>\n", k + 1, cp);
			}
		}
		lak_buf_adds(b, "endbfchar\n");
	}
	lak_buf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource "
	    "pop\nend\nend\n");
}

/* One word of the text layer: scaled to its box. */
static int
text_word(struct lak_buf *c, const struct lak_pdf_page *p,
    const struct lak_pdf_word *wd, bool space, struct font **fonts,
    size_t *nfonts)
{
	const char *s = wd->text;
	float h = wd->y1 - wd->y0, wdt = wd->x1 - wd->x0;
	float size = h > 1 ? h : 1;
	long nch = g_utf8_strlen(s, -1);
	size_t cur = SIZE_MAX;
	double tz;

	if (nch <= 0 || wdt <= 0)
		return 0;
	/* every glyph is half an em wide: scale to the box */
	tz = 100.0 * wdt / ((double)nch * 0.5 * size);
	lak_buf_addf(c, "%.2f Tz ", tz);
	for (; *s; s = g_utf8_next_char(s)) {
		size_t f;
		int code;

		if (code_of(fonts, nfonts, g_utf8_get_char(s), &f, &code) < 0)
			return -1;
		if (f != cur) {
			if (cur != SIZE_MAX)	/* on from here */
				lak_buf_addf(c, "> Tj /T%zu %.2f Tf <", f,
				    size);
			else
				lak_buf_addf(c, "/T%zu %.2f Tf 1 0 0 1 %.2f "
				    "%.2f Tm <", f, size, wd->x0,
				    (float)(p->height - wd->y1 + 0.2f * size));
			cur = f;
		}
		lak_buf_addc(c, "0123456789ABCDEF"[code >> 4]);
		lak_buf_addc(c, "0123456789ABCDEF"[code & 15]);
	}
	/* a space after the word, beyond its box: the structure's text
	 * (what a screen reader reads) has no gaps to guess spaces from */
	if (space) {
		size_t f;
		int code;

		if (code_of(fonts, nfonts, ' ', &f, &code) < 0)
			return -1;
		if (f != cur)
			lak_buf_addf(c, "> Tj /T%zu %.2f Tf <", f, size);
		lak_buf_addf(c, "%c%c", "0123456789ABCDEF"[code >> 4],
		    "0123456789ABCDEF"[code & 15]);
	}
	lak_buf_adds(c, "> Tj\n");
	return 0;
}

/* Words order[from, to) as one text object; the element's words end at
 * 'end' (a word before another gets a space, unless punctuation follows). */
static int
text_run(struct lak_buf *c, const struct lak_pdf_page *p, const size_t *order,
    size_t from, size_t to, size_t end, struct font **fonts, size_t *nfonts)
{
	lak_buf_adds(c, "BT 3 Tr\n");
	for (size_t k = from; k < to; k++) {
		const char *next = k + 1 < end ? p->words[order[k + 1]].text :
		    NULL;
		bool space = next != NULL && strchr(",.;:!?)", *next) == NULL;

		if (text_word(c, p, &p->words[order[k]], space, fonts,
		    nfonts) < 0)
			return -1;
	}
	lak_buf_adds(c, "ET\n");
	return 0;
}

/* A structure element object "<< /Type /StructElem ... >>". */
static size_t
struct_elem(struct lak_pdfw *w, const char *role, size_t parent, size_t page,
    const char *kids, const char *alt)
{
	size_t e = new_obj(w);
	struct lak_buf *b;

	if (e == 0)
		return 0;
	b = &w->objs[e - 1].body;
	lak_buf_addf(b, "<< /S /%s /P %zu 0 R /Pg %zu 0 R /K %s", role,
	    parent, page, kids);
	if (alt != NULL) {
		lak_buf_adds(b, " /Alt ");
		pdf_text(b, alt);
	}
	lak_buf_adds(b, " >>");
	return e;
}

/*
 * The content stream's text, tagged: per element in order, its words as
 * marked content (an artifact's as /Artifact), a label with its /Alt as a
 * Span of its own; the elements' objects, the page's parent-tree entry
 * (MCID -> element) and the Document's kids are recorded in 'w'.
 */
static int
text_layer(struct lak_pdfw *w, struct lak_buf *c,
    const struct lak_pdf_page *p, size_t page, struct font **fonts,
    size_t *nfonts)
{
	static const struct lak_pdf_elem one_p = { "P" };
	const struct lak_pdf_elem *elems = p->nelems ? p->elems : &one_p;
	size_t nelems = p->nelems ? p->nelems : 1;
	size_t *order = NULL, *first = NULL, mcid = 0;
	struct lak_buf kids, parents;
	int ret = -1;

	lak_buf_init(&kids, 0);
	lak_buf_init(&parents, 0);
	if (p->nwords == 0) {
		lak_buf_addf(&w->parents, "%zu [ ]\n", w->npages);
		return 0;
	}
	/* the words by element, each element's in their given order */
	order = malloc(p->nwords * sizeof(*order));
	first = calloc(nelems + 1, sizeof(*first));
	if (order == NULL || first == NULL)
		goto out;
	for (size_t i = 0; i < p->nwords; i++)
		first[LAK_MIN(p->words[i].elem, nelems - 1) + 1]++;
	for (size_t e = 0; e < nelems; e++)
		first[e + 1] += first[e];
	{
		size_t *at = calloc(nelems, sizeof(*at));

		if (at == NULL)
			goto out;
		for (size_t i = 0; i < p->nwords; i++) {
			size_t e = LAK_MIN(p->words[i].elem, nelems - 1);

			order[first[e] + at[e]++] = i;
		}
		free(at);
	}
	lak_buf_addf(&parents, "%zu [", w->npages);
	for (size_t e = 0; e < nelems; e++) {
		const char *role = elems[e].role;
		size_t k = first[e], end = first[e + 1], elem;

		if (k == end)
			continue;
		if (role == NULL) {
			lak_buf_adds(c, "/Artifact << /Type /Pagination >> BDC\n");
			if (text_run(c, p, order, k, end, end, fonts,
			    nfonts) < 0)
				goto out;
			lak_buf_adds(c, "EMC\n");
			continue;
		}
		/* the element's number comes first: its kids point at it */
		lak_buf_reset(&kids);
		lak_buf_addc(&kids, '[');
		if ((elem = new_obj(w)) == 0)
			goto out;
		while (k < end) {
			const char *alt = p->words[order[k]].alt;
			size_t to = k + 1;

			if (alt == NULL)
				while (to < end && p->words[order[to]].alt ==
				    NULL)
					to++;
			lak_buf_addf(c, "/%s << /MCID %zu >> BDC\n", alt ?
			    "Span" : role, mcid);
			if (text_run(c, p, order, k, to, end, fonts,
			    nfonts) < 0)
				goto out;
			lak_buf_adds(c, "EMC\n");
			if (alt != NULL) {
				char one[32];
				size_t span;

				snprintf(one, sizeof(one), "%zu", mcid);
				if ((span = struct_elem(w, "Span", elem, page,
				    one, alt)) == 0)
					goto out;
				lak_buf_addf(&kids, " %zu 0 R", span);
				lak_buf_addf(&parents, " %zu 0 R", span);
			} else {
				lak_buf_addf(&kids, " %zu", mcid);
				lak_buf_addf(&parents, " %zu 0 R", elem);
			}
			mcid++;
			k = to;
		}
		lak_buf_adds(&kids, " ]");
		if (lak_buf_check(&kids, NULL) < 0)
			goto out;
		{
			struct lak_buf *b = &w->objs[elem - 1].body;

			lak_buf_addf(b, "<< /S /%s /P %d 0 R /Pg %zu 0 R /K %s "
			    ">>", role, OBJ_STRUCT_DOC, page, kids.data);
		}
		lak_buf_addf(&w->tops, " %zu 0 R", elem);
	}
	lak_buf_adds(&parents, " ]\n");
	if (lak_buf_check(&parents, NULL) < 0)
		goto out;
	lak_buf_add(&w->parents, parents.data, parents.len);
	ret = 0;
out:
	free(order);
	free(first);
	lak_buf_release(&kids);
	lak_buf_release(&parents);
	return ret;
}

int
lak_pdfw_add_page(struct lak_pdfw *w, const struct lak_pdf_page *p,
    struct lak_error *err)
{
	struct lak_buf c, d;
	struct font *fonts = NULL;
	size_t nfonts = 0, page, content, image = 0;
	int ret = -1;

	lak_buf_init(&c, 0);
	lak_buf_init(&d, 0);
	if ((page = new_obj(w)) == 0 || (content = new_obj(w)) == 0 ||
	    (p->pixels != NULL && (image = new_obj(w)) == 0)) {
		lak_error_oom(err);
		goto out;
	}
	if (image) {
		size_t rowbytes = p->bits == 1 ? (size_t)(p->pw + 7) / 8 :
		    (size_t)p->pw;
		char dict[256];

		snprintf(dict, sizeof(dict), "/Type /XObject /Subtype /Image "
		    "/Width %d /Height %d /ColorSpace /DeviceGray "
		    "/BitsPerComponent %d", p->pw, p->ph, p->bits);
		if (p->bits == 1) {
			/* bilevel: CCITT Group 4, the fax code, a third of
			 * Flate's size on text pages (see raw_obj) */
			if (lak_g4_encode(p->pixels, p->pw, p->ph, p->stride,
			    &d, err) < 0)
				goto out;
			snprintf(dict + strlen(dict), sizeof(dict) -
			    strlen(dict), " /Filter /CCITTFaxDecode "
			    "/DecodeParms << /K -1 /Columns %d /Rows %d "
			    "/BlackIs1 false >>", p->pw, p->ph);
			if (raw_obj(w, image, dict, d.data, d.len, err) < 0)
				goto out;
		} else if (p->photo) {
			/* a photo page: JPEG, a tenth of Flate's size */
			if (lak_jpeg_encode_grey(p->pixels, p->pw, p->ph,
			    p->stride, 55, &d, err) < 0)
				goto out;
			snprintf(dict + strlen(dict), sizeof(dict) -
			    strlen(dict), " /Filter /DCTDecode");
			if (raw_obj(w, image, dict, d.data, d.len, err) < 0)
				goto out;
		} else {
			/* the rows, without stride padding */
			for (int y = 0; y < p->ph; y++)
				lak_buf_add(&d, p->pixels + (size_t)y *
				    p->stride, rowbytes);
			if (lak_buf_check(&d, err) < 0 ||
			    stream_obj(w, image, dict, d.data, d.len, err) < 0)
				goto out;
		}
		/* the page image is not content of its own: the text
		 * layer over it is */
		lak_buf_addf(&c, "/Artifact BMC\nq %.3f 0 0 %.3f 0 0 cm /Im0 "
		    "Do Q\nEMC\n", p->width, p->height);
	}
	if (text_layer(w, &c, p, page, &fonts, &nfonts) < 0 ||
	    lak_buf_check(&c, err) < 0) {
		lak_error_oom(err);
		goto out;
	}
	if (stream_obj(w, content, "", c.data, c.len, err) < 0)
		goto out;
	/* fonts: a shared empty glyph procedure, then a Type 3 font and its
	 * ToUnicode stream each */
	if (nfonts > 0) {
		size_t g = new_obj(w);

		if (g == 0 || stream_obj(w, g, "", "500 0 d0", 8, err) < 0) {
			lak_error_oom(err);
			goto out;
		}
		for (size_t f = 0; f < nfonts; f++) {
			size_t fo = new_obj(w), tu = new_obj(w);
			struct lak_buf *b;

			if (fo == 0 || tu == 0) {
				lak_error_oom(err);
				goto out;
			}
			lak_buf_reset(&d);
			tounicode(&d, &fonts[f]);
			if (stream_obj(w, tu, "", d.data, d.len, err) < 0)
				goto out;
			b = &w->objs[fo - 1].body;
			lak_buf_addf(b, "<< /Type /Font /Subtype /Type3 "
			    "/FontBBox [0 0 500 1000] /FontMatrix [0.001 0 0 "
			    "0.001 0 0] /CharProcs << /g %zu 0 R >> /Encoding "
			    "<< /Type /Encoding /Differences [1", g);
			for (size_t k = 0; k < fonts[f].n; k++)
				lak_buf_adds(b, " /g");
			lak_buf_addf(b, "] >> /FirstChar 1 /LastChar %zu "
			    "/Widths [", fonts[f].n);
			for (size_t k = 0; k < fonts[f].n; k++)
				lak_buf_adds(b, k ? " 500" : "500");
			lak_buf_addf(b, "] /Resources << >> /ToUnicode %zu 0 R "
			    ">>", tu);
			fonts[f].obj = fo;
		}
	}
	{
		struct lak_buf *b = &w->objs[page - 1].body;

		lak_buf_addf(b, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "
		    "%.2f %.2f] /Contents %zu 0 R /StructParents %zu /Tabs /S "
		    "/Resources << ", p->width, p->height, content, w->npages);
		if (image)
			lak_buf_addf(b, "/XObject << /Im0 %zu 0 R >> ", image);
		if (nfonts) {
			lak_buf_adds(b, "/Font <<");
			for (size_t f = 0; f < nfonts; f++)
				lak_buf_addf(b, " /T%zu %zu 0 R", f,
				    fonts[f].obj);
			lak_buf_adds(b, " >> ");
		}
		lak_buf_adds(b, ">> >>");
		if (lak_buf_check(b, err) < 0)
			goto out;
	}
	if (lak_array_grow((void **)&w->pages, &w->pages_alloc, w->npages,
	    sizeof(*w->pages)) < 0) {
		lak_error_oom(err);
		goto out;
	}
	w->pages[w->npages++] = page;
	ret = 0;
out:
	free(fonts);
	lak_buf_release(&c);
	lak_buf_release(&d);
	return ret;
}

/* --- vector pages: a page cairo wrote, copied in ----------------------- */

/* PDF lexing (ISO 32000-1 7.2): enough for what cairo writes. */
static bool
pdf_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
	    c == '\0';
}

static bool
pdf_delim(char c)
{
	return strchr("()<>[]{}/%", c) != NULL;
}

enum tok { T_END, T_REG, T_NAME, T_STR, T_OPEN, T_CLOSE, T_BAD };

/* The token at *p (spaces and comments first skipped): its kind, and
 * [*s, *p) its text. */
static enum tok
pdf_token(const char **p, const char *end, const char **s)
{
	const char *q = *p;

	for (;;) {
		while (q < end && pdf_space(*q))
			q++;
		if (q < end && *q == '%') {
			while (q < end && *q != '\n' && *q != '\r')
				q++;
			continue;
		}
		break;
	}
	*s = q;
	if (q >= end) {
		*p = q;
		return T_END;
	}
	if (*q == '(') {
		int depth = 0;

		for (; q < end; q++) {
			if (*q == '\\') {
				q++;
				continue;
			}
			if (*q == '(')
				depth++;
			else if (*q == ')' && --depth == 0)
				break;
		}
		if (q >= end)
			return T_BAD;
		*p = q + 1;
		return T_STR;
	}
	if (*q == '<' && q + 1 < end && q[1] == '<') {
		*p = q + 2;
		return T_OPEN;
	}
	if (*q == '>' && q + 1 < end && q[1] == '>') {
		*p = q + 2;
		return T_CLOSE;
	}
	if (*q == '<') {
		const char *e = memchr(q, '>', (size_t)(end - q));

		if (e == NULL)
			return T_BAD;
		*p = e + 1;
		return T_STR;
	}
	if (*q == '[' || *q == '{') {
		*p = q + 1;
		return T_OPEN;
	}
	if (*q == ']' || *q == '}') {
		*p = q + 1;
		return T_CLOSE;
	}
	if (*q == '/') {
		for (q++; q < end && !pdf_space(*q) && !pdf_delim(*q); q++)
			;
		*p = q;
		return T_NAME;
	}
	if (*q == ')' || *q == '>')
		return T_BAD;
	for (; q < end && !pdf_space(*q) && !pdf_delim(*q); q++)
		;
	*p = q;
	return T_REG;
}

static bool
tok_is(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - s) == n && memcmp(s, word, n) == 0;
}

static bool
tok_uint(const char *s, const char *e, size_t *v)
{
	size_t n = 0;

	if (s == e || e - s > 15)
		return false;
	for (const char *q = s; q < e; q++) {
		if (*q < '0' || *q > '9')
			return false;
		n = n * 10 + (size_t)(*q - '0');
	}
	*v = n;
	return true;
}

/* The end of the value that starts at 'p' (a ref "N G R" whole), or
 * NULL. */
static const char *
value_end(const char *p, const char *end)
{
	const char *s, *q = p, *s2, *s3, *q2, *q3;
	int depth = 0;
	size_t a, b;

	do {
		enum tok t = pdf_token(&q, end, &s);

		if (t == T_END || t == T_BAD)
			return NULL;
		if (t == T_OPEN)
			depth++;
		else if (t == T_CLOSE && --depth < 0)
			return NULL;
		else if (t == T_REG && depth == 0 && tok_uint(s, q, &a)) {
			/* a ref? */
			q2 = q;
			if (pdf_token(&q2, end, &s2) == T_REG &&
			    tok_uint(s2, q2, &b) && (q3 = q2,
			    pdf_token(&q3, end, &s3) == T_REG) &&
			    tok_is(s3, q3, "R"))
				q = q3;
		}
	} while (depth > 0);
	return q;
}

/* In the dictionary [d, e) ("<< ... >>"), the value of 'key' as [*vs,
 * *ve); false when it has none. */
static bool
dict_get(const char *d, const char *e, const char *key, const char **vs,
    const char **ve)
{
	const char *q = d, *s;

	if (pdf_token(&q, e, &s) != T_OPEN)
		return false;
	for (;;) {
		enum tok t = pdf_token(&q, e, &s);
		const char *k0 = s, *k1 = q, *v;

		if (t != T_NAME)
			return false;
		while (q < e && pdf_space(*q))
			q++;
		if ((v = value_end(q, e)) == NULL)
			return false;
		if ((size_t)(k1 - k0) == strlen(key) + 1 && memcmp(k0 + 1, key,
		    strlen(key)) == 0) {
			*vs = q;
			*ve = v;
			return true;
		}
		q = v;
	}
}

/* The refs in [p, e), for each: cb(ctx, number, start, end of "N G R"). */
static int
each_ref(const char *p, const char *e,
    int (*cb)(void *, size_t, const char *, const char *), void *ctx)
{
	const char *s[3] = { NULL, NULL, NULL }, *q = p, *ts;
	enum tok k[3] = { T_END, T_END, T_END };
	const char *qe[3] = { NULL, NULL, NULL };

	for (;;) {
		enum tok t = pdf_token(&q, e, &ts);
		size_t a, b;

		if (t == T_END)
			return 0;
		if (t == T_BAD)
			return -1;
		s[0] = s[1]; s[1] = s[2]; s[2] = ts;
		k[0] = k[1]; k[1] = k[2]; k[2] = t;
		qe[0] = qe[1]; qe[1] = qe[2]; qe[2] = q;
		if (k[0] == T_REG && k[1] == T_REG && k[2] == T_REG &&
		    tok_is(s[2], q, "R") && tok_uint(s[0], qe[0], &a) &&
		    tok_uint(s[1], qe[1], &b)) {
			int r = cb(ctx, a, s[0], q);

			if (r != 0)
				return r;
			k[0] = k[1] = k[2] = T_END;
		}
	}
}

struct cobj {
	const char *v, *ve;	/* the value: "<< ... >>", a number, ... */
	const char *data;	/* a stream's bytes, or NULL */
	size_t len;
	size_t newnum;		/* 0: not copied */
};

struct cpdf {
	const char *d, *end;
	const char *trailer;	/* after the xref table */
	struct cobj *o;		/* by number */
	size_t n;
	size_t *queue;		/* objects to copy */
	size_t nq;
	int bad;
};

static int
cpdf_object(struct cpdf *c, size_t num, size_t off)
{
	const char *q = c->d + off, *s, *v, *ve, *ls, *le;
	size_t a, len;

	if (off >= (size_t)(c->end - c->d))
		return -1;
	if (pdf_token(&q, c->end, &s) != T_REG || !tok_uint(s, q, &a) ||
	    a != num || pdf_token(&q, c->end, &s) != T_REG ||
	    pdf_token(&q, c->end, &s) != T_REG || !tok_is(s, q, "obj"))
		return -1;
	while (q < c->end && pdf_space(*q))
		q++;
	v = q;
	if ((ve = value_end(v, c->end)) == NULL)
		return -1;
	c->o[num].v = v;
	c->o[num].ve = ve;
	q = ve;
	if (pdf_token(&q, c->end, &s) == T_REG && tok_is(s, q, "stream")) {
		if (q < c->end && *q == '\r')
			q++;
		if (q < c->end && *q == '\n')
			q++;
		c->o[num].data = q;
		if (!dict_get(v, ve, "Length", &ls, &le))
			return -1;
		/* direct, or (cairo) a ref to an object holding it */
		{
			const char *t = ls, *ts;

			if (pdf_token(&t, le, &ts) != T_REG ||
			    !tok_uint(ts, t, &len))
				return -1;
			if (le - t > 1) {	/* "N 0 R" */
				const struct cobj *lo;
				const char *u, *us;

				if (len >= c->n || c->o[len].v == NULL)
					return 1;	/* not read yet */
				lo = &c->o[len];
				u = lo->v;
				if (pdf_token(&u, lo->ve, &us) != T_REG ||
				    !tok_uint(us, u, &len))
					return -1;
			}
		}
		if (len > (size_t)(c->end - q))
			return -1;
		c->o[num].len = len;
	}
	return 0;
}

/* Read the xref table and every object it lists. */
static int
cpdf_open(struct cpdf *c, const char *d, size_t len)
{
	const char *p = NULL, *q, *s;
	size_t xref, start, count, *offs;
	bool again = true;

	memset(c, 0, sizeof(*c));
	c->d = d;
	c->end = d + len;
	for (const char *t = d; (t = memmem(t, (size_t)(c->end - t),
	    "startxref", 9)) != NULL; t += 9)
		p = t + 9;
	if (p == NULL || (q = p, pdf_token(&q, c->end, &s)) != T_REG ||
	    !tok_uint(s, q, &xref) || xref >= len)
		return -1;
	q = d + xref;
	if (pdf_token(&q, c->end, &s) != T_REG || !tok_is(s, q, "xref") ||
	    pdf_token(&q, c->end, &s) != T_REG || !tok_uint(s, q, &start) ||
	    pdf_token(&q, c->end, &s) != T_REG || !tok_uint(s, q, &count) ||
	    start != 0 || count == 0 || count > 1000000)
		return -1;
	c->n = count;
	if ((c->o = calloc(count, sizeof(*c->o))) == NULL ||
	    (offs = calloc(count, sizeof(*offs))) == NULL)
		return -2;
	for (size_t i = 0; i < count; i++) {
		size_t off, gen;

		if (pdf_token(&q, c->end, &s) != T_REG ||
		    !tok_uint(s, q, &off) ||
		    pdf_token(&q, c->end, &s) != T_REG ||
		    !tok_uint(s, q, &gen) ||
		    pdf_token(&q, c->end, &s) != T_REG) {
			free(offs);
			return -1;
		}
		offs[i] = tok_is(s, q, "n") ? off : 0;
	}
	c->trailer = q;
	/* twice: a stream's length may be in an object after it */
	for (int pass = 0; pass < 2 && again; pass++) {
		again = false;
		for (size_t i = 1; i < count; i++) {
			int r;

			if (offs[i] == 0 || (c->o[i].v != NULL &&
			    (c->o[i].data == NULL || c->o[i].len > 0)))
				continue;
			r = cpdf_object(c, i, offs[i]);
			if (r < 0) {
				free(offs);
				return -1;
			}
			if (r > 0)
				again = true;
		}
	}
	free(offs);
	return again ? -1 : 0;
}

/* The object a ref value [s, e) ("N 0 R") names, or NULL. */
static const struct cobj *
cpdf_ref(const struct cpdf *c, const char *s, const char *e)
{
	const char *q = s, *ts;
	size_t n;

	if (pdf_token(&q, e, &ts) != T_REG || !tok_uint(ts, q, &n) ||
	    n >= c->n || c->o[n].v == NULL)
		return NULL;
	return &c->o[n];
}

static int
want_ref(void *ctx, size_t num, const char *s, const char *e)
{
	struct cpdf *c = ctx;

	(void)s;
	(void)e;
	if (num >= c->n || c->o[num].v == NULL)
		return -1;
	if (c->o[num].newnum != 0)
		return 0;
	c->o[num].newnum = SIZE_MAX;	/* queued */
	c->queue[c->nq++] = num;
	return 0;
}

struct renum {
	const struct cpdf *c;
	struct lak_buf *out;
	const char *from;
};

static int
renum_ref(void *ctx, size_t num, const char *s, const char *e)
{
	struct renum *r = ctx;

	lak_buf_add(r->out, r->from, (size_t)(s - r->from));
	lak_buf_addf(r->out, "%zu 0 R", r->c->o[num].newnum);
	r->from = e;
	return 0;
}

/* [s, e) with every ref renumbered, onto 'out'. */
static int
renumbered(const struct cpdf *c, const char *s, const char *e,
    struct lak_buf *out)
{
	struct renum r = { c, out, s };

	if (each_ref(s, e, renum_ref, &r) != 0)
		return -1;
	lak_buf_add(out, r.from, (size_t)(e - r.from));
	return 0;
}

/* A JPEG without its APPn (but JFIF's APP0 and Adobe's APP14) and COM
 * segments, onto 'out'; -1 when it is not a JPEG we can walk. */
static int
jpeg_clean(const unsigned char *d, size_t len, struct lak_buf *out)
{
	size_t i = 2;

	if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return -1;
	lak_buf_add(out, d, 2);
	while (i + 4 <= len) {
		unsigned m = d[i + 1];
		size_t seg;

		if (d[i] != 0xFF)
			return -1;
		if (m == 0xFF) {	/* fill byte */
			i++;
			continue;
		}
		if (m == 0xDA || m == 0xD9) {	/* the scan: the rest as is */
			lak_buf_add(out, d + i, len - i);
			return 0;
		}
		seg = (size_t)d[i + 2] << 8 | d[i + 3];
		if (seg < 2 || i + 2 + seg > len)
			return -1;
		if (!((m >= 0xE1 && m <= 0xEF && m != 0xEE) || m == 0xFE))
			lak_buf_add(out, d + i, 2 + seg);
		i += 2 + seg;
	}
	return -1;
}

/* Whether [s, e) has one of the names /NAME of the NULL-terminated
 * 'names' as a token (one pass). */
static bool
has_any_name(const char *s, const char *e, const char *const *names)
{
	const char *q = s, *ts;
	enum tok t;

	while ((t = pdf_token(&q, e, &ts)) != T_END && t != T_BAD) {
		if (t != T_NAME)
			continue;
		for (const char *const *n = names; *n != NULL; n++)
			if ((size_t)(q - ts) == strlen(*n) + 1 &&
			    memcmp(ts + 1, *n, strlen(*n)) == 0)
				return true;
	}
	return t == T_BAD;	/* unreadable: as if it had it */
}

static bool
has_name(const char *s, const char *e, const char *name)
{
	const char *const names[] = { name, NULL };

	return has_any_name(s, e, names);
}

/* A stream's bytes decoded onto 'out' (capped): Flate or unfiltered; 1
 * for another filter or damaged data, -1 when out of memory. */
static int
stream_decoded(const struct cobj *o, struct lak_buf *out)
{
	if (o->data == NULL)
		return 1;
	if (has_name(o->v, o->ve, "FlateDecode"))
		return lak_pdf_inflate(o->data, o->len, out);
	if (has_name(o->v, o->ve, "Filter"))
		return 1;
	lak_buf_add(out, o->data, o->len);
	return out->failed == LAK_ENOMEM ? -1 : out->failed ? 1 : 0;
}

/* Each content stream of page 'pg' (its /Contents: a ref or an array of
 * refs), in order: fn(ctx, its number). Nonzero from fn stops the walk
 * and is returned; 1 when /Contents is not of that form. */
static int
page_contents(const struct cpdf *c, const struct cobj *pg,
    int (*fn)(void *, size_t), void *ctx)
{
	const char *cs, *ce, *q, *s;

	if (!dict_get(pg->v, pg->ve, "Contents", &cs, &ce))
		return 1;
	q = cs;
	if (pdf_token(&q, ce, &s) != T_OPEN)
		q = cs;
	while (q < ce) {
		const char *e2, *t, *ns;
		size_t n;
		int r;

		while (q < ce && pdf_space(*q))
			q++;
		if (q >= ce || *q == ']')
			break;
		if ((e2 = value_end(q, ce)) == NULL)
			return 1;
		t = q;
		if (pdf_token(&t, e2, &ns) != T_REG || !tok_uint(ns, t, &n) ||
		    n >= c->n || c->o[n].v == NULL)
			return 1;
		if ((r = fn(ctx, n)) != 0)
			return r;
		q = e2;
	}
	return 0;
}

/*
 * The page's content, tagged: each text object (BT ... ET) a marked
 * content of the page's P, everything between them an artifact. -1 when
 * it holds an inline image or does not lex.
 */
static int
tag_content(const char *d, size_t len, struct lak_buf *out, size_t *nmcid)
{
	const char *q = d, *end = d + len, *s, *from = d, *bt = NULL;
	enum tok t;

	*nmcid = 0;
	while ((t = pdf_token(&q, end, &s)) != T_END) {
		if (t == T_BAD)
			return -1;
		if (t != T_REG)
			continue;
		if (tok_is(s, q, "BI") || tok_is(s, q, "BMC") ||
		    tok_is(s, q, "BDC") || tok_is(s, q, "EMC"))
			return -1;
		if (tok_is(s, q, "BT") && bt == NULL) {
			if (s > from) {
				lak_buf_adds(out, "/Artifact BMC\n");
				lak_buf_add(out, from, (size_t)(s - from));
				lak_buf_adds(out, "\nEMC\n");
			}
			bt = s;
		} else if (tok_is(s, q, "ET") && bt != NULL) {
			lak_buf_addf(out, "/P << /MCID %zu >> BDC\n", (*nmcid)++);
			lak_buf_add(out, bt, (size_t)(q - bt));
			lak_buf_adds(out, "\nEMC\n");
			from = q;
			bt = NULL;
		}
	}
	if (bt != NULL)
		return -1;
	if (end > from) {
		lak_buf_adds(out, "/Artifact BMC\n");
		lak_buf_add(out, from, (size_t)(end - from));
		lak_buf_adds(out, "\nEMC\n");
	}
	return 0;
}

struct lak_pdfw_src {
	struct cpdf c;
	const char *trailer, *trailer_end;	/* its dictionary */
	size_t root;				/* the catalog's number */
	const struct cobj **pages;	/* the page objects, in order */
	size_t npages;
	size_t *queue;			/* scratch: objects to copy */
};

void
lak_pdfw_src_free(struct lak_pdfw_src *src)
{
	if (src == NULL)
		return;
	free(src->c.o);
	free(src->pages);
	free(src->queue);
	free(src);
}

int
lak_pdfw_src_open(const void *pdf, size_t len, struct lak_pdfw_src **out,
    struct lak_error *err)
{
	struct lak_pdfw_src *src = calloc(1, sizeof(*src));
	struct cpdf *c;
	const char *ts, *te, *vs, *ve, *q, *s;
	const struct cobj *cat, *pages;
	int r;

	*out = NULL;
	if (src == NULL)
		return lak_error_oom(err);
	c = &src->c;
	if ((r = cpdf_open(c, pdf, len)) < 0) {
		lak_pdfw_src_free(src);
		return r == -2 ? lak_error_oom(err) : 1;
	}
	/* trailer /Root -> /Pages -> /Kids (cairo: one flat list) */
	ts = memmem(c->trailer, (size_t)(c->end - c->trailer), "trailer", 7);
	if (ts == NULL)
		goto bad;
	ts += 7;
	while (ts < c->end && pdf_space(*ts))
		ts++;
	if ((te = value_end(ts, c->end)) == NULL ||
	    !dict_get(ts, te, "Root", &vs, &ve) ||
	    (cat = cpdf_ref(c, vs, ve)) == NULL ||
	    !dict_get(cat->v, cat->ve, "Pages", &vs, &ve) ||
	    (pages = cpdf_ref(c, vs, ve)) == NULL ||
	    !dict_get(pages->v, pages->ve, "Kids", &vs, &ve))
		goto bad;
	src->trailer = ts;
	src->trailer_end = te;
	src->root = (size_t)(cat - c->o);
	q = vs;
	if (pdf_token(&q, ve, &s) != T_OPEN)
		goto bad;
	if ((src->pages = calloc(c->n + 1, sizeof(*src->pages))) == NULL ||
	    (src->queue = calloc(c->n + 1, sizeof(*src->queue))) == NULL) {
		lak_pdfw_src_free(src);
		return lak_error_oom(err);
	}
	for (;;) {
		const char *e2;
		const struct cobj *pg;

		while (q < ve && pdf_space(*q))
			q++;
		if (q >= ve || *q == ']')
			break;
		if ((e2 = value_end(q, ve)) == NULL ||
		    (pg = cpdf_ref(c, q, e2)) == NULL ||
		    src->npages >= c->n)
			goto bad;
		src->pages[src->npages++] = pg;
		q = e2;
	}
	*out = src;
	return 0;
bad:
	lak_pdfw_src_free(src);
	return 1;
}

struct gather {
	const struct cpdf *c;
	struct lak_buf *out;
};

/* page_contents(): a content stream decoded onto the page's content. */
static int
gather_content(void *ctx, size_t n)
{
	struct gather *g = ctx;
	int r = stream_decoded(&g->c->o[n], g->out);

	if (r == 0)
		lak_buf_addc(g->out, '\n');
	return r;
}

int
lak_pdfw_add_src_page(struct lak_pdfw *w, struct lak_pdfw_src *src,
    size_t pageno, struct lak_error *err)
{
	static const char *const refused[] = { "JPXDecode", "JBIG2Decode",
	    "JBIG2Globals", "Metadata", "EmbeddedFile", NULL };
	struct cpdf *cp = &src->c;
	struct lak_buf content, tagged, b;
	const char *rs = NULL, *re = NULL, *gs = NULL, *ge = NULL, *ms = NULL,
	    *me = NULL;
	const struct cobj *pg;
	size_t first = w->n, page, contents, elem = 0, nmcid = 0;
	int ret = 1;

	if (pageno >= src->npages)
		return 1;
	pg = src->pages[pageno];
	lak_buf_init(&content, LAK_PDF_MAX_INFLATED);
	lak_buf_init(&tagged, 0);
	lak_buf_init(&b, 0);
	cp->queue = src->queue;
	cp->nq = 0;
	if (!dict_get(pg->v, pg->ve, "MediaBox", &ms, &me))
		goto out;
	(void)dict_get(pg->v, pg->ve, "Resources", &rs, &re);
	(void)dict_get(pg->v, pg->ve, "Group", &gs, &ge);
	/* the content: one stream or an array of them */
	{
		struct gather g = { cp, &content };
		int r = page_contents(cp, pg, gather_content, &g);

		if (r < 0) {
			ret = lak_error_oom(err);
			goto out;
		}
		if (r > 0)
			goto out;
	}
	if (tag_content(content.data ? content.data : "", content.len,
	    &tagged, &nmcid) < 0)
		goto out;
	/* the objects the page uses and no page before it did: its
	 * resources' closure */
	if ((rs != NULL && each_ref(rs, re, want_ref, cp) != 0) ||
	    (gs != NULL && each_ref(gs, ge, want_ref, cp) != 0))
		goto out;
	for (size_t k = 0; k < cp->nq; k++) {
		const struct cobj *o = &cp->o[cp->queue[k]];
		const char *ls = o->ve, *le = o->ve;

		/* (a stream's /Length is written direct: not its object) */
		if (o->data != NULL && !dict_get(o->v, o->ve, "Length", &ls,
		    &le))
			goto out;
		if (each_ref(o->v, ls, want_ref, cp) != 0 ||
		    each_ref(le, o->ve, want_ref, cp) != 0)
			goto out;
		/* what the release does not carry: as a raster page */
		if (has_any_name(o->v, o->ve, refused))
			goto out;
	}
	/* numbers: the page, its content, its P, then the objects */
	if ((page = new_obj(w)) == 0 || (contents = new_obj(w)) == 0 ||
	    (nmcid > 0 && (elem = new_obj(w)) == 0)) {
		ret = lak_error_oom(err);
		goto undo;
	}
	for (size_t k = 0; k < cp->nq; k++)
		if ((cp->o[cp->queue[k]].newnum = new_obj(w)) == 0) {
			ret = lak_error_oom(err);
			goto undo;
		}
	for (size_t k = 0; k < cp->nq; k++) {
		const struct cobj *o = &cp->o[cp->queue[k]];
		struct lak_buf *ob = &w->objs[o->newnum - 1].body;
		struct lak_buf data;
		const char *dd = o->data;
		size_t dl = o->len;

		lak_buf_init(&data, 0);
		if (o->data != NULL && has_name(o->v, o->ve, "DCTDecode")) {
			if (jpeg_clean((const unsigned char *)o->data, o->len,
			    &data) < 0 || lak_buf_check(&data, NULL) < 0) {
				lak_buf_release(&data);
				goto undo;
			}
			dd = data.data;
			dl = data.len;
		}
		if (o->data != NULL) {
			/* the dictionary with its /Length direct */
			const char *ls, *le;

			if (!dict_get(o->v, o->ve, "Length", &ls, &le) ||
			    renumbered(cp, o->v, ls, ob) < 0) {
				lak_buf_release(&data);
				goto undo;
			}
			lak_buf_addf(ob, "%zu", dl);
			if (renumbered(cp, le, o->ve, ob) < 0) {
				lak_buf_release(&data);
				goto undo;
			}
			lak_buf_adds(ob, "\nstream\n");
			lak_buf_add(ob, dd, dl);
			lak_buf_adds(ob, "\nendstream");
		} else if (renumbered(cp, o->v, o->ve, ob) < 0) {
			lak_buf_release(&data);
			goto undo;
		}
		lak_buf_release(&data);
	}
	if (stream_obj(w, contents, "", tagged.data ? tagged.data : "",
	    tagged.len, err) < 0) {
		ret = -1;
		goto undo;
	}
	{
		struct lak_buf *pb = &w->objs[page - 1].body;

		lak_buf_adds(pb, "<< /Type /Page /Parent 2 0 R /MediaBox ");
		lak_buf_add(pb, ms, (size_t)(me - ms));
		lak_buf_addf(pb, " /Contents %zu 0 R /StructParents %zu /Tabs /S",
		    contents, w->npages);
		if (rs != NULL) {
			lak_buf_adds(pb, " /Resources ");
			if (renumbered(cp, rs, re, pb) < 0)
				goto undo;
		}
		if (gs != NULL) {
			lak_buf_adds(pb, " /Group ");
			if (renumbered(cp, gs, ge, pb) < 0)
				goto undo;
		}
		lak_buf_adds(pb, " >>");
	}
	/* the structure: the page's text one P, in the content's order */
	lak_buf_addf(&b, "%zu [", w->npages);
	if (nmcid > 0) {
		struct lak_buf *eb = &w->objs[elem - 1].body;

		lak_buf_addf(eb, "<< /S /P /P %d 0 R /Pg %zu 0 R /K [",
		    OBJ_STRUCT_DOC, page);
		for (size_t k = 0; k < nmcid; k++) {
			lak_buf_addf(eb, " %zu", k);
			lak_buf_addf(&b, " %zu 0 R", elem);
		}
		lak_buf_adds(eb, " ] >>");
		lak_buf_addf(&w->tops, " %zu 0 R", elem);
	}
	lak_buf_adds(&b, " ]\n");
	lak_buf_add(&w->parents, b.data, b.len);
	if (lak_array_grow((void **)&w->pages, &w->pages_alloc, w->npages,
	    sizeof(*w->pages)) < 0) {
		ret = lak_error_oom(err);
		goto out;
	}
	w->pages[w->npages++] = page;
	for (size_t i = first; i < w->n; i++)
		if (lak_buf_check(&w->objs[i].body, err) < 0) {
			ret = -1;
			goto out;
		}
	ret = 0;
	goto out;
undo:
	/* the objects made for it go again (and are still to be copied by
	 * a later page): the caller writes a raster page instead */
	for (size_t i = first; i < w->n; i++)
		lak_buf_release(&w->objs[i].body);
	w->n = first;
out:
	if (ret != 0)
		for (size_t q = 0; q < cp->nq; q++)
			cp->o[cp->queue[q]].newnum = 0;
	lak_buf_release(&content);
	lak_buf_release(&tagged);
	lak_buf_release(&b);
	return ret;
}

/* --- finishing a tagged PDF that cairo wrote ---------------------------- */

/* Whether token [s, e) is an operator (not a number, boolean or null). */
static bool
is_operator(const char *s, const char *e)
{
	if (s == e || strchr("+-.0123456789", *s) != NULL)
		return false;
	return !tok_is(s, e, "true") && !tok_is(s, e, "false") &&
	    !tok_is(s, e, "null");
}

/* Content with what lies outside any marked content (page numbers, a
 * logo: what cairo 1.16 leaves untagged) marked as artifacts, onto 'out';
 * a stretch that would split a text object stays as it is. */
static int
artifacts(const char *d, size_t len, struct lak_buf *out)
{
	const char *q = d, *end = d + len, *s, *seg = d, *after_op = d;
	int depth = 0, bt = 0;
	bool ops = false;
	enum tok t;

	while ((t = pdf_token(&q, end, &s)) != T_END) {
		if (t == T_BAD)
			return -1;
		if (t != T_REG || !is_operator(s, q))
			continue;
		if (tok_is(s, q, "BMC") || tok_is(s, q, "BDC")) {
			if (depth == 0) {
				/* the stretch before this operator's operands */
				if (ops && bt == 0) {
					lak_buf_adds(out, "/Artifact BMC\n");
					lak_buf_add(out, seg, (size_t)(after_op -
					    seg));
					lak_buf_adds(out, "\nEMC\n");
				} else
					lak_buf_add(out, seg, (size_t)(after_op -
					    seg));
				seg = after_op;
			}
			depth++;
		} else if (tok_is(s, q, "EMC")) {
			if (--depth < 0)
				return -1;
			if (depth == 0) {
				lak_buf_add(out, seg, (size_t)(q - seg));
				seg = q;
				ops = false;
				bt = 0;
			}
		} else if (depth == 0) {
			ops = true;
			if (tok_is(s, q, "BT"))
				bt++;
			else if (tok_is(s, q, "ET"))
				bt--;
		}
		after_op = q;
	}
	if (depth != 0)
		return -1;
	if (ops && bt == 0) {
		lak_buf_adds(out, "/Artifact BMC\n");
		lak_buf_add(out, seg, (size_t)(end - seg));
		lak_buf_adds(out, "\nEMC\n");
	} else
		lak_buf_add(out, seg, (size_t)(end - seg));
	return 0;
}

/* page_contents(): a content stream's number marked. */
static int
mark_content(void *ctx, size_t n)
{
	((bool *)ctx)[n] = true;
	return 0;
}

int
lak_pdf_tagged_finish(const void *pdf, size_t len, const char *lang,
    struct lak_buf *out, struct lak_error *err)
{
	struct lak_pdfw_src *src = NULL;
	struct cpdf *c;
	bool *content = NULL;
	size_t *off = NULL, xref;
	struct lak_buf plain, tagged, z;
	int r, ret = -1;

	lak_buf_init(&plain, LAK_PDF_MAX_INFLATED);
	lak_buf_init(&tagged, 0);
	lak_buf_init(&z, 0);
	if ((r = lak_pdfw_src_open(pdf, len, &src, err)) != 0)
		return r < 0 ? -1 : lak_error_set(err, LAK_EFORMAT, "not a "
		    "PDF of the form cairo writes");
	c = &src->c;
	if ((content = calloc(c->n + 1, sizeof(*content))) == NULL ||
	    (off = calloc(c->n + 1, sizeof(*off))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	/* the pages' content streams */
	for (size_t p = 0; p < src->npages; p++)
		(void)page_contents(c, src->pages[p], mark_content, content);
	lak_buf_adds(out, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
	for (size_t i = 1; i < c->n; i++) {
		const struct cobj *o = &c->o[i];

		if (o->v == NULL)
			continue;
		off[i] = out->len;
		lak_buf_addf(out, "%zu 0 obj\n", i);
		if (i == src->root) {
			/* the catalog: what cairo does not write */
			const char *e = o->ve;

			while (e > o->v && e[-1] != '>')
				e--;
			lak_buf_add(out, o->v, (size_t)(e - 2 - o->v));
			lak_buf_addf(out, " /Lang (%s) /ViewerPreferences << "
			    "/DisplayDocTitle true >> >>", lang);
		} else if (content[i] && o->data != NULL) {
			lak_buf_reset(&plain);
			lak_buf_reset(&tagged);
			lak_buf_reset(&z);
			if (stream_decoded(o, &plain) != 0 || artifacts(plain.data ? plain.data : "", plain.len,
			    &tagged) < 0 || lak_buf_check(&tagged, err) < 0 ||
			    deflate_to(&z, tagged.data ? tagged.data : "",
			    tagged.len, err) < 0) {
				if (err->code == LAK_OK)
					lak_error_set(err, LAK_EFORMAT, "the "
					    "content of object %zu cannot be "
					    "read", i);
				goto out;
			}
			lak_buf_addf(out, "<< /Filter /FlateDecode /Length %zu "
			    ">>\nstream\n", z.len);
			lak_buf_add(out, z.data, z.len);
			lak_buf_adds(out, "\nendstream");
		} else {
			lak_buf_add(out, o->v, (size_t)(o->ve - o->v));
			if (o->data != NULL) {
				lak_buf_adds(out, "\nstream\n");
				lak_buf_add(out, o->data, o->len);
				lak_buf_adds(out, "\nendstream");
			}
		}
		lak_buf_adds(out, "\nendobj\n");
	}
	xref = out->len;
	lak_buf_addf(out, "xref\n0 %zu\n0000000000 65535 f \n", c->n);
	for (size_t i = 1; i < c->n; i++)
		if (off[i] != 0)
			lak_buf_addf(out, "%010zu 00000 n \n", off[i]);
		else
			lak_buf_adds(out, "0000000000 00000 f \n");
	lak_buf_adds(out, "trailer\n");
	lak_buf_add(out, src->trailer, (size_t)(src->trailer_end -
	    src->trailer));
	lak_buf_addf(out, "\nstartxref\n%zu\n%%%%EOF\n", xref);
	ret = lak_buf_check(out, err);
out:
	lak_pdfw_src_free(src);
	free(content);
	free(off);
	lak_buf_release(&plain);
	lak_buf_release(&tagged);
	lak_buf_release(&z);
	return ret;
}

/* A PDF text string: UTF-16BE with a byte-order mark, in hex. */
static void
pdf_string(struct lak_buf *b, const char *s)
{
	lak_buf_adds(b, "<FEFF");
	for (; s && *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);

		if (c >= 0x10000) {
			gunichar v = c - 0x10000;

			lak_buf_addf(b, "%04X%04X", 0xD800 + (v >> 10),
			    0xDC00 + (v & 0x3FF));
		} else {
			lak_buf_addf(b, "%04X", c);
		}
	}
	lak_buf_addc(b, '>');
}

static void
xml_escaped(struct lak_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': lak_buf_adds(b, "&lt;"); break;
		case '>': lak_buf_adds(b, "&gt;"); break;
		case '&': lak_buf_adds(b, "&amp;"); break;
		case '"': lak_buf_adds(b, "&quot;"); break;
		default: lak_buf_addc(b, *s); break;
		}
	}
}

int
lak_pdfw_finish(struct lak_pdfw *w, const struct lak_pdf_info *info,
    struct lak_buf *out, struct lak_error *err)
{
	size_t *off = NULL, xref;
	char pdfdate[32], isodate[32];
	struct tm tm;
	time_t t = (time_t)info->date;
	struct lak_buf x;
	char id[LAK_SHA256_HEX_LEN + 1];
	int ret = -1;

	gmtime_r(&t, &tm);
	strftime(pdfdate, sizeof(pdfdate), "D:%Y%m%d%H%M%SZ", &tm);
	strftime(isodate, sizeof(isodate), "%Y-%m-%dT%H:%M:%SZ", &tm);
	lak_buf_addf(&w->objs[0].body, "<< /Type /Catalog /Pages 2 0 R "
	    "/Metadata 4 0 R /StructTreeRoot %d 0 R /MarkInfo << /Marked true "
	    ">> /Lang (%s) /ViewerPreferences << /DisplayDocTitle true >> >>",
	    OBJ_STRUCT_ROOT, info->lang && *info->lang && strspn(info->lang,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") ==
	    strlen(info->lang) && strlen(info->lang) < 36 ? info->lang :
	    "nl-NL");
	lak_buf_addf(&w->objs[OBJ_STRUCT_ROOT - 1].body, "<< /Type "
	    "/StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey "
	    "%zu >>", OBJ_STRUCT_DOC, OBJ_PARENT_TREE, w->npages);
	lak_buf_addf(&w->objs[OBJ_STRUCT_DOC - 1].body, "<< /Type /StructElem "
	    "/S /Document /P %d 0 R /K [%s ] >>", OBJ_STRUCT_ROOT,
	    w->tops.data ? w->tops.data : "");
	lak_buf_addf(&w->objs[OBJ_PARENT_TREE - 1].body, "<< /Nums [\n%s] >>",
	    w->parents.data ? w->parents.data : "");
	if (lak_buf_check(&w->tops, err) < 0 ||
	    lak_buf_check(&w->parents, err) < 0)
		goto out;
	lak_buf_addf(&w->objs[1].body, "<< /Type /Pages /Count %zu /Kids [",
	    w->npages);
	for (size_t i = 0; i < w->npages; i++)
		lak_buf_addf(&w->objs[1].body, "%s%zu 0 R", i ? " " : "",
		    w->pages[i]);
	lak_buf_adds(&w->objs[1].body, "] >>");
	lak_buf_adds(&w->objs[2].body, "<< ");
	if (info->title) {
		lak_buf_adds(&w->objs[2].body, "/Title ");
		pdf_string(&w->objs[2].body, info->title);
		lak_buf_addc(&w->objs[2].body, ' ');
	}
	lak_buf_adds(&w->objs[2].body, "/Producer ");
	pdf_string(&w->objs[2].body, info->producer);
	lak_buf_addf(&w->objs[2].body, " /CreationDate (%s) /ModDate (%s) >>",
	    pdfdate, pdfdate);
	/* XMP: the same few facts, uncompressed as the spec recommends */
	lak_buf_init(&x, 0);
	lak_buf_adds(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:"
	    "meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
	    "syntax-ns#\">\n<rdf:Description rdf:about=\"\" xmlns:dc=\""
	    "http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe."
	    "com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	if (info->title) {
		lak_buf_adds(&x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-"
		    "default\">");
		xml_escaped(&x, info->title);
		lak_buf_adds(&x, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	lak_buf_adds(&x, "<pdf:Producer>");
	xml_escaped(&x, info->producer);
	lak_buf_addf(&x, "</pdf:Producer>\n<xmp:CreateDate>%s</xmp:CreateDate>"
	    "\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n</rdf:Description>\n"
	    "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>", isodate,
	    isodate);
	lak_buf_addf(&w->objs[3].body, "<< /Type /Metadata /Subtype /XML "
	    "/Length %zu >>\nstream\n", x.len);
	lak_buf_add(&w->objs[3].body, x.data, x.len);
	lak_buf_adds(&w->objs[3].body, "\nendstream");
	lak_buf_release(&x);

	if ((off = calloc(w->n + 1, sizeof(*off))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	lak_buf_adds(out, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
	for (size_t i = 0; i < w->n; i++) {
		off[i] = out->len;
		lak_buf_addf(out, "%zu 0 obj\n", i + 1);
		lak_buf_add(out, w->objs[i].body.data, w->objs[i].body.len);
		lak_buf_adds(out, "\nendobj\n");
	}
	xref = out->len;
	lak_buf_addf(out, "xref\n0 %zu\n0000000000 65535 f \n", w->n + 1);
	for (size_t i = 0; i < w->n; i++)
		lak_buf_addf(out, "%010zu 00000 n \n", off[i]);
	if (lak_buf_check(out, err) < 0)
		goto out;
	/* the file ID: a hash of everything before it, so it is the same
	 * for the same content */
	lak_sha256_hex(out->data, out->len, id);
	lak_buf_addf(out, "trailer\n<< /Size %zu /Root 1 0 R /Info 3 0 R "
	    "/ID [<%.32s> <%.32s>] >>\nstartxref\n%zu\n%%%%EOF\n", w->n + 1,
	    id, id, xref);
	ret = lak_buf_check(out, err);
out:
	free(off);
	return ret;
}
