/*
 * Run stage: the work folder's results (see workdir.h).
 */
#include "lib/base/common.h"

#include <ftw.h>
#include <unistd.h>

#include "lib/base/buf.h"
#include "lib/base/digest.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/run/workdir.h"

/* The files a result's stats may name. */
static const char *const suffixes[] = { ".pdf", ".plan.csv", ".review.json" };

void
lak_result_release(struct lak_result *r)
{
	free(r->g);
	memset(r, 0, sizeof(*r));
}

static void
add_sum(struct lak_buf *b, const char *suffix, const void *data, size_t len)
{
	char hex[LAK_SHA256_HEX_LEN + 1];

	lak_sha256_hex(data, len, hex);
	lak_buf_addf(b, "sha256 %s %s\n", suffix, hex);
}

int
lak_result_write(const char *work, const char *id, const char *key,
    const struct lak_result *r, const struct lak_grounds *cat,
    const struct lak_result_files *f, struct lak_error *err)
{
	struct lak_buf st;
	char *p;
	int ret = -1;

	lak_buf_init(&st, 0);
	lak_buf_addf(&st, "pages %zu\nwithheld-pages %zu\nwithheld %d\n"
	    "spans %zu\n", r->pages, r->withheld_pages, r->withheld, r->spans);
	if (r->kind[0] != '\0')
		lak_buf_addf(&st, "kind %s\n", r->kind);
	if (r->thread[0] != '\0')
		lak_buf_addf(&st, "thread %s\n", r->thread);
	for (size_t i = 0; i < r->ng; i++)
		lak_buf_addf(&st, "ground %s %zu %zu\n",
		    cat->g[r->g[i].ground].code, r->g[i].spans, r->g[i].chars);
	/* what the files must hash to when the result is reused */
	if (f->pdf != NULL)
		add_sum(&st, ".pdf", f->pdf, f->pdflen);
	add_sum(&st, ".plan.csv", f->csv, f->csvlen);
	if (f->review != NULL)
		add_sum(&st, ".review.json", f->review, f->reviewlen);
	if (lak_buf_check(&st, err) < 0)
		goto out;
	for (size_t i = 0; i < 2; i++) {
		if ((p = lak_path_join(work, id, i ? ".error" : ".key")) ==
		    NULL) {
			lak_error_oom(err);
			goto out;
		}
		if (unlink(p) < 0 && errno != ENOENT) {
			lak_error_set(err, LAK_EIO, "%s: cannot remove: %s", p,
			    strerror(errno));
			free(p);
			goto out;
		}
		free(p);
	}
	{
		const struct {
			const char *suffix;
			const void *data;
			size_t len;
		} files[] = {
			{ ".pdf", f->pdf, f->pdflen },
			{ ".plan.csv", f->csv, f->csvlen },
			{ ".stats", st.data, st.len },
			{ ".review.json", f->review, f->reviewlen },
			{ ".key", key, LAK_RESULT_KEY_LEN },	/* last: whole */
		};

		for (size_t i = 0; i < LAK_ARRAY_SIZE(files); i++)
			if (files[i].data != NULL && lak_file_put(work, id,
			    files[i].suffix, files[i].data, files[i].len, 0644,
			    err) < 0)
				goto out;
	}
	ret = 0;
out:
	lak_buf_release(&st);
	return ret;
}

int
lak_result_write_failure(const char *work, const char *id, const char *why,
    struct lak_error *err)
{
	return lak_file_put(work, id, ".error", why, strlen(why), 0644,
	    err);
}

char *
lak_result_failure(const char *work, const char *id)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *p = lak_path_join(work, id, ".error"), *msg = NULL;
	size_t len = 0;

	if (p != NULL && lak_file_read(p, LAK_MAX_NOTE_FILE, &msg, &len,
	    &err) < 0)
		msg = NULL;
	while (msg != NULL && len > 0 && (msg[len - 1] == '\n' ||
	    msg[len - 1] == '\r' || msg[len - 1] == ' '))
		msg[--len] = '\0';
	free(p);
	return msg;
}

/* --- reading ------------------------------------------------------------ */

/* A whole decimal number of 'tok'; false if it is not one. */
static bool
number(const char *tok, size_t *out)
{
	char *end;
	unsigned long long v;

	if (tok == NULL || *tok < '0' || *tok > '9')
		return false;
	errno = 0;
	v = strtoull(tok, &end, 10);
	if (errno != 0 || *end != '\0' || v > SIZE_MAX)
		return false;
	*out = (size_t)v;
	return true;
}

static bool
is_hex64(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= '0' && s[n] <= '9') ||
		    (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == LAK_SHA256_HEX_LEN;
}

