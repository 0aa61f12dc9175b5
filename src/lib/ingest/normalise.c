/*
 * Normalisation stage, text pass. Each line's characters are normalised on
 * their own (NFKC, dashes, spaces, soft hyphens, combining marks), the
 * document's vocabulary is collected, and then lines are joined into
 * paragraphs, deciding every line-end hyphen from that vocabulary: the
 * joined form seen elsewhere means the hyphen was typesetting, the
 * hyphenated form seen means it belongs to the word. Undecided hyphens get a
 * guess, and LAK_NORM_ALTERNATE builds the view with the other reading, so a
 * matcher can try both.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/ingest/normalise-int.h"

/* A normalised character on its way into the view. */
struct nc {
	uint32_t cp;
	struct lak_vmap m;
};

struct text {
	struct nc *v;
	size_t n, alloc;
	size_t *line_start;	/* [nlines + 1] into v */
	GHashTable *nfkc;	/* cp -> normalised UTF-8, for slow cases */
	GHashTable *lexicon;	/* lowercase words seen outside joins */
	struct lak_buf out;	/* the view's UTF-8 */
	size_t off_alloc, map_alloc, hyph_alloc;
};

static bool
is_dash(uint32_t cp)
{
	return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	    cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D || cp == 0x2043;
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000;
}

static bool
is_word(uint32_t cp)
{
	return g_unichar_isalnum(cp) || g_unichar_ismark(cp);
}

static int
push(struct lak_norm *n, struct text *t, uint32_t cp, uint32_t src,
    uint16_t nsrc, uint8_t part, uint8_t nparts)
{
	struct nc *c;

	if (lak_array_grow((void **)&t->v, &t->alloc, t->n, sizeof(*t->v)) <
	    0)
		return lak_error_oom(n->err);
	c = &t->v[t->n++];
	c->cp = cp;
	c->m.src = src;
	c->m.nsrc = nsrc;
	c->m.part = part;
	c->m.nparts = nparts;
	return 0;
}

/* NFKC of one code point, memoised outside the fast ranges. */
static const char *
nfkc(struct text *t, uint32_t cp)
{
	char *s;
	gchar u[8];
	int len;

	s = g_hash_table_lookup(t->nfkc, GUINT_TO_POINTER(cp));
	if (s != NULL)
		return s;
	len = g_unichar_to_utf8(cp, u);
	s = g_utf8_normalize(u, len, G_NORMALIZE_NFKC);
	if (s == NULL)
		s = g_strndup(u, (gsize)len);
	g_hash_table_insert(t->nfkc, GUINT_TO_POINTER(cp), s);
	return s;
}

/* Append the normalised form of source character 'src' (code point cp). */
static int
norm_char(struct lak_norm *n, struct text *t, size_t line_begin, uint32_t cp,
    uint32_t src)
{
	const char *s;
	size_t k, count;
	gunichar res;

	if (cp == 0xAD || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
	    cp == 0x2060 || cp == 0xFEFF)
		return 0;
	if (is_space(cp) || cp == '\r' || cp == '\n') {
		/* One space between words; none at the start of a line. */
		if (t->n == line_begin || t->v[t->n - 1].cp == ' ')
			return 0;
		return push(n, t, ' ', src, 1, 0, 1);
	}
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
	    g_unichar_type(cp) == G_UNICODE_FORMAT)
		return 0;
	if (is_dash(cp))
		return push(n, t, '-', src, 1, 0, 1);
	if (cp < 0xA0 || (cp >= 0xC0 && cp < 0x130))
		return push(n, t, cp, src, 1, 0, 1);

	s = nfkc(t, cp);
	count = (size_t)g_utf8_strlen(s, -1);
	if (count > 255)
		count = 255;
	for (k = 0; *s != '\0' && k < count; s = g_utf8_next_char(s), k++) {
		gunichar c = g_utf8_get_char(s);

		if (is_dash(c))
			c = '-';
		else if (is_space(c))
			c = ' ';
		/* A combining mark joins the character before it. */
		if (g_unichar_combining_class(c) > 0 && t->n > line_begin &&
		    g_unichar_compose(t->v[t->n - 1].cp, c, &res)) {
			struct nc *prev = &t->v[t->n - 1];

			prev->cp = res;
			if (prev->m.src != LAK_SRC_NONE && src >= prev->m.src)
				prev->m.nsrc = (uint16_t)LAK_MIN(src -
				    prev->m.src + 1, 65535u);
			continue;
		}
		if (push(n, t, c, src, 1, (uint8_t)k, (uint8_t)count) < 0)
			return -1;
	}
	return 0;
}

