/* storm_tcp.c - the synthetic clients' TCP connections: real kernel sockets behind one epoll fd
 *
 * Each client that reaches the iSCSI stages gets one socket from the
 * host's socket maker (the engine makes them inside a private network
 * namespace whose TAP is a port of the LAN, so the namespace kernel's TCP
 * carries the iSCSI PDUs over the same segment, libslirp and target as a
 * QEMU client's).  The sockets are non-blocking and watched by one epoll
 * fd, the only fd the event loop sees: a storm holds more connections
 * than the loop has slots.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/loop.h"
#include "core/util.h"
#include "storm/storm_tcp.h"

/** TCP_EVENTS_BURST - epoll events taken per loop turn */
#define TCP_EVENTS_BURST 256
/** TCP_READS_BURST - recv() calls per ready connection per turn */
#define TCP_READS_BURST 4

/**
 * struct tcp_conn - one client's connection
 * @fd:   socket, -1 when none
 * @connecting: the handshake has not completed
 * @out, @outlen, @outcap: bytes the socket did not take yet
 */
struct tcp_conn {
	int fd;
	int connecting;
	uint8_t *out;
	size_t outlen;
	size_t outcap;
};

/**
 * struct pxl_storm_tcp - every client's connection
 * @loop:   event loop
 * @ep:     the epoll fd
 * @conn:   per client
 * @n:      clients
 * @ops:    socket maker and event sink
 * @peak, @open: connections open at most, and now
 */
struct pxl_storm_tcp {
	struct pxl_loop *loop;
	int ep;
	struct tcp_conn *conn;
	unsigned n;
	struct pxl_storm_tcp_ops ops;
	unsigned peak;
	unsigned open;
};

/**
 * conn_watch() - (re)register a connection with epoll
 * @t:   connections
 * @idx: client
 * @op:  EPOLL_CTL_ADD or EPOLL_CTL_MOD
 *
 * Return: 0, or -errno.
 */
static int conn_watch(struct pxl_storm_tcp *t, unsigned idx, int op)
{
	struct tcp_conn *c = &t->conn[idx];
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = idx };

	if (c->connecting || c->outlen)
		ev.events |= EPOLLOUT;
	return epoll_ctl(t->ep, op, c->fd, &ev) < 0 ? -errno : 0;
}

/**
 * pxl_storm_tcp_close() - close a client's connection (safe when none is open)
 * @t:   connections
 * @idx: client
 */
void pxl_storm_tcp_close(struct pxl_storm_tcp *t, unsigned idx)
{
	struct tcp_conn *c = &t->conn[idx];

	if (c->fd < 0)
		return;
	epoll_ctl(t->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	t->open--;
}

/**
 * pxl_storm_tcp_open() - a non-blocking connect for client @idx; CONNECTED or CLOSED follows
 * @t:    connections
 * @idx:  client
 * @ip, @port: the peer, host order
 *
 * Return: 0, or -errno.
 */
int pxl_storm_tcp_open(struct pxl_storm_tcp *t, unsigned idx, uint32_t ip, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(ip) };
	struct tcp_conn *c = &t->conn[idx];
	int one = 1, rc;

	pxl_storm_tcp_close(t, idx);
	c->fd = t->ops.socket(t->ops.sctx);
	if (c->fd < 0) {
		rc = c->fd;
		c->fd = -1;
		return rc;
	}
	t->open++;
	t->peak = t->open > t->peak ? t->open : t->peak;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));	/* iPXE sends at once too */
	setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
	c->connecting = 1;
	rc = connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 && errno != EINPROGRESS ? -errno : 0;
	if (!rc)
		rc = conn_watch(t, idx, EPOLL_CTL_ADD);
	if (rc)
		pxl_storm_tcp_close(t, idx);
	return rc;
}

/**
 * pxl_storm_tcp_send() - bytes on a client's connection (what the socket does not take waits)
 * @t:   connections
 * @idx: client
 * @buf, @len: bytes
 *
 * Return: 0, or -errno.
 */
int pxl_storm_tcp_send(struct pxl_storm_tcp *t, unsigned idx, const void *buf, size_t len)
{
	struct tcp_conn *c = &t->conn[idx];
	ssize_t n = 0;

	if (c->fd < 0 || c->connecting)
		return -ENOTCONN;
	if (!c->outlen) {
		n = send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		n = n < 0 ? 0 : n;
		if ((size_t)n == len)
			return 0;
	}
	if (PXL_VEC_GROW(c->out, c->outcap, c->outlen + len - (size_t)n) < 0)
		return -ENOMEM;
	memcpy(c->out + c->outlen, (const uint8_t *)buf + n, len - (size_t)n);
	c->outlen += len - (size_t)n;
	return conn_watch(t, idx, EPOLL_CTL_MOD);
}

/**
 * conn_flush() - the waiting bytes into the socket
 * @t:   connections
 * @idx: client
 *
 * Return: 0, or -errno.
 */
