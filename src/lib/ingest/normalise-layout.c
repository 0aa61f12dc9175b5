/*
 * Normalisation stage, layout pass: from characters to lines, running
 * headers and footers, paragraphs and headings, using geometry only (so
 * PDFs from any producer, and text laid on its grid, are treated alike).
 */
#include "lib/base/common.h"

#include <math.h>

#include <glib.h>

#include "lib/ingest/normalise-int.h"

bool
lak_norm_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 ||
	    cp == 0xAD || cp == 0x200B || cp == 0xFEFF ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000 || cp < 0x20;
}

static bool
font_is_bold(const char *name)
{
	return strstr(name, "Bold") || strstr(name, "bold") ||
	    strstr(name, "Black") || strstr(name, "Heavy") ||
	    strstr(name, "Semibold") || strstr(name, "SemiBold") ||
	    strstr(name, "Demi");
}

/* Character 'g' (global index) of line 'l'. */
static const struct lak_char *
line_char(const struct lak_norm *n, const struct lak_line *l, size_t g)
{
	return &n->doc->pages[l->page].chars[g - n->v->page_src[l->page]];
}

/* The text of a line with digits folded to '#' and blanks squeezed, for
 * finding lines that repeat on many pages ("Pagina 2 van 5"). */
static char *
running_key(const struct lak_norm *n, const struct lak_line *l)
{
	GString *s = g_string_new(NULL);
	size_t i;
	bool space = false;

	for (i = l->first; i < l->last && s->len < 240; i++) {
		uint32_t cp = line_char(n, l, i)->cp;

		if (lak_norm_blank(cp)) {
			space = s->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(s, ' ');
		space = false;
		g_string_append_unichar(s, g_unichar_isdigit(cp) ? '#' : cp);
	}
	return g_string_free(s, FALSE);
}

struct seen {
	uint32_t last_page;
	unsigned int pages;
};

static void
find_running(struct lak_norm *n)
{
	struct lak_view *v = n->v;
	GHashTable *h;
	size_t i, threshold;
	char **keys;

	if (v->npages < 2)
		return;
	threshold = v->npages <= 3 ? 2 : (v->npages + 1) / 2;
	h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	keys = g_new0(char *, v->nlines);
	for (i = 0; i < v->nlines; i++) {
		struct lak_line *l = &v->lines[i];
		struct seen *s;
		char *k;

		if (l->flags & LAK_LINE_BLANK)
			continue;
		/* Position buckets of 4 pt, so small shifts still match. */
		k = running_key(n, l);
		keys[i] = g_strdup_printf("%s@%ld", k,
		    lround(l->box.y0 / 4.0));
		g_free(k);
		s = g_hash_table_lookup(h, keys[i]);
		if (s == NULL) {
			s = g_new0(struct seen, 1);
			s->last_page = UINT32_MAX;
			g_hash_table_insert(h, g_strdup(keys[i]), s);
		}
		if (s->last_page != l->page) {
			s->last_page = l->page;
			s->pages++;
		}
	}
	for (i = 0; i < v->nlines; i++) {
		struct seen *s;

		if (keys[i] == NULL)
			continue;
		s = g_hash_table_lookup(h, keys[i]);
		if (s != NULL && s->pages >= threshold)
			v->lines[i].flags |= LAK_LINE_RUNNING;
		g_free(keys[i]);
	}
	g_free(keys);
	g_hash_table_destroy(h);
}

static int
add_line(struct lak_norm *n, uint32_t page, size_t base, size_t a, size_t b)
{
	const struct lak_page *pg = &n->doc->pages[page];
	struct lak_line *l;
	double size = 0;
	size_t i, vis = 0, bold = 0;

	if (lak_array_grow((void **)&n->v->lines, &n->lines_alloc,
	    n->v->nlines, sizeof(*l)) < 0)
		return lak_error_oom(n->err);
	l = &n->v->lines[n->v->nlines++];
	memset(l, 0, sizeof(*l));
	l->page = page;
	l->first = base + a;
	l->last = base + b;
	for (i = a; i < b; i++) {
		const struct lak_char *c = &pg->chars[i];

		if (lak_norm_blank(c->cp))
			continue;
		if (vis == 0) {
			l->box = c->box;
		} else {
			l->box.x0 = LAK_MIN(l->box.x0, c->box.x0);
			l->box.y0 = LAK_MIN(l->box.y0, c->box.y0);
			l->box.x1 = LAK_MAX(l->box.x1, c->box.x1);
			l->box.y1 = LAK_MAX(l->box.y1, c->box.y1);
		}
		vis++;
		size += c->size;
		if (c->font < n->doc->nfonts && n->font_bold[c->font])
			bold++;
	}
	if (vis == 0)
		l->flags |= LAK_LINE_BLANK;
	else
		l->size = (float)(size / (double)vis);
	if (vis > 0 && bold * 10 >= vis * 8)
		l->flags |= LAK_LINE_BOLD;
	return 0;
}

int
lak_norm_lines(struct lak_norm *n)
{
	const struct lak_doc *doc = n->doc;
	GHashTable *sizes;
	GHashTableIter it;
	gpointer key, val;
	size_t base = 0, best = 0;
	uint32_t p;

	n->font_bold = calloc(doc->nfonts + 1, sizeof(*n->font_bold));
	if (n->font_bold == NULL)
		return lak_error_oom(n->err);
	for (size_t f = 0; f < doc->nfonts; f++)
		n->font_bold[f] = font_is_bold(doc->fonts[f]);

	/* The body size: the size most characters have (half points). */
	sizes = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (p = 0; p < doc->npages; p++) {
		const struct lak_page *pg = &doc->pages[p];
		size_t i, start = 0;

		for (i = 0; i < pg->nchars; i++) {
			const struct lak_char *c = &pg->chars[i];

			if (!lak_norm_blank(c->cp) && c->cp != '\n') {
				gpointer k = GINT_TO_POINTER(
				    (int)lround(c->size * 2) + 1);

				g_hash_table_insert(sizes, k, GSIZE_TO_POINTER(
				    GPOINTER_TO_SIZE(g_hash_table_lookup(
				    sizes, k)) + 1));
			}
			if (c->cp == '\n') {
				if (add_line(n, p, base, start, i) < 0)
					goto fail;
				start = i + 1;
			}
		}
		if (start < pg->nchars && add_line(n, p, base, start,
		    pg->nchars) < 0)
			goto fail;
		base += pg->nchars;
	}
	n->body_size = 10;
	g_hash_table_iter_init(&it, sizes);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		if (GPOINTER_TO_SIZE(val) > best) {
			best = GPOINTER_TO_SIZE(val);
			n->body_size = (float)(GPOINTER_TO_INT(key) - 1) / 2.0f;
		}
	}
	g_hash_table_destroy(sizes);
	find_running(n);
	return 0;
fail:
	g_hash_table_destroy(sizes);
	return -1;
}

