/*
 * benchmatch: time the redaction engine alone (lak_redact_plan) on one
 * document with one set of rule files, for bench/match.sh.
 *
 *   benchmatch GROUNDS DOC ROUNDS RULES...
 *
 * Prints: "<bytes of normalised text> <best seconds> <spans>".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/model/grounds.h"
#include "lib/redact/redact.h"
#include "lib/redact/rules.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_redact_opts ro = { false, false };
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_grounds *cat = NULL;
	struct lak_ruleset *rs = NULL;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	double best = 1e30;
	size_t spans = 0;
	int rounds;

	if (argc < 5) {
		fprintf(stderr, "usage: benchmatch GROUNDS DOC ROUNDS RULES...\n");
		return 2;
	}
	rounds = (int)strtol(argv[3], NULL, 10);
	if (lak_grounds_load(argv[1], &cat, &err) < 0 ||
	    lak_rules_load((const char *const *)argv + 4, (size_t)argc - 4,
	    cat, &rs, &err) < 0 ||
	    lak_ingest_file(argv[2], &opts, &doc, &err) < 0 ||
	    lak_normalise(doc, 0, &v, &err) < 0) {
		fprintf(stderr, "benchmatch: %s\n", err.msg);
		return 1;
	}
	for (int r = 0; r < rounds; r++) {
		struct lak_plan *plan = NULL;
		double t0 = now(), t;

		if (lak_redact_plan(doc, v, rs, &ro, &plan, &err) < 0) {
			fprintf(stderr, "benchmatch: %s\n", err.msg);
			return 1;
		}
		t = now() - t0;
		if (t < best)
			best = t;
		spans = plan->n;
		lak_plan_free(plan);
	}
	printf("%zu %.4f %zu\n", v->len, best, spans);
	lak_view_free(v);
	lak_doc_free(doc);
	lak_rules_free(rs);
	lak_grounds_free(cat);
	return 0;
}
