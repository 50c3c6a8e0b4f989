/* ip6.h - IPv6 frames pxelab's LAN answers: a bounds-checked decoder (IPv6, UDP, ICMPv6) and builders
 *
 * Decoding never copies: struct pxl_ip6 points into the caller's buffer.
 * Only what the LAN's IPv6 services need is decoded: the fixed IPv6
 * header, then UDP or ICMPv6 directly after it (a frame with extension
 * headers is left undecoded at L4, not refused: MLD reports carry a
 * hop-by-hop header and are simply not for pxelab).  Checksums are
 * verified by pxl_ip6_l4_csum_ok().
 */
#ifndef PXL_IP6_H
#define PXL_IP6_H

#include <stddef.h>
#include <stdint.h>

#include "net/packet.h"

#define PXL_IP6_HLEN 40
#define PXL_IPPROTO_ICMPV6 58
#define PXL_IP6_MTU 1500

/* ICMPv6 types (RFC 4443, RFC 4861) */
#define PXL_ICMP6_RS 133
#define PXL_ICMP6_RA 134
#define PXL_ICMP6_NS 135
#define PXL_ICMP6_NA 136

/**
 * struct pxl_ip6 - a decoded view of one Ethernet/IPv6 frame
 * @dst_mac, @src_mac: link addresses (point into the frame)
 * @src, @dst:         IPv6 addresses (point into the frame)
 * @next:              next header of the fixed header
 * @hop_limit:         hop limit
 * @l4, @l4_len:       the payload (bounded by the payload length)
 * @is_udp:            @sport, @dport, @payload are a UDP datagram's
 * @is_icmp:           @icmp_type, @icmp_code, @payload (after the 4-byte
 *                     ICMPv6 header) are an ICMPv6 message's
 */
struct pxl_ip6 {
	const uint8_t *dst_mac;
	const uint8_t *src_mac;
	const uint8_t *src;
	const uint8_t *dst;
	uint8_t next;
	uint8_t hop_limit;
	const uint8_t *l4;
	size_t l4_len;
	int is_udp;
	int is_icmp;
	uint16_t sport;
	uint16_t dport;
	uint8_t icmp_type;
	uint8_t icmp_code;
	const uint8_t *payload;
	size_t payload_len;
};

int pxl_ip6_decode(const uint8_t *buf, size_t len, struct pxl_ip6 *v, const char **why);
int pxl_ip6_l4_csum_ok(const struct pxl_ip6 *v);
uint32_t pxl_ip6_pseudo_sum(const uint8_t *src, const uint8_t *dst, uint8_t next, size_t len);

/**
 * struct pxl_ip6_spec - addresses of a frame pxl_ip6_build() makes
 * @src_mac, @dst_mac: link addresses
 * @src, @dst:         IPv6 addresses
 * @hop_limit:         hop limit (0 means 64)
 */
struct pxl_ip6_spec {
	uint8_t src_mac[PXL_ETH_ALEN];
	uint8_t dst_mac[PXL_ETH_ALEN];
	uint8_t src[16];
	uint8_t dst[16];
	uint8_t hop_limit;
};

size_t pxl_ip6_build_udp(uint8_t *buf, size_t cap, const struct pxl_ip6_spec *spec,
			 uint16_t sport, uint16_t dport, const void *payload, size_t len);
size_t pxl_ip6_build_icmp(uint8_t *buf, size_t cap, const struct pxl_ip6_spec *spec,
			  const void *msg, size_t len);

void pxl_ip6_link_local(const uint8_t mac[PXL_ETH_ALEN], uint8_t out[16]);
void pxl_ip6_multicast_mac(const uint8_t addr[16], uint8_t mac[PXL_ETH_ALEN]);
int pxl_ip6_is_multicast(const uint8_t addr[16]);

#endif /* PXL_IP6_H */
