/*
 * Mustache templates (see template.h).
 */
#include "lib/base/common.h"

#include <math.h>

#include "lib/render/template.h"

/* --- values -------------------------------------------------------------- */

struct lak_value *
lak_value_new(enum lak_vtype type)
{
	struct lak_value *v = calloc(1, sizeof(*v));

	if (v != NULL)
		v->type = type;
	return v;
}

struct lak_value *
lak_value_string(const char *s)
{
	struct lak_value *v = lak_value_new(LAK_V_STRING);

	if (v != NULL && (v->str = strdup(s ? s : "")) == NULL) {
		free(v);
		return NULL;
	}
	return v;
}

struct lak_value *
lak_value_number(double d)
{
	struct lak_value *v = lak_value_new(LAK_V_NUMBER);

	if (v != NULL)
		v->num = d;
	return v;
}

struct lak_value *
lak_value_bool(bool b)
{
	struct lak_value *v = lak_value_new(LAK_V_BOOL);

	if (v != NULL)
		v->b = b;
	return v;
}

static int
grow(struct lak_value *c)
{
	if (lak_array_grow((void **)&c->items, &c->alloc, c->n,
	    sizeof(*c->items)) < 0)
		return -1;
	if (c->type == LAK_V_MAP) {
		char **k = realloc(c->keys, c->alloc * sizeof(*k));

		if (k == NULL)
			return -1;
		c->keys = k;
	}
	return 0;
}

int
lak_value_append(struct lak_value *list, struct lak_value *v)
{
	if (v == NULL || list->type != LAK_V_LIST || grow(list) < 0) {
		lak_value_free(v);
		return -1;
	}
	list->items[list->n++] = v;
	return 0;
}

int
lak_value_set(struct lak_value *map, const char *key, struct lak_value *v)
{
	char *k;

	if (v == NULL || map->type != LAK_V_MAP)
		goto fail;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0) {
			lak_value_free(map->items[i]);
			map->items[i] = v;
			return 0;
		}
	if (grow(map) < 0 || (k = strdup(key)) == NULL)
		goto fail;
	map->keys[map->n] = k;
	map->items[map->n++] = v;
	return 0;
fail:
	lak_value_free(v);
	return -1;
}

