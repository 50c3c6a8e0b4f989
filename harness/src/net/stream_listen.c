/* stream_listen.c - accept TCP or unix-socket connections on the loop, one stream service object each */
#include "net/stream_listen.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define RX_CHUNK 65536
#define TX_HIGH (64u << 20) /* stop reading while this much output is queued */
#define TX_LOW (1u << 20)   /* resume reading below this */
#define TX_SMALL 16384      /* while input is handled, writes under this wait for its end */
#define TX_GATHER 64        /* pieces sent in one sendmsg with the queue before them */

struct pxl_stream_listener;

/**
 * struct stream_conn - one accepted connection
 * @l:        listener
 * @fd:       socket
 * @obj:      service object
 * @tx, @tx_len, @tx_off, @tx_cap: queued output
 * @closing:  the service asked to close once flushed
 * @reading:  POLLIN is watched
 * @in_input: the service is handling input: small writes are queued and
 *            sent together after it (one segment for many responses)
 * @next:     list link
 */
struct stream_conn {
	struct pxl_stream_listener *l;
	int fd;
	void *obj;
	uint8_t *tx;
	size_t tx_len, tx_off, tx_cap;
	int closing;
	int reading;
	int in_input;
	struct stream_conn *next;
};

/**
 * struct pxl_stream_listener - a listening socket and its connections
 * @loop:  event loop
 * @fd:    listening socket
 * @svc:   service
 * @path:  unix socket path to unlink on free ("" for TCP)
 * @conns: accepted connections
 * @n:     their count
 */
struct pxl_stream_listener {
	struct pxl_loop *loop;
	int fd;
	struct pxl_stream_service svc;
	char path[108];
	struct stream_conn *conns;
	size_t n;
};

/**
 * conn_events() - the poll events a connection needs now
 * @c: connection
 *
 * Return: POLLIN and/or POLLOUT.
 */
static short conn_events(const struct stream_conn *c)
{
	return (short)((c->reading ? POLLIN : 0) |
		       (c->tx_len > c->tx_off || c->closing ? POLLOUT : 0));
}

/**
 * conn_finish() - end a connection: stop watching, close, tell the service, free
 * @c: connection
 */
static void conn_finish(struct stream_conn *c)
{
	struct pxl_stream_listener *l = c->l;
	struct stream_conn **pp;

	pxl_loop_del_fd(l->loop, c->fd);
	close(c->fd);
	for (pp = &l->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	l->n--;
	if (l->svc.closed)
		l->svc.closed(c->obj);
	free(c->tx);
	free(c);
}

/**
 * conn_flush() - send queued output until the socket would block
 * @c: connection
 *
 * Return: 0 or -errno (the connection is broken).
 */
static int conn_flush(struct stream_conn *c)
{
	while (c->tx_off < c->tx_len) {
		ssize_t n = send(c->fd, c->tx + c->tx_off, c->tx_len - c->tx_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		c->tx_off += (size_t)n;
	}
	if (c->tx_off == c->tx_len)
		c->tx_off = c->tx_len = 0;
	if (!c->reading && c->tx_len - c->tx_off < TX_LOW && !c->closing)
		c->reading = 1;
	pxl_loop_mod_fd(c->l->loop, c->fd, conn_events(c));
	return 0;
}

/**
 * send_gathered() - send the queue and then the pieces in one sendmsg, from where they are
 * @c:   connection
 * @iov: pieces
 * @n:   their count (at most TX_GATHER)
 *
 * Return: bytes of the pieces sent (0 if the queue did not go out whole, or
 * the socket would block; the queue loses what went) or -errno.
 */
static ssize_t send_gathered(struct stream_conn *c, const struct iovec *iov, size_t n)
{
	struct iovec v[TX_GATHER + 1] = { { c->tx + c->tx_off, c->tx_len - c->tx_off } };
	struct msghdr mh = { .msg_iov = v, .msg_iovlen = n + 1 };
	size_t q = v[0].iov_len;
	ssize_t r;

	memcpy(v + 1, iov, n * sizeof(*iov));
	do
		r = sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	if ((size_t)r < q) {
		c->tx_off += (size_t)r;
		return 0;
	}
	c->tx_off = c->tx_len = 0;
	return r - (ssize_t)q;
}

/**
 * queue_append() - queue the pieces, skipping their first @skip bytes
 * @c:    connection
 * @iov:  pieces
 * @n:    their count
 * @skip: bytes already sent
 *
 * Return: 0 or -ENOMEM.
 */
static int queue_append(struct stream_conn *c, const struct iovec *iov, size_t n, size_t skip)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	len -= skip;
	if (c->tx_off && c->tx_len + len > c->tx_cap) {
		memmove(c->tx, c->tx + c->tx_off, c->tx_len - c->tx_off);
		c->tx_len -= c->tx_off;
		c->tx_off = 0;
	}
	if (PXL_VEC_GROW(c->tx, c->tx_cap, c->tx_len + len))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (skip >= iov[i].iov_len) {
			skip -= iov[i].iov_len;
			continue;
		}
		memcpy(c->tx + c->tx_len, (const uint8_t *)iov[i].iov_base + skip,
		       iov[i].iov_len - skip);
		c->tx_len += iov[i].iov_len - skip;
		skip = 0;
	}
	if (c->tx_len - c->tx_off > TX_HIGH)
		c->reading = 0;
	return 0;
}

