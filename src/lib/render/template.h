/*
 * Templates: Mustache (https://mustache.github.io/mustache.5.html) with
 * variables, triple mustaches and '&', sections over lists and maps,
 * inverted sections, partials, comments and set delimiters, standalone
 * lines as the spec has them. Lambdas are not supported.
 *
 * The data is a tree of struct lak_value. Templates are parsed once;
 * errors name "template:line:col".
 */
#ifndef LAK_TEMPLATE_H
#define LAK_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"

enum lak_vtype {
	LAK_V_NULL,
	LAK_V_BOOL,
	LAK_V_NUMBER,
	LAK_V_STRING,
	LAK_V_LIST,
	LAK_V_MAP,
};

struct lak_value {
	enum lak_vtype type;
	bool b;
	double num;
	char *str;
	struct lak_value **items;	/* list items, or map values */
	char **keys;			/* map keys */
	size_t n, alloc;
};

/* Constructors return NULL when out of memory. */
struct lak_value *lak_value_new(enum lak_vtype type);
struct lak_value *lak_value_string(const char *s);
struct lak_value *lak_value_number(double d);
struct lak_value *lak_value_bool(bool b);
/* Add to a list or set in a map; the value is taken over (also on
 * failure, when it is freed). Returns -1 when out of memory. */
int lak_value_append(struct lak_value *list, struct lak_value *v);
int lak_value_set(struct lak_value *map, const char *key,
    struct lak_value *v);
const struct lak_value *lak_value_get(const struct lak_value *map,
    const char *key);
void lak_value_free(struct lak_value *v);

struct lak_template;

int lak_template_parse(const char *src, size_t len, const char *name,
    struct lak_template **out, struct lak_error *err);
void lak_template_free(struct lak_template *t);

struct lak_render_opts {
	/* A variable, section or partial that is not there is an error
	 * (official letters); else it renders as nothing (the spec). */
	bool strict;
	/* Escape variables for HTML ({{x}}); {{{x}}} and {{&x}} never. */
	bool html;
	/* The source of partial 'name' (free() it), or -1 when there is
	 * none. */
	int (*partial)(void *ctx, const char *name, char **src, size_t *len);
	void *ctx;
};

int lak_template_render(const struct lak_template *t,
    const struct lak_value *data, const struct lak_render_opts *opts,
    struct lak_buf *out, struct lak_error *err);

#endif
