/*
 * Render sources (see source.h).
 */
#include "lib/base/common.h"

#include <ctype.h>

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/date.h"
#include "lib/render/source.h"

/* A whole date of a source, checked: nothing but blanks after it. */
static int
date_parse(const char *s, int *y, int *m, int *d)
{
	const char *end;

	if (lak_date_scan(s, y, m, d, &end) < 0 || !lak_date_valid(*y, *m,
	    *d))
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' ? 0 : -1;
}

int
lak_date_dutch(const char *s, char *buf, size_t size)
{
	int y, m, d;

	if (date_parse(s, &y, &m, &d) < 0)
		return -1;
	snprintf(buf, size, "%d %s %d", d, lak_months_nl[m - 1], y);
	return 0;
}

int
lak_date_iso(const char *s, char *buf, size_t size)
{
	int y, m, d;

	if (date_parse(s, &y, &m, &d) < 0)
		return -1;
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* --- lines ------------------------------------------------------------- */

struct src {
	const char *name;
	char **lines;		/* without line ends */
	size_t n;
	struct lak_error *err;
	GHashTable *keyline;	/* header key -> its line + 1 */
	bool strict;		/* LAK_SOURCE_STRICT */
	size_t made;		/* lines lakwerk put before the user's
				 * (LAK_SOURCE_MADE_LINES), not counted */
};

static bool is_blank_line(const char *l);

/* The header's first blank line (from 0): where a missing key goes. */
static size_t
header_end(const struct src *s)
{
	size_t i = 0;

	while (i < s->n && !is_blank_line(s->lines[i]))
		i++;
	return i;
}

/* An error at line 'line' (from 0), column 'col' (from 1): one more of
 * the file's errors (the header's are all reported; the body stops at its
 * first). */
static int
serr_at(const struct src *s, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
serr_at(const struct src *s, size_t line, size_t col, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* the line in the user's file */
	line = line >= s->made ? line - s->made : 0;
	return lak_error_add(s->err, LAK_EFORMAT, "%s:%zu:%zu: %s", s->name,
	    line + 1, col, msg);
}

/* What the markers and lines of a source are about: their start. */
#define serr(s, line, ...) serr_at((s), (line), 1, __VA_ARGS__)

/* The line of header key 'key' (from 0), or of the header's end. */
static size_t
key_line(const struct src *s, const char *key)
{
	size_t l = (size_t)GPOINTER_TO_SIZE(g_hash_table_lookup(s->keyline,
	    key));

	if (l > 0)
		return l - 1;
	return header_end(s);
}

static bool
is_blank_line(const char *l)
{
	for (; *l; l++)
		if (!isspace((unsigned char)*l))
			return false;
	return true;
}

/* --- inline text -------------------------------------------------------- */

/* Plain and HTML forms of one text: *emphasis*, footnote refs [^n]. */
static int
inline_text(const struct src *s, size_t line, const char *t,
    struct lak_value *into, const char *key, GPtrArray *refs)
{
	GString *plain = g_string_new(NULL), *html = g_string_new(NULL);
	GString *md = g_string_new(NULL);
	bool em = false;
	char hkey[64], mkey[64];
	int ret = 0;

	for (const char *p = t; *p; p++) {
		if (*p == '[' && p[1] == '^') {
			const char *e = strchr(p, ']');

			if (e != NULL && e > p + 2) {
				char *ref = g_strndup(p + 2, (gsize)(e - p - 2));

				g_string_append_printf(plain, "[%s]", ref);
				g_string_append_printf(md, "[^%s]", ref);
				g_string_append_printf(html, "<sup><a href=\"#fn"
				    "%s\" id=\"fnref%s\">%s</a></sup>", ref, ref,
				    ref);
				if (refs != NULL) {
					g_ptr_array_add(refs, g_strdup_printf(
					    "%zu\t%s", line, ref));
				}
				g_free(ref);
				p = e;
				continue;
			}
		}
		if (*p == '*' && (em || (p[1] && !isspace((unsigned char)p[1])))) {
			g_string_append(html, em ? "</em>" : "<em>");
			g_string_append_c(md, '*');
			em = !em;
			continue;
		}
		g_string_append_c(plain, *p);
		g_string_append_c(md, *p);
		switch (*p) {
		case '&': g_string_append(html, "&amp;"); break;
		case '<': g_string_append(html, "&lt;"); break;
		case '>': g_string_append(html, "&gt;"); break;
		case '"': g_string_append(html, "&quot;"); break;
		default: g_string_append_c(html, *p); break;
		}
	}
	if (em)
		g_string_append(html, "</em>");
	snprintf(hkey, sizeof(hkey), "%s_html", key);
	snprintf(mkey, sizeof(mkey), "%s_md", key);
	if (lak_value_set(into, key, lak_value_string(plain->str)) < 0 ||
	    lak_value_set(into, hkey, lak_value_string(html->str)) < 0 ||
	    lak_value_set(into, mkey, lak_value_string(md->str)) < 0)
		ret = lak_error_oom(s->err);
	g_string_free(plain, TRUE);
	g_string_free(html, TRUE);
	g_string_free(md, TRUE);
	return ret;
}

/* --- blocks ------------------------------------------------------------- */

static bool
list_item(const char *l, bool *ordered, const char **text)
{
	const char *p = l;

	while (*p == ' ' || *p == '\t')
		p++;
	if ((*p == '-' || *p == '*') && p[1] == ' ') {
		*ordered = false;
		*text = p + 2;
		return true;
	}
	if (strncmp(p, "\xE2\x80\xA2 ", 4) == 0) {	/* • */
		*ordered = false;
		*text = p + 4;
		return true;
	}
	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p))
			p++;
		if ((*p == '.' || *p == ')') && p[1] == ' ') {
			*ordered = true;
			*text = p + 2;
			return true;
		}
	}
	return false;
}

static int
heading_level(const char *l, const char **text)
{
	int n = 0;

	while (l[n] == '#')
		n++;
	if (n == 0 || n > 6 || l[n] != ' ')
		return 0;
	*text = l + n + 1;
	return n;
}

