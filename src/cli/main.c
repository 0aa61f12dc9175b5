/*
 * lakwerk: the entry point. Global options (--help, --version) come
 * before the command; each command (cmd-*.c, listed in cmd-help.c) parses
 * its own.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	const struct lak_cmd *c;
	int ret;

	/*
	 * Tesseract's OpenMP loops ask for up to ten threads; on two cores
	 * they spent 80 % of an OCR'd page waiting for each other (2.8 s
	 * against 0.56 s with one). OpenMP takes its thread limit from the
	 * environment when it is loaded, before main(): lakwerk starts
	 * itself again with OMP_THREAD_LIMIT=1 unless it is set (a run
	 * already has a worker per core). If that fails, it goes on.
	 */
	if (getenv("OMP_THREAD_LIMIT") == NULL) {
		setenv("OMP_THREAD_LIMIT", "1", 1);
		execv("/proc/self/exe", argv);
	}
	setlocale(LC_ALL, "C");
	/* Past a file-size limit, a write fails (EFBIG) and is reported like
	 * a full disk, instead of the signal killing lakwerk mid-output. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		cli_commands(stderr);
		return LAK_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_commands(stdout);
		ret = LAK_EXIT_OK;
	} else if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "-V") == 0) {
		printf("%s %s\n", PACKAGE, PACKAGE_VERSION);
		ret = LAK_EXIT_OK;
	} else if (argv[1][0] == '-') {
		fprintf(stderr, "%s: unknown option '%s'\n", PACKAGE, argv[1]);
		cli_commands(stderr);
		return LAK_EXIT_USAGE;
	} else if ((c = cli_find_cmd(argv[1])) == NULL) {
		const struct lak_cmd *near = cli_nearest_cmd(argv[1]);

		if (near != NULL) {
			fprintf(stderr, "%s: unknown command '%s'; did you "
			    "mean '%s'?\n", PACKAGE, argv[1], near->name);
			return LAK_EXIT_USAGE;
		}
		fprintf(stderr, "%s: unknown command '%s'\n", PACKAGE, argv[1]);
		cli_commands(stderr);
		return LAK_EXIT_USAGE;
	} else {
		ret = c->run(c, argc - 1, argv + 1);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write to standard output: %s\n",
		    PACKAGE, strerror(errno));
		return LAK_EXIT_FAIL;
	}
	return ret;
}
