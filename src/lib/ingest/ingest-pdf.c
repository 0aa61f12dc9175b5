/*
 * Ingest stage, PDF, through poppler-glib.
 *
 * Text comes from poppler's layout analysis: poppler_page_get_text() and
 * poppler_page_get_text_layout() are index-aligned (one box per character,
 * line ends included) and share one cached TextPage, so a page is analysed
 * once. Every optional-content layer is switched on first, because hidden
 * layers are text a release can leak; when the file has layers the pages
 * are read again with all layers off and with the file's own defaults, and
 * the characters that only the all-on pass saw are flagged.
 *
 * The ink probe renders each page at a low resolution and looks at every
 * character's box: a box with no ink at all holds invisible text (render
 * mode 3, clipped, or painted over), a box that is one flat dark colour
 * holds text under a drawn box, and a glyph coloured like its surroundings
 * is background-coloured text.
 */
#include "lib/base/common.h"

#include <math.h>

#include <cairo.h>
#include <gio/gio.h>
#include <poppler.h>

#include "lib/ingest/ingest-int.h"
#include "lib/ingest/ingest.h"

struct pdf {
	PopplerDocument *pd;
	struct lak_doc *doc;
	const struct lak_ingest_opts *opts;
	GPtrArray *layers;	/* PopplerLayer *, owned */
	GArray *layer_default;	/* gboolean per layer: visible at open */
	struct lak_error *err;
};

/* Whether PDF name 'name' ("/JS") occurs outside stream bodies. */
static bool pdf_has_name(const void *data, size_t len, const char *name);

static char *
dup_or_null(const char *s)
{
	return (s == NULL || *s == '\0') ? NULL : lak_utf8_dup_valid(s);
}

/* --- metadata ----------------------------------------------------------- */

static char *
iso_date(GDateTime *dt)
{
	gchar *s;
	char *r;

	if (dt == NULL)
		return NULL;
	s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S%:z");
	r = s ? strdup(s) : NULL;
	g_free(s);
	g_date_time_unref(dt);
	return r;
}

static size_t
count_bytes(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, m = strlen(needle);
	const char *p = hay, *end = hay + len;

	while ((size_t)(end - p) >= m &&
	    (p = memmem(p, (size_t)(end - p), needle, m)) != NULL) {
		n++;
		p += m;
	}
	return n;
}

static int
read_meta(struct pdf *x, const char *data, size_t len, bool need_password)
{
	struct lak_meta *m = &x->doc->meta;
	gchar *s;
	size_t nxref;

#define STR(field, getter) do {						\
		s = getter(x->pd);					\
		m->field = dup_or_null(s);				\
		g_free(s);						\
	} while (0)
	STR(title, poppler_document_get_title);
	STR(author, poppler_document_get_author);
	STR(subject, poppler_document_get_subject);
	STR(keywords, poppler_document_get_keywords);
	STR(creator, poppler_document_get_creator);
	STR(producer, poppler_document_get_producer);
#undef STR
	m->created = iso_date(poppler_document_get_creation_date_time(x->pd));
	m->modified = iso_date(poppler_document_get_modification_date_time(x->pd));
	s = poppler_document_get_pdf_version_string(x->pd);
	m->pdf_version = strdup(s && strncmp(s, "PDF-", 4) == 0 ? s + 4 :
	    s ? s : "");
	g_free(s);
	m->linearized = poppler_document_is_linearized(x->pd);
	m->encrypted = need_password ||
	    memmem(data, len, "/Encrypt", 8) != NULL;
	/*
	 * Each revision ends in its own startxref; a linearized file has one
	 * more for its first-page section. Compressed object streams cannot
	 * hide a startxref, which is always plain text at a file section end.
	 */
	nxref = count_bytes(data, len, "startxref");
	if (m->linearized && nxref > 1)
		nxref--;
	m->revisions = nxref ? (unsigned int)nxref : 1;
	if ((m->format = strdup("pdf")) == NULL || m->pdf_version == NULL)
		return lak_error_oom(x->err);
	return 0;
}

/* --- leak channels -------------------------------------------------------- */

static const char *
annot_type_str(PopplerAnnotType t)
{
	switch (t) {
	case POPPLER_ANNOT_TEXT:		return "text";
	case POPPLER_ANNOT_LINK:		return "link";
	case POPPLER_ANNOT_FREE_TEXT:		return "free-text";
	case POPPLER_ANNOT_LINE:		return "line";
	case POPPLER_ANNOT_SQUARE:		return "square";
	case POPPLER_ANNOT_CIRCLE:		return "circle";
	case POPPLER_ANNOT_POLYGON:		return "polygon";
	case POPPLER_ANNOT_POLY_LINE:		return "polyline";
	case POPPLER_ANNOT_HIGHLIGHT:		return "highlight";
	case POPPLER_ANNOT_UNDERLINE:		return "underline";
	case POPPLER_ANNOT_SQUIGGLY:		return "squiggly";
	case POPPLER_ANNOT_STRIKE_OUT:		return "strike-out";
	case POPPLER_ANNOT_STAMP:		return "stamp";
	case POPPLER_ANNOT_CARET:		return "caret";
	case POPPLER_ANNOT_INK:			return "ink";
	case POPPLER_ANNOT_POPUP:		return "popup";
	case POPPLER_ANNOT_FILE_ATTACHMENT:	return "file-attachment";
	case POPPLER_ANNOT_SOUND:		return "sound";
	case POPPLER_ANNOT_MOVIE:		return "movie";
	case POPPLER_ANNOT_WIDGET:		return "widget";
	case POPPLER_ANNOT_SCREEN:		return "screen";
	case POPPLER_ANNOT_PRINTER_MARK:	return "printer-mark";
	case POPPLER_ANNOT_TRAP_NET:		return "trap-net";
	case POPPLER_ANNOT_WATERMARK:		return "watermark";
	case POPPLER_ANNOT_3D:			return "3d";
	default:				return "unknown";
	}
}

