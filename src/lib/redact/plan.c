/*
 * Redaction plans: building, the redacted text, boxes, statistics, and
 * the CSV form a reviewer edits in a spreadsheet.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/csv.h"
#include "lib/redact/plan.h"

int
lak_plan_add(struct lak_plan *plan, const struct lak_span *span)
{
	struct lak_span *s;

	if (lak_array_grow((void **)&plan->spans, &plan->alloc, plan->n,
	    sizeof(*plan->spans)) < 0)
		return -1;
	s = &plan->spans[plan->n];
	*s = *span;
	if ((s->rules = strdup(span->rules ? span->rules : "")) == NULL)
		return -1;
	plan->n++;
	return 0;
}

void
lak_plan_free(struct lak_plan *plan)
{
	if (plan == NULL)
		return;
	for (size_t i = 0; i < plan->n; i++)
		free(plan->spans[i].rules);
	free(plan->spans);
	free(plan);
}

void
lak_label_format(const char *fmt, const struct lak_grounds *cat,
    const long *grounds, size_t n, char *buf, size_t size)
{
	struct lak_buf b;
	const char *p = fmt, *q;

	lak_buf_init(&b, 4096);
	while ((q = strstr(p, "{code}")) != NULL) {
		lak_buf_add(&b, p, (size_t)(q - p));
		for (size_t i = 0; i < n; i++)
			lak_buf_addf(&b, "%s%s", i ? ", " : "",
			    cat->g[grounds[i]].code);
		p = q + 6;
	}
	lak_buf_adds(&b, p);
	snprintf(buf, size, "%s", b.data);
	lak_buf_release(&b);
}

bool
lak_plan_withholds_document(const struct lak_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->spans[i].kind == LAK_SPAN_DOCUMENT &&
		    plan->spans[i].decision == LAK_DECISION_REDACT)
			return true;
	return false;
}

const struct lak_span *
lak_plan_withheld_page(const struct lak_plan *plan, uint32_t page)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->spans[i].kind == LAK_SPAN_PAGE &&
		    plan->spans[i].page == page &&
		    plan->spans[i].decision == LAK_DECISION_REDACT)
			return &plan->spans[i];
	return NULL;
}

const char *
lak_span_text(const struct lak_span *s, const struct lak_doc *doc,
    const struct lak_view *v, size_t *len)
{
	const char *src = NULL;
	size_t a = 0, b = 0;

	if (s->kind == LAK_SPAN_TEXT && s->end <= v->nchars) {
		src = v->text;
		a = v->off[s->start];
		b = v->off[s->end];
	} else if (s->kind == LAK_SPAN_ITEM && s->item < doc->nitems) {
		src = s->meta ? doc->items[s->item].name :
		    doc->items[s->item].text;
		a = s->start;
		b = s->end;
	} else if (s->kind == LAK_SPAN_META) {
		src = lak_meta_get(&doc->meta, s->meta);
		a = s->start;
		b = s->end;
	}
	if (src == NULL || b <= a || b > strlen(src))
		return NULL;
	*len = b - a;
	return src + a;
}

static int
cmp_span_ptr(const void *a, const void *b)
{
	const struct lak_span *x = *(const struct lak_span *const *)a;
	const struct lak_span *y = *(const struct lak_span *const *)b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* The redacted text spans, by start. */
static const struct lak_span **
text_spans(const struct lak_plan *plan, size_t *n)
{
	const struct lak_span **v = malloc((plan->n + 1) * sizeof(*v));

	*n = 0;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < plan->n; i++)
		if (plan->spans[i].kind == LAK_SPAN_TEXT &&
		    plan->spans[i].decision == LAK_DECISION_REDACT)
			v[(*n)++] = &plan->spans[i];
	qsort(v, *n, sizeof(*v), cmp_span_ptr);
	return v;
}

