/* loop.c - the single-threaded poll() event loop: fds, timers, children, signals
 *
 * One loop per run.  Each turn: the poll source (libslirp) fills its fds and
 * may lower the timeout; registered fds and the earliest timer bound the
 * poll; then fd callbacks, the poll source and expired timers run.  Children
 * are watched through pidfds, signals through a signalfd.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/loop.h"
#include "core/util.h"

/*
 * LOOP_MAX_FDS - registered fds (and libslirp's polled sockets, twice as
 * many): a storm's iSCSI stage holds one accepted connection in the
 * builtin target and one libslirp socket per client at once (1000 clients:
 * ~1000 each).  Only the slots below the highest one in use are scanned per
 * turn (all 4096 cost ~2 us a turn: 7% of `serve iscsi`'s CPU at depth 1).
 */
#define LOOP_MAX_FDS 4096

/**
 * struct loop_fd - a registered file descriptor
 * @fd: the descriptor (-1 when the slot is free)
 * @events: poll events wanted
 * @cb: callback
 * @arg: its argument
 * @gen: bumped on every (un)registration, so a stale poll result is ignored
 */
struct loop_fd {
	int fd;
	unsigned gen;
	short events;
	pxl_fd_cb cb;
	void *arg;
};

/**
 * struct pxl_timer - a one-shot timer
 * @loop: owning loop
 * @deadline: absolute monotonic ns, valid when @armed
 * @armed: whether it will fire
 * @cb, @arg: callback and argument
 * @next: list link
 */
struct pxl_timer {
	struct pxl_loop *loop;
	uint64_t deadline;
	int armed;
	pxl_timer_cb cb;
	void *arg;
	struct pxl_timer *next;
};

/**
 * struct loop_child - a watched child process
 * @loop: owning loop
 * @pid: its pid
 * @pidfd: pidfd (registered as an fd)
 * @cb, @arg: exit callback and argument
 */
struct loop_child {
	struct pxl_loop *loop;
	pid_t pid;
	int pidfd;
	pxl_child_cb cb;
	void *arg;
	struct loop_child *next;
};

/**
 * struct pxl_loop - the event loop
 * @fds: registered fds
 * @nslots: slots below the highest one in use (the rest are free)
 * @timers: all timers
 * @children: watched children
 * @src: the foreign poll source, if any
 * @pfds: pollfd array built each turn (registered fds, then source fds)
 * @slot_of, @gen_of: for each registered entry of @pfds, its slot and generation
 * @npfds, @nreg: entries in @pfds, and how many are registered fds
 * @src_base: index of the poll source's first entry
 * @sigfd: signalfd for SIGINT/SIGTERM/SIGHUP, or -1
 * @signo: last signal caught (0 if none)
 * @stopped, @code: stop request and exit code
 */
struct pxl_loop {
	struct loop_fd fds[LOOP_MAX_FDS];
	int nslots;
	struct pxl_timer *timers;
	struct loop_child *children;
	struct pxl_poll_source src;
	int has_src;
	struct pollfd pfds[LOOP_MAX_FDS * 2];
	int slot_of[LOOP_MAX_FDS];
	unsigned gen_of[LOOP_MAX_FDS];
	int npfds;
	int nreg;
	int src_base;
	int sigfd;
	sigset_t oldmask;
	int signo;
	int stopped;
	int code;
};

/**
 * pxl_now_ns() - monotonic clock
 *
 * Return: CLOCK_MONOTONIC in nanoseconds.
 */
uint64_t pxl_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/**
 * pxl_loop_new() - create an event loop
 *
 * Return: the loop, or NULL on allocation failure.
 */
struct pxl_loop *pxl_loop_new(void)
{
	struct pxl_loop *loop = calloc(1, sizeof(*loop));
	int i;

	if (!loop)
		return NULL;
	for (i = 0; i < LOOP_MAX_FDS; i++)
		loop->fds[i].fd = -1;
	loop->sigfd = -1;
	return loop;
}

/**
 * pxl_loop_free() - free the loop, its timers and child watches
 * @loop: the loop (may be NULL)
 *
 * Registered fds are not closed: their owners close them.  The signal
 * mask in force before pxl_loop_catch_signals() is restored.
 */
