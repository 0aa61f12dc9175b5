/*
 * Run stage: a whole request (see run.h).
 */
#include "lib/base/common.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "lib/base/buf.h"
#include "lib/base/clock.h"
#include "lib/base/csv.h"
#include "lib/base/digest.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/base/stage.h"
#include "lib/model/grounds.h"
#include "lib/redact/rules.h"
#include "lib/release/release.h"
#include "lib/release/request.h"
#include "lib/review/review.h"
#include "lib/run/pool.h"
#include "lib/run/process.h"
#include "lib/run/run.h"

struct shard_report;

struct lak_run {
	struct lak_run_opts o;
	struct lak_grounds *cat;
	struct lak_request *req;
	struct lak_ruleset *rs;
	char *work;			/* --work, or OUTDIR/.lakwerk-work */
	char *report;			/* a shard's report in it */
	struct shard_report *reports;	/* package: the shards' reports */
	size_t nreports;
	double report_at;		/* when it was last written */
	char *plan_all;			/* --plan FILE: its bytes */
	size_t plan_all_len;
	char setup_key[LAK_SHA256_HEX_LEN + 1];
	char *key;			/* of the rule digests (audit.key) */
	size_t keylen;
	char *new_key;			/* its path, when made now */
	struct lak_run_doc *docs;
	char (*keys)[LAK_RESULT_KEY_LEN + 1];	/* per document */
	/* Of the documents to release, in the order of their IDs' SHA-256:
	 * the place of each (SIZE_MAX for the others); shard I of N does
	 * places I, I + N, I + 2N ... */
	size_t *place;
	const char **mine;		/* this shard's IDs, sorted */
	size_t nmine;
	size_t ndocs;
	size_t ended, total, pages;	/* progress of lak_run_process() */
	size_t failed;
	size_t inv_passages;		/* redacted in the inventory's texts */
	/* Per inventory row: the row of the e-mail it is an attachment of
	 * + 1 (0 for a row of the inventory's own), and which attachment
	 * (1-based). Such rows are made by the run (expand_families). */
	struct member {
		size_t parent, part;
	} *member;
	size_t member_alloc;
};

/* Whether row 'i' is an attachment the run listed. */
static bool
is_member(const struct lak_run *r, size_t i)
{
	return r->member != NULL && r->member[i].parent != 0;
}

