/* slirp_port.c - libslirp as a port of the segment: ARP, ICMP, TCP, IPv6 RA
 *
 * libslirp runs restricted (the guest reaches nothing outside the segment),
 * with its DHCP, DNS and TFTP off unless the builtin mode asks for them.
 * Its fds join each loop turn through a poll source; its timers are loop
 * timers that call slirp_handle_timer().
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slirp/libslirp.h>

#include "net/slirp_port.h"
#include "net/synack_repeat.h"

/**
 * struct slirp_timer - a libslirp timer on the loop
 * @s: owning port
 * @t: loop timer
 * @id, @cb_opaque: what to pass back to slirp_handle_timer()
 */
struct slirp_timer {
	struct pxl_slirp *s;
	struct pxl_timer *t;
	SlirpTimerId id;
	void *cb_opaque;
};

/**
 * struct pxl_slirp - the libslirp port
 * @slirp: the instance
 * @loop: event loop
 * @seg: segment
 * @port: our port id on the segment
 * @synack: libslirp's SYN-ACKs, resent for a guest's retransmitted SYN (synack_repeat.h)
 */
struct pxl_slirp {
	Slirp *slirp;
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	int port;
	struct pxl_synack_repeat *synack;
};

/**
 * pxl_slirp_config_default() - 10.0.2.0/24, gateway 10.0.2.2, services off
 * @cfg: out
 */
void pxl_slirp_config_default(struct pxl_slirp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->net = 0x0a000200;
	cfg->mask = 0xffffff00;
	cfg->gateway = 0x0a000202;
	cfg->dhcp_start = 0x0a00020f;
}

/** slirp_cb_send() - libslirp sends a frame: it enters the segment */
static ssize_t slirp_cb_send(const void *buf, size_t len, void *opaque)
{
	struct pxl_slirp *s = opaque;

	pxl_synack_repeat_from_server(s->synack, pxl_now_ns(), buf, len);
	pxl_segment_input(s->seg, s->port, buf, len);
	return (ssize_t)len;
}

/** slirp_cb_guest_error() - libslirp reports guest misbehaviour */
static void slirp_cb_guest_error(const char *msg, void *opaque)
{
	fprintf(stderr, "pxelab: libslirp: guest error: %s\n", msg);
}

/** slirp_cb_clock() - libslirp's clock: the loop's monotonic clock */
static int64_t slirp_cb_clock(void *opaque)
{
	return (int64_t)pxl_now_ns();
}

/** slirp_timer_fire() - a loop timer expired: hand it to libslirp */
static void slirp_timer_fire(void *arg)
{
	struct slirp_timer *st = arg;

	slirp_handle_timer(st->s->slirp, st->id, st->cb_opaque);
}

/** slirp_cb_timer_new_opaque() - libslirp creates a timer */
static void *slirp_cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
	struct pxl_slirp *s = opaque;
	struct slirp_timer *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->s = s;
	st->id = id;
	st->cb_opaque = cb_opaque;
	st->t = pxl_timer_new(s->loop, slirp_timer_fire, st);
	if (!st->t) {
		free(st);
		return NULL;
	}
	return st;
}

/** slirp_cb_timer_free() - libslirp frees a timer */
static void slirp_cb_timer_free(void *timer, void *opaque)
{
	struct slirp_timer *st = timer;

	if (!st)
		return;
	pxl_timer_free(st->t);
	free(st);
}

/** slirp_cb_timer_mod() - libslirp arms a timer at @expire_ms on its clock */
static void slirp_cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct slirp_timer *st = timer;

	if (st)
		pxl_timer_arm(st->t, expire_ms < 0 ? 0 : (uint64_t)expire_ms * 1000000ULL);
}

/** slirp_cb_noop_fd() - fd (un)registration: unused, fds come each turn */
static void slirp_cb_noop_fd(int fd, void *opaque)
{
}

