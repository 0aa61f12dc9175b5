/*
 * lakwerk extract: ingest files, normalise them and print the view's text,
 * its XML structure, or a one-line summary per document.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/buf.h"
#include "cli.h"
#include "lib/base/fsutil.h"
#include "lib/ingest/docxml.h"
#include "lib/ingest/ingest.h"
#include "lib/model/doc.h"
#include "lib/ingest/normalise.h"

enum format { FMT_TEXT, FMT_XML, FMT_SUMMARY };

struct extract {
	const struct lak_cmd *cmd;
	enum format format;
	bool boxes;
	const char *outdir;
	struct lak_ingest_opts opts;
	char **written;		/* --out: output names used so far */
	size_t nwritten;
};

static void
summary(struct lak_buf *out, const char *file, const struct lak_doc *doc,
    const struct lak_view *v)
{
	const uint32_t hidden = LAK_CHAR_INVISIBLE | LAK_CHAR_BACKGROUND |
	    LAK_CHAR_HIDDEN_LAYER | LAK_CHAR_COVERED;
	size_t nhidden = 0, ocr = 0, unreliable = 0, p, i;

	for (p = 0; p < doc->npages; p++) {
		const struct lak_page *pg = &doc->pages[p];

		ocr += (pg->flags & LAK_PAGE_NEEDS_OCR) != 0;
		unreliable += (pg->flags & LAK_PAGE_UNRELIABLE_TEXT) != 0;
		for (i = 0; i < pg->nchars; i++)
			nhidden += (pg->chars[i].flags & hidden) != 0;
	}
	lak_buf_addf(out, "%s: %s, %zu page%s, %zu chars", file, v->kind,
	    doc->npages, doc->npages == 1 ? "" : "s", v->nchars);
	if (v->nfields) {
		lak_buf_adds(out, ", fields");
		for (i = 0; i < v->nfields; i++)
			lak_buf_addf(out, "%s%s", i ? "," : " ",
			    v->fields[i].name);
	}
	if (doc->nitems)
		lak_buf_addf(out, ", %zu leak item%s", doc->nitems,
		    doc->nitems == 1 ? "" : "s");
	if (nhidden)
		lak_buf_addf(out, ", %zu hidden chars", nhidden);
	if (ocr)
		lak_buf_addf(out, ", %zu page%s need OCR", ocr,
		    ocr == 1 ? "" : "s");
	if (unreliable)
		lak_buf_addf(out, ", %zu page%s with unreliable text",
		    unreliable, unreliable == 1 ? "" : "s");
	if (doc->meta.revisions > 1)
		lak_buf_addf(out, ", %u revisions", doc->meta.revisions);
	if (v->nambiguous)
		lak_buf_addf(out, ", %zu ambiguous hyphen%s", v->nambiguous,
		    v->nambiguous == 1 ? "" : "s");
	if (doc->nparts)
		lak_buf_addf(out, ", %zu attachment%s", doc->nparts,
		    doc->nparts == 1 ? "" : "s");
	for (i = 0; i < doc->nreview; i++)
		lak_buf_addf(out, ", review: %s", doc->review[i]);
	lak_buf_addc(out, '\n');
}

/*
 * One document of a family from its bytes: 'file' names it in messages and
 * output, 'name' decides the output file's name. Its parts (an e-mail's
 * attachments) follow as documents of their own, "FILE/PART".
 */
static bool extract_bytes(struct extract *x, const char *file,
    const char *name, const char *data, size_t len, struct lak_buf *out,
    struct lak_docxml *xml, int depth);

struct member_ctx {
	struct extract *x;
	struct lak_buf *out;
	struct lak_docxml *xml;
};

static bool
extract_part(void *ctx, const char *label, const char *name,
    const struct lak_part *part, int depth)
{
	struct member_ctx *m = ctx;

	return extract_bytes(m->x, label, name, (const char *)part->data,
	    part->len, m->out, m->xml, depth);
}