/* Footnote definition "[^n]: text". */
static bool
footnote_def(const char *l, char **id, const char **text)
{
	const char *e;

	if (strncmp(l, "[^", 2) != 0 || (e = strstr(l, "]:")) == NULL ||
	    e == l + 2)
		return false;
	*id = g_strndup(l + 2, (gsize)(e - l - 2));
	*text = e + 2;
	while (**text == ' ')
		(*text)++;
	return true;
}

static bool
is_footnote(const char *l)
{
	const char *e;

	return strncmp(l, "[^", 2) == 0 && (e = strstr(l, "]:")) != NULL &&
	    e > l + 2;
}

static struct lak_value *
block(const char *flag)
{
	struct lak_value *b = lak_value_new(LAK_V_MAP);

	if (b != NULL && lak_value_set(b, flag, lak_value_bool(true)) < 0) {
		lak_value_free(b);
		return NULL;
	}
	return b;
}

/*
 * Lines [a, b) as blocks; footnote definitions go to 'notes' (a list) and
 * references to 'refs' (for checking).
 */
static struct lak_value *
blocks(const struct src *s, size_t a, size_t b, struct lak_value *notes,
    GPtrArray *refs)
{
	struct lak_value *out = lak_value_new(LAK_V_LIST);
	size_t i = a;

	if (out == NULL) {
		lak_error_oom(s->err);
		return NULL;
	}
	while (i < b) {
		const char *l = s->lines[i], *text;
		bool ordered;
		char *id;
		int level;

		if (is_blank_line(l)) {
			i++;
			continue;
		}
		if (footnote_def(l, &id, &text)) {
			struct lak_value *fn = lak_value_new(LAK_V_MAP);

			if (fn == NULL || lak_value_set(fn, "n",
			    lak_value_string(id)) < 0 || inline_text(s, i,
			    text, fn, "text", NULL) < 0 ||
			    lak_value_append(notes, fn) < 0) {
				g_free(id);
				goto fail;
			}
			g_free(id);
			i++;
			continue;
		}
		if ((level = heading_level(l, &text)) > 0) {
			struct lak_value *h = block("is_heading");

			if (h == NULL || lak_value_set(h, "level",
			    lak_value_number(level)) < 0 || inline_text(s, i,
			    text, h, "text", refs) < 0 ||
			    lak_value_append(out, h) < 0)
				goto fail;
			i++;
			continue;
		}
		if (list_item(l, &ordered, &text)) {
			struct lak_value *lst = block("is_list");
			struct lak_value *items = lak_value_new(LAK_V_LIST);
			bool o2;

			if (lst == NULL || items == NULL || lak_value_set(lst,
			    "ordered", lak_value_bool(ordered)) < 0) {
				lak_value_free(items);
				lak_value_free(lst);
				goto fail;
			}
			while (i < b && list_item(s->lines[i], &o2, &text) &&
			    o2 == ordered) {
				GString *t = g_string_new(text);
				struct lak_value *it = lak_value_new(LAK_V_MAP);
				size_t first = i++;

				/* indented lines go on with the item */
				while (i < b && (s->lines[i][0] == ' ' ||
				    s->lines[i][0] == '\t') &&
				    !is_blank_line(s->lines[i]) &&
				    !list_item(s->lines[i], &o2, &text)) {
					g_string_append_c(t, ' ');
					g_string_append(t, g_strstrip(
					    s->lines[i]));
					i++;
				}
				char marker[16];

				if (ordered)
					snprintf(marker, sizeof(marker), "%zu.",
					    items->n + 1);
				else
					snprintf(marker, sizeof(marker), "-");
				if (it == NULL || lak_value_set(it, "marker",
				    lak_value_string(marker)) < 0 ||
				    inline_text(s, first, t->str, it,
				    "text", refs) < 0 || lak_value_append(items,
				    it) < 0) {
					g_string_free(t, TRUE);
					lak_value_free(items);
					lak_value_free(lst);
					goto fail;
				}
				g_string_free(t, TRUE);
			}
			if (lak_value_set(lst, "items", items) < 0 ||
			    lak_value_append(out, lst) < 0)
				goto fail;
			continue;
		}
		{
			/* a paragraph: lines up to a blank line or another
			 * kind of block */
			GString *t = g_string_new(NULL);
			struct lak_value *p = block("is_paragraph");
			size_t first = i;
			const char *x;

			while (i < b && !is_blank_line(s->lines[i]) &&
			    !heading_level(s->lines[i], &x) &&
			    !list_item(s->lines[i], &ordered, &x) &&
			    !is_footnote(s->lines[i])) {
				if (t->len)
					g_string_append_c(t, ' ');
				g_string_append(t, g_strstrip(s->lines[i]));
				i++;
			}
			if (p == NULL || inline_text(s, first, t->str, p, "text",
			    refs) < 0 || lak_value_append(out, p) < 0) {
				g_string_free(t, TRUE);
				goto fail;
			}
			g_string_free(t, TRUE);
		}
	}
	return out;
fail:
	lak_value_free(out);
	if (s->err->code == LAK_OK)
		lak_error_oom(s->err);
	return NULL;
}

/* Every footnote reference must have its definition. */
static int
check_refs(const struct src *s, GPtrArray *refs, const struct lak_value *notes)
{
	for (guint i = 0; i < refs->len; i++) {
		const char *r = g_ptr_array_index(refs, i);
		const char *tab = strchr(r, '\t');
		bool found = false;

		for (size_t k = 0; k < notes->n; k++)
			if (strcmp(lak_value_get(notes->items[k], "n")->str,
			    tab + 1) == 0)
				found = true;
		if (!found)
			return serr(s, strtoul(r, NULL, 10), "footnote [^%s] "
			    "has no text: add a line [^%s]: ...", tab + 1,
			    tab + 1);
	}
	return 0;
}

/* --- headers -------------------------------------------------------------- */

char *
lak_source_key_label(const char *key)
{
	GString *g = g_string_new(NULL);

	if (strcmp(key, "e_mail") == 0)
		return g_string_free(g_string_append(g, "E-mail"), FALSE);
	for (const char *p = key; *p; p++)
		g_string_append_c(g, *p == '_' ? ' ' : p == key ?
		    g_ascii_toupper(*p) : *p);
	return g_string_free(g, FALSE);
}