/* --- paragraphs ------------------------------------------------------------ */

/* First visible character of a line, as a code point; 0 if none. */
static uint32_t
first_cp(const struct lak_norm *n, const struct lak_line *l, size_t *at)
{
	size_t g;

	for (g = l->first; g < l->last; g++) {
		uint32_t cp = line_char(n, l, g)->cp;

		if (!lak_norm_blank(cp)) {
			if (at)
				*at = g;
			return cp;
		}
	}
	return 0;
}

static uint32_t
last_cp(const struct lak_norm *n, const struct lak_line *l)
{
	size_t g;

	for (g = l->last; g > l->first; g--) {
		uint32_t cp = line_char(n, l, g - 1)->cp;

		if (!lak_norm_blank(cp) || cp == 0xAD)
			return cp;
	}
	return 0;
}

/* "- item", "• item", "1. item", "a) item" start a list item. */
static bool
starts_item(const struct lak_norm *n, const struct lak_line *l)
{
	size_t g, k = 0;
	uint32_t cp[4] = { 0, 0, 0, 0 };

	if (!first_cp(n, l, &g))
		return false;
	for (; g < l->last && k < 4; g++)
		cp[k++] = line_char(n, l, g)->cp;
	if ((cp[0] == '-' || cp[0] == '*' || cp[0] == 0x2022 ||
	    cp[0] == 0x2013 || cp[0] == 0x25CF || cp[0] == 0x25AA ||
	    cp[0] == 0xB7) && lak_norm_blank(cp[1]))
		return true;
	if (cp[0] == 0x2022 || cp[0] == 0x25CF || cp[0] == 0xF0B7)
		return true;
	if (g_unichar_isdigit(cp[0]) && (cp[1] == '.' || cp[1] == ')') &&
	    lak_norm_blank(cp[2]))
		return true;
	if (g_unichar_isdigit(cp[0]) && g_unichar_isdigit(cp[1]) &&
	    (cp[2] == '.' || cp[2] == ')') && lak_norm_blank(cp[3]))
		return true;
	return false;
}

