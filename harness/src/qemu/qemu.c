/* qemu.c - launch a QEMU client on the segment, capture its console, reap it
 *
 * The NIC joins the segment over a SOCK_DGRAM socketpair passed by fd (one
 * frame per datagram).  The serial console is QEMU's stdout, read through a
 * pipe, and its stdin, a pipe pxl_qemu_send() types into; stderr is kept
 * for error reports.  QEMU runs in its own process
 * group with PR_SET_PDEATHSIG, and pxl_qemu_stop() always reaps it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qemu/console_filter.h"
#include "qemu/qemu.h"
#include "qemu/qemu_args.h"
#include "qemu/qmp.h"

#define QEMU_CONSOLE_MAX (4u << 20)
#define QEMU_STDERR_MAX 8192
#define QEMU_FRAME_MAX 65600
#define QEMU_NET_FD 3

/**
 * struct pxl_qemu - one running client
 * @cfg: its description (strings owned by the caller)
 * @loop, @seg: event loop and segment
 * @pid: QEMU's pid (also its process group), 0 once reaped
 * @status: waitpid() status once exited
 * @exited: whether it exited
 * @net_fd: our end of the NIC socketpair
 * @out_fd, @err_fd: console and stderr pipes
 * @in_fd: console input pipe (QEMU's stdin), -1 when closed
 * @port: segment port id
 * @console: console text with escape sequences removed
 * @con_len: its length
 * @filter: escape-sequence parser state (qemu/console_filter.c)
 * @log: console log file or NULL
 * @errbuf: the tail of stderr
 * @on_console, @on_exit, @arg: callbacks
 * @frame: receive buffer
 */
struct pxl_qemu {
	struct pxl_qemu_config cfg;
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	pid_t pid;
	int status;
	int exited;
	int net_fd;
	int out_fd;
	int err_fd;
	int in_fd;
	int port;
	char *console;
	size_t con_len;
	struct pxl_console_filter filter;
	FILE *log;
	char errbuf[QEMU_STDERR_MAX];
	size_t err_len;
	pxl_console_fn on_console;
	pxl_qemu_exit_fn on_exit;
	void *arg;
	uint8_t frame[QEMU_FRAME_MAX];
};

/** qemu_deliver() - the segment switches a frame to this client's NIC */
static void qemu_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct pxl_qemu *q = arg;

	if (q->net_fd >= 0)
		(void)send(q->net_fd, frame, len, MSG_DONTWAIT);
}

/** qemu_net_readable() - frames from the NIC enter the segment */
static void qemu_net_readable(void *arg, int fd, short revents)
{
	struct pxl_qemu *q = arg;
	ssize_t n;

	while ((n = recv(fd, q->frame, sizeof(q->frame), MSG_DONTWAIT)) > 0)
		pxl_segment_input(q->seg, q->port, q->frame, (size_t)n);
}

/**
 * qemu_console_append() - keep console text (bounded) and tell the subscriber
 * @q: client
 * @text: filtered text
 * @n: length
 */
static void qemu_console_append(struct pxl_qemu *q, const char *text, size_t n)
{
	if (!n)
		return;
	if (q->log) {
		fwrite(text, 1, n, q->log);
		fflush(q->log);
	}
	if (q->con_len + n > QEMU_CONSOLE_MAX) {
		size_t drop = q->con_len + n - QEMU_CONSOLE_MAX;

		drop = drop > q->con_len ? q->con_len : drop;
		memmove(q->console, q->console + drop, q->con_len - drop);
		q->con_len -= drop;
	}
	if (n > QEMU_CONSOLE_MAX)
		return;
	memcpy(q->console + q->con_len, text, n);
	q->con_len += n;
	q->console[q->con_len] = '\0';
	if (q->on_console)
		q->on_console(q->arg, text, n);
}