/* Whether the horizontal gap between two neighbouring characters on a line
 * is wide enough to separate words although no space was drawn. */
static bool
word_gap(const struct lak_char *a, const struct lak_char *b)
{
	float size = LAK_MAX(LAK_MAX(a->size, b->size), 1.0f);
	float gap = b->box.x0 - a->box.x1;

	return gap > 0.3f * size || gap < -4.0f * size;
}

/* Normalise every line's characters into t->v, line by line. */
static int
norm_lines(struct lak_norm *n, struct text *t)
{
	struct lak_view *v = n->v;
	size_t i, g;

	t->line_start = malloc((v->nlines + 1) * sizeof(*t->line_start));
	if (t->line_start == NULL)
		return lak_error_oom(n->err);
	for (i = 0; i < v->nlines; i++) {
		const struct lak_line *l = &v->lines[i];
		const struct lak_page *pg = &n->doc->pages[l->page];
		size_t base = v->page_src[l->page];

		const struct lak_char *prev = NULL;

		t->line_start[i] = t->n;
		for (g = l->first; g < l->last; g++) {
			const struct lak_char *c = &pg->chars[g - base];

			/* A wide gap with no space character is still a word
			 * break: table cells ("Datum" | "14 oktober"), text
			 * placed glyph by glyph. */
			if (prev != NULL && !lak_norm_blank(c->cp) &&
			    word_gap(prev, c) && t->n > t->line_start[i] &&
			    t->v[t->n - 1].cp != ' ' &&
			    push(n, t, ' ', LAK_SRC_NONE, 0, 0, 1) < 0)
				return -1;
			if (norm_char(n, t, t->line_start[i], c->cp,
			    (uint32_t)g) < 0)
				return -1;
			prev = lak_norm_blank(c->cp) ? NULL : c;
		}
		while (t->n > t->line_start[i] && t->v[t->n - 1].cp == ' ')
			t->n--;
	}
	t->line_start[v->nlines] = t->n;
	return 0;
}

static char *
lower_word(const struct nc *c, size_t a, size_t b, const char *mid)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = a; i < b; i++) {
		if (mid && c[i].cp == '-' && i + 1 == b)
			break;
		g_string_append_unichar(s, g_unichar_tolower(c[i].cp));
	}
	if (mid)
		g_string_append(s, mid);
	return g_string_free(s, FALSE);
}

/* Words: letters and digits, with hyphens inside ("Bakker-Smit"). */
static void
add_words(struct text *t, size_t a, size_t b)
{
	size_t i = a, s;

	while (i < b) {
		while (i < b && !is_word(t->v[i].cp))
			i++;
		s = i;
		while (i < b && (is_word(t->v[i].cp) || (t->v[i].cp == '-' &&
		    i + 1 < b && is_word(t->v[i + 1].cp) && i > s)))
			i++;
		if (i > s)
			g_hash_table_add(t->lexicon, lower_word(t->v, s, i,
			    NULL));
	}
}

/* Start of the word that ends at t->v[end - 1] (hyphens included). */
static size_t
word_back(const struct text *t, size_t begin, size_t end)
{
	size_t i = end;

	while (i > begin && (is_word(t->v[i - 1].cp) || (t->v[i - 1].cp ==
	    '-' && i - 1 > begin && is_word(t->v[i - 2].cp))))
		i--;
	return i;
}

static size_t
word_fwd(const struct text *t, size_t begin, size_t end)
{
	size_t i = begin;

	while (i < end && (is_word(t->v[i].cp) || (t->v[i].cp == '-' &&
	    i + 1 < end && is_word(t->v[i + 1].cp) && i > begin)))
		i++;
	return i;
}