void pxl_loop_free(struct pxl_loop *loop)
{
	struct loop_child *c, *cn;
	struct pxl_timer *t, *tn;

	if (!loop)
		return;
	for (c = loop->children; c; c = cn) {
		cn = c->next;
		close(c->pidfd);
		free(c);
	}
	for (t = loop->timers; t; t = tn) {
		tn = t->next;
		free(t);
	}
	if (loop->sigfd >= 0) {
		close(loop->sigfd);
		sigprocmask(SIG_SETMASK, &loop->oldmask, NULL);
	}
	free(loop);
}

/**
 * loop_find_fd() - find the slot of a registered fd
 * @loop: the loop
 * @fd: descriptor, or -1 to find a free slot (the caller fills it)
 *
 * Return: slot pointer, or NULL.
 */
static struct loop_fd *loop_find_fd(struct pxl_loop *loop, int fd)
{
	int i;

	for (i = 0; i < loop->nslots; i++)
		if (loop->fds[i].fd == fd)
			return &loop->fds[i];
	if (fd >= 0 || loop->nslots == LOOP_MAX_FDS)
		return NULL;
	return &loop->fds[loop->nslots++];
}

/**
 * pxl_loop_add_fd() - watch an fd
 * @loop: the loop
 * @fd: descriptor
 * @events: POLLIN/POLLOUT...
 * @cb: called with revents when ready
 * @arg: its argument
 *
 * Return: 0, -EEXIST if already watched, -ENOSPC if the table is full.
 */
int pxl_loop_add_fd(struct pxl_loop *loop, int fd, short events, pxl_fd_cb cb, void *arg)
{
	struct loop_fd *slot;

	if (fd < 0)
		return -EBADF;
	if (loop_find_fd(loop, fd))
		return -EEXIST;
	slot = loop_find_fd(loop, -1);
	if (!slot)
		return -ENOSPC;
	slot->fd = fd;
	slot->gen++;
	slot->events = events;
	slot->cb = cb;
	slot->arg = arg;
	return 0;
}

/**
 * pxl_loop_mod_fd() - change the events watched on an fd
 * @loop: the loop
 * @fd: a watched descriptor
 * @events: new events
 *
 * Return: 0 or -ENOENT.
 */
int pxl_loop_mod_fd(struct pxl_loop *loop, int fd, short events)
{
	struct loop_fd *slot = fd >= 0 ? loop_find_fd(loop, fd) : NULL;

	if (!slot)
		return -ENOENT;
	slot->events = events;
	return 0;
}

/**
 * pxl_loop_del_fd() - stop watching an fd (safe inside any callback)
 * @loop: the loop
 * @fd: descriptor
 */
void pxl_loop_del_fd(struct pxl_loop *loop, int fd)
{
	struct loop_fd *slot = fd >= 0 ? loop_find_fd(loop, fd) : NULL;

	if (!slot)
		return;
	slot->fd = -1;
	slot->gen++;
	while (loop->nslots > 0 && loop->fds[loop->nslots - 1].fd < 0)
		loop->nslots--;
}

/**
 * pxl_timer_new() - create a disarmed timer
 * @loop: the loop
 * @cb: called when it expires
 * @arg: its argument
 *
 * Return: the timer, or NULL.
 */
struct pxl_timer *pxl_timer_new(struct pxl_loop *loop, pxl_timer_cb cb, void *arg)
{
	struct pxl_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->loop = loop;
	t->cb = cb;
	t->arg = arg;
	t->next = loop->timers;
	loop->timers = t;
	return t;
}

/** pxl_timer_arm() - (re)arm @t to fire at absolute monotonic @deadline_ns */
void pxl_timer_arm(struct pxl_timer *t, uint64_t deadline_ns)
{
	t->deadline = deadline_ns;
	t->armed = 1;
}

/** pxl_timer_disarm() - cancel @t if armed */
void pxl_timer_disarm(struct pxl_timer *t)
{
	t->armed = 0;
}

/** pxl_timer_armed() - Return: whether @t will fire */
int pxl_timer_armed(const struct pxl_timer *t)
{
	return t->armed;
}

/**
 * pxl_timer_free() - unlink and free a timer (not from inside its own callback
 *                    chain walk: callers free timers they own, outside expiry)
 * @t: the timer (may be NULL)
 */
