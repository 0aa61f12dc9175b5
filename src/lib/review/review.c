/*
 * Review stage (see review.h).
 */
#include "lib/base/common.h"

#include <math.h>

#include <glib.h>
#include <poppler.h>
#include <png.h>

#include "lib/base/csv.h"
#include "lib/base/digest.h"
#include "lib/base/fold.h"
#include "lib/base/fsutil.h"
#include "lib/base/json.h"
#include "lib/base/limits.h"
#include "lib/ingest/ingest-int.h"
#include "lib/pdf/raster-int.h"
#include "lib/review/review.h"

/* Page images are never larger than this on either side. */
#define MAX_SIDE 3000.0


static void
json_str(struct lak_buf *out, const char *s)
{
	lak_json_string(out, s ? s : "", s ? strlen(s) : 0);
}

/* --- page images ------------------------------------------------------- */

/* libpng's output into a lak_buf, and its errors into a message. */
struct png_out {
	struct lak_buf *buf;
	char msg[200];
};

static void
png_write_buf(png_structp png, png_bytep data, size_t len)
{
	struct png_out *o = png_get_io_ptr(png);

	lak_buf_add(o->buf, data, len);
}

static void
png_flush_none(png_structp png)
{
	(void)png;
}

static void
png_fail(png_structp png, png_const_charp msg)
{
	struct png_out *o = png_get_error_ptr(png);

	snprintf(o->msg, sizeof(o->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void
png_warn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/*
 * The grey image g (w x h) as an 8-bit grey PNG (libpng) at zlib's fastest level, no
 * row filter. Measured on the bench corpus (1,401 pages, run -j 2): with
 * cairo's own RGB PNG writer the review report cost 24.1 s of a 37.3 s
 * run and 233 MB; 8-bit grey at level 1, 6.4 s of 18.7 s and 116 MB
 * (Z_RLE: 5.8 s but 228 MB; 4-bit grey: slower, 95 MB).
 */
static int
png_grey(const unsigned char *g, int w, int h, struct lak_buf *out,
    struct lak_error *err)
{
	struct png_out o = { out, "" };
	png_structp png = NULL;
	png_infop info = NULL;
	volatile int ret = -1;

	lak_buf_reset(out);
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING,
	    &o, png_fail, png_warn)) == NULL || (info =
	    png_create_info_struct(png)) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if (setjmp(png_jmpbuf(png))) {
		lak_error_set(err, LAK_EFORMAT, "cannot write a page image: "
		    "%s", o.msg);
		goto out;
	}
	png_set_write_fn(png, &o, png_write_buf, png_flush_none);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++)
		png_write_row(png, g + (size_t)y * (size_t)w);
	png_write_end(png, info);
	ret = lak_buf_check(out, err);
out:
	png_destroy_write_struct(&png, &info);
	return ret;
}

/* Page 'p' (0-based) as a PNG at 'dpi' into 'png'; its size in pixels. */
static int
page_png(const struct lak_doc *doc, PopplerDocument *pd, size_t p,
    double dpi, struct lak_buf *png, int *pw, int *ph,
    struct lak_error *err)
{
	const struct lak_page *pg = &doc->pages[p];
	double s = dpi / 72.0;
	unsigned char *g;
	int ret;

	if (pg->width * s > MAX_SIDE)
		s = MAX_SIDE / pg->width;
	if (pg->height * s > MAX_SIDE)
		s = MAX_SIDE / pg->height;
	*pw = (int)LAK_MAX(1.0, ceil(pg->width * s));
	*ph = (int)LAK_MAX(1.0, ceil(pg->height * s));
	if ((g = lak_paint_page_grey(pd, doc, p, s, *pw, *ph)) == NULL)
		return lak_error_oom(err);
	ret = png_grey(g, *pw, *ph, png, err);
	free(g);
	if (ret < 0)
		lak_error_prefix(err, "page %zu: ", p + 1);
	return ret;
}

