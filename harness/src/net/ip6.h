/* ip6.h - IPv6 for the LAN and the wire observer: the one bounds-checked decoder (IPv6, extension headers, UDP, ICMPv6) and builders
 *
 * Decoding never copies: struct pxl_ip6 points into the caller's buffer.
 * pxl_ip6_decode_l3() decodes the fixed header, walks the extension
 * headers (hop-by-hop, routing, fragment, destination options; MLD
 * reports carry a hop-by-hop header), then the UDP or ICMPv6 header; TCP
 * is left at @l4 for the caller (the wire observer's follower).  A
 * fragment is marked, its upper layer not decoded.  pxl_ip6_decode() is
 * the same after an Ethernet header.  Checksums are verified by
 * pxl_ip6_l4_csum_ok().  Used by net/lan6.c and wire/wire_ip6.c.
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
 * @next:              the upper-layer protocol (after the extension headers)
 * @hop_limit:         hop limit
 * @frag:              a fragment (offset or more to come): no upper-layer decode
 * @l4, @l4_len:       the upper-layer bytes (bounded by the payload length)
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
	int frag;
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

int pxl_ip6_decode_l3(const uint8_t *l3, size_t len, struct pxl_ip6 *v, const char **why);
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
