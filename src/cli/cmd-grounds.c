/*
 * lakwerk grounds: list the grounds catalogue.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lib/model/grounds.h"

static const struct option longopts[] = {
	{ "regime", required_argument, NULL, 'r' },
	{ "grounds", required_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_grounds(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_grounds *cat = NULL;
	const char *path = NULL;
	int c, regime = -1;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (strcmp(optarg, "woo") == 0)
				regime = LAK_REGIME_WOO;
			else if (strcmp(optarg, "wob") == 0)
				regime = LAK_REGIME_WOB;
			else
				return cli_usage(cmd, "--regime: expected woo "
				    "or wob, got '%s'", optarg);
			break;
		case 'g':
			path = optarg;
			break;
		default:
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'",
		    argv[optind]);
	if (path == NULL)
		path = cli_data_path("redaction-rules/grounds.txt");
	if (lak_grounds_load(path, &cat, &err) < 0) {
		cli_error_report(cmd, &err);
		return LAK_EXIT_FAIL;
	}
	printf("%-8s %-6s %-12s %-8s %s\n", "code", "regime", "type",
	    "other", "label");
	for (size_t i = 0; i < cat->n; i++) {
		const struct lak_ground *g = &cat->g[i];

		if (regime >= 0 && (int)g->regime != regime)
			continue;
		printf("%-8s %-6s %-12s %-8s %s\n", g->code,
		    lak_regime_str(g->regime), g->type,
		    g->other >= 0 ? cat->g[g->other].code : "-", g->label);
	}
	lak_grounds_free(cat);
	return LAK_EXIT_OK;
}

const struct lak_cmd lak_cmd_grounds = {
	.name = "grounds",
	.usage = "[--regime woo|wob] [--grounds FILE]",
	.summary = "List the refusal grounds of the Woo and the Wob.",
	.help = "  -r, --regime R     only the grounds of woo or wob\n"
	    "  -g, --grounds FILE another grounds catalogue\n",
	.shortopts = "+:r:g:h",
	.longopts = longopts,
	.run = cmd_grounds,
};