static int
add_ground(struct lak_result *r, long ground, size_t spans, size_t chars)
{
	struct lak_ground_count *g = realloc(r->g, (r->ng + 1) * sizeof(*g));

	if (g == NULL)
		return -1;
	r->g = g;
	r->g[r->ng].ground = ground;
	r->g[r->ng].spans = spans;
	r->g[r->ng++].chars = chars;
	return 0;
}

/* One line of a stats file, split into at most four words in 'w'. */
static int
parse_line(char **w, size_t nw, const struct lak_grounds *cat,
    bool (*check)(void *, const char *, const char *), void *ctx,
    struct lak_result *r, bool *sums, bool *mismatch)
{
	size_t a = 0, b = 0;
	long gi;

	if (nw == 2 && strcmp(w[0], "pages") == 0 && number(w[1], &a))
		r->pages = a;
	else if (nw == 2 && strcmp(w[0], "withheld-pages") == 0 &&
	    number(w[1], &a))
		r->withheld_pages = a;
	else if (nw == 2 && strcmp(w[0], "withheld") == 0 &&
	    number(w[1], &a) && a <= 1)
		r->withheld = a != 0;
	else if (nw == 2 && strcmp(w[0], "spans") == 0 && number(w[1], &a))
		r->spans = a;
	else if (nw == 2 && strcmp(w[0], "kind") == 0 &&
	    strlen(w[1]) < sizeof(r->kind) && strspn(w[1],
	    "abcdefghijklmnopqrstuvwxyz-") == strlen(w[1]))
		snprintf(r->kind, sizeof(r->kind), "%s", w[1]);
	else if (nw == 2 && strcmp(w[0], "thread") == 0 &&
	    strlen(w[1]) < sizeof(r->thread) && w[1][0] == 'T' &&
	    strspn(w[1] + 1, "0123456789abcdef") == strlen(w[1] + 1))
		snprintf(r->thread, sizeof(r->thread), "%s", w[1]);
	else if (nw == 4 && strcmp(w[0], "ground") == 0 &&
	    (gi = lak_grounds_find(cat, w[1])) >= 0 && number(w[2], &a) &&
	    number(w[3], &b)) {
		if (add_ground(r, gi, a, b) < 0)
			return -2;
	} else if (nw == 3 && strcmp(w[0], "sha256") == 0 && is_hex64(w[2])) {
		size_t k;

		for (k = 0; k < LAK_ARRAY_SIZE(suffixes); k++)
			if (strcmp(w[1], suffixes[k]) == 0)
				break;
		if (k == LAK_ARRAY_SIZE(suffixes) || sums[k])
			return -1;
		sums[k] = true;
		if (check != NULL && !check(ctx, w[1], w[2]))
			*mismatch = true;
	} else {
		return -1;
	}
	return 0;
}

int
lak_result_parse(const char *data, size_t len, const char *name,
    const struct lak_grounds *cat,
    bool (*check)(void *ctx, const char *suffix, const char *hex),
    void *ctx, struct lak_result *out, struct lak_error *err)
{
	bool sums[LAK_ARRAY_SIZE(suffixes)] = { false };
	bool mismatch = false;
	size_t pos = 0, lineno = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t start = pos, end = nl ? (size_t)(nl - data) : len, nw = 0;
		char line[256], *w[5], *save = NULL, *t;
		int rc;

		lineno++;
		if (end - pos >= sizeof(line) || memchr(data + pos, '\0',
		    end - pos) != NULL) {
			lak_error_set(err, LAK_EFORMAT, "%s:%zu: damaged line",
			    name, lineno);
			goto fail;
		}
		memcpy(line, data + pos, end - pos);
		line[end - pos] = '\0';
		pos = end + 1;
		for (t = strtok_r(line, " ", &save); t != NULL && nw < 5;
		    t = strtok_r(NULL, " ", &save))
			w[nw++] = t;
		rc = nw == 0 || nw == 5 ? -1 : parse_line(w, nw, cat, check,
		    ctx, out, sums, &mismatch);
		if (rc == -2) {
			lak_error_oom(err);
			goto fail;
		}
		if (rc < 0) {
			lak_error_set(err, LAK_EFORMAT, "%s:%zu: damaged line "
			    "'%.*s'", name, lineno, (int)LAK_MIN(end - start, 40),
			    data + start);
			goto fail;
		}
	}
	if (mismatch) {
		lak_error_set(err, LAK_EFORMAT, "%s: a file of the result "
		    "changed", name);
		goto fail;
	}
	/* the PDF (unless withheld) and the plan at least */
	if (check != NULL && (!sums[1] || (!out->withheld && !sums[0]))) {
		lak_error_set(err, LAK_EFORMAT, "%s: files of the result are "
		    "not recorded", name);
		goto fail;
	}
	return 0;
