/*
 * Normalisation stage, structure pass: runs on the finished view and finds
 * the letter fields (Datum, Betreft, Ons kenmerk ...) and the e-mail header
 * fields, and guesses what kind of document this is, with the evidence.
 *
 * Letter fields come in three layouts, all seen in ministry PDFs:
 *   "Datum: 4 april 2018" or "Datum 4 april 2018" on one line;
 *   the label alone with its value on the same row further right (the
 *     colofon of a Rijkshuisstijl letter, where PDF text order often gives
 *     all labels first and then all values);
 *   the label alone with the value on the line(s) below.
 * Only the first occurrence of each field counts: later ones are usually the
 * running header repeating it.
 */
#include "lib/base/common.h"

#include <ctype.h>
#include <math.h>

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/ingest/normalise-int.h"

struct label {
	const char *text;	/* lower case, as it starts a line */
	const char *field;	/* canonical name */
	bool email;		/* e-mail header: only with a colon */
};

/* Longer labels before their prefixes ("bijlagen" before "bijlage"). */
static const struct label labels[] = {
	{ "ons kenmerk", "ons-kenmerk", false },
	{ "onze referentie", "ons-kenmerk", false },
	{ "uw kenmerk", "uw-kenmerk", false },
	{ "uw referentie", "uw-kenmerk", false },
	{ "uw brief", "uw-brief", false },
	{ "bijlage(n)", "bijlagen", false },
	{ "bijlagen", "bijlagen", false },
	{ "bijlage", "bijlagen", false },
	{ "kenmerk", "kenmerk", false },
	{ "datum", "datum", false },
	{ "betreft", "betreft", false },
	{ "onderwerp", "onderwerp", true },
	{ "van", "van", true },
	{ "aan", "aan", true },
	{ "cc", "cc", true },
	{ "verzonden", "verzonden", true },
	{ "from", "van", true },
	{ "to", "aan", true },
	{ "sent", "verzonden", true },
	{ "subject", "onderwerp", true },
};

/* A line's view text, [*a, *b) in bytes, with blanks trimmed. */
static bool
line_text(const struct lak_view *v, const struct lak_line *l, size_t *a,
    size_t *b)
{
	if (l->vend <= l->vstart || (l->flags & LAK_LINE_BLANK))
		return false;
	*a = v->off[l->vstart];
	*b = v->off[l->vend];
	while (*a < *b && v->text[*a] == ' ')
		(*a)++;
	while (*b > *a && v->text[*b - 1] == ' ')
		(*b)--;
	return *b > *a;
}

/*
 * If the line starts with a label, return it and set *rest to the byte
 * offset of its value on the same line (== end of line when alone).
 */
static const struct label *
match_label(const struct lak_view *v, size_t a, size_t b, size_t *rest,
    bool *colon)
{
	size_t i;

	for (i = 0; i < LAK_ARRAY_SIZE(labels); i++) {
		size_t n = strlen(labels[i].text), p;

		/* Labels are capitalised: "kenmerk 2025-54" wrapped
		 * from a Betreft line is not a field. */
		if (b - a < n || !g_ascii_isupper(v->text[a]) ||
		    g_ascii_strncasecmp(v->text + a, labels[i].text, n) != 0)
			continue;
		p = a + n;
		*colon = false;
		if (p < b && v->text[p] == ':') {
			*colon = true;
			p++;
		} else if (p < b && v->text[p] != ' ') {
			continue;	/* "Datumstempel", "Aanleiding" */
		}
		if (labels[i].email && !*colon)
			continue;
		while (p < b && v->text[p] == ' ')
			p++;
		*rest = p;
		return &labels[i];
	}
	return NULL;
}

static bool
seen(const struct lak_view *v, const char *field)
{
	for (size_t i = 0; i < v->nfields; i++)
		if (strcmp(v->fields[i].name, field) == 0)
			return true;
	return false;
}

static int
add_field(struct lak_norm *n, size_t *alloc, const char *name, uint32_t page,
    size_t vstart, size_t vend)
{
	struct lak_view *v = n->v;
	struct lak_field *f;
	size_t a = v->off[vstart], b = v->off[vend], i;
	char *s;

	/* A value that ends in a joined line-end hyphen goes on to the end
	 * of the word ("Onder-" + "steunen"). */
	while (b < v->len && !strchr(" \n\f", v->text[b]))
		b++;
	while (b > a && (v->text[b - 1] == ' ' || v->text[b - 1] == '\n'))
		b--;
	if (b == a)
		return 0;
	if (lak_array_grow((void **)&v->fields, alloc, v->nfields,
	    sizeof(*f)) < 0 || (s = malloc(b - a + 1)) == NULL)
		return lak_error_oom(n->err);
	for (i = 0; i < b - a; i++)
		s[i] = v->text[a + i] == '\n' ? ' ' : v->text[a + i];
	s[b - a] = '\0';
	f = &v->fields[v->nfields++];
	f->name = name;
	f->value = s;
	f->page = page;
	f->vstart = vstart;
	f->vend = lak_view_char_at(v, b - 1) + 1;
	return 0;
}