static void
set_failed(struct lak_run_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_failed(struct lak_run_doc *d, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(d->why);
	d->why = strdup(msg);
	d->failed = true;
	d->done = false;
}

/* --- opening ------------------------------------------------------------ */

/* Everything of a result's key but the document: version, options, rules,
 * grounds. */
static void
setup_key(struct lak_run *r)
{
	struct lak_buf b;
	char *g = NULL;
	size_t glen = 0;
	struct lak_error err = LAK_ERROR_INIT;
	char hex[LAK_SHA256_HEX_LEN + 1];

	lak_buf_init(&b, 0);
	lak_buf_addf(&b, "%s\ndpi %g grey %d margin %g min %g unreviewed %d "
	    "max-pages %u\n", PACKAGE_STRING, r->o.popts.dpi, r->o.popts.grey,
	    r->o.popts.margin, r->o.popts.min_width, r->o.ropts.fail_unreviewed,
	    r->o.iopts.max_pages);
	if (!r->o.iopts.ocr)
		lak_buf_adds(&b, "no-ocr\n");
	if (r->o.popts.raster_all)
		lak_buf_adds(&b, "raster-all\n");
	for (size_t i = 0; i < lak_rules_nsources(r->rs); i++) {
		const struct lak_rule_source *s = lak_rules_source(r->rs, i);

		lak_buf_addf(&b, "rules %s %s\n", lak_path_basename(s->path),
		    s->sha256);
	}
	if (lak_file_read(r->o.grounds, LAK_MAX_TEXT_FILE, &g, &glen,
	    &err) == 0) {
		lak_sha256_hex(g, glen, hex);
		lak_buf_addf(&b, "grounds %s\n", hex);
		free(g);
	}
	lak_sha256_hex(b.data, b.len, r->setup_key);
	lak_buf_release(&b);
}

/* The key for the rule files' HMACs: REQUEST/audit.key, made once. */
static int
rules_key(struct lak_run *r, struct lak_error *err)
{
	char *p = r->o.keyfile ? strdup(r->o.keyfile) :
	    lak_path_join(r->req->dir, "audit.key", "");
	struct lak_error rerr = LAK_ERROR_INIT;	/* absent the first time */
	unsigned char raw[32];
	char hex[LAK_SHA256_HEX_LEN + 1];
	FILE *f;

	if (p == NULL)
		return lak_error_oom(err);
	if (lak_file_read(p, 4096, &r->key, &r->keylen, &rerr) == 0 &&
	    r->keylen >= 32) {
		free(p);
		return 0;
	}
	free(r->key);
	r->key = NULL;
	if ((f = fopen("/dev/urandom", "rb")) == NULL ||
	    fread(raw, 1, sizeof(raw), f) != sizeof(raw)) {
		if (f)
			fclose(f);
		free(p);
		return lak_error_set(err, LAK_EIO, "/dev/urandom: cannot read");
	}
	fclose(f);
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	if (lak_file_write_atomic(p, hex, 64, 0600, err) < 0) {
		char msg[sizeof(err->msg)];
		enum lak_status code = err->code;

		snprintf(msg, sizeof(msg), "%s", err->msg);
		lak_error_clear(err);
		lak_error_set(err, code, "%s: %s%s", p, msg,
		    r->o.keyfile ? "" : " (the key of the rule digests; "
		    "give --key FILE to keep it outside the request folder)");
		free(p);
		return -1;
	}
	if ((r->key = strdup(hex)) == NULL) {
		free(p);
		return lak_error_oom(err);
	}
	r->keylen = 64;
	r->new_key = p;
	return 0;
}

/*
 * The key of document 'i': the set-up, its bytes, its ID and a reviewed
 * plan. *config is set when the fault is the plan's.
 */
static int
doc_key(struct lak_run *r, size_t i, bool *config, struct lak_error *err)
{
	const char *id = r->docs[i].id, *path = r->docs[i].file;
	char *data = NULL, hex[LAK_SHA256_HEX_LEN + 1];
	size_t len = 0;
	struct lak_buf k;
	int ret = -1;

	if (lak_file_read(path, r->o.iopts.max_bytes, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: ", path);
		return -1;
	}
	lak_sha256_hex(data, len, hex);
	free(data);
	lak_buf_init(&k, 0);
	lak_buf_addf(&k, "%s %s %s", r->setup_key, hex, id);
	if (r->plan_all != NULL) {
		/* one file: its rows for this document are found by the
		 * document's SHA-256, and there must be some (the review's
		 * export has a row for every document) */
		if (memmem(r->plan_all, r->plan_all_len, hex, 64) == NULL) {
			*config = true;
			lak_error_set(err, LAK_EFORMAT, "%s: no rows for "
			    "document %s (%s): a reviewed plan needs every "
			    "document's decisions", r->o.plan, id, path);
			goto out;
		}
		lak_sha256_hex(r->plan_all, r->plan_all_len, hex);
		lak_buf_addf(&k, " plan %s", hex);
	} else if (r->o.plan != NULL) {
		/* a reviewed plan for every document, in the key */
		char *pp = lak_path_join(r->o.plan, id, ".plan.csv");

		if (pp == NULL) {
			lak_error_oom(err);
			goto out;
		}
		struct lak_error e = LAK_ERROR_INIT;

		if (lak_file_read(pp, LAK_MAX_PLAN_FILE, &data, &len,
		    &e) < 0) {
			*config = true;
			lak_error_set(err, e.code, "%s: %s (--plan: every "
			    "document needs its reviewed plan)", pp, e.msg);
			free(pp);
			goto out;
		}
		free(pp);
		lak_sha256_hex(data, len, hex);
		free(data);
		lak_buf_addf(&k, " plan %s", hex);
	}
	if (lak_buf_check(&k, err) < 0)
		goto out;
	lak_sha256_hex(k.data, k.len, r->keys[i]);
	ret = 0;
out:
	lak_buf_release(&k);
	return ret;
}

/*
 * The inventory's descriptions and remarks are published (inventory list,
 * metadata, the released PDFs' titles): they pass the rules like the
 * documents, every match replaced by its label.
 */
static int
redact_inventory(struct lak_run *r, struct lak_error *err)
{
	for (size_t i = 0; i < r->req->inv->n; i++) {
		struct lak_inv_row *row = &r->req->inv->rows[i];
		char **fields[] = { &row->description, &row->remarks };

		for (size_t k = 0; k < LAK_ARRAY_SIZE(fields); k++) {
			char *red = NULL;
			size_t n = 0;

			if (*fields[k] == NULL || **fields[k] == '\0')
				continue;
			if (lak_redact_string(r->rs, r->cat, *fields[k], &red,
			    &n, err) < 0) {
				lak_error_prefix(err, "%s: row %zu: ",
				    r->req->inventory_path, row->row);
				return -1;
			}
			free(*fields[k]);
			*fields[k] = red;
			r->inv_passages += n;
		}
	}
	return 0;
}

/* The grounds an inventory row lists are those the rules applied. */
static bool
same_grounds(const struct lak_inv_row *row, const struct lak_result *res)
{
	size_t applied = 0;

	for (size_t k = 0; k < res->ng; k++) {
		bool listed = false;

		if (res->g[k].spans == 0)
			continue;
		applied++;
		for (size_t m = 0; m < row->ngrounds; m++)
			listed |= row->grounds[m] == res->g[k].ground;
		if (!listed)
			return false;
	}
	/* (the row lists each ground once: lak_inventory_read) */
	return applied == row->ngrounds;
}

/* The inventory's judgement and what the rules did must agree. */
static void
check_judgement(struct lak_run *r, struct lak_run_doc *d, size_t i)
{
	const struct lak_inv_row *row = &r->req->inv->rows[i];
	const struct lak_result *res = &d->result;

	if (!d->done)
		return;
	if (is_member(r, i)) {
		/* an attachment the run listed: judged by what was done */
		struct lak_inv_row *gen = &r->req->inv->rows[i];

		gen->judgement = res->spans > 0 ? LAK_JUDGE_DEELS :
		    LAK_JUDGE_OPENBAAR;
		gen->ngrounds = 0;
		for (size_t k = 0; k < res->ng && gen->ngrounds <
		    LAK_ARRAY_SIZE(gen->grounds); k++)
			if (res->g[k].spans > 0)
				gen->grounds[gen->ngrounds++] = res->g[k].ground;
		return;
	}
	if (res->withheld)
		set_failed(d, "the rules withhold the whole document, but the "
		    "inventory (row %zu) says '%s': make it niet openbaar "
		    "with its ground", row->row,
		    lak_judgement_str(row->judgement));
	else if (row->judgement == LAK_JUDGE_OPENBAAR && res->spans > 0)
		set_failed(d, "the rules redact %zu passage%s, but the "
		    "inventory (row %zu) says openbaar: make it deels "
		    "openbaar, or allow the passages in the rules", res->spans,
		    res->spans == 1 ? "" : "s", row->row);
	else if (row->judgement == LAK_JUDGE_DEELS && res->spans == 0)
		set_failed(d, "the rules redact nothing, but the inventory "
		    "(row %zu) says deels openbaar: make it openbaar, or add "
		    "the rules that redact it", row->row);
	else if (row->judgement == LAK_JUDGE_DEELS && row->ngrounds > 0 &&
	    !same_grounds(row, res)) {
		/* the list says which grounds the document was redacted on:
		 * it must be those the rules applied */
		GString *inv = g_string_new(NULL), *app = g_string_new(NULL);

		for (size_t k = 0; k < row->ngrounds; k++)
			g_string_append_printf(inv, "%s%s", k ? ", " : "",
			    r->cat->g[row->grounds[k]].code);
		for (size_t k = 0; k < res->ng; k++)
			if (res->g[k].spans > 0)
				g_string_append_printf(app, "%s%s", app->len ?
				    ", " : "", r->cat->g[res->g[k].ground].code);
		set_failed(d, "the rules redacted on %s, but the inventory "
		    "(row %zu) lists %s: make the inventory's grounds those "
		    "applied, or change the rules", app->str, row->row,
		    inv->str);
		g_string_free(inv, TRUE);
		g_string_free(app, TRUE);
	}
}

/* --- families ------------------------------------------------------------ */

/*
 * The bytes of inventory row 'i': its file, or the attachment of the
 * e-mail it belongs to (read through its parents). 'name' gets the name
 * the bytes had (the file's path or the attachment's name); 'people' (or
 * NULL) gets the people of every e-mail above it, personal data in it too.
 */
static int
row_bytes(struct lak_run *r, size_t i, char **data, size_t *len, char **name,
    struct lak_doc *people, int depth, struct lak_error *err)
{
	struct lak_doc *fam = NULL;
	const struct lak_part *pt;
	char *pdata = NULL, *pname = NULL;
	size_t plen = 0, k;
	int ret = -1;

	*data = NULL;
	*name = NULL;
	if (!is_member(r, i)) {
		if (lak_file_read(r->req->docs[i], r->o.iopts.max_bytes, data,
		    len, err) < 0) {
			lak_error_prefix(err, "%s: ", r->req->docs[i]);
			return -1;
		}
		if ((*name = strdup(r->req->docs[i])) == NULL) {
			free(*data);
			*data = NULL;
			return lak_error_oom(err);
		}
		return 0;
	}
	if (depth > LAK_FAMILY_DEPTH)
		return lak_error_set(err, LAK_ELIMIT, "attachments nested more "
		    "than %d deep", LAK_FAMILY_DEPTH);
	if (row_bytes(r, r->member[i].parent - 1, &pdata, &plen, &pname,
	    people, depth + 1, err) < 0)
		return -1;
	if (lak_ingest_mail_family(pname, pdata, plen, &r->o.iopts, &fam,
	    err) < 0) {
		lak_error_prefix(err, "%s: ", pname);
		goto out;
	}
	k = r->member[i].part;
	if (k == 0 || k > fam->nparts) {
		lak_error_set(err, LAK_EFORMAT, "%s has no attachment %zu "
		    "(changed since the inventory was read?)", pname, k);
		goto out;
	}
	for (size_t p = 0; people != NULL && p < fam->npeople; p++)
		if (lak_doc_add_person(people, fam->people[p]) < 0) {
			lak_error_oom(err);
			goto out;
		}
	pt = &fam->parts[k - 1];
	if ((*data = malloc(pt->len + 1)) == NULL ||
	    (*name = strdup(pt->name)) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	memcpy(*data, pt->data, pt->len);
	*len = pt->len;
	ret = 0;
out:
	if (ret < 0) {
		free(*data);
		free(*name);
		*data = *name = NULL;
	}
	lak_doc_free(fam);
	free(pdata);
	free(pname);
	return ret;
}

static char *
dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
dupf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/*
 * The family of row 'i' when it is an e-mail (its attachments and
 * people), else NULL. A file of the inventory's own is taken for an
 * e-mail by its name and first 64 KiB, so that the other documents are not
 * read here; a row that cannot be read has no family here and fails in
 * its worker, with the reason.
 */
static struct lak_doc *
family_of(struct lak_run *r, size_t i)
{
	struct lak_error e = LAK_ERROR_INIT;
	struct lak_doc *fam = NULL;
	char *data = NULL, *name = NULL;
	size_t len = 0;

	if (!is_member(r, i)) {
		static char head[65536];
		ssize_t n = lak_file_head(r->req->docs[i], head, sizeof(head));

		if (n < 0 || !lak_ingest_is_mail(r->req->docs[i], head,
		    (size_t)n))
			return NULL;
	}
	if (row_bytes(r, i, &data, &len, &name, NULL, 0, &e) == 0 &&
	    lak_ingest_is_mail(name, data, len))
		(void)lak_ingest_mail_family(name, data, len, &r->o.iopts,
		    &fam, &e);
	lak_error_clear(&e);
	free(data);
	free(name);
	return fam;
}

/* Row ID-K for attachment 'k' (1-based, named 'part') of row 'i'. 'ids':
 * the inventory's IDs, row index + 1 each. */
static int
add_member(struct lak_run *r, size_t i, size_t k, const char *part,
    GHashTable *ids, struct lak_error *err)
{
	struct lak_inventory *inv = r->req->inv;
	struct lak_inv_row *nr, *pr;
	char **docs;
	gpointer other;

	if (lak_array_grow((void **)&inv->rows, &inv->alloc, inv->n,
	    sizeof(*inv->rows)) < 0 || lak_array_grow((void **)&r->member,
	    &r->member_alloc, inv->n, sizeof(*r->member)) < 0 ||
	    (docs = realloc(r->req->docs, (inv->n + 2) * sizeof(*docs))) ==
	    NULL)
		return lak_error_oom(err);
	r->req->docs = docs;
	pr = &inv->rows[i];
	/* the productierapport's Family: the top e-mail's ID */
	if (pr->family == NULL && (pr->family = strdup(pr->id)) == NULL)
		return lak_error_oom(err);
	nr = &inv->rows[inv->n];
	memset(nr, 0, sizeof(*nr));
	docs[inv->n] = docs[inv->n + 1] = NULL;
	r->member[inv->n].parent = i + 1;
	r->member[inv->n].part = k;
	/* counted now: the inventory frees what its rows hold */
	inv->n++;
	nr->row = pr->row;
	nr->judgement = pr->judgement;
	if ((nr->id = dupf("%s-%zu", pr->id, k)) == NULL ||
	    (nr->related = strdup(pr->id)) == NULL ||
	    (nr->family = strdup(pr->family)) == NULL ||
	    (nr->file = strdup(part)) == NULL ||
	    (nr->description = dupf("Bijlage %zu bij %s: %s", k, pr->id,
	    part)) == NULL || (pr->date && (nr->date = strdup(pr->date)) ==
	    NULL) || (docs[inv->n - 1] = strdup(r->req->docs[i])) == NULL)
		return lak_error_oom(err);
	if ((other = g_hash_table_lookup(ids, nr->id)) != NULL)
		return lak_error_set(err, LAK_EFORMAT, "%s: the attachments of "
		    "%s would be %s, an ID the inventory has (row %zu)",
		    r->req->inventory_path, pr->id, nr->id,
		    inv->rows[GPOINTER_TO_SIZE(other) - 1].row);
	g_hash_table_insert(ids, nr->id, GSIZE_TO_POINTER(inv->n));
	return 0;
}

/*
 * An e-mail's attachments are documents of their own: a row each after
 * the inventory's rows, ID "ID-N", "Gerelateerd ID" the e-mail's, judged
 * by what the rules do (check_judgement), unless the inventory lists the
 * family itself (a row whose Gerelateerd ID is the e-mail's).
 */
static int
expand_families(struct lak_run *r, struct lak_error *err)
{
	struct lak_inventory *inv = r->req->inv;
	GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *listed = g_hash_table_new(g_str_hash, g_str_equal);
	int ret = -1;

	r->member_alloc = inv->n + 1;
	if ((r->member = calloc(r->member_alloc, sizeof(*r->member))) ==
	    NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < inv->n; i++) {
		g_hash_table_insert(ids, inv->rows[i].id, GSIZE_TO_POINTER(i +
		    1));
		if (inv->rows[i].related != NULL)
			g_hash_table_add(listed, inv->rows[i].related);
	}
	/* (rows added go through this loop too: nested messages) */
	for (size_t i = 0; i < inv->n; i++) {
		enum lak_judgement j = inv->rows[i].judgement;
		struct lak_doc *fam;
		size_t depth = 0;

		for (size_t a = i; is_member(r, a); a = r->member[a].parent - 1)
			depth++;
		if ((j != LAK_JUDGE_OPENBAAR && j != LAK_JUDGE_DEELS) ||
		    depth >= LAK_FAMILY_DEPTH || (!is_member(r, i) &&
		    g_hash_table_contains(listed, inv->rows[i].id)) ||
		    (fam = family_of(r, i)) == NULL)
			continue;
		for (size_t k = 0; k < fam->nparts; k++)
			if (add_member(r, i, k + 1, fam->parts[k].name, ids,
			    err) < 0) {
				lak_doc_free(fam);
				goto out;
			}
		lak_doc_free(fam);
	}
	ret = 0;
out:
	g_hash_table_destroy(ids);
	g_hash_table_destroy(listed);
	return ret;
}

/* --- shards ------------------------------------------------------------ */

/* The places of the documents to release (see struct lak_run). The split
 * depends on the inventory's IDs, not on their order, and gives each shard
 * as many documents as it can. */
struct by_hash {
	char hex[LAK_SHA256_HEX_LEN + 1];
	size_t i;
};

static int
cmp_hash(const void *a, const void *b)
{
	const struct by_hash *x = a, *y = b;
	int c = strcmp(x->hex, y->hex);

	return c != 0 ? c : x->i < y->i ? -1 : x->i > y->i;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
place_docs(struct lak_run *r, struct lak_error *err)
{
	struct by_hash *h = calloc(r->ndocs + 1, sizeof(*h));
	size_t n = 0;

	r->place = calloc(r->ndocs + 1, sizeof(*r->place));
	r->mine = calloc(r->ndocs + 1, sizeof(*r->mine));
	if (h == NULL || r->place == NULL || r->mine == NULL) {
		free(h);
		return lak_error_oom(err);
	}
	for (size_t i = 0; i < r->ndocs; i++) {
		r->place[i] = SIZE_MAX;
		if (!r->docs[i].process)
			continue;
		lak_sha256_hex(r->docs[i].id, strlen(r->docs[i].id),
		    h[n].hex);
		h[n++].i = i;
	}
	qsort(h, n, sizeof(*h), cmp_hash);
	for (size_t k = 0; k < n; k++) {
		struct lak_run_doc *d = &r->docs[h[k].i];

		r->place[h[k].i] = k;
		d->shard = r->o.nshards ? (unsigned int)(k % r->o.nshards) : 0;
		d->mine = r->o.nshards == 0 || d->shard == r->o.shard;
		if (d->mine)
			r->mine[r->nmine++] = d->id;
	}
	qsort(r->mine, r->nmine, sizeof(*r->mine), cmp_id);
	free(h);
	return 0;
}

/* A whole number from 0 to 'max' in environment variable 'name'; -1 when
 * unset, -2 when not such a number. */
static long
env_number(const char *name, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || *v < '0' || *v > '9' || n > max)
		return -2;
	return n;
}

int
lak_run_shard_from_env(unsigned int nshards, unsigned int *shard,
    unsigned int *n, struct lak_error *err)
{
	long id = env_number("SLURM_ARRAY_TASK_ID", 1L << 30);
	long count = env_number("SLURM_ARRAY_TASK_COUNT", 1L << 30);
	long min = env_number("SLURM_ARRAY_TASK_MIN", 1L << 30);
	long step = env_number("SLURM_ARRAY_TASK_STEP", 1L << 30);
	long index = env_number("JOB_COMPLETION_INDEX", 1L << 30);

	if (id != -1) {
		if (id < 0 || count < 1 || min == -2 || step == -2 ||
		    step == 0)
			return lak_error_set(err, LAK_EINVAL, "SLURM_ARRAY_TASK_"
			    "ID is set, but SLURM_ARRAY_TASK_COUNT, _MIN or "
			    "_STEP is missing or not a number: not a job "
			    "array's task?");
		min = min < 0 ? 0 : min;
		step = step < 0 ? 1 : step;
		if (id < min || (id - min) % step != 0 ||
		    (id - min) / step >= count)
			return lak_error_set(err, LAK_EINVAL, "Slurm array "
			    "task %ld is not one of %ld tasks from %ld by %ld",
			    id, count, min, step);
		if (nshards > 0 && nshards != (unsigned long)count)
			return lak_error_set(err, LAK_EINVAL, "--shards %u, but "
			    "the Slurm array has %ld tasks", nshards, count);
		*shard = (unsigned int)((id - min) / step);
		*n = (unsigned int)count;
		return 0;
	}
	if (index != -1) {
		if (index < 0)
			return lak_error_set(err, LAK_EINVAL, "JOB_COMPLETION_"
			    "INDEX is not a number: '%s'",
			    getenv("JOB_COMPLETION_INDEX"));
		if (nshards == 0)
			return lak_error_set(err, LAK_EINVAL, "JOB_COMPLETION_"
			    "INDEX is set (a Kubernetes Indexed Job), but "
			    "Kubernetes passes no count: give --shards N, the "
			    "Job's completions");
		if ((unsigned long)index >= nshards)
			return lak_error_set(err, LAK_EINVAL, "JOB_COMPLETION_"
			    "INDEX %ld is not below --shards %u", index,
			    nshards);
		*shard = (unsigned int)index;
		*n = nshards;
		return 0;
	}
	return lak_error_set(err, LAK_EINVAL, "--shard auto: neither "
	    "SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX "
	    "(a Kubernetes Indexed Job) is set; give --shard I/N");
}

/* Document 'id' is this shard's (for lak_workdir_clean()). */
static bool
is_mine(void *ctx, const char *id)
{
	const struct lak_run *r = ctx;

	return bsearch(&id, r->mine, r->nmine, sizeof(*r->mine), cmp_id) !=
	    NULL;
}

/*
 * A shard's report, work/shards/I-of-N, rewritten whole as it goes:
 * "name value" lines, then a "failed ID reason" line per failed document.
 */
static int
write_report(struct lak_run *r, const char *state, struct lak_error *err)
{
	struct lak_buf b;
	char host[256] = "", when[32] = "";
	time_t t = time(NULL);
	struct tm tm;
	size_t n = 0, reused = 0;
	int ret;

	if (r->report == NULL)
		return 0;
	if (gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "?");
	if (gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < r->ndocs; i++) {
		n += r->docs[i].process && r->docs[i].mine;
		reused += r->docs[i].reused && r->docs[i].mine;
	}
	lak_buf_init(&b, 0);
	lak_buf_addf(&b, "shard %u of %u\nversion %s\nhost %s\npid %ld\n"
	    "updated %s\nstate %s\ndocuments %zu\nreused %zu\nto-do %zu\n"
	    "ended %zu\nfailed %zu\npages %zu\n", r->o.shard, r->o.nshards,
	    PACKAGE_STRING, host, (long)getpid(), when, state, n, reused,
	    r->total, r->ended, r->failed, r->pages);
	for (size_t i = 0; i < r->ndocs; i++)
		if (r->docs[i].mine && r->docs[i].failed)
			lak_buf_addf(&b, "failed %s %s\n", r->docs[i].id,
			    r->docs[i].why);
	ret = lak_buf_check(&b, err) < 0 ? -1 :
	    lak_file_write_atomic(r->report, b.data, b.len, 0644, err);
	lak_buf_release(&b);
	r->report_at = lak_monotonic();
	return ret;
}

/* What a shard's report says, read once for the package step. */
struct shard_report {
	unsigned int i, n;
	char state[32], host[64];
};

/* The reports in work/shards/ (r->reports, r->nreports). */
static int
read_reports(struct lak_run *r, struct lak_error *err)
{
	char *dir = lak_path_join(r->work, "shards", "");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	size_t alloc = 0;
	int ret = 0;

	while (d != NULL && ret == 0 && (e = readdir(d)) != NULL) {
		struct shard_report sr = { 0, 0, "?", "?" };
		char tail, *p, *data = NULL;
		size_t len = 0;
		struct lak_error ignored = LAK_ERROR_INIT;

		if (sscanf(e->d_name, "%u-of-%u%c", &sr.i, &sr.n, &tail) != 2 ||
		    sr.n == 0 || sr.i >= sr.n)
			continue;
		if ((p = lak_path_join(dir, e->d_name, "")) != NULL &&
		    lak_file_read(p, LAK_MAX_TEXT_FILE, &data, &len,
		    &ignored) == 0) {
			const char *st = strstr(data, "\nstate ");
			const char *h = strstr(data, "\nhost ");

			if (st != NULL)
				sscanf(st, "\nstate %31s", sr.state);
			if (h != NULL)
				sscanf(h, "\nhost %63s", sr.host);
			if (lak_array_grow((void **)&r->reports, &alloc,
			    r->nreports, sizeof(*r->reports)) < 0)
				ret = lak_error_oom(err);
			else
				r->reports[r->nreports++] = sr;
		}
		free(data);
		free(p);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
	return ret;
}

/* What the shard reports say of document 'doc', for the reason it is
 * missing; NULL when no report covers it. */
static char *
report_of(const struct lak_run *r, size_t doc)
{
	for (size_t k = 0; k < r->nreports; k++) {
		const struct shard_report *sr = &r->reports[k];
		char *why;

		if (r->place[doc] % sr->n != sr->i)
			continue;
		if (asprintf(&why, strcmp(sr->state, "done") == 0 ?
		    "no result of these rules, options and bytes, although "
		    "shard %u of %u (on %s) reports it %s: were the shards "
		    "given other rules or options?" : "not done: shard %u of "
		    "%u (on %s) reports: %s", sr->i, sr->n, sr->host,
		    sr->state) < 0)
			return NULL;
		return why;
	}
	return NULL;
}

/* The options make sense together. */
static int
check_opts(const struct lak_run_opts *o, struct lak_error *err)
{
	if (o->nshards > 0 && o->shard >= o->nshards)
		return lak_error_set(err, LAK_EINVAL, "shard %u of %u: shards "
		    "are numbered from 0 to %u", o->shard, o->nshards,
		    o->nshards - 1);
	if (o->nshards > 0 && o->reuse_only)
		return lak_error_set(err, LAK_EINVAL, "a shard does documents; "
		    "the package step does none");
	if (o->outdir == NULL && o->nshards == 0)
		return lak_error_set(err, LAK_EINVAL, "give the output folder");
	if (o->outdir == NULL && o->work == NULL)
		return lak_error_set(err, LAK_EINVAL, "give the work folder");
	return 0;
}

/* The output folder is made and can be written, or the error names it
 * (not a folder inside it). */
static int
check_outdir(const char *dir, struct lak_error *err)
{
	if (lak_mkdir_p(dir, err) < 0)
		return -1;
	if (access(dir, W_OK | X_OK) < 0)
		return lak_error_set(err, LAK_EIO, "%s: the output folder "
		    "cannot be written: %s", dir, strerror(errno));
	return 0;
}

/* Every `in ... { }` block of the rules is for some document of the
 * inventory: an error per block that matches none. */
static int
check_scopes(const struct lak_run *r, struct lak_error *err)
{
	const char **ids = calloc(r->ndocs + 1, sizeof(*ids));
	const char **files = calloc(r->ndocs + 1, sizeof(*files));
	int ret = 0;

	if (ids == NULL || files == NULL) {
		free(ids);
		free(files);
		return lak_error_oom(err);
	}
	for (size_t i = 0; i < r->ndocs; i++) {
		ids[i] = r->docs[i].id;
		files[i] = r->docs[i].file;
	}
	for (size_t k = 0; k < lak_rules_nscopes(r->rs); k++) {
		const struct lak_rule_scope *sc = lak_rules_scope(r->rs, k);

		if (!lak_rule_scope_used(sc, ids, files, r->ndocs))
			ret = lak_error_add(err, LAK_EFORMAT, "%s:%u:%u: 'in "
			    "%s%s' matches no document of the inventory (its "
			    "IDs and file names)", sc->file, sc->line, sc->col,
			    sc->pat[0], sc->npat > 1 ? " ..." : "");
	}
	free(ids);
	free(files);
	return ret;
}

int
lak_run_open(const struct lak_run_opts *o, struct lak_run **out,
    bool *config, struct lak_error *err)
{
	struct lak_run *r = calloc(1, sizeof(*r));
	struct stat st;

	*out = NULL;
	*config = false;
	if (r == NULL)
		return lak_error_oom(err);
	r->o = *o;
	if (check_opts(o, err) < 0) {
		*config = true;
		goto fail;
	}
	if (lak_grounds_load(o->grounds, &r->cat, err) < 0 ||
	    lak_request_load(o->request, r->cat, &r->req, err) < 0 ||
	    lak_rules_load((const char *const *)r->req->rules,
	    r->req->nrules, r->cat, &r->rs, err) < 0 ||
	    (o->datadir != NULL && lak_request_publisher(r->req, o->datadir,
	    NULL, NULL, err) < 0)) {
		*config = true;
		goto fail;
	}
	if (expand_families(r, err) < 0 || redact_inventory(r, err) < 0)
		goto fail;
	r->o.date = o->date >= 0 ? o->date :
	    lak_release_date(r->req->besluitdatum_iso);
	r->o.popts.date = r->o.date;
	r->o.popts.producer = PACKAGE_STRING;
	setup_key(r);
	/* (the package step makes none before it knows it can release) */
	if (o->outdir != NULL && !o->reuse_only &&
	    check_outdir(o->outdir, err) < 0)
		goto fail;
	/* Made (or read) now, so that a request folder it cannot be written
	 * to fails before the work, not after; a shard makes no release and
	 * needs none (and shards starting at once would each make one). */
	if (o->nshards == 0 && rules_key(r, err) < 0)
		goto fail;
	if ((r->work = o->work ? strdup(o->work) : lak_path_join(o->outdir,
	    LAK_WORKDIR_NAME, "")) == NULL) {
		lak_error_oom(err);
		goto fail;
	}
	if (lak_mkdir_p(r->work, err) < 0)
		goto fail;
	if (o->nshards > 0) {
		char name[64], *dir = lak_path_join(r->work, "shards", "");
		int rc;

		snprintf(name, sizeof(name), "%u-of-%u", o->shard, o->nshards);
		rc = dir == NULL ? lak_error_oom(err) : lak_mkdir_p(dir, err);
		if (rc == 0 && (r->report = lak_path_join(dir, name, "")) ==
		    NULL)
			rc = lak_error_oom(err);
		free(dir);
		if (rc < 0)
			goto fail;
	}
	if (o->plan != NULL && stat(o->plan, &st) == 0 && S_ISREG(st.st_mode) &&
	    lak_file_read(o->plan, LAK_MAX_PLAN_FILE, &r->plan_all,
	    &r->plan_all_len, err) < 0) {
		lak_error_prefix(err, "%s: ", o->plan);
		*config = true;
		goto fail;
	}
	r->ndocs = r->req->inv->n;
	r->docs = calloc(r->ndocs + 1, sizeof(*r->docs));
	r->keys = calloc(r->ndocs + 1, sizeof(*r->keys));
	if (r->docs == NULL || r->keys == NULL) {
		lak_error_oom(err);
		goto fail;
	}
	for (size_t i = 0; i < r->ndocs; i++) {
		struct lak_run_doc *d = &r->docs[i];
		const struct lak_inv_row *row = &r->req->inv->rows[i];

		d->id = row->id;
		d->file = r->req->docs[i];
		d->row = row->row;
		d->process = row->judgement == LAK_JUDGE_OPENBAAR ||
		    row->judgement == LAK_JUDGE_DEELS;
	}
	if (check_scopes(r, err) < 0) {
		*config = true;
		goto fail;
	}
	if (place_docs(r, err) < 0 || (o->reuse_only && read_reports(r,
	    err) < 0))
		goto fail;
	/* Left by a run that was killed; a shard's own only, and the package
	 * step leaves them (a shard may still be writing). */
	if (!o->reuse_only)
		lak_workdir_clean(r->work, o->nshards ? is_mine : NULL, r);
	for (size_t i = 0; i < r->ndocs; i++) {
		struct lak_run_doc *d = &r->docs[i];
		struct lak_error ignored = LAK_ERROR_INIT;

		if (!d->process || !d->mine)
			continue;
		if (doc_key(r, i, config, err) < 0)
			goto fail;
		d->done = lak_result_read(r->work, d->id, r->keys[i],
		    o->review, r->cat, &d->result, &ignored) == 0;
		d->reused = d->done;
		if (!d->done && o->reuse_only) {
			/* why the package step cannot release it */
			char *why = lak_result_failure(r->work, d->id);

			if (why != NULL) {
				set_failed(d, "failed: %s", why);
				free(why);
			} else if ((d->why = report_of(r, i)) == NULL &&
			    (d->why = strdup(ignored.code == LAK_ENOENT ?
			    "no result in the work folder for these rules, "
			    "options and bytes" : ignored.msg)) == NULL) {
				lak_error_oom(err);
				goto fail;
			}
		}
	}
	/* the package step releases what it finds: it must agree with the
	 * inventory as a run's results must */
	for (size_t i = 0; o->reuse_only && i < r->ndocs; i++)
		check_judgement(r, &r->docs[i], i);
	*out = r;
	return 0;
fail:
	lak_run_free(r);
	return -1;
}

/* --- the work ----------------------------------------------------------- */

/* In a worker: do document 'i' and leave its result in the work folder. */
static int
work(void *ctx, size_t i)
{
	struct lak_run *r = ctx;
	struct lak_run_doc *d = &r->docs[i];
	const struct lak_inv_row *row = &r->req->inv->rows[i];
	const char *hook;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_job j;
	struct lak_buf m;
	char *src = NULL, *plan = NULL, *p_plan = NULL, *name = NULL;
	char *rev_pages = NULL, *rev_mine = NULL, *srcname = NULL;
	size_t srclen = 0, planlen = 0;
	struct lak_doc *people = lak_doc_new();	/* of the e-mails above */
	int ret = LAK_TASK_FAILED;

	lak_job_init(&j);
	lak_buf_init(&m, 0);
	/* Test hooks: a worker that crashes or hangs on one document. */
	if ((hook = getenv("LAKWERK_TEST_CRASH")) != NULL &&
	    strcmp(hook, d->id) == 0)
		raise(SIGSEGV);
	if ((hook = getenv("LAKWERK_TEST_HANG")) != NULL &&
	    strcmp(hook, d->id) == 0)
		for (;;)
			pause();
	if (people == NULL) {
		lak_error_oom(&err);
		goto fail;
	}
	if (row_bytes(r, i, &src, &srclen, &srcname, people, 0, &err) < 0)
		goto fail;
	if (r->plan_all != NULL) {
		j.plan_data = r->plan_all;
		j.plan_len = r->plan_all_len;
		j.plan_name = r->o.plan;
	} else if (r->o.plan != NULL) {
		if ((p_plan = lak_path_join(r->o.plan, d->id, ".plan.csv")) ==
		    NULL) {
			lak_error_oom(&err);
			goto fail;
		}
		if (lak_file_read(p_plan, LAK_MAX_PLAN_FILE, &plan, &planlen,
		    &err) < 0) {
			lak_error_prefix(&err, "%s: ", p_plan);
			goto fail;
		}
		j.plan_data = plan;
		j.plan_len = planlen;
		j.plan_name = p_plan;
	}
	/* (an attachment's own name says what it is) */
	j.name = srcname;
	j.title = row->description && *row->description ? row->description :
	    d->id;
	j.family_people = (const char *const *)people->people;
	j.nfamily_people = people->npeople;
	j.src = src;
	j.srclen = srclen;
	j.iopts = r->o.iopts;
	j.cat = r->cat;
	j.rs = r->rs;
	j.ropts = r->o.ropts;
	j.ropts.doc_id = d->id;
	j.ropts.doc_file = srcname;
	j.popts = r->o.popts;
	j.no_text = true;
	if (r->o.review) {
		/* the page images of an earlier version go first */
		rev_pages = lak_path_join(r->work, "review", "");
		rev_mine = rev_pages ? lak_path_join(rev_pages, d->id, "") :
		    NULL;
		if (row->description && *row->description)
			lak_buf_addf(&m, "%s \xE2\x80\x94 %s", d->id,
			    row->description);
		else
			lak_buf_adds(&m, d->id);
		if (lak_buf_check(&m, NULL) == 0)
			name = lak_buf_take(&m, NULL);
		if (rev_pages == NULL || rev_mine == NULL || name == NULL) {
			lak_error_oom(&err);
			goto fail;
		}
		if (lak_remove_tree(rev_mine, &err) < 0)
			goto fail;
		j.review_pages = rev_pages;
		j.review_id = d->id;
		j.review_name = name;
		j.review_dpi = 96;
	}
	if (lak_job_run(&j, &err) < 0) {
		lak_buf_reset(&m);
		lak_buf_adds(&m, err.msg);
		for (size_t k = 0; k < j.findings.n && k < 5; k++)
			lak_buf_addf(&m, "; page %u: %s: %s",
			    j.findings.f[k].page, j.findings.f[k].channel,
			    j.findings.f[k].what);
		if (lak_buf_check(&m, NULL) == 0)
			snprintf(err.msg, sizeof(err.msg), "%s", m.data);
		goto fail;
	}
	{
		struct lak_result res = {
			.pages = j.pages,
			.withheld_pages = j.withheld_pages,
			.spans = j.stats.spans,
			.withheld = j.withheld,
			.g = j.stats.g,
			.ng = j.stats.ng,
		};

		snprintf(res.kind, sizeof(res.kind), "%s", j.kind);
		snprintf(res.thread, sizeof(res.thread), "%s", j.thread);
		struct lak_result_files f = {
			.pdf = j.withheld ? NULL : j.pdf.data,
			.pdflen = j.pdf.len,
			.csv = j.csv.data,
			.csvlen = j.csv.len,
			.review = r->o.review ? j.review.data : NULL,
			.reviewlen = j.review.len,
		};

		ret = lak_result_write(r->work, d->id, r->keys[i], &res, r->cat,
		    &f, &err) < 0 ? LAK_TASK_NOWRITE : LAK_TASK_DONE;
	}
	goto out;
fail:
	ret = lak_result_write_failure(r->work, d->id, err.msg, &err) < 0 ?
	    LAK_TASK_NOWRITE : LAK_TASK_FAILED;
out:
	lak_job_release(&j);
	lak_buf_release(&m);
	lak_doc_free(people);
	free(srcname);
	free(src);
	free(plan);
	free(p_plan);
	free(rev_pages);
	free(rev_mine);
	free(name);
	return ret;
}

/* In the run: how document 'i' ended. */
static void
ended(void *ctx, size_t i, const struct lak_pool_outcome *oc)
{
	struct lak_run *r = ctx;
	struct lak_run_doc *d = &r->docs[i];
	struct lak_error err = LAK_ERROR_INIT;
	char *why;

	switch (oc->result) {
	case LAK_POOL_DONE:
		if (lak_result_read(r->work, d->id, NULL, false, r->cat,
		    &d->result, &err) < 0)
			set_failed(d, "%s", err.msg);
		else
			d->done = true;
		break;
	case LAK_POOL_FAILED:
		if ((why = lak_result_failure(r->work, d->id)) != NULL)
			set_failed(d, "%s", why);
		else
			set_failed(d, "the worker failed without a reason");
		free(why);
		break;
	case LAK_POOL_NOWRITE:
		set_failed(d, "its results could not be written to %s (disk "
		    "full or not writable?)", r->work);
		break;
	case LAK_POOL_CPU_LIMIT:
		set_failed(d, "the worker used more than %g s of CPU time "
		    "(--max-seconds)", r->o.max_cpu);
		break;
	case LAK_POOL_WALL_LIMIT:
		set_failed(d, "the worker took longer than %g s and was "
		    "stopped", lak_pool_wall_limit(r->o.max_cpu));
		break;
	case LAK_POOL_KILLED:
		set_failed(d, "the worker was killed by signal %d (%s)%s",
		    oc->signal, strsignal(oc->signal), oc->signal == SIGKILL ?
		    ": out of memory, or killed from outside" : "");
		break;
	case LAK_POOL_EXITED:
		set_failed(d, "the worker stopped with status %d", oc->status);
		break;
	case LAK_POOL_NOSTART:
		set_failed(d, "cannot start a worker: %s", strerror(oc->error));
		break;
	}
	/* a failure the worker could not record itself, for the package
	 * step and a later run to tell */
	if (d->failed && oc->result != LAK_POOL_FAILED &&
	    oc->result != LAK_POOL_NOWRITE)
		(void)lak_result_write_failure(r->work, d->id, d->why, &err);
	r->ended++;
	r->failed += d->failed;
	r->pages += d->result.pages;
	/* a shard's report, now and then: a failure to write it ends no
	 * document, the last one is checked */
	if (r->report != NULL && lak_monotonic() - r->report_at >= 1.0) {
		struct lak_error ignored = LAK_ERROR_INIT;

		(void)write_report(r, "running", &ignored);
	}
	if (r->o.progress != NULL)
		r->o.progress(r->o.progress_ctx, r->ended, r->total, r->pages);
}

int
lak_run_process(struct lak_run *r, struct lak_error *err)
{
	struct lak_pool_opts po = {
		.jobs = r->o.jobs,
		.max_cpu = r->o.max_cpu,
		.max_mem = r->o.max_mem,
		.work = work,
		.done = ended,
		.ctx = r,
		.stop = r->o.stop,
	};
	size_t *tasks = calloc(r->ndocs + 1, sizeof(*tasks));
	int ret = -1;

	if (tasks == NULL)
		return lak_error_oom(err);
	r->total = r->ended = r->pages = 0;
	if (r->o.reuse_only) {
		free(tasks);
		return lak_error_set(err, LAK_EINVAL, "the package step does "
		    "no documents");
	}
	for (size_t i = 0; i < r->ndocs; i++)
		if (r->docs[i].process && r->docs[i].mine && !r->docs[i].done)
			tasks[r->total++] = i;
	if (write_report(r, "running", err) < 0)
		goto out;
	if (r->total > 0) {
		lak_job_warm_up();
		if (lak_pool_run(&po, tasks, r->total, err) < 0)
			goto out;
	}
	/* the workers are gone: their half-written files */
	lak_workdir_clean(r->work, r->o.nshards ? is_mine : NULL, r);
	for (size_t i = 0; i < r->ndocs; i++)
		check_judgement(r, &r->docs[i], i);
	r->failed = 0;
	for (size_t i = 0; i < r->ndocs; i++)
		r->failed += r->docs[i].mine && r->docs[i].failed;
	ret = write_report(r, r->o.stop && *r->o.stop ? "stopped" :
	    lak_run_complete(r) ? "done" : "incomplete", err);
out:
	free(tasks);
	return ret;
}

bool
lak_run_complete(const struct lak_run *r)
{
	for (size_t i = 0; i < r->ndocs; i++)
		if (r->docs[i].process && r->docs[i].mine && !r->docs[i].done)
			return false;
	return true;
}

/* --- audit -------------------------------------------------------------- */

static int
copy_file(const char *from, const char *to, struct lak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int ret = -1;

	if (lak_file_read(from, LAK_MAX_PLAN_FILE, &data, &len, err) == 0)
		ret = lak_file_write_atomic(to, data, len, 0600, err);
	free(data);
	return ret;
}

/* The reviewer and time of an exported plan: its "reviewer" and
 * "reviewed" columns, from the first row that has them. */
static void
plan_reviewer(const char *data, size_t len, char *who, size_t whosz,
    char *when, size_t whensz)
{
	struct lak_csv_row row = { NULL, 0, 0 };
	size_t pos = 0;
	long cw = -1, ct = -1;
	char sep = lak_csv_sep(data, len);

	if (lak_csv_next(data, len, &pos, sep, &row) == 1)
		for (size_t i = 0; i < row.n; i++) {
			if (strcmp(row.f[i], "reviewer") == 0)
				cw = (long)i;
			else if (strcmp(row.f[i], "reviewed") == 0)
				ct = (long)i;
		}
	while (cw >= 0 && lak_csv_next(data, len, &pos, sep, &row) == 1) {
		if ((size_t)cw < row.n && row.f[cw][0] != '\0') {
			snprintf(who, whosz, "%s", row.f[cw]);
			if (ct >= 0 && (size_t)ct < row.n)
				snprintf(when, whensz, "%s", row.f[ct]);
			break;
		}
	}
	/* (one line in the log: no line ends from a hostile file) */
	for (char *c = who; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	for (char *c = when; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	lak_csv_row_release(&row);
}

static int
write_audit(const struct lak_run *r, struct lak_error *err)
{
	char *dir = lak_path_join(r->o.outdir, "audit", ""), *p = NULL;
	struct lak_buf log;
	int ret = -1;

	lak_buf_init(&log, 0);
	if (dir == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if (lak_mkdir_p(dir, err) < 0)
		goto out;
	lak_buf_addf(&log, "%s run of %s\n", PACKAGE_STRING, r->req->dir);
	lak_buf_addf(&log, "inventory\t%zu passage%s redacted in descriptions "
	    "and remarks\n", r->inv_passages, r->inv_passages == 1 ? "" :
	    "s");
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct lak_run_doc *d = &r->docs[i];
		const struct lak_inv_row *row = &r->req->inv->rows[i];

		lak_buf_addf(&log, "%s\t%s\t%s\n", d->id,
		    lak_judgement_str(row->judgement), !d->process ?
		    "not released" : d->failed ? "FAILED" : d->done ?
		    "released" : "not done");
		if (d->failed)
			lak_buf_addf(&log, "\t%s\n", d->why);
		if (d->process && d->done) {
			char *from = lak_path_join(r->work, d->id, ".plan.csv");
			char *to = lak_path_join(dir, d->id, ".plan.csv");
			int rc = from == NULL || to == NULL ?
			    lak_error_oom(err) : copy_file(from, to, err);

			free(from);
			free(to);
			if (rc < 0)
				goto out;
		}
	}
	/* a reviewed plan (--plan FILE, as the review report exports it):
	 * kept as it was given, with who reviewed it and when */
	if (r->plan_all != NULL) {
		char who[256] = "", when[64] = "";
		char *to = lak_path_join(dir, "plan.reviewed.csv", "");
		int rc;

		plan_reviewer(r->plan_all, r->plan_all_len, who, sizeof(who),
		    when, sizeof(when));
		lak_buf_addf(&log, "plan\t%s\treviewed by %s at %s\n",
		    r->o.plan, *who ? who : "(not recorded)",
		    *when ? when : "(not recorded)");
		rc = to == NULL ? lak_error_oom(err) :
		    lak_file_write_atomic(to, r->plan_all, r->plan_all_len,
		    0600, err);
		free(to);
		if (rc < 0)
			goto out;
	}
	if (lak_buf_check(&log, err) < 0)
		goto out;
	if ((p = lak_path_join(dir, "run.log", "")) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	ret = lak_file_write_atomic(p, log.data, log.len, 0600, err);
out:
	lak_buf_release(&log);
	free(dir);
	free(p);
	return ret;
}

/* --- review ------------------------------------------------------------- */

/* The page images of document 'id' from the work folder into 'to'. */
static int
link_pages(const struct lak_run *r, const char *id, const char *to,
    struct lak_error *err)
{
	char *from = lak_path_join(r->work, "review/", id);
	char *dst = lak_path_join(to, id, "");
	DIR *dir = NULL;
	struct dirent *e;
	int ret = -1;

	if (from == NULL || dst == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if ((dir = opendir(from)) == NULL) {
		/* no page to show: nothing proposed, nothing flagged */
		ret = errno == ENOENT ? 0 : lak_error_set(err, LAK_EIO, "%s: "
		    "%s", from, strerror(errno));
		goto out;
	}
	if (lak_mkdir_p(dst, err) < 0)
		goto out;
	while ((e = readdir(dir)) != NULL) {
		char *a, *b;
		int rc;

		if (e->d_name[0] == '.')
			continue;
		a = lak_path_join(from, e->d_name, "");
		b = lak_path_join(dst, e->d_name, "");
		rc = a == NULL || b == NULL ? lak_error_oom(err) :
		    lak_file_link(a, b, err);
		free(a);
		free(b);
		if (rc < 0)
			goto out;
	}
	ret = 0;
out:
	if (dir != NULL)
		closedir(dir);
	free(from);
	free(dst);
	return ret;
}

/* The documents' parts of the report's data, ','-separated, and their
 * page images into 'pages'. */
static int
review_parts(const struct lak_run *r, const char *pages, struct lak_buf *json,
    struct lak_error *err)
{
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct lak_run_doc *d = &r->docs[i];
		char *p, *data = NULL;
		size_t len = 0;
		int rc;

		if (!d->process || !d->done || d->failed)
			continue;
		if ((p = lak_path_join(r->work, d->id, ".review.json")) == NULL)
			return lak_error_oom(err);
		rc = lak_file_read(p, LAK_MAX_PLAN_FILE, &data, &len, err);
		if (rc < 0)
			lak_error_prefix(err, "%s: ", p);
		free(p);
		if (rc < 0)
			return -1;
		if (json->len > 0)
			lak_buf_addc(json, ',');
		lak_buf_add(json, data, len);
		free(data);
		if (link_pages(r, d->id, pages, err) < 0)
			return -1;
	}
	return lak_buf_check(json, err);
}

static int
write_review(const struct lak_run *r, struct lak_error *err)
{
	struct lak_stage s = LAK_STAGE_INIT;
	char *final = lak_path_join(r->o.outdir, "review", "");
	char *assets = lak_path_join(r->o.datadir, "templates/review", "");
	char *pages = NULL, *index = NULL;
	struct lak_buf json, t;
	int ret = -1;

	lak_buf_init(&json, 0);
	lak_buf_init(&t, 0);
	if (final == NULL || assets == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if (lak_stage_begin(&s, final, true, err) < 0)
		goto out;
	if ((pages = lak_stage_path(&s, "pages")) == NULL ||
	    (index = lak_stage_path(&s, "index.html")) == NULL) {
		lak_error_oom(err);
		goto out;
	}
	if (lak_mkdir_p(pages, err) < 0 || review_parts(r, pages, &json,
	    err) < 0)
		goto out;
	lak_buf_addf(&t, "%s \xE2\x80\x94 %s", r->req->dossier,
	    r->req->onderwerp ? r->req->onderwerp : "");
	if (lak_buf_check(&t, err) < 0)
		goto out;
	{
		char *apply = g_strdup_printf("lakwerk run %s --plan "
		    "plan.reviewed.csv", r->o.request);
		struct lak_review_page pg = {
			.title = t.data,
			.generator = PACKAGE_STRING,
			.assets = assets,
			.docs = json.data,
			.docslen = json.len,
			.cat = r->cat,
			.regime = lak_regime_str(lak_rules_regime(r->rs)),
			.apply = apply,
		};
		int rc = lak_review_index(&pg, index, err);

		g_free(apply);
		if (rc < 0)
			goto out;
	}
	ret = lak_stage_commit(&s, err);
out:
	lak_stage_rollback(&s);
	lak_buf_release(&json);
	lak_buf_release(&t);
	free(final);
	free(assets);
	free(pages);
	free(index);
	return ret;
}

/* --- the release -------------------------------------------------------- */

static int
assemble_release(const struct lak_run *r, struct lak_error *err)
{
	struct lak_release_doc *rd = calloc(r->ndocs + 1, sizeof(*rd));
	const char **pdfs = calloc(r->ndocs + 1, sizeof(*pdfs));
	int ret = -1;

	if (rd == NULL || pdfs == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct lak_run_doc *d = &r->docs[i];

		rd[i].row = &r->req->inv->rows[i];
		rd[i].number = i + 1;
		rd[i].processed = d->process;
		rd[i].pages = d->result.pages;
		rd[i].withheld_pages = d->result.withheld_pages;
		rd[i].g = d->result.g;
		rd[i].ng = d->result.ng;
		rd[i].kind = d->result.kind;
		rd[i].thread = d->result.thread;
		if (d->process && (pdfs[i] = lak_path_join(r->work, d->id,
		    ".pdf")) == NULL) {
			lak_error_oom(err);
			goto out;
		}
	}
	{
		struct lak_release_opts ro = {
			.req = r->req,
			.cat = r->cat,
			.rs = r->rs,
			.key = r->key,
			.keylen = r->keylen,
			.docs = rd,
			.pdfs = pdfs,
			.ndocs = r->ndocs,
			.outdir = r->o.outdir,
			.datadir = r->o.datadir,
			.date = r->o.date,
		};

		ret = lak_release_write(&ro, err);
	}
out:
	for (size_t i = 0; pdfs && i < r->ndocs; i++)
		free((char *)pdfs[i]);
	free(pdfs);
	free(rd);
	return ret;
}

/* --- the rest ----------------------------------------------------------- */

/* A shard writes no audit, report or release: the package step does. */
static int
releasing(const struct lak_run *r, struct lak_error *err)
{
	if (r->o.outdir == NULL || r->o.nshards > 0)
		return lak_error_set(err, LAK_EINVAL, "a shard writes no "
		    "release: that is the package step's");
	return 0;
}

int
lak_run_write_audit(const struct lak_run *r, struct lak_error *err)
{
	return releasing(r, err) < 0 ? -1 : write_audit(r, err);
}

int
lak_run_write_review(const struct lak_run *r, struct lak_error *err)
{
	return releasing(r, err) < 0 ? -1 : write_review(r, err);
}

int
lak_run_assemble(const struct lak_run *r, struct lak_error *err)
{
	return releasing(r, err) < 0 ? -1 : assemble_release(r, err);
}

const struct lak_run_doc *
lak_run_docs(const struct lak_run *r, size_t *n)
{
	*n = r->ndocs;
	return r->docs;
}

const char *
lak_run_dossier(const struct lak_run *r)
{
	return r->req->dossier;
}

const char *
lak_run_new_key(const struct lak_run *r)
{
	return r->new_key;
}

void
lak_run_free(struct lak_run *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; r->docs && i < r->ndocs; i++) {
		free(r->docs[i].why);
		lak_result_release(&r->docs[i].result);
	}
	free(r->docs);
	free(r->keys);
	free(r->member);
	free(r->place);
	free(r->mine);
	free(r->work);
	free(r->report);
	free(r->reports);
	free(r->key);
	free(r->new_key);
	free(r->plan_all);
	lak_rules_free(r->rs);
	lak_request_free(r->req);
	lak_grounds_free(r->cat);
	free(r);
}