fail:
	lak_result_release(out);
	return -1;
}

struct check_ctx {
	const char *work, *id;
	bool review;		/* the review data was named */
};

/* Whether WORK/IDSUFFIX still hashes to 'want'. */
static bool
file_matches(void *vctx, const char *suffix, const char *want)
{
	struct check_ctx *c = vctx;
	struct lak_error err = LAK_ERROR_INIT;
	char got[LAK_SHA256_HEX_LEN + 1];
	char *p = lak_path_join(c->work, c->id, suffix), *f = NULL;
	size_t flen = 0;
	bool ok = p != NULL && lak_file_read(p, LAK_MAX_OUTPUT_FILE, &f,
	    &flen, &err) == 0;

	if (ok) {
		lak_sha256_hex(f, flen, got);
		ok = strcmp(got, want) == 0;
	}
	c->review |= strcmp(suffix, ".review.json") == 0;
	free(f);
	free(p);
	return ok;
}

static bool
key_matches(const char *work, const char *id, const char *key)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *p = lak_path_join(work, id, ".key"), *k = NULL;
	size_t len = 0;
	bool ok = p != NULL && lak_file_read(p, 128, &k, &len, &err) == 0 &&
	    len == LAK_RESULT_KEY_LEN && memcmp(k, key, len) == 0;

	free(k);
	free(p);
	return ok;
}

int
lak_result_read(const char *work, const char *id, const char *key,
    bool review, const struct lak_grounds *cat, struct lak_result *out,
    struct lak_error *err)
{
	struct check_ctx c = { work, id, false };
	char *p = lak_path_join(work, id, ".stats"), *data = NULL;
	size_t len = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (p == NULL)
		return lak_error_oom(err);
	if (key != NULL && !key_matches(work, id, key)) {
		lak_error_set(err, LAK_ENOENT, "%s: no result of this key", id);
		goto out;
	}
	if (lak_file_read(p, LAK_MAX_TEXT_FILE, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: ", p);
		goto out;
	}
	if (lak_result_parse(data, len, p, cat, key ? file_matches : NULL, &c,
	    out, err) < 0)
		goto out;
	if (key != NULL && review && !c.review) {
		lak_result_release(out);
		lak_error_set(err, LAK_EFORMAT, "%s: the review data is not "
		    "recorded", p);
		goto out;
	}
	ret = 0;
out:
	free(data);
	free(p);
	return ret;
}

/* nftw() passes no context. */
static struct {
	bool (*mine)(void *ctx, const char *id);
	void *ctx;
} clean_filter;

/* The ID a temporary file in the work folder belongs to: review/ID/... or
 * ID.SUFFIX.tmp-XXXXXX; NULL when not a document's. */
static char *
temp_owner(const char *path, const struct FTW *ftw)
{
	const char *name = path + ftw->base, *t = strstr(name, ".tmp-");
	static const char *const all[] = { ".pdf", ".plan.csv", ".stats",
	    ".review.json", ".key", ".error" };

	if (ftw->level == 3 && ftw->base >= 2) {
		/* review/ID/FILE: the folder's name */
		const char *end = path + ftw->base - 1, *b = end;

		while (b > path && b[-1] != '/')
			b--;
		return strndup(b, (size_t)(end - b));
	}
	if (ftw->level != 1)
		return NULL;
	for (size_t i = 0; i < LAK_ARRAY_SIZE(all); i++) {
		size_t n = strlen(all[i]);

		if ((size_t)(t - name) > n && memcmp(t - n, all[i], n) == 0)
			return strndup(name, (size_t)(t - n - name));
	}
	return NULL;
}

static int
remove_temp(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	char *id;

	(void)st;
	if (flag != FTW_F || strstr(path + ftw->base, ".tmp-") == NULL)
		return 0;
	if (clean_filter.mine != NULL) {
		id = temp_owner(path, ftw);
		if (id == NULL || !clean_filter.mine(clean_filter.ctx, id)) {
			free(id);
			return 0;
		}
		free(id);
	}
	unlink(path);
	return 0;
}

void
lak_workdir_clean(const char *work, bool (*mine)(void *ctx, const char *id),
    void *ctx)
{
	clean_filter.mine = mine;
	clean_filter.ctx = ctx;
	nftw(work, remove_temp, 16, FTW_PHYS);
	clean_filter.mine = NULL;
	clean_filter.ctx = NULL;
}
