/* tap_port.h - a segment port backed by a TAP fd (the other end lives in a private network namespace) */
#ifndef PXL_TAP_PORT_H
#define PXL_TAP_PORT_H

#include <stdint.h>

#include "core/loop.h"
#include "net/segment.h"

/**
 * struct pxl_tap_stats - what crossed the TAP
 * @rx_frames: frames read from the TAP (sent by the namespace)
 * @tx_frames: frames written to the TAP (delivered to the namespace)
 * @tx_dropped: frames the TAP could not take (queue full, too big)
 */
struct pxl_tap_stats {
	uint64_t rx_frames;
	uint64_t tx_frames;
	uint64_t tx_dropped;
};

struct pxl_tap_port;

struct pxl_tap_port *pxl_tap_port_new(struct pxl_loop *loop, struct pxl_segment *seg, int fd,
				      const char *name, int *err);
void pxl_tap_port_stats(const struct pxl_tap_port *t, struct pxl_tap_stats *st);
void pxl_tap_port_free(struct pxl_tap_port *t);

#endif /* PXL_TAP_PORT_H */
