/* syn_watch.h - TCP connection attempts seen on the segment, and whether anything answered them
 *
 * A tap: every SYN (without ACK) is counted against its destination
 * (address, port); a SYN-ACK or RST coming back from that destination
 * counts as its answer.  A destination whose SYNs got no SYN-ACK was
 * never connected to: dropped, with RSTs back (libslirp restricted
 * answers so for connections it will not make) or silently.
 */
#ifndef PXL_SYN_WATCH_H
#define PXL_SYN_WATCH_H

#include <stddef.h>
#include <stdint.h>

/** PXL_SYN_WATCH_MAX - destinations tracked (later ones are counted in "other") */
#define PXL_SYN_WATCH_MAX 32

/**
 * struct pxl_syn_dest - connection attempts to one destination
 * @addr, @port: destination, host order
 * @syns:    SYNs sent to it (retransmissions included)
 * @synacks: SYN-ACKs it sent back
 * @rsts:    RSTs it sent back
 * @first_ns, @last_ns: first and last SYN (monotonic ns)
 */
struct pxl_syn_dest {
	uint32_t addr;
	uint16_t port;
	uint32_t syns;
	uint32_t synacks;
	uint32_t rsts;
	uint64_t first_ns;
	uint64_t last_ns;
};

struct pxl_syn_watch;

struct pxl_syn_watch *pxl_syn_watch_new(void);
void pxl_syn_watch_frame(struct pxl_syn_watch *w, uint64_t t_ns, const uint8_t *frame, size_t len);
size_t pxl_syn_watch_results(const struct pxl_syn_watch *w, struct pxl_syn_dest *out, size_t max);
uint64_t pxl_syn_watch_untracked(const struct pxl_syn_watch *w);
const char *pxl_syn_dest_verdict(const struct pxl_syn_dest *d);
void pxl_syn_watch_free(struct pxl_syn_watch *w);

#endif /* PXL_SYN_WATCH_H */
