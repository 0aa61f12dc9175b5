/*
 * Rule files: parsing (with file:line:col errors), includes, terms files,
 * PCRE2 compilation, and the term index the matcher uses.
 */
#include "lib/base/common.h"

#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <sys/stat.h>

#include <glib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lib/base/buf.h"
#include "lib/base/digest.h"
#include "lib/base/fold.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"
#include "lib/redact/regex-int.h"
#include "lib/redact/rules-int.h"

#define MAX_INCLUDE_DEPTH 16
#define MAX_RULE_FILE ((size_t)16 << 20)
#define MAX_TERMS_FILE ((size_t)256 << 20)
#define MAX_TERM_TOKENS 64

struct term {
	size_t tok;		/* offset of its first token in 'tokens' */
	uint16_t ntok;
	uint32_t rule;
	uint32_t next;		/* next term with the same first token + 1 */
};

struct lak_ruleset {
	const struct lak_grounds *cat;
	enum lak_regime regime;
	bool regime_set;
	char *regime_where;
	char *label;
	struct lak_rule *rules;
	size_t n, alloc;
	void **re;		/* pcre2_code * per rule, or NULL */
	size_t re_alloc;
	char **files;		/* names rules point into */
	size_t nfiles, files_alloc;
	char **seen;		/* real paths of files read (include cycles) */
	size_t nseen, seen_alloc;
	struct lak_rule_source *sources;	/* every file read, in order */
	size_t nsources, sources_alloc;
	struct lak_buf tokens;	/* folded term tokens, NUL-separated */
	struct term *terms;
	size_t nterms, terms_alloc;
	GHashTable *index;	/* first token -> first term + 1 */
	struct lak_detectors *det;
	unsigned int detectors_used;
	struct lak_rule_scope *scopes;
	size_t nscopes, scopes_alloc;
	size_t open_scope;	/* the `in` block being read (number), 0 */
	const char *open_file;	/* the file it was opened in */
	/* lak_rules_push_terms(): what to go back to */
	bool pushed;
	size_t push_n, push_nterms, push_tokens;
};

/* --- lines and tokens ----------------------------------------------------- */

enum tok_kind { TOK_WORD, TOK_STRING, TOK_REGEX };

struct tok {
	enum tok_kind kind;
	char *text;		/* unquoted string, regex source, or word */
	char *flags;		/* regex flags */
	unsigned int col;
};

struct line {
	const char *file;
	unsigned int no;
	struct tok tok[16];
	int n;
};

static void
line_clear(struct line *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->tok[i].text);
		free(l->tok[i].flags);
	}
	l->n = 0;
}

/* Column of byte 'i' of a line: counted in characters, 1-based. */
static unsigned int
column(const char *s, size_t i)
{
	unsigned int c = 1;

	for (size_t k = 0; k < i; k++)
		if (((unsigned char)s[k] & 0xC0) != 0x80)
			c++;
	return c;
}

static int
tokenize(const char *s, size_t len, struct line *l, struct lak_error *err)
{
	size_t i = 0;

	while (i < len) {
		struct tok *t;
		struct lak_buf b;
		size_t start;

		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		if (l->n == (int)LAK_ARRAY_SIZE(l->tok))
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: too "
			    "many words on one line", l->file, l->no,
			    column(s, i));
		t = &l->tok[l->n];
		memset(t, 0, sizeof(*t));
		t->col = column(s, i);
		start = i;
		lak_buf_init(&b, LAK_MAX_TEXT_FILE);	/* a token */
		if (s[i] == '"') {
			t->kind = TOK_STRING;
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len &&
				    (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				lak_buf_addc(&b, s[i]);
			}
			if (i >= len) {
				lak_buf_release(&b);
				return lak_error_set(err, LAK_EFORMAT,
				    "%s:%u:%u: unterminated string (expected "
				    "a closing '\"')", l->file, l->no, t->col);
			}
			i++;
		} else if (s[i] == '/' && l->n > 0 &&
		    l->tok[l->n - 1].kind == TOK_WORD &&
		    strcmp(l->tok[l->n - 1].text, "regex") == 0) {
			/* after "regex" only: elsewhere '/' starts a path */
			t->kind = TOK_REGEX;
			for (i++; i < len && s[i] != '/'; i++) {
				if (s[i] == '\\' && i + 1 < len) {
					/* "\/" is a slash; other escapes are
					 * PCRE2's */
					if (s[i + 1] != '/')
						lak_buf_addc(&b, s[i]);
					i++;
				}
				lak_buf_addc(&b, s[i]);
			}
			if (i >= len) {
				lak_buf_release(&b);
				return lak_error_set(err, LAK_EFORMAT,
				    "%s:%u:%u: unterminated regex (expected "
				    "a closing '/')", l->file, l->no, t->col);
			}
			i++;
			start = i;
			while (i < len && isalpha((unsigned char)s[i]))
				i++;
			t->flags = strndup(s + start, i - start);
		} else {
			t->kind = TOK_WORD;
			while (i < len && s[i] != ' ' && s[i] != '\t' &&
			    s[i] != '\r' && s[i] != '#')
				lak_buf_addc(&b, s[i++]);
		}
		if (b.failed) {
			lak_buf_release(&b);
			return lak_error_set(err, LAK_ELIMIT, "%s:%u:%u: word "
			    "too long", l->file, l->no, t->col);
		}
		t->text = lak_buf_take(&b, NULL);
		lak_buf_release(&b);
		l->n++;
		if (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '#' && t->kind != TOK_WORD)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected a blank after the %s", l->file, l->no,
			    column(s, i), t->kind == TOK_STRING ? "string" :
			    "regex");
	}
	return 0;
}

