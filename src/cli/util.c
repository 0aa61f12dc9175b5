/* Helpers shared by the lakwerk commands. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "lib/base/fsutil.h"
#include "lib/model/doc.h"

void
cli_error(const struct lak_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	char msg[LAK_ERROR_MSG_MAX + 1024];
	const char *p, *nl;

	fflush(stdout);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* a message of several errors: each line on its own, prefixed */
	for (p = msg;; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(stderr, "%s: %s: %.*s\n", PACKAGE, cmd->name,
		    (int)(nl ? nl - p : (ptrdiff_t)strlen(p)), p);
		if (nl == NULL)
			break;
	}
}

void
cli_error_report(const struct lak_cmd *cmd, const struct lak_error *err)
{
	cli_error(cmd, "%s", err->msg);
	if (err->n > LAK_ERROR_MAX_LIST)
		cli_error(cmd, "%u errors (the first %d shown)", err->n,
		    LAK_ERROR_MAX_LIST);
	else if (err->n > 1)
		cli_error(cmd, "%u errors", err->n);
}

int
cli_usage(const struct lak_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", PACKAGE, cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s %s\n", PACKAGE, cmd->name, cmd->usage);
	fprintf(stderr, "Try '%s help %s' for more.\n", PACKAGE, cmd->name);
	return LAK_EXIT_USAGE;
}

void
cli_help(const struct lak_cmd *cmd)
{
	printf("usage: %s %s %s\n\n%s\n", PACKAGE, cmd->name, cmd->usage,
	    cmd->summary);
	if (cmd->help && *cmd->help)
		printf("\n%s", cmd->help);
	printf("\nSee lakwerk(1) for the full description.\n");
}

bool
cli_stdout(const struct lak_cmd *cmd, const void *data, size_t len)
{
	if (len > 0 && fwrite(data, 1, len, stdout) != len) {
		cli_error(cmd, "cannot write to standard output: %s",
		    strerror(errno));
		return false;
	}
	return true;
}

bool
cli_number(const char *s, double max, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !isfinite(d) || d < 0 ||
	    d > max)
		return false;
	*out = d;
	return true;
}

const char *
cli_data_path(const char *rel)
{
	static char path[4096];
	const char *env = getenv("LAKWERK_DATADIR");

	if (env != NULL && *env != '\0') {
		snprintf(path, sizeof(path), "%s/%s", env, rel);
		return path;
	}
	snprintf(path, sizeof(path), "%s/%s", LAK_PKGDATADIR, rel);
	if (access(path, R_OK) == 0)
		return path;
	snprintf(path, sizeof(path), "%s/%s", LAK_SRCDIR, rel);
	if (access(path, R_OK) == 0)
		return path;
	snprintf(path, sizeof(path), "%s/%s", LAK_PKGDATADIR, rel);
	return path;
}

const char *
cli_data_dir(void)
{
	static char dir[4096];
	const char *env = getenv("LAKWERK_DATADIR");

	if (env != NULL && *env != '\0')
		snprintf(dir, sizeof(dir), "%s", env);
	else
		snprintf(dir, sizeof(dir), "%s", strcmp(cli_data_path(
		    "redaction-rules/grounds.txt"), LAK_SRCDIR
		    "/redaction-rules/grounds.txt") == 0 ? LAK_SRCDIR :
		    LAK_PKGDATADIR);
	return dir;
}

int
cli_opt_other(const struct lak_cmd *cmd, int c, char **argv)
{
	if (c == 'h') {
		cli_help(cmd);
		return LAK_EXIT_OK;
	}
	if (c == ':')
		return cli_usage(cmd, "option '%s' needs an argument",
		    argv[optind - 1]);
	return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
}

int
cli_source_date(const struct lak_cmd *cmd, long long *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *e;
	long long t;

	if (sde == NULL || *sde == '\0') {
		*out = (long long)time(NULL);
		return 0;
	}
	errno = 0;
	t = strtoll(sde, &e, 10);
	if (errno || *e != '\0' || t < 0) {
		cli_usage(cmd, "SOURCE_DATE_EPOCH: expected seconds since "
		    "1970, got '%s'", sde);
		return -1;
	}
	*out = t;
	return 0;
}

/* 'p', or the end of lakwerk: a command that cannot build a path has
 * nothing sensible to go on with. */
static char *
no_null(char *p)
{
	if (p == NULL) {
		fputs("lakwerk: out of memory\n", stderr);
		exit(LAK_EXIT_FAIL);
	}
	return p;
}

static char *
joined(const char *a, const char *sep, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + strlen(c) + 1;
	char *p = no_null(malloc(n));

	snprintf(p, n, "%s%s%s%s", a, sep, b, c);
	return p;
}

char *
cli_path(const char *dir, const char *name, const char *suffix)
{
	return joined(dir, "/", name, suffix);
}

char *
cli_suffixed(const char *p, const char *suffix)
{
	return joined(p, "", suffix, "");
}

char *
cli_out_name(const char *dir, const char *file, const char *suffix)
{
	const char *base = lak_path_basename(file), *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	size_t len = strlen(dir) + n + strlen(suffix) + 2;
	char *p = no_null(malloc(len));

	snprintf(p, len, "%s/%.*s%s", dir, (int)n, base, suffix);
	return p;
}

bool
cli_family(const struct lak_cmd *cmd, const char *file, const char *name,
    const struct lak_part *parts, size_t nparts, int depth, cli_member_fn fn,
    void *ctx)
{
	bool ok = true;

	for (size_t i = 0; i < nparts; i++) {
		char *label = joined(file, "/", parts[i].name, "");
		char *pname = no_null(lak_part_file_name(name, i + 1,
		    parts[i].name));

		if (depth + 1 > LAK_FAMILY_DEPTH) {
			cli_error(cmd, "%s: attachments nested more than %d deep "
			    "are not read", label, LAK_FAMILY_DEPTH);
			ok = false;
		} else if (!fn(ctx, label, pname, &parts[i], depth + 1)) {
			ok = false;
		}
		free(label);
		free(pname);
	}
	return ok;
}

bool
cli_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int
cli_out_dir(const struct lak_cmd *cmd, const char *dir)
{
	struct lak_error err = LAK_ERROR_INIT;

	if (lak_mkdir_p(dir, &err) < 0) {
		cli_error(cmd, "--out %s: %s", dir, err.msg);
		return LAK_EXIT_FAIL;
	}
	return -1;
}