static bool
is_label_line(const struct lak_view *v, const struct lak_line *l)
{
	size_t a, b, rest;
	bool colon;

	return line_text(v, l, &a, &b) && match_label(v, a, b, &rest,
	    &colon) != NULL;
}

/* Whether a bare value fits the field: a date has a digit, and so on. */
static bool
plausible(const char *field, const struct lak_view *v, size_t a, size_t b)
{
	if (strcmp(field, "datum") == 0 || strcmp(field, "ons-kenmerk") == 0 ||
	    strcmp(field, "uw-kenmerk") == 0 || strcmp(field, "kenmerk") == 0) {
		for (size_t i = a; i < b; i++)
			if (isdigit((unsigned char)v->text[i]))
				return b - a < 80;
		return false;
	}
	return b - a < 200;
}

/* For a label alone on its line: the line holding its value. */
static size_t
value_line(const struct lak_view *v, size_t li, const bool *used)
{
	const struct lak_line *l = &v->lines[li];
	float cy = (l->box.y0 + l->box.y1) / 2, h = l->box.y1 - l->box.y0;
	size_t i, best = SIZE_MAX;

	/* Same row, to the right: the nearest such line. */
	for (i = 0; i < v->nlines; i++) {
		const struct lak_line *m = &v->lines[i];

		if (i == li || m->page != l->page || used[i] ||
		    (m->flags & LAK_LINE_BLANK) || m->vend <= m->vstart)
			continue;
		if (m->box.x0 <= l->box.x1 || fabsf((m->box.y0 + m->box.y1) /
		    2 - cy) > LAK_MAX(h, 4) / 2 || is_label_line(v, m))
			continue;
		if (best == SIZE_MAX || m->box.x0 < v->lines[best].box.x0)
			best = i;
	}
	if (best != SIZE_MAX)
		return best;
	/* The next line below, starting at the same x. */
	for (i = li + 1; i < v->nlines && i < li + 4; i++) {
		const struct lak_line *m = &v->lines[i];

		if (m->flags & LAK_LINE_BLANK)
			continue;
		if (m->page != l->page || used[i] || m->vend <= m->vstart ||
		    is_label_line(v, m))
			return SIZE_MAX;
		if (fabsf(m->box.x0 - l->box.x0) <= 3 && m->box.y0 >= l->box.y0 &&
		    m->box.y0 - l->box.y1 < 2 * LAK_MAX(h, 4))
			return i;
		return SIZE_MAX;
	}
	return SIZE_MAX;
}

/* Extend a value over following lines of the same paragraph that start at
 * the value's own x (a long "Betreft" wraps). */
static size_t
continuation(const struct lak_view *v, const size_t *para_of, size_t li,
    float x0, const bool *used)
{
	size_t end = li;

	while (end + 1 < v->nlines) {
		const struct lak_line *m = &v->lines[end + 1];

		/* After a line-end hyphen the value goes on wherever the
		 * next line starts: a word was split. */
		bool split = (v->lines[end].flags & LAK_LINE_HYPHEN) != 0;

		if (para_of[end + 1] != para_of[li] || used[end + 1] ||
		    (m->flags & LAK_LINE_BLANK) ||
		    (!split && fabsf(m->box.x0 - x0) > 3) ||
		    is_label_line(v, m))
			break;
		end++;
	}
	return end;
}

/*
 * Two passes. The first finds every label line and the line holding its
 * value: the rest of the label's own line, the nearest line on the same row
 * further right, or the line below. All labels claim their rows before any
 * value is extended over continuation lines, so a stack of labels ("Datum",
 * "Betreft") next to a stack of values pairs up row by row. The second
 * pass, in document order, extends each value and keeps the first
 * occurrence of each field.
 */