size_t
lak_source_header_end(const char *data, size_t len)
{
	size_t line = 1;
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		bool blank = true;

		for (const char *q = p; q < e; q++)
			if (!isspace((unsigned char)*q))
				blank = false;
		if (blank)
			return line;
		if (nl == NULL)
			break;
		p = nl + 1;
		line++;
	}
	return line + (len > 0 && data[len - 1] != '\n');
}

/* "Ons kenmerk" -> "ons_kenmerk", "Bijlage(n)" -> "bijlagen". */
static char *
key_of(const char *k, size_t n)
{
	GString *g = g_string_new(NULL);

	for (size_t i = 0; i < n; i++) {
		char c = (char)g_ascii_tolower(k[i]);

		if (c == ' ' || c == '-')
			g_string_append_c(g, '_');
		else if (c != '(' && c != ')')
			g_string_append_c(g, c);
	}
	return g_string_free(g, FALSE);
}

static bool
known(const char *const *keys, const char *k)
{
	for (; *keys; keys++)
		if (strcmp(*keys, k) == 0)
			return true;
	return false;
}

/*
 * "Logo: wordmark.png": the ministry's wordmark for the PDF's letterhead
 * (none is shipped: the Rijkslogo is not ours to give). A PNG file, its
 * path relative to the source's folder; "logo_path" is where it is.
 */
static int
logo(const struct src *s, size_t line, size_t col, const char *v,
    struct lak_value *into)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	char *dir = g_path_get_dirname(s->name);
	char *path = g_path_is_absolute(v) ? g_strdup(v) :
	    g_build_filename(dir, v, NULL);
	unsigned char head[8];
	FILE *f = fopen(path, "rb");
	bool ok = f != NULL && fread(head, 1, sizeof(head), f) ==
	    sizeof(head) && memcmp(head, png, sizeof(png)) == 0;
	int r;

	if (f != NULL)
		fclose(f);
	if (!ok)
		r = serr_at(s, line, col, "Logo: %s: %s (a PNG file; a path "
		    "from the source's folder)", v, f == NULL ?
		    g_strerror(errno) : "not a PNG file");
	else if ((r = lak_value_set(into, "logo_path",
	    lak_value_string(path))) < 0)
		lak_error_oom(s->err);
	g_free(dir);
	g_free(path);
	return r;
}

/*
 * Header keys that may repeat, a row a line: "Key: a | b | c" appended to
 * list 'list' as a map of 'fields' (from 'min' to 'max' of them; the last
 * takes the rest of the line). 'numbers' marks the fields that are whole
 * numbers; 'filled', that every field given must be non-empty (else the
 * first).
 */
static const struct row_key {
	const char *key, *list;
	const char *fields[5];
	unsigned int min, max, numbers;
	bool filled;
	const char *form;
} row_keys[] = {
	/* the grounds of a release, with their counts and type */
	{ "grond", "gronden", { "code", "label", "passages", "documenten",
	  "type" }, 4, 5, 1u << 2 | 1u << 3, true,
	  "Grond: CODE | label | passages | documents [| type]" },
	/* the documents a decision names */
	{ "niet_openbaar", "niet_openbaar_docs", { "id", "omschrijving",
	  "meer" }, 1, 3, 0, false, "Niet openbaar: ID | omschrijving | "
	  "gronden" },
	{ "reeds_openbaar", "reeds_openbaar_docs", { "id", "omschrijving",
	  "meer" }, 1, 3, 0, false, "Reeds openbaar: ID | omschrijving | "
	  "vindplaats" },
	{ "buiten_reikwijdte", "buiten_reikwijdte_docs", { "id",
	  "omschrijving" }, 1, 2, 0, false, "Buiten reikwijdte: ID | "
	  "omschrijving" },
};

static const struct row_key *
row_key(const char *k)
{
	for (size_t i = 0; i < LAK_ARRAY_SIZE(row_keys); i++)
		if (strcmp(row_keys[i].key, k) == 0)
			return &row_keys[i];
	return NULL;
}

/* One row of 'rk' from value 'v' (line 'line', column 'col'); -1 when
 * out of memory (a malformed row is an error of the source's). */
static int
row_line(const struct src *s, size_t line, size_t col, const char *v,
    const struct row_key *rk, struct lak_value *into)
{
	gchar **f = g_strsplit(v, "|", (gint)rk->max);
	struct lak_value *row = lak_value_new(LAK_V_MAP);
	struct lak_value *list = (struct lak_value *)lak_value_get(into,
	    rk->list);
	guint nf = g_strv_length(f);
	bool bad = nf < rk->min || nf > rk->max;
	int r = row == NULL ? -1 : 0;

	for (guint j = 0; !bad && r == 0 && j < nf; j++) {
		g_strstrip(f[j]);
		bad = ((rk->filled || j == 0) && *f[j] == '\0') ||
		    ((rk->numbers >> j & 1) && strspn(f[j], "0123456789") !=
		    strlen(f[j]));
		if (!bad)
			r = lak_value_set(row, rk->fields[j],
			    lak_value_string(f[j]));
	}
	g_strfreev(f);
	if (r == 0 && bad) {
		lak_value_free(row);
		serr_at(s, line, col, "expected '%s'", rk->form);
		return 0;
	}
	if (r == 0 && list == NULL) {
		r = lak_value_set(into, rk->list, lak_value_new(LAK_V_LIST));
		list = (struct lak_value *)lak_value_get(into, rk->list);
	}
	if (r < 0 || list == NULL || lak_value_append(list, row) < 0) {
		if (r < 0 || list == NULL)
			lak_value_free(row);
		return lak_error_oom(s->err);
	}
	return 0;
}

/* Header lines up to the first blank line; returns the first body line
 * or SIZE_MAX with the error set. */
static size_t
header(const struct src *s, const char *const *keys, const char *kind,
    struct lak_value *into)
{
	size_t i = 0;

