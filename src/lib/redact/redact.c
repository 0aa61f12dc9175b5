/*
 * Redaction stage, the engine: runs every rule over the view (and over the
 * alternate view where line-end hyphens were guessed), over the leak
 * channels and the metadata, and turns the matches into a plan.
 */
#include "lib/base/common.h"

#include <ctype.h>

#include <glib.h>

#include "lib/base/fold.h"
#include "lib/ingest/ingest.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules-int.h"

/* A word token of a text: bytes [a, b) and its folded form. */
struct token {
	uint32_t a, b;
	uint32_t str;		/* offset into the folded strings */
	bool barrier;		/* a paragraph or page break before it */
};

/* A text prepared for matching. */
struct text {
	const char *s;
	size_t len;
	struct token *tok;
	size_t ntok, tok_alloc;
	struct lak_buf folded;	/* NUL-terminated folded tokens */
};

/* A match before merging: bytes of some text, or view characters. */
struct hit {
	size_t start, end;
	size_t rule;
};

struct hits {
	struct hit *h;
	size_t n, alloc;
};

struct ctx {
	const struct lak_ruleset *rs;
	struct lak_error *err;
	struct hits *out;
	size_t rule;
	const struct text *text;
	const struct lak_view *view;	/* when matching the view */
	const struct lak_doc *doc;
};

static void
text_release(struct text *t)
{
	free(t->tok);
	lak_buf_release(&t->folded);
}

static int
text_prepare(struct text *t, const char *s, size_t len, struct lak_error *err)
{
	size_t i = 0, nl = 0;
	bool in = false, barrier = false;

	memset(t, 0, sizeof(*t));
	t->s = s;
	t->len = len;
	lak_buf_init(&t->folded, 0);
	if (len >= UINT32_MAX / 2)
		return lak_error_set(err, LAK_ELIMIT, "text of %zu bytes is "
		    "too long to match", len);
	/* About one token in six bytes of prose: reserve, then grow. */
	t->tok_alloc = len / 6 + 16;
	if ((t->tok = malloc(t->tok_alloc * sizeof(*t->tok))) == NULL)
		return lak_error_oom(err);
	/* Folding rarely changes the length: reserve it once. */
	if (lak_buf_add(&t->folded, s, len) < 0)
		return lak_buf_check(&t->folded, err);
	lak_buf_reset(&t->folded);
	while (i < len) {
		unsigned char c0 = (unsigned char)s[i];
		size_t next;
		uint32_t c, f;

		if (c0 < 0x80) {
			/* ASCII, nearly all of the text */
			c = c0;
			f = c0 >= 'A' && c0 <= 'Z' ? c0 + 32u : c0;
			next = i + 1;
		} else {
			const char *q = s + i;

			c = lak_utf8_next(&q, s + len);
			f = c == LAK_UTF8_BAD ? ' ' : lak_fold_cp(c);
			if (c == LAK_UTF8_BAD)
				c = ' ';
			next = (size_t)(q - s);
		}
		if (lak_fold_is_word(f)) {
			if (!in) {
				struct token *k;

				if (lak_array_grow((void **)&t->tok,
				    &t->tok_alloc, t->ntok, sizeof(*t->tok)) <
				    0)
					return lak_error_oom(err);
				k = &t->tok[t->ntok++];
				k->a = (uint32_t)i;
				k->str = (uint32_t)t->folded.len;
				k->barrier = barrier;
				in = true;
				barrier = false;
				nl = 0;
			}
			if (f < 0x80)
				lak_buf_addc(&t->folded, (char)f);
			else
				lak_buf_add_utf8(&t->folded, f);
			t->tok[t->ntok - 1].b = (uint32_t)next;
		} else if (f < 0x80 || !g_unichar_ismark(f) || !in) {
			if (in)
				lak_buf_addc(&t->folded, '\0');
			in = false;
			if (c == '\f' || (c == '\n' && ++nl >= 2))
				barrier = true;
		}
		i = next;
	}
	if (in)
		lak_buf_addc(&t->folded, '\0');
	return lak_buf_check(&t->folded, err);
}

static int
add_hit(struct hits *hs, size_t start, size_t end, size_t rule,
    struct lak_error *err)
{
	if (lak_array_grow((void **)&hs->h, &hs->alloc, hs->n,
	    sizeof(*hs->h)) < 0)
		return lak_error_oom(err);
	hs->h[hs->n].start = start;
	hs->h[hs->n].end = end;
	hs->h[hs->n].rule = rule;
	hs->n++;
	return 0;
}