void pxl_timer_free(struct pxl_timer *t)
{
	struct pxl_timer **pp;

	if (!t)
		return;
	for (pp = &t->loop->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	free(t);
}

/**
 * loop_child_ready() - a pidfd became readable: reap the child, call back
 * @arg: the struct loop_child
 * @fd: its pidfd
 * @revents: unused
 */
static void loop_child_ready(void *arg, int fd, short revents)
{
	struct loop_child *c = arg;
	int status = 0;

	if (c->pid <= 0 || waitpid(c->pid, &status, WNOHANG) == 0)
		return;
	pxl_loop_del_fd(c->loop, fd);
	c->cb(c->arg, c->pid, status);
}

/**
 * pxl_loop_watch_child() - call @cb when child @pid exits (it is reaped first)
 * @loop: the loop
 * @pid: a child of this process
 * @cb: exit callback
 * @arg: its argument
 *
 * Return: 0 or -errno (pidfd_open failure).
 */
int pxl_loop_watch_child(struct pxl_loop *loop, pid_t pid, pxl_child_cb cb, void *arg)
{
	struct loop_child *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return -ENOMEM;
	c->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (c->pidfd < 0) {
		rc = -errno;
		free(c);
		return rc;
	}
	c->loop = loop;
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
	rc = pxl_loop_add_fd(loop, c->pidfd, POLLIN, loop_child_ready, c);
	if (rc < 0) {
		close(c->pidfd);
		free(c);
		return rc;
	}
	c->next = loop->children;
	loop->children = c;
	return 0;
}

/**
 * pxl_loop_unwatch_child() - forget a watched child (reaped or not)
 * @loop: the loop
 * @pid: pid given to pxl_loop_watch_child()
 */
void pxl_loop_unwatch_child(struct pxl_loop *loop, pid_t pid)
{
	struct loop_child **pp, *c;

	for (pp = &loop->children; (c = *pp); pp = &c->next) {
		if (c->pid == pid) {
			*pp = c->next;
			pxl_loop_del_fd(loop, c->pidfd);
			close(c->pidfd);
			free(c);
			return;
		}
	}
}

/**
 * pxl_loop_set_source() - merge a foreign poller into each turn
 * @loop: the loop
 * @src: the source (copied); NULL removes it
 *
 * Return: 0.
 */
int pxl_loop_set_source(struct pxl_loop *loop, const struct pxl_poll_source *src)
{
	loop->has_src = src != NULL;
	if (src)
		loop->src = *src;
	return 0;
}

/**
 * pxl_loop_source_add() - from a source's fill(): poll one more fd this turn
 * @loop: the loop
 * @fd: descriptor
 * @events: events
 *
 * Return: the index to pass to pxl_loop_source_revents(), or -ENOSPC.
 */
int pxl_loop_source_add(struct pxl_loop *loop, int fd, short events)
{
	int idx = loop->npfds - loop->src_base;

	if (loop->npfds >= (int)(ARRAY_SIZE(loop->pfds)))
		return -ENOSPC;
	loop->pfds[loop->npfds].fd = fd;
	loop->pfds[loop->npfds].events = events;
	loop->pfds[loop->npfds].revents = 0;
	loop->npfds++;
	return idx;
}

/**
 * pxl_loop_source_revents() - from a source's dispatch(): what poll reported
 * @loop: the loop
 * @idx: index returned by pxl_loop_source_add()
 *
 * Return: revents, or 0 for a bad index.
 */
short pxl_loop_source_revents(struct pxl_loop *loop, int idx)
{
	if (idx < 0 || loop->src_base + idx >= loop->npfds)
		return 0;
	return loop->pfds[loop->src_base + idx].revents;
}

/**
 * loop_signal_ready() - a terminating signal arrived: remember it and stop
 * @arg: the loop
 * @fd: the signalfd
 * @revents: unused
 */
static void loop_signal_ready(void *arg, int fd, short revents)
{
	struct pxl_loop *loop = arg;
	struct signalfd_siginfo si;

	if (read(fd, &si, sizeof(si)) != sizeof(si))
		return;
	loop->signo = (int)si.ssi_signo;
	pxl_loop_stop(loop, 128 + loop->signo);
}

/**
 * pxl_loop_catch_signals() - turn SIGINT, SIGTERM and SIGHUP into a loop stop
 * @loop: the loop
 *
 * The signals are blocked and read from a signalfd, so cleanup runs in
 * normal code.  SIGPIPE is ignored.  Return: 0 or -errno.
 */
int pxl_loop_catch_signals(struct pxl_loop *loop)
{
	sigset_t set;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, &loop->oldmask) < 0)
		return -errno;
	loop->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (loop->sigfd < 0)
		return -errno;
	rc = pxl_loop_add_fd(loop, loop->sigfd, POLLIN, loop_signal_ready, loop);
	return rc;
}

