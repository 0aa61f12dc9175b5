/*
 * Verification of a whole release (a folder or its ZIP archive): the
 * manifest validates and lists exactly the files there are, with their
 * sizes and SHA-256; every DiWoo file validates; every released document
 * passes lak_verify_pdf() with the page count the manifest gives; no rule
 * matches in the release's other files (decision letter, inventory list,
 * metadata, manifest).
 */
#include "lib/base/common.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <minizip/unzip.h>

#include "lib/base/digest.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/pdf/verify.h"
#include "lib/redact/plan.h"
#include "lib/redact/rules.h"
#include "lib/release/package.h"
#include "lib/release/release.h"
#include "lib/release/request.h"
#include "lib/release/xlsx.h"

#define MAX_FILE ((size_t)2 << 30)
#define MAX_FILES 100000

struct entry {
	char *name;		/* relative to the release's root */
	char *data;
	size_t len;
	bool listed;
};

struct entries {
	struct entry *e;
	size_t n, alloc;
};

static void
entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++) {
		free(es->e[i].name);
		free(es->e[i].data);
	}
	free(es->e);
}

static int
add_entry(struct entries *es, const char *name, char *data, size_t len,
    struct lak_error *err)
{
	if (es->n >= MAX_FILES) {
		free(data);
		return lak_error_set(err, LAK_ELIMIT, "more than %d files",
		    MAX_FILES);
	}
	if (lak_array_grow((void **)&es->e, &es->alloc, es->n,
	    sizeof(*es->e)) < 0 || (es->e[es->n].name = strdup(name)) ==
	    NULL) {
		free(data);
		return lak_error_oom(err);
	}
	es->e[es->n].data = data;
	es->e[es->n].len = len;
	es->e[es->n].listed = false;
	es->n++;
	return 0;
}

static int
read_dir(const char *root, const char *rel, int depth, struct entries *es,
    struct lak_error *err)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	int ret = 0;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (depth > 8)
		return lak_error_set(err, LAK_ELIMIT, "%s: nested too deep",
		    path);
	if ((d = opendir(path)) == NULL)
		return lak_error_set(err, LAK_EIO, "%s: %s", path,
		    strerror(errno));
	while (ret == 0 && (de = readdir(d)) != NULL) {
		char r[4096], p[8192];
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") ==
		    0)
			continue;
		snprintf(r, sizeof(r), "%s%s%s", rel, *rel ? "/" : "",
		    de->d_name);
		snprintf(p, sizeof(p), "%s/%s", root, r);
		if (lstat(p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			ret = read_dir(root, r, depth + 1, es, err);
		} else {
			char *data = NULL;
			size_t len = 0;

			if (!S_ISREG(st.st_mode))
				ret = add_entry(es, r, NULL, 0, err);
			else if (lak_file_read(p, MAX_FILE, &data, &len,
			    err) < 0) {
				lak_error_prefix(err, "%s: ", p);
				ret = -1;
			} else {
				ret = add_entry(es, r, data, len, err);
			}
		}
	}
	closedir(d);
	return ret;
}

/* A ZIP's entries under its one top folder (DOSSIER/...). */
static int
read_zip(const char *path, struct entries *es, struct lak_error *err)
{
	unzFile z = unzOpen64(path);
	char top[512] = "";
	size_t total = 0;
	int r, ret = -1;

	if (z == NULL)
		return lak_error_set(err, LAK_EFORMAT, "%s: not a ZIP archive",
		    path);
	for (r = unzGoToFirstFile(z); r == UNZ_OK; r = unzGoToNextFile(z)) {
		unz_file_info64 info;
		char name[1024], *data, *slash;
		int n;

		if (unzGetCurrentFileInfo64(z, &info, name, sizeof(name), NULL,
		    0, NULL, 0) != UNZ_OK) {
			lak_error_set(err, LAK_EFORMAT, "%s: damaged", path);
			goto out;
		}
		slash = strchr(name, '/');
		if (slash == NULL || slash == name || strstr(name, "..") ||
		    (*top && strncmp(name, top, strlen(top)) != 0)) {
			lak_error_set(err, LAK_EFORMAT, "%s: entry '%s' is not "
			    "under the release's one folder", path, name);
			goto out;
		}
		if (!*top)
			snprintf(top, sizeof(top), "%.*s/", (int)(slash - name),
			    name);
		if (name[strlen(name) - 1] == '/')
			continue;
		total += info.uncompressed_size;
		if (info.uncompressed_size > MAX_FILE || total > 4 * MAX_FILE) {
			lak_error_set(err, LAK_ELIMIT, "%s: %s unpacks to more "
			    "than the limit", path, name);
			goto out;
		}
		if (unzOpenCurrentFile(z) != UNZ_OK ||
		    (data = malloc((size_t)info.uncompressed_size + 1)) ==
		    NULL) {
			lak_error_set(err, LAK_EFORMAT, "%s: cannot read %s",
			    path, name);
			goto out;
		}
		n = unzReadCurrentFile(z, data, (unsigned)
		    info.uncompressed_size);
		if (unzCloseCurrentFile(z) != UNZ_OK || n < 0 ||
		    (uint64_t)n != info.uncompressed_size) {
			free(data);
			lak_error_set(err, LAK_EFORMAT, "%s: %s is damaged "
			    "(CRC or size)", path, name);
			goto out;
		}
		data[n] = '\0';
		if (add_entry(es, name + strlen(top), data, (size_t)n, err) < 0)
			goto out;
	}
	ret = 0;
out:
	unzClose(z);
	return ret;
}