const struct lak_value *
lak_value_get(const struct lak_value *map, const char *key)
{
	if (map == NULL || map->type != LAK_V_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

void
lak_value_free(struct lak_value *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++) {
		lak_value_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

/* --- parsing -------------------------------------------------------------- */

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL };

struct node {
	enum node_kind kind;
	char *text;		/* N_TEXT: the text; else the name */
	bool raw;		/* N_VAR: {{{x}}} or {{&x}} */
	char *indent;		/* N_PARTIAL: standalone indentation */
	size_t off;		/* where the tag is, for errors */
	struct node *kids;
	size_t nkids, akids;
};

struct lak_template {
	char *name;
	char *src;
	size_t len;
	struct node root;
};

static void
node_release(struct node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		node_release(&n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n->indent);
}

void
lak_template_free(struct lak_template *t)
{
	if (t == NULL)
		return;
	node_release(&t->root);
	free(t->name);
	free(t->src);
	free(t);
}

static void
linecol(const char *s, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static int
perr(const struct lak_template *t, size_t off, struct lak_error *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
perr(const struct lak_template *t, size_t off, struct lak_error *err,
    const char *fmt, ...)
{
	char msg[400];
	size_t line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	linecol(t->src, off, &line, &col);
	return lak_error_set(err, LAK_EFORMAT, "%s:%zu:%zu: %s", t->name, line,
	    col, msg);
}

static struct node *
add_node(struct node *parent, enum node_kind kind, const char *text,
    size_t n, size_t off)
{
	struct node *c;

	if (lak_array_grow((void **)&parent->kids, &parent->akids,
	    parent->nkids, sizeof(*parent->kids)) < 0)
		return NULL;
	c = &parent->kids[parent->nkids];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->off = off;
	if ((c->text = strndup(text, n)) == NULL)
		return NULL;
	parent->nkids++;
	return c;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

#define MAX_DEPTH 100

/* Free a template being parsed and pass its error on. */
static int
drop(struct lak_template *t, int r)
{
	lak_template_free(t);
	return r;
}

int
lak_template_parse(const char *src, size_t len, const char *name,
    struct lak_template **out, struct lak_error *err)
{
	struct lak_template *t = calloc(1, sizeof(*t));
	struct node *stack[MAX_DEPTH + 1];
	size_t depth = 0, pos = 0;
	char otag[16] = "{{", ctag[16] = "}}";

	*out = NULL;
	if (t == NULL || (t->name = strdup(name)) == NULL ||
	    (t->src = malloc(len + 1)) == NULL) {
		lak_template_free(t);
		return lak_error_oom(err);
	}
	memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->len = len;
	src = t->src;
	stack[0] = &t->root;
	for (;;) {
		const char *o = strstr(src + pos, otag);
		size_t start, inner, end, cl, text_end, after, ls;
		char type;
		const char *c;
		bool standalone = false;
		struct node *n;

		if (o == NULL || (size_t)(o - src) >= len) {
			if (pos < len && add_node(stack[depth], N_TEXT, src + pos,
			    len - pos, pos) == NULL)
				goto oom;
			break;
		}
		start = (size_t)(o - src);
		inner = start + strlen(otag);
		type = src[inner];
		if (strchr("#^/!>=&{", type) != NULL && type != '\0')
			inner++;
		else
			type = 'v';
		/* the closing delimiter: "}" + ctag for a triple mustache,
		 * "=" + ctag for a delimiter change */
		if (type == '{' || type == '=') {
			char want[20];

			snprintf(want, sizeof(want), "%c%s", type == '{' ? '}' :
			    '=', ctag);
			c = strstr(src + inner, want);
			cl = strlen(want);
		} else {
			c = strstr(src + inner, ctag);
			cl = strlen(ctag);
		}
		if (c == NULL) {
			return drop(t, perr(t, start, err, "unclosed tag: expected "
			    "'%s'", ctag));
		}
		end = (size_t)(c - src) + cl;
		/* standalone: only blanks around it on its line */
		ls = start;
		while (ls > 0 && src[ls - 1] != '\n')
			ls--;
		after = end;
		if (strchr("#^/!>=", type) != NULL) {
			size_t i = ls;

			while (i < start && blank(src[i]))
				i++;
			while (after < len && blank(src[after]))
				after++;
			if (i == start && ls >= pos && (after == len ||
			    src[after] == '\n' || (src[after] == '\r' &&
			    after + 1 < len && src[after + 1] == '\n'))) {
				standalone = true;
				if (after < len)
					after += src[after] == '\r' ? 2 : 1;
			}
		}
		text_end = standalone ? ls : start;
		if (text_end > pos && add_node(stack[depth], N_TEXT, src + pos,
		    text_end - pos, pos) == NULL)
			goto oom;
		pos = standalone ? after : end;
		{
			/* the tag's content, trimmed */
			size_t a = inner, b = (size_t)(c - src);

			while (a < b && (blank(src[a]) || src[a] == '\n' ||
			    src[a] == '\r'))
				a++;
			while (b > a && (blank(src[b - 1]) || src[b - 1] == '\n' ||
			    src[b - 1] == '\r'))
				b--;
			switch (type) {
			case '!':
				break;
			case '=': {
				char buf[64], *sp;
				size_t nb = LAK_MIN(b - a, sizeof(buf) - 1);

				memcpy(buf, src + a, nb);
				buf[nb] = '\0';
				sp = strpbrk(buf, " \t");
				if (sp == NULL || strlen(buf) > 40) {
					return drop(t, perr(t, start, err, "expected "
					    "{{=OPEN CLOSE=}}"));
				}
				*sp++ = '\0';
				while (blank(*sp))
					sp++;
				snprintf(otag, sizeof(otag), "%s", buf);
				snprintf(ctag, sizeof(ctag), "%s", sp);
				if (*otag == '\0' || *ctag == '\0' ||
				    strpbrk(ctag, " \t") != NULL) {
					return drop(t, perr(t, start, err, "expected "
					    "{{=OPEN CLOSE=}}"));
				}
				break;
			}
			case '#':
			case '^':
				if (depth == MAX_DEPTH) {
					return drop(t, perr(t, start, err, "sections "
					    "nested more than %d deep",
					    MAX_DEPTH));
				}
				n = add_node(stack[depth], type == '#' ?
				    N_SECTION : N_INVERTED, src + a, b - a,
				    start);
				if (n == NULL)
					goto oom;
				stack[++depth] = n;
				break;
			case '/': {
				struct node *open = stack[depth];

				if (depth == 0 || strlen(open->text) != b - a ||
				    memcmp(open->text, src + a, b - a) != 0) {
					size_t l, co;
					char what[64];

					if (depth == 0) {
						snprintf(what, sizeof(what),
						    "no section is open");
					} else {
						linecol(src, open->off, &l, &co);
						snprintf(what, sizeof(what),
						    "'%.20s' (opened at %zu:%zu) "
						    "is open", open->text, l,
						    co);
					}
					return drop(t, perr(t, start, err, "'{{/%.*s}}' "
					    "closes nothing: %s",
					    (int)LAK_MIN(b - a, 40), src + a,
					    what));
				}
				depth--;
				break;
			}
			case '>':
				n = add_node(stack[depth], N_PARTIAL, src + a,
				    b - a, start);
				if (n == NULL)
					goto oom;
				if (standalone && (n->indent = strndup(src + ls,
				    start - ls)) == NULL)
					goto oom;
				break;
			default:	/* 'v', '&', '{' */
				n = add_node(stack[depth], N_VAR, src + a, b - a,
				    start);
				if (n == NULL)
					goto oom;
				n->raw = type != 'v';
				break;
			}
		}
	}
	if (depth > 0) {
		struct node *open = stack[depth];
		int r = perr(t, open->off, err, "unclosed section '%s': "
		    "expected {{/%s}}", open->text, open->text);

		lak_template_free(t);
		return r;
	}
	*out = t;
	return 0;
oom:
	lak_template_free(t);
	return lak_error_oom(err);
}

/* --- rendering ------------------------------------------------------------ */

struct render {
	const struct lak_render_opts *o;
	const struct lak_template *t;
	const struct lak_value *stack[MAX_DEPTH * 2 + 2];
	size_t depth;
	int partials;		/* nesting, bounded */
	struct lak_buf *out;
	struct lak_error *err;
};

/* Resolve a (dotted) name against the context stack; *found says whether
 * it was there (a null value is found). */
static const struct lak_value *
lookup(const struct render *r, const char *name, bool *found)
{
	const struct lak_value *v = NULL;
	const char *dot;
	char first[256];
	size_t n;

	*found = false;
	if (strcmp(name, ".") == 0) {
		*found = true;
		return r->stack[r->depth - 1];
	}
	dot = strchr(name, '.');
	n = dot ? (size_t)(dot - name) : strlen(name);
	if (n >= sizeof(first))
		return NULL;
	memcpy(first, name, n);
	first[n] = '\0';
	for (size_t i = r->depth; i-- > 0;) {
		if ((v = lak_value_get(r->stack[i], first)) != NULL)
			break;
	}
	if (v == NULL)
		return NULL;
	/* the rest of the chain only in what the first part found */
	while (dot != NULL) {
		const char *part = dot + 1;

		dot = strchr(part, '.');
		n = dot ? (size_t)(dot - part) : strlen(part);
		if (n >= sizeof(first))
			return NULL;
		memcpy(first, part, n);
		first[n] = '\0';
		if (v->type == LAK_V_LIST) {
			/* "items.0": a list's element by index */
			char *e;
			unsigned long k = strtoul(first, &e, 10);

			if (*first == '\0' || *e != '\0' || k >= v->n)
				return NULL;
			v = v->items[k];
		} else if ((v = lak_value_get(v, first)) == NULL) {
			return NULL;
		}
	}
	*found = true;
	return v;
}

static bool
truthy(const struct lak_value *v)
{
	if (v == NULL)
		return false;
	switch (v->type) {
	case LAK_V_NULL: return false;
	case LAK_V_BOOL: return v->b;
	case LAK_V_LIST: return v->n > 0;
	case LAK_V_STRING: return v->str[0] != '\0';
	default: return true;
	}
}

static void
put_escaped(struct render *r, const char *s, bool raw)
{
	if (raw || !r->o->html) {
		lak_buf_adds(r->out, s);
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '&': lak_buf_adds(r->out, "&amp;"); break;
		case '<': lak_buf_adds(r->out, "&lt;"); break;
		case '>': lak_buf_adds(r->out, "&gt;"); break;
		case '"': lak_buf_adds(r->out, "&quot;"); break;
		default: lak_buf_addc(r->out, *s); break;
		}
	}
}

static int render_nodes(struct render *r, const struct node *n);

static int
push(struct render *r, const struct lak_value *v, const struct node *n)
{
	if (r->depth == LAK_ARRAY_SIZE(r->stack))
		return perr(r->t, n->off, r->err, "sections nested too deep");
	r->stack[r->depth++] = v;
	return 0;
}

/* The partial's source with every line indented. */
static char *
indented(const char *s, size_t len, const char *indent)
{
	struct lak_buf b;
	bool bol = true;

	lak_buf_init(&b, 0);
	for (size_t i = 0; i < len; i++) {
		if (bol && indent)
			lak_buf_adds(&b, indent);
		lak_buf_addc(&b, s[i]);
		bol = s[i] == '\n';
	}
	if (b.failed) {
		lak_buf_release(&b);
		return NULL;
	}
	return lak_buf_take(&b, NULL);
}

static int
render_partial(struct render *r, const struct node *n)
{
	const struct lak_template *saved = r->t;
	struct lak_template *pt = NULL;
	char *src = NULL, *ind;
	size_t len = 0;
	int ret;

	if (r->o->partial == NULL || r->o->partial(r->o->ctx, n->text, &src,
	    &len) < 0) {
		if (r->o->strict)
			return perr(r->t, n->off, r->err, "unknown partial "
			    "'%s'", n->text);
		return 0;
	}
	if (r->partials >= 64) {
		free(src);
		return perr(r->t, n->off, r->err, "partials nested more than 64 "
		    "deep (a partial that includes itself?)");
	}
	ind = indented(src, len, n->indent);
	free(src);
	if (ind == NULL)
		return lak_error_oom(r->err);
	ret = lak_template_parse(ind, strlen(ind), n->text, &pt, r->err);
	free(ind);
	if (ret < 0)
		return -1;
	r->partials++;
	r->t = pt;
	ret = render_nodes(r, &pt->root);
	r->t = saved;
	r->partials--;
	lak_template_free(pt);
	return ret;
}

static int
render_nodes(struct render *r, const struct node *parent)
{
	for (size_t i = 0; i < parent->nkids; i++) {
		const struct node *n = &parent->kids[i];
		const struct lak_value *v;
		bool found;

		switch (n->kind) {
		case N_TEXT:
			lak_buf_adds(r->out, n->text);
			break;
		case N_VAR:
			v = lookup(r, n->text, &found);
			if (!found) {
				if (r->o->strict)
					return perr(r->t, n->off, r->err,
					    "no value for '%s'", n->text);
				break;
			}
			if (v->type == LAK_V_STRING) {
				put_escaped(r, v->str, n->raw);
			} else if (v->type == LAK_V_NUMBER) {
				char num[64];

				if (v->num == floor(v->num) &&
				    fabs(v->num) < 1e15)
					snprintf(num, sizeof(num), "%.0f",
					    v->num);
				else
					snprintf(num, sizeof(num), "%.15g",
					    v->num);
				lak_buf_adds(r->out, num);
			} else if (v->type == LAK_V_BOOL) {
				lak_buf_adds(r->out, v->b ? "true" : "false");
			}
			break;
		case N_SECTION:
			v = lookup(r, n->text, &found);
			if (!truthy(v))
				break;
			if (v->type == LAK_V_LIST) {
				for (size_t k = 0; k < v->n; k++) {
					if (push(r, v->items[k], n) < 0)
						return -1;
					if (render_nodes(r, n) < 0)
						return -1;
					r->depth--;
				}
			} else {
				if (push(r, v, n) < 0 || render_nodes(r, n) < 0)
					return -1;
				r->depth--;
			}
			break;
		case N_INVERTED:
			v = lookup(r, n->text, &found);
			if (!truthy(v) && render_nodes(r, n) < 0)
				return -1;
			break;
		case N_PARTIAL:
			if (render_partial(r, n) < 0)
				return -1;
			break;
		}
	}
	return lak_buf_check(r->out, r->err);
}

int
lak_template_render(const struct lak_template *t,
    const struct lak_value *data, const struct lak_render_opts *opts,
    struct lak_buf *out, struct lak_error *err)
{
	struct render r;

	memset(&r, 0, sizeof(r));
	r.o = opts;
	r.t = t;
	r.out = out;
	r.err = err;
	r.stack[r.depth++] = data;
	return render_nodes(&r, &t->root);
}