/* A coordinate from the file within +-1e6 points (NaN: 0). A hostile file
 * places glyphs and annotations anywhere; past a million points (35 km)
 * is off every page, and the pixel arithmetic after this stays within
 * int. */
static float
coord(double v)
{
	return (float)(isnan(v) ? 0 : v < -1e6 ? -1e6 : v > 1e6 ? 1e6 : v);
}

/* Poppler's rectangles have y upwards; the model has y downwards. */
static struct lak_box
flip_rect(const PopplerRectangle *r, double page_h)
{
	struct lak_box b;

	b.x0 = coord(LAK_MIN(r->x1, r->x2));
	b.x1 = coord(LAK_MAX(r->x1, r->x2));
	b.y0 = coord(page_h - LAK_MAX(r->y1, r->y2));
	b.y1 = coord(page_h - LAK_MIN(r->y1, r->y2));
	return b;
}

static int
read_annots(struct pdf *x, PopplerPage *pp, unsigned int pno, double page_h)
{
	GList *list = poppler_page_get_annot_mapping(pp), *l;
	int ret = 0;

	for (l = list; l != NULL && ret == 0; l = l->next) {
		PopplerAnnotMapping *am = l->data;
		PopplerAnnot *a = am->annot;
		PopplerAnnotType t = poppler_annot_get_annot_type(a);
		gchar *contents, *label = NULL, *subject = NULL;
		struct lak_box box;

		/* Widgets are read as form fields, links below. */
		if (t == POPPLER_ANNOT_WIDGET || t == POPPLER_ANNOT_LINK)
			continue;
		contents = poppler_annot_get_contents(a);
		if (POPPLER_IS_ANNOT_MARKUP(a)) {
			label = poppler_annot_markup_get_label(
			    POPPLER_ANNOT_MARKUP(a));
			subject = poppler_annot_markup_get_subject(
			    POPPLER_ANNOT_MARKUP(a));
		}
		box = flip_rect(&am->area, page_h);
		if (lak_doc_add_item(x->doc, LAK_ITEM_ANNOTATION, pno, 0,
		    annot_type_str(t), label,
		    contents && *contents ? contents : subject, &box) < 0)
			ret = lak_error_oom(x->err);
		g_free(contents);
		g_free(label);
		g_free(subject);
	}
	poppler_page_free_annot_mapping(list);
	if (ret < 0)
		return -1;

	list = poppler_page_get_link_mapping(pp);
	for (l = list; l != NULL && ret == 0; l = l->next) {
		PopplerLinkMapping *lm = l->data;
		const char *uri = NULL;
		struct lak_box box;

		if (lm->action == NULL)
			continue;
		if (lm->action->type == POPPLER_ACTION_URI)
			uri = lm->action->uri.uri;
		else if (lm->action->type == POPPLER_ACTION_LAUNCH)
			uri = lm->action->launch.file_name;
		if (uri == NULL)
			continue;
		box = flip_rect(&lm->area, page_h);
		if (lak_doc_add_item(x->doc, LAK_ITEM_ANNOTATION, pno, 0,
		    "link", NULL, uri, &box) < 0)
			ret = lak_error_oom(x->err);
	}
	poppler_page_free_link_mapping(list);
	return ret;
}

static char *
field_value(PopplerFormField *f)
{
	GString *s;
	gchar *t;
	int i, n;

	switch (poppler_form_field_get_field_type(f)) {
	case POPPLER_FORM_FIELD_TEXT:
		return poppler_form_field_text_get_text(f);
	case POPPLER_FORM_FIELD_BUTTON:
		if (poppler_form_field_button_get_button_type(f) ==
		    POPPLER_FORM_BUTTON_PUSH)
			return NULL;
		return g_strdup(poppler_form_field_button_get_state(f) ?
		    "on" : "off");
	case POPPLER_FORM_FIELD_CHOICE:
		s = g_string_new(NULL);
		if (poppler_form_field_choice_is_editable(f) &&
		    (t = poppler_form_field_choice_get_text(f)) != NULL) {
			g_string_append(s, t);
			g_free(t);
		}
		n = poppler_form_field_choice_get_n_items(f);
		for (i = 0; i < n && i < 10000; i++) {
			if (!poppler_form_field_choice_is_item_selected(f, i))
				continue;
			t = poppler_form_field_choice_get_item(f, i);
			if (s->len)
				g_string_append(s, "; ");
			g_string_append(s, t ? t : "");
			g_free(t);
		}
		return g_string_free(s, FALSE);
	default:
		return NULL;
	}
}

static const char *
field_type_str(PopplerFormFieldType t)
{
	switch (t) {
	case POPPLER_FORM_FIELD_TEXT:		return "text";
	case POPPLER_FORM_FIELD_BUTTON:		return "button";
	case POPPLER_FORM_FIELD_CHOICE:		return "choice";
	case POPPLER_FORM_FIELD_SIGNATURE:	return "signature";
	default:				return "unknown";
	}
}

