/* storm_port.h - N synthetic clients on one segment port, as raw frames, one timer
 *
 * The port joins the same segment QEMU clients join (pxl_segment_add_port),
 * so its frames meet the same switch, services, libslirp and wire observer.
 * Clients power on by the arrival plan; frames are handed to the client
 * whose MAC they are for (broadcast DHCP replies: the chaddr; broadcast
 * ARP: the target address).
 */
#ifndef PXL_STORM_PORT_H
#define PXL_STORM_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "storm/sclient.h"

struct pxl_loop;
struct pxl_segment;
struct pxl_storm_port;

/**
 * struct pxl_storm_config - how many clients and when they power on
 * @clients:   N
 * @spread_ns: arrivals uniformly random over this span (0: all at once)
 * @client:    what the clients share (seed, fast)
 * @tcp_socket: a new non-blocking TCP socket for a client's iSCSI
 *             connection (Return: fd or -errno); NULL: no TCP stack, the
 *             iSCSI stages fail saying so
 * @tcp_ctx:   its argument
 */
struct pxl_storm_config {
	unsigned clients;
	uint64_t spread_ns;
	struct scl_config client;
	int (*tcp_socket)(void *ctx);
	void *tcp_ctx;
};

struct pxl_storm_port *pxl_storm_port_new(struct pxl_loop *loop, struct pxl_segment *seg,
					  const struct pxl_storm_config *cfg, char *err, size_t errlen);
int pxl_storm_port_finished(const struct pxl_storm_port *sp);
size_t pxl_storm_port_clients(const struct pxl_storm_port *sp, const struct scl_client **out);
uint64_t pxl_storm_port_t0(const struct pxl_storm_port *sp);
unsigned pxl_storm_port_tcp_peak(const struct pxl_storm_port *sp);
void pxl_storm_port_free(struct pxl_storm_port *sp);

#endif /* PXL_STORM_PORT_H */