static bool
extract_bytes(struct extract *x, const char *file, const char *name,
    const char *data, size_t len, struct lak_buf *out,
    struct lak_docxml *xml, int depth)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_doc *doc = NULL;
	struct lak_view *v = NULL;
	struct lak_docxml *own = NULL;
	char *path = NULL;
	bool ok = false, family_ok = true;

	if (lak_ingest_bytes(file, data, len, &x->opts, &doc, &err) < 0 ||
	    lak_normalise(doc, 0, &v, &err) < 0)
		goto out;
	if (x->outdir) {
		lak_buf_reset(out);
		if (x->format == FMT_XML && (xml = own = lak_docxml_new(out,
		    x->boxes ? LAK_DOCXML_BOXES : 0, &err)) == NULL)
			goto out;
	}
	switch (x->format) {
	case FMT_TEXT:
		if (depth > 0 && !x->outdir)
			lak_buf_addf(out, "==> %s <==\n", file);
		lak_buf_add(out, v->text, v->len);
		lak_buf_addc(out, '\n');
		break;
	case FMT_XML:
		if (lak_docxml_document(xml, doc, v, &err) < 0 ||
		    (own && lak_docxml_finish(own, &err) < 0))
			goto out;
		break;
	case FMT_SUMMARY:
		summary(out, file, doc, v);
		break;
	}
	if (lak_buf_check(out, &err) < 0)
		goto out;
	if (x->outdir) {
		char **w;

		path = cli_out_name(x->outdir, name,
		    x->format == FMT_XML ? ".xml" : ".txt");
		/* --out . of a.txt would write over the input */
		if (cli_same_file(file, path)) {
			lak_error_set(&err, LAK_EINVAL, "%s: the output would "
			    "overwrite the input: give another --out folder",
			    path);
			goto out;
		}
		for (size_t i = 0; i < x->nwritten; i++)
			if (strcmp(x->written[i], path) == 0) {
				lak_error_set(&err, LAK_EINVAL, "%s was already "
				    "written for another input", path);
				goto out;
			}
		if (lak_file_write_atomic(path, out->data, out->len, 0666,
		    &err) < 0) {
			lak_error_prefix(&err, "%s: ", path);
			goto out;
		}
		w = realloc(x->written, (x->nwritten + 1) * sizeof(*w));
		if (w != NULL) {
			x->written = w;
			x->written[x->nwritten++] = path;
			path = NULL;
		}
	}
	ok = true;
out:
	if (!ok) {
		cli_error(x->cmd, "%s: %s", file, err.msg);
		if (xml != NULL && own == NULL)
			lak_docxml_failure(xml, file, err.msg, &err);
	}
	lak_docxml_free(own);
	own = NULL;
	/* the family goes on whatever became of this member */
	if (doc != NULL) {
		struct member_ctx m = { x, out, xml };

		family_ok = cli_family(x->cmd, file, name, doc->parts,
		    doc->nparts, depth, extract_part, &m);
	}
	lak_view_free(v);
	lak_doc_free(doc);
	free(path);
	return ok && family_ok;
}

static bool
extract_one(struct extract *x, const char *file, struct lak_buf *out,
    struct lak_docxml *xml)
{
	struct lak_error err = LAK_ERROR_INIT;
	char *data = NULL;
	size_t len = 0;
	bool ok;

