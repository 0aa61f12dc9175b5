/*
 * A Woo request directory (see request.h).
 */
#include "lib/base/common.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include <glib.h>

#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/release/package.h"
#include "lib/release/request.h"
#include "lib/render/source.h"

static const char *const inventory_names[] = {
	"inventaris.csv", "inventaris.xlsx", "inventarislijst.csv",
	"inventarislijst.xlsx", "inventory.csv", "inventory.xlsx",
};

int
lak_safe_name(const char *s)
{
	size_t n = 0;

	if (s == NULL || *s == '.' || *s == '\0')
		return 0;
	for (; s[n]; n++)
		if (!g_ascii_isalnum(s[n]) && s[n] != '.' && s[n] != '_' &&
		    s[n] != '-')
			return 0;
	return n <= 100;
}

void
lak_request_free(struct lak_request *req)
{
	if (req == NULL)
		return;
	if (req->inv != NULL && req->docs != NULL)
		for (size_t i = 0; i < req->inv->n; i++)
			free(req->docs[i]);
	free(req->docs);
	lak_inventory_free(req->inv);
	for (size_t i = 0; i < req->nrules; i++)
		free(req->rules[i]);
	free(req->rules);
	lak_value_free(req->data);
	free(req->inventory_path);
	free(req->request_path);
	free(req->dir);
	free(req);
}

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files in 'dir' (not hidden), sorted; NULL-terminated. */
static char **
list_dir(const char *dir, size_t *n, struct lak_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	if (d == NULL) {
		lak_error_set(err, errno == ENOENT ? LAK_ENOENT : LAK_EIO,
		    "%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = g_build_filename(dir, e->d_name, NULL);
		if (!is_file(p)) {
			g_free(p);
			continue;
		}
		g_free(p);
		if (lak_array_grow((void **)&v, &alloc, *n + 1,
		    sizeof(*v)) < 0 || (v[*n] = strdup(e->d_name)) == NULL) {
			closedir(d);
			for (size_t i = 0; i < *n; i++)
				free(v[i]);
			free(v);
			lak_error_oom(err);
			return NULL;
		}
		v[++*n] = NULL;
	}
	closedir(d);
	if (v == NULL && (v = calloc(1, sizeof(*v))) == NULL) {
		lak_error_oom(err);
		return NULL;
	}
	qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static char *
join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s", a, b);
	return p;
}

static const char *
field(const struct lak_value *v, const char *key)
{
	const struct lak_value *x = lak_value_get(v, key);

	return x != NULL && x->type == LAK_V_STRING && x->str[0] ? x->str :
	    NULL;
}

/* request.txt: a besluit source whose Grond and Documenten lines are left
 * to lakwerk run, with the fields a release needs. */
static int
load_request_txt(struct lak_request *req, struct lak_error *err)
{
	static const char *const required[][2] = {
		{ "dossier", "Dossier" }, { "onderwerp", "Onderwerp" },
		{ "besluitdatum_iso", "Besluitdatum" },
		{ "organisatie", "Organisatie" }, { "besluit", "Besluit" },
		{ "ondertekenaar", "Ondertekenaar" },
	};
	char *data = NULL;
	size_t len = 0;

	if ((req->request_path = join(req->dir, "request.txt")) == NULL)
		return lak_error_oom(err);
	if (lak_file_read(req->request_path, LAK_MAX_TEXT_FILE, &data, &len,
	    err) < 0) {
		lak_error_prefix(err, "%s: ", req->request_path);
		return -1;
	}
	if (lak_source_parse(data, len, req->request_path,
	    LAK_SOURCE_BESLUIT, 0, &req->data, err) < 0) {
		free(data);
		return -1;
	}
	/* The lines lakwerk writes itself: name the first one. */
	for (size_t line = 1, i = 0; i < len; line++) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - data) : len;

		if (e == i)
			break;		/* the end of the header */
		if (g_ascii_strncasecmp(data + i, "Grond:", 6) == 0 ||
		    g_ascii_strncasecmp(data + i, "Documenten:", 11) == 0) {
			free(data);
			return lak_error_set(err, LAK_EFORMAT, "%s:%zu:1: "
			    "'Grond' and 'Documenten' lines are written by "
			    "lakwerk run from the plans and the inventory; "
			    "leave them out", req->request_path, line);
		}
		i = e + 1;
	}
	free(data);
	for (size_t i = 0; i < LAK_ARRAY_SIZE(required); i++)
		if (field(req->data, required[i][0]) == NULL)
			return lak_error_set(err, LAK_EFORMAT, "%s: the "
			    "header has no '%s:' line (a release needs it)",
			    req->request_path, required[i][1]);
	req->dossier = field(req->data, "dossier");
	req->onderwerp = field(req->data, "onderwerp");
	req->besluitdatum_iso = field(req->data, "besluitdatum_iso");
	req->organisatie = field(req->data, "organisatie");
	req->ministerie = field(req->data, "ministerie");
	req->regime = field(req->data, "regime");
	if (req->regime == NULL)
		req->regime = "woo";
	if (!lak_safe_name(req->dossier))
		return lak_error_set(err, LAK_EFORMAT, "%s: Dossier '%s' "
		    "names the release's folder and archive: use letters, "
		    "digits, '.', '_' and '-' only", req->request_path,
		    req->dossier);
	return 0;
}