/* Terms: look every token up in the index, then compare the rest. */
static int
match_terms(const struct ctx *c)
{
	const struct text *t = c->text;

	for (size_t i = 0; i < t->ntok; i++) {
		const char *w = t->folded.data + t->tok[i].str;

		for (size_t id = lak_rules_term_first(c->rs, w); id;
		    id = lak_rules_term_next(c->rs, id)) {
			const char *tt;
			size_t rule, n = lak_rules_term_get(c->rs, id, &tt,
			    &rule), k;

			if (i + n > t->ntok)
				continue;
			for (k = 1; k < n; k++) {
				tt += strlen(tt) + 1;
				if (t->tok[i + k].barrier || strcmp(tt,
				    t->folded.data + t->tok[i + k].str) != 0)
					break;
			}
			if (k == n && add_hit(c->out, t->tok[i].a,
			    t->tok[i + n - 1].b, rule, c->err) < 0)
				return -1;
		}
	}
	return 0;
}

/* In the view, a space inside an e-mail address must be a line join. */
static bool
email_spaces_ok(const struct ctx *c, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		const struct lak_vmap *m;
		const struct lak_char *src;

		if (c->text->s[i] != ' ' && c->text->s[i] != '\n')
			continue;
		if (c->view == NULL)
			return false;
		m = &c->view->map[lak_view_char_at(c->view, i)];
		/* a space the view put where a line ended, not a real one */
		if (m->src == LAK_SRC_NONE)
			return false;
		src = lak_view_source(c->view, c->doc, m->src, NULL);
		if (src == NULL || src->cp != '\n')
			return false;
	}
	return true;
}

static int
found(void *vctx, size_t a, size_t b)
{
	struct ctx *c = vctx;
	const struct lak_rule *r = lak_rules_get(c->rs, c->rule);

	if (r->kind == LAK_RULE_DETECTOR && (r->detector == LAK_DETECT_EMAIL ||
	    r->detector == LAK_DETECT_FUNCTIONAL) &&
	    (memchr(c->text->s + a, ' ', b - a) != NULL ||
	    memchr(c->text->s + a, '\n', b - a) != NULL) &&
	    !email_spaces_ok(c, a, b))
		return 0;
	return add_hit(c->out, a, b, c->rule, c->err);
}