	if (lak_file_read(file, x->opts.max_bytes, &data, &len, &err) < 0) {
		cli_error(x->cmd, "%s: %s", file, err.msg);
		if (xml != NULL && !x->outdir)
			lak_docxml_failure(xml, file, err.msg, &err);
		return false;
	}
	ok = extract_bytes(x, file, file, data, len, out, xml, 0);
	free(data);
	return ok;
}

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "boxes", no_argument, NULL, 'b' },
	{ "password", required_argument, NULL, 'p' },
	{ "probe-dpi", required_argument, NULL, 'D' },
	{ "no-ocr", no_argument, NULL, 'O' },
	{ "max-pages", required_argument, NULL, 'M' },
	{ "out", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_extract(const struct lak_cmd *cmd, int argc, char **argv)
{
	struct extract x = { .cmd = cmd, .opts = LAK_INGEST_OPTS_INIT };
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_docxml *xml = NULL;
	struct lak_buf out;
	int c, ret = LAK_EXIT_OK;
	double d;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				x.format = FMT_TEXT;
			else if (strcmp(optarg, "xml") == 0)
				x.format = FMT_XML;
			else if (strcmp(optarg, "summary") == 0)
				x.format = FMT_SUMMARY;
			else
				return cli_usage(cmd, "unknown format '%s' "
				    "(text, xml or summary)", optarg);
			break;
		case 'b':
			x.boxes = true;
			break;
		case 'p':
			x.opts.password = optarg;
			break;
		case 'O':
			x.opts.ocr = false;
			break;
		case 'D':
			if (!cli_number(optarg, 600, &d))
				return cli_usage(cmd, "--probe-dpi: expected a "
				    "number from 0 to 600, got '%s'", optarg);
			x.opts.probe_dpi = d;
			break;
		case 'M':
			if (!cli_number(optarg, 1e7, &d) || d < 1 ||
			    d != (unsigned int)d)
				return cli_usage(cmd, "--max-pages: expected a "
				    "whole number from 1, got '%s'", optarg);
			x.opts.max_pages = (unsigned int)d;
			break;
		case 'o':
			x.outdir = optarg;
			break;
		default:
			return cli_opt_other(cmd, c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage(cmd, "no input files");
	if (x.boxes && x.format != FMT_XML)
		return cli_usage(cmd, "--boxes needs --format xml");

	if (x.outdir != NULL && (ret = cli_out_dir(cmd, x.outdir)) >= 0)
		return ret;
	ret = LAK_EXIT_OK;
	lak_buf_init(&out, 0);
	if (x.format == FMT_XML && x.outdir == NULL &&
	    (xml = lak_docxml_new(&out, x.boxes ? LAK_DOCXML_BOXES : 0,
	    &err)) == NULL) {
		cli_error_report(cmd, &err);
		return LAK_EXIT_FAIL;
	}
	for (int i = optind; i < argc; i++) {
		if (!extract_one(&x, argv[i], &out, xml))
			ret = LAK_EXIT_FAIL;
		/* To stdout, each document as soon as it is complete. */
		if (x.outdir == NULL) {
			if (!cli_stdout(cmd, out.data, out.len)) {
				ret = LAK_EXIT_FAIL;
				break;
			}
			lak_buf_reset(&out);
		}
	}
	if (xml != NULL) {
		if (lak_docxml_finish(xml, &err) < 0) {
			cli_error_report(cmd, &err);
			ret = LAK_EXIT_FAIL;
		} else if (!cli_stdout(cmd, out.data, out.len)) {
			ret = LAK_EXIT_FAIL;
		}
		lak_docxml_free(xml);
	}
	for (size_t i = 0; i < x.nwritten; i++)
		free(x.written[i]);
	free(x.written);
	lak_buf_release(&out);
	return ret;
}

const struct lak_cmd lak_cmd_extract = {
	.name = "extract",
	.usage = "[--format text|xml|summary] [--boxes] [--password PW] "
	    "[--probe-dpi N] [--max-pages N] [--out DIR] FILE...",
	.summary = "Read PDFs, e-mail, Office files, pictures and text and print "
	    "their normalised text or structure.",
	.help = "  -f, --format FMT   text (default), xml or summary\n"
	    "  -b, --boxes        xml: add every character with its box\n"
	    "  -p, --password PW  password of encrypted PDFs\n"
	    "      --probe-dpi N  resolution of the hidden-text probe; 0 = off "
	    "(default 50)\n"
	    "      --no-ocr       do not read by OCR the ink that no text explains\n"
	    "                     (pages that are only pictures need review)\n"
	    "      --max-pages N  refuse PDFs with more pages (default 20000)\n"
	    "  -o, --out DIR      write DIR/NAME.txt or .xml per file instead "
	    "of stdout\n",
	.shortopts = "+:f:bp:o:h",
	.longopts = longopts,
	.run = cmd_extract,
};
