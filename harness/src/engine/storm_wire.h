/* storm_wire.h - what a storm's servers did on the wire, for the first failures' diagnosis */
#ifndef PXL_ENGINE_STORM_WIRE_H
#define PXL_ENGINE_STORM_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "net/packet.h"

/**
 * struct pxl_storm_wire - facts from every frame of a storm's LAN
 * @pool_start, @pool_end: the scenario's DHCP pool (host order; 0: none)
 * @probed:     per pool address: 1 once a non-client asked for it (ARP request
 *              or ICMP echo) before an OFFER or ACK gave it out (a DHCP server's
 *              address check), 2 once one did
 * @initiator:  the clients' iSCSI source address (host order; 0: none)
 * @discovers, @offers: DHCP DISCOVERs from the clients, OFFERs to them
 * @probes:     distinct pool addresses probed; @arp_probes, @echo_probes the frames
 * @probe_src, @probe_first, @probe_t: the first probe: who asked, for what, when (ns after @t0)
 * @rsts:       TCP resets to the initiators
 * @rst_src, @rst_sport, @rst_mac, @rst_t: the first one's sender and time
 * @t0:         the storm's start (monotonic ns)
 * @udp_drops:  UDP datagrams the external servers' namespace dropped, receive
 *              buffers full (its Udp RcvbufErrors; @has_udp_drops: known)
 */
struct pxl_storm_wire {
	uint32_t pool_start, pool_end;
	uint8_t *probed;
	uint32_t initiator;
	unsigned long discovers, offers;
	unsigned long probes, arp_probes, echo_probes;
	uint32_t probe_src, probe_first;
	uint64_t probe_t;
	unsigned long rsts;
	uint32_t rst_src;
	uint16_t rst_sport;
	uint8_t rst_mac[PXL_ETH_ALEN];
	uint64_t rst_t;
	uint64_t t0;
	unsigned long udp_drops;
	int has_udp_drops;
};

int pxl_storm_wire_init(struct pxl_storm_wire *w, uint32_t pool_start, uint32_t pool_end, uint64_t t0);
void pxl_storm_wire_free(struct pxl_storm_wire *w);
void pxl_storm_wire_tap(void *arg, uint64_t t_ns, int port, const uint8_t *frame, size_t len);
void pxl_storm_wire_frame(struct pxl_storm_wire *w, uint64_t t_ns, const uint8_t *frame, size_t len);
size_t pxl_storm_wire_dhcp_words(const struct pxl_storm_wire *w, const char *server, char *buf, size_t len);
size_t pxl_storm_wire_udp_words(const struct pxl_storm_wire *w, char *buf, size_t len);
size_t pxl_storm_wire_iscsi_words(const struct pxl_storm_wire *w, const char *server, char *buf, size_t len);

#endif /* PXL_ENGINE_STORM_WIRE_H */
