/*
 * lakwerk rules check: lint rule files. Errors (bad syntax, unknown
 * grounds, bad regexes) exit 2 with file:line:col; warnings (duplicates,
 * rules an allow rule shadows, and with --sample rules that match nothing)
 * are printed as "FILE:LINE: warning: ..." and exit 1, so a script can
 * tell them from a clean file (exit 0).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/model/grounds.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"
#include "lib/release/request.h"

static bool
same_rule(const struct lak_rule *a, const struct lak_rule *b)
{
	if (a->kind != b->kind || a->allow != b->allow || a->scope != b->scope)
		return false;
	switch (a->kind) {
	case LAK_RULE_DETECTOR:
		return a->detector == b->detector;
	case LAK_RULE_TERM:
	case LAK_RULE_REGEX:
	case LAK_RULE_SECTION:
		return strcmp(a->arg, b->arg) == 0;
	case LAK_RULE_PAGE:
		return a->page_from == b->page_from &&
		    a->page_to == b->page_to;
	case LAK_RULE_DOCUMENT:
		return true;
	}
	return false;
}

static const char *
kind_str(const struct lak_rule *r)
{
	static const char *const k[] = { "detector", "term", "regex",
	    "section", "document", "page" };

	return k[r->kind];
}

/* Scopes that match no document of the request: a warning each. */
static int
lint_scopes(const struct lak_ruleset *rs, const struct lak_grounds *cat,
    const char *dir, const struct lak_cmd *cmd)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_request *req = NULL;
	const char **ids;
	int warnings = 0;

	if (lak_request_load(dir, cat, &req, &err) < 0) {
		cli_error(cmd, "%s", err.msg);
		return -1;
	}
	if ((ids = calloc(req->inv->n + 1, sizeof(*ids))) == NULL) {
		lak_request_free(req);
		cli_error(cmd, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < req->inv->n; i++)
		ids[i] = req->inv->rows[i].id;
	for (size_t k = 0; k < lak_rules_nscopes(rs); k++) {
		const struct lak_rule_scope *sc = lak_rules_scope(rs, k);

		if (lak_rule_scope_used(sc, ids, (const char *const *)req->docs,
		    req->inv->n))
			continue;
		printf("%s:%u: warning: 'in %s%s' matches no document of %s "
		    "(its IDs and file names)\n", sc->file, sc->line,
		    sc->pat[0], sc->npat > 1 ? " ..." : "", dir);
		warnings++;
	}
	free(ids);
	lak_request_free(req);
	return warnings;
}

