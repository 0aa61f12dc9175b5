/*
 * Running a program with a time limit (see spawn.h).
 */
#include "lib/base/common.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "lib/base/clock.h"
#include "lib/base/spawn.h"

bool
lak_spawn_found(const char *prog)
{
	char *p = g_find_program_in_path(prog);
	bool ok = p != NULL;

	g_free(p);
	return ok;
}

int
lak_spawn(const char *const argv[], const struct lak_spawn_opts *o,
    int *status, bool *isolated, struct lak_error *err)
{
	char *path = g_find_program_in_path(argv[0]);
	int pipefd[2], st = 0, child_errno = 0;
	double start;
	pid_t pid;
	ssize_t n;

	*status = -1;
	if (isolated)
		*isolated = false;
	if (path == NULL)
		return lak_error_set(err, LAK_ENOENT, "%s: not found", argv[0]);
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		g_free(path);
		return lak_error_set(err, LAK_EIO, "pipe: %s", strerror(errno));
	}
	start = lak_monotonic();
	pid = fork();
	if (pid < 0) {
		g_free(path);
		close(pipefd[0]);
		close(pipefd[1]);
		return lak_error_set(err, LAK_EIO, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		int fd, e, net = 0;

		setsid();
		if (o->no_network)
			net = unshare(CLONE_NEWNET) == 0 ? 1 :
			    unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0 ? 1 : 0;
		/* tell the parent whether the network is gone */
		(void)!write(pipefd[1], &net, sizeof(net));
		if ((fd = open("/dev/null", O_RDONLY)) >= 0) {
			dup2(fd, 0);
			close(fd);
		}
		fd = o->log ? open(o->log, O_WRONLY | O_CREAT | O_TRUNC, 0600) :
		    open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (o->dir && chdir(o->dir) < 0)
			_exit(127);
		execv(path, (char *const *)argv);
		e = errno;
		(void)!write(pipefd[1], &e, sizeof(e));
		_exit(127);
	}
	g_free(path);
	close(pipefd[1]);
	{
		int net = 0;

		if (read(pipefd[0], &net, sizeof(net)) == (ssize_t)sizeof(net) &&
		    isolated)
			*isolated = net != 0;
		n = read(pipefd[0], &child_errno, sizeof(child_errno));
	}
	close(pipefd[0]);
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return lak_error_set(err, LAK_EIO, "waitpid: %s",
			    strerror(errno));
		if (o->timeout > 0 && lak_monotonic() - start > o->timeout) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return lak_error_set(err, LAK_ELIMIT, "%s did not finish "
			    "within %u s and was stopped", argv[0],
			    o->timeout);
		}
		nanosleep(&ts, NULL);
	}
	/* whatever it left running in its session goes too */
	kill(-pid, SIGKILL);
	if (n == (ssize_t)sizeof(child_errno))
		return lak_error_set(err, LAK_EIO, "%s cannot be started: %s",
		    argv[0], strerror(child_errno));
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ?
	    128 + WTERMSIG(st) : -1;
	return 0;
}