/* Terms, regexes and detectors over one text, hits in bytes. */
static int
match_text(const struct lak_ruleset *rs, const struct text *t,
    const struct lak_view *view, const struct lak_doc *doc,
    bool no_detectors, struct hits *out, struct lak_error *err)
{
	struct ctx c = { rs, err, out, 0, t, view, doc };

	if (lak_rules_nterms(rs) > 0 && match_terms(&c) < 0)
		return -1;
	for (size_t i = 0; i < lak_rules_count(rs); i++) {
		const struct lak_rule *r = lak_rules_get(rs, i);

		c.rule = i;
		if (r->kind == LAK_RULE_REGEX) {
			if (lak_rules_regex(rs, i, t->s, t->len, found, &c,
			    err) < 0)
				return -1;
		} else if (r->kind == LAK_RULE_DETECTOR && !no_detectors) {
			if (lak_rules_detect(rs, i, t->s, t->len, found, &c,
			    err) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * "A term redacted once is redacted at every occurrence": the folded token
 * sequence of every regex or detector match (aligned on tokens) is looked
 * for again in the same text.
 */
static int
repeat_matches(const struct lak_ruleset *rs, const struct text *t,
    struct hits *hs, struct lak_error *err)
{
	GHashTable *seq = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GHashTable *firsts = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	size_t n0 = hs->n, ti = 0;
	int ret = 0;

	/* token index by start byte, for alignment */
	for (size_t i = 0; i < n0; i++) {
		const struct lak_rule *r = lak_rules_get(rs, hs->h[i].rule);
		size_t a = hs->h[i].start, b = hs->h[i].end, k, first;
		GString *key;

		if (r->kind != LAK_RULE_REGEX && r->kind != LAK_RULE_DETECTOR)
			continue;
		/* binary search the first token at or after a */
		{
			size_t lo = 0, hi = t->ntok;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (t->tok[mid].a < a)
					lo = mid + 1;
				else
					hi = mid;
			}
			first = lo;
		}
		if (first >= t->ntok || t->tok[first].a != a)
			continue;
		key = g_string_new(NULL);
		for (k = first; k < t->ntok && t->tok[k].b <= b; k++) {
			g_string_append(key, t->folded.data + t->tok[k].str);
			g_string_append_c(key, '\x1f');
		}
		if (k == first || t->tok[k - 1].b != b) {
			g_string_free(key, TRUE);
			continue;
		}
		g_string_append_printf(key, "%zu", k - first);
		g_hash_table_replace(seq, g_string_free(key, FALSE),
		    GSIZE_TO_POINTER(hs->h[i].rule + 1));
	}
	if (g_hash_table_size(seq) == 0)
		goto out;
	/* Only tokens that start some sequence are worth a closer look. */
	{
		GHashTableIter it;
		gpointer k;

		g_hash_table_iter_init(&it, seq);
		while (g_hash_table_iter_next(&it, &k, NULL)) {
			const char *us = strchr(k, '\x1f');

			g_hash_table_add(firsts, g_strndup(k,
			    (gsize)(us - (const char *)k)));
		}
	}
	/* For every such token, try the sequences starting with it: the
	 * key of a sequence of n tokens starting at token i, n <= 16. */
	for (ti = 0; ti < t->ntok && ret == 0; ti++) {
		GString *key;

		if (!g_hash_table_contains(firsts, t->folded.data +
		    t->tok[ti].str))
			continue;
		key = g_string_new(NULL);

		for (size_t n = 1; n <= 16 && ti + n <= t->ntok; n++) {
			gpointer rule;
			size_t mark;

			if (n > 1 && t->tok[ti + n - 1].barrier)
				break;
			g_string_append(key, t->folded.data +
			    t->tok[ti + n - 1].str);
			g_string_append_c(key, '\x1f');
			mark = key->len;
			g_string_append_printf(key, "%zu", n);
			rule = g_hash_table_lookup(seq, key->str);
			g_string_truncate(key, mark);
			if (rule != NULL && add_hit(hs, t->tok[ti].a,
			    t->tok[ti + n - 1].b, GPOINTER_TO_SIZE(rule) - 1,
			    err) < 0) {
				ret = -1;
				break;
			}
		}
		g_string_free(key, TRUE);
	}
out:
	g_hash_table_destroy(seq);
	g_hash_table_destroy(firsts);
	return ret;
}

/* --- sections ------------------------------------------------------------- */

/* A heading's text folded, without leading numbering ("3.1 ") or a colon. */
static char *
heading_key(const char *s, size_t len)
{
	struct lak_buf b;
	long n;
	GString *g = g_string_new(NULL);
	const char *p;
	bool numbering = true;

	lak_buf_init(&b, 0);
	n = lak_fold_tokens(s, len, &b);
	p = b.data;
	for (long i = 0; i < n; i++, p += strlen(p) + 1) {
		if (numbering && strspn(p, "0123456789") == strlen(p))
			continue;	/* "3", "3.1" gives "3" "1" */
		numbering = false;
		if (g->len)
			g_string_append_c(g, ' ');
		g_string_append(g, p);
	}
	lak_buf_release(&b);
	return g_string_free(g, FALSE);
}

static int
match_sections(const struct lak_ruleset *rs, const struct lak_view *v,
    struct hits *hs, struct lak_error *err)
{
	for (size_t ri = 0; ri < lak_rules_count(rs); ri++) {
		const struct lak_rule *r = lak_rules_get(rs, ri);
		char *want;

		if (r->kind != LAK_RULE_SECTION)
			continue;
		want = heading_key(r->arg, strlen(r->arg));
		for (size_t p = 0; p < v->nparas; p++) {
			const struct lak_para *h = &v->paras[p];
			char *key;
			bool hit;

			if (h->kind != LAK_PARA_HEADING)
				continue;
			key = heading_key(v->text + v->off[h->vstart],
			    v->off[h->vend] - v->off[h->vstart]);
			hit = strcmp(key, want) == 0;
			g_free(key);
			if (!hit)
				continue;
			/* Its body: up to the next heading of the same or a
			 * higher level (a lower number). */
			for (size_t q = p + 1; q < v->nparas; q++) {
				const struct lak_para *b = &v->paras[q];

				if (b->kind == LAK_PARA_HEADING &&
				    b->level <= h->level)
					break;
				if (b->kind == LAK_PARA_RUNNING)
					continue;
				if (add_hit(hs, b->vstart, b->vend, ri, err) <
				    0) {
					g_free(want);
					return -1;
				}
			}
		}
		g_free(want);
	}
	return 0;
}

/* --- from hits to spans ------------------------------------------------- */

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static void
add_ground(struct lak_span *s, long g)
{
	size_t i;

	for (i = 0; i < s->ngrounds; i++)
		if (s->grounds[i] == g)
			return;
	if (s->ngrounds == LAK_SPAN_MAX_GROUNDS)
		return;
	/* keep catalogue order */
	for (i = s->ngrounds; i > 0 && s->grounds[i - 1] > g; i--)
		s->grounds[i] = s->grounds[i - 1];
	s->grounds[i] = g;
	s->ngrounds++;
}

static void
add_rule_ref(GString *refs, const struct lak_rule *r)
{
	char ref[512];

	snprintf(ref, sizeof(ref), "%s:%u", r->file, r->line);
	if (strstr(refs->str, ref) != NULL)
		return;
	if (refs->len)
		g_string_append(refs, "; ");
	g_string_append(refs, ref);
}

/* The ASCII character 'k' of the view (0 for any other). */
static char
vch(const struct lak_view *v, size_t k)
{
	unsigned char c = (unsigned char)v->text[v->off[k]];

	return c < 0x80 ? (char)c : 0;
}

/*
 * Initials and titles belong to a name: "P. Jansen", "J.M. de Vries",
 * "mr. drs. J. M. Bakker", "Jansen, P." and "A. Bakker MSc" redacted as a
 * name leave no initial or title beside the label. A word here is a run
 * of ASCII letters and dots in the view.
 */
static bool
is_blank_at(const struct lak_view *v, size_t k)
{
	return vch(v, k) == ' ' || vch(v, k) == '\n';
}

/* Degrees after a name (as written: "MA" is a degree, "ma" a word). */
static bool
is_postnominal(const char *w, size_t n)
{
	static const char *const t[] = { "MSc", "MA", "BSc", "BA", "LLM",
	    "LLB", "MBA", "MPA", "PhD", "RA", "RC", "RI", "EMIA", "MD",
	    "M.Sc.", "B.Sc.", "Ph.D." };

	for (size_t i = 0; i < LAK_ARRAY_SIZE(t); i++)
		if (strlen(t[i]) == n && memcmp(t[i], w, n) == 0)
			return true;
	return false;
}

/* The word that ends at view character 'end' (exclusive), not before
 * 'floor': its first character, or 'end' when there is none. */
static size_t
word_before(const struct lak_view *v, size_t end, size_t floor, char *w,
    size_t *n)
{
	size_t k = end;

	while (k > floor && (isalpha((unsigned char)vch(v, k - 1)) ||
	    vch(v, k - 1) == '.') && end - k < 15)
		k--;
	if (k > floor && vch(v, k - 1) != 0 && !is_blank_at(v, k - 1) &&
	    vch(v, k - 1) != '(')
		return end;	/* part of something longer */
	*n = end - k;
	for (size_t i = 0; i < *n; i++)
		w[i] = vch(v, k + i);
	return k;
}

/* The start of a name span moved back over initials and titles (not
 * before 'floor', the end of the span before it). */
static size_t
with_initials(const struct lak_view *v, size_t start, size_t floor)
{
	size_t at = start;

	for (;;) {
		char w[16];
		size_t n = 0, k, gap = at;

		/* "P. Jansen", or "P. (Pieter) Jansen" */
		if (gap > floor && vch(v, gap - 1) == '(')
			gap--;
		if (gap <= floor + 1 || !is_blank_at(v, gap - 1))
			return at;
		k = word_before(v, gap - 1, floor, w, &n);
		if (n == 0 || k == gap - 1 || !(lak_name_initials(w, n) ||
		    lak_name_title(w, n)))
			return at;
		at = k;
	}
}

/* Whether a name starts after the blank at 'k': a capital or a
 * particle ("Jansen, J.M. de Vries" is two names, the initials the
 * second's). */
static bool
name_follows(const struct lak_view *v, size_t k, size_t ceil)
{
	size_t e;

	if (k >= ceil || !is_blank_at(v, k))
		return false;
	k++;
	/* the next hit starts there, or a capital */
	if (k >= ceil || isupper((unsigned char)vch(v, k)) || vch(v, k) == 0)
		return true;
	for (e = k; e < ceil && (isalpha((unsigned char)vch(v, e)) ||
	    vch(v, e) == '\'') && e - k < 8; e++)
		;
	{
		char w[8];

		if (e - k == 0 || e - k >= sizeof(w))
			return false;
		for (size_t i = k; i < e; i++)
			w[i - k] = vch(v, i);
		return lak_name_particle(w, e - k);
	}
}

/* The end of a name span moved on over initials after a comma ("Jansen,
 * P.") or a blank, and degrees ("MSc"), not up to 'ceil' (the start of the
 * next hit). */
static size_t
with_initials_after(const struct lak_view *v, size_t end, size_t ceil)
{
	size_t at = end;

	for (;;) {
		size_t k = at, e;
		char w[16];
		size_t n;

		if (k < ceil && vch(v, k) == ',')
			k++;
		if (k >= ceil || !is_blank_at(v, k))
			return at;
		k++;
		for (e = k; e < ceil && e - k < 15 &&
		    (isalpha((unsigned char)vch(v, e)) || vch(v, e) == '.');)
			e++;
		n = e - k;
		if (n == 0 || n >= sizeof(w) || (e < ceil && vch(v, e) != 0 &&
		    (isalnum((unsigned char)vch(v, e)) || vch(v, e) == '-' ||
		    vch(v, e) == '@')))
			return at;
		for (size_t i = 0; i < n; i++)
			w[i] = vch(v, k + i);
		/* a degree may end a sentence: "Bakker MSc." */
		if (is_postnominal(w, n) || (n > 1 && w[n - 1] == '.' &&
		    is_postnominal(w, n - 1)))
			at = is_postnominal(w, n) ? e : e - 1;
		else if (lak_name_initials(w, n) && vch(v, at) == ',' &&
		    !name_follows(v, e, ceil))
			at = e;
		else
			return at;
	}
}

/* Whether the text between two hits is one blank (they merge). */
static bool
only_blank(const char *s, size_t a, size_t b)
{
	return b <= a || (b == a + 1 && s[a] == ' ');
}

/*
 * Sort, take out what the allow rules allow, merge overlapping and
 * adjacent hits, and append them to the plan as spans of 'kind'.
 * Positions are bytes of 's' (or view characters when 'v' is set, with
 * 's' the view's text).
 */
static int
hits_to_spans(const struct lak_ruleset *rs, const unsigned char *off,
    struct hits *hs, const char *s, const struct lak_view *v,
    enum lak_span_kind kind, size_t item, const char *meta,
    const struct lak_doc *doc, struct lak_plan *plan, struct lak_error *err)
{
	struct hits allow = { NULL, 0, 0 }, deny = { NULL, 0, 0 };
	int ret = -1;
	size_t i = 0, prev_end = 0;

	for (size_t k = 0; k < hs->n; k++) {
		struct hits *to = lak_rules_get(rs, hs->h[k].rule)->allow ?
		    &allow : &deny;

		if (off[hs->h[k].rule])
			continue;	/* a rule for other documents */
		if (add_hit(to, hs->h[k].start, hs->h[k].end, hs->h[k].rule,
		    err) < 0)
			goto out;
	}
	if (deny.n > 1)
		qsort(deny.h, deny.n, sizeof(*deny.h), cmp_hit);
	if (allow.n > 1)
		qsort(allow.h, allow.n, sizeof(*allow.h), cmp_hit);
	/* Allowed ranges win: cut them out of the hits. */
	if (allow.n > 0) {
		struct hits cut = { NULL, 0, 0 };

		for (size_t k = 0; k < deny.n; k++) {
			size_t a = deny.h[k].start, b = deny.h[k].end;

			for (size_t j = 0; j < allow.n && a < b; j++) {
				size_t x = allow.h[j].start, y = allow.h[j].end;

				if (y <= a || x >= b)
					continue;
				if (x > a && add_hit(&cut, a, x, deny.h[k].rule,
				    err) < 0) {
					free(cut.h);
					goto out;
				}
				a = LAK_MAX(a, y);
			}
			if (a < b && add_hit(&cut, a, b, deny.h[k].rule, err) <
			    0) {
				free(cut.h);
				goto out;
			}
		}
		free(deny.h);
		deny = cut;
		if (deny.n > 1)
			qsort(deny.h, deny.n, sizeof(*deny.h), cmp_hit);
	}
	while (i < deny.n) {
		struct lak_span sp;
		GString *refs = g_string_new(NULL);
		size_t end = deny.h[i].end;
		int r;

		memset(&sp, 0, sizeof(sp));
		sp.kind = kind;
		sp.item = item;
		sp.meta = meta;
		sp.start = deny.h[i].start;
		for (; i < deny.n; i++) {
			const struct lak_rule *rule = lak_rules_get(rs,
			    deny.h[i].rule);
			bool overlap = deny.h[i].start < end, touch;

			if (v != NULL)
				touch = deny.h[i].start <= end ||
				    (deny.h[i].start == end + 1 &&
				    only_blank(s, v->off[end],
				    v->off[deny.h[i].start]));
			else
				touch = deny.h[i].start <= end ||
				    only_blank(s, end, deny.h[i].start);
			if (i > 0 && sp.ngrounds > 0 && !touch)
				break;
			/* words side by side under other grounds stay apart,
			 * each with its own label: a reader must see which
			 * words fall under which ground. The same words under
			 * two grounds are one span with both. */
			if (i > 0 && sp.ngrounds > 0 && !overlap &&
			    !(sp.ngrounds == 1 && sp.grounds[0] ==
			    rule->ground))
				break;
			end = LAK_MAX(end, deny.h[i].end);
			add_ground(&sp, rule->ground);
			add_rule_ref(refs, rule);
		}
		sp.end = end;
		sp.rules = refs->str;
		if (v != NULL && kind == LAK_SPAN_TEXT) {
			sp.start = with_initials(v, sp.start, prev_end);
			sp.end = with_initials_after(v, sp.end, i < deny.n ?
			    deny.h[i].start : v->nchars);
		}
		prev_end = sp.end;
		/* Woo art. 5.1(5): a refusal of information on 5.1.5 may not
		 * rest on another ground too */
		for (size_t a = 0; sp.ngrounds > 1 && a < sp.ngrounds; a++) {
			const struct lak_grounds *cat = lak_rules_catalogue(rs);
			const struct lak_ground *g = &cat->g[sp.grounds[a]];

			if (strcmp(g->type, "exceptional") != 0)
				continue;
			lak_error_set(err, LAK_EFORMAT, "the same text falls "
			    "under %s and %s (rules %s): the law does not allow "
			    "a refusal on %s to rest on another ground for the "
			    "same information (Woo art. 5.1(5)); keep one",
			    g->code, cat->g[sp.grounds[a == 0 ? 1 : 0]].code,
			    refs->str, g->code);
			g_string_free(refs, TRUE);
			goto out;
		}
		if (kind == LAK_SPAN_TEXT) {
			uint32_t pg = 0;

			for (size_t c = sp.start; c < sp.end; c++)
				if (v->map[c].src != LAK_SRC_NONE) {
					lak_view_source(v, doc, v->map[c].src,
					    &pg);
					break;
				}
			sp.page = pg + 1;
		} else if (kind == LAK_SPAN_ITEM) {
			sp.page = doc->items[item].page;
		}
		r = lak_plan_add(plan, &sp);
		g_string_free(refs, TRUE);
		if (r < 0) {
			lak_error_oom(err);
			goto out;
		}
	}
	ret = 0;
out:
	free(allow.h);
	free(deny.h);
	return ret;
}

/* Byte hits on the view's text to character hits. */
static void
bytes_to_chars(const struct lak_view *v, struct hits *hs, size_t from)
{
	for (size_t i = from; i < hs->n; i++) {
		size_t a = hs->h[i].start, b = hs->h[i].end;

		hs->h[i].start = lak_view_char_at(v, a);
		hs->h[i].end = b > a ? lak_view_char_at(v, b - 1) + 1 :
		    hs->h[i].start;
	}
}

/*
 * The other reading of every guessed line-end hyphen: a window of text
 * around the join, with the hyphen put back (where the view joined) or
 * taken out (where it kept it), is matched again; hits that cross the join
 * are moved onto the view. Only guesses differ between the two readings,
 * so this finds what a second normalisation of the whole document would,
 * at a fraction of the cost.
 */
#define ALT_WINDOW 160

static int
alternate_hits(const struct lak_doc *doc, const struct lak_view *v,
    const struct lak_ruleset *rs, bool no_det, struct hits *hs,
    struct lak_error *err)
{
	struct lak_buf w;
	size_t *wmap = NULL, wmap_alloc = 0;
	int ret = 0;

	lak_buf_init(&w, 0);
	for (size_t h = 0; h < v->nhyph && ret == 0; h++) {
		const struct lak_hyph *hy = &v->hyph[h];
		size_t a, b, join = hy->vpos, nw = 0;
		struct hits ah = { NULL, 0, 0 };
		struct text t;

		if (hy->how != LAK_HYPH_GUESS_JOIN &&
		    hy->how != LAK_HYPH_GUESS_KEEP)
			continue;
		a = join > ALT_WINDOW ? join - ALT_WINDOW : 0;
		b = LAK_MIN(join + ALT_WINDOW, v->nchars);
		lak_buf_reset(&w);
		for (size_t c = a; c <= b; c++) {
			size_t from = v->off[c], to = c < b ? v->off[c + 1] :
			    from;

			if (c == join && hy->joined) {
				/* put the hyphen back before the join */
				if (lak_array_grow((void **)&wmap, &wmap_alloc,
				    nw, sizeof(*wmap)) < 0) {
					ret = lak_error_oom(err);
					break;
				}
				lak_buf_addc(&w, '-');
				wmap[nw++] = join > 0 ? join - 1 : 0;
			}
			if (c == b)
				break;
			if (c + 1 == join && !hy->joined &&
			    v->text[from] == '-')
				continue;	/* take the kept hyphen out */
			for (size_t k = from; k < to; k++) {
				if (lak_array_grow((void **)&wmap, &wmap_alloc,
				    nw, sizeof(*wmap)) < 0) {
					ret = lak_error_oom(err);
					break;
				}
				wmap[nw++] = c;
			}
			lak_buf_add(&w, v->text + from, to - from);
		}
		if (ret < 0 || (ret = lak_buf_check(&w, err)) < 0)
			break;
		if (text_prepare(&t, w.data, w.len, err) < 0 ||
		    match_text(rs, &t, NULL, doc, no_det, &ah, err) < 0) {
			text_release(&t);
			free(ah.h);
			ret = -1;
			break;
		}
		for (size_t i = 0; i < ah.n && ret == 0; i++) {
			size_t va = wmap[ah.h[i].start];
			size_t vb = wmap[ah.h[i].end - 1] + 1;

			/* only what crosses the join is new */
			if (va < join && vb >= join)
				ret = add_hit(hs, va, vb, ah.h[i].rule, err);
		}
		text_release(&t);
		free(ah.h);
	}
	free(wmap);
	lak_buf_release(&w);
	return ret;
}

static int
match_string(const struct lak_ruleset *rs, const unsigned char *off,
    bool no_det, const char *s,
    enum lak_span_kind kind, size_t item, const char *meta,
    const struct lak_doc *doc, struct lak_plan *plan, struct lak_error *err)
{
	struct text t;
	struct hits hs = { NULL, 0, 0 };
	int ret = -1;

	if (s == NULL || *s == '\0')
		return 0;
	if (text_prepare(&t, s, strlen(s), err) == 0 &&
	    match_text(rs, &t, NULL, doc, no_det, &hs, err) == 0 &&
	    repeat_matches(rs, &t, &hs, err) == 0)
		ret = hits_to_spans(rs, off, &hs, s, NULL, kind, item, meta,
		    doc, plan, err);
	free(hs.h);
	text_release(&t);
	return ret;
}

/* What makes a page need a person, and where. */
static void
unreviewed_why(const struct lak_page *pg, char *buf, size_t size)
{
	const struct lak_char *first = NULL;
	size_t n = 0;

	if (pg->flags & LAK_PAGE_NEEDS_OCR) {
		snprintf(buf, size, "has only images (needs OCR)%s",
		    pg->flags & LAK_PAGE_UNEXPLAINED_INK ? " or ink that "
		    "OCR cannot read" : "");
		return;
	}
	for (size_t i = 0; i < pg->nchars; i++)
		if (lak_cp_unreliable(pg->chars[i].cp)) {
			if (first == NULL)
				first = &pg->chars[i];
			n++;
		}
	if (first == NULL) {
		snprintf(buf, size, "has unreliable text (characters that "
		    "cannot be placed on the page)");
		return;
	}
	snprintf(buf, size, "has unreliable text: %zu character%s without a "
	    "usable Unicode mapping (U+%04X, the first at %.0f,%.0f pt)", n,
	    n == 1 ? "" : "s", (unsigned)first->cp, first->box.x0,
	    first->box.y0);
}

int
lak_redact_plan(const struct lak_doc *doc, const struct lak_view *v,
    const struct lak_ruleset *rs, const struct lak_redact_opts *opts,
    struct lak_plan **out, struct lak_error *err)
{
	struct lak_plan *plan = calloc(1, sizeof(*plan));
	struct hits hs = { NULL, 0, 0 };
	struct text t;
	bool no_det = opts != NULL && opts->no_detectors;
	unsigned char *off = calloc(lak_rules_count(rs) + 1, 1);
	int ret = -1;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	lak_buf_init(&t.folded, 0);
	if (plan == NULL || off == NULL) {
		free(plan);
		free(off);
		return lak_error_oom(err);
	}
	/* the rules scoped to other documents are off */
	for (size_t ri = 0; ri < lak_rules_count(rs); ri++)
		off[ri] = !lak_rules_in_scope(rs, ri, opts ? opts->doc_id :
		    NULL, opts ? opts->doc_file : NULL);
	if (opts != NULL && opts->fail_unreviewed && doc->nreview > 0) {
		struct lak_buf b;

		lak_buf_init(&b, 0);
		for (size_t i = 0; i < doc->nreview; i++)
			lak_buf_addf(&b, "%s%s", i ? "; " : "", doc->review[i]);
		lak_error_set(err, LAK_EUNSUPPORTED, "the document holds what "
		    "its pages do not show (%s): review it in the original, "
		    "then run with --allow-unreviewed-pages", b.data ? b.data :
		    "");
		lak_buf_release(&b);
		goto out;
	}
	if (opts != NULL && opts->fail_unreviewed) {
		for (size_t p = 0; p < doc->npages; p++) {
			uint32_t f = doc->pages[p].flags;

			if (f & (LAK_PAGE_NEEDS_OCR | LAK_PAGE_UNRELIABLE_TEXT)) {
				char why[200];

				unreviewed_why(&doc->pages[p], why, sizeof(why));
				lak_error_set(err, LAK_EUNSUPPORTED, "page %zu "
				    "%s: its text cannot be checked for "
				    "secrets (review it, then run with "
				    "--allow-unreviewed-pages)", p + 1, why);
				goto out;
			}
		}
	}

	/* The page text. */
	text_release(&t);
	if (text_prepare(&t, v->text, v->len, err) < 0 ||
	    match_text(rs, &t, v, doc, no_det, &hs, err) < 0 ||
	    repeat_matches(rs, &t, &hs, err) < 0)
		goto out;
	bytes_to_chars(v, &hs, 0);
	if (v->nambiguous > 0 && alternate_hits(doc, v, rs, no_det, &hs,
	    err) < 0)
		goto out;
	if (match_sections(rs, v, &hs, err) < 0 ||
	    hits_to_spans(rs, off, &hs, v->text, v, LAK_SPAN_TEXT, 0, NULL,
	    doc, plan, err) < 0)
		goto out;

	/* The leak channels and the metadata. */
	for (size_t i = 0; i < doc->nitems; i++) {
		const struct lak_item *it = &doc->items[i];

		if (it->kind == LAK_ITEM_XMP || it->kind == LAK_ITEM_SCRIPT)
			continue;	/* never released, whatever they say */
		if (match_string(rs, off, no_det, it->text, LAK_SPAN_ITEM, i,
		    NULL, doc, plan, err) < 0 ||
		    (it->kind == LAK_ITEM_ATTACHMENT && match_string(rs, off,
		    no_det, it->name, LAK_SPAN_ITEM, i, "name", doc, plan,
		    err) < 0))
			goto out;
	}
	for (size_t i = 0; lak_meta_text_fields[i]; i++) {
		const char *f = lak_meta_text_fields[i];

		if (match_string(rs, off, no_det, lak_meta_get(&doc->meta, f),
		    LAK_SPAN_META, 0, f, doc, plan, err) < 0)
			goto out;
	}

	/* Whole pages and the whole document. */
	for (size_t ri = 0; ri < lak_rules_count(rs); ri++) {
		const struct lak_rule *r = lak_rules_get(rs, ri);
		struct lak_span sp;
		char ref[512];

		if ((r->kind != LAK_RULE_PAGE && r->kind != LAK_RULE_DOCUMENT) ||
		    off[ri])
			continue;
		memset(&sp, 0, sizeof(sp));
		snprintf(ref, sizeof(ref), "%s:%u", r->file, r->line);
		sp.rules = ref;
		sp.grounds[0] = r->ground;
		sp.ngrounds = 1;
		if (r->kind == LAK_RULE_DOCUMENT) {
			sp.kind = LAK_SPAN_DOCUMENT;
			if (lak_plan_add(plan, &sp) < 0) {
				lak_error_oom(err);
				goto out;
			}
			continue;
		}
		sp.kind = LAK_SPAN_PAGE;
		for (uint32_t p = r->page_from; p <= r->page_to &&
		    p <= doc->npages; p++) {
			sp.page = p;
			if (lak_plan_add(plan, &sp) < 0) {
				lak_error_oom(err);
				goto out;
			}
		}
	}
	*out = plan;
	plan = NULL;
	ret = 0;
out:
	free(off);
	free(hs.h);
	text_release(&t);
	lak_plan_free(plan);
	return ret;
}

int
lak_redact_string(const struct lak_ruleset *rs, const struct lak_grounds *cat,
    const char *in, char **out, size_t *n, struct lak_error *err)
{
	struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
	struct lak_redact_opts ro = { .fail_unreviewed = false };
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_plan *plan = NULL;
	struct lak_buf b;
	int ret = -1;

	*out = NULL;
	*n = 0;
	lak_buf_init(&b, 0);
	if (lak_ingest_bytes("text", in, strlen(in), &io, &doc, err) < 0 ||
	    lak_normalise(doc, 0, &v, err) < 0 ||
	    lak_redact_plan(doc, v, rs, &ro, &plan, err) < 0)
		goto out;
	*n = plan->n;
	if (plan->n == 0) {
		if ((*out = strdup(in)) == NULL)
			lak_error_oom(err);
		ret = *out == NULL ? -1 : 0;
		goto out;
	}
	if (lak_redact_text(plan, v, cat, lak_rules_label(rs), &b, err) < 0)
		goto out;
	while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
	    b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	if (lak_buf_check(&b, err) < 0 || (*out = lak_buf_take(&b, NULL)) ==
	    NULL) {
		lak_error_oom(err);
		goto out;
	}
	ret = 0;
out:
	lak_buf_release(&b);
	lak_plan_free(plan);
	lak_view_free(v);
	lak_doc_free(doc);
	return ret;
}