static int
find_fields(struct lak_norm *n)
{
	struct lak_view *v = n->v;
	const struct lak_doc *doc = n->doc;
	size_t alloc = 0, i, *para_of, *pair, *start;
	bool *used;
	int ret = -1;

	para_of = malloc((v->nlines + 1) * sizeof(*para_of));
	pair = malloc((v->nlines + 1) * sizeof(*pair));
	start = malloc((v->nlines + 1) * sizeof(*start));
	used = calloc(v->nlines + 1, sizeof(*used));
	if (para_of == NULL || pair == NULL || start == NULL || used == NULL) {
		lak_error_oom(n->err);
		goto out;
	}
	for (i = 0; i < v->nlines; i++)
		para_of[i] = pair[i] = SIZE_MAX;
	for (i = 0; i < v->nparas; i++)
		for (size_t k = 0; k < v->paras[i].nlines; k++)
			para_of[v->paras[i].first_line + k] = i;

	for (i = 0; i < v->nlines; i++) {
		const struct lak_para *p = para_of[i] == SIZE_MAX ? NULL :
		    &v->paras[para_of[i]];
		const struct label *lb;
		size_t a, b, rest, vl;
		bool colon;

		if (used[i] || !line_text(v, &v->lines[i], &a, &b) ||
		    (lb = match_label(v, a, b, &rest, &colon)) == NULL)
			continue;
		used[i] = true;
		if (rest < b) {
			/* "Datum 4 april 2018" inside running prose is not a
			 * field: without a colon, the paragraph must be short
			 * or a running header. */
			if (!colon && ((p != NULL && p->nlines > 4 &&
			    p->kind != LAK_PARA_RUNNING) ||
			    !plausible(lb->field, v, rest, b)))
				continue;
			pair[i] = i;
			start[i] = rest;
			continue;
		}
		if ((vl = value_line(v, i, used)) == SIZE_MAX ||
		    !line_text(v, &v->lines[vl], &a, &b) ||
		    !plausible(lb->field, v, a, b))
			continue;
		used[vl] = true;
		pair[i] = vl;
		start[i] = a;
	}
	for (i = 0; i < v->nlines; i++) {
		size_t vl = pair[i], end, a, b, rest, vi;
		const struct label *lb;
		uint32_t pg;
		struct lak_box box;
		bool colon;
		float x0;

		if (vl == SIZE_MAX || !line_text(v, &v->lines[i], &a, &b) ||
		    (lb = match_label(v, a, b, &rest, &colon)) == NULL ||
		    seen(v, lb->field))
			continue;
		vi = lak_view_char_at(v, start[i]);
		x0 = lak_view_char_box(v, doc, vi, &pg, &box) == 0 ? box.x0 :
		    v->lines[vl].box.x0;
		end = continuation(v, para_of, vl, x0, used);
		for (size_t k = vl + 1; k <= end; k++)
			used[k] = true;
		if (add_field(n, &alloc, lb->field, v->lines[i].page, vi,
		    v->lines[end].vend) < 0)
			goto out;
	}
	ret = 0;
out:
	free(para_of);
	free(pair);
	free(start);
	free(used);
	return ret;
}

/* --- the document's kind --------------------------------------------------- */

struct cue {
	const char *kind;
	const char *text;	/* lower case, searched in the lowered view */
	int weight;
};

static const struct cue cues[] = {
	{ "kamerbrief", "aan de voorzitter van de tweede kamer", 4 },
	{ "kamerbrief", "geachte voorzitter", 3 },
	{ "kamerbrief", "tweede kamer der staten-generaal", 2 },
	{ "kamerbrief", "postbus 20018", 1 },
	{ "kamerbrief", "2500 ea den haag", 1 },
	{ "antwoorden-kamervragen", "antwoorden van de minister", 4 },
	{ "antwoorden-kamervragen", "antwoorden van de staatssecretaris", 4 },
	{ "antwoorden-kamervragen", "op vragen van de leden", 3 },
	{ "antwoorden-kamervragen", "op vragen van het lid", 3 },
	{ "antwoorden-kamervragen", "(ingezonden", 2 },
	{ "antwoorden-kamervragen", "\nvraag 1\n", 2 },
	{ "antwoorden-kamervragen", "\nantwoord\n", 1 },
	{ "antwoorden-kamervragen", "antwoord vraag", 1 },
	{ "besluit", "besluit op uw", 4 },
	{ "besluit", "woo-verzoek", 2 },
	{ "besluit", "wob-verzoek", 2 },
	{ "besluit", "wet open overheid", 1 },
	{ "besluit", "bezwaar", 1 },
	{ "besluit", "inventarislijst", 1 },
	{ "besluit", "ik besluit", 2 },
	{ "e-mail", "\nvan:", 1 },
	{ "e-mail", "\naan:", 1 },
	{ "e-mail", "\nverzonden:", 2 },
	{ "e-mail", "\nonderwerp:", 1 },
	{ "e-mail", "\nfrom:", 1 },
	{ "e-mail", "\nsent:", 2 },
	{ "e-mail", "\nsubject:", 1 },
	{ "e-mail", "\ncc:", 1 },
	{ "nota", "\nnota\n", 3 },
	{ "nota", "\nnota ", 1 },
	{ "nota", "beslispunten", 3 },
	{ "nota", "ter besluitvorming", 2 },
	{ "nota", "ter informatie", 1 },
	{ "nota", "ter advisering", 1 },
	{ "nota", "\nadvies\n", 1 },
	{ "nota", "\nkern\n", 1 },
};

