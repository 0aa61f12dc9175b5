/*
 * Normalisation stage: a view over a document in which rules are matched.
 *
 * The view is one UTF-8 string for the whole document, NFKC-normalised
 * (ligatures and ĳ expanded), with soft hyphens and zero-width characters
 * removed, dashes and spaces unified, line breaks inside a paragraph turned
 * into spaces, line-end hyphenation joined where the document's own words
 * say so, "\n\n" between paragraphs, "\n" where a line break is kept
 * (address blocks, lists) and "\f" between pages.
 *
 * Every view character maps back to the source characters it came from,
 * and so to their pages and boxes. The view also carries the structure
 * found on the way: lines, paragraphs and headings, running headers and
 * footers, letter fields and a guess of the document's kind.
 */
#ifndef LAK_NORMALISE_H
#define LAK_NORMALISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/error.h"
#include "lib/model/doc.h"

#define LAK_SRC_NONE UINT32_MAX

/*
 * Where view character i comes from: source characters [src, src + nsrc)
 * in the document's global numbering (page by page, see page_src). A source
 * character that expands to several view characters (a ligature) gives each
 * of them part k of nparts of its box. Characters the view inserts (the
 * space of a joined line, paragraph and page breaks) have src LAK_SRC_NONE.
 */
struct lak_vmap {
	uint32_t src;
	uint16_t nsrc;
	uint8_t part, nparts;
};

enum lak_line_flag {
	LAK_LINE_BLANK = 1u << 0,
	LAK_LINE_RUNNING = 1u << 1,	/* repeats on many pages */
	LAK_LINE_BOLD = 1u << 2,
	LAK_LINE_HARD_BREAK = 1u << 3,	/* the break after it is kept */
	LAK_LINE_HYPHEN = 1u << 4,	/* ends in a line-end hyphen */
};

struct lak_line {
	uint32_t page;		/* 0-based */
	size_t first, last;	/* global source indices, line end excluded */
	struct lak_box box;	/* of its visible characters */
	float size;		/* mean font size */
	uint32_t flags;
	size_t vstart, vend;	/* view characters */
};

enum lak_para_kind {
	LAK_PARA_BODY,
	LAK_PARA_HEADING,
	LAK_PARA_RUNNING,	/* a running header or footer line */
};

struct lak_para {
	enum lak_para_kind kind;
	int level;		/* heading level, 1 = highest; else 0 */
	uint32_t page;
	size_t first_line, nlines;
	size_t vstart, vend;
};

enum lak_hyph_how {
	LAK_HYPH_SOFT,		/* soft hyphen: always joined */
	LAK_HYPH_LEXICON_JOIN,	/* joined form seen elsewhere */
	LAK_HYPH_LEXICON_KEEP,	/* hyphenated form seen elsewhere */
	LAK_HYPH_GUESS_JOIN,	/* undecided; the other reading is the
				 * alternate view */
	LAK_HYPH_GUESS_KEEP,
};

/* A line-end hyphen and what the view did with it. */
struct lak_hyph {
	uint32_t src;		/* the hyphen character */
	size_t vpos;		/* first view character after the join */
	enum lak_hyph_how how;
	bool joined;
};

struct lak_field {
	const char *name;	/* canonical: "datum", "betreft", ... */
	char *value;		/* the value's view text */
	uint32_t page;
	size_t vstart, vend;	/* the value in the view */
};

struct lak_view {
	char *text;		/* NUL-terminated UTF-8 */
	size_t len;		/* bytes */
	size_t nchars;
	size_t *off;		/* [nchars + 1] byte offset of each char */
	struct lak_vmap *map;	/* [nchars] */
	size_t npages;
	size_t *page_src;	/* [npages + 1] first global source index */
	size_t *page_view;	/* [npages + 1] first view character */
	struct lak_line *lines;
	size_t nlines;
	struct lak_para *paras;
	size_t nparas;
	struct lak_hyph *hyph;
	size_t nhyph;
	size_t nambiguous;	/* guessed hyphens: the alternate view differs */
	struct lak_field *fields;
	size_t nfields;
	const char *kind;	/* "kamerbrief", "nota", ... or "other" */
	char *kind_evidence;	/* why, e.g. "\"Geachte voorzitter\"; ..." */
	bool alternate;		/* built with LAK_NORM_ALTERNATE */
};

enum lak_norm_flag {
	/* Take the other reading of every guessed line-end hyphen. */
	LAK_NORM_ALTERNATE = 1u << 0,
};

/*
 * Build the view of 'doc' (borrowed; the view refers to it by index only).
 * On success store it in *out (lak_view_free() it); on failure *out is NULL
 * and 'err' says why (LAK_ENOMEM, LAK_ELIMIT).
 */
int lak_normalise(const struct lak_doc *doc, unsigned int flags,
    struct lak_view **out, struct lak_error *err);
void lak_view_free(struct lak_view *view);

/* The view character that contains byte 'off' of view->text. */
size_t lak_view_char_at(const struct lak_view *view, size_t off);

/*
 * The page (0-based) and box of view character i: the source box, or its
 * part for an expanded ligature. Returns -1 for an inserted character.
 */
int lak_view_char_box(const struct lak_view *view, const struct lak_doc *doc,
    size_t i, uint32_t *page, struct lak_box *box);

/* The source character at global index 'src', and its page. */
const struct lak_char *lak_view_source(const struct lak_view *view,
    const struct lak_doc *doc, size_t src, uint32_t *page);

#endif
