/*
 * The lakwerk command-line tool: a table of commands, one file each
 * (cmd-*.c), and the few helpers they share. Only this layer prints and
 * chooses exit codes; the work is done by liblakwerk.
 */
#ifndef LAK_CLI_H
#define LAK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/base/error.h"

/* Exit codes, documented in lakwerk(1). */
enum {
	LAK_EXIT_OK = 0,	/* every input processed */
	LAK_EXIT_FAIL = 1,	/* some input could not be processed */
	LAK_EXIT_USAGE = 2,	/* bad command line */
	LAK_EXIT_SIGNAL = 128,	/* + the signal that stopped the work, as a
				 * shell reports it (Ctrl-C: 130) */
};

/*
 * A command: its table entry is defined beside its code, in cmd-NAME.c, as
 * lak_cmd_NAME (tmux's cmd_entry). The options are parsed with getopt_long
 * from 'shortopts' and 'longopts'; every long option is described in
 * 'help' (tests/unit/test-cli.c checks it).
 */
struct lak_cmd {
	const char *name;
	const char *usage;	/* the arguments after the command name */
	const char *summary;	/* one line */
	const char *help;	/* the options, one per line */
	const char *shortopts;
	const struct option *longopts;
	int (*run)(const struct lak_cmd *cmd, int argc, char **argv);
};

extern const struct lak_cmd lak_cmd_extract, lak_cmd_grounds, lak_cmd_init,
    lak_cmd_package, lak_cmd_redact, lak_cmd_review, lak_cmd_render,
    lak_cmd_run,
    lak_cmd_rules, lak_cmd_verify, lak_cmd_help;

/* Every command, NULL-terminated (cmd-help.c). */
extern const struct lak_cmd *const lak_cmds[];

/* The command named 'name', or NULL. */
const struct lak_cmd *cli_find_cmd(const char *name);
/* Make output folder 'dir' (and the folders above) as run --out does:
 * -1 to go on, else the exit code (the reason printed in one line). */
int cli_out_dir(const struct lak_cmd *cmd, const char *dir);
/* The command whose name is within two edits of 'name' (runn -> run), or
 * NULL. */
const struct lak_cmd *cli_nearest_cmd(const char *name);
/* The usage line and the list of commands, to 'f'. */
void cli_commands(FILE *f);

/* "lakwerk: CMD: message" on stderr. */
void cli_error(const struct lak_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A usage error: the message, then the usage line; returns
 * LAK_EXIT_USAGE. */
/* The message of 'err', a line each when it holds several errors, and
 * their count. */
void cli_error_report(const struct lak_cmd *cmd, const struct lak_error *err);

int cli_usage(const struct lak_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print the command's usage and options to stdout. */
void cli_help(const struct lak_cmd *cmd);

/*
 * What every command does with getopt_long()'s other answers: 'h' prints
 * the help (exit 0), ':' and '?' are usage errors (exit 2).
 */
int cli_opt_other(const struct lak_cmd *cmd, int c, char **argv);

/* Write all of 'data' to stdout; false (after reporting) on failure. */
bool cli_stdout(const struct lak_cmd *cmd, const void *data, size_t len);

/*
 * A data file shipped with lakwerk ("redaction-rules/grounds.txt"):
 * under $LAKWERK_DATADIR when set, else the installed data directory, else
 * the source tree lakwerk was built from (so an uninstalled build works).
 * Returns a static buffer.
 */
const char *cli_data_path(const char *rel);

/* The folder cli_data_path() finds the data files in (a static buffer). */
const char *cli_data_dir(void);

/*
 * The date outputs carry: SOURCE_DATE_EPOCH when set (reproducible
 * builds), else now. -1 (after a usage message) when it is malformed.
 */
int cli_source_date(const struct lak_cmd *cmd, long long *out);

/* "DIR/NAMESUFFIX" and "PSUFFIX" as new strings (free() them); out of
 * memory ends lakwerk with a message. */
char *cli_path(const char *dir, const char *name, const char *suffix);
char *cli_suffixed(const char *p, const char *suffix);

/* "DIR/STEMSUFFIX", STEM being the base name of 'file' without its last
 * extension (free() it; out of memory ends lakwerk with a message). */
char *cli_out_name(const char *dir, const char *file, const char *suffix);

/* Whether paths 'a' and 'b' name one file (false when one is missing):
 * an output that is its own input would lose the original. */
/*
 * Run 'fn' on each part of a family's member (an e-mail's attachments):
 * with the part's label "FILE/PART" for messages, the name its outputs
 * take (NAME.bijlage-N, lak_part_file_name) and 'depth' + 1. Parts below
 * the deepest level (LAK_FAMILY_DEPTH) are named on standard error and
 * not run. Every part is tried; false when one failed.
 */
struct lak_part;
typedef bool (*cli_member_fn)(void *ctx, const char *label, const char *name,
    const struct lak_part *part, int depth);
bool cli_family(const struct lak_cmd *cmd, const char *file, const char *name,
    const struct lak_part *parts, size_t nparts, int depth, cli_member_fn fn,
    void *ctx);

bool cli_same_file(const char *a, const char *b);

/* Parse a non-negative number with an optional bound; false if bad. */
bool cli_number(const char *s, double max, double *out);

#endif