	/* (past the "Lakwerk-regels:" line: the lines it counts are header
	 * lines too) */
	for (i = s->made > 0; i < s->n && !is_blank_line(s->lines[i]); i++) {
		const char *l = s->lines[i], *colon = strchr(l, ':');
		const struct row_key *rk;
		char *k, date[64];
		const char *v;
		int r;

		if (colon == NULL || colon == l) {
			serr(s, i, "expected a header line 'Key: value' (the "
			    "header ends at the first blank line)");
			continue;
		}
		k = key_of(l, (size_t)(colon - l));
		if (!known(keys, k)) {
			GString *list = g_string_new(NULL);

			for (const char *const *p = keys; *p; p++) {
				char *label = lak_source_key_label(*p);

				g_string_append_printf(list, "%s%s",
				    list->len ? ", " : "", label);
				g_free(label);
			}
			serr(s, i, "unknown header '%.*s' in %s (known: %s)",
			    (int)(colon - l), l, kind, list->str);
			g_string_free(list, TRUE);
			g_free(k);
			continue;
		}
		if (g_hash_table_contains(s->keyline, k) && row_key(k) == NULL) {
			serr(s, i, "'%.*s' twice in the header (also at line "
			    "%zu)", (int)(colon - l), l, (size_t)
			    GPOINTER_TO_SIZE(g_hash_table_lookup(s->keyline,
			    k)));
			g_free(k);
			continue;
		}
		g_hash_table_insert(s->keyline, g_strdup(k),
		    GSIZE_TO_POINTER(i + 1));
		v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		if ((rk = row_key(k)) != NULL) {
			g_free(k);
			if (row_line(s, i, (size_t)(v - l) + 1, v, rk, into) < 0)
				return SIZE_MAX;
			continue;
		}
		if (strcmp(k, "logo") == 0 && logo(s, i, (size_t)(v - l) + 1, v,
		    into) < 0) {
			g_free(k);
			continue;
		}
		if (strcmp(k, "datum") == 0 || strcmp(k, "ingezonden") == 0 ||
		    strcmp(k, "ontvangen") == 0 || strcmp(k, "besluitdatum") == 0) {
			char iso[16], *ik;

			if (lak_date_dutch(v, date, sizeof(date)) < 0) {
				serr_at(s, i, (size_t)(v - l) + 1, "'%s' is not "
				    "a date (write 2019-09-05 or 5 september "
				    "2019)", v);
				g_free(k);
				continue;
			}
			lak_date_iso(v, iso, sizeof(iso));
			ik = g_strconcat(k, "_iso", NULL);
			r = lak_value_set(into, ik, lak_value_string(iso));
			g_free(ik);
			if (r < 0) {
				g_free(k);
				lak_error_oom(s->err);
				return SIZE_MAX;
			}
			v = date;
		}
		r = lak_value_set(into, k, lak_value_string(v));
		g_free(k);
		if (r < 0) {
			lak_error_oom(s->err);
			return SIZE_MAX;
		}
	}
	return i;
}

/* --- the three kinds ----------------------------------------------------- */

static const char *const letter_keys[] = {
	"aan", "datum", "betreft", "ons_kenmerk", "uw_kenmerk", "uw_brief",
	"bijlagen", "ondertekenaar", "functie", "ministerie", "afdeling",
	"directoraat", "bezoekadres", "postadres", "website", "contactpersoon",
	"telefoon", "e_mail", "aanhef", "slot", "kenmerk", "logo", NULL,
};

static int
parse_letter(const struct src *s, struct lak_value *v)
{
	struct lak_value *notes = lak_value_new(LAK_V_LIST), *b;
	GPtrArray *refs = g_ptr_array_new_with_free_func(g_free);
	size_t body = header(s, letter_keys, "a letter", v);
	int ret = -1;

	if (body == SIZE_MAX || notes == NULL)
		goto out;
	/* the salutation and close a letter to the Kamer has; an empty
	 * "Aanhef:" or "Slot:" leaves it out (many letters have neither) */
	if ((lak_value_get(v, "aanhef") == NULL && lak_value_set(v, "aanhef",
	    lak_value_string("Geachte voorzitter,")) < 0) ||
	    (lak_value_get(v, "slot") == NULL && lak_value_set(v, "slot",
	    lak_value_string("Hoogachtend,")) < 0)) {
		lak_error_oom(s->err);
		goto out;
	}
	if ((b = blocks(s, body, s->n, notes, refs)) == NULL)
		goto out;
	if (lak_value_set(v, "blocks", b) < 0 || check_refs(s, refs, notes) < 0)
		goto out;
	ret = lak_value_set(v, "footnotes", notes);
	notes = NULL;
out:
	lak_value_free(notes);
	g_ptr_array_free(refs, TRUE);
	return ret;
}

static const char *const answer_keys[] = {
	"lid", "leden", "partij", "onderwerp", "kenmerk", "ingezonden",
	"minister", "mede_namens", "staatssecretaris",
	/* for the cover letter (aanbiedingsbrief) */
	"datum", "ondertekenaar", "ministerie", "afdeling", "bezoekadres",
	"postadres", "website", "ons_kenmerk", "aanhef", "slot", "logo", NULL,
};

/* "Vraag 3", "## Vraag 3:" -> 3; 0 if not a question line. */
static unsigned
question_line(const char *l)
{
	unsigned n;
	int used = 0;

	while (*l == '#' || *l == ' ')
		l++;
	if (sscanf(l, "Vraag %u%n", &n, &used) == 1 && (l[used] == '\0' ||
	    l[used] == ':' || isspace((unsigned char)l[used])) &&
	    is_blank_line(l + used + (l[used] == ':')))
		return n;
	return 0;
}

/* "Antwoord", "Antwoord vraag 3", "Antwoord vragen 2 en 3", "Antwoord
 * vragen 8, 9 en 10": the numbers in 'nums' (none for the bare form);
 * false if not an answer line. */
static bool
answer_line(const char *l, GArray *nums)
{
	const char *p;

	while (*l == '#' || *l == ' ')
		l++;
	if (strncmp(l, "Antwoord", 8) != 0)
		return false;
	p = l + 8;
	if (*p == ':')
		p++;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return true;
	if (strncmp(p, "vragen", 6) == 0)
		p += 6;
	else if (strncmp(p, "vraag", 5) == 0)
		p += 5;
	for (;;) {
		unsigned n;
		int used = 0;

		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, "en ", 3) == 0)
			p += 3;
		if (*p == '\0' || *p == ':')
			break;
		if (sscanf(p, "%u%n", &n, &used) != 1)
			return false;
		g_array_append_val(nums, n);
		p += used;
	}
	return nums->len > 0 && is_blank_line(p + (*p == ':'));
}

