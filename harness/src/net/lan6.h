/* lan6.h - pxelab's IPv6 presence on the segment: router advertisements, neighbour answers, UDP to its services
 *
 * One struct pxl_lan6 per run with an IPv6 prefix.  It joins the segment
 * through pxl_segment_set_ip6() and then, for every IPv6 frame a port
 * sends (before libslirp sees it):
 *  - answers a router solicitation at once, and sends its own router
 *    advertisement every @ra_interval_ns (M/O/A flags, prefix, lifetime);
 *  - answers a neighbour solicitation for its global or link-local
 *    address (solicited, override, router flags);
 *  - hands UDP to a port attached with pxl_lan6_udp_attach() (DHCPv6, 547:
 *    to ff02::1:2 or to its addresses) to that service;
 *  - hands UDP to its global address on any other port to the segment's
 *    IPv4 UDP service on (@alias4, port) when there is one: TFTP on IPv6
 *    runs the IPv4 TFTP service's state machine unchanged.  The IPv6 peer
 *    then appears to that service as a handle address in 240.6.0.0/16
 *    (class E, never on a LAN), and the service's datagrams to a handle
 *    leave as IPv6 from the global address.
 * Multicast frames still go on to every port; unicast ones it took do not.
 */
#ifndef PXL_LAN6_H
#define PXL_LAN6_H

#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"
#include "net/ip6.h"
#include "net/segment.h"

#define PXL_LAN6_HANDLE_NET 0xf0060000u /* 240.6.0.0/16: IPv6 peers as the IPv4 services see them */
#define PXL_LAN6_MAX_PEERS 1024
#define PXL_LAN6_MAX_UDP 4

/**
 * struct pxl_lan6_config - pxelab's IPv6 side of the LAN
 * @prefix:          the /64 prefix advertised
 * @addr:            pxelab's global service address (in @prefix)
 * @mac:             the link address it answers with
 * @alias4:          IPv4 address whose UDP services also answer at @addr
 *                   (0: none)
 * @managed, @other: the RA's M and O flags
 * @autoconf:        the prefix's A flag (SLAAC)
 * @ra_off:          send no router advertisements
 * @router_lifetime: seconds (0: not a default router)
 * @ra_interval_ns:  unsolicited advertisements every this long (0: 10 s)
 */
struct pxl_lan6_config {
	uint8_t prefix[16];
	uint8_t addr[16];
	uint8_t mac[PXL_ETH_ALEN];
	uint32_t alias4;
	int managed;
	int other;
	int autoconf;
	int ra_off;
	uint32_t router_lifetime;
	uint64_t ra_interval_ns;
};

/**
 * struct pxl_dgram6 - one UDP datagram over IPv6, in or out of a service
 * @src, @dst:     addresses (@src all zero on output: the link-local one)
 * @sport, @dport: ports
 * @data, @len:    payload
 * @mac:           on input the sender's link address; on output the
 *                 destination's (ignored for a multicast @dst)
 */
struct pxl_dgram6 {
	uint8_t src[16];
	uint8_t dst[16];
	uint16_t sport;
	uint16_t dport;
	const uint8_t *data;
	size_t len;
	uint8_t mac[PXL_ETH_ALEN];
};

/** pxl_udp6_input_fn - a datagram arrived for an attached port */
typedef void (*pxl_udp6_input_fn)(void *arg, const struct pxl_dgram6 *dg);

/**
 * struct pxl_lan6_stats - what the IPv6 side did
 * @ra_sent:      router advertisements sent (periodic and solicited)
 * @rs_seen:      router solicitations answered
 * @na_sent:      neighbour advertisements sent
 * @to_services:  UDP datagrams handed to services (own or aliased)
 * @malformed:    IPv6 frames refused by the decoder or a checksum
 */
struct pxl_lan6_stats {
	uint64_t ra_sent;
	uint64_t rs_seen;
	uint64_t na_sent;
	uint64_t to_services;
	uint64_t malformed;
};

struct pxl_lan6;

struct pxl_lan6 *pxl_lan6_new(struct pxl_loop *loop, struct pxl_segment *seg,
			      const struct pxl_lan6_config *cfg);
int pxl_lan6_udp_attach(struct pxl_lan6 *l, uint16_t port, pxl_udp6_input_fn input, void *arg);
int pxl_lan6_send(struct pxl_lan6 *l, const struct pxl_dgram6 *dg);
void pxl_lan6_link_local(const struct pxl_lan6 *l, uint8_t out[16]);
int pxl_lan6_peer_addr(const struct pxl_lan6 *l, uint32_t handle, uint8_t out[16]);
int pxl_lan6_input(struct pxl_lan6 *l, const uint8_t *frame, size_t len);
void pxl_lan6_get_stats(const struct pxl_lan6 *l, struct pxl_lan6_stats *st);
void pxl_lan6_free(struct pxl_lan6 *l);

#endif /* PXL_LAN6_H */