/**
 * stream_writev() - struct pxl_stream_ops.writev: send what the socket takes
 * now (queue first, then the pieces, in one call, without copying them),
 * queue the rest; while input is handled, small writes only queue
 * @ctx: connection
 * @iov: pieces
 * @n:   their count
 *
 * Return: 0 or -errno.
 */
static int stream_writev(void *ctx, const struct iovec *iov, size_t n)
{
	struct stream_conn *c = ctx;
	size_t i, len = 0;
	ssize_t sent = 0;
	int err;

	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	if (n <= TX_GATHER && !c->closing && (!c->in_input || len >= TX_SMALL)) {
		sent = send_gathered(c, iov, n);
		if (sent < 0)
			return (int)sent;
	}
	err = queue_append(c, iov, n, (size_t)sent);
	if (err || c->in_input)
		return err;
	return c->tx_off == c->tx_len ? 0 : conn_flush(c);
}

/**
 * stream_write() - struct pxl_stream_ops.write: one piece
 * @ctx: connection
 * @buf: bytes
 * @len: count
 *
 * Return: 0 or -errno.
 */
static int stream_write(void *ctx, const void *buf, size_t len)
{
	struct iovec iov = { (void *)buf, len };

	return stream_writev(ctx, &iov, 1);
}

/**
 * stream_close() - struct pxl_stream_ops.close: close once the output is flushed
 * @ctx: connection
 */
static void stream_close(void *ctx)
{
	struct stream_conn *c = ctx;

	c->closing = 1;
	c->reading = 0;
	pxl_loop_mod_fd(c->l->loop, c->fd, conn_events(c));
}

/**
 * stream_queued() - struct pxl_stream_ops.queued: bytes not yet sent
 * @ctx: connection
 *
 * Return: the count.
 */
static size_t stream_queued(void *ctx)
{
	const struct stream_conn *c = ctx;

	return c->tx_len - c->tx_off;
}

static const struct pxl_stream_ops stream_ops = { stream_write, stream_close, stream_queued,
						   stream_writev };

/**
 * conn_read() - read once and feed the service (its output goes in conn_ready()'s flush)
 * @c: connection
 *
 * Return: 0, or -1 if the connection ended (EOF or error).
 */
static int conn_read(struct stream_conn *c)
{
	uint8_t buf[RX_CHUNK];
	ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	c->in_input = 1;
	c->l->svc.input(c->obj, buf, (size_t)n, pxl_now_ns());
	c->in_input = 0;
	return 0;
}

/**
 * conn_ready() - loop callback of a connection
 * @arg:     connection
 * @fd:      its socket
 * @revents: poll result
 */
static void conn_ready(void *arg, int fd, short revents)
{
	struct stream_conn *c = arg;

	if ((revents & POLLIN) && c->reading && !c->closing && conn_read(c) < 0) {
		conn_finish(c);
		return;
	}
	if ((revents & (POLLERR | POLLNVAL)) ||
	    ((revents & POLLHUP) && !(revents & POLLIN))) {
		conn_finish(c);
		return;
	}
	if (conn_flush(c) < 0) {
		conn_finish(c);
		return;
	}
	if (c->l->svc.drained && !c->closing && c->tx_len - c->tx_off < TX_LOW)
		c->l->svc.drained(c->obj, pxl_now_ns());
	if (c->closing && c->tx_len == c->tx_off)
		conn_finish(c);
}

/**
 * peer_name() - printable address of an accepted socket
 * @ss:  address
 * @buf: out
 * @len: size of @buf
 */
static void peer_name(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
	char a[INET_ADDRSTRLEN] = "?";

	if (ss->ss_family != AF_INET) {
		snprintf(buf, len, "unix");
		return;
	}
	inet_ntop(AF_INET, &in->sin_addr, a, sizeof(a));
	snprintf(buf, len, "%s:%u", a, ntohs(in->sin_port));
}

/**
 * conn_accept() - set up one accepted socket and its service object
 * @l:  listener
 * @fd: accepted socket (non-blocking)
 * @ss: peer address
 */