/** slirp_cb_notify() - libslirp can take more data: nothing to kick */
static void slirp_cb_notify(void *opaque)
{
}

static const SlirpCb slirp_callbacks = {
	.send_packet = slirp_cb_send,
	.guest_error = slirp_cb_guest_error,
	.clock_get_ns = slirp_cb_clock,
	.timer_free = slirp_cb_timer_free,
	.timer_mod = slirp_cb_timer_mod,
	.register_poll_fd = slirp_cb_noop_fd,
	.unregister_poll_fd = slirp_cb_noop_fd,
	.notify = slirp_cb_notify,
	.timer_new_opaque = slirp_cb_timer_new_opaque,
};

/** slirp_add_poll() - libslirp wants an fd polled this turn */
static int slirp_add_poll(int fd, int events, void *opaque)
{
	struct pxl_slirp *s = opaque;
	short ev = 0;

	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	return pxl_loop_source_add(s->loop, fd, ev);
}

/** slirp_get_revents() - what poll() said about an fd libslirp added */
static int slirp_get_revents(int idx, void *opaque)
{
	struct pxl_slirp *s = opaque;
	short rev = pxl_loop_source_revents(s->loop, idx);
	int out = 0;

	if (rev & POLLIN)
		out |= SLIRP_POLL_IN;
	if (rev & POLLOUT)
		out |= SLIRP_POLL_OUT;
	if (rev & POLLPRI)
		out |= SLIRP_POLL_PRI;
	if (rev & POLLERR)
		out |= SLIRP_POLL_ERR;
	if (rev & POLLHUP)
		out |= SLIRP_POLL_HUP;
	return out;
}

/** slirp_fill() - poll source: add libslirp's fds, cap the timeout */
static void slirp_fill(void *arg, struct pxl_loop *loop, int *timeout_ms)
{
	struct pxl_slirp *s = arg;
	uint32_t t = *timeout_ms < 0 ? UINT32_MAX : (uint32_t)*timeout_ms;

	slirp_pollfds_fill(s->slirp, &t, slirp_add_poll, s);
	if (t != UINT32_MAX && (*timeout_ms < 0 || (int)t < *timeout_ms))
		*timeout_ms = (int)t;
}

/** slirp_dispatch() - poll source: let libslirp handle its ready fds (every turn) */
static void slirp_dispatch(void *arg, struct pxl_loop *loop, int err)
{
	struct pxl_slirp *s = arg;

	slirp_pollfds_poll(s->slirp, err, slirp_get_revents, s);
}

/**
 * slirp_deliver() - the segment switches a frame to libslirp
 * @arg: the port
 * @frame, @len: the frame
 *
 * A retransmitted SYN of a connection libslirp has answered is answered
 * with its SYN-ACK again first, as a Linux server would (libslirp itself
 * waits for its own retransmission timer).
 */
static void slirp_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct pxl_slirp *s = arg;
	size_t n = 0;
	const uint8_t *synack = pxl_synack_repeat_from_guest(s->synack, pxl_now_ns(), frame, len, &n);

	/* the table's copy: the segment never switches it back to this port, so no table call intervenes */
	if (synack)
		pxl_segment_input(s->seg, s->port, synack, n);
	slirp_input(s->slirp, frame, (int)len);
}

/**
 * slirp_fill_config() - translate our config into a SlirpConfig version 4
 * @cfg: ours
 * @sc: out
 */
