/*
 * Run a program and wait for it, with a time limit: for the converters
 * lakwerk calls (LibreOffice). The child runs in a session of its own, so
 * that on time-out it is killed with everything it started; it reads
 * nothing, and what it prints goes to 'log' (a file path) or nowhere.
 */
#ifndef LAK_SPAWN_H
#define LAK_SPAWN_H

#include <stdbool.h>

#include "lib/base/error.h"

struct lak_spawn_opts {
	const char *dir;	/* working directory; NULL: unchanged */
	const char *log;	/* stdout and stderr to this file */
	unsigned int timeout;	/* seconds; 0: none */
	/* Run without a network: the child gets a network namespace of its
	 * own (only loopback, down). Where the system does not allow one
	 * (not root, no user namespaces), *isolated says so and the child
	 * runs anyway. */
	bool no_network;
};

/*
 * Run argv[0] (looked up in PATH) with 'argv'. On success *status is the
 * exit status (or 128 + the signal that ended it). Fails with LAK_ENOENT
 * when the program is not found, LAK_ELIMIT on time-out (the child and
 * its session are killed), LAK_EIO when it cannot be started.
 */
int lak_spawn(const char *const argv[], const struct lak_spawn_opts *o,
    int *status, bool *isolated, struct lak_error *err);

/* Whether 'prog' is an executable in PATH (or a path to one). */
bool lak_spawn_found(const char *prog);

#endif
