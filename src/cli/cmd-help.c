/*
 * lakwerk help, and the table of every command.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const struct lak_cmd *
cli_find_cmd(const char *name)
{
	for (const struct lak_cmd *const *c = lak_cmds; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

/* The edit distance of 'a' and 'b' (at most 31 characters each counted). */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[32][32];

	la = la > 31 ? 31 : la;
	lb = lb > 31 ? 31 : lb;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;

			d[i][j] = sub < del ? (sub < ins ? sub : ins) :
			    (del < ins ? del : ins);
		}
	return d[la][lb];
}

const struct lak_cmd *
cli_nearest_cmd(const char *name)
{
	const struct lak_cmd *best = NULL;
	size_t bd = 3;		/* two edits at most */

	for (const struct lak_cmd *const *c = lak_cmds; *c; c++) {
		size_t d = distance(name, (*c)->name);

		if (d < bd) {
			bd = d;
			best = *c;
		}
	}
	return best;
}

void
cli_commands(FILE *f)
{
	fprintf(f, "usage: %s [--version] [--help] COMMAND [ARGS]\n\n"
	    "Commands:\n", PACKAGE);
	for (const struct lak_cmd *const *c = lak_cmds; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\nRun '%s help COMMAND' for a command's options; "
	    "see lakwerk(1).\n", PACKAGE);
}

static const struct option help_longopts[] = {
	{ NULL, 0, NULL, 0 },
};

static int
cmd_help(const struct lak_cmd *cmd, int argc, char **argv)
{
	const struct lak_cmd *c;

	if (argc < 2) {
		cli_commands(stdout);
		return LAK_EXIT_OK;
	}
	if (argc > 2)
		return cli_usage(cmd, "too many arguments");
	if ((c = cli_find_cmd(argv[1])) == NULL)
		return cli_usage(cmd, "unknown command '%s'", argv[1]);
	cli_help(c);
	return LAK_EXIT_OK;
}

const struct lak_cmd lak_cmd_help = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "Show the commands, or the usage of one command.",
	.help = "",
	.shortopts = "",
	.longopts = help_longopts,
	.run = cmd_help,
};

/* The commands, in the order `lakwerk --help` lists them. */
const struct lak_cmd *const lak_cmds[] = {
	&lak_cmd_extract, &lak_cmd_grounds, &lak_cmd_init, &lak_cmd_redact,
	&lak_cmd_review, &lak_cmd_run, &lak_cmd_package, &lak_cmd_rules,
	&lak_cmd_render, &lak_cmd_verify, &lak_cmd_help, NULL,
};