int
lak_redact_text(const struct lak_plan *plan, const struct lak_view *v,
    const struct lak_grounds *cat, const char *fmt, struct lak_buf *out,
    struct lak_error *err)
{
	const struct lak_span **sp;
	size_t n, k = 0;
	char label[512];

	if (lak_plan_withholds_document(plan))
		return lak_error_set(err, LAK_EINVAL, "the plan withholds "
		    "the whole document");
	if ((sp = text_spans(plan, &n)) == NULL)
		return lak_error_oom(err);
	for (size_t p = 0; p < v->npages; p++) {
		size_t a = v->page_view[p], b = v->page_view[p + 1], i = a;
		const struct lak_span *w = lak_plan_withheld_page(plan,
		    (uint32_t)p + 1);

		if (w != NULL) {
			lak_label_format(fmt, cat, w->grounds, w->ngrounds,
			    label, sizeof(label));
			lak_buf_addf(out, "%s (pagina %zu geweigerd)", label,
			    p + 1);
			/* keep the page break that ends the page */
			if (b > a && v->text[v->off[b - 1]] == '\f')
				lak_buf_addc(out, '\f');
			while (k < n && sp[k]->start < b)
				k++;
			continue;
		}
		while (i < b) {
			while (k < n && sp[k]->end <= i)
				k++;
			if (k < n && sp[k]->start <= i) {
				/* a span may run over page breaks: keep them */
				size_t end = LAK_MIN(sp[k]->end, b);

				lak_label_format(fmt, cat, sp[k]->grounds,
				    sp[k]->ngrounds, label, sizeof(label));
				lak_buf_adds(out, label);
				for (size_t c = i; c < end; c++)
					if (v->text[v->off[c]] == '\f' ||
					    (v->text[v->off[c]] == '\n' &&
					    c + 1 < end &&
					    v->text[v->off[c + 1]] == '\n')) {
						lak_buf_adds(out, v->text[
						    v->off[c]] == '\f' ? "\f" :
						    "\n\n");
						if (v->text[v->off[c]] == '\n')
							c++;
						lak_buf_adds(out, label);
					}
				i = end;
				continue;
			}
			{
				size_t stop = k < n ? LAK_MIN(sp[k]->start, b) :
				    b;

				lak_buf_add(out, v->text + v->off[i],
				    v->off[stop] - v->off[i]);
				i = stop;
			}
		}
	}
	free(sp);
	return lak_buf_check(out, err);
}

size_t
lak_span_boxes(const struct lak_span *span, const struct lak_doc *doc,
    const struct lak_view *v,
    void (*box)(void *ctx, uint32_t page, const struct lak_box *b),
    void *ctx)
{
	struct lak_box cur = { 0, 0, 0, 0 };
	uint32_t cur_page = 0;
	bool have = false;
	size_t n = 0;

	if (span->kind == LAK_SPAN_AREA) {
		if (span->page == 0)
			return 0;
		box(ctx, span->page - 1, &span->area);
		return 1;
	}
	if (span->kind != LAK_SPAN_TEXT)
		return 0;
	for (size_t i = span->start; i < span->end && i < v->nchars; i++) {
		struct lak_box b;
		uint32_t page;
		float cy;

		if (lak_view_char_box(v, doc, i, &page, &b) < 0 ||
		    b.x1 <= b.x0)
			continue;	/* inserted, or a line end */
		cy = (b.y0 + b.y1) / 2;
		/* same line: same page, vertical centre inside the box, and
		 * not jumping back left (a new line or column) */
		if (have && page == cur_page && cy > cur.y0 && cy < cur.y1 &&
		    b.x0 >= cur.x0 - 1) {
			cur.x0 = LAK_MIN(cur.x0, b.x0);
			cur.y0 = LAK_MIN(cur.y0, b.y0);
			cur.x1 = LAK_MAX(cur.x1, b.x1);
			cur.y1 = LAK_MAX(cur.y1, b.y1);
			continue;
		}
		if (have) {
			box(ctx, cur_page, &cur);
			n++;
		}
		cur = b;
		cur_page = page;
		have = true;
	}
	if (have) {
		box(ctx, cur_page, &cur);
		n++;
	}
	return n;
}

