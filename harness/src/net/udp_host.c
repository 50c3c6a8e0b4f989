/* udp_host.c - a datagram transport on real host UDP sockets, for `pxelab serve` */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/udp_host.h"

#define UDP_HOST_MAX_SOCKS 512
#define UDP_HOST_MAX_DGRAM 65536

/**
 * struct udp_sock - one bound socket
 * @fd: descriptor, -1 when free
 * @addr, @port: bound address and port (host order)
 */
struct udp_sock {
	int fd;
	uint32_t addr;
	uint16_t port;
};

/**
 * struct pxl_udp_host - a set of bound UDP sockets on the loop
 * @loop: event loop
 * @input, @arg: where received datagrams go
 * @socks: the sockets
 * @buf: receive buffer
 */
struct pxl_udp_host {
	struct pxl_loop *loop;
	pxl_udp_input_fn input;
	void *arg;
	struct udp_sock socks[UDP_HOST_MAX_SOCKS];
	uint8_t buf[UDP_HOST_MAX_DGRAM];
};

/**
 * pxl_udp_host_new() - create a set of UDP sockets driven by @loop (none yet)
 * @loop:  event loop
 * @input: called for every datagram received on any socket of the set
 * @arg:   first argument of @input
 *
 * Return: the host transport, or NULL (errno ENOMEM).
 */
struct pxl_udp_host *pxl_udp_host_new(struct pxl_loop *loop, pxl_udp_input_fn input, void *arg)
{
	struct pxl_udp_host *h = calloc(1, sizeof(*h));
	int i;

	if (!h)
		return NULL;
	h->loop = loop;
	h->input = input;
	h->arg = arg;
	for (i = 0; i < UDP_HOST_MAX_SOCKS; i++)
		h->socks[i].fd = -1;
	return h;
}

/**
 * udp_host_readable() - receive every queued datagram on one socket
 * @arg: the struct udp_sock's owner table entry
 * @fd: socket
 * @revents: poll events
 */
static void udp_host_readable(void *arg, int fd, short revents);

/**
 * udp_host_find() - find the socket bound to @addr:@port
 * @h: host transport
 * @addr: address (0 matches any bound address)
 * @port: port
 *
 * Return: the socket or NULL.
 */
static struct udp_sock *udp_host_find(struct pxl_udp_host *h, uint32_t addr, uint16_t port)
{
	int i;

	for (i = 0; i < UDP_HOST_MAX_SOCKS; i++) {
		struct udp_sock *s = &h->socks[i];

		if (s->fd >= 0 && s->port == port && (!addr || !s->addr || s->addr == addr))
			return s;
	}
	return NULL;
}

/**
 * pxl_udp_host_listen() - bind a new socket to @addr:@port
 * @h:    host transport
 * @addr: address, host order (0 = any)
 * @port: in: wanted port (0 = ephemeral); out: bound port
 *
 * Return: 0 or -errno (-EADDRINUSE for a busy port, -EMFILE when the set
 * is full).
 */
int pxl_udp_host_listen(struct pxl_udp_host *h, uint32_t addr, uint16_t *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t slen = sizeof(sin);
	struct udp_sock *s = NULL;
	int one = 1, fd, rc, i;

	for (i = 0; i < UDP_HOST_MAX_SOCKS && !s; i++)
		if (h->socks[i].fd < 0)
			s = &h->socks[i];
	if (!s)
		return -EMFILE;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one));
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(*port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &slen) < 0) {
		rc = -errno;
		goto err;
	}
	rc = pxl_loop_add_fd(h->loop, fd, POLLIN, udp_host_readable, h);
	if (rc < 0)
		goto err;
	s->fd = fd;
	s->addr = addr;
	s->port = ntohs(sin.sin_port);
	*port = s->port;
	return 0;
err:
	close(fd);
	return rc;
}

static void udp_host_readable(void *arg, int fd, short revents)
{
	struct pxl_udp_host *h = arg;
	struct udp_sock *s = NULL;
	int i;

	for (i = 0; i < UDP_HOST_MAX_SOCKS && !s; i++)
		if (h->socks[i].fd == fd)
			s = &h->socks[i];
	if (!s)
		return;
	for (;;) {
		struct sockaddr_in peer;
		socklen_t plen = sizeof(peer);
		struct pxl_dgram dg = { 0 };
		ssize_t n = recvfrom(fd, h->buf, sizeof(h->buf), 0, (struct sockaddr *)&peer, &plen);

		if (n < 0)
			return;
		dg.src.addr = ntohl(peer.sin_addr.s_addr);
		dg.src.port = ntohs(peer.sin_port);
		dg.dst.addr = s->addr;
		dg.dst.port = s->port;
		dg.data = h->buf;
		dg.len = (size_t)n;
		h->input(h->arg, &dg);
		/* the callback may have closed this very socket */
		if (s->fd != fd)
			return;
	}
}

/**
 * udp_host_send() - transport op: send from the socket bound to dg->src
 * @ctx: host transport
 * @dg: datagram
 *
 * Return: 0 or -errno.
 */
static int udp_host_send(void *ctx, const struct pxl_dgram *dg)
{
	struct pxl_udp_host *h = ctx;
	struct udp_sock *s = udp_host_find(h, dg->src.addr, dg->src.port);
	struct sockaddr_in to = { .sin_family = AF_INET };

	if (!s)
		s = udp_host_find(h, 0, dg->src.port);
	if (!s)
		return -EADDRNOTAVAIL;
	to.sin_addr.s_addr = htonl(dg->dst.addr);
	to.sin_port = htons(dg->dst.port);
	if (sendto(s->fd, dg->data, dg->len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		return -errno;
	return 0;
}

/** udp_host_open_port() - transport op: bind a new socket on @addr */
static int udp_host_open_port(void *ctx, uint32_t addr, uint16_t *port)
{
	return pxl_udp_host_listen(ctx, addr, port);
}

/** udp_host_close_port() - transport op: close the socket on @addr:@port */
static void udp_host_close_port(void *ctx, uint32_t addr, uint16_t port)
{
	struct pxl_udp_host *h = ctx;
	struct udp_sock *s = udp_host_find(h, addr, port);

	if (!s)
		return;
	pxl_loop_del_fd(h->loop, s->fd);
	close(s->fd);
	s->fd = -1;
}

static const struct pxl_udp_ops udp_host_ops = {
	.send = udp_host_send,
	.open_port = udp_host_open_port,
	.close_port = udp_host_close_port,
};

/**
 * pxl_udp_host_transport() - the struct pxl_udp_transport a service is given
 * @h: host transport
 *
 * open_port() binds a new socket on the requested address (port 0:
 * ephemeral); send() sends from the socket bound to dg->src, else from any
 * socket on dg->src's port; close_port() closes the socket again.
 * Return: the transport, with @h as its context.
 */
struct pxl_udp_transport pxl_udp_host_transport(struct pxl_udp_host *h)
{
	struct pxl_udp_transport t = { .ops = &udp_host_ops, .ctx = h };

	return t;
}

/** pxl_udp_host_free() - close every socket and free @h (may be NULL) */
void pxl_udp_host_free(struct pxl_udp_host *h)
{
	int i;

	if (!h)
		return;
	for (i = 0; i < UDP_HOST_MAX_SOCKS; i++) {
		if (h->socks[i].fd < 0)
			continue;
		pxl_loop_del_fd(h->loop, h->socks[i].fd);
		close(h->socks[i].fd);
	}
	free(h);
}