/* --- building --------------------------------------------------------------- */

static const char *
intern_file(struct lak_ruleset *rs, const char *name, struct lak_error *err)
{
	char *c;

	for (size_t i = 0; i < rs->nfiles; i++)
		if (strcmp(rs->files[i], name) == 0)
			return rs->files[i];
	if (lak_array_grow((void **)&rs->files, &rs->files_alloc, rs->nfiles,
	    sizeof(*rs->files)) < 0 || (c = strdup(name)) == NULL) {
		lak_error_oom(err);
		return NULL;
	}
	rs->files[rs->nfiles++] = c;
	return c;
}

static struct lak_rule *
add_rule(struct lak_ruleset *rs, const struct line *l, const struct tok *at,
    enum lak_rule_kind kind, struct lak_error *err)
{
	struct lak_rule *r;

	if (lak_array_grow((void **)&rs->rules, &rs->alloc, rs->n,
	    sizeof(*rs->rules)) < 0 || lak_array_grow((void **)&rs->re,
	    &rs->re_alloc, rs->n, sizeof(*rs->re)) < 0) {
		lak_error_oom(err);
		return NULL;
	}
	r = &rs->rules[rs->n];
	memset(r, 0, sizeof(*r));
	rs->re[rs->n] = NULL;
	rs->n++;
	r->kind = kind;
	r->ground = r->written = -1;
	r->file = l->file;
	r->line = l->no;
	r->col = at->col;
	r->scope = rs->open_scope;
	return r;
}

/* Add one term (UTF-8) for rule 'ri'; 'where' names it for errors. */
static int
add_term(struct lak_ruleset *rs, uint32_t ri, const char *term, size_t len,
    const char *where, struct lak_error *err)
{
	size_t tok = rs->tokens.len, off;
	long n = lak_fold_tokens(term, len, &rs->tokens);
	struct term *t;
	bool hyphen = memchr(term, '-', len) != NULL;

	if (n < 0)
		return lak_buf_check(&rs->tokens, err);
	if (n == 0)
		return lak_error_set(err, LAK_EFORMAT, "%s: the term has no "
		    "letters or digits", where);
	if (n > MAX_TERM_TOKENS)
		return lak_error_set(err, LAK_ELIMIT, "%s: the term has more "
		    "than %d words", where, MAX_TERM_TOKENS);
	if (lak_array_grow((void **)&rs->terms, &rs->terms_alloc, rs->nterms,
	    sizeof(*rs->terms)) < 0)
		return lak_error_oom(err);
	t = &rs->terms[rs->nterms++];
	t->tok = tok;
	t->ntok = (uint16_t)n;
	t->rule = ri;
	t->next = 0;	/* linked by build_index() */
	/* "Bakker-Smit" also as the one word "bakkersmit": a line-end
	 * hyphen the view joined. */
	if (hyphen && n > 1 && n <= 4) {
		struct lak_buf joined;
		const char *s = rs->tokens.data + tok;

		lak_buf_init(&joined, 0);
		for (long k = 0; k < n; k++, s += strlen(s) + 1)
			lak_buf_adds(&joined, s);
		off = rs->tokens.len;
		lak_buf_add(&rs->tokens, joined.data, joined.len + 1);
		lak_buf_release(&joined);
		if (lak_buf_check(&rs->tokens, err) < 0)
			return -1;
		if (lak_array_grow((void **)&rs->terms, &rs->terms_alloc,
		    rs->nterms, sizeof(*rs->terms)) < 0)
			return lak_error_oom(err);
		t = &rs->terms[rs->nterms++];
		t->tok = off;
		t->ntok = 1;
		t->rule = ri;
		t->next = 0;
	}
	return 0;
}

/* Build the first-token index once all terms are in ('tokens' is final). */
static int
build_index(struct lak_ruleset *rs, struct lak_error *err)
{
	for (size_t i = rs->nterms; i-- > 0;) {
		const char *first = rs->tokens.data + rs->terms[i].tok;
		gpointer head = g_hash_table_lookup(rs->index, first);

		rs->terms[i].next = (uint32_t)GPOINTER_TO_SIZE(head);
		g_hash_table_insert(rs->index, (gpointer)first,
		    GSIZE_TO_POINTER(i + 1));
	}
	(void)err;
	return 0;
}

/* Record a file read (its path and SHA-256) for lak_rules_source(). */
static int
add_source(struct lak_ruleset *rs, const char *path, const char *data,
    size_t len, struct lak_error *err)
{
	struct lak_rule_source *src;

	if (lak_array_grow((void **)&rs->sources, &rs->sources_alloc,
	    rs->nsources, sizeof(*rs->sources)) < 0)
		return lak_error_oom(err);
	src = &rs->sources[rs->nsources];
	if ((src->path = strdup(path)) == NULL)
		return lak_error_oom(err);
	lak_sha256_hex(data, len, src->sha256);
	rs->nsources++;
	return 0;
}