int
lak_plan_stats(const struct lak_plan *plan, const struct lak_doc *doc,
    struct lak_plan_stats *st, struct lak_error *err)
{
	bool *touched = calloc(doc->npages + 1, sizeof(*touched));
	size_t alloc = 0;

	memset(st, 0, sizeof(*st));
	if (touched == NULL)
		return lak_error_oom(err);
	for (size_t i = 0; i < plan->n; i++) {
		const struct lak_span *s = &plan->spans[i];

		if (s->decision != LAK_DECISION_REDACT || s->under_area)
			continue;
		st->spans++;
		if (s->kind == LAK_SPAN_DOCUMENT)
			st->document_withheld = true;
		if (s->page >= 1 && s->page <= doc->npages)
			touched[s->page - 1] = true;
		for (size_t k = 0; k < s->ngrounds; k++) {
			size_t j;

			for (j = 0; j < st->ng && st->g[j].ground !=
			    s->grounds[k]; j++)
				;
			if (j == st->ng) {
				if (lak_array_grow((void **)&st->g, &alloc,
				    st->ng, sizeof(*st->g)) < 0) {
					free(touched);
					lak_plan_stats_release(st);
					return lak_error_oom(err);
				}
				/* catalogue order */
				for (j = st->ng; j > 0 && st->g[j - 1].ground >
				    s->grounds[k]; j--)
					st->g[j] = st->g[j - 1];
				st->g[j].ground = s->grounds[k];
				st->g[j].spans = st->g[j].chars = 0;
				st->ng++;
			}
			st->g[j].spans++;
			if (s->kind == LAK_SPAN_TEXT || s->kind ==
			    LAK_SPAN_ITEM || s->kind == LAK_SPAN_META)
				st->g[j].chars += s->end - s->start;
		}
	}
	for (size_t p = 0; p < doc->npages; p++)
		st->pages_touched += touched[p];
	free(touched);
	return 0;
}

void
lak_plan_stats_release(struct lak_plan_stats *st)
{
	free(st->g);
	memset(st, 0, sizeof(*st));
}

/* --- CSV -------------------------------------------------------------------- */

static const char *const columns[] = {
	"id", "document", "sha256", "kind", "where", "page", "start", "end",
	"boxes", "grounds", "rules", "decision", "context",
};
#define NCOLS LAK_ARRAY_SIZE(columns)

static const char *const kinds[] = {
	"text", "item", "metadata", "page", "document", "area",
};

struct boxes_ctx {
	GString *s;
};

static void
box_to_string(void *vctx, uint32_t page, const struct lak_box *b)
{
	struct boxes_ctx *c = vctx;

	g_string_append_printf(c->s, "%s%u:%.1f %.1f %.1f %.1f",
	    c->s->len ? ";" : "", page + 1, b->x0, b->y0, b->x1, b->y1);
}

/* 30 characters each side of the span, every redacted part masked. */
static char *
context(const struct lak_span *s, const struct lak_view *v,
    const bool *redacted)
{
	GString *g = g_string_new(NULL);
	size_t a = s->start > 30 ? s->start - 30 : 0;
	size_t b = LAK_MIN(s->end + 30, v->nchars);
	bool masked = false;

	for (size_t i = a; i < b; i++) {
		const char *c = v->text + v->off[i];
		size_t n = v->off[i + 1] - v->off[i];

		if (redacted[i] || (i >= s->start && i < s->end)) {
			if (!masked)
				g_string_append(g, "\xE2\x96\x88\xE2\x96\x88"
				    "\xE2\x96\x88");	/* three full blocks */
			masked = true;
			continue;
		}
		masked = false;
		if (*c == '\n' || *c == '\f')
			g_string_append_c(g, ' ');
		else
			g_string_append_len(g, c, (gssize)n);
	}
	return g_string_free(g, FALSE);
}