/* --- one document ------------------------------------------------------ */

static const char *const span_kinds[] = {
	"text", "item", "metadata", "page", "document", "area",
};

struct boxes {
	struct lak_buf *out;
	bool *pages;		/* pages with a box */
	size_t npages;
	size_t n;
};

static void
box_json(void *vctx, uint32_t page, const struct lak_box *b)
{
	struct boxes *c = vctx;

	lak_buf_addf(c->out, "%s[%u,%.1f,%.1f,%.1f,%.1f]", c->n++ ? "," : "",
	    page + 1, b->x0, b->y0, b->x1, b->y1);
	if (page < c->npages)
		c->pages[page] = true;
}

struct words {
	struct lak_buf *out;
	uint32_t page;
	size_t n;
};

static void
word_box(void *vctx, uint32_t page, const struct lak_box *b)
{
	struct words *w = vctx;

	if (page == w->page)
		lak_buf_addf(w->out, "%s[%.1f,%.1f,%.1f,%.1f]", w->n++ ? "," :
		    "", b->x0, b->y0, b->x1, b->y1);
}

/* The boxes of the words of page 'p' (its characters between blanks, a
 * box per line), for the report to snap a reviewer's selection to: the
 * words the text has, OCR'd ones too. */
static void
words_json(struct lak_buf *out, const struct lak_doc *doc,
    const struct lak_view *v, size_t p)
{
	struct words w = { out, (uint32_t)p, 0 };
	size_t from = SIZE_MAX;

	if (v == NULL || p >= v->npages)
		return;
	for (size_t c = v->page_view[p]; c <= v->page_view[p + 1]; c++) {
		unsigned char ch = c < v->page_view[p + 1] ?
		    (unsigned char)v->text[v->off[c]] : ' ';
		bool blank = ch == ' ' || ch == '\n' || ch == '\t' ||
		    ch == '\f' || ch == '\r';

		if (!blank && from == SIZE_MAX)
			from = c;
		else if (blank && from != SIZE_MAX) {
			struct lak_span t;

			memset(&t, 0, sizeof(t));
			t.kind = LAK_SPAN_TEXT;
			t.start = from;
			t.end = c;
			lak_span_boxes(&t, doc, v, word_box, &w);
			from = SIZE_MAX;
		}
	}
}

static void
flags_json(struct lak_buf *out, uint32_t flags)
{
	bool first = true;

	lak_buf_adds(out, "[");
	if (flags & LAK_PAGE_NEEDS_OCR) {
		lak_buf_adds(out, "\"needs-ocr\"");
		first = false;
	}
	if (flags & LAK_PAGE_UNRELIABLE_TEXT) {
		lak_buf_addf(out, "%s\"unreliable-text\"", first ? "" : ",");
		first = false;
	}
	/* read by OCR with words it was unsure of, or text that says other
	 * words than its glyphs draw: for a person to look at */
	if (flags & LAK_PAGE_OCR_LOW) {
		lak_buf_addf(out, "%s\"ocr-low-confidence\"", first ? "" : ",");
		first = false;
	}
	if (flags & LAK_PAGE_TEXT_DISAGREES)
		lak_buf_addf(out, "%s\"text-disagrees\"", first ? "" : ",");
	lak_buf_adds(out, "]");
}

#define REVIEW_FLAGS (LAK_PAGE_NEEDS_OCR | LAK_PAGE_UNRELIABLE_TEXT | \
	LAK_PAGE_OCR_LOW | LAK_PAGE_TEXT_DISAGREES)