/* "Datum: ...", "Ons kenmerk: ...": a capitalised label of at most three
 * words and a colon starts a line of its own (letter and e-mail headers). */
static bool
starts_label(const struct lak_norm *n, const struct lak_line *l)
{
	size_t g, len = 0, words = 1;

	if (!first_cp(n, l, &g) || !g_unichar_isupper(line_char(n, l, g)->cp))
		return false;
	for (; g < l->last && len < 24; g++, len++) {
		uint32_t cp = line_char(n, l, g)->cp;

		if (cp == ':')
			return len > 1;
		if (lak_norm_blank(cp) && ++words > 3)
			return false;
		if (!lak_norm_blank(cp) && !g_unichar_isalpha(cp) &&
		    cp != '(' && cp != ')' && cp != '-')
			return false;
	}
	return false;
}

/* Number of leading '#' followed by a space (Markdown headings), or 0. */
static int
hash_heading(const struct lak_norm *n, const struct lak_line *l)
{
	size_t g;
	int k = 0;

	if (!first_cp(n, l, &g))
		return 0;
	for (; g < l->last && line_char(n, l, g)->cp == '#'; g++)
		k++;
	if (k == 0 || k > 6 || g >= l->last || !lak_norm_blank(line_char(n, l,
	    g)->cp))
		return 0;
	return k;
}

/* "1 Inleiding", "2.3 Advies" as a heading: the depth, else 0. */
static int
numbered_heading(const struct lak_norm *n, const struct lak_line *l)
{
	size_t g;
	int depth = 0;
	bool digit = false;

	if (!first_cp(n, l, &g))
		return 0;
	for (; g < l->last; g++) {
		uint32_t cp = line_char(n, l, g)->cp;

		if (g_unichar_isdigit(cp)) {
			digit = true;
		} else if (cp == '.' && digit) {
			depth++;
			digit = false;
		} else if (lak_norm_blank(cp) && (digit || depth)) {
			if (digit)
				depth++;
			break;
		} else {
			return 0;
		}
	}
	if (g >= l->last || depth == 0 || depth > 6)
		return 0;
	/* Then a capitalised title. */
	for (; g < l->last && lak_norm_blank(line_char(n, l, g)->cp); g++)
		;
	return g < l->last && g_unichar_isupper(line_char(n, l, g)->cp) ?
	    depth : 0;
}

static size_t
line_len(const struct lak_line *l)
{
	return l->last - l->first;
}