int
lak_plan_write_csv(const struct lak_plan *plan, const struct lak_doc *doc,
    const struct lak_view *v, const struct lak_grounds *cat,
    struct lak_buf *out, struct lak_error *err)
{
	bool *redacted = calloc(v->nchars + 1, sizeof(*redacted));

	if (redacted == NULL)
		return lak_error_oom(err);
	for (size_t i = 0; i < plan->n; i++) {
		const struct lak_span *s = &plan->spans[i];

		if (s->kind == LAK_SPAN_TEXT)
			for (size_t c = s->start; c < s->end && c < v->nchars;
			    c++)
				redacted[c] = true;
	}
	for (size_t i = 0; i < NCOLS; i++)
		lak_csv_field(out, columns[i], i + 1 == NCOLS);
	for (size_t i = 0; i < plan->n; i++) {
		const struct lak_span *s = &plan->spans[i];
		struct boxes_ctx bc;
		GString *grounds;
		char num[32], where[64] = "", *ctx = NULL;

		if (s->under_area)
			continue;	/* its area row stands for it */
		bc.s = g_string_new(NULL);
		grounds = g_string_new(NULL);
		snprintf(num, sizeof(num), "%zu", i + 1);
		lak_csv_field(out, num, false);
		lak_csv_field(out, doc->meta.source, false);
		lak_csv_field(out, doc->meta.sha256, false);
		lak_csv_field(out, kinds[s->kind], false);
		if (s->kind == LAK_SPAN_ITEM)
			snprintf(where, sizeof(where), "%s %zu%s%s",
			    lak_item_kind_str(doc->items[s->item].kind),
			    s->item + 1, s->meta ? " " : "",
			    s->meta ? s->meta : "");
		else if (s->kind == LAK_SPAN_META)
			snprintf(where, sizeof(where), "%s", s->meta);
		lak_csv_field(out, where, false);
		snprintf(num, sizeof(num), "%u", s->page);
		lak_csv_field(out, s->page ? num : "", false);
		snprintf(num, sizeof(num), "%zu", s->start);
		lak_csv_field(out, s->kind <= LAK_SPAN_META ? num : "", false);
		snprintf(num, sizeof(num), "%zu", s->end);
		lak_csv_field(out, s->kind <= LAK_SPAN_META ? num : "", false);
		lak_span_boxes(s, doc, v, box_to_string, &bc);
		lak_csv_field(out, bc.s->str, false);
		for (size_t k = 0; k < s->ngrounds; k++)
			g_string_append_printf(grounds, "%s%s", k ? "; " : "",
			    cat->g[s->grounds[k]].code);
		lak_csv_field(out, grounds->str, false);
		lak_csv_field(out, s->rules, false);
		lak_csv_field(out, s->decision == LAK_DECISION_KEEP ? "keep" :
		    "redact", false);
		if (s->kind == LAK_SPAN_TEXT)
			ctx = context(s, v, redacted);
		lak_csv_field(out, ctx ? ctx : "", true);
		g_free(ctx);
		g_string_free(bc.s, TRUE);
		g_string_free(grounds, TRUE);
	}
	free(redacted);
	return lak_buf_check(out, err);
}

static bool
parse_size(const char *s, size_t *out)
{
	char *e;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &e, 10);
	if (errno || *e)
		return false;
	*out = (size_t)v;
	return true;
}

/* An area's box: "PAGE:X0 Y0 X1 Y1", one, inside its page. */
static int
read_area(const char *s, const struct lak_doc *doc, uint32_t *page,
    struct lak_box *b)
{
	unsigned int p;
	double x0, y0, x1, y1;
	int used = 0;
	const struct lak_page *pg;

