/*
 * Review stage: two reviewers' exports compared, passage by passage.
 */
#include "lib/base/common.h"

#include <glib.h>

#include "lib/base/csv.h"
#include "lib/review/review.h"

/* The columns a passage is known by, and what was decided on it. */
enum { K_DOC, K_SHA, K_KIND, K_WHERE, K_PAGE, K_START, K_END, K_BOXES,
    K_GROUNDS, K_DECISION, K_CONTEXT, NK };
static const char *const cols[NK] = { "document", "sha256", "kind", "where",
    "page", "start", "end", "boxes", "grounds", "decision", "context" };

struct row {
	char *document, *where, *context, *value;
};

static void
row_free(gpointer p)
{
	struct row *r = p;

	g_free(r->document);
	g_free(r->where);
	g_free(r->context);
	g_free(r->value);
	g_free(r);
}

/* "redact 5.1.2e; 5.2.1" or "keep": the grounds as written, in order,
 * without blanks around the separators */
static char *
value_of(const char *decision, const char *grounds)
{
	gchar **g;
	GString *v;

	if (g_ascii_strcasecmp(decision, "keep") == 0)
		return g_strdup("keep");
	v = g_string_new("redact");
	g = g_strsplit_set(grounds, ";,", -1);
	for (size_t i = 0, n = 0; g[i]; i++) {
		g_strstrip(g[i]);
		if (*g[i])
			g_string_append_printf(v, "%s%s", n++ ? "; " : " ",
			    g[i]);
	}
	g_strfreev(g);
	return g_string_free(v, FALSE);
}

/* The passages of one export by key. */
static int
read_export(const char *data, size_t len, const char *name, GHashTable *t,
    GPtrArray *order, size_t *nrows, struct lak_error *err)
{
	struct lak_csv_row rec = { NULL, 0, 0 };
	size_t pos = 0, line = 1;
	int col[NK];
	char sep;
	int ret = -1;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	sep = lak_csv_sep(data + pos, len - pos);
	if (lak_csv_next(data, len, &pos, sep, &rec) != 1) {
		lak_error_set(err, LAK_EFORMAT, "%s:row 1: not a plan CSV",
		    name);
		goto out;
	}
	for (int i = 0; i < NK; i++) {
		col[i] = -1;
		for (size_t k = 0; k < rec.n; k++)
			if (g_ascii_strcasecmp(rec.f[k], cols[i]) == 0)
				col[i] = (int)k;
		if (col[i] < 0 && i != K_CONTEXT && i != K_BOXES) {
			lak_error_set(err, LAK_EFORMAT, "%s:row 1: no column "
			    "'%s' (is this a lakwerk plan?)", name, cols[i]);
			goto out;
		}
	}
	for (;;) {
		int r = lak_csv_next(data, len, &pos, sep, &rec);
		const char *f[NK];
		struct row *row;
		char *key;

		if (r == 0)
			break;
		line++;
		if (r < 0) {
			lak_error_set(err, LAK_EFORMAT, "%s:row %zu: malformed "
			    "CSV", name, line);
			goto out;
		}
		if (rec.n == 1 && rec.f[0][0] == '\0')
			continue;
		for (int i = 0; i < NK; i++)
			f[i] = col[i] >= 0 && (size_t)col[i] < rec.n ?
			    rec.f[col[i]] : "";
		key = g_strjoin("\x1f", f[K_SHA], f[K_KIND], f[K_WHERE],
		    f[K_PAGE], f[K_START], f[K_END], strcmp(f[K_KIND],
		    "area") == 0 ? f[K_BOXES] : "", NULL);
		row = g_new0(struct row, 1);
		row->document = g_strdup(f[K_DOC]);
		if (strcmp(f[K_KIND], "text") == 0)
			row->where = g_strdup_printf("page %s, text %s-%s",
			    f[K_PAGE], f[K_START], f[K_END]);
		else if (strcmp(f[K_KIND], "area") == 0)
			row->where = g_strdup_printf("area %s", f[K_BOXES]);
		else
			row->where = g_strdup_printf("%s%s%s%s%s", f[K_KIND],
			    *f[K_WHERE] ? " " : "", f[K_WHERE],
			    *f[K_PAGE] ? ", page " : "", f[K_PAGE]);
		row->context = g_strdup(f[K_CONTEXT]);
		row->value = value_of(f[K_DECISION], f[K_GROUNDS]);
		if (!g_hash_table_contains(t, key)) {
			g_ptr_array_add(order, g_strdup(key));
			(*nrows)++;
		}
		/* (a repeated passage: the last row decides, as in a plan) */
		g_hash_table_replace(t, key, row);
	}
	ret = 0;
out:
	lak_csv_row_release(&rec);
	return ret;
}

static int
add_diff(struct lak_review_diffs *out, const struct row *r, const char *a,
    const char *b)
{
	struct lak_review_diff *d;

	if (lak_array_grow((void **)&out->d, &out->alloc, out->n,
	    sizeof(*out->d)) < 0)
		return -1;
	d = &out->d[out->n++];
	d->document = strdup(r->document);
	d->where = strdup(r->where);
	d->context = strdup(r->context);
	d->a = strdup(a);
	d->b = strdup(b);
	return d->document && d->where && d->context && d->a && d->b ? 0 : -1;
}

int
lak_review_compare(const char *a, size_t alen, const char *aname,
    const char *b, size_t blen, const char *bname,
    struct lak_review_diffs *out, struct lak_error *err)
{
	GHashTable *ta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    row_free);
	GHashTable *tb = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    row_free);
	GPtrArray *oa = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *ob = g_ptr_array_new_with_free_func(g_free);
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (read_export(a, alen, aname, ta, oa, &out->rows_a, err) < 0 ||
	    read_export(b, blen, bname, tb, ob, &out->rows_b, err) < 0)
		goto out;
	/* in A's order: decided otherwise, or not in B */
	for (guint i = 0; i < oa->len; i++) {
		const struct row *ra = g_hash_table_lookup(ta, oa->pdata[i]);
		const struct row *rb = g_hash_table_lookup(tb, oa->pdata[i]);

		if ((rb == NULL || strcmp(ra->value, rb->value) != 0) &&
		    add_diff(out, ra, ra->value, rb ? rb->value : "-") < 0)
			goto oom;
	}
	/* then what only B has */
	for (guint i = 0; i < ob->len; i++) {
		const struct row *rb = g_hash_table_lookup(tb, ob->pdata[i]);

		if (!g_hash_table_contains(ta, ob->pdata[i]) &&
		    add_diff(out, rb, "-", rb->value) < 0)
			goto oom;
	}
	ret = 0;
	goto out;
oom:
	lak_error_oom(err);
out:
	if (ret < 0)
		lak_review_diffs_release(out);
	g_hash_table_destroy(ta);
	g_hash_table_destroy(tb);
	g_ptr_array_free(oa, TRUE);
	g_ptr_array_free(ob, TRUE);
	return ret;
}

void
lak_review_diffs_release(struct lak_review_diffs *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->d[i].document);
		free(d->d[i].where);
		free(d->d[i].context);
		free(d->d[i].a);
		free(d->d[i].b);
	}
	free(d->d);
	memset(d, 0, sizeof(*d));
}