static struct entry *
find(struct entries *es, const char *name)
{
	for (size_t i = 0; i < es->n; i++)
		if (strcmp(es->e[i].name, name) == 0)
			return &es->e[i];
	return NULL;
}

static char *
prop(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/*
 * The rules given are the ones the release was made with: every rule and
 * terms file in the manifest is among them with the same HMAC, and no
 * other was given.
 */
/* The built-in rule file 'name' is the one the release was made with. */
static bool
builtin_matches(const struct lak_release_check *o, const char *name,
    const char *hmac)
{
	struct lak_error e = LAK_ERROR_INIT;
	char *p, *data = NULL, hex[LAK_SHA256_HEX_LEN + 1], h[65];
	size_t len = 0;
	bool ok;

	if (o->builtin_rules == NULL || hmac == NULL || strchr(name, '/') ||
	    (p = lak_path_join(o->builtin_rules, name, "")) == NULL)
		return false;
	ok = lak_file_read(p, LAK_MAX_TEXT_FILE, &data, &len, &e) == 0;
	free(p);
	if (!ok)
		return false;
	/* the digest the manifest keys: the file's SHA-256 (rules.c) */
	lak_sha256_hex(data, len, hex);
	free(data);
	lak_hmac_sha256_hex(o->key, o->keylen, hex, 64, h);
	return strcmp(h, hmac) == 0;
}

static void
check_rules(const xmlNode *sec, const struct lak_release_check *o,
    struct lak_findings *out)
{
	const struct lak_ruleset *rs = o->pdf.rs;
	size_t ns = lak_rules_nsources(rs);
	bool *seen = calloc(ns + 1, sizeof(*seen));

	if (seen == NULL)
		return;
	for (const xmlNode *n = sec->children; n; n = n->next) {
		char *name, *hmac;
		bool found = false;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		name = prop(n, "name");
		hmac = prop(n, "hmac-sha256");
		for (size_t i = 0; name && hmac && i < ns; i++) {
			const struct lak_rule_source *src =
			    lak_rules_source(rs, i);
			char h[65];

			if (seen[i] || strcmp(lak_path_basename(src->path),
			    name) != 0)
				continue;
			seen[i] = found = true;
			lak_hmac_sha256_hex(o->key, o->keylen, src->sha256, 64,
			    h);
			if (strcmp(h, hmac) != 0)
				lak_findings_add(out, 0, "rules", "%s is not the "
				    "file the release was made with", src->path);
			break;
		}
		if (!found && name && !builtin_matches(o, name, hmac))
			lak_findings_add(out, 0, "rules", "%s was used for the "
			    "release but is not among the rules given", name);
		xmlFree(name);
		xmlFree(hmac);
	}
	for (size_t i = 0; i < ns; i++)
		if (!seen[i])
			lak_findings_add(out, 0, "rules", "%s was not used for "
			    "the release", lak_rules_source(rs, i)->path);
	free(seen);
}

/*
 * lakwerk's own texts in the release (decision letter, inventory,
 * metadata, manifest) pass the rules too; a workbook (the
 * productierapport) is read as the CSV of its sheet, by lakwerk's reader.
 */
static int
verify_own_text(const struct entry *e, const char *name,
    const struct lak_release_check *o, struct lak_findings *out,
    struct lak_error *err)
{
	struct lak_buf csv;
	struct lak_error xerr = LAK_ERROR_INIT;
	int ret;

	if (!lak_path_has_ext(name, ".xlsx"))
		return lak_verify_text_file(e->data, e->len, name, &o->pdf,
		    out, err);
	lak_buf_init(&csv, 0);
	if (lak_xlsx_to_csv_mem(e->data, e->len, &csv, &xerr) < 0)
		ret = lak_findings_add(out, 0, "structure", "%s does not open: "
		    "%s", name, xerr.msg) < 0 ? lak_error_oom(err) : 0;
	else
		ret = lak_verify_text_file(csv.data, csv.len, name, &o->pdf,
		    out, err);
	lak_buf_release(&csv);
	return ret;
}

int
lak_verify_release(const char *path, const struct lak_release_check *o,
    struct lak_findings *out, struct lak_error *err)
{
	struct entries es = { NULL, 0, 0 };
	struct entry *me;
	xmlDocPtr doc = NULL;
	const xmlNode *root, *sec, *n;
	struct stat st;
	int ret = -1;

	if (stat(path, &st) < 0)
		return lak_error_set(err, LAK_ENOENT, "%s: %s", path,
		    strerror(errno));
	if ((S_ISDIR(st.st_mode) ? read_dir(path, "", 0, &es, err) :
	    read_zip(path, &es, err)) < 0)
		goto out;
	if ((me = find(&es, "manifest.xml")) == NULL) {
		lak_findings_add(out, 0, "manifest", "no manifest.xml");
		ret = 0;
		goto out;
	}
	me->listed = true;
	{
		struct lak_error verr = LAK_ERROR_INIT;

		if (lak_schema_validate(o->manifest_schema, me->data, me->len,
		    "manifest.xml", &verr) < 0) {
			lak_findings_add(out, 0, "manifest", "%s", verr.msg);
			ret = 0;
			goto out;
		}
	}
	doc = xmlReadMemory(me->data, (int)me->len, "manifest.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOBLANKS);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		lak_findings_add(out, 0, "manifest", "cannot parse manifest.xml");
		ret = 0;
		goto out;
	}
	for (sec = root->children; sec; sec = sec->next)
		if (sec->type == XML_ELEMENT_NODE && strcmp((const char *)
		    sec->name, "rules") == 0 && o->key != NULL &&
		    o->pdf.rs != NULL)
			check_rules(sec, o, out);
	for (sec = root->children; sec; sec = sec->next) {
		bool files = sec->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)sec->name, "files") == 0;
		bool docs = sec->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)sec->name, "documents") == 0;

		for (n = files || docs ? sec->children : NULL; n;
		    n = n->next) {
			char *name = prop(n, files ? "name" : "file");
			char *size = files ? prop(n, "size") : NULL;
			char *sha = files ? prop(n, "sha256") : NULL;
			char *pages = docs ? prop(n, "pages") : NULL;
			struct entry *e = name ? find(&es, name) : NULL;
			char hex[65];

			if (n->type != XML_ELEMENT_NODE || name == NULL)
				goto next;
			if (e == NULL) {
				lak_findings_add(out, 0, "manifest", "%s is listed but "
				    "missing", name);
				goto next;
			}
			if (files) {
				e->listed = true;
				lak_sha256_hex(e->data, e->len, hex);
				if (strtoull(size, NULL, 10) != e->len)
					lak_findings_add(out, 0, "checksum", "%s: %zu "
					    "bytes, the manifest says %s", name,
					    e->len, size);
				else if (strcmp(hex, sha) != 0)
					lak_findings_add(out, 0, "checksum", "%s: its "
					    "SHA-256 is not the manifest's",
					    name);
				/* our own texts (decision letter, inventory,
				 * metadata) pass the rules too */
				if (strncmp(name, "documenten/", 11) != 0 &&
				    o->pdf.rs != NULL && verify_own_text(e, name,
				    o, out, err) < 0)
					goto out;
				if (strncmp(name, "metadata/", 9) == 0) {
					struct lak_error verr = LAK_ERROR_INIT;

					if (lak_schema_validate(o->diwoo_schema,
					    e->data, e->len, name, &verr) < 0)
						lak_findings_add(out, 0, "metadata",
						    "%s", verr.msg);
				}
			} else {
				/* a released document: the leak check */
				struct lak_verify_opts vo = o->pdf;
				size_t before = out->n;
				char *id = prop(n, "id");

				/* the rules scoped to the document's ID
				 * apply (its source's file name is not in the
				 * release) */
				vo.doc_id = id;
				/* a reviewed plan's decisions on it */
				for (size_t k = 0; id != NULL && k < o->nplans;
				    k++) {
					const struct lak_release_doc_plan *dp =
					    &o->plans[k];

					if (strcmp(dp->id, id) != 0)
						continue;
					vo.secrets = (const char *const *)
					    dp->secrets;
					vo.nsecrets = dp->nsecrets;
					vo.kept = (const char *const *)dp->kept;
					vo.nkept = dp->nkept;
					vo.areas = dp->areas;
					vo.nareas = dp->nareas;
				}

				vo.expect_pages = pages ? (unsigned)strtoul(
				    pages, NULL, 10) : 0;
				if (lak_verify_pdf(e->data, e->len, &vo, out,
				    err) < 0) {
					xmlFree(id);
					goto out;
				}
				xmlFree(id);
				/* "documenten/ID.pdf: what" */
				lak_findings_prefix(out, before, name);
			}
next:
			xmlFree(name);
			xmlFree(size);
			xmlFree(sha);
			xmlFree(pages);
		}
	}
	for (size_t i = 0; i < es.n; i++)
		if (!es.e[i].listed)
			lak_findings_add(out, 0, "manifest", "%s is in the release but "
			    "not in the manifest", es.e[i].name);
	ret = 0;