static const char *const kinds[] = {
	"kamerbrief", "antwoorden-kamervragen", "besluit", "e-mail", "nota",
};

/* A Tweede Kamer question number, "2019Z15231". */
static bool
has_zaak_number(const char *s)
{
	for (const char *p = s; (p = strchr(p, 'z')) != NULL; p++) {
		int i;

		if (p - s < 4)
			continue;
		for (i = 1; i <= 4; i++)
			if (!isdigit((unsigned char)p[-i]))
				break;
		if (i <= 4 || (p - s > 4 && isalnum((unsigned char)p[-5])))
			continue;
		for (i = 1; i <= 5; i++)
			if (!isdigit((unsigned char)p[i]))
				break;
		if (i > 5 && !isalnum((unsigned char)p[6]))
			return true;
	}
	return false;
}

/* Append a cue to the evidence, quoted, without its line-break anchors. */
static void
add_cue(struct lak_buf *ev, const char *cue)
{
	size_t len = strlen(cue);

	if (ev->len)
		lak_buf_adds(ev, "; ");
	if (*cue == '\n') {
		cue++;
		len--;
	}
	if (len && cue[len - 1] == '\n')
		len--;
	lak_buf_addc(ev, '"');
	lak_buf_add(ev, cue, len);
	lak_buf_addc(ev, '"');
}

static int
guess_kind(struct lak_norm *n)
{
	struct lak_view *v = n->v;
	int score[LAK_ARRAY_SIZE(kinds)] = { 0 };
	struct lak_buf ev[LAK_ARRAY_SIZE(kinds)];
	size_t i, k, best = SIZE_MAX;
	char *low;
	int ret = 0;

	/* Lower-case ASCII only, so offsets stay put; with a leading '\n'
	 * so "\nnota\n" also matches the first line. Line breaks inside
	 * paragraphs are spaces in the view: that is wanted, cues that need a
	 * line of their own ("Vraag 1") find one at paragraph breaks. */
	if ((low = malloc(v->len + 3)) == NULL)
		return lak_error_oom(n->err);
	low[0] = '\n';
	for (i = 0; i < v->len; i++) {
		char c = v->text[i];

		low[i + 1] = c == '\f' ? '\n' : (char)g_ascii_tolower(c);
	}
	low[v->len + 1] = '\n';
	low[v->len + 2] = '\0';
	for (k = 0; k < LAK_ARRAY_SIZE(kinds); k++)
		lak_buf_init(&ev[k], 4096);
	for (i = 0; i < LAK_ARRAY_SIZE(cues); i++) {
		if (strstr(low, cues[i].text) == NULL)
			continue;
		for (k = 0; strcmp(kinds[k], cues[i].kind) != 0; k++)
			;
		score[k] += cues[i].weight;
		add_cue(&ev[k], cues[i].text);
	}
	if (has_zaak_number(low)) {
		for (k = 0; strcmp(kinds[k], "antwoorden-kamervragen"); k++)
			;
		score[k] += 2;
		lak_buf_addf(&ev[k], "%sKamervragen number (YYYYZnnnnn)",
		    ev[k].len ? "; " : "");
	}
	/* E-mail headers found as fields weigh more than loose words. */
	if (seen(v, "van") && seen(v, "aan") && (seen(v, "verzonden") ||
	    seen(v, "onderwerp"))) {
		for (k = 0; strcmp(kinds[k], "e-mail"); k++)
			;
		score[k] += 3;
		lak_buf_addf(&ev[k], "%se-mail header fields",
		    ev[k].len ? "; " : "");
	}
	for (k = 0; k < LAK_ARRAY_SIZE(kinds); k++)
		if (score[k] >= 3 && (best == SIZE_MAX || score[k] > score[best]))
			best = k;
	if (best == SIZE_MAX) {
		v->kind = "other";
		v->kind_evidence = strdup("no cue reached the threshold");
	} else {
		v->kind = kinds[best];
		lak_buf_addf(&ev[best], " (score %d)", score[best]);
		v->kind_evidence = lak_buf_take(&ev[best], NULL);
	}
	if (v->kind_evidence == NULL)
		ret = lak_error_oom(n->err);
	for (k = 0; k < LAK_ARRAY_SIZE(kinds); k++)
		lak_buf_release(&ev[k]);
	free(low);
	return ret;
}

int
lak_norm_structure(struct lak_norm *n)
{
	if (find_fields(n) < 0)
		return -1;
	return guess_kind(n);
}