/* A line-end hyphen between two word characters: a hyphenation point. */
static bool
hyphen_join_point(const struct lak_norm *n, const struct text *t, size_t li)
{
	const struct lak_view *v = n->v;
	size_t a = t->line_start[li], b = t->line_start[li + 1];
	size_t c = t->line_start[li + 1], d = t->line_start[li + 2];

	if (!(v->lines[li].flags & LAK_LINE_HYPHEN) || c >= d)
		return false;
	if (!is_word(t->v[c].cp))
		return false;
	/* A soft hyphen left nothing behind; a visible one ends the line. */
	if (b > a && t->v[b - 1].cp == '-')
		return b - 1 > a && is_word(t->v[b - 2].cp);
	return b > a && is_word(t->v[b - 1].cp);
}

static void
build_lexicon(struct lak_norm *n, struct text *t)
{
	const struct lak_view *v = n->v;
	size_t p, i;

	for (p = 0; p < v->nparas; p++) {
		const struct lak_para *pa = &v->paras[p];

		for (i = pa->first_line; i < pa->first_line + pa->nlines;
		    i++) {
			size_t a = t->line_start[i], b = t->line_start[i + 1];

			/* Leave out the fragments around a hyphenation. */
			if (i + 1 < pa->first_line + pa->nlines &&
			    hyphen_join_point(n, t, i))
				b = word_back(t, a, b);
			if (i > pa->first_line && hyphen_join_point(n, t, i - 1))
				a = word_fwd(t, a, b);
			if (a < b)
				add_words(t, a, b);
		}
	}
}

/* --- emitting the view ---------------------------------------------------- */

static int
emit(struct lak_norm *n, struct text *t, uint32_t cp, struct lak_vmap m)
{
	struct lak_view *v = n->v;

	if (lak_array_grow((void **)&v->off, &t->off_alloc, v->nchars + 1,
	    sizeof(*v->off)) < 0 ||
	    lak_array_grow((void **)&v->map, &t->map_alloc, v->nchars,
	    sizeof(*v->map)) < 0)
		return lak_error_oom(n->err);
	v->off[v->nchars] = t->out.len;
	v->map[v->nchars] = m;
	v->nchars++;
	if (lak_buf_add_utf8(&t->out, cp) < 0)
		return lak_buf_check(&t->out, n->err);
	return 0;
}

static int
emit_inserted(struct lak_norm *n, struct text *t, uint32_t cp, uint32_t src)
{
	struct lak_vmap m = { src, src == LAK_SRC_NONE ? 0 : 1, 0, 1 };

	return emit(n, t, cp, m);
}

/* The decision for the hyphen ending line li; *keep tells the outcome. */
static int
decide_hyphen(struct lak_norm *n, struct text *t, size_t li, bool *keep)
{
	struct lak_view *v = n->v;
	const struct lak_line *l = &v->lines[li];
	size_t a = t->line_start[li], b = t->line_start[li + 1];
	size_t c = t->line_start[li + 1], d = t->line_start[li + 2];
	const struct lak_page *pg = &n->doc->pages[l->page];
	size_t base = v->page_src[l->page], g, ws, we;
	uint32_t hyph_src = LAK_SRC_NONE;
	enum lak_hyph_how how;
	struct lak_hyph *h;
	bool soft = b == a || t->v[b - 1].cp != '-';
	char *left, *right, *joined, *kept;

	for (g = l->last; g > l->first; g--) {
		uint32_t cp = pg->chars[g - 1 - base].cp;

		if (cp == '-' || cp == 0xAD || cp == 0x2010) {
			hyph_src = (uint32_t)(g - 1);
			break;
		}
	}
	if (soft) {
		how = LAK_HYPH_SOFT;
		*keep = false;
	} else {
		ws = word_back(t, a, b - 1);
		we = word_fwd(t, c, d);
		left = lower_word(t->v, ws, b - 1, NULL);
		right = lower_word(t->v, c, we, NULL);
		joined = g_strconcat(left, right, NULL);
		kept = g_strconcat(left, "-", right, NULL);
		bool j = g_hash_table_contains(t->lexicon, joined);
		bool k = g_hash_table_contains(t->lexicon, kept);

		if (j && !k) {
			how = LAK_HYPH_LEXICON_JOIN;
			*keep = false;
		} else if (k && !j) {
			how = LAK_HYPH_LEXICON_KEEP;
			*keep = true;
		} else {
			/* "Bakker-Smit", "Noord-Holland", "2025-54" and
			 * "woo-verzoeken-artikel" keep their hyphen. */
			*keep = g_unichar_isupper(t->v[c].cp) ||
			    g_unichar_isdigit(t->v[c].cp) ||
			    g_unichar_isdigit(t->v[b - 2].cp) ||
			    strchr(left, '-') != NULL;
			how = *keep ? LAK_HYPH_GUESS_KEEP : LAK_HYPH_GUESS_JOIN;
			v->nambiguous++;
			if (n->flags & LAK_NORM_ALTERNATE)
				*keep = !*keep;
		}
		g_free(left);
		g_free(right);
		g_free(joined);
		g_free(kept);
	}
	if (lak_array_grow((void **)&v->hyph, &t->hyph_alloc, v->nhyph,
	    sizeof(*v->hyph)) < 0)
		return lak_error_oom(n->err);
	h = &v->hyph[v->nhyph++];
	h->src = hyph_src;
	h->how = how;
	h->joined = !*keep;
	h->vpos = 0;		/* set once the next line is emitted */
	return 0;
}

