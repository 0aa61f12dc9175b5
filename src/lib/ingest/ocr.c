/*
 * Ingest stage: OCR with Tesseract's C API (see ocr-int.h).
 *
 * One Tesseract instance per process, made on first use (about 0.3 s for
 * Dutch and English) and kept: a run's workers are forked after
 * lak_ocr_warm_up(), so each starts with the models loaded.
 */
#include "lib/base/common.h"

#include <math.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "lib/base/buf.h"
#include "lib/ingest/ocr-int.h"

static TessBaseAPI *api;
static int api_state;		/* 0 not tried, 1 ready, -1 failed */
static char api_error[200];

#ifdef HAVE_LIBGOMP
/* OpenMP (Tesseract's threads), declared here so that no omp.h is needed
 * (clang's fuzzing build has none). */
void omp_set_num_threads(int n);
#endif

/* Leptonica's messages (it prints errors of its own to stderr) go
 * nowhere: the library never prints. */
static void
lept_quiet(const char *msg)
{
	(void)msg;
}

static TessBaseAPI *
get_api(struct lak_error *err)
{
	const char *langs = getenv("LAKWERK_OCR_LANGS");

	if (api_state == 0) {
		api_state = -1;
		leptSetStderrHandler(lept_quiet);
		setMsgSeverity(L_SEVERITY_NONE);
#ifdef HAVE_LIBGOMP
		/* one thread: a run has a worker per core, and on two cores
		 * Tesseract's threads spent 80 % of a page waiting */
		omp_set_num_threads(1);
#endif
		if ((api = TessBaseAPICreate()) == NULL) {
			snprintf(api_error, sizeof(api_error), "cannot start "
			    "Tesseract");
		} else if (TessBaseAPIInit3(api, NULL, langs && *langs ? langs :
		    LAK_OCR_LANGS) != 0) {
			snprintf(api_error, sizeof(api_error), "Tesseract has no "
			    "models for '%s' (Debian: tesseract-ocr-nld, "
			    "tesseract-ocr-eng)", langs && *langs ? langs :
			    LAK_OCR_LANGS);
			TessBaseAPIDelete(api);
			api = NULL;
		} else {
			/* Tesseract's own messages go nowhere: the library
			 * never prints. */
			TessBaseAPISetVariable(api, "debug_file", "/dev/null");
			api_state = 1;
		}
	}
	if (api_state < 0) {
		lak_error_set(err, LAK_EUNSUPPORTED, "OCR: %s", api_error);
		return NULL;
	}
	return api;
}

void
lak_ocr_warm_up(void)
{
	struct lak_error err = LAK_ERROR_INIT;

	get_api(&err);
}

void
lak_ocr_words_release(struct lak_ocr_words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i].text);
	free(ws->w);
	memset(ws, 0, sizeof(*ws));
}

static int
add_word(struct lak_ocr_words *ws, const char *text, double x0, double y0,
    double x1, double y1, float conf, unsigned int line, unsigned int part)
{
	struct lak_ocr_word *w;

	if (lak_array_grow((void **)&ws->w, &ws->alloc, ws->n,
	    sizeof(*ws->w)) < 0)
		return -1;
	w = &ws->w[ws->n];
	if ((w->text = strdup(text)) == NULL)
		return -1;
	w->box.x0 = (float)x0;
	w->box.y0 = (float)y0;
	w->box.x1 = (float)x1;
	w->box.y1 = (float)y1;
	w->conf = conf;
	w->line = line;
	w->part = part;
	ws->n++;
	return 0;
}

/* Read the part set on 't' and append its words. */
static int
read_words(TessBaseAPI *t, double s, double ox, double oy, unsigned int part,
    struct lak_ocr_words *out, struct lak_error *err)
{
	TessResultIterator *ri = NULL;
	unsigned int line = out->lines;
	int ret = -1;

	if (TessBaseAPIRecognize(t, NULL) != 0) {
		lak_error_set(err, LAK_EFORMAT, "OCR: Tesseract could not read "
		    "the image");
		goto out;
	}
	if ((ri = TessBaseAPIGetIterator(t)) == NULL) {
		ret = 0;	/* no text */
		goto out;
	}
	do {
		const TessPageIterator *pi =
		    TessResultIteratorGetPageIteratorConst(ri);
		char *text;
		int l, tp, r, b;

		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE))
			line++;
		if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &tp, &r, &b))
			continue;
		if ((text = TessResultIteratorGetUTF8Text(ri, RIL_WORD)) ==
		    NULL)
			continue;
		if (*text != '\0' && add_word(out, text, ox + l * s,
		    oy + tp * s, ox + r * s, oy + b * s,
		    TessResultIteratorConfidence(ri, RIL_WORD), line, part) < 0) {
			TessDeleteText(text);
			lak_error_oom(err);
			goto out;
		}
		TessDeleteText(text);
	} while (TessResultIteratorNext(ri, RIL_WORD));
	ret = 0;
out:
	out->lines = line + 1;
	if (ri != NULL)
		TessResultIteratorDelete(ri);
	return ret;
}

int
lak_ocr_grey(const unsigned char *px, int w, int h, int stride, double dpi,
    double ox, double oy, const struct lak_ocr_rect *rects, size_t nrects,
    struct lak_ocr_words *out, struct lak_error *err)
{
	TessBaseAPI *t = get_api(err);
	double s = 72.0 / dpi;
	int ret = 0;

	if (t == NULL)
		return -1;
	if (w < 8 || h < 8)
		return 0;	/* nothing Tesseract could read */
	TessBaseAPISetPageSegMode(t, PSM_AUTO);
	if (nrects == 0) {
		TessBaseAPISetImage(t, px, w, h, 1, stride);
		TessBaseAPISetSourceResolution(t, (int)lround(dpi));
		ret = read_words(t, s, ox, oy, 0, out, err);
	}
	/* Each part as an image of its own (the pixels are not copied
	 * here): TessBaseAPISetRectangle on a strip the page wide read one
	 * word of a line that the same part alone reads whole. */
	for (size_t i = 0; i < nrects && ret == 0; i++) {
		const struct lak_ocr_rect *r = &rects[i];
		int x0 = LAK_MAX(r->x0, 0), y0 = LAK_MAX(r->y0, 0);
		int x1 = LAK_MIN(r->x1, w), y1 = LAK_MIN(r->y1, h);

		if (x1 - x0 < 8 || y1 - y0 < 8)
			continue;
		TessBaseAPISetImage(t, px + (size_t)y0 * (size_t)stride +
		    (size_t)x0, x1 - x0, y1 - y0, 1, stride);
		TessBaseAPISetSourceResolution(t, (int)lround(dpi));
		ret = read_words(t, s, ox + x0 * s, oy + y0 * s,
		    (unsigned int)i, out, err);
	}
	TessBaseAPIClear(t);
	return ret;
}