static bool
para_break(const struct lak_norm *n, const struct lak_line *a,
    const struct lak_line *b, double typical_gap)
{
	double ha = a->box.y1 - a->box.y0, hb = b->box.y1 - b->box.y0;
	double h = LAK_MAX(ha, hb), gap = b->box.y0 - a->box.y1;
	bool text = n->doc->meta.format != NULL &&
	    strcmp(n->doc->meta.format, "text") == 0;

	if (a->page != b->page)
		return true;
	if ((a->flags | b->flags) & (LAK_LINE_BLANK | LAK_LINE_RUNNING))
		return true;
	if (gap > typical_gap + 0.5 * h)
		return true;
	if (gap < -0.5 * h)		/* back up: another column or block */
		return true;
	if (b->box.x0 > a->box.x1 + 2)	/* side by side */
		return true;
	if (fabs(a->size - b->size) > 0.12 * LAK_MAX(a->size, b->size))
		return true;
	if ((a->flags & LAK_LINE_BOLD) != (b->flags & LAK_LINE_BOLD) &&
	    !(a->flags & LAK_LINE_HYPHEN))
		return true;
	if (text && (hash_heading(n, a) || hash_heading(n, b)))
		return true;
	return false;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The usual gap between consecutive lines of the document. */
static double
typical_gap(const struct lak_norm *n)
{
	const struct lak_view *v = n->v;
	double *gaps, r = 2.0;
	size_t i, k = 0;

	if (v->nlines < 2 || (gaps = malloc(v->nlines * sizeof(*gaps))) ==
	    NULL)
		return r;
	for (i = 1; i < v->nlines; i++) {
		const struct lak_line *a = &v->lines[i - 1], *b = &v->lines[i];
		double h = a->box.y1 - a->box.y0, g = b->box.y0 - a->box.y1;

		if (a->page != b->page || (a->flags | b->flags) &
		    LAK_LINE_BLANK)
			continue;
		if (g >= -0.3 * h && g < 2 * h)
			gaps[k++] = g;
	}
	if (k > 0) {
		qsort(gaps, k, sizeof(*gaps), cmp_double);
		r = gaps[k / 2];
	}
	free(gaps);
	return r;
}

static int
add_para(struct lak_norm *n, size_t first, size_t count)
{
	struct lak_para *p;

	if (lak_array_grow((void **)&n->v->paras, &n->paras_alloc,
	    n->v->nparas, sizeof(*p)) < 0)
		return lak_error_oom(n->err);
	p = &n->v->paras[n->v->nparas++];
	memset(p, 0, sizeof(*p));
	p->page = n->v->lines[first].page;
	p->first_line = first;
	p->nlines = count;
	p->kind = n->v->lines[first].flags & LAK_LINE_RUNNING ?
	    LAK_PARA_RUNNING : LAK_PARA_BODY;
	return 0;
}

static size_t
para_chars(const struct lak_norm *n, const struct lak_para *p)
{
	size_t i, c = 0;

	for (i = 0; i < p->nlines; i++)
		c += line_len(&n->v->lines[p->first_line + i]);
	return c;
}

/* Headings, and their levels: bigger type ranks higher. */
static void
find_headings(struct lak_norm *n)
{
	struct lak_view *v = n->v;
	bool text = n->doc->meta.format != NULL &&
	    strcmp(n->doc->meta.format, "text") == 0;
	float sizes[8];
	size_t i, j, nsizes = 0;

	for (i = 0; i < v->nparas; i++) {
		struct lak_para *p = &v->paras[i];
		struct lak_line *l = &v->lines[p->first_line];
		uint32_t fc = first_cp(n, l, NULL), lc;
		size_t len = para_chars(n, p);
		int k;

		if (p->kind != LAK_PARA_BODY || p->nlines > 3 || len > 160)
			continue;
		lc = last_cp(n, &v->lines[p->first_line + p->nlines - 1]);
		if (text) {
			if ((k = hash_heading(n, l)) > 0 ||
			    (p->nlines == 1 && len <= 80 && lc != '.' &&
			    (k = numbered_heading(n, l)) > 0)) {
				p->kind = LAK_PARA_HEADING;
				p->level = k;
			} else if (p->nlines == 1 && len <= 60 &&
			    g_unichar_isupper(fc) && !strchr(".,;:?!", (int)lc)
			    && i + 1 < v->nparas &&
			    v->paras[i + 1].kind == LAK_PARA_BODY &&
			    para_chars(n, &v->paras[i + 1]) > 80) {
				size_t g;
				bool colon = false;

				for (g = l->first; g < l->last; g++)
					if (line_char(n, l, g)->cp == ':')
						colon = true;
				if (!colon) {
					p->kind = LAK_PARA_HEADING;
					p->level = 2;
				}
			}
			continue;
		}
		if (l->size >= n->body_size * 1.15f) {
			p->kind = LAK_PARA_HEADING;
			p->level = -1;	/* by size, below */
			for (j = 0; j < nsizes; j++)
				if (fabsf(sizes[j] - l->size) < 0.5f)
					break;
			if (j == nsizes && nsizes < LAK_ARRAY_SIZE(sizes))
				sizes[nsizes++] = l->size;
		} else if ((l->flags & LAK_LINE_BOLD) &&
		    l->size >= n->body_size * 0.9f && fc &&
		    (g_unichar_isupper(fc) || g_unichar_isdigit(fc)) &&
		    !strchr(".,;:", (int)lc)) {
			p->kind = LAK_PARA_HEADING;
			p->level = 0;	/* bold at body size: after sizes */
		}
	}
	/* Rank the heading sizes, largest first. */
	for (i = 1; i < nsizes; i++)
		for (j = i; j > 0 && sizes[j] > sizes[j - 1]; j--) {
			float t = sizes[j];

			sizes[j] = sizes[j - 1];
			sizes[j - 1] = t;
		}
	for (i = 0; i < v->nparas; i++) {
		struct lak_para *p = &v->paras[i];
		float sz = v->lines[p->first_line].size;

		if (p->kind != LAK_PARA_HEADING || text)
			continue;
		if (p->level == 0) {
			p->level = (int)nsizes + 1;
			continue;
		}
		for (j = 0; j < nsizes; j++)
			if (fabsf(sizes[j] - sz) < 0.5f)
				break;
		p->level = (int)(j < nsizes ? j + 1 : nsizes + 1);
	}
}

/* Inside a paragraph a short line keeps its break (addresses, lists). */
static void
mark_hard_breaks(struct lak_norm *n, const struct lak_para *p)
{
	struct lak_line *lines = &n->v->lines[p->first_line];
	float right = 0, left = 1e9f, cw;
	size_t i, chars = 0;

	for (i = 0; i < p->nlines; i++) {
		right = LAK_MAX(right, lines[i].box.x1);
		left = LAK_MIN(left, lines[i].box.x0);
		chars += line_len(&lines[i]);
	}
	cw = chars ? (right - left) * (float)p->nlines / (float)chars : 5;
	for (i = 0; i + 1 < p->nlines; i++) {
		if (lines[i].flags & LAK_LINE_HYPHEN)
			continue;
		if (lines[i].box.x1 < right - LAK_MAX(4 * cw,
		    0.15f * (right - left)) || starts_item(n, &lines[i + 1]) ||
		    (starts_label(n, &lines[i]) && starts_label(n,
		    &lines[i + 1])))
			lines[i].flags |= LAK_LINE_HARD_BREAK;
	}
}

int
lak_norm_paras(struct lak_norm *n)
{
	struct lak_view *v = n->v;
	double gap = typical_gap(n);
	size_t i, start = SIZE_MAX;

	for (i = 0; i < v->nlines; i++) {
		struct lak_line *l = &v->lines[i];
		uint32_t lc = last_cp(n, l);

		if ((lc == '-' || lc == 0xAD || lc == 0x2010) &&
		    !(l->flags & LAK_LINE_BLANK))
			l->flags |= LAK_LINE_HYPHEN;
	}
	for (i = 0; i <= v->nlines; i++) {
		bool brk = i == v->nlines || start == SIZE_MAX ||
		    para_break(n, &v->lines[i - 1], &v->lines[i], gap);

		if (!brk)
			continue;
		if (start != SIZE_MAX && add_para(n, start, i - start) < 0)
			return -1;
		start = SIZE_MAX;
		if (i < v->nlines && !(v->lines[i].flags & LAK_LINE_BLANK))
			start = i;
	}
	find_headings(n);
	for (i = 0; i < v->nparas; i++)
		mark_hard_breaks(n, &v->paras[i]);
	return 0;
}