static int
find_inventory(struct lak_request *req, struct lak_error *err)
{
	for (size_t i = 0; i < LAK_ARRAY_SIZE(inventory_names); i++) {
		char *p = join(req->dir, inventory_names[i]);

		if (p == NULL)
			return lak_error_oom(err);
		if (!is_file(p)) {
			free(p);
			continue;
		}
		if (req->inventory_path != NULL) {
			lak_error_set(err, LAK_EFORMAT, "%s: two inventories, "
			    "%s and %s: keep one", req->dir,
			    lak_path_basename(req->inventory_path),
			    inventory_names[i]);
			free(p);
			return -1;
		}
		req->inventory_path = p;
	}
	if (req->inventory_path == NULL)
		return lak_error_set(err, LAK_ENOENT, "%s: no inventory "
		    "(inventaris.csv or inventaris.xlsx)", req->dir);
	return 0;
}

static int
find_rules(struct lak_request *req, struct lak_error *err)
{
	char *dir = join(req->dir, "rules");
	char **names;
	size_t n;
	int ret = -1;

	if (dir == NULL)
		return lak_error_oom(err);
	if ((names = list_dir(dir, &n, err)) == NULL) {
		lak_error_prefix(err, "rule files: ");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		char **r;

		if (l < 7 || strcmp(names[i] + l - 6, ".rules") != 0)
			continue;	/* terms files and notes */
		r = realloc(req->rules, (req->nrules + 1) * sizeof(*r));
		if (r == NULL)
			goto oom;
		req->rules = r;
		if ((r[req->nrules] = join(dir, names[i])) == NULL)
			goto oom;
		req->nrules++;
	}
	if (req->nrules == 0) {
		lak_error_set(err, LAK_ENOENT, "%s: no rule files (*.rules)",
		    dir);
		goto out;
	}
	ret = 0;
	goto out;
oom:
	lak_error_oom(err);
out:
	free_list(names, n);
	free(dir);
	return ret;
}

static bool
same_name(const char *a, const char *b)
{
	char *na, *nb;
	bool same;

	if (strcmp(a, b) == 0)
		return true;
	na = g_utf8_normalize(a, -1, G_NORMALIZE_NFC);
	nb = g_utf8_normalize(b, -1, G_NORMALIZE_NFC);
	same = na != NULL && nb != NULL && strcmp(na, nb) == 0;
	g_free(na);
	g_free(nb);
	return same;
}

/* Every file the inventory names is in documenten/, every file there is
 * named once. */
