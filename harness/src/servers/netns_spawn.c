/* netns_spawn.c - run programs inside the private namespace, as direct children of pxelab
 *
 * pxl_netns_spawn() forks; the child opens its log, joins the user (when
 * there is one), mount and network namespaces with setns(), and execs.
 * A failure before exec comes back over a close-on-exec pipe, so the
 * caller gets a message instead of a silent exit.  The program runs in its
 * own process group with PR_SET_PDEATHSIG and is reaped by PID.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"
#include "servers/netns.h"

extern char **environ;

/**
 * pxl_netns_join() - in a forked child: join the namespace's user (when there is one), mount and network namespaces
 * @ns:  namespace
 * @mnt: join its mount namespace too
 * @step: out: the setns() that failed
 *
 * Return: 0, or -1 with errno set.
 */
int pxl_netns_join(const struct pxl_netns *ns, int mnt, const char **step)
{
	if ((*step = "setns(user)", ns->user_fd >= 0 && setns(ns->user_fd, CLONE_NEWUSER) < 0) ||
	    (*step = "setns(mnt)", mnt && setns(ns->mnt_fd, CLONE_NEWNS) < 0) ||
	    (*step = "setns(net)", setns(ns->net_fd, CLONE_NEWNET) < 0))
		return -1;
	return 0;
}

/**
 * spawn_child() - in the forked child: join the namespaces, wire stdio, exec
 * @ns: namespace
 * @argv, @envp: program (argv[0] is looked up in PATH)
 * @log: file for stdout and stderr
 * @report: pipe (close-on-exec) to report a failure before exec
 */
static void spawn_child(const struct pxl_netns *ns, char *const argv[], char *const envp[],
			const char *log, int report) __attribute__((noreturn));

static void spawn_child(const struct pxl_netns *ns, char *const argv[], char *const envp[],
			const char *log, int report)
{
	const char *step;
	char msg[512];
	sigset_t none;
	int fd, n;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* the log first: joining the mount namespace moves the cwd to its root */
	if ((step = log, (fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) ||
	    pxl_netns_join(ns, 1, &step) < 0 || (step = "chdir /", chdir("/") < 0))
		goto fail;
	dup2(fd, 1);
	dup2(fd, 2);
	fd = open("/dev/null", O_RDONLY);
	dup2(fd, 0);
	/* the report pipe becomes fd 3 (close-on-exec); everything else goes */
	if (report != 3)
		dup2(report, 3);
	report = 3;
	fcntl(report, F_SETFD, FD_CLOEXEC);
	closefrom(4);
	execvpe(argv[0], argv, envp);
	step = argv[0];
fail:
	n = snprintf(msg, sizeof(msg), "%s: %s", step, strerror(errno));
	if (report >= 0 && write(report, msg, (size_t)n) < 0)
		_exit(126);
	_exit(127);
}

/**
 * pxl_netns_spawn() - start a program inside the namespace, as a child of pxelab
 * @ns: namespace
 * @argv: program and arguments (argv[0] looked up in PATH); paths in them must be absolute
 * @envp: environment
 * @log: file that gets its stdout and stderr (appended; relative to our cwd)
 * @pid: out: its pid (its own process group); reap it with waitpid()
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message (nothing left running).
 */
int pxl_netns_spawn(const struct pxl_netns *ns, char *const argv[], char *const envp[],
		    const char *log, pid_t *pid, char *err, size_t errlen)
{
	char msg[512];
	int pfd[2], status;
	ssize_t n;

	if (pipe2(pfd, O_CLOEXEC) < 0) {
		return pxl_err(err, errlen, "pipe: %s", strerror(errno));
	}
	*pid = fork();
	if (*pid == 0) {
		close(pfd[0]);
		spawn_child(ns, argv, envp, log, pfd[1]);
	}
	close(pfd[1]);
	if (*pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pfd[0]);
		return -1;
	}
	n = read(pfd[0], msg, sizeof(msg) - 1);
	close(pfd[0]);
	if (n > 0) {
		msg[n] = '\0';
		waitpid(*pid, &status, 0);
		snprintf(err, errlen, "cannot start %s in the namespace: %s", argv[0], msg);
		*pid = 0;
		return -1;
	}
	return 0;
}

/**
 * pxl_netns_run() - run a program inside the namespace and wait for it
 * @ns: namespace
 * @argv: program and arguments
 * @log: file for its output
 * @timeout_ms: how long it may take (then it is killed)
 * @err, @errlen: message buffer
 *
 * Return: its exit status (0..255), or -1 with a message.
 */
int pxl_netns_run(const struct pxl_netns *ns, char *const argv[], const char *log, int timeout_ms,
		  char *err, size_t errlen)
{
	int status, waited;
	pid_t pid;

	if (pxl_netns_spawn(ns, argv, environ, log, &pid, err, errlen))
		return -1;
	for (waited = 0; waited <= timeout_ms; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return pxl_err(err, errlen, "%s did not finish within %d ms (killed)", argv[0], timeout_ms);
}
