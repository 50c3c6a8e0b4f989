/* segment.h - the in-process Ethernet switch: ports, taps, UDP services, pcap */
#ifndef PXL_SEGMENT_H
#define PXL_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "net/fault.h"
#include "net/packet.h"
#include "net/udp_host.h"
#include "net/transport.h"

struct pxl_segment;
struct pxl_loop;

/** PXL_PORT_SERVICES - the pseudo-port that pxelab's UDP services and ARP answers enter by */
#define PXL_PORT_SERVICES 0
#define PXL_SEGMENT_MAX_PORTS 16
/** PXL_SEG_RX, PXL_SEG_TX - fault direction: frames delivered to a port, frames it sends */
#define PXL_SEG_RX 0
#define PXL_SEG_TX 1

/** pxl_port_deliver_fn - hand a frame to the device behind a port */
typedef void (*pxl_port_deliver_fn)(void *arg, const uint8_t *frame, size_t len);
/** pxl_tap_fn - observe every frame once: monotonic time, ingress port, bytes */
typedef void (*pxl_tap_fn)(void *arg, uint64_t t_ns, int port, const uint8_t *frame, size_t len);

/**
 * struct pxl_segment_stats - counters of a segment
 * @frames, @bytes:    frames and bytes that entered the switch
 * @to_services:       UDP datagrams handed to pxelab's services
 * @malformed:         frames the decoder rejected (forwarded at L2, never
 *                     handed to a service)
 * @dropped:           frames a port could not take
 * @reasons, @counts:  malformed reasons (static strings) and their counts
 * @nreasons:          entries used
 */
struct pxl_segment_stats {
	uint64_t frames;
	uint64_t bytes;
	uint64_t to_services;
	uint64_t malformed;
	uint64_t dropped;
	const char *reasons[16];
	uint64_t counts[16];
	int nreasons;
};

/* PXL_SEGMENT_MAX_UDP - UDP routes the segment holds: services' ports plus
 * every transfer port they open (one per TFTP transfer); past it,
 * pxl_udp_transport.open_port() says -ENOSPC */
#define PXL_SEGMENT_MAX_UDP 8192

struct pxl_segment *pxl_segment_new(void);
void pxl_segment_free(struct pxl_segment *seg);
int pxl_segment_open_pcap(struct pxl_segment *seg, const char *path, uint32_t snaplen);
int pxl_segment_flush(struct pxl_segment *seg);
int pxl_segment_add_port(struct pxl_segment *seg, const char *name, pxl_port_deliver_fn deliver, void *arg);
void pxl_segment_del_port(struct pxl_segment *seg, int port);
const char *pxl_segment_port_name(const struct pxl_segment *seg, int port);
int pxl_segment_add_tap(struct pxl_segment *seg, pxl_tap_fn tap, void *arg);
void pxl_segment_del_tap(struct pxl_segment *seg, pxl_tap_fn tap, void *arg);
void pxl_segment_input(struct pxl_segment *seg, int port, const uint8_t *frame, size_t len);
int pxl_segment_own_address(struct pxl_segment *seg, uint32_t addr, const uint8_t mac[PXL_ETH_ALEN], int answer_arp);
int pxl_segment_udp_attach(struct pxl_segment *seg, uint32_t addr, uint16_t port,
			   pxl_udp_input_fn input, void *arg, struct pxl_udp_transport *tr);
void pxl_segment_get_stats(const struct pxl_segment *seg, struct pxl_segment_stats *st);
void pxl_segment_mac_for(uint32_t addr, uint8_t mac[PXL_ETH_ALEN]);

/**
 * struct pxl_seg_fault_info - one fault of the segment, for reports
 * @port: port name ("pc1")
 * @dir:  PXL_SEG_RX or PXL_SEG_TX
 * @spec: its settings
 * @st:   what it did
 */
struct pxl_seg_fault_info {
	char port[32];
	int dir;
	struct pxl_fault_spec spec;
	struct pxl_fault_stats st;
};

/**
 * struct pxl_seg_ip6 - the segment's IPv6 hook (net/lan6.c fills it)
 * @input: a frame with EtherType IPv6 from a port (not the services
 *         pseudo-port); returns 1 if taken (a unicast frame then stops)
 * @owns:  whether an IPv4 service's destination address is one of the
 *         hook's handles (an IPv6 peer as IPv4 services see it)
 * @send:  send an IPv4 service's datagram to such a handle; 0 or -errno
 * @arg:   first argument of each
 */
struct pxl_seg_ip6 {
	int (*input)(void *arg, const uint8_t *frame, size_t len);
	int (*owns)(void *arg, uint32_t addr);
	int (*send)(void *arg, const struct pxl_dgram *dg);
	void *arg;
};

void pxl_segment_set_ip6(struct pxl_segment *seg, const struct pxl_seg_ip6 *hook);
int pxl_segment_udp_deliver(struct pxl_segment *seg, const struct pxl_dgram *dg);
void pxl_segment_set_loop(struct pxl_segment *seg, struct pxl_loop *loop);
int pxl_segment_set_fault(struct pxl_segment *seg, int port, int dir, const struct pxl_fault_spec *spec);
size_t pxl_segment_faults(const struct pxl_segment *seg, struct pxl_seg_fault_info *out, size_t max);

#endif /* PXL_SEGMENT_H */