int
lak_review_doc(const struct lak_review_doc *rd,
    const struct lak_review_opts *o, const char *pages_dir,
    struct lak_buf *json, struct lak_error *err)
{
	const struct lak_doc *doc = rd->doc;
	const struct lak_view *v = rd->view;
	const struct lak_plan *plan = rd->plan;
	double dpi = o->dpi > 0 ? o->dpi : 96.0;
	struct lak_buf j, csv, png;
	struct lak_csv_row row = { NULL, 0, 0 };
	bool *shown = calloc(doc->npages + 1, sizeof(*shown));
	PopplerDocument *pd = NULL;
	char *dir = NULL;
	const char *rows;
	size_t pos = 0, first = 0, rowslen, pdflen;
	const void *pdf = lak_doc_pdf(doc, rd->src, rd->srclen, &pdflen);
	int ret = -1;

	lak_buf_init(&j, 0);
	lak_buf_init(&csv, 0);
	lak_buf_init(&png, 0);
	if (shown == NULL) {
		lak_error_oom(err);
		goto out;
	}
	/* every span's row as the plan CSV has it: the page exports these
	 * with the reviewer's decisions */
	if (rd->csv != NULL) {
		rows = rd->csv;
		rowslen = rd->csvlen;
	} else {
		if (lak_plan_write_csv(plan, doc, v, o->cat, &csv, err) < 0)
			goto out;
		rows = csv.data;
		rowslen = csv.len;
	}
	if (lak_csv_next(rows, rowslen, &pos, ',', &row) != 1) {
		lak_error_set(err, LAK_EFORMAT, "the plan's CSV does not "
		    "read back");
		goto out;
	}
	lak_buf_adds(&j, "{\"id\":");
	json_str(&j, rd->id);
	lak_buf_adds(&j, ",\"name\":");
	json_str(&j, rd->name);
	lak_buf_adds(&j, ",\"source\":");
	json_str(&j, doc->meta.source);
	lak_buf_addf(&j, ",\"sha256\":\"%s\",\"format\":", doc->meta.sha256);
	json_str(&j, doc->meta.format);
	lak_buf_addf(&j, ",\"npages\":%zu,\"proposals\":[", doc->npages);
	for (size_t i = 0, nprop = 0; i < plan->n; i++) {
		const struct lak_span *s = &plan->spans[i];
		struct boxes bx = { &j, shown, doc->npages, 0 };
		const char *text;
		size_t len = 0;

		if (s->under_area)
			continue;	/* (no row: its area's stands for it) */
		if (lak_csv_next(rows, rowslen, &pos, ',', &row) != 1 ||
		    row.n != 13) {
			lak_error_set(err, LAK_EFORMAT, "the plan's CSV does "
			    "not read back");
			goto out;
		}
		lak_buf_addf(&j, "%s{\"kind\":\"%s\",\"page\":%u,\"grounds\":[",
		    nprop++ ? "," : "", span_kinds[s->kind], s->page);
		for (size_t k = 0; k < s->ngrounds; k++) {
			lak_buf_adds(&j, k ? "," : "");
			json_str(&j, o->cat->g[s->grounds[k]].code);
		}
		lak_buf_adds(&j, "],\"rules\":");
		json_str(&j, s->rules);
		lak_buf_addf(&j, ",\"decision\":\"%s\",\"text\":",
		    s->decision == LAK_DECISION_KEEP ? "keep" : "redact");
		text = lak_span_text(s, doc, v, &len);
		lak_json_string(&j, text ? text : "", text ? len : 0);
		lak_buf_adds(&j, ",\"boxes\":[");
		if (s->kind == LAK_SPAN_PAGE && s->page >= 1 &&
		    s->page <= doc->npages) {
			const struct lak_page *pg = &doc->pages[s->page - 1];
			struct lak_box b = { 0, 0, (float)pg->width,
			    (float)pg->height };

			box_json(&bx, s->page - 1, &b);
		} else {
			lak_span_boxes(s, doc, v, box_json, &bx);
		}
		lak_buf_adds(&j, "],\"row\":[");
		for (size_t k = 0; k < row.n; k++) {
			lak_buf_adds(&j, k ? "," : "");
			json_str(&j, row.f[k]);
		}
		lak_buf_adds(&j, "]}");
	}
	lak_buf_adds(&j, "],\"pages\":[");
	/* pages flagged for manual review first, then those with boxes */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t p = 0; p < doc->npages; p++) {
			const struct lak_page *pg = &doc->pages[p];
			bool flagged = (pg->flags & REVIEW_FLAGS) != 0;
			char name[64], *path;
			int pw, ph;

			/* every page: a reviewer may add a redaction on a
			 * page without proposals */
			if (pass == 0 ? !flagged : flagged)
				continue;
			if (pd == NULL && pdf != NULL) {
				if ((pd = lak_pdf_open(pdf, pdflen,
				    rd->password, err)) == NULL)
					goto out;
			}
			if (dir == NULL) {
				dir = g_build_filename(pages_dir, rd->id, NULL);
				if (lak_mkdir_p(dir, err) < 0)
					goto out;
			}
			if (page_png(doc, pd, p, dpi, &png, &pw, &ph, err) < 0)
				goto out;
			snprintf(name, sizeof(name), "p%zu.png", p + 1);
			path = g_build_filename(dir, name, NULL);
			if (lak_file_write_atomic(path, png.data, png.len, 0666,
			    err) < 0) {
				lak_error_prefix(err, "%s: ", path);
				g_free(path);
				goto out;
			}
			g_free(path);
			lak_buf_addf(&j, "%s{\"n\":%zu,\"w\":%.2f,\"h\":%.2f,"
			    "\"pw\":%d,\"ph\":%d,\"img\":", first++ ? "," : "",
			    p + 1, pg->width, pg->height, pw, ph);
			{
				char *img = g_strdup_printf("pages/%s/%s",
				    rd->id, name);

				json_str(&j, img);
				g_free(img);
			}
			lak_buf_adds(&j, ",\"flags\":");
			flags_json(&j, pg->flags);
			lak_buf_adds(&j, ",\"words\":[");
			words_json(&j, doc, v, p);
			lak_buf_adds(&j, "]}");
		}
	}
	lak_buf_adds(&j, "]}");
	if (lak_buf_check(&j, err) < 0 || lak_buf_add(json, j.data, j.len) < 0
	    || lak_buf_check(json, err) < 0)
		goto out;
	ret = 0;