static int
emit_para(struct lak_norm *n, struct text *t, struct lak_para *p)
{
	struct lak_view *v = n->v;
	size_t i, k, end = p->first_line + p->nlines;

	p->vstart = v->nchars;
	for (i = p->first_line; i < end; i++) {
		struct lak_line *l = &v->lines[i];
		size_t a = t->line_start[i], b = t->line_start[i + 1];
		bool join = false, keep = true;

		if (i + 1 < end && hyphen_join_point(n, t, i)) {
			join = true;
			if (decide_hyphen(n, t, i, &keep) < 0)
				return -1;
			if (!keep && b > a && t->v[b - 1].cp == '-')
				b--;
		}
		l->vstart = v->nchars;
		for (k = a; k < b; k++)
			if (emit(n, t, t->v[k].cp, t->v[k].m) < 0)
				return -1;
		l->vend = v->nchars;
		if (join) {
			v->hyph[v->nhyph - 1].vpos = v->nchars;
			continue;
		}
		if (i + 1 < end) {
			/* The source line end, if the page has one. */
			uint32_t nl = l->last < v->page_src[l->page + 1] ?
			    (uint32_t)l->last : LAK_SRC_NONE;

			if (emit_inserted(n, t, l->flags & LAK_LINE_HARD_BREAK ?
			    '\n' : ' ', nl) < 0)
				return -1;
		}
	}
	p->vend = v->nchars;
	return 0;
}

static int
emit_all(struct lak_norm *n, struct text *t)
{
	struct lak_view *v = n->v;
	size_t p = 0, pi;

	for (pi = 0; pi < v->npages; pi++) {
		bool first = true;

		if (pi > 0 && emit_inserted(n, t, '\f', LAK_SRC_NONE) < 0)
			return -1;
		v->page_view[pi] = v->nchars;
		for (; p < v->nparas && v->paras[p].page == pi; p++) {
			if (!first && (emit_inserted(n, t, '\n',
			    LAK_SRC_NONE) < 0 || emit_inserted(n, t, '\n',
			    LAK_SRC_NONE) < 0))
				return -1;
			first = false;
			if (emit_para(n, t, &v->paras[p]) < 0)
				return -1;
		}
	}
	v->page_view[v->npages] = v->nchars;
	if (lak_array_grow((void **)&v->off, &t->off_alloc, v->nchars + 1,
	    sizeof(*v->off)) < 0)
		return lak_error_oom(n->err);
	v->off[v->nchars] = t->out.len;
	return lak_buf_check(&t->out, n->err);
}

int
lak_normalise(const struct lak_doc *doc, unsigned int flags,
    struct lak_view **out, struct lak_error *err)
{
	struct lak_norm n;
	struct text t;
	struct lak_view *v;
	size_t p, total = 0;
	int ret = -1;

