/* syn_queue.h - which guest opened each forwarded TCP connection: its SYNs, in the order they arrived
 *
 * libslirp forwards a guest's connection to a host socket (slirp_add_unix)
 * without saying which guest it came from.  It connects in the order the
 * first SYNs reach it, and the host side accepts in that order, so a tap
 * that queues each new SYN (source MAC, IP, port) to a watched destination
 * can hand the oldest to each accepted connection.  A retransmitted SYN is
 * not queued twice (nor after its connection took it).
 */
#ifndef PXL_SYN_QUEUE_H
#define PXL_SYN_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#define PXL_SYN_QUEUE_DESTS 4
#define PXL_SYN_QUEUE_MAX 16

/**
 * struct pxl_syn_peer - the guest end of a connection
 * @mac:  source MAC of its SYN
 * @ip:   source address (host order)
 * @port: source port
 */
struct pxl_syn_peer {
	uint8_t mac[6];
	uint32_t ip;
	uint16_t port;
};

/**
 * struct pxl_syn_queue - watched destinations and the SYNs not yet taken
 * @addr, @dport, @ndest: destinations watched (host order)
 * @q, @n:       SYNs waiting, oldest first
 * @taken, @nt:  the last ones taken (a ring), so a late retransmission is not queued again
 */
struct pxl_syn_queue {
	uint32_t addr[PXL_SYN_QUEUE_DESTS];
	uint16_t dport[PXL_SYN_QUEUE_DESTS];
	size_t ndest;
	struct pxl_syn_peer q[PXL_SYN_QUEUE_MAX];
	size_t n;
	struct pxl_syn_peer taken[PXL_SYN_QUEUE_MAX];
	size_t nt;
};

int pxl_syn_queue_watch(struct pxl_syn_queue *sq, uint32_t addr, uint16_t port);
void pxl_syn_queue_frame(struct pxl_syn_queue *sq, const uint8_t *frame, size_t len);
int pxl_syn_queue_take(struct pxl_syn_queue *sq, struct pxl_syn_peer *out);

#endif /* PXL_SYN_QUEUE_H */
