/*
 * The grounds catalogue (redaction-rules/grounds.txt).
 */
#include "lib/base/common.h"

#include <ctype.h>

#include "lib/base/buf.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/model/grounds.h"

const char *
lak_regime_str(enum lak_regime r)
{
	return r == LAK_REGIME_WOB ? "wob" : "woo";
}

static bool
ground_canon(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	const char *p = s;

	while (isspace((unsigned char)*p))
		p++;
	/* "art.", "art", "artikel" in front */
	if (strncasecmp(p, "artikel", 7) == 0)
		p += 7;
	else if (strncasecmp(p, "art", 3) == 0)
		p += 3;
	if (*p == '.')
		p++;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (isspace(c))
			continue;
		if (!isdigit(c) && c != '.' && !isalpha(c))
			return false;
		if (n + 2 >= size)
			return false;
		buf[n++] = (char)tolower(c);
	}
	buf[n] = '\0';
	if (n == 0 || !isdigit((unsigned char)buf[0]))
		return false;
	/* "5.1.2.e" -> "5.1.2e": no dot before the letter */
	if (n >= 2 && isalpha((unsigned char)buf[n - 1]) && buf[n - 2] == '.') {
		buf[n - 2] = buf[n - 1];
		buf[--n] = '\0';
	}
	/* letters only at the end, dots not doubled or trailing */
	for (size_t i = 0; i < n; i++) {
		if (isalpha((unsigned char)buf[i]) && i != n - 1)
			return false;
		if (buf[i] == '.' && (i + 1 == n || buf[i + 1] == '.'))
			return false;
	}
	return true;
}

long
lak_grounds_find(const struct lak_grounds *cat, const char *spelling)
{
	char c[32], c1[40];

	if (!ground_canon(spelling, c, sizeof(c)))
		return -1;
	/* "11" means 11.1 and "5.2" means 5.2.1: the first paragraph */
	snprintf(c1, sizeof(c1), "%s.1", c);
	for (size_t i = 0; i < cat->n; i++)
		if (strcmp(cat->g[i].code, c) == 0)
			return (long)i;
	for (size_t i = 0; i < cat->n; i++)
		if (strcmp(cat->g[i].code, c1) == 0)
			return (long)i;
	return -1;
}

long
lak_grounds_in(const struct lak_grounds *cat, long i, enum lak_regime r)
{
	if (i < 0 || (size_t)i >= cat->n)
		return -1;
	return cat->g[i].regime == r ? i : cat->g[i].other;
}

void
lak_grounds_free(struct lak_grounds *cat)
{
	if (cat == NULL)
		return;
	for (size_t i = 0; i < cat->n; i++) {
		free(cat->g[i].code);
		free(cat->g[i].type);
		free(cat->g[i].label);
	}
	free(cat->g);
	free(cat);
}

/* Next blank-separated word of 'line' from *pos; NULL at the end. */
static char *
word(const char *line, size_t len, size_t *pos, size_t *col)
{
	size_t a = *pos, b;

	while (a < len && (line[a] == ' ' || line[a] == '\t'))
		a++;
	if (a >= len)
		return NULL;
	for (b = a; b < len && line[b] != ' ' && line[b] != '\t'; b++)
		;
	*col = a + 1;
	*pos = b;
	return strndup(line + a, b - a);
}

int
lak_grounds_parse(const char *data, size_t len, const char *name,
    struct lak_grounds **out, struct lak_error *err)
{
	struct lak_grounds *cat = calloc(1, sizeof(*cat));
	char **others = NULL;
	size_t alloc = 0, oalloc = 0, lineno = 0, off = 0;
	int ret = -1;

