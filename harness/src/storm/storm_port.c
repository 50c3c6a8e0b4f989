/* storm_port.c - N synthetic clients on one segment port, as raw frames, one timer
 *
 * One timer serves every client: it fires at the earliest of the clients'
 * deadlines and arrivals.  Finding that earliest is a walk over the
 * clients per firing (O(N)); fine for a few thousand, a heap when a storm
 * needs more.
 *
 * A client's frames are queued and enter the segment from the loop's next
 * turn, never from inside a delivery: the segment calls services
 * synchronously, and a client answering inside the server's own send (an
 * ACK to a DATA still being sent) would re-enter the server mid-window,
 * which no real client can do.  The queue is the client's stack latency.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "core/util.h"
#include "net/segment.h"
#include "net/transport.h"
#include "services/dhcp/dhcp_msg.h"
#include "storm/storm_port.h"
#include "storm/storm_tcp.h"

/**
 * struct pxl_storm_port - the clients and where they live
 * @loop, @seg, @port: the LAN
 * @cfg:     configuration (@cfg.client is what every client points at)
 * @cl:      clients
 * @arrive:  power-on time of each client
 * @started: clients powered on
 * @t0:      creation time
 * @timer:   the one timer
 * @armed:   when it is armed for (PXL_NEVER: disarmed)
 * @tx:      every client's frame sink: the queue
 * @flush:   empties the queue into the segment, armed when a frame is queued
 * @q, @qlen, @qcap: queued frames, each a 2-byte length then its bytes
 * @qdrop:   frames lost because the queue could not grow
 * @by_ip, @ip_bits: a direct-mapped cache, 2^@ip_bits slots, of which
 *           client (index + 1) holds an address: ARP requests for a client
 *           find it without a walk (a stale slot is checked and refilled)
 * @tcp:     the clients' TCP connections (NULL: no TCP stack given)
 */
struct pxl_storm_port {
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	int port;
	struct pxl_storm_config cfg;
	struct scl_client *cl;
	uint64_t *arrive;
	unsigned started;
	uint64_t t0;
	struct pxl_timer *timer;
	uint64_t armed;
	struct scl_tx tx;
	struct pxl_timer *flush;
	uint8_t *q;
	size_t qlen;
	size_t qcap;
	uint64_t qdrop;
	unsigned *by_ip;
	unsigned ip_bits;
	struct pxl_storm_tcp *tcp;
};

/**
 * sp_send() - a client's frame: queued for the loop's next turn
 * @ctx: storm port
 * @frame, @len: bytes (at most 65535)
 */
static void sp_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct pxl_storm_port *sp = ctx;

	if (len > UINT16_MAX || PXL_VEC_GROW(sp->q, sp->qcap, sp->qlen + 2 + len)) {
		sp->qdrop++;
		return;
	}
	sp->q[sp->qlen] = (uint8_t)(len >> 8);
	sp->q[sp->qlen + 1] = (uint8_t)len;
	memcpy(sp->q + sp->qlen + 2, frame, len);
	sp->qlen += 2 + len;
	if (!pxl_timer_armed(sp->flush))
		pxl_timer_arm(sp->flush, pxl_now_ns());
}

/**
 * sp_tcp_open() - scl_tx.tcp_open: a connection for the client
 * @ctx: storm port
 * @c:   client
 * @ip, @port: peer
 *
 * Return: 0 or -errno.
 */
static int sp_tcp_open(void *ctx, struct scl_client *c, uint32_t ip, uint16_t port)
{
	struct pxl_storm_port *sp = ctx;

	return pxl_storm_tcp_open(sp->tcp, c->idx, ip, port);
}

/**
 * sp_tcp_send() - scl_tx.tcp_send
 * @ctx: storm port
 * @c:   client
 * @buf, @len: bytes
 *
 * Return: 0 or -errno.
 */
static int sp_tcp_send(void *ctx, struct scl_client *c, const void *buf, size_t len)
{
	struct pxl_storm_port *sp = ctx;

	return pxl_storm_tcp_send(sp->tcp, c->idx, buf, len);
}