/** qemu_out_readable() - console bytes from QEMU's stdout */
static void qemu_out_readable(void *arg, int fd, short revents)
{
	struct pxl_qemu *q = arg;
	char raw[4096], text[4096];
	ssize_t n = read(fd, raw, sizeof(raw));

	if (n <= 0) {
		if (n == 0 || errno != EAGAIN) {
			pxl_loop_del_fd(q->loop, fd);
			close(fd);
			q->out_fd = -1;
		}
		return;
	}
	qemu_console_append(q, text, pxl_console_filter(&q->filter, raw, (size_t)n, text));
}

/** qemu_err_readable() - keep the tail of QEMU's stderr */
static void qemu_err_readable(void *arg, int fd, short revents)
{
	struct pxl_qemu *q = arg;
	char buf[1024];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n <= 0) {
		if (n == 0 || errno != EAGAIN) {
			pxl_loop_del_fd(q->loop, fd);
			close(fd);
			q->err_fd = -1;
		}
		return;
	}
	if (q->err_len + (size_t)n >= sizeof(q->errbuf))
		q->err_len = 0;
	memcpy(q->errbuf + q->err_len, buf, (size_t)n);
	q->err_len += (size_t)n;
	q->errbuf[q->err_len] = '\0';
}

/** qemu_child_exited() - the loop reaped QEMU */
static void qemu_child_exited(void *arg, pid_t pid, int status)
{
	struct pxl_qemu *q = arg;

	/* drain what is left of the console and stderr before reporting */
	if (q->out_fd >= 0)
		qemu_out_readable(q, q->out_fd, POLLIN);
	if (q->err_fd >= 0)
		qemu_err_readable(q, q->err_fd, POLLIN);
	q->exited = 1;
	q->status = status;
	q->pid = 0;
	if (q->on_exit)
		q->on_exit(q->arg, status);
}

/**
 * qemu_prepare_workdir() - files QEMU reads from the work folder
 * @cfg: client
 * @err, @errlen: message buffer
 *
 * SeaBIOS: the etc/sercon-port value (0x3f8, COM1).  OVMF: a fresh copy of
 * the variable store (the firmware writes to it).
 * Return: 0 or -errno.
 */
static int qemu_prepare_workdir(const struct pxl_qemu_config *cfg, char *err, size_t errlen)
{
	const struct pxl_firmware *fw = &pxl_firmwares[cfg->fw];
	char path[512], cmd[1100];
	FILE *f;

	if (fw->sercon) {
		snprintf(path, sizeof(path), "%s/sercon.bin", cfg->workdir);
		f = fopen(path, "wb");
		if (!f || fwrite("\xf8\x03", 1, 2, f) != 2 || fclose(f)) {
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
			return -EIO;
		}
	}
	if (!fw->vars.path)
		return 0;
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/%s'", fw->vars.path, cfg->workdir,
		 pxl_qemu_vars_name(fw));
	if (system(cmd) != 0) {
		snprintf(err, errlen, "cannot copy the %s variable store into %s", fw->title, cfg->workdir);
		return -EIO;
	}
	return 0;
}

/**
 * qemu_exec_child() - in the forked child: wire fds and exec QEMU
 * @a: command line
 * @net: QEMU's end of the socketpair
 * @in: read end of the console input pipe
 * @out, @err: write ends of the console and stderr pipes
 */
static void qemu_exec_child(struct pxl_argv *a, int net, int in, int out, int err)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	dup2(net, QEMU_NET_FD);
	closefrom(QEMU_NET_FD + 1);
	execvp(a->argv[0], a->argv);
	fprintf(stderr, "cannot run %s: %s (install the Debian package qemu-system-x86: make deps)\n",
		a->argv[0], strerror(errno));
	_exit(127);
}

/**
 * qemu_spawn() - create the socketpair and pipes, fork and exec
 * @q: client
 * @a: command line
 *
 * Return: 0 or -errno.
 */