/** pxl_loop_signal() - Return: the terminating signal caught, or 0 */
int pxl_loop_signal(const struct pxl_loop *loop)
{
	return loop->signo;
}

/**
 * loop_timeout_ms() - milliseconds until the earliest armed timer
 * @loop: the loop
 * @now: current time
 *
 * Return: -1 when no timer is armed.
 */
static int loop_timeout_ms(const struct pxl_loop *loop, uint64_t now)
{
	const struct pxl_timer *t;
	uint64_t min = UINT64_MAX, ms;

	for (t = loop->timers; t; t = t->next)
		if (t->armed && t->deadline < min)
			min = t->deadline;
	if (min == UINT64_MAX)
		return -1;
	if (min <= now)
		return 0;
	ms = (min - now + 999999) / 1000000;
	return ms > 60000 ? 60000 : (int)ms;
}

/**
 * loop_build_pollfds() - fill the pollfd array for one turn
 * @loop: the loop
 * @timeout: in/out: poll timeout in ms (-1 = infinite)
 */
static void loop_build_pollfds(struct pxl_loop *loop, int *timeout)
{
	int i, n = 0;

	for (i = 0; i < loop->nslots; i++) {
		if (loop->fds[i].fd < 0)
			continue;
		loop->pfds[n].fd = loop->fds[i].fd;
		loop->pfds[n].events = loop->fds[i].events;
		loop->pfds[n].revents = 0;
		loop->slot_of[n] = i;
		loop->gen_of[n] = loop->fds[i].gen;
		n++;
	}
	loop->nreg = n;
	loop->npfds = n;
	loop->src_base = n;
	if (loop->has_src)
		loop->src.fill(loop->src.arg, loop, timeout);
}

/**
 * loop_dispatch_fds() - call back registered fds that poll reported ready
 * @loop: the loop
 */
static void loop_dispatch_fds(struct pxl_loop *loop)
{
	int i;

	for (i = 0; i < loop->nreg; i++) {
		struct loop_fd *slot = &loop->fds[loop->slot_of[i]];

		if (!loop->pfds[i].revents)
			continue;
		if (slot->fd != loop->pfds[i].fd || slot->gen != loop->gen_of[i])
			continue;
		slot->cb(slot->arg, slot->fd, loop->pfds[i].revents);
	}
}

/**
 * loop_run_timers() - fire every armed timer whose deadline has passed
 * @loop: the loop
 *
 * A callback may arm, disarm or create timers; the walk restarts after
 * each expiry so the list may change under it.
 */
static void loop_run_timers(struct pxl_loop *loop)
{
	uint64_t now = pxl_now_ns();
	struct pxl_timer *t;
	int fired;

	do {
		fired = 0;
		for (t = loop->timers; t; t = t->next) {
			if (t->armed && t->deadline <= now) {
				t->armed = 0;
				t->cb(t->arg);
				fired = 1;
				break;
			}
		}
	} while (fired && !loop->stopped);
}

/**
 * pxl_loop_run() - run turns until pxl_loop_stop()
 * @loop: the loop
 *
 * Return: the code given to pxl_loop_stop(), or -errno if poll() failed.
 */
int pxl_loop_run(struct pxl_loop *loop)
{
	while (!loop->stopped) {
		int timeout = loop_timeout_ms(loop, pxl_now_ns());
		int n;

		loop_build_pollfds(loop, &timeout);
		n = poll(loop->pfds, (nfds_t)loop->npfds, timeout);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			loop_dispatch_fds(loop);
		if (loop->has_src)
			loop->src.dispatch(loop->src.arg, loop, n < 0);
		loop_run_timers(loop);
	}
	return loop->code;
}

/** pxl_loop_stop() - make pxl_loop_run() return @code after this turn */
void pxl_loop_stop(struct pxl_loop *loop, int code)
{
	if (loop->stopped)
		return;
	loop->stopped = 1;
	loop->code = code;
}

/** pxl_loop_stopped() - Return: whether a stop was requested */
int pxl_loop_stopped(const struct pxl_loop *loop)
{
	return loop->stopped;
}
