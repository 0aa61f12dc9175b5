/*
 * lakwerk init: scaffold a request folder from the samples, ready for
 * lakwerk run: request.txt, inventaris.csv, rules/ (the sample rules,
 * the built-in detectors and the sample names) and documenten/.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "lib/base/fsutil.h"
#include "lib/base/limits.h"

static const char *const files[][2] = {
	{ "samples/request/request.txt", "request.txt" },
	{ "samples/request/inventaris.csv", "inventaris.csv" },
	{ "samples/request/rules/request.rules", "rules/request.rules" },
	{ "redaction-rules/woo-default.rules", "rules/woo-default.rules" },
	{ "samples/rules/names.txt", "rules/names.txt" },
	{ "samples/nota-subsidie-dijkversterking.pdf",
	  "documenten/nota-subsidie-dijkversterking.pdf" },
	{ "samples/email-dijkversterking.pdf",
	  "documenten/email-dijkversterking.pdf" },
	{ "samples/kamerbrief-waterberging.pdf",
	  "documenten/kamerbrief-waterberging.pdf" },
	{ "samples/antwoorden-kamervragen-2026Z04512.pdf",
	  "documenten/antwoorden-kamervragen-2026Z04512.pdf" },
	{ "samples/persnotitie-hoogwater.txt",
	  "documenten/persnotitie-hoogwater.txt" },
	{ "samples/email-aanvulling.eml", "documenten/email-aanvulling.eml" },
	{ "samples/brief-bewoner-scan.png",
	  "documenten/brief-bewoner-scan.png" },
};

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_init(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct lak_error err = LAK_ERROR_INIT;
	const char *dir;
	char path[4096];
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts, NULL)) != -1)
		return cli_opt_other(cmd, c, argv);
	if (optind + 1 != argc)
		return cli_usage(cmd, "give the folder to make");
	dir = argv[optind];
	/* Never into an existing request: it would be overwritten. The
	 * folders above it are made when missing. */
	if (mkdir(dir, 0777) == 0) {
		/* a new folder */
	} else if (errno == ENOENT) {
		if (lak_mkdir_p(dir, &err) < 0) {
			cli_error_report(cmd, &err);
			return LAK_EXIT_FAIL;
		}
	} else if (!(errno == EEXIST && rmdir(dir) == 0 &&
	    mkdir(dir, 0777) == 0)) {
		if (errno == ENOTEMPTY || errno == EEXIST)
			/* the user's to change: another folder */
			return cli_usage(cmd, "%s: exists and is not empty; "
			    "give a new folder", dir);
		cli_error(cmd, "%s: %s", dir, strerror(errno));
		return LAK_EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/rules", dir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/documenten", dir);
	mkdir(path, 0777);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char *from = cli_data_path(files[i][0]);
		char *data = NULL;
		size_t len = 0;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i][1]);
		if (lak_file_read(from, LAK_MAX_DOCUMENT_FILE, &data, &len,
		    &err) < 0 || lak_file_write_atomic(path, data, len, 0666,
		    &err) < 0) {
			cli_error(cmd, "%s: %s", data ? path : from, err.msg);
			free(data);
			return LAK_EXIT_FAIL;
		}
		free(data);
	}
	printf("%s: a sample Woo request (7 documents to release, "
	    "one an e-mail with 2 attachments, and 2 listed only); make its release with\n  lakwerk run %s --out OUTDIR\n",
	    dir, dir);
	return LAK_EXIT_OK;
}

const struct lak_cmd lak_cmd_init = {
	.name = "init",
	.usage = "DIR",
	.summary = "Make a sample Woo request folder (request.txt, inventory, rules, "
	    "documents) to start from.",
	.help = "",
	.shortopts = ":h",
	.longopts = longopts,
	.run = cmd_init,
};