static int qemu_spawn(struct pxl_qemu *q, struct pxl_argv *a)
{
	int sv[2], pi[2], po[2], pe[2], bufsz = 4 << 20;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	if (pipe2(pi, O_CLOEXEC) < 0 || pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0)
		return -errno;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		qemu_exec_child(a, sv[1], pi[0], po[1], pe[1]);
	close(sv[1]);
	close(pi[0]);
	close(po[1]);
	close(pe[1]);
	q->pid = pid;
	q->net_fd = sv[0];
	q->in_fd = pi[1];
	q->out_fd = po[0];
	q->err_fd = pe[0];
	fcntl(q->in_fd, F_SETFL, O_NONBLOCK);
	fcntl(q->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(q->err_fd, F_SETFL, O_NONBLOCK);
	return 0;
}

/**
 * qemu_register() - plug the client into the segment and loop
 * @q: client with a running process
 *
 * Return: 0 or -errno.
 */
static int qemu_register(struct pxl_qemu *q)
{
	int rc = pxl_segment_add_port(q->seg, q->cfg.name, qemu_deliver, q);

	if (rc < 0)
		return rc;
	q->port = rc;
	if ((rc = pxl_loop_add_fd(q->loop, q->net_fd, POLLIN, qemu_net_readable, q)) ||
	    (rc = pxl_loop_add_fd(q->loop, q->out_fd, POLLIN, qemu_out_readable, q)) ||
	    (rc = pxl_loop_add_fd(q->loop, q->err_fd, POLLIN, qemu_err_readable, q)))
		return rc;
	return pxl_loop_watch_child(q->loop, q->pid, qemu_child_exited, q);
}

/**
 * pxl_qemu_start() - start one client
 * @loop: event loop
 * @seg: segment its NIC joins
 * @cfg: the client (strings must outlive it)
 * @on_console: console text callback (may be NULL)
 * @on_exit: exit callback (may be NULL)
 * @arg: argument of both
 * @err, @errlen: message buffer
 *
 * Return: the client, or NULL with a message in @err.
 */
struct pxl_qemu *pxl_qemu_start(struct pxl_loop *loop, struct pxl_segment *seg,
				const struct pxl_qemu_config *cfg, pxl_console_fn on_console,
				pxl_qemu_exit_fn on_exit, void *arg, char *err, size_t errlen)
{
	struct pxl_qemu *q;
	struct pxl_argv a;
	int rc;

	if (pxl_qemu_check(cfg, err, errlen) || qemu_prepare_workdir(cfg, err, errlen))
		return NULL;
	q = calloc(1, sizeof(*q));
	if (!q || !(q->console = malloc(QEMU_CONSOLE_MAX + 1))) {
		free(q);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	q->cfg = *cfg;
	q->loop = loop;
	q->seg = seg;
	q->net_fd = q->out_fd = q->err_fd = q->in_fd = -1;
	q->on_console = on_console;
	q->on_exit = on_exit;
	q->arg = arg;
	q->console[0] = '\0';
	if (cfg->console_log && !(q->log = fopen(cfg->console_log, "w"))) {
		snprintf(err, errlen, "cannot create console log %s: %s", cfg->console_log, strerror(errno));
		goto fail;
	}
	if (pxl_qemu_build_args(cfg, QEMU_NET_FD, &a, err, errlen))
		goto fail;
	rc = qemu_spawn(q, &a);
	pxl_argv_free(&a);
	if (rc || (rc = qemu_register(q))) {
		snprintf(err, errlen, "client %s: cannot start QEMU: %s", cfg->name, strerror(-rc));
		goto fail;
	}
	return q;
fail:
	pxl_qemu_free(q);
	return NULL;
}

/** pxl_qemu_pid() - Return: QEMU's pid, 0 once reaped */
pid_t pxl_qemu_pid(const struct pxl_qemu *q)
{
	return q->pid;
}

/** pxl_qemu_port() - Return: the client's segment port id */
int pxl_qemu_port(const struct pxl_qemu *q)
{
	return q->port;
}

/**
 * pxl_qemu_send() - type bytes on the client's serial console (QEMU's stdin)
 * @q: client
 * @bytes: what to type
 * @len: how many (a pipe takes at least 4096 at once: never a short write
 *       for the few hundred bytes a scenario sends)
 *
 * Return: 0, or -errno (-EPIPE once QEMU has exited).
 */
int pxl_qemu_send(struct pxl_qemu *q, const char *bytes, size_t len)
{
	ssize_t n;

	if (q->in_fd < 0)
		return -EPIPE;
	n = write(q->in_fd, bytes, len);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EAGAIN;
}

/** pxl_qemu_console() - Return: console text so far (NUL-terminated), its length in *@len */
const char *pxl_qemu_console(const struct pxl_qemu *q, size_t *len)
{
	if (len)
		*len = q->con_len;
	return q->console;
}

/** pxl_qemu_stderr() - Return: the tail of QEMU's stderr */
const char *pxl_qemu_stderr(const struct pxl_qemu *q)
{
	return q->errbuf;
}

/** pxl_qemu_exited() - Return: 1 and *@status if QEMU exited, else 0 */
int pxl_qemu_exited(const struct pxl_qemu *q, int *status)
{
	if (q->exited && status)
		*status = q->status;
	return q->exited;
}

/**
 * pxl_qemu_screendump() - save the screen as PNG through QMP
 * @q: running client
 * @png_path: file to write
 *
 * Return: 0 or -errno.
 */
int pxl_qemu_screendump(struct pxl_qemu *q, const char *png_path)
{
	char sock[512], cmd[1024], reply[4096];
	int fd, rc;

	if (q->exited)
		return -ESRCH;
	snprintf(sock, sizeof(sock), "%s/qmp.sock", q->cfg.workdir);
	fd = pxl_qmp_connect(sock, 2000);
	if (fd < 0)
		return fd;
	snprintf(cmd, sizeof(cmd),
		 "{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"%s\",\"format\":\"png\"}}",
		 png_path);
	rc = pxl_qmp_command(fd, cmd, reply, sizeof(reply), 5000);
	close(fd);
	return rc;
}

/**
 * qemu_wait_gone() - wait up to @ms for QEMU to exit, reaping it
 * @q: client
 * @ms: budget
 *
 * Return: 1 if it is gone.
 */
static int qemu_wait_gone(struct pxl_qemu *q, int ms)
{
	pid_t pid = q->pid;
	int i, status;

	for (i = 0; i <= ms / 10; i++) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD)) {
			pxl_loop_unwatch_child(q->loop, pid);
			qemu_child_exited(q, pid, r == pid ? status : 0);
			return 1;
		}
		usleep(10000);
	}
	return 0;
}