/* "de minister van X" as published sheets write it: the article is the
 * sheet's ("Antwoorden van de ..."), not the value's. */
static int
drop_article(struct lak_value *v, const char *key)
{
	const struct lak_value *x = lak_value_get(v, key);
	const char *t;

	if (x == NULL || x->type != LAK_V_STRING)
		return 0;
	t = x->str;
	if (g_ascii_strncasecmp(t, "de ", 3) != 0)
		return 0;
	t += 3;
	while (*t == ' ')
		t++;
	return lak_value_set(v, key, lak_value_string(t));
}

/* The sheet's title and the cover letter's sentence, made once for every
 * output: "Antwoorden van de minister van X, mede namens de
 * staatssecretaris van Y, op vragen van de leden A en B (P) over Z
 * (ingezonden 20 februari 2026)". */
static int
answers_title(struct lak_value *v)
{
	const struct lak_value *min = lak_value_get(v, "minister");
	const struct lak_value *sts = lak_value_get(v, "staatssecretaris");
	const struct lak_value *mede = lak_value_get(v, "mede_namens");
	const struct lak_value *leden = lak_value_get(v, "leden");
	const struct lak_value *lid = lak_value_get(v, "lid");
	const struct lak_value *partij = lak_value_get(v, "partij");
	const struct lak_value *ond = lak_value_get(v, "onderwerp");
	const struct lak_value *ing = lak_value_get(v, "ingezonden");
	const struct lak_value *ken = lak_value_get(v, "kenmerk");
	GString *van = g_string_new(NULL), *t = g_string_new(NULL);
	GString *c = g_string_new(NULL);
	int r = 0;

	g_string_append_printf(van, "%s%s", leden ? "de leden " : "het lid ",
	    leden ? leden->str : lid ? lid->str : "");
	if (partij)
		g_string_append_printf(van, " (%s)", partij->str);
	g_string_append_printf(t, "Antwoorden van de %s",
	    min ? min->str : sts ? sts->str : "");
	if (mede)
		g_string_append_printf(t, ", mede namens de %s,", mede->str);
	g_string_append_printf(t, " op vragen van %s over %s", van->str,
	    ond ? ond->str : "");
	if (ing)
		g_string_append_printf(t, " (ingezonden %s)", ing->str);
	g_string_append(c, "Hierbij zend ik u");
	if (mede)
		g_string_append_printf(c, ", mede namens de %s,", mede->str);
	g_string_append_printf(c, " de antwoorden op de vragen van %s over %s",
	    van->str, ond ? ond->str : "");
	if (ing || ken)
		g_string_append_printf(c, " (%s%s%s%s)", ing ? "ingezonden " :
		    "", ing ? ing->str : "", ing && ken ? " met kenmerk " :
		    ken ? "kenmerk " : "", ken ? ken->str : "");
	g_string_append_c(c, '.');
	r |= lak_value_set(v, "titel", lak_value_string(t->str));
	r |= lak_value_set(v, "aanbieding", lak_value_string(c->str));
	g_string_free(van, TRUE);
	g_string_free(t, TRUE);
	g_string_free(c, TRUE);
	return r;
}

