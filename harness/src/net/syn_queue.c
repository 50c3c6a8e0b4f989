/* syn_queue.c - which guest opened each forwarded TCP connection: its SYNs, in the order they arrived */
#include <errno.h>
#include <string.h>

#include "net/packet.h"
#include "net/syn_queue.h"

/**
 * pxl_syn_queue_watch() - queue SYNs to one more destination
 * @sq:   queue (zeroed by the caller)
 * @addr: destination address (host order)
 * @port: destination port
 *
 * Return: 0 or -ENOSPC.
 */
int pxl_syn_queue_watch(struct pxl_syn_queue *sq, uint32_t addr, uint16_t port)
{
	if (sq->ndest >= PXL_SYN_QUEUE_DESTS)
		return -ENOSPC;
	sq->addr[sq->ndest] = addr;
	sq->dport[sq->ndest++] = port;
	return 0;
}

/**
 * same_peer() - whether @list holds @p (same IP and port)
 * @list, @n: peers
 * @p: the peer
 *
 * Return: 1 or 0.
 */
static int same_peer(const struct pxl_syn_peer *list, size_t n, const struct pxl_syn_peer *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].ip == p->ip && list[i].port == p->port)
			return 1;
	return 0;
}

/**
 * watched() - whether a decoded frame is a SYN (without ACK) to a watched destination
 * @sq: queue
 * @f:  frame
 *
 * Return: 1 or 0.
 */
static int watched(const struct pxl_syn_queue *sq, const struct pxl_frame *f)
{
	size_t i;

	if (!f->is_tcp || (f->tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK)) != PXL_TCP_SYN)
		return 0;
	for (i = 0; i < sq->ndest; i++)
		if (sq->addr[i] == f->ip_dst && sq->dport[i] == f->dport)
			return 1;
	return 0;
}

/**
 * pxl_syn_queue_frame() - a frame seen on the segment (a tap): queue a new SYN
 * @sq:    queue
 * @frame: bytes
 * @len:   length
 *
 * When the queue is full the oldest SYN is dropped (its connection was
 * never accepted).
 */
void pxl_syn_queue_frame(struct pxl_syn_queue *sq, const uint8_t *frame, size_t len)
{
	struct pxl_frame f;
	struct pxl_syn_peer p;
	size_t nt = sq->nt < PXL_SYN_QUEUE_MAX ? sq->nt : PXL_SYN_QUEUE_MAX;

	if (pxl_frame_decode(frame, len, &f, NULL) || !watched(sq, &f))
		return;
	memcpy(p.mac, f.src_mac, 6);
	p.ip = f.ip_src;
	p.port = f.sport;
	if (same_peer(sq->q, sq->n, &p) || same_peer(sq->taken, nt, &p))
		return;
	if (sq->n == PXL_SYN_QUEUE_MAX)
		memmove(&sq->q[0], &sq->q[1], --sq->n * sizeof(sq->q[0]));
	sq->q[sq->n++] = p;
}

/**
 * pxl_syn_queue_take() - the guest end of the connection just accepted: the oldest SYN
 * @sq:  queue
 * @out: out: the peer
 *
 * Return: 1, or 0 when no SYN waits (@out zeroed).
 */
int pxl_syn_queue_take(struct pxl_syn_queue *sq, struct pxl_syn_peer *out)
{
	memset(out, 0, sizeof(*out));
	if (!sq->n)
		return 0;
	*out = sq->q[0];
	memmove(&sq->q[0], &sq->q[1], --sq->n * sizeof(sq->q[0]));
	sq->taken[sq->nt++ % PXL_SYN_QUEUE_MAX] = *out;
	return 1;
}