/**
 * sp_tcp_close() - scl_tx.tcp_close
 * @ctx: storm port
 * @c:   client
 */
static void sp_tcp_close(void *ctx, struct scl_client *c)
{
	struct pxl_storm_port *sp = ctx;

	pxl_storm_tcp_close(sp->tcp, c->idx);
}

/**
 * sp_tcp_retrans() - scl_tx.tcp_retrans
 * @ctx: storm port
 * @c:   client
 *
 * Return: the connection's retransmitted segments.
 */
static unsigned sp_tcp_retrans(void *ctx, const struct scl_client *c)
{
	struct pxl_storm_port *sp = ctx;

	return pxl_storm_tcp_retrans(sp->tcp, c->idx);
}

/**
 * sp_flush() - the queued frames enter the segment from the storm port
 * @arg: storm port
 *
 * Frames the clients queue meanwhile (answers delivered synchronously)
 * wait for the next turn: the queue is taken whole first.
 */
static void sp_flush(void *arg)
{
	struct pxl_storm_port *sp = arg;
	uint8_t *q = sp->q;
	size_t len = sp->qlen, cap = sp->qcap, off = 0;

	sp->q = NULL;
	sp->qlen = sp->qcap = 0;
	while (off + 2 <= len) {
		size_t n = (size_t)q[off] << 8 | q[off + 1];

		pxl_segment_input(sp->seg, sp->port, q + off + 2, n);
		off += 2 + n;
	}
	if (!sp->q) {		/* nothing queued meanwhile: keep the buffer */
		sp->q = q;
		sp->qcap = cap;
	} else {
		free(q);
	}
}

/**
 * sp_by_ip() - the started client that holds an address
 * @sp: storm port
 * @ip: IPv4 address
 *
 * The cache slot is trusted only if that client still holds @ip; else one
 * walk of the clients, and the slot remembers the answer.
 * Return: the client, or NULL.
 */
static struct scl_client *sp_by_ip(struct pxl_storm_port *sp, uint32_t ip)
{
	unsigned *slot = &sp->by_ip[(uint32_t)(ip * 2654435761u) >> (32 - sp->ip_bits)];
	unsigned i;

	if (!ip)
		return NULL;
	if (*slot && sp->cl[*slot - 1].ip == ip)
		return &sp->cl[*slot - 1];
	for (i = 0; i < sp->started; i++) {
		if (sp->cl[i].ip == ip) {
			*slot = i + 1;
			return &sp->cl[i];
		}
	}
	return NULL;
}

/**
 * sp_owner() - which client a frame is for
 * @sp: storm port
 * @f:  decoded frame
 *
 * Return: the client, or NULL.
 */
static struct scl_client *sp_owner(struct pxl_storm_port *sp, const struct pxl_frame *f)
{
	unsigned idx;

	if (scl_idx_of(f->dst_mac, &idx))
		return idx < sp->cfg.clients ? &sp->cl[idx] : NULL;
	if (f->is_udp && f->dport == DHCP_CLIENT_PORT && f->payload_len >= 28 + PXL_ETH_ALEN &&
	    scl_idx_of(f->payload + 28, &idx))	/* chaddr of a broadcast reply */
		return idx < sp->cfg.clients ? &sp->cl[idx] : NULL;
	if (f->is_arp && f->arp_op == PXL_ARP_REQUEST)
		return sp_by_ip(sp, f->arp_tpa);
	return NULL;
}

/**
 * sp_arm() - arm the timer at @next (PXL_NEVER: disarm)
 * @sp: storm port
 * @next: absolute time
 */
static void sp_arm(struct pxl_storm_port *sp, uint64_t next)
{
	sp->armed = next;
	if (next == PXL_NEVER)
		pxl_timer_disarm(sp->timer);
	else
		pxl_timer_arm(sp->timer, next);
}

/**
 * sp_rearm() - the timer at the earliest arrival or client deadline
 * @sp: storm port
 *
 * O(N): only after the timer fired.  A frame changes one client's deadline,
 * and sp_deliver() only moves the timer earlier for it: the timer may then
 * fire before any deadline (a later one moved on), once, and this walk sets
 * it right — per delivered frame, a walk of every client made a storm O(N²).
 */
