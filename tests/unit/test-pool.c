/* Unit tests: the worker pool (every outcome a task can have). */
#include "config.h"

#include "unit.h"

#include <signal.h>
#include <unistd.h>

#include "lib/run/pool.h"

#define NTASKS 12
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* What each task does in its worker, by number. */
enum behaviour { OK, FAIL, NOWRITE, CRASH, EXIT7, SPIN, SLEEP, STOPPER };

struct ctx {
	const enum behaviour *b;
	struct lak_pool_outcome got[NTASKS];
	int calls[NTASKS];
	pid_t pids[NTASKS];	/* the worker of each task, from a pipe */
	int pfd[2];
	volatile sig_atomic_t *stop;
};

static int
work(void *vctx, size_t task)
{
	struct ctx *c = vctx;
	pid_t me = getpid();

	if (write(c->pfd[1], &me, sizeof(me)) < 0)
		return LAK_TASK_FAILED;
	switch (c->b[task]) {
	case OK:
		return LAK_TASK_DONE;
	case FAIL:
		return LAK_TASK_FAILED;
	case NOWRITE:
		return LAK_TASK_NOWRITE;
	case CRASH:
		signal(SIGSEGV, SIG_DFL);	/* not cmocka's handler */
		raise(SIGSEGV);
		break;
	case EXIT7:
		_exit(7);
	case SPIN:
		for (volatile unsigned long i = 0;; i++)
			;
	case SLEEP:
		for (;;)
			pause();
	case STOPPER:
		break;
	}
	return LAK_TASK_DONE;
}

static void
done(void *vctx, size_t task, const struct lak_pool_outcome *o)
{
	struct ctx *c = vctx;

	c->got[task] = *o;
	c->calls[task]++;
	if (c->b[task] == STOPPER && c->stop != NULL)
		*c->stop = 1;
}

static void
run(struct ctx *c, const enum behaviour *b, size_t n, unsigned int jobs,
    double max_cpu)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_pool_opts o = LAK_POOL_OPTS_INIT;
	size_t tasks[NTASKS];

	memset(c->calls, 0, sizeof(c->calls));
	c->b = b;
	assert_int_equal(pipe(c->pfd), 0);
	for (size_t i = 0; i < n; i++)
		tasks[i] = i;
	o.jobs = jobs;
	o.max_cpu = max_cpu;
	o.work = work;
	o.done = done;
	o.ctx = c;
	o.stop = c->stop;
	assert_int_equal(lak_pool_run(&o, tasks, n, &err), 0);
	close(c->pfd[1]);
	for (size_t i = 0; read(c->pfd[0], &c->pids[i % NTASKS],
	    sizeof(pid_t)) == sizeof(pid_t); i++)
		;
	close(c->pfd[0]);
}

static void
pool_reports_each_outcome(void **state)
{
	static const enum behaviour b[] = { OK, FAIL, NOWRITE, CRASH, OK,
	    EXIT7, OK, OK };
	struct ctx c = { 0 };

	(void)state;
	run(&c, b, N(b), 2, 60);
	for (size_t i = 0; i < N(b); i++)
		assert_int_equal(c.calls[i], 1);
	assert_int_equal(c.got[0].result, LAK_POOL_DONE);
	assert_int_equal(c.got[1].result, LAK_POOL_FAILED);
	assert_int_equal(c.got[2].result, LAK_POOL_NOWRITE);
	assert_int_equal(c.got[3].result, LAK_POOL_KILLED);
	assert_int_equal(c.got[3].signal, SIGSEGV);
	assert_int_equal(c.got[4].result, LAK_POOL_DONE);
	assert_int_equal(c.got[5].result, LAK_POOL_EXITED);
	assert_int_equal(c.got[5].status, 7);
	/* a worker that died is replaced: the tasks after it were done */
	assert_int_equal(c.got[6].result, LAK_POOL_DONE);
	assert_int_equal(c.got[7].result, LAK_POOL_DONE);
}

static void
pool_workers_serve_many_tasks(void **state)
{
	static const enum behaviour b[] = { OK, OK, OK, OK, OK, OK, OK, OK,
	    OK, OK };
	struct ctx c = { 0 };
	size_t distinct = 0;

	(void)state;
	run(&c, b, N(b), 2, 60);
	for (size_t i = 0; i < N(b); i++) {
		bool seen = false;

		assert_int_equal(c.got[i].result, LAK_POOL_DONE);
		assert_true(c.pids[i] != getpid());	/* not in the caller */
		for (size_t k = 0; k < i; k++)
			seen |= c.pids[k] == c.pids[i];
		distinct += !seen;
	}
	/* two workers did all ten */
	assert_true(distinct >= 1 && distinct <= 2);
}

static void
pool_cpu_limit_fails_only_that_task(void **state)
{
	static const enum behaviour b[] = { SPIN, OK };
	struct ctx c = { 0 };

	(void)state;
	run(&c, b, N(b), 1, 1);
	assert_int_equal(c.got[0].result, LAK_POOL_CPU_LIMIT);
	assert_int_equal(c.got[1].result, LAK_POOL_DONE);
}

static void
pool_stop_flag_ends_the_run(void **state)
{
	static const enum behaviour b[] = { STOPPER, SLEEP, OK, OK, OK, OK };
	volatile sig_atomic_t stop = 0;
	struct ctx c = { 0 };

	(void)state;
	c.stop = &stop;
	/* one worker: the stopper ends, nothing more is handed out */
	run(&c, b, N(b), 1, 60);
	assert_int_equal(c.calls[0], 1);
	for (size_t i = 1; i < N(b); i++)
		assert_int_equal(c.calls[i], 0);
	/* two workers: the sleeping one is killed, not waited for */
	stop = 0;
	run(&c, b, N(b), 2, 60);
	assert_int_equal(c.calls[0], 1);
	assert_int_equal(c.calls[1], 0);
}

static void
pool_wall_limit_is_documented(void **state)
{
	(void)state;
	assert_true(lak_pool_wall_limit(600) == 1210);
	assert_true(lak_pool_wall_limit(1) == 12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pool_reports_each_outcome),
		cmocka_unit_test(pool_workers_serve_many_tasks),
		cmocka_unit_test(pool_cpu_limit_fails_only_that_task),
		cmocka_unit_test(pool_stop_flag_ends_the_run),
		cmocka_unit_test(pool_wall_limit_is_documented),
	};

	return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