	*out = NULL;
	if (cat == NULL)
		return lak_error_oom(err);
	while (off < len) {
		const char *line = data + off;
		size_t ll = 0, pos = 0, col = 1;
		char *f[4] = { NULL, NULL, NULL, NULL }, canon[32];
		struct lak_ground *g;
		int k;

		while (off + ll < len && data[off + ll] != '\n')
			ll++;
		off += ll + 1;
		lineno++;
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		{
			size_t s = 0;

			while (s < ll && (line[s] == ' ' || line[s] == '\t'))
				s++;
			if (s == ll || line[s] == '#')
				continue;
		}
		for (k = 0; k < 4; k++) {
			size_t c = 0;

			if ((f[k] = word(line, ll, &pos, &c)) == NULL)
				break;
			col = c;
		}
		while (pos < ll && (line[pos] == ' ' || line[pos] == '\t'))
			pos++;
		if (k < 4 || pos >= ll) {
			lak_error_set(err, LAK_EFORMAT, "%s:%zu:%zu: expected "
			    "code, regime, type, counterpart and label", name,
			    lineno, k < 4 ? col : pos + 1);
			goto line_fail;
		}
		if (!ground_canon(f[0], canon, sizeof(canon)) ||
		    strcmp(canon, f[0]) != 0) {
			lak_error_set(err, LAK_EFORMAT, "%s:%zu:1: '%s' is not "
			    "a ground code in canonical form", name, lineno,
			    f[0]);
			goto line_fail;
		}
		if (strcmp(f[1], "woo") != 0 && strcmp(f[1], "wob") != 0) {
			lak_error_set(err, LAK_EFORMAT, "%s:%zu: expected "
			    "regime woo or wob, got '%s'", name, lineno, f[1]);
			goto line_fail;
		}
		if (lak_grounds_find(cat, f[0]) >= 0 &&
		    strcmp(cat->g[lak_grounds_find(cat, f[0])].code,
		    f[0]) == 0) {
			lak_error_set(err, LAK_EFORMAT, "%s:%zu:1: ground %s "
			    "listed twice", name, lineno, f[0]);
			goto line_fail;
		}
		if (lak_array_grow((void **)&cat->g, &alloc, cat->n,
		    sizeof(*cat->g)) < 0 || lak_array_grow((void **)&others,
		    &oalloc, cat->n, sizeof(*others)) < 0) {
			lak_error_oom(err);
			goto line_fail;
		}
		g = &cat->g[cat->n];
		g->code = f[0];
		g->regime = strcmp(f[1], "wob") == 0 ? LAK_REGIME_WOB :
		    LAK_REGIME_WOO;
		g->type = f[2];
		g->label = strndup(line + pos, ll - pos);
		g->other = -1;
		others[cat->n] = f[3];
		cat->n++;
		free(f[1]);
		if (g->label == NULL) {
			lak_error_oom(err);
			goto out;
		}
		continue;
line_fail:
		for (k = 0; k < 4; k++)
			free(f[k]);
		goto out;
	}
	/* Counterparts: must exist, be of the other regime, and point back
	 * where the other side names one. */
	for (size_t i = 0; i < cat->n; i++) {
		long o;

		if (strcmp(others[i], "-") == 0)
			continue;
		o = lak_grounds_find(cat, others[i]);
		if (o < 0 || cat->g[o].regime == cat->g[i].regime) {
			lak_error_set(err, LAK_EFORMAT, "%s: ground %s: "
			    "counterpart '%s' is not a ground of the other "
			    "regime", name, cat->g[i].code, others[i]);
			goto out;
		}
		cat->g[i].other = o;
	}
	if (cat->n == 0) {
		lak_error_set(err, LAK_EFORMAT, "%s: no grounds", name);
		goto out;
	}
	*out = cat;
	cat = NULL;
	ret = 0;
out:
	if (others != NULL) {
		size_t n = cat != NULL ? cat->n : (*out)->n;

		for (size_t i = 0; i < n; i++)
			free(others[i]);
		free(others);
	}
	lak_grounds_free(cat);
	return ret;
}

int
lak_grounds_load(const char *path, struct lak_grounds **out,
    struct lak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	if (lak_file_read(path, LAK_MAX_TEXT_FILE, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: ", path);
		return -1;
	}
	ret = lak_grounds_parse(data, len, path, out, err);
	free(data);
	return ret;
}