static void slirp_fill_config(const struct pxl_slirp_config *cfg, SlirpConfig *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->version = 4;
	sc->restricted = 1;
	sc->in_enabled = true;
	sc->vnetwork.s_addr = htonl(cfg->net);
	sc->vnetmask.s_addr = htonl(cfg->mask);
	sc->vhost.s_addr = htonl(cfg->gateway);
	sc->vdhcp_start.s_addr = htonl(cfg->dhcp_start);
	sc->vnameserver.s_addr = htonl((cfg->net & cfg->mask) | 3);
	sc->in6_enabled = !cfg->no_ipv6;
	inet_pton(AF_INET6, "fec0::", &sc->vprefix_addr6);
	sc->vprefix_len = 64;
	inet_pton(AF_INET6, "fec0::2", &sc->vhost6);
	inet_pton(AF_INET6, "fec0::3", &sc->vnameserver6);
	sc->vhostname = "pxelab";
	sc->tftp_path = cfg->tftp_path;
	sc->bootfile = cfg->bootfile;
	sc->disable_host_loopback = true;
	sc->disable_dns = true;
	sc->disable_dhcp = !cfg->builtin_dhcp;
}

/**
 * pxl_slirp_new() - start libslirp and plug it into the segment and loop
 * @loop: event loop
 * @seg: segment
 * @cfg: network and builtin services
 * @err: out: -errno on failure
 *
 * Return: the port, or NULL.
 */
struct pxl_slirp *pxl_slirp_new(struct pxl_loop *loop, struct pxl_segment *seg,
				const struct pxl_slirp_config *cfg, int *err)
{
	struct pxl_poll_source src = { slirp_fill, slirp_dispatch, NULL };
	struct pxl_slirp *s = calloc(1, sizeof(*s));
	uint8_t mac[PXL_ETH_ALEN];
	SlirpConfig sc;
	int rc;

	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	s->loop = loop;
	s->seg = seg;
	s->synack = pxl_synack_repeat_new();
	if (!s->synack) {
		rc = -ENOMEM;
		goto err;
	}
	slirp_fill_config(cfg, &sc);
	s->slirp = slirp_new(&sc, &slirp_callbacks, s);
	if (!s->slirp) {
		rc = -EINVAL;
		goto err;
	}
	rc = pxl_segment_add_port(seg, "slirp", slirp_deliver, s);
	if (rc < 0)
		goto err;
	s->port = rc;
	pxl_segment_mac_for(cfg->gateway, mac);
	rc = pxl_segment_own_address(seg, cfg->gateway, mac, 0);
	if (rc < 0)
		goto err;
	src.arg = s;
	pxl_loop_set_source(loop, &src);
	return s;
err:
	if (s->slirp)
		slirp_cleanup(s->slirp);
	pxl_synack_repeat_free(s->synack);
	free(s);
	*err = rc;
	return NULL;
}

/**
 * pxl_slirp_add_unix() - connect guest TCP connections to @addr:@port to a unix socket
 * @s: the port
 * @addr: address in the virtual network, host order
 * @port: TCP port
 * @path: unix socket path pxelab listens on
 *
 * Each guest connection becomes one connection to @path, with real
 * open and close.  Return: 0 or -EADDRINUSE.
 */
int pxl_slirp_add_unix(struct pxl_slirp *s, uint32_t addr, uint16_t port, const char *path)
{
	struct in_addr a = { .s_addr = htonl(addr) };

	return slirp_add_unix(s->slirp, path, &a, port) < 0 ? -EADDRINUSE : 0;
}

/** pxl_slirp_port() - Return: our port id on the segment */
int pxl_slirp_port(const struct pxl_slirp *s)
{
	return s->port;
}

/** pxl_slirp_synack_repeats() - Return: SYN-ACKs resent for retransmitted SYNs (synack_repeat.h) */
uint64_t pxl_slirp_synack_repeats(const struct pxl_slirp *s)
{
	return s ? pxl_synack_repeat_count(s->synack) : 0;
}

/** pxl_slirp_free() - unplug from the segment, stop libslirp, leave the loop (s may be NULL) */
void pxl_slirp_free(struct pxl_slirp *s)
{
	if (!s)
		return;
	pxl_segment_del_port(s->seg, s->port);
	pxl_loop_set_source(s->loop, NULL);
	slirp_cleanup(s->slirp);
	pxl_synack_repeat_free(s->synack);
	free(s);
}