static int
read_terms_file(struct lak_ruleset *rs, uint32_t ri, const char *path,
    const char *where, struct lak_error *err)
{
	char *data = NULL, *p, *end;
	size_t len = 0, lineno = 0, before = rs->nterms;
	char w[PATH_MAX + 32];

	if (lak_file_read(path, MAX_TERMS_FILE, &data, &len, err) < 0) {
		lak_error_prefix(err, "%s: terms file %s: ", where, path);
		return -1;
	}
	if (add_source(rs, path, data, len, err) < 0) {
		free(data);
		return -1;
	}
	if (!g_utf8_validate(data, (gssize)len, NULL)) {
		free(data);
		return lak_error_set(err, LAK_EFORMAT, "%s: terms file %s is "
		    "not UTF-8 text", where, path);
	}
	for (p = data, end = data + len; p < end; ) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end, *s = p;

		lineno++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r'))
			e--;
		if (e > s && *s != '#') {
			snprintf(w, sizeof(w), "%s:%zu", path, lineno);
			if (add_term(rs, ri, s, (size_t)(e - s), w, err) < 0) {
				free(data);
				return -1;
			}
		}
		p = nl ? nl + 1 : end;
	}
	free(data);
	rs->rules[ri].nterms = rs->nterms - before;
	return 0;
}

static int
compile_regex(struct lak_ruleset *rs, size_t ri, const struct line *l,
    const struct tok *t, struct lak_error *err)
{
	uint32_t opts = PCRE2_UTF | PCRE2_NO_UTF_CHECK;
	PCRE2_SIZE off;
	pcre2_code *re;
	int code;

	for (const char *f = t->flags; f && *f; f++) {
		switch (*f) {
		case 'i': opts |= PCRE2_CASELESS; break;
		case 'x': opts |= PCRE2_EXTENDED; break;
		case 'u': opts |= PCRE2_UCP; break;
		default:
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "unknown regex flag '%c' (expected i, x or u)",
			    l->file, l->no, t->col, *f);
		}
	}
	re = pcre2_compile((PCRE2_SPTR)t->text, PCRE2_ZERO_TERMINATED, opts,
	    &code, &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(code, msg, sizeof(msg));
		/* +1: the column of the opening slash */
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: bad regex: "
		    "%s (at offset %zu)", l->file, l->no,
		    t->col + 1 + (unsigned int)off, (const char *)msg,
		    (size_t)off);
	}
	lak_regex_jit(re);
	{
		/* A regex that matches the empty string would redact
		 * nothing, everywhere: refuse it. */
		pcre2_match_data *md = pcre2_match_data_create(1, NULL);
		int rc = md ? pcre2_match(re, (PCRE2_SPTR)"", 0, 0, 0, md,
		    NULL) : -1;

		pcre2_match_data_free(md);
		if (rc >= 0) {
			pcre2_code_free(re);
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: the "
			    "regex matches the empty string", l->file, l->no,
			    t->col);
		}
	}
	rs->re[ri] = re;
	return 0;
}

static bool
is_kind(const char *w)
{
	static const char *const kinds[] = {
		"detector", "term", "terms", "regex", "section", "document",
		"page", "domain",
	};

	for (size_t i = 0; i < LAK_ARRAY_SIZE(kinds); i++)
		if (strcmp(w, kinds[i]) == 0)
			return true;
	return false;
}

/* "dir/of/base" + rel, unless rel is absolute. */
static char *
relative_to(const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/');

	if (rel[0] == '/' || slash == NULL)
		return strdup(rel);
	return g_strdup_printf("%.*s/%s", (int)(slash - base), base, rel);
}

static int load_file(struct lak_ruleset *rs, const char *path, int depth,
    const char *from, struct lak_error *err);
static int parse(struct lak_ruleset *rs, const char *data, size_t len,
    const char *name, int depth, struct lak_error *err);

static int parse_rule(struct lak_ruleset *rs, struct line *l, int depth,
    struct lak_error *err);

/*
 * in PATTERN... {            the rules up to a line "}" are scoped
 * in PATTERN... { RULE }     one rule scoped
 * Patterns are inventory IDs or file names, with shell wildcards.
 */
static int
parse_scope(struct lak_ruleset *rs, struct line *l, int depth,
    struct lak_error *err)
{
	struct tok *t = l->tok;
	struct lak_rule_scope *sc;
	int k, open = -1;

	if (rs->open_scope != 0)
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: 'in' inside "
		    "the block opened at %s:%u (close it with '}' first)",
		    l->file, l->no, t[0].col,
		    rs->scopes[rs->open_scope - 1].file,
		    rs->scopes[rs->open_scope - 1].line);
	for (k = 1; k < l->n; k++)
		if (t[k].kind == TOK_WORD && strcmp(t[k].text, "{") == 0) {
			open = k;
			break;
		}
	if (open < 0 || open == 1)
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: expected "
		    "in ID-OR-FILE... { (such as: in 0003 \"*.eml\" {)",
		    l->file, l->no, open == 1 ? t[1].col : t[l->n - 1].col);
	if (open + 1 < l->n && (t[l->n - 1].kind != TOK_WORD ||
	    strcmp(t[l->n - 1].text, "}") != 0))
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: a rule after "
		    "'{' on the same line ends with '}'", l->file, l->no,
		    t[l->n - 1].col);
	if (open + 2 == l->n)
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: expected a "
		    "rule between '{' and '}'", l->file, l->no, t[open].col);
	if (lak_array_grow((void **)&rs->scopes, &rs->scopes_alloc,
	    rs->nscopes, sizeof(*rs->scopes)) < 0)
		return lak_error_oom(err);
	sc = &rs->scopes[rs->nscopes];
	memset(sc, 0, sizeof(*sc));
	if ((sc->pat = calloc((size_t)(open - 1), sizeof(*sc->pat))) == NULL)
		return lak_error_oom(err);
	rs->nscopes++;
	sc->file = l->file;
	sc->line = l->no;
	sc->col = t[0].col;
	for (k = 1; k < open; k++) {
		if (t[k].kind == TOK_REGEX || t[k].text[0] == '\0')
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected an inventory ID or a file name",
			    l->file, l->no, t[k].col);
		if ((sc->pat[sc->npat++] = strdup(t[k].text)) == NULL)
			return lak_error_oom(err);
	}
	rs->open_scope = rs->nscopes;
	rs->open_file = l->file;
	if (open + 1 < l->n) {
		/* one rule on the line */
		struct line sub;
		int ret;

		memset(&sub, 0, sizeof(sub));
		sub.file = l->file;
		sub.no = l->no;
		sub.n = l->n - open - 2;
		memcpy(sub.tok, &t[open + 1], (size_t)sub.n * sizeof(*t));
		if (sub.tok[0].kind == TOK_WORD &&
		    (strcmp(sub.tok[0].text, "in") == 0 ||
		    strcmp(sub.tok[0].text, "include") == 0))
			ret = lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected a rule after '{'", l->file, l->no,
			    sub.tok[0].col);
		else
			ret = parse_rule(rs, &sub, depth, err);
		rs->open_scope = 0;
		rs->open_file = NULL;
		return ret;
	}
	return 0;
}

