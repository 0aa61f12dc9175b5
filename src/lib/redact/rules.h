/*
 * Rule files (redaction-rules/NAME.rules): which text goes, and on what legal
 * ground. Line-oriented; see lakwerk(1) "RULE FILES" and
 * redaction-rules/README.md.
 *
 *   regime woo                  the code family printed
 *   label "[{code}]"            how a ground is printed in place of text
 *   5.1.2e  detector email      also phone, bsn, iban
 *   5.1.2e  term "A. Bakker"    case and diacritics folded, whole words
 *   5.1.2e  terms names.txt     one term a line, relative to the rule file
 *   5.1.1b  regex /X-\d+/i      PCRE2; flags i x u
 *   5.2.1   section "Advies"    a heading's section
 *   5.1.2i  document            withhold the whole document
 *   5.1.2i  page 3              withhold a page (or a range, 3-5)
 *   allow   term "..."          never redacted (also terms, regex)
 *   allow   detector functioneel-adres
 *   allow   domain minienw.nl   the part after the '@' stays
 *   in 0003 "bijlage-*.pdf" {   the rules up to "}" apply to these
 *   5.1.2f  page 2              documents only (inventory IDs or file
 *   }                           names, shell patterns); one line too:
 *                               in 0003 { 5.1.2f page 2 }
 *   include common.rules
 */
#ifndef LAK_RULES_H
#define LAK_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"
#include "lib/model/grounds.h"
#include "lib/redact/detect.h"

enum lak_rule_kind {
	LAK_RULE_DETECTOR,
	LAK_RULE_TERM,		/* one term or a terms file */
	LAK_RULE_REGEX,
	LAK_RULE_SECTION,
	LAK_RULE_DOCUMENT,
	LAK_RULE_PAGE,
};

struct lak_rule {
	enum lak_rule_kind kind;
	bool allow;		/* an allow rule: no ground */
	long ground;		/* catalogue index, in the ruleset's regime */
	long written;		/* the ground as written (before mapping) */
	const char *file;	/* where the rule is: file:line:col */
	unsigned int line, col;
	enum lak_detector detector;
	char *arg;		/* term, terms file, regex source, section */
	unsigned int page_from, page_to;	/* LAK_RULE_PAGE, 1-based */
	size_t nterms;		/* LAK_RULE_TERM: terms it added */
	size_t scope;		/* 0: every document; else a scope's
				 * number (lak_rules_scope(rs, scope - 1)) */
};

/* The documents an `in ... { }` block is for: shell patterns (fnmatch)
 * matched against a document's inventory ID and its file name. */
struct lak_rule_scope {
	char **pat;
	size_t npat;
	const char *file;
	unsigned int line, col;
};

struct lak_ruleset;

/*
 * Read rule files (with their includes and terms files) and compile them.
 * 'cat' is kept: it must outlive the ruleset. Errors name file:line:col.
 */
int lak_rules_load(const char *const *paths, size_t npaths,
    const struct lak_grounds *cat, struct lak_ruleset **out,
    struct lak_error *err);
/* The same for one rule file already in memory; includes and terms files
 * are still read relative to 'name'. */
int lak_rules_parse(const char *data, size_t len, const char *name,
    const struct lak_grounds *cat, struct lak_ruleset **out,
    struct lak_error *err);
void lak_rules_free(struct lak_ruleset *rs);

enum lak_regime lak_rules_regime(const struct lak_ruleset *rs);
const char *lak_rules_label(const struct lak_ruleset *rs);
size_t lak_rules_count(const struct lak_ruleset *rs);
/* The grounds catalogue the rules were loaded against. */
const struct lak_grounds *lak_rules_catalogue(const struct lak_ruleset *rs);
const struct lak_rule *lak_rules_get(const struct lak_ruleset *rs, size_t i);
/* The scopes of `in` blocks, in the order written. */
size_t lak_rules_nscopes(const struct lak_ruleset *rs);
const struct lak_rule_scope *lak_rules_scope(const struct lak_ruleset *rs,
    size_t i);
/* Whether one of the scope's patterns matches 'id' or 'file' (either may
 * be NULL; of 'file' its last component counts). */
bool lak_rule_scope_matches(const struct lak_rule_scope *sc, const char *id,
    const char *file);
/* Whether scope 'sc' matches one of the n documents (ids[i], files[i];
 * either array may be NULL). One that matches none is a mistyped ID or
 * name: its rules would withhold nothing, silently. */
bool lak_rule_scope_used(const struct lak_rule_scope *sc,
    const char *const *ids, const char *const *files, size_t n);
/* Whether rule 'ri' applies to the document (an unscoped rule always). */
bool lak_rules_in_scope(const struct lak_ruleset *rs, size_t ri,
    const char *id, const char *file);
/* Terms in the index (all term rules and terms files). */
size_t lak_rules_nterms(const struct lak_ruleset *rs);

/* The files the ruleset was read from (rule files, includes, terms files),
 * in the order read, with the SHA-256 of their bytes. */
struct lak_rule_source {
	char *path;
	char sha256[65];
};
size_t lak_rules_nsources(const struct lak_ruleset *rs);
const struct lak_rule_source *lak_rules_source(const struct lak_ruleset *rs,
    size_t i);

/*
 * Terms that hold for one document family only (the people an e-mail is
 * from and to: personal data in the message and its attachments), on
 * ground 'code' (mapped to the ruleset's regime), as one term rule whose
 * file is 'origin'. Terms without letters are left out. Until
 * lak_rules_pop_terms() the ruleset matches them too; a second push pops
 * the first.
 */
int lak_rules_push_terms(struct lak_ruleset *rs, const char *code,
    const char *origin, const char *const *terms, size_t n,
    struct lak_error *err);
void lak_rules_pop_terms(struct lak_ruleset *rs);

#endif