static int
read_fields(struct pdf *x, PopplerPage *pp, unsigned int pno, double page_h)
{
	GList *list = poppler_page_get_form_field_mapping(pp), *l;
	int ret = 0;

	for (l = list; l != NULL && ret == 0; l = l->next) {
		PopplerFormFieldMapping *fm = l->data;
		PopplerFormField *f = fm->field;
		gchar *name = poppler_form_field_get_name(f);
		gchar *value = field_value(f);
		struct lak_box box = flip_rect(&fm->area, page_h);

		if (lak_doc_add_item(x->doc, LAK_ITEM_FORM_FIELD, pno, 0,
		    field_type_str(poppler_form_field_get_field_type(f)),
		    name, value, &box) < 0)
			ret = lak_error_oom(x->err);
		g_free(name);
		g_free(value);
	}
	poppler_page_free_form_field_mapping(list);
	return ret;
}

static int
read_outline(struct pdf *x, PopplerIndexIter *it, int level, size_t *budget)
{
	do {
		PopplerAction *act;
		PopplerIndexIter *child;
		int r = 0;

		if (*budget == 0)
			return 0;	/* hostile outline loop: stop reading */
		(*budget)--;
		act = poppler_index_iter_get_action(it);
		if (act != NULL && act->any.title != NULL &&
		    lak_doc_add_item(x->doc, LAK_ITEM_OUTLINE, 0, level, NULL,
		    NULL, act->any.title, NULL) < 0)
			r = lak_error_oom(x->err);
		poppler_action_free(act);
		if (r < 0)
			return -1;
		child = poppler_index_iter_get_child(it);
		if (child != NULL) {
			r = level < 64 ? read_outline(x, child, level + 1,
			    budget) : 0;
			poppler_index_iter_free(child);
			if (r < 0)
				return -1;
		}
	} while (poppler_index_iter_next(it));
	return 0;
}

static int
read_doc_channels(struct pdf *x, const char *data, size_t len)
{
	PopplerIndexIter *it;
	GList *atts, *l;
	gchar *xmp;
	size_t budget = 100000;
	int ret = 0;

	if ((it = poppler_index_iter_new(x->pd)) != NULL) {
		ret = read_outline(x, it, 1, &budget);
		poppler_index_iter_free(it);
		if (ret < 0)
			return -1;
	}
	atts = poppler_document_get_attachments(x->pd);
	for (l = atts; l != NULL; l = l->next) {
		PopplerAttachment *a = l->data;

		if (ret == 0 && lak_doc_add_item(x->doc, LAK_ITEM_ATTACHMENT,
		    0, 0, NULL, a->name, a->description, NULL) < 0)
			ret = lak_error_oom(x->err);
		g_object_unref(a);
	}
	g_list_free(atts);
	if (ret < 0)
		return -1;
	if ((xmp = poppler_document_get_metadata(x->pd)) != NULL) {
		if (lak_doc_add_item(x->doc, LAK_ITEM_XMP, 0, 0, NULL, NULL,
		    xmp, NULL) < 0)
			ret = lak_error_oom(x->err);
		g_free(xmp);
	}
	/* Poppler does not list document scripts; their key is plain text
	 * outside compressed object streams in almost every file. */
	if (ret == 0 && (pdf_has_name(data, len, "/JavaScript") ||
	    pdf_has_name(data, len, "/JS")) &&
	    lak_doc_add_item(x->doc, LAK_ITEM_SCRIPT, 0, 0, "javascript",
	    NULL, NULL, NULL) < 0)
		ret = lak_error_oom(x->err);
	/* Nor Redact annotations (poppler-glib 22 has no type for them):
	 * one never applied leaves the text under it in the file. */
	if (ret == 0 && pdf_has_name(data, len, "/Redact") &&
	    lak_doc_add_item(x->doc, LAK_ITEM_ANNOTATION, 0, 0, "redact",
	    NULL, NULL, NULL) < 0)
		ret = lak_error_oom(x->err);
	return ret;
}

/* --- layers --------------------------------------------------------------- */

static void
collect_layers(struct pdf *x, PopplerLayersIter *it, int depth)
{
	do {
		PopplerLayer *layer = poppler_layers_iter_get_layer(it);
		PopplerLayersIter *child;

		if (layer != NULL) {
			gboolean vis = poppler_layer_is_visible(layer);

			g_ptr_array_add(x->layers, layer);
			g_array_append_val(x->layer_default, vis);
		}
		child = poppler_layers_iter_get_child(it);
		if (child != NULL) {
			if (depth < 32 && x->layers->len < 10000)
				collect_layers(x, child, depth + 1);
			poppler_layers_iter_free(child);
		}
	} while (poppler_layers_iter_next(it) && x->layers->len < 10000);
}

enum layer_state { LAYERS_ON, LAYERS_OFF, LAYERS_DEFAULT };

static void
set_layers(struct pdf *x, enum layer_state st)
{
	guint i;

	for (i = 0; i < x->layers->len; i++) {
		PopplerLayer *l = g_ptr_array_index(x->layers, i);
		gboolean on = st == LAYERS_ON ? TRUE : st == LAYERS_OFF ?
		    FALSE : g_array_index(x->layer_default, gboolean, i);

		if (on)
			poppler_layer_show(l);
		else
			poppler_layer_hide(l);
	}
	if (st == LAYERS_ON) {
		/* Radio-button groups let only one member be on at a time. */
		for (i = 0; i < x->layers->len; i++)
			if (!poppler_layer_is_visible(
			    g_ptr_array_index(x->layers, i)))
				x->doc->meta.layers_incomplete = true;
	}
}

/* A character's identity across passes: code point and position. */
static uint64_t
char_key(uint32_t cp, const PopplerRectangle *r)
{
	uint64_t x = (uint64_t)(int64_t)lround(r->x1 * 8.0) & 0xFFFFF;
	uint64_t y = (uint64_t)(int64_t)lround(r->y1 * 8.0) & 0xFFFFF;

	return ((uint64_t)(cp & 0xFFFFFF) << 40) | (x << 20) | y;
}