static void sp_rearm(struct pxl_storm_port *sp)
{
	uint64_t next = sp->started < sp->cfg.clients ? sp->arrive[sp->started] : PXL_NEVER;
	unsigned i;

	for (i = 0; i < sp->started; i++)
		if (sp->cl[i].deadline < next)
			next = sp->cl[i].deadline;
	sp_arm(sp, next);
}

/**
 * sp_tcp_event() - news of a client's connection: to the client, then the timer
 * @ctx:  storm port
 * @idx:  client
 * @ev:   connected, data, closed
 * @data, @len: bytes
 * @err:  errno of a close
 */
static void sp_tcp_event(void *ctx, unsigned idx, enum scl_tcp_ev ev, const uint8_t *data, size_t len, int err)
{
	struct pxl_storm_port *sp = ctx;

	scl_client_tcp(&sp->cl[idx], ev, data, len, err, pxl_now_ns(), &sp->tx);
	sp_rearm(sp);
}

/**
 * sp_deliver() - a frame the segment switched to the storm port
 * @arg: storm port
 * @frame, @len: bytes
 */
static void sp_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct pxl_storm_port *sp = arg;
	struct scl_client *c;
	struct pxl_frame f;

	if (pxl_frame_decode(frame, len, &f, NULL))
		return;
	c = sp_owner(sp, &f);
	if (c && c->state != SCL_IDLE && scl_client_input(c, &f, pxl_now_ns(), &sp->tx) &&
	    c->deadline < sp->armed)
		sp_arm(sp, c->deadline);
}

/**
 * sp_tick() - power on who is due, run the clients' timers
 * @arg: storm port
 */
static void sp_tick(void *arg)
{
	struct pxl_storm_port *sp = arg;
	uint64_t now = pxl_now_ns();
	unsigned i;

	while (sp->started < sp->cfg.clients && sp->arrive[sp->started] <= now)
		scl_client_start(&sp->cl[sp->started++], now, &sp->tx);
	for (i = 0; i < sp->started; i++)
		scl_client_tick(&sp->cl[i], now, &sp->tx);
	sp_rearm(sp);
}

/**
 * cmp_u64() - qsort order of arrival times
 * @a, @b: uint64_t
 *
 * Return: <0, 0, >0.
 */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/**
 * sp_plan() - arrival times: all at t0, or uniform over the spread, sorted
 * @sp: storm port, clients initialised
 */
static void sp_plan(struct pxl_storm_port *sp)
{
	unsigned i;

	for (i = 0; i < sp->cfg.clients; i++) {
		uint64_t r = (uint64_t)scl_rand(&sp->cl[i]) << 32 | scl_rand(&sp->cl[i]);

		sp->arrive[i] = sp->t0 + (sp->cfg.spread_ns ? r % sp->cfg.spread_ns : 0);
	}
	qsort(sp->arrive, sp->cfg.clients, sizeof(*sp->arrive), cmp_u64);
}

/**
 * sp_tcp_start() - the clients' TCP connections, and their scl_tx hooks
 * @sp: storm port (cfg set)
 *
 * Return: 0, or -1 out of memory.
 */
static int sp_tcp_start(struct pxl_storm_port *sp)
{
	struct pxl_storm_tcp_ops ops = { .socket = sp->cfg.tcp_socket, .sctx = sp->cfg.tcp_ctx,
					 .event = sp_tcp_event, .ctx = sp };

	sp->tcp = pxl_storm_tcp_new(sp->loop, sp->cfg.clients, &ops);
	if (!sp->tcp)
		return -1;
	sp->tx.tcp_open = sp_tcp_open;
	sp->tx.tcp_send = sp_tcp_send;
	sp->tx.tcp_close = sp_tcp_close;
	sp->tx.tcp_retrans = sp_tcp_retrans;
	return 0;
}

/**
 * pxl_storm_port_new() - N clients on a new port of @seg; they power on from now
 * @loop:   event loop
 * @seg:    the LAN
 * @cfg:    clients and arrival plan
 * @err, @errlen: why not
 *
 * Return: the port, or NULL (@err says why).
 */