static int
parse_rule(struct lak_ruleset *rs, struct line *l, int depth,
    struct lak_error *err)
{
	struct tok *t = l->tok;
	const char *w0 = t[0].text;
	int k = 0;
	struct lak_rule *r;
	char ground[64] = "";
	long g = -1;
	bool allow = false;
	size_t ri;

	if (t[0].kind == TOK_WORD && strcmp(w0, "regime") == 0) {
		enum lak_regime reg;
		char where[PATH_MAX + 32];

		if (l->n != 2 || t[1].kind != TOK_WORD ||
		    (strcmp(t[1].text, "woo") && strcmp(t[1].text, "wob")))
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected 'regime woo' or 'regime wob'", l->file,
			    l->no, l->n > 1 ? t[1].col : t[0].col);
		reg = strcmp(t[1].text, "wob") == 0 ? LAK_REGIME_WOB :
		    LAK_REGIME_WOO;
		if (rs->regime_set && rs->regime != reg)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "regime %s conflicts with regime %s set at %s",
			    l->file, l->no, t[1].col, t[1].text,
			    lak_regime_str(rs->regime), rs->regime_where);
		snprintf(where, sizeof(where), "%s:%u", l->file, l->no);
		free(rs->regime_where);
		rs->regime_where = strdup(where);
		rs->regime = reg;
		rs->regime_set = true;
		return rs->regime_where ? 0 : lak_error_oom(err);
	}
	if (t[0].kind == TOK_WORD && strcmp(w0, "label") == 0) {
		if (l->n != 2 || t[1].kind != TOK_STRING)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected label \"...{code}...\"", l->file, l->no,
			    l->n > 1 ? t[1].col : t[0].col);
		if (strstr(t[1].text, "{code}") == NULL)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: the "
			    "label must show the ground: put {code} in it",
			    l->file, l->no, t[1].col);
		free(rs->label);
		rs->label = strdup(t[1].text);
		return rs->label ? 0 : lak_error_oom(err);
	}
	if (t[0].kind == TOK_WORD && strcmp(w0, "include") == 0) {
		char *path;
		int ret;
		char from[PATH_MAX + 32];

		if (l->n != 2 || t[1].kind == TOK_REGEX)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected include FILE", l->file, l->no,
			    l->n > 1 ? t[1].col : t[0].col);
		if ((path = relative_to(l->file, t[1].text)) == NULL)
			return lak_error_oom(err);
		snprintf(from, sizeof(from), "%s:%u:%u", l->file, l->no,
		    t[1].col);
		ret = load_file(rs, path, depth + 1, from, err);
		g_free(path);
		return ret;
	}

	if (t[0].kind == TOK_WORD && strcmp(w0, "}") == 0) {
		if (l->n != 1)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "unexpected words after '}'", l->file, l->no,
			    t[1].col);
		if (rs->open_scope == 0 || rs->open_file != l->file)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "'}' without an 'in ... {' before it", l->file,
			    l->no, t[0].col);
		rs->open_scope = 0;
		rs->open_file = NULL;
		return 0;
	}
	if (t[0].kind == TOK_WORD && strcmp(w0, "in") == 0)
		return parse_scope(rs, l, depth, err);

	/* GROUND KIND ARGS, or allow KIND ARGS */
	if (t[0].kind == TOK_WORD && strcmp(w0, "allow") == 0) {
		allow = true;
		k = 1;
	} else {
		/* The longest run of up to three words that is a ground:
		 * "5.1.2e", "art. 10.1b", "5.1.2 e". */
		for (int nk = LAK_MIN(3, l->n); nk >= 1 && g < 0; nk--) {
			size_t len = 0;
			int j;

			ground[0] = '\0';
			for (j = 0; j < nk && t[j].kind == TOK_WORD &&
			    (j == 0 || !is_kind(t[j].text)); j++)
				len += (size_t)snprintf(ground + LAK_MIN(len,
				    sizeof(ground) - 1), sizeof(ground) -
				    LAK_MIN(len, sizeof(ground) - 1), "%s%s",
				    j ? " " : "", t[j].text);
			if (j == nk && (g = lak_grounds_find(rs->cat,
			    ground)) >= 0)
				k = nk;
		}
		if (g < 0)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "unknown ground '%s' (expected a Woo or Wob code "
			    "such as 5.1.2e or art. 10.1b, or a directive: "
			    "regime, label, include, allow)", l->file, l->no,
			    t[0].col, t[0].text);
	}
	if (k >= l->n || t[k].kind != TOK_WORD || !is_kind(t[k].text))
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: expected "
		    "detector, term, terms, regex, section, document, page or "
		    "(after allow) domain",
		    l->file, l->no, k < l->n ? t[k].col :
		    t[l->n - 1].col + (unsigned int)strlen(t[l->n - 1].text) +
		    1);