static int
parse_answers(const struct src *s, struct lak_value *v)
{
	struct lak_value *notes = lak_value_new(LAK_V_LIST);
	struct lak_value *items = lak_value_new(LAK_V_LIST);
	GPtrArray *refs = g_ptr_array_new_with_free_func(g_free);
	GArray *nums = g_array_new(FALSE, FALSE, sizeof(unsigned));
	unsigned nq = 0, *answered = NULL;
	size_t i, body = header(s, answer_keys, "an answer sheet", v);
	const struct lak_value *k;
	int ret = -1;

	if (body == SIZE_MAX || notes == NULL || items == NULL)
		goto out;
	if (drop_article(v, "minister") < 0 || drop_article(v,
	    "staatssecretaris") < 0 || drop_article(v, "mede_namens") < 0 ||
	    answers_title(v) < 0)
		goto oom;
	k = lak_value_get(v, "kenmerk");
	if (k != NULL) {
		const char *x = k->str;

		if (strlen(x) != 10 || !isdigit((unsigned char)x[0]) ||
		    !isdigit((unsigned char)x[1]) ||
		    !isdigit((unsigned char)x[2]) ||
		    !isdigit((unsigned char)x[3]) || x[4] != 'Z' ||
		    strspn(x + 5, "0123456789") != 5) {
			serr(s, key_line(s, "kenmerk"), "Kenmerk '%s' is not of "
			    "the form YYYYZnnnnn (such as 2019Z15231)", x);
		}
	}
	if ((answered = calloc(s->n + 2, sizeof(*answered))) == NULL) {
		lak_error_oom(s->err);
		goto out;
	}
	for (i = body; i < s->n;) {
		unsigned q = question_line(s->lines[i]);
		size_t start = i, end;
		struct lak_value *it, *b;

		g_array_set_size(nums, 0);
		if (q == 0 && !answer_line(s->lines[i], nums)) {
			if (is_blank_line(s->lines[i]) ||
			    is_footnote(s->lines[i])) {
				/* footnotes may stand at the end */
				if (!is_blank_line(s->lines[i]))
					break;
				i++;
				continue;
			}
			serr(s, i, "expected 'Vraag N' or an answer "
			    "('Antwoord', 'Antwoord vraag N', 'Antwoord vragen "
			    "2 en 3')");
			goto out;
		}
		for (end = i + 1; end < s->n; end++) {
			GArray *tmp = g_array_new(FALSE, FALSE,
			    sizeof(unsigned));
			bool marker = question_line(s->lines[end]) ||
			    answer_line(s->lines[end], tmp);

			g_array_free(tmp, TRUE);
			if (marker)
				break;
		}
		it = lak_value_new(LAK_V_MAP);
		if (it == NULL || lak_value_append(items, it) < 0) {
			lak_error_oom(s->err);
			goto out;
		}
		if (q != 0) {
			if (q != nq + 1) {
				serr(s, i, "question %u follows question %u: "
				    "the numbering must go on without gaps",
				    q, nq);
				goto out;
			}
			nq = q;
			if (lak_value_set(it, "is_question",
			    lak_value_bool(true)) < 0 || lak_value_set(it, "n",
			    lak_value_number(q)) < 0)
				goto oom;
		} else {
			GString *label = g_string_new("Antwoord");
			struct lak_value *ns = lak_value_new(LAK_V_LIST);

			bool bare = nums->len == 0;

			/* the bare form answers the questions since the last
			 * answer */
			if (bare)
				for (unsigned x = 1; x <= nq; x++)
					if (!answered[x])
						g_array_append_val(nums, x);
			if (nums->len == 0) {
				g_string_free(label, TRUE);
				lak_value_free(ns);
				serr(s, i, "an answer with no question before it");
				goto out;
			}
			/* a deleted "Antwoord vragen 2 en 3" would make the
			 * next bare answer theirs */
			if (bare && nums->len > 1 && s->strict) {
				g_string_free(label, TRUE);
				lak_value_free(ns);
				serr(s, i, "a bare 'Antwoord' after %u unanswered "
				    "questions (%u to %u): write 'Antwoord vragen "
				    "%u en %u' or answer each (--loose takes it "
				    "as the answer to all)", nums->len,
				    g_array_index(nums, unsigned, 0), nq,
				    g_array_index(nums, unsigned, 0), nq);
				goto out;
			}
			if (!bare)
				g_string_append(label, nums->len > 1 ?
				    " vragen " : " vraag ");
			for (guint x = 0; x < nums->len; x++) {
				unsigned n = g_array_index(nums, unsigned, x);

				if (n == 0 || n > nq) {
					g_string_free(label, TRUE);
					lak_value_free(ns);
					serr(s, i, "answer to question %u, which "
					    "is not asked (yet)", n);
					goto out;
				}
				if (answered[n]) {
					g_string_free(label, TRUE);
					lak_value_free(ns);
					serr(s, i, "question %u is answered twice "
					    "(also at line %u)", n, answered[n]);
					goto out;
				}
				answered[n] = (unsigned)i + 1;
				if (!bare)
					g_string_append_printf(label, "%s%u",
					    x == 0 ? "" : x + 1 == nums->len ?
					    " en " : ", ", n);
				lak_value_append(ns, lak_value_number(n));
			}
			if (lak_value_set(it, "is_answer", lak_value_bool(true)) <
			    0 || lak_value_set(it, "label",
			    lak_value_string(label->str)) < 0 ||
			    lak_value_set(it, "numbers", ns) < 0) {
				g_string_free(label, TRUE);
				goto oom;
			}
			g_string_free(label, TRUE);
		}
		if ((b = blocks(s, start + 1, end, notes, refs)) == NULL)
			goto out;
		if (b->n == 0) {
			lak_value_free(b);
			serr(s, start, "%s has no text", q ? "the question" :
			    "the answer");
			goto out;
		}
		if (lak_value_set(it, "blocks", b) < 0)
			goto oom;
		i = end;
	}
	/* footnote definitions after the last answer */
	for (; i < s->n; i++) {
		struct lak_value *b;

		if (is_blank_line(s->lines[i]))
			continue;
		if ((b = blocks(s, i, s->n, notes, refs)) == NULL)
			goto out;
		lak_value_free(b);
		break;
	}
	if (nq == 0) {
		serr(s, body, "no questions ('Vraag 1' ...)");
		goto out;
	}
	for (unsigned q = 1; q <= nq; q++)
		if (!answered[q]) {
			serr(s, s->n ? s->n - 1 : 0, "question %u has no answer",
			    q);
			goto out;
		}
	if (check_refs(s, refs, notes) < 0)
		goto out;
	if (lak_value_set(v, "items", items) < 0) {
		items = NULL;
		goto oom;
	}
	items = NULL;
	if (lak_value_set(v, "questions", lak_value_number(nq)) < 0 ||
	    lak_value_set(v, "footnotes", notes) < 0) {
		notes = NULL;
		goto oom;
	}
	notes = NULL;
	ret = 0;
	goto out;
oom:
	lak_error_oom(s->err);
out:
	lak_value_free(notes);
	lak_value_free(items);
	g_ptr_array_free(refs, TRUE);
	g_array_free(nums, TRUE);
	free(answered);
	return ret;
}

static const char *const press_keys[] = {
	"onderwerp", "datum", "status", "woordvoerder", NULL,
};

