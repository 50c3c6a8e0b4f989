/* netns_sock.c - sockets made inside the private namespace, for clients that run in pxelab's own process
 *
 * A socket belongs to the network namespace it was created in, wherever
 * it is used afterwards.  pxl_netns_sockd_start() forks a child that
 * joins the namespace (its user namespace too when there is one, which a
 * process cannot leave again, hence the child) and then answers each
 * request (the socket type, an int) with a fresh socket of that type
 * passed back over a socketpair (SCM_RIGHTS), or with the errno.  The
 * synthetic clients' iSCSI initiators (storm/) connect through them:
 * their TCP is the namespace kernel's, and their frames leave by the
 * namespace's TAP onto the LAN.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"
#include "servers/netns.h"

/**
 * sockd_reply() - one answer: a status byte, with the fd when it is 0
 * @sock: our end
 * @fd:   the socket, or -1
 * @status: 0 or errno (clamped to a byte)
 *
 * Return: 0, or -1 if the parent is gone.
 */
static int sockd_reply(int sock, int fd, int status)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	unsigned char st = (unsigned char)(status > 255 ? 255 : status);
	struct iovec iov = { .iov_base = &st, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	return sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/**
 * sockd_child() - in the child: join the namespace, then a socket per request until EOF
 * @ns:   namespace
 * @sock: our end of the socketpair
 */
static void sockd_child(const struct pxl_netns *ns, int sock) __attribute__((noreturn));

static void sockd_child(const struct pxl_netns *ns, int sock)
{
	const char *step;
	int type, fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (pxl_netns_join(ns, 0, &step) < 0) {
		sockd_reply(sock, -1, errno ? errno : EIO);
		_exit(1);
	}
	sockd_reply(sock, -1, 0);	/* joined */
	while (read(sock, &type, sizeof(type)) == (ssize_t)sizeof(type)) {
		fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
		if (sockd_reply(sock, fd, fd < 0 ? errno : 0) < 0)
			_exit(1);
		if (fd >= 0)
			close(fd);
	}
	_exit(0);
}

/**
 * sockd_recv() - one answer from the child
 * @d:  the child
 * @fd: out: the socket passed, or -1
 *
 * Return: the status byte (0 ok, else an errno), or -EPIPE if the child is gone.
 */
static int sockd_recv(struct pxl_netns_sockd *d, int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	unsigned char st = 0;
	struct iovec iov = { .iov_base = &st, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;

	*fd = -1;
	if (recvmsg(d->sock, &mh, MSG_CMSG_CLOEXEC) != 1)
		return -EPIPE;
	c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(fd, CMSG_DATA(c), sizeof(int));
	return st;
}

/**
 * pxl_netns_sockd_start() - the socket maker inside @ns
 * @ns: namespace (its fds stay ours)
 * @d:  out (pxl_netns_sockd_stop() it, also after a failure)
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
int pxl_netns_sockd_start(const struct pxl_netns *ns, struct pxl_netns_sockd *d, char *err, size_t errlen)
{
	int sv[2], fd, st;

	d->sock = -1;
	d->pid = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return pxl_err(err, errlen, "socketpair: %s", strerror(errno));
	d->pid = fork();
	if (d->pid == 0) {
		close(sv[0]);
		sockd_child(ns, sv[1]);
	}
	close(sv[1]);
	d->sock = sv[0];
	if (d->pid < 0)
		return pxl_err(err, errlen, "fork: %s", strerror(errno));
	st = sockd_recv(d, &fd);
	if (st)
		return pxl_err(err, errlen, "cannot join the clients' namespace: %s",
			       strerror(st < 0 ? -st : st));
	return 0;
}

/**
 * pxl_netns_socket() - a new AF_INET socket that lives in the namespace
 * @d:    the socket maker
 * @type: SOCK_STREAM, SOCK_DGRAM, optionally | SOCK_NONBLOCK
 *
 * Return: the fd (close-on-exec), or -errno.
 */
int pxl_netns_socket(struct pxl_netns_sockd *d, int type)
{
	int fd, st;

	if (d->sock < 0)
		return -ENOTCONN;
	if (write(d->sock, &type, sizeof(type)) != (ssize_t)sizeof(type))
		return -EPIPE;
	st = sockd_recv(d, &fd);
	if (st < 0)
		return st;
	if (st)
		return -st;
	return fd >= 0 ? fd : -EBADMSG;
}

/**
 * pxl_netns_sockd_stop() - the child ends (EOF on its socket) and is reaped (safe twice)
 * @d: the socket maker
 */
void pxl_netns_sockd_stop(struct pxl_netns_sockd *d)
{
	int status;

	if (d->sock >= 0)
		close(d->sock);
	d->sock = -1;
	if (d->pid > 0 && waitpid(d->pid, &status, 0) < 0 && errno != ECHILD)
		kill(d->pid, SIGKILL);
	d->pid = -1;
}
