/*
 * lakwerk render: a source text through a template into a document.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/base/buf.h"
#include "lib/base/fsutil.h"
#include "lib/render/render.h"

static const struct option longopts[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "templates", required_argument, NULL, 't' },
	{ "kind", required_argument, NULL, 'k' },
	{ "loose", no_argument, NULL, 'L' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_render(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct lak_render_req req = { .strict = true, .kind = -1 };
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_buf out;
	const char *dirs[2], *outfile = NULL, *ext;
	char *src = NULL;
	size_t len = 0;
	int c, ret = LAK_EXIT_FAIL;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'o':
			outfile = optarg;
			break;
		case 't':
			dirs[req.ndirs++] = optarg;
			if (req.ndirs > 1)
				return cli_usage(cmd, "--templates once");
			break;
		case 'k':
			if (strcmp(optarg, "letter") == 0)
				req.kind = LAK_SOURCE_LETTER;
			else if (strcmp(optarg, "answers") == 0)
				req.kind = LAK_SOURCE_ANSWERS;
			else if (strcmp(optarg, "press") == 0)
				req.kind = LAK_SOURCE_PRESS;
			else
				return cli_usage(cmd, "--kind: expected letter, "
				    "answers or press, got '%s'", optarg);
			break;
		case 'L':
			req.strict = false;
			break;
		default:
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage(cmd, "expected TEMPLATE and SOURCE");
	if (outfile == NULL)
		return cli_usage(cmd, "give --out FILE (.pdf, .odt, .docx, .html, "
		    ".txt or .md)");
	/* never over the source, also not through a link */
	if (strcmp(outfile, argv[optind + 1]) == 0 ||
	    cli_same_file(outfile, argv[optind + 1]))
		return cli_usage(cmd, "--out %s is the source %s: the letter "
		    "would overwrite it; give another output file", outfile,
		    argv[optind + 1]);
	ext = strrchr(outfile, '.');
	if (ext == NULL || (strcmp(ext, ".txt") && strcmp(ext, ".md") &&
	    strcmp(ext, ".html") && strcmp(ext, ".pdf") &&
	    strcmp(ext, ".odt") && strcmp(ext, ".docx")))
		return cli_usage(cmd, "--out: the extension picks the format: "
		    ".pdf, .odt, .docx, .html, .txt or .md");
	if (cli_source_date(cmd, &req.date) < 0)
		return LAK_EXIT_USAGE;
	req.format = ext + 1;
	req.name = argv[optind];
	dirs[req.ndirs++] = cli_data_path("templates");
	req.dirs = dirs;
	lak_buf_init(&out, 0);
	if (lak_file_read(argv[optind + 1], (size_t)64 << 20, &src, &len,
	    &err) < 0) {
		lak_error_prefix(&err, "%s: ", argv[optind + 1]);
		goto out;
	}
	if (lak_render(&req, src, len, argv[optind + 1], &out, &err) < 0)
		goto out;
	if (lak_file_write_atomic(outfile, out.data, out.len, 0666, &err) <
	    0) {
		lak_error_prefix(&err, "%s: ", outfile);
		goto out;
	}
	ret = LAK_EXIT_OK;
out:
	if (ret != LAK_EXIT_OK)
		cli_error_report(cmd, &err);
	free(src);
	lak_buf_release(&out);
	return ret;
}

const struct lak_cmd lak_cmd_render = {
	.name = "render",
	.usage = "TEMPLATE SOURCE --out FILE.{pdf,odt,docx,html,txt,md} "
	    "[--templates DIR] "
	    "[--kind letter|answers|press] [--loose]",
	.summary = "Make a Kamerbrief, answers to Kamervragen or press lines from a "
	    "plain-text source.",
	.help = "  -o, --out FILE     the output; its extension picks the format "
	    "(.pdf; .odt\n"
	    "                     and .docx to edit in a word processor; .html, "
	    ".txt, .md);\n"
	    "                     never the source itself\n"
	    "  -t, --templates DIR  look for NAME.FORMAT.mustache here first\n"
	    "  -k, --kind K       the source kind of a template of your own\n"
	    "      --loose        a missing value is empty, not an error\n",
	.shortopts = ":o:t:k:h",
	.longopts = longopts,
	.run = cmd_render,
};