struct keyed {
	uint64_t key;
	guint idx;	/* in poppler's text */
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key ? 1 :
	    x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/*
 * Compare the model's page with the page read in the current layer state:
 * flag with 'flag' every character of the model that this reading does not
 * have, and add to the model, with the flags 'add', every character that
 * only this reading has: content that shows when a layer is off (an /OCMD
 * with /P /AllOff or /AnyOff, a /VE [/Not ...] expression), which the
 * all-on reading could not see. Added runs start a line of their own.
 */
static int
compare_layers(struct pdf *x, unsigned int pno, uint32_t flag, uint32_t add)
{
	struct lak_page *pg = &x->doc->pages[pno];
	PopplerPage *pp = poppler_document_get_page(x->pd, (int)pno);
	PopplerRectangle *rects = NULL;
	guint nrects = 0, i, n;
	struct keyed *keys = NULL;
	uint32_t *cps = NULL;
	bool *used = NULL, prev_extra = false;
	gchar *text, *s;
	size_t nmodel = pg->nchars;
	int ret = -1;

	if (pp == NULL)
		return 0;
	text = poppler_page_get_text(pp);
	if (text == NULL || !poppler_page_get_text_layout(pp, &rects, &nrects))
		nrects = 0;
	n = 0;
	keys = malloc(sizeof(*keys) * (nrects + 1));
	cps = malloc(sizeof(*cps) * (nrects + 1));
	used = calloc(nrects + 1, sizeof(*used));
	if (keys == NULL || cps == NULL || used == NULL) {
		lak_error_oom(x->err);
		goto out;
	}
	for (s = text; s && *s && n < nrects; s = g_utf8_next_char(s), n++) {
		cps[n] = g_utf8_get_char(s);
		keys[n].key = char_key(cps[n], &rects[n]);
		keys[n].idx = n;
	}
	qsort(keys, n, sizeof(*keys), cmp_keyed);
	for (i = 0; i < nmodel; i++) {
		struct lak_char *c = &pg->chars[i];
		PopplerRectangle r;
		uint64_t k;
		size_t lo = 0, hi = n;

		if (c->cp == '\n')
			continue;
		r.x1 = c->box.x0;
		r.y1 = c->box.y0;
		k = char_key(c->cp, &r);
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (keys[mid].key < k)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < n && keys[lo].key == k && used[keys[lo].idx])
			lo++;
		if (lo < n && keys[lo].key == k)
			used[keys[lo].idx] = true;
		else
			c->flags |= flag;
	}
	for (i = 0; i < n; i++) {
		struct lak_char c;

		if (used[i] || is_control(cps[i]) ||
		    !(isfinite(rects[i].x1) && isfinite(rects[i].y1) &&
		    isfinite(rects[i].x2) && isfinite(rects[i].y2))) {
			if (used[i] || cps[i] == '\n')
				prev_extra = false;
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.flags = add;
		c.box.x0 = coord(rects[i].x1);
		c.box.y0 = coord(rects[i].y1);
		c.box.x1 = coord(rects[i].x2);
		c.box.y1 = coord(rects[i].y2);
		if (!prev_extra && pg->nchars > 0) {
			struct lak_char nl = c;

			nl.cp = '\n';
			nl.box.x1 = nl.box.x0;
			if (lak_page_add_char(pg, &nl) < 0) {
				lak_error_oom(x->err);
				goto out;
			}
		}
		c.cp = cps[i];
		if (lak_cp_unreliable(c.cp)) {
			pg->flags |= LAK_PAGE_UNRELIABLE_TEXT;
			pg->nunreliable++;
		}
		if (lak_page_add_char(pg, &c) < 0) {
			lak_error_oom(x->err);
			goto out;
		}
		prev_extra = true;
	}
	ret = 0;
out:
	free(keys);
	free(cps);
	free(used);
	g_free(rects);
	g_free(text);
	g_object_unref(pp);
	return ret;
}

/* --- the ink probe --------------------------------------------------------- */

static bool
skip_probe(uint32_t cp)
{
	GUnicodeType t = g_unichar_type(cp);

	return g_unichar_isspace(cp) || t == G_UNICODE_FORMAT ||
	    t == G_UNICODE_CONTROL || t == G_UNICODE_UNASSIGNED;
}

static int
max_diff(uint32_t a, uint32_t b)
{
	int dr = abs((int)((a >> 16) & 0xFF) - (int)((b >> 16) & 0xFF));
	int dg = abs((int)((a >> 8) & 0xFF) - (int)((b >> 8) & 0xFF));
	int db = abs((int)(a & 0xFF) - (int)(b & 0xFF));

	return LAK_MAX(dr, LAK_MAX(dg, db));
}

static int
luminance(uint32_t c)
{
	return (int)((((c >> 16) & 0xFF) * 299 + ((c >> 8) & 0xFF) * 587 +
	    (c & 0xFF) * 114) / 1000);
}

#define NEAR_COLOUR 40		/* max channel difference that looks alike */
#define FLAT 24			/* max channel difference of a flat box */
#define DARK 80			/* luminance below this is a dark box */

static void
probe_char(struct lak_char *c, const unsigned char *px, int stride, int w,
    int h, double s)
{
	int x0 = (int)floor(c->box.x0 * s), x1 = (int)ceil(c->box.x1 * s);
	int y0 = (int)floor(c->box.y0 * s), y1 = (int)ceil(c->box.y1 * s);
	uint32_t first = 0, bg;
	unsigned long br = 0, bgg = 0, bb = 0, nb = 0;
	bool flat = true;
	int x, y;

	if (x1 <= 0 || y1 <= 0 || x0 >= w || y0 >= h) {
		/* Entirely off the visible page: nobody sees it. */
		c->flags |= LAK_CHAR_INVISIBLE;
		return;
	}
	x0 = LAK_MAX(x0, 0);
	y0 = LAK_MAX(y0, 0);
	x1 = LAK_MIN(x1, w);
	y1 = LAK_MIN(y1, h);
#define PX(xx, yy) (((const uint32_t *)(const void *)(px + \
	(size_t)(yy) * (size_t)stride))[xx] & 0xFFFFFF)
	/* Flat? Most glyph boxes are not, and say so within a few pixels. */
	if (x1 <= x0 || y1 <= y0)
		return;
	first = PX(x0, y0);
	for (y = y0; y < y1 && flat; y++)
		for (x = x0; x < x1; x++)
			if (max_diff(PX(x, y), first) > FLAT) {
				flat = false;
				break;
			}
	/* The box's rim estimates the background. */
	for (x = x0; x < x1; x++) {
		uint32_t t = PX(x, y0), u = PX(x, y1 - 1);

		br += ((t >> 16) & 0xFF) + ((u >> 16) & 0xFF);
		bgg += ((t >> 8) & 0xFF) + ((u >> 8) & 0xFF);
		bb += (t & 0xFF) + (u & 0xFF);
		nb += 2;
	}
	for (y = y0 + 1; y < y1 - 1; y++) {
		uint32_t l = PX(x0, y), r = PX(x1 - 1, y);

		br += ((l >> 16) & 0xFF) + ((r >> 16) & 0xFF);
		bgg += ((l >> 8) & 0xFF) + ((r >> 8) & 0xFF);
		bb += (l & 0xFF) + (r & 0xFF);
		nb += 2;
	}