#define EXPECT_ARGS(nargs, what) do { \
	if (l->n != k + 1 + (nargs)) \
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: %s%s", \
		    l->file, l->no, l->n > k + 1 + (nargs) ? \
		    t[k + 1 + (nargs)].col : t[k].col, \
		    l->n > k + 1 + (nargs) ? "unexpected words after the rule" : \
		    "expected ", l->n > k + 1 + (nargs) ? "" : (what)); \
} while (0)

	if (strcmp(t[k].text, "detector") == 0) {
		int d;
		char known[256] = "";

		for (int i = 0; i < LAK_DETECT_COUNT; i++)
			snprintf(known + strlen(known), sizeof(known) -
			    strlen(known), "%s%s", i ? ", " : "",
			    lak_detector_name((enum lak_detector)i));
		if (l->n != k + 2)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: %s "
			    "(%s)", l->file, l->no, l->n > k + 2 ?
			    t[k + 2].col : t[k].col, l->n > k + 2 ?
			    "unexpected words after the rule" :
			    "expected detector NAME", known);
		if ((d = lak_detector_find(t[k + 1].text)) < 0)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "unknown detector '%s' (expected %s)", l->file,
			    l->no, t[k + 1].col, t[k + 1].text, known);
		if (!allow && d == LAK_DETECT_FUNCTIONAL)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "functioneel-adres finds what stays readable: "
			    "use it as 'allow detector functioneel-adres'",
			    l->file, l->no, t[k + 1].col);
		if (allow && d != LAK_DETECT_FUNCTIONAL)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "allow detector takes functioneel-adres (the "
			    "other detectors find personal data)", l->file,
			    l->no, t[k + 1].col);
		if ((r = add_rule(rs, l, &t[0], LAK_RULE_DETECTOR, err)) ==
		    NULL)
			return -1;
		r->detector = (enum lak_detector)d;
		rs->detectors_used |= 1u << d;
	} else if (strcmp(t[k].text, "domain") == 0) {
		/* allow domain minienw.nl: the domain of an organisation's
		 * addresses (and its subdomains) stays readable, the person's
		 * part before the '@' goes */
		struct tok re = t[k + 1];
		GString *pat;
		const char *d;

		EXPECT_ARGS(1, "domain NAME (such as minienw.nl)");
		d = t[k + 1].text;
		if (!allow)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "domain is for allow rules: 'allow domain %s'",
			    l->file, l->no, t[k].col, d);
		for (const char *c = d; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '.' &&
			    *c != '-')
				return lak_error_set(err, LAK_EFORMAT,
				    "%s:%u:%u: a domain is letters, digits, "
				    "'.' and '-' (such as minienw.nl)",
				    l->file, l->no, t[k + 1].col);
		if (strchr(d, '.') == NULL || d[0] == '.' || d[0] == '-')
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected a domain such as minienw.nl", l->file,
			    l->no, t[k + 1].col);
		/* '@', subdomains, the name; a line may break after a dot
		 * or a dash as in the e-mail detector */
		pat = g_string_new("@[ \\n]?(?:[A-Za-z0-9-]+\\.[ \\n]?)*");
		for (const char *c = d; *c; c++) {
			if (*c == '.' || *c == '-')
				g_string_append_printf(pat, "\\%c[ \\n]?", *c);
			else
				g_string_append_c(pat, *c);
		}
		g_string_append(pat, "(?![\\w.-]*[\\w-])");
		if ((r = add_rule(rs, l, &t[0], LAK_RULE_REGEX, err)) == NULL) {
			g_string_free(pat, TRUE);
			return -1;
		}
		r->arg = strdup(pat->str);
		g_string_free(pat, TRUE);
		if (r->arg == NULL)
			return lak_error_oom(err);
		re.text = r->arg;
		re.flags = (char *)"i";
		if (compile_regex(rs, rs->n - 1, l, &re, err) < 0)
			return -1;
	} else if (strcmp(t[k].text, "term") == 0 ||
	    strcmp(t[k].text, "terms") == 0) {
		bool many = t[k].text[4] == 's';
		char where[PATH_MAX + 32];

		EXPECT_ARGS(1, many ? "terms FILE" : "term \"TEXT\"");
		if (t[k + 1].kind == TOK_REGEX)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected a quoted term, not a regex", l->file,
			    l->no, t[k + 1].col);
		if ((r = add_rule(rs, l, &t[0], LAK_RULE_TERM, err)) == NULL)
			return -1;
		ri = rs->n - 1;
		if ((r->arg = strdup(t[k + 1].text)) == NULL)
			return lak_error_oom(err);
		snprintf(where, sizeof(where), "%s:%u:%u", l->file, l->no,
		    t[k + 1].col);
		if (many) {
			char *path = relative_to(l->file, t[k + 1].text);
			int ret;

			if (path == NULL)
				return lak_error_oom(err);
			ret = read_terms_file(rs, (uint32_t)ri, path, where,
			    err);
			g_free(path);
			if (ret < 0)
				return -1;
		} else {
			if (add_term(rs, (uint32_t)ri, r->arg, strlen(r->arg),
			    where, err) < 0)
				return -1;
			rs->rules[ri].nterms = 1;
		}
	} else if (strcmp(t[k].text, "regex") == 0) {
		EXPECT_ARGS(1, "regex /PATTERN/FLAGS");
		if (t[k + 1].kind != TOK_REGEX)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected /PATTERN/ after regex", l->file, l->no,
			    t[k + 1].col);
		if ((r = add_rule(rs, l, &t[0], LAK_RULE_REGEX, err)) == NULL)
			return -1;
		if ((r->arg = strdup(t[k + 1].text)) == NULL)
			return lak_error_oom(err);
		if (compile_regex(rs, rs->n - 1, l, &t[k + 1], err) < 0)
			return -1;
	} else if (strcmp(t[k].text, "section") == 0) {
		EXPECT_ARGS(1, "section \"HEADING\"");
		if (allow)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: allow "
			    "takes term, terms, regex, detector or domain", l->file, l->no,
			    t[k].col);
		if ((r = add_rule(rs, l, &t[0], LAK_RULE_SECTION, err)) == NULL)
			return -1;
		if ((r->arg = strdup(t[k + 1].text)) == NULL)
			return lak_error_oom(err);
	} else if (strcmp(t[k].text, "document") == 0) {
		EXPECT_ARGS(0, "nothing after document");
		if (allow)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: allow "
			    "takes term, terms, regex, detector or domain", l->file, l->no,
			    t[k].col);
		if ((r = add_rule(rs, l, &t[0], LAK_RULE_DOCUMENT, err)) == NULL)
			return -1;
	} else {		/* page N or N-M */
		unsigned long a, b;
		char *e;

		EXPECT_ARGS(1, "page N or page N-M");
		errno = 0;
		a = strtoul(t[k + 1].text, &e, 10);
		b = a;
		if (*e == '-')
			b = strtoul(e + 1, &e, 10);
		if (allow || errno || *e || a == 0 || b < a || b > 1000000 ||
		    !isdigit((unsigned char)t[k + 1].text[0]))
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "expected a page number or range such as 3 or 3-5",
			    l->file, l->no, t[k + 1].col);
		if ((r = add_rule(rs, l, &t[0], LAK_RULE_PAGE, err)) == NULL)
			return -1;
		r->page_from = (unsigned int)a;
		r->page_to = (unsigned int)b;
	}