	if (sscanf(s, " %u:%lf %lf %lf %lf %n", &p, &x0, &y0, &x1, &y1,
	    &used) != 5 || s[used] != '\0' || p == 0 || p > doc->npages)
		return -1;
	pg = &doc->pages[p - 1];
	if (!(x0 >= 0 && y0 >= 0 && x1 > x0 && y1 > y0 &&
	    x1 <= pg->width + 0.5 && y1 <= pg->height + 0.5))
		return -1;
	*page = p;
	b->x0 = (float)x0;
	b->y0 = (float)y0;
	b->x1 = (float)x1;
	b->y1 = (float)y1;
	return 0;
}

/*
 * The characters under an area: text spans (under_area) for every run of
 * view characters whose middle is inside its box, so that they leave the
 * text as they leave the pixels; characters without a box (a line end,
 * an inserted space) between two of them go too.
 */
static int
add_under_area(struct lak_plan *plan, const struct lak_span *area,
    const struct lak_doc *doc, const struct lak_view *v)
{
	size_t p = area->page - 1, run = SIZE_MAX, last = 0;

	if (v == NULL || p >= v->npages)
		return 0;
	for (size_t c = v->page_view[p]; c <= v->page_view[p + 1]; c++) {
		struct lak_box b;
		uint32_t pg;
		bool in = false, boxed = false;

		if (c < v->page_view[p + 1] && lak_view_char_box(v, doc, c,
		    &pg, &b) == 0 && b.x1 > b.x0 && pg == p) {
			float mx = (b.x0 + b.x1) / 2, my = (b.y0 + b.y1) / 2;

			boxed = true;
			in = mx >= area->area.x0 && mx <= area->area.x1 &&
			    my >= area->area.y0 && my <= area->area.y1;
		}
		if (in) {
			if (run == SIZE_MAX)
				run = c;
			last = c + 1;
		} else if ((boxed || c == v->page_view[p + 1]) &&
		    run != SIZE_MAX) {
			struct lak_span t = *area;

			t.kind = LAK_SPAN_TEXT;
			t.start = run;
			t.end = last;
			t.under_area = true;
			if (lak_plan_add(plan, &t) < 0)
				return -1;
			run = SIZE_MAX;
		}
	}
	return 0;
}

int
lak_plan_read_csv(const char *data, size_t len, const char *name,
    const struct lak_doc *doc, const struct lak_view *v,
    const struct lak_grounds *cat, struct lak_plan **out,
    struct lak_error *err)
{
	struct lak_csv_row rec = { NULL, 0, 0 };
	int col[NCOLS], n;
	size_t pos = 0, row = 1, bad = 0;
	struct lak_plan *plan = calloc(1, sizeof(*plan));
	char sep;
	int ret = -1;