static int
lint(const struct lak_ruleset *rs, const char *sample,
    const struct lak_ingest_opts *iopts, int warnings,
    const struct lak_cmd *cmd)
{
	size_t n = lak_rules_count(rs);

	for (size_t i = 0; i < n; i++) {
		const struct lak_rule *r = lak_rules_get(rs, i);

		for (size_t j = 0; j < i; j++) {
			const struct lak_rule *o = lak_rules_get(rs, j);

			if (!same_rule(r, o))
				continue;
			printf("%s:%u: warning: %s rule repeats %s:%u%s\n",
			    r->file, r->line, kind_str(r), o->file, o->line,
			    !r->allow && r->ground != o->ground ?
			    " with another ground" : "");
			warnings++;
			break;
		}
		if (!r->allow && r->kind == LAK_RULE_TERM) {
			for (size_t j = 0; j < n; j++) {
				const struct lak_rule *o = lak_rules_get(rs, j);

				if (o->allow && o->kind == LAK_RULE_TERM &&
				    o->nterms == 1 && r->nterms == 1 &&
				    strcasecmp(o->arg, r->arg) == 0) {
					printf("%s:%u: warning: term is "
					    "shadowed by the allow rule at "
					    "%s:%u: it never redacts\n",
					    r->file, r->line, o->file, o->line);
					warnings++;
				}
			}
		}
	}
	if (sample != NULL) {
		struct lak_error err = LAK_ERROR_INIT;
		struct lak_doc *doc = NULL;
		struct lak_view *v = NULL;
		struct lak_plan *plan = NULL;
		/* rules scoped to the sample's file name apply */
		struct lak_redact_opts ro = { .doc_file = sample };

		if (lak_ingest_file(sample, iopts, &doc, &err) < 0 ||
		    lak_normalise(doc, 0, &v, &err) < 0 ||
		    lak_redact_plan(doc, v, rs, &ro, &plan, &err) < 0) {
			cli_error(cmd, "%s: %s", sample, err.msg);
			lak_view_free(v);
			lak_doc_free(doc);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			const struct lak_rule *r = lak_rules_get(rs, i);
			char ref[4200];
			bool hit = false;

			if (r->allow)
				continue;
			snprintf(ref, sizeof(ref), "%s:%u", r->file, r->line);
			for (size_t k = 0; k < plan->n && !hit; k++) {
				const char *p = plan->spans[k].rules;
				size_t len = strlen(ref);

				/* whole entries of the "; "-list */
				while ((p = strstr(p, ref)) != NULL) {
					if ((p == plan->spans[k].rules ||
					    p[-1] == ' ') && (p[len] == '\0' ||
					    p[len] == ';')) {
						hit = true;
						break;
					}
					p += len;
				}
			}
			if (!hit) {
				printf("%s:%u: warning: %s rule matches "
				    "nothing in %s\n", r->file, r->line,
				    kind_str(r), sample);
				warnings++;
			}
		}
		lak_plan_free(plan);
		lak_view_free(v);
		lak_doc_free(doc);
	}
	printf("%zu rule%s, %zu term%s, regime %s, label \"%s\": %d "
	    "warning%s\n", n, n == 1 ? "" : "s", lak_rules_nterms(rs),
	    lak_rules_nterms(rs) == 1 ? "" : "s",
	    lak_regime_str(lak_rules_regime(rs)), lak_rules_label(rs),
	    warnings, warnings == 1 ? "" : "s");
	return warnings;
}

static const struct option longopts[] = {
	{ "sample", required_argument, NULL, 's' },
	{ "request", required_argument, NULL, 'R' },
	{ "grounds", required_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_rules(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct lak_ingest_opts iopts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_grounds *cat = NULL;
	struct lak_ruleset *rs = NULL;
	const char *sample = NULL, *grounds = NULL, *request = NULL;
	int c, ret, sw = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			sample = optarg;
			break;
		case 'R':
			request = optarg;
			break;
		case 'g':
			grounds = optarg;
			break;
		default:
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "check") != 0)
		return cli_usage(cmd, "expected 'check'");
	if (optind + 1 >= argc)
		return cli_usage(cmd, "no rule files");
	if (grounds == NULL)
		grounds = cli_data_path("redaction-rules/grounds.txt");
	if (lak_grounds_load(grounds, &cat, &err) < 0 ||
	    lak_rules_load((const char *const *)argv + optind + 1,
	    (size_t)(argc - optind - 1), cat, &rs, &err) < 0) {
		cli_error_report(cmd, &err);
		lak_grounds_free(cat);
		return LAK_EXIT_USAGE;
	}
	if (request != NULL && (sw = lint_scopes(rs, cat, request, cmd)) < 0) {
		lak_rules_free(rs);
		lak_grounds_free(cat);
		return LAK_EXIT_FAIL;
	}
	ret = lint(rs, sample, &iopts, sw, cmd);
	lak_rules_free(rs);
	lak_grounds_free(cat);
	return ret < 0 ? LAK_EXIT_FAIL : ret > 0 ? LAK_EXIT_FAIL : LAK_EXIT_OK;
}

const struct lak_cmd lak_cmd_rules = {
	.name = "rules",
	.usage = "check [--sample DOC] [--request DIR] FILE...",
	.summary = "Check rule files: errors, duplicates, shadowed rules, and rules "
	    "that match nothing in a sample.",
	.help = "  -s, --sample DOC   report the rules that match nothing in DOC\n"
	    "  -g, --grounds FILE another grounds catalogue\n",
	.shortopts = ":s:g:h",
	.longopts = longopts,
	.run = cmd_rules,
};