/**
 * pxl_qemu_stop() - make sure QEMU is gone: QMP quit, SIGTERM, SIGKILL; reap
 * @q: client (already exited is fine)
 */
void pxl_qemu_stop(struct pxl_qemu *q)
{
	char sock[512], reply[512];
	pid_t pid = q->pid;
	int fd;

	if (!pid || q->exited)
		return;
	snprintf(sock, sizeof(sock), "%s/qmp.sock", q->cfg.workdir);
	fd = pxl_qmp_connect(sock, 300);
	if (fd >= 0) {
		pxl_qmp_command(fd, "{\"execute\":\"quit\"}", reply, sizeof(reply), 1000);
		close(fd);
	}
	if (qemu_wait_gone(q, 1000))
		return;
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	if (qemu_wait_gone(q, 2000))
		return;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	qemu_wait_gone(q, 5000);
}

/**
 * pxl_qemu_free() - stop (if needed) and free a client (may be NULL)
 * @q: client
 */
void pxl_qemu_free(struct pxl_qemu *q)
{
	if (!q)
		return;
	if (q->pid)
		pxl_qemu_stop(q);
	if (q->port > 0)
		pxl_segment_del_port(q->seg, q->port);
	if (q->net_fd >= 0) {
		pxl_loop_del_fd(q->loop, q->net_fd);
		close(q->net_fd);
	}
	if (q->out_fd >= 0) {
		pxl_loop_del_fd(q->loop, q->out_fd);
		close(q->out_fd);
	}
	if (q->err_fd >= 0) {
		pxl_loop_del_fd(q->loop, q->err_fd);
		close(q->err_fd);
	}
	if (q->in_fd >= 0)
		close(q->in_fd);
	if (q->log)
		fclose(q->log);
	free(q->console);
	free(q);
}
