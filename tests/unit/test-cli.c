/* Unit tests: the command table (every entry beside its command's code). */
#include "config.h"

#include "unit.h"

#include <ctype.h>
#include <getopt.h>

#include "cli.h"

/* Whether 'text' names option 'opt' ("--out") as a whole word. */
static bool
names(const char *text, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = text; (p = strstr(p, opt)) != NULL; p += n)
		if (!isalnum((unsigned char)p[n]) && p[n] != '-')
			return true;
	return false;
}

/* What `lakwerk help CMD` prints is usage, summary and help: each long
 * option of the command is in it. */
static void
cli_every_long_option_is_in_help(void **state)
{
	size_t ncmds = 0, nopts = 0;

	(void)state;
	for (const struct lak_cmd *const *c = lak_cmds; *c; c++, ncmds++) {
		const struct lak_cmd *cmd = *c;

		assert_non_null(cmd->name);
		assert_non_null(cmd->run);
		assert_non_null(cmd->longopts);
		assert_true(cmd->summary[0] != '\0');
		assert_ptr_equal(cli_find_cmd(cmd->name), cmd);
		for (const struct option *o = cmd->longopts; o->name; o++) {
			char opt[64];

			if (strcmp(o->name, "help") == 0)
				continue;
			snprintf(opt, sizeof(opt), "--%s", o->name);
			if (!names(cmd->help, opt) && !names(cmd->usage, opt))
				fail_msg("lakwerk help %s does not describe "
				    "%s", cmd->name, opt);
			/* a short form in the options string is shown too */
			if (o->val > ' ' && o->val < 127 &&
			    strchr(cmd->shortopts, o->val) != NULL) {
				char s[8];

				snprintf(s, sizeof(s), "-%c,", o->val);
				if (strstr(cmd->help, s) == NULL)
					fail_msg("lakwerk help %s does not show "
					    "-%c for %s", cmd->name, o->val,
					    opt);
			}
			nopts++;
		}
	}
	assert_int_equal(ncmds, 11);
	assert_true(nopts > 40);
	assert_null(cli_find_cmd("frobnicate"));
}

/* The check itself: an option missing from the help is found. */
static void
cli_check_finds_a_missing_option(void **state)
{
	(void)state;
	assert_true(names("  -o, --out DIR  where", "--out"));
	assert_false(names("  --outdir DIR", "--out"));
	assert_false(names("  --out-dir DIR", "--out"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cli_every_long_option_is_in_help),
		cmocka_unit_test(cli_check_finds_a_missing_option),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
