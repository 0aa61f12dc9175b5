/*
 * Run stage: a pool of forked worker processes with limits.
 *
 * Each worker serves many tasks (its heap and caches stay warm): it reads
 * task numbers from a pipe, runs the task under its own CPU-time and
 * wall-time limit, and answers one byte. A task that crashes the worker,
 * or runs past a limit, fails alone; the pool starts a new worker for the
 * next task. Workers never outlive the process that runs the pool (on
 * Linux), and get the default SIGINT and SIGTERM handling back.
 *
 * lak_pool_run() ignores SIGPIPE in the calling process (a worker that
 * dies must not take the pool with it); everything else it changes is in
 * the workers.
 */
#ifndef LAK_POOL_H
#define LAK_POOL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"

/* What a task may return in its worker. */
enum {
	LAK_TASK_DONE = 0,
	LAK_TASK_FAILED = 1,	/* the task recorded why, where the caller
				 * looks for it */
	LAK_TASK_NOWRITE = 2,	/* its results could not be written */
};

/* How a task ended, as the pool saw it. */
enum lak_pool_result {
	LAK_POOL_DONE,		/* the task returned LAK_TASK_DONE */
	LAK_POOL_FAILED,	/* LAK_TASK_FAILED */
	LAK_POOL_NOWRITE,	/* LAK_TASK_NOWRITE */
	LAK_POOL_CPU_LIMIT,	/* more than max_cpu seconds of CPU time */
	LAK_POOL_WALL_LIMIT,	/* more than 2 * max_cpu + 10 s of wall time */
	LAK_POOL_KILLED,	/* the worker died of 'signal' */
	LAK_POOL_EXITED,	/* the worker ended with 'status' on this task */
	LAK_POOL_NOSTART,	/* no worker could be started ('error': errno) */
};

struct lak_pool_outcome {
	enum lak_pool_result result;
	int signal;		/* LAK_POOL_KILLED */
	int status;		/* LAK_POOL_EXITED */
	int error;		/* LAK_POOL_NOSTART */
};

struct lak_pool_opts {
	unsigned int jobs;	/* workers, at least 1 */
	double max_cpu;		/* CPU seconds per task */
	double max_mem;		/* MiB of address space per worker; 0: none */
	/* In a worker: run task 'task' and return a LAK_TASK_* value. */
	int (*work)(void *ctx, size_t task);
	/* In the calling process, as each task ends (in any order). */
	void (*done)(void *ctx, size_t task,
	    const struct lak_pool_outcome *o);
	void *ctx;
	/* Set (by a signal handler) to stop: no new task is handed out, the
	 * workers are killed and lak_pool_run() returns. May be NULL. */
	volatile sig_atomic_t *stop;
};

#define LAK_POOL_OPTS_INIT { .jobs = 1, .max_cpu = 600 }

/*
 * Run tasks 'tasks[0..n)' (task numbers, passed to work()) on the pool's
 * workers; done() is called once per task handed out, unless the pool is
 * stopped first. Returns 0 when it ran (whatever the tasks' outcomes), -1
 * when out of memory.
 */
int lak_pool_run(const struct lak_pool_opts *o, const size_t *tasks,
    size_t n, struct lak_error *err);

/* The wall-time limit of a task: twice its CPU time plus 10 s. */
double lak_pool_wall_limit(double max_cpu);

#endif