#undef PX
	bg = (uint32_t)(((br / nb) << 16) | ((bgg / nb) << 8) | (bb / nb));
	if (flat) {
		if (luminance(first) < DARK)
			c->flags |= LAK_CHAR_COVERED;
		else if (max_diff(c->color, first) <= NEAR_COLOUR)
			c->flags |= LAK_CHAR_BACKGROUND;
		else
			c->flags |= LAK_CHAR_INVISIBLE;
	} else if (max_diff(c->color, bg) <= NEAR_COLOUR / 2) {
		c->flags |= LAK_CHAR_BACKGROUND;
	}
}

#define HIDDEN_DPI 100.0	/* glyph strokes of small text need pixels */

/* The page as it shows, RGB24 at 's'; NULL on failure. */
static cairo_surface_t *
render_rgb(PopplerPage *pp, const struct lak_page *pg, double s)
{
	int w = (int)ceil(pg->width * s), h = (int)ceil(pg->height * s);
	cairo_surface_t *m = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w,
	    h);
	cairo_t *cr;

	if (cairo_surface_status(m) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(m);
		return NULL;
	}
	cr = cairo_create(m);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	poppler_page_render(pp, cr);
	cairo_destroy(cr);
	cairo_surface_flush(m);
	return m;
}

/*
 * Each glyph drawn alone (poppler's selection rendering: the glyphs in
 * black on white) against the page as it shows: where the glyph's own
 * ink is, the page should be about as dark as the glyph, or of the
 * glyph's colour. When most of it shows something else - a picture, a
 * white fill over it, nothing because it was clipped away - the text is
 * hidden but still in the file.
 */
static void
probe_hidden(PopplerPage *pp, struct lak_page *pg)
{
	double s = HIDDEN_DPI / 72.0;
	cairo_surface_t *page = NULL;
	unsigned char *m = NULL;	/* the glyphs alone, grey */
	const unsigned char *pd;
	int ps, w, h;

	if ((page = render_rgb(pp, pg, s)) == NULL)
		return;
	w = cairo_image_surface_get_width(page);
	h = cairo_image_surface_get_height(page);
	if ((m = lak_render_grey(pp, HIDDEN_DPI, w, h, true)) == NULL)
		goto out;
	pd = cairo_image_surface_get_data(page);
	ps = cairo_image_surface_get_stride(page);
	for (size_t i = 0; i < pg->nchars; i++) {
		struct lak_char *c = &pg->chars[i];
		int x0 = LAK_MAX(0, (int)floor(c->box.x0 * s));
		int y0 = LAK_MAX(0, (int)floor(c->box.y0 * s));
		int x1 = LAK_MIN(w, (int)ceil(c->box.x1 * s));
		int y1 = LAK_MIN(h, (int)ceil(c->box.y1 * s));
		unsigned int ink = 0, shown = 0;

		if (skip_probe(c->cp) || c->flags != 0)
			continue;
		for (int y = y0; y < y1; y++)
			for (int x = x0; x < x1; x++) {
				int g = m[(size_t)y * (size_t)w + (size_t)x];
				uint32_t p = ((const uint32_t *)(const void *)
				    (pd + (size_t)y * (size_t)ps))[x] & 0xFFFFFF;

				if (g >= 96)
					continue;
				ink++;
				shown += max_diff(p, c->color) <= 2 * NEAR_COLOUR ||
				    luminance(p) <= g + 64;
			}
		if (ink >= 3 && shown * 10 < ink * 3)
			c->flags |= LAK_CHAR_COVERED;
	}
out:
	free(m);
	cairo_surface_destroy(page);
}