	*out = NULL;
	memset(&n, 0, sizeof(n));
	memset(&t, 0, sizeof(t));
	lak_buf_init(&t.out, 0);
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return lak_error_oom(err);
	n.doc = doc;
	n.v = v;
	n.flags = flags;
	n.err = err;
	v->alternate = (flags & LAK_NORM_ALTERNATE) != 0;
	v->npages = doc->npages;
	v->page_src = calloc(doc->npages + 1, sizeof(*v->page_src));
	v->page_view = calloc(doc->npages + 1, sizeof(*v->page_view));
	t.nfkc = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    g_free);
	t.lexicon = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	if (v->page_src == NULL || v->page_view == NULL) {
		lak_error_oom(n.err);
		goto out;
	}
	for (p = 0; p < doc->npages; p++) {
		v->page_src[p] = total;
		total += doc->pages[p].nchars;
	}
	v->page_src[doc->npages] = total;
	if (total >= LAK_SRC_NONE) {
		lak_error_set(err, LAK_ELIMIT, "document has too many "
		    "characters (%zu)", total);
		goto out;
	}
	if (lak_norm_lines(&n) < 0 || lak_norm_paras(&n) < 0 ||
	    norm_lines(&n, &t) < 0)
		goto out;
	build_lexicon(&n, &t);
	if (emit_all(&n, &t) < 0)
		goto out;
	v->text = lak_buf_take(&t.out, &v->len);
	if (v->text == NULL) {
		lak_error_oom(n.err);
		goto out;
	}
	if (lak_norm_structure(&n) < 0)
		goto out;
	*out = v;
	v = NULL;
	ret = 0;
out:
	lak_view_free(v);
	free(n.font_bold);
	free(t.v);
	free(t.line_start);
	g_hash_table_destroy(t.nfkc);
	g_hash_table_destroy(t.lexicon);
	lak_buf_release(&t.out);
	return ret;
}

void
lak_view_free(struct lak_view *v)
{
	size_t i;

	if (v == NULL)
		return;
	free(v->text);
	free(v->off);
	free(v->map);
	free(v->page_src);
	free(v->page_view);
	free(v->lines);
	free(v->paras);
	free(v->hyph);
	for (i = 0; i < v->nfields; i++)
		free(v->fields[i].value);
	free(v->fields);
	free(v->kind_evidence);
	free(v);
}

size_t
lak_view_char_at(const struct lak_view *v, size_t off)
{
	size_t lo = 0, hi = v->nchars;

	if (off >= v->len)
		return v->nchars;
	/* The last character whose offset is <= off. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (v->off[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

const struct lak_char *
lak_view_source(const struct lak_view *v, const struct lak_doc *doc,
    size_t src, uint32_t *page)
{
	size_t lo = 0, hi = v->npages;

	if (src >= v->page_src[v->npages])
		return NULL;
	/* The last page whose first index is <= src. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (v->page_src[mid] <= src)
			lo = mid;
		else
			hi = mid;
	}
	/* Skip empty pages that start at the same index. */
	while (lo + 1 < v->npages && v->page_src[lo + 1] <= src)
		lo++;
	if (page)
		*page = (uint32_t)lo;
	return &doc->pages[lo].chars[src - v->page_src[lo]];
}

int
lak_view_char_box(const struct lak_view *v, const struct lak_doc *doc,
    size_t i, uint32_t *page, struct lak_box *box)
{
	const struct lak_vmap *m;
	const struct lak_char *c;
	float w;

	if (i >= v->nchars)
		return -1;
	m = &v->map[i];
	if (m->src == LAK_SRC_NONE ||
	    (c = lak_view_source(v, doc, m->src, page)) == NULL)
		return -1;
	*box = c->box;
	if (m->nparts > 1) {
		w = (c->box.x1 - c->box.x0) / (float)m->nparts;
		box->x0 = c->box.x0 + w * (float)m->part;
		box->x1 = box->x0 + w;
	}
	if (m->nsrc > 1) {
		const struct lak_char *e = lak_view_source(v, doc,
		    m->src + m->nsrc - 1, NULL);

		if (e != NULL) {
			box->x0 = LAK_MIN(box->x0, e->box.x0);
			box->y0 = LAK_MIN(box->y0, e->box.y0);
			box->x1 = LAK_MAX(box->x1, e->box.x1);
			box->y1 = LAK_MAX(box->y1, e->box.y1);
		}
	}
	return 0;
}