#undef EXPECT_ARGS
	r = &rs->rules[rs->n - 1];
	r->allow = allow;
	r->written = g;
	return 0;
}

static int
parse(struct lak_ruleset *rs, const char *data, size_t len, const char *name,
    int depth, struct lak_error *err)
{
	const char *file = intern_file(rs, name, err);
	size_t off = 0;
	unsigned int no = 0, before = err ? err->n : 0;

	if (file == NULL)
		return -1;
	if (!g_utf8_validate(data, (gssize)len, NULL))
		return lak_error_set(err, LAK_EFORMAT, "%s: not UTF-8 text",
		    name);
	while (off < len) {
		const char *s = data + off;
		size_t n = 0;
		struct line l;
		int ret;

		while (off + n < len && data[off + n] != '\n')
			n++;
		off += n + 1;
		no++;
		struct lak_error le = LAK_ERROR_INIT;

		memset(&l, 0, sizeof(l));
		l.file = file;
		l.no = no;
		ret = tokenize(s, n, &l, &le);
		if (ret == 0 && l.n > 0)
			ret = parse_rule(rs, &l, depth, &le);
		line_clear(&l);
		if (ret < 0) {
			/* a mistake in a line: the next lines are read too, so
			 * that one run reports them all; anything else (out of
			 * memory, a file that cannot be read) stops here */
			lak_error_merge(err, &le);
			if (le.code != LAK_EFORMAT)
				return -1;
		}
	}
	if (rs->open_scope != 0 && rs->open_file == file) {
		const struct lak_rule_scope *sc = &rs->scopes[rs->open_scope -
		    1];

		rs->open_scope = 0;
		rs->open_file = NULL;
		return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: the block "
		    "opened here is not closed (expected a line '}')",
		    sc->file, sc->line, sc->col);
	}
	return err != NULL && err->n > before ? -1 : 0;
}

static int
load_file(struct lak_ruleset *rs, const char *path, int depth,
    const char *from, struct lak_error *err)
{
	char *data = NULL, *real;
	size_t len = 0;
	int ret;

	if (depth > MAX_INCLUDE_DEPTH)
		return lak_error_set(err, LAK_ELIMIT, "%s: includes nested "
		    "more than %d deep", from, MAX_INCLUDE_DEPTH);
	if (lak_file_read(path, MAX_RULE_FILE, &data, &len, err) < 0) {
		if (from)
			lak_error_prefix(err, "%s: cannot include %s: ", from,
			    path);
		else
			lak_error_prefix(err, "%s: ", path);
		return -1;
	}
	real = realpath(path, NULL);
	for (size_t i = 0; real && i < rs->nseen; i++)
		if (strcmp(rs->seen[i], real) == 0) {
			free(real);
			free(data);
			return lak_error_set(err, LAK_EFORMAT, "%s: %s is "
			    "included again (an include cycle, or the same "
			    "file twice)", from ? from : path, path);
		}
	if (real != NULL) {
		if (lak_array_grow((void **)&rs->seen, &rs->seen_alloc,
		    rs->nseen, sizeof(*rs->seen)) < 0) {
			free(real);
			free(data);
			return lak_error_oom(err);
		}
		rs->seen[rs->nseen++] = real;
	}
	ret = add_source(rs, path, data, len, err) < 0 ? -1 :
	    parse(rs, data, len, path, depth, err);
	free(data);
	return ret;
}

