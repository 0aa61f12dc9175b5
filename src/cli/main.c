/*
 * lakwerk: entry point and command table. Global options (--help,
 * --version) come before the command; each command parses its own.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int cmd_help(const struct lak_cmd *cmd, int argc, char **argv);

const struct lak_cmd lak_cmds[] = {
	{ "extract", lak_cmd_extract,
	  "[--format text|xml|summary] [--boxes] [--password PW] "
	  "[--probe-dpi N] [--max-pages N] [--out DIR] FILE...",
	  "Read PDFs and text files and print their normalised text or "
	  "structure.",
	  "  -f, --format FMT   text (default), xml or summary\n"
	  "  -b, --boxes        xml: add every character with its box\n"
	  "  -p, --password PW  password of encrypted PDFs\n"
	  "      --probe-dpi N  resolution of the hidden-text probe; 0 = off "
	  "(default 50)\n"
	  "      --max-pages N  refuse PDFs with more pages (default 20000)\n"
	  "  -o, --out DIR      write DIR/NAME.txt or .xml per file instead "
	  "of stdout\n" },
	{ "grounds", lak_cmd_grounds, "[--regime woo|wob] [--grounds FILE]",
	  "List the refusal grounds of the Woo and the Wob.",
	  "  -r, --regime R     only the grounds of woo or wob\n"
	  "  -g, --grounds FILE another grounds catalogue\n" },
	{ "init", lak_cmd_init, "DIR",
	  "Make a sample Woo request folder (request.txt, inventory, rules, "
	  "documents) to start from.",
	  "" },
	{ "redact", lak_cmd_redact,
	  "--rules FILE [--rules FILE]... [--plan PLAN.csv] --out DIR "
	  "[--allow-unreviewed-pages] [--password PW] FILE...",
	  "Redact documents by rule files or a reviewed plan: writes "
	  "DIR/NAME.pdf, DIR/NAME.txt and DIR/NAME.plan.csv.",
	  "  -r, --rules FILE   a rule file (repeat for more)\n"
	  "  -P, --plan FILE    apply this (reviewed) plan instead of the "
	  "rules\n"
	  "  -o, --out DIR      where the plan and the redacted text go\n"
	  "      --dpi N        resolution of the released pages (200)\n"
	  "      --grey         8-bit grey pages instead of bilevel\n"
	  "      --margin PT    padding around each black box (1)\n"
	  "      --min-width PT widen narrower boxes (0)\n"
	  "      --max-pixels MP  refuse pages larger than MP megapixels "
	  "at --dpi (200)\n"
	  "      --no-pdf       only the plan and the text\n"
	  "      --no-verify    do not check the PDF before writing it\n"
	  "      --allow-unreviewed-pages\n"
	  "                     go on when a page needs OCR or has "
	  "unreliable text\n"
	  "  -p, --password PW  password of encrypted PDFs\n"
	  "  -g, --grounds FILE another grounds catalogue\n" },
	{ "review", lak_cmd_review,
	  "--plan PLAN.csv [--plan PLAN.csv]... --out DIR [--title T] "
	  "FILE...",
	  "Write the review report of documents and their proposed "
	  "redactions: DIR/index.html with page images, to decide on and "
	  "export as a plan.",
	  "  -P, --plan FILE    a plan CSV (repeat for more); each document "
	  "takes its\n"
	  "                     own rows (by SHA-256)\n"
	  "  -o, --out DIR      the report's folder (new, empty, or an "
	  "earlier report)\n"
	  "  -t, --title T      the report's title\n"
	  "      --dpi N        resolution of the page images (96)\n"
	  "  -p, --password PW  password of encrypted PDFs\n"
	  "  -g, --grounds FILE another grounds catalogue\n" },
	{ "run", lak_cmd_run,
	  "REQUEST_DIR --out OUTDIR [--jobs N] [--max-seconds S] "
	  "[--max-memory MB]",
	  "Make the release of a Woo request: redacted documents, "
	  "inventory, decision letter, DiWoo metadata, manifest, archive.",
	  "  -o, --out DIR      the release goes to DIR/DOSSIER/ and "
	  "DIR/DOSSIER.zip\n"
	  "  -j, --jobs N       worker processes (default: the number of "
	  "cores)\n"
	  "      --max-seconds S  CPU seconds per document (600); a worker "
	  "is stopped\n"
	  "                     after twice that plus 10 s of wall time\n"
	  "      --max-memory MB  address space per worker (4096)\n"
	  "      --max-pages N  refuse PDFs with more pages (20000)\n"
	  "      --max-pixels MP  refuse pages larger than MP megapixels "
	  "at 200 dpi (200)\n"
	  "      --allow-unreviewed-pages\n"
	  "                     go on when a page needs OCR or has "
	  "unreliable text\n"
	  "      --plan DIR|FILE  apply reviewed plans instead of the "
	  "rules: DIR/ID.plan.csv\n"
	  "                     (as in OUTDIR/audit/), or one file with "
	  "every document's\n"
	  "                     rows (the review report's export)\n"
	  "      --no-review    do not write the review report "
	  "OUTDIR/review/\n"
	  "  -q, --quiet        no progress and no summary\n"
	  "  -g, --grounds FILE another grounds catalogue\n" },
	{ "rules", lak_cmd_rules, "check [--sample DOC] FILE...",
	  "Check rule files: errors, duplicates, shadowed rules, and rules "
	  "that match nothing in a sample.",
	  "  -s, --sample DOC   report the rules that match nothing in DOC\n"
	  "  -g, --grounds FILE another grounds catalogue\n" },
	{ "render", lak_cmd_render,
	  "TEMPLATE SOURCE --out FILE.{txt,md,html} [--templates DIR] "
	  "[--kind letter|answers|press] [--loose]",
	  "Make a Kamerbrief, answers to Kamervragen or press lines from a "
	  "plain-text source.",
	  "  -o, --out FILE     the output; its extension picks the format\n"
	  "  -t, --templates DIR  look for NAME.FORMAT.mustache here first\n"
	  "  -k, --kind K       the source kind of a template of your own\n"
	  "      --loose        a missing value is empty, not an error\n" },
	{ "verify", lak_cmd_verify,
	  "[--rules FILE]... [--plan PLAN.csv --source FILE] PDF... | "
	  "--incoming FILE...",
	  "Check that released PDFs leak nothing (exit 3 on findings), or "
	  "find fake redactions in incoming files.",
	  "  -r, --rules FILE   rules that must not match anything\n"
	  "  -P, --plan FILE    redacted texts of this plan must not occur "
	  "(with --source)\n"
	  "  -s, --source FILE  the document the plan was made for\n"
	  "      --incoming     find text under black boxes and unapplied "
	  "Redact annotations\n"
	  "  -p, --password PW  password of encrypted PDFs\n"
	  "  -k, --key FILE     a release: the rules given must be those it "
	  "was made\n"
	  "                     with (the request's audit.key)\n" },
	{ "help", cmd_help, "[COMMAND]",
	  "Show the commands, or the usage of one command.", "" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct lak_cmd *
find_cmd(const char *name)
{
	for (const struct lak_cmd *c = lak_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: %s [--version] [--help] COMMAND [ARGS]\n\n"
	    "Commands:\n", PACKAGE);
	for (const struct lak_cmd *c = lak_cmds; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\nRun '%s help COMMAND' for a command's options; "
	    "see lakwerk(1).\n", PACKAGE);
}

static int
cmd_help(const struct lak_cmd *cmd, int argc, char **argv)
{
	const struct lak_cmd *c;

	if (argc < 2) {
		usage(stdout);
		return LAK_EXIT_OK;
	}
	if (argc > 2)
		return cli_usage(cmd, "too many arguments");
	if ((c = find_cmd(argv[1])) == NULL)
		return cli_usage(cmd, "unknown command '%s'", argv[1]);
	cli_help(c);
	return LAK_EXIT_OK;
}

int
main(int argc, char **argv)
{
	const struct lak_cmd *c;
	int ret;

	setlocale(LC_ALL, "C");
	/* Past a file-size limit, a write fails (EFBIG) and is reported like
	 * a full disk, instead of the signal killing lakwerk mid-output. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return LAK_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		ret = LAK_EXIT_OK;
	} else if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "-V") == 0) {
		printf("%s %s\n", PACKAGE, PACKAGE_VERSION);
		ret = LAK_EXIT_OK;
	} else if (argv[1][0] == '-') {
		fprintf(stderr, "%s: unknown option '%s'\n", PACKAGE, argv[1]);
		usage(stderr);
		return LAK_EXIT_USAGE;
	} else if ((c = find_cmd(argv[1])) == NULL) {
		fprintf(stderr, "%s: unknown command '%s'\n", PACKAGE, argv[1]);
		usage(stderr);
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