out:
	if (pd != NULL)
		g_object_unref(pd);
	g_free(dir);
	free(shown);
	lak_csv_row_release(&row);
	lak_buf_release(&j);
	lak_buf_release(&csv);
	lak_buf_release(&png);
	return ret;
}

/* --- the page ---------------------------------------------------------- */

static const char *const plan_columns[] = {
	"id", "document", "sha256", "kind", "where", "page", "start", "end",
	"boxes", "grounds", "rules", "decision", "context",
};

/* 'sha256-BASE64' of 's', for a Content-Security-Policy. */
static char *
csp_hash(const char *s, size_t len)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	guint8 d[32];
	gsize n = sizeof(d);
	gchar *b, *r;

	g_checksum_update(c, (const guchar *)s, (gssize)len);
	g_checksum_get_digest(c, d, &n);
	g_checksum_free(c);
	b = g_base64_encode(d, n);
	r = g_strdup_printf("'sha256-%s'", b);
	g_free(b);
	return r;
}

static char *
asset(const char *dir, const char *name, size_t *len, struct lak_error *err)
{
	char *path = g_build_filename(dir, name, NULL), *data = NULL;

	if (lak_file_read(path, LAK_MAX_ASSET_FILE, &data, len, err) < 0)
		lak_error_prefix(err, "%s: ", path);
	else if (memmem(data, *len, "</", 2) != NULL) {
		/* it is inlined: it must not end its own element */
		lak_error_set(err, LAK_EFORMAT, "%s: has '</' in it, which "
		    "cannot be inlined", path);
		free(data);
		data = NULL;
	}
	g_free(path);
	return data;
}