static int conn_flush(struct pxl_storm_tcp *t, unsigned idx)
{
	struct tcp_conn *c = &t->conn[idx];
	ssize_t n = send(c->fd, c->out, c->outlen, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	memmove(c->out, c->out + n, c->outlen - (size_t)n);
	c->outlen -= (size_t)n;
	return c->outlen ? 0 : conn_watch(t, idx, EPOLL_CTL_MOD);
}

/**
 * conn_closed() - the connection is over: closed here, the client told
 * @t:   connections
 * @idx: client
 * @err: errno, or 0 when the peer closed it
 */
static void conn_closed(struct pxl_storm_tcp *t, unsigned idx, int err)
{
	pxl_storm_tcp_close(t, idx);
	t->ops.event(t->ops.ctx, idx, SCL_TCP_CLOSED, NULL, 0, err);
}

/**
 * conn_connected() - the handshake ended: CONNECTED, or CLOSED with its error
 * @t:   connections
 * @idx: client
 */
static void conn_connected(struct pxl_storm_tcp *t, unsigned idx)
{
	struct tcp_conn *c = &t->conn[idx];
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	c->connecting = 0;
	if (!err)
		err = -conn_watch(t, idx, EPOLL_CTL_MOD);
	if (err)
		conn_closed(t, idx, err);
	else
		t->ops.event(t->ops.ctx, idx, SCL_TCP_CONNECTED, NULL, 0, 0);
}

/**
 * conn_read() - what arrived, to the client, a few reads at most per turn
 * @t:   connections
 * @idx: client
 */
static void conn_read(struct pxl_storm_tcp *t, unsigned idx)
{
	uint8_t buf[16384];
	ssize_t n;
	int i, one = 1;

	for (i = 0; i < TCP_READS_BURST && t->conn[idx].fd >= 0; i++) {
		n = recv(t->conn[idx].fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		if (n <= 0) {
			conn_closed(t, idx, n < 0 ? errno : 0);
			return;
		}
		if (t->conn[idx].fd >= 0)	/* iPXE ACKs every segment at once: no delayed ACK */
			setsockopt(t->conn[idx].fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
		t->ops.event(t->ops.ctx, idx, SCL_TCP_DATA, buf, (size_t)n, 0);
	}
}

/**
 * conn_ready() - epoll says a connection is ready
 * @t:      connections
 * @idx:    client
 * @events: EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP
 */
static void conn_ready(struct pxl_storm_tcp *t, unsigned idx, uint32_t events)
{
	struct tcp_conn *c = &t->conn[idx];
	int rc;

	if (c->fd < 0)
		return;
	if (c->connecting) {
		if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			conn_connected(t, idx);
		return;
	}
	if ((events & EPOLLOUT) && c->outlen && (rc = conn_flush(t, idx)) < 0) {
		conn_closed(t, idx, -rc);
		return;
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
		conn_read(t, idx);
}

/**
 * ep_ready() - the loop says the epoll fd is readable: a burst of ready connections
 * @arg:     connections
 * @fd:      the epoll fd
 * @revents: POLLIN
 */
static void ep_ready(void *arg, int fd, short revents)
{
	struct pxl_storm_tcp *t = arg;
	struct epoll_event ev[TCP_EVENTS_BURST];
	int n, i;

	(void)revents;
	n = epoll_wait(fd, ev, TCP_EVENTS_BURST, 0);
	for (i = 0; i < n; i++)
		if (ev[i].data.u32 < t->n)
			conn_ready(t, ev[i].data.u32, ev[i].events);
}

/**
 * pxl_storm_tcp_retrans() - the kernel's count of a connection's retransmitted segments
 * @t:   connections
 * @idx: client
 *
 * Return: tcpi_total_retrans, 0 when no connection is open.
 */
unsigned pxl_storm_tcp_retrans(const struct pxl_storm_tcp *t, unsigned idx)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (t->conn[idx].fd < 0 || getsockopt(t->conn[idx].fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return 0;
	return ti.tcpi_total_retrans;
}

/**
 * pxl_storm_tcp_peak() - the most connections open at once
 * @t: connections
 *
 * Return: the count.
 */
unsigned pxl_storm_tcp_peak(const struct pxl_storm_tcp *t)
{
	return t->peak;
}

/**
 * pxl_storm_tcp_new() - room for @n clients' connections, one epoll fd on the loop
 * @loop: event loop
 * @n:    clients
 * @ops:  socket maker and event sink
 *
 * Return: the connections, or NULL (errno set).
 */
struct pxl_storm_tcp *pxl_storm_tcp_new(struct pxl_loop *loop, unsigned n, const struct pxl_storm_tcp_ops *ops)
{
	struct pxl_storm_tcp *t = calloc(1, sizeof(*t));
	unsigned i;

	if (!t)
		return NULL;
	t->loop = loop;
	t->n = n;
	t->ops = *ops;
	t->conn = calloc(n ? n : 1, sizeof(*t->conn));
	t->ep = epoll_create1(EPOLL_CLOEXEC);
	if (!t->conn || t->ep < 0 || pxl_loop_add_fd(loop, t->ep, POLLIN, ep_ready, t) < 0) {
		if (t->ep >= 0)
			close(t->ep);
		free(t->conn);
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < n; i++)
		t->conn[i].fd = -1;
	return t;
}

/**
 * pxl_storm_tcp_free() - close every connection and the epoll fd
 * @t: connections or NULL
 */
void pxl_storm_tcp_free(struct pxl_storm_tcp *t)
{
	unsigned i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		pxl_storm_tcp_close(t, i);
	pxl_loop_del_fd(t->loop, t->ep);
	close(t->ep);
	free(t->conn);
	free(t);
}
