/*
 * Internal to the redaction stage: what the matcher (redact.c) asks of a
 * compiled ruleset (rules.c), without seeing PCRE2 or GLib types.
 */
#ifndef LAK_RULES_INT_H
#define LAK_RULES_INT_H

#include "lib/redact/rules.h"

/* Every match of regex rule 'ri' in 'text': found(ctx, a, b) bytes. */
int lak_rules_regex(const struct lak_ruleset *rs, size_t ri, const char *text,
    size_t len, int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err);
/* Every valid match of detector rule 'ri'. */
int lak_rules_detect(const struct lak_ruleset *rs, size_t ri,
    const char *text, size_t len,
    int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err);

/*
 * The term index: the first term (an id > 0) whose first folded token is
 * 'token', 0 if none; then the term's tokens (NUL-separated, 'ntok' of
 * them, returned), its rule, and the next term with the same first token.
 */
size_t lak_rules_term_first(const struct lak_ruleset *rs, const char *token);
size_t lak_rules_term_get(const struct lak_ruleset *rs, size_t id,
    const char **tokens, size_t *rule);
size_t lak_rules_term_next(const struct lak_ruleset *rs, size_t id);

#endif
