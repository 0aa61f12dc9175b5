/*
 * Run stage: the worker pool (see pool.h).
 */
#include "lib/base/common.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/run/pool.h"

struct worker {
	pid_t pid;		/* 0: none */
	int to, from;		/* pipes to and from it */
	size_t task;
	bool busy;
};

struct pool {
	const struct lak_pool_opts *o;
	struct worker *ws;
	struct pollfd *pfds;
};

double
lak_pool_wall_limit(double max_cpu)
{
	return max_cpu * 2 + 10;
}

static bool
stopped(const struct lak_pool_opts *o)
{
	return o->stop != NULL && *o->stop != 0;
}

/*
 * A worker process: reads task numbers from 'in', runs each under its own
 * CPU and wall-time limits, answers one byte on 'out'; ends at the end of
 * 'in'.
 */
static void
worker_main(const struct lak_pool_opts *o, int in, int out)
{
	struct rlimit rl;
	uint32_t k;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* never outlive the run */
#endif
	/* The memory limit is left out under AddressSanitizer, which
	 * reserves terabytes of address space for its shadow. */
#if !defined(__SANITIZE_ADDRESS__)
	if (o->max_mem > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)(o->max_mem * 1048576.0);
		setrlimit(RLIMIT_AS, &rl);
	}
#endif
	while (read(in, &k, sizeof(k)) == (ssize_t)sizeof(k)) {
		struct rusage ru;
		unsigned char res;

		/* CPU time is counted per process: allow this task max_cpu
		 * more than is used so far. */
		getrusage(RUSAGE_SELF, &ru);
		rl.rlim_cur = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
		    1 + o->max_cpu);
		rl.rlim_max = rl.rlim_cur + 5;
		setrlimit(RLIMIT_CPU, &rl);
		alarm((unsigned int)lak_pool_wall_limit(o->max_cpu));
		res = (unsigned char)o->work(o->ctx, k);
		alarm(0);
		if (write(out, &res, 1) != 1)
			break;
	}
	_exit(0);
}

static void
close_pair(int a[2])
{
	close(a[0]);
	close(a[1]);
}

static int
start_worker(struct pool *p, struct worker *w)
{
	unsigned int n = p->o->jobs;
	int a[2], b[2];

	if (pipe(a) < 0)
		return -1;
	if (pipe(b) < 0) {
		close_pair(a);
		return -1;
	}
	fflush(NULL);
	if ((w->pid = fork()) < 0) {
		w->pid = 0;
		close_pair(a);
		close_pair(b);
		return -1;
	}
	if (w->pid == 0) {
		/* Only its own ends: a copy of another worker's pipe would
		 * keep that worker from seeing its end, and the pool from
		 * seeing it die. */
		close(a[1]);
		close(b[0]);
		for (unsigned int i = 0; i < n; i++)
			if (&p->ws[i] != w && p->ws[i].pid > 0) {
				close(p->ws[i].to);
				close(p->ws[i].from);
			}
		free(p->ws);
		free(p->pfds);
		worker_main(p->o, a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	fcntl(a[1], F_SETFD, FD_CLOEXEC);
	fcntl(b[0], F_SETFD, FD_CLOEXEC);
	w->to = a[1];
	w->from = b[0];
	w->busy = false;
	return 0;
}

/* Close the pipes and wait for the worker; its wait status. */
static int
end_worker(struct worker *w, bool kill_it)
{
	int status = 0;

	if (w->pid <= 0)
		return 0;
	close(w->to);
	close(w->from);
	if (kill_it)
		kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	return status;
}

/* How the task of a worker that died on it ended. */
static void
died(int status, struct lak_pool_outcome *out)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		out->signal = sig;
		out->result = sig == SIGXCPU ? LAK_POOL_CPU_LIMIT :
		    sig == SIGALRM ? LAK_POOL_WALL_LIMIT : LAK_POOL_KILLED;
	} else {
		out->result = LAK_POOL_EXITED;
		out->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	}
}

/* Hand task 'task' to an idle worker, starting it when needed; false when
 * no worker can be started (the outcome is reported). */
static bool
hand_out(struct pool *p, struct worker *w, size_t task)
{
	const struct lak_pool_opts *o = p->o;
	uint32_t k = (uint32_t)task;

	for (int tries = 0; tries < 2; tries++) {
		if (w->pid <= 0 && start_worker(p, w) < 0) {
			struct lak_pool_outcome oc = { LAK_POOL_NOSTART, 0, 0,
			    errno };

			o->done(o->ctx, task, &oc);
			return false;
		}
		if (write(w->to, &k, sizeof(k)) == (ssize_t)sizeof(k)) {
			w->task = task;
			w->busy = true;
			return true;
		}
		end_worker(w, true);	/* a dead worker: start another */
	}
	{
		struct lak_pool_outcome oc = { LAK_POOL_NOSTART, 0, 0, EPIPE };

		o->done(o->ctx, task, &oc);
	}
	return false;
}

/* Collect the answer of worker 'w', which has something to read. */
static void
collect(struct pool *p, struct worker *w)
{
	const struct lak_pool_opts *o = p->o;
	struct lak_pool_outcome oc = { LAK_POOL_DONE, 0, 0, 0 };
	unsigned char res;

	if (read(w->from, &res, 1) == 1) {
		oc.result = res == LAK_TASK_DONE ? LAK_POOL_DONE :
		    res == LAK_TASK_NOWRITE ? LAK_POOL_NOWRITE :
		    LAK_POOL_FAILED;
	} else {
		/* the worker died on this task */
		died(end_worker(w, false), &oc);
	}
	w->busy = false;
	o->done(o->ctx, w->task, &oc);
}

int
lak_pool_run(const struct lak_pool_opts *o, const size_t *tasks, size_t n,
    struct lak_error *err)
{
	struct pool p = { o, NULL, NULL };
	size_t next = 0, busy = 0;

	if (n == 0)
		return 0;
	p.ws = calloc(o->jobs, sizeof(*p.ws));
	p.pfds = calloc(o->jobs, sizeof(*p.pfds));
	if (p.ws == NULL || p.pfds == NULL) {
		free(p.ws);
		free(p.pfds);
		return lak_error_oom(err);
	}
	signal(SIGPIPE, SIG_IGN);
	while (!stopped(o)) {
		for (unsigned int i = 0; i < o->jobs && next < n &&
		    !stopped(o); i++)
			if (!p.ws[i].busy && hand_out(&p, &p.ws[i],
			    tasks[next++]))
				busy++;
		if (busy == 0 && next == n)
			break;
		if (busy == 0)
			continue;
		for (unsigned int i = 0; i < o->jobs; i++) {
			p.pfds[i].fd = p.ws[i].busy ? p.ws[i].from : -1;
			p.pfds[i].events = POLLIN;
			p.pfds[i].revents = 0;
		}
		if (poll(p.pfds, o->jobs, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (unsigned int i = 0; i < o->jobs; i++)
			if (p.ws[i].busy && p.pfds[i].revents != 0) {
				collect(&p, &p.ws[i]);
				busy--;
			}
	}
	for (unsigned int i = 0; i < o->jobs; i++)
		end_worker(&p.ws[i], stopped(o));
	free(p.ws);
	free(p.pfds);
	return 0;
}
