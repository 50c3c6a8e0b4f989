/* run_jobs.c - `pxelab run -j N`: run instances in forked children, N at a time
 *
 * Each job runs in a child whose stdout and stderr go to a pipe; the
 * parent prints a child's output as one block when it ends, so the tables
 * of parallel runs never interleave.  The child's last line names its
 * reports folder.  SIGINT and SIGTERM reaching the parent are passed to
 * every running child (each stops its QEMU and cleans up, as a lone run
 * does); no new job starts and the parent returns 128+N once all are
 * reaped.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/run_jobs.h"
#include "core/util.h"

#define JOB_TAG "pxelab-job-rundir: "
#define JOBS_MAX 64

/**
 * struct job - one running child
 * @pid: its pid (0: slot free)
 * @fd: read end of its output pipe
 * @index: job number
 * @out, @len, @cap: its output so far
 */
struct job {
	pid_t pid;
	int fd;
	size_t index;
	char *out;
	size_t len, cap;
};

/**
 * job_child() - in the child: output to the pipe, run the job, name the folder, exit
 * @fn, @arg: the job
 * @index: job number
 * @wfd: write end of the pipe
 * @old: the signal mask to restore
 */
static void job_child(pxl_job_fn fn, void *arg, size_t index, int wfd, const sigset_t *old)
{
	char rundir[512] = "";
	int code;

	sigprocmask(SIG_SETMASK, old, NULL);
	if (dup2(wfd, STDOUT_FILENO) < 0 || dup2(wfd, STDERR_FILENO) < 0)
		_exit(2);
	close(wfd);
	code = fn(arg, index, rundir, sizeof(rundir));
	printf("\n" JOB_TAG "%s\n", rundir);
	fflush(stdout);
	fflush(stderr);
	_exit(code);
}

/**
 * job_start() - fork one job
 * @j: free slot
 * @fn, @arg: the job
 * @index: job number
 * @old: the signal mask children get
 *
 * Return: 0, or -errno.
 */
static int job_start(struct job *j, pxl_job_fn fn, void *arg, size_t index, const sigset_t *old)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	fflush(stdout);
	fflush(stderr);
	j->pid = fork();
	if (j->pid < 0) {
		close(p[0]);
		close(p[1]);
		j->pid = 0;
		return -errno;
	}
	if (j->pid == 0) {
		close(p[0]);
		job_child(fn, arg, index, p[1], old);
	}
	close(p[1]);
	j->fd = p[0];
	j->index = index;
	j->len = 0;
	return 0;
}

/**
 * job_read() - take what a child printed
 * @j: job
 *
 * Return: 1 at end of file (the child is done), else 0.
 */
static int job_read(struct job *j)
{
	char buf[4096];
	ssize_t n = read(j->fd, buf, sizeof(buf));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (n == 0)
		return 1;
	if (PXL_VEC_GROW(j->out, j->cap, j->len + (size_t)n + 1))
		return 0; /* keep reading into nothing: the child must not block */
	memcpy(j->out + j->len, buf, (size_t)n);
	j->len += (size_t)n;
	j->out[j->len] = '\0';
	return 0;
}

/**
 * job_finish() - reap a child, print its output, note its folder and status
 * @j: job
 * @rundirs, @codes: out, indexed by job number
 * @out: stream
 */
static void job_finish(struct job *j, char (*rundirs)[512], int *codes, FILE *out)
{
	char *tag = j->out ? strstr(j->out, "\n" JOB_TAG) : NULL;
	int st = 0;

	close(j->fd);
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	codes[j->index] = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (tag) {
		*tag = '\0';
		snprintf(rundirs[j->index], 512, "%s", tag + 1 + strlen(JOB_TAG));
		rundirs[j->index][strcspn(rundirs[j->index], "\n")] = '\0';
	}
	if (j->out)
		fprintf(out, "%s\n", j->out);
	fflush(out);
	j->pid = 0;
}

/**
 * forward() - pass a signal to every running child
 * @jobs: slots
 * @n: slots
 * @sig: signal
 */
static void forward(struct job *jobs, size_t n, int sig)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (jobs[i].pid > 0)
			kill(jobs[i].pid, sig);
}

/**
 * jobs_loop() - start jobs while slots are free, collect output, reap
 * @js: slots
 * @nslots: slots
 * @n: jobs
 * @fn, @arg: the job
 * @sfd: signalfd for SIGINT/SIGTERM
 * @old: children's signal mask
 * @rundirs, @codes: out
 * @out: stream
 *
 * Return: 0, 128+N after a signal, or 2 when a child could not be started.
 */
static int jobs_loop(struct job *js, size_t nslots, size_t n, pxl_job_fn fn, void *arg, int sfd,
		     const sigset_t *old, char (*rundirs)[512], int *codes, FILE *out)
{
	struct pollfd pfd[JOBS_MAX + 1];
	size_t next = 0, i, running = 0;
	int stop = 0;

	for (;;) {
		for (i = 0; i < nslots && !stop && next < n; i++) {
			if (js[i].pid)
				continue;
			if (job_start(&js[i], fn, arg, next, old) < 0) {
				fprintf(stderr, "pxelab run: cannot start a job: %s\n", strerror(errno));
				stop = 2;
				break;
			}
			next++;
			running++;
		}
		if (!running)
			return stop;
		pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (i = 0; i < nslots; i++)
			pfd[i + 1] = (struct pollfd){ .fd = js[i].pid ? js[i].fd : -1, .events = POLLIN };
		if (poll(pfd, nslots + 1, -1) < 0 && errno != EINTR)
			return 2;
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				forward(js, nslots, (int)si.ssi_signo);
				stop = 128 + (int)si.ssi_signo;
			}
		}
		for (i = 0; i < nslots; i++) {
			if (js[i].pid && (pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) && job_read(&js[i])) {
				job_finish(&js[i], rundirs, codes, out);
				running--;
			}
		}
	}
}

/**
 * pxl_jobs_run() - run @n jobs, at most @jobs at a time, each in a forked child
 * @n: jobs
 * @jobs: parallel children at most (1..64)
 * @fn, @arg: runs one job in the child
 * @names: one name per job, for the "started" lines
 * @rundirs: out: per job, the reports folder it names ("" if none)
 * @codes: out: per job, its exit status (-1 if it never ran)
 * @out: where children's output goes, a block per child when it ends
 *
 * Return: 0 when every job ran, 128+N when a signal stopped the run (the
 * signal was passed on and every child reaped), 2 when a child could not be
 * started.
 */
int pxl_jobs_run(size_t n, unsigned jobs, pxl_job_fn fn, void *arg, const char *const *names, char (*rundirs)[512],
		 int *codes, FILE *out)
{
	struct job js[JOBS_MAX];
	sigset_t mask, old;
	size_t i, nslots = jobs < 1 ? 1 : jobs > JOBS_MAX ? JOBS_MAX : jobs;
	int sfd, rc;

	memset(js, 0, sizeof(js));
	for (i = 0; i < n; i++) {
		codes[i] = -1;
		rundirs[i][0] = '\0';
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, &old) < 0)
		return 2;
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 2;
	}
	fprintf(out, "pxelab: %zu scenario instance%s, %zu at a time:", n, n == 1 ? "" : "s", nslots);
	for (i = 0; i < n; i++)
		fprintf(out, " %s", names[i]);
	fputs("\n", out);
	rc = jobs_loop(js, nslots, n, fn, arg, sfd, &old, rundirs, codes, out);
	for (i = 0; i < nslots; i++)
		free(js[i].out);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
