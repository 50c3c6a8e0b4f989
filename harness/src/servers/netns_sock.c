/* netns_sock.c - sockets made inside the private namespace, for clients that run in pxelab's own process
 *
 * A socket belongs to the network namespace it was created in, wherever
 * it is used afterwards.  pxl_netns_sockd_start() forks a child that
 * joins the namespace (its user namespace too when there is one, which a
 * process cannot leave again, hence the child) and then answers each
 * request (the socket type and a count) with up to PXL_NETNS_SOCK_BATCH
 * fresh sockets of that type passed back over a socketpair (SCM_RIGHTS),
 * or with the errno: one round trip per batch (a round trip per socket
 * spread a 400-client storm's SYNs over 570 ms on a busy machine).  The
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
 * pxl_netns_send_fds() - a status byte, with fds passed (SCM_RIGHTS) when there are any
 * @sock: a unix socket
 * @fds:  the fds
 * @n:    how many (0 to PXL_NETNS_SOCK_BATCH)
 * @status: 0 or an errno (clamped to a byte)
 *
 * Return: 0, or -1 if the peer is gone.
 */
int pxl_netns_send_fds(int sock, const int *fds, size_t n, int status)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * PXL_NETNS_SOCK_BATCH)];
		struct cmsghdr align;
	} u;
	unsigned char st = (unsigned char)(status > 255 ? 255 : status);
	struct iovec iov = { .iov_base = &st, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (n) {
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	return sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/**
 * sockd_batch() - in the child: up to PXL_NETNS_SOCK_BATCH sockets of one type, sent, closed here
 * @sock: our end of the socketpair
 * @req:  type, count
 *
 * Return: 0, or -1 if the parent is gone.
 */
static int sockd_batch(int sock, const int req[2])
{
	int fds[PXL_NETNS_SOCK_BATCH], n = 0, rc, err = 0;

	while (n < req[1] && n < PXL_NETNS_SOCK_BATCH) {
		fds[n] = socket(AF_INET, req[0] | SOCK_CLOEXEC, 0);
		if (fds[n] < 0) {
			err = errno;
			break;
		}
		n++;
	}
	rc = pxl_netns_send_fds(sock, fds, (size_t)n, n ? 0 : err);
	while (n--)
		close(fds[n]);
	return rc;
}

/**
 * sockd_child() - in the child: join the namespace, then sockets per request until EOF
 * @ns:   namespace
 * @sock: our end of the socketpair
 */
static void sockd_child(const struct pxl_netns *ns, int sock) __attribute__((noreturn));

static void sockd_child(const struct pxl_netns *ns, int sock)
{
	const char *step;
	int req[2];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (pxl_netns_join(ns, 0, &step) < 0) {
		pxl_netns_send_fds(sock, NULL, 0, errno ? errno : EIO);
		_exit(1);
	}
	pxl_netns_send_fds(sock, NULL, 0, 0);	/* joined */
	while (read(sock, req, sizeof(req)) == (ssize_t)sizeof(req))
		if (sockd_batch(sock, req) < 0)
			_exit(1);
	_exit(0);
}

/**
 * sockd_recv() - one answer from the child
 * @d:   the child
 * @fds: out: the sockets passed (room for PXL_NETNS_SOCK_BATCH)
 * @n:   out: how many
 *
 * Return: the status byte (0 ok, else an errno), or -EPIPE if the child is gone.
 */
static int sockd_recv(struct pxl_netns_sockd *d, int *fds, size_t *n)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * PXL_NETNS_SOCK_BATCH)];
		struct cmsghdr align;
	} u;
	unsigned char st = 0;
	struct iovec iov = { .iov_base = &st, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;

	*n = 0;
	if (recvmsg(d->sock, &mh, MSG_CMSG_CLOEXEC) != 1)
		return -EPIPE;
	c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(0)) {
		*n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		memcpy(fds, CMSG_DATA(c), *n * sizeof(int));
	}
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
	int sv[2], fds[PXL_NETNS_SOCK_BATCH], st;
	size_t n;

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
	st = sockd_recv(d, fds, &n);
	if (st)
		return pxl_err(err, errlen, "cannot join the clients' namespace: %s",
			       strerror(st < 0 ? -st : st));
	return 0;
}

/**
 * pxl_netns_sockets() - new AF_INET sockets that live in the namespace, one round trip for a batch
 * @d:    the socket maker
 * @type: SOCK_STREAM, SOCK_DGRAM, optionally | SOCK_NONBLOCK
 * @fds:  out: the fds (close-on-exec)
 * @want: how many (at most PXL_NETNS_SOCK_BATCH are made)
 *
 * Return: how many were made (at least 1), or -errno.
 */
int pxl_netns_sockets(struct pxl_netns_sockd *d, int type, int *fds, size_t want)
{
	int req[2] = { type, (int)(want < PXL_NETNS_SOCK_BATCH ? want : PXL_NETNS_SOCK_BATCH) }, st;
	size_t n;

	if (d->sock < 0)
		return -ENOTCONN;
	if (write(d->sock, req, sizeof(req)) != (ssize_t)sizeof(req))
		return -EPIPE;
	st = sockd_recv(d, fds, &n);
	if (st)
		return st < 0 ? st : -st;
	return n ? (int)n : -EBADMSG;
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
