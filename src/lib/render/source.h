/*
 * Render sources: the plain-text files press offices and legal officers
 * write (a letter, answers to Kamervragen, press lines), read into a
 * template value (struct lak_value). Errors name "file:line".
 *
 * Every text field comes three times: "x" as plain text, "x_html" with
 * *emphasis* and footnote references as HTML (escaped), and "x_md" as
 * Markdown, for the kinds of output templates.
 */
#ifndef LAK_SOURCE_H
#define LAK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"
#include "lib/render/template.h"

enum lak_source_kind {
	LAK_SOURCE_LETTER,
	LAK_SOURCE_ANSWERS,
	LAK_SOURCE_PRESS,
	LAK_SOURCE_BESLUIT,	/* a Woo request's decision data */
};

/*
 * Parse 'data' as a source of 'kind'. On success *out is a map (free it
 * with lak_value_free()):
 *   letter:   the header fields (aan, datum, betreft, ons_kenmerk, ...),
 *             blocks (see below) and footnotes [{n, text, text_html}];
 *   answers:  the header (leden, partij, onderwerp, kenmerk, ingezonden,
 *             minister, mede_namens), items in order, each a question
 *             {is_question, n, blocks} or an answer {is_answer, label,
 *             numbers, blocks}, and footnotes;
 *   besluit:  the request's header (dossier, onderwerp, ontvangen,
 *             besluitdatum, regime, besluit, verzoeker, ondertekenaar,
 *             functie, ...), gronden [{code, label, passages,
 *             documenten}] from "Grond: CODE | label | N | M" lines, and
 *             sections {uw_verzoek, verloop, inventarisatie, ...} of
 *             blocks from "# Heading" parts of the body;
 *   press:    onderwerp, datum, status, woordvoerder, kernboodschap
 *             [{text}], qa [{v, a}], achtergrond and niet_zeggen (blocks).
 * Blocks are [{is_heading, level, text, text_html} | {is_paragraph, ...}
 * | {is_list, ordered, items [{text, text_html}]}]. Dates ("2019-09-05"
 * or "5 september 2019") become Dutch long form ("5 september 2019"),
 * and "x_iso" holds the same date as "2019-09-05".
 *
 * Errors are "file:line:col: message"; every error of the header is
 * reported (err->n counts them), the body stops at its first.
 */
int lak_source_parse(const char *data, size_t len, const char *name,
    enum lak_source_kind kind, unsigned int flags, struct lak_value **out,
    struct lak_error *err);

/* In the blocks of a decision's "# Overwegingen": the "## CODE" heading
 * that starts the weighing of ground CODE, or NULL. */
const struct lak_value *lak_besluit_motivation(
    const struct lak_value *overwegingen, const char *code);

/* A first line "Lakwerk-regels: N" says that it and the N lines after it
 * are lakwerk's own (header lines a release adds before the user's):
 * errors count lines from the user's first. */
#define LAK_SOURCE_MADE_LINES "Lakwerk-regels:"

/* A ground of this type (the catalogue's) needs a motivation of its own
 * in the decision: relative (the weighing of Woo art. 5.1(3)), temporary
 * (until when, 5.1(4)), exceptional (5.1(5)). */
bool lak_ground_needs_motivation(const char *type);

/* lak_source_parse() flags: refuse what is probably a mistake (a bare
 * "Antwoord" after more than one open question). */
#define LAK_SOURCE_STRICT 1u

/* A header key as a source writes it: "ons_kenmerk" -> "Ons kenmerk"
 * (g_free() it). */
char *lak_source_key_label(const char *key);

/* The line (from 1) of the first blank line of a source: where its header
 * ends, and where a missing key would go. */
size_t lak_source_header_end(const char *data, size_t len);

/* "2019-09-05", "5-9-2019" or "5 september 2019" to "5 september 2019"
 * in 'buf'; -1 when it is not a date. */
int lak_date_dutch(const char *s, char *buf, size_t size);
/* The same date as "2019-09-05". */
int lak_date_iso(const char *s, char *buf, size_t size);

#endif