	*out = NULL;
	if (plan == NULL)
		return lak_error_oom(err);
	/* a UTF-8 byte-order mark from a spreadsheet */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	sep = lak_csv_sep(data + pos, len - pos);
	if (lak_csv_next(data, len, &pos, sep, &rec) < 0) {
		lak_error_set(err, LAK_EFORMAT, "%s:row 1: malformed CSV",
		    name);
		goto out;
	}
	n = (int)rec.n;
	for (size_t i = 0; i < NCOLS; i++) {
		col[i] = -1;
		for (int k = 0; k < n; k++)
			if (g_ascii_strcasecmp(rec.f[k], columns[i]) == 0)
				col[i] = k;
	}
	/* 'context' and 'boxes' are for people; the rest is needed */
	for (size_t i = 0; i < NCOLS; i++) {
		if (col[i] < 0 && strcmp(columns[i], "context") != 0 &&
		    strcmp(columns[i], "boxes") != 0 &&
		    strcmp(columns[i], "id") != 0) {
			lak_error_set(err, LAK_EFORMAT, "%s:row 1: no column "
			    "'%s' (is this a lakwerk plan?)", name, columns[i]);
			goto out;
		}
	}
#define F(name_) (col[name_] >= 0 && col[name_] < n ? \
	rec.f[col[name_]] : "")
	enum { C_ID, C_DOC, C_SHA, C_KIND, C_WHERE, C_PAGE, C_START, C_END,
	    C_BOXES, C_GROUNDS, C_RULES, C_DECISION, C_CONTEXT };
	while (pos < len) {
		struct lak_span sp;
		const char *kind, *dec;
		gchar **codes;
		size_t k;

		row++;
		if (lak_csv_next(data, len, &pos, sep, &rec) < 0) {
			lak_error_set(err, LAK_EFORMAT, "%s:row %zu: malformed "
			    "CSV (a stray or unclosed quote)", name, row);
			goto out;
		}
		n = (int)rec.n;
		if (n == 1 && rec.f[0][0] == '\0')
			continue;	/* blank line */
		if (strcmp(F(C_SHA), doc->meta.sha256) != 0)
			continue;	/* another document's row */
		memset(&sp, 0, sizeof(sp));
		kind = F(C_KIND);
		for (k = 0; k < LAK_ARRAY_SIZE(kinds) && strcmp(kind,
		    kinds[k]) != 0; k++)
			;
		if (k == LAK_ARRAY_SIZE(kinds)) {
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu: kind: "
			    "expected text, item, metadata, page, document or "
			    "area, got '%s'", name, row, kind);
			goto bad_row;
		}
		sp.kind = (enum lak_span_kind)k;
		if (col[C_DECISION] < n)
			g_strstrip(rec.f[col[C_DECISION]]);
		dec = F(C_DECISION);
		if (*dec == '\0' || g_ascii_strcasecmp(dec, "redact") == 0)
			sp.decision = LAK_DECISION_REDACT;
		else if (g_ascii_strcasecmp(dec, "keep") == 0)
			sp.decision = LAK_DECISION_KEEP;
		else {
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu: decision: "
			    "expected redact or keep, got '%s'", name, row,
			    dec);
			goto bad_row;
		}
		codes = g_strsplit_set(F(C_GROUNDS), ";,", -1);
		for (gchar **c = codes; *c; c++) {
			long g;

			g_strstrip(*c);
			if (**c == '\0')
				continue;
			if ((g = lak_grounds_find(cat, *c)) < 0) {
				lak_error_add(err, LAK_EFORMAT, "%s:row %zu: "
				    "grounds: unknown ground '%s'", name, row,
				    *c);
				g_strfreev(codes);
				goto bad_row;
			}
			if (sp.ngrounds < LAK_SPAN_MAX_GROUNDS) {
				size_t j;

				for (j = 0; j < sp.ngrounds &&
				    sp.grounds[j] != g; j++)
					;
				if (j == sp.ngrounds)
					sp.grounds[sp.ngrounds++] = g;
			}
		}
		g_strfreev(codes);
		if (sp.ngrounds == 0 && sp.decision == LAK_DECISION_REDACT) {
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu: grounds: "
			    "a redaction needs a ground", name, row);
			goto bad_row;
		}
		if (*F(C_PAGE) && (!parse_size(F(C_PAGE), &k) || k == 0 ||
		    k > doc->npages)) {
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu: page: "
			    "expected 1 to %zu, got '%s'", name, row,
			    doc->npages, F(C_PAGE));
			goto bad_row;
		}
		sp.page = *F(C_PAGE) ? (uint32_t)k : 0;
		if (sp.kind == LAK_SPAN_PAGE && sp.page == 0) {
			lak_error_add(err, LAK_EFORMAT, "%s:row %zu: page: "
			    "a page row needs its page", name, row);
			goto bad_row;
		}
		if (sp.kind <= LAK_SPAN_META) {
			size_t limit = v->nchars;

			if (!parse_size(F(C_START), &sp.start) ||
			    !parse_size(F(C_END), &sp.end) ||
			    sp.end <= sp.start) {
				lak_error_add(err, LAK_EFORMAT, "%s:row %zu: "
				    "start, end: expected a range such as 10 "
				    "and 24", name, row);
				goto bad_row;
			}
			if (sp.kind == LAK_SPAN_ITEM) {
				/* "annotation 3" or "attachment 2 name" */
				const char *w = strchr(F(C_WHERE), ' ');
				size_t it = 0;
				const char *text;

				if (w == NULL || sscanf(w + 1, "%zu", &it) != 1
				    || it == 0 || it > doc->nitems) {
					lak_error_add(err, LAK_EFORMAT, "%s:row "
					    "%zu: where: no such item '%s'",
					    name, row, F(C_WHERE));
					goto bad_row;
				}
				sp.item = it - 1;
				if (strstr(w + 1, " name") != NULL)
					sp.meta = "name";
				text = sp.meta ? doc->items[sp.item].name :
				    doc->items[sp.item].text;
				limit = text ? strlen(text) : 0;
			} else if (sp.kind == LAK_SPAN_META) {
				if ((sp.meta = lak_meta_field_name(F(C_WHERE))) ==
				    NULL) {
					lak_error_add(err, LAK_EFORMAT, "%s:row "
					    "%zu: where: no metadata field '%s'",
					    name, row, F(C_WHERE));
					goto bad_row;
				}
				limit = SIZE_MAX;
			}
			if (sp.end > limit) {
				lak_error_add(err, LAK_EFORMAT, "%s:row %zu: end "
				    "%zu is past the end of the text (%zu): "
				    "the plan is not for this version of the "
				    "document", name, row, sp.end, limit);
				goto bad_row;
			}
		}
		if (sp.kind == LAK_SPAN_AREA) {
			uint32_t pg = 0;

			if (read_area(F(C_BOXES), doc, &pg, &sp.area) < 0) {
				lak_error_add(err, LAK_EFORMAT, "%s:row %zu: "
				    "boxes: an area is one box on a page of the "
				    "document, PAGE:X0 Y0 X1 Y1 in points from "
				    "the top left (got '%s')", name, row,
				    F(C_BOXES));
				goto bad_row;
			}
			if (sp.page != 0 && sp.page != pg) {
				lak_error_add(err, LAK_EFORMAT, "%s:row %zu: "
				    "page %u, but the box is on page %u", name,
				    row, sp.page, pg);
				goto bad_row;
			}
			sp.page = pg;
		}
		sp.rules = (char *)F(C_RULES);
		if (lak_plan_add(plan, &sp) < 0 || (sp.kind == LAK_SPAN_AREA &&
		    add_under_area(plan, &sp, doc, v) < 0)) {
			lak_error_oom(err);
			goto out;
		}
		continue;