static int
match_documents(struct lak_request *req, struct lak_error *err)
{
	const struct lak_inventory *inv = req->inv;
	char *dir = join(req->dir, "documenten");
	char **names = NULL;
	bool *used = NULL;
	size_t n = 0;
	int ret = -1;

	if (dir == NULL || (req->docs = calloc(inv->n + 1,
	    sizeof(*req->docs))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if ((names = list_dir(dir, &n, err)) == NULL)
		goto out;
	if ((used = calloc(n + 1, sizeof(*used))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t r = 0; r < inv->n; r++) {
		const struct lak_inv_row *row = &inv->rows[r];
		const char *f = row->file;
		size_t k;

		if (!lak_safe_name(row->id)) {
			lak_error_set(err, LAK_EFORMAT, "%s:row %zu: ID '%s' "
			    "names the document's files in the release: use "
			    "letters, digits, '.', '_' and '-' only",
			    req->inventory_path, row->row, row->id);
			goto out;
		}
		if (f == NULL || *f == '\0') {
			if (row->judgement == LAK_JUDGE_OPENBAAR ||
			    row->judgement == LAK_JUDGE_DEELS) {
				lak_error_set(err, LAK_EFORMAT, "%s:row %zu: "
				    "document %s is to be released (%s) but "
				    "names no file", req->inventory_path,
				    row->row, row->id,
				    lak_judgement_str(row->judgement));
				goto out;
			}
			continue;
		}
		/* compared in Unicode NFC: a folder zipped on a Mac has
		 * decomposed names (e + U+0301) where the inventory has é */
		for (k = 0; k < n && !same_name(names[k], f); k++)
			;
		if (k == n) {
			lak_error_set(err, LAK_ENOENT, "%s:row %zu: file '%s' "
			    "of document %s is not in %s",
			    req->inventory_path, row->row, f, row->id, dir);
			goto out;
		}
		if (used[k]) {
			lak_error_set(err, LAK_EFORMAT, "%s:row %zu: file '%s' "
			    "is listed twice", req->inventory_path, row->row,
			    f);
			goto out;
		}
		used[k] = true;
		if ((req->docs[r] = join(dir, names[k])) == NULL) {
			lak_error_oom(err);
			goto out;
		}
	}
	for (size_t k = 0; k < n; k++)
		if (!used[k]) {
			lak_error_set(err, LAK_EFORMAT, "%s/%s: not in the "
			    "inventory %s (add a row, or move the file out)",
			    dir, names[k], req->inventory_path);
			goto out;
		}
	ret = 0;
out:
	free(used);
	free_list(names, n);
	free(dir);
	return ret;
}

int
lak_request_load(const char *dir, const struct lak_grounds *cat,
    struct lak_request **out, struct lak_error *err)
{
	struct lak_request *req = calloc(1, sizeof(*req));

	*out = NULL;
	if (req == NULL || (req->dir = strdup(dir)) == NULL) {
		free(req);
		return lak_error_oom(err);
	}
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		lak_error_set(err, LAK_ENOENT, "%s: not a request directory",
		    dir);
		goto fail;
	}
	if (load_request_txt(req, err) < 0 || find_inventory(req, err) < 0 ||
	    lak_inventory_load(req->inventory_path, cat, &req->inv, err) < 0 ||
	    find_rules(req, err) < 0 || match_documents(req, err) < 0)
		goto fail;
	if (req->inv->n == 0) {
		lak_error_set(err, LAK_EFORMAT, "%s: no documents",
		    req->inventory_path);
		goto fail;
	}
	*out = req;
	return 0;
fail:
	lak_request_free(req);
	return -1;
}

int
lak_request_publisher(const struct lak_request *req, const char *datadir,
    char **uri, char **label, struct lak_error *err)
{
	char *lists = lak_path_join(datadir, "schemas/diwoo/"
	    "diwoo-metadata-lijsten.xsd", "");
	char *u = NULL, *l = NULL;
	int rc;

	if (lists == NULL)
		return lak_error_oom(err);
	rc = lak_tooi_organisation(lists, req->organisatie, req->ministerie,
	    &u, &l, err);
	free(lists);
	if (rc < 0) {
		lak_error_prefix(err, "%s: Organisatie: ", req->request_path);
		return -1;
	}
	if (uri != NULL)
		*uri = u;
	else
		free(u);
	if (label != NULL)
		*label = l;
	else
		free(l);
	return 0;
}