static void
probe_page(struct pdf *x, PopplerPage *pp, struct lak_page *pg)
{
	double s = x->opts->probe_dpi / 72.0;
	int w = (int)ceil(pg->width * s), h = (int)ceil(pg->height * s);
	cairo_surface_t *surf;
	cairo_t *cr;
	size_t i;

	if (w <= 0 || h <= 0 ||
	    (unsigned long)w * (unsigned long)h > x->opts->probe_max_pixels)
		return;
	surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return;
	}
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	poppler_page_render(pp, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	for (i = 0; i < pg->nchars; i++)
		if (!skip_probe(pg->chars[i].cp))
			probe_char(&pg->chars[i],
			    cairo_image_surface_get_data(surf),
			    cairo_image_surface_get_stride(surf), w, h, s);
	if (x->opts->probe_hidden)
		probe_hidden(pp, pg);
	cairo_surface_destroy(surf);
	pg->flags |= LAK_PAGE_PROBED;
}

/* Without the probe, only the colour says "white". */
static void
colour_only(struct lak_page *pg)
{
	size_t i;

	for (i = 0; i < pg->nchars; i++)
		if (!skip_probe(pg->chars[i].cp) &&
		    luminance(pg->chars[i].color) >= 240)
			pg->chars[i].flags |= LAK_CHAR_BACKGROUND;
}

/* --- pages ------------------------------------------------------------------ */

static int
read_page(struct pdf *x, unsigned int pno)
{
	PopplerPage *pp = poppler_document_get_page(x->pd, (int)pno);
	PopplerRectangle *rects = NULL;
	struct lak_page *pg;
	GList *attrs = NULL, *al;
	guint nrects = 0, i;
	gchar *text = NULL, *s;
	double w = 0, h = 0;
	bool visible_text = false;
	const PopplerTextAttributes *font_attr = NULL;
	long font = 0;
	int ret = -1;

	if (pp == NULL)
		return lak_error_set(x->err, LAK_EFORMAT,
		    "page %u cannot be read", pno + 1);
	poppler_page_get_size(pp, &w, &h);
	if (!(w > 0 && h > 0 && w < 1e6 && h < 1e6))
		w = 595, h = 842;
	if ((pg = lak_doc_add_page(x->doc, w, h)) == NULL) {
		lak_error_oom(x->err);
		goto out;
	}
	text = poppler_page_get_text(pp);
	if (text != NULL && *text != '\0' &&
	    !poppler_page_get_text_layout(pp, &rects, &nrects))
		nrects = 0;
	if (text != NULL && *text != '\0')
		attrs = poppler_page_get_text_attributes(pp);
	al = attrs;
	for (s = text, i = 0; s && *s; s = g_utf8_next_char(s), i++) {
		struct lak_char c;

		memset(&c, 0, sizeof(c));
		c.cp = g_utf8_get_char(s);
		if (i < nrects && !(isfinite(rects[i].x1) &&
		    isfinite(rects[i].y1) && isfinite(rects[i].x2) &&
		    isfinite(rects[i].y2))) {
			/* a glyph placed at no real position: its text cannot
			 * be mapped to the page */
			pg->flags |= LAK_PAGE_UNRELIABLE_TEXT;
			pg->nunreliable++;
		} else if (i < nrects) {
			c.box.x0 = coord(rects[i].x1);
			c.box.y0 = coord(rects[i].y1);
			c.box.x1 = coord(rects[i].x2);
			c.box.y1 = coord(rects[i].y2);
		} else {
			/* Poppler gave fewer boxes than characters: the text
			 * cannot be mapped back to the page. */
			pg->flags |= LAK_PAGE_UNRELIABLE_TEXT;
			pg->nunreliable++;
		}
		while (al != NULL &&
		    ((PopplerTextAttributes *)al->data)->end_index < (int)i)
			al = al->next;
		if (al != NULL) {
			PopplerTextAttributes *a = al->data;

			if (a->start_index <= (int)i) {
				/* One font lookup per attribute run. */
				if (a != font_attr) {
					font = lak_doc_font(x->doc,
					    a->font_name);
					font_attr = a;
				}
				if (font < 0) {
					lak_error_oom(x->err);
					goto out;
				}
				c.font = (uint32_t)font;
				c.size = (float)a->font_size;
				c.color = ((uint32_t)(a->color.red >> 8) << 16) |
				    ((uint32_t)(a->color.green >> 8) << 8) |
				    (uint32_t)(a->color.blue >> 8);
			}
		}
		/* A control character (poppler gives U+0008 after some page
		 * numbers) carries no text: it is left out, not a reason to
		 * distrust the page. Should its glyph draw anything, the ink
		 * accounting sees ink that no character explains. */
		if (c.cp != '\n' && c.cp != '\t' && is_control(c.cp))
			continue;
		if (lak_cp_unreliable(c.cp)) {
			pg->flags |= LAK_PAGE_UNRELIABLE_TEXT;
			pg->nunreliable++;
		}
		if (!g_unichar_isspace(c.cp))
			visible_text = true;
		if (lak_page_add_char(pg, &c) < 0) {
			lak_error_oom(x->err);
			goto out;
		}
	}
	if (!visible_text) {
		GList *imgs = poppler_page_get_image_mapping(pp);

		pg->nimages = g_list_length(imgs);
		poppler_page_free_image_mapping(imgs);
		if (pg->nimages > 0)
			pg->flags |= LAK_PAGE_NEEDS_OCR;
	}
	if (visible_text && x->opts->probe_dpi > 0)
		probe_page(x, pp, pg);
	else
		colour_only(pg);
	if (read_annots(x, pp, pno + 1, h) < 0 ||
	    read_fields(x, pp, pno + 1, h) < 0)
		goto out;
	ret = 0;
out:
	poppler_page_free_text_attributes(attrs);
	g_free(rects);
	g_free(text);
	g_object_unref(pp);
	return ret;
}