struct pxl_storm_port *pxl_storm_port_new(struct pxl_loop *loop, struct pxl_segment *seg,
					  const struct pxl_storm_config *cfg, char *err, size_t errlen)
{
	struct pxl_storm_port *sp = calloc(1, sizeof(*sp));
	unsigned i;

	if (!sp || !cfg->clients)
		goto done;
	sp->loop = loop;
	sp->seg = seg;
	sp->cfg = *cfg;
	sp->tx = (struct scl_tx){ .send = sp_send, .ctx = sp };
	sp->t0 = pxl_now_ns();
	sp->cl = calloc(cfg->clients, sizeof(*sp->cl));
	sp->arrive = calloc(cfg->clients, sizeof(*sp->arrive));
	for (sp->ip_bits = 4; sp->ip_bits < 24 && (1u << sp->ip_bits) < 2 * cfg->clients; sp->ip_bits++)
		;
	sp->by_ip = calloc(1u << sp->ip_bits, sizeof(*sp->by_ip));
	sp->timer = pxl_timer_new(loop, sp_tick, sp);
	sp->flush = pxl_timer_new(loop, sp_flush, sp);
	if (!sp->cl || !sp->arrive || !sp->by_ip || !sp->timer || !sp->flush)
		goto done;
	if (cfg->tcp_socket && sp_tcp_start(sp))
		goto done;
	for (i = 0; i < cfg->clients; i++)
		scl_client_init(&sp->cl[i], i, &sp->cfg.client);
	sp_plan(sp);
	sp->port = pxl_segment_add_port(seg, "storm", sp_deliver, sp);
	if (sp->port < 0)
		goto done;
	sp_arm(sp, sp->arrive[0]);
	return sp;
done:
	pxl_err(err, errlen, "storm port: %s", !cfg->clients ? "no clients" :
		sp && sp->timer && sp->port < 0 ? "the segment has no free port" : "out of memory");
	pxl_storm_port_free(sp);
	return NULL;
}

/**
 * pxl_storm_port_finished() - every client powered on and done or failed
 * @sp: storm port
 *
 * Return: 1 if so.
 */
int pxl_storm_port_finished(const struct pxl_storm_port *sp)
{
	unsigned i;

	if (sp->started < sp->cfg.clients)
		return 0;
	for (i = 0; i < sp->cfg.clients; i++)
		if (!scl_client_finished(&sp->cl[i]))
			return 0;
	return 1;
}

/**
 * pxl_storm_port_clients() - the clients, for judging and reports
 * @sp:  storm port
 * @out: out: the array
 *
 * Return: how many.
 */
size_t pxl_storm_port_clients(const struct pxl_storm_port *sp, const struct scl_client **out)
{
	*out = sp->cl;
	return sp->cfg.clients;
}

/**
 * pxl_storm_port_t0() - when the storm began (arrivals count from here)
 * @sp: storm port
 *
 * Return: monotonic ns.
 */
uint64_t pxl_storm_port_t0(const struct pxl_storm_port *sp)
{
	return sp->t0;
}

/**
 * pxl_storm_port_tcp_peak() - the most iSCSI connections open at once
 * @sp: storm port
 *
 * Return: the count (0 without a TCP stack).
 */
unsigned pxl_storm_port_tcp_peak(const struct pxl_storm_port *sp)
{
	return sp->tcp ? pxl_storm_tcp_peak(sp->tcp) : 0;
}

/**
 * pxl_storm_port_free() - leave the segment, free the clients
 * @sp: storm port or NULL
 */
void pxl_storm_port_free(struct pxl_storm_port *sp)
{
	if (!sp)
		return;
	if (sp->port > 0)
		pxl_segment_del_port(sp->seg, sp->port);
	pxl_storm_tcp_free(sp->tcp);
	pxl_timer_free(sp->timer);
	pxl_timer_free(sp->flush);
	free(sp->q);
	free(sp->arrive);
	free(sp->by_ip);
	free(sp->cl);
	free(sp);
}