static void conn_accept(struct pxl_stream_listener *l, int fd, const struct sockaddr_storage *ss)
{
	struct stream_conn *c = calloc(1, sizeof(*c));
	char peer[64];
	int one = 1;

	if (!c) {
		close(fd);
		return;
	}
	if (ss->ss_family == AF_INET)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->l = l;
	c->fd = fd;
	c->reading = 1;
	peer_name(ss, peer, sizeof(peer));
	c->obj = l->svc.open(l->svc.arg, (struct pxl_stream){ &stream_ops, c }, peer);
	if (!c->obj || pxl_loop_add_fd(l->loop, fd, POLLIN, conn_ready, c) < 0) {
		if (c->obj && l->svc.closed)
			l->svc.closed(c->obj);
		close(fd);
		free(c);
		return;
	}
	c->next = l->conns;
	l->conns = c;
	l->n++;
}

/**
 * listener_ready() - loop callback of the listening socket: accept what is waiting
 * @arg:     listener
 * @fd:      listening socket
 * @revents: poll result
 */
static void listener_ready(void *arg, int fd, short revents)
{
	struct pxl_stream_listener *l = arg;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int cfd;

	while ((cfd = accept4(fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		conn_accept(l, cfd, &ss);
		sl = sizeof(ss);
	}
}

/**
 * listener_start() - bind, listen and watch a socket
 * @loop: event loop
 * @fd:   socket
 * @sa:   address
 * @sl:   its length
 * @svc:  service
 * @out:  out: listener
 *
 * Return: 0 or -errno (the socket is closed on failure).
 */
static int listener_start(struct pxl_loop *loop, int fd, const struct sockaddr *sa, socklen_t sl,
			  const struct pxl_stream_service *svc, struct pxl_stream_listener **out)
{
	struct pxl_stream_listener *l;
	int err;

	if (bind(fd, sa, sl) < 0 || listen(fd, 64) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	l = calloc(1, sizeof(*l));
	if (!l || (err = pxl_loop_add_fd(loop, fd, POLLIN, listener_ready, l)) < 0) {
		free(l);
		close(fd);
		return l ? err : -ENOMEM;
	}
	l->loop = loop;
	l->fd = fd;
	l->svc = *svc;
	*out = l;
	return 0;
}

/**
 * pxl_stream_listen_tcp() - listen on an IPv4 address and port
 * @loop:       event loop
 * @addr_port:  "A.B.C.D:PORT" (PORT 0: any free port)
 * @svc:        per-connection service
 * @out:        out: listener
 * @bound_port: out (may be NULL): the port bound
 *
 * Return: 0, -EINVAL (bad address), -EADDRINUSE, or -errno.
 */
int pxl_stream_listen_tcp(struct pxl_loop *loop, const char *addr_port,
			  const struct pxl_stream_service *svc, struct pxl_stream_listener **out,
			  uint16_t *bound_port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char host[64];
	const char *colon = strrchr(addr_port, ':');
	char *end;
	unsigned long port;
	socklen_t sl = sizeof(sin);
	int fd, one = 1, err;

	if (!colon || (size_t)(colon - addr_port) >= sizeof(host) || !svc || !svc->open ||
	    !svc->input)
		return -EINVAL;
	memcpy(host, addr_port, (size_t)(colon - addr_port));
	host[colon - addr_port] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || port > 65535 || inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		return -EINVAL;
	sin.sin_port = htons((uint16_t)port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	err = listener_start(loop, fd, (struct sockaddr *)&sin, sizeof(sin), svc, out);
	if (err)
		return err;
	if (bound_port && getsockname(fd, (struct sockaddr *)&sin, &sl) == 0)
		*bound_port = ntohs(sin.sin_port);
	return 0;
}

/**
 * pxl_stream_listen_unix() - listen on a unix stream socket path (replaced if stale)
 * @loop: event loop
 * @path: socket path (removed again by pxl_stream_listener_free())
 * @svc:  per-connection service
 * @out:  out: listener
 *
 * Return: 0, -ENAMETOOLONG, or -errno.
 */
int pxl_stream_listen_unix(struct pxl_loop *loop, const char *path,
			   const struct pxl_stream_service *svc, struct pxl_stream_listener **out)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, err;

	if (!svc || !svc->open || !svc->input)
		return -EINVAL;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	err = listener_start(loop, fd, (struct sockaddr *)&sun, sizeof(sun), svc, out);
	if (!err)
		snprintf((*out)->path, sizeof((*out)->path), "%s", path);
	return err;
}

/** pxl_stream_listener_conns() - connections currently open */
size_t pxl_stream_listener_conns(const struct pxl_stream_listener *l)
{
	return l->n;
}

/**
 * pxl_stream_listener_free() - close every connection and the listening socket
 * @l: listener (may be NULL)
 */
void pxl_stream_listener_free(struct pxl_stream_listener *l)
{
	if (!l)
		return;
	while (l->conns)
		conn_finish(l->conns);
	pxl_loop_del_fd(l->loop, l->fd);
	close(l->fd);
	if (l->path[0])
		unlink(l->path);
	free(l);
}