static bool
name_end(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || strchr("()<>[]{}/%", c) != NULL;
}

static bool
pdf_has_name(const void *data, size_t len, const char *name)
{
	const char *d = data, *p = d, *end = d + len;
	size_t n = strlen(name);

	while (p < end) {
		/* the next stream's body is skipped: compressed bytes hold
		 * any sequence by chance */
		const char *s = memmem(p, (size_t)(end - p), "stream", 6);
		const char *stop, *q;

		while (s != NULL && s >= d + 3 && memcmp(s - 3, "end", 3) == 0)
			s = memmem(s + 6, (size_t)(end - s - 6), "stream", 6);
		stop = s ? s : end;
		for (q = p; q < stop && (q = memmem(q, (size_t)(stop - q), name,
		    n)) != NULL; q += n)
			if (q + n >= end || name_end(q[n]))
				return true;
		if (s == NULL)
			break;
		s = memmem(s, (size_t)(end - s), "endstream", 9);
		if (s == NULL)
			break;
		p = s + 9;
	}
	return false;
}

/* Poppler's warnings about the files it reads ("Unsupported Annot Type")
 * go nowhere: the library never prints, and what matters is reported. */
static void
poppler_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
}

void *
lak_pdf_open(const void *data, size_t len, const char *password,
    struct lak_error *err)
{
	GInputStream *stream;
	GError *ge = NULL;
	PopplerDocument *pd;
	static bool quiet;

	if (!quiet) {
		g_log_set_handler("Poppler", G_LOG_LEVEL_WARNING |
		    G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG,
		    poppler_quiet, NULL);
		quiet = true;
	}

	/*
	 * Through a memory stream, not poppler_document_new_from_bytes() or
	 * _from_data(): in poppler 22.12 those crash (use after free) when
	 * an encrypted document is opened with a wrong password, because the
	 * retry with the password's other encoding reuses a freed stream.
	 * The document keeps a reference to the stream.
	 */
	stream = g_memory_input_stream_new_from_data(data, (gssize)len, NULL);
	pd = poppler_document_new_from_stream(stream, (goffset)len, password,
	    NULL, &ge);
	g_object_unref(stream);
	if (pd == NULL) {
		if (ge != NULL && ge->domain == POPPLER_ERROR &&
		    ge->code == POPPLER_ERROR_ENCRYPTED)
			lak_error_set(err, LAK_EENCRYPTED, password ?
			    "encrypted PDF: the password is wrong" :
			    "encrypted PDF: a password is needed (--password)");
		else
			lak_error_set(err, LAK_EFORMAT, "damaged PDF: %s",
			    ge && ge->message ? ge->message :
			    "poppler cannot read it");
		g_clear_error(&ge);
	}
	return pd;
}

/* --- /ActualText ------------------------------------------------------------ */

/*
 * The value of the /ActualText at 'p' (after the name), decoded to UTF-16
 * code units or PDFDocEncoding bytes in 'u' (at most 'max'); the count (a
 * value too long for 'u' counts 'max' + 1), or -1 when it is not a
 * string. *endp is set past the value.
 */
static int
actualtext_value(const char *p, const char *end, uint16_t *u, int max,
    const char **endp)
{
	unsigned char b[64];
	int nb = 0, n = 0, depth = 1;
	bool longer = false;

	*endp = end;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' ||
	    *p == '\t' || *p == '\f'))
		p++;
	if (p < end && *p == '<') {
		int hi = -1;

		for (p++; p < end && *p != '>'; p++) {
			int v = g_ascii_xdigit_value(*p);

			if (v < 0)
				continue;
			if (hi < 0)
				hi = v;
			else if (nb < (int)sizeof(b)) {
				b[nb++] = (unsigned char)(hi << 4 | v);
				hi = -1;
			} else {
				longer = true;
				hi = -1;
			}
		}
		if (p >= end || *p != '>')
			return -1;
	} else if (p < end && *p == '(') {
		for (p++; p < end; p++) {
			unsigned char c = (unsigned char)*p;

			if (c == '(')
				depth++;
			else if (c == ')' && --depth == 0)
				break;
			else if (c == '\\' && p + 1 < end) {
				c = (unsigned char)*++p;
				if (c >= '0' && c <= '7') {
					int v = c - '0', k;

					for (k = 0; k < 2 && p + 1 < end &&
					    p[1] >= '0' && p[1] <= '7'; k++)
						v = v * 8 + (*++p - '0');
					c = (unsigned char)v;
				} else if (c == 'n')
					c = '\n';
				else if (c == 'r')
					c = '\r';
				else if (c == 't')
					c = '\t';
			}
			if (nb < (int)sizeof(b))
				b[nb++] = c;
			else
				longer = true;
		}
		if (p >= end || *p != ')')
			return -1;
	} else
		return -1;
	*endp = p + 1;
	if (nb >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		for (int i = 2; i + 1 < nb && n < max; i += 2)
			u[n++] = (uint16_t)(b[i] << 8 | b[i + 1]);
	} else {
		for (int i = 0; i < nb && n < max; i++)
			u[n++] = b[i];
	}
	return longer || n >= max ? max + 1 : n;
}