/* A section title line: "Kernboodschap", "# Achtergrond", "Niet zeggen:" */
static const char *
press_section(const char *l)
{
	static const char *const names[] = { "Kernboodschap", "Achtergrond",
	    "Niet zeggen" };
	char buf[64];
	size_t n;

	while (*l == '#' || *l == ' ')
		l++;
	n = strlen(l);
	if (n == 0 || n >= sizeof(buf))
		return NULL;
	memcpy(buf, l, n + 1);
	while (n > 0 && (buf[n - 1] == ':' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	for (size_t i = 0; i < LAK_ARRAY_SIZE(names); i++)
		if (g_ascii_strcasecmp(buf, names[i]) == 0)
			return names[i];
	return NULL;
}

static int
parse_press(const struct src *s, struct lak_value *v)
{
	size_t body = header(s, press_keys, "press lines", v), i;
	struct lak_value *kern = lak_value_new(LAK_V_LIST);
	struct lak_value *qa = lak_value_new(LAK_V_LIST);
	struct lak_value *notes = lak_value_new(LAK_V_LIST);
	const struct lak_value *st;
	int ret = -1;

	if (body == SIZE_MAX || kern == NULL || qa == NULL || notes == NULL)
		goto out;
	st = lak_value_get(v, "status");
	if (st == NULL || (strcmp(st->str, "concept") != 0 &&
	    strcmp(st->str, "definitief") != 0)) {
		serr(s, key_line(s, "status"), "Status: expected concept or "
		    "definitief");
		goto out;
	}
	if (lak_value_set(v, "concept", lak_value_bool(strcmp(st->str,
	    "concept") == 0)) < 0)
		goto out;
	for (i = body; i < s->n;) {
		const char *sec = press_section(s->lines[i]);
		const char *l = s->lines[i];

		if (is_blank_line(l)) {
			i++;
			continue;
		}
		if (sec != NULL && strcmp(sec, "Kernboodschap") == 0) {
			bool ord;
			const char *t;

			for (i++; i < s->n && (is_blank_line(s->lines[i]) ||
			    list_item(s->lines[i], &ord, &t)); i++) {
				struct lak_value *k;

				if (is_blank_line(s->lines[i]))
					continue;
				k = lak_value_new(LAK_V_MAP);
				if (k == NULL || inline_text(s, i, t, k, "text",
				    NULL) < 0 || lak_value_append(kern, k) < 0)
					goto out;
			}
			continue;
		}
		if (sec != NULL) {	/* Achtergrond, Niet zeggen */
			size_t end = i + 1;
			struct lak_value *b;

			while (end < s->n && press_section(s->lines[end]) ==
			    NULL && strncmp(s->lines[end], "V:", 2) != 0)
				end++;
			if ((b = blocks(s, i + 1, end, notes, NULL)) == NULL ||
			    lak_value_set(v, strcmp(sec, "Achtergrond") == 0 ?
			    "achtergrond" : "niet_zeggen", b) < 0)
				goto out;
			i = end;
			continue;
		}
		if (strncmp(l, "V:", 2) == 0) {
			GString *q = g_string_new(g_strstrip((char *)l + 2));
			GString *a = g_string_new(NULL);
			struct lak_value *pair = lak_value_new(LAK_V_MAP);
			size_t first = i;

			for (i++; i < s->n && !is_blank_line(s->lines[i]) &&
			    strncmp(s->lines[i], "A:", 2) != 0; i++)
				g_string_append_printf(q, " %s", s->lines[i]);
			while (i < s->n && is_blank_line(s->lines[i]))
				i++;
			if (i >= s->n || strncmp(s->lines[i], "A:", 2) != 0) {
				g_string_free(q, TRUE);
				g_string_free(a, TRUE);
				lak_value_free(pair);
				serr(s, first, "question without 'A:' answer");
				goto out;
			}
			g_string_append(a, g_strstrip((char *)s->lines[i] + 2));
			for (i++; i < s->n && !is_blank_line(s->lines[i]) &&
			    strncmp(s->lines[i], "V:", 2) != 0 &&
			    press_section(s->lines[i]) == NULL; i++)
				g_string_append_printf(a, " %s", s->lines[i]);
			if (pair == NULL || inline_text(s, first, q->str, pair,
			    "v", NULL) < 0 || inline_text(s, first, a->str,
			    pair, "a", NULL) < 0 || lak_value_append(qa,
			    pair) < 0) {
				g_string_free(q, TRUE);
				g_string_free(a, TRUE);
				goto out;
			}
			g_string_free(q, TRUE);
			g_string_free(a, TRUE);
			continue;
		}
		serr(s, i, "expected Kernboodschap, 'V:' and 'A:', Achtergrond "
		    "or Niet zeggen");
		goto out;
	}
	if (kern->n == 0) {
		serr(s, body, "no Kernboodschap bullets");
		goto out;
	}
	if (lak_value_set(v, "kernboodschap", kern) < 0) {
		kern = NULL;
		goto out;
	}
	kern = NULL;
	if (lak_value_set(v, "qa", qa) < 0) {
		qa = NULL;
		goto out;
	}
	qa = NULL;
	ret = 0;
out:
	if (ret < 0 && s->err->code == LAK_OK)
		lak_error_oom(s->err);
	lak_value_free(kern);
	lak_value_free(qa);
	lak_value_free(notes);
	return ret;
}

static const char *const besluit_keys[] = {
	"dossier", "onderwerp", "ontvangen", "besluitdatum", "regime",
	"organisatie", "ondertekenaar", "functie", "besluit", "verzoeker",
	"aan", "ministerie", "afdeling", "bezoekadres", "postadres", "website",
	"ons_kenmerk", "uw_kenmerk", "documenten", "grond", "verdaging",
	"niet_openbaar", "reeds_openbaar", "buiten_reikwijdte", NULL,
};

/* The sections a decision letter has a place for, in its order. */
static const char *const besluit_section_names[] = { "Uw verzoek",
    "Verloop van de procedure", "Zienswijzen", "Wettelijk kader",
    "Inventarisatie documenten", "Besluit", "Overwegingen",
    "Wijze van bekendmaking", "Plaatsing op het internet", "Contact",
    "Bezwaarclausule", NULL };
static const char *const besluit_sections[] = { "uw_verzoek",
    "verloop_van_de_procedure", "zienswijzen", "wettelijk_kader",
    "inventarisatie_documenten", "besluit", "overwegingen",
    "wijze_van_bekendmaking", "plaatsing_op_het_internet", "contact",
    "bezwaarclausule", NULL };

bool
lak_ground_needs_motivation(const char *type)
{
	return strcmp(type, "relative") == 0 || strcmp(type, "temporary") ==
	    0 || strcmp(type, "exceptional") == 0;
}

const struct lak_value *
lak_besluit_motivation(const struct lak_value *blocks, const char *code)
{
	for (size_t i = 0; blocks && i < blocks->n; i++) {
		const struct lak_value *b = blocks->items[i];
		const struct lak_value *t = lak_value_get(b, "text");

		if (lak_value_get(b, "is_heading") && t && strcmp(t->str,
		    code) == 0)
			return b;
	}
	return NULL;
}

/* Body sections by their headings: "# Uw verzoek" -> "uw_verzoek". */
static int
parse_besluit(const struct src *s, struct lak_value *v)
{
	size_t body = header(s, besluit_keys, "a decision", v), i;
	struct lak_value *notes = lak_value_new(LAK_V_LIST);
	struct lak_value *secs = lak_value_new(LAK_V_MAP);
	const struct lak_value *x;
	int ret = -1;

	if (body == SIZE_MAX || notes == NULL || secs == NULL)
		goto out;
	x = lak_value_get(v, "besluit");
	if (x == NULL || (strcmp(x->str, "openbaar") &&
	    strcmp(x->str, "deels openbaar") && strcmp(x->str,
	    "niet openbaar") && strcmp(x->str, "geen documenten"))) {
		serr(s, key_line(s, "besluit"), "Besluit: expected openbaar, "
		    "deels openbaar, niet openbaar or geen documenten");
		goto out;
	}
	x = lak_value_get(v, "regime");
	if (x != NULL && strcmp(x->str, "woo") && strcmp(x->str, "wob")) {
		serr(s, key_line(s, "regime"), "Regime: expected woo or wob");
		goto out;
	}
	x = lak_value_get(v, "verdaging");
	if (x != NULL) {
		char *end;
		long w = strtol(x->str, &end, 10);

		while (*end == ' ')
			end++;
		if (end == x->str || w < 0 || w > 2 || (*end && strcmp(end,
		    "week") && strcmp(end, "weken")))
			serr(s, key_line(s, "verdaging"), "Verdaging: expected "
			    "0, 1 or 2 weken (Woo art. 4.4 allows two weeks)");
	}
	for (i = body; i < s->n;) {
		const char *t;
		size_t end;
		char *key;
		struct lak_value *b;

		if (is_blank_line(s->lines[i])) {
			i++;
			continue;
		}
		if (heading_level(s->lines[i], &t) != 1) {
			serr(s, i, "expected a '# Heading' that starts a "
			    "section (Uw verzoek, Verloop van de procedure, "
			    "Inventarisatie documenten, ...)");
			goto out;
		}
		for (end = i + 1; end < s->n && heading_level(s->lines[end],
		    &(const char *){ NULL }) != 1; end++)
			;
		key = key_of(t, strlen(t));
		if (!known(besluit_sections, key)) {
			GString *list = g_string_new(NULL);

			for (const char *const *p = besluit_section_names; *p;
			    p++)
				g_string_append_printf(list, "%s%s",
				    list->len ? ", " : "", *p);
			/* never dropped: a section the letter has no place
			 * for is an error */
			serr(s, i, "unknown section '# %s' in a decision "
			    "(known: %s)", t, list->str);
			g_string_free(list, TRUE);
			g_free(key);
			i = end;
			continue;
		}
		if ((b = blocks(s, i + 1, end, notes, NULL)) == NULL ||
		    lak_value_set(secs, key, b) < 0) {
			g_free(key);
			goto out;
		}
		if (strcmp(key, "overwegingen") == 0)
			g_hash_table_insert(s->keyline, g_strdup("#overwegingen"),
			    GSIZE_TO_POINTER(i + 1));
		g_free(key);
		i = end;
	}
	/* a relative ground needs its weighing (Woo art. 5.1(3)): a
	 * "## CODE" part under "# Overwegingen" */
	if (s->strict && (x = lak_value_get(v, "gronden")) != NULL)
		for (size_t k = 0; k < x->n; k++) {
			const struct lak_value *g = x->items[k];
			const struct lak_value *ty = lak_value_get(g, "type");
			const char *code = lak_value_get(g, "code")->str;

			if (ty == NULL || !lak_ground_needs_motivation(ty->str) ||
			    lak_besluit_motivation(lak_value_get(secs,
			    "overwegingen"),
			    code) != NULL)
				continue;
			serr(s, g_hash_table_contains(s->keyline,
			    "#overwegingen") ? key_line(s, "#overwegingen") :
			    header_end(s), "ground %s is %s: its motivation "
			    "goes under '# Overwegingen' as '## %s' and the "
			    "text (Woo art. 5.1(3)%s; --loose writes a "
			    "placeholder)", code, ty->str, code,
			    strcmp(ty->str, "temporary") == 0 ? "; say when "
			    "it will be released, art. 5.1(4)" : "");
		}
	if (lak_value_set(v, "sections", secs) < 0) {
		secs = NULL;
		goto out;
	}
	secs = NULL;
	ret = 0;
out:
	if (ret < 0 && s->err->code == LAK_OK)
		lak_error_oom(s->err);
	lak_value_free(secs);
	lak_value_free(notes);
	return ret;
}

int
lak_source_parse(const char *data, size_t len, const char *name,
    enum lak_source_kind kind, unsigned int flags, struct lak_value **out,
    struct lak_error *err)
{
	struct src s = { name, NULL, 0, err, NULL, false, 0 };
	unsigned int errors_before = err->n;
	struct lak_value *v;
	gchar *copy;
	int ret;

	*out = NULL;
	if (!g_utf8_validate(data, (gssize)len, NULL))
		return lak_error_set(err, LAK_EFORMAT, "%s: not UTF-8 text",
		    name);
	copy = g_strndup(data, len);
	s.lines = g_strsplit(copy, "\n", -1);
	g_free(copy);
	for (s.n = 0; s.lines[s.n]; s.n++) {
		size_t l = strlen(s.lines[s.n]);

		if (l > 0 && s.lines[s.n][l - 1] == '\r')
			s.lines[s.n][l - 1] = '\0';
	}
	s.keyline = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	/* lines lakwerk made, before the user's: kept out of line numbers */
	{
		unsigned long made = 0;
		int used = 0;

		if (s.n > 0 && sscanf(s.lines[0], LAK_SOURCE_MADE_LINES
		    " %lu%n", &made, &used) == 1 && s.lines[0][used] ==
		    '\0' && made < s.n)
			s.made = (size_t)made + 1;
	}
	s.strict = (flags & LAK_SOURCE_STRICT) != 0;
	if ((v = lak_value_new(LAK_V_MAP)) == NULL) {
		g_strfreev(s.lines);
		g_hash_table_destroy(s.keyline);
		return lak_error_oom(s.err);
	}
	ret = kind == LAK_SOURCE_LETTER ? parse_letter(&s, v) :
	    kind == LAK_SOURCE_ANSWERS ? parse_answers(&s, v) :
	    kind == LAK_SOURCE_BESLUIT ? parse_besluit(&s, v) :
	    parse_press(&s, v);
	g_strfreev(s.lines);
	g_hash_table_destroy(s.keyline);
	/* the header's errors do not stop the body's parsing */
	if (ret < 0 || err->n > errors_before) {
		lak_value_free(v);
		return -1;
	}
	*out = v;
	return 0;
}
