/* synack_repeat.h - answer a guest's retransmitted SYN with the server's SYN-ACK again, as Linux does
 *
 * libslirp terminates the guest's TCP in pxelab.  When its SYN-ACK is lost
 * on the way to the guest, it answers none of the guest's retransmitted
 * SYNs and waits for its own retransmission timer (5 s and more); the
 * guest's timer backs off meanwhile.  A Linux server (where tgt or LIO run
 * for real) answers each retransmitted SYN of a half-open connection with
 * its SYN-ACK at once.  This table gives the segment that behaviour: it
 * keeps the latest SYN-ACK the server side sent per connection, and
 * hands it back when the guest retransmits the SYN it acknowledged, until
 * the handshake completes or the connection is reset.
 *
 * Frames in, a frame to resend out; no knowledge of libslirp or the segment.
 */
#ifndef PXL_SYNACK_REPEAT_H
#define PXL_SYNACK_REPEAT_H

#include <stddef.h>
#include <stdint.h>

/** PXL_SYNACK_REPEAT_MAX - half-open connections remembered (the oldest is replaced) */
#define PXL_SYNACK_REPEAT_MAX 16

/** PXL_SYNACK_FRAME_MAX - a SYN-ACK is headers and options only; larger frames are not kept */
#define PXL_SYNACK_FRAME_MAX 256

/** PXL_SYNACK_REPEAT_TTL_NS - a remembered SYN-ACK is forgotten after this long (ns) */
#define PXL_SYNACK_REPEAT_TTL_NS (75ULL * 1000000000ULL)

struct pxl_synack_repeat;

struct pxl_synack_repeat *pxl_synack_repeat_new(void);
void pxl_synack_repeat_from_server(struct pxl_synack_repeat *r, uint64_t now_ns, const uint8_t *frame,
				   size_t len);
const uint8_t *pxl_synack_repeat_from_guest(struct pxl_synack_repeat *r, uint64_t now_ns, const uint8_t *frame,
					    size_t len, size_t *out_len);
uint64_t pxl_synack_repeat_count(const struct pxl_synack_repeat *r);
void pxl_synack_repeat_free(struct pxl_synack_repeat *r);

#endif /* PXL_SYNACK_REPEAT_H */
