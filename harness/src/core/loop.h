/* loop.h - the single-threaded poll() event loop: fds, timers, children, signals */
#ifndef PXL_LOOP_H
#define PXL_LOOP_H

#include <poll.h>
#include <stdint.h>
#include <sys/types.h>

struct pxl_loop;
struct pxl_timer;

/** pxl_fd_cb - an fd is ready: @revents as poll() reported them */
typedef void (*pxl_fd_cb)(void *arg, int fd, short revents);
/** pxl_timer_cb - a timer expired (it is disarmed before the call) */
typedef void (*pxl_timer_cb)(void *arg);
/** pxl_child_cb - a watched child exited; @status as waitpid() gives it */
typedef void (*pxl_child_cb)(void *arg, pid_t pid, int status);

/**
 * struct pxl_poll_source - a foreign poller merged into each loop turn (libslirp)
 * @fill:     add pollfds with pxl_loop_source_add(); may lower *@timeout_ms
 * @dispatch: called after poll() with the filled entries' revents available
 *            through pxl_loop_source_revents(); @err is non-zero if poll failed
 * @arg:      first argument of both
 */
struct pxl_poll_source {
	void (*fill)(void *arg, struct pxl_loop *loop, int *timeout_ms);
	void (*dispatch)(void *arg, struct pxl_loop *loop, int err);
	void *arg;
};

uint64_t pxl_now_ns(void);

struct pxl_loop *pxl_loop_new(void);
void pxl_loop_free(struct pxl_loop *loop);

int pxl_loop_add_fd(struct pxl_loop *loop, int fd, short events, pxl_fd_cb cb, void *arg);
int pxl_loop_mod_fd(struct pxl_loop *loop, int fd, short events);
void pxl_loop_del_fd(struct pxl_loop *loop, int fd);

struct pxl_timer *pxl_timer_new(struct pxl_loop *loop, pxl_timer_cb cb, void *arg);
void pxl_timer_arm(struct pxl_timer *t, uint64_t deadline_ns);
void pxl_timer_disarm(struct pxl_timer *t);
int pxl_timer_armed(const struct pxl_timer *t);
void pxl_timer_free(struct pxl_timer *t);

int pxl_loop_watch_child(struct pxl_loop *loop, pid_t pid, pxl_child_cb cb, void *arg);
void pxl_loop_unwatch_child(struct pxl_loop *loop, pid_t pid);

int pxl_loop_set_source(struct pxl_loop *loop, const struct pxl_poll_source *src);
int pxl_loop_source_add(struct pxl_loop *loop, int fd, short events);
short pxl_loop_source_revents(struct pxl_loop *loop, int idx);

int pxl_loop_catch_signals(struct pxl_loop *loop);
int pxl_loop_signal(const struct pxl_loop *loop);

int pxl_loop_run(struct pxl_loop *loop);
void pxl_loop_stop(struct pxl_loop *loop, int code);
int pxl_loop_stopped(const struct pxl_loop *loop);

#endif /* PXL_LOOP_H */