out:
	xmlFreeDoc(doc);
	entries_release(&es);
	return ret;
}

void
lak_release_plans_free(struct lak_release_doc_plan *p, size_t n)
{
	for (size_t i = 0; p != NULL && i < n; i++) {
		free(p[i].id);
		lak_texts_free(p[i].secrets, p[i].nsecrets);
		lak_texts_free(p[i].kept, p[i].nkept);
		free(p[i].areas);
	}
	free(p);
}

int
lak_release_plans_load(const char *dir, const struct lak_grounds *cat,
    const char *plan, size_t planlen, const char *plan_name,
    const char *password, struct lak_release_doc_plan **out, size_t *n,
    struct lak_error *err)
{
	struct lak_request *req = NULL;
	struct lak_release_doc_plan *ps = NULL;
	size_t np = 0;
	int ret = -1;

	*out = NULL;
	*n = 0;
	if (lak_request_load(dir, cat, &req, err) < 0)
		return -1;
	if ((ps = calloc(req->inv->n + 1, sizeof(*ps))) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < req->inv->n; i++) {
		struct lak_ingest_opts io = LAK_INGEST_OPTS_INIT;
		struct lak_release_doc_plan *dp = &ps[np];
		struct lak_doc *doc = NULL;
		struct lak_view *v = NULL;
		struct lak_plan *pl = NULL;
		int r;

		if (req->docs[i] == NULL)
			continue;	/* no file: nothing released */
		io.password = password;
		r = lak_ingest_file(req->docs[i], &io, &doc, err) < 0 ||
		    lak_normalise(doc, 0, &v, err) < 0 ||
		    lak_plan_read_csv(plan, planlen, plan_name, doc, v, cat,
		    &pl, err) < 0 ? -1 : 0;
		if (r == 0 && (dp->id = strdup(req->inv->rows[i].id)) == NULL)
			r = lak_error_oom(err);
		if (r == 0 && (lak_plan_texts(pl, doc, v, LAK_DECISION_REDACT,
		    &dp->secrets, &dp->nsecrets, err) < 0 ||
		    lak_plan_texts(pl, doc, v, LAK_DECISION_KEEP, &dp->kept,
		    &dp->nkept, err) < 0))
			r = -1;
		if (r == 0 && lak_verify_plan_areas(pl, &dp->areas,
		    &dp->nareas) < 0)
			r = lak_error_oom(err);
		if (r < 0 && doc != NULL)
			lak_error_prefix(err, "%s: ", req->docs[i]);
		lak_plan_free(pl);
		lak_view_free(v);
		lak_doc_free(doc);
		np++;
		if (r < 0)
			goto out;
	}
	*out = ps;
	*n = np;
	ps = NULL;
	ret = 0;
out:
	lak_release_plans_free(ps, np);
	lak_request_free(req);
	return ret;
}