int
lak_review_index(const struct lak_review_page *pg, const char *path,
    struct lak_error *err)
{
	struct lak_buf h, d;
	char *css = NULL, *js = NULL, *hcss = NULL, *hjs = NULL, *title = NULL;
	size_t csslen = 0, jslen = 0;
	char report[LAK_SHA256_HEX_LEN + 1];
	int ret = -1;

	lak_buf_init(&h, 0);
	lak_buf_init(&d, 0);
	if ((css = asset(pg->assets, "review.css", &csslen, err)) == NULL ||
	    (js = asset(pg->assets, "review.js", &jslen, err)) == NULL)
		goto out;
	/* the data: the report's identity (for the browser's saved
	 * decisions) is the digest of what it shows */
	lak_sha256_hex(pg->docs ? pg->docs : "", pg->docslen, report);
	lak_buf_adds(&d, "{\"report\":");
	json_str(&d, report);
	lak_buf_adds(&d, ",\"title\":");
	json_str(&d, pg->title);
	lak_buf_adds(&d, ",\"generator\":");
	json_str(&d, pg->generator);
	lak_buf_adds(&d, ",\"regime\":");
	json_str(&d, pg->regime);
	lak_buf_adds(&d, ",\"apply\":");
	json_str(&d, pg->apply);
	lak_buf_adds(&d, ",\"columns\":[");
	for (size_t i = 0; i < LAK_ARRAY_SIZE(plan_columns); i++)
		lak_buf_addf(&d, "%s\"%s\"", i ? "," : "", plan_columns[i]);
	lak_buf_adds(&d, "],\"grounds\":[");
	for (size_t i = 0; i < pg->cat->n; i++) {
		const struct lak_ground *g = &pg->cat->g[i];

		lak_buf_adds(&d, i ? ",{\"code\":" : "{\"code\":");
		json_str(&d, g->code);
		lak_buf_addf(&d, ",\"regime\":\"%s\",\"label\":",
		    g->regime == LAK_REGIME_WOB ? "wob" : "woo");
		json_str(&d, g->label);
		lak_buf_adds(&d, "}");
	}
	lak_buf_adds(&d, "],\"documents\":[");
	if (pg->docs != NULL)
		lak_buf_add(&d, pg->docs, pg->docslen);
	lak_buf_adds(&d, "]}");
	if (lak_buf_check(&d, err) < 0)
		goto out;
	hcss = csp_hash(css, csslen);
	hjs = csp_hash(js, jslen);
	title = g_markup_escape_text(pg->title ? pg->title : "", -1);
	lak_buf_addf(&h, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; img-src 'self' file:; style-src %s; "
	    "script-src %s; base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"%s\">\n"
	    "<title>Beoordeling: %s</title>\n<style>", hcss, hjs,
	    pg->generator ? pg->generator : "lakwerk", title);
	lak_buf_add(&h, css, csslen);
	lak_buf_addf(&h, "</style>\n</head>\n<body>\n"
	    "<noscript><p>Dit verslag heeft JavaScript nodig (het gebruikt "
	    "geen netwerk).</p></noscript>\n"
	    "<main id=\"report\" data-title=\"%s\"></main>\n"
	    "<script type=\"application/json\" id=\"lakwerk-data\">", title);
	lak_buf_add(&h, d.data, d.len);
	lak_buf_adds(&h, "</script>\n<script>");
	lak_buf_add(&h, js, jslen);
	lak_buf_adds(&h, "</script>\n</body>\n</html>\n");
	if (lak_buf_check(&h, err) < 0 ||
	    lak_file_write_atomic(path, h.data, h.len, 0666, err) < 0)
		goto out;
	ret = 0;
out:
	free(css);
	free(js);
	g_free(hcss);
	g_free(hjs);
	g_free(title);
	lak_buf_release(&h);
	lak_buf_release(&d);
	return ret;
}