/*
 * Whether an /ActualText may say other words than its glyphs draw. Text
 * layout programs (cairo with pango, LibreOffice, Word) write it for
 * spaces and tabs they do not draw, soft hyphens, accented letters made
 * of two glyphs, and ligatures: values that show at most one character,
 * or the letters of a Latin ligature, are taken as such; any other value
 * (a word, two digits, more than four characters, a value that cannot be
 * read) may lie.
 *
 * Only the file's bytes as written are searched, not its compressed
 * streams: real publications carry hundreds there (the Jaarplan 2024:
 * 497, tabs, narrow spaces, soft hyphens, a figure's alt text), and taking
 * any of them for a lie reads every line by OCR (9 s became 7 minutes);
 * telling layout from lies there needs the content streams parsed (a
 * known gap).
 */
static bool
actualtext_may_lie(const char *d, size_t len)
{
	static const char *const ligatures[] = {
		"ff", "fi", "fl", "ffi", "ffl", "ft", "st",
	};
	const char *p = d, *end = d + len;

	while (p < end && (p = memmem(p, (size_t)(end - p), "/ActualText",
	    11)) != NULL) {
		uint16_t u[16];
		char a[8];
		const char *vend;
		int n, i, k = 0;

		p += 11;
		n = actualtext_value(p, end, u, 16, &vend);
		if (n < 0 || n > 4)
			return true;
		p = vend;
		/* what it says that shows: white space, controls, format
		 * characters (a soft hyphen) and combining marks say nothing */
		for (i = 0; i < n; i++) {
			GUnicodeType t = g_unichar_type((gunichar)u[i]);

			if (t == G_UNICODE_SPACE_SEPARATOR ||
			    t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT ||
			    t == G_UNICODE_LINE_SEPARATOR ||
			    t == G_UNICODE_PARAGRAPH_SEPARATOR ||
			    t == G_UNICODE_NON_SPACING_MARK)
				continue;
			a[k++] = u[i] < 0x80 ? (char)u[i] : '?';
		}
		a[k] = '\0';
		/* nothing, or one character (an accented letter drawn as two
		 * glyphs: a lie of one glyph for one letter is the ToUnicode
		 * class, left to OCR of suspect lines) */
		if (k <= 1)
			continue;
		for (i = 0; i < (int)LAK_ARRAY_SIZE(ligatures); i++)
			if (strcmp(a, ligatures[i]) == 0)
				break;
		if (i == (int)LAK_ARRAY_SIZE(ligatures))
			return true;
	}
	return false;
}

int
lak_ingest_pdf(struct lak_doc *doc, const void *data, size_t len,
    const struct lak_ingest_opts *opts, struct lak_error *err)
{
	struct pdf x = { NULL, doc, opts, NULL, NULL, err };

	PopplerLayersIter *li;
	unsigned int npages, i;
	bool actual;
	int ret = -1;

	if ((x.pd = lak_pdf_open(data, len, opts->password, err)) == NULL)
		goto out;
	npages = (unsigned int)LAK_MAX(poppler_document_get_n_pages(x.pd), 0);
	if (npages == 0) {
		lak_error_set(err, LAK_EFORMAT,
		    "damaged PDF: no pages could be read (truncated file?)");
		goto out;
	}
	if (npages > opts->max_pages) {
		lak_error_set(err, LAK_ELIMIT,
		    "PDF has %u pages, more than the limit of %u (--max-pages)",
		    npages, opts->max_pages);
		goto out;
	}
	if (read_meta(&x, data, len, opts->password != NULL) < 0)
		goto out;

	x.layers = g_ptr_array_new_with_free_func(g_object_unref);
	x.layer_default = g_array_new(FALSE, FALSE, sizeof(gboolean));
	if ((li = poppler_layers_iter_new(x.pd)) != NULL) {
		collect_layers(&x, li, 0);
		poppler_layers_iter_free(li);
	}
	if (x.layers->len)
		set_layers(&x, LAYERS_ON);

	for (i = 0; i < npages; i++)
		if (read_page(&x, i) < 0) {
			lak_error_prefix(err, "page %u: ", i + 1);
			goto out;
		}
	if (x.layers->len) {
		/* what the reader sees when the file opens: characters of
		 * hidden layers are flagged, and content shown only while a
		 * layer is off (which the all-on reading hid) joins the text */
		set_layers(&x, LAYERS_DEFAULT);
		for (i = 0; i < npages; i++)
			if (compare_layers(&x, i, LAK_CHAR_HIDDEN_LAYER,
			    LAK_CHAR_LAYER) < 0)
				goto out;
		/* with every layer off: what is left is not layered; what
		 * shows only then is text of a hidden state */
		set_layers(&x, LAYERS_OFF);
		for (i = 0; i < npages; i++)
			if (compare_layers(&x, i, LAK_CHAR_LAYER,
			    LAK_CHAR_LAYER | LAK_CHAR_HIDDEN_LAYER) < 0)
				goto out;
		set_layers(&x, LAYERS_DEFAULT);
	}
	/* with the layers as the file shows them by default; a file with
	 * /ActualText (in its bytes or in any stream, inflated) has every
	 * line's text compared with what OCR reads */
	actual = opts->ocr && actualtext_may_lie(data, len);
	for (i = 0; opts->ocr && i < npages; i++) {
		PopplerPage *pp = poppler_document_get_page(x.pd, (int)i);
		int rc = pp == NULL ? 0 : lak_ink_account(pp, doc,
		    &doc->pages[i], opts, actual, err);

		if (pp != NULL)
			g_object_unref(pp);
		if (rc < 0) {
			lak_error_prefix(err, "page %u: ", i + 1);
			goto out;
		}
	}
	if (read_doc_channels(&x, data, len) < 0)
		goto out;
	ret = 0;
out:
	if (x.layers)
		g_ptr_array_free(x.layers, TRUE);
	if (x.layer_default)
		g_array_free(x.layer_default, TRUE);
	if (x.pd)
		g_object_unref(x.pd);
	return ret;
}