static struct lak_ruleset *
ruleset_new(const struct lak_grounds *cat, struct lak_error *err)
{
	struct lak_ruleset *rs = calloc(1, sizeof(*rs));

	if (rs == NULL) {
		lak_error_oom(err);
		return NULL;
	}
	rs->cat = cat;
	rs->regime = LAK_REGIME_WOO;
	lak_buf_init(&rs->tokens, 0);
	rs->index = g_hash_table_new(g_str_hash, g_str_equal);
	return rs;
}

/* Map every ground to the regime, compile the detectors, index terms. */
static int
finish(struct lak_ruleset *rs, struct lak_error *err)
{
	if (rs->label == NULL && (rs->label = strdup(rs->regime ==
	    LAK_REGIME_WOB ? "[art. {code}]" : "[{code}]")) == NULL)
		return lak_error_oom(err);
	for (size_t i = 0; i < rs->n; i++) {
		struct lak_rule *r = &rs->rules[i];

		if (r->allow)
			continue;
		r->ground = lak_grounds_in(rs->cat, r->written, rs->regime);
		if (r->ground < 0)
			return lak_error_set(err, LAK_EFORMAT, "%s:%u:%u: "
			    "ground %s has no counterpart under regime %s",
			    r->file, r->line, r->col,
			    rs->cat->g[r->written].code,
			    lak_regime_str(rs->regime));
	}
	if (rs->detectors_used && lak_detectors_new(&rs->det, err) < 0)
		return -1;
	return build_index(rs, err);
}

int
lak_rules_load(const char *const *paths, size_t npaths,
    const struct lak_grounds *cat, struct lak_ruleset **out,
    struct lak_error *err)
{
	struct lak_ruleset *rs;

	*out = NULL;
	if ((rs = ruleset_new(cat, err)) == NULL)
		return -1;
	for (size_t i = 0; i < npaths; i++)
		if (load_file(rs, paths[i], 0, NULL, err) < 0)
			goto fail;
	if (finish(rs, err) < 0)
		goto fail;
	*out = rs;
	return 0;
fail:
	lak_rules_free(rs);
	return -1;
}

int
lak_rules_parse(const char *data, size_t len, const char *name,
    const struct lak_grounds *cat, struct lak_ruleset **out,
    struct lak_error *err)
{
	struct lak_ruleset *rs;

	*out = NULL;
	if ((rs = ruleset_new(cat, err)) == NULL)
		return -1;
	if (parse(rs, data, len, name, 0, err) < 0 || finish(rs, err) < 0) {
		lak_rules_free(rs);
		return -1;
	}
	*out = rs;
	return 0;
}

void
lak_rules_free(struct lak_ruleset *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->rules[i].arg);
		pcre2_code_free(rs->re[i]);
	}
	free(rs->rules);
	free(rs->re);
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	for (size_t i = 0; i < rs->nseen; i++)
		free(rs->seen[i]);
	free(rs->seen);
	for (size_t i = 0; i < rs->nsources; i++)
		free(rs->sources[i].path);
	free(rs->sources);
	for (size_t i = 0; i < rs->nscopes; i++) {
		for (size_t k = 0; k < rs->scopes[i].npat; k++)
			free(rs->scopes[i].pat[k]);
		free(rs->scopes[i].pat);
	}
	free(rs->scopes);
	free(rs->regime_where);
	free(rs->label);
	lak_buf_release(&rs->tokens);
	free(rs->terms);
	g_hash_table_destroy(rs->index);
	lak_detectors_free(rs->det);
	free(rs);
}

enum lak_regime
lak_rules_regime(const struct lak_ruleset *rs)
{
	return rs->regime;
}

const char *
lak_rules_label(const struct lak_ruleset *rs)
{
	return rs->label;
}

size_t
lak_rules_count(const struct lak_ruleset *rs)
{
	return rs->n;
}

const struct lak_rule *
lak_rules_get(const struct lak_ruleset *rs, size_t i)
{
	return i < rs->n ? &rs->rules[i] : NULL;
}

size_t
lak_rules_nterms(const struct lak_ruleset *rs)
{
	return rs->nterms;
}

size_t
lak_rules_nsources(const struct lak_ruleset *rs)
{
	return rs->nsources;
}

const struct lak_rule_source *
lak_rules_source(const struct lak_ruleset *rs, size_t i)
{
	return i < rs->nsources ? &rs->sources[i] : NULL;
}

/* --- for the matcher (rules-int.h) ------------------------------------------ */