bad_row:
		/* read on: one run reports every bad row */
		bad++;
	}
#undef F
	if (bad > 0)
		goto out;
	*out = plan;
	plan = NULL;
	ret = 0;
out:
	lak_csv_row_release(&rec);
	lak_plan_free(plan);
	return ret;
}

void
lak_texts_free(char **t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

int
lak_plan_texts(const struct lak_plan *plan, const struct lak_doc *doc,
    const struct lak_view *v, enum lak_decision decision, char ***out,
    size_t *n, struct lak_error *err)
{
	char **t = calloc(plan->n + 1, sizeof(*t));

	*out = NULL;
	*n = 0;
	if (t == NULL)
		return lak_error_oom(err);
	for (size_t i = 0; i < plan->n; i++) {
		const struct lak_span *s = &plan->spans[i];
		const char *src;
		size_t len;

		/* (the words under a reviewer's box are checked where they
		 * stood: the same word elsewhere is no leak) */
		if (s->decision != decision || s->under_area ||
		    (src = lak_span_text(s, doc, v, &len)) == NULL)
			continue;
		if ((t[*n] = strndup(src, len)) == NULL) {
			lak_texts_free(t, *n);
			return lak_error_oom(err);
		}
		(*n)++;
	}
	*out = t;
	return 0;
}