int
lak_rules_regex(const struct lak_ruleset *rs, size_t ri, const char *text,
    size_t len, int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err)
{
	pcre2_code *re = rs->re[ri];
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	PCRE2_SIZE start = 0;
	int ret = 0;

	if (md == NULL)
		return lak_error_oom(err);
	while (start <= len) {
		int rc = pcre2_match(re, (PCRE2_SPTR)text, len, start,
		    PCRE2_NO_UTF_CHECK, md, NULL);
		PCRE2_SIZE *ov;

		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			ret = lak_error_set(err, LAK_ELIMIT, "%s:%u: regex "
			    "matching failed (PCRE2 error %d)",
			    rs->rules[ri].file, rs->rules[ri].line, rc);
			break;
		}
		ov = pcre2_get_ovector_pointer(md);
		if (ov[1] > ov[0] && found(ctx, ov[0], ov[1]) < 0) {
			ret = -1;
			break;
		}
		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		while (start < len && (text[start] & 0xC0) == 0x80)
			start++;
	}
	pcre2_match_data_free(md);
	return ret;
}

int
lak_rules_detect(const struct lak_ruleset *rs, size_t ri, const char *text,
    size_t len, int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err)
{
	return lak_detect(rs->det, rs->rules[ri].detector, text, len, found,
	    ctx, err);
}

size_t
lak_rules_nscopes(const struct lak_ruleset *rs)
{
	return rs->nscopes;
}

const struct lak_rule_scope *
lak_rules_scope(const struct lak_ruleset *rs, size_t i)
{
	return i < rs->nscopes ? &rs->scopes[i] : NULL;
}

bool
lak_rule_scope_matches(const struct lak_rule_scope *sc, const char *id,
    const char *file)
{
	const char *base = file ? strrchr(file, '/') : NULL;

	base = base ? base + 1 : file;
	for (size_t k = 0; k < sc->npat; k++)
		if ((id != NULL && fnmatch(sc->pat[k], id, 0) == 0) ||
		    (base != NULL && fnmatch(sc->pat[k], base, 0) == 0))
			return true;
	return false;
}

bool
lak_rule_scope_used(const struct lak_rule_scope *sc, const char *const *ids,
    const char *const *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lak_rule_scope_matches(sc, ids ? ids[i] : NULL,
		    files ? files[i] : NULL))
			return true;
	return false;
}

bool
lak_rules_in_scope(const struct lak_ruleset *rs, size_t ri, const char *id,
    const char *file)
{
	size_t sc = ri < rs->n ? rs->rules[ri].scope : 0;

	return sc == 0 || lak_rule_scope_matches(&rs->scopes[sc - 1], id,
	    file);
}

size_t
lak_rules_term_first(const struct lak_ruleset *rs, const char *token)
{
	return GPOINTER_TO_SIZE(g_hash_table_lookup(rs->index, token));
}

size_t
lak_rules_term_get(const struct lak_ruleset *rs, size_t id,
    const char **tokens, size_t *rule)
{
	const struct term *t = &rs->terms[id - 1];

	*tokens = rs->tokens.data + t->tok;
	*rule = t->rule;
	return t->ntok;
}

size_t
lak_rules_term_next(const struct lak_ruleset *rs, size_t id)
{
	return rs->terms[id - 1].next;
}

const struct lak_grounds *
lak_rules_catalogue(const struct lak_ruleset *rs)
{
	return rs->cat;
}

int
lak_rules_push_terms(struct lak_ruleset *rs, const char *code,
    const char *origin, const char *const *terms, size_t n,
    struct lak_error *err)
{
	struct line l;
	struct tok at;
	struct lak_rule *r;
	size_t added = 0;

	if (rs->pushed)
		lak_rules_pop_terms(rs);
	memset(&l, 0, sizeof(l));
	memset(&at, 0, sizeof(at));
	if ((l.file = intern_file(rs, origin, err)) == NULL)
		return -1;
	rs->push_n = rs->n;
	rs->push_nterms = rs->nterms;
	rs->push_tokens = rs->tokens.len;
	rs->pushed = true;
	if ((r = add_rule(rs, &l, &at, LAK_RULE_TERM, err)) == NULL)
		goto fail;
	if ((r->arg = strdup(origin)) == NULL) {
		lak_error_oom(err);
		goto fail;
	}
	r->written = lak_grounds_find(rs->cat, code);
	r->ground = r->written < 0 ? -1 : lak_grounds_in(rs->cat, r->written,
	    rs->regime);
	if (r->ground < 0) {
		lak_error_set(err, LAK_EINVAL, "%s: ground %s is not in the "
		    "catalogue of regime %s", origin, code,
		    lak_regime_str(rs->regime));
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		struct lak_error e = LAK_ERROR_INIT;

		/* a term without letters or with too many words is left
		 * out; running out of memory is not */
		if (add_term(rs, (uint32_t)(rs->n - 1), terms[i],
		    strlen(terms[i]), origin, &e) == 0)
			added++;
		else if (e.code == LAK_ENOMEM) {
			lak_error_oom(err);
			goto fail;
		}
		lak_error_clear(&e);
	}
	r->nterms = added;
	g_hash_table_remove_all(rs->index);
	if (build_index(rs, err) < 0)
		goto fail;
	return 0;
fail:
	lak_rules_pop_terms(rs);
	return -1;
}

void
lak_rules_pop_terms(struct lak_ruleset *rs)
{
	struct lak_error e = LAK_ERROR_INIT;

	if (!rs->pushed)
		return;
	for (size_t i = rs->push_n; i < rs->n; i++)
		free(rs->rules[i].arg);
	rs->n = rs->push_n;
	rs->nterms = rs->push_nterms;
	rs->tokens.len = rs->push_tokens;
	if (rs->tokens.data)
		rs->tokens.data[rs->tokens.len] = '\0';
	rs->pushed = false;
	g_hash_table_remove_all(rs->index);
	build_index(rs, &e);
	lak_error_clear(&e);
}
